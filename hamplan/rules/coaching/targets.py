"""The coaching targets of one request, computed once in plain Python: the peak week, the
volume curve the weeks aim at (a ramp toward the peak with step-back weeks, never faster than
the load rules allow), the long-run curve, and the factors for the taper and race week.

The solver tracks these curves (an objective term per week, ``hamplan.rules.coaching``); the
coaching checks read the same numbers, so planner and checker mean the same plan.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from hamplan.calendar import RACE_WEEK_DAYS, PlanCalendar, race_class
from hamplan.rules.base import TENTHS, long_run_cap_tenths, readiness_tenths
from hamplan.rules.context import EASY_RUN_MAX_MINUTES
from hamplan.rules.reach import reachable_long_runs
from hamplan.rules.settings import PEAK_OVER_CURRENT, PEAK_TARGETS_KM, other_run_share, peak_target_key

#: Share points added to the long run's share that few runs a week force (see long_share_aim),
#: and the week's share a quality session takes there (``easy_share`` leaves ≈ 19.6 %).
FEW_RUNS_SLACK = 0.01
QUALITY_ROOM = 0.19
#: With four runs a week the long run may take 40 % at any volume (the curve still plans the
#: few-runs formula's ≈ 38 %): the quality session and two easy runs, one of them most often the
#: day before the long run (at most an hour, ``day_before_long_run``) and one the day after it
#: (at most 0.6 × it + 1 km), leave the long run about that much of a 60–75 km week. Held to
#: 38 %, marathoners running 63 and 73 km weeks in their base built at 57 and 63 km, with long
#: runs of 21.5 and 24 km, shorter than their own (seed 2061).
FOUR_RUNS_SHARE = 0.40

if TYPE_CHECKING:
    from hamplan.rules.context import PlanContext

#: The race defaults' peak weeks (5K 30, 10K 40, half 50, marathon 65 km) are the load of a
#: runner whose easy pace is about this (min/km): marathon 6.5 h, half 5 h, 10K 4 h, 5K 3 h.
#: A slower runner gets those hours, not those kilometres (``PeakByTime``).
PEAK_REFERENCE_PACE_MIN_PER_KM = 6.0
#: Runners of this age and over peak at most this × their current weekly volume (``MastersPeak``).
MASTERS_AGE = 60
MASTERS_PEAK_OVER_CURRENT = 1.5

#: The first weeks build: no step-back before the runner has built (``EarlyWeeksBuild``).
EARLY_BUILD_WEEKS = 2

#: A step-back week aims at this share of the week before it (Higdon: 10, 11, 8 …; the safety
#: rule ``cutback`` allows at most 0.80).
STEP_BACK_WEEK = 0.75
#: A step-back week's long run aims at this share of the week before's (and is advised above 0.90).
STEP_BACK_LONG = 0.80
STEP_BACK_LONG_MAX = 0.85
#: Taper weeks aim just under their safety factor: "near their factors, not far under them".
TAPER_BELOW_FACTOR = 0.03
#: Race week: its runs before the race total about 0.35 × the peak week (Higdon Novice
#: ≈ 0.25, Pfitzinger ≈ 0.35), never above 0.40.
RACE_WEEK_TARGET = 0.35
RACE_WEEK_MAX = 0.40
#: ... and where race eve is one of the runner's run days, which rests (``RACE_EVE_RUN_CAPS_KM``),
#: race week's aim loses that day's share, down to Higdon Novice's 0.25: at 0.35 on a day fewer,
#: race-week runs grew to 41-52 min (a 68-year-old's 52 and 50 min before a half).
RACE_WEEK_LEAST_TARGET = 0.25
#: Long runs in the taper, × the peak long run, by weeks before race week (Higdon Novice
#: marathon: 20 mi, then 12, 8; a half: ≤ 0.7 one week out).
TAPER_LONG_FACTORS: dict[str, dict[int, float]] = {"long": {2: 0.75, 1: 0.50}, "half": {1: 0.70}, "short": {}}
#: Taper long runs aim this far under their factor; a taper week without one aims at this share
#: of the peak long run (Higdon: the last 20-miler three weeks out).
TAPER_LONG_BELOW_FACTOR = 0.05
TAPER_LONG_FIRST = 0.90
#: Longest single run in race week (minutes), by race class; the day before the race.
RACE_WEEK_RUN_MAX_MIN: dict[str, int] = {"short": 45, "half": 60, "long": 60}
RACE_EVE_RUN_MAX_MIN = 30
#: The shakeout days: two to three days before the race (race eve rests, ``RACE_EVE_RUN_CAPS_KM``) …
FIRST_SHAKEOUT_DAY = 2
SHAKEOUT_DAYS = 3
#: … and the longest run there (minutes): Higdon's race weeks end with 2-3 miles two or three
#: days out, Pfitzinger's with a 4-5 mile recovery run. Capped by race week's 45 / 60 min alone,
#: 41 of 196 seeded plans (seed 2027) ran 41-57 min there, often their longest race-week run
#: (a half marathoner's 53 and 52 min three and two days out).
SHAKEOUT_RUN_MAX_MIN = 40

#: Longest easy run (minutes) in the first days back from a break: an easy run's most.
RETURN_RUN_MAX_MIN = EASY_RUN_MAX_MINUTES
#: The most of its week a long run raised onto the even climb into the race's long run takes
#: (where the band's share held it lower): without it, the median build or peak week's long
#: run passed 40 % of the week in 57 of 586 plans peaking at 45 km or more (seeds 2027, 2031),
#: 44 before the climb, 50 with it.
LONG_RUN_RAMP_SHARE = 0.40
#: Pre-taper weeks at the end of the build in which the race's long run may go above the curve
#: and the long run's share band.
READINESS_WEEKS = 4


def race_week_run_max_min(race_km: float, days_before_race: int) -> int:
    """The longest run (minutes) ``days_before_race`` days before the race, one of the six days
    of race week (``race_week_runs``): race eve :data:`RACE_EVE_RUN_MAX_MIN`, the shakeout days
    :data:`SHAKEOUT_RUN_MAX_MIN`, the others :data:`RACE_WEEK_RUN_MAX_MIN` of the race's class."""
    if days_before_race == 1:
        return RACE_EVE_RUN_MAX_MIN
    most = RACE_WEEK_RUN_MAX_MIN[race_class(race_km)]
    if FIRST_SHAKEOUT_DAY <= days_before_race <= SHAKEOUT_DAYS:
        return min(most, SHAKEOUT_RUN_MAX_MIN)
    return most


def race_week_target(cal: PlanCalendar) -> float:
    """Race week's aim, × the peak week: :data:`RACE_WEEK_TARGET`, less the share of race eve
    where it is one of the runner's run days (it rests: ``RACE_EVE_RUN_CAPS_KM``), never under
    :data:`RACE_WEEK_LEAST_TARGET`. Run days counted on the six days before the race, as a
    runner counts race week (a re-plan, whose plan weeks start on another weekday, aims alike)."""
    eve = cal.race_day - timedelta(days=1)
    run_days = cal.run_days_before_race(range(1, RACE_WEEK_DAYS))
    if eve not in run_days or cal.race_eve_holds_a_long_run:
        return RACE_WEEK_TARGET
    return max(RACE_WEEK_LEAST_TARGET, RACE_WEEK_TARGET * (len(run_days) - 1) / len(run_days))


def race_week_open_days(cal: PlanCalendar) -> list[date]:
    """The run days of race week before race eve (not blacked out, not before the start) where
    the six days before the race hold no run day of the plan week before the race's; none where
    they do (a Saturday race after Sunday long runs: that week's long run is race week's first
    run). Where two or more, race week runs twice (``race_week_two_runs``)."""
    if cal.race_week_reaches_back:
        return []
    return [d for d in cal.run_days_in(cal.week_count) if (cal.race_day - d).days >= 2 and d >= cal.request.start]


def long_share_aim(week_km: float, runs: int = 7) -> float:
    """The long run's share of the week the long-run curve plans: ≤ 50 % under 30 km a week,
    ≤ 40 % at 30–50 km, ≤ 35 % above (Daniels: 25–30 %; beginner plans run higher). With few
    runs a week the long run takes what a quality session (≈ 19 %) and the easy runs (each at
    most 0.6 × it + 1 km, 0.8 × with three runs) leave: 3 runs ≈ 46 %, 4 runs ≈ 38 %."""
    band = 0.50 if week_km < 30.0 else (0.40 if week_km <= 50.0 else 0.35)
    if runs < 3:
        return 0.50
    easy_runs = runs - 2
    return max(band, min(0.50, (1.0 - QUALITY_ROOM) / (1.0 + other_run_share(runs) * easy_runs) + FEW_RUNS_SLACK))


#: The week size under which the long run may take half the week (:func:`long_share_aim`).
SMALL_WEEK_KM = 30.0


def long_band_aim_km(week_km: float, runs: int = 7) -> float:
    """The long run the curve aims at in a week of ``week_km`` (:func:`long_share_aim` of it), never
    more than a week of :data:`SMALL_WEEK_KM` aims at: the share's step from 50 % to 40 % at
    30 km would aim a 29.7 km week's long run at 14.4 km and the 31.2 km week after it at
    12.5 km (a 68-year-old's long runs 13.2, 10.5, 14.4, 12.5 km as her weeks climbed evenly
    across 30 km): a week that grows across 30 km never aims its long run lower. (The step
    from 40 % to 35 % at 50 km is left: marathon weeks, whose long run the race's needs and
    the session spike hold, climb through it fast.)"""
    aim_km = long_share_aim(week_km, runs) * week_km
    if week_km < SMALL_WEEK_KM:
        aim_km = min(aim_km, long_share_aim(SMALL_WEEK_KM, runs) * SMALL_WEEK_KM)
    return aim_km


def long_share_limit(week_km: float, runs: int = 7) -> float:
    """The long run's share of the week a coach allows (the band the week model keeps and the
    check reads): the share the curve plans (:func:`long_share_aim`), and with four runs a
    week up to :data:`FOUR_RUNS_SHARE`, where the day before the long run holds an hour at
    most and the curve's share left a week no room beside its quality session."""
    aim = long_share_aim(week_km, runs)
    return max(aim, FOUR_RUNS_SHARE) if runs == 4 else aim


def own_long_run_km(ctx: PlanContext, week_km: float) -> float:
    """The long run a week of ``week_km`` keeps because the runner already does it: the
    runner's ``long_run_km``, or, where the history shows the weeks it was run in (a re-plan),
    its share of them at this week's volume (a 24 km long run of 68 km weeks is not the floor
    of a 48 km week back after a missed one: that would be half the week)."""
    own = ctx.request.runner.long_run_km
    if not ctx.request.history:
        return own
    ran_in = max(ctx.cal.prior_week_km(w) for w in range(-3, 1))
    return min(own, own * week_km / ran_in) if ran_in > 0 else own


@dataclass(frozen=True)
class CoachingTargets:
    """Targets in km: the peak week and long run, and per pre-taper week the volume and long run
    the plan aims at; per taper week the factor × peak week it aims at."""

    peak_week_km: float
    peak_long_km: float
    week_km: dict[int, float]
    long_km: dict[int, float]
    taper_week_factor: dict[int, float]
    taper_long_factor: dict[int, float]
    taper_long_target: dict[int, float]
    step_back_weeks: tuple[int, ...]
    peak_time_cap_km: float | None = None
    early_cutbacks: tuple[int, ...] = ()
    peak_masters_cap_km: float | None = None
    #: The taper as the plan aims at it: each week's factor × the peak week (race week's last).
    #: One week earlier than the rule ``taper`` counts it where race week spills into the plan
    #: week before the race's (:func:`race_week_spill`).
    taper_factor_of: dict[int, float] | None = None
    #: Per week with a taper long-run limit: how many weeks before race week it counts as (0: in
    #: race week, as the runner counts it), the same count that chose the limit.
    taper_long_weeks_out: dict[int, int] | None = None
    #: Taper weeks before race week whose long run that count puts a week nearer the race than
    #: the week's own place in the taper (a Saturday race after Sunday long runs: the Sunday 13
    #: days out is held to one week out's limit in a week that tapers as two weeks out's). Their
    #: other runs carry the week (``other_run_room_in_week_pc``).
    long_run_nearer_weeks: frozenset[int] = frozenset()
    #: A re-plan inside the taper, with no week before it left: the build's peak week and long
    #: run it continues (each up to the curve's peak), which its taper comes down from.
    build_peak_km: float = 0.0
    build_peak_long_km: float = 0.0

    @property
    def planned_peak_km(self) -> float:
        """The highest week the curve plans (the peak, where the load rules allow it)."""
        return max(self.week_km.values(), default=self.build_peak_km)

    @property
    def planned_peak_long_km(self) -> float:
        return max(self.long_km.values(), default=self.build_peak_long_km)

    @classmethod
    def of(cls, ctx: PlanContext) -> CoachingTargets:
        request, cal, s = ctx.request, ctx.cal, ctx.settings
        runner = request.runner
        time_cap, masters_cap = peak_caps_km(ctx)
        peak = min(s.peak_weekly_km, time_cap or s.peak_weekly_km, masters_cap or s.peak_weekly_km)
        pre = cal.pre_taper_weeks
        cutbacks = set(cal.cutback_weeks(s.build_weeks_max)) if cal.week_count >= s.cutback_min_plan_weeks else set()
        peak_weeks = [w for w in pre if cal.phase(w) == "peak"]
        first_peak = peak_weeks[0] if peak_weeks else (pre[-1] if pre else 0)
        climb = [w for w in pre if w <= first_peak and w not in cutbacks]
        # a cutback the safety rhythm puts in the first weeks: as shallow as that rule allows, the
        # long run kept (an easy start, not a step-back of the long run; ``EarlyWeeksBuild``)
        # the first weeks of the whole plan: a re-plan's week 1 may be week 10 of the build
        early = {w for w in cutbacks if w + cal.weeks_before_start <= EARLY_BUILD_WEEKS}
        cap_km = long_run_cap_tenths(s, ctx.easy_pace_s_per_km) / 10
        usual_runs = len(request.schedule.run_days)
        # the ramps climb toward the distance peak and the caps clip them, where an even climb
        # to a lower peak grew too slowly for runners the load rules already hold back (their
        # long run then missed the race's needs and the week model fell back to no ceilings at
        # all): marathons, plans with a break, and runners whose race long run grows to the
        # end; the others climb evenly to their capped peak (below)
        ramp_peak = s.peak_weekly_km
        # the race's peak long run, or the runner's own where it is longer (a 5K runner at 40 km a
        # week with 14 km long runs was held to 12.1 km, and his weeks, beside it, to 1.12 x his own);
        # a peak the request sets itself (``rules.peak_long_run_km``) stays the peak
        race_long = s.peak_long_run_km if request.rules.peak_long_run_km else max(s.peak_long_run_km, runner.long_run_km)
        peak_long = min(cap_km, max(ctx.readiness_km, min(race_long, long_share_aim(ramp_peak, usual_runs) * ramp_peak)))
        builds = [w for w in pre if w not in cutbacks or w in early]
        ramp_to = ramp_peak
        if (peak < ramp_peak and race_class(request.race.km) != "long" and not any(map(cal.touched, pre))
                and not _long_run_grows_to_the_end(ctx, builds)):
            # a peak the runner's hours (or age) cap is the one the weeks climb to, evenly: a climb
            # toward the distance peak reached it in the first weeks and held it (a slow 10K
            # runner's time peak in week 3 of 14, then eight weeks at it; 93 of 294 plans of
            # seed 2077 held such a peak four weeks or more). Not for a marathon, whose long run
            # needs the weeks' room early: built late, it met the race's long run only in the
            # last week before the taper, and a 4:30 marathoner's four days ill there, or a
            # week away six weeks out, left the re-plan no way to it (refused). Nor with a
            # break: the weeks back climb from what the break leaves. Nor where the race's long
            # run is so far above the runner's own that it grows every build week to the end
            # (a 10K runner from 4.5 km long runs: the smaller weeks left a re-plan after an
            # illness the week before no room for the 10 km it still needed)
            ramp_to = peak
        ideal_week = _ramp(runner.weekly_km, ramp_to, climb)
        ideal_long = _ramp(runner.long_run_km, peak_long, climb)
        volume = {w: cal.prior_week_km(w) for w in range(-3, 1)}
        planned: dict[int, float] = {}
        longest: dict[int, float] = {}
        band_held: set[int] = set()  # weeks whose long run the band's share holds below the ramp
        usual_days = max(1, len(request.schedule.run_days))
        easing = request.easing

        def recent_longest(week: int) -> list[float]:
            """The long runs the session spike reads before ``week``: the three weeks before it
            planned so far, and the longest the history or the runner's own shows."""
            before = cal.prior_longest_km(week)
            return [longest[w] for w in range(max(1, week - 3), week)] + ([before] if before is not None else [])

        for week in pre:
            allowed = s.load_allowance_km([volume[week - j] for j in range(1, 5)])
            if week in cutbacks:
                target = min(allowed, (s.cutback_factor if week in early else STEP_BACK_WEEK) * volume[week - 1])
            else:
                target = min(allowed, ideal_week.get(week, peak), peak)
            if easing is not None and easing.max_weekly_km is not None and cal.easing_caps_week(week):
                target = min(target, easing.max_weekly_km)
            if cal.touched(week):
                runs_left = len(cal.run_days_in(week))
                # a week the blackout empties is a break, not a level: the weeks after it measure
                # their allowance as if it had not happened, and the load rules on the real weeks
                # decide how fast the return is (counting it as 0 km held a 54 km runner under
                # 10 km for the 40 weeks after it)
                volume[week] = target if runs_left == 0 else target * runs_left / usual_days
                target *= runs_left / usual_days
            else:
                volume[week] = target
            planned[week] = target
            recent = recent_longest(week)
            spike = s.session_spike * max(recent, default=runner.long_run_km)
            step_back = week in cutbacks and week not in early
            if step_back:  # from the week before: a re-plan's week 1 from the last week run
                wanted = STEP_BACK_LONG * (longest[week - 1] if week - 1 in longest else cal.prior_long_run_km(week - 1))
            else:
                wanted = ideal_long.get(week, peak_long)
            runs = len(cal.run_days_in(week))
            returning = easing is not None and cal.week_start(week) <= easing.until
            # (a re-plan's eased week keeps its share: the easier week after an overload takes
            # its extra running off the other runs, its long run kept as far as half the week)
            band = long_share_aim(target, runs) * target if returning else long_band_aim_km(target, runs)
            # the race's long run may exceed the band only in the last weeks before the taper
            late = week in pre[-READINESS_WEEKS:]
            share = min(s.long_run_share * target, max(band, ctx.readiness_km) if late else band)
            if not step_back and not returning:
                # a normal week never plans the long run below the one the runner already does
                share = max(share, min(own_long_run_km(ctx, target), s.long_run_share * target))
            if returning and recent and easing.reason != "overload":  # type: ignore[union-attr]
                # the first week back after a break is shaped like a step-back week: its long
                # run cut from the last one done, as well as held to the band. Not the easier
                # week after an overload: the extra running comes off its other runs (one extra
                # 6 km easy run had cut the next long run by a fifth to a quarter, 14.8 -> 11.0 km)
                wanted = min(wanted, STEP_BACK_LONG * max(recent))
            # a week a break leaves one run day holds no long run (``long_run`` asks one of a full
            # week only; a re-plan's: ``break_week_long_run``): its one run is the week's share of
            # the target, not half of it. Half of a Sunday-only travel week's 7.4 km held its one
            # run to 3.6 km; in a new plan, a 37 km 10K runner's two one-run weeks of a break
            # (6.6 and 5.2 km) held the eight weeks after them under 12.5 km by the weekly increase
            lone_run = runs == 1 and (request.phases_from is not None or cal.touched(week))
            if lone_run or (runs and week > 1 and not cal.run_days_in(week - 1)):
                # the first week back after a blank one may go without a long run (it is touched):
                # its longest is then at least its average run (one run day left: that run is the
                # week, and the weekly increase measures the next week from it)
                share = max(share, target / runs)
            longest[week] = max(0.0, min(wanted, spike, share, cap_km))
            if share + 1e-9 < min(wanted, spike, cap_km):
                band_held.add(week)
        most_long = {w: min(cap_km, s.long_run_share * planned[w]) for w in pre}
        _reach_the_race_long_run(longest, builds, ctx.readiness_km, s.session_spike, most_long)
        _ease_into_the_peak_long_run(
            longest, [w for w in builds if not cal.touched(w)], band_held, set(pre[-READINESS_WEEKS:]),
            lambda week: s.session_spike * max(recent_longest(week), default=runner.long_run_km),
            {w: min(most_long[w], LONG_RUN_RAMP_SHARE * planned[w]) for w in pre}, ctx.readiness_km / s.session_spike,
        )
        taper_week: dict[int, float] = {}
        taper_long: dict[int, float] = {}
        taper_long_aim: dict[int, float] = {}
        long_factors = TAPER_LONG_FACTORS[race_class(request.race.km)]

        def ready_before(week: int) -> bool:
            # the planned long runs reach the race's before ``week``: a taper aimed earlier than
            # the rules' costs no runner the coached plan (the week model follows this curve)
            return any(longest.get(w, 0.0) + 1e-9 >= ctx.readiness_km for w in pre if w < week)

        # both guards count: the load rules' reach (in race_week_spill) and this curve each keep
        # runners the other lets through (measured: dropping the reach changes plans)
        spill = race_week_spill(ctx)
        if spill and not ready_before(cal.taper_weeks[0] - 1):
            spill = 0
        coached = tuple(range(cal.week_count - len(cal.taper_weeks) - spill + 1, cal.week_count + 1))
        factors = (cal.taper_factors + (cal.taper_factors[-1],) * spill)[-len(coached):]
        factor_of = dict(zip(coached, factors))
        for week in coached:
            taper_week[week] = race_week_target(cal) if cal.is_race_week(week) else max(0.0, factor_of[week] - TAPER_BELOW_FACTOR)
        planned_peak = max(planned.values(), default=0.0)
        if cal.week_count in taper_week and planned_peak > 0 and len(race_week_open_days(cal)) >= 2:
            # two 20-min runs where the race's plan week has two run days before race eve, within
            # 0.40 × the peak (``race_week_two_runs``: a novice's 0.25 × 20.7 km held one 5.1 km run)
            two_runs = math.ceil(2 * ctx.min_run_tenths / TENTHS / planned_peak * 100) / 100
            taper_week[cal.week_count] = max(taper_week[cal.week_count], min(RACE_WEEK_MAX, two_runs))
        # taper long runs by where each week's long run falls before the race, as a runner counts
        # weeks back from race day (7-13 days out: one week, 14-20: two): a Saturday race after
        # Sunday long runs held the long run of 15 days out by the limit of two weeks out and ran
        # the peak long run 20 days out; plan weeks where that day is not known count as before
        by_day = {w: out for w in range(1, cal.week_count) if (out := cal.long_run_weeks_out(w)) is not None}
        earliest = min((w for w, out in by_day.items() if out in long_factors), default=None)
        if earliest is not None and earliest in pre and not ready_before(earliest):
            by_day = {}
        weeks_out: dict[int, int] = {}
        nearer: set[int] = set()
        for week in sorted(set(coached) | {w for w, out in by_day.items() if out in long_factors}):
            if cal.is_race_week(week):
                continue
            in_taper = cal.week_count - spill - week
            out = weeks_out[week] = by_day.get(week, in_taper)
            if week in coached and out < in_taper:
                nearer.add(week)
            if out == 0 and long_factors:
                # race week as the runner counts it: its long run (the safety rule asks one in a
                # plan week that holds most of it) held like the last taper week's
                out = min(long_factors)
            if out in long_factors:
                taper_long[week] = long_factors[out]
            if out not in long_factors:
                taper_long_aim[week] = TAPER_LONG_FIRST
            else:
                # at the limit itself where the long run counts a week nearer the race than its
                # week: its runs carry a taper week of a week further out (``long_run_nearer_weeks``)
                below = 0.0 if week in nearer else TAPER_LONG_BELOW_FACTOR
                taper_long_aim[week] = long_factors[out] - below
        return cls(
            peak_week_km=peak,
            peak_long_km=peak_long,
            week_km=planned,
            long_km=longest,
            taper_week_factor=taper_week,
            taper_long_factor=taper_long,
            taper_long_target=taper_long_aim,
            step_back_weeks=tuple(sorted(cutbacks - early)),
            peak_time_cap_km=time_cap,
            peak_masters_cap_km=masters_cap,
            early_cutbacks=tuple(sorted(early)),
            taper_factor_of=factor_of,
            taper_long_weeks_out=weeks_out,
            long_run_nearer_weeks=frozenset(nearer),
            # (with no week before the taper, every taper target read 0 and the re-plan had to go
            # without the coaching rules)
            build_peak_km=min(max(cal.weeks_of_this_build_km.values(), default=0.0), peak),
            build_peak_long_km=min(cal.longest_run_of_this_build_km, peak_long),
        )


#: Kept above what the session spike needs when the ramp is raised (the solver's tenths round down).
REACH_MARGIN_KM = 0.05


def _reach_the_race_long_run(
    longest: dict[int, float], builds: list[int], need_km: float, spike: float, most_km: dict[int, float]
) -> None:
    """Raise the long-run ramp, back from the last build week before the taper, where it would
    reach the race's long run (``need_km``) too late: a long run may be at most ``spike`` × the
    longest of the three weeks before it, so each build week of the chain needs at least the next
    one's long run / ``spike``. Stops where a week cannot hold what it needs (``most_km``: the
    long-run cap and the safety share of its week). The band's share of the week gave the masters
    example an 18.8 km long run in week 11 and the race's 25.4 km was 0.3 km out of reach; the
    coached weeks then had no solution."""
    if not builds or max(longest.get(w, 0.0) for w in builds[-READINESS_WEEKS:]) >= need_km - 1e-9:
        return
    wanted = need_km
    later = builds[-1]
    for week in reversed(builds):
        if later - week > 3:
            return  # the chain needs a week within the session spike's window
        if longest[week] + 1e-9 >= wanted:
            return
        if most_km[week] + 1e-9 < wanted:
            return
        longest[week] = wanted
        wanted, later = wanted / spike + REACH_MARGIN_KM, week


def _ease_into_the_peak_long_run(
    longest: dict[int, float], builds: list[int], band_held: set[int], late: set[int],
    spike_km: Callable[[int], float], most_km: dict[int, float], below_km: float,
) -> None:
    """The build weeks at the end of the build that the band's share held below the ramp
    (``band_held``) or that climb to the race's long run (``late``: the last
    :data:`READINESS_WEEKS` pre-taper weeks, where it may pass the band) climb evenly, by the
    same ratio each build week, from the build week before them to the last one's long run:
    each raised to that curve where it is lower, within its session spike (``spike_km``) and
    ``most_km`` (:data:`LONG_RUN_RAMP_SHARE` of its week). Where the race's long run lies above the band's share of the week, the band
    held the long runs level for weeks and the last ones then climbed by the session spike's
    10 % a week (a 4:30 marathoner at his 53 km time cap: 18.6 km in weeks 13-15, then 20.4,
    22.4 and 24.5 km, 46 % of the week). Only where the build weeks before the late ones stay
    under ``below_km`` (the race's long run / the session spike: more than one spike's step
    short of it; elsewhere the band holds, and the first half marathon's week 8 went from
    12.4 km, 40 %, to 13.3 km, 43 %, for a 13.6 km long run the week after), and never from the
    first build week (the runner's own long run is where the ramp starts)."""
    earlier = [w for w in builds if w not in late]
    if not earlier or max(longest[w] for w in earlier) >= below_km:
        return
    first = len(builds)
    while first > 0 and (builds[first - 1] in band_held or builds[first - 1] in late):
        first -= 1
    first = max(first, 1)  # the first build week stays: the ramp starts at the runner's own long run
    if first >= len(builds) - 1:
        return
    start, end = longest[builds[first - 1]], longest[builds[-1]]
    steps = len(builds) - first
    if start <= 0 or end <= start:
        return
    for k, week in enumerate(builds[first:-1], start=1):
        curve = start * (end / start) ** (k / steps)
        if longest[week] + 1e-9 < curve:
            longest[week] = max(longest[week], min(curve, most_km[week], spike_km(week)))


def race_week_spill(ctx: PlanContext) -> int:
    """1 when the plan aims its taper one week earlier than the rule ``taper`` counts it, else 0.

    Plan weeks run from the start's weekday: a race early in its plan week can leave most of
    race week's run days to the week before (``PlanCalendar.is_mostly_race_week``), and a taper
    counted in plan weeks then puts its last taper week on race week, the peak week's long run
    two weeks before the race and the long run of 0.75 × the peak one week before it (a Sunday marathon after Saturday long runs: 25.4 km 15 days and
    17.7 km 8 days out). Counted from race week as the runner counts it, the taper starts a
    week earlier; the rule's own factors then hold a fortiori. Only where the load rules still
    reach the race's long run (``race_readiness``) a week before the rule's taper, so that no
    runner the later taper would plan loses the coached plan for it."""
    cal = ctx.cal
    pre = cal.pre_taper_weeks
    if len(pre) < 3 or len(cal.taper_weeks) < len(cal.taper_factors):
        return 0
    # by run days, not calendar days: a Saturday, Sunday and Monday runner whose race's plan week
    # holds two days keeps two of three runs in the week before outside race week, and tapering
    # that week as race week made the week one out 0.46 x the peak
    if not cal.is_mostly_race_week(cal.week_count - 1):
        return 0
    need = readiness_tenths(ctx.settings, ctx.easy_pace_s_per_km)
    reached = reachable_long_runs(ctx.request, ctx.easy_pace_s_per_km)
    return 1 if any(reached.get(w, 0) >= need for w in pre[:-1]) else 0


def peak_caps_km(ctx: PlanContext) -> tuple[float | None, float | None]:
    """The peak week's caps in km (``None`` where none applies): by time (the race default's
    hours at the runner's easy pace), and for runners aged 60 and over 1.5 × their current volume.

    Neither cap takes the peak below the runner's current volume, nor below twice the long run the race needs (``long_run`` keeps the long run at most
    half the week, so a lower peak could not hold ``race_readiness``). The time cap stands in
    for the race default only: a new plan's runner who already runs those hours still grows
    by :data:`PEAK_OVER_CURRENT` (COACHING.md: "a runner at 60 km a week does not 'build' to
    65"; held at their current volume, 7–10 % of realistic runners kept it flat for the whole
    plan, a 10K runner at 40 km and a marathoner at 74 km among them). A re-plan's current
    volume is the level reached mid-plan: growth on top of it would lift the peak past the
    plan's. A peak the request sets (``rules.peak_weekly_km``) is kept as it is.
    """
    request, s = ctx.request, ctx.settings
    if request.rules.peak_weekly_km is not None:
        return None, None
    runner = request.runner
    floor = ctx.readiness_km / s.long_run_share
    default_km = PEAK_TARGETS_KM[peak_target_key(request.race.km)][0]
    hours_km = default_km * PEAK_REFERENCE_PACE_MIN_PER_KM * 60 / ctx.easy_pace_s_per_km
    time_cap = None
    if hours_km < default_km:
        growth = PEAK_OVER_CURRENT if request.phases_from is None else 1.0
        cap = max(hours_km, growth * runner.weekly_km, floor)
        if cap < s.peak_weekly_km:
            time_cap = cap
    masters_cap = None
    if runner.age >= MASTERS_AGE:
        masters_cap = max(MASTERS_PEAK_OVER_CURRENT * runner.weekly_km, floor)
    return time_cap, masters_cap


#: Build weeks to spare before the taper under which the race's long run counts as growing to
#: the end (:func:`_long_run_grows_to_the_end`).
READINESS_SPARE_WEEKS = 2


def _long_run_grows_to_the_end(ctx: PlanContext, builds: list[int]) -> bool:
    """Whether the race's long run lies so far above the runner's own that the session spike's
    growth (one step a build week) reaches it with fewer than :data:`READINESS_SPARE_WEEKS`
    build weeks to spare before the taper (always, where the spike lets no run grow: a
    ``session_spike`` of 1.0)."""
    own, need = ctx.request.runner.long_run_km, ctx.readiness_km
    if own <= 0 or need <= own:
        return False
    if ctx.settings.session_spike <= 1.0:
        return True
    steps = math.ceil(math.log(need / own) / math.log(ctx.settings.session_spike))
    return steps > len(builds) - READINESS_SPARE_WEEKS


def _ramp(start: float, peak: float, climb: list[int]) -> dict[int, float]:
    """An even climb from ``start`` to ``peak`` over the climbing weeks (the peak reached on the
    last of them); weeks not listed hold the peak."""
    n = len(climb)
    return {w: start + (peak - start) * (j + 1) / n for j, w in enumerate(climb)} if n else {}
