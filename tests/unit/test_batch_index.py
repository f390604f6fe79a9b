"""The batch index (reports/index.html) and the batch options, without running a notebook."""

from __future__ import annotations

import json
import re

import pytest

from helpers.cli import batch, preflight
from helpers.cli.report import output_paths
from helpers.reference import regions


def _row(value, category=None, year=2024):
    return {"year": year, "value": value, "status": "published", "category": category}


def _write(root, code, sidecar):
    paths = output_paths(regions.get(code), "id", root)
    paths.html.parent.mkdir(parents=True, exist_ok=True)
    paths.html.write_text("<html></html>")
    paths.sidecar.write_text(json.dumps(sidecar))


@pytest.fixture
def root(tmp_path):
    hostile = "<script>alert(1)</script>"
    _write(tmp_path, "62", {"pemda": {"62": {"spi": _row(70.1), "ombudsman": _row(None, "A"),
                                             "mcp": _row(80.0)}}})  # fmt: skip
    _write(tmp_path, "6201", {"government": {"region_code": "6201", "spi": _row(72.18),
                                             "ombudsman": _row(None, hostile), "mcp": None}})  # fmt: skip
    return tmp_path


def test_index_groups_by_province_with_relative_links_and_offline_filters(root):
    outcomes = [batch.Outcome("63", "Kalimantan Selatan", "failed")]
    html = batch.write_index(root, "id", outcomes, level="province").read_text(encoding="utf-8")
    # Every province (level=province) plus the kab/kota that has a brief; header row + 38 + 1.
    assert html.count("<tr>") == 1 + 38
    assert html.count('<tr class="kabkota">') == 1
    kalteng = html[
        html.index('<tbody data-province="62">') : html.index(
            "</tbody>", html.index('data-province="62"')
        )
    ]
    assert kalteng.index("<td>62</td>") < kalteng.index("<td>6201</td>"), "Pemprov first"
    assert 'href="kalimantan-tengah/brief.html"' in kalteng
    assert 'href="kalimantan-tengah/kabupaten-kotawaringin-barat/brief.html"' in kalteng
    assert "72,18" in kalteng and "Kobar" in kalteng  # searchable by alias
    assert "GAGAL" in html[html.index('data-province="63"') :]
    # Data text is escaped; the only script is the inline filter; nothing is fetched.
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)" in html
    assert html.count("<script") == 1
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert 'id="index-q"' in html and 'id="index-status"' in html and 'id="index-indicator"' in html
    assert 'data-indicator="spi"' in html and "data-status=" in html


def test_index_level_all_lists_every_government(tmp_path):
    html = batch.write_index(tmp_path, "en", [], level="all").read_text(encoding="utf-8")
    assert html.count("<tr>") == 1 + 38
    assert html.count('<tr class="kabkota">') == 514
    assert "3171" in html  # DKI's administrative cities too: their brief says "not applicable"
    assert "Search a name or code" in html


def test_index_is_as_readable_as_the_briefs(tmp_path):
    import os

    umask = os.umask(0o022)
    try:
        index = batch.write_index(tmp_path, "id", [], level="province")
    finally:
        os.umask(umask)
    assert index.stat().st_mode & 0o777 == 0o644  # not the 0600 of a temporary file


def test_headline_of_an_administrative_city_reads_not_applicable():
    from helpers.brief.sections import NOT_APPLICABLE_RECORD, headline_values

    own = {"region_code": "3171", **{k: dict(NOT_APPLICABLE_RECORD) for k in batch.INDICATORS}}
    cells = headline_values({"government": own}, "3171", "id")
    assert [c["text"] for c in cells] == ["tidak berlaku"] * 3
    assert all(c["chip"] is None for c in cells)
    missing = headline_values({"government": {"region_code": "6201"}}, "6201", "id")
    assert [c["text"] for c in missing] == ["belum tersedia"] * 3  # missing is not "not applicable"


def test_levels():
    assert len(batch.governments("province")) == 38
    kabkota = batch.governments("kabkota")
    assert len(kabkota) == 514
    assert sum(not regions.is_autonomous(r.code) for r in kabkota) == 6  # DKI's administrative
    assert len(batch.governments("all")) == 552


@pytest.mark.parametrize("bad", ["desa", "provinsi;rm", "all\n"])
def test_bad_level_refused(bad):
    with pytest.raises(preflight.ParameterError):
        batch.check_level(bad)


def test_options():
    assert batch.check_level("") == "province" and batch.check_level("ALL") == "all"
    assert batch.check_timeout("") == 900 and batch.check_timeout("2.5") == 2.5
    assert batch.check_pdf("") is True and batch.check_pdf("0") is False
    for bad in ("0", "-3", "nan", "inf", "soon"):
        with pytest.raises(preflight.ParameterError):
            batch.check_timeout(bad)
    with pytest.raises(preflight.ParameterError):
        batch.check_pdf("yes")
