"""Warm batches (helpers.cli.warm): the same HTML as a cold ``make report``, a fresh namespace
per brief, and a brief that hangs or fails is reported while its worker's kernel is replaced.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from stubs import stub_brief

from conftest import ROOT
from helpers.brief.pdf import chromium_path, count_pages

# What may differ between two builds of the same brief: when it was made and from which commit.
_VOLATILE = [
    (re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?(\.\d+)?(\+00:00|Z)?( WIB)?"), "TIME"),
    (re.compile(r"\b[0-9a-f]{12}(-dirty)?\b"), "COMMIT"),
]


def normalised(html: str) -> str:
    for pattern, replacement in _VOLATILE:
        html = pattern.sub(replacement, html)
    return html


def env(tmp_path):
    return {**os.environ, "IPAK_PROCESSED_DIR": str(tmp_path / "processed")}


def batch(tmp_path, regions, *extra, jobs=1):
    command = [
        sys.executable, "-m", "helpers.cli.batch", "--jobs", str(jobs), "--regions", regions,
        "--reports-dir", str(tmp_path / "warm"), *extra,
    ]  # fmt: skip
    return subprocess.run(
        command, cwd=ROOT, env=env(tmp_path), capture_output=True, text=True, timeout=900
    )


@pytest.mark.e2e
def test_warm_batch_gives_the_html_of_a_cold_report(tmp_path):
    # Warm: one worker, one kernel; Kalsel first, so Kalteng and Kobar run in a used kernel.
    warm = batch(tmp_path, "63,62,6201")
    assert warm.returncode == 0, warm.stderr[-3000:]
    for code in ("62", "6201"):
        cold = subprocess.run(
            [sys.executable, "-m", "helpers.cli.report", "--region", code,
             "--reports-dir", str(tmp_path / "cold")],
            cwd=ROOT, env=env(tmp_path), capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert cold.returncode == 0, cold.stderr[-3000:]
    for path in ("kalimantan-tengah", "kalimantan-tengah/kabupaten-kotawaringin-barat"):
        cold_html = (tmp_path / "cold" / path / "brief.html").read_text(encoding="utf-8")
        warm_html = (tmp_path / "warm" / path / "brief.html").read_text(encoding="utf-8")
        assert "data-slide" in warm_html
        assert normalised(warm_html) == normalised(cold_html), f"{path}: warm HTML differs"
        if chromium_path():  # the worker's long-lived browser prints the same pages
            cold_pdf = (tmp_path / "cold" / path / "brief.pdf").read_bytes()
            warm_pdf = (tmp_path / "warm" / path / "brief.pdf").read_bytes()
            assert count_pages(warm_pdf) == count_pages(cold_pdf) > 0
    assert not list((tmp_path / "warm").rglob(".tmp-*"))


def small_notebook(path, hang_for="", fail_for=""):
    """A small brief notebook: fails for one code, sleeps for another, checks its namespace."""
    return stub_brief(
        path,
        "assert 'leftover' not in globals(), 'namespace of an earlier brief'\n"
        "leftover = province\n"
        f"if province == {fail_for!r}:\n    raise RuntimeError('sengaja gagal untuk uji')\n"
        f"if province == {hang_for!r}:\n    time.sleep(60)\n",
    )


@pytest.mark.e2e
def test_hanging_and_failing_briefs_are_reported_and_the_kernel_replaced(tmp_path):
    nb = small_notebook(tmp_path / "hang.ipynb", hang_for="63", fail_for="11")
    result = batch(
        tmp_path, "63,62,11,6201", "--notebook", str(nb), "--execution-timeout", "3", "--pdf", "0",
        "--pptx", "0", "--xlsx", "0",  # the stub notebook writes no brief content
    )  # fmt: skip
    assert result.returncode == 1, result.stderr[-3000:]
    assert "GAGAL 63 Kalimantan Selatan: sel #2 CellTimeoutError" in result.stderr  # which cell
    assert "timed out" in result.stderr.lower() or "timeout" in result.stderr.lower()
    assert "GAGAL 11 Aceh" in result.stderr and "sengaja gagal untuk uji" in result.stderr
    # One worker: the briefs after the hang and the failure ran on a new kernel (the hung one
    # would still be sleeping) and in a fresh namespace (the assert on 'leftover').
    assert "2 dibuat" in result.stdout and "2 gagal" in result.stdout, result.stdout
    warm = tmp_path / "warm"
    assert (warm / "kalimantan-tengah" / "brief.html").exists()
    assert (warm / "kalimantan-tengah" / "kabupaten-kotawaringin-barat" / "brief.html").exists()
    assert (warm / "kalimantan-selatan" / "brief.failed.ipynb").exists()
    assert not (warm / "kalimantan-selatan" / "brief.html").exists()
    assert not list(warm.rglob("*.pdf")), "PDF=0 prints no PDF"
    index = (warm / "index.html").read_text(encoding="utf-8")
    assert 'href="kalimantan-tengah/kabupaten-kotawaringin-barat/brief.html"' in index


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--level", "desa"),
        ("--execution-timeout", "-1"),
        ("--pdf", "maybe"),
        ("--pptx", "ja"),
        ("--xlsx", "2"),
    ],  # fmt: skip
)
def test_bad_batch_options_exit_2(tmp_path, option, value):
    result = batch(tmp_path, "62", option, value)
    assert result.returncode == 2, result.stderr[-2000:]
    assert value in result.stderr
    assert not (tmp_path / "warm" / "kalimantan-tengah").exists()
