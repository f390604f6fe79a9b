"""Render the brief's HTML from Jinja2 templates (``templates/sections/``), autoescaped.

Sections compute their values in Python and hand them to a template; HTML never lives in
f-strings. Text from the data is escaped by Jinja's autoescape; pre-rendered fragments that
are already safe (embedded figures) are passed as :class:`markupsafe.Markup`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

TEMPLATES_DIR = Path(__file__).parents[1] / "templates"


@cache
def environment() -> jinja2.Environment:
    """Return the one Jinja2 environment of the brief (autoescape on, undefined is an error)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR / "sections")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **values) -> str:
    """Render ``templates/sections/<template>`` with ``values``."""
    return environment().get_template(template).render(**values)


def safe(html: str) -> Markup:
    """Mark an already-escaped HTML fragment (an embedded figure) as safe for templates."""
    return Markup(html)


def stylesheet() -> str:
    """Return the brief's CSS, so notebook outputs carry their styles into JupyterLab."""
    return (TEMPLATES_DIR / "brief" / "brief.css").read_text(encoding="utf-8")
