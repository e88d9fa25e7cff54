"""How every solve is run: one worker, a fixed seed, a deterministic-time limit (never
wall-clock), and CP-SAT parameters per kind of solve, chosen by measurement."""

from __future__ import annotations

from typing import Any

from ortools.sat.python import cp_model

#: Deterministic-time budget (roughly seconds of work on a reference machine) for one solve.
DEFAULT_DETERMINISTIC_LIMIT = 30.0
SEED = 20240611

#: CP-SAT parameters for each kind of solve, chosen by measurement (``benchmarks/bench_solver.py``
#: times every profile on seeded requests and checks the plans stay rule-clean and optimal).
#: - ``week``: the week model's lexicographic objective. Core-based search proves "targets, then
#:   smallest steps" fastest; the model is small enough that CP-SAT's presolve costs more than it
#:   saves, and the LP relaxation does not pay for itself either. Without the "cover" step (which
#:   tries to improve each new solution further before the cores prove it) the same answers come
#:   1.6-1.8x sooner (80 seeded requests, 12-52 weeks: identical week volumes).
#: - ``feasible``: does the week model have any solution (earliest-race-date search, conflicts)?
#:   Without presolve (it costs more than the search); with the full LP relaxation, which proves
#:   the mostly linear week model infeasible quickly (65 candidate dates of refused requests:
#:   72 -> 32 ms a check; 120 random requests: 227 -> 177 ms; no answer changed).
#: - ``day``: placing sessions for fixed week volumes, a reward-only objective that the full LP
#:   relaxation proves optimal in milliseconds where plain search needs seconds. Presolve is
#:   needed (it removes three quarters of the variables: the days that cannot hold a session)
#:   but one round of it does that; further rounds and the inclusion search cost 30 % of the
#:   solve and found nothing the search needed (59 -> 42 ms a request, all still optimal).
SOLVER_PROFILES: dict[str, dict[str, Any]] = {
    "week": {"optimize_with_core": True, "cp_model_presolve": False, "linearization_level": 0, "cover_optimization": False},
    "feasible": {"cp_model_presolve": False, "linearization_level": 2},
    "day": {"linearization_level": 2, "max_presolve_iterations": 1, "presolve_inclusion_work_limit": 0},
}


def make_solver(deterministic_limit: float, profile: str) -> cp_model.CpSolver:
    """A reproducible solver: one worker, fixed seed, deterministic-time limit (never wall-clock),
    tuned for one kind of solve (a key of :data:`SOLVER_PROFILES`)."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = SEED
    solver.parameters.max_deterministic_time = deterministic_limit
    for name, value in SOLVER_PROFILES[profile].items():
        setattr(solver.parameters, name, value)
    return solver
