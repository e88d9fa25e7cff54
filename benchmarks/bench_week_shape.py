"""How a coach would read the shape of the weeks, beyond the flags of ``bench_coaching.py``: the
run the day after the long run, easy runs beside a medium-long run, long runs on consecutive
days, and the biggest run of a week a break touches, on a seeded realistic population.

    python benchmarks/bench_week_shape.py [--runners 300] [--seed 2032]

Prints, over the plans (refused runners are left out):
- plans with a run over 60 min the day after the long run or a quality session, in some week
  before race week (COACHING.md: recovery runs are short, the day after a hard day or the long
  run), and how many of those weeks leave the other easy runs no room (all of them 55 min or
  more), which is the week's volume, not its sharing;
- plans whose notes explain the day after the long run (``hamplan.plan.week_notes.beside_long_run_notes``);
- weeks of 50 km and more with a medium-long run (0.55 x the long run or more) beside an easy
  run under 30 min;
- plans with two long runs on consecutive days;
- plans with a break whose break week holds no long run but an "easy" run over 0.6 x the recent
  long run + 1 km (a long run in all but name).
This measures; the exit code is 0.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import hamplan  # noqa: E402
from hamplan import InfeasiblePlanError  # noqa: E402
from hamplan.models import QUALITY_TYPES, Plan, Session  # noqa: E402
from hamplan.samples import realistic_population  # noqa: E402

EASY = ("easy", "recovery")


def _week_runs(plan: Plan, index: int, runs: dict[date, Session]) -> list[Session]:
    week = plan.weeks[index - 1]
    return [runs[d] for d in (week.start + timedelta(days=k) for k in range(week.days)) if d in runs]


def read(plan: Plan) -> Counter[str]:
    """The week-shape findings of one plan (each counted once per plan, weeks counted apiece)."""
    found: Counter[str] = Counter()
    runs = {s.date: s for s in plan.sessions if s.kind == "run"}
    race_week = plan.weeks[-1].start
    blacked = {d for b in plan.request.schedule.blackout for d in (b.from_ + timedelta(days=k) for k in range((b.to - b.from_).days + 1))}
    for week in plan.weeks:
        if week.start >= race_week:
            continue
        week_runs = _week_runs(plan, week.index, runs)
        for run in week_runs:
            before = runs.get(run.date - timedelta(days=1))
            if before is None:
                continue
            if run.type in EASY and (before.type == "long" or before.type in QUALITY_TYPES) and run.duration_min > 60:
                found["after_hard_over_60"] = 1
                others = [r for r in week_runs if r.type in EASY and r is not run]
                found["weeks_after_hard_over_60"] += 1
                found["weeks_volume_bound"] += all(r.duration_min >= 55 for r in others)
            if run.type == "long" and before.type == "long":
                found["long_runs_back_to_back"] = 1
        longest = max((r.distance_km or 0.0 for r in week_runs if r.type == "long"), default=0.0)
        easy = [r for r in week_runs if r.type in EASY]
        medium = [r for r in easy if longest and (r.distance_km or 0.0) >= 0.55 * longest]
        if week.run_km >= 50 and len(week_runs) >= 5 and medium and any(r.duration_min < 30 for r in easy if r not in medium):
            found["weeks_medium_beside_short"] += 1
        touched = any(week.start + timedelta(days=k) in blacked for k in range(week.days))
        if touched and week_runs and not longest:
            recent = [r.distance_km or 0.0 for d, r in runs.items() if r.type == "long" and week.start - timedelta(days=21) <= d < week.start]
            biggest = max(r.distance_km or 0.0 for r in week_runs)
            if recent and biggest > 0.6 * max(recent) + 1.05:
                found["break_week_big_easy_run"] = 1
    found["note_day_after_long"] = int(any("the day after the long run, lasts" in n for n in plan.notes))
    found["with_break"] = int(bool(plan.request.schedule.blackout))
    return found


def share(n: int, of: int) -> str:
    return f"{n} ({n / of:.0%})" if of else "0"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runners", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2032)
    args = parser.parse_args(argv)
    total: Counter[str] = Counter()
    plans = refused = 0
    for request in realistic_population(args.runners, args.seed):
        try:
            plan = hamplan.generate(request)
        except InfeasiblePlanError:
            refused += 1
            continue
        plans += 1
        total.update(read(plan))
    print(f"{args.runners} runners (seed {args.seed}): {plans} plans, {refused} refused")
    print(f"plans with a run over 60 min the day after the long run or a quality session: {share(total['after_hard_over_60'], plans)}; "
          f"such weeks {total['weeks_after_hard_over_60']}, of them bound by volume (other easy runs all 55 min or more) {total['weeks_volume_bound']}")
    print(f"plans whose notes explain the day after the long run: {share(total['note_day_after_long'], plans)}")
    print(f"weeks of 50 km+ with a medium-long run beside an easy run under 30 min: {total['weeks_medium_beside_short']}")
    print(f"plans with long runs on consecutive days: {total['long_runs_back_to_back']}")
    print(f"plans with a break: {total['with_break']}; with a break week's biggest run an 'easy' run over 0.6 x the recent long run + 1 km: "
          f"{total['break_week_big_easy_run']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
