"""`make bench`: speed, size and memory of the toolkit, measured in one run on this machine.

Prints (goals in brackets):
* model: direct + small-area estimates + driver models for 10,000 and 1,000,000 respondents
  (≤ 2 s, ≤ 20 s, peak ≤ 2 GB) — from bench/bench_model.py;
* coverage of the 90 % intervals, direct and Fay–Herriot, province and kab/kota, over 200
  replicates of the synthetic generator (goal 0.88–0.92 each) — from bench/bench_coverage.py;
* coverage of the pemda panel model's 90 % intervals (wild cluster bootstrap by province) over
  200 simulated panels of the published data's shape (goal 0.85–0.95) and the time per fit —
  from bench/bench_panel.py;
* one brief vs a trivial notebook with the same imports through the same papermill +
  nbconvert path (ratio ≤ 1.5);
* HTML size of the Kalteng brief (≤ 2 MB) and peak memory of one brief (≤ 1.5 GB);
* warm batches (helpers.cli.warm): the marginal cost of one brief in a warm batch (JOBS=1,
  12 briefs minus 2) ÷ one cold `make report` (≤ 0.3); `make reports` for all 38 provinces
  with JOBS=2 ÷ 38 × one cold brief (≤ 0.2); `make reports LEVEL=all JOBS=2` (552 briefs:
  38 provinces + 514 kab/kota, all four formats: HTML, PDF, PowerPoint, Excel, and brief.json)
  wall time (≤ 10 min, issue 16) and the peak memory of one
  worker with its kernel and browser (≤ 1 GB, proportional set size: shared pages counted
  once). The 38-province batch runs with and without PDFs; the LEVEL=all batch with them
  (``IPAK_BENCH_ALL_PDF=0`` leaves them out).

``IPAK_BENCH_SKIP=model,coverage,panel`` skips those (slow) parts.

A benchmark, not a test: it reports numbers and never fails on them.
"""

from __future__ import annotations

import contextlib
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
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr
        )
        process.wait()
        seconds = time.perf_counter() - start
        _check(command, process, stderr)
    return seconds


def _check(command: list[str], process: subprocess.Popen, stderr) -> None:
    """Raise with the end of the command's stderr (a file: a pipe nobody reads fills up and
    blocks the command — a 552-brief batch's progress bar writes more than a pipe holds)."""
    if process.returncode != 0:
        stderr.seek(0)
        raise RuntimeError(f"{' '.join(command)} failed:\n{stderr.read().decode()[-2000:]}")


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


def batch_with_memory(command: list[str], env: dict) -> tuple[float, float]:
    """Run a batch; return (wall seconds, peak MiB of one worker + its kernel and browser)."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr
        )
        peak = _watch_memory(process)
        seconds = time.perf_counter() - start
        _check(command, process, stderr)
    return seconds, peak / 2**20


def _watch_memory(process: subprocess.Popen) -> int:
    """Until ``process`` ends, the peak PSS (bytes) of one of its workers with its children."""
    import psutil

    main, peak = psutil.Process(process.pid), 0
    while process.poll() is None:
        try:
            for worker in main.children():
                total = 0
                for proc in [worker, *worker.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):  # PSS: shared pages counted once
                        total += proc.memory_full_info().pss
                peak = max(peak, total)
        except psutil.Error:
            pass
        time.sleep(0.5)
    return peak


def median_time(command: list[str], env: dict, repeats: int = 3) -> float:
    return statistics.median(timed(command, env) for _ in range(repeats))


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="ipak-bench-"))
    env = {**os.environ, "IPAK_PROCESSED_DIR": str(tmp / "processed"), "PYTHONWARNINGS": "ignore"}
    results = {}
    try:
        skip = set(os.environ.get("IPAK_BENCH_SKIP", "").split(","))
        model = ROOT / "bench" / "bench_model.py"
        if model.exists() and "model" not in skip:
            print("== model (bench/bench_model.py)", flush=True)
            subprocess.run([PY, str(model)], cwd=ROOT, env=env, check=False)
        if "coverage" not in skip:
            print("== interval coverage (bench/bench_coverage.py)", flush=True)
            subprocess.run(
                [PY, str(ROOT / "bench" / "bench_coverage.py")], cwd=ROOT, env=env, check=False
            )
        if "panel" not in skip:
            print("== panel model coverage (bench/bench_panel.py)", flush=True)
            subprocess.run(
                [PY, str(ROOT / "bench" / "bench_panel.py")], cwd=ROOT, env=env, check=False
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

        print("== warm batch: marginal cost of one brief (JOBS=1, 12 briefs minus 2)", flush=True)
        twelve = "11,12,13,14,15,16,17,18,19,21,31,32"
        warm = [PY, "-m", "helpers.cli.batch", "--jobs", "1", "--reports-dir"]
        t12 = timed([*warm, str(tmp / "w12"), "--provinces", twelve], env)
        t2 = timed([*warm, str(tmp / "w2"), "--provinces", "62,63"], env)
        per_brief = (t12 - t2) / 10
        results.update(warm_per_brief_s=per_brief, warm_ratio=per_brief / one)
        print(
            f"warm batch: 12 briefs {t12:.1f} s, 2 briefs {t2:.1f} s → {per_brief:.2f} s per brief"
            f" ÷ one cold brief {one:.2f} s = {per_brief / one:.2f} (goal ≤ 0.3)"
        )

        print("== make reports: 38 provinces, JOBS=2", flush=True)
        batch = [PY, "-m", "helpers.cli.batch", "--jobs", "2", "--reports-dir", str(tmp / "all")]
        seconds_nopdf, _ = batch_with_memory([*batch[:-1], str(tmp / "nopdf"), "--pdf", "0"], env)
        results["batch_no_pdf_s"] = seconds_nopdf
        print(f"without PDFs (PDF=0): {seconds_nopdf:.1f} s → {seconds_nopdf / (38 * one):.2f}")
        seconds, peak_batch = batch_with_memory(batch, env)
        results.update(
            batch_s=seconds, batch_ratio=seconds / (38 * one), peak_worker_mib_38=peak_batch
        )
        print(
            f"batch {seconds:.1f} s vs 38 × one brief {38 * one:.1f} s → {seconds / (38 * one):.2f} (goal ≤ 0.2)"
        )
        print(f"peak memory of one worker (+ kernel + browser) {peak_batch:.0f} MiB")

        all_pdf = os.environ.get("IPAK_BENCH_ALL_PDF", "1")
        print(f"== make reports LEVEL=all, JOBS=2, PDF={all_pdf} (every government)", flush=True)
        level_all = [*batch[:-1], str(tmp / "level-all"), "--level", "all", "--pdf", all_pdf]
        seconds_all, peak_all = batch_with_memory(level_all, env)
        count = len(list((tmp / "level-all").rglob("brief.html")))
        results.update(
            level_all_s=seconds_all, level_all_briefs=count, peak_worker_mib_all=peak_all
        )
        print(
            f"LEVEL=all: {count} briefs in {seconds_all / 60:.1f} min (goal ≤ 10 min); peak memory of"
            f" one worker (+ kernel + browser) {peak_all:.0f} MiB (goal ≤ 1024 MiB)"
        )
        print(
            json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in results.items()})
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
