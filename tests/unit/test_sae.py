import numpy as np
import pandas as pd
import pytest

from helpers.model import sae, survey, synthetic


def simulate(rng, m=100, sigma_v=0.03, n_low=10, n_high=300, beta=(0.15, 0.03)):
    x = rng.normal(size=m)
    X = np.column_stack([np.ones(m), x])
    n = rng.integers(n_low, n_high, m)
    theta = X @ np.array(beta) + rng.normal(0, sigma_v, m)
    p = np.clip(theta, 0.01, 0.99)
    psi = p * (1 - p) / n
    direct = theta + rng.normal(0, np.sqrt(psi))
    return X, theta, direct, psi


def test_reml_matches_brute_force_maximum():
    rng = np.random.default_rng(3)
    X, _, direct, psi = simulate(rng, m=60)
    sigma2, converged, _ = sae.reml_sigma2(direct, X, psi)
    assert converged and sigma2 > 0
    grid = np.linspace(1e-6, 0.01, 4001)
    best = grid[np.argmax([sae.reml_loglik(s, direct, X, psi) for s in grid])]
    assert sigma2 == pytest.approx(best, abs=3e-6)


def test_eblup_formula_and_limits():
    rng = np.random.default_rng(4)
    X, _, direct, psi = simulate(rng, m=80)
    fit = sae.fay_herriot(direct, psi, X)
    gamma = fit.sigma2_v / (fit.sigma2_v + psi)
    np.testing.assert_allclose(fit.gamma, gamma)
    np.testing.assert_allclose(fit.estimate, gamma * direct + (1 - gamma) * (X @ fit.beta))
    # precise areas keep their direct estimate; noisy ones move to the synthetic estimate
    assert np.corrcoef(fit.gamma, psi)[0, 1] < -0.5
    tiny = sae.fay_herriot(direct, psi * 1e-6, X)
    np.testing.assert_allclose(tiny.estimate, direct, atol=1e-5)
    # MSE components: g1 + g2 + 2 g3 never above the direct variance by much, and positive
    assert (fit.mse > 0).all()
    assert np.mean(fit.mse) < np.mean(psi)


def test_areas_without_sample_get_synthetic_prediction():
    rng = np.random.default_rng(5)
    X, _, direct, psi = simulate(rng, m=90)
    X_out = np.array([[1.0, 0.5], [1.0, -1.0]])
    fit = sae.fay_herriot(direct, psi, X, X_out)
    np.testing.assert_allclose(fit.estimate_out, X_out @ fit.beta)
    assert (fit.mse_out > fit.sigma2_v).all()


def test_boundary_is_flagged_and_adjusted():
    rng = np.random.default_rng(6)
    m = 60
    X = np.column_stack([np.ones(m), rng.normal(size=m)])
    psi = np.full(m, 0.004)
    # no area effect, and less spread than the sampling variance alone would give
    direct = X @ np.array([0.2, 0.02]) + 0.5 * rng.normal(0, np.sqrt(psi))
    keep = sae.fay_herriot(direct, psi, X, boundary="keep")
    assert keep.at_boundary and keep.sigma2_v == 0.0
    np.testing.assert_allclose(keep.estimate, X @ keep.beta)
    adjusted = sae.fay_herriot(direct, psi, X)
    assert adjusted.at_boundary and adjusted.sigma2_v > 0  # Li–Lahiri: strictly positive
    assert adjusted.mse.mean() > keep.mse.mean()
    yl = sae.fay_herriot(direct, psi, X, boundary="yoshimori_lahiri")
    assert 0 < yl.sigma2_v < adjusted.sigma2_v  # the milder adjustment


@pytest.mark.parametrize(
    "sigma_v,n_low,n_high,ratio_bounds",
    [
        (0.03, 10, 300, (0.85, 1.15)),  # REML interior: MSE estimate ≈ actual MSE
        (0.015, 5, 60, (0.8, 2.2)),  # REML often on the boundary → Li–Lahiri, conservative
    ],
)
def test_fh_beats_direct_and_mse_is_honest(sigma_v, n_low, n_high, ratio_bounds):
    rng = np.random.default_rng(2024)
    cover, err_fh, err_direct, mse_hat = [], [], [], []
    for _ in range(200):
        X, theta, direct, psi = simulate(rng, m=100, sigma_v=sigma_v, n_low=n_low, n_high=n_high)
        fit = sae.fay_herriot(direct, psi, X)
        err_fh.append(np.mean((fit.estimate - theta) ** 2))
        err_direct.append(np.mean((direct - theta) ** 2))
        mse_hat.append(np.mean(fit.mse))
        cover.append(np.mean(np.abs(fit.estimate - theta) <= 1.645 * np.sqrt(fit.mse)))
    assert np.mean(err_fh) < 0.8 * np.mean(err_direct)
    assert 0.80 <= np.mean(cover) <= 0.97
    assert ratio_bounds[0] <= np.mean(mse_hat) / np.mean(err_fh) <= ratio_bounds[1]


def test_prepare_covariates_drops_sparse_and_fills():
    areas = pd.Index(["01", "02", "03", "04", "05"])
    cov = pd.DataFrame(
        {
            "area_code": ["01", "02", "03", "04", "05"],
            "a": [1, 2, 3, 4, np.nan],
            "b": [1, np.nan, np.nan, 3, np.nan],
            "c": [7, 7, 7, 7, 7],
        }
    )
    X, used, notes = sae.prepare_covariates(areas, cov, min_coverage=0.8)
    assert used == ["a"] and X.shape == (5, 2)
    assert X[4, 1] == pytest.approx(0.0)  # mean-filled then standardised
    assert any("'b' dropped" in n for n in notes) and any("'c' dropped" in n for n in notes)


def test_pipeline_on_synthetic_truth():
    """Fay–Herriot on synthetic microdata beats the direct estimates against the known truth."""
    sample = synthetic.generate_spak_with_truth(n=10_000, seed=99)
    direct = survey.direct_estimates(sample.micro, levels=("national", "regency"))
    cov = sample.covariates_regency[["area_code", "spi_score_0_100", "ombudsman_score_0_100"]]
    err_fh, err_direct, covered = [], [], []
    for sector in ("perizinan", "dukcapil", "kesehatan", "pendidikan", "lainnya"):
        fh = sae.sae_estimates(direct, f"{sector}_paid_extra", "regency", covariates=cov)
        truth = sample.truth_regency[sample.truth_regency.sector == sector].set_index(
            "regency_code"
        )["true_rate"]
        assert len(fh) == 514 and set(fh.method) == {"EBLUP", "synthetic"}
        sampled = fh[fh.method == "EBLUP"].set_index("area_code")
        t = truth.loc[sampled.index]
        err_fh.append(np.mean((sampled.estimate - t) ** 2))
        err_direct.append(np.mean((sampled.direct - t) ** 2))
        allareas = fh.set_index("area_code")
        covered.append(
            np.mean(
                (truth.loc[allareas.index] >= allareas.ci90_low)
                & (truth.loc[allareas.index] <= allareas.ci90_high)
            )
        )
        assert (fh.estimate.between(0, 1)).all()
        assert fh.attrs["covariates"] == ["intercept", "spi_score_0_100", "ombudsman_score_0_100"]
    assert np.mean(err_fh) < 0.5 * np.mean(err_direct)
    assert 0.75 <= np.mean(covered) <= 1.0


def test_sae_without_covariates_is_intercept_only():
    sample = synthetic.generate_spak_with_truth(n=4_000, seed=8)
    direct = survey.direct_estimates(sample.micro, levels=("national", "province"))
    fh = sae.sae_estimates(direct, "kesehatan_paid_extra", "province")
    assert fh.attrs["covariates"] == ["intercept"]
    assert len(fh) == 38
    with pytest.raises(ValueError, match="national"):
        sae.sae_estimates(direct[direct.level != "national"], "kesehatan_paid_extra", "province")
