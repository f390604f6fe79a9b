"""Shared fixtures. Every test reads the frozen inputs in ``tests/fixtures/`` and writes only to
temporary folders: an analyst adding rows to ``data/raw`` never breaks a test, and ``make test``
never touches the repository's ``data/processed`` or ``reports/``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_RAW = FIXTURES / "raw"


def pytest_configure(config):
    """Point every path of the pipeline at the fixtures and at temporary folders, for this
    process and every subprocess (papermill kernels, ``python -m helpers.cli.*``)."""
    session_tmp = Path(tempfile.mkdtemp(prefix="ipak-tests-"))
    (session_tmp / "processed").mkdir()
    (session_tmp / "reports").mkdir()
    os.environ["IPAK_RAW_DIR"] = str(FIXTURE_RAW)
    os.environ["IPAK_PROCESSED_DIR"] = str(session_tmp / "processed")
    os.environ["IPAK_REPORTS_DIR"] = str(session_tmp / "reports")
    os.environ.pop("IPAK_BOUNDARIES", None)
    config._ipak_session_tmp = session_tmp


def pytest_unconfigure(config):
    """Remove the session's temporary folders."""
    folder = getattr(config, "_ipak_session_tmp", None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


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
    shutil.copytree(FIXTURE_RAW, raw, ignore=shutil.ignore_patterns("microdata"))
    processed.mkdir()
    (processed / "README.md").write_text("generated\n")
    monkeypatch.setenv("IPAK_RAW_DIR", str(raw))
    monkeypatch.setenv("IPAK_PROCESSED_DIR", str(processed))
    build(raw, processed)
    return raw, processed


@pytest.fixture(scope="session")
def processed_data():
    """The frozen fixture inputs validated once per test session (into a temporary folder)."""
    from helpers.data.build import build, load_processed

    folder = Path(tempfile.mkdtemp(prefix="ipak-processed-"))
    build(FIXTURE_RAW, folder)
    yield load_processed(folder, rebuild_if_stale=False)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def kobar_actions_content(tmp_path_factory):
    """Kobar's brief (6201) built from the fixtures plus the example action plan (as of 1 Dec 2025)."""
    import datetime

    from helpers.brief.content import build_content
    from helpers.data.build import build, load_processed

    folder = tmp_path_factory.mktemp("kobar-actions")
    raw, processed = folder / "raw", folder / "processed"
    shutil.copytree(FIXTURE_RAW, raw, ignore=shutil.ignore_patterns("microdata"))
    (raw / "actions").mkdir()
    shutil.copy(ROOT / "docs" / "templates" / "actions_example.csv", raw / "actions" / "kobar.csv")
    processed.mkdir()
    build(raw, processed)
    data = load_processed(processed, rebuild_if_stale=False)
    return build_content("6201", data=data, as_of=datetime.date(2025, 12, 1))


# --------------------------------------------------------------------- e2e: built briefs
class Built:
    """One brief built by ``make report``: its folder and files."""

    def __init__(self, tmp, result, folder, stem):
        self.tmp, self.result, self.folder, self.stem = tmp, result, folder, stem

    def path(self, suffix: str):
        return self.folder / f"{self.stem}.{suffix}"

    @property
    def sidecar(self) -> dict:
        return json.loads(self.path("json").read_text(encoding="utf-8"))

    @property
    def html(self) -> str:
        return self.path("html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """``built(region, slug, *make_variables)`` → :class:`Built`, memoised for the session."""
    cache: dict[tuple, Built] = {}

    def build(region: str, slug: str, *extra: str) -> Built:
        key = (region, slug, *extra)
        if key not in cache:
            from test_report import make_report  # tests/e2e (on the path when e2e tests run)

            tmp = tmp_path_factory.mktemp("brief")
            result = make_report(tmp, region, *extra)
            assert result.returncode == 0, result.stderr[-3000:]
            stem = "brief" + (".en" if "LANG=en" in extra else "")
            cache[key] = Built(tmp, result, tmp / "reports" / slug, stem)
        return cache[key]

    return build


def field_names(node, out: set | None = None) -> set:
    """Every key of a nested dict/list structure (the fields a content part emits)."""
    out = set() if out is None else out
    if isinstance(node, dict):
        for key, value in node.items():
            out.add(key)
            field_names(value, out)
    elif isinstance(node, list):
        for value in node:
            field_names(value, out)
    return out
