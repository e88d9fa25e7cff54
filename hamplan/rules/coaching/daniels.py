"""Daniels' per-session limits: how much of a week's running one session may hold at each pace.

*Daniels' Running Formula* (3rd ed.): a session's work at repetition pace at most **5 %** of the
week's running, at threshold pace **10 %**, at interval pace **8 %**, at marathon pace **20 %**.
More in one session stops adding fitness and starts adding fatigue and injury risk.

The numbers live here, below the content that sizes the sessions and the checks that judge
them, so both read the same limits.
"""

from __future__ import annotations

from hamplan.models import StepPace, Workout, WorkoutStep

#: A session's work at a pace, as a share of the week's running km (Daniels).
SESSION_LIMITS: dict[str, float] = {"repetition": 0.05, "threshold": 0.10, "interval": 0.08, "marathon": 0.20}
LIMIT_LETTERS: dict[str, str] = {"repetition": "R", "threshold": "T", "interval": "I", "marathon": "M"}


def limit_zone(pace: StepPace, race_km: float) -> str | None:
    """Which limit a work step at ``pace`` counts against.

    Race pace counts as I for races up to 10 km, as T up to the half, as M beyond; half-marathon
    pace, slower than T, counts with M. Hill sprints and strides count as R."""
    if pace in ("repetition", "hill"):
        return "repetition"
    if pace in ("threshold", "interval", "marathon"):
        return pace
    if pace == "half_marathon":
        return "marathon"
    if pace == "race":
        return "interval" if race_km <= 10.0 + 1e-9 else ("threshold" if race_km <= 21.1 else "marathon")
    return None


def work_step_km(step: WorkoutStep, effort_pace_min_per_km: float) -> float:
    """Ground one work step covers: its distance, or its time at its own pace (effort-based
    steps, hill sprints, at ``effort_pace_min_per_km``)."""
    if step.distance_m is not None:
        return step.distance_m / 1000.0
    pace = step.pace_min_per_km or effort_pace_min_per_km
    return (step.duration_s or 0) / 60.0 / pace


def work_km_by_zone(workout: Workout, race_km: float, effort_pace_min_per_km: float) -> dict[str, float]:
    """Km of work per limit zone in one workout (what the per-session limits judge)."""
    out: dict[str, float] = {}
    for block in workout.blocks:
        for step in block.steps:
            zone = limit_zone(step.pace, race_km) if step.kind == "work" else None
            if zone is not None:
                out[zone] = out.get(zone, 0.0) + block.repeat * work_step_km(step, effort_pace_min_per_km)
    return out
