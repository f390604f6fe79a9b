"""Look of everything a reader sees: chart style, palette, axis numbers, watermark.

Briefs are projected in rakor rooms, so the defaults are large type and few colours.
Numbers follow the brief's language: ``3,85`` and ``10.040`` in Indonesian,
``3.85`` and ``10,040`` in English — in prose, tables, axes and legends alike.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib as mpl
import matplotlib.pyplot as plt
import matplotlib.ticker as mticker

from helpers.reference.formatting import format_number
from helpers.reference.texts import LANGUAGES, t

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


class _SyntheticLabel(Mapping):
    """``SYNTHETIC_LABEL[lang]``: the text ``synthetic_mark``, read when asked for."""

    def __getitem__(self, lang: str) -> str:
        return t("synthetic_mark", lang)

    def __iter__(self):
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


SYNTHETIC_LABEL = _SyntheticLabel()


def axis_formatter(lang: str = "id", decimals: int = 2) -> mticker.FuncFormatter:
    """Return a matplotlib tick formatter that writes numbers in ``lang``."""
    return mticker.FuncFormatter(lambda x, _pos: format_number(x, lang, decimals))


def apply_style() -> None:
    """Set matplotlib defaults for projected slides: every text ≥ 13 pt, i.e. ≥ 18 px at 100 dpi."""
    mpl.rcParams.update(
        {
            "figure.figsize": (12, 4.9),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "font.size": 15,
            "axes.titlesize": 17,
            "axes.titleweight": "bold",
            "axes.labelsize": 15,
            "xtick.labelsize": 14,
            "ytick.labelsize": 14,
            "legend.fontsize": 14,
            "legend.title_fontsize": 14,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.prop_cycle": mpl.cycler(color=list(PALETTE.values())),
            "figure.constrained_layout.use": True,
        }
    )


def slide_figure(settings: dict, kind: str = "chart_size_in"):
    """Return ``(fig, ax)`` drawn for one slide of the 1280×720 canvas (``brief.yaml`` ``deck``)."""
    apply_style()
    width, height = settings["deck"][kind]
    return plt.subplots(figsize=(float(width), float(height)))


def watermark_synthetic(fig, lang: str = "id") -> None:
    """Stamp the synthetic-data watermark across a figure (call on every chart it touches).

    The diagonal text is sized to fit the figure in either language and drawn behind nothing
    a reader needs (low alpha); a small upright mark repeats it in the bottom-right corner.
    """
    text = t("synthetic_mark", lang)
    width_px = fig.get_figwidth() * fig.dpi
    # a bold DejaVu glyph is about 0.62 em wide; 1 pt = dpi / 72 px; the diagonal uses ~80 % of the width
    fontsize = min(30.0, 0.8 * width_px / (0.62 * len(text) * fig.dpi / 72))
    fig.text(
        0.5,
        0.5,
        text,
        ha="center",
        va="center",
        rotation=12,
        fontsize=fontsize,
        color=PALETTE["vermillion"],
        alpha=0.22,
        fontweight="bold",
        zorder=1000,
    )
    fig.text(
        0.995,
        0.005,
        text,
        ha="right",
        va="bottom",
        fontsize=13,
        color=PALETTE["vermillion"],
        fontweight="bold",
    )
