"""The week's shape: one long run, few and well-spaced hard days, mostly easy running, a rest day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from hamplan.calendar import PlanCalendar, weekday_name
from hamplan.models import QUALITY_TYPES, SPRINT_TYPES, PlanRequest
from hamplan.rules.base import (
    EPS_KM, PER_MILLE_SCALE, PlanVars, PlanView, Rule, Violation, counts_exactly, hard_run_done_on, km, long_run_cap_tenths, long_run_done_on,
    long_run_kept_off_by_log, long_run_work_min,
)
from hamplan.rules.settings import QUALITY_SHARE_MARGIN


def long_run_day_free(request: PlanRequest, cal: PlanCalendar, day: date) -> bool:
    """Whether the long-run day ``day`` is free for the long run: a day that can train, and not
    the day after a strength session or a quality run in the log (a re-plan from that day:
    ``strength_spacing`` and ``hard_days`` keep the long run off it, and the week's long run
    goes to another day)."""
    return cal.can_train(day) and not long_run_kept_off_by_log(request, day)


class LongRun(Rule):
    """Exactly one long run a week (none in race week) on ``long_run_day`` when that day is free.

    At most **50 %** of the week's run km and **180 min** at easy pace. Peak targets (5K 12 km,
    10K 16 km, half 21 km, marathon 30 km) are reached only as far as the other rules allow.
    Daniels keeps the long run ≤ 30 % of the week under 64 km; beginner plans (Higdon Novice)
    reach 50 %, the outer limit here. A week that a blackout touches, or that a re-plan finds
    partly run (:func:`~hamplan.rules.base.counts_exactly`), keeps a long run if one fits. A
    long-run day the log keeps the long run off (a strength session or a quality run logged the
    day before a re-plan from that day: :func:`long_run_day_free`) is not free, and the week's
    long run takes another day.
    """

    id = "long_run"
    title = "One long run a week"

    def post(self, m: PlanVars) -> None:
        lit = m.enforce(self.id)
        s = m.settings
        cap = long_run_cap_tenths(s, m.easy_pace_s_per_km)
        share = round(s.long_run_share * PER_MILLE_SCALE)
        lrd = m.request.schedule.long_run_day
        for week in range(1, m.cal.week_count + 1):
            idx = [i for i in m.week_indices(week) if i != m.race_index]
            longs = [m.long[i] for i in idx]
            if m.cal.is_race_week(week):
                m.model.add(sum(longs) == 0).only_enforce_if(lit)
                continue
            on_lrd = [i for i in idx if weekday_name(m.days[i]) == lrd and long_run_day_free(m.request, m.cal, m.days[i])]
            if on_lrd:
                for i in idx:
                    if i not in on_lrd:
                        m.model.add(m.long[i] == 0).only_enforce_if(lit)
            if counts_exactly(m.cal, week, m.partly_run(week)):
                m.model.add(sum(longs) == 1).only_enforce_if(lit)
            else:
                m.model.add(sum(longs) <= 1).only_enforce_if(lit)
                m.reward(sum(longs), 50)
            for i in idx:
                m.model.add(m.dist[i] == m.week_long[week]).only_enforce_if(m.long[i])
                m.model.add(m.dist[i] <= cap).only_enforce_if([lit, m.long[i]])
                m.model.add(PER_MILLE_SCALE * m.week_long[week] <= share * m.week_km[week]).only_enforce_if([lit, m.long[i]])

    def check(self, view: PlanView) -> list[Violation]:
        out = []
        s = view.settings
        lrd = view.request.schedule.long_run_day
        for week in range(1, view.cal.week_count + 1):
            if not view.is_judged_week(week):
                continue
            longs = [r for r in view.week_runs(week) if r.type == "long"]
            if view.cal.is_race_week(week):
                out += [self.violation("no long run in race week", day=r.date) for r in longs]
                continue
            if counts_exactly(view.cal, week, view.partly_run(week)) and len(longs) != 1:
                out.append(self.violation(f"{len(longs)} long runs this week (exactly one expected)", week=week))
            elif len(longs) > 1:
                out.append(self.violation(f"{len(longs)} long runs this week (at most one)", week=week))
            lrd_days = [d for d in view.cal.week_days(week) if weekday_name(d) == lrd and long_run_day_free(view.request, view.cal, d)]
            volume = view.km_of_week(week)
            for run in longs:
                if lrd_days and run.date not in lrd_days:
                    out.append(self.violation(f"long run not on the long-run day ({lrd}) although it was free", day=run.date))
                distance = run.distance_km or 0.0
                if distance > s.long_run_share * volume + EPS_KM:
                    out.append(
                        self.violation(
                            f"long run of {km(distance)} is more than {s.long_run_share:.0%} of the week's {km(volume)}",
                            day=run.date,
                        )
                    )
                if run.duration_min > s.long_run_max_min:
                    out.append(self.violation(f"long run lasts {run.duration_min} min (at most {s.long_run_max_min})", day=run.date))
        return out


class HardDays(Rule):
    """At most **2** quality sessions (tempo, intervals, hills) a week, never on consecutive days,
    never the day before or after the long run.

    None in the first **3** weeks after a recent strain; tempo only (no intervals or hill sprints)
    for tendinopathy; none during a graduated return after a break (``easing``). The hard/easy principle; the seed names repetitive sprinting and
    overexertion as drivers of strains and tendinopathy. (The planner itself allows only one
    quality session in base weeks and in race week.) A re-plan from today counts the log's day
    before: no quality session on the plan's first day after a logged quality run or long run,
    and no long run after a logged quality run.
    """

    id = "hard_days"
    title = "Few, well-spaced hard days"

    def post(self, m: PlanVars) -> None:
        lit = m.enforce(self.id)
        s = m.settings
        n = len(m.days)
        for week in range(1, m.cal.week_count + 1):
            idx = m.week_indices(week)
            phase = m.cal.phase(week)
            limit = s.quality_per_week if phase in ("build", "peak", "taper") else min(1, s.quality_per_week)
            if week <= s.quality_free_weeks:
                limit = 0
            m.model.add(sum(m.quality[i] for i in idx) <= limit).only_enforce_if(lit)
            m.reward(sum(m.quality[i] for i in idx), 6 if phase in ("build", "peak") else 3)
        easing = m.request.easing
        done = getattr(m, "fixed", {})  # days already run (a re-plan inside a week) are history, not judged
        for i, day in enumerate(m.days):
            if easing is not None and day <= easing.until and day not in done:
                m.model.add(m.quality[i] == 0).only_enforce_if(lit)
        if n and m.days[0] not in done:
            # a re-plan from today: the log's day before still counts (its quality run or long run)
            before = m.days[0] - timedelta(days=1)
            if hard_run_done_on(m.request, before) or long_run_done_on(m.request, before):
                m.model.add(m.quality[0] == 0).only_enforce_if(lit)
            if hard_run_done_on(m.request, before):
                m.model.add(m.long[0] == 0).only_enforce_if(lit)
        for i in range(n - 1):
            m.model.add(m.quality[i] + m.quality[i + 1] <= 1).only_enforce_if(lit)
            m.model.add(m.quality[i] + m.long[i + 1] <= 1).only_enforce_if(lit)
            m.model.add(m.long[i] + m.quality[i + 1] <= 1).only_enforce_if(lit)

    def check(self, view: PlanView) -> list[Violation]:
        out = []
        s = view.settings
        for week in range(1, view.cal.week_count + 1):
            if not view.is_judged_week(week):
                continue
            hard = [r for r in view.week_runs(week) if r.type in QUALITY_TYPES]
            if len(hard) > s.quality_per_week:
                out.append(self.violation(f"{len(hard)} quality sessions (at most {s.quality_per_week})", week=week))
            if hard and week <= s.quality_free_weeks:
                out.append(self.violation(f"quality session in week {week} after a recent strain (none in the first {s.quality_free_weeks} weeks)", week=week))
        for run in view.runs:
            if run.type not in QUALITY_TYPES or not view.is_judged(run.date):
                continue
            easing = view.request.easing
            if easing is not None and run.date <= easing.until:
                out.append(self.violation(f"quality session during the graduated return (until {easing.until})", day=run.date))
            if not s.quality_intervals_allowed and run.type in SPRINT_TYPES:
                out.append(self.violation(f"{run.type} with tendinopathy (tempo only)", day=run.date))
            for delta in (-1, 1):
                neighbours = view.runs_on(run.date + timedelta(days=delta))
                if any(r.type in QUALITY_TYPES for r in neighbours) and delta == 1:
                    out.append(self.violation("quality sessions on consecutive days", day=run.date))
                if any(r.type == "long" for r in neighbours):
                    out.append(self.violation(f"quality session the day {'before' if delta == 1 else 'after'} the long run", day=run.date))
        return out + self._after_the_log(view)

    def _after_the_log(self, view: PlanView) -> list[Violation]:
        """The plan's first day after the log's day before it (a re-plan from today)."""
        first = view.request.start
        before = first - timedelta(days=1)
        if not view.is_judged(first):
            return []
        runs = view.runs_on(first)
        out = []
        if any(r.type in QUALITY_TYPES for r in runs):
            if hard_run_done_on(view.request, before):
                out.append(self.violation("quality session the day after the one logged", day=first))
            if long_run_done_on(view.request, before):
                out.append(self.violation("quality session the day after the long run logged", day=first))
        if any(r.type == "long" for r in runs) and hard_run_done_on(view.request, before):
            out.append(self.violation("long run the day after the quality session logged", day=first))
        return out


#: Per mille the quality share keeps below ``easy_share`` (each session is rounded to whole minutes).
EASY_SHARE_MARGIN_PM = round(QUALITY_SHARE_MARGIN * 1000)


def easy_minutes(runs: Iterable[Any]) -> tuple[float, int]:
    """(minutes at easy intensity, all minutes) of a week's runs, as ``easy_share`` counts them:
    a quality session whole as hard, and a long run's work at threshold or marathon pace as not
    easy (``long_run_work_min``: the run is an easy one but for it)."""
    runs = list(runs)
    easy = sum(r.duration_min - long_run_work_min(r) for r in runs if r.intensity == "easy")
    return easy, sum(r.duration_min for r in runs)


class EasyShare(Rule):
    """At least **80 %** of each week's running time at easy intensity (the race not counted).

    Seiler's polarised / 80-20 distribution. The planner budgets a quality session at easy pace,
    which overstates its time, so the real easy share is never lower than the one it planned.
    """

    id = "easy_share"
    title = "Mostly easy running"

    def post(self, m: PlanVars) -> None:
        lit = m.enforce(self.id)
        share = round(m.settings.easy_share * PER_MILLE_SCALE)
        margin = EASY_SHARE_MARGIN_PM
        for week in range(1, m.cal.week_count + 1):
            idx = [i for i in m.week_indices(week) if i != m.race_index]
            quality_km = sum(m.quality_dist[i] for i in idx)  # type: ignore[attr-defined]
            easy_km = m.week_km[week] - quality_km
            m.model.add((PER_MILLE_SCALE - share) * easy_km >= (share + margin) * quality_km).only_enforce_if(lit)

    def check(self, view: PlanView) -> list[Violation]:
        out = []
        need = view.settings.easy_share
        for week in range(1, view.cal.week_count + 1):
            if not view.is_judged_week(week):
                continue
            easy, total = easy_minutes(view.week_runs(week))
            if total and easy < need * total - 1e-9:
                out.append(self.violation(f"only {easy / total:.0%} of running time is easy (at least {need:.0%})", week=week))
        return out


class RestDay(Rule):
    """At least **1** day a week with no training at all (**2** for age ≥ 60); declared ``rest_days`` stay empty.

    Recovery: the seed names fatigue leading to poor form as a strain cause. Blacked-out days
    are rest days. In a short race week the race day itself cannot be one, so the need shrinks.
    """

    id = "rest_day"
    title = "Rest days"

    def _needed(self, cal: object, week: int, minimum: int, days_in_week: int) -> int:
        if getattr(cal, "is_race_week")(week):
            return max(0, min(minimum, days_in_week - 1))
        return min(minimum, days_in_week)

    def post(self, m: PlanVars) -> None:
        lit = m.enforce(self.id)
        for week in range(1, m.cal.week_count + 1):
            idx = m.week_indices(week)
            need = self._needed(m.cal, week, m.settings.rest_days_min, len(idx))
            m.model.add(sum(m.rest[i] for i in idx) >= need).only_enforce_if(lit)
        for i, day in enumerate(m.days):
            if m.cal.is_rest_weekday(day) and i != m.race_index:
                m.model.add(m.run[i] + m.strength[i] + m.mobility[i] == 0).only_enforce_if(lit)

    def check(self, view: PlanView) -> list[Violation]:
        out = []
        for week in range(1, view.cal.week_count + 1):
            if not view.is_judged_week(week):
                continue
            days = view.cal.week_days(week)
            need = self._needed(view.cal, week, view.settings.rest_days_min, len(days))
            empty = sum(1 for d in days if not view.on(d))
            if empty < need:
                out.append(self.violation(f"{empty} rest day(s) this week (at least {need})", week=week))
        for session in view.sessions:
            if view.cal.is_rest_weekday(session.date) and session.kind != "race" and view.is_judged(session.date):
                out.append(self.violation(f"{session.kind} session on a declared rest day ({weekday_name(session.date)})", day=session.date))
        return out


__all__ = ["LongRun", "HardDays", "EasyShare", "RestDay", "EPS_KM"]
