"""A valid but small SPAK file (too few areas for Fay–Herriot) never crashes the experience model.

The province estimates are then the direct ones with design-based intervals, areas with too
few users get no number (never a modelled one), the what-if leaves out what cannot be
computed, and the reader gets a plain note.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from helpers.brief.render import tables
from helpers.model import experience, synthetic
from helpers.reference.files import estimation_settings


@pytest.fixture(scope="module")
def small():
    micro = synthetic.generate_spak(n=40, seed=3, n_regencies=1)
    micro["is_synthetic"] = False  # stands for an analyst's small real file
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = experience.fit_experience_model(micro, year=2024)
    return micro, model


def test_too_few_areas_gives_direct_estimates(small):
    micro, model = small
    sampled = set(micro["province_code"].astype(str))
    assert len(sampled) < estimation_settings()["fay_herriot"]["min_areas"]
    assert set(model.sae_province["method"]) == {"direct"}
    assert set(model.sae_regency["method"]) == {"direct"}
    assert model.area is None
    direct = model.direct.set_index(["level", "indicator", "area_code"])
    for row in model.sae_province.itertuples():
        source = direct.loc[("province", row.indicator, row.area_code)]
        if np.isnan(row.estimate):  # too few users: no number, not a modelled one
            assert source["n_unweighted"] < 5 or source["status"] == "suppressed"
        else:
            assert row.estimate == pytest.approx(source["estimate"])
            assert (row.ci90_low, row.ci90_high) == pytest.approx(
                (source["ci90_low"], source["ci90_high"])
            )


def test_sector_summary_and_what_if_for_sampled_and_unsampled_provinces(small):
    micro, model = small
    code = sorted(set(micro["province_code"].astype(str)))[0]
    for province in (code, "11"):  # 11 (Aceh) has no respondent in this file
        summary = experience.sector_summary(micro, province, model=model)
        assert len(summary) == 5 and set(summary["method"]) == {"direct"}
        table = experience.what_if_table(micro, province, model=model)
        assert "area" not in set(table["method"])
    aceh = experience.sector_summary(micro, "11", model=model)
    assert aceh["rate_pct"].isna().all() and (aceh["n_users"] == 0).all()
    assert experience.what_if_table(micro, "11", model=model)["delta_ipak"].isna().all()


def test_reader_note_in_both_languages(small):
    _, model = small
    minimum = str(estimation_settings()["fay_herriot"]["min_areas"])
    key = experience.model_note(model)
    assert key == "direct_fallback"
    assert minimum in tables.model_note_text(key, "id") and "Fay–Herriot" in tables.model_note_text(
        key, "id"
    )
    assert "direct estimates" in tables.model_note_text(key, "en")


def test_a_full_file_still_uses_fay_herriot():
    micro = synthetic.generate_spak(n=3000, seed=5)
    model = experience.fit_experience_model(micro, year=2024)
    assert set(model.sae_province["method"]) <= {"EBLUP", "synthetic"}
    assert model.area is not None and experience.model_note(model) is None
