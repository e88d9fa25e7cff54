"""The notes about particular weeks and days: the weeks whose quality day carries strides instead
of a session and why, the easy runs beside the long run that pass an hour, and a re-plan's
weeks."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from datetime import date, timedelta

from hamplan.calendar import PlanCalendar, weekday_name
from hamplan.content.runs import shares_in_words
from hamplan.content.workouts import TUNE_UP_TITLE
from hamplan.models import WEEKDAYS, Paces, PlanRequest, Session, Week
from hamplan.rules.base import TENTHS
from hamplan.rules.coaching.quality import holds_quality_session, min_session_km, quality_room_km, tendon_holding_weeks
from hamplan.rules.coaching.targets import FIRST_SHAKEOUT_DAY, SHAKEOUT_DAYS
from hamplan.rules.coaching.week import BEFORE_LONG_MAX_MIN, runs_beside_long_run_past_hour, said_often
from hamplan.rules.context import EASY_RUN_MAX_MINUTES, MIN_RUN_MINUTES, PlanContext
from hamplan.rules.settings import RuleSettings, eve_of_long_run_is_a_run_day, long_run_eve
from hamplan.solver.suggestions import DAY_NAMES, weekday_names
from hamplan.plan.notes import no_quality_day_note



def short_quality_days_note(
    cal: PlanCalendar, weeks: list[Week], demoted_days: list[date], settings: RuleSettings, paces: Paces, easy_pace_s_per_km: int,
    sessions: list[Session], step_back_weeks: set[int], replan: bool, easing_weeks: Collection[int] = (),
) -> list[str]:
    """Why some build weeks carry strides where a faster session was planned: the day could not
    hold 10 min easy before and after the smallest set (a small week's fifth for hard running).
    ``demoted_days``: the quality days whose session became an easy run with strides; a build
    week too small for the smallest set, which the planner gave no quality day, is named too (a
    novice's 19.2 km week 6 had strides only beside a note that put sessions from "about 19 km").
    ``step_back_weeks``: the weeks the planner stepped back (``easing_weeks``: those of them that
    already taper toward a race early in its plan week, ``race_week_spill``, said so: a 5K
    runner's week 10, 7-13 days out, read "a step-back week"); ``replan``: a plan that continues
    another, whose sessions before it this one does not hold. None where the runner's rules ask
    for no quality sessions, or whose run days leave none a day (``no_quality_day_note`` says
    so: beside it "weeks 4, 7 carry strides ... still small" read as if the others held one)."""
    if settings.quality_per_week < 1 or no_quality_day_note(cal.request) is not None:
        return []
    # race week as the runner counts it holds its tune-up, not a session: where it has one, no day
    # of it and no plan week that is mostly race week (a race early in its plan week) is "still
    # small" (a 10K runner's week five days out read so beside its tune-up)
    tuned = any(s.kind == "run" and TUNE_UP_TITLE in s.title and cal.is_race_week_day(s.date) for s in sessions)
    build = {w.index for w in weeks if w.phase in ("build", "peak") and not (tuned and cal.is_mostly_race_week(w.index))}
    # nor the step-back week whose long run falls in race week, light for race week, which the
    # peak note says eases into it (a 10K runner's week 8, his Sunday long run six days before his
    # Saturday race, read "this week (21.9 km) is still small"); a week that tapers already is
    # said so below (``easing_weeks``). Left out of the weeks named only: as a build week its hill
    # sprints are still none of the faster sessions the note counts
    into_race_week = {w.index for w in weeks if w.cutback and cal.long_run_day_in_race_week(w.index)}
    # the weeks the runner's hamstring keeps free of faster sessions are not "still small": the
    # hamstring note says why they hold none (a sore tendon's 5K runner read that his step-back
    # weeks 3 and 6 were too small, in a plan whose tendon held every week before race week)
    build -= tendon_holding_weeks(cal.request, cal) | set(range(1, settings.quality_free_weeks + 1))
    demoted_days = [day for day in demoted_days if not (tuned and cal.is_race_week_day(day))]
    least_km = min_session_km(easy_pace_s_per_km, paces.threshold.slow_min_per_km)
    # race week's session (six days out or nearer, whichever plan week holds it) is its tune-up,
    # not the build's: a week whose only session it is is no week "your faster sessions start"
    # in (a 10K runner read so of week 6, whose one session was "Race-week tune-up · 2 x 400 m")
    race_week_only = {cal.week_of(s.date) for s in sessions if s.kind == "run" and holds_quality_session(s) and cal.is_race_week_day(s.date)}
    held = [s for s in sessions if s.kind == "run" and holds_quality_session(s) and not cal.is_race_week_day(s.date)]
    race_week_only -= {cal.week_of(s.date) for s in held}
    build -= race_week_only
    # build weeks whose faster running is hill sprints alone (a day too short for the week's
    # session, or a step-back week repeating them): not a faster session as the note means it (a
    # coach read "weeks 4, 6 carry strides" as if weeks 3 and 5, with 4 x 10 s uphill, held one)
    hill_weeks = {cal.week_of(s.date) for s in held if s.type == "hills"} - {cal.week_of(s.date) for s in held if s.type != "hills"}
    hill_weeks &= build
    with_session = {cal.week_of(s.date) for s in held} - hill_weeks
    demoted_days = demoted_days + [min(s.date for s in held if cal.week_of(s.date) == w) for w in hill_weeks]
    # (a week a break cuts short is small for the break, which the plan says elsewhere)
    too_small = {
        w.index for w in weeks
        if w.index in build and not cal.touched(w.index) and 0 < w.run_km and quality_room_km(settings, w.run_km) < least_km
    } - into_race_week
    demoted_weeks = {cal.week_of(day) for day in demoted_days if cal.week_of(day) in build} - with_session - into_race_week
    km_of = {w.index: w.run_km for w in weeks}
    # a week big enough for a session whose quality day was too short for one: the day is named
    # (a 3:00 marathoner's 76 km week read "this week is still small")
    # (the week's first such day: a second quality day the week held as strides is not named; a
    # week that held a session on another day is in no note)
    roomy = {w for w in demoted_weeks if quality_room_km(settings, km_of[w]) >= least_km}
    least_min = math.ceil(least_km * easy_pace_s_per_km / 60)
    out = _short_quality_day_reasons(
        cal, {w: min(d for d in demoted_days if cal.week_of(d) == w) for w in roomy}, sessions, least_min, hill_weeks,
        step_back_weeks, settings.easy_share,
    )
    # a week back from a break that runs easy runs alone carries no strides: the break's note
    # says why (a novice's week back read "weeks 4, 6, 7 carry strides" beside a week 6 of three
    # easy runs)
    striding = {cal.week_of(s.date) for s in sessions if s.kind == "run" and "strides" in s.title.lower()} | hill_weeks
    demoted = sorted(w for w in (demoted_weeks - roomy) | (too_small - with_session) if w in striding or w not in cal.weeks_holding_days_back)
    if not demoted:
        return out
    if quality_room_km(settings, 1.0) <= 0:
        # a runner whose rules keep all running easy: no week holds one, whatever its size (the
        # note divided by the room and raised ZeroDivisionError)
        return [f"{_weeks_carry(cal, demoted, hill_weeks)} instead of a faster session: your rules keep all of your running easy."] + out
    session_week_km = least_km / quality_room_km(settings, 1.0)  # the least week whose easy share holds a session
    many = len(demoted) > 1
    # the weeks named carry hill sprints: the note's first sentence says they fit smaller weeks
    hills_named = any(w in hill_weeks for w in demoted)
    later = sorted(w for w in with_session if w > demoted[-1])
    first = min(with_session, default=None)
    before_first = [w for w in demoted if first is not None and w < first]
    backs_after = [w for w in demoted if first is not None and w > first]
    if first is not None and not replan and before_first and set(backs_after) <= step_back_weeks:
        # what the plan does, not a threshold it computes: a novice read "once a week holds about
        # 19 km ... the sessions start" beside a first session in a 17.7 km week (a smaller set
        # than the 8 min at threshold the estimate assumes); only where no session came before
        # (a base week's, or a re-plan's run before it), and the step-back weeks after the first
        # session said for what they are (hill sprints in weeks 5-6 before a first session in
        # week 7 of a 3-day runner, strides in step-back week 8)
        # "once the weeks have grown" only where size was the reason: build weeks before the first
        # session big enough for one wait for something else (a sore tendon's or a recent strain's
        # first weeks, said in their own note; a coach read the clause beside 28-29 km weeks 3, 4
        # and 6 of a tendinopathy runner whose first session came in a 30 km week 7)
        waited = [w for w in build if w < first and w not in demoted and w not in with_session and not cal.touched(w)]
        grown = ", once the weeks have grown" if not waited and km_of[first] > max(km_of[w] for w in before_first) + 0.05 else ""
        # one session in all is no series that "starts" (a 5K novice's one session, in week 6)
        sessions_held = sum(1 for s in held if cal.week_of(s.date) in with_session)
        begin = "Your faster sessions start" if sessions_held > 1 else "Your one faster session comes"
        after = f"{begin} in week {cal.weeks_before_start + first} ({km_of[first]:.1f} km){grown}."
        first_set = next((x.title.split(" · ", 1)[-1] for x in held if cal.week_of(x.date) == first and x.type not in ("long", "hills")), None)
        if first_set is not None and km_of[first] < max(km_of[w] for w in before_first) - 0.05:
            # a first week smaller than a week said too small holds a smaller set than the
            # estimate counts (a novice read "weeks (11.1-18.0 km) are still small" beside his
            # one session, 2 x 400 m, in a 17.7 km week 9)
            after = after[:-1] + f": {first_set}, a smaller set than the estimate above counts, which fits a smaller week."
        if all(s.type == "long" for s in held if cal.week_of(s.date) == first) and km_of[first] < session_week_km:
            # a first week smaller than the weeks said too small, whose work the long run carries:
            # its minutes count as faster running, not the easy kilometres around them (a 68-year-old
            # read "these weeks (13.2-16.6 km) are still small ... Your faster sessions start in week
            # 8 (14.5 km)" beside "Long run · 7.2 km with 2 x 4 min at threshold pace")
            begin = "Your faster running starts" if sessions_held > 1 else begin
            after = (f"{begin} in week {cal.weeks_before_start + first} ({km_of[first]:.1f} km), inside its long run: "
                     "a few minutes at a faster pace within an easy run fit a smaller week.")
        if backs_after:
            after += f" {_smaller_on_purpose(cal, backs_after, easing_weeks)}."
    elif later and set(demoted) <= step_back_weeks:
        after = f"{'They are step-back weeks' if many else 'It is a step-back week'}, smaller on purpose; the sessions come back after."
    else:
        week_km = math.ceil(session_week_km)  # "from about": the first whole km that holds it
        # the estimate is threshold's least session; where a smaller session (2 x 400 m, 1 km at
        # half-marathon pace) came in a full build week smaller than that, the note names it (a
        # coach read "fits from weeks of about 21 km" beside 2 x 400 m in a 20.3 km week; the
        # number lowered to the week's, "about 4.0 km in all" before it read as a session of
        # 20 km weeks that the numbers put at 21)
        # (not a long run carrying the week's work: "a shorter one fitted week 3" read as a
        # smaller session beside an 18:30 5K runner's long run with 2 x 5 min at threshold)
        held_in = sorted(
            (km_of[w], w) for w in {cal.week_of(x.date) for x in held if x.type not in ("hills", "long")}
            if w in build and w not in step_back_weeks and w in km_of and km_of[w] < week_km
        )
        shorter = (f"; a shorter one fitted week {cal.weeks_before_start + held_in[0][1]} ({held_in[0][0]:.1f} km)"
                   if held_in else "")
        # the run day's time only where the runner's days have limits: a novice without any
        # read "a run day of 35 min or more" beside run days of 45-53 min
        day_min = math.ceil(least_km * easy_pace_s_per_km / 60 / 5) * 5
        on_a_day = f", on a run day of {day_min} min or more" if _run_days_limited(cal) else ""
        # where the base's hill sprints ran in a smaller week, the note says why they could (a
        # coach read "fits from weeks of about 21 km" beside hill sprints in a 17.5 km week)
        hills = sorted(cal.week_of(x.date) for x in sessions if x.type == "hills" and km_of.get(cal.week_of(x.date), week_km) < week_km)
        # (the weeks are named where the note begins: "(week 3)" after it read as one of them)
        # (said once: where the weeks named carry hill sprints, the note's first sentence says it)
        smaller = "; hill sprints, a few seconds of fast running each in an easy run, fit smaller weeks" if hills and not hills_named else ""
        after = f"Such a session fits from weeks of about {week_km} km{on_a_day}{shorter}{smaller}."
        # the weeks whose long run carries the work, named, so that a week of the same size
        # beside them reads why (an 18:30 5K runner's weeks 3 and 5 ran threshold in the long run)
        in_long = sorted(w for w in {cal.week_of(x.date) for x in held if x.type == "long"} if w in build)
        if in_long:
            after += f" In week{'s' if len(in_long) > 1 else ''} {cal.week_numbers(in_long)} the long run carries the week's faster running instead."
    # the run days' time only where a run day has a limit (a novice without any read "or their
    # run days too short"), and the fast part named, not timed: the estimate's 8 min at threshold
    # stands for the least session of any kind, and a coach read "about 8 min of faster running"
    # beside a novice's first intervals, 2 x 400 m (4.6 min)
    days_too_short = f", or {'their' if many else 'its'} run days too short" if _run_days_limited(cal) else ""
    # the session counts whole, its easy minutes too: said so, and that hill sprints barely count
    # (a coach read "a faster session is about 5.1 km in all ... a small week
    # cannot hold one" beside a 6.8 km hill-sprint run in the same week and took the note for wrong)
    easy_part, hard_part = shares_in_words(settings.easy_share)
    other_part = hard_part.removeprefix("a ")  # "the other fifth", "the other 10 %"
    hills_easy = (f" Hill sprints, a few seconds uphill each inside an easy run, barely touch that {other_part}: they fit smaller weeks."
                  if hills_named else "")
    return [
        f"{_weeks_carry(cal, demoted, hill_weeks)} instead of a faster "
        f"session: {_still_small(demoted, km_of, still=not set(demoted) <= step_back_weeks)}{days_too_short}. About {easy_part} of a week's running "
        f"time stays easy, and a faster session counts whole against the other {other_part}: its faster running "
        f"and the 10 min of easy running before and after it (about {least_km:.1f} km in all), so a small week cannot hold one.{hills_easy} {after}"
    ] + out


def _smaller_on_purpose(cal: PlanCalendar, weeks: list[int], easing_weeks: Collection[int]) -> str:
    """"Weeks 6, 9 are step-back weeks, smaller on purpose", a week that already tapers toward
    the race said as one (``easing_weeks``)."""
    backs = [w for w in weeks if w not in easing_weeks]
    easing = [w for w in weeks if w in easing_weeks]
    parts = []
    if backs:
        parts.append(f"week{'s' if len(backs) > 1 else ''} {cal.week_numbers(backs)} {'are step-back weeks' if len(backs) > 1 else 'is a step-back week'}")
    if easing:
        parts.append(f"week{'s' if len(easing) > 1 else ''} {cal.week_numbers(easing)} already {'ease' if len(easing) > 1 else 'eases'} off toward the race")
    said = " and ".join(parts)
    return f"{said[0].upper()}{said[1:]}, smaller on purpose"


def _still_small(weeks: list[int], km_of: Mapping[int, float], *, still: bool = True) -> str:
    """"these weeks (13.1-19.2 km) are still small": with the weeks' sizes, so that a week near
    the first session's reads as small beside it (a coach read "weeks 4, 6, 7 are still small"
    beside a 19.2 km week 6 and took it for a week that could hold one). Step-back weeks alone
    (``still`` False) are small, not "still" small: the note goes on that they are smaller on
    purpose (a runner read "still small" and "It is a step-back week, smaller on purpose" of one week)."""
    small = "still small" if still else "small"
    sizes = sorted(km_of[w] for w in weeks if w in km_of)
    if not sizes:
        return f"{'these weeks are' if len(weeks) > 1 else 'this week is'} {small}"
    span = f"{sizes[0]:.1f} km" if sizes[-1] - sizes[0] < 0.05 else f"{sizes[0]:.1f}–{sizes[-1]:.1f} km"
    return f"{'these weeks' if len(weeks) > 1 else 'this week'} ({span}) {'are' if len(weeks) > 1 else 'is'} {small}"


def _short_quality_day_reasons(
    cal: PlanCalendar, day_of_week: Mapping[int, date], sessions: list[Session], least_session_min: int,
    hill_weeks: Collection[int] = (), step_back_weeks: Collection[int] = (), easy_share: float = 0.8,
) -> list[str]:
    """Why weeks big enough for a faster session carry strides (or, ``hill_weeks``, hill
    sprints) on the day meant for it: the day's time limit (beside its strength session, where
    it has one), where what the limit leaves the run is under ``least_session_min``, else the
    run's share of the week; one sentence for the weeks that share a reason, which says so
    where they are all ``step_back_weeks`` (a masters marathoner's step-back week 6 read only
    that its run stays too short). A run longer than the week's share of faster running is too
    long for a session, not too short: a session counts whole against that share (a 3-day
    marathoner's 149-min Monday read that it "stays too short" for one)."""
    strength_days = {s.date for s in sessions if s.kind == "strength"}
    busy_min: Counter[date] = Counter()
    run_min: Counter[date] = Counter()
    week_run_min: Counter[int] = Counter()
    for s in sessions:
        if s.kind in ("strength", "mobility"):
            busy_min[s.date] += s.duration_min
        elif s.kind == "run":
            run_min[s.date] += s.duration_min
            week_run_min[cal.week_of(s.date)] += s.duration_min
    grouped: dict[tuple[str, int | None, bool, str], list[int]] = {}
    for week, day in sorted(day_of_week.items()):
        limit = cal.max_minutes(day)
        # the limit is named only where it is what kept the session off (a 90-min day's run
        # may be short for the week's other runs instead)
        held_by_limit = limit is not None and limit - busy_min[day] < least_session_min
        if held_by_limit:
            reason = "limit"
        elif run_min[day] > (1 - easy_share) * week_run_min[week]:
            reason = "long"
        elif week in step_back_weeks and run_min[day] >= least_session_min:
            # a step-back week whose run holds the least session's minutes: not "too short" (a
            # half marathoner's 35-min hill sprints, 15 min easy either side, read so, beside a
            # later step-back week's 2 x 6 min at threshold in 37 min)
            reason = "back"
        else:
            reason = "short"
        grouped.setdefault((weekday_name(day), limit if held_by_limit else None, day in strength_days, reason), []).append(week)
    out = []
    hard_share = shares_in_words(easy_share)[1]
    for (weekday, limit_min, strength, reason), group in grouped.items():
        on = f"{DAY_NAMES[weekday]}{'s' if len(group) > 1 else ''}"
        if reason == "long":
            out.append(
                f"{_weeks_carry(cal, group, hill_weeks)} on {on} instead of a faster session: the run there is more "
                f"than {hard_share} of the week's running time, and a faster session counts whole, warm-up and "
                f"cool-down too, as faster running, which stays within {hard_share} of the week."
            )
            continue
        if reason == "back":
            out.append(
                f"{_weeks_carry(cal, group, hill_weeks)} on {on} instead of a faster session: "
                f"{'they are step-back weeks' if len(group) > 1 else 'it is a step-back week'}, lighter on purpose."
            )
            continue
        why = (
            f"the day's {limit_min} min{' beside its strength session' if strength else ''} leave too little time"
            if limit_min is not None
            else "the run there stays too short, beside the week's other runs,"
        )
        backs = group and all(w in step_back_weeks for w in group)
        smaller = (f" {'They are step-back weeks' if len(group) > 1 else 'It is a step-back week'}, smaller on purpose."
                   if backs else "")
        out.append(
            f"{_weeks_carry(cal, group, hill_weeks)} on {on} instead of a faster session: "
            f"{why} for 10 min of easy running before and after the faster part.{smaller}"
        )
    return out


def _weeks_carry(cal: PlanCalendar, weeks: Sequence[int], hill_weeks: Collection[int]) -> str:
    """"Weeks 3, 5 carry hill sprints and weeks 4, 6 strides": what ``weeks`` (plan weeks, in
    order) run instead of a faster session, hill sprints in ``hill_weeks``."""

    def listed(group: list[int]) -> str:
        return f"Week{'s' if len(group) > 1 else ''} " + cal.week_numbers(group)

    hills = [w for w in weeks if w in hill_weeks]
    others = [w for w in weeks if w not in hill_weeks]
    if not hills:
        return f"{listed(others)} {_carried(cal, len(others) > 1)}"
    said = f"{listed(hills)} {'carry' if len(hills) > 1 else 'carries'} hill sprints (a few seconds uphill each)"
    if others:
        said += f" and {listed(others).lower()} {_carried(cal, len(others) > 1).split(' ', 1)[1]}"
    return said


def _carried(cal: PlanCalendar, many: bool) -> str:
    """What a week without its faster session runs instead: strides, or for a sore tendon, which
    runs none (no sprints on it), easy running (its note said "carries strides")."""
    if cal.request.runner.hamstring_history == "tendinopathy":
        return "run easy" if many else "runs easy"
    return "carry strides" if many else "carries strides"


def _run_days_limited(cal: PlanCalendar) -> bool:
    """Whether any of the runner's run days has a time limit."""
    return any(cal.max_minutes(d) is not None for d in cal.days if cal.is_run_weekday(d))


#: What the plan says of an easy run beside the long run that often passes an hour: (1) the day
#: after it (``recovery_runs``: the runner's other run days cannot take more of the week's
#: distance), (-1) the day before it (``day_before_long_run`` caps it only in weeks of 4+ run
#: days: with three, the week's distance has no other day), each with the change of run days
#: that would let it be short.
_BESIDE_LONG_RUN_SAID = {
    1: ("the day after the long run", (
        "your other run days cannot take more of the week's distance. "
        "The day after a long run is best a short recovery run (20–40 min): moving that run later in the week, "
        "or adding a run day, would let the plan keep it short."
    )),
    -1: ("the day before the long run", (
        "with your run days, the week's distance has no other day. "
        "Two long days back to back give your hamstrings no day to recover; a run day midweek would let the "
        "plan keep the run before the long run to an hour or less."
    )),
}


def _other_days_held(cal: PlanCalendar, named: set[str], counted: list[Week], sessions: list[Session]) -> str:
    """Why each of the runner's other run days (not ``named``, not the long-run day) takes no
    more: the day before the long run stays short, the faster session's day is that session,
    a day with a time limit is full; "" where one of them has no such reason (the sentence then
    says no more than it knows). A coach read "your other run days cannot take more" as untrue
    beside a Friday of 56-59 min and no limits: Friday was the day before the long run."""
    long_day = cal.request.schedule.long_run_day
    # the run before the long run is capped only in weeks of enough run days (day_before_long_run):
    # a Monday, Saturday and Sunday runner read "Saturday, the day before the long run, stays short"
    capped_eve = long_run_eve(cal.request) if eve_of_long_run_is_a_run_day(cal.request) else None
    # ... and where the plan keeps it so: a plan whose 180-min long run needed more of that day
    # let the cap go (``PlanContext.eve_cap``), and its runs there pass the hour
    if any(s.kind == "run" and weekday_name(s.date) == capped_eve and s.duration_min > EASY_RUN_MAX_MINUTES for s in sessions):
        capped_eve = None
    quality_days = Counter(weekday_name(s.date) for s in sessions if s.kind == "run" and s.is_quality)
    reasons = []
    for day in cal.request.schedule.run_days:
        if day in named or day == long_day:
            continue
        limit = cal.request.schedule.max_minutes.get(day)
        if day == capped_eve:
            reasons.append(f"{DAY_NAMES[day]}, the day before the long run, stays short")
        elif 2 * quality_days[day] >= len(counted):
            reasons.append(f"{DAY_NAMES[day]} is your faster session")
        elif limit is not None:
            reasons.append(f"{DAY_NAMES[day]} has your {limit}-min limit")
        else:
            return ""
    return f" ({'; '.join(reasons)})" if reasons else ""


def no_shakeout_day_note(cal: PlanCalendar, sessions: list[Session]) -> list[str]:
    """Where none of the runner's run days falls two or three days before the race (where a short
    shakeout goes: ``race_week_shakeout``) and the last run comes ``NO_RUN_DAYS_SAID`` or more days before it,
    the days a shakeout jog would take, if the runner can add one (a 10K runner on Monday,
    Saturday and Sunday ran last on Monday, six days out, and the plan said nothing; the day
    before the race rests: its runs' cool-down holds static hamstring stretches)."""
    if cal.run_days_before_race(range(FIRST_SHAKEOUT_DAY, SHAKEOUT_DAYS + 1)):
        return []
    race = cal.race_day
    ran = [s.date for s in sessions if s.kind == "run" and s.status != "cancelled" and s.date < race]
    window = [race - timedelta(days=k) for k in range(SHAKEOUT_DAYS, FIRST_SHAKEOUT_DAY - 1, -1)]  # earliest first
    free = [d for d in window if d >= cal.request.start and d not in cal.blackout_days and weekday_name(d) not in cal.request.schedule.rest_days]
    if not ran or not free or (race - max(ran)).days < NO_RUN_DAYS_SAID:
        return []
    last = max(ran)
    # a run day a break takes is the break's (the note had said "none of your run days falls" there)
    taken = any(weekday_name(d) in cal.request.schedule.run_days and d in cal.blackout_days for d in window)
    why = ("your break takes your run day two or three days out" if taken
           else "none of your run days falls two or three days out")
    # a sore tendon runs no strides (tendinopathy_care), nor a graduated return's days
    easing = cal.request.easing
    no_fast = cal.request.runner.hamstring_history == "tendinopathy" or (easing is not None and any(d <= easing.until for d in free))
    strides = "" if no_fast else " with a few strides"
    return [
        f"Your last run before the race is on {last:%A} ({(race - last).days} days before it): {why}, "
        f"where a short shakeout run usually goes. If you can, jog 15–20 min easy{strides} on "
        f"{' or '.join(f'{d:%A}' for d in free)}; rest the day before the race."
    ]


#: The days from the last run to the race from which :func:`no_shakeout_day_note` speaks (four,
#: a Wednesday before a Sunday race, is a short race week's usual last run).
NO_RUN_DAYS_SAID = 5


def beside_long_run_notes(cal: PlanCalendar, weeks: list[Week], sessions: list[Session], eased_eves: Collection[date] = ()) -> list[str]:
    """Why an easy run the day after (or before) the long run passes an hour (COACHING.md: easy
    runs 30-60 min) in many weeks: said when it does in a quarter of the weeks before race week
    or more, at least two (``said_often``, as ``recovery_runs`` advises the day after). Runs
    before the long run on ``eased_eves`` (weeks whose session ran inside the long run to keep
    that run near its hour, :func:`sessions_in_long_run_note`) are that note's, not this one's:
    a Friday of 75 min read as one of "two long days back to back" beside the note that said
    the move had ended them."""
    counted = [w for w in weeks if w.phase != "race"]
    runs = {s.date: s for s in sessions if s.kind == "run"}
    days = [week.start + timedelta(days=offset) for week in counted for offset in range(week.days)]
    notes = []
    for offset_days, (where, why) in _BESIDE_LONG_RUN_SAID.items():
        found = runs_beside_long_run_past_hour(runs, days, offset_days)
        if offset_days == -1:
            found = [run for run in found if run.date not in eased_eves]
        if not said_often(len(found), len(counted)):
            continue
        named = " and ".join(sorted({run.date.strftime("%A") for run in found}))
        weeks_said = f"all {len(counted)}" if len(found) == len(counted) else f"{len(found)} of the {len(counted)}"
        if offset_days == 1:
            held = _other_days_held(cal, {weekday_name(run.date) for run in found}, counted, sessions)
            why = why.replace("the week's distance. ", f"the week's distance{held}. ", 1)
        notes.append(
            f"Your {named} run, {where}, lasts up to {max(r.duration_min for r in found)} min in {weeks_said} "
            f"weeks before race week: {why}"
        )
    return notes


def sessions_in_long_run_note(cal: PlanCalendar, moved: Mapping[int, tuple[str, date, date, int | None]]) -> list[str]:
    """Which weeks run their session inside the long run because the day after it would pass its
    hour, or the day before it its cap (``hamplan.plan.day_runs._session_into_long_run`` and
    ``_session_into_long_run_for_its_eve``; ``moved``: week -> (the session's paces,
    ``pace_kind``, the day it left, the long run's day, and where it moved for the day before,
    that day's run's minutes)), in the runner's words: the day it left is an easy run then. One
    sentence per reason."""
    def named(days: Collection[date]) -> str:
        return weekday_names(sorted({weekday_name(day) for day in days}, key=WEEKDAYS.index))

    out = []
    for for_eve in (False, True):
        group = {w: v for w, v in moved.items() if (v[3] is not None) == for_eve}
        if not group:
            continue
        weeks = sorted(group)
        kinds = {kind for kind, _, _, _ in group.values()}
        if {"tempo", "tempo+half"} <= kinds:
            threshold = "threshold running (with half-marathon pace in the peak weeks)"
        else:
            threshold = "threshold and half-marathon-pace running" if "tempo+half" in kinds else "threshold running"
        said = " or ".join(([threshold] if kinds & {"tempo", "tempo+half"} else []) + (["marathon-pace running"] if "marathon" in kinds else []))

        left = [day for _, day, _, _ in group.values()]
        if for_eve:
            before = [long_day - timedelta(days=1) for _, _, long_day, _ in group.values()]
            most = max(minutes or 0 for _, _, _, minutes in group.values())
            # (its minutes said: where the other runs could not take all of it, it keeps a few
            # minutes past the hour)
            within = "within an hour" if most <= BEFORE_LONG_MAX_MIN else f"to {most} min at most, near its hour"
            why = (f"so the run the day before the long run ({named(before)}) keeps {within}, rather than two long days "
                   "in a row, when tired hamstrings strain most.")
        else:
            after = [long_day + timedelta(days=1) for _, _, long_day, _ in group.values()]
            why = f"your other run days are full, and so the run the day after the long run ({named(after)}) stays within an hour."
        out.append(
            f"In week{'s' if len(weeks) > 1 else ''} {cal.week_numbers(weeks)} the long run carries your {said}, with easy running "
            f"before and after it, and the session's day ({named(left)}) runs easy and takes the week's distance: {why}"
        )
    return out


def re_plan_week_notes(request: PlanRequest, ctx: PlanContext, weeks: list[Week], sessions: list[Session], since: date) -> list[str]:
    """Why a re-plan's week (one that continues a plan: ``phases_from``) that still has run days
    from ``since`` holds no long run, or runs nothing on them: a break or the runs missed in it
    left a week whose runs were a 2.5 km "long run" beside a 2.5 km run, or no run at all, and
    the plan said nothing. The safety rule ``long_run`` holds a long run to half of its week, so
    a week of one run day, or whose longest run is more than half of what it runs, holds none;
    a week whose share of the plan's target is less than a 20-minute run runs nothing
    (``short_runs``). A new plan's weeks a blackout touches are the break note's to explain."""
    if request.phases_from is None:
        return []
    cal = ctx.cal
    # numbered as the runner reads the weeks: on from the first plan's start (``weeks_before``)
    number = {w.start: cal.weeks_before_start + w.index for w in weeks}
    runs = [s for s in sessions if s.kind == "run" and s.status != "cancelled"]
    notes = []
    for week in range(1, cal.week_count + 1):
        days = cal.week_days(week)
        free = [d for d in cal.run_days_in(week) if d >= since]
        if cal.is_race_week(week) or not free or days[0] not in number:
            continue
        week_runs = [r for r in runs if r.date in days]
        if any(r.type == "long" for r in week_runs):
            continue
        ahead = [r for r in week_runs if r.date >= since]
        if not ahead:
            target = ctx.targets.week_km.get(week)
            if target is not None and target * TENTHS < ctx.min_run_tenths:
                named = " and ".join(d.strftime("%A") for d in free)
                notes.append(
                    f"Week {number[days[0]]} runs nothing on {named}: what the break leaves of the week's target, "
                    f"{target:.1f} km, is less than a {MIN_RUN_MINUTES}-minute run."
                )
            continue
        longest = max(ahead, key=lambda r: (r.distance_km or 0.0, r.date))
        longest_km, week_km = longest.distance_km or 0.0, sum(r.distance_km or 0.0 for r in week_runs)
        day = longest.date.strftime("%A")
        if len(cal.run_days_in(week)) == 1:
            why = f"the break leaves it one run day, {day}, and a long run is at most half of its week's running (the long_run rule)"
        elif longest_km > ctx.settings.long_run_share * week_km + 0.05:
            why = (f"a long run is at most half of its week's running (the long_run rule), and this week's runs add up "
                   f"to {week_km:.1f} km")
        else:
            continue
        notes.append(f"Week {number[days[0]]} holds no long run: {why}, so {day}'s {longest_km:.1f} km run is an easy run.")
    return notes


def session_day_notes(cal: PlanCalendar, weeks: list[Week], sessions: list[Session]) -> list[str]:
    """Where build, peak or taper weeks run their faster session off its usual weekday, a day with
    a time limit, on a roomier day because the run is longer than that limit, the weeks and the
    reason (a coach read a marathoner's marathon-pace runs move from his 45-min Wednesday to
    Friday in weeks 14-16, and back in the taper, without a word of why).

    A block of consecutive weeks on the roomier day is named whole where one of its runs outgrows
    the usual day, a step-back or taper week whose run would have fitted too (a runner counts
    the Fridays, and the note named only the longer ones); a week off the usual day on its own,
    whose run fits there, is not this reason's; weeks a break touches are the break's to explain
    and left out, as are weeks whose long run carries the work; each roomier day is named with
    its weeks. The reason is the run's length, warm-up,
    cool-down and easy running with it, not the set's: a taper's shorter set can run longer than
    a peak week's on its day (base weeks' hill sprints, counted, also made the roomier day the
    usual one and dropped the note)."""
    by_week: dict[int, Session] = {}
    in_long_run: set[int] = set()  # weeks whose long run carries the work (a block runs on across them)
    for week in weeks:
        if week.phase not in ("build", "peak", "taper") or cal.touched(week.index):
            continue
        end = week.start + timedelta(days=week.days)
        real = [s for s in sessions if s.kind == "run" and week.start <= s.date < end and holds_quality_session(s)]
        # a long run carrying the week's work is on the long run's day, not a session moved
        # (a half marathoner read "week 5 runs your faster session on Saturday instead of
        # Thursday: that run lasts 122 min, longer than Thursday's 75 min hold")
        if len(real) == 1 and real[0].type != "long":
            by_week[week.index] = real[0]
        elif len(real) == 1:
            in_long_run.add(week.index)
    if len(by_week) < 2:
        return []
    counts = Counter(s.date.weekday() for s in by_week.values())
    home = max(counts, key=lambda day: (counts[day], -min(w for w, s in by_week.items() if s.date.weekday() == day)))
    home_day = next(s.date for s in by_week.values() if s.date.weekday() == home)
    home_cap = cal.max_minutes(home_day)
    if home_cap is None:
        return []
    # blocks of consecutive weeks that run the session on the same other day
    blocks: list[list[int]] = []
    previous: tuple[int, int] | None = None  # (the last week read, its session's weekday)
    for week, session in sorted(by_week.items()):
        day = session.date.weekday()
        if day == home:
            previous = None
            continue
        # (weeks whose long run carries the work break no block: a marathon's weeks 20, 22 and 23
        # on Wednesday, week 21's marathon pace in its long run, are one)
        if previous is not None and previous[1] == day and all(w in in_long_run for w in range(previous[0] + 1, week)):
            blocks[-1].append(week)
        else:
            blocks.append([week])
        previous = (week, day)
    moved: dict[int, list[int]] = {}
    for block in blocks:
        block_sessions = [by_week[w] for w in block]
        roomier = (cal.max_minutes(block_sessions[0].date) or EASY_RUN_MAX_MINUTES * 10) > home_cap
        if roomier and any(s.duration_min > home_cap for s in block_sessions):
            moved.setdefault(block_sessions[0].date.weekday(), []).extend(block)
    if not moved:
        return []
    parts = []
    for n, moved_weeks in enumerate(moved.values()):
        many = len(moved_weeks) > 1
        day = f"{by_week[moved_weeks[0]].date:%A}"
        label = f"week{'s' if many else ''} {cal.week_numbers(sorted(moved_weeks))}"
        parts.append(f"{label} run{'' if many else 's'} your faster session on {day}" if n == 0 else f"{label} on {day}")
    said = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    named = [w for weeks_on in moved.values() for w in weeks_on]
    longest = max(by_week[w].duration_min for w in named)
    runs = "those runs last up to" if len(named) > 1 else "that run lasts"
    return [
        f"{said[0].upper()}{said[1:]} instead of {home_day:%A}: {runs} {longest:.0f} min, longer "
        f"than {home_day:%A}'s {home_cap} min hold."
    ]


def strength_days_note(cal: PlanCalendar, sessions: list[Session]) -> list[str]:
    """Where the runner's own ``strength_days`` hold under half the plan's strength sessions: how
    many they hold, which of them the rules keep strength off, and where the others went (a new
    user asked for Wednesday and Saturday, got Tuesday and Thursday, and read no word of why)."""
    schedule = cal.request.schedule
    asked = [d for d in WEEKDAYS if d in (schedule.strength_days or ())]
    strength = [s for s in sessions if s.kind == "strength" and s.status != "cancelled"]
    if not asked or not strength:
        return []
    held = sum(1 for s in strength if weekday_name(s.date) in asked)
    if 2 * held >= len(strength):
        return []
    eve = long_run_eve(cal.request)
    barred = [f"{DAY_NAMES[d]} is your long run's day" if d == schedule.long_run_day else f"{DAY_NAMES[d]} is the day before your long run"
              for d in asked if d in (schedule.long_run_day, eve)]
    never = "neither holds strength" if len(barred) == 2 else "it holds no strength"
    why = f": {' and '.join(barred)}, and {never} (the hamstrings come to the long run fresh)" if barred else ""
    most = [d for d, _ in Counter(weekday_name(s.date) for s in strength if weekday_name(s.date) not in asked).most_common(2)]
    spaced = ", where two sessions a week stay 48 hours apart," if cal.request.rules.strength_per_week >= 2 else ","
    return [
        f"Your strength {'days' if len(asked) > 1 else 'day'} ({weekday_names(asked)}) {'hold' if len(asked) > 1 else 'holds'} "
        f"{held} of your {len(strength)} strength sessions{why}. {'The others' if held else 'They'} fall mostly on {weekday_names(most)}{spaced} "
        "off your rest days and the days before a faster session."
    ]
