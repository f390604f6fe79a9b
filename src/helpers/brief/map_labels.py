"""Labels of a status map: names (and values) on their polygons, leader lines, numbers and a key.

:func:`_label_polygons` measures every label with the figure's renderer and places it with
:mod:`helpers.brief.labels_layout` so that no label touches another label, the titles, the
legend or the footer; a crowded map gets numbers and a key beside it. Used by
:func:`helpers.brief.maps.status_map`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import matplotlib as mpl
import pandas as pd
import shapely
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

from helpers.brief import labels_layout
from helpers.brief.map_style import _HALO, _region_label, _year_note
from helpers.reference.formatting import format_number

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


_MEASURED: dict[tuple, tuple[float, float]] = {}  # text sizes, shared by the maps of a process


class _Measure:
    """Text sizes in pixels, measured once each with the figure's renderer.

    A size depends only on the text, its properties, the font and the resolution, so the
    sizes are kept for every map the process draws (a batch draws the same names again).
    """

    def __init__(self, fig: Figure, renderer):
        self.fig, self.renderer, self.cache = fig, renderer, _MEASURED
        font = mpl.rcParams
        self.context = (fig.dpi, tuple(font["font.family"]), tuple(font["font.sans-serif"]))

    def __call__(self, text: str, pad: float = 0.0, **props) -> tuple[float, float]:
        key = (text, pad, tuple(sorted(props.items())), self.context)
        if key not in self.cache:
            if len(self.cache) > 20_000:
                self.cache.clear()
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


class _Shapes:
    """The items' polygons in display pixels for one position of the map.

    What placing asks of them again and again (anchors, all land, the land of the others) is
    made once per position.
    """

    def __init__(self, ax, items):
        self.shapes = {i.code: _to_display(ax, i.geometry) for i in items}
        self.anchors = {c: labels_layout.anchor_of(shape) for c, shape in self.shapes.items()}
        self._land = None
        self._others: dict[str, object] = {}

    @property
    def land(self):
        if self._land is None:
            self._land = shapely.union_all(list(self.shapes.values()))
            shapely.prepare(self._land)
        return self._land

    def others(self, code: str):
        """Land of every polygon but ``code``'s."""
        if code not in self._others:
            self._others[code] = shapely.difference(self.land, self.shapes[code])
        return self._others[code]


def _place(ax, items, measure, area, obstacles, numbered_mode, first=frozenset(), geometry=None):  # noqa: C901
    """Place every item: ``(placements, numbered, numbers, overflow)``.

    Order: the highlighted government; then every label that fits centred on its own
    polygon (largest polygons first, ``first`` before them), each keeping clear of the
    anchor points of the others; then the rest with leader lines — in labels mode
    (``numbered_mode=False``) as names, ending the attempt with the failing code (a
    string) when one finds no room; in numbered mode as numbers, again centred where
    they fit before any leader is drawn.
    """
    geometry = geometry or _Shapes(ax, items)
    shapes, anchors = geometry.shapes, geometry.anchors
    zone_w, zone_h = measure.number(88)
    zones = {c: labels_layout.centred(*anchors[c], zone_w, zone_h) for c in anchors}
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
        others = geometry.others(item.code) if named else geometry.land
        limit = 0.5 if named else 1.0
        rings = _NAME_LEADER_PX if named else labels_layout.LEADER_DISTANCES_PX
        found = placer.with_leader(item.code, size, anchor, reserved, land=others,
                                   max_on_land=limit, distances=rings) or placer.with_leader(
            item.code, size, anchor, [], strict=False, land=others, max_on_land=limit,
            distances=rings)  # fmt: skip
        if found is None and not named:  # numbers only: the line may pass under labels
            found = placer.with_leader(
                item.code, size, anchor, [], False, geometry.land, loose=True
            )
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
        best, first, geometry = None, set(), _Shapes(ax, items)
        for _try in range(_LABEL_RETRIES):  # labels that found no room go first next time
            placed = _place(ax, items, measure, area, obstacles, True, frozenset(first), geometry)
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
    fig.draw_without_rendering()  # settle the layout first; labels are kept out of it (set_in_layout)
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
    geometry = _Shapes(ax, items)
    result = _place(ax, items, measure, area, obstacles, False, geometry=geometry)
    while isinstance(result, str) and result not in first and len(first) < _LABEL_RETRIES:
        first.add(result)  # the label that found no room goes before the large ones
        result = _place(ax, items, measure, area, obstacles, False, frozenset(first), geometry)
    key_texts: list[Text] = []
    if isinstance(result, str):
        result, band = _numbered_layout(ax, items, measure, band)
        _placements, numbered, numbers, _overflow = result
        if numbered:
            key_texts = _draw_key(ax, numbered, numbers, _key_shape(measure, numbered, band), band)
    placements, _numbered, numbers, overflow = result
    return _draw_labels(ax, items, placements, numbers), key_texts, overflow
