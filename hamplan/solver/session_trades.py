"""What a week gives up for its quality session, after the days are placed: the day stage places
sessions for volumes the week stage settled, and where those leave a build or peak week no real
session (``sessions_placed``), or its session on a day too short for it while a roomier day runs
easy (``sessions_on_roomier_days``), a model whose weeks may run less trades a little running
for the session. Each returns the traded placement (its model and solver), or None."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction
from typing import Any

from ortools.sat.python import cp_model

from hamplan.rules.base import TENTHS
from hamplan.rules.coaching.quality import TAPER_QUALITY_VOLUME_GIVE, min_session_km, quality_allowed, quality_room_km, weekday_changes
from hamplan.rules.coaching.volume import RACE_WEEK_MAX, LightRaceWeek
from hamplan.rules.coaching.week import MEDIUM_LONG_ADVICE_SHARE, MEDIUM_LONG_MIN_RUNS, MEDIUM_LONG_MIN_WEEK_KM, least_medium_long_tenths
from hamplan.rules.context import PlanContext
from hamplan.solver.day_model import PlanModel
from hamplan.solver.objective import W_FILL
from hamplan.solver.parameters import SCREEN_LIMIT
from hamplan.solver.quality import is_step_back_week, main_session_targets
from hamplan.solver.skeleton import DayPlan, FixedDay

Fixed = dict[date, FixedDay] | None
#: A traded placement: the model whose weeks gave up running, and its solver's answer.
Placement = tuple[PlanModel, cp_model.CpSolver]

#: What a build or peak week's quality session is worth against its volume, in tenths of a km:
#: a week gives up at most this much running for one (a week of 28 km on 45-min weekdays gives
#: up 0.8 km; more than a few km is a week the session does not belong in) ...
SESSION_WORTH_TENTHS = 30
#: ... or at most this share of its own volume where that is more (the share of the peak a
#: taper week may give for its session, ``TAPER_QUALITY_VOLUME_GIVE``): a 3:00 marathoner's
#: 80 km weeks on a 45-min Tuesday gave up 3.6-5.4 km each for a Thursday session, and with
#: 3 km at most he ran strides in 7 of 10 build and peak weeks.
SESSION_WORTH_SHARE = TAPER_QUALITY_VOLUME_GIVE


def session_worth_tenths(week_tenths: int) -> int:
    """What a quality session is worth to a week of ``week_tenths`` (tenths of a km)."""
    return max(SESSION_WORTH_TENTHS, math.ceil(SESSION_WORTH_SHARE * week_tenths))


def sessions_placed(
    ctx: PlanContext,
    limit: float,
    fixed: Fixed,
    values: dict[int, tuple[int, int]],
    pm: PlanModel,
    solver: cp_model.CpSolver,
) -> Placement | None:
    """Where the days cannot place a build or peak week's quality session at ``values`` (the
    volumes the week model settled, or a fill reached: its room for one is a relaxation: a
    strength session's minutes on a run day, the 48 h between strength sessions and the day
    before the session all bind together), the week gives up a little running for a real
    session: every week (a re-plan's history aside) at most its volume there, every rule posted
    (the week rules too, since the weeks change), a real session (``min_session_km``) worth
    :func:`session_worth_tenths` of its week's running.
    A 10K runner on 45-min weekdays had strides in all 6 build and peak weeks at 28.0 km and got
    threshold and intervals sessions at 26.6-28.8 km. None where no week lacks one, or none gains one."""
    cal = ctx.cal
    days = pm.decode(solver)
    # a quality day shorter than the smallest real session carries strides (``build_plan``)
    least = math.ceil(min_session_km(ctx.easy_pace_s_per_km, ctx.paces.threshold.slow_min_per_km) * TENTHS)
    without = [
        w for w in cal.pre_taper_weeks
        if cal.phase(w) in ("build", "peak") and w not in pm.history_weeks and not pm.partly_run(w)
        and quality_allowed(pm, w, values[w][0] / TENTHS)
        and quality_room_km(ctx.settings, values[w][0] / TENTHS) * TENTHS >= least  # else too small for one anyway
        and not any(days[i].run == "quality" and days[i].dist_tenths >= least for i in pm.week_indices(w))
    ]
    if not without:
        return None
    # every week may give up running, not only those from the first without one on (a step-back
    # week after one is at most 0.8 of it, the taper a share of the peak): a session's day keeps
    # strength off the day before it, which can move the strength days of every week before it.
    # A 10K runner's one quality day, a 60-min Monday, took Sunday's strength session to Monday
    # beside a run of 40 min at most, in every week back to week 1, whose volume was settled
    # with a longer Monday run: the search found no session, and all ten weeks ran strides
    loose = {w for w in values if w not in pm.history_weeks}
    full = PlanModel(ctx.request, ctx.easy_pace_s_per_km, fixed=fixed, week_values=values, loose_weeks=loose, context=ctx)
    # race week stays light beside the peak it now has (light_race_week's own bound)
    LightRaceWeek().post_week(full)
    m = full.model
    gained = []
    holds = []
    for w in without:
        real = []
        for i in full.week_indices(w):
            if not full.runnable[i]:
                continue
            lit = m.new_bool_var(f"real_session_{i}")
            m.add(full.quality_dist[i] >= least).only_enforce_if(lit)
            real.append(lit)
        if real:
            week_has = m.new_bool_var(f"real_session_w{w}")
            m.add(sum(real) >= week_has)
            holds.append(week_has)
            gained.append(session_worth_tenths(values[w][0]) * week_has)
    if not gained or no_week_can_gain(full, holds, limit):
        return None
    lost = sum(values[w][0] - full.week_km[w] + values[w][1] - full.week_long[w] for w in loose)
    # a run under 20 min costs what it falls short, as running given up does: weighed as a
    # preference beside the volume, a tendinopathy runner's 45-min weeks kept a tenth of a km
    # with a 15-min Friday run (strength and mobility on it) rather than give up the tenth
    # with mobility on Monday and a 24-min Friday run
    short = sum(full.short_run_tenths)
    full.add_objective(volumes=False, extra=W_FILL * (lost + short - sum(gained)))
    repaired = full.solver(limit, "place")
    status = repaired.solve(full.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE) or not any(repaired.value(g) for g in gained):
        return None
    return full, repaired


def no_week_can_gain(full: PlanModel, holds: list[Any], limit: float) -> bool:
    """Whether no week of ``holds`` (their "holds a real session" literals) can hold one at any
    volume up to the settled ones: mostly the days, not the trade, keep the session off, and a
    feasibility screen
    settles that in a few ms where the search for the best trade took 0.1-0.8 s to find none
    (seed 2027's realistic population: 15 of 23 such searches). A screen that cannot settle it
    within its short limit leaves the question to the search."""
    screened = full.model.clone()
    screened.add(sum(screened.get_bool_var_from_proto_index(lit.index) for lit in holds) >= 1)
    return full.solver(min(limit, SCREEN_LIMIT), "screen").solve(screened) == cp_model.INFEASIBLE


#: A week's session counts as held short by its day where the day's run falls this many tenths
#: of a km short of the session the week aims at (``main_session_targets``) ...
ROOMIER_SESSION_GAIN_TENTHS = 15
#: ... and the km of session a week gains on a roomier day are worth this many times the km of
#: easy running it gives up for them: a trade only where the session grows by more than two
#: thirds of the running given (3 km of marathon pace more for 4.5 km of easy running less).
SESSION_KM_WORTH = Fraction(3, 2)


@dataclass(frozen=True)
class _HeldShort:
    """A week whose session its day holds short: the session it aims at, the longest of its
    quality days as placed, and how many quality days it holds (tenths of a km)."""

    target_tenths: int
    held_tenths: int
    quality_days: int
    #: the next full build or peak week before the taper (no step-back week), if any, and the
    #: longest quality day it holds as placed
    next_full: tuple[int, int] | None = None


def sessions_on_roomier_days(
    ctx: PlanContext,
    limit: float,
    fixed: Fixed,
    values: dict[int, tuple[int, int]],
    pm: PlanModel,
    solver: cp_model.CpSolver,
) -> Placement | None:
    """Where a build or peak week's session sits on a day too short for it
    (:data:`ROOMIER_SESSION_GAIN_TENTHS` under what the week aims at) while a roomier day of
    the week runs easy, the session moves there where the km it gains are worth the running the
    week gives up for it (:data:`SESSION_KM_WORTH`): at the settled volume the roomier day must
    hold its easy run too, which it cannot beside a session that takes what ``easy_share``
    leaves, so the day stage put a 3:58 marathoner's only session on his 45-min Wednesday
    (2-3 km at marathon pace, 6.3 km in all) beside 100-min easy Tuesdays and Fridays.

    Only those weeks change, and only by running less (race week stays light beside the peak
    they may lower): every other week keeps its first placement day by day, every rule is posted (the week rules and the coaching rules' week
    parts too: a week that runs less beside the same long run must keep that long run's share),
    and the trade is off where the sessions would change weekday more often than before
    (``quality_weekday``). None where no week's session is held short, or no trade pays."""
    days = pm.decode(solver)
    short = _held_short(ctx, values, pm, days)
    if not short:
        return None
    full = PlanModel(
        ctx.request, ctx.easy_pace_s_per_km, fixed=fixed, week_values=values, loose_weeks=tuple(short), context=ctx,
        long_runs_days_apart=pm.long_runs_days_apart,
    )
    full.post_coaching("week")
    m = full.model
    # race week stays light beside the peak, which a trade may lower: its six days before the
    # race, fixed here, within ``light_race_week``'s share of it (that rule's bound in a day
    # model reads the week before the race's days loosely: a marathoner's peak traded from 49.0
    # to 47.9 km left 19.6 km in his six days before the race, 41 % of it)
    pre = [w for w in ctx.cal.pre_taper_weeks if w in values]
    before_race = sum(d.dist_tenths for d in days if ctx.cal.race_week_first_day <= d.day < ctx.cal.race_day)
    peak_tenths = max((values[w][0] for w in pre), default=0)
    least_peak = min(peak_tenths, math.ceil(before_race / RACE_WEEK_MAX))
    if pre and least_peak > 0:
        peak = m.new_int_var(0, peak_tenths, "roomier_plan_peak")
        m.add_max_equality(peak, [full.week_km[w] for w in pre])
        m.add(peak >= least_peak)
    falls_short = []
    longest_of: dict[int, Any] = {}
    for week, held in short.items():
        indices = [i for i in full.week_indices(week) if full.runnable[i]]
        longest = m.new_int_var(0, max(full.dist_caps[i] for i in indices), f"roomier_longest_session_w{week}")
        m.add_max_equality(longest, [full.quality_dist[i] for i in indices])
        m.add(longest >= held.held_tenths)  # never a shorter session than it was
        longest_of[week] = longest
        m.add(sum(full.quality[i] for i in indices) == held.quality_days)  # nor one session fewer
        falls = m.new_int_var(0, held.target_tenths - held.held_tenths, f"roomier_session_short_w{week}")
        m.add(falls >= held.target_tenths - longest)
        falls_short.append(falls)
        _keep_medium_long_run(full, week, days)
    for week, held in short.items():
        if held.next_full is not None:
            nxt, session_tenths = held.next_full
            # never above the next full week's session, where that one has a real one
            if nxt in longest_of:
                m.add(longest_of[week] <= longest_of[nxt])
            elif session_tenths >= _least_session_tenths(ctx):
                m.add(longest_of[week] <= max(session_tenths, held.held_tenths))
    for week in values:
        if week not in short and week not in pm.history_weeks:
            _keep_placement(full, week, days)
    lost = sum(values[w][0] - full.week_km[w] + values[w][1] - full.week_long[w] for w in short)
    worth = SESSION_KM_WORTH
    full.add_objective(
        volumes=False, extra=W_FILL * (worth.denominator * (lost + sum(full.short_run_tenths)) + worth.numerator * sum(falls_short))
    )
    traded = full.solver(limit, "place")
    if traded.solve(full.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    if sum(traded.value(f) for f in falls_short) >= sum(held.target_tenths - held.held_tenths for held in short.values()):
        return None  # no week's session grew: the first placement stands
    least = _least_session_tenths(ctx)
    hops_before, hops_after = (weekday_changes(_session_days(model, placed, least)) for model, placed in ((pm, days), (full, full.decode(traded))))
    if hops_after is not None and (hops_before is None or len(hops_after[0]) > len(hops_before[0])):
        return None  # the sessions would hop between weekdays (``quality_weekday``): a rhythm is worth more
    return full, traded


def _least_session_tenths(ctx: PlanContext) -> int:
    """The smallest real session (``min_session_km``), tenths of a km: a quality day under it
    carries strides."""
    return math.ceil(min_session_km(ctx.easy_pace_s_per_km, ctx.paces.threshold.slow_min_per_km) * TENTHS)


def _held_short(ctx: PlanContext, values: dict[int, tuple[int, int]], pm: PlanModel, days: list[DayPlan]) -> dict[int, _HeldShort]:
    """The build and peak weeks before the taper whose real session falls
    :data:`ROOMIER_SESSION_GAIN_TENTHS` short of what the week aims at while an easy day's cap
    holds that much more (a week whose quality day carries strides is ``sessions_placed``'s, at
    its worth of a session; a re-plan's days run and weeks partly run stay as they are)."""
    cal = ctx.cal
    least = _least_session_tenths(ctx)
    out: dict[int, _HeldShort] = {}
    for week, target in main_session_targets(ctx, values).items():
        if week not in cal.pre_taper_weeks or cal.phase(week) not in ("build", "peak") or week in pm.history_weeks or pm.partly_run(week):
            continue
        indices = [i for i in pm.week_indices(week) if pm.runnable[i]]
        quality = [days[i].dist_tenths for i in indices if days[i].run == "quality"]
        if not quality or max(quality) < least or max(quality) + ROOMIER_SESSION_GAIN_TENTHS > target:
            continue
        if any(days[i].run == "easy" and pm.dist_caps[i] >= max(quality) + ROOMIER_SESSION_GAIN_TENTHS for i in indices):
            out[week] = _HeldShort(target_tenths=target, held_tenths=max(quality), quality_days=len(quality))
    # the next full week's session caps a moved one: the progression never falls back there
    # (a marathoner's peak week 12 ran 6.5 km at marathon pace on Friday, week 13 5 km on Wednesday)
    full_weeks = [
        w for w in cal.pre_taper_weeks
        if cal.phase(w) in ("build", "peak") and not is_step_back_week(cal, w, values[w][0], values.get(w - 1, (0, 0))[0])
    ]
    for week, held in out.items():
        after = [w for w in full_weeks if w > week]
        if after:
            nxt = after[0]
            session_tenths = max((days[i].dist_tenths for i in pm.week_indices(nxt) if days[i].run == "quality"), default=0)
            out[week] = replace(held, next_full=(nxt, session_tenths))
    return out


def _session_days(pm: PlanModel, days: list[DayPlan], least_tenths: int) -> dict[int, date]:
    """The day of each week's one real session before the taper, as ``quality_weekday`` reads a
    plan (weeks a break touches, weeks partly run and a re-plan's weeks run left out; a quality
    day carrying strides is none)."""
    session_days: dict[int, date] = {}
    for week in pm.cal.pre_taper_weeks:
        if pm.cal.touched(week) or pm.partly_run(week) or week in pm.history_weeks:
            continue
        sessions = [days[i].day for i in pm.week_indices(week) if days[i].run == "quality" and days[i].dist_tenths >= least_tenths]
        if len(sessions) == 1:
            session_days[week] = sessions[0]
    return session_days


def _keep_placement(full: PlanModel, week: int, days: list[DayPlan]) -> None:
    """A week the trade does not move keeps its first placement, day by day: without this the
    model re-placed other weeks too (a build week lost its hill sprints, another week's
    strength days and easy runs moved for nothing)."""
    m = full.model
    for i in full.week_indices(week):
        placed = days[i]
        m.add(full.strength[i] == int(placed.strength))
        m.add(full.mobility[i] == int(placed.mobility))
        if not full.runnable[i]:
            continue  # its run variables are the model's constants (no run)
        for literal, value in (
            (full.run[i], placed.run is not None), (full.long[i], placed.run == "long"), (full.quality[i], placed.run == "quality"),
        ):
            m.add(literal == int(value))
        m.add(full.dist[i] == placed.dist_tenths)


def _keep_medium_long_run(full: PlanModel, week: int, days: list[DayPlan]) -> None:
    """A week whose session moves keeps a run of a medium-long run's length beside the long
    run where ``medium_long_run`` judges it and one of its days could hold one (a quality day
    counts, as the check counts it): a marathoner's 10 km session took the one day whose cap
    held his medium-long run (the plan shapes it from the easy runs, within their days' caps)."""
    m = full.model
    indices = [i for i in full.week_indices(week) if full.runnable[i]]
    longest = max((days[i].dist_tenths for i in indices if days[i].run == "long"), default=0)
    week_tenths = sum(days[i].dist_tenths for i in indices)
    if not longest or len(indices) < MEDIUM_LONG_MIN_RUNS or week_tenths < MEDIUM_LONG_MIN_WEEK_KM * TENTHS:
        return
    if not any(days[i].run != "long" and full.dist_caps[i] >= least_medium_long_tenths(longest) for i in indices):
        return
    medium = []
    for i in indices:
        lit = m.new_bool_var(f"keeps_medium_long_{i}")
        m.add_implication(lit, full.long[i].negated())
        m.add(100 * full.dist[i] >= round(100 * MEDIUM_LONG_ADVICE_SHARE) * full.week_long[week] + 100).only_enforce_if(lit)
        medium.append(lit)
    m.add(sum(medium) >= 1)
