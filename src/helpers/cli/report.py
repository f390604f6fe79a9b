"""Build one province brief: ``python -m helpers.cli.report --region Kalteng [--lang en]``.

Steps, each stopping with a clear message and a non-zero exit before anything is
overwritten:

1. pre-flight (:mod:`helpers.cli.preflight`): the province (unknown → exit 2 with the three
   closest names), language and year, then every input — values, targets, microdata,
   boundary files — rebuilding ``data/processed`` if the inputs changed (invalid → exit 2);
2. nothing else reads a parameter from a shell: ``make report`` passes ``REGION`` (alias
   ``PROVINCE``), ``LANG`` and ``YEAR`` as ``IPAK_*`` environment variables, the defaults
   of the options below;
3. execute ``notebooks/brief.ipynb`` with papermill (explicit kernel, province code passed
   as a string) into a temporary folder;
4. export HTML through the offline ``brief`` template (no code, prompts, stderr, CDN);
5. move the brief, its JSON sidecar and the executed notebook into
   ``reports/<province-slug>/`` with atomic renames, so a killed run leaves the previous
   brief in place.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from helpers.brief.export import export_html, sign_notebook
from helpers.brief.pdf import pdf_beside
from helpers.cli import preflight
from helpers.cli.preflight import ProvinceError, resolve_province
from helpers.core.errors import DataValidationError
from helpers.core.paths import PROJECT_ROOT, notebooks_dir, reports_dir
from helpers.data.build import ensure_built, load_processed
from helpers.reference import regions
from helpers.reference.texts import t

KERNEL_NAME = "ipak-brief"
EXECUTION_TIMEOUT_S = 900
EXIT_NOTEBOOK_FAILED = 1


@dataclass
class BriefPaths:
    """Where one brief's files land."""

    html: Path
    sidecar: Path
    notebook: Path

    @property
    def pptx(self) -> Path:
        """The editable PowerPoint deck beside the HTML."""
        return self.html.with_suffix(".pptx")

    @property
    def xlsx(self) -> Path:
        """The Excel workbook of every table and series beside the HTML."""
        return self.html.with_suffix(".xlsx")


@dataclass(frozen=True)
class Formats:
    """Which files beside the HTML and its sidecar a build writes (``PPTX=0``, ``XLSX=0``)."""

    pptx: bool = True
    xlsx: bool = True


ALL_FORMATS = Formats()


def write_office(sidecar: Path, lang: str, workdir: Path, formats: Formats) -> dict[str, Path]:
    """Render the PowerPoint deck and the Excel workbook from the brief's one content build.

    The notebook built the content and wrote it as ``brief.json``; both files are rendered
    from it (no second build). Returns the written files by suffix.
    """
    from helpers.brief.content.document import from_json
    from helpers.brief.render.pptx import write_pptx
    from helpers.brief.render.xlsx import write_xlsx

    written: dict[str, Path] = {}
    if not (formats.pptx or formats.xlsx):
        return written
    content = from_json(sidecar.read_text(encoding="utf-8"))
    if formats.pptx:
        written["pptx"] = workdir / "brief.pptx"
        write_pptx(content, lang, written["pptx"], figures_folder=workdir / "figures")
    if formats.xlsx:
        written["xlsx"] = workdir / "brief.xlsx"
        write_xlsx(content, lang, written["xlsx"])
    return written


def output_paths(
    region: regions.Region,
    lang: str,
    root: Path | None = None,
    year: int | None = None,
    since: str | None = None,
) -> BriefPaths:
    """Return the final paths of a brief.

    ``reports/<province>/brief.html`` for a province, ``reports/<province>/<kabkota>/brief.html``
    for a kab/kota; ``brief.en.html`` in English; a non-default ``year`` goes into the name
    (``brief.2023.html``) so it never overwrites the default brief.
    """
    folder = (root or reports_dir()) / region.slug
    if region.level == "regency":
        folder = (root or reports_dir()) / regions.get(region.province_code).slug / region.slug
    stem = "brief" + (f".{year}" if year is not None else "") + (f".since-{since}" if since else "")
    stem += "" if lang == "id" else f".{lang}"
    return BriefPaths(folder / f"{stem}.html", folder / f"{stem}.json", folder / f"{stem}.ipynb")


def notebook_for(region: regions.Region) -> Path:
    """The brief notebook of a government's level (province or kab/kota)."""
    name = "brief_kabkota.ipynb" if region.level == "regency" else "brief.ipynb"
    return notebooks_dir() / name


def default_year() -> int | None:
    """The year a brief takes when none is given: the latest published SPI (the content's rule)."""
    from helpers.brief.content.assemble import default_year as content_default_year

    return content_default_year(load_processed(rebuild_if_stale=False))


def notebook_parameters(
    region: regions.Region, lang: str, year: int | None, workdir: Path, since: str | None = None
) -> dict:
    """The brief notebook's parameters (cold and warm runs alike); code passed as text."""
    parameters = {"province": str(region.code), "lang": lang,
                  "sidecar_path": str(workdir / "brief.json"),
                  "figures_folder": str(workdir / "figures")}  # fmt: skip
    if year is not None:
        parameters["year"] = int(year)
    if since:
        parameters["since"] = str(since)
    return parameters


def execute_brief(
    region: regions.Region,
    lang: str,
    year: int | None,
    workdir: Path,
    notebook: Path | None = None,
    since: str | None = None,
) -> tuple[Path, Path]:
    """Run the brief notebook for ``region`` in ``workdir``; return (executed, sidecar)."""
    import papermill

    notebook = notebook or notebook_for(region)
    executed = workdir / "brief.ipynb"
    sidecar = workdir / "brief.json"
    parameters = notebook_parameters(region, lang, year, workdir, since)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        papermill.execute_notebook(
            str(notebook), str(executed), parameters=parameters, kernel_name=KERNEL_NAME,
            progress_bar=False, log_output=False, execution_timeout=EXECUTION_TIMEOUT_S,
            cwd=str(notebooks_dir()),
        )  # fmt: skip
    return executed, sidecar


def workdir_prefix(slug: str, pid: int) -> str:
    """Prefix of the temporary folder a process builds a brief in (``.tmp-<slug>-<pid>-``).

    The pid lets :mod:`helpers.cli.batch` remove exactly the folders of workers it stopped.
    """
    return f".tmp-{slug}-{pid}-"


def _remove_stale_workdirs(folder: Path, slug: str) -> None:
    """Remove temporary folders a killed run left behind (older than two execution timeouts)."""
    import time

    for stale in folder.glob(f".tmp-{slug}-*"):
        if stale.is_dir() and time.time() - stale.stat().st_mtime > 2 * EXECUTION_TIMEOUT_S:
            shutil.rmtree(stale, ignore_errors=True)


@dataclass
class StagedBrief:
    """A brief whose notebook ran: its executed notebook and sidecar wait in ``workdir``."""

    region: regions.Region
    lang: str
    final: BriefPaths
    workdir: Path
    executed: Path
    sidecar: Path


def start_brief(
    province: str,
    lang: str = "id",
    year: int | None = None,
    root: Path | None = None,
    notebook: Path | None = None,
    *,
    execute=execute_brief,
    since: str | None = None,
) -> StagedBrief:
    """First half of :func:`build_brief`: run the notebook into a temporary folder.

    On failure the temporary folder is removed, the executed notebook kept as
    ``brief[.en].failed.ipynb`` and the error raised; nothing final is touched.
    """
    region = resolve_province(province)
    ensure_built()
    named_year = None if year is None or int(year) == default_year() else int(year)
    final = output_paths(region, lang, root, named_year, since)
    final.html.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_workdirs(final.html.parent, region.slug)
    workdir = Path(
        tempfile.mkdtemp(prefix=workdir_prefix(region.slug, os.getpid()), dir=final.html.parent)
    )
    try:
        extra = {"since": since} if since else {}
        executed, sidecar = execute(region, lang, year, workdir, notebook, **extra)
    except Exception:
        failed = workdir / "brief.ipynb"
        if failed.exists():
            shutil.copy2(failed, final.notebook.with_suffix(".failed.ipynb"))
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    return StagedBrief(region, lang, final, workdir, executed, sidecar)


def finish_brief(
    staged: StagedBrief,
    *,
    export=export_html,
    pdf=pdf_beside,
    formats: Formats = ALL_FORMATS,
) -> tuple[BriefPaths, str]:
    """Second half of :func:`build_brief`: export, render, rename into place, print the PDF.

    Returns the final paths and the PDF line (written, or why not). A batch worker runs it
    in a thread while its kernel executes the next brief.
    """
    region, lang, final, workdir = staged.region, staged.lang, staged.final, staged.workdir
    try:
        html = workdir / "brief.html"
        export(staged.executed, html, lang, title=t("brief_title", lang, province=region.name))
        office = write_office(staged.sidecar, lang, workdir, formats)
        sign_notebook(staged.executed)  # trusted in JupyterLab: the outputs' styles show
        # Atomic renames within one folder; the HTML last, so it is never newer than its data.
        os.replace(staged.executed, final.notebook)
        os.replace(staged.sidecar, final.sidecar)
        for suffix, target in (("pptx", final.pptx), ("xlsx", final.xlsx)):
            if suffix in office:
                os.replace(office[suffix], target)
            else:  # skipped (PPTX=0 / XLSX=0): never a deck older than its brief beside it
                target.unlink(missing_ok=True)
        os.replace(html, final.html)
        stale_failure = final.notebook.with_suffix(".failed.ipynb")
        if stale_failure.exists():
            stale_failure.unlink()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return final, pdf(final.html)  # brief[.en].pdf beside the HTML, or how to get Chromium


def build_brief(
    province: str,
    lang: str = "id",
    year: int | None = None,
    root: Path | None = None,
    notebook: Path | None = None,
    *,
    execute=execute_brief,
    export=export_html,
    pdf=pdf_beside,
    formats: Formats = ALL_FORMATS,
    since: str | None = None,
) -> BriefPaths:
    """Build one brief end to end and return its final paths (see module docstring).

    ``execute``, ``export`` and ``pdf`` default to the cold path (papermill, a fresh
    exporter, one Chromium per print); a batch passes its warm worker's
    (:mod:`helpers.cli.warm`), with the same signatures.

    Raises :class:`ProvinceError`, :class:`DataValidationError` or papermill's
    ``PapermillExecutionError``; on any error the previous brief is left untouched and the
    executed notebook of a failed run is kept as ``brief[.en].failed.ipynb``.
    """
    staged = start_brief(province, lang, year, root, notebook, execute=execute, since=since)
    final, pdf_line = finish_brief(staged, export=export, pdf=pdf, formats=formats)
    print(pdf_line)
    return final


def _no_pdf(html: Path) -> str:
    """``PDF=0``: no PDF, and none older than its brief left beside it."""
    html.with_suffix(".pdf").unlink(missing_ok=True)
    return "PDF: dilewati / skipped (PDF=0)"


def main(argv: list[str] | None = None) -> int:
    """Command line entry point (``make report``); defaults come from ``IPAK_*`` variables."""
    env = os.environ.get
    parser = argparse.ArgumentParser(
        description="Build one brief (province or kab/kota): HTML, PDF and JSON sidecar."
    )
    parser.add_argument(
        "--region",
        default=None,
        help="province or kab/kota: code, name or alias (Kalteng, 62, Kobar, 6201); env IPAK_REGION",
    )
    parser.add_argument("--province", default=None, help="alias of --region; env IPAK_PROVINCE")
    parser.add_argument("--lang", default=env("IPAK_LANG", "") or "id", help="id|en; env IPAK_LANG")
    parser.add_argument(
        "--year",
        default=env("IPAK_YEAR", ""),
        help="reference year (default: latest IPAK); env IPAK_YEAR",
    )
    parser.add_argument(
        "--reports-dir", type=Path, default=None, help="output root (default reports/)"
    )
    parser.add_argument("--pdf", default=env("IPAK_PDF", ""), help="1 (default) or 0: PDF")
    parser.add_argument(
        "--since", default=env("IPAK_SINCE", ""), help="last rakor: YYYY-MM-DD or a year"
    )
    parser.add_argument("--pptx", default=env("IPAK_PPTX", ""), help="1 (default) or 0: PowerPoint")
    parser.add_argument("--xlsx", default=env("IPAK_XLSX", ""), help="1 (default) or 0: Excel")
    parser.add_argument(
        "--notebook", type=Path, default=None, help="brief notebook (default notebooks/brief.ipynb)"
    )
    args = parser.parse_args(argv)
    if args.region is None and args.province is None:  # options win over the environment
        args.region, args.province = env("IPAK_REGION", ""), env("IPAK_PROVINCE", "")
    try:
        want_pdf = preflight.check_flag("PDF", args.pdf)
        formats = Formats(
            preflight.check_flag("PPTX", args.pptx), preflight.check_flag("XLSX", args.xlsx)
        )
        since = preflight.check_since(args.since)
        plan = preflight.run(args.region, args.province, args.lang, args.year)
    except (preflight.ParameterError, DataValidationError) as exc:
        return preflight.refuse(exc)
    for note in plan.notes:
        print(note, file=sys.stderr)
    try:
        paths = build_brief(plan.region.code, plan.lang, plan.year, args.reports_dir, args.notebook,
                            pdf=pdf_beside if want_pdf else _no_pdf, formats=formats, since=since)  # fmt: skip
    except (ProvinceError, DataValidationError) as exc:
        return preflight.refuse(exc)
    except Exception as exc:  # notebook failure: say where, keep the executed notebook  # noqa: BLE001 - any notebook failure: say where, keep the executed notebook, exit 1
        name = type(exc).__name__
        print(f"Brief gagal dibuat ({name}): {exc}", file=sys.stderr)
        print(
            "Notebook yang gagal disimpan sebagai *.failed.ipynb di folder reports/<provinsi>/; "
            "brief sebelumnya tidak diubah.",
            file=sys.stderr,
        )
        return EXIT_NOTEBOOK_FAILED
    print(
        f"Brief: {paths.html.relative_to(PROJECT_ROOT) if paths.html.is_relative_to(PROJECT_ROOT) else paths.html}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
