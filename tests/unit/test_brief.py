"""Brief sections in-process: escaping of data text, suppressed ≠ missing ≠ zero, sidecar."""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest

from helpers.brief import sections
from helpers.reference import regions


@pytest.fixture
def ctx(processed_data, monkeypatch):
    shown = []
    monkeypatch.setattr(sections, "show_html", shown.append)
    province = dataclasses.replace(
        regions.get("62"), name='Kalimantan <script>alert("x")</script> Tengah'
    )
    context = sections.BriefContext(province=province, year=2024, lang="id", data=processed_data)
    context.shown = shown
    return context


def test_region_name_with_markup_is_escaped(ctx):
    sections.opening(ctx)
    sections.gap_cards(ctx)
    sections.pemda_table(ctx)
    html = "".join(ctx.shown)
    assert "<script>" not in html
    assert "Kalimantan &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Tengah" in html


def test_cell_text_keeps_suppressed_missing_and_zero_apart():
    row = pd.Series({"year": 2023, "value": float("nan"), "status": "suppressed", "category": ""})
    assert sections.cell_text(row, "id") == "tidak dipublikasikan (2023)"
    assert sections.cell_text(None, "id") == "belum tersedia"
    zero = pd.Series({"year": 2023, "value": 0.0, "status": "published", "category": ""})
    assert sections.cell_text(zero, "id") == "0,00 (2023)"
    grade_only = pd.Series(
        {"year": 2024, "value": float("nan"), "status": "published", "category": "A"}
    )
    assert sections.cell_text(grade_only, "en") == "A (2024)"


def test_pemda_table_rows_and_sidecar(ctx, tmp_path):
    table = sections.pemda_table(ctx)
    assert len(table) == 1 + 14  # Pemprov + 13 kabupaten + 1 kota in Kalimantan Tengah
    assert table.iloc[0]["spi"] == "67,76 (2024)"
    katingan = table.set_index("region_code").loc["6209"]  # BPS code of Katingan
    assert katingan["region"] == "Kabupaten Katingan" and katingan["spi"] == "74,62 (2024)"
    sections.write_sidecar(ctx, tmp_path / "s.json")
    sidecar = json.loads((tmp_path / "s.json").read_text())
    assert sidecar["pemda"]["6209"]["spi"]["value"] == 74.62
    # Palangka Raya: since the 2026-12-07 SPI panel slice (tests/fixtures/raw/panel_slice.csv)
    # the fixtures hold its 2024 index from the third-party copy of KPK's dashboard
    assert sidecar["pemda"]["6271"]["spi"]["value"] == 71.95


def test_status_chip_uses_fixed_thresholds():
    assert (
        "kuning"
        in sections.status_chip(
            "spi", {"value": 73.0, "year": 2024, "status": "published"}, "id"
        ).lower()
        or "waspada"
        in sections.status_chip(
            "spi", {"value": 73.0, "year": 2024, "status": "published"}, "id"
        ).lower()
    )
    red = sections.status_chip(
        "spi", {"value": 72.9, "year": 2024, "status": "published"}, "id"
    ).lower()
    assert "merah" in red or "rentan" in red
    # a withheld or missing value has no chip: the cell says its state once, in words
    assert (
        sections.status_chip("spi", {"value": None, "year": 2024, "status": "suppressed"}, "id")
        == ""
    )
    assert sections.status_chip("spi", None, "id") == ""


def test_every_slide_opens_with_its_message(ctx):
    sections.opening(ctx)
    sections.gap_cards(ctx)
    sections.pemda_table(ctx)
    html = "".join(ctx.shown)
    slides = html.count('<section class="slide')
    assert slides == 2 + 3  # opening, cards, 15 pemda rows on 3 balanced continuation slides
    assert html.count('<p class="message">') == slides
    assert "lanjutan 1/3" in html and "lanjutan 3/3" in html
    assert "SPI Pemprov Kalimantan" in html  # the cards' message names the worst card
