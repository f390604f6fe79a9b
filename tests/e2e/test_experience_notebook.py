import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "experience_drivers.ipynb"


def test_notebook_committed_clean():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "ipak-brief"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    params = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(params) == 1
    source = "".join(params[0]["source"])
    assert 'province = "62"' in source and "year = 2024" in source
    assert 'lang = "id"' in source and "seed = 20241" in source


@pytest.mark.e2e
def test_notebook_runs_with_papermill(tmp_path):
    papermill = Path(sys.executable).with_name("papermill")
    out = tmp_path / "out.ipynb"
    result = subprocess.run(
        [
            str(papermill),
            str(NOTEBOOK),
            str(out),
            "-k",
            "ipak-brief",
            "-r",
            "province",
            "62",
            "--execution-timeout",
            "300",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    nb = json.loads(out.read_text(encoding="utf-8"))
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 2  # sector rates and what-if charts
    text = json.dumps(outputs)
    assert "Kalimantan Tengah" in text
    injected = [
        c for c in nb["cells"] if "injected-parameters" in c.get("metadata", {}).get("tags", [])
    ]
    assert injected and 'province = "62"' in "".join(injected[0]["source"])


@pytest.mark.e2e
def test_notebook_shows_the_brief_numbers(tmp_path):
    """The exploration notebook makes the brief's helper calls (helpers.model.experience):
    same rates. The meeting brief itself never shows the synthetic demonstration."""
    from helpers.model import experience

    micro, model = experience.brief_model(2024)
    summary = experience.sector_summary(micro, "62", year=2024, model=model)
    brief_rates = summary.set_index("sector")["rate_pct"].round(1).to_dict()

    papermill = Path(sys.executable).with_name("papermill")
    out = tmp_path / "out.ipynb"
    env = {**os.environ, "IPAK_PROCESSED_DIR": str(tmp_path / "processed")}
    run = subprocess.run(
        [str(papermill), str(NOTEBOOK), str(out), "-k", "ipak-brief", "-r", "province", "62",
         "-p", "year", "2024", "--execution-timeout", "300"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env=env,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    nb = json.loads(out.read_text(encoding="utf-8"))
    text = "".join(
        "".join(o.get("text", ""))
        for c in nb["cells"]
        if c["cell_type"] == "code"
        for o in c.get("outputs", [])
    )
    line = next(x for x in text.splitlines() if x.startswith("sector_rates_pct"))
    notebook_rates = ast.literal_eval(line.split(" ", 1)[1])
    assert notebook_rates == brief_rates
    assert {"perizinan", "dukcapil", "kesehatan", "pendidikan"} <= set(notebook_rates)
