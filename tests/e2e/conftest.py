"""Each brief the e2e tests look at is built once per test session (``built``)."""

from __future__ import annotations

import json

import pytest
from test_report import make_report


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
            tmp = tmp_path_factory.mktemp("brief")
            result = make_report(tmp, region, *extra)
            assert result.returncode == 0, result.stderr[-3000:]
            stem = "brief" + (".en" if "LANG=en" in extra else "")
            cache[key] = Built(tmp, result, tmp / "reports" / slug, stem)
        return cache[key]

    return build
