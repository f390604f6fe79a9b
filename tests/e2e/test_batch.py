"""`make reports`: parallel briefs, one failure reported without stopping others, skips, index."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import nbformat
import pytest

from conftest import ROOT


def run_batch(tmp_path, provinces, notebook=None, jobs=2):
    env = {**os.environ, "IPAK_PROCESSED_DIR": str(tmp_path / "processed")}
    command = [
        sys.executable,
        "-m",
        "helpers.cli.batch",
        "--jobs",
        str(jobs),
        "--provinces",
        provinces,
        "--reports-dir",
        str(tmp_path / "reports"),
    ]
    if notebook:
        command += ["--notebook", str(notebook)]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)


def failing_notebook(tmp_path, code):
    """The brief notebook plus a cell that fails for one province (as a real bug would)."""
    nb = nbformat.read(ROOT / "notebooks" / "brief.ipynb", as_version=4)
    nb.cells.insert(
        3,
        nbformat.v4.new_code_cell(
            f'if province == "{code}":\n    raise RuntimeError("sengaja gagal untuk uji")'
        ),
    )
    path = tmp_path / "brief_failing.ipynb"
    nbformat.write(nb, path)
    return path


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.e2e
def test_batch_failure_skip_and_index(tmp_path):
    first = run_batch(tmp_path, "62,63")
    assert first.returncode == 0, first.stderr[-2000:]
    reports = tmp_path / "reports"
    kalsel_html = reports / "kalimantan-selatan" / "brief.html"
    kalsel_before = digest(kalsel_html)

    # Unchanged inputs and code: everything is skipped.
    again = run_batch(tmp_path, "62,63")
    assert again.returncode == 0 and "0 dibuat, 2 sudah mutakhir" in again.stdout

    # A notebook that fails for Kalsel (63): the others are built, 63 is reported, exit 1.
    failed = run_batch(tmp_path, "62,63,97", notebook=failing_notebook(tmp_path, "63"))
    assert failed.returncode == 1
    assert (
        "GAGAL 63 Kalimantan Selatan" in failed.stderr
        and "sengaja gagal untuk uji" in failed.stderr
    )
    assert "sel #" in failed.stderr
    assert (reports / "kalimantan-selatan" / "brief.failed.ipynb").exists()
    assert digest(kalsel_html) == kalsel_before, "the previous brief must survive a failed run"
    assert (reports / "papua-pegunungan" / "brief.html").exists()
    assert "2 dibuat" in failed.stdout and "1 gagal" in failed.stdout

    index = (reports / "index.html").read_text(encoding="utf-8")
    assert index.count("<tr>") == 1 + 38  # header + every province
    assert 'href="kalimantan-tengah/brief.html"' in index
    assert "GAGAL" in index  # Kalsel flagged
    assert not list(reports.rglob(".tmp-*")), "temporary folders left behind"
    sidecar = json.loads((reports / "papua-pegunungan" / "brief.json").read_text())
    assert sidecar["provenance"]["province_code"] == "97"
    # Papua Pegunungan (post-2022 province, BPS 97 / Kemendagri 95): gaps section for its 8 regencies.
    codes = [r["region_code"] for r in sidecar["table"]["rows"]]
    assert len(codes) == 1 + 8 and {"9701", "9702", "9708"} <= set(codes)


@pytest.mark.e2e
def test_batch_rejects_unknown_province(tmp_path):
    result = run_batch(tmp_path, "62,Atlantis")
    assert result.returncode == 2 and "Atlantis" in result.stderr
    assert not (tmp_path / "reports" / "kalimantan-tengah").exists()
