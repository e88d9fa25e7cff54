"""The runner's calendar: when training may happen at all, and what race day holds."""

from __future__ import annotations

from datetime import timedelta

from hamplan.calendar import weekday_name
from hamplan.models import QUALITY_TYPES
from hamplan.rules.base import EPS_KM, TENTHS, PlanVars, PlanView, Rule, Violation, km
from hamplan.rules.settings import (
    MOBILITY_SHORT_MAX_MIN,
    mobility_full_min,
    QUALITY_FREE_DAYS_BEFORE_RACE,
    strength_short_min,
    strength_full_min,
)


class Availability(Rule):
    """Runs only on ``run_days``; nothing on ``rest_days`` or inside a ``blackout``; each day's
    sessions together within that weekday's ``max_minutes``.

    The runner's life comes first: a plan that does not fit the week is not followed (the
    adherence principle of every training plan), and the seed names fatigue and rushed,
    poorly warmed-up sessions as strain causes. The planner budgets each run at its prescribed
    pace, strength at what its session takes (35 min, 45 with Nordic curls or a sore tendon's
    work; 15 and 20 min in the short form: ``strength_full_min``, ``strength_short_min``) and
    mobility at 30 min (race week's flow 15 min; 10 min short), so the real day always fits.
    The race is exempt.
    """

    id = "availability"
    title = "Fits the runner's week"

    def post(self, m: PlanVars) -> None:
        lit = m.enforce(self.id)
        full_strength = strength_full_min(m.request)
        short_strength = strength_short_min(m.request)
        for i, day in enumerate(m.days):
            if i == m.race_index:
                continue
            if not m.cal.is_run_weekday(day) or day in m.cal.blackout_days:
                m.model.add(m.run[i] == 0).only_enforce_if(lit)
            if not m.cal.can_train(day):
                m.model.add(m.run[i] + m.strength[i] + m.mobility[i] == 0).only_enforce_if(lit)
            limit = m.cal.max_minutes(day)
            if limit is not None:
                # seconds × 10 (distance is in tenths); the pace is rounded up to whole seconds,
                # so a run's real minutes, rounded, never pass the limit
                budget = TENTHS * 60 * limit
                strength_min = full_strength * m.strength[i] - (full_strength - short_strength) * m.strength_short[i]
                full = mobility_full_min(m.cal, day)
                mobility_min = full * m.mobility[i] - (full - MOBILITY_SHORT_MAX_MIN) * m.mobility_short[i]
                m.model.add(
                    m.dist[i] * m.easy_pace_s_per_km + TENTHS * 60 * (strength_min + mobility_min) <= budget
                ).only_enforce_if(lit)

    def check(self, view: PlanView) -> list[Violation]:
        out = []
        for day, sessions in sorted(view.by_day.items()):
            if not view.is_judged(day):
                continue
            training = [x for x in sessions if x.kind != "race"]
            if not training:
                continue
            if day in view.cal.blackout_days:
                out.append(self.violation(f"{len(training)} session(s) inside a blackout", day=day))
            if any(x.kind == "run" for x in training) and not view.cal.is_run_weekday(day):
                out.append(self.violation(f"a run on {weekday_name(day)}, which is not a run day", day=day))
            limit = view.cal.max_minutes(day)
            total = sum(x.duration_min for x in training)
            if limit is not None and total > limit:
                out.append(self.violation(f"{total} min of training on a day limited to {limit} min", day=day))
            if day < view.request.start or day > view.cal.race_day:
                out.append(self.violation("session outside the plan (start to race day)", day=day))
        return out


class RaceDay(Rule):
    """The race on the race date; nothing else that day but an optional cool-down walk; no quality
    session in the final **2** days.

    Arrive fresh: the taper's gain (Bosquet et al. 2007 meta-analysis: intensity kept, volume
    cut) is easily spent by a hard session in the last days; common coaching practice keeps the
    final 2 days easy.
    """

    id = "race_day"
    title = "Race day"

    def post(self, m: PlanVars) -> None:
        lit = m.enforce(self.id)
        r = m.race_index
        m.model.add(m.run[r] + m.strength[r] + m.mobility[r] == 0).only_enforce_if(lit)
        for back in range(1, QUALITY_FREE_DAYS_BEFORE_RACE + 1):
            if r - back >= 0:
                m.model.add(m.quality[r - back] == 0).only_enforce_if(lit)

    def check(self, view: PlanView) -> list[Violation]:
        out = []
        race_day = view.cal.race_day
        races = [x for x in view.sessions if x.kind == "race"]
        if not view.is_judged(race_day):
            return out
        on_day = [x for x in races if x.date == race_day]
        if len(on_day) != 1:
            out.append(self.violation(f"{len(on_day)} race session(s) on race day (exactly one)", day=race_day))
        for x in races:
            if x.date != race_day:
                out.append(self.violation("a race session on a day other than race day", day=x.date))
            elif x.distance_km is not None and abs(x.distance_km - view.request.race.km) > EPS_KM:
                out.append(self.violation(f"race of {km(x.distance_km)} instead of {km(view.request.race.km)}", day=x.date))
        others = [x for x in view.on(race_day) if x.kind != "race" and "walk" not in x.type.lower()]
        if others:
            out.append(self.violation(f"{len(others)} other session(s) on race day", day=race_day))
        for back in range(1, QUALITY_FREE_DAYS_BEFORE_RACE + 1):
            day = race_day - timedelta(days=back)
            if any(r.type in QUALITY_TYPES for r in view.runs_on(day)):
                out.append(self.violation(f"quality session {back} day(s) before the race", day=day))
        return out
