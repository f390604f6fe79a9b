"""Carry the second December 2026 batch (the SPI panel, MCP, Ombudsman) into data/raw.

Usage (from the repository root; re-runnable, the output files are rewritten each time)::

    PYTHONPATH=src python tools/carry_panel.py ../shared/data/reference/additions-2026-12-07 [--write]

Reads the six CSVs of the batch (columns ``indicator,level,institution,province,year,value,
grade_or_zone,source_url,note,status``; see the batch's README.md and AUDIT.md) and decides for
every row whether it is carried, already in ``data/raw`` (same key, same value, every URL already
cited) or left out (with a reason). Unlike ``tools/carry_additions.py`` it does not choose
between disagreeing sources: every variant is written as its own row with its own source, and
``make data`` resolves them by source tier (docs/METHODS.md, "Source tiers"). Values are copied
as the source writes them (text, no rounding).

Regions are resolved from the institution's name (never from the ``province`` column: the
batch files 2021-2022 Papua-region regencies under the provinces created in 2022), and every
resolved region is checked against the province column (any of the six Papua provinces is
accepted for a Papua-region row).

Writes ``data/raw/spi_panel.csv``, ``spi_components.csv``, ``mcp_2026_12.csv``,
``ombudsman_2026_12.csv``, ``ombudsman_unit_2026_12.csv`` (Template 3) and
``spi_other_2026_12.csv``; it also moves the two 2025 ``ombudsman`` rows already in data/raw to
``ombudsman_maladministrasi`` (the 2025 instrument is its own series).
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from helpers.data.build import validate
from helpers.data.units import normalise, resolve_sector, sector_words
from helpers.reference import regions

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
VALUE_HEADER = [
    "indicator_id", "region", "region_name", "year", "value", "status", "category", "source",
    "note", "is_province_statement",
]  # fmt: skip
UNIT_HEADER = [
    "indicator_id", "region", "region_name", "year", "sector", "unit_name", "value", "category",
    "status", "source", "note",
]  # fmt: skip
OUTPUTS = {
    "spi.csv": "spi_panel.csv",
    "spi_components.csv": "spi_components.csv",
    "mcp.csv": "mcp_2026_12.csv",
    "ombudsman.csv": "ombudsman_2026_12.csv",
    "ombudsman_unit.csv": "ombudsman_unit_2026_12.csv",
    "other.csv": "spi_other_2026_12.csv",
}
ADDED = "Added from the reference additions of 2026-12-07 ({file})."
MIRROR = "github.com/Daffaariftama/spi-kpk"
PAPUA = {"91", "92", "94", "95", "96", "97"}  # BPS codes of the six Papua provinces

IDS = {
    "SPI": "spi",
    "SPI-wilayah-mean": "spi_wilayah_mean",
    "SPI-resp-internal": "spi_resp_internal",
    "SPI-resp-eksternal": "spi_resp_eksternal",
    "SPI-resp-eksper": "spi_resp_eksper",
    "SPI-koreksi-integritas": "spi_koreksi_integritas",
    "SPI-koreksi-prevalensi": "spi_koreksi_prevalensi",
    "SPI-Pendidikan": "spi_pendidikan",
    "SPI-national-mean-pemprov": "spi_mean_pemprov",
    "SPI-national-mean-pemkab": "spi_mean_pemkab",
    "SPI-national-mean-pemkot": "spi_mean_pemkot",
    "MCP": "mcp",
    "MCP-national-mean": "mcp",
    "MCP-wilayah-mean": "mcp_wilayah_mean",
    "MCP-apip": "mcp_apip",
    "MCP-asn": "mcp_asn",
    "MCP-bmd": "mcp_bmd",
    "MCP-pajak": "mcp_pajak",
    "MCP-pbj": "mcp_pbj",
    "MCP-pelayanan-publik": "mcp_pelayanan_publik",
    "MCP-penganggaran": "mcp_penganggaran",
    "MCP-perencanaan": "mcp_perencanaan",
    "MCP-perencanaan-penganggaran": "mcp_perencanaan_penganggaran",
    "MCP-perizinan": "mcp_perizinan",
    "Ombudsman-kepatuhan": "ombudsman",
    "Ombudsman-kepatuhan-OPD": "ombudsman_unit",
}
LEFT_OUT = {
    "-wilayah-mean": "mean of one MCP area or of Ombudsman scores over a province's pemda: no indicator id",
    "SPI-Pendidikan-": "SPI Pendidikan by school level or dimension: no indicator id",
}
_INTERIM = re.compile(r"\binterim\b|pre-final|prefinal|\bsementara\b", re.IGNORECASE)
STATEMENT = "not named individually"


# ----------------------------------------------------------------------------- helpers
def region_of(row: dict):
    """Return the Region a batch row names: institution first, the province column only for means."""
    level, inst = row["level"], row["institution"]
    if level == "national":
        return regions.resolve("00")
    if level == "province-aggregate":
        return regions.resolve(row["province"], level="province")
    text = inst.split(" - ")[0]
    text = re.sub(r"\s*\(.*?\)\s*$", "", text).strip()
    return regions.resolve(text, level="province" if level == "province" else "regency")


def check_province(region, row: dict) -> str | None:
    """Return a problem text when the resolved region lies outside the row's province column."""
    if region.code == "00":
        return None
    province = region.code if region.level == "province" else region.province_code
    stated = regions.resolve(row["province"], level="province").code
    if province == stated or (province in PAPUA and stated in PAPUA):
        return None
    return (
        f"{row['institution']} resolves to {region.code} ({region.name}) outside {row['province']}"
    )


def region_cell(region) -> str:
    """Write a region as data/raw does: codes for provinces, official names for kab/kota and Papua."""
    if region.level == "regency":
        return region.name
    if region.level == "national":
        return "00"
    return f"Provinsi {region.name}" if region.code.startswith("9") else region.code


def grade_or_zone(text: str, year: int, indicator: str) -> str:
    """Return the category data/raw keeps (see data/raw/README.md, judgement calls)."""
    text = text.strip()
    if not text:
        return ""
    if indicator.startswith("spi_pendidikan"):
        level = re.search(r"(Level \d[^;]*|kategori \d[^;]*)", text)
        return level.group(1).strip() if level else ""
    if indicator.startswith(("spi", "mcp")):
        zone = re.search(r"\b(rentan|waspada|terjaga)\b", text.lower())
        return zone.group(1) if zone else ""
    if year >= 2025:  # new method (Penilaian Maladministrasi): the predicate as published
        predicate = text.split(";")[-1].strip()
        return "" if predicate.lower().startswith("rank") else predicate
    letter = re.match(r"^([A-E])(?:\b|$)", text) or re.search(r"\(([A-E])\b", text)
    if letter:
        return letter.group(1)
    zone = re.search(r"\b(hijau|kuning|merah)\b", text.lower())
    if zone:
        return zone.group(1)
    if "kepatuhan tinggi" in text.lower():
        return "hijau"
    return ""


def note_text(row: dict, file: str, extra: str = "") -> str:
    """Compose the note: published grade text, the source's note, status, remarks, origin."""
    parts = []
    if row["grade_or_zone"].strip():
        parts.append(f"grade_or_zone as published: '{row['grade_or_zone'].strip()}'.")
    if row["note"].strip():
        parts.append(row["note"].strip().rstrip(".") + ".")
    if row["status"].strip() not in ("", "new"):
        parts.append(f"Batch status: {row['status'].strip()}.")
    if extra:
        parts.append(extra)
    parts.append(ADDED.format(file=file))
    return " ".join(parts)


def unit_and_sector(inst: str) -> tuple[str, str | None]:
    """Return (unit name as published, sector key) of ``"Pemprov X - Unit (sector)"``."""
    unit = inst.split(" - ", 1)[1] if " - " in inst else inst
    stated = re.search(r"\(([^)]*)\)\s*$", unit)
    unit_name = re.sub(r"\s*\([^)]*\)\s*$", "", unit).strip()
    sector = resolve_sector(stated.group(1)) if stated else None
    if sector is None:
        words = sorted(sector_words(), key=len, reverse=True)
        sector = next((sector_words()[w] for w in words if w in unit_name.lower()), None)
    return unit_name, sector


def urls(cell: str) -> list[str]:
    """Return the URLs of a source cell."""
    return [part.strip() for part in re.split(r"\s*;\s*", cell) if part.strip()]


# -------------------------------------------------------------------------------- ledger
class Ledger:
    """Outcome of every batch row and the rows to write."""

    def __init__(self, existing: dict, existing_units: set) -> None:
        self.existing = existing
        self.existing_units = existing_units
        self.outcomes: dict[str, Counter] = defaultdict(Counter)
        self.reasons: dict[str, Counter] = defaultdict(Counter)
        self.out: dict[str, list[list[str]]] = defaultdict(list)
        self.problems: list[str] = []

    def leave(self, file: str, reason: str) -> None:
        """Count one row left out, with its reason."""
        self.outcomes[file]["left out"] += 1
        self.reasons[file][reason] += 1

    def already(self, key: tuple, value: str, source: str) -> bool:
        """True when data/raw has this key with this value and cites every URL of ``source``."""
        for have_value, have_source in self.existing.get(key, []):
            same = (not value and have_value is None) or (
                value and have_value is not None and abs(float(value) - have_value) < 1e-9
            )
            if same and all(url in have_source for url in urls(source)):
                return True
        return False


def carry_row(ledger: Ledger, file: str, row: dict) -> None:  # noqa: C901 - one branch per row kind
    """Decide one batch row: carry it into its output file, count it, or leave it out."""
    kind = row["indicator"]
    indicator = IDS.get(kind)
    if indicator is None:
        reason = next((r for k, r in LEFT_OUT.items() if k in kind), f"no indicator id for {kind}")
        ledger.leave(file, reason)
        return
    year = int(row["year"])
    try:
        region = region_of(row)
    except ValueError as exc:
        ledger.problems.append(f"{file}: {row['institution']} {year}: {exc}")
        ledger.leave(file, "region not resolved")
        return
    problem = check_province(region, row)
    if problem:
        ledger.problems.append(f"{file}: {problem}")
    if region.code in ("00",) and indicator not in ("mcp", "spi_mean_pemprov", "spi_mean_pemkab",
                                                   "spi_mean_pemkot", "spi"):  # fmt: skip
        ledger.leave(file, "national value without an indicator id at that level")
        return
    if indicator == "ombudsman" and year >= 2025:
        indicator = "ombudsman_maladministrasi"
    value = row["value"].strip()
    category = grade_or_zone(row["grade_or_zone"], year, indicator)
    note = row["note"]
    status = "published"
    extra = []
    if indicator.startswith("mcp") and _INTERIM.search(note + " " + row["grade_or_zone"]):
        status = "interim"
        extra.append("Interim reading (before KPK closed the year): not the year's final score.")
    if not value and not category:
        ledger.leave(file, "rank only: neither a score nor a grade/zone printed")
        return
    statement = STATEMENT in note
    if indicator == "ombudsman_unit":
        unit_name, sector = unit_and_sector(row["institution"])
        if sector is None:
            ledger.leave(file, "sector not recognisable")
            return
        key = (region.code, year, sector, normalise(unit_name))
        if key in ledger.existing_units:
            ledger.outcomes[file]["already in data/raw"] += 1
            return
        ledger.existing_units.add(key)
        if year >= 2025:
            extra.append(
                "New 2025 method (Penilaian Maladministrasi): no band; predicate as published."
            )
        cells = ["ombudsman_unit", region_cell(region), row["institution"], row["year"], sector,
                 unit_name, value, category, "published", row["source_url"],
                 note_text(row, file, " ".join(extra))]  # fmt: skip
        ledger.out[OUTPUTS[file]].append(cells)
        ledger.outcomes[file]["carried"] += 1
        return
    key = (indicator, region.code, year)
    if ledger.already(key, value, row["source_url"]):
        ledger.outcomes[file]["already in data/raw (same value, same source)"] += 1
        return
    if year >= 2025 and indicator == "ombudsman_maladministrasi":
        extra.append("2025 instrument (Penilaian/Opini Maladministrasi): its own series.")
    if statement:
        extra.append("Zone stated for the whole province; this pemda is not named individually.")
    cells = [indicator, region_cell(region), row["institution"], row["year"], value, status,
             category, row["source_url"], note_text(row, file, " ".join(extra)),
             "true" if statement else ""]  # fmt: skip
    ledger.out[OUTPUTS[file]].append(cells)
    label = "carried (interim)" if status == "interim" else "carried"
    if row["status"].startswith("conflict"):
        label += ", a variant of a disagreeing key"
    elif row["status"] == "in_project":
        label += ", same key already in data/raw (another source or value)"
    ledger.outcomes[file][label] += 1


# ------------------------------------------------------------------------------ main
def _existing() -> tuple[dict, set]:
    """data/raw as it is without this tool's own outputs: key -> [(value, source)], unit keys."""
    with tempfile.TemporaryDirectory() as tmp:
        for path in RAW.glob("*.csv"):
            if path.name not in OUTPUTS.values():
                shutil.copy2(path, Path(tmp) / path.name)
        values, _targets, _inputs = validate(Path(tmp))
    existing: dict = defaultdict(list)
    units = set()
    for r in values.itertuples():
        if r.unit_name:
            units.add((r.region_code, int(r.year), r.sector, normalise(r.unit_name)))
            continue
        number = None if r.value != r.value else float(r.value)
        existing[(r.indicator_id, r.region_code, int(r.year))].append((number, r.source))
    return existing, units


def _move_ombudsman_2025() -> int:
    """Rename the 2025 ``ombudsman`` rows of data/raw to ``ombudsman_maladministrasi``."""
    moved = 0
    for path in sorted(RAW.glob("ombudsman*.csv")):
        if path.name in OUTPUTS.values():
            continue
        table = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        header = table[0]
        if "unit_name" in header:
            continue
        ind, yr = header.index("indicator_id"), header.index("year")
        changed = False
        for cells in table[1:]:
            if cells and cells[ind] == "ombudsman" and cells[yr].strip() >= "2025":
                cells[ind] = "ombudsman_maladministrasi"
                changed, moved = True, moved + 1
        if changed:
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerows(table)
            path.write_text(out.getvalue(), encoding="utf-8")
    return moved


def untangle_sources(rows: list[list[str]]) -> int:
    """Drop from a row a URL that is another row's whole source for the same key with another value.

    The batch sometimes lists, beside a value, a page that prints a different value (its own
    row says so: Kota Metro 2023, daswati 80.85 vs radarlampung 80.58); one page cannot give
    two values, so the URL stays only with the value it prints. Returns the rows changed.
    """
    ind, reg, yr, val, src, note = (VALUE_HEADER.index(c) for c in
                                    ("indicator_id", "region", "year", "value", "source", "note"))  # fmt: skip
    by_key = defaultdict(list)
    for cells in rows:
        by_key[(cells[ind], cells[reg], cells[yr])].append(cells)
    changed = 0
    for group in by_key.values():
        for cells in group:
            for other in group:
                if other is cells or other[val] == cells[val]:
                    continue
                own = urls(other[src])
                mine = urls(cells[src])
                if len(own) == 1 and own[0] in mine and len(mine) > 1:
                    cells[src] = " ; ".join(u for u in mine if u != own[0])
                    cells[note] += (f" Source {own[0]} removed here: it prints {other[val]} "
                                    "(its own row).")  # fmt: skip
                    changed += 1
    return changed


def _write(name: str, rows: list[list[str]]) -> None:
    header = UNIT_HEADER if "unit" in name else VALUE_HEADER
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    (RAW / name).write_text(out.getvalue(), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:  # noqa: C901 - a linear report, one loop per file
    """Print the counts; with --write, write the files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("additions", type=Path)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    if args.write:
        _move_ombudsman_2025()
    ledger = Ledger(*_existing())
    for name in OUTPUTS:
        with open(args.additions / name, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            carry_row(ledger, name, row)
        total = sum(ledger.outcomes[name].values())
        assert total == len(rows), (name, total, len(rows))
        print(f"## {name}: {len(rows)} rows")
        for outcome, count in ledger.outcomes[name].most_common():
            print(f"  {outcome}: {count}")
        for reason, count in ledger.reasons[name].most_common():
            print(f"    - {count} {reason}")
    for target, rows in sorted(ledger.out.items()):
        print(f"-> data/raw/{target}: {len(rows)} rows")
    for problem in ledger.problems:
        print("PROBLEM:", problem)
    for target, rows in sorted(ledger.out.items()):
        if "unit" not in target:
            changed = untangle_sources(rows)
            if changed:
                print(f"   {target}: {changed} rows lose a URL that prints another value")
    if args.write:
        for target, rows in ledger.out.items():
            _write(target, rows)
    return 1 if ledger.problems else 0


if __name__ == "__main__":
    sys.exit(main())
