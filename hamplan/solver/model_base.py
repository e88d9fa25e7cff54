"""What the week and the day model share: the CP-SAT model, the request's calendar and
settings, one switchable literal per rule (``PlanVars``), and the bounds both models use."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ortools.sat.python import cp_model

from hamplan.calendar import PlanCalendar, weekday_name
from hamplan.models import PlanRequest
from hamplan.rules import RULES_BY_ID
from hamplan.rules.base import TENTHS, km_in_minutes_tenths, other_run_room_pc, tenths_floor
from hamplan.rules.coaching import COACHING_RULES
from hamplan.rules.coaching.targets import RETURN_RUN_MAX_MIN, race_week_run_max_min
from hamplan.rules.context import PlanContext
from hamplan.rules.settings import RACE_EVE_LONG_RUN_KM, RACE_EVE_RUN_CAPS_KM, other_run_share, sessions_min
from hamplan.solver.parameters import make_solver, solve_with_fallback


class _CpModel(cp_model.CpModel):
    """A CP-SAT model without the deprecated CamelCase aliases that ``CpModel()`` attaches to
    every new model one by one (about 60 of them, from ``dir()``): the planner never calls
    them, and building them was a few percent of a plan's time (three models a plan)."""

    def _add_pre_pep8_methods(self) -> None:
        pass


class ModelBase:
    """What both models share: the CP-SAT model, the request's calendar and settings, the
    variable bounds, one switchable literal per rule, and the ``PlanVars`` helpers."""

    def __init__(
        self,
        request: PlanRequest,
        easy_pace_s_per_km: int,
        *,
        explain: bool,
        context: PlanContext | None = None,
        coaching: bool = True,
        fixed_days: Collection[date] = (),
        ceilings: bool = True,
        ceiling_room: dict[int, tuple[int, int]] | None = None,
        soft_ceilings: bool = False,
        coaching_skipped: Collection[str] = (),
    ) -> None:
        self.model = _CpModel()
        self.request = request
        self.context = context if context is not None and context.easy_pace_s_per_km == easy_pace_s_per_km else PlanContext(request, easy_pace_s_per_km)
        self.cal = self.context.cal
        self.settings = self.context.settings
        #: coaching rules are posted when a plan is made, never when a refusal is explained
        self.coaching = coaching and not explain
        #: coaching rules not posted (ids): a fallback that keeps the others
        self.coaching_skipped = frozenset(coaching_skipped)
        #: the volume curve as every week's ceiling (off when the curve leaves the race's long run no room)
        self.ceilings = ceilings
        #: room (tenths of a km: volume, long run) above each week's curve ceiling, where the curve
        #: asks less than the rules need (``stages._ceiling_room``); ``soft_ceilings``: that room is
        #: a variable per week (``ceiling_excess``), which that stage minimises
        self.ceiling_room = ceiling_room or {}
        self.soft_ceilings = soft_ceilings
        self.ceiling_excess: dict[int, tuple[Any, Any]] = {}
        #: weeks wholly run already (a re-plan inside a week): the coaching rules leave them be. A
        #: week partly run keeps its coaching (its days run were planned by it): exempt, its
        #: ceiling was gone, and a re-plan on a Wednesday filled the week to the peak's 75 km
        fixed = set(fixed_days)
        self.history_weeks = frozenset(
            w for w in {self.cal.week_of(d) for d in fixed} if all(d in fixed for d in self.cal.week_days(w))
        )
        self._partly_run_weeks = frozenset(self.cal.week_of(d) for d in fixed) - self.history_weeks
        self._penalties: list[tuple[Any, int]] = []
        self.days = self.cal.days
        self.race_index = len(self.days) - 1
        self.easy_pace_s_per_km = easy_pace_s_per_km
        self.explain = explain
        self._literals: dict[str, Any] = {}
        self._rewards: list[tuple[Any, int]] = []
        self._true = self.model.new_constant(1)
        s = self.settings
        self.max_run_tenths = math.ceil(max(s.peak_long_run_km, request.runner.long_run_km) * TENTHS)
        self.max_week_tenths = math.ceil(max(s.peak_weekly_km, request.runner.weekly_km) * TENTHS)

    # -- PlanVars protocol -----------------------------------------------------------------------

    def partly_run(self, week: int) -> bool:
        return week in self._partly_run_weeks

    def enforce(self, rule_id: str) -> Any:
        if not self.explain:
            return self._true
        if rule_id not in self._literals:
            self._literals[rule_id] = self.model.new_bool_var(f"rule_{rule_id}")
        return self._literals[rule_id]

    def week_indices(self, week: int) -> list[int]:
        first = 7 * (week - 1)
        return list(range(first, min(first + 7, len(self.days))))

    def prior_week_km(self, week: int) -> int:
        return tenths_floor(self.cal.prior_week_km(week))

    def recent_long_runs(self, week: int, long_of: Callable[[int], Any]) -> list[Any]:
        """The long runs a week a break touches is measured against when it holds none (planner
        shape: its runs stay the size of easy runs beside them): those of the 3 weeks before (the
        session spike's window), and the runner's own in the first 3 weeks, so that after a blank
        week the first run back is not held to 0.6 × 0 + 1 km. ``long_of``: a week's long run (a
        model variable in the week model, the settled tenths in the day model)."""
        recent = [long_of(w) for w in range(max(1, week - 3), week)]
        if week <= 3:
            recent.append(round(self.request.runner.long_run_km * TENTHS))
        return recent

    def hold_to_easy_run_size(self, week: int, held: Any) -> None:
        """Planner shape, in both models: a week a break touches that holds no long run (``held``
        false) keeps its longest run the size of an easy run beside the recent long runs
        (:meth:`recent_long_runs`, :func:`within_other_run_share`): an 18 km "easy" run in a
        20 km week is a long run in disguise. The size of the runner's regular weeks' easy
        runs, or the week's own where smaller (:meth:`easy_size_run_days`): a break that left a
        five-day runner three run days otherwise held him to 0.8 × the long run + 1 km, a
        three-day week's share, and a 22.5 km "easy run" came three days before a 28 km long run."""
        recent = self.recent_long_runs(week, self.week_long.__getitem__)
        last_long = self.add_max(f"recent_long_w{week}", recent, self.max_run_tenths)
        self.model.add(within_other_run_share(self.week_long[week], last_long, self.easy_size_run_days(week))).only_enforce_if(held.negated())

    def easy_size_run_days(self, week: int) -> int:
        """The run-day count whose share of the long run sizes a break week's easy runs: the
        runner's regular week's or the week's own, whichever gives the smaller share
        (``other_run_share``): a three-day runner left two days keeps 0.6 × the long run + 1 km
        (at his regular 0.8 ×, two 13.8 km "easy runs" came 3 and 4 days after a 16 km long run)."""
        regular, own = len(self.request.schedule.run_days), len(self.cal.run_days_in(week))
        return regular if other_run_share(regular) <= other_run_share(own) else own

    @property
    def curve_moved(self) -> bool:
        """The curve's ceilings are raised somewhere, or free to be (see ``ceiling_room``)."""
        return self.soft_ceilings or bool(self.ceiling_room)

    def under_ceiling(self, week: int, volume_tenths: int, long_tenths: int) -> None:
        """Week ``week``'s volume and long run at most the curve's ceilings (tenths of a km),
        raised by the week's ``ceiling_room``, or by a variable excess with ``soft_ceilings``."""
        room_km, room_long = self.ceiling_room.get(week, (0, 0))
        if self.soft_ceilings:
            room_km = self.model.new_int_var(0, self.max_week_tenths, f"ceiling_excess_km_{week}")
            room_long = self.model.new_int_var(0, self.max_run_tenths, f"ceiling_excess_long_{week}")
            self.ceiling_excess[week] = (room_km, room_long)
        self.model.add(self.week_km[week] <= volume_tenths + room_km)
        self.model.add(self.week_long[week] <= long_tenths + room_long)

    def reward(self, expr: Any, weight: int) -> None:
        self._rewards.append((expr, weight))

    def penalize(self, expr: Any, weight: int) -> None:
        self._penalties.append((expr, weight))

    def penalty(self) -> Any:
        """The weighted sum of every objective term the coaching rules posted (0 without them)."""
        return sum(weight * expr for expr, weight in self._penalties)

    def penalty_bound(self) -> int:
        """The largest value :meth:`penalty` can take (each term's upper bound times its weight)."""
        return sum(weight * _upper_bound(expr) for expr, weight in self._penalties)

    def post_coaching(self, stage: str) -> None:
        """The coaching rules' solver parts for one stage ('week' or 'day'), when coaching is on."""
        if not self.coaching:
            return
        for rule in COACHING_RULES:
            if rule.id not in self.coaching_skipped:
                getattr(rule, f"post_{stage}")(self)

    def add_max(self, name: str, exprs: Sequence[Any], upper: int) -> Any:
        if all(isinstance(e, int) for e in exprs):
            return max(exprs)
        var = self.model.new_int_var(0, max(upper, *(e for e in exprs if isinstance(e, int)), 0), name)
        self.model.add_max_equality(var, list(exprs))
        return var

    #: the :data:`SOLVER_PROFILES` entry for optimising this model (set by each model)
    profile: str
    week_km: dict[int, Any]
    week_long: dict[int, Any]

    def bound_weeks(self, values: dict[int, tuple[int, int]], *, exact: bool) -> None:
        """Each listed week's run volume and longest run (tenths of a km) equal to (``exact``)
        or at most ``values[week]``."""
        for week, (volume, longest) in values.items():
            if exact:
                self.model.add(self.week_km[week] == volume)
                self.model.add(self.week_long[week] == longest)
            else:
                self.model.add(self.week_km[week] <= volume)
                self.model.add(self.week_long[week] <= longest)

    def day_cap(self, day: date) -> int:
        """The longest run ``day`` can hold, tenths of a km (:func:`day_cap_tenths`), for the rules."""
        return day_cap_tenths(self, day)

    def solver(self, deterministic_limit: float, profile: str | None = None) -> cp_model.CpSolver:
        return make_solver(deterministic_limit, profile or self.profile)

    def solve_with_fallback(self, deterministic_limit: float, profile: str | None = None) -> tuple[cp_model.CpSolver, int]:
        """Solve the model (:func:`hamplan.solver.parameters.solve_with_fallback`: a profile's
        fallback taking over where it is lost); returns the solver that answered and its status."""
        return solve_with_fallback(self.model, deterministic_limit, profile or self.profile)

    def conflicts(self, deterministic_limit: float, start: Sequence[str] | None = None) -> list[str]:
        """A minimal set of clashing rule ids (needs ``explain=True``): with every one of them on
        the model has no solution, with any one of them off it has one.

        CP-SAT's sufficient assumptions (or ``start``, a set already known to clash, when it
        still clashes here) are shrunk by a deletion filter: each rule is switched off in turn,
        and it leaves the set when the rest still clash, the solver's new core then pruning the
        candidates left. A rule whose removal the solver cannot settle within the limit stays
        (the set then still clashes, but may not be minimal). Empty when the rules do not clash.
        """
        core = None
        if start is not None and all(r in self._literals for r in start):
            core = self._clashing(list(start), deterministic_limit)
        if core is None:
            core = self._clashing(list(self._literals), deterministic_limit)
        if core is None:
            return []
        needed: list[str] = []
        candidates = [r for r in RULES_BY_ID if r in core]
        while candidates:
            rule_id = candidates.pop(0)
            smaller = self._clashing(needed + candidates, deterministic_limit)
            if smaller is None:
                needed.append(rule_id)
            else:
                candidates = [r for r in candidates if r in smaller]
        return [r for r in RULES_BY_ID if r in needed]

    def solvable_with(self, rule_ids: Sequence[str], deterministic_limit: float) -> bool | None:
        """Whether the model has a solution with just ``rule_ids`` switched on (the other rules'
        literals left free, so off in effect; needs ``explain=True``); None when the solver
        cannot tell within the limit."""
        status, _ = self._solve_assuming(rule_ids, deterministic_limit)
        if status == cp_model.INFEASIBLE:
            return False
        return True if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None

    def _clashing(self, rule_ids: list[str], deterministic_limit: float) -> set[str] | None:
        """The solver's core (a subset of ``rule_ids`` that clashes) when ``rule_ids`` switched on
        leave no solution; None when they leave one or the solver cannot tell within the limit."""
        status, solver = self._solve_assuming(rule_ids, deterministic_limit)
        if status != cp_model.INFEASIBLE:
            return None
        by_index = {lit.index: rule_id for rule_id, lit in self._literals.items()}
        return {by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index}

    def _solve_assuming(self, rule_ids: Sequence[str], deterministic_limit: float) -> tuple[Any, cp_model.CpSolver]:
        self.model.clear_assumptions()
        self.model.add_assumptions([self.enforce(r) for r in rule_ids])
        solver = self.solver(deterministic_limit, "feasible")
        status = solver.solve(self.model)
        self.model.clear_assumptions()
        return status, solver


def _upper_bound(expr: Any) -> int:
    """The upper bound of a penalized term: a literal, an integer variable or a constant."""
    if isinstance(expr, int):
        return expr
    if isinstance(expr, cp_model.IntVar) and not expr.is_boolean:
        return int(list(expr.proto.domain)[-1])  # the repeated field takes no negative index (it gave 0)
    return 1  # a literal (or its negation)


def within_other_run_share(km: Any, longest: Any, run_days: int) -> Any:
    """Planner shape, in both models: a run besides the week's longest stays within 0.6 × it + 1 km."""
    return 100 * km <= other_run_room_pc(longest, run_days)


@dataclass(frozen=True)
class DayCaps:
    """What :func:`day_cap_tenths` reads, outside a model: the calendar, the easy pace and an
    upper bound on a run."""

    cal: PlanCalendar
    easy_pace_s_per_km: int
    max_run_tenths: int


def day_plan_cap_tenths(cal: PlanCalendar, day: Any, easy_pace_s_per_km: int, upper: int) -> int:
    """The longest run a skeleton's day (``DayPlan``) holds beside the strength and mobility
    sessions it was budgeted, at ``easy_pace_s_per_km``, at most ``upper``."""
    busy = sessions_min(cal, day.day, strength=day.strength, strength_short=day.strength_short, mobility=day.mobility, mobility_short=day.mobility_short)
    return day_cap_tenths(DayCaps(cal, easy_pace_s_per_km, upper), day.day, busy_min=busy)


def return_run_cap_tenths(m: Any, day: date) -> int | None:
    """Coaching (``return_runs``): the longest easy run of a day back from a break
    (``PlanCalendar.capped_return_days``), tenths of a km; None on other days, on a day already
    run (a re-plan's log holds what was run: a logged 13.8 km there had made the hold clash
    and yield for every day back), and in a model that explains a refusal (coaching is never
    part of one)."""
    if getattr(m, "explain", False) or day not in m.cal.capped_return_days:
        return None
    if day in getattr(m, "fixed", {}) or day in getattr(m, "done_days", {}):
        return None
    return km_in_minutes_tenths(RETURN_RUN_MAX_MIN, m.easy_pace_s_per_km)


def day_cap_tenths(m: Any, day: date, *, busy_min: int = 0) -> int:
    """Longest run a day can hold: its ``max_minutes`` (less ``busy_min`` of other sessions) at
    easy pace, and short runs on race eve. The planner's models and the step that evens out easy
    runs afterwards both use it, so neither can undo the other."""
    cap = m.max_run_tenths
    limit = m.cal.max_minutes(day)
    if limit is not None:
        cap = min(cap, km_in_minutes_tenths(limit - busy_min, m.easy_pace_s_per_km))
    back = return_run_cap_tenths(m, day)
    if back is not None and weekday_name(day) != m.cal.request.schedule.long_run_day:
        cap = min(cap, back)  # the long-run day's run is capped where it is not the long run (the models)
    days_before_race = (m.cal.race_day - day).days
    eve = RACE_EVE_RUN_CAPS_KM.get(days_before_race)
    if days_before_race == 1 and m.cal.race_eve_holds_a_long_run:
        eve = RACE_EVE_LONG_RUN_KM  # the long_run rule's day: its week's long run, short
    if eve is not None:
        cap = min(cap, round(eve * TENTHS))
    if m.cal.is_race_week_day(day) and (m.cal.race_week_caps or m.cal.week_of(day) == m.cal.week_count):
        # coaching (race_week_runs): race-week runs shrink toward the race: the six days before
        # it, whichever plan weeks they fall in (a race early in its plan week left them to a
        # peak week: a 5K's 90-min long run six days out); in the week before the race's, not
        # where the long run the race needs falls there and the solve would refuse without it
        cap = min(cap, km_in_minutes_tenths(race_week_run_max_min(m.cal.race_km, days_before_race), m.easy_pace_s_per_km))
    return max(0, cap)
