"""The brief that leaves the building: offline, clean, bilingual, escaped, checked in a browser."""

from __future__ import annotations

import os
import re

import pytest
from cdp import chromium_path, load_page

MAX_HTML_BYTES = 2 * 1024 * 1024
WARNING_WORDS = ("Traceback", "Warning:", "FutureWarning", "UserWarning", "DeprecationWarning",
                 "RuntimeWarning", "SettingWithCopy", "it/s]", "%|")  # fmt: skip


@pytest.fixture(scope="module")
def briefs(built):
    """The Kalteng brief in Indonesian and English (built once per test session)."""
    out = {}
    for lang in ("id", "en"):
        brief = built("Kalteng", "kalimantan-tengah", *(["LANG=en"] if lang == "en" else []))
        out[lang] = (brief.path("html"), brief.sidecar)
    return out


def visible_text(html: str) -> str:
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'src="data:[^"]+"', "", html)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.e2e
@pytest.mark.parametrize("lang", ["id", "en"])
def test_html_gate(briefs, lang):
    path, _ = briefs[lang]
    html = path.read_text(encoding="utf-8")
    assert path.stat().st_size <= MAX_HTML_BYTES
    text = visible_text(html)
    for word in WARNING_WORDS:
        assert word not in text, f"{word!r} leaked into the {lang} brief"
    assert not re.search(r"""(src|href)\s*=\s*["']?https?://""", html, re.I)
    assert not re.search(r"url\(\s*['\"]?https?://", html, re.I)
    assert not re.search(r"@import", html)
    assert not re.search(r'class="[^"]*jp-InputArea', html)
    assert "<img" in html and all(
        alt.strip() for alt in re.findall(r'<img[^>]*\balt="([^"]*)"', html)
    )
    assert html.count("<img") == len(re.findall(r"<img[^>]*\balt=", html))


@pytest.mark.e2e
def test_language_changes_text_and_number_format(briefs):
    html_id, html_en = (briefs[lang][0].read_text(encoding="utf-8") for lang in ("id", "en"))
    assert '<html lang="id">' in html_id and '<html lang="en">' in html_en
    # one plain message per slide, computed from the data, in the brief's language
    assert "IPAK Indonesia 2024: 3,85, 0,29 poin di bawah target 4,14." in html_id
    assert re.search(
        r"Indonesia(&#39;|')s IPAK 2024: 3\.85, 0\.29 points below the target of 4\.14\.", html_en
    )
    # the default reference year is the latest published SPI (2025; no 2025 target is published)
    assert "SPI Pemprov Kalimantan Tengah 68,00 (2025): merah · rentan." in html_id
    assert "68,00 (2025)" in html_id and "68.00 (2025)" in html_en  # Pemprov Kalteng SPI
    assert "pada 2024 67,76, naik tetapi masih di bawah target 74,00" in html_id  # the trend
    assert "belum tersedia" in html_id and "not available" in html_en
    assert "belum tersedia" not in html_en


@pytest.mark.e2e
def test_sidecar_is_the_same_content_in_both_languages(briefs):
    _, sidecar_id = briefs["id"]
    _, sidecar_en = briefs["en"]
    for part in ("cards", "ipak", "table", "rankings", "counters", "sources"):
        assert sidecar_id[part] == sidecar_en[part], part
    assert len(sidecar_id["provenance"]["data_hash"]) == 64


@pytest.mark.e2e
@pytest.mark.browser
def test_real_browser_offline(briefs, tmp_path):
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "Chromium is not installed on CI (.ci/run should install Debian's 'chromium')"
            )
        pytest.skip("Chromium not installed (Debian package 'chromium'); .ci/run installs it on CI")
    path, _ = briefs["id"]
    report = load_page(executable, path, tmp_path / "brief.png")
    outside = [url for url in report.requests if not url.startswith(("file:", "data:"))]
    assert outside == [], f"the brief tried to load: {outside}"
    assert report.failed == [] and report.exceptions == [] and report.console_errors == []
    evaluation = report.evaluation
    assert evaluation["title"] == "Brief Integritas Kalimantan Tengah"
    assert evaluation["images"] >= 1 and evaluation["broken_images"] == 0
    assert evaluation["images_without_alt"] == 0
    assert evaluation["slides"] >= 3
    presenting, counter = evaluation["presenting"]
    assert presenting and counter == f"1 / {evaluation['slides']}"
    assert evaluation["after_arrow"] == f"2 / {evaluation['slides']}"
    assert report.screenshot.stat().st_size > 20_000  # a real rendering, not a blank page


@pytest.mark.e2e
def test_no_synthetic_number_in_the_meeting_deck(briefs):
    path, sidecar = briefs["id"]
    html = path.read_text(encoding="utf-8")
    assert "DATA SINTETIS" not in html and 'class="slide-watermark"' not in html
    assert sidecar["sector_model"] is None and sidecar["what_if"] == []


@pytest.mark.e2e
def test_brief_has_cards_and_same_year_rankings(briefs):
    _, sidecar = briefs["id"]
    ipak, spi = sidecar["cards"][0], sidecar["cards"][1]
    assert ipak["figure"]["value"] == 3.85 and ipak["target"] == 4.14
    assert ipak["gap_pts"] == pytest.approx(-0.29)
    assert (
        spi["figure"]["region_code"] == "62" and spi["figure"]["band_key"] == "rentan"
    )  # 68.00 < 73
    assert spi["figure"]["year"] == 2025 and spi["target_basis"] == "none"  # no 2025 target yet
    ranking = next(r for r in sidecar["rankings"] if r["indicator_id"] == "spi")
    assert len(ranking["entries"]) == 15  # Pemprov + 14 kab/kota
    assert ranking["year"] == 2025 and ranking["n_ranked"] == 15
    ombudsman = next(r for r in sidecar["rankings"] if r["indicator_id"] == "ombudsman")
    barito_utara = next(e for e in ombudsman["entries"] if e["region_code"] == "6205")
    assert barito_utara["figure"]["year"] == 2019 and barito_utara["figure"]["is_old"] is True
    assert barito_utara["group"] == "older" and barito_utara["rank"] is None  # never ranked in 2024
