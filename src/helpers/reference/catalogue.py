"""The indicator catalogue (``data/reference/indicators.yaml``) and the input contract.

One source of truth for what an indicator id means: names in Indonesian and English,
unit, valid range, direction, and the levels at which the source is valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from helpers.core.paths import reference_dir
from helpers.reference.files import load_yaml
from helpers.reference.texts import check_lang

LEVELS = ("national", "province", "regency")


@dataclass(frozen=True)
class Indicator:
    """One catalogue entry."""

    id: str
    name_id: str
    name_en: str
    unit: str
    min: float
    max: float
    higher_is_better: bool
    valid_levels: tuple[str, ...]
    publisher: str
    note: str = ""

    def name(self, lang: str = "id") -> str:
        """Return the indicator's name in ``lang`` ("id" or "en").

        Indicator names stay in ``indicators.yaml`` beside the definition they name (not in
        ``data/reference/texts/``): they are part of the published indicator definition.
        """
        return self.name_en if check_lang(lang) == "en" else self.name_id


@cache
def _catalogue(path: str) -> dict[str, Indicator]:
    raw = load_yaml("indicators.yaml")
    catalogue = {}
    for indicator_id, entry in raw.items():
        levels = tuple(entry["valid_levels"])
        unknown = set(levels) - set(LEVELS)
        if unknown:
            raise ValueError(f"{path}: indicator '{indicator_id}' has unknown levels {unknown}")
        catalogue[indicator_id] = Indicator(
            id=indicator_id,
            name_id=entry["name_id"],
            name_en=entry["name_en"],
            unit=entry["unit"],
            min=float(entry["min"]),
            max=float(entry["max"]),
            higher_is_better=bool(entry["higher_is_better"]),
            valid_levels=levels,
            publisher=entry["publisher"],
            note=str(entry.get("note", "")).strip(),
        )
    return catalogue


def catalogue() -> dict[str, Indicator]:
    """Return all indicators, keyed by id."""
    return _catalogue(str(reference_dir() / "indicators.yaml"))


def indicator(indicator_id: str) -> Indicator:
    """Return one indicator; ``KeyError`` naming the catalogue file if unknown."""
    try:
        return catalogue()[indicator_id]
    except KeyError:
        raise KeyError(
            f"Indikator '{indicator_id}' tidak ada di {reference_dir() / 'indicators.yaml'}"
        ) from None


def contract() -> dict:
    """Return the input contract settings (``data/reference/contract.yaml``)."""
    return load_yaml("contract.yaml")
