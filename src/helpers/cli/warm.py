"""Warm execution for batches: one long-lived Jupyter kernel, exporter and browser per worker.

A cold brief (``make report``) pays a kernel start, every import of the brief's packages, an
nbconvert exporter set-up and a Chromium start. A batch worker pays them once:

* :class:`WarmWorker` starts one kernel (``jupyter_client.AsyncKernelManager``, the project
  kernel ``ipak-brief``, in ``notebooks/`` like papermill's cold run) and hands its manager and
  client to papermill through the engine :class:`WarmEngine` (``engine_name="ipak-warm"``;
  papermill's own engine would drop the client and nbclient would open, and never close, a
  new one per brief: a thread, sockets and memory leaked each time), so parameter injection,
  notebook metadata and error reporting (``PapermillExecutionError`` with the cell) are the
  ones of a cold run. Before each brief the kernel's namespace is emptied (``%reset -f``):
  every brief runs its cells in a fresh namespace; only imported modules stay (the saving).
* one HTML exporter (:func:`helpers.brief.export.brief_exporter`) for all its briefs;
* one headless Chromium (:class:`helpers.brief.pdf.PdfPrinter`, DevTools ``Page.printToPDF``)
  unless PDFs are switched off for the batch (``PDF=0``).

A brief that fails, hangs past the execution timeout or kills its kernel is reported by the
caller; the worker then replaces its kernel (shut down, a new one started) so the next brief
starts clean. :mod:`helpers.cli.stopping` finds these kernels (children of the worker) through
``/proc`` as before and stops them with the workers.
"""

from __future__ import annotations

import contextlib
import multiprocessing.util
import warnings
from pathlib import Path

import zmq
import zmq.asyncio
from jupyter_core.utils import run_sync
from nbclient.exceptions import CellTimeoutError
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger
from papermill.utils import remove_args

from helpers.brief.export import brief_exporter, export_html
from helpers.brief.pdf import PdfPrinter, pdf_beside
from helpers.cli.report import EXECUTION_TIMEOUT_S, KERNEL_NAME, notebook_for, notebook_parameters
from helpers.core.paths import notebooks_dir
from helpers.reference import regions

STARTUP_TIMEOUT_S = 60
RESET_TIMEOUT_S = 30
# A fresh namespace and execution counts from 1, as in a new kernel (modules stay imported).
# Then what outlives a brief (modules, the shared caches) is collected once and frozen: the
# garbage collector no longer walks it during every brief (a few hundredths of a second each).
RESET_CODE = (
    "get_ipython().run_line_magic('reset', '-f')\nget_ipython().execution_count = 1\n"
    "import gc as _gc\n_gc.collect()\n_gc.freeze()\ndel _gc"
)


ENGINE_NAME = "ipak-warm"


class WarmNotebookClient(PapermillNotebookClient):
    """Papermill's notebook client on a kernel client we own (nbclient would open its own)."""

    def __init__(self, nb_man, km=None, kc=None, **kw):
        super().__init__(nb_man, km=km, **kw)
        if kc is not None:
            kc.allow_stdin = False  # as nbclient sets on the clients it opens
        self.kc = kc

    def execute_cell(self, cell, cell_index, *args, **kwargs):
        """Run a cell as nbclient does; a timed-out cell keeps its index for the report."""
        try:
            return super().execute_cell(cell, cell_index, *args, **kwargs)
        except CellTimeoutError as exc:
            exc.cell_index = cell_index  # as PapermillExecutionError has it
            raise


class WarmEngine(NBClientEngine):
    """Papermill's nbclient engine, running on the worker's kernel manager *and* client."""

    @classmethod
    def execute_managed_notebook(
        cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
        start_timeout=60, execution_timeout=None, **kwargs,
    ):  # fmt: skip
        """As :meth:`papermill.engines.NBClientEngine.execute_managed_notebook`, keeping ``kc``.

        The notebook is written when execution starts and when it ends (papermill's own
        ``notebook_start`` and ``notebook_complete``, a failure included), not before and after
        every cell: a brief's notebook grows to a megabyte of slides, and writing it twenty
        times cost the worker about 0.06 s of CPU a brief.
        """
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        client = WarmNotebookClient(
            nb_man, timeout=execution_timeout, startup_timeout=start_timeout,
            kernel_name=kernel_name, log=logger, log_output=log_output,
            stdout_file=stdout_file, stderr_file=stderr_file, **kwargs,
        )  # fmt: skip
        output_path, nb_man.output_path = nb_man.output_path, None
        try:
            return client.execute()
        finally:
            nb_man.output_path = output_path


papermill_engines.register(ENGINE_NAME, WarmEngine)


class WarmWorker:
    """One batch worker's long-lived kernel, exporter and (optionally) browser."""

    def __init__(self, execution_timeout: float = EXECUTION_TIMEOUT_S, pdf: bool = True):
        self.execution_timeout = execution_timeout
        self.km = None
        self.kc = None
        self.context = zmq.asyncio.Context()  # one for the worker's kernels and clients
        self.exporter = brief_exporter()
        self.printer = PdfPrinter() if pdf else None
        self.want_pdf = pdf
        self.kernels_started = 0

    # ------------------------------------------------------------------ kernel
    def _start_kernel(self) -> None:
        from jupyter_client import AsyncKernelManager

        km = AsyncKernelManager(kernel_name=KERNEL_NAME, context=self.context)
        run_sync(km.start_kernel)(cwd=str(notebooks_dir()))
        self.km = km
        self.kernels_started += 1

    def _new_client(self):
        """A new client (channels) on a newly started kernel, ready to execute."""
        if self.kc is not None:
            with contextlib.suppress(Exception):
                self.kc.stop_channels()
        self.kc = self.km.client(context=self.context)
        self.kc.start_channels()
        run_sync(self.kc.wait_for_ready)(timeout=STARTUP_TIMEOUT_S)
        return self.kc

    def shutdown_kernel(self) -> None:
        """Stop the kernel (if any) at once; the next brief starts a new one."""
        kc, km, self.kc, self.km = self.kc, self.km, None, None
        if kc is not None:
            with contextlib.suppress(Exception):  # a dead kernel's channels may already be gone
                kc.stop_channels()
        if km is not None:
            with contextlib.suppress(Exception):
                run_sync(km.shutdown_kernel)(now=True)
            with contextlib.suppress(Exception):
                run_sync(km.cleanup_resources)()

    def _kernel_alive(self) -> bool:
        return self.km is not None and bool(run_sync(self.km.is_alive)())

    def _fresh_namespace(self) -> None:
        """Start a kernel if there is none, else empty its namespace (modules stay imported).

        The client of a live kernel is kept from brief to brief: a new one waits for the
        kernel and flushes its IOPub channel (0.2 s a brief in ``wait_for_ready``), and
        nbclient reads only the messages whose parent is the request it sent, so nothing of
        an earlier brief reaches the next one's cells.
        """
        if not self._kernel_alive():
            self.shutdown_kernel()
            self._start_kernel()
            self._new_client()
            return
        kc = self.kc if self.kc is not None else self._new_client()
        reply = run_sync(_execute_with_reply)(kc, RESET_CODE)
        if reply["content"].get("status") != "ok":
            raise RuntimeError(f"%reset -f failed in the warm kernel: {reply['content']}")

    # ------------------------------------------------------------------ the three steps
    def execute(
        self,
        region: regions.Region,
        lang: str,
        year: int | None,
        workdir: Path,
        notebook: Path | None = None,
        since: str | None = None,
    ) -> tuple[Path, Path]:
        """Same contract as :func:`helpers.cli.report.execute_brief`, on the warm kernel."""
        import papermill

        notebook = notebook or notebook_for(region)
        executed, sidecar = workdir / "brief.ipynb", workdir / "brief.json"
        parameters = notebook_parameters(region, lang, year, workdir, since)
        try:
            self._fresh_namespace()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                papermill.execute_notebook(
                    str(notebook), str(executed), parameters=parameters, kernel_name=KERNEL_NAME,
                    progress_bar=False, log_output=False, execution_timeout=self.execution_timeout,
                    cwd=str(notebooks_dir()), engine_name=ENGINE_NAME, km=self.km, kc=self.kc,
                )  # fmt: skip
        except BaseException:
            self.shutdown_kernel()  # failed, hung or dead: the next brief gets a new kernel
            raise
        return executed, sidecar

    def export(self, executed: Path, html: Path, lang: str, title: str = "") -> None:
        """:func:`helpers.brief.export.export_html` with this worker's exporter."""
        export_html(executed, html, lang, title=title, exporter=self.exporter)

    def pdf(self, html: Path) -> str:
        """:func:`helpers.brief.pdf.pdf_beside` through this worker's browser (or none)."""
        if not self.want_pdf:
            html.with_suffix(".pdf").unlink(missing_ok=True)  # never a PDF older than its HTML
            return "PDF tidak dibuat / not written: PDF=0"
        return pdf_beside(html, printer=self.printer)

    def close(self) -> None:
        """Stop the kernel and the browser, and drop the worker's ZeroMQ sockets without lingering.

        The worker's kernels and clients share one context; ``destroy(linger=0)`` keeps a
        socket with unsent messages from blocking the process's exit.
        """
        self.shutdown_kernel()
        if self.printer is not None:
            self.printer.close()
        self.context.destroy(linger=0)


async def _execute_with_reply(kc, code: str) -> dict:
    """Run ``code`` silently on the asynchronous client and return the kernel's reply."""
    return await kc.execute(
        code, silent=True, store_history=False, reply=True, timeout=RESET_TIMEOUT_S
    )


_WORKER: WarmWorker | None = None


def worker(execution_timeout: float = EXECUTION_TIMEOUT_S, pdf: bool = True) -> WarmWorker:
    """This process's warm worker, made on first use and closed when the process ends.

    Pool workers end through ``os._exit`` (no ``atexit``), so the clean-up is registered
    with ``multiprocessing.util.Finalize``, which the pool's worker runs on exit.
    """
    global _WORKER
    if _WORKER is None:
        _WORKER = WarmWorker(execution_timeout, pdf)
        multiprocessing.util.Finalize(_WORKER, _WORKER.close, exitpriority=10)
    _WORKER.execution_timeout = execution_timeout
    return _WORKER
