"""Table slides of the PowerPoint deck, and the figure cell the ranked slides reuse.

Local governments, a kab/kota's own scores, sector estimates, what-if, provenance, sources.
"""

from __future__ import annotations

from helpers.brief.render import labels as L
from helpers.brief.render import messages
from helpers.brief.render import pptx_kit as K
from helpers.brief.render import words as W
from helpers.brief.render.html import provenance_rows, source_lines
from helpers.brief.render.pptx_kit import Cell, Run
from helpers.reference.files import estimation_settings
from helpers.reference.texts import t

BODY_H = K.BODY_BOTTOM - K.BODY_TOP


def marker_run(numbers: list[str], colour: str | None = K.MUTED) -> list[Run]:
    """Source markers " [1–4]" as a run (none without numbers)."""
    return [Run(f" [{', '.join(numbers)}]", colour=colour)] if numbers else []


def figure_cell(figure, lang: str) -> Cell:
    """A table cell of one figure: value (year), marks, the band's chip as fill and word, markers."""
    words = W.cell(figure, lang)
    chip = words["chip"]
    runs = [Run(words["text"])]
    if chip is not None:
        runs.append(Run(f" · {chip.label}", bold=True))
    if words["old"]:
        runs.append(Run(f" · {words['old']}"))
    runs += marker_run(words["markers"], None if chip else K.MUTED)
    return Cell(
        [runs],
        chip.colour if chip else None,
        chip.text_colour if chip else (None if figure.has_value else K.MUTED),
    )


def foot(slide, paragraphs) -> None:
    """The footnote line(s) at the bottom of a slide; a long one grows upwards over free body space."""
    left, top, width, height = K.FOOT_BOX
    needed = K.text_height(K.plain(K.as_runs(paragraphs)), width, 12)
    grow = min(max(needed - height, 0), 0.5)
    K.text_box(slide, (left, top - grow, width, height + grow), paragraphs, 13, 12, K.MUTED)


def table(s, content, slide, lang, settings):
    """The table slide's body, with the SPI change and (when filed) the actions, as in the deck."""
    from helpers.brief.render.words import extra_cells

    heads = [t("col_region", lang)] + [t(f"col_{i}", lang) for i in content.table.indicators]
    heads.append(t("col_spi_change", lang))
    if any(e.n_open or e.n_overdue for e in content.province_extra):
        heads.append(t("col_actions", lang))
    n_extra = len(heads) - 1 - len(content.table.indicators)
    rest = (K.CONTENT_W - 3.4 - 1.5 * n_extra) / len(content.table.indicators)
    rows = [
        [L.government(r.region_code, lang)]
        + [figure_cell(f, lang) for f in r.figures]
        + [cell["text"] for cell in extra_cells(content, r.region_code, lang)]
        for r in slide.rows
    ]
    widths = [3.4] + [rest] * len(content.table.indicators) + [1.5] * n_extra
    K.table(s, K.MARGIN, K.BODY_TOP, widths, heads, rows, BODY_H)
    foot(s, [t("pemda_footnote", lang)])


def government(s, content, slide, lang, settings):
    """The government slide's body."""
    rows = [
        [L.full_name(r.figures[0].indicator_id, lang), figure_cell(r.figures[0], lang)]
        for r in slide.rows
    ]
    heads = [t("col_indicator", lang), t("col_value", lang)]
    K.table(s, K.MARGIN, K.BODY_TOP, [5.0, K.CONTENT_W - 5.0], heads, rows, BODY_H)
    note = t("pemda_footnote", lang)
    if content.table.absent_indicators:
        areas = ", ".join(L.area_name(i, lang) for i in content.table.absent_indicators)
        note = t("government_absent_areas", lang, areas=areas) + " " + note
    foot(s, [note])


def sector_model(s, content, slide, lang, settings):
    """The sector model slide's body."""
    part = content.sector_model
    level = L.format_number(part.ci_level * 100, lang, 0)

    def rate(r):
        if not r.shown:
            return t(f"regency_sector_{r.reason}", lang)
        return f"{L.format_number(r.rate_pct, lang, 1)} {messages.interval(r.ci_low_pct, r.ci_high_pct, lang, 1)}"

    if content.is_regency:
        keys = (
            "sector_col",
            "sector_rate_col",
            "regency_sector_n_col",
            "regency_sector_province_col",
            "sector_national_col",
        )  # fmt: K.skip
        rows = [
            [
                L.sector_label(r.sector, lang),
                rate(r),
                L.format_number(r.n_users, lang, 0),
                L.format_number(r.province_rate_pct, lang, 1),
                L.format_number(r.national_rate_pct, lang, 1),
            ]
            for r in part.rows
        ]  # fmt: K.skip
        widths, note = [3.0, 3.8, 1.6, 2.0, 1.933], t("regency_sector_note", lang, level=level)
    else:
        keys = ("sector_col", "sector_rate_col", "sector_national_col")
        rows = [
            [L.sector_label(r.sector, lang), rate(r), L.format_number(r.national_rate_pct, lang, 1)]
            for r in part.rows
        ]  # fmt: K.skip
        widths = [4.5, 4.5, K.CONTENT_W - 9.0]
        minimum = estimation_settings()["fay_herriot"]["min_areas"]
        fallback = t("exp_direct_fallback_note", lang, min_areas=minimum) if part.model_note else ""
        note = " ".join(filter(None, (fallback, t("experience_note", lang))))
    K.table(s, K.MARGIN, K.BODY_TOP, widths, [t(k, lang, level=level) for k in keys], rows, BODY_H)
    foot(s, [[Run(note), *marker_run(L.markers(part.source_numbers))]])


def what_if(s, content, slide, lang, settings):
    """The what if slide's body."""
    rows = [
        [
            L.sector_label(r.sector, lang),
            f"{L.format_signed(r.delta_pengalaman_pts, lang, 3)} {messages.interval(r.ci_low, r.ci_high, lang, 3)}",
        ]
        for r in content.what_if
    ]  # fmt: K.skip
    heads = [t("whatif_sector", lang), t("whatif_pengalaman", lang)]
    K.table(s, K.MARGIN, K.BODY_TOP, [5.0, K.CONTENT_W - 5.0], heads, rows, BODY_H)
    foot(s, [t("whatif_method_note", lang, method=content.what_if[0].method)])


def provenance(s, content, slide, lang, settings):
    """The provenance slide's body."""
    rows = [list(row) for row in provenance_rows(content, lang)]
    K.table(s, K.MARGIN, K.BODY_TOP, [4.0, K.CONTENT_W - 4.0], None, rows, BODY_H, 16)


def _short(text: str, limit: int = 45) -> str:
    """A bare web address shortened for the slide (the K.notes and the workbook keep it whole)."""
    if not text.startswith(("http://", "https://")):
        return text
    text = text.split("://", 1)[1].removeprefix("www.")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sources(s, content, slide, lang, settings):
    """The sources slide's body."""
    lines = source_lines(slide.rows, lang)
    half = (len(lines) + 1) // 2
    width = (K.CONTENT_W - 0.25) / 2
    for i, column in enumerate((lines[:half], lines[half:])):
        if column:
            rows = [
                [
                    Cell([[Run(f"[{x['numbers']}]", True)]]),
                    _short(x["text"]) + (f" · {x['years']}" if x["years"] else ""),
                ]
                for x in column
            ]  # fmt: K.skip
            K.table(
                s,
                K.MARGIN + i * (width + 0.25),
                K.BODY_TOP,
                [1.0, width - 1.0],
                None,
                rows,
                BODY_H,
                13,
            )
    foot(s, [t("sources_full_list", lang)])
