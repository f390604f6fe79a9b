"""PDF helpers that need no browser: finding Chromium, the missing-Chromium line, page counts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers.brief import pdf

PRINT_CSS = Path(pdf.__file__).parent / "templates" / "brief" / "print.css"


def test_without_chromium_one_line_says_how_to_get_it_and_no_stale_pdf(tmp_path, monkeypatch):
    monkeypatch.setenv("IPAK_CHROMIUM", str(tmp_path / "no-such-chromium"))
    assert pdf.chromium_path() is None
    html = tmp_path / "brief.html"
    html.write_text("<section data-slide>1</section>", encoding="utf-8")
    (tmp_path / "brief.pdf").write_bytes(b"%PDF from an older brief")
    line = pdf.pdf_beside(html)
    assert "sudo apt-get install chromium" in line and "\n" not in line
    assert not (tmp_path / "brief.pdf").exists()  # an old PDF would not match the new HTML
    with pytest.raises(pdf.PdfError, match="sudo apt-get install chromium"):
        pdf.print_pdf(html, tmp_path / "x.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.html"]


def test_chromium_path_honours_the_environment(tmp_path, monkeypatch):
    fake = tmp_path / "my-chromium"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setenv("IPAK_CHROMIUM", str(fake))
    assert pdf.chromium_path() == str(fake)
    fake.chmod(0o644)  # not executable: no Chromium
    assert pdf.chromium_path() is None


def test_a_chromium_that_writes_nothing_is_an_error(tmp_path, monkeypatch):
    fake = tmp_path / "broken-chromium"
    fake.write_text("#!/bin/sh\necho 'cannot print' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setenv("IPAK_CHROMIUM", str(fake))
    html = tmp_path / "brief.html"
    html.write_text("<section data-slide>1</section>", encoding="utf-8")
    with pytest.raises(pdf.PdfError, match=r"exited with 3 .*cannot print"):
        pdf.print_pdf(html, tmp_path / "brief.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.html", "broken-chromium"]
    assert pdf.pdf_beside(html).startswith("PDF tidak dibuat")


def test_count_pages_counts_page_objects_not_the_page_tree():
    data = b"%PDF-1.4\n1 0 obj <</Type /Pages /Kids [2 0 R 3 0 R] /Count 2>>\n"
    data += b"2 0 obj <</Type /Page /Parent 1 0 R>>\n3 0 obj <</Type/Page/Parent 1 0 R>>\n"
    assert pdf.count_pages(data) == 2


def test_print_css_only_affects_print():
    css = PRINT_CSS.read_text(encoding="utf-8")
    assert re.search(r"@page\s*\{\s*size:\s*1280px 720px;\s*margin:\s*0", css)
    body = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    body = re.sub(r"@page\s*\{[^}]*\}", "", body)
    assert body.strip().startswith("@media print {") and body.strip().endswith("}")
    assert "[data-slide]" in css and "break-after: page" in css
    assert ".brief-toolbar" in css and "#brief-counter" in css
