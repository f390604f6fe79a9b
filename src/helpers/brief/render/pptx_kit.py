"""Building blocks of the PowerPoint deck: the plain 16:9 template, text, tables, pictures.

Text boxes are sized to their text; tables are native; :mod:`.pptx` lays the slides out.

Sizes are in inches; text is sized from an estimate of its wrapped lines (no renderer is at
hand), so a box never holds more text than fits at the smallest allowed size (12 pt body).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

SLIDE_W, SLIDE_H = 13.333, 7.5
MARGIN = 0.5
CONTENT_W = SLIDE_W - 2 * MARGIN
# The title stops 2.2 in short of the right edge: the free area top-right (x ≥ 10.9 in,
# y ≤ 1.1 in) is left empty for an organisation's logo.
TITLE_BOX = (MARGIN, 0.25, 10.3, 0.85)
RULE_TOP = 1.15
MESSAGE_BOX = (MARGIN, 1.25, CONTENT_W, 0.8)
BODY_TOP, BODY_BOTTOM = 2.15, 6.7
FOOT_BOX = (MARGIN, 6.75, CONTENT_W - 1.1, 0.55)  # the slide number sits right of it

BLUE = "#0072B2"
INK = "#1A1A1A"
MUTED = "#555555"
HEAD_FILL = "#E8EEF5"
CARD_FILL = "#F5F7FA"
BORDER = "#C8D0DA"

CHAR_EM = 0.5  # mean glyph width of the body font, in em (Calibri/Carlito, a little generous)
LINE_EM = 1.2
LAYOUT_TITLE_ONLY = 5  # "Title Only" of python-pptx's default template: used by every slide


@dataclass(frozen=True)
class Run:
    """A piece of text with its own weight, size or colour."""

    text: str
    bold: bool = False
    colour: str | None = None
    scale: float = 1.0


def rgb(colour: str) -> RGBColor:
    """A hex colour ("#0072B2") as python-pptx colour."""
    return RGBColor.from_string(colour.lstrip("#").upper())


def new_deck():
    """The plain template: python-pptx's default presentation set to 16:9 (13.333 × 7.5 in)."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 in exactly
    return deck


def lines_needed(text: str, width_in: float, pt: float) -> int:
    """Estimated wrapped lines of ``text`` (paragraphs split on newlines) in a box ``width_in`` wide."""
    per_line = max(int(width_in * 72 / (pt * CHAR_EM)), 1)
    return sum(max(math.ceil(len(part) / per_line), 1) for part in text.split("\n"))


def text_height(text: str, width_in: float, pt: float) -> float:
    """Estimated height in inches of ``text`` at ``pt`` in a box ``width_in`` wide (with margins)."""
    return lines_needed(text, width_in - 0.2, pt) * pt * LINE_EM / 72 + 0.12


def fit_pt(text: str, width_in: float, height_in: float, largest: float, smallest: float) -> float:
    """The largest size from ``largest`` down to ``smallest`` at which ``text`` fits the box."""
    pt = largest
    while pt > smallest and text_height(text, width_in, pt) > height_in:
        pt -= 1
    return max(pt, smallest)


def _style(run, pt: float, piece: Run, colour: str) -> None:
    run.text = piece.text
    run.font.size = Pt(pt * piece.scale)
    run.font.bold = piece.bold
    run.font.color.rgb = rgb(piece.colour or colour)


def fill_frame(frame, paragraphs: list[list[Run]], pt: float, colour: str = INK) -> None:
    """Write paragraphs of runs into a text frame (word wrap on, small margins)."""
    frame.word_wrap = True
    for side in ("margin_left", "margin_right"):
        setattr(frame, side, Inches(0.08))
    frame.margin_top = frame.margin_bottom = Inches(0.04)
    for i, runs in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        for piece in runs:
            _style(paragraph.add_run(), pt, piece, colour)


def as_runs(paragraphs) -> list[list[Run]]:
    """Plain strings become one-run paragraphs; empty paragraphs are dropped."""
    out = []
    for p in paragraphs:
        runs = [Run(p)] if isinstance(p, str) else list(p)
        if any(r.text for r in runs):
            out.append(runs)
    return out


def plain(paragraphs: list[list[Run]]) -> str:
    """The text of paragraphs of runs, one line per paragraph (for fitting)."""
    return "\n".join("".join(r.text for r in p) for p in paragraphs)


def text_box(slide, box, paragraphs, largest: float, smallest: float = 12, colour: str = INK,
             anchor=MSO_ANCHOR.TOP):  # fmt: skip
    """A text box filling ``box`` (left, top, width, height) with text sized to fit it."""
    paragraphs = as_runs(paragraphs)
    left, top, width, height = box
    shape = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    pt = fit_pt(plain(paragraphs), width, height, largest, smallest)
    fill_frame(shape.text_frame, paragraphs, pt, colour)
    shape.text_frame.vertical_anchor = anchor
    return shape


def slide_number(slide, number: int, total: int) -> None:
    """The slide number ("7 / 15") in the bottom-right corner."""
    box = (SLIDE_W - MARGIN - 1.0, SLIDE_H - 0.36, 1.0, 0.32)
    text_box(slide, box, [f"{number} / {total}"], 12, 12, MUTED).text_frame.paragraphs[
        0
    ].alignment = PP_ALIGN.RIGHT


def rectangle(slide, box, fill: str, line: str | None = None, rounded: bool = False):
    """A filled rectangle (a card, a chip, the title rule)."""
    left, top, width, height = box
    kind = MSO_SHAPE.ROUNDED_RECTANGLE if rounded else MSO_SHAPE.RECTANGLE
    shape = slide.shapes.add_shape(kind, Inches(left), Inches(top), Inches(width), Inches(height))
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb(fill)
    if line is None:
        shape.line.fill.background()
    else:
        shape.line.color.rgb = rgb(line)
        shape.line.width = Pt(0.75)
    shape.shadow.inherit = False
    if rounded:
        shape.adjustments[0] = 0.06
    return shape


@dataclass
class Cell:
    """One table cell: paragraphs of runs and an optional fill with its text colour."""

    paragraphs: list
    fill: str | None = None
    colour: str | None = None


def _cell(value) -> Cell:
    if isinstance(value, Cell):
        return value
    return Cell([[Run(str(value))]] if isinstance(value, str) else value)


def table_height(heads, rows, widths, pt: float) -> list[float]:
    """Estimated row heights (header first) of a table at ``pt``."""
    out = []
    for row in ([heads] if heads else []) + rows:
        cells = [_cell(v) for v in row]
        out.append(
            max(
                text_height(plain(as_runs(c.paragraphs)), w, pt)
                for c, w in zip(cells, widths, strict=True)
            )
        )
    return out


def table(slide, left: float, top: float, widths: list[float], heads: list | None, rows: list[list],
          max_height: float, largest: float = 14, smallest: float = 12):  # fmt: skip
    """A native table: a header row (bold, light fill) and body rows, sized to ``max_height``."""
    pt = largest
    while pt > smallest and sum(table_height(heads, rows, widths, pt)) > max_height:
        pt -= 1
    heights = table_height(heads, rows, widths, pt)
    all_rows = ([heads] if heads else []) + rows
    frame = slide.shapes.add_table(len(all_rows), len(widths), Inches(left), Inches(top),
                                   Inches(sum(widths)), Inches(sum(heights)))  # fmt: skip
    grid = frame.table
    grid.first_row = bool(heads)
    grid.horz_banding = False
    for j, width in enumerate(widths):
        grid.columns[j].width = Inches(width)
    for i, (row, height) in enumerate(zip(all_rows, heights, strict=True)):
        grid.rows[i].height = Inches(height)
        for j, value in enumerate(row):
            cell, target = _cell(value), grid.cell(i, j)
            header = bool(heads) and i == 0
            target.fill.solid()
            target.fill.fore_color.rgb = rgb(cell.fill or (HEAD_FILL if header else "#FFFFFF"))
            target.vertical_anchor = MSO_ANCHOR.MIDDLE
            runs = as_runs(cell.paragraphs) or [[Run("")]]
            if header:
                runs = [[Run(r.text, True, r.colour, r.scale) for r in p] for p in runs]
            fill_frame(target.text_frame, runs, pt, cell.colour or INK)
            target.margin_top = target.margin_bottom = Inches(0.03)
    frame.height = Emu(sum(int(Inches(h)) for h in heights))
    return frame


def picture(slide, figure, box, dpi: int = 120):
    """A matplotlib figure as a PNG, scaled into ``box`` keeping its aspect, centred."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    width_px, height_px = figure.get_size_inches() * dpi
    plt.close(figure)
    left, top, width, height = box
    scale = min(width / (width_px / dpi), height / (height_px / dpi))
    w, h = width_px / dpi * scale, height_px / dpi * scale
    buffer.seek(0)
    return slide.shapes.add_picture(
        buffer, Inches(left + (width - w) / 2), Inches(top), Inches(w), Inches(h)
    )


def picture_png(slide, png: bytes, box):
    """PNG bytes (drawn at 100 dpi), scaled into ``box`` keeping the aspect, centred."""
    from PIL import Image

    width_px, height_px = Image.open(io.BytesIO(png)).size
    left, top, width, height = box
    scale = min(width / (width_px / 100), height / (height_px / 100))
    w, h = width_px / 100 * scale, height_px / 100 * scale
    return slide.shapes.add_picture(
        io.BytesIO(png), Inches(left + (width - w) / 2), Inches(top), Inches(w), Inches(h)
    )


def notes(slide, lines: list[str]) -> None:
    """The speaker notes of ``slide``: one line each."""
    slide.notes_slide.notes_text_frame.text = "\n".join(lines)
