"""The four offices, the rakor action plan and its follow-up, the province table's extras.

* :func:`offices_part`: DPMPTSP, Disdukcapil, Dinkes and Disdik of the brief's government — its
  own Ombudsman units of the office's sector (any year, old ones marked), the MCP areas that
  concern the office (``mcp_perizinan`` → DPMPTSP only; ``mcp_pelayanan_publik``, MCP's
  public-service area since 2024, → all four), SPI Pendidikan for Disdik (the area's schools,
  not the pemda); an office with nothing says so, with who would publish it.
* :func:`actions_part`: the government's actions of Template 4 (``data/raw/actions/``), each
  with its state and whether it is overdue against ``today``; with ``since``, what was done
  since. Published recommended actions (``data/reference/recommended_actions.csv``) are offered
  for the weakest areas, cited, and never presented as the government's commitments.
* :func:`province_rows_extra`: each government of the province, SPI change since the previous
  year (consecutive published years only) and its open and overdue actions.
"""

from __future__ import annotations

import csv
import datetime as dt
from functools import cache

import pandas as pd

from helpers.brief.content import shared, trends
from helpers.brief.content.counters import _units
from helpers.brief.content.figures import figure_from_row, latest_row
from helpers.brief.content.rakor_schema import (
    ActionItem,
    ActionsPart,
    Office,
    OfficesPart,
    ProvinceRowExtra,
    Recommendation,
)
from helpers.brief.content.scores import _tone_rank as tone_rank
from helpers.core.paths import reference_dir
from helpers.data import actions as action_data
from helpers.data import units as unit_data
from helpers.gaps.thresholds import classify
from helpers.reference.catalogue import indicator

# office -> (Ombudsman unit sector, indicators that concern it)
OFFICES = {
    "dpmptsp": ("perizinan", ("mcp_perizinan", "mcp_pelayanan_publik")),
    "disdukcapil": ("dukcapil", ("mcp_pelayanan_publik",)),
    "dinkes": ("kesehatan", ("mcp_pelayanan_publik",)),
    "disdik": ("pendidikan", ("mcp_pelayanan_publik", "spi_pendidikan")),
}
# An office or MCP area is weak when its figure's tone ranks at most this (red or yellow bands).
WEAK_TONE_RANK = 3
# Suggestions are offered for at most this many weak areas, weakest first.
MAX_WEAK_AREAS = 3


def _office_figures(b, indicator_ids: tuple[str, ...]) -> tuple:
    out = []
    for indicator_id in indicator_ids:
        row = latest_row(
            shared.indicator_rows(b.data, indicator_id), indicator_id, b.region.code, b.year
        )
        if row is None:
            continue
        out.append(figure_from_row(row, indicator_id, b.region.code, b.year, b.stale, b.citations))
    return tuple(out)


def offices_part(b) -> OfficesPart:
    """The four offices of the brief's government and what is published for each."""
    scored = unit_data.unit_scores(b.data.values, [b.region.code], b.year)
    offices = []
    for office, (sector, indicator_ids) in OFFICES.items():
        units = _units(b, scored[scored.sector == sector])
        figures = _office_figures(b, indicator_ids)
        publishers = tuple(
            dict.fromkeys(indicator(i).publisher for i in ("ombudsman_unit", *indicator_ids))
        )
        nothing = not units and not any(f.has_value or f.status == "suppressed" for f in figures)
        offices.append(Office(office, sector, units, figures, nothing, publishers))
    return OfficesPart(tuple(offices))


# --------------------------------------------------------------------------- actions
def _iso(value) -> str | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def government_actions(b, code: str | None = None) -> pd.DataFrame:
    """The processed actions of one government (all rakor dates), oldest rakor first."""
    frame = getattr(b.data, "actions", None)
    if frame is None or frame.empty:
        return _empty_actions()
    return frame[frame.region_code == (code or b.region.code)]


@cache
def _empty_actions() -> pd.DataFrame:
    """No actions filed (built once; callers only read it)."""
    return action_data.empty_frame()


def counts(frame: pd.DataFrame, today: dt.date) -> tuple[int, int]:
    """(open or in progress, overdue) of a table of actions."""
    open_rows = frame[~frame.status.isin(action_data.CLOSED_STATES)]
    overdue = sum(
        action_data.is_overdue(r.status, r.due_date, today) for r in open_rows.itertuples()
    )
    return len(open_rows), int(overdue)


@cache
def catalogue_rows() -> tuple[dict, ...]:
    """The recommended-actions catalogue, one dict per row (``recommended_actions.csv``)."""
    with open(reference_dir() / "recommended_actions.csv", encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle))


def weak_areas(b) -> tuple[str, ...]:
    """The areas to offer suggestions for, weakest first (docs/ASSUMPTIONS.md).

    An office (its worst own unit, or the MCP areas concerning only it) or an MCP area is weak
    when its latest figure lies in a red or yellow band of the publisher (tone rank ≤ 3).
    SPI's lowest respondent group that the catalogue covers is added when its sub-index, read
    on SPI's zones of that year, is not in the green zone (the expert group has no catalogue rows). At most :data:`MAX_WEAK_AREAS`, and only areas the catalogue covers.
    """
    candidates: list[tuple[int, float, str]] = []
    for office in offices_part(b).offices:
        ranked = [
            (tone_rank(u.figure.tone), u.figure.value or 0.0)
            for u in office.units
            if u.figure.has_value
        ]
        if ranked:
            candidates.append((*min(ranked), office.office))
    for indicator_id in ("mcp_perizinan", "mcp_pelayanan_publik"):
        row = latest_row(
            shared.indicator_rows(b.data, indicator_id), indicator_id, b.region.code, b.year
        )
        figure = figure_from_row(row, indicator_id, b.region.code, b.year, b.stale, None)
        if figure.has_value:
            candidates.append((tone_rank(figure.tone), figure.value or 0.0, indicator_id))
    weak = [c for c in sorted(candidates) if c[0] <= WEAK_TONE_RANK]
    covered = {row["area"] for row in catalogue_rows()}
    respondents = trends.respondent_part(b)
    if respondents is not None:
        latest = {
            c.indicator_id: c.own_series.points[-1]
            for c in respondents.components[:3]
            if c.own_series.points
        }
        groups = sorted(
            (p.value, g) for g, p in latest.items() if p.year == respondents.components_year
        )
        for value, group in groups:
            rank = tone_rank(classify("spi", value, respondents.components_year).tone)
            if group in covered and rank < 5:
                weak.append((rank, value, group))
                break
    return tuple(dict.fromkeys(a for _, _, a in weak if a in covered))[:MAX_WEAK_AREAS]


def recommendations(b, areas: tuple[str, ...]) -> tuple[Recommendation, ...]:
    """Every catalogue row of ``areas``, its source cited."""
    out = []
    for area in areas:
        for row in catalogue_rows():
            if row["area"] == area:
                cited = b.citations.recommendation(
                    row["source_url"], row["publisher"], row["source_title"]
                )
                out.append(Recommendation(area, row["action_id"], row["publisher"], cited))
    return tuple(out)


def actions_part(b, since: object = None, today: dt.date | None = None) -> ActionsPart:
    """The government's rakor actions with their states, counts and published suggestions."""
    today = today or dt.date.today()
    when = trends.since_date(since)
    items = []
    for r in government_actions(b).itertuples():
        done_since = when is not None and action_data.done_since(
            r.status, r.done_date, r.rakor_date, when
        )
        items.append(ActionItem(
            rakor_date=_iso(r.rakor_date), office_or_area=r.office_or_area, action=r.action,
            responsible_office=r.responsible_office, due_date=_iso(r.due_date), state=r.status,
            is_overdue=action_data.is_overdue(r.status, r.due_date, today),
            done_date=_iso(r.done_date), is_done_since=bool(done_since),
            evidence_link=r.evidence_link or None))  # fmt: skip
    areas = () if b.is_administrative else weak_areas(b)
    return ActionsPart(
        actions=tuple(items), as_of=today.isoformat(),
        n_open=sum(i.state in ("open", "in_progress") for i in items),
        n_overdue=sum(i.is_overdue for i in items), n_done=sum(i.state == "done" for i in items),
        n_done_since=sum(i.is_done_since for i in items) if when else None,
        weak_areas=areas, recommendations=recommendations(b, areas),
        since=when.isoformat() if when else None,
    )  # fmt: skip


def province_rows_extra(b, today: dt.date | None = None) -> tuple[ProvinceRowExtra, ...]:
    """For the Pemprov and each kab/kota: SPI change since the previous year, open/overdue actions.

    The change is the latest published SPI up to the reference year minus the previous year's,
    only when both years are published and in the same method period; else None.
    """
    today = today or dt.date.today()
    out = []
    for code in shared.peer_codes(b.province.code):
        rows = trends.own_rows(b, "spi", code)
        year = int(rows.year.iloc[-1]) if len(rows) else None
        change = None
        if len(rows) >= 2:
            last, previous = rows.iloc[-1], rows.iloc[-2]
            same_period = trends.period_of("spi", int(last.year)) == trends.period_of(
                "spi", int(previous.year)
            )
            if int(last.year) - int(previous.year) == 1 and same_period:
                change = round(float(last.value) - float(previous.value), 3)
        n_open, n_overdue = counts(government_actions(b, code), today)
        out.append(ProvinceRowExtra(code, year, change, n_open, n_overdue))
    return tuple(out)
