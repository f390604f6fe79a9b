"""Sector rates and the what-if arithmetic, from an analyst's real SPAK microdata only.

The synthetic demonstration file never reaches a brief: it lives in the exploration notebook
(``notebooks/experience_drivers.ipynb``), so no synthetic number can be projected by accident.
"""

from __future__ import annotations

from helpers.brief.content import shared
from helpers.brief.content.schema import EmptyItem, SectorModelPart, SectorRate, WhatIfRow
from helpers.core.missing import as_number
from helpers.reference.files import estimation_settings


def _num(value) -> float | None:
    number = as_number(value)
    return None if number is None else float(number)


def _source(b, micro) -> tuple[int, ...]:
    return b.citations.document(str(micro.attrs.get("source_file", "SPAK")), kind="microdata")


def sector_model(b) -> SectorModelPart | None:
    """Fay–Herriot sector rates with intervals (province: its rates; kab/kota: its own)."""
    if b.microdata_is_synthetic or b.is_administrative:
        return None
    micro, model = shared.sector_model(b.year)
    level = float(estimation_settings()["fay_herriot"]["ci_level"])
    from helpers.model import experience

    if b.is_regency:
        summary = experience.regency_sector_summary(model, b.region.code)
        rows = tuple(SectorRate(
            r.sector, _num(r.rate_pct), _num(r.ci_low_pct), _num(r.ci_high_pct), str(r.method),
            _num(r.national_rate_pct), _num(r.province_rate_pct), int(r.n_users),
            bool(r.shown), None if r.shown else str(r.reason)) for r in summary.itertuples())  # fmt: skip
        if not any(r.shown for r in rows):
            b.empty.append(EmptyItem("sector_model", None, "no_respondents", "BPS"))
            return None
        return SectorModelPart(rows, level, None, _source(b, micro))
    summary = experience.sector_summary(micro, b.province.code, year=b.year, model=model)
    rows = tuple(SectorRate(
        r.sector, _num(r.rate_pct), _num(r.ci_low_pct), _num(r.ci_high_pct), str(r.method),
        _num(r.national_rate_pct)) for r in summary.itertuples())  # fmt: skip
    note = experience.model_note(model)
    return SectorModelPart(rows, level, note, _source(b, micro))


def what_if(b) -> tuple[WhatIfRow, ...]:
    """Lower one sector's rate by k points: Pengalaman's change (province brief, real data)."""
    if b.microdata_is_synthetic or b.is_regency:
        return ()
    micro, model = shared.sector_model(b.year)
    from helpers.model import experience

    k = float(b.settings["what_if_k_points"])
    table = experience.what_if_table(micro, b.province.code, k_points=k, year=b.year, model=model)
    accounting = table[table.method == table.method.iloc[0]]
    level = float(estimation_settings()["drivers"]["ci_level"])
    return tuple(WhatIfRow(r.sector, str(r.method), k, _num(r.delta_pengalaman),
                           _num(r.delta_pengalaman_ci_low), _num(r.delta_pengalaman_ci_high), level)
                 for r in accounting.itertuples())  # fmt: skip
