"""Sections of the brief, rendered for the notebook (``notebooks/brief.ipynb``).

Each section is a short function: it computes its values, records the key numbers it shows in
``ctx.key_numbers`` (saved as the JSON sidecar), cites its sources and hands a Jinja2 template
(``templates/sections/``) its values. Every slide is a ``<section data-slide>`` that opens with
one plain sentence computed from the data; long tables and charts continue on numbered slides.
Method detail (models, what-if arithmetic, provenance hashes, the full source list) follows the
appendix divider.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from helpers.brief import display, maps, provenance  # noqa: E402
from helpers.brief.context import BriefContext, open_brief  # noqa: E402
from helpers.brief.render import render, safe, stylesheet  # noqa: E402
from helpers.brief.style import PALETTE, SYNTHETIC_LABEL, axis_formatter, slide_figure  # noqa: E402
from helpers.core.levels import NATIONAL_CODE  # noqa: E402
from helpers.core.missing import as_number, is_missing, text_or_empty  # noqa: E402
from helpers.data import boundaries, units  # noqa: E402
from helpers.gaps import metrics, thresholds  # noqa: E402
from helpers.gaps.thresholds import classify, special_status  # noqa: E402
from helpers.model import experience  # noqa: E402
from helpers.reference import regions  # noqa: E402
from helpers.reference.catalogue import indicator  # noqa: E402
from helpers.reference.formatting import format_interval, format_number, format_signed  # noqa: E402
from helpers.reference.texts import t  # noqa: E402

__all__ = [
    "BriefContext",
    "open_brief",
    "opening",
    "gap_cards",
    "ipak_national",
    "pemda_table",
    "sector_evidence",
    "regency_gaps",
    "appendix_divider",
    "sector_model",
    "what_if",
    "provenance_slide",
    "sources_list",
    "write_sidecar",
    "headline_cells",
    "cell_text",
    "status_chip",
]

show_html = display.show_html


# --------------------------------------------------------------------------- helpers
def _short_name(indicator_id: str, lang: str) -> str:
    """The name officials use: the acronym when the catalogue gives one ("SPI"), else the name."""
    name = indicator(indicator_id).name(lang)
    acronym = re.search(r"\(([A-Z][A-Z/]+)\)", name)
    return acronym.group(1) if acronym else name.split(" (")[0]


def _full_name(indicator_id: str, lang: str) -> str:
    return re.sub(r"\s*\([A-Z][A-Z/]+\)", "", indicator(indicator_id).name(lang)).split(" (")[0]


def _markers(numbers: list[int]) -> list[str]:
    """Marker numbers, de-duplicated and compressed into ranges: [1, 2, 3, 7] -> ["1–3", "7"]."""
    ordered = sorted(set(numbers))
    runs: list[list[int]] = []
    for n in ordered:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return [f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs]


def _chunks(items: list, size: int) -> list[list]:
    """Split ``items`` into as few pages of at most ``size`` as needed, balanced (15/6 → 5, 5, 5)."""
    size = max(int(size), 1)
    pages = max(math.ceil(len(items) / size), 1)
    per_page = math.ceil(len(items) / pages) if items else 1
    return [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]


def _part_label(index: int, total: int, lang: str) -> str:
    return t("continued", lang, part=index + 1, total=total) if total > 1 else ""


def _government_label(ctx: BriefContext, code: str | None = None) -> str:
    """Return "Pemprov Kalimantan Tengah" for a province, the kab/kota's own name for a kab/kota."""
    region = regions.get(code) if code else ctx.region
    if region.level == "province":
        return t("pemprov_label", ctx.lang, province=region.name)
    return region.name


def _slide(template: str, ctx: BriefContext, **values) -> None:
    show_html(render(template, lang=ctx.lang, **values))


def _text_colour(background: str) -> str:
    """Black or white text, whichever reads better on ``background`` (hex colour)."""
    red, green, blue = (int(background.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return "#000000" if 0.299 * red + 0.587 * green + 0.114 * blue > 140 else "#FFFFFF"


@dataclass
class Chip:
    """A status chip: label, background and text colour (colour is never the only signal)."""

    label: str
    colour: str
    text_colour: str


def _chip(status, lang: str) -> Chip | None:
    if status.kind in ("unclassified", "missing", "suppressed"):
        return None
    return Chip(status.label(lang), status.colour, _text_colour(status.colour))


def status_chip(indicator_id: str, row: dict | None, lang: str) -> str:
    """HTML chip with the fixed-threshold status of a value ("" when there is no status)."""
    if row is None:
        return ""
    status = classify(
        indicator_id, row.get("value"), row["year"], row.get("category"), row["status"]
    )
    chip = _chip(status, lang)
    return render("chip.html.j2", chip=chip) if chip else ""


def _round(value: object, decimals: int) -> float | None:
    number = as_number(value)
    return None if number is None else round(number, decimals)


def _not_applicable(code: str) -> bool:
    return len(code) == 4 and not regions.is_autonomous(code)


# A score that does not apply (DKI's kota/kabupaten administrasi are not autonomous): not
# "missing" (None), not "suppressed", not zero.
NOT_APPLICABLE_RECORD = {"year": None, "value": None, "status": "not_applicable",
                         "category": None, "source": None, "is_old": False}  # fmt: skip


def _row_record(row: pd.Series | None, ctx: BriefContext) -> dict | None:
    if row is None:
        return None
    decimals = ctx.settings["sidecar_decimals"]["score"]
    return {
        "year": int(row.year),
        "value": _round(row.value, decimals),
        "status": row.status,
        "category": text_or_empty(row.category) or None,
        "source": row.source,
        "is_old": ctx.year - int(row.year) > ctx.stale_after_years,
    }


def latest(
    values: pd.DataFrame, indicator_id: str, region_code: str, year: int
) -> pd.Series | None:
    """Return the latest row of an indicator for a region at or before ``year`` (or None)."""
    rows = values[
        (values.indicator_id == indicator_id)
        & (values.region_code == region_code)
        & (values.year <= year)
    ]
    return None if rows.empty else rows.sort_values("year").iloc[-1]


def cell_text(row: pd.Series | None, lang: str, decimals: int = 2) -> str:
    """Return how one indicator value reads in a table cell: the state said once, with its year."""
    if row is None:
        return t("not_available", lang)
    if row.status == "suppressed":
        return f"{t('suppressed', lang)} ({row.year})"
    if row.status == "missing":
        return f"{t('not_available', lang)} ({row.year})"
    parts = [format_number(row.value, lang, decimals)] if not is_missing(row.value) else []
    category = text_or_empty(row.category)
    if category and not parts:
        parts.append(category)
    return f"{' · '.join(parts)} ({row.year})"


# --------------------------------------------------------------------------- opening
def _vintages(ctx: BriefContext) -> list[dict]:
    values = ctx.data.values
    codes = set(ctx.government_codes()) | {NATIONAL_CODE}
    shown = values[
        values.region_code.isin(codes) & (values.year <= ctx.year) & (values.status == "published")
    ]
    latest_years = shown.groupby("indicator_id")["year"].max()
    order = ("ipak", "spi", "mcp", "ombudsman", "ipk_cpi")
    return [
        {
            "name": _full_name(i, ctx.lang),
            "year": int(latest_years[i]),
            "publisher": indicator(i).publisher,
        }
        for i in order
        if i in latest_years.index
    ]


def _synthetic_present(ctx: BriefContext) -> bool:
    values = ctx.data.values
    # a kab/kota brief never shows the synthetic sector model, so only data rows can be synthetic
    return bool(values.is_synthetic.any()) or (ctx.microdata_is_synthetic and not ctx.is_regency)


def opening(ctx: BriefContext) -> None:
    """Opening slide: government, reference year, data vintages, the synthetic flag."""
    lang = ctx.lang
    vintages = _vintages(ctx)
    n_regencies = len(ctx.government_codes()) - 1
    year_note = ""
    if ctx.latest_ipak_year is not None and ctx.year > ctx.latest_ipak_year:
        year_note = t("year_after_ipak", lang, year=ctx.year, ipak_year=ctx.latest_ipak_year)
    synthetic = _synthetic_present(ctx)
    ctx.key_numbers["provenance"] = provenance.record(ctx, synthetic)
    _slide(
        "opening.html.j2",
        ctx,
        css=stylesheet(),
        title=t("brief_title", lang, province=ctx.region.name),
        subtitle=t("brief_subtitle", lang, year=ctx.year),
        message=t(
            "opening_message_administrative"
            if ctx.is_administrative
            else "opening_message_regency"
            if ctx.is_regency
            else "opening_message",
            lang,
            province=ctx.province.name,
            government=ctx.region.name,
            n=n_regencies,
            year=ctx.year,
        ),
        vintages=vintages,
        year_note=year_note,
        synthetic_banner=t("synthetic_banner_appendix", lang) if synthetic else "",
        generated=ctx.key_numbers["provenance"]["generated_at"],
    )


# ------------------------------------------------------------------------------ cards
def _gap_row(ctx: BriefContext, indicator_id: str, code: str) -> pd.Series:
    table = metrics.gap_table(
        ctx.data.values,
        ctx.data.targets,
        indicator_id,
        [code],
        ctx.year,
        lang=ctx.lang,
        carry_forward_years=ctx.year,  # one year rule: the latest value up to the year
    )
    return table.iloc[0]


def _card_value(row: pd.Series, lang: str) -> str:
    if row.data_status == "published" and not is_missing(row.value):
        return format_number(row.value, lang, 2)
    if row.data_status == "published" and text_or_empty(row.category):
        return text_or_empty(row.category)
    return t("suppressed" if row.data_status == "suppressed" else "not_available", lang)


def _has_value(row: pd.Series) -> bool:
    return row.data_status == "published" and (
        not is_missing(row.value) or bool(text_or_empty(row.category))
    )


def _card_sentence(ctx: BriefContext, indicator_id: str, row: pd.Series, where: str) -> str:
    lang = ctx.lang
    name = _short_name(indicator_id, lang)
    if not _has_value(row):
        return t(
            "card_message_missing",
            lang,
            indicator=name,
            where=where,
            publisher=indicator(indicator_id).publisher,
        )
    fields = {
        "indicator": name,
        "where": where,
        "value": _card_value(row, lang),
        "year": int(row.year),
    }
    fields["status"] = text_or_empty(row.status_label)
    if is_missing(row.target) or is_missing(row.gap_points):
        return t("card_message", lang, **fields)
    gap = float(row.gap_points)
    key = "card_message_above" if gap >= 0 else "card_message_below"
    return t(
        key,
        lang,
        gap=format_number(abs(gap), lang, 2),
        target=format_number(row.target, lang, 2),
        **fields,
    )


def _card(ctx: BriefContext, indicator_id: str, row: pd.Series, where: str) -> dict:
    lang = ctx.lang
    markers = ctx.cite(row.source, indicator_id, row.year) + ctx.cite(row.target_source)
    has_value = _has_value(row)
    status = special_status("missing") if not has_value else None
    chip = (
        _chip(status, lang)
        if status
        else (
            Chip(
                text_or_empty(row.status_label), row.status_colour, _text_colour(row.status_colour)
            )
            if text_or_empty(row.status_label) and row.status_kind in ("band", "zone")
            else None
        )
    )
    target_line = ""
    if has_value and not is_missing(row.target):
        target_line = t(
            "card_target",
            lang,
            target=format_number(row.target, lang, 2),
            basis=text_or_empty(row.target_basis),
            gap=format_signed(row.gap_points, lang, 2),
        )
    elif has_value:
        target_line = t("card_no_target", lang)
    old = has_value and ctx.year - int(row.year) > ctx.stale_after_years
    return {
        "title": _full_name(indicator_id, lang),
        "where": where,
        "value": _card_value(row, lang),
        "year": int(row.year) if has_value else None,
        "old": t("value_old", lang) if old else "",
        "chip": chip,
        "target_line": target_line,
        "trend": f"{row.trend_arrow} {row.trend_label}" if has_value else "",
        "missing_line": ""
        if has_value
        else t("card_missing_line", lang, publisher=indicator(indicator_id).publisher),
        "markers": _markers(markers),
        "sentence": _card_sentence(ctx, indicator_id, row, where),
        "rank": 99 if not has_value or row.get("status_tone") is None else _tone_rank(row),
    }


def _tone_rank(row: pd.Series) -> int:
    """Rank of a card's status tone, worst 1 … best 5, from thresholds.yaml (50: no tone)."""
    tone = thresholds.config()["tones"].get(str(row.get("status_tone")))
    return int(tone["rank"]) if tone and tone.get("rank") is not None else 50


def _gap_record(row: pd.Series, ctx: BriefContext) -> dict:
    decimals = ctx.settings["sidecar_decimals"]

    def score(x):
        return _round(x, decimals["score"])

    def change(x):
        return _round(x, decimals["change"])

    year = None if is_missing(row.get("year")) else int(row.year)
    return {
        "region_code": row.region_code,
        "year": year,
        "value": score(row.value),
        "data_status": row.data_status,
        "category": text_or_empty(row.category) or None,
        "status": row.status_key,
        "target": score(row.target),
        "target_basis": row.target_basis_key,
        "gap_points": score(row.gap_points),
        "goalpost_score_0_100": score(row.goalpost_score_0_100),
        "trend": row.trend_key,
        "observed_change_per_year": change(row.observed_change_per_year),
        "observed_change_ci95": [
            change(row.observed_change_ci_low),
            change(row.observed_change_ci_high),
        ],
        "is_old": year is not None and ctx.year - year > ctx.stale_after_years,
    }


def _not_applicable_card(ctx: BriefContext, indicator_id: str, where: str) -> dict:
    """The card of a score that does not apply to a kota/kabupaten administrasi."""
    lang = ctx.lang
    publisher = indicator(indicator_id).publisher
    return {
        "title": _full_name(indicator_id, lang), "where": where,
        "value": t("not_applicable", lang), "year": None, "old": "", "chip": None,
        "target_line": "", "trend": "", "markers": [], "rank": 99, "sentence": "",
        "missing_line": t("card_not_applicable_line", lang, publisher=publisher,
                          province=ctx.province.name),
    }  # fmt: skip


def gap_cards(ctx: BriefContext) -> None:
    """Status cards: national IPAK and the provincial government's SPI, Ombudsman, MCP."""
    lang = ctx.lang
    cards, records = [], {}
    government = _government_label(ctx)
    for entry in ctx.settings["cards"]:
        indicator_id = entry["indicator"]
        national = entry["level"] == "national"
        if not national and ctx.is_administrative:
            cards.append(_not_applicable_card(ctx, indicator_id, government))
            records[indicator_id] = {
                "region_code": ctx.region.code,
                "data_status": "not_applicable",
            }
            continue
        code = NATIONAL_CODE if national else ctx.region.code
        row = _gap_row(ctx, indicator_id, code)
        cards.append(_card(ctx, indicator_id, row, "Indonesia" if national else government))
        records[indicator_id] = _gap_record(row, ctx)
    ctx.key_numbers["gap_cards"] = records
    local = [c for c in cards[1:]] or cards
    worst = min(local, key=lambda c: c["rank"])
    message = worst["sentence"]
    if ctx.is_administrative:
        message = t("administrative_message", lang, government=ctx.region.name,
                    province=ctx.province.name)  # fmt: skip
    _slide(
        "cards.html.j2",
        ctx,
        heading=t("gaps_heading", lang, province=ctx.region.name),
        message=message,
        cards=cards,
        note=t("administrative_note" if ctx.is_administrative else "gaps_note_short", lang),
        note_markers=_markers(ctx.cite(regions.non_autonomous_source(ctx.region.code)))
        if ctx.is_administrative
        else [],
    )


# ------------------------------------------------------------------------------- IPAK
def _national_series(ctx: BriefContext, indicator_id: str) -> pd.Series:
    values = ctx.data.values
    rows = values[
        (values.indicator_id == indicator_id)
        & (values.region_code == NATIONAL_CODE)
        & (values.year <= ctx.year)
    ]
    return rows.set_index("year")["value"].sort_index()


def _ipak_chart(
    ctx: BriefContext, ipak: pd.Series, targets: pd.Series, last_year: int, last_value: float
):
    lang = ctx.lang
    fig, ax = slide_figure(ctx.settings)
    years = range(int(ipak.index.min()), last_year + 1)
    full = ipak.reindex(years)
    ax.plot(
        full.index,
        full.to_numpy(),
        marker="o",
        lw=3,
        color=PALETTE["blue"],
        label=t("series_ipak", lang),
    )
    for indicator_id, key, colour in (
        ("ipak_persepsi", "series_persepsi", PALETTE["sky"]),
        ("ipak_pengalaman", "series_pengalaman", PALETTE["orange"]),
    ):
        series = _national_series(ctx, indicator_id)
        series = series[series.index >= 2015].reindex(range(2015, last_year + 1))
        ax.plot(
            series.index,
            series.to_numpy(),
            marker=".",
            lw=2,
            ls="--",
            color=colour,
            label=t(key, lang),
        )
    shown = targets[targets.index <= ctx.year]
    ax.scatter(shown.index, shown.to_numpy(), marker="D", s=80, facecolor="white",
               edgecolor=PALETTE["vermillion"], linewidth=2, zorder=5, label=t("series_target", lang))  # fmt: skip
    if 2016 in full.index and math.isnan(full.loc[2016]):
        ax.annotate(t("no_survey_2016", lang), xy=(2016, float(full.max())), xytext=(0, 8),
                    textcoords="offset points", ha="center", color=PALETTE["grey"])  # fmt: skip
    ax.annotate(format_number(last_value, lang), xy=(last_year, last_value), xytext=(8, -22),
                textcoords="offset points", fontweight="bold", color=PALETTE["blue"])  # fmt: skip
    ax.yaxis.set_major_formatter(axis_formatter(lang, 1))
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.legend(loc="lower left", ncols=4, frameon=False, bbox_to_anchor=(0, -0.28))
    return display.figure_html(fig, t("ipak_chart_alt", lang, first=int(ipak.index.min()), last=last_year,
                                      value=format_number(last_value, lang)))  # fmt: skip


def ipak_national(ctx: BriefContext) -> None:
    """National IPAK series with Persepsi/Pengalaman and targets, and the national-only caveat."""
    lang = ctx.lang
    heading = t("ipak_heading", lang)
    published = _national_series(ctx, "ipak").dropna()
    if published.empty:
        _empty(ctx, heading, t("section_empty", lang, what=heading, publisher="BPS"))
        return
    last_year = int(published.index.max())
    last_value = float(published.loc[last_year])
    target_rows = ctx.data.targets[
        (ctx.data.targets.indicator_id == "ipak") & (ctx.data.targets.region_code == NATIONAL_CODE)
    ]
    targets = target_rows.set_index("year")["target"].sort_index()
    target = as_number(targets.get(last_year))
    gap = None if target is None else last_value - target
    ctx.key_numbers["ipak_national"] = {
        "level": "national",
        "year": last_year,
        "value": round(last_value, 2),
        "target": target,
        "gap_points": None if gap is None else round(gap, 2),
        "target_source": None
        if target is None
        else target_rows.set_index("year").loc[last_year, "source"],
    }
    markers = []
    for r in _national_rows(ctx).itertuples():
        markers += ctx.cite(r.source, r.indicator_id, r.year)
    for source in target_rows[target_rows.year <= ctx.year].source:
        markers += ctx.cite(source)
    key = (
        "ipak_message_no_target"
        if gap is None
        else ("ipak_message_above" if gap >= 0 else "ipak_message_below")
    )
    message = t(key, lang, year=last_year, value=format_number(last_value, lang),
                target=format_number(target, lang), gap=format_number(abs(gap or 0), lang))  # fmt: skip
    _slide(
        "chart.html.j2",
        ctx,
        kind="ipak",
        heading=heading,
        message=message,
        figure=safe(
            _ipak_chart(
                ctx,
                published.reindex(_national_series(ctx, "ipak").index),
                targets,
                last_year,
                last_value,
            )
        ),
        caveat=t("ipak_national_only", lang, province=ctx.region.name),
        markers=_markers(markers),
        watermark="",
    )


def _national_rows(ctx: BriefContext) -> pd.DataFrame:
    values = ctx.data.values
    return values[
        values.indicator_id.isin(["ipak", "ipak_persepsi", "ipak_pengalaman"])
        & (values.region_code == NATIONAL_CODE)
        & (values.year <= ctx.year)
    ]


# ------------------------------------------------------------------------ pemda table
def _pemda_cell(ctx: BriefContext, indicator_id: str, code: str) -> tuple[dict, dict | None]:
    lang = ctx.lang
    if _not_applicable(code):
        return {
            "text": t("not_applicable", lang),
            "chip": None,
            "css": "na",
            "markers": [],
            "old": "",
        }, dict(NOT_APPLICABLE_RECORD)
    row = latest(ctx.data.values, indicator_id, code, ctx.year)
    record = _row_record(row, ctx)
    markers = ctx.cite(row.source, indicator_id, row.year) if row is not None else []
    published = row is not None and row.status == "published"
    chip = None
    if published:
        status = classify(indicator_id, row.value, row.year, row.category, row.status)
        chip = _chip(status, lang)
    text = cell_text(row, lang)
    if chip is not None and is_missing(row.value):
        text = f"({row.year})"  # grade-only: the chip carries the grade, said once
    old = t("value_old_short", lang) if record and record["is_old"] else ""
    return {
        "text": text,
        "chip": chip,
        "css": "num" if published else "num na",
        "markers": _markers(markers),
        "old": old,
    }, record


def _pemda_message(ctx: BriefContext, numbers: dict) -> str:
    lang = ctx.lang
    regency_codes = [c for c in numbers if len(c) == 4 and not _not_applicable(c)]
    if not regency_codes:
        return t("pemda_message_no_regencies", lang, province=ctx.province.name)
    gaps = []
    for indicator_id in ctx.settings["pemda_indicators"]:
        missing = sum(
            1
            for c in regency_codes
            if (numbers[c].get(indicator_id) or {}).get("status") != "published"
        )
        gaps.append((missing, indicator_id))
    missing, indicator_id = max(gaps)
    if missing == 0:
        return t("pemda_message_complete", lang, n=len(regency_codes))
    return t(
        "pemda_message",
        lang,
        missing=missing,
        n=len(regency_codes),
        indicator=_short_name(indicator_id, lang),
    )


def pemda_table(ctx: BriefContext) -> pd.DataFrame:
    """SPI, MCP and Ombudsman of the Pemprov and every kab/kota, on continuation slides.

    Returns the table (as strings) so the notebook can explore it.
    """
    lang = ctx.lang
    units = [(ctx.province.code, t("pemprov_label", lang, province=ctx.province.name))]
    units += [(r.code, r.name) for r in regions.regencies(ctx.province.code)]
    indicators = ctx.settings["pemda_indicators"]
    rows, records, numbers = [], [], {}
    for code, label in units:
        numbers[code] = {"name": label}
        cells = []
        for indicator_id in indicators:
            cell, numbers[code][indicator_id] = _pemda_cell(ctx, indicator_id, code)
            cells.append(cell)
        rows.append({"label": label, "cells": cells})
        records.append(
            {
                "region_code": code,
                "region": label,
                **{i: c["text"] for i, c in zip(indicators, cells, strict=True)},
            }
        )
    ctx.key_numbers["pemda"] = numbers
    heads = [t("col_region", lang)] + [t(f"col_{i}", lang) for i in indicators]
    pages = _chunks(rows, ctx.settings["deck"]["table_rows_per_slide"])
    message = _pemda_message(ctx, numbers)
    heading = t("pemda_heading", lang, province=ctx.province.name)
    for index, page in enumerate(pages):
        _slide("table.html.j2", ctx, kind="pemda", heading=heading, part=_part_label(index, len(pages), lang),
               message=message, heads=heads, rows=page, note=t("pemda_footnote", lang))  # fmt: skip
    return pd.DataFrame.from_records(records)


def government_scores(ctx: BriefContext) -> None:
    """A kab/kota brief's own scores: SPI, MCP with its areas, Ombudsman, each with year and status.

    MCP areas without a published figure collapse into one line under the table.
    """
    lang = ctx.lang
    if ctx.is_administrative:
        _administrative_scores(ctx)
        return
    rows, numbers, absent_areas = [], {}, []
    for indicator_id in ctx.settings["government_indicators"]:
        cell, numbers[indicator_id] = _pemda_cell(ctx, indicator_id, ctx.region.code)
        if numbers[indicator_id] is None and indicator_id.startswith("mcp_"):
            absent_areas.append(
                _full_name(indicator_id, lang).replace("MCP area ", "").replace("MCP ", "")
            )
            continue
        rows.append({"label": _full_name(indicator_id, lang), "cells": [cell]})
    ctx.key_numbers["government"] = {"region_code": ctx.region.code, **numbers}
    shown = sum(1 for n in numbers.values() if n and n["status"] == "published")
    total = len(ctx.settings["government_indicators"])
    message = t(
        "government_message", lang, government=ctx.region.name, n=shown, total=total, year=ctx.year
    )
    note = t("pemda_footnote", lang)
    if absent_areas:
        note = t("government_absent_areas", lang, areas=", ".join(absent_areas)) + " " + note
    pages = _chunks(rows, ctx.settings["deck"]["table_rows_per_slide"])
    heads = [t("col_indicator", lang), t("col_value", lang)]
    heading = t("government_heading", lang, government=ctx.region.name)
    for index, page in enumerate(pages):
        _slide("table.html.j2", ctx, kind="government", heading=heading, part=_part_label(index, len(pages), lang),
               message=message, heads=heads, rows=page, note=note)  # fmt: skip


def _administrative_scores(ctx: BriefContext) -> None:
    """A kota/kabupaten administrasi: every score "not applicable" in the sidecar, no slide.

    The cards slide already says so once, with the legal basis; a table of "tidak berlaku"
    rows would repeat it.
    """
    numbers = {
        indicator_id: _pemda_cell(ctx, indicator_id, ctx.region.code)[1]
        for indicator_id in ctx.settings["government_indicators"]
    }
    ctx.key_numbers["government"] = {"region_code": ctx.region.code, **numbers}


# --------------------------------------------------------------- four service sectors


def _unit_summary(ctx: BriefContext, part: pd.DataFrame) -> dict | None:
    """One counter's published units: the two-worst rating and the weakest unit (None: no score)."""
    scores = pd.to_numeric(part.value, errors="coerce") if len(part) else pd.Series(dtype=float)
    if not scores.notna().any():
        return None
    n_worst = int(ctx.settings["sector_rating"]["n_worst"])
    worst = part.loc[scores.idxmin()]
    rating = float(scores.nsmallest(n_worst).mean())
    return {
        "unit": worst.unit_name,
        "where": regions.name_of(worst.region_code),
        "value": format_number(worst.value, ctx.lang, 2),
        "rating": format_number(rating, ctx.lang, 2),
        "rating_0_100": rating,
        "n_scored": int(scores.notna().sum()),
        "category": text_or_empty(worst.category),
        "year": int(worst.year),
        "markers": _markers(ctx.cite(worst.source, "ombudsman_unit", worst.year)),
    }


def _sector_units(ctx: BriefContext) -> list[dict]:
    lang = ctx.lang
    labels = experience.sector_labels(lang)
    scored = units.unit_scores(ctx.data.values, ctx.government_codes(), ctx.year, lang=lang)
    out = []
    for sector in units.core_sectors():
        part = scored[scored.sector == sector]
        out.append({
            "sector": sector,
            "label": labels[sector]["label"],
            "opd": labels[sector]["opd"].split(" (")[0],
            "n_units": int(len(part)),
            "missing": t("sector_unit_missing", lang),
            "rating_label": t("sector_rating_label", lang, n=int(len(part))),
            "worst": _unit_summary(ctx, part),
        })  # fmt: skip
    return out


def sector_evidence(ctx: BriefContext) -> None:
    """The four service counters from published evidence first.

    Ombudsman unit scores by sector (the weakest unit per sector), MCP's licensing and
    public-service areas, and the national SPAK rate, labelled national.
    """
    lang = ctx.lang
    sectors = _sector_units(ctx)
    mcp_rows = []
    for entry in ctx.settings["sector_evidence"]:
        for code in (
            (ctx.region.code, NATIONAL_CODE) if entry.get("with_national") else (ctx.region.code,)
        ):
            row = latest(ctx.data.values, entry["indicator"], code, ctx.year)
            where = "Indonesia" if code == NATIONAL_CODE else ctx.region.name
            if _not_applicable(code) and entry["indicator"].startswith("mcp"):
                mcp_rows.append({"label": f"{_full_name(entry['indicator'], lang)} — {where}",
                                 "text": t("not_applicable", lang), "markers": []})  # fmt: skip
                continue
            mcp_rows.append({
                "label": f"{_full_name(entry['indicator'], lang)} — {where}",
                "text": cell_text(row, lang)
                + (f" · {t('value_old_short', lang)}" if row is not None and ctx.year - int(row.year) > ctx.stale_after_years else ""),
                "markers": _markers(ctx.cite(row.source, entry["indicator"], row.year)) if row is not None else [],
            })  # fmt: skip
    national = latest(ctx.data.values, "spak_paid_extra_share_pct", NATIONAL_CODE, ctx.year)
    national_line = ""
    if national is not None:
        national_line = t(
            "sector_national_rate",
            lang,
            value=format_number(national.value, lang, 1),
            year=int(national.year),
        )
        ctx.cite(national.source, national.indicator_id, national.year)
    with_units = [s for s in sectors if s["worst"] is not None]
    if with_units:
        weakest = min(with_units, key=lambda s: s["worst"]["rating_0_100"])
        message = t("sector_message_units", lang, unit=weakest["worst"]["unit"], where=weakest["worst"]["where"],
                    value=weakest["worst"]["value"], year=weakest["worst"]["year"], sector=weakest["label"],
                    rating=weakest["worst"]["rating"])  # fmt: skip
    elif ctx.is_administrative:
        message = t("sector_message_no_units_administrative", lang, government=ctx.region.name,
                    province=ctx.province.name)  # fmt: skip
    else:
        message = t("sector_message_no_units", lang, province=ctx.region.name)
    ctx.key_numbers["sector_evidence"] = {
        "units": [
            {k: s[k] for k in ("sector", "n_units")} | {"worst": s["worst"]} for s in sectors
        ],
    }
    _slide(
        "sectors.html.j2",
        ctx,
        heading=t("sector_evidence_heading", lang, province=ctx.region.name),
        message=message,
        sectors=sectors,
        mcp_rows=mcp_rows,
        national_line=national_line,
        caveat=t("sector_units_caveat", lang),
        model_note=""
        if not ctx.microdata_is_synthetic
        else t("sector_model_regency_where" if ctx.is_regency else "sector_model_where", lang),
    )


# ---------------------------------------------------------------------- regency maps
def _regency_table(ctx: BriefContext, indicator_id: str) -> pd.DataFrame:
    codes = [c for c in ctx.peer_codes() if not _not_applicable(c)]
    return metrics.gap_table(ctx.data.values, ctx.data.targets, indicator_id, codes, ctx.year,
                             lang=ctx.lang, carry_forward_years=ctx.year)  # fmt: skip


def _regency_message(ctx: BriefContext, indicator_id: str, table: pd.DataFrame) -> str:
    lang = ctx.lang
    regency = table[table.level == "regency"]
    has = regency[regency.data_status == "published"]
    name = _short_name(indicator_id, lang)
    if ctx.is_regency:
        return _position_message(ctx, indicator_id, table)
    if regency.empty and len(ctx.peer_codes()) > 1:  # only kota/kabupaten administrasi
        return t("regency_message_not_applicable", lang, indicator=name, province=ctx.province.name)
    if has.empty:
        return t(
            "regency_message_none",
            lang,
            indicator=name,
            publisher=indicator(indicator_id).publisher,
        )
    numeric = has[pd.to_numeric(has.value, errors="coerce").notna()]
    if numeric.empty:
        return t("regency_message_grades", lang, indicator=name, n=len(has), total=len(regency))
    best = numeric.loc[pd.to_numeric(numeric.value).idxmax()]
    worst = numeric.loc[pd.to_numeric(numeric.value).idxmin()]
    return t("regency_message", lang, indicator=name, n=len(has), total=len(regency),
             best=maps.short_name(best.region_name), best_value=format_number(best.value, lang, 2),
             worst=maps.short_name(worst.region_name), worst_value=format_number(worst.value, lang, 2))  # fmt: skip


def _national_share_below(
    ctx: BriefContext, indicator_id: str, value: float, year: int
) -> tuple[int, int]:
    """How many pemda (provinces and kab/kota) of ``year`` score below ``value``, of how many."""
    values = ctx.data.values
    same = values[
        (values.indicator_id == indicator_id)
        & (values.year == year)
        & (values.status == "published")
        & (values.region_code != NATIONAL_CODE)
    ]
    numbers = pd.to_numeric(same.value, errors="coerce").dropna()
    return int((numbers < value).sum()), int(len(numbers))


def _position_message(ctx: BriefContext, indicator_id: str, table: pd.DataFrame) -> str:
    """A kab/kota's place among its province's governments and among all pemda, in words."""
    lang = ctx.lang
    name = _short_name(indicator_id, lang)
    own = table[table.region_code == ctx.region.code]
    if own.empty or not _has_value(own.iloc[0]) or is_missing(own.iloc[0].value):
        return t("position_missing", lang, indicator=name, government=ctx.region.name,
                 publisher=indicator(indicator_id).publisher)  # fmt: skip
    row = own.iloc[0]
    peers = table[pd.to_numeric(table.value, errors="coerce").notna()]
    rank = int((pd.to_numeric(peers.value) > float(row.value)).sum()) + 1
    below, total = _national_share_below(ctx, indicator_id, float(row.value), int(row.year))
    return t("position_message", lang, indicator=name, government=ctx.region.name,
             value=format_number(row.value, lang, 2), year=int(row.year), rank=rank, n=len(peers),
             province=ctx.province.name, below=below, total=total)  # fmt: skip


def regency_gaps(ctx: BriefContext, indicator_id: str = "spi") -> None:
    """Regency map (shipped or user boundary layer) and the ranked chart on continuation slides."""
    lang = ctx.lang
    if ctx.is_administrative:  # no score of its own: said on the cards and the scores slide
        ctx.key_numbers.setdefault("regency_gaps", {})[indicator_id] = {}
        return
    table = _regency_table(ctx, indicator_id)
    ctx.key_numbers.setdefault("regency_gaps", {})[indicator_id] = {
        r["region_code"]: _gap_record(pd.Series(r), ctx) for r in table.to_dict("records")
    }
    name = _short_name(indicator_id, lang)
    heading = t("regency_gaps_heading", lang, indicator=name, province=ctx.province.name)
    if ctx.is_regency:
        heading = t("position_heading", lang, indicator=name, government=ctx.region.name)
    message = _regency_message(ctx, indicator_id, table)
    markers = _markers(
        [m for r in table.itertuples() for m in ctx.cite(r.source, indicator_id, r.year)]
    )
    regency_table = table[table.level == "regency"]
    if regency_table.data_status.eq("published").sum() == 0:
        _empty(ctx, heading, message)
        return
    layer = ctx.regency_boundaries()
    size = tuple(ctx.settings["deck"]["map_size_in"])
    result = maps.status_map(regency_table, layer, indicator_id, ctx.year, level="regency",
                             province_code=ctx.province.code, lang=lang, figsize=size,
                             highlight=ctx.region.code if ctx.is_regency else None)  # fmt: skip
    alt = t("regency_map_alt" if result.kind == "map" else "regency_dots_alt", lang, indicator=name,
            province=ctx.province.name, n=int(regency_table.data_status.eq("published").sum()), total=len(regency_table))  # fmt: skip
    if result.kind == "map":
        shipped = boundaries.shipped_boundary_file("regency")
        attribution = (
            t("boundaries_attribution", lang)
            if shipped and layer.path == shipped
            else layer.path.name
        )
        map_markers = markers + _markers(ctx.cite(attribution))
        _slide("chart.html.j2", ctx, kind="map", heading=heading, message=message, markers=map_markers, watermark="",
               figure=safe(display.figure_html(result.figure, alt)), caveat="")  # fmt: skip
    else:
        plt.close(result.figure)
    _ranked_slides(ctx, table, indicator_id, heading, message, markers)


def _ranked_slides(ctx, table, indicator_id, heading, message, markers) -> None:
    lang = ctx.lang
    per_slide = ctx.settings["deck"]["ranked_rows_per_slide"]
    ordered = maps.ranked_order(table, indicator_id)
    pages = _chunks(ordered, per_slide)
    for index, codes in enumerate(pages):
        part = table[table.region_code.isin(codes)]
        fig = maps.ranked_dot_plot(part, indicator_id, ctx.year, lang=lang, highlight=ctx.region.code,
                                   figsize=tuple(ctx.settings["deck"]["chart_size_in"]))  # fmt: skip
        alt = t(
            "ranked_alt",
            lang,
            indicator=_short_name(indicator_id, lang),
            province=ctx.province.name,
        )
        _slide("chart.html.j2", ctx, kind="ranked", heading=heading, part=_part_label(index, len(pages), lang),
               message=message, figure=safe(display.figure_html(fig, alt)), caveat="", markers=markers,
               watermark="")  # fmt: skip


# ------------------------------------------------------------------------- appendix
def _empty(ctx: BriefContext, heading: str, line: str) -> None:
    """A section with nothing to show: one line (what is missing, who publishes it), no slide."""
    ctx.empty_lines.append((heading, line))


def appendix_divider(ctx: BriefContext) -> None:
    """The divider between the audience part and the appendix (methods, provenance, sources).

    Before it, one slide lists the sections that had nothing to show, one line each.
    """
    if ctx.empty_lines:
        message = t("empty_sections_message", ctx.lang, n=len(ctx.empty_lines))
        _slide("empty.html.j2", ctx, heading=t("empty_sections_heading", ctx.lang), message=message,
               lines=ctx.empty_lines)  # fmt: skip
    _slide(
        "divider.html.j2",
        ctx,
        heading=t("appendix_heading", ctx.lang),
        message=t("appendix_message", ctx.lang),
    )


def _watermark(lang: str, synthetic: bool) -> str:
    return SYNTHETIC_LABEL[lang] if synthetic else ""


def _sector_rows(summary: pd.DataFrame, lang: str) -> list[dict]:
    rows = []
    for row in summary.itertuples():
        rows.append({
            "label": row.sector_label,
            "office": str(row.opd).split(" (")[0] if row.sector != "lainnya" else "",
            "rate": format_number(row.rate_pct, lang, 1),
            "interval": format_interval(row.ci90_low_pct, row.ci90_high_pct, lang, 1),
            "national": format_number(row.national_rate_pct, lang, 1),
            "best": format_number(row.best_province_rate_pct, lang, 1),
            "best_where": str(row.best_province_name),
            "gap": format_signed(row.gap_to_national_pts, lang, 1),
        })  # fmt: skip
    return rows


def _fit(ctx: BriefContext):
    return experience.brief_model(ctx.year)


def sector_model(ctx: BriefContext, placement: str = "appendix") -> None:
    """Fay–Herriot sector estimates with 90 % intervals.

    In the main part only with real microdata; with only the synthetic file, in the appendix
    as a clearly marked, watermarked demonstration.
    """
    real = not ctx.microdata_is_synthetic
    if ctx.is_regency:  # a kab/kota: only from real microdata, never the synthetic file
        if placement == "main" and real:
            _regency_sector_model(ctx)
        return
    if (placement == "main") != real:
        return
    lang = ctx.lang
    micro, model = _fit(ctx)
    synthetic = bool(model.is_synthetic)
    if synthetic and "experience" not in ctx.synthetic_sections:
        ctx.synthetic_sections.append("experience")
    source = (t("synthetic_source", lang, seed=micro.attrs.get("seed", "?"), n=format_number(len(micro), lang, 0))
              if synthetic else t("microdata_source", lang, file=micro.attrs.get("source_file", "")))  # fmt: skip
    markers = _markers(ctx.cite(source))
    summary = experience.sector_summary(
        micro, ctx.province.code, lang=lang, year=ctx.year, model=model
    )
    rate_decimals = ctx.settings["sidecar_decimals"]["rate_pct"]
    columns = ["sector", "rate_pct", "ci90_low_pct", "ci90_high_pct", "method", "national_rate_pct",
               "best_province_code", "best_province_rate_pct", "gap_to_national_pts"]  # fmt: skip
    ctx.key_numbers["sectors"] = {
        "is_synthetic": synthetic,
        "unit": "share_pct of sector users who paid more than the official fee",
        "interval": "90 % (Fay–Herriot EBLUP, Prasad–Rao MSE)",
        "rows": [
            {
                k: (
                    _round(v, rate_decimals)
                    if isinstance(v, float)
                    else (None if is_missing(v) else v)
                )
                for k, v in row.items()
            }
            for row in summary[columns].to_dict("records")
        ],  # fmt: skip
    }
    heads = [
        t(k, lang)
        for k in (
            "sector_col",
            "sector_rate_col",
            "sector_national_col",
            "sector_best_col",
            "sector_gap_col",
        )
    ]
    fallback = experience.model_note(model, lang)  # too few areas for a model: direct estimates
    rated = summary.dropna(subset=["rate_pct"])
    if rated.empty:  # a small microdata file without respondents here: no number, say why
        message = fallback or t("not_available", lang)
    else:
        worst = rated.loc[rated.rate_pct.idxmax()]
        message_key = "sector_model_message_demo" if synthetic else "sector_model_message"
        rate = format_number(worst.rate_pct, lang, 1)
        message = t(message_key, lang, sector=worst.sector_label, rate=rate)
    _slide("sector_model.html.j2", ctx, heading=t("experience_heading", lang, province=ctx.province.name),
           message=message, heads=heads, rows=_sector_rows(summary, lang), markers=markers,
           watermark=_watermark(lang, synthetic), note=" ".join(filter(None, (fallback, t("experience_note", lang)))))  # fmt: skip
    ctx._experience = (micro, model)


def _regency_sector_row(row, lang: str) -> dict:
    reason = "" if row.shown else t(f"regency_sector_{row.reason}", lang)
    return {
        "label": row.sector_label,
        "office": str(row.opd).split(" (")[0] if row.sector != "lainnya" else "",
        "rate": format_number(row.rate_pct, lang, 1) if row.shown else "",
        "interval": format_interval(row.ci90_low_pct, row.ci90_high_pct, lang, 1) if row.shown else "",
        "reason": reason, "n": format_number(row.n_users, lang, 0),
        "province": format_number(row.province_rate_pct, lang, 1),
        "national": format_number(row.national_rate_pct, lang, 1),
    }  # fmt: skip


def _regency_sector_model(ctx: BriefContext) -> None:
    """A kab/kota's sector rates from the analyst's SPAK microdata, with 90 % intervals.

    Only kab/kota with respondents get a number (Fay–Herriot EBLUP, or a direct estimate
    that passes the suppression rule); the others say why. Never from the synthetic file.
    """
    lang = ctx.lang
    micro, model = _fit(ctx)
    summary = experience.regency_sector_summary(model, ctx.region.code, lang)
    decimals = ctx.settings["sidecar_decimals"]["rate_pct"]
    columns = ["sector", "rate_pct", "ci90_low_pct", "ci90_high_pct", "method", "n_users",
               "shown", "reason", "province_rate_pct", "national_rate_pct"]  # fmt: skip
    ctx.key_numbers["sectors"] = {
        "is_synthetic": False,
        "unit": "share_pct of sector users who paid more than the official fee",
        "interval": "90 % (Fay–Herriot EBLUP, Prasad–Rao MSE; direct: Korn–Graubard)",
        "rows": [
            {k: _round(v, decimals) if isinstance(v, float) else v for k, v in row.items()}
            for row in summary[columns].to_dict("records")
        ],
    }
    heading = t("experience_heading", lang, province=ctx.region.name)
    shown = summary[summary.shown]
    if shown.empty:
        _empty(ctx, heading, t("regency_sector_none", lang, government=ctx.region.name))
        return
    markers = _markers(
        ctx.cite(t("microdata_source", lang, file=micro.attrs.get("source_file", "")))
    )
    worst = shown.loc[shown.rate_pct.idxmax()]
    others = shown.drop(index=worst.name)
    overlap = bool((others.ci90_high_pct >= worst.ci90_low_pct).any())
    message = t("regency_sector_message_overlap" if overlap else "regency_sector_message", lang,
                government=ctx.region.name, sector=worst.sector_label, n=len(shown),
                rate=format_number(worst.rate_pct, lang, 1),
                interval=format_interval(worst.ci90_low_pct, worst.ci90_high_pct, lang, 1))  # fmt: skip
    heads = [t(k, lang) for k in ("sector_col", "sector_rate_col", "regency_sector_n_col",
                                  "regency_sector_province_col", "sector_national_col")]  # fmt: skip
    _slide("sector_model_regency.html.j2", ctx, heading=heading, message=message, heads=heads,
           rows=[_regency_sector_row(r, lang) for r in summary.itertuples()], markers=markers,
           note=t("regency_sector_note", lang))  # fmt: skip


def what_if(ctx: BriefContext) -> None:
    """What-if arithmetic (appendix): lower one sector's rate by k points, one row per sector."""
    if ctx.is_regency:
        return
    cached = getattr(ctx, "_experience", None)
    micro, model = cached if cached else _fit(ctx)
    lang = ctx.lang
    k = float(ctx.settings["what_if_k_points"])
    table = experience.what_if_table(
        micro, ctx.province.code, k_points=k, lang=lang, year=ctx.year, model=model
    )
    accounting = table[table.method == table.method.iloc[0]]
    decimals = ctx.settings["sidecar_decimals"]["change"]
    ctx.key_numbers["what_if"] = [
        {
            "sector": r.sector,
            "method": r.method,
            "k_points": k,
            "delta_pengalaman_0_5": _round(r.delta_pengalaman, decimals),
            "delta_pengalaman_ci90": [
                _round(r.delta_pengalaman_ci90_low, decimals),
                _round(r.delta_pengalaman_ci90_high, decimals),
            ],
        }
        for r in accounting.itertuples()
    ]
    rows = [
        {
            "label": r.sector_label,
            "pengalaman": format_signed(r.delta_pengalaman, lang, 3),
            "interval": format_interval(
                r.delta_pengalaman_ci90_low, r.delta_pengalaman_ci90_high, lang, 3
            ),
        }
        for r in accounting.itertuples()
    ]
    moved = accounting.dropna(subset=["delta_pengalaman"])  # none: small microdata file
    largest = moved.loc[moved.delta_pengalaman.abs().idxmax()] if len(moved) else accounting.iloc[0]
    message = (
        t(
            "whatif_message",
            lang,
            k=format_number(k, lang, 0),
            sector=largest.sector_label,
            delta=format_signed(largest.delta_pengalaman, lang, 3),
        )
        if len(moved)
        else experience.model_note(model, lang) or t("not_available", lang)
    )
    _slide(
        "what_if.html.j2",
        ctx,
        heading=t("whatif_heading", lang, k=format_number(k, lang, 0)),
        message=message,
        heads=[t(x, lang) for x in ("whatif_sector", "whatif_pengalaman")],
        rows=rows,
        watermark=_watermark(lang, bool(model.is_synthetic)),
        note=t("whatif_method_note", lang, method=largest.method_label),
    )


def provenance_slide(ctx: BriefContext) -> None:
    """Provenance for the record: toolkit commit, data hash, build and generation times."""
    record = ctx.key_numbers.get("provenance") or provenance.record(ctx, _synthetic_present(ctx))
    lang = ctx.lang
    rows = [
        (t("provenance_province", lang), f"{ctx.region.name} (BPS {ctx.region.code})"),
        (t("provenance_year", lang), str(ctx.year)),
        (t("provenance_commit", lang), record["git_commit"]),
        (t("provenance_data_hash", lang), str(record["data_hash"])[:16]),
        (t("provenance_built", lang), str(record.get("data_built_at_local") or "")),
        (t("provenance_generated", lang), record["generated_at"]),
    ]
    _slide(
        "provenance.html.j2",
        ctx,
        heading=t("provenance_heading", lang),
        message=t("provenance_message", lang),
        rows=rows,
    )


def sources_list(ctx: BriefContext) -> None:
    """Numbered list of every source cited, the numbers matching the markers on the slides."""
    lang = ctx.lang
    pages = _chunks(ctx.sources, ctx.settings["deck"]["sources_per_slide"])
    for index, page in enumerate(pages):
        _slide("sources.html.j2", ctx, heading=t("sources_heading", lang), part=_part_label(index, len(pages), lang),
               message=t("sources_message", lang, n=len(ctx.sources)), sources=page)  # fmt: skip


def write_sidecar(ctx: BriefContext, path) -> None:
    """Write every key number the brief showed to a JSON file (skipped when ``path`` is empty)."""
    provenance.write_sidecar(ctx, path)


def headline_cells(sidecar: dict, province_code: str, lang: str) -> str:
    """``<td>`` cells (SPI, Ombudsman, MCP of the provincial government) for the batch index."""
    return render("headline_cells.html.j2", cells=headline_values(sidecar, province_code, lang))


def headline_values(sidecar: dict, code: str, lang: str) -> list[dict]:
    """SPI, Ombudsman, MCP of government ``code`` in its brief's sidecar: text and chip each.

    A province brief's sidecar has them under ``pemda``, a kab/kota brief's under ``government``.
    """
    government = sidecar.get("pemda", {}).get(code)
    if government is None:
        own = sidecar.get("government") or {}
        government = own if own.get("region_code") == code else {}
    cells = []
    for indicator_id in ("spi", "ombudsman", "mcp"):
        row = government.get(indicator_id)
        text = t("not_available", lang)
        chip = None
        if row is not None and row.get("status") == "not_applicable":
            text = t("not_applicable", lang)
        elif row is not None:
            parts = [format_number(row["value"], lang)] if row.get("value") is not None else []
            parts += [row["category"]] if row.get("category") and not parts else []
            text = f"{' · '.join(parts) or t('suppressed', lang)} ({row['year']})"
            status = classify(
                indicator_id, row.get("value"), row["year"], row.get("category"), row["status"]
            )
            chip = _chip(status, lang)
        cells.append({"text": text, "chip": chip})
    return cells
