"""What a run consists of: warm-up, main set, cool-down, stretches and form cues.

The planner budgets every run as distance × its prescribed pace: the middle of the easy zone
for easy, long and quality runs, the slow end for recovery runs. Here the distance is cut into
segments (warm-up jog, main set, recoveries, cool-down jog) whose paces are never slower than
that pace, so the real duration never exceeds the budget the calendar was built on. The
warm-up and cool-down jogs are part of the session distance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from hamplan.content.common import fmt_km, fmt_pace, form_cues, run_cooldown, run_warmup_steps
from hamplan.models import Exercise, HamstringHistory, Intensity, Paces, Phase, RunType, parse_duration_s
from hamplan.paces import format_hms, planning_pace, race_time_for_vdot, recovery_pace

QUALITY_WARMUP_MIN = 10
EASY_WARMUP_MIN: dict[str, int] = {"easy": 5, "recovery": 5, "long": 8}
COOLDOWN_JOG_KM = 1.5
MIN_COOLDOWN_JOG_KM = 0.5
RECOVERY_JOG_KM = 0.4
RACE_COOLDOWN_WALK_MIN = 10
MIN_QUALITY_KM = 1.0

RPE: dict[str, int] = {"easy": 3, "recovery": 2, "long": 4, "tempo": 7, "intervals": 8, "hills": 8, "race": 9}
INTENSITY: dict[str, Intensity] = {
    "easy": "easy", "recovery": "easy", "long": "easy",
    "tempo": "moderate",
    "intervals": "hard", "hills": "hard", "race": "hard",
}

# (rep metres, jog metres) in order of preference; the shorter ones only when a short session
# cannot hold three reps of the phase's usual length.
_REP_OPTIONS: tuple[tuple[int, int], ...] = ((1000, 400), (800, 400), (600, 200), (400, 200), (200, 200))
_MAX_REPS: dict[str, int] = {"base": 6, "build": 6, "peak": 8, "taper": 4, "race": 4}
# Hill reps per phase: (first count, most reps, seconds uphill).
_HILLS: dict[str, tuple[int, int, int]] = {
    "base": (6, 8, 60), "build": (6, 8, 75), "peak": (8, 10, 90), "taper": (6, 6, 60), "race": (6, 6, 60),
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
    segments: list[tuple[str, float, float]] = field(default_factory=list)
    """(label, km, min/km) pieces the duration is the sum of; handy for tests and exports."""


@dataclass(frozen=True, slots=True)
class _Plan:
    """The segments and the main-set text of a run before the shared parts are added."""

    title: str
    warmup_min: int
    main: list[str]
    segments: list[tuple[str, float, float]]
    extra_cooldown: list[str]


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
) -> RunContent:
    """The content of one run of ``distance_km`` km (warm-up and cool-down jogs included).

    For the race, ``distance_km`` is the race distance; its time is ``race_time_s`` if given,
    else ``paces.race_prediction`` (the prediction for the plan's race), else the Daniels
    equivalent of ``paces.vdot``. Its warm-up and cool-down walk happen off the course and are
    not part of ``duration_min``.
    """
    if distance_km <= 0:
        raise ValueError("a run needs a distance of more than zero km")
    if run_type in ("tempo", "intervals", "hills") and distance_km < MIN_QUALITY_KM:
        raise ValueError(f"a {run_type} session needs at least {MIN_QUALITY_KM:g} km (warm-up, main set, cool-down)")
    easy = planning_pace(paces, "easy")
    if run_type in ("easy", "long"):
        plan = _steady(run_type, distance_km, easy)
    elif run_type == "recovery":
        plan = _steady(run_type, distance_km, recovery_pace(paces))
    elif run_type == "tempo":
        plan = _tempo(distance_km, easy, planning_pace(paces, "threshold"))
    elif run_type == "intervals":
        plan = _intervals(distance_km, easy, planning_pace(paces, "interval"), phase)
    elif run_type == "hills":
        hill_pace = (planning_pace(paces, "interval") + planning_pace(paces, "repetition")) / 2.0
        plan = _hills(distance_km, easy, hill_pace, phase, week_index)
    elif run_type == "race":
        plan = _race(distance_km, paces, race_time_s)
    else:
        raise ValueError(f"unknown run type {run_type!r}")

    minutes = sum(km * pace for _, km, pace in plan.segments)
    total_km = sum(km for _, km, _ in plan.segments)
    stretch_steps, stretches = run_cooldown(hamstring_history, hold_s)
    warmup = run_warmup_steps(plan.warmup_min, walk_first=run_type in ("recovery", "race"))
    cues = form_cues(cadence_spm)
    if run_type in ("intervals", "hills") and hamstring_history != "none":
        plan.main.append("Hard means strong and controlled, never an all-out sprint: stop if the back of the thigh tightens")
    return RunContent(
        title=plan.title,
        warmup_min=plan.warmup_min,
        warmup=warmup,
        main=plan.main,
        cooldown=plan.extra_cooldown + stretch_steps,
        exercises=stretches,
        cues=cues,
        duration_min=int(round(minutes)),
        pace_min_per_km=round(minutes / total_km, 3),
        rpe=RPE[run_type],
        intensity=INTENSITY[run_type],
        segments=plan.segments,
    )


def _steady(run_type: str, km: float, easy: float) -> _Plan:
    """Easy, recovery and long runs, the whole way at one pace (``easy``: the middle of the easy
    zone, or its slow end for a recovery run)."""
    warmup_min = EASY_WARMUP_MIN[run_type]
    names = {"easy": "Easy run", "recovery": "Recovery run", "long": "Long run"}
    main = {
        "easy": [f"{fmt_km(km)} km easy at about {fmt_pace(easy)} — you can talk in full sentences"],
        "recovery": [f"{fmt_km(km)} km very easy, about {fmt_pace(easy)} — shorter strides, relaxed, no pushing"],
        "long": [
            f"{fmt_km(km)} km easy at about {fmt_pace(easy)}, steady from start to finish",
            "Drink and fuel as you would on race day if it is over 75 minutes",
            "If your form falls apart late on, slow down or walk a minute — tired form strains hamstrings",
        ],
    }[run_type]
    main.insert(0, f"The first {warmup_min} minutes are the warm-up; do the drills, then settle into the run")
    cooldown = ["Walk 3–5 min to bring the heart rate down"]
    return _Plan(f"{names[run_type]} · {fmt_km(km)} km", warmup_min, main, [("easy", km, easy)], cooldown)


def _tempo(km: float, easy: float, threshold: float) -> _Plan:
    """10 min warm-up jog, tempo at threshold pace, ~1.5 km cool-down jog (shorter if the
    session is short, so the tempo keeps at least 40 % of the distance)."""
    warm = min(QUALITY_WARMUP_MIN / easy, km)
    cool = COOLDOWN_JOG_KM
    if km - warm - cool < 0.4 * km:
        cool = MIN_COOLDOWN_JOG_KM
    cool = min(cool, km - warm)
    main_km = km - warm - cool
    tempo_min = main_km * threshold
    main = [
        f"{fmt_km(main_km)} km (about {round(tempo_min)} min) at tempo pace, {fmt_pace(threshold)}: "
        "comfortably hard, you could say a few words but not chat",
        "Keep it even — no faster in the last kilometre",
        f"Then {fmt_km(cool)} km easy jog",
    ]
    segments = [("warm-up jog", warm, easy), ("tempo", main_km, threshold), ("cool-down jog", cool, easy)]
    return _Plan(f"Tempo · {fmt_km(km)} km", QUALITY_WARMUP_MIN, main, segments, ["Walk 3 min"])


def _fit_reps(available_km: float, rep_km: float, jog_km: float) -> int:
    """Whole reps (with a jog between each two) that fit in ``available_km``."""
    return max(int(math.floor((available_km + jog_km) / (rep_km + jog_km) + 1e-9)), 0)


def _intervals(km: float, easy: float, interval: float, phase: str) -> _Plan:
    """10 min warm-up jog, reps at interval pace with jog recoveries, the rest easy.

    800 m reps in base and taper, 1000 m in build and peak; as many whole reps as fit, capped
    per phase; shorter reps only when three of the usual length do not fit.
    """
    warm = min(QUALITY_WARMUP_MIN / easy, km)
    preferred = 800 if phase in ("base", "taper", "race") else 1000
    options = [opt for opt in _REP_OPTIONS if opt[0] <= preferred]
    cap = _MAX_REPS.get(phase, 6)
    chosen: tuple[int, int, int] | None = None
    for min_cool in (MIN_COOLDOWN_JOG_KM, 0.0):
        for rep_m, jog_m in options:
            n = min(_fit_reps(km - warm - min_cool, rep_m / 1000, jog_m / 1000), cap)
            if n >= 3:
                chosen = (n, rep_m, jog_m)
                break
        if chosen:
            break
    if chosen is None:  # too short for three reps of anything: as many 200s as fit
        rep_m, jog_m = _REP_OPTIONS[-1]
        chosen = (max(_fit_reps(km - warm, rep_m / 1000, jog_m / 1000), 1), rep_m, jog_m)
    n, rep_m, jog_m = chosen
    rep_km, jog_km = rep_m / 1000, jog_m / 1000
    work_km = n * rep_km + (n - 1) * jog_km
    cool = max(km - warm - work_km, 0.0)
    if cool == 0.0:
        warm = max(km - work_km, 0.0)
    rep_s = rep_km * interval * 60
    main = [
        f"{n} × {rep_m} m at interval pace, {fmt_pace(interval)} (about {_mmss(rep_s)} each): hard but even",
        f"{jog_m} m easy jog between reps",
        "Stop the set early if your form goes or a hamstring tightens",
        f"Then {fmt_km(cool)} km easy jog",
    ]
    segments = [
        ("warm-up jog", warm, easy),
        ("reps", n * rep_km, interval),
        ("recovery jogs", (n - 1) * jog_km, easy),
        ("cool-down jog", cool, easy),
    ]
    return _Plan(f"Intervals · {n} × {rep_m} m", QUALITY_WARMUP_MIN, main, segments, ["Walk 3 min"])


def _hills(km: float, easy: float, hill_pace: float, phase: str, week_index: int) -> _Plan:
    """10 min warm-up jog, hill reps with a jog-down recovery, easy jog to finish.

    Reps build by one every two weeks within the phase's range; a session too short for them
    first shortens the reps to 60 s, then drops reps, and only then goes below 60 s.
    """
    warm = min(QUALITY_WARMUP_MIN / easy, km)
    first, most, seconds = _HILLS.get(phase, _HILLS["base"])
    n = min(first + max(week_index - 1, 0) // 2, most)

    # Ground covered per rep, counted at flat hill-effort pace (uphill covers less, so the
    # duration is if anything overestimated); the jog down covers the same ground at easy pace.
    def fits(reps: int, secs: int) -> bool:
        return warm + 2 * reps * secs / 60.0 / hill_pace + MIN_COOLDOWN_JOG_KM <= km

    while seconds > 60 and not fits(n, seconds):
        seconds -= 15
    while n > 1 and not fits(n, seconds):
        n -= 1
    while seconds > 20 and not fits(n, seconds):
        seconds -= 10
    up_km = min(n * seconds / 60.0 / hill_pace, (km - warm) / 2)
    cool = max(km - warm - 2 * up_km, 0.0)
    main = [
        f"{n} × {seconds} s uphill on a steady 4–8 % hill at a hard effort (about 8/10), driving the knees and arms",
        "Jog back down slowly as the recovery",
        "Short quick steps uphill, tall posture; stop the set if a hamstring tightens",
        f"Then {fmt_km(cool)} km easy jog",
    ]
    segments = [
        ("warm-up jog", warm, easy),
        ("hill reps", up_km, hill_pace),
        ("jog down", up_km, easy),
        ("cool-down jog", cool, easy),
    ]
    return _Plan(f"Hills · {n} × {seconds} s", QUALITY_WARMUP_MIN, main, segments, ["Walk 3 min"])


def _race(km: float, paces: Paces, race_time_s: float | None) -> _Plan:
    """The race at its predicted pace; warm-up before the start, a walk after the finish."""
    if race_time_s is None and paces.race_prediction:
        race_time_s = float(parse_duration_s(paces.race_prediction))
    if race_time_s is None:
        race_time_s = race_time_for_vdot(paces.vdot, km)
    pace = race_time_s / 60.0 / km
    main = [
        f"Race {fmt_km(km)} km at about {fmt_pace(pace)} (predicted finish {format_hms(race_time_s)})",
        "Start a little slower than goal pace for the first kilometre or two; even effort after that",
        "If a hamstring grabs or you feel a sudden sharp pain at the back of the thigh, stop — no race is worth a tear",
    ]
    cooldown = [f"{RACE_COOLDOWN_WALK_MIN} min easy walk after the finish, then drink and eat"]
    return _Plan(f"Race · {fmt_km(km)} km", QUALITY_WARMUP_MIN, main, [("race", km, pace)], cooldown)


def _mmss(seconds: float) -> str:
    total = int(round(seconds))
    return f"{total // 60}:{total % 60:02d}"
