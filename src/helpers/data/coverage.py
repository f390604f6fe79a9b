"""How many governments have a figure, per indicator, level and year (``make data``).

Governments are the 38 provincial governments (Pemprov) and the 514 kab/kota of
``data/reference/regions`` (552 briefs). A government counts for an indicator and year when
its processed row is ``published`` with a value or a grade/zone; ``interim`` readings (a
live-dashboard reading before the publisher closed the year) are counted apart, and so are
zones a source states for a whole province (``is_province_statement``, included in
``n_published``). The table goes into ``manifest.json`` (``coverage``), is printed by
``python -m helpers.cli.build`` and gives the README's "What exists" table
(:func:`markdown_table`).
"""

from __future__ import annotations

import pandas as pd

from helpers.reference import regions

LEVELS = ("province", "regency")
COLUMNS = [
    "indicator_id", "level", "year", "n_published", "n_province_statement", "n_interim",
    "n_governments",
]  # fmt: skip
HEADLINE = ("spi", "mcp", "ombudsman", "ombudsman_maladministrasi")


def governments() -> dict[str, set[str]]:
    """Return the BPS codes of the governments per level: 38 provinces, 514 kab/kota."""
    return {
        "province": {r.code for r in regions.provinces()},
        "regency": {r.code for r in regions.regencies()},
    }


def _has_figure(frame: pd.DataFrame) -> pd.Series:
    category = frame["category"].fillna("").astype(str).str.strip() != ""
    return frame["value"].notna() | category


def coverage_table(values: pd.DataFrame) -> pd.DataFrame:
    """Return governments with a figure per indicator × level × year (see module docstring).

    Unit scores (rows with a ``unit_name``) are counted per pemda having at least one unit.
    A ``year`` of ``"any"`` row per indicator and level counts governments with a figure in
    some year.
    """
    govs = governments()
    frame = values[values["level"].isin(LEVELS)].copy()
    frame = frame[
        [code in govs[level] for code, level in zip(frame.region_code, frame.level, strict=True)]
    ]
    frame = frame[_has_figure(frame)]
    statement = (
        frame["is_province_statement"].astype(bool)
        if "is_province_statement" in frame
        else pd.Series(False, index=frame.index)
    )
    frame = frame.assign(
        _published=frame["status"] == "published",
        _statement=(frame["status"] == "published") & statement,
        _interim=frame["status"] == "interim",
        year=frame["year"].astype(int).astype(str),
    )
    rows = []
    for (indicator_id, level), group in frame.groupby(["indicator_id", "level"], sort=True):
        for year, part in [*group.groupby("year", sort=True), ("any", group)]:
            published = set(part.loc[part._published, "region_code"])
            named = set(part.loc[part._published & ~part._statement, "region_code"])
            interim = set(part.loc[part._interim, "region_code"]) - published
            rows.append(
                {
                    "indicator_id": indicator_id,
                    "level": level,
                    "year": year,
                    "n_published": len(published),
                    "n_province_statement": len(published - named),
                    "n_interim": len(interim),
                    "n_governments": len(govs[level]),
                }
            )
    return pd.DataFrame(rows, columns=COLUMNS)


def coverage_records(values: pd.DataFrame) -> list[dict]:
    """Return :func:`coverage_table` as JSON-ready records (for ``manifest.json``)."""
    return [
        {key: (int(v) if key.startswith("n_") else v) for key, v in record.items()}
        for record in coverage_table(values).to_dict("records")
    ]


def _cell(record: dict) -> str:
    text = str(record["n_published"])
    if record["n_interim"]:
        text += f"+{record['n_interim']}i"
    return text


def _grid(records: list[dict], indicators=None) -> tuple[list[str], list[tuple[str, str, dict]]]:
    table = pd.DataFrame(records, columns=COLUMNS)
    if indicators is not None:
        table = table[table["indicator_id"].isin(indicators)]
    years = sorted(y for y in table["year"].unique() if y != "any")
    years = [*years, "any"]
    grid = []
    for indicator_id, by_indicator in table.groupby("indicator_id", sort=False):
        total: dict[str, dict] = {}
        for level, group in by_indicator.groupby("level", sort=False):
            by_year = {r["year"]: r for r in group.to_dict("records")}
            grid.append((indicator_id, level, by_year))
            for year, record in by_year.items():  # levels are disjoint sets of governments
                into = total.setdefault(year, {key: 0 for key in COLUMNS if key.startswith("n_")})
                for key in into:
                    into[key] += record[key]
        for year in total:
            total[year]["n_governments"] = sum(len(codes) for codes in governments().values())
        grid.append((indicator_id, "all", total))
    order = {key: i for i, key in enumerate(HEADLINE)}
    levels = (*LEVELS, "all")
    grid.sort(key=lambda g: (order.get(g[0], len(order)), g[0], levels.index(g[1])))
    return years, grid


def text_table(records: list[dict], indicators=None) -> str:
    """Return the compact console table: one line per indicator/level, one column per year.

    A cell is the number of governments with a published figure; ``+Ni`` adds those with only
    an interim reading. ``n`` is the number of governments at that level.
    """
    years, grid = _grid(records, indicators)
    label_width = max([len(f"{i}/{lvl}") for i, lvl, _ in grid] + [len("indicator/level")])
    head = f"{'indicator/level':<{label_width}}  {'n':>3}  " + "  ".join(f"{y:>7}" for y in years)
    lines = [head]
    for indicator_id, level, by_year in grid:
        any_row = next(iter(by_year.values()))
        cells = "  ".join(f"{(_cell(by_year[y]) if y in by_year else '·'):>7}" for y in years)
        label = f"{indicator_id}/{level}"
        lines.append(f"{label:<{label_width}}  {any_row['n_governments']:>3}  {cells}")
    return "\n".join(lines)


def markdown_table(records: list[dict], indicators=None) -> str:
    """Return the README's "What exists" table in Markdown (same cells as :func:`text_table`)."""
    years, grid = _grid(records, indicators)
    level_names = {"province": "Pemprov", "regency": "kab/kota", "all": "all"}
    lines = [
        "| indicator | governments | " + " | ".join(years[:-1]) + " | any year |",
        "|---|---|" + "---:|" * len(years),
    ]
    for indicator_id, level, by_year in grid:
        n = next(iter(by_year.values()))["n_governments"]
        cells = " | ".join(_cell(by_year[y]) if y in by_year else "·" for y in years)
        lines.append(f"| `{indicator_id}` | {level_names[level]} ({n}) | {cells} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the coverage of ``data/processed/manifest.json`` (``--markdown`` for the README)."""
    import argparse
    import json

    from helpers.core.paths import processed_dir

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--markdown", action="store_true", help="the README's Markdown table")
    parser.add_argument("--all-indicators", action="store_true", help="every indicator")
    args = parser.parse_args(argv)
    records = json.loads((processed_dir() / "manifest.json").read_text())["coverage"]
    indicators = None if args.all_indicators else HEADLINE
    print(markdown_table(records, indicators) if args.markdown else text_table(records, indicators))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
