"""Where each session stands in its progression: a quality session's rung (one step up per session
of its kind, held in step-back and taper weeks), a strength session's level (one step per full
week, deloaded in step-back weeks, heavy slow steps for a tendon), and the words a session
carries when it repeats the last one or steps back from it."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from datetime import date, timedelta

from hamplan.calendar import BREAK_RETURN_MIN_DAYS, PlanCalendar, no_fast_running_until, plan_week_key
from hamplan.content.runs import RunContent, as_bigger_set, as_harder, as_repeat, as_shorter_recoveries, work_effort
from hamplan.content.strength import TENDON_ISOMETRIC_WEEKS
from hamplan.content.workouts import STEP_BACK_WORK_FACTOR, WorkoutPaces, work_min
from hamplan.models import QUALITY_TYPES, PlanRequest
from hamplan.rules.settings import sessions_min
from hamplan.solver.quality import STEP_BACK_SHARE
from hamplan.solver import DayPlan
from hamplan.plan.day_runs import PlannedDay


def quality_levels(cal: PlanCalendar, days: list[PlannedDay], step_back_weeks: set[int]) -> list[int]:
    """Each day's place in its workout's progression: one step up per session of the same kind
    in a normal week; in a step-back week the last one's rung, its work cut by a quarter
    (``Progression.step_back``: one rung down did not cut it where a kind's first rung has none
    below it, nor where rungs hold the same minutes); held in the taper; a rung below the last
    one done for the first session of a kind after a week or more without a run or after an
    easy return. A re-plan goes on from the sessions of each kind its history holds (it
    restarted at the first rung: a marathoner's re-plan in week 12 went back from 7 km at
    marathon pace to 3.5)."""
    stepped = _history_step_backs(cal)
    progress: dict[str, int] = dict(Counter(
        h.type for h in cal.request.history if h.kind == "run" and h.type in QUALITY_TYPES and cal.week_of(h.date) not in stepped
    ))
    # the first session of each kind after a week or more without a run (a break, an illness, a
    # missed week) runs a rung below the last one done rather than step up: a re-plan's first
    # session after five days ill went from 2 x 10 min at threshold to 28 min (22 of 77 re-plans
    # a coach read) (and after a graduated return: an illness, a niggle or a missed week, however
    # short)
    last_run = max((h.date for h in cal.request.history if h.kind in ("run", "race")), default=None)
    easing = cal.request.easing
    eased_until = easing.until if easing is not None and easing.reason != "overload" else None
    rested: set[str] = set()
    levels = []
    for d in days:
        if d.run_type is not None:
            if last_run is not None and (d.plan.day - last_run).days - 1 >= BREAK_RETURN_MIN_DAYS:
                rested = set(progress)
            if eased_until is not None and d.plan.day > eased_until:
                rested, eased_until = set(progress), None
            last_run = d.plan.day
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
        elif kind in rested:
            # a rung below the last one done, and the ladder climbs back from there: held at the
            # last rung, re-sized to the week back, 12 of 76 re-plans of seed 2131 still ran a
            # bigger first session after a missed week or an illness than the last one before
            rested.discard(kind)
            back = max(done - 1, 1)
            progress[kind] = back if done > 1 else done
            levels.append(back)
        else:
            progress[kind] = done + 1
            levels.append(done + 1)
    return levels


#: What the plan remembers of each kind's last session outside step-back and taper weeks
#: (:func:`say_if_repeated`): its title, how many times its recoveries have shortened, the
#: recovery it ran (seconds), its day, and how hard its work steps are run (tenths, ``work_effort``).
LastSet = tuple[str, int, int | None, date, int | None]


#: A run within this many minutes of its day's time limit fills the day: a bigger set needs more.
DAY_FULL_WITHIN_MIN = 10


def run_minutes_left(cal: PlanCalendar, plan: DayPlan) -> int | None:
    """What a day's time limit leaves its run beside the strength and mobility sessions it holds,
    as the planner budgets them (None: no limit). A 37-min marathon-pace session on a 60-min
    Tuesday beside a strength session read "the other days carry the week's distance"."""
    limit = cal.max_minutes(plan.day)
    if limit is None:
        return None
    return limit - sessions_min(
        cal, plan.day, strength=plan.strength, strength_short=plan.strength_short, mobility=plan.mobility, mobility_short=plan.mobility_short,
    )


def say_if_repeated(
    content: RunContent, day: PlannedDay, last_sets: dict[str, LastSet], holding: bool,
    render: Callable[..., RunContent], km: float, week_km: float, room_km: float, easy_share: float,
    day_limit_min: int | None = None, ramped: bool = False, *, paces: WorkoutPaces, work_km: float | None = None,
) -> RunContent:
    """A quality session whose set is the last one of its kind again, in a week where it should
    grow (not a step-back week, not the taper), says so and why: a progression never stalls
    silently: its recoveries shorten instead (``RECOVERY_STEP_FACTOR``, down to their floor),
    the step a coach takes where reps cannot grow; where they fit a bigger set, that set is the
    week's step, and the week after starts from those recoveries. ``last_sets`` remembers each kind's last
    title outside those weeks, how many times its recoveries have shortened since it came, the
    effort of its work steps (the same reps run harder say so), and
    the recovery it last ran (seconds: the text compares with what the runner ran, not with a
    step a week whose shorter recoveries would have changed its set never took); ``render`` makes the
    session again for another distance and week (its ``km``, its ``week_km``, the most a
    quality day of that week may run: ``room_km``; the runner's ``easy_share``; the day's own
    time limit less its strength and mobility sessions, ``day_limit_min``). ``ramped``: the
    session does less than its day holds, so that its block climbs (:func:`ramp_to_cap`): a
    level start says that, not what holds the set (a marathoner's 1.5 km at marathon pace read
    "the time you have that day holds no bigger set" beside 2 km on the same day later).
    ``paces``: the session's work paces, by which one set is bigger than another."""
    kind = day.quality
    # (a long run carrying the week's work sizes it by the week, not by a session day's room)
    if kind is None or kind == "strides" or holding or content.title.startswith("Easy run") or day.run_type == "long":
        return content
    title, steps, ran_s, last_day, last_effort = last_sets.get(kind, ("", 0, None, day.plan.day, None))
    kept_steps = 0
    if title != content.title and steps and not ramped:
        # the set last run came with recoveries already shortened, which fitted a bigger set:
        # this week starts from them (with full recoveries its smaller set read as a new one,
        # and a new rung's set fell back: 5 x 4 min on shorter jogs, then 4 x 600 m)
        again = render(km, week_km=week_km, recovery_steps=steps)
        more = _work_min(again, paces) - _work_min(content, paces)
        if (again.title == title and more >= 0) or more > WORK_GROWS_MIN:
            content, kept_steps = again, steps
    if title != content.title:
        last_sets[kind] = (content.title, kept_steps, _recovery_s(content), day.plan.day, work_effort(content))
        return content
    effort = work_effort(content)
    if effort is not None and last_effort is not None and effort > last_effort:
        # the same reps, run harder: that is this week's step, not "the same set as last time ...
        # aim to run it a little more smoothly" (hill sprints from 8/10 to 9/10 at 6 or 8 reps)
        last_sets[kind] = (content.title, steps, _recovery_s(content), day.plan.day, effort)
        return as_harder(content, last_effort, effort, last_day)
    # (read against the distance its work is sized on, ``work_km``: easy distance it took from the
    # day after the long run runs beside the set, which ``render`` holds to its work)
    reason = "ramp" if ramped else _why_repeated(content.title, render, km if work_km is None else work_km, week_km, room_km)
    if reason in ("distance", "both") and day_limit_min is not None and content.duration_min + DAY_FULL_WITHIN_MIN >= day_limit_min:
        # the day's own time holds it, not the week (a 68-min marathon-pace session on a 75-min
        # Tuesday read "this week keeps this run short"; 3 x 800 m in 39 min of a 45-min day,
        # "this run is short this week")
        reason = "day" if reason == "distance" else "day_and_share"
    shorter = render(km, week_km=week_km, recovery_steps=steps + 1)
    after = _recovery_s(shorter)
    if shorter.title == content.title and ran_s is not None and after is not None and after < ran_s:
        last_sets[kind] = (content.title, steps + 1, after, day.plan.day, effort)
        return as_shorter_recoveries(shorter, ran_s, after, last_day)
    if (not ramped and shorter.title != content.title and not shorter.title.startswith("Easy run")
            and _work_min(shorter, paces) > _work_min(content, paces) + WORK_GROWS_MIN):
        # shorter recoveries fit a bigger set: that is this week's step (a 10K runner's last
        # peak week repeated 3 x 800 m with 3.5-min jogs where 3 x 1000 m with 3-min jogs
        # fitted), and its text says so (fewer, longer reps too: 3 x 400 m, then 2 x 800 m, a
        # third more work, read as a set that fell without it)
        last_sets[kind] = (shorter.title, steps + 1, after, day.plan.day, work_effort(shorter))
        # the recoveries are compared where the reps are the same (3 x 800 m, then 4 x 800 m):
        # beside other reps, each jogs about as long as its rep (3 x 600 m's 3 min, 5 x 400 m's
        # 90 s) whatever the step
        same_reps = _rep_words(shorter.title) == _rep_words(title)
        recoveries = (ran_s, after) if same_reps and ran_s is not None and after is not None and after < ran_s else None
        return as_bigger_set(shorter, _set_words(title), last_day, recoveries)
    # last week's recoveries again (at their floor, or where shorter ones would change the set:
    # 3 x 800 m whose shorter jogs fit a fourth rep ran its 3.5-min jogs, and the week after read
    # "2.5 min instead of 3 min")
    same = render(km, week_km=week_km, recovery_steps=steps) if steps else content
    # remembered under the title its full recoveries give, as next week's set is first made
    last_sets[kind] = (content.title, steps, _recovery_s(same), day.plan.day, effort)
    if same.title != content.title:
        # the recoveries last run fit more of the set this week: that is this week's set (its
        # full jogs, under "the same set", had gone back up from 3 to 3.5 min)
        return same
    return as_repeat(same, reason, easy_share, last_day)


#: More work than this (minutes at pace) makes a set bigger, not the same set rounded otherwise.
WORK_GROWS_MIN = 0.5


def _work_min(content: RunContent, paces: WorkoutPaces) -> float:
    """Minutes of a session's work steps at ``paces``, reps counted (0: no workout)."""
    return 0.0 if content.workout is None else work_min(content.workout, paces)


def _set_words(title: str) -> str:
    """The set a session's title names ("3 × 800 m" of "Intervals · 3 × 800 m")."""
    return title.split(" · ", 1)[-1]


def _rep_words(title: str) -> str:
    """The rep a session's title names ("800 m" of "Intervals · 3 × 800 m"; a continuous set: all of it)."""
    return _set_words(title).split(" × ", 1)[-1]


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
    # (no cap on the work: a session read here has none but one its day's taken distance sets)
    by_distance = render(ROOM_FACTOR * km, week_km=week_km, most_work_min=math.inf).title != title
    by_week = render(km, week_km=ROOM_FACTOR * week_km, most_work_min=math.inf).title != title
    if by_distance:
        return "easy_share" if km >= room_km - ROOM_SLACK_KM else "distance"
    if by_week:
        return "share"
    return "both" if render(ROOM_FACTOR * km, week_km=ROOM_FACTOR * week_km, most_work_min=math.inf).title != title else "top"


#: The quality kinds whose blocks climb to what their days hold (:func:`ramp_to_cap`): marathon
#: pace, one continuous block whose length is the whole progression. Not intervals: a set its
#: day holds level shortens its recoveries, which can let a longer rep fit (a 10K runner's
#: 3 × 800 m twice, then 3 × 1000 m); ramped, that became 3 × 600, 3 × 800, 3 × 800 m, and 5K
#: novices' 3 × 400 m fell to the two reps of a short day. Threshold runs progress in their
#: shapes, and a half marathon's peak sessions hold threshold and half pace in one.
RAMPED_KINDS: tuple[str, ...] = ("marathon",)
#: A ramped block's first sessions do at least this share of what their days hold: a long block
#: starts there and holds, rather than starting at a token dose.
RAMP_FLOOR_SHARE = 0.6


def session_work_min(content: RunContent, wpaces: WorkoutPaces) -> float:
    """Minutes of a quality session's work (0 for a run that is no session: an easy run)."""
    if content.workout is None or content.title.startswith("Easy run"):
        return 0.0
    return work_min(content.workout, wpaces)


def ramp_to_cap(renders: list[Callable[..., RunContent]], rung_work_min: list[float], wpaces: WorkoutPaces) -> list[float]:
    """The most minutes of work each session of a block may do (``math.inf``: what its day
    holds), so that a block its days hold level under its rungs grows from session to session
    (COACHING.md: "the work volume grows from session to session within a phase").

    ``renders``: the full build and peak weeks' sessions of one kind, in order, each a render
    taking ``most_work_min``; ``rung_work_min``: each one's rung's own work, with no day limit.
    The marathon ladder starts at 8 km at marathon pace; a runner whose session days held 7.5 km
    ran 7.5 km in each of four to six sessions (17 of 41 marathon plans of seed 2027 repeated a
    block four times or more).

    From the last session back, a session that holds no more than the next one holds, where the
    ladder would have grown past it (the next session's rung), does less than the next one does
    (a step of the block's own rounding: half a kilometre at marathon pace), and as much as the
    next one where a step would take it under :data:`RAMP_FLOOR_SHARE` of what its day holds (a
    long block starts level); never so little that it is no session. A session bigger than the
    next one keeps its work (a smaller day later is no reason to cut the build before it), and so
    do the ladder's top repeated and a session after a bigger one (cut, it would deepen that fall:
    4.5, 2, 2, 6 km had become 4.5, 1.5, 2, 6)."""
    held = [session_work_min(render(most_work_min=math.inf), wpaces) for render in renders]
    most = [math.inf] * len(renders)
    next_work = next_held = math.inf
    for j in reversed(range(len(renders))):
        if held[j] <= 0:
            next_work = next_held = math.inf
            continue
        work = held[j]
        grows_to = rung_work_min[j + 1] if j + 1 < len(renders) else rung_work_min[j]
        after_bigger = j > 0 and held[j - 1] > held[j] + 1e-9
        if next_work - 1e-9 <= held[j] <= next_held + 1e-9 and held[j] < grows_to - 1e-9 and not after_bigger:
            step = next_work - 1e-6  # under the next one: the render rounds it down a step
            less = session_work_min(renders[j](most_work_min=step), wpaces)
            if less < RAMP_FLOOR_SHARE * held[j] - 1e-9:
                # level with the next one (a hair over it: minutes back to km must not round down)
                step = next_work + 1e-6
                less = min(session_work_min(renders[j](most_work_min=step), wpaces), next_work)
            if 0 < less < held[j] - 1e-9:
                most[j], work = step, less
        next_work, next_held = work, held[j]
    return most


def with_less_work(
    content: RunContent, kind: str | None, stepping_back: bool, last_work_min: dict[str, float],
    render: Callable[..., RunContent], km: float, week_km: float, wpaces: WorkoutPaces,
) -> RunContent:
    """A step-back or taper week's session (``stepping_back``) with less work than the last full
    week's of its kind: its step at :data:`STEP_BACK_WORK_FACTOR` (the taper's at
    ``TAPER_WORK_FACTOR``) is less than the step, but where the day's room held the full week's
    session under its step that could still match it (a sore tendon's 2 × 6 min in week 5 and
    again in step-back week 6; a 4:30 marathoner's "short dose at pace" in the taper, 5 km at
    marathon pace after build sessions the days had held to 4.5): then at most that share of the
    full week's work; where that leaves no session at all, the least set over it up to the full
    week's work; where none is, the session as it was. A full week's session sets the mark for
    its kind."""
    if kind is None or kind == "strides" or content.workout is None or content.title.startswith("Easy run"):
        return content
    done = work_min(content.workout, wpaces)
    if not stepping_back:
        last_work_min[kind] = done
        return content
    most = STEP_BACK_WORK_FACTOR * last_work_min.get(kind, math.inf)
    if done <= most + 1e-9:
        return content
    # no session at all: a day that ran an easy run, or a long run that ran steady (a long run
    # carrying a step-back week's threshold, capped under its least dose, had left the week
    # without a faster minute, its eve's strides already given up for it); then the least set
    # over that share, a minute more at a time up to the full week's work (a step-back long run's
    # 2 x 5 min at threshold had followed a full week's 2 x 4 min, and a 53-year-old's step-back
    # week held all of the 2 x 5 min before it, where 2 x 4 min is the least set)
    full = last_work_min[kind]  # (known: without a full week's mark, ``most`` is infinite)
    for cap in (most, *(most + step for step in range(1, math.ceil(full - most))), full):
        if done <= cap + 1e-9:
            return content
        capped = render(km, week_km=week_km, most_work_min=cap)
        if not (capped.title.startswith("Easy run") or capped.workout is None or work_min(capped.workout, wpaces) <= 0):
            return capped
    return content


def strength_weeks_back(
    cal: PlanCalendar, days: list[PlannedDay], missed: tuple[date, date] | None = None, ill_weeks: Collection[int] = (),
) -> set[int]:
    """The weeks whose strength is the first after a break of a week or more
    (``weeks_back_from_breaks``), a re-plan's logged one (:func:`logged_break_before_start`) or an
    illness (``ill_weeks``, :func:`illness_return_weeks`): the week back, or where that one holds none (its days taken
    by the long run and the rules' spacing), the week after it. Its sessions keep the last full
    week's load in fewer sets: a marathoner's first session 14 days after his last one was a
    step up, to a harder variant, beside a note that promised the last load."""
    with_strength = {cal.week_of(d.plan.day) for d in days if d.plan.strength}
    weeks_back = set(cal.weeks_back_from_breaks)
    if missed is not None:  # a re-plan's days missed (:func:`logged_break_before_start`)
        weeks_back.add(cal.week_of(missed[1] + timedelta(days=1)))
    # an illness's return too, however short the illness: a 54-year-old back from five days ill
    # ran the full 3 x 12/10/8 Nordic curls two, four and six days after it
    weeks_back |= set(sorted(ill_weeks)[:1])
    firsts = (first_strength_week_back(week, with_strength) for week in weeks_back)
    return {week for week in firsts if week is not None}


def logged_break_before_start(
    request: PlanRequest, days_off: Sequence[tuple[date, date]], lifted: Collection[date], until: date,
) -> tuple[date, date] | None:
    """The days (first, last) a re-plan's log holds no run (``days_off``, as
    :func:`~hamplan.plan.figures.days_without_running` has them up to ``until``, the day it is
    made) and no strength session (``lifted``) in, up to that day, where they are a week or more
    (``BREAK_RETURN_MIN_DAYS``) and no blackout among them (the break's own week back says that):
    its first strength back keeps the last full week's load in fewer sets and halves the Nordic
    curls, as after a break (after a whole missed week the first session back had stepped up, to
    "heavier than your last full week" and Nordic curls 3 x 12/10/8 from 3 x 8-10, in 26 of 26
    such re-plans a coach read). None otherwise."""
    if request.phases_from is None:
        return None
    eve = until - timedelta(days=1)
    gap = next(((first, last) for first, last in days_off if last == eve), None)
    if gap is None or (gap[1] - gap[0]).days + 1 < BREAK_RETURN_MIN_DAYS:
        return None
    lifts = [day for day in lifted if gap[0] <= day <= gap[1]]
    if lifts:
        # lifts early in the days unrun: the days after the last of them, where a week or more,
        # are the break (a 67-year-old, 11 days unrun and 12 without a lift after a missed week,
        # went from Nordic curls 3 x 8-10 straight to 3 x 12/10/8 in the re-plan's first session)
        gap = (max(lifts) + timedelta(days=1), gap[1])
        if (gap[1] - gap[0]).days + 1 < BREAK_RETURN_MIN_DAYS:
            return None
    if any(b.from_ <= gap[1] and gap[0] <= b.to for b in request.schedule.blackout):
        return None
    return gap


def first_strength_week_back(week_back: int, strength_weeks: Collection[int]) -> int | None:
    """The week of the first strength after a break: the week back, else the week after it
    (where the week back holds none); None where neither holds any."""
    return next((w for w in (week_back, week_back + 1) if w in strength_weeks), None)


def illness_return_weeks(cal: PlanCalendar) -> set[int]:
    """The plan weeks of an illness's return (``pause`` with ``"illness"``): its easy days and the
    rest of the week they end in (``no_fast_running_until``)."""
    easing = cal.request.easing
    until = no_fast_running_until(cal.request)
    if easing is None or easing.reason != "illness" or until is None:
        return set()
    return {cal.week_of(d) for d in cal.days if d <= until}


def strength_progression(
    cal: PlanCalendar, days: list[PlannedDay], step_back_weeks: set[int], stepped_up_weeks: Collection[int] = (),
) -> tuple[dict[int, int], set[int]]:
    """Each week's place in the strength progression: one step up per full week with strength,
    the same step (same load, fewer sets) in a step-back week and in the taper; a re-plan goes
    on from the weeks with strength its history holds. 0: no full week yet (a deload week that
    comes first introduces the lifts). A session in the six days before the race lifts lighter
    (race week as the runner counts it), so it is no step up of its plan week.

    And the weeks held for the race: the last full week with strength before the taper (a 5K or
    10K's: most often the week before race week) lifts its last full week's load and reps, no
    step up (``HOLD_FOR_RACE``), where a full week came before it. Read from the weeks that
    lift, not the calendar: a blackout emptying the last pre-taper week had let the week before
    it step up while the empty week held.

    ``stepped_up_weeks``: weeks whose strength already run stepped up, whatever the rest of the
    week holds (a pause's week, its sessions before the first day off run at the week's step:
    the week back read "2 x 8, the same load as your last full week" beside the 3 x 6, heavier,
    run two days before the illness)."""
    with_strength = sorted({cal.week_of(d.plan.day) for d in days if d.plan.strength and not cal.is_race_week_day(d.plan.day)})
    pre_taper = set(cal.pre_taper_weeks)
    full = [w for w in with_strength if (w not in step_back_weeks or w in stepped_up_weeks) and cal.phase(w) not in ("taper", "race")]
    # (a week whose strength already ran at its step is not held back after the fact)
    last_full_before_taper = max((w for w in full if w in pre_taper and w not in stepped_up_weeks), default=None)
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


class HeavySlowSteps:
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
        return now is not None and before is not None and _steps_back(now, before)

    return {week for week in weeks if stepped_back(week)}


def _steps_back(week_km: float, before_km: float) -> bool:
    """Whether a logged week of ``week_km`` steps back from the one before it (``STEP_BACK_SHARE``)."""
    return 0 < before_km and week_km <= STEP_BACK_SHARE * before_km + 1e-9


def _history_strength_steps(cal: PlanCalendar) -> int:
    """The strength progression's steps the history holds, counted as a plan counts them: its
    weeks with strength, but for step-back weeks (run km at most 0.8 x the week before), in the
    weeks of the plan a re-plan continues (:func:`~hamplan.calendar.plan_week_key`). Counted in
    the re-plan's own weeks, a pause from a Wednesday put the Monday session that stepped up
    (3 x 6, heavier) in one week with the Thursday before it, and the week back read "2 x 8, the
    same load as your last full week" of the lighter 3 x 8."""
    request = cal.request
    logged = [h for h in request.history if h.date < request.start]
    if not logged:
        return 0
    km: Counter[int] = Counter()
    for h in logged:
        if h.kind in ("run", "race"):
            km[plan_week_key(request, h.date)] += h.distance_km or 0.0
    first_key = plan_week_key(request, min(h.date for h in logged))
    last_whole = plan_week_key(request, request.start) - 1  # a week the start cuts is not judged by its km

    def stepped_back(key: int) -> bool:
        return first_key < key <= last_whole and _steps_back(km[key], km[key - 1])

    weeks = {plan_week_key(request, h.date) for h in logged if h.kind == "strength"}
    return len({w for w in weeks if not stepped_back(w)})
