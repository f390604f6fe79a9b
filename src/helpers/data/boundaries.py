"""Boundary files: find them, read them, match features to regions.

The project ships a generalised layer of the 38 provinces and 514 kab/kota
(``data/boundaries/provinces_generalised.geojson`` and ``regencies_generalised.geojson``,
BPS codes; provenance and licences in ``data/boundaries/README.md``), so maps work on a
fresh clone. An analyst overrides it by putting ``provinces.<ext>`` and/or
``regencies.<ext>`` (GeoPackage, Shapefile, GeoJSON) in ``data/boundaries/`` or by
pointing the environment variable ``IPAK_BOUNDARIES`` at a file or folder (several
separated by ``os.pathsep``); see :func:`find_boundary_file` for the order.

Matching, per feature: by **code** first (Kemendagri or BPS; the code system is detected
from the column name and, where the two systems differ — Papua — from the feature names),
then by **name** through the region resolver (:func:`helpers.reference.regions.resolve`). Features
that match nothing are returned by name so the brief can list them. The result carries a
BPS ``region_code`` column, the code used by every data table.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from shapely.errors import GEOSException

from helpers.core.errors import Issue, display_path
from helpers.core.paths import boundaries_dir
from helpers.reference import regions
from helpers.reference.catalogue import contract

LEVELS = ("province", "regency")
EXTENSIONS = (".gpkg", ".shp", ".geojson", ".json")
FILE_STEMS = {
    "province": ("provinces", "provinsi", "province", "prov"),
    "regency": ("regencies", "regency", "kabupaten_kota", "kabkota", "kab_kota", "kabupaten"),
}
CODE_LENGTH = {"province": 2, "regency": 4}
# The generalised layer shipped in data/boundaries/ (tools/make_boundaries.py), used when
# no user file is found; its names match no FILE_STEMS pattern, so user files win.
SHIPPED_FILES = {
    "province": "provinces_generalised.geojson",
    "regency": "regencies_generalised.geojson",
}
# Candidate code columns, most specific first (case-insensitive).
CODE_COLUMNS = {
    "province": (
        "region_code",
        "kode_bps",
        "bps_code",
        "kode_kemendagri",
        "kemendagri_code",
        "province_code",
        "kode_provinsi",
        "kode_prov",
        "kd_prov",
        "kdprov",
        "prov_code",
        "kdpprov",
        "adm1_pcode",
        "kode_wilayah",
        "kode",
        "code",
    ),
    "regency": (
        "region_code",
        "kode_bps",
        "bps_code",
        "kode_kemendagri",
        "kemendagri_code",
        "regency_code",
        "kode_kabupaten",
        "kode_kab",
        "kode_kabkota",
        "kd_kab",
        "kdkab",
        "kab_code",
        "kdpkab",
        "adm2_pcode",
        "kode_wilayah",
        "kode",
        "code",
    ),
}
NAME_COLUMNS = {
    "province": (
        "region_name",
        "province_name",
        "nama_provinsi",
        "nama_prov",
        "provinsi",
        "wadmpr",
        "adm1_en",
        "adm1_id",
        "name_1",
        "nama",
        "name",
    ),
    "regency": (
        "region_name",
        "regency_name",
        "nama_kabupaten",
        "nama_kabkota",
        "nama_kab",
        "kabupaten",
        "kab_kota",
        "wadmkk",
        "adm2_en",
        "adm2_id",
        "name_2",
        "nama",
        "name",
    ),
}


@dataclass
class Boundaries:
    """A boundary layer matched to BPS region codes.

    ``gdf`` has ``region_code`` (BPS), ``feature_name``, ``matched_by`` (``"code"`` or
    ``"name"``) and ``geometry``, one row per matched feature. ``unmatched`` lists the
    names (or codes, when a feature has no name) of features that matched no region.
    """

    gdf: gpd.GeoDataFrame
    level: str
    path: Path
    code_column: str | None
    name_column: str | None
    code_system: str
    unmatched: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------ finding
def _level_hint(path: Path) -> str | None:
    stem = path.stem.lower()
    for level in ("regency", "province"):  # "prov" is a prefix of nothing in the regency list
        if any(stem.startswith(hint) for hint in FILE_STEMS[level]):
            return level
    return None


def _candidates(entry: Path, level: str) -> list[Path]:
    if entry.is_dir():
        found = []
        for stem in FILE_STEMS[level]:
            for ext in EXTENSIONS:
                found.extend(sorted(entry.glob(f"{stem}{ext}")))
        return found
    if entry.is_file() and entry.suffix.lower() in EXTENSIONS:
        hint = _level_hint(entry)
        return [entry] if hint in (None, level) else []
    return []


def shipped_boundary_file(level: str) -> Path | None:
    """Return the generalised layer shipped in ``data/boundaries/`` for ``level``, if present."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    path = boundaries_dir() / SHIPPED_FILES[level]
    return path if path.is_file() else None


def find_boundary_file(level: str, search: str | Path | None = None) -> Path | None:
    """Return the boundary file for ``level`` ("province" or "regency"), or ``None``.

    Order, first hit wins:

    1. ``search`` if given (a file or folder; nothing else is looked at);
    2. else ``$IPAK_BOUNDARIES`` (files or folders, separated by ``os.pathsep``); when it
       is set, only it is searched — pointing it at an empty folder switches maps off;
    3. else a user file in ``data/boundaries/`` (``provinces.*`` / ``regencies.*`` …);
    4. else the shipped generalised layer in ``data/boundaries/``
       (:data:`SHIPPED_FILES`).

    In a folder the file must be named ``provinces.*`` / ``regencies.*`` (or
    ``provinsi.*`` / ``kabupaten_kota.*``) with extension .gpkg, .shp, .geojson or .json.
    A file given directly whose name says nothing about its level is returned for either
    level; :func:`read_boundaries` then checks its codes.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    default = search is None and not os.environ.get("IPAK_BOUNDARIES")
    if search is not None:
        entries = [Path(search)]
    elif not default:
        entries = [Path(p) for p in os.environ["IPAK_BOUNDARIES"].split(os.pathsep) if p]
    else:
        entries = [boundaries_dir()]
    for entry in entries:
        found = _candidates(entry.expanduser(), level)
        if found:
            return found[0]
    return shipped_boundary_file(level) if default else None


# ------------------------------------------------------------------------ columns
def _find_column(frame: pd.DataFrame, candidates: tuple[str, ...]) -> str | None:
    lower = {str(c).lower(): c for c in frame.columns if c != "geometry"}
    for name in candidates:
        if name in lower:
            return lower[name]
    return None


def _clean_code(value) -> str | None:
    """Turn 62, 62.0, '62', '62.01', 'ID6201' into digit strings ('62', '6201')."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    digits = re.sub(r"\D", "", str(value))
    return digits or None


def detect_code_column(frame: pd.DataFrame, level: str) -> str | None:
    """Return the column holding region codes of ``level`` (2 or 4 digits), or ``None``."""
    column = _find_column(frame, CODE_COLUMNS[level])
    if column is not None:
        return column
    # Fall back to any column whose values are mostly codes of the right length.
    for candidate in frame.columns:
        if candidate == "geometry":
            continue
        codes = frame[candidate].map(_clean_code).dropna()
        if (
            len(codes)
            and (codes.str.len() == CODE_LENGTH[level]).mean() > 0.9
            and codes.nunique() == len(codes)
        ):
            return candidate
    return None


def detect_name_column(frame: pd.DataFrame, level: str) -> str | None:
    """Return the column holding region names, or ``None``."""
    return _find_column(frame, NAME_COLUMNS[level])


def _normalise_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().upper()
    text = re.sub(r"\bKAB\b\.?", "KABUPATEN", text)
    text = re.sub(r"[^A-Z0-9 ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


# ----------------------------------------------------------------------- matching
def _bps_from(code: str, system: str, level: str) -> str | None:
    """Return the BPS code for ``code`` read in ``system``, or ``None`` if unknown."""
    if code is None or len(code) != CODE_LENGTH[level]:
        return None
    try:
        bps = regions.kemendagri_to_bps(code) if system == "kemendagri" else code
        if bps is None:
            return None
        region = regions.get(str(bps))
    except (ValueError, KeyError, LookupError):
        return None
    return region.code if region is not None and region.level == level else None


def _resolve_name(name: str, level: str, cache: dict) -> str | None:
    if not name:
        return None
    key = (name, level)
    if key not in cache:
        try:
            region = regions.resolve(name, level=level)
            cache[key] = region.code if region.level == level else None
        except (ValueError, KeyError, LookupError):
            cache[key] = None
    return cache[key]


def _system_hint(column: str | None) -> str | None:
    if column is None:
        return None
    lower = column.lower()
    if "bps" in lower or lower.startswith("kdp") or lower.startswith("adm"):
        return "bps"
    if "kemendagri" in lower or "kemdagri" in lower:
        return "kemendagri"
    return None


def choose_code_system(
    codes: list[str | None], names: list[str | None], level: str, hint: str | None = None
) -> str:
    """Decide whether ``codes`` are Kemendagri or BPS codes.

    Where the two systems give different BPS codes (Papua), the system whose reading
    agrees with more feature names wins; ties go to the column-name ``hint``, else
    Kemendagri (the system of BIG/Kemendagri-derived boundary files).
    """
    score = {"kemendagri": 0, "bps": 0}
    cache: dict = {}
    for code, name in zip(codes, names, strict=True):
        as_kemendagri = _bps_from(code, "kemendagri", level)
        as_bps = _bps_from(code, "bps", level)
        if as_kemendagri == as_bps:
            continue
        resolved = _resolve_name(name, level, cache) if name else None
        if resolved is None:
            continue
        score["kemendagri"] += resolved == as_kemendagri
        score["bps"] += resolved == as_bps
    if score["kemendagri"] != score["bps"]:
        return max(score, key=score.get)
    return hint or "kemendagri"


def match_features(
    frame: pd.DataFrame,
    level: str,
    code_column: str | None,
    name_column: str | None,
    code_system: str | None = None,
) -> tuple[pd.Series, pd.Series, list[str], str]:
    """Match every feature: by code (in ``code_system``), then by name via the resolver.

    Returns ``(bps_codes, matched_by, unmatched_names, code_system)``; unmatched features
    have ``None`` in ``bps_codes``.
    """
    codes = [
        (_clean_code(v) if code_column else None)
        for v in (frame[code_column] if code_column else [None] * len(frame))
    ]
    names = [
        (str(v).strip() if name_column and not pd.isna(v) else None)
        for v in (frame[name_column] if name_column else [None] * len(frame))
    ]
    system = code_system or choose_code_system(codes, names, level, _system_hint(code_column))
    cache: dict = {}
    bps_codes, matched_by, unmatched = [], [], []
    for code, name in zip(codes, names, strict=True):
        bps = _bps_from(code, system, level)
        how = "code" if bps else None
        if bps is None and name:
            bps = _resolve_name(name, level, cache)
            how = "name" if bps else None
        bps_codes.append(bps)
        matched_by.append(how)
        if bps is None:
            unmatched.append(name or (code or "?"))
    return (
        pd.Series(bps_codes, index=frame.index, dtype=object),
        pd.Series(matched_by, index=frame.index, dtype=object),
        unmatched,
        system,
    )


# ------------------------------------------------------------------------ reading
def _pick_layer(path: Path, level: str, layer: str | None) -> str | None:
    """Return the GeoPackage layer named like ``level`` (else the first), or ``layer``."""
    if layer is None and path.suffix.lower() == ".gpkg":
        layers = [str(row[0]) for row in pyogrio.list_layers(path)]
        wanted = [name for name in layers if _level_hint(Path(name)) == level]
        layer = wanted[0] if wanted else (layers[0] if layers else None)
    return layer


def _read(path: Path, level: str, layer: str | None) -> gpd.GeoDataFrame:
    layer = _pick_layer(path, level, layer)
    frame = gpd.read_file(path, layer=layer) if layer else gpd.read_file(path)
    if frame.crs is None:
        frame = frame.set_crs("EPSG:4326")
    elif frame.crs.to_epsg() != 4326:
        frame = frame.to_crs("EPSG:4326")
    return frame


def from_geodataframe(
    frame: gpd.GeoDataFrame,
    level: str,
    path: Path | str = "<memory>",
    code_system: str | None = None,
) -> Boundaries:
    """Match an already-read GeoDataFrame (any of the supported column names)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    code_column = detect_code_column(frame, level)
    name_column = detect_name_column(frame, level)
    if code_column is None and name_column is None:
        raise ValueError(
            f"{path}: no code or name column found; expected one of "
            f"{', '.join(CODE_COLUMNS[level][:8])} … or {', '.join(NAME_COLUMNS[level][:5])} …"
        )
    bps, how, unmatched, system = match_features(
        frame, level, code_column, name_column, code_system
    )
    feature_names = (
        frame[name_column].astype(str)
        if name_column
        else pd.Series([_clean_code(v) for v in frame[code_column]], index=frame.index)
    )
    out = gpd.GeoDataFrame(
        {"region_code": bps, "feature_name": feature_names, "matched_by": how},
        geometry=frame.geometry.values,
        crs=frame.crs,
        index=frame.index,
    )
    out = out[out["region_code"].notna()]
    dup_mask = out["region_code"].duplicated(keep="first")
    duplicates = out.loc[dup_mask, "feature_name"].tolist()
    out = out[~dup_mask].reset_index(drop=True)
    return Boundaries(
        gdf=out,
        level=level,
        path=Path(path),
        code_column=code_column,
        name_column=name_column,
        code_system=system,
        unmatched=unmatched,
        duplicates=duplicates,
    )


def read_boundaries(
    level: str,
    path: str | Path | None = None,
    layer: str | None = None,
    code_system: str | None = None,
) -> Boundaries | None:
    """Find (unless ``path`` is given), read and match the boundary file for ``level``.

    Returns ``None`` when there is no file — the caller then draws a ranked dot plot and
    tells the reader how to add one (:func:`helpers.brief.maps.status_map`). A file whose codes
    belong to the other level (a regency file offered for provinces) also gives ``None``.
    """
    found = Path(path) if path is not None else find_boundary_file(level)
    if found is None:
        return None
    if found.is_dir():
        found = find_boundary_file(level, found)
        if found is None:
            return None
    hint = _level_hint(found)
    if hint is not None and hint != level:
        return None
    key = (str(found.resolve()), _file_stamp(found), layer, code_system)
    if _READ.get(level, (None,))[0] != key:
        _READ[level] = (key, _read_matched(found, level, layer, code_system, hint))
    return _READ[level][1]


# The last layer read per level, by (file, its stamp, layer, code system): a batch worker
# reads each file once; an edited or replaced file has a new stamp and is read again.
_READ: dict[str, tuple[tuple, Boundaries | None]] = {}


def _read_matched(
    found: Path, level: str, layer: str | None, code_system: str | None, hint: str | None
) -> Boundaries | None:
    frame = _read(found, level, layer)
    if hint is None:
        other = "regency" if level == "province" else "province"
        column = detect_code_column(frame, level) or detect_code_column(frame, other)
        if column is not None:
            lengths = frame[column].map(_clean_code).dropna().str.len()
            if len(lengths) and lengths.mode().iloc[0] != CODE_LENGTH[level]:
                return None
    return from_geodataframe(frame, level, found, code_system)


# ---------------------------------------------------------------------- validation
POLYGON_TYPES = ("Polygon", "MultiPolygon")
GEOMETRY_HINT = (
    "perbaiki geometrinya (mis. QGIS 'Fix geometries' atau shapely.make_valid) atau hapus fiturnya"
)


@dataclass
class BoundaryCheck:
    """Result of :func:`check_boundary_file`.

    ``issues`` refuse the file (the pre-flight stops with exit 2); ``warnings`` are listed
    and the brief goes on (a few features that match no region, duplicate regions).
    """

    path: Path
    level: str
    features: int = 0
    issues: list[Issue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


_CHECKED: dict[tuple, BoundaryCheck] = {}


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__


def _file_stamp(path: Path) -> tuple:
    """(name, mtime, size) of ``path`` and its sidecar files (``.dbf``, ``.shx``, ``.prj`` …)."""
    siblings = sorted(path.parent.glob(f"{path.stem}.*")) if path.suffix.lower() == ".shp" else []
    stamp = []
    for item in [path, *siblings]:
        info = item.stat()
        stamp.append((item.name, info.st_mtime_ns, info.st_size))
    return tuple(stamp)


def _feature_label(frame: pd.DataFrame, level: str):
    name_column = detect_name_column(frame, level)
    code_column = detect_code_column(frame, level)

    def label(pos: int) -> str:
        for column in (name_column, code_column):
            if column is not None:
                value = frame[column].iloc[pos]
                if not pd.isna(value) and str(value).strip():
                    return str(value).strip()
        return "tanpa nama"

    return label


def _geometry_reason(geom) -> str | None:
    try:
        if geom is None or geom.is_empty:
            return "geometri kosong atau rusak (tidak dapat dibaca)"
        if geom.geom_type not in POLYGON_TYPES:
            return f"geometri {geom.geom_type}, bukan (Multi)Polygon"
        if not geom.is_valid:
            return f"geometri tidak sah: {shapely.is_valid_reason(geom)}"
    except GEOSException as exc:
        return f"geometri tidak sah: {_first_line(exc)}"
    return None


def _geometry_issues(
    frame: gpd.GeoDataFrame, label: str, level: str, limit: int = 10
) -> tuple[list[Issue], list[bool]]:
    """Issues for empty, non-polygon or invalid geometries (feature number = ``row``)."""
    name = _feature_label(frame, level)
    reasons = [_geometry_reason(geom) for geom in frame.geometry.array]
    bad = [(pos, reason) for pos, reason in enumerate(reasons) if reason]
    issues = [
        Issue(
            label, pos + 1, "geometry", f"fitur ke-{pos + 1} ({name(pos)}): {reason}", GEOMETRY_HINT
        )
        for pos, reason in bad[:limit]
    ]
    if len(bad) > limit:
        issues.append(
            Issue(label, None, "geometry", f"… dan {len(bad) - limit} fitur lain", GEOMETRY_HINT)
        )
    return issues, [reason is None for reason in reasons]


def _crs_issues(frame: gpd.GeoDataFrame, good: list[bool], label: str) -> list[Issue]:
    """Refuse a layer whose declared CRS contradicts the range of its coordinates."""
    if not any(good):
        return []
    box = contract()["boundaries"]["extent_wgs84"]
    usable = frame[good]
    minx, miny, maxx, maxy = (float(v) for v in usable.total_bounds)
    crs = frame.crs
    hint = (
        "nyatakan CRS yang sebenarnya (mis. EPSG:4326 untuk derajat, EPSG:23830–23845 "
        "DGN95 / Indonesia TM-3 atau EPSG:32746–32754 UTM untuk meter) atau ubah ke EPSG:4326"
    )
    declared = "tanpa CRS (dibaca sebagai EPSG:4326)" if crs is None else f"CRS {crs.to_string()}"
    span = f"x {minx:,.0f} … {maxx:,.0f}, y {miny:,.0f} … {maxy:,.0f}"
    if crs is None or crs.is_geographic:
        if max(abs(minx), abs(maxx)) > 180 or max(abs(miny), abs(maxy)) > 90:
            return [
                Issue(label, None, "geometry",
                      f"{declared} menyatakan derajat, tetapi koordinatnya {span}: tampaknya meter",
                      hint)
            ]  # fmt: skip
        lon_lat = (minx, miny, maxx, maxy)
    else:
        if max(abs(minx), abs(maxx)) <= 180 and max(abs(miny), abs(maxy)) <= 90:
            return [
                Issue(label, None, "geometry",
                      f"{declared} menyatakan meter, tetapi koordinatnya "
                      f"x {minx:g} … {maxx:g}, y {miny:g} … {maxy:g}: tampaknya derajat", hint)
            ]  # fmt: skip
        try:
            lon_lat = tuple(float(v) for v in usable.to_crs("EPSG:4326").total_bounds)
        except (ValueError, RuntimeError, GEOSException) as exc:
            return [
                Issue(label, None, "geometry",
                      f"{declared} tidak dapat diubah ke EPSG:4326: {_first_line(exc)}", hint)
            ]  # fmt: skip
    west, south, east, north = lon_lat
    inside = (
        west >= box["min_lon"]
        and east <= box["max_lon"]
        and south >= box["min_lat"]
        and north <= box["max_lat"]
    )
    if not inside:
        return [
            Issue(label, None, "geometry",
                  f"dengan {declared} fiturnya jatuh di bujur {west:.2f} … {east:.2f}, "
                  f"lintang {south:.2f} … {north:.2f}, di luar Indonesia "
                  f"({box['min_lon']:g} … {box['max_lon']:g} BT, {box['min_lat']:g} … "
                  f"{box['max_lat']:g} LU): CRS yang dinyatakan tidak cocok dengan koordinatnya",
                  hint)
        ]  # fmt: skip
    return []


def _other_level(frame: pd.DataFrame, level: str) -> bool:
    """True when a file whose name gives no level holds codes of the other level."""
    other = "regency" if level == "province" else "province"
    column = detect_code_column(frame, level) or detect_code_column(frame, other)
    if column is None:
        return False
    lengths = frame[column].map(_clean_code).dropna().str.len()
    return bool(len(lengths)) and lengths.mode().iloc[0] != CODE_LENGTH[level]


def _match_issues(frame: pd.DataFrame, level: str, label: str, check: BoundaryCheck) -> None:
    code_column = detect_code_column(frame, level)
    name_column = detect_name_column(frame, level)
    if code_column is None and name_column is None:
        check.issues.append(
            Issue(label, None, None,
                  "tidak ada kolom kode atau nama wilayah",
                  f"tambahkan kolom kode BPS/Kemendagri ({', '.join(CODE_COLUMNS[level][:6])} …) "
                  f"atau nama ({', '.join(NAME_COLUMNS[level][:5])} …)")
        )  # fmt: skip
        return
    bps, _, unmatched, system = match_features(frame, level, code_column, name_column)
    matched = int(bps.notna().sum())
    listed = ", ".join(unmatched[:20]) + (
        f" … (+{len(unmatched) - 20})" if len(unmatched) > 20 else ""
    )
    column = code_column or name_column
    level_text = "provinsi" if level == "province" else "kab/kota"
    if matched < contract()["boundaries"]["min_matched_share"] * len(frame):
        check.issues.append(
            Issue(label, None, column,
                  f"hanya {matched} dari {len(frame)} fitur cocok dengan referensi wilayah "
                  f"({level_text}, kode {system}); tidak cocok: {listed}",
                  "periksa kolom kode (BPS atau Kemendagri, "
                  f"{CODE_LENGTH[level]} digit) atau nama, dan apakah file ini memang tingkat "
                  f"{level_text}")
        )  # fmt: skip
    elif unmatched:
        check.warnings.append(
            f"{label}: {len(unmatched)} fitur tidak cocok dengan referensi wilayah: {listed}"
        )
    duplicated = bps.dropna()
    duplicated = duplicated[duplicated.duplicated()]
    if len(duplicated):
        check.warnings.append(
            f"{label}: wilayah muncul lebih dari sekali (fitur pertama dipakai): "
            + ", ".join(sorted({regions.name_of(c) for c in duplicated})[:20])
        )


def check_boundary_file(path: str | Path, level: str) -> BoundaryCheck:
    """Check one boundary file for ``level`` as ``make data`` checks a data file.

    Refused (``issues``, file and feature named): a file that cannot be read; no features;
    empty, non-polygon or invalid geometries; a CRS that contradicts the coordinates (degrees
    declared but metres stored, or the reverse, or features outside Indonesia); no code or
    name column; fewer than ``min_matched_share`` of the features matching the region
    reference (unmatched features listed). Results are cached by the files' mtime and size.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    path = Path(path)
    label = display_path(path)
    try:
        key = (str(path.resolve()), level, _file_stamp(path))
    except OSError as exc:
        return BoundaryCheck(path, level, 0, [Issue(label, None, None, f"file tidak dapat dibaca: {_first_line(exc)}", "periksa path dan izin file")])  # fmt: skip
    if key in _CHECKED:
        return _CHECKED[key]
    check = BoundaryCheck(path, level)
    try:
        frame = pyogrio.read_dataframe(
            path, layer=_pick_layer(path, level, None), on_invalid="ignore"
        )
    except Exception as exc:  # noqa: BLE001 - any reader error of a corrupt file becomes one issue naming the file
        check.issues.append(
            Issue(label, None, None,
                  f"file batas wilayah rusak atau tidak terbaca: {_first_line(exc)}",
                  "simpan ulang sebagai GeoPackage, GeoJSON atau Shapefile yang utuh, "
                  "atau pindahkan file ini dari data/boundaries / IPAK_BOUNDARIES")
        )  # fmt: skip
        _CHECKED[key] = check
        return check
    check.features = len(frame)
    if _level_hint(path) is None and _other_level(frame, level):
        _CHECKED[key] = check  # a file of the other level: not used for this one
        return check
    if frame.empty:
        check.issues.append(
            Issue(label, None, None, "file batas wilayah tidak berisi fitur",
                  "ekspor ulang layer yang benar, atau pindahkan file ini")
        )  # fmt: skip
    else:
        geometry, good = _geometry_issues(frame, label, level)
        check.issues += geometry
        check.issues += _crs_issues(frame, good, label)
        _match_issues(frame, level, label, check)
    _CHECKED[key] = check
    return check


def check_boundaries(search: str | Path | None = None) -> list[BoundaryCheck]:
    """Check the boundary file of each level that :func:`find_boundary_file` would use."""
    checks = []
    for level in LEVELS:
        found = find_boundary_file(level, search)
        if found is not None:
            checks.append(check_boundary_file(found, level))
    return checks
