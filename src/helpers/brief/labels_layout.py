"""Greedy placement of map labels in display space (pixels), no overlaps.

A :class:`Placer` holds what is already on the figure — fixed obstacles (title, legend,
footer), the boxes of the labels placed so far and their leader lines — and accepts a new
label box only when it is inside the allowed area and touches none of them. Two kinds of
placement:

- *direct*: the label is centred inside its own polygon (the centre passes a
  point-in-polygon test and at least ``min_inside`` of the box lies on the polygon), so it
  cannot be read as a neighbour's;
- *leader*: the label sits off the polygon, joined by a thin line to an anchor point inside
  it (the pole of inaccessibility of its largest part); the line crosses no other label.

Boxes are plain ``(x0, y0, x1, y1)`` tuples; geometries are shapely objects already
transformed to display coordinates. Nothing here draws: :mod:`helpers.brief.maps` measures
the texts with the figure renderer and draws what the placer returns.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.ops import polylabel

Box = tuple[float, float, float, float]
Point = tuple[float, float]

_ANGLES = [i * math.pi / 12 for i in range(24)]
# math.cos/sin (not numpy's) so that a position is the same float as one computed one by one
_COS = np.array([math.cos(a) for a in _ANGLES])
_SIN = np.array([math.sin(a) for a in _ANGLES])
_DIRECT_STEPS = sorted({i / 4 for i in range(-4, 5)}, key=abs)
LEADER_DISTANCES_PX = (14, 26, 40, 56, 75, 96, 120, 150, 185, 225, 270, 320, 380, 450)


def centred(cx: float, cy: float, width: float, height: float) -> Box:
    """The box of size ``width``×``height`` centred on ``(cx, cy)``."""
    return (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def boxes_intersect(a: Box, b: Box, gap: float = 0.0) -> bool:
    """True when ``a`` and ``b`` overlap or come closer than ``gap``."""
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def box_inside(a: Box, area: Box) -> bool:
    """True when ``a`` lies wholly within ``area``."""
    return a[0] >= area[0] and a[1] >= area[1] and a[2] <= area[2] and a[3] <= area[3]


def segment_hits_box(p: Point, q: Point, b: Box) -> bool:
    """Liang–Barsky: does the segment ``p``–``q`` touch box ``b``?"""
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for edge_p, edge_q in (
        (-dx, p[0] - b[0]),
        (dx, b[2] - p[0]),
        (-dy, p[1] - b[1]),
        (dy, b[3] - p[1]),
    ):
        if edge_p == 0:
            if edge_q < 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def _boxes_array(boxes) -> np.ndarray:
    return np.asarray(boxes, dtype=float).reshape(-1, 4)


def _any_intersect(boxes: np.ndarray, others: np.ndarray, gap: float = 0.0) -> np.ndarray:
    """Per row of ``boxes`` (K×4): does it meet any of ``others`` (M×4)? :func:`boxes_intersect`."""
    if not len(others) or not len(boxes):
        return np.zeros(len(boxes), dtype=bool)
    a, b = boxes[:, None, :], others[None, :, :]
    meets = (
        (a[..., 0] < b[..., 2] + gap)
        & (b[..., 0] < a[..., 2] + gap)
        & (a[..., 1] < b[..., 3] + gap)
        & (b[..., 1] < a[..., 3] + gap)
    )
    return meets.any(axis=1)


def _any_segment_hits(boxes: np.ndarray, segments: np.ndarray) -> np.ndarray:
    """Per row of ``boxes`` (K×4): does any segment (S×4: x0, y0, x1, y1) touch it?

    :func:`segment_hits_box` for every pair at once: ``t0`` only grows and ``t1`` only
    shrinks, so "``t0 > t1`` at some edge" is "``t0 > t1`` after the last edge".
    """
    if not len(segments) or not len(boxes):
        return np.zeros(len(boxes), dtype=bool)
    b = boxes[:, None, :]
    px, py = segments[None, :, 0], segments[None, :, 1]
    dx, dy = segments[None, :, 2] - px, segments[None, :, 3] - py
    t0 = np.zeros((len(boxes), len(segments)))
    t1 = np.ones_like(t0)
    hit = np.ones(t0.shape, dtype=bool)
    for edge_p, edge_q in ((-dx, px - b[..., 0]), (dx, b[..., 2] - px),
                           (-dy, py - b[..., 1]), (dy, b[..., 3] - py)):  # fmt: skip
        edge_p = np.broadcast_to(edge_p, t0.shape)
        zero = edge_p == 0
        hit &= ~(zero & (edge_q < 0))
        with np.errstate(divide="ignore", invalid="ignore"):
            t = edge_q / np.where(zero, 1.0, edge_p)
        t0 = np.where(edge_p < 0, np.maximum(t0, t), t0)
        t1 = np.where(edge_p > 0, np.minimum(t1, t), t1)
    return (hit & (t0 <= t1)).any(axis=1)


def _orient(a: Point, b: Point, c: Point) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def segments_cross(p1: Point, p2: Point, q1: Point, q2: Point) -> bool:
    """True when the two segments properly cross."""
    d1, d2 = _orient(q1, q2, p1), _orient(q1, q2, p2)
    d3, d4 = _orient(p1, p2, q1), _orient(p1, p2, q2)
    return (d1 * d2 < 0) and (d3 * d4 < 0)


def edge_point(anchor: Point, b: Box, gap: float = 2.0) -> Point:
    """Where the line from ``anchor`` to the centre of ``b`` meets the border of ``b`` (less ``gap``)."""
    cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
    dx, dy = cx - anchor[0], cy - anchor[1]
    half_w, half_h = (b[2] - b[0]) / 2 + gap, (b[3] - b[1]) / 2 + gap
    scale = max(abs(dx) / half_w if half_w else 0.0, abs(dy) / half_h if half_h else 0.0)
    if scale <= 1.0:  # anchor inside the (grown) box: no line
        return anchor
    return (cx - dx / scale, cy - dy / scale)


def anchor_of(geometry) -> Point:
    """A point well inside ``geometry``: the pole of inaccessibility of its largest part."""
    parts = list(getattr(geometry, "geoms", [geometry]))
    largest = max(parts, key=lambda g: g.area)
    if isinstance(largest, Polygon) and largest.area > 0:
        size = math.sqrt(largest.area)
        point = polylabel(largest, tolerance=max(0.5, size / 50))
        if largest.contains(point):
            return (point.x, point.y)
    point = geometry.representative_point()
    return (point.x, point.y)


@dataclass
class Placement:
    """One placed label: its box and centre (display px), anchor, and whether it is leader-lined."""

    code: str
    box: Box
    centre: Point
    anchor: Point
    leader: Point | None  # end of the leader line at the label box, None when direct


class Placer:
    """Accepts label boxes that touch nothing already placed (see the module docstring)."""

    def __init__(self, area: Box, obstacles: list[Box], gap: float = 5.0):
        self.area = area
        self.obstacles = list(obstacles)
        self.gap = gap
        self.boxes: list[Box] = []
        self.segments: list[tuple[Point, Point]] = []

    # ------------------------------------------------------------------ tests
    def free(self, b: Box, reserved: list[Box] = (), loose: bool = False) -> bool:
        """``b`` lies in the area and touches no obstacle, label, leader or reserved zone.

        ``loose``: leader lines of other labels may pass under ``b``.
        """
        return bool(self.free_many(_boxes_array([b]), reserved, loose)[0])

    def free_many(
        self, boxes: np.ndarray, reserved: list[Box] = (), loose: bool = False
    ) -> np.ndarray:
        """:meth:`free` for every row of ``boxes`` (K×4) at once."""
        x0, y0, x1, y1 = self.area
        ok = (boxes[:, 0] >= x0) & (boxes[:, 1] >= y0) & (boxes[:, 2] <= x1) & (boxes[:, 3] <= y1)
        taken = _boxes_array([*self.obstacles, *self.boxes])
        ok &= ~_any_intersect(boxes, taken, self.gap)
        ok &= ~_any_intersect(boxes, _boxes_array(reserved))
        if loose or not self.segments:
            return ok
        grown = boxes + np.array([-1.0, -1.0, 1.0, 1.0])
        segments = np.array([(*p, *q) for p, q in self.segments], dtype=float)
        return ok & ~_any_segment_hits(grown, segments)

    def leader_ok(self, anchor: Point, end: Point, strict: bool, loose: bool = False) -> bool:
        """The leader ``anchor``–``end`` crosses no label box (and, when strict, no leader).

        ``loose``: the leader may pass under other labels (never under titles or legend).
        """
        for other in [] if loose else self.boxes:
            if segment_hits_box(anchor, end, other):
                return False
        for other in self.obstacles:
            if segment_hits_box(anchor, end, other):
                return False
        if strict:
            return not any(segments_cross(anchor, end, p, q) for p, q in self.segments)
        return True

    # -------------------------------------------------------------- placement
    def direct(
        self,
        code: str,
        size: tuple[float, float],
        geometry,
        anchor: Point,
        reserved: list[Box] = (),
        min_inside: float = 0.5,
    ) -> Placement | None:
        """Centre the label inside its polygon, at the anchor or a little around it."""
        width, height = size
        prepared = geometry
        shapely.prepare(prepared)
        rep = geometry.representative_point()
        centres = [anchor, (rep.x, rep.y)]
        for fx in _DIRECT_STEPS:
            for fy in _DIRECT_STEPS:
                if fx or fy:
                    centres.append((anchor[0] + fx * width, anchor[1] + fy * height))
        boxes = [centred(cx, cy, width, height) for cx, cy in centres]
        free = self.free_many(_boxes_array(boxes), reserved)
        for (cx, cy), b, is_free in zip(centres, boxes, free, strict=True):
            if not is_free:
                continue
            if not shapely.contains_xy(prepared, cx, cy):
                continue
            box_geom = shapely.box(*b)
            if shapely.intersection(geometry, box_geom).area < min_inside * box_geom.area:
                continue
            return Placement(code, b, (cx, cy), (cx, cy), None)
        return None

    def with_leader(
        self,
        code: str,
        size: tuple[float, float],
        anchor: Point,
        reserved: list[Box] = (),
        strict: bool = True,
        land=None,
        loose: bool = False,
        max_on_land: float = 1.0,
        distances: tuple[int, ...] = LEADER_DISTANCES_PX,
    ) -> Placement | None:
        """Put the label near ``anchor`` (nearest free ring first) and join them by a line.

        Among the free positions of the first two rings that have one, the one covering
        least of ``land`` (the other polygons, display coordinates) wins; positions with
        more than ``max_on_land`` of the box on ``land`` are not taken.
        """
        width, height = size
        found: list[tuple[float, Placement]] = []
        rings_with_hits = 0
        reach = np.asarray(distances, dtype=float)[:, None]
        xs = anchor[0] + _COS[None, :] * (reach + width / 2)  # rings × angles
        ys = anchor[1] + _SIN[None, :] * (reach + height / 2)
        boxes = np.stack(
            [xs - width / 2, ys - height / 2, xs + width / 2, ys + height / 2], axis=-1
        )
        free = self.free_many(boxes.reshape(-1, 4), reserved, loose).reshape(xs.shape)
        for ring, distance in enumerate(distances):
            hit = False
            for index in np.flatnonzero(free[ring]):
                cx, cy = float(xs[ring, index]), float(ys[ring, index])
                b = centred(cx, cy, width, height)
                end = edge_point(anchor, b)
                if not self.leader_ok(anchor, end, strict, loose):
                    continue
                cost = float(distance)
                if land is not None:
                    box_geom = shapely.box(*b)
                    on_land = shapely.intersection(land, box_geom).area / box_geom.area
                    if on_land > max_on_land:
                        continue
                    cost += 60.0 * on_land
                found.append((cost, Placement(code, b, (cx, cy), anchor, end)))
                hit = True
            rings_with_hits += hit
            if rings_with_hits >= 2:
                break
        if not found:
            return None
        return min(found, key=lambda item: item[0])[1]

    def commit(self, placement: Placement) -> None:
        """Record a placed label (and its leader) so later ones keep clear of it."""
        self.boxes.append(placement.box)
        if placement.leader is not None:
            self.segments.append((placement.anchor, placement.leader))
