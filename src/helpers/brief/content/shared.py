"""Results several briefs share, computed once per data fingerprint and year.

A batch's warm worker builds many briefs in one process: the gap table of a province (its
Pemprov and every kab/kota), each indicator's same-year figures at a level and the sector
model are computed for the first brief that needs them and read by the others. The key is
the processed data's hash, so new data never meets an old result.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from helpers.core.levels import NATIONAL_CODE
from helpers.data.build import Processed
from helpers.gaps import metrics
from helpers.reference import regions

_STORE: dict[tuple, object] = {}
_MAX_ENTRIES = 4096


def remember(key: tuple, make):
    """``make()`` once per ``key`` (a data hash in it) for this process."""
    return _remember(key, make)


def _remember(key: tuple, make):
    if key not in _STORE:
        if len(_STORE) >= _MAX_ENTRIES:
            _STORE.clear()
        _STORE[key] = make()
    return _STORE[key]


def data_key(data: Processed) -> str:
    """The processed data's identity: its hash (recorded in the manifest)."""
    return str(data.manifest.get("data_hash") or id(data))


def indicator_rows(data: Processed, indicator_id: str) -> pd.DataFrame:
    """The processed rows of one indicator."""
    return _remember(("rows", data_key(data), indicator_id),
                     lambda: data.values[data.values.indicator_id == indicator_id])  # fmt: skip


@cache
def peer_codes(province_code: str) -> tuple[str, ...]:
    """The Pemprov first, then every kab/kota of the province (BPS order)."""
    return (province_code, *(r.code for r in regions.regencies(province_code)))


@cache
def autonomous_codes(level: str) -> tuple[str, ...]:
    """Every autonomous government of a level (``province`` 38, ``regency`` 508)."""
    if level == "province":
        return tuple(r.code for r in regions.provinces())
    return tuple(r.code for r in regions.regencies() if regions.is_autonomous(r.code))


def gap_table(
    data: Processed, indicator_id: str, codes: tuple[str, ...], year: int
) -> pd.DataFrame:
    """The gap table of ``codes`` at ``year`` (latest value up to the year), shared."""
    key = ("gaps", data_key(data), indicator_id, codes, int(year))
    return _remember(key, lambda: metrics.gap_table(
        indicator_rows(data, indicator_id), data.targets, indicator_id, list(codes), int(year),
        carry_forward_years=int(year)))  # fmt: skip


def gap_row(
    data: Processed, indicator_id: str, code: str, province_code: str, year: int
) -> pd.Series:
    """One government's gap row, read from its province's shared table."""
    codes = (NATIONAL_CODE,) if code == NATIONAL_CODE else peer_codes(province_code)
    table = gap_table(data, indicator_id, codes, year)
    return table[table.region_code == code].iloc[0]


def same_year_numbers(data: Processed, indicator_id: str, year: int, level: str) -> pd.Series:
    """Published numbers of an indicator in exactly ``year`` for every government of a level.

    Indexed by region code; only the publisher's final figures (no interim readings).
    """

    def make() -> pd.Series:
        rows = indicator_rows(data, indicator_id)
        rows = rows[(rows.year == int(year)) & (rows.status == "published")
                    & rows.region_code.isin(set(autonomous_codes(level)))]  # fmt: skip
        numbers = pd.to_numeric(rows.value, errors="coerce")
        return pd.Series(numbers.to_numpy(), index=rows.region_code.to_numpy()).dropna()

    return _remember(("same_year", data_key(data), indicator_id, int(year), level), make)


def sector_model(year: int):
    """The SPAK microdata and fitted sector model of ``year`` (fitted once per process)."""
    from helpers.model import experience

    return _remember(("sector_model", int(year)), lambda: experience.brief_model(int(year)))
