"""How far the load rules let a runner grow, in plain Python: a quick necessary condition for a
plan, so that searching for the earliest workable race date skips the dates no plan can reach
without building a solver model for them.

Every bound here is the solver's own integer arithmetic (tenths of a km, factors per mille)
taken in its most generous reading: each week as large as the weeks before it allow. All the
bounds only grow with the weeks before them, so the largest week-by-week trajectory bounds every
feasible one, and a race the trajectory cannot get ready for has no plan. Where a rule leaves
a choice (which week of an open stretch steps back: ``cutback``), each way of choosing is
followed and the largest trajectory kept. Rules that can only cut a plan further (the taper,
the planner's shape choices, the minutes other sessions take from a day) are left out: leaving
a rule out keeps the condition necessary, never wrong. A week holds at most its run days, one
run each, within the day's minutes at easy pace and none longer than the week's longest (the
schedule's days: a refusal whose clash leaves ``availability`` out counts without them).
Readiness counts, in a week back from a break, only a long run within its share of the week,
as ``race_readiness`` does.
"""

from __future__ import annotations

import math
from collections.abc import Collection

from hamplan.calendar import PlanCalendar
from hamplan.models import PlanRequest
from hamplan.rules.base import (
    PER_MILLE_SCALE, TENTHS, km_in_minutes_tenths, long_run_cap_tenths, per_mille, readiness_tenths, ready_from_the_build, tenths_floor,
)
from hamplan.rules.settings import RuleSettings


def long_run_cap_below_readiness(request: PlanRequest, easy_pace_s_per_km: int) -> bool:
    """The race needs a longer run before the taper than ``long_run`` allows at this easy pace:
    ``race_readiness`` and ``long_run`` clash whatever the calendar, so no model needs to say so
    (1 in 7 requests of a seeded corpus; 40 ms each to prove with the week model)."""
    settings = RuleSettings.from_request(request)
    need = readiness_tenths(settings, easy_pace_s_per_km)
    cal = PlanCalendar(request)
    if ready_from_the_build(cal, need):
        return False
    return bool(cal.pre_taper_weeks) and need > long_run_cap_tenths(settings, easy_pace_s_per_km)


#: The load rules the reachability bound reads (each one's bound applies only when named).
GROWTH_RULES = ("weekly_increase", "acwr", "cutback", "session_spike", "long_run")


def readiness_reachable(
    request: PlanRequest, easy_pace_s_per_km: int, *, free_cutbacks: bool = False, spaced_cutbacks: bool | None = None,
) -> bool:
    """False only when no plan can satisfy ``race_readiness``: the largest volumes and long runs
    that ``weekly_increase``, ``acwr``, the planned ``cutback`` weeks, ``session_spike`` and
    ``long_run`` (share of the week, time cap) allow never reach the race's long run before
    the taper. True does not promise a plan. ``free_cutbacks``: for the calendar that plans no
    cutback week ahead (``PlanCalendar.free_cutbacks``), where the rule ``cutback`` bounds
    nothing here (its weeks are the solver's to choose); ``spaced_cutbacks``: as the calendar's
    (None: either calendar the solve tries before it frees the weeks)."""
    if spaced_cutbacks is None:
        return any(readiness_reachable(request, easy_pace_s_per_km, free_cutbacks=free_cutbacks, spaced_cutbacks=spaced) for spaced in (True, False))
    s = RuleSettings.from_request(request)
    need = readiness_tenths(s, easy_pace_s_per_km)
    cal = PlanCalendar(request)
    if ready_from_the_build(cal, need):
        return True
    if not cal.pre_taper_weeks:
        return request.runner.long_run_km * TENTHS + 1e-9 >= need
    rule_ids = tuple(r for r in GROWTH_RULES if r != "cutback") if free_cutbacks else GROWTH_RULES
    return any(run >= need for run in readiness_long_runs(request, easy_pace_s_per_km, rule_ids, spaced_cutbacks=spaced_cutbacks).values())


def reachable_volumes(request: PlanRequest, rule_ids: Collection[str] = GROWTH_RULES) -> dict[int, int]:
    """The most run volume (tenths of a km) each week before the taper can hold under the named
    load rules (of :data:`GROWTH_RULES`), every week as large as the weeks before allow, up to
    the models' bound (the peak target or the runner's current volume); a week a blackout
    touches holds its share of that by run days left, as the planner keeps it."""
    return _reach(request, 0, rule_ids, shrink_touched=True)[0]


def reachable_long_runs(
    request: PlanRequest, easy_pace_s_per_km: int, rule_ids: Collection[str] = GROWTH_RULES
) -> dict[int, int]:
    """The longest run (tenths of a km) each week before the taper can hold at most under the
    named load rules (of :data:`GROWTH_RULES`), every week as large as the weeks before allow.
    With ``availability`` named too, a week a break touches holds at most its run days' share of
    the models' weekly bound, as the planner's week model keeps it (a refusal's explanation)."""
    return _reach(request, easy_pace_s_per_km, rule_ids)[1]


def readiness_long_runs(
    request: PlanRequest, easy_pace_s_per_km: int, rule_ids: Collection[str] = GROWTH_RULES, *, spaced_cutbacks: bool = True,
    run_days_bound: bool = True, day_minutes: bool = True,
) -> dict[int, int]:
    """:func:`reachable_long_runs` as ``race_readiness`` counts them: in a week that holds days
    back from a break, only a long run, which ``long_run`` (when named) holds to its share of
    the week; the week's bigger easy run counts only for the weeks after it (``session_spike``).
    ``run_days_bound``: each week at most its run days × its longest run (with two run days and
    the long run at most half the week, a cutback week cuts the long run too): for a solve,
    which keeps the schedule's days; not for a refusal whose clash leaves ``availability`` out.
    ``cutback`` (when named) asks a cutback in every k+1 weeks in a row, not only in the weeks
    the calendar plans. ``day_minutes`` (with ``run_days_bound``): each day within its
    ``max_minutes`` at easy pace."""
    return _reach(
        request, easy_pace_s_per_km, rule_ids, spaced_cutbacks=spaced_cutbacks, run_days_bound=run_days_bound, cutback_windows=True,
        day_minutes=day_minutes,
    )[2]


def touched_week_cap_tenths(request: PlanRequest, cal: PlanCalendar, week: int) -> int:
    """Planner shape: the most a week a break touches holds, its run days' share of the models'
    weekly bound (the peak target, or the runner's current volume when higher): one run never
    carries a whole week's volume as its only run (the week model posts the same bound)."""
    normal = max(1, len(request.schedule.run_days))
    return len(cal.run_days_in(week)) * most_weekly_tenths(request) // normal


def most_weekly_tenths(request: PlanRequest) -> int:
    """The models' bound on a week's volume: the peak target, or the runner's current volume."""
    s = RuleSettings.from_request(request)
    return math.ceil(max(s.peak_weekly_km, request.runner.weekly_km) * TENTHS)


def _reach(
    request: PlanRequest, easy_pace_s_per_km: int, rule_ids: Collection[str], *, shrink_touched: bool = False, spaced_cutbacks: bool = True,
    run_days_bound: bool = False, cutback_windows: bool = False, day_minutes: bool = True,
) -> tuple[dict[int, int], dict[int, int], dict[int, int]]:
    """(volumes, longest runs, long runs as readiness counts them) of every week before the
    taper, as large as the rules allow (``shrink_touched``: a week a blackout touches at its
    share by run days, which the planner's shape asks but a plan without that shape need not
    keep: no refusal rests on it; ``spaced_cutbacks``: as ``PlanCalendar``'s; ``run_days_bound``:
    a week holds at most its run days × its longest run, which ``session_spike`` bounds: one run
    a day, none longer than the week's longest, as every model of the solve keeps them wherever
    ``availability`` holds, each day within its minutes (``day_minutes``); ``cutback_windows``:
    ``cutback``'s cutback in every k+1 weeks in a row, each way of choosing the weeks it leaves
    open followed and the largest kept)."""
    s = RuleSettings.from_request(request)
    cal = PlanCalendar(request, spaced_cutbacks=spaced_cutbacks)
    unbounded = 10**6
    grow = PER_MILLE_SCALE + per_mille(s.weekly_increase)
    floor_tenths = round(s.weekly_increase_floor_km * TENTHS)
    below_tenths = round(s.weekly_increase_floor_below_km * TENTHS)
    acwr = per_mille(s.acwr_max)
    spike = per_mille(s.session_spike)
    share = round(s.long_run_share * PER_MILLE_SCALE)
    cap = long_run_cap_tenths(s, easy_pace_s_per_km) if easy_pace_s_per_km else unbounded  # 0: volumes only
    most_weekly = most_weekly_tenths(request)
    cutbacks = set(cal.cutback_weeks(s.build_weeks_max)) if "cutback" in rule_ids else set()
    cutback_factor = per_mille(s.cutback_factor) if cal.week_count >= s.cutback_min_plan_weeks else None

    # the most each day's minutes hold at easy pace (no other session beside the run)
    day_caps = {
        d: km_in_minutes_tenths(limit, easy_pace_s_per_km)
        for d in cal.days if day_minutes and easy_pace_s_per_km and (limit := cal.max_minutes(d)) is not None
    }

    def trajectory(cutbacks: Collection[int]) -> tuple[dict[int, int], dict[int, int], dict[int, int]]:
        volume: dict[int, int] = {w: tenths_floor(cal.prior_week_km(w)) for w in range(-3, 1)}
        longest: dict[int, int] = {}
        ready: dict[int, int] = {}
        for week in cal.pre_taper_weeks:
            higher = max(volume[week - 1], volume[week - 2])
            most = grow * higher // PER_MILLE_SCALE if "weekly_increase" in rule_ids else unbounded
            if higher < below_tenths and "weekly_increase" in rule_ids:
                most = max(most, higher + floor_tenths)
            chronic = sum(volume[week - j] for j in range(1, 5))
            if chronic > 0 and "acwr" in rule_ids:
                # a runner with four empty weeks escapes the ratio but not the weekly floor
                most = min(most, max(acwr * chronic // (4 * PER_MILLE_SCALE), floor_tenths))
            if week in cutbacks and cutback_factor is not None:
                most = min(most, cutback_factor * volume[week - 1] // PER_MILLE_SCALE)
            volume[week] = min(most, most_weekly)
            if "availability" in rule_ids and cal.touched(week):
                volume[week] = min(volume[week], touched_week_cap_tenths(request, cal, week))
            if shrink_touched and cal.touched(week):
                volume[week] = volume[week] * len(cal.run_days_in(week)) // max(1, len(request.schedule.run_days))
            recent = [longest[w] for w in range(max(1, week - 3), week)]
            before = cal.prior_longest_km(week)
            if before is not None:
                recent.append(tenths_floor(before))
            # a week a blackout touches may hold its longest run without a long run, which the share
            # does not bound; the planner's step-back of the long run in cutback weeks is a preference
            # it drops when it must (solver.stages), so it bounds nothing here
            run = spike * max(recent, default=0) // PER_MILLE_SCALE if "session_spike" in rule_ids else unbounded
            if run_days_bound and "session_spike" in rule_ids:
                # one run a day, none longer than the week's longest: a week holds at most its run
                # days x that run. On two run days with the long run at most half the week, a cutback
                # week cuts the long run too (a half marathoner on Wednesday and Sunday from 5 km
                # long runs, whose weeks the load rules let grow: the model refused, and no bound
                # said why). Each day within its minutes at easy pace too (``availability``: the
                # models' day caps, which only cut further): a 4-day marathoner whose Monday and
                # Thursday hold 45 min built his weeks from 26 km, not the 31 km the load rules allow
                volume[week] = min(volume[week], sum(min(run, day_caps.get(d, run)) for d in cal.run_days_in(week)))
            most = volume[week]
            if "long_run" in rule_ids:
                within_share = share * most // PER_MILLE_SCALE if cal.is_full(week) else most
                run = min(run, within_share, cap)
            longest[week] = run
            ready[week] = min(run, share * most // PER_MILLE_SCALE) if week in cal.weeks_holding_days_back and "long_run" in rule_ids else run
        return {w: volume[w] for w in cal.pre_taper_weeks}, longest, ready

    if not (cutback_windows and "cutback" in rule_ids and cutback_factor is not None):
        return trajectory(cutbacks)
    # the rule asks a cutback in every k+1 weeks in a row, not only in the weeks the calendar
    # plans (a break's weeks leave the rhythm a stretch to choose in): each plan steps back in
    # one week of each such window at least, so the largest of the trajectories, one for each
    # least choice of those weeks, bounds every plan (a marathoner back from a week away, 4
    # build weeks between his break and the next planned cutback, was refused by the models
    # while these bounds reached the race's long run, and the refusal gave no number)
    empty = {w for w in cal.pre_taper_weeks if run_days_bound and not cal.run_days_in(w)}
    choices = _cutback_choices(cal.pre_taper_weeks, s.build_weeks_max + 1, cutbacks, empty)
    if choices is None:
        return trajectory(cutbacks)
    found = [trajectory(cutbacks | extra) for extra in choices]
    return tuple({w: max(t[i][w] for t in found) for w in found[0][i]} for i in range(3))  # type: ignore[return-value]


#: The most choices of cutback weeks :func:`_reach` follows; past it, the planned weeks alone
#: (a bound the more generous, never wrong).
MOST_CUTBACK_CHOICES = 64


def _cutback_choices(weeks: Collection[int], window: int, planned: set[int], empty: set[int]) -> list[set[int]] | None:
    """The least sets of weeks, beside the ``planned`` cutbacks and the ``empty`` weeks (no run
    day: a cutback whatever the week before held), that leave every ``window`` weeks in a row of
    ``weeks`` one of them; None past :data:`MOST_CUTBACK_CHOICES`."""
    ordered = sorted(weeks)
    windows = [set(ordered[i:i + window]) for i in range(len(ordered) - window + 1) if ordered[i + window - 1] - ordered[i] == window - 1]
    out: list[set[int]] = []

    def choose(chosen: set[int]) -> bool:
        open_window = next((w for w in windows if not w & (planned | empty | chosen)), None)
        if open_window is None:
            if chosen not in out:
                out.append(chosen)
            return len(out) <= MOST_CUTBACK_CHOICES
        return all(choose(chosen | {week}) for week in sorted(open_window))

    return out if choose(set()) else None
