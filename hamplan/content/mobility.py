"""Yoga and stretching sessions that keep the hamstrings supple.

Two styles: a dynamic yoga flow (poses moved through, a few short holds) and a static
hamstring stretching routine (20–30 s holds, two or more sets a side). The evening before a
fast session gets the dynamic flow with no hold over 20 s, because long static holds just
before fast running can blunt the muscle's spring. A sore hamstring tendon gets neither deep
forward folds nor hamstring stretches: those compress the tendon against the sit bone.

Each has a 10-minute short form for a tight day (often straight after an easy run): four
moves of the same style, static holds still 20–30 s and two sets a side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from hamplan.content.common import PRE_QUALITY_HOLD_MAX_S, clamp_hold
from hamplan.models import Exercise, HamstringHistory, Intensity
from hamplan.rules.settings import RACE_WEEK_MOBILITY_MIN

MobilityStyle = Literal["yoga", "stretch"]
SHORT_MINUTES = 10


@dataclass(frozen=True, slots=True)
class MobilityContent:
    """One yoga / stretching session, ready to become a calendar session."""

    type: str
    title: str
    warmup: list[str]
    main: list[str]
    cooldown: list[str]
    exercises: list[Exercise]
    duration_min: int
    rpe: int = 2
    intensity: Intensity = "easy"


def _dynamic(name: str, reps: str, notes: str) -> Exercise:
    return Exercise(name=name, sets=2, reps=reps, notes=notes)


def _static(name: str, hold: int, notes: str, sets: int = 2) -> Exercise:
    return Exercise(name=name, sets=sets, hold_s=hold, notes=notes)


def _yoga_flows(hold: int) -> tuple[list[Exercise], ...]:
    """Three flows rotated by session; static holds use ``hold`` seconds."""
    cat_cow = _dynamic("Cat-cow", "8 slow rounds", "move with the breath, round then arch the back")
    dog = _dynamic(
        "Downward dog with pedalling", "10 pedals", "bend one knee then the other, pressing the opposite heel down"
    )
    low_lunge = _static("Low lunge", hold, "each side; back knee down, hips forward, chest tall")
    half_splits = _dynamic(
        "Half splits (ardha hanumanasana), dynamic",
        "8 each side",
        "rock from low lunge back to a straight front leg and forward again; never force the stretch",
    )
    bridge = _dynamic("Bridge", "8", "roll up through the spine, hold 2 breaths at the top, roll down")
    child = _static("Child's pose", hold, "knees wide, arms long, breathe into the back")
    figure4 = _static("Supine figure-4", hold, "each side; ankle over the opposite knee, pull the thigh toward you")
    thread = _dynamic("Thread the needle", "6 each side", "from all fours, slide one arm under and open it up")
    lizard = _static("Lizard pose", hold, "each side; hands inside the front foot, back knee down if you like")
    sphinx = _static("Sphinx", hold, "on forearms, long spine, relax the glutes")
    swings = _dynamic("Standing leg swings", "10 each leg", "front-to-back, relaxed, growing range")
    return (
        [cat_cow, dog, low_lunge, half_splits, bridge, child, figure4],
        [cat_cow, thread, dog, lizard, half_splits, bridge, figure4],
        [swings, cat_cow, dog, low_lunge, half_splits, sphinx, child],
    )


def _stretch_routine(hold: int, session_index: int) -> list[Exercise]:
    extra = (
        _static("Calf stretch", hold, "each side; hands on a wall, back heel down"),
        _static("Hip flexor stretch", hold, "each side; half-kneeling, tuck the pelvis under"),
    )[session_index % 2]
    return [
        _static("Standing hamstring stretch", hold, "each side; heel on a low step, hinge from the hips, flat back"),
        _static("Seated hamstring stretch", hold, "each side; one leg straight, reach toward the foot"),
        _static(
            "Supine strap hamstring stretch", hold, "each side; on your back, strap round the foot, raise the straight leg"
        ),
        _static("Figure-4 glute stretch", hold, "each side; ankle over the opposite knee, sit back or pull in"),
        extra,
    ]


def _tendon_routine(hold: int, session_index: int) -> list[Exercise]:
    """Gentle mobility with no deep hip bend and no pull on the back of the thigh."""
    extra = (
        _dynamic("Clamshells", "12 each side", "lying on your side, knees bent, open the top knee"),
        _dynamic("Standing hip circles", "8 each way", "hand on a wall, slow circles with a bent knee"),
    )[session_index % 2]
    return [
        _dynamic("Cat-cow", "8 slow rounds", "move with the breath"),
        _dynamic("Thoracic rotation (open book)", "8 each side", "lying on your side, knees bent, open the top arm"),
        _static("Hip flexor stretch", hold, "each side; half-kneeling, tuck the pelvis under, stay upright"),
        _static("Calf stretch", hold, "each side; hands on a wall, back heel down"),
        _static("Quad stretch (side-lying)", hold, "each side; pull the heel toward the glute, knees together"),
        Exercise(
            name="Glute bridge hold", sets=3, hold_s=hold, notes="isometric; pain at most 3/10, it should ease the tendon"
        ),
        extra,
    ]


#: Race week: short, all dynamic; nothing held, so the hamstrings stay springy for race day (the
#: planner budgets its minutes: ``RACE_WEEK_MOBILITY_MIN``).


def _race_week_flow(tendon: bool) -> list[Exercise]:
    """Moves only, no holds: loosens without taking the spring out of the muscles."""
    moves = [
        _dynamic("Cat-cow", "8 slow rounds", "move with the breath"),
        _dynamic("Standing hip circles", "8 each way", "hand on a wall, slow circles with a bent knee"),
        _dynamic("Side-to-side leg swings", "10 each leg", "relaxed, growing range"),
        _dynamic("Ankle rocks", "10 each side", "knee over the toes, heel down"),
        _dynamic("Glute bridge", "10", "roll up, squeeze 1 s at the top, roll down"),
    ]
    if not tendon:
        moves.insert(2, _dynamic("Front-to-back leg swings", "10 each leg", "relaxed, never forced"))
        moves.append(_dynamic("Walking lunge with a reach", "6 each side", "long spine, reach the arms up"))
    return moves


def _steps(exercises: list[Exercise]) -> list[str]:
    steps = []
    for e in exercises:
        dose = f"{e.sets} × {e.hold_s} s" if e.hold_s else f"{e.sets} × {e.reps}"
        steps.append(f"{e.name}: {dose} — {e.notes}")
    return steps


def mobility_content(
    *,
    style: MobilityStyle = "yoga",
    hamstring_history: HamstringHistory = "none",
    hold_s: int = 30,
    session_index: int = 0,
    before_quality: bool = False,
    race_week: bool = False,
    before_race: bool = False,
    short: bool = False,
) -> MobilityContent:
    """One mobility session (pure, deterministic; ``session_index`` rotates the flows).

    ``before_quality``: the evening before a fast session, the dynamic flow with holds of
    at most 20 s, whatever the style. ``race_week`` / ``before_race``: a short flow of moves
    with no static holds at all (no static hamstring holds the day before the race).
    ``short``: the 10-minute form, four moves of it.
    """
    full = _full_mobility_content(style, hamstring_history, hold_s, session_index, before_quality, race_week, before_race)
    if not short:
        return full
    exercises = full.exercises[:4]
    name = full.title.split(" · ")[0]
    return MobilityContent(
        type=f"{full.type}-short",
        title=f"{name} · short, {SHORT_MINUTES} min",
        warmup=["1 min of slow breathing (skip it if you have just run)"],
        main=[*_steps(exercises), full.main[-1]],
        cooldown=[],
        exercises=exercises,
        duration_min=SHORT_MINUTES,
    )


def _full_mobility_content(
    style: MobilityStyle, hamstring_history: HamstringHistory, hold_s: int, session_index: int, before_quality: bool,
    race_week: bool, before_race: bool,
) -> MobilityContent:
    if race_week or before_race:
        exercises = _race_week_flow(hamstring_history == "tendinopathy")
        eve = "the day before the race" if before_race else "race week"
        return MobilityContent(
            type="race-week-mobility",
            title=f"Mobility · race-week moves, {RACE_WEEK_MOBILITY_MIN} min",
            warmup=["1 min of marching on the spot"],
            main=[*_steps(exercises), f"Moves only, no long holds in {eve}: loose and springy, not stretched out"],
            cooldown=["1 min of easy breathing"],
            exercises=exercises,
            duration_min=RACE_WEEK_MOBILITY_MIN,
        )
    hold = clamp_hold(hold_s)
    if before_quality:
        hold = min(hold, PRE_QUALITY_HOLD_MAX_S)
    index = max(session_index, 0)
    warmup = ["2 min of slow breathing and marching on the spot"]
    if hamstring_history == "tendinopathy":
        exercises = _tendon_routine(hold, index)
        return MobilityContent(
            type="tendon-friendly-mobility",
            title="Mobility · tendon-friendly, 20 min",
            warmup=warmup,
            main=[
                *_steps(exercises),
                "No forward folds or deep hip bends for now: they press on the sore tendon",
            ],
            cooldown=["Lie on your back, knees bent, 1 min of easy breathing"],
            exercises=exercises,
            duration_min=20,
        )
    if style == "yoga" or before_quality:
        flows = _yoga_flows(hold)
        exercises = flows[index % len(flows)]
        minutes = 20 if before_quality else 25
        note = (
            "Keep it moving: no hold over 20 s the evening before a fast session"
            if before_quality
            else "Flow slowly with the breath; ease off any pose that pulls sharply"
        )
        return MobilityContent(
            type="yoga-flow",
            title=f"Yoga flow · {minutes} min",
            warmup=warmup,
            main=[*_steps(exercises), note],
            cooldown=["1 min lying on your back, easy breathing"],
            exercises=exercises,
            duration_min=minutes,
        )
    exercises = _stretch_routine(hold, index)
    return MobilityContent(
        type="hamstring-stretch",
        title="Stretching · hamstrings",
        warmup=["3 min brisk walk or marching on the spot: stretch warm muscles, not cold ones"],
        main=[*_steps(exercises), f"Hold each stretch {hold} s at gentle tension, no bouncing; breathe out into it"],
        cooldown=["1 min lying on your back, easy breathing"],
        exercises=exercises,
        duration_min=20,
    )
