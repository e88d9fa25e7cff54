"""Pieces every session shares: stretch holds, the run warm-up, form cues, small formatters.

Kept in one place so the warm-up and the cues read the same on every run of a plan, and so the
wording a checker looks for ("easy jog", "leg swings", "high knees", "180") lives in one spot.
"""

from __future__ import annotations

from datetime import date

from hamplan.models import Exercise, HamstringHistory
from hamplan.paces import format_pace
from hamplan.rules.settings import RACE_EVE_HOLD_S, RACE_EVE_HOLD_SETS

HOLD_MIN_S = 20
HOLD_MAX_S = 30
#: The longest static hold allowed the evening before fast running.
PRE_QUALITY_HOLD_MAX_S = 20
TARGET_CADENCE_SPM = 180
CADENCE_STEP = 0.05

LEG_SWINGS = "Leg swings: 10 front-to-back and 10 side-to-side per leg"
#: A sore hamstring tendon: front-to-back swings take the hip into deep flexion, the compression
#: that tendon care keeps it from (as it keeps deep static stretches away).
#: Named by its first words, which a printed week keeps where it shortens a step it has spelt out.
TENDON_LEG_SWINGS = "Side-to-side leg swings: 10 per leg (no front-to-back swings while the tendon is sore)"
HIGH_KNEES = "High knees: 2 × 20 m, relaxed and quick"
#: A sore hamstring tendon: knees kept low, for the same reason as its side-to-side swings; the
#: warning in the first words, which a printed week keeps where it shortens a step.
TENDON_HIGH_KNEES = "Low high knees (knees below hip height): 2 × 20 m, relaxed, while the tendon is sore"

FOOT_CUE = "Land with your feet under your hips — don't overstride"
POSTURE_CUE = "Run tall with a slight forward lean from the ankles, not the waist"


def clamp_hold(hold_s: int) -> int:
    """Static holds are 20–30 s: shorter does little, longer adds nothing (Bandy & Irion 1997)."""
    return min(max(int(hold_s), HOLD_MIN_S), HOLD_MAX_S)


def fmt_day_month(day: date) -> str:
    """'2 Apr'."""
    return f"{day.day} {day:%b}"


def fmt_weeks(weeks: list[int]) -> str:
    """"week 9", "weeks 12 and 13", "weeks 10, 11, 13 and 14"."""
    if len(weeks) == 1:
        return f"week {weeks[0]}"
    return f"weeks {', '.join(map(str, weeks[:-1]))} and {weeks[-1]}"


def fmt_km(km: float) -> str:
    """'8' for 8.0, '21.1' for 21.0975: titles stay short."""
    return f"{round(km, 1):g}"


def fmt_pace(min_per_km: float) -> str:
    """'6:05 /km' for 6.08 min/km."""
    return f"{format_pace(min_per_km)} /km"


def cadence_cue(cadence_spm: int | None) -> str:
    """The cadence cue; with the runner's own cadence it names the next step (≤ 5 % up)."""
    base = "Cadence toward about 180 steps/min; raise your own cadence by at most 5 % at a time"
    if cadence_spm is None:
        return base
    if cadence_spm >= TARGET_CADENCE_SPM:
        return f"{base} — at {cadence_spm} steps/min you are there already: keep it"
    target = min(TARGET_CADENCE_SPM, round(cadence_spm * (1 + CADENCE_STEP)))
    return f"{base} — from your {cadence_spm} steps/min, aim for {target} next"


#: Race day's cadence cue: the 180 steps/min the form cues aim at, without the week-by-week step
#: (a new user read "raise your own cadence by at most 5 % at a time" on the race card).
RACE_CADENCE_CUE = "Cadence toward about 180 steps/min, as trained: race day is no day to change it; shorter, quicker steps when tired"


def form_cues(cadence_spm: int | None, *, race: bool = False) -> list[str]:
    """Foot placement, posture, cadence: the seed's three form traits, one string each (on race
    day the cadence as trained, not a step toward 180)."""
    return [FOOT_CUE, POSTURE_CUE, RACE_CADENCE_CUE if race else cadence_cue(cadence_spm)]


def run_warmup_steps(minutes: int, *, walk_first: bool = False, tendon: bool = False) -> list[str]:
    """Easy jog (or brisk walk), then the dynamic drills that wake the hamstrings up (with a
    sore tendon, ``tendon``: side-to-side leg swings only, and low knees)."""
    if walk_first:
        first = f"{minutes} min brisk walk or easy jog, building gently"
    else:
        first = f"{minutes} min easy jog (or brisk walk), conversational"
    return [first, TENDON_LEG_SWINGS if tendon else LEG_SWINGS, TENDON_HIGH_KNEES if tendon else HIGH_KNEES]


def hamstring_cooldown(hold_s: int) -> tuple[list[str], list[Exercise]]:
    """Standing and seated hamstring stretches after a run, 2 × ``hold_s`` each leg."""
    hold = clamp_hold(hold_s)
    exercises = [
        Exercise(
            name="Standing hamstring stretch",
            sets=2,
            hold_s=hold,
            notes="each leg; heel on a low step, leg straight, hinge from the hips with a flat back",
        ),
        Exercise(
            name="Seated hamstring stretch",
            sets=2,
            hold_s=hold,
            notes="each leg; one leg out straight, reach toward the foot without rounding the back",
        ),
    ]
    steps = [
        f"Standing hamstring stretch: 2 × {hold} s each leg, gentle tension, no bouncing",
        f"Seated hamstring stretch: 2 × {hold} s each leg",
    ]
    return steps, exercises


def tendon_cooldown(hold_s: int) -> tuple[list[str], list[Exercise]]:
    """Cool-down for a sore hamstring tendon: no folding forward, calm loading instead."""
    hold = clamp_hold(hold_s)
    exercises = [
        Exercise(
            name="Glute bridge hold",
            sets=3,
            hold_s=30,
            notes="isometric; push through the heels, hips level, it should ease the tendon, not hurt",
        ),
        Exercise(name="Calf stretch", sets=2, hold_s=hold, notes="each leg; hands on a wall, back heel down"),
        Exercise(
            name="Hip flexor stretch",
            sets=2,
            hold_s=hold,
            notes="each side; half-kneeling, tuck the pelvis under, stay upright",
        ),
    ]
    steps = [
        "Skip deep stretching of the back of the thigh for now: folding forward presses the "
        "irritated tendon against the sit bone and keeps it sore",
        "Glute bridge hold: 3 × 30 s (isometric, pain at most 3/10)",
        f"Calf stretch: 2 × {hold} s each leg",
        f"Hip flexor stretch: 2 × {hold} s each side",
    ]
    return steps, exercises


def race_eve_cooldown(when: str = "around race day") -> tuple[list[str], list[Exercise]]:
    """Cool-down in race week, the day before the race and after it: leg swings after the walk,
    then the safety rule's standing and seated hamstring stretches at their floor (1 × 20 s),
    light, not deep; ``when`` says when long holds are left out ("around race day", "in race
    week"), as race week's mobility sessions say it."""
    notes = f"each leg; light tension only, no deep hold {when}"
    exercises = [
        Exercise(name="Standing hamstring stretch", sets=RACE_EVE_HOLD_SETS, hold_s=RACE_EVE_HOLD_S, notes=notes),
        Exercise(name="Seated hamstring stretch", sets=RACE_EVE_HOLD_SETS, hold_s=RACE_EVE_HOLD_S, notes=notes),
    ]
    steps = [
        "Leg swings: 10 relaxed front-to-back swings each leg — keep the legs moving, not held",
        f"Standing hamstring stretch: {RACE_EVE_HOLD_SETS} × {RACE_EVE_HOLD_S} s each leg, light tension only",
        f"Seated hamstring stretch: {RACE_EVE_HOLD_SETS} × {RACE_EVE_HOLD_S} s each leg — no long static holds "
        f"{when}, so the hamstrings stay springy",
    ]
    return steps, exercises


def run_cooldown(
    hamstring_history: HamstringHistory, hold_s: int, *, near_race: bool = False, in_race_week: bool = False
) -> tuple[list[str], list[Exercise]]:
    """The after-run stretches for this runner's hamstring history; ``near_race`` (the day before
    the race, race day) and ``in_race_week`` (the six days before the race) keep the hamstring
    holds to the rule's floor: race week's runs held 2 × 30 s the day its mobility session said
    "moves only, no long holds in race week" (coach reading)."""
    if hamstring_history == "tendinopathy":
        return tendon_cooldown(hold_s)
    if near_race:
        return race_eve_cooldown()
    if in_race_week:
        return race_eve_cooldown("in race week")
    return hamstring_cooldown(hold_s)
