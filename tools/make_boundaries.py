"""Derive the shipped boundary layer in ``data/boundaries/`` from ``../shared/geo/``.

Run by hand from the repository root when the shared layer changes::

    .venv/bin/python tools/make_boundaries.py [SOURCE_DIR]

``SOURCE_DIR`` defaults to ``../shared/geo`` (relative to the repository root). The source
carries **Kemendagri** codes (its ``PROVENANCE.md`` says so); the project's data tables use
**BPS** codes, which differ for the Papua provinces and for 199 of the 514 kab/kota. Every
code is converted through :mod:`helpers.reference.regions`, and every converted code is
cross-checked against the feature's own name (resolved by the region resolver) — the
script stops on any disagreement, missing code or empty geometry.

Generalisation:

1. ``shapely.coverage_simplify`` (topology-preserving for the whole layer at once, so
   neighbours keep one shared edge and no slivers open between them) with a tolerance of
   0.005° (≈ 550 m, under one pixel of a province map at slide size) for regencies and
   0.02° for provinces — the tolerances the source was built with, so on the current
   source this step changes little; it caps the detail if a finer source is dropped in;
2. coordinates snapped to a 0.0001° grid (≈ 11 m) with ``shapely.set_precision``,
   which keeps every geometry valid, and written with 4 decimals;
3. checks: 38 + 514 BPS codes, each exactly once, every geometry valid and non-empty.

Output (GeoJSON, RFC 7946, EPSG:4326; text, so changes show in ``git diff``):
``provinces_generalised.geojson`` and ``regencies_generalised.geojson`` with columns
``bps_code``, ``kemendagri_code``, ``region_name`` (official name from idn-area-data, upper
case), ``level`` and the geometry, sorted by BPS code. The MIT notice of the geometry is
copied beside them as ``LICENSE-geometry-MIT.txt``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path

import geopandas as gpd
import shapely

from helpers.reference import regions

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "geo"
OUT_DIR = ROOT / "data" / "boundaries"
GRID = 1e-4  # degrees, ≈ 11 m
LAYERS = {
    # level: (source file/layer, source code column, source name column, tolerance in degrees)
    "province": ("provinces", "province_code", "province_name", 0.02),
    "regency": ("regencies", "regency_code", "regency_name", 0.005),
}
OUT_NAME = {"province": "provinces_generalised", "regency": "regencies_generalised"}
EXPECTED = {"province": 38, "regency": 514}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _bps_code(kemendagri: str, name: str, level: str) -> str:
    """Return the BPS code of a Kemendagri code, checked against the feature's name."""
    bps = regions.kemendagri_to_bps(kemendagri)
    region = regions.get(str(bps)) if bps is not None else None
    if region is None or region.level != level:
        raise SystemExit(f"{level} {kemendagri} ({name}): no BPS code in the region reference")
    by_name = regions.resolve(name, level=level)
    if by_name.code != region.code:
        raise SystemExit(
            f"{level} {kemendagri} ({name}): code gives BPS {region.code} ({region.name}), "
            f"name gives BPS {by_name.code} ({by_name.name})"
        )
    return region.code


def derive(level: str, source_dir: Path) -> gpd.GeoDataFrame:
    """Read one source layer, convert its codes to BPS, generalise and check it."""
    stem, code_col, name_col, tolerance = LAYERS[level]
    frame = gpd.read_file(source_dir / f"{stem}.gpkg", layer=stem)
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        frame = frame.set_crs("EPSG:4326") if frame.crs is None else frame.to_crs("EPSG:4326")
    kemendagri = frame[code_col].astype(str).str.replace(".", "", regex=False)
    names = frame[name_col].astype(str)
    bps = [_bps_code(k, n, level) for k, n in zip(kemendagri, names, strict=True)]
    geometry = shapely.coverage_simplify(frame.geometry.values, tolerance)
    geometry = shapely.set_precision(geometry, GRID)
    out = gpd.GeoDataFrame(
        {
            "bps_code": bps,
            "kemendagri_code": list(kemendagri),
            "region_name": list(names),
            "level": level,
        },
        geometry=geometry,
        crs="EPSG:4326",
    )
    out = out.sort_values("bps_code").reset_index(drop=True)
    expected = {
        r.code for r in (regions.provinces() if level == "province" else regions.regencies())
    }
    problems = []
    if len(out) != EXPECTED[level] or set(out["bps_code"]) != expected:
        problems.append(
            f"codes: {len(out)} features, missing {sorted(expected - set(out['bps_code']))}, "
            f"unknown {sorted(set(out['bps_code']) - expected)}"
        )
    if out["bps_code"].duplicated().any():
        problems.append(
            f"duplicate codes {sorted(out.loc[out['bps_code'].duplicated(), 'bps_code'])}"
        )
    bad = out[~shapely.is_valid(out.geometry.values) | shapely.is_empty(out.geometry.values)]
    if len(bad):
        problems.append(f"invalid or empty geometry: {list(bad['bps_code'])}")
    if problems:
        raise SystemExit(f"{level}: " + "; ".join(problems))
    before = int(shapely.get_num_coordinates(frame.geometry.values).sum())
    after = int(shapely.get_num_coordinates(out.geometry.values).sum())
    changed = int((out["bps_code"] != out["kemendagri_code"]).sum())
    print(
        f"{level}: {len(out)} features, {changed} with a BPS code different from Kemendagri, "
        f"vertices {before:,} -> {after:,}"
    )
    return out


def write(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Write ``frame`` as compact GeoJSON, one feature per line (replacing ``path`` atomically).

    GDAL rounds the coordinates to 4 decimals; the file is then re-serialised without
    spaces, one feature per line, so a rebuild gives the same bytes and a change to one
    region shows as one changed line in ``git diff``.
    """
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / path.name
        frame.to_file(
            raw,
            driver="GeoJSON",
            layer=path.stem,
            layer_options={"COORDINATE_PRECISION": 4, "RFC7946": "YES", "WRITE_BBOX": "NO"},
        )
        collection = json.loads(raw.read_text(encoding="utf-8"))
    features = [
        json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in collection["features"]
    ]
    head = {k: v for k, v in collection.items() if k != "features"}
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    text += ',"features":[\n' + ",\n".join(features) + "\n]}\n"
    staged = path.with_name(f".{path.name}.tmp")
    staged.write_text(text, encoding="utf-8")
    staged.replace(path)
    print(f"wrote {path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")


def main(argv: list[str]) -> int:
    """Derive both layers from ``argv[0]`` (default ``../shared/geo``)."""
    source = Path(argv[0]) if argv else DEFAULT_SOURCE
    if not (source / "regencies.gpkg").is_file():
        print(f"no regencies.gpkg in {source}", file=sys.stderr)
        return 2
    for name in ("provinces.gpkg", "regencies.gpkg", "PROVENANCE.md"):
        print(f"source {name}: sha256 {_sha256(source / name)}")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for level in ("province", "regency"):
        write(derive(level, source), OUT_DIR / f"{OUT_NAME[level]}.geojson")
    shutil.copyfile(source / "LICENSE-boundaries-MIT.txt", OUT_DIR / "LICENSE-geometry-MIT.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
