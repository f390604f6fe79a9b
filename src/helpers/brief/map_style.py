"""Shared pieces of the status maps and ranked dot plots: names, statuses, legend, footer.

Used by :mod:`helpers.brief.maps` and :mod:`helpers.brief.dots` (names starting with ``_``
are shared between those two modules only, not a public API); :func:`short_name` is public
and re-exported by :mod:`helpers.brief.maps`.
"""

from __future__ import annotations

import re
import textwrap

import matplotlib.patheffects as path_effects
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from helpers.brief.render import labels as L
from helpers.data.boundaries import Boundaries
from helpers.gaps import thresholds
from helpers.reference import regions
from helpers.reference.catalogue import indicator as catalogue_indicator
from helpers.reference.texts import t

_HALO = [path_effects.withStroke(linewidth=3.5, foreground="white")]


# --------------------------------------------------------------------------- helpers
def short_name(name: str, level: str | None = None) -> str:
    """Return a label short enough for a map: "Kabupaten Kotawaringin Barat" → "Kotawaringin Barat".

    "Kota …" keeps its prefix (Kota Palangka Raya ≠ a kabupaten of the same name);
    upper-case names are title-cased.
    """
    text = str(name).strip()
    if text.isupper():
        text = text.title()
    text = re.sub(r"^(Kabupaten|Kab\.?)\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"^Provinsi\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"^Kota\s+", "Kota ", text, flags=re.IGNORECASE)
    text = re.sub(r"^Pemprov\s+", "", text, flags=re.IGNORECASE)
    return text


def _region_label(code: str, fallback: str, mark_province: bool = False) -> str:
    """Return the short display name of a region.

    ``mark_province`` prefixes "Prov." (the Pemprov row among regencies).
    """
    label = _plain_region_label(code, fallback)
    return f"Prov. {label}" if mark_province and len(str(code)) == 2 else label


def _plain_region_label(code: str, fallback: str) -> str:
    return short_name(regions.name_of(code, default=fallback) or fallback)


def _year_note(row, chart_year: int) -> str:
    """`` (2023)`` when a row's value is from another year than the chart's, else ``""``."""
    data_year = getattr(row, "year", chart_year)
    if pd.isna(data_year) or int(data_year) == int(chart_year):
        return ""
    return f" ({int(data_year)})"


def _regencies_of(province_code: str, codes: pd.Series) -> pd.Series:
    """Boolean mask of BPS regency ``codes`` inside ``province_code``."""
    members = {r.code for r in regions.regencies(province_code)}
    return codes.isin(members)


def _statuses(table: pd.DataFrame, indicator_id: str, year: int, lang: str) -> pd.DataFrame:
    """Return ``table`` with status columns, computing them when absent."""
    if {"status_kind", "status_tone", "status_colour", "status_key"} <= set(table.columns):
        return table
    rows = []
    for _, row in table.iterrows():
        state = row.get("data_status", row.get("status", "published"))
        status = thresholds.classify(
            indicator_id,
            row.get("value"),
            year,
            row.get("category") or None,
            state if isinstance(state, str) and state else "published",
        )
        rows.append(
            {
                "status_key": status.key,
                "status_kind": status.kind,
                "status_tone": status.tone,
                "status_colour": status.colour,
                "status_label": L.status_label(status, lang),
            }
        )
    return pd.concat([table.reset_index(drop=True), pd.DataFrame(rows)], axis=1)


def _source_line(
    indicator_id: str, year: int, scheme, boundary: Boundaries | None, lang: str
) -> str:
    entry = catalogue_indicator(indicator_id)
    parts = [f"{t('source_label', lang)}: {entry.publisher}"]
    if scheme is not None:
        parts.append(L.map_text("classification", lang, scheme=L.scheme_name(scheme, lang)))
    if boundary is not None:
        parts.append(L.map_text("boundary_file", lang, name=boundary.path.name))
    return " · ".join(parts)


def _legend_handles(entries: list[L.LegendEntry]) -> list[Patch]:
    return [
        Patch(
            facecolor=e.colour,
            edgecolor=e.edgecolour if e.hatch else "#4D4D4D",
            hatch=e.hatch,
            label=e.label,
            linewidth=0.8,
        )
        for e in entries
    ]


def _add_legend(fig: Figure, entries: list[L.LegendEntry], title: str) -> None:
    """Attach the fixed legend outside the axes, on the right (the same place every time)."""
    fig.legend(
        handles=_legend_handles(entries),
        title=title,
        frameon=False,
        fontsize=13,
        title_fontsize=13,
        handlelength=2.4,
        handleheight=1.6,
        loc="outside right center",
    )


def _footer(fig: Figure, lines: list[str]) -> None:
    """Write notes and the source line bottom-left, wrapped to leave room for the watermark."""
    wrapped = [
        part
        for line in lines
        for part in textwrap.wrap(line, 95, break_long_words=False, break_on_hyphens=False)
    ]
    fig.text(0.01, 0.005, "\n".join(wrapped), ha="left", va="bottom", fontsize=13, color="#333333")
    engine = fig.get_layout_engine()
    if engine is not None:
        # 13 pt type at 1.25 line spacing, in figure-height units, plus a small gap
        bottom = (len(wrapped) * 13 * 1.25 + 8) / (fig.get_figheight() * 72)
        engine.set(rect=(0, bottom, 1, 1 - bottom))


def _special_style(kind: str) -> thresholds.Status:
    return thresholds.special_status(kind if kind in ("suppressed", "missing") else "missing")
