"""A session as watch steps: the one place that decides what a workout file holds.

:func:`workout_of` turns a :class:`~hamplan.models.Session` into a :class:`Workout` of
:class:`Step` and :class:`Repeat` items, in plain units (seconds, metres, repetitions, metres
per second). It reads the session's structured fields only: a run's workout steps
(``Session.workout``, as :mod:`hamplan.content` built them), a strength or mobility session's
exercises (sets, reps, holds). :mod:`hamplan.export.fit.encode` then writes the FIT messages, so the
encoding knows nothing of training and this module nothing of FIT bytes.

What each session looks like on a watch:

* easy, recovery and long runs: warm-up (time, then drills), the rest of the distance in the
  easy pace zone, cool-down (until the lap button: walk and stretches);
* tempo: warm-up, the tempo distance in the threshold zone, the cool-down jog;
* intervals: warm-up, *n* × (rep distance in the interval zone, recovery jog), cool-down jog;
* hills: warm-up, *n* × (uphill time at a hard effort, jog back down until the lap button),
  cool-down jog (no pace target uphill: a hill makes any pace meaningless);
* the race: one step over the race distance at the predicted race pace;
* strength: warm-up, one step per set (reps, or seconds for a hold) with the exercise's FIT
  category and name, a rest between sets, cool-down;
* mobility: one step per hold (seconds) or dynamic move (repetitions), no rests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Literal

from hamplan.content.workouts import STRIDE_EFFORT_WORDS, is_stride
from hamplan.errors import RequestError
from hamplan.export.display import Units, units_of
from hamplan.models import Exercise, PaceZone, Plan, Session

Intensity = Literal["warmup", "active", "rest", "cooldown", "recovery", "interval"]
DurationKind = Literal["time", "distance", "reps", "open"]

#: Longest workout name: a watch's workout list shows about this much on one line.
WORKOUT_NAME_MAX = 20
#: Step names: a watch shows one line of them above the step's target (and scrolls a long one).
STEP_NAME_MAX = 28
#: Step notes: a FIT string field holds at most 255 bytes with its terminating zero.
NOTES_MAX_BYTES = 254
#: Rest between strength sets, seconds: the content asks for 1–2 min (2 min for heavy slow work).
STRENGTH_REST_S = 90
HEAVY_SLOW_REST_S = 120
#: Half-width of the race-pace window, seconds per km: tight enough to pace by, wide enough not to
#: beep at every gust of wind.
RACE_PACE_WINDOW_S_PER_KM = 5.0


@dataclass(frozen=True, slots=True)
class Step:
    """One step on the watch. ``value`` is seconds, metres or repetitions (0 for ``open``:
    the step ends with the lap button)."""

    name: str
    intensity: Intensity
    duration: DurationKind
    value: float = 0.0
    speed_mps: tuple[float, float] | None = None
    """(low, high) target speed in metres per second: the slow end of the pace zone first."""
    notes: str = ""
    exercise: tuple[str, str | None] | None = None
    """(FIT exercise category, FIT exercise name or None) as named in the FIT profile."""


@dataclass(frozen=True, slots=True)
class Repeat:
    """``steps`` done ``times`` times over (a FIT "repeat until steps complete")."""

    times: int
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class Workout:
    """A whole session for the watch: a short name, the FIT sport, the steps."""

    name: str
    sport: Literal["running", "training"]
    sub_sport: Literal["generic", "strength_training", "yoga", "flexibility_training"]
    steps: tuple[Step | Repeat, ...]
    description: str = ""


def speed_range(zone: PaceZone) -> tuple[float, float]:
    """A pace zone (min/km) as a FIT speed range (m/s): the slow pace gives the low speed."""
    return (speed_mps(zone.slow_min_per_km), speed_mps(zone.fast_min_per_km))


def speed_mps(min_per_km: float) -> float:
    return 1000.0 / (min_per_km * 60.0)


def workout_of(session: Session, plan: Plan) -> Workout:
    """The watch workout of one session of ``plan`` (runs, the race, strength, mobility)."""
    if session.kind in ("run", "race"):
        workout = _run_workout(session, plan)
    elif session.kind == "strength":
        workout = _strength_workout(session, plan)
    else:
        workout = _mobility_workout(session, plan)
    return replace(workout, description=_fit_bytes(units_of(plan).text(session.title), NOTES_MAX_BYTES))


# ---------------------------------------------------------------------------------------------
# Runs
# ---------------------------------------------------------------------------------------------


def _run_workout(session: Session, plan: Plan) -> Workout:
    """A run's watch steps from the workout the plan stores with it; a plan written before runs
    carried their workout is refused rather than guessed at."""
    if session.workout is None:
        raise RequestError(
            [(
                f"sessions[{session.date}]",
                f"{session.title!r} carries no workout steps: the plan was written by another version of "
                "hamplan; generate it again to export its workouts",
            )]
        )
    return _structured_run(session, plan, session.workout)


#: Step paces that are one of the plan's pace zones (a recovery jog is run in the easy zone).
_ZONE_OF_PACE = {"easy": "easy", "recovery": "easy", "threshold": "threshold", "interval": "interval", "repetition": "repetition"}
#: Step paces that are one target pace (race-specific work, the race): a window around it.
_TARGET_PACES = frozenset({"marathon", "half_marathon", "race"})
_PACE_LABELS = {
    "easy": "easy", "recovery": "easy", "marathon": "M pace", "half_marathon": "HM pace", "threshold": "T pace",
    "interval": "I pace", "repetition": "R pace", "race": "race pace", "hill": "hill",
}
_STEP_INTENSITY: dict[str, Intensity] = {
    "warmup": "warmup", "cooldown": "cooldown", "recovery": "recovery", "work": "active", "steady": "active",
}


def _structured_run(session: Session, plan: Plan, structured: Any) -> Workout:
    """A run from its structured workout (``session.workout``: blocks of steps, each block done
    ``repeat`` times): a block done more than once becomes a FIT repeat. The session's cool-down
    words (walk, stretches) go into the last cool-down step, or a last one that ends with the lap
    button; the race stays the one step it is."""
    units = units_of(plan)
    items: list[Step | Repeat] = []
    for times, block in structured.rep_sets():
        # a set of reps: its reps but the last with their recovery (a FIT repeat when more than
        # one), then the last rep, which runs into the cool-down
        steps = tuple(_structured_step(step, times > 1, plan, units) for step in block.steps)
        if block.repeat > 1:
            items.append(Repeat(block.repeat, steps))
        else:
            items.extend(steps)
        if times > block.repeat:
            items.append(steps[0])
    if session.kind != "race" and session.cooldown:
        after = _join(session.cooldown, units)
        last = items[-1]
        if isinstance(last, Step) and last.intensity == "cooldown":
            items[-1] = replace(last, notes=_fit_bytes(f"{last.notes}; then: {after}" if last.notes else after, NOTES_MAX_BYTES))
        else:
            items.append(Step("Cool-down", "cooldown", "open", 0.0, None, after))
    return Workout(_short(_compact(units.text(session.title))), "running", "generic", tuple(items))


def _structured_step(step: Any, repeated: bool, plan: Plan, units: Units) -> Step:
    intensity = _STEP_INTENSITY.get(step.kind, "active")
    if step.kind == "work" and repeated:
        intensity = "interval"
    if step.distance_m is not None:
        duration: DurationKind = "distance"
        value = float(step.distance_m)
        amount = units.distance(value / 1000.0) if value >= 1000 else f"{value:g} m"
    else:
        duration, value = "time", float(step.duration_s)
        amount = f"{value:g} s" if value < 120 else f"{value / 60:g} min"
    target: tuple[float, float] | None = None
    pace_text = ""
    stride = is_stride(step)
    if stride:
        # strides are run by feel, as the plan's text says: no watch measures pace over 20 s
        pace_text = STRIDE_EFFORT_WORDS
    elif intensity in ("active", "interval"):
        zone_name = _ZONE_OF_PACE.get(step.pace)
        if zone_name is not None:
            zone: PaceZone = getattr(plan.paces, zone_name)
            target = speed_range(zone)
            pace_text = units.pace_range(zone.fast_min_per_km, zone.slow_min_per_km)
        elif step.pace in _TARGET_PACES and step.pace_min_per_km:
            window = RACE_PACE_WINDOW_S_PER_KM / 60.0
            target = (speed_mps(step.pace_min_per_km + window), speed_mps(step.pace_min_per_km - window))
            pace_text = units.pace(step.pace_min_per_km)
    names = {"warmup": "Warm-up", "cooldown": "Cool-down", "recovery": "Recovery"}
    label = "strides" if stride else _PACE_LABELS.get(step.pace, step.pace)
    name = names.get(step.kind) or f"{amount} {label}"
    notes = _join([pace_text, step.note], units)
    return Step(_short(name, STEP_NAME_MAX), intensity, duration, value, target, notes)


# ---------------------------------------------------------------------------------------------
# Strength and mobility
# ---------------------------------------------------------------------------------------------

#: Each exercise the content prescribes, as the FIT profile names it (category, name); None for
#: the name where the profile has the category but not the exercise (it has no Nordic curl).
EXERCISES: dict[str, tuple[str, str | None]] = {
    "Romanian deadlift": ("deadlift", "romanian_deadlift"),
    "Romanian deadlift, light, short range": ("deadlift", "romanian_deadlift"),
    "Isometric Romanian deadlift hold": ("deadlift", "romanian_deadlift"),
    "Single-leg Romanian deadlift": ("deadlift", "single_leg_romanian_deadlift_with_dumbbell"),
    "Single-leg Romanian deadlift (bodyweight)": ("deadlift", None),
    "Lying leg curl": ("leg_curl", "leg_curl"),
    "Sliding leg curl": ("leg_curl", "sliding_leg_curl"),
    "Towel sliding leg curl": ("leg_curl", "sliding_leg_curl"),
    "Nordic hamstring curl": ("leg_curl", None),
    "Isometric leg curl hold": ("leg_curl", "leg_curl"),
    "Isometric hamstring hold (heel digs)": ("leg_curl", None),
    "Single-leg glute bridge": ("hip_raise", "single_leg_hip_raise"),
    "Isometric glute bridge hold": ("hip_raise", "hip_raise"),
    "Glute bridge hold": ("hip_raise", "hip_raise"),
    "Clamshells": ("hip_raise", "clams"),
    "Standing hip circles": ("hip_stability", "hip_circles"),
    "Single-leg calf raise": ("calf_raise", "single_leg_standing_calf_raise"),
    "Side plank": ("plank", "side_plank"),
    # yoga poses
    "Cat-cow": ("warm_up", "stretch_cat_cow"),
    "Downward dog with pedalling": ("pose", "downward_facing_dog"),
    "Low lunge": ("pose", "low_lunge"),
    "Half splits (ardha hanumanasana), dynamic": ("pose", "runners_lunge"),
    "Bridge": ("pose", "bridge"),
    "Child's pose": ("pose", "childs"),
    "Supine figure-4": ("warm_up", "stretch_lying_piriformis"),
    "Thread the needle": ("pose", "thread_the_needle"),
    "Lizard pose": ("pose", "lizard"),
    "Sphinx": ("pose", "sphinx"),
    "Standing leg swings": ("warm_up", "forward_and_backward_leg_swings"),
    # stretches
    "Standing hamstring stretch": ("warm_up", "standing_hamstring_stretch"),
    "Seated hamstring stretch": ("warm_up", "stretch_hamstring"),
    "Supine strap hamstring stretch": ("warm_up", "stretch_hamstring"),
    "Figure-4 glute stretch": ("warm_up", "glutes_stretch"),
    "Calf stretch": ("warm_up", "stretch_calf"),
    "Hip flexor stretch": ("warm_up", "stretch_lunging_hip_flexor"),
    "Quad stretch (side-lying)": ("warm_up", "stretch_quad"),
    "Thoracic rotation (open book)": ("warm_up", "thoracic_rotation"),
    "Thoracic rotation": ("warm_up", "thoracic_rotation"),
    "Half splits": ("pose", "runners_lunge"),
    "Quad stretch": ("warm_up", "stretch_quad"),
    "Isometric hamstring hold": ("leg_curl", None),
    # drills and warm-up moves
    "Front-to-back leg swings": ("warm_up", "forward_and_backward_leg_swings"),
    "Side-to-side leg swings": ("warm_up", "side_to_side_leg_swings"),
    "Ankle rocks": ("warm_up", "ankle_lunges"),
    "Glute bridge": ("hip_raise", "hip_raise"),
    "Walking lunge with a reach": ("lunge", "walking_lunge"),
}


def fit_exercise(name: str) -> tuple[str, str | None] | None:
    """The FIT (category, name) of an exercise of the content: by its full name, else by its name
    without the details in parentheses or after a comma ("Single-leg Romanian deadlift
    (bodyweight, 3-s lowering)" is a single-leg Romanian deadlift); None if unknown."""
    known = EXERCISES.get(name)
    if known is None:
        known = EXERCISES.get(_PARENTHESES.sub("", name).split(",")[0].strip())
    return known

_FIRST_NUMBER = re.compile(r"\d+")
_FIGURES = re.compile(r"[\d/-]+")  # '8', '6-8', '12/10/8': the figures alone, no words
_PARENTHESES = re.compile(r"\s*\([^)]*\)")


def reps_per_set(exercise: Exercise) -> list[int]:
    """Repetitions of each set: ``'8'`` → 8 each set, ``'12/10/8'`` → one figure per set,
    ``'6-8'`` → 6 (the low end: the plan never asks for more than that minimum), ``'8 each side'``
    → 8."""
    sets = exercise.sets or 1
    text = exercise.reps or ""
    if "/" in text:
        figures = [int(_FIRST_NUMBER.search(part).group()) for part in text.split("/") if _FIRST_NUMBER.search(part)]  # type: ignore[union-attr]
        return [figures[min(i, len(figures) - 1)] for i in range(sets)]
    match = _FIRST_NUMBER.search(text)
    return [int(match.group()) if match else 1] * sets


@lru_cache(maxsize=1024)
def _exercise_steps(exercise: Exercise, units: Units, *, rest_s: int | None) -> tuple[Step, ...]:
    """One step per set (reps, or seconds of hold), with a rest after each set when ``rest_s``.

    The first set's notes hold the exercise's dose, how-to and load guidance; the later sets say
    which set they are (the watch shows the notes of the step under way).
    """
    known = fit_exercise(exercise.name)
    dose = ""
    if exercise.reps and not exercise.hold_s:
        dose = f"{exercise.reps} reps" if _FIGURES.fullmatch(exercise.reps) else exercise.reps
    notes = _join([dose, exercise.notes], units)
    name = _short(_PARENTHESES.sub("", exercise.name).split(",")[0], STEP_NAME_MAX)
    counts = [exercise.hold_s] * (exercise.sets or 1) if exercise.hold_s else reps_per_set(exercise)
    kind: DurationKind = "time" if exercise.hold_s else "reps"
    steps: list[Step] = []
    for number, count in enumerate(counts, start=1):
        set_notes = notes if number == 1 else f"Set {number} of {len(counts)}, as set 1"
        steps.append(Step(name, "active", kind, float(count), None, set_notes, known))
        if rest_s:
            steps.append(Step("Rest", "rest", "time", float(rest_s), None, "Rest 1-2 min" if rest_s < 120 else "Rest 2 min"))
    return tuple(steps)


def _strength_workout(session: Session, plan: Plan) -> Workout:
    units = units_of(plan)
    rest_s = HEAVY_SLOW_REST_S if session.type == "tendon-heavy-slow" else STRENGTH_REST_S
    sets: list[Step] = []
    for exercise in session.exercises:
        sets.extend(_exercise_steps(exercise, units, rest_s=rest_s))
    if sets and sets[-1].intensity == "rest":
        sets.pop()  # no rest after the last set: the cool-down follows
    steps = (
        Step("Warm-up", "warmup", "open", 0.0, None, _join(session.warmup, units)),
        *sets,
        Step("Cool-down", "cooldown", "open", 0.0, None, _join(session.cooldown, units)),
    )
    return Workout("Strength", "training", "strength_training", steps)


def _mobility_workout(session: Session, plan: Plan) -> Workout:
    units = units_of(plan)
    steps: list[Step] = []
    for exercise in session.exercises:
        steps.extend(_exercise_steps(exercise, units, rest_s=None))
    yoga = session.type == "yoga-flow"
    name = "Yoga flow" if yoga else "Mobility" if session.type.startswith("tendon") else "Stretching"
    return Workout(name, "training", "yoga" if yoga else "flexibility_training", tuple(steps))


# ---------------------------------------------------------------------------------------------


_NUMBER_AND_UNIT = re.compile(r"(\d) (s|min|m|km|mi)\b")


def _compact(title: str) -> str:
    """A title in fewer characters: ``'Hill sprints · 6 × 10 s'`` → ``'Hill sprints 6x10s'``."""
    return _NUMBER_AND_UNIT.sub(r"\1\2", title.replace(" · ", " ").replace(" × ", "x"))


def _join(lines: list[str], units: Units) -> str:
    """Lines as one note, distances and paces in the reader's unit."""
    return _fit_bytes("; ".join(units.text(line) for line in lines if line), NOTES_MAX_BYTES)


def _short(text: str, limit: int = WORKOUT_NAME_MAX) -> str:
    """``text`` cut to ``limit`` characters (with an ellipsis) so a watch shows it whole."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip(" ,;·-") + "…"


def _fit_bytes(text: str, limit: int) -> str:
    """``text`` cut (with an ellipsis) to at most ``limit`` bytes of UTF-8."""
    if len(text.encode("utf-8")) <= limit:
        return text
    while len(text.encode("utf-8")) > limit - 3:
        text = text[:-1]
    return text.rstrip(" ,;·-") + "…"


__all__ = ["EXERCISES", "fit_exercise", "Repeat", "Step", "Workout", "reps_per_set", "speed_mps", "speed_range", "workout_of"]
