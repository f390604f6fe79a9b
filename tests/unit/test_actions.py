"""Template 4 (rakor actions, ``data/raw/actions/``) and the recommended-actions catalogue."""

from __future__ import annotations

import csv
import datetime as dt
import shutil

import pandas as pd
import pytest

from conftest import ROOT, tree_digest
from helpers.cli import build as build_cli
from helpers.core.errors import DataValidationError
from helpers.data import actions
from helpers.data.build import build, load_processed, validate, validate_all

EXAMPLE = ROOT / "docs" / "templates" / "actions_example.csv"
CATALOGUE = ROOT / "data" / "reference" / "recommended_actions.csv"
HEADER = (
    "region,rakor_date,office_or_area,action,responsible_office,due_date,status,evidence_link\n"
)
GOOD = "6201,2023-07-12,dpmptsp,Pasang banner antipungli di loket,DPMPTSP,2023-09-30,open,\n"


def _issues(raw) -> list:
    with pytest.raises(DataValidationError) as caught:
        validate(raw)
    return caught.value.issues


def _write(raw, text: str, name: str = "kobar.csv"):
    folder = raw / "actions"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _one(issues, column: str):
    found = [i for i in issues if i.column == column]
    assert found, [str(i) for i in issues]
    return found[0]


# --------------------------------------------------------------------------- reading
def test_no_action_files_gives_an_empty_table_with_the_columns(processed_data):
    assert processed_data.actions.empty
    assert list(processed_data.actions.columns) == actions.ACTION_COLUMNS


def test_example_file_is_read_with_states_and_dates(workspace):
    raw, processed = workspace
    (raw / "actions").mkdir()
    shutil.copy(EXAMPLE, raw / "actions" / "kobar.csv")
    manifest = build(raw, processed)
    assert manifest["outputs"]["actions.parquet"]["rows"] == 8
    assert (processed / "actions.parquet").exists() and (processed / "actions.csv").exists()
    table = load_processed(processed, rebuild_if_stale=False).actions
    assert set(table.region_code) == {"6201"}
    assert table.status.value_counts().to_dict() == {
        "done": 3, "in_progress": 2, "open": 2, "cancelled": 1,
    }  # fmt: skip
    assert str(table.rakor_date.dtype) == "datetime64[ns]"
    assert any(entry["kind"] == "actions" for entry in manifest["inputs"])


def test_semicolon_csv_names_and_indonesian_status_words(workspace):
    raw, _ = workspace
    text = (
        HEADER.replace(",", ";")
        + "Kab. Kotawaringin Barat;2023-07-12;DISDIK;Sosialisasi antipungli dana BOS;Disdik;;Berjalan;\n"
        + "Kobar;2023-07-12;mcp_perizinan;Perizinan daring;DPMPTSP;2024-03-31;batal;https://x.id/a\n"
    )
    _write(raw, text)
    _, _, table, _ = validate_all(raw)
    assert list(table.region_code) == ["6201", "6201"]
    assert sorted(table.status) == ["cancelled", "in_progress"]
    assert table.due_date.isna().sum() == 1


def test_xlsx_with_date_cells(workspace):
    raw, _ = workspace
    folder = raw / "actions"
    folder.mkdir()
    frame = pd.DataFrame(
        [["6201", dt.datetime(2023, 7, 12), "dinkes", "Kotak pengaduan di puskesmas", "Dinkes",
          dt.datetime(2023, 12, 31), "selesai", ""]],
        columns=HEADER.strip().split(","),
    )  # fmt: skip
    frame.to_excel(folder / "kobar.xlsx", index=False)
    _, _, table, _ = validate_all(raw)
    assert table.rakor_date.iloc[0] == pd.Timestamp("2023-07-12")
    assert table.status.iloc[0] == "done"


def test_overdue_is_computed_against_a_date():
    today = dt.date(2024, 7, 1)
    assert actions.is_overdue("open", pd.Timestamp("2024-06-30"), today)
    assert actions.is_overdue("in_progress", pd.Timestamp("2024-06-30"), today)
    assert not actions.is_overdue("open", pd.Timestamp("2024-07-01"), today)
    assert not actions.is_overdue("done", pd.Timestamp("2020-01-01"), today)
    assert not actions.is_overdue("cancelled", pd.Timestamp("2020-01-01"), today)
    assert not actions.is_overdue("open", pd.NaT, today)


# ------------------------------------------------------------------------ bad files
def test_bad_date_names_file_row_and_column(workspace):
    raw, _ = workspace
    _write(raw, HEADER + GOOD + "6201,12/07/2023,dpmptsp,Aksi lain,DPMPTSP,,open,\n")
    issue = _one(_issues(raw), "rakor_date")
    assert issue.file.endswith("actions/kobar.csv") and issue.row == 3
    assert "YYYY-MM-DD" in issue.hint


def test_unknown_region_with_the_resolvers_suggestion(workspace):
    raw, _ = workspace
    _write(raw, HEADER + GOOD.replace("6201,", "Kotawaringin Barta,", 1))
    issue = _one(_issues(raw), "region")
    assert issue.row == 2 and "Kotawaringin Barat" in issue.message


def test_unknown_status_and_office_suggest_the_closest(workspace):
    raw, _ = workspace
    _write(raw, HEADER + GOOD.replace(",open,", ",selesi,").replace("dpmptsp", "dpmptps", 1))
    issues = _issues(raw)
    assert "selesai" in _one(issues, "status").hint
    assert "dpmptsp" in _one(issues, "office_or_area").hint


def test_ragged_row(workspace):
    raw, _ = workspace
    _write(raw, HEADER + GOOD + "6201,2023-07-12,dpmptsp,Aksi terpotong\n")
    issue = _one(_issues(raw), "responsible_office")
    assert issue.row == 3 and issue.file.endswith("kobar.csv")


def test_due_before_rakor_and_empty_action(workspace):
    raw, _ = workspace
    _write(
        raw,
        HEADER
        + "6201,2023-07-12,dpmptsp,Aksi,DPMPTSP,2023-06-30,open,\n"
        + "6201,2023-07-12,dpmptsp,,DPMPTSP,,open,\n",
    )
    issues = _issues(raw)
    assert _one(issues, "due_date").row == 2
    assert _one(issues, "action").row == 3


def test_duplicates_and_bad_link_and_national_region(workspace):
    raw, _ = workspace
    _write(
        raw,
        HEADER + GOOD + GOOD.replace("banner", "Banner  ")
        + "00,2023-07-12,dpmptsp,Aksi,DPMPTSP,,open,\n"
        + "6201,2023-07-12,disdik,Aksi,Disdik,,open,www.bukti\n",
    )  # fmt: skip
    issues = _issues(raw)
    assert {i.row for i in issues if i.column == "action"} == {2, 3}
    assert _one(issues, "region").row == 4
    assert _one(issues, "evidence_link").row == 5


def test_missing_column_is_named(workspace):
    raw, _ = workspace
    _write(raw, HEADER.replace("status", "state") + GOOD)
    issue = _one(_issues(raw), "status")
    assert issue.row == 1 and "state" in issue.hint


def test_bad_actions_file_stops_the_build_with_exit_2_and_nothing_rebuilt(workspace, capsys):
    raw, processed = workspace
    _write(raw, HEADER + GOOD.replace(",open,", ",maybe,"))
    before = tree_digest(processed)
    code = build_cli.main(["--raw", str(raw), "--processed", str(processed)])
    err = capsys.readouterr().err
    assert code == 2
    assert "actions/kobar.csv, baris 2, kolom 'status'" in err
    assert tree_digest(processed) == before


def test_new_actions_file_makes_processed_stale(workspace):
    from helpers.data.build import is_stale

    raw, processed = workspace
    assert not is_stale(raw, processed)
    _write(raw, HEADER + GOOD)
    assert is_stale(raw, processed)


# ---------------------------------------------------------- recommended actions
def test_recommended_actions_catalogue_is_sourced():
    with open(CATALOGUE, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    ids = [r["action_id"] for r in rows]
    assert len(ids) == len(set(ids))
    allowed_areas = set(actions.office_keys()) | {
        "spi_resp_eksternal", "spi_resp_internal", "spi_resp_eksper",
    }  # fmt: skip
    for row in rows:
        assert row["publisher"] in {"KPK", "Ombudsman RI", "KemenPAN-RB"}, row
        assert row["source_url"].startswith("https://"), row
        assert row["area"] in allowed_areas, row
        assert row["action_en"].strip() and row["source_title"].strip() and row["note"].strip()
