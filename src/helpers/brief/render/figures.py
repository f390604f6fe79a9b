"""Figures drawn once per brief and reused by every renderer of it.

The notebook draws the maps for the HTML deck; the PowerPoint (built afterwards by the CLI, in
another process) takes the same PNGs from the brief's working folder instead of drawing the
maps again. Without a folder, every renderer draws its own.
"""

from __future__ import annotations

from pathlib import Path

from helpers.brief.content.schema import Ranking

_FOLDER: Path | None = None


def use_folder(folder: str | Path | None) -> None:
    """Save the figures drawn from now on into ``folder`` (None or "": do not save)."""
    global _FOLDER
    _FOLDER = Path(folder) if folder else None
    if _FOLDER is not None:
        _FOLDER.mkdir(parents=True, exist_ok=True)


def map_name(ranking: Ranking, lang: str) -> str:
    """The file name of a ranking's map."""
    return f"map-{ranking.indicator_id}-{ranking.year}-{lang}.png"


def save(name: str, png: bytes) -> None:
    """Keep ``png`` for the other renderers of this brief (when a folder is in use)."""
    if _FOLDER is not None:
        (_FOLDER / name).write_bytes(png)


def load(folder: str | Path | None, name: str) -> bytes | None:
    """A figure saved by another renderer of this brief, or None."""
    if not folder:
        return None
    path = Path(folder) / name
    return path.read_bytes() if path.is_file() else None
