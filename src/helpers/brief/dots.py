"""Ranked dot plots: the gaps of a status map without geometry.

- :func:`ranked_dot_plot` — regions ordered by value, no rank numbers, interval bars where
  the measure has one, the target as a line and a note that differences of 2–3 places are
  noise; rows without a number (a grade only, *tidak dipublikasikan*, *belum tersedia*)
  in a panel of their own below the number axis.
- :func:`ranked_order` — the region codes in the order the plot draws them (split charts);
- :func:`row_label_boxes` — where each row's name was drawn (to mark the brief's own row).
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from helpers.brief.map_style import (
    _HALO,
    _add_legend,
    _footer,
    _region_label,
    _source_line,
    _special_style,
    _statuses,
    _year_note,
)
from helpers.brief.render import labels as L
from helpers.brief.style import PALETTE, apply_style, axis_formatter, watermark_synthetic
from helpers.gaps import thresholds
from helpers.reference.catalogue import indicator as catalogue_indicator
from helpers.reference.formatting import format_number
from helpers.reference.texts import check_lang


def _dot_text(key: str, lang: str, **fields) -> str:
    return L.map_text(f"dots_{key}", check_lang(lang), **fields)


def _rank_note(lang: str, target_drawn: bool) -> str:
    """The 'order is not a ranking' note; it points to the target line only when one is drawn."""
    note = L.map_text("rank_noise_note", lang)
    if target_drawn or ";" not in note:
        return note
    return note.split(";")[0].rstrip() + "."


def _dot_rows(frame: pd.DataFrame, value_column: str, chart_year: int | None, higher: bool):
    """(ranked, older, no_number): rows of the chart year by value, other years, no number."""
    frame = frame.copy()
    frame["_value"] = pd.to_numeric(frame[value_column], errors="coerce")
    numeric = frame[frame["_value"].notna()]
    if chart_year is not None and "year" in frame:
        same = pd.to_numeric(numeric["year"], errors="coerce") == int(chart_year)
    else:
        same = pd.Series(True, index=numeric.index)
    ranked = numeric[same].sort_values("_value", ascending=higher)
    older = numeric[~same].sort_values("_value", ascending=higher)
    return ranked, older, frame[frame["_value"].isna()]


def _draw_no_number(ax, rows: pd.DataFrame, lang: str) -> None:
    """Rows without a number: a colour chip and the grade (or the state) as text, no x axis."""
    for y, row in enumerate(rows.itertuples()):
        if row.status_kind in ("band", "zone"):  # grade-only: its grade, in its colour
            ax.scatter([0.012], [y], marker="s", s=230, c=[row.status_colour],
                       edgecolors="#222222", linewidths=1.0, zorder=3)  # fmt: skip
            ax.annotate(str(row.status_label), (0.012, y), xytext=(14, 0),
                        textcoords="offset points", va="center", fontsize=14)  # fmt: skip
            continue
        kind = row.status_kind if row.status_kind in ("suppressed", "missing") else "missing"
        style = _special_style(kind)
        ax.scatter([0.012], [y], marker=style.marker, s=140,
                   facecolors="white" if kind == "missing" else style.colour,
                   edgecolors=style.edgecolour, linewidths=1.4, zorder=3)  # fmt: skip
        ax.annotate(L.status_label(style, lang), (0.012, y), xytext=(14, 0), textcoords="offset points",
                    va="center", fontsize=13, style="italic", color="#4D4D4D")  # fmt: skip
    ax.set_xlim(0, 1)
    ax.set_ylim(len(rows) - 0.4, -0.6)  # first row on top
    ax.xaxis.set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.grid(False)
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(_dot_text("no_number", lang), loc="left", fontsize=13, fontweight="normal",
                 style="italic", color="#4D4D4D", pad=6)  # fmt: skip


# ---------------------------------------------------------------------- dot plot
def ranked_dot_plot(  # noqa: C901 - predates the complexity rule; split when next touched
    table: pd.DataFrame,
    indicator_id: str,
    year: int,
    lang: str = "id",
    value_column: str = "value",
    low_column: str | None = "value_low",
    high_column: str | None = "value_high",
    target_column: str = "target",
    title: str | None = None,
    highlight: str | None = None,
    decimals: int = 2,
    figsize: tuple[float, float] | None = None,
    chart_year: int | None = None,
) -> Figure:
    """Draw regions ordered by value (best at the top) without rank numbers.

    Points take the status colour of the fixed bands; interval bars are drawn when
    ``low_column``/``high_column`` exist and hold numbers; the target is a dashed line
    (or a tick per row when targets differ). A note under the chart says that 2–3 places
    are noise (and points to the target line when one is drawn).

    Rows without a number — a published grade or zone only (Ombudsman), *tidak
    dipublikasikan*, *belum tersedia* — are never placed on the number axis: they are
    listed in a separate panel below it, with the grade as text next to a colour chip.
    With ``chart_year``, only rows of that year are ranked; rows whose value is from
    another year go below a divider, hollow and marked with their year, not ranked
    among the others; the title names ``chart_year``.
    """
    check_lang(lang)
    apply_style()
    entry = catalogue_indicator(indicator_id)
    shown_year = int(chart_year) if chart_year is not None else int(year)
    frame = _statuses(table, indicator_id, year, lang).copy()
    ranked, older, no_number = _dot_rows(frame, value_column, chart_year, entry.higher_is_better)
    n_numeric = len(ranked) + len(older) + (0.6 if len(older) and len(ranked) else 0)
    n_rows = len(ranked) + len(older) + len(no_number)
    size = figsize or (11, max(3.8, 0.48 * n_rows + 2.6))
    mixed = frame["region_code"].astype(str).str.len().nunique() > 1  # Pemprov among regencies
    if len(no_number) and n_numeric:
        fig, (ax, ax_cat) = plt.subplots(
            2, 1, figsize=size, height_ratios=[n_numeric + 0.6, len(no_number) + 0.9]
        )
    elif len(no_number):
        fig, ax_cat = plt.subplots(figsize=size)
        ax = None
    else:
        fig, ax = plt.subplots(figsize=size)
        ax_cat = None

    def name(row, mark_year: bool) -> str:
        label = _region_label(str(row.region_code), str(row.region_name), mixed)
        if mark_year:
            return label + (f" ({int(row.year)})" if not pd.isna(row.year) else "")
        return label + (_year_note(row, year) if chart_year is None else "")

    has_interval = target_drawn = False
    if ax is not None:
        ax.set_gid("ranked-numbers")
        y_older = list(range(len(older)))
        gap = 0.6 if len(older) and len(ranked) else 0.0
        y_ranked = [len(older) + gap + i for i in range(len(ranked))]
        numeric = pd.concat([older, ranked])
        ys = y_older + y_ranked
        has_interval = bool(
            low_column
            and high_column
            and {low_column, high_column} <= set(frame.columns)
            and pd.to_numeric(numeric[low_column], errors="coerce").notna().any()
        )
        if has_interval:
            low = pd.to_numeric(numeric[low_column], errors="coerce")
            high = pd.to_numeric(numeric[high_column], errors="coerce")
            ax.hlines(ys, low, high, color="#4D4D4D", linewidth=2.2, zorder=2)
        if len(ranked):
            ax.scatter(ranked["_value"], y_ranked, s=190, c=ranked["status_colour"].tolist(),
                       edgecolors="#222222", linewidths=1.0, zorder=3)  # fmt: skip
        if len(older):  # another year: hollow, ringed in its status colour (and thin black)
            ax.scatter(older["_value"], y_older, s=250, facecolors="none", edgecolors="#222222",
                       linewidths=0.8, zorder=3)  # fmt: skip
            ax.scatter(older["_value"], y_older, s=170, facecolors="white",
                       edgecolors=older["status_colour"].tolist(), linewidths=2.6, zorder=3)  # fmt: skip
        for y, value in zip(ys, numeric["_value"], strict=True):
            ax.annotate(format_number(value, lang, decimals), (value, y), xytext=(11, 0),
                        textcoords="offset points", va="center", fontsize=13,
                        path_effects=_HALO, zorder=4)  # fmt: skip
        targets = pd.to_numeric(
            numeric.get(target_column, pd.Series(dtype=float)), errors="coerce"
        ).dropna()
        values_all = pd.concat([numeric["_value"], targets])
        if has_interval:
            values_all = pd.concat([values_all, low.dropna(), high.dropna()])
        if len(values_all) and values_all.max() - values_all.min() >= 1:
            span = values_all.max() - values_all.min()
            x_min, x_max = values_all.min() - 0.12 * span, values_all.max() + 0.18 * span
        else:  # one value (or none): the indicator's whole scale, so ticks mean something
            x_min, x_max = entry.min, entry.max
        ax.set_xlim(x_min, x_max)
        if len(targets) and targets.nunique() == 1:
            target = float(targets.iloc[0])
            ax.axvline(target, color=PALETTE["black"], linestyle="--", linewidth=1.6, zorder=1)
            ax.text(target, 1.0,
                    f"{L.map_text('target', lang)} {format_number(target, lang, decimals)}",
                    transform=ax.get_xaxis_transform(), ha="center", va="bottom", fontsize=13,
                    fontweight="bold")  # fmt: skip
            target_drawn = True
        elif len(targets):
            row_targets = pd.to_numeric(ranked.get(target_column), errors="coerce")
            ax.scatter(row_targets, y_ranked, marker="|", s=400, color=PALETTE["black"],
                       zorder=2, label=L.map_text("target", lang))  # fmt: skip
            target_drawn = bool(row_targets.notna().any())
        if len(older) and len(ranked):
            divider = len(older) - 0.5 + gap / 2
            ax.axhline(divider, color="#7F7F7F", linewidth=1.0, linestyle=(0, (4, 3)), zorder=1)
            ax.text(0.995, divider, _dot_text("older", lang, year=shown_year),
                    transform=ax.get_yaxis_transform(), ha="right", va="center", fontsize=13,
                    style="italic", color="#4D4D4D",
                    bbox=dict(facecolor="white", edgecolor="none", pad=1.5))  # fmt: skip
        labels = [name(r, True) for r in older.itertuples()]
        labels += [name(r, False) for r in ranked.itertuples()]
        ax.set_yticks(ys, labels)
        ax.set_ylim(-0.7, (ys[-1] if ys else 0) + 0.7)
        ax.grid(axis="y", visible=False)
        tick_decimals = 0 if entry.max >= 50 and (x_max - x_min) >= 8 else 1
        ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(nbins=6, steps=[1, 2, 5, 10]))
        ax.xaxis.set_major_formatter(axis_formatter(lang, tick_decimals))
        ax.set_xlabel("")  # the title names the indicator; the footer needs the room
    if ax_cat is not None:
        ax_cat.set_gid("ranked-no-number")
        _draw_no_number(ax_cat, no_number, lang)
        ax_cat.set_yticks(range(len(no_number)), [name(r, False) for r in no_number.itertuples()])
    top = ax if ax is not None else ax_cat
    if ax is None:  # the panel's own heading moves under the chart title
        ax_cat.set_title("")
    top.set_title(
        title or L.map_text("map_title", lang, indicator=entry.name(lang), year=shown_year),
        loc="left",
        pad=26,
    )
    for axis, rows in ((ax, [*older.itertuples(), *ranked.itertuples()]),
                       (ax_cat, list(no_number.itertuples()))):  # fmt: skip
        if axis is None:
            continue
        for tick, row in zip(axis.get_yticklabels(), rows, strict=True):
            tick.set_gid(f"row-{row.region_code}")  # found again by row_label_boxes
            if highlight is not None and str(row.region_code) == str(highlight):
                tick.set_fontweight("bold")
    notes = [
        _rank_note(lang, target_drawn),
        L.map_text("interval_note" if has_interval else "no_interval_note", lang),
    ]
    scheme = thresholds.scheme_for(indicator_id, year)
    if scheme is not None:
        _add_legend(fig, L.legend_entries(indicator_id, year, lang), L.scheme_name(scheme, lang))
    _footer(fig, notes + [_source_line(indicator_id, year, scheme, None, lang)])
    if "is_synthetic" in frame and frame["is_synthetic"].fillna(False).astype(bool).any():
        watermark_synthetic(fig, lang)
    return fig


def row_label_boxes(fig: Figure) -> dict[str, tuple[float, float, float, float]]:
    """Pixel boxes ``(x0, y0, x1, y1)`` (origin top left, as in the PNG) of each row's name.

    Read after the figure is drawn (saved): the keys are the rows' region codes.
    """
    renderer = fig.canvas.get_renderer()
    height = fig.bbox.height
    boxes = {}
    for axis in fig.axes:
        for tick in axis.get_yticklabels():
            gid = tick.get_gid() or ""
            if gid.startswith("row-") and tick.get_visible() and tick.get_text():
                x0, y0, x1, y1 = tick.get_window_extent(renderer).extents
                boxes[gid[4:]] = (float(x0), float(height - y1), float(x1), float(height - y0))
    return boxes


def ranked_order(table: pd.DataFrame, indicator_id: str, value_column: str = "value") -> list[str]:
    """Region codes in the order :func:`ranked_dot_plot` draws them, top first (split charts)."""
    entry = catalogue_indicator(indicator_id)
    values = pd.to_numeric(table[value_column], errors="coerce")
    ranked = (
        table[values.notna()]
        .assign(_v=values)
        .sort_values("_v", ascending=not entry.higher_is_better)
    )
    unranked = table[values.isna()]
    return [str(c) for c in [*ranked["region_code"], *unranked["region_code"]]]
