"""What the exports share: units, numbers, and a session's steps as a reader sees them.

Distances and paces in the reader's unit are :mod:`hamplan.units`' (the plan's text summary
reads them too); they are named here as the exports have always imported them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from hamplan.calendar import RACE_WEEK_DAYS, weeks_before_start
from hamplan.models import KM_PER_MI, Exercise
from hamplan.units import Units, number

if TYPE_CHECKING:
    from hamplan.models import Plan, Session, Week


KIND_LABELS: dict[str, str] = {"run": "Run", "strength": "Strength", "mobility": "Mobility", "race": "Race"}
PHASE_LABELS: dict[str, str] = {"base": "base", "build": "build", "peak": "peak", "taper": "taper", "race": "race week"}

#: Said of a plan the solver did not prove best where it carries advice (the cover; the CLI).
NOT_PROVEN_BEST = (
    "The planner did not prove this the best arrangement (the weeks it chose first did not fit your days and were "
    "rebuilt, or its work limit came first): every safety rule holds, and another arrangement might suit you a "
    "little better."
)


def units_of(plan: Plan) -> Units:
    return Units(plan.request.units)


# ---------------------------------------------------------------------------------------------
# Weeks
# ---------------------------------------------------------------------------------------------


def week_dates(week: Week) -> list[date]:
    """The week's days in calendar order (a plan's weeks start on the start date's weekday)."""
    return [week.start + timedelta(days=i) for i in range(week.days)]


def _week_holds(week: Week, day: date) -> bool:
    return week.start <= day < week.start + timedelta(days=week.days)


def week_index_of(plan: Plan, day: date) -> int | None:
    """1-based week of ``day``, or None outside the plan."""
    return next((week.index for week in plan.weeks if _week_holds(week, day)), None)


def weeks_before(plan: Plan) -> int:
    """Weeks of the first plan before a re-plan's start (``request.phases_from``): a re-plan
    counts its weeks on from there, so "Week 12 of 18" stays week 12 (it read "Week 1 of 7",
    and an unchanged event's text changed with every re-plan); 0 for a new plan."""
    return weeks_before_start(plan.request)


def week_volume(plan: Plan, week: Week) -> str:
    """The week's running, ``'48 km'``; the race's week adds the race, ``'21 km + 42.2 km race'``,
    or ``'10 km race'`` where its plan week holds the race alone. Its runs' total leaves the race
    out: a race early in its plan week read "Week 12 · race week · 0 km"."""
    units = units_of(plan)
    if not _week_holds(week, plan.request.race.date):
        return units.distance(week.run_km, 0)
    race = f"{units.distance(plan.request.race.km)} race"
    return race if week.run_km < 0.5 else f"{units.distance(week.run_km, 0)} + {race}"


def week_heading(plan: Plan, week: Week) -> str:
    """``'Week 7 · build · 48 km'``, ``'Week 8 · step-back · 38 km'``."""
    number = weeks_before(plan) + week.index
    return f"Week {number} · {week_label(plan, week)} · {week_volume(plan, week)}"


def week_label(plan: Plan, week: Week) -> str:
    """The word the week's heading gives it: its phase, or "step-back" for a step-back week
    (:func:`steps_back`), whatever phase it falls in. A coach read "peak" over step-back weeks
    in 28 of 60 plans (a two-week peak phase whose first week steps back): the peak is the
    plan's biggest weeks, and a step-back week is none of them."""
    if steps_back(plan, week):
        return "step-back"
    return PHASE_LABELS.get(week.phase, week.phase)


def steps_back(plan: Plan, week: Week) -> bool:
    """A step-back week: lighter than the week before (``Week.cutback``) by the plan's rhythm,
    as the notes name them: not one a break makes light, nor the first two weeks (a lighter
    start, as the notes say), nor the week race week starts in, which eases into it."""
    return bool(week.cutback and not week.blackout_days and week.index > 2 and _race_week_starts_in(plan, week) is None)


def _race_week_starts_in(plan: Plan, week: Week) -> date | None:
    """The first day of race week (the six days before the race) where it falls in ``week``, a
    week before the race's own; else None."""
    race_day = plan.request.race.date
    race_week_from = race_day - timedelta(days=RACE_WEEK_DAYS - 1)  # as ``PlanCalendar.race_week_first_day``
    return race_week_from if not _week_holds(week, race_day) and _week_holds(week, race_week_from) else None


def week_tag(plan: Plan, week: Week) -> str | None:
    """A week before the race's that race week starts in (a race early in its plan week leaves
    most of race week in the plan week before, which read "peak" beside its tune-up), by the
    weekday it starts; and a week a break makes light (``Week.cutback``: at most the cutback
    factor of the week before), "light for your break" (a runner away for a week read "cutback
    week" on it, where the notes named the plan's step-back weeks apart); None for another week.
    A step-back week's heading names it (:func:`week_label`), in the notes' word, "step-back":
    a coach read "cutback week" on a page whose notes said "step-back week"."""
    tags = []
    if (race_week_from := _race_week_starts_in(plan, week)) is not None:
        tags.append(f"race week from {race_week_from:%A}")
    if week.cutback and week.blackout_days:
        tags.append("light for your break")
    return " · ".join(tags) or None


def week_context(plan: Plan, week: Week) -> str:
    """``'Week 7 of 18 · build · 48 km'``, ``'Week 8 of 18 · step-back · 38 km'`` (and ``'· light
    for your break'`` where a break makes it light, ``'· race week from Tuesday'`` where race
    week starts: :func:`week_tag`)."""
    before = weeks_before(plan)
    text = f"Week {before + week.index} of {before + len(plan.weeks)} · {week_label(plan, week)} · {week_volume(plan, week)}"
    tag = week_tag(plan, week)
    return text + ("" if tag is None else f" · {tag}")


# ---------------------------------------------------------------------------------------------
# Sessions
# ---------------------------------------------------------------------------------------------


def dose(exercise: Exercise) -> str:
    """``'3 × 10'``, ``'2 × 30 s'``, ``'3 × 12/10/8'``, ``'2 × 8, hold 5 s'``."""
    parts: list[str] = []
    sets = f"{exercise.sets} × " if exercise.sets else ""
    if exercise.reps:
        parts.append(f"{sets}{exercise.reps}")
        if exercise.hold_s:
            parts.append(f"hold {exercise.hold_s} s")
    elif exercise.hold_s:
        parts.append(f"{sets}{exercise.hold_s} s hold")
    elif exercise.sets:
        parts.append(f"{exercise.sets} sets")
    return ", ".join(parts)


def exercise_text(exercise: Exercise, units: Units | None = None) -> str:
    """``'Romanian deadlift: 3 × 10 — soft knees, …'``."""
    units = units or Units()
    amount = dose(exercise)
    text = f"{exercise.name}: {amount}" if amount else exercise.name
    if exercise.notes:
        text += f" — {units.text(exercise.notes)}"
    return text


@dataclass(frozen=True, slots=True)
class Section:
    """A part of a session (warm-up, main set, cool-down, exercises): plain lines and exercises.

    An exercise takes the place of the content line that names it (``'Name: …'``), so it is
    shown once, with its sets × reps or hold, where the session does it.
    """

    title: str
    steps: tuple[str | Exercise, ...]


def session_sections(session: Session, units: Units | None = None) -> list[Section]:
    """Warm-up, main set, cool-down (and any exercise no line names) in doing order."""
    return content_sections(
        session.warmup_min, session.warmup, session.main, session.cooldown, session.exercises, units
    )


def content_sections(
    warmup_min: int | None,
    warmup: Sequence[str],
    main: Sequence[str],
    cooldown: Sequence[str],
    exercises: Sequence[Exercise],
    units: Units | None = None,
) -> list[Section]:
    """:func:`session_sections` from the only fields it reads, for a caller that memoises on them."""
    units = units or Units()
    left: list[Exercise] = list(exercises)

    def steps(lines: Sequence[str]) -> tuple[str | Exercise, ...]:
        out: list[str | Exercise] = []
        for line in lines:
            match = next((ex for ex in left if line.startswith(ex.name + ":")), None)
            if match is not None:
                left.remove(match)
                out.append(match)
            else:
                out.append(units.text(line))
        return tuple(out)

    warm_title = f"Warm-up ({warmup_min} min)" if warmup_min else "Warm-up"
    sections = [
        Section(warm_title, steps(warmup)),
        Section("Main set", steps(main)),
        Section("Cool-down", steps(cooldown)),
    ]
    if left:
        sections.append(Section("Exercises", tuple(left)))
    return [s for s in sections if s.steps]


def session_facts(session: Session, units: Units | None = None) -> str:
    """``'3.5 km · 29 min · 8:24 /km · RPE 3'`` (what applies)."""
    units = units or Units()
    parts = []
    if session.distance_km:
        parts.append(units.distance(session.distance_km))
    parts.append(f"{session.duration_min} min")
    if session.pace_min_per_km:
        parts.append(units.pace(session.pace_min_per_km))
    parts.append(f"RPE {session.rpe}")
    return " · ".join(parts)


def session_title(session: Session, units: Units | None = None) -> str:
    """The session's short title in the reader's unit (``'Long run · 14.9 mi'``)."""
    units = units or Units()
    return units.text(session.title or f"{KIND_LABELS.get(session.kind, session.kind)} · {session.type}")


__all__ = [
    "KIND_LABELS",
    "KM_PER_MI",
    "PHASE_LABELS",
    "Section",
    "Units",
    "content_sections",
    "dose",
    "exercise_text",
    "number",
    "session_facts",
    "session_sections",
    "session_title",
    "units_of",
    "week_context",
    "week_volume",
    "week_tag",
    "week_dates",
    "week_heading",
    "week_index_of",
]
