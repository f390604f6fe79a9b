"""Matplotlib figures of the deck, drawn from the content: national IPAK, ranked chart, map."""

from __future__ import annotations

import hashlib
import inspect
import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from helpers.brief import display, maps  # noqa: E402
from helpers.brief.content.document import BriefContent
from helpers.brief.content.schema import RankEntry, Ranking  # noqa: E402
from helpers.brief.dots import row_label_boxes  # noqa: E402
from helpers.brief.render import labels as L  # noqa: E402
from helpers.brief.style import PALETTE, apply_style, axis_formatter, slide_figure  # noqa: E402
from helpers.data import boundaries  # noqa: E402
from helpers.reference.texts import t  # noqa: E402


def ipak_chart(content: BriefContent, settings: dict, lang: str):
    """National IPAK with Persepsi, Pengalaman and the RPJMN targets up to the reference year."""
    apply_style()
    part = content.ipak
    fig, ax = slide_figure(settings)
    ipak, persepsi, pengalaman = part.series
    first = min(p.year for p in ipak.points)
    years = list(range(first, part.latest_year + 1))
    by_year = {p.year: p.value for p in ipak.points}
    values = [by_year.get(y) for y in years]
    ax.plot(years, [math.nan if v is None else v for v in values], marker="o", lw=3,
            color=PALETTE["blue"], label=t("series_ipak", lang))  # fmt: skip
    for series, key, colour in ((persepsi, "series_persepsi", PALETTE["sky"]),
                                (pengalaman, "series_pengalaman", PALETTE["orange"])):  # fmt: skip
        dims = {p.year: p.value for p in series.points if p.year >= 2015}
        span = list(range(2015, part.latest_year + 1))
        ax.plot(span, [math.nan if dims.get(y) is None else dims[y] for y in span], marker=".",
                lw=2, ls="--", color=colour, label=t(key, lang))  # fmt: skip
    shown = [p for p in part.targets if p.year <= content.reference_year]
    ax.scatter([p.year for p in shown], [p.value for p in shown], marker="D", s=80, facecolor="white",
               edgecolor=PALETTE["vermillion"], linewidth=2, zorder=5, label=t("series_target", lang))  # fmt: skip
    if 2016 in years and by_year.get(2016) is None:
        top = max(v for v in values if v is not None)
        ax.annotate(t("no_survey_2016", lang), xy=(2016, top), xytext=(0, 8),
                    textcoords="offset points", ha="center", color=PALETTE["grey"])  # fmt: skip
    ax.annotate(L.format_number(part.latest_value, lang), xy=(part.latest_year, part.latest_value),
                xytext=(8, -22), textcoords="offset points", fontweight="bold", color=PALETTE["blue"])  # fmt: skip
    ax.yaxis.set_major_formatter(axis_formatter(lang, 1))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="lower left", ncols=4, frameon=False, bbox_to_anchor=(0, -0.28))
    alt = t("ipak_chart_alt", lang, first=first, last=part.latest_year,
            value=L.format_number(part.latest_value, lang))  # fmt: skip
    return fig, alt


def ranking_table(ranking: Ranking, entries: list[RankEntry] | None = None) -> pd.DataFrame:
    """The rows a ranked chart or map draws, in the columns :mod:`helpers.brief.maps` reads."""
    rows = []
    for e in entries if entries is not None else ranking.entries:
        f = e.figure
        rows.append({
            "region_code": e.region_code, "region_name": L.government(e.region_code, "id"),
            "level": "province" if len(e.region_code) == 2 else "regency",
            "year": f.year if f.year is not None else ranking.year,
            "value": f.value if f.has_number else math.nan,
            "data_status": f.status if f.status in ("published", "suppressed") else "missing",
            "category": f.category or "", "target": e.target if e.target is not None else math.nan,
        })  # fmt: skip
    return pd.DataFrame(rows)


def _accepts(function, name: str) -> bool:
    return name in inspect.signature(function).parameters


def ranked_chart(
    content: BriefContent, ranking: Ranking, entries: list[RankEntry], settings: dict, lang: str
):
    """Ranked dot chart of one year (older figures and grades apart, never on the value axis)."""
    extra = {"chart_year": ranking.year} if _accepts(maps.ranked_dot_plot, "chart_year") else {}
    fig = maps.ranked_dot_plot(ranking_table(ranking, entries), ranking.indicator_id, ranking.year,
                               lang=lang, highlight=content.region.code,
                               figsize=tuple(settings["deck"]["chart_size_in"]), **extra)  # fmt: skip
    alt = t("ranked_alt", lang, indicator=L.short_name(ranking.indicator_id, lang),
            province=content.region.province_name)  # fmt: skip
    return fig, alt


_RANKED_PNGS: dict[str, tuple[bytes, dict]] = {}  # chart → (PNG, row boxes), per process


def ranked_png(
    content: BriefContent, ranking: Ranking, entries: list[RankEntry], settings: dict, lang: str
) -> tuple[bytes, str]:
    """The ranked chart as PNG, the brief's own row boxed, and its alt text.

    The kab/kota of one province rank in the same chart: it is drawn once per process (a
    batch worker draws each province's charts once, not once per kab/kota) and each brief
    gets that picture with a box around its own government's name.
    """
    table = ranking_table(ranking, entries)
    size = tuple(settings["deck"]["chart_size_in"])
    key = hashlib.sha256(
        repr((ranking.indicator_id, ranking.year, lang, size, table.to_csv(index=False))).encode()
    ).hexdigest()
    if key not in _RANKED_PNGS:
        if len(_RANKED_PNGS) > 256:
            _RANKED_PNGS.clear()
        extra = {"chart_year": ranking.year} if _accepts(maps.ranked_dot_plot, "chart_year") else {}
        fig = maps.ranked_dot_plot(table, ranking.indicator_id, ranking.year, lang=lang,
                                   figsize=size, **extra)  # fmt: skip
        png = display.figure_png(fig, close=False)
        _RANKED_PNGS[key] = (png, row_label_boxes(fig))
        plt.close(fig)
    png, boxes = _RANKED_PNGS[key]
    own = boxes.get(content.region.code)
    alt = t("ranked_alt", lang, indicator=L.short_name(ranking.indicator_id, lang),
            province=content.region.province_name)  # fmt: skip
    return (display.png_with_box(png, own) if own else png), alt


def ranking_map(content: BriefContent, ranking: Ranking, settings: dict, lang: str):
    """The province's map of one indicator in one year, or None without a boundary layer."""
    layer = boundaries.read_boundaries("regency")
    if layer is None:
        return None, ""
    table = ranking_table(ranking)
    shown = table[table.year == ranking.year].copy() if ranking.year is not None else table
    hidden = table[table.year != ranking.year].copy()
    hidden["value"], hidden["data_status"], hidden["category"] = math.nan, "missing", ""
    table = pd.concat([shown, hidden]) if len(hidden) else shown
    regency = table[table.level == "regency"]
    result = maps.status_map(regency, layer, ranking.indicator_id, ranking.year, level="regency",
                             province_code=content.region.province_code, lang=lang,
                             figsize=tuple(settings["deck"]["map_size_in"]),
                             highlight=content.region.code if content.is_regency else None)  # fmt: skip
    if result.kind != "map":
        plt.close(result.figure)
        return None, ""
    n = sum(
        1
        for e in ranking.entries
        if e.group in ("ranked", "grade_only") and len(e.region_code) == 4
    )
    alt = t("regency_map_alt", lang, indicator=L.short_name(ranking.indicator_id, lang),
            province=content.region.province_name, n=n, total=len(regency))  # fmt: skip
    return result.figure, alt
