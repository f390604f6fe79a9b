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
from helpers.brief.render.pptx_charts import ipak_series, trend_series
from helpers.brief.render.rakor import action_rows
from helpers.reference.catalogue import indicator
from helpers.reference.texts import t


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


@pytest.fixture(scope="module")
def kobar(kobar_actions_content, tmp_path_factory):
    content = kobar_actions_content
    path = tmp_path_factory.mktemp("pptx-kobar") / "kobar.pptx"
    write_pptx(content, "id", path)
    return content, Presentation(str(path)), plan(content, brief_settings())


def test_trend_slides_hold_a_native_line_chart_of_the_own_series(kobar):
    content, prs, slides = kobar
    trends = [(p, s) for p, s in zip(slides, prs.slides, strict=True) if p.kind == "trend"]
    assert trends
    for planned, slide in trends:
        trend = planned.extra["trend"]
        chart = next(sh.chart for sh in slide.shapes if sh.has_chart)
        assert chart.chart_type is not None and "LINE" in str(chart.chart_type)
        first = chart.plots[0].series[0]
        assert list(first.values) == pytest.approx([p.value for p in trend.own_series.points])
        assert list(chart.plots[0].categories) == [str(p.year) for p in trend.own_series.points]
        years, series = trend_series(content, trend, "id")
        assert [s.name for s in chart.plots[0].series] == list(series)
        if trend.targets:
            targets = list(chart.plots[0].series[1].values)
            by_year = {p.year: p.value for p in trend.targets}
            assert targets == [by_year.get(y) for y in years]
        publisher = indicator(trend.indicator_id).publisher
        period = trend.method_period.replace("-", "–")
        assert t("trend_note", "id", period=period, publisher=publisher) in _text(slide)
        numbers = set(trend.own_series.source_numbers) | set(trend.target_source_numbers)
        assert set(W.slide_sources(content, planned)) == numbers


def test_actions_slides_tables_hold_the_actions_and_the_last_the_suggestions(kobar):
    content, prs, slides = kobar
    pages = [(p, s) for p, s in zip(slides, prs.slides, strict=True) if p.kind == "actions"]
    assert pages and sum(len(p.rows) for p, _ in pages) == len(content.action_plan.actions) == 8
    for planned, slide in pages:
        table = next(sh.table for sh in slide.shapes if sh.has_table)
        got = [[c.text for c in row.cells] for row in list(table.rows)[1:]]
        want = [[r["area"], r["action"], r["office"], r["state"], r["due"]]
                for r in action_rows(planned.rows, "id")]  # fmt: skip
        assert got == want
    flags = [a.is_overdue for p, _ in pages for a in p.rows]
    assert any(flags) and flags == sorted(flags, reverse=True)  # overdue first
    last = _text(pages[-1][1])
    assert t("suggestions_heading", "id") in last
    for r in content.action_plan.recommendations[:2]:
        assert f"[{r.source_numbers[0]}]" in last
    assert t("suggestions_heading", "id") not in _text(pages[0][1])


def test_respondents_and_offices_slides(kobar):
    content, prs, slides = kobar
    kinds = [p.kind for p in slides]
    slide = prs.slides[kinds.index("respondents")]
    table = next(sh.table for sh in slide.shapes if sh.has_table)
    assert len(table.rows) == len(content.respondents.components) + 1
    weakest = [row.cells[0].text for row in table.rows if "◀" in row.cells[0].text]
    assert len(weakest) == 1
    offices = prs.slides[kinds.index("offices")]
    text = _text(offices)
    for o in content.service_offices.offices:
        assert t(f"office.{o.office}", "id") in text


def test_kobar_deck_shapes_inside_and_readable(kobar):
    _, prs, _ = kobar
    test_every_shape_inside_the_slide_and_the_logo_corner_free((None, prs, None, None))
    test_fonts_readable((None, prs, None, None))
