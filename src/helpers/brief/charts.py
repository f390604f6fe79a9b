"""Charts of the four service sectors (rates with intervals, what-if), for the brief and notebooks."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from helpers.brief.render.labels import experience_text as text
from helpers.brief.render.labels import method_label, sector_label
from helpers.brief.style import PALETTE, apply_style, axis_formatter, watermark_synthetic
from helpers.reference.formatting import format_number
from helpers.reference.texts import check_lang


def _finish(fig, synthetic: bool, lang: str) -> None:
    """Watermark synthetic figures and keep the footer clear of the axes."""
    if synthetic:
        engine = fig.get_layout_engine()
        if engine is not None and hasattr(engine, "set"):
            engine.set(rect=(0, 0.05, 1, 0.95))
        watermark_synthetic(fig, lang)


def plot_sector_rates(summary: pd.DataFrame, lang: str = "id"):
    """Dot-and-interval chart of :func:`sector_summary`: province vs national vs best province.

    Returns a matplotlib Figure; the synthetic watermark is applied when any row is synthetic.
    """
    check_lang(lang)
    apply_style()
    data = summary.iloc[::-1].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(11, 0.9 * len(data) + 2.2))
    y = np.arange(len(data))
    ax.errorbar(
        data["rate_pct"],
        y,
        xerr=[data["rate_pct"] - data["ci_low_pct"], data["ci_high_pct"] - data["rate_pct"]],
        fmt="o",
        color=PALETTE["blue"],
        ecolor=PALETTE["sky"],
        elinewidth=4,
        capsize=0,
        markersize=10,
        label=text("province", lang),
        zorder=3,
    )
    ax.scatter(
        data["national_rate_pct"],
        y,
        marker="|",
        s=600,
        linewidths=3,
        color=PALETTE["black"],
        label=text("national", lang),
        zorder=4,
    )
    ax.scatter(
        data["best_province_rate_pct"],
        y,
        marker="D",
        s=60,
        color=PALETTE["green"],
        label=text("best", lang),
        zorder=4,
    )
    ax.set_yticks(y, [sector_label(s, lang) for s in data["sector"]])
    ax.set_xlabel(text("xlabel_rates", lang))
    ax.xaxis.set_major_formatter(axis_formatter(lang, 0))
    ax.set_xlim(left=0)
    name = summary.attrs.get("province_name", summary.attrs.get("province_code", ""))
    ax.set_title(text("title_rates", lang, province=name))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, frameon=False)
    ax.grid(axis="y", visible=False)
    _finish(fig, bool(summary["is_synthetic"].any()), lang)
    return fig


def plot_what_if(table: pd.DataFrame, lang: str = "id", method: str | None = None):
    """Horizontal interval chart of Δ IPAK by sector (and method) from :func:`what_if_table`."""
    check_lang(lang)
    apply_style()
    data = table if method is None else table[table["method"] == method]
    methods = list(dict.fromkeys(data["method"]))
    sectors = list(dict.fromkeys(data["sector"]))[::-1]
    colours = [PALETTE["blue"], PALETTE["orange"], PALETTE["purple"]]
    fig, ax = plt.subplots(figsize=(11, 0.9 * len(sectors) + 2.5))
    height = 0.8 / max(len(methods), 1)
    for j, m in enumerate(methods):
        part = data[data["method"] == m].set_index("sector").loc[sectors]
        y = np.arange(len(sectors)) + (j - (len(methods) - 1) / 2) * height
        ax.errorbar(
            part["delta_ipak"],
            y,
            xerr=[
                part["delta_ipak"] - part["delta_ipak_ci_low"],
                part["delta_ipak_ci_high"] - part["delta_ipak"],
            ],
            fmt="o",
            color=colours[j % 3],
            elinewidth=3,
            capsize=0,
            label=method_label(m, lang),
        )
    ax.axvline(0, color=PALETTE["grey"], lw=1)
    ax.set_yticks(np.arange(len(sectors)), [sector_label(s, lang) for s in sectors])
    ax.set_xlabel(text("xlabel_whatif", lang))
    ax.xaxis.set_major_formatter(axis_formatter(lang, 3))
    ax.set_title(
        text(
            "title_whatif",
            lang,
            k=format_number(float(table.attrs.get("k_points", data["k_points"].iloc[0])), lang, 0),
        )
    )
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=1, frameon=False, fontsize=13)
    ax.grid(axis="y", visible=False)
    _finish(fig, bool(data["is_synthetic"].any()), lang)
    return fig
