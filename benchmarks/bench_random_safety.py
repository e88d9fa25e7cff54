"""Safety on random requests: seeded random requests (``hamplan.samples.random_request_data``, the
corpus the property tests draw from, without their bound on examples) planned one by one and read
by the independent checker (``hamplan.check``).

    python benchmarks/bench_random_safety.py [--requests 250] [--seed 911]

Prints the requests planned, refused and invalid, and each plan that breaks a safety rule with
its violations (must be none). The realistic population (``bench_coaching``) never reached the
one this found: a step-back long run cut after the solve below the next weeks' ``session_spike``
reference. Exit code 1 when a plan breaks a rule, else 0.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import hamplan  # noqa: E402
from hamplan import InfeasiblePlanError, PlanRequest, RequestError  # noqa: E402
from hamplan.samples import random_request_data  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=250)
    parser.add_argument("--seed", type=int, default=911)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    planned = refused = invalid = broken = 0
    while planned + refused < args.requests:
        try:
            request = PlanRequest.model_validate(random_request_data(rng))
        except (ValueError, RequestError):
            invalid += 1
            continue
        try:
            plan = hamplan.generate(request)
        except InfeasiblePlanError:
            refused += 1
            continue
        planned += 1
        violations = hamplan.check(plan)
        if violations:
            broken += 1
            print(f"request {planned + refused} (start {request.start}, {request.race.distance}): " + "; ".join(map(str, violations)))
    print(f"{planned + refused} random requests (seed {args.seed}): {planned} plans, {refused} refused, {invalid} invalid drawn and skipped")
    print(f"plans breaking a safety rule: {broken}")
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
