"""Which published service scores go with better service-user experience (issue 20).

The national pemda panel model (:mod:`helpers.model.panel`): SPI's external sub-index against
the Ombudsman compliance score, the unit scores, MCP's licensing and public-service areas and
the MCP total, with year effects and province clusters. Fitted once per data fingerprint (all
briefs of a batch share it); a province brief shows the effects that pass the precision rule
of ``brief.yaml`` (``drivers_slide``) and where its governments stand on them.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers.brief.content import shared
from helpers.brief.content.schema import EmptyItem
from helpers.core.missing import as_number


@dataclass(frozen=True)
class DriverEffect:
    """One predictor's association with the outcome, per 10 predictor points, with its interval."""

    predictor: str
    model: str  # bivariate | joint
    status: str  # ok | too_few_obs | too_few_clusters | no_variation
    estimate_pts_per_10: float | None
    ci_low_pts_per_10: float | None
    ci_high_pts_per_10: float | None
    ci_level: float
    n_obs: int
    n_regions: int
    n_provinces: int
    first_year: int | None
    last_year: int | None
    is_precise: bool
    loyo_rmse_model: float | None = None
    loyo_rmse_baseline: float | None = None


@dataclass(frozen=True)
class Standing:
    """Where the province's governments stand on one indicator (latest figure up to the year)."""

    indicator_id: str
    national_median: float | None
    n_national: int
    n_below_median: int
    n_with_value: int
    lowest_region_codes: tuple[str, ...]
    lowest_values: tuple[float, ...]


@dataclass(frozen=True)
class DriversPart:
    """The panel model's precise effects and the province's standing on them."""

    outcome: str
    effects: tuple[DriverEffect, ...]
    standings: tuple[Standing, ...]
    n_excluded_no_score: int = 0


def _num(value) -> float | None:
    number = as_number(value)
    return None if number is None else float(number)


def _effect(e) -> DriverEffect:
    ok = e.status == "ok"
    loyo = e.loyo_summary() if ok else {}
    return DriverEffect(
        predictor=e.predictor, model=e.model, status=e.status,
        estimate_pts_per_10=_num(e.estimate_pts_per_10) if ok else None,
        ci_low_pts_per_10=_num(e.ci_low_pts_per_10) if ok else None,
        ci_high_pts_per_10=_num(e.ci_high_pts_per_10) if ok else None,
        ci_level=float(e.ci_level), n_obs=int(e.n_obs), n_regions=int(e.n_regions),
        n_provinces=int(e.n_provinces), first_year=min(e.years) if e.years else None,
        last_year=max(e.years) if e.years else None, is_precise=bool(e.is_precise),
        loyo_rmse_model=_num(loyo.get("rmse_model")), loyo_rmse_baseline=_num(loyo.get("rmse_baseline")),
    )  # fmt: skip


def effects(data, settings: dict) -> tuple[DriverEffect, ...]:
    """The national effects of ``drivers_slide`` (bivariate models), fitted once per data hash."""
    from helpers.model import panel

    rule = settings["drivers_slide"]

    def fit():
        table = panel.drivers_table(
            data.values, rule["outcome"], tuple(rule["predictors"]), joint=()
        )
        return tuple(_effect(e) for e in table)

    return shared.remember(("drivers", shared.data_key(data), rule["outcome"]), fit)


def _standing(b, indicator_id: str, codes: list[str], per_region: dict, national: dict) -> Standing:
    median = _num(national.get("value"))
    values = {c: v["value"] for c, v in per_region.items() if v.get("value") is not None}
    below = sum(1 for v in values.values() if median is not None and v < median)
    lowest = sorted(values.items(), key=lambda kv: kv[1])[:3]
    return Standing(indicator_id, median, int(national.get("n_regions") or 0), below, len(values),
                    tuple(c for c, _ in lowest), tuple(round(v, 2) for _, v in lowest))  # fmt: skip


def drivers_part(b) -> DriversPart | None:
    """For a province brief: precise effects and its governments' standing; None elsewhere.

    When no effect is precise enough, one line on the "not yet available" slide says so.
    """
    if b.is_regency or "drivers_slide" not in b.settings:
        return None
    from helpers.model import panel

    rule = b.settings["drivers_slide"]
    found = effects(b.data, b.settings)
    precise = tuple(e for e in found if e.is_precise)
    if not precise:
        b.empty.append(EmptyItem("drivers", rule["outcome"], "imprecise", None))
        return None
    shown = [rule["outcome"], *[e.predictor for e in precise]]
    standing = panel.province_standing(
        b.data.values, b.province.code, tuple(shown), b.year, rule["outcome"]
    )
    codes = [r["region_code"] for r in standing["regions"]]
    standings = []
    for indicator_id in shown:
        per_region = {r["region_code"]: r["values"][indicator_id] for r in standing["regions"]}
        standings.append(
            _standing(b, indicator_id, codes, per_region, standing["national_median"][indicator_id])
        )
    return DriversPart(rule["outcome"], precise, tuple(standings))
