"""The numbers every rule uses, derived once from a request: defaults, profile adjustments, overrides.

The defaults and their sources are in each rule's docstring; this module only decides which
number applies to *this* runner (age, hamstring history, equipment) and the request's overrides.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from hamplan.calendar import PlanCalendar, readiness_floor_km, readiness_km
from hamplan.models import WEEKDAYS, PlanRequest

#: Peak weekly-volume and long-run targets (km) by race distance (long_run rule).
PEAK_TARGETS_KM: dict[str, tuple[float, float]] = {
    "5k": (30.0, 12.0),
    "10k": (40.0, 16.0),
    "half": (50.0, 21.0),
    "marathon": (65.0, 30.0),
}

#: Peak week target: the race's default or this × the runner's current volume, whichever is
#: higher (COACHING.md: a runner at 60 km a week peaks near 75, not at the 65 of the marathon default).
PEAK_OVER_CURRENT = 1.25

#: Upper bounds the planner budgets for non-run sessions (content must stay within them): the
#: full forms, and the short forms a tight day gets (COACHING.md, "Who gets a plan").
STRENGTH_MAX_MIN = 45
#: ... a runner without a hamstring history or Nordic curls: a hinge, a curl and an accessory,
#: 9 sets at most (10 min + 2.5 a set: 30-35 min). Budgeted at 45, a 45-min day never held one
#: beside a 10-min mobility routine (a runner of 45-min weekdays: 18 of 23 sessions short).
STRENGTH_PLAIN_MAX_MIN = 35
MOBILITY_MAX_MIN = 30
STRENGTH_SHORT_MAX_MIN = 20
#: ... the short form of a runner without Nordic curls or a sore tendon's holds: a hinge and a curl
#: at 2 sets each (about 2 min a set and 5 of warm-up: 15 min, ``content.strength``). Budgeted at
#: 20, a runner of 45-min weekdays ran 22 weekday runs of 25 min beside 15-min sessions (coach
#: reading: 30 min is the least easy run).
STRENGTH_SHORT_PLAIN_MIN = 15
MOBILITY_SHORT_MAX_MIN = 10
#: Race week's mobility (its plan week, and the eve): a 15-min flow of moves, its full form. Budgeted
#: at the full 30 min, it left a 10K runner's 45-min Thursday a 14-min run.
RACE_WEEK_MOBILITY_MIN = 15


def strength_full_min(request: PlanRequest) -> int:
    """The minutes the planner budgets for a full strength session: Nordic curls or a sore
    tendon's loading make it longer."""
    return STRENGTH_PLAIN_MAX_MIN if _plain_strength(request) else STRENGTH_MAX_MIN


def strength_short_min(request: PlanRequest) -> int:
    """The minutes the planner budgets for a short strength session: Nordic curls or a sore
    tendon's holds make it longer."""
    return STRENGTH_SHORT_PLAIN_MIN if _plain_strength(request) else STRENGTH_SHORT_MAX_MIN


def _plain_strength(request: PlanRequest) -> bool:
    """Whether the runner's strength sessions hold neither Nordic curls (``nordic_curls``: on
    after a strain unless the request switches them off) nor a sore tendon's work. A past
    strain's sessions with Nordic curls switched off were budgeted 45 min and ran 30. A niggle's
    easing holds a sore tendon's isometric routine (20 min in its short form) whatever the
    history: its plan is budgeted so throughout (a 45-min day had held a 29-min run beside it)."""
    niggle = request.easing is not None and request.easing.reason == "niggle"
    return not nordic_curls_on(request) and request.runner.hamstring_history != "tendinopathy" and not niggle


def nordic_curls_on(request: PlanRequest) -> bool:
    """Whether the runner's strength sessions hold Nordic curls: as the request says, or after
    a strain (past or recent) where it says nothing."""
    asked = request.rules.nordic_curls
    return asked if asked is not None else request.runner.strain_history


def sessions_min(cal: PlanCalendar, day: date, *, strength: bool, strength_short: bool, mobility: bool, mobility_short: bool) -> int:
    """What a day's strength and mobility sessions are budgeted, in their full or short form."""
    strength_min = strength_short_min(cal.request) if strength_short else strength_full_min(cal.request)
    mobility_min = MOBILITY_SHORT_MAX_MIN if mobility_short else mobility_full_min(cal, day)
    return strength_min * strength + mobility_min * mobility


def mobility_full_min(cal: PlanCalendar, day: date) -> int:
    """The minutes the planner budgets for a day's full mobility session: race week's flow, or
    the full form."""
    return RACE_WEEK_MOBILITY_MIN if race_week_mobility_day(cal, day) else MOBILITY_MAX_MIN


def race_week_mobility_day(cal: PlanCalendar, day: date) -> bool:
    """A day whose mobility session is race week's short flow of moves: the race's plan week and
    race week as the runner counts it, the six days before the race (a race early in its plan
    week left static hamstring stretching four days before a marathon)."""
    return cal.is_race_week(cal.week_of(day)) or cal.is_race_week_day(day)
#: Shortest run the planner writes (a walk-run restart after a long break can be this short);
#: a quality session needs room for its 10-minute warm-up.
MIN_EASY_RUN_KM = 1.0
MIN_QUALITY_RUN_KM = 3.0
#: Planner shape (not a safety rule): in a week with a long run, every other run is at most
#: 0.6 × the long run + 1 km, so that a short week never becomes two long runs back to back.
OTHER_RUN_SHARE_OF_LONG = 0.6
#: ... and in a week of three run days 0.8 × it + 1 km: the week's one easy run beside a long
#: run and a quality session has to carry the rest (long ≈ 45 %, quality ≈ 19 %, easy ≈ 36 %).
OTHER_RUN_SHARE_OF_LONG_THREE_RUNS = 0.8
#: ... and where the taper's long-run limit counts the week's long run a week nearer the race
#: (a Saturday race after Sunday long runs), the other runs carry the taper week, up to 0.9 × it
#: where three days or more carry it besides the long run and the day before it: the long run
#: stays the week's longest by a step a runner sees (two 15 km easy runs beside a 15 km long run
#: read as no long run at all).
OTHER_RUN_SHARE_OF_SHORT_LONG = 0.9
#: ... and where the runner's current week needs more beside the race's long run
#: (:func:`other_run_share_for_volume`), at most a medium-long run's share of it (COACHING.md:
#: 0.6-0.75 x the long run): at 0.9 x, a 74.5 km half marathoner ran 21, 19.4 and 19.4 km on
#: three days in a row, three long runs.
OTHER_RUN_SHARE_FOR_VOLUME_MOST = 0.75
OTHER_RUN_EXTRA_KM = 1.0
#: The share of a week the solver keeps its quality running under what ``easy_share`` leaves
#: (``hamplan.rules.week_shape.EASY_SHARE_MARGIN_PM``, per mille there).
QUALITY_SHARE_MARGIN = 0.02
#: Coaching's bound on the run the day before the long run, × the long run (``day_before_long_run``,
#: weeks of 4+ run days; its 60-min bound aside).
EVE_OF_LONG_RUN_SHARE = 0.5
#: ... in weeks of this many run days or more.
EVE_CAP_MIN_RUN_DAYS = 4
#: The longest long run :func:`long_run_for_volume_km` gives a runner, by race (Pfitzinger &
#: Latter, *Faster Road Racing*: 5K schedules' long runs reach about 18 km, 10K's 22 km,
#: the half's 26 km; *Advanced Marathoning*: 22 mi, 35 km). Uncapped, a 5K runner at 90 km a
#: week on four days ran a 32.4 km long run seven days before the race.
LONG_RUN_FOR_VOLUME_MOST_KM: dict[str, float] = {"5k": 18.0, "10k": 22.0, "half": 26.0, "marathon": 35.0}


def other_run_share(run_days: int, least: float = 0.0) -> float:
    """The planner's bound on a run besides the week's longest, × the longest (see above), at
    least ``least`` (:func:`other_run_share_for_volume`)."""
    return max(OTHER_RUN_SHARE_OF_LONG_THREE_RUNS if run_days == 3 else OTHER_RUN_SHARE_OF_LONG, least)


def other_run_share_for_volume(weekly_km: float, long_km: float, run_days: int, easy_share: float, *, eve_runs: bool = False) -> float:
    """The share of the long run (``other_run_share``) the easy runs beside a long run of
    ``long_km`` need so that a regular week of ``run_days`` holds the runner's current
    ``weekly_km`` beside a quality session of what ``easy_share`` leaves, where the planner's
    share holds less; at most ``OTHER_RUN_SHARE_FOR_VOLUME_MOST`` (a medium-long run: the long run stays the week's
    longest by a step a runner sees); 0 where the planner's share holds it, or under four run
    days: with three, the week's one easy run would carry it all, a second long run beside the
    long run (a half marathoner on Friday to Sunday ran 126 min the day before a 133-min long
    run). A half marathoner at 67.4 km a week on four days, his long run at the race's 21 km,
    was held to 59.9 km for the whole plan (runs of 13.6 km beside it), 11 % under what he ran:
    TRAINING_RULES.md's peak volume is never below the runner's current volume, and COACHING.md's
    peak is that or more. ``eve_runs``: the day before the long run's is a run day, whose run
    coaching holds to ``EVE_OF_LONG_RUN_SHARE`` of the long run (``day_before_long_run``): the
    other easy runs carry the rest."""
    if run_days < 4 or long_km <= 0:
        return 0.0
    # the session takes what the easy share leaves less the margin the solver keeps under it
    # (``EASY_SHARE_MARGIN_PM``): counted without it, a 10K runner's weeks fell 0.4 km short
    # of his own 69.3 km
    session_km = (1.0 - easy_share - QUALITY_SHARE_MARGIN) * weekly_km
    eve_km = EVE_OF_LONG_RUN_SHARE * long_km if eve_runs else 0.0
    free_runs = run_days - 2 - (1 if eve_runs else 0)
    need = ((weekly_km - long_km - session_km - eve_km) / free_runs - OTHER_RUN_EXTRA_KM) / long_km
    if need <= other_run_share(run_days):
        return 0.0
    return min(math.ceil(need * 100) / 100, OTHER_RUN_SHARE_FOR_VOLUME_MOST)


def long_run_eve(request: PlanRequest) -> str:
    """The weekday before the long-run day (``day_before_long_run`` caps its run in weeks of
    :data:`EVE_CAP_MIN_RUN_DAYS` run days or more)."""
    return WEEKDAYS[(WEEKDAYS.index(request.schedule.long_run_day) - 1) % 7]


def eve_of_long_run_is_a_run_day(request: PlanRequest) -> bool:
    """Whether the runner runs the day before the long run's day, in a week of
    :data:`EVE_CAP_MIN_RUN_DAYS` run days or more (where ``day_before_long_run`` holds that run short)."""
    schedule = request.schedule
    return len(schedule.run_days) >= EVE_CAP_MIN_RUN_DAYS and long_run_eve(request) in schedule.run_days


def long_run_for_volume_km(weekly_km: float, run_days: int, easy_share: float, *, eve_runs: bool = False) -> float:
    """The long run a regular week of ``run_days`` needs to hold the runner's current
    ``weekly_km`` with the runs beside it at ``OTHER_RUN_SHARE_FOR_VOLUME_MOST`` of it (and a
    quality session of what ``easy_share`` leaves): the inverse of
    :func:`other_run_share_for_volume`, whose share stops there. 0 under four run days, as there.
    The race's peak long run stood as the plan's for every runner: a 10K runner at 69.3 km a
    week on four days, his long run at the race's 16 km, was held to 52.2 km for the whole plan
    (runs of 13 km beside it), against TRAINING_RULES.md's peak volume, never below the
    runner's current volume; at this length (21.4 km, 31 % of his week) his weeks hold it, as
    Pfitzinger's 10K plans at 70-80 km a week run long runs of 18-22 km. ``eve_runs`` as there
    (a 10K runner at 75 km on five days, Saturday's run held to half his Sunday long run, peaked
    at 69.7 km)."""
    if run_days < 4:
        return 0.0
    free_runs = run_days - 2 - (1 if eve_runs else 0)
    # the session takes what the easy share leaves less the margin the solver keeps under it
    easy_km = (easy_share + QUALITY_SHARE_MARGIN) * weekly_km
    eve_share = EVE_OF_LONG_RUN_SHARE if eve_runs else 0.0
    km = (easy_km - free_runs * OTHER_RUN_EXTRA_KM) / (1.0 + eve_share + free_runs * OTHER_RUN_SHARE_FOR_VOLUME_MOST)
    return max(0.0, math.ceil(km * 10) / 10)


#: Planner shape: the last days before the race hold only short runs (days before → km), and
#: the day before it none: every run's cool-down holds static hamstring stretches (the
#: ``warmup_cooldown`` safety rule), which coaching keeps off race eve (``race_eve_mobility``);
#: Higdon's race weeks rest that day too. The shakeout comes two or three days out.
RACE_EVE_RUN_CAPS_KM: dict[int, float] = {1: 0.0, 2: 8.0, 3: 10.0}
#: ... but where race eve is the long-run day of the plan week before the race's (a race on the
#: first day of its plan week), the ``long_run`` safety rule puts that week's long run there.
RACE_EVE_LONG_RUN_KM = 4.0
#: Strength-free days before the race (strength_sessions rule).
STRENGTH_FREE_DAYS_BEFORE_RACE = 4
#: The day before the race and race day: the ``warmup_cooldown`` safety rule still asks for the
#: standing and seated hamstring stretches after every run (20–30 s holds), while coaching asks
#: for no static hamstring holds before racing. The run cool-down there keeps the rule's floor
#: and no more: 1 set of 20 s each, after a walk and leg swings (``race_eve_mobility`` checks it).
RACE_EVE_HOLD_S = 20
RACE_EVE_HOLD_SETS = 1
#: No quality session in this many days before the race (race_day rule).
QUALITY_FREE_DAYS_BEFORE_RACE = 2
#: Weeks without quality sessions for a recent strain (hard_days rule).
RECENT_STRAIN_EASY_WEEKS = 3
#: Weeks of isometric loading before heavy slow resistance for tendinopathy.
TENDINOPATHY_ISOMETRIC_WEEKS = 4
#: ... then this many weeks of heavy slow loading before the first faster session (coaching):
#: the tendon takes each new load on its own (a week 5 held the first heavy slow lifts, the first
#: threshold run two days later and a new longest run).
TENDINOPATHY_HEAVY_BEFORE_SPEED_WEEKS = 2


def peak_target_key(race_km: float) -> str:
    """The key of ``PEAK_TARGETS_KM`` a race distance plans by."""
    if race_km <= 5.0 + 1e-9:
        return "5k"
    if race_km <= 10.0 + 1e-9:
        return "10k"
    if race_km <= 21.1:
        return "half"
    return "marathon"


@dataclass(frozen=True)
class RuleSettings:
    session_spike: float
    weekly_increase: float
    weekly_increase_floor_km: float
    weekly_increase_floor_below_km: float
    acwr_max: float
    build_weeks_max: int
    cutback_factor: float
    cutback_min_plan_weeks: int
    long_run_share: float
    long_run_max_min: int
    peak_weekly_km: float
    peak_long_run_km: float
    readiness_km: float
    readiness_floor_km: float
    quality_per_week: int
    quality_intervals_allowed: bool
    quality_free_weeks: int
    easy_share: float
    rest_days_min: int
    strength_per_week: int
    strength_per_taper_week: int
    mobility_per_week: int
    stretch_hold_s: int
    nordic_curls: bool
    static_hamstring_stretches: bool
    #: planner shape, not a safety rule: the least share of the long run a run beside it may
    #: take, so that the runner's regular week holds his current volume (0: the planner's own)
    other_run_share_least: float = 0.0

    @classmethod
    def from_request(cls, request: PlanRequest) -> RuleSettings:
        runner, rules = request.runner, request.rules
        cautious_growth = runner.hamstring_history in ("recent_strain", "tendinopathy") or runner.age >= 50
        two_to_one = runner.age >= 50 or runner.any_history
        peak_w, peak_l = PEAK_TARGETS_KM[peak_target_key(request.race.km)]
        ready = readiness_km(request.race.km)
        peak_w = rules.peak_weekly_km or max(peak_w, PEAK_OVER_CURRENT * runner.weekly_km)
        peak_l = max(rules.peak_long_run_km or peak_l, ready)
        # a run day beside the long run's with a time limit holds what its time holds, whatever
        # the long run (as for ``other_run_share_least`` below)
        limited = any(day in request.schedule.max_minutes for day in request.schedule.run_days if day != request.schedule.long_run_day)
        eve_runs = eve_of_long_run_is_a_run_day(request)
        if not rules.peak_long_run_km and not limited:
            for_volume = long_run_for_volume_km(runner.weekly_km, len(request.schedule.run_days), rules.easy_share, eve_runs=eve_runs)
            peak_l = max(peak_l, min(for_volume, LONG_RUN_FOR_VOLUME_MOST_KM[peak_target_key(request.race.km)]))
        nordic = nordic_curls_on(request)
        return cls(
            session_spike=rules.session_spike,
            weekly_increase=rules.weekly_increase if rules.weekly_increase is not None else (0.07 if cautious_growth else 0.10),
            weekly_increase_floor_km=rules.weekly_increase_floor_km,
            weekly_increase_floor_below_km=20.0,
            acwr_max=rules.acwr_max,
            build_weeks_max=rules.build_weeks_max or (2 if two_to_one else 3),
            cutback_factor=rules.cutback_factor,
            cutback_min_plan_weeks=6,
            long_run_share=rules.long_run_share,
            long_run_max_min=rules.long_run_max_min,
            peak_weekly_km=peak_w,
            peak_long_run_km=peak_l,
            readiness_km=ready,
            readiness_floor_km=readiness_floor_km(request.race.km),
            quality_per_week=rules.quality_per_week,
            quality_intervals_allowed=runner.hamstring_history != "tendinopathy",
            quality_free_weeks=RECENT_STRAIN_EASY_WEEKS if runner.hamstring_history == "recent_strain" else 0,
            easy_share=rules.easy_share,
            rest_days_min=rules.rest_days_min or (2 if runner.age >= 60 else 1),
            strength_per_week=rules.strength_per_week,
            strength_per_taper_week=1,
            mobility_per_week=rules.mobility_per_week,
            stretch_hold_s=rules.stretch_hold_s,
            nordic_curls=nordic,
            static_hamstring_stretches=runner.hamstring_history != "tendinopathy",
            # (not where a run day besides the long run's has a time limit: the share it cannot
            # take lands on the others, the day after the long run among them: a half runner on
            # a 60-min Monday and a 75-min Thursday ran 112 min the day after his long run)
            other_run_share_least=0.0 if limited else other_run_share_for_volume(
                runner.weekly_km, max(peak_l, runner.long_run_km), len(request.schedule.run_days), rules.easy_share, eve_runs=eve_runs),
        )

    def load_allowance_km(self, previous_km: Sequence[float]) -> float:
        """Most run km a week may hold under ``weekly_increase`` and ``acwr`` after the four weeks
        before it (``previous_km``, the most recent first)."""
        allowed = self.weekly_allowance_km(max(previous_km[0], previous_km[1]))
        chronic = sum(previous_km[:4]) / 4
        return min(allowed, self.acwr_max * chronic) if chronic > 0 else allowed

    def weekly_allowance_km(self, higher_previous_km: float) -> float:
        """Most run km a week may hold after weeks whose higher volume was ``higher_previous_km``."""
        grown = higher_previous_km * (1.0 + self.weekly_increase)
        if higher_previous_km < self.weekly_increase_floor_below_km:
            return max(grown, higher_previous_km + self.weekly_increase_floor_km)
        return grown
