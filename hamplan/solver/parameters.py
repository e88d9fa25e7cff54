"""How every solve is run: one worker, a fixed seed, a deterministic-time limit, and CP-SAT
parameters per kind of solve, chosen by measurement; optionally a wall-clock backstop.

The deterministic limit is the primary stop: it depends on the work done, not on the machine,
so the same request gives the same plan everywhere. A wall-clock deadline (:func:`wall_clock_limit`)
only backstops it on a slow or loaded machine: each solve started inside it may run at most the
time left, and a solve it cuts is reported (:attr:`WallClock.cut`), since its answer may then
differ from the deterministic one.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
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
#:   1.6-1.8x sooner (80 seeded requests, 12-52 weeks: identical week volumes). Without SAT
#:   inprocessing and symmetry detection (which cost more than they save on a model this small)
#:   a third less again: 244 week models of 150 realistic requests, 11.5 -> 6.9 ms a solve,
#:   every objective value the same; 9 of 650 seeded plans settled an equally good other week
#:   split (4 of them through the room search, which now keeps its own profile: ``room``).
#: - ``room``: the least room above the coaching curve's ceilings (``stages._ceiling_room``), a
#:   search cut at a small work limit: the week profile before SAT inprocessing and symmetry
#:   detection were dropped, since how far a search gets within a work limit depends on both
#:   (with them dropped, a 61-year-old's search found a room it had not found before, and her
#:   weeks kept the curve flat at 41.8 km for ten weeks where they had filled to the load rules).
#: - ``feasible``: does the week model have any solution (earliest-race-date search, conflicts,
#:   and the solve's own checks of which coaching rules clash, ``stages._weeks_settle``)?
#:   Without presolve (it costs more than the search); with the full LP relaxation, which proves
#:   the mostly linear week model infeasible quickly (65 candidate dates of refused requests:
#:   72 -> 32 ms a check; 120 random requests: 227 -> 177 ms; no answer changed). The solve's
#:   checks used the ``week`` profile, made for its objective: 149 of them on 300 realistic
#:   runners (seed 2027) 1.6-2.0 -> 1.1 s, every status the same.
#: - ``day``: placing sessions for fixed week volumes, a reward-only objective that the full LP
#:   relaxation proves optimal in milliseconds where plain search needs seconds. Presolve is
#:   needed (it removes three quarters of the variables: the days that cannot hold a session)
#:   but one round of it does that; further rounds and the inclusion search cost 30 % of the
#:   solve and found nothing the search needed (59 -> 42 ms a request, all still optimal).
#: - ``place``: the day profile for stage two as ``solve`` runs it (sessions placed for the
#:   week volumes the week stage settled), with the LP solution rounded into a placement at each
#:   LP solve (``polish_lp_solution``): its time goes to finding good placements one after
#:   another (the LP bound is close from the start), and the rounded LP solutions are good ones.
#:   The day stage's CP-SAT time 2.25 -> 1.70 s on 83 solves of the realistic population and
#:   11.1 -> 9.6 s on 175 of the batch corpus, every solve still proven optimal. LP-guided
#:   branching on top was faster on the first (1.58 s) and much slower on the second (17.2 s).
#:   Equal optima may be another placement: the coaching flags of three seeded populations
#:   (300 runners each) did not change. Without SAT inprocessing and symmetry detection, as
#:   for the week profile: 325 day models of 300 realistic runners (seed 2027) 6.7 -> 5.9 s,
#:   340 of seed 2028 9.1 -> 7.9 s, 334 of 200 random requests 9.7 -> 9.2 s, every objective
#:   value the same (no presolve round at all was faster still on the first two, but one model
#:   of the random ones then ran 60 s). Every constraint in the LP from the start
#:   (``add_lp_constraints_lazily`` off: the model's linear constraints are few and all bind
#:   sooner or later, so adding them as the LP finds them violated only repeats LP solves):
#:   298 day models of the realistic population (seed 2027) 6.53 -> 5.65 s, 170 of 200 random
#:   requests 8.80 -> 6.05 s, the slowest of them 77 -> 116 ms, every objective value the same,
#:   most placements another of equal worth.
#: - ``screen``: does the day model have any solution at all (a refusal's suggestions screen each
#:   candidate with it before planning it in full; the search for a build week's session first
#:   screens whether any week can hold one, ``session_trades.no_week_can_gain``)? Without presolve and without the LP, which
#:   only pay off for an objective: 53 refused requests of the batch benchmark, 52 such screens,
#:   105 -> 21 ms each, the same answers; a screen this cannot settle within its short limit
#:   (:data:`SCREEN_LIMIT`) is settled by the ``day`` profile as before.
#: - ``week_presolved``: the week profile with presolve, which takes over a week model the week
#:   profile has not settled within its work limit (:data:`FALLBACK_PROFILES`).
SOLVER_PROFILES: dict[str, dict[str, Any]] = {
    "week": {
        "optimize_with_core": True, "cp_model_presolve": False, "linearization_level": 0, "cover_optimization": False,
        "use_sat_inprocessing": False, "symmetry_level": 0,
    },
    "week_presolved": {
        "optimize_with_core": True, "cp_model_presolve": True, "linearization_level": 0, "cover_optimization": False,
        "use_sat_inprocessing": False, "symmetry_level": 0,
    },
    "room": {"optimize_with_core": True, "cp_model_presolve": False, "linearization_level": 0, "cover_optimization": False},
    "feasible": {"cp_model_presolve": False, "linearization_level": 2},
    "day": {"linearization_level": 2, "max_presolve_iterations": 1, "presolve_inclusion_work_limit": 0},
    "place": {
        "linearization_level": 2, "max_presolve_iterations": 1, "presolve_inclusion_work_limit": 0, "polish_lp_solution": True,
        "use_sat_inprocessing": False, "symmetry_level": 0, "add_lp_constraints_lazily": False,
    },
    "screen": {"cp_model_presolve": False, "linearization_level": 0},
}
#: Deterministic work limit of a ``screen`` solve before the ``day`` profile takes over.
SCREEN_LIMIT = 1.0

#: A profile that is fastest on almost every model but lost on a few, the profile that takes
#: over, and when: after the work limit or its share of the solve's own limit, whichever comes
#: first (a solve of 1.0 or less, a polish or a refusal's date screen, would otherwise have no
#: hand-over at all: 0.4 hands a screen of 0.5 over at 0.2, as before the limit became 1.0, and
#: leaves either profile most of a short solve), never before :data:`HAND_OVER_LEAST` (a tiny
#: limit split in two left both profiles too little: at 0.02, two of 40 plans lost 22-29 km).
#: ``week``: without presolve, a week model is proven optimal in about 1 ms of deterministic
#: time (median; 99th percentile 0.05) on the realistic population, but a refused marathon's
#: half-marathon suggestion took 1.06 (2.0 s) to prove its taper week could not keep a quality
#: session; with presolve, 0.1 s. Presolve everywhere costs 6.6x the time of the 453 week models
#: of 300 realistic runners (seed 2027). Presolve is lost on some models too: a refused
#: marathon's half-marathon suggestion (seed 2027, p89566616), which the week profile proves
#: optimal in 0.34, ran the presolved one to its 30 s limit without proving it. Of the 12 week
#: models of seven seeded populations (2027, 2028, 2031-2033, 2040 and 200 random requests, seed
#: 4101) the week profile does not settle within 0.2, the week profile alone settles all within
#: 3.2 (17 s in all); a take-over after 0.2 took 51 s (21 s of them that one model's), after 1.0
#: 22 s, at most 8 s a model.
FALLBACK_PROFILES: dict[str, tuple[str, float, float]] = {"week": ("week_presolved", 1.0, 0.4)}
#: The least work a profile runs before its fallback takes over.
HAND_OVER_LEAST = 0.2


def hand_over_limit(deterministic_limit: float, profile: str) -> float | None:
    """The work after which ``profile`` hands a solve of ``deterministic_limit`` over to its
    fallback (:data:`FALLBACK_PROFILES`); None where it has none."""
    fallback = FALLBACK_PROFILES.get(profile)
    if fallback is None:
        return None
    _, most, share = fallback
    return max(min(most, share * deterministic_limit), HAND_OVER_LEAST)


@dataclass
class WallClock:
    """A wall-clock deadline shared by every solve of one plan (``time.monotonic()`` seconds)."""

    limit_s: float
    deadline: float
    cut: bool = False

    def remaining_s(self) -> float:
        return self.deadline - time.monotonic()

    def check(self) -> bool:
        """Mark the bound as having cut a solve if the deadline has passed; returns ``cut``."""
        self.cut = self.cut or self.remaining_s() <= 0
        return self.cut


_WALL_CLOCK: ContextVar[WallClock | None] = ContextVar("hamplan_wall_clock", default=None)


@contextlib.contextmanager
def wall_clock_limit(seconds: float | None) -> Iterator[WallClock | None]:
    """Every solve made inside runs until ``seconds`` after entering, at the latest (None: no bound)."""
    if seconds is None:
        yield None
        return
    clock = WallClock(float(seconds), time.monotonic() + float(seconds))
    token = _WALL_CLOCK.set(clock)
    try:
        yield clock
    finally:
        _WALL_CLOCK.reset(token)


def wall_clock_ran_out() -> bool:
    """Whether the wall-clock deadline of the plan being made (if any) has passed: then a further
    model is not worth building (a 52-week full model takes 1-2.5 s on a loaded machine), since
    its solve would get no time."""
    clock = _WALL_CLOCK.get()
    return clock is not None and clock.check()


def solve_with_fallback(model: cp_model.CpModel, deterministic_limit: float, profile: str) -> tuple[cp_model.CpSolver, int]:
    """Solve ``model`` with ``profile`` (:func:`make_solver`); a profile of
    :data:`FALLBACK_PROFILES` that has neither proven an optimum nor infeasibility within its
    work limit hands over to its fallback profile, which starts afresh with the work left.
    Where the fallback does not do better (no solution, or a worse one, as when the wall clock
    cuts it), the first answer stands. Returns the solver that answered and its status."""
    first_limit = hand_over_limit(deterministic_limit, profile)
    if first_limit is None or deterministic_limit <= first_limit:
        solver = make_solver(deterministic_limit, profile)
        return solver, solver.solve(model)
    other = FALLBACK_PROFILES[profile][0]
    first = make_solver(first_limit, profile)
    first_status = first.solve(model)
    left = deterministic_limit - first.deterministic_time
    if first_status in (cp_model.OPTIMAL, cp_model.INFEASIBLE) or left <= 0 or wall_clock_ran_out():
        return first, first_status
    second = make_solver(left, other)
    second_status = second.solve(model)
    found = (cp_model.OPTIMAL, cp_model.FEASIBLE)
    if first_status == cp_model.FEASIBLE and (
        second_status not in found or (second_status == cp_model.FEASIBLE and second.objective_value > first.objective_value)
    ):
        return first, first_status
    return second, second_status


def make_solver(deterministic_limit: float, profile: str) -> cp_model.CpSolver:
    """A reproducible solver: one worker, fixed seed, deterministic-time limit, tuned for one kind
    of solve (a key of :data:`SOLVER_PROFILES`); inside :func:`wall_clock_limit`, also at most
    the wall-clock time left (a backstop that only acts on a slow or loaded machine)."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = SEED
    solver.parameters.max_deterministic_time = deterministic_limit
    clock = _WALL_CLOCK.get()
    if clock is not None:
        remaining = clock.remaining_s()
        clock.cut = clock.cut or remaining <= 0  # a solve made after the deadline: its answer is the clock's
        solver.parameters.max_time_in_seconds = max(remaining, 0.001)
    for name, value in SOLVER_PROFILES[profile].items():
        setattr(solver.parameters, name, value)
    return solver
