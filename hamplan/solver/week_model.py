"""The week model: every week's run volume and long run under the load rules, each week
bounded by what its days can hold."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, timedelta
from typing import Any

from ortools.sat.python import cp_model

from hamplan.calendar import PlanCalendar, weekday_name
from hamplan.models import PlanRequest
from hamplan.rules import RULES
from hamplan.rules.base import PER_MILLE_SCALE, TENTHS, tenths_floor, counts_exactly, long_run_cap_tenths, quality_kept_off_by_log, strength_done_on
from hamplan.rules.coaching.other_runs import other_run_room_in_week_pc
from hamplan.rules.coaching.quality import beside_long_run_day, quality_allowed, room_fraction
from hamplan.rules.coaching.week import EVE_CAP_RULE, LONG_RUN_AHEAD_PART, before_long_cap_tenths, capped_week, post_before_long_cap
from hamplan.rules.context import PlanContext
from hamplan.rules.hamstring import strength_target
from hamplan.rules.reach import touched_week_cap_tenths
from hamplan.rules.week_shape import EASY_SHARE_MARGIN_PM, long_run_day_free
from hamplan.rules.settings import (
    MIN_EASY_RUN_KM,
    MOBILITY_SHORT_MAX_MIN,
    QUALITY_FREE_DAYS_BEFORE_RACE,
    STRENGTH_FREE_DAYS_BEFORE_RACE,
    strength_short_min,
)
from hamplan.solver.model_base import ModelBase, day_cap_tenths, return_run_cap_tenths
from hamplan.solver.objective import shape_constraints
from hamplan.solver.skeleton import FixedDay


class WeekModel(ModelBase):
    """Stage one: weekly run volume and long run for every week under the load rules.

    Each week's capacity is bounded by what its days can hold (run days left after blackouts,
    rest days and ``max_minutes``), so the day-level stage can always place the volume it is
    given (if it ever cannot, the single full model takes over).
    """

    def __init__(self, request: PlanRequest, easy_pace_s_per_km: int, *, explain: bool = False,
                 fixed_weeks: dict[int, tuple[int, int]] | None = None, context: PlanContext | None = None,
                 coaching: bool = True, ceilings: bool = True,
                 shaped: bool = True, ceiling_room: dict[int, tuple[int, int]] | None = None, soft_ceilings: bool = False,
                 done_days: Mapping[date, FixedDay] | None = None, coaching_skipped: Collection[str] = ()) -> None:
        super().__init__(request, easy_pace_s_per_km, explain=explain, context=context, coaching=coaching, fixed_days=tuple(done_days or ()),
                         ceilings=ceilings, ceiling_room=ceiling_room, soft_ceilings=soft_ceilings, coaching_skipped=coaching_skipped)
        self.shaped = shaped and not explain
        #: days already run (a re-plan's), as they were: the model's fixed days
        self.done_days = dict(done_days or {})
        # with history, past days hold whatever was run (a 0.5 km jog too): the split stays a bound
        self.exact_split = fixed_weeks is None and not explain
        self.week_km: dict[int, Any] = {}
        self.week_long: dict[int, Any] = {}
        #: a regular week's run days besides the long run -> their part of the week (``_regular_days``)
        self._regular: dict[int, tuple[date, dict[date, Any]]] = {}
        self._runs: dict[int, list[Any]] = {}
        #: a regular week's long-run cap and the most each of its other run days holds (its cap, and
        #: the run before the long run's hour), by day (``_regular_days``)
        self._rooms: dict[int, tuple[int, dict[date, int]]] = {}
        #: what a day holds beside other sessions' minutes (``day_cap_tenths``): the same for
        #: every model of the request, so kept with its context
        self._day_caps = self.context.day_caps
        self._hosts: dict[tuple[int, date, date | None], tuple[int, int] | None] = {}
        #: a week's last run day that is the eve of the next week's long run -> its part of the
        #: week (``_regular_days``), capped by the next week's long run once that one exists
        self._eves_of_next_long: dict[int, Any] = {}
        #: a week that may go without a long run -> the literal "it holds one" (``_capacity``)
        self._long_run_held: dict[int, Any] = {}
        #: a week's long-run day back from a break -> (its "holds the longest run", its easy-run cap)
        self._return_long_days: dict[int, list[tuple[Any, int]]] = {}
        #: a week whose long run is on a day known before solving (a regular week's long-run day)
        self.long_days_known: dict[int, date] = {}
        #: a week a break touches -> its run days' "holds the week's longest run" (``_any_days``)
        self.biggest_days: dict[int, dict[date, Any]] = {}
        #: weeks partly run whose long run ahead the coaching part keeps (``_long_run_left``)
        self.long_run_ahead_kept: list[int] = []
        for week in range(1, self.cal.week_count + 1):
            self.week_km[week] = self.model.new_int_var(0, self.max_week_tenths, f"week_km_{week}")
            self.week_long[week] = self.model.new_int_var(0, self.max_run_tenths, f"week_long_{week}")
            self._capacity(week)
        for week, share in self._eves_of_next_long.items():
            post_before_long_cap(self, share, self.week_long[week + 1], f"week_{week}_eve_of_next")
        for rule in RULES:
            if rule.scope == "week":
                rule.post(self)
        if self.shaped:
            shape_constraints(self)
        self.post_coaching("week")
        self.bound_weeks(fixed_weeks or {}, exact=True)

    profile = "week"

    @property
    def eve_capped(self) -> bool:
        """Whether the run before the long run is capped here (``day_before_long_run``): with the
        coaching rules on, unless that rule yields (alone, where it alone leaves the weeks no
        solution: a 4-day marathoner on 60-min weekdays needs more of the day before his 180-min
        long run, and the plan had lost every coaching rule for it)."""
        return self.coaching and self.context.eve_cap and EVE_CAP_RULE not in self.coaching_skipped

    @property
    def eve_cap_yielded(self) -> bool:
        """Settled with ``day_before_long_run`` yielding alone (``stages._day_context``: the day
        stage then places the weeks without the cap too)."""
        return self.coaching and EVE_CAP_RULE in self.coaching_skipped

    def _day_cap(self, day: date, busy_min: int = 0) -> int:
        key = (day, busy_min, self.explain)
        cap = self._day_caps.get(key)
        if cap is None:
            cap = self._day_caps[key] = day_cap_tenths(self, day, busy_min=busy_min)
        return cap

    def _capacity(self, week: int) -> None:
        m = self.model
        s = self.settings
        W, L = self.week_km[week], self.week_long[week]
        days = self.cal.week_days(week)
        run_days = list(self.cal.run_days_in(week))
        availability = self.enforce("availability")
        # explaining, a break is the availability rule's: with it off the break's run days run
        # (as in the day model), so a refusal a break causes names it (a 20-week marathon build
        # with 10 days off in week 7 was refused for the load rules alone)
        blacked = list(self.cal.run_days_a_break_takes(week)) if self.explain else []
        if not run_days and not blacked:
            m.add(W == 0).only_enforce_if(availability)
            m.add(L == 0).only_enforce_if(availability)
            return
        # rest days: the week needs that many empty days; those that cannot train anyway count
        race_week = self.cal.is_race_week(week)
        need = min(s.rest_days_min, len(days) - 1) if race_week else min(s.rest_days_min, len(days))
        forced_empty = sum(1 for d in days if d != self.cal.race_day and not self.cal.can_train(d) and d not in blacked)
        # (the days that can train, less the rest days they must still give: counting the whole
        # week there promised a 73-year-old six runs in a week with one forced-empty day and two
        # rest days to keep, and the day stage then could not place a single one of those weeks)
        usable = len(days) - forced_empty - (1 if race_week else 0) - max(0, need - forced_empty)
        max_runs = max(0, min(len(run_days) + len(blacked), usable))
        # the long-run day as the long_run rule reads it: not one the log keeps the long run off
        lrd = [d for d in run_days if weekday_name(d) == self.request.schedule.long_run_day and long_run_day_free(self.request, self.cal, d)]
        done = [self.done_days[d] for d in days if d in self.done_days]
        if lrd and counts_exactly(self.cal, week, self.partly_run(week)):
            self.long_days_known[week] = lrd[0]
        if lrd and self.cal.is_full(week) and not self.explain and not done:
            some = self._regular_days(week, run_days, lrd[0], max_runs)
        else:
            some = self._any_days(week, sorted(run_days + blacked), lrd, max_runs, blacked)
        if done:
            self._with_days_done(week, done, [d for d in run_days if d not in self.done_days])
        easing = self.request.easing
        if easing is not None and easing.max_weekly_km is not None and self.cal.easing_caps_week(week):
            m.add(W <= math.floor(easing.max_weekly_km * TENTHS))  # graduated return after a break
        if self.cal.touched(week):
            # planner shape: a week with fewer run days keeps its share of the target, not more
            m.add(W <= touched_week_cap_tenths(self.request, self.cal, week)).only_enforce_if(availability)
        lit_long = self.enforce("long_run")
        min_run = round(MIN_EASY_RUN_KM * TENTHS)
        m.add(W == 0).only_enforce_if(some.negated())
        m.add(L >= min_run).only_enforce_if(some)
        m.add(W >= L)
        if race_week:
            return
        m.add(L <= long_run_cap_tenths(s, self.easy_pace_s_per_km)).only_enforce_if(lit_long)
        share_pm = round(s.long_run_share * 1000)
        if counts_exactly(self.cal, week, self.partly_run(week)):
            m.add(1000 * L <= share_pm * W).only_enforce_if(lit_long)
            m.add(some == 1).only_enforce_if(lit_long)
        else:
            # a week a blackout touches may go without a long run (long_run), and then its longest
            # run is an easy run that the long run's share of the week does not bound: a week
            # with one run day left is not forced empty
            with_long = m.new_bool_var(f"long_in_w{week}")
            self._long_run_held[week] = with_long
            for big, back in self._return_long_days.get(week, []):
                m.add(L <= back).only_enforce_if([big, with_long.negated()])
            m.add(1000 * L <= share_pm * W).only_enforce_if([lit_long, with_long])
            if self.shaped:
                # without one, its runs stay the size of easy runs beside the recent long run
                self.hold_to_easy_run_size(week, with_long)
            if done:
                self._long_run_left(week, done, run_days, lrd, with_long)

    def _long_run_left(self, week: int, done: list[FixedDay], run_days: list[date], lrd: list[date], with_long: Any) -> None:
        """Coaching (``day_before_long_run``) in a week partly run whose long-run day is still
        ahead. With three run days or more left the week keeps its long run: the missed days are
        not made up by turning it into a big easy run (three days left of a marathoner's taper
        week held 7.8, 7.8 and an 11.4 km Sunday "easy run", for 2 km more of volume). Where the
        day before it is ahead too, that run lasts at most min(60 min, half of the long run), as
        the day model asks, and the other days left hold the rest: without it the week model
        settled weeks the days could hold only with the long run typed an easy run (two missed
        days into a marathoner's week: 11.3 km on Thursday and Saturday, and a 17.3 km Sunday
        "easy run"). With two days left, a long run within half of the week needs the other run
        as long as it, and the week goes without one where its runs are bigger that way."""
        if not self.eve_capped or LONG_RUN_AHEAD_PART in self.coaching_skipped or not lrd or not capped_week(self.cal, week):
            return
        if any(d.run == "long" for d in done):
            return  # the week's long run is run already
        long_day = lrd[0]
        left = [d for d in run_days if d not in self.done_days]
        if long_day not in left:
            return
        m = self.model
        self.long_run_ahead_kept.append(week)
        if len(left) >= 3:
            m.add(with_long == 1)
        eve = long_day - timedelta(days=1)
        if eve not in left:
            return
        W, L = self.week_km[week], self.week_long[week]
        eve_run = m.new_int_var(0, before_long_cap_tenths(self.easy_pace_s_per_km), f"eve_of_long_w{week}")
        post_before_long_cap(self, eve_run, L, f"week_{week}_eve_left", enforce=with_long)
        others = len(left) - 2
        done_km = sum(d.dist_tenths for d in done)
        rest = others * other_run_room_in_week_pc(self.context, week, L, partly_run=True)
        m.add(100 * (W - done_km) <= 100 * L + 100 * eve_run + rest).only_enforce_if(with_long)

    def long_run_held(self, week: int) -> Any | None:
        """The literal "the week holds a long run" where the week may go without one (its longest
        run then an easy run: see ``_capacity``); None in a week that holds one whenever it runs."""
        return self._long_run_held.get(week)

    def _with_days_done(self, week: int, done: list[FixedDay], days_left: list[date]) -> None:
        """A week partly run already holds what was run, and enough easy running beside the
        quality run done (``easy_share``, as the day model counts it): without it the week model
        settled a 61 km week beside a 12.8 km threshold run already done, which the days could
        not place, and the fallback filled the weeks after it to the peak. The rest of the week
        is what its run days left hold, a long run longer than every run done among them: read
        as any run day's, a 49.9 km week (an easing's cap) with a 19.2 km long run was settled
        after 37.7 km already run, the days could not place it, and the plan lost its coaching;
        no run over the long run, the others within their share of it where the planner's shape
        asks it (32.2 km left for a Saturday and a Sunday long run of 14.3 km)."""
        m = self.model
        W, L = self.week_km[week], self.week_long[week]
        done_km, longest_done = sum(d.dist_tenths for d in done), max(d.dist_tenths for d in done)
        m.add(W >= done_km)
        m.add(L >= longest_done)
        m.add(W <= done_km + sum(self._day_cap(d) for d in days_left))
        long_ahead = m.new_bool_var(f"long_ahead_w{week}")
        m.add(L <= longest_done).only_enforce_if(long_ahead.negated())
        m.add(W >= done_km + L).only_enforce_if(long_ahead)
        m.add(L <= max((self._day_cap(d) for d in days_left), default=0)).only_enforce_if(long_ahead)
        left = len(days_left)
        m.add(W - done_km <= left * L)
        if left and len(self.cal.run_days_in(week)) >= 3:
            room = other_run_room_in_week_pc(self.context, week, L, partly_run=True)
            m.add(100 * (W - done_km) <= 100 * L + (left - 1) * room).only_enforce_if(long_ahead)
            m.add(100 * (W - done_km) <= left * room).only_enforce_if(long_ahead.negated())
        # (hill sprints run count as easy running time, as the day model counts them)
        quality = sum(d.dist_tenths for d in done if d.run == "quality" and not d.easy_time)
        if quality:
            share = round(self.settings.easy_share * PER_MILLE_SCALE)
            m.add((PER_MILLE_SCALE - share) * W >= (PER_MILLE_SCALE + EASY_SHARE_MARGIN_PM) * quality).only_enforce_if(
                self.enforce("easy_share")
            )

    def _other_run(self, week: int, run_days: list[date], km: Any, L: Any) -> None:
        """Besides the week's longest run, runs stay within their room beside it
        (:func:`other_run_room_in_week_pc`), and never above it (it is the longest: on short
        runs the share allows more)."""
        self.model.add(100 * km <= other_run_room_in_week_pc(self.context, week, L))
        self.model.add(km <= L)

    def _run_share(self, cap: int, name: str, week: int) -> Any:
        """One run day's part of the week besides the longest run: none, or a run of at least
        ``MIN_EASY_RUN_KM`` (as the day model asks) up to ``cap``."""
        if not self.exact_split:
            var = self.model.new_int_var(0, cap, name)
        else:
            runs = [[0, 0], [round(MIN_EASY_RUN_KM * TENTHS), cap]] if cap >= MIN_EASY_RUN_KM * TENTHS else [[0, 0]]
            var = self.model.new_int_var_from_domain(cp_model.Domain.from_intervals(runs), name)
        self._runs.setdefault(week, []).append(var)
        return var

    def week_runs(self, week: int) -> list[Any]:
        """A week's runs as the week model splits it: the long run, then the other run days'
        parts (0 where a day does not run)."""
        return [self.week_long[week], *self._runs.get(week, [])]

    def _split(self, W: Any, L: Any, shares: list[Any]) -> Any:
        """The week is its longest run plus the other run days' parts: exactly, so that a week's
        rest is always a sum of runs the day model can place (a 2.4 km week with a 1.6 km long
        run leaves 0.8 km, no run at all: the days then could not hold the week, and the repair
        and the full model searched for minutes); as a bound only with history (see ``exact_split``)."""
        if self.exact_split:
            return self.model.add(W == L + sum(shares))
        return self.model.add(W <= L + sum(shares))

    def _any_days(self, week: int, run_days: list[date], lrd: list[date], max_runs: int, blacked: Collection[date] = ()) -> Any:
        """What the week's days hold, each run day free to run or not and to hold the longest run
        (``blacked``: days a break takes, which run only with ``availability`` off). Returns the
        literal "the week has runs"."""
        m = self.model
        W, L = self.week_km[week], self.week_long[week]
        availability = self.enforce("availability")
        used = [m.new_bool_var(f"cap_run_{d}") for d in run_days]
        biggest = [m.new_bool_var(f"cap_biggest_{d}") for d in run_days]  # the day of the longest run
        share = [self._run_share(self.max_run_tenths, f"cap_km_{d}", week) for d in run_days]
        some = m.new_bool_var(f"runs_w{week}")
        m.add(sum(biggest) == some)
        open_days = [d for d in run_days if d not in blacked]  # the week's run days as the calendar has them
        for d, u, big, c in zip(run_days, used, biggest, share):
            day_cap = self._day_cap(d)
            m.add(u + big <= 1)
            if d in blacked:
                m.add(u + big == 0).only_enforce_if(availability)
            m.add(c <= day_cap * u)
            if day_cap < self.max_run_tenths:  # else the long run's domain already says so
                m.add(L <= day_cap).only_enforce_if([big, availability])
            # (the long-run weekday's, whether or not the long run may take it: the day cap
            # leaves that day to the models, and the day model caps its run there unless long)
            back = return_run_cap_tenths(self, d) if weekday_name(d) == self.request.schedule.long_run_day else None
            if back is not None:
                # coaching (return_runs): back from a break, the long-run day holds the long run
                # or an easy run of an easy run's length (a 93-min "easy run" was the first run
                # after 10 days off)
                m.add(c <= back)
                self._return_long_days.setdefault(week, []).append((big, back))
            self._other_run(week, open_days, c, L)
        if lrd and counts_exactly(self.cal, week, self.partly_run(week)):
            m.add(biggest[run_days.index(lrd[0])] == some)
        elif self.cal.touched(week) and not self.partly_run(week):
            self.biggest_days[week] = dict(zip(run_days, biggest))
        m.add(sum(used) + sum(biggest) <= max_runs).only_enforce_if(self.enforce("rest_day"))
        self._split(W, L, share).only_enforce_if(availability)
        return some

    def _regular_days(self, week: int, run_days: list[date], long_day: date, max_runs: int) -> Any:
        """:meth:`_any_days` for a regular week with every rule on: the long run is on the
        long-run day and the other runs take the roomiest of the remaining run days, so which
        days run needs no variables. The same bound, without the per-day booleans, whose
        symmetry (interchangeable days) could keep the search from proving the optimum for
        minutes (a 33-week request of a 65-year-old: 97 s at the work limit, now 0.1 s proven;
        180 seeded requests: the same week volumes, 1.4x faster on average)."""
        m = self.model
        W, L = self.week_km[week], self.week_long[week]
        if max_runs == 0:
            m.add_bool_or([])  # a regular week needs its long run, and no day is left for it
            return self._true
        eve = long_day - timedelta(days=1) if self.eve_capped and capped_week(self.cal, week) else None
        eve_of_next = self._eve_of_next_long_run(week)

        def room(d: date) -> int:
            # coaching (day_before_long_run): the run before the long run stays within an hour
            capped = d in (eve, eve_of_next)
            return min(self._day_cap(d), before_long_cap_tenths(self.easy_pace_s_per_km)) if capped else self._day_cap(d)

        room_of = {d: room(d) for d in run_days if d != long_day}
        running = sorted(room_of, key=lambda d: (-room_of[d], d))[: max_runs - 1]
        share = []
        for d in running:
            c = self._run_share(room_of[d], f"cap_km_{d}", week)
            if d == eve:  # and within half the long run, or a 20-min run (as the day model asks)
                post_before_long_cap(self, c, L, f"week_{d}")
            elif d == eve_of_next:  # the same, within half of the next week's long run (posted once it exists)
                self._eves_of_next_long[week] = c
            self._other_run(week, run_days, c, L)
            share.append(c)
        long_cap = self._day_cap(long_day)
        if long_cap < self.max_run_tenths:
            m.add(L <= long_cap)
        self._split(W, L, share)
        rooms = {d: room_of[d] for d in running}
        self._rooms[week] = (min(long_cap, self.max_run_tenths), rooms)
        hosted = self._session_hosts(week, long_day)
        if hosted is not None and hosted[0] > 0:
            m.add(sum(share) <= sum(rooms.values()) - hosted[0])
        self._regular[week] = (long_day, dict(zip(running, share)))
        return self._true

    def week_split(self, week: int) -> tuple[date, dict[date, Any]] | None:
        """A regular week's long-run day and its other run days' parts of the week (variables),
        as the week model splits it; None for other weeks."""
        return self._regular.get(week)

    def _eve_of_next_long_run(self, week: int) -> date | None:
        """The week's last day when it is a run day and the next week, a regular one, has its long
        run on its first day (a plan that starts on the long-run day): the day model caps that
        run by the next week's long run (``day_before_long_run``), so this week's capacity must
        too, or its volume does not fit its days and the plan is repaired without its quality
        sessions. None otherwise (a week whose long-run day is not certain keeps the bound)."""
        following = week + 1
        if not self.eve_capped or following > self.cal.week_count or self.cal.is_race_week(following):
            return None
        if week in self.history_weeks or following in self.history_weeks:
            return None  # a day already run keeps what it held (the day model skips its cap too)
        if not self.cal.is_full(following) or not capped_week(self.cal, following):
            return None
        first = self.cal.week_days(following)[0]
        last = first - timedelta(days=1)
        if weekday_name(first) != self.request.schedule.long_run_day or first not in self.cal.run_days_in(following):
            return None
        return last if last in self.cal.run_days_in(week) else None

    def week_capacity_km(self, week: int) -> float:
        """The most run km a regular week's days hold (infinite for other weeks): its long run
        at most half the week beside the other days' caps, and in a build or peak week that
        may hold a quality session, with one at most what ``easy_share`` leaves for it."""
        if week not in self._rooms:
            return math.inf
        long_cap, _ = self._rooms[week]
        most = self._days_hold_tenths(week)
        if self.cal.phase(week) not in ("build", "peak") or not quality_allowed(self, week):
            return most / TENTHS
        kept, of = room_fraction(self.settings)
        best = 0.0
        for option in self.quality_day_options(week):
            held = float(most)
            for _ in range(8):  # the week's room grows with the week: settle the bound
                rest = option.others_cap_tenths + min(option.cap_tenths, kept * held / of)
                held = min(most, long_cap + rest, 2 * rest)
            best = max(best, held)
        return (best if best > 0 else most) / TENTHS

    def volume_without_session_tenths(self, week: int) -> int | None:
        """The most a regular build or peak week may hold without a quality session, tenths of a km: the
        curve's ceiling (where the curve is on), what its days hold (``_days_hold_tenths``), and
        what the load rules reach by then (``reachable_volumes``: every week before it as large
        as the rules allow). None for other weeks. The quality session's room may take a little
        of it (``QualityByPhase``), not the weeks' growth: a 64 km marathoner on four days, whose
        days could not hold a session beside 70 km weeks, ran weeks 11-19 at 21-33 km for it."""
        if week not in self._rooms or self.cal.phase(week) not in ("build", "peak"):
            return None  # a taper week gives its own share for a session (``TAPER_QUALITY_VOLUME_GIVE``)
        if week in (self.context.targets.taper_factor_of or {}) or self.cal.touched(week):
            return None  # a week the taper's curve or a break holds lower
        if self.request.history or self.request.phases_from is not None or self.request.easing is not None:
            # a re-plan's weeks are held by what was run (an overload's easier weeks, a return):
            # its reach, from the log, is no level to hold a week to
            return None
        bounds = [self._days_hold_tenths(week), self.context.reachable_volumes.get(week, self.max_week_tenths)]
        if self.coaching and self.ceilings and week in self.context.targets.week_km:
            bounds.append(tenths_floor(self.context.targets.week_km[week]) + self.ceiling_room.get(week, (0, 0))[0])
        return min(bounds)

    def capacity_beside_long_run_tenths(self, week: int, long_tenths: int | None) -> int | None:
        """The most a regular week's run days hold as the planner's shape holds them beside a long
        run of ``long_tenths`` (None: as long as its day holds), tenths of a km: the long run, each
        other run day within its room and its room beside the long run
        (:func:`other_run_room_in_week_pc`; the run before the long run within half of it, or a
        20-min run), less what its strength sessions take; None for other weeks. Read for a taper
        week whose long run the race holds short: its session may cost a little of that, never most.
        A constant: a bound the long run's own variable gave let the solver shorten the long run
        to make room (a half's taper week fell from 23.7 to 15.4 km)."""
        if week not in self._regular:
            return None
        long_day, shares = self._regular[week]
        long_cap, rooms = self._rooms[week]
        longest = long_cap if long_tenths is None else min(long_cap, long_tenths)
        eve = long_day - timedelta(days=1) if self.eve_capped and capped_week(self.cal, week) else None
        total = longest
        for day in shares:
            if day == eve:
                # (its room already holds the hour ``_regular_days`` gives the run before the long run)
                total += min(rooms[day], max(longest // 2, self.context.min_run_tenths))
            else:
                total += min(rooms[day], other_run_room_in_week_pc(self.context, week, longest) // 100)
        hosted = self._session_hosts(week, long_day)
        return total - (hosted[0] if hosted is not None else 0)

    def _days_hold_tenths(self, week: int) -> int:
        """What a regular week's days hold, tenths of a km: the long run at most half the week,
        beside the other run days' caps."""
        long_cap, rooms = self._rooms[week]
        others = sum(rooms.values())
        return min(long_cap + others, 2 * others)

    def quality_day_options(self, week: int) -> list[QualityDayOption]:
        """The run days of a regular week that could hold its quality session, each with its part
        of the week and what the day and the others hold then (empty for other weeks).

        A quality day is never next to the long run or in the race's last quality-free days
        (``hard_days``, ``race_day``), and the day before it holds no strength session
        (``strength_spacing``): where that leaves the week's strength sessions no free day, they
        take minutes from the run days (the quality day's own run then ends earlier)."""
        if week not in self._regular:
            return []
        long_day, shares = self._regular[week]
        rooms = self._rooms[week][1]
        short_min = strength_short_min(self.request)
        out = []
        for day, share in shares.items():
            if beside_long_run_day(self.cal, day) or (self.cal.race_day - day).days <= QUALITY_FREE_DAYS_BEFORE_RACE:
                continue
            if day == self.request.start and quality_kept_off_by_log(self.request, day):
                continue
            if day in self.cal.days_back_from_breaks and self.coaching:
                continue  # coaching (return_runs): the days back from a break run easy
            hosted = self._session_hosts(week, long_day, quality_day=day)
            if hosted is None:
                continue
            others_loss, busy_min = hosted
            out.append(QualityDayOption(
                day=day,
                share=share,
                floor_cap_tenths=self._day_cap(day, short_min * (busy_min >= short_min)),
                cap_tenths=self._day_cap(day, busy_min),
                others=[v for d, v in shares.items() if d != day],
                others_cap_tenths=sum(rooms[d] for d in shares if d != day) - others_loss,
            ))
        return out

    def _session_hosts(self, week: int, long_day: date, quality_day: date | None = None) -> tuple[int, int] | None:
        """Where a regular week's strength and mobility sessions go beside its run days (as
        ``_regular_days`` chose them), the cheapest choice: (tenths of a km the run days give up
        at least, minutes the quality day gives); None when strength finds no day. A session on a run day with ``max_minutes`` takes its short form's minutes
        from the run (a quality day's run ends earlier instead: it is shorter than the day
        anyway). Strength is never on or the day before the long run, nor the day before the
        quality day, and 48 h apart; the week's rest days stay empty.

        A relaxation of the day model, so that its bound never promises the day stage a week
        the days cannot hold: counting every free day as a strength host promised a 3-run-day
        week with free Tue, Wed and Sat (Sat before the long run, Tue and Wed back to back)
        its whole 45-min Friday, and the plan came from the repair. The day stage then seldom
        finds a week it cannot place (all weekdays limited: 32 s a plan, most of it repairing,
        before this bound). It is not an exact one, and errs the safe way: a run day a session
        would leave under 20 min counts as giving up its whole run, where the day model may keep
        that short run at a cost (``short_runs``), so a week may be promised less than its days
        could hold, never more."""
        key = (week, long_day, quality_day)
        if key not in self._hosts:
            self._hosts[key] = self._cheapest_session_hosts(week, long_day, quality_day)
        return self._hosts[key]

    def _cheapest_session_hosts(self, week: int, long_day: date, quality_day: date | None) -> tuple[int, int] | None:
        s, cal = self.settings, self.cal
        days = cal.week_days(week)
        rooms = self._rooms[week][1]  # the week's other run days (``_regular_days``) and what each holds
        strength_free = cal.strength_free_days(STRENGTH_FREE_DAYS_BEFORE_RACE)
        if any(d in strength_free for d in days):
            return 0, 0
        blocked = {long_day - timedelta(days=1), long_day}
        if quality_day is not None:
            blocked.add(quality_day - timedelta(days=1))
        if days[0] == self.request.start and strength_done_on(self.request, days[0] - timedelta(days=1)):
            blocked.add(days[0])  # the log's strength session the day before the plan (strength_spacing)
        hosts = [d for d in days if d not in rooms and d != long_day and cal.can_train(d)]
        forced_empty = sum(1 for d in days if not cal.can_train(d))
        usable = max(0, len(hosts) - max(0, s.rest_days_min - forced_empty))
        need_strength = strength_target(cal.phase(week), s.strength_per_week, s.strength_per_taper_week)
        need_mobility = max(0, s.mobility_per_week - usable)
        if need_mobility > len(rooms):
            return None
        strength_min, mobility_min = strength_short_min(cal.request), MOBILITY_SHORT_MAX_MIN
        least_run_tenths = self.context.min_run_tenths

        def beside(day: date, minutes: int) -> int:
            # what the day's run holds beside a session; where that is under 20 min
            # (``short_runs``), the run day gives up its whole run: counted at its cap, both a tendinopathy
            # runner's sessions went on one 45-min Friday (a 15-min run) to save a tenth of a km
            # against the mobility session on Thursday, and the week stage settled weeks its
            # days held only with that short run
            cap = self._day_cap(day, minutes)
            return cap if cap >= least_run_tenths or rooms.get(day, 0) < least_run_tenths else 0

        week_days = tuple(
            _HostDay(
                room=rooms.get(day),
                may_strength=day not in blocked,
                may_host=day in hosts,
                is_quality_day=day == quality_day,
                # what the day holds beside mobility, strength, and both (the short forms)
                caps=tuple(beside(day, minutes) for minutes in (mobility_min, strength_min, strength_min + mobility_min)),
            )
            for day in days
        )
        return _cheapest_hosts(week_days, need_strength, need_mobility, usable, (mobility_min, strength_min))

    def values(self, solver: cp_model.CpSolver) -> dict[int, tuple[int, int]]:
        return {w: (int(solver.value(self.week_km[w])), int(solver.value(self.week_long[w]))) for w in self.week_km}


@dataclass(frozen=True)
class QualityDayOption:
    """A run day that could hold a regular week's quality session (``quality_day_options``):
    its part of the week, the most it holds as the quality rule's floor reads it (beside its
    strength session, if it has one) and beside the week's strength and mobility, the other run
    days' parts and the most they hold together then (tenths of a km)."""

    day: date
    share: Any
    floor_cap_tenths: int
    cap_tenths: int
    others: list[Any]
    others_cap_tenths: int


def fixed_weeks(request: PlanRequest, fixed: dict[date, FixedDay] | None) -> dict[int, tuple[int, int]] | None:
    """Weeks wholly in the past (re-planning) keep their real volume and longest run."""
    if not fixed:
        return None
    cal = PlanCalendar(request)
    out = {}
    for week in range(1, cal.week_count + 1):
        days = cal.week_days(week)
        if all(d in fixed for d in days):
            out[week] = (sum(fixed[d].dist_tenths for d in days), max(fixed[d].dist_tenths for d in days))
    return out


@dataclass(frozen=True)
class _HostDay:
    """One day of a regular week as the session placement reads it (``_session_hosts``): what
    its run may hold (None: not one of the week's other run days), whether strength may go on
    it and whether it is a free day that can host it, and what the run holds beside each short
    session form (mobility, strength, both)."""

    room: int | None
    may_strength: bool
    may_host: bool
    is_quality_day: bool
    caps: tuple[int, int, int]


@lru_cache(maxsize=4096)
def _cheapest_hosts(
    days: tuple[_HostDay, ...], need_strength: int, need_mobility: int, usable: int, minutes: tuple[int, int]
) -> tuple[int, int] | None:
    """The cheapest placement of a week's strength and mobility sessions (see
    ``WeekModel._session_hosts``): (tenths of a km the run days give up, minutes the quality
    day gives), None when there is none. A pure function of the week's pattern, so the weeks
    of a plan that look alike (and the several week models of one solve) share one answer.

    Exact, day by day through the week: states are (strength sessions placed, mobility sessions
    on run days, free days taken, whether the day before took strength: 48 h apart, also
    between a free day and a run day, which counting the free days apart missed: a Wednesday
    quality day's strength beside Thursday's, so the week model promised a session the day
    stage could not place, 7 of 9 build weeks of a 3-day half marathoner without one, seed
    2045, p16909841); mobility goes on free days first (up to ``usable``)."""
    mobility_min, strength_min = minutes
    State = tuple[int, int, int, bool]
    best: dict[State, tuple[int, int]] = {(0, 0, 0, False): (0, 0)}

    def keep(grown: dict[State, tuple[int, int]], key: State, cost: tuple[int, int]) -> None:
        if key[0] <= need_strength and key[1] <= need_mobility and key[2] <= usable and cost < grown.get(key, (cost[0] + 1, 0)):
            grown[key] = cost

    for day in days:
        grown: dict[State, tuple[int, int]] = {}
        # what a session takes from a run day is measured against what the day holds anyway
        # (the run before the long run keeps to its hour): measured against the day's whole
        # cap, a loss on Monday vanished in Saturday's unused minutes, and a week was settled
        # that its days could not hold (seed 2027, p07938115, week 14: 51.3 of 49.9 km)
        cap = day.room or 0
        for (strength, mobility, free, after_strength), (lost, busy) in best.items():
            keep(grown, (strength, mobility, free, False), (lost, busy))
            may_strength = day.may_strength and not after_strength
            if day.room is not None:
                # mobility never on the quality day (``mobility``: tired or about-to-be-fast legs)
                may_mobility = not day.is_quality_day
                options = [(0, 1, mobility_min, day.caps[0])] * may_mobility + [(1, 0, strength_min, day.caps[1])] * may_strength
                options += [(1, 1, strength_min + mobility_min, day.caps[2])] * (may_strength and may_mobility)
                for more_strength, more_mobility, busy_min, beside in options:
                    cost = (lost, busy + busy_min) if day.is_quality_day else (lost + cap - min(cap, beside), busy)
                    keep(grown, (strength + more_strength, mobility + more_mobility, free, more_strength == 1), cost)
            elif day.may_host and may_strength:
                keep(grown, (strength + 1, mobility, free + 1, True), (lost, busy))
        best = grown
    found = [cost for (strength, mobility, _, _), cost in best.items() if strength == need_strength and mobility == need_mobility]
    return min(found) if found else None
