"""What a coach would flag in re-plans: runners of the seeded realistic population, each plan
re-planned every ``--every`` days after three things runners do (one extra 6 km easy run the
day before, the two days before missed entirely, a 5-day illness from that day: ``hamplan.pause``),
each re-plan read by the safety checker and the coaching checks.

    python benchmarks/bench_replans.py [--runners 20] [--seed 2027] [--every 7]

Prints per case the re-plans made and refused, the safety violations (must be 0), and the
share of re-plans carrying each coach flag (the table of issue 11) that their runner's plan did
not carry: a re-plan is a plan, and the same model applies. Exit code 1 on a violation.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import hamplan  # noqa: E402
from bench_coaching import FLAGS  # noqa: E402
from hamplan import InfeasiblePlanError, Plan  # noqa: E402
from hamplan.samples import realistic_population  # noqa: E402

CASES = ("extra run", "two days missed", "5-day illness")
ILLNESS_DAYS = 5


def _log(plan: Plan, today: date, skip_from: date | None = None) -> list[dict[str, Any]]:
    return [
        {"date": s.date, "kind": s.kind, "type": s.type, "distance_km": s.distance_km, "duration_min": s.duration_min}
        for s in plan.sessions
        if s.date < today and s.status != "cancelled" and (skip_from is None or s.date < skip_from)
    ]


def re_plan(plan: Plan, case: str, today: date) -> Plan:
    """The plan re-made on ``today`` after ``case`` (one of :data:`CASES`)."""
    if case == "extra run":
        extra = {"date": today - timedelta(days=1), "kind": "run", "type": "easy", "distance_km": 6.0, "duration_min": 40}
        return hamplan.replan(plan, [*_log(plan, today), extra], today)
    if case == "two days missed":
        return hamplan.replan(plan, _log(plan, today, skip_from=today - timedelta(days=2)), today)
    end = min(today + timedelta(days=ILLNESS_DAYS - 1), plan.request.race.date - timedelta(days=1))
    return hamplan.pause(plan, today, end, "illness")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runners", type=int, default=20, help="runners of the population (default 20)")
    parser.add_argument("--seed", type=int, default=2027, help="population seed (default 2027)")
    parser.add_argument("--every", type=int, default=7, help="days between re-plan dates (default 7)")
    args = parser.parse_args()
    made: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    violations = 0
    started = time.perf_counter()
    for request in realistic_population(args.runners, seed=args.seed):
        try:
            plan = hamplan.generate(request)
        except InfeasiblePlanError:
            continue
        own = Counter(a.rule for a in plan.advice)
        day = plan.request.start + timedelta(days=args.every)
        while day < plan.request.race.date - timedelta(days=2):
            for case in CASES:
                try:
                    new = re_plan(plan, case, day)
                except InfeasiblePlanError:
                    refused[case] += 1
                    continue
                made[case] += 1
                violations += len(hamplan.check(new))
                rules = Counter(a.rule for a in new.advice)
                flagged.update(rule for rule in rules if rules[rule] > own[rule])
            day += timedelta(days=args.every)
    total = sum(made.values())
    print(f"{args.runners} runners (seed {args.seed}), re-planned every {args.every} days: {total} re-plans "
          f"in {time.perf_counter() - started:.0f} s")
    for case in CASES:
        print(f"  {case:<16} {made[case]:>5} made, {refused[case]:>4} refused")
    print(f"safety violations: {violations}")
    print(f"\n{'what a coach flags (that the runner plan did not carry)':<100} {'re-plans':>9}")
    for text, rule in FLAGS:
        share = flagged[rule] / total if total else 0.0
        print(f"{text:<100} {share:>9.1%}")
    return 1 if violations else 0


if __name__ == "__main__":
    raise SystemExit(main())
