"""End to end: `make report` builds an offline brief; bad provinces stop before any notebook."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest

from conftest import ROOT


def make_report(tmp_path, province, *extra, reports=None):
    env = {
        **os.environ,
        "IPAK_REPORTS_DIR": str(reports or tmp_path / "reports"),
        "IPAK_PROCESSED_DIR": str(tmp_path / "processed"),
    }
    env.pop("MAKEFLAGS", None)
    return subprocess.run(
        ["make", "--no-print-directory", "report", f"PROVINCE={province}", *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def stable(sidecar: dict) -> dict:
    sidecar = json.loads(json.dumps(sidecar))
    for key in ("generated_at", "data_built_at", "data_built_at_local"):
        sidecar["provenance"].pop(key, None)
    return sidecar


@pytest.fixture(scope="module")
def kalteng(built):
    brief = built("Kalteng", "kalimantan-tengah")
    return brief.tmp, brief.folder


@pytest.mark.e2e
def test_kalteng_brief_is_clean_and_names_the_province(kalteng):
    _, folder = kalteng
    html = (folder / "brief.html").read_text(encoding="utf-8")
    assert "Kalimantan Tengah" in html
    assert "Traceback" not in html and "Error" not in re.sub(r"<[^>]+>", " ", html).split()
    assert "brief.open_brief" not in html and "import warnings" not in html  # no code
    assert not re.search(r'class="[^"]*(jp-InputPrompt|jp-InputArea)', html)  # no input or prompts
    assert "In&nbsp;[" not in html
    assert not re.search(r"(src|href)\s*=\s*[\"']https?://", html)  # nothing loaded from the web
    assert "require.js" not in html and "mathjax" not in html.lower()
    assert "IPAK hanya sah untuk tingkat nasional" in html  # the national-only caveat


@pytest.mark.e2e
def test_kalteng_sidecar_has_the_numbers_shown(kalteng):
    _, folder = kalteng
    sidecar = json.loads((folder / "brief.json").read_text())
    assert sidecar["schema"] == "ipak-brief-content/2"
    assert sidecar["reference_year"] == 2025  # the latest published SPI
    ipak = sidecar["ipak"]
    assert (ipak["latest_year"], ipak["latest_value"], ipak["target"]) == (2024, 3.85, 4.14)
    assert ipak["gap_pts"] == pytest.approx(-0.29)
    assert sidecar["provenance"]["province_code"] == "62"
    pemprov = sidecar["table"]["rows"][0]
    assert pemprov["region_code"] == "62"
    assert (pemprov["figures"][0]["value"], pemprov["figures"][0]["year"]) == (68.0, 2025)
    spi = sidecar["trend_against_targets"]["trends"][0]
    assert [p["year"] for p in spi["own_series"]["points"]] == [2021, 2022, 2023, 2024, 2025]
    assert {p["year"]: p["value"] for p in spi["targets"]} == {
        2021: 70,
        2022: 72,
        2023: 74,
        2024: 74,
    }


@pytest.mark.parametrize("spelling", ["62", "Kalimantan Tengah", "Prov. Kalteng"])
def test_code_name_and_alias_name_the_same_government(spelling):
    # the content is a function of the government's code (tests/unit/test_content.py): one
    # resolved code means the same brief, without building it again
    from helpers.cli.preflight import resolve_province

    assert resolve_province(spelling).code == resolve_province("Kalteng").code == "62"


@pytest.mark.e2e
def test_unknown_province_fails_before_any_notebook_runs(tmp_path):
    result = make_report(tmp_path, "Atlantis")
    assert result.returncode != 0
    assert "Atlantis" in result.stderr
    assert (
        "maksud Anda" in result.stderr
        or "Mungkin" in result.stderr
        or "closest" in result.stderr.lower()
    )
    assert not (tmp_path / "reports").exists()


@pytest.mark.e2e
def test_ambiguous_name_lists_the_candidates(tmp_path):
    result = make_report(tmp_path, "Mura")
    assert result.returncode == 2
    assert (
        "6213 Kabupaten Murung Raya" in result.stderr
        and "1605 Kabupaten Musi Rawas" in result.stderr
    )
    assert not (tmp_path / "reports").exists()


def test_stale_workdir_of_a_killed_run_is_removed(tmp_path):
    import time

    from helpers.cli import report

    folder = tmp_path / "kalimantan-tengah"
    stale, fresh = folder / ".tmp-kalimantan-tengah-old", folder / ".tmp-kalimantan-tengah-new"
    stale.mkdir(parents=True)
    fresh.mkdir()
    old = time.time() - 3 * report.EXECUTION_TIMEOUT_S
    os.utime(stale, (old, old))
    report._remove_stale_workdirs(folder, "kalimantan-tengah")
    assert not stale.exists() and fresh.exists()  # a concurrent run's folder is left alone
