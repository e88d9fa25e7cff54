"""Why a request has no plan: a minimal set of clashing rules (one assumption literal per rule),
the numbers behind the clash in words a runner understands, and what would work instead, every
suggestion planned with the full solve and checked (``suggestions``)."""

from __future__ import annotations

import math
from datetime import date

from hamplan.calendar import PlanCalendar, race_class
from hamplan.errors import InfeasiblePlanError
from hamplan.models import WEEKDAYS, PlanRequest
from hamplan.rules import RULES_BY_ID
from hamplan.rules.context import PlanContext
from hamplan.rules.base import PER_MILLE_SCALE, TENTHS, km_in_minutes_tenths, long_run_cap_tenths, per_mille, readiness_tenths, tenths_floor
from hamplan.rules.reach import GROWTH_RULES, long_run_cap_below_readiness, readiness_long_runs, touched_week_cap_tenths
from hamplan.rules.settings import (
    MIN_EASY_RUN_KM,
    OTHER_RUN_EXTRA_KM,
    MOBILITY_SHORT_MAX_MIN,
    strength_short_min,
    RuleSettings,
    other_run_share,
)
from hamplan.solver.day_model import PlanModel
from hamplan.solver.skeleton import FixedDay
from hamplan.solver.suggestions import DAY_NAMES, LONGEST_CAP_MIN, PlanWorks, spoken_list, weekday_names, what_would_work
from hamplan.solver.week_model import WeekModel, fixed_weeks


def explain_infeasible(
    request: PlanRequest,
    easy_pace_s_per_km: int,
    deterministic_limit: float,
    fixed: dict[date, FixedDay] | None = None,
    *,
    plan_works: PlanWorks,
    weeks_only: bool = False,
    start: list[str] | None = None,
) -> InfeasiblePlanError:
    """The refusal: a minimal conflict, why it clashes in numbers, and suggestions that work.

    The conflict is minimal in the model that refused: the week model (``weeks_only``: the
    load rules over weekly volumes, whose proofs take seconds where the day model's take
    several times longer) or the day model with every rule. ``start``: rules known to clash.
    ``plan_works`` plans a changed request the way ``generate`` does and says whether the plan
    passes every check (``solve`` passes a full solve that succeeds when it is given none).
    """
    conflicts: list[str] = []
    # the step-back weeks after a break as the rhythm counted back from the taper places them: the
    # solve tries it after the spaced ones, and the reasons read what the load rules allow there
    rhythm = PlanContext(request, easy_pace_s_per_km, spaced_cutbacks=False)
    if weeks_only:
        weeks = WeekModel(request, easy_pace_s_per_km, explain=True, fixed_weeks=fixed_weeks(request, fixed), context=rhythm)
        conflicts = weeks.conflicts(deterministic_limit, start=start)
    if not conflicts:
        # the explaining week model is a relaxation of the planning one, which also counts the
        # minutes strength sessions take from run days: where it finds no clash, the day model
        # with every rule says which rules do (a marathoner on three 60-min weekdays was told the
        # safety rules held together and only the planner's shape did not, where strength
        # sessions, their spacing and the days' minutes left the long run's week too small)
        days = PlanModel(request, easy_pace_s_per_km, explain=True, fixed=fixed, context=rhythm)
        conflicts = days.conflicts(deterministic_limit, start=start)
    reasons = why_they_clash(request, easy_pace_s_per_km, conflicts) if conflicts else [SHAPE_REASON]
    # with no rule to blame, every kind of change may be the one that helps
    bearing = conflicts or list(RULES_BY_ID)
    suggestions = what_would_work(request, easy_pace_s_per_km, bearing, deterministic_limit, plan_works)
    return InfeasiblePlanError(conflicts, suggestions, reasons=reasons)


# -- why: one function per family of rules, from the figures the rules themselves use -----------


#: Why a request is refused when no set of rules clashes: the planner's own shape of a plan
#: (``objective.shape_constraints`` and the models' shape bounds, from COACHING.md) leaves none.
SHAPE_REASON = (
    "The safety rules hold together for this request, but the planner's own shape of a plan does not: "
    "short runs in the days before the race, no other run above 0.6 × the week's long run + 1 km, "
    "and the long run falling with the taper; with those, no plan fits."
)


def why_they_clash(request: PlanRequest, easy_pace_s_per_km: int, conflicts: list[str]) -> list[str]:
    """Sentences that say in numbers why ``conflicts`` cannot all hold for this request."""
    explained: set[str] = set()
    out: list[str] = []
    for family in (_time_cap_reason, _week_room_reason, _break_reason, _growth_reason, _no_weeks_reason, _day_room_reasons):
        if family is _growth_reason and _time_cap_reason(request, easy_pace_s_per_km, conflicts)[0]:
            continue  # said already
        # the day-room family reads only what is left to explain; the others see the whole set
        seen = [r for r in conflicts if r not in explained] if family is _day_room_reasons else conflicts
        sentences, covered = family(request, easy_pace_s_per_km, seen)
        out.extend(sentences)
        explained |= covered
    out.extend(_rule_reason(request, rule_id, easy_pace_s_per_km) for rule_id in conflicts if rule_id not in explained)
    return out


Reason = tuple[list[str], set[str]]


def _pace(seconds_per_km: int) -> str:
    return f"{seconds_per_km // 60}:{seconds_per_km % 60:02d} /km"  # as the plan prints paces: "7:44 /km"


def _race_name(request: PlanRequest) -> str:
    names = {"5k": "5K", "10k": "10K", "half": "half marathon", "marathon": "marathon"}
    distance = request.race.distance
    return f"{names[distance]}" if isinstance(distance, str) else f"{request.race.km:g} km race"


def _time_cap_reason(request: PlanRequest, easy_pace_s_per_km: int, conflicts: list[str]) -> Reason:
    """``race_readiness`` against the time cap of ``long_run``: the long run the race needs
    takes longer than ``long_run_max_min`` at the runner's long-run pace, and a run at the cap
    covers less than the time-on-feet floor (0.4 × the race)."""
    if not {"race_readiness", "long_run"} <= set(conflicts) or not long_run_cap_below_readiness(request, easy_pace_s_per_km):
        return [], set()
    s = RuleSettings.from_request(request)
    pace = _pace(easy_pace_s_per_km)
    cap_km = long_run_cap_tenths(s, easy_pace_s_per_km) / TENTHS
    need_km = readiness_tenths(s, easy_pace_s_per_km) / TENTHS
    floor_km = s.readiness_floor_km
    if floor_km < need_km - 1e-9:
        floor_min = math.ceil(floor_km * easy_pace_s_per_km / 60)
        out = [
            f"The {_race_name(request)} needs a long run of {need_km:.1f} km before the taper, or by time on feet a run "
            f"of {s.long_run_max_min} min that covers at least {floor_km:.1f} km (race_readiness); at your long-run pace of "
            f"{pace}, {s.long_run_max_min} min (long_run) covers {cap_km:.1f} km, and {floor_km:.1f} km takes {floor_min} min."
        ]
    else:
        need_min = math.ceil(need_km * easy_pace_s_per_km / 60)
        out = [
            f"The {_race_name(request)} needs a long run of {need_km:.1f} km before the taper (race_readiness); at your "
            f"long-run pace of {pace} that takes {need_min} min, and long runs stop at {s.long_run_max_min} min (long_run), "
            f"which covers {cap_km:.1f} km."
        ]
    most_km = LONGEST_CAP_MIN * 60 / easy_pace_s_per_km
    if most_km < min(floor_km, need_km) - 1e-9:
        out.append(
            f"Even {LONGEST_CAP_MIN} min, the longest long run hamplan plans, covers {most_km:.1f} km: a shorter race "
            f"first, or a run–walk approach with a coach, is the honest way to this distance."
        )
    else:
        out.append(
            "A run–walk approach (say 4 min running, 1 min walking), with a coach, is another honest way to build "
            "time on feet toward this distance."
        )
    return out, {"race_readiness", "long_run"}


def _week_room_reason(request: PlanRequest, easy_pace_s_per_km: int, conflicts: list[str]) -> Reason:
    """``race_readiness`` against ``long_run``'s share of the week and ``availability``: a long
    run of what the race needs is at most its share of a week, so the other run days must carry
    the rest, each within its minutes and the planner's bound on a run beside the long run."""
    if not {"race_readiness", "long_run", "availability"} <= set(conflicts):
        return [], set()
    s = RuleSettings.from_request(request)
    schedule = request.schedule
    need_tenths = readiness_tenths(s, easy_pace_s_per_km)
    need_km = need_tenths / TENTHS
    runs = [d for d in schedule.run_days if d not in schedule.rest_days]
    # in whole tenths of a km, as the planner counts a day (a 45-min day at 8:14 /km holds
    # 5.4 km, not 5.47) and the long run's share of its week (per mille): where the days miss
    # the week by a tenth, the reason says so
    share = other_run_share(len(runs), s.other_run_share_least)
    beside_tenths = tenths_floor(share * need_km + OTHER_RUN_EXTRA_KM if len(runs) >= 3 else need_km)
    parts: list[str] = []
    room_tenths = 0
    share_binds = False  # whether some day is held by the bound beside the long run, not its minutes
    for day in runs:
        if day == schedule.long_run_day:
            continue
        minutes = schedule.max_minutes.get(day)
        by_time_tenths = math.inf if minutes is None else km_in_minutes_tenths(minutes, easy_pace_s_per_km)
        held = int(min(by_time_tenths, beside_tenths))
        share_binds = share_binds or beside_tenths < by_time_tenths
        room_tenths += held
        parts.append(f"{DAY_NAMES[day]} {held / TENTHS:.1f} km" + (f" in {minutes} min" if by_time_tenths <= beside_tenths else ""))
    room_km = room_tenths / TENTHS
    week_tenths = math.ceil(need_tenths * PER_MILLE_SCALE / per_mille(s.long_run_share))
    week_km = week_tenths / TENTHS
    if need_tenths + room_tenths >= week_tenths:
        return [], set()
    # the planner's bound named as the planner's, and only where it holds a day (a runner whose
    # two 45-min days held the week read it beside them, and took it for a training rule)
    bound = (f"; hamplan keeps a run beside the long run to {share:g} × it + {OTHER_RUN_EXTRA_KM:g} km at most, so that "
             "it stays the week's one long run") if len(runs) >= 3 and share_binds else ""
    return [
        f"The {_race_name(request)} needs a long run of {need_km:.1f} km before the taper (race_readiness); a long run is "
        f"at most {round(s.long_run_share * 100)} % of its week (long_run), so that week needs {week_km:.1f} km, but at your "
        f"easy pace of {_pace(easy_pace_s_per_km)} your other run days hold {room_km:.1f} km "
        f"({', '.join(parts) if parts else 'there are none'}{bound}; availability)."
    ], {"race_readiness", "long_run", "availability"}


def _break_reason(request: PlanRequest, easy_pace_s_per_km: int, conflicts: list[str]) -> Reason:
    """``availability`` (a break) against the load rules and ``long_run``: after empty weeks,
    ``weekly_increase`` and ``acwr`` hold a week below the smallest full week with its long run.
    The weeks are followed at their largest (every bound only grows with the weeks before)."""
    load = [r for r in ("weekly_increase", "acwr") if r in conflicts]
    if not load or not {"availability", "long_run"} <= set(conflicts) or not request.schedule.blackout:
        return [], set()
    s = RuleSettings.from_request(request)
    cal = PlanCalendar(request, spaced_cutbacks=False)
    volume = {w: tenths_floor(cal.prior_week_km(w)) for w in range(-3, 1)}
    smallest_full = math.ceil(MIN_EASY_RUN_KM * TENTHS / s.long_run_share)
    since_break: list[int] = []  # the weeks' largest volumes since the last empty week
    for week in range(1, cal.week_count + 1):
        if not cal.run_days_in(week):
            volume[week] = 0
            since_break = []
            continue
        most, why = 10**6, ""
        if "weekly_increase" in load:
            most = math.floor(s.weekly_allowance_km(max(volume[week - 1], volume[week - 2]) / TENTHS) * TENTHS + 1e-9)
            why = "weekly_increase"
        chronic = sum(volume[week - j] for j in range(1, 5))
        if "acwr" in load and chronic > 0 and per_mille(s.acwr_max) * chronic // (4 * PER_MILLE_SCALE) < most:
            most = per_mille(s.acwr_max) * chronic // (4 * PER_MILLE_SCALE)
            why = f"acwr: {s.acwr_max:g} × the mean of the four weeks before"
        volume[week] = most
        if cal.is_full(week) and not cal.is_race_week(week) and most < smallest_full and since_break:
            spans = ", ".join(f"{b.from_.isoformat()} to {b.to.isoformat()}" for b in request.schedule.blackout)
            grown = spoken_list([f"{v / TENTHS:.1f}" for v in since_break])
            return [
                f"Nothing can be planned from {spans} (availability). After the empty weeks the weeks may grow to "
                f"{grown} km at most (weekly_increase), and week {cal.weeks_before_start + week}, from {cal.week_start(week).isoformat()}, to "
                f"{most / TENTHS:.1f} km ({why}); but a full week needs its long run of at least {MIN_EASY_RUN_KM:g} km, "
                f"at most {round(s.long_run_share * 100)} % of the week: {smallest_full / TENTHS:.1f} km (long_run)."
            ], {"availability", "long_run", *load}
        since_break.append(most)
    return [], set()


def _growth_reason(request: PlanRequest, easy_pace_s_per_km: int, conflicts: list[str]) -> Reason:
    """``race_readiness`` against the load rules: the long run cannot grow to what the race
    needs before the taper, at the steps the rules allow (``rules.reach``, the same arithmetic)."""
    growth = [r for r in GROWTH_RULES if r in conflicts]
    if _week_room_reason(request, easy_pace_s_per_km, conflicts)[0]:
        growth = [r for r in growth if r != "long_run"]  # the days' room says what bounds it
        if not growth:
            return [], set()
    if "race_readiness" not in conflicts:
        return [], set()
    s = RuleSettings.from_request(request)
    cal = PlanCalendar(request, spaced_cutbacks=False)
    need_km = readiness_tenths(s, easy_pace_s_per_km) / TENTHS
    pre = cal.pre_taper_weeks
    if not pre:
        return [
            f"The {_race_name(request)} needs a long run of {need_km:.1f} km before the taper, and the "
            f"plan's {cal.week_count} week(s) are all taper: your longest run is {request.runner.long_run_km:g} km."
        ], {"race_readiness"}
    if not growth:
        return [], set()
    run_days = "availability" in conflicts  # the schedule's days bound each week (``rules.reach``)
    growth_rules = growth
    reached = readiness_long_runs(request, easy_pace_s_per_km, growth_rules, spaced_cutbacks=False, run_days_bound=run_days)
    best_km = max(reached.values(), default=0) / TENTHS
    broken: list[str] = []
    if best_km >= need_km and "availability" in conflicts and request.schedule.blackout:
        # a break's weeks hold their run days' share of a week: the weeks after it climb back
        # from there (a 20-week marathon build with 10 days off in week 7)
        growth_rules = [*growth, "availability"]
        reached = readiness_long_runs(request, easy_pace_s_per_km, growth_rules, spaced_cutbacks=False, run_days_bound=run_days)
        best_km = max(reached.values(), default=0) / TENTHS
        broken = _break_weeks_sentence(request, cal)
    if best_km >= need_km:
        return [], set()  # the growth arithmetic reaches it: the clash lies elsewhere
    tight = ""
    limited = {d: minutes for d in request.schedule.run_days if (minutes := request.schedule.minutes_on(d)) is not None}
    if run_days and limited:
        loose = readiness_long_runs(request, easy_pace_s_per_km, growth_rules, spaced_cutbacks=False, day_minutes=False)
        if max(loose.values(), default=0) / TENTHS >= need_km:
            # the days' minutes hold the weeks (``rules.reach``: day_minutes): said, with the days
            held = spoken_list([
                f"{DAY_NAMES[d]} {minutes} min ({km_in_minutes_tenths(minutes, easy_pace_s_per_km) / TENTHS:.1f} km)"
                for d, minutes in limited.items()
            ])
            tight = f" Your days' minutes hold the weeks too: {held} at your easy pace (availability)."
    taper_from = cal.week_start(pre[-1] + 1) if pre[-1] < cal.week_count else cal.race_day
    steps = []
    if "session_spike" in growth:
        steps.append(f"runs at most {round((s.session_spike - 1) * 100)} % longer than the longest of the last 30 days")
    if "weekly_increase" in growth:
        steps.append(f"weeks at most {round(s.weekly_increase * 100)} % bigger than the bigger of the two before")
    if "acwr" in growth:
        steps.append(f"weeks at most {s.acwr_max:g} × the mean of the four before")
    if "cutback" in growth:
        steps.append(f"a lighter week after every {s.build_weeks_max} build weeks")
    if "long_run" in growth:
        # the weeks back from a break that may go without a long run count it only (``race_readiness``)
        back = sorted(w for w in cal.weeks_holding_days_back & set(pre) if cal.touched(w))
        # (numbered as the runner's pages number them: a re-plan's go on from the first plan's)
        weeks = f"week{'s' if len(back) > 1 else ''} {spoken_list([str(cal.weeks_before_start + w) for w in back])}"
        counted = f" (in {weeks}, back from a break, only a run planned as the long run counts, not an easy run as long)" if back else ""
        steps.append(f"a long run of at most {round(s.long_run_share * 100)} % of its week{counted}")
    taper_weeks = len(cal.taper_weeks)
    after_break = " and through the break" if broken else ""
    two_days = ""
    if run_days and {"cutback", "long_run"} <= set(growth) and max(len(cal.run_days_in(w)) for w in pre) <= 2:
        # what makes the lighter weeks cost the long run (``rules.reach``: run_days_bound)
        days = weekday_names(list(request.schedule.run_days))
        two_days = (
            f" On {days}, your only run days, the other run is at most as long as the long run, so each lighter "
            "week shortens the long run too (availability)."
        )
    return [
        *broken,
        f"The {_race_name(request)} needs a long run of {need_km:.1f} km before the taper starts on "
        f"{taper_from.isoformat()} ({taper_weeks} taper week{'s' if taper_weeks != 1 else ''}); from your "
        f"{request.runner.long_run_km:g} km long run and {request.runner.weekly_km:g} km weeks{after_break}, "
        f"{'; '.join(steps)} reach at most {best_km:.1f} km in the {len(pre)} week{'s' if len(pre) != 1 else ''} before it."
        f"{two_days}{tight}"
    ], {"race_readiness", *growth, *(["availability"] if broken or two_days or tight else [])}


def _break_weeks_sentence(request: PlanRequest, cal: PlanCalendar) -> list[str]:
    """What a break leaves of the weeks it touches before the taper, as the planner holds them."""
    # the weeks that lose a run day to it (a break on a week's rest day takes nothing from it)
    touched = [w for w in cal.pre_taper_weeks if cal.run_days_a_break_takes(w)]
    if not touched:
        return []
    spans = ", ".join(f"{b.from_.isoformat()} to {b.to.isoformat()}" for b in request.schedule.blackout)
    usual = len(request.schedule.run_days)
    parts = spoken_list([
        f"week {cal.weeks_before_start + w} with {len(cal.run_days_in(w))} of your {_count(usual, 'run day')} (at most {touched_week_cap_tenths(request, cal, w) / TENTHS:.1f} km)"
        if cal.run_days_in(w) else f"week {cal.weeks_before_start + w} with none of your {_count(usual, 'run day')}"
        for w in touched
    ])
    # the planner's share is said only where a week keeps some run days ("leaves week 1 with none
    # of your 4: hamplan holds such a week to its run days' share" read as garbled)
    held = (": the plan holds such a week to its run days' share of a full week rather than let one run carry it, and"
            if any(cal.run_days_in(w) for w in touched) else "; and")
    return [f"Nothing can be planned from {spans} (availability), which leaves {parts}{held} the load rules climb back from there."]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _no_weeks_reason(request: PlanRequest, easy_pace_s_per_km: int, conflicts: list[str]) -> Reason:
    """``taper`` and ``cutback`` are about the shape of the weeks: say their factors."""
    s = RuleSettings.from_request(request)
    cal = PlanCalendar(request, spaced_cutbacks=False)
    out: list[str] = []
    covered: set[str] = set()
    if "taper" in conflicts:
        factors = ", ".join(f"{f:g}" for f in cal.taper_factors)
        out.append(
            f"The {_race_name(request)} ({race_class(request.race.km)}) tapers over {len(cal.taper_weeks)} week(s): "
            f"each at most {factors} × the peak week (taper)."
        )
        covered.add("taper")
    if "cutback" in conflicts and "race_readiness" not in conflicts:
        out.append(
            f"Every {s.build_weeks_max + 1}th week is a lighter one, at most {s.cutback_factor:g} × the week before (cutback)."
        )
        covered.add("cutback")
    return out, covered


def _day_room_reasons(request: PlanRequest, easy_pace_s_per_km: int, conflicts: list[str]) -> Reason:
    """The week's days against what the rules ask of them: which days hold a strength or a
    mobility session in their minutes, how far the tight run days reach at the runner's easy
    pace, the rest days asked for and the blacked-out dates (the figures of ``availability``)."""
    if "availability" not in conflicts and "rest_day" not in conflicts:
        return [], set()
    s = RuleSettings.from_request(request)
    schedule = request.schedule
    free = [d for d in WEEKDAYS if d not in schedule.rest_days]
    out: list[str] = []
    covered = {"availability"} & set(conflicts)

    def holds(day: str, minutes: int) -> bool:
        limit = schedule.max_minutes.get(day)
        return limit is None or limit >= minutes

    sessions = (
        ("strength_sessions", "strength session", strength_short_min(request), s.strength_per_week),
        ("mobility", "mobility session", MOBILITY_SHORT_MAX_MIN, s.mobility_per_week),
    )
    for rule_id, what, need, per_week in sessions:
        if rule_id not in conflicts:
            continue
        fits = [d for d in free if holds(d, need)]
        why_not = ""
        if rule_id == "strength_sessions" and "strength_spacing" in conflicts:
            long_day = WEEKDAYS.index(schedule.long_run_day)
            barred = {schedule.long_run_day, WEEKDAYS[long_day - 1]}
            fits = [d for d in fits if d not in barred]
            why_not = ", leaving out the long-run day and the day before it (strength_spacing)"
            covered.add("strength_spacing")
        tight = sorted({schedule.max_minutes[d] for d in free if not holds(d, need)})
        limits = f"; the other days hold {' or '.join(str(m) for m in tight)} min" if tight else ""
        # where a day that holds one is a run day with a time limit, the session's minutes come
        # off its run: said, or the sentence read as no clash at all ("4 of your free days hold
        # one ... the rules ask for 2 a week", beside a refusal those minutes decided)
        shared = [d for d in fits if d in schedule.run_days and d in schedule.max_minutes]
        takes = f", and on {weekday_names(shared)} its minutes come off the run" if shared else ""
        out.append(
            f"A {what} takes {need} min even in its short form: {len(fits)} of your free days {'holds' if len(fits) == 1 else 'hold'} one"
            f"{' (' + weekday_names(fits) + ')' if fits else ''}{limits}{why_not}{takes}; the rules ask for {per_week} a week ({rule_id})."
        )
        covered.add(rule_id)
    tight_runs = [d for d in schedule.run_days if d in schedule.max_minutes and d not in schedule.rest_days]
    if tight_runs and covered & {"strength_sessions", "mobility"}:
        by_limit: dict[int, list[str]] = {}
        for day in tight_runs:
            by_limit.setdefault(schedule.max_minutes[day], []).append(day)
        parts = [
            f"{weekday_names(days)} {'hold' if len(days) > 1 else 'holds'} {minutes} min, "
            f"{minutes * 60 / easy_pace_s_per_km:.1f} km at your easy pace of {_pace(easy_pace_s_per_km)}"
            for minutes, days in sorted(by_limit.items())
        ]
        out.append("; ".join(parts) + " (availability).")
    if "rest_day" in conflicts:
        runs = [d for d in schedule.run_days if d not in schedule.rest_days]
        out.append(
            f"The rules ask for {s.rest_days_min} empty rest day{'s' if s.rest_days_min != 1 else ''} a week (rest_day), "
            f"and you run on {len(runs)} day{'s' if len(runs) != 1 else ''} ({weekday_names(runs)})."
        )
        covered.add("rest_day")
    if "availability" in conflicts and schedule.blackout:
        spans = ", ".join(f"{b.from_.isoformat()} to {b.to.isoformat()}" for b in schedule.blackout)
        out.extend(_break_weeks_sentence(request, PlanCalendar(request, spaced_cutbacks=False)) or [f"Nothing can be planned from {spans} (blackout, availability)."])
    if "availability" in conflicts and not out:
        out.append(
            f"You run on {weekday_names(list(schedule.run_days))}, long runs on {DAY_NAMES[schedule.long_run_day]} "
            f"(availability)."
        )
    return out, covered


def _rule_reason(request: PlanRequest, rule_id: str, easy_pace_s_per_km: int) -> str:
    """A rule no family above explains: its title and its number for this runner (the long run
    the race asks for, in km and minutes: "Ready for race day (race_readiness)." had given a
    refused marathoner no figure to weigh his days against)."""
    s = RuleSettings.from_request(request)
    figures: dict[str, str] = {
        "session_spike": f"no run over {s.session_spike:g} × the longest of the last 30 days",
        "weekly_increase": f"weeks grow at most {round(s.weekly_increase * 100)} %",
        "acwr": f"a week at most {s.acwr_max:g} × the mean of the four before",
        "easy_share": f"at least {round(s.easy_share * 100)} % of running time easy",
        "hard_days": f"at most {s.quality_per_week} quality sessions a week, never back to back",
        "strength_spacing": "strength sessions 48 h apart, not the day of or before the long run",
        "nordic_curls": "Nordic curls in every strength session",
        "race_day": "nothing else on race day, no quality session in the last 2 days",
        "rest_day": f"{s.rest_days_min} empty rest day(s) a week",
        "long_run": f"one long run a week, at most {round(s.long_run_share * 100)} % of it and {s.long_run_max_min} min",
    }
    if rule_id == "race_readiness":
        need_km = readiness_tenths(s, easy_pace_s_per_km) / TENTHS
        need_min = math.ceil(need_km * easy_pace_s_per_km / 60)
        figures[rule_id] = f"a long run of {need_km:.1f} km before the taper, {need_min} min at your long-run pace of {_pace(easy_pace_s_per_km)}"
    rule = RULES_BY_ID[rule_id]
    figure = figures.get(rule_id)
    return f"{rule.title} ({rule_id}{': ' + figure if figure else ''})."


__all__ = ["explain_infeasible", "long_run_cap_below_readiness", "why_they_clash"]
