"""The pemda panel model on published data (helpers.model.panel; issue 20).

Simulated panels of the real shape (38 provinces, 552 governments, 5 years, province and
government effects, year effects, predictors published for ~10–13 % of government-years)
check recovery, exact exclusion counts and no imputation; a frozen sample of the published
figures (tests/fixtures/panel_values_sample.csv) pins the real-data fit. Interval coverage is
measured in bench/bench_panel.py (`make bench`), not here.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.model import panel
from helpers.reference import regions

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "panel_values_sample.csv"
FAST = {"n_boot": 199, "mixedlm": False}


@pytest.fixture(scope="module")
def sim():
    return panel.simulate_panel(seed=11)


@pytest.fixture(scope="module")
def published():
    return pd.read_csv(
        FIXTURE,
        dtype={"region_code": str, "sector": str, "unit_name": str},
        keep_default_na=False,
        na_values={"value": [""]},
    )


def test_recovers_known_effect_and_null(sim):
    effect = panel.fit_panel(sim.values, predictor="ombudsman", **FAST)
    assert effect.status == panel.OK
    assert effect.estimate_pts_per_pt == pytest.approx(sim.effects["ombudsman"], abs=0.05)
    assert effect.ci_low <= sim.effects["ombudsman"] <= effect.ci_high
    assert effect.estimate_pts_per_10 == pytest.approx(10 * effect.estimate_pts_per_pt)
    assert effect.method == "wild_cluster_bootstrap_province" and effect.ci_level == 0.90
    assert effect.n_provinces >= 20 and effect.years == (2021, 2022, 2023, 2024, 2025)
    null = panel.fit_panel(sim.values, predictor="mcp", **FAST)
    assert null.ci_low <= 0.0 <= null.ci_high


def _expected_frame(values: pd.DataFrame, predictor: str) -> pd.DataFrame:
    """Complete cases computed independently of the module."""
    ok = values[
        (values.status == "published")
        & values.value.notna()
        & values.region_code.map(regions.is_autonomous)
    ]
    y = ok[ok.indicator_id == "spi_resp_eksternal"].set_index(["region_code", "year"]).value
    x = ok[ok.indicator_id == predictor].set_index(["region_code", "year"]).value
    return pd.concat([y.rename("y"), x.rename("x")], axis=1).dropna()


def test_exclusion_counts_are_exact(sim):
    v = sim.values
    frame, exclusions = panel.panel_frame(v, "spi_resp_eksternal", ["ombudsman"])
    used = v[v.indicator_id.isin(["spi_resp_eksternal", "ombudsman"])]
    admin = ~used.region_code.map(regions.is_autonomous)
    assert exclusions["not_autonomous"] == {
        "n_rows": int(admin.sum()),
        "n_regions": used.region_code[admin].nunique(),
    }
    assert exclusions["not_autonomous"]["n_regions"] == 6  # DKI's kota/kab administrasi
    auto = used[~admin]
    grade_only = auto[(auto.indicator_id == "ombudsman") & auto.value.isna()]
    assert exclusions["no_score_ombudsman"]["n_rows"] == len(grade_only) > 0
    unpublished = auto[(auto.indicator_id == "spi_resp_eksternal") & (auto.status != "published")]
    assert exclusions["not_published_spi_resp_eksternal"]["n_rows"] == len(unpublished) > 0
    expected = _expected_frame(v, "ombudsman")
    assert len(frame) == len(expected)
    ok = auto[(auto.status == "published") & auto.value.notna()]

    def keys(indicator):
        part = ok[ok.indicator_id == indicator]
        return set(zip(part.region_code, part.year, strict=True))

    y_keys, x_keys = keys("spi_resp_eksternal"), keys("ombudsman")
    assert exclusions["no_ombudsman"]["n_rows"] == len(y_keys - x_keys)
    assert exclusions["no_outcome"]["n_rows"] == len(x_keys - y_keys)
    effect = panel.fit_panel(v, predictor="ombudsman", **FAST)
    assert effect.n_obs == len(expected)
    assert effect.n_regions == expected.index.get_level_values(0).nunique()
    assert effect.n_excluded == {r: e["n_rows"] for r, e in exclusions.items()}


def test_no_imputation(sim):
    v = sim.values
    frame, _ = panel.panel_frame(v, "spi_resp_eksternal", ["ombudsman", "mcp"])
    assert not frame[["spi_resp_eksternal", "ombudsman", "mcp"]].isna().any().any()
    keys = set(zip(frame.region_code, frame.year, strict=True))
    bad = v[
        (v.indicator_id.isin(["ombudsman", "mcp"])) & ((v.status != "published") | v.value.isna())
    ]
    assert bad.shape[0] > 0
    assert not keys & set(zip(bad.region_code, bad.year, strict=True))
    assert all(regions.is_autonomous(code) for code in frame.region_code)
    # the values entering are the published ones, unchanged
    x = (
        v[(v.indicator_id == "mcp") & (v.status == "published")]
        .set_index(["region_code", "year"])
        .value
    )
    got = frame.set_index(["region_code", "year"])["mcp"]
    assert np.allclose(got.to_numpy(), x.loc[got.index].to_numpy())


def test_record_is_json_loyo_runs_and_fit_reproducible(sim):
    first = panel.fit_panel(sim.values, predictor="ombudsman", n_boot=199, seed=5)
    second = panel.fit_panel(sim.values, predictor="ombudsman", n_boot=199, seed=5)
    record = first.as_record()
    assert record == second.as_record()
    text = json.dumps(record, allow_nan=False)
    assert '"estimate_pts_per_10"' in text and '"is_precise"' in text
    assert [r["year"] for r in first.loyo] == list(first.years)
    assert all(r["n"] > 0 and math.isfinite(r["rmse_model"]) for r in first.loyo)
    pooled = first.loyo_summary()
    assert pooled["n"] == first.n_obs and pooled["rmse_model"] < pooled["rmse_baseline"]
    assert first.mixedlm is not None and "estimate_pts_per_pt" in first.mixedlm
    other = panel.fit_panel(sim.values, predictor="ombudsman", n_boot=199, seed=6)
    assert other.estimate_pts_per_pt == first.estimate_pts_per_pt  # only the interval draws


def test_too_few_is_reported_not_fitted(sim):
    effects = panel.drivers_table(
        sim.values, predictors=("ombudsman", "ombudsman_unit_perizinan"), **FAST
    )
    by = {(e.predictor, e.model): e for e in effects}
    unit = by[("ombudsman_unit_perizinan", "bivariate")]
    assert unit.status == panel.TOO_FEW_OBS and unit.n_obs == 0 and not unit.is_precise
    assert unit.as_record()["estimate_pts_per_pt"] is None and unit.loyo == ()
    joint = [e for e in effects if e.model == "joint"]
    assert {e.predictor for e in joint} == set(panel.JOINT_PREDICTORS)
    assert all(e.status == panel.TOO_FEW_OBS for e in joint)  # no MCP areas simulated
    few = panel.fit_panel(sim.values, predictor="ombudsman", min_clusters=60, **FAST)
    assert few.status == panel.TOO_FEW_CLUSTERS and math.isnan(few.estimate_pts_per_pt)
    table = panel.effects_table(effects)
    assert list(table.predictor[:2]) == ["ombudsman", "ombudsman_unit_perizinan"]


def test_precision_rule():
    rule = {"per_points": 10, "require_interval_excludes_zero": True, "max_half_width_pts": 2.5,
            "min_obs": 100, "min_provinces": 20}  # fmt: skip
    base = panel.PanelEffect(
        "spi_resp_eksternal", "ombudsman", "bivariate", (), panel.OK, 0.1, 0.05, 0.15, 0.9,
        0.03, 0.05, 0.15, panel.METHOD, "webb", 199, 1, 300, 200, 30, (2021,), ((2021, 300),),
    )  # fmt: skip
    assert panel.is_precise(base, rule)
    assert not panel.is_precise(replace(base, ci_low=-0.01), rule)  # spans zero
    assert not panel.is_precise(replace(base, ci_low=-0.2, ci_high=-0.05 + 0.5), rule)
    assert not panel.is_precise(replace(base, ci_low=0.01, ci_high=0.6), rule)  # ±2.95 per 10
    assert not panel.is_precise(replace(base, n_obs=99), rule)
    assert not panel.is_precise(replace(base, n_provinces=19), rule)
    assert panel.precision_rule()["max_half_width_pts"] == 2.5


def test_published_fixture_fit(published):
    """The real figures (8 provinces of the December 2026 batch) give these numbers."""
    effect = panel.fit_panel(published, predictor="ombudsman", min_clusters=5, min_obs=20)
    assert effect.status == panel.OK
    assert (effect.n_obs, effect.n_regions, effect.n_provinces) == (148, 96, 7)
    assert round(effect.estimate_pts_per_pt, 3) == 0.105
    assert effect.n_excluded["no_score_ombudsman"] == 146  # grade-only rows
    mcp = panel.fit_panel(published, predictor="mcp", min_clusters=5, min_obs=20, mixedlm=False)
    assert mcp.n_excluded["not_published_mcp"] == 6  # interim MCP readings
    assert mcp.n_obs == 45


def test_province_standing(published):
    standing = panel.province_standing(published, "Jatim", ["ombudsman", "mcp"], year=2024)
    assert standing["province_code"] == "35" and standing["indicators"][0] == "spi_resp_eksternal"
    codes = [r["region_code"] for r in standing["regions"]]
    assert codes[0] == "35" and len(codes) == 1 + len(regions.regencies("35"))
    for entry in standing["regions"]:
        for item in entry["values"].values():
            assert item["year"] is None or item["year"] <= 2024
    median = standing["national_median"]["ombudsman"]
    assert median["n_regions"] > 0 and 0 <= median["value"] <= 100
    json.dumps(standing, allow_nan=False)


def test_runs_on_processed_tables(processed_data):
    """The processed schema as the build writes it (frozen raw inputs, partial SPI panel):
    every model reports a status, a JSON record and its counts; none is fitted on too little."""
    values = processed_data.values
    effects = panel.drivers_table(values, "spi_resp_eksternal", **FAST)
    assert len(effects) == len(panel.STANDARD_PREDICTORS) + len(panel.JOINT_PREDICTORS)
    for e in effects:
        json.dumps(e.as_record(), allow_nan=False)
        frame, _ = panel.panel_frame(values, e.outcome, [e.predictor, *e.covariates])
        assert e.n_obs == len(frame)
        assert e.status == panel.OK or (e.as_record()["ci_low"] is None and not e.is_precise)
