"""Build the briefs of all provinces in parallel (``make reports JOBS=2``).

* Validates ``data/raw`` once (invalid input → exit 2 before any notebook runs).
* Runs :func:`helpers.cli.report.build_brief` in a pool of ``JOBS`` worker processes, each
  importing papermill/nbconvert once, with a progress bar on the terminal.
* Skips a province whose brief is up to date: same data, notebooks, code, reference files,
  language and year as recorded in ``brief[.en].key`` next to it.
* A failing province is reported (province, cell, error, where the executed notebook was
  kept) without stopping the others; the command exits 1 at the end if any failed.
* Writes ``reports/index.html`` (atomically) linking every brief with its headline status.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from html import escape
from pathlib import Path

from helpers.brief.export import TEMPLATES_DIR
from helpers.brief.sections import headline_cells
from helpers.cli.report import build_brief, output_paths
from helpers.core.errors import EXIT_BAD_INPUT, DataValidationError
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
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [
            pool.submit(_worker, r.code, lang, year, str(root), str(notebook), key)
            for r, key in todo
        ]
        for future in as_completed(futures):
            outcome = future.result()
            outcomes.append(outcome)
            bar.set_postfix_str(f"{outcome.name}: {outcome.status}")
            bar.update(1)
    bar.close()
    outcomes.sort(key=lambda o: o.code)
    write_index(root, lang, outcomes)
    return outcomes


def main(argv: list[str] | None = None) -> int:
    """Command line entry point (``make reports``)."""
    parser = argparse.ArgumentParser(description="Build briefs for all provinces in parallel.")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--lang", default="id", choices=["id", "en"])
    parser.add_argument("--year", type=int, default=None)
    parser.add_argument("--provinces", default="", help="comma-separated subset (codes or names)")
    parser.add_argument("--reports-dir", type=Path, default=None)
    parser.add_argument(
        "--notebook", type=Path, default=None, help="brief notebook (default notebooks/brief.ipynb)"
    )
    args = parser.parse_args(argv)
    codes = [c.strip() for c in args.provinces.split(",") if c.strip()] or None
    try:
        outcomes = run_batch(
            codes, args.jobs, args.lang, args.year, args.reports_dir, args.notebook
        )
    except DataValidationError as exc:
        print(exc.render(), file=sys.stderr)
        return EXIT_BAD_INPUT
    except ValueError as exc:  # unknown province in --provinces
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    built = sum(o.status == "built" for o in outcomes)
    skipped = sum(o.status == "skipped" for o in outcomes)
    failed = [o for o in outcomes if o.status == "failed"]
    print(f"{built} dibuat, {skipped} sudah mutakhir (dilewati), {len(failed)} gagal.")
    for o in failed:
        print(f"GAGAL {o.code} {o.name}: {o.cell} {o.error}".rstrip(), file=sys.stderr)
        if o.kept_notebook:
            print(f"      notebook disimpan: {o.kept_notebook}", file=sys.stderr)
    root = (args.reports_dir or reports_dir()).resolve()
    print(f"Indeks: {root / ('index.html' if args.lang == 'id' else f'index.{args.lang}.html')}")
    return EXIT_SOME_FAILED if failed else 0


if __name__ == "__main__":
    sys.exit(main())
