import numpy as np
import pandas as pd
import pytest
from scipy.stats import beta, binom

from helpers.model import sae, survey, synthetic


def kg(p, n, df, n_kish=None, v=None):
    p, n = np.atleast_1d(np.asarray(p, dtype=float)), np.atleast_1d(np.asarray(n, dtype=float))
    v = p * (1 - p) / n if v is None else np.atleast_1d(v)
    n_kish = n if n_kish is None else np.atleast_1d(n_kish)
    return survey.proportion_interval(p, v, n, n_kish, np.atleast_1d(df), 0.90)


def test_srs_with_n_minus_one_df_is_clopper_pearson():
    low, high = kg(3 / 20, 20, df=19)
    assert low[0] == pytest.approx(beta.ppf(0.05, 3, 18))
    assert high[0] == pytest.approx(beta.ppf(0.95, 4, 17))


def test_fewer_design_df_widen_the_interval():
    widths = [np.diff(np.concatenate(kg(0.2, 60, df=df)))[0] for df in (59, 10, 3)]
    assert widths[0] < widths[1] < widths[2]


def test_zero_and_one_get_one_sided_bounds_not_a_point():
    low, high = kg([0.0, 1.0], [25, 25], df=[24, 24], v=[0.0, 0.0])
    bound = 0.10 ** (1 / 25)  # one-sided 90 % Clopper–Pearson on n = 25
    np.testing.assert_allclose(low, [0.0, bound])
    np.testing.assert_allclose(high, [1 - bound, 1.0])
    # a design with few PSUs rescales the Kish n down: a wider bound
    _, high_few = kg([0.0], [25], df=[3], v=[0.0])
    assert high_few[0] > 1 - bound


@pytest.mark.parametrize("n, p", [(12, 0.05), (30, 0.1), (80, 0.3)])
def test_exact_coverage_under_srs_is_at_least_nominal(n, p):
    x = np.arange(n + 1)
    low, high = kg(x / n, np.full(n + 1, n), np.full(n + 1, n - 1))
    coverage = float(np.sum(binom.pmf(x, n, p) * ((low <= p) & (p <= high))))
    assert 0.90 <= coverage <= 0.99


@pytest.fixture(scope="module")
def small():
    micro = synthetic.generate_spak(n=2000, seed=3, n_regencies=40)
    return micro, survey.direct_estimates(micro, levels=("national", "regency"))


def test_direct_intervals_hold_the_estimate_and_never_collapse(small):
    _, est = small
    rates = est[(est.kind == "rate") & (est.n_unweighted > 0)]
    assert ((rates.ci90_low <= rates.estimate) & (rates.estimate <= rates.ci90_high)).all()
    zero = rates[rates.estimate == 0]
    assert len(zero) > 0 and (zero.ci90_high > 0).all() and (zero.ci90_low == 0).all()
    assert (rates.ci90_high - rates.ci90_low > 0).all()


def test_design_df_counts_psus_minus_strata_among_users(small):
    micro, est = small
    code = str(micro["regency_code"].iloc[0])
    users = micro[(micro["regency_code"].astype(str) == code) & (micro["kesehatan_used"] == 1)]
    expected = max(users["psu"].nunique() - users["stratum"].nunique(), 1)
    row = est[(est.area_code == code) & (est.indicator == "kesehatan_paid_extra")]
    assert row["df"].item() == expected
    national = est[(est.level == "national") & (est.indicator == "kesehatan_paid_extra")]
    assert national["df"].item() == users_df(micro)


def users_df(micro: pd.DataFrame) -> int:
    users = micro[micro["kesehatan_used"] == 1]
    return users["psu"].nunique() - users["stratum"].nunique()


def test_wald_is_kept_only_for_comparison(small):
    micro, _ = small
    wald = survey.direct_estimates(micro, levels=("national",), interval="wald")
    row = wald[wald.indicator == "paid_or_asked_any"].iloc[0]
    assert row.ci90_high - row.estimate == pytest.approx(1.6448536 * row.se, rel=1e-6)
    with pytest.raises(ValueError, match="unknown"):
        survey.direct_estimates(micro, levels=("national",), interval="normal")


def test_smoothed_psi_counts_the_weighting_effect_once():
    # n = 100 users, Kish n_eff = 50 (weighting effect 2), full deff 3 = 2 × clustering 1.5
    n = np.array([100.0, 100.0, 100.0])
    n_eff = np.array([50.0, 50.0, 50.0])
    deff = np.array([3.0, 3.0, 3.0])
    psi, deff_c = sae.smoothed_psi(0.2, n_eff, deff, n, min_n_deff=30, min_deff=1.0)
    assert deff_c == pytest.approx(1.5)
    np.testing.assert_allclose(psi, 0.2 * 0.8 * 1.5 / 50)  # not 0.2·0.8·3/50
    # the clustering part is floored at 1 (no design below simple random sampling)
    psi, deff_c = sae.smoothed_psi(0.2, n_eff, np.full(3, 1.2), n)
    assert deff_c == 1.0 and psi[0] == pytest.approx(0.2 * 0.8 / 50)
