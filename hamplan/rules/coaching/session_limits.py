"""Daniels' per-session limits, one rule each: how much of the week's running a single session
may hold at repetition (R), threshold (T), interval (I) and marathon (M) pace.

The session content sizes every workout within these limits (``hamplan.content.workouts``), so
the solver posts nothing; each check recomputes a session's work from its structured workout
(reps × distance or time at the step's own pace) and the week's running from the plan.
"""

from __future__ import annotations

from typing import ClassVar

from hamplan.models import Advice
from hamplan.rules.base import EPS_KM, km
from hamplan.rules.coaching.base import CoachingRule, CoachingView
from hamplan.rules.coaching.daniels import LIMIT_LETTERS, SESSION_LIMITS, work_km_by_zone


class _SessionLimit(CoachingRule):
    """One of Daniels' per-session limits (the subclass names the zone)."""

    zone: ClassVar[str]

    def check(self, view: CoachingView) -> list[Advice]:
        out = []
        share = SESSION_LIMITS[self.zone]
        letter = LIMIT_LETTERS[self.zone]
        paces = view.plan.paces
        effort_pace = (paces.repetition.fast_min_per_km + paces.repetition.slow_min_per_km) / 2.0
        race_km = view.request.race.km
        for run in view.runs:
            if run.workout is None or not view.is_judged(run.date):
                continue
            work = work_km_by_zone(run.workout, race_km, effort_pace).get(self.zone, 0.0)
            if work <= 0:
                continue
            week = view.cal.week_of(run.date)
            week_km = view.km_of_week(week)
            if work > share * week_km + EPS_KM:
                out.append(self.advice(
                    f"{km(work)} at {letter} pace in one session is more than {share:.0%} of the week's {km(week_km)}",
                    day=run.date,
                ))
        return out


class RepetitionLimit(_SessionLimit):
    """Work at repetition pace (strides, hill sprints) in one session ≤ **5 %** of the week's
    running. Daniels, *Daniels' Running Formula*: R work is for speed and economy; more of it in
    one session only adds fatigue."""

    id = "session_limit_r"
    title = "R work per session ≤ 5 % of the week"
    zone = "repetition"


class ThresholdLimit(_SessionLimit):
    """Work at threshold pace (cruise intervals, continuous tempo; race pace for a half) in one
    session ≤ **10 %** of the week's running. Daniels, *Daniels' Running Formula*."""

    id = "session_limit_t"
    title = "T work per session ≤ 10 % of the week"
    zone = "threshold"


class IntervalLimit(_SessionLimit):
    """Work at interval pace (3–5 min reps; race pace for 5K and 10K) in one session ≤ **8 %**
    of the week's running. Daniels, *Daniels' Running Formula* (and never more than 10 km)."""

    id = "session_limit_i"
    title = "I work per session ≤ 8 % of the week"
    zone = "interval"


class MarathonPaceLimit(_SessionLimit):
    """Work at marathon pace (and half-marathon pace) in one session ≤ **20 %** of the week's
    running. Daniels, *Daniels' Running Formula* (and never more than 29 km)."""

    id = "session_limit_m"
    title = "M work per session ≤ 20 % of the week"
    zone = "marathon"


__all__ = ["IntervalLimit", "MarathonPaceLimit", "RepetitionLimit", "ThresholdLimit"]
