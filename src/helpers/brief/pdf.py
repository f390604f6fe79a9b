"""Print an HTML brief to PDF with headless Chromium: one slide per landscape page.

The deck marks every slide with a ``data-slide`` attribute; ``templates/brief/print.css``
(included by the deck template) sets a 1280×720 px page with no margins, starts every slide
on a new page and hides the on-screen controls. Chromium is the Debian package
``chromium`` (the same one the browser test uses); without it no PDF is written and
:func:`pdf_beside` says how to get it. Nothing is fetched from the network: the brief is
self-contained and the browser runs with networking switched off.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from helpers.core.paths import PROJECT_ROOT

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = "sudo apt-get install chromium"
PRINT_TIMEOUT_S = 180.0
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
    # offline: the brief needs nothing from outside, so nothing may be fetched
    "--proxy-server=127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    # let the deck's script lay out (timers run on virtual time, so this costs no wall time)
    "--virtual-time-budget=5000",
)
_PAGE = re.compile(rb"/Type\s*/Page[^s]")


class PdfError(RuntimeError):
    """Chromium is missing, failed, timed out or wrote no PDF."""


def chromium_path() -> str | None:
    """Return the Chromium executable, or ``None`` when it is not installed.

    ``$IPAK_CHROMIUM`` names the executable explicitly (a path that is not an executable
    file means "no Chromium", which is how tests check the fallback); otherwise the first
    of ``chromium``, ``chromium-browser``, ``google-chrome`` on ``PATH``.
    """
    explicit = os.environ.get("IPAK_CHROMIUM")
    if explicit is not None:
        path = shutil.which(explicit) if explicit else None
        return path if path and os.access(path, os.X_OK) else None
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def count_pages(pdf: bytes) -> int:
    """Count the page objects of a PDF (``/Type /Page``, not ``/Pages``)."""
    return len(_PAGE.findall(pdf))


def _run(command: list[str], timeout_s: float) -> subprocess.CompletedProcess:
    """Run ``command`` in its own process group; on timeout kill that whole group."""
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the browser's helpers are in this group too
        process.communicate()
        raise PdfError(f"Chromium did not finish printing within {timeout_s:g} s") from None
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def print_pdf(
    html_path: str | Path, pdf_path: str | Path, timeout_s: float = PRINT_TIMEOUT_S
) -> Path:
    """Print ``html_path`` to ``pdf_path`` with headless Chromium; return ``pdf_path``.

    The PDF is written to a temporary file beside ``pdf_path`` and renamed into place, so
    a failed or killed print never leaves a half-written PDF (an older one stays as it
    was). Chromium gets a throw-away profile folder. Raises :class:`PdfError` when
    Chromium is missing, exits with an error, times out or writes no PDF.
    """
    executable = chromium_path()
    if executable is None:
        raise PdfError(f"Chromium not found; install it with: {INSTALL_HINT}")
    html_path = Path(html_path).resolve()
    pdf_path = Path(pdf_path)
    if not html_path.is_file():
        raise PdfError(f"no such HTML file: {html_path}")
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    handle, staged_name = tempfile.mkstemp(
        prefix=f".{pdf_path.name}.", suffix=".tmp", dir=pdf_path.parent
    )
    os.close(handle)
    staged = Path(staged_name)
    try:
        with tempfile.TemporaryDirectory(prefix="ipak-chromium-") as profile:
            command = [
                executable,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--print-to-pdf={staged}",
                html_path.as_uri(),
            ]
            result = _run(command, timeout_s)
        data = staged.read_bytes() if staged.is_file() else b""
        if result.returncode != 0 or not data.startswith(b"%PDF") or count_pages(data) == 0:
            detail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise PdfError(
                f"Chromium exited with {result.returncode} and wrote {len(data)} bytes"
                + (f": {' | '.join(detail)}" if detail else "")
            )
        umask = os.umask(0)
        os.umask(umask)
        staged.chmod(0o666 & ~umask)  # mkstemp makes it private; a brief is for sharing
        os.replace(staged, pdf_path)
    finally:
        staged.unlink(missing_ok=True)
    return pdf_path


def pdf_beside(html_path: Path, timeout_s: float = PRINT_TIMEOUT_S) -> str:
    """Print ``brief[.en].html`` to ``brief[.en].pdf`` beside it; return one line to show.

    Never raises: the HTML brief is the main product. Without Chromium (or when printing
    fails) no PDF is written, an older PDF beside it is removed so it cannot be mistaken
    for the current brief, and the line says why (and how to get Chromium).
    """
    pdf_path = html_path.with_suffix(".pdf")
    shown = (
        pdf_path.relative_to(PROJECT_ROOT) if pdf_path.is_relative_to(PROJECT_ROOT) else pdf_path
    )
    if chromium_path() is None:
        pdf_path.unlink(missing_ok=True)
        return (
            "PDF tidak dibuat: Chromium tidak ditemukan / not found "
            f"— pasang / install: {INSTALL_HINT}"
        )
    try:
        print_pdf(html_path, pdf_path, timeout_s=timeout_s)
    except (PdfError, OSError) as exc:
        pdf_path.unlink(missing_ok=True)
        return f"PDF tidak dibuat / not written: {exc}"
    return f"PDF: {shown} ({count_pages(pdf_path.read_bytes())} halaman / pages)"
