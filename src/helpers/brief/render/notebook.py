"""The brief in a notebook: the same slides as the HTML deck, shown part by part.

``brief.ipynb`` builds the content once, shows each part of the deck in its own cell and
writes the sidecar; an analyst in JupyterLab can hold ``content`` and read any slide's
numbers (``content.cards``, ``content.rankings[0].entries`` …).
"""

from __future__ import annotations

from pathlib import Path

from helpers.brief import display
from helpers.brief.content import build_content
from helpers.brief.content.assemble import brief_settings
from helpers.brief.content.document import BriefContent, to_json
from helpers.brief.render.html import numbered, slide_html
from helpers.brief.render.plan import plan
from helpers.brief.style import apply_style


class Deck:
    """One brief's content and its slides, shown part by part."""

    def __init__(self, content: BriefContent, lang: str = "id") -> None:
        self.content = content
        self.lang = lang
        self.settings = brief_settings()
        self.slides = plan(content, self.settings)
        self.shown: list[int] = []

    def show(self, *kinds: str) -> None:
        """Display every slide of the given kinds (``"cards"``, ``"map"``, ``"ranked"`` …)."""
        for number, slide in enumerate(self.slides, start=1):
            if slide.kind in kinds:
                self.shown.append(number)
                html = slide_html(self.content, slide, self.lang, self.settings)
                if html:
                    display.show_html(numbered(html, number, len(self.slides)))

    def check_all_shown(self) -> None:
        """Fail when a planned slide was not shown, or was shown twice.

        The notebook's cells and the plan would disagree: the HTML deck would differ from the
        PowerPoint.
        """
        expected = list(range(1, len(self.slides) + 1))
        if sorted(self.shown) != expected:
            missing = sorted(set(expected) - set(self.shown))
            kinds = sorted({self.slides[n - 1].kind for n in missing})
            raise RuntimeError(f"slides not shown by the notebook: {missing} ({', '.join(kinds)})")

    def write_sidecar(self, path: str | Path | None) -> None:
        """Write the content as ``brief.json`` (skipped when ``path`` is empty)."""
        if path:
            Path(path).write_text(to_json(self.content), encoding="utf-8")


def open_deck(
    region: str, year: int | None = None, lang: str = "id", since: object = None, figures_folder=""
) -> Deck:
    """Build one brief's content (``since``: the last rakor) and return its deck view.

    ``figures_folder`` (set by ``make report``): where the maps drawn for the deck are kept for
    the PowerPoint, which is built from the same content afterwards.
    """
    from helpers.brief.render import figures

    figures.use_folder(figures_folder)
    from helpers.reference.texts import check_lang

    check_lang(lang)
    apply_style()
    return Deck(build_content(str(region), year, since=since), lang)
