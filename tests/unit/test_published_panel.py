"""The 2026-12-07 panel: source tiers, variants, interim readings, ragged rows, coverage."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from conftest import tree_digest
from helpers.cli import build as build_cli
from helpers.core.missing import VALUE_STATES
from helpers.data import build
from helpers.data.coverage import coverage_table, markdown_table, text_table
from helpers.data.sources import cite_row, source_tier
from helpers.data.variants import resolve, values_agree
from helpers.gaps.metrics import gap_table
from helpers.gaps.thresholds import classify

COPY = "https://github.com/Daffaariftama/spi-kpk/blob/629b16f/public/2024.json"
KPK = "https://kpk.go.id/id/ruang-informasi/berita/spi-2024"
NEWS = "https://kupang.antaranews.com/berita/1"
HEADER = "indicator_id,region,year,value,source\n"


def _rows(*rows):
    """Validated-row frames for :func:`resolve`: (value, decimals, source, file row)."""
    records = []
    for value, decimals, source, row in rows:
        records.append(
            {"indicator_id": "spi", "region_code": "1274", "region_name": "Kota Tebing Tinggi",
             "level": "regency", "year": 2024, "value": value, "unit": "score_0_100",
             "status": "published", "category": "", "source": source, "note": "",
             "is_synthetic": False, "sector": "", "unit_name": "", "source_file": "x.csv",
             "source_row": row, "is_province_statement": False, "decimals": decimals}
        )  # fmt: skip
    return pd.DataFrame(records)


KEY = ["indicator_id", "region_code", "year", "sector", "unit_name"]


# ------------------------------------------------------------------------ tiers
def test_source_tiers_from_the_url():
    assert source_tier(KPK, "KPK") == 1
    assert source_tier(NEWS, "KPK") == 2
    assert source_tier(COPY, "KPK") == 3
    assert source_tier(f"{COPY} ; {NEWS}", "KPK") == 2  # a row takes its best tier
    assert source_tier("Laporan SPI 2022", "KPK") == 2  # a publication title


@pytest.mark.parametrize(
    ("a", "a_dec", "b", "b_dec", "copy", "agree"),
    [
        (78.48, 2, 78.5, 1, True, True),  # precision of the less precise
        (78.48, 2, 78.48, 2, True, True),
        (66.38, 2, 66.39, 2, True, True),  # the copy truncates where KPK rounds
        (66.38, 2, 66.39, 2, False, False),  # no copy involved: two different figures
        (76.21, 2, 59.2, 1, True, False),  # a real disagreement
        (74.45, 2, 74.5, 1, False, True),  # half up, not banker's rounding
        (66.38, 2, 66.40, 2, True, False),
    ],
)
def test_values_agree(a, a_dec, b, b_dec, copy, agree):
    assert values_agree(a, a_dec, b, b_dec, copy) is agree


def test_agreeing_sources_are_one_figure_with_two_decimals_and_every_source():
    frame, issues = resolve(_rows((78.5, 1, NEWS, 2), (78.48, 2, COPY, 3)), KEY)
    assert not issues and len(frame) == 1
    row = frame.iloc[0]
    assert row["value"] == 78.48  # only the copy prints two decimals: its figure is shown
    assert row["source"] == f"{NEWS} ; {COPY}"  # best tier first
    assert row["source_tier"] == 2 and not row["has_conflict"] and row["conflict_values"] == ""


def test_truncation_shows_the_better_tier():
    frame, _ = resolve(_rows((66.38, 2, COPY, 2), (66.39, 2, NEWS, 3)), KEY)
    row = frame.iloc[0]
    assert row["value"] == 66.39 and not row["has_conflict"]
    assert row["source"].startswith(NEWS) and COPY in row["source"]


def test_real_conflict_shows_best_tier_with_a_marker():
    frame, _ = resolve(_rows((76.21, 2, COPY, 2), (59.2, 1, KPK, 3)), KEY)
    row = frame.iloc[0]
    assert row["value"] == 59.2 and row["source"] == KPK and row["source_tier"] == 1
    assert row["has_conflict"] and row["conflict_values"] == f"76.21 ({COPY})"


def test_two_values_from_one_page_are_an_error_naming_both_rows():
    _, issues = resolve(_rows((80.85, 2, NEWS, 2), (80.58, 2, NEWS, 3)), KEY)
    assert {issue.row for issue in issues} == {2, 3}
    assert "sumber yang sama" in issues[0].message and "x.csv baris 3" in issues[0].message


def test_copy_is_cited_as_kpk_through_a_third_party_copy():
    row = {"indicator_id": "spi", "source": COPY, "year": 2024}
    assert cite_row(row, "id") == (
        "KPK, melalui salinan pihak ketiga dasbor SPI (github.com/Daffaariftama/spi-kpk), 2024"
    )
    assert cite_row(row, "en") == (
        "KPK, via a third-party copy of the SPI dashboard (github.com/Daffaariftama/spi-kpk), 2024"
    )
    both = {"indicator_id": "spi", "source": f"{COPY} ; {NEWS}", "year": 2024}
    assert cite_row(both, "id") == "KPK, melalui antaranews.com, 2024"  # the copy ranks last


# --------------------------------------------------------------- frozen fixtures
def test_panel_figures_in_processed(processed_data):
    values = processed_data.values.set_index(["indicator_id", "region_code", "year"])
    assert values.loc[("spi", "1274", 2024), "value"] == 78.48  # Kota Tebing Tinggi (BPS 1274)
    assert values.loc[("spi", "1208", 2024), "value"] == 75.08  # Kab. Asahan (BPS 1208)
    tebing = values.loc[("spi", "1274", 2024)]
    assert tebing["source_tier"] == 3 and "Daffaariftama/spi-kpk" in tebing["source"]
    assert values.loc[("spi_koreksi_integritas", "62", 2025), "unit"] == "score_0_100"
    for indicator in ("spi", "spi_resp_internal", "spi_resp_eksternal", "spi_resp_eksper",
                      "spi_koreksi_integritas", "spi_koreksi_prevalensi"):  # fmt: skip
        for code in ("62", "6201", "1274", "1208", "3673"):
            assert (indicator, code, 2025) in values.index, (indicator, code)


def test_fixture_states_conflict_statement_and_new_series(processed_data):
    values = processed_data.values.set_index(["indicator_id", "region_code", "year"])
    metro = values.loc[("ombudsman", "1872", 2023)]
    assert metro["value"] == 80.85 and metro["has_conflict"]
    assert metro["conflict_values"].startswith("80.58 (https://radarlampung")
    assert values.loc[("ombudsman", "1101", 2024), "is_province_statement"]  # Simeulue
    assert values.loc[("ombudsman", "1101", 2024), "category"] == "hijau"
    gorontalo = values.loc[("ombudsman_maladministrasi", "75", 2025)]
    assert classify("ombudsman_maladministrasi", gorontalo["value"], 2025,
                    gorontalo["category"]).key == "zona_sedang"  # fmt: skip
    assert not (
        (processed_data.values.indicator_id == "ombudsman") & (processed_data.values.year >= 2025)
    ).any()
    dompu = values.loc[("mcp", "5205", 2024)]
    assert dompu["status"] == "interim" and dompu["value"] == 11.42


# ------------------------------------------------------------------------ interim
def test_interim_is_a_state_of_its_own():
    assert "interim" in VALUE_STATES
    status = classify("mcp", 11.42, 2024, None, "interim")
    assert status.kind == "interim" and status.rank is None  # never a band, never ranked
    assert classify("mcp", 11.42, 2024).key == "merah"


def test_interim_reading_is_not_a_final_value_in_the_gap_table(processed_data):
    table = gap_table(processed_data.values, processed_data.targets, "mcp", ["5205"], 2024)
    row = table.iloc[0]
    assert row["data_status"] == "interim" and math.isnan(row["value"])
    assert row["interim_value"] == 11.42 and row["status_kind"] == "interim"
    assert row["trend_points"] == 0


# ---------------------------------------------------------------------- coverage
def test_coverage_counts_governments(processed_data):
    table = coverage_table(processed_data.values).set_index(["indicator_id", "level", "year"])
    # Kalteng's 14 kab/kota + Tebing Tinggi + Asahan + Kota Serang have the panel 2021-2025
    assert table.loc[("spi_resp_eksternal", "regency", "2024"), "n_published"] == 17
    assert table.loc[("spi_resp_eksternal", "province", "2024"), "n_published"] == 1
    assert table.loc[("spi_resp_eksternal", "regency", "any"), "n_governments"] == 514
    assert table.loc[("mcp", "regency", "2024"), "n_interim"] == 1  # Dompu, counted apart
    assert table.loc[("ombudsman", "regency", "2024"), "n_province_statement"] >= 1
    records = processed_data.manifest["coverage"]
    assert {"indicator_id", "level", "year", "n_published", "n_interim"} <= set(records[0])
    assert "spi/all" in text_table(records, ["spi"])
    assert markdown_table(records, ["spi"]).startswith("| indicator | governments |")


def test_build_prints_the_coverage_table(tmp_path, capsys):
    from conftest import FIXTURE_RAW

    code = build_cli.main(["--raw", str(FIXTURE_RAW), "--processed", str(tmp_path / "p")])
    out = capsys.readouterr().out
    assert code == 0 and "spi/regency" in out and "ombudsman/all" in out


# --------------------------------------------------------------------- ragged rows
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("spi,62,2024,70.1\n", "ragged.csv, baris 3, kolom 'source'"),
        ("spi,62,2024\n", "ragged.csv, baris 3, kolom 'value'"),
        ("spi,62,2024,70.1,x,extra\n", "ragged.csv, baris 3"),
    ],
)
def test_ragged_row_stops_the_build(workspace, capsys, line, expected):
    raw, processed = workspace
    (raw / "ragged.csv").write_text(HEADER + "spi,62,2023,70.2,https://example.org/a\n" + line)
    before = tree_digest(processed)
    code = build_cli.main(["--raw", str(raw), "--processed", str(processed)])
    err = capsys.readouterr().err
    assert code == 2 and expected in err
    assert tree_digest(processed) == before


def test_analyst_rows_beside_the_panel_still_build(workspace):
    """A new row for a key the panel holds (another source) resolves; it does not stop the build."""
    raw, processed = workspace
    (raw / "analis.csv").write_text(
        HEADER + "spi,Kota Tebing Tinggi,2024,78.5,https://example.org/b\n"
    )
    build.build(raw, processed)
    values = pd.read_parquet(processed / "indicator_values.parquet")
    row = values.query("indicator_id == 'spi' and region_code == '1274' and year == 2024").iloc[0]
    assert row["value"] == 78.48 and "example.org/b" in row["source"] and not row["has_conflict"]
