"""The day model: per day, whether there is a run (easy, long or quality), how far it goes
(tenths of a km), and whether there is a strength or mobility session; each rule posts
itself through ``PlanVars``."""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from datetime import date, timedelta
from typing import Any

from ortools.sat.python import cp_model

from hamplan.calendar import no_fast_running_until, weekday_name
from hamplan.models import PlanRequest
from hamplan.rules import RULES
from hamplan.rules.base import TENTHS, counts_exactly
from hamplan.rules.coaching.other_runs import other_run_room_in_week_pc
from hamplan.rules.context import PlanContext
from hamplan.rules.reach import touched_week_cap_tenths
from hamplan.rules.week_shape import long_run_day_free
from hamplan.rules.coaching.week import before_long_cap_tenths, capped_week
from hamplan.rules.settings import (
    MIN_EASY_RUN_KM,
    MIN_QUALITY_RUN_KM,
    strength_short_min,
    sessions_min,
)
from hamplan.solver.model_base import ModelBase, day_cap_tenths, return_run_cap_tenths, within_other_run_share
from hamplan.solver.objective import (
    W_FILL,
    W_SESSION_SHORTFALL,
    W_SHORT_STRENGTH,
    W_STEP_LONG,
    W_STEP_WEEK,
    session_shortfall,
    shape_constraints,
    week_goals,
    volume_objective,
    week_objective,
)
from hamplan.solver.quality import main_session_targets
from hamplan.solver.skeleton import DayPlan, FixedDay


class PlanModel(ModelBase):
    """Owns the CP-SAT model for one request; each rule posts itself through ``PlanVars``."""

    def __init__(
        self,
        request: PlanRequest,
        easy_pace_s_per_km: int,
        *,
        explain: bool = False,
        fixed: dict[date, FixedDay] | None = None,
        rule_ids: Sequence[str] | None = None,
        week_values: dict[int, tuple[int, int]] | None = None,
        context: PlanContext | None = None,
        coaching: bool = True,
        ceilings: bool = True,
        ceiling_room: dict[int, tuple[int, int]] | None = None,
        loose_weeks: Collection[int] = (),
        long_runs_days_apart: int | None = None,
    ) -> None:
        """``week_values``: the week model's volumes and long runs, which the days hold exactly,
        except ``loose_weeks``, held to at most them (the week rules are then posted here too,
        since those weeks' volumes change). ``long_runs_days_apart``: the fewest days between
        two long runs (``long_run_spacing``; 2 where the week stage settled the weeks without
        that rule's week part: never on consecutive days)."""
        super().__init__(request, easy_pace_s_per_km, explain=explain, context=context, coaching=coaching, fixed_days=tuple(fixed or ()),
                         ceilings=ceilings, ceiling_room=ceiling_room)
        self.long_runs_days_apart = long_runs_days_apart
        self.fixed = fixed or {}
        self.week_values = week_values or {}
        self._long_run_held: dict[int, Any] = {}
        #: how far each run outside race week falls short of 20 min (``short_runs``), tenths of a km
        self.short_run_tenths: list[Any] = []
        self._variables()
        for rule in RULES:
            if week_values is not None and not loose_weeks and rule.scope == "week":
                continue  # already decided by the week-level model, and verified by the checker
            if rule_ids is None or rule.id in rule_ids:
                rule.post(self)
        self._fix_history()
        self._graduated_return_window()
        self._no_fast_running_in_the_first_week_back()
        self.post_coaching("day")
        if week_values is not None:
            self.bound_weeks({w: v for w, v in week_values.items() if w not in loose_weeks}, exact=True)
            self.bound_weeks({w: v for w, v in week_values.items() if w in loose_weeks}, exact=False)

    def long_run_held(self, week: int) -> Any | None:
        """The literal "the week holds a long run" where the week may go without one (made when
        a rule first asks: the full model's coaching part in a re-plan); None in a week that
        holds one whenever it runs, race week included (it holds none)."""
        if counts_exactly(self.cal, week, self.partly_run(week)) or self.cal.is_race_week(week):
            return None
        if week not in self._long_run_held:
            held = self.model.new_bool_var(f"long_held_w{week}")
            self.model.add(sum(self.long[i] for i in self.week_indices(week) if i != self.race_index) == held)
            self._long_run_held[week] = held
        return self._long_run_held[week]

    def known_week_km(self, week: int) -> float | None:
        """A week's run km when the week model has settled it (None in the full model)."""
        value = self.week_values.get(week)
        return None if value is None else value[0] / TENTHS

    # -- variables ------------------------------------------------------------------------------

    def _variables(self) -> None:
        n = len(self.days)
        min_easy = round(MIN_EASY_RUN_KM * TENTHS)
        min_quality = round(MIN_QUALITY_RUN_KM * TENTHS)
        m = self.model
        never = m.new_constant(0)
        runnable = self.runnable = [self._may_run(i, day) for i, day in enumerate(self.days)]
        # a day no run can take holds constants, not variables: a quarter to a half of the days,
        # whose variables and constraints presolve would only remove again
        long_days: dict[int, int] = {}  # week -> the day its long run must take, where the rules say
        for week in range(1, self.cal.week_count + 1):
            day = self._known_long_run_day(week, [i for i in self.week_indices(week) if runnable[i]])
            if day is not None:
                long_days[week] = day
        long_run_indices = set(long_days.values())
        self.run = [
            self._true if i in long_run_indices else m.new_bool_var(f"run_{d}") if ok else never
            for i, (d, ok) in enumerate(zip(self.days, runnable))
        ]
        self.long = [
            self._long_literal(i, d, ok, long_days.get(self.cal.week_of(d)), never) for i, (d, ok) in enumerate(zip(self.days, runnable))
        ]
        self.quality = [m.new_bool_var(f"quality_{d}") if ok else never for d, ok in zip(self.days, runnable)]
        self.strength = [m.new_bool_var(f"strength_{d}") for d in self.days]
        self.mobility = [m.new_bool_var(f"mobility_{d}") for d in self.days]
        self.rest = [m.new_bool_var(f"rest_{d}") for d in self.days]
        # the longest run each day can hold is its variable's domain (the race is not capped)
        caps = [self.max_run_tenths if i == self.race_index else day_cap_tenths(self, d) for i, d in enumerate(self.days)]
        self.dist = [m.new_int_var(0, cap, f"dist_{d}") if ok else 0 for d, ok, cap in zip(self.days, runnable, caps)]
        #: the longest run each day can hold (its distance variable's upper bound), alone and
        #: beside the short form of a strength session
        self.dist_caps = caps
        short_strength = strength_short_min(self.request)
        self.dist_caps_beside_strength = [
            cap if i == self.race_index else min(cap, day_cap_tenths(self, d, busy_min=short_strength))
            for i, (d, cap) in enumerate(zip(self.days, caps))
        ]
        self.quality_dist = [
            m.new_int_var(0, cap, f"quality_dist_{d}") if ok else 0 for d, ok, cap in zip(self.days, runnable, caps)
        ]
        self._session_forms(never)
        for i in range(n):
            m.add_implication(self.rest[i], self.strength[i].negated())
            m.add_implication(self.rest[i], self.mobility[i].negated())
            if not runnable[i]:
                continue
            m.add_implication(self.long[i], self.run[i])
            m.add_implication(self.quality[i], self.run[i])
            m.add(self.long[i] + self.quality[i] <= 1)
            m.add(self.dist[i] == 0).only_enforce_if(self.run[i].negated())
            m.add(self.dist[i] >= min_easy).only_enforce_if(self.run[i])
            m.add(self.dist[i] >= min_quality).only_enforce_if(self.quality[i])
            past = self.fixed.get(self.days[i])
            if past is not None and past.easy_time:
                m.add(self.quality_dist[i] == 0)  # hill sprints run: their time is easy (``easy_share``)
            else:
                m.add(self.quality_dist[i] == self.dist[i]).only_enforce_if(self.quality[i])
                m.add(self.quality_dist[i] == 0).only_enforce_if(self.quality[i].negated())
            m.add_implication(self.rest[i], self.run[i].negated())
            if self.coaching and self.days[i] in self.cal.days_back_from_breaks and self.days[i] not in self.fixed:
                # coaching (return_runs): the days back from a break run easy (a threshold session
                # came on the third day after six days away)
                m.add(self.quality[i] == 0)
            back = return_run_cap_tenths(self, self.days[i])
            if back is not None and back < caps[i]:
                # coaching (return_runs): a long-run day back from a break holds the long run or
                # an easy run of an easy run's length (the other days' caps say so already)
                m.add(self.dist[i] <= back).only_enforce_if(self.long[i].negated())
        m.add(self.rest[self.race_index] == 0)  # race day holds the race
        self.week_km: dict[int, Any] = {}
        self.week_long: dict[int, Any] = {}
        for week in range(1, self.cal.week_count + 1):
            idx = self.week_indices(week)
            self.week_km[week] = m.new_int_var(0, self.max_week_tenths, f"week_km_{week}")
            m.add(self.week_km[week] == sum(self.dist[i] for i in idx))
            self.week_long[week] = m.new_int_var(0, self.max_run_tenths, f"week_long_{week}")
            m.add_max_equality(self.week_long[week], [self.dist[i] for i in idx])
            # every non-long run stays within the week's long run, and well under it when there is one
            idx = [i for i in idx if runnable[i]]
            run_days = len(self.cal.run_days_in(week))
            capped = run_days >= 3
            if capped:
                partly_run = any(self.days[i] in self.fixed for i in idx)
                room = other_run_room_in_week_pc(self.context, week, self.week_long[week], partly_run=partly_run)
            long_day = long_days.get(week)
            if long_day is not None:
                biggest = [self._true if i == long_day else never for i in idx]
            else:
                biggest = [m.new_bool_var(f"biggest_{self.days[i]}") for i in idx]
                m.add(sum(biggest) <= 1)
                if self._settled_as_long_run(week):
                    m.add(sum(self.long[i] for i in idx) == 1)
            for i, big in zip(idx, biggest):
                m.add(self.dist[i] <= self.week_long[week])
                m.add_implication(self.long[i], big)
                if not capped or self.days[i] in self.fixed:
                    continue  # a day already run holds what the log says (an extra 11.6 km, say)
                m.add(100 * self.dist[i] <= room).only_enforce_if(big.negated())

    def _session_forms(self, never: Any) -> None:
        """A day with a time limit may hold the short form of strength or mobility (the
        ``availability`` budget counts it); which form a session takes is settled when the plan
        is decoded (:meth:`_forms`): full wherever the day holds it. Deciding it there rather
        than in the model keeps day placement as fast as without short forms."""
        m = self.model
        self.strength_short = [never] * len(self.days)
        self.mobility_short = [never] * len(self.days)
        for i, day in enumerate(self.days):
            if self.cal.max_minutes(day) is None:
                continue
            self.strength_short[i] = m.new_bool_var(f"strength_short_{day}")
            self.mobility_short[i] = m.new_bool_var(f"mobility_short_{day}")
            m.add_implication(self.strength_short[i], self.strength[i])
            m.add_implication(self.mobility_short[i], self.mobility[i])
            # the short form is for a tight day: a full session on another day comes first (a
            # 10K runner's 24 strength sessions were all short beside 40-min runs on 75-min
            # days, with three free days a week)
            self.penalize(self.strength_short[i], W_SHORT_STRENGTH)

    def _forms(self, day: date, dist_tenths: int, strength: bool, mobility: bool) -> tuple[bool, bool]:
        """(strength short, mobility short) for a day's sessions beside a run of ``dist_tenths``:
        both full if the day's minutes hold them, else the strength session full and mobility
        short, else strength short and mobility full, else both short (what the model allowed)."""
        limit = self.cal.max_minutes(day)
        if limit is None:
            return False, False
        run_seconds_x10 = dist_tenths * self.easy_pace_s_per_km
        for strength_short, mobility_short in ((False, False), (False, True), (True, False), (True, True)):
            minutes = sessions_min(
                self.cal, day, strength=strength, strength_short=strength_short, mobility=mobility, mobility_short=mobility_short,
            )
            if run_seconds_x10 + TENTHS * 60 * minutes <= TENTHS * 60 * limit:
                return strength_short and strength, mobility_short and mobility
        return strength, mobility

    def _long_literal(self, index: int, day: date, runnable: bool, long_day: int | None, never: Any) -> Any:
        """Whether the long run is on this day: decided already in a week whose long-run day is known."""
        if long_day is not None:
            return self._true if index == long_day else never
        return self.model.new_bool_var(f"long_{day}") if runnable else never

    def _settled_as_long_run(self, week: int) -> bool:
        """Whether a week a break touches, or a re-plan finds partly run, holds a long run by the
        week model's answer: its longest run is more than an easy run may be beside the recent
        long run (the week model's planner shape for such a week without one), so it is a long
        run, with the long run's limits, and not a big "easy" run (a 14.9 km easy run the day
        before a tempo, after a 17.3 km long run; a 23.2 km Sunday "easy run" after a 14.9 km
        Saturday, two missed days into a marathoner's week). Only where the week volumes are
        settled, and in a week partly run where its longest run is still ahead (none run yet as
        long, or as long as it)."""
        values = self.week_values
        if week not in values or self.cal.is_race_week(week):
            return False
        done = [self.fixed[self.days[i]] for i in self.week_indices(week) if self.days[i] in self.fixed]
        if self.cal.is_full(week) and not done:
            return False  # a regular week: one long run exactly (``long_run``)
        volume, longest = values[week]
        if done and (any(d.run == "long" for d in done) or longest <= max(d.dist_tenths for d in done)):
            return False  # the week's longest run is run already
        if 1000 * longest > round(self.settings.long_run_share * 1000) * volume:
            return False  # no long run fits the week's share: settled without the planner's shape (the fallback)
        recent = self.recent_long_runs(week, lambda w: values[w][1])
        return not within_other_run_share(longest, max(recent), self.easy_size_run_days(week))

    def long_run_eve_cap_yields(self, week: int) -> bool:
        """Whether the cap on the run before the long run (``day_before_long_run``) yields in a
        week partly run: the week stage settled its volume and its long run still ahead without
        it (the race's long run needed more of the day before than an hour, or the plan went
        without the coaching rules), and the days left hold them no other way. The long run
        stays the long run, and the advice names the run before it: kept, the cap left the
        solver one way out, the long run typed an easy run (13.1 km on Saturday, a 20.2 km
        Sunday "easy run")."""
        values = self.week_values
        days = [self.days[i] for i in self.week_indices(week)]
        done = [self.fixed[d] for d in days if d in self.fixed]
        if week not in values or not done or len(done) == len(days) or any(d.run == "long" for d in done):
            return False
        volume, longest = values[week]
        if longest <= max(d.dist_tenths for d in done):
            return False  # the week's longest run is run already
        return not self._days_left_hold_beside_long_run(week, volume - sum(d.dist_tenths for d in done), longest)

    def _days_left_hold_beside_long_run(self, week: int, left_tenths: int, long_tenths: int) -> bool:
        """Whether a week partly run can hold ``left_tenths`` on its days left with its long run
        of ``long_tenths`` on the long-run day: the run the day before it within min(60 min, half
        of it) (``day_before_long_run``, in weeks it caps) and the other days within their share
        of it, as the week model bounds such a week (``WeekModel._long_run_left``)."""
        left = [d for d in self.cal.run_days_in(week) if d not in self.fixed]
        long_days = [d for d in left if weekday_name(d) == self.request.schedule.long_run_day]
        if not long_days or not self.coaching or not self.context.eve_cap or not capped_week(self.cal, week):
            return True
        eve = long_days[0] - timedelta(days=1)
        if eve not in left:
            return True
        eve_room = min(before_long_cap_tenths(self.easy_pace_s_per_km), max(long_tenths, 2 * self.context.min_run_tenths) // 2)
        others = len(left) - 2
        other_room = min(long_tenths, other_run_room_in_week_pc(self.context, week, long_tenths, partly_run=True) // 100)
        return left_tenths <= long_tenths + eve_room + others * other_room

    def _known_long_run_day(self, week: int, runnable: list[int]) -> int | None:
        """The day the week's long run must take, when the rules leave no choice: a regular week
        (exactly one long run) whose long-run day is free. Then that day holds the biggest run and
        no variable needs to choose it."""
        if self.explain or not self.cal.is_full(week) or any(self.days[i] in self.fixed for i in runnable):
            return None
        lrd = self.request.schedule.long_run_day
        day = next((i for i in runnable if weekday_name(self.days[i]) == lrd), None)
        if day is not None and not long_run_day_free(self.request, self.cal, self.days[day]):
            return None  # the log's day before keeps the long run off it (strength_spacing, hard_days)
        return day

    def _may_run(self, index: int, day: date) -> bool:
        """Whether a run on this day is possible at all: a run weekday, free to train, or the
        race, or a day of history (whatever it held). With ``explain`` every day may run, since
        the availability rule that forbids it can be switched off."""
        if self.explain or index == self.race_index or day in self.fixed:
            return True
        return self.cal.may_run(day)

    def _graduated_return_window(self) -> None:
        """A graduated return's volume cap (``easing.max_weekly_km``) also holds for its last 7
        days as the runner counts them (``PlanCalendar.return_window``), not only for the plan weeks
        they touch: a pause from a Thursday, planned from that day, had the return's days in two
        plan weeks, each under the cap, and 44.5 km in those 7 days against a 39.9 km cap. Planner
        shape, as the cap itself (the evening out of easy runs after the solve keeps it too)."""
        window, easing = self.cal.return_window, self.request.easing
        if window is None or easing is None or easing.max_weekly_km is None:  # the window implies both
            return
        runs = [self.dist[i] for i, day in enumerate(self.days) if window[0] <= day <= window[1] and i != self.race_index]
        if runs:
            self.model.add(sum(runs) <= math.floor(easing.max_weekly_km * TENTHS))

    def _no_fast_running_in_the_first_week_back(self) -> None:
        """After illness no quality session up to the end of the plan week the return's easy days
        end in (:func:`~hamplan.calendar.no_fast_running_until`; the easy days themselves are
        ``hard_days``'): the first week back as the plan shows it is an easy week. Planner shape,
        as the return itself (strides there are left out where the quality types are chosen)."""
        easing, until = self.request.easing, no_fast_running_until(self.request)
        if easing is None or until is None:
            return
        for i, day in enumerate(self.days):
            if easing.until < day <= until and day not in self.fixed and self.runnable[i]:
                self.model.add(self.quality[i] == 0)

    def _fix_history(self) -> None:
        for i, day in enumerate(self.days):
            past = self.fixed.get(day)
            if past is None:
                continue
            m = self.model
            m.add(self.run[i] == int(past.run is not None))
            m.add(self.long[i] == int(past.run == "long"))
            m.add(self.quality[i] == int(past.run == "quality"))
            m.add(self.dist[i] == past.dist_tenths)
            m.add(self.strength[i] == int(past.strength))
            m.add(self.mobility[i] == int(past.mobility))

    # -- objective ------------------------------------------------------------------------------

    def add_objective(
        self, *, volumes: bool = True, fill: bool = False, shaped: bool = True, extra: Any = 0, break_weeks_shaped: bool = True,
    ) -> None:
        """Targets and smoothness (unless the volumes are already fixed), then preferences.
        With ``fill``: no targets, just as much volume as the model's bounds allow. ``shaped``:
        with the planner's shape constraints (see ``objective.shape_constraints``), and where the
        model settles the volumes, with ``break_weeks_shaped`` its shape for weeks a break touches
        (:meth:`_break_weeks_shape`). ``extra``: a caller's own term, minimised with the rest
        (``session_trades``)."""
        penalty: Any = extra
        if shaped and (volumes or fill):
            shape_constraints(self)
        if shaped and volumes and break_weeks_shaped:
            self._break_weeks_shape()
        if volumes:
            self.post_coaching("week")
            if self.coaching:  # the coaching targets (in ``penalty()``), then evenness
                _, step_week, step_long = week_goals(self)
                penalty = W_STEP_WEEK * step_week + W_STEP_LONG * step_long - W_FILL * volume_objective(self)
            else:
                penalty = 20 * week_objective(self) - volume_objective(self)
        elif fill:
            penalty = -W_FILL * volume_objective(self)
        if self.coaching and self.week_values:  # volumes settled: each week's main quality day toward its full session
            targets = main_session_targets(self.context, self.week_values)
            penalty += W_SESSION_SHORTFALL * session_shortfall(self, targets)
        for i, day in enumerate(self.days):
            if self.cal.may_run(day):
                self.reward(self.run[i], 1)
        self.model.minimize(penalty + self.penalty() - sum(weight * expr for expr, weight in self._rewards))

    def _break_weeks_shape(self) -> None:
        """Planner shape where this model settles the weeks itself (the full model; the repair's
        fill is capped at the week model's weeks), as the week model's
        (``WeekModel._capacity``): a week a break touches holds at most its run days' share of a
        full week (``touched_week_cap_tenths``), and where it holds no long run its runs stay
        the size of easy runs beside the recent weeks' longest runs (their share of it + 1 km:
        ``within_other_run_share``). Without them the last resort bounded such a week by the
        load rules alone: a 5-day illness re-plan of a marathoner ran a 26.2 km Sunday "easy
        run" before a 6-day trip and, back from it, a 51 km week of two 25.5 km runs. Not in
        weeks already run, which hold what the log says."""
        for week in range(1, self.cal.week_count + 1):
            if not self.cal.touched(week) or self.cal.is_race_week(week) or week in self.history_weeks or self.partly_run(week):
                continue
            run_days = len(self.cal.run_days_in(week))
            self.model.add(self.week_km[week] <= touched_week_cap_tenths(self.request, self.cal, week))
            held = self.long_run_held(week)
            if held is None or not run_days:
                continue
            self.hold_to_easy_run_size(week, held)

    # -- solving --------------------------------------------------------------------------------

    profile = "day"

    def decode(self, solver: cp_model.CpSolver) -> tuple[DayPlan, ...]:
        out = []
        for i, day in enumerate(self.days):
            kind = None
            if solver.value(self.run[i]):
                kind = "long" if solver.value(self.long[i]) else ("quality" if solver.value(self.quality[i]) else "easy")
            dist = int(solver.value(self.dist[i]))
            strength, mobility = bool(solver.value(self.strength[i])), bool(solver.value(self.mobility[i]))
            strength_short, mobility_short = self._forms(day, dist, strength, mobility)
            out.append(
                DayPlan(
                    day=day, run=kind, dist_tenths=dist, strength=strength, mobility=mobility,
                    strength_short=strength_short, mobility_short=mobility_short,
                )
            )
        return tuple(out)
