"""The solve: the week model settles volumes, the day model places sessions for them, a
repair when the days cannot hold the weeks, and the single full model as the last resort."""

from __future__ import annotations

import time
from datetime import date

from ortools.sat.python import cp_model

from hamplan.errors import InfeasiblePlanError
from hamplan.models import PlanRequest
from hamplan.solver.day_model import PlanModel
from hamplan.rules.reach import long_run_cap_below_readiness
from hamplan.solver.explanations import explain_infeasible
from hamplan.solver.objective import lexicographic, volume_objective, week_goals
from hamplan.solver.parameters import DEFAULT_DETERMINISTIC_LIMIT, wall_clock_ran_out
from hamplan.solver.skeleton import FixedDay, Skeleton
from hamplan.solver.suggestions import PlanWorks
from hamplan.solver.week_model import WeekModel, fixed_weeks


def solve(
    request: PlanRequest,
    easy_pace_s_per_km: int,
    *,
    deterministic_limit: float = DEFAULT_DETERMINISTIC_LIMIT,
    fixed: dict[date, FixedDay] | None = None,
    explain: bool = True,
    plan_works: PlanWorks | None = None,
) -> Skeleton:
    """Solve a request into a day-by-day skeleton, or raise :class:`InfeasiblePlanError`.

    A refusal names a minimal set of clashing rules, says why in numbers, and offers changes
    that were planned in full (``plan_works`` plans a changed request as ``generate`` does and
    checks it; without it a successful solve counts). ``explain=False`` refuses without any of
    that (used to try those changes).

    Two stages: the week-level model settles every week's volume and long run (targets,
    smoothness, the load rules), then the day-level model places sessions for exactly those
    volumes (the week's shape, hamstring work, calendar, preferences). Should the second stage
    find no placement, the week volumes are repaired from what the days can hold (``_repair``);
    should that fail too, one full model over both levels decides.
    """
    started = time.perf_counter()

    def refuse(*, start: list[str] | None = None, weeks_only: bool = False) -> InfeasiblePlanError:
        if not explain:
            return InfeasiblePlanError([])
        works = plan_works or (lambda changed: _solves(changed, easy_pace_s_per_km, deterministic_limit))
        return explain_infeasible(
            request, easy_pace_s_per_km, deterministic_limit, fixed, start=start, weeks_only=weeks_only, plan_works=works
        )

    if fixed is None and long_run_cap_below_readiness(request, easy_pace_s_per_km):
        raise refuse(start=["race_readiness", "long_run"], weeks_only=True)
    shaped = True
    optimal, status, weeks_model, week_solver = _settle_weeks(request, easy_pace_s_per_km, deterministic_limit, fixed)
    if status == cp_model.INFEASIBLE:
        # the planner's shape (the long run steps back with a cutback week and tapers) is a
        # choice, not a rule: a runner the rules give a plan gets one without it (3 of 200
        # realistic runners, whose long run must grow through a step-back week to be ready)
        shaped = False
        optimal, status, weeks_model, week_solver = _settle_weeks(
            request, easy_pace_s_per_km, deterministic_limit, fixed, shaped=False
        )
    if status == cp_model.INFEASIBLE:
        raise refuse(weeks_only=True)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        values = weeks_model.values(week_solver)
        pm, solver, status = _place_days(request, easy_pace_s_per_km, deterministic_limit, fixed, values)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return _skeleton(pm, solver, optimal and status == cp_model.OPTIMAL, started)
        if status == cp_model.INFEASIBLE:
            repaired = _repair(request, easy_pace_s_per_km, deterministic_limit, fixed, values, started, shaped)
            if repaired is not None:
                return repaired
    if wall_clock_ran_out():
        raise InfeasiblePlanError([], reasons=["the solver found no plan before the time limit"])
    pm = PlanModel(request, easy_pace_s_per_km, fixed=fixed)
    pm.add_objective(shaped=shaped)
    solver = pm.solver(deterministic_limit)
    status = solver.solve(pm.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _skeleton(pm, solver, status == cp_model.OPTIMAL, started)
    if status == cp_model.INFEASIBLE:
        raise refuse()
    raise InfeasiblePlanError(
        [],
        reasons=[
            "the solver found no plan within its work limit; try a shorter horizon, fewer blackouts, "
            "or a larger limit (generate(..., deterministic_limit=...))"
        ],
    )


def _solves(request: PlanRequest, easy_pace_s_per_km: int, limit: float) -> bool:
    """Whether the full solve plans ``request`` (the check of a suggestion without a checker)."""
    try:
        solve(request, easy_pace_s_per_km, deterministic_limit=limit, explain=False)
    except InfeasiblePlanError:
        return False
    return True


def _settle_weeks(
    request: PlanRequest,
    easy_pace_s_per_km: int,
    limit: float,
    fixed: dict[date, FixedDay] | None,
    caps: dict[int, tuple[int, int]] | None = None,
    *,
    shaped: bool = True,
) -> tuple[bool, int, WeekModel, cp_model.CpSolver]:
    """Stage one: every week's volume and long run, solved lexicographically (``caps``: upper
    bounds per week on both), all goals in one objective (:func:`lexicographic`): targets,
    then the largest weekly step, then the largest long-run step, then the fullest weeks.
    Returns (proven optimal, status, the model, its solver)."""
    weeks_model = WeekModel(request, easy_pace_s_per_km, fixed_weeks=fixed_weeks(request, fixed), shaped=shaped)
    weeks_model.bound_weeks(caps or {}, exact=False)
    shortfall, step_week, step_long = week_goals(weeks_model)
    most_week, most_run = weeks_model.max_week_tenths, weeks_model.max_run_tenths
    most_volume = len(weeks_model.week_km) * (most_week + most_run)
    weeks_model.model.minimize(
        lexicographic(
            [
                (shortfall, most_week + most_run),
                (step_week, most_week),
                (step_long, most_run),
                (most_volume - volume_objective(weeks_model), most_volume),
            ]
        )
    )
    solver = weeks_model.solver(limit)
    status = solver.solve(weeks_model.model)
    return status == cp_model.OPTIMAL, status, weeks_model, solver


def _place_days(
    request: PlanRequest,
    easy_pace_s_per_km: int,
    limit: float,
    fixed: dict[date, FixedDay] | None,
    values: dict[int, tuple[int, int]],
) -> tuple[PlanModel, cp_model.CpSolver, int]:
    """Stage two: sessions placed for exactly these week volumes and long runs."""
    pm = PlanModel(request, easy_pace_s_per_km, fixed=fixed, week_values=values)
    pm.add_objective(volumes=False)
    solver = pm.solver(limit)
    return pm, solver, solver.solve(pm.model)


def _repair(
    request: PlanRequest,
    easy_pace_s_per_km: int,
    limit: float,
    fixed: dict[date, FixedDay] | None,
    values: dict[int, tuple[int, int]],
    started: float,
    shaped: bool = True,
) -> Skeleton | None:
    """When the days cannot hold the week model's volumes (its capacity bound is a relaxation:
    strength sessions, spacing and rest days also compete for the days), find what they can hold.

    The day model with every rule, each week capped at the week model's volume and long run,
    filled as far as it goes, shows per week what is placeable (a seeded corpus: 6 of 500
    requests; this model 0.3-0.9 s, the whole plan 0.6-4 s, where the single full model took
    0.5-15 s). The week model then settles targets and smoothness again under those caps, and
    the days are placed for its answer; should that still not fit, the filled plan itself is the answer. Neither is proven
    optimal for the full objective, so the plan says ``optimal = false``. None when even the
    capped model finds nothing (the single full model decides then).
    """
    capped = PlanModel(request, easy_pace_s_per_km, fixed=fixed)
    capped.bound_weeks(values, exact=False)
    capped.add_objective(volumes=False, fill=True, shaped=shaped)
    filled = capped.solver(limit)
    if filled.solve(capped.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    placeable = {w: (int(filled.value(capped.week_km[w])), int(filled.value(capped.week_long[w]))) for w in values}
    _, status, weeks_model, week_solver = _settle_weeks(request, easy_pace_s_per_km, limit, fixed, caps=placeable, shaped=shaped)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        pm, solver, status = _place_days(request, easy_pace_s_per_km, limit, fixed, weeks_model.values(week_solver))
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return _skeleton(pm, solver, False, started)
    return _skeleton(capped, filled, False, started)


def _skeleton(pm: PlanModel, solver: cp_model.CpSolver, optimal: bool, started: float) -> Skeleton:
    return Skeleton(
        days=pm.decode(solver),
        optimal=optimal,
        objective=solver.objective_value,
        solve_seconds=time.perf_counter() - started,
        week_km_tenths={w: int(solver.value(v)) for w, v in pm.week_km.items()},
    )
