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


PNG_COMPRESS_LEVEL = 3  # smaller and faster than PIL's 6 on these flat-coloured charts


def figure_png(fig, close: bool = True) -> bytes:
    """Return a figure as PNG bytes (100 dpi, the deck's canvas scale), and close it (or not)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, pil_kwargs={"compress_level": PNG_COMPRESS_LEVEL})
    if close:
        plt.close(fig)
    return buffer.getvalue()


def png_with_box(png: bytes, box: tuple[float, float, float, float], pad: float = 4.0) -> bytes:
    """The PNG with a black rounded box around ``box`` (pixels, origin top left).

    Marks the brief's own government on a picture drawn once for many briefs, in the style
    of its box on the maps.
    """
    from PIL import Image, ImageDraw

    image = Image.open(io.BytesIO(png))
    image.load()
    x0, y0, x1, y1 = box
    width, height = image.size
    frame = (
        max(0.0, x0 - pad),
        max(0.0, y0 - pad),
        min(width - 1.0, x1 + pad),
        min(height - 1.0, y1 + pad),
    )
    ImageDraw.Draw(image).rounded_rectangle(frame, radius=5, outline=(0, 0, 0, 255), width=2)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=PNG_COMPRESS_LEVEL)
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
