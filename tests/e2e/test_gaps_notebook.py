"""notebooks/gaps_vs_targets.ipynb runs under papermill, with and without boundary files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.reference.texts import t

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "gaps_vs_targets.ipynb"


def _outputs(notebook: Path) -> list[dict]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [o for c in cells for o in c.get("outputs", [])]


@pytest.mark.e2e
@pytest.mark.parametrize("with_boundaries", [True, False])
def test_notebook_runs_with_papermill(tmp_path, with_boundaries):
    env = dict(os.environ, IPAK_PROCESSED_DIR=str(tmp_path / "processed"))
    (tmp_path / "processed").mkdir()
    env.pop("IPAK_BOUNDARIES", None)  # with boundaries: the default lookup (shipped layer)
    if not with_boundaries:  # make sure no file in data/boundaries is picked up either
        env["IPAK_BOUNDARIES"] = str(tmp_path / "no-boundaries")
    out = tmp_path / "out.ipynb"
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("papermill")),
            str(NOTEBOOK),
            str(out),
            "-k",
            "ipak-brief",
            "-r",
            "province",
            "62",
            "--execution-timeout",
            "240",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    outputs = _outputs(out)
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert not [o for o in outputs if o.get("name") == "stderr"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    markdown = " ".join(
        "".join(o["data"]["text/markdown"]) for o in outputs if "text/markdown" in o.get("data", {})
    )
    html = " ".join("".join(o["data"].get("text/html", "")) for o in outputs if "data" in o)
    assert "Kalimantan Tengah" in markdown and t("target_basis.national", "id") in html
    # helpers.brief.display embeds figures as <img> with alt text
    embedded = html.count('<img src="data:image/png;base64,')
    assert len(images) + embedded >= 3
    assert ("data/boundaries" in markdown + html) is (not with_boundaries)
