"""Time ``hamplan.generate`` for 8-, 18- and 52-week requests, in-process after a warm-up.

Run: ``python benchmarks/bench_generate.py [--repeat 7]``. Reports the median and the spread of
wall-clock seconds per plan, and whether both solver stages proved optimality. Targets on a
2-core machine: 18-week marathon median ≤ 0.5 s (proven optimal); 52-week ≤ 3 s.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import timedelta
from pathlib import Path

import hamplan
from hamplan.rules.context import easy_pace_seconds
from hamplan.solver import solve

ROOT = Path(__file__).resolve().parent.parent


def requests() -> dict[str, hamplan.PlanRequest]:
    marathon = hamplan.load_request(ROOT / "examples" / "masters-marathon-past-strain.toml")
    ten_k = hamplan.load_request(ROOT / "examples" / "home-10k.toml")
    data = marathon.model_dump()
    data["race"]["date"] = marathon.start + timedelta(days=52 * 7 - 1)
    data["runner"]["weekly_km"] = 25
    data["runner"]["long_run_km"] = 10
    data["schedule"]["blackout"] = [{"from": marathon.start + timedelta(days=150), "to": marathon.start + timedelta(days=160)}]
    short = ten_k.model_dump()
    short["race"]["date"] = ten_k.start + timedelta(days=8 * 7 - 1)
    return {
        "8-week 10K (home)": hamplan.PlanRequest.model_validate(short),
        "18-week marathon (past strain, blackout)": marathon,
        "52-week marathon (from 25 km/week, blackout)": hamplan.PlanRequest.model_validate(data),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print(f"{'request':<46} {'weeks':>5} {'median s':>9} {'min s':>7} {'max s':>7} {'solve s':>8}  optimal")
    for name, request in requests().items():
        hamplan.generate(request)  # warm-up: imports, caches
        times, solves = [], []
        optimal = True
        for _ in range(args.repeat):
            started = time.perf_counter()
            plan = hamplan.generate(request)
            times.append(time.perf_counter() - started)
            optimal = optimal and plan.optimal
            skeleton_started = time.perf_counter()
            solve(request, easy_pace_seconds(request))
            solves.append(time.perf_counter() - skeleton_started)
        print(
            f"{name:<46} {request.week_count:>5} {statistics.median(times):>9.3f} {min(times):>7.3f} {max(times):>7.3f}"
            f" {statistics.median(solves):>8.3f}  {'yes' if optimal else 'no'}"
        )


if __name__ == "__main__":
    main()
