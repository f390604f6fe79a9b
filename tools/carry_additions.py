"""Carry the December 2026 reference additions into data/raw (run once; kept to show the work).

Usage (from the repository root)::

    .venv/bin/python tools/carry_additions.py <additions folder> [--write]

Reads the six CSVs of the additions folder (``README.md`` there describes their columns),
decides for every row whether it is carried, already in ``data/raw``, a conflict (the value in
``data/raw`` is kept and the other recorded in that row's ``note``) or left out (with a reason),
and prints the count per file. With ``--write`` it writes the new ``data/raw/*_additions.csv``
files, ``data/raw/ombudsman_unit.csv`` (Template 3) and the notes/values it changes in existing
rows of ``data/raw``. Values are copied as the source writes them (text, no rounding).
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from helpers.data.build import validate
from helpers.data.units import resolve_sector, sector_words
from helpers.reference import regions

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
VALUE_HEADER = [
    "indicator_id", "region", "region_name", "year", "value", "status", "category", "source", "note",
]  # fmt: skip
UNIT_HEADER = [
    "indicator_id", "region", "region_name", "year", "sector", "unit_name", "value", "category",
    "status", "source", "note",
]  # fmt: skip
ADDED = "Added from the December 2026 reference additions ({file})."

# SPI sub-scores that have an indicator id (respondent groups and the seven dimensions).
SPI_COMPONENTS = {
    "responden internal": "spi_resp_internal", "internal": "spi_resp_internal",
    "responden eksternal": "spi_resp_eksternal", "eksternal": "spi_resp_eksternal",
    "responden eksper": "spi_resp_eksper", "responden pakar": "spi_resp_eksper",
    "eksper": "spi_resp_eksper", "komponen eksper": "spi_resp_eksper",
}  # fmt: skip
SPI_DIMENSIONS = {
    "integritas dan pelaksanaan tugas": "spi_dim_pelaksanaan_tugas",
    "integritas dalam pelaksanaan tugas": "spi_dim_pelaksanaan_tugas",
    "pengelolaan anggaran": "spi_dim_anggaran",
    "pengelolaan pbj": "spi_dim_pbj",
    "pengadaan barang/jasa": "spi_dim_pbj",
    "pengelolaan sdm": "spi_dim_sdm",
    "perdagangan pengaruh": "spi_dim_perdagangan_pengaruh",
    "sosialisasi antikorupsi": "spi_dim_sosialisasi",
    "transparansi": "spi_dim_transparansi",
}
SPAK = {
    "IPAK-experience: % pelaku usaha yang membayar suap saat mengakses layanan publik": "spak_business_paid_extra_share_pct",
    "IPAK-experience: % ditawari memasukkan kerabat jadi pegawai dengan membayar": "spak_recruitment_offer_share_pct",
    "IPAK-experience: % masyarakat yang TIDAK membayar suap saat mengakses layanan publik": "spak_no_extra_payment_share_pct",
    "IPAK-experience: % pelaku usaha yang TIDAK membayar suap saat mengakses layanan publik": "spak_business_no_extra_payment_share_pct",
    "IPAK-experience: % ditawari uang/barang untuk memilih kandidat (Pilkades/Pilkada/Pemilu terakhir)": "spak_vote_buying_offer_share_pct",
    "IPAK-experience: % masyarakat yang membayar suap saat mengakses layanan publik (sendiri/perantara)": "spak_paid_extra_share_pct",
    "IPAK urban (perkotaan)": "ipak_urban",
    "IPAK rural (perdesaan)": "ipak_rural",
}
SPAK_LEFT = {
    "IPAK-experience: % ditawari uang damai saat ditilang": "the source asks who was OFFERED 'uang damai'; the carried series spak_traffic_peace_money_share_pct is who PAID it: two questions, not one series",
    "IPAK-perception": "perception shares on vote buying: no indicator id",
    "IPAK-experience: persentase kejadian korupsi pada layanan publik": "definition not stated in the source",
    "IPAK-experience: alasan membayar lebih": "breakdown of payers by reason: no indicator id",
    "IPAK index: Indeks Pengalaman (2015 framework)": "2014 recomputed under the 2015 framework, while every other 2014 row is the old framework: one series would mix two frameworks",
    "IPAK-by-service (2013)": "shares among those who paid more (conditional), one year, no indicator id",
    "IPAK by education": "no indicator id; the education categories differ between 2022 and 2024",
}


# ----------------------------------------------------------------------------- helpers
def region_of(institution: str):
    """Return the Region an additions ``institution`` names (pemda part only)."""
    area = re.search(r"\(area: ([^)]+)\)", institution)
    text = area.group(1) if area else institution.split(" - ")[0]
    text = re.sub(r"\s*\(.*?\)\s*$", "", text).strip()
    text = re.sub(r"^Kantor Pertanahan ", "", text)
    return regions.resolve(text)


def region_cell(region) -> str:
    """Write a region as data/raw does: codes for provinces, official names for kab/kota and Papua."""
    if region.level == "regency":
        return region.name
    return f"Provinsi {region.name}" if region.code.startswith("9") else region.code


def grade_or_zone(text: str, year: int) -> str:
    """Return the category data/raw keeps: one grade A-E, else one zone word, else ''."""
    text = text.strip()
    if year >= 2025:  # new method (Penilaian Maladministrasi): the predicate as published
        predicate = text.split(";")[0].strip()
        return "" if predicate.lower().startswith("rank") else predicate
    letter = re.match(r"^([A-E])(?:\b|$)", text) or re.search(r"\(([A-E])\)", text)
    if letter:
        return letter.group(1)
    zone = re.search(r"\b(hijau|kuning|merah)\b", text.lower())
    if zone:
        return zone.group(1)
    if "kepatuhan tinggi" in text.lower():
        return "hijau"
    return ""


def spi_zone(text: str) -> str:
    """Return an SPI zone word stated by a zone-only row."""
    zone = re.search(r"\b(rentan|waspada|terjaga)\b", text.lower())
    return zone.group(1) if zone else ""


def note_text(row: dict, file: str, extra: str = "") -> str:
    """Compose the note: published grade text, the source's note, status remarks, origin."""
    parts = []
    if row["grade_or_zone"].strip():
        parts.append(f"grade_or_zone as published: '{row['grade_or_zone'].strip()}'.")
    if row["note"].strip():
        parts.append(row["note"].strip().rstrip(".") + ".")
    if extra:
        parts.append(extra)
    parts.append(ADDED.format(file=file))
    return " ".join(parts)


class Ledger:
    """Outcome of every additions row, and the rows to write."""

    def __init__(self, existing) -> None:
        self.existing = existing  # (indicator, code, year) -> processed row
        self.outcomes: dict[str, Counter] = defaultdict(Counter)
        self.reasons: dict[str, Counter] = defaultdict(Counter)
        self.out: dict[str, list[list[str]]] = defaultdict(list)
        self.note_updates: list[tuple[str, int, str, dict]] = []
        self.seen: set[tuple] = set()
        self.index: dict[tuple, tuple[str, int]] = {}

    def leave(self, file: str, reason: str) -> None:
        """Count one row left out, with its reason."""
        self.outcomes[file]["left out"] += 1
        self.reasons[file][reason] += 1

    def carry(self, file: str, target: str, cells: list[str], key: tuple) -> None:
        """Queue one row for ``target`` (a repeated key is settled by :meth:`_repeat`)."""
        if key in self.seen:
            self._repeat(file, target, cells, key)
            return
        self.seen.add(key)
        self.index[key] = (target, len(self.out[target]))
        self.outcomes[file]["carried"] += 1
        self.out[target].append(cells)

    def _repeat(self, file: str, target: str, cells: list[str], key: tuple) -> None:
        """Two additions rows for one key: keep the one the other's note does not dispute."""
        where = self.index[key]
        kept = self.out[where[0]][where[1]]
        value, source, note = (VALUE_HEADER.index(c) for c in ("value", "source", "note"))
        if kept[value] == cells[value]:
            self.leave(file, "repeats another additions row")
            return
        if "CONFLICT" in kept[note] and "CONFLICT" not in cells[note]:
            kept, cells = cells, kept
            self.out[where[0]][where[1]] = kept
        kept[note] = (
            f"{kept[note]} CONFLICT: {cells[source]} gives {cells[value]}; the value above is "
            "kept (the other page's own note names this source as disagreeing)."
        )
        self.outcomes[file]["conflict inside the additions: one kept, other noted"] += 1

    def value_row(self, file, target, indicator, region, row, value, category, extra=""):
        """Carry a Template 1 row unless data/raw already has its key; then compare."""
        key = (indicator, region.code, int(row["year"]))
        have = self.existing.get(key)
        if have is None:
            cells = [indicator, region_cell(region), row["institution"], row["year"], value,
                     "published", category, row["source_url"], note_text(row, file, extra)]  # fmt: skip
            self.carry(file, target, cells, key)
            return
        has_score = have["value"] == have["value"]  # not NaN
        if value and has_score and have["value"] == float(value):
            self.outcomes[file]["already in data/raw"] += 1
            return
        if not value and (not category or category == have["category"] or has_score):
            # zone-only row: the same zone, or data/raw already holds the score
            self.outcomes[file]["already in data/raw"] += 1
            return
        if not value or has_score:  # data/raw has a score (or another zone): keep it
            self.outcomes[file]["conflict: data/raw kept, other noted"] += 1
            other = value or row["grade_or_zone"]
            self.note_updates.append((have["source_file"], int(have["source_row"]),
                f"CONFLICT: {row['source_url']} gives {other} ({row['note'].strip() or 'no note'}); "
                f"the value above is kept.", {}))  # fmt: skip
            return
        # data/raw has only a grade/zone: the additions give the score (status new_score)
        self.outcomes[file]["score added to a zone-only data/raw row"] += 1
        self.note_updates.append((have["source_file"], int(have["source_row"]),
            f"Score {value} from {row['source_url']} (December 2026 additions); grade as "
            f"published there: '{row['grade_or_zone']}'.",
            {"value": value, "add_source": row["source_url"],
             "category": category if re.fullmatch("[A-E]", category) else ""}))  # fmt: skip


# ------------------------------------------------------------------------ per file
def carry_spi(ledger: Ledger, rows: list[dict]) -> None:  # noqa: C901 - one branch per row kind
    """SPI per pemda, zone-only rows, regional means and sub-scores."""
    file = "spi_pemda_2021_2025.csv"
    for row in rows:
        kind, inst, status = row["indicator"], row["institution"], row["status"]
        if "year: probably" in status:
            ledger.leave(file, "very likely the wrong year (status says so); not carried")
            continue
        if "escortlar60.xyz" in row["source_url"]:
            ledger.leave(
                file, "only source is a mirror of a news story ('verify'); needs a second source"
            )
            continue
        if kind == "SPI-national-distribution":
            ledger.leave(file, "share of pemda per zone: no indicator id")
            continue
        if row["level"] == "national" or inst.startswith("ALL "):
            reason = {
                True: "national target: already in targets_national.csv",
            }.get(
                "target" in row["grade_or_zone"],
                "mean over K/L, over all pemda or over a size class of pemprov: no indicator id",
            )
            if status == "in_reference":
                ledger.outcomes[file]["already in data/raw"] += 1
            else:
                ledger.leave(file, reason)
            continue
        if kind == "SPI-OPD":
            ledger.leave(
                file, "SPI of one OPD inside a pemda: no indicator id (SPI is not scored per unit)"
            )
            continue
        if kind == "SPI-regional-mean" or "mean of pemprov + all kab/kota" in inst:
            region = region_of(inst)
            ledger.value_row(
                file, "spi_additions.csv", "spi_wilayah_mean", region, row, row["value"], ""
            )
            continue
        if "regional aggregate" in inst:
            ledger.leave(file, "regional aggregate of one SPI dimension: no indicator id")
            continue
        region = region_of(inst)
        if kind == "SPI-zone":
            ledger.value_row(
                file, "spi_additions.csv", "spi", region, row, "", spi_zone(row["grade_or_zone"])
            )
            continue
        if kind in ("SPI-component", "SPI-dimension"):
            part = inst.split(" - ", 1)[1].strip().lower()
            indicator = SPI_COMPONENTS.get(part) or SPI_DIMENSIONS.get(part)
            if indicator is None:
                ledger.leave(
                    file,
                    "sub-score below the component/dimension level (one indicator or one respondent group's view of a dimension): no indicator id",
                )
                continue
            ledger.value_row(file, "spi_subscores.csv", indicator, region, row, row["value"], "")
            continue
        category = "" if row["value"] else spi_zone(row["grade_or_zone"])
        ledger.value_row(file, "spi_additions.csv", "spi", region, row, row["value"], category)


def carry_ombudsman(ledger: Ledger, rows: list[dict]) -> None:
    """Ombudsman compliance per pemda (scores and zone-only rows)."""
    file = "ombudsman_kepatuhan_pemda_2018_2025.csv"
    for row in rows:
        inst = row["institution"]
        if row["level"] == "national":
            ledger.leave(file, "national counts of pemda per zone: no indicator id")
            continue
        if " - mean of " in inst:
            ledger.leave(
                file, "mean over a province's pemda / Polres / land offices: no indicator id"
            )
            continue
        region = region_of(inst)
        category = grade_or_zone(row["grade_or_zone"], int(row["year"]))
        extra = ""
        if int(row["year"]) >= 2025:
            extra = "New 2025 method (Penilaian Maladministrasi / Opini Ombudsman): no band; the predicate is kept as published."
        if "old method" in row["indicator"]:
            extra = "Survei kepatuhan (old method, zones 2018)."
        ledger.value_row(
            file, "ombudsman_additions.csv", "ombudsman", region, row, row["value"], category, extra
        )


def unit_and_sector(kind: str, inst: str) -> tuple[str, str | None]:
    """Return (unit name as published, sector key) of an additions unit row."""
    if " - " in inst:
        unit = inst.split(" - ", 1)[1]
    elif "(area:" in inst:
        unit = inst.split(" (area:")[0]
    elif inst.startswith("Kantor Pertanahan"):
        unit = inst
    else:  # "Kab. Bantul (perizinan/DPMPTSP)"
        unit = re.search(r"\(([^)]*)\)", inst).group(1).split("/")[-1]
    stated = re.search(r"\(([^)]*)\)\s*$", unit)
    unit_name = re.sub(r"\s*\([^)]*\)\s*$", "", unit).strip()
    sector = resolve_sector(stated.group(1)) if stated else None
    if sector is None:  # longest sector word found in the unit's name
        words = sorted(sector_words(), key=len, reverse=True)
        sector = next((sector_words()[w] for w in words if w in unit_name.lower()), None)
    if sector is None:
        sector = "kepolisian" if "Polres" in kind else "pertanahan" if "Kantah" in kind else None
    return unit_name, sector


def carry_units(ledger: Ledger, rows: list[dict]) -> None:
    """Ombudsman unit scores -> Template 3 (ombudsman_unit.csv)."""
    file = "ombudsman_unit_sector_scores.csv"
    for row in rows:
        kind, inst = row["indicator"], row["institution"]
        if "pra-evaluasi" in kind:
            ledger.leave(file, "pre-evaluation during mentoring, not the official assessment")
            continue
        if row["level"] == "national":
            ledger.leave(
                file,
                "national share of DPMPTSP with low competence (2017): no indicator id, not a unit score",
            )
            continue
        region = region_of(inst)
        unit_name, sector = unit_and_sector(kind, inst)
        if sector is None:
            ledger.leave(file, "sector not recognisable")
            continue
        year = int(row["year"])
        category = grade_or_zone(row["grade_or_zone"], year)
        extra = []
        if sector in ("kepolisian", "pertanahan"):
            extra.append(
                "Central-government (vertical) office located in this kab/kota, not a unit of the pemda."
            )
        if "sekitar" in row["grade_or_zone"]:
            extra.append("The approximate score is not used as a value.")
        if year >= 2025:
            extra.append(
                "New 2025 method (Penilaian Maladministrasi): no band; predicate as published."
            )
        if kind == "Ombudsman-perizinan-2018":
            extra.append("2018 Ombudsman assessment of licensing services (DPMPTSP) in 265 pemda.")
        key = ("ombudsman_unit", region.code, year, sector, unit_name.casefold())
        cells = ["ombudsman_unit", region_cell(region), inst, row["year"], sector, unit_name,
                 row["value"], category, "published", row["source_url"],
                 note_text(row, file, " ".join(extra))]  # fmt: skip
        ledger.carry(file, "ombudsman_unit.csv", cells, key)


def carry_ipak(ledger: Ledger, rows: list[dict]) -> None:
    """National SPAK/IPAK detail."""
    file = "ipak_national_detail.csv"
    national = regions.resolve("00")
    for row in rows:
        indicator = SPAK.get(row["indicator"])
        if indicator is None:
            reason = next(
                (r for prefix, r in SPAK_LEFT.items() if row["indicator"].startswith(prefix)), None
            )
            ledger.leave(file, reason or "no indicator id")
            continue
        row = dict(row, institution="Indonesia")
        extra = (
            "Value as printed; the jump coincides with the 2024 election year."
            if row["value"] == "46.77"
            else ""
        )
        ledger.value_row(
            file, "spak_additions.csv", indicator, national, row, row["value"], "", extra
        )


def carry_mcp(ledger: Ledger, rows: list[dict]) -> None:
    """MCP / IPKD 2024-2025."""
    file = "mcp_2024_2025.csv"
    for row in rows:
        if "interim" in row["indicator"]:
            ledger.leave(file, "interim (October) value, not the year's final score")
            continue
        inst = row["institution"]
        indicator = "mcp_perencanaan" if inst.endswith(" - perencanaan") else "mcp"
        ledger.value_row(
            file, "mcp_additions.csv", indicator, region_of(inst), row, row["value"], ""
        )


def carry_proxies(ledger: Ledger, rows: list[dict]) -> None:
    """Sector proxies: the education-integrity index and KemenPANRB's public-service index."""
    file = "sector_proxies.csv"
    for row in rows:
        kind = row["indicator"]
        if kind.startswith("KPK-Indeks-Integritas-Pendidikan"):
            inst = row["institution"]
            region = (
                regions.resolve("00")
                if row["level"] == "national"
                else region_of(inst.split(" (")[0])
            )
            category = "" if row["value"] else row["grade_or_zone"]
            ledger.value_row(
                file, "sector_proxies.csv", "spi_pendidikan", region, row, row["value"], category
            )
        elif kind.startswith("KemenPANRB-Indeks-Pelayanan-Publik"):
            ledger.value_row(
                file,
                "sector_proxies.csv",
                "ipp_kemenpanrb",
                region_of(row["institution"]),
                row,
                row["value"],
                "",
            )
        elif kind.startswith(("KPK-IIP", "KPK-SPI-Pendidikan")):
            ledger.leave(
                file, "sub-score or item share of the education-integrity survey: no indicator id"
            )
        elif kind.startswith("Ombudsman-laporan"):
            ledger.leave(
                file,
                "count of complaints to a regional Ombudsman office: depends on reporting, no indicator id",
            )
        elif kind.startswith("SKM"):
            ledger.leave(
                file, "satisfaction survey run by the unit itself: not an independent assessment"
            )
        else:
            ledger.leave(
                file, "national complaint shares (Saber Pungli 2016-2017): no indicator id"
            )


# ------------------------------------------------------------------------------ main
def _existing() -> dict:
    values, _targets, _inputs = validate(RAW)
    rows = values[values["unit_name"] == ""]
    return {(r.indicator_id, r.region_code, int(r.year)): r._asdict() for r in rows.itertuples()}


def _apply_note_updates(updates) -> None:
    by_file = defaultdict(list)
    for file, row_number, text, change in updates:
        by_file[Path(file).name].append((row_number, text, change))
    for name, changes in by_file.items():
        path = RAW / name
        table = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        header = table[0]
        for row_number, text, change in changes:
            cells = table[row_number - 1]
            note = cells[header.index("note")].strip()
            cells[header.index("note")] = f"{note} {text}".strip()
            if change.get("value"):
                cells[header.index("value")] = change["value"]
                cells[header.index("source")] = (
                    cells[header.index("source")] + " ; " + change["add_source"]
                )
            if change.get("category"):
                cells[header.index("category")] = change["category"]
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(table)
        path.write_text(out.getvalue(), encoding="utf-8")


def _write(name: str, rows: list[list[str]]) -> None:
    header = UNIT_HEADER if name == "ombudsman_unit.csv" else VALUE_HEADER
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    (RAW / name).write_text(out.getvalue(), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Print the counts; with --write, write the files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("additions", type=Path)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    ledger = Ledger(_existing())
    steps = {
        "spi_pemda_2021_2025.csv": carry_spi,
        "ombudsman_kepatuhan_pemda_2018_2025.csv": carry_ombudsman,
        "ombudsman_unit_sector_scores.csv": carry_units,
        "ipak_national_detail.csv": carry_ipak,
        "sector_proxies.csv": carry_proxies,
        "mcp_2024_2025.csv": carry_mcp,
    }
    for name, step in steps.items():
        with open(args.additions / name, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        step(ledger, rows)
        total = sum(ledger.outcomes[name].values())
        assert total == len(rows), (name, total, len(rows))
        print(f"## {name}: {len(rows)} rows")
        for outcome, count in ledger.outcomes[name].most_common():
            print(f"  {outcome}: {count}")
        for reason, count in ledger.reasons[name].most_common():
            print(f"    - {count} {reason}")
    for target, rows in sorted(ledger.out.items()):
        print(f"-> data/raw/{target}: {len(rows)} rows")
    print(f"-> {len(ledger.note_updates)} existing rows get a note (or a score)")
    if args.write:
        for target, rows in ledger.out.items():
            _write(target, rows)
        _apply_note_updates(ledger.note_updates)
    return 0


if __name__ == "__main__":
    sys.exit(main())
