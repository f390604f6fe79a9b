"""Build the briefs of all provinces in parallel (``make reports JOBS=2``).

* Pre-flight once (:mod:`helpers.cli.preflight`): ``LANG``, ``YEAR``, ``JOBS`` (read from
  ``IPAK_LANG``, ``IPAK_YEAR``, ``IPAK_JOBS`` as ``make reports`` passes them) and every
  input — values, targets, microdata, boundary files (invalid → exit 2 before any notebook).
* Runs :func:`helpers.cli.report.build_brief` in a pool of ``JOBS`` worker processes, each
  importing papermill/nbconvert once, with a progress bar on the terminal.
* Skips a province whose brief is up to date: same data, notebooks, code, reference files,
  language and year as recorded in ``brief[.en].key`` next to it.
* A failing province is reported (province, cell, error, where the executed notebook was
  kept) without stopping the others; the command exits 1 at the end if any failed.
* Writes ``reports/index.html`` (atomically) linking every brief with its headline status.
* SIGINT (Ctrl-C), SIGTERM or SIGHUP stop every worker and kernel within seconds
  (:mod:`helpers.cli.stopping`), remove the stopped workers' temporary folders, keep every
  previous brief, print what was finished and what not, and exit 128 + signal (130, 143,
  129) without rewriting the index; the next run skips the briefs that are up to date.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from html import escape
from pathlib import Path

from helpers.brief.export import TEMPLATES_DIR
from helpers.brief.sections import headline_cells
from helpers.cli import preflight, stopping
from helpers.cli.report import build_brief, output_paths, workdir_prefix
from helpers.core.errors import DataValidationError
from helpers.core.paths import PROJECT_ROOT, notebooks_dir, reports_dir
from helpers.data.build import ensure_built, fingerprint
from helpers.reference import regions
from helpers.reference.texts import t

EXIT_SOME_FAILED = 1


@dataclass
class Outcome:
    """What happened to one province."""

    code: str
    name: str
    status: str  # built | skipped | failed
    seconds: float = 0.0
    error: str = ""
    cell: str = ""
    kept_notebook: str = ""


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


def _key_path(region: regions.Region, lang: str, root: Path) -> Path:
    return output_paths(region, lang, root).html.with_suffix(".key")


def _worker(code: str, lang: str, year: int | None, root: str, notebook: str, key: str) -> Outcome:
    region = regions.get(code)
    start = time.perf_counter()
    try:
        build_brief(code, lang, year, Path(root), notebook=Path(notebook))
    except Exception as exc:  # report, keep going with the other provinces  # noqa: BLE001 - any notebook failure is reported per brief; the batch goes on
        cell = ""
        if hasattr(exc, "cell_index"):
            cell = f"sel #{exc.cell_index}"
        error = f"{getattr(exc, 'ename', type(exc).__name__)}: {getattr(exc, 'evalue', exc)}"
        kept = output_paths(region, lang, Path(root)).notebook.with_suffix(".failed.ipynb")
        return Outcome(
            code,
            region.name,
            "failed",
            time.perf_counter() - start,
            error.strip(),
            cell,
            str(kept) if kept.exists() else "",
        )
    _key_path(region, lang, Path(root)).write_text(key)
    return Outcome(code, region.name, "built", time.perf_counter() - start)


def write_index(root: Path, lang: str, outcomes: list[Outcome]) -> Path:
    """Write ``index.html`` linking every province's brief with its headline status."""
    css = (TEMPLATES_DIR / "brief" / "brief.css").read_text()
    by_code = {o.code: o for o in outcomes}
    rows = []
    for region in regions.provinces():
        paths = output_paths(region, lang, root)
        outcome = by_code.get(region.code)
        if paths.html.exists() and paths.sidecar.exists():
            sidecar = json.loads(paths.sidecar.read_text(encoding="utf-8"))
            link = f'<a href="{escape(paths.html.relative_to(root).as_posix(), quote=True)}">{escape(region.name)}</a>'
            cells = headline_cells(sidecar, region.code, lang)
        else:
            link, cells = (
                escape(region.name),
                f'<td colspan="3" class="na">{t("not_available", lang)}</td>',
            )
        flag = (
            f' <span class="synthetic-mark">{t("index_failed", lang)}</span>'
            if outcome and outcome.status == "failed"
            else ""
        )
        rows.append(f"<tr><td>{region.code}</td><td>{link}{flag}</td>{cells}</tr>")
    heads = "".join(
        f"<th>{t(k, lang)}</th>"
        for k in ("index_code", "index_province", "col_spi", "col_ombudsman", "col_mcp")
    )
    html = (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{t("index_title", lang)}</title>'
        f"<style>{css}</style></head><body><main class='brief'><h1>{t('index_title', lang)}</h1>"
        f"<p class='subtitle'>{t('index_subtitle', lang)}</p>"
        f"<table><thead><tr>{heads}</tr></thead><tbody>{''.join(rows)}</tbody></table></main></body></html>"
    )
    name = "index.html" if lang == "id" else f"index.{lang}.html"
    target = root / name
    with tempfile.NamedTemporaryFile(
        "w", dir=root, delete=False, suffix=".tmp", encoding="utf-8"
    ) as handle:
        handle.write(html)
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
) -> list[Outcome]:
    """Build the briefs of ``codes`` (default: all 38 provinces); return one outcome each."""
    from tqdm import tqdm

    root = (root or reports_dir()).resolve()
    root.mkdir(parents=True, exist_ok=True)
    notebook = (notebook or notebooks_dir() / "brief.ipynb").resolve()
    ensure_built()
    data_key, code_key = fingerprint(), code_fingerprint(notebook)
    provinces = (
        [regions.resolve(code, level="province") for code in codes]
        if codes
        else regions.provinces()
    )
    outcomes, todo = [], []
    for region in provinces:
        key = build_key(region, lang, year, data_key, code_key)
        key_path, html = _key_path(region, lang, root), output_paths(region, lang, root).html
        if html.exists() and key_path.exists() and key_path.read_text() == key:
            outcomes.append(Outcome(region.code, region.name, "skipped"))
        else:
            todo.append((region, key))
    bar = tqdm(
        total=len(todo),
        disable=not progress or not todo,
        unit="brief",
        file=sys.stderr,
        desc=f"briefs ({jobs} jobs)",
    )
    workers = max(1, min(jobs, len(todo)))
    pool = ProcessPoolExecutor(max_workers=workers, initializer=stopping.worker_init)
    with stopping.stop_signals():
        try:
            futures = [
                pool.submit(_worker, r.code, lang, year, str(root), str(notebook), key)
                for r, key in todo
            ]
            for future in as_completed(futures):
                outcome = future.result()
                outcomes.append(outcome)
                bar.set_postfix_str(f"{outcome.name}: {outcome.status}")
                bar.update(1)
        except stopping.Stopped as stop:
            bar.close()
            stopped = stopping.stop_tree()
            pool.shutdown(wait=False, cancel_futures=True)
            _remove_workdirs(root, [r for r, _ in todo], stopped)
            done = {o.code for o in outcomes}
            pending = [f"{r.code} {r.name}" for r, _ in todo if r.code not in done]
            raise BatchStopped(stop.signum, stop.exit_code, outcomes, pending) from None
    pool.shutdown()
    bar.close()
    outcomes.sort(key=lambda o: o.code)
    write_index(root, lang, outcomes)
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


def main(argv: list[str] | None = None) -> int:
    """Command line entry point (``make reports``); defaults come from ``IPAK_*`` variables."""
    env = os.environ.get
    parser = argparse.ArgumentParser(description="Build briefs for all provinces in parallel.")
    parser.add_argument("--jobs", default=env("IPAK_JOBS", ""), help="default: one per CPU")
    parser.add_argument("--lang", default=env("IPAK_LANG", "") or "id", help="id|en")
    parser.add_argument("--year", default=env("IPAK_YEAR", ""), help="default: latest IPAK")
    parser.add_argument("--provinces", default="", help="comma-separated subset (codes or names)")
    parser.add_argument("--reports-dir", type=Path, default=None)
    parser.add_argument(
        "--notebook", type=Path, default=None, help="brief notebook (default notebooks/brief.ipynb)"
    )
    args = parser.parse_args(argv)
    try:
        names = [c.strip() for c in str(args.provinces).split(",") if c.strip()]
        codes = [preflight.resolve_province(c, "--provinces").code for c in names] or None
        plan = preflight.run(lang=args.lang, year=args.year, jobs=args.jobs, need_region=False)
    except (preflight.ParameterError, DataValidationError) as exc:
        return preflight.refuse(exc)
    for note in plan.notes:
        print(note, file=sys.stderr)
    try:
        outcomes = run_batch(
            codes, plan.jobs or os.cpu_count() or 2, plan.lang, plan.year, args.reports_dir,
            args.notebook,
        )  # fmt: skip
    except BatchStopped as stop:
        return _report_stop(stop)
    except DataValidationError as exc:
        return preflight.refuse(exc)
    built = sum(o.status == "built" for o in outcomes)
    skipped = sum(o.status == "skipped" for o in outcomes)
    failed = [o for o in outcomes if o.status == "failed"]
    print(f"{built} dibuat, {skipped} sudah mutakhir (dilewati), {len(failed)} gagal.")
    for o in failed:
        print(f"GAGAL {o.code} {o.name}: {o.cell} {o.error}".rstrip(), file=sys.stderr)
        if o.kept_notebook:
            print(f"      notebook disimpan: {o.kept_notebook}", file=sys.stderr)
    root = (args.reports_dir or reports_dir()).resolve()
    print(f"Indeks: {root / ('index.html' if plan.lang == 'id' else f'index.{plan.lang}.html')}")
    return EXIT_SOME_FAILED if failed else 0


if __name__ == "__main__":
    sys.exit(main())
