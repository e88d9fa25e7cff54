"""What would work instead of a refused request: the smallest change of each kind (race date,
long-run cap, minutes on the tight days, one more run day, a shorter race) that the full solve
plans and the checker passes, smallest change first.

Every candidate is screened first by what is cheap and necessary (the load arithmetic of
``rules.reach``, the week model, the day model without objective), then planned in full by
``plan_works``; a kind spends at most :data:`MODEL_SCREENS_PER_KIND` model screens and
:data:`FULL_SOLVES_PER_KIND` full plans, so a refusal costs a bounded amount of work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from ortools.sat.python import cp_model

from hamplan.calendar import break_returned_from, weekday_name
from hamplan.errors import Suggestion, apply_changes
from hamplan.models import NAMED_DISTANCES_KM, WEEKDAYS, PlanRequest, Rules
from hamplan.rules.base import long_run_cap_tenths
from hamplan.rules.context import PlanContext
from hamplan.rules.reach import long_run_cap_below_readiness, readiness_reachable
from hamplan.rules.settings import RuleSettings
from hamplan.solver.date_search import earliest_race_date, week_model_feasible
from hamplan.solver.day_model import PlanModel
from hamplan.solver.parameters import SCREEN_LIMIT

#: Plans a changed request the way ``generate`` does; True when the plan passes every check.
PlanWorks = Callable[[PlanRequest], bool]

#: Full plans one kind of suggestion may try, and candidates it may screen with the models
#: before them (the load arithmetic, microseconds, is not counted): a refusal's cost is bounded.
FULL_SOLVES_PER_KIND = 4
MODEL_SCREENS_PER_KIND = 12
#: Rules whose clash a later race date can resolve (more weeks to grow, or past a blackout).
TIME_RULES = frozenset({"session_spike", "weekly_increase", "acwr", "cutback", "taper", "race_readiness"})
#: Rules whose clash more room in the week can resolve.
ROOM_RULES = frozenset({"availability", "rest_day", "long_run", "strength_sessions", "strength_spacing", "mobility", "hard_days"})
#: Day limits tried, in minutes, when the days' minutes are part of the clash.
MINUTE_LEVELS = (30, 45, 60, 75, 90, 120, 150, 180)
#: Between the level that plans and the one below it, this many evenly spaced levels (whole
#: five minutes) are tried too, smallest first: a 4:30 marathoner on 60-min weekdays, 0.1 mi
#: short of the week his 24.5 km long run needs, was told to give them 75 min where 70 plans.
#: (Tried among the levels themselves, they pushed the higher levels past the screens' limit,
#: and a half marathoner on 40-min days lost the suggestion.)
MINUTE_REFINE_STEPS = 2
#: Long-run caps are offered in steps of this many minutes.
CAP_STEP_MIN = 5
#: The highest ``rules.long_run_max_min`` a request may set.
LONGEST_CAP_MIN = next(m.le for m in Rules.model_fields["long_run_max_min"].metadata if getattr(m, "le", None) is not None)
DAY_NAMES = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday", "sat": "Saturday", "sun": "Sunday"}
RACE_NAMES = {"5k": "a 5K", "10k": "a 10K", "half": "a half marathon", "marathon": "a marathon"}


def what_would_work(
    request: PlanRequest,
    easy_pace_s_per_km: int,
    conflicts: list[str],
    deterministic_limit: float,
    plan_works: PlanWorks,
) -> list[Suggestion]:
    """The smallest working change of each kind that bears on ``conflicts``, smallest first."""
    kinds = (_later_race, _longer_cap, _more_minutes, _one_more_run_day, _shorter_break, _shorter_race)
    found = [s for kind in kinds if (s := kind(request, easy_pace_s_per_km, set(conflicts), deterministic_limit, plan_works))]
    return sorted(found, key=lambda s: s.size)


def _changed(request: PlanRequest, changes: dict[str, Any]) -> PlanRequest | None:
    try:
        return apply_changes(request, changes)
    except ValueError:
        return None  # a change the request's own validation refuses is no suggestion


def _first_that_plans(
    request: PlanRequest,
    easy_pace_s_per_km: int,
    limit: float,
    plan_works: PlanWorks,
    candidates: Iterable[dict[str, Any]],
) -> tuple[dict[str, Any], PlanRequest] | None:
    """The first candidate change (smallest first) that passes the cheap screens and then plans
    in full; at most :data:`FULL_SOLVES_PER_KIND` full plans are tried."""
    tried = screened = 0
    for changes in candidates:
        moved = _changed(request, changes)
        if moved is None or _load_arithmetic_refuses(moved, easy_pace_s_per_km):
            continue
        screened += 1
        if screened > MODEL_SCREENS_PER_KIND:
            return None
        if not _models_may_plan(moved, easy_pace_s_per_km, limit):
            continue
        tried += 1
        if plan_works(moved):
            return changes, moved
        if tried >= FULL_SOLVES_PER_KIND:
            return None
    return None


def _load_arithmetic_refuses(request: PlanRequest, easy_pace_s_per_km: int) -> bool:
    """The load rules' arithmetic (``rules.reach``) proves there is no plan: microseconds."""
    return long_run_cap_below_readiness(request, easy_pace_s_per_km) or not readiness_reachable(request, easy_pace_s_per_km)


def _models_may_plan(request: PlanRequest, easy_pace_s_per_km: int, limit: float) -> bool:
    """Necessary for a plan under the cutback weeks the calendar plans ahead: the week model,
    then the day model with every safety rule and no objective (every plan the staged solve returns
    with that rhythm is one of its solutions; the solve's last resort, cutback weeks of its own
    choosing, is not screened for: on 650 seeded requests it planned none that was refused). The day model
    proves a refusal in a fraction of what the full solve spends on it: tight days with one
    level of minutes too few, 1.6 s where the solve's repair took 4.7 s."""
    if not week_model_feasible(request, easy_pace_s_per_km, limit):
        return False
    # the days back from a break held to an hour aside, as in week_model_feasible, and either
    # calendar of step-back weeks the solve tries before it frees them
    for context in PlanContext(request, easy_pace_s_per_km, return_runs=False).cutback_rhythms():
        # without the coaching rules, as the week model above: the solve drops them before it
        # refuses, so with them the screen turned away a 40-min Thursday raised to 45, which
        # plans, and the suggestion asked for 90 min on two days
        days = PlanModel(request, easy_pace_s_per_km, context=context, coaching=False)
        # a quick search first (a fifth of the time; the answer is the same whichever search
        # finds it), the day profile with the full limit only when that one cannot tell
        quick = days.solver(min(limit, SCREEN_LIMIT), "screen").solve(days.model)
        if quick == cp_model.UNKNOWN:
            quick = days.solver(limit).solve(days.model)
        if quick != cp_model.INFEASIBLE:
            return True
    return False


def _later_race(request: PlanRequest, pace: int, conflicts: set[str], limit: float, plan_works: PlanWorks) -> Suggestion | None:
    blocked = "availability" in conflicts and bool(request.schedule.blackout)
    if not (conflicts & TIME_RULES or blocked):
        return None
    found = earliest_race_date(request, pace, limit, plan_works, full_solves=FULL_SOLVES_PER_KIND)
    if found is None:
        return None
    weeks = (found - request.race.date).days // 7
    return Suggestion(
        "race_date",
        {"race.date": found},
        f"Race on {DAY_NAMES[weekday_name(found)]} {found.isoformat()}, {weeks} week{'s' if weeks != 1 else ''} later "
        f"(race.date): the extra time lets the load grow safely.",
        size=weeks / max(1, request.week_count),
    )


def _longer_cap(request: PlanRequest, pace: int, conflicts: set[str], limit: float, plan_works: PlanWorks) -> Suggestion | None:
    if "long_run" not in conflicts or "race_readiness" not in conflicts:
        return None
    old = request.rules.long_run_max_min
    first = (old // CAP_STEP_MIN + 1) * CAP_STEP_MIN
    caps = range(first, LONGEST_CAP_MIN + 1, CAP_STEP_MIN)
    hit = _first_that_plans(request, pace, limit, plan_works, ({"rules.long_run_max_min": v} for v in caps))
    if hit is None:
        return None
    changes, moved = hit
    value = changes["rules.long_run_max_min"]
    covers = long_run_cap_tenths(RuleSettings.from_request(moved), pace) / 10
    return Suggestion(
        "long_run_max_min",
        changes,
        f"Let long runs last up to {value} min instead of {old} (rules.long_run_max_min = {value}): "
        f"at your long-run pace that covers {covers:.1f} km.",
        size=(value - old) / old,
    )


def _more_minutes(request: PlanRequest, pace: int, conflicts: set[str], limit: float, plan_works: PlanWorks) -> Suggestion | None:
    limits = request.schedule.max_minutes
    if "availability" not in conflicts or not limits:
        return None

    def candidates() -> list[dict[str, Any]]:
        """Each level on the tight run days alone, then on every tight day, fewest minutes added first."""
        out: list[dict[str, Any]] = []
        for level in MINUTE_LEVELS:
            for days in ([d for d in limits if d in request.schedule.run_days], list(limits)):
                raised = {f"schedule.max_minutes.{day}": level for day in days if limits[day] < level}
                if raised and raised not in out:
                    out.append(raised)
        return sorted(out, key=lambda c: sum(v - limits[k.rsplit(".", 1)[1]] for k, v in c.items()))

    hit = _first_that_plans(request, pace, limit, plan_works, candidates())
    if hit is None:
        return None
    changes, _ = hit
    days = [key.rsplit(".", 1)[1] for key in changes]
    level = next(iter(changes.values()))
    below = max((lv for lv in MINUTE_LEVELS if lv < level), default=0)
    finer = sorted({5 * round((below + (level - below) * k / (MINUTE_REFINE_STEPS + 1)) / 5) for k in range(1, MINUTE_REFINE_STEPS + 1)})
    finer_changes = [{key: lv for key in changes} for lv in finer if below < lv < level and all(limits[d] < lv for d in days)]
    if finer_changes and (closer := _first_that_plans(request, pace, limit, plan_works, finer_changes)) is not None:
        changes = closer[0]
        level = next(iter(changes.values()))
    before = sorted({limits[d] for d in days})
    was = f"{before[0]}" if len(before) == 1 else f"{before[0]}–{before[-1]}"
    added = sum(level - limits[d] for d in days)
    return Suggestion(
        "max_minutes",
        changes,
        f"Give {weekday_names(days)} {level} min instead of {was} (schedule.max_minutes).",
        size=added / (added + sum(limits[d] for d in days)),
    )


def _one_more_run_day(request: PlanRequest, pace: int, conflicts: set[str], limit: float, plan_works: PlanWorks) -> Suggestion | None:
    schedule = request.schedule
    if not conflicts & ROOM_RULES:
        return None
    free = [d for d in WEEKDAYS if d not in schedule.run_days and d not in schedule.rest_days]
    # days away from the long run first: the day before it holds an hour or half the long run
    # at most, neither neighbour a faster session, and two long days back to back leave the
    # hamstrings no day to recover (a Wednesday, Friday and Sunday marathoner was told to run
    # on Saturday too, beside a free 90-min Tuesday); then the roomiest (no limit, then the
    # most minutes), then in the week's order
    long_at = WEEKDAYS.index(schedule.long_run_day)
    free.sort(key=lambda d: (
        (WEEKDAYS.index(d) - long_at) % 7 in (1, 6), -(schedule.max_minutes.get(d) or 24 * 60), WEEKDAYS.index(d),
    ))

    def with_day(day: str) -> dict[str, Any]:
        return {"schedule.run_days": sorted([*schedule.run_days, day], key=WEEKDAYS.index)}

    hit = _first_that_plans(request, pace, limit, plan_works, (with_day(d) for d in free))
    if hit is None:
        return None
    changes, _ = hit
    added = next(d for d in changes["schedule.run_days"] if d not in schedule.run_days)
    return Suggestion(
        "run_days",
        changes,
        f"Run on {DAY_NAMES[added]} too (schedule.run_days = {', '.join(changes['schedule.run_days'])}).",
        size=1 / len(schedule.run_days),
    )


def _shorter_break(request: PlanRequest, pace: int, conflicts: set[str], limit: float, plan_works: PlanWorks) -> Suggestion | None:
    """A break (``schedule.blackout``) that ends earlier, fewest days given back first: after
    empty weeks the load rules may not climb back in time."""
    breaks = request.schedule.blackout
    if "availability" not in conflicts or not breaks:
        return None
    blacked = {day for b in breaks for day in _days(b.from_, b.to)}

    # an illness or a niggle is no trip: nobody can end it sooner ("End the break of 2027-11-17 to
    # 2027-11-21 on 2027-11-20 instead" to a runner paused for five days ill); the break the
    # graduated return follows is the one it returns from
    easing = request.easing
    unchosen = break_returned_from(request) if easing is not None and easing.reason in ("illness", "niggle") else None

    def candidates() -> list[tuple[int, dict[str, Any]]]:
        out = []
        for index, chosen in enumerate(breaks):
            if chosen is unchosen:
                continue
            for new_to in _days(chosen.from_, chosen.to)[:-1]:
                kept = [{"from": b.from_, "to": new_to if i == index else b.to} for i, b in enumerate(breaks)]
                left = {day for b in kept for day in _days(b["from"], b["to"])}
                if len(left) < len(blacked):
                    out.append((len(blacked) - len(left), {"schedule.blackout": kept}))
        return sorted(out, key=lambda c: c[0])

    ranked = candidates()
    hit = _first_that_plans(request, pace, limit, plan_works, (changes for _, changes in ranked))
    if hit is None:
        return None
    changes, _ = hit
    freed = next(n for n, c in ranked if c == changes)
    ends = [b["to"] for b in changes["schedule.blackout"]]
    was = [b.to for b in breaks]
    index = next(i for i, (a, b) in enumerate(zip(ends, was)) if a != b)
    return Suggestion(
        "blackout",
        changes,
        f"End the break of {breaks[index].from_.isoformat()} to {was[index].isoformat()} on {ends[index].isoformat()} "
        f"instead ({freed} more day{'s' if freed != 1 else ''} to train; schedule.blackout).",
        size=freed / len(blacked),
    )


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _shorter_race(request: PlanRequest, pace: int, conflicts: set[str], limit: float, plan_works: PlanWorks) -> Suggestion | None:
    if "race_readiness" not in conflicts:
        return None
    race_km = request.race.km
    shorter = sorted((name for name, km in NAMED_DISTANCES_KM.items() if km < race_km - 1e-9), key=lambda n: -NAMED_DISTANCES_KM[n])
    hit = _first_that_plans(request, pace, limit, plan_works, ({"race.distance": name} for name in shorter))
    if hit is None:
        return None
    changes, _ = hit
    name = changes["race.distance"]
    return Suggestion(
        "race_distance",
        changes,
        f"Race {RACE_NAMES[name]} on the same date instead (race.distance = \"{name}\"), and build to the longer race after it.",
        size=1 - NAMED_DISTANCES_KM[name] / race_km,
    )


def spoken_list(items: list[str]) -> str:
    """``["a", "b", "c"]`` → ``"a, b and c"`` (``"none"`` for no item)."""
    if not items:
        return "none"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def weekday_names(days: list[str]) -> str:
    """``["tue", "thu"]`` → ``"Tuesday and Thursday"`` (``"none"`` for no day)."""
    return spoken_list([DAY_NAMES[d] for d in days])
