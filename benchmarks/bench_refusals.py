"""What a refusal costs: seconds per refused request, the minimal conflict, the reasons and every
suggestion planned and checked, over the refusals of the tests and of seeded random requests.

    python benchmarks/bench_refusals.py [--random 60] [--seed 0] [--repeat 3]

Prints one line per refused request (seconds: min and median over the repeats; the conflict;
the kinds of suggestion offered) and the p50 / p95 / max over all of them. Each refusal is timed
as ``hamplan.generate`` runs it, which includes every full plan its suggestions needed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import hamplan  # noqa: E402
from hamplan.samples import random_request_data  # noqa: E402
from test_refusals import REFUSED  # noqa: E402


def refusal_seconds(data: dict[str, Any]) -> tuple[float, hamplan.InfeasiblePlanError | None]:
    started = time.perf_counter()
    try:
        hamplan.generate(data)
    except hamplan.InfeasiblePlanError as error:
        return time.perf_counter() - started, error
    return time.perf_counter() - started, None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--random", type=int, default=60, help="seeded random requests to try (their refusals are timed)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cases = dict(REFUSED)
    for seed in range(args.seed, args.seed + args.random):
        cases[f"random-{seed}"] = random_request_data(random.Random(seed), max_days=200)
    medians = []
    for name, data in cases.items():
        seconds, error = refusal_seconds(data)
        if error is None:
            continue
        runs = [seconds] + [refusal_seconds(data)[0] for _ in range(args.repeat - 1)]
        medians.append(statistics.median(runs))
        kinds = ", ".join(s.kind for s in error.suggestions) or "none"
        print(f"{name:24} {min(runs):6.2f} s min {statistics.median(runs):6.2f} s median  "
              f"conflict: {', '.join(error.conflicts) or '-'}  suggestions: {kinds}", flush=True)
    if medians:
        ordered = sorted(medians)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        print(f"{len(medians)} refusals: p50 {statistics.median(ordered):.2f} s, p95 {p95:.2f} s, max {ordered[-1]:.2f} s")


if __name__ == "__main__":
    main()
