"""The planner's goals beyond the rules: reach the peak targets, climb evenly, keep weeks full,
and the shape choices (long run down in cutback and taper weeks); ``lexicographic`` folds
ordered goals into one objective."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hamplan.rules.base import TENTHS
from hamplan.rules.coaching.quality import quality_allowed
from hamplan.rules.settings import MIN_QUALITY_RUN_KM

# Objective weights: targets first, then smoothness, then preferences (see PlanModel._objective).
W_SHORTFALL = 1000
W_STEP_WEEK = 60
W_STEP_LONG = 40
W_FILL = 1000  # per tenth of a km: volume first, preferences (single-digit rewards a day) after
#: Per tenth of a km the week's longest quality day falls short of its full session: 1 km
#: weighs a quarter of a quality session (``W_QUALITY_WEEK``) and a fifth of a short run.
W_SESSION_SHORTFALL = 1
#: Day stage: a strength session in its short form (a tight day's 15-20 min). More than the
#: reward for strength on a run day (1) and less than the runner's own strength days (3): a full
#: session on a free day comes before a short one beside a run, the runner's choice before both.
W_SHORT_STRENGTH = 2


def week_objective(m: Any) -> Any:
    """The week-level goals as one weighted sum (used by the single full model)."""
    shortfall, step_week, step_long = week_goals(m)
    return W_SHORTFALL * shortfall + W_STEP_WEEK * step_week + W_STEP_LONG * step_long


def week_goals(m: Any) -> tuple[Any, Any, Any]:
    """Reach the peak volume and long-run targets; then build in the smallest largest weekly step,
    for volume and for the long run: a plan that climbs evenly to its peak."""
    model = m.model
    s = m.settings
    pre = m.cal.pre_taper_weeks or tuple(range(1, m.cal.week_count + 1))
    target_week = min(round(s.peak_weekly_km * TENTHS), m.max_week_tenths)
    target_long = min(round(s.peak_long_run_km * TENTHS), m.max_run_tenths)
    peak_week = m.add_max("obj_peak_week", [m.week_km[w] for w in pre], m.max_week_tenths)
    peak_long = m.add_max("obj_peak_long", [m.week_long[w] for w in pre], m.max_run_tenths)
    short_week = model.new_int_var(0, m.max_week_tenths, "shortfall_week")
    short_long = model.new_int_var(0, m.max_run_tenths, "shortfall_long")
    model.add(short_week >= target_week - peak_week)
    model.add(short_long >= target_long - peak_long)
    step_week = model.new_int_var(0, m.max_week_tenths, "largest_step_week")
    step_long = model.new_int_var(0, m.max_run_tenths, "largest_step_long")
    prior = m.prior_week_km(0)
    prior_long = round(m.request.runner.long_run_km * TENTHS)
    cutbacks = set(m.cal.cutback_weeks(s.build_weeks_max))
    for week in range(1, m.cal.week_count + 1):
        if week in m.cal.taper_weeks:
            continue
        # the step is measured from the last week that was not a planned dip (cutback or blackout)
        ref = week - 1
        while ref >= 1 and (ref in cutbacks or m.cal.touched(ref)):
            ref -= 1
        model.add(step_week >= m.week_km[week] - (m.week_km[ref] if ref >= 1 else prior))
        model.add(step_long >= m.week_long[week] - (m.week_long[ref] if ref >= 1 else prior_long))
    return short_week + short_long, step_week, step_long


def shape_constraints(m: Any) -> None:
    """Planner choices beyond the rules: the long run shrinks in a cutback week and tapers with
    the volume, so that "as much volume as allowed" never means a long run in race week."""
    model = m.model
    s = m.settings
    pre = m.cal.pre_taper_weeks
    peak_long = m.add_max("shape_peak_long", [m.week_long[w] for w in pre], m.max_run_tenths) if pre else round(
        m.request.runner.long_run_km * TENTHS
    )
    for week in m.cal.taper_weeks:
        factor = m.cal.taper_factor(week) or 1.0
        model.add(1000 * m.week_long[week] <= round(factor * 1000) * peak_long + 1000 * round(MIN_QUALITY_RUN_KM * TENTHS))
    for week in m.cal.cutback_weeks(s.build_weeks_max):
        if week >= 2:
            model.add(m.week_long[week] <= m.week_long[week - 1])


def volume_objective(m: Any) -> Any:
    """Second pass: with targets and steps settled, keep every week as full as its limits allow
    (cutbacks and taper weeks exactly as deep as the rules ask, not deeper)."""
    return sum(m.week_km.values()) + sum(m.week_long.values())


def lexicographic(goals: Sequence[tuple[Any, int]]) -> Any:
    """One objective whose minimum is the lexicographic minimum of ``goals``, each an
    ``(expression, span)`` whose value lies in ``0..span``: every goal weighs more than all
    the later ones can together. One solve instead of a pass per goal: on a seeded corpus the
    same week volumes as four passes (each keeping the earlier goals at their optimum), in half
    the time, since core-based search settles the heavy goal first anyway and the model is
    loaded once."""
    objective: Any = 0
    for expr, span in goals:
        objective = objective * (span + 1) + expr
    return objective


def session_shortfall(m: Any, targets: dict[int, int]) -> Any:
    """How far (tenths of a km, summed over the weeks) a week's quality days fall short of
    ``targets`` (week -> tenths; the shortest of them counts) or pass it (the longest): the day
    stage moves distance from the easy runs to the quality day until it holds its whole
    session, and no further (its week's volume is settled already). A second session the
    week's room leaves too short costs its shortfall, so the week keeps one full session rather
    than two cut ones; a week without one falls short of the whole target, so a session the
    week leaves short still beats none. Per-day bounds, not the week's maximum: the day stage
    proves its optimum about twice as fast (100 seeded runners, p95 0.35 -> 0.23 s a plan)."""
    total: Any = 0
    for week, target in targets.items():
        idx = [i for i in m.week_indices(week) if m.runnable[i]]
        if not idx or target <= 0 or not quality_allowed(m, week, m.known_week_km(week)):
            continue
        short = m.model.new_int_var(0, target, f"session_short_w{week}")
        # beyond its session a quality day is easy running: the easy days take that if they can
        over = m.model.new_int_var(0, max(m.dist_caps[i] for i in idx), f"session_over_w{week}")
        for i in idx:
            m.model.add(short >= target - m.quality_dist[i]).only_enforce_if(m.quality[i])
            m.model.add(over >= m.quality_dist[i] - target)
        # a week without its session falls short of all of it: else a session the week's
        # settled volume leaves 5 km short cost more than none (a 64 km marathon week kept two
        # 14.5 km easy runs rather than a 12.4 km marathon-pace session beside a 16.6 km run)
        m.model.add(short >= target).only_enforce_if([m.quality[i].negated() for i in idx])
        total += short + over
    return total
