"""The plan's calendar: days, weeks, phases and availability, derived from a request alone.

Both the solver and the checker read the calendar from here, so that "week 3", "a taper week"
or "a blackout-touched week" mean the same thing to the one that plans and the one that checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from itertools import groupby

from hamplan.models import WEEKDAYS, DateRange, PlanRequest

#: Taper factors (≤ × peak week) for the final weeks, the race week last. Bosquet et al. 2007.
TAPER_FACTORS: dict[str, tuple[float, ...]] = {
    "short": (0.70,),  # 5K, 10K
    "half": (0.75, 0.55),
    "long": (0.80, 0.65, 0.45),  # marathon and anything over a half
}


#: A blackout at least this long (days) is a break whose first week back starts easy.
BREAK_RETURN_MIN_DAYS = 7
#: A blackout at least this long (days) is followed by days back (as many as it took, at most
#: :data:`RETURN_DAYS_MAX`) that hold easy runs of an hour at most (``return_runs``).
RETURN_DAYS_MIN_BREAK = 4
RETURN_DAYS_MAX = 7


def days_back_after_break(length_days: int) -> int:
    """How many days back a break of ``length_days`` days has (``return_runs``): as many as it
    took, at most :data:`RETURN_DAYS_MAX`; none under :data:`RETURN_DAYS_MIN_BREAK`."""
    return min(length_days, RETURN_DAYS_MAX) if length_days >= RETURN_DAYS_MIN_BREAK else 0


def race_class(race_km: float) -> str:
    """'short' up to 10 km, 'half' up to 21.1 km, 'long' beyond."""
    if race_km <= 10.0 + 1e-9:
        return "short"
    if race_km <= 21.1:
        return "half"
    return "long"


def weekday_name(day: date) -> str:
    return WEEKDAYS[day.weekday()]


#: A week at most this share of the one before it is a break (missed, ill, away), not a step-back:
#: the week after it is a return, not a step of the build (``build_weeks_before_start``).
BREAK_SHARE = 0.5

#: The days of a graduated return its volume cap counts together, to ``easing.until``.
RETURN_WINDOW_DAYS = 7

#: Race week as a runner counts it: the race day and the six days before it.
RACE_WEEK_DAYS = 7

#: The breaks ``pause`` eases back from: their return holds no fast running, strides included
#: (an overload's easier week and a missed week's return keep their strides).
BREAK_REASONS = ("travel", "illness", "niggle")


def no_fast_running_until(request: PlanRequest) -> date | None:
    """The last day of a return from a break (``pause``) that holds no fast running: no quality
    session, no strides, no race-pace minutes. After travel or a niggle, the return's easy days
    (``easing.until``). After illness, the rest of the plan week those days end in too: the
    first week back as the plan shows it is an easy week (README: "an easy week, no fast
    sessions"); a 9-day illness from a Monday ended its easy days on the Tuesday of the week
    after, and that week's Thursday and Saturday runs carried strides. None without a break."""
    easing = request.easing
    if easing is None or easing.reason not in BREAK_REASONS:
        return None
    if easing.reason != "illness":
        return easing.until
    week_end = request.start + timedelta(days=7 * ((easing.until - request.start).days // 7) + 6)
    return max(easing.until, week_end)


def join_touching(spans: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """Day spans (first, last), those that overlap or touch (one ending the day before the next
    begins) joined into one, in order: breaks as the runner lives them."""
    joined: list[tuple[date, date]] = []
    for first, last in sorted(spans):
        if joined and first <= joined[-1][1] + timedelta(days=1):
            joined[-1] = (joined[-1][0], max(joined[-1][1], last))
        else:
            joined.append((first, last))
    return joined


def days_unrun_before_start(request: PlanRequest) -> int:
    """The days right before a re-plan's start (``phases_from``: the plan it continues began
    then) that its log holds no run on: the days missed before it; 0 for a new plan."""
    if request.phases_from is None:
        return 0
    ran = [h.date for h in request.history if h.kind in ("run", "race") and request.phases_from <= h.date < request.start]
    last = max(ran, default=request.phases_from - timedelta(days=1))
    return (request.start - last).days - 1


def break_returned_from(request: PlanRequest) -> DateRange | None:
    """The blackout a graduated return (``easing``) follows: the last one to end before the
    return does (``pause`` blacks out its days off and eases the days after them); None without
    a return or such a blackout."""
    easing = request.easing
    if easing is None:
        return None
    return max((b for b in request.schedule.blackout if b.to < easing.until), key=lambda b: b.to, default=None)


def plan_week_key(request: PlanRequest, day: date) -> int:
    """The week a logged day falls in, counted as the plan a re-plan continues counts its weeks
    (from ``phases_from``; a re-plan may start inside one of them: a pause starts on its first
    day off), else in weeks of 7 days ending the day before the start (-1, -2, ...)."""
    return (day - (request.phases_from or request.start)).days // 7


def weeks_before_start(request: PlanRequest) -> int:
    """A re-plan's weeks of the plan it continues before its start (``phases_from``), 0 for a new
    plan: a re-plan numbers its weeks on from there wherever it shows them."""
    first = request.phases_from
    return max(0, (request.start - first).days // 7) if first else 0


@dataclass(frozen=True)
class PlanCalendar:
    """Days from ``request.start`` to race day inclusive, cut into weeks of 7 days from the start.

    ``free_cutbacks``: no cutback week is planned ahead (:meth:`cutback_weeks` is empty), so the
    rule ``cutback`` asks only what it says (no more than so many build weeks in a row) and the
    solver chooses the weeks; the solve's last resort when the planned rhythm leaves no plan.
    ``return_runs``: the days back from a break hold easy runs of an easy run's length
    (:attr:`capped_return_days`); off, the solve's resort where the load rules need more of
    those days for the race's long run. ``spaced_cutbacks``: the weeks after a dip step back
    every third week or more where the rhythm counted back from the taper would leave more
    build weeks in a row than the rule allows (:meth:`_spaced_after_dips`); off, the solve's
    resort before it frees the cutback weeks. ``race_week_caps``: race week's days hold runs of
    race week's length (``race_week_runs``) in the plan week before the race's too; off, the
    solve's last resort before a refusal, where the long run the race needs falls on such a day."""

    request: PlanRequest
    free_cutbacks: bool = False
    return_runs: bool = True
    spaced_cutbacks: bool = True
    race_week_caps: bool = True

    @cached_property
    def days(self) -> tuple[date, ...]:
        return tuple(self.request.start + timedelta(days=i) for i in range(self.request.days))

    @cached_property
    def race_day(self) -> date:
        return self.request.race.date

    @cached_property
    def race_week_first_day(self) -> date:
        """The first of the six days before the race: race week as a runner counts it, whichever
        plan weeks those days fall in (plan weeks run from the start's weekday)."""
        return self.race_day - timedelta(days=RACE_WEEK_DAYS - 1)

    def is_race_week_day(self, day: date) -> bool:
        """Whether ``day`` is one of the six days before the race."""
        return self.race_week_first_day <= day < self.race_day

    def run_days_before_race(self, days_out: Iterable[int]) -> list[date]:
        """The runner's run days among those ``days_out`` days before the race, in that order:
        from the plan's start, not a rest or blackout day."""
        out = (self.race_day - timedelta(days=k) for k in days_out)
        return [d for d in out if d >= self.request.start and self.may_run(d)]

    @cached_property
    def race_eve_holds_a_long_run(self) -> bool:
        """Whether the day before the race is the long-run day of a plan week before the race's
        (a race on the first day of its plan week): that week's long run is there (``long_run``),
        where race eve otherwise rests."""
        return any(
            weekday_name(eve) == self.request.schedule.long_run_day and not self.is_race_week(self.week_of(eve))
            for eve in self.run_days_before_race([1])
        )

    def run_days_before_race_week(self, week: int) -> tuple[date, ...]:
        """The week's run days before the six days before the race."""
        return tuple(d for d in self.run_days_in(week) if not self.is_race_week_day(d))

    def is_mostly_race_week(self, week: int) -> bool:
        """Whether a week before race week has more of its run days among the six days before the
        race than before them (a race early in its plan week): race week to the runner."""
        if self.is_race_week(week):
            return False
        return 2 * len(self.run_days_before_race_week(week)) < len(self.run_days_in(week))

    def long_run_day(self, week: int) -> date | None:
        """The week's day named ``schedule.long_run_day`` (None in a short week without it)."""
        return next((d for d in self.week_days(week) if weekday_name(d) == self.request.schedule.long_run_day), None)

    def long_run_weeks_out(self, week: int) -> int | None:
        """How many weeks before race week (as a runner counts them back from race day) a plan
        week's long-run day lies: 0 in the six days before the race; None when the week has no
        long-run day."""
        day = self.long_run_day(week)
        return None if day is None else (self.race_day - day).days // 7

    @cached_property
    def race_week_reaches_back(self) -> bool:
        """Whether the six days before the race hold a run day of the plan week before the race's
        (a race early in its plan week: a Saturday race after Sunday long runs)."""
        return self.week_count > 1 and any(self.is_race_week_day(d) for d in self.run_days_in(self.week_count - 1))

    def long_run_day_in_race_week(self, week: int) -> bool:
        """Whether a week before race week has its long-run day among the six days before the
        race: a taper week (or the plan week holding most of race week) whose long run race
        week's run cap holds short."""
        day = None if self.is_race_week(week) else self.long_run_day(week)
        return day is not None and self.is_race_week_day(day)

    @cached_property
    def week_count(self) -> int:
        return self.request.week_count

    def week_of(self, day: date) -> int:
        """1-based week index of a day (days before the start give 0 or negative)."""
        return (day - self.request.start).days // 7 + 1

    def week_start(self, week: int) -> date:
        return self.request.start + timedelta(days=7 * (week - 1))

    def week_days(self, week: int) -> tuple[date, ...]:
        """The days of a plan week; of a week before the plan (``week`` ≤ 0), its seven dates (the
        plan's days sliced from a negative index were days at the plan's end: ``touched(0)`` read
        a blackout two weeks before the race)."""
        if week < 1:
            return tuple(self.week_start(week) + timedelta(days=i) for i in range(7))
        first = 7 * (week - 1)
        return self.days[first : first + 7]

    @cached_property
    def blackout_days(self) -> frozenset[date]:
        out: set[date] = set()
        for rng in self.request.schedule.blackout:
            day = max(rng.from_, self.request.start)
            while day <= min(rng.to, self.race_day):
                out.add(day)
                day += timedelta(days=1)
        return frozenset(out)

    # The models and the checker ask these per day and per week tens of thousands of times a
    # plan: each is read once from the request into a table (by weekday or week) and looked up.

    @cached_property
    def _rest_weekdays(self) -> tuple[bool, ...]:
        return tuple(name in self.request.schedule.rest_days for name in WEEKDAYS)

    @cached_property
    def _run_weekdays(self) -> tuple[bool, ...]:
        return tuple(name in self.request.schedule.run_days for name in WEEKDAYS)

    @cached_property
    def _max_minutes(self) -> tuple[int | None, ...]:
        return tuple(self.request.schedule.max_minutes.get(name) for name in WEEKDAYS)  # type: ignore[call-overload]

    def is_rest_weekday(self, day: date) -> bool:
        return self._rest_weekdays[day.weekday()]

    def is_run_weekday(self, day: date) -> bool:
        return self._run_weekdays[day.weekday()]

    def max_minutes(self, day: date) -> int | None:
        return self._max_minutes[day.weekday()]

    def can_train(self, day: date) -> bool:
        """A day that may hold some session (not race day, not a rest day, not blacked out)."""
        return day != self.race_day and day not in self.blackout_days and not self._rest_weekdays[day.weekday()]

    def may_run(self, day: date) -> bool:
        """A day a run may take: one of the runner's run weekdays that :meth:`can_train`."""
        return self.is_run_weekday(day) and self.can_train(day)

    @cached_property
    def _run_days_by_week(self) -> dict[int, tuple[date, ...]]:
        runs = self._run_weekdays
        race_day, blackout = self.race_day, self.blackout_days
        return {
            week: tuple(d for d in self.week_days(week) if d != race_day and runs[d.weekday()] and d not in blackout)
            for week in range(1, self.week_count + 1)
        }

    def run_days_in(self, week: int) -> tuple[date, ...]:
        """Days of a week that may hold a run (run weekdays, not blacked out, not race day)."""
        if 1 <= week <= self.week_count:
            return self._run_days_by_week[week]
        return tuple(
            d for d in self.week_days(week) if d != self.race_day and self.is_run_weekday(d) and d not in self.blackout_days
        )

    def run_days_a_break_takes(self, week: int) -> tuple[date, ...]:
        """The run weekdays of a week that a break (``blackout``) takes, never the race day: the
        days a refusal's explanation says a break cost the week (``run_days_in`` has the rest)."""
        return tuple(
            d for d in self.week_days(week) if d in self.blackout_days and d != self.race_day and self.is_run_weekday(d)
        )

    @cached_property
    def _touched_weeks(self) -> frozenset[int]:
        return frozenset(self.week_of(d) for d in self.blackout_days)

    def touched(self, week: int) -> bool:
        """A week that a blackout touches keeps what fits instead of full weekly counts."""
        if 1 <= week <= self.week_count:
            return week in self._touched_weeks
        return any(d in self.blackout_days for d in self.week_days(week))

    @cached_property
    def breaks_before_weeks_back(self) -> dict[int, DateRange]:
        """Per week of the first day back after a blackout of :data:`BREAK_RETURN_MIN_DAYS` days
        or more (race week aside), the blackout it follows (the latest, where two end before it):
        a week back that starts easy, its strength a step-back week's and no quality session (a
        runner back from a recent strain and a 9-day holiday ran threshold and a step-up strength
        session on his first day back)."""
        out: dict[int, DateRange] = {}
        for gap in sorted(self.request.schedule.blackout, key=lambda b: b.to):
            back = gap.to + timedelta(days=1)
            if (gap.to - gap.from_).days + 1 >= BREAK_RETURN_MIN_DAYS and self.days and self.days[0] <= back and not self.is_race_week_day(back) and back < self.race_day:
                out[self.week_of(back)] = gap
        return out

    @cached_property
    def return_days_by_break(self) -> dict[tuple[date, date], tuple[date, ...]]:
        """Per break (its first and last day) of :data:`RETURN_DAYS_MIN_BREAK` days or more (blackouts that overlap or
        touch counted as one), the days back after it: as many as the break took, at most
        :data:`RETURN_DAYS_MAX`, from the plan's first day, race week and other breaks aside.
        They hold easy runs (``return_runs``), of an hour at most where
        :attr:`capped_return_days` has them."""
        out: dict[tuple[date, date], tuple[date, ...]] = {}
        for first, last in join_touching((b.from_, b.to) for b in self.request.schedule.blackout):
            back = []
            for offset in range(1, days_back_after_break((last - first).days + 1) + 1):
                day = last + timedelta(days=offset)
                if self.days and self.days[0] <= day < self.race_day and not self.is_race_week_day(day) and day not in self.blackout_days:
                    back.append(day)
            if back:
                out[(first, last)] = tuple(back)
        return out

    @cached_property
    def days_back_from_breaks(self) -> frozenset[date]:
        """Every day of :attr:`return_days_by_break`."""
        return frozenset(d for days in self.return_days_by_break.values() for d in days)

    @cached_property
    def first_weeks_back(self) -> frozenset[int]:
        """The week of the first long-run day after each break of :data:`RETURN_DAYS_MIN_BREAK`
        days or more (:attr:`return_days_by_break`), before race day: the week of its first long
        run back (the week of the first day back may hold its long run before a break inside it,
        four days from Tuesday)."""
        weeks = set()
        for days in self.return_days_by_break.values():
            for offset in range(7):
                day = days[0] + timedelta(days=offset)
                if day >= self.race_day:
                    break
                if weekday_name(day) == self.request.schedule.long_run_day:
                    weeks.add(self.week_of(day))
                    break
        return frozenset(weeks)

    @cached_property
    def weeks_holding_days_back(self) -> frozenset[int]:
        """The weeks that hold a day of :attr:`days_back_from_breaks` (``race_readiness`` counts
        only their long run)."""
        return frozenset(self.week_of(d) for d in self.days_back_from_breaks)

    @cached_property
    def capped_return_days(self) -> frozenset[date]:
        """:attr:`days_back_from_breaks` whose runs last an hour at most (``day_cap_tenths``);
        none where the solve let that hold yield (``return_runs`` off)."""
        return self.days_back_from_breaks if self.return_runs else frozenset()

    @cached_property
    def weeks_back_from_breaks(self) -> frozenset[int]:
        """The weeks of :attr:`breaks_before_weeks_back`."""
        return frozenset(self.breaks_before_weeks_back)

    def is_race_week(self, week: int) -> bool:
        return week == self.week_count

    def is_full(self, week: int) -> bool:
        """A regular week: 7 days, not the race week, no blackout: the weekly counts apply exactly."""
        return len(self.week_days(week)) == 7 and not self.is_race_week(week) and not self.touched(week)

    # -- before the plan ---------------------------------------------------------------------

    def _history_week_runs(self, week: int) -> list[float] | None:
        """The runs (km) of a week before the plan (week ≤ 0) from the request's history, if it covers it."""
        if not self.request.history or week >= 1:
            return None
        first = self.week_start(week)
        covered_from = min(h.date for h in self.request.history)
        if self.request.phases_from is not None:
            # a re-plan's log covers the first plan from its first day: a planned day missing from
            # it was a rest day (a plan that started on a rest Monday, its log from Tuesday, read
            # its first week as uncovered, the runner's average in place of the 23.2 km he ran)
            covered_from = min(covered_from, self.request.phases_from)
        if first < covered_from:
            return None
        last = first + timedelta(days=6)
        return [h.distance_km or 0.0 for h in self.request.history if h.kind == "run" and first <= h.date <= last]

    def history_week_km(self, week: int) -> float | None:
        """Run km of a week before the plan (week ≤ 0) from the request's history, if it covers it."""
        runs = self._history_week_runs(week)
        return None if runs is None else sum(runs)

    def prior_long_run_km(self, week: int) -> float:
        """A week before the plan (week ≤ 0): its longest run where the history covers it, else the
        runner's long run."""
        runs = self._history_week_runs(week)
        return self.request.runner.long_run_km if runs is None else max(runs, default=0.0)

    def prior_week_km(self, week: int) -> float:
        """A week before the plan: its real run km where the history covers it, else the
        runner's recent average (the load rules are computed on the real history)."""
        real = self.history_week_km(week)
        return self.request.runner.weekly_km if real is None else real

    @cached_property
    def return_window(self) -> tuple[date, date] | None:
        """The first and last day of a graduated return's capped 7 days, as the runner counts them
        (None without a volume cap): the day model caps them together and the evening out of
        easy runs after the solve keeps that cap."""
        easing = self.request.easing
        if easing is None or easing.max_weekly_km is None:
            return None
        return easing.until - timedelta(days=RETURN_WINDOW_DAYS - 1), easing.until

    def easing_caps_week(self, week: int) -> bool:
        """Whether a plan week is held to the easing's volume cap (``easing.max_weekly_km``) as a
        whole: a week that starts by the easing's last day, except, after an overload, one that
        holds fewer than half of its easier 7 days (those days keep the cap together, in the day
        model: :attr:`return_window`). Capped whole, a re-plan made on a Thursday held the next
        plan week to the easier week's 17.8 km too, for its Monday to Wednesday, and the weekly
        increase then grew every week after from there: the whole plan fell behind the first
        one (peak 38.7 -> 37.7 km) for one long run of 12 km instead of 8.8."""
        easing = self.request.easing
        if easing is None or easing.max_weekly_km is None or self.week_start(week) > easing.until:
            return False
        window = self.return_window
        if easing.reason != "overload" or window is None:
            return True
        inside = sum(1 for d in self.week_days(week) if window[0] <= d <= window[1])
        return 2 * inside > RETURN_WINDOW_DAYS

    @cached_property
    def longest_run_of_this_build_km(self) -> float:
        """A re-plan's longest run already done in the build it continues (the history since the
        first plan's start, ``phases_from``); 0 for a new plan. A readiness long run done there
        counts: a 2-day illness in race week was refused as unready, the 25.5 km run seven weeks
        before it being outside the runner's last 30 days."""
        first = self.request.phases_from
        if first is None:
            return 0.0
        return max((h.distance_km or 0.0 for h in self.request.history if h.kind == "run" and h.date >= first), default=0.0)

    @cached_property
    def weeks_of_this_build_km(self) -> dict[int, float]:
        """A re-plan's weeks before its start since the first plan's (``phases_from``), as the
        history ran them (week number ≤ 0 -> run km; empty for a new plan): the build's peak a
        taper and race week come down from lies there once the re-plan is late in the plan."""
        first = self.request.phases_from
        out: dict[int, float] = {}
        week = 0
        while first is not None and self.week_start(week) >= first:
            real = self.history_week_km(week)
            if real is not None:
                out[week] = real
            week -= 1
        return out

    def prior_longest_km(self, week: int) -> float | None:
        """Longest run before the plan that lies inside the 30-day window of every day of ``week``
        (None once the window no longer reaches before the plan)."""
        last = self.week_start(week) + timedelta(days=6)
        window_start = last - timedelta(days=30)
        if window_start >= self.request.start:
            return None
        declared = self.request.runner.long_run_km
        history = [h for h in self.request.history if h.kind == "run"]
        if not history:
            return declared
        # the declared long run counts while the window reaches before the history, as the
        # checker reads it (``session_spike``): a re-plan two days in once took a 7.1 km easy run
        # for the runner's level, where the declared 16 km long run still lay in the window, and
        # refused the marathon. Never above it: one unplanned long run does not lift the plan
        if window_start < min(h.date for h in history):
            return declared
        return min(declared, max((h.distance_km or 0.0 for h in history if h.date >= window_start), default=0.0))

    # -- phases -----------------------------------------------------------------------------------

    @property
    def race_km(self) -> float:
        return self.request.race.km

    @property
    def taper_factors(self) -> tuple[float, ...]:
        return TAPER_FACTORS[race_class(self.race_km)]

    @cached_property
    def taper_weeks(self) -> tuple[int, ...]:
        """The final weeks (race week last) that must reduce volume from the peak."""
        count = min(len(self.taper_factors), self.week_count)
        return tuple(range(self.week_count - count + 1, self.week_count + 1))

    def taper_factor(self, week: int) -> float | None:
        if week not in self.taper_weeks:
            return None
        factors = self.taper_factors[-len(self.taper_weeks) :]
        return factors[self.taper_weeks.index(week)]

    @cached_property
    def pre_taper_weeks(self) -> tuple[int, ...]:
        return tuple(w for w in range(1, self.week_count + 1) if w not in self.taper_weeks)

    @cached_property
    def phases(self) -> dict[int, str]:
        """base → build → peak before the taper; 'taper' then 'race' for the race week (a
        re-plan's counted from the start of the plan it continues, ``request.phases_from``)."""
        phases: dict[int, str] = {}
        pre = list(self.pre_taper_weeks)
        before, base_count, rest = self.weeks_before_start, self.base_week_count, self._pre_taper_count - self._peak_week_count
        for i, week in enumerate(pre, start=before):
            if i < base_count:
                phases[week] = "base"
            elif i < rest:
                phases[week] = "build"
            else:
                phases[week] = "peak"
        for week in self.taper_weeks:
            phases[week] = "race" if self.is_race_week(week) else "taper"
        return phases

    def phase(self, week: int) -> str:
        return self.phases[week]

    @cached_property
    def weeks_before_start(self) -> int:
        """A re-plan's weeks of the plan it continues before this start (``phases_from``; 0 for a
        new plan): its weeks go on in that plan's phases, so week 12 of 16 is not base again."""
        return weeks_before_start(self.request)

    def week_numbers(self, weeks: Iterable[int]) -> str:
        """``weeks`` as the pages number them, a re-plan's going on from the plan it continues
        (:attr:`weeks_before_start`): "3, 5, 7"."""
        return ", ".join(str(self.weeks_before_start + week) for week in weeks)

    @cached_property
    def _pre_taper_count(self) -> int:
        return self.weeks_before_start + len(self.pre_taper_weeks)

    @cached_property
    def _peak_week_count(self) -> int:
        count = self._pre_taper_count
        return 2 if count >= 6 else (1 if count >= 3 else 0)

    @cached_property
    def base_week_count(self) -> int:
        """Base weeks of the whole plan, those before a re-plan's start included."""
        rest = self._pre_taper_count - self._peak_week_count
        return max(1, round(rest * 0.4)) if rest >= 3 else rest

    def cutback_weeks(self, build_weeks_max: int) -> tuple[int, ...]:
        """The cutback weeks before the taper.

        Up to the first dip (a week a blackout touches, or one of a graduated return): as few
        as the rule ``cutback`` allows (no more than ``build_weeks_max`` build weeks in a row),
        the first once the runner has built that many (counting the build weeks the history
        shows just before the plan: a re-plan keeps the rhythm of the plan it continues), the
        others spread evenly, the longer blocks last so that the peak comes last, a lone build
        week last of all (:func:`spread_cutbacks`). From the first
        dip on: every (k+1)-th week counted back from the taper, where neither it nor the week
        before it is a dip (a dip is a natural cutback, left for the solver to use). Before a
        half or marathon taper the 2 : 1 rhythm's last step-back comes a week early, so that the
        peak week leads into the taper (:func:`spread_cutbacks`). That fixed
        rhythm was once the whole of it; it put the first cutback into weeks 1-3 of three new
        plans in four: a step-back before the runner has built (COACHING.md: none in the first
        3 weeks).
        """
        pre = self.pre_taper_weeks
        if not pre or self.free_cutbacks:
            return ()
        dips = [w for w in pre if self._dip(w)]
        first_segment = [w for w in pre if not dips or w < dips[0]]
        built = min(self.build_weeks_before_start(build_weeks_max), build_weeks_max)
        # the lone build week goes last where the taper follows it. Not before a break, which
        # steps back too (a 3:00 marathoner's lone week 8 fell between step-back week 7 and his
        # break in week 9, and week 6, now a full week before a step-back, lost its session), nor
        # before a last week that is mostly race week, light anyway (a lone build week there,
        # after a step-back, left a 5K runner's peak weeks no full week for its intervals)
        lone_block_last = not dips and not self.is_mostly_race_week(pre[-1])
        if not dips and not lone_block_last and build_weeks_max >= 3 and len(pre) > 1:
            # on the 3 : 1 rhythm that week steps back as a cutback would: the rhythm is spread
            # over the weeks before it (a 5K runner stepped back in weeks 4 and 6, then ran
            # week 8 as race week)
            first_segment, lone_block_last = first_segment[:-1], True
        weeks = spread_cutbacks(
            first_segment, build_weeks_max - built, build_weeks_max, into_taper=not dips,
            peak_into_taper=self.peak_may_lead_into_taper, lone_block_last=lone_block_last,
        )
        if dips:
            last, cycle = pre[-1], build_weeks_max + 1
            rhythm = [
                w for w in pre
                if w > dips[0] and (last - w) % cycle == build_weeks_max and not self._dip(w) and not self._dip(w - 1)
            ]
            weeks += self._spaced_after_dips([w for w in pre if w > dips[0]], rhythm, build_weeks_max) if self.spaced_cutbacks else rhythm
        return tuple(weeks)

    def _spaced_after_dips(self, after: list[int], rhythm: list[int], build_weeks_max: int) -> list[int]:
        """The rhythm counted back from the taper (``rhythm``) over the weeks after the first dip
        (``after``), but for a stretch between dips (or from one to the taper) where it leaves
        more than ``build_weeks_max`` build weeks in a row, which the rule ``cutback`` then
        breaks with a step-back of the solver's choosing: the rhythm's week just after a dip is
        dropped (a dip is a natural cutback), and a marathoner back from a break in week 4
        stepped back in weeks 7 and 9, one build week between (COACHING.md: a step-back every
        3rd or 4th week). There the stretch takes the fewest step-backs that leave every block
        of build weeks at most ``build_weeks_max`` long and at least two (step-backs three weeks
        apart or more, the dip before counted as one, and the dip after; before the taper one
        peak week may follow the last step-back, as Higdon's 18, 14, 20 mi long runs before his
        taper), the longer blocks last: weeks 7 and 10. Where no such spacing exists (four
        weeks between two breaks), the rhythm stays. The last week of a break that spans weeks,
        where it has more run days than the week before it, is the return: a build week as the
        rule counts it (bigger than the week before it), the stretch's first block one week in.
        On the 3 : 1 rhythm the last week before the taper is light anyway where it is mostly
        race week or its long run lies a taper week out (a Saturday race after Sunday long runs):
        the stretch ends a week earlier there, as before a dip (spaced to the taper, a
        marathoner's step-back in week 15 came before a light week 16)."""
        planned = set(rhythm)
        out: list[int] = []
        # (``after`` runs week by week: the stretches are its runs of weeks no dip touches)
        for stretch in (list(weeks) for dip, weeks in groupby(after, key=self._dip) if not dip):
            back, away = stretch[0] - 1, stretch[0] - 2
            lead = 1 if self._dip(back) and self._dip(away) and len(self.run_days_in(back)) > len(self.run_days_in(away)) else 0
            run = longest = lead
            for w in stretch:
                run = 0 if w in planned else run + 1
                longest = max(longest, run)
            into_taper = stretch[-1] == self.pre_taper_weeks[-1]
            light_last = into_taper and build_weeks_max >= 3 and (
                self.is_mostly_race_week(stretch[-1]) or (len(self.taper_factors) >= 2 and not self.peak_may_lead_into_taper)
            )
            spaced = stretch[:-1] if light_last else stretch
            spread = None if longest <= build_weeks_max or not spaced else _spaced_blocks(
                len(spaced), build_weeks_max, lead, last_least=1 if into_taper and not light_last else 2,
            )
            if spread is None:
                out += [w for w in stretch if w in planned]
                continue
            at = 0
            for block in spread[:-1]:
                at += block
                out.append(spaced[at])
                at += 1
        return out

    @cached_property
    def peak_may_lead_into_taper(self) -> bool:
        """Whether the last week before the taper may be the peak week rather than a step-back:
        the race has taper weeks before race week (half, marathon; a 5K or 10K's one taper week
        is race week, and a step-back before it tapers in all but name), the last week's long
        run lies as many whole weeks before race day as the taper has weeks (a Saturday race
        after Sunday long runs leaves it 13 days out, a taper long run as the runner counts back),
        and race week is not mostly in the week before it."""
        pre = self.pre_taper_weeks
        if len(self.taper_factors) < 2 or not pre or self.is_mostly_race_week(self.week_count - 1):
            return False
        weeks_out = self.long_run_weeks_out(pre[-1])
        return weeks_out is not None and weeks_out >= len(self.taper_factors)

    def _dip(self, week: int) -> bool:
        """A week a blackout touches or a graduated return covers (from its first day)."""
        easing = self.request.easing
        return week >= 1 and (self.touched(week) or (easing is not None and self.week_start(week) <= easing.until))

    def build_weeks_before_start(self, most: int) -> int:
        """Build weeks in a row the history shows just before the plan (up to ``most``): weeks
        above the cutback factor × the week before them, as the rule ``cutback`` counts them,
        but for the week back after a break (a week at most half the one before it), which is
        a return, not a step of the build. A week after a step-back week counts: not counting
        it put a re-plan's first cutback a week late, and the plan it continued had four
        loading weeks in a row (a 3:15 marathoner re-planned in week 10: 69.5, 75.0, 69.4 and
        72.2 km, the step-back moved from week 12 to 13). A re-plan's first plan week is measured
        against the runner's level before it, as that plan measured it: read as no build week,
        a re-plan in week 4 of a 3:1 rhythm made the step-back week a 66 km loading week."""
        factor = self.request.rules.cutback_factor

        def km(week: int) -> float | None:
            return self.history_week_km(week)

        def level_before(week: int) -> float | None:
            known = km(week - 1)
            first = self.request.phases_from
            if known is None and first is not None and self.week_start(week) == first:
                return self.request.runner.weekly_km  # the first plan's week 1 grew from the runner's level
            return known

        def grew(week: int) -> bool:
            now, before = km(week), level_before(week)
            return now is not None and before is not None and now > factor * before + 1e-9

        def after_break(week: int) -> bool:
            before, earlier = km(week - 1), km(week - 2)
            return before is not None and earlier is not None and before <= BREAK_SHARE * earlier + 1e-9

        streak, week = 0, 0
        while streak < most and grew(week) and not after_break(week):
            streak, week = streak + 1, week - 1
        return streak

    @cached_property
    def dip_before_start(self) -> bool:
        """Whether the history shows the week before the plan as a dip: at most the cutback
        factor × the week before it (a missed or light week before a re-plan)."""
        last = self.history_week_km(0)
        return last is not None and last <= self.request.rules.cutback_factor * self.prior_week_km(-1) + 1e-9

    def strength_free_days(self, days_before_race: int) -> frozenset[date]:
        known = self._strength_free.get(days_before_race)
        if known is None:
            known = self._strength_free[days_before_race] = frozenset(
                self.race_day - timedelta(days=k) for k in range(1, days_before_race + 1)
            )
        return known

    @cached_property
    def _strength_free(self) -> dict[int, frozenset[date]]:
        return {}


#: race_readiness: the long run before the taper, as a share of a race over 10 km ...
READINESS_SHARE = 0.6
#: ... and the share a long run at the time cap must still cover (time on feet).
TIME_ON_FEET_FLOOR_SHARE = 0.4


def readiness_km(race_km: float) -> float:
    """Long run to reach before the taper: the race distance up to 10 km, else max(10, 0.6 × distance)."""
    if race_km <= 10.0 + 1e-9:
        return race_km
    return max(10.0, READINESS_SHARE * race_km)


def readiness_floor_km(race_km: float) -> float:
    """The shortest long run that counts as ready by time on feet (a run at the time cap): 0.4 ×
    a race over 10 km; up to 10 km the race distance itself (no time-on-feet reading)."""
    if race_km <= 10.0 + 1e-9:
        return race_km
    return TIME_ON_FEET_FLOOR_SHARE * race_km


def _spaced_blocks(weeks: int, most: int, lead: int, last_least: int) -> list[int] | None:
    """The build blocks of ``weeks`` consecutive weeks split by the fewest step-backs (one
    between blocks), each at most ``most`` weeks (the first ``most - lead``: ``lead`` build
    weeks before it), the last at least ``last_least`` and the others at least two (step-backs
    three weeks apart or more); the weeks over those least go to the last blocks first. None
    where no split does."""
    for cutbacks in range(0, weeks):
        blocks = cutbacks + 1
        least = [max(0, 2 - lead, last_least)] if blocks == 1 else [max(0, 2 - lead)] + [2] * (blocks - 2) + [last_least]
        cap = [most - lead] + [most] * (blocks - 1)
        build = weeks - cutbacks
        if any(lo > hi for lo, hi in zip(least, cap)) or not sum(least) <= build <= sum(cap):
            continue
        sizes, extra = list(least), build - sum(least)
        for i in reversed(range(blocks)):
            more = min(extra, cap[i] - sizes[i])
            sizes[i] += more
            extra -= more
        return sizes
    return None


def spread_cutbacks(
    weeks: Sequence[int], first_block: int, build_weeks_max: int, *, into_taper: bool = False, peak_into_taper: bool = False,
    lone_block_last: bool = True,
) -> list[int]:
    """The fewest cutbacks among consecutive ``weeks`` that leave no more than
    ``build_weeks_max`` build weeks in a row: the first after ``first_block`` build weeks, the
    build weeks after it shared evenly by the blocks that follow each cutback, a longer block
    last and the shorter ones between longer ones (grouped, three one-week blocks made a runner
    alternate 52 and 39 km weeks for seven weeks); ``lone_block_last``: a lone one-week block
    last, so that no two step-backs are two weeks apart where the weeks allow it.
    ``peak_into_taper``: on the 2 : 1 rhythm whose weeks fit it with a step-back last, and two
    step-backs or more, the last comes a week earlier and the peak week leads into the taper
    (:attr:`PlanCalendar.peak_may_lead_into_taper`): one single-week block just before it; a
    lone step-back stays where it is."""
    if len(weeks) <= first_block:
        return []
    cycle = build_weeks_max + 1
    count = -(-(len(weeks) - first_block) // cycle)
    if into_taper and build_weeks_max == 2 and (len(weeks) - 1 - first_block) % cycle == 0:
        # two build weeks to a cutback where the weeks fit that rhythm with the last of them a
        # cutback: as many cutbacks as the spread below, without its one-week blocks (a runner
        # on the 2 : 1 rhythm stepped back in weeks 3, 5 and 7 of nine, one build week between
        # them; COACHING.md: a step-back every 3rd or 4th week). Never into a break
        # (``into_taper`` false), which the load rules climb back from.
        positions = list(range(first_block, len(weeks), cycle))
        if peak_into_taper and len(positions) > 1:
            # nor into the taper where the peak week may lead into it: the last step-back a week
            # earlier (Higdon's Novice marathon: long runs 18, 14, 20 mi, then the taper). Kept
            # there, a 68-year-old's half marathon stepped back in week 12 of 14 before its
            # taper week: three light weeks before the race, its longest run 3.5 weeks out.
            positions[-1] -= 1
        return [weeks[i] for i in positions]
    rest = len(weeks) - count - first_block
    short, longer = rest // count, rest // count + 1
    shorts, longs = count - rest % count, rest % count
    blocks: list[int] = []  # built from the last block back: a longer one, then a short one, ...
    if lone_block_last and short == 1 and shorts == 1:
        # a lone one-week block goes last, where the peak week leads into the taper (or a break),
        # not between two step-backs: those two weeks apart read as a step-back every other
        # week (a 10K runner on the 2 : 1 rhythm stepped back in weeks 3, 6 and 8, one build
        # week between the last two; COACHING.md: a step-back every 3rd or 4th week). The same
        # step-backs, so the same build weeks to grow in.
        blocks.append(short)
        shorts -= 1
    while shorts or longs:
        if longs:
            blocks.append(longer)
            longs -= 1
        if shorts:
            blocks.append(short)
            shorts -= 1
    blocks.reverse()
    positions = [first_block]
    for block in blocks[:-1]:
        positions.append(positions[-1] + block + 1)
    return [weeks[i] for i in positions]
