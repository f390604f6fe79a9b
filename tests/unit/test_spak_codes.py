"""SPAK microdata codes against the region reference: unknown, pre-2022 Papua, wrong province."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.data import microdata
from helpers.model import synthetic
from helpers.reference import regions


@pytest.fixture(scope="module")
def small():
    frame = synthetic.generate_spak(n=60, seed=3, n_regencies=10)
    for column in ("province_code", "regency_code"):
        frame[column] = frame[column].astype(str)
    return frame


def issues_for(frame, row):
    _, issues = microdata.validate_spak(frame, "spak.csv")
    return [(i.column, i.message, i.hint) for i in issues if i.row == row + 2]


def test_current_codes_pass(small):
    typed, issues = microdata.validate_spak(small, "spak.csv")
    assert issues == [] and len(typed) == 60


def test_pre_2022_papua_code_is_refused_with_the_crosswalk_suggestion(small):
    crosswalk = regions.papua_crosswalk().set_index("old_bps_code")
    old = "9108"  # Raja Ampat before Papua Barat Daya was formed
    new = crosswalk.loc[old, "bps_code"]
    bad = small.copy()
    bad.loc[4, ["province_code", "regency_code"]] = ["91", old]
    [(column, message, hint)] = issues_for(bad, 4)
    assert column == "regency_code" and "kode BPS lama" in message and "'9108'" in message
    assert f"'{new}'" in hint and "Raja Ampat" in hint and "Papua Barat Daya" in hint


def test_unknown_regency_and_regency_outside_its_province(small):
    bad = small.copy()
    bad.loc[0, ["province_code", "regency_code"]] = ["62", "6299"]  # no such kab/kota
    bad.loc[1, ["province_code", "regency_code"]] = ["63", "6201"]  # Kotawaringin Barat is in 62
    assert issues_for(bad, 0) == [
        (
            "regency_code",
            "kode kab/kota BPS tidak dikenal (nilai: '6299')",
            "gunakan kode BPS kab/kota yang berlaku (lihat data/reference/regions/regencies.csv)",
        )
    ]
    [(column, message, _)] = issues_for(bad, 1)
    assert column == "regency_code" and "tidak berada di provinsi" in message


def test_load_spak_names_file_row_and_column(small, tmp_path):
    bad = small.copy()
    bad.loc[7, ["province_code", "regency_code"]] = ["94", "9401"]  # Merauke before 2022
    path = tmp_path / "spak.csv"
    pd.DataFrame(bad).to_csv(path, index=False)
    with pytest.raises(microdata.DataValidationError) as caught:
        microdata.load_spak(path)
    [issue] = caught.value.issues
    assert (issue.row, issue.column) == (9, "regency_code") and issue.file.endswith("spak.csv")
    assert "'9501'" in issue.hint and "Papua Selatan" in issue.hint
