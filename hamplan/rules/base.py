"""What every rule is made of: a constraint the solver posts and a check on a finished plan.

A rule sees the solver through :class:`PlanVars` (a protocol the solver's model satisfies, so
rules never import the solver) and a finished plan through :class:`PlanView` (plain Python,
recomputed from the plan's sessions and request alone).
"""

from __future__ import annotations

import math

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any, ClassVar, Protocol


from hamplan.calendar import PlanCalendar
from hamplan.models import QUALITY_TYPES, Finding, Plan, PlanRequest, Session
from hamplan.rules.settings import OTHER_RUN_EXTRA_KM, RuleSettings, other_run_share

#: Distances are integers in tenths of a km inside the solver.
TENTHS = 10
#: Factors become integers per mille (1.10 → 1100) so the model stays in integers.
PER_MILLE_SCALE = 1000
#: Float slack for the checker: distances are printed to 0.1 km.
EPS_KM = 0.051


def tenths_floor(km: float) -> int:
    """A distance in whole tenths of a km, rounded down (a bound the model must not exceed)."""
    return math.floor(km * TENTHS + 1e-9)


def km_in_minutes_tenths(minutes: int, pace_s_per_km: int) -> int:
    """The distance ``minutes`` of running cover at ``pace_s_per_km``, in whole tenths of a km,
    rounded down: the most a day of that many minutes holds, as the planner counts it."""
    return TENTHS * 60 * minutes // pace_s_per_km


def per_mille(factor: float) -> int:
    """A factor as an integer per mille (1.10 → 1100), so CP-SAT stays in integers."""
    return round(factor * PER_MILLE_SCALE)


def long_run_cap_tenths(settings: RuleSettings, easy_pace_s_per_km: int) -> int:
    """The longest run ``long_run_max_min`` allows at the planner's easy pace, in tenths of a km."""
    return int(settings.long_run_max_min * 60 * TENTHS // easy_pace_s_per_km)


def other_run_room_pc(longest_tenths: Any, run_days: int, least: float = 0.0) -> Any:
    """100 × the most a run beside the week's longest may hold, in tenths of a km (an int, or a
    solver expression of the longest): ``other_run_share(run_days, least)`` × it +
    ``OTHER_RUN_EXTRA_KM``, the planner's share of an easy run beside the long run. Kept in
    hundredths so a solver's bound stays in integers; the week model, the day model and the
    coaching rules read it."""
    return round(other_run_share(run_days, least) * 100) * longest_tenths + 100 * round(OTHER_RUN_EXTRA_KM * TENTHS)


def ready_from_the_build(cal: PlanCalendar, need_tenths: int) -> bool:
    """A re-plan whose build already held the race's long run (``need_tenths``): ready, whatever
    the weeks left before the taper hold (``PlanCalendar.longest_run_of_this_build_km``)."""
    return cal.longest_run_of_this_build_km * TENTHS + 1e-9 >= need_tenths


def readiness_tenths(settings: RuleSettings, long_pace_s_per_km: int) -> int:
    """The long run ``race_readiness`` asks for before the taper, in tenths of a km (rounded up).

    ``readiness_km``; or, where that takes longer than ``long_run_max_min`` at the long-run
    pace, a long run at that cap (time on feet), provided the cap covers ``readiness_floor_km``.
    Below the floor the answer stays ``readiness_km``, which the cap cannot reach: no plan."""
    need = math.ceil(settings.readiness_km * TENTHS - 1e-9)
    cap = long_run_cap_tenths(settings, long_pace_s_per_km)
    if need > cap >= math.ceil(settings.readiness_floor_km * TENTHS - 1e-9):
        return cap
    return need


def ready_by_time_on_feet(settings: RuleSettings, long_pace_s_per_km: int) -> bool:
    """Whether readiness is a long run at the time cap rather than ``readiness_km``."""
    return readiness_tenths(settings, long_pace_s_per_km) < math.ceil(settings.readiness_km * TENTHS - 1e-9)


#: The days ``session_spike`` reads before a run.
SPIKE_WINDOW_DAYS = 30


def longest_before_plan_km(request: PlanRequest, first: date, day: date) -> float:
    """The longest run before the plan in the window ``first`` .. the day before ``day``: the
    history's runs there, and the runner's long run while the window reaches before the history
    (0 when the window starts inside the plan). The checker's ``session_spike`` reads this, and so
    does the sharing of easy distance after the solve."""
    if first >= request.start:
        return 0.0
    history = [h for h in request.history if h.kind == "run"]
    covered = bool(history) and first >= min(h.date for h in history)
    longest = 0.0 if covered else request.runner.long_run_km
    return max([longest] + [h.distance_km or 0.0 for h in history if first <= h.date < day])


def counts_exactly(cal: PlanCalendar, week: int, partly_run: bool) -> bool:
    """Whether a week's counts (one long run, the strength and mobility sessions) are exact: a
    regular week (``PlanCalendar.is_full``) that is not partly run. A week re-planned inside it
    keeps what fits in the days left, as a week a break touches does: its first days are the
    log's, and a session missed there cannot always be made up (a missed Saturday's yoga, with
    only the Sunday long run left in the week, refused the re-plan; the plan from that Sunday
    it fell back to put a 19 km long run 7 days before the marathon)."""
    return cal.is_full(week) and not partly_run


class Violation(Finding):
    """One broken rule: which, where, and by how much, in words a runner understands."""


class PlanVars(Protocol):
    """The solver's variables, as rules see them (all distances in tenths of a km)."""

    model: Any  # ortools.sat.python.cp_model.CpModel
    request: PlanRequest
    cal: PlanCalendar
    settings: RuleSettings
    days: Sequence[date]
    race_index: int
    easy_pace_s_per_km: int
    #: whether a run may take each day: elsewhere ``run``, ``long`` and ``quality`` hold the
    #: model's constant 0 and ``dist`` and ``quality_dist`` the int 0
    runnable: Sequence[bool]
    run: Sequence[Any]
    long: Sequence[Any]
    quality: Sequence[Any]
    strength: Sequence[Any]
    mobility: Sequence[Any]
    strength_short: Sequence[Any]  # the strength session of that day is the short form
    mobility_short: Sequence[Any]
    rest: Sequence[Any]
    dist: Sequence[Any]
    quality_dist: Sequence[Any]
    week_km: dict[int, Any]
    week_long: dict[int, Any]

    def enforce(self, rule_id: str) -> Any:
        """The literal that switches a rule on (an assumption when explaining infeasibility)."""

    def partly_run(self, week: int) -> bool:
        """Whether the week's first days are already run (a re-plan inside a week, their sessions
        fixed to the log): see :func:`counts_exactly`."""

    def long_run_held(self, week: int) -> Any | None:
        """The literal "the week holds a long run" in a week that may go without one (a week a
        break touches, or a re-plan finds partly run: :func:`counts_exactly`); None in a week
        that holds one whenever it runs."""

    def week_indices(self, week: int) -> list[int]:
        """Day indices of a week, race day included."""

    def prior_week_km(self, week: int) -> int:
        """Tenths of km for a week before the plan (the runner's recent weekly average)."""

    def reward(self, expr: Any, weight: int) -> None:
        """Add ``weight × expr`` to what the solver maximises after the targets and smoothness."""

    def add_max(self, name: str, exprs: Sequence[Any], upper: int) -> Any:
        """A new integer variable equal to the max of ``exprs``."""


class Rule:
    """A named training rule. Subclasses set ``id`` and ``title`` and write a docstring with the
    number, what it protects against, and its source."""

    id: ClassVar[str]
    title: ClassVar[str]
    #: "week" rules only read weekly volumes and long runs, so the week-level model posts them;
    #: "day" rules need the day-by-day placement.
    scope: ClassVar[str] = "day"

    def post(self, m: PlanVars) -> None:  # pragma: no cover - every rule overrides
        raise NotImplementedError

    def check(self, view: PlanView) -> list[Violation]:  # pragma: no cover - every rule overrides
        raise NotImplementedError

    def violation(self, message: str, *, day: date | None = None, week: int | None = None) -> Violation:
        return Violation(rule=self.id, message=message, date=day, week=week)


# ---------------------------------------------------------------------------------------------
# The checker's view of a finished plan
# ---------------------------------------------------------------------------------------------


def _km(value: float) -> str:
    return f"{value:.1f} km"


@dataclass
class PlanView:
    """Everything a check needs, recomputed from the plan's request and sessions only."""

    plan: Plan
    request: PlanRequest = field(init=False)
    cal: PlanCalendar = field(init=False)
    settings: RuleSettings = field(init=False)

    def __post_init__(self) -> None:
        self.request = self.plan.request
        self.cal = PlanCalendar(self.request)
        self.settings = RuleSettings.from_request(self.request)

    @cached_property
    def sessions(self) -> list[Session]:
        return [s for s in self.plan.sessions if s.status != "cancelled"]

    @cached_property
    def by_day(self) -> dict[date, list[Session]]:
        out: dict[date, list[Session]] = defaultdict(list)
        for s in self.sessions:
            out[s.date].append(s)
        return out

    def on(self, day: date) -> list[Session]:
        return self.by_day.get(day, [])

    def runs_on(self, day: date) -> list[Session]:
        """Training runs (the race is not a training run)."""
        return [s for s in self.on(day) if s.kind == "run"]

    @cached_property
    def runs(self) -> list[Session]:
        return [s for s in self.sessions if s.kind == "run"]

    def run_km_on(self, day: date) -> float:
        return sum(s.distance_km or 0.0 for s in self.runs_on(day))

    def week_runs(self, week: int) -> list[Session]:
        days = set(self.cal.week_days(week))
        return [s for s in self.runs if s.date in days]

    @cached_property
    def week_km(self) -> dict[int, float]:
        """Run km per week, the race itself not counted; weeks before the plan hold the runner's average."""
        out = {w: 0.0 for w in range(1, self.cal.week_count + 1)}
        for s in self.runs:
            w = self.cal.week_of(s.date)
            if w in out:
                out[w] += s.distance_km or 0.0
        return out

    def km_of_week(self, week: int) -> float:
        if week < 1:
            real = self.cal.history_week_km(week)
            return self.request.runner.weekly_km if real is None else real
        return self.week_km.get(week, 0.0)

    def is_judged(self, day: date) -> bool:
        """Days before a re-plan are history: used for the load figures, not judged."""
        return self.plan.replanned_on is None or day >= self.plan.replanned_on

    def is_judged_week(self, week: int) -> bool:
        days = self.cal.week_days(week)
        return bool(days) and self.is_judged(days[-1])

    def partly_run(self, week: int) -> bool:
        """Whether the week was re-planned inside it: its first days history, the rest planned."""
        days = self.cal.week_days(week)
        return bool(days) and not self.is_judged(days[0]) and self.is_judged(days[-1])

    def longest_before(self, day: date, window_days: int = SPIKE_WINDOW_DAYS) -> float:
        """Longest run in the ``window_days`` before ``day``; the runner's long run counts while the window reaches before the plan."""
        first = day - timedelta(days=window_days)
        longest = longest_before_plan_km(self.request, first, day)
        for s in self.runs:
            if first <= s.date < day:
                longest = max(longest, s.distance_km or 0.0)
        return longest


def km(value: float) -> str:
    """Format km for messages."""
    return _km(value)


def strength_done_on(request: PlanRequest, day: date) -> bool:
    """Whether the request's log holds a strength session on ``day``."""
    return any(d.kind == "strength" and d.date == day for d in request.history)


def hard_run_done_on(request: PlanRequest, day: date) -> bool:
    """Whether the request's log holds a quality run (tempo, marathon pace, intervals, hills) on ``day``."""
    return any(d.kind == "run" and d.type in QUALITY_TYPES and d.date == day for d in request.history)


def long_run_done_on(request: PlanRequest, day: date) -> bool:
    """Whether the request's log holds a long run on ``day``."""
    return any(d.kind == "run" and d.type == "long" and d.date == day for d in request.history)


def quality_kept_off_by_log(request: PlanRequest, day: date) -> bool:
    """Whether the log's day before ``day`` keeps a quality session off it: whatever keeps the
    long run off it (:func:`long_run_kept_off_by_log`), or a long run (``hard_days``)."""
    return long_run_kept_off_by_log(request, day) or long_run_done_on(request, day - timedelta(days=1))


def long_run_kept_off_by_log(request: PlanRequest, day: date) -> bool:
    """Whether the log's day before ``day`` keeps the long run off it: a strength session
    (``strength_spacing``) or a quality run (``hard_days``) the day before."""
    before = day - timedelta(days=1)
    return strength_done_on(request, before) or hard_run_done_on(request, before)


#: The paces of the work a long run may carry (``long_run_work_min``).
LONG_RUN_WORK_PACES = ("threshold", "marathon", "half_marathon")


def long_run_work_min(run: Any) -> float:
    """Minutes of work at threshold, marathon or half-marathon pace a long run carries (a week
    whose quality days hold no session of their own, or without one: ``hamplan.solver.quality``),
    0 for any other run:
    running time that is not easy, though the run is an easy one (``easy_share`` counts it so)."""
    if getattr(run, "type", None) != "long" or getattr(run, "workout", None) is None:
        return 0.0
    minutes = 0.0
    for block in run.workout.blocks:
        for step in block.steps:
            if step.kind != "work" or step.pace not in LONG_RUN_WORK_PACES:
                continue
            if step.duration_s is not None:
                minutes += block.repeat * step.duration_s / 60.0
            elif step.pace_min_per_km is not None:
                minutes += block.repeat * (step.distance_m or 0) / 1000.0 * step.pace_min_per_km
    return minutes
