"""Benchmark: coverage of the pemda panel model's 90 % intervals on simulated panels (issue 20).

Each replicate draws a new panel of the real shape with :func:`helpers.model.panel.simulate_panel`
(38 provinces, 552 governments incl. DKI's 6 administrative ones, 2021–2025, province and
government effects, heteroskedastic provinces, year effects; predictors published for ~13 %
(Ombudsman) and ~10 % (MCP) of government-years, clustered by province-year as press coverage
is) and fits :func:`helpers.model.panel.fit_panel` with the configured settings
(``estimation.yaml`` → ``panel``: 999 Webb replicates). Truth: +0.12 outcome points per
Ombudsman point, 0 for MCP. Reported per predictor: the share of intervals covering the truth
(goal 0.85–0.95) with its Monte Carlo SE, the same for the CR1-normal interval (comparison),
the mean half-width per 10 predictor points, mean n, and the time per fit.

Usage::

    .venv/bin/python bench/bench_panel.py                  # 200 replicates, ≤ 600 s
    .venv/bin/python bench/bench_panel.py --reps 50 --budget 120 --mixedlm

A report, not a test: exits 0. Results also go to ``bench/results/bench_panel.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED0 = 900000


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from helpers.model import panel

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--budget", type=float, default=600.0, help="seconds; stops early")
    parser.add_argument("--mixedlm", action="store_true", help="also time/cover the MixedLM check")
    args = parser.parse_args()

    predictors = ("ombudsman", "mcp")
    stats = {
        p: {"wcb": 0, "cr1": 0, "mixed": 0, "n_mixed": 0, "half": 0.0, "n": 0, "fits": 0}
        for p in predictors
    }
    fit_seconds, reps, start = 0.0, 0, time.perf_counter()
    for rep in range(args.reps):
        if time.perf_counter() - start > args.budget:
            break
        sim = panel.simulate_panel(seed=SEED0 + rep)
        for p in predictors:
            t0 = time.perf_counter()
            e = panel.fit_panel(sim.values, predictor=p, mixedlm=args.mixedlm)
            fit_seconds += time.perf_counter() - t0
            if e.status != panel.OK:
                continue
            truth = sim.effects[p]
            s = stats[p]
            s["fits"] += 1
            s["truth"] = truth
            s["wcb"] += e.ci_low <= truth <= e.ci_high
            s["cr1"] += e.ci_low_cr1 <= truth <= e.ci_high_cr1
            s["half"] += e.half_width_pts_per_10
            s["n"] += e.n_obs
            if e.mixedlm and "ci_low" in e.mixedlm and not e.mixedlm["degenerate"]:
                s["n_mixed"] += 1
                s["mixed"] += e.mixedlm["ci_low"] <= truth <= e.mixedlm["ci_high"]
        reps += 1
    n_fits = sum(s["fits"] for s in stats.values())
    per_fit = fit_seconds / max(1, reps * len(predictors))
    out = {"replicates": reps, "seconds_per_fit": per_fit, "predictors": {}}
    print(f"panel model: {reps} simulated panels, {n_fits} fits, {per_fit:.3f} s per fit")
    for p, s in stats.items():
        k = max(1, s["fits"])
        cov = s["wcb"] / k
        mc_se = math.sqrt(cov * (1 - cov) / k)
        row = {
            "truth_pts_per_pt": s.get("truth"),
            "fits": s["fits"],
            "coverage_wild_cluster_bootstrap": cov,
            "mc_se": mc_se,
            "coverage_cr1_normal": s["cr1"] / k,
            "coverage_mixedlm": s["mixed"] / s["n_mixed"] if s["n_mixed"] else None,
            "mean_half_width_pts_per_10": s["half"] / k,
            "mean_n_obs": s["n"] / k,
        }
        out["predictors"][p] = row
        mixed = "" if not s["n_mixed"] else f" · MixedLM {row['coverage_mixedlm']:.3f}"
        print(
            f"  {p:10s} coverage of the 90 % interval {cov:.3f} ± {mc_se:.3f} (goal 0.85–0.95)"
            f" · CR1-normal {row['coverage_cr1_normal']:.3f}{mixed}"
            f" · half-width {row['mean_half_width_pts_per_10']:.2f} pts per 10 · n {row['mean_n_obs']:.0f}"
        )
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "bench_panel.json").write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
