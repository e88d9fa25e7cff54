"""Hamstring strength sessions: a hip hinge and a knee-flexion exercise every time.

The hamstrings do two jobs in the stride (extend the hip, bend the knee), so every session
trains both: a deadlift-type hinge and a curl. The dose moves week by week: reps first, then
load (or, without weights, a harder variant); a step-back week keeps the load with a third fewer
sets, and the taper keeps the load with fewer sets. Runners with a strain history add Nordic curls on
Petersen's progression; a sore tendon starts with isometric holds, which calm it, and only
then moves to heavy slow resistance.

Every session has a full form (30–45 min) and a short form (15–20 min) for a tight day: one
hinge and one knee-flexion exercise, 2 sets each (Nordic curls at their programme dose where
the runner does them), a short warm-up and no accessory work. In a step-back week and in the
taper it does what the week's full form does (2 sets at the same reps and load: one deload a
week); it cannot drop below 2 sets, so where the last full week took the short form too, and
in race week, it deloads by reps instead: a third fewer at the same load (or variant). Each deload note says the numbers it changes against the last
full week's (its sets × reps, in the form that week took), and a lift new to the runner in a
deload week is introduced (start light, learn the movement), never "the same load".

Race week lifts lighter, not only less: the short form at a load well in reserve (RPE 6), and
for a sore tendon isometric holds only, which calm it before the race.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from hamplan.content.common import LEG_SWINGS, TENDON_LEG_SWINGS, clamp_hold, race_eve_cooldown
from hamplan.models import Equipment, Exercise, HamstringHistory, Intensity, Phase
from hamplan.rules.hamstring import NORDIC_PROGRESSION, nordic_dose, nordic_taper_dose

TENDON_ISOMETRIC_WEEKS = 4
#: Race week's lifts: a load you could lift about 4 more times, whatever the ladder's step (a
#: coach read the peak's RPE-8 load, 2 × 5 five days before a marathon, as too heavy).
RACE_WEEK_RPE = 6
#: The short form: 2 sets of each main exercise, about 2 min a set, 5 min of warm-up, 15–20 min.
SHORT_SETS = 2
SHORT_MIN, SHORT_MAX = 15, 20
SHORT_WARMUP: tuple[str, ...] = (
    "3 min easy cardio or brisk walk (skip it if you have just run)",
    LEG_SWINGS,
)

STRENGTH_WARMUP: tuple[str, ...] = (
    "5 min easy cardio: bike, rower, brisk walk or easy jog",
    LEG_SWINGS,
    "Glute bridges: 2 × 10, squeeze at the top for a second",
)
#: A sore tendon's sessions: side-to-side swings only (``TENDON_LEG_SWINGS``).
TENDON_STRENGTH_WARMUP: tuple[str, ...] = (STRENGTH_WARMUP[0], TENDON_LEG_SWINGS, *STRENGTH_WARMUP[2:])
#: Without a gym: no bike or rower to name (a plan without equipment read "bike, rower").
_HOME_CARDIO = "5 min easy cardio: brisk walk, marching on the spot or easy jog"


def _strength_warmup(equipment: str, warmup: tuple[str, ...] = STRENGTH_WARMUP) -> list[str]:
    """A full session's warm-up, its cardio what the runner's equipment allows."""
    return [warmup[0] if equipment == "gym" else _HOME_CARDIO, *warmup[1:]]


@dataclass(frozen=True, slots=True)
class StrengthContent:
    """One strength session, ready to become a calendar session. ``rpe`` is the RPE its text
    gives the main lifts: a field of 7 beside a text's "RPE 8" told the runner two efforts."""

    type: str
    title: str
    warmup: list[str]
    main: list[str]
    cooldown: list[str]
    exercises: list[Exercise]
    duration_min: int
    rpe: int
    intensity: Intensity = "moderate"


#: Loaded lifts (barbell, dumbbells, machine, a loaded backpack) week by week: reps first, then
#: load (RPE = effort out of 10; reps in reserve = how many more you could do), then reps again.
#: (reps, RPE, what changed since the last full week: step-back and taper weeks aside). The text
#: takes its RPE from the tuple (``{rpe}``), as the session's ``rpe`` does: one number, not two.
_LOADED_LADDER: tuple[tuple[int, int, str], ...] = (
    (8, 6, "Find a load you could lift about 4 more times (RPE {rpe}): smooth and controlled"),
    # "same load, 2 more reps" steps are double progression: the reps come only as strength
    # grows into them (2 more reps at a fixed effort; "still 2 in reserve" after 6 reps at 2 in
    # reserve claimed 8 reps of an 8-rep load were 2 short of failure)
    (10, 6, "Same load as your last full week, 2 more reps " + "{if_they_come}"),
    # the same load for 2 more reps again is harder: RPE 7 (the text had said "RPE 6-7")
    (12, 7, "Same load, 2 more reps again " + "{if_they_come}"),
    (8, 7, "Heavier than your last full week, back to 8 reps: a load that leaves about 3 reps in reserve (RPE {rpe})"),
    (10, 7, "Same load as your last full week, 2 more reps " + "{if_they_come}"),
    (6, 8, "Heavier again, 6 crisp reps with 2 in reserve (RPE {rpe}); never grind a rep"),
    (8, 8, "Same load, 2 more reps " + "{if_they_come}"),
    # the same double progression twice more at that effort: a marathon build held its lifts
    # at 3 x 8 for its last 9-11 weeks (COACHING.md: progress week by week, then hold)
    (6, 8, "Heavier again, back to 6 reps with 2 in reserve (RPE {rpe}); never grind a rep"),
    (8, 8, "Same load, 2 more reps " + "{if_they_come}"),
    (6, 8, "Heavier again, back to 6 reps with 2 in reserve (RPE {rpe}); never grind a rep"),
    (8, 8, "Same load, 2 more reps " + "{if_they_come}"),
)
#: The last full week before the taper (a 5K or 10K's: the week before race week) lifts what its
#: last full week lifted, at full sets: no new load that close to the race (COACHING.md: the
#: taper keeps the load; a coach read "Heavier again, RPE 8" in the week before a 10K's race
#: week, and in a half's last peak week, as load the race would pay for).
HOLD_FOR_RACE = "the lighter weeks before the race come next, so hold the strength you have built rather than add load"
#: Why a full week past the top of its ladder lifts what the week before lifted.
HOLD_AT_THE_TOP = "hold the strength you have built"
#: How a double-progression step reads: the reps are added only while they leave the step's reserve.
IF_THEY_COME = "if they still leave about {reserve} in reserve (RPE {rpe}); if not, repeat last week's reps at that load"
#: Bodyweight moves week by week: reps first, then a harder variant at fewer reps (never "heavier").
_VARIANT_REPS: tuple[int, ...] = (8, 10, 12)
_VARIANT_RPE: tuple[int, ...] = (6, 6, 7)

#: Step-back weeks drop about a third of the sets (3 → 2); the taper keeps the load, cuts sets.
#: The short form, already at 2 sets, drops a third of the reps instead (12 → 8) where the
#: last full week's session had those 2 sets too, and in race week.
DELOAD_SHARE = 2 / 3
FULL_SETS = 3
DELOAD_SETS = 2
TAPER_SETS = 2


# (name, short title name, how) per equipment; names carry "deadlift" / "curl" on purpose.
_HINGE: dict[str, tuple[str, str, str]] = {
    "gym": ("Romanian deadlift", "RDL", "barbell or dumbbells; soft knees, push the hips back, flat back, bar close to the legs"),
    "home": (
        "Single-leg Romanian deadlift",
        "single-leg RDL",
        "each leg; a loaded backpack or dumbbells; hips square, reach the free leg back",
    ),
    "none": (
        "Single-leg Romanian deadlift (bodyweight)",
        "single-leg RDL",
        "each leg; hold a wall or chair lightly for balance at first; hips square",
    ),
}
_CURL: dict[str, tuple[str, str, str]] = {
    "gym": ("Lying leg curl", "leg curls", "machine; curl up in 1–2 s, lower in 3 s, hips pressed into the pad"),
    "home": (
        "Sliding leg curl",
        "sliding leg curls",
        "heels on sliders or towels on a smooth floor, hips up in a bridge; slide out slowly, pull back in",
    ),
    "none": (
        "Towel sliding leg curl",
        "towel leg curls",
        "heels on towels on a smooth floor, hips up in a bridge; slide out slowly, pull back in",
    ),
}
#: Harder variants of the bodyweight moves, easiest first: (name suffix, how).
_CURL_VARIANTS: tuple[tuple[str, str], ...] = (
    # the sliders or towels the exercise's own line names (a plan without equipment read "both
    # heels on the sliders" after "heels on towels")
    ("", "both heels; slide out slowly, pull back in"),
    ("slow slide-out", "both heels; take 4 s to slide out, pull back in briskly"),
    ("single leg", "one heel, the other leg raised; slide out slowly, pull back in"),
    # a fourth rung each, so that a long build keeps progressing (a 24-week marathon plan held
    # its bodyweight moves at 3 x 12 of the third variant for its last 16 sessions)
    ("single leg, slow slide-out", "one heel, the other leg raised; take 4 s to slide out, pull back in"),
)
#: A sore tendon's heavy slow weeks: the same variants, every one at the slow tempo (3 s each
#: way) that is the point of heavy slow loading.
_TENDON_CURL_VARIANTS: tuple[tuple[str, str], ...] = (
    ("", "both heels; 3 s out, 3 s back in"),
    ("slow slide-out", "both heels; 4 s out, 3 s back in"),
    ("single leg", "one heel, the other leg raised; 3 s out, 3 s back in"),
)
_TENDON_HINGE_VARIANTS: tuple[tuple[str, str], ...] = (
    ("", "a light hand on a wall or chair for balance; 3 s down, 3 s up"),
    ("no support, 3-s lowering", "no hand support; 3 s down, 3 s up"),
    ("3-s lowering, 2-s pause", "no support; 3 s down, pause 2 s at the bottom with a flat back, 3 s up"),
)
_HINGE_VARIANTS: tuple[tuple[str, str], ...] = (
    ("", "a light hand on a wall or chair for balance"),
    ("no support, 3-s lowering", "no hand support; take 3 s to lower"),
    ("3-s lowering, 2-s pause", "no support; 3 s down, pause 2 s at the bottom with a flat back"),
    ("5-s lowering, 2-s pause", "no support; 5 s down, pause 2 s at the bottom with a flat back"),
)

_ROUTINE: dict[str, str] = {
    "gym": "hamstring-strength-gym", "home": "hamstring-strength-home", "none": "hamstring-strength-bodyweight",
}
# Rotated by week so the sessions are not identical all plan long.
_ACCESSORIES: tuple[Exercise, ...] = (
    Exercise(name="Single-leg glute bridge", sets=3, reps="10", notes="each leg; drive through the heel, hips level"),
    Exercise(name="Single-leg calf raise", sets=3, reps="12", notes="each leg; slow down, pause at the top"),
    Exercise(name="Side plank", sets=2, hold_s=30, notes="each side; a straight line from head to feet"),
)

def nordic_prescription(nordic_week: int, taper: bool = False) -> tuple[int, str]:
    """(sets, reps) of Nordic curls in the ``nordic_week``-th week of doing them: Petersen's
    progression as the rule ``nordic_curls`` counts it (weeks 1–4 build up, weeks 5–10 the full
    dose of 3 × 12/10/8, then a maintenance dose that keeps the gain), halved in a taper."""
    week = max(nordic_week, 1)
    return nordic_taper_dose(week) if taper else nordic_dose(week)


#: The programme's weeks in which a day or two of soreness after Nordic curls is to be expected
#: (the build-up of Petersen's progression); later the plan no longer says so.
NORDIC_SORENESS_WEEKS = len(NORDIC_PROGRESSION)


def _nordic(nordic_week: int, taper: bool, new_dose: bool = False) -> Exercise:
    sets, reps = nordic_prescription(nordic_week, taper)
    how = (
        "Kneel on a mat with a partner holding your ankles or your feet anchored under something solid; "
        "keep hips straight and lower yourself forward as slowly as you can, catch yourself with your "
        "hands and push back up"
    )
    # the build-up weeks only: in week 11 "normal in the first weeks" read as stale
    soreness = ". Soreness for 1–2 days is normal in these first weeks" if nordic_week <= NORDIC_SORENESS_WEEKS else ""
    usual = " × ".join(map(str, nordic_prescription(nordic_week)))
    if not taper:
        halved = ""
    elif new_dose:
        # a dose the runner has not done yet (the maintenance one after week 10, reached across a
        # break): a week back from a holiday read "Half your usual 2 × 5" after weeks of 3 × 12/10/8
        halved = f". Half the programme's {usual} from this week on, in this session"
    else:
        halved = f". Half your usual {usual} in this session"
    return Exercise(name="Nordic hamstring curl", sets=sets, reps=reps, notes=how + soreness + halved)


def _describe(exercise: Exercise) -> str:
    dose = ""
    if exercise.sets and exercise.reps:
        dose = f"{exercise.sets} × {exercise.reps}"
    elif exercise.sets and exercise.hold_s:
        dose = f"{exercise.sets} × {exercise.hold_s} s"
    text = f"{exercise.name}: {dose}" if dose else exercise.name
    return f"{text} — {exercise.notes}" if exercise.notes else text


def _duration(exercises: list[Exercise]) -> int:
    """About 2.5 min a set plus 10 min of warm-up and cool-down, to the nearest 5, 30–45."""
    sets = sum(e.sets or 1 for e in exercises)
    minutes = 10 + 2.5 * sets
    return int(min(max(5 * round(minutes / 5), 30), 45))


def _short_duration(exercises: list[Exercise]) -> int:
    """About 2 min a set plus 5 min of warm-up, rounded up to 5, 15–20."""
    sets = sum(e.sets or 1 for e in exercises)
    return int(min(max(5 * math.ceil((5 + 2 * sets) / 5), SHORT_MIN), SHORT_MAX))


def _shortened(content: StrengthContent, keep: list[Exercise], names: list[str], race_week: bool = False) -> StrengthContent:
    """The short form of a session: the kept exercises at 2 sets each (Nordic curls keep their dose)."""
    exercises = [e if "nordic" in e.name.lower() else e.model_copy(update={"sets": min(e.sets or SHORT_SETS, SHORT_SETS)}) for e in keep]
    main = [_describe(e) for e in exercises]
    # race week takes the short form whatever the day holds: no "busy day" there
    main.append("Race week: rest about 1 min between sets, every rep smooth, nothing close to failure" if race_week
                else "Short session for a busy day: rest about 1 min between sets, same care as always")
    return StrengthContent(
        type=f"{content.type}-short",
        title=_title(names) + " (short)",
        # the short warm-up with the full session's leg swings (a sore tendon's: side to side)
        warmup=[TENDON_LEG_SWINGS if step == LEG_SWINGS and TENDON_LEG_SWINGS in content.warmup else step for step in SHORT_WARMUP],
        main=main,
        cooldown=content.cooldown[:2],
        exercises=exercises,
        duration_min=_short_duration(exercises),
        rpe=content.rpe,
    )


def _cooldown(hamstring_history: HamstringHistory, hold_s: int, race_week: bool = False) -> list[str]:
    hold = clamp_hold(hold_s)
    if race_week and hamstring_history != "tendinopathy":
        # race week's holds at the rule's floor, as its runs and mobility have them: a coach read
        # 2 x 30 s after race week's lifts beside "no long holds in race week"
        return ["3–5 min easy walk", *race_eve_cooldown("in race week")[0]]
    if hamstring_history == "tendinopathy":
        return [
            "3–5 min easy walk",
            f"Calf stretch: 2 × {hold} s each leg",
            f"Hip flexor stretch: 2 × {hold} s each side",
            "No deep forward folds or deep hip-bend stretches: they press on the sore tendon",
        ]
    return [
        "3–5 min easy walk",
        f"Standing hamstring stretch: 2 × {hold} s each leg",
        f"Figure-4 glute stretch: 2 × {hold} s each side",
    ]


def _title(names: list[str]) -> str:
    return "Strength · " + ", ".join(names)


def strength_content(
    *,
    equipment: Equipment = "gym",
    hamstring_history: HamstringHistory = "none",
    phase: Phase = "base",
    week_index: int = 1,
    nordic: bool = False,
    nordic_week: int = 1,
    taper: bool = False,
    tendinopathy_loading_week: int = 1,
    hold_s: int = 30,
    level: int | None = None,
    step_back: bool = False,
    short: bool = False,
    last_full_short: bool = False,
    new_lifts: bool = False,
    back_from_break: bool = False,
    nordic_taper: bool | None = None,
    hold_for_race: bool = False,
    after_illness: bool = False,
    nordic_new_dose: bool = False,
) -> StrengthContent:
    """One strength session for this equipment, history and week (pure, deterministic).

    ``level`` is the week's place in the progression (1 = the first week of strength; default:
    where ``phase`` starts): loaded lifts add reps, then load; bodyweight moves add reps, then
    take a harder variant. ``step_back`` (a step-back week) keeps the load and drops a third of
    the sets; ``taper`` (or a taper/race ``phase``) keeps the load, cuts the sets and halves the
    Nordic sets. For tendinopathy, ``tendinopathy_loading_week`` ≤ 4 gives the isometric routine.
    ``short`` gives the 15–20 min form (see the module docstring). A deload note compares with the
    last full week: ``last_full_short`` says it took the short form (2 sets); ``new_lifts`` that
    there was none yet for these lifts (a tendon's first heavy slow week can be a step-back week).
    A race ``phase`` lifts lighter (``RACE_WEEK_RPE``); a sore tendon holds only, in any form.
    ``back_from_break``: a ``step_back`` week that is the first back after a break of a week or
    more, and says so. ``nordic_taper``: whether the Nordic dose is halved, where it differs
    from the session's taper (the weeks back from a break, an illness or a niggle halve it
    beside lifts that deload as a step-back week's).
    ``hold_for_race``: the last full week before race week, whose ``level`` is its last full
    week's: the same load and reps, and the text says so (:data:`HOLD_FOR_RACE`).
    ``nordic_new_dose``: the Nordic dose of ``nordic_week`` is one the runner has not done yet (a
    week back from a break that reaches the maintenance dose); a halved one says so.
    """
    race_week = phase == "race"
    if race_week and hamstring_history == "tendinopathy":
        # the holds calm a tendon; heavy slow loading five days before the race does not (the
        # runner's Nordics, where a request forces them, stay at their taper dose for the check)
        nordic_halved = True if nordic_taper is None else nordic_taper
        return _race_week_tendon_holds(
            equipment, hold_s, nordic and tendinopathy_loading_week > TENDON_ISOMETRIC_WEEKS, nordic_week, nordic_halved
        )
    full = _full_strength_content(
        equipment=equipment, hamstring_history=hamstring_history, phase=phase, week_index=week_index, nordic=nordic,
        nordic_week=nordic_week, taper=taper, tendinopathy_loading_week=tendinopathy_loading_week, hold_s=hold_s,
        level=level, step_back=step_back, short=short, last_full_short=last_full_short, new_lifts=new_lifts,
        back_from_break=back_from_break, nordic_taper=nordic_taper, hold_for_race=hold_for_race, after_illness=after_illness,
        nordic_new_dose=nordic_new_dose,
    )
    if not short:
        return full
    if full.type == "tendon-isometrics":
        # the holds that settle the tendon, the held curl and the light hinge
        keep = [e for e in full.exercises if e.name.startswith(("Isometric glute bridge", "Isometric leg curl", "Romanian"))]
        return _shortened(full, keep, ["tendon isometrics", "light RDL"])
    hinge = next(e for e in full.exercises if any(w in e.name.lower() for w in ("deadlift", "rdl")))
    curl = next(e for e in full.exercises if "curl" in e.name.lower() and "nordic" not in e.name.lower())
    nordics = [e for e in full.exercises if "nordic" in e.name.lower()]
    # a tendinopathy's heavy slow session keeps its isometric hold (the check reads the early
    # weeks as isometrics first: race week's short session of a re-plan had lost it)
    holds = [e for e in full.exercises if "isometric" in e.name.lower()]
    hinge_short, curl_short = _HINGE[equipment][1], _CURL[equipment][1]
    return _shortened(full, [*holds, hinge, curl, *nordics], [hinge_short, curl_short] + (["Nordics"] if nordics else []), race_week)


def _full_strength_content(
    *,
    equipment: Equipment,
    hamstring_history: HamstringHistory,
    phase: Phase,
    week_index: int,
    nordic: bool,
    nordic_week: int,
    taper: bool,
    tendinopathy_loading_week: int,
    hold_s: int,
    level: int | None,
    step_back: bool,
    short: bool = False,
    last_full_short: bool = False,
    new_lifts: bool = False,
    back_from_break: bool = False,
    nordic_taper: bool | None = None,
    hold_for_race: bool = False,
    after_illness: bool = False,
    nordic_new_dose: bool = False,
) -> StrengthContent:
    tapering = taper or phase in ("taper", "race")
    nordic_halved = tapering if nordic_taper is None else nordic_taper
    step = level if level is not None else _PHASE_LEVEL[phase]
    sets = TAPER_SETS if tapering else (DELOAD_SETS if step_back else FULL_SETS)
    if hamstring_history == "tendinopathy":
        if tendinopathy_loading_week <= TENDON_ISOMETRIC_WEEKS:
            return _tendon_isometrics(equipment, tendinopathy_loading_week, nordic, hold_s, deload=tapering or step_back)
        deload = _Deload(tapering, step_back, short, last_full_short, new_lifts, back_from_break=back_from_break, after_illness=after_illness)
        return _heavy_slow(equipment, tendinopathy_loading_week - TENDON_ISOMETRIC_WEEKS, deload, nordic, nordic_week, hold_s, nordic_halved, sets,
                           hold=hold_for_race)

    hinge_name, hinge_short, hinge_how = _HINGE[equipment]
    curl_name, curl_short, curl_how = _CURL[equipment]
    race_week = phase == "race"
    deload = _Deload(tapering, step_back, short, last_full_short, new_lifts, race_week, back_from_break, after_illness)
    hinge = _progressed(hinge_name, hinge_how, loaded=equipment != "none", variants=_HINGE_VARIANTS, step=step, sets=sets, deload=deload,
                        hold=hold_for_race)
    curl = _progressed(curl_name, curl_how, loaded=equipment == "gym", variants=_CURL_VARIANTS, step=step, sets=sets, deload=deload,
                       hold=hold_for_race)
    exercises = [hinge, curl]
    names = [hinge_short, curl_short]
    if nordic:
        exercises.append(_nordic(nordic_week, nordic_halved, nordic_new_dose))
        names.append("Nordics")
    accessory = _ACCESSORIES[max(week_index, 0) % len(_ACCESSORIES)]
    if accessory.sets and sets < FULL_SETS:
        accessory = accessory.model_copy(update={"sets": 2})
    exercises.append(accessory)
    main = [_describe(e) for e in exercises]
    main.append("Rest 1–2 min between sets; stop a set if you feel sharp pain at the back of the thigh")
    lifts_rpe = _rpe(step, loaded=equipment != "none", variants=_HINGE_VARIANTS)
    return StrengthContent(
        type=_ROUTINE[equipment],
        title=_title(names),
        warmup=_strength_warmup(equipment),
        main=main,
        cooldown=_cooldown(hamstring_history, hold_s, race_week),
        exercises=exercises,
        duration_min=_duration(exercises),
        rpe=min(lifts_rpe, RACE_WEEK_RPE) if race_week else lifts_rpe,
    )


#: Without a week-by-week level (a caller that only knows the phase): where each phase starts.
_PHASE_LEVEL: dict[str, int] = {"base": 1, "build": 4, "peak": 6, "taper": 6, "race": 6}


#: A lift the runner has not done in a full week yet, met in a step-back or taper week.
NEW_LIFT = "New to you: start light and learn the movement"
#: The effort a new lift starts at, whatever the week's step (the first step's: 4 in reserve).
NEW_LIFT_RPE = 6
#: Race week's loaded lifts: this much lighter than the last full week's load, as well as fewer reps.
RACE_WEEK_LOAD_CUT_PC = 15


@dataclass(frozen=True, slots=True)
class _Deload:
    """A step-back or taper week and the form of the session: what the week cuts and how it says so.

    ``last_full_short``: the last full week took the short form (2 sets), the sets its note
    compares with; ``new_lifts``: there was no full week of these lifts yet, so the note
    introduces them instead ("the same load as your last full week" named a load never lifted);
    ``race_week``: a lighter load too (``RACE_WEEK_RPE``), not only fewer reps."""

    tapering: bool
    step_back: bool
    short: bool
    last_full_short: bool = False
    new_lifts: bool = False
    race_week: bool = False
    back_from_break: bool = False  # a step-back week that is the first back after a break
    after_illness: bool = False  # ... the break an illness (a pause for one): said so

    @property
    def active(self) -> bool:
        return self.tapering or self.step_back

    @property
    def introduces(self) -> bool:
        """The week's lifts are new to the runner (see ``note``)."""
        return self.active and self.new_lifts

    def reps(self, reps: int) -> int:
        """The reps done: a third fewer in a deloaded short session after a short one (its 2
        sets were the last full week's already) or in race week (lighter and less); else the
        same reps, as the week's full form does them (a step-back week had read 2 × 10 on
        Monday and 2 × 7 on Thursday, a taper week 2 × 8 and 2 × 5: a deload cuts a third of
        the sets, and the short form already has the deload's 2)."""
        cut = self.active and self.short and (self.last_full_short or self.race_week)
        return max(1, round(reps * DELOAD_SHARE)) if cut else reps

    def last_full_sets(self, full_form_sets: int) -> int:
        """The sets the last full week did: the short form's 2 or the full form's."""
        return SHORT_SETS if self.last_full_short else full_form_sets

    def note(self, sets: int, full_form_sets: int, reps: int, thing: str = "load", rpe: int | None = None) -> str:
        """The week's note, in the numbers it changes against the last full week, ``reps`` at
        the same load (``thing``: 'load' or 'variant'), or a new lift's introduction at ``rpe``
        (None: a bodyweight move); '' in a full week."""
        if not self.active:
            return ""
        week = "race week" if self.race_week else ("taper" if self.tapering else ("week back" if self.back_from_break else "step-back week"))
        if self.race_week and rpe is not None:
            rpe = RACE_WEEK_RPE
        if self.introduces:
            rpe = min(rpe, NEW_LIFT_RPE) if rpe else None  # light while the movement is learnt
            effort = f"a load you could lift about {10 - rpe} more times (RPE {rpe})" if rpe else "3–4 reps short of failure"
            return f"{NEW_LIFT}, {effort}; {sets} × {self.reps(reps)} in this {week}"
        change = _cut(sets, self.reps(reps), self.last_full_sets(full_form_sets), reps)
        if self.race_week and rpe is not None:
            # the load itself falls, named against the last full week's: fewer reps at "4 in
            # reserve" was the last week's load or heavier (3 x 8 at RPE 8 is a 10-rep load; 2 x 5
            # four short of failure, a 9-rep one)
            return (f"Race week: about {RACE_WEEK_LOAD_CUT_PC} % lighter than your last full week's load, {change}, every rep "
                    f"smooth and far from failure (RPE {rpe}): stay sharp and arrive fresh")
        if self.race_week:  # a bodyweight move: its variant, further from failure
            return (f"Race week: the same variant as your last full week, about {10 - RACE_WEEK_RPE} reps short of failure, "
                    f"{change}: stay sharp and arrive fresh")
        if self.tapering:
            return f"Taper: the same {thing} as your last full week, {change}, so you stay strong and arrive fresh"
        if self.back_from_break:
            # the last session before the break, which a week the break cut short may have held
            # at its new step (a pause two days after a heavier 3 x 6)
            away = "illness" if self.after_illness else "break"
            return f"Back from your {away}: the same {thing} as your last session before it, {change}, before the lifts build again"
        return f"Step-back week: the same {thing} as your last full week, {change}, to absorb the training"


def _cut(sets: int, reps: int, last_sets: int, last_reps: int) -> str:
    """What a deload changes against the last full week's sets × reps, in its real numbers (a
    race week's 2 × 5 after a full week of 3 × 8 had read "2 × 5 instead of 2 × 8, a third fewer
    reps", the taper week's numbers or none at all)."""
    if (sets, reps) == (last_sets, last_reps):
        return "the same sets and reps"
    if reps == last_reps:
        return f"{sets} sets instead of {last_sets}"
    done, before = sets * reps, last_sets * last_reps
    share = Fraction(done, before)
    words = {Fraction(2, 3): "a third fewer reps", Fraction(1, 2): "half the reps", Fraction(1, 3): "a third of the reps"}
    if share in words:
        cut = words[share]
    elif abs(share - Fraction(2, 3)) <= Fraction(1, 20):
        cut = "about a third fewer reps"
    else:
        cut = f"{done} reps in all instead of {before}"
    return f"{sets} × {reps} instead of {last_sets} × {last_reps}, {cut}"


def _same_load(rpe: int, why: str) -> str:
    """A full week that lifts its last full week's load and reps, and why."""
    return f"Same load and reps as your last full week (RPE {rpe}): {why}"


def _progressed(
    name: str, how: str, *, loaded: bool, variants: tuple[tuple[str, str], ...], step: int, sets: int, deload: _Deload,
    hold: bool = False,
) -> Exercise:
    """One exercise at progression ``step`` (1 = the first week): reps, then load, for loaded
    lifts; reps, then a harder variant, for bodyweight moves. ``hold``: the week before race
    week, at its last full week's step (:data:`HOLD_FOR_RACE`)."""
    if loaded:
        reps, rpe, change = _LOADED_LADDER[min(max(step, 1), len(_LOADED_LADDER)) - 1]
        change = change.format(rpe=rpe, if_they_come=IF_THEY_COME.format(reserve=10 - rpe, rpe=rpe))
        if hold or step > len(_LOADED_LADDER):
            change = _same_load(rpe, HOLD_FOR_RACE if hold else HOLD_AT_THE_TOP)
        notes = f"{how}. {deload.note(sets, FULL_SETS, reps, rpe=rpe) or change}"
        return Exercise(name=name, sets=sets, reps=str(deload.reps(reps)), notes=notes)
    index = min(max(step, 1), len(variants) * len(_VARIANT_REPS)) - 1
    variant, rep_index = divmod(index, len(_VARIANT_REPS))
    suffix, variant_how = variants[variant]
    reps = _VARIANT_REPS[rep_index]
    if deload.active:
        change = deload.note(sets, FULL_SETS, reps, "variant")
    elif hold or step > len(variants) * len(_VARIANT_REPS):
        change = f"Same variant and reps as your last full week: {HOLD_FOR_RACE if hold else HOLD_AT_THE_TOP}"
    elif rep_index == 0 and variant > 0:
        change = f"A harder variant this week ({suffix}), back to {reps} reps"
    elif rep_index == 0:
        change = "Learn the movement: smooth and controlled, stop 3–4 reps short of failure"
    else:
        change = f"Same variant as your last full week, {reps - _VARIANT_REPS[rep_index - 1]} more reps"
    if suffix and name.endswith(")"):
        full_name = f"{name[:-1]}, {suffix})"
    else:
        full_name = f"{name} ({suffix})" if suffix else name
    return Exercise(name=full_name, sets=sets, reps=str(deload.reps(reps)), notes=f"{how.split(';')[0]}; {variant_how}. {change}")


def _rpe(step: int, *, loaded: bool, variants: tuple[tuple[str, str], ...]) -> int:
    """The effort of progression ``step``: the loaded ladder's, or the bodyweight rep step's
    (its ``variants`` held at the last one's top)."""
    if loaded:
        return _LOADED_LADDER[min(max(step, 1), len(_LOADED_LADDER)) - 1][1]
    return _VARIANT_RPE[(min(max(step, 1), len(variants) * len(_VARIANT_REPS)) - 1) % len(_VARIANT_RPE)]


#: Holding the curl still, per equipment (the isometric weeks and race week).
_ISOMETRIC_CURL_HOW: dict[str, str] = {
    "gym": "on the leg-curl machine, hold the pad with the knee bent about 60–90°",
    "home": "lying face down, hook a band or a partner's hands behind the ankle and pull against it",
    "none": "lying face down, cross the other foot over the ankle and pull against it",
}
#: The light hinge's load, per equipment (the isometric weeks and race week).
_LIGHT_HINGE_LOAD: dict[str, str] = {"gym": "a light bar or dumbbells", "home": "a light backpack", "none": "bodyweight"}


def _race_week_tendon_holds(equipment: Equipment, hold_s: int, nordic: bool, nordic_week: int, nordic_halved: bool) -> StrengthContent:
    """Race week for a sore tendon: isometric holds only, 2 sets each (the short form's size),
    the hinge held still at knee height, no heavy slow reps."""
    exercises = [
        Exercise(name="Isometric glute bridge hold", sets=2, hold_s=45,
                 notes="1–2 min rest between holds; pain up to 3/10 is fine if it eases afterwards"),
        Exercise(name="Isometric leg curl hold", sets=2, hold_s=30, notes=f"each leg; {_ISOMETRIC_CURL_HOW[equipment]}"),
        Exercise(name="Isometric Romanian deadlift hold", sets=2, hold_s=30,
                 notes=f"{_LIGHT_HINGE_LOAD[equipment]}; hinge until the hands reach the knees and hold still, flat back, pain-free"),
    ]
    names = ["tendon isometrics"]
    if nordic:
        exercises.append(_nordic(nordic_week, taper=nordic_halved))
        names.append("Nordics")
    main = [_describe(e) for e in exercises]
    besides = (" (Nordic curls at their taper dose)" if nordic_halved else " (Nordic curls at their dose)") if nordic else ""
    main.append(f"Race week: holds only{besides}, no heavy slow lifting; they keep the tendon calm for the race. "
                "Pain should be no worse the next morning")
    return StrengthContent(
        type="tendon-isometrics-short",
        title=_title(names) + " (race week)",
        warmup=[TENDON_LEG_SWINGS if step == LEG_SWINGS else step for step in SHORT_WARMUP],
        main=main,
        cooldown=_cooldown("tendinopathy", hold_s)[:2],
        exercises=exercises,
        duration_min=_short_duration(exercises),
        rpe=5,
    )


def _tendon_isometrics(
    equipment: Equipment, loading_week: int, nordic: bool, hold_s: int, *, deload: bool = False
) -> StrengthContent:
    """Weeks 1–4 of a sore tendon: isometric holds (they ease tendon pain) before anything else,
    then a light short-range hinge; the curl is held, not moved. A step-back or taper week
    (``deload``) keeps the holds, which settle the tendon, at the last full week's length and
    drops a set of the hinge."""
    hamstring_hold = 30 if loading_week <= 2 or (deload and loading_week == 3) else 45
    curl_how = _ISOMETRIC_CURL_HOW[equipment]
    hinge_load = _LIGHT_HINGE_LOAD[equipment]
    exercises = [
        Exercise(
            name="Isometric glute bridge hold",
            sets=5,
            hold_s=45,
            notes="1–2 min rest between holds; pain up to 3/10 is fine if it eases afterwards",
        ),
        Exercise(
            name="Isometric hamstring hold (heel digs)",
            sets=5,
            hold_s=hamstring_hold,
            notes="on your back, knees bent about 90°, dig the heels into the floor and pull toward you",
        ),
        Exercise(name="Isometric leg curl hold", sets=4, hold_s=30, notes=f"each leg; {curl_how}"),
        Exercise(
            name="Romanian deadlift, light, short range",
            sets=2 if deload else 3,
            reps="10",
            notes=f"{hinge_load}; hinge only until the hands reach the knees, slow and pain-free"
            + ("; 2 sets instead of 3 this lighter week, the holds as before" if deload else ""),
        ),
    ]
    main = [_describe(e) for e in exercises]
    if nordic:
        main.append("Nordic curls wait until the tendon tolerates heavy slow loading (after week 4)")
    main.append("The holds come first: they settle the tendon. Pain should be no worse the next morning")
    return StrengthContent(
        type="tendon-isometrics",
        title="Strength · tendon isometrics, light RDL",
        warmup=_strength_warmup(equipment, TENDON_STRENGTH_WARMUP),
        main=main,
        cooldown=_cooldown("tendinopathy", hold_s),
        exercises=exercises,
        duration_min=30,
        rpe=5,
    )


#: Heavy slow resistance for a tendon, week by week (sets, reps, RPE): more load as reps fall
#: (Kongsgaard et al. 2009; Goom et al. 2016).
_HEAVY_SLOW_LADDER: tuple[tuple[int, int, int], ...] = ((3, 12, 6), (3, 10, 7), (4, 10, 7), (4, 8, 7), (4, 6, 8))


def _heavy_slow_week_note(step: int, rpe: int, short: bool) -> str:
    """A full heavy slow week's note: its step against the last full week's (a sore tendon's
    3 x 12, 3 x 10 and 4 x 8 had read the same "a load you could lift 3 more times (RPE 7)",
    never saying the bar gets heavier as the reps fall), and past the ladder's top, the same.
    ``short``: the short form, whose 2 sets are its own (no "set more")."""
    effort = f"a load you could lift {10 - rpe} more times (RPE {rpe})"
    if step > len(_HEAVY_SLOW_LADDER):
        return _same_load(rpe, HOLD_AT_THE_TOP)
    if step >= 2:
        (last_sets, last_reps, last_rpe), (sets, reps, _) = _HEAVY_SLOW_LADDER[step - 2], _HEAVY_SLOW_LADDER[step - 1]
        if reps < last_reps:
            return f"Heavier than your last full week, {reps} reps: {effort}"
        if sets > last_sets and rpe == last_rpe and not short:
            return f"The same load as your last full week, a set more (RPE {rpe})"
    return effort[0].upper() + effort[1:]


def _heavy_slow(
    equipment: Equipment, step: int, deload: _Deload, nordic: bool, nordic_week: int, hold_s: int, nordic_halved: bool,
    bodyweight_sets: int, hold: bool = False,
) -> StrengthContent:
    """From week 5 of a sore tendon: heavy slow resistance, 3 s down and 3 s up, heavier week by
    week (a loaded lift: fewer reps at a higher load; a bodyweight move: reps, then a harder
    variant, at the same slow tempo); a step-back week drops a third of the sets, the taper keeps
    the load with 2 sets. ``bodyweight_sets``: a bodyweight move's sets this week, as every other
    plan counts them (full, step-back or taper). ``hold``: the last full week before the taper,
    at its last full week's step (:data:`HOLD_FOR_RACE`)."""
    full_sets, reps, rpe = _HEAVY_SLOW_LADDER[min(max(step, 1), len(_HEAVY_SLOW_LADDER)) - 1]
    if deload.tapering:
        sets = TAPER_SETS
    elif deload.step_back:
        sets = max(DELOAD_SETS, round(full_sets * 2 / 3))
    else:
        sets = full_sets
    if deload.short:  # the short form holds 2 sets in every week (after a short week and in race week it deloads by reps)
        sets = SHORT_SETS
    hinge_name, hinge_short, hinge_how = _HINGE[equipment]
    curl_name, curl_short, curl_how = _CURL[equipment]
    week_note = deload.note(sets, full_sets, reps, rpe=rpe) or (
        _same_load(rpe, HOLD_FOR_RACE) if hold else _heavy_slow_week_note(step, rpe, deload.short)
    )
    reps = deload.reps(reps)
    depth = "hinge no deeper than pain allows and go deeper over the weeks"
    # a bodyweight move gets harder by its variant, not by fewer reps: the loaded ladder's 4 x 6
    # at RPE 8 was a lighter set of the same sliding curl (reps, then a harder variant, as
    # every other home plan progresses it)
    moves_sets = SHORT_SETS if deload.short else bodyweight_sets
    if equipment == "none":
        bodyweight = _progressed(hinge_name, hinge_how, loaded=False, variants=_TENDON_HINGE_VARIANTS, step=step, sets=moves_sets, deload=deload,
                                 hold=hold)
        hinge = bodyweight.model_copy(update={"notes": f"{bodyweight.notes}; {depth}"})
    else:
        hinge = Exercise(name=hinge_name, sets=sets, reps=str(reps), notes=f"{hinge_how}. 3 s down, 3 s up. {week_note}; {depth}")
    if equipment == "gym":
        curl = Exercise(name=curl_name, sets=sets, reps=str(reps), notes=f"{curl_how.split(';')[0]}; 3 s up, 3 s down, RPE {rpe}"
                        + (f". {NEW_LIFT}" if deload.introduces else ""))
    else:
        curl = _progressed(curl_name, curl_how, loaded=False, variants=_TENDON_CURL_VARIANTS, step=step, sets=moves_sets, deload=deload,
                           hold=hold)
    exercises = [
        Exercise(name="Isometric glute bridge hold", sets=2, hold_s=45, notes="to settle the tendon before loading"),
        hinge,
        curl,
    ]
    names = [hinge_short, curl_short]
    if nordic:
        exercises.append(_nordic(nordic_week, nordic_halved))
        names.append("Nordics")
    main = [_describe(e) for e in exercises]
    main.append("Rest 2 min between sets; pain up to 3/10 that settles by the next morning is acceptable")
    return StrengthContent(
        type="tendon-heavy-slow",
        title=_title(["heavy slow " + names[0], *names[1:]]),
        warmup=_strength_warmup(equipment, TENDON_STRENGTH_WARMUP),
        main=main,
        cooldown=_cooldown("tendinopathy", hold_s),
        exercises=exercises,
        duration_min=_duration(exercises),
        rpe=_rpe(step, loaded=False, variants=_TENDON_HINGE_VARIANTS) if equipment == "none" else rpe,
    )
