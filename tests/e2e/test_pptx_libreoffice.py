"""LibreOffice opens the PowerPoint deck: one PDF page per slide, no text outside its page."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from helpers.brief.content import build_content
from helpers.brief.pdf import count_pages
from helpers.brief.render.pptx import write_pptx

pytestmark = pytest.mark.e2e


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is missing under CI=true (.ci/run installs it)")
        pytest.skip(f"{name} not installed (apt-get install libreoffice-impress poppler-utils)")
    return path


def _words_outside(pdf, pdftotext: str) -> list[str]:
    """Words whose box leaves their page, from ``pdftotext -bbox``'s XHTML."""
    import re

    html = subprocess.run([pdftotext, "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout  # fmt: skip
    outside = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        width, height = float(page.group(1)), float(page.group(2))
        for word in re.finditer(r'xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<',
                                page.group(3)):  # fmt: skip
            x0, y0, x1, y1 = (float(word.group(i)) for i in range(1, 5))
            if x0 < 0 or y0 < 0 or x1 > width + 0.5 or y1 > height + 0.5:
                outside.append(word.group(5))
    return outside


@pytest.mark.parametrize("code", ["62", "6201"])
def test_libreoffice_renders_one_page_per_slide(processed_data, tmp_path, code):
    soffice, pdftotext = _tool("soffice"), _tool("pdftotext")
    content = build_content(code, data=processed_data)
    deck = tmp_path / "brief.pptx"
    n = write_pptx(content, "id", deck)
    profile = tmp_path / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(deck)], check=True, capture_output=True, timeout=240)  # fmt: skip
    pdf = tmp_path / "brief.pdf"
    assert count_pages(pdf.read_bytes()) == n
    assert _words_outside(pdf, pdftotext) == []
