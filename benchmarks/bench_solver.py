"""CP-SAT parameter profiles compared on seeded requests: time per request, and whether the plans stay
rule-clean and proven optimal.

    python benchmarks/bench_solver.py [--requests 60] [--seed 2027] [--variants default,presolve,...]

Each variant replaces one entry of ``hamplan.solver.SOLVER_PROFILES`` (``week``: the week model's
lexicographic solve, which hands over to ``week_presolved`` after
``FALLBACK_PROFILES``' work limit (a ``week`` variant is measured with that hand-over), ``feasible``: feasibility checks of the earliest-race-date search and the
conflict explanation, ``place``: stage two's day placement, ``day``: the repair's fill and the
full model) and plans the whole corpus (12-18-week requests
from ``bench_batch.corpus``, plus the three ``bench_generate`` requests up to 52 weeks). Reported:
mean and worst seconds per request, rule violations found by ``hamplan.check`` (must be 0), plans
not proven optimal, and how many answers (plan skeletons, or conflicts and suggestions) equal the
first variant's. The exit code is 0 either way: this measures, it does not gate.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

import bench_generate  # noqa: E402
from bench_batch import corpus  # noqa: E402

import hamplan  # noqa: E402
import hamplan.solver as solver_module  # noqa: E402
from ortools.sat.python import cp_model  # noqa: E402
from hamplan import InfeasiblePlanError, PlanRequest  # noqa: E402
from hamplan.plan import build_plan, easy_pace_seconds  # noqa: E402

NO_PRESOLVE = {"cp_model_presolve": False, "linearization_level": 0}
WEEK_WITH_COVER = {"optimize_with_core": True, "cp_model_presolve": False, "linearization_level": 0}
CORE = {"optimize_with_core": True}

#: name → replacements for SOLVER_PROFILES ("default" is the shipped table)
VARIANTS: dict[str, dict[str, dict[str, Any]]] = {
    "default": {},
    "presolve": {"week": CORE, "feasible": CORE},  # the profiles before measurement: presolve on
    "week-presolve": {"week": CORE},
    "week-cover": {"week": WEEK_WITH_COVER},  # the cover step on: the profile before measurement
    "feasible-presolve": {"feasible": CORE},
    "feasible-no-lp": {"feasible": NO_PRESOLVE},  # the feasibility profile before the regular weeks
    "day-full-presolve": {"day": {"linearization_level": 2}},  # presolve to its fixed point
    "day-no-presolve": {"day": {"linearization_level": 2, "cp_model_presolve": False}},
    "day-no-lp": {"day": NO_PRESOLVE},
    # stage two without the LP solution rounded into placements (the profile before measurement)
    "place-no-polish": {"place": {**solver_module.SOLVER_PROFILES["place"], "polish_lp_solution": False}},
    # stage two with SAT inprocessing and symmetry detection (the profile before 0f5e6c7)
    "place-inprocessing": {"place": {**solver_module.SOLVER_PROFILES["place"], "use_sat_inprocessing": True, "symmetry_level": 2}},
    "place-lp-branching": {"place": {**solver_module.SOLVER_PROFILES["place"], "search_branching": cp_model.SatParameters.LP_SEARCH}},
}


def run(requests: list[PlanRequest], replacements: dict[str, dict[str, Any]]) -> dict[str, Any]:
    shipped = dict(solver_module.SOLVER_PROFILES)
    solver_module.SOLVER_PROFILES.update(replacements)
    try:
        answers: list[Any] = []
        times: list[float] = []
        violations = not_optimal = 0
        for request in requests:
            started = time.perf_counter()
            try:
                skeleton = solver_module.solve(request, easy_pace_seconds(request))
            except InfeasiblePlanError as exc:
                answers.append((tuple(exc.conflicts), tuple(exc.suggestions)))
            else:
                answers.append(skeleton.days)
                violations += len(hamplan.check(build_plan(request, skeleton)))
                not_optimal += not skeleton.optimal
            times.append(time.perf_counter() - started)
    finally:
        solver_module.SOLVER_PROFILES.clear()
        solver_module.SOLVER_PROFILES.update(shipped)
    return {"answers": answers, "times": times, "violations": violations, "not_optimal": not_optimal}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--requests", type=int, default=60, help="corpus size (default 60)")
    parser.add_argument("--seed", type=int, default=2027, help="corpus seed (default 2027)")
    parser.add_argument("--variants", default=",".join(VARIANTS), help=f"comma-separated, from: {', '.join(VARIANTS)}")
    args = parser.parse_args()
    names = [n.strip() for n in args.variants.split(",") if n.strip()]
    unknown = [n for n in names if n not in VARIANTS]
    if unknown:
        parser.error(f"unknown variant(s) {', '.join(unknown)}; choose from {', '.join(VARIANTS)}")
    requests = [PlanRequest.model_validate(d) for d in corpus(args.requests, args.seed)]
    requests += list(bench_generate.requests().values())
    print(f"{len(requests)} requests (seed {args.seed}): {args.requests} of 12-18 weeks + 3 of 8-52 weeks")
    print(f"{'variant':<18} {'mean s':>7} {'worst s':>8} {'violations':>10} {'not optimal':>12} {'same answers':>13}")
    first: list[Any] | None = None
    for name in names:
        result = run(requests, VARIANTS[name])
        first = first if first is not None else result["answers"]
        same = sum(a == b for a, b in zip(result["answers"], first))
        times = result["times"]
        print(
            f"{name:<18} {sum(times) / len(times):7.3f} {max(times):8.2f} {result['violations']:10d} "
            f"{result['not_optimal']:12d} {same:>6}/{len(requests)}",
            flush=True,
        )


if __name__ == "__main__":
    main()
