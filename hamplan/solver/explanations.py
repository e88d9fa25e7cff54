"""Why a request has no plan: the clashing rules (one assumption literal per rule) and what
would make a plan possible."""

from __future__ import annotations

from datetime import date
from typing import Any

from hamplan.calendar import PlanCalendar
from hamplan.errors import InfeasiblePlanError
from hamplan.models import PlanRequest
from hamplan.rules.base import long_run_cap_tenths, readiness_tenths
from hamplan.rules.settings import RuleSettings
from hamplan.solver.date_search import earliest_race_date
from hamplan.solver.day_model import PlanModel
from hamplan.solver.skeleton import FixedDay
from hamplan.solver.week_model import WeekModel, fixed_weeks


def explain_infeasible(
    request: PlanRequest,
    easy_pace_s_per_km: int,
    deterministic_limit: float,
    fixed: dict[date, FixedDay] | None = None,
    *,
    weeks_only: bool = False,
) -> InfeasiblePlanError:
    """The clashing rules (one assumption literal per rule) and what would make a plan possible."""
    model: Any
    if weeks_only:
        model = WeekModel(request, easy_pace_s_per_km, explain=True, fixed_weeks=fixed_weeks(request, fixed))
    else:
        model = PlanModel(request, easy_pace_s_per_km, explain=True, fixed=fixed)
    conflicts = model.conflicts(deterministic_limit)
    suggestions = what_would_work(request, easy_pace_s_per_km, conflicts, deterministic_limit, fixed)
    return InfeasiblePlanError(conflicts, suggestions)


def long_run_cap_below_readiness(request: PlanRequest, easy_pace_s_per_km: int) -> bool:
    """The race needs a longer run before the taper than ``long_run`` allows at this easy pace:
    those two rules clash whatever the calendar, so no model needs to say so (1 in 7 requests
    of a seeded corpus; 40 ms each to prove with the week model)."""
    settings = RuleSettings.from_request(request)
    need = readiness_tenths(settings)
    return bool(PlanCalendar(request).pre_taper_weeks) and need > long_run_cap_tenths(settings, easy_pace_s_per_km)


def what_would_work(
    request: PlanRequest,
    easy_pace_s_per_km: int,
    conflicts: list[str],
    limit: float,
    fixed: dict[date, FixedDay] | None,
) -> list[str]:
    out: list[str] = []
    settings = RuleSettings.from_request(request)
    runner = request.runner
    long_cap_km = settings.long_run_max_min * 60 / easy_pace_s_per_km
    if long_run_cap_below_readiness(request, easy_pace_s_per_km):
        out.append(
            f"the race needs a long run of {settings.readiness_km:.1f} km, but {settings.long_run_max_min} min at your easy "
            f"pace ({easy_pace_s_per_km // 60}:{easy_pace_s_per_km % 60:02d}/km) covers only {long_cap_km:.1f} km: choose a "
            f"shorter race, or raise rules.long_run_max_min"
        )
        return out
    if runner.long_run_km <= 0 or runner.weekly_km <= 0:
        out.append(
            "hamplan plans for runners who already run: build up to at least 3 runs of 2–3 km a week "
            "(runner.weekly_km and runner.long_run_km above zero) before starting a race plan"
        )
    if fixed is None:
        earliest = earliest_race_date(request, easy_pace_s_per_km, limit)
        if earliest is not None:
            out.append(f"the earliest race date (same weekday) with a safe plan is {earliest.isoformat()}")
        else:
            out.append("no race date within 52 weeks of the start gives a safe plan with this schedule")
    if "availability" in conflicts or "rest_day" in conflicts:
        out.append("free more days: add run_days, shorten blackouts, or raise max_minutes")
    if "race_readiness" in conflicts:
        need = settings.readiness_km
        out.append(f"or start from a longer recent long run: the race needs {need:.1f} km before the taper")
    if not out:
        out.append("relax one of the clashing rules in [rules], or change the schedule")
    return out
