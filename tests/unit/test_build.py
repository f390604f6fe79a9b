"""Loading and validation of data/raw: every bad input stops with file/row/column, nothing lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from conftest import ROOT, tree_digest
from helpers.cli import build as build_cli
from helpers.data import build
from helpers.data.rawio import NumberFormatError, detect_decimal_comma, parse_number

HEADER = "indicator_id,region,year,value,source\n"


def run_build_expect_failure(raw, processed, capsys):
    """Run the CLI in-process; assert exit 2 and an untouched processed folder; return stderr."""
    before = tree_digest(processed)
    code = build_cli.main(["--raw", str(raw), "--processed", str(processed)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert tree_digest(processed) == before, "data/processed changed after a failed build"
    return err


# ---------------------------------------------------------------- number parsing
@pytest.mark.parametrize(
    ("cell", "decimal_comma", "expected"),
    [
        ("3,85", True, 3.85),
        ("3.85", False, 3.85),
        ("10.040", True, 10040.0),
        ("10.040", False, 10.04),
        ("10,040", False, 10040.0),
        ("1.234.567,5", True, 1234567.5),
        ("1,234,567.5", False, 1234567.5),
        (" 16,79 %", True, 16.79),
        ("−0,5", True, -0.5),
        ("", True, None),
        (72, None, 72.0),
    ],
)
def test_parse_number(cell, decimal_comma, expected):
    assert parse_number(cell, decimal_comma) == expected


def test_parse_number_rejects_text():
    with pytest.raises(NumberFormatError):
        parse_number("tujuh puluh", True)
    with pytest.raises(NumberFormatError):
        parse_number("3,85", False)  # comma decimal in a point-decimal file


def test_detect_decimal_convention():
    assert detect_decimal_comma(["3,85", "10.040", ""]) is True
    assert detect_decimal_comma(["3.85", "10,040"]) is False
    assert detect_decimal_comma(["10.040", "72"]) is None
    with pytest.raises(NumberFormatError):
        detect_decimal_comma(["3,85", "3.85"])


# ---------------------------------------------------------------------- real data
def test_real_ipak_values(processed_data):
    values = processed_data.values.set_index(["indicator_id", "region_code", "year"])
    assert values.loc[("ipak", "00", 2024), "value"] == 3.85
    assert values.loc[("ipak_persepsi", "00", 2024), "value"] == 3.76
    assert values.loc[("ipak_pengalaman", "00", 2024), "value"] == 3.89
    assert values.loc[("ipak", "00", 2018), "value"] == 3.66
    assert values.loc[("ipak", "00", 2016), "status"] == "missing"
    assert pd.isna(values.loc[("ipak", "00", 2016), "value"])
    assert values.loc[("ipak_pengalaman_publik", "00", 2023), "value"] == 4.18


def test_real_targets(processed_data):
    targets = processed_data.targets.set_index(["indicator_id", "region_code", "year"])
    assert targets.loc[("ipak", "00", 2024), "target"] == 4.14
    assert targets.loc[("ipak", "00", 2020), "target"] == 4.00
    assert targets.loc[("spi", "00", 2023), "target"] == 74


def test_real_pemda_values(processed_data):
    values = processed_data.values.set_index(["indicator_id", "region_code", "year"])
    assert values.loc[("spi", "62", 2024), "value"] == 67.76  # Pemprov Kalteng
    assert values.loc[("spi", "6201", 2021), "value"] == 73.61  # Kab. Kotawaringin Barat
    assert values.loc[("spi", "00", 2024), "value"] == 71.53
    ombudsman_palangka_raya = values.loc[("ombudsman", "6271", 2024)]
    assert ombudsman_palangka_raya["category"] == "A" and pd.isna(ombudsman_palangka_raya["value"])


def test_every_row_has_a_source_and_no_synthetic_data_in_raw(processed_data):
    values = processed_data.values
    assert (values.source.str.len() > 0).all()
    assert not values.is_synthetic.any()
    # National-only indicators never appear below national level.
    assert set(values[values.indicator_id.str.startswith("ipak")].level) == {"national"}


# ------------------------------------------------------------------- bad inputs
def test_unknown_region_names_row_column_and_suggests(workspace, capsys):
    raw, processed = workspace
    (raw / "bad.csv").write_text(
        HEADER + "spi,Kalimantan Tngah,2024,70,x\nspi,Atlantis,2024,70,x\n"
    )
    err = run_build_expect_failure(raw, processed, capsys)
    assert "bad.csv, baris 2, kolom 'region'" in err
    assert "Kalimantan Tengah" in err  # suggestion for the typo
    assert "bad.csv, baris 3, kolom 'region'" in err and "Atlantis" in err


def test_unknown_indicator_suggests_close_id(workspace, capsys):
    raw, processed = workspace
    (raw / "bad.csv").write_text(HEADER + "spii,62,2024,70,x\n")
    err = run_build_expect_failure(raw, processed, capsys)
    assert "bad.csv, baris 2, kolom 'indicator_id'" in err
    assert "maksud Anda: spi" in err


def test_value_out_of_range(workspace, capsys):
    raw, processed = workspace
    (raw / "bad.csv").write_text(HEADER + "spi,62,2024,120,x\nipak,00,2030,5.5,x\n")
    err = run_build_expect_failure(raw, processed, capsys)
    assert "bad.csv, baris 2, kolom 'value': nilai 120 di luar rentang sah 0–100" in err
    assert "bad.csv, baris 3, kolom 'value': nilai 5.5 di luar rentang sah 0–5" in err


def test_duplicate_key_with_conflicting_values_from_one_source(workspace, capsys):
    """One page cannot print two values: an analyst's conflicting duplicate names both rows."""
    raw, processed = workspace
    (raw / "extra.csv").write_text(
        HEADER
        + "ipak,00,2023,3.92,https://example.org/same\nipak,00,2023,3.29,https://example.org/same\n"
    )
    err = run_build_expect_failure(raw, processed, capsys)
    assert "kunci ganda ipak / 00" in err and "2023" in err and "sumber yang sama" in err
    assert "extra.csv, baris 2" in err and "extra.csv, baris 3" in err


def test_conflicting_value_from_another_source_is_kept_with_a_marker(workspace):
    """Rows of different sources are variants: the best tier is shown, the other is marked."""
    raw, processed = workspace
    (raw / "extra.csv").write_text(HEADER + "ipak,00,2024,3.7,https://example.org/other\n")
    build.build(raw, processed)
    values = pd.read_parquet(processed / "indicator_values.parquet")
    row = values.query("indicator_id == 'ipak' and year == 2024").iloc[0]
    assert row["value"] == 3.85 and row["source_tier"] == 1  # bps.go.id, the publisher's page
    assert row["has_conflict"] and row["conflict_values"] == "3.7 (https://example.org/other)"


def test_identical_duplicate_is_accepted(workspace):
    raw, processed = workspace
    (raw / "extra.csv").write_text(HEADER + "ipak,00,2024,3.85,https://example.org/same\n")
    build.build(raw, processed)
    values = pd.read_parquet(processed / "indicator_values.parquet")
    assert len(values.query("indicator_id == 'ipak' and year == 2024")) == 1


def test_missing_required_column(workspace, capsys):
    raw, processed = workspace
    (raw / "bad.csv").write_text("indicator_id,region,year,value\nspi,62,2024,70\n")
    err = run_build_expect_failure(raw, processed, capsys)
    assert "bad.csv, baris 1, kolom 'source': kolom wajib tidak ada" in err


def test_non_numeric_value_and_bad_year_reported_together(workspace, capsys):
    raw, processed = workspace
    (raw / "bad.csv").write_text(
        HEADER + "spi,62,2024,tujuh puluh,x\nspi,62,1999,70,x\nspi,62,dua ribu,70,x\n"
    )
    err = run_build_expect_failure(raw, processed, capsys)
    assert "bad.csv, baris 2, kolom 'value': 'tujuh puluh' bukan angka" in err
    assert "bad.csv, baris 3, kolom 'year': tahun 1999 di luar rentang 2010–2035" in err
    assert "bad.csv, baris 4, kolom 'year'" in err
    assert err.startswith("3 masalah")


@pytest.mark.parametrize("content", [b"", b"indicator_id,region,year,value,source\n"])
def test_empty_file(workspace, capsys, content):
    raw, processed = workspace
    (raw / "empty.csv").write_bytes(content)
    err = run_build_expect_failure(raw, processed, capsys)
    assert "empty.csv" in err and ("kosong" in err or "tidak berisi baris data" in err)


def test_malformed_xlsx(workspace, capsys):
    raw, processed = workspace
    (raw / "broken.xlsx").write_bytes(b"this is not a spreadsheet")
    err = run_build_expect_failure(raw, processed, capsys)
    assert "broken.xlsx" in err and "tidak terbaca" in err


def test_file_matching_no_template(workspace, capsys):
    raw, processed = workspace
    (raw / "notes.csv").write_text("a,b\n1,2\n")
    err = run_build_expect_failure(raw, processed, capsys)
    assert "notes.csv, baris 1" in err and "template" in err


def test_national_only_indicator_at_province_level_is_refused(workspace, capsys):
    raw, processed = workspace
    (raw / "bad.csv").write_text(HEADER + "ipak,Kalteng,2024,3.9,x\n")
    err = run_build_expect_failure(raw, processed, capsys)
    assert "bad.csv, baris 2, kolom 'region'" in err and "national" in err


def test_status_rules(workspace, capsys):
    raw, processed = workspace
    (raw / "bad.csv").write_text(
        "indicator_id,region,year,value,status,source\n"
        "spi,6201,2022,,published,x\n"
        "spi,6201,2022,70,suppressed,x\n"
        "spi,6202,2022,,ditahan,x\n"
    )
    err = run_build_expect_failure(raw, processed, capsys)
    assert "baris 2, kolom 'value': nilai kosong padahal status 'published'" in err
    assert "baris 3, kolom 'value': baris berstatus 'suppressed' tidak boleh berisi nilai" in err
    assert "baris 4, kolom 'status': status 'ditahan' tidak dikenal" in err


def test_cli_exit_code_and_processed_untouched(workspace):
    raw, processed = workspace
    (raw / "bad.csv").write_text(HEADER + "spi,Atlantis,2024,70,x\n")
    before = tree_digest(processed)
    env = {**os.environ, "IPAK_RAW_DIR": str(raw), "IPAK_PROCESSED_DIR": str(processed)}
    result = subprocess.run(
        [sys.executable, "-m", "helpers.cli.build"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 2
    assert "bad.csv, baris 2, kolom 'region'" in result.stderr
    assert tree_digest(processed) == before


# ----------------------------------------------------------------- good inputs
def test_semicolon_csv_with_decimal_commas_and_suppressed_row(workspace):
    raw, processed = workspace
    (raw / "analis.csv").write_text(
        "indicator_id;region;year;value;status;source\n"
        "spi;Kab. Katingan;2022;71,25;published;Laporan SPI 2022\n"
        "spi;Kobar;2020;;suppressed;Laporan SPI 2020\n"
        "ombudsman;Kotim;2023;0;published;Ombudsman\n",
        encoding="utf-8",
    )
    build.build(raw, processed)
    values = pd.read_parquet(processed / "indicator_values.parquet").set_index(
        ["indicator_id", "region_code", "year"]
    )
    assert (
        values.loc[("spi", "6209", 2022), "value"] == 71.25
    )  # BPS 6209 = Katingan (Kemendagri 62.06)
    suppressed = values.loc[("spi", "6201", 2020)]  # 2021-2025 are in the panel slice
    assert suppressed["status"] == "suppressed" and pd.isna(suppressed["value"])
    zero = values.loc[("ombudsman", "6202", 2023)]
    assert zero["value"] == 0.0 and zero["status"] == "published"  # zero stays zero


def test_xlsx_input_and_thousands_separator(workspace):
    raw, processed = workspace
    frame = pd.DataFrame(
        {
            "indicator_id": ["spak_households_sampled", "spi"],
            "region": ["00", "Kalteng"],
            "year": [2030, 2025],
            "value": ["12.345", "70,5"],
            "source": ["BPS", "KPK"],
        }
    )
    frame.to_excel(raw / "analis.xlsx", index=False)
    build.build(raw, processed)
    values = pd.read_parquet(processed / "indicator_values.parquet").set_index(
        ["indicator_id", "region_code", "year"]
    )
    assert values.loc[("spak_households_sampled", "00", 2030), "value"] == 12345
    assert values.loc[("spi", "62", 2025), "value"] == 70.5


def test_manifest_and_readme(workspace):
    raw, processed = workspace
    manifest = json.loads((processed / "manifest.json").read_text())
    files = {entry["file"]: entry for entry in manifest["inputs"]}
    assert "ipak_national.csv" in files and len(files["ipak_national.csv"]["sha256"]) == 64
    assert manifest["outputs"]["indicator_values.parquet"]["rows"] == len(
        pd.read_parquet(processed / "indicator_values.parquet")
    )
    assert (processed / "README.md").read_text() == "generated\n"
    assert not build.is_stale(raw, processed)
    (raw / "spi.csv").write_text((raw / "spi.csv").read_text() + "\n")
    assert build.is_stale(raw, processed)


def test_malformed_microdata_stops_the_build(workspace, capsys):
    raw, processed = workspace
    from helpers.model.synthetic import generate_spak

    micro = generate_spak(n=200, seed=7)
    (raw / "microdata").mkdir()
    bad = micro.astype({"weight": float}).copy()
    bad.loc[bad.index[3], "weight"] = -1.0
    bad.to_csv(raw / "microdata" / "spak_2024.csv", index=False)
    err = run_build_expect_failure(raw, processed, capsys)
    assert "spak_2024.csv, baris 5, kolom 'weight'" in err


def test_valid_microdata_is_recorded_in_the_manifest(workspace):
    raw, processed = workspace
    from helpers.model.synthetic import generate_spak

    (raw / "microdata").mkdir()
    generate_spak(n=200, seed=7).to_parquet(raw / "microdata" / "spak_2024.parquet", index=False)
    manifest = build.build(raw, processed)
    micro = [entry for entry in manifest["inputs"] if entry["kind"] == "microdata"]
    assert micro == [
        {
            "file": "microdata/spak_2024.parquet",
            "kind": "microdata",
            "sha256": micro[0]["sha256"],
            "rows": 200,
        }
    ]
