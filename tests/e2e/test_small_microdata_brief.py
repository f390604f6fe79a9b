"""`make report` with a valid but small SPAK file (too few areas for Fay–Herriot) builds the brief.

The sector slide then shows direct estimates and the plain note; a province without any
respondent in the file gets no number, not a crash.
"""

from __future__ import annotations

import html as html_module
import json
import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from conftest import FIXTURE_RAW, ROOT
from helpers.model import synthetic
from helpers.reference import regions
from helpers.reference.files import estimation_settings
from helpers.reference.texts import t


@pytest.fixture(scope="module")
def raw(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("small")
    shutil.copytree(FIXTURE_RAW, tmp / "raw")
    micro = synthetic.generate_spak(n=40, seed=3, n_regencies=1).drop(columns=["is_synthetic"])
    for column in micro.columns:
        if isinstance(micro[column].dtype, pd.CategoricalDtype):
            micro[column] = micro[column].astype(str)
    (tmp / "raw" / "microdata").mkdir(exist_ok=True)
    micro.to_csv(tmp / "raw" / "microdata" / "spak_small.csv", index=False)
    return tmp, sorted(set(micro["province_code"]))


@pytest.mark.e2e
@pytest.mark.parametrize("sampled", [True, False], ids=["province-in-file", "province-not-in-file"])
def test_small_file_brief_is_built_with_the_note(raw, sampled):
    tmp, codes = raw
    code = codes[0] if sampled else "11"
    env = {**os.environ, "IPAK_RAW_DIR": str(tmp / "raw"), "IPAK_PROCESSED_DIR": str(tmp / "p"),
           "IPAK_REPORTS_DIR": str(tmp / "reports")}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "helpers.cli.report", "--region", code],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    folder = tmp / "reports" / regions.get(code).slug
    sidecar = json.loads((folder / "brief.json").read_text(encoding="utf-8"))
    assert sidecar["provenance"]["province_code"] == code
    rows = sidecar["sector_model"]["rows"]
    assert len(rows) == 5 and {row["method"] for row in rows} == {"direct"}
    if not sampled:
        assert all(row["rate_pct"] is None for row in rows)
    html = html_module.unescape((folder / "brief.html").read_text(encoding="utf-8"))
    minimum = estimation_settings()["fay_herriot"]["min_areas"]
    assert t("exp_direct_fallback_note", "id", min_areas=minimum) in html
