"""The sector model on published data: a government-year panel (issue 20).

What goes with service users' experience across Indonesia's local governments (pemda)? The
outcome is KPK's SPI external sub-index (``spi_resp_eksternal``: service users and vendors) or
the SPI index (``spi``); the predictors are the Ombudsman compliance score (``ombudsman``), the
government's mean Ombudsman unit score per sector (``ombudsman_unit_<sector>``), MCP's licensing
and public-service areas (``mcp_perizinan``, ``mcp_pelayanan_publik``) and the MCP total
(``mcp``). All on 0–100 scales.

Model (one per predictor, each on its own complete cases; plus a joint model)::

    y_it = α + β·x_it + γ_t + ε_it        i = government, t = year (year fixed effects)

OLS, errors clustered by province (governments nest in provinces, so the province cluster also
carries a government's repeated years). With ~38 clusters of very unequal size the CR1 sandwich
over-rejects; intervals come from the wild cluster bootstrap-t of
:func:`helpers.model.drivers.wild_cluster_bootstrap` (Webb six-point weights, symmetric
interval). A random-intercept MixedLM (province) is fitted beside it as a check, guarded by
:func:`helpers.model.drivers.fit_mixedlm_checked`. Coverage is measured by
``bench/bench_panel.py`` on simulated panels of the same shape (:func:`simulate_panel`).

What the numbers are, and are not (say it wherever they are shown):

* associational and ecological — governments, not people; nothing here is a causal effect;
* SPI's external respondent group is not BPS's IPAK experience dimension (other survey, other
  respondents, other questions);
* the Ombudsman scores compliance with public-service standards, not bribery.

No imputation: a government-year enters a model only when the outcome and every predictor of
that model are published numbers. What is left out is counted per reason (:func:`panel_frame`).
Results are keys and numbers only (no reader words): the brief and the notebook word them.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.stats import norm

from helpers.core.levels import NATIONAL_CODE
from helpers.core.missing import PUBLISHED
from helpers.model.drivers import fit_mixedlm_checked, wild_cluster_bootstrap
from helpers.reference import regions
from helpers.reference.files import estimation_settings, load_yaml

OUTCOMES = ("spi_resp_eksternal", "spi")
UNIT_INDICATOR = "ombudsman_unit"
UNIT_PREFIX = "ombudsman_unit_"
CORE_SECTORS = ("perizinan", "dukcapil", "kesehatan", "pendidikan")
STANDARD_PREDICTORS = (
    "ombudsman",
    *(f"{UNIT_PREFIX}{sector}" for sector in CORE_SECTORS),
    "mcp_perizinan",
    "mcp_pelayanan_publik",
    "mcp",
)
JOINT_PREDICTORS = ("ombudsman", "mcp_perizinan", "mcp_pelayanan_publik")
METHOD = "wild_cluster_bootstrap_province"
PER_POINTS = 10.0

# fit status keys (the consumer words them)
OK = "ok"
TOO_FEW_OBS = "too_few_obs"
TOO_FEW_CLUSTERS = "too_few_clusters"
NO_VARIATION = "no_variation"


def panel_settings() -> dict:
    """Return ``estimation.yaml`` → ``panel`` (ci_level, n_boot, seed, weights, minimums)."""
    return dict(estimation_settings()["panel"])


def precision_rule() -> dict:
    """Return ``brief.yaml`` → ``drivers_slide`` (when an effect is precise enough to show)."""
    return dict(load_yaml("brief.yaml")["drivers_slide"])


# ---------------------------------------------------------------------------------------------
# The analysis table


def _source_indicator(indicator: str) -> str:
    return UNIT_INDICATOR if indicator.startswith(UNIT_PREFIX) else indicator


def _province_of(code: str) -> str:
    try:
        return regions.get(code).province_code
    except KeyError:
        return code[:2]


def _bump(exclusions: dict, reason: str, rows: int, region_codes) -> None:
    if rows <= 0:
        return
    entry = exclusions.setdefault(reason, {"n_rows": 0, "regions": set()})
    entry["n_rows"] += int(rows)
    entry["regions"] |= set(region_codes)


def _series(rows: pd.DataFrame, indicator: str, exclusions: dict) -> pd.Series:
    """One value per government-year for ``indicator`` (unit scores: mean per sector-year)."""
    if indicator.startswith(UNIT_PREFIX):
        sector = indicator[len(UNIT_PREFIX) :]
        rows = rows[(rows["indicator_id"] == UNIT_INDICATOR) & (rows["sector"] == sector)]
        return rows.groupby(["region_code", "year"])["value"].mean()
    rows = rows[rows["indicator_id"] == indicator]
    dup = rows.duplicated(["region_code", "year"], keep=False)
    if dup.any():  # the processed build forbids these; averaged and counted, never silent
        _bump(exclusions, f"duplicate_averaged_{indicator}", int(dup.sum()), rows.region_code[dup])
    return rows.groupby(["region_code", "year"])["value"].mean()


def panel_frame(
    values: pd.DataFrame, outcome: str, predictors
) -> tuple[pd.DataFrame, dict[str, dict[str, int]]]:
    """Build the government-year analysis table; count what is left out and why.

    ``values``: long values in the processed schema (``indicator_id, region_code, year, value,
    status``; ``sector`` for ``ombudsman_unit``). Only ``status == "published"`` rows with a
    number are used. Returns ``(frame, exclusions)``:

    * ``frame``: one row per government-year with the outcome and every predictor published —
      columns ``region_code, province_code, level, year, <outcome>, <predictors…>``; complete
      cases only (no imputation);
    * ``exclusions``: ``{reason: {"n_rows": …, "n_regions": …}}`` with reasons
      ``not_government`` (national "00" rows), ``not_autonomous`` (DKI's administrative
      kota/kabupaten), ``not_published`` (status other than published: suppressed, missing,
      not_applicable, interim …), ``no_score`` (published without a number, e.g. an Ombudsman
      grade only), then per government-year ``no_outcome`` (a predictor but no outcome) and
      ``no_<predictor>`` (the outcome but not that predictor; one row may count under several
      predictors). The first four count input rows, the others government-years.
    """
    predictors = [predictors] if isinstance(predictors, str) else list(predictors)
    if outcome in predictors:
        raise ValueError("the outcome cannot also be a predictor")
    wanted = {outcome, *(_source_indicator(p) for p in predictors)}
    rows = values[values["indicator_id"].isin(wanted)].copy()
    if "sector" not in rows.columns:
        rows["sector"] = ""
    rows["region_code"] = rows["region_code"].astype(str)
    rows["year"] = rows["year"].astype(int)
    rows["value"] = pd.to_numeric(rows["value"], errors="coerce")
    exclusions: dict = {}

    national = rows["region_code"] == NATIONAL_CODE
    bad_code = ~rows["region_code"].str.len().isin([2, 4])
    _bump(
        exclusions, "not_government", int((national | bad_code).sum()), rows.region_code[national]
    )
    rows = rows[~(national | bad_code)]
    autonomous = rows["region_code"].map(regions.is_autonomous).astype(bool)
    _bump(exclusions, "not_autonomous", int((~autonomous).sum()), rows.region_code[~autonomous])
    rows = rows[autonomous]
    published = rows["status"].astype(str) == PUBLISHED
    number = rows["value"].notna()
    for indicator, part in rows.groupby("indicator_id"):
        unpublished = part["status"].astype(str) != PUBLISHED
        no_number = ~unpublished & part["value"].isna()
        _bump(
            exclusions,
            f"not_published_{indicator}",
            int(unpublished.sum()),
            part.region_code[unpublished],
        )
        _bump(
            exclusions, f"no_score_{indicator}", int(no_number.sum()), part.region_code[no_number]
        )
    rows = rows[published & number]

    y = _series(rows, outcome, exclusions).rename(outcome)
    xs = [_series(rows, p, exclusions).rename(p) for p in predictors]
    wide = pd.concat([y, *xs], axis=1)
    has_y = wide[outcome].notna()
    has_any_x = wide[predictors].notna().any(axis=1)
    missing_y = wide.index[has_any_x & ~has_y]
    _bump(exclusions, "no_outcome", len(missing_y), missing_y.get_level_values(0))
    for p in predictors:
        missing = wide.index[has_y & wide[p].isna()]
        _bump(exclusions, f"no_{p}", len(missing), missing.get_level_values(0))
    frame = wide[has_y & wide[predictors].notna().all(axis=1)].reset_index()
    frame["province_code"] = frame["region_code"].map(_province_of)
    frame["level"] = np.where(frame["region_code"].str.len() == 2, "province", "regency")
    frame = frame[["region_code", "province_code", "level", "year", outcome, *predictors]]
    frame = frame.sort_values(["year", "region_code"]).reset_index(drop=True)
    out = {
        reason: {"n_rows": entry["n_rows"], "n_regions": len(entry["regions"])}
        for reason, entry in exclusions.items()
    }
    return frame, out


# ---------------------------------------------------------------------------------------------
# The fit


@dataclass(frozen=True)
class PanelEffect:
    """Effect of +1 point of ``predictor`` on ``outcome`` (outcome points), year FE, province clusters.

    ``status``: ``ok``, ``too_few_obs``, ``too_few_clusters`` or ``no_variation`` (no estimate:
    the numbers are NaN). ``ci_low``/``ci_high``: wild cluster bootstrap-t interval at
    ``ci_level`` (per predictor point); ``*_pts_per_10``: the same per 10 predictor points.
    ``se_cr1`` and the ``cr1`` bounds (normal, CR1 sandwich) are for comparison only.
    ``loyo``: per held-out year, ``{"year", "n", "rmse_model", "rmse_baseline"}``.
    ``mixedlm``: the province random-intercept check (None when not fitted).
    ``is_precise``: the ``drivers_slide`` rule of ``brief.yaml`` (:func:`is_precise`).
    """

    outcome: str
    predictor: str
    model: str  # "bivariate" or "joint"
    covariates: tuple[str, ...]
    status: str
    estimate_pts_per_pt: float
    ci_low: float
    ci_high: float
    ci_level: float
    se_cr1: float
    ci_low_cr1: float
    ci_high_cr1: float
    method: str
    bootstrap_weights: str
    n_boot: int
    seed: int
    n_obs: int
    n_regions: int
    n_provinces: int
    years: tuple[int, ...]
    n_obs_by_year: tuple[tuple[int, int], ...]
    n_excluded: dict = field(default_factory=dict)
    n_excluded_regions: dict = field(default_factory=dict)
    loyo: tuple = ()
    mixedlm: dict | None = None
    is_precise: bool = False

    @property
    def estimate_pts_per_10(self) -> float:
        """Effect of +10 predictor points, in outcome points."""
        return PER_POINTS * self.estimate_pts_per_pt

    @property
    def ci_low_pts_per_10(self) -> float:
        """Lower interval bound per 10 predictor points."""
        return PER_POINTS * self.ci_low

    @property
    def ci_high_pts_per_10(self) -> float:
        """Upper interval bound per 10 predictor points."""
        return PER_POINTS * self.ci_high

    @property
    def half_width_pts_per_10(self) -> float:
        """Half the interval's width per 10 predictor points (NaN without an estimate)."""
        return PER_POINTS * (self.ci_high - self.ci_low) / 2

    def loyo_summary(self) -> dict:
        """Pooled leave-one-year-out RMSEs over every held-out government-year."""
        done = [r for r in self.loyo if r["n"] > 0 and _finite(r["rmse_model"])]
        n = sum(r["n"] for r in done)
        if not n:
            return {"n": 0, "rmse_model": None, "rmse_baseline": None}
        model = math.sqrt(sum(r["n"] * r["rmse_model"] ** 2 for r in done) / n)
        base = math.sqrt(sum(r["n"] * r["rmse_baseline"] ** 2 for r in done) / n)
        return {"n": n, "rmse_model": model, "rmse_baseline": base}

    def as_record(self) -> dict:
        """Return plain JSON types only (NaN → None); keys and numbers, no reader words."""
        return _plain(
            {
                "outcome": self.outcome,
                "predictor": self.predictor,
                "model": self.model,
                "covariates": list(self.covariates),
                "status": self.status,
                "estimate_pts_per_pt": self.estimate_pts_per_pt,
                "ci_low": self.ci_low,
                "ci_high": self.ci_high,
                "estimate_pts_per_10": self.estimate_pts_per_10,
                "ci_low_pts_per_10": self.ci_low_pts_per_10,
                "ci_high_pts_per_10": self.ci_high_pts_per_10,
                "half_width_pts_per_10": self.half_width_pts_per_10,
                "ci_level": self.ci_level,
                "se_cr1": self.se_cr1,
                "ci_low_cr1": self.ci_low_cr1,
                "ci_high_cr1": self.ci_high_cr1,
                "method": self.method,
                "bootstrap_weights": self.bootstrap_weights,
                "n_boot": self.n_boot,
                "seed": self.seed,
                "n_obs": self.n_obs,
                "n_regions": self.n_regions,
                "n_provinces": self.n_provinces,
                "years": list(self.years),
                "n_obs_by_year": {str(y): n for y, n in self.n_obs_by_year},
                "n_excluded": dict(self.n_excluded),
                "n_excluded_regions": dict(self.n_excluded_regions),
                "loyo": [dict(r) for r in self.loyo],
                "loyo_pooled": self.loyo_summary(),
                "mixedlm": None if self.mixedlm is None else dict(self.mixedlm),
                "is_precise": self.is_precise,
            }
        )


def _finite(x) -> bool:
    return x is not None and isinstance(x, int | float) and math.isfinite(x)


def _plain(obj):
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_plain(v) for v in obj]
    if isinstance(obj, bool | np.bool_):
        return bool(obj)
    if isinstance(obj, int | np.integer):
        return int(obj)
    if isinstance(obj, float | np.floating):
        return float(obj) if math.isfinite(float(obj)) else None
    return obj


def is_precise(effect: PanelEffect, rule: dict | None = None) -> bool:
    """The ``drivers_slide`` rule: fitted, enough data, interval excludes 0 and is narrow enough."""
    rule = precision_rule() if rule is None else rule
    if effect.status != OK or not math.isfinite(effect.ci_low):
        return False
    per = float(rule.get("per_points", PER_POINTS))
    half = per * (effect.ci_high - effect.ci_low) / 2
    excludes_zero = effect.ci_low > 0 or effect.ci_high < 0
    return bool(
        effect.n_obs >= int(rule["min_obs"])
        and effect.n_provinces >= int(rule["min_provinces"])
        and (excludes_zero or not rule.get("require_interval_excludes_zero", True))
        and half <= float(rule["max_half_width_pts"])
    )


def _design(frame: pd.DataFrame, predictors: list[str], years: list[int]) -> np.ndarray:
    year = frame["year"].to_numpy()
    dummies = [(year == y).astype(float) for y in years[1:]]
    return np.column_stack([np.ones(len(frame)), frame[predictors].to_numpy(dtype=float), *dummies])


def _loyo(frame: pd.DataFrame, outcome: str, predictors: list[str], min_train: int) -> tuple:
    """Leave one year out: fit on the other years, predict the held-out year.

    Model prediction: α̂ + mean of the training years' effects + β̂·x (the held-out year's own
    level is unknown). Baseline: the mean over training years of the year means of the outcome.
    Both are out of sample; the comparison shows what the predictors add to the year level.
    """
    out = []
    years = sorted(frame["year"].unique())
    for held in years:
        train = frame[frame["year"] != held]
        test = frame[frame["year"] == held]
        train_years = sorted(train["year"].unique())
        record = {"year": int(held), "n": len(test), "rmse_model": None, "rmse_baseline": None}
        if len(train) >= min_train and len(test) and len(train_years) >= 1:
            X = _design(train, predictors, train_years)
            beta, *_ = np.linalg.lstsq(X, train[outcome].to_numpy(float), rcond=None)
            k = 1 + len(predictors)
            level = beta[0] + np.concatenate([[0.0], beta[k:]]).mean()
            pred = level + test[predictors].to_numpy(float) @ beta[1:k]
            base = train.groupby("year")[outcome].mean().mean()
            y = test[outcome].to_numpy(float)
            record["rmse_model"] = float(np.sqrt(np.mean((y - pred) ** 2)))
            record["rmse_baseline"] = float(np.sqrt(np.mean((y - base) ** 2)))
        out.append(record)
    return tuple(out)


def _mixedlm(frame, outcome, predictors, years, ci_level) -> dict:
    X = pd.DataFrame(
        _design(frame, predictors, years),
        columns=["const", *predictors, *(f"year_{y}" for y in years[1:])],
    )
    with warnings.catch_warnings():  # a singular fit is flagged by the guard, not printed
        warnings.simplefilter("ignore", RuntimeWarning)
        checked = fit_mixedlm_checked(
            frame[outcome].to_numpy(float),
            X,
            frame["province_code"].to_numpy(),
            on_degenerate="flag",
        )
        bse = checked.result.bse_fe if checked.result is not None else None
    z = float(norm.ppf(0.5 + ci_level / 2))
    out = {"degenerate": checked.degenerate, "reasons": list(checked.reasons)}
    if checked.result is not None:
        fe = checked.result.fe_params
        out["re_share"] = float(checked.re_share)
        out["n_groups"] = int(frame["province_code"].nunique())
        out["effects"] = {
            p: {
                "estimate_pts_per_pt": float(fe[p]),
                "ci_low": float(fe[p] - z * bse[p]),
                "ci_high": float(fe[p] + z * bse[p]),
            }
            for p in predictors
        }
    return out


def _fit(
    values: pd.DataFrame,
    outcome: str,
    predictors: list[str],
    *,
    level: float | None = None,
    n_boot: int | None = None,
    seed: int | None = None,
    weights: str | None = None,
    min_obs: int | None = None,
    min_clusters: int | None = None,
    mixedlm: bool | None = None,
    rule: dict | None = None,
) -> list[PanelEffect]:
    cfg = panel_settings()
    level = float(cfg["ci_level"] if level is None else level)
    n_boot = int(cfg["n_boot"] if n_boot is None else n_boot)
    seed = int(cfg["seed"] if seed is None else seed)
    weights = str(cfg["weights"] if weights is None else weights)
    min_obs = int(cfg["min_obs"] if min_obs is None else min_obs)
    min_clusters = int(cfg["min_clusters"] if min_clusters is None else min_clusters)
    mixedlm = bool(cfg.get("mixedlm_check", True) if mixedlm is None else mixedlm)

    frame, exclusions = panel_frame(values, outcome, predictors)
    years = sorted(int(y) for y in frame["year"].unique())
    n_obs, n_provinces = len(frame), int(frame["province_code"].nunique())
    status = OK
    if n_obs < min_obs or n_obs <= 1 + len(predictors) + max(len(years) - 1, 0) + 1:
        status = TOO_FEW_OBS
    elif n_provinces < min_clusters:
        status = TOO_FEW_CLUSTERS
    else:
        X = _design(frame, predictors, years)
        if np.linalg.matrix_rank(X) < X.shape[1]:
            status = NO_VARIATION
    k = len(predictors)
    nan = np.full(k, np.nan)
    coef, low, high, se, low1, high1 = nan, nan, nan, nan, nan, nan
    loyo: tuple = ()
    mixed = None
    if status == OK:
        res = wild_cluster_bootstrap(
            frame[outcome].to_numpy(float),
            X,
            np.ones(n_obs),
            frame["province_code"].to_numpy(),
            reps=n_boot,
            kind=weights,
            seed=seed,
            ci_level=level,
        )
        sl = slice(1, 1 + k)
        coef, low, high = res["coef"][sl], res["ci_low"][sl], res["ci_high"][sl]
        se, low1, high1 = res["se"][sl], res["cr1_low"][sl], res["cr1_high"][sl]
        loyo = _loyo(frame, outcome, predictors, min_train=max(min_obs // 2, k + 2))
        if mixedlm:
            mixed = _mixedlm(frame, outcome, predictors, years, level)
    effects = []
    for j, p in enumerate(predictors):
        m = None
        if mixed is not None:
            m = {key: v for key, v in mixed.items() if key != "effects"}
            m.update(mixed.get("effects", {}).get(p, {}))
            if "estimate_pts_per_pt" in m:  # does the check land inside the bootstrap interval?
                m["within_interval"] = bool(low[j] <= m["estimate_pts_per_pt"] <= high[j])
        effect = PanelEffect(
            outcome=outcome,
            predictor=p,
            model="bivariate" if k == 1 else "joint",
            covariates=tuple(q for q in predictors if q != p),
            status=status,
            estimate_pts_per_pt=float(coef[j]),
            ci_low=float(low[j]),
            ci_high=float(high[j]),
            ci_level=level,
            se_cr1=float(se[j]),
            ci_low_cr1=float(low1[j]),
            ci_high_cr1=float(high1[j]),
            method=METHOD,
            bootstrap_weights=weights,
            n_boot=n_boot,
            seed=seed,
            n_obs=n_obs,
            n_regions=int(frame["region_code"].nunique()),
            n_provinces=n_provinces,
            years=tuple(years),
            n_obs_by_year=tuple((int(y), int(n)) for y, n in frame.groupby("year").size().items()),
            n_excluded={r: e["n_rows"] for r, e in exclusions.items()},
            n_excluded_regions={r: e["n_regions"] for r, e in exclusions.items()},
            loyo=loyo,
            mixedlm=m,
        )
        effects.append(_with_precision(effect, rule))
    return effects


def _with_precision(effect: PanelEffect, rule: dict | None) -> PanelEffect:
    from dataclasses import replace

    return replace(effect, is_precise=is_precise(effect, rule))


def fit_panel(
    values: pd.DataFrame,
    outcome: str = "spi_resp_eksternal",
    predictor: str = "ombudsman",
    *,
    covariates=(),
    level: float | None = None,
    n_boot: int | None = None,
    seed: int | None = None,
    weights: str | None = None,
    min_obs: int | None = None,
    min_clusters: int | None = None,
    mixedlm: bool | None = None,
    rule: dict | None = None,
) -> PanelEffect:
    """Fit ``outcome ~ predictor (+ covariates) + year FE`` on published government-years.

    Interval: wild cluster bootstrap-t by province (``estimation.yaml`` → ``panel``: level,
    replicates, seed, weights); ``None`` arguments take the configuration. With fewer than
    ``min_obs`` complete government-years or ``min_clusters`` provinces, no model is fitted:
    the effect comes back with ``status`` ``too_few_obs`` / ``too_few_clusters`` and NaNs.
    ``covariates``: other predictors in the same model (a joint model); the effect returned is
    ``predictor``'s. Associational and ecological: governments, not people.
    """
    predictors = [predictor, *[c for c in covariates if c != predictor]]
    return _fit(
        values,
        outcome,
        predictors,
        level=level,
        n_boot=n_boot,
        seed=seed,
        weights=weights,
        min_obs=min_obs,
        min_clusters=min_clusters,
        mixedlm=mixedlm,
        rule=rule,
    )[0]


def drivers_table(
    values: pd.DataFrame,
    outcome: str = "spi_resp_eksternal",
    predictors=STANDARD_PREDICTORS,
    *,
    joint=JOINT_PREDICTORS,
    **kwargs,
) -> list[PanelEffect]:
    """One bivariate model per predictor (year FE, own complete cases), then the joint model.

    The joint model (``joint``, default Ombudsman + MCP licensing + MCP public services) is
    fitted on the government-years that have all of them; when there are too few, its effects
    come back with ``status`` ``too_few_obs``/``too_few_clusters`` (no numbers), never a fit.
    ``kwargs`` go to the fit (``n_boot``, ``seed``, ``min_obs`` …).
    """
    effects = [fit_panel(values, outcome, p, **kwargs) for p in predictors]
    if joint:
        effects += _fit(values, outcome, list(joint), **kwargs)
    return effects


def effects_table(effects) -> pd.DataFrame:
    """The effects as one flat table (per 10 predictor points), for notebooks and checks."""
    rows = []
    for e in effects:
        r = e.as_record()
        loyo = r["loyo_pooled"]
        rows.append(
            {
                "outcome": e.outcome,
                "predictor": e.predictor,
                "model": e.model,
                "status": e.status,
                "estimate_pts_per_10": r["estimate_pts_per_10"],
                "ci_low_pts_per_10": r["ci_low_pts_per_10"],
                "ci_high_pts_per_10": r["ci_high_pts_per_10"],
                "ci_level": e.ci_level,
                "mixedlm_pts_per_10": None
                if not (e.mixedlm and "estimate_pts_per_pt" in e.mixedlm)
                else PER_POINTS * e.mixedlm["estimate_pts_per_pt"],
                "n_obs": e.n_obs,
                "n_regions": e.n_regions,
                "n_provinces": e.n_provinces,
                "years": "–".join(str(y) for y in (e.years[0], e.years[-1])) if e.years else "",
                "loyo_rmse_model": loyo["rmse_model"],
                "loyo_rmse_baseline": loyo["rmse_baseline"],
                "is_precise": e.is_precise,
            }
        )
    return pd.DataFrame(rows)


def exclusions_table(effects) -> pd.DataFrame:
    """Rows (and governments) left out per reason, one row per model."""
    rows = []
    for e in effects:
        for reason, n in e.n_excluded.items():
            rows.append(
                {
                    "outcome": e.outcome,
                    "predictor": e.predictor,
                    "model": e.model,
                    "reason": reason,
                    "n_rows": n,
                    "n_regions": e.n_excluded_regions.get(reason, 0),
                }
            )
    return pd.DataFrame(
        rows, columns=["outcome", "predictor", "model", "reason", "n_rows", "n_regions"]
    )


def loyo_table(effects) -> pd.DataFrame:
    """Leave-one-year-out RMSEs per model and held-out year (fitted models only)."""
    rows = [
        {"outcome": e.outcome, "predictor": e.predictor, "model": e.model, **r}
        for e in effects
        for r in e.loyo
    ]
    return pd.DataFrame(
        rows,
        columns=["outcome", "predictor", "model", "year", "n", "rmse_model", "rmse_baseline"],
    )


# ---------------------------------------------------------------------------------------------
# Where a province's governments stand


def _latest(rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """Latest published number up to ``year`` per region: columns region_code, value, year."""
    rows = rows[rows["year"] <= year].sort_values("year")
    per_year = rows.groupby(["region_code", "year"], as_index=False)["value"].mean()
    return per_year.groupby("region_code", as_index=False).last()


def province_standing(
    values: pd.DataFrame,
    province_code: str,
    predictors=STANDARD_PREDICTORS,
    year: int = 2024,
    outcome: str = "spi_resp_eksternal",
) -> dict:
    """Where a province's governments stand on the outcome and the predictors (keys and numbers).

    For the provincial government and each autonomous kab/kota of ``province_code``: its latest
    published value up to ``year`` of the outcome and of each predictor, with that value's year
    (None when there is none). ``national_median``: per indicator, the median over all
    governments (Pemprov and autonomous kab/kota) of their latest value up to ``year``, with how
    many governments it is taken over.
    """
    province = regions.resolve(province_code, level="province").code
    indicators = [outcome, *[p for p in predictors if p != outcome]]
    base = values[values["status"].astype(str) == PUBLISHED].copy()
    base["region_code"] = base["region_code"].astype(str)
    base["year"] = base["year"].astype(int)
    base["value"] = pd.to_numeric(base["value"], errors="coerce")
    base = base[
        base["value"].notna()
        & base["region_code"].str.len().isin([2, 4])
        & base["region_code"].map(regions.is_autonomous).astype(bool)
    ]
    if "sector" not in base.columns:
        base["sector"] = ""
    governments = [province] + [
        r.code for r in regions.regencies(province) if regions.is_autonomous(r.code)
    ]
    latest, national = {}, {}
    for ind in indicators:
        rows = base[base["indicator_id"] == _source_indicator(ind)]
        if ind.startswith(UNIT_PREFIX):
            rows = rows[rows["sector"] == ind[len(UNIT_PREFIX) :]]
        table = _latest(rows, year).set_index("region_code")
        latest[ind] = table
        national[ind] = {
            "value": float(table["value"].median()) if len(table) else None,
            "n_regions": len(table),
        }
    out_regions = []
    for code in governments:
        entry = {"region_code": code, "level": "province" if len(code) == 2 else "regency"}
        entry["values"] = {
            ind: (
                {
                    "value": float(latest[ind].loc[code, "value"]),
                    "year": int(latest[ind].loc[code, "year"]),
                }
                if code in latest[ind].index
                else {"value": None, "year": None}
            )
            for ind in indicators
        }
        out_regions.append(entry)
    return _plain(
        {
            "province_code": province,
            "year": int(year),
            "outcome": outcome,
            "indicators": indicators,
            "national_median": national,
            "regions": out_regions,
        }
    )


# ---------------------------------------------------------------------------------------------
# Simulated panels (tests and bench/bench_panel.py)


_X_MEANS = {"ombudsman": 78.0, "mcp": 72.0}


def _simulate_scores(rng, provinces, govs, prov_of, years, mean: float) -> dict:
    """A 0–100 score per government-year: province + government + year-to-year components."""
    v_p = dict(zip(provinces, rng.normal(0, 6, len(provinces)), strict=True))
    b_i = rng.normal(0, 8, len(govs))
    return {
        (g, t): float(np.clip(mean + v_p[prov_of[g]] + b_i[i] + rng.normal(0, 5), 0, 100))
        for i, g in enumerate(govs)
        for t in years
    }


def _simulate_coverage(rng, p, x, provinces, govs, prov_of, years, share) -> list:
    """Published rows of predictor ``p`` (press-report coverage) plus rows that must stay out."""
    rows = []
    by_province = {pc: [g for g in govs if prov_of[g] == pc] for pc in provinces}
    for pc in provinces:
        for t in years:
            if rng.random() >= min(1.0, 2 * share):
                continue
            rows += [
                (p, g, t, x[(g, t)], "published") for g in by_province[pc] if rng.random() < 0.5
            ]
    for j in rng.choice(len(govs), 25, replace=False):  # grade-only Ombudsman, interim others
        t = int(rng.choice(years))
        if p == "ombudsman":
            rows.append((p, govs[j], t, np.nan, "published"))
        else:
            rows.append((p, govs[j], t, x[(govs[j], t)] + 20, "interim"))
    return rows


@dataclass(frozen=True)
class SimulatedPanel:
    """A simulated values frame with known effects (per predictor point)."""

    values: pd.DataFrame
    effects: dict
    outcome: str


def simulate_panel(
    seed: int = 0,
    effects: dict | None = None,
    years=(2021, 2022, 2023, 2024, 2025),
    observed_share: dict | None = None,
    province_sd: float = 1.5,
    region_sd: float = 3.0,
    noise_sd: float = 2.5,
) -> SimulatedPanel:
    """Simulate a government-year panel of the real shape with known effects.

    Governments: the 38 Pemprov and every kab/kota of the region table (DKI's administrative
    ones included, to be left out as not autonomous). Outcome ``spi_resp_eksternal`` =
    80 + year effect + province effect + government effect + Σ β·x + noise whose SD differs
    by province (heteroskedastic clusters). Predictors ``ombudsman`` and ``mcp`` (0–100) carry
    their own province and government components (so clustering matters) and are independent
    of the outcome's errors. Missingness mimics the press-report coverage: a predictor is
    published for a province-year with probability ``2·share`` and then for about half its
    governments (``observed_share`` ≈ share of government-years with a score). Also emitted,
    to be left out: Ombudsman grade-only rows (NaN value), ``interim`` MCP rows and a few
    missing outcomes. Truth in ``effects`` (outcome points per predictor point).
    """
    rng = np.random.default_rng(seed)
    effects = {"ombudsman": 0.12, "mcp": 0.0} if effects is None else dict(effects)
    observed_share = observed_share or {"ombudsman": 0.13, "mcp": 0.10}
    provinces = [r.code for r in regions.provinces()]
    govs = provinces + [r.code for r in regions.regencies()]
    prov_of = {c: _province_of(c) for c in govs}
    years = list(years)
    u_p = dict(zip(provinces, rng.normal(0, province_sd, len(provinces)), strict=True))
    sd_p = dict(zip(provinces, rng.uniform(0.6, 1.4, len(provinces)) * noise_sd, strict=True))
    a_i = rng.normal(0, region_sd, len(govs))
    trend = np.linspace(-4, 3, len(years)) + rng.normal(0, 0.5, len(years))
    gamma = dict(zip(years, trend, strict=True))
    x = {
        p: _simulate_scores(rng, provinces, govs, prov_of, years, _X_MEANS.get(p, 75.0))
        for p in effects
    }
    rows = []
    for i, g in enumerate(govs):
        pc = prov_of[g]
        for t in years:
            y = 80 + gamma[t] + u_p[pc] + a_i[i] + rng.normal(0, sd_p[pc])
            y += sum(b * (x[p][(g, t)] - _X_MEANS.get(p, 75.0)) for p, b in effects.items())
            published = rng.random() > 0.015
            rows.append(
                (
                    "spi_resp_eksternal",
                    g,
                    t,
                    y if published else np.nan,
                    "published" if published else "missing",
                )
            )
    for p in effects:
        rows += _simulate_coverage(
            rng, p, x[p], provinces, govs, prov_of, years, observed_share.get(p, 0.1)
        )
    values = pd.DataFrame(rows, columns=["indicator_id", "region_code", "year", "value", "status"])
    # one row per key (a grade-only or interim row may hit a published one: keep the first)
    values = values.drop_duplicates(["indicator_id", "region_code", "year"], keep="first")
    values["sector"] = ""
    values["unit_name"] = ""
    return SimulatedPanel(values.reset_index(drop=True), effects, "spi_resp_eksternal")
