"""Dev/bench loader: the shared December 2026 additions as a values frame in the processed schema.

NOT part of the package. The full published SPI panel (``spi_resp_eksternal`` for every
government 2021–2025) is being carried into ``data/raw`` on another branch; until it lands this
script builds the same long frame (``indicator_id, region_code, year, value, status, sector,
unit_name``) straight from ``additions-2026-12-07/{spi,spi_components,ombudsman,mcp,
ombudsman_unit}.csv`` so that :mod:`helpers.model.panel` can be developed and checked on the real
figures. Institutions are resolved to BPS codes with :func:`helpers.reference.regions.resolve`
(the ``institution`` column); what does not resolve is skipped and counted.

Choices (all counted in the returned ``log``):

* aggregates (``level`` ``province-aggregate`` / ``national``, ``*-wilayah-mean``,
  ``MCP-national-mean``) are not governments: dropped;
* MCP rows whose note says INTERIM or pre-final get ``status = "interim"`` (the panel model
  leaves them out);
* a government-year with several rows for one indicator (the files keep every variant of a
  conflict): the SPI dashboard-copy row is kept (the SPI panel's one consistent source); for
  the other files the first row in file order; the others are dropped and counted;
* Ombudsman rows with only a grade keep ``value`` NaN (a grade is not a score).

Usage::

    PYTHONPATH=src python bench/panel_data.py            # prints counts and writes nothing
    PYTHONPATH=src python bench/panel_data.py --write out.csv
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
# the shared reference folder beside the checkout (../shared/), as laid out for developers and CI
ADDITIONS = ROOT.parent / "shared" / "data" / "reference" / "additions-2026-12-07"

INDICATORS = {
    "SPI": "spi",
    "SPI-resp-eksternal": "spi_resp_eksternal",
    "Ombudsman-kepatuhan": "ombudsman",
    "MCP": "mcp",
    "MCP-perizinan": "mcp_perizinan",
    "MCP-pelayanan-publik": "mcp_pelayanan_publik",
    "Ombudsman-kepatuhan-OPD": "ombudsman_unit",
}
FILES = ("spi", "spi_components", "ombudsman", "mcp", "ombudsman_unit")
_UNIT = re.compile(r"^(?P<gov>.+?) - (?P<unit>.+?) \((?P<sector>[a-z_ ]+)\)\s*$")
_INTERIM = re.compile(r"interim|pre-final", re.IGNORECASE)


def _resolve(text: str, cache: dict) -> str | None:
    from helpers.reference import regions

    if text not in cache:
        try:
            cache[text] = regions.resolve(text).code
        except ValueError:
            cache[text] = None
    return cache[text]


def additions_values(folder: Path = ADDITIONS) -> tuple[pd.DataFrame, dict]:
    """Return (values in processed schema, log of counts per choice)."""
    cache: dict = {}
    log: dict[str, int] = {}

    def count(key: str, n: int = 1) -> None:
        log[key] = log.get(key, 0) + n

    rows = []
    for name in FILES:
        table = pd.read_csv(folder / f"{name}.csv", dtype={"value": float})
        for order, r in enumerate(table.itertuples(index=False)):
            indicator = INDICATORS.get(r.indicator)
            if indicator is None:
                count(f"{name}: indicator not used")
                continue
            if r.level in ("province-aggregate", "national"):
                count(f"{name}: aggregate row")
                continue
            institution, sector, unit_name = str(r.institution), "", ""
            if indicator == "ombudsman_unit":
                match = _UNIT.match(institution)
                if not match:
                    count(f"{name}: unit name not parsed")
                    continue
                institution = match["gov"]
                sector, unit_name = match["sector"].strip(), match["unit"].strip()
            code = _resolve(institution, cache)
            if code is None:
                count(f"{name}: institution not resolved")
                continue
            note = "" if pd.isna(r.note) else str(r.note)
            status = "interim" if _INTERIM.search(note) else "published"
            mirror = "Daffaariftama/spi-kpk" in str(r.source_url)
            rows.append(
                {
                    "indicator_id": indicator,
                    "region_code": code,
                    "year": int(r.year),
                    "value": r.value,
                    "status": status,
                    "sector": sector,
                    "unit_name": unit_name,
                    "source_file": f"{name}.csv",
                    "_priority": (0 if mirror else 1, order),
                }
            )
    frame = pd.DataFrame(rows).sort_values("_priority", kind="stable")
    key = ["indicator_id", "region_code", "year", "sector", "unit_name"]
    duplicated = frame.duplicated(key, keep="first")
    for indicator, n in frame[duplicated].groupby("indicator_id").size().items():
        count(f"{indicator}: duplicate government-year variant dropped", int(n))
    frame = frame[~duplicated].drop(columns="_priority")
    frame = frame.sort_values(key).reset_index(drop=True)
    return frame, log


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=ADDITIONS)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    values, log = additions_values(args.folder)
    for key, n in sorted(log.items()):
        print(f"{n:6d}  {key}")
    print(values.groupby(["indicator_id", "status"]).size().to_string())
    if args.write:
        values.to_csv(args.write, index=False)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
