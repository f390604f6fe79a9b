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

from helpers.core.paths import PROJECT_ROOT, make_shareable

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
        make_shareable(staged)  # mkstemp makes it private; a brief is for sharing
        os.replace(staged, pdf_path)
    finally:
        staged.unlink(missing_ok=True)
    return pdf_path


class PdfPrinter:
    """One long-lived headless Chromium that prints many briefs (a batch worker's).

    Started on the first :meth:`print` with the same offline flags as :func:`print_pdf`, it
    prints over the DevTools protocol (``Page.printToPDF`` with the deck's CSS page size)
    instead of paying a browser start per brief. A print that fails or times out closes the
    browser; the next print starts a new one. Writes are atomic as in :func:`print_pdf`.
    """

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.profile: str | None = None
        self.ws = None
        self._id = 0

    def _start(self, executable: str, timeout_s: float) -> None:
        import json
        import time
        import urllib.request

        import websocket

        self.profile = tempfile.mkdtemp(prefix="ipak-chromium-")
        # Without the CLI-print flags: --no-pdf-header-footer keeps headless from opening a
        # page target; printToPDF's displayHeaderFooter=False does its work here.
        cli_only = ("--virtual-time-budget", "--no-pdf-header-footer")
        flags = [f for f in CHROMIUM_FLAGS if not f.startswith(cli_only)]
        self.process = subprocess.Popen(
            [executable, *flags, "--remote-debugging-port=0", "--remote-allow-origins=*",
             f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + timeout_s
        while not (port_file.exists() and port_file.read_text().strip()):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise PdfError("Chromium did not start")
            time.sleep(0.05)
        port = port_file.read_text().split()[0]
        pages = []
        while not pages:  # the first page target may appear a moment after the port
            url = f"http://127.0.0.1:{port}/json/list"
            with urllib.request.urlopen(url, timeout=10) as answer:
                pages = [target for target in json.load(answer) if target["type"] == "page"]
            if not pages and time.monotonic() > deadline:
                raise PdfError("Chromium started without a page")
            time.sleep(0.05 if not pages else 0)
        # The PDF comes back as one base64 (ASCII) message of about a megabyte; websocket-client
        # would check it for UTF-8 in pure Python (0.1 s of CPU a brief), json.loads checks it anyway.
        self.ws = websocket.create_connection(
            pages[0]["webSocketDebuggerUrl"], timeout=timeout_s, skip_utf8_validation=True
        )
        self._send("Page.enable")

    def _send(self, method: str, wait_event: str | None = None, **params) -> dict:
        import json

        self._id += 1
        self.ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        result, seen = None, wait_event is None
        while result is None or not seen:
            message = json.loads(self.ws.recv())
            if message.get("id") == self._id:
                if "error" in message:
                    raise PdfError(f"{method}: {message['error']}")
                result = message.get("result", {})
            elif wait_event and message.get("method") == wait_event:
                seen = True
        return result

    def print(
        self, html_path: str | Path, pdf_path: str | Path, timeout_s: float = PRINT_TIMEOUT_S
    ) -> Path:
        """Print ``html_path`` to ``pdf_path`` (atomic); raises :class:`PdfError`."""
        import base64

        executable = chromium_path()
        if executable is None:
            raise PdfError(f"Chromium not found; install it with: {INSTALL_HINT}")
        html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path)
        if not html_path.is_file():
            raise PdfError(f"no such HTML file: {html_path}")
        try:
            if self.ws is None or self.process is None or self.process.poll() is not None:
                self.close()
                self._start(executable, timeout_s)
            self.ws.settimeout(timeout_s)
            self._send("Page.navigate", wait_event="Page.loadEventFired", url=html_path.as_uri())
            answer = self._send(
                "Page.printToPDF", preferCSSPageSize=True, printBackground=True,
                displayHeaderFooter=False, marginTop=0, marginBottom=0, marginLeft=0,
                marginRight=0,
            )  # fmt: skip
            data = base64.b64decode(answer.get("data", ""))
        except Exception as exc:  # noqa: BLE001 - browser gone, timed out, protocol error: start afresh next time
            self.close()
            raise PdfError(f"Chromium (DevTools) did not print: {exc}") from None
        if not data.startswith(b"%PDF") or count_pages(data) == 0:
            raise PdfError(f"Chromium wrote {len(data)} bytes, not a PDF")
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        handle, staged_name = tempfile.mkstemp(
            prefix=f".{pdf_path.name}.", suffix=".tmp", dir=pdf_path.parent
        )
        staged = Path(staged_name)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            make_shareable(staged)
            os.replace(staged, pdf_path)
        finally:
            staged.unlink(missing_ok=True)
        return pdf_path

    def close(self) -> None:
        """Stop the browser and remove its profile folder."""
        import contextlib

        ws, process, profile = self.ws, self.process, self.profile
        self.ws = self.process = self.profile = None
        if ws is not None:
            with contextlib.suppress(Exception):
                ws.close()
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if profile:
            shutil.rmtree(profile, ignore_errors=True)


def pdf_beside(
    html_path: Path, timeout_s: float = PRINT_TIMEOUT_S, printer: PdfPrinter | None = None
) -> str:
    """Print ``brief[.en].html`` to ``brief[.en].pdf`` beside it; return one line to show.

    ``printer`` (a batch worker's :class:`PdfPrinter`) prints through a long-lived browser.
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
        if printer is None:
            print_pdf(html_path, pdf_path, timeout_s=timeout_s)
        else:
            printer.print(html_path, pdf_path, timeout_s=timeout_s)
    except (PdfError, OSError) as exc:
        pdf_path.unlink(missing_ok=True)
        return f"PDF tidak dibuat / not written: {exc}"
    return f"PDF: {shown} ({count_pages(pdf_path.read_bytes())} halaman / pages)"
