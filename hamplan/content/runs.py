"""What a run consists of: warm-up, main set, cool-down, stretches and form cues.

The planner budgets every run as distance × its prescribed pace: the middle of the easy zone
for easy, long and quality runs, the slow end for recovery runs. Here the distance is cut into
a structured workout (warm-up jog, main set, recoveries, cool-down jog) whose paces are never
slower than that pace, so the real duration never exceeds the budget the calendar was built on.
The warm-up and cool-down jogs are part of the session distance.
"""

from __future__ import annotations

import math
import re
from datetime import date

from dataclasses import dataclass, field, replace
from functools import lru_cache

from hamplan.calendar import race_class
from hamplan.content.common import fmt_km, fmt_pace, form_cues, run_cooldown, run_warmup_steps
from hamplan.content.workouts import (
    QUALITY_KINDS,
    QUALITY_WARMUP_MIN,
    THEN_THE_DRILLS,
    WARMUP_ABOVE,
    Progression,
    QualityType,
    WorkoutPaces,
    describe_workout,
    duration_words,
    long_run_workout,
    quality_workout,
    session_kind,
    steady_workout,
    step_km,
    step_min,
    title_of,
)
from hamplan.models import (
    KM_PER_MI,
    QUALITY_TYPES,
    Exercise,
    HamstringHistory,
    Intensity,
    Paces,
    Phase,
    RunType,
    StepPace,
    Workout,
    WorkoutBlock,
    WorkoutStep,
    parse_duration_s,
)
from hamplan.paces import format_clock, planning_pace, race_pace, race_time_for_vdot, recovery_pace
from hamplan.rules.coaching.targets import RACE_WEEK_RUN_MAX_MIN
from hamplan.rules.context import EASY_RUN_MAX_MINUTES
from hamplan.words import a_or_an

EASY_WARMUP_MIN: dict[str, int] = {"easy": 5, "recovery": 5, "long": 8}
RACE_COOLDOWN_WALK_MIN = 10
#: The last part of a 5K or 10K's warm-up, after the drills.
RACE_STRIDES = "4 × 15 s strides up to race pace, walking back between; done 5–10 min before the start"
MIN_QUALITY_KM = 1.0
#: Races expected to last longer than this get a fuelling plan: a gel of about 25 g of
#: carbohydrate every 30 min from the 45th (COACHING.md: every 30–40 min from 45 min on), about
#: 50 g an hour once started (30–60 g an hour for races of 1–2.5 h, up to 90 g beyond for a
#: trained gut: Jeukendrup 2014, ACSM 2016; every 35 min gave a 3:15 marathoner about 30 g an hour).
FUEL_FROM_RACE_MIN = 75
FIRST_GEL_MIN = 45
GEL_EVERY_MIN = 30
GEL_CARBS_G = 25

RPE: dict[str, int] = {
    "easy": 3, "recovery": 2, "long": 4, "tempo": 7, "marathon": 6, "intervals": 8, "hills": 8, "race": 9,
}
#: What a run's running time mostly is, as ``easy_share`` counts it (by time at easy intensity).
#: Hill sprints are a minute or two of sprinting in half an hour of easy running, as an easy run
#: with strides is (which has always counted easy): their time is easy. They stay a quality
#: session for ``hard_days`` (its count and spacing go by type) and keep their effort (``RPE``).
INTENSITY: dict[str, Intensity] = {
    "easy": "easy", "recovery": "easy", "long": "easy", "hills": "easy",
    "tempo": "moderate", "marathon": "moderate",
    "intervals": "hard", "race": "hard",
}


@dataclass(frozen=True, slots=True)
class RunContent:
    """One run, ready to become a calendar session."""

    title: str
    warmup_min: int
    warmup: list[str]
    main: list[str]
    cooldown: list[str]
    exercises: list[Exercise]
    cues: list[str]
    duration_min: int
    pace_min_per_km: float
    rpe: int
    intensity: Intensity
    workout: Workout
    segments: list[tuple[str, float, float]] = field(default_factory=list)
    """(step kind, km, min/km) pieces the duration is the sum of; handy for tests and exports."""
    session_held: bool = False
    """A quality day's run that holds its session (not an easy run with strides or race week's
    tune-up it fell back to for want of room)."""


@dataclass(frozen=True, slots=True)
class _Plan:
    """The workout and the words of a run before the shared parts are added."""

    title: str
    warmup_min: int
    main: list[str]
    workout: Workout
    extra_cooldown: list[str]
    effort_of: str = ""
    """The run type whose effort the run has, when not its own (a quality day turned easy run with strides)."""


#: Race week's one short session, as its title names it.
RACE_WEEK_SESSION_TITLE = "Race-week tune-up"
#: The pace a race-week session runs at, by the name its title would have had: "Race-week
#: tune-up · 1 km at marathon pace" (race week's intervals run at race pace).
_TUNE_UP_PACE_WORDS = {
    "Marathon pace": "marathon pace", "Half-marathon pace": "half-marathon pace", "Threshold": "threshold pace",
    "Race-pace tune-up": "race pace",
}


@lru_cache(maxsize=256)
def workout_paces(paces: Paces, race_km: float, race_min_per_km: float | None = None) -> WorkoutPaces:
    """The paces workouts are built from. Marathon and half-marathon pace are the plan's target
    race pace when the race is that distance (goal pace when in reach), Daniels' otherwise; no
    pace is slower than the easy planning pace, so no session outlasts its budget. Every run
    of a plan asks for the same paces: remembered per paces and race (both immutable).
    ``race_min_per_km``: race day's pace where it is not the plan's target (a break shortly
    before the race slows it); race pace and the race distance's own pace follow it."""
    easy = planning_pace(paces, "easy")
    race = min(race_pace(paces, race_km), easy) if race_min_per_km is None else race_min_per_km
    marathon = race if race_km > 21.1 else planning_pace(paces, "marathon")
    if 10.0 < race_km <= 21.1:
        half = race
    else:
        half = race_time_for_vdot(paces.vdot, 21.0975) / 60.0 / 21.0975
    return WorkoutPaces(
        easy=easy, recovery=max(recovery_pace(paces), easy), marathon=min(marathon, easy), half_marathon=min(half, easy),
        threshold=planning_pace(paces, "threshold"), interval=planning_pace(paces, "interval"),
        repetition=planning_pace(paces, "repetition"), race=race,
    )


def quality_kind(run_type: str, quality_type: str | None) -> QualityType | None:
    """The workout a run gets: the solver's quality type when it names one, else its run type."""
    if quality_type in QUALITY_KINDS:
        return quality_type  # type: ignore[return-value]
    if run_type in QUALITY_KINDS:
        return run_type  # type: ignore[return-value]
    return None


def run_content(
    run_type: RunType,
    distance_km: float,
    paces: Paces,
    *,
    phase: Phase = "base",
    week_index: int = 1,
    hamstring_history: HamstringHistory = "none",
    hold_s: int = 30,
    cadence_spm: int | None = None,
    race_time_s: float | None = None,
    quality_type: str | None = None,
    quality_level: int | None = None,
    week_km: float = 0.0,
    race_km: float | None = None,
    race_eve: bool = False,
    race_week: bool = False,
    race_week_cap_min: int | None = None,
    medium_long: bool = False,
    masters: bool = False,
    step_back: bool = False,
    most_work_min: float = math.inf,
    recovery_steps: int = 0,
    time_cap_min: int | None = None,
    longer_than_the_rest: bool = True,
    before_session: bool = False,
    units: str = "km",
) -> RunContent:
    """The content of one run of ``distance_km`` km (warm-up and cool-down jogs included).

    ``quality_type`` ('strides' on an easy run; 'hills', 'tempo', 'marathon', 'intervals' on a
    quality day) picks the workout; ``quality_level`` is its place in the progression (1 = the
    first; default: one step per two weeks), ``week_km`` the week's running that Daniels' limits
    are shares of (0: not applied), ``race_km`` the plan's race (default: the run's distance for
    the race, else a half marathon). ``race_eve``: the run is the day before the race; it and the
    race cool down with a walk, leg swings and only the safety rule's shortest hamstring holds,
    as do the other runs of ``race_week`` (the six days before the race), whose longest run
    on that day ``race_week_cap_min`` gives (default: race week's, 45 or 60 min).
    ``medium_long``: an easy run that is the week's medium-long run, and says so. ``masters``:
    the runner is 50 or more (hill sprints strong but relaxed, not hard, as after any hamstring
    injury; ``GENTLE_FAST_RUNNING_AGE``). ``recovery_steps``:
    full weeks in a row the session's set has repeated, which shorten its recoveries.
    ``time_cap_min``: the longest a long run may last (``long_run_max_min``); a steady long run
    the planner placed at it lasts it exactly (:func:`_at_time_cap`). ``longer_than_the_rest``:
    a long run longer than its week's other runs (else one of race week's reads as an easy run).
    ``before_session``: the run is the eve of a quality session; its strides stop at six, as
    in a step-back week (a session week's strides go there only where no other day is free).

    For another run, ``race_time_s`` (if given) sets the race pace its work runs at.
    For the race, ``distance_km`` is the race distance; its time is ``race_time_s`` if given,
    else ``paces.target_time`` (the goal when within reach, else the prediction), else the
    Daniels equivalent of ``paces.vdot``. Its warm-up and cool-down walk happen off the course
    and are not part of ``duration_min``.
    """
    if distance_km <= 0:
        raise ValueError("a run needs a distance of more than zero km")
    kind = quality_kind(run_type, quality_type)
    if kind is not None and kind != "strides" and distance_km < MIN_QUALITY_KM:
        raise ValueError(f"{a_or_an(run_type)} session needs at least {MIN_QUALITY_KM:g} km (warm-up, main set, cool-down)")
    race_distance = race_km if race_km is not None else (distance_km if run_type == "race" else 21.0975)
    # race pace is the finish time race day aims at, wherever that differs from the plan's (a
    # break shortly before the race slows it): the race's minutes follow it (4:02:45 read 240
    # min), and so does work at race pace and at the race distance's own pace (a tune-up read
    # 5:41 /km beside 5:45; half-marathon pace 7:03 /km after a break beside the race card's 7:06)
    race_day_pace = None if race_time_s is None else race_time_s / 60.0 / (distance_km if run_type == "race" else race_distance)
    wpaces = workout_paces(paces, race_distance, race_day_pace)
    prog = None
    if kind is not None:
        level = quality_level if quality_level is not None else 1 + max(week_index - 1, 0) // 2
        # hill sprints strong but relaxed, not hard, at 60 and over or after a hamstring injury (a
        # coach read "hard effort (about 9/10)" beside "never an all-out sprint" for a strain)
        prog = Progression(level=level, phase=phase, week_km=week_km, race_km=race_distance,
                           gentle_fast_running=masters or hamstring_history != "none" or (before_session and kind == "strides"), step_back=step_back,
                           most_work_min=most_work_min, recovery_steps=recovery_steps)
    if run_type == "race":
        plan = _race(distance_km, paces, race_time_s, wpaces, units)
    elif run_type == "long" and kind is not None and prog is not None and (
        with_work := _long_run_with_work(kind, distance_km, wpaces, prog, long_race=race_class(race_distance) != "short")
    ) is not None:
        plan = with_work
    elif kind is not None and prog is not None and run_type != "long":
        plan = _quality(kind, distance_km, wpaces, prog, run_type)
        if hamstring_history == "tendinopathy" and plan.title.startswith("Easy run + strides"):
            # no strides on a sore tendon (tendinopathy_care: no sprints): fast running loads the
            # hamstring at length, the tendon's aggravator; the day is a plain easy run
            steady = _steady("easy", distance_km, wpaces, medium_long=medium_long, long_race=race_class(race_distance) != "short")
            plan = replace(steady, effort_of="easy" if run_type != "easy" else "")
        elif run_type == "easy" and plan.title.startswith("Easy run + strides") and (
            medium_long or _past_an_easy_run(distance_km, wpaces.easy)
        ):
            # and says what it is, as a medium-long run without strides does
            why = MEDIUM_LONG_WHY if medium_long else LONG_EASY_WHY
            plan = replace(plan, title=plan.title.replace("Easy run", "Medium-long run", 1), main=[*plan.main, why])
        elif run_type == "easy" and plan.title.startswith("Easy run + strides") and _well_past_an_hour(distance_km, wpaces.easy):
            plan = replace(plan, main=[*plan.main, LONG_EASY_WHY])
    elif run_type in ("easy", "recovery", "long"):  # (a long run whose work did not fit runs steady)
        if run_type == "long" and time_cap_min is not None:
            wpaces = _at_time_cap(wpaces, distance_km, time_cap_min)
        plan = _steady(run_type, distance_km, wpaces, medium_long=medium_long and run_type == "easy",
                       long_race=race_class(race_distance) != "short",
                       race_week_cap_min=(race_week_cap_min or RACE_WEEK_RUN_MAX_MIN[race_class(race_distance)]) if race_week else None,
                       race_eve=race_eve, longer_than_the_rest=longer_than_the_rest)
    else:
        raise ValueError(f"unknown run type {run_type!r}")

    segments = _segments(plan.workout, wpaces, distance_km)
    # rounded to a millionth of a minute first: float noise in the segment sum (0.8 + 33.2 km at
    # 6.25 gave 212.50000000000003) must not turn the budget's half minute into one more minute
    minutes = round(sum(km * pace for _, km, pace in segments), 6)
    stretch_steps, stretches = run_cooldown(hamstring_history, hold_s, near_race=race_eve or run_type == "race", in_race_week=race_week)
    tendon = hamstring_history == "tendinopathy"
    short_race = run_type == "race" and race_class(race_distance) == "short"
    # a race of 10 km or less (a 5K, a 10K) starts fast: its warm-up is a jog with a few strides at
    # the end, where a longer race's walk or jog saves the legs (strides stay off a sore tendon)
    warmup = run_warmup_steps(plan.warmup_min, walk_first=run_type == "recovery" or (run_type == "race" and not short_race), tendon=tendon)
    if short_race and not tendon:
        warmup.append(RACE_STRIDES)
    cues = form_cues(cadence_spm, race=run_type == "race")
    # the run as it came out holds fast running: strides (a session the day could not hold turns
    # into an easy run with them), or intervals, hill sprints or a tune-up kept as such; not a
    # sore tendon's strides day, which is a plain easy run
    fast = "strides" in plan.title.lower() or (kind in ("intervals", "hills", "tuneup") and not plan.title.startswith("Easy run"))
    if fast and hamstring_history != "none":
        plan.main.append("Fast means strong and controlled, never an all-out sprint: stop if the back of the thigh tightens")
    return RunContent(
        title=plan.title,
        warmup_min=plan.warmup_min,
        warmup=warmup,
        main=plan.main,
        cooldown=plan.extra_cooldown + stretch_steps,
        exercises=stretches,
        cues=cues,
        duration_min=int(round(minutes)),
        pace_min_per_km=round(minutes / distance_km, 3),
        rpe=RPE[plan.effort_of or run_type],
        intensity=INTENSITY[plan.effort_of or run_type],
        workout=plan.workout,
        segments=segments,
        session_held=run_type in QUALITY_TYPES and not plan.effort_of,
    )


#: Why a quality session repeats its last set (:func:`as_repeat`), by what holds it back, as a
#: runner reads it: what holds it, not the planner's rule names (a coach
#: read "this day gets no more distance (its other runs take the rest)" beside 10-second hill
#: sprints, and "the 80/20 rule, which counts a session's warm-up and cool-down as hard
#: running" as solver output), and only what is true of the run ("this run is short this week"
#: stood beside a 39-min session as long as the last one, on a 45-min day).
REPEAT_REASONS = {
    "distance": "this week keeps this run at its length, and the other days carry the week's distance",
    "day": "the time you have that day holds no bigger set",
    "easy_share": ("about {easy} of your week's running time stays easy, and this session, warm-up and cool-down "
                   "included, already takes about {hard} of it"),
    "share": "more work at this pace would be more than one session should hold this week (Daniels' limits)",
    "both": ("a longer set needs both a longer run and a bigger week: more work at this pace would be more than "
             "one session should hold (Daniels' limits)"),
    "top": "this is the top of its progression",
    "ramp": "the block starts level here and grows later, as far as your days hold",
}
REPEAT_REASONS["day_and_share"] = f"{REPEAT_REASONS['day']}, and {REPEAT_REASONS['share']}"


def shares_in_words(easy_share: float) -> tuple[str, str]:
    """The easy and the hard share of a week as a runner reads them: "four fifths" and "a fifth"
    at the default 80 %, else per cent."""
    if abs(easy_share - 0.8) < 1e-9:
        return "four fifths", "a fifth"
    easy_pc = round(easy_share * 100)
    return f"{easy_pc} %", f"{100 - easy_pc} %"


def last_time(day: date | None) -> str:
    """Which session "last time" is: its day ("Tuesday 18 May"), step-back weeks aside. A
    marathoner read "the same set as last time" beside a shorter session three days before, in
    a step-back week, with no day named."""
    return "(step-back weeks aside)" if day is None else f"({day:%A} {day.day} {day:%B}, step-back weeks aside)"


def repeat_note(reason: str, easy_share: float = 0.8, last_day: date | None = None) -> str:
    """The line a repeated set carries: the same set as on ``last_day``, and what keeps it from
    growing (``easy_share``: the runner's share of easy running, ``rules.easy_share``)."""
    easy, hard = shares_in_words(easy_share)
    return (f"The same set as last time {last_time(last_day)}: {REPEAT_REASONS[reason].format(easy=easy, hard=hard)}, "
            "so repeat it and aim to run it a little more smoothly")


def _with_set_note(content: RunContent, note: str) -> RunContent:
    """The run with ``note`` on its main set, after the warm-up's line."""
    return replace(content, main=[*content.main[:1], note, *content.main[1:]])


def as_shorter_recoveries(content: RunContent, before_s: int, after_s: int, last_day: date | None = None) -> RunContent:
    """The run, its text saying that its main set repeats the last session's reps (on
    ``last_day``) with shorter recoveries (``before_s`` → ``after_s`` seconds): this week's
    step (what holds the reps back is the planner's business here; a coach read the reasons as
    planner talk)."""
    note = (f"The same reps as last time {last_time(last_day)}, with shorter recoveries: "
            f"{duration_words(after_s)} instead of {duration_words(before_s)}. That is this week's step")
    return _with_set_note(content, note)


def as_bigger_set(content: RunContent, last_set: str, last_day: date | None = None,
                  recoveries_s: tuple[int, int] | None = None) -> RunContent:
    """The run, its text saying that its main set is bigger than the last session's
    (``last_set``, on ``last_day``), this week's step; ``recoveries_s``: the same reps as then,
    more of them, because the recoveries are shorter (seconds then, now)."""
    # the last set named as the last one's ("A bigger set than last time (Friday 23 April, ...),
    # 2 x 400 m" on a 2 x 4 min session read as this week's set)
    note = f"A bigger set than last time's {last_set} {last_time(last_day)}"
    if recoveries_s is not None:
        before_s, after_s = recoveries_s
        note += f": shorter recoveries, {duration_words(after_s)} instead of {duration_words(before_s)}, fit more reps"
    return _with_set_note(content, note + ". That is this week's step")


#: How hard a work step is run, as its note says it (9 of "steep hill, hard effort (about 9/10),
#: tall and quick").
_EFFORT = re.compile(r"\(about (\d+)/10\)")


def work_effort(content: RunContent) -> int | None:
    """How hard a session's work steps are run, in tenths, where their note says it (8 of "about
    8/10": hill sprints); None for a session run at a pace, or no workout."""
    if content.workout is None:
        return None
    notes = (step.note or "" for block in content.workout.blocks for step in block.steps if step.kind == "work")
    return next((int(found.group(1)) for note in notes if (found := _EFFORT.search(note))), None)


def as_harder(content: RunContent, before: int, after: int, last_day: date | None = None) -> RunContent:
    """The run, its text saying that its main set repeats the last session's reps (on
    ``last_day``) run harder (``before`` → ``after`` tenths: 8 → 9): this week's step (a coach
    read "the same set as last time ... aim to run it a little more smoothly" beside hill
    sprints whose effort had risen from 8/10 to 9/10)."""
    note = (f"The same reps as last time {last_time(last_day)}, run harder: about {after}/10 instead of about {before}/10. "
            "That is this week's step")
    return _with_set_note(content, note)


def as_repeat(content: RunContent, reason: str, easy_share: float = 0.8, last_day: date | None = None) -> RunContent:
    """The run, its text saying that its main set repeats the last session's (on ``last_day``)
    and why (a progression that cannot grow this week says so instead of repeating silently)."""
    return _with_set_note(content, repeat_note(reason, easy_share, last_day))


#: How far under the time cap a steady long run still counts as placed at it: the planner's
#: distance is whole tenths of a km (up to a tenth lost) at a pace rounded up to the second (up
#: to a second a km), at most 1.5 min at 10 min/km.
TIME_CAP_ROUNDING_MIN = 2.0


def _at_time_cap(paces: WorkoutPaces, distance_km: float, time_cap_min: int) -> WorkoutPaces:
    """The paces of a steady long run of ``distance_km``: where the middle of the easy zone
    brings it within :data:`TIME_CAP_ROUNDING_MIN` under ``time_cap_min``, the planner placed it
    at the cap (the time-on-feet long run of a slow marathoner), and its easy pace is the one
    that lasts the cap, a second or two a km slower. A runner reads "180 min" where the cap and
    ``race_readiness`` say 180, not 179 (24.8 km at 7:13 /km is 179.06 min). The pace is rounded
    down to the whole second the text states, so distance times stated pace stays within the
    cap (24.5 km at 7:20 /km is 179.7 min; at the 7:21 that rounding to the nearest second gave,
    180.07), and within half a minute of it under 30 km: the minutes read 180."""
    minutes = distance_km * paces.easy
    if not time_cap_min - TIME_CAP_ROUNDING_MIN < minutes < time_cap_min:
        return paces
    seconds_per_km = math.floor(time_cap_min * 60 / distance_km)
    return replace(paces, easy=max(paces.easy, seconds_per_km / 60))


def _easy_on_after_the_warm_up(main: list[str], workout: Workout, paces: WorkoutPaces, warmup_min: int) -> list[str]:
    """An easy run's set (a tune-up, strides) after more easy running than its warm-up's 5-10 min
    (``warmup_cooldown``): its first line says the warm-up's jog goes on, where it read "10 min
    easy jog" above "Warm-up as above: 1.9 km easy (about 15 min)"."""
    first = workout.blocks[0] if workout.blocks else None
    if not main or not main[0].startswith(WARMUP_ABOVE) or first is None or first.repeat != 1 or first.steps[0].kind != "warmup":
        return main
    step = first.steps[0]
    minutes = round(step_min(step, paces))
    if minutes <= warmup_min:
        return main
    # one length in the line: "the 10 min jog and on (about 15 min in all)" read as two
    line = (f"{WARMUP_ABOVE}{fmt_km(step_km(step, paces))} km easy (about {minutes} min: the {warmup_min}-min warm-up, "
            f"then {minutes - warmup_min} more easy){THEN_THE_DRILLS}")
    return [line, *main[1:]]


def _segments(workout: Workout, paces: WorkoutPaces, distance_km: float) -> list[tuple[str, float, float]]:
    """(step kind, km, pace) per step; the last easy step takes the metre rounding, so the
    pieces add up to the session's distance exactly."""
    out: list[tuple[str, float, float]] = []
    for block in workout.blocks:
        for step in block.steps:
            out.append((step.kind, block.repeat * step_km(step, paces), paces.of(step.pace)))
    last_easy = max((i for i, (k, _, _) in enumerate(out) if k in ("warmup", "steady", "cooldown")), default=len(out) - 1)
    others = sum(km for i, (_, km, _) in enumerate(out) if i != last_easy)
    kind, _, pace = out[last_easy]
    out[last_easy] = (kind, max(distance_km - others, 0.0), pace)
    return out


#: A long run says to drink and fuel as on race day from this long (minutes at easy pace) on.
LONG_RUN_FUEL_MIN = 75

#: Why a week's easy runs differ so much in length (Pfitzinger & Douglas, *Advanced Marathoning*).
MEDIUM_LONG_WHY = ("The week's medium-long run: its second pillar of endurance after the long run, "
                   "easy and steady, longer than the week's other easy runs")
#: An easy run this long (minutes) is a medium-long run to the runner, whichever day of the week
#: the planner gave the week's medium-long run: "Easy run · 23.4 km" of 141 min beside a
#: "Medium-long run" of the same length in other weeks (a coach's read, seed 2050).
MEDIUM_LONG_TITLE_MIN = 90
#: ... and what it says of itself.
LONG_EASY_WHY = ("Longer than an easy run's hour: your run days leave the week's distance no other day. "
                 "Keep it easy and steady, and slow down rather than push late on")


def as_medium_long_hills(content: RunContent, km: float) -> RunContent:
    """A hill-sprint day as long as a medium-long run, titled and explained as that run, as an
    easy run with strides is ("Medium-long run + hill sprints · 19 km"): "Hill sprints · 6 x 10 s"
    titled a 149-min, 19 km Monday (a coach's read, seed 2061). Applied to the session as
    written, after its progression: the progression tells sets apart by their titles."""
    if content.duration_min < MEDIUM_LONG_TITLE_MIN or not content.title.startswith("Hill sprints · "):
        return content
    return replace(content, title=f"Medium-long run + hill sprints · {fmt_km(km)} km", main=[*content.main, LONG_EASY_WHY])


#: An easy run past this many minutes (as the page shows them) and short of a medium-long run's
#: name says why it runs past an easy run's hour (COACHING.md: easy runs 30-60 min): a coach read
#: "Easy run" over 71-89 min in 24 of 60 plans with no word on it. A few minutes past the hour
#: say nothing (a novice's 60-65-min Thursdays).
EASY_RUN_SAYS_WHY_PAST_MIN = 70


def _well_past_an_hour(km: float, easy_min_per_km: float) -> bool:
    """Whether an easy run of ``km`` lasts more than :data:`EASY_RUN_SAYS_WHY_PAST_MIN` as the
    page shows it."""
    return _lasts_at_least(km, easy_min_per_km, EASY_RUN_SAYS_WHY_PAST_MIN + 1)


def _past_an_easy_run(km: float, easy_min_per_km: float) -> bool:
    """Whether an easy run of ``km`` lasts :data:`MEDIUM_LONG_TITLE_MIN` as the page shows it."""
    return _lasts_at_least(km, easy_min_per_km, MEDIUM_LONG_TITLE_MIN)


def _lasts_at_least(km: float, easy_min_per_km: float, minutes: int) -> bool:
    """Whether a run of ``km`` at ``easy_min_per_km`` lasts ``minutes`` or more in the whole
    minutes the page shows."""
    return km * easy_min_per_km >= minutes - 0.5


#: A long run's words on drink and fuel: a long race's rehearse race day (a 5K or 10K race day
#: takes no gels: its long runs do not rehearse any).
_LONG_RUN_FUEL = f"Practise race-day fuelling: a gel with water every {GEL_EVERY_MIN} min from the {FIRST_GEL_MIN}th, as you will take them on race day"
_LONG_RUN_WATER = "Take water; past an hour and a quarter a sports drink or a gel helps"
#: The warm-up of a long run carrying the week's faster running: a quality session's
#: (``warmup_cooldown``: 10 min), though the work comes only after 30 min of easy running.
LONG_RUN_WORK_WARMUP_MIN = max(EASY_WARMUP_MIN["long"], QUALITY_WARMUP_MIN)
#: Why a long run carries the week's faster running, as the runner reads it.
#: Words true of every such week, whatever kept its other days from a session of their own
#: (beside the long run, the morning after strength, too short, or a taper week's volume): "every
#: run day beside the long run" was read by a 60-year-old whose 45-min Tuesday came the morning
#: after Monday's strength, and "no day for a faster session" beside a free 149-min Sunday
LONG_RUN_WORK_WHY = ("This week the long run carries the week's faster running, early in the run while the legs are fresh, "
                     "and the easy running after it finishes the run")


def _long_run_with_work(kind: str, km: float, paces: WorkoutPaces, prog: Progression, *, long_race: bool) -> _Plan | None:
    """A long run that carries the week's faster running early on (``kind``: threshold, or
    marathon pace), or None where it cannot hold the set's minimum dose that way
    (:func:`long_run_workout`): the planner gives such a run to a week whose quality days hold no
    session of their own (too short, or a week too small for one), or that the solve left without
    one (its run days beside the long run, or the morning after strength), and to a half or
    marathon week whose session moves there so that the day after the long run keeps to its
    hour (``hamplan.plan.day_runs._session_into_long_run``)."""
    warmup_min = LONG_RUN_WORK_WARMUP_MIN
    workout = long_run_workout(kind, km, paces, prog, warmup_min=warmup_min)  # type: ignore[arg-type]
    if workout is None:
        return None
    name, amount = title_of(kind, workout).split(" · ", 1)  # type: ignore[arg-type]
    at = {"Threshold": "threshold pace", "Marathon pace": "marathon pace", "Half-marathon pace": "half-marathon pace",
          "Threshold + half pace": "threshold and half-marathon pace"}.get(name, name.lower())
    main = describe_workout(workout, paces)  # (its first line says what the warm-up is)
    if km * paces.easy >= LONG_RUN_FUEL_MIN:
        main.append(_LONG_RUN_FUEL if long_race else _LONG_RUN_WATER)
    main += [LONG_RUN_WORK_WHY, "Stop the faster part early if your form goes or a hamstring tightens; finish the run easy"]
    title = f"Long run · {fmt_km(km)} km with {amount} at {at}"
    return _Plan(title, warmup_min, main, workout, ["Walk 3–5 min to bring the heart rate down"])


def _steady(
    run_type: str, km: float, paces: WorkoutPaces, *, medium_long: bool = False, long_race: bool = True,
    race_week_cap_min: int | None = None, race_eve: bool = False, longer_than_the_rest: bool = True,
) -> _Plan:
    """Easy, recovery and long runs, steady all the way at one pace: the middle of the easy
    zone, or its slow end for a recovery run (the planner budgets each day at that pace). A
    medium-long run is an easy run that says what it is for; so is a long run in the six days
    before the race held within race week's cap (``race_week_cap_min``; ``race_week_runs``): the
    last long run where it is longer than the week's other runs (``longer_than_the_rest``), else
    an easy run on the long-run day, titled as one (a coach read "Last long run · 5 km", 44 min,
    beside three 4.9 km easy runs)."""
    easy = paces.recovery if run_type == "recovery" else paces.easy
    warmup_min = EASY_WARMUP_MIN[run_type]
    names = {"easy": "Easy run", "recovery": "Recovery run", "long": "Long run"}
    main = {
        "easy": [f"{fmt_km(km)} km easy at about {fmt_pace(easy)} — you can talk in full sentences"],
        "recovery": [f"{fmt_km(km)} km very easy, about {fmt_pace(easy)} — shorter strides, relaxed, no pushing"],
        "long": [
            f"{fmt_km(km)} km easy at about {fmt_pace(easy)}, steady from start to finish",
            # a 5K or 10K race day takes no gels: its long runs do not rehearse any
            _LONG_RUN_FUEL if long_race else _LONG_RUN_WATER,
            "If your form falls apart late on, slow down or walk a minute — tired form strains hamstrings",
        ],
    }[run_type]
    if run_type == "long" and km * easy < LONG_RUN_FUEL_MIN:  # easy: min/km
        # a short long run (a taper's, or race week's held to an hour) needs no fuelling plan
        main[1:2] = []
    main.insert(0, f"The first {warmup_min} minutes are the warm-up; do the drills, then settle into the run")
    pace: StepPace = "recovery" if run_type == "recovery" else "easy"
    workout = steady_workout(km, pace, paces, warmup_min=warmup_min, note=main[1])
    cooldown = ["Walk 3–5 min to bring the heart rate down"]
    title = f"{names[run_type]} · {fmt_km(km)} km"
    # a medium-long run is longer than an easy run's hour: a taper week's 54-min run, the week's
    # longest beside its short long run, read "Medium-long run" (COACHING.md: easy runs 30-60 min)
    if medium_long and km * easy > EASY_RUN_MAX_MINUTES:
        title = f"Medium-long run · {fmt_km(km)} km"
        main.append(MEDIUM_LONG_WHY)
    elif run_type == "easy" and _past_an_easy_run(km, easy):
        title = f"Medium-long run · {fmt_km(km)} km"
        main.append(LONG_EASY_WHY)
    elif run_type == "easy" and _well_past_an_hour(km, easy):
        main.append(LONG_EASY_WHY)  # an "Easy run" well past an hour says why it is one
    if run_type == "long" and race_eve:
        # the long-run day is the race's eve (a plan week ending the day before the race holds
        # its long run there): a shakeout, said as one, not "your last long run" with a long
        # run's advice on form late on (a half marathoner's 4 km, 20 min, the day before)
        title = f"Race-eve run · {fmt_km(km)} km"
        main = [main[0], f"{fmt_km(km)} km easy at about {fmt_pace(easy)}, relaxed",
                "The day before the race: a short, easy run that keeps the legs loose, so they come to the start fresh"]
    elif run_type == "long" and race_week_cap_min is not None and km * easy <= race_week_cap_min + 0.5 and longer_than_the_rest:
        title = f"Last long run · {fmt_km(km)} km"
        main.append(f"Your last long run before the race: at most {race_week_cap_min} min this close to race day, so your legs come to it fresh")
    elif run_type == "long" and race_week_cap_min is not None and km * easy <= race_week_cap_min + 0.5:
        title = f"Easy run · {fmt_km(km)} km"
        main = [main[0], f"{fmt_km(km)} km easy at about {fmt_pace(easy)}, relaxed",
                f"Your long-run day, an easy run like the others: at most {race_week_cap_min} min this close to race day, "
                "so your legs come to the start fresh"]
    return _Plan(title, warmup_min, main, workout, cooldown)



_WHY: dict[str, str] = {
    "strides": "Strides keep the legs quick and teach relaxed fast form without tiring you",
    "hills": "Short hill sprints build power with little impact; the slope keeps the stride short and safe",
    "tempo": "Threshold running raises the pace you can hold for an hour: the engine of every race from 5K up",
    "half": "Half-marathon pace rehearses the rhythm of race day, on top of the threshold work that raises "
            "the pace you can hold for an hour",
    "marathon": "Marathon-pace running teaches the rhythm, fuelling and economy of race day",
    "intervals": "Intervals at I pace lift your VO2max, the ceiling a 5K or 10K is run close to",
    "tuneup": "A few minutes at race pace keep the legs sharp and rehearse the rhythm of race day",
    # race week's short threshold set (a sore tendon runs no faster): no race pace in it
    "tuneup_threshold": "A few minutes at threshold keep the legs sharp without tiring them for race day",
}


_RACE_WEEK_WHY = _WHY["tuneup"]
#: The lines that say what a kind of run is for, the same wherever it comes: the fullest week
#: pages leave them to the reference (``hamplan.export.html``'s MINIMAL detail).
RUN_PURPOSE_LINES: frozenset[str] = frozenset({*_WHY.values(), MEDIUM_LONG_WHY})


def _quality(kind: QualityType, km: float, paces: WorkoutPaces, prog: Progression, run_type: str) -> _Plan:
    """A quality session or an easy run with strides, from its structured workout (strides too
    when the day cannot hold the minimum dose of its quality type)."""
    # a quality day turned easy run with strides keeps its 10-min warm-up
    warmup_min = EASY_WARMUP_MIN["easy"] if kind == "strides" else QUALITY_WARMUP_MIN
    workout = quality_workout(kind, km, paces, prog, warmup_min=warmup_min)
    asked, kind = kind, session_kind(kind, km, paces, prog, warmup_min=warmup_min)
    first = workout.blocks[0].steps[0]
    session = kind == asked and kind not in ("strides", "tuneup")  # a session, not an easy run
    if session and first.kind == "warmup":
        # a day with room warms up longer (up to 15 min): the warm-up section says what the
        # main set's first line does ("10 min easy jog" above "1.9 km easy (about 15 min)")
        warmup_min = max(warmup_min, round(step_min(first, paces)))
    main = describe_workout(workout, paces)
    if not session:
        # an easy run's warm-up stays the 5-10 min warmup_cooldown gives it: the line says so
        main = _easy_on_after_the_warm_up(main, workout, paces, warmup_min)
    if kind == "strides":
        # the set's line says "quick and relaxed, not a sprint" and the jog back: this says how
        main.append("Strides: build up over the 20 s, then ease off; take longer between if you need to")
    else:
        main.append("Stop the set early if your form goes or a hamstring tightens")
    if prog.phase in ("taper", "race") and kind != "strides":
        # not "the same pace as before": a novice's race-week tune-up is his first race pace
        main.append("Taper: a short dose at pace, so you arrive fresh and sharp")
    at_half_pace = kind == "tempo" and any(b.steps[0].kind == "work" and b.steps[0].pace == "half_marathon" for b in workout.blocks)
    if prog.phase == "race" and kind != "strides":
        # race week's set says what it is for: race pace, or a sore tendon's threshold minutes
        at_race_pace = any(st.kind == "work" and st.pace in ("race", "marathon", "half_marathon") for b in workout.blocks for st in b.steps)
        main.append(_RACE_WEEK_WHY if at_race_pace else _WHY["tuneup_threshold"])
    else:
        main.append(_WHY["half" if at_half_pace else kind])
    title = title_of(kind, workout)
    if kind == "strides":
        title = f"Easy run + strides · {fmt_km(km)} km"
    elif session and prog.phase == "race":
        # race week's one short session is its tune-up, whatever it trains (a coach read
        # "Marathon pace · 1 km" five days before a marathon as a workout)
        # with the pace it runs at (a reader asked what "Race-week tune-up · 1 km" is run at)
        name, amount = title.split(" · ", 1)
        at = _TUNE_UP_PACE_WORDS.get(name)
        title = f"{RACE_WEEK_SESSION_TITLE} · {amount}" + (f" at {at}" if at else "")
    # a day that holds strides or race week's tune-up instead of its session is an easy run, as
    # those are on an easy day
    effort_of = "easy" if kind != asked and run_type in QUALITY_TYPES else ""
    return _Plan(title, warmup_min, main, workout, ["Walk 3 min"], effort_of)


def race_splits(race_km: float, seconds: float, units: str = "km") -> list[tuple[str, str]]:
    """Even-pace split times at the usual checkpoints of a race of ``race_km``, at the race's
    kilometre or (``units`` "mi") mile markers."""
    if units == "mi":
        # a runner who plans in miles reads the race's mile markers: a novice's 5K card had read
        # splits at 0.6, 1.2, 1.9 and 2.5 mi (its kilometres, converted)
        marks_mi = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0] if race_km <= 10.0 + 1e-9 else (
            [2.0, 4.0, 6.0, 8.0, 10.0, 12.0] if race_km <= 21.0975 + 1e-9 else [5.0, 10.0, 13.1, 15.0, 20.0, 25.0])
        names_mi = {13.1: "half"} if race_km > 21.0975 + 1e-9 else {}
        return [(names_mi.get(mark, f"{mark:g} mi"), format_clock(seconds * mark * KM_PER_MI / race_km))
                for mark in marks_mi if mark * KM_PER_MI < race_km - 0.05]
    # a 5K and a 10K every kilometre (a 10K card at 1, 2, 4, 5, 6 and 8 km left a runner
    # without a time at the 3, 7 and 9 km markers), longer races every five
    if race_km <= 10.0 + 1e-9:
        marks = [float(km) for km in range(1, math.ceil(race_km - 0.05))]
    else:
        marks = [5.0, 10.0, 15.0, 21.0975, 30.0, 35.0, 40.0]
    names = {21.0975: "half"}
    out = []
    for mark in marks:
        if mark < race_km - 0.05:
            out.append((names.get(mark, f"{mark:g} km"), format_clock(seconds * mark / race_km)))
    return out


def gel_minutes(race_seconds: float) -> list[int]:
    """When to take a gel: from 45 min, then every 30 min, none in the last 15 min."""
    minutes = race_seconds / 60.0
    if minutes < FUEL_FROM_RACE_MIN:
        return []
    out, at = [], FIRST_GEL_MIN
    while at <= minutes - 15:
        out.append(at)
        at += GEL_EVERY_MIN
    return out


def _race(km: float, paces: Paces, race_time_s: float | None, wpaces: WorkoutPaces, units: str = "km") -> _Plan:
    """The race at its target pace: even splits, and fuel for a long race."""
    if race_time_s is None:
        race_time_s = race_pace(paces, km) * 60.0 * km
    pace = race_time_s / 60.0 / km
    # "goal" only beside the runner's own goal time: a break shortly before the race slows race
    # day's aim (a 10K's "goal finish 55:34" beside a goal of 55:09)
    goal_s = parse_duration_s(paces.target_time) if paces.goal_in_reach and paces.target_time else None
    aim = "goal" if goal_s is not None and abs(race_time_s - goal_s) < 1.0 else "target"
    main = [
        f"Race {fmt_km(km)} km at {fmt_pace(pace)} — {aim} finish {format_clock(race_time_s)}",
        # a 5K or 10K pace is hard from the gun: "easy early on" is a long race's first hour
        f"Even splits: settle into the target pace from the first {'mile' if units == 'mi' else 'kilometre'}; "
        + ("it will feel controlled at first — don't start faster" if race_class(km) == "short" else "it will feel easy early on — don't bank time"),
        "Splits: " + ", ".join(f"{name} {t}" for name, t in race_splits(km, race_time_s, units)),
    ]
    gels = gel_minutes(race_time_s)
    if gels:
        main.append(
            "Fuel: a gel with water at " + ", ".join(f"{m} min" for m in gels)
            + f" (every {GEL_EVERY_MIN} min from {FIRST_GEL_MIN} min on, about {GEL_CARBS_G * 60 // GEL_EVERY_MIN} g of carbohydrate"
            " an hour), as practised on your long runs; breakfast 2–3 h before the start"
        )
    else:
        main.append("Fuel: breakfast 2–3 h before; no gels needed in a race this short, a sip of water if it is hot")
    main.append("If a hamstring grabs or you feel a sudden sharp pain at the back of the thigh, stop — no race is worth a tear")
    workout = Workout(blocks=[WorkoutBlock(repeat=1, steps=[WorkoutStep(
        kind="work", pace="race", pace_min_per_km=round(pace, 3), distance_m=int(round(km * 1000)), note="even pace")])])
    cooldown = [f"{RACE_COOLDOWN_WALK_MIN} min easy walk after the finish, then drink and eat"]
    return _Plan(f"Race · {fmt_km(km)} km", QUALITY_WARMUP_MIN, main, workout, cooldown)
