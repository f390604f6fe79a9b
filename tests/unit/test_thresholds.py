"""Status bands: border rule, the 2021 vs 2023 SPI bands, grade-only rows, special states."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers.brief.render.labels import legend_entries, scheme_name, status_label
from helpers.gaps import thresholds
from helpers.gaps.thresholds import classify, legend_keys, scheme_for
from helpers.reference.texts import t


@pytest.mark.parametrize(
    ("value", "year", "expected"),
    [
        (72.95, 2024, "rentan"),  # 2023+ bands: merah below 73 (no rounding up)
        (73.0, 2024, "waspada"),  # exactly on the border → upper band
        (77.99, 2024, "waspada"),
        (78.0, 2024, "terjaga"),
        (71.94, 2022, "rentan"),  # 2022 uses the 2021 bands (decision in thresholds.yaml)
        (67.9, 2021, "sangat_rentan"),
        (68.0, 2021, "rentan"),
        (73.6, 2021, "rentan"),
        (73.7, 2021, "waspada"),
        (77.5, 2021, "terjaga"),
        (0.0, 2024, "rentan"),  # zero is a value, not missing
    ],
)
def test_spi_bands_and_border_rule(value, year, expected):
    assert classify("spi", value, year).key == expected


def test_same_score_differs_between_2021_and_2023_bands():
    # 75.0: "waspada" in both; 77.6: "terjaga" under 2021 bands, "waspada" under 2023+.
    assert classify("spi", 77.6, 2021).key == "terjaga"
    assert classify("spi", 77.6, 2023).key == "waspada"
    # 73.2: "rentan" (68–73.6) in 2021, "waspada" (73–77.9) from 2023.
    assert classify("spi", 73.2, 2022).key == "rentan"
    assert classify("spi", 73.2, 2023).key == "waspada"
    assert scheme_for("spi", 2022).id == "spi_2021"
    assert scheme_for("spi", 2023).id == "spi_2023"
    assert scheme_for("spi", 2019) is None


def test_float_noise_does_not_move_a_border_value():
    assert classify("spi", 72.99999999999999, 2024).key == "waspada"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1.25, "sangat_permisif"),
        (1.26, "permisif"),
        (2.50, "permisif"),
        (2.505, "permisif"),
        (2.51, "antikorupsi"),
        (3.75, "antikorupsi"),
        (3.76, "sangat_antikorupsi"),
        (3.85, "sangat_antikorupsi"),
    ],
)
def test_ipak_bps_bands(value, expected):
    assert classify("ipak", value, 2024).key == expected


@pytest.mark.parametrize(
    ("value", "year", "expected"),
    [
        (88.0, 2023, "A"),
        (87.99, 2023, "B"),
        (78.0, 2022, "B"),
        (77.99, 2022, "C"),
        (54.0, 2024, "C"),
        (53.99, 2024, "D"),
        (32.0, 2024, "D"),
        (31.99, 2024, "E"),
        (50.99, 2021, "merah"),
        (51.0, 2021, "kuning"),
        (80.99, 2021, "kuning"),
        (81.0, 2021, "hijau"),
        (50.0, 2018, "merah"),
        (80.5, 2018, "kuning"),
    ],
)
def test_ombudsman_grades_and_pre_2022_zones(value, year, expected):
    assert classify("ombudsman", value, year).key == expected


def test_mcp_shared_borders_go_up():
    assert [classify("mcp", v, 2024).key for v in (24.99, 25.0, 50.0, 74.9, 75.0, 100.0)] == [
        "merah",
        "kuning",
        "biru",
        "biru",
        "hijau",
        "hijau",
    ]


def test_grade_only_rows_use_the_published_category():
    status = classify("ombudsman", None, 2023, category="A")
    assert (status.key, status.kind, status.tone) == ("A", "band", "hijau")
    assert classify("ombudsman", math.nan, 2022, category="kuning (zone only stated)").key == "C"
    assert classify("ombudsman", None, 2024, category="A / hijau (kualitas tertinggi)").key == "A"
    zone = classify("ombudsman", None, 2022, category="hijau")
    assert (zone.kind, zone.tone, status_label(zone, "id")) == ("zone", "hijau", "zona hijau (A/B)")
    assert classify("ombudsman", None, 2021, category="merah").key == "merah"


def test_score_wins_over_an_inconsistent_press_label():
    # A press item called 71–72 "yellow"; zones are recomputed from the score.
    assert classify("spi", 71.5, 2024, category="kuning").key == "rentan"


def test_suppressed_missing_and_zero_stay_distinct():
    suppressed = classify("spi", None, 2024, status="suppressed")
    missing = classify("spi", None, 2024, status="missing")
    empty = classify("spi", None, 2024)
    zero = classify("mcp", 0.0, 2024)
    assert (suppressed.kind, status_label(suppressed, "id"), status_label(suppressed, "en")) == (
        "suppressed",
        "tidak dipublikasikan",
        "suppressed",
    )
    assert (missing.kind, status_label(missing, "id")) == ("missing", "belum tersedia")
    assert empty.kind == "missing"
    assert (zero.kind, zero.key) == ("band", "merah")
    assert len({suppressed.colour, missing.colour, zero.colour}) == 3
    assert suppressed.hatch and missing.hatch and suppressed.hatch != missing.hatch
    # A suppressed row keeps its state even if a number slipped into it.
    assert classify("spi", 75.0, 2024, status="suppressed").kind == "suppressed"


def test_unclassified_when_no_band_exists():
    assert classify("ombudsman", 90.0, 2025).kind == "unclassified"  # new method from 2025
    assert classify("spi", 66.0, 2017).kind == "unclassified"
    assert classify("ombudsman", None, 2022, category="highest in Kalteng").kind == "unclassified"


def test_out_of_scale_value_is_an_error():
    with pytest.raises(ValueError, match="outside the scale"):
        classify("spi", 101.0, 2024)
    with pytest.raises(ValueError, match="Unknown status"):
        classify("spi", 70.0, 2024, status="withheld")


def test_same_tone_same_colour_across_schemes_and_years():
    merah = {
        classify("spi", 60.0, 2024).colour,
        classify("ombudsman", 40.0, 2023).colour,
        classify("ombudsman", 40.0, 2019).colour,
        classify("mcp", 10.0, 2024).colour,
    }
    assert merah == {"#D55E00"}
    assert classify("spi", 80.0, 2021).colour == classify("spi", 80.0, 2024).colour == "#009E73"


def test_legend_lists_every_category_best_first_then_special_states():
    labels = [e.label for e in legend_entries("spi", 2024, "id")]
    assert labels == [
        "hijau · terjaga",
        "kuning · waspada",
        "merah · rentan",
        "tidak dipublikasikan",
        "belum tersedia",
    ]
    english = [e.label for e in legend_entries("spi", 2021, "en")]
    assert english == [
        "maintained",
        "alert",
        "vulnerable",
        "highly vulnerable",
        t("suppressed", "en"),
        t("not_available", "en"),
    ]
    ombudsman = [e.label for e in legend_entries("ombudsman", 2023, "id")]
    assert ombudsman[:3] == ["A–B · zona hijau", "C · zona kuning", "D–E · zona merah"]


def test_legend_keys_carry_no_words_and_the_same_colours_as_the_labelled_legend():
    keys = legend_keys("spi", 2024)
    assert [(k.key, k.kind) for k in keys] == [
        ("terjaga", "band"),
        ("waspada", "band"),
        ("rentan", "band"),
        ("suppressed", "suppressed"),
        ("missing", "missing"),
    ]
    assert [k.colour for k in keys] == [e.colour for e in legend_entries("spi", 2024, "en")]
    assert [k.kind for k in legend_keys("ombudsman", 2023, include_special=False)] == ["legend"] * 3
    assert [k.key for k in legend_keys("ombudsman", 2025)] == ["suppressed", "missing"]


def test_every_status_and_scheme_has_words_in_both_languages():
    for scheme in thresholds.schemes().values():
        assert scheme_name(scheme, "id") and scheme_name(scheme, "en")
        for indicator_id in scheme.indicators[:1]:
            for key in legend_keys(indicator_id, scheme.first_year):
                assert status_label(key, "id") and status_label(key, "en"), (scheme.id, key)
    for kind in thresholds.SPECIAL_KINDS:
        status = thresholds.special_status(kind)
        assert status_label(status, "id") and status_label(status, "en"), kind
    assert scheme_name(scheme_for("spi", 2024), "en") == "SPI zone (KPK, 2023 onward)"


def test_every_scheme_has_a_source_url_and_known_tones():
    config = thresholds.config()
    for scheme_id, scheme in thresholds.schemes().items():
        assert scheme.source.startswith("http"), scheme_id
        for band in scheme.bands:
            assert band["tone"] in config["tones"], (scheme_id, band)
    for key in (
        "on_track",
        "moderately_improving",
        "stagnating",
        "decreasing",
        "cannot_tell",
        "insufficient_data",
    ):
        category = thresholds.trend_category(key)
        assert category["arrow"] and t(f"trend.{key}", "id") and t(f"trend.{key}", "en")


def test_goalpost_floors_are_documented():
    floors = thresholds.config()["goalpost_floors"]
    floor, reason = thresholds.goalpost_floor("ipak")
    assert floor == floors["ipak"]["floor"] and "permisif" in reason
    assert thresholds.goalpost_floor("spi")[0] == floors["spi"]["floor"]
    # the IPAK floor is a published border: the top of BPS's 'permisif' band
    ipak_bands = {band["key"]: band for band in thresholds.schemes()["ipak_bps"].bands}
    assert ipak_bands["permisif"]["lower"] < floor < ipak_bands["antikorupsi"]["lower"]
    assert thresholds.goalpost_floor("ipk_cpi") == (None, "")


def test_empty_text_and_pandas_na_are_missing_not_values():
    # one predicate (helpers.core.missing.is_missing) for value and category
    for empty in ("", "  ", None, float("nan"), pd.NA):
        assert classify("spi", empty, 2024).kind == "missing"
        assert classify("ombudsman", None, 2023, category=empty).kind == "missing"
    assert classify("spi", 0.0, 2024).kind == "band"  # zero is a value
