"""What a coaching rule is made of: a solver part (constraints or weighted objective terms toward
a target, posted when a plan is made, never when a refusal is explained) and a ``check()`` in
plain Python that reports :class:`~hamplan.models.Advice`, not violations."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, ClassVar

from hamplan.models import QUALITY_TYPES, Advice
from hamplan.rules.base import PlanVars, PlanView, long_run_work_min
from hamplan.rules.context import PlanContext

#: Penalties are counted in hundredths of a tenth of a km, so factors stay integer percentages.
SCALE = 100
#: A week a blackout touches that runs under this share of the weeks before it is a break: what
#: follows rebuilds from it (``CoachingView.peak_since_break_km``).
BREAK_SHARE = 0.5


def holds_quality_session(run: Any) -> bool:
    """Whether a planned run holds a quality session: a quality day whose session the day could
    not hold is an easy run with strides, or race week's tune-up
    (``hamplan.content.workouts.session_kind``), which is no session: the plan calls such a run
    what it is, an easy run (its intensity cannot tell: hill sprints count as easy running
    time, ``hamplan.content.runs.INTENSITY``). A long run that carries the week's work (a week
    whose quality days hold no session of their own, or without one: ``long_run_work_min``) holds
    one."""
    return run.type in QUALITY_TYPES or long_run_work_min(run) > 0


class CoachingRule:
    """A named coaching rule. Subclasses set ``id`` and ``title`` and write a docstring with the
    number, what it achieves, and its source."""

    id: ClassVar[str]
    title: ClassVar[str]

    def post_week(self, m: PlanVars) -> None:
        """Objective terms or constraints on weekly volumes and long runs (the week model)."""

    def post_day(self, m: PlanVars) -> None:
        """Objective terms or constraints on the days (the day model)."""

    def check(self, view: CoachingView) -> list[Advice]:  # pragma: no cover - every rule overrides
        raise NotImplementedError

    def advice(self, message: str, *, day: date | None = None, week: int | None = None) -> Advice:
        return Advice(rule=self.id, message=message, date=day, week=week)


@dataclass
class CoachingView(PlanView):
    """The checker's view with the request's derived context (targets, paces)."""

    context: PlanContext | None = field(default=None)

    @cached_property
    def ctx(self) -> PlanContext:
        return self.context or PlanContext.for_request(self.request)

    def _build_weeks_before(self) -> dict[int, float]:
        """A re-plan's weeks of the build before its start (``PlanCalendar.weeks_of_this_build_km``),
        each counted up to the curve's peak: a re-plan late in the plan is judged against the
        build it continues (against its one week left before the taper, its race week read as
        heavy), but an unplanned big week in the log does not lift the bar for the weeks after it."""
        cap = self.ctx.targets.peak_week_km
        return {w: min(volume, cap) for w, volume in self.cal.weeks_of_this_build_km.items()}

    def peak_week_km(self) -> float:
        """The build's peak week: the weeks before the taper, and a re-plan's weeks of the build
        before its start (:meth:`_build_weeks_before`)."""
        weeks = [*self._build_weeks_before().values(), *(self.km_of_week(w) for w in self.cal.pre_taper_weeks)]
        return max(weeks, default=self.request.runner.weekly_km)

    def peak_since_break_km(self) -> float:
        """The peak a taper comes down from: the highest week before the taper that follows the
        last break (a week a blackout touches whose running fell under :data:`BREAK_SHARE` of the
        weeks before it); the build's peak when no break, or no week after it before the taper.
        After a break the load rules rebuild from what is left, and the taper eases that."""
        before = self._build_weeks_before()

        def volume_of(week: int) -> float:
            return before[week] if week in before else self.km_of_week(week)

        after_break: list[int] = []
        highest = self.request.runner.weekly_km
        for week in [*sorted(before), *self.cal.pre_taper_weeks]:
            volume = volume_of(week)
            if self.cal.touched(week) and volume < BREAK_SHARE * highest:
                after_break = []
            else:
                after_break.append(week)
            highest = max(highest, volume)
        if not after_break:
            return self.peak_week_km()
        return max(volume_of(w) for w in after_break)

    def long_of_week(self, week: int) -> float:
        return max((r.distance_km or 0.0 for r in self.week_runs(week) if r.type == "long"), default=0.0)

    def peak_long_km(self) -> float:
        """The build's longest long run, a re-plan's runs since the first plan's start included."""
        longs = [self.long_of_week(w) for w in self.cal.pre_taper_weeks]
        if self.request.phases_from is not None:  # up to the curve's, as the weeks (_build_weeks_before)
            longs.append(self.ctx.targets.build_peak_long_km)
        return max(longs, default=self.request.runner.long_run_km)

    def race_week_runs(self) -> list[Any]:
        """The runs of the six days before the race (race week as a runner counts it, whichever
        plan weeks those days fall in)."""
        return [r for r in self.runs if self.cal.is_race_week_day(r.date)]

    def in_easing(self, day: date) -> bool:
        easing = self.request.easing
        return easing is not None and day <= easing.until


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0
