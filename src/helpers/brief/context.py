"""What every section of a brief needs: the government, year, language, data and choices.

:func:`open_brief` resolves the government, loads the validated data (rebuilding when the
inputs changed), reads ``data/reference/brief.yaml`` and picks the reference year. Sections
record the numbers they show in ``ctx.key_numbers`` (written as the JSON sidecar) and cite
sources with :meth:`BriefContext.cite`, which returns the marker shown next to the number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers.brief.style import apply_style
from helpers.core.levels import NATIONAL_CODE
from helpers.core.missing import is_missing
from helpers.data import boundaries, sources
from helpers.data.build import Processed, load_processed
from helpers.data.microdata import find_microdata
from helpers.reference import regions
from helpers.reference.files import load_yaml
from helpers.reference.texts import check_lang


def brief_settings() -> dict:
    """Return ``data/reference/brief.yaml`` (the brief's analysis choices)."""
    return load_yaml("brief.yaml")


@dataclass
class Source:
    """One entry of the sources list: the marker number, the citation and its URLs (ranked)."""

    number: int
    text: str
    urls: tuple[str, ...] = ()


@dataclass
class BriefContext:
    """Everything a section needs: the government, year, language, data and choices."""

    province: regions.Region
    year: int
    lang: str
    data: Processed
    settings: dict = field(default_factory=brief_settings)
    key_numbers: dict = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    synthetic_sections: list[str] = field(default_factory=list)
    empty_lines: list[tuple[str, str]] = field(default_factory=list)
    microdata_is_synthetic: bool = False
    latest_ipak_year: int | None = None
    government: regions.Region | None = None
    _regency_boundaries: object = None

    @property
    def region(self) -> regions.Region:
        """The government the brief is for: the province itself, or one of its kab/kota."""
        return self.government or self.province

    @property
    def is_regency(self) -> bool:
        """True for a kab/kota brief."""
        return self.region.level == "regency"

    @property
    def is_administrative(self) -> bool:
        """True for DKI Jakarta's kota/kabupaten administrasi: not an autonomous government."""
        return self.is_regency and not regions.is_autonomous(self.region.code)

    @property
    def stale_after_years(self) -> int:
        """A value more than this many years older than the reference year is marked old."""
        return int(self.settings["year_rule"]["stale_after_years"])

    def regency_boundaries(self):
        """Return the regency boundary layer, read once per brief (None without one)."""
        if self._regency_boundaries is None:
            self._regency_boundaries = boundaries.read_boundaries("regency") or False
        return self._regency_boundaries or None

    def cite(
        self, source_cell: object, indicator_id: str | None = None, year: object = None
    ) -> list[int]:
        """Remember the source of a shown figure; return the marker number(s) to show by it.

        With ``indicator_id`` the entry names the publisher and, for a figure that came through
        a news report, the outlet ("KPK, melalui antaranews.com, 2024"), official pages first;
        without one (a target document, the synthetic generator) the cell is cited as written.
        """
        if is_missing(source_cell) or not str(source_cell).strip():
            return []
        if indicator_id is None:
            return [
                self._entry(str(part).strip(), ()) for part in sources.split_sources(source_cell)
            ]
        cited = sources.citation(source_cell, sources.publisher_of(indicator_id), year)
        return [self._entry(cited.text(self.lang), cited.urls + cited.documents)]

    def _entry(self, text: str, urls: tuple[str, ...]) -> int:
        known = next((s for s in self.sources if s.text == text and s.urls == urls), None)
        if known is None:
            known = Source(len(self.sources) + 1, text, urls)
            self.sources.append(known)
        return known.number

    def government_codes(self) -> list[str]:
        """The governments the brief is about: the Pemprov and every kab/kota, or the one kab/kota."""
        return [self.region.code] if self.is_regency else self.peer_codes()

    def peer_codes(self) -> list[str]:
        """The provincial government first, then every kab/kota of the province."""
        return [self.province.code] + [r.code for r in regions.regencies(self.province.code)]


def _latest_ipak_year(values: pd.DataFrame) -> int | None:
    ipak = values[
        (values.indicator_id == "ipak")
        & (values.region_code == NATIONAL_CODE)
        & (values.status == "published")
    ]
    return int(ipak["year"].max()) if len(ipak) else None


def open_brief(region: str, year: int | None = None, lang: str = "id") -> BriefContext:
    """Resolve the government, load validated data (rebuilding if stale) and pick the year.

    ``region`` is a BPS code (string) or a name of a province or kab/kota; ``year`` defaults
    to the latest year with a published national IPAK.
    """
    check_lang(lang)
    government = regions.resolve(str(region))
    if government.level == "national":
        raise ValueError(
            "brief dibuat per pemerintah daerah (provinsi atau kab/kota), bukan nasional"
        )
    data = load_processed()
    latest_ipak = _latest_ipak_year(data.values)
    chosen = int(year) if year is not None else latest_ipak
    apply_style()
    province = (
        government if government.level == "province" else regions.get(government.province_code)
    )
    return BriefContext(
        province=province,
        government=government,
        year=chosen,
        lang=lang,
        data=data,
        microdata_is_synthetic=find_microdata() is None,
        latest_ipak_year=latest_ipak,
    )
