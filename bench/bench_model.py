"""Benchmark: sector-experience model (direct + small-area estimates + driver models).

For each size, a FRESH Python subprocess generates the synthetic sample (not timed), then
times ``helpers.model.experience.fit_experience_model`` — respondent scores, design-based direct
estimates (national, 38 provinces, 170 kab/kota; ~40 indicators), Fay–Herriot for every
sector at province and kab/kota level, the respondent-level WLS with PSU-clustered SEs and
the area-level WLS with a 999-replicate wild cluster bootstrap — and reads the process's
peak resident memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss``, which includes the
generator). A per-stage breakdown is timed afterwards (information only).

Goals (issue): ≤ 2 s for 10,000 respondents, ≤ 20 s for 1,000,000, peak memory ≤ 2 GB.

Usage::

    .venv/bin/python bench/bench_model.py            # both sizes, prints a table
    .venv/bin/python bench/bench_model.py --sizes 10000

Exits 0 (a report, not a test); results also go to ``bench/results/bench_model.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOALS = {10_000: 2.0, 1_000_000: 20.0}
MEMORY_GOAL_MB = 2048.0
SEED = 20241


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def child(n: int, seed: int) -> dict:
    """Run inside the fresh subprocess: generate, then time the model; return measurements."""
    sys.path.insert(0, str(ROOT / "src"))
    import pandas as pd

    from helpers.data import microdata
    from helpers.model import drivers, experience, sae, scores, survey, synthetic

    t0 = time.perf_counter()
    sample = synthetic.generate_spak_with_truth(n=n, seed=seed)
    generate_s = time.perf_counter() - t0
    covariates = pd.concat([sample.covariates_regency, sample.covariates_province])
    rss_before = _rss_mb()

    t0 = time.perf_counter()
    model = experience.fit_experience_model(sample.micro, covariates=covariates)
    total_s = time.perf_counter() - t0
    rss_peak = _rss_mb()

    # stage breakdown (information only; the total above is the measured figure)
    stages = {}
    t0 = time.perf_counter()
    scored = scores.with_scores(sample.micro)
    stages["scores"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    direct = survey.direct_estimates(scored)
    stages["direct"] = time.perf_counter() - t0
    prov, reg = experience._split_covariates(covariates)
    t0 = time.perf_counter()
    for level, cov in (("province", prov), ("regency", reg)):
        for sector in microdata.SECTORS:
            sae.sae_estimates(direct, f"{sector}_paid_extra", level, covariates=cov)
    stages["sae"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    drivers.respondent_model(scored)
    stages["respondent_model"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    drivers.area_model(drivers.area_table(direct))
    stages["area_model_bootstrap"] = time.perf_counter() - t0
    return {
        "n": n,
        "seed": seed,
        "generate_s": generate_s,
        "model_s": total_s,
        "stages_s": stages,
        "rss_after_generate_mb": rss_before,
        "peak_rss_mb": rss_peak,
        "n_direct_rows": int(len(model.direct)),
    }


def run_size(n: int, seed: int = SEED) -> dict:
    """Measure one size in a fresh subprocess and return its measurements."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", str(n), "--seed", str(seed)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    if result.returncode != 0:
        return {"n": n, "error": result.stderr.strip()[-2000:]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def format_table(rows: list[dict]) -> str:
    """Return the measurements as a fixed-width text table."""
    header = f"{'respondents':>12} {'model s':>8} {'goal s':>7} {'peak MB':>8} {'goal MB':>8} {'status':>7}   stages (s)"
    lines = [header, "-" * len(header)]
    for row in rows:
        if "error" in row:
            lines.append(f"{row['n']:>12,} ERROR: {row['error'][:200]}")
            continue
        goal = GOALS.get(row["n"], float("nan"))
        ok = row["model_s"] <= goal and row["peak_rss_mb"] <= MEMORY_GOAL_MB
        stages = ", ".join(f"{k} {v:.2f}" for k, v in row["stages_s"].items())
        lines.append(
            f"{row['n']:>12,} {row['model_s']:>8.2f} {goal:>7.1f} {row['peak_rss_mb']:>8.0f} "
            f"{MEMORY_GOAL_MB:>8.0f} {'OK' if ok else 'SLOW':>7}   {stages}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Benchmark each size in a fresh subprocess, print a table, write JSON; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=sorted(GOALS))
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.seed)))
        return 0
    rows = [run_size(n, args.seed) for n in args.sizes]
    print(
        f"Sector-experience model benchmark ({platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()})"
    )
    print(
        "model = fit_experience_model: scores + direct (3 levels) + Fay–Herriot (5 sectors × 2 levels) "
        "+ respondent WLS + area WLS with 999-rep wild cluster bootstrap; peak = process max RSS incl. generator"
    )
    print(format_table(rows))
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench_model.json").write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
