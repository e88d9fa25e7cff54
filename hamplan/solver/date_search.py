"""The earliest race date with a plan a coach would sign: dates the load rules cannot reach are
skipped by arithmetic, the week model finds the first date its rules allow (with the coaching
rules, else without them), and full plans confirm it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from ortools.sat.python import cp_model

from hamplan.errors import apply_changes
from hamplan.models import MAX_HORIZON_DAYS, PlanRequest
from hamplan.rules.reach import readiness_reachable
from hamplan.rules.context import PlanContext
from hamplan.solver.skeleton import FixedDay
from hamplan.solver.week_model import WeekModel, fixed_weeks


def week_model_feasible(
    request: PlanRequest, easy_pace_s_per_km: int, limit: float, fixed: dict[date, FixedDay] | None = None, *, coached: bool = False,
) -> bool:
    """Whether the week-level rules leave any plan for this request: necessary for a plan, and
    fast (tens of ms), so it screens candidates before a full plan is tried. Without the
    planner's shape choices and the coaching rules, which the solve drops when they alone stand
    in the way; ``coached``: with them (the taper and step-back shape, the light race week, the
    curve's targets), its ceilings aside, which the solve raises or drops before the rules: a
    date whose weeks settle with the coaching rules kept."""
    # the days back from a break held to an hour aside: the solve lets that hold yield before it
    # refuses; and the step-backs after a break spaced, else the rhythm counted back from the
    # taper, as the solve tries them (``PlanCalendar.spaced_cutbacks``)
    for bare in PlanContext(request, easy_pace_s_per_km, return_runs=False).cutback_rhythms():
        wm = WeekModel(
            request, easy_pace_s_per_km, fixed_weeks=fixed_weeks(request, fixed), shaped=coached, coaching=coached, ceilings=False, context=bare,
        )
        # the coached model's search without the LP: with it, finding a solution of the curve's
        # many bounds took 0.34 s a date (up to 12 s); without, 13 ms (146 dates of 25 refused
        # requests, the same answers)
        if wm.solve_with_fallback(limit, "week" if coached else "feasible")[1] in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return True
    return False


#: Race dates tried one by one after the first one the load rules can reach, before galloping.
LINEAR_PROBES = 3
#: Weeks after the week model's first date at which full plans are tried, in this order: the
#: days can refuse what the weeks allow, and a week or two more usually settles it.
FULL_PLAN_OFFSETS_WEEKS = (0, 1, 2, 4, 8, 16)


def earliest_race_date(
    request: PlanRequest,
    easy_pace_s_per_km: int,
    limit: float,
    plan_works: Callable[[PlanRequest], bool],
    *,
    full_solves: int = 4,
) -> date | None:
    """The first race date whose weeks settle with the coaching rules and the planner's shape
    kept (``week_model_feasible(coached=True)`` screens the dates, :func:`_earliest_date`);
    where no date does, the first one with any plan. The first date the load rules alone allow
    was often one whose weeks settled only with every coaching rule and the shape dropped (seed
    2027: 51 of 52 refused requests' suggested dates): taper long runs too long, step-back weeks
    that kept the long run, a heavy race week (65 suggested dates of a random and three
    realistic populations: 2.18 coaching rules advised per plan, now 0.37, the date the same or
    1-7 weeks later).

    The load rules' week model finds its first date first: it proves a date has no plan in
    milliseconds, where the coached one took up to 6 s (a marathoner no date suits: 2.8 s to
    refuse, 13 s with the coached model searching every date first). The coached model then
    searches from there, within :data:`COACHED_SCREEN_LIMIT` a date (a date it cannot settle
    there counts as one it refuses)."""
    last = request.start + timedelta(days=MAX_HORIZON_DAYS)
    max_weeks = (last - request.race.date).days // 7
    # each date's request and week-model answers, worked out once: the searches ask again for
    # dates they have settled (the full plans re-screen the dates the bisection already tried)
    candidates: dict[int, PlanRequest | None] = {}
    loose: dict[int, bool] = {}
    coached: dict[int, bool] = {}

    def candidate(weeks: int) -> PlanRequest | None:
        if weeks not in candidates:
            race_date = request.race.date + timedelta(days=7 * weeks)
            moved = None
            if not any(race_date in b for b in request.schedule.blackout):
                moved = apply_changes(request, {"race.date": race_date})
            candidates[weeks] = moved if moved is not None and readiness_reachable(moved, easy_pace_s_per_km) else None
        return candidates[weeks]

    def load_rules_allow(weeks: int) -> bool:
        if weeks not in loose:
            moved = candidate(weeks)
            loose[weeks] = moved is not None and week_model_feasible(moved, easy_pace_s_per_km, limit)
        return loose[weeks]

    first_allowed = _first_week_model_date(load_rules_allow, candidate, max_weeks)
    if first_allowed is None:
        return None

    def coaching_rules_allow(weeks: int) -> bool:
        if weeks not in coached:
            moved = candidate(weeks)
            coached[weeks] = weeks >= first_allowed and moved is not None and week_model_feasible(
                moved, easy_pace_s_per_km, min(limit, COACHED_SCREEN_LIMIT), coached=True
            )
        return coached[weeks]

    # the two searches share the full plans: one budget, and a date planned once
    planned: dict[int, bool] = {}

    def plans_in_full(weeks: int) -> bool | None:
        """The full plan at ``weeks`` later works; None when the budget is spent first."""
        if weeks not in planned:
            if len(planned) >= full_solves:
                return None
            moved = candidate(weeks)
            assert moved is not None
            planned[weeks] = plan_works(moved)
        return planned[weeks]

    for works in (coaching_rules_allow, load_rules_allow):
        found = _earliest_date(request, candidate, works, plans_in_full, max_weeks=max_weeks)
        if found is not None:
            return found
    return None


#: Deterministic work limit of the coached week model's screen of one date: its solutions took
#: at most 0.17 s to find (146 dates of 25 refused requests).
COACHED_SCREEN_LIMIT = 0.5


def _earliest_date(
    request: PlanRequest,
    candidate: Callable[[int], PlanRequest | None],
    works: Callable[[int], bool],
    plans_in_full: Callable[[int], bool | None],
    *,
    max_weeks: int,
) -> date | None:
    """The first race date, on the same weekday and whole weeks later, that the week model
    ``works`` allows and whose full plan works (``plans_in_full``: the solve of ``generate``
    and the checker on the request moved so many weeks, None once its budget is spent); None
    when none is found within the longest horizon or the budget. ``candidate``: the request
    moved by so many weeks, None where the load rules' arithmetic or a break rules the date out.

    Dates before the first one the load rules can reach at all (``readiness_reachable``, plain
    arithmetic) are skipped without a model; the next :data:`LINEAR_PROBES` dates are tried one
    by one with the week model, then a galloping search (+1, +2, +4 … weeks, then bisection
    inside the last step) keeps the models small. Feasibility is nearly but not strictly
    monotone in the horizon (the cutback rhythm is counted back from the taper), so a bisection
    can land a week or two late. From that date full plans are tried at
    :data:`FULL_PLAN_OFFSETS_WEEKS` (dates the week model refuses fail without a plan), then
    bisection between the last failure and the first success while the budget lasts, so the date
    returned always has a plan that passes every check.
    """
    first = _first_week_model_date(works, candidate, max_weeks)
    if first is None:
        return None

    def plans(weeks: int) -> bool | None:
        if weeks != first and not works(weeks):
            return False
        return plans_in_full(weeks)

    failed = first - 1  # the latest date known to fail
    for offset in FULL_PLAN_OFFSETS_WEEKS:
        weeks = first + offset
        if weeks > max_weeks:
            return None
        found = plans(weeks)
        if found is None:
            return None
        if found:
            # an earlier date between the last failure and this one, while the budget lasts
            while weeks - failed > 1:
                mid = (failed + weeks) // 2
                earlier = plans(mid)
                if earlier is None:
                    break
                failed, weeks = (failed, mid) if earlier else (mid, weeks)
            return request.race.date + timedelta(days=7 * weeks)
        failed = weeks
    return None


def _first_week_model_date(works: Callable[[int], bool], candidate: Callable[[int], PlanRequest | None], max_weeks: int) -> int | None:
    """Weeks after the requested date of the first date the week model allows (see above)."""
    # dates the load rules cannot get the runner ready for are known not to work without a model
    low = 0  # ``low`` weeks later is known not to work
    while low < max_weeks and candidate(low + 1) is None:
        low += 1
    for _ in range(LINEAR_PROBES):
        if low >= max_weeks:
            return None
        if works(low + 1):
            return low + 1
        low += 1
    step = 1
    while True:
        if low >= max_weeks:
            return None
        high = min(low + step, max_weeks)
        if works(high):
            break
        low, step = high, step * 2
    while high - low > 1:
        mid = (low + high) // 2
        if works(mid):
            high = mid
        else:
            low = mid
    return high
