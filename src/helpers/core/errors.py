"""Validation errors that speak to an analyst: what is wrong, where, and what to do.

Every loader collects *all* problems of a file as :class:`Issue` objects and raises one
:class:`DataValidationError`; command-line entry points turn it into a message on stderr
and exit code 2 (:data:`EXIT_BAD_INPUT`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from helpers.core.paths import PROJECT_ROOT

EXIT_BAD_INPUT = 2


@dataclass(frozen=True)
class Issue:
    """One problem in an input file.

    ``row`` is the 1-based line number as the analyst sees it in a spreadsheet or editor
    (the header is row 1, the first data row is row 2); ``None`` when the problem concerns
    the whole file. ``column`` is the column name, or ``None`` for whole-row problems.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", baris {self.row}"
        if self.column is not None:
            where += f", kolom '{self.column}'"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" → {self.hint}"
        return text


class DataValidationError(ValueError):
    """One or more :class:`Issue` found in the inputs; the build stops and writes nothing."""

    def __init__(self, issues: list[Issue]):
        self.issues = list(issues)
        super().__init__(self.render())

    def render(self, limit: int = 200) -> str:
        """Return all issues as numbered lines (at most ``limit``), grouped by file."""
        lines = [f"{len(self.issues)} masalah pada data masukan (input data problems):"]
        for number, issue in enumerate(self.issues[:limit], start=1):
            lines.append(f"  {number}. {issue}")
        if len(self.issues) > limit:
            lines.append(f"  … dan {len(self.issues) - limit} lainnya")
        return "\n".join(lines)


def display_path(path: Path | str) -> str:
    """Return ``path`` relative to the project root when it lies inside it."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)
