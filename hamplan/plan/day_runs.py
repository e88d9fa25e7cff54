"""Each day's run distance, from the skeleton's week volumes: the week's easy distance shared
out among its easy runs (a medium-long run midweek, short recovery runs, easy runs of 30-60 min),
the quality days too short for their session turned easy runs with strides, and the room race
week's tune-up needs (the placement part of the coaching rules ``medium_long_run``,
``recovery_runs``, ``easy_run_length`` and ``race_week_runs``)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from hamplan.calendar import PlanCalendar, race_class, weekday_name
from hamplan.content.runs import workout_paces
from hamplan.content.workouts import QUALITY_WARMUP_MIN, Progression, full_session_km, session_kind, threshold_with_half_pace
from hamplan.paces import recovery_pace_s_per_km
from hamplan.rules.base import PER_MILLE_SCALE, SPIKE_WINDOW_DAYS, TENTHS, km_in_minutes_tenths, longest_before_plan_km
from hamplan.rules.coaching.other_runs import other_run_room_in_week_pc
from hamplan.rules.coaching.targets import SHAKEOUT_DAYS, race_week_target
from hamplan.rules.coaching.quality import MASTERS_SPACING_AGE, quality_room_tenths
from hamplan.rules.coaching.week import (
    MEDIUM_LONG_ADVICE_SHARE,
    MEDIUM_LONG_MIN_RUNS,
    MEDIUM_LONG_MIN_WEEK_KM,
    MEDIUM_LONG_SHARE,
    RECOVERY_MAX_MIN,
    after_long_cap_tenths,
    before_long_cap_km,
    capped_week,
    least_medium_long_tenths,
)
from hamplan.rules.context import EASY_RUN_MAX_MINUTES, EASY_RUN_MIN_MINUTES, PlanContext
from hamplan.rules.settings import MIN_EASY_RUN_KM, OTHER_RUN_EXTRA_KM
from hamplan.rules.week_shape import EASY_SHARE_MARGIN_PM
from hamplan.solver.model_base import DayCaps, day_plan_cap_tenths, return_run_cap_tenths
from hamplan.solver import DayPlan, Skeleton
from hamplan.solver.quality import history_kinds, long_run_holds_work, long_run_may_carry_work


@dataclass
class PlannedDay:
    """A day of the solver's skeleton as the plan is built from it: its run's type and distance
    (tenths of a km, shared out here), and its workout."""

    plan: DayPlan
    run_type: str | None
    dist_tenths: int
    quality: str | None = None  # the workout: 'strides' on an easy run, else the quality type
    medium_long: bool = False  # the week's medium-long run (``medium_long_run``)
    #: a quality day's easy distance taken from the run the day after the long run, past its
    #: hour (``recovery_runs``): easy running beside the session, never more of its work
    taken_tenths: int = 0
    #: a long run carrying the week's session moved off its day (``_session_into_long_run``):
    #: the distance that day held as the session, whose work the long run's stays within, and
    #: the day it left (an easy run now)
    session_tenths: int = 0
    session_from: date | None = None
    #: a long run carrying the week's session moved off its day so that the run the day before
    #: it keeps within its cap (``_session_into_long_run_for_its_eve``)
    session_for_eve: bool = False
    #: a quality day too short for its session, run as an easy run with strides
    #: (``_quality_days_as_easy_runs``): no hard day, whatever its run type says until the content
    runs_strides_only: bool = False

    @property
    def work_tenths(self) -> int:
        """The distance a quality day's work is sized on: all of it but what it took beside its
        session (``taken_tenths``)."""
        return self.dist_tenths - self.taken_tenths


def week_run_km(cal: PlanCalendar, days: list[PlannedDay]) -> dict[int, float]:
    km = {w: 0.0 for w in range(1, cal.week_count + 1)}
    for d in days:
        if d.run_type is not None and d.plan.day != cal.race_day:
            km[cal.week_of(d.plan.day)] += d.dist_tenths / TENTHS
    return km


def _even_out(total: int, caps: list[int], floor: int) -> list[int]:
    """Share ``total`` tenths over days as evenly as their caps allow (each at least ``floor``)."""
    values = [min(floor, c) for c in caps]
    left = total - sum(values)
    while left > 0:
        open_days = [i for i, c in enumerate(caps) if values[i] < c]
        if not open_days:
            break
        share = max(1, left // len(open_days))
        for i in sorted(open_days, key=lambda i: (values[i], i)):
            give = min(share, caps[i] - values[i], left)
            values[i] += give
            left -= give
            if left == 0:
                break
    return values


def _least_passing(low: int, high: int, passes: Callable[[int], bool]) -> int:
    """The least value in (``low``, ``high``] that ``passes``, a test that holds from some value
    on and holds at ``high`` (a bisection)."""
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (low, mid) if passes(mid) else (mid, high)
    return high


def _held_short(total: int, caps: list[int], held: list[bool], floor: int) -> list[int]:
    """``caps`` with the ``held`` runs (the day after a hard day or the long run, the day before
    the long run) as short as the week's other runs allow, those filling to their caps first,
    where ``total`` fits at all (else ``caps``): evened out instead, a tendinopathy runner's
    Mondays after 17 km long runs ran 8.7 km, 61 min, beside an 8.7 km Friday that could hold
    11.2 (``recovery_runs``)."""
    if not any(held) or sum(_even_out(total, caps, floor)) < total:
        return caps
    def held_at(most: int) -> list[int]:
        return [min(c, most) if hold else c for c, hold in zip(caps, held)]

    # the whole caps fit: the held runs' longest cap is where the test holds
    most = _least_passing(0, max(c for c, hold in zip(caps, held) if hold), lambda m: sum(_even_out(total, held_at(m), floor)) == total)
    return held_at(most)


def _hard_day_after(days: list[PlannedDay], i: int) -> bool:
    """Whether the day after day ``i`` is a hard day or may be one, so that its run stays an easy
    one: the long run, a quality day (whatever it then runs: its session, or strides where the
    day falls short of one), a session's day moved into the long run (``placed_as_quality``), or
    hill sprints sized as an easy run. Wider than :func:`_hard_day_before` on purpose: the day
    before any of them keeps its hour."""
    if i + 1 >= len(days):
        return False
    after = days[i + 1].plan
    return after.run in ("long", "quality") or after.placed_as_quality or after.quality_type == "hills"


def _hard_day_before(days: list[PlannedDay], i: int) -> bool:
    """Whether the day before day ``i`` is hard, so that its run recovers: the long run, or a
    quality day that runs its session (race week's tune-up too). Not a quality day run as an
    easy run with strides (``runs_strides_only``, this week's or an earlier one's): a race
    week's Wednesday after Tuesday's easy run with strides read "Recovery run"."""
    if i == 0:
        return False
    before = days[i - 1]
    if before.plan.run == "long":
        return True
    return before.plan.run == "quality" and not before.runs_strides_only


def _recovery_days(days: list[PlannedDay], easy: list[int], cap_of: Any) -> set[int]:
    """The easy runs of a week that become recovery runs (the day after a long run or a quality
    session, :func:`_hard_day_before`), as far as their days hold the slower recovery pace:
    should the week's easy volume not fit, the tightest of them stays an easy run."""
    total = sum(days[i].dist_tenths for i in easy)
    slow = {i for i in easy if _hard_day_before(days, i)}
    while slow and sum(cap_of(i, i in slow) for i in easy) < total:
        slow.discard(min(slow, key=lambda i: (cap_of(i, True), i)))
    return slow


def shape_runs(ctx: PlanContext, skeleton: Skeleton, fixed_days: set[date]) -> list[PlannedDay]:
    """Run types and the easy runs' distances: each week's easy distance (fixed by the solver)
    goes to the easy runs in proportion, a run the day after a hard day or the long run stays a
    short recovery run, and a big week's run farthest from the long run is its medium-long run
    (the placement part of the coaching rules ``recovery_runs`` and ``medium_long_run``)."""
    cal = ctx.cal
    days = [PlannedDay(d, None, d.dist_tenths) for d in skeleton.days]
    recovery: set[int] = set()
    # the kinds of session the runner has run on a day of their own (a long run carries only those)
    own_kinds = history_kinds(ctx)
    for week in range(1, cal.week_count + 1):
        idx = [i for i in range(7 * (week - 1), min(7 * week, len(days)))]
        longest = max((days[i].dist_tenths for i in idx), default=0)
        easy = [i for i in idx if days[i].plan.run == "easy" and days[i].plan.day not in fixed_days]
        long_days = [i for i in idx if days[i].plan.run == "long"]
        if not long_days and easy and not cal.is_race_week(week):
            # without a long run the week's longest run is the next weeks' spike reference: keep it
            keep = max(easy, key=lambda i: (days[i].dist_tenths, -i))
            easy = [i for i in easy if i != keep]
        strides_only = _quality_days_as_easy_runs(ctx, days, idx, fixed_days) if easy else {}
        for i in strides_only:
            days[i].runs_strides_only = True
        if easy:
            partly_run = any(days[i].plan.day in fixed_days for i in idx)
            shared = _share_easy(ctx, days, week, idx, sorted(easy + list(strides_only)), long_days, longest, strides_only, partly_run)
            if not partly_run:
                _session_day_takes_past_hour(ctx, days, week, idx, set(easy) - set(strides_only), set(strides_only))
                moved = _session_into_long_run(ctx, skeleton, days, week, idx, easy, longest, fixed_days, own_kinds, set(strides_only))
                if moved is None:
                    moved = _session_into_long_run_for_its_eve(ctx, skeleton, days, week, idx, easy, longest, fixed_days, own_kinds, set(strides_only))
                shared = shared if moved is None else moved
            recovery |= shared
        for i in idx:
            kind = days[i].plan.run
            if kind == "quality" and (days[i].plan.quality_type == "strides" or (i in strides_only and strides_only[i] is None)):
                # a step-back week's first session of a kind new to the runner, with none before
                # it: an easy run with strides (hamplan.solver.quality.known_kind_in_step_back)
                days[i].run_type, days[i].quality = "easy", "strides"
            elif kind == "quality":
                days[i].run_type = days[i].plan.quality_type or "tempo"
                days[i].quality = days[i].run_type
            elif kind == "easy" and days[i].plan.quality_type == "hills":
                # a small week's hill sprints on an easy day (``assign_quality``): sized as an easy run
                days[i].run_type = days[i].quality = "hills"
            elif kind is not None:
                days[i].run_type = kind
                days[i].quality = days[i].plan.quality_type  # 'strides' on an easy run
        own_kinds |= {
            pace_kind(ctx, days[i].quality, week) for i in idx  # type: ignore[arg-type]
            if days[i].plan.run == "quality" and days[i].quality not in (None, "strides") and i not in strides_only
        }
    for i in recovery:
        if days[i].quality is None:
            days[i].run_type = "recovery"
    _room_for_hill_sprints(ctx, days, fixed_days)
    _room_for_tuneup(ctx, days, fixed_days)
    _real_race_week_runs(ctx, days, fixed_days)
    return days


def _room_for_hill_sprints(ctx: PlanContext, days: list[PlannedDay], fixed_days: set[date]) -> None:
    """A small week's hill sprints on an easy day (``assign_quality``) take from the week's other
    easy runs what they need to hold the least session (4 sprints with 10 min easy either side),
    where those can give it and keep their 20 min, and its whole step where that is no longer
    than the longest of them; the week's volume is unchanged. Evened out
    with them, a 5K runner's four 3.5 km runs left the session a 23-min run, and it fell back to
    strides. Within the day's time, under the week's long run and ``session_spike``; not in the
    six days before the race, whose runs only get lighter (``light_race_week``)."""
    cal = ctx.cal
    paces = workout_paces(ctx.paces, ctx.request.race.km)
    for hills in (i for i, d in enumerate(days) if d.run_type == "hills" and d.plan.run == "easy" and d.plan.day not in fixed_days
                  and not cal.is_race_week_day(d.plan.day)):
        week = cal.week_of(days[hills].plan.day)
        idx = list(range(7 * (week - 1), min(7 * week, len(days))))
        prog = Progression(phase=cal.phase(week), week_km=sum(days[i].dist_tenths for i in idx) / TENTHS, race_km=ctx.request.race.km)

        def holds(tenths: int) -> bool:
            return session_kind("hills", tenths / TENTHS, paces, prog, warmup_min=QUALITY_WARMUP_MIN) == "hills"

        long_run = max((days[i].dist_tenths for i in idx if days[i].plan.run == "long"), default=10**6)
        cap = min(day_plan_cap_tenths(cal, days[hills].plan, ctx.easy_pace_s_per_km, long_run), _spike_cap_tenths(ctx, days, hills, set(idx)))
        # the session's whole step where the others can give it (a 5K runner's 7 sprints fell to 4
        # in a full week, evened out with the week's easy runs), at least its least dose
        full = math.ceil(TENTHS * full_session_km("hills", paces, replace(
            prog, level=max(days[hills].plan.quality_index, 1), step_back=days[hills].plan.step_back)))
        least = days[hills].dist_tenths
        while least < cap and not holds(least):
            least += 1
        if not holds(least):
            continue
        donors = sorted(
            (i for i in idx if i != hills and days[i].run_type in ("easy", "recovery") and days[i].quality in (None, "strides")
             and days[i].plan.day not in fixed_days),
            key=lambda i: (-days[i].dist_tenths, i),
        )
        room = _room_above(days, donors, ctx.min_run_tenths)
        if room < least - days[hills].dist_tenths:
            _long_run_gives_the_rest(days, idx, hills, least, donors, ctx, fixed_days)
            continue
        # its whole step no longer than the week's longest easy run: not at the cost of runs
        # squeezed to 20 min (a 25 km week's six runs fell from 4.8 to 3.4 km and 24 min)
        longest_easy = max((days[i].dist_tenths for i in donors), default=0)
        deficit = min(max(least, min(full, longest_easy)), cap) - days[hills].dist_tenths
        _take_from(days, donors, hills, max(0, min(deficit, room)), ctx.min_run_tenths)


#: The least share of the week before's long run a step-back week's long run keeps when it
#: gives its hill sprints their room (:func:`_long_run_gives_the_rest`): a little under
#: Higdon's deepest step-back (13 -> 9 miles, 0.69).
STEP_BACK_LONG_LEAST = 0.65


def _long_run_gives_the_rest(
    days: list[PlannedDay], idx: list[int], hills: int, least: int, donors: list[int], ctx: PlanContext, fixed_days: set[date],
) -> None:
    """In a step-back week whose easy runs cannot give its hill sprints their least session and
    keep their 20 min, the long run gives the rest, staying the week's longest run: the week's
    work steps back rather than stops (COACHING.md), and a step-back week cuts its long run
    anyway. Four 5K runners' step-back weeks of 15-20 km ran four evened-out 21-23 min runs
    beside the long run, their hill sprints fallen back to strides. Volume unchanged; the long
    run stays long enough for the runs of the 30 days after it that it is the ``session_spike``
    reference of (:func:`_spike_floor_tenths`: a 10K runner's step-back long run cut from 6.6
    to 6.0 km left the next week's 7.2 km past 1.1 × the 6.2 km before it, a safety violation
    a random request found)."""
    # the rhythm's step-back weeks only: an early cutback keeps its long run (``early_step_back``)
    if not days[hills].plan.step_back or ctx.cal.week_of(days[hills].plan.day) not in ctx.targets.step_back_weeks:
        return
    longs = [i for i in idx if days[i].run_type == "long" and days[i].plan.day not in fixed_days]
    if len(longs) != 1:
        return
    long_at = longs[0]
    # (``donors``: the week's easy runs the hill sprints take from first, each keeping 20 min)
    min_run_tenths = ctx.min_run_tenths
    room = _room_above(days, donors, min_run_tenths)
    from_long = least - days[hills].dist_tenths - room
    # every other run as it will be: the donors each down to their 20 min
    others = max((min(days[i].dist_tenths, min_run_tenths) if i in donors else days[i].dist_tenths
                  for i in idx if i not in (hills, long_at) and days[i].run_type is not None), default=0)
    before = [days[i].dist_tenths for i in range(max(0, idx[0] - 7), idx[0]) if days[i].run_type == "long"]
    # about as deep as Higdon's deepest cut (13 -> 9 miles, 0.69), no deeper: a 9.8 km week's
    # long run fell from 6.4 to 3.6 km for a 25-min hill-sprint day beside it; nor under the
    # runner's own long run where it was not already (a coach read a 5.5 km step-back long run
    # under the 5.7 km the runner ran before the plan as a cut too deep)
    own = min(round(ctx.request.runner.long_run_km * TENTHS), days[long_at].dist_tenths)
    floor = max(least, others, own, math.ceil(STEP_BACK_LONG_LEAST * before[0]) if before else 10**6,
                _spike_floor_tenths(ctx, days, long_at))
    if days[long_at].dist_tenths - from_long < floor:
        return
    _take_from(days, donors, hills, room, min_run_tenths)
    days[long_at].dist_tenths -= from_long
    days[hills].dist_tenths += from_long


def _session_day_takes_past_hour(
    ctx: PlanContext, days: list[PlannedDay], week: int, idx: list[int], easy: set[int], strides_only: set[int],
) -> None:
    """The run the day after the long run past an hour, where the week's other easy runs are
    full, gives what passes the hour to the week's quality session as a longer warm-up and
    cool-down (its run's "then ... km easy"), as far as the session's day holds it, the session
    spike allows it and ``easy_share`` leaves room, as the solver counts it (the session's whole
    distance as quality); the week's volume is unchanged (``recovery_runs``). A 5-day
    marathoner's Mondays after the long run ran 84-97 min beside a 40-min threshold session on
    a free 75-min Wednesday. Not on a quality day run as an easy run with strides
    (``strides_only``: it stays short of its session), nor on the days of race week in the plan
    week before the race's, which keep what the solver gave them (``light_race_week``)."""
    cal = ctx.cal
    if cal.is_race_week(week):
        return
    free = [i for i in idx if not cal.is_race_week_day(days[i].plan.day)]
    after = [i for i in free if i in easy and i >= 1 and days[i - 1].plan.run == "long"]
    sessions = [i for i in free if days[i].plan.run == "quality" and days[i].plan.quality_type != "strides" and i not in easy | strides_only]
    if not after or not sessions:
        return
    hour = after_long_cap_tenths(ctx.easy_pace_s_per_km)
    share = round(ctx.settings.easy_share * PER_MILLE_SCALE)
    for i in after:
        past = days[i].dist_tenths - max(hour, ctx.min_run_tenths)
        if past <= 0:
            continue
        total = sum(days[j].dist_tenths for j in idx if days[j].plan.run is not None and days[j].plan.day != cal.race_day)
        quality = sum(days[j].dist_tenths for j in idx if days[j].plan.run == "quality")
        # (1000 - share) x easy >= (share + margin) x quality, as ``easy_share`` posts it, after the move
        room = ((PER_MILLE_SCALE - share) * (total - quality) - (share + EASY_SHARE_MARGIN_PM) * quality) // (PER_MILLE_SCALE + EASY_SHARE_MARGIN_PM)
        for q in sorted(sessions, key=lambda j: days[j].dist_tenths):
            # (the spike's reference without the run that gives: its distance is moving away)
            cap = min(day_plan_cap_tenths(cal, days[q].plan, ctx.easy_pace_s_per_km, 10**6), _spike_cap_tenths(ctx, days, q, {i}))
            move = max(0, min(past, room, cap - days[q].dist_tenths))
            if move:
                days[q].dist_tenths += move
                days[q].taken_tenths += move
                days[i].dist_tenths -= move
                past -= move
                room -= move


def pace_kind(ctx: PlanContext, kind: str, week: int) -> str:
    """The paces a session of ``kind`` runs in ``week``: a half marathon's threshold sessions of
    the peak and taper come with half-marathon pace (``hamplan.content.workouts``), a pace of
    their own to have run before a long run carries it."""
    if kind == "tempo" and threshold_with_half_pace(ctx.request.race.km, ctx.cal.phase(week)):
        return "tempo+half"
    return kind


#: The run the day after the long run passes its hour by more than this before the week's session
#: moves into the long run: a few minutes are no reason to change the week's shape (a coach read
#: weeks that saved 2-7 min as restructured for nothing, beside weeks left at 85 min).
SESSION_INTO_LONG_RUN_PAST_HOUR_MIN = 10


def _session_into_long_run(
    ctx: PlanContext, skeleton: Skeleton, days: list[PlannedDay], week: int, idx: list[int], easy: list[int], longest: int,
    fixed_days: set[date], own_kinds: set[str], strides_only: set[int],
) -> set[int] | None:
    """A half or marathon build or peak week whose run the day after the long run still passes
    an hour (the week's other runs full, its one session held short by ``easy_share``, which
    counts a session whole) runs the session's work, threshold or marathon pace, inside its long
    run, where only the work counts as hard, and the session's day becomes an easy run that takes
    the distance the day after the long run could not give anywhere else (``recovery_runs``).
    Only where the day after passes its hour by more than
    :data:`SESSION_INTO_LONG_RUN_PAST_HOUR_MIN` and the move keeps it within the hour; only a
    pace the runner has run on a day of its own (``own_kinds``, :func:`pace_kind`: a new pace is
    learnt fresh, not late in a long run; a half's peak threshold comes with half-marathon pace);
    not on a sore tendon (fast running loads it most, and its step-back weeks keep their long
    runs easy too), nor where the day after holds a strength session for a runner with a
    strained hamstring or of 60 or more (Nordic curls or deadlifts the morning after threshold
    stack two loading days). The long run's work stays within what the session's day held
    (``session_tenths``: moved, a session had grown from 11 min + 4 km to 13 min + 4.5 km). The
    long run's eve gives its strides to the session's day (no strides the day before a
    session). The week's volume and each day's limits as before. Returns the week's recovery
    runs then, else None (the days as they were). The week's days are re-shared from the
    solver's distances (``skeleton``: this week's sharing is the first change to them).
    A half marathoner on Sunday, Monday and Thursday ran 90 min the day after each 2-hour long
    run beside a 45-min threshold session on Thursday; Pfitzinger & Douglas keep that day for
    recovering, and run threshold and marathon pace inside long runs (COACHING.md)."""
    cal = ctx.cal
    if race_class(ctx.request.race.km) == "short" or cal.phase(week) not in ("build", "peak"):
        return None  # a 5K or 10K's build leads to intervals, which no long run carries
    found = _long_run_and_session_day(days, idx)
    if found is None or found[0] + 1 not in easy:
        return None
    long_at, q = found
    after = long_at + 1
    kind = days[q].plan.quality_type
    hour = after_long_cap_tenths(ctx.easy_pace_s_per_km)
    past = km_in_minutes_tenths(EASY_RUN_MAX_MINUTES + SESSION_INTO_LONG_RUN_PAST_HOUR_MIN, ctx.easy_pace_s_per_km)
    if days[after].dist_tenths <= past or not _session_may_move(ctx, skeleton, days, week, idx, fixed_days, own_kinds, strides_only, long_at, q):
        return None
    moved = _move_session_into_long_run(ctx, skeleton, days, week, idx, easy, longest, fixed_days, long_at, q)
    if moved is None:
        return None
    recovery, undo = moved
    if days[after].dist_tenths <= hour:
        days[long_at].session_tenths, days[long_at].session_from = skeleton.days[q].dist_tenths, days[q].plan.day
        return recovery
    undo()
    return None


#: The run before the long run, once the week's session runs inside the long run, passes its cap
#: by at most this many minutes (tried in steps of the second), or the session stays on its day.
EVE_PAST_CAP_MOST_MIN = 20
EVE_PAST_CAP_STEP_MIN = 5


def _session_into_long_run_for_its_eve(
    ctx: PlanContext, skeleton: Skeleton, days: list[PlannedDay], week: int, idx: list[int], easy: list[int], longest: int,
    fixed_days: set[date], own_kinds: set[str], strides_only: set[int],
) -> set[int] | None:
    """A half or marathon build or peak week whose run the day before the long run passes
    min(60 min, half the long run) by more than :data:`SESSION_INTO_LONG_RUN_PAST_HOUR_MIN`
    (``day_before_long_run``), because the week left it uncapped: three run days (a capped eve
    would leave no room for a session counted whole, ``capped_week``), or a settle that let the
    cap yield. Its session's work runs inside the long run, where only the work counts as hard,
    and the session's day, an easy run now, takes what the eve gives up, where that brings the
    eve within its cap, or within :data:`EVE_PAST_CAP_MOST_MIN` of it where the other runs,
    which stay under the long run, cannot take the rest (and the day after the long run no
    further past its hour). A marathoner on Tuesday, Friday and Saturday ran 143 min on Friday
    before each 180-min long run, all 17 weeks: two long days back to back, the fatigued
    hamstring the seed warns of. Not where the session's day is the day before the eve (it
    would be the first of three days in a row), nor, as yet, where the long run is its week's
    first day (its eve is the week before's, shared out already). Only where
    :func:`_session_may_move` allows it. Returns the week's recovery runs, else None."""
    cal = ctx.cal
    if race_class(ctx.request.race.km) == "short" or cal.phase(week) not in ("build", "peak"):
        return None
    if ctx.eve_cap and capped_week(cal, week):
        return None  # (the eve is capped already)
    found = _long_run_and_session_day(days, idx)
    if found is None or found[0] - 1 not in easy:
        return None
    long_at, q = found
    eve, after = long_at - 1, long_at + 1
    if q == eve - 1:
        # the session's day, then longer, would make three run days in a row end in the long
        # run's work (Friday, Saturday, Sunday: threshold on the third day, after 127 + 59 min)
        return None
    pace_s = ctx.easy_pace_s_per_km

    def eve_cap() -> int:
        return _eve_cap_tenths(ctx, pace_s, days[long_at].dist_tenths)

    def after_run() -> int:
        return days[after].dist_tenths if after in idx and days[after].plan.run is not None else 0

    if days[eve].dist_tenths <= eve_cap() + km_in_minutes_tenths(SESSION_INTO_LONG_RUN_PAST_HOUR_MIN, pace_s):
        return None
    if not _session_may_move(ctx, skeleton, days, week, idx, fixed_days, own_kinds, strides_only, long_at, q):
        return None
    hour = after_long_cap_tenths(pace_s)
    after_before = after_run()
    # within its cap where the session's day can take the rest, else within the fewest minutes
    # more, up to :data:`EVE_PAST_CAP_MOST_MIN` (the other runs stay under the long run: a
    # marathoner's 143-min Friday became 75 min beside a 137-min Tuesday)
    for minutes in range(0, EVE_PAST_CAP_MOST_MIN + 1, EVE_PAST_CAP_STEP_MIN):
        slack = km_in_minutes_tenths(minutes, pace_s)
        moved = _move_session_into_long_run(ctx, skeleton, days, week, idx, easy, longest, fixed_days, long_at, q, eve_slack_tenths=slack)
        if moved is None:
            return None
        recovery, undo = moved
        if days[eve].dist_tenths <= eve_cap() + slack and after_run() <= max(after_before, hour):
            days[long_at].session_tenths, days[long_at].session_from = skeleton.days[q].dist_tenths, days[q].plan.day
            days[long_at].session_for_eve = True
            return recovery
        undo()
    return None


def _long_run_and_session_day(days: list[PlannedDay], idx: list[int]) -> tuple[int, int] | None:
    """The week's long run and its one quality day (indices), or None where it holds other than
    one of each: the moves of a session into the long run read them."""
    longs = [i for i in idx if days[i].plan.run == "long"]
    quality = [i for i in idx if days[i].plan.run == "quality"]
    return (longs[0], quality[0]) if len(longs) == 1 and len(quality) == 1 else None


def _eve_cap_tenths(ctx: PlanContext, pace_s: int, long_tenths: int) -> int:
    """The run the day before a long run of ``long_tenths``, at most (``day_before_long_run``:
    min(60 min, half the long run), never under the shortest run), tenths of a km at ``pace_s``."""
    return int(before_long_cap_km(pace_s, long_tenths / TENTHS, ctx.min_run_tenths / TENTHS) * TENTHS)


def _session_may_move(
    ctx: PlanContext, skeleton: Skeleton, days: list[PlannedDay], week: int, idx: list[int], fixed_days: set[date],
    own_kinds: set[str], strides_only: set[int], long_at: int, q: int,
) -> bool:
    """Whether the week's session on day ``q`` may run inside its long run (``long_at``): a
    threshold or marathon-pace session of a pace the runner has run on a day of its own
    (``own_kinds``), in a full week, not a step-back one, on a day that holds it (not one of
    ``strides_only``); not on a sore tendon, nor where the day after the long run holds a
    strength session for a runner with a strained hamstring or of 60 or more; not on a day
    already run or in race week; and where the long run may carry work and holds the session's
    least dose."""
    cal = ctx.cal
    kind = days[q].plan.quality_type
    if kind not in ("tempo", "marathon") or pace_kind(ctx, kind, week) not in own_kinds:
        return False
    if q in strides_only or days[q].plan.step_back:
        return False  # (``strides_only``: the day falls back to strides, it holds no session)
    runner = ctx.request.runner
    after = long_at + 1
    loaded_after = after < len(days) and days[after].plan.strength and (
        runner.hamstring_history in ("past_strain", "recent_strain") or runner.age >= MASTERS_SPACING_AGE)
    if runner.hamstring_history == "tendinopathy" or loaded_after:
        return False
    if days[q].plan.day in fixed_days or cal.is_race_week_day(days[q].plan.day) or days[long_at].plan.quality_type is not None:
        return False
    if long_run_may_carry_work(ctx, skeleton.days, week, fixed_days) != long_at:
        return False
    paces = workout_paces(ctx.paces, ctx.request.race.km)
    return long_run_holds_work(ctx, paces, days[long_at].plan, kind, sum(days[i].dist_tenths for i in idx), step_back=False)


def _move_session_into_long_run(
    ctx: PlanContext, skeleton: Skeleton, days: list[PlannedDay], week: int, idx: list[int], easy: list[int], longest: int,
    fixed_days: set[date], long_at: int, q: int, *, eve_slack_tenths: int | None = None,
) -> tuple[set[int], Callable[[], None]] | None:
    """The week's session (day ``q``) moved into its long run (``long_at``): the session's day an
    easy run that keeps the week's one run of strides where no other run has them (a session
    week's), the long run's eve without its own (no strides the day before a session, in
    whichever plan week it falls: a week that starts on the long-run day, last week's, already
    typed), and the week's easy distance shared again from the solver's distances. Returns the
    week's recovery runs and how to undo the move, or None where a re-plan's eve already ran its
    strides. ``eve_slack_tenths``: the run the day before the long run shared within its cap
    (``day_before_long_run``) and this much more, whatever the week's settle let go."""
    eve = days[long_at - 1] if long_at >= 1 and days[long_at - 1].plan.quality_type == "strides" else None
    if eve is not None and eve.plan.day in fixed_days:
        return None  # a re-plan's eve already ran its strides
    shaped = [(days[i].dist_tenths, days[i].taken_tenths, days[i].medium_long) for i in idx]
    session_day, long_day = days[q].plan, days[long_at].plan
    eve_as_was = None if eve is None else (eve.plan, eve.quality)
    for i in idx:
        days[i].dist_tenths, days[i].taken_tenths, days[i].medium_long = skeleton.days[i].dist_tenths, 0, False
    strides = None if any(days[i].plan.quality_type == "strides" for i in idx if days[i] is not eve) else "strides"
    days[q].plan = replace(session_day, run="easy", quality_type=strides, quality_index=0, placed_as_quality=True)
    if eve is not None:
        eve.plan, eve.quality = replace(eve.plan, quality_type=None, quality_index=0), None
    recovery = _share_easy(ctx, days, week, idx, sorted([*easy, q]), [long_at], longest, eve_slack_tenths=eve_slack_tenths)
    days[long_at].plan = replace(long_day, quality_type=session_day.quality_type, quality_index=session_day.quality_index)

    def undo() -> None:
        days[q].plan, days[long_at].plan = session_day, long_day
        if eve is not None and eve_as_was is not None:
            eve.plan, eve.quality = eve_as_was
        for i, (dist, taken, medium_long) in zip(idx, shaped):
            days[i].dist_tenths, days[i].taken_tenths, days[i].medium_long = dist, taken, medium_long

    return recovery, undo


def _room_for_tuneup(ctx: PlanContext, days: list[PlannedDay], fixed_days: set[date]) -> None:
    """Race week's tune-up day takes from the other easy runs of race week in its plan week what
    it needs to hold two race-pace minutes with 10 min easy either side (evening out the week's
    easy distance left it a 24-min run, and its content fell back to strides), where they can
    give it and keep their floor (20 min before the race's plan week); the week's volume and
    race week's are unchanged. Not on the day before a long run, which stays short."""
    cal = ctx.cal
    tune = next((i for i, d in enumerate(days) if d.quality == "tuneup" and d.plan.day not in fixed_days), None)
    if tune is None or (tune + 1 < len(days) and days[tune + 1].plan.run == "long"):
        return  # (the run before the long run stays short: day_before_long_run)
    week = cal.week_of(days[tune].plan.day)
    idx = [i for i in range(7 * (week - 1), min(7 * week, len(days)))]
    paces = workout_paces(ctx.paces, ctx.request.race.km)
    prog = Progression(phase="race", week_km=sum(days[i].dist_tenths for i in idx) / TENTHS, race_km=ctx.request.race.km)
    # within its day's time and race week's cap, and under the week's long run where it has one
    long_run = max((days[i].dist_tenths for i in idx if days[i].plan.run == "long"), default=10**6)
    cap = day_plan_cap_tenths(cal, days[tune].plan, ctx.easy_pace_s_per_km, long_run)
    cap = min(cap, max(days[tune].dist_tenths, _spike_cap_tenths(ctx, days, tune, set(idx))))

    def holds(tenths: int) -> bool:
        return session_kind("tuneup", tenths / TENTHS, paces, prog, warmup_min=QUALITY_WARMUP_MIN) == "tuneup"

    need = days[tune].dist_tenths
    while need < cap and not holds(need):
        need += 1
    if need == days[tune].dist_tenths or not holds(need):
        return
    # a run of the race's plan week keeps race week's 15 min; one of the week before keeps 20 min
    # (short_runs judges those days as it judges the build's)
    least = ctx.min_race_week_run_tenths if cal.is_race_week(week) else ctx.min_run_tenths
    # from race week's other runs only: the six days' total (light_race_week) stays as it is
    donors = sorted(
        (i for i in idx if i != tune and days[i].run_type in ("easy", "recovery") and days[i].quality in (None, "strides")
         and days[i].plan.day not in fixed_days and cal.is_race_week_day(days[i].plan.day)),
        key=lambda i: (-days[i].dist_tenths, i),
    )
    room = _room_above(days, donors, least)
    deficit = need - days[tune].dist_tenths
    if room < deficit and cal.is_race_week(week):
        donors = _drop_spare_race_week_runs(ctx, days, tune, donors, need, cap, least)
        room = _room_above(days, donors, least)
        deficit = need - days[tune].dist_tenths
    if room < deficit or deficit <= 0:
        return
    _take_from(days, donors, tune, deficit, least)


#: How far race week's six days may grow, × the biggest week before the taper, where a run of
#: them grows to 20 min (:func:`_real_race_week_runs`): race week's usual aim (0.35), under the
#: 0.40 a light race week stays below, and above its aim on a day fewer (0.25-0.35), which left
#: the shakeout two days out 15 min beside a tune-up that needs its distance.
RACE_WEEK_GROW_TO = 0.35


#: Race week's plain run shorter than this share of 20 min (at the fast end of easy) that cannot
#: grow to them rests (``_real_race_week_runs``).
RACE_WEEK_REST_UNDER_SHARE = 0.5


def _real_race_week_runs(ctx: PlanContext, days: list[PlannedDay], fixed_days: set[date]) -> None:
    """Race week's plain easy runs before race eve last 20 min even at the fast end of easy
    (``PlanContext.min_run_tenths``), as every other run: a run shorter than that is mostly its
    own warm-up (the solve holds race week's days to 15 min, ``MIN_RACE_WEEK_RUN_MINUTES``; at
    20 there, a 5K's race week lost its second run and its tune-up). Such a run, in the race's
    plan week, takes what it lacks from that week's other plain runs, as far as they keep their
    20 min, and else grows to it where race week's six days stay within its usual aim
    (:data:`RACE_WEEK_GROW_TO`, or ``race_week_target`` where higher, × the biggest week before
    the taper): a shakeout adds a few easy
    minutes, every load rule holds, and the easy share only grows. Within the day's time and
    ``session_spike``, always. Where neither holds, a run of under 10 min rests (the shakeout
    aside), and a longer one stays as it is: merged into another run instead, a novice's three
    11-12 min runs became one 34-min run longer than his last long run, and a coach read every
    such week as worse.
    Evened out after the solve, 21 of 296 plans of seed 2032 ran 13-18 min there, most of them
    the shakeout two days out beside a tune-up that needs its distance. Race eve keeps its own
    cap; a day of the plan week before, whose taper factor the solve aimed at, is left as it is."""
    cal = ctx.cal
    # 20 min even at the fast end of easy, as the day stage aims every run (at the planning pace
    # a run's written minutes may still round under 20: 5.4 % of seed 2033's plans kept one)
    least = ctx.min_run_tenths
    eve = cal.race_day - timedelta(days=1)
    race_week = cal.week_count

    def own(i: int) -> bool:
        """A day of the race's plan week among the six, not one already run."""
        day = days[i].plan.day
        return day not in fixed_days and cal.is_race_week_day(day) and cal.week_of(day) == race_week

    def plain(i: int) -> bool:
        return days[i].run_type in ("easy", "recovery") and days[i].quality in (None, "strides") and own(i)

    six = [i for i, d in enumerate(days) if d.run_type is not None and cal.is_race_week_day(d.plan.day)]
    shakeout = _shakeout(ctx, days)  # never rested
    # (a tune-up's day this short holds no tune-up: its content is an easy run with strides)
    short = [i for i in six if (plain(i) or (days[i].quality == "tuneup" and own(i)))
             and days[i].plan.day != eve and 0 < days[i].dist_tenths < least]
    km = week_run_km(cal, days)
    biggest = round(max((km[w] for w in cal.pre_taper_weeks), default=0.0) * TENTHS)
    aim = max(race_week_target(cal), RACE_WEEK_GROW_TO) * biggest
    for i in short:
        # within the day's time and ``session_spike`` (race week's runs, all being reshaped, not
        # counted as its reference)
        want = min(least, day_plan_cap_tenths(cal, days[i].plan, ctx.easy_pace_s_per_km, 10**6),
                   _spike_cap_tenths(ctx, days, i, set(six)))
        deficit = want - days[i].dist_tenths
        if deficit <= 0:
            continue
        donors = sorted((j for j in six if j != i and plain(j)), key=lambda j: (-days[j].dist_tenths, j))
        give = min(deficit, _room_above(days, donors, least))
        grow = deficit - give
        if not grow or sum(days[j].dist_tenths for j in six) + grow <= aim:
            _take_from(days, donors, i, give, least)
            days[i].dist_tenths += grow
        elif days[i].dist_tenths < RACE_WEEK_REST_UNDER_SHARE * least and i != shakeout:
            # a jog of under 10 min is no run: that day rests, and race week is that much lighter
            # (a 5K runner's race week held a 1.1 km, 8-min run four days out, after the last
            # long run six days out filled its aim); its neighbours keep what they had. Not under
            # 15 min: a sore-tendon 5K runner's one 16-min run four days out rested, and his
            # race week held no run at all
            days[i].run_type, days[i].quality, days[i].dist_tenths = None, None, 0


def _room_above(days: list[PlannedDay], donors: list[int], least: int) -> int:
    """What ``donors`` can give and each keep ``least`` tenths."""
    return sum(max(0, days[i].dist_tenths - least) for i in donors)


def _take_from(days: list[PlannedDay], donors: list[int], to: int, tenths: int, least: int) -> None:
    """Day ``to`` takes ``tenths`` from ``donors``, in their order, each keeping ``least`` (as far
    as they can give it: :func:`_room_above`)."""
    for i in donors:
        if not tenths:
            break
        give = min(tenths, max(0, days[i].dist_tenths - least))
        days[i].dist_tenths -= give
        days[to].dist_tenths += give
        tenths -= give


def _shakeout(ctx: PlanContext, days: list[PlannedDay]) -> int | None:
    """The shakeout: the last run before the race where it falls in its last
    :data:`SHAKEOUT_DAYS` days (``race_week_shakeout``), else None."""
    runs_before_race = [i for i, d in enumerate(days) if d.run_type is not None and d.plan.day < ctx.cal.race_day]
    if runs_before_race and (ctx.cal.race_day - days[runs_before_race[-1]].plan.day).days <= SHAKEOUT_DAYS:
        return runs_before_race[-1]
    return None


def _drop_spare_race_week_runs(
    ctx: PlanContext, days: list[PlannedDay], tune: int, donors: list[int], need: int, cap: int, least: int
) -> list[int]:
    """Where race week's other runs cannot give the tune-up day its distance and keep race week's
    floor each, the shortest of them that is not the shakeout (the last run before the race, in
    its last days) gives it what it needs and that day rests: race week's runs are fewer and real, as in
    Higdon's and Pfitzinger's race weeks (evening out left a 5K runner four 15-min runs and no
    tune-up; before the floor, 1-km, 7-min jogs beside it). Whatever the tune-up day cannot take
    within its cap is left out: race week only gets lighter. Nothing changes unless the drops
    let the tune-up day reach ``need``. Returns the donors left."""
    shakeout = _shakeout(ctx, days)
    spare = sorted((i for i in donors if i != shakeout), key=lambda i: (days[i].dist_tenths, i))
    left, tune_tenths, dropped = list(donors), days[tune].dist_tenths, []
    for i in spare:
        if _room_above(days, left, least) >= need - tune_tenths:
            break
        left.remove(i)
        dropped.append(i)
        # what the tune-up needs, no more: the rest is left out (a surplus went on to the first
        # donor past its day's minutes: an availability violation)
        tune_tenths += max(0, min(days[i].dist_tenths, cap - tune_tenths, need - tune_tenths))
    if not dropped or _room_above(days, left, least) < need - tune_tenths:
        return donors
    for i in dropped:
        days[i].run_type, days[i].quality, days[i].dist_tenths = None, None, 0
    days[tune].dist_tenths = tune_tenths
    return left


def _spike_floor_tenths(ctx: PlanContext, days: list[PlannedDay], i: int) -> int:
    """The shortest run day ``i`` may be cut to and still be long enough for every run of the 30
    days after it under ``session_spike``, where it is the run that keeps that run within 1.1 ×
    the longest of the 30 days before it (:func:`_spike_cap_tenths`, as the checker reads it);
    0 where no later run needs it."""
    day = days[i].plan.day
    need = 0
    for j in range(i + 1, len(days)):
        later = days[j]
        if later.plan.day > day + timedelta(days=SPIKE_WINDOW_DAYS):
            break
        if not later.plan.run or later.plan.run == "race" or later.dist_tenths == 0:
            continue
        if math.floor(ctx.settings.session_spike * _spike_reference_tenths(ctx, days, j, {i}) + 1e-9) >= later.dist_tenths:
            continue  # the other runs of its window keep it within the limit
        need = max(need, math.ceil(later.dist_tenths / ctx.settings.session_spike - 1e-9))
    return need


def _spike_reference_tenths(ctx: PlanContext, days: list[PlannedDay], i: int, moving: set[int]) -> int:
    """The longest run of the 30 days before day ``i`` (the runner's long run while they reach
    before the plan), counting none of the runs in ``moving``, tenths of a km."""
    day = days[i].plan.day
    first = day - timedelta(days=SPIKE_WINDOW_DAYS)
    longest = longest_before_plan_km(ctx.request, first, day)
    return max(
        [round(longest * TENTHS), *(d.dist_tenths for j, d in enumerate(days[:i]) if j not in moving and d.plan.run and d.plan.day >= first)]
    )


def _spike_cap_tenths(ctx: PlanContext, days: list[PlannedDay], i: int, moving: set[int]) -> int:
    """The longest run day ``i`` may hold under ``session_spike`` (1.1 × the longest run of the
    30 days before it, the runner's long run while they reach before the plan, as the checker
    reads it), counting none of the runs in ``moving``, whose distances are being shared anew:
    evening out race week's easy runs up to the race's own distance put a 4.8 km run after
    weeks of 3.3 km (seed 2027, p54722375: a safety violation)."""
    return math.floor(ctx.settings.session_spike * _spike_reference_tenths(ctx, days, i, moving) + 1e-9)


#: A medium-long run found by its distance is at least this much longer than the week's other easy runs.
MEDIUM_LONG_STANDS_OUT = 1.15
#: ... and, found by its minutes alone, more than this past an hour: a novice 5K runner's 60-65-min
#: Thursdays (7.8-8.5 km, from 12 km a week) read "Medium-long run" beside 8.6-10.3 km long
#: runs, a name COACHING.md keeps for big weeks; an easy run a few minutes past an hour is an easy run.
MEDIUM_LONG_TITLE_PAST_MIN = 10


def _quality_days_as_easy_runs(ctx: PlanContext, days: list[PlannedDay], idx: list[int], fixed_days: set[date]) -> dict[int, int | None]:
    """A week's quality days too short for the least session of their kind, whose content falls
    back to an easy run with strides, with the most each may hold and still fall back (None: an
    easy run with strides at any length, a step-back week's strides day or a race-week day
    beside the tune-up). They share the week's easy distance with its easy
    runs: sized as sessions, they stayed short beside them (a novice's 3.2 km strides day beside
    a 6.4 km easy run and a 6.8 km long run; a race week's 19-min strides day after a 57-min
    tune-up)."""
    cal = ctx.cal
    if not idx:
        return {}
    paces = workout_paces(ctx.paces, ctx.request.race.km)
    week = cal.week_of(days[idx[0]].plan.day)
    week_tenths = sum(days[i].dist_tenths for i in idx)
    prog = Progression(phase=cal.phase(week), week_km=week_tenths / TENTHS, race_km=ctx.request.race.km)
    # race week with its tune-up on another day: a quality day too short for its session is an
    # easy run with strides whatever its length (its content would carry a second tune-up)
    tuned_week = any(days[i].plan.quality_type == "tuneup" for i in idx)
    race_prog = replace(prog, phase="race")
    out: dict[int, int | None] = {}
    for i in idx:
        plan = days[i].plan
        if plan.run != "quality" or plan.day in fixed_days:
            continue
        if plan.quality_type == "strides":
            out[i] = None
            continue
        kind = plan.quality_type or "tempo"
        # a day of race week as the runner counts it, whichever plan week it falls in, too short
        # for its session may hold race week's tune-up (``build_plan`` renders it so)
        race_week_day = cal.is_race_week_day(plan.day)
        tuned = tuned_week and (cal.is_race_week(week) or race_week_day)

        def holds(tenths: int) -> bool:
            # race week's session too short for its kind holds the tune-up (``session_kind``),
            # race week's one short session: as an easy run with strides, a 4:39 marathoner's
            # race week, whose 3.4 km marathon-pace day held it, had none; so does such a day of
            # race week as the runner counts it in the plan week before (``build_plan``)
            held = session_kind(kind, tenths / TENTHS, paces, prog, warmup_min=QUALITY_WARMUP_MIN) != "strides"  # type: ignore[arg-type]
            return held or (race_week_day and session_kind(kind, tenths / TENTHS, paces, race_prog, warmup_min=QUALITY_WARMUP_MIN) == "tuneup")  # type: ignore[arg-type]

        if holds(plan.dist_tenths):
            continue
        if tuned or not holds(quality_room_tenths(ctx.settings, week_tenths)):
            # nor can the week's easy share hold the session at all: an easy run with strides,
            # as long as the week's other easy runs (a novice's 3.6 km strides day, kept short
            # of the session, beside a 6.7 km easy run and a 7.4 km long run)
            out[i] = None
            continue
        # the longest distance short of the least session: a bisection (a longer day holds more);
        # where even the day's whole room holds none, the room
        low, high = plan.dist_tenths, day_plan_cap_tenths(cal, plan, ctx.easy_pace_s_per_km, week_tenths)
        if high <= low or not holds(high):
            out[i] = max(low, high)
            continue
        out[i] = _least_passing(low, high, holds) - 1
    return out


def _share_easy(
    ctx: PlanContext, days: list[PlannedDay], week: int, idx: list[int], easy: list[int], long_days: list[int], longest: int,
    strides_only: dict[int, int | None] | None = None, partly_run: bool = False, eve_slack_tenths: int | None = None,
) -> set[int]:
    """Share a week's easy distance over its easy runs (see :func:`shape_runs`); returns the
    runs that are recovery runs (the day after a hard day or the long run, and short)."""
    cal, pace_s = ctx.cal, ctx.easy_pace_s_per_km
    recovery_s = recovery_pace_s_per_km(ctx.paces)
    total = sum(days[i].dist_tenths for i in easy)
    most = longest
    if long_days:
        # the solver's shape: a run besides the long run stays within its room beside it
        most = min(longest, other_run_room_in_week_pc(ctx, week, longest, partly_run=partly_run) // 100)

    # a week the graduated return's last 7 days only partly cover: its days inside them keep at
    # most what the solver gave them, which keeps the return's cap for those 7 days
    window = cal.return_window
    inside = {d for d in cal.week_days(week) if window is not None and window[0] <= d <= window[1]}
    held = inside if len(inside) < len(cal.week_days(week)) else set()
    # a run gains distance only up to the spike limit (or keeps what the solver gave it)
    spike = {i: _spike_cap_tenths(ctx, days, i, set(easy)) for i in easy}

    def cap_of(i: int, slow: bool) -> int:
        cap = min(most, day_plan_cap_tenths(cal, days[i].plan, recovery_s if slow else pace_s, most), max(spike[i], days[i].dist_tenths))
        # coaching (return_runs): an easy run back from a break stays an easy run's length, the
        # long-run day's too (the day cap leaves that one to the models)
        back = return_run_cap_tenths(DayCaps(cal, recovery_s if slow else pace_s, most), days[i].plan.day)
        if back is not None:
            cap = min(cap, max(back, days[i].dist_tenths))
        most_strides = strides_only.get(i) if strides_only else None
        if most_strides is not None:
            # a quality day run as an easy run with strides stays short of its session: the week's
            # easy_share counted it as quality, a session there could pass the 20 %
            cap = min(cap, max(most_strides, days[i].dist_tenths))
        if cal.is_race_week_day(days[i].plan.day) and not cal.is_race_week(week):
            # the days of race week in the plan week before the race's keep what the solver gave
            # them (light_race_week): evening that week out must not carry its distance back in
            cap = min(cap, days[i].dist_tenths)
        if days[i].plan.day in held:
            cap = min(cap, days[i].dist_tenths)
        return cap

    def before_long(i: int) -> bool:
        return i + 1 < len(days) and days[i + 1].plan.run == "long"

    def beside_long(i: int) -> bool:
        return any(0 <= j < len(days) and days[j].plan.run == "long" for j in (i - 1, i + 1))

    def eve_cap(i: int, cap: int) -> int:
        """The day before the long run: min(60 min, 0.5 x the long run) (``day_before_long_run``)."""
        # (forced only before this week's long run: one in the next week is not shaped yet)
        forced = eve_slack_tenths is not None and i + 1 in idx
        if not before_long(i) or not (forced or (ctx.eve_cap and capped_week(cal, cal.week_of(days[i + 1].plan.day)))):
            return cap
        return min(cap, _eve_cap_tenths(ctx, pace_s, days[i + 1].dist_tenths) + (eve_slack_tenths or 0))

    # recovery runs only where the other days (the one before the long run within its cap) hold the rest
    slow = _recovery_days(days, easy, lambda i, slow_pace: eve_cap(i, cap_of(i, slow_pace)))
    caps = [cap_of(i, i in slow) for i in easy]
    regular = not cal.is_race_week(week) and not (ctx.request.easing is not None and cal.week_start(week) <= ctx.request.easing.until)
    # a floor never adds distance: the week's total is the solver's, and the load rules hold on it
    floor = min(ctx.min_run_tenths if regular else round(MIN_EASY_RUN_KM * TENTHS), total // len(easy))

    def minutes(limit_min: int, i: int | None = None) -> int:
        return TENTHS * 60 * limit_min // (recovery_s if i in slow else pace_s)

    def after_hard(i: int) -> bool:
        return _hard_day_before(days, i)

    # a run the day after a hard day or the long run, or the day before the long run, is short
    coached = [eve_cap(i, min(c, minutes(RECOVERY_MAX_MIN if after_hard(i) or before_long(i) else EASY_RUN_MAX_MINUTES, i))) for i, c in zip(easy, caps)]
    relaxed = [eve_cap(i, min(c, minutes(EASY_RUN_MAX_MINUTES, i)) if after_hard(i) else c) for i, c in zip(easy, caps)]
    short_recovery = [eve_cap(i, min(c, minutes(RECOVERY_MAX_MIN, i)) if after_hard(i) else c) for i, c in zip(easy, caps)]
    eve_capped = [eve_cap(i, c) for i, c in zip(easy, caps)]
    medium = None
    runs = sum(1 for i in idx if days[i].plan.run is not None)
    week_tenths = sum(days[i].dist_tenths for i in idx)
    # midweek: neither the day before the long run nor the day after it
    candidates = [i for i in easy if not beside_long(i)]
    # the day farthest from the long run among those whose time holds a medium-long run, else
    # the roomiest (a 45-min Tuesday kept 50 km marathon weeks from having one beside a free
    # Wednesday or a 90-min Friday)
    least_medium = least_medium_long_tenths(longest)
    roomy = [i for i in candidates if caps[easy.index(i)] >= least_medium]
    # and not the day after a quality session where another day holds it: that day
    # recovers (a 3:15 marathoner's 15.9 km medium-long run came the day after 10 km at
    # marathon pace, beside a Thursday that holds it)
    rested = [i for i in roomy if not after_hard(i)]

    def farthest(i: int) -> tuple[int, int]:
        return min(abs(i - j) for j in long_days), -i

    medium_long_week = regular and bool(long_days) and runs >= MEDIUM_LONG_MIN_RUNS and week_tenths >= MEDIUM_LONG_MIN_WEEK_KM * TENTHS
    if medium_long_week:
        if rested:
            medium = max(rested, key=farthest)
        elif roomy:
            medium = max(roomy, key=farthest)
        elif candidates:
            medium = max(candidates, key=lambda i: (caps[easy.index(i)], farthest(i)))
    # in order of preference: a medium-long run and short recovery runs; a medium-long run and
    # recovery runs within an hour; short recovery runs and easy runs within an hour; short
    # recovery runs and longer easy runs; a medium-long run and whatever the days hold; the
    # runs beside the long run or after a hard day as short as the others within an hour, then
    # at any length, allow; whatever the days hold, evened out
    plans: list[tuple[list[int], int | None]] = []
    if medium is not None:
        k = easy.index(medium)
        medium_tenths = min(caps[k], round(MEDIUM_LONG_SHARE[0] * longest) + round(OTHER_RUN_EXTRA_KM * TENTHS) // 2)
        # the week's other easy runs keep half an hour each where the medium-long run can give
        # it (a 53 km marathon week ran 15.2 km beside two 22-min runs; now 13.5 km and 28 min)
        kept = sum(min(caps[j], minutes(EASY_RUN_MIN_MINUTES, easy[j])) for j in range(len(easy)) if j != k)
        least = min(medium_tenths, least_medium)
        if total - kept < least_medium:
            # no room for one: a long run near half the week leaves its easy runs the week's
            # rest, evened out (a 4:30 marathoner's 53 km peak week beside its 180-min long run
            # ran 13.6 km midweek and two runs of 25 min; ``medium_long_run`` asks none there)
            medium = None
    if medium is not None:
        medium_tenths = max(least, min(medium_tenths, total - kept))
        plans += [([medium_tenths if j == k else c for j, c in enumerate(option)], k) for option in (coached, relaxed)]
    plans.append((coached, None))
    # a smaller week whose easy runs cannot all keep within their hour: one midweek run takes
    # what the others' hour leaves (up to 0.75 x the long run), rather than every easy run
    # passing the hour (a 4-day marathoner ran 85-92 min on Wednesday and again on Thursday;
    # COACHING.md: easy runs 30-60 min, a medium-long run midweek; Higdon's 4-day novice weeks
    # grow one midweek run). Only in a full base, build or peak week (not a step-back or taper
    # week, which only get lighter), on a day neither beside the long run, nor after a hard day,
    # nor before a quality day, and only where what it takes is a medium-long run: a medium-long
    # run's share of the long run and more than 10 min past the hour (two or three runs a few
    # minutes past the hour are easy runs still: 88 / 78 / 78 min where evened out they ran
    # 82 / 81 / 81)
    within_their_hour = [eve_cap(i, min(c, minutes(EASY_RUN_MAX_MINUTES, i))) for i, c in zip(easy, caps)]
    may_spread = (
        medium is None and regular and bool(long_days) and sum(within_their_hour) < total
        and cal.phase(week) in ("base", "build", "peak") and not days[idx[0]].plan.step_back
    )
    # (nor the plan's first day where the day before it is the runner's long-run day: an
    # 18-year-old's first Monday ran 92 min, the day after his usual Sunday long run)
    after_usual_long = weekday_name(cal.request.start - timedelta(days=1)) == cal.request.schedule.long_run_day
    spread_at = [i for i in rested if not _hard_day_after(days, i) and not (i == 0 and after_usual_long)] if may_spread else []
    if spread_at:
        k = easy.index(max(spread_at, key=farthest))
        least_spread = max(least_medium, minutes(EASY_RUN_MAX_MINUTES + MEDIUM_LONG_TITLE_PAST_MIN, easy[k]) + 1)
        if total - sum(c for j, c in enumerate(within_their_hour) if j != k) >= least_spread:
            medium = easy[k]
            # the recovery runs short beside it, the others within their hour; where it cannot
            # take all that leaves, the week's other ways follow (the day after the long run
            # kept past its hour beside it: a half marathoner's recovery run grew from 41 to 55
            # min, and a session moved into the long run came back to its day)
            recovering = [min(c, minutes(RECOVERY_MAX_MIN, i)) if after_hard(i) else c for i, c in zip(easy, within_their_hour)]
            medium_tenths = min(caps[k], round(MEDIUM_LONG_SHARE[1] * longest), total - sum(c for j, c in enumerate(recovering) if j != k))
            plans.append(([medium_tenths if j == k else c for j, c in enumerate(recovering)], k))
    spread = medium is not None and bool(spread_at)
    plans.append((short_recovery, None))
    if medium is not None and not spread:
        # where only "whatever the days hold" is left, a medium-long run still: evened out, a
        # 62 km marathon week (solver: 14.0 / 9.5 / 8.8 km beside a 21.8 km long run) ran 11.4 km
        # on Monday and 11.4 km, 71 min, the day after the long run
        plans.append(([medium_tenths if j == k else c for j, c in enumerate(eve_capped)], k))
    held = [after_hard(i) or before_long(i) for i in easy]
    within_hour = _held_short(total, [c if hold else min(c, minutes(EASY_RUN_MAX_MINUTES, i)) for i, c, hold in zip(easy, eve_capped, held)], held, floor)
    shares = _even_out(total, within_hour, floor)
    # the others within an hour only while the held runs stay the shorter ones: else a Monday
    # after the long run took what an hour's Friday left (10.7 km, 75 min, beside 8.5 km)
    if max((v for v, hold in zip(shares, held) if hold), default=0) <= max((v for v, hold in zip(shares, held) if not hold), default=0):
        plans.append((within_hour, None))
    plans += [(_held_short(total, eve_capped, held, floor), None), (eve_capped, None)]
    for plan_caps, fixed_at in plans:
        if fixed_at is not None:
            rest = [j for j in range(len(easy)) if j != fixed_at]
            values = _even_out(total - plan_caps[fixed_at], [plan_caps[j] for j in rest], floor)
            # beside the medium-long run each other easy run its half hour first, where the rest
            # holds them all: evened out by distance, a recovery run (the slower pace) took more
            # than its half hour and an easy run was left 28 min
            half_hours = [min(plan_caps[j], minutes(EASY_RUN_MIN_MINUTES, easy[j])) for j in rest]
            if any(v < h for v, h in zip(values, half_hours)) and sum(half_hours) <= total - plan_caps[fixed_at]:
                more = _even_out(total - plan_caps[fixed_at] - sum(half_hours), [plan_caps[j] - h for j, h in zip(rest, half_hours)], 0)
                values = [h + v for h, v in zip(half_hours, more)]
            shares = [0] * len(easy)
            shares[fixed_at] = plan_caps[fixed_at]
            for j, v in zip(rest, values):
                shares[j] = v
        else:
            shares = _even_out(total, plan_caps, floor)
        if sum(shares) == total and all(v >= min(floor, c) for v, c in zip(shares, caps)):
            break
    else:
        fixed_at = None
        shares = _even_out(total, caps, floor)
    for i, value in zip(easy, shares):
        days[i].dist_tenths = value
    if fixed_at is not None and medium is not None and not spread:
        # named as what it is: beside 30-min runs, a 90-min "easy run" needs its reason; only
        # where it stands out (its text says it is longer than the week's other easy runs: a 5K
        # runner read that of 8.9 km beside runs of 8.9 and 8.8 km)
        days[medium].medium_long = days[medium].dist_tenths >= MEDIUM_LONG_ADVICE_SHARE * longest and all(
            days[medium].dist_tenths >= MEDIUM_LONG_STANDS_OUT * days[i].dist_tenths for i in easy if i != medium
        )
    # the week's longest easy run past an hour is named a medium-long run, whatever way the
    # week's distance came to it: a 4:30 marathoner on four days read "Easy run" over 13.8 km,
    # 95 min, where easy runs last 30-60 min; and so did a 4:45 marathoner over 82 min, under
    # half of his 22.2 km long run (a slow runner's hour is a short share of a long run capped
    # by time). Not beside the long run: the day after it is for recovering, as the planned
    # choice has it
    past_an_hour = [
        i for i in easy
        if i not in slow and not beside_long(i) and days[i].dist_tenths > minutes(EASY_RUN_MAX_MINUTES + MEDIUM_LONG_TITLE_PAST_MIN, i)
    ]
    if long_days and past_an_hour and not any(days[i].medium_long for i in easy):
        medium_long = max(past_an_hour, key=lambda i: (days[i].dist_tenths, -i))
        others = [days[i].dist_tenths for i in easy if i != medium_long]
        # only a run that stands out is the week's medium-long run: of two 68-min runs, one was
        # named so and the other "Easy run"; and in a week big enough for one
        # (``medium_long_run``), only one of its share of the long run: a 13.5 km, 73-min
        # "Medium-long run" beside a 27.8 km long run stood in weeks the plan's advice said had none
        short_of_share = medium_long_week and days[medium_long].dist_tenths < MEDIUM_LONG_ADVICE_SHARE * longest
        if all(days[medium_long].dist_tenths >= MEDIUM_LONG_STANDS_OUT * d for d in others) and not short_of_share:
            days[medium_long].medium_long = True
    if regular:
        # a recovery run is the week's short run, in minutes too: evened out by distance at its
        # slower pace it lasted longer than the week's easy runs in 479 of 762 weeks holding both
        # (seed 2027: a 3:15 marathoner's Monday recovery 40 min beside 32-min easy runs); it
        # gives the easy runs distance, each within its day and an hour, down to 20 min
        recovering = [i for i in easy if i in slow and days[i].dist_tenths <= minutes(RECOVERY_MAX_MIN, i)]
        takers = {i: eve_cap(i, min(c, max(days[i].dist_tenths, minutes(EASY_RUN_MAX_MINUTES, i))))
                  for i, c in zip(easy, caps) if i not in slow and not days[i].medium_long}
        _shorten_recovery_runs(days, recovering, takers, recovery_s, pace_s, ctx.min_run_tenths)
    # a recovery run is short; one the week needed longer stays an easy run (a 2-hour
    # "recovery" run is none), which its day holds at the faster easy pace too
    return {i for i in slow if days[i].dist_tenths <= minutes(RECOVERY_MAX_MIN, i)}


def _shorten_recovery_runs(
    days: list[PlannedDay], recovering: list[int], takers: dict[int, int], recovery_s: int, pace_s: int, least_tenths: int,
) -> None:
    """Tenth by tenth, the longest recovery run (in minutes) gives distance to the shortest easy
    run that has room (``takers``: the most each may hold), until no recovery run lasts longer
    than the shortest easy run with room, or none can give (``least_tenths``) or take any more."""
    if not recovering or not takers:
        return

    def seconds(i: int, pace: int) -> int:
        return days[i].dist_tenths * pace

    while True:
        giver = max(recovering, key=lambda i: (seconds(i, recovery_s), -i))
        open_takers = [i for i in takers if days[i].dist_tenths < takers[i]]
        if not open_takers or days[giver].dist_tenths <= least_tenths:
            return
        taker = min(open_takers, key=lambda i: (seconds(i, pace_s), i))
        if seconds(giver, recovery_s) <= seconds(taker, pace_s):
            return
        days[giver].dist_tenths -= 1
        days[taker].dist_tenths += 1
