"""Ombudsman unit scores (Template 3): validation in the build and the ``unit_scores`` query."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from conftest import FIXTURES, tree_digest
from helpers.brief.render.labels import unit_sector_label
from helpers.cli import build as build_cli
from helpers.data import build
from helpers.data.units import core_sectors, pemda_codes, resolve_sector, sectors, unit_scores

SAMPLE = FIXTURES / "ombudsman_unit_sample.csv"
UNIT_HEADER = "region,year,sector,unit_name,value,category,source\n"


def run_build_expect_failure(raw, processed, capsys):
    before = tree_digest(processed)
    code = build_cli.main(["--raw", str(raw), "--processed", str(processed)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert tree_digest(processed) == before, "data/processed changed after a failed build"
    return err


@pytest.fixture
def unit_values(workspace):
    raw, processed = workspace
    shutil.copy(SAMPLE, raw / "ombudsman_unit.csv")
    build.build(raw, processed)
    return pd.read_parquet(processed / "indicator_values.parquet")


# ----------------------------------------------------------------- vocabulary
def test_sector_vocabulary_has_the_four_counters_first():
    assert core_sectors() == ["perizinan", "dukcapil", "kesehatan", "pendidikan"]
    assert {"kepolisian", "pertanahan", "sosial", "lainnya"} <= set(sectors())
    assert unit_sector_label("dukcapil", "en") == "Civil registry (Disdukcapil)"


@pytest.mark.parametrize(
    ("typed", "key"),
    [("DPMPTSP", "perizinan"), (" Adminduk ", "dukcapil"), ("RSUD", "kesehatan"),
     ("Dindikbud", "pendidikan"), ("Polres", "kepolisian"), ("kantah", "pertanahan"),
     ("pajak", None)],
)  # fmt: skip
def test_resolve_sector(typed, key):
    assert resolve_sector(typed) == key


# ---------------------------------------------------------------------- build
def test_unit_rows_keep_sector_and_unit_name(unit_values):
    units = unit_values[unit_values.indicator_id == "ombudsman_unit"]
    assert len(units) == 11
    serang = units[units.region_code == "3604"].set_index("sector")
    assert serang.loc["perizinan", "value"] == 82.82
    assert serang.loc["dukcapil", "unit_name"] == "Disdukcapil"  # typed "adminduk"
    assert serang.loc["pendidikan", "category"] == "merah"
    tangerang = units[units.region_code == "3671"].iloc[0]
    assert pd.isna(tangerang["value"]) and tangerang["category"] == "hijau"
    assert tangerang["status"] == "published" and tangerang["level"] == "regency"
    banten = units[units.region_code == "36"].iloc[0]
    assert banten["level"] == "province" and banten["value"] == 90.09
    assert set(units.source.str.len() > 0) == {True}
    other = unit_values[unit_values.indicator_id != "ombudsman_unit"]
    assert set(other.sector) == {""} and set(other.unit_name) == {""}
    # every pemda and national row is still there (428 before the 2026-12-07 panel slice,
    # tests/fixtures/raw/panel_slice.csv, added 517 keys)
    assert len(other) == 945


def test_unit_scores_latest_row_per_unit(unit_values):
    table = unit_scores(unit_values, ["3324", "9403"], 2024)
    kendal = table[table.region_code == "3324"]
    assert kendal[["year", "value"]].values.tolist() == [[2024, 98.68]]
    assert unit_scores(unit_values, ["3324"], 2023)["value"].tolist() == [97.72]
    jayapura = table[table.region_code == "9403"]
    assert jayapura["unit_name"].tolist() == [
        "Puskesmas Harapan",
        "Dinas Kesehatan",
    ]  # lowest first
    assert {unit_sector_label(s, "id") for s in jayapura["sector"]} == {
        "Kesehatan (Dinkes, puskesmas, RSUD)"
    }
    assert unit_scores(unit_values, ["3324"], 2020).empty
    assert list(unit_scores(unit_values, ["3324"], 2020).columns) == list(table.columns)


def test_unit_scores_sector_order_core_flag_and_filter(unit_values):
    serang = unit_scores(unit_values, ["3604", "1604"], 2024)
    assert "sector_label" not in serang
    # regions in code order (1604 Lahat, 3604 Serang), then sectors in vocabulary order
    assert serang["sector"].tolist() == ["kepolisian", "perizinan", "dukcapil", "pendidikan"]
    assert serang["is_core_sector"].tolist() == [False, True, True, True]
    assert (
        unit_sector_label(serang["sector"].iloc[1], "en") == "Licensing (one-stop service office)"
    )
    core = unit_scores(unit_values, ["3604", "1604"], 2024, sectors_only=core_sectors())
    assert "kepolisian" not in set(core["sector"])


# ----------------------------------------------------------------- bad inputs
def test_unknown_sector_suggests_close_name(workspace, capsys):
    raw, processed = workspace
    (raw / "units.csv").write_text(
        UNIT_HEADER + "Kabupaten Serang,2021,perizinn,DPMPTSP,82.82,hijau,x\n"
        "Kabupaten Serang,2021,pajak daerah,Bapenda,70,,x\n"
    )
    err = run_build_expect_failure(raw, processed, capsys)
    assert "units.csv, baris 2, kolom 'sector': sektor 'perizinn' tidak dikenal" in err
    assert "maksud Anda: perizinan" in err
    assert "units.csv, baris 3, kolom 'sector': sektor 'pajak daerah' tidak dikenal" in err


def test_unit_region_must_be_a_pemda(workspace, capsys):
    raw, processed = workspace
    (raw / "units.csv").write_text(UNIT_HEADER + "00,2021,perizinan,DPMPTSP,82.82,,x\n")
    err = run_build_expect_failure(raw, processed, capsys)
    assert "units.csv, baris 2, kolom 'region'" in err
    assert "hanya sah pada tingkat province, regency, bukan national" in err


def test_unit_score_out_of_range_and_empty_unit_name(workspace, capsys):
    raw, processed = workspace
    (raw / "units.csv").write_text(
        UNIT_HEADER + "Kabupaten Serang,2021,perizinan,DPMPTSP,182.82,,x\n"
        "Kabupaten Serang,2021,dukcapil,,78.88,,x\n"
    )
    err = run_build_expect_failure(raw, processed, capsys)
    assert "units.csv, baris 2, kolom 'value': nilai 182.82 di luar rentang sah 0–100" in err
    assert "units.csv, baris 3, kolom 'unit_name': nama unit kosong" in err


def test_duplicate_unit_is_refused_even_when_identical(workspace, capsys):
    raw, processed = workspace
    (raw / "units.csv").write_text(
        UNIT_HEADER + "Kabupaten Serang,2021,perizinan,DPMPTSP,82.82,hijau,x\n"
        "Kab. Serang,2021,DPMPTSP,dpmptsp ,82.82,hijau,x\n"
        "Kabupaten Serang,2022,perizinan,DPMPTSP,85,,x\n"
    )
    err = run_build_expect_failure(raw, processed, capsys)
    assert "units.csv, baris 2, kolom 'unit_name': unit ganda 3604" in err
    assert "units.csv, baris 3, kolom 'unit_name'" in err
    assert "baris 4" not in err  # another year is another row


def test_unit_indicator_in_template_1_is_refused(workspace, capsys):
    raw, processed = workspace
    (raw / "bad.csv").write_text(
        "indicator_id,region,year,value,source\nombudsman_unit,3604,2021,82.82,x\n"
    )
    err = run_build_expect_failure(raw, processed, capsys)
    assert "bad.csv, baris 2, kolom 'indicator_id'" in err and "template 3" in err


def test_pemda_indicator_in_template_3_is_refused(workspace, capsys):
    raw, processed = workspace
    (raw / "units.csv").write_text(
        "indicator_id," + UNIT_HEADER + "ombudsman,3604,2021,perizinan,DPMPTSP,82.82,,x\n"
    )
    err = run_build_expect_failure(raw, processed, capsys)
    assert "units.csv, baris 2, kolom 'indicator_id'" in err
    assert "bukan skor unit layanan" in err


def test_blank_template_is_documented_and_only_a_header_row():
    template = pd.read_csv(
        FIXTURES.parents[1] / "docs" / "templates" / "ombudsman_unit_template.csv"
    )
    assert {"region", "year", "sector", "unit_name", "value", "category", "source"} <= set(
        template.columns
    )


def test_report_card_pasted_into_xlsx(workspace):
    raw, processed = workspace
    card = pd.DataFrame(
        {
            "region": ["Kabupaten Jayapura"] * 3,
            "year": [2023, 2023, 2023],
            "sector": ["DPMPTSP", "kesehatan", "Pendidikan"],
            "unit_name": ["DPMPTSP", "Puskesmas Sentani", "Dinas Pendidikan"],
            "value": [62.81, 54.14, 41.48],
            "category": ["C", "C", "D"],
            "source": [
                "https://kabarpapua.co/begini-penilaian-dinkes-jayapura-dari-ombudsman-perwakilan-papua/"
            ]
            * 3,
        }
    )
    card.to_excel(raw / "jayapura_2023.xlsx", index=False)
    build.build(raw, processed)
    values = pd.read_parquet(processed / "indicator_values.parquet")
    table = unit_scores(values, ["9403"], 2023)
    assert table[["sector", "unit_name", "value"]].values.tolist() == [
        ["perizinan", "DPMPTSP", 62.81],
        ["kesehatan", "Puskesmas Sentani", 54.14],
        ["pendidikan", "Dinas Pendidikan", 41.48],
    ]
    assert all(name.endswith("jayapura_2023.xlsx") for name in table["source_file"])


def test_pemda_codes_of_a_province(unit_values):
    codes = pemda_codes("Banten")
    assert codes[0] == "36" and "3604" in codes and "3671" in codes and len(codes) == 9
    banten = unit_scores(unit_values, codes, 2024)
    assert set(banten["region_code"]) == {"36", "3604", "3671"}
    assert banten[banten.region_code == "36"]["value"].tolist() == [90.09]


def test_unit_naming_another_pemda_is_refused(workspace, capsys):
    raw, processed = workspace
    (raw / "units.csv").write_text(
        UNIT_HEADER + "Kabupaten Serang,2021,dukcapil,Disdukcapil Kota Tangerang,78.88,,x\n"
        "36,2021,kesehatan,RSUD Kota Kupang,80,,x\n"
        "36,2021,kesehatan,RSUD Kota Serang,80,,x\n"
    )
    err = run_build_expect_failure(raw, processed, capsys)
    assert "units.csv, baris 2, kolom 'unit_name'" in err and "Kota Tangerang" in err
    assert "units.csv, baris 3, kolom 'unit_name'" in err and "Kota Kupang" in err
    assert "baris 4" not in err  # a city inside Banten may name a Pemprov Banten unit
