"""The same SPAK microdata in BPS's questionnaire layout (SPSS) and in the project layout gives
the same brief numbers; with microdata present the sector estimates lead the sector part."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from conftest import FIXTURE_RAW, ROOT
from helpers.data.spak_layout import write_frame, write_questionnaire
from helpers.model.synthetic import generate_spak


def brief_with_microdata(tmp_path, name, write):
    raw = tmp_path / name / "raw"
    shutil.copytree(FIXTURE_RAW, raw)
    (raw / "microdata").mkdir()
    write(raw / "microdata")
    env = {
        **os.environ,
        "IPAK_RAW_DIR": str(raw),
        "IPAK_PROCESSED_DIR": str(tmp_path / name / "processed"),
        "IPAK_REPORTS_DIR": str(tmp_path / name / "reports"),
    }
    env.pop("MAKEFLAGS", None)
    result = subprocess.run(
        ["make", "--no-print-directory", "report", "REGION=62"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    folder = tmp_path / name / "reports" / "kalimantan-tengah"
    return json.loads((folder / "brief.json").read_text(encoding="utf-8")), folder


@pytest.mark.e2e
def test_questionnaire_layout_gives_the_same_brief_numbers(tmp_path):
    # An analyst's file (not named SYNTHETIC, so the brief treats it as the survey file it stands for).
    micro = generate_spak(n=6_000, seed=7).drop(columns=["is_synthetic"])
    project, _ = brief_with_microdata(
        tmp_path, "project", lambda d: write_frame(micro, d / "spak_2024.csv")
    )
    bps, folder = brief_with_microdata(
        tmp_path, "questionnaire", lambda d: write_questionnaire(micro, d / "spak_2024.sav")
    )
    assert project["sector_model"]["rows"] == bps["sector_model"]["rows"]
    assert project["real_microdata"] is True
    assert {r["sector"] for r in bps["sector_model"]["rows"]} >= {
        "perizinan",
        "dukcapil",
        "kesehatan",
        "pendidikan",
    }
    html = (folder / "brief.html").read_text(encoding="utf-8")
    # real microdata: the model slide is in the main part, before the appendix divider
    assert html.index('data-kind="sector-model"') < html.index('data-kind="divider"')
