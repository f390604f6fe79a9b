from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.core.errors import DataValidationError
from helpers.data import microdata
from helpers.model import ipak, scores, synthetic
from helpers.reference import files

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def small():
    return synthetic.generate_spak(n=300, seed=7, n_regencies=40)


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.CategoricalDtype):
            out[column] = out[column].astype(str)
    out.to_csv(path, index=False)
    return path


def issues_of(path: Path) -> list:
    with pytest.raises(DataValidationError) as info:
        microdata.load_spak(path)
    return info.value.issues


def test_schema_documented_in_schema_doc():
    doc = (ROOT / "docs" / "SPAK_SCHEMA.md").read_text(encoding="utf-8")
    for spec in microdata.SCHEMA:
        generic = spec.name
        for sector in microdata.SECTORS:
            generic = generic.replace(f"{sector}_", "<sector>_")
        for domain in microdata.OTHER_DOMAINS:
            generic = generic.replace(f"other_{domain}_", "other_<domain>_")
        for sub in microdata.PERSEPSI_SUBDIMENSIONS:
            generic = generic.replace(f"persepsi_{sub}_", "persepsi_<sub>_")
        assert spec.name in doc or generic in doc or generic.rstrip("123") + "<k>" in doc, spec.name


def test_schema_has_required_design_and_sector_columns():
    names = {s.name for s in microdata.SCHEMA if s.required}
    for column in (
        "respondent_id",
        "province_code",
        "regency_code",
        "urban",
        "weight",
        "stratum",
        "psu",
        "education",
        "age",
    ):
        assert column in names
    for sector in ("perizinan", "dukcapil", "kesehatan", "pendidikan", "lainnya"):
        for item in ("used", "paid_extra", "asked_money", "gift", "broker"):
            assert f"{sector}_{item}" in names
    assert microdata.SCHEMA_BY_NAME["perizinan_paid_extra"].condition == "perizinan_used"
    assert not microdata.SCHEMA_BY_NAME["is_synthetic"].required


def test_csv_round_trip(small, tmp_path):
    path = write_csv(small, tmp_path / "spak_real.csv")
    loaded = microdata.load_spak(path)
    assert loaded.shape[0] == len(small)
    assert loaded["is_synthetic"].all()
    assert loaded["province_code"].astype(str).str.len().eq(2).all()
    np.testing.assert_allclose(loaded["weight"], small["weight"], rtol=1e-12)
    # conditional items are NaN when the service was not used
    unused = loaded["dukcapil_used"] == 0
    assert loaded.loc[unused, "dukcapil_paid_extra"].isna().all()


def test_file_without_flag_is_real(small, tmp_path):
    path = write_csv(small.drop(columns="is_synthetic"), tmp_path / "spak.csv")
    assert not microdata.load_spak(path)["is_synthetic"].any()


def test_parquet_metadata_marks_synthetic(tmp_path):
    path = synthetic.write_synthetic(n=200, seed=3, directory=tmp_path)
    assert path.name == "spak_SYNTHETIC_seed3_n200.parquet"
    frame = pd.read_parquet(path).drop(columns="is_synthetic")
    frame.to_parquet(tmp_path / "x.parquet")
    assert not microdata.load_spak(tmp_path / "x.parquet")["is_synthetic"].any()
    assert microdata.load_spak(path)["is_synthetic"].all()


def test_missing_column_named(small, tmp_path):
    path = write_csv(small.drop(columns=["psu"]), tmp_path / "no_psu.csv")
    issues = issues_of(path)
    assert any(i.column == "psu" and i.row is None and "tidak ada" in i.message for i in issues)
    assert all("no_psu.csv" in i.file for i in issues)


def test_each_bad_value_named_with_file_row_column(small, tmp_path):
    bad = small.copy()
    for column in bad.columns:
        if isinstance(bad[column].dtype, pd.CategoricalDtype):
            bad[column] = bad[column].astype(str)
    bad["persepsi_publik_2"] = bad["persepsi_publik_2"].astype(float)
    bad.loc[4, "persepsi_publik_2"] = 7.0  # out of the 1–4 scale → row 6
    bad["kesehatan_used"] = bad["kesehatan_used"].astype(int)
    bad.loc[9, "kesehatan_used"] = 2  # non-binary → row 11
    bad.loc[12, "respondent_id"] = bad.loc[11, "respondent_id"]  # duplicate → row 14
    bad.loc[20, "weight"] = -3.0  # negative weight → row 22
    path = write_csv(bad, tmp_path / "bad.csv")
    issues = issues_of(path)
    where = {(i.row, i.column) for i in issues}
    assert (6, "persepsi_publik_2") in where
    assert (11, "kesehatan_used") in where
    assert (14, "respondent_id") in where
    assert (22, "weight") in where
    assert all(i.file.endswith("bad.csv") for i in issues)
    assert all(i.hint for i in issues)  # every issue says what to do
    text = str(issues_of(path)[0])
    assert "bad.csv" in text and "baris" in text and "kolom" in text


def test_conditional_items_checked(small, tmp_path):
    bad = small.copy()
    not_used = int(np.flatnonzero(bad["perizinan_used"].to_numpy() == 0)[0])
    used = int(np.flatnonzero(bad["perizinan_used"].to_numpy() == 1)[0])
    bad.loc[not_used, "perizinan_broker"] = 1.0
    bad.loc[used, "perizinan_gift"] = np.nan
    issues = issues_of(write_csv(bad, tmp_path / "cond.csv"))
    where = {(i.row, i.column) for i in issues}
    assert (not_used + 2, "perizinan_broker") in where
    assert (used + 2, "perizinan_gift") in where


def test_codes_checked(small, tmp_path):
    bad = small.copy()
    for column in ("province_code", "regency_code", "education"):
        bad[column] = bad[column].astype(str)
    bad.loc[0, "regency_code"] = "9999"  # not in the row's province
    bad.loc[1, "province_code"] = "6"  # not two digits
    bad.loc[2, "education"] = "S3"
    bad.loc[3, "province_code"] = "99"  # unknown BPS province
    bad.loc[3, "regency_code"] = "9901"
    issues = issues_of(write_csv(bad, tmp_path / "codes.csv"))
    where = {(i.row, i.column) for i in issues}
    assert (5, "province_code") in where
    # 9901 is no current BPS kab/kota code; no "not in the row's province" for an unknown province
    row5 = [i.message for i in issues if (i.row, i.column) == (5, "regency_code")]
    assert row5 == ["kode kab/kota BPS tidak dikenal (nilai: '9901')"]
    assert (2, "regency_code") in where
    assert (3, "province_code") in where
    assert (4, "education") in where


def test_many_problems_are_counted_not_listed(small, tmp_path):
    bad = small.copy()
    bad["weight"] = -1.0
    issues = issues_of(write_csv(bad, tmp_path / "w.csv"))
    weight_issues = [i for i in issues if i.column == "weight"]
    assert len(weight_issues) == 11  # 10 rows listed + one summary line
    assert "290 baris lain" in weight_issues[-1].message


def test_scores_by_hand():
    micro = synthetic.generate_spak(n=20, seed=1, n_regencies=5)
    scored = scores.compute_scores(micro)
    w = files.estimation_settings()["scores"]["contact_item_weights"]
    i = int(np.flatnonzero(scored["n_services_used"].to_numpy() >= 2)[0])
    row = micro.iloc[i]
    contacts = []
    for sector in microdata.SECTORS:
        if row[f"{sector}_used"] == 1:
            penalty = sum(w[item] * row[f"{sector}_{item}"] for item in microdata.EXPERIENCE_ITEMS)
            contacts.append(5 * (1 - penalty))
    assert scored["pengalaman_publik_score_0_5"].iloc[i] == pytest.approx(np.mean(contacts))
    keluarga = np.mean([row[f"persepsi_keluarga_{k}"] for k in (1, 2, 3)])
    assert scored["persepsi_keluarga_score_0_5"].iloc[i] == pytest.approx(5 * (keluarga - 1) / 3)
    publik, lainnya = (
        scored["pengalaman_publik_score_0_5"].iloc[i],
        scored["pengalaman_lainnya_score_0_5"].iloc[i],
    )
    weights = ipak.load_weights()  # configuration (ipak_weights.yaml), not restated here
    dims = weights.for_year(2024)
    assert scored["pengalaman_score_0_5"].iloc[i] == pytest.approx(
        weights.pengalaman_publik * publik + weights.pengalaman_lainnya * lainnya
    )
    assert scored["ipak_score_0_5"].iloc[i] == pytest.approx(
        dims.persepsi * scored["persepsi_score_0_5"].iloc[i]
        + dims.pengalaman * scored["pengalaman_score_0_5"].iloc[i]
    )
    none = scored["n_services_used"] == 0
    assert scored.loc[none, "pengalaman_publik_score_0_5"].isna().all()


def test_find_microdata_skips_synthetic(tmp_path):
    synthetic.write_synthetic(n=50, seed=2, directory=tmp_path)
    assert microdata.find_microdata(tmp_path) is None
    assert microdata.find_microdata(tmp_path, include_synthetic=True).name.startswith(
        "spak_SYNTHETIC"
    )
