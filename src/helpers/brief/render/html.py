"""The HTML deck: one ``<section data-slide>`` per planned slide, from the content.

Jinja partials (``templates/sections/``) lay each slide out; this module fills them with the
words of :mod:`.labels` and the sentence of :mod:`.messages`. The notebook shows these
fragments cell by cell and nbconvert exports them as the offline ``brief.html``.
"""

from __future__ import annotations

from helpers.brief import display
from helpers.brief.content.document import BriefContent
from helpers.brief.render import charts, figures, messages, rakor
from helpers.brief.render import labels as L
from helpers.brief.render.jinja import render, safe, stylesheet
from helpers.brief.render.plan import Slide, plan
from helpers.brief.render.words import card as _card
from helpers.brief.render.words import cell as _cell
from helpers.brief.render.words import extra_cells
from helpers.brief.render.words import ranking_heading as _heading
from helpers.reference.files import estimation_settings
from helpers.reference.texts import t


def _opening(content, slide, lang, settings, message):
    vintages = [{"name": L.full_name(v.indicator_id, lang), "year": v.year, "publisher": v.publisher}
                for v in content.vintages]  # fmt: skip
    year_note = ""
    if content.latest_ipak_year is not None and content.reference_year > content.latest_ipak_year:
        year_note = t(
            "year_after_ipak", lang, year=content.reference_year, ipak_year=content.latest_ipak_year
        )
    return render("opening.html.j2", lang=lang, css=stylesheet(), title=L.title(content, lang),
                  subtitle=t("brief_subtitle", lang, year=content.reference_year), message=message,
                  vintages=vintages, year_note=year_note, synthetic_banner="",
                  generated=content.provenance.get("generated_at", ""))  # fmt: skip


def _cards(content, slide, lang, settings, message):
    note = "administrative_note" if content.is_administrative else "gaps_note_short"
    return render("cards.html.j2", lang=lang, heading=t("gaps_heading", lang, province=content.region.name),
                  message=message, cards=[_card(content, c, lang) for c in content.cards],
                  note=t(note, lang), note_markers=L.markers(content.region.legal_basis_source_numbers))  # fmt: skip


_IPAK_FIGURES: dict[tuple, str] = {}


def _ipak_figure(content, settings, lang) -> str:
    """The national IPAK chart: the same for every brief of a year and language (drawn once)."""
    key = (repr(content.ipak), content.reference_year, lang)
    if key not in _IPAK_FIGURES:
        if len(_IPAK_FIGURES) > 16:
            _IPAK_FIGURES.clear()
        fig, alt = charts.ipak_chart(content, settings, lang)
        _IPAK_FIGURES[key] = display.figure_html(fig, alt)
    return _IPAK_FIGURES[key]


def _ipak(content, slide, lang, settings, message):
    return render("chart.html.j2", lang=lang, kind="ipak", heading=t("ipak_heading", lang), message=message,
                  figure=safe(_ipak_figure(content, settings, lang)), part="", watermark="",
                  caveat=t("ipak_national_only", lang, province=content.region.name),
                  markers=L.markers(content.ipak.source_numbers))  # fmt: skip


def _table(content, slide, lang, settings, message):
    heads = [t("col_region", lang)] + [t(f"col_{i}", lang) for i in content.table.indicators]
    heads.append(t("col_spi_change", lang))
    if any(e.n_open or e.n_overdue for e in content.province_extra):
        heads.append(t("col_actions", lang))
    rows = [{"label": L.government(r.region_code, lang),
             "cells": [_cell(f, lang) for f in r.figures] + extra_cells(content, r.region_code, lang)}
            for r in slide.rows]  # fmt: skip
    return render("table.html.j2", lang=lang, kind="pemda", part=L.part_label(slide.part, slide.total, lang),
                  heading=t("pemda_heading", lang, province=content.region.province_name),
                  message=message, heads=heads, rows=rows, note=t("pemda_footnote", lang))  # fmt: skip


def _government(content, slide, lang, settings, message):
    rows = [{"label": L.full_name(r.figures[0].indicator_id, lang), "cells": [_cell(r.figures[0], lang)]}
            for r in slide.rows]  # fmt: skip
    note = t("pemda_footnote", lang)
    if content.table.absent_indicators:
        areas = ", ".join(L.area_name(i, lang) for i in content.table.absent_indicators)
        note = t("government_absent_areas", lang, areas=areas) + " " + note
    return render("table.html.j2", lang=lang, kind="government", part=L.part_label(slide.part, slide.total, lang),
                  heading=t("government_heading", lang, government=content.region.name), message=message,
                  heads=[t("col_indicator", lang), t("col_value", lang)], rows=rows, note=note)  # fmt: skip


def _unit(unit, lang: str) -> dict:
    f = unit.figure
    return {"value": L.value_text(f, lang), "unit": unit.unit_name, "category": f.category if f.has_number else "",
            "where": L.government(unit.region_code, lang), "year": f.year,
            "old": " · ".join(L.marks(f, lang)), "markers": L.markers(f.source_numbers)}  # fmt: skip


def counter_cards(content: BriefContent, lang: str, per_counter: int = 1) -> list[dict]:
    """Each counter: its own rating (own government only) and its weakest named units."""
    out = []
    for c in content.counters.counters:
        scored = sorted((u for u in c.units if u.figure.has_value),
                        key=lambda u: (u.figure.value is None, u.figure.value or 0))  # fmt: skip
        shown = scored[:per_counter]
        rating = ""
        if (
            c.own_rating_0_100 is not None and c.own_n_scored >= 2
        ):  # one unit: its own score says it
            rating = t("sector_own_rating", lang, value=L.format_number(c.own_rating_0_100, lang, 2),
                       n=c.own_n_scored, government=L.government(content.region.code, lang))  # fmt: skip
        more = (
            t("sector_more_units", lang, n=len(scored) - len(shown))
            if len(scored) > len(shown)
            else ""
        )
        out.append({"label": L.sector_label(c.sector, lang), "opd": L.sector_office(c.sector, lang),
                    "rating": rating, "units": [_unit(u, lang) for u in shown], "more": more,
                    "missing": t("sector_unit_missing", lang)})  # fmt: skip
    return out


def _counters(content, slide, lang, settings, message):
    rows = []
    for f in content.counters.figures:
        label = f"{L.full_name(f.indicator_id, lang)} — {L.government(f.region_code, lang)}"
        marks = L.marks(f, lang)
        rows.append({"label": label, "text": L.cell_text(f, lang) + (f" · {' · '.join(marks)}" if marks else ""),
                     "markers": L.markers(f.source_numbers)})  # fmt: skip
    national = content.counters.national_rate
    line = (
        ""
        if national is None or not national.has_number
        else t(
            "sector_national_rate",
            lang,
            value=L.format_number(national.value, lang, 1),
            year=national.year,
        )
    )
    return render("sectors.html.j2", lang=lang, heading=t("sector_evidence_heading", lang, province=content.region.name),
                  message=message, sectors=counter_cards(content, lang), figure_rows=rows,
                  national_line=line, national_markers=L.markers(national.source_numbers) if national else [],
                  caveat=t("sector_units_caveat", lang), model_note="")  # fmt: skip


def _sector_model(content, slide, lang, settings, message):
    part = content.sector_model
    level = L.format_number(part.ci_level * 100, lang, 0)
    if content.is_regency:
        rows = [{"label": L.sector_label(r.sector, lang), "office": L.sector_office(r.sector, lang),
                 "rate": L.format_number(r.rate_pct, lang, 1) if r.shown else "",
                 "interval": messages.interval(r.ci_low_pct, r.ci_high_pct, lang, 1) if r.shown else "",
                 "reason": "" if r.shown else t(f"regency_sector_{r.reason}", lang),
                 "n": L.format_number(r.n_users, lang, 0), "province": L.format_number(r.province_rate_pct, lang, 1),
                 "national": L.format_number(r.national_rate_pct, lang, 1)} for r in part.rows]  # fmt: skip
        heads = [t(k, lang, level=level) for k in ("sector_col", "sector_rate_col", "regency_sector_n_col",
                                                   "regency_sector_province_col", "sector_national_col")]  # fmt: skip
        return render("sector_model_regency.html.j2", lang=lang, heading=t("experience_heading", lang, province=content.region.name),
                      message=message, heads=heads, rows=rows, markers=L.markers(part.source_numbers),
                      note=t("regency_sector_note", lang, level=level))  # fmt: skip
    rows = [{"label": L.sector_label(r.sector, lang), "office": L.sector_office(r.sector, lang) if r.sector != "lainnya" else "",
             "rate": L.format_number(r.rate_pct, lang, 1), "interval": messages.interval(r.ci_low_pct, r.ci_high_pct, lang, 1),
             "national": L.format_number(r.national_rate_pct, lang, 1)} for r in part.rows]  # fmt: skip
    heads = [
        t(k, lang, level=level) for k in ("sector_col", "sector_rate_col", "sector_national_col")
    ]
    note = " ".join(filter(None, (t("exp_direct_fallback_note", lang, min_areas=estimation_settings()["fay_herriot"]["min_areas"]) if part.model_note else "",
                                  t("experience_note", lang))))  # fmt: skip
    return render("sector_model.html.j2", lang=lang, heading=t("experience_heading", lang, province=content.region.name),
                  message=message, heads=heads, rows=rows, markers=L.markers(part.source_numbers), note=note)  # fmt: skip


def _map(content, slide, lang, settings, message):
    fig, alt = charts.ranking_map(content, slide.ranking, settings, lang)
    if fig is None:
        return ""
    ranking = slide.ranking
    png = display.figure_png(fig)
    figures.save(figures.map_name(ranking, lang), png)  # the PowerPoint takes the same map
    return render("chart.html.j2", lang=lang, kind="map", heading=_heading(content, ranking, lang), message=message,
                  figure=safe(display.png_html(png, alt)), part="", watermark="", caveat="",
                  markers=L.markers(ranking.source_numbers + ranking.layer_source_numbers))  # fmt: skip


def _ranked(content, slide, lang, settings, message):
    ranking = slide.ranking
    png, alt = charts.ranked_png(content, ranking, list(slide.rows), settings, lang)
    empty = [e for e in ranking.entries if e.group == "none"]
    caveat = (
        t(
            "ranking_none_line",
            lang,
            names=", ".join(L.short_government(e.region_code, lang) for e in empty),
        )
        if empty and slide.part == slide.total - 1
        else ""
    )
    return render("chart.html.j2", lang=lang, kind="ranked", heading=_heading(content, ranking, lang),
                  part=L.part_label(slide.part, slide.total, lang), message=message,
                  figure=safe(display.png_html(png, alt)), caveat=caveat,
                  markers=L.markers(ranking.source_numbers), watermark="")  # fmt: skip


def empty_lines(content: BriefContent, lang: str) -> list[tuple[str, str]]:
    """One line per part with nothing to show: what, and who publishes it."""
    out = []
    for item in content.empty:
        what = (
            L.short_name(item.indicator_id, lang)
            if item.indicator_id
            else t(f"empty_part.{item.part}", lang)
        )
        out.append((what, t(f"empty_reason.{item.reason}", lang, publisher=item.publisher or "")))
    return out


def _empty(content, slide, lang, settings, message):
    return render("empty.html.j2", lang=lang, heading=t("empty_sections_heading", lang), message=message,
                  lines=empty_lines(content, lang))  # fmt: skip


def _divider(content, slide, lang, settings, message):
    return render(
        "divider.html.j2",
        lang=lang,
        heading=t("appendix_heading", lang),
        message=t("appendix_message", lang),
    )


def _what_if(content, slide, lang, settings, message):
    rows = [{"label": L.sector_label(r.sector, lang), "pengalaman": L.format_signed(r.delta_pengalaman_pts, lang, 3),
             "interval": messages.interval(r.ci_low, r.ci_high, lang, 3)} for r in content.what_if]  # fmt: skip
    k = L.format_number(content.what_if[0].k_points, lang, 0)
    return render("what_if.html.j2", lang=lang, heading=t("whatif_heading", lang, k=k), message=message,
                  heads=[t("whatif_sector", lang), t("whatif_pengalaman", lang)], rows=rows, watermark="",
                  note=t("whatif_method_note", lang, method=content.what_if[0].method))  # fmt: skip


def provenance_rows(content: BriefContent, lang: str) -> list[tuple[str, str]]:
    """The provenance table: government, year, commit, data hash, build and generation times."""
    record = content.provenance
    return [(t("provenance_province", lang), f"{content.region.name} (BPS {content.region.code})"),
            (t("provenance_year", lang), str(content.reference_year)),
            (t("provenance_commit", lang), str(record.get("git_commit", ""))),
            (t("provenance_data_hash", lang), str(record.get("data_hash", ""))[:16]),
            (t("provenance_built", lang), str(record.get("data_built_at_local") or "")),
            (t("provenance_generated", lang), str(record.get("generated_at", "")))]  # fmt: skip


def _provenance(content, slide, lang, settings, message):
    return render("provenance.html.j2", lang=lang, heading=t("provenance_heading", lang), message=message,
                  rows=provenance_rows(content, lang))  # fmt: skip


def source_lines(lines, lang: str) -> list[dict]:
    """The grouped source lines of a sources slide."""
    return [{"numbers": ", ".join(L.markers(numbers)), "first": numbers[0], "text": L.source_text(first, lang),
             "years": ", ".join(str(y) for y in years) if first.kind in ("figure", "target") and len(years) > 1 else ""}
            for numbers, first, years in lines]  # fmt: skip


def _sources(content, slide, lang, settings, message):
    return render("sources.html.j2", lang=lang, heading=t("sources_heading", lang), message=message,
                  part=L.part_label(slide.part, slide.total, lang), lines=source_lines(slide.rows, lang),
                  note=t("sources_full_list", lang))  # fmt: skip


RENDERERS = {"opening": _opening, "cards": _cards, "ipak": _ipak, "table": _table, "government": _government,
             "counters": _counters, "sector_model": _sector_model, "map": _map, "ranked": _ranked,
             "empty": _empty, "divider": _divider, "what_if": _what_if, "provenance": _provenance,
             "sources": _sources}  # fmt: skip


def slide_html(content: BriefContent, slide: Slide, lang: str, settings: dict) -> str:
    """One slide's HTML ("" when the slide has nothing to draw, e.g. a map without boundaries)."""
    from helpers.brief.render import drivers

    others = {**rakor.RENDERERS, "drivers": drivers.drivers_html}
    render_slide = RENDERERS.get(slide.kind) or others[slide.kind]
    return render_slide(content, slide, lang, settings, messages.message(content, slide, lang))


def numbered(html: str, number: int, total: int) -> str:
    """The slide with its number ("7 / 15") in the bottom-right corner (screen, print, PDF)."""
    head, tail = html.rsplit("</section>", 1)
    return f'{head}<div class="slide-number" aria-hidden="true">{number} / {total}</div></section>{tail}'


def deck(content: BriefContent, lang: str, settings: dict) -> list[tuple[Slide, str]]:
    """Every slide of the deck with its HTML, numbered."""
    slides = plan(content, settings)
    return [(s, numbered(slide_html(content, s, lang, settings), i, len(slides)))
            for i, s in enumerate(slides, start=1)]  # fmt: skip
