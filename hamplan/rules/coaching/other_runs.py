"""Planner shape, read by the solver's models, the shaping after the solve and the checker: how
long a run beside the week's longest may be (the long run stays the week's longest, and a short
week never becomes two long runs back to back)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from hamplan.rules.base import other_run_room_pc
from hamplan.rules.settings import OTHER_RUN_SHARE_OF_SHORT_LONG

if TYPE_CHECKING:
    from hamplan.rules.context import PlanContext


def holds_other_runs_to_share(ctx: PlanContext, week: int) -> bool:
    """Planner shape: whether a week's runs besides its longest stay within their share of it
    (:func:`~hamplan.rules.base.other_run_room_pc`): in weeks of 3+ run days, except where race week's run cap
    holds the week's long run short (its other runs then carry the taper week), or
    the taper's long-run limit counts the long run a week nearer the race than its week
    (``CoachingTargets.long_run_nearer_weeks``: a marathoner's Sunday long run 13 days before
    a Saturday race held to 13.5 km left his taper week two weeks out 47.5 km, 0.50 of his
    94.1 km peak where it tapers to 0.80). :func:`other_run_room_in_week_pc` reads it."""
    cal = ctx.cal
    return (
        len(cal.run_days_in(week)) >= 3
        and not cal.long_run_day_in_race_week(week)
        and week not in ctx.targets.long_run_nearer_weeks
    )


def other_run_room_in_week_pc(ctx: PlanContext, week: int, longest: Any, *, partly_run: bool = False) -> Any:
    """100 × the most a run beside the week's longest holds, in tenths of a km (an int, or a
    solver expression of the longest): within its share of it where the planner's shape holds
    it (:func:`holds_other_runs_to_share`); in a full week whose long run the taper's limit
    counts a week nearer the race and whose days besides the long run and the day before it are
    three or more, ``OTHER_RUN_SHARE_OF_SHORT_LONG`` × it (its
    other runs carry the taper week, the long run stays its longest: the 94 km marathoner's
    week 13 days before his Saturday race read 15 / 15 / 12.8 / 7.5 km beside a 15 km long
    run); else up to it. "Up to it" stays where the taper's factor needs every tenth the days
    hold: a week whose long run falls in race week (held to an hour), fewer such days, a day a
    break takes, or days already run (``partly_run``: two days left, a long run within half the
    week needs the other run as long as it). The week model, the day model, the easy-run
    sharing after the solve and the checker's ``easy_run_length`` all read it."""
    cal = ctx.cal
    run_days = cal.run_days_in(week)
    if len(run_days) < 3:
        return 100 * longest
    if holds_other_runs_to_share(ctx, week):
        return other_run_room_pc(longest, len(run_days), ctx.settings.other_run_share_least)
    long_day = cal.long_run_day(week)
    # the days that carry the week besides its long run and the run the day before it (held to
    # half of it): with two, held to 0.9 x the long run, a 4-day marathoner's week 13 days out fell
    # 0.15 under its factor (seed 2042 p07060861, one free Friday beside Tuesday's session)
    carriers = [d for d in run_days if long_day is None or d not in (long_day, long_day - timedelta(days=1))]
    if partly_run or len(carriers) < 3 or cal.touched(week) or cal.long_run_day_in_race_week(week):
        return 100 * longest
    return round(OTHER_RUN_SHARE_OF_SHORT_LONG * 100) * longest
