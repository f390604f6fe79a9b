"""The brief's workbook: every table behind the slides, with the sidecar's numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.brief.content import build_content
from helpers.brief.render.xlsx import write_xlsx
from helpers.reference.texts import t


@pytest.fixture(scope="module")
def book(processed_data, tmp_path_factory):
    content = build_content("62", 2024, data=processed_data)
    path = tmp_path_factory.mktemp("xlsx") / "brief.xlsx"
    names = write_xlsx(content, "id", path)
    return content, names, pd.read_excel(path, sheet_name=None, dtype={"region_code": str})


def test_sheets_and_contents(book):
    content, names, sheets = book
    assert list(sheets) == names
    assert names[0] == "Isi"
    listed = list(sheets["Isi"][t("xlsx.col.sheet", "id")])
    assert listed == names[1:]
    for key in (
        "cards",
        "ipak",
        "table",
        "units",
        "counter_figures",
        "empty",
        "sources",
        "provenance",
    ):
        assert t(f"xlsx.sheet.{key}", "id") in names
    assert sum(n.startswith(t("xlsx.sheet.ranking", "id")) for n in names) == len(content.rankings)


def test_table_sheet_holds_the_sidecar_numbers(book):
    content, _, sheets = book
    table = sheets[t("xlsx.sheet.table", "id")]
    assert len(table) == sum(len(r.figures) for r in content.table.rows)
    first = content.table.rows[0].figures[0]
    row = table[
        (table.region_code == first.region_code) & (table.indicator_id == first.indicator_id)
    ].iloc[0]
    assert row[t("xlsx.col.value", "id")] == pytest.approx(first.value)
    assert pd.api.types.is_numeric_dtype(table[t("xlsx.col.value", "id")])
    assert set(table.status) <= {"published", "suppressed", "missing", "not_applicable", "interim"}
    assert row[t("xlsx.col.status_words", "id")] == t("published", "id")


def test_ipak_rankings_and_sources(book):
    content, _, sheets = book
    ipak = sheets["IPAK"]
    latest = ipak[
        (ipak.indicator_id == "ipak") & (ipak[t("xlsx.col.year", "id")] == content.ipak.latest_year)
    ]
    assert latest[t("xlsx.col.value", "id")].iloc[0] == pytest.approx(content.ipak.latest_value)
    assert (ipak.indicator_id == "ipak_target").sum() == len(content.ipak.targets)
    ranking = content.rankings[0]
    sheet = sheets[f"{t('xlsx.sheet.ranking', 'id')} {ranking.indicator_id} {ranking.year}"]
    assert len(sheet) == len(ranking.entries)
    assert list(sheet.group) == [e.group for e in ranking.entries]
    sources = sheets[t("xlsx.sheet.sources", "id")]
    assert len(sources) == len(content.sources)
    urls = "\n".join(sources[t("xlsx.col.urls", "id")].fillna(""))
    assert all(u in urls for s in content.sources for u in s.urls)


@pytest.fixture(scope="module")
def kobar_book(kobar_actions_content, tmp_path_factory):
    content = kobar_actions_content
    path = tmp_path_factory.mktemp("xlsx-kobar") / "kobar.xlsx"
    names = write_xlsx(content, "id", path)
    return content, names, pd.read_excel(path, sheet_name=None, dtype={"region_code": str})


def test_trend_sheet_holds_the_contents_series(kobar_book):
    content, names, sheets = kobar_book
    for key in ("trend", "respondents", "offices", "actions", "suggestions"):
        assert t(f"xlsx.sheet.{key}", "id") in names
    assert list(sheets["Isi"][t("xlsx.col.sheet", "id")]) == names[1:]
    sheet = sheets[t("xlsx.sheet.trend", "id")]
    value, target = t("xlsx.col.value", "id"), t("xlsx.col.target", "id")
    for trend in content.trend_against_targets.trends:
        rows = sheet[sheet.indicator_id == trend.indicator_id].set_index(t("xlsx.col.year", "id"))
        for p in trend.own_series.points:
            assert rows.loc[p.year, value] == pytest.approx(p.value)
        for p in trend.targets:
            assert rows.loc[p.year, target] == pytest.approx(p.value)
        assert set(rows.on_course) == {trend.on_course}
        words = t(f"xlsx.on_course.{trend.on_course}", "id")
        assert set(rows[t("xlsx.col.on_course_words", "id")]) == {words}
    assert pd.api.types.is_numeric_dtype(sheet[value])


def test_actions_and_suggestions_sheets(kobar_book):
    content, _, sheets = kobar_book
    actions = sheets[t("xlsx.sheet.actions", "id")]
    assert len(actions) == len(content.action_plan.actions) == 8
    assert int(actions.is_overdue.sum()) == content.action_plan.n_overdue
    assert set(actions.state) <= {"open", "in_progress", "done", "cancelled"}
    filed = {a.action for a in content.action_plan.actions}
    assert set(actions[t("xlsx.col.action", "id")]) == filed
    suggestions = sheets[t("xlsx.sheet.suggestions", "id")]
    assert len(suggestions) == len(content.action_plan.recommendations)
    offices = sheets[t("xlsx.sheet.offices", "id")]
    assert set(offices.office) == {o.office for o in content.service_offices.offices}
    groups = sheets[t("xlsx.sheet.respondents", "id")]
    assert set(groups.indicator_id) == {c.indicator_id for c in content.respondents.components}


def test_province_sheet_of_spi_change_and_actions(book):
    content, names, sheets = book
    extra = sheets[t("xlsx.sheet.province_extra", "id")]
    assert list(extra.region_code) == [r.region_code for r in content.province_extra]
    assert (extra[t("xlsx.col.n_open", "id")] >= 0).all()
