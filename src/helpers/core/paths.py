"""Where the project's files live.

Every path can be redirected with an environment variable, which is how tests and
batch runs point the pipeline at temporary folders without touching the real ones:

=====================  ====================================  ==========================
variable               default                               what
=====================  ====================================  ==========================
``IPAK_RAW_DIR``       ``data/raw``                          analyst-supplied inputs
``IPAK_PROCESSED_DIR`` ``data/processed``                    validated tables (rebuilt)
``IPAK_REFERENCE_DIR`` ``data/reference``                    regions, catalogue, thresholds
``IPAK_REPORTS_DIR``   ``reports``                           briefs
``IPAK_BOUNDARIES``    ``data/boundaries/regencies.gpkg`` …  boundary file (optional)
=====================  ====================================  ==========================
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(
    os.environ.get("IPAK_PROJECT_ROOT", Path(__file__).resolve().parents[3])
).resolve()


def _dir(variable: str, default: Path) -> Path:
    value = os.environ.get(variable)
    return Path(value).resolve() if value else default


def raw_dir() -> Path:
    """Folder of analyst-supplied inputs (treated as read-only by the pipeline)."""
    return _dir("IPAK_RAW_DIR", PROJECT_ROOT / "data" / "raw")


def processed_dir() -> Path:
    """Folder of validated tables; replaced as a whole by :func:`helpers.data.build.build`."""
    return _dir("IPAK_PROCESSED_DIR", PROJECT_ROOT / "data" / "processed")


def reference_dir() -> Path:
    """Folder of versioned reference data: regions, indicator catalogue, thresholds, weights."""
    return _dir("IPAK_REFERENCE_DIR", PROJECT_ROOT / "data" / "reference")


def reports_dir() -> Path:
    """Folder the briefs are written to (``reports/<province-slug>/brief.html``)."""
    return _dir("IPAK_REPORTS_DIR", PROJECT_ROOT / "reports")


def notebooks_dir() -> Path:
    """Folder of the parameterised notebooks."""
    return PROJECT_ROOT / "notebooks"


def boundaries_dir() -> Path:
    """Default folder for user-supplied boundary files (see README, "Peta")."""
    return PROJECT_ROOT / "data" / "boundaries"


def make_shareable(path: Path) -> None:
    """Give a staged output file the mode a plainly written one would have (umask applied).

    ``mkstemp``/``NamedTemporaryFile`` create files readable by their owner only; a brief, its
    PDF and the batch index are for sharing, so they get ``0666 & ~umask`` before the rename.
    """
    umask = os.umask(0)
    os.umask(umask)
    Path(path).chmod(0o666 & ~umask)


def write_atomically(path: str | os.PathLike, save) -> Path:
    """Write ``path`` through ``save(temporary_path)`` and a rename: never a half-written file.

    The staged file sits in the same folder (so the rename is atomic), gets the mode a plainly
    written file would have (:func:`make_shareable`), and is removed if ``save`` fails.
    """
    import tempfile

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent
    )
    os.close(handle)
    try:
        save(temporary)
        make_shareable(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
