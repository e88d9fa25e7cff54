"""Who gets a plan: a seeded realistic population (``hamplan.samples.realistic_request``) planned
one runner at a time, as ``hamplan generate`` would.

    python benchmarks/bench_population.py [--runners 200] [--seed 2027] [--no-suggestions] [--list]

Reports the share of runners refused (by race, and which rules each refusal names), every
suggestion of every refusal applied to the request and planned again (does it give a plan that
``hamplan.check`` passes?), seconds per request (p50 / p95 / max, refusals included with their
explanation), and the rule violations ``hamplan.check`` finds in the plans (must be 0). The exit
code is 1 when a plan breaks a rule, else 0: the share refused is measured, not gated.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import hamplan  # noqa: E402
from hamplan import InfeasiblePlanError, PlanRequest  # noqa: E402
from hamplan.samples import realistic_population  # noqa: E402

_DATE_IN_TEXT = re.compile(r"race date[^0-9]*(\d{4}-\d{2}-\d{2})")


def _set_path(data: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    for key in parents:
        data = data.setdefault(key, {})
    data[leaf] = value


def applied(request: PlanRequest, suggestion: Any) -> PlanRequest | None:
    """The request with one suggestion applied, or None when the suggestion is words only.

    A structured suggestion carries the request fields it changes (``changes``: dotted field
    path → new value) or knows how to apply itself (``apply(request)``); a sentence can only be
    applied when it names a race date.
    """
    if callable(getattr(suggestion, "apply", None)):
        return suggestion.apply(request)  # type: ignore[no-any-return]
    changes = suggestion.get("changes") if isinstance(suggestion, Mapping) else getattr(suggestion, "changes", None)
    data = request.model_dump(by_alias=True)
    if isinstance(changes, Mapping) and changes:
        for dotted, value in changes.items():
            _set_path(data, dotted, value)
        return PlanRequest.model_validate(data)
    match = _DATE_IN_TEXT.search(str(suggestion))
    if match:
        data["race"]["date"] = date.fromisoformat(match.group(1))
        return PlanRequest.model_validate(data)
    return None


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def describe(request: PlanRequest) -> str:
    runner, schedule = request.runner, request.schedule
    recent = f" {runner.recent_race.distance} {runner.recent_race.time}" if runner.recent_race else ""
    limits = ",".join(f"{d}{m}" for d, m in schedule.max_minutes.items())
    return (
        f"{request.plan_id} {request.race.distance} {request.week_count}w{recent} {runner.weekly_km:g}km/w "
        f"long {runner.long_run_km:g} age {runner.age} {runner.hamstring_history} "
        f"{len(schedule.run_days)}d{' ' + limits if limits else ''}{' blackout' if schedule.blackout else ''}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runners", type=int, default=200, help="population size (default 200)")
    parser.add_argument("--seed", type=int, default=2027, help="population seed (default 2027)")
    parser.add_argument("--no-suggestions", action="store_true", help="do not plan the refusals' suggestions")
    parser.add_argument("--list", action="store_true", help="print every refused runner and its answer")
    parser.add_argument(
        "--any-horizon", action="store_true",
        help="draw race dates without the coach's minimum horizon (the long run's time to grow)",
    )
    args = parser.parse_args()
    population = realistic_population(args.runners, args.seed, coach_horizon=not args.any_horizon)
    hamplan.generate(population[0]) if population else None  # warm-up: imports, caches
    times: list[float] = []
    slowest: list[tuple[float, str]] = []
    refused: list[tuple[PlanRequest, InfeasiblePlanError]] = []
    violations: list[str] = []
    for number, request in enumerate(population, 1):
        started = time.perf_counter()
        try:
            plan = hamplan.generate(request)
        except InfeasiblePlanError as exc:
            times.append(time.perf_counter() - started)
            refused.append((request, exc))
        else:
            times.append(time.perf_counter() - started)
            violations += [f"{request.plan_id}: {v}" for v in hamplan.check(plan)]
        slowest = sorted([*slowest, (times[-1], request.plan_id)], reverse=True)[:3]
        if number % 25 == 0 or number == len(population):
            print(f"{number}/{len(population)} planned, {len(refused)} refused", file=sys.stderr, flush=True)

    by_race = Counter(r.race.distance for r in population)
    refused_by_race = Counter(r.race.distance for r, _ in refused)
    share = len(refused) / max(len(population), 1)
    horizon = "any horizon" if args.any_horizon else "coach's horizon"
    print(f"{len(population)} realistic runners (seed {args.seed}, {horizon}): {len(refused)} refused ({share:.1%})")
    for race in ("5k", "10k", "half", "marathon"):
        print(f"  {race:<9} {refused_by_race[race]:>3} of {by_race[race]:>3} refused")
    rules = Counter(rule for _, exc in refused for rule in exc.conflicts)
    if rules:
        print("  rules named in refusals: " + ", ".join(f"{rule} {n}" for rule, n in rules.most_common()))
    sizes = Counter(len(exc.conflicts) for _, exc in refused)
    if sizes:
        print("  rules per refusal: " + ", ".join(f"{k}: {n}" for k, n in sorted(sizes.items())))
    print(
        f"seconds per request: p50 {percentile(times, 0.5):.2f}, p95 {percentile(times, 0.95):.2f}, "
        f"max {max(times, default=0.0):.2f}, mean {statistics.fmean(times) if times else 0.0:.2f}"
        f" (slowest: {', '.join(f'{name} {seconds:.2f}' for seconds, name in slowest)})"
    )
    print(f"rule violations in plans: {len(violations)}")
    for line in violations[:20]:
        print(f"  {line}")

    if not args.no_suggestions and refused:
        offered = worked = words_only = 0
        for request, exc in refused:
            for suggestion in exc.suggestions:
                offered += 1
                changed = applied(request, suggestion)
                if changed is None:
                    words_only += 1
                    continue
                try:
                    plan = hamplan.generate(changed)
                except InfeasiblePlanError:
                    continue
                if hamplan.check(plan):
                    violations.append(f"{request.plan_id} with a suggestion applied: {hamplan.check(plan)[0]}")
                else:
                    worked += 1
        print(
            f"suggestions: {offered} offered, {offered - words_only} could be applied, "
            f"{worked} gave a plan with no violation, {words_only} words only"
        )
    if args.list:
        for request, exc in refused:
            print(f"- {describe(request)}\n    {str(exc).replace(chr(10), chr(10) + '    ')}")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
