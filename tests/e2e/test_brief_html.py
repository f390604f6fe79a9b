"""The brief that leaves the building: offline, clean, bilingual, escaped, checked in a browser."""

from __future__ import annotations

import json
import os
import re

import pytest
from cdp import chromium_path, load_page
from test_report import make_report

MAX_HTML_BYTES = 2 * 1024 * 1024
WARNING_WORDS = ("Traceback", "Warning:", "FutureWarning", "UserWarning", "DeprecationWarning",
                 "RuntimeWarning", "SettingWithCopy", "it/s]", "%|")  # fmt: skip


@pytest.fixture(scope="module")
def briefs(tmp_path_factory):
    """The Kalteng brief in Indonesian and English, built once for this module."""
    tmp = tmp_path_factory.mktemp("briefs")
    out = {}
    for lang in ("id", "en"):
        result = make_report(tmp, "Kalteng", f"LANG={lang}")
        assert result.returncode == 0, result.stderr[-3000:]
        stem = "brief" if lang == "id" else "brief.en"
        folder = tmp / "reports" / "kalimantan-tengah"
        out[lang] = (folder / f"{stem}.html", json.loads((folder / f"{stem}.json").read_text()))
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
    assert (
        "SPI Pemprov Kalimantan Tengah 67,76 (2024): merah · rentan, 6,24 poin di bawah target 74,00."
        in html_id
    )
    assert "67,76 (2024)" in html_id and "67.76 (2024)" in html_en  # Pemprov Kalteng SPI
    assert "belum tersedia" in html_id and "not available" in html_en
    assert "belum tersedia" not in html_en


@pytest.mark.e2e
def test_sidecar_matches_language_independent_numbers(briefs):
    _, sidecar_id = briefs["id"]
    _, sidecar_en = briefs["en"]
    assert sidecar_id["ipak_national"] == sidecar_en["ipak_national"]
    assert sidecar_id["pemda"]["62"]["spi"] == sidecar_en["pemda"]["62"]["spi"]
    assert (
        sidecar_id["provenance"]["data_hash"] and len(sidecar_id["provenance"]["data_hash"]) == 64
    )


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
def test_brief_has_four_sectors_with_intervals_and_watermark(briefs):
    path, sidecar = briefs["id"]
    html = path.read_text(encoding="utf-8")
    assert "DATA SINTETIS — CONTOH, BUKAN HASIL SURVEI" in html  # watermark on the model slides
    # synthetic numbers only on watermarked appendix slides: the sector model and the what-if
    marked = re.findall(
        r'<section class="slide slide-([a-z-]+) synthetic"[^>]*data-mark="DATA SINTETIS',
        html,
    )
    assert sorted(marked) == ["sector-model", "what-if"]
    appendix_at = html.index('data-kind="divider"')
    assert all(html.index(f"slide-{kind} synthetic") > appendix_at for kind in marked)
    assert sidecar["provenance"]["synthetic_data_present"] is True
    sectors = sidecar["sectors"]
    assert sectors["is_synthetic"] is True
    rows = {row["sector"]: row for row in sectors["rows"]}
    assert {"perizinan", "dukcapil", "kesehatan", "pendidikan"} <= set(rows)
    for row in rows.values():
        assert row["ci90_low_pct"] <= row["rate_pct"] <= row["ci90_high_pct"]
        assert row["ci90_high_pct"] > row["ci90_low_pct"]
    what_if = sidecar["what_if"]
    assert {w["sector"] for w in what_if} >= {"perizinan", "dukcapil", "kesehatan", "pendidikan"}
    assert {w["method"] for w in what_if} == {"accounting"}
    for w in what_if:
        low, high = w["delta_pengalaman_ci90"]
        assert low <= w["delta_pengalaman_0_5"] <= high


@pytest.mark.e2e
def test_brief_has_gap_cards_and_regency_gaps(briefs):
    _, sidecar = briefs["id"]
    cards = sidecar["gap_cards"]
    assert cards["ipak"]["value"] == 3.85 and cards["ipak"]["target"] == 4.14
    assert cards["ipak"]["gap_points"] == pytest.approx(-0.29)
    assert cards["spi"]["region_code"] == "62" and cards["spi"]["status"] == "rentan"  # 67.76 < 73
    assert cards["spi"]["target_basis"] == "national"
    regencies = sidecar["regency_gaps"]["spi"]
    assert len(regencies) == 15  # Pemprov + 14 kab/kota
    assert (
        regencies["6211"]["year"] == 2023 and regencies["6211"]["value"] == 64.29
    )  # Gunung Mas, carried
