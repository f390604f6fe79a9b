"""Region reference data and the one resolver every part of the toolkit uses.

Codes
-----
**BPS codes are the primary key everywhere** (``Region.code``): ``00`` Indonesia, two digits
for a province (``62``), four digits without a dot for a kabupaten/kota (``6201``). Every
region also carries its **Kemendagri** code (``Region.kemendagri_code``, plain digits, no
dot), because boundary files and many government tables use that system.

The two systems agree for all provinces outside the Papua region, but **not** for many
regencies: 199 of the 514 kabupaten/kota have different numbers (e.g. BPS ``1101`` is
Simeulue while Kemendagri ``11.01`` is Aceh Selatan; in Kalimantan Tengah BPS ``6206`` is
Sukamara, Kemendagri ``62.06`` is Katingan). In Papua the province codes differ too
(BPS ``91`` Papua Barat = Kemendagri ``92``). Never join a BPS-coded table to a
Kemendagri-coded one on the raw code: use :func:`bps_to_kemendagri` /
:func:`kemendagri_to_bps`. Sources and verification: ``data/reference/regions/README.md``.

How :func:`resolve` reads its input
-----------------------------------
* ``"Indonesia"``, ``"nasional"``, ``"00"`` → :data:`NATIONAL`.
* A bare code (``"62"``, ``"6201"``) is read as a **BPS** code. Only when it is no current
  BPS code is it tried as a Kemendagri code; a bare code that was a BPS code *before* the
  2022 Papua split (e.g. ``9412``, Mimika until 2022) is refused with an explanation,
  because the same digits now mean something else in the Kemendagri system. When a bare
  code means different regions in the two systems, **the BPS meaning wins** (``"92"`` is
  Papua Barat Daya, not Kemendagri's Papua Barat).
* A dotted code (``"62.01"``) is the Kemendagri notation and is read as Kemendagri only.
* ``"bps:92"`` forces BPS; ``"kemendagri:92"`` (also ``"kdn:"``, ``"dagri:"``) forces
  Kemendagri.
* Names and aliases are matched ignoring case, spacing and punctuation (``"Palangkaraya"``
  = ``"Palangka Raya"``, ``"Toli-Toli"`` = ``"Tolitoli"``), with or without prefixes such as
  ``Provinsi``, ``Prov.``, ``Pemprov``, ``Kabupaten``, ``Kab.``, ``Pemkab``, ``Kota``,
  ``Pemkot``, ``Kota Administrasi``, ``DKI``, ``DI``/``Daerah Istimewa``.
* A bare name shared by a province and a regency (``Bengkulu``, ``Jambi``, ``Gorontalo``)
  is the **province**; write ``Kota Bengkulu`` for the city. A bare name shared by a
  kabupaten and a kota (``Bogor``, ``Bekasi`` …) is ambiguous and raises
  :class:`AmbiguousRegionError` naming both.
* Anything unknown raises :class:`RegionNotFoundError` with the three closest matches.

The CSVs are read once (cached); call :func:`clear_cache` after changing them or
``IPAK_REFERENCE_DIR`` in the same process.

Command line: ``python -m helpers.cli.regions Kalteng`` prints ``62<TAB>Kalimantan Tengah<TAB>
province``; an unknown name exits with status 2 and suggestions on stderr.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.core.paths import reference_dir

__all__ = [
    "NATIONAL",
    "LEVELS",
    "Region",
    "RegionError",
    "RegionNotFoundError",
    "AmbiguousRegionError",
    "resolve",
    "get",
    "provinces",
    "regencies",
    "regions_table",
    "papua_crosswalk",
    "kemendagri_to_bps",
    "bps_to_kemendagri",
    "clear_cache",
]

LEVELS = ("national", "province", "regency")
"""The three levels, in order. ``Region.level`` is always one of these."""

_LEVEL_WORDS = {
    "national": "national", "nasional": "national",
    "province": "province", "provinsi": "province", "prov": "province",
    "regency": "regency", "kabupaten/kota": "regency", "kabkota": "regency",
    "kab/kota": "regency", "district": "regency",
}  # fmt: skip
_LEVEL_LABEL = {"national": "nasional", "province": "provinsi", "regency": "kabupaten/kota"}


def _slugify(text: str) -> str:
    """Return ``text`` as an ASCII, lower-case, hyphenated slug (``kalimantan-tengah``)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass(frozen=True)
class Region:
    """One region: Indonesia, a province or a kabupaten/kota.

    ``code`` is the BPS code (the project's key), ``kemendagri_code`` the Kemendagri code
    without a dot. ``level`` is ``"national"``, ``"province"`` or ``"regency"``; ``kind`` the
    Indonesian type (``"nasional"``, ``"provinsi"``, ``"kabupaten"``, ``"kota"``).
    ``province_code`` is the BPS code of the province (the region itself for a province,
    ``"00"`` for Indonesia). ``short_name`` is the usual abbreviation (``Kalteng``,
    ``Kobar``) or ``""``.
    """

    code: str
    kemendagri_code: str
    name: str
    level: str
    kind: str
    province_code: str
    short_name: str = ""

    @property
    def slug(self) -> str:
        """ASCII slug of the name, for file and folder names (``kalimantan-tengah``)."""
        return _slugify(self.name)

    @property
    def label(self) -> str:
        """Code and name, as used in messages (``62 Kalimantan Tengah``)."""
        return f"{self.code} {self.name}"

    def __str__(self) -> str:
        """Return :attr:`label`."""
        return self.label


NATIONAL = Region(
    code="00",
    kemendagri_code="00",
    name="Indonesia",
    level="national",
    kind="nasional",
    province_code="00",
)
"""The national level (BPS and Kemendagri code ``00``)."""


class RegionError(ValueError):
    """Base class of the resolver's errors; ``text`` is the input as given."""

    def __init__(self, message: str, text: str, suggestions: Iterable[Region] = ()):
        super().__init__(message)
        self.text = text
        self.suggestions: list[Region] = list(suggestions)


class RegionNotFoundError(RegionError):
    """No region matches the input; ``suggestions`` holds up to three close matches."""


class AmbiguousRegionError(RegionError):
    """The input matches several regions (e.g. ``Bogor``); ``candidates`` lists them."""

    @property
    def candidates(self) -> list[Region]:
        """The regions the input matches (the same list as ``suggestions``)."""
        return self.suggestions


# ------------------------------------------------------------------ text normalisation
_SYNONYMS = {
    "kab": "kabupaten", "kabupatan": "kabupaten", "kep": "kepulauan", "kepl": "kepulauan",
    "prov": "provinsi", "prop": "provinsi", "propinsi": "provinsi", "adm": "administrasi",
    "admin": "administrasi",
}  # fmt: skip
# (prefix tokens, hint); the longest prefixes come first.
_PREFIXES: tuple[tuple[tuple[str, ...], str | None], ...] = (
    (("pemerintah", "daerah", "provinsi"), "province"),
    (("pemerintah", "provinsi"), "province"),
    (("pemerintah", "kabupaten", "administrasi"), "kabupaten"),
    (("pemerintah", "kabupaten"), "kabupaten"),
    (("pemerintah", "kota", "administrasi"), "kota"),
    (("pemerintah", "kota"), "kota"),
    (("pemerintah", "daerah"), None),
    (("kabupaten", "administrasi"), "kabupaten"),
    (("kota", "administrasi"), "kota"),
    (("pemprov",), "province"),
    (("provinsi",), "province"),
    (("pemkab",), "kabupaten"),
    (("kabupaten",), "kabupaten"),
    (("pemkot",), "kota"),
    (("kota",), "kota"),
    (("pemda",), None),
)
_SUFFIXES = {"province": "province", "regency": "kabupaten", "city": "kota"}
_SPECIAL = (
    ("daerah", "khusus", "ibu", "kota"),
    ("daerah", "khusus", "ibukota"),
    ("daerah", "khusus"),
    ("daerah", "istimewa"),
    ("dki",),
    ("di",),
)
_NATIONAL_KEYS = {"00", "0", "indonesia", "nasional", "national", "ri", "republikindonesia"}
_CODE_RE = re.compile(
    r"^(?:(?P<system>bps|kemendagri|kdn|dagri)\s*:\s*)?(?P<code>\d{2}(?:\s*\.?\s*\d{2})?)$",
    re.IGNORECASE,
)


def _tokens(text: str) -> list[str]:
    """Lower-case ASCII word tokens of ``text`` with abbreviations expanded (kab → kabupaten)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split()
    return [_SYNONYMS.get(word, word) for word in words]


def _key(text: str) -> str:
    """Return the matching key: tokens joined without spaces (spacing never matters)."""
    return "".join(_tokens(text))


def _split_prefix(tokens: list[str]) -> tuple[str | None, list[str], bool]:
    """Split a leading/trailing type word off ``tokens``: ``(hint, core tokens, stripped?)``."""
    for prefix, hint in _PREFIXES:
        if len(tokens) > len(prefix) and tuple(tokens[: len(prefix)]) == prefix:
            return hint, tokens[len(prefix) :], True
    if len(tokens) > 1 and tokens[-1] in _SUFFIXES:
        return _SUFFIXES[tokens[-1]], tokens[:-1], True
    return None, tokens, False


def _drop_special(tokens: list[str]) -> list[str] | None:
    """Return ``tokens`` without a leading DKI / DI / Daerah Istimewa, or ``None``."""
    for special in _SPECIAL:
        if len(tokens) > len(special) and tuple(tokens[: len(special)]) == special:
            return tokens[len(special) :]
    return None


def _core_name(name: str) -> str:
    """Regency name without its ``Kabupaten``/``Kota`` (``Administrasi``) prefix."""
    tokens = name.split()
    lowered = [token.lower() for token in tokens]
    for prefix, _hint in _PREFIXES:
        if len(lowered) > len(prefix) and tuple(lowered[: len(prefix)]) == prefix:
            return " ".join(tokens[len(prefix) :])
    return name


def _plain_code(code: str) -> str:
    """``"62.01"`` / ``" 6201 "`` → ``"6201"``."""
    return re.sub(r"[\s.]", "", str(code))


# ------------------------------------------------------------------ loading and indexes
@dataclass(frozen=True)
class _Index:
    """Everything :func:`resolve` needs, built once from the CSVs."""

    by_bps: dict[str, Region]
    by_kdn: dict[str, Region]
    names: dict[str, frozenset[str]]
    old_bps: dict[str, tuple[str, str, Region]]
    choices: tuple[tuple[str, str], ...]
    provinces: tuple[Region, ...]
    regencies: tuple[Region, ...]
    crosswalk: pd.DataFrame


def _read_csv(name: str, columns: list[str]) -> pd.DataFrame:
    """Read one reference CSV as strings and check it has ``columns``."""
    path = Path(reference_dir()) / "regions" / name
    if not path.is_file():
        raise FileNotFoundError(f"berkas referensi wilayah tidak ditemukan: {path}")
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    table = table.apply(lambda column: column.str.strip())
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise ValueError(f"{path}: kolom tidak ada: {', '.join(missing)}")
    return table


@functools.cache
def _index() -> _Index:  # noqa: C901 - predates the complexity rule; split when next touched
    """Load the four CSVs and build the lookup tables (cached; see :func:`clear_cache`)."""
    prov_table = _read_csv(
        "provinces.csv", ["bps_code", "kemendagri_code", "name", "short_name", "slug"]
    )
    reg_table = _read_csv(
        "regencies.csv", ["bps_code", "kemendagri_code", "name", "kind", "province_bps_code"]
    )
    alias_table = _read_csv("aliases.csv", ["alias", "bps_code", "note"])
    crosswalk = _read_csv("papua_crosswalk.csv", ["bps_code", "old_bps_code", "name"])

    short_of: dict[str, str] = {}
    for alias, code, note in alias_table[["alias", "bps_code", "note"]].itertuples(index=False):
        if note.lower().startswith("singkatan") and len(code) == 4:
            short_of.setdefault(code, alias)

    provs = tuple(
        Region(code=row.bps_code, kemendagri_code=row.kemendagri_code, name=row.name,
               level="province", kind="provinsi", province_code=row.bps_code,
               short_name=row.short_name)
        for row in prov_table.sort_values("bps_code").itertuples(index=False)
    )  # fmt: skip
    regs = tuple(
        Region(code=row.bps_code, kemendagri_code=row.kemendagri_code, name=row.name,
               level="regency", kind=row.kind, province_code=row.province_bps_code,
               short_name=short_of.get(row.bps_code, ""))
        for row in reg_table.sort_values("bps_code").itertuples(index=False)
    )  # fmt: skip

    by_bps: dict[str, Region] = {}
    by_kdn: dict[str, Region] = {}
    for region in provs + regs:
        for table, code, system in (
            (by_bps, region.code, "BPS"),
            (by_kdn, region.kemendagri_code, "Kemendagri"),
        ):
            if code in table:
                raise ValueError(f"kode {system} ganda di referensi wilayah: {code}")
            table[code] = region

    names: dict[str, set[str]] = {}
    choices: list[tuple[str, str]] = []

    def add(text: str, code: str) -> None:
        tokens = _tokens(text)
        if tokens:
            names.setdefault("".join(tokens), set()).add(code)
            choices.append((" ".join(_split_prefix(tokens)[1]), code))

    for region in provs:
        add(region.name, region.code)
        if region.short_name:
            add(region.short_name, region.code)
    for region in regs:
        add(region.name, region.code)
        add(_core_name(region.name), region.code)
    for alias, code in alias_table[["alias", "bps_code"]].itertuples(index=False):
        if code not in by_bps:
            raise ValueError(f"aliases.csv: alias '{alias}' menunjuk kode BPS tak dikenal {code}")
        add(alias, code)

    old_bps: dict[str, tuple[str, str, Region]] = {}
    for row in crosswalk.itertuples(index=False):
        if row.old_bps_code not in by_bps and row.bps_code in by_bps:
            old_bps[row.old_bps_code] = (row.old_bps_code, row.name, by_bps[row.bps_code])

    return _Index(
        by_bps=by_bps,
        by_kdn=by_kdn,
        names={key: frozenset(codes) for key, codes in names.items()},
        old_bps=old_bps,
        choices=tuple(dict.fromkeys(choices)),
        provinces=provs,
        regencies=regs,
        crosswalk=crosswalk,
    )


def clear_cache() -> None:
    """Forget the loaded reference tables (after editing the CSVs or the reference folder)."""
    _index.cache_clear()
    _table.cache_clear()
    _non_autonomous.cache_clear()


# ------------------------------------------------------------------ resolver
def _normalise_level(level: str | None) -> str | None:
    """Map ``level`` (English or Indonesian) to one of :data:`LEVELS`, or ``None``."""
    if level is None:
        return None
    value = _LEVEL_WORDS.get(str(level).strip().lower())
    if value is None:
        raise ValueError(
            f"level tidak dikenal: {level!r} (pilih 'national', 'province' atau 'regency')"
        )
    return value


def _matches_hint(region: Region, hint: str | None) -> bool:
    """Whether ``region`` fits a type word the user wrote (Provinsi / Kabupaten / Kota)."""
    if hint is None:
        return True
    if hint == "province":
        return region.level == "province"
    return region.kind == hint


def _suggest(text: str, level: str | None, hint: str | None = None, n: int = 3) -> list[Region]:
    """Return the ``n`` regions whose names or aliases are closest to ``text`` (difflib)."""
    index = _index()
    _, core, _ = _split_prefix(_tokens(text))
    queries = {" ".join(core)} - {""}
    code_match = _CODE_RE.match(text.strip())
    digits = _plain_code(code_match.group("code")) if code_match else ""
    candidates: list[tuple[str, str]]
    if digits:
        candidates = [(code, code) for code in index.by_bps]
        queries = {digits}
    else:
        candidates = list(index.choices)
    best: dict[str, float] = {}
    matcher = difflib.SequenceMatcher(autojunk=False)
    for query in queries:
        matcher.set_seq2(query)
        for choice, code in candidates:
            region = index.by_bps[code]
            if level and region.level != level:
                continue
            if not _matches_hint(region, hint):
                continue
            matcher.set_seq1(choice)
            if matcher.real_quick_ratio() <= best.get(code, 0.0):
                continue
            score = matcher.ratio()
            if score > best.get(code, 0.0):
                best[code] = score
    ranked = sorted(best, key=lambda code: (-best[code], code))
    prefixed = _name_prefix_matches(queries, level, hint) if not digits else []
    if prefixed:  # "Kalimantan" → the five Kalimantan provinces, provinces first
        rest = [code for code in ranked if code not in {r.code for r in prefixed}]
        return prefixed + [index.by_bps[code] for code in rest[: max(n - len(prefixed), 0)]]
    return [index.by_bps[code] for code in ranked[:n]]


def _name_prefix_matches(queries: set[str], level: str | None, hint: str | None) -> list[Region]:
    """Regions whose official name starts with one of ``queries`` (whole words), provinces first."""
    out = []
    for query in queries:
        words = query.split()
        if not words:
            continue
        for region in _index().by_bps.values():
            if (level and region.level != level) or not _matches_hint(region, hint):
                continue
            _, name_core, _ = _split_prefix(_tokens(region.name))
            if name_core[: len(words)] == words and len(name_core) > len(words):
                out.append(region)
    order = {"province": 0, "regency": 1}
    return sorted(set(out), key=lambda r: (order.get(r.level, 2), r.code))[:6]


def _not_found(
    text: str, level: str | None, hint: str | None = None, reason: str = ""
) -> RegionNotFoundError:
    """Build the error for an unknown region, with suggestions in the message."""
    suggestions = _suggest(text, level, hint)
    where = f" sebagai {_LEVEL_LABEL[level]}" if level else ""
    message = f"Wilayah '{text}' tidak dikenal{where}."
    if reason:
        message += f" {reason}"
    if suggestions:
        message += " Mungkin maksud Anda: " + "; ".join(r.label for r in suggestions) + "."
    message += (
        " Tulis kode BPS (mis. 62 atau 6201) atau nama resmi; singkatan baru dapat "
        "ditambahkan di data/reference/regions/aliases.csv."
    )
    return RegionNotFoundError(message, text, suggestions)


def _check_level(region: Region, text: str, level: str | None) -> Region:
    """Return ``region`` if it is at ``level``; otherwise raise a helpful not-found error."""
    if level is None or region.level == level:
        return region
    reason = f"'{text}' adalah {region.kind} {region.label}, bukan {_LEVEL_LABEL[level]}."
    raise _not_found(text, level, reason=reason)


def _resolve_code(  # noqa: C901 - predates the complexity rule; split when next touched
    text: str, system: str | None, code: str, dotted: bool, level: str | None
) -> Region:
    """Resolve a numeric code following the rules in the module docstring."""
    index = _index()
    system = {"kdn": "kemendagri", "dagri": "kemendagri"}.get(system or "", system)
    if code in ("00", "0000"):
        return _check_level(NATIONAL, text, level)
    if system == "kemendagri" or (system is None and dotted):
        region = index.by_kdn.get(code)
        if region is None and len(code) == 4 and code.endswith("00"):
            region = index.by_kdn.get(code[:2])
        if region is None:
            raise _not_found(text, level, reason=f"Tidak ada kode Kemendagri {code}.")
        return _check_level(region, text, level)
    region = index.by_bps.get(code)
    if region is None and len(code) == 4 and code.endswith("00"):
        region = index.by_bps.get(code[:2])  # BPS writes provinces as 6200 in some tables
    if region is not None:
        return _check_level(region, text, level)
    if system == "bps":
        raise _not_found(text, level, reason=f"Tidak ada kode BPS {code}.")
    if code in index.old_bps:
        old_code, name, new = index.old_bps[code]
        message = (
            f"Kode '{text}' adalah kode BPS lama (sebelum pemekaran Papua 2022) untuk {name}, "
            f"yang sekarang berkode BPS {new.code}. Pakai kode {new.code}."
        )
        if code in index.by_kdn:
            message += (
                f" Jika yang dimaksud kode Kemendagri ({index.by_kdn[code].name}), "
                f"tulis 'kemendagri:{code}'."
            )
        raise RegionNotFoundError(message, text, [new])
    region = index.by_kdn.get(code)
    if region is None:
        raise _not_found(text, level, reason=f"Tidak ada kode BPS maupun Kemendagri {code}.")
    return _check_level(region, text, level)


def _pick(regions: list[Region], text: str) -> Region:
    """Choose among the regions a name matched: one region, or the province, or ambiguous."""
    unique = sorted(set(regions), key=lambda region: region.code)
    if len(unique) == 1:
        return unique[0]
    provinces_only = [region for region in unique if region.level == "province"]
    if len(provinces_only) == 1:
        return provinces_only[0]
    listing = " dan ".join(f"{r.code} {r.name}" for r in unique)
    message = (
        f"Nama '{text}' ambigu: cocok dengan {listing}. Tulis awalan 'Kab.' atau 'Kota' "
        f"(mis. 'Kota {_core_name(unique[-1].name)}'), atau pakai kode BPS."
    )
    raise AmbiguousRegionError(message, text, unique)


def _resolve_name(text: str, level: str | None) -> Region:
    """Resolve a name, alias or prefixed name following the module docstring's rules."""
    index = _index()
    tokens = _tokens(text)
    if not tokens:
        raise _not_found(text, level, reason="Teksnya kosong.")
    full = "".join(tokens)
    if full in _NATIONAL_KEYS:
        return _check_level(NATIONAL, text, level)
    hint, core, stripped = _split_prefix(tokens)
    attempts: list[tuple[str, str | None]] = [(full, None)]
    if stripped:
        attempts.append(("".join(core), hint))
    special = _drop_special(core)
    if special is not None:
        attempts.append(("".join(special), hint))
    other_level: list[Region] = []
    for key, key_hint in attempts:
        codes = index.names.get(key)
        if not codes:
            continue
        matched = [index.by_bps[code] for code in codes]
        matched = [region for region in matched if _matches_hint(region, key_hint)]
        fitting = [region for region in matched if level is None or region.level == level]
        other_level.extend(region for region in matched if region not in fitting)
        if fitting:
            return _pick(fitting, text)
    if other_level:
        region = sorted(set(other_level), key=lambda r: r.code)[0]
        return _check_level(region, text, level)
    raise _not_found(text, level, hint)


def resolve(text: str | int | Region, level: str | None = None) -> Region:
    """Return the :class:`Region` that ``text`` names (code, name, alias; see module docs).

    ``level`` (``"province"``, ``"regency"``, ``"national"``, or the Indonesian words)
    restricts the answer to that level. Raises :class:`RegionNotFoundError` (with
    ``suggestions``) or :class:`AmbiguousRegionError`; both are ``ValueError``.

    >>> resolve("Kalteng").code
    '62'
    >>> resolve("kemendagri:92").name
    'Papua Barat'
    """
    wanted = _normalise_level(level)
    if isinstance(text, Region):
        return _check_level(text, text.label, wanted)
    if text is None:
        raise _not_found("", wanted, reason="Teksnya kosong.")
    raw = str(text).strip()
    match = _CODE_RE.match(raw)
    if match:
        code_text = match.group("code")
        return _resolve_code(
            raw,
            match.group("system") and match.group("system").lower(),
            _plain_code(code_text),
            "." in code_text,
            wanted,
        )
    return _resolve_name(raw, wanted)


# ------------------------------------------------------------------ listings and conversion
def get(code: str) -> Region:
    """Return the region with exactly this BPS ``code`` (``"00"``, ``"62"``, ``"6201"``).

    Raises ``KeyError`` for anything else (no names, no Kemendagri codes: see :func:`resolve`).
    """
    code = str(code).strip()
    if code == NATIONAL.code:
        return NATIONAL
    try:
        return _index().by_bps[code]
    except KeyError:
        raise KeyError(f"tidak ada wilayah dengan kode BPS {code!r}") from None


def name_of(code: str, default: str | None = None) -> str:
    """Return the name of the region with BPS ``code``, or ``default`` (the code) when unknown."""
    try:
        return get(code).name
    except KeyError:
        return str(code) if default is None else default


@functools.cache
def _non_autonomous() -> dict[str, str]:
    """BPS code → the legal source of DKI's kota/kabupaten administrasi (non_autonomous.csv)."""
    path = reference_dir() / "regions" / "non_autonomous.csv"
    columns = ["bps_code", "source"]
    table = pd.read_csv(path, dtype=str) if path.exists() else pd.DataFrame(columns=columns)
    return {
        str(c).strip(): str(s).strip() for c, s in zip(table.bps_code, table.source, strict=True)
    }


def _non_autonomous_codes() -> frozenset[str]:
    return frozenset(_non_autonomous())


def non_autonomous_source(code: str) -> str:
    """The legal source of a kota/kabupaten administrasi's status ("" for an autonomous one)."""
    return _non_autonomous().get(str(code), "")


def is_autonomous(code: str) -> bool:
    """Return False for DKI Jakarta's kota/kabupaten administrasi (not autonomous governments).

    SPI, MCP and Ombudsman compliance do not apply to them: their cells read "tidak berlaku"
    (``data/reference/regions/non_autonomous.csv`` lists them with the legal basis).
    """
    return str(code) not in _non_autonomous_codes()


def provinces() -> list[Region]:
    """All 38 provinces, ordered by BPS code."""
    return list(_index().provinces)


def regencies(province_code: str | None = None) -> list[Region]:
    """All 514 kabupaten/kota ordered by BPS code, or those of one province.

    ``province_code`` is a BPS province code; any text :func:`resolve` understands as a
    province (``"Kalteng"``) works too.
    """
    items = _index().regencies
    if province_code is None:
        return list(items)
    province = resolve(province_code, level="province")
    return [region for region in items if region.province_code == province.code]


@functools.cache
def _table() -> pd.DataFrame:
    """Build the cached full table behind :func:`regions_table`."""
    rows = [NATIONAL, *provinces(), *regencies()]
    columns = ["code", "kemendagri_code", "name", "level", "kind", "province_code",
               "short_name", "slug"]  # fmt: skip
    data = [[getattr(region, column) for column in columns] for region in rows]
    return pd.DataFrame(data, columns=columns, dtype=str)


def regions_table() -> pd.DataFrame:
    """All regions (Indonesia, 38 provinces, 514 kabupaten/kota) as a DataFrame of strings.

    Columns: ``code, kemendagri_code, name, level, kind, province_code, short_name, slug``.
    A fresh copy is returned, so callers may modify it.
    """
    return _table().copy()


def papua_crosswalk() -> pd.DataFrame:
    """Return the 26 regencies that moved to the new Papua provinces in 2022 (old and new codes).

    Columns as in ``data/reference/regions/papua_crosswalk.csv`` (all strings).
    """
    return _index().crosswalk.copy()


def kemendagri_to_bps(code: str) -> str:
    """BPS code of the region with Kemendagri ``code`` (``"92"``, ``"62.06"``, ``"6206"``).

    Raises ``KeyError`` if no region has that Kemendagri code.
    """
    plain = _plain_code(code)
    if plain == NATIONAL.kemendagri_code:
        return NATIONAL.code
    try:
        return _index().by_kdn[plain].code
    except KeyError:
        raise KeyError(f"tidak ada wilayah dengan kode Kemendagri {code!r}") from None


def bps_to_kemendagri(code: str) -> str:
    """Kemendagri code (plain digits, as in the boundary files) of the BPS ``code``.

    Raises ``KeyError`` if no region has that BPS code.
    """
    return get(_plain_code(code)).kemendagri_code


# ------------------------------------------------------------------ command line
