import math

import pandas as pd
import pytest
import yaml

from conftest import ROOT
from helpers.brief.render import tables
from helpers.model import ipak

# Weights are configuration (data/reference/ipak_weights.yaml): read them, never restate them.
WEIGHTS = ipak.load_weights()
W_PERSEPSI = WEIGHTS.for_year(2024).persepsi
W_PENGALAMAN = WEIGHTS.for_year(2024).pengalaman
W_PUBLIK, W_LAINNYA = WEIGHTS.pengalaman_publik, WEIGHTS.pengalaman_lainnya

# Published national IPAK / Persepsi / Pengalaman (BPS releases; a frozen copy of the compiled
# reference table is tests/fixtures/reference_ipak_national.csv).
PUBLISHED = {
    2015: (3.59, 3.73, 3.39),
    2017: (3.71, 3.81, 3.60),
    2018: (3.66, 3.86, 3.57),
    2019: (3.70, 3.80, 3.65),
    2020: (3.84, 3.68, 3.91),
    2021: (3.88, 3.83, 3.90),
    2022: (3.93, 3.80, 3.99),
    2023: (3.92, 3.82, 3.96),
    2024: (3.85, 3.76, 3.89),
}
# Sub-dimensions 2023 → 2024 (bloombergtechnoz on the 2024 release; METHODS.md §1.2).
SUB = {
    2023: dict(
        persepsi_keluarga=4.09,
        persepsi_komunitas=4.07,
        persepsi_publik=3.62,
        pengalaman_publik=4.18,
        pengalaman_lainnya=3.29,
    ),
    2024: dict(
        persepsi_keluarga=3.96,
        persepsi_komunitas=4.02,
        persepsi_publik=3.50,
        pengalaman_publik=4.14,
        pengalaman_lainnya=3.12,
    ),
}
SHARED_CSV = (
    ROOT / "tests" / "fixtures" / "reference_ipak_national.csv"
)  # frozen copy of the reference table


def values(year):
    ipak_value, persepsi, pengalaman = PUBLISHED[year]
    out = dict(ipak=ipak_value, persepsi=persepsi, pengalaman=pengalaman)
    out.update(SUB.get(year, {}))
    return out


def published_table():
    return pd.DataFrame(
        [(y, *v) for y, v in PUBLISHED.items()], columns=["year", "ipak", "persepsi", "pengalaman"]
    )


def test_weights_have_origin_and_are_not_official():
    w = ipak.load_weights()
    raw = yaml.safe_load((ROOT / "data" / "reference" / "ipak_weights.yaml").read_text("utf-8"))
    periods = {item["id"]: item for item in raw["dimension_periods"]}
    assert "not official" in w.origin
    assert w.for_year(2024).persepsi == periods["from_2018"]["persepsi"]
    assert w.for_year(2018).pengalaman == periods["from_2018"]["pengalaman"]
    assert w.for_year(2017).persepsi == periods["before_2018"]["persepsi"]
    pre = w.for_year(2017)
    assert pre is w.for_year(2015)
    # documented value inside both feasible ranges
    for year in (2015, 2017):
        low, high = pre.feasible_persepsi[year]
        assert low <= pre.persepsi <= high
    split = raw["pengalaman_split"]
    assert (w.pengalaman_publik, w.pengalaman_lainnya) == (split["publik"], split["lainnya"])
    assert w.persepsi_is_assumption
    with pytest.raises(ValueError, match="2014"):
        w.for_year(2014)


@pytest.mark.parametrize("year", range(2018, 2025))
def test_2018_2024_reproduced_within_001(year):
    ipak_value, persepsi, pengalaman = PUBLISHED[year]
    composed = float(ipak.compose_ipak(persepsi, pengalaman, year=year))
    assert abs(composed - ipak_value) <= 0.01 + 1e-12


def test_reproduction_against_shared_reference_csv():
    table = pd.read_csv(SHARED_CSV).rename(
        columns={"indeks_persepsi": "persepsi", "indeks_pengalaman": "pengalaman"}
    )
    result = ipak.reproduce_published(table)
    assert set(result["year"]) == {2015, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024}
    assert result["within_tolerance"].all(), result


def test_2015_2017_need_the_pre_2018_weights():
    table = published_table()
    modern = ipak.reproduce_published(table[table.year.isin([2015, 2017])], period="from_2018")
    assert not modern["within_tolerance"].any()
    assert (modern["diff"].abs() > 0.04).all()  # the 2018+ weights miss by ~0.05–0.10
    own = ipak.reproduce_published(table[table.year.isin([2015, 2017])])
    assert own["within_tolerance"].all()
    assert set(own["period"]) == {"before_2018"}
    # and the pre-2018 set does not fit the modern years
    old = ipak.reproduce_published(table[table.year >= 2018], period="before_2018")
    assert not old["within_tolerance"].all()


def test_pengalaman_split_reproduces_2023_2024():
    for year in (2023, 2024):
        composed = float(
            ipak.compose_pengalaman(SUB[year]["pengalaman_publik"], SUB[year]["pengalaman_lainnya"])
        )
        assert abs(composed - PUBLISHED[year][2]) <= 0.01


def test_equal_weight_persepsi_is_an_assumption_and_does_not_reproduce():
    s = SUB[2024]
    composed = float(
        ipak.compose_persepsi(s["persepsi_keluarga"], s["persepsi_komunitas"], s["persepsi_publik"])
    )
    split = WEIGHTS.persepsi_split
    assert WEIGHTS.persepsi_is_assumption
    assert composed == pytest.approx(sum(split[k] * s[f"persepsi_{k}"] for k in split))
    assert abs(composed - 3.76) > 0.05


def test_decompose_change_2023_2024_sums_exactly():
    frame = ipak.decompose_change(values(2023), values(2024), 2023, 2024, level="dimension")
    parts = frame[frame.component != "total"]
    total = frame.loc[frame.component == "total", "contribution"].item()
    assert total == pytest.approx(-0.07)
    assert math.isclose(math.fsum(parts.contribution), total, abs_tol=1e-12)
    got = parts.set_index("component")["contribution"]
    assert got["persepsi"] == pytest.approx(W_PERSEPSI * (3.76 - 3.82))
    assert got["pengalaman"] == pytest.approx(W_PENGALAMAN * (3.89 - 3.96))
    # the composed change differs from the published −0.07 by the rounding residual
    composed = W_PERSEPSI * (3.76 - 3.82) + W_PENGALAMAN * (3.89 - 3.96)
    assert got["rounding_residual"] == pytest.approx(-0.07 - composed, abs=1e-9)
    assert abs(got["rounding_residual"]) <= 0.01
    assert "label" not in frame  # keys and numbers; the words are the renderer's
    assert tables.decomposition_labels(frame, "id").label.iloc[0] == "Persepsi"
    assert tables.decomposition_labels(frame, "en").label.iloc[0] == "Perception"


def test_decompose_change_subdimensions():
    frame = ipak.decompose_change(
        values(2023), values(2024), 2023, 2024, level="subdimension", split_persepsi=True
    )
    got = frame.set_index("component")["contribution"]
    w_keluarga = WEIGHTS.persepsi_split["keluarga"]
    assert got["pengalaman_publik"] == pytest.approx(W_PENGALAMAN * W_PUBLIK * (4.14 - 4.18))
    assert got["pengalaman_lainnya"] == pytest.approx(W_PENGALAMAN * W_LAINNYA * (3.12 - 3.29))
    assert got["persepsi_keluarga"] == pytest.approx(W_PERSEPSI * w_keluarga * (3.96 - 4.09))
    parts = frame[frame.component != "total"]
    assert math.isclose(math.fsum(parts.contribution), got["total"], abs_tol=1e-12)
    assert "persepsi_unexplained" in got.index


def test_decompose_change_across_weight_break():
    frame = ipak.decompose_change(values(2017), values(2018), 2017, 2018)
    got = frame.set_index("component")["contribution"]
    assert "weight_change" in got.index
    w0, w1 = WEIGHTS.for_year(2017).persepsi, WEIGHTS.for_year(2018).persepsi
    composed_change = (w1 * 3.86 + (1 - w1) * 3.57) - (w0 * 3.81 + (1 - w0) * 3.60)
    explained = got["persepsi"] + got["pengalaman"] + got["weight_change"]
    assert explained == pytest.approx(composed_change, abs=1e-12)
    assert math.isclose(math.fsum(got.drop("total")), 3.66 - 3.71, abs_tol=1e-12)


def test_decompose_gap_to_target_2024():
    frame = ipak.decompose_gap(values(2024), target=4.14, year=2024, level="subdimension")
    got = frame.set_index("component")["contribution"]
    assert got["total"] == pytest.approx(0.29)
    assert got["persepsi"] == pytest.approx(W_PERSEPSI * (4.14 - 3.76))
    assert got["pengalaman_publik"] == pytest.approx(W_PENGALAMAN * W_PUBLIK * (4.14 - 4.14))
    assert got["pengalaman_lainnya"] == pytest.approx(W_PENGALAMAN * W_LAINNYA * (4.14 - 3.12))
    assert math.isclose(math.fsum(got.drop("total")), got["total"], abs_tol=1e-12)


def test_missing_value_is_reported():
    v = values(2024)
    del v["pengalaman"]
    with pytest.raises(KeyError, match="pengalaman"):
        ipak.decompose_gap(v, target=4.14, year=2024)


def test_national_table_from_processed_layout():
    rows = []
    for year, (i, p, e) in PUBLISHED.items():
        rows += [
            ("ipak", "00", year, i, "published"),
            ("ipak_persepsi", "00", year, p, "published"),
            ("ipak_pengalaman", "00", year, e, "published"),
        ]
    for year, sub in SUB.items():
        rows += [(f"ipak_{k}", "00", year, v, "published") for k, v in sub.items()]
    rows.append(("ipak", "62", 2022, 3.96, "published"))  # not national: ignored
    values = pd.DataFrame(rows, columns=["indicator_id", "region_code", "year", "value", "status"])
    table = ipak.national_table(values)
    assert list(table.year) == sorted(PUBLISHED)
    got = ipak.values_for(table, 2024)
    assert got["ipak"] == 3.85 and got["pengalaman_lainnya"] == 3.12
    assert "pengalaman_publik" not in ipak.values_for(table, 2018)
    frame = ipak.decompose_change(
        ipak.values_for(table, 2023), got, 2023, 2024, level="subdimension"
    )
    assert frame.set_index("component").loc["total", "contribution"] == pytest.approx(-0.07)
    with pytest.raises(KeyError):
        ipak.values_for(table, 2016)
