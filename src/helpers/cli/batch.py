"""Build the briefs of many governments in parallel (``make reports LEVEL=all JOBS=2``).

* ``LEVEL`` (``IPAK_LEVEL``): ``province`` (default, the 38 provinces), ``kabkota`` (the 514
  kab/kota: 508 autonomous governments and DKI's 6 administrative areas, whose briefs say that
  SPI, MCP and Ombudsman do not apply to them) or ``all`` (both, 552 briefs).
* Warm workers (:mod:`helpers.cli.warm`): each worker keeps one Jupyter kernel, one HTML
  exporter and one headless Chromium for all its briefs; every brief runs in a fresh
  namespace and gives the same HTML as a cold ``make report``. ``PDF=0`` (``IPAK_PDF``)
  skips the PDFs. A brief that fails or runs past ``--execution-timeout``
  (``IPAK_EXECUTION_TIMEOUT``, seconds) is reported and its worker's kernel replaced.

* Pre-flight once (:mod:`helpers.cli.preflight`): ``LANG``, ``YEAR``, ``JOBS`` (read from
  ``IPAK_LANG``, ``IPAK_YEAR``, ``IPAK_JOBS`` as ``make reports`` passes them) and every
  input — values, targets, microdata, boundary files (invalid → exit 2 before any notebook).
* Runs the two halves of :func:`helpers.cli.report.build_brief` in a pool of ``JOBS`` worker
  processes, each importing papermill/nbconvert once, with a progress bar on the terminal. A
  worker takes a few neighbouring governments at a time (they share a province's charts) and
  pipelines them: while its kernel executes one notebook, a thread exports, renders and
  prints the one before.
* Skips a government whose brief is up to date: same data, notebooks, code, reference files,
  language and year as recorded in ``brief[.en].key`` next to it.
* A failing government is reported (government, cell, error, where the executed notebook was
  kept) without stopping the others; the command exits 1 at the end if any failed.
* Writes ``reports/index.html`` (atomically): every government with a brief, grouped by
  province (the Pemprov first, then its kab/kota), its headline statuses, and a name/code and
  status filter that work offline (plain HTML/JS in the file).
* SIGINT (Ctrl-C), SIGTERM or SIGHUP stop every worker and kernel within seconds
  (:mod:`helpers.cli.stopping`), remove the stopped workers' temporary folders, keep every
  previous brief, print what was finished and what not, and exit 128 + signal (130, 143,
  129) without rewriting the index; the next run skips the briefs that are up to date.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import signal
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from helpers.brief.content.document import from_json
from helpers.brief.export import TEMPLATES_DIR
from helpers.brief.render.index import INDICATORS, headline_values
from helpers.brief.render.jinja import render, safe
from helpers.cli import preflight, stopping, warm
from helpers.cli.report import (
    ALL_FORMATS,
    EXECUTION_TIMEOUT_S,
    Formats,
    finish_brief,
    notebook_for,
    output_paths,
    start_brief,
    workdir_prefix,
)
from helpers.core.errors import DataValidationError
from helpers.core.paths import PROJECT_ROOT, make_shareable, reports_dir
from helpers.data.build import ensure_built, fingerprint
from helpers.reference import regions
from helpers.reference.texts import t

EXIT_SOME_FAILED = 1
LEVELS = ("province", "kabkota", "all")


@dataclass
class Outcome:
    """What happened to one government."""

    code: str
    name: str
    status: str  # built | skipped | failed
    seconds: float = 0.0
    error: str = ""
    cell: str = ""
    kept_notebook: str = ""
    pdf_note: str = ""


class BatchStopped(Exception):  # noqa: N818 - "the batch was stopped" by a signal
    """A stop signal ended the batch: what was finished, what not, and the exit code."""

    def __init__(self, signum: int, exit_code: int, finished: list[Outcome], pending: list[str]):
        self.signum, self.exit_code = signum, exit_code
        self.finished, self.pending = finished, pending
        super().__init__(f"stopped by signal {signum}")


def code_fingerprint(notebook: Path) -> str:
    """Hash of the notebook and every file of the package and reference data."""
    digest = hashlib.sha256()
    files = [notebook]
    files += sorted((PROJECT_ROOT / "src" / "helpers").rglob("*"))
    files += sorted((PROJECT_ROOT / "data" / "reference").rglob("*"))
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(
                str(
                    path.relative_to(PROJECT_ROOT) if path.is_relative_to(PROJECT_ROOT) else path
                ).encode()
            )
            digest.update(path.read_bytes())
    return digest.hexdigest()


def build_key(
    region: regions.Region, lang: str, year: int | None, data_key: str, code_key: str
) -> str:
    """Key that changes whenever anything the brief depends on changes."""
    return hashlib.sha256(f"{data_key}|{code_key}|{region.code}|{lang}|{year}".encode()).hexdigest()


def _key_path(region: regions.Region, lang: str, root: Path, since: str | None = None) -> Path:
    return output_paths(region, lang, root, since=since).html.with_suffix(".key")


def governments(level: str = "province") -> list[regions.Region]:
    """The governments of a batch ``level``: provinces, kab/kota (all 514), or both (552)."""
    if level not in LEVELS:
        raise preflight.ParameterError(
            f"LEVEL={preflight.shown(level)} tidak dikenal / unknown: pakai province, kabkota atau all"
        )
    found = regions.provinces() if level in ("province", "all") else []
    if level in ("kabkota", "all"):
        found += regions.regencies()
    return found


CHUNK_BRIEFS = 4  # briefs a worker takes at once (fewer in a small batch, so all workers get some)


def _failed(region: regions.Region, lang: str, root: Path, since, start: float, exc) -> Outcome:
    """The outcome of a brief whose notebook, export or rendering raised ``exc``."""
    cell = f"sel #{exc.cell_index}" if hasattr(exc, "cell_index") else ""
    evalue = str(getattr(exc, "evalue", exc)).strip().splitlines() or [""]
    error = f"{getattr(exc, 'ename', type(exc).__name__)}: {evalue[0]}"
    kept = output_paths(region, lang, root, since=since).notebook.with_suffix(".failed.ipynb")
    return Outcome(region.code, region.name, "failed", time.perf_counter() - start,
                   error.strip(), cell, str(kept) if kept.exists() else "")  # fmt: skip


_FINISHER: ThreadPoolExecutor | None = None


def _finisher() -> ThreadPoolExecutor:
    """This worker process's one thread for the second half of its briefs."""
    global _FINISHER
    if _FINISHER is None:
        _FINISHER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="finish-brief")
    return _FINISHER


def _worker(
    tasks: list[tuple[str, str, str]], lang: str, year: int | None, root: str,
    timeout: float = EXECUTION_TIMEOUT_S, pdf: bool = True, formats: Formats = ALL_FORMATS,
    since: str | None = None,
) -> list[Outcome]:  # fmt: skip
    """Build a few briefs (``(code, notebook, key)`` each) on this process's warm worker.

    Pipelined: while the kernel executes one brief's notebook, a thread exports, renders
    (PowerPoint, Excel) and prints (Chromium) the one before, so the kernel, this process and
    the browser work at once. Every brief gets its own outcome; a failure stops only its brief.
    """
    runner = warm.worker(timeout, pdf)
    outcomes: list[Outcome] = []
    waiting = None  # (future, region, key, start) of the brief being finished

    def collect() -> None:
        future, region, key, start = waiting
        try:
            _final, pdf_line = future.result()
        except Exception as exc:  # noqa: BLE001 - reported per brief; the batch goes on
            outcomes.append(_failed(region, lang, Path(root), since, start, exc))
            return
        _key_path(region, lang, Path(root), since).write_text(key)
        note = pdf_line if "PDF tidak" in pdf_line else ""
        outcomes.append(Outcome(region.code, region.name, "built", time.perf_counter() - start,
                                pdf_note=note))  # fmt: skip

    for code, notebook, key in tasks:
        region, start = regions.get(code), time.perf_counter()
        try:
            staged = start_brief(code, lang, year, Path(root), Path(notebook),
                                 execute=runner.execute, since=since)  # fmt: skip
        except Exception as exc:  # noqa: BLE001 - any notebook failure is reported per brief; the batch goes on
            outcomes.append(_failed(region, lang, Path(root), since, start, exc))
            continue
        if waiting is not None:
            collect()
        future = _finisher().submit(finish_brief, staged, export=runner.export,
                                    pdf=runner.pdf, formats=formats)  # fmt: skip
        waiting = (future, region, key, start)
    if waiting is not None:
        collect()
    return outcomes


def _index_row(
    region: regions.Region, root: Path, lang: str, outcome: Outcome | None, since: str | None = None
) -> dict:
    paths = output_paths(region, lang, root, since=since)
    row = {
        "code": region.code,
        "name": region.name,
        "search": " ".join(dict.fromkeys([region.name, region.short_name, region.kemendagri_code])),
        "kabkota": region.level == "regency",
        "href": "",
        "cells": [],
        "failed": bool(outcome and outcome.status == "failed"),
    }
    if paths.html.exists() and paths.sidecar.exists():
        row["href"] = paths.html.relative_to(root).as_posix()
        try:
            content = from_json(paths.sidecar.read_text(encoding="utf-8"))
        except (ValueError, KeyError, TypeError):  # a brief.json of an older schema: no cells
            content = None
        if content is not None:
            values = headline_values(content, lang)
            row["cells"] = [
                dict(cell, indicator=key) for key, cell in zip(INDICATORS, values, strict=True)
            ]
    return row


def write_index(
    root: Path,
    lang: str,
    outcomes: list[Outcome],
    level: str = "province",
    since: str | None = None,
) -> Path:
    """Write ``index.html``: every government of ``level`` or with a brief, grouped by province.

    Each province's group starts with the Pemprov, then its kab/kota by code; links are
    relative; the filters are plain JavaScript in the file (no network); every data text is
    escaped by the template.
    """
    css = (TEMPLATES_DIR / "brief" / "brief.css").read_text()
    by_code = {o.code: o for o in outcomes}
    wanted = {r.code for r in governments(level)} | set(by_code)
    groups = []
    for province in regions.provinces():
        members = [
            province,
            *regions.regencies(province.code),
        ]
        rows = [
            _index_row(region, root, lang, by_code.get(region.code), since) for region in members
        ]
        rows = [
            row
            for row, region in zip(rows, members, strict=True)
            if region.code in wanted or row["href"]
        ]
        if rows:
            groups.append({"code": province.code, "name": province.name, "rows": rows})
    statuses = sorted(
        {
            cell["chip"].label
            for g in groups
            for row in g["rows"]
            for cell in row["cells"]
            if cell["chip"]
        }
    )
    keys = (
        "title", "subtitle", "code", "government", "failed", "not_available", "filter_label",
        "filter_placeholder", "indicator_label", "indicator_any", "status_label", "status_all",
        "status_none", "count", "no_match",
    )  # fmt: skip
    texts = {k: t(k if k == "not_available" else f"index_{k}", lang) for k in keys}
    indicators = [(key, t(f"col_{key}", lang)) for key in INDICATORS]
    html = render(
        "batch_index.html.j2", lang=lang, css=safe(css), texts=texts, indicators=indicators,
        statuses=statuses, groups=groups,
    )  # fmt: skip
    name = "index.html" if lang == "id" else f"index.{lang}.html"
    target = root / name
    with tempfile.NamedTemporaryFile(
        "w", dir=root, delete=False, suffix=".tmp", encoding="utf-8"
    ) as handle:
        handle.write(html)
    make_shareable(Path(handle.name))  # readable by whoever may read the briefs
    os.replace(handle.name, target)
    return target


def run_batch(
    codes: list[str] | None = None,
    jobs: int = 2,
    lang: str = "id",
    year: int | None = None,
    root: Path | None = None,
    notebook: Path | None = None,
    progress: bool = True,
    level: str = "province",
    execution_timeout: float = EXECUTION_TIMEOUT_S,
    pdf: bool = True,
    formats: Formats = ALL_FORMATS,
    since: str | None = None,
) -> list[Outcome]:
    """Build the briefs of ``codes`` (default: every government of ``level``); one outcome each.

    ``notebook`` replaces the brief notebook of every government (tests); by default a
    province gets ``brief.ipynb``, a kab/kota ``brief_kabkota.ipynb``.
    """
    from tqdm import tqdm

    root = (root or reports_dir()).resolve()
    root.mkdir(parents=True, exist_ok=True)
    notebook = notebook.resolve() if notebook else None
    ensure_built()
    data_key = fingerprint()
    code_keys: dict[Path, str] = {}
    targets = [regions.resolve(code) for code in codes] if codes else governments(level)
    outcomes, todo = [], []
    for region in targets:
        book = notebook or notebook_for(region).resolve()
        if book not in code_keys:
            code_keys[book] = code_fingerprint(book)
        key = build_key(region, lang, year, data_key, code_keys[book] + f"|since={since}")
        key_path = _key_path(region, lang, root, since)
        html = output_paths(region, lang, root, since=since).html
        if html.exists() and key_path.exists() and key_path.read_text() == key:
            outcomes.append(Outcome(region.code, region.name, "skipped"))
        else:
            todo.append((region, key, book))
    bar = tqdm(
        total=len(todo),
        disable=not progress or not todo,
        unit="brief",
        file=sys.stderr,
        desc=f"briefs ({jobs} jobs)",
    )
    workers = max(1, min(jobs, len(todo)))
    size = max(1, min(CHUNK_BRIEFS, len(todo) // (2 * workers)))  # a small batch: every worker
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    pool = ProcessPoolExecutor(max_workers=workers, initializer=stopping.worker_init)
    with stopping.stop_signals():
        try:
            futures = [
                pool.submit(
                    _worker,
                    [(r.code, str(book), key) for r, key, book in chunk],
                    lang,
                    year,
                    str(root),
                    execution_timeout,
                    pdf,
                    formats,
                    since,
                )  # fmt: skip
                for chunk in chunks
            ]
            for future in as_completed(futures):
                for outcome in future.result():
                    outcomes.append(outcome)
                    bar.set_postfix_str(f"{outcome.name}: {outcome.status}")
                    bar.update(1)
        except stopping.Stopped as stop:
            bar.close()
            stopped = stopping.stop_tree()
            pool.shutdown(wait=False, cancel_futures=True)
            _remove_workdirs(root, [r for r, _, _ in todo], stopped)
            done = {o.code for o in outcomes}
            pending = [f"{r.code} {r.name}" for r, _, _ in todo if r.code not in done]
            raise BatchStopped(stop.signum, stop.exit_code, outcomes, pending) from None
    pool.shutdown()
    bar.close()
    outcomes.sort(key=lambda o: o.code)
    write_index(root, lang, outcomes, level, since)
    return outcomes


def _remove_workdirs(root: Path, todo: list[regions.Region], pids: list[int]) -> None:
    """Remove the temporary folders of the workers that were stopped (never anyone else's)."""
    for region in todo:
        folder = output_paths(region, "id", root).html.parent
        for pid in pids:
            for workdir in folder.glob(f"{workdir_prefix(region.slug, pid)}*"):
                shutil.rmtree(workdir, ignore_errors=True)


def _report_stop(stop: BatchStopped) -> int:
    name = signal.Signals(stop.signum).name
    finished = [o for o in stop.finished if o.status in ("built", "skipped")]
    print(
        f"Dihentikan / stopped ({name}): {len(finished)} selesai, {len(stop.pending)} belum "
        "dibuat; brief sebelumnya tidak diubah, indeks tidak ditulis ulang. "
        "Jalankan lagi untuk melanjutkan (brief yang mutakhir dilewati).",
        file=sys.stderr,
    )
    for outcome in sorted(stop.finished, key=lambda o: o.code):
        print(f"  {outcome.status:8} {outcome.code} {outcome.name}", file=sys.stderr)
    for pending in stop.pending:
        print(f"  belum    {pending}", file=sys.stderr)
    return stop.exit_code


def check_level(text: str | None) -> str:
    """``LEVEL``: province (default), kabkota or all; anything else is refused (exit 2)."""
    value = preflight.plain_text("LEVEL", text).lower() or "province"
    if value not in LEVELS:
        raise preflight.ParameterError(
            f"LEVEL={preflight.shown(value)} tidak dikenal / unknown: pakai province, kabkota atau all"
        )
    return value


def check_timeout(text: str | None) -> float:
    """``EXECUTION_TIMEOUT``: seconds (a positive number) one notebook cell may run."""
    value = preflight.plain_text("EXECUTION_TIMEOUT", text)
    if not value:
        return float(EXECUTION_TIMEOUT_S)
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 86400:
        raise preflight.ParameterError(
            f"EXECUTION_TIMEOUT={preflight.shown(value)} bukan detik positif / not positive "
            "seconds (mis. EXECUTION_TIMEOUT=600)"
        )
    return seconds


def check_pdf(text: str | None) -> bool:
    """``PDF``: 1 (default) prints a PDF beside each brief, 0 does not."""
    return preflight.check_flag("PDF", text)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point (``make reports``); defaults come from ``IPAK_*`` variables."""
    env = os.environ.get
    parser = argparse.ArgumentParser(
        description="Build the briefs of many governments in parallel."
    )
    parser.add_argument("--jobs", default=env("IPAK_JOBS", ""), help="default: one per CPU")
    parser.add_argument("--lang", default=env("IPAK_LANG", "") or "id", help="id|en")
    parser.add_argument("--year", default=env("IPAK_YEAR", ""), help="default: latest IPAK")
    parser.add_argument(
        "--level", default=env("IPAK_LEVEL", "") or "province", help="province|kabkota|all"
    )
    parser.add_argument(
        "--provinces", "--regions", default="", help="comma-separated subset (codes or names)"
    )
    parser.add_argument(
        "--execution-timeout",
        default=env("IPAK_EXECUTION_TIMEOUT", ""),
        help=f"seconds one cell may run (default {EXECUTION_TIMEOUT_S})",
    )
    parser.add_argument("--pdf", default=env("IPAK_PDF", ""), help="1 (default) or 0: print PDFs")
    parser.add_argument("--pptx", default=env("IPAK_PPTX", ""), help="1 (default) or 0: PowerPoint")
    parser.add_argument(
        "--since", default=env("IPAK_SINCE", ""), help="last rakor: YYYY-MM-DD or a year"
    )
    parser.add_argument("--xlsx", default=env("IPAK_XLSX", ""), help="1 (default) or 0: Excel")
    parser.add_argument("--reports-dir", type=Path, default=None)
    parser.add_argument(
        "--notebook", type=Path, default=None, help="brief notebook (default notebooks/brief.ipynb)"
    )
    args = parser.parse_args(argv)
    try:
        names = [c.strip() for c in str(args.provinces).split(",") if c.strip()]
        codes = [preflight.resolve_province(c, "--provinces").code for c in names] or None
        level = check_level(args.level)
        timeout = check_timeout(args.execution_timeout)
        pdf = check_pdf(args.pdf)
        since = preflight.check_since(args.since)
        formats = Formats(
            preflight.check_flag("PPTX", args.pptx), preflight.check_flag("XLSX", args.xlsx)
        )
        plan = preflight.run(lang=args.lang, year=args.year, jobs=args.jobs, need_region=False)
    except (preflight.ParameterError, DataValidationError) as exc:
        return preflight.refuse(exc)
    for note in plan.notes:
        print(note, file=sys.stderr)
    try:
        outcomes = run_batch(
            codes, plan.jobs or os.cpu_count() or 2, plan.lang, plan.year, args.reports_dir,
            args.notebook, level=level, execution_timeout=timeout, pdf=pdf, formats=formats,
            since=since,
        )  # fmt: skip
    except BatchStopped as stop:
        return _report_stop(stop)
    except DataValidationError as exc:
        return preflight.refuse(exc)
    built = sum(o.status == "built" for o in outcomes)
    skipped = sum(o.status == "skipped" for o in outcomes)
    failed = [o for o in outcomes if o.status == "failed"]
    print(f"{built} dibuat, {skipped} sudah mutakhir (dilewati), {len(failed)} gagal.")
    no_pdf = [o for o in outcomes if o.pdf_note]
    if no_pdf and pdf:
        print(f"{len(no_pdf)} brief tanpa PDF: {no_pdf[0].pdf_note}", file=sys.stderr)
    for o in failed:
        print(f"GAGAL {o.code} {o.name}: {o.cell} {o.error}".rstrip(), file=sys.stderr)
        if o.kept_notebook:
            print(f"      notebook disimpan: {o.kept_notebook}", file=sys.stderr)
    root = (args.reports_dir or reports_dir()).resolve()
    print(f"Indeks: {root / ('index.html' if plan.lang == 'id' else f'index.{plan.lang}.html')}")
    return EXIT_SOME_FAILED if failed else 0


if __name__ == "__main__":
    sys.exit(main())
