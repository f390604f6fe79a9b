"""The government's own scores: headline cards, national IPAK, the local-government table."""

from __future__ import annotations

from helpers.brief.content import shared
from helpers.brief.content.figures import figure_from_row, latest_row, not_applicable
from helpers.brief.content.schema import (
    Card,
    EmptyItem,
    GovernmentTable,
    IpakPart,
    Point,
    Series,
    TableRow,
)
from helpers.core.levels import NATIONAL_CODE
from helpers.core.missing import as_number, is_missing
from helpers.gaps import thresholds
from helpers.reference import regions
from helpers.reference.catalogue import indicator


def _number(value) -> float | None:
    number = as_number(value)
    return None if number is None else float(number)


def _tone_rank(tone: str | None) -> int:
    """Rank of a card's tone, worst 1 … best 5, from thresholds.yaml (50: no tone)."""
    entry = thresholds.config()["tones"].get(str(tone)) if tone else None
    return int(entry["rank"]) if entry and entry.get("rank") is not None else 50


def card(b, indicator_id: str, scope: str) -> Card:
    """One headline card: the latest figure up to the year, its target, gap and trend."""
    code = NATIONAL_CODE if scope == "national" else b.region.code
    if scope != "national" and b.is_administrative:
        return Card(scope, not_applicable(indicator_id, code))
    row = latest_row(shared.indicator_rows(b.data, indicator_id), indicator_id, code, b.year)
    figure = figure_from_row(row, indicator_id, code, b.year, b.stale, b.citations)
    if not figure.has_value:
        return Card(scope, figure, tone_rank=99)
    gap = shared.gap_row(b.data, indicator_id, code, b.province.code, figure.year)
    target = _number(gap.target)
    target_source_numbers = (
        _cite_target(b, indicator_id, gap.target_source, figure.year) if target is not None else ()
    )
    level = float(thresholds.config()["trend"]["confidence_level"])
    return Card(
        scope=scope, figure=figure, target=target,
        target_basis=str(gap.target_basis_key) if target is not None else "none",
        target_source_numbers=target_source_numbers,
        gap_pts=_number(gap.gap_pts) if figure.has_number else None,
        goalpost_score_0_100=_number(gap.goalpost_score_0_100) if figure.has_number else None,
        trend=str(gap.trend_key), observed_change_per_year=_number(gap.observed_change_per_year),
        observed_change_ci_low=_number(gap.observed_change_ci_low),
        observed_change_ci_high=_number(gap.observed_change_ci_high), ci_level=level,
        tone_rank=_tone_rank(figure.tone),
    )  # fmt: skip


def _target_kind(b, indicator_id: str, cell: object) -> str | None:
    rows = b.data.targets
    rows = rows[(rows.indicator_id == indicator_id) & (rows.source == cell)]
    return str(rows.target_kind.iloc[0]) if len(rows) and "target_kind" in rows else None


def _cite_target(b, indicator_id: str, cell: object, year: int) -> tuple[int, ...]:
    return b.citations.target(cell, _target_kind(b, indicator_id, cell), year)


def cards(b) -> tuple[Card, ...]:
    """The cards of ``brief.yaml``: national IPAK, then the government's SPI, Ombudsman, MCP."""
    return tuple(card(b, e["indicator"], "national" if e["level"] == "national" else "government")
                 for e in b.settings["cards"])  # fmt: skip


def _national_series(b, indicator_id: str) -> Series:
    rows = shared.indicator_rows(b.data, indicator_id)
    rows = rows[(rows.region_code == NATIONAL_CODE) & (rows.year <= b.year)].sort_values("year")
    sources: tuple[int, ...] = ()
    for r in rows.itertuples():
        sources += b.citations.figure(r.source, indicator_id, r.year)
    points = tuple(Point(int(r.year), _number(r.value) if r.status == "published" else None,
                         str(r.status)) for r in rows.itertuples())  # fmt: skip
    return Series(indicator_id, NATIONAL_CODE, points, tuple(dict.fromkeys(sources)))


def ipak(b) -> IpakPart | None:
    """National IPAK, Persepsi and Pengalaman with the RPJMN targets (national only)."""
    series = tuple(_national_series(b, i) for i in ("ipak", "ipak_persepsi", "ipak_pengalaman"))
    published = [p for p in series[0].points if p.value is not None]
    if not published:
        b.empty.append(EmptyItem("ipak", "ipak", "not_published", "BPS"))
        return None
    latest = published[-1]
    targets = b.data.targets
    rows = targets[(targets.indicator_id == "ipak") & (targets.region_code == NATIONAL_CODE)]
    rows = rows.sort_values("year")
    target_points = tuple(Point(int(r.year), float(r.target)) for r in rows.itertuples())
    target = next((p.value for p in target_points if p.year == latest.year), None)
    sources = tuple(s for one in series for s in one.source_numbers)
    for r in rows[rows.year <= b.year].itertuples():
        sources += b.citations.target(r.source, getattr(r, "target_kind", None), r.year)
    gap = None if target is None else round(latest.value - target, 10)
    return IpakPart(series, target_points, latest.year, latest.value, target, gap,
                    tuple(dict.fromkeys(sources)))  # fmt: skip


def _figure(b, indicator_id: str, code: str):
    if len(code) == 4 and not regions.is_autonomous(code):
        return not_applicable(indicator_id, code)
    row = latest_row(shared.indicator_rows(b.data, indicator_id), indicator_id, code, b.year)
    return figure_from_row(row, indicator_id, code, b.year, b.stale, b.citations)


def province_table(b) -> GovernmentTable:
    """SPI, MCP and Ombudsman of the Pemprov and every kab/kota of the province."""
    indicators = tuple(b.settings["pemda_indicators"])
    rows = tuple(TableRow(code, tuple(_figure(b, i, code) for i in indicators))
                 for code in shared.peer_codes(b.province.code))  # fmt: skip
    return GovernmentTable(indicators, rows)


def government_table(b) -> GovernmentTable:
    """A kab/kota's own scores, one row per indicator; areas with nothing published collapse."""
    indicators = tuple(b.settings["government_indicators"])
    if b.is_administrative:
        rows = tuple(
            TableRow(b.region.code, (not_applicable(i, b.region.code),)) for i in indicators
        )
        return GovernmentTable(indicators, rows)
    rows, absent = [], []
    for indicator_id in indicators:
        figure = _figure(b, indicator_id, b.region.code)
        if figure.year is None and indicator_id.startswith("mcp_"):
            absent.append(indicator_id)
            continue
        rows.append(TableRow(b.region.code, (figure,)))
    if not any(r.figures[0].has_value for r in rows):
        b.empty.append(EmptyItem("government", None, "not_published", None))
    return GovernmentTable(indicators, tuple(rows), tuple(absent))


def publisher(indicator_id: str) -> str:
    """The publisher named in the catalogue."""
    return indicator(indicator_id).publisher


def vintages(b, shown_codes: list[str]) -> list[tuple[str, int, str]]:
    """The latest published year of each headline indicator among the governments shown."""
    values = b.data.values
    codes = set(shown_codes) | {NATIONAL_CODE}
    rows = values[values.region_code.isin(codes) & (values.year <= b.year)
                  & (values.status == "published")]  # fmt: skip
    latest = rows.groupby("indicator_id")["year"].max()
    return [(i, int(latest[i]), publisher(i)) for i in ("ipak", "spi", "mcp", "ombudsman", "ipk_cpi")
            if i in latest.index and not is_missing(latest[i])]  # fmt: skip
