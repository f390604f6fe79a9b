"""Provenance of a brief (toolkit commit, data hash, times in WIB) and its JSON sidecar."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from helpers.core.paths import PROJECT_ROOT

SIDECAR_SCHEMA = "ipak-brief-sidecar/2"


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


def _built_at(ctx) -> str:
    built = ctx.data.manifest.get("built_at")
    try:
        return local_time(ctx.settings, datetime.fromisoformat(str(built)))
    except (TypeError, ValueError):
        return str(built or "")


def record(ctx, synthetic: bool) -> dict:
    """Return the provenance record of a brief (kept in the sidecar, shown in the appendix)."""
    return {
        "region_code": ctx.region.code,
        "region_name": ctx.region.name,
        "level": ctx.region.level,
        "province_code": ctx.province.code,
        "province_name": ctx.province.name,
        "year": ctx.year,
        "latest_ipak_year": ctx.latest_ipak_year,
        "lang": ctx.lang,
        "git_commit": git_commit(),
        "data_hash": ctx.data.manifest.get("data_hash"),
        "data_built_at": ctx.data.manifest.get("built_at"),
        "data_built_at_local": _built_at(ctx),
        "generated_at": local_time(ctx.settings),
        "brief_settings_version": ctx.settings.get("version"),
        "synthetic_data_present": synthetic,
    }


def write_sidecar(ctx, path: str | os.PathLike | None) -> None:
    """Write every key number the brief showed to a JSON file (skipped when ``path`` is empty)."""
    if not path:
        return
    payload = {
        "schema": SIDECAR_SCHEMA,
        **ctx.key_numbers,
        "synthetic_sections": ctx.synthetic_sections,
        "sources": [
            {"number": s.number, "text": s.text, "urls": list(s.urls)} for s in ctx.sources
        ],
    }
    text = json.dumps(payload, indent=2, ensure_ascii=False, default=str)
    Path(path).write_text(text, encoding="utf-8")
