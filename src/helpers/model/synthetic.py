"""Synthetic SPAK-like microdata (fixed seed, calibrated, clearly flagged).

We do not hold SPAK microdata; this generator lets the pipeline run and be tested. It
imitates SPAK's design: by default ~10,000 households in 170 kab/kota across all provinces
(at least two per province), strata = kab/kota × urban/rural, census blocks of 10 households
as primary sampling units, unequal survey weights. Any size up to 1,000,000 respondents is
generated with vectorised numpy in a few seconds.

Data-generating model (all on the logit scale, area effects for *every* kab/kota so that
non-sampled areas have a truth and covariates):

* governance latent ``g`` = province component + regency component;
* sector extra-payment effect of a regency = loading × ``g`` + province×sector effect +
  regency×sector noise, so regency rates vary around province means;
* census-block and respondent random effects (clustering → design effects);
* synthetic area covariates ``spi_score_0_100`` and ``ombudsman_score_0_100`` that track
  ``g`` with noise (for small-area models); they are NOT real scores.

Calibration (on expected values given the drawn latent effects, by bisection) makes the
national weighted figures land near the published 2024 values: headline share who paid more
than the fee or were asked to 17.2 % (published 17.71 %, and 100 − 82.83 = 17.17 %, same
release), pengalaman publik 4.14, pengalaman lainnya 3.12, Persepsi 3.76 (sub-dimensions
shifted uniformly so that the equal-weight composition gives 3.76). Gift and broker rates are
tuned to reach the published score, not to any published item rate.

Every row has ``is_synthetic = True``; files are named ``spak_SYNTHETIC_seed<seed>_n<n>``
and carry ``is_synthetic=true`` in their Parquet metadata.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import expit, ndtr

from helpers.data.microdata import (
    EDUCATION_CODES,
    OTHER_DOMAINS,
    PERCEPTION_ITEMS,
    PERSEPSI_SUBDIMENSIONS,
    SECTORS,
    find_microdata,
    load_spak,
    microdata_dir,
)
from helpers.reference import regions
from helpers.reference.files import estimation_settings
from helpers.reference.texts import t

MAX_N = 1_000_000
DEFAULT_N = 10_000
DEFAULT_SEED = 20241
DEFAULT_REGENCIES = 170
CLUSTER_SIZE = 10
TOTAL_HOUSEHOLDS = 70_000_000  # order of magnitude of Indonesian households (weights sum)

# Calibration targets: published national 2024 values (BPS IPAK 2024 release; DOMAIN.md §1).
_PERSEPSI_SHIFT = (3.96 + 4.02 + 3.50) / 3 - 3.76  # equal-weight composition must give 3.76
CALIBRATION_TARGETS = {
    "paid_or_asked_any": 0.172,
    "pengalaman_publik_score_0_5": 4.14,
    "pengalaman_lainnya_score_0_5": 3.12,
    "persepsi_keluarga_score_0_5": 3.96 - _PERSEPSI_SHIFT,
    "persepsi_komunitas_score_0_5": 4.02 - _PERSEPSI_SHIFT,
    "persepsi_publik_score_0_5": 3.50 - _PERSEPSI_SHIFT,
}

# Sector parameters (synthetic, plausible orders of magnitude; not estimates).
_USE_LOGIT = {
    "perizinan": -2.6,
    "dukcapil": -0.5,
    "kesehatan": 0.1,
    "pendidikan": -0.7,
    "lainnya": -0.1,
}
_USE_URBAN = {
    "perizinan": 0.5,
    "dukcapil": 0.2,
    "kesehatan": 0.1,
    "pendidikan": 0.0,
    "lainnya": 0.3,
}
_PAID_LOGIT = {
    "perizinan": -0.9,
    "dukcapil": -1.9,
    "kesehatan": -2.9,
    "pendidikan": -2.4,
    "lainnya": -2.1,
}
_LOADING = {
    "perizinan": 0.55,
    "dukcapil": 0.45,
    "kesehatan": 0.35,
    "pendidikan": 0.40,
    "lainnya": 0.40,
}
_GIFT_LOGIT = {
    "perizinan": -1.0,
    "dukcapil": -1.6,
    "kesehatan": -0.9,
    "pendidikan": -1.1,
    "lainnya": -1.4,
}
_BROKER_LOGIT = {
    "perizinan": -0.6,
    "dukcapil": -0.9,
    "kesehatan": -2.2,
    "pendidikan": -2.4,
    "lainnya": -1.5,
}
_EXPOSED = {"pemilu": 0.80, "rekrutmen": 0.08, "sekolah": 0.20, "tilang": 0.15}
_CORRUPT_LOGIT = {"pemilu": -0.6, "rekrutmen": -0.6, "sekolah": -0.9, "tilang": 0.0}
SIGMA_PSU = 0.35
SIGMA_RESPONDENT = 0.70
ASKED_IF_PAID = 0.60
ASKED_OFFSET = -2.0
_THRESHOLDS = np.array([-1.5, -0.5, 0.5])


@dataclass
class SyntheticSample:
    """A synthetic sample with the truths and covariates it was generated from.

    ``micro``: respondent rows (schema of :mod:`helpers.data.microdata`, ``is_synthetic`` True).
    ``truth_regency`` / ``truth_province``: expected extra-payment rate among users
    (``paid_extra``) per area and sector (population, not sample), with household counts.
    ``covariates_regency`` / ``covariates_province``: synthetic area covariates for all areas.
    ``calibration``: shifts found by the calibration.
    """

    micro: pd.DataFrame
    truth_regency: pd.DataFrame
    truth_province: pd.DataFrame
    covariates_regency: pd.DataFrame
    covariates_province: pd.DataFrame
    calibration: dict


def _default_regions() -> pd.DataFrame:
    rows = []
    for province in regions.provinces():
        for regency in regions.regencies(province.code):
            rows.append(
                (
                    str(regency.code),
                    str(province.code),
                    str(regency.name),
                    str(getattr(regency, "kind", "")).lower() == "kota",
                )
            )
    return pd.DataFrame(rows, columns=["regency_code", "province_code", "name", "is_kota"])


def _region_table(regions: pd.DataFrame | None) -> pd.DataFrame:
    table = _default_regions() if regions is None else regions.copy()
    table["regency_code"] = table["regency_code"].astype(str)
    table["province_code"] = table["province_code"].astype(str)
    if "is_kota" not in table.columns:
        names = table["name"].astype(str).str.upper().str.strip() if "name" in table.columns else ""
        table["is_kota"] = names.str.startswith("KOTA") if "name" in table.columns else False
    return table.sort_values("regency_code").reset_index(drop=True)[
        ["regency_code", "province_code", "is_kota"]
    ]


def _allocate(total: int, sizes: np.ndarray, minimum: np.ndarray) -> np.ndarray:
    """Largest-remainder allocation of ``total`` proportional to ``sizes`` above ``minimum``."""
    alloc = minimum.astype(int).copy()
    rest = total - alloc.sum()
    if rest <= 0:
        return alloc
    share = sizes / sizes.sum() * rest
    extra = np.floor(share).astype(int)
    remainder = rest - extra.sum()
    order = np.argsort(-(share - extra), kind="stable")
    extra[order[:remainder]] += 1
    return alloc + extra


def _urban_blocks(blocks: np.ndarray, urban_share: np.ndarray) -> np.ndarray:
    """Split each kab/kota's census blocks into urban/rural so that no stratum has one block.

    Urban count = round(share × blocks), moved to 0 or 2 (whichever is nearer) when it would
    leave a single block in either stratum; kab/kota with one block keep it in one stratum.
    """
    out = []
    for k, share in zip(blocks, urban_share, strict=True):
        n_urban = int(round(share * k))
        if k >= 2:
            if n_urban == 1:
                n_urban = 0 if share * k < 1.0 or k < 4 else 2
            if k - n_urban == 1:
                n_urban = k if share * k > k - 1.0 or k < 4 else k - 2
        else:
            n_urban = int(share >= 0.5) * k
        out.append(np.r_[np.ones(n_urban, dtype=bool), np.zeros(k - n_urban, dtype=bool)])
    return np.concatenate(out) if out else np.zeros(0, dtype=bool)


def _bisect(function, low: float, high: float, target: float, iterations: int = 32) -> float:
    """Solve ``function(x) = target`` for an increasing ``function`` on [low, high]."""
    for _ in range(iterations):
        mid = (low + high) / 2
        if function(mid) < target:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def _logit_normal_mean(eta: np.ndarray, sigma: float, nodes: int = 40) -> np.ndarray:
    """E[expit(eta + e)], e ~ N(0, sigma²), by Gauss–Hermite quadrature."""
    x, w = np.polynomial.hermite_e.hermegauss(nodes)
    w = w / w.sum()
    return expit(np.asarray(eta)[..., None] + sigma * x) @ w


def generate_spak_with_truth(  # noqa: C901 - predates the complexity rule; split when next touched
    n: int = DEFAULT_N,
    seed: int = DEFAULT_SEED,
    n_regencies: int = DEFAULT_REGENCIES,
    regions: pd.DataFrame | None = None,
    calibration_rows: int = 50_000,
    cluster_size: int = CLUSTER_SIZE,
) -> SyntheticSample:
    """Generate a synthetic SPAK sample and return it with its truths and covariates.

    ``regions``: table with ``regency_code``, ``province_code`` and ``name`` (or ``is_kota``);
    default: every kab/kota of :mod:`helpers.reference.regions`. The kab/kota sample and all area
    effects depend only on ``seed`` (not on ``n``). Calibration uses the first
    ``calibration_rows`` respondents, which keeps 1,000,000 rows fast.
    """
    if not 1 <= n <= MAX_N:
        raise ValueError(f"n harus antara 1 dan {MAX_N:,} (n must be 1 … {MAX_N:,}); got {n}")
    rng = np.random.default_rng(seed)
    reg = _region_table(regions)
    n_areas = len(reg)
    prov_codes, prov_idx = np.unique(reg["province_code"].to_numpy(), return_inverse=True)
    n_prov = len(prov_codes)
    is_kota = reg["is_kota"].to_numpy(dtype=bool)
    n_sectors = len(SECTORS)

    # --- area level (all kab/kota) -------------------------------------------------------------
    g_prov = rng.normal(0.0, 0.6, n_prov)
    g_reg = g_prov[prov_idx] + rng.normal(0.0, 0.5, n_areas)
    households = np.exp(rng.normal(np.log(TOTAL_HOUSEHOLDS / n_areas) - 0.3, 0.8, n_areas))
    urban_share = np.where(is_kota, 0.95, np.clip(rng.normal(0.30, 0.12, n_areas), 0.05, 0.8))
    loading = np.array([_LOADING[s] for s in SECTORS])
    prov_sector = rng.normal(0.0, 0.20, (n_prov, n_sectors))
    area_effect = (
        g_reg[:, None] * loading[None, :]
        + prov_sector[prov_idx]
        + rng.normal(0.0, 0.20, (n_areas, n_sectors))
    )
    spi = np.clip(72.0 - 4.0 * g_reg + rng.normal(0.0, 2.5, n_areas), 0, 100)
    ombudsman = np.clip(76.0 - 7.0 * g_reg + rng.normal(0.0, 5.0, n_areas), 0, 100)

    # --- kab/kota sample: >= 2 per province, rest proportional to the number of kab/kota -------
    per_prov = np.bincount(prov_idx, minlength=n_prov)
    n_regencies = int(min(n_regencies, n_areas))
    minimum = np.minimum(per_prov, 2 if n_regencies >= 2 * n_prov else 1)
    take = np.minimum(_allocate(n_regencies, per_prov.astype(float), minimum), per_prov)
    selected = np.sort(
        np.concatenate(
            [
                rng.choice(np.flatnonzero(prov_idx == p), size=take[p], replace=False)
                for p in range(n_prov)
                if take[p] > 0
            ]
        )
    )
    inclusion = (take / np.maximum(per_prov, 1))[prov_idx]  # kab/kota inclusion probability

    # --- census blocks and households --------------------------------------------------------
    n_psu = int(np.ceil(n / cluster_size))
    psu_alloc = _allocate(
        n_psu,
        np.sqrt(households[selected]),
        np.minimum(np.full(len(selected), 2), max(n_psu // len(selected), 1)),
    )
    if psu_alloc.sum() > n_psu:  # tiny n: trim the largest allocations
        while psu_alloc.sum() > n_psu:
            psu_alloc[np.argmax(psu_alloc)] -= 1
    psu_area = np.repeat(selected, psu_alloc)
    n_psu = len(psu_area)
    psu_urban = _urban_blocks(psu_alloc, urban_share[selected])
    sizes = np.full(n_psu, cluster_size)
    sizes[n_psu - 1] = n - cluster_size * (n_psu - 1) if n_psu else 0
    if sizes.sum() != n:
        raise AssertionError("internal allocation error")
    resp_psu = np.repeat(np.arange(n_psu), sizes)
    area = psu_area[resp_psu]
    urban = psu_urban[resp_psu]
    # weights: households of the kab/kota / sampled households, over the kab/kota inclusion probability
    n_in_area = np.bincount(area, minlength=n_areas)
    psu_noise = np.exp(rng.normal(0.0, 0.25, n_psu))
    base = households[area] / np.maximum(n_in_area[area], 1) / inclusion[area]
    weight = base * psu_noise[resp_psu] * np.exp(rng.normal(0.0, 0.10, n))
    weight *= TOTAL_HOUSEHOLDS / weight.sum()
    e_psu = rng.normal(0.0, SIGMA_PSU, n_psu)[resp_psu]
    e_resp = rng.normal(0.0, SIGMA_RESPONDENT, n)

    # --- respondents: education, age ----------------------------------------------------------
    u_edu = rng.random(n)
    p_low = np.where(urban, 0.35, 0.60)
    p_mid = np.where(urban, 0.40, 0.30)
    education_idx = np.where(u_edu < p_low, 0, np.where(u_edu < p_low + p_mid, 1, 2)).astype(
        np.int8
    )
    age = np.clip(np.round(rng.normal(46, 13, n)), 18, 95).astype(np.int16)

    # --- service use ---------------------------------------------------------------------------
    use_logit = np.array([_USE_LOGIT[s] for s in SECTORS])
    use_urban = np.array([_USE_URBAN[s] for s in SECTORS])
    used = rng.random((n, n_sectors)) < expit(
        use_logit[None, :] + use_urban[None, :] * urban[:, None]
    )
    has_contact = used.any(axis=1)
    n_used = used.sum(axis=1)

    # --- calibration subsample (random, own stream: does not change the main draws) -------------
    m = min(n, calibration_rows)
    calib = (
        np.sort(np.random.default_rng([seed, 1]).choice(n, size=m, replace=False))
        if m < n
        else np.arange(n)
    )
    cw = weight[calib]
    eta_base = (
        np.array([_PAID_LOGIT[s] for s in SECTORS])[None, :]
        + area_effect[area[calib]]
        + (e_psu[calib] + e_resp[calib])[:, None]
    )
    used_m = used[calib]
    contact_m = has_contact[calib]
    n_used_m = n_used[calib]

    def paid_or_asked_share(shift: float) -> float:
        p = expit(eta_base + shift)
        q = expit(eta_base + shift + ASKED_OFFSET)
        r = p * ASKED_IF_PAID + p * (1 - ASKED_IF_PAID) + (1 - p) * q  # P(paid or asked)
        no_bad = np.prod(np.where(used_m, 1.0 - r, 1.0), axis=1)
        ok = contact_m
        return float(np.sum(cw[ok] * (1.0 - no_bad[ok])) / np.sum(cw[ok]))

    shift_paid = _bisect(paid_or_asked_share, -6.0, 6.0, CALIBRATION_TARGETS["paid_or_asked_any"])

    item_w = estimation_settings()["scores"]["contact_item_weights"]
    gift_logit = np.array([_GIFT_LOGIT[s] for s in SECTORS])[None, :]
    broker_logit = np.array([_BROKER_LOGIT[s] for s in SECTORS])[None, :]
    p_m = expit(eta_base + shift_paid)
    q_m = expit(eta_base + shift_paid + ASKED_OFFSET)
    asked_m = p_m * ASKED_IF_PAID + (1 - p_m) * q_m
    gift_area = 0.5 * e_resp[calib][:, None]
    broker_area = 0.5 * area_effect[area[calib]]

    def publik_score(shift: float) -> float:
        g1 = expit(gift_logit + shift + 1.2 + gift_area)
        g0 = expit(gift_logit + shift + gift_area)
        b1 = expit(broker_logit + shift + 1.0 + broker_area)
        b0 = expit(broker_logit + shift + broker_area)
        penalty = (
            item_w["paid_extra"] * p_m
            + item_w["asked_money"] * asked_m
            + item_w["gift"] * (p_m * g1 + (1 - p_m) * g0)
            + item_w["broker"] * (p_m * b1 + (1 - p_m) * b0)
        )
        ok = contact_m
        score = 5.0 * (1.0 - np.sum(np.where(used_m, penalty, 0.0), axis=1)[ok] / n_used_m[ok])
        return -float(np.sum(cw[ok] * score) / np.sum(cw[ok]))  # decreasing in shift → negate

    shift_gift = _bisect(
        publik_score, -6.0, 6.0, -CALIBRATION_TARGETS["pengalaman_publik_score_0_5"]
    )

    # --- draw experience items ------------------------------------------------------------------
    eta = (
        np.array([_PAID_LOGIT[s] for s in SECTORS])[None, :]
        + area_effect[area]
        + (e_psu + e_resp)[:, None]
        + shift_paid
    )
    paid = rng.random((n, n_sectors)) < expit(eta)
    asked = np.where(
        paid,
        rng.random((n, n_sectors)) < ASKED_IF_PAID,
        rng.random((n, n_sectors)) < expit(eta + ASKED_OFFSET),
    )
    gift = rng.random((n, n_sectors)) < expit(
        gift_logit + shift_gift + 1.2 * paid + 0.5 * e_resp[:, None]
    )
    broker = rng.random((n, n_sectors)) < expit(
        broker_logit + shift_gift + 1.0 * paid + 0.5 * area_effect[area]
    )

    # --- other experience ------------------------------------------------------------------------
    n_dom = len(OTHER_DOMAINS)
    exposed = rng.random((n, n_dom)) < np.array([_EXPOSED[d] for d in OTHER_DOMAINS])[None, :]
    corrupt_base = (
        np.array([_CORRUPT_LOGIT[d] for d in OTHER_DOMAINS])[None, :]
        + 0.5 * g_reg[area][:, None]
        + 0.5 * e_resp[:, None]
    )
    exp_m = exposed[calib]
    any_exp = exp_m.any(axis=1)

    def lainnya_score(shift: float) -> float:
        c = expit(corrupt_base[calib] + shift)
        share = np.sum(np.where(exp_m, c, 0.0), axis=1)[any_exp] / exp_m.sum(axis=1)[any_exp]
        return float(np.sum(cw[any_exp] * share) / np.sum(cw[any_exp]))

    target_corrupt = 1.0 - CALIBRATION_TARGETS["pengalaman_lainnya_score_0_5"] / 5.0
    shift_other = _bisect(lainnya_score, -6.0, 6.0, target_corrupt)
    corrupt = exposed & (rng.random((n, n_dom)) < expit(corrupt_base + shift_other))

    # --- perception items (ordered probit) -------------------------------------------------------
    person = rng.normal(0.0, 0.6, n) - 0.15 * e_resp + 0.15 * (education_idx - 1)
    perception = {}
    shifts_persepsi = {}
    for k, sub in enumerate(PERSEPSI_SUBDIMENSIONS):
        latent = person + rng.normal(0.0, 0.4, n) - 0.15 * g_reg[area] + 0.1 * k
        target = CALIBRATION_TARGETS[f"persepsi_{sub}_score_0_5"]

        def persepsi_score(shift: float, latent=latent) -> float:
            expected = 1.0 + ndtr(latent[calib][:, None] + shift - _THRESHOLDS[None, :]).sum(axis=1)
            return float(np.sum(cw * 5.0 * (expected - 1.0) / 3.0) / np.sum(cw))

        shift = _bisect(persepsi_score, -6.0, 6.0, target)
        shifts_persepsi[sub] = shift
        for item in range(1, PERCEPTION_ITEMS + 1):
            noisy = latent + shift + rng.normal(0.0, 1.0, n)
            perception[f"persepsi_{sub}_{item}"] = (
                1 + (noisy[:, None] > _THRESHOLDS[None, :]).sum(axis=1)
            ).astype(np.float32)

    # --- assemble ----------------------------------------------------------------------------------
    regency_codes = reg["regency_code"].to_numpy()
    province_of_area = reg["province_code"].to_numpy()
    psu_strata = np.char.add(regency_codes[psu_area].astype(str), np.where(psu_urban, "-U", "-R"))
    psu_ids = np.char.add(psu_strata, np.char.zfill(np.arange(n_psu).astype(str), 6))
    data: dict[str, object] = {
        "respondent_id": pd.array(
            np.char.add("SYN", np.char.zfill(np.arange(1, n + 1).astype(str), 7)), dtype="str"
        ),
        "province_code": pd.Categorical.from_codes(prov_idx[area], categories=list(prov_codes)),
        "regency_code": pd.Categorical.from_codes(area, categories=list(regency_codes)),
        "urban": urban.astype(np.int8),
        "weight": weight,
        "stratum": pd.Categorical.from_codes(*_codes(psu_strata, resp_psu)),
        "psu": pd.Categorical.from_codes(resp_psu, categories=list(psu_ids)),
    }
    for j, sector in enumerate(SECTORS):
        u = used[:, j]
        data[f"{sector}_used"] = u.astype(np.int8)
        for item, values in (
            ("paid_extra", paid),
            ("asked_money", asked),
            ("gift", gift),
            ("broker", broker),
        ):
            data[f"{sector}_{item}"] = np.where(u, values[:, j], np.nan).astype(np.float32)
    for j, domain in enumerate(OTHER_DOMAINS):
        data[f"other_{domain}_exposed"] = exposed[:, j].astype(np.int8)
        data[f"other_{domain}_corrupt"] = np.where(exposed[:, j], corrupt[:, j], np.nan).astype(
            np.float32
        )
    data.update(perception)
    data["education"] = pd.Categorical.from_codes(education_idx, categories=list(EDUCATION_CODES))
    data["age"] = age
    data["is_synthetic"] = np.ones(n, dtype=bool)
    micro = pd.DataFrame(data)
    micro.attrs.update({"is_synthetic": True, "seed": seed, "generator": "helpers.model.synthetic"})

    # --- truths and covariates (population, all areas) --------------------------------------------
    sigma = float(np.hypot(SIGMA_PSU, SIGMA_RESPONDENT))
    eta_area = np.array([_PAID_LOGIT[s] for s in SECTORS])[None, :] + area_effect + shift_paid
    truth_rate = _logit_normal_mean(eta_area, sigma)
    use_rate = (
        urban_share[:, None] * expit(use_logit + use_urban)[None, :]
        + (1 - urban_share[:, None]) * expit(use_logit)[None, :]
    )
    rows = []
    for j, sector in enumerate(SECTORS):
        rows.append(
            pd.DataFrame(
                {
                    "regency_code": regency_codes,
                    "province_code": province_of_area,
                    "sector": sector,
                    "true_rate": truth_rate[:, j],
                    "users": households * use_rate[:, j],
                    "households": households,
                    "sampled": np.isin(np.arange(n_areas), selected),
                }
            )
        )
    truth_regency = pd.concat(rows, ignore_index=True)
    truth_province = (
        truth_regency.assign(rate_x_users=lambda d: d.true_rate * d.users)
        .groupby(["province_code", "sector"], as_index=False)[
            ["rate_x_users", "users", "households"]
        ]
        .sum()
        .assign(true_rate=lambda d: d.rate_x_users / d.users)
        .drop(columns="rate_x_users")
    )
    cov_reg = pd.DataFrame(
        {
            "area_code": regency_codes,
            "province_code": province_of_area,
            "spi_score_0_100": spi,
            "ombudsman_score_0_100": ombudsman,
            "households": households,
            "is_synthetic": True,
        }
    )
    cov_prov = (
        cov_reg.assign(
            s=cov_reg.spi_score_0_100 * households, o=cov_reg.ombudsman_score_0_100 * households
        )
        .groupby("province_code", as_index=False)[["s", "o", "households"]]
        .sum()
    )
    cov_prov = pd.DataFrame(
        {
            "area_code": cov_prov.province_code,
            "spi_score_0_100": cov_prov.s / cov_prov.households,
            "ombudsman_score_0_100": cov_prov.o / cov_prov.households,
            "households": cov_prov.households,
            "is_synthetic": True,
        }
    )
    calibration = {
        "shift_paid": shift_paid,
        "shift_gift_broker": shift_gift,
        "shift_other": shift_other,
        **{f"shift_persepsi_{k}": v for k, v in shifts_persepsi.items()},
        "targets": dict(CALIBRATION_TARGETS),
        "calibration_rows": m,
    }
    return SyntheticSample(micro, truth_regency, truth_province, cov_reg, cov_prov, calibration)


def _codes(psu_strata: np.ndarray, resp_psu: np.ndarray) -> tuple[np.ndarray, list[str]]:
    categories, psu_codes = np.unique(psu_strata, return_inverse=True)
    return psu_codes[resp_psu], list(categories)


def generate_spak(
    n: int = DEFAULT_N,
    seed: int = DEFAULT_SEED,
    n_regencies: int = DEFAULT_REGENCIES,
    regions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return a synthetic SPAK microdata frame (nothing is written). Main API.

    Deterministic for a given ``seed``; every row has ``is_synthetic = True`` and the frame's
    ``attrs`` say so. See :func:`generate_spak_with_truth` for the truths and covariates.
    """
    return generate_spak_with_truth(n=n, seed=seed, n_regencies=n_regencies, regions=regions).micro


def synthetic_file_name(seed: int, n: int) -> str:
    """Return the file name of a written synthetic sample (``spak_SYNTHETIC_seed<seed>_n<n>.parquet``)."""
    return f"spak_SYNTHETIC_seed{seed}_n{n}.parquet"


def write_synthetic(
    n: int = DEFAULT_N,
    seed: int = DEFAULT_SEED,
    directory: Path | None = None,
    regions: pd.DataFrame | None = None,
) -> Path:
    """Generate and write a synthetic sample to ``data/raw/microdata`` (only when asked).

    The Parquet file's key-value metadata carries ``is_synthetic=true``, the seed and the
    generator; its name contains ``SYNTHETIC``.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    if directory is None:
        directory = microdata_dir()
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    micro = generate_spak(n=n, seed=seed, regions=regions)
    table = pa.Table.from_pandas(micro, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta.update(
        {
            b"is_synthetic": b"true",
            b"seed": str(seed).encode(),
            b"generator": b"helpers.model.synthetic",
            b"note": t("synthetic_mark", "id").encode(),
        }
    )
    table = table.replace_schema_metadata(meta)
    path = directory / synthetic_file_name(seed, n)
    pq.write_table(table, path)
    return path


def load_microdata(
    path: Path | str | None = None, n: int = 10_000, seed: int = 20241
) -> pd.DataFrame:
    """Load the analyst's microdata when present, else generate the synthetic sample.

    ``path=None`` looks in ``data/raw/microdata``. The synthetic sample (every row
    ``is_synthetic = True``) is generated in memory; nothing is written.
    """
    if path is None:
        path = find_microdata()
    if path is not None:
        return load_spak(path)
    return generate_spak(n=n, seed=seed)
