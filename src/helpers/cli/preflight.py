"""One pre-flight for ``make report`` and ``make reports``: everything checked before a notebook runs.

The Makefile passes its variables, unexpanded, as environment variables (``IPAK_REGION``,
``IPAK_PROVINCE``, ``IPAK_LANG``, ``IPAK_YEAR``, ``IPAK_JOBS``); the CLIs read them as
argparse defaults and hand them to :func:`run`, which checks, in this order:

1. the parameters as text — at most :data:`MAX_PARAMETER_CHARS` characters, no control
   characters (newlines …), a region that resolves to a province (a kab/kota name points to
   its province), ``LANG`` id|en, ``YEAR`` four digits, ``JOBS`` a positive integer;
2. the whole input set — indicator values, targets and SPAK microdata (rebuilding
   ``data/processed`` when they changed; :func:`helpers.data.build.ensure_built`) and the
   boundary files (:func:`helpers.data.boundaries.check_boundaries`);
3. the year against the data: before the first or after the latest data year is refused
   with the range; after the latest national IPAK but within the data is accepted with a
   note (the brief then shows the latest IPAK year).

Any problem raises :class:`ParameterError` or :class:`helpers.core.errors.DataValidationError`;
:func:`refuse` prints it and returns exit code 2. Nothing has been written at that point.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from helpers.core.errors import EXIT_BAD_INPUT, DataValidationError
from helpers.data import boundaries
from helpers.data.build import ensure_built, load_processed
from helpers.reference import regions
from helpers.reference.texts import LANGUAGES

MAX_PARAMETER_CHARS = 100
_YEAR = re.compile(r"\d{4}")
_JOBS = re.compile(r"\d{1,4}")


class ParameterError(ValueError):
    """A parameter (make variable or CLI option) that cannot be used; exit 2."""


class ProvinceError(ParameterError):
    """The requested government could not be resolved (message carries suggestions)."""


@dataclass
class Plan:
    """Checked parameters of one run."""

    region: regions.Region | None
    lang: str
    year: int | None
    jobs: int | None
    notes: list[str] = field(default_factory=list)


def shown(value: object, limit: int = 60) -> str:
    """Return ``value`` quoted for a message, shortened to ``limit`` characters."""
    text = repr(str(value))
    return text if len(text) <= limit else f"{text[: limit - 5]}…' ({len(str(value))} karakter)"


def plain_text(name: str, value: object) -> str:
    """Return ``value`` stripped; refuse one that is too long or holds control characters."""
    text = "" if value is None else str(value)
    if len(text) > MAX_PARAMETER_CHARS:
        raise ParameterError(
            f"{name}: nilai terlalu panjang ({len(text)} karakter, paling banyak "
            f"{MAX_PARAMETER_CHARS}) / value too long: {shown(text)}"
        )
    if any(unicodedata.category(char).startswith("C") for char in text):
        raise ParameterError(
            f"{name}={shown(text)}: berisi karakter kendali (mis. baris baru) / "
            "contains control characters (e.g. a newline)"
        )
    return text.strip()


def resolve_province(text: str, name: str = "REGION") -> regions.Region:
    """Resolve user input to a government: a province or a kab/kota (552 in all).

    An ambiguous name (Kabupaten vs Kota Serang, "Mura") or an unknown one stops with the
    candidates in the message; the national level is refused.
    """
    text = plain_text(name, text)
    if not text:
        raise ProvinceError(f"{name} kosong / empty: pakai mis. {name}=Kalteng atau {name}=Kobar")
    try:
        region = regions.resolve(text)
    except ValueError as exc:
        raise ProvinceError(str(exc)) from None
    if region.level == "national":
        raise ProvinceError(
            f"'{text}' adalah tingkat nasional; brief dibuat per pemerintah daerah "
            f"(mis. {name}=Kalteng atau {name}=Kobar)."
        )
    return region


def check_region(region: str | None, province: str | None) -> regions.Region:
    """Return the government named by ``REGION`` (main name) or ``PROVINCE`` (alias)."""
    region_text = plain_text("REGION", region)
    province_text = plain_text("PROVINCE", province)
    if region_text and province_text:
        first, second = resolve_province(region_text), resolve_province(province_text, "PROVINCE")
        if first.code != second.code:
            raise ProvinceError(
                f"REGION={shown(region_text)} ({first.name}) dan PROVINCE={shown(province_text)} "
                f"({second.name}) berbeda / name different governments: berikan satu saja"
            )
        return first
    if province_text:
        return resolve_province(province_text, "PROVINCE")
    return resolve_province(region_text)


def check_lang(lang: str | None) -> str:
    """Return the brief language (empty → ``id``); refuse anything but id|en."""
    text = plain_text("LANG", lang) or "id"
    if text not in LANGUAGES:
        raise ParameterError(
            f"LANG={shown(text)} tidak dikenal / unknown: pakai LANG=id atau LANG=en"
        )
    return text


def check_year_text(year: str | int | None) -> int | None:
    """Return the year as an integer (empty → ``None`` = latest IPAK); refuse non-years."""
    text = plain_text("YEAR", year)
    if not text:
        return None
    if not _YEAR.fullmatch(text):
        raise ParameterError(
            f"YEAR={shown(text)} bukan tahun / not a year: tulis 4 digit, mis. YEAR=2024"
        )
    return int(text)


def check_jobs(jobs: str | int | None) -> int | None:
    """Return ``JOBS`` as a positive integer (empty → ``None`` = one per CPU)."""
    text = plain_text("JOBS", jobs)
    if not text:
        return None
    if not _JOBS.fullmatch(text) or int(text) < 1:
        raise ParameterError(
            f"JOBS={shown(text)} bukan bilangan bulat positif / not a positive integer "
            "(1–9999): mis. JOBS=2"
        )
    return int(text)


def data_years(values: pd.DataFrame) -> tuple[int, int, int | None]:
    """Return (first data year, latest data year, latest published national IPAK year)."""
    ipak = values[(values["indicator_id"] == "ipak") & (values["status"] == "published")]
    latest_ipak = int(ipak["year"].max()) if len(ipak) else None
    return int(values["year"].min()), int(values["year"].max()), latest_ipak


def check_year(year: int | None, values: pd.DataFrame) -> list[str]:
    """Refuse a year outside the data; return notes (a year after the latest IPAK)."""
    if year is None or values.empty:
        return []
    first, latest, latest_ipak = data_years(values)
    if not first <= year <= latest:
        raise ParameterError(
            f"YEAR={year} di luar data / outside the data: data tersedia {first}–{latest} "
            f"(IPAK nasional terakhir {latest_ipak})"
        )
    if latest_ipak is not None and year > latest_ipak:
        return [
            f"Catatan / note: IPAK nasional terakhir tahun {latest_ipak}; brief {year} "
            f"menampilkan IPAK {latest_ipak} dan indikator lain sampai {year}."
        ]
    return []


def check_inputs() -> list[str]:
    """Validate values, targets, microdata and boundary files; return warnings.

    Raises :class:`DataValidationError` naming file, row and column of every problem.
    """
    ensure_built()
    issues, warnings = [], []
    for check in boundaries.check_boundaries():
        issues += check.issues
        warnings += check.warnings
    if issues:
        raise DataValidationError(issues)
    return warnings


def run(
    region: str | None = None,
    province: str | None = None,
    lang: str | None = "id",
    year: str | int | None = None,
    jobs: str | int | None = None,
    need_region: bool = True,
) -> Plan:
    """Check every parameter, then every input, then the year against the data."""
    plan = Plan(
        region=check_region(region, province) if need_region else None,
        lang=check_lang(lang),
        year=check_year_text(year),
        jobs=check_jobs(jobs),
    )
    plan.notes += check_inputs()
    plan.notes += check_year(plan.year, load_processed(rebuild_if_stale=False).values)
    return plan


def check_since(text: str | None) -> str | None:
    """``SINCE`` (the last rakor): ``YYYY-MM-DD`` or a year; returned as an ISO date or None."""
    import datetime as dt

    value = plain_text("SINCE", text)
    if not value:
        return None
    try:
        when = (
            dt.date(int(value), 1, 1)
            if value.isdigit() and len(value) == 4
            else dt.date.fromisoformat(value)
        )
    except ValueError:
        raise ParameterError(
            f"SINCE={shown(value)} bukan tanggal / not a date: pakai YYYY-MM-DD atau tahun "
            "(mis. SINCE=2024-07-01 atau SINCE=2024)"
        ) from None
    if not 2010 <= when.year <= dt.date.today().year:
        raise ParameterError(f"SINCE={shown(value)} di luar 2010–{dt.date.today().year}")
    return when.isoformat()


def check_flag(name: str, text: str | None) -> bool:
    """A 0/1 switch such as ``PDF``, ``PPTX`` or ``XLSX`` (default 1); anything else: exit 2."""
    value = plain_text(name, text) or "1"
    if value not in ("0", "1"):
        raise ParameterError(f"{name}={shown(value)}: pakai / use {name}=0 atau {name}=1")
    return value == "1"


def refuse(exc: Exception) -> int:
    """Print why a run was refused and return :data:`EXIT_BAD_INPUT`."""
    if isinstance(exc, DataValidationError):
        print(exc.render(), file=sys.stderr)
        print("data/processed dan brief yang ada tidak diubah (unchanged).", file=sys.stderr)
    elif isinstance(exc, ProvinceError):
        print(f"Wilayah tidak dikenal / unknown region: {exc}", file=sys.stderr)
    else:
        print(f"Parameter ditolak / refused: {exc}", file=sys.stderr)
    return EXIT_BAD_INPUT
