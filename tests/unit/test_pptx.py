"""The PowerPoint deck: one slide per planned slide, native tables and charts, sources in notes."""

from __future__ import annotations

import pytest
from pptx import Presentation
from pptx.util import Emu

from helpers.brief.content import build_content
from helpers.brief.content.assemble import brief_settings
from helpers.brief.render import words as W
from helpers.brief.render.plan import plan
from helpers.brief.render.pptx import write_pptx
from helpers.brief.render.pptx_charts import ipak_series


@pytest.fixture(scope="module")
def deck(processed_data, tmp_path_factory):
    content = build_content("62", 2024, data=processed_data)
    path = tmp_path_factory.mktemp("pptx") / "brief.pptx"
    n = write_pptx(content, "id", path)
    return content, Presentation(str(path)), n, plan(content, brief_settings())


def _text(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def test_one_slide_per_planned_slide_in_order_with_its_title(deck):
    content, prs, n, slides = deck
    assert n == len(prs.slides) == len(slides)
    assert (prs.slide_width, prs.slide_height) == (Emu(12192000), Emu(6858000))
    for planned, slide in zip(slides, prs.slides, strict=True):
        assert W.heading(content, planned, "id") in slide.shapes.title.text_frame.text


def test_tables_are_native_and_hold_the_government_rows(deck):
    content, prs, _, slides = deck
    table_slides = [s for p, s in zip(slides, prs.slides, strict=True) if p.kind == "table"]
    assert table_slides
    frames = [sh for sh in table_slides[0].shapes if sh.has_table]
    assert frames, "the local-government table is a native table"
    cell = frames[0].table.cell(1, 1).text
    marker = content.table.rows[0].figures[0].source_numbers[0]
    assert "67,76" in cell and f"[{marker}]" in cell  # SPI of the Pemprov with its source marker
    for kind in ("provenance", "sources", "counters"):
        slide = next(s for p, s in zip(slides, prs.slides, strict=True) if p.kind == kind)
        assert any(sh.has_table for sh in slide.shapes), kind


def test_ipak_slide_holds_a_native_line_chart_with_the_series(deck):
    content, prs, _, slides = deck
    slide = prs.slides[[p.kind for p in slides].index("ipak")]
    chart = next(sh.chart for sh in slide.shapes if sh.has_chart)
    years, series = ipak_series(content, "id")
    assert list(chart.plots[0].categories) == [str(y) for y in years]
    got = {s.name: list(s.values) for s in chart.plots[0].series}
    assert list(got) == list(series)
    ipak = next(iter(series))
    assert got[ipak][-1] == pytest.approx(content.ipak.latest_value)
    targets = list(got.values())[3]
    assert any(v is not None for v in targets)


def test_ranked_slides_plot_only_ranked_entries_sorted(deck):
    content, prs, _, slides = deck
    seen = 0
    for planned, slide in zip(slides, prs.slides, strict=True):
        if planned.kind != "ranked":
            continue
        ranked = sorted((e.figure.value for e in planned.rows if e.group == "ranked"), reverse=True)
        charts = [sh.chart for sh in slide.shapes if sh.has_chart]
        if not ranked:
            assert not charts
            continue
        values = list(charts[0].plots[0].series[0].values)
        assert values == pytest.approx(ranked)
        seen += 1
        others = [e for e in planned.rows if e.group in ("older", "grade_only")]
        if others:
            side = next(sh.table for sh in slide.shapes if sh.has_table)
            assert len(side.rows) == len(others) + 1
    assert seen


def test_notes_carry_the_slides_sources_with_addresses(deck):
    content, prs, _, slides = deck
    for planned, slide in zip(slides, prs.slides, strict=True):
        numbers = W.slide_sources(content, planned)
        if not numbers:
            continue
        notes = slide.notes_slide.notes_text_frame.text
        for n in numbers:
            assert f"[{n}]" in notes
            source = content.source(n)
            if source.urls:
                assert source.urls[0] in notes


def test_every_shape_inside_the_slide_and_the_logo_corner_free(deck):
    _, prs, _, _ = deck
    width, height = prs.slide_width, prs.slide_height
    corner_left, corner_bottom = int(Emu(914400 * 10.9)), int(Emu(914400 * 1.1))
    for i, slide in enumerate(prs.slides):
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, (i, shape.name)
            assert shape.left + shape.width <= width, (i, shape.name)
            assert shape.top + shape.height <= height, (i, shape.name)
            if shape.top < corner_bottom:
                assert shape.left + shape.width <= corner_left or shape.top >= corner_bottom, (
                    i,
                    shape.name,
                )


def test_fonts_readable(deck):
    _, prs, _, _ = deck
    for slide in prs.slides:
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames += [c.text_frame for row in shape.table.rows for c in row.cells]
            for frame in frames:
                for paragraph in frame.paragraphs:
                    for run in paragraph.runs:
                        if run.text.strip() and run.font.size is not None:
                            assert run.font.size.pt >= 12, run.text


def test_kabkota_and_administrative_briefs(processed_data, tmp_path):
    settings = brief_settings()
    for code in ("6201", "3101"):
        content = build_content(code, data=processed_data)
        assert write_pptx(content, "en", tmp_path / f"{code}.pptx") == len(plan(content, settings))
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind
