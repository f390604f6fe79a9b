"""Trends against targets and SPI's respondent groups, for a rakor brief (issue 19).

:func:`trend_part` gives, for SPI, MCP and Ombudsman (each where published), the government's
figures year by year within one method period of the publisher (``method_breaks`` in
``indicators.yaml``: never a series across a break), the target of each year (its own, else the
national one), the province's and the nation's mean of the same year and level, and whether the
government is on course. :func:`respondent_part` gives SPI's internal, external and expert
sub-indices and its two corrections.

Means are computed from the panel only when the data hold the publisher's whole universe that
year (at least ``rankings.UNIVERSE_SHARE`` of the level's autonomous governments); otherwise
they are absent, never a mean of whatever rows a file happens to hold.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from helpers.brief.content import shared
from helpers.brief.content.figures import figure_from_row
from helpers.brief.content.rakor_schema import (
    RespondentPart,
    RespondentSeries,
    SinceChange,
    Trend,
    TrendPart,
)
from helpers.brief.content.rankings import UNIVERSE_SHARE
from helpers.brief.content.schema import Point, Series
from helpers.core.missing import as_number
from helpers.gaps import metrics
from helpers.reference import regions
from helpers.reference.files import load_yaml

TREND_INDICATORS = ("spi", "mcp", "ombudsman", "ombudsman_maladministrasi")
GROUPS = ("spi_resp_internal", "spi_resp_eksternal", "spi_resp_eksper")
CORRECTIONS = ("spi_koreksi_integritas", "spi_koreksi_prevalensi")
FIRST_COMPONENT_YEAR = 2021


def since_date(since: object) -> dt.date | None:
    """``SINCE`` as a date: a date, ``YYYY-MM-DD`` or a year (read as 1 January); None: none."""
    if since is None or (isinstance(since, str) and not since.strip()):
        return None
    if isinstance(since, dt.datetime):
        return since.date()
    if isinstance(since, dt.date):
        return since
    text = str(since).strip()
    if text.isdigit() and len(text) == 4:
        return dt.date(int(text), 1, 1)
    return dt.date.fromisoformat(text)


def method_breaks(indicator_id: str) -> tuple[int, ...]:
    """Years from which the publisher changed the method (``indicators.yaml``)."""
    entry = load_yaml("indicators.yaml").get(indicator_id, {})
    return tuple(sorted(int(y) for y in entry.get("method_breaks", []) or []))


def period_of(indicator_id: str, year: int) -> int:
    """Index of the method period ``year`` falls in (0 before the first break)."""
    return sum(1 for y in method_breaks(indicator_id) if year >= y)


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 2)


def own_rows(b, indicator_id: str, code: str | None = None) -> pd.DataFrame:
    """The government's final published numbers of an indicator up to the reference year."""
    rows = shared.indicator_rows(b.data, indicator_id)
    rows = rows[(rows.region_code == (code or b.region.code)) & (rows.year <= b.year)
                & (rows.status == "published") & rows.value.notna()]  # fmt: skip
    return rows.sort_values("year", kind="stable")


def means(b, indicator_id: str, year: int) -> tuple[float | None, float | None]:
    """(province mean, national mean) of the same year and level, or None when not computable.

    Only when the data hold the publisher's universe that year. The province mean is over the
    province's autonomous kab/kota (a kab/kota brief); a Pemprov has no provincial peers (None).
    """
    level = b.region.level
    numbers = shared.same_year_numbers(b.data, indicator_id, year, level)
    if len(numbers) < UNIVERSE_SHARE * len(shared.autonomous_codes(level)) or numbers.empty:
        return None, None
    national = _round(numbers.mean())
    if level != "regency":
        return None, national
    peers = [r.code for r in regions.regencies(b.province.code) if regions.is_autonomous(r.code)]
    inside = numbers[numbers.index.isin(peers)]
    return (_round(inside.mean()) if len(inside) else None), national


def _target(b, indicator_id: str, year: int) -> tuple[float | None, str, tuple[int, ...]]:
    chosen = metrics.select_target(b.data.targets, indicator_id, b.region.code, int(year))
    target = as_number(chosen["target"])
    if target is None:
        return None, "none", ()
    rows = b.data.targets
    kinds = rows[(rows.indicator_id == indicator_id) & (rows.source == chosen["source"])]
    kind = str(kinds.target_kind.iloc[0]) if len(kinds) else None
    return float(target), chosen["basis_key"], b.citations.target(chosen["source"], kind, year)


def on_course(points: list[Point], targets: dict[int, float]) -> tuple[str, int | None]:
    """Whether a government is on course, and the year the judgement refers to.

    Rule (docs/ASSUMPTIONS.md): take the latest year of the period with both a published
    number and a target. At or above the target: ``on_course``. Below it: ``improving_not_enough``
    when the number rose from the previous published number of the period, ``off_course`` when
    it did not, ``too_short`` when there is no previous number. No year with a target:
    ``no_target``.
    """
    numbered = [p for p in points if p.value is not None]
    judged = [p for p in numbered if p.year in targets]
    if not judged:
        return "no_target", None
    last = judged[-1]
    if last.value >= targets[last.year]:
        return "on_course", last.year
    earlier = [p for p in numbered if p.year < last.year]
    if not earlier:
        return "too_short", last.year
    return ("improving_not_enough" if last.value > earlier[-1].value else "off_course"), last.year


def since_change(points: list[Point], since: dt.date | None) -> SinceChange | None:
    """From the last number of a year before ``since``'s year to the latest (same period)."""
    if since is None:
        return None
    numbered = [p for p in points if p.value is not None]
    before = [p for p in numbered if p.year < since.year]
    if not before or numbered[-1].year < since.year:
        return None
    base, latest = before[-1], numbered[-1]
    return SinceChange(base.year, base.value, latest.year, latest.value,
                       round(latest.value - base.value, 3))  # fmt: skip


def trend(b, indicator_id: str, since: dt.date | None) -> Trend | None:
    """The government's latest method period of one indicator; None when nothing is published."""
    rows = own_rows(b, indicator_id)
    if rows.empty:
        return None
    period = period_of(indicator_id, int(rows.year.iloc[-1]))
    rows = rows[[period_of(indicator_id, int(y)) == period for y in rows.year]]
    sources: tuple[int, ...] = ()
    for r in rows.itertuples():
        sources += b.citations.figure(r.source, indicator_id, r.year, r.source_tier)
    points = [Point(int(r.year), float(r.value)) for r in rows.itertuples()]
    targets, bases, target_sources = {}, set(), ()
    province_mean, national_mean = [], []
    for p in points:
        target, basis, cited = _target(b, indicator_id, p.year)
        if target is not None:
            targets[p.year] = target
            bases.add(basis)
            target_sources += cited
        province, national = means(b, indicator_id, p.year)
        if province is not None:
            province_mean.append(Point(p.year, province))
        if national is not None:
            national_mean.append(Point(p.year, national))
    basis = "none" if not bases else (bases.pop() if len(bases) == 1 else "mixed")
    key, year = on_course(points, targets)
    latest = figure_from_row(rows.iloc[-1], indicator_id, b.region.code, b.year, b.stale, None)
    latest = dataclasses.replace(latest, source_numbers=tuple(dict.fromkeys(sources)))
    return Trend(
        indicator_id=indicator_id, method_period=f"{points[0].year}-{points[-1].year}",
        own_series=Series(indicator_id, b.region.code, tuple(points), tuple(dict.fromkeys(sources))),
        targets=tuple(Point(y, v) for y, v in sorted(targets.items())), target_basis=basis,
        province_mean=tuple(province_mean), national_mean=tuple(national_mean), latest=latest,
        on_course=key, on_course_year=year, since_change=since_change(points, since),
        target_source_numbers=tuple(dict.fromkeys(target_sources)),
    )  # fmt: skip


def trend_part(b, since: object = None) -> TrendPart | None:
    """SPI, MCP and Ombudsman (each where published) against targets; None when none is."""
    if b.is_administrative:
        return None
    when = since_date(since)
    trends = tuple(t for t in (trend(b, i, when) for i in TREND_INDICATORS) if t is not None)
    if not trends:
        return None
    return TrendPart(trends, when.isoformat() if when else None)


def _component(b, indicator_id: str, years: list[int]) -> RespondentSeries:
    rows = own_rows(b, indicator_id)
    rows = rows[rows.year >= FIRST_COMPONENT_YEAR]
    sources: tuple[int, ...] = ()
    for r in rows.itertuples():
        sources += b.citations.figure(r.source, indicator_id, r.year, r.source_tier)
    points = tuple(Point(int(r.year), float(r.value)) for r in rows.itertuples())
    province_mean, national_mean = [], []
    for year in years:
        province, national = means(b, indicator_id, year)
        if province is not None:
            province_mean.append(Point(year, province))
        if national is not None:
            national_mean.append(Point(year, national))
    series = Series(indicator_id, b.region.code, points, tuple(dict.fromkeys(sources)))
    return RespondentSeries(indicator_id, series, tuple(province_mean), tuple(national_mean))


def respondent_part(b) -> RespondentPart | None:
    """SPI's three respondent groups and two corrections of the government, 2021 to the latest.

    ``weakest_group``: the group with the lowest sub-index in the latest year with all three
    groups published (the one that pulls the index down most).
    """
    if b.is_administrative:
        return None
    years = sorted(
        {int(y) for i in GROUPS for y in own_rows(b, i).year if y >= FIRST_COMPONENT_YEAR}
    )
    if not years:
        return None
    components = tuple(_component(b, i, years) for i in (*GROUPS, *CORRECTIONS))
    latest_year = years[-1]
    values = {
        c.indicator_id: next((p.value for p in c.own_series.points if p.year == latest_year), None)
        for c in components[: len(GROUPS)]
    }
    complete = all(v is not None for v in values.values())
    weakest = min(values, key=values.get) if complete else None
    return RespondentPart(components, latest_year, weakest)
