"""Show outputs in a notebook so that they survive export as an offline brief.

Figures are embedded as PNG ``<img>`` tags with alt text (nbconvert's default image
output has none), HTML fragments are displayed as such, and map results bring their
message for the reader along. Used by every notebook.
"""

from __future__ import annotations

import base64
import io
from html import escape

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def show_html(html: str) -> None:
    """Display an HTML fragment (briefs show outputs only, never code)."""
    from IPython.display import HTML, display

    display(HTML(html))


def figure_png(fig) -> bytes:
    """Return a figure as PNG bytes (100 dpi, the deck's canvas scale), and close it."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, pil_kwargs={"compress_level": 3})  # smaller, faster than 6
    plt.close(fig)
    return buffer.getvalue()


def png_html(png: bytes, alt: str) -> str:
    """Return PNG bytes as an embedded ``<img>`` with alt text."""
    encoded = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{encoded}" alt="{escape(alt, quote=True)}">'


def figure_html(fig, alt: str) -> str:
    """Return a figure as an embedded PNG ``<img>`` with alt text, and close it."""
    return png_html(figure_png(fig), alt)


def show_figure(fig, alt: str) -> None:
    """Display a figure as an embedded PNG with alt text (self-contained, offline)."""
    show_html(figure_html(fig, alt))


def show_map_result(result, alt: str = "") -> None:
    """Display a :class:`helpers.brief.maps.MapResult`: the figure, then its message for the reader.

    ``alt`` describes the figure for screen readers; without it the figure's title is used.
    """
    if not alt:
        titles = [ax.get_title() for ax in result.figure.axes if ax.get_title()]
        alt = titles[0] if titles else result.kind
    show_figure(result.figure, alt)
    if result.message:
        show_html(f'<p class="caveat">{escape(result.message)}</p>')
