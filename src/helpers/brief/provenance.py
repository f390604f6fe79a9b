"""Provenance of a brief (toolkit commit, data hash, times in WIB) and its JSON sidecar."""

from __future__ import annotations

import os
import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

from helpers.core.paths import PROJECT_ROOT


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True, timeout=10
    ).stdout.strip()


def git_commit() -> str:
    """Return the toolkit's short commit (``-dirty`` when tracked files changed)."""
    try:
        commit = _git("rev-parse", "--short=12", "HEAD")
        dirty = _git("status", "--porcelain", "--untracked-files=no")
        return commit + ("-dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return os.environ.get("IPAK_GIT_COMMIT", "unknown")


def local_time(settings: dict, moment: datetime | None = None) -> str:
    """Return ``moment`` (default: now) in the brief's time zone, e.g. ``2026-12-01 15:04 WIB``."""
    zone = ZoneInfo(settings["timezone"])
    moment = moment.astimezone(zone) if moment else datetime.now(zone)
    return f"{moment:%Y-%m-%d %H:%M} {settings['timezone_label']}"


def _built_at(manifest: dict, settings: dict) -> str:
    built = manifest.get("built_at")
    try:
        return local_time(settings, datetime.fromisoformat(str(built)))
    except (TypeError, ValueError):
        return str(built or "")


def record(*, region, province, year, latest_ipak_year, manifest, settings, synthetic) -> dict:
    """Return the provenance record of a brief (kept in the sidecar, shown in the appendix)."""
    return {
        "region_code": region.code,
        "region_name": region.name,
        "level": region.level,
        "province_code": province.code,
        "province_name": province.name,
        "reference_year": year,
        "latest_ipak_year": latest_ipak_year,
        "git_commit": git_commit(),
        "data_hash": manifest.get("data_hash"),
        "data_built_at": manifest.get("built_at"),
        "data_built_at_local": _built_at(manifest, settings),
        "generated_at": local_time(settings),
        "brief_settings_version": settings.get("version"),
        "synthetic_data_present": synthetic,
    }
