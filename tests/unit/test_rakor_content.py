"""Rakor content (issue 19): trends against targets, SPI's respondent groups, the four offices,
the action plan with its follow-up and the province table's extras, on the frozen fixtures."""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest

from conftest import ROOT, field_names
from helpers.brief.content import rakor
from helpers.brief.content.assemble import Builder, brief_settings
from helpers.brief.content.document import _plain
from helpers.brief.content.schema import Point
from helpers.data.build import Processed, build, load_processed
from helpers.reference import regions
from helpers.reference.files import load_yaml

EXAMPLE = ROOT / "docs" / "templates" / "actions_example.csv"
TODAY = dt.date(2025, 1, 15)


def builder(data, code: str, year: int = 2025) -> Builder:
    government = regions.resolve(code)
    province = (
        government if government.level == "province" else regions.get(government.province_code)
    )
    return Builder(data, government, province, year, brief_settings(), True)


@pytest.fixture
def kobar_with_actions(workspace):
    raw, processed = workspace
    (raw / "actions").mkdir()
    shutil.copy(EXAMPLE, raw / "actions" / "kobar.csv")
    build(raw, processed)
    return load_processed(processed, rebuild_if_stale=False)


def _trend(part, indicator_id):
    return next(t for t in part.trends if t.indicator_id == indicator_id)


# ----------------------------------------------------------------------------- trends
def test_kota_serang_spi_each_year_against_each_years_target(processed_data):
    part = rakor.trend_part(builder(processed_data, "3673"))
    spi = _trend(part, "spi")
    assert [(p.year, p.value) for p in spi.own_series.points] == [
        (2021, 66.24), (2022, 64.01), (2023, 70.24), (2024, 64.86), (2025, 70.44),
    ]  # fmt: skip
    # national targets 70/72/74/74 for 2021-2024; none is published for 2025
    assert [(p.year, p.value) for p in spi.targets] == [
        (2021, 70.0), (2022, 72.0), (2023, 74.0), (2024, 74.0),
    ]  # fmt: skip
    assert spi.target_basis == "national"
    assert spi.method_period == "2021-2025"
    # 2024: 64.86 < 74 and down from 70.24 in 2023
    assert (spi.on_course, spi.on_course_year) == ("off_course", 2024)
    assert spi.latest.year == 2025 and spi.latest.band_key == "rentan"
    assert spi.own_series.source_numbers and spi.target_source_numbers
    # the fixtures do not hold KPK's universe: no mean is computed from a partial panel
    assert spi.national_mean == () and spi.province_mean == ()


def test_since_change_compares_with_the_last_figure_before_the_rakor(processed_data):
    spi = _trend(rakor.trend_part(builder(processed_data, "3673"), "2024-07-01"), "spi")
    change = spi.since_change
    assert (change.from_year, change.from_value, change.to_year, change.to_value) == (
        2023, 70.24, 2025, 70.44,
    )  # fmt: skip
    assert change.change_pts == pytest.approx(0.2)
    assert rakor.trend_part(builder(processed_data, "3673")).since is None


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({2023: 75.0, 2024: 74.5}, ("on_course", 2024)),
        ({2023: 70.0, 2024: 72.0}, ("improving_not_enough", 2024)),
        ({2023: 72.0, 2024: 70.0}, ("off_course", 2024)),
        ({2024: 70.0}, ("too_short", 2024)),
        ({2025: 80.0}, ("no_target", None)),
    ],
)
def test_on_course_rule(values, expected):
    points = [Point(y, v) for y, v in sorted(values.items())]
    assert rakor.on_course(points, {2023: 74.0, 2024: 74.0}) == expected


def test_trend_never_chains_across_a_method_break(processed_data):
    """Ombudsman: 2021 and 2022 are breaks; a series holds only the latest period's years."""
    for code in ("62", "6201", "6202", "3673"):
        part = rakor.trend_part(builder(processed_data, code))
        for trend in part.trends if part else ():
            years = [p.year for p in trend.own_series.points]
            if trend.indicator_id == "ombudsman":
                assert (
                    all(y >= 2022 for y in years) or all(y < 2021 for y in years) or years == [2021]
                )


def test_means_only_when_the_data_hold_the_universe(processed_data):
    """A panel with every autonomous kab/kota: national and province means of the same year."""
    codes = [r.code for r in regions.regencies() if regions.is_autonomous(r.code)]
    rows = pd.DataFrame({"indicator_id": "spi", "region_code": codes, "year": 2024,
                         "value": [70.0 if c.startswith("62") else 60.0 for c in codes],
                         "status": "published", "source": "https://example.org/spi",
                         "source_tier": 1})  # fmt: skip
    old = processed_data.values
    old = old[~((old.indicator_id == "spi") & (old.year == 2024) & old.region_code.isin(codes))]
    values = pd.concat([old, rows], ignore_index=True)
    data = Processed(values, processed_data.targets, {"data_hash": "universe-test"})
    part = rakor.trend_part(builder(data, "6201", 2024))
    spi = _trend(part, "spi")
    province = dict((p.year, p.value) for p in spi.province_mean)
    national = dict((p.year, p.value) for p in spi.national_mean)
    assert province == {2024: 70.0}
    assert 60.0 < national[2024] < 61.0


# ------------------------------------------------------------------------ respondents
def test_kota_serang_respondent_groups_2025(processed_data):
    part = rakor.respondent_part(builder(processed_data, "3673"))
    latest = {c.indicator_id: c.own_series.points[-1] for c in part.components}
    assert part.components_year == 2025
    assert {k: (p.year, p.value) for k, p in latest.items()} == {
        "spi_resp_internal": (2025, 73.83), "spi_resp_eksternal": (2025, 86.0),
        "spi_resp_eksper": (2025, 58.99), "spi_koreksi_integritas": (2025, 1.93),
        "spi_koreksi_prevalensi": (2025, 0.0),
    }  # fmt: skip
    assert part.weakest_group == "spi_resp_eksper"
    assert [p.year for p in part.components[1].own_series.points] == [2021, 2022, 2023, 2024, 2025]


# ---------------------------------------------------------------------------- offices
def test_kobar_four_offices_say_what_is_published(processed_data):
    part = rakor.offices_part(builder(processed_data, "6201"))
    assert [o.office for o in part.offices] == ["dpmptsp", "disdukcapil", "dinkes", "disdik"]
    assert [o.sector for o in part.offices] == ["perizinan", "dukcapil", "kesehatan", "pendidikan"]
    for (
        office
    ) in part.offices:  # the fixtures hold no unit score, MCP area or SPI Pendidikan for Kobar
        assert office.nothing_published and office.units == () and office.figures == ()
        assert office.publishers == ("Ombudsman RI", "KPK")


# ---------------------------------------------------------------------------- actions
def test_kobar_actions_open_overdue_done_and_done_since(kobar_with_actions):
    b = builder(kobar_with_actions, "6201")
    part = rakor.actions_part(b, "2024-07-01", TODAY)
    assert len(part.actions) == 8 and part.as_of == "2025-01-15" and part.since == "2024-07-01"
    assert (part.n_open, part.n_overdue, part.n_done, part.n_done_since) == (4, 3, 3, 1)
    overdue = {(a.office_or_area, a.due_date) for a in part.actions if a.is_overdue}
    assert overdue == {
        ("disdik", "2024-06-30"),
        ("mcp_perizinan", "2024-03-31"),
        ("dinkes", "2024-12-31"),
    }
    done_since = [a for a in part.actions if a.is_done_since]
    assert [(a.office_or_area, a.done_date) for a in done_since] == [("disdik", "2024-08-20")]
    cancelled = next(a for a in part.actions if a.state == "cancelled")
    assert not cancelled.is_overdue
    without_since = rakor.actions_part(b, None, TODAY)
    assert without_since.n_done_since is None and without_since.since is None


def test_recommendations_are_cited_suggestions_for_weak_areas(kobar_with_actions):
    b = builder(kobar_with_actions, "6201")
    part = rakor.actions_part(b, None, TODAY)
    catalogue = {row["action_id"]: row for row in rakor.catalogue_rows()}
    assert part.weak_areas  # Kobar SPI 2025 is yellow; its lowest covered group is offered
    for rec in part.recommendations:
        assert rec.area in part.weak_areas and rec.action_id in catalogue
        (number,) = rec.source_numbers
        source = b.citations.all()[number - 1]
        assert source.kind == "recommendation" and source.urls == (
            catalogue[rec.action_id]["source_url"],
        )


def test_no_actions_file_gives_empty_counts(processed_data):
    part = rakor.actions_part(builder(processed_data, "3673"), "2024", TODAY)
    assert part.actions == () and (part.n_open, part.n_overdue, part.n_done, part.n_done_since) == (
        0,
        0,
        0,
        0,
    )


# --------------------------------------------------------------------------- province
def test_province_rows_spi_change_and_action_counts(kobar_with_actions):
    rows = {
        r.region_code: r
        for r in rakor.province_rows_extra(builder(kobar_with_actions, "62"), TODAY)
    }
    assert rows["6201"].spi_year == 2025 and rows["6201"].spi_change_pts == pytest.approx(
        76.89 - 72.18
    )
    assert (rows["6201"].n_open, rows["6201"].n_overdue) == (4, 3)
    assert (rows["62"].n_open, rows["62"].n_overdue) == (0, 0)
    assert list(rows)[0] == "62" and len(rows) == 15


# ---------------------------------------------------------------------- field dictionary
def test_every_rakor_field_is_declared(kobar_with_actions):
    b = builder(kobar_with_actions, "6201")
    parts = [rakor.trend_part(b, "2024-07-01"), rakor.respondent_part(b), rakor.offices_part(b),
             rakor.actions_part(b, "2024-07-01", TODAY), rakor.province_rows_extra(builder(kobar_with_actions, "62"), TODAY)]  # fmt: skip
    emitted = field_names(_plain(parts), set())
    declared = load_yaml("fields.yaml")
    assert not emitted - set(declared), sorted(emitted - set(declared))
