"""One processed figure per key from every published variant of it (source tiers).

``data/raw`` keeps every row a source gives, with its source; several rows may share a key
(indicator, region, year[, sector, unit_name]) when several pages print the figure. The build
resolves each key to one row, deterministically (docs/METHODS.md, "Source tiers"):

1. **Tier** of a row (``source_tier``): 1 the publisher's own page, 2 a report or press page
   quoting the publisher (everything else), 3 a third-party copy of the publisher's dashboard
   (``copies`` in ``data/reference/source_hosts.yaml``). A row citing several URLs takes its
   best tier.
2. **Strength**: a named published value > a named published grade/zone without a score > a
   zone the source states for a whole province > an interim reading > suppressed > missing.
   The strongest row, best tier first, then file order, is the *anchor*.
3. **Agreement** with the anchor: two values agree when they are equal to the precision of the
   less precise (``78.5`` and ``78.48``), or differ by exactly 0.01 where one row is a tier-3
   copy (the copy truncates where KPK's texts round). Two grade/zone texts agree when they name
   the same zone (``B`` and ``hijau``). A weaker row of another kind (a zone beside a score, an
   interim reading beside a final one) is superseded, neither agreeing nor conflicting.
4. The figure shown is, among the anchor and the rows agreeing with it, the best-tier one
   written with two decimals (the copy's when the others print fewer), else the anchor's;
   ``source`` lists the URLs of every agreeing row, best tier first. Values that do not agree go
   to ``conflict_values`` ("78.47 (https://...)") and set ``has_conflict``.

Rows that disagree while citing a common URL cannot both be right about that page: they are
an input error naming both rows (an analyst's accidental duplicate), as are identical keys of
Template 3 (checked elsewhere).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from helpers.core.errors import Issue
from helpers.data.sources import source_tier, split_sources
from helpers.reference.catalogue import catalogue

_ZONE_OF_GRADE = {"a": "hijau", "b": "hijau", "c": "kuning", "d": "merah", "e": "merah"}
_TRUNCATION = Decimal("0.01")


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _has_value(row) -> bool:
    value = row["value"]
    return value is not None and value == value


def strength(row) -> int:
    """Rank of a row's kind, strongest first (see the module docstring)."""
    status = row["status"]
    if status == "missing":
        return 5
    if status == "suppressed":
        return 4
    if status == "interim":
        return 3
    if bool(row.get("is_province_statement", False)):
        return 2
    return 0 if _has_value(row) else 1


def _quantise(value: float, decimals: int) -> Decimal:
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)


def values_agree(a: float, a_dec: int, b: float, b_dec: int, copy_involved: bool) -> bool:
    """True when two printed values are one figure (precision of the less precise, truncation)."""
    places = min(int(a_dec), int(b_dec))
    if _quantise(a, places) == _quantise(b, places):
        return True
    if copy_involved:
        difference = abs(Decimal(repr(float(a))) - Decimal(repr(float(b))))
        return difference == _TRUNCATION
    return False


def _zone(category: str) -> str:
    words = re.split(r"[\s/(,;·\-]+", category.strip().lower())
    first = words[0] if words else ""
    return _ZONE_OF_GRADE.get(first, first)


def _agree(anchor, row) -> bool | None:
    """True/False when ``row`` is comparable with ``anchor``; None when it is superseded."""
    anchor_kind, row_kind = strength(anchor), strength(row)
    if max(anchor_kind, row_kind) >= 4:
        return None  # suppressed / missing beside a figure
    if 3 in (anchor_kind, row_kind) and anchor_kind != row_kind:
        return None  # an interim reading beside a final figure
    if _has_value(anchor) != _has_value(row):
        return None  # a grade/zone beside a score
    if _has_value(anchor):
        copy = 3 in (int(anchor["source_tier"]), int(row["source_tier"]))
        return values_agree(
            anchor["value"], anchor["decimals"], row["value"], row["decimals"], copy
        )
    anchor_category, row_category = _text(anchor["category"]), _text(row["category"])
    if not anchor_category or not row_category:
        return anchor_category == row_category
    return _zone(anchor_category) == _zone(row_category)


def _format(row) -> str:
    if _has_value(row):
        decimals = row["decimals"]
        return f"{row['value']:.{int(decimals)}f}" if decimals == decimals else f"{row['value']:g}"
    return _text(row["category"]) or row["status"]


def _join_sources(rows: list) -> str:
    seen: list[str] = []
    for row in sorted(rows, key=lambda r: (int(r["source_tier"]), r["_order"])):
        for part in split_sources(row["source"]):
            if part not in seen:
                seen.append(part)
    return " ; ".join(seen)


def _place(row) -> str:
    return f"{row['source_file']} baris {int(row['source_row'])}"


def add_tiers(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with ``source_tier`` from each row's best URL (publisher-aware)."""
    publishers = {key: entry.publisher for key, entry in catalogue().items()}
    cache: dict[tuple[str, str], int] = {}

    def tier(source: str, indicator: str) -> int:
        key = (source, indicator)
        if key not in cache:
            cache[key] = source_tier(source, publishers.get(indicator))
        return cache[key]

    frame = frame.copy()
    frame["source_tier"] = [
        tier(s, i) for s, i in zip(frame["source"], frame["indicator_id"], strict=True)
    ]
    return frame


def resolve(frame: pd.DataFrame, key: list[str]) -> tuple[pd.DataFrame, list[Issue]]:
    """Resolve every key of ``frame`` (validated rows with ``decimals``) to one row."""
    frame = add_tiers(frame).reset_index(drop=True)
    frame["_order"] = range(len(frame))
    frame["conflict_values"] = ""
    frame["has_conflict"] = False
    repeated = frame.duplicated(key, keep=False)
    single = frame[~repeated]
    issues: list[Issue] = []
    resolved = []
    for _, group in frame[repeated].groupby(key, sort=False):
        rows = [row for _, row in group.iterrows()]
        rows.sort(key=lambda r: (strength(r), int(r["source_tier"]), r["_order"]))
        anchor = rows[0]
        agreeing, conflicting = [anchor], []
        for row in rows[1:]:
            verdict = _agree(anchor, row)
            if verdict is True:
                agreeing.append(row)
            elif verdict is False:
                conflicting.append(row)
        issues += _shared_source_issues(rows, anchor)
        shown = next(
            (r for r in agreeing if _has_value(r) and r["decimals"] == r["decimals"]
             and int(r["decimals"]) >= 2),
            anchor,
        )  # fmt: skip
        out = shown.copy()
        out["source"] = _join_sources(agreeing)
        out["source_tier"] = min(int(r["source_tier"]) for r in agreeing)
        if not _text(out["category"]):
            out["category"] = next((r["category"] for r in agreeing if _text(r["category"])), "")
        out["note"] = anchor["note"]
        out["is_province_statement"] = bool(anchor["is_province_statement"])
        variants: list[str] = []
        for row in conflicting:
            text = f"{_format(row)} ({row['source']})"
            if text not in variants:
                variants.append(text)
        out["conflict_values"] = " ; ".join(variants)
        out["has_conflict"] = bool(variants)
        resolved.append(out)
    result = pd.concat([single, pd.DataFrame(resolved)], ignore_index=True) if resolved else single
    return result.drop(columns=["_order"]), issues


def _shared_source_issues(rows: list, anchor) -> list[Issue]:
    """Disagreeing rows that cite a common URL (or the same publication): an input error."""
    issues = []
    for i, first in enumerate(rows):
        for second in rows[i + 1 :]:
            shared = set(split_sources(first["source"])) & set(split_sources(second["source"]))
            if not shared:
                continue
            if first["status"] != second["status"]:
                continue  # an interim reading and the final figure may share a page
            same_value = (
                _has_value(first) == _has_value(second)
                and (not _has_value(first) or first["value"] == second["value"])
                and _text(first["category"]) == _text(second["category"])
                and first["status"] == second["status"]
            )
            if same_value:
                continue
            places = f"{_place(first)}; {_place(second)}"
            for row in (first, second):
                issues.append(
                    Issue(
                        row["source_file"], int(row["source_row"]), "value",
                        f"kunci ganda {anchor['indicator_id']} / {anchor['region_code']} "
                        f"({anchor['region_name']}) / {anchor['year']} dengan isi berbeda dari "
                        f"sumber yang sama ({places})",
                        "satu sumber, satu nilai: hapus baris yang salah; nilai dari sumber lain "
                        "boleh disimpan sebagai baris sendiri dengan sumbernya",
                    )
                )  # fmt: skip
    return issues
