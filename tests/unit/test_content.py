"""The brief's content, in process on the frozen fixtures: the numbers every renderer shows."""

from __future__ import annotations

import json

import pytest

from conftest import field_names
from helpers.brief.content import build_content, from_json, to_json
from helpers.brief.content.document import SCHEMA_VERSION, as_dict
from helpers.reference.files import load_yaml


@pytest.fixture(scope="module")
def briefs(processed_data):
    return {code: build_content(code, 2024, data=processed_data, microdata_is_synthetic=True)
            for code in ("62", "6201", "3101", "31", "35")}  # fmt: skip


def row(content, code):
    return next(r for r in content.table.rows if r.region_code == code)


def column(content, indicator_id):
    return content.table.indicators.index(indicator_id)


def test_kalteng_table_numbers(briefs):
    kalteng = briefs["62"]
    spi = column(kalteng, "spi")
    assert kalteng.reference_year == 2024
    assert row(kalteng, "62").figures[spi].value == 67.76
    assert row(kalteng, "62").figures[spi].year == 2024
    assert row(kalteng, "6209").figures[spi].value == 74.62
    palangka_raya = row(kalteng, "6271").figures[spi]
    assert (palangka_raya.status, palangka_raya.value, palangka_raya.year) == (
        "published",
        71.95,
        2024,
    )
    katingan_mcp = row(kalteng, "6209").figures[column(kalteng, "mcp")]
    assert (katingan_mcp.status, katingan_mcp.value, katingan_mcp.year) == ("missing", None, None)
    barito_utara = row(kalteng, "6205").figures[column(kalteng, "ombudsman")]
    assert (barito_utara.year, barito_utara.is_old) == (2019, True)


def test_ipak_card_is_national(briefs):
    card = briefs["62"].cards[0]
    assert card.scope == "national" and card.figure.region_code == "00"
    assert (card.figure.value, card.figure.year, card.target) == (3.85, 2024, 4.14)
    assert card.gap_pts == pytest.approx(-0.29)
    assert card.target_basis == "national"


def test_one_year_per_ranking_and_older_figures_not_ranked(briefs):
    kalteng = briefs["62"]
    spi = next(r for r in kalteng.rankings if r.indicator_id == "spi")
    assert (spi.year, spi.n_ranked, spi.n_governments) == (2024, 15, 15)
    ranked = [e for e in spi.entries if e.group == "ranked"]
    assert all(e.figure.year == 2024 for e in ranked)
    assert [e.rank for e in ranked] == sorted(e.rank for e in ranked)
    assert ranked[0].region_code == "6207" and ranked[0].rank == 1  # Lamandau 77,31
    # Barito Utara's Ombudsman zone is from 2019: shown with its year, never ranked in 2024
    ombudsman = next(r for r in kalteng.rankings if r.indicator_id == "ombudsman")
    barito_utara = next(e for e in ombudsman.entries if e.region_code == "6205")
    assert (barito_utara.group, barito_utara.rank, barito_utara.figure.year) == (
        "older",
        None,
        2019,
    )
    # the table and the chart show the same figure
    assert (
        barito_utara.figure.value
        == row(kalteng, "6205").figures[column(kalteng, "ombudsman")].value
    )
    jatim = next(r for r in briefs["35"].rankings if r.indicator_id == "spi")
    older = next(e for e in jatim.entries if e.region_code == "3577")
    assert (jatim.year, older.group, older.figure.year) == (2023, "older", 2022)


@pytest.mark.parametrize("code", ["62", "6201", "35"])
def test_every_stated_rank_holds_for_its_year(briefs, processed_data, code):
    values = processed_data.values
    for ranking in briefs[code].rankings:
        for entry in ranking.entries:
            if entry.group != "ranked":
                assert entry.rank is None
                continue
            same = values[(values.indicator_id == ranking.indicator_id) & (values.year == ranking.year)
                          & (values.status == "published")
                          & values.region_code.isin([e.region_code for e in ranking.entries])]  # fmt: skip
            numbers = same.value.dropna()
            assert len(numbers) == ranking.n_ranked
            assert entry.rank == 1 + int((numbers > entry.figure.value).sum())


def test_grade_without_score_is_a_category_not_a_rank(briefs):
    ombudsman = next(r for r in briefs["62"].rankings if r.indicator_id == "ombudsman")
    for entry in ombudsman.entries:
        if entry.figure.value is None and entry.figure.category:
            assert entry.group in ("grade_only", "older") and entry.rank is None


def test_kabkota_position_same_year(briefs):
    kobar = briefs["6201"]
    assert kobar.is_regency and kobar.region.province_code == "62"
    spi = next(r for r in kobar.rankings if r.indicator_id == "spi")
    own = next(e for e in spi.entries if e.region_code == "6201")
    assert (own.figure.value, own.figure.year, spi.year) == (72.18, 2024, 2024)
    assert spi.own_rank == own.rank
    assert spi.national.year == 2024 and spi.national.level == "regency"
    # the frozen fixture holds far fewer kab/kota than KPK assesses: never the publisher's universe
    assert spi.national.universe == "recorded" and spi.national.n_universe is None


def test_administrative_area_reads_not_applicable(briefs):
    seribu = briefs["3101"]
    assert seribu.is_administrative
    for card in seribu.cards[1:]:
        assert card.figure.status == "not_applicable" and card.figure.value is None
    assert seribu.cards[0].figure.value is not None  # national IPAK stays as context
    assert seribu.rankings == ()
    assert seribu.region.legal_basis_source_numbers


def test_dki_pemprov_missing_is_not_not_applicable(briefs):
    dki = briefs["31"]
    spi = column(dki, "spi")
    assert row(dki, "31").figures[spi].status == "missing"
    for code in ("3171", "3172", "3173", "3174", "3175", "3101"):
        assert row(dki, code).figures[spi].status == "not_applicable"


def test_sources_are_numbered_and_cited_once(briefs):
    for content in briefs.values():
        numbers = [s.number for s in content.sources]
        assert numbers == list(range(1, len(numbers) + 1))
        cited = set()
        for r in content.table.rows:
            for f in r.figures:
                cited.update(f.source_numbers)
        assert cited <= set(numbers)


def test_no_synthetic_number_in_the_content(briefs):
    for content in briefs.values():
        assert content.sector_model is None and content.what_if == ()


def test_json_round_trip_and_version(briefs):
    for content in briefs.values():
        text = to_json(content)
        assert json.loads(text)["schema"] == SCHEMA_VERSION
        assert from_json(text) == content


def test_every_emitted_field_is_in_the_field_dictionary(briefs):
    declared = load_yaml("fields.yaml")
    emitted = set()
    for content in briefs.values():
        field_names(as_dict(content), emitted)
    assert not emitted - set(declared), f"undeclared fields: {sorted(emitted - set(declared))}"
    for name, entry in declared.items():
        assert {"type", "unit", "meaning"} <= set(entry), name


def test_content_takes_no_language():
    import inspect

    assert "lang" not in inspect.signature(build_content).parameters


def test_default_reference_year_is_the_latest_published_spi(processed_data):
    from helpers.brief.content import default_year

    assert default_year(processed_data) == 2025  # the fixtures' latest SPI; IPAK's is 2024
    content = build_content("6201", data=processed_data, microdata_is_synthetic=True)
    assert (content.reference_year, content.latest_ipak_year) == (2025, 2024)
