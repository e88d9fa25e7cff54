"""What a request means, derived once: its calendar, the rules' numbers, the planning pace and
the coaching targets. The solver's models, the explanations and plan assembly all read the same
context instead of deriving their own."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from hamplan.calendar import PlanCalendar
from hamplan.models import Paces, PlanRequest
from hamplan.paces import long_run_pace_s_per_km, paces_for
from hamplan.rules.settings import RuleSettings

if TYPE_CHECKING:
    from hamplan.rules.coaching.targets import CoachingTargets

#: Shortest run a coach writes outside race week and a graduated return, in minutes in all.
MIN_RUN_MINUTES = 20
#: The shortest and the longest easy run a coach plans (COACHING.md: easy runs 30-60 min).
EASY_RUN_MIN_MINUTES = 30
EASY_RUN_MAX_MINUTES = 60
#: Race week's shortest run: a shake-out of 15 min (Higdon's race weeks hold 1.5-2 mi runs).
MIN_RACE_WEEK_RUN_MINUTES = 15


def easy_pace_seconds(request: PlanRequest) -> int:
    """The planner's easy pace in whole seconds per km, rounded up (durations never exceed it)."""
    return long_run_pace_s_per_km(paces_for(request))


@dataclass(frozen=True)
class PlanContext:
    """One request's derived meaning: calendar, rule settings, paces, planning pace, targets."""

    request: PlanRequest
    easy_pace_s_per_km: int
    #: the calendar plans no cutback week ahead (``PlanCalendar.free_cutbacks``)
    free_cutbacks: bool = False
    #: the days back from a break hold easy-run-sized runs (``PlanCalendar.return_runs``)
    return_runs: bool = True
    #: the run the day before the long run is capped (``day_before_long_run``); off where the
    #: week stage let that rule yield alone, so the day stage places the weeks it settled
    eve_cap: bool = True
    #: the weeks after a dip step back every third week or more (``PlanCalendar.spaced_cutbacks``)
    spaced_cutbacks: bool = True
    #: race week's run caps hold in the plan week before the race's too (``PlanCalendar.race_week_caps``)
    race_week_caps: bool = True
    cal: PlanCalendar = field(init=False)
    settings: RuleSettings = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cal", PlanCalendar(self.request, self.free_cutbacks, self.return_runs, self.spaced_cutbacks, self.race_week_caps))
        object.__setattr__(self, "settings", RuleSettings.from_request(self.request))

    @classmethod
    def for_request(cls, request: PlanRequest) -> PlanContext:
        """The context at the planner's own easy pace (whole seconds per km, rounded up)."""
        return cls(request, easy_pace_seconds(request))

    def without_return_runs(self, *, free_cutbacks: bool | None = None) -> PlanContext:
        """The same request without the hold on the days back from a break (``return_runs``),
        which yields before a refusal; its cutback weeks as here, unless ``free_cutbacks``."""
        free = self.free_cutbacks if free_cutbacks is None else free_cutbacks
        return PlanContext(
            self.request, self.easy_pace_s_per_km, free_cutbacks=free, return_runs=False, eve_cap=self.eve_cap,
            spaced_cutbacks=self.spaced_cutbacks, race_week_caps=self.race_week_caps,
        )

    def cutback_rhythms(self) -> list[PlanContext]:
        """The calendars of step-back weeks the solve tries before it frees them: this one, and
        where its spaced weeks after a break differ from the rhythm counted back from the taper,
        the same request with that rhythm (``PlanCalendar.spaced_cutbacks``)."""
        rhythm = replace(self, spaced_cutbacks=False)
        most = self.settings.build_weeks_max
        return [self, rhythm] if rhythm.cal.cutback_weeks(most) != self.cal.cutback_weeks(most) else [self]

    def without_eve_cap(self) -> PlanContext:
        """The same request without the cap on the run the day before the long run
        (``day_before_long_run``), for the day stage of weeks the week stage settled without it."""
        return PlanContext(
            self.request, self.easy_pace_s_per_km, free_cutbacks=self.free_cutbacks, return_runs=self.return_runs, eve_cap=False,
            spaced_cutbacks=self.spaced_cutbacks, race_week_caps=self.race_week_caps,
        )

    @cached_property
    def paces(self) -> Paces:
        return paces_for(self.request)

    @cached_property
    def readiness_tenths(self) -> int:
        """The long run ``race_readiness`` asks for (time on feet for slow runners), tenths of a km."""
        from hamplan.rules.base import readiness_tenths

        return readiness_tenths(self.settings, self.easy_pace_s_per_km)

    @property
    def readiness_km(self) -> float:
        return self.readiness_tenths / 10

    @cached_property
    def min_run_tenths(self) -> int:
        """The shortest run that lasts :data:`MIN_RUN_MINUTES` even at the fast end of easy."""
        fast_s_per_km = self.paces.easy.fast_min_per_km * 60
        return math.ceil(MIN_RUN_MINUTES * 60 * 10 / max(fast_s_per_km, 1.0) - 1e-9)

    @cached_property
    def easy_run_min_tenths(self) -> int:
        """The distance of an easy run of :data:`EASY_RUN_MIN_MINUTES` at the planning pace."""
        return math.ceil(EASY_RUN_MIN_MINUTES * 60 * 10 / self.easy_pace_s_per_km - 1e-9)

    @cached_property
    def min_race_week_run_tenths(self) -> int:
        """Race week's shortest run: :data:`MIN_RACE_WEEK_RUN_MINUTES` even at the fast end of easy."""
        fast_s_per_km = self.paces.easy.fast_min_per_km * 60
        return math.ceil(MIN_RACE_WEEK_RUN_MINUTES * 60 * 10 / max(fast_s_per_km, 1.0) - 1e-9)

    @cached_property
    def day_caps(self) -> dict[tuple[date, int, bool], int]:
        """The week model's memo of the longest run each day holds beside ``busy_min`` minutes of
        other sessions, in a model that plans or one that explains a refusal
        (``solver.model_base.day_cap_tenths``, a function of this context and that alone):
        a solve builds several week models of one request, and each asks it of every day."""
        return {}

    @cached_property
    def reachable_volumes(self) -> dict[int, int]:
        """The most run volume (tenths of a km) each week before the taper can hold under the
        load rules (``rules.reach.reachable_volumes``), once per request: each week model of a
        solve asks it of every build week (``WeekModel.volume_without_session_tenths``)."""
        from hamplan.rules.reach import reachable_volumes

        return reachable_volumes(self.request)

    @cached_property
    def targets(self) -> CoachingTargets:
        from hamplan.rules.coaching.targets import CoachingTargets

        return CoachingTargets.of(self)


__all__ = ["PlanContext", "EASY_RUN_MAX_MINUTES", "EASY_RUN_MIN_MINUTES", "MIN_RUN_MINUTES", "easy_pace_seconds"]
