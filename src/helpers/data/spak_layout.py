"""SPAK microdata in BPS's questionnaire layout: read it into the project's layout, or write it.

Analysts who hold SPAK microdata receive it as BPS delivers it: Blok V ("pengalaman berurusan
dengan pelayanan publik") has one row per respondent × service type (rincian 501 RT/RW, 502
desa/kelurahan/kecamatan, 503 police, …), with the respondent's own variables alongside. A
versioned mapping per survey year, ``data/reference/spak_layout/spak_<year>.yaml``, says which
questionnaire variables and rincian codes become which column of the project's schema
(``docs/SPAK_SCHEMA.md``) and which parts of it are public documentation or assumptions.

* :func:`detect_layout` — the mapping whose ``detect`` variables are all in a frame (or None);
* :func:`to_project_layout` — convert such a frame (one row per respondent × rincian) to one
  row per respondent in the project's columns, as text/numbers for
  :func:`helpers.data.microdata.validate_spak`; problems of the conversion itself (missing
  variable, unknown rincian code, a yes/no code that is neither, a respondent's variables that
  differ between their rows) raise one :class:`DataValidationError` naming file, row, column;
* :func:`source_issue` — re-point a validation issue of the converted frame at the file's row
  and questionnaire variable;
* :func:`to_questionnaire_layout` / :func:`write_questionnaire` — the reverse, for tests and
  demonstrations (a sector's answers go to its first listed rincian).

This module reads only the mapping, so :mod:`helpers.data.microdata` can call it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat

from helpers.core.errors import DataValidationError, Issue
from helpers.core.paths import reference_dir
from helpers.reference.files import load_yaml

LAYOUT_DIR = "spak_layout"
BLOK_V_ITEMS = ("paid_extra", "asked_money", "gift", "broker")
PROJECT_SECTORS = ("perizinan", "dukcapil", "kesehatan", "pendidikan", "lainnya")
_INTEGER = re.compile(r"^[+-]?\d+(\.0*)?$")
_PER_PROBLEM = 10


@dataclass(frozen=True)
class Layout:
    """One parsed mapping file (``spak_<year>.yaml``); variable names lower-cased."""

    name: str
    survey_year: int
    settings: dict

    @property
    def detect(self) -> list[str]:
        """Variables whose presence marks a file in this layout."""
        return [v.lower() for v in self.settings["detect"]]

    @property
    def rincian_variable(self) -> str:
        """The Blok V variable holding the rincian code."""
        return self.settings["blok_v"]["rincian_variable"].lower()

    def blok_v_variable(self, item: str) -> str:
        """The Blok V variable of ``item`` (``used`` or one of :data:`BLOK_V_ITEMS`)."""
        return self.settings["blok_v"]["columns"][item]["variable"].lower()

    @property
    def rincian(self) -> dict[int, str | None]:
        """Rincian code → project sector (None: read, but in no sector)."""
        return {int(k): v.get("sector") for k, v in self.settings["blok_v"]["rincian"].items()}

    def sector_rincian(self, sector: str) -> list[int]:
        """Rincian codes of ``sector`` in file order (the first one is the writer's)."""
        return [code for code, s in self.rincian.items() if s == sector]

    @property
    def yes(self) -> set[float]:
        """Codes read as 1."""
        return {float(v) for v in self.settings["yes_no"]["yes_codes"]}

    @property
    def no(self) -> set[float]:
        """Codes read as 0."""
        return {float(v) for v in self.settings["yes_no"]["no_codes"]}

    def respondent_spec(self) -> dict[str, dict]:
        """Project column → its spec (``variable`` lower-cased) for respondent-level variables."""
        out = {}
        for column, spec in self.settings["respondent"].items():
            out[column] = {**spec, "variable": spec["variable"].lower()}
        for domain, spec in self.settings["other_experience"].items():
            if isinstance(spec, dict):
                out[f"other_{domain}_exposed"] = {"variable": spec["exposed"].lower(), "yes_no": 1}
                out[f"other_{domain}_corrupt"] = {"variable": spec["corrupt"].lower(), "yes_no": 1}
        for sub, variables in self.settings["persepsi"].items():
            if isinstance(variables, list):
                for k, variable in enumerate(variables, start=1):
                    out[f"persepsi_{sub}_{k}"] = {"variable": variable.lower(), "likert": 1}
        return out

    def required_variables(self) -> list[str]:
        """Every variable the file must hold."""
        names = [self.rincian_variable, self.blok_v_variable("used")]
        names += [self.blok_v_variable(item) for item in BLOK_V_ITEMS]
        names += [s["variable"] for s in self.respondent_spec().values() if not s.get("optional")]
        return names


def layout_files(directory: Path | None = None) -> list[Path]:
    """Mapping files ``spak_<year>.yaml``, newest survey year first."""
    folder = directory or reference_dir() / LAYOUT_DIR
    return sorted(folder.glob("spak_*.yaml"), reverse=True)


def load_layout(year: int | str | None = None) -> Layout:
    """Return the mapping of survey ``year`` (default: the newest)."""
    files = layout_files()
    if year is not None:
        files = [p for p in files if p.stem == f"spak_{year}"]
    if not files:
        raise FileNotFoundError(f"no SPAK layout file for year {year} in {LAYOUT_DIR}/")
    path = files[0]
    settings = load_yaml(f"{LAYOUT_DIR}/{path.name}")
    return Layout(path.stem, int(settings["survey_year"]), settings)


def detect_layout(columns) -> Layout | None:
    """Return the newest mapping whose ``detect`` variables are all in ``columns``, else None."""
    present = {str(c).strip().lower() for c in columns}
    for path in layout_files():
        layout = load_layout(path.stem.removeprefix("spak_"))
        if set(layout.detect) <= present:
            return layout
    return None


# ---------------------------------------------------------------------------------------------
# reading


def _text(series: pd.Series) -> np.ndarray:
    """Cell text, stripped; numbers that are whole print without '.0'; missing → ''."""
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        values = series.to_numpy(dtype=float, na_value=np.nan)
        out = np.full(len(values), "", dtype=object)
        present = ~np.isnan(values)
        whole = present & (values == np.round(values)) & (np.abs(values) < 2**53)
        out[whole] = values[whole].astype(np.int64).astype(str)
        out[present & ~whole] = values[present & ~whole].astype(str)  # shortest round-trip
        return out
    text = series.astype(object).where(series.notna(), "").astype(str).str.strip()
    return text.to_numpy(dtype=object)


def _whole(text: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (mask of cells holding a whole number, their integer values, 0 elsewhere)."""
    series = pd.Series(text, dtype=object).astype(str)
    mask = series.str.fullmatch(_INTEGER.pattern).to_numpy(dtype=bool)
    values = np.zeros(len(series), dtype=np.int64)
    values[mask] = series[mask].astype(float).astype(np.int64).to_numpy()
    return mask, values


def _code(text: np.ndarray, digits: int) -> np.ndarray:
    """Whole numbers zero-padded to ``digits``; anything else unchanged (the validator flags it)."""
    mask, values = _whole(text)
    out = np.asarray(text, dtype=object).copy()
    out[mask] = np.char.zfill(values[mask].astype(str), digits)
    return out


class _Issues:
    def __init__(self, file: str):
        self.file = file
        self.items: list[Issue] = []

    def rows(self, column: str, mask: np.ndarray, message: str, hint: str, values=None) -> None:
        positions = np.flatnonzero(mask)
        for pos in positions[:_PER_PROBLEM]:
            text = message if values is None else f"{message} (nilai: {values[pos]!r})"
            self.items.append(Issue(self.file, int(pos) + 2, column, text, hint))
        if len(positions) > _PER_PROBLEM:
            self.items.append(
                Issue(
                    self.file,
                    None,
                    column,
                    f"{message}: {len(positions) - _PER_PROBLEM} baris lain",
                    hint,
                )
            )


def _yes_no(
    frame: pd.DataFrame, variable: str, layout: Layout, issues: _Issues, hint: str
) -> np.ndarray:
    """Return 1/0/NaN from yes/no codes; other codes are reported (file, row, column)."""
    text = _text(frame[variable])
    numbers = pd.to_numeric(pd.Series(text).str.replace(",", ".", regex=False), errors="coerce")
    values = numbers.to_numpy(dtype=float)
    out = np.where(np.isin(values, list(layout.yes)), 1.0, np.nan)
    out = np.where(np.isin(values, list(layout.no)), 0.0, out)
    bad = (text != "") & np.isnan(out)
    codes = f"{sorted(layout.yes)} = ya, {sorted(layout.no)} = tidak"
    issues.rows(variable, bad, f"kode ya/tidak tidak dikenal ({codes})", hint, text)
    return out


def _respondent_value(
    text: np.ndarray, first: np.ndarray, codes: np.ndarray, variable: str, issues: _Issues
) -> np.ndarray:
    """Value on each respondent's first row; rows that disagree with it are reported."""
    reference = text[first]
    issues.rows(
        variable,
        text != reference[codes],
        "nilai berbeda dengan baris pertama responden yang sama",
        "variabel responden harus sama di semua baris Blok V responden itu",
        text,
    )
    return reference


def _map_codes(values: np.ndarray, codes: dict) -> np.ndarray:
    table = {str(k): str(v) for k, v in codes.items()}
    series = pd.Series(values, dtype=object)
    return series.map(table).where(series.isin(list(table)), series).to_numpy(dtype=object)


def _respondent_columns(
    frame: pd.DataFrame,
    layout: Layout,
    first: np.ndarray,
    codes: np.ndarray,
    issues: _Issues,
) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for column, spec in layout.respondent_spec().items():
        variable = spec["variable"]
        if variable not in frame.columns:
            continue  # optional (required ones were checked before)
        if spec.get("yes_no"):
            values = _yes_no(frame, variable, layout, issues, "kode ulang ke kode ya/tidak")
            text = np.where(np.isnan(values), "", np.nan_to_num(values).astype(int).astype(str))
        else:
            text = _text(frame[variable])
        if spec.get("likert"):
            missing = {str(v) for v in layout.settings["persepsi"].get("missing_codes", [])}
            text = np.where(np.isin(text, list(missing)), "", text)
        value = _respondent_value(text, first, codes, variable, issues)
        if "digits" in spec:
            value = _code(value, spec["digits"])
        if "codes" in spec:
            value = _map_codes(value, spec["codes"])
        out[column] = value
    regency = layout.settings["respondent"]["regency_code"]
    if regency.get("within_province") and "province_code" in out:
        out["regency_code"] = np.char.add(
            out["province_code"].astype(str), out["regency_code"].astype(str)
        ).astype(object)
    return out


def _blok_v(
    frame: pd.DataFrame, layout: Layout, codes: np.ndarray, n: int, issues: _Issues
) -> dict[str, np.ndarray]:
    rincian_var = layout.rincian_variable
    rincian_text = _text(frame[rincian_var])
    mask, rincian = _whole(rincian_text)
    rincian = np.where(mask, rincian, -1)
    known = layout.rincian
    listed = ", ".join(str(c) for c in known)
    issues.rows(
        rincian_var,
        ~np.isin(rincian, list(known)),
        "kode rincian Blok V tidak dikenal",
        f"kode yang dikenal: {listed}; tambahkan kode ini ke data/reference/{LAYOUT_DIR}/"
        f"{layout.name}.yaml (sector, atau null) bila memang ada di kuesioner",
        rincian_text,
    )
    pair = pd.Series(codes.astype(np.int64) * 10_000 + np.where(rincian >= 0, rincian, 0))
    issues.rows(
        rincian_var,
        pair.duplicated().to_numpy() & (rincian >= 0),
        "rincian yang sama muncul dua kali untuk responden ini",
        "satu baris per responden × rincian; hapus baris ganda",
        rincian_text,
    )
    hint = "kode ulang jawaban Blok V ke kode ya/tidak"
    used = _yes_no(frame, layout.blok_v_variable("used"), layout, issues, hint)
    items = {
        item: _yes_no(frame, layout.blok_v_variable(item), layout, issues, hint)
        for item in BLOK_V_ITEMS
    }
    out: dict[str, np.ndarray] = {}
    for sector in PROJECT_SECTORS:
        rows = np.isin(rincian, layout.sector_rincian(sector))
        if not rows.any():
            issues.items.append(
                Issue(
                    issues.file,
                    None,
                    rincian_var,
                    f"tidak ada baris rincian sektor '{sector}' "
                    f"(kode {layout.sector_rincian(sector) or 'tidak ada'}) di file ini",
                    f"sesuaikan kode rincian sektor '{sector}' di data/reference/{LAYOUT_DIR}/"
                    f"{layout.name}.yaml dengan kuesioner file ini",
                )
            )
            continue
        sector_used = rows & (used == 1)
        any_used = np.bincount(codes[sector_used], minlength=n) > 0
        out[f"{sector}_used"] = any_used.astype(int).astype(str)
        for item, values in items.items():
            on = sector_used & ~np.isnan(values)
            answered = np.bincount(codes[on], minlength=n) > 0
            yes = np.bincount(codes[on], weights=values[on], minlength=n) > 0
            cell = np.where(yes, "1", np.where(answered, "0", ""))
            out[f"{sector}_{item}"] = np.where(any_used, cell, "").astype(object)
    return out


def to_project_layout(frame: pd.DataFrame, file: str, layout: Layout | None = None) -> pd.DataFrame:
    """Convert a questionnaire-layout frame (columns lower-cased) to the project's layout.

    Returns one row per respondent (in order of first appearance) with the schema's columns
    as text, ready for :func:`helpers.data.microdata.validate_spak`. ``attrs`` hold the
    layout's name, the file row of each respondent's first line (``source_rows``) and the
    questionnaire variable of each column (``source_columns``). Raises
    :class:`DataValidationError` (file, row, column) when the conversion itself fails.
    """
    layout = layout or detect_layout(frame.columns)
    if layout is None:
        raise ValueError("not a SPAK questionnaire-layout frame")
    frame = frame.reset_index(drop=True)
    issues = _Issues(file)
    missing = [v for v in layout.required_variables() if v not in frame.columns]
    for variable in missing:
        issues.items.append(
            Issue(
                file,
                None,
                variable,
                f"variabel kuesioner '{variable}' tidak ada (tata letak {layout.name})",
                f"tambahkan variabel ini, atau sesuaikan namanya di data/reference/{LAYOUT_DIR}/"
                f"{layout.name}.yaml",
            )
        )
    if issues.items:
        raise DataValidationError(issues.items)
    id_var = layout.respondent_spec()["respondent_id"]["variable"]
    ids = _text(frame[id_var])
    issues.rows(id_var, ids == "", "id responden kosong", "isi id responden di setiap baris")
    codes, uniques = pd.factorize(pd.Series(ids), sort=False)
    n = len(uniques)
    first = np.full(n, len(frame), dtype=np.int64)
    np.minimum.at(first, codes, np.arange(len(frame)))
    columns = _respondent_columns(frame, layout, first, codes, issues)
    columns.update(_blok_v(frame, layout, codes, n, issues))
    if issues.items:
        raise DataValidationError(issues.items)
    out = pd.DataFrame(columns)
    source_columns = {c: s["variable"] for c, s in layout.respondent_spec().items()}
    for sector in PROJECT_SECTORS:
        source_columns[f"{sector}_used"] = layout.blok_v_variable("used")
        for item in BLOK_V_ITEMS:
            source_columns[f"{sector}_{item}"] = layout.blok_v_variable(item)
    out.attrs.update(
        {
            "spak_layout": layout.name,
            "source_rows": first + 2,
            "source_columns": source_columns,
        }
    )
    return out


def source_issue(issue: Issue, origin: dict) -> Issue:
    """Re-point an issue of the converted frame at the file's row and questionnaire variable.

    ``origin`` is the converted frame's ``attrs`` (taken off the frame before validation, so
    pandas does not copy them on every operation); an empty one leaves ``issue`` as it is.
    """
    rows = origin.get("source_rows")
    if rows is None:
        return issue
    row = issue.row
    if row is not None and 2 <= row < len(rows) + 2:
        row = int(rows[row - 2])
    column = issue.column
    variable = origin.get("source_columns", {}).get(column)
    if variable:
        column = f"{variable} ({column})"
    message = issue.message
    if issue.row is not None:
        message = f"{message} [baris pertama responden; tata letak {origin['spak_layout']}]"
    return replace(issue, row=row, column=column, message=message)


# ---------------------------------------------------------------------------------------------
# writing (tests, demonstrations)


def to_questionnaire_layout(micro: pd.DataFrame, layout: Layout | None = None) -> pd.DataFrame:
    """Return ``micro`` (project layout) in the questionnaire layout of ``layout``.

    One row per respondent × rincian listed in the mapping (sector not null); a sector's
    answers go to its first listed rincian, its other rincian read "not used". Codes are
    numbers, as in BPS's SPSS/Stata files; identifiers, strata and PSUs are text.
    """
    layout = layout or load_layout()
    resp_frame = _respondent_frame(micro, layout)
    blocks = []
    for code, sector in layout.rincian.items():
        if sector is None:
            continue
        part = pd.concat([resp_frame, _blok_v_block(micro, layout, code, sector)], axis=1)
        part["_order"] = np.arange(len(micro))
        blocks.append(part)
    out = pd.concat(blocks, ignore_index=True).sort_values(["_order"], kind="stable")
    return out.drop(columns="_order").reset_index(drop=True)


def _respondent_frame(micro: pd.DataFrame, layout: Layout) -> pd.DataFrame:
    spec = layout.settings["respondent"]
    yes, no = min(layout.yes), min(layout.no)
    resp: dict[str, object] = {}
    resp[spec["respondent_id"]["variable"]] = micro["respondent_id"].astype(str).to_numpy()
    province = micro["province_code"].astype(str).to_numpy()
    regency = micro["regency_code"].astype(str).to_numpy()
    resp[spec["province_code"]["variable"]] = province.astype(int)
    kab = np.array([r[len(p) :] for r, p in zip(regency, province, strict=True)])
    resp[spec["regency_code"]["variable"]] = (
        kab.astype(int) if spec["regency_code"].get("within_province") else regency.astype(int)
    )
    urban_codes = {int(v): int(k) for k, v in spec["urban"]["codes"].items()}
    resp[spec["urban"]["variable"]] = np.vectorize(urban_codes.get)(micro["urban"].to_numpy())
    resp[spec["weight"]["variable"]] = micro["weight"].to_numpy(dtype=float)
    resp[spec["stratum"]["variable"]] = micro["stratum"].astype(str).to_numpy()
    resp[spec["psu"]["variable"]] = micro["psu"].astype(str).to_numpy()
    education = {}
    for code, group in spec["education"]["codes"].items():
        education.setdefault(group, int(code))
    resp[spec["education"]["variable"]] = (
        micro["education"].astype(str).map(education).to_numpy(dtype=int)
    )
    resp[spec["age"]["variable"]] = micro["age"].to_numpy(dtype=int)
    for domain, names in layout.settings["other_experience"].items():
        if not isinstance(names, dict):
            continue
        for part in ("exposed", "corrupt"):
            values = micro[f"other_{domain}_{part}"].to_numpy(dtype=float)
            resp[names[part]] = np.where(np.isnan(values), np.nan, np.where(values == 1, yes, no))
    for sub, variables in layout.settings["persepsi"].items():
        if isinstance(variables, list):
            for k, variable in enumerate(variables, start=1):
                resp[variable] = micro[f"persepsi_{sub}_{k}"].to_numpy(dtype=float)
    if "is_synthetic" in micro.columns:
        resp[spec["is_synthetic"]["variable"]] = micro["is_synthetic"].astype(bool).to_numpy()
    return pd.DataFrame(resp)


def _blok_v_block(micro: pd.DataFrame, layout: Layout, code: int, sector: str) -> pd.DataFrame:
    """Blok V rows of rincian ``code``: the sector's answers on its first rincian, else 'no'."""
    n = len(micro)
    yes, no = min(layout.yes), min(layout.no)
    columns = layout.settings["blok_v"]["columns"]
    block = {layout.settings["blok_v"]["rincian_variable"]: np.full(n, code)}
    if layout.sector_rincian(sector)[0] == code:
        used = micro[f"{sector}_used"].to_numpy(dtype=float)
        block[columns["used"]["variable"]] = np.where(used == 1, yes, no)
        for item in BLOK_V_ITEMS:
            values = micro[f"{sector}_{item}"].to_numpy(dtype=float)
            coded = np.where(values == 1, yes, no).astype(float)
            block[columns[item]["variable"]] = np.where(
                (used == 1) & ~np.isnan(values), coded, np.nan
            )
    else:
        block[columns["used"]["variable"]] = np.full(n, no)
        for item in BLOK_V_ITEMS:
            block[columns[item]["variable"]] = np.full(n, np.nan)
    return pd.DataFrame(block)


def write_questionnaire(
    micro: pd.DataFrame, path: Path | str, layout: Layout | None = None
) -> Path:
    """Write ``micro`` in the questionnaire layout as CSV, Parquet, SPSS ``.sav`` or Stata ``.dta``."""
    path = Path(path)
    frame = to_questionnaire_layout(micro, layout)
    write_frame(frame, path)
    return path


def write_frame(frame: pd.DataFrame, path: Path) -> None:
    """Write a frame by suffix (.csv UTF-8, .parquet, .sav, .dta); categoricals as text."""
    frame = frame.copy()
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(
            frame[column]
        ):
            frame[column] = frame[column].astype(str).astype(object)
        elif pd.api.types.is_bool_dtype(frame[column]):
            frame[column] = frame[column].map({True: "true", False: "false"}).astype(object)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        frame.to_csv(path, index=False, encoding="utf-8")
    elif suffix == ".parquet":
        frame.to_parquet(path, index=False)
    elif suffix in (".sav", ".dta"):
        writer = pyreadstat.write_sav if suffix == ".sav" else pyreadstat.write_dta
        writer(frame, str(path))
    else:
        raise ValueError(f"unsupported suffix '{suffix}' (use .csv, .parquet, .sav or .dta)")


def read_statistical(path: Path) -> pd.DataFrame:
    """Read an SPSS ``.sav`` or Stata ``.dta`` file (values, not value labels).

    Whole-number columns become nullable integers, so codes read as ``62``, not ``62.0``.
    """
    reader = pyreadstat.read_sav if path.suffix.lower() == ".sav" else pyreadstat.read_dta
    frame, _ = reader(str(path))
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_float_dtype(series):
            values = series.to_numpy(dtype=float)
            finite = values[~np.isnan(values)]
            if (
                len(finite)
                and np.all(finite == np.round(finite))
                and np.all(np.abs(finite) < 2**53)
            ):
                frame[column] = series.astype("Int64")
    return frame
