"""Words of one slide shared by the slide renderers (HTML deck, PowerPoint).

Cards, table cells, headings and the sources a slide cites; reader words come only from
:mod:`.labels` and the texts.
"""

from __future__ import annotations

from helpers.brief.content.document import BriefContent
from helpers.brief.content.schema import Card, Figure, Ranking
from helpers.brief.render import labels as L
from helpers.brief.render.plan import Slide
from helpers.reference.catalogue import indicator
from helpers.reference.texts import t


def cell(figure: Figure, lang: str) -> dict:
    """One table cell: text, chip, CSS class, source markers and marks."""
    chip = L.chip(figure, lang)
    text = L.cell_text(figure, lang)
    if chip is not None and not figure.has_number:
        text = f"({figure.year})"  # grade-only: the chip carries the grade, said once
    return {"text": text, "chip": chip, "css": "num" if figure.has_value else "num na",
            "markers": L.markers(figure.source_numbers), "old": " · ".join(L.marks(figure, lang))}  # fmt: skip


def card(content: BriefContent, card: Card, lang: str) -> dict:
    """One headline card's words."""
    f = card.figure
    where = "Indonesia" if card.scope == "national" else L.government(content.region.code, lang)
    publisher = indicator(f.indicator_id).publisher
    base = {"title": L.full_name(f.indicator_id, lang), "where": where, "value": L.value_text(f, lang),
            "year": f.year if f.has_value else None, "old": "", "chip": L.chip(f, lang), "target_line": "",
            "trend": "", "missing_line": "", "markers": L.markers(f.source_numbers + card.target_source_numbers)}  # fmt: skip
    if f.status == "not_applicable":
        base["missing_line"] = t("card_not_applicable_line", lang, publisher=publisher,
                                 province=content.region.province_name)  # fmt: skip
        return base
    if not f.has_value:
        base["missing_line"] = t("card_missing_line", lang, publisher=publisher)
        return base
    base["old"] = " · ".join(L.marks(f, lang))
    if card.target is not None and card.gap_pts is not None:
        base["target_line"] = t("card_target", lang, target=L.format_number(card.target, lang, 2),
                                basis=t(f"target_basis.{card.target_basis}", lang),
                                gap=L.format_signed(card.gap_pts, lang, 2))  # fmt: skip
    else:
        base["target_line"] = t("card_no_target", lang)
    base["trend"] = t(f"trend.{card.trend}", lang) if card.trend else ""
    return base


def ranking_heading(content: BriefContent, ranking: Ranking, lang: str) -> str:
    """The heading of a map or ranked slide."""
    name = L.short_name(ranking.indicator_id, lang)
    if content.is_regency:
        return t(
            "position_heading_year",
            lang,
            indicator=name,
            government=content.region.name,
            year=ranking.year,
        )
    return t(
        "ranking_heading",
        lang,
        indicator=name,
        province=content.region.province_name,
        year=ranking.year,
    )


def heading(content: BriefContent, slide: Slide, lang: str) -> str:
    """The title of ``slide``, as the HTML deck heads it (without the part label)."""
    region = content.region
    kind = slide.kind
    if kind in ("map", "ranked"):
        return ranking_heading(content, slide.ranking, lang)
    if kind == "opening":
        return L.title(content, lang)
    if kind == "what_if":
        return t("whatif_heading", lang, k=L.format_number(content.what_if[0].k_points, lang, 0))
    if kind == "trend":
        name = L.short_name(slide.extra["trend"].indicator_id, lang)
        return t("trend_heading", lang, indicator=name, government=L.government(region.code, lang))
    if kind in ("respondents", "offices", "actions"):
        return t(f"{kind}_heading", lang, government=L.government(region.code, lang))
    if kind == "drivers":
        return t("drivers_heading", lang, province=region.province_name)
    keys = {"cards": ("gaps_heading", {"province": region.name}), "ipak": ("ipak_heading", {}),
            "table": ("pemda_heading", {"province": region.province_name}),
            "government": ("government_heading", {"government": region.name}),
            "counters": ("sector_evidence_heading", {"province": region.name}),
            "sector_model": ("experience_heading", {"province": region.name}),
            "empty": ("empty_sections_heading", {}), "divider": ("appendix_heading", {}),
            "provenance": ("provenance_heading", {}), "sources": ("sources_heading", {})}  # fmt: skip
    key, fields = keys[kind]
    return t(key, lang, **fields)


def status_text(figure: Figure, lang: str) -> str:
    """The data state in reader words ("published" included)."""
    return t("published", lang) if figure.status == "published" else L.state_text(figure, lang)


def _ranking_numbers(slide: Slide) -> set[int]:
    numbers = set(slide.ranking.source_numbers)
    if slide.kind == "map":
        numbers |= set(slide.ranking.layer_source_numbers)
        rows = slide.ranking.entries
    else:
        rows = slide.rows
    for entry in rows:
        numbers |= set(entry.figure.source_numbers)
    return numbers


def slide_sources(content: BriefContent, slide: Slide) -> list[int]:
    """The source numbers ``slide`` cites (its markers), ascending."""
    kind = slide.kind
    numbers: set[int] = set()
    if kind == "cards":
        numbers = {
            n for c in content.cards for n in c.figure.source_numbers + c.target_source_numbers
        }
        numbers |= set(content.region.legal_basis_source_numbers)
    elif kind == "ipak" and content.ipak is not None:
        numbers = set(content.ipak.source_numbers)
    elif kind in ("table", "government"):
        numbers = {n for row in slide.rows for f in row.figures for n in f.source_numbers}
    elif kind == "counters":
        part = content.counters
        figures = [u.figure for c in part.counters for u in c.units] + list(part.figures)
        figures += [part.national_rate] if part.national_rate is not None else []
        numbers = {n for f in figures for n in f.source_numbers}
    elif kind == "sector_model" and content.sector_model is not None:
        numbers = set(content.sector_model.source_numbers)
    elif kind in ("map", "ranked"):
        numbers = _ranking_numbers(slide)
    elif kind == "sources":
        numbers = {n for line in slide.rows for n in line[0]}
    else:
        numbers = _rakor_numbers(content, slide)
    return sorted(numbers)


def _rakor_numbers(content: BriefContent, slide: Slide) -> set[int]:
    """The sources of the rakor slides (trend, respondents, offices, actions)."""
    kind = slide.kind
    if kind == "trend":
        trend = slide.extra["trend"]
        return set(trend.own_series.source_numbers) | set(trend.target_source_numbers)
    if kind == "respondents" and content.respondents is not None:
        return {n for c in content.respondents.components for n in c.own_series.source_numbers}
    if kind == "offices" and content.service_offices is not None:
        offices = content.service_offices.offices
        figures = [u.figure for o in offices for u in o.units] + [
            f for o in offices for f in o.figures
        ]
        return {n for f in figures for n in f.source_numbers}
    if kind == "actions" and content.action_plan is not None and slide.part == slide.total - 1:
        from helpers.brief.render.rakor import SUGGESTIONS_SHOWN  # the suggestions the slide shows

        shown = content.action_plan.recommendations[:SUGGESTIONS_SHOWN]
        return {n for r in shown for n in r.source_numbers}
    return set()


def extra_cells(content: BriefContent, code: str, lang: str) -> list[dict]:
    """The province table's SPI change since the previous year and its open/overdue actions."""
    extra = next((e for e in content.province_extra if e.region_code == code), None)
    change = (
        "–"
        if extra is None or extra.spi_change_pts is None
        else L.format_signed(extra.spi_change_pts, lang, 2)
    )
    cells = [{"text": change, "chip": None, "css": "num", "markers": [], "old": ""}]
    if any(e.n_open or e.n_overdue for e in content.province_extra):
        text = (
            "–"
            if extra is None
            else t("actions_cell", lang, n_open=extra.n_open, n_overdue=extra.n_overdue)
        )
        cells.append({"text": text, "chip": None, "css": "num", "markers": [], "old": ""})
    return cells
