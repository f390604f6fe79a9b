import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from helpers.brief import charts
from helpers.brief.render import tables
from helpers.brief.style import SYNTHETIC_LABEL
from helpers.model import experience, ipak, synthetic
from helpers.reference.files import estimation_settings
from helpers.reference.texts import t

# IPAK weights are configuration (data/reference/ipak_weights.yaml): read, never restated.
WEIGHTS = ipak.load_weights()
W_PENGALAMAN = WEIGHTS.for_year(2024).pengalaman
W_PUBLIK = WEIGHTS.pengalaman_publik


@pytest.fixture(scope="module")
def fitted():
    sample = synthetic.generate_spak_with_truth(n=10_000, seed=20241)
    cov = pd.concat([sample.covariates_regency, sample.covariates_province])
    model = experience.fit_experience_model(sample.micro, covariates=cov, bootstrap_reps=199)
    return sample, cov, model


def test_sector_summary_kalteng(fitted):
    sample, cov, model = fitted
    summary = experience.sector_summary(sample.micro, "62", model=model)
    assert list(summary["sector"]) == [
        "perizinan",
        "dukcapil",
        "kesehatan",
        "pendidikan",
        "lainnya",
    ]
    assert not [c for c in summary.columns if c.endswith("_label")] and "opd" not in summary
    assert (summary["ci_low_pct"] <= summary["rate_pct"]).all()
    assert (summary["rate_pct"] <= summary["ci_high_pct"]).all()
    assert summary.attrs["ci_level"] == estimation_settings()["fay_herriot"]["ci_level"]
    np.testing.assert_allclose(
        summary["gap_to_national_pts"], summary["rate_pct"] - summary["national_rate_pct"]
    )
    np.testing.assert_allclose(
        summary["gap_to_best_pts"], summary["rate_pct"] - summary["best_province_rate_pct"]
    )
    assert (summary["gap_to_best_pts"] >= 0).all()
    assert summary["is_synthetic"].all()
    assert summary.attrs["province_name"] == "Kalimantan Tengah"
    # best province = lowest SAE rate among all 38 provinces
    lic = model.sae_province[model.sae_province.sector == "perizinan"]
    assert summary.loc[0, "best_province_rate_pct"] == pytest.approx(100 * lic["estimate"].min())
    np.testing.assert_allclose(
        summary["pengalaman_loss_pts"], W_PUBLIK * summary["publik_loss_pts"]
    )
    # the SAE interval is narrower than the direct one for the small licensing sample
    lic_direct = model.direct.query(
        "level == 'province' and area_code == '62' and indicator == 'perizinan_paid_extra'"
    )
    direct_width = 100 * (lic_direct["ci90_high"] - lic_direct["ci90_low"]).item()
    assert summary.loc[0, "ci_high_pct"] - summary.loc[0, "ci_low_pct"] < direct_width


def test_sector_summary_english_and_alias(fitted):
    sample, _, model = fitted
    summary = experience.sector_summary(sample.micro, "Kalteng", model=model)
    assert summary.attrs["province_code"] == "62"
    assert summary["sector"].iloc[1] == "dukcapil"
    display = tables.format_sector_summary(summary, "en")
    assert t("exp_col_rate", "en") in display.columns
    sectors = display[t("exp_col_sector_label", "en")]
    assert sectors.iloc[1] == t("sectors.dukcapil.label", "en") != t("sectors.dukcapil.label", "id")
    assert display[t("exp_col_opd", "en")].iloc[0].startswith("DPMPTSP")
    display_id = tables.format_sector_summary(summary, "id")
    assert list(display_id[t("exp_col_sector_label", "id")])[:2] == [
        "Perizinan",
        "Administrasi kependudukan",
    ]
    assert "," in display_id[t("exp_col_rate", "id")].iloc[0]
    with pytest.raises(ValueError):
        tables.format_sector_summary(summary, "fr")


def test_sector_summary_fits_when_no_model_given():
    micro = synthetic.generate_spak(n=3_000, seed=4)
    summary = experience.sector_summary(micro, "31")
    assert len(summary) == 5 and summary["is_synthetic"].all()


def test_what_if_table(fitted):
    sample, _, model = fitted
    table = experience.what_if_table(sample.micro, "00", k_points=5, model=model)
    assert len(table) == 15
    acc = table[table.method == "accounting"]
    np.testing.assert_allclose(
        acc["delta_ipak"], W_PENGALAMAN * W_PUBLIK * acc["delta_pengalaman_publik"]
    )
    assert (table["delta_ipak_ci_low"] <= table["delta_ipak"]).all()
    assert (table["delta_ipak"] <= table["delta_ipak_ci_high"]).all()
    assert (table["ci_level"] == estimation_settings()["drivers"]["ci_level"]).all()
    assert not [c for c in table.columns if c.endswith("_label")]
    shown = tables.what_if_labels(table, "en")
    assert shown["method_label"].iloc[0] == t("exp_method_accounting", "en")
    assert shown["sector_label"].iloc[0] == t("sectors.perizinan.label", "en")
    prov = experience.what_if_table(
        sample.micro, "62", k_points=5, model=model, methods=("accounting",)
    )
    assert (prov["delta_ipak"].to_numpy() < acc["delta_ipak"].to_numpy()).all()
    notes = tables.what_if_labels(prov, "en")["notes"].iloc[0]
    assert "of the national weight" in notes and "%" in notes
    assert table.attrs["is_synthetic"]


def test_plots_watermarked_only_when_synthetic(fitted):
    sample, _, model = fitted
    summary = experience.sector_summary(sample.micro, "62", model=model)
    fig = charts.plot_sector_rates(summary, "id")
    assert isinstance(fig, Figure)
    texts = [t.get_text() for t in fig.texts]
    assert SYNTHETIC_LABEL["id"] in texts
    real = summary.copy()
    real["is_synthetic"] = False
    fig_real = charts.plot_sector_rates(real, "en")
    assert SYNTHETIC_LABEL["en"] not in [t.get_text() for t in fig_real.texts]
    assert "Kalimantan Tengah" in fig_real.axes[0].get_title()
    table = experience.what_if_table(sample.micro, "00", model=model)
    fig_w = charts.plot_what_if(table, "en")
    assert SYNTHETIC_LABEL["en"] in [t.get_text() for t in fig_w.texts]
    import matplotlib.pyplot as plt

    plt.close("all")


def test_covariates_from_indicators_reads_processed(tmp_path, monkeypatch):
    table = pd.DataFrame(
        {
            "indicator_id": ["spi", "spi", "ombudsman", "spi"],
            "region_code": ["6201", "6201", "6201", "6202"],
            "year": [2022, 2023, 2023, 2025],
            "value": [70.0, 72.0, 80.0, 60.0],
            "status": ["published"] * 4,
        }
    )
    table.to_parquet(tmp_path / "indicator_values.parquet")
    monkeypatch.setenv("IPAK_PROCESSED_DIR", str(tmp_path))
    cov = experience.covariates_from_indicators(2024).set_index("area_code")
    assert cov.loc["6201", "spi"] == 72.0 and cov.loc["6201", "ombudsman"] == 80.0
    assert "6202" not in cov.index  # only values up to the reference year


def test_regency_sector_summary_numbers_only_where_respondents_are(fitted):
    sample, _, model = fitted
    micro = sample.micro
    users = micro.groupby(micro["regency_code"].astype(str))["perizinan_used"].sum()
    sampled = users.sort_values().index[-1]  # the kab/kota with the most licensing users
    summary = experience.regency_sector_summary(model, sampled)
    assert list(summary.sector) == list(experience.SECTORS)
    row = summary.set_index("sector").loc["perizinan"]
    fit = model.sae_regency[
        (model.sae_regency.sector == "perizinan") & (model.sae_regency.area_code == sampled)
    ].iloc[0]
    assert row.shown and row.method == "EBLUP" and row.n_users == int(users[sampled])
    assert row.rate_pct == pytest.approx(100 * fit.estimate)
    assert row.ci_low_pct < row.rate_pct < row.ci_high_pct
    assert row.province_rate_pct == pytest.approx(
        100
        * model.sae_province[
            (model.sae_province.sector == "perizinan")
            & (model.sae_province.area_code == sampled[:2])
        ].estimate.iloc[0]
    )
    # A kab/kota without respondents: the model has a regression prediction, the brief no number.
    unsampled = next(
        r.code for r in experience.regions.regencies() if r.code not in set(users.index)
    )
    none = experience.regency_sector_summary(model, unsampled)
    assert not none.shown.any() and set(none.reason) == {"no_respondents"}
    assert none.rate_pct.isna().all() and (none.n_users == 0).all()
    # A few users, below the model's minimum: "suppressed", not "no respondents", not zero.
    minimum = experience.estimation_settings()["fay_herriot"]["min_n_for_direct"]
    few = users[(users > 0) & (users < minimum)]
    assert len(few), "the fixed-seed sample has kab/kota with a few licensing users"
    part = experience.regency_sector_summary(model, few.index[0]).set_index("sector")
    assert part.loc["perizinan", "reason"] == "suppressed"
    assert np.isnan(part.loc["perizinan", "rate_pct"])
