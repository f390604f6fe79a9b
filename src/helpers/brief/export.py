"""Export an executed brief notebook to one offline HTML file (no code, prompts, stderr, CDN)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import nbformat.sign
from nbconvert import HTMLExporter

from helpers.reference.texts import t

TEMPLATES_DIR = Path(__file__).parent / "templates"


def _clean_notebook(nb) -> None:
    """Drop what a reader must never see: stderr, errors, notebook-only cells."""
    kept = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if "notebook-only" in tags or "parameters" in tags or "injected-parameters" in tags:
            continue
        if cell.cell_type == "code":
            cell.outputs = [
                out for out in cell.get("outputs", [])
                if not (out.output_type == "stream" and out.get("name") == "stderr")
                and out.output_type != "error"
            ]  # fmt: skip
        kept.append(cell)
    nb.cells = kept


def brief_exporter() -> HTMLExporter:
    """The HTML exporter of a brief (a batch worker makes one and reuses it)."""
    return HTMLExporter(
        template_name="brief",
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def export_html(
    executed_notebook: Path,
    html_path: Path,
    lang: str,
    title: str = "",
    exporter: HTMLExporter | None = None,
) -> None:
    """Export an executed notebook to a self-contained HTML brief without code."""
    nb = nbformat.read(executed_notebook, as_version=4)
    _clean_notebook(nb)
    if title:
        nb.metadata["title"] = title
    exporter = exporter or brief_exporter()
    exporter.language_code = lang
    resources = {"brief_present_label": t("present_label", lang)}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    html_path.write_text(body, encoding="utf-8")


def sign_notebook(executed_notebook: Path) -> None:
    """Sign the executed brief notebook so JupyterLab trusts it and shows its styled outputs.

    Untrusted notebooks have their HTML sanitised (the deck's ``<style>`` dropped); the
    signature is the user's own Jupyter notary (its secret and database stay on this machine).
    """
    nb = nbformat.read(executed_notebook, as_version=4)
    notary = nbformat.sign.NotebookNotary()
    notary.sign(nb)
    nbformat.write(nb, executed_notebook)
