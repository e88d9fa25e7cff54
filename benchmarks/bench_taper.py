"""Taper long runs as a runner counts weeks back from race day, on a seeded realistic population.

    python benchmarks/bench_taper.py [--runners 300] [--seed 2035]

For each half and marathon plan: the longest run 7-13 days before the race (one week out) and
14-20 days before it (two weeks out), as a share of the plan's longest run. Counts the plans
over COACHING.md's limits (marathon 0.75 two weeks out and 0.50 one week out; half 0.70 one week
out), apart for races on the last day of a plan week (plan weeks run from the start's weekday,
so only there do plan weeks and a runner's weeks agree). It measures; the exit code is 0.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import hamplan  # noqa: E402
from hamplan import InfeasiblePlanError  # noqa: E402
from hamplan.samples import realistic_population  # noqa: E402

#: Longest run in a window of days before the race, × the peak long run before it.
LIMITS: dict[str, dict[tuple[int, int], float]] = {
    "marathon": {(7, 13): 0.50, (14, 20): 0.75},
    "half": {(7, 13): 0.70},
}


def over_limits(plan: hamplan.Plan, race_distance: str) -> bool:
    race = next(s for s in plan.sessions if s.kind == "race").date
    runs = [s for s in plan.sessions if s.kind == "run" and s.date < race]

    def longest(first: int, last: int) -> float:
        return max((s.distance_km or 0.0 for s in runs if first <= (race - s.date).days <= last), default=0.0)

    peak = max((s.distance_km or 0.0 for s in runs), default=0.0)  # the plan's peak long run
    return any(longest(a, b) > factor * peak + 0.05 for (a, b), factor in LIMITS[race_distance].items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runners", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2035)
    args = parser.parse_args()
    counts: Counter[tuple[str, str, str]] = Counter()
    for request in realistic_population(args.runners, args.seed):
        distance = str(request.race.distance)
        if distance not in LIMITS:
            continue
        try:
            plan = hamplan.generate(request)
        except InfeasiblePlanError:
            continue
        where = "race on the last day of a plan week" if request.days % 7 == 0 else "race earlier in its plan week"
        counts[(distance, where, "plans")] += 1
        counts[(distance, where, "over")] += over_limits(plan, distance)
    print(f"{args.runners} runners (seed {args.seed}): taper long runs over the limits, weeks counted back from race day")
    for distance in LIMITS:
        for where in ("race on the last day of a plan week", "race earlier in its plan week"):
            plans = counts[(distance, where, "plans")]
            print(f"  {distance:<8} {where:<38} {counts[(distance, where, 'over')]:>3} of {plans}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
