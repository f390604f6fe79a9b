"""Respondent scores (0–5) that imitate BPS's IPAK scores, from SPAK microdata.

These imitate, not reproduce, BPS's factor-analysis scores; the item weights are in
``data/reference/estimation.yaml`` and the dimension weights in ``ipak_weights.yaml``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.data.microdata import (
    EXPERIENCE_ITEMS,
    OTHER_DOMAINS,
    PERCEPTION_ITEMS,
    PERSEPSI_SUBDIMENSIONS,
    SECTORS,
)
from helpers.model import ipak
from helpers.reference.files import estimation_settings


def compute_scores(micro: pd.DataFrame, year: int = 2024) -> pd.DataFrame:
    """Return a frame of respondent scores (0–5) and headline flags, aligned with ``micro``.

    * ``n_services_used``: number of sectors used.
    * ``paid_or_asked_any``: 1 if the respondent paid more than the fee or was asked to in
      any service used (BPS's headline definition); NaN when no service was used.
    * ``pengalaman_publik_score_0_5``: mean over services used of the contact score
      5·(1 − Σ item weight × item), item weights from ``estimation.yaml``; NaN if none used.
    * ``pengalaman_lainnya_score_0_5``: 5·(1 − share of exposed domains with a corrupt
      experience); NaN when exposed to none.
    * ``persepsi_<sub>_score_0_5``: mean of the sub-dimension's 1–4 items rescaled to 0–5;
      ``persepsi_score_0_5`` with EQUAL sub-dimension weights (assumption).
    * ``pengalaman_score_0_5`` and ``ipak_score_0_5`` composed with the implied weights of
      ``year`` (:mod:`helpers.model.ipak`).

    These imitate, not reproduce, BPS's factor-analysis scores.
    """
    settings = estimation_settings()["scores"]
    item_w = settings["contact_item_weights"]
    n = len(micro)
    penalty_sum = np.zeros(n)
    used_count = np.zeros(n)
    any_paid_or_asked = np.zeros(n)
    for sector in SECTORS:
        used = micro[f"{sector}_used"].to_numpy(dtype=float) == 1.0
        penalty = np.zeros(n)
        for item in EXPERIENCE_ITEMS:
            values = np.nan_to_num(micro[f"{sector}_{item}"].to_numpy(dtype=float))
            penalty += item_w[item] * values
        penalty_sum += np.where(used, penalty, 0.0)
        used_count += used
        paid = np.nan_to_num(micro[f"{sector}_paid_extra"].to_numpy(dtype=float))
        asked = np.nan_to_num(micro[f"{sector}_asked_money"].to_numpy(dtype=float))
        any_paid_or_asked = np.maximum(
            any_paid_or_asked, np.where(used, np.maximum(paid, asked), 0.0)
        )
    has_contact = used_count > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        publik = np.where(has_contact, 5.0 * (1.0 - penalty_sum / used_count), np.nan)
    exposed_n = np.zeros(n)
    corrupt_n = np.zeros(n)
    for domain in OTHER_DOMAINS:
        exposed = micro[f"other_{domain}_exposed"].to_numpy(dtype=float) == 1.0
        corrupt = np.nan_to_num(micro[f"other_{domain}_corrupt"].to_numpy(dtype=float))
        exposed_n += exposed
        corrupt_n += np.where(exposed, corrupt, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        lainnya = np.where(exposed_n > 0, 5.0 * (1.0 - corrupt_n / exposed_n), np.nan)
    low, high = settings["perception_scale"]
    scores = {
        "n_services_used": used_count.astype(np.int8),
        "paid_or_asked_any": np.where(has_contact, any_paid_or_asked, np.nan),
        "pengalaman_publik_score_0_5": publik,
        "pengalaman_lainnya_score_0_5": lainnya,
    }
    subs = []
    for sub in PERSEPSI_SUBDIMENSIONS:
        items = np.column_stack(
            [
                micro[f"persepsi_{sub}_{k}"].to_numpy(dtype=float)
                for k in range(1, PERCEPTION_ITEMS + 1)
            ]
        )
        answered = (~np.isnan(items)).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(
                answered > 0, np.nansum(items, axis=1) / np.maximum(answered, 1), np.nan
            )
        score = 5.0 * (mean - low) / (high - low)
        scores[f"persepsi_{sub}_score_0_5"] = score
        subs.append(score)
    weights = ipak.load_weights()
    persepsi = ipak.compose_persepsi(*subs, weights=weights)
    pengalaman = ipak.compose_pengalaman(publik, lainnya, weights=weights)
    scores["persepsi_score_0_5"] = persepsi
    scores["pengalaman_score_0_5"] = pengalaman
    scores["ipak_score_0_5"] = ipak.compose_ipak(persepsi, pengalaman, year=year, weights=weights)
    return pd.DataFrame(scores, index=micro.index)


def with_scores(micro: pd.DataFrame, year: int = 2024) -> pd.DataFrame:
    """Return ``micro`` with the columns of :func:`compute_scores` appended (cached per frame)."""
    if "pengalaman_publik_score_0_5" in micro.columns:
        return micro
    scores = compute_scores(micro, year=year)
    out = pd.concat([micro, scores], axis=1)
    out.attrs = dict(micro.attrs)
    return out
