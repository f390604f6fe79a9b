"""`make bench`: speed, size and memory of the toolkit, measured in one run on this machine.

Prints (goals in brackets):
* model: direct + small-area estimates + driver models for 10,000 and 1,000,000 respondents
  (≤ 2 s, ≤ 20 s, peak ≤ 2 GB) — from bench/bench_model.py;
* coverage of the 90 % intervals, direct and Fay–Herriot, province and kab/kota, over 200
  replicates of the synthetic generator (goal 0.88–0.92 each) — from bench/bench_coverage.py;
* one brief vs a trivial notebook with the same imports through the same papermill +
  nbconvert path (ratio ≤ 1.5);
* `make reports` for all 38 provinces with JOBS=2 vs 38 × one brief (≤ 0.6);
* HTML size of the Kalteng brief (≤ 2 MB) and peak memory of one brief (≤ 1.5 GB).

A benchmark, not a test: it reports numbers and never fails on them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


def timed(command: list[str], env: dict | None = None) -> float:
    """Run a command; return its wall-clock seconds (raises if it fails)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, stderr = process.communicate()
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{stderr.decode()[-2000:]}")
    return seconds


def peak_rss_mib(command: list[str], env: dict) -> float:
    """Peak resident memory (MiB) of the largest process a command starts (kernel included)."""
    wrapper = (
        "import resource, subprocess, sys\n"
        f"subprocess.run({command!r}, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run(
        [PY, "-c", wrapper], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def trivial_notebook(folder: Path) -> Path:
    """A notebook with the brief's parameters and imports, and one trivial output."""
    brief = nbformat.read(ROOT / "notebooks" / "brief.ipynb", as_version=4)
    imports = []
    for cell in brief.cells:
        if cell.cell_type == "code" and "parameters" not in cell.metadata.get("tags", []):
            imports += [
                line for line in cell.source.splitlines() if re.match(r"^(import|from) ", line)
            ]
    parameters = next(c for c in brief.cells if "parameters" in c.metadata.get("tags", []))
    nb = nbformat.v4.new_notebook(metadata=brief.metadata)
    nb.cells = [
        parameters,
        nbformat.v4.new_code_cell("\n".join(dict.fromkeys(imports))),
        nbformat.v4.new_code_cell(
            "from pathlib import Path\nfrom IPython.display import HTML, display\n"
            "display(HTML('<p>ok</p>'))\nif sidecar_path:\n    Path(sidecar_path).write_text('{}')"
        ),
    ]
    path = folder / "trivial.ipynb"
    nbformat.write(nb, path)
    return path


def median_time(command: list[str], env: dict, repeats: int = 3) -> float:
    return statistics.median(timed(command, env) for _ in range(repeats))


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="ipak-bench-"))
    env = {**os.environ, "IPAK_PROCESSED_DIR": str(tmp / "processed"), "PYTHONWARNINGS": "ignore"}
    results = {}
    try:
        print("== model (bench/bench_model.py)", flush=True)
        model = ROOT / "bench" / "bench_model.py"
        if model.exists():
            subprocess.run([PY, str(model)], cwd=ROOT, env=env, check=False)
        print("== interval coverage (bench/bench_coverage.py)", flush=True)
        subprocess.run(
            [PY, str(ROOT / "bench" / "bench_coverage.py")], cwd=ROOT, env=env, check=False
        )
        subprocess.run([PY, "-m", "helpers.cli.build", "--processed", str(tmp / "processed")], cwd=ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip

        print(
            "== one brief vs trivial notebook (same papermill + nbconvert path, median of 3)",
            flush=True,
        )
        report = [
            PY,
            "-m",
            "helpers.cli.report",
            "--province",
            "62",
            "--reports-dir",
            str(tmp / "one"),
        ]
        one = median_time(report, env)
        trivial = median_time(
            report[:-1] + [str(tmp / "trivial"), "--notebook", str(trivial_notebook(tmp))], env
        )
        results.update(one_brief_s=one, trivial_s=trivial, ratio=one / trivial)
        print(
            f"one brief {one:.2f} s · trivial {trivial:.2f} s · ratio {one / trivial:.2f} (goal ≤ 1.5)"
        )

        html = tmp / "one" / "kalimantan-tengah" / "brief.html"
        results["html_bytes"] = html.stat().st_size
        print(f"HTML size {html.stat().st_size / 1024:.0f} KiB (goal ≤ 2048 KiB)")
        peak = peak_rss_mib(report, env)
        results["peak_rss_mib_one_brief"] = peak
        print(f"peak memory of one brief (largest process) {peak:.0f} MiB (goal ≤ 1536 MiB)")

        print("== make reports: 38 provinces, JOBS=2", flush=True)
        batch = [PY, "-m", "helpers.cli.batch", "--jobs", "2", "--reports-dir", str(tmp / "all")]
        seconds = timed(batch, env)
        peak_batch = peak_rss_mib(batch[:-1] + [str(tmp / "all2")], env)
        results.update(
            batch_s=seconds, batch_ratio=seconds / (38 * one), peak_rss_mib_batch_process=peak_batch
        )
        print(
            f"batch {seconds:.1f} s vs 38 × one brief {38 * one:.1f} s → {seconds / (38 * one):.2f} (goal ≤ 0.6)"
        )
        print(f"peak memory, largest single process in the batch {peak_batch:.0f} MiB")
        print(
            json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in results.items()})
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
