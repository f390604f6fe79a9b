"""Small-area estimation: the Fay–Herriot area-level model (EBLUP, REML, Prasad–Rao MSE).

Model for area d (province or kab/kota):

    direct_d = θ_d + e_d,   e_d ~ N(0, ψ_d)         (sampling error, ψ_d treated as KNOWN)
    θ_d      = x_d'β + v_d,  v_d ~ N(0, σ_v²)        (linking model, covariates x_d)

* σ_v² by REML (Fisher scoring, truncated at 0). When REML lands on the boundary σ_v² = 0 the
  fit is flagged and, by default, σ_v² is re-estimated by Li–Lahiri adjusted REML (maximise
  σ_v²·L_R), which is strictly positive and keeps the MSE honest;
* EBLUP θ̂_d = γ_d·direct_d + (1 − γ_d)·x_d'β̂ with γ_d = σ_v² / (σ_v² + ψ_d);
* MSE (Prasad–Rao, Datta–Lahiri form for REML): g1 + g2 + 2·g3 with
  g1 = γ_d ψ_d, g2 = (1 − γ_d)² x_d'(X'V⁻¹X)⁻¹x_d, g3 = ψ_d² (σ_v² + ψ_d)⁻³ · 2 / Σ(σ_v² + ψ_j)⁻²;
* areas without a usable direct estimate get the synthetic prediction x_d'β̂ with
  MSE σ_v² + x_d'(X'V⁻¹X)⁻¹x_d.

The model is linear on the proportion scale; estimates and interval limits are clipped to
[0, 1] (a documented simplification — no transformation, so no back-transformation bias to
correct). Sampling variances are smoothed by a generalised variance function (GVF):
ψ_d = p̄(1 − p̄)·deff̄_c / n_eff,d with p̄ the national rate, deff̄_c the median *clustering*
design effect deff·n_eff/n of well-sampled areas (floored at 1) and n_eff,d the area's Kish
effective n, which carries the weighting effect (the full deff would count it twice). They are then
treated as known, as is standard for Fay–Herriot; their estimation error is not propagated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.stats import norm

from helpers.reference.files import estimation_settings


@dataclass
class FayHerriotFit:
    """Result of :func:`fay_herriot` on arrays (sampled areas first, then predictions)."""

    estimate: np.ndarray
    mse: np.ndarray
    gamma: np.ndarray
    synthetic: np.ndarray
    beta: np.ndarray
    beta_cov: np.ndarray
    sigma2_v: float
    sigma2_v_var: float
    converged: bool
    iterations: int
    at_boundary: bool
    estimate_out: np.ndarray = field(default_factory=lambda: np.zeros(0))
    mse_out: np.ndarray = field(default_factory=lambda: np.zeros(0))


def _reml_parts(sigma2: float, y: np.ndarray, X: np.ndarray, psi: np.ndarray):
    v_inv = 1.0 / (sigma2 + psi)
    xtvx = X.T @ (X * v_inv[:, None])
    xtvx_inv = np.linalg.inv(xtvx)
    vx = X * v_inv[:, None]
    P = np.diag(v_inv) - vx @ xtvx_inv @ vx.T
    return P, xtvx_inv, v_inv


def reml_sigma2(
    y: np.ndarray, X: np.ndarray, psi: np.ndarray, max_iter: int = 100, tol: float = 1e-8
) -> tuple[float, bool, int]:
    """REML estimate of σ_v² by Fisher scoring, truncated at 0.

    Returns ``(sigma2_v, converged, iterations)``. Start: max(0, residual variance of OLS
    − mean ψ), or the median ψ when that is 0.
    """
    y = np.asarray(y, dtype=float)
    X = np.asarray(X, dtype=float)
    psi = np.asarray(psi, dtype=float)
    beta_ols, *_ = np.linalg.lstsq(X, y, rcond=None)
    resid = y - X @ beta_ols
    start = float(np.sum(resid**2) / max(len(y) - X.shape[1], 1) - np.mean(psi))
    sigma2 = start if start > 0 else float(np.median(psi))
    for iteration in range(1, max_iter + 1):
        P, _, _ = _reml_parts(sigma2, y, X, psi)
        Py = P @ y
        score = -0.5 * np.trace(P) + 0.5 * float(Py @ Py)
        info = 0.5 * float(np.sum(P * P.T))
        new = sigma2 + score / info
        if new <= 0:
            # check the boundary: is the score at 0 non-positive?
            P0, _, _ = _reml_parts(0.0, y, X, psi)
            Py0 = P0 @ y
            if -0.5 * np.trace(P0) + 0.5 * float(Py0 @ Py0) <= 0:
                return 0.0, True, iteration
            new = sigma2 / 2
        if abs(new - sigma2) <= tol * max(1.0, sigma2):
            return float(new), True, iteration
        sigma2 = new
    return float(sigma2), False, max_iter


def reml_loglik(sigma2: float, y: np.ndarray, X: np.ndarray, psi: np.ndarray) -> float:
    """Restricted log-likelihood of the Fay–Herriot model at σ_v² (up to a constant)."""
    v = sigma2 + psi
    v_inv = 1.0 / v
    xtvx = X.T @ (X * v_inv[:, None])
    beta = np.linalg.solve(xtvx, X.T @ (v_inv * y))
    resid = y - X @ beta
    _, logdet = np.linalg.slogdet(xtvx)
    return -0.5 * (np.sum(np.log(v)) + logdet + float(np.sum(resid**2 * v_inv)))


def adjusted_reml_sigma2(y: np.ndarray, X: np.ndarray, psi: np.ndarray) -> float:
    """Li–Lahiri (2010) adjusted REML: maximise σ_v² × L_R(σ_v²); always strictly positive.

    Used when plain REML lands on the boundary σ_v² = 0, where the EBLUP collapses to the
    synthetic estimate and the Prasad–Rao MSE is too small (intervals under-cover).
    """
    from scipy.optimize import minimize_scalar

    scale = float(max(np.var(y), np.mean(psi), 1e-12))
    result = minimize_scalar(
        lambda t: -(reml_loglik(math.exp(t), y, X, psi) + t),
        bounds=(math.log(scale * 1e-8), math.log(scale * 100)),
        method="bounded",
        options={"xatol": 1e-6},
    )
    return float(math.exp(result.x))


def yoshimori_lahiri_sigma2(y: np.ndarray, X: np.ndarray, psi: np.ndarray) -> float:
    """Yoshimori–Lahiri (2014) adjusted REML: maximise L_R(σ²)·[arctan(Σγ_d)]^(1/m).

    Strictly positive like Li–Lahiri, but the adjustment vanishes faster (power 1/m), so the
    estimate stays close to REML when REML is not on the boundary and is far less inflated
    when the true σ_v² is small.
    """
    from scipy.optimize import minimize_scalar

    m = len(y)
    scale = float(max(np.var(y), np.mean(psi), 1e-12))

    def objective(t: float) -> float:
        s2 = math.exp(t)
        gamma_sum = float(np.sum(s2 / (s2 + psi)))
        return -(reml_loglik(s2, y, X, psi) + math.log(math.atan(gamma_sum)) / m)

    result = minimize_scalar(
        objective,
        bounds=(math.log(scale * 1e-8), math.log(scale * 100)),
        method="bounded",
        options={"xatol": 1e-6},
    )
    return float(math.exp(result.x))


def fay_herriot(
    direct: np.ndarray,
    psi: np.ndarray,
    X: np.ndarray,
    X_out: np.ndarray | None = None,
    max_iter: int = 100,
    tol: float = 1e-8,
    boundary: str = "li_lahiri",
) -> FayHerriotFit:
    """Fit the Fay–Herriot model by REML; EBLUP with Prasad–Rao MSE (g1 + g2 + 2·g3).

    ``direct`` (m,) direct estimates, ``psi`` (m,) their sampling variances (treated as
    known), ``X`` (m, p) covariates including an intercept column; ``X_out`` (q, p) areas
    without direct estimates, which get the synthetic x'β̂ with MSE σ_v² + x'(X'V⁻¹X)⁻¹x.
    ``boundary``: what to do when REML gives σ_v² = 0 — ``"li_lahiri"`` (default) refits by
    adjusted REML (:func:`adjusted_reml_sigma2`), ``"yoshimori_lahiri"`` by the milder
    :func:`yoshimori_lahiri_sigma2`, ``"keep"`` keeps 0. ``at_boundary`` records
    that REML hit the boundary either way. No clipping here (see :func:`sae_estimates`).
    """
    y = np.asarray(direct, dtype=float)
    psi = np.asarray(psi, dtype=float)
    X = np.asarray(X, dtype=float)
    if len(y) <= X.shape[1]:
        raise ValueError(f"Fay–Herriot needs more areas ({len(y)}) than covariates ({X.shape[1]})")
    sigma2, converged, iterations = reml_sigma2(y, X, psi, max_iter=max_iter, tol=tol)
    at_boundary = sigma2 <= 0.0
    if at_boundary and boundary == "li_lahiri":
        sigma2 = adjusted_reml_sigma2(y, X, psi)
    elif at_boundary and boundary == "yoshimori_lahiri":
        sigma2 = yoshimori_lahiri_sigma2(y, X, psi)
    v = sigma2 + psi
    v_inv = 1.0 / v
    xtvx_inv = np.linalg.inv(X.T @ (X * v_inv[:, None]))
    beta = xtvx_inv @ (X.T @ (v_inv * y))
    synthetic = X @ beta
    gamma = sigma2 / v
    estimate = gamma * y + (1 - gamma) * synthetic
    sigma2_var = 2.0 / np.sum(v_inv**2)  # REML asymptotic variance of sigma2
    g1 = gamma * psi
    g2 = (1 - gamma) ** 2 * np.einsum("ij,jk,ik->i", X, xtvx_inv, X)
    g3 = psi**2 * v_inv**3 * sigma2_var
    mse = g1 + g2 + 2 * g3
    fit = FayHerriotFit(
        estimate,
        mse,
        gamma,
        synthetic,
        beta,
        xtvx_inv,
        float(sigma2),
        float(sigma2_var),
        converged,
        iterations,
        bool(at_boundary),
    )
    if X_out is not None and len(X_out):
        X_out = np.asarray(X_out, dtype=float)
        fit.estimate_out = X_out @ beta
        fit.mse_out = sigma2 + np.einsum("ij,jk,ik->i", X_out, xtvx_inv, X_out)
    return fit


def prepare_covariates(
    areas: pd.Index, covariates: pd.DataFrame | None, min_coverage: float = 0.8
) -> tuple[np.ndarray, list[str], list[str]]:
    """Return (design matrix with intercept, used column names, notes) for ``areas``.

    ``covariates`` has ``area_code`` and numeric columns. A column covering fewer than
    ``min_coverage`` of the areas is dropped; remaining gaps are filled with the column mean.
    Columns are standardised (mean 0, SD 1) for numerical stability.
    """
    notes: list[str] = []
    X = [np.ones(len(areas))]
    used: list[str] = []
    if covariates is not None and len(covariates):
        table = covariates.copy()
        table["area_code"] = table["area_code"].astype(str)
        table = table.drop_duplicates("area_code").set_index("area_code").reindex(areas)
        for column in table.columns:
            if column in ("province_code", "households", "is_synthetic", "level", "name"):
                continue
            values = pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=float)
            coverage = float(np.mean(~np.isnan(values))) if len(values) else 0.0
            if coverage < min_coverage:
                notes.append(
                    f"covariate '{column}' dropped: covers {coverage:.0%} of areas (< {min_coverage:.0%})"
                )
                continue
            if coverage < 1:
                notes.append(
                    f"covariate '{column}': {int(np.isnan(values).sum())} areas filled with the mean"
                )
                values = np.where(np.isnan(values), np.nanmean(values), values)
            sd = values.std()
            if sd == 0:
                notes.append(f"covariate '{column}' dropped: constant")
                continue
            X.append((values - values.mean()) / sd)
            used.append(column)
    return np.column_stack(X), used, notes


def smoothed_psi(
    rate_national: float,
    n_eff: np.ndarray,
    deff: np.ndarray,
    n: np.ndarray,
    min_n_deff: int = 30,
    min_deff: float = 1.0,
) -> tuple[np.ndarray, float]:
    """GVF sampling variances ψ_d = p̄(1 − p̄)·deff̄_c / n_eff,d; returns (ψ, deff̄_c).

    ``deff`` is the full design effect V / V_srs of each area (weighting *and* clustering,
    :func:`helpers.model.survey.direct_estimates`); ``n_eff`` the Kish effective n, which
    already takes out the weighting effect n / n_eff. So only the clustering part
    deff_c = deff · n_eff / n enters: its median over areas with at least ``min_n_deff``
    units, floored at ``min_deff``. (Using the full deff over n_eff counts the weighting
    effect twice.)
    """
    n = np.asarray(n, dtype=float)
    n_eff = np.asarray(n_eff, dtype=float)
    deff = np.asarray(deff, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        deff_cluster = deff * n_eff / n
    good = (n >= min_n_deff) & np.isfinite(deff_cluster)
    deff_bar = float(np.median(deff_cluster[good])) if good.any() else min_deff
    deff_bar = max(deff_bar, min_deff)
    p = float(np.clip(rate_national, 1e-4, 1 - 1e-4))
    with np.errstate(divide="ignore"):
        psi = p * (1 - p) * deff_bar / n_eff
    return psi, deff_bar


def sae_estimates(
    direct: pd.DataFrame,
    indicator: str,
    level: str,
    covariates: pd.DataFrame | None = None,
    areas: list[str] | None = None,
    settings: dict | None = None,
) -> pd.DataFrame:
    """Fay–Herriot EBLUPs for one indicator at one level from a direct-estimate table.

    ``direct`` is the output of :func:`helpers.model.survey.direct_estimates` (it must hold the
    national row of ``indicator`` for the GVF). Areas: those with a direct estimate, plus
    ``areas`` and, when ``covariates`` is given, every area it lists; areas with fewer than
    ``min_n_for_direct`` users get the synthetic prediction. Returns one row per area:
    ``area_code, level, indicator, n_unweighted, direct, direct_se, direct_status, psi,
    gamma, synthetic, estimate, mse, rmse, ci90_low, ci90_high, method`` (``EBLUP`` /
    ``synthetic``), estimates clipped to [0, 1]. ``attrs`` hold β, σ_v², the boundary flag,
    the covariates used and notes.
    """
    settings = settings or estimation_settings()["fay_herriot"]
    min_n_deff = estimation_settings()["direct"]["suppression"]["min_n_unweighted"]
    rows = direct[(direct["indicator"] == indicator) & (direct["level"] == level)].copy()
    national = direct[(direct["indicator"] == indicator) & (direct["level"] == "national")]
    if national.empty:
        raise ValueError(
            f"national direct estimate of '{indicator}' needed for the variance smoothing"
        )
    rate_national = float(national["estimate"].iloc[0])
    rows["area_code"] = rows["area_code"].astype(str)
    all_areas = list(rows["area_code"])
    extra = list(areas or [])
    if covariates is not None:
        extra += list(covariates["area_code"].astype(str))
    all_areas = pd.Index(sorted(set(all_areas) | set(extra)))
    rows = rows.set_index("area_code").reindex(all_areas)
    n = rows["n_unweighted"].fillna(0).to_numpy(dtype=float)
    sampled = (n >= settings["min_n_for_direct"]) & rows["estimate"].notna().to_numpy()
    psi, deff_bar = smoothed_psi(
        rate_national,
        rows["n_eff_kish"].to_numpy(dtype=float),
        rows["deff"].to_numpy(dtype=float),
        n,
        min_n_deff,
        settings["min_deff"],
    )
    X, used, notes = prepare_covariates(all_areas, covariates, settings["min_covariate_coverage"])
    fit = fay_herriot(
        rows["estimate"].to_numpy(dtype=float)[sampled],
        psi[sampled],
        X[sampled],
        X[~sampled],
        max_iter=settings["max_iter"],
        tol=settings["tol"],
        boundary=settings.get("boundary", "li_lahiri"),
    )
    estimate = np.empty(len(all_areas))
    mse = np.empty(len(all_areas))
    gamma = np.zeros(len(all_areas))
    synthetic = X @ fit.beta
    estimate[sampled], mse[sampled], gamma[sampled] = fit.estimate, fit.mse, fit.gamma
    estimate[~sampled], mse[~sampled] = fit.estimate_out, fit.mse_out
    z = norm.ppf(0.5 + settings["ci_level"] / 2)
    rmse = np.sqrt(mse)
    clipped = np.clip(estimate, 0.0, 1.0)
    if fit.at_boundary:
        notes.append(
            "REML put sigma_v^2 on the boundary (0); "
            + (
                "refitted by Li–Lahiri adjusted REML"
                if settings.get("boundary", "li_lahiri") == "li_lahiri"
                else "EBLUP equals the synthetic estimate and the MSE may be too small"
            )
        )
    out = pd.DataFrame(
        {
            "area_code": all_areas,
            "level": level,
            "indicator": indicator,
            "n_unweighted": n.astype(int),
            "direct": rows["estimate"].to_numpy(dtype=float),
            "direct_se": rows["se"].to_numpy(dtype=float),
            "direct_status": rows["status"].fillna("suppressed").to_numpy(dtype=object),
            "psi": np.where(sampled, psi, np.nan),
            "gamma": gamma,
            "synthetic": np.clip(synthetic, 0, 1),
            "estimate": clipped,
            "mse": mse,
            "rmse": rmse,
            "ci90_low": np.clip(estimate - z * rmse, 0.0, 1.0),
            "ci90_high": np.clip(estimate + z * rmse, 0.0, 1.0),
            "method": np.where(sampled, "EBLUP", "synthetic"),
        }
    )
    out.attrs.update(
        {
            "beta": fit.beta.tolist(),
            "covariates": ["intercept", *used],
            "sigma2_v": fit.sigma2_v,
            "at_boundary": fit.at_boundary,
            "converged": fit.converged,
            "deff_bar": deff_bar,
            "notes": notes,
            "rate_national": rate_national,
            "is_synthetic": bool(direct.attrs.get("is_synthetic", False)),
        }
    )
    return out
