"""Sector experience for the brief: one call per table or chart.

Brings together the direct estimates (:mod:`helpers.model.survey`), the Fay–Herriot small-area
estimates (:mod:`helpers.model.sae`), the driver models and the accounting path
(:mod:`helpers.model.drivers`) for the four sectors at the rakor table — perizinan (DPMPTSP),
dukcapil (Disdukcapil), kesehatan (Dinkes), pendidikan (Disdik) — plus other services.

Main entry points::

    model = fit_experience_model(micro, covariates=cov)            # everything, once
    summary = sector_summary(micro, "62", covariates=cov, model=model)
    table = what_if_table(micro, "62", k_points=5, model=model)

Keys and numbers only: the reader's words (sector names, methods, notes, headers, number
formats) are made by :mod:`helpers.brief.render.tables` and :mod:`helpers.brief.charts`
(``format_sector_summary(summary, lang)``, ``plot_sector_rates(summary, lang)``).

IPAK is valid nationally only; everything below national level here is a model-based
estimate from respondent microdata (synthetic unless an analyst supplied the real file),
clearly marked as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers.core.paths import processed_dir
from helpers.data.microdata import SECTORS, is_synthetic
from helpers.model import drivers, sae, survey
from helpers.model.ipak import load_weights
from helpers.model.scores import with_scores
from helpers.model.synthetic import load_microdata
from helpers.reference import regions
from helpers.reference.files import estimation_settings

RATE_ITEM = "paid_extra"


def _province_code(province: str) -> str:
    text_value = str(province).strip()
    if len(text_value) == 2 and text_value.isdigit():
        return text_value
    region = regions.resolve(text_value, level="province")
    return str(region.province_code if region.level != "province" else region.code)


def province_name(code: str) -> str:
    """Return the province's name from :mod:`helpers.reference.regions` (the code if unknown)."""
    return regions.name_of(code)


def covariates_from_indicators(
    year: int, indicators: tuple[str, ...] = ("spi", "ombudsman")
) -> pd.DataFrame | None:
    """Area covariates from ``data/processed/indicator_values.parquet`` (latest value ≤ ``year``).

    Returns ``area_code`` plus one column per indicator, or None when the table is missing.
    Real SPI/Ombudsman coverage of kab/kota is partial; :func:`helpers.model.sae.prepare_covariates`
    drops columns covering < 80 % of areas.
    """
    path = processed_dir() / "indicator_values.parquet"
    if not path.exists():
        return None
    values = pd.read_parquet(
        path, columns=["indicator_id", "region_code", "year", "value", "status"]
    )
    values = values[
        values["indicator_id"].isin(indicators) & (values["year"] <= year) & values["value"].notna()
    ]
    if values.empty:
        return None
    latest = values.sort_values("year").groupby(["indicator_id", "region_code"]).tail(1)
    table = latest.pivot(index="region_code", columns="indicator_id", values="value").reset_index()
    return table.rename(columns={"region_code": "area_code"})


@dataclass
class ExperienceModel:
    """Everything the sector-experience section needs, fitted once."""

    micro: pd.DataFrame
    direct: pd.DataFrame
    sae_province: pd.DataFrame
    sae_regency: pd.DataFrame
    respondent: drivers.RespondentModel
    area: drivers.AreaModel | None  # None: too few areas (small microdata file)
    year: int
    is_synthetic: bool
    notes: list[str] = field(default_factory=list)


def _split_covariates(
    covariates: pd.DataFrame | None,
) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    if covariates is None:
        return None, None
    cov = covariates.copy()
    cov["area_code"] = cov["area_code"].astype(str)
    numeric = [
        c
        for c in cov.columns
        if c != "area_code" and pd.api.types.is_numeric_dtype(cov[c]) and c not in ("households",)
    ]
    cov = cov[["area_code", *numeric]]
    prov = cov[(cov["area_code"].str.len() == 2) & (cov["area_code"] != "00")]
    reg = cov[cov["area_code"].str.len() == 4]
    return (prov if len(prov) else None), (reg if len(reg) else None)


def _sampled_areas(direct: pd.DataFrame, indicator: str, level: str) -> pd.DataFrame:
    """Rows of ``direct`` for ``indicator`` at ``level`` with enough users for a direct estimate."""
    settings = estimation_settings()["fay_herriot"]
    rows = direct[(direct["indicator"] == indicator) & (direct["level"] == level)]
    return rows[(rows["n_unweighted"] >= settings["min_n_for_direct"]) & rows["estimate"].notna()]


def fay_herriot_possible(
    direct: pd.DataFrame, indicator: str, level: str, covariates: pd.DataFrame | None = None
) -> bool:
    """True when Fay–Herriot can be fitted for ``indicator`` at ``level``.

    It needs at least ``fay_herriot.min_areas`` areas with a direct estimate
    (``estimation.yaml``) and more such areas than model terms (intercept + covariates).
    A small but valid microdata file fails this; :func:`direct_only` is then used.
    """
    areas = len(_sampled_areas(direct, indicator, level))
    terms = 1 + (0 if covariates is None else len(covariates.columns) - 1)
    return areas >= estimation_settings()["fay_herriot"]["min_areas"] and areas > terms


def area_model_possible(table: pd.DataFrame) -> bool:
    """True when the area driver model can be fitted on ``table`` (:func:`drivers.area_table`).

    It needs ``fay_herriot.min_areas`` areas and a full-rank design (intercept + the sector
    rates); a small microdata file gives neither, and the what-if then omits that method.
    """
    regressors = [c for c in table.columns if c.endswith(f"_{RATE_ITEM}")]
    X = np.column_stack([np.ones(len(table)), table[regressors].to_numpy(dtype=float)])
    return (
        len(table) >= estimation_settings()["fay_herriot"]["min_areas"]
        and np.isfinite(X).all()
        and np.linalg.matrix_rank(X) == X.shape[1]
    )


def direct_only(direct: pd.DataFrame, indicator: str, level: str) -> pd.DataFrame:
    """Direct estimates in the layout of :func:`helpers.model.sae.sae_estimates` (``method="direct"``).

    Used when too few areas for Fay–Herriot: each area keeps its design-based estimate and
    90 % interval; an area with too few users (or suppressed) has no estimate (NaN), never a
    modelled one. ``attrs["notes"]`` says why.
    """
    settings = estimation_settings()["fay_herriot"]
    rows = direct[(direct["indicator"] == indicator) & (direct["level"] == level)].copy()
    rows["area_code"] = rows["area_code"].astype(str)
    n = rows["n_unweighted"].fillna(0).to_numpy(dtype=int)
    shown = (
        (n >= settings["min_n_for_direct"])
        & rows["estimate"].notna().to_numpy()
        & (rows["status"] != "suppressed").to_numpy()
    )
    se = rows["se"].to_numpy(dtype=float)
    out = pd.DataFrame(
        {
            "area_code": rows["area_code"].to_numpy(dtype=object),
            "level": level,
            "indicator": indicator,
            "n_unweighted": n,
            "direct": rows["estimate"].to_numpy(dtype=float),
            "direct_se": se,
            "direct_status": rows["status"].fillna("suppressed").to_numpy(dtype=object),
            "psi": np.nan,
            "gamma": 1.0,
            "synthetic": np.nan,
            "estimate": np.where(shown, rows["estimate"].to_numpy(dtype=float), np.nan),
            "mse": np.where(shown, se**2, np.nan),
            "rmse": np.where(shown, se, np.nan),
            "ci90_low": np.where(shown, rows["ci90_low"].to_numpy(dtype=float), np.nan),
            "ci90_high": np.where(shown, rows["ci90_high"].to_numpy(dtype=float), np.nan),
            "method": "direct",
        }
    )
    areas = len(_sampled_areas(direct, indicator, level))
    out.attrs.update(
        {
            "notes": [
                f"Fay–Herriot not fitted: {areas} areas with a direct estimate "
                f"(needs {settings['min_areas']}); direct estimates shown"
            ],
            "is_synthetic": bool(direct.attrs.get("is_synthetic", False)),
        }
    )
    return out


def model_note(model: ExperienceModel) -> str | None:
    """Key of the note on the model's state, or None.

    ``"direct_fallback"`` when the province estimates are direct (too few areas for
    Fay–Herriot). Its words are the text ``exp_direct_fallback_note``
    (:func:`helpers.brief.render.tables.model_note_text`).
    """
    if not (model.sae_province["method"] == "direct").any():
        return None
    return "direct_fallback"


def fit_experience_model(
    micro: pd.DataFrame,
    covariates: pd.DataFrame | None = None,
    year: int = 2024,
    area_level: str = "regency",
    bootstrap_reps: int | None = None,
) -> ExperienceModel:
    """Fit direct estimates, Fay–Herriot (provinces and kab/kota, every sector) and drivers.

    ``covariates``: ``area_code`` (2-digit province and/or 4-digit kab/kota BPS codes) and
    numeric columns (e.g. SPI, Ombudsman scores); None → the processed indicator table for
    real microdata, intercept-only models for synthetic microdata (or when nothing usable). The area driver model uses direct rates at ``area_level``.
    """
    scored = with_scores(micro, year=year)
    notes: list[str] = []
    if covariates is None and is_synthetic(micro):
        notes.append(
            "synthetic microdata without covariates: Fay–Herriot with an intercept only "
            "(real SPI/Ombudsman scores are not mixed with synthetic outcomes)"
        )
    elif covariates is None:
        covariates = covariates_from_indicators(year)
        if covariates is None:
            notes.append("no area covariates: Fay–Herriot with an intercept only")
    cov_prov, cov_reg = _split_covariates(covariates)
    direct = survey.direct_estimates(scored)
    frames = {"province": [], "regency": []}
    for level, cov in (("province", cov_prov), ("regency", cov_reg)):
        for sector in SECTORS:
            indicator = f"{sector}_{RATE_ITEM}"
            if fay_herriot_possible(direct, indicator, level, cov):
                fit = sae.sae_estimates(direct, indicator, level, covariates=cov)
            else:
                fit = direct_only(direct, indicator, level)
            frames[level].append(fit.assign(sector=sector))
            notes += [f"{level}/{sector}: {n}" for n in fit.attrs.get("notes", [])]
    respondent = drivers.respondent_model(scored)
    table = drivers.area_table(direct, level=area_level)
    area = None
    if area_model_possible(table):
        area = drivers.area_model(table, level=area_level, reps=bootstrap_reps)
    else:
        notes.append(f"area driver model not fitted: {len(table)} areas (small microdata file)")
    return ExperienceModel(
        scored,
        direct,
        pd.concat(frames["province"], ignore_index=True),
        pd.concat(frames["regency"], ignore_index=True),
        respondent,
        area,
        year,
        is_synthetic(micro),
        notes,
    )


def _model(micro, covariates, year, model) -> ExperienceModel:
    if model is not None:
        return model
    if isinstance(micro, ExperienceModel):
        return micro
    return fit_experience_model(micro, covariates=covariates, year=year)


def _no_estimate() -> pd.Series:
    """An area without any estimate (no respondents in a small microdata file)."""
    return pd.Series(
        {"estimate": np.nan, "ci90_low": np.nan, "ci90_high": np.nan, "method": "direct",
         "direct": np.nan, "direct_status": "suppressed", "n_unweighted": 0}
    )  # fmt: skip


def sector_summary(
    micro: pd.DataFrame,
    province_code: str,
    covariates: pd.DataFrame | None = None,
    year: int = 2024,
    model: ExperienceModel | None = None,
) -> pd.DataFrame:
    """One row per sector for a province: extra-payment rate among users and its context.

    Columns: ``sector, rate_pct, ci_low_pct, ci_high_pct, method``
    (``EBLUP`` / ``synthetic`` / ``direct``), ``direct_rate_pct, direct_status, n_users,
    national_rate_pct, national_ci_low_pct, national_ci_high_pct, best_province_code,
    best_province_name, best_province_rate_pct, gap_to_best_pts, gap_to_national_pts,
    contact_share_pct, publik_loss_pts, pengalaman_loss_pts, is_synthetic``. Rates are
    percentages of users of the sector who paid more than the official fee; gaps in
    percentage points (positive = worse than the comparison). ``publik_loss_pts`` /
    ``pengalaman_loss_pts``: points of the province's pengalaman publik / Pengalaman (0–5)
    lost to the sector's four items (accounting path). Pass ``model`` to reuse a fit.
    Intervals are at ``attrs["ci_level"]`` (``estimation.yaml``: ``fay_herriot.ci_level``; the
    national ones are direct estimates at ``attrs["national_ci_level"]``, ``direct.ci_level``).
    """
    model = _model(micro, covariates, year, model)
    code = _province_code(province_code)
    w_pub = load_weights().pengalaman_publik
    d = model.direct
    nat = d[d["level"] == "national"].set_index("indicator")
    prov_direct = d[(d["level"] == "province") & (d["area_code"] == code)].set_index("indicator")
    rows = []
    for sector in SECTORS:
        fit = model.sae_province[model.sae_province["sector"] == sector].set_index("area_code")
        # A province with no respondents (a small microdata file) and no prediction: no number.
        row = fit.loc[code] if code in fit.index else _no_estimate()
        ranked = fit["estimate"].dropna()
        best_code = str(ranked.idxmin()) if len(ranked) else ""
        best_rate = float(ranked.loc[best_code]) if best_code else np.nan
        indicator = f"{sector}_{RATE_ITEM}"
        national = nat.loc[indicator] if indicator in nat.index else _no_estimate()
        loss = (
            float(prov_direct.loc[f"{sector}_publik_loss", "estimate"])
            if len(prov_direct)
            else np.nan
        )
        share = (
            float(prov_direct.loc[f"{sector}_contact_share", "estimate"])
            if len(prov_direct)
            else np.nan
        )
        rows.append(
            {
                "sector": sector,
                "rate_pct": 100 * float(row["estimate"]),
                "ci_low_pct": 100 * float(row["ci90_low"]),
                "ci_high_pct": 100 * float(row["ci90_high"]),
                "method": row["method"],
                "direct_rate_pct": 100 * float(row["direct"]),
                "direct_status": row["direct_status"],
                "n_users": int(row["n_unweighted"]),
                "national_rate_pct": 100 * float(national["estimate"]),
                "national_ci_low_pct": 100 * float(national["ci90_low"]),
                "national_ci_high_pct": 100 * float(national["ci90_high"]),
                "best_province_code": best_code,
                "best_province_name": province_name(best_code) if best_code else "",
                "best_province_rate_pct": 100 * best_rate,
                "gap_to_best_pts": 100 * (float(row["estimate"]) - best_rate),
                "gap_to_national_pts": 100 * (float(row["estimate"]) - float(national["estimate"])),
                "contact_share_pct": 100 * share,
                "publik_loss_pts": loss,
                "pengalaman_loss_pts": w_pub * loss,
                "is_synthetic": model.is_synthetic,
            }
        )
    out = pd.DataFrame(rows)
    out.attrs.update(
        {
            "province_code": code,
            "province_name": province_name(code),
            "is_synthetic": model.is_synthetic,
            "year": model.year,
            "ci_level": float(estimation_settings()["fay_herriot"]["ci_level"]),
            "national_ci_level": float(estimation_settings()["direct"]["ci_level"]),
        }
    )
    return out


def regency_sector_summary(model: ExperienceModel, regency_code: str) -> pd.DataFrame:
    """One row per sector for a kab/kota: its extra-payment rate among users, its interval.

    A number only where the kab/kota has SPAK respondents: the Fay–Herriot EBLUP of a
    sampled kab/kota, or its direct estimate when too few kab/kota for the model and the
    direct estimate passes the suppression rule. A kab/kota without respondents, or with too
    few for a direct estimate (where the model has only a regression prediction,
    ``method="synthetic"``), and a suppressed direct estimate get none: ``shown`` is False
    and ``reason`` is ``no_respondents`` (no user) or ``suppressed`` (too few users). Columns: ``sector, rate_pct, ci_low_pct,
    ci_high_pct, method, n_users, shown, reason, province_rate_pct, national_rate_pct,
    is_synthetic`` (rates in % of the sector's users; intervals at ``attrs["ci_level"]``).
    """
    code = str(regency_code)
    province = code[:2]
    nat = model.direct[model.direct["level"] == "national"].set_index("indicator")
    rows = []
    for sector in SECTORS:
        fit = model.sae_regency[model.sae_regency["sector"] == sector].set_index("area_code")
        row = fit.loc[code] if code in fit.index else _no_estimate()
        n_users = int(row["n_unweighted"]) if not pd.isna(row["n_unweighted"]) else 0
        reason = ""
        if n_users == 0:
            reason = "no_respondents"
        elif row["method"] == "synthetic" or pd.isna(row["estimate"]):
            reason = "suppressed"  # users, but too few for a direct estimate or the model's EBLUP
        shown = not reason
        prov = model.sae_province[model.sae_province["sector"] == sector].set_index("area_code")
        province_rate = float(prov.loc[province, "estimate"]) if province in prov.index else np.nan
        indicator = f"{sector}_{RATE_ITEM}"
        national = nat.loc[indicator] if indicator in nat.index else _no_estimate()
        rows.append({
            "sector": sector,
            "rate_pct": 100 * float(row["estimate"]) if shown else np.nan,
            "ci_low_pct": 100 * float(row["ci90_low"]) if shown else np.nan,
            "ci_high_pct": 100 * float(row["ci90_high"]) if shown else np.nan,
            "method": row["method"], "n_users": n_users, "shown": shown, "reason": reason,
            "province_rate_pct": 100 * province_rate,
            "national_rate_pct": 100 * float(national["estimate"]),
            "is_synthetic": model.is_synthetic,
        })  # fmt: skip
    out = pd.DataFrame(rows)
    out.attrs.update({"regency_code": code, "is_synthetic": model.is_synthetic, "year": model.year,
                      "ci_level": float(estimation_settings()["fay_herriot"]["ci_level"])})  # fmt: skip
    return out


def _what_if_possible(model: ExperienceModel, sector: str, method: str, scope: str) -> bool:
    """False when a small microdata file leaves nothing to compute (no number is shown)."""
    d = model.direct
    indicator = f"{sector}_{RATE_ITEM}"
    if scope != "00":
        d = d[(d["level"] == "province") & (d["area_code"].astype(str) == scope)]
    if not (d["indicator"] == f"{sector}_contact_share").any():
        return False
    if method == "respondent":
        return indicator in model.respondent.table.index
    if method == "area":
        return model.area is not None and indicator in model.area.table.index
    return True


def what_if_table(
    micro: pd.DataFrame,
    province_code: str = "00",
    k_points: float = 5.0,
    covariates: pd.DataFrame | None = None,
    methods: tuple[str, ...] = ("accounting", "respondent", "area"),
    year: int = 2024,
    model: ExperienceModel | None = None,
) -> pd.DataFrame:
    """What-if for every sector and method: lower the extra-payment rate by ``k_points`` points.

    ``province_code="00"``: the whole country lowers the rate; a province code: only that
    province (Δ for its own Pengalaman; national ΔIPAK scaled by its weight share). Columns
    of :meth:`helpers.model.drivers.WhatIf.as_row` plus ``is_synthetic``. Deltas are in index
    points (0–5 scale); intervals at ``ci_level`` (``estimation.yaml``: ``drivers.ci_level``).
    """
    model = _model(micro, covariates, year, model)
    scope = "00" if str(province_code) in ("00", "") else _province_code(province_code)
    level = float(estimation_settings()["drivers"]["ci_level"])
    if model.area is None:  # too few areas for the area model (small microdata file)
        methods = tuple(m for m in methods if m != "area")
    rows = []
    for sector in SECTORS:
        for method in methods:
            if _what_if_possible(model, sector, method, scope):
                result = drivers.what_if(
                    sector,
                    k_points,
                    model.direct,
                    method=method,
                    scope=scope,
                    respondent=model.respondent,
                    area=model.area,
                    year=model.year,
                    ci_level=level,
                )
            else:  # small microdata file: province not sampled or sector not estimable
                nan2 = (np.nan, np.nan)
                result = drivers.WhatIf(
                    sector, float(k_points), method, scope, np.nan, np.nan, np.nan, nan2, nan2,
                    nan2, [], level,
                )  # fmt: skip
            row = result.as_row()
            row["is_synthetic"] = model.is_synthetic
            rows.append(row)
    out = pd.DataFrame(rows)
    out.attrs.update(
        {
            "scope": scope,
            "k_points": k_points,
            "is_synthetic": model.is_synthetic,
            "ci_level": level,
        }
    )
    return out


def brief_model(year: int, seed: int = 20241) -> tuple[pd.DataFrame, ExperienceModel]:
    """Return the microdata and the fitted model the brief shows, for ``year``.

    The analyst's SPAK file in ``data/raw/microdata/`` when there is one, else the synthetic
    sample; covariates from the processed indicator table. The brief and the exploration
    notebook both call this, so the same province and year show the same numbers.
    """
    micro = load_microdata(seed=seed)
    return micro, fit_experience_model(micro, year=year)
