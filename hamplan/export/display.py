"""What the exports share: units, numbers, and a session's steps as a reader sees them.

The plan stores every distance in kilometres and every pace in min/km; a request with
``units = "mi"`` is shown in miles. The session texts written by :mod:`hamplan.content` say
"km" too, so :meth:`Units.text` rewrites their distances and paces for a miles reader.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from hamplan.models import KM_PER_MI, Exercise
from hamplan.paces import format_pace

if TYPE_CHECKING:
    from hamplan.models import Plan, Session, Week


KIND_LABELS: dict[str, str] = {"run": "Run", "strength": "Strength", "mobility": "Mobility", "race": "Race"}
PHASE_LABELS: dict[str, str] = {"base": "base", "build": "build", "peak": "peak", "taper": "taper", "race": "race week"}

_KM_TEXT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?) ?km\b")
_PACE_TEXT = re.compile(r"\b(\d{1,2}):(\d{2}) ?/km\b")


def number(value: float, digits: int = 1) -> str:
    """``'3.5'``, ``'24'`` (no trailing ``.0``)."""
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@dataclass(frozen=True, slots=True)
class Units:
    """Distances and paces in the reader's unit."""

    unit: Literal["km", "mi"] = "km"

    @property
    def factor(self) -> float:
        """Display units per kilometre."""
        return 1.0 / KM_PER_MI if self.unit == "mi" else 1.0

    def value(self, km: float) -> float:
        return km * self.factor

    def distance(self, km: float, digits: int = 1) -> str:
        """``'24 km'`` or ``'14.9 mi'``."""
        return f"{number(self.value(km), digits)} {self.unit}"

    def pace(self, min_per_km: float) -> str:
        """``'8:24 /km'`` or ``'13:31 /mi'``."""
        return f"{format_pace(min_per_km / self.factor)} /{self.unit}"

    def pace_range(self, fast_min_per_km: float, slow_min_per_km: float) -> str:
        """``'7:04–8:24 /km'`` (the fast end first)."""
        return f"{format_pace(fast_min_per_km / self.factor)}–{format_pace(slow_min_per_km / self.factor)} /{self.unit}"

    def text(self, text: str) -> str:
        """A content text with its "N km" distances and "M:SS /km" paces in this unit."""
        if self.unit == "km":
            return text
        return _in_miles(text)


@lru_cache(maxsize=4096)
def _in_miles(text: str) -> str:
    """:meth:`Units.text` for miles. Memoised because the content texts are a small fixed set that
    every plan repeats (the same warm-up lines in each session), and two regex passes per line
    were a large part of an export's time; the bound keeps a long batch's memory flat."""
    miles = Units("mi")
    text = _PACE_TEXT.sub(lambda m: miles.pace((int(m.group(1)) * 60 + int(m.group(2))) / 60.0), text)
    return _KM_TEXT.sub(lambda m: miles.distance(float(m.group(1))), text)


def units_of(plan: Plan) -> Units:
    return Units(plan.request.units)


# ---------------------------------------------------------------------------------------------
# Weeks
# ---------------------------------------------------------------------------------------------


def week_dates(week: Week) -> list[date]:
    """The week's days in calendar order (a plan's weeks start on the start date's weekday)."""
    return [week.start + timedelta(days=i) for i in range(week.days)]


def week_index_of(plan: Plan, day: date) -> int | None:
    """1-based week of ``day``, or None outside the plan."""
    for week in plan.weeks:
        if week.start <= day < week.start + timedelta(days=week.days):
            return week.index
    return None


def weeks_before(plan: Plan) -> int:
    """Weeks of the first plan before a re-plan's start (``request.phases_from``): a re-plan
    counts its weeks on from there, so "Week 12 of 18" stays week 12 (it read "Week 1 of 7",
    and an unchanged event's text changed with every re-plan); 0 for a new plan."""
    first = plan.request.phases_from
    return 0 if first is None else max(0, (plan.request.start - first).days // 7)


def week_heading(plan: Plan, week: Week) -> str:
    """``'Week 7 · build · 48 km'``."""
    units = units_of(plan)
    number = weeks_before(plan) + week.index
    return f"Week {number} · {PHASE_LABELS.get(week.phase, week.phase)} · {units.distance(week.run_km, 0)}"


def week_tag(week: Week) -> str | None:
    """What a lighter week is (``Week.cutback``: at most the cutback factor of the week before):
    a step-back week, or one a break makes light (a runner away for a week read "cutback week"
    on it, where the notes named the plan's step-back weeks apart); None for another week. The
    notes' word, "step-back", everywhere the runner reads: a coach read "cutback week" on a
    page whose notes said "step-back week", two names for one thing."""
    if not week.cutback:
        return None
    return "light for your break" if week.blackout_days else "step-back week"


def week_context(plan: Plan, week: Week) -> str:
    """``'Week 7 of 18 · build · 48 km'`` (and ``'· step-back'`` in a lighter week, ``'· light for
    your break'`` where a break makes it light)."""
    units = units_of(plan)
    before = weeks_before(plan)
    text = (
        f"Week {before + week.index} of {before + len(plan.weeks)} · {PHASE_LABELS.get(week.phase, week.phase)}"
        f" · {units.distance(week.run_km, 0)}"
    )
    tag = week_tag(week)
    return text + ("" if tag is None else f" · {tag.removesuffix(' week')}")


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
    "week_tag",
    "week_dates",
    "week_heading",
    "week_index_of",
]
