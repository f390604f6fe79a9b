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
from matplotlib.transforms import Bbox  # noqa: E402
from shapely.geometry import Point, box  # noqa: E402

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
        ticks = [t.get_text() for ax in result.figure.axes for t in ax.get_yticklabels()]
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
    numbers, states = fig.axes
    ticks = [t.get_text() for t in numbers.get_yticklabels()]
    ranked = table[table["value"].notna()].sort_values("value")
    # matplotlib's y axis grows upwards: the best (highest) value is the last tick
    assert ticks[-1] == maps._region_label(ranked.iloc[-1]["region_code"], "", True)
    assert len(ticks) == table["value"].notna().sum()
    suppressed = table.loc[table["data_status"] == "suppressed", "region_code"].iloc[0]
    state_ticks = [t.get_text() for t in states.get_yticklabels()]
    assert maps._region_label(suppressed, "", True) in state_ticks
    texts = [t.get_text() for t in states.texts]
    assert "tidak dipublikasikan" in texts and "belum tersedia" in texts
    assert any(t.startswith("target 74") for t in (t.get_text() for t in numbers.texts))
    assert "garis target" in " ".join(t.get_text() for t in fig.texts)


def _grades_table() -> pd.DataFrame:
    """Ombudsman-like rows: scores for some, a published grade/zone only for others."""
    table = _table(KALTENG, 2023).assign(indicator_id="ombudsman")
    grades = {"6202": "A", "6203": "hijau", "6204": "C"}
    table = table.drop(columns=["status_key", "status_kind", "status_tone", "status_colour",
                                "status_label"], errors="ignore")  # fmt: skip
    for code, grade in grades.items():
        row = table["region_code"] == code
        table.loc[row, ["value", "category", "data_status"]] = [float("nan"), grade, "published"]
    return table.drop(columns=["target"]).assign(target=float("nan"))


def test_grade_only_rows_never_sit_on_the_number_axis(tmp_path):
    table = _grades_table()
    fig = maps.ranked_dot_plot(table, "ombudsman", 2023, highlight="6202")
    fig.savefig(tmp_path / "grades.png")
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    numbers = next(ax for ax in fig.axes if ax.get_gid() == "ranked-numbers")
    grades = next(ax for ax in fig.axes if ax.get_gid() == "ranked-no-number")
    data_area = numbers.get_window_extent(renderer)
    no_number = table[pd.to_numeric(table["value"], errors="coerce").isna()]
    grade_names = {maps._region_label(c, "", True) for c in ["6202", "6203", "6204"]}
    assert grade_names <= {t.get_text() for t in grades.get_yticklabels()}
    assert not grade_names & {t.get_text() for t in numbers.get_yticklabels()}
    # every artist of the no-number panel lies outside the number axis' data area
    for artist in [*grades.collections, *grades.texts]:
        box = artist.get_window_extent(renderer)
        assert not _overlap(box, data_area), artist
    # the number axis holds exactly the rows with a number
    points = sum(len(c.get_offsets()) for c in numbers.collections)
    assert points == len(table) - len(no_number)
    assert "A · zona hijau" in {t.get_text() for t in grades.texts}
    # no target drawn → the footer does not point to a target line
    assert "target" not in " ".join(t.get_text() for t in fig.texts)
    bold = [t.get_text() for t in grades.get_yticklabels() if t.get_fontweight() == "bold"]
    assert bold == [maps._region_label("6202", "", True)]  # the brief's own government


def test_dot_plot_holds_one_year():
    table = _table(KALTENG)
    table.loc[table["region_code"].isin(["6201", "6202"]), "year"] = 2022
    fig = maps.ranked_dot_plot(table, "spi", 2024, chart_year=2024)
    numbers = fig.axes[0]
    ticks = [t.get_text() for t in numbers.get_yticklabels()]
    older = [maps._region_label(c, "", True) + " (2022)" for c in ["6201", "6202"]]
    assert set(ticks[:2]) == set(older)  # the bottom rows, marked with their year
    assert not any("(2022)" in t for t in ticks[2:])  # ranked rows are all of 2024
    assert "2024" in numbers.get_title(loc="left")
    hollow = [c for c in numbers.collections if len(c.get_offsets()) == 2]
    assert hollow and (hollow[0].get_facecolor()[:, :3] == 1).all()  # white inside
    ys = {c: set(col.get_offsets()[:, 1]) for c, col in enumerate(numbers.collections)}
    older_y = max(max(v) for v in [set(h.get_offsets()[:, 1]) for h in hollow])
    ranked_y = min(min(v) for k, v in ys.items() if numbers.collections[k] not in hollow)
    assert older_y < ranked_y  # below the ranked rows, behind a divider
    assert any("tidak diurutkan" in t.get_text() for t in numbers.texts)


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


# ------------------------------------------------------------ measured map labels
# The largest provinces (Jatim 38 governments, Jateng 35, Sumut 33, Jabar 27), Papua,
# Banten (labels once printed over the legend) and Kalteng with Kobar highlighted.
LARGEST = [("35", None), ("33", None), ("12", None), ("32", "3273"), ("94", None),
           ("36", "3671"), (KALTENG, "6201")]  # fmt: skip


def _box(artist, renderer):
    """Window extent of a text, including its box (number markers, the highlighted name)."""
    extent = artist.get_window_extent(renderer)
    patch = artist.get_bbox_patch() if hasattr(artist, "get_bbox_patch") else None
    if patch is not None:
        extent = Bbox.union([extent, patch.get_window_extent(renderer)])
    return extent


def _overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


@pytest.mark.parametrize(("province_code", "highlight"), LARGEST)
def test_map_labels_never_overlap(province_code, highlight, regency_layer):
    table = _table(province_code)
    if highlight is None:  # as the brief passes it: the regencies only
        table = table[table["level"] == "regency"]
    result = maps.status_map(table, regency_layer, "spi", 2024, province_code=province_code,
                             figsize=(12.0, 5.0), highlight=highlight)  # fmt: skip
    fig = result.figure
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    assert result.overflow == []
    labels = [_box(label.text, renderer) for label in result.labels]
    key = [_box(text, renderer) for text in result.key]
    boxes = labels + key
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not _overlap(a, b), (a, b)
    ax = fig.axes[0]
    fixed = [t for t in fig.texts if t.get_text().strip() and t.get_rotation() == 0]
    fixed += [t for t in (ax.title, ax._left_title) if t.get_text().strip()]
    fixed_boxes = [t.get_window_extent(renderer) for t in fixed]
    fixed_boxes += [legend.get_window_extent(renderer) for legend in fig.legends]
    assert fig._suptitle in fixed and len(fig.legends) == 1
    for a in boxes:
        assert fig.bbox.x0 <= a.x0 and a.x1 <= fig.bbox.x1 and fig.bbox.y0 <= a.y0
        assert a.y1 <= fig.bbox.y1
        for b in fixed_boxes:
            assert not _overlap(a, b), (a, b)
    # every government is labelled once, by name or by number, inside its own polygon
    shapes = regency_layer.gdf.set_index("region_code").geometry
    members = {r.code for r in regions.regencies(province_code)}
    assert sorted(label.code for label in result.labels) == sorted(members & set(shapes.index))
    for label in result.labels:
        shape = shapes[label.code]
        assert shape.contains(Point(label.anchor)), label.code
        if label.leader is None:  # centred on its polygon
            assert shape.contains(Point(label.text.get_position())), label.code
        else:
            xs, ys = label.leader.get_data()
            assert (xs[0], ys[0]) == pytest.approx(label.anchor)
            end = ax.transData.transform((xs[-1], ys[-1]))
            assert _box(label.text, renderer).expanded(1.0, 1.0).padded(6).contains(*end)
    # numbers on the map are explained in the key, names are on the map
    numbered = [label for label in result.labels if label.kind == "number"]
    key_numbers = {t.get_text() for t in result.key[::2]}
    assert {str(label.number) for label in numbered} == key_numbers
    if highlight is not None:
        own = [label for label in result.labels if label.code == highlight]
        assert len(own) == 1 and own[0].kind == "label"
        assert own[0].text.get_zorder() > max(line.get_zorder() for line in ax.collections)
        assert maps.short_name(regions.get(highlight).name) in own[0].text.get_text()
