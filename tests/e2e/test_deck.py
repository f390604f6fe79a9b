"""The deck survives the rakor room: every slide fits 1280×720 and 1024×768, opens with a
plain message, the regency map is drawn from the shipped boundary layer, and the PDF has one
page per slide. Real headless Chromium, network off (tests/e2e/cdp.py)."""

from __future__ import annotations

import json
import re

import pytest
from cdp import check_deck, chromium_path

# Kalteng (the reference case), DKI Jakarta (administrative cities), Papua Pegunungan
# (a new province with little data), Jawa Timur (38 kab/kota: long tables, wide maps).
PROVINCES = {
    "62": "kalimantan-tengah",
    "31": "dki-jakarta",
    "97": "papua-pegunungan",
    "35": "jawa-timur",
    "36": "banten",  # service-unit scores on the counters slide
    "12": "sumatera-utara",  # 33 kab/kota: crowded map, long tables
    "1274": "sumatera-utara/kota-tebing-tinggi",  # a Sumatera Utara kab/kota
    "1671": "sumatera-selatan/kota-palembang",  # the 2025 reference year (the default now)
}
VIEWPORTS = [(1280, 720), (1024, 768)]


@pytest.fixture(scope="module")
def decks(built, tmp_path_factory):
    if chromium_path() is None:
        pytest.skip("Chromium not installed (Debian package 'chromium'); .ci/run installs it on CI")
    tmp = tmp_path_factory.mktemp("decks")
    return {code: built(code, slug).folder for code, slug in PROVINCES.items()}, tmp


@pytest.mark.e2e
@pytest.mark.browser
@pytest.mark.parametrize("code", list(PROVINCES))
def test_every_slide_fits_and_opens_with_a_message(decks, code):
    folders, tmp = decks
    html = folders[code] / "brief.html"
    shots = tmp / "screenshots" / PROVINCES[code]
    shots.mkdir(parents=True, exist_ok=True)
    for width, height in VIEWPORTS:
        results = check_deck(chromium_path(), html, shots, width, height)
        assert len(results) >= 8
        for slide in results:
            where = f"{PROVINCES[code]} {width}×{height} slide {slide['number']} ({slide['kind']})"
            assert not slide["v_overflow"], f"{where}: vertical overflow"
            assert not slide["h_overflow"], f"{where}: horizontal scrollbar"
            assert not slide["off_screen"], f"{where}: larger than the screen"
            assert not slide["outside"], f"{where}: {slide['outside']} outside the slide"
            assert len(slide["message"].strip()) > 20, f"{where}: no opening message"


@pytest.mark.e2e
@pytest.mark.browser
@pytest.mark.parametrize("code", list(PROVINCES))
def test_map_from_the_shipped_layer_and_pdf_page_per_slide(decks, code):
    folders, _ = decks
    html = (folders[code] / "brief.html").read_text(encoding="utf-8")
    slides = len(re.findall(r"<section [^>]*data-slide", html))
    if code in ("62", "35", "36", "12", "1274", "1671"):  # with scores: the map is drawn
        assert 'data-kind="map"' in html, "no regency map on a fresh clone"
    else:  # DKI (kota administrasi) and Papua Pegunungan (no regency scores yet): one line each
        assert 'data-kind="empty"' in html
    pdf = (folders[code] / "brief.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == slides


@pytest.mark.e2e
def test_dki_administrative_cities_read_not_applicable(decks):
    folders, _ = decks
    sidecar = json.loads((folders["31"] / "brief.json").read_text(encoding="utf-8"))
    html = (folders["31"] / "brief.html").read_text(encoding="utf-8")
    assert "tidak berlaku" in html
    rows = {r["region_code"]: r["figures"][0] for r in sidecar["table"]["rows"]}  # SPI column
    for code in ("3171", "3172", "3173", "3174", "3175", "3101"):
        # not applicable, which is neither missing nor suppressed nor zero
        assert rows[code]["status"] == "not_applicable" and rows[code]["value"] is None
    # the Pemprov is a government: its SPI is missing in the frozen fixture, not "not applicable"
    assert rows["31"]["status"] == "missing"


@pytest.mark.e2e
def test_one_year_rule_everywhere(decks):
    folders, _ = decks
    sidecar = json.loads((folders["62"] / "brief.json").read_text(encoding="utf-8"))
    # The table and the charts show the same figure of each government, with its own year.
    table = {r["region_code"]: r["figures"] for r in sidecar["table"]["rows"]}
    charts = {
        r["indicator_id"]: {e["region_code"]: e for e in r["entries"]} for r in sidecar["rankings"]
    }
    for code, figures in table.items():
        if code in charts["spi"]:
            assert figures[0]["value"] == charts["spi"][code]["figure"]["value"]
            assert figures[0]["year"] == charts["spi"][code]["figure"]["year"]
    # Barito Utara's Ombudsman zone is from 2019: shown, marked old (> 2 years before 2024).
    ombudsman = sidecar["table"]["indicators"].index("ombudsman")
    assert table["6205"][ombudsman]["year"] == 2019 and table["6205"][ombudsman]["is_old"] is True
    assert charts["ombudsman"]["6205"]["figure"]["is_old"] is True
    assert charts["ombudsman"]["6205"]["group"] == "older"  # never ranked among 2024 grades
