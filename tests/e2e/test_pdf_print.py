"""PDF for sharing: headless Chromium prints one slide per landscape page (print.css)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from helpers.brief import pdf

PRINT_CSS = Path(pdf.__file__).parent / "templates" / "brief" / "print.css"
MEDIABOX = re.compile(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")


def _needs_chromium() -> str:
    path = pdf.chromium_path()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "Chromium is not installed on CI (.ci/run should install Debian's 'chromium')"
            )
        pytest.skip("Chromium not installed (Debian package 'chromium'); .ci/run installs it on CI")
    return path


def _deck(slides: list[str], extra_css: str = "") -> str:
    """A page shaped like the brief: toolbar, notebook cells wrapping data-slide sections."""
    sections = "\n".join(
        f'<div class="jp-Cell"><div class="jp-OutputArea"><section class="slide" data-slide>'
        f"{body}</section></div></div>"
        for body in slides
    )
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>deck</title>
<style>
section.slide {{ width: 1280px; height: 720px; margin: 16px auto; padding: 26px 44px;
  box-shadow: 0 1px 4px rgba(0,0,0,.18); overflow: hidden; }}
{extra_css}
{PRINT_CSS.read_text(encoding="utf-8")}
</style></head>
<body>
<nav class="brief-toolbar"><button type="button">Presentasi (P)</button></nav>
<main class="brief">
{sections}
</main>
<div id="brief-counter">1 / {len(slides)}</div>
</body></html>
"""


@pytest.mark.e2e
@pytest.mark.browser
def test_three_slides_print_as_three_landscape_pages(tmp_path):
    _needs_chromium()
    wide_table = "<table><tr>" + "".join(f"<td>kolom {i}</td>" for i in range(14)) + "</tr></table>"
    html = tmp_path / "brief.html"
    html.write_text(
        _deck(
            [
                "<h2>Satu</h2><p>Kalimantan Tengah, 2024</p>",
                f"<h2>Dua</h2>{wide_table}",
                "<h2>Tiga</h2><p>Lampiran</p>",
            ]
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out" / "brief.pdf"
    assert pdf.print_pdf(html, out, timeout_s=120) == out
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert pdf.count_pages(data) == 3
    # Landscape 1280×720 CSS px = 960×540 pt on every page.
    boxes = {(float(w), float(h)) for w, h in MEDIABOX.findall(data)}
    assert boxes == {(960.0, 540.0)}
    # Written through a temporary file that is gone afterwards.
    assert sorted(p.name for p in out.parent.iterdir()) == ["brief.pdf"]
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # like the HTML beside it, not 0600


@pytest.mark.e2e
@pytest.mark.browser
def test_pdf_beside_the_html(tmp_path):
    _needs_chromium()
    html = tmp_path / "brief.en.html"
    html.write_text(_deck([f"<h2>Slide {i}</h2>" for i in range(1, 6)]), encoding="utf-8")
    (tmp_path / "brief.en.pdf").write_bytes(b"old")  # replaced, not appended to
    line = pdf.pdf_beside(html)
    assert line.startswith("PDF: ") and "(5 halaman / pages)" in line and "\n" not in line
    assert pdf.count_pages((tmp_path / "brief.en.pdf").read_bytes()) == 5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.en.html", "brief.en.pdf"]
