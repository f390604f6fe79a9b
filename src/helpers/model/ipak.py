"""IPAK arithmetic: compose the index from its dimensions and decompose changes and gaps.

BPS does not publish the weights of IPAK (factor analysis). The weights used here live in
``data/reference/ipak_weights.yaml`` with their origin: *implied from published values,
not official*. Two periods are known:

* 2018 onward: IPAK = 0.30·Persepsi + 0.70·Pengalaman (reproduces 2018–2024 within ±0.01);
* 2015 and 2017: Persepsi carried ≈ 0.56–0.57 (documented value 0.565).

Within Pengalaman, 0.75·pengalaman publik + 0.25·pengalaman lainnya reproduces 2023–2024.
The Persepsi sub-dimension weights cannot be recovered; equal weights are available only as
a labelled assumption.

Decompositions add up *exactly* to the published total: the difference between the
published (rounded) total and the weighted components is shown as its own line
("sisa pembulatan" / "rounding residual").
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from helpers.core.paths import reference_dir

WEIGHTS_FILE = "ipak_weights.yaml"


@dataclass(frozen=True)
class DimensionWeights:
    """Weights of Persepsi and Pengalaman for one period (inclusive years)."""

    period_id: str
    first_year: int
    last_year: int | None
    persepsi: float
    pengalaman: float
    origin: str
    feasible_persepsi: dict[int, tuple[float, float]] = field(default_factory=dict)

    def covers(self, year: int) -> bool:
        """Return True when ``year`` falls in this period."""
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)


@dataclass(frozen=True)
class IpakWeights:
    """All composition weights with their stated origin (see ``ipak_weights.yaml``)."""

    origin: str
    periods: tuple[DimensionWeights, ...]
    pengalaman_publik: float
    pengalaman_lainnya: float
    pengalaman_origin: str
    persepsi_split: dict[str, float]
    persepsi_is_assumption: bool
    persepsi_origin: str

    def for_year(self, year: int) -> DimensionWeights:
        """Return the dimension weights of ``year``; ``ValueError`` before 2015 (other structure)."""
        for period in self.periods:
            if period.covers(int(year)):
                return period
        raise ValueError(
            f"Tidak ada bobot IPAK untuk tahun {year}: struktur dua dimensi baru ada sejak 2015 "
            f"(no IPAK dimension weights for {year}; the two-dimension structure starts in 2015)."
        )

    def period(self, period_id: str) -> DimensionWeights:
        """Return the period with id ``period_id`` (e.g. ``"from_2018"``, ``"before_2018"``)."""
        for period in self.periods:
            if period.period_id == period_id:
                return period
        raise KeyError(f"Unknown weight period '{period_id}'")


def _weights_path(path: Path | str | None) -> Path:
    if path is not None:
        return Path(path)
    return reference_dir() / WEIGHTS_FILE


@lru_cache(maxsize=8)
def _load_cached(path_text: str, mtime: float) -> IpakWeights:
    with open(path_text, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    periods = []
    for item in raw["dimension_periods"]:
        feasible = {
            int(year): (float(bounds[0]), float(bounds[1]))
            for year, bounds in (item.get("feasible_persepsi") or {}).items()
        }
        w_p, w_e = float(item["persepsi"]), float(item["pengalaman"])
        if not math.isclose(w_p + w_e, 1.0, abs_tol=1e-9):
            raise ValueError(f"{path_text}: weights of period {item['id']} do not sum to 1")
        periods.append(
            DimensionWeights(
                period_id=str(item["id"]),
                first_year=int(item["first_year"]),
                last_year=None if item.get("last_year") is None else int(item["last_year"]),
                persepsi=w_p,
                pengalaman=w_e,
                origin=str(item["origin"]).strip(),
                feasible_persepsi=feasible,
            )
        )
    split = raw["pengalaman_split"]
    persepsi = raw["persepsi_split"]
    persepsi_weights = {k: float(persepsi[k]) for k in ("keluarga", "komunitas", "publik")}
    return IpakWeights(
        origin=str(raw["origin"]).strip(),
        periods=tuple(periods),
        pengalaman_publik=float(split["publik"]),
        pengalaman_lainnya=float(split["lainnya"]),
        pengalaman_origin=str(split["origin"]).strip(),
        persepsi_split=persepsi_weights,
        persepsi_is_assumption=bool(persepsi.get("is_assumption", True)),
        persepsi_origin=str(persepsi["origin"]).strip(),
    )


def load_weights(path: Path | str | None = None) -> IpakWeights:
    """Load the IPAK weights (default ``data/reference/ipak_weights.yaml``).

    The result carries each weight's origin; none of them is an official BPS constant.
    """
    resolved = _weights_path(path).resolve()
    return _load_cached(str(resolved), resolved.stat().st_mtime)


def compose_ipak(
    persepsi,
    pengalaman,
    year: int = 2024,
    weights: IpakWeights | None = None,
    period: str | None = None,
):
    """Compose IPAK (0–5) from Persepsi and Pengalaman with the weights of ``year``.

    ``period`` (``"from_2018"`` / ``"before_2018"``) overrides the year's period, e.g. to show
    that the 2018 weights do not reproduce 2015. Works on scalars and arrays.
    """
    weights = weights or load_weights()
    dims = weights.period(period) if period else weights.for_year(year)
    return dims.persepsi * np.asarray(persepsi, dtype=float) + dims.pengalaman * np.asarray(
        pengalaman, dtype=float
    )


def compose_pengalaman(publik, lainnya, weights: IpakWeights | None = None):
    """Compose Pengalaman (0–5) from pengalaman publik and lainnya (implied 0.75/0.25 split)."""
    weights = weights or load_weights()
    return weights.pengalaman_publik * np.asarray(publik, dtype=float) + (
        weights.pengalaman_lainnya * np.asarray(lainnya, dtype=float)
    )


def compose_persepsi(keluarga, komunitas, publik, weights: IpakWeights | None = None):
    """Compose Persepsi from its sub-dimensions with EQUAL weights — an ASSUMPTION.

    BPS's sub-dimension weights cannot be recovered from published values; with equal weights
    the 2024 sub-dimensions (3.96, 4.02, 3.50) give 3.83, not the published 3.76. Use only
    where a composition is unavoidable (synthetic respondent scores), and say so.
    """
    weights = weights or load_weights()
    split = weights.persepsi_split
    return (
        split["keluarga"] * np.asarray(keluarga, dtype=float)
        + split["komunitas"] * np.asarray(komunitas, dtype=float)
        + split["publik"] * np.asarray(publik, dtype=float)
    )


INDICATOR_COMPONENTS = {
    "ipak": "ipak",
    "ipak_persepsi": "persepsi",
    "ipak_pengalaman": "pengalaman",
    "ipak_persepsi_keluarga": "persepsi_keluarga",
    "ipak_persepsi_komunitas": "persepsi_komunitas",
    "ipak_persepsi_publik": "persepsi_publik",
    "ipak_pengalaman_publik": "pengalaman_publik",
    "ipak_pengalaman_lainnya": "pengalaman_lainnya",
}


def national_table(values: pd.DataFrame) -> pd.DataFrame:
    """Pivot the processed indicator table to one row per year of national IPAK components.

    ``values`` is ``data/processed/indicator_values.parquet`` (columns ``indicator_id``,
    ``region_code``, ``year``, ``value``). Returns columns ``year`` and the component names
    used by :func:`decompose_change` (``ipak``, ``persepsi``, ``pengalaman``, sub-dimensions
    where published); only published national values are used.
    """
    data = values[
        (values["region_code"].astype(str) == "00")
        & values["indicator_id"].isin(INDICATOR_COMPONENTS)
        & values["value"].notna()
    ]
    if "status" in data.columns:
        data = data[data["status"].fillna("published") == "published"]
    table = data.pivot_table(index="year", columns="indicator_id", values="value", aggfunc="first")
    table = table.rename(columns=INDICATOR_COMPONENTS).reset_index()
    table.columns.name = None
    table["year"] = table["year"].astype(int)
    return table


def values_for(table: pd.DataFrame, year: int) -> dict[str, float]:
    """Return the published components of ``year`` from :func:`national_table` as a dict."""
    row = table[table["year"] == int(year)]
    if row.empty:
        raise KeyError(
            f"Tidak ada nilai IPAK nasional untuk {year} (no national IPAK values for {year})."
        )
    return {k: float(v) for k, v in row.iloc[0].drop("year").items() if pd.notna(v)}


def reproduce_published(
    table: pd.DataFrame,
    period: str | None = None,
    weights: IpakWeights | None = None,
    tolerance: float = 0.01,
) -> pd.DataFrame:
    """Recompose published IPAK values from Persepsi and Pengalaman.

    ``table`` needs columns ``year``, ``ipak``, ``persepsi``, ``pengalaman`` (rows with a
    missing dimension are dropped). Returns ``year, ipak_published, ipak_composed, diff,
    within_tolerance, period``; ``period=None`` uses each year's own period.
    """
    weights = weights or load_weights()
    data = table.dropna(subset=["ipak", "persepsi", "pengalaman"]).copy()
    data = data[data["year"] >= 2015]
    rows = []
    for record in data.itertuples(index=False):
        dims = weights.period(period) if period else weights.for_year(int(record.year))
        composed = dims.persepsi * record.persepsi + dims.pengalaman * record.pengalaman
        diff = composed - record.ipak
        rows.append(
            {
                "year": int(record.year),
                "ipak_published": float(record.ipak),
                "ipak_composed": float(composed),
                "diff": float(diff),
                "within_tolerance": bool(abs(diff) <= tolerance + 1e-12),
                "period": dims.period_id,
            }
        )
    return pd.DataFrame(rows)


def _get(values: Mapping[str, float], key: str) -> float:
    if (
        key not in values
        or values[key] is None
        or (isinstance(values[key], float) and math.isnan(values[key]))
    ):
        raise KeyError(f"Nilai '{key}' diperlukan untuk dekomposisi (value '{key}' is required).")
    return float(values[key])


def _finish(rows: list[dict], total: float) -> pd.DataFrame:
    explained = math.fsum(row["contribution"] for row in rows)
    rows.append(
        {
            "component": "rounding_residual",
            "level": "residual",
            "weight": np.nan,
            "contribution": total - explained,
        }
    )
    rows.append({"component": "total", "level": "total", "weight": np.nan, "contribution": total})
    return pd.DataFrame(rows)


def decompose_change(
    before: Mapping[str, float],
    after: Mapping[str, float],
    year_before: int,
    year_after: int,
    level: str = "dimension",
    split_persepsi: bool = False,
    weights: IpakWeights | None = None,
) -> pd.DataFrame:
    """Decompose the published year-on-year change of IPAK into component contributions.

    ``before``/``after`` map ``ipak``, ``persepsi``, ``pengalaman`` (and, for
    ``level="subdimension"``, ``pengalaman_publik``, ``pengalaman_lainnya``; with
    ``split_persepsi`` also ``persepsi_keluarga/komunitas/publik``) to published values.

    Each dimension contributes (mean weight of the two years) × (its change). When the weights
    differ between the years, ``weight_change`` = Σ Δweight × mean value; the product rule
    makes these terms sum exactly to the change of the composed index. The difference to the
    *published* change (rounding of the published figures) is the ``rounding_residual`` line,
    so the contributions (all rows except ``total``) add up exactly to the published change.
    At sub-dimension level the Pengalaman term is split with the implied 0.75/0.25 weights;
    splitting Persepsi uses EQUAL weights (assumption) and shows the part the sub-dimensions do
    not explain on its own line.
    """
    if level not in ("dimension", "subdimension"):
        raise ValueError("level must be 'dimension' or 'subdimension'")
    weights = weights or load_weights()
    w0, w1 = weights.for_year(year_before), weights.for_year(year_after)
    total = _get(after, "ipak") - _get(before, "ipak")
    mean_w = {
        "persepsi": (w0.persepsi + w1.persepsi) / 2,
        "pengalaman": (w0.pengalaman + w1.pengalaman) / 2,
    }
    rows: list[dict] = []
    for dim in ("persepsi", "pengalaman"):
        delta = _get(after, dim) - _get(before, dim)
        if dim == "persepsi" and level == "subdimension" and split_persepsi:
            split = weights.persepsi_split
            explained = 0.0
            for sub in ("keluarga", "komunitas", "publik"):
                key = f"persepsi_{sub}"
                d_sub = _get(after, key) - _get(before, key)
                contrib = mean_w[dim] * split[sub] * d_sub
                explained += split[sub] * d_sub
                rows.append(
                    {
                        "component": key,
                        "level": "subdimension",
                        "weight": mean_w[dim] * split[sub],
                        "contribution": contrib,
                    }
                )
            rows.append(
                {
                    "component": "persepsi_unexplained",
                    "level": "subdimension",
                    "weight": mean_w[dim],
                    "contribution": mean_w[dim] * (delta - explained),
                }
            )
        elif dim == "pengalaman" and level == "subdimension":
            for sub, share in (
                ("publik", weights.pengalaman_publik),
                ("lainnya", weights.pengalaman_lainnya),
            ):
                key = f"pengalaman_{sub}"
                d_sub = _get(after, key) - _get(before, key)
                rows.append(
                    {
                        "component": key,
                        "level": "subdimension",
                        "weight": mean_w[dim] * share,
                        "contribution": mean_w[dim] * share * d_sub,
                    }
                )
        else:
            rows.append(
                {
                    "component": dim,
                    "level": "dimension",
                    "weight": mean_w[dim],
                    "contribution": mean_w[dim] * delta,
                }
            )
    if w0.period_id != w1.period_id:
        weight_term = math.fsum(
            (getattr(w1, dim) - getattr(w0, dim)) * (_get(after, dim) + _get(before, dim)) / 2
            for dim in ("persepsi", "pengalaman")
        )
        rows.append(
            {
                "component": "weight_change",
                "level": "dimension",
                "weight": np.nan,
                "contribution": weight_term,
            }
        )
    frame = _finish(rows, total)
    frame.attrs["origin"] = weights.origin
    return frame


def decompose_gap(
    values: Mapping[str, float],
    target: float,
    year: int,
    level: str = "dimension",
    split_persepsi: bool = False,
    weights: IpakWeights | None = None,
) -> pd.DataFrame:
    """Decompose the gap to target (target − published IPAK) into component contributions.

    Because the weights sum to one, target − IPAK = Σ weight_c × (target − value_c): each
    component's distance to the target level, weighted, is its contribution (negative when the
    component is already above the target). The difference between the composed and the
    published IPAK is the ``rounding_residual`` line, so contributions add up exactly to the
    published gap. Sub-dimension rules as in :func:`decompose_change`.
    """
    if level not in ("dimension", "subdimension"):
        raise ValueError("level must be 'dimension' or 'subdimension'")
    weights = weights or load_weights()
    dims = weights.for_year(year)
    total = float(target) - _get(values, "ipak")
    rows: list[dict] = []
    for dim in ("persepsi", "pengalaman"):
        w = getattr(dims, dim)
        if dim == "persepsi" and level == "subdimension" and split_persepsi:
            split = weights.persepsi_split
            composed = 0.0
            for sub in ("keluarga", "komunitas", "publik"):
                key = f"persepsi_{sub}"
                composed += split[sub] * _get(values, key)
                rows.append(
                    {
                        "component": key,
                        "level": "subdimension",
                        "weight": w * split[sub],
                        "contribution": w * split[sub] * (target - _get(values, key)),
                    }
                )
            rows.append(
                {
                    "component": "persepsi_unexplained",
                    "level": "subdimension",
                    "weight": w,
                    "contribution": w * (composed - _get(values, dim)),
                }
            )
        elif dim == "pengalaman" and level == "subdimension":
            for sub, share in (
                ("publik", weights.pengalaman_publik),
                ("lainnya", weights.pengalaman_lainnya),
            ):
                key = f"pengalaman_{sub}"
                rows.append(
                    {
                        "component": key,
                        "level": "subdimension",
                        "weight": w * share,
                        "contribution": w * share * (target - _get(values, key)),
                    }
                )
        else:
            rows.append(
                {
                    "component": dim,
                    "level": "dimension",
                    "weight": w,
                    "contribution": w * (target - _get(values, dim)),
                }
            )
    frame = _finish(rows, total)
    frame.attrs["origin"] = weights.origin
    return frame
