"""The HTML renderer in process: escaping, suppressed ≠ missing ≠ zero, chips, one message per slide."""

from __future__ import annotations

import dataclasses

import pytest

from helpers.brief.content import build_content
from helpers.brief.content.assemble import brief_settings
from helpers.brief.content.schema import Figure
from helpers.brief.render import html, labels, plan


@pytest.fixture(scope="module")
def kalteng(processed_data):
    return build_content("62", 2024, data=processed_data, microdata_is_synthetic=True)


def test_region_name_with_markup_is_escaped(kalteng):
    region = dataclasses.replace(
        kalteng.region, name='Kalimantan <script>alert("x")</script> Tengah'
    )
    content = dataclasses.replace(kalteng, region=region)
    settings = brief_settings()
    out = "".join(html.slide_html(content, s, "id", settings) for s in plan.plan(content, settings)
                  if s.kind in ("opening", "cards", "table"))  # fmt: skip
    assert "<script>alert" not in out
    assert "Kalimantan &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Tengah" in out


def test_cell_text_keeps_suppressed_missing_and_zero_apart():
    assert (
        labels.cell_text(Figure("spi", "62", 2023, None, "suppressed"), "id")
        == "tidak dipublikasikan (2023)"
    )
    assert labels.cell_text(Figure("spi", "62", None, None, "missing"), "id") == "belum tersedia"
    assert labels.cell_text(Figure("spi", "62", 2023, 0.0, "published"), "id") == "0,00 (2023)"
    grade = Figure("ombudsman", "62", 2024, None, "published", category="A")
    assert labels.cell_text(grade, "en") == "A (2024)"
    assert (
        labels.cell_text(Figure("spi", "3171", None, None, "not_applicable"), "id")
        == "tidak berlaku"
    )


def test_chip_uses_fixed_thresholds():
    assert (
        "waspada" in labels.chip(Figure("spi", "62", 2024, 73.0, "published"), "id").label.lower()
    )
    assert "rentan" in labels.chip(Figure("spi", "62", 2024, 72.9, "published"), "id").label.lower()
    # a withheld or missing value has no chip: the cell says its state once, in words
    assert labels.chip(Figure("spi", "62", 2024, None, "suppressed"), "id") is None
    assert labels.chip(Figure("spi", "62", None, None, "missing"), "id") is None


def test_every_slide_opens_with_its_message(kalteng):
    settings = brief_settings()
    slides = plan.plan(kalteng, settings)
    for slide in slides:
        out = html.slide_html(kalteng, slide, "id", settings)
        assert out.count('<p class="message">') == 1, slide.kind
    tables = [s for s in slides if s.kind == "table"]
    assert (
        len(tables) == 3 and sum(len(s.rows) for s in tables) == 1 + 14
    )  # Pemprov + 13 kab + 1 kota
    first = html.slide_html(kalteng, tables[0], "id", settings)
    assert "lanjutan 1/3" in first and "67,76 (2024)" in first


def test_sources_fit_two_slides(kalteng):
    slides = [s for s in plan.plan(kalteng, brief_settings()) if s.kind == "sources"]
    assert 1 <= len(slides) <= 2
    numbers = [n for s in slides for line in s.rows for n in line[0]]
    assert sorted(numbers) == list(range(1, len(kalteng.sources) + 1))  # every source, once
