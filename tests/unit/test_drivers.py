import types

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from helpers.brief.render import tables
from helpers.data import microdata
from helpers.model import drivers, ipak, scores, survey, synthetic
from helpers.reference.files import estimation_settings

# Configuration, read rather than restated: IPAK weights of the default year (2024) and the
# paid-extra item's weight in the contact score.
WEIGHTS = ipak.load_weights()
W_PENGALAMAN = WEIGHTS.for_year(2024).pengalaman
W_PUBLIK = WEIGHTS.pengalaman_publik
ALPHA_PAID = estimation_settings()["scores"]["contact_item_weights"]["paid_extra"]


@pytest.fixture(scope="module")
def fitted():
    micro = scores.with_scores(synthetic.generate_spak(n=10_000, seed=20241))
    direct = survey.direct_estimates(micro)
    return micro, direct


def clustered_data(rng, n_clusters=38, per=6, slope=2.0):
    g = np.repeat(np.arange(n_clusters), per)
    x = rng.normal(size=n_clusters * per) + 0.5 * rng.normal(size=n_clusters)[g]
    y = (
        1.0
        + slope * x
        + rng.normal(0, 1.0, n_clusters)[g] * (1 + 0.5 * np.abs(x))
        + rng.normal(0, 0.5, len(g))
    )
    return y, np.column_stack([np.ones(len(g)), x]), g


def test_wild_bootstrap_interval_contains_true_slope():
    rng = np.random.default_rng(1)
    y, X, g = clustered_data(rng)
    res = drivers.wild_cluster_bootstrap(y, X, np.ones(len(y)), g, reps=999, seed=5)
    assert res["ci_low"][1] < 2.0 < res["ci_high"][1]
    # point estimate is plain WLS
    ols = sm.WLS(y, X).fit()
    np.testing.assert_allclose(res["coef"], ols.params)
    # CR1 SE equals statsmodels' cluster-robust SE
    cl = sm.WLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": g})
    np.testing.assert_allclose(res["se"], cl.bse, rtol=1e-8)


def test_wild_bootstrap_coverage_reasonable():
    rng = np.random.default_rng(2)
    hits = []
    for rep in range(60):
        y, X, g = clustered_data(rng, n_clusters=20, per=5)
        res = drivers.wild_cluster_bootstrap(y, X, np.ones(len(y)), g, reps=199, seed=rep)
        hits.append(res["ci_low"][1] <= 2.0 <= res["ci_high"][1])
    assert 0.78 <= np.mean(hits) <= 0.99


def test_webb_weights_with_few_clusters():
    rng = np.random.default_rng(3)
    V = drivers._bootstrap_weights("auto", 8, 500, rng)
    assert len(np.unique(V)) == 6 and np.allclose(np.mean(V**2), 1.0, atol=0.1)
    R = drivers._bootstrap_weights("auto", 30, 10, rng)
    assert set(np.unique(R)) == {-1.0, 1.0}
    with pytest.raises(ValueError):
        drivers._bootstrap_weights("mammen", 30, 10, rng)


def test_respondent_model(fitted):
    micro, _ = fitted
    model = drivers.respondent_model(micro)
    coefs = model.table["coef"]
    for sector in microdata.SECTORS:
        assert coefs[f"{sector}_paid_extra"] < -0.5  # paying extra lowers Pengalaman a lot
        assert model.table.loc[f"{sector}_paid_extra", "ci90_high"] < 0
    assert model.n_clusters == 1000 and model.cluster == "psu"
    # same point estimates as statsmodels WLS with the survey weights
    scored = scores.with_scores(micro)
    ok = scored["pengalaman_score_0_5"].notna()
    X = drivers.respondent_design_matrix(scored[ok])
    ref = sm.WLS(scored.loc[ok, "pengalaman_score_0_5"], X, weights=scored.loc[ok, "weight"]).fit()
    np.testing.assert_allclose(model.table["coef"], ref.params.loc[model.table.index], rtol=1e-8)
    by_regency = drivers.respondent_model(micro, cluster="regency_code")
    assert by_regency.n_clusters == 170
    np.testing.assert_allclose(by_regency.table["coef"], model.table["coef"])
    assert not np.allclose(by_regency.table["se"], model.table["se"])


def test_area_model_runs_and_is_ecological(fitted):
    _, direct = fitted
    table = drivers.area_table(direct, level="regency")
    model = drivers.area_model(table, reps=199)
    assert model.n_clusters == 38 and model.bootstrap_weights == "rademacher"
    assert "ecological" in model.notes[0]
    t = model.table
    assert (t["ci90_low"] <= t["coef"]).all() and (t["coef"] <= t["ci90_high"]).all()
    assert t.loc["kesehatan_paid_extra", "coef"] < 0


def test_accounting_adds_up(fitted):
    _, direct = fitted
    acc = drivers.accounting(direct)
    sectors = acc[acc.sector != "total"]
    assert sectors["publik_loss"].sum() == pytest.approx(
        5 - acc.attrs["pengalaman_publik"], abs=1e-9
    )
    np.testing.assert_allclose(
        sectors["ipak_loss"], W_PENGALAMAN * W_PUBLIK * sectors["publik_loss"]
    )
    assert sectors["contact_share"].sum() == pytest.approx(1.0)
    prov = drivers.accounting(direct, "62")
    assert prov.attrs["pengalaman_publik"] != acc.attrs["pengalaman_publik"]


def test_what_if_accounting_path(fitted):
    _, direct = fitted
    result = drivers.what_if("perizinan", 5, direct)
    nat = direct[direct.level == "national"].set_index("indicator")
    share = nat.loc["perizinan_contact_share", "estimate"]
    assert result.delta_pengalaman_publik == pytest.approx(5 * ALPHA_PAID * 0.05 * share)
    assert result.delta_ipak == pytest.approx(
        W_PENGALAMAN * W_PUBLIK * result.delta_pengalaman_publik
    )
    assert result.delta_pengalaman == pytest.approx(W_PUBLIK * result.delta_pengalaman_publik)
    low, high = result.ci_ipak
    assert low < result.delta_ipak < high and high - low > 0
    row = result.as_row()
    assert row["delta_ipak_ci_low"] == low and row["ci_level"] == result.ci_level == 0.90


def test_what_if_province_scope_and_cap(fitted):
    _, direct = fitted
    national = drivers.what_if("dukcapil", 5, direct)
    province = drivers.what_if("dukcapil", 5, direct, scope="62")
    assert 0 < province.delta_ipak < 0.1 * national.delta_ipak  # one province moves IPAK little
    capped = drivers.what_if("kesehatan", 50, direct)
    assert capped.notes == ["capped"]  # a key; the words are the renderer's
    assert "capped" in tables.what_if_note_texts(capped.as_row(), "en")[0]
    assert "dibatasi" in tables.what_if_note_texts(capped.as_row(), "id")[0]
    assert province.notes == ["share"] and 0 < province.national_share < 1
    rate = direct[(direct.level == "national") & (direct.indicator == "kesehatan_paid_extra")][
        "estimate"
    ].item()
    full = drivers.what_if("kesehatan", 100 * rate, direct)
    assert capped.delta_ipak == pytest.approx(full.delta_ipak)


def test_what_if_statistical_paths(fitted):
    micro, direct = fitted
    resp = drivers.respondent_model(micro)
    area = drivers.area_model(drivers.area_table(direct), reps=199)
    r = drivers.what_if("lainnya", 5, direct, method="respondent", respondent=resp)
    a = drivers.what_if("lainnya", 5, direct, method="area", area=area)
    for result in (r, a):
        assert result.ci_ipak[0] <= result.delta_ipak <= result.ci_ipak[1]
        assert result.delta_ipak == pytest.approx(W_PENGALAMAN * result.delta_pengalaman)
    assert r.delta_ipak > 0
    with pytest.raises(ValueError):
        drivers.what_if("lainnya", 5, direct, method="respondent")
    with pytest.raises(ValueError):
        drivers.what_if("lainnya", 5, direct, method="magic")


def test_degenerate_mixedlm_is_detected():
    rng = np.random.default_rng(0)
    groups = np.repeat(np.arange(30), 20)
    # no between-group variance at all: every group has the same mean of x and of the noise
    x = rng.normal(size=len(groups))
    x -= pd.Series(x).groupby(groups).transform("mean").to_numpy()
    e = rng.normal(0, 1.0, len(groups))
    e -= pd.Series(e).groupby(groups).transform("mean").to_numpy()
    y = 1.0 + 0.5 * x + e
    exog = sm.add_constant(x)
    with pytest.raises(drivers.DegenerateFitError, match="boundary"):
        drivers.fit_mixedlm_checked(y, exog, groups)
    flagged = drivers.fit_mixedlm_checked(y, exog, groups, on_degenerate="flag")
    assert flagged.degenerate and flagged.re_share < 1e-4


def test_healthy_mixedlm_passes():
    rng = np.random.default_rng(1)
    groups = np.repeat(np.arange(30), 20)
    x = rng.normal(size=len(groups))
    y = 1.0 + 0.5 * x + rng.normal(0, 1.0, 30)[groups] + rng.normal(0, 1.0, len(groups))
    checked = drivers.fit_mixedlm_checked(y, sm.add_constant(x), groups)
    assert not checked.degenerate and checked.re_share > 0.2
    assert checked.result.fe_params[1] == pytest.approx(0.5, abs=0.15)


def test_all_zero_fixed_effects_flagged():
    # statsmodels #10239: "converged" with every fixed effect exactly 0.0
    fake = types.SimpleNamespace(
        converged=True,
        fe_params=pd.Series([0.0, 0.0]),
        cov_re=np.array([[0.3]]),
        scale=1.0,
        bse_fe=pd.Series([0.1, 0.1]),
        bse=pd.Series([0.1, 0.1, 0.1]),
    )
    checked = drivers.check_mixedlm(fake)
    assert checked.degenerate and any("#10239" in r for r in checked.reasons)
    fake.fe_params = pd.Series([1.0, 0.0])
    assert not drivers.check_mixedlm(fake).degenerate


def test_regency_random_intercept_guarded(fitted):
    micro, _ = fitted
    checked = drivers.regency_random_intercept_model(micro, max_rows=3_000)
    result = checked.result
    assert result.nobs == 3_000  # the fixed-seed subsample is used above max_rows
    assert set(result.model.group_labels) <= set(micro["regency_code"].astype(str))
    # the synthetic data have regency effects: a real, small, between-regency share
    assert not checked.degenerate and checked.reasons == []
    assert 0 < checked.re_share < 0.5
    assert checked.re_share == pytest.approx(
        checked.re_variance / (checked.re_variance + result.scale)
    )
