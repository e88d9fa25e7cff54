"""The cover notes: what the plan does and why, in the runner's words (the build and its peak,
the long run, breaks and returns, the goal and race day), and the plain-text summary."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, timedelta

from hamplan.calendar import PlanCalendar, break_returned_from, join_touching, race_class, weeks_before_start
from hamplan.content.runs import shares_in_words
from hamplan.content.workouts import zone_uses
from hamplan.content.common import fmt_day_month, fmt_pace, fmt_weeks
from hamplan.content.reference import FasterRunning, hamstring_history_note
from hamplan.models import WEEKDAYS, Paces, Plan, PlanRequest, Week, parse_duration_s
from hamplan.paces import fitness_after_time_off, format_clock, goal_at_threshold, format_pace, race_pace
from hamplan.rules.base import EPS_KM, TENTHS, readiness_tenths, ready_by_time_on_feet
from hamplan.rules.coaching import CoachingTargets
from hamplan.rules.coaching.targets import MASTERS_PEAK_OVER_CURRENT, PEAK_REFERENCE_PACE_MIN_PER_KM, long_share_limit
from hamplan.rules.context import PlanContext
from hamplan.rules.reach import reachable_volumes
from hamplan.rules.settings import (
    OTHER_RUN_EXTRA_KM, PEAK_OVER_CURRENT, PEAK_TARGETS_KM, RuleSettings, eve_of_long_run_is_a_run_day, other_run_share,
    peak_target_key,
)
from hamplan.solver.suggestions import DAY_NAMES, spoken_list
from hamplan.solver.quality import RECENT_STRAIN_TEMPO_WEEKS
from hamplan.units import Units
from hamplan.words import a_or_an
from hamplan.plan.progression import first_strength_week_back
from hamplan.plan.figures import RACE_BREAK_WINDOW_DAYS, costs_fitness, race_day_seconds, race_seconds, weeks_around_break


#: A peak within this much (km) of a coaching cap counts as held by it (weeks are planned in tenths).
CAP_REACHED_KM = 0.15
#: ... or within this share of a coaching cap (the weeks settle in whole tenths below a cap of
#: 53.18 km, and the days' placement loses a tenth more: a 4:30 marathoner's 53.0 km peak read
#: as held by his 75-min weekdays, which a peak without them would not have passed).
CAP_REACHED_SHARE = 0.01


#: The load rules let the weeks grow this much past the plan's peak, or more: they do not hold it.
GROWTH_SLACK_KM = 2.0


def _break_holds_the_peak(request: PlanRequest, cal: PlanCalendar, pre: list[Week], peak_km: float) -> bool:
    """Whether a break (a blackout or a graduated return) holds the peak under the runner's
    volume, rather than the run days: there is one, and no week before it is as low as the peak
    (where the weeks before it were, the days hold them there too)."""
    broken = [w.index for w in pre if cal.touched(w.index)]
    if request.easing is not None:
        broken.append(1)  # a return eases the plan's first days on
    if not broken:
        return False
    before = [w.run_km for w in pre if w.index < min(broken)]
    return not before or max(before) > peak_km + 0.05


def _what_days_hold(
    request: PlanRequest, settings: RuleSettings, longest_km: float, session: bool = False,
    sharing: Mapping[str, Collection[str]] | None = None, *, week_km: float,
) -> str:
    """What holds a peak the load rules would let grow further: the run days' own time limits, or,
    without any, the run days beside the long run, each other run within its share of it
    (``other_run_share``: a novice 5K runner on three days read "about what your run days hold"
    and looked in vain for a limit), the run the day before the long run within its hour
    and half the long run (``day_before_long_run``) and, with ``session`` (the peak week holds
    one), the faster session within what the easy share leaves of the week (a coach added up
    "each other run at most 14.7 km" to a 67 km week where the plan peaked at 56). ``sharing``:
    the limited run days' other sessions (weekday -> "strength", "mobility"), which take their
    minutes too (a coach added up four 45-min weekdays and a 14 km long run to 41 km beside a
    plan peaking at 33 km: its weekday runs shared their 45 min with strength and yoga). Where the
    long run's day has no limit, the long run's share of the peak week (``week_km``) where it
    holds the long run (:func:`_beside_the_limits`: a coach read "their time limits hold
    (Tuesday 60 min, Thursday 45 min)" beside an uncapped Sunday long run, and looked for what
    held it)."""
    limited = [(day, minutes) for day, minutes in request.schedule.max_minutes.items() if day in request.schedule.run_days]
    if limited:
        # the run days' own limits, by name (a marathoner whose limits lay on rest days and one
        # 45-min run day read "their time limits" for days that had none)
        order = list(WEEKDAYS)
        named = ", ".join(f"{DAY_NAMES[day]} {minutes} min" for day, minutes in sorted(limited, key=lambda x: order.index(x[0])))
        shared = sorted((day for day, _ in limited if (sharing or {}).get(day)), key=order.index)
        if shared:
            kinds = sorted({kind for day in shared for kind in (sharing or {})[day]}, reverse=True)  # strength, then mobility
            on = spoken_list([DAY_NAMES[day] for day in shared])
            named += f"; the {spoken_list(kinds)} sessions on {on} share those minutes"
        return f"your run days and their time limits hold ({named}{_beside_the_limits(request, longest_km, week_km)})"
    days = len(request.schedule.run_days)
    yours = f"your {days} run day{'s' if days != 1 else ''} hold{'s' if days == 1 else ''}"
    if days < 3:  # the share beside the long run holds weeks of 3+ run days (``other_run_room_in_week_pc``)
        return f"{yours} (a long run is at most half of its week, and it grows a little at a time)"
    # in the runner's words, with the number the share gives (a coach read "an easy run beside it
    # is at most 0.8 × it + 1 km" as the planner's formula)
    most_km = min(longest_km, other_run_share(days, settings.other_run_share_least) * longest_km + OTHER_RUN_EXTRA_KM)  # as the solver holds it
    held = []
    if eve_of_long_run_is_a_run_day(request):
        held.append("the run the day before the long run lasts an hour and half the long run at most")
    if session:
        held.append(f"the faster session takes about {shares_in_words(settings.easy_share)[1]} of the week")
    also = f"; {' and '.join(held)}" if held else ""
    if most_km >= longest_km - SAME_SIZE_RUNS_KM:
        # runs the size of the long run: "so that no week turns into two long runs" read wrong
        # beside a novice's three runs of 5.4, 5.4 and 5.5 km
        return (f"{yours} with the long run at {longest_km:.1f} km (no run longer than it{also}; "
                "and the long run grows a little at a time)")
    # (not "so that no week turns into two long runs": a novice read that beside an 8.1 km run two
    # days before an 8.9 km long run, twice)
    return (f"{yours} beside {a_or_an(f'{longest_km:.1f} km long run')} (each other run stays at most about {most_km:.1f} km, "
            f"so that the long run stays the week's longest{also}; and the long run grows a little at a time)")


def _beside_the_limits(request: PlanRequest, longest_km: float, week_km: float) -> str:
    """What holds the days without a time limit, where the long run's day is one: the long run
    at the most of the week its band allows (``long_share_limit``), said where the peak week's
    long run sits at that share ('' elsewhere: a long run the race or a time cap holds above it
    is not held by it, and a share said from the band had read "about 40 %" of a 48 % one). Not
    the run the day before the long run, whose cap a plan may have let go."""
    schedule = request.schedule
    if schedule.long_run_day in schedule.max_minutes:
        return ""
    share = longest_km / week_km
    if abs(share - long_share_limit(week_km, len(schedule.run_days))) > SHARE_SAID_WITHIN:
        return ""
    return f"; the long run {longest_km:.1f} km, about {round(share * 100)} % of the week, the most a long run takes in such a week"


#: A peak week's long run this close to its band's share (of the week) is said to be held there.
SHARE_SAID_WITHIN = 0.01


#: Where the share of the long run lets the other runs come within this many km of it, the note
#: names the long run as the longest, not the share.
SAME_SIZE_RUNS_KM = 0.5


def _race_words(request: PlanRequest) -> str:
    """The race as the notes name it: "marathon", "10K", or "30 km race"."""
    return request.race.label.lower().replace("k", "K") if isinstance(request.race.distance, str) else f"{request.race.km:g} km race"


def _break_cut_the_climb(request: PlanRequest, cal: PlanCalendar, pre: list[Week], targets: CoachingTargets, peak_km: float) -> str:
    """The breaks (``from to to``, in the runner's words, in date order) that held the volume
    curve under its peak, where the plan's peak is about the curve's own and the same curve
    without them climbs past it: the load rules climbing back from the breaks, not the run
    days, stopped it. '' otherwise (a 3-day break beside a peak the weeks' growth held anyway
    is not named)."""
    if targets.planned_peak_km + CURVE_HELD_KM >= targets.peak_week_km or peak_km + CURVE_HELD_KM < targets.planned_peak_km:
        return ""
    first_day, last_day = cal.week_days(pre[0].index)[0], cal.week_days(pre[-1].index)[-1]
    gaps = sorted((b for b in request.schedule.blackout if b.from_ <= last_day and b.to >= first_day), key=lambda b: b.from_)
    if not gaps:
        return ""
    others = [b for b in request.schedule.blackout if b not in gaps]
    unbroken = request.model_copy(update={"schedule": request.schedule.model_copy(update={"blackout": others})})
    if PlanContext.for_request(unbroken).targets.planned_peak_km < targets.planned_peak_km + CURVE_HELD_KM:
        return ""
    return _spans_in_words([(b.from_, b.to) for b in gaps])


def _spans_in_words(spans: Sequence[tuple[date, date]]) -> str:
    """Stretches of days as a runner reads them: "9 May to 18 May and 2 Jun to 6 Jun"."""
    return " and ".join(f"{fmt_day_month(first)} to {fmt_day_month(last)}" for first, last in spans)


def _break_after_the_peak(cal: PlanCalendar, pre: list[Week], peak: Week, days_off: Sequence[tuple[date, date]]) -> str:
    """The breaks long enough to cost fitness that come after the peak week and before the
    taper, in the runner's words ('' where none): the peak came before them, and the weeks after
    them climbed back under the load rules instead of growing on. A 10K runner who peaked in
    week 3 before a 10-day break read "as far as your 28.1 km a week can grow in 7 weeks within
    the load rules" beside weeks of 8 and 10 km after it."""
    peak_days = cal.week_days(peak.index)
    last_day = cal.week_days(pre[-1].index)[-1]
    # a break may begin in the peak week's last days (its runs came before it)
    gaps = [(first, last) for first, last in days_off
            if costs_fitness(first, last) and peak_days[0] < first <= last_day and last > peak_days[-1]]
    return _spans_in_words(gaps)


def _weeks_after_breaks(cal: PlanCalendar, pre: list[Week], days_off: Sequence[tuple[date, date]]) -> bool:
    """Whether a week before the taper starts after the last break long enough to cost fitness."""
    ends = [last for first, last in days_off if costs_fitness(first, last)]
    return not ends or any(cal.week_days(w.index)[0] > max(ends) for w in pre)


def _break_before_the_peak(cal: PlanCalendar, pre: list[Week], peak: Week, days_off: Sequence[tuple[date, date]]) -> str:
    """The breaks long enough to cost fitness between the first week before the taper and the
    peak week, in the runner's words ('' where none)."""
    first_day, peak_start = cal.week_days(pre[0].index)[0], cal.week_days(peak.index)[0]
    gaps = [(first, last) for first, last in days_off if costs_fitness(first, last) and first_day <= last and first < peak_start]
    return _spans_in_words(gaps)


def _at_the_load_limit(request: PlanRequest, weeks: list[Week], peak: Week, settings: RuleSettings) -> bool:
    """Whether the load rules (``weekly_increase``, ``acwr``) hold the peak week: it runs what
    the four weeks before it allow, or within a tenth or so of it (the runner's own week before
    the plan)."""
    km_of = {w.index: w.run_km for w in weeks}
    previous = [km_of.get(peak.index - j, request.runner.weekly_km) for j in range(1, 5)]
    return peak.run_km + AT_THE_LOAD_LIMIT_KM >= settings.load_allowance_km(previous)


def _load_held_the_climb(request: PlanRequest, weeks: list[Week], pre: list[Week], peak: Week, settings: RuleSettings) -> bool:
    """Whether every week of the climb to the peak that is no step-back runs what the load rules
    allow after the weeks before it: they, not the run days, set the peak (a 55-year-old's 7 %
    weeks from 20.8 to 37.6 km read "about what your 5 run days hold", beside other runs of
    10 km at most)."""
    climb = [w for w in pre if 1 < w.index <= peak.index and not w.cutback]
    return bool(climb) and all(_at_the_load_limit(request, weeks, w, settings) for w in climb)


#: A week this close to what the load rules allow after the weeks before it is held by them (the
#: weeks' figures are rounded to tenths).
AT_THE_LOAD_LIMIT_KM = 0.15


#: The curve's own peak is this far under the peak it aims at, or more, where a break held it there.
CURVE_HELD_KM = 1.0


def _days_hold_the_peak(request: PlanRequest, peak_km: float) -> bool:
    """Whether the run days (and their time limits), not the load rules, stop the peak below
    its target: the load rules alone would let the weeks grow past it (an upper bound: blackouts
    and the days' capacity are left out of it). A 35 km runner with 60- and 70-min weekdays
    read that "the safest growth" set a peak the same weeks without those limits passed by 7 km."""
    return max(reachable_volumes(request).values(), default=0) / TENTHS >= peak_km + GROWTH_SLACK_KM


#: A week's acute:chronic ratio this close to ``acwr_max`` is held by it (the week's figure is
#: rounded to hundredths).
AT_THE_LOAD_RATIO = 0.015


def _at_the_load_ratio(week: Week, settings: RuleSettings) -> bool:
    """Whether ``acwr`` holds the week: its run km at the most the four weeks before allow."""
    return week.acwr is not None and week.acwr >= settings.acwr_max - AT_THE_LOAD_RATIO


def _two_to_one_reason(request: PlanRequest) -> str:
    """Why step-back weeks come as often as every third week (``cutback``: two build weeks at
    most at 50 and over or with a hamstring history), where the runner's own rules leave the
    rhythm to the planner: a coach read "step-back weeks 3, 6, 9, 12, 15" with no word of why."""
    runner = request.runner
    if request.rules.build_weeks_max is not None or not (runner.age >= 50 or runner.any_history):
        return ""
    # short: the cover's notes fill its page (a longer clause pushed a marathoner's onto two)
    if runner.hamstring_history == "tendinopathy":
        return ", as a sore tendon asks"
    return ", as a hamstring injury asks" if runner.any_history else ", as suits a runner of 50 or more"


def _peak_cap_reason(request: PlanRequest, targets: CoachingTargets, peak_km: float, pace_s_per_km: int, race: str) -> str:
    """Why the peak stops where a coaching cap holds it (``masters_peak``, ``peak_by_time``), or ''."""
    caps = [(cap, rule) for cap, rule in ((targets.peak_masters_cap_km, "age"), (targets.peak_time_cap_km, "time")) if cap is not None]
    if not caps:
        return ""
    cap, rule = min(caps)
    # the cap holds the peak only where the peak is at it: a peak past it (the week model's
    # fallback to the load rules) is not "set by time", and its advice says so
    # (the share only below the cap: a peak past it is the fallback to the load rules)
    if cap - peak_km > max(CAP_REACHED_KM, CAP_REACHED_SHARE * cap) or peak_km - cap > CAP_REACHED_KM:
        return ""
    current = request.runner.weekly_km
    if rule == "time" and request.phases_from is None and abs(cap - PEAK_OVER_CURRENT * current) <= CAP_REACHED_KM:
        # the race's hours come to fewer km than a quarter's growth: the growth holds the peak
        race_hours = PEAK_TARGETS_KM[peak_target_key(request.race.km)][0] * PEAK_REFERENCE_PACE_MIN_PER_KM / 60
        return (f", {PEAK_OVER_CURRENT:g} × your {current:g} km now: {a_or_an(race)} peak asks for about {race_hours:g} h a week "
                "on your feet, and a quarter more than you run already gives that, so the build goes no further")
    if abs(cap - current) <= CAP_REACHED_KM and rule == "time":
        # the cap never goes below what the runner already carries: then that holds the peak
        return f", your {current:g} km now: already more time on your feet than {a_or_an(race)} peak needs, so the plan keeps it rather than build past it"
    if rule == "age":
        # the cap against the peak it replaces, the race's usual one: "no further than 1.5 x"
        # alone read as stricter than the 1.25 x younger runners were told of (theirs is the
        # growth of a runner already near the usual peak, not a cap)
        usual_km = PEAK_TARGETS_KM[peak_target_key(request.race.km)][0]
        usual = (f"{race} plans usually peak near {usual_km:g} km a week, {usual_km / current:.1f} × what you run now; "
                 if usual_km > peak_km + CAP_REACHED_KM else "")
        if peak_km > MASTERS_PEAK_OVER_CURRENT * current + CAP_REACHED_KM:
            # the cap is the week the race's long run needs (at most half of it), not 1.5 × now
            share = request.rules.long_run_share
            # (the share the runner's rules give the long run: a 55 % one read "about half the week")
            of_week = ("about half the week: the most a beginner's plan gives it (Higdon)" if abs(share - 0.5) < 1e-9
                       else f"{share:.0%} of the week, the share your rules give it")
            return (
                f", {peak_km / current:.1f} × your {current:g} km now: {usual}past the age of 60 a body needs longer to recover, so the "
                f"build goes no further than the week your race's long run needs, where that long run is {of_week}"
            )
        return (
            f", {peak_km / current:.1f} × your {current:g} km now: {usual}past the age of 60 a body needs longer to recover, so the build "
            f"goes no further than {MASTERS_PEAK_OVER_CURRENT:g} × what it already carries"
        )
    hours = peak_km * pace_s_per_km / 3600
    # where the hours come from, in the runner's words: "set by time on your feet" alone read
    # as a claim about what a race needs rather than as the plan's own cap
    target_km = PEAK_TARGETS_KM[peak_target_key(request.race.km)][0]
    # (the reference pace named as another runner's: a coach read "the 5 h that 50 km take at
    # 6:00 /km" as the runner's own pace, which was 8:47)
    # (and what the plan does with them said outright: "the peak is set by time on your feet, the
    # 4 h that 40 km take a runner at 6:00 /km" read as a riddle, beside no 40 km anywhere)
    # (and not "your peak is set by time, not distance": a coach read it as a weekly time limit
    # the runner had asked for, measured at a pace faster than the runner's own race pace)
    return (f", about {hours:.1f} h at your easy {fmt_pace(pace_s_per_km / 60)}: the hours of the usual {race} peak "
            f"({target_km:g} km at an easy {fmt_pace(PEAK_REFERENCE_PACE_MIN_PER_KM)}), not its distance")


def cover_notes(
    request: PlanRequest, settings: RuleSettings, weeks: list[Week], paces: Paces, long_pace_s_per_km: int, targets: CoachingTargets,
    cal: PlanCalendar, strength_weeks: set[int], quality_days: set[date], nordic_back_words: Mapping[int, str],
    sharing: Mapping[int, Mapping[str, Collection[str]]] | None = None, days_off: Sequence[tuple[date, date]] | None = None,
    away: tuple[date, date, int] | None = None, long_runs: Mapping[date, float] | None = None,
    missed: tuple[date, date] | None = None, hard_session_days: Collection[date] | None = None,
    long_work_weeks: Collection[int] = (), faster_run_days: Collection[date] = (),
) -> list[str]:
    """What the plan does and why, in the runner's words: the build, the long run, the goal
    (``strength_weeks``: the weeks with a strength session, ``nordic_back_words`` the weeks back
    from a break whose Nordic curls halve their dose, with what they do ("halve their dose (1 × 5)"); ``quality_days``: the days of its quality
    sessions, and of strides on a day back from a break, which the notes promise none of;
    ``sharing``: per plan week, the run weekdays' strength and mobility sessions, by kind, as
    :func:`_what_days_hold` reads them; ``days_off``: the stretches without running, as
    :func:`days_without_running` has them; ``away``: the break race day reads, as
    :func:`break_before_race` has it; ``long_runs``: the plan's long runs, km by day;
    ``hard_session_days``: the quality sessions whose time counts against the easy share, all but
    hill sprints, ``INTENSITY``; default ``quality_days``; ``faster_run_days``: the runs with any
    faster running, race week's tune-up in an easy run too)."""
    notes = []
    # weeks numbered as the runner reads them: a re-plan's go on from the first plan's start (the
    # notes said "peak (week 2), step-back weeks 1, 5" beside pages and a table at weeks 4-11)
    shown = cal.weeks_before_start
    need_km = readiness_tenths(settings, long_pace_s_per_km) / TENTHS
    pre = [w for w in weeks if w.phase in ("base", "build", "peak")]
    if pre:
        peak = max(pre, key=lambda w: (w.run_km, w.index))
        longest = max(w.long_run_km for w in pre)
        race = _race_words(request)
        start_km = request.runner.weekly_km
        # (hill sprints, whose time counts easy, take no share of it: a novice's peak note said
        # "the faster session takes about a fifth of the week" beside hill sprints alone)
        # (in any week at the peak's volume, which the note names: a marathon's last peak week
        # may run its marathon pace inside the long run, and its session day easy)
        at_peak = [w for w in pre if w.run_km + 0.05 >= peak.run_km]
        peak_session = bool({w.index for w in at_peak} & {cal.week_of(d) for d in (quality_days if hard_session_days is None else hard_session_days)})
        # what the days of the weeks at the peak held
        peak_sharing: dict[str, set[str]] = {}
        for week in at_peak:
            for day, kinds in (sharing or {}).get(week.index, {}).items():
                peak_sharing.setdefault(day, set()).update(kinds)
        if peak.run_km + 0.05 < start_km and _break_holds_the_peak(request, cal, pre, peak.run_km):
            # a break's weeks, not the run days, hold it there: a 5K re-plan after an illness and a
            # blackout read "about what your 3 run days hold beside a 0.0 km long run"
            why = f", below your {start_km:g} km now: after your break the weeks climb back no faster than the load rules allow"
        elif peak.run_km + 0.05 < start_km:
            why = f", below your {start_km:g} km now: about what {_what_days_hold(request, settings, peak.long_run_km, peak_session, peak_sharing, week_km=peak.run_km)}, and enough for {a_or_an(race)}"
        elif capped := _peak_cap_reason(request, targets, peak.run_km, long_pace_s_per_km, race):
            why = capped
        elif peak.run_km + 0.05 < settings.peak_weekly_km and (broken := _break_cut_the_climb(request, cal, pre, targets, peak.run_km)):
            # the curve itself stopped there: the load rules after a break, not the days (a
            # marathoner with no time limits and a 5-day break read "about what your 5 run days
            # hold" beside other runs of 6-14 km)
            breaks = "breaks" if " and " in broken else "break"
            why = f": as far as the load rules let the weeks grow around your {breaks} ({broken}), and enough for {a_or_an(race)}"
        elif (peak.run_km + 0.05 < settings.peak_weekly_km and (before := _break_before_the_peak(cal, pre, peak, days_off or ()))
              and _at_the_load_limit(request, weeks, peak, settings)):
            # the weekly increase from the weeks after a break, not the days: a sore tendon's 23.4 km
            # peak read "about what your 6 run days hold" beside other runs of 4.5 km at most
            breaks = "breaks" if " and " in before else "break"
            why = f": as far as the load rules let the weeks grow around your {breaks} ({before}), and enough for {a_or_an(race)}"
        elif (peak.run_km + 0.05 < settings.peak_weekly_km and _days_hold_the_peak(request, peak.run_km)
              and not _load_held_the_climb(request, weeks, pre, peak, settings)):
            # the load ratio may hold the peak week too, where the days held the weeks before it
            # low (a 10K runner's 22.4 km peak at a ratio of 1.29 read as the days' alone)
            load = " and as far as the load rules let it grow" if any(_at_the_load_ratio(w, settings) for w in at_peak) else ""
            why = f": about what {_what_days_hold(request, settings, peak.long_run_km, peak_session, peak_sharing, week_km=peak.run_km)}{load}, and enough for {a_or_an(race)}"
        elif peak.run_km + 0.05 < settings.peak_weekly_km and (after := _break_after_the_peak(cal, pre, peak, days_off or ())):
            breaks = "breaks" if " and " in after else "break"
            them = "them" if breaks == "breaks" else "it"
            if _weeks_after_breaks(cal, pre, days_off or ()):
                climb = f"after {them} the weeks climb back no faster than the load rules allow"
            else:
                # no week before the race's starts after the break (a 5K runner away from 16 to 23
                # December, racing on the 25th, read that the weeks after it climb back)
                climb = f"the race comes soon after {them}"
            why = f", before your {breaks} ({after}), and enough for {a_or_an(race)}: {climb}"
        elif peak.run_km + 0.05 < settings.peak_weekly_km and request.phases_from is not None:
            # a re-plan's level is its last four weeks' mean, each run counted up to what the plan
            # asked for: "your 22.4 km a week" read as wrong beside the 33.3 km run the week before
            # a missed one (a coach's read)
            why = (f": as far as the load rules let the weeks grow in {len(pre)} weeks from your level now, {start_km:g} km a week "
                   f"(your last four weeks, each run counted up to what the plan asked for), and enough for {a_or_an(race)}")
        elif peak.run_km + 0.05 < settings.peak_weekly_km:
            why = f": as far as your {start_km:g} km a week can grow in {len(pre)} weeks within the load rules, and enough for {a_or_an(race)}"
        elif request.rules.peak_weekly_km is None and abs(peak.run_km - PEAK_OVER_CURRENT * start_km) <= CAP_REACHED_KM:
            why = f", {PEAK_OVER_CURRENT:g} × your {start_km:g} km now"
        elif request.rules.peak_weekly_km is None and abs(peak.run_km - settings.peak_weekly_km) <= CAP_REACHED_KM:
            why = f", the usual peak for {a_or_an(race)}, from your {start_km:g} km a week"
        else:
            why = f", from your {start_km:g} km a week"
        # a week a blackout lightens is the runner's break, not a step-back the plan chose
        # (48 of 295 plans of seed 2051 called a blacked-out week one)
        # (nor a re-plan's week that holds days its log shows no run: a 4:30 marathoner's six days
        # off before the taper read "step-back week 15 lets the body absorb the work")
        off_weeks = {cal.week_of(first + timedelta(days=n)) for first, last in (days_off or ())
                     if costs_fitness(first, last) for n in range((last - first).days + 1)}
        # the week before race week whose long run falls in the six days before the race is light
        # for race week, not a step-back (a 10K runner's Sunday 7.3 km long run six days before his
        # Saturday race read "step-back weeks 3, 6, 8 let the body absorb the work": 6 of 196
        # plans of seed 2027)
        # (not a week a break touches or days off lighten, nor one without a long run, nor one
        # whose long-run day is race eve, which holds the race-eve run)
        easing_in: dict[int, date] = {
            w.index: long_day for w in pre
            if w.cutback and cal.long_run_day_in_race_week(w.index) and not cal.touched(w.index) and w.index not in off_weeks
            and w.long_run_km > 0 and (long_day := cal.long_run_day(w.index)) is not None and (cal.race_day - long_day).days >= 2
        }
        steps = [w.index for w in pre if w.cutback and w.index not in targets.early_cutbacks and not cal.touched(w.index)
                 and w.index not in off_weeks and w.index not in easing_in]
        several = len(steps) > 1
        step_text = (f"; step-back week{'s' if several else ''} {', '.join(str(shown + w) for w in steps)} let{'' if several else 's'} "
                     f"the body absorb the work{_two_to_one_reason(request) if several else ''}") if steps else ""
        for week, long_day in easing_in.items():
            step_text += f"; week {shown + week} eases into race week: its long run, on {long_day:%A}, is {(cal.race_day - long_day).days} days before the race"
        early = [w.index for w in pre if w.cutback and w.index in targets.early_cutbacks]
        if early:
            first = next(w for w in pre if w.index == early[0])
            before = max((w.long_run_km for w in pre if w.index < first.index), default=request.runner.long_run_km)
            # the week's long run may still be held to its share of the smaller week (long_run)
            keeps = " that keeps the long run" if first.long_run_km + 0.05 >= before else ""
            step_text += (
                f"; week {shown + early[0]} is a lighter start{keeps}, as the rhythm of step-back weeks "
                f"(one week in {settings.build_weeks_max + 1}, counted back from the taper) asks"
            )
        # every week at the peak: a coach read "(week 14)" of a peak reached in week 10 and held
        notes.append(f"Peak {peak.run_km:.1f} km a week ({fmt_weeks([shown + w.index for w in at_peak])}){why}{step_text}.")
        if longest < 0.05:
            pass  # no long run before the taper (a re-plan whose weeks a break empties): nothing to say of it
        elif ready_by_time_on_feet(settings, long_pace_s_per_km):
            notes.append(
                f"Long runs are capped by time, not distance: {settings.long_run_max_min} min at your long-run pace "
                f"({format_pace(long_pace_s_per_km / 60)} /km) is {need_km:.1f} km, and a long run of that time before the "
                f"taper gets you ready for race day (time on feet).{_new_ground(request.race.km, max(longest, cal.longest_run_of_this_build_km), cap_min=settings.long_run_max_min)}"
            )
        else:
            tapering = [w for w in weeks if w.phase == "taper"]
            taper_long = max((w.long_run_km for w in tapering), default=0.0)
            # a runner whose own long run is already the race's keeps it: it does not "grow"; one
            # a cap or a re-plan holds under the runner's own neither grows nor stays
            own = request.runner.long_run_km
            grows = "grows to" if longest > own + 0.05 else ("stays at your" if longest + 0.05 >= own else "peaks at")
            held = _held_from(pre, longest, shown) if grows == "grows to" else ""
            reached = f"{grows} {longest:.1f} km{held}"
            then = bool(held)  # the taper clause follows a clause of its own: ", then falls"
            if (rebuilt := _long_run_after_break(cal, pre, longest, long_runs or {})) is not None:
                # the longest came before a break the weeks after it do not climb back from: a
                # coach read "grows to 18.1 km" of week 1's long run beside 10.6 km at most after
                # an 8-day break
                after_km, after_week = rebuilt
                reached = f"is {longest:.1f} km before your break and reaches {after_km:.1f} km after it (week {shown + after_week})"
                then = True
            if rebuilt is not None and tapering and taper_long > rebuilt[0] + 0.05:
                # the taper's long run is the longest after the break: it does not "fall again" (a
                # coach read "reaches 9.1 km after it (week 18), then falls again in the taper"
                # beside a taper long run of 10.1 km, 3 weeks after a 10-day break)
                taper_week = next(w.index for w in tapering if w.long_run_km + 0.05 >= taper_long)
                notes.append(
                    f"The long run is {longest:.1f} km before your break; the weeks after it lead into the taper, and their long runs stay "
                    f"short ({taper_long:.1f} km at most, week {shown + taper_week}), so you start the race fresh."
                )
            elif tapering and taper_long + 0.05 < longest:
                notes.append(f"The long run {reached}{', then' if then else ' and'} falls again in the taper, so you start the race fresh.")
            elif not _weeks_after_breaks(cal, pre, days_off or ()):
                # a break runs up to race week: it, not a taper, rests the legs (a 5K runner away
                # until two days before the race read "race week cuts the running")
                notes.append(f"The long run {reached}; your break before the race rests your legs, so start the race carefully.")
            else:  # a short race's taper is race week, or cuts the week but not the long run
                notes.append(f"The long run {reached}; race week cuts the running, so you start the race fresh.")
            if race_class(request.race.km) == "long" and _covers_new_ground(request, longest, cal):
                # a marathoner's longest run stops well short of the race in every plan, capped or
                # not: a coach read a 3:15 marathoner's 26.2 km longest run with no word of the
                # last 16 km, where a time-capped plan says what they will be
                longest_min = round(longest * long_pace_s_per_km / 60)
                # (a long run the planner held to the time cap lasts it: "about 2 h 59 min" had
                # stood beside 180-min long runs)
                if abs(longest_min - settings.long_run_max_min) <= 1:
                    longest_min = settings.long_run_max_min
                notes[-1] += _new_ground(request.race.km, longest, longest_min)
    notes += _break_note(request, settings, weeks, shown)
    notes += _week_back_note(cal, weeks, strength_weeks, nordic_back_words, shown, missed)
    notes += _return_days_note(cal, quality_days, long_runs or {}, long_work_weeks)
    notes += _readiness_after_break_note(request, cal, weeks, need_km, shown)
    notes += _rebuilt_short_of_the_race_note(request, cal, weeks, need_km)
    layout = no_quality_day_note(request, sorted(w + shown for w in long_work_weeks))
    if layout and any(w.phase in ("build", "peak") for w in weeks):
        notes.append(layout)
    replan = request.phases_from is not None or bool(request.history)
    # the weeks after a recent strain, where the plan has faster sessions to speak of
    weeks_said = not replan and settings.quality_per_week > 0
    # a niggle's easy return leaves the Nordic curls out until it ends
    niggle = request.easing is not None and request.easing.reason == "niggle"
    # where a sore tendon's plan runs faster: the weeks before race week with faster running of
    # their own or in their long run, else race week's tune-up alone, else nowhere (a re-plan,
    # whose sessions before it this plan does not hold, says neither)
    faster_weeks = {cal.week_of(d) for d in faster_run_days if not cal.is_race_week_day(d)} | set(long_work_weeks)
    faster_running: FasterRunning = "sessions" if faster_weeks or replan else "race_week" if faster_run_days else "none"
    history = hamstring_history_note(
        request.runner.hamstring_history,
        nordic=settings.nordic_curls and not niggle,
        easy_weeks=settings.quality_free_weeks if weeks_said else 0,
        tempo_weeks=RECENT_STRAIN_TEMPO_WEEKS if weeks_said else 0,
        plan_weeks=cal.week_count,
        # a long race's race-specific work is marathon pace, slower than threshold (quality_kind)
        marathon_pace=race_class(request.race.km) == "long",
        nordic_switched_off=request.rules.nordic_curls is False,
        faster_running=faster_running,
        first_session_week=min(faster_weeks) if faster_weeks and not replan else None,
    )
    if history:
        notes.append(history)
    notes.append(_goal_note(request, paces, cal, {w.index: w.run_km for w in weeks}, away))
    return notes


#: A break whose weeks after it stay under this share of the weeks before it gets its note.
BREAK_SETBACK_SHARE = 0.7


#: A long run reached this many times before the taper is held there, and the note says when
#: it got there and that it holds: a half marathoner on 45-min weekdays read "grows to 15.1 km"
#: of a long run at 15.1 km from week 3 to week 11 (and then "by week 3 (7 long runs of that
#: length)" as growth, where he saw a plateau).
HELD_LONG_RUNS = 3


#: The share of the plan's longest long run under which the best one after a break is said apart.
LONG_RUN_REBUILT_SHARE = 0.9


def _long_run_after_break(cal: PlanCalendar, pre: list[Week], longest_km: float, long_runs: Mapping[date, float]) -> tuple[float, int] | None:
    """The longest long run after the last break before the taper that follows the plan's
    longest long run, and its week, where none after that break reaches it again; else None.
    Read by the runs' days: the last week a break touches may hold its long run before the break
    or after it (a long run the day before a ten-day break read as "after it")."""
    end = pre[-1].start + timedelta(days=pre[-1].days)
    runs = sorted((day, km) for day, km in long_runs.items() if day < end)
    first_longest = next((day for day, km in runs if km + 0.05 >= longest_km), None)
    if first_longest is None:
        return None
    off = [day for day in cal.blackout_days if first_longest < day < end]
    if not off:
        return None
    after = [(km, day) for day, km in runs if day > max(off)]
    if not after:
        return None
    best_km, best_day = max(after, key=lambda run: (run[0], -run[1].toordinal()))
    # a long run back near its best (16.6 km after 16.9) still "grows to" it as a runner reads it
    return (best_km, cal.week_of(best_day)) if best_km < LONG_RUN_REBUILT_SHARE * longest_km else None


def _held_from(pre: list[Week], longest_km: float, shown: int) -> str:
    """" by week N and holds there (K long runs of that length)" where the longest long run is run
    :data:`HELD_LONG_RUNS` times or more before the taper; else nothing."""
    at = [w.index for w in pre if w.long_run_km + 0.05 >= longest_km]
    if len(at) < HELD_LONG_RUNS:
        return ""
    return f" by week {shown + at[0]} and holds there ({len(at)} long runs of that length)"


def _break_note(request: PlanRequest, settings: RuleSettings, weeks: list[Week], shown: int = 0) -> list[str]:
    """Why the weeks after a break stay far under the weeks before it, where they do: the safe
    weekly growth (``weekly_increase``) counts from the two weeks before each week, which the break
    emptied, and the plan says so rather than leave the peak before the break unexplained. One
    note per break (a run of weeks a blackout touches), judged up to the next break. ``shown``:
    the weeks before a re-plan's first (its notes number weeks as its pages do)."""
    touched = [w.index for w in weeks if w.blackout_days and w.phase not in ("taper", "race")]
    groups: list[list[int]] = []
    for week in touched:
        if groups and week == groups[-1][-1] + 1:
            groups[-1].append(week)
        else:
            groups.append([week])
    notes = []
    for n, group in enumerate(groups):
        first, last = group[0], group[-1]
        until = groups[n + 1][0] if n + 1 < len(groups) else len(weeks) + 1
        before = [w.run_km for w in weeks if w.index < first]
        # the build weeks after it (a break just before the taper is the taper's to explain)
        after = [w for w in weeks if last < w.index < until and w.phase in ("base", "build", "peak")]
        if not before or not after or max(w.run_km for w in after) >= BREAK_SETBACK_SHARE * max(before):
            continue
        start, end = weeks[first - 1].start, weeks[last - 1].start + timedelta(days=6)
        spans = [b for b in request.schedule.blackout if start <= b.to and b.from_ <= end]
        when = f" from {fmt_day_month(min(b.from_ for b in spans))} to {fmt_day_month(max(b.to for b in spans))}" if spans else ""
        best = max(after, key=lambda w: (w.run_km, -w.index))
        if best.run_km > after[0].run_km + 0.05:
            climb = f"restart from {after[0].run_km:.1f} km and reach {best.run_km:.1f} km (week {shown + best.index})"
        else:
            climb = f"hold at most {best.run_km:.1f} km"
        # "empties" only where no run is left in those weeks (a coach read "empties weeks 15-16"
        # beside 20.6 km in week 16)
        empties = "empties" if all(weeks[w - 1].run_km == 0 for w in group) else "falls in"
        notes.append(
            f"Your break{when} {empties} week{'s' if last > first else ''} {shown + first}{f'–{shown + last}' if last > first else ''}. "
            f"A week may grow at most {round(settings.weekly_increase * 100)} % above the bigger of the two weeks before it "
            f"({settings.weekly_increase_floor_km:g} km below {settings.weekly_increase_floor_below_km:g} km a week), so the "
            f"weeks after the break {climb}, short of the {max(before):.1f} km before it. A shorter break or a later race "
            "lets them build further."
        )
    return notes


#: Days after a break within which the race's long run (``race_readiness``) makes the weeks back
#: a climb the runner should hear about (``_readiness_after_break_note``).
READINESS_AFTER_BREAK_NOTE_DAYS = 28


#: A re-plan whose long runs before the taper stay under this share of the race's long run,
#: that long run done before it, says the race asks more than its weeks give.
REBUILT_SHORT_SHARE = 0.6
#: ... where it has this many weeks before the taper to rebuild in.
REBUILT_SHORT_LEAST_WEEKS = 3


def _rebuilt_short_of_the_race_note(request: PlanRequest, cal: PlanCalendar, weeks: list[Week], need_km: float) -> list[str]:
    """A re-plan whose race's long run (``race_readiness``) was run before it, in the build it
    continues, but whose own long runs before the taper stay under :data:`REBUILT_SHORT_SHARE` of
    it (the load rules rebuilding the weeks from a break, an illness or missed weeks): the plan
    keeps every rule, yet the race asks more than its weeks give, and the runner hears so. A
    marathoner ill for five days before a planned break rebuilt to 12 km weeks and 6 km long runs,
    beside notes that the 25.1 km run "gets you ready for race day" (a coach's reading)."""
    if request.phases_from is None or race_class(request.race.km) == "short":
        return []
    pre = [w for w in weeks if w.phase in ("base", "build", "peak")]
    own = max((w.long_run_km for w in pre), default=0.0)
    # (weeks enough to rebuild in: a re-plan in or near the taper read "only to 0.0 km")
    if len(pre) < REBUILT_SHORT_LEAST_WEEKS or cal.longest_run_of_this_build_km + EPS_KM < need_km or own >= REBUILT_SHORT_SHARE * need_km:
        return []
    ready = max((h for h in request.history if h.kind == "run" and h.date >= request.phases_from and (h.distance_km or 0.0) + EPS_KM >= need_km),
                key=lambda h: h.date)
    race = _race_words(request)
    peak = max((w.run_km for w in pre), default=0.0)
    race_day = request.race.date
    return [
        f"Your race-ready long run ({ready.distance_km:g} km on {fmt_day_month(ready.date)}) came before this re-plan; since then the "
        f"load rules rebuild your weeks only to {peak:.1f} km, with long runs up to {own:.1f} km. {a_or_an(race).capitalize()} on "
        f"{race_day.day} {race_day:%B} asks more than these weeks give: a shorter race or a later one fits them better."
    ]


def _readiness_after_break_note(request: PlanRequest, cal: PlanCalendar, weeks: list[Week], need_km: float, shown: int) -> list[str]:
    """In a re-plan after an illness or a niggle (``hamplan pause``), where the race's long run
    (``race_readiness``) comes within four weeks after the break and no week before it held it,
    the weeks back climb toward it: the runner hears why, and what to do if the illness or the
    niggle lingers (a 3:15 marathoner back from 9 days ill ran 42 km in his first five days back,
    the long run growing 16.8 -> 23.1 -> 25.4 km in three weeks, and the notes said only that the
    weeks climb back; coach reading)."""
    easing = request.easing
    if easing is None or easing.reason not in ("illness", "niggle"):
        return []
    if cal.longest_run_of_this_build_km + EPS_KM >= need_km or not cal.return_days_by_break:
        return []
    pre = [w for w in weeks if w.phase in ("base", "build", "peak")]
    ready = next((w for w in pre if w.long_run_km + EPS_KM >= need_km), None)
    if ready is None:
        return []
    ends = [last for (_, last) in cal.return_days_by_break if last < ready.start]
    if not ends:
        return []
    last = max(ends)
    days = (ready.start + timedelta(days=6) - last).days
    if days > READINESS_AFTER_BREAK_NOTE_DAYS or any(w.long_run_km + EPS_KM >= need_km for w in pre if w.start + timedelta(days=6) < last):
        return []
    race = _race_words(request)
    weeks_back = max(1, round(days / 7))
    return [
        f"The {race} needs a long run of {need_km:.1f} km before the taper; after your break (to {fmt_day_month(last)}) it "
        f"comes in week {shown + ready.index} ({ready.long_run_km:.1f} km), about {weeks_back} week{'s' if weeks_back > 1 else ''} "
        f"after your return, so the weeks back build toward it quickly. If the {easing.reason} lingers, run shorter and re-plan "
        "for a later race or a shorter one: hamplan says which fit."
    ]


def _return_days_note(
    cal: PlanCalendar, quality_days: set[date], long_runs: Mapping[date, float], long_work_weeks: Collection[int] = (),
) -> list[str]:
    """What the days back from each break of 4 days or more hold (``return_runs``): easy runs of
    an hour at most (where that hold did not yield to the load rules), no faster session and no
    strides (none said where the plan has a session there: a plan made without its coaching rules).
    The long run is set aside only where one of those days holds it (``long_runs``: a coach read
    "the long run aside" beside days back that held none). Where the long run right after them
    runs easy in a build or peak week without a faster session, its long run carrying none
    either (``long_work_weeks``), the note says so: a marathoner's easy 25.4 km long run, his
    week's only chance of faster running after eight days without a run, went unexplained."""
    out = []
    for (first, last), back in sorted(cal.return_days_by_break.items()):
        if quality_days.intersection(back):
            continue
        held = all(d in cal.capped_return_days for d in back)
        aside = " (the long run aside)" if any(d in long_runs for d in back) else ""
        runs = f"easy runs of an hour at most{aside}" if held else "easy runs"
        span = f"{fmt_day_month(back[0])} to {fmt_day_month(back[-1])} hold" if len(back) > 1 else f"{fmt_day_month(back[0])} holds"
        also = ""
        after = min((d for d in long_runs if back[-1] < d < back[0] + timedelta(days=7)), default=None)
        if after is not None:
            week = cal.week_of(after)
            if (week not in long_work_weeks and not cal.is_race_week_day(after) and cal.phase(week) in ("build", "peak")
                    and not any(cal.week_of(d) == week for d in quality_days)):
                also = f", and the long run after them ({after:%A} {fmt_day_month(after)}) runs easy too"
        out.append(f"Back from your {_away_word(cal.request, first, last)} ({fmt_day_month(first)} to {fmt_day_month(last)}), {span} {runs} and no faster running{also}.")
    return out


def _away_word(request: PlanRequest, first: date, last: date) -> str:
    """"illness" for the days a pause for an illness blacked out (the last break before its
    graduated return ends: ``pause``), else "break" (23 of 24 re-plans after five days ill spoke
    of "your break" only)."""
    if request.easing is None or request.easing.reason != "illness":
        return "break"
    ill = break_returned_from(request)
    return "illness" if ill is not None and ill.from_ <= last and first <= ill.to else "break"


def _week_back_note(
    cal: PlanCalendar, weeks: list[Week], strength_weeks: set[int], nordic_back_words: Mapping[int, str], shown: int = 0,
    missed: tuple[date, date] | None = None,
) -> list[str]:
    """What the first week back after a break of a week or more does (``weeks_back_from_breaks``):
    it starts easy, without a faster session, and lifts the last full week's load in fewer sets
    (in the week after it where the week back holds no strength session: ``strength_weeks_back``)."""
    planned = {w.index for w in weeks}
    out = []
    for week, gap in sorted(cal.breaks_before_weeks_back.items()):
        if week not in planned:
            continue
        first = first_strength_week_back(week, strength_weeks)
        # the Nordic curls halve their dose there, as in the taper: "keep your last full week's
        # load" had stood beside the next rung of their programme
        nordics = f", and the Nordic curls {nordic_back_words[first]}" if first in nordic_back_words else ""
        lifts = (
            "" if first is None
            else "your strength sessions keep" if first == week
            else f"your strength sessions of week {shown + first} keep"
        )
        rest = f", and {lifts} your last full week's load in fewer sets{nordics}." if lifts else "."
        span = f"{fmt_day_month(gap.from_)} to {fmt_day_month(gap.to)}"
        back = gap.to + timedelta(days=1)
        if gap.from_ <= cal.week_start(week) <= gap.to:
            # a week that starts inside the break is no week "back" to the runner (a coach read
            # "week 4 is your first back" of a week back only on its last day)
            out.append(f"Your break ({span}) ends in week {shown + week}, which goes on easy from {back:%A} {fmt_day_month(back)}, "
                       f"with no faster session{rest}")
        else:
            out.append(f"Week {shown + week} is your first back after your break ({span}): it starts easy, with no faster session{rest}")
    # ``missed``: a re-plan's days without a run or a lift (``progression.logged_break_before_start``)
    first = first_strength_week_back(cal.week_of(missed[1] + timedelta(days=1)), strength_weeks) if missed is not None else None
    if missed is not None and first is not None:
        # days missed in a re-plan's log are no blackout, and the lifts ease back as after one
        nordics = f", and the Nordic curls {nordic_back_words[first]}" if first in nordic_back_words else ""
        out.append(
            f"After {(missed[1] - missed[0]).days + 1} days without training ({fmt_day_month(missed[0])} to "
            f"{fmt_day_month(missed[1])}), your strength sessions of week {shown + first} keep your last full week's load in fewer sets{nordics}."
        )
    return out


def _week_span(weeks: list[int]) -> str:
    """"weeks 5–12" for a run of weeks in a row, else as :func:`fmt_weeks` names them."""
    if len(weeks) > 2 and weeks == list(range(weeks[0], weeks[-1] + 1)):
        return f"weeks {weeks[0]}–{weeks[-1]}"
    return fmt_weeks(weeks)


def no_quality_day_note(request: PlanRequest, long_work_weeks: Sequence[int] = ()) -> str | None:
    """Why a plan of three or more run days holds no faster sessions, when its run days are the
    reason: a quality session never falls on or beside the long-run day (``hard_days``); and
    where its long runs carry the week's faster running instead (``long_work_weeks``, the
    runner's week numbers), that they do."""
    schedule = request.schedule
    if request.rules.quality_per_week < 1:
        return None  # the runner asks for no faster sessions: the days are not why there are none
    days = list(schedule.run_days)
    if len(days) < 3 or any(_weekdays_apart(d, schedule.long_run_day) > 1 for d in days):
        return None
    named = ", ".join(d.capitalize() for d in sorted(days, key=WEEKDAYS.index))
    long_day = schedule.long_run_day.capitalize()
    rule = (f"a faster session never goes on the long run's day ({long_day}) or the day before or after it")
    # the long run on another of the runner's days, where that frees a day for a session: a
    # coach's first suggestion, before a new run day (Saturday's long run freed Monday)
    other = _long_run_day_freeing_a_session(days, schedule.long_run_day, limited=schedule.max_minutes)
    instead = (f"With your long run on {DAY_NAMES[other[0]]} instead, {DAY_NAMES[other[1]]} would hold a session of its own."
               if other else "A run day away from the long run would give you a session of its own.")
    if long_work_weeks:
        return (f"Your run days ({named}) leave no day for a faster session of its own: {rule}. So the long run carries the week's "
                f"faster running ({_week_span(list(long_work_weeks))}). {instead}")
    # a sore tendon runs no strides (tendinopathy_care: no sprints)
    keeps = "your runs stay easy" if request.runner.hamstring_history == "tendinopathy" else "the plan keeps your speed with strides"
    return f"Your run days ({named}) leave no day for a faster session: {rule}, so {keeps}. {instead}"


def _long_run_day_freeing_a_session(days: Sequence[str], long_run_day: str, *, limited: Collection[str] = ()) -> tuple[str, str] | None:
    """(another of ``days`` for the long run, a run day it would free for a quality session),
    the one nearest the long run's day, a weekend day first, or None. Not a day with a time
    limit (``limited``): a 45-min Saturday holds no long run."""
    def order(day: str) -> tuple[int, bool, int]:
        return _weekdays_apart(day, long_run_day), day not in ("sat", "sun"), WEEKDAYS.index(day)

    for other in sorted((d for d in days if d != long_run_day and d not in limited), key=order):
        free = [d for d in days if d != other and _weekdays_apart(d, other) > 1]
        if free:
            return other, free[0]
    return None


def _weekdays_apart(a: str, b: str) -> int:
    """Days between two weekdays, either way round the week (Sunday and Monday: 1)."""
    gap = (WEEKDAYS.index(a) - WEEKDAYS.index(b)) % 7
    return min(gap, 7 - gap)


#: A goal time more than this × the predicted time is a cautious one (the note says so).
CAUTIOUS_GOAL_SHARE = 1.03


def _covers_new_ground(request: PlanRequest, longest_km: float, cal: PlanCalendar) -> bool:
    """Whether the new-ground sentence fits a plan whose long run no time cap holds: not where
    the runner has raced the distance (a 3:18 marathoner was told the last 16 km would be new),
    nor where a longer run than the plan's own lies before it (a re-plan's note names the plan's
    long runs, and the sentence would count from one it never mentions)."""
    recent = request.runner.recent_race
    if recent is not None and recent.km + EPS_KM >= request.race.km:
        return False
    return cal.longest_run_of_this_build_km <= longest_km + EPS_KM


def _new_ground(race_km: float, longest_km: float, longest_min: int | None = None, *, cap_min: int | None = None) -> str:
    """What the longest run leaves of race day, said plainly: a coach read a 5:00 first
    marathoner's 21.5 km longest run beside "gets you ready for race day" and asked that the
    runner be told what the last 20 km will be (and a 3:15 marathoner's 26.2 km, with no word).
    Beside other plans' caps, this plan's own where its long runs pass Daniels' 2.5 hours: its
    time cap (``cap_min``), else its longest run's time (``longest_min``): "Daniels caps the long
    run at about 2.5 hours" alone read as a contradiction beside 3-hour long runs (a coach, 24 of
    24 marathon plans of seed 2113)."""
    gap_km = race_km - longest_km
    if gap_km < 0.05:
        return ""
    own = ""
    if cap_min is not None:
        own = f", this plan at {_hours(cap_min)}"
    elif longest_min is not None and longest_min > DANIELS_LONG_RUN_MAX_MIN:
        own = f", this plan's longest about {_hours(longest_min)}"
    return (f" The last {gap_km:.1f} km of the race will still be new ground, as in most plans for a race this long (Daniels caps the "
            f"long run at about 2.5 hours, Hansons at 16 miles{own}): start at race pace, not faster, take the gels the race-day "
            "session lists, from the first one on, and walking through the drink stations is fine.")


#: Daniels' cap on the long run (minutes), which the new-ground note names.
DANIELS_LONG_RUN_MAX_MIN = 150


def _hours(minutes: int) -> str:
    """"3 hours", "2.5 hours", "2 h 40 min": a time beside Daniels' "about 2.5 hours"."""
    if minutes % 60 == 0:
        return f"{minutes // 60} hour{'s' if minutes > 60 else ''}"
    if minutes % 30 == 0:
        return f"{minutes / 60:g} hours"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def _goal_note(
    request: PlanRequest, paces: Paces, cal: PlanCalendar, week_km: dict[int, float], away: tuple[date, date, int] | None = None,
) -> str:
    """Which finish time race-pace work and race day aim at, and why (``week_km``: the plan's
    weeks, whose growth after a break says whether they train its cost back; ``away``: the break
    race day reads, :func:`break_before_race`)."""
    pace = fmt_pace(race_pace(paces, request.race.km))
    goal = request.race.goal_time and format_clock(parse_duration_s(request.race.goal_time))
    predicted = paces.race_prediction and format_clock(parse_duration_s(paces.race_prediction))
    target, race_day = race_seconds(paces.target_time), race_day_seconds(request, paces, away)
    source = "your recent race" if paces.source == "recent_race" else "your weekly running (no recent race given)"
    goal_s = parse_duration_s(request.race.goal_time) if request.race.goal_time else None
    # a goal out of reach by its pace says so (a 1:55 half at threshold pace had read "within
    # reach" beside a prediction of 1:58)
    at_threshold = goal_s is not None and goal_at_threshold(goal_s, request.race.km, paces)
    # the zone named, not "is your threshold pace": a coach read a 5:19 /km goal beside threshold
    # sessions at 5:23 /km (the zone's middle) as a contradiction
    zone = Units("km").pace_range(paces.threshold.fast_min_per_km, paces.threshold.slow_min_per_km)
    # compared as printed, in whole seconds as format_pace rounds them: "5:25 /km, is faster than
    # your threshold pace (5:25–5:31 /km)" had compared 325.16 with 325.2 s
    goal_pace_s = round((goal_s or 0.0) / request.race.km)
    where = "within" if goal_pace_s >= round(paces.threshold.fast_min_per_km * 60) else "faster than"
    # where the prediction's own pace prints inside the zone, the goal is faster still (a coach
    # read a goal "within your threshold pace (4:30-4:35 /km)" called ambitious beside race day
    # aimed at 4:35 /km, inside the same zone)
    predicted_s = parse_duration_s(paces.race_prediction) if paces.race_prediction else None
    prediction_in_zone = predicted_s is not None and round(predicted_s / request.race.km) <= round(paces.threshold.slow_min_per_km * 60)
    goal_pace = fmt_pace(goal_s / 60 / request.race.km) if goal_s else ""
    if not (at_threshold and goal_s):
        why = ""
    elif prediction_in_zone and predicted_s is not None:
        why = (f", and the goal's pace, {goal_pace}, is faster than your prediction's {fmt_pace(predicted_s / 60 / request.race.km)}, "
               f"which already sits inside your threshold pace ({zone}), a pace held for about an hour")
    else:
        why = f", and the goal's pace, {goal_pace}, is {where} your threshold pace ({zone}), a pace held for about an hour"
    # paces from weekly running are a guess at the runner's fitness, a conservative one: a coach
    # read threshold at 5:22 /km and marathon pace at 5:41 for a 61-year-old as prescriptions
    # (no time trial in the first weeks after a recent strain or beside a sore tendon, whose
    # first weeks hold no fast running)
    retest = "" if request.runner.hamstring_history in ("recent_strain", "tendinopathy") else "; a 5K race or time trial in the first weeks re-sets them"
    estimate = f" The plan's paces are estimates: let effort guide you too{retest}." if paces.source == "weekly_volume" else ""
    if away is not None and target is not None and race_day is not None and race_day > target:
        first, last, days = away
        aim = f"your goal of {goal}" if paces.goal_in_reach and goal else f"the prediction of {format_clock(target)}"
        weeks_before = (request.race.date - last).days // 7
        when = f"{weeks_before} weeks before the race" if weeks_before >= 2 else "shortly before the race"
        back = ""
        if (request.race.date - last).days > RACE_BREAK_WINDOW_DAYS:
            # an earlier break counts where the weeks after it stay small (``grown_back``): say why
            before, after = weeks_around_break(request, cal, week_km, first, last)
            back = (f", and the weeks after it, at most {max(after, default=0.0):.1f} km against {max(before):.1f} km before it, "
                    "do not train it back")
        # a goal out of reach is said too (a 5K runner's 32:35 went unmentioned beside 35:04)
        ambitious = (f"{_ambitious(goal, source, predicted)}{why}, and the plan trains at your current fitness. "
                     if goal and not paces.goal_in_reach and paces.source != "goal_time" else "")
        # the days without running, which may reach past the break or the illness itself (the
        # rest day before it): "your break from 11 May to 16 May" had stood beside "Back from
        # your break (12 May to 16 May)"
        # (a break or an illness inside a re-plan's days without a logged run is named by its own
        # days: "your illness (7 Jun to 13 Jun)" had stood beside "Back from your illness (9 Jun
        # to 13 Jun)", the two days before it unrun in the log)
        # (blackouts that touch joined, as the days-back note joins them: an illness with a trip
        # right after it read "your illness" of the trip's days)
        inside = join_touching((b.from_, b.to) for b in request.schedule.blackout if first <= b.from_ and b.to <= last)
        if inside:
            first, last = inside[-1]
        word, span = _away_word(request, first, last), f"{fmt_day_month(first)} to {fmt_day_month(last)}"
        # the days around the break that hold no run count too (``with_days_not_run``)
        off = (f"{word}, {days} days without running ({span}), {when}, costs" if days == (last - first).days + 1
               else f"{word} ({span}), {when}, and the days around it without a run make {days} days without running, which costs")
        return (f"{ambitious}Race day aims at {format_clock(race_day)} ({fmt_pace(race_day / 60 / request.race.km)}), not {aim}: your "
                f"{off} some fitness "
                f"(Daniels: about {(1 - fitness_after_time_off(days)) * 100:.1f} % of it after {days} days without running){back}. Start at that "
                f"pace and hold it, as the race-day session's even splits say; pick it up in the last quarter only if you feel strong.{estimate}")
    if paces.source == "goal_time":
        return (f"Race day aims at your goal of {goal} ({pace}); with no recent race given, the plan's paces come from "
                "that goal, since it is slower than what your weekly running alone would suggest. A recent race re-sets them.")
    if goal is None:
        return f"Race day aims at {predicted} ({pace}), the prediction from {source}.{estimate}"
    if paces.goal_in_reach:
        # a 5K or 10K trains its speed faster than race pace (intervals), with at most a few
        # race-pace minutes in race week: a 10K runner read "race-pace work" beside none of it
        # (a sore tendon's marathon plan runs marathon pace too: slower than its threshold runs)
        uses = "race day uses" if race_class(request.race.km) == "short" else "race-pace work and race day use"
        # a goal well slower than the prediction is said to be cautious (a coach read half-marathon
        # pace at a goal of 4:37 /km beside a recent race that predicted 4:24 as set too slow)
        cautious = ""
        if paces.race_prediction and parse_duration_s(request.race.goal_time) > CAUTIOUS_GOAL_SHARE * parse_duration_s(paces.race_prediction):
            cautious = " It is a cautious goal: start at goal pace, and pick it up in the last quarter only if you feel strong."
        return f"Your goal of {goal} is within reach ({source} predicts {predicted}): {uses} goal pace, {pace}.{cautious}{estimate}"
    return (f"{_ambitious(goal, source, predicted)}{why}. The plan trains at your current "
            f"fitness and race day aims at {predicted} ({pace}); a faster day is a bonus, a new recent race "
            "re-sets the paces.")


def _ambitious(goal: str | None, source: str, predicted: str | None) -> str:
    """The words on a goal out of reach: which it is, and what the runner's fitness predicts."""
    return f"Your goal of {goal} is ambitious: {source} predicts {predicted}"


#: The pace zones a summary names, when the plan's runs use them (the cover's rows, in short).
SUMMARY_ZONES: tuple[str, ...] = ("easy", "marathon", "threshold", "interval")


def summarize(plan: Plan) -> str:
    """A few lines a runner reads first: weeks, phase, km, long run, strength and mobility counts,
    then the plan's notes, all in the runner's unit. The paces are those the plan's runs use, as
    the cover lists them (a 5K plan of strides and intervals had read a threshold pace)."""
    req = plan.request
    unit = req.units
    units = Units(unit)
    factor = units.factor
    uses = zone_uses([(s.type, s.workout) for s in plan.sessions if s.workout is not None and s.kind == "run"])
    zones = [
        f"{zone} {units.pace_range(getattr(plan.paces, zone).fast_min_per_km, getattr(plan.paces, zone).slow_min_per_km)}"
        for zone in SUMMARY_ZONES if zone in uses
    ]
    lines = [
        f"{req.race.label} on {req.race.date.isoformat()} — {len(plan.weeks)} weeks from {req.start.isoformat()}"
        + (f" for {req.runner.name}" if req.runner.name else ""),
        f"Paces: {', '.join(zones)}; VDOT {plan.paces.vdot:.1f}",
        f"{'week':>4}  {'start':<10}  {'phase':<6}  {unit:>6}  {'long':>6}  strength  mobility",
    ]
    shown = weeks_before_start(req)  # a re-plan's weeks go on from the first plan's, as its notes and pages count them
    for w in plan.weeks:
        days = {w.start + timedelta(days=i) for i in range(w.days)}
        strength = sum(1 for s in plan.sessions if s.kind == "strength" and s.date in days and s.status != "cancelled")
        mobility = sum(1 for s in plan.sessions if s.kind == "mobility" and s.date in days and s.status != "cancelled")
        # a week without a long run (race week) reads "—", as the CLI's table has it, not "0.0"
        long_run = f"{w.long_run_km * factor:.1f}" if w.long_run_km else "—"
        lines.append(
            f"{shown + w.index:>4}  {w.start.isoformat():<10}  {w.phase:<6}  {w.run_km * factor:>6.1f}  {long_run:>6}"
            # a week a break makes light is the break's, not a step-back (as the week pages say)
            f"  {strength:>8}  {mobility:>8}" + (("  light for your break" if w.blackout_days else "  step-back") if w.cutback else "")
        )
    lines.extend(units.text(note) for note in plan.notes)
    return "\n".join(lines)
