"""Status maps and ranked dot plots for gaps against targets (projected in rakor rooms).

- :func:`status_map` — a categorical choropleth on the publisher's fixed bands: Indonesia by
  province (``level="province"``) or one province by regency (``level="regency"`` with
  ``province_code``). The legend always lists every category of the scheme in the same
  order and colours, then *tidak dipublikasikan* (grey, cross-hatched) and *belum
  tersedia* (white, hatched), whatever the data — so two provinces or two years are read
  with the same key.
- :func:`ranked_dot_plot` — the same gaps without geometry: regions ordered by value, no
  rank numbers, interval bars where the measure has one, the target as a line and a note
  that differences of 2–3 places are noise (drawn in :mod:`helpers.brief.dots`, re-exported
  here with :func:`ranked_order`).

Map labels are placed in :mod:`helpers.brief.map_labels`; names, statuses, legend and
footer shared with the dot plot are in :mod:`helpers.brief.map_style` (:func:`short_name`
is re-exported here).

Without a boundary file :func:`status_map` returns the ranked dot plot and a message telling
the analyst how to add one (``MapResult.message``).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import geopandas as gpd
import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.text import Text

from helpers.brief.dots import ranked_dot_plot, ranked_order
from helpers.brief.map_labels import MapLabel, _label_polygons
from helpers.brief.map_style import (
    _add_legend,
    _footer,
    _regencies_of,
    _region_label,
    _source_line,
    _special_style,
    _statuses,
    short_name,
)
from helpers.brief.render import labels as L
from helpers.brief.style import apply_style, watermark_synthetic
from helpers.data.boundaries import Boundaries
from helpers.gaps import thresholds
from helpers.reference.catalogue import indicator as catalogue_indicator
from helpers.reference.formatting import format_number
from helpers.reference.texts import check_lang

__all__ = ["MapLabel", "MapResult", "ranked_dot_plot", "ranked_order", "short_name", "status_map"]


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
    legend: list[L.LegendEntry] = field(default_factory=list)
    labels: list[MapLabel] = field(default_factory=list)
    key: list[Text] = field(default_factory=list)
    overflow: list[str] = field(default_factory=list)


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
        boundary = merged.boundary
        boundary.plot(ax=ax, color="#FFFFFF", linewidth=1.1)
        boundary.plot(ax=ax, color="#555555", linewidth=0.35)


def _outline(ax, merged: gpd.GeoDataFrame, code: str | None) -> None:
    """Outline one feature (the government of a kab/kota brief) in black."""
    chosen = merged[merged["region_code"] == str(code)] if code is not None else merged.iloc[0:0]
    if len(chosen):
        with _no_idle_redraw(ax.figure):
            chosen.boundary.plot(ax=ax, color="#000000", linewidth=3.2, zorder=6)


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
            L.map_text("no_boundary", lang)
            if boundaries is None
            else L.map_text("no_band", lang, indicator=entry.name(lang), year=year)
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
        title or L.map_text("map_title", lang, indicator=entry.name(lang), year=year) + where,
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
        label = row.get("status_label") or L.status_label(
            thresholds.classify(indicator_id, row.get("value"), year, None, "published"), lang
        )
        ax.set_title(
            L.map_text("province_subtitle", lang, value=" · ".join(p for p in (shown, label) if p)),
            loc="left",
            fontsize=14,
            fontweight="normal",
        )
    legend = L.legend_entries(indicator_id, year, lang)
    _add_legend(fig, legend, L.scheme_name(scheme, lang))
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
        message = L.map_text("unmatched", lang, names=", ".join(boundaries.unmatched))
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
