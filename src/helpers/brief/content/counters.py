"""The four service counters from published evidence: named units, MCP areas, national rate.

Unit scores are shown per named unit of a named government with its year. A counter's
rating (the mean of its two worst units, ``brief.yaml`` ``sector_rating``) is computed only
for the brief's own government: units of different governments are never averaged.
"""

from __future__ import annotations

import pandas as pd

from helpers.brief.content import shared
from helpers.brief.content.figures import figure_from_row, latest_row, not_applicable
from helpers.brief.content.schema import Counter, CountersPart, Unit
from helpers.core.levels import NATIONAL_CODE
from helpers.data import units as unit_data


def _units(b, part: pd.DataFrame) -> tuple[Unit, ...]:
    out = []
    for row in part.itertuples():
        series = pd.Series(row._asdict())
        figure = figure_from_row(
            series, "ombudsman_unit", row.region_code, b.year, b.stale, b.citations
        )
        out.append(Unit(row.sector, str(row.unit_name), row.region_code, figure))
    return tuple(out)


def _own_rating(b, units: tuple[Unit, ...]) -> tuple[float | None, int]:
    scores = [u.figure.value for u in units
              if u.region_code == b.region.code and u.figure.has_number]  # fmt: skip
    if not scores:
        return None, 0
    n_worst = int(b.settings["sector_rating"]["n_worst"])
    worst = sorted(scores)[:n_worst]
    return sum(worst) / len(worst), len(scores)


def counters(b) -> CountersPart:
    """Each counter's units (lowest score first), MCP's areas and SPI Pendidikan, national rate."""
    codes = [b.region.code] if b.is_regency else list(shared.peer_codes(b.province.code))
    scored = unit_data.unit_scores(b.data.values, codes, b.year)
    out = []
    for sector in unit_data.core_sectors():
        part = scored[scored.sector == sector]
        units = _units(b, part)
        rating, n_scored = _own_rating(b, units)
        out.append(Counter(sector, units, rating, n_scored))
    figures = []
    for entry in b.settings["sector_evidence"]:
        indicator_id = entry["indicator"]
        for code in (
            (b.region.code, NATIONAL_CODE) if entry.get("with_national") else (b.region.code,)
        ):
            if code != NATIONAL_CODE and b.is_administrative:
                figures.append(not_applicable(indicator_id, code))
                continue
            rows = shared.indicator_rows(b.data, indicator_id)
            figures.append(figure_from_row(latest_row(rows, indicator_id, code, b.year),
                                           indicator_id, code, b.year, b.stale, b.citations))  # fmt: skip
    rate_id = "spak_paid_extra_share_pct"
    row = latest_row(shared.indicator_rows(b.data, rate_id), rate_id, NATIONAL_CODE, b.year)
    national = (
        None
        if row is None
        else figure_from_row(row, rate_id, NATIONAL_CODE, b.year, b.stale, b.citations)
    )
    return CountersPart(tuple(out), tuple(figures), national)
