"""How far the load rules let a runner grow, in plain Python: a quick necessary condition for a
plan, so that searching for the earliest workable race date skips the dates no plan can reach
without building a solver model for them.

Every bound here is the solver's own integer arithmetic (tenths of a km, factors per mille)
taken in its most generous reading: each week as large as the weeks before it allow. All the
bounds only grow with the weeks before them, so the largest week-by-week trajectory bounds every
feasible one, and a race the trajectory cannot get ready for has no plan. Rules that can only
cut a plan further (the days' capacity, blackouts, flexible cutbacks, the taper, the planner's
shape choices) are left out:
leaving a rule out keeps the condition necessary, never wrong.
"""

from __future__ import annotations

import math

from hamplan.calendar import PlanCalendar
from hamplan.models import PlanRequest
from hamplan.rules.base import PER_MILLE_SCALE, TENTHS, long_run_cap_tenths, per_mille, readiness_tenths, tenths_floor
from hamplan.rules.settings import RuleSettings


def readiness_reachable(request: PlanRequest, easy_pace_s_per_km: int) -> bool:
    """False only when no plan can satisfy ``race_readiness``: the largest volumes and long runs
    that ``weekly_increase``, ``acwr``, the planned ``cutback`` weeks, ``session_spike`` and
    ``long_run`` (share of the week, time cap) allow never reach the race's long run before
    the taper. True does not promise a plan."""
    s = RuleSettings.from_request(request)
    cal = PlanCalendar(request)
    need = readiness_tenths(s, easy_pace_s_per_km)
    pre = cal.pre_taper_weeks
    if not pre:
        return request.runner.long_run_km * TENTHS + 1e-9 >= need
    volume: dict[int, int] = {w: tenths_floor(cal.prior_week_km(w)) for w in range(-3, 1)}
    longest: dict[int, int] = {}
    grow = PER_MILLE_SCALE + per_mille(s.weekly_increase)
    floor_tenths = round(s.weekly_increase_floor_km * TENTHS)
    below_tenths = round(s.weekly_increase_floor_below_km * TENTHS)
    acwr = per_mille(s.acwr_max)
    spike = per_mille(s.session_spike)
    share = round(s.long_run_share * PER_MILLE_SCALE)
    cap = long_run_cap_tenths(s, easy_pace_s_per_km)
    most_weekly = math.ceil(max(s.peak_weekly_km, request.runner.weekly_km) * TENTHS)  # the models' bound too
    cutbacks = set(cal.cutback_weeks(s.build_weeks_max))
    cutback_factor = per_mille(s.cutback_factor) if cal.week_count >= s.cutback_min_plan_weeks else None
    for week in pre:
        higher = max(volume[week - 1], volume[week - 2])
        most = grow * higher // PER_MILLE_SCALE
        if higher < below_tenths:
            most = max(most, higher + floor_tenths)
        chronic = sum(volume[week - j] for j in range(1, 5))
        if chronic > 0:
            # a runner with four empty weeks escapes the ratio but not the weekly floor
            most = min(most, max(acwr * chronic // (4 * PER_MILLE_SCALE), floor_tenths))
        if week in cutbacks and cutback_factor is not None:
            most = min(most, cutback_factor * volume[week - 1] // PER_MILLE_SCALE)
        volume[week] = min(most, most_weekly)
        most = volume[week]
        recent = [longest[w] for w in range(max(1, week - 3), week)]
        before = cal.prior_longest_km(week)
        if before is not None:
            recent.append(tenths_floor(before))
        # a week a blackout touches may hold its longest run without a long run, which the share
        # does not bound; the planner's step-back of the long run in cutback weeks is a preference
        # it drops when it must (solver.stages), so it bounds nothing here
        within_share = share * most // PER_MILLE_SCALE if cal.is_full(week) else most
        run = min(spike * max(recent, default=0) // PER_MILLE_SCALE, within_share, cap)
        longest[week] = run
        if run >= need:
            return True
    return False
