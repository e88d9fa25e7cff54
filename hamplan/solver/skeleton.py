"""What the solver hands on: the day-by-day decisions as plain data, and the days of history
a re-plan keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from hamplan.rules.context import PlanContext


@dataclass(frozen=True)
class DayPlan:
    """The solver's decision for one day (distances in tenths of a km)."""

    day: date
    run: str | None  # 'easy' | 'long' | 'quality' | None
    dist_tenths: int
    strength: bool
    mobility: bool
    strength_short: bool = False  # the short form (a tight day), see rules.settings
    mobility_short: bool = False
    #: what the day's run trains (see ``hamplan.solver.quality``): on a quality day 'hills',
    #: 'tempo', 'marathon' or 'intervals'; on an easy day 'strides' or None
    quality_type: str | None = None
    #: 1-based count of sessions of this ``quality_type`` so far in the plan (0: none); content
    #: progresses with it
    quality_index: int = 0
    #: the day lies in a step-back week (volume cut from the week before): content steps back
    step_back: bool = False
    #: a quality day as the solver placed it (the week's easy share budgeting it) whose hill
    #: sprints run sized as an easy run (``run`` 'easy'): the race's work may still take it
    placed_as_quality: bool = False


@dataclass(frozen=True)
class Skeleton:
    """The solved plan as plain data: one entry per day, plus how the solve went."""

    days: tuple[DayPlan, ...]
    optimal: bool
    objective: float
    solve_seconds: float
    week_km_tenths: dict[int, int] = field(default_factory=dict)
    #: the request as the solve that found this read it (its calendar, cutback weeks, whether the
    #: days back from a break hold easy-run-sized runs, easy pace): the plan's runs are shaped
    #: after the solve by the same reading, not a new one (a skeleton solved with the cutback
    #: weeks free was shaped with the calendar's)
    solved_in: PlanContext | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class FixedDay:
    """A day of history that the model must take as it was (re-planning)."""

    run: str | None
    dist_tenths: int
    strength: bool
    mobility: bool
    #: a quality day whose running time counts easy (hill sprints, ``INTENSITY``): ``easy_share``
    #: does not budget it as hard
    easy_time: bool = False
