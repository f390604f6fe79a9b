"""How sector experience drives the experience dimension: statistical and accounting paths.

* :func:`respondent_model` — statsmodels WLS of a respondent's Pengalaman score on each
  sector's use and extra-payment indicator, survey weights, errors clustered by PSU (or
  kab/kota).
* :func:`area_model` — WLS across areas (kab/kota or provinces) of the area's Pengalaman on
  the sector extra-payment rates, with wild cluster bootstrap intervals (clusters =
  provinces; Rademacher, or Webb six-point weights with fewer than 12 clusters). Area-level
  associations are ECOLOGICAL: they describe areas, not people.
* :func:`accounting` — exact accounting given the score construction and the implied
  weights: each sector's share of service contacts × its item rates → points of pengalaman
  publik lost; Δpublik moves Pengalaman by 0.75·Δ and IPAK by 0.70·0.75·Δ = 0.525·Δ.
* :func:`what_if` — lower sector X's extra-payment rate by k points → ΔPengalaman publik,
  ΔPengalaman, ΔIPAK with a 90 % interval, by any of the three paths.
* :func:`fit_mixedlm_checked` / :func:`check_mixedlm` — a guard against the statsmodels
  MixedLM traps (DOMAIN.md §8): random-effect variance on the boundary, all fixed effects
  exactly 0.0 while "converged" (statsmodels issue #10239), non-convergence, NaN SEs.

What statsmodels cannot do (and what we do instead): it has no survey design object. WLS
``weights`` are precision weights; with survey weights the point estimates equal the
survey-weighted (pseudo-ML) estimates, but the default SEs would be wrong, so only the
cluster-robust sandwich is reported. That sandwich ignores stratification (usually
conservative) and the finite-population correction, uses G − 1 degrees of freedom rather
than the design's (#PSU − #strata), and offers no replicate weights. ``GLM(freq_weights=…)``
would treat weights as counts and inflate n — do not use it with survey weights. MixedLM
takes no weights at all. Cluster-robust SEs over-reject with ~34–38 clusters, hence the wild
cluster bootstrap at area level.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import sparse
from scipy.stats import norm

from helpers.data.microdata import SECTORS
from helpers.model import ipak
from helpers.model.scores import with_scores
from helpers.model.survey import make_design
from helpers.reference.files import estimation_settings


def _z(level: float) -> float:
    return float(norm.ppf(0.5 + level / 2))


# ---------------------------------------------------------------------------------------------
# Respondent level


@dataclass
class RespondentModel:
    """Respondent-level WLS with cluster-robust SEs (see :func:`respondent_model`)."""

    result: object
    table: pd.DataFrame
    outcome: str
    n: int
    n_clusters: int
    cluster: str
    use_share: dict[str, float]
    notes: list[str] = field(default_factory=list)


def respondent_design_matrix(
    scored: pd.DataFrame, sectors=SECTORS, controls: bool = True
) -> pd.DataFrame:
    """Return the respondent-level regressors with a constant.

    Per sector ``<sector>_used`` and ``<sector>_paid_extra`` (0 when not used); controls:
    urban, education dummies (vs ≤SLTP) and age groups (vs < 40).
    """
    cols = {}
    for sector in sectors:
        used = scored[f"{sector}_used"].to_numpy(dtype=float)
        cols[f"{sector}_used"] = used
        cols[f"{sector}_paid_extra"] = (
            np.nan_to_num(scored[f"{sector}_paid_extra"].to_numpy(dtype=float)) * used
        )
    if controls:
        cols["urban"] = scored["urban"].to_numpy(dtype=float)
        education = scored["education"].astype(str).to_numpy()
        cols["education_slta"] = (education == "slta").astype(float)
        cols["education_gt_slta"] = (education == "gt_slta").astype(float)
        age = scored["age"].to_numpy(dtype=float)
        cols["age_40_59"] = ((age >= 40) & (age < 60)).astype(float)
        cols["age_60_plus"] = (age >= 60).astype(float)
    frame = pd.DataFrame(cols, index=scored.index)
    frame.insert(0, "const", 1.0)
    return frame


def respondent_model(
    micro: pd.DataFrame,
    outcome: str = "pengalaman_score_0_5",
    cluster: str = "psu",
    controls: bool = True,
    sectors=SECTORS,
    ci_level: float = 0.90,
) -> RespondentModel:
    """WLS of a respondent's score on sector experiences, survey weights, cluster-robust SEs.

    Sample: respondents whose ``outcome`` is defined (for Pengalaman: used ≥ 1 service and
    exposed to ≥ 1 "other" domain). Weights are normalised to mean 1 (point estimates =
    survey-weighted estimates). ``cluster``: ``"psu"`` (default; PSU within stratum) or
    ``"regency_code"``. The coefficient of ``<sector>_paid_extra`` is the difference in the
    score between users of the sector who paid extra and users who did not, other things
    equal. Stratification, FPC and design degrees of freedom are NOT used (statsmodels
    cannot); see the module docstring.
    """
    scored = with_scores(micro)
    y = scored[outcome].to_numpy(dtype=float)
    ok = ~np.isnan(y)
    X = respondent_design_matrix(scored, sectors, controls)[ok]
    w = scored["weight"].to_numpy(dtype=float)[ok]
    w = w / w.mean()
    if cluster == "psu":
        groups = make_design(scored).psu[ok]  # PSU within stratum
    else:
        groups = pd.factorize(scored[cluster].astype(str).to_numpy()[ok])[0]
    keep = X.columns[(X.to_numpy().std(axis=0) > 0) | (X.columns == "const")]
    notes = []
    if len(keep) < X.shape[1]:
        notes.append(f"constant regressors dropped: {sorted(set(X.columns) - set(keep))}")
        X = X[keep]
    model = sm.WLS(y[ok], X, weights=w)
    result = model.fit(cov_type="cluster", cov_kwds={"groups": groups, "use_correction": True})
    z = _z(ci_level)
    table = pd.DataFrame({"coef": result.params, "se": result.bse, "p_value": result.pvalues})
    table["ci90_low"] = table["coef"] - z * table["se"]
    table["ci90_high"] = table["coef"] + z * table["se"]
    use_share = {}
    for sector in sectors:
        if f"{sector}_used" in X.columns:
            use_share[sector] = float(np.average(X[f"{sector}_used"], weights=w))
    n_clusters = int(len(np.unique(groups)))
    if n_clusters < 50:
        notes.append(
            f"only {n_clusters} clusters: cluster-robust SEs over-reject; prefer a wild bootstrap"
        )
    return RespondentModel(
        result, table, outcome, int(ok.sum()), n_clusters, cluster, use_share, notes
    )


# ---------------------------------------------------------------------------------------------
# Area level with wild cluster bootstrap


@dataclass
class AreaModel:
    """Area-level WLS with wild-cluster-bootstrap intervals (see :func:`area_model`)."""

    table: pd.DataFrame
    data: pd.DataFrame
    outcome: str
    regressors: list[str]
    level: str
    n_areas: int
    n_clusters: int
    bootstrap_weights: str
    reps: int
    notes: list[str] = field(default_factory=list)


def _bootstrap_weights(
    kind: str, n_clusters: int, reps: int, rng: np.random.Generator
) -> np.ndarray:
    if kind == "auto":
        kind = "webb" if n_clusters < 12 else "rademacher"
    if kind == "rademacher":
        return rng.choice(np.array([-1.0, 1.0]), size=(n_clusters, reps))
    if kind == "webb":
        values = np.array(
            [-math.sqrt(1.5), -1.0, -math.sqrt(0.5), math.sqrt(0.5), 1.0, math.sqrt(1.5)]
        )
        return rng.choice(values, size=(n_clusters, reps))
    raise ValueError("bootstrap weights must be 'rademacher', 'webb' or 'auto'")


def wild_cluster_bootstrap(
    y: np.ndarray,
    X: np.ndarray,
    weights: np.ndarray,
    clusters: np.ndarray,
    reps: int = 999,
    kind: str = "auto",
    seed: int = 20241,
    ci_level: float = 0.90,
) -> dict[str, np.ndarray]:
    """WLS with CR1 cluster-robust SEs and wild cluster bootstrap-t intervals (unrestricted).

    Vectorised over replicates: y* = Xβ̂ + û·v_g, β̂* = β̂ + A(û·v_g) with A = (X'WX)⁻¹X'W,
    and the CR1 SE recomputed on every replicate. Interval: β̂ ± q(|t*|)·SE (symmetric
    bootstrap-t), which behaves well with few clusters. Also returns the percentile interval
    of β̂*. ``kind``: ``rademacher``, ``webb`` or ``auto`` (Webb with < 12 clusters).
    """
    y = np.asarray(y, dtype=float)
    X = np.asarray(X, dtype=float)
    w = np.asarray(weights, dtype=float)
    g_codes, g_uniques = pd.factorize(np.asarray(clusters))
    n, k = X.shape
    G = len(g_uniques)
    xtw = X.T * w
    bread = np.linalg.inv(xtw @ X)
    A = bread @ xtw  # k × n
    beta = A @ y
    resid = y - X @ beta
    C = sparse.csr_matrix((np.ones(n), (g_codes, np.arange(n))), shape=(G, n))
    correction = G / (G - 1) * (n - 1) / (n - k) if G > 1 and n > k else 1.0

    def cr1_se(e: np.ndarray) -> np.ndarray:
        # e: (n, B) residuals → SE (k, B)
        scores = np.stack(
            [np.asarray(C @ (X[:, j, None] * w[:, None] * e)) for j in range(k)], axis=1
        )  # G×k×B
        meat = np.einsum("gkb,glb->klb", scores, scores)
        cov = np.einsum("ik,klb,lj->ijb", bread, meat, bread) * correction
        return np.sqrt(np.maximum(np.einsum("iib->ib", cov), 0.0))

    se = cr1_se(resid[:, None])[:, 0]
    rng = np.random.default_rng(seed)
    V = _bootstrap_weights(kind, G, reps, rng)
    U = resid[:, None] * V[g_codes]  # n × B
    beta_star = beta[:, None] + A @ U
    e_star = U - X @ (A @ U)
    se_star = cr1_se(e_star)
    with np.errstate(invalid="ignore", divide="ignore"):
        t_star = (beta_star - beta[:, None]) / se_star
    q = np.nanquantile(np.abs(t_star), ci_level, axis=1)
    alpha = 1 - ci_level
    return {
        "coef": beta,
        "se": se,
        "ci_low": beta - q * se,
        "ci_high": beta + q * se,
        "pct_low": np.quantile(beta_star, alpha / 2, axis=1),
        "pct_high": np.quantile(beta_star, 1 - alpha / 2, axis=1),
        "cr1_low": beta - _z(ci_level) * se,
        "cr1_high": beta + _z(ci_level) * se,
        "n_clusters": np.array(G),
        "beta_star": beta_star,
    }


def area_table(
    direct: pd.DataFrame,
    level: str = "regency",
    outcome: str = "pengalaman_score_0_5",
    rates: pd.DataFrame | None = None,
    item: str = "paid_extra",
) -> pd.DataFrame:
    """Assemble one row per area for :func:`area_model`.

    Columns: the outcome's direct estimate (``outcome``), its Kish n_eff, SE, the province
    code and one column ``<sector>_<item>`` per sector — from ``rates`` (columns
    ``area_code, sector, estimate``) or else the direct rates. Areas lacking any value are
    dropped. Beware: Fay–Herriot rates built on the same covariates are nearly collinear
    across sectors; direct rates (the default) attenuate slopes instead.
    """
    d = direct[direct["level"] == level]
    y = d[d["indicator"] == outcome].set_index("area_code")[["estimate", "n_eff_kish", "se"]]
    y = y.rename(columns={"estimate": "outcome", "n_eff_kish": "n_eff", "se": "outcome_se"})
    if rates is None:
        r = d[d["item"] == item].pivot(index="area_code", columns="sector", values="estimate")
    else:
        r = rates.pivot(index="area_code", columns="sector", values="estimate")
    r.columns = [f"{c}_{item}" for c in r.columns]
    table = y.join(r, how="inner").dropna()
    table.index = table.index.astype(str)
    table["province_code"] = [c[:2] for c in table.index]
    return table


def area_model(
    table: pd.DataFrame,
    regressors: list[str] | None = None,
    level: str = "regency",
    outcome: str = "pengalaman_score_0_5",
    reps: int | None = None,
    kind: str | None = None,
    seed: int | None = None,
    ci_level: float | None = None,
) -> AreaModel:
    """WLS across areas of the area's outcome on sector rates, wild cluster bootstrap by province.

    ``table`` from :func:`area_table` (columns ``outcome``, ``n_eff``, ``province_code`` and
    the regressors). Weights: Kish effective n of the outcome. Coefficients are per unit of
    rate (proportion): a coefficient of −2 means +1 point (0.01) in the rate goes with
    −0.02 in the outcome. ECOLOGICAL association across areas; not a causal or individual
    effect. Regressors measured with error (direct rates) attenuate slopes; Fay–Herriot rates
    reduce that.
    """
    cfg = estimation_settings()["drivers"]
    reps = reps or cfg["bootstrap_reps"]
    kind = kind or cfg["bootstrap_weights"]
    seed = cfg["seed"] if seed is None else seed
    ci_level = ci_level or cfg["ci_level"]
    regressors = regressors or [c for c in table.columns if c.endswith("_paid_extra")]
    X = np.column_stack([np.ones(len(table)), table[regressors].to_numpy(dtype=float)])
    res = wild_cluster_bootstrap(
        table["outcome"].to_numpy(dtype=float),
        X,
        table["n_eff"].to_numpy(dtype=float),
        table["province_code"].to_numpy(),
        reps=reps,
        kind=kind,
        seed=seed,
        ci_level=ci_level,
    )
    names = ["const", *regressors]
    out = pd.DataFrame(
        {
            "coef": res["coef"],
            "se_cr1": res["se"],
            "ci90_low": res["ci_low"],
            "ci90_high": res["ci_high"],
            "ci90_low_percentile": res["pct_low"],
            "ci90_high_percentile": res["pct_high"],
            "ci90_low_cr1_normal": res["cr1_low"],
            "ci90_high_cr1_normal": res["cr1_high"],
        },
        index=names,
    )
    n_clusters = int(res["n_clusters"])
    used_kind = ("webb" if n_clusters < 12 else "rademacher") if kind == "auto" else kind
    notes = ["ecological association across areas (not an individual effect)"]
    if n_clusters < 10:
        notes.append(f"only {n_clusters} clusters: even the wild bootstrap is fragile")
    return AreaModel(
        out, table, outcome, list(regressors), level, len(table), n_clusters, used_kind, reps, notes
    )


# ---------------------------------------------------------------------------------------------
# Accounting path and what-if


def accounting(
    direct: pd.DataFrame, area_code: str = "00", level: str | None = None, year: int = 2024
) -> pd.DataFrame:
    """Exact accounting of pengalaman publik by sector for one area (default national).

    Per sector: ``contact_share`` (share of service contacts, respondents weighted by 1/number
    of services used), ``paid_extra_rate``, ``publik_loss`` (points of pengalaman publik lost to
    that sector's four items), and that loss carried to Pengalaman (× 0.75) and IPAK
    (× 0.70·0.75). The losses add up to 5 − pengalaman publik (exact up to floating point);
    a final row ``total`` holds the sums and the estimated pengalaman publik.
    """
    level = level or (
        "national" if area_code == "00" else ("province" if len(area_code) == 2 else "regency")
    )
    d = direct[
        (direct["level"] == level) & (direct["area_code"].astype(str) == area_code)
    ].set_index("indicator")
    if d.empty:
        raise KeyError(f"no direct estimates for area '{area_code}' at level '{level}'")
    weights = ipak.load_weights()
    w_e = weights.for_year(year).pengalaman
    w_pub = weights.pengalaman_publik
    rows = []
    for sector in SECTORS:
        loss = float(d.loc[f"{sector}_publik_loss", "estimate"])
        rows.append(
            {
                "sector": sector,
                "contact_share": float(d.loc[f"{sector}_contact_share", "estimate"]),
                "contact_share_se": float(d.loc[f"{sector}_contact_share", "se"]),
                "paid_extra_rate": float(d.loc[f"{sector}_paid_extra", "estimate"]),
                "publik_loss": loss,
                "publik_loss_se": float(d.loc[f"{sector}_publik_loss", "se"]),
                "pengalaman_loss": w_pub * loss,
                "ipak_loss": w_e * w_pub * loss,
            }
        )
    table = pd.DataFrame(rows)
    publik = float(d.loc["pengalaman_publik_score_0_5", "estimate"])
    total = {
        "sector": "total",
        "contact_share": table.contact_share.sum(),
        "contact_share_se": np.nan,
        "paid_extra_rate": float(d.loc["paid_or_asked_any", "estimate"])
        if "paid_or_asked_any" in d.index
        else np.nan,
        "publik_loss": table.publik_loss.sum(),
        "publik_loss_se": np.nan,
        "pengalaman_loss": table.pengalaman_loss.sum(),
        "ipak_loss": table.ipak_loss.sum(),
    }
    table = pd.concat([table, pd.DataFrame([total])], ignore_index=True)
    table.attrs.update(
        {
            "pengalaman_publik": publik,
            "weights_origin": weights.origin,
            "w_pengalaman": w_e,
            "w_publik": w_pub,
        }
    )
    return table


@dataclass
class WhatIf:
    """Effect of lowering one sector's extra-payment rate by ``k_points`` percentage points.

    ``ci_*`` are (low, high) intervals at ``ci_level``. ``notes`` are keys (texts
    ``what_if_notes.<key>``: ``capped``, ``share``, ``respondent``, ``area``); their numbers are
    ``paid_extra_share`` (the scope's rate before the cut, 0–1) and ``national_share`` (the
    scope's share of the national weight, 0–1).
    """

    sector: str
    k_points: float
    method: str
    scope: str
    delta_pengalaman_publik: float
    delta_pengalaman: float
    delta_ipak: float
    ci_pengalaman_publik: tuple[float, float]
    ci_pengalaman: tuple[float, float]
    ci_ipak: tuple[float, float]
    notes: list[str] = field(default_factory=list)
    ci_level: float = 0.90
    paid_extra_share: float = float("nan")
    national_share: float = float("nan")

    def as_row(self) -> dict:
        """Return the result as a flat dict (one table row)."""
        return {
            "sector": self.sector,
            "k_points": self.k_points,
            "method": self.method,
            "scope": self.scope,
            "delta_pengalaman_publik": self.delta_pengalaman_publik,
            "delta_pengalaman_publik_ci_low": self.ci_pengalaman_publik[0],
            "delta_pengalaman_publik_ci_high": self.ci_pengalaman_publik[1],
            "delta_pengalaman": self.delta_pengalaman,
            "delta_pengalaman_ci_low": self.ci_pengalaman[0],
            "delta_pengalaman_ci_high": self.ci_pengalaman[1],
            "delta_ipak": self.delta_ipak,
            "delta_ipak_ci_low": self.ci_ipak[0],
            "delta_ipak_ci_high": self.ci_ipak[1],
            "ci_level": self.ci_level,
            "paid_extra_share": self.paid_extra_share,
            "national_share": self.national_share,
            "notes": "; ".join(self.notes),
        }


def _interval(value_low: float, value_high: float) -> tuple[float, float]:
    return (min(value_low, value_high), max(value_low, value_high))


def what_if(
    sector: str,
    k_points: float,
    direct: pd.DataFrame,
    method: str = "accounting",
    scope: str = "00",
    respondent: RespondentModel | None = None,
    area: AreaModel | None = None,
    year: int = 2024,
    ci_level: float = 0.90,
) -> WhatIf:
    """Lower ``sector``'s extra-payment rate by ``k_points`` points and return the change.

    Returns Δ Pengalaman publik, Δ Pengalaman and Δ IPAK (national) with ``ci_level`` intervals.

    The three methods:

    * ``accounting``: Δpublik = 5·α_paid·(k/100)·contact share of the sector (α_paid = weight
      of the paid-extra item in the contact score); ΔPengalaman = 0.75·Δpublik; ΔIPAK =
      0.70·0.75·Δpublik. Interval from the design-based SE of the contact share. Only the
      paid-extra item changes (no knock-on on asked/gift/broker).
    * ``respondent``: ΔPengalaman = −β(paid_extra)·(k/100)·(share using the sector) from
      :func:`respondent_model` (outcome Pengalaman); Δpublik = ΔPengalaman/0.75.
    * ``area``: ΔPengalaman = −slope·(k/100) from :func:`area_model` (ecological); interval
      from the wild cluster bootstrap.

    ``scope``: ``"00"`` (the whole country lowers the rate) or a province code (only that
    province: Δ for the province itself, and ΔIPAK national = province's share of contact
    weight × Δ). The reduction is capped at the current rate. Notes are keys (see
    :class:`WhatIf`); the renderers word them (:mod:`helpers.brief.render.tables`).
    """
    from helpers.model import ipak

    weights = ipak.load_weights()
    w_e = weights.for_year(year).pengalaman
    w_pub = weights.pengalaman_publik
    z = _z(ci_level)
    level = "national" if scope == "00" else "province"
    d = direct[(direct["level"] == level) & (direct["area_code"].astype(str) == scope)].set_index(
        "indicator"
    )
    if d.empty:
        raise KeyError(f"no direct estimates for scope '{scope}'")
    notes: list[str] = []
    rate = float(d.loc[f"{sector}_paid_extra", "estimate"])
    k = float(k_points) / 100.0
    if k > rate:
        notes.append("capped")
        k = rate
    # share of the national IPAK base that the scope represents (weights of respondents with contacts)
    if scope == "00":
        national_share = 1.0
    else:
        nat = direct[
            (direct["level"] == "national") & (direct["indicator"] == "pengalaman_publik_score_0_5")
        ]
        national_share = float(
            d.loc["pengalaman_publik_score_0_5", "weight_sum"] / nat["weight_sum"].iloc[0]
        )
        notes.append("share")
    if method == "accounting":
        alpha = estimation_settings()["scores"]["contact_item_weights"]["paid_extra"]
        share = float(d.loc[f"{sector}_contact_share", "estimate"])
        share_se = float(d.loc[f"{sector}_contact_share", "se"])
        d_pub = 5.0 * alpha * k * share
        half = 5.0 * alpha * k * z * share_se
        ci_pub = (d_pub - half, d_pub + half)
        d_eng = w_pub * d_pub
        ci_eng = (w_pub * ci_pub[0], w_pub * ci_pub[1])
    elif method == "respondent":
        if respondent is None:
            raise ValueError("method='respondent' needs respondent=respondent_model(...)")
        coef = respondent.table.loc[f"{sector}_paid_extra"]
        use = respondent.use_share[sector]
        if scope != "00":  # rescale the model population's use share to the province
            nat_used = direct[
                (direct["level"] == "national") & (direct["indicator"] == f"{sector}_used")
            ]
            use *= float(d.loc[f"{sector}_used", "estimate"]) / float(nat_used["estimate"].iloc[0])
        d_eng = -float(coef["coef"]) * k * use
        ci_eng = _interval(-float(coef["ci90_low"]) * k * use, -float(coef["ci90_high"]) * k * use)
        d_pub = d_eng / w_pub
        ci_pub = (ci_eng[0] / w_pub, ci_eng[1] / w_pub)
        notes.append("respondent")
    elif method == "area":
        if area is None:
            raise ValueError("method='area' needs area=area_model(...)")
        row = area.table.loc[f"{sector}_paid_extra"]
        d_eng = -float(row["coef"]) * k
        ci_eng = _interval(-float(row["ci90_low"]) * k, -float(row["ci90_high"]) * k)
        d_pub = d_eng / w_pub
        ci_pub = (ci_eng[0] / w_pub, ci_eng[1] / w_pub)
        notes.append("area")
    else:
        raise ValueError("method must be 'accounting', 'respondent' or 'area'")
    d_ipak = w_e * d_eng * national_share
    ci_ipak = (w_e * ci_eng[0] * national_share, w_e * ci_eng[1] * national_share)
    return WhatIf(
        sector, float(k_points), method, scope, d_pub, d_eng, d_ipak, ci_pub, ci_eng, ci_ipak, notes,
        float(ci_level), rate, national_share,
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# MixedLM guard


class DegenerateFitError(RuntimeError):
    """A mixed model whose fit must not be reported (boundary, all-zero fixed effects, …)."""

    def __init__(self, reasons: list[str]):
        self.reasons = list(reasons)
        super().__init__("MixedLM fit is degenerate: " + "; ".join(self.reasons))


@dataclass
class CheckedMixedLM:
    """A MixedLM result with the guard's verdict."""

    result: object
    degenerate: bool
    reasons: list[str]
    re_variance: float
    re_share: float


def check_mixedlm(
    result, boundary_share: float | None = None, fit_warnings: list[str] | None = None
) -> CheckedMixedLM:
    """Inspect a fitted statsmodels MixedLM result and list what makes it degenerate.

    Flags: not converged; random-effect variance ≤ ``boundary_share`` × total variance (on
    the boundary; ``estimation.yaml`` → ``drivers.mixedlm_boundary_share``); all fixed
    effects exactly 0.0 (statsmodels #10239, reported as "converged"); NaN standard errors
    (singular Hessian); and boundary/singularity warnings raised during the fit.
    """
    if boundary_share is None:
        boundary_share = estimation_settings()["drivers"]["mixedlm_boundary_share"]
    reasons: list[str] = []
    if not getattr(result, "converged", True):
        reasons.append("optimizer did not converge")
    fe = np.asarray(result.fe_params, dtype=float)
    if fe.size and np.all(fe == 0.0):
        reasons.append("all fixed effects are exactly 0.0 despite 'converged' (statsmodels #10239)")
    cov_re = np.atleast_2d(np.asarray(result.cov_re, dtype=float))
    re_var = float(np.trace(cov_re)) if cov_re.size else 0.0
    scale = float(result.scale)
    share = re_var / (re_var + scale) if (re_var + scale) > 0 else 0.0
    if not np.isfinite(re_var) or share <= boundary_share:
        reasons.append(
            f"random-effect variance on the boundary (share {share:.2e} of total variance)"
        )
    bse = np.asarray(getattr(result, "bse_fe", result.bse), dtype=float)
    if np.any(~np.isfinite(bse)):
        reasons.append("NaN standard errors (singular Hessian)")
    for message in fit_warnings or []:
        lowered = message.lower()
        if any(
            key in lowered for key in ("boundary", "singular", "not positive definite", "converge")
        ):
            reasons.append(f"warning during fit: {message}")
    return CheckedMixedLM(result, bool(reasons), reasons, re_var, share)


def fit_mixedlm_checked(
    endog, exog, groups, on_degenerate: str = "raise", **fit_kwargs
) -> CheckedMixedLM:
    """Fit ``statsmodels.MixedLM(endog, exog, groups)`` (random intercept) and guard it.

    Warnings of the fit are captured and inspected. ``on_degenerate="raise"`` (default)
    raises :class:`DegenerateFitError`; ``"flag"`` returns the result with ``degenerate=True``
    and the reasons, for display as "not estimable". MixedLM takes no survey weights.
    """
    import statsmodels.regression.mixed_linear_model as mlm

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = mlm.MixedLM(endog, exog, groups=groups)
        try:
            result = model.fit(**({"reml": True} | fit_kwargs))
        except (np.linalg.LinAlgError, ValueError) as exc:
            reasons = [f"fit failed: {exc}"]
            if on_degenerate == "raise":
                raise DegenerateFitError(reasons) from exc
            return CheckedMixedLM(None, True, reasons, float("nan"), float("nan"))
    checked = check_mixedlm(result, fit_warnings=[str(w.message) for w in caught])
    if checked.degenerate and on_degenerate == "raise":
        raise DegenerateFitError(checked.reasons)
    return checked


def regency_random_intercept_model(
    micro: pd.DataFrame,
    outcome: str = "pengalaman_score_0_5",
    on_degenerate: str = "flag",
    max_rows: int | None = 50_000,
    seed: int = 20241,
) -> CheckedMixedLM:
    """Unweighted random-intercept (kab/kota) model of the score on sector experiences, guarded.

    A complement to :func:`respondent_model` that shows how much of the variation sits
    between kab/kota. Unweighted (MixedLM has no weights); above ``max_rows`` respondents a
    fixed-seed random subsample is used to keep it fast.
    """
    scored = with_scores(micro)
    y = scored[outcome].to_numpy(dtype=float)
    ok = np.flatnonzero(~np.isnan(y))
    if max_rows is not None and len(ok) > max_rows:
        ok = np.sort(np.random.default_rng(seed).choice(ok, size=max_rows, replace=False))
    X = respondent_design_matrix(scored.iloc[ok], controls=False)
    groups = scored["regency_code"].astype(str).to_numpy()[ok]
    return fit_mixedlm_checked(y[ok], X, groups, on_degenerate=on_degenerate)
