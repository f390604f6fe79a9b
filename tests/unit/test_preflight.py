"""Pre-flight: parameters refused as text, years against the data, boundary files checked."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Polygon, box

from helpers.cli import preflight
from helpers.core.errors import DataValidationError
from helpers.data import boundaries

HOSTILE = [
    'Kalteng"; touch MARKER; echo "',
    "Kalteng'; touch MARKER; echo '",
    "`touch MARKER`",
    "$(touch MARKER)",
    "; touch MARKER",
    "Kalteng\ntouch MARKER",
    "A" * 5000,
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_region_lang_year_jobs_are_refused(value):
    with pytest.raises(preflight.ParameterError):
        preflight.check_region(value, "")
    with pytest.raises(preflight.ParameterError):
        preflight.check_region("", value)
    for check in (preflight.check_lang, preflight.check_year_text, preflight.check_jobs):
        with pytest.raises(preflight.ParameterError):
            check(value)


def test_long_and_control_values_are_refused_before_any_lookup():
    with pytest.raises(preflight.ParameterError, match="terlalu panjang.*5000"):
        preflight.plain_text("REGION", "A" * 5000)
    with pytest.raises(preflight.ParameterError, match="karakter kendali"):
        preflight.plain_text("YEAR", "2024\n")


def test_region_is_the_main_name_and_province_its_alias():
    assert preflight.check_region("Kalteng", "").code == "62"
    assert preflight.check_region("", "Kalimantan Tengah").code == "62"
    assert preflight.check_region("62", "Kalteng").code == "62"
    with pytest.raises(preflight.ProvinceError, match="berbeda"):
        preflight.check_region("Kalteng", "Aceh")
    assert preflight.check_region("Kotim", "").code == "6202"  # a kab/kota brief
    assert preflight.check_region("6201", "").code == preflight.check_region("Kobar", "").code
    assert preflight.check_region("Kota Serang", "").code == "3673"
    with pytest.raises(preflight.ProvinceError, match="3604 Kabupaten Serang.*3673 Kota Serang"):
        preflight.check_region("Serang", "")
    with pytest.raises(
        preflight.ProvinceError, match="1605 Kabupaten Musi Rawas.*6213 Kabupaten Murung Raya"
    ):
        preflight.check_region("Mura", "")
    with pytest.raises(preflight.ProvinceError, match="tingkat nasional"):
        preflight.check_region("Indonesia", "")
    with pytest.raises(preflight.ProvinceError, match="Atlantis"):
        preflight.check_region("Atlantis", "")


def test_lang_year_jobs_values():
    assert preflight.check_lang("") == "id" and preflight.check_lang("en") == "en"
    with pytest.raises(preflight.ParameterError, match="LANG='fr'"):
        preflight.check_lang("fr")
    assert preflight.check_year_text("") is None and preflight.check_year_text(" 2024 ") == 2024
    for bad in ("24", "20x4", "2024.0", "-2024"):
        with pytest.raises(preflight.ParameterError):
            preflight.check_year_text(bad)
    assert preflight.check_jobs("") is None and preflight.check_jobs("3") == 3
    for bad in ("0", "-1", "2.5", "two", "99999"):
        with pytest.raises(preflight.ParameterError, match="positive integer"):
            preflight.check_jobs(bad)


def test_year_against_the_data(processed_data):
    values = processed_data.values
    first, latest, latest_ipak = preflight.data_years(values)
    assert (first, latest_ipak) == (int(values["year"].min()), 2024)
    assert preflight.check_year(latest_ipak, values) == []
    with pytest.raises(preflight.ParameterError, match=f"{first}–{latest}"):
        preflight.check_year(first - 1, values)
    with pytest.raises(preflight.ParameterError, match=f"{first}–{latest}"):
        preflight.check_year(latest + 1, values)
    if latest > latest_ipak:  # a year with data but no IPAK yet: accepted with a note
        assert "IPAK nasional terakhir" in preflight.check_year(latest, values)[0]


# ------------------------------------------------------------------------ boundary files
KALTENG = box(111.0, -3.5, 115.5, 0.8)
KALSEL = box(114.5, -4.2, 116.5, -1.3)


def _write(tmp_path, frame, name="provinces.geojson"):
    path = tmp_path / name
    frame.to_file(path, driver="GPKG" if name.endswith(".gpkg") else "GeoJSON")
    return path


def _provinces(geometries, crs="EPSG:4326", **columns):
    data = {"kode_bps": ["62", "63"], "nama": ["Kalimantan Tengah", "Kalimantan Selatan"]}
    data.update(columns)
    return gpd.GeoDataFrame(data, geometry=geometries, crs=crs)


def test_a_good_layer_passes_and_is_cached(tmp_path):
    path = _write(tmp_path, _provinces([KALTENG, KALSEL]))
    check = boundaries.check_boundary_file(path, "province")
    assert check.issues == [] and check.warnings == [] and check.features == 2
    assert boundaries.check_boundary_file(path, "province") is check  # same mtime and size


def test_the_shipped_layer_or_none_passes():
    for check in boundaries.check_boundaries():
        assert check.issues == [], check.issues[:3]


def test_empty_and_invalid_geometries_name_file_and_feature(tmp_path):
    bowtie = Polygon([(111, -3), (115, 0), (115, -3), (111, 0)])
    path = _write(tmp_path, _provinces([bowtie, None]))
    issues = boundaries.check_boundary_file(path, "province").issues
    assert [(i.file.endswith("provinces.geojson"), i.row, i.column) for i in issues[:2]] == [
        (True, 1, "geometry"),
        (True, 2, "geometry"),
    ]
    assert "Kalimantan Tengah" in issues[0].message and "Self-intersection" in issues[0].message
    assert "Kalimantan Selatan" in issues[1].message and "kosong" in issues[1].message


def test_unreadable_and_empty_files(tmp_path):
    broken = tmp_path / "provinces.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [')
    issues = boundaries.check_boundary_file(broken, "province").issues
    assert len(issues) == 1 and "tidak terbaca" in issues[0].message
    assert issues[0].file.endswith("provinces.geojson")
    empty = tmp_path / "other" / "provinces.geojson"
    empty.parent.mkdir()
    empty.write_text('{"type": "FeatureCollection", "features": []}')
    assert (
        "tidak berisi fitur" in boundaries.check_boundary_file(empty, "province").issues[0].message
    )


def test_crs_that_contradicts_the_coordinates_is_refused(tmp_path):
    metres = _provinces([box(500000, 9600000, 900000, 9990000), box(900000, 9500000, 1e6, 9.8e6)])
    issues = boundaries.check_boundary_file(_write(tmp_path, metres), "province").issues
    assert len(issues) == 1 and "tampaknya meter" in issues[0].message
    degrees_as_utm = _provinces([KALTENG, KALSEL], crs="EPSG:32750")
    gpkg = _write(tmp_path, degrees_as_utm, "provinces.gpkg")
    assert "tampaknya derajat" in boundaries.check_boundary_file(gpkg, "province").issues[0].message
    elsewhere = _provinces([box(0, 0, 1, 1), box(1, 0, 2, 1)])
    (tmp_path / "x").mkdir()
    path = _write(tmp_path / "x", elsewhere)
    assert "di luar Indonesia" in boundaries.check_boundary_file(path, "province").issues[0].message
    # The same layer in a projected CRS, correctly declared, passes.
    utm = _provinces([KALTENG, KALSEL]).to_crs("EPSG:32750")
    (tmp_path / "utm").mkdir()
    assert boundaries.check_boundary_file(_write(tmp_path / "utm", utm), "province").issues == []


def test_code_or_name_column_must_match_the_reference(tmp_path):
    frame = gpd.GeoDataFrame({"warna": ["a", "b"]}, geometry=[KALTENG, KALSEL], crs="EPSG:4326")
    issues = boundaries.check_boundary_file(_write(tmp_path, frame), "province").issues
    assert len(issues) == 1 and "tidak ada kolom kode atau nama" in issues[0].message
    (tmp_path / "b").mkdir()
    wrong = _provinces([KALTENG, KALSEL], kode_bps=["01", "02"], nama=["Atlantis", "Lemuria"])
    issues = boundaries.check_boundary_file(_write(tmp_path / "b", wrong), "province").issues
    assert "0 dari 2 fitur" in issues[0].message and "Atlantis, Lemuria" in issues[0].message
    (tmp_path / "c").mkdir()
    three = gpd.GeoDataFrame(
        {
            "kode_bps": ["62", "63", "01"],
            "nama": ["Kalimantan Tengah", "Kalimantan Selatan", "Danau"],
        },
        geometry=[KALTENG, KALSEL, box(113, -2, 113.5, -1.5)],
        crs="EPSG:4326",
    )
    check = boundaries.check_boundary_file(_write(tmp_path / "c", three), "province")
    assert check.issues == [] and "1 fitur tidak cocok" in check.warnings[0]
    assert "Danau" in check.warnings[0]


def test_preflight_stops_on_a_bad_boundary_file(tmp_path, monkeypatch):
    metres = _provinces([box(500000, 9600000, 900000, 9990000), box(900000, 9500000, 1e6, 9.8e6)])
    _write(tmp_path, metres)
    monkeypatch.setenv("IPAK_BOUNDARIES", str(tmp_path))
    monkeypatch.setenv("IPAK_PROCESSED_DIR", str(tmp_path / "processed"))
    with pytest.raises(DataValidationError) as caught:
        preflight.run("Kalteng", "", "id", "")
    assert "provinces.geojson" in caught.value.render()
    assert not (tmp_path / "reports").exists()
