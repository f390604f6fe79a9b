"""Maps and ranked dot plots: render with and without boundaries, fixed legends, unmatched names."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import geopandas as gpd  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from shapely.geometry import box  # noqa: E402

from helpers.brief import maps
from helpers.data import boundaries
from helpers.gaps import (
    metrics,
    thresholds,  # noqa: E402
)
from helpers.reference import regions
from helpers.reference.texts import t as reader_text

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "data" / "boundaries"  # the generalised layer shipped with the project
KALTENG = "62"
PAPUA_PEGUNUNGAN = regions.resolve("Papua Pegunungan", level="province").code  # BPS 97


def legend_signature(fig) -> list[tuple[str, tuple, str]]:
    """``[(label, facecolour RGBA, hatch), …]`` of the figure's status legend."""
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend() is not None)]
    for legend in legends:
        return [
            (
                text.get_text(),
                tuple(round(c, 4) for c in handle.get_facecolor()),
                handle.get_hatch() or "",
            )
            for text, handle in zip(legend.get_texts(), legend.legend_handles, strict=True)
        ]
    return []


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _table(province_code: str, year: int = 2024) -> pd.DataFrame:
    """A gap table for a province and its regencies with every state represented."""
    codes = [province_code] + [r.code for r in regions.regencies(province_code)]
    scores = [
        60.0,
        75.5,
        80.2,
        None,
        None,
        0.0,
        73.0,
        72.95,
        66.0,
        79.0,
        70.0,
        74.4,
        68.8,
        77.0,
        71.0,
    ]
    rows = []
    for i, code in enumerate(codes):
        value = scores[i % len(scores)]
        status = "suppressed" if i == 3 else ("missing" if i == 4 else "published")
        rows.append(
            {
                "indicator_id": "spi",
                "region_code": code,
                "region_name": regions.get(code).name,
                "level": "province" if len(code) == 2 else "regency",
                "year": year,
                "value": value,
                "unit": "score_0_100",
                "status": status,
                "category": "",
                "source": "test",
                "note": "",
                "is_synthetic": False,
            }
        )
    targets = pd.DataFrame(
        [
            {
                "indicator_id": "spi",
                "region_code": "00",
                "level": "national",
                "year": year,
                "target": 74.0,
                "target_kind": "KPK",
                "source": "test",
                "note": "",
            }
        ]
    )
    return metrics.gap_table(pd.DataFrame(rows), targets, "spi", codes, year)


@pytest.fixture(scope="module")
def regency_layer():
    return boundaries.read_boundaries("regency", SHIPPED / "regencies_generalised.geojson")


def _hatches(fig) -> set[str]:
    return {c.get_hatch() for ax in fig.axes for c in ax.collections if c.get_hatch()}


@pytest.mark.parametrize("province_code", [KALTENG, PAPUA_PEGUNUNGAN])
def test_province_map_renders_with_shipped_boundaries(province_code, regency_layer, tmp_path):
    table = _table(province_code)
    result = maps.status_map(
        table, regency_layer, "spi", 2024, level="regency", province_code=province_code
    )
    out = tmp_path / f"map_{province_code}.png"
    result.figure.savefig(out)
    assert result.kind == "map" and result.message == "" and result.unmatched == []
    assert out.stat().st_size > 30_000
    assert result.no_geometry == []
    # suppressed (cross-hatched) and missing (diagonal hatch) polygons are drawn as such
    assert {"xx", "///"} <= _hatches(result.figure)
    labels = [t.get_text() for t in result.figure.axes[0].texts]
    first_regency = regions.regencies(province_code)[0]
    assert any(maps.short_name(first_regency.name) in text for text in labels)


def test_legends_identical_for_two_provinces(regency_layer):
    kalteng = maps.status_map(_table(KALTENG), regency_layer, "spi", 2024, province_code=KALTENG)
    papua = maps.status_map(
        _table(PAPUA_PEGUNUNGAN), regency_layer, "spi", 2024, province_code=PAPUA_PEGUNUNGAN
    )
    signature = legend_signature(kalteng.figure)
    assert signature == legend_signature(papua.figure)
    assert [label for label, _colour, _hatch in signature] == [
        "hijau · terjaga",
        "kuning · waspada",
        "merah · rentan",
        "tidak dipublikasikan",
        "belum tersedia",
    ]
    assert signature[0][1] == pytest.approx(matplotlib.colors.to_rgba("#009E73"), abs=1e-3)
    assert signature[3][2] == "xx" and signature[4][2] == "///"
    # A province with no data at all still gets the full legend.
    empty = _table(KALTENG).assign(
        value=float("nan"),
        data_status="missing",
        status_kind="missing",
        status_colour="#FFFFFF",
        status_key="missing",
        status_tone="missing",
    )
    blank = maps.status_map(empty, regency_layer, "spi", 2024, province_code=KALTENG)
    assert legend_signature(blank.figure) == signature


def test_indonesia_map_by_province(tmp_path):
    layer = boundaries.read_boundaries("province", SHIPPED / "provinces_generalised.geojson")
    codes = [r.code for r in regions.provinces()]
    values = pd.DataFrame(
        {
            "indicator_id": "spi",
            "region_code": codes,
            "region_name": codes,
            "year": 2024,
            "value": [60.0 + (i % 25) for i in range(len(codes))],
            "status": "published",
            "category": "",
        }
    )
    table = metrics.gap_table(
        values,
        pd.DataFrame(columns=["indicator_id", "region_code", "year", "target"]),
        "spi",
        codes,
        2024,
    )
    result = maps.status_map(
        table, layer, "spi", 2024, level="province", lang="en", label_codes=[KALTENG]
    )
    result.figure.savefig(tmp_path / "indonesia.png")
    assert result.kind == "map" and result.no_geometry == []
    assert [label for label, *_ in legend_signature(result.figure)][-2:] == [
        reader_text("suppressed", "en"),
        reader_text("not_available", "en"),
    ]
    assert len(result.figure.axes[0].texts) == 1  # only the highlighted province is labelled


def test_no_boundary_file_gives_dot_plot_and_instructions(tmp_path):
    for code in (KALTENG, PAPUA_PEGUNUNGAN):
        result = maps.status_map(_table(code), None, "spi", 2024, province_code=code)
        result.figure.savefig(tmp_path / f"dots_{code}.png")
        assert result.kind == "dot_plot"
        assert "data/boundaries" in result.message and "IPAK_BOUNDARIES" in result.message
        ax = result.figure.axes[0]
        ticks = [t.get_text() for t in ax.get_yticklabels()]
        assert len(ticks) == 1 + len(regions.regencies(code))
        assert not any(t.strip()[:1].isdigit() for t in ticks)  # no rank numbers
        notes = " ".join(t.get_text() for t in result.figure.texts)
        assert "2–3" in notes
        assert (tmp_path / f"dots_{code}.png").stat().st_size > 20_000
    # same legend for both provinces in the fallback too
    a = maps.status_map(_table(KALTENG), None, "spi", 2024, province_code=KALTENG)
    b = maps.status_map(_table(PAPUA_PEGUNUNGAN), None, "spi", 2024, province_code=PAPUA_PEGUNUNGAN)
    assert legend_signature(a.figure) == legend_signature(b.figure) != []


def test_dot_plot_orders_by_value_and_lists_states_last():
    table = _table(KALTENG)
    fig = maps.ranked_dot_plot(table, "spi", 2024)
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ranked = table[table["value"].notna()].sort_values("value")
    # matplotlib's y axis grows upwards: the best (highest) value is the last tick
    assert ticks[-1] == maps._region_label(ranked.iloc[-1]["region_code"], "", True)
    suppressed = table.loc[table["data_status"] == "suppressed", "region_code"].iloc[0]
    assert maps._region_label(suppressed, "", True) in ticks[:2]
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "tidak dipublikasikan" in texts and "belum tersedia" in texts
    assert any(t.startswith("target 74") for t in texts)


def test_dot_plot_draws_intervals_when_the_measure_has_one():
    table = _table(KALTENG)
    table["value_low"] = table["value"] - 1.5
    table["value_high"] = table["value"] + 1.5
    fig = maps.ranked_dot_plot(table, "spi", 2024, lang="en")
    lines = [c for c in fig.axes[0].collections if isinstance(c, LineCollection)]
    assert len(lines) == 1 and len(lines[0].get_segments()) == table["value"].notna().sum()
    assert "confidence interval" in " ".join(t.get_text() for t in fig.texts)


def test_unmatched_feature_name_is_reported(tmp_path):
    kobar, sukamara = regions.resolve("Kobar"), regions.resolve("Sukamara")
    frame = gpd.GeoDataFrame(
        {
            "regency_code": [kobar.kemendagri_code, sukamara.kemendagri_code, None],
            "regency_name": ["Kotawaringin Barat", "Sukamara", "Kabupaten Negeri Dongeng"],
        },
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1)],
        crs="EPSG:4326",
    )
    path = tmp_path / "regencies.geojson"
    frame.to_file(path, driver="GeoJSON")
    layer = boundaries.read_boundaries("regency", path)
    assert layer.unmatched == ["Kabupaten Negeri Dongeng"]
    result = maps.status_map(_table(KALTENG), layer, "spi", 2024, province_code=KALTENG)
    assert result.unmatched == ["Kabupaten Negeri Dongeng"]
    assert "Kabupaten Negeri Dongeng" in result.message
    # regencies with data but no feature in this tiny file are listed, not silently dropped
    assert kobar.code not in result.no_geometry and len(result.no_geometry) == 12


def test_no_official_band_falls_back_to_dot_plot():
    table = _table(KALTENG).assign(indicator_id="ombudsman")
    result = maps.status_map(table, None, "ombudsman", 2025, province_code=KALTENG)
    assert result.kind == "dot_plot"
    assert thresholds.scheme_for("ombudsman", 2025) is None


def test_short_names_for_labels():
    assert maps.short_name("KABUPATEN KOTAWARINGIN BARAT") == "Kotawaringin Barat"
    assert maps.short_name("Kota Palangka Raya") == "Kota Palangka Raya"
    assert maps.short_name("Kab. Kapuas") == "Kapuas"


# ------------------------------------------------------------------- notebook
NOTEBOOK = ROOT / "notebooks" / "gaps_vs_targets.ipynb"


def test_notebook_is_thin_parameterised_and_cleared():
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "ipak-brief"
    parameters = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1
    assert 'province = "62"' in parameters[0].source and "year = 2024" in parameters[0].source
    assert 'lang = "id"' in parameters[0].source
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


# The papermill run of this notebook is in tests/e2e/test_gaps_notebook.py.
