"""From a solved skeleton to a :class:`Plan`: run types, even easy runs, session content, clock
times, stable UIDs and the week's load figures. Also ``generate()``, the library's main door."""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from datetime import date, datetime, time, timedelta
from typing import Any

from hamplan.calendar import PlanCalendar, no_fast_running_until, race_class, weekday_name
from hamplan.content import mobility_content, run_content, strength_content
from hamplan.content.runs import RunContent, as_repeat, as_shorter_recoveries, shares_in_words, workout_paces
from hamplan.content.strength import TENDON_ISOMETRIC_WEEKS
from hamplan.content.workouts import QUALITY_WARMUP_MIN, STEP_BACK_WORK_FACTOR, TUNE_UP_TITLE, Progression, WorkoutPaces, session_kind, work_min
from hamplan.content.common import fmt_day_month, fmt_pace, fmt_weeks
from hamplan.content.reference import hamstring_history_note
from hamplan.errors import InfeasiblePlanError, PlanTimeLimitError
from hamplan.models import QUALITY_TYPES, WEEKDAYS, Paces, Plan, PlanRequest, Session, Week, Workout, parse_duration_s
from hamplan.paces import (
    TIME_OFF_FREE_DAYS,
    fitness_after_time_off,
    format_clock,
    goal_at_threshold,
    format_pace,
    paces_for,
    planning_pace,
    race_pace,
    race_time_for_vdot,
    recovery_pace_s_per_km,
)
from hamplan.rules.base import EPS_KM, SPIKE_WINDOW_DAYS, TENTHS, longest_before_plan_km, readiness_tenths, ready_by_time_on_feet
from hamplan.rules.hamstring import STRENGTH_GAP_H, elapsed_hours, is_nordic, nordic_max_reps, prior_strength_weeks
from hamplan.rules.week_shape import easy_minutes
from hamplan.rules.coaching import CoachingTargets, advise
from hamplan.rules.coaching.targets import MASTERS_AGE, MASTERS_PEAK_OVER_CURRENT, PEAK_REFERENCE_PACE_MIN_PER_KM
from hamplan.rules.coaching.volume import RACE_WEEK_GROWTH_ADVICE_MIN, SHAKEOUT_DAYS, starts_at_its_level
from hamplan.rules.coaching.quality import EASY_SHARE_MARGIN, holds_quality_session, min_session_km, quality_room_km, quality_room_tenths
from hamplan.rules.coaching.week import (
    BEFORE_LONG_MIN_RUN_DAYS,
    MEDIUM_LONG_ADVICE_SHARE,
    MEDIUM_LONG_MIN_RUNS,
    MEDIUM_LONG_MIN_WEEK_KM,
    MEDIUM_LONG_SHARE,
    RECOVERY_MAX_MIN,
    before_long_cap_km,
    capped_week,
    has_strides,
    least_medium_long_tenths,
    stacked_and_free_days,
)
from hamplan.rules.context import EASY_RUN_MAX_MINUTES, EASY_RUN_MIN_MINUTES, MIN_RACE_WEEK_RUN_MINUTES, MIN_RUN_MINUTES, PlanContext, easy_pace_seconds
from hamplan.rules.reach import reachable_volumes
from hamplan.rules.settings import (
    MIN_EASY_RUN_KM,
    OTHER_RUN_EXTRA_KM,
    PEAK_OVER_CURRENT,
    PEAK_TARGETS_KM,
    RuleSettings,
    mobility_full_min,
    other_run_share,
    peak_target_key,
    race_week_mobility_day,
    sessions_min,
)
from hamplan.solver.model_base import DayCaps, day_plan_cap_tenths, return_run_cap_tenths
from hamplan.solver.suggestions import DAY_NAMES
from hamplan.solver.quality import RECENT_STRAIN_TEMPO_WEEKS, STEP_BACK_SHARE, race_work_room, with_days_changed_by
from hamplan.solver import (
    DEFAULT_DETERMINISTIC_LIMIT, DayPlan, FixedDay, Skeleton, day_cap_tenths, holds_other_runs_to_share, solve,
)
from hamplan.solver.parameters import wall_clock_limit
from hamplan.words import a_or_an

#: Easy runs last at most ``EASY_RUN_MAX_MINUTES`` where the week allows (COACHING.md: easy runs
#: 30–60 min), and at least ``EASY_RUN_MIN_MINUTES`` beside a medium-long run, which gives up
#: distance for them down to the share a coach still calls medium-long
#: (``MEDIUM_LONG_ADVICE_SHARE``). The plan says why when the run the day after (or before) the
#: long run often lasts longer than this (see ``_beside_long_run_notes``).
AFTER_LONG_NOTE_MIN = EASY_RUN_MAX_MINUTES
FITNESS_DAYS = 42
FATIGUE_DAYS = 7
EASY_RPE = 3
#: A peak within this much (km) of a coaching cap counts as held by it (weeks are planned in tenths).
CAP_REACHED_KM = 0.15
#: ... or within this share of a coaching cap (the weeks settle in whole tenths below a cap of
#: 53.18 km, and the days' placement loses a tenth more: a 4:30 marathoner's 53.0 km peak read
#: as held by his 75-min weekdays, which a peak without them would not have passed).
CAP_REACHED_SHARE = 0.01


def generate(
    request: PlanRequest | Mapping[str, Any],
    *,
    deterministic_limit: float = DEFAULT_DETERMINISTIC_LIMIT,
    time_limit_s: float | None = None,
) -> Plan:
    """Plan every day from ``request.start`` to race day under the safety rules.

    Raises :class:`~hamplan.RequestError` for a request that does not validate and
    :class:`~hamplan.InfeasiblePlanError` (with ``.conflicts`` and suggestions) when the rules
    cannot all hold. The same request always gives the same plan, byte for byte.

    ``deterministic_limit`` bounds the solver's work (the same on every machine: it is what
    keeps plans reproducible). ``time_limit_s`` is a wall-clock backstop for slow or loaded
    machines (None: none): should it stop the solver first, the plan still keeps every safety
    rule, but says so in its notes and has ``optimal = False`` (it may differ from run to run).
    """
    from hamplan.io import load_request

    req = request if isinstance(request, PlanRequest) else load_request(request)
    return _planned(
        req, PlanContext.for_request(req), deterministic_limit, time_limit_s,
        plan_works=lambda changed: _plan_passes_check(changed, deterministic_limit),
    )


def generate_resumed(
    request: PlanRequest,
    done: Sequence[Session],
    resume_on: date,
    *,
    deterministic_limit: float = DEFAULT_DETERMINISTIC_LIMIT,
    time_limit_s: float | None = None,
) -> Plan | None:
    """A re-plan inside a week of the plan it continues: ``request`` starts on that week's first
    day, ``done`` holds what was run from then to the day before ``resume_on`` (a day without a
    session was a rest day; their sessions stay in the plan as history), and the plan is made
    from ``resume_on`` on. The week keeps its grid: the load rules read the whole week, what was
    run and what is planned. None when the rules leave no such plan (no explanation is made:
    the caller falls back to a plan that starts on ``resume_on``)."""
    from hamplan.rules import check

    days = [request.start + timedelta(days=n) for n in range((resume_on - request.start).days)]
    fixed = {day: _fixed_day([s for s in done if s.date == day]) for day in days}
    try:
        plan = _planned(
            request, PlanContext.for_request(request), deterministic_limit, time_limit_s,
            fixed=fixed, done=done, resume_on=resume_on,
        )
    except InfeasiblePlanError as exc:
        if exc.conflicts or exc.reasons:
            raise  # stopped by a limit, not refused by the rules
        return None
    # the solver takes a day run as one run and one session of each kind; the checker counts
    # what the log holds (two quality runs on a day, a strength row logged twice)
    return None if check(plan) else plan


def _fixed_day(sessions: Sequence[Session]) -> FixedDay:
    """A day already run, as the solver takes it: its runs (summed), and whether it held strength
    or mobility work."""
    runs = [s for s in sessions if s.kind == "run"]
    kinds = {s.type for s in runs}
    kind = None if not runs else "long" if "long" in kinds else "quality" if kinds & QUALITY_TYPES else "easy"
    return FixedDay(
        run=kind,
        dist_tenths=round(sum(s.distance_km or 0.0 for s in runs) * TENTHS),
        strength=any(s.kind == "strength" for s in sessions),
        mobility=any(s.kind == "mobility" for s in sessions),
    )


def _planned(
    req: PlanRequest,
    context: PlanContext,
    deterministic_limit: float,
    time_limit_s: float | None,
    *,
    plan_works: Callable[[PlanRequest], bool] | None = None,
    fixed: dict[date, FixedDay] | None = None,
    done: Sequence[Session] = (),
    resume_on: date | None = None,
) -> Plan:
    """Solve and build a plan (``generate``; with ``fixed`` days and their ``done`` sessions,
    ``generate_resumed``, which refuses without an explanation)."""
    with wall_clock_limit(None if time_limit_s is None else _solve_share_s(time_limit_s)) as clock:
        try:
            skeleton = solve(
                req,
                context.easy_pace_s_per_km,
                deterministic_limit=deterministic_limit,
                fixed=fixed,
                explain=fixed is None,
                plan_works=plan_works,
                context=context,
            )
        except InfeasiblePlanError as exc:
            if clock is not None and clock.check() and not exc.conflicts:
                raise PlanTimeLimitError(time_limit_s) from None
            raise
        cut = clock is not None and clock.check()
    plan = build_plan(req, skeleton, context=context, history=list(done), replanned_on=resume_on)
    if not cut and any(a.rule == "race_specific_work" for a in plan.advice):
        # a few more plans built and checked: not once the time limit has cut the solve
        plan = _with_room_for_race_work(req, skeleton, context, plan, fixed or {}, done, resume_on)
    if not cut:
        return plan
    assert clock is not None
    note = (
        f"Planning stopped at the time limit of {time_limit_s:g} s before the solver finished: every safety "
        "rule holds, but the plan may be less even than the best one and may differ between runs. "
        "A larger time limit gives the reproducible plan."
    )
    cut_plan = plan.model_copy(update={"optimal": False, "notes": [*plan.notes, note]})
    cut_plan._solve_seconds = plan.solve_seconds
    return cut_plan


def _with_room_for_race_work(
    req: PlanRequest, skeleton: Skeleton, context: PlanContext, plan: Plan,
    fixed: Mapping[date, FixedDay], done: Sequence[Session], resume_on: date | None,
) -> Plan:
    """``plan``, or the plan of a skeleton whose last weeks' quality days take a little of their
    week's easy running to hold the intervals session no day of the plan held
    (``race_work_room``): kept where every safety rule holds on it and it carries no advice the
    plan did not, without the race-specific one."""
    from hamplan.rules import check

    advised = {a.rule for a in plan.advice} - {"race_specific_work"}
    least_share = _least_easy_share(context.settings)

    def kept(variant: Skeleton) -> Plan | None:
        alt = build_plan(req, variant, context=context, history=list(done), replanned_on=resume_on)
        changed = {context.cal.week_of(b.day) for a, b in zip(skeleton.days, variant.days) if a != b}
        if {a.rule for a in alt.advice} <= advised and all(_easy_share(alt, week) >= least_share for week in changed) and not check(alt):
            return alt
        return None

    # each week on its own, latest first; then every week that works on its own, together
    working = [(variant, alt) for variant in race_work_room(context, skeleton, set(fixed)) if (alt := kept(variant)) is not None]
    if len(working) > 1:
        together = kept(with_days_changed_by(skeleton, [variant for variant, _ in working]))
        if together is not None:
            return together
    return working[0][1] if working else plan


def _least_easy_share(settings: RuleSettings) -> float:
    """The easy share a week changed after the solve keeps: the margin the solver keeps on it
    (in km), kept in minutes, whole minutes as the checker counts them and distance x pace as
    another reader might (the first variants held weeks at exactly 80 % in whole minutes,
    79.94 % in exact ones)."""
    return settings.easy_share + (1 - settings.easy_share) * EASY_SHARE_MARGIN / (1 + EASY_SHARE_MARGIN)


def _wind_down_race_week(ctx: PlanContext, sessions: list[Session], renders: dict[date, Callable[[float], RunContent]]) -> None:
    """Race week winds down (``race_week_winds_down``): in the race's plan week, a plain easy run
    of the six days before the race that would last more than
    :data:`RACE_WEEK_GROWTH_ADVICE_MIN` past an earlier run of them is cut to that, never under
    :data:`MIN_RACE_WEEK_RUN_MINUTES`, and only where the week keeps the easy share's margin; the
    distance cut is not run elsewhere (a lighter race week). Spreading the week's distance evenly
    over the days after its last session had put the longest runs last: a 5K's 40-min run two
    days out after a 25-min Tuesday, a half's 58-min run three days out after a 35-min session
    (15 of 294 plans of seed 2027)."""
    cal = ctx.cal
    least_share = _least_easy_share(ctx.settings)
    race_week = [i for i, s in enumerate(sessions) if s.kind == "run" and cal.is_race_week_day(s.date) and s.date < cal.race_day]
    longest = 0
    for i in race_week:
        run = sessions[i]
        most = longest + RACE_WEEK_GROWTH_ADVICE_MIN
        week = cal.week_of(run.date)
        # in the race's plan week, or in a taper week before it that the six days reach into (a
        # Sunday race on plan weeks from Sunday: a marathoner's 54-min run two days out after
        # a 37-min tune-up), where the cut keeps that week's long run within its share and the
        # race's plan week within what the load rules allow after it (``_cut_keeps_the_rules``)
        cuttable = week == cal.week_count or (week == cal.week_count - 1 and cal.phase(week) == "taper")
        if longest and run.duration_min > most and run.date in renders and cuttable:
            render = renders[run.date]
            km = run.distance_km or 0.0
            content = None
            # a tune-up is cut in its easy minutes (its cool-down), never below its race-pace set:
            # its reps stay as they were (a shorter tune-up holds fewer: 4 x 60 s, then 3, then 2)
            tune_up = TUNE_UP_TITLE in run.title
            while km > 0.1:
                shorter_km = round(km - 0.1, 1)
                cut = render(shorter_km)
                if tune_up and (TUNE_UP_TITLE not in cut.title or _work_reps(cut.workout) != _work_reps(run.workout)):
                    break
                km, content = shorter_km, cut
                if content.duration_min <= max(most, MIN_RACE_WEEK_RUN_MINUTES):
                    break
            if content is not None and content.duration_min >= MIN_RACE_WEEK_RUN_MINUTES:
                shorter = _session(ctx.request, run.date, run.start, "run", run.type, content, km)
                changed = [shorter if j == i else s for j, s in enumerate(sessions)]
                week_runs = [s for s in changed if s.kind == "run" and cal.week_of(s.date) == week]
                if _runs_easy_share(week_runs) >= least_share and _cut_keeps_the_rules(ctx, changed, week):
                    sessions[i] = shorter
        longest = max(longest, sessions[i].duration_min)


def _work_reps(workout: Workout | None) -> int:
    """How many fast reps a workout holds."""
    return sum(block.repeat for block in (workout.blocks if workout else []) for step in block.steps if step.kind == "work")


def _cut_keeps_the_rules(ctx: PlanContext, sessions: list[Session], week: int) -> bool:
    """Whether ``sessions``, with a run of ``week`` cut short, keep the rules that read that
    week's total: its long run at most its share of it (``long_run``), and each later week (the
    race's) within what ``weekly_increase`` and ``acwr`` allow after the weeks before it."""
    cal, settings = ctx.cal, ctx.settings
    runs = [s for s in sessions if s.kind == "run" and s.status != "cancelled"]
    km = {w: cal.prior_week_km(w) for w in range(week - 4, 1)}
    for w in range(1, cal.week_count + 1):
        km[w] = sum(s.distance_km or 0.0 for s in runs if cal.week_of(s.date) == w)
    long_km = max((s.distance_km or 0.0 for s in runs if s.type == "long" and cal.week_of(s.date) == week), default=0.0)
    if long_km > settings.long_run_share * km[week] + EPS_KM:
        return False
    return all(
        km[w] <= settings.load_allowance_km([km[w - j] for j in range(1, 5)]) + EPS_KM
        for w in range(week + 1, cal.week_count + 1)
    )


def _runs_easy_share(runs: list[Session]) -> float:
    """The share of ``runs``' running time at easy intensity, the lower of whole minutes and
    distance x pace (1 without running)."""
    runs = [s for s in runs if s.status != "cancelled"]
    easy_whole, whole = easy_minutes(runs)
    exact = sum((s.distance_km or 0.0) * (s.pace_min_per_km or 0.0) for s in runs)
    if not whole or not exact:
        return 1.0
    easy_exact = sum((s.distance_km or 0.0) * (s.pace_min_per_km or 0.0) for s in runs if s.intensity == "easy")
    return min(easy_whole / whole, easy_exact / exact)


def _easy_share(plan: Plan, week: int) -> float:
    """The share of a plan week's running time at easy intensity (the race not counted), the
    lower of whole minutes and distance x pace."""
    week_start = next(w.start for w in plan.weeks if w.index == week)
    return _runs_easy_share([s for s in plan.sessions if s.kind == "run" and week_start <= s.date < week_start + timedelta(days=7)])


def _solve_share_s(time_limit_s: float) -> float:
    """The part of a plan's time limit the solver may use. The rest (a fifth, at most 2 s) is kept
    for what follows the last cut solve: building a fallback model that then gets no time, and
    turning the answer into the plan (a 52-week model or plan takes 0.3-1 s on a loaded 2-core
    machine)."""
    return time_limit_s - min(0.2 * time_limit_s, 2.0)


def _plan_passes_check(request: PlanRequest, deterministic_limit: float) -> bool:
    """How a refusal's suggestion is tried: the changed request solved as ``generate`` does it
    up to the day stage, which stops at its first placement (``solve(any_placement=True)``),
    built into a plan, and every rule of the independent checker holds on the result."""
    from hamplan.rules import check

    context = PlanContext.for_request(request)  # derived once for the solve and the plan
    try:
        skeleton = solve(
            request, context.easy_pace_s_per_km, deterministic_limit=deterministic_limit, explain=False, context=context, any_placement=True,
        )
    except InfeasiblePlanError:
        return False
    return not check(build_plan(request, skeleton, context=context))


# ---------------------------------------------------------------------------------------------


@dataclass
class _Day:
    plan: DayPlan
    run_type: str | None
    dist_tenths: int
    quality: str | None = None  # the workout: 'strides' on an easy run, else the quality type
    medium_long: bool = False  # the week's medium-long run (``medium_long_run``)


def _quality_levels(cal: PlanCalendar, days: list[_Day], step_back_weeks: set[int]) -> list[int]:
    """Each day's place in its workout's progression: one step up per session of the same kind
    in a normal week; in a step-back week the last one's rung, its work cut by a quarter
    (``Progression.step_back``: one rung down did not cut it where a kind's first rung has none
    below it, nor where rungs hold the same minutes); held in the taper. A re-plan
    goes on from the sessions of each kind its history holds (it restarted at the first rung:
    a marathoner's re-plan in week 12 went back from 7 km at marathon pace to 3.5)."""
    stepped = _history_step_backs(cal)
    progress: dict[str, int] = dict(Counter(
        h.type for h in cal.request.history if h.kind == "run" and h.type in QUALITY_TYPES and cal.week_of(h.date) not in stepped
    ))
    levels = []
    for d in days:
        kind = d.quality
        if kind is None:
            levels.append(0)
            continue
        week = cal.week_of(d.plan.day)
        done = progress.get(kind, 0)
        if week in step_back_weeks:
            levels.append(max(done, 1))
        elif cal.phase(week) in ("taper", "race"):
            levels.append(max(done, 1))
        else:
            progress[kind] = done + 1
            levels.append(done + 1)
    return levels


#: A run within this many minutes of its day's time limit fills the day: a bigger set needs more.
DAY_FULL_WITHIN_MIN = 10


def _run_minutes_left(cal: PlanCalendar, plan: DayPlan) -> int | None:
    """What a day's time limit leaves its run beside the strength and mobility sessions it holds,
    as the planner budgets them (None: no limit). A 37-min marathon-pace session on a 60-min
    Tuesday beside a strength session read "the other days carry the week's distance"."""
    limit = cal.max_minutes(plan.day)
    if limit is None:
        return None
    return limit - sessions_min(
        cal, plan.day, strength=plan.strength, strength_short=plan.strength_short, mobility=plan.mobility, mobility_short=plan.mobility_short,
    )


def _say_if_repeated(
    content: RunContent, day: _Day, last_sets: dict[str, tuple[str, int, int | None, date]], holding: bool,
    render: Callable[..., RunContent], km: float, week_km: float, room_km: float, easy_share: float,
    day_limit_min: int | None = None,
) -> RunContent:
    """A quality session whose set is the last one of its kind again, in a week where it should
    grow (not a step-back week, not the taper), says so and why: a progression never stalls
    silently: its recoveries shorten instead (``RECOVERY_STEP_FACTOR``, down to their floor),
    the step a coach takes where reps cannot grow. ``last_sets`` remembers each kind's last
    title outside those weeks, how many times its recoveries have shortened since it came, and
    the recovery it last ran (seconds: the text compares with what the runner ran, not with a
    step a week whose shorter recoveries would have changed its set never took); ``render`` makes the
    session again for another distance and week (its ``km``, its ``week_km``, the most a
    quality day of that week may run: ``room_km``; the runner's ``easy_share``; the day's own
    time limit less its strength and mobility sessions, ``day_limit_min``)."""
    kind = day.quality
    if kind is None or kind == "strides" or holding or content.title.startswith("Easy run"):
        return content
    title, steps, ran_s, last_day = last_sets.get(kind, ("", 0, None, day.plan.day))
    if title != content.title:
        last_sets[kind] = (content.title, 0, _recovery_s(content), day.plan.day)
        return content
    reason = _why_repeated(content.title, render, km, week_km, room_km)
    if reason in ("distance", "both") and day_limit_min is not None and content.duration_min + DAY_FULL_WITHIN_MIN >= day_limit_min:
        # the day's own time holds it, not the week (a 68-min marathon-pace session on a 75-min
        # Tuesday read "this week keeps this run short"; 3 x 800 m in 39 min of a 45-min day,
        # "this run is short this week")
        reason = "day" if reason == "distance" else "day_and_share"
    shorter = render(km, week_km=week_km, recovery_steps=steps + 1)
    after = _recovery_s(shorter)
    if shorter.title == content.title and ran_s is not None and after is not None and after < ran_s:
        last_sets[kind] = (content.title, steps + 1, after, day.plan.day)
        return as_shorter_recoveries(shorter, ran_s, after, last_day)
    # last week's recoveries again (at their floor, or where shorter ones would change the set:
    # 3 x 800 m whose shorter jogs fit a fourth rep ran its 3.5-min jogs, and the week after read
    # "2.5 min instead of 3 min")
    same = render(km, week_km=week_km, recovery_steps=steps) if steps else content
    # remembered under the title its full recoveries give, as next week's set is first made
    last_sets[kind] = (content.title, steps, _recovery_s(same), day.plan.day)
    if same.title != content.title:
        # the recoveries last run fit more of the set this week: that is this week's set (its
        # full jogs, under "the same set", had gone back up from 3 to 3.5 min)
        return same
    return as_repeat(same, reason, easy_share, last_day)


def _recovery_s(content: RunContent) -> int | None:
    """The seconds of recovery between a session's reps (None: a continuous set, no recovery)."""
    if content.workout is None:
        return None
    steps = [step for block in content.workout.blocks if any(st.kind == "work" for st in block.steps) for step in block.steps]
    return next((step.duration_s for step in steps if step.kind == "recovery" and step.duration_s), None)


#: Four times a session's distance or its week's running: more room than any next step needs.
ROOM_FACTOR = 4.0
#: A quality day this close to the most ``easy_share`` lets it run is held by that rule (the
#: solver's distances are whole tenths of a km).
ROOM_SLACK_KM = 0.15


def _why_repeated(title: str, render: Callable[..., RunContent], km: float, week_km: float, room_km: float = float("inf")) -> str:
    """What keeps a session's set from growing (a key of ``REPEAT_REASONS``): whether the set
    would grow with more distance (then: is the run at ``room_km``, the most ``easy_share``
    lets a quality day run?), with a bigger week (the share its pace may take), only with
    both, or with neither (the top of its progression)."""
    by_distance = render(ROOM_FACTOR * km, week_km=week_km).title != title
    by_week = render(km, week_km=ROOM_FACTOR * week_km).title != title
    if by_distance:
        return "easy_share" if km >= room_km - ROOM_SLACK_KM else "distance"
    if by_week:
        return "share"
    return "both" if render(ROOM_FACTOR * km, week_km=ROOM_FACTOR * week_km).title != title else "top"


def _stepped_back(
    content: RunContent, kind: str | None, stepping_back: bool, last_work_min: dict[str, float],
    render: Callable[..., RunContent], km: float, week_km: float, wpaces: WorkoutPaces,
) -> RunContent:
    """A step-back or taper week's session (``stepping_back``) with less work than the last full
    week's of its kind: its step at :data:`STEP_BACK_WORK_FACTOR` (the taper's at
    ``TAPER_WORK_FACTOR``) is less than the step, but where the day's room held the full week's
    session under its step that could still match it (a sore tendon's 2 × 6 min in week 5 and
    again in step-back week 6; a 4:30 marathoner's "short dose at pace" in the taper, 5 km at
    marathon pace after build sessions the days had held to 4.5): then at most that share of the
    full week's work, unless that leaves no session at all. A full week's session sets the mark
    for its kind."""
    if kind is None or kind == "strides" or content.workout is None or content.title.startswith("Easy run"):
        return content
    done = work_min(content.workout, wpaces)
    if not stepping_back:
        last_work_min[kind] = done
        return content
    most = STEP_BACK_WORK_FACTOR * last_work_min.get(kind, math.inf)
    if done <= most + 1e-9:
        return content
    capped = render(km, week_km=week_km, most_work_min=most)
    return content if capped.title.startswith("Easy run") else capped


def _strength_weeks_back(cal: PlanCalendar, days: list[_Day]) -> set[int]:
    """The weeks whose strength is the first after a break of a week or more
    (``weeks_back_from_breaks``): the week back, or where that one holds none (its days taken
    by the long run and the rules' spacing), the week after it. Its sessions keep the last full
    week's load in fewer sets: a marathoner's first session 14 days after his last one was a
    step up, to a harder variant, beside a note that promised the last load."""
    with_strength = {cal.week_of(d.plan.day) for d in days if d.plan.strength}
    firsts = (_first_strength_week_back(week, with_strength) for week in cal.weeks_back_from_breaks)
    return {week for week in firsts if week is not None}


def _first_strength_week_back(week_back: int, strength_weeks: Collection[int]) -> int | None:
    """The week of the first strength after a break: the week back, else the week after it
    (where the week back holds none); None where neither holds any."""
    return next((w for w in (week_back, week_back + 1) if w in strength_weeks), None)


def _illness_return_weeks(cal: PlanCalendar) -> set[int]:
    """The plan weeks of an illness's return (``pause`` with ``"illness"``): its easy days and the
    rest of the week they end in (``no_fast_running_until``)."""
    easing = cal.request.easing
    until = no_fast_running_until(cal.request)
    if easing is None or easing.reason != "illness" or until is None:
        return set()
    return {cal.week_of(d) for d in cal.days if d <= until}


def _strength_levels(cal: PlanCalendar, days: list[_Day], step_back_weeks: set[int]) -> tuple[dict[int, int], set[int]]:
    """Each week's place in the strength progression: one step up per full week with strength,
    the same step (same load, fewer sets) in a step-back week and in the taper; a re-plan goes
    on from the weeks with strength its history holds. 0: no full week yet (a deload week that
    comes first introduces the lifts). A session in the six days before the race lifts lighter
    (race week as the runner counts it), so it is no step up of its plan week.

    And the weeks held for the race: the last full week with strength before the taper (a 5K or
    10K's: most often the week before race week) lifts its last full week's load and reps, no
    step up (``HOLD_FOR_RACE``), where a full week came before it. Read from the weeks that
    lift, not the calendar: a blackout emptying the last pre-taper week had let the week before
    it step up while the empty week held."""
    with_strength = sorted({cal.week_of(d.plan.day) for d in days if d.plan.strength and not cal.is_race_week_day(d.plan.day)})
    pre_taper = set(cal.pre_taper_weeks)
    full = [w for w in with_strength if w not in step_back_weeks and cal.phase(w) not in ("taper", "race")]
    last_full_before_taper = max((w for w in full if w in pre_taper), default=None)
    levels: dict[int, int] = {}
    held: set[int] = set()
    done = _history_strength_steps(cal)
    for week in range(1, cal.week_count + 1):
        if week == last_full_before_taper and done:
            held.add(week)
        elif week in full:
            done += 1
        levels[week] = done
    return levels, held


class _HeavySlowSteps:
    """A sore tendon's heavy slow loading, counted over the request's history and the plan: its
    weeks with strength in order, the first ``TENDON_ISOMETRIC_WEEKS`` of them isometric, then
    one step up per full week. A step-back, taper or eased week keeps its last full week's step,
    as its text says ("the same load as your last full week"), where counting every week had
    moved a step-back week on to the next step (3 x 12 at RPE 6, then 2 x 10 at RPE 7); a
    re-plan goes on from the steps its history holds."""

    def __init__(self, cal: PlanCalendar, done_weeks: Collection[int], step_back_weeks: set[int]) -> None:
        self.steps = 0
        self._seen: set[int] = set()
        held = _history_step_backs(cal)
        for week in sorted({cal.week_of(h.date) for h in cal.request.history if h.kind == "strength" and h.date < cal.request.start}):
            self.add(week, full=week not in held)
        for week in sorted(done_weeks):  # a resumed plan's weeks already run
            self.add(week, full=week not in step_back_weeks and cal.phase(week) not in ("taper", "race"))

    def add(self, week: int, *, full: bool) -> None:
        """A week with strength (once per week: its first session says whether it is full)."""
        if week in self._seen:
            return
        self._seen.add(week)
        if full and len(self._seen) > TENDON_ISOMETRIC_WEEKS:
            self.steps += 1

    def loading_week(self) -> int:
        """The tendon programme's week of the last week added, as ``strength_content`` reads it."""
        return TENDON_ISOMETRIC_WEEKS + max(1, self.steps)


def _history_step_backs(cal: PlanCalendar) -> set[int]:
    """The history's step-back weeks (run km at most 0.8 × the week before), where a plan's
    progressions hold instead of stepping up (weeks before the plan: 0, -1, ...)."""
    weeks = {cal.week_of(h.date) for h in cal.request.history}

    def stepped_back(week: int) -> bool:
        now, before = cal.history_week_km(week), cal.history_week_km(week - 1)
        return now is not None and before is not None and 0 < before and now <= STEP_BACK_SHARE * before + 1e-9

    return {week for week in weeks if stepped_back(week)}


def _history_strength_steps(cal: PlanCalendar) -> int:
    """The strength progression's steps the history holds, counted as a plan counts them: its
    weeks with strength, but for step-back weeks."""
    weeks = {cal.week_of(h.date) for h in cal.request.history if h.kind == "strength"}
    return len(weeks - _history_step_backs(cal))


def _week_run_km(cal: PlanCalendar, days: list[_Day]) -> dict[int, float]:
    km = {w: 0.0 for w in range(1, cal.week_count + 1)}
    for d in days:
        if d.run_type is not None and d.plan.day != cal.race_day:
            km[cal.week_of(d.plan.day)] += d.dist_tenths / TENTHS
    return km


def _even_out(total: int, caps: list[int], floor: int) -> list[int]:
    """Share ``total`` tenths over days as evenly as their caps allow (each at least ``floor``)."""
    values = [min(floor, c) for c in caps]
    left = total - sum(values)
    while left > 0:
        open_days = [i for i, c in enumerate(caps) if values[i] < c]
        if not open_days:
            break
        share = max(1, left // len(open_days))
        for i in sorted(open_days, key=lambda i: (values[i], i)):
            give = min(share, caps[i] - values[i], left)
            values[i] += give
            left -= give
            if left == 0:
                break
    return values


def _least_passing(low: int, high: int, passes: Callable[[int], bool]) -> int:
    """The least value in (``low``, ``high``] that ``passes``, a test that holds from some value
    on and holds at ``high`` (a bisection)."""
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (low, mid) if passes(mid) else (mid, high)
    return high


def _held_short(total: int, caps: list[int], held: list[bool], floor: int) -> list[int]:
    """``caps`` with the ``held`` runs (the day after a hard day or the long run, the day before
    the long run) as short as the week's other runs allow, those filling to their caps first,
    where ``total`` fits at all (else ``caps``): evened out instead, a tendinopathy runner's
    Mondays after 17 km long runs ran 8.7 km, 61 min, beside an 8.7 km Friday that could hold
    11.2 (``recovery_runs``)."""
    if not any(held) or sum(_even_out(total, caps, floor)) < total:
        return caps
    def held_at(most: int) -> list[int]:
        return [min(c, most) if hold else c for c, hold in zip(caps, held)]

    # the whole caps fit: the held runs' longest cap is where the test holds
    most = _least_passing(0, max(c for c, hold in zip(caps, held) if hold), lambda m: sum(_even_out(total, held_at(m), floor)) == total)
    return held_at(most)


def _recovery_days(days: list[_Day], easy: list[int], cap_of: Any) -> set[int]:
    """The easy runs of a week that become recovery runs (the day after a long run or a quality
    session), as far as their days hold the slower recovery pace: should the week's easy volume
    not fit, the tightest of them stays an easy run."""
    total = sum(days[i].dist_tenths for i in easy)
    slow = {i for i in easy if i > 0 and days[i - 1].plan.run in ("long", "quality")}
    while slow and sum(cap_of(i, i in slow) for i in easy) < total:
        slow.discard(min(slow, key=lambda i: (cap_of(i, True), i)))
    return slow


def _shape_runs(ctx: PlanContext, skeleton: Skeleton, fixed_days: set[date]) -> list[_Day]:
    """Run types and the easy runs' distances: each week's easy distance (fixed by the solver)
    goes to the easy runs in proportion, a run the day after a hard day or the long run stays a
    short recovery run, and a big week's run farthest from the long run is its medium-long run
    (the placement part of the coaching rules ``recovery_runs`` and ``medium_long_run``)."""
    cal = ctx.cal
    days = [_Day(d, None, d.dist_tenths) for d in skeleton.days]
    recovery: set[int] = set()
    for week in range(1, cal.week_count + 1):
        idx = [i for i in range(7 * (week - 1), min(7 * week, len(days)))]
        longest = max((days[i].dist_tenths for i in idx), default=0)
        easy = [i for i in idx if days[i].plan.run == "easy" and days[i].plan.day not in fixed_days]
        long_days = [i for i in idx if days[i].plan.run == "long"]
        if not long_days and easy and not cal.is_race_week(week):
            # without a long run the week's longest run is the next weeks' spike reference: keep it
            keep = max(easy, key=lambda i: (days[i].dist_tenths, -i))
            easy = [i for i in easy if i != keep]
        strides_only = _quality_days_as_easy_runs(ctx, days, idx, fixed_days) if easy else {}
        if easy:
            recovery |= _share_easy(ctx, days, week, idx, sorted(easy + list(strides_only)), long_days, longest, strides_only)
        for i in idx:
            kind = days[i].plan.run
            if kind == "quality" and (days[i].plan.quality_type == "strides" or (i in strides_only and strides_only[i] is None)):
                # a step-back week's first session of a kind new to the runner, with none before
                # it: an easy run with strides (hamplan.solver.quality.known_kind_in_step_back)
                days[i].run_type, days[i].quality = "easy", "strides"
            elif kind == "quality":
                days[i].run_type = days[i].plan.quality_type or "tempo"
                days[i].quality = days[i].run_type
            elif kind is not None:
                days[i].run_type = kind
                days[i].quality = days[i].plan.quality_type  # 'strides' on an easy run
    for i in recovery:
        if days[i].quality is None:
            days[i].run_type = "recovery"
    _room_for_tuneup(ctx, days, fixed_days)
    return days


def _room_for_tuneup(ctx: PlanContext, days: list[_Day], fixed_days: set[date]) -> None:
    """Race week's tune-up day takes from the other easy runs of race week in its plan week what
    it needs to hold two race-pace minutes with 10 min easy either side (evening out the week's
    easy distance left it a 24-min run, and its content fell back to strides), where they can
    give it and keep their floor (20 min before the race's plan week); the week's volume and
    race week's are unchanged. Not on the day before a long run, which stays short."""
    cal = ctx.cal
    tune = next((i for i, d in enumerate(days) if d.quality == "tuneup" and d.plan.day not in fixed_days), None)
    if tune is None or (tune + 1 < len(days) and days[tune + 1].plan.run == "long"):
        return  # (the run before the long run stays short: day_before_long_run)
    week = cal.week_of(days[tune].plan.day)
    idx = [i for i in range(7 * (week - 1), min(7 * week, len(days)))]
    paces = workout_paces(ctx.paces, ctx.request.race.km)
    prog = Progression(phase="race", week_km=sum(days[i].dist_tenths for i in idx) / TENTHS, race_km=ctx.request.race.km)
    # within its day's time and race week's cap, and under the week's long run where it has one
    long_run = max((days[i].dist_tenths for i in idx if days[i].plan.run == "long"), default=10**6)
    cap = day_plan_cap_tenths(cal, days[tune].plan, ctx.easy_pace_s_per_km, long_run)
    cap = min(cap, max(days[tune].dist_tenths, _spike_cap_tenths(ctx, days, tune, set(idx))))

    def holds(tenths: int) -> bool:
        return session_kind("tuneup", tenths / TENTHS, paces, prog, warmup_min=QUALITY_WARMUP_MIN) == "tuneup"

    need = days[tune].dist_tenths
    while need < cap and not holds(need):
        need += 1
    if need == days[tune].dist_tenths or not holds(need):
        return
    # a run of the race's plan week keeps race week's 15 min; one of the week before keeps 20 min
    # (short_runs judges those days as it judges the build's)
    least = ctx.min_race_week_run_tenths if cal.is_race_week(week) else ctx.min_run_tenths
    # from race week's other runs only: the six days' total (light_race_week) stays as it is
    donors = sorted(
        (i for i in idx if i != tune and days[i].run_type in ("easy", "recovery") and days[i].quality in (None, "strides")
         and days[i].plan.day not in fixed_days and cal.is_race_week_day(days[i].plan.day)),
        key=lambda i: (-days[i].dist_tenths, i),
    )
    room = _room_above(days, donors, least)
    deficit = need - days[tune].dist_tenths
    if room < deficit and cal.is_race_week(week):
        donors = _drop_spare_race_week_runs(ctx, days, tune, donors, need, cap, least)
        room = _room_above(days, donors, least)
        deficit = need - days[tune].dist_tenths
    if room < deficit or deficit <= 0:
        return
    for i in donors:
        give = min(deficit, max(0, days[i].dist_tenths - least))
        days[i].dist_tenths -= give
        days[tune].dist_tenths += give
        deficit -= give
        if not deficit:
            break


def _room_above(days: list[_Day], donors: list[int], least: int) -> int:
    """What ``donors`` can give and each keep ``least`` tenths."""
    return sum(max(0, days[i].dist_tenths - least) for i in donors)


def _drop_spare_race_week_runs(
    ctx: PlanContext, days: list[_Day], tune: int, donors: list[int], need: int, cap: int, least: int
) -> list[int]:
    """Where race week's other runs cannot give the tune-up day its distance and keep race week's
    floor each, the shortest of them that is not the shakeout (the last run before the race, in
    its last days) gives it what it needs and that day rests: race week's runs are fewer and real, as in
    Higdon's and Pfitzinger's race weeks (evening out left a 5K runner four 15-min runs and no
    tune-up; before the floor, 1-km, 7-min jogs beside it). Whatever the tune-up day cannot take
    within its cap is left out: race week only gets lighter. Nothing changes unless the drops
    let the tune-up day reach ``need``. Returns the donors left."""
    runs_before_race = [i for i, d in enumerate(days) if d.run_type is not None and d.plan.day < ctx.cal.race_day]
    shakeout = runs_before_race[-1] if runs_before_race and (ctx.cal.race_day - days[runs_before_race[-1]].plan.day).days <= SHAKEOUT_DAYS else None
    spare = sorted((i for i in donors if i != shakeout), key=lambda i: (days[i].dist_tenths, i))
    left, tune_tenths, dropped = list(donors), days[tune].dist_tenths, []
    for i in spare:
        if _room_above(days, left, least) >= need - tune_tenths:
            break
        left.remove(i)
        dropped.append(i)
        # what the tune-up needs, no more: the rest is left out (a surplus went on to the first
        # donor past its day's minutes: an availability violation)
        tune_tenths += max(0, min(days[i].dist_tenths, cap - tune_tenths, need - tune_tenths))
    if not dropped or _room_above(days, left, least) < need - tune_tenths:
        return donors
    for i in dropped:
        days[i].run_type, days[i].quality, days[i].dist_tenths = None, None, 0
    days[tune].dist_tenths = tune_tenths
    return left


def _spike_cap_tenths(ctx: PlanContext, days: list[_Day], i: int, moving: set[int]) -> int:
    """The longest run day ``i`` may hold under ``session_spike`` (1.1 × the longest run of the
    30 days before it, the runner's long run while they reach before the plan, as the checker
    reads it), counting none of the runs in ``moving``, whose distances are being shared anew:
    evening out race week's easy runs up to the race's own distance put a 4.8 km run after
    weeks of 3.3 km (seed 2027, p54722375: a safety violation)."""
    day = days[i].plan.day
    first = day - timedelta(days=SPIKE_WINDOW_DAYS)
    longest = longest_before_plan_km(ctx.request, first, day)
    reference = max(
        [round(longest * TENTHS), *(d.dist_tenths for j, d in enumerate(days[:i]) if j not in moving and d.plan.run and d.plan.day >= first)]
    )
    return math.floor(ctx.settings.session_spike * reference + 1e-9)


#: A medium-long run found by its distance is at least this much longer than the week's other easy runs.
MEDIUM_LONG_STANDS_OUT = 1.15


def _quality_days_as_easy_runs(ctx: PlanContext, days: list[_Day], idx: list[int], fixed_days: set[date]) -> dict[int, int | None]:
    """A week's quality days too short for the least session of their kind, whose content falls
    back to an easy run with strides, with the most each may hold and still fall back (None: an
    easy run with strides at any length, a step-back week's strides day or a race-week day
    beside the tune-up). They share the week's easy distance with its easy
    runs: sized as sessions, they stayed short beside them (a novice's 3.2 km strides day beside
    a 6.4 km easy run and a 6.8 km long run; a race week's 19-min strides day after a 57-min
    tune-up)."""
    cal = ctx.cal
    if not idx:
        return {}
    paces = workout_paces(ctx.paces, ctx.request.race.km)
    week = cal.week_of(days[idx[0]].plan.day)
    week_tenths = sum(days[i].dist_tenths for i in idx)
    prog = Progression(phase=cal.phase(week), week_km=week_tenths / TENTHS, race_km=ctx.request.race.km)
    # race week with its tune-up on another day: a quality day too short for its session is an
    # easy run with strides whatever its length (its content would carry a second tune-up)
    tuned_week = any(days[i].plan.quality_type == "tuneup" for i in idx)
    race_prog = replace(prog, phase="race")
    out: dict[int, int | None] = {}
    for i in idx:
        plan = days[i].plan
        if plan.run != "quality" or plan.day in fixed_days:
            continue
        if plan.quality_type == "strides":
            out[i] = None
            continue
        kind = plan.quality_type or "tempo"
        # a day of race week as the runner counts it, whichever plan week it falls in, too short
        # for its session may hold race week's tune-up (``build_plan`` renders it so)
        race_week_day = cal.is_race_week_day(plan.day)
        tuned = tuned_week and (cal.is_race_week(week) or race_week_day)

        def holds(tenths: int) -> bool:
            # race week's session too short for its kind holds the tune-up (``session_kind``),
            # race week's one short session: as an easy run with strides, a 4:39 marathoner's
            # race week, whose 3.4 km marathon-pace day held it, had none; so does such a day of
            # race week as the runner counts it in the plan week before (``build_plan``)
            held = session_kind(kind, tenths / TENTHS, paces, prog, warmup_min=QUALITY_WARMUP_MIN) != "strides"  # type: ignore[arg-type]
            return held or (race_week_day and session_kind(kind, tenths / TENTHS, paces, race_prog, warmup_min=QUALITY_WARMUP_MIN) == "tuneup")  # type: ignore[arg-type]

        if holds(plan.dist_tenths):
            continue
        if tuned or not holds(quality_room_tenths(ctx.settings, week_tenths)):
            # nor can the week's easy share hold the session at all: an easy run with strides,
            # as long as the week's other easy runs (a novice's 3.6 km strides day, kept short
            # of the session, beside a 6.7 km easy run and a 7.4 km long run)
            out[i] = None
            continue
        # the longest distance short of the least session: a bisection (a longer day holds more);
        # where even the day's whole room holds none, the room
        low, high = plan.dist_tenths, day_plan_cap_tenths(cal, plan, ctx.easy_pace_s_per_km, week_tenths)
        if high <= low or not holds(high):
            out[i] = max(low, high)
            continue
        out[i] = _least_passing(low, high, holds) - 1
    return out


def _share_easy(
    ctx: PlanContext, days: list[_Day], week: int, idx: list[int], easy: list[int], long_days: list[int], longest: int,
    strides_only: dict[int, int | None] | None = None,
) -> set[int]:
    """Share a week's easy distance over its easy runs (see :func:`_shape_runs`); returns the
    runs that are recovery runs (the day after a hard day or the long run, and short)."""
    cal, pace_s = ctx.cal, ctx.easy_pace_s_per_km
    recovery_s = recovery_pace_s_per_km(ctx.paces)
    total = sum(days[i].dist_tenths for i in easy)
    runs_possible = len(cal.run_days_in(week))
    most = longest
    if long_days and holds_other_runs_to_share(cal, week):
        # the solver's shape: a run besides the long run stays within its share of it
        most = min(longest, int(other_run_share(runs_possible) * longest) + round(OTHER_RUN_EXTRA_KM * TENTHS))

    # a week the graduated return's last 7 days only partly cover: its days inside them keep at
    # most what the solver gave them, which keeps the return's cap for those 7 days
    window = cal.return_window
    inside = {d for d in cal.week_days(week) if window is not None and window[0] <= d <= window[1]}
    held = inside if len(inside) < len(cal.week_days(week)) else set()
    # a run gains distance only up to the spike limit (or keeps what the solver gave it)
    spike = {i: _spike_cap_tenths(ctx, days, i, set(easy)) for i in easy}

    def cap_of(i: int, slow: bool) -> int:
        cap = min(most, day_plan_cap_tenths(cal, days[i].plan, recovery_s if slow else pace_s, most), max(spike[i], days[i].dist_tenths))
        # coaching (return_runs): an easy run back from a break stays an easy run's length, the
        # long-run day's too (the day cap leaves that one to the models)
        back = return_run_cap_tenths(DayCaps(cal, recovery_s if slow else pace_s, most), days[i].plan.day)
        if back is not None:
            cap = min(cap, max(back, days[i].dist_tenths))
        most_strides = strides_only.get(i) if strides_only else None
        if most_strides is not None:
            # a quality day run as an easy run with strides stays short of its session: the week's
            # easy_share counted it as quality, a session there could pass the 20 %
            cap = min(cap, max(most_strides, days[i].dist_tenths))
        if cal.is_race_week_day(days[i].plan.day) and not cal.is_race_week(week):
            # the days of race week in the plan week before the race's keep what the solver gave
            # them (light_race_week): evening that week out must not carry its distance back in
            cap = min(cap, days[i].dist_tenths)
        if days[i].plan.day in held:
            cap = min(cap, days[i].dist_tenths)
        return cap

    def before_long(i: int) -> bool:
        return i + 1 < len(days) and days[i + 1].plan.run == "long"

    def beside_long(i: int) -> bool:
        return any(0 <= j < len(days) and days[j].plan.run == "long" for j in (i - 1, i + 1))

    def eve_cap(i: int, cap: int) -> int:
        """The day before the long run: min(60 min, 0.5 x the long run) (``day_before_long_run``)."""
        if not before_long(i) or not capped_week(cal, cal.week_of(days[i + 1].plan.day)):
            return cap
        return min(cap, int(before_long_cap_km(pace_s, days[i + 1].dist_tenths / TENTHS, ctx.min_run_tenths / TENTHS) * TENTHS))

    # recovery runs only where the other days (the one before the long run within its cap) hold the rest
    slow = _recovery_days(days, easy, lambda i, slow_pace: eve_cap(i, cap_of(i, slow_pace)))
    caps = [cap_of(i, i in slow) for i in easy]
    regular = not cal.is_race_week(week) and not (ctx.request.easing is not None and cal.week_start(week) <= ctx.request.easing.until)
    # a floor never adds distance: the week's total is the solver's, and the load rules hold on it
    floor = min(ctx.min_run_tenths if regular else round(MIN_EASY_RUN_KM * TENTHS), total // len(easy))

    def minutes(limit_min: int, i: int | None = None) -> int:
        return TENTHS * 60 * limit_min // (recovery_s if i in slow else pace_s)

    def after_hard(i: int) -> bool:
        return i > 0 and days[i - 1].plan.run in ("quality", "long")

    # a run the day after a hard day or the long run, or the day before the long run, is short
    coached = [eve_cap(i, min(c, minutes(RECOVERY_MAX_MIN if after_hard(i) or before_long(i) else EASY_RUN_MAX_MINUTES, i))) for i, c in zip(easy, caps)]
    relaxed = [eve_cap(i, min(c, minutes(EASY_RUN_MAX_MINUTES, i)) if after_hard(i) else c) for i, c in zip(easy, caps)]
    short_recovery = [eve_cap(i, min(c, minutes(RECOVERY_MAX_MIN, i)) if after_hard(i) else c) for i, c in zip(easy, caps)]
    eve_capped = [eve_cap(i, c) for i, c in zip(easy, caps)]
    medium = None
    runs = sum(1 for i in idx if days[i].plan.run is not None)
    week_tenths = sum(days[i].dist_tenths for i in idx)
    if regular and long_days and runs >= MEDIUM_LONG_MIN_RUNS and week_tenths >= MEDIUM_LONG_MIN_WEEK_KM * TENTHS:
        # midweek: neither the day before the long run nor the day after it
        candidates = [i for i in easy if not beside_long(i)]
        # the day farthest from the long run among those whose time holds a medium-long run, else
        # the roomiest (a 45-min Tuesday kept 50 km marathon weeks from having one beside a free
        # Wednesday or a 90-min Friday)
        least_medium = least_medium_long_tenths(longest)
        roomy = [i for i in candidates if caps[easy.index(i)] >= least_medium]
        # and not the day after a quality session where another day holds it: that day
        # recovers (a 3:15 marathoner's 15.9 km medium-long run came the day after 10 km at
        # marathon pace, beside a Thursday that holds it)
        rested = [i for i in roomy if not after_hard(i)]

        def farthest(i: int) -> tuple[int, int]:
            return min(abs(i - j) for j in long_days), -i

        if rested:
            medium = max(rested, key=farthest)
        elif roomy:
            medium = max(roomy, key=farthest)
        elif candidates:
            medium = max(candidates, key=lambda i: (caps[easy.index(i)], farthest(i)))
    # in order of preference: a medium-long run and short recovery runs; a medium-long run and
    # recovery runs within an hour; short recovery runs and easy runs within an hour; short
    # recovery runs and longer easy runs; a medium-long run and whatever the days hold; the
    # runs beside the long run or after a hard day as short as the others within an hour, then
    # at any length, allow; whatever the days hold, evened out
    plans: list[tuple[list[int], int | None]] = []
    if medium is not None:
        k = easy.index(medium)
        medium_tenths = min(caps[k], round(MEDIUM_LONG_SHARE[0] * longest) + round(OTHER_RUN_EXTRA_KM * TENTHS) // 2)
        # the week's other easy runs keep half an hour each where the medium-long run can give
        # it (a 53 km marathon week ran 15.2 km beside two 22-min runs; now 13.5 km and 28 min)
        kept = sum(min(caps[j], minutes(EASY_RUN_MIN_MINUTES, easy[j])) for j in range(len(easy)) if j != k)
        least = min(medium_tenths, least_medium)
        if total - kept < least_medium:
            # no room for one: a long run near half the week leaves its easy runs the week's
            # rest, evened out (a 4:30 marathoner's 53 km peak week beside its 180-min long run
            # ran 13.6 km midweek and two runs of 25 min; ``medium_long_run`` asks none there)
            medium = None
    if medium is not None:
        medium_tenths = max(least, min(medium_tenths, total - kept))
        plans += [([medium_tenths if j == k else c for j, c in enumerate(option)], k) for option in (coached, relaxed)]
    plans += [(coached, None), (short_recovery, None)]
    if medium is not None:
        # where only "whatever the days hold" is left, a medium-long run still: evened out, a
        # 62 km marathon week (solver: 14.0 / 9.5 / 8.8 km beside a 21.8 km long run) ran 11.4 km
        # on Monday and 11.4 km, 71 min, the day after the long run
        plans.append(([medium_tenths if j == k else c for j, c in enumerate(eve_capped)], k))
    held = [after_hard(i) or before_long(i) for i in easy]
    within_hour = _held_short(total, [c if hold else min(c, minutes(EASY_RUN_MAX_MINUTES, i)) for i, c, hold in zip(easy, eve_capped, held)], held, floor)
    shares = _even_out(total, within_hour, floor)
    # the others within an hour only while the held runs stay the shorter ones: else a Monday
    # after the long run took what an hour's Friday left (10.7 km, 75 min, beside 8.5 km)
    if max((v for v, hold in zip(shares, held) if hold), default=0) <= max((v for v, hold in zip(shares, held) if not hold), default=0):
        plans.append((within_hour, None))
    plans += [(_held_short(total, eve_capped, held, floor), None), (eve_capped, None)]
    for plan_caps, fixed_at in plans:
        if fixed_at is not None:
            rest = [j for j in range(len(easy)) if j != fixed_at]
            values = _even_out(total - plan_caps[fixed_at], [plan_caps[j] for j in rest], floor)
            # beside the medium-long run each other easy run its half hour first, where the rest
            # holds them all: evened out by distance, a recovery run (the slower pace) took more
            # than its half hour and an easy run was left 28 min
            half_hours = [min(plan_caps[j], minutes(EASY_RUN_MIN_MINUTES, easy[j])) for j in rest]
            if any(v < h for v, h in zip(values, half_hours)) and sum(half_hours) <= total - plan_caps[fixed_at]:
                more = _even_out(total - plan_caps[fixed_at] - sum(half_hours), [plan_caps[j] - h for j, h in zip(rest, half_hours)], 0)
                values = [h + v for h, v in zip(half_hours, more)]
            shares = [0] * len(easy)
            shares[fixed_at] = plan_caps[fixed_at]
            for j, v in zip(rest, values):
                shares[j] = v
        else:
            shares = _even_out(total, plan_caps, floor)
        if sum(shares) == total and all(v >= min(floor, c) for v, c in zip(shares, caps)):
            break
    else:
        fixed_at = None
        shares = _even_out(total, caps, floor)
    for i, value in zip(easy, shares):
        days[i].dist_tenths = value
    if fixed_at is not None and medium is not None:
        # named as what it is: beside 30-min runs, a 90-min "easy run" needs its reason; only
        # where it stands out (its text says it is longer than the week's other easy runs: a 5K
        # runner read that of 8.9 km beside runs of 8.9 and 8.8 km)
        days[medium].medium_long = days[medium].dist_tenths >= MEDIUM_LONG_ADVICE_SHARE * longest and all(
            days[medium].dist_tenths >= MEDIUM_LONG_STANDS_OUT * days[i].dist_tenths for i in easy if i != medium
        )
    # the week's longest easy run past an hour, where it is a medium-long run by its distance,
    # is named one, whatever way the week's distance came to it: a 4:30 marathoner on four days
    # read "Easy run" over 13.8 km, 95 min, where easy runs last 30-60 min
    # (not beside the long run: the day after it is for recovering, as the planned choice has it)
    past_an_hour = [
        i for i in easy
        if i not in slow and not beside_long(i)
        and days[i].dist_tenths > minutes(EASY_RUN_MAX_MINUTES, i) and days[i].dist_tenths >= MEDIUM_LONG_ADVICE_SHARE * longest
    ]
    if long_days and past_an_hour and not any(days[i].medium_long for i in easy):
        medium_long = max(past_an_hour, key=lambda i: (days[i].dist_tenths, -i))
        others = [days[i].dist_tenths for i in easy if i != medium_long]
        # only a run that stands out is the week's medium-long run: of two 68-min runs, one was
        # named so and the other "Easy run"
        if all(days[medium_long].dist_tenths >= MEDIUM_LONG_STANDS_OUT * d for d in others):
            days[medium_long].medium_long = True
    if regular:
        # a recovery run is the week's short run, in minutes too: evened out by distance at its
        # slower pace it lasted longer than the week's easy runs in 479 of 762 weeks holding both
        # (seed 2027: a 3:15 marathoner's Monday recovery 40 min beside 32-min easy runs); it
        # gives the easy runs distance, each within its day and an hour, down to 20 min
        recovering = [i for i in easy if i in slow and days[i].dist_tenths <= minutes(RECOVERY_MAX_MIN, i)]
        takers = {i: eve_cap(i, min(c, max(days[i].dist_tenths, minutes(EASY_RUN_MAX_MINUTES, i))))
                  for i, c in zip(easy, caps) if i not in slow and not days[i].medium_long}
        _shorten_recovery_runs(days, recovering, takers, recovery_s, pace_s, ctx.min_run_tenths)
    # a recovery run is short; one the week needed longer stays an easy run (a 2-hour
    # "recovery" run is none), which its day holds at the faster easy pace too
    return {i for i in slow if days[i].dist_tenths <= minutes(RECOVERY_MAX_MIN, i)}


def _shorten_recovery_runs(
    days: list[_Day], recovering: list[int], takers: dict[int, int], recovery_s: int, pace_s: int, least_tenths: int,
) -> None:
    """Tenth by tenth, the longest recovery run (in minutes) gives distance to the shortest easy
    run that has room (``takers``: the most each may hold), until no recovery run lasts longer
    than the shortest easy run with room, or none can give (``least_tenths``) or take any more."""
    if not recovering or not takers:
        return

    def seconds(i: int, pace: int) -> int:
        return days[i].dist_tenths * pace

    while True:
        giver = max(recovering, key=lambda i: (seconds(i, recovery_s), -i))
        open_takers = [i for i in takers if days[i].dist_tenths < takers[i]]
        if not open_takers or days[giver].dist_tenths <= least_tenths:
            return
        taker = min(open_takers, key=lambda i: (seconds(i, pace_s), i))
        if seconds(giver, recovery_s) <= seconds(taker, pace_s):
            return
        days[giver].dist_tenths -= 1
        days[taker].dist_tenths += 1


#: A plan repeats the same strength and mobility sessions week after week, and a batch repeats
#: them across plans: their content (pure functions of a few settings) is built once. The plan
#: only reads it (sessions copy its lists); the bound keeps a long batch's memory flat.
_strength_content = lru_cache(maxsize=1024)(strength_content)
_mobility_content = lru_cache(maxsize=256)(mobility_content)


def session_uid(request: PlanRequest, day: date, kind: str) -> str:
    """A session's UID: its day, its kind and the request's key (stable across re-plans)."""
    # the date as YYYYMMDD: isoformat without its dashes is that for every year from 1000 on and
    # takes a tenth of the time of ``f"{day:%Y%m%d}"`` (strftime), once per session
    stamp = day.isoformat().replace("-", "") if day.year >= 1000 else f"{day:%Y%m%d}"
    return f"{stamp}-{kind}-{_uid_key(request.id, request.runner.name, request.race.distance)}@hamplan"


@lru_cache(maxsize=256)
def _uid_key(request_id: str | None, runner_name: str | None, race_distance: object) -> str:
    """The request's part of every UID: its id, else a hash of who runs which race (the same
    for every session of a plan, so computed once)."""
    return request_id or hashlib.sha1(f"{runner_name}|{race_distance}".encode()).hexdigest()[:10]


def _at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock)


def _strength_start(request: PlanRequest, day: date, preferred: time, last: datetime | None) -> time:
    """A strength session's start: the runner's time, later by what the spring clock change takes
    from the 48 h since the last one (``strength_spacing`` counts real hours: 18:30 two days
    later across it is 47 h later)."""
    if last is None:
        return preferred
    start = _at(day, preferred)
    short_h = STRENGTH_GAP_H - elapsed_hours(last, start, request.time_zone)
    later = start + timedelta(hours=short_h)
    return later.time() if short_h > 0 and later.date() == day else preferred


def _place(day: date, preferred: time, duration: int, busy: list[tuple[datetime, datetime]], not_before: datetime | None = None) -> time:
    """The first start from ``preferred`` on (or earlier, if the day runs out) that overlaps nothing."""
    start = _at(day, preferred)
    if not_before and start < not_before:
        start = not_before
    for _ in range(len(busy) + 1):
        clash = [b for b in busy if start < b[1] and b[0] < start + timedelta(minutes=duration)]
        if not clash:
            break
        start = max(b[1] for b in clash) + timedelta(minutes=10)
    latest = _at(day, time(23, 59)) - timedelta(minutes=duration)
    if start > latest or start.date() != day:
        start = latest
    return start.time().replace(second=0, microsecond=0)


def _mobility_to_free_days(ctx: PlanContext, days: list[_Day], fixed_days: set[date]) -> None:
    """The placement part of ``two_outings_a_day``: a mobility session on a day that holds a run
    and strength too moves to the nearest free day of its week (the later of two as near), else
    to the nearest day holding only an easy run, in its full form where that day's minutes hold
    it. Weeks partly run stay as they were."""
    cal = ctx.cal
    for week in range(1, cal.week_count + 1):
        idx = list(range(7 * (week - 1), min(7 * week, len(days))))
        if any(days[i].plan.day in fixed_days for i in idx):
            continue
        at = {days[i].plan.day: i for i in idx}
        while True:
            kinds = {days[i].plan.day: _kinds(days[i]) for i in idx}
            found = stacked_and_free_days(cal, kinds, ctx.settings.rest_days_min)
            if found is None:
                break
            stacked, moves = found
            free = [day for day in moves if not kinds[day]] or moves
            to = min(free, key=lambda day: (abs((day - stacked).days), day < stacked))
            cap = cal.max_minutes(to)
            days[at[stacked]].plan = replace(days[at[stacked]].plan, mobility=False, mobility_short=False)
            days[at[to]].plan = replace(days[at[to]].plan, mobility=True, mobility_short=cap is not None and cap < mobility_full_min(cal, to))


def _kinds(day: _Day) -> set[str]:
    """The kinds of session a day holds (``easy`` beside ``run`` for an easy or recovery run)."""
    plan = day.plan
    held = {"run"} if day.run_type is not None else set()  # a run slot left 0 km holds no run
    held |= {"easy"} if day.run_type in ("easy", "recovery") else set()
    return held | ({"strength"} if plan.strength else set()) | ({"mobility"} if plan.mobility else set())


def build_plan(
    request: PlanRequest,
    skeleton: Skeleton,
    *,
    history: list[Session] | None = None,
    replanned_on: date | None = None,
    context: PlanContext | None = None,
) -> Plan:
    """Turn the solver's skeleton into sessions with content, times and UIDs, and the weeks' figures."""
    ctx = context if context is not None else PlanContext.for_request(request)
    if ctx.return_runs and not skeleton.return_runs:
        # solved with the days back from a break free (the load rules needed them): shaped as solved
        ctx = ctx.without_return_runs()
    cal, settings, paces = ctx.cal, ctx.settings, ctx.paces
    runner = request.runner
    times = request.schedule.times
    history = history or []
    fixed_days = {s.date for s in history} | (
        {d for d in cal.days if replanned_on and d < replanned_on}
    )
    days = _shape_runs(ctx, skeleton, fixed_days)
    _mobility_to_free_days(ctx, days, fixed_days)
    step_back = {cal.week_of(d.plan.day) for d in days if d.plan.step_back}
    levels = _quality_levels(cal, days, step_back)
    week_km = _week_run_km(cal, days)
    race_time_s = race_day_seconds(request, paces)
    slowed_race_day = race_time_s is not None and race_time_s != _race_seconds(paces.target_time)

    sessions: list[Session] = list(history)
    demoted: list[date] = []  # quality days whose session became an easy run with strides (or race week's tune-up)
    race_week_renders: dict[date, Callable[[float], RunContent]] = {}  # race week's plain easy runs, by day
    # the Nordic programme counts every plan week with strength, those of a resumed week's days
    # already run too (as the checker counts them)
    strength_weeks: list[int] = sorted({cal.week_of(s.date) for s in history if s.kind == "strength"})
    # strength deloads in the weeks back after an illness as in a step-back week (same load,
    # fewer sets): the day after a 5-day illness held a full session a step up, 3 x 12 and
    # Nordic curls 3 x 8-10, then two more in four days
    nordic_breaks_back = _strength_weeks_back(cal, days)
    nordic_rungs_held: set[int] = set()  # weeks back whose Nordic dose halves and repeats its rung
    back_from_break = nordic_breaks_back | _illness_return_weeks(cal)
    strength_held = step_back | back_from_break
    heavy_slow = _HeavySlowSteps(cal, strength_weeks, strength_held)
    strength_levels, held_for_race = _strength_levels(cal, days, strength_held)
    # a re-plan goes on alternating where the plan it continues was (yoga, then stretching)
    mobility_count = sum(1 for h in [*request.history, *history] if h.kind == "mobility")
    last_sets: dict[str, tuple[str, int, int | None, date]] = {}
    last_strength: datetime | None = None  # the last strength session's start, local clock
    # minutes of work of each kind's last session in a full build week: a step-back week's cap
    last_work_min: dict[str, float] = {}
    wpaces = workout_paces(paces, request.race.km)  # the paces run_content builds quality sessions at
    # the form of the last strength session of a full week: a step-back or taper week deloads
    # from what was done, so after a short session (2 sets) it takes the short form with a third
    # fewer reps, where the full form's 2 sets would repeat that session's numbers exactly
    last_full_week_short = False
    # ... and per session of that week (its first, its second, history's counted): a deload week
    # (step-back, taper, a week back) keeps a session short where its counterpart was, so that
    # it never adds an exercise to one (a 10K runner's Tuesday, short beside a 45-min run in week
    # 3, took the full form's three exercises in step-back week 4, where Tuesday ran nothing:
    # the week's sets fell from 13 to 12)
    last_full_short_by_place: dict[int, bool] = {}
    last_full_strength_week = 0
    strength_sessions_so_far: Counter[int] = Counter()
    for i, d in enumerate(days):
        day = d.plan.day
        if day in fixed_days:
            if d.plan.strength:
                strength_sessions_so_far[cal.week_of(day)] += 1
            continue
        week = cal.week_of(day)
        phase = cal.phase(week)
        busy: list[tuple[datetime, datetime]] = []
        if day == cal.race_day:
            race = run_content(
                "race", request.race.km, paces, phase="race", week_index=week,
                hamstring_history=runner.hamstring_history, hold_s=settings.stretch_hold_s,
                cadence_spm=runner.cadence_spm, race_time_s=race_time_s, race_km=request.race.km,
            )
            sessions.append(_session(request, day, request.race.start_time, "race", "race", race, request.race.km))
            continue
        if d.plan.strength:
            place = strength_sessions_so_far[week]  # the session's place in its week
            strength_sessions_so_far[week] += 1
            if week not in strength_weeks:
                strength_weeks.append(week)
            programme_week = len(strength_weeks) + prior_strength_weeks(request)
            # the first week of strength back after a break of a week or more, with Nordic weeks
            # before it: half the dose (the full 30 eccentric reps two weeks after the last session
            # make a runner sore for days), and a rung repeated, not climbed (Petersen's build-up
            # had gone 1 x 5, 1 x 6, 3 x 6-8 past the break); each such week holds the rungs back
            if week in nordic_breaks_back and programme_week > 1:
                nordic_rungs_held.add(week)
            nordic_week = programme_week - len(nordic_rungs_held)
            if nordic_max_reps(nordic_week) > nordic_max_reps(programme_week):
                nordic_week = programme_week  # past week 10 the maintenance dose is the rung (nordic_curls)
            history_kind, loading_week, nordic, halved = runner.hamstring_history, programme_week, settings.nordic_curls, False
            easing = request.easing
            if easing is not None and easing.reason == "niggle":
                if day <= easing.until:  # isometric hamstring work first, no Nordics yet
                    history_kind, loading_week, nordic = "tendinopathy", 1, False
                elif day <= easing.until + timedelta(days=14):  # then Nordics back at half volume
                    halved = True
            # race week as the runner counts it, the six days before the race, whichever plan week
            # they fall in: its session lifts lighter (a race early in its plan week had a full
            # heavy slow session five days out, in the week before the race's)
            race_week = phase == "race" or cal.is_race_week_day(day)
            tapering = halved or race_week or phase == "taper"
            deloaded = tapering or week in strength_held
            # weeks the easing holds to isometrics count as isometric weeks, never as a step up
            # a sore tendon's heavy slow loading holds there too, once it has a full week to hold
            holds = week in held_for_race and not deloaded and (history_kind != "tendinopathy" or heavy_slow.steps > 0)
            heavy_slow.add(week, full=not deloaded and loading_week == programme_week and not holds)
            if history_kind == "tendinopathy" and loading_week > TENDON_ISOMETRIC_WEEKS:
                loading_week = heavy_slow.loading_week()
            # no full week of these lifts yet: a deload week introduces them (a sore tendon's
            # first heavy slow week, a step-back week, had said "the same load as your last full week")
            new_lifts = heavy_slow.steps == 0 if history_kind == "tendinopathy" else strength_levels[week] == 0
            # a deload week's session keeps the short form where its counterpart took it (its sets
            # and reps stay the week's one deload, as the full form's)
            stays_short = deloaded and (last_full_week_short or last_full_short_by_place.get(place, False))
            content = _strength_content(
                equipment=runner.equipment, hamstring_history=history_kind, phase="race" if race_week else phase,  # type: ignore[arg-type]
                week_index=week, nordic=nordic, nordic_week=nordic_week,
                taper=tapering, tendinopathy_loading_week=loading_week,
                # the Nordic dose halves in the taper (nordic_curls), in race week as the runner
                # counts it (a 5K's session six days out, in a plan week counted as peak, held the
                # full 3 x 12/10/8) and in the first week of strength back after a break (above)
                nordic_taper=halved or race_week or phase == "taper" or week in nordic_rungs_held,
                hold_s=settings.stretch_hold_s, level=max(strength_levels[week], 1), step_back=week in strength_held,
                back_from_break=week in back_from_break,
                # race week's session is the short form, whatever the day holds: the least dose
                # before the race (a 68-year-old's full-form session there, 2 x 8 and 2 x 12 with
                # a third exercise, outweighed the taper week's short 2 x 5)
                short=d.plan.strength_short or stays_short or race_week,
                last_full_short=last_full_week_short, new_lifts=new_lifts,
                hold_for_race=holds and not new_lifts,
            )
            if not deloaded:
                last_full_week_short = d.plan.strength_short
                if week != last_full_strength_week:
                    last_full_short_by_place, last_full_strength_week = {}, week
                last_full_short_by_place[place] = d.plan.strength_short
            start = _strength_start(request, day, times.strength, last_strength)
            last_strength = _at(day, start)
            busy.append((_at(day, start), _at(day, start) + timedelta(minutes=content.duration_min)))
            sessions.append(_session(request, day, start, "strength", content.type, content, None))
        run_end: datetime | None = None
        if d.run_type is not None:
            km = d.dist_tenths / TENTHS
            stepping_back = week in step_back
            render_in = partial(
                run_content, d.run_type, paces=paces, week_index=week,  # type: ignore[arg-type]
                hamstring_history=runner.hamstring_history, hold_s=settings.stretch_hold_s,
                cadence_spm=runner.cadence_spm, quality_type=d.quality, quality_level=levels[i] or None,
                race_km=request.race.km, race_eve=day == cal.race_day - timedelta(days=1),
                race_week=cal.is_race_week_day(day), medium_long=d.medium_long,
                masters=runner.age >= MASTERS_AGE, step_back=stepping_back,
                # race week's race-pace work at race day's pace, where a break slowed race day
                race_time_s=race_time_s if slowed_race_day and cal.is_race_week_day(day) else None,
                # a day with its own budget keeps the minutes the day model gave the run
                time_cap_min=settings.long_run_max_min if cal.max_minutes(day) is None else None,
            )
            render = partial(render_in, phase=phase)
            content = render(km, week_km=week_km[week])
            if content.intensity == "easy" and d.quality not in (None, "strides", "tuneup") and phase != "race" and cal.is_race_week_day(day):
                # a session day of race week as the runner counts it (the six days before the race),
                # in a plan week before the race's, too short for its session: race week's tune-up
                # where it holds one, as in the race's plan week (a 10K runner's intervals day five
                # days out, in a week counted as peak, was an easy run with strides, and race week
                # had no race-pace minutes); only the tune-up (race week's short threshold set there
                # would be a session the day was not sized for, on a sore tendon's easy run too)
                race_render = partial(render_in, phase="race")
                tuned = race_render(km, week_km=week_km[week])
                if TUNE_UP_TITLE in tuned.title:
                    render, content = race_render, tuned
            content = _stepped_back(content, d.quality, stepping_back or phase == "taper", last_work_min, render, km, week_km[week], wpaces)
            if d.run_type in ("easy", "recovery") and d.quality in (None, "tuneup") and cal.is_race_week_day(day):
                race_week_renders[day] = partial(render, week_km=week_km[week])
            content = _say_if_repeated(
                content, d, last_sets, week in step_back or phase in ("taper", "race"),
                render, km, week_km[week], quality_room_km(settings, week_km[week]), settings.easy_share, _run_minutes_left(cal, d.plan),
            )
            start = _place(day, times.run, content.duration_min, busy)
            run_end = _at(day, start) + timedelta(minutes=content.duration_min)
            busy.append((_at(day, start), run_end))
            # a quality day whose session turned into an easy run with strides (the day or the
            # week's easy share cannot hold the least dose) is an easy run: its type says what it
            # is (134 of 294 plans called such a run "tempo", "intervals" or "hills")
            run_type = d.run_type
            if run_type in QUALITY_TYPES and content.intensity == "easy":
                run_type = "easy"
                demoted.append(day)
            sessions.append(_session(request, day, start, "run", run_type, content, km))
        if d.plan.mobility:
            tomorrow = days[i + 1].run_type if i + 1 < len(days) else None
            content = _mobility_content(
                style="yoga" if mobility_count % 2 == 0 else "stretch",
                hamstring_history=runner.hamstring_history, hold_s=settings.stretch_hold_s,
                session_index=mobility_count, before_quality=tomorrow in QUALITY_TYPES,
                race_week=race_week_mobility_day(cal, day), before_race=day == cal.race_day - timedelta(days=1),
                short=d.plan.mobility_short,
            )
            mobility_count += 1
            not_before = run_end + timedelta(minutes=10) if run_end else None
            start = _place(day, times.mobility, content.duration_min, busy, not_before)
            sessions.append(_session(request, day, start, "mobility", content.type, content, None))
    sessions.sort(key=lambda s: (s.date, s.start, s.kind))
    _wind_down_race_week(ctx, sessions, race_week_renders)
    weeks = week_figures(request, sessions, tuple(ctx.targets.taper_factor_of or ()))
    plan = Plan(
        request=request, paces=paces, weeks=weeks, sessions=sessions,
        optimal=skeleton.optimal, replanned_on=replanned_on,
        notes=_notes(request, settings, weeks, paces, ctx.easy_pace_s_per_km, ctx.targets, ctx.cal,
            {cal.week_of(s.date) for s in sessions if s.kind == "strength"},
            # (strides on a day back from a break too: only a plan made without its coaching rules has them there)
            {s.date for s in sessions if s.is_quality or (s.kind == "run" and s.date in cal.days_back_from_breaks and has_strides(s))},
            {cal.week_of(s.date) for s in sessions if s.kind == "strength" and any(is_nordic(e) for e in s.exercises)} & nordic_rungs_held,
        )
        + _short_quality_days_note(
            cal, weeks, demoted, settings, paces, ctx.easy_pace_s_per_km, sessions, step_back,
            request.phases_from is not None or bool(request.history),
        )
        + _beside_long_run_notes(cal, weeks, sessions)
        + _re_plan_week_notes(request, ctx, weeks, sessions, replanned_on or request.start),
    )
    plan = plan.model_copy(update={"advice": advise(plan, ctx)})
    plan._solve_seconds = skeleton.solve_seconds
    return plan


#: The load rules let the weeks grow this much past the plan's peak, or more: they do not hold it.
GROWTH_SLACK_KM = 2.0


def _break_holds_the_peak(request: PlanRequest, cal: PlanCalendar, pre: list[Week], peak_km: float) -> bool:
    """Whether a break (a blackout or a graduated return) holds the peak under the runner's
    volume, rather than the run days: there is one, and no week before it is as low as the peak
    (where the weeks before it were, the days hold them there too)."""
    broken = [w.index for w in pre if cal.touched(w.index)]
    if request.easing is not None:
        broken.append(1)  # a return eases the plan's first days on
    if not broken:
        return False
    before = [w.run_km for w in pre if w.index < min(broken)]
    return not before or max(before) > peak_km + 0.05


def _what_days_hold(request: PlanRequest, longest_km: float, session: bool = False, easy_share: float = 0.8) -> str:
    """What holds a peak the load rules would let grow further: the run days' own time limits, or,
    without any, the run days beside the long run, each other run within its share of it
    (``other_run_share``: a novice 5K runner on three days read "about what your run days hold"
    and looked in vain for a limit), the run the day before the long run within its hour
    and half the long run (``day_before_long_run``) and, with ``session`` (the peak week holds
    one), the faster session within what ``easy_share`` leaves of the week (a coach added up
    "each other run at most 14.7 km" to a 67 km week where the plan peaked at 56)."""
    limited = [(day, minutes) for day, minutes in request.schedule.max_minutes.items() if day in request.schedule.run_days]
    if limited:
        # the run days' own limits, by name (a marathoner whose limits lay on rest days and one
        # 45-min run day read "their time limits" for days that had none)
        order = list(WEEKDAYS)
        named = ", ".join(f"{DAY_NAMES[day]} {minutes} min" for day, minutes in sorted(limited, key=lambda x: order.index(x[0])))
        return f"your run days and their time limits hold ({named})"
    days = len(request.schedule.run_days)
    yours = f"your {days} run day{'s' if days != 1 else ''} hold{'s' if days == 1 else ''}"
    if days < 3:  # the share beside the long run holds weeks of 3+ run days (``holds_other_runs_to_share``)
        return f"{yours} (a long run is at most half of its week, and it grows a little at a time)"
    # in the runner's words, with the number the share gives (a coach read "an easy run beside it
    # is at most 0.8 × it + 1 km" as the planner's formula)
    most_km = min(longest_km, other_run_share(days) * longest_km + OTHER_RUN_EXTRA_KM)  # as the solver holds it
    eve = _long_run_eve(request)
    held = []
    if days >= BEFORE_LONG_MIN_RUN_DAYS and eve in request.schedule.run_days:
        held.append("the run the day before the long run lasts an hour and half the long run at most")
    if session:
        held.append(f"the faster session takes about {shares_in_words(easy_share)[1]} of the week")
    also = f"; {' and '.join(held)}" if held else ""
    if most_km >= longest_km - SAME_SIZE_RUNS_KM:
        # runs the size of the long run: "so that no week turns into two long runs" read wrong
        # beside a novice's three runs of 5.4, 5.4 and 5.5 km
        return (f"{yours} with the long run at {longest_km:.1f} km (no run longer than it{also}; "
                "and the long run grows a little at a time)")
    # (not "so that no week turns into two long runs": a novice read that beside an 8.1 km run two
    # days before an 8.9 km long run, twice)
    return (f"{yours} beside {a_or_an(f'{longest_km:.1f} km long run')} (each other run stays at most about {most_km:.1f} km, "
            f"so that the long run stays the week's longest{also}; and the long run grows a little at a time)")


#: Where the share of the long run lets the other runs come within this many km of it, the note
#: names the long run as the longest, not the share.
SAME_SIZE_RUNS_KM = 0.5


def _long_run_eve(request: PlanRequest) -> str:
    """The weekday before the long-run day (``day_before_long_run`` caps its run in weeks of
    :data:`BEFORE_LONG_MIN_RUN_DAYS` run days or more)."""
    return WEEKDAYS[(WEEKDAYS.index(request.schedule.long_run_day) - 1) % 7]


def _race_words(request: PlanRequest) -> str:
    """The race as the notes name it: "marathon", "10K", or "30 km race"."""
    return request.race.label.lower().replace("k", "K") if isinstance(request.race.distance, str) else f"{request.race.km:g} km race"


def _break_cut_the_climb(request: PlanRequest, cal: PlanCalendar, pre: list[Week], targets: CoachingTargets, peak_km: float) -> str:
    """The breaks (``from to to``, in the runner's words, in date order) that held the volume
    curve under its peak, where the plan's peak is about the curve's own and the same curve
    without them climbs past it: the load rules climbing back from the breaks, not the run
    days, stopped it. '' otherwise (a 3-day break beside a peak the weeks' growth held anyway
    is not named)."""
    if targets.planned_peak_km + CURVE_HELD_KM >= targets.peak_week_km or peak_km + CURVE_HELD_KM < targets.planned_peak_km:
        return ""
    first_day, last_day = cal.week_days(pre[0].index)[0], cal.week_days(pre[-1].index)[-1]
    gaps = sorted((b for b in request.schedule.blackout if b.from_ <= last_day and b.to >= first_day), key=lambda b: b.from_)
    if not gaps:
        return ""
    others = [b for b in request.schedule.blackout if b not in gaps]
    unbroken = request.model_copy(update={"schedule": request.schedule.model_copy(update={"blackout": others})})
    if PlanContext.for_request(unbroken).targets.planned_peak_km < targets.planned_peak_km + CURVE_HELD_KM:
        return ""
    return " and ".join(f"{fmt_day_month(b.from_)} to {fmt_day_month(b.to)}" for b in gaps)


#: The curve's own peak is this far under the peak it aims at, or more, where a break held it there.
CURVE_HELD_KM = 1.0


def _days_hold_the_peak(request: PlanRequest, peak_km: float) -> bool:
    """Whether the run days (and their time limits), not the load rules, stop the peak below
    its target: the load rules alone would let the weeks grow past it (an upper bound: blackouts
    and the days' capacity are left out of it). A 35 km runner with 60- and 70-min weekdays
    read that "the safest growth" set a peak the same weeks without those limits passed by 7 km."""
    return max(reachable_volumes(request).values(), default=0) / TENTHS >= peak_km + GROWTH_SLACK_KM


#: A week's acute:chronic ratio this close to ``acwr_max`` is held by it (the week's figure is
#: rounded to hundredths).
AT_THE_LOAD_RATIO = 0.015


def _at_the_load_ratio(week: Week, settings: RuleSettings) -> bool:
    """Whether ``acwr`` holds the week: its run km at the most the four weeks before allow."""
    return week.acwr is not None and week.acwr >= settings.acwr_max - AT_THE_LOAD_RATIO


def _two_to_one_reason(request: PlanRequest) -> str:
    """Why step-back weeks come as often as every third week (``cutback``: two build weeks at
    most at 50 and over or with a hamstring history), where the runner's own rules leave the
    rhythm to the planner: a coach read "step-back weeks 3, 6, 9, 12, 15" with no word of why."""
    runner = request.runner
    if request.rules.build_weeks_max is not None or not (runner.age >= 50 or runner.any_history):
        return ""
    # short: the cover's notes fill its page (a longer clause pushed a marathoner's onto two)
    if runner.hamstring_history == "tendinopathy":
        return ", as a sore tendon asks"
    return ", as a hamstring injury asks" if runner.any_history else ", as suits a runner of 50 or more"


def _peak_cap_reason(request: PlanRequest, targets: CoachingTargets, peak_km: float, pace_s_per_km: int, race: str) -> str:
    """Why the peak stops where a coaching cap holds it (``masters_peak``, ``peak_by_time``), or ''."""
    caps = [(cap, rule) for cap, rule in ((targets.peak_masters_cap_km, "age"), (targets.peak_time_cap_km, "time")) if cap is not None]
    if not caps:
        return ""
    cap, rule = min(caps)
    # the cap holds the peak only where the peak is at it: a peak past it (the week model's
    # fallback to the load rules) is not "set by time", and its advice says so
    # (the share only below the cap: a peak past it is the fallback to the load rules)
    if cap - peak_km > max(CAP_REACHED_KM, CAP_REACHED_SHARE * cap) or peak_km - cap > CAP_REACHED_KM:
        return ""
    current = request.runner.weekly_km
    if rule == "time" and request.phases_from is None and abs(cap - PEAK_OVER_CURRENT * current) <= CAP_REACHED_KM:
        # the race's hours come to fewer km than a quarter's growth: the growth holds the peak
        race_hours = PEAK_TARGETS_KM[peak_target_key(request.race.km)][0] * PEAK_REFERENCE_PACE_MIN_PER_KM / 60
        return (f", {PEAK_OVER_CURRENT:g} × your {current:g} km now: {a_or_an(race)} peak asks for about {race_hours:g} h a week "
                "on your feet, and a quarter more than you run already gives that, so the build goes no further")
    if abs(cap - current) <= CAP_REACHED_KM and rule == "time":
        # the cap never goes below what the runner already carries: then that holds the peak
        return f", your {current:g} km now: already more time on your feet than {a_or_an(race)} peak needs, so the plan keeps it rather than build past it"
    if rule == "age":
        # the cap against the peak it replaces, the race's usual one: "no further than 1.5 x"
        # alone read as stricter than the 1.25 x younger runners were told of (theirs is the
        # growth of a runner already near the usual peak, not a cap)
        usual_km = PEAK_TARGETS_KM[peak_target_key(request.race.km)][0]
        usual = (f"{race} plans usually peak near {usual_km:g} km a week, {usual_km / current:.1f} × what you run now; "
                 if usual_km > peak_km + CAP_REACHED_KM else "")
        if peak_km > MASTERS_PEAK_OVER_CURRENT * current + CAP_REACHED_KM:
            # the cap is the week the race's long run needs (at most half of it), not 1.5 × now
            return (
                f", {peak_km / current:.1f} × your {current:g} km now: {usual}past the age of 60 a body needs longer to recover, so the "
                "build goes no further than the week your race's long run needs"
            )
        return (
            f", {peak_km / current:.1f} × your {current:g} km now: {usual}past the age of 60 a body needs longer to recover, so the build "
            f"goes no further than {MASTERS_PEAK_OVER_CURRENT:g} × what it already carries"
        )
    hours = peak_km * pace_s_per_km / 3600
    # where the hours come from, in the runner's words: "set by time on your feet" alone read
    # as a claim about what a race needs rather than as the plan's own cap
    target_km = PEAK_TARGETS_KM[peak_target_key(request.race.km)][0]
    # (the reference pace named as another runner's: a coach read "the 5 h that 50 km take at
    # 6:00 /km" as the runner's own pace, which was 8:47)
    # (and what the plan does with them said outright: "the peak is set by time on your feet, the
    # 4 h that 40 km take a runner at 6:00 /km" read as a riddle, beside no 40 km anywhere)
    # (and not "your peak is set by time, not distance": a coach read it as a weekly time limit
    # the runner had asked for, measured at a pace faster than the runner's own race pace)
    return (f", about {hours:.1f} h at your easy {fmt_pace(pace_s_per_km / 60)}: the hours of the usual {race} peak "
            f"({target_km:g} km at an easy {fmt_pace(PEAK_REFERENCE_PACE_MIN_PER_KM)}), not its kilometres")


#: A break ending this many days or fewer before the race leaves its cost in fitness on race
#: day; the weeks after an earlier one train it back.
RACE_BREAK_WINDOW_DAYS = 42


def break_before_race(request: PlanRequest) -> tuple[date, date, int] | None:
    """The last break of more than ``TIME_OFF_FREE_DAYS`` days that ends within
    :data:`RACE_BREAK_WINDOW_DAYS` days before the race: (first day, last day, days off)."""
    race = request.race.date
    recent = [(b.from_, b.to, (b.to - b.from_).days + 1) for b in request.schedule.blackout
              if b.to < race and (race - b.to).days <= RACE_BREAK_WINDOW_DAYS]
    return max((b for b in recent if b[2] > TIME_OFF_FREE_DAYS), key=lambda b: b[1], default=None)


def race_day_seconds(request: PlanRequest, paces: Paces) -> float | None:
    """The finish time race day aims at: the plan's target (the goal in reach, else the
    prediction), slowed by what a break shortly before the race costs (Daniels' fitness after
    time off: a marathoner 10 days away four weeks out had read his recent race's 3:59:46 on
    race day, after weeks of 12-20 km; coach reading)."""
    target = _race_seconds(paces.target_time)
    away = break_before_race(request)
    if target is None or away is None:
        return target
    # the target slowed as Daniels' equivalents slow for the VDOT left (the target itself may
    # come from Riegel's formula or a goal, not from those equivalents)
    slower = race_time_for_vdot(paces.vdot * fitness_after_time_off(away[2]), request.race.km) / race_time_for_vdot(paces.vdot, request.race.km)
    return float(round(target * slower))


def _race_seconds(prediction: str | None) -> float | None:
    return float(parse_duration_s(prediction)) if prediction else None


def _session(request: PlanRequest, day: date, start: time, kind: str, type_: str, content: Any, km: float | None) -> Session:
    return Session(
        date=day,
        start=start,
        kind=kind,  # type: ignore[arg-type]
        type=type_,
        title=content.title,
        distance_km=round(km, 1) if km is not None else None,
        duration_min=content.duration_min,
        intensity=content.intensity,
        rpe=content.rpe,
        pace_min_per_km=getattr(content, "pace_min_per_km", None),
        warmup_min=getattr(content, "warmup_min", None),
        warmup=list(content.warmup),
        main=list(content.main),
        cooldown=list(content.cooldown),
        exercises=list(content.exercises),
        cues=list(getattr(content, "cues", []) or []),
        workout=getattr(content, "workout", None),
        uid=session_uid(request, day, kind),
    )


def week_figures(request: PlanRequest, sessions: list[Session], coached_taper_weeks: Collection[int] = ()) -> list[Week]:
    """Run km, long run, cutback flag and load figures (session-RPE, monotony, strain, ACWR,
    fitness / fatigue) for each week, recomputed from the sessions. Each week is labelled with the
    phase the safety rules count it in (``PlanCalendar.phase``), also where the coached taper
    starts a week early (``race_week_spill``): a week labelled "taper" holds the taper's one
    strength session and halved Nordic dose, which the rules give only to their taper weeks (a
    half's peak week, tapering from race day, read "taper" beside two strength sessions and its
    full Nordic dose). ``coached_taper_weeks``: such weeks, which are the taper, not step-back
    weeks (``cutback`` false)."""
    cal = PlanCalendar(request)
    settings = RuleSettings.from_request(request)
    live = [s for s in sessions if s.status != "cancelled"]
    daily_load = {d: 0 for d in cal.days}
    for s in live:
        if s.date in daily_load:
            daily_load[s.date] += s.load
    # Fitness and fatigue start from the runner's recent volume, as if run at easy effort daily.
    baseline = request.runner.weekly_km * planning_pace(paces_for(request), "easy") * EASY_RPE / 7
    fitness = fatigue = baseline
    week_km: dict[int, float] = {}
    weeks: list[Week] = []
    for week in range(1, cal.week_count + 1):
        days = cal.week_days(week)
        for d in days:
            fitness += (daily_load[d] - fitness) / FITNESS_DAYS
            fatigue += (daily_load[d] - fatigue) / FATIGUE_DAYS
        runs = [s for s in live if s.kind == "run" and s.date in days]
        km = round(sum(s.distance_km or 0.0 for s in runs), 1)
        week_km[week] = km
        loads = [daily_load[d] for d in days]
        total = sum(loads)
        mean = total / len(loads)
        # plain floats: statistics' exact fractions cost more than the rest of the week's figures
        sd = math.sqrt(sum((x - mean) ** 2 for x in loads) / len(loads)) if len(loads) > 1 else 0.0
        monotony = round(mean / sd, 2) if sd > 0 else None
        previous = [week_km.get(week - j, request.runner.weekly_km) for j in range(1, 5)]
        chronic = sum(previous) / 4
        before = week_km.get(week - 1, request.runner.weekly_km)
        tapering = week in cal.taper_weeks or week in coached_taper_weeks
        cutback = not tapering and km <= settings.cutback_factor * before + 0.05 and before > 0
        weeks.append(
            Week(
                index=week,
                start=cal.week_start(week),
                days=len(days),
                phase=cal.phase(week),  # type: ignore[arg-type]
                run_km=km,
                long_run_km=max((s.distance_km or 0.0 for s in runs if s.type == "long"), default=0.0),
                cutback=cutback,
                blackout_days=sum(1 for d in days if d in cal.blackout_days),
                load=total,
                monotony=monotony,
                strain=round(total * monotony, 1) if monotony is not None else None,
                acwr=round(km / chronic, 2) if chronic > 0 else None,
                fitness=round(fitness, 1),
                fatigue=round(fatigue, 1),
                form=round(fitness - fatigue, 1),
            )
        )
    pre = [w.run_km for w in weeks if w.index in cal.pre_taper_weeks]
    if weeks and weeks[0].cutback and pre and starts_at_its_level(weeks[0].run_km, request.runner.weekly_km, max(pre)):
        # a first week under the runner's current volume that the plan never runs more than is
        # its level, not a step-back ("step-back weeks 1, 4, 8, 11" beside a peak in weeks 1-3)
        weeks[0] = weeks[0].model_copy(update={"cutback": False})
    return weeks


def _notes(
    request: PlanRequest, settings: RuleSettings, weeks: list[Week], paces: Paces, long_pace_s_per_km: int, targets: CoachingTargets,
    cal: PlanCalendar, strength_weeks: set[int], quality_days: set[date], nordic_halved_weeks: set[int],
) -> list[str]:
    """What the plan does and why, in the runner's words: the build, the long run, the goal
    (``strength_weeks``: the weeks with a strength session, ``nordic_halved_weeks`` the weeks back
    from a break whose Nordic curls halve their dose; ``quality_days``: the days of its quality
    sessions, and of strides on a day back from a break, which the notes promise none of)."""
    notes = []
    # weeks numbered as the runner reads them: a re-plan's go on from the first plan's start (the
    # notes said "peak (week 2), step-back weeks 1, 5" beside pages and a table at weeks 4-11)
    shown = cal.weeks_before_start
    need_km = readiness_tenths(settings, long_pace_s_per_km) / TENTHS
    pre = [w for w in weeks if w.phase in ("base", "build", "peak")]
    if pre:
        peak = max(pre, key=lambda w: (w.run_km, w.index))
        longest = max(w.long_run_km for w in pre)
        race = _race_words(request)
        start_km = request.runner.weekly_km
        peak_session = any(cal.week_of(d) == peak.index for d in quality_days)
        if peak.run_km + 0.05 < start_km and _break_holds_the_peak(request, cal, pre, peak.run_km):
            # a break's weeks, not the run days, hold it there: a 5K re-plan after an illness and a
            # blackout read "about what your 3 run days hold beside a 0.0 km long run"
            why = f", below your {start_km:g} km now: after your break the weeks climb back no faster than the load rules allow"
        elif peak.run_km + 0.05 < start_km:
            why = f", below your {start_km:g} km now: about what {_what_days_hold(request, peak.long_run_km, peak_session, settings.easy_share)}, and enough for {a_or_an(race)}"
        elif capped := _peak_cap_reason(request, targets, peak.run_km, long_pace_s_per_km, race):
            why = capped
        elif peak.run_km + 0.05 < settings.peak_weekly_km and (broken := _break_cut_the_climb(request, cal, pre, targets, peak.run_km)):
            # the curve itself stopped there: the load rules after a break, not the days (a
            # marathoner with no time limits and a 5-day break read "about what your 5 run days
            # hold" beside other runs of 6-14 km)
            breaks = "breaks" if " and " in broken else "break"
            why = f": as far as the load rules let the weeks grow around your {breaks} ({broken}), and enough for {a_or_an(race)}"
        elif peak.run_km + 0.05 < settings.peak_weekly_km and _days_hold_the_peak(request, peak.run_km):
            # the load ratio may hold the peak week too, where the days held the weeks before it
            # low (a 10K runner's 22.4 km peak at a ratio of 1.29 read as the days' alone)
            at_peak = [w for w in pre if w.run_km + 0.05 >= peak.run_km]
            load = " and as far as the load rules let it grow" if any(_at_the_load_ratio(w, settings) for w in at_peak) else ""
            why = f": about what {_what_days_hold(request, peak.long_run_km, peak_session, settings.easy_share)}{load}, and enough for {a_or_an(race)}"
        elif peak.run_km + 0.05 < settings.peak_weekly_km:
            why = f": as far as your {start_km:g} km a week can grow in {len(pre)} weeks within the load rules, and enough for {a_or_an(race)}"
        elif request.rules.peak_weekly_km is None and abs(peak.run_km - PEAK_OVER_CURRENT * start_km) <= CAP_REACHED_KM:
            why = f", {PEAK_OVER_CURRENT:g} × your {start_km:g} km now"
        elif request.rules.peak_weekly_km is None and abs(peak.run_km - settings.peak_weekly_km) <= CAP_REACHED_KM:
            why = f", the usual peak for {a_or_an(race)}, from your {start_km:g} km a week"
        else:
            why = f", from your {start_km:g} km a week"
        # a week a blackout lightens is the runner's break, not a step-back the plan chose
        # (48 of 295 plans of seed 2051 called a blacked-out week one)
        steps = [w.index for w in pre if w.cutback and w.index not in targets.early_cutbacks and not cal.touched(w.index)]
        several = len(steps) > 1
        step_text = (f"; step-back week{'s' if several else ''} {', '.join(str(shown + w) for w in steps)} let{'' if several else 's'} "
                     f"the body absorb the work{_two_to_one_reason(request) if several else ''}") if steps else ""
        early = [w.index for w in pre if w.cutback and w.index in targets.early_cutbacks]
        if early:
            first = next(w for w in pre if w.index == early[0])
            before = max((w.long_run_km for w in pre if w.index < first.index), default=request.runner.long_run_km)
            # the week's long run may still be held to its share of the smaller week (long_run)
            keeps = " that keeps the long run" if first.long_run_km + 0.05 >= before else ""
            step_text += (
                f"; week {shown + early[0]} is a lighter start{keeps}, as the rhythm of cutback weeks "
                f"(one week in {settings.build_weeks_max + 1}, counted back from the taper) asks"
            )
        # every week at the peak: a coach read "(week 14)" of a peak reached in week 10 and held
        notes.append(f"Peak {peak.run_km:.1f} km a week ({fmt_weeks([shown + w.index for w in pre if w.run_km + 0.05 >= peak.run_km])}){why}{step_text}.")
        if longest < 0.05:
            pass  # no long run before the taper (a re-plan whose weeks a break empties): nothing to say of it
        elif ready_by_time_on_feet(settings, long_pace_s_per_km):
            notes.append(
                f"Long runs are capped by time, not distance: {settings.long_run_max_min} min at your long-run pace "
                f"({format_pace(long_pace_s_per_km / 60)}/km) is {need_km:.1f} km, and a long run of that time before the "
                f"taper gets you ready for race day (time on feet)."
            )
        else:
            tapering = [w for w in weeks if w.phase == "taper"]
            taper_long = max((w.long_run_km for w in tapering), default=0.0)
            # a runner whose own long run is already the race's keeps it: it does not "grow"; one
            # a cap or a re-plan holds under the runner's own neither grows nor stays
            own = request.runner.long_run_km
            grows = "grows to" if longest > own + 0.05 else ("stays at your" if longest + 0.05 >= own else "peaks at")
            if tapering and taper_long + 0.05 < longest:
                notes.append(f"The long run {grows} {longest:.1f} km and falls again in the taper, so you start the race fresh.")
            else:  # a short race's taper is race week, or cuts the week but not the long run
                notes.append(f"The long run {grows} {longest:.1f} km; race week cuts the running, so you start the race fresh.")
    notes += _break_note(request, settings, weeks, shown)
    notes += _week_back_note(cal, weeks, strength_weeks, nordic_halved_weeks, shown)
    notes += _return_days_note(cal, quality_days)
    notes += _readiness_after_break_note(request, cal, weeks, need_km, shown)
    layout = _no_quality_day_note(request)
    if layout and any(w.phase in ("build", "peak") for w in weeks):
        notes.append(layout)
    replan = request.phases_from is not None or bool(request.history)
    # the weeks after a recent strain, where the plan has faster sessions to speak of
    weeks_said = not replan and settings.quality_per_week > 0
    # a niggle's easy return leaves the Nordic curls out until it ends
    niggle = request.easing is not None and request.easing.reason == "niggle"
    history = hamstring_history_note(
        request.runner.hamstring_history,
        nordic=settings.nordic_curls and not niggle,
        easy_weeks=settings.quality_free_weeks if weeks_said else 0,
        tempo_weeks=RECENT_STRAIN_TEMPO_WEEKS if weeks_said else 0,
        plan_weeks=cal.week_count,
        # a long race's race-specific work is marathon pace, slower than threshold (quality_kind)
        marathon_pace=race_class(request.race.km) == "long",
    )
    if history:
        notes.append(history)
    notes.append(_goal_note(request, paces))
    return notes


#: A break whose weeks after it stay under this share of the weeks before it gets its note.
BREAK_SETBACK_SHARE = 0.7


def _break_note(request: PlanRequest, settings: RuleSettings, weeks: list[Week], shown: int = 0) -> list[str]:
    """Why the weeks after a break stay far under the weeks before it, where they do: the safe
    weekly growth (``weekly_increase``) counts from the two weeks before each week, which the break
    emptied, and the plan says so rather than leave the peak before the break unexplained. One
    note per break (a run of weeks a blackout touches), judged up to the next break. ``shown``:
    the weeks before a re-plan's first (its notes number weeks as its pages do)."""
    touched = [w.index for w in weeks if w.blackout_days and w.phase not in ("taper", "race")]
    groups: list[list[int]] = []
    for week in touched:
        if groups and week == groups[-1][-1] + 1:
            groups[-1].append(week)
        else:
            groups.append([week])
    notes = []
    for n, group in enumerate(groups):
        first, last = group[0], group[-1]
        until = groups[n + 1][0] if n + 1 < len(groups) else len(weeks) + 1
        before = [w.run_km for w in weeks if w.index < first]
        # the build weeks after it (a break just before the taper is the taper's to explain)
        after = [w for w in weeks if last < w.index < until and w.phase in ("base", "build", "peak")]
        if not before or not after or max(w.run_km for w in after) >= BREAK_SETBACK_SHARE * max(before):
            continue
        start, end = weeks[first - 1].start, weeks[last - 1].start + timedelta(days=6)
        spans = [b for b in request.schedule.blackout if start <= b.to and b.from_ <= end]
        when = f" from {fmt_day_month(min(b.from_ for b in spans))} to {fmt_day_month(max(b.to for b in spans))}" if spans else ""
        best = max(after, key=lambda w: (w.run_km, -w.index))
        if best.run_km > after[0].run_km + 0.05:
            climb = f"restart from {after[0].run_km:.1f} km and reach {best.run_km:.1f} km (week {shown + best.index})"
        else:
            climb = f"hold at most {best.run_km:.1f} km"
        # "empties" only where no run is left in those weeks (a coach read "empties weeks 15-16"
        # beside 20.6 km in week 16)
        empties = "empties" if all(weeks[w - 1].run_km == 0 for w in group) else "falls in"
        notes.append(
            f"Your break{when} {empties} week{'s' if last > first else ''} {shown + first}{f'–{shown + last}' if last > first else ''}. "
            f"A week may grow at most {round(settings.weekly_increase * 100)} % above the bigger of the two weeks before it "
            f"({settings.weekly_increase_floor_km:g} km below {settings.weekly_increase_floor_below_km:g} km a week), so the "
            f"weeks after the break {climb}, short of the {max(before):.1f} km before it. A shorter break or a later race "
            "lets them build further."
        )
    return notes


#: Days after a break within which the race's long run (``race_readiness``) makes the weeks back
#: a climb the runner should hear about (``_readiness_after_break_note``).
READINESS_AFTER_BREAK_NOTE_DAYS = 28


def _readiness_after_break_note(request: PlanRequest, cal: PlanCalendar, weeks: list[Week], need_km: float, shown: int) -> list[str]:
    """In a re-plan after an illness or a niggle (``hamplan pause``), where the race's long run
    (``race_readiness``) comes within four weeks after the break and no week before it held it,
    the weeks back climb toward it: the runner hears why, and what to do if the illness or the
    niggle lingers (a 3:15 marathoner back from 9 days ill ran 42 km in his first five days back,
    the long run growing 16.8 -> 23.1 -> 25.4 km in three weeks, and the notes said only that the
    weeks climb back; coach reading)."""
    easing = request.easing
    if easing is None or easing.reason not in ("illness", "niggle"):
        return []
    if cal.longest_run_of_this_build_km + EPS_KM >= need_km or not cal.return_days_by_break:
        return []
    pre = [w for w in weeks if w.phase in ("base", "build", "peak")]
    ready = next((w for w in pre if w.long_run_km + EPS_KM >= need_km), None)
    if ready is None:
        return []
    ends = [last for (_, last) in cal.return_days_by_break if last < ready.start]
    if not ends:
        return []
    last = max(ends)
    days = (ready.start + timedelta(days=6) - last).days
    if days > READINESS_AFTER_BREAK_NOTE_DAYS or any(w.long_run_km + EPS_KM >= need_km for w in pre if w.start + timedelta(days=6) < last):
        return []
    race = _race_words(request)
    weeks_back = max(1, round(days / 7))
    return [
        f"The {race} needs a long run of {need_km:.1f} km before the taper; after your break (to {fmt_day_month(last)}) it "
        f"comes in week {shown + ready.index} ({ready.long_run_km:.1f} km), about {weeks_back} week{'s' if weeks_back > 1 else ''} "
        f"after your return, so the weeks back build toward it quickly. If the {easing.reason} lingers, run shorter and re-plan "
        "for a later race or a shorter one: hamplan says which fit."
    ]


def _return_days_note(cal: PlanCalendar, quality_days: set[date]) -> list[str]:
    """What the days back from each break of 4 days or more hold (``return_runs``): easy runs of
    an hour at most (where that hold did not yield to the load rules), no faster session and no
    strides (none said where the plan has a session there: a plan made without its coaching rules)."""
    out = []
    for (first, last), back in sorted(cal.return_days_by_break.items()):
        if quality_days.intersection(back):
            continue
        held = all(d in cal.capped_return_days for d in back)
        runs = "easy runs of an hour at most (the long run aside)" if held else "easy runs"
        span = f"{fmt_day_month(back[0])} to {fmt_day_month(back[-1])} hold" if len(back) > 1 else f"{fmt_day_month(back[0])} holds"
        out.append(f"Back from your break ({fmt_day_month(first)} to {fmt_day_month(last)}), {span} {runs} and no faster running.")
    return out


def _week_back_note(cal: PlanCalendar, weeks: list[Week], strength_weeks: set[int], nordic_halved_weeks: set[int], shown: int = 0) -> list[str]:
    """What the first week back after a break of a week or more does (``weeks_back_from_breaks``):
    it starts easy, without a faster session, and lifts the last full week's load in fewer sets
    (in the week after it where the week back holds no strength session: ``_strength_weeks_back``)."""
    planned = {w.index for w in weeks}
    out = []
    for week, gap in sorted(cal.breaks_before_weeks_back.items()):
        if week not in planned:
            continue
        first = _first_strength_week_back(week, strength_weeks)
        # the Nordic curls halve their dose there, as in the taper: "keep your last full week's
        # load" had stood beside the next rung of their programme
        nordics = ", and the Nordic curls halve their dose" if first in nordic_halved_weeks else ""
        lifts = (
            "" if first is None
            else "your strength sessions keep" if first == week
            else f"your strength sessions of week {shown + first} keep"
        )
        out.append(
            f"Week {shown + week} is your first back after your break ({fmt_day_month(gap.from_)} to {fmt_day_month(gap.to)}): "
            + (f"it starts easy, with no faster session, and {lifts} your last full week's load in fewer sets{nordics}." if lifts else "it starts easy, with no faster session.")
        )
    return out


def _short_quality_days_note(
    cal: PlanCalendar, weeks: list[Week], demoted_days: list[date], settings: RuleSettings, paces: Paces, easy_pace_s_per_km: int,
    sessions: list[Session], step_back_weeks: set[int], replan: bool,
) -> list[str]:
    """Why some build weeks carry strides where a faster session was planned: the day could not
    hold 10 min easy before and after the smallest set (a small week's fifth for hard running).
    ``demoted_days``: the quality days whose session became an easy run with strides; a build
    week too small for the smallest set, which the planner gave no quality day, is named too (a
    novice's 19.2 km week 6 had strides only beside a note that put sessions from "about 19 km").
    ``step_back_weeks``: the weeks the planner stepped back; ``replan``: a plan that continues
    another, whose sessions before it this one does not hold. None where the runner's rules ask
    for no quality sessions, or whose run days leave none a day (``_no_quality_day_note`` says
    so: beside it "weeks 4, 7 carry strides ... still small" read as if the others held one)."""
    if settings.quality_per_week < 1 or _no_quality_day_note(cal.request) is not None:
        return []
    # race week as the runner counts it holds its tune-up, not a session: where it has one, no day
    # of it and no plan week that is mostly race week (a race early in its plan week) is "still
    # small" (a 10K runner's week five days out read so beside its tune-up)
    tuned = any(s.kind == "run" and TUNE_UP_TITLE in s.title and cal.is_race_week_day(s.date) for s in sessions)
    build = {w.index for w in weeks if w.phase in ("build", "peak") and not (tuned and cal.is_mostly_race_week(w.index))}
    demoted_days = [day for day in demoted_days if not (tuned and cal.is_race_week_day(day))]
    least_km = min_session_km(easy_pace_s_per_km, paces.threshold.slow_min_per_km)
    held = [s for s in sessions if s.kind == "run" and holds_quality_session(s)]
    # build weeks whose faster running is hill sprints alone (a day too short for the week's
    # session, or a step-back week repeating them): not a faster session as the note means it (a
    # coach read "weeks 4, 6 carry strides" as if weeks 3 and 5, with 4 x 10 s uphill, held one)
    hill_weeks = {cal.week_of(s.date) for s in held if s.type == "hills"} - {cal.week_of(s.date) for s in held if s.type != "hills"}
    hill_weeks &= build
    with_session = {cal.week_of(s.date) for s in held} - hill_weeks
    demoted_days = demoted_days + [min(s.date for s in held if cal.week_of(s.date) == w) for w in hill_weeks]
    # (a week a break cuts short is small for the break, which the plan says elsewhere)
    too_small = {
        w.index for w in weeks
        if w.index in build and not cal.touched(w.index) and 0 < w.run_km and quality_room_km(settings, w.run_km) < least_km
    }
    demoted_weeks = {cal.week_of(day) for day in demoted_days if cal.week_of(day) in build} - with_session
    km_of = {w.index: w.run_km for w in weeks}
    # a week big enough for a session whose quality day was too short for one: the day is named
    # (a 3:00 marathoner's 76 km week read "this week is still small")
    # (the week's first such day: a second quality day the week held as strides is not named; a
    # week that held a session on another day is in no note)
    roomy = {w for w in demoted_weeks if quality_room_km(settings, km_of[w]) >= least_km}
    least_min = math.ceil(least_km * easy_pace_s_per_km / 60)
    out = _short_quality_day_reasons(
        cal, {w: min(d for d in demoted_days if cal.week_of(d) == w) for w in roomy}, sessions, least_min, hill_weeks,
    )
    demoted = sorted((demoted_weeks - roomy) | (too_small - with_session))
    if not demoted:
        return out
    listed = cal.week_numbers(demoted)
    many = len(demoted) > 1
    later = sorted(w for w in with_session if w > demoted[-1])
    first = min(with_session, default=None)
    before_first = [w for w in demoted if first is not None and w < first]
    backs_after = [w for w in demoted if first is not None and w > first]
    if first is not None and not replan and before_first and set(backs_after) <= step_back_weeks:
        # what the plan does, not a threshold it computes: a novice read "once a week holds about
        # 19 km ... the sessions start" beside a first session in a 17.7 km week (a smaller set
        # than the 8 min at threshold the estimate assumes); only where no session came before
        # (a base week's, or a re-plan's run before it), and the step-back weeks after the first
        # session said for what they are (hill sprints in weeks 5-6 before a first session in
        # week 7 of a 3-day runner, strides in step-back week 8)
        grown = ", once the weeks have grown" if km_of[first] > max(km_of[w] for w in before_first) + 0.05 else ""
        after = f"Your faster sessions start in week {cal.weeks_before_start + first}{grown}."
        if backs_after:
            many_backs = len(backs_after) > 1
            after += (
                f" Week{'s' if many_backs else ''} {cal.week_numbers(backs_after)} "
                f"{'are step-back weeks' if many_backs else 'is a step-back week'}, smaller on purpose."
            )
    elif later and set(demoted) <= step_back_weeks:
        after = f"{'They are step-back weeks' if many else 'It is a step-back week'}, smaller on purpose; the sessions come back after."
    else:
        week_km = math.ceil(least_km / quality_room_km(settings, 1.0))  # "from about": the first whole km that holds it
        # the run day's time only where the runner's days have limits: a novice without any
        # read "a run day of 35 min or more" beside run days of 45-53 min
        day_min = math.ceil(least_km * easy_pace_s_per_km / 60 / 5) * 5
        on_a_day = f", on a run day of {day_min} min or more" if _run_days_limited(cal) else ""
        # where the base's hill sprints ran in a smaller week, the note says why they could (a
        # coach read "fits from weeks of about 21 km" beside hill sprints in a 17.5 km week)
        hills = sorted(cal.week_of(x.date) for x in sessions if x.type == "hills" and km_of.get(cal.week_of(x.date), week_km) < week_km)
        smaller = (f"; hill sprints, a few seconds of fast running each, fit smaller weeks (week {cal.weeks_before_start + hills[0]})"
                   if hills else "")
        after = f"Such a session fits from weeks of about {week_km} km{on_a_day}{smaller}."
    # the run days' time only where a run day has a limit (a novice without any read "or their
    # run days too short"), and the fast part as the least session of any kind has it (the
    # novice's sessions are intervals; the estimate's 8 min at threshold is that least part)
    days_too_short = f", or {'their' if many else 'its'} run days too short" if _run_days_limited(cal) else ""
    return [
        f"{_weeks_carry(cal, demoted, hill_weeks)} instead of a faster "
        f"session: {'these weeks are' if many else 'this week is'} still small{days_too_short}. A faster session is "
        f"10 min of easy running before and after about 8 min of faster running (about {least_km:.1f} km in all), "
        f"and about four fifths of a week's running time stays easy, so a small week cannot hold one. {after}"
    ] + out


def _short_quality_day_reasons(
    cal: PlanCalendar, day_of_week: Mapping[int, date], sessions: list[Session], least_session_min: int,
    hill_weeks: Collection[int] = (),
) -> list[str]:
    """Why weeks big enough for a faster session carry strides (or, ``hill_weeks``, hill
    sprints) on the day meant for it: the day's time limit (beside its strength session, where
    it has one), where what the limit leaves the run is under ``least_session_min``, else the
    run's share of the week; one sentence for the weeks that share a reason."""
    strength_days = {s.date for s in sessions if s.kind == "strength"}
    busy_min: Counter[date] = Counter()
    for s in sessions:
        if s.kind in ("strength", "mobility"):
            busy_min[s.date] += s.duration_min
    grouped: dict[tuple[str, int | None, bool], list[int]] = {}
    for week, day in sorted(day_of_week.items()):
        limit = cal.max_minutes(day)
        # the limit is named only where it is what kept the session off (a 90-min day's run
        # may be short for the week's other runs instead)
        held_by_limit = limit is not None and limit - busy_min[day] < least_session_min
        grouped.setdefault((weekday_name(day), limit if held_by_limit else None, day in strength_days), []).append(week)
    out = []
    for (weekday, limit_min, strength), group in grouped.items():
        on = f"{DAY_NAMES[weekday]}{'s' if len(group) > 1 else ''}"
        why = (
            f"the day's {limit_min} min{' beside its strength session' if strength else ''} leave too little time"
            if limit_min is not None
            else "the run there stays too short, beside the week's other runs,"
        )
        out.append(
            f"{_weeks_carry(cal, group, hill_weeks)} on {on} instead of a faster session: "
            f"{why} for 10 min of easy running before and after the faster part."
        )
    return out


def _weeks_carry(cal: PlanCalendar, weeks: Sequence[int], hill_weeks: Collection[int]) -> str:
    """"Weeks 3, 5 carry hill sprints and weeks 4, 6 strides": what ``weeks`` (plan weeks, in
    order) run instead of a faster session, hill sprints in ``hill_weeks``."""

    def listed(group: list[int]) -> str:
        return f"Week{'s' if len(group) > 1 else ''} " + cal.week_numbers(group)

    hills = [w for w in weeks if w in hill_weeks]
    others = [w for w in weeks if w not in hill_weeks]
    if not hills:
        return f"{listed(others)} {_carried(cal, len(others) > 1)}"
    said = f"{listed(hills)} {'carry' if len(hills) > 1 else 'carries'} hill sprints (a few seconds uphill each)"
    if others:
        said += f" and {listed(others).lower()} {_carried(cal, len(others) > 1).split(' ', 1)[1]}"
    return said


def _carried(cal: PlanCalendar, many: bool) -> str:
    """What a week without its faster session runs instead: strides, or for a sore tendon, which
    runs none (no sprints on it), easy running (its note said "carries strides")."""
    if cal.request.runner.hamstring_history == "tendinopathy":
        return "run easy" if many else "runs easy"
    return "carry strides" if many else "carries strides"


def _run_days_limited(cal: PlanCalendar) -> bool:
    """Whether any of the runner's run days has a time limit."""
    return any(cal.max_minutes(d) is not None for d in cal.days if cal.is_run_weekday(d))


#: What the plan says of an easy run beside the long run that often passes an hour: (1) the day
#: after it (``recovery_runs``: the runner's other run days cannot take more of the week's
#: distance), (-1) the day before it (``day_before_long_run`` caps it only in weeks of 4+ run
#: days: with three, the week's distance has no other day), each with the change of run days
#: that would let it be short.
_BESIDE_LONG_RUN_SAID = {
    1: ("the day after the long run", (
        "your other run days cannot take more of the week's distance. "
        "The day after a long run is best a short recovery run (20–40 min): moving that run later in the week, "
        "or adding a run day, would let the plan keep it short."
    )),
    -1: ("the day before the long run", (
        "with your run days, the week's distance has no other day. "
        "Two long days back to back give your hamstrings no day to recover; a run day midweek would let the "
        "plan keep the run before the long run to an hour or less."
    )),
}


def _other_days_held(cal: PlanCalendar, named: set[str], counted: list[Week], sessions: list[Session]) -> str:
    """Why each of the runner's other run days (not ``named``, not the long-run day) takes no
    more: the day before the long run stays short, the faster session's day is that session,
    a day with a time limit is full; "" where one of them has no such reason (the sentence then
    says no more than it knows). A coach read "your other run days cannot take more" as untrue
    beside a Friday of 56-59 min and no limits: Friday was the day before the long run."""
    long_day = cal.request.schedule.long_run_day
    # the run before the long run is capped only in weeks of enough run days (day_before_long_run):
    # a Monday, Saturday and Sunday runner read "Saturday, the day before the long run, stays short"
    capped_eve = _long_run_eve(cal.request) if len(cal.request.schedule.run_days) >= BEFORE_LONG_MIN_RUN_DAYS else None
    quality_days = Counter(weekday_name(s.date) for s in sessions if s.kind == "run" and s.is_quality)
    reasons = []
    for day in cal.request.schedule.run_days:
        if day in named or day == long_day:
            continue
        limit = cal.request.schedule.max_minutes.get(day)
        if day == capped_eve:
            reasons.append(f"{DAY_NAMES[day]}, the day before the long run, stays short")
        elif 2 * quality_days[day] >= len(counted):
            reasons.append(f"{DAY_NAMES[day]} is your faster session")
        elif limit is not None:
            reasons.append(f"{DAY_NAMES[day]} has your {limit}-min limit")
        else:
            return ""
    return f" ({'; '.join(reasons)})" if reasons else ""


def _beside_long_run_notes(cal: PlanCalendar, weeks: list[Week], sessions: list[Session]) -> list[str]:
    """Why an easy run the day after (or before) the long run passes an hour in many weeks:
    said when it does in a quarter of the weeks before race week or more (at least two)."""
    counted = [w for w in weeks if w.phase != "race"]
    runs = {s.date: s for s in sessions if s.kind == "run"}
    notes = []
    for offset_days, (where, why) in _BESIDE_LONG_RUN_SAID.items():
        found: list[Session] = []
        for week in counted:
            for offset in range(week.days):
                day = week.start + timedelta(days=offset)
                run, long_run = runs.get(day), runs.get(day - timedelta(days=offset_days))
                if (run is not None and long_run is not None and long_run.type == "long" and run.type in ("easy", "recovery")
                        and run.duration_min > AFTER_LONG_NOTE_MIN):
                    found.append(run)
        if len(found) < max(2, math.ceil(len(counted) / 4)):
            continue
        named = " and ".join(sorted({run.date.strftime("%A") for run in found}))
        weeks_said = f"all {len(counted)}" if len(found) == len(counted) else f"{len(found)} of the {len(counted)}"
        if offset_days == 1:
            held = _other_days_held(cal, {weekday_name(run.date) for run in found}, counted, sessions)
            why = why.replace("the week's distance. ", f"the week's distance{held}. ", 1)
        notes.append(
            f"Your {named} run, {where}, lasts up to {max(r.duration_min for r in found)} min in {weeks_said} "
            f"weeks before race week: {why}"
        )
    return notes


def _re_plan_week_notes(request: PlanRequest, ctx: PlanContext, weeks: list[Week], sessions: list[Session], since: date) -> list[str]:
    """Why a re-plan's week (one that continues a plan: ``phases_from``) that still has run days
    from ``since`` holds no long run, or runs nothing on them: a break or the runs missed in it
    left a week whose runs were a 2.5 km "long run" beside a 2.5 km run, or no run at all, and
    the plan said nothing. The safety rule ``long_run`` holds a long run to half of its week, so
    a week of one run day, or whose longest run is more than half of what it runs, holds none;
    a week whose share of the plan's target is less than a 20-minute run runs nothing
    (``short_runs``). A new plan's weeks a blackout touches are the break note's to explain."""
    if request.phases_from is None:
        return []
    cal = ctx.cal
    # numbered as the runner reads the weeks: on from the first plan's start (``weeks_before``)
    number = {w.start: cal.weeks_before_start + w.index for w in weeks}
    runs = [s for s in sessions if s.kind == "run" and s.status != "cancelled"]
    notes = []
    for week in range(1, cal.week_count + 1):
        days = cal.week_days(week)
        free = [d for d in cal.run_days_in(week) if d >= since]
        if cal.is_race_week(week) or not free or days[0] not in number:
            continue
        week_runs = [r for r in runs if r.date in days]
        if any(r.type == "long" for r in week_runs):
            continue
        ahead = [r for r in week_runs if r.date >= since]
        if not ahead:
            target = ctx.targets.week_km.get(week)
            if target is not None and target * TENTHS < ctx.min_run_tenths:
                named = " and ".join(d.strftime("%A") for d in free)
                notes.append(
                    f"Week {number[days[0]]} runs nothing on {named}: what the break leaves of the week's target, "
                    f"{target:.1f} km, is less than a {MIN_RUN_MINUTES}-minute run."
                )
            continue
        longest = max(ahead, key=lambda r: (r.distance_km or 0.0, r.date))
        longest_km, week_km = longest.distance_km or 0.0, sum(r.distance_km or 0.0 for r in week_runs)
        day = longest.date.strftime("%A")
        if len(cal.run_days_in(week)) == 1:
            why = f"the break leaves it one run day, {day}, and a long run is at most half of its week's running (the long_run rule)"
        elif longest_km > ctx.settings.long_run_share * week_km + 0.05:
            why = (f"a long run is at most half of its week's running (the long_run rule), and this week's runs add up "
                   f"to {week_km:.1f} km")
        else:
            continue
        notes.append(f"Week {number[days[0]]} holds no long run: {why}, so {day}'s {longest_km:.1f} km run is an easy run.")
    return notes


def _no_quality_day_note(request: PlanRequest) -> str | None:
    """Why a plan of three or more run days holds no faster sessions, when its run days are the
    reason: a quality session never falls on or beside the long-run day (``hard_days``)."""
    schedule = request.schedule
    days = list(schedule.run_days)
    long_at = WEEKDAYS.index(schedule.long_run_day)
    beside = {WEEKDAYS[(long_at + k) % 7] for k in (-1, 0, 1)}
    if len(days) < 3 or any(d not in beside for d in days):
        return None
    named = ", ".join(d.capitalize() for d in sorted(days, key=WEEKDAYS.index))
    # a sore tendon runs no strides (tendinopathy_care: no sprints)
    keeps = "your runs stay easy" if request.runner.hamstring_history == "tendinopathy" else "the plan keeps your speed with strides"
    return (f"Your run days ({named}) leave no day for a faster session: it never falls on or beside the long run "
            f"({schedule.long_run_day.capitalize()}), so {keeps}. A run day away "
            "from the long run would give you a weekly quality session.")


#: A goal time more than this × the predicted time is a cautious one (the note says so).
CAUTIOUS_GOAL_SHARE = 1.03


def _goal_note(request: PlanRequest, paces: Paces) -> str:
    """Which finish time race-pace work and race day aim at, and why."""
    pace = fmt_pace(race_pace(paces, request.race.km))
    goal = request.race.goal_time and format_clock(parse_duration_s(request.race.goal_time))
    predicted = paces.race_prediction and format_clock(parse_duration_s(paces.race_prediction))
    target, race_day = _race_seconds(paces.target_time), race_day_seconds(request, paces)
    away = break_before_race(request)
    source = "your recent race" if paces.source == "recent_race" else "your weekly running (no recent race given)"
    goal_s = parse_duration_s(request.race.goal_time) if request.race.goal_time else None
    # a goal out of reach by its pace says so (a 1:55 half at threshold pace had read "within
    # reach" beside a prediction of 1:58)
    at_threshold = goal_s is not None and goal_at_threshold(goal_s, request.race.km, paces)
    # the zone named, not "is your threshold pace": a coach read a 5:19 /km goal beside threshold
    # sessions at 5:23 /km (the zone's middle) as a contradiction
    zone = _pace_range(paces.threshold.fast_min_per_km, paces.threshold.slow_min_per_km, "km")
    # compared as printed, in whole seconds as format_pace rounds them: "5:25 /km, is faster than
    # your threshold pace (5:25–5:31 /km)" had compared 325.16 with 325.2 s
    goal_pace_s = round((goal_s or 0.0) / request.race.km)
    where = "within" if goal_pace_s >= round(paces.threshold.fast_min_per_km * 60) else "faster than"
    why = (f", and its pace, {fmt_pace(goal_s / 60 / request.race.km)}, is {where} your threshold pace ({zone}), "
           "a pace held for about an hour") if at_threshold and goal_s else ""
    # paces from weekly running are a guess at the runner's fitness, a conservative one: a coach
    # read threshold at 5:22 /km and marathon pace at 5:41 for a 61-year-old as prescriptions
    # (no time trial in the first weeks after a recent strain or beside a sore tendon, whose
    # first weeks hold no fast running)
    retest = "" if request.runner.hamstring_history in ("recent_strain", "tendinopathy") else "; a 5K race or time trial in the first weeks re-sets them"
    estimate = f" The plan's paces are estimates: let effort guide you too{retest}." if paces.source == "weekly_volume" else ""
    if away is not None and target is not None and race_day is not None and race_day > target:
        first, last, days = away
        aim = f"your goal of {goal}" if paces.goal_in_reach and goal else f"the prediction of {format_clock(target)}"
        weeks_before = (request.race.date - last).days // 7
        when = f"{weeks_before} weeks before the race" if weeks_before >= 2 else "shortly before the race"
        # a goal out of reach is said too (a 5K runner's 32:35 went unmentioned beside 35:04)
        ambitious = (f"{_ambitious(goal, source, predicted)}{why}, and the plan trains at your current fitness. "
                     if goal and not paces.goal_in_reach and paces.source != "goal_time" else "")
        return (f"{ambitious}Race day aims at {format_clock(race_day)} ({fmt_pace(race_day / 60 / request.race.km)}), not {aim}: your break "
                f"from {fmt_day_month(first)} to {fmt_day_month(last)} ({days} days off), {when}, costs some fitness "
                f"(Daniels: about {(1 - fitness_after_time_off(days)) * 100:.1f} % of it after {days} days without running). Start at that "
                f"pace and hold it, as the race card's even splits say; pick it up in the last quarter only if you feel strong.{estimate}")
    if paces.source == "goal_time":
        return (f"Race day aims at your goal of {goal} ({pace}); with no recent race given, the plan's paces come from "
                "that goal, since it is slower than what your weekly running alone would suggest. A recent race re-sets them.")
    if goal is None:
        return f"Race day aims at {predicted} ({pace}), the prediction from {source}.{estimate}"
    if paces.goal_in_reach:
        # a 5K or 10K trains its speed faster than race pace (intervals), with at most a few
        # race-pace minutes in race week: a 10K runner read "race-pace work" beside none of it
        # (a sore tendon's marathon plan runs marathon pace too: slower than its threshold runs)
        uses = "race day uses" if race_class(request.race.km) == "short" else "race-pace work and race day use"
        # a goal well slower than the prediction is said to be cautious (a coach read half-marathon
        # pace at a goal of 4:37 /km beside a recent race that predicted 4:24 as set too slow)
        cautious = ""
        if paces.race_prediction and parse_duration_s(request.race.goal_time) > CAUTIOUS_GOAL_SHARE * parse_duration_s(paces.race_prediction):
            cautious = " It is a cautious goal: start at goal pace, and pick it up in the last quarter only if you feel strong."
        return f"Your goal of {goal} is within reach ({source} predicts {predicted}): {uses} goal pace, {pace}.{cautious}{estimate}"
    return (f"{_ambitious(goal, source, predicted)}{why}. The plan trains at your current "
            f"fitness and race day aims at {predicted} ({pace}); a faster day is a bonus, a new recent race "
            "re-sets the paces.")


def _ambitious(goal: str | None, source: str, predicted: str | None) -> str:
    """The words on a goal out of reach: which it is, and what the runner's fitness predicts."""
    return f"Your goal of {goal} is ambitious: {source} predicts {predicted}"


def _pace_range(fast_min_per_km: float, slow_min_per_km: float, unit: str) -> str:
    """``'7:04–8:24 /km'`` (clock minutes, as the PDF prints them; per mile for a miles plan)."""
    per_unit = 1.609344 if unit == "mi" else 1.0
    return f"{format_pace(fast_min_per_km * per_unit)}–{format_pace(slow_min_per_km * per_unit)} /{unit}"


def summarize(plan: Plan) -> str:
    """A few lines a runner reads first: weeks, phase, km, long run, strength and mobility counts."""
    req = plan.request
    unit = req.units
    factor = 1 / 1.609344 if unit == "mi" else 1.0
    lines = [
        f"{req.race.label} on {req.race.date.isoformat()} — {len(plan.weeks)} weeks from {req.start.isoformat()}"
        + (f" for {req.runner.name}" if req.runner.name else ""),
        f"Paces: easy {_pace_range(plan.paces.easy.fast_min_per_km, plan.paces.easy.slow_min_per_km, unit)}, "
        f"threshold {_pace_range(plan.paces.threshold.fast_min_per_km, plan.paces.threshold.slow_min_per_km, unit)}; "
        f"VDOT {plan.paces.vdot:.1f}",
        f"{'week':>4}  {'start':<10}  {'phase':<6}  {unit:>6}  {'long':>6}  strength  mobility",
    ]
    for w in plan.weeks:
        days = {w.start + timedelta(days=i) for i in range(w.days)}
        strength = sum(1 for s in plan.sessions if s.kind == "strength" and s.date in days and s.status != "cancelled")
        mobility = sum(1 for s in plan.sessions if s.kind == "mobility" and s.date in days and s.status != "cancelled")
        lines.append(
            f"{w.index:>4}  {w.start.isoformat():<10}  {w.phase:<6}  {w.run_km * factor:>6.1f}  {w.long_run_km * factor:>6.1f}"
            # a week a break makes light is the break's, not a step-back (as the week pages say)
            f"  {strength:>8}  {mobility:>8}" + (("  light for your break" if w.blackout_days else "  cutback") if w.cutback else "")
        )
    lines.extend(plan.notes)
    return "\n".join(lines)


__all__ = ["generate", "generate_resumed", "build_plan", "session_uid", "week_figures", "summarize", "easy_pace_seconds", "FixedDay"]
