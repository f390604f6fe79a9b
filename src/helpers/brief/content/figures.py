"""From processed rows to :class:`~helpers.brief.content.schema.Figure` and cited sources.

:class:`Citations` numbers the sources of one brief as its content is built: one entry per
publisher, outlet and year (their URLs merged), so the list stays short.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.brief.content.schema import Figure, Source
from helpers.core.missing import as_number, is_missing, text_or_empty
from helpers.data import sources as data_sources
from helpers.gaps.thresholds import classify

FINAL_STATES = ("published", "suppressed", "missing")


class Citations:
    """The numbered sources of one brief, de-duplicated as they are cited."""

    def __init__(self) -> None:
        self.entries: list[Source] = []
        self._index: dict[tuple, int] = {}

    def _add(self, key: tuple, make) -> int:
        number = self._index.get(key)
        if number is None:
            number = len(self.entries) + 1
            self.entries.append(make(number))
            self._index[key] = number
        return number

    def figure(
        self, cell: object, indicator_id: str, year: object, tier: object = None
    ) -> tuple[int, ...]:
        """Cite a published figure's source cell (publisher from the catalogue)."""
        if is_missing(cell) or not str(cell).strip():
            return ()
        cited = data_sources.citation(cell, data_sources.publisher_of(indicator_id), year)
        tier_value = None if is_missing(tier) else int(tier)
        key = (
            "figure",
            cited.publisher,
            cited.outlet,
            cited.year,
            cited.documents[:1] if not cited.urls else (),
        )
        number = self._add(key, lambda n: Source(
            n, "figure", cited.publisher, cited.outlet, cited.year, tier_value,
            cited.documents[0] if cited.documents and not cited.urls else None,
            tuple(cited.urls + cited.documents)))  # fmt: skip
        self._merge_urls(number, cited.urls + cited.documents)
        return (number,)

    def document(self, cell: object, kind: str = "document") -> tuple[int, ...]:
        """Cite a document (a target's legal basis, a boundary layer, a microdata file)."""
        if is_missing(cell) or not str(cell).strip():
            return ()
        numbers = []
        for part in data_sources.split_sources(cell):
            is_url = part.lower().startswith(("http://", "https://"))
            key = (kind, part)
            numbers.append(self._add(key, lambda n, p=part, u=is_url: Source(
                n, kind, document=None if u else p, urls=(p,) if u else ())))  # fmt: skip
        return tuple(dict.fromkeys(numbers))

    def target(self, cell: object, kind: object, year: object) -> tuple[int, ...]:
        """Cite a target: its kind (RPJMN, RPJMD, …) and where it was read ("melalui …")."""
        if is_missing(cell) or not str(cell).strip():
            return ()
        cited = data_sources.citation(cell, "", year)
        kind_text = text_or_empty(kind) or None
        key = ("target", kind_text, cited.outlet, cited.year)
        number = self._add(key, lambda n: Source(
            n, "target", None, cited.outlet, cited.year, None, kind_text,
            tuple(cited.urls + cited.documents)))  # fmt: skip
        self._merge_urls(number, cited.urls + cited.documents)
        return (number,)

    def recommendation(self, url: str, publisher: str, title: str) -> tuple[int, ...]:
        """Cite the published source of a recommended action (kind ``recommendation``)."""
        if not str(url).strip():
            return ()
        key = ("recommendation", str(url).strip())
        return (self._add(key, lambda n: Source(n, "recommendation", publisher, None, None, None,
                                                 title or None, (str(url).strip(),))),)  # fmt: skip

    def _merge_urls(self, number: int, urls: tuple[str, ...]) -> None:
        entry = self.entries[number - 1]
        merged = tuple(dict.fromkeys(entry.urls + tuple(urls)))
        if merged != entry.urls:
            self.entries[number - 1] = Source(**{**entry.__dict__, "urls": merged})

    def all(self) -> tuple[Source, ...]:
        """Every entry, numbered in order of first citation."""
        return tuple(self.entries)


_GROUPS: dict[int, tuple[pd.DataFrame, dict]] = {}


def _groups(values: pd.DataFrame) -> dict:
    """``values`` split by (indicator, region), sorted by year; kept while the frame lives.

    Briefs query the same shared frames (``shared.indicator_rows``) thousands of times: one
    split replaces a scan of the whole frame per query. Each group keeps its years and which
    rows are final (not interim) as arrays.
    """
    known = _GROUPS.get(id(values))
    if known is None or known[0] is not values:
        if len(_GROUPS) > 64:
            _GROUPS.clear()
        ordered = values.sort_values("year", kind="stable")
        split = {}
        for key, frame in ordered.groupby(["indicator_id", "region_code"], sort=False):
            status = frame["status"].to_numpy() if "status" in frame else None
            final = (np.isin(status, FINAL_STATES) | (status == "")) if status is not None else None
            split[key] = (frame, frame["year"].to_numpy(), final)
        known = (values, split)
        _GROUPS[id(values)] = known
    return known[1]


def latest_row(values: pd.DataFrame, indicator_id: str, code: str, year: int) -> pd.Series | None:
    """The latest final row of an indicator for a government up to ``year`` (None: none).

    Interim readings (a live dashboard before the publisher closed the year) are not final
    figures: taken only when no final row exists, and then shown in their own state (never
    ranked, never a trend point).
    """
    group = _groups(values).get((indicator_id, code))
    if group is None:
        return None
    frame, years, final = group
    upto = years <= year
    if not upto.any():
        return None
    chosen = np.flatnonzero(upto & final) if final is not None else np.array([], dtype=int)
    if not len(chosen):  # only an interim reading: shown as such
        chosen = np.flatnonzero(upto)
    return frame.iloc[int(chosen[-1])]


def _flag(row: pd.Series, column: str) -> bool:
    return bool(row.get(column)) if column in row and not is_missing(row.get(column)) else False


def figure_from_row(
    row: pd.Series | None,
    indicator_id: str,
    code: str,
    ref_year: int,
    stale_after_years: int,
    citations: Citations | None,
) -> Figure:
    """A :class:`Figure` from a processed row; a missing row is the state ``missing``."""
    if row is None:
        return Figure(indicator_id, code, None, None, "missing", band_kind="missing")
    status = text_or_empty(row.status) or "published"
    value = as_number(row.value) if status in ("published", "interim") else None
    category = text_or_empty(row.get("category")) or None
    year = int(row.year)
    band = classify(indicator_id, value, year, category, status) if status in FINAL_STATES else None
    conflict = text_or_empty(row.get("conflict_values")) or None
    sources = (
        citations.figure(row.source, indicator_id, year, row.get("source_tier"))
        if citations
        else ()
    )
    return Figure(
        indicator_id=indicator_id, region_code=code, year=year, value=value, status=status,
        category=category, band_key=band.key if band else None, band_kind=band.kind if band else None,
        tone=band.tone if band else None, is_old=ref_year - year > stale_after_years,
        is_province_statement=_flag(row, "is_province_statement"),
        has_conflict=_flag(row, "has_conflict") or conflict is not None,
        conflict_values=conflict, source_numbers=sources,
    )  # fmt: skip


def not_applicable(indicator_id: str, code: str) -> Figure:
    """A score that does not apply (a kota/kabupaten administrasi): not missing, not zero."""
    return Figure(indicator_id, code, None, None, "not_applicable")
