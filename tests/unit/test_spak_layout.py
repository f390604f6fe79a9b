from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.core.errors import DataValidationError
from helpers.data import microdata, spak_layout
from helpers.model import experience, survey, synthetic

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def micro():
    return synthetic.generate_spak(n=1500, seed=11, n_regencies=40)


@pytest.fixture(scope="module")
def files(micro, tmp_path_factory):
    folder = tmp_path_factory.mktemp("layouts")
    project = folder / "spak_project.csv"
    spak_layout.write_frame(micro, project)
    out = {"project": project}
    for suffix in ("csv", "sav"):
        out[f"bps_{suffix}"] = spak_layout.write_questionnaire(micro, folder / f"spak_bps.{suffix}")
    return out


def issues_of(path: Path) -> list:
    with pytest.raises(DataValidationError) as info:
        microdata.load_spak(path)
    return info.value.issues


def test_mapping_states_its_basis_and_sources():
    layout = spak_layout.load_layout(2024)
    assert layout.survey_year == 2024
    rincian = layout.settings["blok_v"]["rincian"]
    public = {code for code, spec in rincian.items() if spec["basis"] == "public"}
    assert public == {501, 502, 503, 504, 505, 506, 507}
    assert all(rincian[c]["source"] in layout.settings["sources"] for c in public)
    assert all(s["url"].startswith("http") for s in layout.settings["sources"].values())
    assert {s for s in layout.rincian.values()} == set(microdata.SECTORS)
    assert layout.sector_rincian("kesehatan") == [505] and layout.sector_rincian("pendidikan") == [
        506
    ]


def test_questionnaire_layout_has_one_row_per_respondent_and_rincian(micro):
    frame = spak_layout.to_questionnaire_layout(micro)
    n_rincian = len(spak_layout.load_layout().rincian)
    assert len(frame) == len(micro) * n_rincian
    first = frame.iloc[:n_rincian]
    assert first["ID_RESP"].nunique() == 1 and list(first["RINCIAN"]) == list(range(501, 512))
    health = frame[frame["RINCIAN"] == 505]["R5K3"].to_numpy()
    np.testing.assert_array_equal(health == 1, micro["kesehatan_used"].to_numpy() == 1)
    assert set(frame["R5K3"].unique()) <= {1, 2}
    codes = frame["R101"].astype(str) + frame["R102"].astype(str).str.zfill(2)
    assert (
        codes.iloc[::n_rincian].to_numpy() == micro["regency_code"].astype(str).to_numpy()
    ).all()


def test_both_layouts_load_to_identical_frames_and_estimates(files):
    project = microdata.load_spak(files["project"])
    assert project["is_synthetic"].all()
    estimates = survey.direct_estimates(project, levels=("national", "province"))
    loaded = {key: microdata.load_spak(files[key]) for key in ("bps_csv", "bps_sav")}
    for other in loaded.values():
        pd.testing.assert_frame_equal(project, other)
    pd.testing.assert_frame_equal(
        estimates, survey.direct_estimates(loaded["bps_csv"], levels=("national", "province"))
    )
    fits = [
        experience.fit_experience_model(frame, bootstrap_reps=9)
        for frame in (project, loaded["bps_sav"])
    ]
    for level in ("sae_province", "sae_regency"):
        pd.testing.assert_frame_equal(getattr(fits[0], level), getattr(fits[1], level))
    pd.testing.assert_frame_equal(
        experience.sector_summary(project, "62", model=fits[0]),
        experience.sector_summary(project, "62", model=fits[1]),
    )


def test_sav_files_are_found_as_microdata(files, tmp_path):
    target = tmp_path / "spak_2024_bps.sav"
    target.write_bytes(files["bps_sav"].read_bytes())
    assert microdata.find_microdata(tmp_path) == target


def bps_csv(micro, tmp_path, change) -> Path:
    frame = change(spak_layout.to_questionnaire_layout(micro.head(20)))
    path = tmp_path / "bps.csv"
    spak_layout.write_frame(frame, path)
    return path


def test_unknown_rincian_code_names_file_row_and_column(micro, tmp_path):
    def change(frame):
        frame.loc[3, "RINCIAN"] = 599
        return frame

    issues = issues_of(bps_csv(micro, tmp_path, change))
    assert len(issues) == 1
    issue = issues[0]
    assert issue.file.endswith("bps.csv") and issue.row == 5 and issue.column == "rincian"
    assert "rincian" in issue.message and "599" in issue.message
    assert "spak_2024.yaml" in issue.hint


def test_missing_variable_and_bad_codes_are_reported(micro, tmp_path):
    issues = issues_of(bps_csv(micro, tmp_path, lambda f: f.drop(columns=["FWT"])))
    assert [(i.row, i.column) for i in issues] == [(None, "fwt")]

    def change(frame):
        frame.loc[0, "R5K3"] = 3  # neither yes (1) nor no (2)
        frame.loc[13, "R105"] = 3 - frame.loc[13, "R105"]  # differs from respondent 2's first row
        return frame

    issues = issues_of(bps_csv(micro, tmp_path, change))
    found = {(i.row, i.column) for i in issues}
    assert (2, "r5k3") in found and (15, "r105") in found


def test_validation_issue_points_at_file_row_and_variable(micro, tmp_path):
    n_rincian = len(spak_layout.load_layout().rincian)

    def change(frame):
        frame.loc[frame["ID_RESP"] == frame["ID_RESP"].iloc[n_rincian * 2], "FWT"] = -1.0
        return frame

    issues = issues_of(bps_csv(micro, tmp_path, change))
    assert len(issues) == 1
    assert issues[0].row == 2 + 2 * n_rincian  # the third respondent's first line
    assert issues[0].column == "fwt (weight)"
    assert "bobot" in issues[0].message


def test_sector_without_rincian_rows_is_refused(micro, tmp_path):
    def change(frame):
        return frame[frame["RINCIAN"] != 509]

    issues = issues_of(bps_csv(micro, tmp_path, change))
    assert any("perizinan" in i.message and i.column == "rincian" for i in issues)
