"""The deck's slides, in order, with what each one shows: the same plan for every medium.

The HTML deck, its PDF and the PowerPoint draw one slide per :class:`Slide`; long tables and
charts continue on numbered slides. The plan holds content objects, never words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from helpers.brief.content.document import BriefContent
from helpers.brief.content.schema import Ranking, Source


@dataclass(frozen=True)
class Slide:
    """One slide: its kind, its part of a longer section, and the content it shows."""

    kind: str
    part: int = 0
    total: int = 1
    rows: tuple = ()
    ranking: Ranking | None = None
    extra: dict = field(default_factory=dict)


def chunks(items: list, size: int) -> list[list]:
    """Split ``items`` into as few pages of at most ``size`` as needed, balanced (15/6 → 5, 5, 5)."""
    size = max(int(size), 1)
    pages = max(math.ceil(len(items) / size), 1)
    per_page = math.ceil(len(items) / pages) if items else 1
    return [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]


def _paged(kind: str, items: list, size: int, **kw) -> list[Slide]:
    pages = chunks(items, size)
    return [Slide(kind, i, len(pages), tuple(page), **kw) for i, page in enumerate(pages)]


def charted(ranking: Ranking) -> list:
    """The entries a ranked chart draws: ranked, grade-only and older figures (not the empty ones)."""
    return [e for e in ranking.entries if e.group != "none"]


def source_groups(
    sources: tuple[Source, ...],
) -> list[tuple[tuple[int, ...], Source, tuple[int, ...]]]:
    """Sources grouped for the slides: one line per publisher, outlet and kind, with its numbers.

    Returns (numbers, first entry, years) per line, in order of first citation.
    """
    groups: dict[tuple, list[Source]] = {}
    for source in sources:
        key = (source.kind, source.publisher, source.outlet, source.tier,
               source.document if source.kind != "figure" else None,
               source.urls[0] if source.kind == "document" and not source.document and source.urls else None)  # fmt: skip
        groups.setdefault(key, []).append(source)
    return [(tuple(s.number for s in entries), entries[0],
             tuple(sorted({s.year for s in entries if s.year is not None})))
            for entries in groups.values()]  # fmt: skip


def has_map(ranking: Ranking) -> bool:
    """A map is drawn when a boundary layer exists and the indicator has bands that year."""
    from helpers.data import boundaries
    from helpers.gaps.thresholds import scheme_for

    if ranking.year is None or scheme_for(ranking.indicator_id, ranking.year) is None:
        return False
    shown = ("ranked", "grade_only")
    if not any(len(e.region_code) == 4 and e.group in shown for e in ranking.entries):
        return False  # a regency map needs a kab/kota with a figure of the chart's year
    return boundaries.read_boundaries("regency") is not None


def _table_slides(content: BriefContent, deck: dict) -> list[Slide]:
    """The local-government table (province) or the kab/kota's own scores, paged."""
    rows = list(content.table.rows)
    if not content.is_regency:
        return _paged("table", rows, deck["table_rows_per_slide"])
    if content.is_administrative or not any(r.figures[0].has_value for r in rows):
        return []
    return _paged("government", rows, deck["table_rows_per_slide"])


def _ranking_slides(ranking: Ranking, deck: dict) -> list[Slide]:
    """A ranking's map and its ranked chart (grades alone: the map shows them)."""
    mapped = has_map(ranking)
    out = [Slide("map", ranking=ranking)] if mapped else []
    graded = any(e.group == "grade_only" for e in ranking.entries)
    if ranking.n_ranked >= 2 or (graded and not mapped):
        out += _paged("ranked", charted(ranking), deck["ranked_rows_per_slide"], ranking=ranking)
    return out


def plan(content: BriefContent, settings: dict) -> list[Slide]:
    """Every slide of the deck, in order."""
    from helpers.brief.render import rakor  # the rakor slides' module imports Slide from here

    deck = settings["deck"]
    parts = rakor.slides(content)
    slides = [Slide("opening"), Slide("cards"), *parts["early"]]
    if content.ipak is not None:
        slides.append(Slide("ipak"))
    slides += _table_slides(content, deck)
    slides += parts["offices"]
    if not content.is_regency or content.is_administrative:  # named units across the province
        slides.append(Slide("counters"))
    if content.sector_model is not None:
        slides.append(Slide("sector_model"))
    if content.drivers is not None:
        slides.append(Slide("drivers"))
    for ranking in content.rankings:
        slides += _ranking_slides(ranking, deck)
    slides += parts["late"]
    if content.empty:
        slides.append(Slide("empty"))
    slides.append(Slide("divider"))
    if content.what_if:
        slides.append(Slide("what_if"))
    slides.append(Slide("provenance"))
    lines = source_groups(content.sources)
    per_slide = max(int(deck["source_lines_per_slide"]), math.ceil(len(lines) / 2))
    slides += _paged("sources", lines, per_slide)
    return slides
