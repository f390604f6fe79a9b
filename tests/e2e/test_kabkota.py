"""A brief for every pemda: kab/kota briefs by code, name or alias; ambiguous names stop;
a non-default year never overwrites the default brief."""

from __future__ import annotations

import json

import pytest
from cdp import check_deck, chromium_path
from test_report import make_report

KOBAR = "kalimantan-tengah/kabupaten-kotawaringin-barat"


def make_region(tmp_path, region, *extra):
    return make_report(tmp_path, region, *extra)  # PROVINCE= is REGION's alias


@pytest.fixture(scope="module")
def kobar(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("kobar")
    result = make_region(tmp, "Kobar")
    assert result.returncode == 0, result.stderr[-3000:]
    return tmp, tmp / "reports" / KOBAR


@pytest.mark.e2e
def test_kabkota_brief_by_alias_and_code_is_the_same(kobar, tmp_path):
    _, folder = kobar
    sidecar = json.loads((folder / "brief.json").read_text(encoding="utf-8"))
    assert sidecar["provenance"]["region_code"] == "6201"
    assert sidecar["provenance"]["province_code"] == "62"
    # its own scores, its position among its province's governments, no synthetic numbers
    assert sidecar["government"]["spi"]["value"] == 72.18
    assert sidecar["gap_cards"]["spi"]["region_code"] == "6201"
    assert "sectors" not in sidecar and "what_if" not in sidecar
    assert sidecar["synthetic_sections"] == []
    html = (folder / "brief.html").read_text(encoding="utf-8")
    assert "DATA SINTETIS" not in html.split('data-kind="divider"')[0]
    assert 'data-kind="map"' in html  # the province map with the government outlined

    result = make_region(tmp_path, "6201")
    assert result.returncode == 0, result.stderr[-3000:]
    again = json.loads((tmp_path / "reports" / KOBAR / "brief.json").read_text(encoding="utf-8"))
    for record in (sidecar, again):
        for key in ("generated_at", "data_built_at", "data_built_at_local", "git_commit"):
            record["provenance"].pop(key, None)
    assert again == sidecar


@pytest.mark.e2e
def test_kota_serang_and_ambiguous_serang(tmp_path):
    result = make_region(tmp_path, "Kota Serang")
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "reports" / "banten" / "kota-serang" / "brief.html").exists()
    refused = make_region(tmp_path / "other", "Serang")
    assert refused.returncode == 2
    assert "3604 Kabupaten Serang" in refused.stderr and "3673 Kota Serang" in refused.stderr
    assert not (tmp_path / "other" / "reports").exists() or not any(
        (tmp_path / "other" / "reports").rglob("*.html")
    )


@pytest.mark.e2e
def test_non_default_year_goes_into_the_file_name(kobar):
    tmp, folder = kobar
    before = (folder / "brief.html").read_bytes()
    result = make_report(tmp, "Kobar", "YEAR=2023")
    assert result.returncode == 0, result.stderr[-3000:]
    assert (folder / "brief.2023.html").exists() and (folder / "brief.2023.json").exists()
    assert (folder / "brief.html").read_bytes() == before  # the default brief is untouched
    older = json.loads((folder / "brief.2023.json").read_text(encoding="utf-8"))
    assert older["provenance"]["year"] == 2023


@pytest.mark.e2e
@pytest.mark.browser
def test_kabkota_slides_fit(kobar):
    if chromium_path() is None:
        pytest.skip("Chromium not installed (Debian package 'chromium'); .ci/run installs it on CI")
    _, folder = kobar
    for width, height in ((1280, 720), (1024, 768)):
        for slide in check_deck(chromium_path(), folder / "brief.html", None, width, height):
            where = f"{width}×{height} slide {slide['number']} ({slide['kind']})"
            assert not (slide["v_overflow"] or slide["h_overflow"] or slide["off_screen"]), where
            assert not slide["outside"], f"{where}: {slide['outside']}"
            assert len(slide["message"].strip()) > 20, where
