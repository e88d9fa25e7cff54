"""From a solved skeleton to a :class:`Plan`: run types and distances (``day_runs``), session
content at its place in the progression (``progression``), clock times and UIDs
(``sessions``), race week's wind-down (``race_week``), the week figures (``figures``) and the
notes (``notes``, ``week_notes``)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import lru_cache, partial
from datetime import date, datetime, timedelta

from hamplan.content import mobility_content, run_content, strength_content
from hamplan.content.runs import RunContent, as_medium_long_hills, workout_paces
from hamplan.content.strength import FULL_SETS, TENDON_ISOMETRIC_WEEKS
from hamplan.content.workouts import TUNE_UP_TITLE, WorkoutPaces
from hamplan.models import QUALITY_TYPES, WEEKDAYS, Plan, PlanRequest, Session
from hamplan.paces import format_hms
from hamplan.rules.base import TENTHS, long_run_work_min
from hamplan.rules.hamstring import is_nordic, nordic_dose, nordic_max_reps, prior_strength_weeks
from hamplan.rules.coaching import advise
from hamplan.rules.coaching.quality import quality_room_km
from hamplan.rules.coaching.targets import race_week_run_max_min
from hamplan.rules.coaching.week import has_strides, stacked_and_free_days
from hamplan.rules.context import PlanContext
from hamplan.rules.settings import mobility_full_min, race_week_mobility_day
from hamplan.solver import Skeleton
from hamplan.plan.day_runs import PlannedDay, pace_kind, shape_runs, week_run_km
from hamplan.plan.progression import (
    HeavySlowSteps,
    LastSet,
    RAMPED_KINDS,
    ROOM_FACTOR,
    illness_return_weeks,
    logged_break_before_start,
    quality_levels,
    ramp_to_cap,
    session_work_min,
    run_minutes_left,
    say_if_repeated,
    strength_progression,
    strength_weeks_back,
    with_less_work,
)
from hamplan.plan.sessions import at_clock, make_session, place_session, strength_start
from hamplan.plan.race_week import wind_down_race_week, work_reps
from hamplan.plan.figures import break_before_race, days_without_running, race_day_seconds, race_seconds, week_figures, with_days_not_run
from hamplan.plan.notes import cover_notes
from hamplan.plan.week_notes import (
    beside_long_run_notes, no_shakeout_day_note, re_plan_week_notes, session_day_notes, sessions_in_long_run_note, short_quality_days_note,
    strength_days_note,
)

#: From this age hill sprints stay strong but relaxed (about 8/10, never 9/10) and strides six at
#: most, as after a hamstring injury: the safety rules' age for the slower build (``weekly_increase``
#: 7 %, the 2 : 1 rhythm). A coach read a 49-year-old's "8 × 10 s ... hard effort (about 9/10)"
#: in his fourth week of sprints, and a 50-year-old's 5 then 7 reps with the effort up, as too much.
GENTLE_FAST_RUNNING_AGE = 50


#: A plan repeats the same strength and mobility sessions week after week, and a batch repeats
#: them across plans: their content (pure functions of a few settings) is built once. The plan
#: only reads it (sessions copy its lists); the bound keeps a long batch's memory flat.
_strength_content = lru_cache(maxsize=1024)(strength_content)
_mobility_content = lru_cache(maxsize=256)(mobility_content)


def _mobility_to_free_days(ctx: PlanContext, days: list[PlannedDay], fixed_days: set[date]) -> None:
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


#: A long run stands out from its week's other runs by this factor at least: below it, a race
#: week's long run held within its cap reads as an easy run (a coach read "Last long run" on a
#: 6.1 km, 44-min run beside a 5.5 km, 39-min one, and on 7.5 km beside 7.5 km).
LONG_RUN_STANDS_OUT = 1.2


def _stands_out(days: list[PlannedDay], i: int, week: int) -> bool:
    """Whether day ``i``'s run is longer than every other run of its plan week by
    :data:`LONG_RUN_STANDS_OUT` (the race aside)."""
    others = [d.dist_tenths for j, d in enumerate(days[7 * (week - 1): 7 * week], start=7 * (week - 1))
              if j != i and d.run_type not in (None, "race")]
    return days[i].dist_tenths >= LONG_RUN_STANDS_OUT * max(others, default=0)


def _kinds(day: PlannedDay) -> set[str]:
    """The kinds of session a day holds (``easy`` beside ``run`` for an easy or recovery run)."""
    plan = day.plan
    held = {"run"} if day.run_type is not None else set()  # a run slot left 0 km holds no run
    held |= {"easy"} if day.run_type in ("easy", "recovery") else set()
    return held | ({"strength"} if plan.strength else set()) | ({"mobility"} if plan.mobility else set())


def _ramped_work_min(
    ctx: PlanContext, days: list[PlannedDay], fixed_days: set[date], step_back: set[int], week_km: dict[int, float],
    run_render: Callable[[int], Callable[..., RunContent]], wpaces: WorkoutPaces,
) -> dict[int, float]:
    """The most minutes of work of the sessions whose blocks climb to what their days hold
    (:func:`~hamplan.plan.progression.ramp_to_cap`), by day index: each ramped kind's sessions
    of full build and peak weeks (not a step-back week's, which takes its share of the last full
    one's, nor one of race week as the runner counts it, nor a day already run, nor a long run
    carrying the work, which takes its level's set: in the block, its room had lifted a
    marathoner's first midweek marathon-pace run from 6.5 to 8 km and held the block level)."""
    cal = ctx.cal
    out: dict[int, float] = {}
    for kind in RAMPED_KINDS:
        block = [
            i for i, d in enumerate(days)
            if d.quality == kind and d.run_type not in (None, "long") and d.plan.day not in fixed_days and not cal.is_race_week_day(d.plan.day)
            and cal.week_of(d.plan.day) not in step_back and cal.phase(cal.week_of(d.plan.day)) in ("build", "peak")
        ]
        renders, rungs = [], []
        for i in block:
            # (the session's work as its day held it before any easy distance it took from the
            # day after the long run: that distance is easy running beside it)
            km, week = days[i].work_tenths / TENTHS, cal.week_of(days[i].plan.day)
            render = partial(run_render(i), phase=cal.phase(week))
            renders.append(partial(render, km, week_km=week_km[week]))
            # the rung's own work: the session with room for any of it (its day and week unbounded)
            rungs.append(session_work_min(render(ROOM_FACTOR * km, week_km=ROOM_FACTOR * week_km[week]), wpaces))
        for i, most in zip(block, ramp_to_cap(renders, rungs, wpaces)):
            if most < math.inf:
                out[i] = most
    return out


def shaping_context(request: PlanRequest, skeleton: Skeleton, context: PlanContext | None = None) -> PlanContext:
    """The reading of the request a skeleton's runs are shaped by: the one it was solved in
    (``Skeleton.solved_in``: its calendar, cutback weeks, return runs and easy pace; the cutback
    weeks free, or the days back from a break free, where the load rules needed them), whatever
    ``context`` says; ``context`` (else the request's own) for a skeleton made otherwise."""
    if skeleton.solved_in is not None and skeleton.solved_in.request == request:
        return skeleton.solved_in
    return context if context is not None else PlanContext.for_request(request)


def build_plan(
    request: PlanRequest,
    skeleton: Skeleton,
    *,
    history: list[Session] | None = None,
    replanned_on: date | None = None,
    context: PlanContext | None = None,
) -> Plan:
    """Turn the solver's skeleton into sessions with content, times and UIDs, and the weeks' figures,
    shaped in :func:`shaping_context`."""
    ctx = shaping_context(request, skeleton, context)
    cal, settings, paces = ctx.cal, ctx.settings, ctx.paces
    runner = request.runner
    times = request.schedule.times
    history = history or []
    fixed_days = {s.date for s in history} | (
        {d for d in cal.days if replanned_on and d < replanned_on}
    )
    days = shape_runs(ctx, skeleton, fixed_days)
    _mobility_to_free_days(ctx, days, fixed_days)
    step_back = {cal.week_of(d.plan.day) for d in days if d.plan.step_back}
    levels = quality_levels(cal, days, step_back)
    week_km = week_run_km(cal, days)
    # a re-plan's days without a logged run count as a break for race day (this week's days run
    # before ``replanned_on`` are sessions here, not the request's history)
    logged_runs = {s.date for s in history if s.kind == "run"}
    days_off = days_without_running(request, logged_runs, replanned_on)
    # (the runs as shaped: a race-week day the shaping rests holds none, whatever the solve said;
    # and a re-plan's log before its week: a 5K runner paused for an illness read that his break
    # six weeks before it, nine days, made "30 days without running", his runs since unread)
    earlier_runs = {h.date for h in request.history if h.kind in ("run", "race")}
    ran = logged_runs | earlier_runs | {d.plan.day for d in days if d.run_type is not None and d.plan.day not in fixed_days}
    away = with_days_not_run(break_before_race(request, cal, week_km, days_off), ran, min([cal.days[0], *earlier_runs]), cal.race_day)
    race_time_s = race_day_seconds(request, paces, away)
    slowed_race_day = race_time_s is not None and race_time_s != race_seconds(paces.target_time)

    def run_render(i: int) -> Callable[..., RunContent]:
        """Day ``i``'s run content at a distance (and phase, week km, most work)."""
        d, day = days[i], days[i].plan.day
        return partial(
            run_content, d.run_type, paces=paces, week_index=cal.week_of(day),  # type: ignore[arg-type]
            hamstring_history=runner.hamstring_history, hold_s=settings.stretch_hold_s,
            cadence_spm=runner.cadence_spm, quality_type=d.quality, quality_level=levels[i] or None,
            race_km=request.race.km, race_eve=day == cal.race_day - timedelta(days=1),
            race_week=cal.is_race_week_day(day), race_week_cap_min=race_week_run_max_min(request.race.km, (cal.race_day - day).days),
            medium_long=d.medium_long,
            masters=runner.age >= GENTLE_FAST_RUNNING_AGE, step_back=cal.week_of(day) in step_back,
            # race-pace work at race day's pace where a break slowed race day: in race week and
            # after the break (before it, the runner's fitness is the plan's own)
            race_time_s=race_time_s if slowed_race_day and (cal.is_race_week_day(day) or (away is not None and day > away[1])) else None,
            # a day with its own budget keeps the minutes the day model gave the run
            time_cap_min=settings.long_run_max_min if cal.max_minutes(day) is None else None,
            longer_than_the_rest=d.run_type != "long" or _stands_out(days, i, cal.week_of(day)),
            # (as a mobility session's ``before_quality`` reads the day after)
            before_session=i + 1 < len(days) and days[i + 1].run_type in QUALITY_TYPES,
        )

    wpaces = workout_paces(paces, request.race.km)  # the paces run_content builds quality sessions at
    ramped = _ramped_work_min(ctx, days, fixed_days, step_back, week_km, run_render, wpaces)
    sessions: list[Session] = list(history)
    demoted: list[date] = []  # quality days whose session became an easy run with strides (or race week's tune-up)
    race_week_renders: dict[date, Callable[[float], RunContent]] = {}  # race week's plain easy runs, by day
    # the Nordic programme counts every plan week with strength, those of a resumed week's days
    # already run too (as the checker counts them)
    strength_weeks: list[int] = sorted({cal.week_of(s.date) for s in history if s.kind == "strength"})
    # strength deloads in the weeks back after an illness as in a step-back week (same load,
    # fewer sets): the day after a 5-day illness held a full session a step up, 3 x 12 and
    # Nordic curls 3 x 8-10, then two more in four days
    # days a re-plan's log holds neither a run nor a lift, up to the day it is made
    lifted = {h.date for h in request.history if h.kind == "strength"} | {s.date for s in history if s.kind == "strength"}
    missed = logged_break_before_start(request, days_off, lifted, replanned_on or request.start)
    # the weeks an illness's return deloads the lifts halve the Nordic curls too (the first
    # session back alone had: a 54-year-old ran the full 3 x 12/10/8 four and six days after it)
    ill_weeks = illness_return_weeks(cal)
    nordic_breaks_back = strength_weeks_back(cal, days, missed, ill_weeks)
    nordic_rungs_held: set[int] = set()  # weeks back whose Nordic dose halves and repeats its rung
    # the weeks whose halved Nordic dose halves one the runner has not done -> that full dose, and
    # the last full (not halved) dose done: a week back from a break that passes week 10 halves
    # the maintenance dose after weeks of 3 x 12/10/8, and so does a taper that starts in week 11
    nordic_new_doses: dict[int, tuple[int, str]] = {}
    last_full_nordic: tuple[int, str] | None = None
    back_from_break = nordic_breaks_back | ill_weeks
    strength_held = step_back | back_from_break
    coached_taper = set(ctx.targets.taper_factor_of or ())  # the taper as the plan aims at it
    heavy_slow = HeavySlowSteps(cal, strength_weeks, strength_held)
    # a week resumed after its strength already ran (a pause from its Wednesday) stepped up where
    # that session was a full one (3 sets, not a deload's 2), whatever the planner makes of the
    # rest of the week: its deload keeps that step
    stepped_up = {cal.week_of(s.date) for s in history if s.kind == "strength" and s.exercises and (s.exercises[0].sets or 0) >= FULL_SETS}
    strength_levels, held_for_race = strength_progression(cal, days, strength_held, stepped_up)
    # a re-plan goes on alternating where the plan it continues was (yoga, then stretching)
    mobility_count = sum(1 for h in [*request.history, *history] if h.kind == "mobility")
    last_sets: dict[str, LastSet] = {}
    last_strength: datetime | None = None  # the last strength session's start, local clock
    # minutes of work of each kind's last session in a full build week: a step-back week's cap
    last_work_min: dict[str, float] = {}
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
                cadence_spm=runner.cadence_spm, race_time_s=race_time_s, race_km=request.race.km, units=request.units,
            )
            sessions.append(make_session(request, day, request.race.start_time, "race", "race", race, request.race.km))
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
            # (every week of an illness's return holds its rung too, as it halves the dose: halved
            # at the next rungs, the first full session after it jumped to 3 x 12/10/8 from 3 x 4-5)
            if (week in nordic_breaks_back or week in ill_weeks) and programme_week > 1:
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
            # a week the coached taper starts early (race week spills into the plan week before
            # the race's) that the planner stepped back is the taper, and says so: a half's week
            # two weeks from a Sunday race, at 0.59 x the peak, read "Step-back week" beside its
            # strength sets
            tapering = halved or race_week or phase == "taper" or (week in coached_taper and week in step_back)
            deloaded = tapering or week in strength_held
            nordic_halved = tapering or week in nordic_rungs_held or week in ill_weeks
            nordic_new_dose = nordic and nordic_halved and last_full_nordic not in (None, nordic_dose(nordic_week))
            if nordic_new_dose:
                nordic_new_doses.setdefault(week, nordic_dose(nordic_week))
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
            short_form = d.plan.strength_short or stays_short or race_week
            content = _strength_content(
                equipment=runner.equipment, hamstring_history=history_kind, phase="race" if race_week else phase,  # type: ignore[arg-type]
                week_index=week, nordic=nordic, nordic_week=nordic_week,
                taper=tapering, tendinopathy_loading_week=loading_week,
                # the Nordic dose halves in the taper (nordic_curls), in race week as the runner
                # counts it (a 5K's session six days out, in a plan week counted as peak, held the
                # full 3 x 12/10/8), in a step-back week the coached taper starts (its lifts read
                # "Taper: 2 sets instead of 3" beside the full 3 x 12/10/8, seven days before a 5K),
                # in the first week of strength back after a break, an illness's return weeks and
                # after a niggle (``halved``, above). Not in other step-back weeks: the rule gives
                # Petersen's dose week by week, halved in the taper only, and the evidence is for
                # that progression
                nordic_taper=nordic_halved,
                hold_s=settings.stretch_hold_s, level=max(strength_levels[week], 1), step_back=week in strength_held,
                back_from_break=week in back_from_break,
                # (an illness's return says so: the notes call it one too)
                after_illness=week in ill_weeks, nordic_new_dose=nordic_new_dose,
                # race week's session is the short form, whatever the day holds: the least dose
                # before the race (a 68-year-old's full-form session there, 2 x 8 and 2 x 12 with
                # a third exercise, outweighed the taper week's short 2 x 5)
                short=short_form,
                # a deload week's short session deloads from the last full week's short one, where
                # that week held one (2 sets then too: a third fewer reps); compared with the full
                # form, a 45-min-weekday runner's short sessions read "2 sets instead of 3" over the
                # very 2 x 12 of the week before
                last_full_short=short_form and any(last_full_short_by_place.values()), new_lifts=new_lifts,
                hold_for_race=holds and not new_lifts,
            )
            if nordic and not nordic_halved and history_kind == runner.hamstring_history:
                last_full_nordic = nordic_dose(nordic_week)
            if not deloaded:
                last_full_week_short = d.plan.strength_short
                if week != last_full_strength_week:
                    last_full_short_by_place, last_full_strength_week = {}, week
                last_full_short_by_place[place] = d.plan.strength_short
            start = strength_start(request, day, times.strength, last_strength)
            last_strength = at_clock(day, start)
            busy.append((at_clock(day, start), at_clock(day, start) + timedelta(minutes=content.duration_min)))
            sessions.append(make_session(request, day, start, "strength", content.type, content, None))
        run_end: datetime | None = None
        if d.run_type is not None:
            km = d.dist_tenths / TENTHS
            stepping_back = week in step_back
            render_in = run_render(i)
            run_phase = phase
            render = partial(render_in, phase=run_phase)
            most_work = ramped.get(i, math.inf)
            if d.session_tenths:
                # a long run carrying the session moved off its day does the work that day held
                # (``_session_into_long_run``), not more for the long run's room
                as_session = partial(render_in.func, d.quality, *render_in.args[1:], **render_in.keywords)
                held_work = session_work_min(as_session(d.session_tenths / TENTHS, week_km=week_km[week], phase=run_phase), wpaces)
                most_work = min(most_work, held_work) if held_work > 0 else most_work
                render = partial(render, most_work_min=most_work)
            content = render(d.work_tenths / TENTHS, week_km=week_km[week], most_work_min=most_work)
            if content.session_held and _race_week_session(ctx, d, phase):
                # a session of race week as the runner counts it (the six days before the race) in
                # a build or peak plan week before the race's is race week's short session, as in
                # the race's own plan week: a 10K runner's intervals three days before a race early
                # in its plan week read "3 x 4 min ... shorter recoveries: that is this week's
                # step". (A day too short for its session stays as below: a tune-up at most.)
                run_phase = "race"
                render = partial(render_in, phase=run_phase)
                content = render(d.work_tenths / TENTHS, week_km=week_km[week], most_work_min=ramped.get(i, math.inf))
            if d.taken_tenths:
                # the distance it took from the day after the long run runs easy beside the same
                # work (recovery_runs): a longer warm-up and cool-down, not a bigger set, here and
                # wherever the session is rendered again below (a repeated set's next step)
                render = partial(render, most_work_min=session_work_min(content, wpaces))
                content = render(km, week_km=week_km[week])
            if not content.session_held and d.quality not in (None, "strides", "tuneup") and run_phase != "race" and cal.is_race_week_day(day):
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
            content = with_less_work(content, d.quality, stepping_back or run_phase == "taper", last_work_min, render, km, week_km[week], wpaces)
            if d.run_type in ("easy", "recovery") and d.quality in (None, "tuneup") and cal.is_race_week_day(day):
                race_week_renders[day] = partial(render, week_km=week_km[week])
            content = say_if_repeated(
                content, d, last_sets, week in step_back or run_phase in ("taper", "race"),
                render, km, week_km[week], quality_room_km(settings, week_km[week]), settings.easy_share, run_minutes_left(cal, d.plan),
                ramped=i in ramped, paces=wpaces, work_km=d.work_tenths / TENTHS,
            )
            start = place_session(day, times.run, content.duration_min, busy)
            run_end = at_clock(day, start) + timedelta(minutes=content.duration_min)
            busy.append((at_clock(day, start), run_end))
            # a quality day whose session turned into an easy run with strides (the day or the
            # week's easy share cannot hold the least dose) is an easy run: its type says what it
            # is (134 of 294 plans called such a run "tempo", "intervals" or "hills")
            run_type = d.run_type
            if run_type in QUALITY_TYPES and not content.session_held:
                run_type = "easy"
                demoted.append(day)
            if run_type == "hills":
                content = as_medium_long_hills(content, km)
            sessions.append(make_session(request, day, start, "run", run_type, content, km))
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
            start = place_session(day, times.mobility, content.duration_min, busy, not_before)
            sessions.append(make_session(request, day, start, "mobility", content.type, content, None))
    sessions.sort(key=lambda s: (s.date, s.start, s.kind))
    wind_down_race_week(ctx, sessions, race_week_renders)
    weeks = week_figures(request, sessions, coached_taper)
    # the race-day aim as the race session gives it (the cover had read the goal beside a race day slowed by a break)
    race_day = paces.model_copy(update={"race_day_time": format_hms(race_time_s) if race_time_s is not None else None})
    moved = _sessions_moved_into_long_runs(ctx, days, sessions)
    plan = Plan(
        request=request, paces=race_day, weeks=weeks, sessions=sessions,
        optimal=skeleton.optimal, replanned_on=replanned_on,
        notes=cover_notes(request, settings, weeks, paces, ctx.easy_pace_s_per_km, ctx.targets, ctx.cal,
            {cal.week_of(s.date) for s in sessions if s.kind == "strength"},
            # (strides on a day back from a break too: only a plan made without its coaching rules has them there)
            {s.date for s in sessions if s.is_quality or (s.kind == "run" and s.date in cal.days_back_from_breaks and has_strides(s))},
            _nordic_doses(cal, sessions, nordic_rungs_held, nordic_new_doses),
            sharing=_sessions_beside_runs(cal, sessions), days_off=days_off, away=away, missed=missed,
            long_work_weeks=sorted({cal.week_of(s.date) for s in sessions if long_run_work_min(s) > 0}),
            long_runs={s.date: s.distance_km or 0.0 for s in sessions if s.kind == "run" and s.type == "long"},
            hard_session_days={s.date for s in sessions if s.is_quality and s.intensity != "easy"},
            faster_run_days={s.date for s in sessions if s.kind == "run" and work_reps(s.workout) > 0},
        )
        + short_quality_days_note(
            cal, weeks, demoted, settings, paces, ctx.easy_pace_s_per_km, sessions, step_back,
            request.phases_from is not None or bool(request.history),
            easing_weeks=set(ctx.targets.taper_factor_of or {}) - set(cal.taper_weeks),
        )
        + beside_long_run_notes(cal, weeks, sessions, {long_day - timedelta(days=1) for _, _, long_day, eve_min in moved.values() if eve_min is not None})
        + sessions_in_long_run_note(cal, moved)
        + no_shakeout_day_note(cal, sessions)
        + session_day_notes(cal, weeks, sessions)
        + strength_days_note(cal, sessions)
        + re_plan_week_notes(request, ctx, weeks, sessions, replanned_on or request.start),
    )
    plan = plan.model_copy(update={"advice": advise(plan, ctx)})
    plan._solve_seconds = skeleton.solve_seconds
    return plan


def _sessions_moved_into_long_runs(ctx: PlanContext, days: list[PlannedDay], sessions: list[Session]) -> dict[int, tuple[str, date, date, int | None]]:
    """Per week whose long run carries the session moved off its day (``session_from``), as
    rendered (its work held): the session's paces (``pace_kind``), the day it left, which runs
    easy now, the long run's day, and where it moved for the run before the long run
    (``session_for_eve``) rather than the one after it, that run's minutes (else None)."""
    carrying = {s.date for s in sessions if s.kind == "run" and s.type == "long" and long_run_work_min(s) > 0}
    run_min = {s.date: s.duration_min for s in sessions if s.kind == "run"}
    return {
        ctx.cal.week_of(d.plan.day): (
            pace_kind(ctx, d.quality, ctx.cal.week_of(d.plan.day)), d.session_from, d.plan.day,
            run_min.get(d.plan.day - timedelta(days=1)) if d.session_for_eve else None,
        )
        for d in days if d.session_from is not None and d.quality is not None and d.plan.day in carrying
    }


def _race_week_session(ctx: PlanContext, day: PlannedDay, phase: str) -> bool:
    """Whether a quality day is race week's session in a plan week before the race's: one of
    the six days before the race (a race early in its plan week) in a week still counted as
    base, build or peak (a taper week's session is already a short dose at pace). Not hill sprints:
    a few seconds uphill are no race-pace work, and race week's words about race pace were
    untrue beside them."""
    return (
        day.quality in QUALITY_TYPES and day.quality != "hills" and phase in ("base", "build", "peak")
        and ctx.cal.is_race_week_day(day.plan.day)
    )


def _nordic_doses(cal: PlanCalendar, sessions: list[Session], weeks: set[int], new_doses: Mapping[int, tuple[int, str]]) -> dict[int, str]:
    """Of ``weeks`` (back from a break, their Nordic dose halved), each one whose strength
    sessions hold Nordic curls -> what the note on it says they do, with the dose the first of
    them gives: "halve their dose (1 × 5)", or, where it halves a full dose the runner has not
    done (``new_doses``: week -> that dose's sets and reps), which (a runner back from a holiday read "halve their
    dose" beside a drop from 3 × 12/10/8 to 1 × 5: the programme had passed week 10 meanwhile)."""
    doses: dict[int, str] = {}
    for s in sessions:
        week = cal.week_of(s.date)
        if s.kind == "strength" and week in weeks and week not in doses:
            nordic = next((e for e in s.exercises if is_nordic(e)), None)
            if nordic is not None:
                dose = f"{nordic.sets} × {nordic.reps}"
                if week in new_doses:
                    sets, reps = new_doses[week]
                    doses[week] = f"halve the programme's next dose, {sets} × {reps} ({dose} this week)"
                else:
                    doses[week] = f"halve their dose ({dose})"
    return doses


def _sessions_beside_runs(cal: PlanCalendar, sessions: list[Session]) -> dict[int, dict[str, set[str]]]:
    """Per plan week, the weekdays a run shares with a strength or mobility session, by the
    session's kind (``notes._what_days_hold``: a time-limited run day's minutes hold them too;
    the peak week's are the ones that held it: a novice read "the strength and mobility sessions
    on Tuesday and Thursday share those minutes" beside a peak week lifting on Wednesday and
    Friday)."""
    run_days = {s.date for s in sessions if s.kind == "run"}
    out: dict[int, dict[str, set[str]]] = {}
    for s in sessions:
        if s.kind in ("strength", "mobility") and s.date in run_days and s.status != "cancelled":
            out.setdefault(cal.week_of(s.date), {}).setdefault(WEEKDAYS[s.date.weekday()], set()).add(s.kind)
    return out
