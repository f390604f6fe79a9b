"""Display tables for notebooks: the gap and sector tables with headers and cells in a language.

The model and gap layers return keys and numbers only (:func:`helpers.gaps.metrics.gap_table`,
:func:`helpers.model.experience.sector_summary`, …); the words, number formats and labels a
reader sees are made here, from those keys and the reader texts
(``data/reference/texts/<lang>.yaml``).
"""

from __future__ import annotations

import pandas as pd

from helpers.brief.render import labels as L
from helpers.core.missing import has_number, text_or_empty
from helpers.gaps import thresholds
from helpers.reference.files import estimation_settings
from helpers.reference.formatting import format_interval, format_number, format_signed
from helpers.reference.texts import check_lang, t

# Columns of format_gap_table, in order; headers are the texts ``gap_columns.<column>``.
GAP_DISPLAY_COLUMNS = (
    "region_name", "value", "status_label", "target", "target_basis", "gap_pts",
    "goalpost_score_0_100", "trend",
)  # fmt: skip

# Headers of format_sector_summary: the texts ``exp_col_<key>``.
SECTOR_DISPLAY_COLUMNS = (
    "sector_label", "opd", "rate", "ci90", "national", "best", "gap_best", "gap_national", "loss",
    "method",
)  # fmt: skip


def _nan(value) -> bool:
    return not has_number(value)


# ------------------------------------------------------------------------ gap tables
def gap_status(row) -> thresholds.Status:
    """The status of one gap-table row, from the same inputs :func:`gap_table` classified."""
    state = text_or_empty(getattr(row, "data_status", "")) or "published"
    if state in ("suppressed", "missing", "interim"):
        return thresholds.special_status(state)
    category = text_or_empty(getattr(row, "category", "")) or None
    return thresholds.classify(row.indicator_id, row.value, int(row.year), category, state)


def target_basis_label(basis_key: str, target_kind: object, lang: str) -> str:
    """The target's basis in words: the own target's kind ("RPJMD"), "target nasional" or none."""
    if basis_key == "own":
        return text_or_empty(target_kind) or t("target_basis.own", lang)
    return t(f"target_basis.{basis_key or 'none'}", lang)


def gap_labels(table: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """A :func:`gap_table` with its reader labels in ``lang`` beside the keys.

    Adds ``status_label``, ``target_basis_label`` and ``trend_label`` (for maps and charts
    that show a row's label, e.g. :func:`helpers.brief.maps.status_map`).
    """
    check_lang(lang)
    rows = list(table.itertuples())
    return table.assign(
        status_label=[L.status_label(gap_status(r), lang) for r in rows],
        target_basis_label=[target_basis_label(r.target_basis_key, r.target_kind, lang)
                            for r in rows],
        trend_label=[L.trend_label(r.trend_key, lang) for r in rows],
    )  # fmt: skip


def format_gap_table(table: pd.DataFrame, lang: str = "id", decimals: int = 2) -> pd.DataFrame:
    """Return a :func:`helpers.gaps.metrics.gap_table` as display strings with headers in ``lang``.

    Numbers follow the language (``3,85`` / ``3.85``); gaps carry a sign; suppressed and
    missing rows say so instead of showing a number; the trend shows its arrow and label.
    """
    check_lang(lang)
    rows = []
    mixed = table["level"].nunique() > 1  # a Pemprov row among regencies
    for row in table.itertuples():
        state = row.data_status if row.data_status in ("suppressed", "missing") else None
        blank = L.status_label(thresholds.special_status(state), lang) if state else None
        if blank is None and _nan(row.value):
            blank = L.map_text("grade_only", lang)
        name = row.region_name
        if mixed and row.level == "province" and not str(name).lower().startswith("pemprov"):
            name = L.map_text("provincial_government", lang, name=name)
        rows.append(
            {
                "region_name": name,
                "value": blank or format_number(row.value, lang, decimals),
                "status_label": L.status_label(gap_status(row), lang),
                "target": "" if _nan(row.target) else format_number(row.target, lang, decimals),
                "target_basis": target_basis_label(row.target_basis_key, row.target_kind, lang),
                "gap_pts": "" if _nan(row.gap_pts) else format_signed(row.gap_pts, lang, decimals),
                "goalpost_score_0_100": ""
                if _nan(row.goalpost_score_0_100)
                else format_number(row.goalpost_score_0_100, lang, 0),
                "trend": f"{row.trend_arrow} {L.trend_label(row.trend_key, lang)}",
            }
        )
    frame = pd.DataFrame(rows, columns=list(GAP_DISPLAY_COLUMNS))
    return frame.rename(columns={key: t(f"gap_columns.{key}", lang) for key in GAP_DISPLAY_COLUMNS})


# ------------------------------------------------------------------- sector experience
def sector_office_full(sector: str, lang: str) -> str:
    """The office of a counter with its explanation ("DPMPTSP (one-stop … office)")."""
    return t(f"sectors.{sector}.opd", lang)


def format_sector_summary(summary: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """Return a display table of :func:`helpers.model.experience.sector_summary` in ``lang``."""
    check_lang(lang)
    h = {key: t(f"exp_col_{key}", lang) for key in SECTOR_DISPLAY_COLUMNS}
    return pd.DataFrame(
        {
            h["sector_label"]: [L.sector_label(s, lang) for s in summary["sector"]],
            h["opd"]: [sector_office_full(s, lang) for s in summary["sector"]],
            h["rate"]: [format_number(v, lang, 1) for v in summary["rate_pct"]],
            h["ci90"]: [
                format_interval(a, b, lang, 1)
                for a, b in zip(summary["ci_low_pct"], summary["ci_high_pct"], strict=True)
            ],
            h["national"]: [format_number(v, lang, 1) for v in summary["national_rate_pct"]],
            h["best"]: [
                f"{format_number(v, lang, 1)} ({n})"
                for v, n in zip(
                    summary["best_province_rate_pct"], summary["best_province_name"], strict=True
                )
            ],
            h["gap_best"]: [format_signed(v, lang, 1) for v in summary["gap_to_best_pts"]],
            h["gap_national"]: [format_signed(v, lang, 1) for v in summary["gap_to_national_pts"]],
            h["loss"]: [format_number(v, lang, 3) for v in summary["pengalaman_loss_pts"]],
            h["method"]: [L.method_label(m, lang) for m in summary["method"]],
        }
    )


def model_note_text(key: str | None, lang: str = "id") -> str:
    """The words of :func:`helpers.model.experience.model_note` (empty when there is none)."""
    if not key:
        return ""
    minimum = estimation_settings()["fay_herriot"]["min_areas"]
    return L.experience_text(f"{key}_note", lang, min_areas=minimum)


def what_if_note_texts(row, lang: str = "id") -> list[str]:
    """The notes of one what-if row (:meth:`helpers.model.drivers.WhatIf.as_row`) in words."""
    keys = [k for k in text_or_empty(row["notes"]).split("; ") if k]
    fields = {
        "capped": {"rate": format_number(100 * float(row["paid_extra_share"]), lang, 1)},
        "share": {"share": format_number(100 * float(row["national_share"]), lang, 1)},
    }
    return [t(f"what_if_notes.{k}", lang, **fields.get(k, {})) for k in keys]


def what_if_labels(table: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """A :func:`helpers.model.experience.what_if_table` with its words in ``lang`` beside the keys.

    Adds ``sector_label`` and ``method_label``; ``notes`` become sentences (joined by "; ").
    """
    check_lang(lang)
    return table.assign(
        sector_label=[L.sector_label(s, lang) for s in table["sector"]],
        method_label=[L.method_label(m, lang) for m in table["method"]],
        notes=["; ".join(what_if_note_texts(r, lang)) for _, r in table.iterrows()],
    )


def decomposition_labels(frame: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """An IPAK decomposition with each component's name in ``lang`` as its second column.

    ``frame`` is :func:`helpers.model.ipak.decompose_change` or ``decompose_gap``; the names
    (texts ``ipak_component_<component>``) go in a column ``label``.
    """
    check_lang(lang)
    out = frame.copy()
    out.insert(1, "label", [t(f"ipak_component_{c}", lang) for c in frame["component"]])
    return out
