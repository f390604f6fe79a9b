"""Look and language of everything a reader sees: chart style, number format, watermark.

Briefs are projected in rakor rooms, so the defaults are large type and few colours.
Numbers follow the brief's language: ``3,85`` and ``10.040`` in Indonesian,
``3.85`` and ``10,040`` in English — in prose, tables, axes and legends alike.
"""

from __future__ import annotations

import math

import matplotlib as mpl
import matplotlib.ticker as mticker

LANGUAGES = ("id", "en")

# Okabe–Ito colour-blind-safe palette (fixed; status colours live in thresholds.yaml).
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#7F7F7F",
    "black": "#000000",
}

SYNTHETIC_LABEL = {
    "id": "DATA SINTETIS — CONTOH, BUKAN HASIL SURVEI",
    "en": "SYNTHETIC DATA — DEMONSTRATION, NOT SURVEY RESULTS",
}

NOT_AVAILABLE = {"id": "belum tersedia", "en": "not available"}
SUPPRESSED = {"id": "tidak dipublikasikan", "en": "suppressed"}


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise ``ValueError`` naming the choices."""
    if lang not in LANGUAGES:
        raise ValueError(f"Bahasa '{lang}' tidak dikenal; pilih salah satu dari {LANGUAGES}.")
    return lang


def format_number(value: float | int | None, lang: str = "id", decimals: int = 2) -> str:
    """Format a number for the brief's language.

    >>> format_number(3.85, "id"), format_number(3.85, "en")
    ('3,85', '3.85')
    >>> format_number(10040, "id", 0), format_number(10040, "en", 0)
    ('10.040', '10,040')
    """
    check_lang(lang)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NOT_AVAILABLE[lang]
    text = f"{value:,.{decimals}f}"  # English convention: 10,040.25
    if lang == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text.replace("-", "−") if text.startswith("-") else text


def format_signed(value: float, lang: str = "id", decimals: int = 2) -> str:
    """Format a change with an explicit sign (``+0,05`` / ``−0,07``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NOT_AVAILABLE[lang]
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return sign + format_number(abs(value), lang, decimals)


def format_interval(low: float, high: float, lang: str = "id", decimals: int = 2) -> str:
    """Format an interval as ``[a; b]`` (Indonesian) or ``[a, b]`` (English)."""
    sep = "; " if lang == "id" else ", "
    return f"[{format_number(low, lang, decimals)}{sep}{format_number(high, lang, decimals)}]"


def axis_formatter(lang: str = "id", decimals: int = 2) -> mticker.FuncFormatter:
    """Return a matplotlib tick formatter that writes numbers in ``lang``."""
    return mticker.FuncFormatter(lambda x, _pos: format_number(x, lang, decimals))


def apply_style() -> None:
    """Set matplotlib defaults for projected slides (large type, no chart junk)."""
    mpl.rcParams.update(
        {
            "figure.figsize": (11, 5.5),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "font.size": 14,
            "axes.titlesize": 17,
            "axes.titleweight": "bold",
            "axes.labelsize": 14,
            "xtick.labelsize": 13,
            "ytick.labelsize": 13,
            "legend.fontsize": 12,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.prop_cycle": mpl.cycler(color=list(PALETTE.values())),
            "figure.constrained_layout.use": True,
        }
    )


def watermark_synthetic(fig, lang: str = "id") -> None:
    """Stamp the synthetic-data watermark across a figure (call on every chart it touches)."""
    fig.text(
        0.5,
        0.5,
        SYNTHETIC_LABEL[check_lang(lang)],
        ha="center",
        va="center",
        rotation=20,
        fontsize=26,
        color=PALETTE["vermillion"],
        alpha=0.25,
        fontweight="bold",
        zorder=1000,
    )
    fig.text(
        0.99,
        0.01,
        SYNTHETIC_LABEL[lang],
        ha="right",
        va="bottom",
        fontsize=10,
        color=PALETTE["vermillion"],
        fontweight="bold",
    )
