"""The PowerPoint deck: one editable 16:9 slide per planned :class:`~.plan.Slide`, in order.

Same slides, words and sentences as the HTML deck (:mod:`.html`): a title and the headline
sentence as text, tables as native tables, cards as shapes, the IPAK trend and ranked charts as
native charts (:mod:`.pptx_charts`), maps as pictures. Every slide carries "[n]" source markers
in its text and its numbered sources (citation and first address) in its notes.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pptx.enum.text import MSO_ANCHOR
from pptx.util import Inches

from helpers.brief.content.schema import BriefContent
from helpers.brief.render import charts, messages, pptx_charts
from helpers.brief.render import labels as L
from helpers.brief.render import words as W
from helpers.brief.render.html import counter_cards, empty_lines, provenance_rows, source_lines
from helpers.brief.render.plan import Slide, plan
from helpers.brief.render.pptx_kit import (
    BLUE,
    BODY_BOTTOM,
    BODY_TOP,
    BORDER,
    CARD_FILL,
    CONTENT_W,
    FOOT_BOX,
    LAYOUT_TITLE_ONLY,
    MARGIN,
    MESSAGE_BOX,
    MUTED,
    RULE_TOP,
    TITLE_BOX,
    Cell,
    Run,
    fill_frame,
    fit_pt,
    new_deck,
    notes,
    picture,
    rectangle,
    table,  # fmt: skip
    text_box,
)
from helpers.reference.texts import t

BODY_H = BODY_BOTTOM - BODY_TOP


def _marker_run(numbers: list[str], colour: str | None = MUTED) -> list[Run]:
    return [Run(f" [{', '.join(numbers)}]", colour=colour)] if numbers else []


def _figure_cell(figure, lang: str) -> Cell:
    """A table cell of one figure: value (year), marks, the band's chip as fill and word, markers."""
    words = W.cell(figure, lang)
    chip = words["chip"]
    runs = [Run(words["text"])]
    if chip is not None:
        runs.append(Run(f" · {chip.label}", bold=True))
    if words["old"]:
        runs.append(Run(f" · {words['old']}"))
    runs += _marker_run(words["markers"], None if chip else MUTED)
    return Cell(
        [runs],
        chip.colour if chip else None,
        chip.text_colour if chip else (None if figure.has_value else MUTED),
    )


def _foot(slide, paragraphs) -> None:
    text_box(slide, FOOT_BOX, paragraphs, 13, 12, MUTED)


# ------------------------------------------------------------------------------- slides
def _opening(s, content, slide, lang, settings):
    year_note = ""
    if content.latest_ipak_year is not None and content.year > content.latest_ipak_year:
        year_note = t(
            "year_after_ipak", lang, year=content.year, ipak_year=content.latest_ipak_year
        )
    text_box(s, (MARGIN, BODY_TOP, CONTENT_W, 0.9), [[Run(t("brief_subtitle", lang, year=content.year), True)],
                                                     year_note], 20, 14)  # fmt: skip
    rows = [[L.full_name(v.indicator_id, lang), str(v.year), v.publisher] for v in content.vintages]
    table(s, MARGIN, BODY_TOP + 1.05, [6.5, 1.3, 3.5], None, rows, BODY_H - 1.1, 16)
    _foot(s, [content.provenance.get("generated_at", "")])


def _cards(s, content, slide, lang, settings):
    n = max(len(content.cards), 1)
    gap, height = 0.2, BODY_H - 0.1
    width = (CONTENT_W - gap * (n - 1)) / n
    for i, card in enumerate(content.cards):
        c = W.card(content, card, lang)
        left = MARGIN + i * (width + gap)
        rectangle(s, (left, BODY_TOP, width, height), CARD_FILL, BORDER, rounded=True)
        inner, x = width - 0.2, left + 0.1
        text_box(s, (x, BODY_TOP + 0.1, inner, 1.05), [[Run(c["title"], True), *_marker_run(c["markers"])],
                                                        [Run(c["where"], colour=MUTED)]], 15, 12)  # fmt: skip
        value = [Run(c["value"], True)] + (
            [Run(f" ({c['year']})", colour=MUTED, scale=0.5)] if c["year"] else []
        )
        text_box(s, (x, BODY_TOP + 1.2, inner, 0.75), [value], 30 if c["year"] else 16, 14)
        y = BODY_TOP + 2.0
        if c["chip"] is not None:
            chip = c["chip"]
            w = min(len(chip.label) * 0.11 + 0.35, inner)
            shape = rectangle(s, (x + 0.05, y, w, 0.38), chip.colour, rounded=True)
            fill_frame(shape.text_frame, [[Run(chip.label, True)]], 12, chip.text_colour)
            shape.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
            y += 0.5
        lines = [c["old"], c["target_line"], c["trend"], c["missing_line"]]
        text_box(s, (x, y, inner, BODY_TOP + height - y - 0.1), lines, 14, 12)
    note = "administrative_note" if content.is_administrative else "gaps_note_short"
    _foot(s, [[Run(t(note, lang)), *_marker_run(L.markers(content.region.legal_basis_sources))]])


def _ipak(s, content, slide, lang, settings):
    pptx_charts.ipak_chart(s, content, lang, (MARGIN, BODY_TOP, CONTENT_W, BODY_H))
    caveat = t("ipak_national_only", lang, province=content.region.name)
    _foot(s, [[Run(caveat), *_marker_run(L.markers(content.ipak.sources))]])


def _table(s, content, slide, lang, settings):
    heads = [t("col_region", lang)] + [t(f"col_{i}", lang) for i in content.table.indicators]
    rest = (CONTENT_W - 3.4) / len(content.table.indicators)
    rows = [
        [L.government(r.region_code, lang)] + [_figure_cell(f, lang) for f in r.figures]
        for r in slide.rows
    ]
    table(s, MARGIN, BODY_TOP, [3.4] + [rest] * len(content.table.indicators), heads, rows, BODY_H)
    _foot(s, [t("pemda_footnote", lang)])


def _government(s, content, slide, lang, settings):
    rows = [
        [L.full_name(r.figures[0].indicator_id, lang), _figure_cell(r.figures[0], lang)]
        for r in slide.rows
    ]
    heads = [t("col_indicator", lang), t("col_value", lang)]
    table(s, MARGIN, BODY_TOP, [5.0, CONTENT_W - 5.0], heads, rows, BODY_H)
    note = t("pemda_footnote", lang)
    if content.table.absent_indicators:
        areas = ", ".join(L.area_name(i, lang) for i in content.table.absent_indicators)
        note = t("government_absent_areas", lang, areas=areas) + " " + note
    _foot(s, [note])


def _sector_card(s, box, sector) -> None:
    rectangle(s, box, CARD_FILL, BORDER, rounded=True)
    left, top, width, height = box
    lines = [[Run(sector["label"], True), Run(f" · {sector['opd']}", colour=MUTED)]]
    if sector["rating"]:
        lines.append([Run(sector["rating"], True)])
    for u in sector["units"]:
        head = f"{u['value']} · {u['unit']}" + (f" · {u['category']}" if u["category"] else "")
        tail = f"{u['where']} ({u['year']})" + (f" · {u['old']}" if u["old"] else "")
        lines += [[Run(head, True), *_marker_run(u["markers"])], [Run(tail, colour=MUTED)]]
    lines.append(sector["more"] if sector["units"] else [Run(sector["missing"], colour=MUTED)])
    text_box(s, (left + 0.05, top + 0.05, width - 0.1, height - 0.1), lines, 14, 12)


def _counters(s, content, slide, lang, settings):
    sectors = counter_cards(content, lang)
    gap, card_h = 0.15, 2.45
    width = (CONTENT_W - gap * (len(sectors) - 1)) / max(len(sectors), 1)
    for i, sector in enumerate(sectors):
        _sector_card(s, (MARGIN + i * (width + gap), BODY_TOP, width, card_h), sector)
    rows = []
    for f in content.counters.figures:
        label = f"{L.full_name(f.indicator_id, lang)} — {L.government(f.region_code, lang)}"
        marks = L.marks(f, lang)
        text = L.cell_text(f, lang) + (f" · {' · '.join(marks)}" if marks else "")
        rows.append([label, Cell([[Run(text), *_marker_run(L.markers(f.sources))]])])
    table(
        s,
        MARGIN,
        BODY_TOP + card_h + 0.1,
        [7.8, CONTENT_W - 7.8],
        None,
        rows,
        BODY_H - card_h - 0.1,
        13,
    )
    national = content.counters.national_rate
    foot = [t("sector_units_caveat", lang)]
    if national is not None and national.has_number:
        line = t(
            "sector_national_rate",
            lang,
            value=L.format_number(national.value, lang, 1),
            year=national.year,
        )
        foot.insert(0, [Run(line), *_marker_run(L.markers(national.sources))])
    _foot(s, foot)


def _sector_model(s, content, slide, lang, settings):
    part = content.sector_model
    level = L.format_number(part.ci_level * 100, lang, 0)

    def rate(r):
        if not r.shown:
            return t(f"regency_sector_{r.reason}", lang)
        return f"{L.format_number(r.rate_pct, lang, 1)} {messages.interval(r.ci_low_pct, r.ci_high_pct, lang, 1)}"

    if content.is_regency:
        keys = ("sector_col", "sector_rate_col", "regency_sector_n_col", "regency_sector_province_col",
                "sector_national_col")  # fmt: skip
        rows = [[L.sector_label(r.sector, lang), rate(r), L.format_number(r.n_users, lang, 0),
                 L.format_number(r.province_rate_pct, lang, 1), L.format_number(r.national_rate_pct, lang, 1)]
                for r in part.rows]  # fmt: skip
        widths, note = [3.0, 3.8, 1.6, 2.0, 1.933], t("regency_sector_note", lang, level=level)
    else:
        keys = ("sector_col", "sector_rate_col", "sector_national_col")
        rows = [[L.sector_label(r.sector, lang), rate(r), L.format_number(r.national_rate_pct, lang, 1)]
                for r in part.rows]  # fmt: skip
        widths = [4.5, 4.5, CONTENT_W - 9.0]
        fallback = t("exp_direct_fallback_note", lang, min_areas="") if part.model_note else ""
        note = " ".join(filter(None, (fallback, t("experience_note", lang))))
    table(s, MARGIN, BODY_TOP, widths, [t(k, lang, level=level) for k in keys], rows, BODY_H)
    _foot(s, [[Run(note), *_marker_run(L.markers(part.sources))]])


def _map(s, content, slide, lang, settings):
    ranking = slide.ranking
    figure, _ = charts.ranking_map(content, ranking, settings, lang)
    if figure is None:
        text_box(s, (MARGIN, BODY_TOP, CONTENT_W, 0.6), [t("not_available", lang)], 16)
    else:
        picture(s, figure, (MARGIN, BODY_TOP, CONTENT_W, BODY_H))
    _foot(s, [_marker_run(L.markers(ranking.sources + ranking.layer_sources))])


def _ranked(s, content, slide, lang, settings):
    ranking, entries = slide.ranking, list(slide.rows)
    bars = pptx_charts.ranked_rows(content, entries, lang)
    others = [e for e in entries if e.group in ("older", "grade_only")]
    side_w = 4.6 if bars and others else CONTENT_W
    if bars:
        chart_w = CONTENT_W - side_w - 0.25 if others else CONTENT_W
        chart_h = min(BODY_H, 0.9 + 0.42 * len(bars))  # a few bars stay bar-thick
        pptx_charts.ranked_chart(s, bars, (MARGIN, BODY_TOP, chart_w, chart_h))
    if others:
        left = MARGIN + CONTENT_W - side_w
        rows = [
            [L.short_government(e.region_code, lang), _figure_cell(e.figure, lang)] for e in others
        ]
        note_h = 0.75
        text_box(
            s, (left, BODY_TOP, side_w, note_h), [t("pptx.unranked_note", lang)], 13, 12, MUTED
        )
        table(s, left, BODY_TOP + note_h, [side_w * 0.45, side_w * 0.55], [t("col_region", lang), t("col_value", lang)],
              rows, BODY_H - note_h)  # fmt: skip
    foot = []
    empty = [e for e in ranking.entries if e.group == "none"]
    if empty and slide.part == slide.total - 1:
        foot.append(
            t(
                "ranking_none_line",
                lang,
                names=", ".join(L.short_government(e.region_code, lang) for e in empty),
            )
        )
    targets = {e.target for e in entries if e.group == "ranked" and e.target is not None}
    if bars and len(targets) == 1:
        foot.append(t("pptx.target_line", lang, target=L.format_number(targets.pop(), lang, 2)))
    markers = _marker_run(L.markers(W.slide_sources(content, slide)))
    _foot(s, [[Run(" ".join(foot)), *markers]])


def _empty(s, content, slide, lang, settings):
    lines = [[Run(f"{what}: ", True), Run(line)] for what, line in empty_lines(content, lang)]
    text_box(s, (MARGIN, BODY_TOP, CONTENT_W, BODY_H), lines, 18, 12)


def _divider(s, content, slide, lang, settings):
    rectangle(s, (MARGIN, BODY_TOP + 0.3, 2.5, 0.12), BLUE)


def _what_if(s, content, slide, lang, settings):
    rows = [[L.sector_label(r.sector, lang),
             f"{L.format_signed(r.delta_pengalaman_pts, lang, 3)} {messages.interval(r.ci_low, r.ci_high, lang, 3)}"]
            for r in content.what_if]  # fmt: skip
    heads = [t("whatif_sector", lang), t("whatif_pengalaman", lang)]
    table(s, MARGIN, BODY_TOP, [5.0, CONTENT_W - 5.0], heads, rows, BODY_H)
    _foot(s, [t("whatif_method_note", lang, method=content.what_if[0].method)])


def _provenance(s, content, slide, lang, settings):
    rows = [list(row) for row in provenance_rows(content, lang)]
    table(s, MARGIN, BODY_TOP, [4.0, CONTENT_W - 4.0], None, rows, BODY_H, 16)


def _short(text: str, limit: int = 45) -> str:
    """A bare web address shortened for the slide (the notes and the workbook keep it whole)."""
    if not text.startswith(("http://", "https://")):
        return text
    text = text.split("://", 1)[1].removeprefix("www.")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _sources(s, content, slide, lang, settings):
    lines = source_lines(slide.rows, lang)
    half = (len(lines) + 1) // 2
    width = (CONTENT_W - 0.25) / 2
    for i, column in enumerate((lines[:half], lines[half:])):
        if column:
            rows = [[Cell([[Run(f"[{x['numbers']}]", True)]]),  _short(x["text"]) + (f" · {x['years']}" if x["years"] else "")]
                    for x in column]  # fmt: skip
            table(
                s, MARGIN + i * (width + 0.25), BODY_TOP, [1.0, width - 1.0], None, rows, BODY_H, 13
            )
    _foot(s, [t("sources_full_list", lang)])


BUILDERS = {"opening": _opening, "cards": _cards, "ipak": _ipak, "table": _table, "government": _government,
            "counters": _counters, "sector_model": _sector_model, "map": _map, "ranked": _ranked,
            "empty": _empty, "divider": _divider, "what_if": _what_if, "provenance": _provenance,
            "sources": _sources}  # fmt: skip


def _head(s, content: BriefContent, slide: Slide, lang: str) -> None:
    """Title (the layout's title placeholder), the blue rule under it and the slide's sentence."""
    heading, part = W.heading(content, slide, lang), L.part_label(slide.part, slide.total, lang)
    title = s.shapes.title
    left, top, width, height = TITLE_BOX
    title.left, title.top, title.width, title.height = (Inches(v) for v in TITLE_BOX)
    runs = [Run(heading, True, BLUE if slide.kind == "divider" else None)]
    runs += [Run(f"  {part}", colour=MUTED, scale=0.75)] if part else []
    fill_frame(title.text_frame, [runs], fit_pt(heading + part, width, height, 30, 24))
    title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    title.text_frame.paragraphs[0].alignment = 1  # left
    rectangle(s, (MARGIN, RULE_TOP, CONTENT_W, 0.035), BLUE)
    message = (
        t("appendix_message", lang)
        if slide.kind == "divider"
        else messages.message(content, slide, lang)
    )
    text_box(s, MESSAGE_BOX, [message], 18, 14)


def _notes(s, content: BriefContent, slide: Slide, lang: str) -> None:
    numbers = W.slide_sources(content, slide)
    if not numbers:
        return
    lines = [t("sources_heading", lang) + ":"]
    for n in numbers:
        source = content.source(n)
        url = f" — {source.urls[0]}" if source.urls else ""
        lines.append(f"[{n}] {L.source_text(source, lang)}{url}")
    notes(s, lines)


def build(content: BriefContent, lang: str, settings: dict):
    """The deck as a python-pptx Presentation, one slide per planned slide."""
    deck = new_deck()
    layout = deck.slide_layouts[LAYOUT_TITLE_ONLY]
    for slide in plan(content, settings):
        s = deck.slides.add_slide(layout)
        _head(s, content, slide, lang)
        BUILDERS[slide.kind](s, content, slide, lang, settings)
        _notes(s, content, slide, lang)
    return deck


def write_pptx(content: BriefContent, lang: str, path, settings: dict | None = None) -> int:
    """Write the deck to ``path`` atomically (temporary file, then rename); the number of slides."""
    if settings is None:
        from helpers.brief.content.assemble import brief_settings

        settings = brief_settings()
    deck = build(content, lang, settings)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".pptx", dir=path.parent)
    os.close(handle)
    try:
        deck.save(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return len(deck.slides)
