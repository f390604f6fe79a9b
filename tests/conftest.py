"""Shared fixtures: an isolated copy of data/raw and data/processed per test."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SHARED_GEO = SHARED / "geo"


def tree_digest(folder: Path) -> dict[str, str]:
    """Map every file below ``folder`` to the sha256 of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A private raw/processed pair holding a copy of the real data/raw, already built."""
    from helpers.data.build import build

    raw = tmp_path / "raw"
    processed = tmp_path / "processed"
    shutil.copytree(ROOT / "data" / "raw", raw, ignore=shutil.ignore_patterns("microdata"))
    processed.mkdir()
    (processed / "README.md").write_text("generated\n")
    monkeypatch.setenv("IPAK_RAW_DIR", str(raw))
    monkeypatch.setenv("IPAK_PROCESSED_DIR", str(processed))
    build(raw, processed)
    return raw, processed


@pytest.fixture(scope="session")
def processed_data():
    """The real data/raw validated once per test session (into a temporary folder)."""
    import tempfile

    from helpers.data.build import build, load_processed

    folder = Path(tempfile.mkdtemp(prefix="ipak-processed-"))
    build(ROOT / "data" / "raw", folder)
    yield load_processed(folder, rebuild_if_stale=False)
    shutil.rmtree(folder, ignore_errors=True)
