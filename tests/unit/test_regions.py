import shutil
import subprocess
import sys

import pandas as pd
import pytest

from helpers.core.errors import EXIT_BAD_INPUT
from helpers.core.paths import reference_dir
from helpers.reference import regions
from helpers.reference.regions import (
    NATIONAL,
    AmbiguousRegionError,
    Region,
    RegionNotFoundError,
    resolve,
)

REGION_DIR = reference_dir() / "regions"


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(REGION_DIR / name, dtype=str, keep_default_na=False)


PROVINCES = _csv("provinces.csv")
REGENCIES = _csv("regencies.csv")
ALIASES = _csv("aliases.csv")
CROSSWALK = _csv("papua_crosswalk.csv")
PROVINCE_ROWS = list(PROVINCES.itertuples(index=False))

# Verified BPS / Kemendagri province codes in the Papua region (see the regions README).
PAPUA = [
    ("Papua Barat", "91", "92"),
    ("Papua Barat Daya", "92", "96"),
    ("Papua", "94", "91"),
    ("Papua Selatan", "95", "93"),
    ("Papua Tengah", "96", "94"),
    ("Papua Pegunungan", "97", "95"),
]


# ------------------------------------------------------------------ reference tables
def test_counts():
    assert len(regions.provinces()) == 38
    regs = regions.regencies()
    assert len(regs) == 514
    assert sum(r.kind == "kabupaten" for r in regs) == 416
    assert sum(r.kind == "kota" for r in regs) == 98
    assert len(CROSSWALK) == 26


def test_provinces_ordered_by_bps_code():
    codes = [p.code for p in regions.provinces()]
    assert codes == sorted(codes)
    assert codes[0] == "11" and codes[-1] == "97"


@pytest.mark.parametrize("table", [PROVINCES, REGENCIES], ids=["provinces", "regencies"])
def test_no_duplicate_codes_in_either_system(table):
    assert table["bps_code"].is_unique
    assert table["kemendagri_code"].is_unique


def test_code_shapes():
    assert PROVINCES["bps_code"].str.fullmatch(r"\d{2}").all()
    assert PROVINCES["kemendagri_code"].str.fullmatch(r"\d{2}").all()
    assert REGENCIES["bps_code"].str.fullmatch(r"\d{4}").all()
    assert REGENCIES["kemendagri_code"].str.fullmatch(r"\d{4}").all()


def test_every_regency_belongs_to_an_existing_province():
    province_codes = set(PROVINCES["bps_code"])
    assert set(REGENCIES["province_bps_code"]) <= province_codes
    assert (REGENCIES["bps_code"].str[:2] == REGENCIES["province_bps_code"]).all()
    by_kdn = dict(zip(PROVINCES["bps_code"], PROVINCES["kemendagri_code"], strict=True))
    assert (REGENCIES["kemendagri_code"].str[:2]
            == REGENCIES["province_bps_code"].map(by_kdn)).all()  # fmt: skip
    assert all(len(regions.regencies(code)) > 0 for code in province_codes)


def test_kind_agrees_with_both_numbering_rules():
    for column in ("bps_code", "kemendagri_code"):
        is_kota = REGENCIES[column].str[2:].astype(int) >= 71
        assert (is_kota == (REGENCIES["kind"] == "kota")).all(), column
    assert REGENCIES["name"].str.startswith("Kota ").sum() == 98


def test_slugs_are_ascii_and_match_names():
    for region in regions.provinces():
        row = PROVINCES.set_index("bps_code").loc[region.code]
        assert region.slug == row["slug"]
    assert resolve("Kalteng").slug == "kalimantan-tengah"
    assert resolve("Kobar").slug == "kabupaten-kotawaringin-barat"
    assert resolve("DKI").slug == "dki-jakarta"


def test_regions_table():
    table = regions.regions_table()
    assert list(table.columns) == ["code", "kemendagri_code", "name", "level", "kind",
                                   "province_code", "short_name", "slug"]  # fmt: skip
    assert len(table) == 1 + 38 + 514
    assert table.iloc[0].tolist()[:6] == ["00", "00", "Indonesia", "national", "nasional", "00"]
    assert table["code"].is_unique
    assert table.set_index("code").loc["6201", "name"] == "Kabupaten Kotawaringin Barat"
    assert all(isinstance(value, str) for value in table["code"])
    table.loc[0, "name"] = "changed"  # a copy: the cache must not change
    assert regions.regions_table().loc[0, "name"] == "Indonesia"


def test_get():
    assert regions.get("62").name == "Kalimantan Tengah"
    assert regions.get("00") is NATIONAL
    assert regions.get("6201").province_code == "62"
    for missing in ("Kalteng", "93", "62.01", "9999"):
        with pytest.raises(KeyError):
            regions.get(missing)


def test_regencies_of_one_province():
    kalteng = regions.regencies("62")
    assert [r.code for r in kalteng] == [f"62{n:02d}" for n in range(1, 14)] + ["6271"]
    assert regions.regencies("Kalteng") == kalteng
    assert {r.code for r in regions.regencies("92")} == {
        "9201",
        "9202",
        "9203",
        "9204",
        "9205",
        "9271",
    }
    with pytest.raises(RegionNotFoundError):
        regions.regencies("Atlantis")


# ------------------------------------------------------------------ resolving provinces
@pytest.mark.parametrize("row", PROVINCE_ROWS, ids=[r.bps_code for r in PROVINCE_ROWS])
def test_every_province_resolves_by_code_name_and_short_name(row):
    for text in (
        row.bps_code,
        row.name,
        row.short_name,
        row.name.upper(),
        f"Provinsi {row.name}",
        f"  prov.  {row.short_name.lower()} ",
    ):
        region = resolve(text)
        assert region.code == row.bps_code, text
        assert region.level == "province" and region.kind == "provinsi"
        assert region.province_code == row.bps_code
    assert resolve(f"bps:{row.bps_code}").code == row.bps_code
    assert resolve(f"kemendagri:{row.kemendagri_code}").code == row.bps_code


@pytest.mark.parametrize(
    "text",
    ["Kalteng", "62", "Kalimantan Tengah", "PROVINSI KALIMANTAN TENGAH", "Prov. Kalteng",
     "kalimantan   tengah", "Pemprov Kalteng", "Pemerintah Provinsi Kalimantan Tengah",
     "Prop. Kalimantan Tengah", "62.00", "6200", "Central Kalimantan", 62],
)  # fmt: skip
def test_kalteng_spellings(text):
    region = resolve(text)
    assert (region.code, region.name, region.kemendagri_code) == ("62", "Kalimantan Tengah", "62")
    assert region.short_name == "Kalteng"


@pytest.mark.parametrize(("name", "bps", "kdn"), PAPUA)
def test_papua_codes_in_both_systems(name, bps, kdn):
    region = resolve(name)
    assert (region.code, region.kemendagri_code) == (bps, kdn)
    assert resolve(f"bps:{bps}").name == name
    assert resolve(f"kemendagri:{kdn}").name == name
    assert regions.kemendagri_to_bps(kdn) == bps
    assert regions.bps_to_kemendagri(bps) == kdn


def test_bare_code_reads_bps_first():
    assert resolve("91").name == "Papua Barat"  # BPS 91; Kemendagri 91 would be Papua
    assert resolve("92").name == "Papua Barat Daya"  # BPS wins over Kemendagri's Papua Barat
    assert resolve("kemendagri:92").name == "Papua Barat"
    assert resolve("kdn:92").code == "91"
    assert resolve("KEMENDAGRI: 92").code == "91"
    assert resolve("bps:92").code == "92"
    # a bare code that is no BPS code falls back to Kemendagri
    assert resolve("93").name == "Papua Selatan"
    assert resolve("93").code == "95"
    with pytest.raises(RegionNotFoundError):
        resolve("bps:93")
    with pytest.raises(RegionNotFoundError):
        resolve("kemendagri:97")


def test_province_name_wins_over_city():
    for name, province, city in [
        ("Bengkulu", "17", "1771"),
        ("Jambi", "15", "1571"),
        ("Gorontalo", "75", "7571"),
        ("Yogyakarta", "34", "3471"),
    ]:
        assert resolve(name).code == province
        assert resolve(f"Kota {name}").code == city
    assert resolve("Bengkulu", level="regency").code == "1771"
    assert resolve("Kab. Gorontalo").code == "7502"
    with pytest.raises(AmbiguousRegionError):  # Kabupaten and Kota Gorontalo
        resolve("Gorontalo", level="regency")


def test_special_region_prefixes():
    for text in (
        "DKI",
        "DKI Jakarta",
        "Jakarta",
        "Provinsi DKI Jakarta",
        "Daerah Khusus Ibukota Jakarta",
    ):
        assert resolve(text).code == "31", text
    for text in (
        "DIY",
        "DI Yogyakarta",
        "D.I. Yogyakarta",
        "Daerah Istimewa Yogyakarta",
        "Jogja",
        "Provinsi DI Yogyakarta",
    ):
        assert resolve(text).code == "34", text


def test_national():
    for text in ("Indonesia", "nasional", "NASIONAL", "00"):
        assert resolve(text) is NATIONAL
    assert NATIONAL.level == "national" and NATIONAL.province_code == "00"
    with pytest.raises(RegionNotFoundError):
        resolve("00", level="province")


# ------------------------------------------------------------------ resolving regencies
@pytest.mark.parametrize(
    ("text", "code", "name"),
    [("Kobar", "6201", "Kabupaten Kotawaringin Barat"),
     ("Kab. Kotawaringin Timur", "6202", "Kabupaten Kotawaringin Timur"),
     ("Kotim", "6202", "Kabupaten Kotawaringin Timur"),
     ("Kota Palangka Raya", "6271", "Kota Palangka Raya"),
     ("Palangkaraya", "6271", "Kota Palangka Raya"),
     ("Pemkot Palangka Raya", "6271", "Kota Palangka Raya"),
     ("Pemkab Kotawaringin Barat", "6201", "Kabupaten Kotawaringin Barat"),
     ("Kabupaten Kapuas", "6203", "Kabupaten Kapuas"),
     ("Barsel", "6204", "Kabupaten Barito Selatan"),
     ("Bartim", "6212", "Kabupaten Barito Timur"),
     ("6201", "6201", "Kabupaten Kotawaringin Barat"),
     ("Toba Samosir", "1206", "Kabupaten Toba"),
     ("Kota Padangsidimpuan", "1277", "Kota Padang Sidempuan"),
     ("Kep. Siau Tagulandang Biaro", "7108", "Kabupaten Kepulauan Siau Tagulandang Biaro"),
     ("OKU Timur", "1609", "Kabupaten Ogan Komering Ulu Timur"),
     ("PALI", "1612", "Kabupaten Penukal Abab Lematang Ilir"),
     ("Kota Administrasi Jakarta Pusat", "3173", "Kota Administrasi Jakarta Pusat"),
     ("Kabupaten Pontianak", "6104", "Kabupaten Mempawah"),
     ("Pontianak", "6171", "Kota Pontianak"),
     ("Kota Baru", "6302", "Kabupaten Kotabaru"),
     ("Fak-Fak", "9101", "Kabupaten Fakfak"),
     ("Bau-Bau", "7472", "Kota Baubau")],
)  # fmt: skip
def test_regency_spellings(text, code, name):
    region = resolve(text)
    assert (region.code, region.name, region.level) == (code, name, "regency")


def test_regency_codes_differ_between_systems():
    # BPS numbers regencies in its own order (see README); e.g. Kalimantan Tengah:
    assert resolve("6206").name == "Kabupaten Sukamara"
    assert resolve("kemendagri:6206").name == "Kabupaten Katingan"
    assert resolve("62.06").name == "Kabupaten Katingan"  # dotted = Kemendagri notation
    assert resolve("Katingan").code == "6209"
    assert regions.kemendagri_to_bps("62.06") == "6209"
    assert regions.bps_to_kemendagri("6209") == "6206"
    assert resolve("1101").name == "Kabupaten Simeulue"
    assert resolve("kemendagri:1101").name == "Kabupaten Aceh Selatan"
    assert int((REGENCIES["bps_code"] != REGENCIES["kemendagri_code"]).sum()) == 199


def test_papua_regencies_verified_codes():
    expected = {
        "9501": "Kabupaten Merauke", "9504": "Kabupaten Asmat",
        "9601": "Kabupaten Mimika", "9604": "Kabupaten Nabire", "9608": "Kabupaten Puncak Jaya",
        "9701": "Kabupaten Nduga", "9702": "Kabupaten Jayawijaya",
        "9708": "Kabupaten Pegunungan Bintang",
        "9201": "Kabupaten Raja Ampat", "9202": "Kabupaten Sorong", "9271": "Kota Sorong",
        "9101": "Kabupaten Fakfak", "9403": "Kabupaten Jayapura", "9471": "Kota Jayapura",
    }  # fmt: skip
    for code, name in expected.items():
        assert regions.get(code).name == name
    assert resolve("Mimika").kemendagri_code == "9404"
    assert resolve("kemendagri:9301").code == "9501"
    assert resolve("9301").code == "9501"  # not a BPS code: Kemendagri fallback


def test_old_papua_bps_code_is_refused_with_explanation():
    with pytest.raises(RegionNotFoundError) as info:
        resolve("9412")
    assert "9601" in str(info.value) and "Mimika" in str(info.value)
    assert [r.code for r in info.value.suggestions] == ["9601"]
    assert resolve("kemendagri:9401").name == "Kabupaten Nabire"


def test_crosswalk():
    cross = regions.papua_crosswalk()
    row = cross.set_index("bps_code").loc["9601"]
    assert row["name"] == "Kabupaten Mimika"
    assert (row["old_bps_code"], row["old_kemendagri_code"]) == ("9412", "9109")
    assert (row["from_province_bps_code"], row["to_province_bps_code"]) == ("94", "96")
    assert (row["from_province_kemendagri_code"], row["to_province_kemendagri_code"]) == (
        "91",
        "94",
    )
    assert (cross["effective_year"] == "2022").all()
    moved = cross.groupby("to_province_bps_code").size().to_dict()
    assert moved == {"92": 6, "95": 4, "96": 8, "97": 8}
    for new, to in zip(cross["bps_code"], cross["to_province_bps_code"], strict=True):
        assert regions.get(new).province_code == to
    assert set(cross.loc[cross["to_province_bps_code"] == "92", "legal_basis"]) == {
        "UU 29/2022 tentang Pembentukan Provinsi Papua Barat Daya (diundangkan 8 Desember 2022)"
    }
    assert cross["old_bps_code"].is_unique and not set(cross["old_bps_code"]) & set(
        REGENCIES["bps_code"]
    )


# ------------------------------------------------------------------ errors
def test_bogor_is_ambiguous():
    with pytest.raises(AmbiguousRegionError) as info:
        resolve("Bogor")
    message = str(info.value)
    assert "3201 Kabupaten Bogor" in message and "3271 Kota Bogor" in message
    assert [r.code for r in info.value.candidates] == ["3201", "3271"]
    assert isinstance(info.value, ValueError)
    assert resolve("Kab. Bogor").code == "3201"
    assert resolve("Kota Bogor").code == "3271"


def test_unknown_region_lists_three_suggestions():
    with pytest.raises(RegionNotFoundError) as info:
        resolve("Atlantis")
    error = info.value
    assert isinstance(error, ValueError)
    assert "Atlantis" in str(error)
    assert len(error.suggestions) == 3
    for suggestion in error.suggestions:
        assert isinstance(suggestion, Region)
        assert f"{suggestion.code} {suggestion.name}" in str(error)


def test_typo_suggests_the_right_region_first():
    with pytest.raises(RegionNotFoundError) as info:
        resolve("Kalimantan Tngah")
    assert info.value.suggestions[0].code == "62"
    assert "62 Kalimantan Tengah" in str(info.value)
    with pytest.raises(RegionNotFoundError) as info:
        resolve("Kab. Kotawaringin Tmur")
    assert info.value.suggestions[0].code == "6202"


def test_level_restriction():
    assert resolve("Kalteng", level="province").code == "62"
    assert resolve("Kalteng", level="provinsi").code == "62"
    with pytest.raises(RegionNotFoundError) as info:
        resolve("62", level="regency")
    assert "provinsi" in str(info.value)
    with pytest.raises(RegionNotFoundError):
        resolve("Kobar", level="province")
    with pytest.raises(ValueError, match="level"):
        resolve("Kalteng", level="village")


def test_empty_and_none():
    for text in ("", "   ", None):
        with pytest.raises(RegionNotFoundError):
            resolve(text)


def test_conversion_errors():
    with pytest.raises(KeyError):
        regions.kemendagri_to_bps("97")
    with pytest.raises(KeyError):
        regions.bps_to_kemendagri("93")
    assert regions.kemendagri_to_bps("00") == "00"
    assert regions.bps_to_kemendagri("00") == "00"


# ------------------------------------------------------------------ data consistency
@pytest.mark.parametrize("row", list(ALIASES.itertuples(index=False)),
                         ids=list(ALIASES["alias"]))  # fmt: skip
def test_every_alias_resolves_to_its_own_code(row):
    shared = ALIASES[ALIASES["alias"] == row.alias]
    if len(shared) > 1:  # an alias two governments use ("Mura") stops with both candidates
        with pytest.raises(AmbiguousRegionError) as caught:
            resolve(row.alias)
        assert row.bps_code in str(caught.value)
        return
    assert resolve(row.alias).code == row.bps_code


def test_near_province_name_suggests_provinces_first():
    with pytest.raises(RegionNotFoundError) as caught:
        resolve("Kalimantan")
    names = [r.name for r in caught.value.suggestions]
    assert names[:5] == ["Kalimantan Barat", "Kalimantan Tengah", "Kalimantan Selatan",
                         "Kalimantan Timur", "Kalimantan Utara"]  # fmt: skip


def test_alias_table_is_clean():
    assert ALIASES["bps_code"].isin(set(PROVINCES["bps_code"]) | set(REGENCIES["bps_code"])).all()
    assert (ALIASES["alias"].str.strip() == ALIASES["alias"]).all()
    assert ALIASES["note"].ne("").all()
    assert {"Kalteng", "Kobar", "Kotim", "Bartim", "Barsel", "DIY", "PBD", "Toba Samosir",
            "Padangsidimpuan"} <= set(ALIASES["alias"])  # fmt: skip


def test_every_name_resolves_to_itself():
    for region in regions.provinces() + regions.regencies():
        assert resolve(region.name) == region
        assert resolve(region.code) == region
        assert resolve(f"kemendagri:{region.kemendagri_code}") == region
        assert regions.kemendagri_to_bps(region.kemendagri_code) == region.code


def test_resolving_reuses_one_index():
    # what keeps 1,000 look-ups fast: the reference CSVs are read and indexed once
    regions.clear_cache()
    items = [(r.name, r.code) for r in regions.regencies()]
    items += [(p.short_name, p.code) for p in regions.provinces()]
    for name, code in (items * 2)[:1000]:
        assert resolve(name).code == code
    assert regions._index.cache_info().misses == 1


def test_cache_can_be_cleared(tmp_path, monkeypatch):
    reference = tmp_path / "reference"
    shutil.copytree(reference_dir() / "regions", reference / "regions")
    monkeypatch.setenv("IPAK_REFERENCE_DIR", str(reference))
    csv = reference / "regions" / "provinces.csv"
    try:
        regions.clear_cache()
        assert regions.get("62").name == "Kalimantan Tengah"
        csv.write_text(csv.read_text("utf-8").replace(",Kalimantan Tengah,", ",Kalimantan Uji,"))
        assert regions.get("62").name == "Kalimantan Tengah"  # cached: the edit is not seen yet
        regions.clear_cache()
        assert regions.get("62").name == "Kalimantan Uji"
    finally:
        monkeypatch.undo()
        regions.clear_cache()
    assert regions.get("62").name == "Kalimantan Tengah"


# ------------------------------------------------------------------ command line
def _cli(*args):
    return subprocess.run([sys.executable, "-m", "helpers.cli.regions", *args],
                          capture_output=True, text=True, timeout=60)  # fmt: skip


def test_cli_found():
    result = _cli("Kalteng")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["62\tKalimantan Tengah\tprovince"]


def test_cli_notes_other_system():
    result = _cli("Papua Barat")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "91\tPapua Barat\tprovince"
    assert "Kemendagri: 92" in lines[1]


def test_cli_miss_exits_2_with_suggestions():
    result = _cli("Atlantis")
    assert result.returncode == EXIT_BAD_INPUT == 2
    assert result.stdout == ""
    assert "Atlantis" in result.stderr and "Mungkin maksud Anda" in result.stderr


def test_kemendagri_codes_match_the_shipped_boundary_codes():
    import json

    from helpers.core.paths import PROJECT_ROOT

    def codes(name: str) -> list[dict]:  # the shipped layer keeps the source's Kemendagri codes
        path = PROJECT_ROOT / "data" / "boundaries" / name
        return [f["properties"] for f in json.loads(path.read_text(encoding="utf-8"))["features"]]

    geo_reg = codes("regencies_generalised.geojson")
    geo_prov = codes("provinces_generalised.geojson")
    assert {f["kemendagri_code"] for f in geo_reg} == set(REGENCIES["kemendagri_code"])
    assert {f["kemendagri_code"] for f in geo_prov} == set(PROVINCES["kemendagri_code"])
    for feature in geo_reg:
        code = feature["kemendagri_code"]
        region = regions.get(regions.kemendagri_to_bps(code))
        assert regions.bps_to_kemendagri(region.province_code) == code[:2]
