"""What the rakor decides, end to end through `make report`: trend against each year's target,
SPI's respondent groups, the four offices, the action plan with SINCE, a malformed actions file."""

from __future__ import annotations

import html as html_module
import json
import os
import shutil
import subprocess

import pandas as pd
import pytest

from conftest import FIXTURE_RAW, ROOT

SERANG = "banten/kota-serang"
KOBAR = "kalimantan-tengah/kabupaten-kotawaringin-barat"
EXAMPLE = ROOT / "docs" / "templates" / "actions_example.csv"


def make(tmp_path, raw, *variables):
    env = {**os.environ, "IPAK_RAW_DIR": str(raw), "IPAK_PROCESSED_DIR": str(tmp_path / "processed"),
           "IPAK_REPORTS_DIR": str(tmp_path / "reports")}  # fmt: skip
    env.pop("MAKEFLAGS", None)
    return subprocess.run(["make", "--no-print-directory", "report", *variables], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=900)  # fmt: skip


@pytest.mark.e2e
def test_kota_serang_spi_by_year_against_targets_and_respondent_groups(built):
    brief = built("Kota Serang", SERANG)
    sidecar = brief.sidecar
    assert sidecar["reference_year"] == 2025
    spi = next(t for t in sidecar["trend_against_targets"]["trends"] if t["indicator_id"] == "spi")
    points = {p["year"]: p["value"] for p in spi["own_series"]["points"]}
    assert points == {2021: 66.24, 2022: 64.01, 2023: 70.24, 2024: 64.86, 2025: 70.44}
    assert {p["year"]: p["value"] for p in spi["targets"]} == {
        2021: 70,
        2022: 72,
        2023: 74,
        2024: 74,
    }
    assert spi["on_course"] == "off_course" and spi["on_course_year"] == 2024
    groups = {c["indicator_id"]: {p["year"]: p["value"] for p in c["own_series"]["points"]}
              for c in sidecar["respondents"]["components"]}  # fmt: skip
    assert (groups["spi_resp_internal"][2025], groups["spi_resp_eksternal"][2025],
            groups["spi_resp_eksper"][2025]) == (73.83, 86.0, 58.99)  # fmt: skip
    text = html_module.unescape(brief.html)
    assert 'data-kind="trend"' in brief.html and 'data-kind="respondents"' in brief.html
    assert "73,83" in text and "86,00" in text and "58,99" in text
    assert "di bawah target 74,00 dan tidak naik" in text
    # the same numbers in the workbook, by year
    sheets = pd.read_excel(brief.path("xlsx"), sheet_name=None)
    trend = next(frame for name, frame in sheets.items() if name.startswith("Tren"))
    numbers = {round(float(x), 2) for x in trend.select_dtypes("number").to_numpy().ravel()}
    assert numbers >= {66.24, 64.01, 70.24, 64.86, 70.44}


@pytest.mark.e2e
def test_kobar_offices_actions_and_since(tmp_path, built):
    default = built("Kobar", KOBAR)
    offices = default.sidecar["service_offices"]["offices"]
    assert [o["office"] for o in offices] == ["dpmptsp", "disdukcapil", "dinkes", "disdik"]
    text = html_module.unescape(default.html)
    for name in ("DPMPTSP", "Disdukcapil", "Dinkes", "Disdik"):
        assert name in text
    assert all(o["nothing_published"] == (not o["units"] and not o["figures"]) for o in offices)

    raw = tmp_path / "raw"
    shutil.copytree(FIXTURE_RAW, raw)
    (raw / "actions").mkdir()
    shutil.copy(EXAMPLE, raw / "actions" / "kobar.csv")
    result = make(tmp_path, raw, "REGION=Kobar", "SINCE=2024-07-01", "PDF=0")
    assert result.returncode == 0, result.stderr[-3000:]
    folder = tmp_path / "reports" / KOBAR
    sidecar = json.loads((folder / "brief.since-2024-07-01.json").read_text(encoding="utf-8"))
    plan = sidecar["action_plan"]
    filed = pd.read_csv(EXAMPLE, dtype=str)
    assert plan["since"] == "2024-07-01" and len(plan["actions"]) == int(
        (filed.region == "6201").sum()
    )
    assert plan["n_overdue"] >= 1 and plan["n_done_since"] == 1
    assert plan["recommendations"]  # suggestions from published sources, cited
    page = html_module.unescape(
        (folder / "brief.since-2024-07-01.html").read_text(encoding="utf-8")
    )
    assert 'data-kind="actions"' in page and "lewat tenggat" in page
    assert "sejak rakor 2024-07-01" in page
    assert "bukan komitmen pemda" in page
    assert (folder / "brief.since-2024-07-01.pptx").exists()
    assert not (tmp_path / "reports" / KOBAR / "brief.html").exists()  # SINCE never overwrites


@pytest.mark.e2e
def test_malformed_actions_file_stops_with_file_row_and_column(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(FIXTURE_RAW, raw)
    (raw / "actions").mkdir()
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("2023-07-12", "12/07/2023", 1)  # a date in another format
    (raw / "actions" / "kobar.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = make(tmp_path, raw, "REGION=Kobar", "PDF=0")
    assert result.returncode == 2, result.stderr[-3000:]
    assert "actions/kobar.csv" in result.stderr and "baris 3" in result.stderr
    assert "rakor_date" in result.stderr
    assert not (tmp_path / "reports").exists() or not any((tmp_path / "reports").rglob("*.html"))
