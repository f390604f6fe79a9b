"""The batch index's cells: SPI, Ombudsman and MCP of each government, from its brief.json."""

from __future__ import annotations

from helpers.brief.content.document import BriefContent
from helpers.brief.content.schema import Figure
from helpers.brief.render import labels as L
from helpers.brief.render.jinja import render

INDICATORS = ("spi", "ombudsman", "mcp")


def headline_values(content: BriefContent, lang: str) -> list[dict]:
    """SPI, Ombudsman, MCP of the brief's own government: text and chip each."""
    own = {c.figure.indicator_id: c.figure for c in content.cards if c.scope == "government"}
    cells = []
    for indicator_id in INDICATORS:
        figure = own.get(indicator_id) or Figure(
            indicator_id, content.region.code, None, None, "missing"
        )
        cells.append({"text": L.cell_text(figure, lang), "chip": L.chip(figure, lang)})
    return cells


def headline_cells(content: BriefContent, lang: str) -> str:
    """``<td>`` cells of :func:`headline_values`."""
    return render("headline_cells.html.j2", cells=headline_values(content, lang))
