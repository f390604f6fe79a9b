"""The PowerPoint deck: one editable 16:9 slide per planned :class:`~.plan.Slide`, in order.

Same slides, words and sentences as the HTML deck (:mod:`.html`): a title and the headline
sentence as text, tables as native tables, cards as shapes, the IPAK trend and ranked charts as
native charts (:mod:`.pptx_charts`), maps as pictures. Every slide carries "[n]" source markers
in its text and its numbered sources (citation and first address) in its notes.
"""

from __future__ import annotations

from pptx.enum.text import MSO_ANCHOR
from pptx.util import Inches

from helpers.brief.content.document import BriefContent
from helpers.brief.render import charts, figures, messages, pptx_charts, pptx_rakor
from helpers.brief.render import labels as L
from helpers.brief.render import pptx_kit as K
from helpers.brief.render import pptx_tables as T
from helpers.brief.render import words as W
from helpers.brief.render.html import counter_cards, empty_lines
from helpers.brief.render.plan import Slide, plan
from helpers.brief.render.pptx_kit import Cell, Run
from helpers.core.paths import write_atomically
from helpers.reference.texts import t

BODY_H = K.BODY_BOTTOM - K.BODY_TOP


# ------------------------------------------------------------------------------- slides
def _opening(s, content, slide, lang, settings):
    year_note = ""
    if content.latest_ipak_year is not None and content.reference_year > content.latest_ipak_year:
        year_note = t(
            "year_after_ipak", lang, year=content.reference_year, ipak_year=content.latest_ipak_year
        )
    K.text_box(
        s,
        (K.MARGIN, K.BODY_TOP, K.CONTENT_W, 0.9),
        [[Run(t("brief_subtitle", lang, year=content.reference_year), True)], year_note],
        20,
        14,
    )  # fmt: K.skip
    rows = [[L.full_name(v.indicator_id, lang), str(v.year), v.publisher] for v in content.vintages]
    K.table(s, K.MARGIN, K.BODY_TOP + 1.05, [6.5, 1.3, 3.5], None, rows, BODY_H - 1.1, 16)
    T.foot(s, [content.provenance.get("generated_at", "")])


def _cards(s, content, slide, lang, settings):
    n = max(len(content.cards), 1)
    gap, height = 0.2, BODY_H - 0.1
    width = (K.CONTENT_W - gap * (n - 1)) / n
    for i, card in enumerate(content.cards):
        c = W.card(content, card, lang)
        left = K.MARGIN + i * (width + gap)
        K.rectangle(s, (left, K.BODY_TOP, width, height), K.CARD_FILL, K.BORDER, rounded=True)
        inner, x = width - 0.2, left + 0.1
        K.text_box(
            s,
            (x, K.BODY_TOP + 0.1, inner, 1.05),
            [
                [Run(c["title"], True), *T.marker_run(c["markers"])],
                [Run(c["where"], colour=K.MUTED)],
            ],
            15,
            12,
        )  # fmt: K.skip
        value = [Run(c["value"], True)] + (
            [Run(f" ({c['year']})", colour=K.MUTED, scale=0.5)] if c["year"] else []
        )
        K.text_box(s, (x, K.BODY_TOP + 1.2, inner, 0.75), [value], 30 if c["year"] else 16, 14)
        y = K.BODY_TOP + 2.0
        if c["chip"] is not None:
            chip = c["chip"]
            w = min(len(chip.label) * 0.11 + 0.35, inner)
            shape = K.rectangle(s, (x + 0.05, y, w, 0.38), chip.colour, rounded=True)
            K.fill_frame(shape.text_frame, [[Run(chip.label, True)]], 12, chip.text_colour)
            shape.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
            y += 0.5
        lines = [c["old"], c["target_line"], c["trend"], c["missing_line"]]
        K.text_box(s, (x, y, inner, K.BODY_TOP + height - y - 0.1), lines, 14, 12)
    note = "administrative_note" if content.is_administrative else "gaps_note_short"
    T.foot(
        s,
        [[Run(t(note, lang)), *T.marker_run(L.markers(content.region.legal_basis_source_numbers))]],
    )


def _ipak(s, content, slide, lang, settings):
    pptx_charts.ipak_chart(s, content, lang, (K.MARGIN, K.BODY_TOP, K.CONTENT_W, BODY_H))
    caveat = t("ipak_national_only", lang, province=content.region.name)
    T.foot(s, [[Run(caveat), *T.marker_run(L.markers(content.ipak.source_numbers))]])


def _sector_card(s, box, sector) -> None:
    K.rectangle(s, box, K.CARD_FILL, K.BORDER, rounded=True)
    left, top, width, height = box
    lines = [[Run(sector["label"], True), Run(f" · {sector['opd']}", colour=K.MUTED)]]
    if sector["rating"]:
        lines.append([Run(sector["rating"], True)])
    for u in sector["units"]:
        head = f"{u['value']} · {u['unit']}" + (f" · {u['category']}" if u["category"] else "")
        tail = f"{u['where']} ({u['year']})" + (f" · {u['old']}" if u["old"] else "")
        lines += [[Run(head, True), *T.marker_run(u["markers"])], [Run(tail, colour=K.MUTED)]]
    lines.append(sector["more"] if sector["units"] else [Run(sector["missing"], colour=K.MUTED)])
    K.text_box(s, (left + 0.05, top + 0.05, width - 0.1, height - 0.1), lines, 14, 12)


def _counters(s, content, slide, lang, settings):
    sectors = counter_cards(content, lang)
    gap, card_h = 0.15, 2.45
    width = (K.CONTENT_W - gap * (len(sectors) - 1)) / max(len(sectors), 1)
    for i, sector in enumerate(sectors):
        _sector_card(s, (K.MARGIN + i * (width + gap), K.BODY_TOP, width, card_h), sector)
    rows = []
    for f in content.counters.figures:
        label = f"{L.full_name(f.indicator_id, lang)} — {L.government(f.region_code, lang)}"
        marks = L.marks(f, lang)
        text = L.cell_text(f, lang) + (f" · {' · '.join(marks)}" if marks else "")
        rows.append([label, Cell([[Run(text), *T.marker_run(L.markers(f.source_numbers))]])])
    K.table(
        s,
        K.MARGIN,
        K.BODY_TOP + card_h + 0.1,
        [7.8, K.CONTENT_W - 7.8],
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
        foot.insert(0, [Run(line), *T.marker_run(L.markers(national.source_numbers))])
    T.foot(s, foot)


def _map(s, content, slide, lang, settings):
    ranking = slide.ranking
    png = figures.load(settings.get("figures_folder"), figures.map_name(ranking, lang))
    if png is not None:  # the map the notebook drew for the HTML deck: not drawn again
        K.picture_png(s, png, (K.MARGIN, K.BODY_TOP, K.CONTENT_W, BODY_H))
        T.foot(s, [T.marker_run(L.markers(ranking.source_numbers + ranking.layer_source_numbers))])
        return
    figure, _ = charts.ranking_map(content, ranking, settings, lang)
    if figure is None:
        K.text_box(s, (K.MARGIN, K.BODY_TOP, K.CONTENT_W, 0.6), [t("not_available", lang)], 16)
    else:
        K.picture(s, figure, (K.MARGIN, K.BODY_TOP, K.CONTENT_W, BODY_H))
    T.foot(s, [T.marker_run(L.markers(ranking.source_numbers + ranking.layer_source_numbers))])


def _ranked(s, content, slide, lang, settings):
    ranking, entries = slide.ranking, list(slide.rows)
    bars = pptx_charts.ranked_rows(content, entries, lang)
    others = [e for e in entries if e.group in ("older", "grade_only")]
    side_w = 4.6 if bars and others else K.CONTENT_W
    if bars:
        chart_w = K.CONTENT_W - side_w - 0.25 if others else K.CONTENT_W
        chart_h = min(BODY_H, 0.9 + 0.42 * len(bars))  # a few bars stay bar-thick
        pptx_charts.ranked_chart(s, bars, (K.MARGIN, K.BODY_TOP, chart_w, chart_h))
    if others:
        left = K.MARGIN + K.CONTENT_W - side_w
        rows = [
            [L.short_government(e.region_code, lang), T.figure_cell(e.figure, lang)] for e in others
        ]
        note_h = 0.75
        K.text_box(
            s, (left, K.BODY_TOP, side_w, note_h), [t("pptx.unranked_note", lang)], 13, 12, K.MUTED
        )
        K.table(
            s,
            left,
            K.BODY_TOP + note_h,
            [side_w * 0.45, side_w * 0.55],
            [t("col_region", lang), t("col_value", lang)],
            rows,
            BODY_H - note_h,
        )  # fmt: K.skip
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
    markers = T.marker_run(L.markers(W.slide_sources(content, slide)))
    T.foot(s, [[Run(" ".join(foot)), *markers]])


def _empty(s, content, slide, lang, settings):
    lines = [[Run(f"{what}: ", True), Run(line)] for what, line in empty_lines(content, lang)]
    K.text_box(s, (K.MARGIN, K.BODY_TOP, K.CONTENT_W, BODY_H), lines, 18, 12)


def _divider(s, content, slide, lang, settings):
    K.rectangle(s, (K.MARGIN, K.BODY_TOP + 0.3, 2.5, 0.12), K.BLUE)


BUILDERS = {
    "opening": _opening,
    "cards": _cards,
    "ipak": _ipak,
    "table": T.table,
    "government": T.government,
    "counters": _counters,
    "sector_model": T.sector_model,
    "map": _map,
    "ranked": _ranked,
    "empty": _empty,
    "divider": _divider,
    "what_if": T.what_if,
    "provenance": T.provenance,
    "sources": T.sources,
    **pptx_rakor.BUILDERS,
}  # fmt: K.skip


def _head(s, content: BriefContent, slide: Slide, lang: str) -> None:
    """Title (the layout's title placeholder), the blue rule under it and the slide's sentence."""
    heading, part = W.heading(content, slide, lang), L.part_label(slide.part, slide.total, lang)
    title = s.shapes.title
    left, top, width, height = K.TITLE_BOX
    title.left, title.top, title.width, title.height = (Inches(v) for v in K.TITLE_BOX)
    runs = [Run(heading, True, K.BLUE if slide.kind == "divider" else None)]
    runs += [Run(f"  {part}", colour=K.MUTED, scale=0.75)] if part else []
    K.fill_frame(title.text_frame, [runs], K.fit_pt(heading + part, width, height, 30, 24))
    title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    title.text_frame.paragraphs[0].alignment = 1  # left
    K.rectangle(s, (K.MARGIN, K.RULE_TOP, K.CONTENT_W, 0.035), K.BLUE)
    message = (
        t("appendix_message", lang)
        if slide.kind == "divider"
        else messages.message(content, slide, lang)
    )
    K.text_box(s, K.MESSAGE_BOX, [message], 18, 14)


def _notes(s, content: BriefContent, slide: Slide, lang: str) -> None:
    numbers = W.slide_sources(content, slide)
    if not numbers:
        return
    lines = [t("sources_heading", lang) + ":"]
    for n in numbers:
        source = content.source(n)
        url = f" — {source.urls[0]}" if source.urls else ""
        lines.append(f"[{n}] {L.source_text(source, lang)}{url}")
    K.notes(s, lines)


def build(content: BriefContent, lang: str, settings: dict):
    """The deck as a python-pptx Presentation, one slide per planned slide."""
    deck = K.new_deck()
    layout = deck.slide_layouts[K.LAYOUT_TITLE_ONLY]
    slides = plan(content, settings)
    for number, slide in enumerate(slides, start=1):
        s = deck.slides.add_slide(layout)
        _head(s, content, slide, lang)
        BUILDERS[slide.kind](s, content, slide, lang, settings)
        _notes(s, content, slide, lang)
        K.slide_number(s, number, len(slides))
    return deck


def write_pptx(
    content: BriefContent, lang: str, path, settings: dict | None = None, figures_folder=None
) -> int:
    """Write the deck to ``path`` atomically (temporary file, then rename); the number of slides.

    ``figures_folder``: where the notebook saved the maps it drew (reused, not drawn again).
    """
    if settings is None:
        from helpers.brief.content.assemble import brief_settings

        settings = brief_settings()
    settings = {**settings, "figures_folder": figures_folder}
    deck = build(content, lang, settings)
    write_atomically(path, deck.save)
    return len(deck.slides)
