"""``generate()``, the library's main door: a request solved (``hamplan.solver``) and built into
a plan (``assemble``) within the time limit, with race week's room for its race-specific work,
and ``generate_resumed()`` for a re-plan that keeps the days already run."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from hamplan.errors import InfeasiblePlanError, PlanTimeLimitError
from hamplan.models import EASY_TIME_QUALITY_TYPES, QUALITY_TYPES, Plan, PlanRequest, Session
from hamplan.rules.base import TENTHS
from hamplan.rules.context import PlanContext
from hamplan.solver.quality import race_work_room, with_days_changed_by
from hamplan.solver import DEFAULT_DETERMINISTIC_LIMIT, FixedDay, Skeleton, solve
from hamplan.solver.parameters import wall_clock_limit
from hamplan.plan.race_week import least_easy_share, runs_easy_share
from hamplan.plan.assemble import build_plan, shaping_context


def generate(
    request: PlanRequest | Mapping[str, Any],
    *,
    deterministic_limit: float = DEFAULT_DETERMINISTIC_LIMIT,
    time_limit_s: float | None = None,
) -> Plan:
    """Plan every day from ``request.start`` to race day under the safety rules.

    Raises :class:`~hamplan.RequestError` for a request that does not validate and
    :class:`~hamplan.InfeasiblePlanError` (with ``.conflicts`` and suggestions) when the rules
    cannot all hold. The same request always gives the same plan, byte for byte.

    ``deterministic_limit`` bounds the solver's work (the same on every machine: it is what
    keeps plans reproducible). ``time_limit_s`` is a wall-clock backstop for slow or loaded
    machines (None: none): should it stop the solver first, the plan still keeps every safety
    rule, but says so in its notes and has ``optimal = False`` (it may differ from run to run).
    """
    from hamplan.io import load_request

    req = request if isinstance(request, PlanRequest) else load_request(request)
    return _planned(
        req, PlanContext.for_request(req), deterministic_limit, time_limit_s,
        plan_works=lambda changed: _plan_passes_check(changed, deterministic_limit),
    )


def generate_resumed(
    request: PlanRequest,
    done: Sequence[Session],
    resume_on: date,
    *,
    deterministic_limit: float = DEFAULT_DETERMINISTIC_LIMIT,
    time_limit_s: float | None = None,
) -> Plan | None:
    """A re-plan inside a week of the plan it continues: ``request`` starts on that week's first
    day, ``done`` holds what was run from then to the day before ``resume_on`` (a day without a
    session was a rest day; their sessions stay in the plan as history), and the plan is made
    from ``resume_on`` on. The week keeps its grid: the load rules read the whole week, what was
    run and what is planned. None when the rules leave no such plan (no explanation is made:
    the caller falls back to a plan that starts on ``resume_on``)."""
    from hamplan.rules import check

    days = [request.start + timedelta(days=n) for n in range((resume_on - request.start).days)]
    fixed = {day: _fixed_day([s for s in done if s.date == day]) for day in days}
    try:
        plan = _planned(
            request, PlanContext.for_request(request), deterministic_limit, time_limit_s,
            fixed=fixed, done=done, resume_on=resume_on,
        )
    except InfeasiblePlanError as exc:
        if exc.conflicts or exc.reasons:
            raise  # stopped by a limit, not refused by the rules
        return None
    # the solver takes a day run as one run and one session of each kind; the checker counts
    # what the log holds (two quality runs on a day, a strength row logged twice)
    return None if check(plan) else plan


def _fixed_day(sessions: Sequence[Session]) -> FixedDay:
    """A day already run, as the solver takes it: its runs (summed), and whether it held strength
    or mobility work."""
    runs = [s for s in sessions if s.kind == "run"]
    kinds = {s.type for s in runs}
    kind = None if not runs else "long" if "long" in kinds else "quality" if kinds & QUALITY_TYPES else "easy"
    return FixedDay(
        run=kind,
        dist_tenths=round(sum(s.distance_km or 0.0 for s in runs) * TENTHS),
        strength=any(s.kind == "strength" for s in sessions),
        mobility=any(s.kind == "mobility" for s in sessions),
        # hill sprints run in a small week: their time is easy, as planned (counted hard, a
        # re-plan inside such a week found no solution and started a new plan)
        easy_time=kind == "quality" and kinds & QUALITY_TYPES <= EASY_TIME_QUALITY_TYPES,
    )


def _planned(
    req: PlanRequest,
    context: PlanContext,
    deterministic_limit: float,
    time_limit_s: float | None,
    *,
    plan_works: Callable[[PlanRequest], bool] | None = None,
    fixed: dict[date, FixedDay] | None = None,
    done: Sequence[Session] = (),
    resume_on: date | None = None,
) -> Plan:
    """Solve and build a plan (``generate``; with ``fixed`` days and their ``done`` sessions,
    ``generate_resumed``, which refuses without an explanation)."""
    with wall_clock_limit(None if time_limit_s is None else _solve_share_s(time_limit_s)) as clock:
        try:
            skeleton = solve(
                req,
                context.easy_pace_s_per_km,
                deterministic_limit=deterministic_limit,
                fixed=fixed,
                explain=fixed is None,
                plan_works=plan_works,
                context=context,
            )
        except InfeasiblePlanError as exc:
            if clock is not None and not exc.conflicts and clock.check():
                raise PlanTimeLimitError(time_limit_s) from None
            if clock is not None and clock.cut:
                # refused, and a solve of the search for changes that work found the time gone
                # (a runner read "no single change tried gave a safe plan" at 10 s where a
                # minute found three); not where the deadline passed only after its last solve
                raise InfeasiblePlanError(exc.conflicts, exc.suggestions, reasons=exc.reasons, search_cut=True) from None
            raise
        cut = clock is not None and clock.check()
    plan = build_plan(req, skeleton, context=context, history=list(done), replanned_on=resume_on)
    if not cut and any(a.rule == "race_specific_work" for a in plan.advice):
        # a few more plans built and checked: not once the time limit has cut the solve
        plan = _with_room_for_race_work(req, skeleton, context, plan, fixed or {}, done, resume_on)
    if not cut:
        return plan
    assert clock is not None
    note = (
        f"Planning stopped at the time limit of {time_limit_s:g} s before the solver finished: every safety "
        "rule holds, but the plan may be less even than the best one and may differ between runs. "
        "A larger time limit gives the reproducible plan."
    )
    cut_plan = plan.model_copy(update={"optimal": False, "notes": [*plan.notes, note]})
    cut_plan._solve_seconds = plan.solve_seconds
    return cut_plan


def _with_room_for_race_work(
    req: PlanRequest, skeleton: Skeleton, context: PlanContext, plan: Plan,
    fixed: Mapping[date, FixedDay], done: Sequence[Session], resume_on: date | None,
) -> Plan:
    """``plan``, or the plan of a skeleton whose last weeks' quality days take a little of their
    week's easy running to hold the intervals session no day of the plan held
    (``race_work_room``): kept where every safety rule holds on it and it carries no advice the
    plan did not, without the race-specific one, but for the session's weekday
    (``quality_weekday``): a race-specific session is worth more than its weekday (a 5K plan's
    intervals, on Wednesday after a step-back week's Tuesday hill sprints, gave it up)."""
    from hamplan.rules import check

    context = shaping_context(req, skeleton, context)  # the variants are read as the skeleton was solved
    advised = ({a.rule for a in plan.advice} - {"race_specific_work"}) | {"quality_weekday"}
    least_share = least_easy_share(context.settings)

    def kept(variant: Skeleton) -> Plan | None:
        alt = build_plan(req, variant, context=context, history=list(done), replanned_on=resume_on)
        changed = {context.cal.week_of(b.day) for a, b in zip(skeleton.days, variant.days) if a != b}
        if {a.rule for a in alt.advice} <= advised and all(_easy_share(alt, week) >= least_share for week in changed) and not check(alt):
            return alt
        return None

    # each week on its own, latest first; then every week that works on its own, together
    working = [(variant, alt) for variant in race_work_room(context, skeleton, set(fixed)) if (alt := kept(variant)) is not None]
    if len(working) > 1:
        together = kept(with_days_changed_by(skeleton, [variant for variant, _ in working]))
        if together is not None:
            return together
    return working[0][1] if working else plan


def _easy_share(plan: Plan, week: int) -> float:
    """The share of a plan week's running time at easy intensity (the race not counted), the
    lower of whole minutes and distance x pace."""
    week_start = next(w.start for w in plan.weeks if w.index == week)
    return runs_easy_share([s for s in plan.sessions if s.kind == "run" and week_start <= s.date < week_start + timedelta(days=7)])


def _solve_share_s(time_limit_s: float) -> float:
    """The part of a plan's time limit the solver may use. The rest (a fifth, at most 2 s) is kept
    for what follows the last cut solve: building a fallback model that then gets no time, and
    turning the answer into the plan (a 52-week model or plan takes 0.3-1 s on a loaded 2-core
    machine)."""
    return time_limit_s - min(0.2 * time_limit_s, 2.0)


def _plan_passes_check(request: PlanRequest, deterministic_limit: float) -> bool:
    """How a refusal's suggestion is tried: the changed request solved as ``generate`` does it
    up to the day stage, which stops at its first placement (``solve(any_placement=True)``),
    built into a plan, and every rule of the independent checker holds on the result."""
    from hamplan.rules import check

    context = PlanContext.for_request(request)  # derived once for the solve and the plan
    try:
        skeleton = solve(
            request, context.easy_pace_s_per_km, deterministic_limit=deterministic_limit, explain=False, context=context, any_placement=True,
        )
    except InfeasiblePlanError:
        return False
    return not check(build_plan(request, skeleton, context=context))
