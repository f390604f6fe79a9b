"""Gaps against targets: raw gap, goalpost score, status and SDSN-style trend.

Conventions (DOMAIN.md §7; parameters in ``data/reference/thresholds.yaml``):

- **Raw gap** in the indicator's own points, ``value − target`` (IPAK 3,85 vs 4,14 →
  −0,29): readers know the points, so it is always shown next to any score.
- **Goalpost score** ``100·(x − floor)/(target − floor)``, clipped to 0–100; floors are
  fixed per indicator in the YAML (IPAK 2,50; SPI 40) with their reasons.
- **Status** on the publishers' fixed bands (:func:`helpers.gaps.thresholds.classify`).
- **Trend** as the SDSN trend dashboards: observed annual change (OLS slope over the last
  ``window_years``) against the annual change required to reach the target by its
  deadline from the window's first year — on track (≥ 100 %), moderately improving
  (50–100 %), stagnating (< 50 %), decreasing, insufficient data — plus *cannot tell*
  when the slope's confidence interval spans zero.

Suppressed, missing and zero stay distinct: suppressed/missing rows have no value and
their own status; a published zero is a value like any other.

All functions take DataFrames in the processed-table layout (``indicator_values`` and
``targets``; see ``docs/DATA_CONTRACT.md``) and never read files themselves.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
from scipy import stats

from helpers.core.levels import NATIONAL_CODE, level_of_code
from helpers.core.missing import has_number, text_or_empty
from helpers.gaps import thresholds
from helpers.reference import regions
from helpers.reference.catalogue import indicator as catalogue_indicator


def _nan(value) -> bool:
    return not has_number(value)


# ------------------------------------------------------------------ gap and score
def gap_points(value: float | None, target: float | None) -> float:
    """Return ``value − target`` in the indicator's own points (NaN if either is missing).

    The sign is not direction-adjusted: for a higher-is-better indicator a negative gap
    is a shortfall; for a lower-is-better one a positive gap is. Use :func:`target_met`
    for the direction-aware verdict.
    """
    if _nan(value) or _nan(target):
        return math.nan
    return float(value) - float(target)


def target_met(
    value: float | None, target: float | None, higher_is_better: bool = True
) -> bool | None:
    """Return whether ``value`` reaches ``target`` (``None`` when either is missing)."""
    if _nan(value) or _nan(target):
        return None
    return float(value) >= float(target) if higher_is_better else float(value) <= float(target)


def goalpost_score_0_100(
    value: float | None, target: float | None, floor: float | None, higher_is_better: bool = True
) -> float:
    """Return the goalpost score ``100·(value − floor)/(target − floor)``, clipped to 0–100.

    ``floor`` is the "no progress" anchor (below the target for a higher-is-better
    indicator, above it for a lower-is-better one); the same formula serves both
    directions. NaN when value, target or floor is missing. Raises ``ValueError`` when
    the floor is not on the worse side of the target.
    """
    if _nan(value) or _nan(target) or _nan(floor):
        return math.nan
    value, target, floor = float(value), float(target), float(floor)
    if (higher_is_better and not floor < target) or (not higher_is_better and not floor > target):
        side = "below" if higher_is_better else "above"
        raise ValueError(f"The floor {floor} must lie {side} the target {target}.")
    score = 100.0 * (value - floor) / (target - floor)
    return float(min(100.0, max(0.0, score)))


def default_floor(indicator_id: str) -> tuple[float, str]:
    """Return ``(floor, reason)``: the YAML floor, else the scale's worse end from the catalogue."""
    floor, reason = thresholds.goalpost_floor(indicator_id)
    if floor is not None:
        return floor, reason
    entry = catalogue_indicator(indicator_id)
    if entry.higher_is_better:
        return entry.min, "scale minimum (indicators.yaml); no floor documented in thresholds.yaml"
    return entry.max, "scale maximum (indicators.yaml); no floor documented in thresholds.yaml"


# --------------------------------------------------------------------------- trend
@dataclass(frozen=True)
class Slope:
    """OLS slope of a yearly series with its two-sided confidence interval."""

    per_year: float
    ci_low: float
    ci_high: float
    n_points: int
    first_year: int | None
    first_value: float
    last_year: int | None
    last_value: float


def observed_slope(
    years: Sequence[float], values: Sequence[float], confidence_level: float | None = None
) -> Slope:
    """Fit ``value = a + b·year`` by OLS on the non-missing points; return ``b`` and its CI.

    Missing years are simply absent (IPAK had no survey in 2016): the slope is per
    calendar year all the same. With fewer than 3 points the interval is NaN; with fewer
    than 2 the slope is NaN too.
    """
    level = confidence_level or float(thresholds.config()["trend"]["confidence_level"])
    frame = pd.DataFrame(
        {
            "year": pd.to_numeric(pd.Series(list(years)), errors="coerce"),
            "value": pd.to_numeric(pd.Series(list(values)), errors="coerce"),
        }
    )
    frame = frame.dropna().sort_values("year")
    n = len(frame)
    first_year = int(frame["year"].iloc[0]) if n else None
    last_year = int(frame["year"].iloc[-1]) if n else None
    first_value = float(frame["value"].iloc[0]) if n else math.nan
    last_value = float(frame["value"].iloc[-1]) if n else math.nan
    if n < 2 or frame["year"].nunique() < 2:
        return Slope(
            math.nan, math.nan, math.nan, n, first_year, first_value, last_year, last_value
        )
    fit = stats.linregress(frame["year"].to_numpy(float), frame["value"].to_numpy(float))
    if n < 3:
        return Slope(
            float(fit.slope), math.nan, math.nan, n, first_year, first_value, last_year, last_value
        )
    half = float(stats.t.ppf(0.5 + level / 2.0, n - 2)) * float(fit.stderr)
    return Slope(
        float(fit.slope),
        float(fit.slope) - half,
        float(fit.slope) + half,
        n,
        first_year,
        first_value,
        last_year,
        last_value,
    )


def required_annual_change(
    start_value: float, start_year: int, target: float, deadline_year: int
) -> float:
    """Return the linear change per year needed to go from ``start_value`` to ``target``.

    ``(target − start_value) / (deadline_year − start_year)``; NaN when the deadline is
    not after the start year or an input is missing.
    """
    if _nan(start_value) or _nan(target) or start_year is None or deadline_year is None:
        return math.nan
    years = int(deadline_year) - int(start_year)
    if years <= 0:
        return math.nan
    return (float(target) - float(start_value)) / years


@dataclass(frozen=True)
class Trend:
    """SDSN-style trend verdict with the numbers behind it."""

    key: str
    observed_per_year: float
    ci_low: float
    ci_high: float
    required_per_year: float
    progress_ratio: float
    n_points: int
    reason: str

    @property
    def arrow(self) -> str:
        """Return the category's arrow glyph (↑ ↗ → ↓ ↕ ·)."""
        return thresholds.trend_category(self.key)["arrow"]


def trend(
    years: Sequence[float],
    values: Sequence[float],
    target: float | None,
    deadline_year: int | None,
    higher_is_better: bool = True,
    confidence_level: float | None = None,
    min_points: int | None = None,
) -> Trend:
    """Classify progress towards ``target`` by ``deadline_year`` (SDSN trend dashboards).

    ``reason`` is a short English diagnostic for analysts; readers see the text
    ``trend.<key>`` (made by the renderers, :mod:`helpers.brief.render.tables`).

    Rules in order (parameters from ``thresholds.yaml``, block ``trend``):

    1. fewer than ``min_points`` values, or no target → ``insufficient_data``;
    2. target already met at the latest year and the slope not significantly moving
       away from it → ``on_track`` (maintaining);
    3. the slope's confidence interval spans zero → ``cannot_tell``;
    4. slope significantly in the wrong direction → ``decreasing``;
    5. ratio observed/required ≥ 1 → ``on_track``; ≥ 0.5 → ``moderately_improving``;
       otherwise ``stagnating``. Required change is from the first point of the series
       to the target at the deadline.
    """
    cfg = thresholds.config()["trend"]
    min_points = int(min_points or cfg["min_points"])
    slope = observed_slope(years, values, confidence_level)
    sign = 1.0 if higher_is_better else -1.0
    required = (
        required_annual_change(slope.first_value, slope.first_year, target, deadline_year)
        if not _nan(target)
        else math.nan
    )

    required_adjusted = sign * required
    ratio_all = (
        (sign * slope.per_year) / required_adjusted
        if not (_nan(required) or _nan(slope.per_year) or required_adjusted <= 0)
        else math.nan
    )

    def result(key: str, reason: str) -> Trend:
        return Trend(
            key,
            slope.per_year,
            slope.ci_low,
            slope.ci_high,
            required,
            ratio_all,
            slope.n_points,
            reason,
        )

    if slope.n_points < min_points:
        return result("insufficient_data", f"{slope.n_points} data points (minimum {min_points})")
    if _nan(target):
        return result("insufficient_data", "no target")
    low, high = sorted((sign * slope.ci_low, sign * slope.ci_high))
    met = target_met(slope.last_value, target, higher_is_better)
    if met and high >= 0:
        return result("on_track", "target met and not significantly falling")
    if low <= 0 <= high:
        return result("cannot_tell", "slope interval spans zero")
    if high < 0:
        return result("decreasing", "slope significantly away from the target")
    if _nan(ratio_all):
        # No change was required from the window's start (target met then) yet the series
        # rises significantly: it is moving the right way.
        return result(
            "on_track", "target met at the start of the window; slope significantly towards it"
        )
    if ratio_all >= float(cfg["on_track_ratio"]):
        return result("on_track", "observed change >= required")
    if ratio_all >= float(cfg["moderate_ratio"]):
        return result("moderately_improving", "observed change 50-100 % of required")
    return result("stagnating", "observed change < 50 % of required")


# ---------------------------------------------------------------------- gap table
GAP_TABLE_COLUMNS = [
    "region_code", "region_name", "level", "indicator_id", "year", "value", "interim_value", "unit",
    "data_status", "category", "status_key", "status_kind", "status_tone",
    "status_colour", "status_scheme", "target", "target_basis_key", "target_kind",
    "target_source", "deadline_year", "target_at_deadline", "gap_pts",
    "goalpost_floor", "goalpost_score_0_100", "target_met", "trend_key",
    "trend_arrow", "observed_change_per_year", "observed_change_ci_low",
    "observed_change_ci_high", "required_change_per_year", "progress_ratio",
    "trend_points", "source", "note", "is_synthetic",
]  # fmt: skip


def _region_name(code: str) -> str:
    return regions.name_of(code)


def _text(value) -> str:
    return text_or_empty(value)


def _plan_key(row) -> tuple:
    """Which plan a target row belongs to: its kind (else source); RPJMN split by period."""
    kind = _text(row.get("target_kind")).strip()
    key = kind or _text(row.get("source"))
    if kind.upper().startswith("RPJMN"):
        return key, (int(row["year"]) - 2020) // 5  # RPJMN periods 2020–2024, 2025–2029 …
    return key, None


def _deadline_row(region_targets: pd.DataFrame, row) -> pd.Series:
    """Return the last target of the plan ``row`` belongs to (its deadline).

    The plan is the run of consecutive years with the same :func:`_plan_key`
    (e.g. RPJMN 2020–2024 → 2024, 4.14 for IPAK; SPI 2021–2023 RPJMN → 2023).
    """
    candidates = region_targets[pd.to_numeric(region_targets["target"], errors="coerce").notna()]
    key = _plan_key(row)
    same = candidates[[_plan_key(r) == key for _, r in candidates.iterrows()]].sort_values("year")
    deadline = row
    for _, other in same.iterrows():
        if int(other["year"]) == int(deadline["year"]) + 1:
            deadline = other
    return deadline


def select_target(targets: pd.DataFrame, indicator_id: str, region_code: str, year: int) -> dict:
    """Pick the target for one region and year: its own (RPJMD) or else the national one.

    Returns ``target, basis_key ("own"|"national"|"none"), kind`` (the target row's
    ``target_kind`` as published, e.g. "RPJMD"; empty when none), ``source,
    deadline_year, target_at_deadline``. The deadline is the last year of the same plan
    (consecutive years with the same ``target_kind``; RPJMN split into its five-year
    periods) — e.g. 2024 for the RPJMN 2020–2024 IPAK targets.
    """
    return _select_prepared(_indicator_targets(targets, indicator_id), region_code, year)


def _indicator_targets(targets: pd.DataFrame | None, indicator_id: str) -> pd.DataFrame | None:
    """The targets of one indicator, codes as text and years as numbers (None: no targets)."""
    if targets is None or targets.empty:
        return None
    frame = targets[targets["indicator_id"] == indicator_id]
    return frame.assign(
        region_code=frame["region_code"].astype(str),
        year=pd.to_numeric(frame["year"], errors="coerce"),
    )


def _no_target() -> dict:
    return {
        "target": math.nan,
        "basis_key": "none",
        "kind": "",
        "source": "",
        "deadline_year": None,
        "target_at_deadline": math.nan,
    }


def _plan_rows(frame: pd.DataFrame, code: str, year: int, cache: dict | None) -> tuple | None:
    """(target row, its plan's deadline row) of ``code`` in ``year``, or None; memoised in ``cache``."""
    key = (code, int(year))
    if cache is not None and key in cache:
        return cache[key]
    rows = frame[(frame["region_code"] == code) & (frame["year"] == int(year))]
    rows = rows[pd.to_numeric(rows["target"], errors="coerce").notna()]
    found = None
    if not rows.empty:
        row = rows.iloc[0]
        found = (row, _deadline_row(frame[frame["region_code"] == code], row))
    if cache is not None:
        cache[key] = found
    return found


def _select_prepared(
    frame: pd.DataFrame | None, region_code: str, year: int, cache: dict | None = None
) -> dict:
    """:func:`select_target` on the output of :func:`_indicator_targets` (gap_table: once).

    ``cache`` (one per table) keeps each code's plan rows: every kab/kota without its own
    target looks up the same national one.
    """
    if frame is None:
        return _no_target()
    for code in (region_code, NATIONAL_CODE):
        found = _plan_rows(frame, code, year, cache)
        if found is None:
            continue
        row, deadline_row = found
        key = "own" if code == region_code and region_code != NATIONAL_CODE else "national"
        return {
            "target": float(row["target"]),
            "basis_key": key,
            "kind": _text(row.get("target_kind")),
            "source": _text(row.get("source")),
            "deadline_year": int(deadline_row["year"]),
            "target_at_deadline": float(deadline_row["target"]),
        }
    return _no_target()


def gap_table(
    values: pd.DataFrame,
    targets: pd.DataFrame,
    indicator_id: str,
    region_codes: Iterable[str],
    year: int,
    floor: float | None = None,
    window_years: int | None = None,
    carry_forward_years: int = 0,
) -> pd.DataFrame:
    """Return one row per region: value, status, target (with its basis), gap, score, trend.

    Keys and numbers only: the reader's words (status and trend labels, the target basis,
    headers) are made by :func:`helpers.brief.render.tables.format_gap_table`.

    With ``carry_forward_years = k > 0`` a region with no row for ``year`` takes its latest
    row from the ``k`` years before; the row's ``year`` column then says which year the
    value is from, and status, target and trend are those of that year.

    ``values``/``targets`` are the processed tables (or hand-made frames with the same
    columns). Regions keep the order of ``region_codes``; a region with no row for
    ``year`` gets ``data_status = "missing"``. A region without its own target is compared
    with the national one and says so in ``target_basis_key`` (``national`` / ``own``; the
    own target's published kind, e.g. "RPJMD", is in ``target_kind``).
    The trend uses the published values of the last ``window_years`` up to ``year``.
    """
    entry = catalogue_indicator(indicator_id)
    if floor is None:
        floor, _reason = default_floor(indicator_id)
    window = int(window_years or thresholds.config()["trend"]["window_years"])
    frame = values[values["indicator_id"] == indicator_id].copy()
    frame["region_code"] = frame["region_code"].astype(str)
    frame["year"] = pd.to_numeric(frame["year"], errors="coerce")
    by_code = dict(tuple(frame.groupby("region_code", sort=False)))
    indicator_targets, target_cache = _indicator_targets(targets, indicator_id), {}
    rows = []
    for code in [str(c) for c in region_codes]:
        own = by_code.get(code, frame.iloc[0:0])
        current = own[own["year"] == int(year)]
        if not len(current) and carry_forward_years > 0:
            older = own[
                (own["year"] < int(year)) & (own["year"] >= int(year) - int(carry_forward_years))
            ]
            current = older.sort_values("year").tail(1)
        data_year = int(current.iloc[0]["year"]) if len(current) else int(year)
        if len(current):
            record = current.iloc[0]
            data_status = _text(record.get("status")) or "published"
            value = float(record["value"]) if not _nan(record.get("value")) else math.nan
            category = _text(record.get("category"))
            name = _text(record.get("region_name")) or _region_name(code)
            level = _text(record.get("level")) or level_of_code(code)
            source, note = _text(record.get("source")), _text(record.get("note"))
            synthetic = str(record.get("is_synthetic", False)).lower() in ("true", "1")
        else:
            data_status, value, category = "missing", math.nan, ""
            name, level, source, note = _region_name(code), level_of_code(code), "", ""
            synthetic = False
        interim_value = value if data_status == "interim" else math.nan
        if data_status != "published":
            # suppressed/missing never carry a number forward; an interim reading is not the
            # year's final figure: no gap, score, target check or rank is computed on it (its
            # number stays visible in ``interim_value``)
            value = math.nan
        status = thresholds.classify(indicator_id, value, data_year, category or None, data_status)
        tgt = _select_prepared(indicator_targets, code, data_year, target_cache)
        history = own[(own["year"] > data_year - window) & (own["year"] <= data_year)]
        if "status" in history:
            history = history[history["status"].fillna("published") == "published"]
        history = history[pd.to_numeric(history["value"], errors="coerce").notna()]
        tr = trend(
            history["year"].tolist(),
            history["value"].astype(float).tolist(),
            tgt["target_at_deadline"],
            tgt["deadline_year"],
            entry.higher_is_better,
        )
        rows.append(
            {
                "region_code": code,
                "region_name": name,
                "level": level,
                "indicator_id": indicator_id,
                "year": data_year,
                "value": value,
                "interim_value": interim_value,
                "unit": entry.unit,
                "data_status": data_status,
                "category": category,
                "status_key": status.key,
                "status_kind": status.kind,
                "status_tone": status.tone,
                "status_colour": status.colour,
                "status_scheme": status.scheme or "",
                "target": tgt["target"],
                "target_basis_key": tgt["basis_key"],
                "target_kind": tgt["kind"],
                "target_source": tgt["source"],
                "deadline_year": tgt["deadline_year"],
                "target_at_deadline": tgt["target_at_deadline"],
                "gap_pts": gap_points(value, tgt["target"]),
                "goalpost_floor": floor,
                "goalpost_score_0_100": goalpost_score_0_100(
                    value, tgt["target"], floor, entry.higher_is_better
                ),
                "target_met": target_met(value, tgt["target"], entry.higher_is_better),
                "trend_key": tr.key,
                "trend_arrow": tr.arrow,
                "observed_change_per_year": tr.observed_per_year,
                "observed_change_ci_low": tr.ci_low,
                "observed_change_ci_high": tr.ci_high,
                "required_change_per_year": tr.required_per_year,
                "progress_ratio": tr.progress_ratio,
                "trend_points": tr.n_points,
                "source": source,
                "note": note,
                "is_synthetic": synthetic,
            }
        )
    table = pd.DataFrame(rows, columns=GAP_TABLE_COLUMNS)
    table["deadline_year"] = table["deadline_year"].astype("Int64")
    table["target_met"] = table["target_met"].astype("boolean")
    return table
