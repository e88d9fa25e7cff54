"""The solve: the week model settles volumes, the day model places sessions for them, a
repair when the days cannot hold the weeks, and the single full model as the last resort.

What the request means (calendar, rule settings, coaching targets) is derived once into a
:class:`~hamplan.rules.context.PlanContext` and handed to every model of the solve."""

from __future__ import annotations

import math
import time
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ortools.sat.python import cp_model

from hamplan.errors import InfeasiblePlanError
from hamplan.models import PlanRequest
from hamplan.rules.context import PlanContext
from hamplan.solver.day_model import PlanModel
from hamplan.rules.reach import long_run_cap_below_readiness, readiness_reachable
from hamplan.solver.explanations import explain_infeasible
from hamplan.rules.base import TENTHS, tenths_floor
from hamplan.rules.coaching import COACHING_RULES
from hamplan.rules.coaching.base import CoachingRule
from hamplan.rules.coaching.week import BIG_PLAN_LONG_SHARE, EVE_CAP_RULE, LONG_RUN_AHEAD_PART, LongRunShare
from hamplan.solver.objective import lexicographic, volume_objective, week_goals
from hamplan.solver.parameters import DEFAULT_DETERMINISTIC_LIMIT, wall_clock_ran_out
from hamplan.solver.quality import assign_quality
from hamplan.solver.session_trades import sessions_on_roomier_days, sessions_placed
from hamplan.solver.skeleton import FixedDay, Skeleton
from hamplan.solver.suggestions import PlanWorks
from hamplan.solver.week_model import WeekModel, fixed_weeks

Fixed = dict[date, FixedDay] | None
#: Deterministic work limit of the repair's fill (see ``_repair``).
REPAIR_FILL_LIMIT = 1.0
#: Deterministic work limit of the search for the least room above the curve (``_ceiling_room``).
ROOM_LIMIT = 0.5
#: Work limit of the week stage's second solve, the long runs within their share (``_long_runs_within_share``).
POLISH_LIMIT = 1.0
#: The most room in all (tenths of a km, weekly volumes and long runs together) above the curve's
#: ceilings that :func:`_ceiling_room` gives.
MAX_ROOM_TENTHS = 200
#: The coaching rules a plan that cannot keep them all (:func:`_settle_weeks_coached`) drops
#: first, in this order, before all the others: the long run's share of a week, then the long
#: run's cut in step-back weeks (a re-plan whose long run must rebuild to the race's). The long
#: run after a break (``break_week_long_run``) never yields alone: without it a 3:15
#: marathoner's first long run after 5 days ill was 25.7 km, past the 24 km done before.
YIELDING_COACHING_RULES = (("long_run_share",), ("long_run_share", "step_back"))
#: The week model's part of ``day_before_long_run`` in a week partly run (its long run still
#: ahead kept, the run before it capped: ``WeekModel._long_run_left``), which yields before all
#: of them (see :func:`_settle_weeks_coached`).
LONG_RUN_AHEAD_COACHING_RULES = (LONG_RUN_AHEAD_PART,)


def solve(
    request: PlanRequest,
    easy_pace_s_per_km: int,
    *,
    deterministic_limit: float = DEFAULT_DETERMINISTIC_LIMIT,
    fixed: Fixed = None,
    explain: bool = True,
    plan_works: PlanWorks | None = None,
    context: PlanContext | None = None,
    any_placement: bool = False,
) -> Skeleton:
    """Solve a request into a day-by-day skeleton, or raise :class:`InfeasiblePlanError`.

    A refusal names a minimal set of clashing rules, says why in numbers, and offers changes
    that were planned in full (``plan_works`` plans a changed request as ``generate`` does and
    checks it; without it a successful solve counts). ``explain=False`` refuses without any of
    that (used to try those changes).

    Two stages: the week-level model settles every week's volume and long run (the coaching
    targets, smoothness, the load rules), then the day-level model places sessions for exactly
    those volumes (the week's shape, hamstring work, calendar, preferences). Should the second
    stage find no placement, the week volumes are repaired from what the days can hold
    (``_repair``); should that fail too, one full model over both levels decides (with the
    coaching rules, then without them: they never turn a plan into a refusal). Should all of
    that refuse, it is tried once more with no cutback week planned ahead (the rule's own
    freedom: ``PlanCalendar.free_cutbacks``), then, where days back from a break are held to
    runs of an hour (``return_runs``), without that hold, before the request is refused (the
    refusal explained from the first attempt).

    ``any_placement``: stage two stops at its first placement instead of the best one (whether
    a changed request plans at all, a refusal's suggestion). The weeks are settled exactly as for
    the plan, and the day model's placements are meant to keep every rule (the checker then
    confirms it on the one found), so the answer is the plan's own; measured, not proven: plans
    or not and checker-clean or not agreed on 650 seeded requests, and on 220 more at work
    limits down to 0.05. Where the best placement's search would run out of work first, a
    suggestion could be offered that ``generate`` then plans only through its fallbacks.
    """
    started = time.perf_counter()
    ctx = context if context is not None and context.easy_pace_s_per_km == easy_pace_s_per_km else PlanContext(request, easy_pace_s_per_km)
    found = _attempt(ctx, deterministic_limit, fixed, started, any_placement)
    if isinstance(found, Skeleton):
        return found
    freeing = fixed is None and not ctx.free_cutbacks and bool(ctx.cal.cutback_weeks(ctx.settings.build_weeks_max))
    # the weeks after a break spaced every third week or more are the planner's choice: where
    # they leave no plan, the rhythm counted back from the taper comes next, before the solver
    # chooses every week itself (spaced, a marathoner's step-back in week 13 after a two-week
    # break left no plan, and the free weeks stepped back in weeks 2 and 6)
    rhythms = ctx.cutback_rhythms() if freeing else [ctx]
    rhythm = _attempt(rhythms[1], deterministic_limit, fixed, started, any_placement) if len(rhythms) > 1 else found
    if isinstance(rhythm, Skeleton):
        return rhythm
    if freeing and not found.return_runs:
        # the cutback weeks the calendar plans ahead are the planner's rhythm, not the rule: the
        # rule asks only for a cutback after so many build weeks, and where the rhythm leaves no
        # plan the solver chooses the weeks itself (a re-plan whose history stepped back a week
        # earlier than a new plan would: its long run could no longer grow to the race's in the
        # weeks the rhythm left, though the rest of the plan it continues kept every rule). Not
        # with days already run (a re-plan inside a week): that one falls back to a plan from
        # the re-plan's day, which tries this itself
        free = PlanContext(request, easy_pace_s_per_km, free_cutbacks=True)
        if isinstance(freed := _attempt(free, deterministic_limit, fixed, started, any_placement), Skeleton):
            return freed
    if ctx.cal.capped_return_days and not (found.arithmetic and rhythm.arithmetic):
        # coaching (return_runs) yields before a refusal, and before any other coaching rule
        # where it alone clashes (``_return_runs_clash``): where the race's long run needs more
        # of the days back from a break than runs of an hour (weekly_increase grows the weeks
        # after a break from the bigger of the two before it), they run as the load rules need,
        # and the plan carries the advice (not where the load rules' arithmetic refused, which
        # no hold changes)
        ways = [*rhythms, replace(ctx, free_cutbacks=True)] if freeing else [ctx]
        for way in ways:
            bare = way.without_return_runs()
            plain = _attempt(bare, deterministic_limit, fixed, started, any_placement)
            if isinstance(plain, Skeleton):
                return plain
    if found.break_weeks_shaped:
        # the planner's shape for the weeks a break touches, which the week model's answer kept and
        # the days could not, is a choice, not a rule: last, a plan without it, not a refusal
        unshaped = _attempt(ctx, deterministic_limit, fixed, started, any_placement, break_weeks_shaped=False)
        if isinstance(unshaped, Skeleton):
            return unshaped
    if ctx.cal.race_week_caps and ctx.cal.race_week_reaches_back and not (found.arithmetic and rhythm.arithmetic):
        # race week's run caps (coaching: race_week_runs) on days of the plan week before the
        # race's, where the long run the race needs may have to fall: they yield before a
        # refusal, as the other coaching rules do, and the plan carries the advice (a 5K runner
        # back from a break in week 1 needed a 49-min long run the Sunday six days before his
        # Saturday race, held to 45 min there, and was refused)
        uncapped = _attempt(replace(ctx, race_week_caps=False), deterministic_limit, fixed, started, any_placement)
        if isinstance(uncapped, Skeleton):
            return uncapped
    if not explain:
        raise InfeasiblePlanError([])
    works = plan_works or (lambda changed: _solves(changed, easy_pace_s_per_km, deterministic_limit))
    raise explain_infeasible(
        request, easy_pace_s_per_km, deterministic_limit, fixed, start=found.start, weeks_only=found.weeks_only, plan_works=works
    )


@dataclass(frozen=True)
class _Refused:
    """An attempt's refusal, as the explanation should start it: the rules to try first
    (``start``), and whether the week rules alone already clash (``weeks_only``)."""

    start: list[str] | None = None
    weeks_only: bool = False
    #: the days back from a break, held to runs of an hour (``return_runs``), leave the weeks
    #: no solution: the solve tries again without that hold before anything else yields
    return_runs: bool = False
    #: refused by the load rules' arithmetic (``rules.reach``), before any model: no hold changes it
    arithmetic: bool = False
    #: the full model refused with the planner's shape for the weeks a break touches: the solve
    #: tries it once more without that shape before the request is refused
    break_weeks_shaped: bool = False


def _attempt(
    ctx: PlanContext, limit: float, fixed: Fixed, started: float, any_placement: bool = False, break_weeks_shaped: bool = True,
) -> Skeleton | _Refused:
    """The staged solve of :func:`solve` under one calendar: the skeleton, or how it was refused.
    ``break_weeks_shaped``: the full model, the last resort, keeps the planner's shape for the
    weeks a break touches (``PlanModel._break_weeks_shape``). Raises :class:`InfeasiblePlanError`
    itself when the work or time limit stopped it."""
    request, easy_pace_s_per_km = ctx.request, ctx.easy_pace_s_per_km
    if fixed is None and long_run_cap_below_readiness(request, easy_pace_s_per_km):
        return _Refused(start=["race_readiness", "long_run"], weeks_only=True, arithmetic=True)
    if fixed is None and not readiness_reachable(
        request, easy_pace_s_per_km, free_cutbacks=ctx.free_cutbacks, spaced_cutbacks=ctx.spaced_cutbacks,
    ):
        # the load rules' arithmetic proves what the four week models below would each prove
        # (every one posts those rules): the same refusal, without building them (46 of the 57
        # refusals of the batch corpus and the realistic population)
        return _Refused(weeks_only=True, arithmetic=True)
    try:
        optimal, status, weeks_model, week_solver = _settle_weeks_coached(ctx, limit, fixed, return_runs_may_yield=True)
    except _ReturnRunsClash:
        return _Refused(return_runs=True)
    shaped = weeks_model.shaped
    if status == cp_model.INFEASIBLE:
        return _Refused(weeks_only=True)
    ctx = _day_context(ctx, weeks_model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        values = weeks_model.values(week_solver)
        pm, solver, status = _place_days(ctx, limit, fixed, values, any_placement, weeks_model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if not any_placement and (with_sessions := _sessions_traded(ctx, limit, fixed, values, pm, solver, started, optimal and status == cp_model.OPTIMAL)):
                return with_sessions
            return _skeleton(pm, solver, optimal and status == cp_model.OPTIMAL, started)
        if status == cp_model.INFEASIBLE:
            repaired = _repair(ctx, limit, fixed, values, started, shaped, any_placement)
            if repaired is not None:
                return repaired
    for coaching in (True, False):
        if wall_clock_ran_out():
            raise InfeasiblePlanError([], reasons=["the solver found no plan before the time limit"])
        # the curve as the week stage could keep it (raised, or off)
        pm = PlanModel(
            request, easy_pace_s_per_km, fixed=fixed, context=ctx, coaching=coaching,
            ceilings=weeks_model.ceilings, ceiling_room=weeks_model.ceiling_room,
        )
        pm.add_objective(shaped=shaped, break_weeks_shaped=break_weeks_shaped)
        solver = pm.solver(limit)
        status = solver.solve(pm.model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return _skeleton(pm, solver, status == cp_model.OPTIMAL, started)
    if status == cp_model.INFEASIBLE:
        return _Refused(break_weeks_shaped=shaped and break_weeks_shaped and any(map(ctx.cal.touched, range(1, ctx.cal.week_count + 1))))
    raise InfeasiblePlanError(
        [],
        reasons=[
            "the solver found no plan within its work limit; try a shorter horizon, fewer blackouts, "
            "or a larger limit (generate(..., deterministic_limit=...))"
        ],
    )


def _day_context(ctx: PlanContext, weeks_model: WeekModel) -> PlanContext:
    """The context the day stage places the settled weeks in: without the cap on the run before
    the long run where the week stage let ``day_before_long_run`` yield alone (its other coaching
    rules kept: a 4-day marathoner on 60-min weekdays, whose 180-min long run needs more of the
    day before it, had lost every coaching rule, his step-back weeks' and taper's long runs too)."""
    return ctx.without_eve_cap() if weeks_model.eve_cap_yielded and ctx.eve_cap else ctx


class _ReturnRunsClash(Exception):
    """The hold on the days back from a break (``return_runs``) is what leaves the weeks no
    solution (:func:`_return_runs_clash`): the solve tries again without it."""


def _return_runs_clash(ctx: PlanContext, limit: float, fixed: Fixed) -> bool:
    """Whether holding the days back from a break to runs of an hour (``return_runs``) is what
    leaves the weeks no solution, where the weeks with every coaching rule have none: with
    every coaching rule, or with the load rules alone, they settle without that hold and not
    with it. Then it yields before any other coaching rule does (a week back from a pause
    otherwise kept the hold and lost its long run's limits: a 20.4 km long run in a 44.7 km
    week, after 18.6 km ones)."""
    bare = ctx.without_return_runs()
    for options in ({}, {"coaching": False, "shaped": False}):
        if _weeks_settle(bare, limit, fixed, None, **options) != cp_model.INFEASIBLE:
            return options == {} or _weeks_settle(ctx, limit, fixed, None, **options) == cp_model.INFEASIBLE
    return False


def _solves(request: PlanRequest, easy_pace_s_per_km: int, limit: float) -> bool:
    """Whether the solve plans ``request``, stopping at the first placement (the check of a
    suggestion without a checker)."""
    try:
        solve(request, easy_pace_s_per_km, deterministic_limit=limit, explain=False, any_placement=True)
    except InfeasiblePlanError:
        return False
    return True


def _week_model(ctx: PlanContext, fixed: Fixed, caps: dict[int, tuple[int, int]] | None, **options: Any) -> WeekModel:
    """The week model of a request (its history weeks fixed, each week at most ``caps``), with
    ``options`` for :class:`WeekModel` (coaching, ceilings, shape, the curve's room)."""
    weeks_model = WeekModel(
        ctx.request, ctx.easy_pace_s_per_km, fixed_weeks=fixed_weeks(ctx.request, fixed), context=ctx,
        done_days=fixed, **options,
    )
    weeks_model.bound_weeks(caps or {}, exact=False)
    return weeks_model


def _settle_weeks(
    ctx: PlanContext,
    limit: float,
    fixed: Fixed,
    caps: dict[int, tuple[int, int]] | None = None,
    *,
    coaching: bool = True,
    ceilings: bool = True,
    shaped: bool = True,
    ceiling_room: dict[int, tuple[int, int]] | None = None,
    coaching_skipped: Collection[str] = (),
) -> tuple[bool, int, WeekModel, cp_model.CpSolver]:
    """Stage one: every week's volume and long run, solved lexicographically (``caps``: upper
    bounds per week on both), all goals in one objective (:func:`lexicographic`). With the
    coaching rules, their target curve is every week's ceiling: weeks filled up to it, then the
    largest weekly step, then the largest long-run step. Without them (a request the curve does
    not fit): the coaching goals, the peak targets, the steps, then the fullest weeks. ``shaped``: with the
    planner's shape constraints. Either way with the coaching rules, a second solve then brings
    a big plan's base and build long runs within their share (:func:`_long_runs_within_share`).
    Returns (proven optimal, status, the model, its solver)."""
    weeks_model = _week_model(
        ctx, fixed, caps, coaching=coaching, ceilings=ceilings, shaped=shaped, ceiling_room=ceiling_room, coaching_skipped=coaching_skipped,
    )
    shortfall, step_week, step_long = week_goals(weeks_model)
    most_week, most_run = weeks_model.max_week_tenths, weeks_model.max_run_tenths
    most_volume = len(weeks_model.week_km) * (most_week + most_run)
    # the coaching rules' week-stage goals (a quality session's room in build weeks) come first,
    # with the curve or without it: a week gives up volume for them, never the other way round
    # (without the curve they came after the peak targets, and weighed with them only while an
    # integer term's bound read 0: seed 2027, p80761498 then lost its build week's session)
    coached = (weeks_model.penalty(), weeks_model.penalty_bound())
    if weeks_model.coaching and ceilings:
        goals = [coached, (most_volume - volume_objective(weeks_model), most_volume), (step_week, most_week), (step_long, most_run)]
    else:
        goals = [
            coached,
            (shortfall, most_week + most_run),
            (step_week, most_week),
            (step_long, most_run),
            (most_volume - volume_objective(weeks_model), most_volume),
        ]
    weeks_model.model.minimize(lexicographic(goals))
    solver, status = weeks_model.solve_with_fallback(limit)
    optimal = status == cp_model.OPTIMAL
    if weeks_model.coaching and status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # without the curve's ceilings too: those weeks fill up to the load rules and the peak
        # long run's target, and their long runs took 43 % of a half marathoner's 35-46 km
        # build weeks (a break in week 10 left the curve no solution). Not without the coaching
        # rules: that last fallback keeps none of them
        polished = _long_runs_within_share(weeks_model, solver, limit, step_long)
        if polished is not None:
            solver, status = polished
            optimal = optimal and status == cp_model.OPTIMAL  # the weeks are the first solve's
    return optimal, status, weeks_model, solver


def _long_runs_within_share(
    weeks_model: WeekModel, solver: cp_model.CpSolver, limit: float, step_long: Any,
) -> tuple[cp_model.CpSolver, int] | None:
    """The long runs of ``LongRunShare.aimed_weeks`` (a big plan's base and build weeks) brought
    within their share of the week where the weeks settled leave them room: every week's volume
    kept as settled and the coaching goals no worse, the km above the share (or the runner's own
    long run, where that is more) as few as the race's long run allows, then the long runs as
    long as they may be, then the smallest largest step. The curve fills each long run to its
    ceiling, planned against the week's target: where the load rules held the week far under it
    (after a break, a low start), a marathoner's build weeks ran long runs of 50 % of 33.5 km
    weeks. Weeks settled without the curve's ceilings fill up to the load rules and climb toward
    the race's peak long-run target: their long runs give way to the share here, the plan's
    longest with them (a half marathoner's 19.9 -> 18.2 km at a 46 km peak), as the curve would
    have planned them; the race's long run stays (a rule of the model). A second solve where the
    first leaves such a week: one objective with this goal folded in took twice the CPU. None
    where no week needs it or none is found."""
    if "long_run_share" in weeks_model.coaching_skipped:
        return None
    values = weeks_model.values(solver)
    own = tenths_floor(weeks_model.request.runner.long_run_km)
    settled_peak_km = max((volume for volume, _ in values.values()), default=0) / TENTHS
    caps = {
        w: max(math.floor(BIG_PLAN_LONG_SHARE * values[w][0]), own)
        for w in LongRunShare.aimed_weeks(weeks_model, settled_peak_km)
    }
    over = {w: cap for w, cap in caps.items() if values[w][1] > cap}
    if not over:
        return None
    model = weeks_model.model
    penalty = weeks_model.penalty()
    if not isinstance(penalty, int):
        model.add(penalty <= round(solver.value(penalty)))
    for week, (volume, long) in values.items():
        model.add(weeks_model.week_km[week] == volume)
        # and no long run longer than the first solve's: weeks settled without the curve's
        # ceilings have nothing else above their long runs, and "as long as they may be" took a
        # marathoner's build weeks within 40 % to 43-45 % (seed 2033, runner 193)
        model.add(weeks_model.week_long[week] <= long)
    most_run = weeks_model.max_run_tenths
    excess = []
    for week, cap in over.items():
        above = model.new_int_var(0, most_run, f"long_above_share_w{week}")
        model.add(above >= weeks_model.week_long[week] - cap)
        excess.append(above)
    total_long = sum(weeks_model.week_long.values())
    most_long = len(weeks_model.week_long) * most_run
    model.clear_hints()
    for week, (volume, long) in values.items():
        model.add_hint(weeks_model.week_long[week], long)
    model.minimize(lexicographic([(sum(excess), len(excess) * most_run), (most_long - total_long, most_long), (step_long, most_run)]))
    # a short work limit: volumes fixed, the long runs settle in a few hundredths of a unit; a
    # second solve that finds nothing leaves the first one's weeks
    polished, status = weeks_model.solve_with_fallback(min(limit, POLISH_LIMIT))
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return polished, status


def _settle_weeks_coached(
    ctx: PlanContext, limit: float, fixed: Fixed, caps: dict[int, tuple[int, int]] | None = None, return_runs_may_yield: bool = False,
) -> tuple[bool, int, WeekModel, cp_model.CpSolver]:
    """:func:`_settle_weeks`, where the coaching rules never turn a plan into a refusal: should
    the curve's ceilings leave the rules no solution, they are raised by the least room that
    gives one (:func:`_ceiling_room`); should none do, the weeks fill up to the load rules
    instead (the other coaching rules kept); should that fail too, the rules of
    :data:`YIELDING_COACHING_RULES` yield, then whichever coaching rules clash with the load
    rules each alone (:func:`_clashing_coaching_rules`, the shape and the ceilings kept first);
    only then no coaching rule at all. Where the load rules alone leave the weeks no solution,
    none of that is tried. With ``return_runs_may_yield`` (the solve's first settle), where the
    hold on the days back from a break is what leaves the weeks no solution, it raises
    :class:`_ReturnRunsClash` before anything else yields."""
    result = _settle_weeks(ctx, limit, fixed, caps)
    if result[1] == cp_model.INFEASIBLE and return_runs_may_yield and ctx.cal.capped_return_days and _return_runs_clash(ctx, limit, fixed):
        raise _ReturnRunsClash  # (``return_runs_may_yield``: the solve's first settle, which tries again without it)
    if result[1] == cp_model.INFEASIBLE and _weeks_settle(ctx, limit, fixed, caps, coaching=False, shaped=False) == cp_model.INFEASIBLE:
        # the load rules alone leave no plan: none of the fallbacks below can find one (a refused
        # request went through all eight of them, a week model each)
        return result
    kept_off: tuple[str, ...] = ()
    if result[1] == cp_model.INFEASIBLE and result[2].long_run_ahead_kept:
        # the week model's part of ``day_before_long_run`` in a week partly run (its long run
        # still ahead kept, the run before it capped) yields first: where the race's long run
        # needs more of that day than an hour (two missed days left a marathoner's week a
        # Saturday and a Sunday), the weeks are settled as without it
        kept_off = LONG_RUN_AHEAD_COACHING_RULES
        result = _settle_weeks(ctx, limit, fixed, caps, coaching_skipped=kept_off)
    if result[1] == cp_model.INFEASIBLE:
        room = _ceiling_room(ctx, limit, fixed, caps, kept_off)
        if room is not None:
            raised = _settle_weeks(ctx, limit, fixed, caps, ceiling_room=room, coaching_skipped=kept_off)
            if raised[1] in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                result = raised
    # the long run's share of the week and its step-back cut yield next (re-plans after an
    # illness or missed days, whose long run must rebuild to the race's faster than those allow,
    # lost every coaching rule, the taper and race week too); the planner's shape (the long run
    # steps back with a cutback week and tapers) is a choice, not a rule either: last, a runner
    # the rules give a plan gets one without it
    options: tuple[dict[str, Any], ...] = (
        {"ceilings": False, "coaching_skipped": kept_off},
        *({"ceilings": ceilings, "coaching_skipped": (*kept_off, *skipped)} for ceilings in (True, False) for skipped in YIELDING_COACHING_RULES),
    )
    for option in options:
        if result[1] != cp_model.INFEASIBLE:
            break
        result = _settle_weeks(ctx, limit, fixed, caps, **option)
    # then the coaching rules that clash with the load rules, each alone, yield, and the others
    # stay: with the shape first, with the curve's ceilings first
    for shaped in (True, False):
        found_with_ceilings: list[str] | None = None
        for ceilings in (True, False):
            if result[1] != cp_model.INFEASIBLE:
                return result
            if found_with_ceilings:
                # the rules that clashed under the ceilings first, without them (a 56-year-old's
                # half: the same taper long runs, and 14 week models fewer)
                result = _settle_weeks(ctx, limit, fixed, caps, ceilings=False, shaped=shaped, coaching_skipped=(*kept_off, *found_with_ceilings))
                if result[1] != cp_model.INFEASIBLE:
                    return result
            clashing = _clashing_coaching_rules(ctx, limit, fixed, caps, kept_off, ceilings=ceilings, shaped=shaped)
            if ceilings:
                found_with_ceilings = clashing
            # none clashing alone, with the shape: the same weeks as the options above, which
            # failed; without the ceilings, the same rules as under them: tried just above
            tried_above = not ceilings and bool(found_with_ceilings) and clashing == found_with_ceilings
            if clashing is not None and (clashing or not shaped) and not tried_above:
                result = _settle_weeks(ctx, limit, fixed, caps, ceilings=ceilings, shaped=shaped, coaching_skipped=(*kept_off, *clashing))
    if result[1] == cp_model.INFEASIBLE:
        # rules that clash only together: as many as settle beside each other stay, rather than
        # none (a marathoner re-planned after a missed week, whose long run must rebuild to the
        # race's within the load rules, lost every coaching rule, its taper long runs at 0.80
        # and 0.65 x the peak, its long runs half of every week)
        for shaped in (True, False):
            skipped = _coaching_that_settles(ctx, limit, fixed, caps, kept_off, shaped=shaped)
            if skipped is not None:
                result = _settle_weeks(ctx, limit, fixed, caps, ceilings=False, shaped=shaped, coaching_skipped=skipped)
            if result[1] != cp_model.INFEASIBLE:
                break
    for option in ({"coaching": False}, {"coaching": False, "shaped": False}):
        if result[1] != cp_model.INFEASIBLE:
            break
        result = _settle_weeks(ctx, limit, fixed, caps, **option)
    return result


#: The order :func:`_coaching_that_settles` keeps the week model's coaching rules in: race week
#: and the taper first (what a coach checks first), then the week's shape, the curve last.
KEEP_FIRST = (
    "light_race_week", "race_week_shakeout", "race_week_two_runs", "taper_long_runs", "taper_weeks", "long_run_after_missed_week",
    "break_week_long_run", "return_runs", "long_run_share", "step_back", "long_run_spacing", "short_runs", "quality_by_phase",
    EVE_CAP_RULE, "masters_peak", "peak_by_time", "volume_curve",
)


def _coaching_that_settles(
    ctx: PlanContext, limit: float, fixed: Fixed, caps: dict[int, tuple[int, int]] | None, kept_off: Collection[str], *,
    shaped: bool,
) -> tuple[str, ...] | None:
    """The week model's coaching rules to skip so that the rest settle together, without the
    ceilings (with the planner's shape where ``shaped``): each rule in :data:`KEEP_FIRST` order is kept where the weeks still
    settle with it beside those kept before it (a feasibility search each); None where none is
    kept. For rules no single one of which clashes (:func:`_clashing_coaching_rules` found none),
    whose whole set does."""
    order = [r for r in KEEP_FIRST if r in WEEK_COACHING_RULES and r not in kept_off]
    order += [r for r in WEEK_COACHING_RULES if r not in order and r not in kept_off]
    settled = (cp_model.OPTIMAL, cp_model.FEASIBLE)
    kept: list[str] = []
    for rule in order:
        skipped = [*kept_off, *(r for r in order if r not in kept and r != rule)]
        if _weeks_settle(ctx, limit, fixed, caps, ceilings=False, shaped=shaped, coaching_skipped=skipped) in settled:
            kept.append(rule)
    if not kept:
        return None
    return (*kept_off, *(r for r in order if r not in kept))


#: The coaching rules with a part in the week model: only these can leave the weeks no solution.
#: (``day_before_long_run``'s week part is the week model's capacity: the run before the long
#: run held to its cap, ``WeekModel.eve_capped``)
WEEK_COACHING_RULES = (*(r.id for r in COACHING_RULES if type(r).post_week is not CoachingRule.post_week), EVE_CAP_RULE)


def _weeks_settle(ctx: PlanContext, limit: float, fixed: Fixed, caps: dict[int, tuple[int, int]] | None, **options: Any) -> Any:
    """The status of the week model with ``options`` searched for any solution (no objective: a
    feasibility search, the ``feasible`` profile's, which finds one of the coaching rules' many
    bounds in milliseconds); UNKNOWN where the work limit stopped it."""
    weeks_model = _week_model(ctx, fixed, caps, **options)
    return weeks_model.solve_with_fallback(limit, "feasible")[1]


def _clashing_coaching_rules(
    ctx: PlanContext, limit: float, fixed: Fixed, caps: dict[int, tuple[int, int]] | None, kept_off: Collection[str], *,
    ceilings: bool, shaped: bool,
) -> list[str] | None:
    """The week model's coaching rules that leave the weeks no solution each alone beside the
    load rules (with ``ceilings`` and ``shaped``); None when the weeks have none even without
    them. Where the fallbacks before this found nothing, every coaching rule used to go at once:
    a 56-year-old's half from a 6 km long run, whose taper long runs alone clashed with the
    long run the race needs, lost its taper, step-back and race-week shape with them."""
    candidates = [r for r in WEEK_COACHING_RULES if r not in kept_off]
    if _weeks_settle(ctx, limit, fixed, caps, ceilings=ceilings, shaped=shaped, coaching_skipped=(*kept_off, *candidates)) == cp_model.INFEASIBLE:
        return None
    settled = (cp_model.OPTIMAL, cp_model.FEASIBLE)
    # the cap on the run before the long run first, alone: where it clashes alone it stays off
    # while each other rule is tried, and where it does not it stays on (a rule that clashed
    # only beside the cap, long_run_after_missed_week in a re-plan, went unfound with the cap
    # off in its test, and the plan lost every coaching rule)
    eve, others = EVE_CAP_RULE, [r for r in candidates if r != EVE_CAP_RULE]
    aside = [eve] if eve in candidates and _weeks_settle(
        ctx, limit, fixed, caps, ceilings=ceilings, shaped=shaped, coaching_skipped=[*kept_off, *others]
    ) not in settled else []
    # a rule whose search the work limit stops yields too: the weeks settle without it, not with it
    return [*aside, *(
        rule for rule in others
        if _weeks_settle(
            ctx, limit, fixed, caps, ceilings=ceilings, shaped=shaped, coaching_skipped=[*kept_off, *aside, *(r for r in others if r != rule)]
        ) not in settled
    )]


def _ceiling_room(
    ctx: PlanContext, limit: float, fixed: Fixed, caps: dict[int, tuple[int, int]] | None, coaching_skipped: Collection[str] = (),
) -> dict[int, tuple[int, int]] | None:
    """Where the curve asks less than the rules need (a long run that must grow faster toward the
    race's than its ramp, a week that must hold more than its target), the least room above the
    ceilings, per week, that gives the coached weeks a solution (the least found within a short
    work limit); None when no room does, or none is found within it. Dropping the ceilings instead filled a slow marathoner's weeks to the load
    rules: 65 km, 9 h a week, where the curve asked 47 km (seed 2042: 12 of 296 plans keep the
    curve this way, 0.1-6 km of room in 1-11 weeks)."""
    weeks_model = _week_model(ctx, fixed, caps, soft_ceilings=True, coaching_skipped=coaching_skipped)
    excess = weeks_model.ceiling_excess
    total = sum(km + long for km, long in excess.values())
    # more room than this is a curve that does not fit the runner (the plan without it is the
    # answer then): the bound lets the search give up in a few hundredths of a unit where it
    # spent its whole work limit finding nothing (seed 2027: 2 of 18 searches, 1.3 s of 2.3 s)
    weeks_model.model.add(total <= MAX_ROOM_TENTHS)
    weeks_model.model.minimize(total)
    # a short work limit: the near misses this is for settle in a few hundredths of a unit
    # (seeds 2027, 2028, 2042: at most 0.3 for rooms of 0.1-6 km in 1-4 weeks); rooms of 5-10 km
    # in 7-17 weeks, a curve that does not fit the runner at all, took 1-2 units (1-3 s), and one
    # (86 km, seed 2042, p75950121) 15 s to give up: those get the plan without the curve, as before
    solver = weeks_model.solver(min(limit, ROOM_LIMIT), "room")
    if solver.solve(weeks_model.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    room = {w: (int(solver.value(km)), int(solver.value(long))) for w, (km, long) in excess.items()}
    return {w: r for w, r in room.items() if r != (0, 0)}


def _place_days(
    ctx: PlanContext,
    limit: float,
    fixed: Fixed,
    values: dict[int, tuple[int, int]],
    any_placement: bool = False,
    weeks_model: WeekModel | None = None,
) -> tuple[PlanModel, cp_model.CpSolver, int]:
    """Stage two: sessions placed for exactly these week volumes and long runs (the best
    placement, or with ``any_placement`` the first one found). ``weeks_model``: the week stage
    that settled them; where it went without ``long_run_spacing``'s week part and the days find
    no placement with long runs five days apart, they try again with long runs off consecutive
    days only (:func:`_spacing_settled`), before the repair."""
    result = _placed(ctx, limit, fixed, values, any_placement, None)
    if result[2] == cp_model.INFEASIBLE and weeks_model is not None and not _spacing_settled(weeks_model):
        return _placed(ctx, limit, fixed, values, any_placement, 2)
    return result


def _placed(
    ctx: PlanContext, limit: float, fixed: Fixed, values: dict[int, tuple[int, int]], any_placement: bool, apart: int | None,
) -> tuple[PlanModel, cp_model.CpSolver, int]:
    pm = PlanModel(ctx.request, ctx.easy_pace_s_per_km, fixed=fixed, week_values=values, context=ctx, long_runs_days_apart=apart)
    pm.add_objective(volumes=False)
    solver = pm.solver(limit, "place")
    solver.parameters.stop_after_first_solution = any_placement
    return pm, solver, solver.solve(pm.model)


def _spacing_settled(weeks_model: WeekModel) -> bool:
    """Whether the week stage kept ``long_run_spacing``'s week part, which keeps the days able to
    place a break week's long run five days from the others: not where it went without the rule
    (a clash's fallback) or without the planner's shape for weeks a break touches. There the
    days keep long runs off consecutive days only, as before the rule: held to five days, a
    break week settled without it could need its long run on a day too close, and the plan lost
    its placement to the repair (2 of 270 random re-plans). Tried second: placed at five days,
    such a plan keeps them (a fallback plan's long runs four days apart, where it had found
    them a placement at five)."""
    return weeks_model.shaped and "long_run_spacing" not in weeks_model.coaching_skipped


def _repair(
    ctx: PlanContext,
    limit: float,
    fixed: Fixed,
    values: dict[int, tuple[int, int]],
    started: float,
    shaped: bool = True,
    any_placement: bool = False,
) -> Skeleton | None:
    """When the days cannot hold the week model's volumes (its capacity bound is a relaxation:
    strength sessions, spacing and rest days also compete for the days), find what they can hold.

    The day model with every rule, each week capped at the week model's volume and long run,
    filled as far as it goes, shows per week what is placeable (a seeded corpus: 6 of 500
    requests; this model 0.3-0.9 s, the whole plan 0.6-4 s, where the single full model took
    0.5-15 s). The week model then settles targets and smoothness again under those caps, and
    the days are placed for its answer; should that still not fit, the filled plan itself is the answer. Neither is proven
    optimal for the full objective, so the plan says ``optimal = false``. None when even the
    capped model finds nothing (the single full model decides then).
    """
    capped = PlanModel(ctx.request, ctx.easy_pace_s_per_km, fixed=fixed, context=ctx)
    capped.bound_weeks(values, exact=False)
    capped.add_objective(volumes=False, fill=True, shaped=shaped)
    # its answer only bounds the weeks settled next, so a good fill is enough: a short work limit
    # (weeks filled up to the coaching curve made the proof of the fullest fill take 10-50 s;
    # 1 unit is 1-6 s on a loaded 2-core machine)
    filled = capped.solver(min(limit, REPAIR_FILL_LIMIT))
    if filled.solve(capped.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    placeable = {w: (int(filled.value(capped.week_km[w])), int(filled.value(capped.week_long[w]))) for w in values}
    _, status, weeks_model, week_solver = _settle_weeks_coached(ctx, limit, fixed, caps=placeable)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        ctx = _day_context(ctx, weeks_model)
        settled = weeks_model.values(week_solver)
        pm, solver, status = _place_days(ctx, limit, fixed, settled, weeks_model=weeks_model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            # the repaired weeks get their sessions as the first placement's would (a marathoner on
            # 45-min weekdays whose first placement failed ran strides in all his build weeks)
            if not any_placement and (with_sessions := _sessions_traded(ctx, limit, fixed, settled, pm, solver, started, False)):
                return with_sessions
            return _skeleton(pm, solver, False, started)
        # the days hold the re-settled weeks almost: filled up to them, the weeks keep the shape
        # the coaching rules gave them (filled up to the first weeks instead, a half marathoner's
        # week before a break ran a 123-min Sunday "easy run" beside two 80-min runs)
        refilled = PlanModel(ctx.request, ctx.easy_pace_s_per_km, fixed=fixed, context=ctx, week_values=settled, loose_weeks=tuple(settled))
        refilled.add_objective(volumes=False, fill=True, shaped=shaped)
        again = refilled.solver(min(limit, REPAIR_FILL_LIMIT))
        if again.solve(refilled.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return _filled_with_sessions(ctx, limit, fixed, refilled, again, started, any_placement)
    return _filled_with_sessions(ctx, limit, fixed, capped, filled, started, any_placement)


def _filled_with_sessions(
    ctx: PlanContext, limit: float, fixed: Fixed, pm: PlanModel, solver: cp_model.CpSolver, started: float, any_placement: bool
) -> Skeleton:
    """A filled placement (``_repair``'s last answers), with its build and peak weeks' quality
    sessions placed as a settled placement's are (``_sessions_traded``, at the volumes the fill
    reached): a fill weighs volume far above a session, and a 3:00 marathoner at 80 km a week,
    whose first placement failed, ran strides in 7 of his 10 build and peak weeks where a session
    would have cost each about 0.8 km."""
    if not any_placement:
        reached = {w: (int(solver.value(pm.week_km[w])), int(solver.value(pm.week_long[w]))) for w in pm.week_km}
        if with_sessions := _sessions_traded(ctx, limit, fixed, reached, pm, solver, started, False):
            return with_sessions
    return _skeleton(pm, solver, False, started)


def _sessions_traded(
    ctx: PlanContext,
    limit: float,
    fixed: Fixed,
    values: dict[int, tuple[int, int]],
    pm: PlanModel,
    solver: cp_model.CpSolver,
    started: float,
    optimal: bool,
) -> Skeleton | None:
    """A placement whose weeks gave up a little running for their quality sessions
    (``session_trades``): for weeks without a real one, then, on that placement, for sessions
    held short by their day; None where neither trade pays. ``optimal``: whether the first
    placement was proven best; a plan whose weeks were rebuilt for a missing session says it
    is not, a proven trade of a session's day keeps the first placement's word (the cover
    otherwise told a runner whose one session moved "the planner did not prove this the best
    arrangement")."""
    placed = sessions_placed(ctx, limit, fixed, values, pm, solver)
    if placed is not None:
        pm, solver = placed
        values = {w: (int(solver.value(pm.week_km[w])), int(solver.value(pm.week_long[w]))) for w in pm.week_km}
        optimal = False
    roomier = sessions_on_roomier_days(ctx, limit, fixed, values, pm, solver)
    if roomier is not None:
        # proven best for its own objective, the other weeks held to the first placement, where the
        # search closed its bound
        proven = roomier[1].objective_value == roomier[1].best_objective_bound
        return _skeleton(*roomier, optimal and proven, started)
    return _skeleton(*placed, False, started) if placed is not None else None


def _skeleton(pm: PlanModel, solver: cp_model.CpSolver, optimal: bool, started: float) -> Skeleton:
    days = assign_quality(pm.context, pm.decode(solver), set(pm.fixed))
    return Skeleton(
        days=days,
        optimal=optimal,
        objective=solver.objective_value,
        solve_seconds=time.perf_counter() - started,
        week_km_tenths={w: int(solver.value(v)) for w, v in pm.week_km.items()},
        solved_in=pm.context,
    )
