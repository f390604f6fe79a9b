"""SPAK-like respondent microdata: schema, loader/validator and respondent scores.

One row per respondent (see ``docs/SPAK_SCHEMA.md``): region codes, urban/rural, survey
weight, stratum and primary sampling unit; for each sector (perizinan, dukcapil, kesehatan,
pendidikan, lainnya) whether it was used in the last 12 months and, if so, whether the
respondent paid more than the official fee, was asked for money, gave a gift, used a broker;
the "other experience" items; the perception items; education and age.

A real file (CSV or Parquet) dropped into ``data/raw/microdata/`` is read by
:func:`load_spak`, which collects *every* problem of the file and raises one
:class:`helpers.core.errors.DataValidationError`. Without a real file the pipeline uses the
synthetic generator (:mod:`helpers.model.synthetic`).

Respondent scores (:func:`compute_scores`) IMITATE BPS's 0–5 scores; they do not reproduce
them (BPS weights items by factor analysis and publishes no weights).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.core.errors import DataValidationError, Issue, display_path
from helpers.core.paths import raw_dir
from helpers.data import spak_layout
from helpers.reference import regions

SECTORS = ("perizinan", "dukcapil", "kesehatan", "pendidikan", "lainnya")
EXPERIENCE_ITEMS = ("paid_extra", "asked_money", "gift", "broker")
OTHER_DOMAINS = ("pemilu", "rekrutmen", "sekolah", "tilang")
PERSEPSI_SUBDIMENSIONS = ("keluarga", "komunitas", "publik")
PERCEPTION_ITEMS = 3
EDUCATION_CODES = ("le_sltp", "slta", "gt_slta")
MICRODATA_SUFFIXES = (".csv", ".parquet", ".sav", ".dta")


@dataclass(frozen=True)
class ColumnSpec:
    """One column of the SPAK microdata schema.

    ``kind``: ``id`` (non-empty text, unique), ``province`` (2-digit BPS code), ``regency``
    (4-digit BPS code starting with the province code), ``label`` (non-empty text),
    ``binary`` (0/1), ``conditional`` (0/1 when ``condition`` = 1, empty or 0 otherwise),
    ``weight`` (finite > 0), ``likert`` (integer 1–4, may be empty), ``category`` (one of
    ``allowed``), ``age`` (integer 15–110), ``flag`` (true/false).
    """

    name: str
    kind: str
    required: bool
    description: str
    condition: str | None = None
    allowed: tuple[str, ...] = ()


def _build_schema() -> tuple[ColumnSpec, ...]:
    cols = [
        ColumnSpec("respondent_id", "id", True, "respondent (household) identifier, unique"),
        ColumnSpec("province_code", "province", True, "BPS province code, 2 digits (text)"),
        ColumnSpec("regency_code", "regency", True, "BPS kab/kota code, 4 digits (text)"),
        ColumnSpec("urban", "binary", True, "1 = perkotaan (urban), 0 = perdesaan (rural)"),
        ColumnSpec("weight", "weight", True, "survey weight (households represented), > 0"),
        ColumnSpec("stratum", "label", True, "design stratum"),
        ColumnSpec(
            "psu", "label", True, "primary sampling unit (census block), unique within stratum"
        ),
    ]
    item_text = {
        "paid_extra": "paid more than the official fee",
        "asked_money": "was asked for money by an official",
        "gift": "gave a gift / gratification",
        "broker": "used a broker (calo)",
    }
    for sector in SECTORS:
        used = f"{sector}_used"
        cols.append(
            ColumnSpec(used, "binary", True, f"used {sector} services in the last 12 months")
        )
        for item in EXPERIENCE_ITEMS:
            cols.append(
                ColumnSpec(
                    f"{sector}_{item}",
                    "conditional",
                    True,
                    f"{sector}: {item_text[item]} (empty when not used)",
                    condition=used,
                )
            )
    other_text = {
        "pemilu": "offered money or goods for a vote",
        "rekrutmen": "paid or asked to pay in a job recruitment",
        "sekolah": "paid or asked to pay for school admission",
        "tilang": "paid 'peace money' at a traffic stop",
    }
    for domain in OTHER_DOMAINS:
        exposed = f"other_{domain}_exposed"
        cols.append(ColumnSpec(exposed, "binary", True, f"took part in / met a {domain} situation"))
        cols.append(
            ColumnSpec(
                f"other_{domain}_corrupt",
                "conditional",
                True,
                f"{other_text[domain]} (empty when not exposed)",
                condition=exposed,
            )
        )
    for sub in PERSEPSI_SUBDIMENSIONS:
        for k in range(1, PERCEPTION_ITEMS + 1):
            cols.append(
                ColumnSpec(
                    f"persepsi_{sub}_{k}",
                    "likert",
                    True,
                    f"perception item {k}, {sub} sphere: 1 = sangat wajar … 4 = sangat tidak wajar",
                )
            )
    cols += [
        ColumnSpec("education", "category", True, "≤SLTP / SLTA / >SLTA", allowed=EDUCATION_CODES),
        ColumnSpec("age", "age", True, "age in years (15–110)"),
        ColumnSpec("is_synthetic", "flag", False, "true only for generated demonstration data"),
    ]
    return tuple(cols)


SCHEMA: tuple[ColumnSpec, ...] = _build_schema()
SCHEMA_BY_NAME = {spec.name: spec for spec in SCHEMA}
BINARY_COLUMNS = tuple(s.name for s in SCHEMA if s.kind == "binary")
CONDITIONAL_COLUMNS = tuple(s.name for s in SCHEMA if s.kind == "conditional")
LIKERT_COLUMNS = tuple(s.name for s in SCHEMA if s.kind == "likert")


def schema_table() -> pd.DataFrame:
    """Return the schema as a table (name, kind, required, condition, description)."""
    return pd.DataFrame(
        [(s.name, s.kind, s.required, s.condition or "", s.description) for s in SCHEMA],
        columns=["column", "kind", "required", "condition", "description"],
    )


# ---------------------------------------------------------------------------------------------
# Loading and validation


def _known_province_codes() -> set[str]:
    return {str(r.code) for r in regions.provinces()}


def _regency_provinces() -> dict[str, str]:
    """Current BPS kab/kota code → BPS province code, from the region reference."""
    return {str(r.code): str(r.province_code) for r in regions.regencies()}


def _unknown_regency_issues(col: _Collector, column: str, text: np.ndarray, checked) -> None:
    """Add issues for 4-digit regency codes that are not current BPS codes.

    A pre-2022 Papua code gets the crosswalk's current code as the suggestion.
    """
    unknown = checked & ~np.isin(text, list(_regency_provinces()))
    if not unknown.any():
        return
    crosswalk = regions.papua_crosswalk()
    old = dict(
        zip(
            crosswalk["old_bps_code"],
            zip(crosswalk["bps_code"], crosswalk["name"], strict=True),
            strict=True,
        )
    )
    for code in sorted(set(text[unknown]) & set(old)):
        new, name = old[code]
        province = regions.name_of(regions.get(new).province_code)
        col.rows(
            column,
            unknown & (text == code),
            f"kode BPS lama (sebelum pemekaran Papua 2022) untuk {name}",
            f"pakai kode BPS sekarang '{new}' ({name}, {province}); lihat "
            "data/reference/regions/papua_crosswalk.csv",
            text,
        )
    col.rows(
        column,
        unknown & ~np.isin(text, list(old)),
        "kode kab/kota BPS tidak dikenal",
        "gunakan kode BPS kab/kota yang berlaku (lihat data/reference/regions/regencies.csv)",
        text,
    )


class _Collector:
    """Collect issues, reporting at most ``per_problem`` rows per (column, problem)."""

    def __init__(self, file: str, per_problem: int = 10):
        self.file = file
        self.per_problem = per_problem
        self.issues: list[Issue] = []

    def whole_file(self, column: str | None, message: str, hint: str) -> None:
        self.issues.append(Issue(self.file, None, column, message, hint))

    def rows(self, column: str, mask: np.ndarray, message: str, hint: str, values=None) -> None:
        positions = np.flatnonzero(mask)
        for pos in positions[: self.per_problem]:
            text = message
            if values is not None:
                text = f"{message} (nilai: {values[pos]!r})"
            self.issues.append(Issue(self.file, int(pos) + 2, column, text, hint))
        if len(positions) > self.per_problem:
            rest = len(positions) - self.per_problem
            sample = ", ".join(
                str(int(p) + 2) for p in positions[self.per_problem : self.per_problem + 5]
            )
            self.issues.append(
                Issue(
                    self.file,
                    None,
                    column,
                    f"{message}: {rest} baris lain juga (mis. baris {sample} …)",
                    hint,
                )
            )


def _read_raw(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        frame = pd.read_parquet(path)
    elif suffix == ".csv":
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    elif suffix in (".sav", ".dta"):
        frame = spak_layout.read_statistical(path)
    else:
        raise DataValidationError(
            [
                Issue(
                    display_path(path),
                    None,
                    None,
                    f"format '{suffix}' tidak didukung",
                    "simpan mikrodata sebagai .csv, .parquet, .sav (SPSS) atau .dta (Stata)",
                )
            ]
        )
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    layout = spak_layout.detect_layout(frame.columns)
    if layout is not None:  # BPS questionnaire layout (Blok V rows) → one row per respondent
        return spak_layout.to_project_layout(frame, display_path(path), layout)
    return frame.reset_index(drop=True)


def _as_text(series: pd.Series) -> np.ndarray:
    text = series.astype(object).where(series.notna(), "").astype(str).str.strip()
    return text.to_numpy(dtype=object)


def _code_format(text: np.ndarray, digits: int) -> np.ndarray:
    series = pd.Series(text, dtype=object).astype(str)
    return ((series.str.len() == digits) & series.str.isdigit()).to_numpy(dtype=bool)


def _as_number(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Return (float values with NaN for empty, mask of non-numeric non-empty cells)."""
    if pd.api.types.is_bool_dtype(series):
        series = series.astype(float)
    if pd.api.types.is_numeric_dtype(series):
        values = series.to_numpy(dtype=float, na_value=np.nan)
        return values, np.zeros(len(values), dtype=bool)
    text = series.astype(object).where(series.notna(), "").astype(str).str.strip()
    text = text.str.replace(",", ".", regex=False)
    empty = (text == "").to_numpy()
    values = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = np.isnan(values) & ~empty
    return values, bad


def validate_spak(  # noqa: C901 - predates the complexity rule; split when next touched
    frame: pd.DataFrame, file: str = "<data>", per_problem: int = 10
) -> tuple[pd.DataFrame, list[Issue]]:
    """Validate a raw microdata frame and return ``(typed frame, issues)``.

    Rows are numbered as in a spreadsheet (header = row 1, first respondent = row 2), also for
    Parquet files. Every problem is collected; at most ``per_problem`` rows are listed per
    (column, problem), followed by a count of the rest. The typed frame is only meaningful
    when ``issues`` is empty.
    """
    col = _Collector(file, per_problem)
    columns = set(frame.columns)
    missing = [s.name for s in SCHEMA if s.required and s.name not in columns]
    for name in missing:
        col.whole_file(
            name,
            f"kolom wajib '{name}' tidak ada",
            "tambahkan kolom ini (lihat docs/SPAK_SCHEMA.md) lalu jalankan lagi",
        )
    if frame.empty:
        col.whole_file(None, "file tidak berisi baris responden", "periksa ekspor data")
    out: dict[str, object] = {}
    n = len(frame)
    numbers: dict[str, np.ndarray] = {}
    for spec in SCHEMA:
        if spec.name not in columns:
            continue
        series = frame[spec.name]
        if spec.kind in ("id", "province", "regency", "label"):
            text = _as_text(series)
            empty = text == ""
            col.rows(spec.name, empty, "sel kosong", f"isi '{spec.name}' untuk setiap responden")
            if spec.kind == "province":
                bad = ~empty & ~_code_format(text, 2)
                col.rows(
                    spec.name,
                    bad,
                    "kode provinsi BPS harus 2 digit",
                    "tulis kode sebagai teks, mis. '62'",
                    text,
                )
                known = _known_province_codes()
                unknown = ~empty & ~bad & ~np.isin(text, list(known))
                col.rows(
                    spec.name,
                    unknown,
                    "kode provinsi BPS tidak dikenal",
                    "gunakan kode BPS (lihat data/reference/regions)",
                    text,
                )
            if spec.kind == "regency":
                bad = ~empty & ~_code_format(text, 4)
                col.rows(
                    spec.name,
                    bad,
                    "kode kab/kota BPS harus 4 digit tanpa titik",
                    "tulis kode sebagai teks, mis. '6201'",
                    text,
                )
                _unknown_regency_issues(col, spec.name, text, ~empty & ~bad)
            if spec.kind == "id":
                dup = pd.Series(text).duplicated(keep="first").to_numpy() & ~empty
                col.rows(
                    spec.name,
                    dup,
                    "respondent_id ganda (sudah muncul di baris sebelumnya)",
                    "setiap responden harus punya id unik; hapus baris ganda",
                    text,
                )
            out[spec.name] = text
            continue
        if spec.kind == "category":
            text = _as_text(series)
            bad = ~np.isin(text, list(spec.allowed))
            col.rows(
                spec.name,
                bad,
                "kategori tidak dikenal",
                f"pakai salah satu dari {', '.join(spec.allowed)}",
                text,
            )
            out[spec.name] = text
            continue
        if spec.kind == "flag":
            text = np.char.lower(_as_text(series).astype(str))
            bad = ~np.isin(text, ["true", "false", "1", "0", "1.0", "0.0"])
            col.rows(spec.name, bad, "harus true atau false", "isi true/false", text)
            out[spec.name] = np.isin(text, ["true", "1", "1.0"])
            continue
        values, not_number = _as_number(series)
        col.rows(
            spec.name,
            not_number,
            "bukan angka",
            "isi dengan angka",
            _as_text(series) if not_number.any() else None,
        )
        valid = ~np.isnan(values)
        if spec.kind == "weight":
            col.rows(
                spec.name,
                ~valid & ~not_number,
                "bobot kosong",
                "isi bobot survei untuk setiap responden",
            )
            bad = valid & ~(np.isfinite(values) & (values > 0))
            col.rows(
                spec.name,
                bad,
                "bobot harus positif dan terhingga",
                "periksa bobot survei; bobot ≤ 0 tidak boleh",
                values,
            )
        elif spec.kind == "binary":
            col.rows(spec.name, ~valid & ~not_number, "sel kosong", "isi 0 atau 1")
            bad = valid & ~np.isin(values, [0.0, 1.0])
            col.rows(
                spec.name,
                bad,
                "harus 0 atau 1",
                "kode ulang jawaban menjadi 0 (tidak) / 1 (ya)",
                values,
            )
        elif spec.kind == "likert":
            bad = valid & ~np.isin(values, [1.0, 2.0, 3.0, 4.0])
            col.rows(
                spec.name,
                bad,
                "di luar skala 1–4",
                "kode 1 = sangat wajar … 4 = sangat tidak wajar; kosongkan bila tidak menjawab",
                values,
            )
        elif spec.kind == "age":
            col.rows(spec.name, ~valid & ~not_number, "umur kosong", "isi umur dalam tahun")
            bad = valid & ~((values >= 15) & (values <= 110) & (values == np.round(values)))
            col.rows(
                spec.name, bad, "umur harus bilangan bulat 15–110", "periksa umur responden", values
            )
        numbers[spec.name] = values
        out[spec.name] = values
    # conditional items need their condition column
    for spec in SCHEMA:
        if spec.kind != "conditional" or spec.name not in numbers:
            continue
        values = numbers[spec.name]
        condition = numbers.get(spec.condition)
        valid = ~np.isnan(values)
        bad = valid & ~np.isin(values, [0.0, 1.0])
        col.rows(
            spec.name,
            bad,
            "harus 0 atau 1 (atau kosong bila layanan tidak digunakan)",
            "kode ulang jawaban menjadi 0/1",
            values,
        )
        if condition is not None:
            used = condition == 1.0
            col.rows(
                spec.name,
                used & ~valid,
                f"kosong padahal {spec.condition} = 1",
                "isi 0 atau 1 untuk layanan yang digunakan",
            )
            col.rows(
                spec.name,
                (condition == 0.0) & (values == 1.0),
                f"bernilai 1 padahal {spec.condition} = 0",
                f"periksa '{spec.condition}' atau kosongkan kolom ini",
            )
            values = np.where(used, values, np.nan)
            out[spec.name] = values
    # codes consistency: a known regency must lie in the row's (known) province
    if "province_code" in out and "regency_code" in out:
        prov, reg = out["province_code"], out["regency_code"]
        parent = _regency_provinces()
        reg_parent = np.array([parent.get(code, "") for code in reg], dtype=object)
        mismatch = (reg_parent != "") & np.isin(prov, list(_known_province_codes()))
        mismatch &= reg_parent != prov
        col.rows(
            "regency_code",
            mismatch,
            "kode kab/kota tidak berada di provinsi pada kolom province_code",
            "periksa province_code / regency_code (lihat data/reference/regions/regencies.csv)",
            reg,
        )
    if col.issues:
        return pd.DataFrame(), col.issues
    typed = _typed_frame(out, n, "is_synthetic" in columns)
    return typed, []


def _typed_frame(values: dict[str, object], n: int, has_flag: bool) -> pd.DataFrame:  # noqa: C901 - predates the complexity rule; split when next touched
    data: dict[str, object] = {}
    for spec in SCHEMA:
        if spec.name not in values:
            continue
        v = values[spec.name]
        if spec.kind in ("id", "label"):
            data[spec.name] = pd.array(v, dtype="str")
        elif spec.kind in ("province", "regency", "category"):
            data[spec.name] = pd.Categorical(v)
        elif spec.kind == "binary":
            data[spec.name] = np.asarray(v, dtype=np.int8)
        elif spec.kind in ("conditional", "likert"):
            data[spec.name] = np.asarray(v, dtype=np.float32)
        elif spec.kind == "age":
            data[spec.name] = np.asarray(v, dtype=np.int16)
        elif spec.kind == "weight":
            data[spec.name] = np.asarray(v, dtype=float)
        elif spec.kind == "flag":
            data[spec.name] = np.asarray(v, dtype=bool)
    if not has_flag:
        data["is_synthetic"] = np.zeros(n, dtype=bool)
    return pd.DataFrame(data)


def load_spak(path: Path | str, per_problem: int = 10) -> pd.DataFrame:
    """Load and validate a SPAK microdata file (CSV, Parquet, SPSS .sav or Stata .dta).

    The file may be in the project's layout or in BPS's questionnaire layout (Blok V rows,
    detected by its columns and converted by :mod:`helpers.data.spak_layout`); problems are
    then reported at the file's rows and questionnaire variables.

    Returns a typed frame (codes as categoricals, binary items int8, conditional items
    float32 with NaN when the service was not used, ``is_synthetic`` bool — false when the
    file has no such column). Raises :class:`DataValidationError` listing every problem with
    file, row (header = row 1), column and what to do.
    """
    path = Path(path)
    label = display_path(path)
    try:
        raw = _read_raw(path)
    except DataValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 — unreadable file → one clear issue
        raise DataValidationError(
            [
                Issue(
                    label,
                    None,
                    None,
                    f"file tidak dapat dibaca: {exc}",
                    "simpan ulang sebagai CSV UTF-8, Parquet, .sav atau .dta",
                )
            ]
        ) from exc
    origin = dict(raw.attrs)  # questionnaire layout: file rows and variables of each column
    raw.attrs.clear()
    typed, issues = validate_spak(raw, label, per_problem=per_problem)
    if issues:
        raise DataValidationError([spak_layout.source_issue(i, origin) for i in issues])
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        meta = pq.read_schema(path).metadata or {}
        if meta.get(b"is_synthetic", b"").lower() == b"true":
            typed["is_synthetic"] = True
    typed.attrs["source_file"] = label
    return typed


def microdata_dir() -> Path:
    """Folder analysts drop SPAK microdata into (``data/raw/microdata``)."""
    return raw_dir() / "microdata"


def find_microdata(directory: Path | None = None, include_synthetic: bool = False) -> Path | None:
    """Return the newest real microdata file in ``data/raw/microdata`` (None when there is none).

    Files whose name contains ``SYNTHETIC`` are skipped unless ``include_synthetic``.
    """
    directory = directory or microdata_dir()
    if not directory.is_dir():
        return None
    files = [
        p for p in directory.iterdir() if p.suffix.lower() in MICRODATA_SUFFIXES and p.is_file()
    ]
    if not include_synthetic:
        files = [p for p in files if "SYNTHETIC" not in p.name.upper()]
    if not files:
        return None
    return max(files, key=lambda p: (p.stat().st_mtime, p.name))


def is_synthetic(micro: pd.DataFrame) -> bool:
    """Return True when any row of ``micro`` is synthetic."""
    return bool("is_synthetic" in micro.columns and micro["is_synthetic"].to_numpy().any())
