"""The ranked chart is drawn once for the kab/kota of a province; each brief boxes its own row."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from helpers.brief.content import build_content
from helpers.brief.content.assemble import brief_settings
from helpers.brief.dots import row_label_boxes
from helpers.brief.render import charts, plan


@pytest.fixture(scope="module")
def contents(processed_data):
    return {code: build_content(code, 2024, data=processed_data, microdata_is_synthetic=True)
            for code in ("62", "6201", "6207")}  # fmt: skip


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def test_siblings_share_the_chart_and_box_their_own_row(contents, monkeypatch):
    settings = brief_settings()
    slide = next(s for s in plan.plan(contents["6201"], settings) if s.kind == "ranked")
    rows = list(slide.rows)
    codes = [e.region_code for e in rows]
    assert "6201" in codes and "6207" in codes, codes
    monkeypatch.setattr(charts, "_RANKED_PNGS", {})
    drawn = []
    original = charts.maps.ranked_dot_plot
    monkeypatch.setattr(charts.maps, "ranked_dot_plot",
                        lambda *a, **k: drawn.append(k) or original(*a, **k))  # fmt: skip
    own_a, _ = charts.ranked_png(contents["6201"], slide.ranking, rows, settings, "id")
    own_b, _ = charts.ranked_png(contents["6207"], slide.ranking, rows, settings, "id")
    plain, _ = charts.ranked_png(contents["62"], slide.ranking, rows, settings, "id")
    assert len(drawn) == 1 and drawn[0].get("highlight") is None  # one drawing for all three
    base, boxes = next(iter(charts._RANKED_PNGS.values()))
    assert set(codes) <= set(boxes)
    assert plain == base  # the Pemprov is not a row here: the picture as drawn
    for own, code in ((own_a, "6201"), (own_b, "6207")):
        changed = np.argwhere((_pixels(own) != _pixels(base)).any(axis=2))
        (y0, x0), (y1, x1) = changed.min(axis=0), changed.max(axis=0)
        bx0, by0, bx1, by1 = boxes[code]
        # only a frame around the row's name changed, nothing else on the chart
        assert bx0 - 8 <= x0 <= bx0 and bx1 <= x1 <= bx1 + 8
        assert by0 - 8 <= y0 <= by0 and by1 <= y1 <= by1 + 8
        assert (_pixels(own)[changed[:, 0], changed[:, 1]] < 60).all()  # black


def test_row_label_boxes_name_every_row(contents):
    settings = brief_settings()
    slide = next(s for s in plan.plan(contents["6201"], settings) if s.kind == "ranked")
    fig, _alt = charts.ranked_chart(
        contents["6201"], slide.ranking, list(slide.rows), settings, "id"
    )
    fig.savefig(io.BytesIO(), format="png", dpi=100)
    boxes = row_label_boxes(fig)
    assert set(boxes) == {e.region_code for e in slide.rows}
    tops = [boxes[e.region_code][1] for e in slide.rows if e.group == "ranked"]
    assert all(0 <= b[0] < b[2] <= fig.bbox.width for b in boxes.values())
    assert len(set(tops)) == len(tops)  # one line each
