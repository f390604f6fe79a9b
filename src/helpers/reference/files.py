"""Read the versioned reference files in ``data/reference/`` (YAML), each parsed once.

One loader for the catalogue, contract, reader texts, thresholds and estimation settings, so
every module sees the same file the same way (and ``IPAK_REFERENCE_DIR`` redirects all).
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

import yaml

from helpers.core.paths import reference_dir


@cache
def _read(path: str) -> Any:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


_PATHS: dict[tuple[str, str | None], str] = {}


def load_yaml(name: str) -> Any:
    """Return the parsed ``data/reference/<name>`` (cached per full path).

    Called hundreds of thousands of times in a batch: the path is worked out once per name
    and reference folder (``IPAK_REFERENCE_DIR`` still redirects every later call).
    """
    key = (name, os.environ.get("IPAK_REFERENCE_DIR"))
    path = _PATHS.get(key)
    if path is None:
        path = _PATHS[key] = str(reference_dir() / name)
    return _read(path)


def estimation_settings() -> dict:
    """Return ``data/reference/estimation.yaml`` (sectors, scores, suppression, Fay–Herriot)."""
    return load_yaml("estimation.yaml")
