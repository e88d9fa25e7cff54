"""Wall-clock seconds per plan under the time limit, on the kind of request that used to run for
minutes: 52-week plans on six or seven run days with several blackouts, plus random requests.

Run: ``python benchmarks/bench_time_limit.py [--long 20] [--random 20] [--seed 12] [--limit 10]``.
Reports max and p99 of the wall time of ``hamplan.generate(request, time_limit_s=limit)`` and
how many plans the bound cut (those say so in their notes and still pass every rule).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from datetime import timedelta
from typing import Any

import hamplan
from hamplan.samples import random_request_data

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def long_request_data(rng: random.Random) -> dict[str, Any]:
    """A 364-day request on six or seven run days with two to six blackouts."""
    data = random_request_data(rng)
    start = data["start"]
    race = start + timedelta(days=363)
    data["race"]["date"] = race
    run_days = sorted(rng.sample(WEEKDAYS, rng.choice([6, 7])), key=WEEKDAYS.index)
    blackout = []
    for _ in range(rng.randint(2, 6)):
        first = start + timedelta(days=rng.randrange(0, 350))
        blackout.append({"from": first, "to": min(first + timedelta(days=rng.randint(2, 12)), race - timedelta(days=1))})
    data["schedule"] = {
        "run_days": run_days,
        "long_run_day": rng.choice(run_days),
        "rest_days": [d for d in WEEKDAYS if d not in run_days][:1],
        "blackout": blackout,
    }
    if len(run_days) == 7 and rng.random() < 0.5:
        data["schedule"]["max_minutes"] = {"tue": 60, "thu": 75}
    return data


def corpus(long: int, other: int, seed: int) -> list[hamplan.PlanRequest]:
    rng = random.Random(seed)
    out: list[hamplan.PlanRequest] = []
    for make, count in ((long_request_data, long), (random_request_data, other)):
        made = 0
        while made < count:
            try:
                out.append(hamplan.load_request(json.loads(json.dumps(make(rng), default=str))))
            except hamplan.RequestError:
                continue
            made += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", type=int, default=20)
    parser.add_argument("--random", type=int, default=20)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--limit", type=float, default=10.0)
    args = parser.parse_args()
    hamplan.generate(hamplan.load_request("examples/home-10k.toml"))  # warm-up: imports, caches
    seconds, cut, refused, violations = [], 0, 0, 0
    for request in corpus(args.long, args.random, args.seed):
        started = time.perf_counter()
        try:
            plan = hamplan.generate(request, time_limit_s=args.limit)
        except hamplan.InfeasiblePlanError:
            refused += 1
        else:
            cut += any("time limit" in note for note in plan.notes)
            violations += len(hamplan.check(plan))
        seconds.append(time.perf_counter() - started)
        print(f"{request.plan_id:32s} {request.days:3d} days {len(request.schedule.run_days)} run days {seconds[-1]:6.2f} s", flush=True)
    seconds.sort()
    p99 = seconds[min(len(seconds) - 1, round(0.99 * (len(seconds) - 1)))]
    print(
        f"{len(seconds)} requests, limit {args.limit:g} s: max {seconds[-1]:.2f} s, p99 {p99:.2f} s, "
        f"median {statistics.median(seconds):.2f} s; cut by the bound {cut}, refused {refused}, violations {violations}"
    )


if __name__ == "__main__":
    main()
