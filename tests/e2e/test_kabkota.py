"""A brief for every pemda: kab/kota briefs by code, name or alias; ambiguous names stop;
a non-default year never overwrites the default brief."""

from __future__ import annotations

import html as html_module
import json
import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest
from cdp import check_deck, chromium_path
from test_report import make_report

from conftest import FIXTURE_RAW, ROOT
from helpers.model import synthetic
from helpers.reference.texts import t

KOBAR = "kalimantan-tengah/kabupaten-kotawaringin-barat"


def make_region(tmp_path, region, *extra):
    return make_report(tmp_path, region, *extra)  # PROVINCE= is REGION's alias


@pytest.fixture(scope="module")
def kobar(built):
    brief = built("Kobar", KOBAR)
    return brief.tmp, brief.folder


@pytest.mark.e2e
def test_kabkota_brief_by_alias_and_code_is_the_same(kobar, tmp_path):
    _, folder = kobar
    sidecar = json.loads((folder / "brief.json").read_text(encoding="utf-8"))
    assert sidecar["provenance"]["region_code"] == "6201"
    assert sidecar["provenance"]["province_code"] == "62"
    # its own scores, its position among its province's governments, no synthetic numbers
    spi = sidecar["table"]["rows"][0]["figures"][0]
    assert (spi["indicator_id"], spi["value"], spi["year"]) == ("spi", 76.89, 2025)
    assert sidecar["cards"][1]["figure"]["region_code"] == "6201"
    assert sidecar["sector_model"] is None and sidecar["what_if"] == []
    html = (folder / "brief.html").read_text(encoding="utf-8")
    assert "DATA SINTETIS" not in html.split('data-kind="divider"')[0]
    assert 'data-kind="map"' in html  # the province map with the government outlined
    text = html_module.unescape(html)
    assert t("sector_model_regency_where", "id") in text  # no pointer to an appendix demo
    # "6201" names the same government: preflight resolves both to one code, and the content
    # is a function of the code (tests/unit/test_content.py), so no second build is needed
    from helpers.cli.preflight import resolve_province

    assert resolve_province("6201").code == resolve_province("Kobar").code == "6201"


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
    assert older["reference_year"] == 2023 and older["provenance"]["reference_year"] == 2023


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


@pytest.mark.e2e
def test_kabkota_sector_estimates_from_real_microdata(tmp_path):
    """With an analyst's SPAK file, a kab/kota gets its sector rates with 90 % intervals,
    only where it has respondents; the synthetic file never gives a kab/kota a number."""
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURE_RAW, raw)
    micro = synthetic.generate_spak(seed=11).drop(columns=["is_synthetic"])  # "real" layout
    for column in micro.columns:
        if isinstance(micro[column].dtype, pd.CategoricalDtype):
            micro[column] = micro[column].astype(str)
    (raw / "microdata").mkdir()
    micro.to_csv(raw / "microdata" / "spak_2024.csv", index=False)
    env = {**os.environ, "IPAK_RAW_DIR": str(raw), "IPAK_PROCESSED_DIR": str(tmp_path / "p"),
           "IPAK_REPORTS_DIR": str(tmp_path / "reports")}  # fmt: skip
    for code in ("6201", "6202"):  # Kobar has respondents in this file, Kotim none
        result = subprocess.run(
            [sys.executable, "-m", "helpers.cli.report", "--region", code],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-3000:]
    folder = tmp_path / "reports" / KOBAR
    sidecar = json.loads((folder / "brief.json").read_text(encoding="utf-8"))
    rows = {row["sector"]: row for row in sidecar["sector_model"]["rows"]}
    assert sidecar["real_microdata"] is True
    users = micro[micro["regency_code"].astype(str) == "6201"]
    for sector, row in rows.items():
        assert row["n_users"] == int(users[f"{sector}_used"].sum())
        if row["shown"]:
            assert row["method"] == "EBLUP"
            assert row["ci_low_pct"] <= row["rate_pct"] <= row["ci_high_pct"]
        else:
            assert row["rate_pct"] is None and row["reason"] in ("no_respondents", "suppressed")
    assert sum(row["shown"] for row in rows.values()) >= 3
    html = (folder / "brief.html").read_text(encoding="utf-8")
    assert 'data-kind="sector-model"' in html and "DATA SINTETIS" not in html
    other = json.loads(
        (tmp_path / "reports" / "kalimantan-tengah" / "kabupaten-kotawaringin-timur" / "brief.json")
        .read_text(encoding="utf-8")
    )  # fmt: skip
    assert other["sector_model"] is None  # no respondents: one line on the "not available" slide
    assert {"part": "sector_model", "indicator_id": None, "reason": "no_respondents",
            "publisher": "BPS"} in other["empty"]  # fmt: skip
    if chromium_path():
        for slide in check_deck(chromium_path(), folder / "brief.html", None, 1280, 720):
            assert not (slide["v_overflow"] or slide["h_overflow"] or slide["outside"]), slide


@pytest.mark.e2e
def test_administrative_city_brief_says_not_applicable(tmp_path):
    result = make_region(tmp_path, "3171")
    assert result.returncode == 0, result.stderr[-3000:]
    folder = tmp_path / "reports" / "dki-jakarta" / "kota-administrasi-jakarta-selatan"
    sidecar = json.loads((folder / "brief.json").read_text(encoding="utf-8"))
    for card in sidecar["cards"][1:]:
        assert card["figure"]["status"] == "not_applicable"
    for row in sidecar["table"]["rows"]:
        assert row["figures"][0]["status"] == "not_applicable"
    assert sidecar["cards"][0]["figure"]["value"] is not None  # national context stays
    text = html_module.unescape((folder / "brief.html").read_text(encoding="utf-8"))
    government, province = "Kota Administrasi Jakarta Selatan", "DKI Jakarta"
    assert (
        t("opening_message_administrative", "id", government=government, province=province) in text
    )
    assert t("administrative_note", "id") in text
    assert t("sector_message_no_units_administrative", "id", government=government,
             province=province) in text  # fmt: skip
    assert 'data-kind="map"' not in text  # no position among governments it is not one of
    assert "peraturan.bpk.go.id/Details/39968" in text  # the legal basis is cited, as a source
