"""Validate ``data/raw`` and rebuild ``data/processed`` atomically (``make data``).

Every CSV/XLSX under ``data/raw`` (except ``microdata/``) is an indicator-values table or
a targets table (recognised by its ``value`` / ``target`` column; see
``docs/DATA_CONTRACT.md``). All problems of all files are collected and reported together,
each naming file, row and column; if there is any, nothing is written and the command
exits with code 2. Otherwise the tidy tables are written to a temporary folder that
then replaces ``data/processed`` in one rename, with a manifest of input hashes.

Command line: ``python -m helpers.cli.build``.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from helpers import __version__
from helpers.core.errors import DataValidationError, Issue, display_path
from helpers.core.paths import processed_dir, raw_dir, reference_dir
from helpers.data import actions as action_data
from helpers.data import variants
from helpers.data.coverage import coverage_records
from helpers.data.microdata import MICRODATA_SUFFIXES, load_spak
from helpers.data.rawio import (
    NumberFormatError,
    RaggedRowsError,
    decimals_of,
    detect_decimal_comma,
    parse_number,
    read_table,
)
from helpers.data.units import normalise, resolve_sector, sector_words
from helpers.reference import regions
from helpers.reference.catalogue import catalogue, contract
from helpers.reference.files import load_yaml

VALUE_COLUMNS = [
    "indicator_id", "region_code", "region_name", "level", "year", "value", "unit",
    "status", "category", "source", "note", "is_synthetic", "sector", "unit_name",
    "source_file", "source_row", "source_tier", "conflict_values", "has_conflict",
    "is_province_statement",
]  # fmt: skip
# ``sector`` and ``unit_name`` are filled only for indicators with ``dimensions`` in
# indicators.yaml (``ombudsman_unit``, Template 3); they are "" for every other row.
# ``source_tier``, ``conflict_values`` and ``has_conflict`` come from resolving the variants of
# a key (helpers.data.variants); ``is_province_statement`` from the input column of that name.
_VALUE_KEY = ["indicator_id", "region_code", "year", "sector", "unit_name"]
TARGET_COLUMNS = [
    "indicator_id", "region_code", "region_name", "level", "year", "target", "unit",
    "target_kind", "source", "note", "source_file", "source_row",
]  # fmt: skip
_SPACE_RUNS = re.compile(r"\s+")
# "Kabupaten Serang", "Kab. Tanah Laut", "Kota Tangerang Selatan" inside a unit's name.
_NAMED_REGENCY = re.compile(r"\b(?:Kabupaten|Kab\.|Kota)\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*")
_TRUE = {"true", "1", "ya", "yes", "y", "benar"}
# States whose row carries a figure (a value or a grade/zone): published and interim.
_WITH_FIGURE = ("published", "interim")
_FALSE = {"false", "0", "tidak", "no", "n", "salah", ""}
# Code whose change alters how raw files are read, so processed data must be rebuilt.
_BUILD_CODE = (
    "data/build.py",
    "data/actions.py",
    "data/rawio.py",
    "data/microdata.py",
    "data/units.py",
    "data/variants.py",
    "data/sources.py",
    "data/coverage.py",
    "reference/catalogue.py",
    "reference/regions.py",
    "core/missing.py",
)


@dataclass
class Processed:
    """The validated tables and their manifest.

    ``actions`` holds the rakor actions of Template 4 (``helpers.data.actions``); an empty
    table with the columns when there are no action files.
    """

    values: pd.DataFrame
    targets: pd.DataFrame
    manifest: dict
    actions: pd.DataFrame = field(default_factory=action_data.empty_frame)


# ---------------------------------------------------------------------------- inputs
def discover_inputs(raw: Path | None = None) -> list[Path]:
    """Return the indicator/target tables under ``raw``, sorted (``microdata/`` skipped)."""
    raw = raw or raw_dir()
    settings = contract()
    files: set[Path] = set()
    for pattern in settings["file_patterns"]:
        files.update(raw.rglob(pattern))
    skip = set(settings["skip_dirs"])
    return sorted(
        path
        for path in files
        if not (skip & set(path.relative_to(raw).parts[:-1]))
        and not path.name.startswith((".", "~$"))
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fingerprint(raw: Path | None = None) -> str:
    """Hash of everything a build depends on: inputs, reference data and build code."""
    raw = raw or raw_dir()
    digest = hashlib.sha256()
    parts = [(f"raw/{p.relative_to(raw)}", p) for p in discover_inputs(raw)]
    micro = raw / "microdata"
    if micro.exists():
        parts += [(f"raw/{p.relative_to(raw)}", p) for p in sorted(micro.rglob("*")) if p.is_file()]
    parts += [(f"raw/{p.relative_to(raw)}", p) for p in action_data.discover(raw)]
    ref = reference_dir()
    parts += [(f"ref/{p.relative_to(ref)}", p) for p in sorted(ref.rglob("*")) if p.is_file()]
    code = Path(__file__).resolve().parents[1]  # src/helpers
    parts += [(f"code/{name}", code / name) for name in _BUILD_CODE if (code / name).exists()]
    for label, path in parts:
        digest.update(label.encode())
        digest.update(_sha256(path).encode())
    return digest.hexdigest()


# ------------------------------------------------------------------------ validation
class _RegionCache:
    """Resolve each distinct region text once per build."""

    def __init__(self) -> None:
        self._regions = regions
        self._cache: dict[str, object] = {}

    def resolve(self, text: str):
        if text not in self._cache:
            try:
                self._cache[text] = self._regions.resolve(text)
            except ValueError as exc:  # RegionNotFoundError / ambiguous
                self._cache[text] = exc
        return self._cache[text]


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.5)
    return f"maksud Anda: {', '.join(close)}?" if close else ""


def _template_kind(columns: set[str]) -> str | None:
    """Return "targets", "units" (Template 3), "values" or None for a table's columns."""
    if "target" in columns:
        return "targets"
    if "unit_name" in columns:
        return "units"
    return "values" if "value" in columns else None


def _dimensioned_indicators() -> dict[str, list[str]]:
    """Return the indicators that carry dimensions (``dimensions:`` in indicators.yaml)."""
    return {
        key: list(entry["dimensions"])
        for key, entry in load_yaml("indicators.yaml").items()
        if entry.get("dimensions")
    }


def _check_dimensions(
    kind: str, indicator_id: str, row: pd.Series, problem
) -> tuple[str, str, bool]:
    """Check ``sector`` / ``unit_name`` of one row; return (sector key, unit name, ok).

    Indicators with dimensions (``ombudsman_unit``) come only through Template 3 and every
    other indicator only through Templates 1 and 2, so a unit score can never be read as the
    pemda's own score (or the reverse).
    """
    dimensioned = _dimensioned_indicators()
    if kind != "units":
        if indicator_id in dimensioned:
            problem(
                "indicator_id",
                f"indikator '{indicator_id}' memerlukan kolom sector dan unit_name (satu baris per unit)",
                "pakai template 3 (unit layanan) di docs/DATA_CONTRACT.md, "
                "contoh docs/templates/ombudsman_unit_template.csv",
            )
            return "", "", False
        return "", "", True
    ok = True
    if indicator_id and indicator_id not in dimensioned and indicator_id in catalogue():
        ok = False
        problem(
            "indicator_id",
            f"indikator '{indicator_id}' bukan skor unit layanan",
            f"template 3 hanya untuk: {', '.join(sorted(dimensioned))}; "
            "nilai pemda masuk template 1",
        )
    sector_text = str(row.get("sector", "")).strip()
    sector = resolve_sector(sector_text) if sector_text else None
    if not sector_text:
        ok = False
        problem(
            "sector", "sektor kosong", "isi sektor, mis. perizinan, dukcapil, kesehatan, pendidikan"
        )
    elif sector is None:
        ok = False
        hint = _suggest(normalise(sector_text), sector_words())
        problem(
            "sector",
            f"sektor '{sector_text}' tidak dikenal",
            hint or "lihat daftar sektor di data/reference/unit_sectors.yaml",
        )
    unit_name = _SPACE_RUNS.sub(" ", str(row.get("unit_name", ""))).strip()
    if not unit_name:
        ok = False
        problem(
            "unit_name", "nama unit kosong", "tulis nama unit seperti dipublikasikan, mis. DPMPTSP"
        )
    return sector or "", unit_name, ok


def unit_outside_pemda(unit_name: str, region) -> str | None:
    """Return the name of a kab/kota that ``unit_name`` names outside ``region``, else None.

    Only an explicit "Kabupaten/Kab./Kota <name>" inside the unit's name counts (e.g. a
    "Disdukcapil Kota Tangerang" row filed under Kabupaten Serang). A regency inside a
    province is that province's (a Pemprov hospital may carry its city's name).
    """
    for match in _NAMED_REGENCY.finditer(unit_name):
        try:
            named = regions.resolve(match.group(0), level="regency")
        except ValueError:
            continue
        if region.level == "regency" and named.code != region.code:
            return named.name
        if region.level == "province" and named.province_code != region.code:
            return named.name
    return None


def _validate_table(path: Path, table: pd.DataFrame, resolver: _RegionCache):  # noqa: C901 - predates the complexity rule; split when next touched
    """Validate one table; return (kind, clean rows as DataFrame, issues)."""
    name = display_path(path)
    settings = contract()
    issues: list[Issue] = []
    columns = set(table.columns)
    kind = _template_kind(columns)
    if kind is None:
        issues.append(
            Issue(name, 1, None,
                  "file tidak cocok dengan template mana pun: tidak ada kolom 'value' maupun 'target'",
                  "lihat docs/DATA_CONTRACT.md (template nilai indikator, target, atau unit layanan)")
        )  # fmt: skip
        return None, None, issues
    template = settings["templates"][kind]
    missing = [column for column in template["required"] if column not in columns]
    for column in missing:
        hint = _suggest(column, columns - set(template["required"]))
        issues.append(
            Issue(
                name,
                1,
                column,
                "kolom wajib tidak ada",
                hint or f"tambahkan kolom '{column}' (lihat docs/DATA_CONTRACT.md)",
            )
        )
    if missing:
        return kind, None, issues
    if table.empty:
        issues.append(
            Issue(
                name,
                None,
                None,
                "file tidak berisi baris data",
                "isi minimal satu baris, atau hapus file ini dari data/raw",
            )
        )
        return kind, None, issues

    number_column = "target" if kind == "targets" else "value"
    try:
        decimal_comma = detect_decimal_comma(table[number_column].tolist())
    except NumberFormatError as exc:
        issues.append(
            Issue(name, None, number_column, str(exc), "pakai satu konvensi untuk seluruh file")
        )
        return kind, None, issues

    indicators = catalogue()
    year_min, year_max = settings["years"]["min"], settings["years"]["max"]
    statuses = settings["statuses"]
    rows = []
    for row_number, row in table.iterrows():

        def problem(column, message, hint="", _row=row_number):
            issues.append(Issue(name, _row, column, message, hint))

        if all(str(cell).strip() == "" for cell in row.tolist()):
            continue  # blank line in a spreadsheet
        record = {"source_file": name, "source_row": int(row_number)}
        ok = True

        indicator_id = str(row.get("indicator_id", "")).strip()
        if kind == "units" and not indicator_id:
            indicator_id = template["default_indicator"]
        meta = indicators.get(indicator_id)
        if meta is None:
            ok = False
            hint = _suggest(indicator_id, indicators) or "lihat data/reference/indicators.yaml"
            problem("indicator_id", f"indikator '{indicator_id}' tidak dikenal", hint)

        region_text = str(row["region"]).strip()
        region = resolver.resolve(region_text) if region_text else None
        if region is None:
            ok = False
            problem("region", "wilayah kosong", "isi kode BPS atau nama wilayah")
        elif isinstance(region, Exception):
            ok = False
            problem(
                "region",
                str(region),
                "perbaiki nama/kode, atau tambahkan alias di data/reference/regions/aliases.csv",
            )
            region = None

        year_text = str(row["year"]).strip()
        try:
            year = parse_number(year_text, False)
            if year is None or year != int(year):
                raise NumberFormatError(year_text)
            year = int(year)
            if not year_min <= year <= year_max:
                ok = False
                problem(
                    "year",
                    f"tahun {year} di luar rentang {year_min}–{year_max}",
                    "periksa penulisan tahun",
                )
        except NumberFormatError:
            ok = False
            year = None
            problem(
                "year",
                f"tahun '{year_text}' bukan bilangan bulat",
                "tulis tahun 4 digit, mis. 2024",
            )

        number_text = row[number_column]
        number_unreadable = False
        try:
            number = parse_number(number_text, decimal_comma)
            record["decimals"] = decimals_of(number_text, decimal_comma)
        except NumberFormatError:
            ok = False
            number, number_unreadable = None, True
            problem(
                number_column,
                f"'{number_text}' bukan angka",
                "tulis angka saja (mis. 3,85 atau 3.85); untuk nilai yang tidak dipublikasikan "
                "kosongkan sel dan isi status 'suppressed'",
            )

        source = str(row["source"]).strip()
        if not source:
            ok = False
            problem(
                "source", "sumber kosong", "setiap angka wajib punya sumber (URL atau publikasi)"
            )

        sector, unit_name, dimensions_ok = _check_dimensions(kind, indicator_id, row, problem)
        ok = ok and dimensions_ok
        record.update(sector=sector, unit_name=unit_name)
        if kind in ("values", "units"):
            status = str(row.get("status", "") or "published").strip().lower() or "published"
            category = str(row.get("category", "")).strip()
            if status not in statuses:
                ok = False
                problem(
                    "status",
                    f"status '{status}' tidak dikenal",
                    f"pakai salah satu dari: {', '.join(statuses)}",
                )
            elif (
                status in _WITH_FIGURE and number is None and not category and not number_unreadable
            ):
                ok = False
                problem(
                    "value",
                    f"nilai kosong padahal status '{status}'",
                    "isi nilai, atau isi status 'suppressed' (tidak dipublikasikan) / 'missing'",
                )
            elif status not in _WITH_FIGURE and number is not None:
                ok = False
                problem(
                    "value",
                    f"baris berstatus '{status}' tidak boleh berisi nilai",
                    "kosongkan nilai, atau ubah status menjadi 'published'",
                )
            synthetic_text = str(row.get("is_synthetic", "")).strip().lower()
            if synthetic_text not in _TRUE | _FALSE:
                ok = False
                problem(
                    "is_synthetic", f"'{synthetic_text}' bukan true/false", "isi true atau false"
                )
            statement_text = str(row.get("is_province_statement", "")).strip().lower()
            if statement_text not in _TRUE | _FALSE:
                ok = False
                problem(
                    "is_province_statement",
                    f"'{statement_text}' bukan true/false",
                    "isi true bila sumber menyatakan zona untuk seluruh provinsi tanpa menyebut "
                    "pemda ini, selain itu kosongkan",
                )
            record.update(
                status=status,
                category=category,
                is_synthetic=synthetic_text in _TRUE,
                is_province_statement=statement_text in _TRUE,
            )
        else:
            if number is None and not number_unreadable:
                ok = False
                problem("target", "target kosong", "isi nilai target")
            record["target_kind"] = str(row.get("target_kind", "")).strip()

        if meta is not None and number is not None and not meta.min <= number <= meta.max:
            ok = False
            problem(
                number_column,
                f"nilai {number:g} di luar rentang sah {meta.min:g}–{meta.max:g} ({meta.unit})",
                "periksa satuan dan tanda desimal",
            )
        if kind == "units" and region is not None and record.get("unit_name"):
            outside = unit_outside_pemda(record["unit_name"], region)
            if outside:
                ok = False
                problem(
                    "unit_name",
                    f"unit '{record['unit_name']}' menyebut {outside}, di luar pemda {region.name}",
                    "isi kolom region dengan pemda pemilik unit, atau perbaiki nama unit",
                )
        if meta is not None and region is not None and region.level not in meta.valid_levels:
            ok = False
            problem(
                "region",
                f"indikator '{indicator_id}' hanya sah pada tingkat {', '.join(meta.valid_levels)}, "
                f"bukan {region.level} ({region.name})",
                "jangan menurunkan angka ke tingkat yang tidak didukung sumbernya",
            )
        if not ok:
            continue
        record.update(
            indicator_id=indicator_id, region_code=region.code, region_name=region.name,
            level=region.level, year=year, unit=meta.unit, source=source,
            note=str(row.get("note", "")).strip(),
        )  # fmt: skip
        record["target" if kind == "targets" else "value"] = number
        rows.append(record)
    columns = TARGET_COLUMNS if kind == "targets" else [*VALUE_COLUMNS, "decimals"]
    frame = pd.DataFrame(rows, columns=columns)
    return kind, frame, issues


def _unit_duplicate_issues(frame: pd.DataFrame) -> list[Issue]:
    """Report every unit row whose (indicator, region, year, sector, unit name) repeats.

    Unit names are compared ignoring case and spacing. Unlike pemda rows, even identical
    repeats are refused: a report card pasted twice is a mistake, not a second source.
    """
    units = frame[frame["unit_name"].fillna("") != ""]
    if units.empty:
        return []
    key = units["unit_name"].map(normalise)
    columns = ["indicator_id", "region_code", "year", "sector"]
    issues = []
    repeated = units[units.assign(_unit=key).duplicated([*columns, "_unit"], keep=False)]
    for _, group in repeated.assign(_unit=key).groupby([*columns, "_unit"], sort=True):
        places = "; ".join(
            f"{f} baris {r}" for f, r in zip(group.source_file, group.source_row, strict=True)
        )
        first = group.iloc[0]
        for _, row in group.iterrows():
            issues.append(Issue(
                row.source_file, int(row.source_row), "unit_name",
                f"unit ganda {first.region_code} ({first.region_name}) / {first.year} / "
                f"{first.sector} / '{first.unit_name}' ({places})",
                "satu baris per unit per tahun; hapus baris yang berulang"))  # fmt: skip
    return issues


def _duplicate_issues(
    frame: pd.DataFrame, compare: list[str], key: list[str] | None = None
) -> tuple[pd.DataFrame, list[Issue]]:
    """Drop exact duplicates; report keys that appear with conflicting content."""
    key = key or ["indicator_id", "region_code", "year"]
    issues = []
    duplicated = frame[frame.duplicated(key, keep=False)]
    for _, group in duplicated.groupby(key, sort=True):
        content = group[compare].astype(str).drop_duplicates()
        if len(content) > 1:
            places = "; ".join(
                f"{f} baris {r}" for f, r in zip(group.source_file, group.source_row, strict=True)
            )
            first = group.iloc[0]
            for _, row in group.iterrows():
                issues.append(Issue(
                    row.source_file, int(row.source_row), compare[0],
                    f"kunci ganda {first.indicator_id} / {first.region_code} ({first.region_name}) / "
                    f"{first.year} dengan isi berbeda ({places})",
                    "simpan satu nilai; catat nilai lain di kolom 'note'"))  # fmt: skip
    return frame.drop_duplicates(key, keep="first"), issues


def validate(raw: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    """Read and validate every input; return (values, targets, input records).

    Raises :class:`DataValidationError` with every issue of every file (the rakor actions of
    ``data/raw/actions/`` included; :func:`validate_all` returns them too).
    """
    values, targets, _actions, inputs = validate_all(raw)
    return values, targets, inputs


def validate_all(
    raw: Path | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[dict]]:
    """Read and validate every input; return (values, targets, actions, input records).

    Raises :class:`DataValidationError` with every issue of every file.
    """
    raw = raw or raw_dir()
    resolver = _RegionCache()
    issues: list[Issue] = []
    values, targets, inputs = [], [], []
    paths = discover_inputs(raw)
    if not paths:
        issues.append(
            Issue(
                display_path(raw),
                None,
                None,
                "tidak ada file CSV/XLSX di folder ini",
                "letakkan data sesuai docs/DATA_CONTRACT.md",
            )
        )
    for path in paths:
        try:
            table = read_table(path)
        except RaggedRowsError as exc:
            issues += [
                Issue(display_path(path), row, column, message,
                      "lengkapi sel yang hilang (salin ulang baris dari sumbernya) atau hapus "
                      "pemisah yang berlebih")
                for row, column, message in exc.rows
            ]  # fmt: skip
            continue
        except Exception as exc:  # malformed file: report and go on with the others  # noqa: BLE001 - any parser error of a malformed file becomes one issue naming the file
            issues.append(
                Issue(
                    display_path(path),
                    None,
                    None,
                    f"file rusak atau tidak terbaca: {exc}",
                    "simpan ulang sebagai CSV UTF-8 atau XLSX",
                )
            )
            continue
        kind, frame, file_issues = _validate_table(path, table, resolver)
        issues += file_issues
        if frame is not None:
            (targets if kind == "targets" else values).append(frame)
        inputs.append(
            {
                "file": str(path.relative_to(raw)),
                "kind": kind,
                "sha256": _sha256(path),
                "rows": int(len(table)),
            }
        )
    micro = raw / "microdata"
    if micro.is_dir():
        for path in sorted(
            p for p in micro.iterdir() if p.is_file() and p.suffix.lower() in MICRODATA_SUFFIXES
        ):
            try:
                frame = load_spak(path)
            except DataValidationError as exc:
                issues += exc.issues
                continue
            inputs.append(
                {
                    "file": str(path.relative_to(raw)),
                    "kind": "microdata",
                    "sha256": _sha256(path),
                    "rows": int(len(frame)),
                }
            )
    values_frame = (
        pd.concat(values, ignore_index=True) if values else pd.DataFrame(columns=VALUE_COLUMNS)
    )
    targets_frame = (
        pd.concat(targets, ignore_index=True) if targets else pd.DataFrame(columns=TARGET_COLUMNS)
    )
    dup_units = _unit_duplicate_issues(values_frame)
    values_frame, dup_values = variants.resolve(values_frame, _VALUE_KEY)
    values_frame = values_frame.drop(columns=["decimals"])
    unit_places = {(issue.file, issue.row) for issue in dup_units}
    dup_values = dup_units + [i for i in dup_values if (i.file, i.row) not in unit_places]
    targets_frame, dup_targets = _duplicate_issues(targets_frame, ["target"])
    issues += dup_values + dup_targets
    actions_frame, action_issues, action_inputs = action_data.validate_actions(
        raw, resolver.resolve
    )
    issues += action_issues
    inputs += [{**record, "sha256": _sha256(raw / record["file"])} for record in action_inputs]
    if issues:
        raise DataValidationError(issues)
    return (
        _typed(values_frame, VALUE_COLUMNS),
        _typed(targets_frame, TARGET_COLUMNS),
        actions_frame,
        inputs,
    )


def _typed(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    frame = frame[columns].copy()
    for column in columns:
        if column in ("value", "target"):
            frame[column] = frame[column].astype("float64")
        elif column in ("year", "source_row", "source_tier"):
            frame[column] = frame[column].astype("int64")
        elif column in ("is_synthetic", "has_conflict", "is_province_statement"):
            frame[column] = frame[column].fillna(False).astype(bool)
        else:
            frame[column] = frame[column].fillna("").astype(str)
    order = [
        c for c in ("indicator_id", "region_code", "year", "sector", "unit_name") if c in frame
    ]
    return frame.sort_values(order, kind="stable").reset_index(drop=True)


def _table_hash(frame: pd.DataFrame) -> str:
    return hashlib.sha256(frame.to_csv(index=False).encode()).hexdigest()


# ----------------------------------------------------------------------------- build
def build(raw: Path | None = None, processed: Path | None = None) -> dict:
    """Validate all inputs and replace ``processed`` atomically; return the manifest.

    On any validation error raises :class:`DataValidationError` and leaves ``processed``
    untouched.
    """
    raw = raw or raw_dir()
    processed = processed or processed_dir()
    values, targets, actions, inputs = validate_all(raw)
    manifest = {
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "toolkit_version": __version__,
        "fingerprint": fingerprint(raw),
        "inputs": inputs,
        "outputs": {
            "indicator_values.parquet": {"rows": int(len(values))},
            "targets.parquet": {"rows": int(len(targets))},
            "actions.parquet": {"rows": int(len(actions))},
        },
        "data_hash": hashlib.sha256(
            (_table_hash(values) + _table_hash(targets) + _table_hash(actions)).encode()
        ).hexdigest(),
        "synthetic_rows": int(values["is_synthetic"].sum()),
        "conflict_rows": int(values["has_conflict"].sum()),
        "coverage": coverage_records(values),
    }
    processed.parent.mkdir(parents=True, exist_ok=True)
    tmp = processed.parent / f".processed-tmp-{os.getpid()}"
    old = processed.parent / f".processed-old-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir()
        values.to_parquet(tmp / "indicator_values.parquet", index=False)
        values.to_csv(tmp / "indicator_values.csv", index=False)
        targets.to_parquet(tmp / "targets.parquet", index=False)
        targets.to_csv(tmp / "targets.csv", index=False)
        actions.to_parquet(tmp / "actions.parquet", index=False)
        actions.to_csv(tmp / "actions.csv", index=False)
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        readme = processed / "README.md"
        if readme.exists():
            shutil.copy2(readme, tmp / "README.md")
        if processed.exists():
            os.rename(processed, old)
        os.rename(tmp, processed)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    return manifest


def is_stale(raw: Path | None = None, processed: Path | None = None) -> bool:
    """Return True when ``processed`` is missing or was built from other inputs or code."""
    manifest_path = (processed or processed_dir()) / "manifest.json"
    if not manifest_path.exists():
        return True
    try:
        manifest = json.loads(manifest_path.read_text())
    except json.JSONDecodeError:
        return True
    return manifest.get("fingerprint") != fingerprint(raw)


def ensure_built(raw: Path | None = None, processed: Path | None = None) -> dict:
    """Rebuild ``processed`` if stale; return its manifest (raises on invalid input)."""
    processed = processed or processed_dir()
    if is_stale(raw, processed):
        return build(raw, processed)
    return json.loads((processed / "manifest.json").read_text())


def load_processed(processed: Path | None = None, rebuild_if_stale: bool = True) -> Processed:
    """Return the validated tables, rebuilding them first when inputs changed."""
    processed = processed or processed_dir()
    manifest = (
        ensure_built(None, processed)
        if rebuild_if_stale
        else json.loads((processed / "manifest.json").read_text())
    )
    actions_path = processed / "actions.parquet"
    files = [processed / "indicator_values.parquet", processed / "targets.parquet", actions_path]
    key = (str(processed), json.dumps(manifest, sort_keys=True),
           tuple(p.stat().st_mtime_ns if p.exists() else 0 for p in files))  # fmt: skip
    if _LOADED.get("key") != key:  # a batch worker reads the tables once, not once a brief
        _LOADED["key"] = key
        _LOADED["data"] = Processed(
            values=pd.read_parquet(files[0]),
            targets=pd.read_parquet(files[1]),
            manifest=manifest,
            actions=(
                action_data.typed(pd.read_parquet(actions_path))
                if actions_path.exists()
                else action_data.empty_frame()
            ),
        )
    return dataclasses.replace(_LOADED["data"])  # its own object; the tables are shared


_LOADED: dict = {}  # the last tables read, with the manifest and file times they were read at
