"""Template 4: actions agreed in a rakor (``data/raw/actions/``), validated like every input.

One row per action a government committed to in a coordination meeting with KPK: which
government, the meeting's date, the office or MCP area it concerns, the action, who is
responsible, the due date, its state and a link to the evidence (``docs/DATA_CONTRACT.md``,
"Template 4"). Every CSV (UTF-8, comma or semicolon) or XLSX anywhere under
``data/raw/actions/`` is read; each problem is an :class:`~helpers.core.errors.Issue` naming
file, row and column, and the build (:mod:`helpers.data.build`) stops on any of them.

Whether an action is overdue is not stored: :func:`is_overdue` computes it against a date.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path

import pandas as pd

from helpers.core.errors import Issue, display_path
from helpers.data.rawio import RaggedRowsError, read_table
from helpers.reference import regions
from helpers.reference.catalogue import catalogue, contract

ACTION_COLUMNS = [
    "region_code", "region_name", "level", "rakor_date", "office_or_area", "action",
    "responsible_office", "due_date", "status", "done_date", "evidence_link", "note",
    "source_file", "source_row",
]  # fmt: skip
# States an action can be in; ``done`` and ``cancelled`` are closed.
STATES = ("open", "in_progress", "done", "cancelled")
CLOSED_STATES = ("done", "cancelled")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_DATE_COLUMNS = ("rakor_date", "due_date", "done_date")


def settings() -> dict:
    """The Template 4 section of ``data/reference/contract.yaml``."""
    return contract()["templates"]["actions"]


def office_keys() -> tuple[str, ...]:
    """Accepted ``office_or_area`` keys: the four offices, ``other`` and every MCP area id."""
    areas = sorted(i for i in catalogue() if i.startswith("mcp_") and i != "mcp_wilayah_mean")
    return (*settings()["office_keys"], *areas)


def status_words() -> dict[str, str]:
    """Every accepted status spelling (lower case) mapped to its state key."""
    return {str(k).lower(): str(v) for k, v in settings()["statuses"].items()}


def discover(raw: Path) -> list[Path]:
    """The action files under ``raw/actions/`` (CSV and XLSX, sorted; hidden files skipped)."""
    folder = raw / settings()["folder"]
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in (".csv", ".xlsx")
        and not p.name.startswith((".", "~$"))
    )


def empty_frame() -> pd.DataFrame:
    """An actions table with no rows and the processed columns (no action files)."""
    return typed(pd.DataFrame(columns=ACTION_COLUMNS))


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """The processed column types: dates as ``datetime64`` (NaT when empty), the rest text."""
    frame = frame[ACTION_COLUMNS].copy()
    for column in ACTION_COLUMNS:
        if column in _DATE_COLUMNS:
            frame[column] = pd.to_datetime(frame[column], errors="coerce").astype("datetime64[ns]")
        elif column == "source_row":
            frame[column] = frame[column].astype("int64")
        else:
            frame[column] = frame[column].fillna("").astype(str)
    order = ["region_code", "rakor_date", "office_or_area", "source_file", "source_row"]
    return frame.sort_values(order, kind="stable").reset_index(drop=True)


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.5)
    return f"maksud Anda: {', '.join(close)}?" if close else ""


def parse_date(cell: object) -> dt.date | None:
    """A ``YYYY-MM-DD`` text or a spreadsheet date cell as a date; None when empty.

    Raises ``ValueError`` for anything else (``1/7/2023`` is ambiguous and refused).
    """
    if cell is None or (isinstance(cell, float) and pd.isna(cell)):
        return None
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = str(cell).strip()
    if not text:
        return None
    if text.endswith(" 00:00:00"):  # an Excel date read as text
        text = text[:10]
    if not _DATE.match(text):
        raise ValueError(text)
    return dt.date.fromisoformat(text)


def _date_issue(problem, column: str, cell: object) -> None:
    problem(column, f"tanggal '{cell}' tidak terbaca",
            "tulis tanggal sebagai YYYY-MM-DD, mis. 2023-07-12")  # fmt: skip


def _check_row(row: pd.Series, problem, resolver) -> dict | None:  # noqa: C901 - one check per column, in template order
    """Validate one row; return the clean record, or None (its problems reported)."""
    ok = True
    region_text = str(row.get("region", "")).strip()
    region = resolver(region_text) if region_text else None
    if region is None:
        ok = False
        problem("region", "wilayah kosong", "isi kode BPS atau nama pemda, mis. 6201")
    elif isinstance(region, Exception):
        ok = False
        problem("region", str(region),
                "perbaiki nama/kode, atau tambahkan alias di data/reference/regions/aliases.csv")  # fmt: skip
        region = None
    elif region.level == "national":
        ok = False
        problem("region", "rakor dilakukan dengan pemda, bukan nasional",
                "isi kode Pemprov (mis. 62) atau kab/kota (mis. 6201)")  # fmt: skip
        region = None
    dates = {}
    for column in _DATE_COLUMNS:
        try:
            dates[column] = parse_date(row.get(column, ""))
        except ValueError:
            ok = False
            dates[column] = None
            _date_issue(problem, column, row.get(column, ""))
    if dates["rakor_date"] is None and not str(row.get("rakor_date", "")).strip():
        ok = False
        problem("rakor_date", "tanggal rakor kosong", "isi tanggal rakor, mis. 2023-07-12")
    if dates["rakor_date"] and dates["due_date"] and dates["due_date"] < dates["rakor_date"]:
        ok = False
        problem("due_date",
                f"tenggat {dates['due_date']} sebelum tanggal rakor {dates['rakor_date']}",
                "periksa urutan tanggal (tenggat tidak boleh sebelum rakor)")  # fmt: skip
    if dates["rakor_date"] and dates["done_date"] and dates["done_date"] < dates["rakor_date"]:
        ok = False
        problem("done_date",
                f"tanggal selesai {dates['done_date']} sebelum tanggal rakor {dates['rakor_date']}",
                "periksa tanggal selesai")  # fmt: skip
    office = str(row.get("office_or_area", "")).strip().lower()
    if office not in office_keys():
        ok = False
        hint = (
            _suggest(office, office_keys()) or f"pakai salah satu dari: {', '.join(office_keys())}"
        )
        problem("office_or_area", f"kantor/area '{office}' tidak dikenal" if office
                else "kantor/area kosong", hint)  # fmt: skip
    status_text = _SPACES.sub(" ", str(row.get("status", ""))).strip().lower()
    state = status_words().get(status_text)
    if state is None:
        ok = False
        hint = _suggest(status_text, status_words()) or (
            f"pakai salah satu dari: {', '.join(status_words())}"
        )
        problem("status", f"status '{status_text}' tidak dikenal" if status_text
                else "status kosong", hint)  # fmt: skip
    if state is not None and state != "done" and dates["done_date"]:
        ok = False
        problem("done_date", f"tanggal selesai diisi padahal status '{status_text}'",
                "kosongkan tanggal selesai, atau ubah status menjadi selesai (done)")  # fmt: skip
    action = _SPACES.sub(" ", str(row.get("action", ""))).strip()
    if not action:
        ok = False
        problem("action", "aksi kosong", "tulis aksi yang disepakati dalam rakor")
    link = str(row.get("evidence_link", "")).strip()
    if link and not _URL.match(link):
        ok = False
        problem("evidence_link", f"'{link}' bukan URL", "isi alamat http(s)://… atau kosongkan")
    if not ok:
        return None
    return {
        "region_code": region.code, "region_name": region.name, "level": region.level,
        "rakor_date": dates["rakor_date"], "office_or_area": office, "action": action,
        "responsible_office": _SPACES.sub(" ", str(row.get("responsible_office", ""))).strip(),
        "due_date": dates["due_date"], "status": state, "done_date": dates["done_date"],
        "evidence_link": link,
        "note": str(row.get("note", "")).strip(),
    }  # fmt: skip


def validate_file(path: Path, resolver) -> tuple[pd.DataFrame | None, list[Issue], int]:
    """Validate one action file; return (clean rows or None, issues, rows read)."""
    name = display_path(path)
    try:
        table = read_table(path)
    except RaggedRowsError as exc:
        return None, [Issue(name, row, column, message,
                            "lengkapi sel yang hilang atau hapus pemisah yang berlebih")
                      for row, column, message in exc.rows], 0  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - any parser error of a malformed file becomes one issue naming the file
        return None, [Issue(name, None, None, f"file rusak atau tidak terbaca: {exc}",
                            "simpan ulang sebagai CSV UTF-8 atau XLSX")], 0  # fmt: skip
    issues: list[Issue] = []
    required = settings()["required"]
    missing = [c for c in required if c not in table.columns]
    for column in missing:
        hint = _suggest(column, set(table.columns) - set(required))
        issues.append(Issue(name, 1, column, "kolom wajib tidak ada",
                            hint or f"tambahkan kolom '{column}' (template 4, docs/DATA_CONTRACT.md)"))  # fmt: skip
    if missing:
        return None, issues, len(table)
    records = []
    for row_number, row in table.iterrows():

        def problem(column, message, hint="", _row=row_number):
            issues.append(Issue(name, _row, column, message, hint))

        if all(str(cell).strip() == "" for cell in row.tolist()):
            continue
        record = _check_row(row, problem, resolver)
        if record is not None:
            records.append({**record, "source_file": name, "source_row": int(row_number)})
    if not records and not issues:
        issues.append(Issue(name, None, None, "file tidak berisi baris data",
                            "isi minimal satu aksi, atau hapus file ini dari data/raw/actions"))  # fmt: skip
    return pd.DataFrame(records, columns=ACTION_COLUMNS), issues, len(table)


def duplicate_issues(frame: pd.DataFrame) -> list[Issue]:
    """Every row whose (region, rakor date, office/area, action) repeats (text compared ignoring case and spacing)."""
    if frame.empty:
        return []
    key = frame.action.map(lambda text: _SPACES.sub(" ", str(text)).strip().casefold())
    columns = ["region_code", "rakor_date", "office_or_area", "_action"]
    marked = frame.assign(_action=key)
    issues = []
    for _, group in marked[marked.duplicated(columns, keep=False)].groupby(columns, sort=True):
        places = "; ".join(
            f"{f} baris {r}" for f, r in zip(group.source_file, group.source_row, strict=True)
        )
        for row in group.itertuples():
            issues.append(Issue(row.source_file, int(row.source_row), "action",
                                f"aksi ganda {row.region_code} / {row.rakor_date} / "
                                f"{row.office_or_area} ({places})",
                                "satu baris per aksi per rakor; hapus baris yang berulang"))  # fmt: skip
    return issues


def validate_actions(raw: Path, resolver) -> tuple[pd.DataFrame, list[Issue], list[dict]]:
    """Validate every action file under ``raw``; return (actions, issues, input records).

    ``resolver(text)`` returns a Region or the exception the region resolver raised.
    """
    frames, issues, inputs = [], [], []
    for path in discover(raw):
        frame, file_issues, n_rows = validate_file(path, resolver)
        issues += file_issues
        if frame is not None and len(frame):
            frames.append(frame)
        inputs.append({"file": str(path.relative_to(raw)), "kind": "actions", "rows": n_rows})
    if not frames:
        return empty_frame(), issues, inputs
    actions = pd.concat(frames, ignore_index=True)
    issues += duplicate_issues(actions)
    return typed(actions), issues, inputs


def is_overdue(status: str, due_date: object, today: dt.date) -> bool:
    """Not done or cancelled, and due before ``today`` (no due date: never overdue)."""
    if status in CLOSED_STATES or due_date is None or pd.isna(due_date):
        return False
    return pd.Timestamp(due_date).date() < today


def done_since(status: str, done_date: object, rakor_date: object, since: dt.date) -> bool:
    """Done on or after ``since``: by its ``done_date``, or, without one, agreed on or after ``since``."""
    if status != "done":
        return False
    when = done_date if done_date is not None and not pd.isna(done_date) else rakor_date
    return when is not None and not pd.isna(when) and pd.Timestamp(when).date() >= since


def resolve_region(text: str):
    """The resolver used outside a build: a Region, or the exception raised for ``text``."""
    try:
        return regions.resolve(text)
    except ValueError as exc:
        return exc
