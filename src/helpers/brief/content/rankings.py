"""Same-year rankings of the province's governments, and a government's national position.

A ranking compares only figures of one indicator in one year ("urutan X dari Y", Y the
governments of the province with a published number that year). A government whose latest
figure is older is shown as such and never ranked; a grade without a score is a category,
never a position. A national position says its universe: the publisher's (when the data hold
a figure for every government the publisher assesses) or only the governments recorded.
"""

from __future__ import annotations

from collections import Counter as Tally

from helpers.brief.content import shared
from helpers.brief.content.figures import figure_from_row, latest_row
from helpers.brief.content.schema import EmptyItem, NationalPosition, RankEntry, Ranking
from helpers.core.missing import as_number
from helpers.data import boundaries
from helpers.reference import regions
from helpers.reference.catalogue import indicator

# The data hold the publisher's universe when they have a figure for at least this share of
# the level's autonomous governments in that year (a census such as SPI since 2021).
UNIVERSE_SHARE = 0.98


def chart_year(b, figures: list) -> int | None:
    """The one year a chart shows.

    A kab/kota brief: the year of its own latest number. A province brief: the year, within
    the stale window up to the reference year, with the most published numbers (latest on
    ties); None when nothing is published.
    """
    own = next((f for f in figures if f.region_code == b.region.code), None)
    if b.is_regency and own is not None and own.has_value:
        return own.year
    counts = Tally(f.year for f in figures if f.has_value and f.year >= b.year - b.stale)
    if not counts:
        years = [f.year for f in figures if f.has_value]
        return max(years) if years else None
    return max(counts, key=lambda y: (counts[y], y))


def _rank(value: float, numbers: list[float], higher_is_better: bool) -> int:
    better = sum(1 for n in numbers if (n > value if higher_is_better else n < value))
    return better + 1


def national_position(b, indicator_id: str, figure) -> NationalPosition | None:
    """Where a government's number stands among all governments of its level, same year."""
    if not figure.has_number:
        return None
    level = "province" if len(figure.region_code) == 2 else "regency"
    numbers = shared.same_year_numbers(b.data, indicator_id, figure.year, level)
    n_level = len(shared.autonomous_codes(level))
    universe = "publisher" if len(numbers) >= UNIVERSE_SHARE * n_level else "recorded"
    others = numbers.drop(index=figure.region_code, errors="ignore")
    higher = indicator(indicator_id).higher_is_better
    below = int((others < figure.value).sum() if higher else (others > figure.value).sum())
    return NationalPosition(level, int(figure.year), below, int(len(numbers)), universe,
                            int(len(numbers)) if universe == "publisher" else None)  # fmt: skip


def ranking(b, indicator_id: str) -> Ranking | None:
    """The province's governments on one indicator, ranked within one year."""
    codes = [c for c in shared.peer_codes(b.province.code)
             if len(c) == 2 or regions.is_autonomous(c)]  # fmt: skip
    if len(codes) < 2:  # no autonomous kab/kota (DKI Jakarta): nothing to rank the Pemprov among
        return None
    rows = shared.indicator_rows(b.data, indicator_id)
    figures = [figure_from_row(latest_row(rows, indicator_id, c, b.year), indicator_id, c, b.year,
                               b.stale, None) for c in codes]  # fmt: skip
    year = chart_year(b, figures)
    if year is None:
        b.empty.append(
            EmptyItem("ranking", indicator_id, "not_published", indicator(indicator_id).publisher)
        )
        return None
    # The chart's year: each government's figure of that year, else its latest older one (a
    # government whose latest figure is newer still shows its figure of the chart's year).
    figures = [figure_from_row(latest_row(rows, indicator_id, c, year), indicator_id, c, b.year,
                               b.stale, None) for c in codes]  # fmt: skip
    higher = indicator(indicator_id).higher_is_better
    numbers = [f.value for f in figures if f.has_number and f.year == year]
    targets = (
        shared.gap_table(b.data, indicator_id, tuple(codes), year).set_index("region_code").target
    )
    entries, sources = [], ()
    for f in figures:
        if f.has_value:  # cite only what the chart shows
            row = latest_row(rows, indicator_id, f.region_code, year)
            f = figure_from_row(row, indicator_id, f.region_code, b.year, b.stale, b.citations)
            sources += f.source_numbers
        if f.has_number and f.year == year:
            target = as_number(targets.get(f.region_code))
            entries.append(
                RankEntry(
                    f.region_code,
                    f,
                    "ranked",
                    _rank(f.value, numbers, higher),
                    None if target is None else float(target),
                )
            )
        elif f.has_value and f.year == year:
            entries.append(RankEntry(f.region_code, f, "grade_only"))
        elif f.has_value:
            entries.append(RankEntry(f.region_code, f, "older"))
        else:
            entries.append(RankEntry(f.region_code, f, "none"))
    order = {"ranked": 0, "grade_only": 1, "older": 2, "none": 3}
    entries.sort(key=lambda e: (order[e.group], e.rank or 0, e.region_code))
    own = next((e for e in entries if e.region_code == b.region.code), None)
    own_position = (
        national_position(b, indicator_id, own.figure) if own and own.group == "ranked" else None
    )
    layer = boundaries.shipped_boundary_file("regency")
    layer_source_numbers = b.citations.document("boundaries", kind="layer") if layer else ()
    return Ranking(
        indicator_id=indicator_id, year=year, entries=tuple(entries), n_ranked=len(numbers),
        n_governments=len(codes), own_rank=own.rank if own else None, national=own_position,
        source_numbers=tuple(dict.fromkeys(sources)), layer_source_numbers=layer_source_numbers,
    )  # fmt: skip


def rankings(b) -> tuple[Ranking, ...]:
    """One ranking per indicator of ``brief.yaml`` ``regency_maps`` (none for an administrative area)."""
    if b.is_administrative:
        return ()
    return tuple(r for r in (ranking(b, i) for i in b.settings["regency_maps"]) if r is not None)
