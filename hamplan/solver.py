"""One CP-SAT model over the whole horizon: variables, each rule's constraints, the objective.

The model decides, per day, whether there is a run (easy, long or quality), how far it goes
(tenths of a km), and whether there is a strength or mobility session. Session content, paces
and clock times are decided afterwards from this skeleton (``hamplan.plan``).

Determinism: one search worker, a fixed seed, and a deterministic-time limit (never wall-clock),
so the same request gives the same plan on any machine.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ortools.sat.python import cp_model

from hamplan.calendar import PlanCalendar
from hamplan.errors import InfeasiblePlanError
from hamplan.models import MAX_HORIZON_DAYS, PlanRequest
from hamplan.rules import RULES, RULES_BY_ID
from hamplan.rules.base import TENTHS
from hamplan.rules.settings import MIN_EASY_RUN_KM, MIN_QUALITY_RUN_KM, RuleSettings

#: Deterministic-time budget (roughly seconds of work on a reference machine) for one solve.
DEFAULT_DETERMINISTIC_LIMIT = 30.0
SEED = 20240611

# Objective weights: targets first, then smoothness, then preferences (see PlanModel._objective).
W_SHORTFALL = 1000
W_STEP_WEEK = 60
W_STEP_LONG = 40
W_VARIATION_WEEK = 2
W_VARIATION_LONG = 1


@dataclass(frozen=True)
class DayPlan:
    """The solver's decision for one day (distances in tenths of a km)."""

    day: date
    run: str | None  # 'easy' | 'long' | 'quality' | None
    dist_tenths: int
    strength: bool
    mobility: bool


@dataclass(frozen=True)
class Skeleton:
    """The solved plan as plain data: one entry per day, plus how the solve went."""

    days: tuple[DayPlan, ...]
    optimal: bool
    objective: float
    solve_seconds: float
    week_km_tenths: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class FixedDay:
    """A day of history that the model must take as it was (re-planning)."""

    run: str | None
    dist_tenths: int
    strength: bool
    mobility: bool


class PlanModel:
    """Owns the CP-SAT model for one request; each rule posts itself through ``PlanVars``."""

    def __init__(
        self,
        request: PlanRequest,
        easy_pace_s_per_km: int,
        *,
        explain: bool = False,
        fixed: dict[date, FixedDay] | None = None,
        rule_ids: Sequence[str] | None = None,
    ) -> None:
        self.model = cp_model.CpModel()
        self.request = request
        self.cal = PlanCalendar(request)
        self.settings = RuleSettings.from_request(request)
        self.days = self.cal.days
        self.race_index = len(self.days) - 1
        self.easy_pace_s_per_km = easy_pace_s_per_km
        self.explain = explain
        self.fixed = fixed or {}
        self._literals: dict[str, Any] = {}
        self._rewards: list[tuple[Any, int]] = []
        self._true = self.model.NewConstant(1)
        self._variables()
        for rule in RULES:
            if rule_ids is None or rule.id in rule_ids:
                rule.post(self)
        self._fix_history()

    # -- PlanVars protocol -----------------------------------------------------------------------

    def enforce(self, rule_id: str) -> Any:
        if not self.explain:
            return self._true
        if rule_id not in self._literals:
            self._literals[rule_id] = self.model.NewBoolVar(f"rule_{rule_id}")
        return self._literals[rule_id]

    def week_indices(self, week: int) -> list[int]:
        first = 7 * (week - 1)
        return list(range(first, min(first + 7, len(self.days))))

    def prior_week_km(self, week: int) -> int:
        return round(self.request.runner.weekly_km * TENTHS)

    def reward(self, expr: Any, weight: int) -> None:
        self._rewards.append((expr, weight))

    def add_max(self, name: str, exprs: Sequence[Any], upper: int) -> Any:
        if all(isinstance(e, int) for e in exprs):
            return max(exprs)
        var = self.model.NewIntVar(0, max(upper, *(e for e in exprs if isinstance(e, int)), 0), name)
        self.model.AddMaxEquality(var, list(exprs))
        return var

    # -- variables ------------------------------------------------------------------------------

    def _variables(self) -> None:
        s = self.settings
        n = len(self.days)
        longest = max(s.peak_long_run_km, self.request.runner.long_run_km)
        self.max_run_tenths = math.ceil(longest * TENTHS)
        self.max_week_tenths = math.ceil(max(s.peak_weekly_km, self.request.runner.weekly_km) * TENTHS)
        min_easy = round(MIN_EASY_RUN_KM * TENTHS)
        min_quality = round(MIN_QUALITY_RUN_KM * TENTHS)
        m = self.model
        self.run = [m.NewBoolVar(f"run_{d}") for d in self.days]
        self.long = [m.NewBoolVar(f"long_{d}") for d in self.days]
        self.quality = [m.NewBoolVar(f"quality_{d}") for d in self.days]
        self.strength = [m.NewBoolVar(f"strength_{d}") for d in self.days]
        self.mobility = [m.NewBoolVar(f"mobility_{d}") for d in self.days]
        self.rest = [m.NewBoolVar(f"rest_{d}") for d in self.days]
        self.dist = [m.NewIntVar(0, self.max_run_tenths, f"dist_{d}") for d in self.days]
        self.quality_dist = [m.NewIntVar(0, self.max_run_tenths, f"quality_dist_{d}") for d in self.days]
        for i in range(n):
            m.AddImplication(self.long[i], self.run[i])
            m.AddImplication(self.quality[i], self.run[i])
            m.Add(self.long[i] + self.quality[i] <= 1)
            m.Add(self.dist[i] == 0).OnlyEnforceIf(self.run[i].Not())
            m.Add(self.dist[i] >= min_easy).OnlyEnforceIf(self.run[i])
            m.Add(self.dist[i] >= min_quality).OnlyEnforceIf(self.quality[i])
            m.Add(self.quality_dist[i] == self.dist[i]).OnlyEnforceIf(self.quality[i])
            m.Add(self.quality_dist[i] == 0).OnlyEnforceIf(self.quality[i].Not())
            m.AddImplication(self.rest[i], self.run[i].Not())
            m.AddImplication(self.rest[i], self.strength[i].Not())
            m.AddImplication(self.rest[i], self.mobility[i].Not())
        self.week_km: dict[int, Any] = {}
        self.week_long: dict[int, Any] = {}
        for week in range(1, self.cal.week_count + 1):
            idx = self.week_indices(week)
            self.week_km[week] = m.NewIntVar(0, self.max_week_tenths, f"week_km_{week}")
            m.Add(self.week_km[week] == sum(self.dist[i] for i in idx))
            self.week_long[week] = m.NewIntVar(0, self.max_run_tenths, f"week_long_{week}")
            m.AddMaxEquality(self.week_long[week], [self.dist[i] for i in idx])
            # every non-long run stays within the week's long run
            for i in idx:
                m.Add(self.dist[i] <= self.week_long[week])

    def _fix_history(self) -> None:
        for i, day in enumerate(self.days):
            past = self.fixed.get(day)
            if past is None:
                continue
            m = self.model
            m.Add(self.run[i] == int(past.run is not None))
            m.Add(self.long[i] == int(past.run == "long"))
            m.Add(self.quality[i] == int(past.run == "quality"))
            m.Add(self.dist[i] == past.dist_tenths)
            m.Add(self.strength[i] == int(past.strength))
            m.Add(self.mobility[i] == int(past.mobility))

    # -- objective ------------------------------------------------------------------------------

    def add_objective(self) -> None:
        """Reach the peak volume and long-run targets, then smoothness, then preferences."""
        m = self.model
        s = self.settings
        pre = self.cal.pre_taper_weeks or tuple(range(1, self.cal.week_count + 1))
        target_week = min(round(s.peak_weekly_km * TENTHS), self.max_week_tenths)
        target_long = min(round(s.peak_long_run_km * TENTHS), self.max_run_tenths)
        peak_week = self.add_max("obj_peak_week", [self.week_km[w] for w in pre], self.max_week_tenths)
        peak_long = self.add_max("obj_peak_long", [self.week_long[w] for w in pre], self.max_run_tenths)
        short_week = m.NewIntVar(0, self.max_week_tenths, "shortfall_week")
        short_long = m.NewIntVar(0, self.max_run_tenths, "shortfall_long")
        m.Add(short_week >= target_week - peak_week)
        m.Add(short_long >= target_long - peak_long)

        step_week = m.NewIntVar(0, self.max_week_tenths, "largest_step_week")
        step_long = m.NewIntVar(0, self.max_run_tenths, "largest_step_long")
        variation: list[tuple[Any, int]] = []
        prior = self.prior_week_km(0)
        prior_long = round(self.request.runner.long_run_km * TENTHS)
        for week in range(1, self.cal.week_count + 1):
            prev_w = [self.week_km[w] if w >= 1 else prior for w in (week - 1, week - 2)]
            prev_l = [self.week_long[w] if w >= 1 else prior_long for w in (week - 1, week - 2)]
            if week not in self.cal.taper_weeks:
                higher = self.add_max(f"obj_higher_w{week}", prev_w, self.max_week_tenths)
                m.Add(step_week >= self.week_km[week] - higher)
                higher_l = self.add_max(f"obj_higher_l{week}", prev_l, max(self.max_run_tenths, prior_long))
                m.Add(step_long >= self.week_long[week] - higher_l)
            for current, previous, weight, name in (
                (self.week_km[week], prev_w[0], W_VARIATION_WEEK, "w"),
                (self.week_long[week], prev_l[0], W_VARIATION_LONG, "l"),
            ):
                upper = max(self.max_week_tenths, prior, prior_long)
                delta = m.NewIntVar(0, upper, f"obj_var_{name}{week}")
                m.AddAbsEquality(delta, current - previous)
                variation.append((delta, weight))
        for i, day in enumerate(self.days):
            if self.cal.is_run_weekday(day) and self.cal.can_train(day):
                self.reward(self.run[i], 1)
        penalty = (
            W_SHORTFALL * (short_week + short_long)
            + W_STEP_WEEK * step_week
            + W_STEP_LONG * step_long
            + sum(weight * delta for delta, weight in variation)
        )
        m.Minimize(penalty - sum(weight * expr for expr, weight in self._rewards))

    # -- solving --------------------------------------------------------------------------------

    def solver(self, deterministic_limit: float) -> cp_model.CpSolver:
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = SEED
        solver.parameters.max_deterministic_time = deterministic_limit
        return solver

    def decode(self, solver: cp_model.CpSolver) -> tuple[DayPlan, ...]:
        out = []
        for i, day in enumerate(self.days):
            kind = None
            if solver.Value(self.run[i]):
                kind = "long" if solver.Value(self.long[i]) else ("quality" if solver.Value(self.quality[i]) else "easy")
            out.append(
                DayPlan(
                    day=day,
                    run=kind,
                    dist_tenths=int(solver.Value(self.dist[i])),
                    strength=bool(solver.Value(self.strength[i])),
                    mobility=bool(solver.Value(self.mobility[i])),
                )
            )
        return tuple(out)

    def conflicts(self, deterministic_limit: float) -> list[str]:
        """Rule ids in a sufficient set of clashing rules (needs ``explain=True``)."""
        literals = list(self._literals.values())
        self.model.AddAssumptions(literals)
        solver = self.solver(deterministic_limit)
        status = solver.Solve(self.model)
        if status != cp_model.INFEASIBLE:
            return []
        by_index = {lit.Index(): rule_id for rule_id, lit in self._literals.items()}
        found = [by_index[i] for i in solver.SufficientAssumptionsForInfeasibility() if i in by_index]
        return [r for r in RULES_BY_ID if r in found]


def _is_feasible(request: PlanRequest, easy_pace_s_per_km: int, limit: float, fixed: dict[date, FixedDay] | None) -> bool | None:
    pm = PlanModel(request, easy_pace_s_per_km, fixed=fixed)
    status = pm.solver(limit).Solve(pm.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return True
    if status == cp_model.INFEASIBLE:
        return False
    return None


def solve(
    request: PlanRequest,
    easy_pace_s_per_km: int,
    *,
    deterministic_limit: float = DEFAULT_DETERMINISTIC_LIMIT,
    fixed: dict[date, FixedDay] | None = None,
) -> Skeleton:
    """Solve a request into a day-by-day skeleton, or raise :class:`InfeasiblePlanError`."""
    started = time.perf_counter()
    pm = PlanModel(request, easy_pace_s_per_km, fixed=fixed)
    pm.add_objective()
    solver = pm.solver(deterministic_limit)
    status = solver.Solve(pm.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        days = pm.decode(solver)
        weeks = {w: int(solver.Value(v)) for w, v in pm.week_km.items()}
        return Skeleton(
            days=days,
            optimal=status == cp_model.OPTIMAL,
            objective=solver.ObjectiveValue(),
            solve_seconds=time.perf_counter() - started,
            week_km_tenths=weeks,
        )
    if status == cp_model.INFEASIBLE:
        raise explain_infeasible(request, easy_pace_s_per_km, deterministic_limit, fixed)
    raise InfeasiblePlanError(
        [],
        [
            "the solver found no plan within its work limit; try a shorter horizon, fewer blackouts, "
            "or a larger limit (generate(..., deterministic_limit=...))"
        ],
    )


def explain_infeasible(
    request: PlanRequest,
    easy_pace_s_per_km: int,
    deterministic_limit: float,
    fixed: dict[date, FixedDay] | None = None,
) -> InfeasiblePlanError:
    pm = PlanModel(request, easy_pace_s_per_km, explain=True, fixed=fixed)
    conflicts = pm.conflicts(deterministic_limit)
    suggestions = _suggestions(request, easy_pace_s_per_km, conflicts, deterministic_limit, fixed)
    return InfeasiblePlanError(conflicts, suggestions)


def _with_race_date(request: PlanRequest, race_date: date) -> PlanRequest:
    data = request.model_dump(by_alias=True)
    data["race"]["date"] = race_date
    return PlanRequest.model_validate(data)


def _suggestions(
    request: PlanRequest,
    easy_pace_s_per_km: int,
    conflicts: list[str],
    limit: float,
    fixed: dict[date, FixedDay] | None,
) -> list[str]:
    out: list[str] = []
    settings = RuleSettings.from_request(request)
    runner = request.runner
    long_cap_km = settings.long_run_max_min * 60 / easy_pace_s_per_km
    if settings.readiness_km > long_cap_km:
        out.append(
            f"the race needs a long run of {settings.readiness_km:.1f} km, but {settings.long_run_max_min} min at your easy "
            f"pace ({easy_pace_s_per_km // 60}:{easy_pace_s_per_km % 60:02d}/km) covers only {long_cap_km:.1f} km: choose a "
            f"shorter race, or raise rules.long_run_max_min"
        )
        return out
    if runner.long_run_km <= 0 or runner.weekly_km <= 0:
        out.append(
            "hamplan plans for runners who already run: build up to at least 3 runs of 2–3 km a week "
            "(runner.weekly_km and runner.long_run_km above zero) before starting a race plan"
        )
    # the earliest race date that works, found by bisection over whole weeks of extra time
    if fixed is None:
        latest = request.start + timedelta(days=MAX_HORIZON_DAYS)
        latest -= timedelta(days=(latest - request.race.date).days % 7)
        if latest > request.race.date and _is_feasible(_with_race_date(request, latest), easy_pace_s_per_km, limit, None):
            low, high = 0, (latest - request.race.date).days // 7
            while high - low > 1:
                mid = (low + high) // 2
                candidate = request.race.date + timedelta(days=7 * mid)
                if any(candidate in b for b in request.schedule.blackout):
                    low = mid
                    continue
                ok = _is_feasible(_with_race_date(request, candidate), easy_pace_s_per_km, limit, None)
                if ok:
                    high = mid
                else:
                    low = mid
            earliest = request.race.date + timedelta(days=7 * high)
            out.append(f"the earliest race date (same weekday) with a safe plan is {earliest.isoformat()}")
        elif latest > request.race.date or latest == request.race.date:
            out.append("no race date within 52 weeks of the start gives a safe plan with this schedule")
    if "availability" in conflicts or "rest_day" in conflicts:
        out.append("free more days: add run_days, shorten blackouts, or raise max_minutes")
    if "race_readiness" in conflicts:
        need = settings.readiness_km
        out.append(f"or start from a longer recent long run: the race needs {need:.1f} km before the taper")
    if not out:
        out.append("relax one of the clashing rules in [rules], or change the schedule")
    return out
