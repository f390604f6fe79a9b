"""Sections of the province brief, rendered for the notebook (``notebooks/brief.ipynb``).

The notebook stays thin: it creates a :class:`BriefContext` from its parameters and calls
one function per section. Each function displays HTML/figures and records the key numbers
it shows in ``ctx.key_numbers``, which :func:`write_sidecar` saves as the JSON sidecar, so
the brief and other tools read the same figures.

Text from the data (region names, notes, sources) is always HTML-escaped.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
from dataclasses import dataclass, field
from datetime import datetime, timezone
from html import escape
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from helpers.brief import charts, display, maps
from helpers.brief.style import PALETTE, SYNTHETIC_LABEL, apply_style, axis_formatter  # noqa: E402
from helpers.core.paths import PROJECT_ROOT  # noqa: E402
from helpers.data import (
    boundaries,
    microdata,  # noqa: E402
)
from helpers.data.build import Processed, load_processed  # noqa: E402
from helpers.gaps import metrics
from helpers.gaps.thresholds import classify, special_status  # noqa: E402
from helpers.model import experience
from helpers.model.synthetic import load_microdata
from helpers.reference import regions
from helpers.reference.catalogue import indicator  # noqa: E402
from helpers.reference.formatting import format_interval, format_number, format_signed
from helpers.reference.texts import (
    check_lang,
    t,  # noqa: E402
)

PEMDA_INDICATORS = ("spi", "mcp", "ombudsman")


@dataclass
class BriefContext:
    """Everything a section needs: the province, year, language and the validated data."""

    province: regions.Region
    year: int
    lang: str
    data: Processed
    key_numbers: dict = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    synthetic_sections: list[str] = field(default_factory=list)
    microdata_is_synthetic: bool = False
    _regency_boundaries: object = None

    def regency_boundaries(self):
        """Return the user-supplied regency boundary file, read once per brief (None without one)."""
        if self._regency_boundaries is None:
            self._regency_boundaries = boundaries.read_boundaries("regency") or False
        return self._regency_boundaries or None

    def cite(self, source_cell: str) -> None:
        """Remember the source(s) of a shown figure for the sources list."""
        for source in str(source_cell).split(" ; "):
            source = source.strip()
            if source and source not in self.sources:
                self.sources.append(source)


def open_brief(province: str, year: int | None = None, lang: str = "id") -> BriefContext:
    """Resolve the province, load validated data (rebuilding if stale) and pick the year.

    ``province`` is a code (string) or name; ``year`` defaults to the latest year with a
    published national IPAK.
    """
    check_lang(lang)
    region = regions.resolve(str(province), level="province")
    data = load_processed()
    if year is None:
        ipak = data.values.query("indicator_id == 'ipak' and status == 'published'")
        year = int(ipak["year"].max())
    apply_style()
    return BriefContext(
        province=region,
        year=int(year),
        lang=lang,
        data=data,
        microdata_is_synthetic=microdata.find_microdata() is None,
    )


# --------------------------------------------------------------------------- display
show_html = display.show_html
show_figure = display.show_figure


def _git_commit() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=PROJECT_ROOT, capture_output=True,
            text=True, check=True, timeout=10,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=PROJECT_ROOT,
            capture_output=True, text=True, check=True, timeout=10,
        ).stdout.strip()  # fmt: skip
        return commit + ("-dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return os.environ.get("IPAK_GIT_COMMIT", "unknown")


# --------------------------------------------------------------------------- lookups
def latest(
    values: pd.DataFrame, indicator_id: str, region_code: str, year: int
) -> pd.Series | None:
    """Return the latest row of an indicator for a region at or before ``year`` (or None)."""
    rows = values[
        (values.indicator_id == indicator_id)
        & (values.region_code == region_code)
        & (values.year <= year)
    ]
    if rows.empty:
        return None
    return rows.sort_values("year").iloc[-1]


def cell_text(row: pd.Series | None, lang: str, decimals: int = 2) -> str:
    """Return how one indicator value reads in a table cell (never blank, never 0 for absent)."""
    if row is None:
        return t("not_available", lang)
    if row.status == "suppressed":
        return f"{t('suppressed', lang)} ({row.year})"
    if row.status == "missing":
        return f"{t('not_available', lang)} ({row.year})"
    parts = []
    if not (isinstance(row.value, float) and math.isnan(row.value)):
        parts.append(format_number(row.value, lang, decimals))
    if row.category:
        parts.append(row.category)
    return f"{' · '.join(parts)} ({row.year})"


def _text_colour(background: str) -> str:
    """Black or white text, whichever reads better on ``background`` (hex colour)."""
    red, green, blue = (int(background.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return "#000000" if 0.299 * red + 0.587 * green + 0.114 * blue > 140 else "#FFFFFF"


def status_chip(indicator_id: str, row: dict | None, lang: str) -> str:
    """HTML chip with the fixed-threshold status of a value (colour + label, never colour alone)."""
    if row is None:
        status = special_status("missing")
    else:
        status = classify(
            indicator_id, row.get("value"), row["year"], row.get("category"), row["status"]
        )
    if status.kind == "unclassified":
        return ""
    colour = status.colour
    return (
        f'<span class="status-chip" style="background:{colour};color:{_text_colour(colour)}">'
        f"{escape(status.label(lang))}</span>"
    )


def headline_cells(sidecar: dict, province_code: str, lang: str) -> str:
    """``<td>`` cells (SPI, Ombudsman, MCP of the provincial government) for the batch index."""
    government = sidecar.get("pemda", {}).get(province_code, {})
    cells = []
    for indicator_id in ("spi", "ombudsman", "mcp"):
        row = government.get(indicator_id)
        text = t("not_available", lang)
        if row is not None:
            parts = [format_number(row["value"], lang)] if row.get("value") is not None else []
            parts += [row["category"]] if row.get("category") else []
            text = f"{' · '.join(parts) or t('suppressed', lang)} ({row['year']})"
        cells.append(f'<td class="num">{escape(text)} {status_chip(indicator_id, row, lang)}</td>')
    return "".join(cells)


def _row_record(row: pd.Series | None) -> dict | None:
    if row is None:
        return None
    value = None if (isinstance(row.value, float) and math.isnan(row.value)) else float(row.value)
    return {
        "year": int(row.year),
        "value": value,
        "status": row.status,
        "category": row.category or None,
        "source": row.source,
    }


# -------------------------------------------------------------------------- sections
def header(ctx: BriefContext) -> None:
    """Title, subtitle, synthetic-data banner (when any) and the provenance box."""
    lang = ctx.lang
    values = ctx.data.values
    in_scope = values.region_code.isin(
        ["00", ctx.province.code]
    ) | values.region_code.str.startswith(ctx.province.code)
    shown = values[in_scope & (values.year <= ctx.year)]
    vintages = shown[shown.status == "published"].groupby("indicator_id")["year"].max().sort_index()
    vintage_text = ", ".join(
        f"{escape(indicator(i).name(lang).split(' (')[0])} {y}"
        for i, y in vintages.items()
        if i in ("ipak", "spi", "mcp", "ombudsman", "ipk_cpi")
    )
    publishers = sorted({indicator(i).publisher for i in vintages.index})
    synthetic = (
        bool(ctx.synthetic_sections) or bool(shown.is_synthetic.any()) or ctx.microdata_is_synthetic
    )
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    ctx.key_numbers["provenance"] = {
        "province_code": ctx.province.code,
        "province_name": ctx.province.name,
        "year": ctx.year,
        "lang": lang,
        "git_commit": _git_commit(),
        "data_hash": ctx.data.manifest.get("data_hash"),
        "data_built_at": ctx.data.manifest.get("built_at"),
        "generated_at": generated,
        "synthetic_data_present": synthetic,
    }
    prov = ctx.key_numbers["provenance"]
    rows = [
        (t("provenance_province", lang), f"{escape(ctx.province.name)} (BPS {ctx.province.code})"),
        (t("provenance_year", lang), str(ctx.year)),
        (t("provenance_vintages", lang), vintage_text),
        (t("provenance_sources", lang), escape(", ".join(publishers))),
        (
            t("provenance_synthetic", lang),
            t("answer_yes", lang) if synthetic else t("answer_no", lang),
        ),
        (t("provenance_commit", lang), escape(prov["git_commit"])),
        (t("provenance_data_hash", lang), escape(str(prov["data_hash"])[:16])),
        (t("provenance_generated", lang), generated),
    ]
    table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    banner = (
        f'<div class="synthetic-banner" role="alert">{escape(t("synthetic_banner", lang))}</div>'
        if synthetic else ""
    )  # fmt: skip
    show_html(
        f"<h1>{escape(t('brief_title', lang, province=ctx.province.name))}</h1>"
        f'<p class="subtitle">{escape(t("brief_subtitle", lang, year=ctx.year))}</p>'
        f"{banner}"
        f'<details class="provenance" open><summary>{t("provenance_heading", lang)}</summary>'
        f"<table>{table}</table></details>"
    )


def _national_series(ctx: BriefContext, indicator_id: str) -> pd.Series:
    values = ctx.data.values
    rows = values[(values.indicator_id == indicator_id) & (values.region_code == "00")
                  & (values.year <= ctx.year)]  # fmt: skip
    return rows.set_index("year")["value"].sort_index()


def ipak_national(ctx: BriefContext) -> None:
    """National IPAK series with Persepsi/Pengalaman and RPJMN targets, and the caveat."""
    lang = ctx.lang
    values, targets = ctx.data.values, ctx.data.targets
    ipak = _national_series(ctx, "ipak")
    published = ipak.dropna()
    if published.empty:
        show_html(f"<h2>{t('ipak_heading', lang)}</h2><p class='na'>{t('not_available', lang)}</p>")
        return
    last_year = int(published.index.max())
    last_value = float(published.loc[last_year])
    target_rows = targets[(targets.indicator_id == "ipak") & (targets.region_code == "00")]
    target_series = target_rows.set_index("year")["target"].sort_index()
    target = target_series.get(last_year)
    gap = None if target is None else last_value - float(target)
    if target is None:
        status = t("ipak_no_target", lang)
    else:
        status = t("ipak_target_met", lang) if gap >= 0 else t("ipak_target_missed", lang)
    ctx.key_numbers["ipak_national"] = {
        "level": "national", "year": last_year, "value": last_value,
        "target": None if target is None else float(target),
        "gap_points": None if gap is None else round(gap, 4),
        "target_source": None if target is None else target_rows.set_index("year").loc[last_year, "source"],
    }  # fmt: skip
    for _, row in values[
        (values.indicator_id.isin(["ipak", "ipak_persepsi", "ipak_pengalaman"]))
        & (values.region_code == "00")
        & (values.year <= ctx.year)
    ].iterrows():
        ctx.cite(row.source)
    for source in target_rows.source:
        ctx.cite(source)

    headline = t(
        "ipak_headline", lang, year=last_year, value=format_number(last_value, lang),
        target=format_number(target, lang) if target is not None else "–",
        gap=format_signed(gap, lang) if gap is not None else "–", status=status,
    )  # fmt: skip
    show_html(
        f"<h2>{t('ipak_heading', lang)}</h2>"
        f'<p class="headline">{escape(headline)}</p>'
        f'<p class="caveat">{escape(t("ipak_national_only", lang, province=ctx.province.name))}</p>'
    )

    fig, ax = plt.subplots(figsize=(11, 5.2))
    years = range(int(ipak.index.min()), last_year + 1)
    full = ipak.reindex(years)
    ax.plot(
        full.index,
        full.values,
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
            series.values,
            marker=".",
            lw=1.8,
            ls="--",
            color=colour,
            label=t(key, lang),
        )
    shown_targets = target_series[target_series.index <= ctx.year]
    ax.scatter(
        shown_targets.index,
        shown_targets.values,
        marker="D",
        s=70,
        facecolor="white",
        edgecolor=PALETTE["vermillion"],
        linewidth=2,
        zorder=5,
        label=t("series_target", lang),
    )
    if 2016 in full.index and math.isnan(full.loc[2016]):
        ax.annotate(
            t("no_survey_2016", lang),
            xy=(2016, float(full.max())),
            xytext=(0, 6),
            textcoords="offset points",
            ha="center",
            fontsize=11,
            color=PALETTE["grey"],
        )
    ax.annotate(
        format_number(last_value, lang),
        xy=(last_year, last_value),
        xytext=(6, -18),
        textcoords="offset points",
        fontsize=14,
        fontweight="bold",
        color=PALETTE["blue"],
    )
    ax.set_title(t("ipak_chart_title", lang))
    ax.set_xlabel(t("axis_year", lang))
    ax.yaxis.set_major_formatter(axis_formatter(lang, 1))
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.legend(loc="lower right", ncols=2)
    kinds = ", ".join(
        f"{y}: {k}"
        for y, k in target_rows.set_index("year")["target_kind"].items()
        if y <= ctx.year and k != "RPJMN"
    )
    fig.text(
        0.01,
        0.01,
        t("ipak_chart_source", lang, other_targets=f" ({kinds})" if kinds else ""),
        fontsize=10,
        color=PALETTE["grey"],
    )
    show_figure(
        fig,
        t(
            "ipak_chart_alt",
            lang,
            first=int(ipak.index.min()),
            last=last_year,
            value=format_number(last_value, lang),
        ),
    )


def pemda_table(ctx: BriefContext) -> pd.DataFrame:
    """Table of SPI, MCP and Ombudsman for the Pemprov and every kab/kota of the province.

    Returns the table (as strings) so the notebook can explore it; displays it as HTML.
    """
    lang = ctx.lang
    values = ctx.data.values
    units = [(ctx.province.code, t("pemprov_label", lang, province=ctx.province.name))]
    units += [(r.code, r.name) for r in regions.regencies(ctx.province.code)]
    records, html_rows, numbers = [], [], {}
    for code, label in units:
        cells, record = [], {"region_code": code, "region": label}
        numbers[code] = {"name": label}
        for indicator_id in PEMDA_INDICATORS:
            row = latest(values, indicator_id, code, ctx.year)
            if row is not None:
                ctx.cite(row.source)
            text = cell_text(row, lang)
            record[indicator_id] = text
            numbers[code][indicator_id] = _row_record(row)
            css = "num" if row is not None and row.status == "published" else "num na"
            chip = status_chip(indicator_id, numbers[code][indicator_id], lang)
            cells.append(f'<td class="{css}">{escape(text)} {chip}</td>')
        records.append(record)
        html_rows.append(f"<tr><td>{escape(label)}</td>{''.join(cells)}</tr>")
    ctx.key_numbers["pemda"] = numbers
    header_cells = "".join(
        f"<th>{t(k, lang)}</th>" for k in ("col_region", "col_spi", "col_mcp", "col_ombudsman")
    )
    show_html(
        f"<h2>{escape(t('pemda_heading', lang, province=ctx.province.name))}</h2>"
        f"<p>{escape(t('pemda_intro', lang))}</p>"
        f"<table><thead><tr>{header_cells}</tr></thead><tbody>{''.join(html_rows)}</tbody></table>"
        f"<p class='sources'>{escape(t('pemda_footnote', lang))}</p>"
    )
    return pd.DataFrame.from_records(records)


def sources_list(ctx: BriefContext) -> None:
    """Numbered list of every source cited by the sections above."""
    items = "".join(f"<li>{escape(source)}</li>" for source in ctx.sources)
    show_html(f"<h2>{t('sources_heading', ctx.lang)}</h2><ol class='sources'>{items}</ol>")


def write_sidecar(ctx: BriefContext, path: str | os.PathLike | None) -> None:
    """Write every key number the brief showed to a JSON file (skipped when ``path`` is empty)."""
    if not path:
        return
    payload = {"schema": "ipak-brief-sidecar/1", **ctx.key_numbers,
               "synthetic_sections": ctx.synthetic_sections, "sources": ctx.sources}  # fmt: skip
    Path(path).write_text(
        json.dumps(payload, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
    )


# ------------------------------------------------------------------------------ gaps
GAP_CARDS = (
    ("ipak", "national"),
    ("spi", "province"),
    ("ombudsman", "province"),
    ("mcp", "province"),
)
# Regency charts show a value up to this many years older than the reference year,
# labelled with its own year (pemda figures are published irregularly).
REGENCY_CARRY_FORWARD_YEARS = 2


def _gap_row(ctx: BriefContext, indicator_id: str, code: str) -> pd.Series:
    table = metrics.gap_table(
        ctx.data.values, ctx.data.targets, indicator_id, [code], ctx.year, lang=ctx.lang
    )
    return table.iloc[0]


def _card(lang: str, indicator_id: str, row: pd.Series, where: str) -> str:
    meta = indicator(indicator_id)
    decimals = 2
    if row.data_status == "published" and not (
        isinstance(row.value, float) and math.isnan(row.value)
    ):
        value = format_number(row.value, lang, decimals)
    elif row.data_status == "published" and row.category:
        value = escape(row.category)
    else:
        value = t("suppressed" if row.data_status == "suppressed" else "not_available", lang)
    year = "" if pd.isna(row.get("year")) else f" ({int(row.year)})"
    chip = (
        f'<span class="status-chip" style="background:{row.status_colour};'
        f'color:{_text_colour(row.status_colour)}">{escape(row.status_label)}</span>'
    )
    if pd.notna(row.target):
        target_line = t(
            "card_target",
            lang,
            target=format_number(row.target, lang, decimals),
            basis=escape(str(row.target_basis)),
            gap=format_signed(row.gap_points, lang, decimals),
        )
    else:
        target_line = t("card_no_target", lang)
    trend = f"{escape(str(row.trend_arrow))} {escape(str(row.trend_label))}"
    return (
        f'<div class="card"><div class="card-title">{escape(meta.name(lang).split(" (")[0])}</div>'
        f'<div class="card-where">{escape(where)}</div>'
        f'<div class="card-value">{value}<span class="card-year">{year}</span></div>'
        f"<div>{chip}</div><div class='card-line'>{target_line}</div>"
        f"<div class='card-line'>{t('card_trend', lang)}: {trend}</div></div>"
    )


def _gap_record(row: pd.Series) -> dict:
    def number(x):
        return None if pd.isna(x) else float(x)

    return {
        "region_code": row.region_code, "year": None if pd.isna(row.get("year")) else int(row.year),
        "value": number(row.value), "data_status": row.data_status, "category": row.category or None,
        "status": row.status_key, "target": number(row.target), "target_basis": row.target_basis_key,
        "gap_points": number(row.gap_points), "goalpost_score_0_100": number(row.goalpost_score_0_100),
        "trend": row.trend_key, "observed_change_per_year": number(row.observed_change_per_year),
        "observed_change_ci95": [number(row.observed_change_ci_low), number(row.observed_change_ci_high)],
    }  # fmt: skip


def gap_cards(ctx: BriefContext) -> None:
    """Headline status cards: national IPAK and the provincial government's SPI, Ombudsman, MCP."""
    lang = ctx.lang
    cards, records = [], {}
    for indicator_id, level in GAP_CARDS:
        code = "00" if level == "national" else ctx.province.code
        row = _gap_row(ctx, indicator_id, code)
        where = (
            "Indonesia"
            if level == "national"
            else t("pemprov_label", lang, province=ctx.province.name)
        )
        cards.append(_card(lang, indicator_id, row, where))
        records[indicator_id] = _gap_record(row)
        if isinstance(row.source, str):
            ctx.cite(row.source)
        if isinstance(row.target_source, str):
            ctx.cite(row.target_source)
    ctx.key_numbers["gap_cards"] = records
    show_html(
        f"<h2>{escape(t('gaps_heading', lang, province=ctx.province.name))}</h2>"
        f"<div class='cards'>{''.join(cards)}</div>"
        f"<p class='sources'>{escape(t('gaps_note', lang))}</p>"
    )


def regency_gaps(ctx: BriefContext, indicator_id: str = "spi") -> None:
    """Map (or ranked dot plot without a boundary file) and ranked chart for the regencies."""
    lang = ctx.lang
    codes = [ctx.province.code] + [r.code for r in regions.regencies(ctx.province.code)]
    table = metrics.gap_table(
        ctx.data.values,
        ctx.data.targets,
        indicator_id,
        codes,
        ctx.year,
        lang=lang,
        carry_forward_years=REGENCY_CARRY_FORWARD_YEARS,
    )
    ctx.key_numbers.setdefault("regency_gaps", {})[indicator_id] = {
        record["region_code"]: _gap_record(pd.Series(record)) for record in table.to_dict("records")
    }
    name = indicator(indicator_id).name(lang).split(" (")[0]
    show_html(
        f"<h2>{escape(t('regency_gaps_heading', lang, indicator=name, province=ctx.province.name))}</h2>"
    )
    layer = ctx.regency_boundaries()
    regency_table = table[table.level == "regency"]
    if layer is None and regency_table["value"].notna().sum() == 0:
        show_html(f"<p class='na'>{escape(t('regency_no_numbers', lang))}</p>")
        return
    result = maps.status_map(
        regency_table,
        layer,
        indicator_id,
        ctx.year,
        level="regency",
        province_code=ctx.province.code,
        lang=lang,
    )
    counts = regency_table.data_status.value_counts()
    alt = t(
        "regency_map_alt" if result.kind == "map" else "regency_dots_alt",
        lang,
        indicator=name,
        province=ctx.province.name,
        n=int(counts.get("published", 0)),
        total=len(regency_table),
    )
    display.show_map_result(result, alt)
    if result.kind == "map":
        fig = maps.ranked_dot_plot(
            table, indicator_id, ctx.year, lang=lang, highlight=ctx.province.code
        )
        display.show_figure(fig, t("ranked_alt", lang, indicator=name, province=ctx.province.name))
    for source in table.source.dropna().unique():
        ctx.cite(source)


# ------------------------------------------------------------------------ experience
WHAT_IF_K_POINTS = 5.0  # the what-if lowers one sector's extra-payment rate by this many points


def _synthetic_table(html: str, lang: str, synthetic: bool) -> str:
    """Wrap a table in the synthetic-data watermark when it shows synthetic numbers."""
    if not synthetic:
        return html
    mark = escape(SYNTHETIC_LABEL[lang], quote=True)
    return (
        f'<div class="synthetic-table" data-mark="{mark}"><span class="synthetic-mark">{mark}</span>'
        f"{html}</div>"
    )


def experience_section(ctx: BriefContext) -> None:
    """Show the four service sectors: rates with 90 % intervals, gaps, contribution, what-if.

    Uses SPAK microdata from ``data/raw/microdata/`` when an analyst has placed it there,
    otherwise the synthetic sample (watermarked on every table and chart).
    """
    lang = ctx.lang
    micro = load_microdata()
    model = experience.fit_experience_model(micro, year=ctx.year)
    synthetic = bool(model.is_synthetic)
    if synthetic and "experience" not in ctx.synthetic_sections:
        ctx.synthetic_sections.append("experience")
    if synthetic:
        ctx.cite(
            t(
                "synthetic_source",
                lang,
                seed=micro.attrs.get("seed", "?"),
                n=format_number(len(micro), lang, 0),
            )
        )
    else:
        ctx.cite(f"SPAK microdata: {micro.attrs.get('source_file', '')}")
    summary = experience.sector_summary(
        micro, ctx.province.code, lang=lang, year=ctx.year, model=model
    )
    what_if = experience.what_if_table(
        micro, ctx.province.code, k_points=WHAT_IF_K_POINTS, lang=lang, year=ctx.year, model=model
    )
    ctx.key_numbers["sectors"] = {
        "is_synthetic": synthetic, "unit": "share_pct of sector users who paid more than the official fee",
        "interval": "90 % (Fay–Herriot EBLUP, Prasad–Rao MSE)",
        "rows": [
            {k: (None if pd.isna(v) else v) for k, v in row.items()}
            for row in summary[["sector", "rate_pct", "ci90_low_pct", "ci90_high_pct", "method", "national_rate_pct",
                                "national_ci90_low_pct", "national_ci90_high_pct", "best_province_code",
                                "best_province_rate_pct", "gap_to_best_pts", "gap_to_national_pts",
                                "pengalaman_loss_pts"]].to_dict("records")
        ],
        "what_if": [
            {k: (None if pd.isna(v) else v) for k, v in row.items()}
            for row in what_if[["sector", "method", "k_points", "delta_pengalaman", "delta_pengalaman_ci90_low",
                                "delta_pengalaman_ci90_high", "delta_ipak", "delta_ipak_ci90_low",
                                "delta_ipak_ci90_high"]].to_dict("records")
        ],
    }  # fmt: skip
    body = []
    for row in summary.itertuples():
        opd = str(row.opd).split(" (")[0]
        office = f" <span class='na'>({escape(opd)})</span>" if row.sector != "lainnya" else ""
        body.append(
            f"<tr><td>{escape(row.sector_label)}{office}</td>"
            f'<td class="num"><b>{format_number(row.rate_pct, lang, 1)}</b> '
            f"{format_interval(row.ci90_low_pct, row.ci90_high_pct, lang, 1)}</td>"
            f'<td class="num">{format_number(row.national_rate_pct, lang, 1)}</td>'
            f'<td class="num">{format_number(row.best_province_rate_pct, lang, 1)} '
            f"<span class='na'>({escape(str(row.best_province_name))})</span></td>"
            f'<td class="num">{format_signed(row.gap_to_national_pts, lang, 1)}</td>'
            f'<td class="num">{format_number(row.pengalaman_loss_pts, lang, 3)}</td></tr>'
        )
    heads = "".join(
        f"<th>{t(k, lang)}</th>"
        for k in (
            "sector_col",
            "sector_rate_col",
            "sector_national_col",
            "sector_best_col",
            "sector_gap_col",
            "sector_loss_col",
        )
    )
    table = f"<table><thead><tr>{heads}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    show_html(
        f"<h2>{escape(t('experience_heading', lang, province=ctx.province.name))}</h2>"
        f"<p>{escape(t('experience_intro', lang, province=ctx.province.name))}</p>"
        + _synthetic_table(table, lang, synthetic)
        + f"<p class='sources'>{escape(t('experience_note', lang))}</p>"
    )
    name = ctx.province.name
    show_figure(
        charts.plot_sector_rates(summary, lang),
        t(
            "experience_chart_alt",
            lang,
            province=name,
            synthetic=t("alt_synthetic", lang) if synthetic else "",
        ),
    )
    rows = []
    for row in what_if.itertuples():
        rows.append(
            f"<tr><td>{escape(row.sector_label)}</td><td>{escape(row.method_label)}</td>"
            f'<td class="num">{format_signed(row.delta_pengalaman, lang, 3)} '
            f"{format_interval(row.delta_pengalaman_ci90_low, row.delta_pengalaman_ci90_high, lang, 3)}</td>"
            f'<td class="num">{format_signed(row.delta_ipak, lang, 4)} '
            f"{format_interval(row.delta_ipak_ci90_low, row.delta_ipak_ci90_high, lang, 4)}</td></tr>"
        )
    heads = "".join(
        f"<th>{t(k, lang)}</th>"
        for k in ("whatif_sector", "whatif_method", "whatif_pengalaman", "whatif_ipak")
    )
    table = f"<table><thead><tr>{heads}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    show_html(
        f"<h3>{escape(t('whatif_heading', lang, k=format_number(WHAT_IF_K_POINTS, lang, 0)))}</h3>"
        f"<p>{escape(t('whatif_intro', lang, province=name))}</p>"
        + _synthetic_table(table, lang, synthetic)
        + f"<p class='caveat'>{escape(t('ipak_national_only', lang, province=name))}</p>"
    )
