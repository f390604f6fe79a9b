"""Copy a small slice of the carried 2026-12-07 batch into the frozen test fixtures.

Usage (from the repository root; re-runnable)::

    PYTHONPATH=src python tools/slice_fixtures.py

Writes ``tests/fixtures/raw/panel_slice.csv`` (Template 1, rows copied unchanged from
``data/raw``): the SPI index, respondent sub-indices and corrections 2021-2025 of Kalimantan
Tengah (Pemprov 62 and its 14 kab/kota), Kota Tebing Tinggi (BPS 1274), Kab. Asahan (BPS 1208)
and Kota Serang (BPS 3673); one interim MCP reading (Kab. Dompu 2024); one Ombudsman zone stated
for a whole province (Kab. Simeulue 2024); one 2025 maladministrasi row (Pemprov Gorontalo); and
one Ombudsman conflict (Kota Metro 2023: 80.85 vs 80.58).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from helpers.reference import regions

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
OUT = ROOT / "tests" / "fixtures" / "raw" / "panel_slice.csv"
SPI_CODES = {"62", "1274", "1208", "3673"} | {r.code for r in regions.regencies("62")}
PICKS = {  # (file, indicator_id, region cell, year)
    ("mcp_2026_12.csv", "mcp", "Kabupaten Dompu", "2024"),
    ("ombudsman_2026_12.csv", "ombudsman", "Kabupaten Simeulue", "2024"),
    ("ombudsman_2026_12.csv", "ombudsman_maladministrasi", "75", "2025"),
    ("ombudsman_2026_12.csv", "ombudsman", "Kota Metro", "2023"),
}


def main() -> int:
    """Write the slice and print its row count."""
    header, rows = None, []
    for name in ("spi_panel.csv", "spi_components.csv"):
        with open(RAW / name, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames
            for row in reader:
                code = regions.resolve(row["region"]).code
                if code in SPI_CODES and "2021" <= row["year"] <= "2025":
                    rows.append(row)
    for name in sorted({pick[0] for pick in PICKS}):
        with open(RAW / name, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if (name, row["indicator_id"], row["region"], row["year"]) in PICKS:
                    rows.append(row)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    OUT.write_text(out.getvalue(), encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
