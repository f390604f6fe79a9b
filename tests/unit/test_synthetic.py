import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from helpers.data import microdata
from helpers.model import ipak, scores, synthetic


@pytest.fixture(scope="module")
def sample():
    return synthetic.generate_spak_with_truth(n=10_000, seed=20241)


def wmean(values, weights):
    values = np.asarray(values, dtype=float)
    ok = ~np.isnan(values)
    return float(np.sum(values[ok] * weights[ok]) / np.sum(weights[ok]))


def test_deterministic_for_a_seed():
    a = synthetic.generate_spak(n=2_000, seed=11)
    b = synthetic.generate_spak(n=2_000, seed=11)
    pd.testing.assert_frame_equal(a, b)
    c = synthetic.generate_spak(n=2_000, seed=12)
    assert not np.allclose(a["weight"].to_numpy(), c["weight"].to_numpy())


def test_every_row_flagged_synthetic(sample):
    micro = sample.micro
    assert micro["is_synthetic"].dtype == bool and micro["is_synthetic"].all()
    assert micro.attrs["is_synthetic"] is True
    assert microdata.is_synthetic(micro)
    assert micro["respondent_id"].str.startswith("SYN").all()


def test_design_like_spak(sample):
    micro = sample.micro
    assert len(micro) == 10_000
    assert micro["regency_code"].nunique() == 170
    assert micro["province_code"].nunique() == 38
    per_province = micro.groupby("province_code", observed=True)["regency_code"].nunique()
    assert per_province.min() >= 2
    assert micro["psu"].nunique() == 1_000
    psus = micro.groupby("stratum", observed=True)["psu"].nunique()
    assert psus.min() >= 2  # no lonely PSU strata
    assert (micro.groupby("psu", observed=True).size() == 10).all()
    assert (micro["regency_code"].astype(str).str[:2] == micro["province_code"].astype(str)).all()
    assert micro["weight"].sum() == pytest.approx(synthetic.TOTAL_HOUSEHOLDS)
    assert micro["weight"].std() / micro["weight"].mean() > 0.3  # unequal weights


def test_national_figures_calibrated(sample):
    scored = scores.compute_scores(sample.micro)
    w = sample.micro["weight"].to_numpy()
    share = wmean(scored["paid_or_asked_any"], w)
    assert 0.16 <= share <= 0.18
    assert wmean(scored["pengalaman_publik_score_0_5"], w) == pytest.approx(4.14, abs=0.04)
    assert wmean(scored["pengalaman_lainnya_score_0_5"], w) == pytest.approx(3.12, abs=0.06)
    persepsi = wmean(scored["persepsi_score_0_5"], w)
    assert persepsi == pytest.approx(3.76, abs=0.03)
    weights = ipak.load_weights()  # configuration (ipak_weights.yaml), not restated here
    dims = weights.for_year(2024)
    pengalaman = weights.pengalaman_publik * wmean(
        scored["pengalaman_publik_score_0_5"], w
    ) + weights.pengalaman_lainnya * wmean(scored["pengalaman_lainnya_score_0_5"], w)
    assert pengalaman == pytest.approx(3.89, abs=0.04)
    assert dims.persepsi * persepsi + dims.pengalaman * pengalaman == pytest.approx(3.85, abs=0.04)


def test_regency_rates_vary_around_province_means(sample):
    truth = sample.truth_regency
    lic = truth[truth.sector == "perizinan"]
    province_means = lic.groupby("province_code")["true_rate"].mean()
    within = lic.groupby("province_code")["true_rate"].std().mean()
    assert province_means.std() > 0.03  # provinces differ
    assert within > 0.02  # and kab/kota vary within provinces
    assert len(truth) == 514 * 5 and truth["sampled"].sum() == 170 * 5
    assert set(sample.covariates_regency["area_code"]) == set(truth["regency_code"])
    # synthetic covariates track the rates (SPI higher where fewer pay extra)
    merged = lic.merge(sample.covariates_regency, left_on="regency_code", right_on="area_code")
    assert np.corrcoef(merged["true_rate"], merged["spi_score_0_100"])[0, 1] < -0.5


def test_sector_rates_differ_and_items_conditional(sample):
    micro = sample.micro
    rates = {s: np.nanmean(micro[f"{s}_paid_extra"]) for s in microdata.SECTORS}
    assert rates["perizinan"] > rates["dukcapil"] > rates["kesehatan"]
    for sector in microdata.SECTORS:
        unused = micro[f"{sector}_used"] == 0
        assert micro.loc[unused, f"{sector}_paid_extra"].isna().all()
        assert micro.loc[~unused, f"{sector}_paid_extra"].notna().all()


def test_size_limits():
    with pytest.raises(ValueError, match="1,000,000"):
        synthetic.generate_spak(n=1_000_001)
    with pytest.raises(ValueError):
        synthetic.generate_spak(n=0)
    tiny = synthetic.generate_spak(n=25, seed=3)
    assert len(tiny) == 25


def test_same_kab_kota_sample_for_any_n():
    a = synthetic.generate_spak(n=3_000, seed=5)
    b = synthetic.generate_spak(n=6_000, seed=5)
    assert set(a["regency_code"].astype(str)) == set(b["regency_code"].astype(str))


def test_written_file_is_named_flagged_and_valid(tmp_path):
    path = synthetic.write_synthetic(n=500, seed=9, directory=tmp_path)
    assert path.name == "spak_SYNTHETIC_seed9_n500.parquet"
    meta = pq.read_schema(path).metadata
    assert meta[b"is_synthetic"] == b"true" and meta[b"seed"] == b"9"
    loaded = microdata.load_spak(path)  # the generator's output passes the loader's validation
    assert len(loaded) == 500 and loaded["is_synthetic"].all()
