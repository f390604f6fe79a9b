"""Gap, goalpost score, trend and the gap table on hand-worked cases."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers.brief.render import tables
from helpers.gaps import metrics, thresholds
from helpers.gaps.metrics import (
    gap_points,
    gap_table,
    goalpost_score_0_100,
    required_annual_change,
    target_met,
    trend,
)
from helpers.reference import catalogue
from helpers.reference.texts import t

IPAK_YEARS = [2019, 2020, 2021, 2022, 2023, 2024]
IPAK_VALUES = [3.70, 3.84, 3.88, 3.93, 3.92, 3.85]


# ---------------------------------------------------------------- gap and score
def test_gap_in_own_points_and_goalpost_score():
    # IPAK 2024: 3.85 vs 4.14 → −0.29 points; score (3.85 − 2.50)/(4.14 − 2.50) = 82.317…
    assert gap_points(3.85, 4.14) == pytest.approx(-0.29)
    assert goalpost_score_0_100(3.85, 4.14, 2.50) == pytest.approx(82.3170731, abs=1e-6)
    # SPI 71.53 vs 74 with floor 40: 31.53/34 = 92.735…
    assert goalpost_score_0_100(71.53, 74, 40) == pytest.approx(92.7352941, abs=1e-6)


def test_target_already_met_scores_100_with_positive_gap():
    assert gap_points(72.4, 70) == pytest.approx(2.4)
    assert goalpost_score_0_100(72.4, 70, 40) == 100.0
    assert target_met(72.4, 70) is True
    assert target_met(71.94, 72) is False


def test_score_clips_below_floor_and_handles_lower_is_better():
    assert goalpost_score_0_100(35.0, 74, 40) == 0.0
    # lower is better (share who paid extra): floor 30 %, target 10 %, value 15 % → 75
    assert goalpost_score_0_100(15.0, 10.0, 30.0, higher_is_better=False) == pytest.approx(75.0)
    assert target_met(9.0, 10.0, higher_is_better=False) is True
    with pytest.raises(ValueError, match="below"):
        goalpost_score_0_100(3.8, 4.14, 4.5)


def test_missing_and_suppressed_inputs_give_nan_not_zero():
    assert math.isnan(gap_points(None, 74))
    assert math.isnan(goalpost_score_0_100(float("nan"), 74, 40))
    assert target_met(None, 74) is None
    assert goalpost_score_0_100(0.0, 74, 0) == 0.0  # zero is a value


# ------------------------------------------------------------------------ trend
def test_required_annual_change():
    assert required_annual_change(3.70, 2019, 4.14, 2024) == pytest.approx(0.088)
    assert math.isnan(required_annual_change(3.70, 2024, 4.14, 2024))


def test_ipak_2019_2024_cannot_tell():
    # OLS slope 0.0297/yr, 95 % CI [−0.0164; 0.0758] spans zero → cannot tell.
    result = trend(IPAK_YEARS, IPAK_VALUES, 4.14, 2024)
    assert result.key == "cannot_tell"
    assert result.observed_per_year == pytest.approx(0.0297143, abs=1e-6)
    assert result.ci_low == pytest.approx(-0.016366, abs=1e-5)
    assert result.ci_high == pytest.approx(0.075795, abs=1e-5)
    assert result.required_per_year == pytest.approx(0.088)
    assert result.progress_ratio == pytest.approx(0.0297143 / 0.088, abs=1e-5)
    assert result.arrow == "↕"


def test_on_track_moderate_stagnating_by_ratio():
    years = [2020, 2021, 2022, 2023, 2024]
    # required (74 − 60)/(2024 − 2020) = 3.5/yr
    on_track = trend(years, [60, 63.6, 67.1, 70.4, 74.2], 74, 2024)
    moderate = trend(years, [60, 62.1, 64.0, 66.2, 68.0], 74, 2024)  # ≈2.0/yr → 57 %
    stagnating = trend(years, [60, 61.0, 61.9, 63.1, 64.0], 74, 2027)  # ≈1.0/yr vs 2.0 → 50 %?
    assert on_track.key == "on_track" and on_track.progress_ratio >= 1
    assert moderate.key == "moderately_improving"
    assert 0.5 <= moderate.progress_ratio < 1
    assert stagnating.required_per_year == pytest.approx(14 / 7)
    assert stagnating.observed_per_year == pytest.approx(1.01)
    assert stagnating.key == "moderately_improving"  # 1.01/2.0 = 0.505 ≥ 0.5
    slow = trend(years, [60, 60.5, 61.1, 61.4, 62.0], 74, 2024)  # ≈0.49/yr vs 3.5 → 14 %
    assert slow.key == "stagnating"
    assert slow.arrow == "→"


def test_decreasing_when_slope_significantly_negative():
    result = trend([2020, 2021, 2022, 2023, 2024], [74, 72.1, 70.0, 68.2, 66.0], 78, 2026)
    assert result.key == "decreasing"
    assert result.ci_high < 0
    assert tables.L.trend_label(result.key, "en") == "decreasing"


def test_target_already_met_and_stable_is_on_track():
    result = trend([2021, 2022, 2023, 2024], [80.0, 81.0, 79.5, 80.5], 74, 2024)
    assert result.key == "on_track"
    # met but falling fast, significantly → decreasing
    falling = trend([2021, 2022, 2023, 2024], [90.0, 86.0, 82.1, 78.0], 74, 2024)
    assert falling.key == "decreasing"


def test_missing_years_and_insufficient_data():
    # 2016 had no survey: the slope is per calendar year across the gap.
    result = trend([2014, 2015, 2017, 2018], [3.61, 3.59, 3.71, 3.66], 4.0, 2019)
    assert result.n_points == 4
    assert result.observed_per_year == pytest.approx(0.02, abs=0.005)
    two_points = trend([2023, 2024], [3.92, 3.85], 4.14, 2024)
    assert two_points.key == "insufficient_data"
    with_nan = trend([2022, 2023, 2024], [3.93, float("nan"), 3.85], 4.14, 2024)
    assert (with_nan.key, with_nan.n_points) == ("insufficient_data", 2)
    no_target = trend(IPAK_YEARS, IPAK_VALUES, None, 2024)
    assert no_target.key == "insufficient_data"


# ------------------------------------------------------------------- gap table
def _values(rows):
    columns = [
        "indicator_id",
        "region_code",
        "region_name",
        "level",
        "year",
        "value",
        "unit",
        "status",
        "category",
        "source",
        "note",
        "is_synthetic",
    ]
    return pd.DataFrame([dict(zip(columns, r, strict=True)) for r in rows], columns=columns)


def _spi_rows(code, name, level, series, status="published"):
    return [
        (
            "spi",
            code,
            name,
            level,
            y,
            v,
            "score_0_100",
            status if v is None else "published",
            "",
            "https://example.org",
            "",
            False,
        )
        for y, v in series.items()
    ]


@pytest.fixture
def frames():
    values = _values(
        _spi_rows(
            "62",
            "Pemprov Kalimantan Tengah",
            "province",
            {2021: 66.0, 2022: 67.04, 2023: 69.0, 2024: 71.0},
        )
        + _spi_rows(
            "6201",
            "Kab. Kotawaringin Barat",
            "regency",
            {2021: 70.0, 2022: 71.0, 2023: 73.0, 2024: 75.5},
        )
        + _spi_rows("6202", "Kab. Kotawaringin Timur", "regency", {2024: None}, status="suppressed")
        + _spi_rows("6203", "Kab. Kapuas", "regency", {2024: 0.0})
    )
    targets = pd.DataFrame(
        [
            {
                "indicator_id": "spi",
                "region_code": "00",
                "level": "national",
                "year": y,
                "target": t,
                "target_kind": "RPJMN",
                "source": "RPJMN 2020-2024",
                "note": "",
            }
            for y, t in {2021: 70, 2022: 72, 2023: 74, 2024: 74}.items()
        ]
        + [
            {
                "indicator_id": "spi",
                "region_code": "6201",
                "level": "regency",
                "year": 2024,
                "target": 76,
                "target_kind": "RPJMD",
                "source": "RPJMD Kobar 2021-2026",
                "note": "",
            }
        ]
    )
    return values, targets


def test_gap_table_fallback_to_national_target_and_states(frames):
    values, targets = frames
    table = gap_table(values, targets, "spi", ["62", "6201", "6202", "6203", "6204"], 2024)
    by = table.set_index("region_code")
    assert list(table["region_code"]) == ["62", "6201", "6202", "6203", "6204"]
    # province: no own target → national 74, and the table says so
    assert by.loc["62", "target"] == 74 and by.loc["62", "target_basis_key"] == "national"
    assert by.loc["62", "gap_pts"] == pytest.approx(-3.0)
    assert by.loc["62", "goalpost_score_0_100"] == pytest.approx(100 * 31 / 34)
    assert by.loc["62", "status_key"] == "rentan"
    # Kobar has its own RPJMD target
    assert by.loc["6201", "target"] == 76 and by.loc["6201", "target_basis_key"] == "own"
    assert by.loc["6201", "target_kind"] == "RPJMD"
    assert by.loc["6201", "status_key"] == "waspada"
    # suppressed, zero and absent stay distinct
    assert by.loc["6202", "data_status"] == "suppressed"
    assert by.loc["6202", "status_kind"] == "suppressed"
    assert math.isnan(by.loc["6202", "gap_pts"])
    assert by.loc["6203", "value"] == 0.0 and by.loc["6203", "goalpost_score_0_100"] == 0.0
    assert by.loc["6203", "status_kind"] == "band"
    assert by.loc["6204", "data_status"] == "missing" and by.loc["6204", "status_kind"] == "missing"
    # trend for the province: slope 8.48/5 = 1.696/yr, required (74 − 66)/(2024 − 2021) = 2.67 → 64 %
    assert by.loc["62", "required_change_per_year"] == pytest.approx(8 / 3)
    assert by.loc["62", "observed_change_per_year"] == pytest.approx(1.696)
    assert by.loc["62", "trend_key"] == "moderately_improving"
    assert by.loc["62", "deadline_year"] == 2024
    # the words are the renderer's, made from the keys
    labelled = tables.gap_labels(table, "id").set_index("region_code")
    assert labelled.loc["62", "target_basis_label"] == "target nasional"
    assert labelled.loc["6201", "target_basis_label"] == "RPJMD"
    assert labelled.loc["6202", "status_label"] == "tidak dipublikasikan"
    assert labelled.loc["6204", "status_label"] == "belum tersedia"
    english = tables.gap_labels(gap_table(values, targets, "spi", ["62"], 2024), "en")
    assert english.loc[0, "target_basis_label"] == "national target"
    assert english.loc[0, "status_label"] == "red · vulnerable"
    assert english.loc[0, "trend_label"] == t("trend.moderately_improving", "en")


def test_gap_table_without_any_target(frames):
    values, _ = frames
    table = gap_table(values, values.iloc[0:0].assign(target=[]), "spi", ["62"], 2024)
    assert table.loc[0, "target_basis_key"] == "none"
    assert math.isnan(table.loc[0, "gap_pts"])
    assert table.loc[0, "trend_key"] == "insufficient_data"


def test_default_floor_falls_back_to_scale():
    floors = thresholds.config()["goalpost_floors"]
    assert metrics.default_floor("ipak")[0] == floors["ipak"]["floor"]
    assert "spak_paid_extra_share_pct" not in floors  # lower is better: the scale maximum
    share = catalogue.indicator("spak_paid_extra_share_pct")
    assert not share.higher_is_better
    assert metrics.default_floor("spak_paid_extra_share_pct")[0] == share.max


def test_deadline_is_the_end_of_the_plan():
    targets = pd.DataFrame(
        [
            {
                "indicator_id": "ipak",
                "region_code": "00",
                "level": "national",
                "year": y,
                "target": t,
                "target_kind": "RPJMN",
                "source": f"url{y}",
                "note": "",
            }
            for y, t in {
                2020: 4.00,
                2021: 4.03,
                2022: 4.06,
                2023: 4.09,
                2024: 4.14,
                2025: 4.20,
            }.items()
        ]
        + [
            {
                "indicator_id": "ipak",
                "region_code": "00",
                "level": "national",
                "year": 2019,
                "target": 4.0,
                "target_kind": "Perpres 59/2017 (SDGs)",
                "source": "x",
                "note": "",
            }
        ]
    )
    chosen = metrics.select_target(targets, "ipak", "00", 2022)
    # the 2025 row belongs to the next RPJMN period, so the 2020–2024 plan ends in 2024
    assert (chosen["target"], chosen["deadline_year"], chosen["target_at_deadline"]) == (
        4.06,
        2024,
        4.14,
    )
    assert metrics.select_target(targets, "ipak", "00", 2019)["deadline_year"] == 2019
    values = _values(
        [
            (
                "ipak",
                "00",
                "Indonesia",
                "national",
                y,
                v,
                "index_0_5",
                "published",
                "",
                "s",
                "",
                False,
            )
            for y, v in zip(
                [2017, 2018, 2019, 2020, 2021, 2022],
                [3.71, 3.66, 3.70, 3.84, 3.88, 3.93],
                strict=True,
            )
        ]
    )
    row = gap_table(values, targets, "ipak", ["00"], 2022).iloc[0]
    # required (4.14 − 3.71)/(2024 − 2017) = 0.0614/yr; OLS slope 0.95/17.5 = 0.0543/yr → 88 %
    assert row["required_change_per_year"] == pytest.approx(0.43 / 7)
    assert row["observed_change_per_year"] == pytest.approx(0.95 / 17.5)
    assert row["trend_key"] == "moderately_improving"
    assert row["progress_ratio"] == pytest.approx((0.95 / 17.5) / (0.43 / 7))


def test_format_gap_table_speaks_the_language(frames):
    values, targets = frames
    table = gap_table(values, targets, "spi", ["62", "6201", "6202"], 2024)
    shown = tables.format_gap_table(table, "id")
    assert list(shown.columns)[:3] == ["Wilayah / pemda", "Nilai", "Kategori"]
    assert shown.iloc[0].tolist()[:2] == ["Pemprov Kalimantan Tengah", "71,00"]  # no double prefix
    assert shown.iloc[0, 5] == "−3,00"
    assert shown.iloc[2, 1] == "tidak dipublikasikan"
    english = tables.format_gap_table(table, "en")
    assert english.iloc[0, 1] == "71.00" and english.columns[5] == "Gap (points)"
    grade_only = gap_table(
        _values(
            [
                (
                    "ombudsman",
                    "62",
                    "Kalimantan Tengah",
                    "province",
                    2023,
                    None,
                    "score_0_100",
                    "published",
                    "A",
                    "s",
                    "",
                    False,
                )
            ]
        ),
        targets.iloc[0:0],
        "ombudsman",
        ["62"],
        2023,
    )
    shown = tables.format_gap_table(grade_only, "id")
    assert shown.iloc[0, 1] == "— (hanya predikat)" and shown.iloc[0, 2] == "A · zona hijau"


def test_gap_table_carry_forward_keeps_the_data_year():
    values = pd.DataFrame(
        {
            "indicator_id": ["spi"] * 3,
            "region_code": ["6211", "6211", "6201"],
            "region_name": ["Gunung Mas", "Gunung Mas", "Kotawaringin Barat"],
            "level": ["regency"] * 3,
            "year": [2021, 2023, 2024],
            "value": [74.5, 64.29, 72.18],
            "status": ["published"] * 3,
            "category": [""] * 3,
            "source": ["x"] * 3,
            "note": [""] * 3,
            "is_synthetic": [False] * 3,
        }
    )
    targets = pd.DataFrame(
        {
            "indicator_id": ["spi", "spi"],
            "region_code": ["00", "00"],
            "level": ["national"] * 2,
            "year": [2023, 2024],
            "target": [74.0, 74.0],
            "target_kind": ["RPJMN", "KPK"],
            "source": ["t", "t"],
            "note": ["", ""],
        }
    )
    strict = metrics.gap_table(values, targets, "spi", ["6211", "6201"], 2024)
    assert strict.iloc[0]["data_status"] == "missing" and strict.iloc[0]["year"] == 2024
    carried = metrics.gap_table(
        values, targets, "spi", ["6211", "6201"], 2024, carry_forward_years=2
    )
    assert carried.iloc[0]["year"] == 2023 and carried.iloc[0]["value"] == 64.29
    assert (
        carried.iloc[0]["status_key"] == strict.iloc[1]["status_key"] == "rentan"
    )  # 2023+ red band
    assert carried.iloc[0]["gap_pts"] == pytest.approx(64.29 - 74.0)
    assert carried.iloc[1]["year"] == 2024 and carried.iloc[1]["value"] == 72.18
    too_old = metrics.gap_table(values, targets, "spi", ["6211"], 2026, carry_forward_years=2)
    assert too_old.iloc[0]["data_status"] == "missing"
