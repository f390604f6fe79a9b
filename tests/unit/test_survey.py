import math

import numpy as np
import pandas as pd
import pytest
from scipy.special import expit

from helpers.brief.render.labels import survey_status_label
from helpers.model import scores, survey, synthetic
from helpers.reference.files import estimation_settings
from helpers.reference.texts import t


def design_frame(weight, stratum, psu):
    return pd.DataFrame({"weight": weight, "stratum": stratum, "psu": psu})


def hand_ratio_variance(y, x, w, stratum, psu, in_domain):
    """Textbook linearised variance, written with plain loops (independent of the module)."""
    num = sum(wi * yi * xi for wi, yi, xi, d in zip(w, y, x, in_domain, strict=True) if d)
    den = sum(wi * xi for wi, xi, d in zip(w, x, in_domain, strict=True) if d)
    ratio = num / den
    z = [
        wi * (yi * xi - ratio * xi) / den if d else 0.0
        for wi, yi, xi, d in zip(w, y, x, in_domain, strict=True)
    ]
    totals = {}
    for zi, h, j in zip(z, stratum, psu, strict=True):
        totals.setdefault(h, {}).setdefault(j, 0.0)
        totals[h][j] += zi
    variance = 0.0
    for psus in totals.values():
        n_h = len(psus)
        mean = sum(psus.values()) / n_h
        variance += n_h / (n_h - 1) * sum((t - mean) ** 2 for t in psus.values())
    return ratio, variance


def test_tiny_design_matches_hand_computation():
    w = [10.0, 12.0, 8.0, 20.0, 5.0, 15.0, 9.0, 11.0, 7.0]
    stratum = ["A", "A", "A", "A", "A", "B", "B", "B", "B"]
    psu = ["a1", "a1", "a2", "a3", "a3", "b1", "b1", "b2", "b2"]
    x = [1, 1, 0, 1, 1, 1, 0, 1, 1]
    y = [1, 0, 0, 1, 0, 0, 0, 1, 1]
    domain = np.array([0, 0, 0, 1, 1, 0, 0, 1, 1])  # domain 0 cuts across both strata
    design = survey.make_design(design_frame(w, stratum, psu))
    res = survey.ratio_estimates(np.array(y, float), np.array(x, float), design, domain, 2)
    for d in (0, 1):
        ratio, variance = hand_ratio_variance(y, x, w, stratum, psu, domain == d)
        assert res["estimate"][d, 0] == pytest.approx(ratio, rel=1e-12)
        assert res["variance"][d, 0] == pytest.approx(variance, rel=1e-10)
    # domain 0 by hand: users 1, 2, 6 with w 10, 12, 15 and y 1, 0, 0 → R = 10/37
    assert res["estimate"][0, 0] == pytest.approx(10 / 37)
    assert res["n"][0, 0] == 3
    assert res["n_eff_kish"][0, 0] == pytest.approx(37**2 / (100 + 144 + 225))


def test_srs_reduces_to_s2_over_n():
    rng = np.random.default_rng(0)
    y = rng.normal(3.0, 1.0, 40)
    design = survey.make_design(
        design_frame(np.full(40, 2.5), ["s"] * 40, [str(i) for i in range(40)])
    )
    res = survey.ratio_estimates(y, np.ones(40), design, np.zeros(40, dtype=np.int64), 1)
    assert res["estimate"][0, 0] == pytest.approx(y.mean())
    assert res["variance"][0, 0] == pytest.approx(y.var(ddof=1) / 40)


def test_lonely_psu_contributes_its_deviation():
    # stratum B has one PSU: its total deviates from the domain mean (0) by its own total
    w = [1.0, 1.0, 1.0, 1.0, 1.0]
    design = survey.make_design(
        design_frame(w, ["A", "A", "A", "A", "B"], ["1", "1", "2", "2", "3"])
    )
    y = np.array([1.0, 0.0, 1.0, 1.0, 0.0])
    res = survey.ratio_estimates(y, np.ones(5), design, np.zeros(5, dtype=np.int64), 1)
    r = 3 / 5
    z = (y - r) / 5
    z_a = [z[0] + z[1], z[2] + z[3]]
    expected = 2 * ((z_a[0] - np.mean(z_a)) ** 2 + (z_a[1] - np.mean(z_a)) ** 2) + z[4] ** 2
    assert res["variance"][0, 0] == pytest.approx(expected)


def test_taylor_se_close_to_empirical_sd():
    rng = np.random.default_rng(42)
    strata, psus_per_stratum, size = 2, 400, 10
    n_psu = strata * psus_per_stratum
    effect = rng.normal(0, 1.2, n_psu)
    unit_psu = np.repeat(np.arange(n_psu), size)
    x_pop = rng.random(n_psu * size) < 0.5
    y_pop = rng.random(n_psu * size) < expit(-1.5 + effect[unit_psu])
    stratum_of_psu = np.repeat(np.arange(strata), psus_per_stratum)
    take = 25
    estimates, ses = [], []
    for _ in range(400):
        chosen = np.concatenate(
            [
                rng.choice(np.flatnonzero(stratum_of_psu == h), take, replace=False)
                for h in range(strata)
            ]
        )
        units = (chosen[:, None] * size + np.arange(size)).ravel()
        frame = design_frame(
            np.full(len(units), psus_per_stratum / take),
            stratum_of_psu[unit_psu[units]],
            unit_psu[units],
        )
        design = survey.make_design(frame)
        res = survey.ratio_estimates(
            y_pop[units].astype(float),
            x_pop[units].astype(float),
            design,
            np.zeros(len(units), dtype=np.int64),
            1,
        )
        estimates.append(res["estimate"][0, 0])
        ses.append(math.sqrt(res["variance"][0, 0]))
    empirical = np.std(estimates, ddof=1)
    assert np.mean(ses) / empirical == pytest.approx(1.0, abs=0.15)
    # clustering matters: the design-based SE exceeds the SRS one
    assert np.mean(ses) > 1.15 * math.sqrt(np.mean(estimates) * (1 - np.mean(estimates)) / 250)


def test_suppression_rule():
    # cases on each side of the rule in estimation.yaml (direct.suppression), not restated
    rule = estimation_settings()["direct"]["suppression"]
    min_n, min_eff = rule["min_n_unweighted"], rule["min_n_effective"]
    max_rse, caution_rse = rule["max_rse_pct"], rule["caution_rse_pct"]
    big = 10 * min_n
    status, rse = survey.suppression_status(
        n=np.array([min_n - 1, big, big, big, big, big]),
        n_eff=np.array([min_n - 1, min_eff - 1, big, big, big, big]),
        estimate=np.array([0.2, 0.2, 0.05, 0.10, 0.20, 0.0]),
        se=np.array(
            [
                0.2 * caution_rse / 200,
                0.2 * caution_rse / 200,
                0.05 * (max_rse + 10) / 100,
                0.10 * (caution_rse + max_rse) / 200,
                0.20 * caution_rse / 200,
                0.0,
            ]
        ),
    )
    assert list(status) == ["suppressed", "suppressed", "suppressed", "caution", "ok", "caution"]
    assert rse[2] == pytest.approx(max_rse + 10)
    assert survey_status_label("caution", "id") == t("survey_status.caution", "id")
    assert survey_status_label("suppressed", "en") == t("survey_status.suppressed", "en")


@pytest.fixture(scope="module")
def estimates():
    micro = synthetic.generate_spak(n=10_000, seed=20241)
    return micro, survey.direct_estimates(micro)


def test_direct_estimates_national_headline(estimates):
    _, est = estimates
    nat = est[est.level == "national"].set_index("indicator")
    assert 0.16 <= nat.loc["paid_or_asked_any", "estimate"] <= 0.18
    assert nat.loc["paid_or_asked_any", "status"] == "ok"
    assert 1.0 < nat.loc["paid_or_asked_any", "deff"] < 3.0
    assert est.attrs["is_synthetic"]
    assert set(est.level) == {"national", "province", "regency"}
    assert est[est.level == "province"].area_code.nunique() == 38
    assert est[est.level == "regency"].area_code.nunique() == 170


def test_losses_add_up_to_publik_and_shares_to_one(estimates):
    _, est = estimates
    for level in ("national", "province"):
        part = est[est.level == level]
        loss = part[part.item == "publik_loss"].groupby("area_code")["estimate"].sum()
        publik = part[part.indicator == "pengalaman_publik_score_0_5"].set_index("area_code")[
            "estimate"
        ]
        np.testing.assert_allclose(loss + publik.loc[loss.index], 5.0, atol=1e-9)
        shares = part[part.item == "contact_share"].groupby("area_code")["estimate"].sum()
        np.testing.assert_allclose(shares, 1.0, atol=1e-9)


def test_national_equals_plain_weighted_mean(estimates):
    micro, est = estimates
    users = micro["dukcapil_used"] == 1
    expected = np.average(
        micro.loc[users, "dukcapil_paid_extra"], weights=micro.loc[users, "weight"]
    )
    got = est[(est.level == "national") & (est.indicator == "dukcapil_paid_extra")][
        "estimate"
    ].item()
    assert got == pytest.approx(expected, rel=1e-12)


def test_small_areas_are_suppressed(estimates):
    _, est = estimates
    lic = est[(est.level == "regency") & (est.indicator == "perizinan_paid_extra")]
    assert (lic.loc[lic.n_unweighted < 30, "status"] == "suppressed").all()
    assert (lic.status == "suppressed").mean() > 0.9  # ~5 licensing users per kab/kota
    scores = est[(est.level == "province") & (est.kind == "score")]
    assert (scores.ci90_low >= 0).all() and (scores.ci90_high <= 5).all()


def test_indicator_subset_and_scored_input(estimates):
    micro, _ = estimates
    scored = scores.with_scores(micro)
    sub = survey.direct_estimates(scored, levels=("national",), indicators=["kesehatan_used"])
    assert list(sub.indicator) == ["kesehatan_used"]
    with pytest.raises(ValueError):
        survey.direct_estimates(micro, levels=("national",), indicators=["nope"])
