"""Read the versioned reference files in ``data/reference/`` (YAML), each parsed once.

One loader for the catalogue, contract, reader texts, thresholds and estimation settings, so
every module sees the same file the same way (and ``IPAK_REFERENCE_DIR`` redirects all).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from helpers.core.paths import reference_dir


@cache
def _read(path: str) -> Any:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load_yaml(name: str) -> Any:
    """Return the parsed ``data/reference/<name>`` (cached per full path)."""
    return _read(str(reference_dir() / name))


def estimation_settings() -> dict:
    """Return ``data/reference/estimation.yaml`` (sectors, scores, suppression, Fay–Herriot)."""
    return load_yaml("estimation.yaml")
