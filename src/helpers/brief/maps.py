"""Status maps and ranked dot plots for gaps against targets (projected in rakor rooms).

- :func:`status_map` — a categorical choropleth on the publisher's fixed bands: Indonesia by
  province (``level="province"``) or one province by regency (``level="regency"`` with
  ``province_code``). The legend always lists every category of the scheme in the same
  order and colours, then *tidak dipublikasikan* (grey, cross-hatched) and *belum
  tersedia* (white, hatched), whatever the data — so two provinces or two years are read
  with the same key.
- :func:`ranked_dot_plot` — the same gaps without geometry: regions ordered by value, no
  rank numbers, interval bars where the measure has one, the target as a line and a note
  that differences of 2–3 places are noise.

Without a boundary file :func:`status_map` returns the ranked dot plot and a message telling
the analyst how to add one (``MapResult.message``).
"""

from __future__ import annotations

import contextlib
import math
import re
import textwrap
from dataclasses import dataclass, field

import geopandas as gpd
import matplotlib as mpl
import matplotlib.patheffects as path_effects
import matplotlib.pyplot as plt
import pandas as pd
import shapely
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from helpers.brief import labels_layout
from helpers.brief.style import PALETTE, apply_style, axis_formatter, watermark_synthetic
from helpers.data.boundaries import Boundaries
from helpers.gaps import thresholds
from helpers.reference import regions
from helpers.reference.catalogue import indicator as catalogue_indicator
from helpers.reference.formatting import format_number
from helpers.reference.texts import check_lang, t

_HALO = [path_effects.withStroke(linewidth=3.5, foreground="white")]


@dataclass
class MapResult:
    """What a map call produced.

    ``kind`` is ``"map"`` or ``"dot_plot"`` (no boundary file / no band); ``message`` is
    the text the brief must show next to the figure (empty when none); ``unmatched`` the
    boundary features that matched no region; ``no_geometry`` the regions in the table
    that no boundary feature covers; ``legend`` the fixed legend entries drawn;
    ``labels`` the labels on the map (:class:`MapLabel`), ``key`` the texts of the key
    beside a crowded map (number → name · value) and ``overflow`` the regions whose label
    could not be placed without touching another (empty on every map shipped so far).
    """

    figure: Figure
    kind: str
    message: str = ""
    unmatched: list[str] = field(default_factory=list)
    no_geometry: list[str] = field(default_factory=list)
    legend: list[thresholds.LegendEntry] = field(default_factory=list)
    labels: list[MapLabel] = field(default_factory=list)
    key: list[Text] = field(default_factory=list)
    overflow: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- helpers
def short_name(name: str, level: str | None = None) -> str:
    """Return a label short enough for a map: "Kabupaten Kotawaringin Barat" → "Kotawaringin Barat".

    "Kota …" keeps its prefix (Kota Palangka Raya ≠ a kabupaten of the same name);
    upper-case names are title-cased.
    """
    text = str(name).strip()
    if text.isupper():
        text = text.title()
    text = re.sub(r"^(Kabupaten|Kab\.?)\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"^Provinsi\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"^Kota\s+", "Kota ", text, flags=re.IGNORECASE)
    text = re.sub(r"^Pemprov\s+", "", text, flags=re.IGNORECASE)
    return text


def _region_label(code: str, fallback: str, mark_province: bool = False) -> str:
    """Return the short display name of a region.

    ``mark_province`` prefixes "Prov." (the Pemprov row among regencies).
    """
    label = _plain_region_label(code, fallback)
    return f"Prov. {label}" if mark_province and len(str(code)) == 2 else label


def _plain_region_label(code: str, fallback: str) -> str:
    return short_name(regions.name_of(code, default=fallback) or fallback)


def _year_note(row, chart_year: int) -> str:
    """`` (2023)`` when a row's value is from another year than the chart's, else ``""``."""
    data_year = getattr(row, "year", chart_year)
    if pd.isna(data_year) or int(data_year) == int(chart_year):
        return ""
    return f" ({int(data_year)})"


def _regencies_of(province_code: str, codes: pd.Series) -> pd.Series:
    """Boolean mask of BPS regency ``codes`` inside ``province_code``."""
    members = {r.code for r in regions.regencies(province_code)}
    return codes.isin(members)


def _statuses(table: pd.DataFrame, indicator_id: str, year: int, lang: str) -> pd.DataFrame:
    """Return ``table`` with status columns, computing them when absent."""
    if {"status_kind", "status_tone", "status_colour", "status_key"} <= set(table.columns):
        return table
    rows = []
    for _, row in table.iterrows():
        state = row.get("data_status", row.get("status", "published"))
        status = thresholds.classify(
            indicator_id,
            row.get("value"),
            year,
            row.get("category") or None,
            state if isinstance(state, str) and state else "published",
        )
        rows.append(
            {
                "status_key": status.key,
                "status_kind": status.kind,
                "status_tone": status.tone,
                "status_colour": status.colour,
                "status_label": status.label(lang),
            }
        )
    return pd.concat([table.reset_index(drop=True), pd.DataFrame(rows)], axis=1)


def _source_line(
    indicator_id: str, year: int, scheme, boundary: Boundaries | None, lang: str
) -> str:
    entry = catalogue_indicator(indicator_id)
    parts = [f"{t('source_label', lang)}: {entry.publisher}"]
    if scheme is not None:
        parts.append(thresholds.text("classification", lang, scheme=scheme.name(lang)))
    if boundary is not None:
        parts.append(thresholds.text("boundary_file", lang, name=boundary.path.name))
    return " · ".join(parts)


def _legend_handles(entries: list[thresholds.LegendEntry]) -> list[Patch]:
    return [
        Patch(
            facecolor=e.colour,
            edgecolor=e.edgecolour if e.hatch else "#4D4D4D",
            hatch=e.hatch,
            label=e.label,
            linewidth=0.8,
        )
        for e in entries
    ]


def _add_legend(fig: Figure, entries: list[thresholds.LegendEntry], title: str) -> None:
    """Attach the fixed legend outside the axes, on the right (the same place every time)."""
    fig.legend(
        handles=_legend_handles(entries),
        title=title,
        frameon=False,
        fontsize=13,
        title_fontsize=13,
        handlelength=2.4,
        handleheight=1.6,
        loc="outside right center",
    )


def _footer(fig: Figure, lines: list[str]) -> None:
    """Write notes and the source line bottom-left, wrapped to leave room for the watermark."""
    wrapped = [
        part
        for line in lines
        for part in textwrap.wrap(line, 95, break_long_words=False, break_on_hyphens=False)
    ]
    fig.text(0.01, 0.005, "\n".join(wrapped), ha="left", va="bottom", fontsize=13, color="#333333")
    engine = fig.get_layout_engine()
    if engine is not None:
        # 13 pt type at 1.25 line spacing, in figure-height units, plus a small gap
        bottom = (len(wrapped) * 13 * 1.25 + 8) / (fig.get_figheight() * 72)
        engine.set(rect=(0, bottom, 1, 1 - bottom))


def _special_style(kind: str) -> thresholds.Status:
    return thresholds.special_status(kind if kind in ("suppressed", "missing") else "missing")


def _dot_text(key: str, lang: str, **fields) -> str:
    return thresholds.text(f"dots_{key}", check_lang(lang), **fields)


def _rank_note(lang: str, target_drawn: bool) -> str:
    """The 'order is not a ranking' note; it points to the target line only when one is drawn."""
    note = thresholds.text("rank_noise_note", lang)
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
        ax.annotate(style.label(lang), (0.012, y), xytext=(14, 0), textcoords="offset points",
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
                    f"{thresholds.text('target', lang)} {format_number(target, lang, decimals)}",
                    transform=ax.get_xaxis_transform(), ha="center", va="bottom", fontsize=13,
                    fontweight="bold")  # fmt: skip
            target_drawn = True
        elif len(targets):
            row_targets = pd.to_numeric(ranked.get(target_column), errors="coerce")
            ax.scatter(row_targets, y_ranked, marker="|", s=400, color=PALETTE["black"],
                       zorder=2, label=thresholds.text("target", lang))  # fmt: skip
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
        title or thresholds.text("map_title", lang, indicator=entry.name(lang), year=shown_year),
        loc="left",
        pad=26,
    )
    if highlight is not None:
        for axis, rows in ((ax, [*older.itertuples(), *ranked.itertuples()]),
                           (ax_cat, list(no_number.itertuples()))):  # fmt: skip
            if axis is None:
                continue
            for tick, row in zip(axis.get_yticklabels(), rows, strict=True):
                if str(row.region_code) == str(highlight):
                    tick.set_fontweight("bold")
    notes = [
        _rank_note(lang, target_drawn),
        thresholds.text("interval_note" if has_interval else "no_interval_note", lang),
    ]
    scheme = thresholds.scheme_for(indicator_id, year)
    if scheme is not None:
        _add_legend(fig, thresholds.legend_entries(indicator_id, year, lang), scheme.name(lang))
    _footer(fig, notes + [_source_line(indicator_id, year, scheme, None, lang)])
    if "is_synthetic" in frame and frame["is_synthetic"].fillna(False).astype(bool).any():
        watermark_synthetic(fig, lang)
    return fig


# --------------------------------------------------------------------------- maps
def _boundary_subset(
    boundaries: Boundaries, level: str, province_code: str | None
) -> gpd.GeoDataFrame:
    gdf = boundaries.gdf
    if level == "regency" and province_code is not None:
        gdf = gdf[_regencies_of(str(province_code), gdf["region_code"].astype(str))]
    return gdf.copy()


@contextlib.contextmanager
def _no_idle_redraw(fig: Figure):
    """Let geopandas add layers without redrawing the whole figure after each one.

    ``GeoSeries.plot`` ends with ``canvas.draw_idle()``, which on the Agg canvas of a
    notebook or batch is a full draw (about 0.1 s a map layer); the figure is drawn once
    when it is saved, so the picture is the same.
    """
    canvas = fig.canvas
    canvas.draw_idle = lambda *args, **kwargs: None
    try:
        yield
    finally:
        del canvas.draw_idle


def _draw_polygons(ax, merged: gpd.GeoDataFrame) -> None:
    """Fill each polygon by its status (special states hatched), then white borders."""
    with mpl.rc_context({"hatch.linewidth": 1.4}), _no_idle_redraw(ax.figure):
        for (colour, kind), part in merged.groupby(["status_colour", "status_kind"], sort=False):
            if kind in ("suppressed", "missing"):
                style = _special_style(kind)
                part.plot(
                    ax=ax,
                    facecolor=style.colour,
                    edgecolor=style.edgecolour,
                    hatch=style.hatch,
                    linewidth=0.6,
                )
            else:
                part.plot(ax=ax, facecolor=colour, edgecolor="#FFFFFF", linewidth=0.6)
    merged.boundary.plot(ax=ax, color="#FFFFFF", linewidth=1.1)
    merged.boundary.plot(ax=ax, color="#555555", linewidth=0.35)


# ------------------------------------------------------------------- map labels
_LABEL_FONT = {"fontsize": 13, "fontweight": "bold"}
_HIGHLIGHT_PAD = 0.3  # box padding of the brief's own government, in font sizes
_HALO_PX = 2.0  # the white halo reaches this far beyond the glyphs
_NAME_LEADER_PX = (14, 26, 40, 56, 75, 96)  # a name further off its polygon: numbers instead
_LABEL_RETRIES = 4  # labels mode: times a label that found no room is moved to the front


@dataclass
class MapLabel:
    """One label drawn on a map: a name (and value) or a number of the key.

    ``anchor`` is in data coordinates and lies inside the labelled polygon; ``leader`` is
    the line joining it to a label set off its polygon (``None`` when the label is centred
    on the polygon itself).
    """

    code: str
    kind: str  # "label" or "number"
    text: Text
    anchor: tuple[float, float]
    leader: Line2D | None = None
    number: int | None = None


@dataclass
class _Item:
    code: str
    name: str
    value: str
    highlight: bool
    area: float
    geometry: object  # data coordinates

    @property
    def label(self) -> str:
        return f"{self.name}\n{self.value}" if self.value else self.name

    @property
    def key_text(self) -> str:
        return f"{self.name} · {self.value}" if self.value else self.name


def _value_text(row, lang: str, decimals: int) -> str:
    if row.status_kind in ("suppressed", "missing"):
        return "–" if row.status_kind == "missing" else "×"
    if not pd.isna(row.value):
        return format_number(row.value, lang, decimals)
    if row.status_kind in ("band", "zone"):
        return str(row.status_key)
    return ""


def _label_items(merged, codes, highlight, lang, show_values, decimals, year) -> list[_Item]:
    items = []
    for row in merged.itertuples():
        code = str(row.region_code)
        is_own = highlight is not None and code == str(highlight)
        if codes is not None and code not in codes and not is_own:
            continue
        name = _region_label(code, str(row.region_name)) + _year_note(row, year)
        value = _value_text(row, lang, decimals) if show_values else ""
        items.append(_Item(code, name, value, is_own, float(row.geometry.area), row.geometry))
    return items


class _Measure:
    """Text sizes in pixels, measured once each with the figure's renderer."""

    def __init__(self, fig: Figure, renderer):
        self.fig, self.renderer, self.cache = fig, renderer, {}

    def __call__(self, text: str, pad: float = 0.0, **props) -> tuple[float, float]:
        key = (text, pad, tuple(sorted(props.items())))
        if key not in self.cache:
            probe = self.fig.text(0, 0, text, **props)
            box = probe.get_window_extent(self.renderer)
            probe.remove()
            grow = 2 * (pad * props.get("fontsize", 13) * self.fig.dpi / 72.0 + 1.0) if pad else 0
            self.cache[key] = (box.width + grow, box.height + grow)
        return self.cache[key]

    def label(self, item: _Item) -> tuple[float, float]:
        if item.highlight:
            return self(item.label, _HIGHLIGHT_PAD, ha="center", va="center", **_LABEL_FONT)
        width, height = self(item.label, ha="center", va="center", **_LABEL_FONT)
        return width + 2 * _HALO_PX, height + 2 * _HALO_PX

    def number(self, number: int) -> tuple[float, float]:
        width, height = self(str(number), ha="center", va="center", **_LABEL_FONT)
        return width + 2 * _HALO_PX, height + 2 * _HALO_PX


def _frame_boxes(fig: Figure, ax, renderer) -> tuple[list, labels_layout.Box]:
    """(obstacle boxes, free band between titles, footer and legend), in pixels."""
    obstacles = []
    titles = [ax.title, ax._left_title, ax._right_title]  # noqa: SLF001 - the axes' own titles
    for text in [*fig.texts, *titles]:
        if text.get_text().strip() and text.get_visible() and text.get_rotation() == 0:
            obstacles.append(tuple(text.get_window_extent(renderer).extents))
    for legend in fig.legends:
        obstacles.append(tuple(legend.get_window_extent(renderer).extents))
    x0, y0, x1, y1 = fig.bbox.extents
    middle = (y0 + y1) / 2
    top = min([b[1] for b in obstacles if b[1] > middle and b[0] < x1 * 0.6] or [y1])
    bottom = max([b[3] for b in obstacles if b[3] < middle] or [y0])
    right = min([b[0] for b in obstacles if b[1] < middle < b[3]] or [x1])
    return obstacles, (x0 + 4, bottom + 4, right - 10, top - 4)


def _to_display(ax, geometry):
    return shapely.transform(geometry, lambda xy: ax.transData.transform(xy))


def _place(ax, items, measure, area, obstacles, numbered_mode, first=frozenset()):  # noqa: C901
    """Place every item: ``(placements, numbered, numbers, overflow)``.

    Order: the highlighted government; then every label that fits centred on its own
    polygon (largest polygons first, ``first`` before them), each keeping clear of the
    anchor points of the others; then the rest with leader lines — in labels mode
    (``numbered_mode=False``) as names, ending the attempt with the failing code (a
    string) when one finds no room; in numbered mode as numbers, again centred where
    they fit before any leader is drawn.
    """
    shapes = {i.code: _to_display(ax, i.geometry) for i in items}
    anchors = {i.code: labels_layout.anchor_of(shapes[i.code]) for i in items}
    zone_w, zone_h = measure.number(88)
    zones = {c: labels_layout.centred(*anchors[c], zone_w, zone_h) for c in anchors}
    land = shapely.union_all(list(shapes.values()))
    shapely.prepare(land)
    placer = labels_layout.Placer(area, obstacles)
    placements: dict[str, tuple[str, labels_layout.Placement]] = {}
    overflow: list[str] = []

    def direct(item, size, min_inside=0.5, keep_clear=True):
        reserved = [zones[c] for c in anchors if c != item.code and c not in placements]
        reserved = reserved if keep_clear else []
        return placer.direct(item.code, size, shapes[item.code], anchors[item.code], reserved,
                             min_inside)  # fmt: skip

    def leader(item, size, named=False):
        """Off the polygon with a line; a name must not sit mostly on another polygon."""
        reserved = [zones[c] for c in anchors if c != item.code and c not in placements]
        anchor = anchors[item.code]
        others = shapely.difference(land, shapes[item.code]) if named else land
        limit = 0.5 if named else 1.0
        rings = _NAME_LEADER_PX if named else labels_layout.LEADER_DISTANCES_PX
        found = placer.with_leader(item.code, size, anchor, reserved, land=others,
                                   max_on_land=limit, distances=rings) or placer.with_leader(
            item.code, size, anchor, [], strict=False, land=others, max_on_land=limit,
            distances=rings)  # fmt: skip
        if found is None and not named:  # numbers only: the line may pass under labels
            found = placer.with_leader(item.code, size, anchor, [], False, land, loose=True)
        return found

    def commit(item, kind, found, size):
        if found is None:  # nothing free: drawn at its anchor and reported
            overflow.append(item.code)
            anchor = anchors[item.code]
            found = labels_layout.Placement(
                item.code, labels_layout.centred(*anchor, *size), anchor, anchor, None
            )
        placer.commit(found)
        placements[item.code] = (kind, found)

    for item in [i for i in items if i.highlight]:
        size = measure.label(item)
        commit(item, "label", direct(item, size) or leader(item, size, named=True)
               or leader(item, size), size)  # fmt: skip
    order = sorted(
        (i for i in items if not i.highlight), key=lambda i: (i.code not in first, -i.area)
    )
    for item in order:
        found = direct(item, measure.label(item))
        if found is not None:
            commit(item, "label", found, None)
    rest = [i for i in order if i.code not in placements]
    numbered: list[_Item] = []
    if not numbered_mode:
        for item in rest:
            size = measure.label(item)
            found = leader(item, size, named=True)
            if found is None:
                return item.code
            commit(item, "label", found, size)
    else:
        numbered = sorted(rest, key=lambda i: i.name.casefold())
    numbers = {item.code: n for n, item in enumerate(numbered, start=1)}
    by_area = sorted(numbered, key=lambda i: (i.code not in first, i.area))
    for keep_clear in (True, False):
        for item in by_area:
            if item.code not in placements:
                size = measure.number(numbers[item.code])
                found = direct(item, size, min_inside=0.45, keep_clear=keep_clear)
                if found is not None:
                    commit(item, "number", found, None)
    for item in by_area:
        if item.code not in placements:
            size = measure.number(numbers[item.code])
            commit(item, "number", leader(item, size), size)
    return placements, numbered, numbers, overflow


def _key_shape(measure, numbered, band) -> tuple[float, int, int, float, float, float]:
    """(width, rows, columns, number width, text width, line height) of the key, in pixels."""
    number_w, line_h = measure("88", fontsize=13, fontweight="bold")
    text_w = max(measure(i.key_text, fontsize=13)[0] for i in numbered)
    line_h *= 1.12
    rows_max = max(1, int((band[3] - band[1]) // line_h))
    columns = math.ceil(len(numbered) / rows_max)
    rows = math.ceil(len(numbered) / columns)
    column_w = number_w + 8 + text_w
    return columns * column_w + (columns - 1) * 18, rows, columns, number_w, text_w, line_h


def _draw_key(ax, numbered, numbers, shape, band) -> list[Text]:
    """The key beside the map: number → name · value, in columns filled top to bottom."""
    fig = ax.figure
    width, rows, _columns, number_w, text_w, line_h = shape
    to_fig = fig.transFigure.inverted()
    x_left = band[2] - width
    top = (band[1] + band[3]) / 2 + rows * line_h / 2
    texts = []
    for index, item in enumerate(numbered):
        column, row = divmod(index, rows)
        x = x_left + column * (number_w + 8 + text_w + 18)
        y = top - (row + 0.5) * line_h
        fx, fy = to_fig.transform((x + number_w, y))
        number = ax.text(fx, fy, str(numbers[item.code]), transform=fig.transFigure,
                         ha="right", va="center", fontsize=13, fontweight="bold", gid="map-key")  # fmt: skip
        fx, fy = to_fig.transform((x + number_w + 8, y))
        label = ax.text(fx, fy, item.key_text, transform=fig.transFigure, ha="left",
                        va="center", fontsize=13, gid="map-key")  # fmt: skip
        for text in (number, label):
            text.set_in_layout(False)
        texts += [number, label]
    return texts


def _draw_labels(ax, items, placements, numbers) -> list[MapLabel]:
    to_data = ax.transData.inverted()
    by_code = {i.code: i for i in items}
    drawn = []
    for code, (kind, placement) in placements.items():
        item = by_code[code]
        x, y = to_data.transform(placement.centre)
        options = dict(ha="center", va="center", zorder=8, **_LABEL_FONT)
        if kind == "number":
            text = ax.text(x, y, str(numbers[code]), path_effects=_HALO, **options)
        elif item.highlight:
            text = ax.text(x, y, item.label, **options,
                           bbox=dict(boxstyle=f"round,pad={_HIGHLIGHT_PAD}", facecolor="white",
                                     edgecolor="#000000", linewidth=1.6))  # fmt: skip
        else:
            text = ax.text(x, y, item.label, path_effects=_HALO, **options)
        text.set_in_layout(False)
        text.set_gid(f"map-{kind}")
        anchor = tuple(float(v) for v in to_data.transform(placement.anchor))
        leader = None
        if placement.leader is not None:
            end = to_data.transform(placement.leader)
            leader = Line2D([anchor[0], end[0]], [anchor[1], end[1]], color="#222222",
                            linewidth=0.9, marker="o", markersize=3, markevery=[0], zorder=7)  # fmt: skip
            leader.set_in_layout(False)
            ax.add_line(leader)
        drawn.append(MapLabel(code, kind, text, anchor, leader, numbers.get(code)))
    return drawn


def _numbered_layout(ax, items, measure, band):
    """Narrow the map to make room for a key, then place names where they fit and numbers.

    The first pass keeps room for every government in the key; when fewer needed a number,
    a second pass keeps room for those only (a larger map) and is kept if its key still
    fits in that room.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    top = ax.get_position().y1
    start_band = band
    to_fig = fig.transFigure.inverted()

    def attempt(key_width: float):
        map_right = start_band[2] - key_width - 16
        (x0, y0), (x1, _y) = to_fig.transform(
            [(start_band[0], start_band[1]), (map_right, start_band[1])]
        )
        ax.set_position([x0, y0, x1 - x0, top - y0])
        fig.draw_without_rendering()
        obstacles, new_band = _frame_boxes(fig, ax, renderer)
        area = (new_band[0], 2.0, map_right, fig.bbox.y1 - 2.0)
        best, first = None, set()
        for _try in range(_LABEL_RETRIES):  # labels that found no room go first next time
            placed = _place(ax, items, measure, area, obstacles, True, frozenset(first))
            if best is None or len(placed[3]) < len(best[3]):
                best = placed
            if not placed[3]:
                break
            first |= set(placed[3])
        return best, new_band

    width = _key_shape(measure, items, start_band)[0]
    result, band = attempt(width)
    numbered = result[1]
    if numbered and len(numbered) < len(items):
        smaller = _key_shape(measure, numbered, start_band)[0]
        if smaller < width - 20:
            second, second_band = attempt(smaller)
            if not second[1] or _key_shape(measure, second[1], start_band)[0] <= smaller:
                return second, second_band
            result, band = attempt(width)
    return result, band


def _label_polygons(
    ax,
    merged: gpd.GeoDataFrame,
    lang: str,
    show_values: bool,
    decimals: int,
    codes: set[str] | None,
    year: int,
    highlight: str | None = None,
) -> tuple[list[MapLabel], list[Text], list[str]]:
    """Label polygons so that no label touches another label, the titles, legend or footer.

    Each government gets its short name (and value) centred on its polygon when the label
    fits there, else set off it with a leader line to a point inside it. When not every
    label fits, the map is narrowed to make room for a key: large polygons keep their
    names, the others get a number on the map and a line in the key (number → name ·
    value). The brief's own government (``highlight``) is always named, in a white box
    above its outline. Returns the labels, the key texts and the codes that could not be
    placed without overlap (empty unless the map is impossibly crowded).
    """
    fig = ax.figure
    fig.canvas.draw()  # settle the layout first; labels are kept out of it (set_in_layout)
    fig.set_layout_engine("none")
    ax.set_xlim(ax.get_xlim())  # freeze the view: leader lines must not rescale it
    ax.set_ylim(ax.get_ylim())
    renderer = fig.canvas.get_renderer()
    measure = _Measure(fig, renderer)
    items = _label_items(merged, codes, highlight, lang, show_values, decimals, year)
    if not items:
        return [], [], []
    obstacles, band = _frame_boxes(fig, ax, renderer)
    area = (band[0], 2.0, band[2], fig.bbox.y1 - 2.0)  # obstacles keep it off titles and footer
    first: set[str] = set()
    result = _place(ax, items, measure, area, obstacles, numbered_mode=False)
    while isinstance(result, str) and result not in first and len(first) < _LABEL_RETRIES:
        first.add(result)  # the label that found no room goes before the large ones
        result = _place(ax, items, measure, area, obstacles, False, frozenset(first))
    key_texts: list[Text] = []
    if isinstance(result, str):
        result, band = _numbered_layout(ax, items, measure, band)
        _placements, numbered, numbers, _overflow = result
        if numbered:
            key_texts = _draw_key(ax, numbered, numbers, _key_shape(measure, numbered, band), band)
    placements, _numbered, numbers, overflow = result
    return _draw_labels(ax, items, placements, numbers), key_texts, overflow


def _outline(ax, merged: gpd.GeoDataFrame, code: str | None) -> None:
    """Outline one feature (the government of a kab/kota brief) in black."""
    chosen = merged[merged["region_code"] == str(code)] if code is not None else merged.iloc[0:0]
    if len(chosen):
        with _no_idle_redraw(ax.figure):
            chosen.boundary.plot(ax=ax, color="#000000", linewidth=3.2, zorder=6)


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


def status_map(
    table: pd.DataFrame,
    boundaries: Boundaries | None,
    indicator_id: str,
    year: int,
    level: str = "regency",
    province_code: str | None = None,
    lang: str = "id",
    title: str | None = None,
    label_codes: list[str] | None = None,
    show_values: bool = True,
    decimals: int = 2,
    figsize: tuple[float, float] | None = None,
    highlight: str | None = None,
) -> MapResult:
    """Draw a status choropleth on the fixed bands, or a ranked dot plot without boundaries.

    ``table`` is a :func:`helpers.gaps.metrics.gap_table` (or any frame with ``region_code``,
    ``region_name``, ``value`` and ``data_status``/``category``). ``level="province"``
    maps Indonesia by province; ``level="regency"`` maps the regencies of
    ``province_code`` (BPS). Features with no row in ``table`` are drawn as *belum
    tersedia*. Labels: all regencies on a province map; on the national map only
    ``label_codes`` (default: none, 38 labels are unreadable when projected).

    Falls back to :func:`ranked_dot_plot` (``kind="dot_plot"``) with a message when
    ``boundaries`` is ``None`` or when no official band exists for the indicator/year.
    """
    check_lang(lang)
    apply_style()
    entry = catalogue_indicator(indicator_id)
    scheme = thresholds.scheme_for(indicator_id, year)
    frame = _statuses(table, indicator_id, year, lang).copy()
    frame["region_code"] = frame["region_code"].astype(str)
    if boundaries is None or scheme is None:
        message = (
            thresholds.text("no_boundary", lang)
            if boundaries is None
            else thresholds.text("no_band", lang, indicator=entry.name(lang), year=year)
        )
        fig = ranked_dot_plot(
            frame,
            indicator_id,
            year,
            lang,
            title=title,
            decimals=decimals,
            highlight=province_code,
            figsize=figsize,
        )
        return MapResult(
            fig,
            "dot_plot",
            message,
            unmatched=list(boundaries.unmatched) if boundaries is not None else [],
        )
    gdf = _boundary_subset(boundaries, level, province_code)
    keep = [
        "region_code",
        "region_name",
        "year",
        "value",
        "status_key",
        "status_kind",
        "status_tone",
        "status_colour",
    ]
    merged = gdf.merge(frame[[c for c in keep if c in frame.columns]], on="region_code", how="left")
    missing = thresholds.special_status("missing")
    no_row = merged["status_kind"].isna()
    merged.loc[no_row, ["status_key", "status_kind", "status_tone", "status_colour"]] = [
        "missing",
        "missing",
        "missing",
        missing.colour,
    ]
    merged["region_name"] = merged["region_name"].fillna(merged["feature_name"])
    merged["value"] = pd.to_numeric(merged["value"], errors="coerce")
    no_geometry = sorted(set(frame["region_code"]) - set(gdf["region_code"]))
    if level == "regency" and province_code is not None:
        no_geometry = [c for c in no_geometry if len(c) == 4]
    national = level == "province"
    fig, ax = plt.subplots(figsize=figsize or ((13, 5.6) if national else (11, 7.4)))
    _draw_polygons(ax, merged)
    _outline(ax, merged, highlight)
    ax.set_axis_off()
    ax.set_aspect("equal")
    where = ""
    if level == "regency" and province_code is not None:
        where = " — " + _region_label(str(province_code), str(province_code))
    fig.suptitle(
        title or thresholds.text("map_title", lang, indicator=entry.name(lang), year=year) + where,
        x=0.01,
        ha="left",
        fontsize=17,
        fontweight="bold",
    )
    province_row = (
        frame[frame["region_code"] == str(province_code)] if not national else frame.iloc[0:0]
    )
    if len(province_row):
        row = province_row.iloc[0]
        shown = format_number(row["value"], lang, decimals) if not pd.isna(row.get("value")) else ""
        label = row.get("status_label") or thresholds.classify(
            indicator_id, row.get("value"), year, None, "published"
        ).label(lang)
        ax.set_title(
            thresholds.text(
                "province_subtitle", lang, value=" · ".join(p for p in (shown, label) if p)
            ),
            loc="left",
            fontsize=14,
            fontweight="normal",
        )
    legend = thresholds.legend_entries(indicator_id, year, lang)
    _add_legend(fig, legend, scheme.name(lang))
    _footer(fig, [_source_line(indicator_id, year, scheme, boundaries, lang)])
    if "is_synthetic" in frame and frame["is_synthetic"].fillna(False).astype(bool).any():
        watermark_synthetic(fig, lang)
    labels, key, overflow = [], [], []
    if not national:
        labels, key, overflow = _label_polygons(
            ax, merged, lang, show_values, decimals, None, year, highlight
        )
    elif label_codes or highlight is not None:
        labels, key, overflow = _label_polygons(
            ax,
            merged,
            lang,
            show_values,
            decimals,
            {str(c) for c in label_codes or []},
            year,
            highlight,
        )
    message = ""
    if boundaries.unmatched:
        message = thresholds.text("unmatched", lang, names=", ".join(boundaries.unmatched))
    return MapResult(
        fig,
        "map",
        message,
        unmatched=list(boundaries.unmatched),
        no_geometry=no_geometry,
        legend=legend,
        labels=labels,
        key=key,
        overflow=overflow,
    )
