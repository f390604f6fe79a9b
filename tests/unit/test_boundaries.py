"""Boundary files: finding them, Kemendagri vs BPS codes, name matching, unmatched features."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import box

from helpers.data import boundaries
from helpers.reference import regions

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "data" / "boundaries"  # the generalised layer shipped with the project
SHIPPED_PROVINCES = SHIPPED / "provinces_generalised.geojson"
SHIPPED_REGENCIES = SHIPPED / "regencies_generalised.geojson"


def _squares(rows: list[dict]) -> gpd.GeoDataFrame:
    geometry = [box(i, 0, i + 1, 1) for i in range(len(rows))]
    return gpd.GeoDataFrame(rows, geometry=geometry, crs="EPSG:4326")


def test_no_file_gives_none(tmp_path, monkeypatch):
    monkeypatch.delenv("IPAK_BOUNDARIES", raising=False)
    monkeypatch.setattr(boundaries, "boundaries_dir", lambda: tmp_path)
    assert boundaries.find_boundary_file("regency") is None
    assert boundaries.read_boundaries("regency") is None


def test_env_var_folder_and_file_are_found(tmp_path, monkeypatch):
    frame = _squares([{"kode": "62", "nama": "Kalimantan Tengah"}])
    frame.to_file(tmp_path / "provinces.geojson", driver="GeoJSON")
    monkeypatch.setenv("IPAK_BOUNDARIES", str(tmp_path))
    assert boundaries.find_boundary_file("province") == tmp_path / "provinces.geojson"
    assert boundaries.find_boundary_file("regency") is None
    other = tmp_path / "elsewhere"
    other.mkdir()
    frame.to_file(other / "batas.gpkg", driver="GPKG")
    monkeypatch.setenv("IPAK_BOUNDARIES", str(other / "batas.gpkg"))
    result = boundaries.read_boundaries("province")
    assert list(result.gdf["region_code"]) == ["62"]
    assert boundaries.read_boundaries("regency") is None  # 2-digit codes: not a regency layer


def test_kemendagri_codes_are_converted_to_bps():
    # Kemendagri 62.06 = Katingan (BPS 6209), 62.08 = Sukamara (BPS 6206);
    # Kemendagri 95 = Papua Pegunungan (BPS 97).
    frame = _squares(
        [
            {"regency_code": "6206", "regency_name": "KABUPATEN KATINGAN"},
            {"regency_code": "62.08", "regency_name": "KABUPATEN SUKAMARA"},
        ]
    )
    result = boundaries.from_geodataframe(frame, "regency")
    assert result.code_system == "kemendagri"
    assert list(result.gdf["region_code"]) == [
        regions.resolve("Katingan").code,
        regions.resolve("Sukamara").code,
    ]
    assert list(result.gdf["region_code"]) == ["6209", "6206"]
    provinces = boundaries.from_geodataframe(
        _squares([{"province_code": "95", "province_name": "PAPUA PEGUNUNGAN"}]), "province"
    )
    assert (
        list(provinces.gdf["region_code"]) == [regions.resolve("Papua Pegunungan").code] == ["97"]
    )


def test_bps_codes_detected_from_names():
    frame = _squares(
        [
            {"kode": "6209", "nama": "Kab. Katingan"},
            {"kode": "6206", "nama": "Kab. Sukamara"},
        ]
    )
    result = boundaries.from_geodataframe(frame, "regency")
    assert result.code_system == "bps"
    assert list(result.gdf["region_code"]) == ["6209", "6206"]


def test_name_fallback_and_unmatched_feature_reported(tmp_path):
    frame = _squares(
        [
            {"regency_code": None, "regency_name": "Kabupaten Kotawaringin Barat"},
            {"regency_code": "9999", "regency_name": "Kota Atlantis"},
            {"regency_code": "6271", "regency_name": "KOTA PALANGKA RAYA"},
        ]
    )
    path = tmp_path / "regencies.gpkg"
    frame.to_file(path, driver="GPKG")
    result = boundaries.read_boundaries("regency", path)
    assert result.unmatched == ["Kota Atlantis"]
    matched = dict(
        zip(
            result.gdf["feature_name"],
            zip(result.gdf["region_code"], result.gdf["matched_by"], strict=True),
            strict=True,
        )
    )
    assert matched["Kabupaten Kotawaringin Barat"] == (regions.resolve("Kobar").code, "name")
    assert matched["KOTA PALANGKA RAYA"] == (
        regions.resolve("Palangka Raya", level="regency").code,
        "code",
    )


def test_a_file_without_code_or_name_column_is_an_error():
    with pytest.raises(ValueError, match="no code or name column"):
        boundaries.from_geodataframe(_squares([{"area_km2": 1.0}]), "province")


def test_shipped_layers_match_every_feature_and_agree_with_names():
    regencies_layer = boundaries.read_boundaries("regency", SHIPPED_REGENCIES)
    provinces_layer = boundaries.read_boundaries("province", SHIPPED_PROVINCES)
    assert (len(regencies_layer.gdf), regencies_layer.unmatched) == (514, [])
    assert (len(provinces_layer.gdf), provinces_layer.unmatched) == (38, [])
    assert regencies_layer.code_system == provinces_layer.code_system == "bps"
    assert regencies_layer.code_column == "bps_code"
    assert set(regencies_layer.gdf["matched_by"]) == {"code"}
    by_code = regencies_layer.gdf.set_index("region_code")["feature_name"]
    assert by_code[regions.resolve("Katingan").code] == "KABUPATEN KATINGAN"
    assert set(provinces_layer.gdf["region_code"]) == {r.code for r in regions.provinces()}
    # A regency file offered as the province layer is refused, not misread.
    assert boundaries.read_boundaries("province", SHIPPED_REGENCIES) is None


@pytest.mark.parametrize(
    ("path", "level", "expected"),
    [(SHIPPED_PROVINCES, "province", 38), (SHIPPED_REGENCIES, "regency", 514)],
)
def test_shipped_layer_has_every_bps_code_with_a_valid_geometry(path, level, expected):
    frame = gpd.read_file(path)
    reference = regions.provinces() if level == "province" else regions.regencies()
    assert frame.crs.to_epsg() == 4326
    assert len(frame) == expected == len(reference)
    assert list(frame["bps_code"]) == sorted(r.code for r in reference)  # each code once
    assert set(frame["level"]) == {level}
    assert frame.geometry.notna().all()
    assert not frame.geometry.is_empty.any()
    assert frame.geometry.is_valid.all()
    assert (shapely.area(frame.geometry.values) > 0).all()  # degrees², only its sign matters
    assert set(frame.geometry.geom_type) <= {"Polygon", "MultiPolygon"}
    # Inside Indonesia's extent (lon 94.9-141.1, lat -11.1-6.1), so no axis swap.
    minx, miny, maxx, maxy = frame.total_bounds
    assert 94 < minx < maxx < 142 and -12 < miny < maxy < 7
    by_code = frame.set_index("bps_code")
    # BPS, not Kemendagri: Kemendagri 62.06 is Katingan (BPS 6209), 95 Papua Pegunungan (BPS 97).
    if level == "regency":
        assert by_code.loc["6209", "region_name"] == "KABUPATEN KATINGAN"
        assert by_code.loc["6209", "kemendagri_code"] == "6206"
        assert (frame["bps_code"] != frame["kemendagri_code"]).sum() == 199
        # Kota Palangka Raya lies inside Kalimantan Tengah's outline.
        palangka = by_code.geometry["6271"].representative_point()
        provinces = gpd.read_file(SHIPPED_PROVINCES).set_index("bps_code")
        assert provinces.geometry["62"].contains(palangka)
    else:
        assert by_code.loc["97", "region_name"] == "PAPUA PEGUNUNGAN"
        assert by_code.loc["97", "kemendagri_code"] == "95"


def test_shipped_layer_is_the_default_and_user_files_override_it(tmp_path, monkeypatch):
    monkeypatch.delenv("IPAK_BOUNDARIES", raising=False)
    monkeypatch.setattr(boundaries, "boundaries_dir", lambda: SHIPPED)
    assert boundaries.find_boundary_file("province") == SHIPPED_PROVINCES
    assert boundaries.find_boundary_file("regency") == SHIPPED_REGENCIES
    default = boundaries.read_boundaries("regency")
    assert len(default.gdf) == 514 and default.path == SHIPPED_REGENCIES
    # A user file named provinces.* in data/boundaries/ wins over the shipped layer ...
    user_dir = tmp_path / "boundaries"
    user_dir.mkdir()
    for name in boundaries.SHIPPED_FILES.values():
        (user_dir / name).write_bytes((SHIPPED / name).read_bytes())
    _squares([{"kode": "62", "nama": "Kalimantan Tengah"}]).to_file(
        user_dir / "provinces.geojson", driver="GeoJSON"
    )
    monkeypatch.setattr(boundaries, "boundaries_dir", lambda: user_dir)
    assert boundaries.find_boundary_file("province") == user_dir / "provinces.geojson"
    assert list(boundaries.read_boundaries("province").gdf["region_code"]) == ["62"]
    # ... for its level only: regencies still come from the shipped layer.
    assert boundaries.find_boundary_file("regency") == user_dir / SHIPPED_REGENCIES.name
    # IPAK_BOUNDARIES replaces the whole lookup: an empty folder switches maps off.
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("IPAK_BOUNDARIES", str(empty))
    assert boundaries.find_boundary_file("regency") is None
    assert boundaries.read_boundaries("province") is None
