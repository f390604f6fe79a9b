"""Read analyst-supplied tables (CSV or XLSX) as text, and parse numbers written either way.

Indonesian spreadsheets write ``3,85`` and ``10.040``; English ones ``3.85`` and ``10,040``.
:func:`detect_decimal_comma` decides per file from the unambiguous cells, and
:func:`parse_number` applies that convention to every cell, so ``10.040`` is ten thousand
and forty in a comma-decimal file and ten point zero four in a point-decimal file.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import pandas as pd

_SPACES = re.compile(r"[\s\u00a0\u202f']")
_PLAIN = re.compile(r"^[+-]?\d+$")
# A single separator followed by exactly three digits is ambiguous (10.040 / 10,040).
_AMBIGUOUS = re.compile(r"^[+-]?\d{1,3}[.,]\d{3}$")
_COMMA_DECIMAL = re.compile(r"^[+-]?\d*,\d+$")
_POINT_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")
_ID_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_EN_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


class NumberFormatError(ValueError):
    """A cell that is not a number in the file's convention."""


class RaggedRowsError(ValueError):
    """CSV rows with fewer or more fields than the header (e.g. last cells lost in a copy).

    ``rows`` holds ``(row number, column, message)`` with the row numbered as
    :func:`read_table` numbers it (header = 1, first data row = 2).
    """

    def __init__(self, rows: list[tuple[int, str | None, str]]) -> None:
        self.rows = rows
        super().__init__(f"{len(rows)} baris dengan jumlah kolom yang salah")


def _clean(text: str) -> str:
    text = _SPACES.sub("", str(text)).replace("−", "-")
    return text[:-1] if text.endswith("%") else text


def detect_decimal_comma(cells: list[str]) -> bool | None:
    """Return True (comma decimal), False (point decimal) or None (cannot tell).

    Only unambiguous cells vote: ``3,85`` or ``1.234,5`` say comma; ``3.85`` or ``1,234.5``
    say point. Cells such as ``10.040`` are ambiguous and do not vote.
    """
    comma = point = 0
    for cell in cells:
        text = _clean(cell)
        if not text or _PLAIN.match(text) or _AMBIGUOUS.match(text):
            continue
        if _COMMA_DECIMAL.match(text) or (_ID_GROUPED.match(text) and "," in text):
            comma += 1
        elif _POINT_DECIMAL.match(text) or (_EN_GROUPED.match(text) and "." in text):
            point += 1
        elif _ID_GROUPED.match(text):  # 1.234.567
            comma += 1
        elif _EN_GROUPED.match(text):  # 1,234,567
            point += 1
    if comma and point:
        raise NumberFormatError(
            "angka ditulis dengan dua konvensi desimal sekaligus (koma dan titik) dalam satu file"
        )
    if comma:
        return True
    if point:
        return False
    return None


def parse_number(cell: object, decimal_comma: bool | None) -> float | None:
    """Parse one cell to float; ``None`` for an empty cell.

    ``decimal_comma`` is the file's convention from :func:`detect_decimal_comma`
    (``None`` = point decimal). Raises :class:`NumberFormatError` for anything else.
    """
    if cell is None:
        return None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if isinstance(cell, float) and math.isnan(cell):
            return None
        return float(cell)
    text = _clean(cell)
    if text == "":
        return None
    if decimal_comma:
        if _PLAIN.match(text) or _COMMA_DECIMAL.match(text) or _ID_GROUPED.match(text):
            return float(text.replace(".", "").replace(",", "."))
    else:
        if _PLAIN.match(text) or _POINT_DECIMAL.match(text) or _EN_GROUPED.match(text):
            return float(text.replace(",", ""))
    raise NumberFormatError(f"'{cell}' bukan angka")


def decimals_of(cell: object, decimal_comma: bool | None) -> int | None:
    """Return how many decimals ``cell`` is written with (``"78.5"`` -> 1), None when empty.

    Used to compare figures "to the precision of the less precise source"; a number cell of
    a spreadsheet counts the decimals of its shortest representation.
    """
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        text = repr(float(cell))
        return 0 if text.endswith(".0") else len(text.split(".")[1])
    text = _clean(cell)
    if not text:
        return None
    mark = "," if decimal_comma else "."
    if _AMBIGUOUS.match(text) and not decimal_comma and "," in text:
        return 0
    return len(text.rsplit(mark, 1)[1]) if mark in text else 0


def _ragged_rows(path: Path, separator: str, width: int) -> list[tuple[int, str | None, str]]:
    """Return the records of a CSV whose field count differs from the header's."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=separator)
        header = [str(c).strip().lower() for c in next(reader, [])]
        problems, number = [], 1
        for record in reader:
            if not record or all(not cell.strip() for cell in record) and len(record) <= 1:
                continue  # blank line: pandas skips it too
            number += 1
            if len(record) < width:
                missing = header[len(record)]
                problems.append(
                    (number, missing,
                     f"baris hanya berisi {len(record)} dari {width} kolom: kolom '{missing}' "
                     f"dan sesudahnya hilang")
                )  # fmt: skip
            elif len(record) > width:
                problems.append(
                    (number, None, f"baris berisi {len(record)} kolom, judul hanya {width}")
                )
    return problems


def _sniff_separator(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def read_table(path: Path) -> pd.DataFrame:
    """Read a CSV or XLSX file with every cell as text (``""`` for empty cells).

    Column names are stripped and lower-cased. The frame's index is the 1-based row
    number an analyst sees in a spreadsheet (header = row 1, first data row = 2).
    Raises ``ValueError`` for an empty or unreadable file and :class:`RaggedRowsError` for
    a CSV whose rows do not all have as many fields as the header (a short row's missing
    cells would otherwise silently become empty).
    """
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        table = pd.read_excel(path, dtype=object, engine="openpyxl")
        table = table.astype(object).where(table.notna(), "")
    elif suffix == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
        if not first.strip():
            raise ValueError("file kosong (tidak ada baris judul kolom)")
        separator = _sniff_separator(first)
        width = len(next(csv.reader([first], delimiter=separator)))
        ragged = _ragged_rows(path, separator, width)
        if ragged:
            raise RaggedRowsError(ragged)
        try:
            table = pd.read_csv(
                path,
                sep=separator,
                dtype=str,
                keep_default_na=False,
                encoding="utf-8-sig",
                quoting=csv.QUOTE_MINIMAL,
            )
        except (pd.errors.ParserError, UnicodeDecodeError) as exc:
            raise ValueError(f"file tidak dapat dibaca sebagai CSV UTF-8: {exc}") from exc
    else:
        raise ValueError(f"format '{suffix}' tidak didukung (pakai .csv atau .xlsx)")
    table.columns = [str(column).strip().lower() for column in table.columns]
    table.index = range(2, len(table) + 2)
    return table
