"""Ombudsman unit scores: the sector vocabulary and the query the brief uses.

In every pemda it assesses, the Ombudsman scores fixed service units (DPMPTSP, Disdukcapil,
Dinkes/puskesmas/RSUD, Disdik, and others). Those rows are indicator ``ombudsman_unit`` and come
through Template 3 (``docs/DATA_CONTRACT.md``): one row per unit, with a ``sector`` from
``data/reference/unit_sectors.yaml`` and the unit's name as published (``unit_name``).

* :func:`sectors` returns the vocabulary (key, order, core, labels, aliases).
* :func:`resolve_sector` maps what an analyst typed (``DPMPTSP``, ``adminduk``) to a key.
* :func:`unit_scores` returns each unit's latest row up to a year for some regions;
  :func:`pemda_codes` gives a province's governments (Pemprov and its kab/kota).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from helpers.reference import regions
from helpers.reference.catalogue import contract
from helpers.reference.files import load_yaml

UNIT_INDICATOR = "ombudsman_unit"
UNIT_COLUMNS = [
    "region_code", "region_name", "level", "sector", "is_core_sector",
    "unit_name", "year", "value", "category", "status", "source", "note",
    "source_file", "source_row",
]  # fmt: skip
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Sector:
    """One entry of ``unit_sectors.yaml``.

    ``label_id``/``label_en`` are the reader's words, chosen by the renderers
    (:func:`helpers.brief.render.labels.unit_sector_label`).
    """

    key: str
    order: int
    core: bool
    label_id: str
    label_en: str
    aliases: tuple[str, ...]


def normalise(text: object) -> str:
    """Return ``text`` case-folded with runs of spaces collapsed (for matching and keys)."""
    return _SPACES.sub(" ", str(text)).strip().casefold()


def sectors() -> dict[str, Sector]:
    """Return the sector vocabulary keyed by sector key, in table order."""
    raw = load_yaml(contract()["unit_sectors_file"])["sectors"]
    table = {
        key: Sector(
            key=key,
            order=int(entry["order"]),
            core=bool(entry["core"]),
            label_id=entry["label_id"],
            label_en=entry["label_en"],
            aliases=tuple(str(alias) for alias in entry.get("aliases", [])),
        )
        for key, entry in raw.items()
    }
    return dict(sorted(table.items(), key=lambda item: item[1].order))


def sector_words() -> dict[str, str]:
    """Return every accepted spelling (normalised key or alias) mapped to its sector key."""
    words = {}
    for key, sector in sectors().items():
        words[normalise(key)] = key
        for alias in sector.aliases:
            words[normalise(alias)] = key
    return words


def resolve_sector(text: object) -> str | None:
    """Return the sector key for ``text`` (a key or alias, any case), or ``None``."""
    return sector_words().get(normalise(text))


def core_sectors() -> list[str]:
    """Return the keys of the four counters (licensing, civil registry, health, education)."""
    return [key for key, sector in sectors().items() if sector.core]


def pemda_codes(province: str) -> list[str]:
    """Return the codes of a province's governments: the Pemprov first, then its kab/kota.

    ``province`` is anything the region resolver reads as a province (``"36"``, ``"Banten"``,
    ``"NTT"``).
    """
    code = regions.resolve(province, level="province").code
    return [code, *(region.code for region in regions.regencies(code))]


def unit_scores(
    values: pd.DataFrame,
    region_codes: Iterable[str],
    year: int,
    sectors_only: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Return the latest ``ombudsman_unit`` row of every unit in ``region_codes``, up to ``year``.

    ``values`` is the processed values table (``Processed.values``). A unit is identified by
    (region_code, sector, unit_name ignoring case and spacing); for each unit the row of its
    latest year ``<= year`` is kept, so units assessed in different years appear with their own
    year. Rows with status ``suppressed`` or ``missing`` are kept (they are not zero).
    ``sectors_only`` restricts to some sector keys (e.g. :func:`core_sectors`).

    Returns the columns of :data:`UNIT_COLUMNS`, sorted by region, sector order, then value
    (lowest first, empty last) and unit name. ``is_core_sector`` is True for the four
    counters; the sector's name in a language is the renderers' (texts ``sectors.<key>.label``).
    """
    vocabulary = sectors()
    codes = {str(code) for code in region_codes}
    frame = values[
        (values["indicator_id"] == UNIT_INDICATOR)
        & values["region_code"].astype(str).isin(codes)
        & (values["year"] <= int(year))
    ].copy()
    if sectors_only is not None:
        frame = frame[frame["sector"].isin(set(sectors_only))]
    if frame.empty:
        return pd.DataFrame(columns=UNIT_COLUMNS)
    frame["_unit"] = frame["unit_name"].map(normalise)
    frame = frame.sort_values("year").groupby(["region_code", "sector", "_unit"]).tail(1)
    frame["is_core_sector"] = frame["sector"].map(
        lambda key: bool(key in vocabulary and vocabulary[key].core)
    )
    frame["_order"] = frame["sector"].map(
        lambda key: vocabulary[key].order if key in vocabulary else len(vocabulary) + 1
    )
    frame = frame.sort_values(
        ["region_code", "_order", "value", "unit_name"], na_position="last", kind="stable"
    )
    return frame[UNIT_COLUMNS].reset_index(drop=True)
