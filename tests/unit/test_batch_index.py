"""The batch index (reports/index.html) and the batch options, without running a notebook."""

from __future__ import annotations

import dataclasses
import re

import pytest

from helpers.brief.content import build_content, to_json
from helpers.brief.content.schema import Figure
from helpers.brief.render.index import INDICATORS, headline_values
from helpers.cli import batch, preflight
from helpers.cli.report import output_paths
from helpers.reference import regions


def _write(root, code, text):
    paths = output_paths(regions.get(code), "id", root)
    paths.html.parent.mkdir(parents=True, exist_ok=True)
    paths.html.write_text("<html></html>")
    paths.sidecar.write_text(text)


def _with_grade(content, indicator_id, category):
    cards = tuple(
        dataclasses.replace(
            c,
            figure=Figure(
                indicator_id, c.figure.region_code, 2024, None, "published", category=category
            ),
        )  # fmt: skip
        if c.figure.indicator_id == indicator_id
        else c
        for c in content.cards
    )
    return dataclasses.replace(content, cards=cards)


@pytest.fixture
def root(tmp_path, processed_data):
    hostile = "<script>alert(1)</script>"
    kalteng = build_content("62", data=processed_data, microdata_is_synthetic=True)
    kobar = build_content("6201", data=processed_data, microdata_is_synthetic=True)
    _write(tmp_path, "62", to_json(kalteng))
    _write(tmp_path, "6201", to_json(_with_grade(kobar, "ombudsman", hostile)))
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
    assert "76,89" in kalteng and "Kobar" in kalteng  # searchable by alias
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


def test_headline_of_an_administrative_city_reads_not_applicable(processed_data):
    content = build_content("3171", data=processed_data, microdata_is_synthetic=True)
    cells = headline_values(content, "id")
    assert len(cells) == len(INDICATORS)
    assert [c["text"] for c in cells] == ["tidak berlaku"] * 3
    assert all(c["chip"] is None for c in cells)
    empty = dataclasses.replace(content, cards=())
    assert [c["text"] for c in headline_values(empty, "id")] == ["belum tersedia"] * 3


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
