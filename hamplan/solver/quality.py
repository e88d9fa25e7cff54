"""What each quality day trains, by phase (the solver part of the coaching rules
``quality_by_phase`` and ``race_specific_work``): strides in early base, hill sprints later in
base, threshold in build, race-specific work (marathon pace, or intervals for 5K / 10K) from
late build on, one short race-specific session in taper and race week. Restrictions first:
tendinopathy is tempo only, and marathon pace for a marathoner; after a recent strain, strides, then
tempo for six weeks."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from itertools import combinations
from typing import NamedTuple

from hamplan.calendar import BREAK_RETURN_MIN_DAYS, PlanCalendar, days_unrun_before_start, no_fast_running_until, race_class
from hamplan.content.runs import LONG_RUN_WORK_WARMUP_MIN, workout_paces
from hamplan.content.workouts import (
    MARATHON_LADDER_KM, QUALITY_WARMUP_MIN, Progression, WorkoutPaces, full_session_km, long_run_workout, quality_workout, session_kind,
    work_km_by_zone,
)
from hamplan.models import QUALITY_TYPES, SPRINT_TYPES, Rules, Workout
from hamplan.rules.base import TENTHS, km_in_minutes_tenths, quality_kept_off_by_log
from hamplan.rules.coaching.quality import min_session_km, quality_room_km, quality_room_tenths
from hamplan.rules.coaching.week import (
    MEDIUM_LONG_ADVICE_SHARE, MEDIUM_LONG_MIN_RUNS, MEDIUM_LONG_MIN_WEEK_KM, MEDIUM_LONG_SHARE, capped_week, least_medium_long_tenths, mobility_moves,
)
from hamplan.rules.settings import OTHER_RUN_EXTRA_KM, mobility_full_min
from hamplan.rules.coaching.quality import (
    MASTERS_SESSION_LEAST_GAP_DAYS, MASTERS_SPACING_AGE, ONE_QUALITY_AGE, strides_base_weeks, tendon_holding_weeks,
)
from hamplan.rules.context import EASY_RUN_MIN_MINUTES, PlanContext
from hamplan.solver.model_base import day_plan_cap_tenths
from hamplan.solver.skeleton import DayPlan, Skeleton

#: The easy share a runner's rules ask by default; one who asks for more gets no hill sprints
#: beyond the sessions the weeks hold (:func:`_hill_sprints_week`).
DEFAULT_EASY_SHARE: float = Rules.model_fields["easy_share"].default
#: Weeks of tempo-only quality work after a recent strain, before intervals and hills return.
RECENT_STRAIN_TEMPO_WEEKS = 6
#: Easy runs with strides in a strides week, never on consecutive days (a marathoner's Tuesday
#: and Wednesday both carried them).
STRIDES_PER_WEEK = 2
#: ... from age 60 (``ONE_QUALITY_AGE``): one, as such a week holds one quality session (COACHING.md:
#: strides are the base's quality work; a 68-year-old ran them Tuesday and Thursday).
MASTERS_STRIDES_PER_WEEK = 1
#: Easy runs with strides in a week that holds a quality session (COACHING.md's "strides 4-8 x
#: 20 s after easy runs" kept beside the sessions, as Daniels keeps them all season): once the
#: sessions started, the only fast running left was threshold or marathon pace, far below the
#: speeds at which a hamstring is hurt, where regular relaxed near-top-speed running is what
#: keeps it ready for them. Not on a sore tendon (``tendinopathy_care``: no sprints).
SESSION_WEEK_STRIDES = 1
#: A week is a step-back week when it holds at most this share of the week before.
STEP_BACK_SHARE = 0.8


def race_work(race_km: float) -> str:
    """The race-specific quality type: marathon pace for long races, intervals for 5K / 10K."""
    kind = race_class(race_km)
    return {"long": "marathon", "short": "intervals"}.get(kind, "tempo")


def quality_kind(ctx: PlanContext, week: int, nth: int, in_week: int) -> str:
    """The type of the ``nth`` (0-based) of ``in_week`` quality sessions of ``week``."""
    if ctx.request.runner.hamstring_history == "recent_strain" and week <= RECENT_STRAIN_TEMPO_WEEKS:
        return "tempo"
    kind = _kind_by_phase(ctx, week, nth, in_week)
    # hard_days keeps a sore tendon from sprinting (``quality_intervals_allowed``): tempo there;
    # marathon pace, slower than threshold, stays (a 3:19 marathoner with a sore tendon ran
    # threshold sessions to race week, and not a kilometre at the goal pace race day asked)
    return "tempo" if kind in SPRINT_TYPES and not ctx.settings.quality_intervals_allowed else kind


def _kind_by_phase(ctx: PlanContext, week: int, nth: int, in_week: int) -> str:
    """:func:`quality_kind` where no hamstring history restricts it: hills in the base, tempo
    and the race-specific type in the build (that one in its second half), the race-specific
    type first in the peak, taper and race week."""
    cal = ctx.cal
    phase = cal.phase(week)
    specific = race_work(ctx.request.race.km)
    if phase == "base":
        return "hills"
    if phase in ("peak", "taper", "race"):
        return specific if nth == 0 else "tempo"
    build = [w for w in cal.pre_taper_weeks if cal.phase(w) == "build"]
    late = build.index(week) >= len(build) // 2
    if in_week >= 2:  # the longest day takes the race-specific work: it needs the longer session
        return (specific if late else "tempo") if nth == 0 else "tempo"
    return specific if late and (len(build) - build.index(week)) % 2 == 1 else "tempo"


def is_step_back_week(cal: PlanCalendar, week: int, volume: float, before: float) -> bool:
    """Whether a week of ``volume`` after one of ``before`` (the same unit) steps back: at most
    :data:`STEP_BACK_SHARE` of it, before the taper, not the first week, not empty."""
    return week >= 2 and week in cal.pre_taper_weeks and 0 < volume <= STEP_BACK_SHARE * before


def known_kind_in_step_back(kind: str, known: Collection[str], last_kind: str | None) -> str:
    """The kind a step-back week's quality day runs: ``kind`` where the runner has run it
    before (``known``), else the kind of the last week with a session (``last_kind``), or
    strides where none came before. A new stimulus starts in a full week, a step-back week is
    for absorbing work (realistic seeds 2027 / 2031: 94 of 294 and 87 of 292 plans ran a kind
    first in one, now 5 and 2: a short plan's one race-specific session, ``_with_race_work``, and
    half pace, a peak phase's tempo; a 68-year-old half marathoner's first threshold fell in
    step-back week 5)."""
    if kind in known:
        return kind
    return last_kind or "strides"


def history_kinds(ctx: PlanContext) -> set[str]:
    """The quality kinds a re-plan's history holds (the runner knows them)."""
    return {h.type for h in ctx.request.history if h.kind == "run" and h.type in QUALITY_TYPES}


def _strides_weeks(ctx: PlanContext) -> set[int]:
    """Weeks of strides, no quality session: early base, after a recent strain, and a sore
    tendon's isometric weeks (its strides are easy runs: no sprints on it)."""
    weeks = strides_base_weeks(ctx.cal, ctx.settings) | tendon_holding_weeks(ctx.request, ctx.cal)
    if ctx.request.runner.hamstring_history == "recent_strain":
        weeks |= set(range(2, ctx.settings.quality_free_weeks + 1))
    return weeks


def _quiet_around(days: Sequence[DayPlan], i: int) -> bool:
    """Whether an easy day is quiet around for strides: not the eve of the long run or of a
    quality day, nor the morning after a strength session (a 10K runner's strides came 12 h
    after Thursday evening's leg curls: fast running on loaded hamstrings). Strides prefer
    such a day; a session week's may fall back to the long run's eve (:func:`_fresh_for_strides`),
    a strides week's to any easy day ``may_stride`` allows (``strides_on_fresh_legs``)."""
    return not (i + 1 < len(days) and days[i + 1].run == "long") and _fresh_for_strides(days, i)


def _session_eve_for_strides(days: Sequence[DayPlan], kind_of: Mapping[int, QualityDayKind], i: int) -> bool:
    """Whether an easy day is the eve of a threshold or marathon-pace session, fresh from
    strength: where a session week has no other easy run for its strides, they go there (both
    far below the speeds strides touch, so the two days are no two fast days; Daniels and
    Pfitzinger put strides beside such sessions). Never the eve of intervals or hill sprints."""
    after = kind_of.get(i + 1)
    return after is not None and after.kind in ("tempo", "marathon") and not _morning_after_strength(days, i)


def _morning_after_strength(days: Sequence[DayPlan], i: int) -> bool:
    """Whether the day before day ``i`` holds a strength session (its evening's lifts)."""
    return i > 0 and days[i - 1].strength


def _fresh_for_strides(days: Sequence[DayPlan], i: int) -> bool:
    """Whether an easy day may carry a session week's strides at all: not the morning after a
    strength session, nor the eve of a quality day. The long run's eve may, where no quiet day
    is free: a few strides before an easy long run cost it little (a 10K runner whose
    Wednesday was the session's eve and the morning after strength, and Saturday the long
    run's eve, ran no strides in seven of the nine weeks with a session)."""
    return not (i + 1 < len(days) and days[i + 1].run == "quality") and not _morning_after_strength(days, i)


def assign_quality(ctx: PlanContext, days: tuple[DayPlan, ...], fixed: set[date]) -> tuple[DayPlan, ...]:
    """The skeleton's days with ``quality_type``, ``quality_index`` and ``step_back`` filled in."""
    cal = ctx.cal
    strides_weeks = _strides_weeks(ctx)
    eve = cal.race_day - timedelta(days=1)
    # no strides (fast strides load the hamstring at length) until a break's return ends
    eased_until = no_fast_running_until(ctx.request)  # a break's return: no fast running
    counts: Counter[str] = Counter()
    # kinds the runner has run a real session of: a day too short for its kind's least session
    # is an easy run with strides (a marathoner's "hills" days of weeks 5-6 were, and his first
    # real hill sprints fell in step-back week 7)
    known = history_kinds(ctx)
    # the kinds the runner has run a session of its own (not inside a long run): after a recent
    # strain, intervals wait for the first threshold session
    own_sessions = set(known)
    paces = workout_paces(ctx.paces, ctx.request.race.km)
    last_kind: str | None = None  # the main quality kind of the last week with a real session
    #: where the last marathon-pace work ran ("session" or "long run") and its km at the pace: a
    #: full week of it takes the other form next (``_full_marathon_pace_week``), from a re-plan's
    #: log on
    last_pace: tuple[str, float] | None = _last_logged_marathon_pace(ctx)
    #: the most km at marathon pace run at once so far, a session or a long run's block: a long
    #: run's block grows from it (by the last alone, which alternates with smaller midweek
    #: sessions, the blocks stayed within 3 km of sessions of 5 km, and most marathon plans ran
    #: none: a coach read 11 of 13 plans' marathon pace as too small)
    most_pace_km = last_pace[1] if last_pace is not None else 0.0
    last_long_kind: str | None = None  # what the last long run carrying a week's work ran
    out = list(days)
    #: a long run given the week's work -> the days whose strides it took (given back where a
    #: step-back long run's work is dropped after all, ``_step_back_long_runs_after_their_kind``)
    strides_given_up: dict[int, list[int]] = {}
    week_km = {w: sum(d.dist_tenths for d in days[7 * (w - 1) : 7 * w]) for w in range(1, cal.week_count + 1)}
    strides_per_week = MASTERS_STRIDES_PER_WEEK if ctx.request.runner.age >= ONE_QUALITY_AGE else STRIDES_PER_WEEK
    least_session_tenths = math.ceil(min_session_km(ctx.easy_pace_s_per_km, ctx.paces.threshold.slow_min_per_km) * TENTHS)
    for week in range(1, cal.week_count + 1):
        idx = list(range(7 * (week - 1), min(7 * week, len(days))))
        before = week_km.get(week - 1, 0)
        step_back = is_step_back_week(cal, week, week_km[week], before)
        # a week whose 80 % easy share leaves less room than the least real session
        small_week = quality_room_tenths(ctx.settings, week_km[week]) < least_session_tenths
        # the longest quality day of the week takes the first (race-specific in peak and taper) type
        quality = sorted((i for i in idx if days[i].run == "quality"), key=lambda i: (-days[i].dist_tenths, i))
        kind_of = {i: _quality_day_kind(ctx, paces, days, i, quality, known, last_kind, step_back=step_back, own_sessions=own_sessions) for i in quality}
        # strides where a week holds no quality session: early base, after a recent strain, and
        # weeks too small for one beside 80 % easy running; and beside hill sprints run where the
        # week's session did not fit (a novice's build weeks ran 4 x 10 s of fast running, less
        # than the 2 x 7 x 20 s of strides of the step-back weeks between them)
        short_hills = bool(quality) and all(kind_of[i].hills_for_short_day for i in quality)
        # a build or peak week too small for a session beside 80 % easy running runs hill sprints
        # sized as an easy run (their time counts easy): on its quality day too short for its
        # session, else on an easy day where the hard-day rules allow one
        hills_day: int | None = None
        mobility_to: int | None = None  # where the hill-sprint day's mobility session moves
        if week not in strides_weeks and _hill_sprints_week(ctx, week, step_back=step_back, known=known) and (small_week or not quality):
            if quality:
                hills_day = _hill_sprints_on_quality_day(ctx, paces, days, quality, kind_of, fixed=fixed, eased_until=eased_until)
            elif (found := _hill_sprints_day(ctx, paces, days, out, idx, fixed=fixed, eased_until=eased_until)) is not None:
                hills_day, mobility_to = found
        strides_week = (week in strides_weeks or not quality or short_hills) and hills_day is None
        if cal.is_race_week(week):
            strides_left = 0
        elif strides_week:
            # a step-back week's one run of strides (a coach: two runs of 6-8 were more fast
            # running than a full week's session)
            strides_left = min(strides_per_week, SESSION_WEEK_STRIDES) if step_back else strides_per_week
        else:
            strides_left = SESSION_WEEK_STRIDES if ctx.settings.quality_intervals_allowed else 0

        def may_stride(i: int, *, after_hard: bool = False, session_eve: bool = False) -> bool:
            """An easy run that may carry strides: not after a hard day (race eve's aside:
            ``after_hard``), nor on the days back from a break (``return_runs``: a marathoner's
            first two days after four days away both carried strides). ``session_eve``: the eve
            of a threshold or marathon-pace session too (:func:`_session_eve_for_strides`)."""
            day = days[i]
            if day.run != "easy" or day.day in fixed or (not after_hard and i > 0 and days[i - 1].run in ("quality", "long")):
                return False
            if not after_hard and i > 0 and out[i - 1].quality_type == "hills":
                return False  # nor the day after hill sprints run as an easy run (last week's too)
            eve_allowed = session_eve and _session_eve_for_strides(days, kind_of, i)
            if i + 1 in kind_of and kind_of[i + 1].kind != "strides" and not eve_allowed:
                return False  # not the day before the week's hill sprints: hard days stay apart
            if not strides_week and not (_fresh_for_strides(days, i) or eve_allowed):
                return False  # a session week's strides: see _fresh_for_strides
            if not after_hard and cal.is_race_week_day(day.day):
                return False  # race week's days before the eve: its tune-up, not strides
            return not ((eased_until is not None and day.day <= eased_until) or day.day in cal.days_back_from_breaks)

        # the week's longest easy runs take them, never two days in a row (nor beside a quality day
        # run as strides, or last week's strides): on 45-min weekdays they took the first easy
        # runs, a 23-min run beside a short strength session with 8 strides and 9 min of running
        eligible = [i for i in idx if may_stride(i) and not (i - 1 < idx[0] and i > 0 and out[i - 1].quality_type == "strides")]
        if hills_day is not None:
            # the hill sprints are the week's fast running, and a step-back week's only fast running
            eligible = [i for i in eligible if abs(i - hills_day) > 1] if not step_back else []
        strides_days: tuple[int, ...] = ()
        # days whose time holds a half-hour run beside their strength and mobility (the easy
        # distance is shared out later, evenly up to each day's cap: the skeleton's distances
        # are not the runs' lengths)
        half_hour = km_in_minutes_tenths(EASY_RUN_MIN_MINUTES, ctx.easy_pace_s_per_km)
        # (more than half an hour: strides shorten a run, and a 45-min day beside a 15-min strength
        # session holds a 30-min run that its strides made 28 min)
        roomy = {i for i in eligible if day_plan_cap_tenths(cal, days[i], ctx.easy_pace_s_per_km, half_hour + 1) > half_hour}
        quiet = {i for i in eligible if _quiet_around(days, i)}
        for count in range(min(strides_left, len(eligible)), 0, -1):
            # the set of ``count`` days none beside another. A session week's one strides run
            # takes a quiet day first, else the long run's eve (``may_stride`` allows no other).
            # Then, in every week: days whose time holds half an hour (a 23-min run beside a
            # short strength session kept 8 strides and 9 min of running); among those, quiet
            # ones (a strides week's too: a half marathoner ran them Wednesday and Friday, each
            # the morning after strength and Friday the long run's eve, beside Tuesday's and
            # Thursday's runs); then the most distance (the longest run first alone left a week
            # Tuesday to Thursday with only its longest)
            apart = [c for c in combinations(eligible, count) if all(b - a > 1 for a, b in zip(c, c[1:]))]
            if apart:
                strides_days = max(apart, key=lambda c: (
                    0 if strides_week else sum(i in quiet for i in c),
                    sum(i in roomy for i in c),
                    sum(i in roomy and i in quiet for i in c),
                    sum(days[i].dist_tenths for i in c),
                    [-i for i in c],
                ))
                break
        if not strides_days and not strides_week and strides_left and hills_day is None:
            # a session week with no other easy run for them: the session's eve, fresh from
            # strength (a marathoner whose runs were the long run's eve after Friday's strength,
            # the recovery run and the session's eve ran no strides in 13 weeks; 15 of 184 plans
            # of seed 2027 ran no fast running for seven weeks or more)
            # (as ``eligible``: not the week's first day after last week's strides on its last;
            # and only where the session runs: a day too short for it runs strides itself)
            eves = [i for i in idx if may_stride(i, session_eve=True) and not (i == idx[0] and i > 0 and out[i - 1].quality_type == "strides")
                    and _holds(ctx, paces, days, i + 1, kind_of[i + 1].kind, days[i + 1].dist_tenths)]
            if eves:
                # (a day whose time holds more than half an hour first, as ``roomy`` among the others)
                strides_days = (max(eves, key=lambda i: (
                    day_plan_cap_tenths(cal, days[i], ctx.easy_pace_s_per_km, half_hour + 1) > half_hour, days[i].dist_tenths, -i)),)
        for i in idx:
            day = days[i]
            kind: str | None = None
            if i == hills_day:
                kind = "hills"
                day = replace(day, run="easy", placed_as_quality=day.run == "quality")  # sized as an easy run (``shape_runs``)
            elif day.run == "quality":
                kind = kind_of[i].kind
                if kind_of[i].hills_for_short_day and small_week and not cal.is_race_week_day(day.day):
                    # hill sprints where the day was too short for its session are sized as an
                    # easy run too, in a week too small for a session (a 5K runner's 7 sprints
                    # fell to 4 on the 4.4 km the solver had sized for a session, beside an 8 km
                    # easy run); not in a week with room for one, whose note says the day stayed
                    # too short for it (sized as an easy run, it read so beside a 34-min run), nor
                    # in the six days before the race, whose runs only get lighter
                    day = replace(day, run="easy", placed_as_quality=True)
            elif i in strides_days or (day.day == eve and may_stride(i, after_hard=True)):
                kind = "strides"
            if kind is not None:
                counts[kind] += 1
            out[i] = replace(day, quality_type=kind, quality_index=counts[kind] if kind else 0, step_back=step_back)
        # the week's quality days that run no session of their own: too short for it, or in a
        # week whose 80 % easy share leaves it no room (their content falls back to strides)
        # (a quality day already run, a re-plan's, ran what it ran: the week's work is done)
        typed = tuple(out)
        sessionless = [i for i in quality if days[i].day not in fixed and not _runs_its_own_session(ctx, paces, typed, i)]
        pace_in_long_run = False
        if (_full_marathon_pace_week(ctx, week, quality, kind_of, step_back=step_back) and last_pace is not None and last_pace[0] == "session"
                and _long_run_run_before(ctx, days, idx)):
            # the long run's block a few km past the most run at once at most (a 45-min Wednesday's
            # 2 km were followed by 8.5 km inside the longest long run yet)
            long_block = _long_run_marathon_km(ctx, paces, days, idx, week, week_km[week], counts["marathon"] + 1)
            pace_in_long_run = MARATHON_LADDER_KM[0] - 1e-9 <= long_block <= most_pace_km + LONG_RUN_PACE_STEP_KM
        if pace_in_long_run:
            # every other full week of marathon-pace work runs it inside the long run, the
            # session's day an easy run with strides (Pfitzinger & Douglas' marathon-pace long
            # runs; COACHING.md: marathon pace in long runs or midweek, 8 -> 16 km): a long run's
            # work counts as hard by its minutes, where a session counts whole, so the long run
            # holds two or three times the marathon pace a midweek day could (a 3:15
            # marathoner's sessions held 6-7 km of it in 57-71 min; no plan of 14 marathons ran
            # marathon pace in a long run, and none more than 8 km of it at once)
            sessionless = [i for i in quality if days[i].day not in fixed]
        if len(sessionless) == len(quality) and hills_day is None and (long_at := _long_run_carries_work(
            ctx, days, idx, week, strides_weeks, fixed=fixed, eased_until=eased_until,
        )) is not None:
            # a step-back week runs the last one's kind, shorter (the rhythm of kinds had turned a
            # marathoner's step-back week from marathon pace to threshold)
            kind = "marathon" if pace_in_long_run else last_long_kind if step_back and last_long_kind else _long_run_work_kind(ctx, week)
            # a new stimulus starts in a full week; and a long run too short for the work keeps
            # the strides of its eve (a novice's 4.6 km step-back long run held none, and lost them)
            # (a step-back week with a quality day of its own keeps that day's strides instead
            # where its long run should stay easy; without one, as where every run day sits
            # beside the long run, the long run is the week's only faster running)
            stays_easy = bool(quality) and _step_back_long_run_stays_easy(ctx, days, long_at)
            if not (step_back and (kind not in known or stays_easy)) and long_run_holds_work(
                ctx, paces, days[long_at], kind, week_km[week], step_back=step_back,
            ):
                for i in sessionless:
                    # the quality days run the strides their content would have fallen back to,
                    # whatever distance the shaping of the runs then gives them: one session a week
                    # is the long run's (its work and a session counted whole as hard would pass
                    # the week's 20 %)
                    if out[i].quality_type not in (None, "strides"):
                        counts[out[i].quality_type] -= 1  # type: ignore[index]
                        counts["strides"] += 1
                        out[i] = replace(out[i], quality_type="strides", quality_index=counts["strides"])
                counts[kind] += 1
                out[long_at] = replace(out[long_at], quality_type=kind, quality_index=counts[kind])

                def give_up_strides(i: int) -> None:
                    if i >= 0 and out[i].quality_type == "strides" and out[i].day not in fixed:
                        out[i] = replace(out[i], quality_type=None, quality_index=0)
                        counts["strides"] -= 1
                        strides_given_up.setdefault(long_at, []).append(i)

                if sessionless:
                    # ... and they are the week's strides, as a session week has one run of them
                    # (a step-back week had run them Monday and Wednesday beside the long run's work)
                    for i in idx:
                        if i not in sessionless:
                            give_up_strides(i)
                known.add(kind)
                last_long_kind = kind
                # no strides the day before it, as before any session (``_fresh_for_strides``;
                # the week's last strides: none come after its long run)
                give_up_strides(long_at - 1)
        if hills_day is not None and mobility_to is not None:
            # its mobility session moves (``mobility``: after easy runs only)
            cap = cal.max_minutes(days[mobility_to].day)
            out[mobility_to] = replace(out[mobility_to], mobility=True, mobility_short=cap is not None and cap < mobility_full_min(cal, days[mobility_to].day))
            out[hills_day] = replace(out[hills_day], mobility=False, mobility_short=False)
        held = [i for i in quality if out[i].quality_type != "strides" and _holds(ctx, paces, days, i, out[i].quality_type, days[i].dist_tenths)]  # type: ignore[arg-type]
        last_pace = _marathon_pace_ran(ctx, paces, days, out, idx, held, week, week_km[week], step_back) or last_pace
        most_pace_km = max(most_pace_km, last_pace[1] if last_pace is not None else 0.0)
        known |= {out[i].quality_type for i in held}  # type: ignore[misc]
        own_sessions |= {out[i].quality_type for i in held}  # type: ignore[misc]
        if hills_day is not None:
            known.add("hills")
        if quality and quality[0] in held:
            last_kind = out[quality[0]].quality_type
    raced = _with_race_work(ctx, tuple(out), fixed)
    return _with_tuneup(ctx, _step_back_long_runs_after_their_kind(ctx, paces, raced, strides_given_up), fixed)


def _long_run_carries_work(
    ctx: PlanContext, days: Sequence[DayPlan], idx: list[int], week: int, strides_weeks: Collection[int], *,
    fixed: Collection[date], eased_until: date | None,
) -> int | None:
    """The long run of a build, peak or taper week whose quality days hold no session of their
    own, or that the solve left without one (and without hill sprints), or None: that long run
    carries the week's faster running
    (``hamplan.content.workouts.long_run_workout``, which keeps the week four fifths easy;
    COACHING.md: marathon pace in long runs; the taper keeps its intensity, Bosquet et al. 2007).
    Such a week's other run days mostly cannot hold a session: ``hard_days`` keeps it off the days
    beside a long run (a 10K runner on Saturday, Sunday and Monday ran twelve weeks without one),
    ``strength_spacing`` off the morning after strength, which a 60-year-old's two rest days
    held on Monday beside his Sunday long run, before a 45-min Tuesday (a marathoner who ran
    thirteen build and peak weeks without a faster minute); a quality day may be too short for
    its session, or the week too small for one beside four fifths of easy running (most
    step-back weeks of small plans). Not in race week, a strides week (early base, after a recent
    strain, a sore tendon's first weeks), a week a break touches or the week back from one, the
    week after one a break touches where its long run is the plan's longest yet, nor where the
    runner's rules ask for no quality session or a larger easy share than the default."""
    cal = ctx.cal
    if cal.phase(week) not in ("build", "peak", "taper") or cal.is_race_week(week) or week in strides_weeks:
        return None
    if week <= ctx.settings.quality_free_weeks or cal.touched(week) or week in cal.weeks_back_from_breaks:
        return None
    if _asks_no_more_fast_running(ctx):
        return None
    long_days = [i for i in idx if days[i].run == "long"]
    if len(long_days) != 1:
        return None
    long_at = long_days[0]
    if cal.touched(week - 1) and days[long_at].dist_tenths > max((d.dist_tenths for d in days[: idx[0]] if d.run == "long"), default=0):
        # nor the week after one a break touches (a day off is enough) where its long run is the
        # plan's longest yet, new distance and intensity in one run (a coach read a 10K runner's
        # 9.6 km long run with threshold, the first long run in three weeks, as the two
        # stacked); a long run no longer than those before the break may (a 10K runner's peak
        # week after a three-day break had run strides alone, after three weeks of threshold
        # in long runs of the same 11.3 km)
        return None
    day = days[long_at].day
    if day in fixed or cal.is_race_week_day(day) or (eased_until is not None and day <= eased_until) or day in cal.days_back_from_breaks:
        return None
    if cal.is_race_week_day(day + timedelta(days=1)):
        return None  # the day after it starts race week, whose tune-up may come next (two faster days in a row)
    if _first_long_run_after_days_unrun(ctx, days, long_at) >= BREAK_RETURN_MIN_DAYS:
        # the first long run after a blackout whose days around it leave a week or more without
        # running, within a week of the first run back (a week back from a break of a week or
        # more is kept easy above; this catches the shorter breaks the runner's days lengthen): a
        # marathoner's 25.4 km long run after a six-day trip, eight days unrun, carried 10 km at
        # marathon pace (a coach's reading of seed 2113)
        return None
    if week == 1 and _days_unrun_before_resuming(ctx, days, fixed) >= BREAK_RETURN_MIN_DAYS:
        # a re-plan after a week or more its log holds no run in: its first week back starts
        # easy, as a week back from a break does (re-planned after a missed week, a sore tendon's
        # first long run back carried 2 x 6 min at threshold, two days before his next session)
        return None
    if any(h.kind == "run" and h.type in QUALITY_TYPES and 0 < (day - h.date).days < 7 for h in ctx.request.history):
        # a re-plan whose log holds a session in the six days before it: the week's work is run
        # (re-planned the morning after a threshold run, a long run carried threshold again)
        return None
    # (a week of one run is its long run alone: no work in it)
    return long_at if any(days[i].run is not None for i in idx if i != long_at) else None


def _first_long_run_after_days_unrun(ctx: PlanContext, days: Sequence[DayPlan], long_at: int) -> int:
    """Where the long run at ``long_at`` is the first after the plan's last blackout before it
    and within a week of the first run back, the days without a run around that blackout (from
    the last run the plan holds before it to the first after it); 0 where it is not, or no run
    comes before the blackout in the plan. (A long run a week after the first run back may
    carry work: a sore tendon's 10K runner back on a Sunday ran 2 x 6 min at threshold in the
    next Sunday's long run, his only session in two build weeks.)"""
    day = days[long_at].day
    gaps = [b for b in ctx.request.schedule.blackout if b.to < day]
    if not gaps:
        return 0
    gap = max(gaps, key=lambda b: b.to)
    # (a re-plan's days start at its week: the log's runs before the blackout count too)
    ran_before = [d.day for d in days if d.run is not None and d.day < gap.from_]
    ran_before += [h.date for h in ctx.request.history if h.kind in ("run", "race") and h.date < gap.from_]
    after = [d for d in days[:long_at] if d.run is not None and d.day > gap.to]
    logged_after = [h for h in ctx.request.history if h.kind in ("run", "race") and gap.to < h.date < day]
    if not ran_before or any(d.run == "long" for d in after) or any(h.type == "long" for h in logged_after):
        return 0
    first_back = min([*(d.day for d in after), *(h.date for h in logged_after), day])
    if (day - first_back).days >= 7:
        return 0
    return (first_back - max(ran_before)).days - 1


def _days_unrun_before_resuming(ctx: PlanContext, days: Sequence[DayPlan], fixed: Collection[date]) -> int:
    """The days without a run right before the first day planned: before the plan's start
    (``days_unrun_before_start``), and a re-plan's days of its first week already lived
    (``fixed``: a re-plan made inside a week starts on its first day; an eight-day gap from a
    Wednesday counted five and its first long run back carried threshold)."""
    lived = [d for d in days if d.day in fixed]
    if not lived:
        return days_unrun_before_start(ctx.request)
    ran = [d.day for d in lived if d.run is not None]
    resume = max(d.day for d in lived) + timedelta(days=1)
    if ran:
        return (resume - max(ran)).days - 1
    return days_unrun_before_start(ctx.request) + (resume - ctx.request.start).days


def long_run_may_carry_work(ctx: PlanContext, days: Sequence[DayPlan], week: int, fixed: Collection[date]) -> int | None:
    """The long run of ``week`` that may carry the week's faster running, by the guards
    :func:`_long_run_carries_work` reads (phase, breaks, the weeks that run strides only, the
    days around the race, a re-plan's log), or None."""
    idx = list(range(7 * (week - 1), min(7 * week, len(days))))
    return _long_run_carries_work(ctx, days, idx, week, _strides_weeks(ctx), fixed=fixed, eased_until=no_fast_running_until(ctx.request))


def _step_back_long_run_stays_easy(ctx: PlanContext, days: Sequence[DayPlan], long_at: int) -> bool:
    """Whether a step-back week's long run runs easy though its week holds no session (its quality
    day keeps the strides it runs): on a sore
    tendon, whose step-back weeks are the rest it asks for (``tendinopathy_care``), or where the
    next day holds a strength session: threshold in the long run, then deadlifts and leg curls the
    next morning, stack two loading days on the hamstrings in the week that should absorb the
    work (a coach read a recent strain's step-back long run with 2 x 4 min at threshold before
    Sunday's Nordic curls as the wrong week for it)."""
    if ctx.request.runner.hamstring_history == "tendinopathy":
        return True
    return long_at + 1 < len(days) and days[long_at + 1].strength


def _step_back_long_runs_after_their_kind(
    ctx: PlanContext, paces: WorkoutPaces, days: tuple[DayPlan, ...], strides_given_up: dict[int, list[int]],
) -> tuple[DayPlan, ...]:
    """The days with a step-back week's long run easy where the kind of work it carries is new
    to the runner as the plan's sessions were finally typed: a new stimulus starts in a full
    week. ``_with_race_work`` retypes a session after the weeks were assigned (a 10K runner's
    week-4 threshold run became his one intervals session, and step-back week 7 then held the
    plan's first threshold, inside its long run). The strides that long run took from its week
    (``strides_given_up``) come back."""
    ran = history_kinds(ctx)
    out = list(days)
    for i, day in enumerate(days):
        kind = day.quality_type
        if kind is None or kind == "strides":
            continue
        if day.run == "long":
            if day.step_back and kind not in ran:
                out[i] = replace(day, quality_type=None, quality_index=0)
                for j in strides_given_up.get(i, []):
                    if out[j].quality_type is None:
                        out[j] = replace(out[j], quality_type="strides")
                continue
            ran.add(kind)
        elif _runs_its_own_session(ctx, paces, days, i):
            ran.add(kind)
    return tuple(out)


def _full_marathon_pace_week(ctx: PlanContext, week: int, quality: list[int], kind_of: dict[int, QualityDayKind], *, step_back: bool) -> bool:
    """Whether ``week`` is a full week of a marathon plan whose longest quality day runs marathon
    pace: before the taper, not a step-back week, no break in it nor the week back from one,
    four run days or more whose run before the long run keeps its hour
    (``day_before_long_run``), and a runner under 60 (one session a week from then). Such weeks
    take turns: a session, then the pace inside the long run (where that long run is no longer
    than a run already run, and holds 8 km of it and at most :data:`LONG_RUN_PACE_STEP_KM` more
    than the most run at once before), and so on."""
    cal = ctx.cal
    if race_work(ctx.request.race.km) != "marathon" or step_back or not quality:
        return False
    if ctx.request.runner.age >= ONE_QUALITY_AGE:
        # one quality session a week from 60: a marathon-pace long run on Saturday left a
        # 66-year-old's Monday session 48 hours after it
        return False
    if not (ctx.eve_cap and capped_week(cal, week)):
        # with three run days the run before the long run is uncapped, and the session's day
        # gave up its distance to it: a 105-min Friday before Saturday's marathon-pace long run
        # (three-day weeks move their session into the long run their own way, with the
        # distance, as ``sessions_in_long_run_note`` tells)
        return False
    if week not in cal.pre_taper_weeks or not cal.is_full(week) or cal.touched(week) or week in cal.weeks_back_from_breaks:
        return False
    return kind_of[quality[0]].kind == "marathon"


#: A long run's marathon-pace block is at most this many km past the most marathon pace run at once before it.
LONG_RUN_PACE_STEP_KM = 3.0


def _long_run_run_before(ctx: PlanContext, days: Sequence[DayPlan], idx: list[int]) -> bool:
    """Whether the week's long run is no longer than a run the runner has run before (the plan's
    earlier days, a re-plan's log, or the runner's long run before the plan): marathon pace goes inside a distance
    already run easy, not new distance and new intensity in one run (a coach read six of nine
    marathon-pace long runs of seed 2244 as each plan's longest run yet, by 0.8-2.2 km)."""
    long_days = [i for i in idx if days[i].run == "long"]
    if len(long_days) != 1:
        return False
    before = max((d.dist_tenths for d in days[: idx[0]] if d.run is not None), default=0)
    logged = max((h.distance_km or 0.0 for h in ctx.request.history if h.kind == "run" and h.date < ctx.request.start), default=0.0)
    before = max(before, round(max(ctx.request.runner.long_run_km, logged) * TENTHS))
    return days[long_days[0]].dist_tenths <= before


def _long_run_marathon_km(
    ctx: PlanContext, paces: WorkoutPaces, days: Sequence[DayPlan], idx: list[int], week: int, week_tenths: int, level: int,
) -> float:
    """The km at marathon pace the week's long run holds, as the content writes a long run's
    work at the ladder's ``level`` (``MARATHON_LADDER_KM``); 0 where it holds none."""
    long_days = [i for i in idx if days[i].run == "long"]
    if len(long_days) != 1:
        return 0.0
    prog = replace(_week_progression(ctx, week, week_tenths), level=level)
    workout = long_run_workout("marathon", days[long_days[0]].dist_tenths / TENTHS, paces, prog, warmup_min=LONG_RUN_WORK_WARMUP_MIN)
    return 0.0 if workout is None else _marathon_pace_km(ctx, paces, workout)


def _marathon_pace_km(ctx: PlanContext, paces: WorkoutPaces, workout: Workout) -> float:
    """A workout's km of work at marathon pace, reps counted (its Daniels M zone)."""
    return work_km_by_zone(workout, paces, ctx.request.race.km).get("marathon", 0.0)


def _marathon_pace_ran(
    ctx: PlanContext, paces: WorkoutPaces, days: Sequence[DayPlan], out: Sequence[DayPlan], idx: list[int], held: list[int],
    week: int, week_tenths: int, step_back: bool,
) -> tuple[str, float] | None:
    """Where the week's marathon-pace work ran ("long run" or "session") and about how many km
    of it, as the content will write it; None where it ran none."""
    for i in idx:
        if out[i].run == "long" and out[i].quality_type == "marathon":
            return "long run", _long_run_marathon_km(ctx, paces, days, idx, week, week_tenths, out[i].quality_index)
    for i in held:
        if out[i].quality_type == "marathon":
            prog = replace(_week_progression(ctx, week, week_tenths, step_back=step_back), level=out[i].quality_index)
            workout = quality_workout("marathon", days[i].dist_tenths / TENTHS, paces, prog, warmup_min=QUALITY_WARMUP_MIN)
            return "session", _marathon_pace_km(ctx, paces, workout)
    return None


def _last_logged_marathon_pace(ctx: PlanContext) -> tuple[str, float] | None:
    """Where a re-plan's log ran its last marathon-pace work, as the turns of
    ``_full_marathon_pace_week`` read it: a session in the last week before the plan (about its
    distance less 20 min of easy running at the pace); the week after a session logged the week
    before that ran the pace in its long run, by the turns; else None (the plan's first full
    week of it runs a session)."""
    logged = [h for h in ctx.request.history if h.kind == "run" and h.type == "marathon" and h.date < ctx.request.start]
    if not logged:
        return None
    last = max(logged, key=lambda h: h.date)
    km = max((last.distance_km or 0.0) - 20 * 60 / ctx.easy_pace_s_per_km, 0.0)
    days_before = (ctx.request.start - last.date).days
    if days_before <= 7:
        return "session", km
    if days_before <= 14:
        return "long run", km
    return None


def long_run_holds_work(ctx: PlanContext, paces: WorkoutPaces, day: DayPlan, kind: str, week_tenths: int, *, step_back: bool) -> bool:
    """Whether a long run of ``day``'s distance holds the least dose of ``kind`` as the content
    writes it (``long_run_workout``; after the solve the run is shaped, and the content decides)."""
    prog = _week_progression(ctx, ctx.cal.week_of(day.day), week_tenths, step_back=step_back)
    return long_run_workout(kind, day.dist_tenths / TENTHS, paces, prog, warmup_min=LONG_RUN_WORK_WARMUP_MIN) is not None  # type: ignore[arg-type]


def _long_run_work_kind(ctx: PlanContext, week: int) -> str:
    """What a long run carrying the week's faster running runs: marathon pace where the week's
    session would be marathon pace, else threshold (a half's peak weeks: its half-marathon pace
    too, ``_search_main_set``); never sprints or intervals inside a long run."""
    return "marathon" if quality_kind(ctx, week, 0, 1) == "marathon" else "tempo"


#: The tune-up comes at least this many days before the race (the eve keeps its few strides).
TUNEUP_DAYS_BEFORE_RACE = 2
#: ... and preferably this many days before it (first, last).
TUNEUP_DAYS_OUT = (3, 5)
#: With tendinopathy (tempo running only, ``hard_days``), race week's tune-up only for races of at
#: least this many km: a 10K's race pace is tempo running for most runners, a 5K's near interval
#: pace. (Read off the target pace, it depended on the goal: a goal in reach lost the rehearsal.)
TENDON_TUNEUP_LEAST_RACE_KM = 10.0


def _with_tuneup(ctx: PlanContext, days: tuple[DayPlan, ...], fixed: set[date]) -> tuple[DayPlan, ...]:
    """A race week without a quality day still gets its one short tune-up (COACHING.md, race
    week): the last easy run of the six days before the race, two or more days before it, that
    holds a few race-pace minutes carries them (hill sprints there count as no session: their
    days may take the tune-up, and run easy where it goes elsewhere)
    (``tuneup``; the content falls back to strides where the day cannot hold them). Not for a
    tendinopathy before a race shorter than a 10K (a 5K's pace is near interval pace): a 10K's
    is tempo running, and without it a runner with a sore tendon ran not one minute at the pace
    race day asks of him."""
    cal = ctx.cal
    race_km = ctx.request.race.km
    if ctx.request.runner.hamstring_history == "tendinopathy" and race_km < TENDON_TUNEUP_LEAST_RACE_KM - 1e-9:
        return days
    # race week as the runner counts it: the six days before the race, whichever plan weeks they
    # fall in (the race's plan week alone left a race early in its week without a tune-up)
    idx = [i for i, d in enumerate(days) if cal.is_race_week_day(d.day)]
    week_km = sum(days[i].dist_tenths for i in idx) / TENTHS
    prog = Progression(phase="race", week_km=week_km, race_km=race_km)
    paces = workout_paces(ctx.paces, race_km)
    need_tenths = full_session_km("tuneup", paces, prog) * TENTHS

    def holds_session(day: DayPlan) -> bool:
        kind = day.quality_type or "tempo"
        return session_kind(kind, day.dist_tenths / TENTHS, paces, prog, warmup_min=QUALITY_WARMUP_MIN) != "strides"

    # a quality day there is the week's session (or its tune-up), unless too short to hold either
    # (its content then falls back to strides, and another day may still hold the race-pace
    # minutes); not hill sprints, which race week runs as its tune-up's day instead (a 10K
    # runner's last faster running was 4 x 10 s uphill three days out, seed 2051: race week
    # keeps intensity with a few minutes at race pace, COACHING.md)
    hills = [i for i in idx if days[i].quality_type == "hills" and days[i].day not in fixed]
    # race week's hill-sprint days as easy runs: its one faster day is its session or tune-up
    plain = list(days)
    for j in hills:
        plain[j] = replace(days[j], run="easy", quality_type=None, quality_index=0, placed_as_quality=days[j].run == "quality" or days[j].placed_as_quality)
    if any(days[i].run == "quality" and i not in hills and holds_session(days[i]) for i in idx):
        return tuple(plain)
    latest = cal.race_day - timedelta(days=TUNEUP_DAYS_BEFORE_RACE)
    # no race-pace minutes inside a break's return either
    eased_until = no_fast_running_until(ctx.request)  # a break's return: no fast running
    candidates = [
        i for i in idx
        if (days[i].run == "easy" or i in hills) and days[i].day not in fixed and days[i].day <= latest
        and (eased_until is None or days[i].day > eased_until)
    ]
    if not candidates:
        return days
    def roomy(i: int) -> bool:
        """Whether the day's time holds a tune-up beside its other sessions (race week's other
        runs then give it the distance, ``plan._room_for_tuneup``)."""
        cap_km = day_plan_cap_tenths(cal, days[i], ctx.easy_pace_s_per_km, 10**6) / TENTHS
        return session_kind("tuneup", cap_km, paces, prog, warmup_min=QUALITY_WARMUP_MIN) == "tuneup"

    # the last run that holds the whole tune-up, else the last whose time holds it, else the last
    # run (its content falls back to strides); not the day after the long run where another day
    # holds it: that day recovers (a 10K runner's tune-up fell on the Monday after a 14.6 km long
    # run, six days out)
    with_room = [i for i in candidates if roomy(i)]
    # the skeleton's distances are not the runs' lengths: race week's easy runs are evened out
    # after the solve, so where their mean holds the tune-up, every day whose time holds it does
    # (a 4:30 marathoner's tune-up took Monday, six days out, the one day the skeleton gave 8 km
    # beside 2.8, 2.8 and 1.1 km, all evened out to 3.7 km); in the race's plan week only (race
    # week's days in the week before keep what the solve gave them, as days already run do)
    evened = [j for j in idx if days[j].run == "easy" and cal.is_race_week(cal.week_of(days[j].day)) and days[j].day not in fixed]
    mean_holds = bool(evened) and session_kind(
        "tuneup", sum(days[j].dist_tenths for j in evened) / len(evened) / TENTHS, paces, prog, warmup_min=QUALITY_WARMUP_MIN) == "tuneup"
    holding = [i for i in candidates if days[i].dist_tenths >= need_tenths or (mean_holds and i in with_room and i in evened)]
    # nor the day after a strength session where another day holds it (``strength_spacing``
    # keeps strength off a quality session's eve; a tune-up is a few minutes of one: three of
    # six runners' tune-ups came the day after deadlifts and leg curls)
    rested = [i for i in candidates if not (i > 0 and (days[i - 1].run == "long" or days[i - 1].strength or days[i - 1].quality_type == "hills"))]
    tier = [j for j in holding if j in rested] or [j for j in with_room if j in rested] or holding or with_room or candidates
    # within it, three to five days out where one is (Pfitzinger's race-week tune-up: a coach
    # read one six days before a marathon as too early, and two days out leaves little to recover)
    i = ([j for j in tier if TUNEUP_DAYS_OUT[0] <= (cal.race_day - days[j].day).days <= TUNEUP_DAYS_OUT[1]] or tier)[-1]
    plain[i] = replace(plain[i], quality_type="tuneup", quality_index=1)
    return tuple(plain)


def _with_race_work(ctx: PlanContext, days: tuple[DayPlan, ...], fixed: set[date]) -> tuple[DayPlan, ...]:
    """A plan whose few quality days all fell before the race-specific phase still gets one
    race-specific session: its last quality day from the build on that holds it (where the
    restrictions allow), else, where none does, its last one that runs no session of its own."""
    specific = race_work(ctx.request.race.km)
    history = ctx.request.runner.hamstring_history
    if specific == "tempo" or (specific in SPRINT_TYPES and not ctx.settings.quality_intervals_allowed):
        return days  # a sore tendon runs no intervals (hard_days): marathon pace is no sprinting
    cal = ctx.cal
    paces = workout_paces(ctx.paces, ctx.request.race.km)

    def holds_specific(i: int) -> bool:
        return _holds(ctx, paces, days, i, specific, days[i].dist_tenths)

    typed = [i for i, d in enumerate(days) if d.quality_type == specific]
    if any(holds_specific(i) for i in typed):
        return days
    # (not in a week whose long run carries its work: one session a week is the long run's)
    long_work_weeks = {cal.week_of(d.day) for d in days if d.run == "long" and d.quality_type}
    candidates = [
        i for i, d in enumerate(days)
        if (d.run == "quality" or d.placed_as_quality) and d.day not in fixed and cal.phase(cal.week_of(d.day)) in ("build", "peak", "taper", "race")
        and not (history == "recent_strain" and cal.week_of(d.day) <= RECENT_STRAIN_TEMPO_WEEKS)
        and cal.week_of(d.day) not in long_work_weeks
    ]
    # the last day that holds the session (a specific day too short for it is an easy run with
    # strides: a 6-week 5K plan's one real session was threshold, its intervals day strides),
    # else, where no day holds it, the last quality day as before
    holding = [i for i in candidates if holds_specific(i)]
    if not holding:
        # nor a day whose own session it holds: a novice's peak-week hill sprints, retyped
        # intervals on a day too short for them, became an easy run with strides after four
        # weeks of hill sprints (``race_work_room`` still tries to grow a day for the session)
        candidates = [i for i in candidates if not _runs_its_own_session(ctx, paces, days, i)]
    if not holding and (typed or not candidates):
        return days
    out = list(days)
    i = (holding or candidates)[-1]
    out[i] = replace(days[i], run="quality", quality_type=specific, quality_index=1, placed_as_quality=False)
    return tuple(out)


def _runs_its_own_session(ctx: PlanContext, paces: WorkoutPaces, days: tuple[DayPlan, ...], i: int) -> bool:
    """Whether day ``i`` runs a real session of the type it has (not strides): hill sprints (a
    small week's are sized as an easy run after the solve, ``placed_as_quality``), or a session
    its distance holds."""
    kind = days[i].quality_type
    if kind == "hills":
        return True
    return kind not in (None, "strides") and _holds(ctx, paces, days, i, kind, days[i].dist_tenths)


def main_session_targets(ctx: PlanContext, weeks: dict[int, tuple[int, int]]) -> dict[int, int]:
    """Per week with a quality session, the distance (tenths of a km) its longest quality day
    needs for the whole progression step of the week's main type (``full_session_km``: the
    marathon-pace block 8 -> 16 km, the threshold ladder, ...), never more than ``easy_share``
    leaves for quality in a week of ``weeks[week]`` = (run km, long run) tenths (it counts the
    whole session as hard), nor more than leaves a big week its medium-long run beside 20-min
    runs on the other days. Levels follow the plan's: one up per normal week, one below in a
    step-back week, held in the taper."""
    cal = ctx.cal
    week_tenths = {w: v[0] for w, v in weeks.items()}
    paces = workout_paces(ctx.paces, ctx.request.race.km)
    done: Counter[str] = Counter()
    known = history_kinds(ctx)
    last_kind: str | None = None
    strides_weeks = _strides_weeks(ctx)
    targets: dict[int, int] = {}
    held: dict[str, int] = {}  # the last full week's target, by kind
    for week in range(1, cal.week_count + 1):
        km = week_tenths.get(week, 0) / TENTHS
        phase = cal.phase(week)
        if km <= 0 or cal.is_race_week(week):
            continue
        kind = quality_kind(ctx, week, 0, 1)
        if phase == "base":  # no target; the kind the runner learns there (strides weeks aside)
            if week not in strides_weeks:
                known.add(kind)
                last_kind = kind
            continue
        before = week_tenths.get(week - 1, 0) / TENTHS
        step_back = is_step_back_week(cal, week, km, before)  # before the taper only
        if step_back:
            # the session assign_quality gives the week: a kind new to the runner waits
            kind = known_kind_in_step_back(kind, known | set(done), last_kind)
            if kind == "strides":
                continue
            level = max(done[kind], 1)  # the last full week's rung, its work cut (Progression.step_back)
        elif phase == "taper":
            level = max(done[kind], 1)
        else:
            done[kind] += 1
            level = done[kind]
        last_kind = kind
        prog = Progression(level=level, phase=phase, week_km=km, race_km=ctx.request.race.km, step_back=step_back)
        # the whole session rounded up, a tenth of a km short of it gives the step below
        # (a 68-year-old's 3 x 6 min threshold needs 5.67 km: at 5.6 km it was 2 x 6 for five
        # weeks), within what easy_share leaves rounded down
        full_tenths = math.ceil(full_session_km(kind, paces, prog) * TENTHS - 1e-9)  # type: ignore[arg-type]
        room_tenths = math.floor(quality_room_km(ctx.settings, km) * TENTHS + 1e-9)
        beside = _beside_medium_long(ctx, week, *weeks[week], session_tenths=full_tenths)
        if not step_back and phase != "taper":
            # the progression holds: a full week's session is never smaller than the last full
            # week's of its kind where easy_share leaves the room, the medium-long run a little
            # shorter for it (a masters marathoner's marathon-pace block went 7, 6.5, 8.5 km in his
            # build: his 57 km first peak week left the medium-long run its 0.6 x the long run)
            beside = max(beside, min(held.get(kind, 0), full_tenths, _beside_medium_long(ctx, week, *weeks[week], share=HELD_MEDIUM_LONG_SHARE, session_tenths=full_tenths)))
        targets[week] = min(full_tenths, room_tenths, beside)
        if not step_back and phase != "taper":
            held[kind] = targets[week]
    return targets


#: The medium-long run's share of the long run a held progression step may take it down to
#: (``main_session_targets``): above the share ``medium_long_run`` advises under.
HELD_MEDIUM_LONG_SHARE = MEDIUM_LONG_ADVICE_SHARE + 0.02


def _beside_medium_long(
    ctx: PlanContext, week: int, week_tenths: int, long_tenths: int, share: float = MEDIUM_LONG_SHARE[0], *, session_tenths: int,
) -> int:
    """The longest quality day that still leaves a week the medium-long run ``plan`` shapes
    (``medium_long_run``: weeks of 50+ km on 5+ run days; ``share`` × the long run) and 20-min
    runs on its other run days; the whole week where a full session (``session_tenths``) leaves
    no room for one beside half-hour easy runs, as ``plan`` then evens the easy runs out (a 4:30
    marathoner's marathon-pace block fell from 7.5 to 5 km in his peak weeks, kept short for a
    medium-long run his 180-min long run left no room for). An estimate of the sharing's test
    before the days are placed: one session, every run day of the week, the easy pace."""
    runs = len(ctx.cal.run_days_in(week))
    if runs < MEDIUM_LONG_MIN_RUNS or week_tenths < MEDIUM_LONG_MIN_WEEK_KM * TENTHS:
        return week_tenths
    easy_left = week_tenths - long_tenths - session_tenths - (runs - 3) * ctx.easy_run_min_tenths
    if easy_left < least_medium_long_tenths(long_tenths):
        return week_tenths
    medium = round(share * long_tenths) + round(OTHER_RUN_EXTRA_KM * TENTHS) // 2
    return week_tenths - long_tenths - medium - (runs - 3) * ctx.min_run_tenths


#: How far a quality day may grow, in tenths of a km taken from its week's easy runs, to hold
#: the least race-specific session (:func:`race_work_room`).
RACE_WORK_ROOM_MAX_TENTHS = 6
#: The last weeks before race week tried, latest first.
RACE_WORK_ROOM_WEEKS = 4


def race_work_room(ctx: PlanContext, skeleton: Skeleton, fixed: Collection[date]) -> list[Skeleton]:
    """Skeletons to try, latest week first, for a 5K / 10K plan none of whose days holds its
    intervals session: in one of the last build, peak and taper weeks (never race week's days),
    the longest quality day grown to the least interval session (10 min easy either side of
    2 × 400 m at I pace), the distance taken from the week's longest easy run, the week's volume
    and long run unchanged. The solver budgets the 80/20 rule in km at easy pace, with a margin;
    the rule is read in minutes, where 2 × 400 m at I pace take less time than their km at easy
    pace, and a novice's 15-20 km week is often 0.1-0.4 km short of the session in km but not in
    minutes. A variant is kept only where the plan built from it keeps every safety rule
    (``hamplan.plan``)."""
    race_km = ctx.request.race.km
    if race_work(race_km) != "intervals" or not ctx.settings.quality_intervals_allowed:
        return []
    cal = ctx.cal
    paces = workout_paces(ctx.paces, race_km)
    days = skeleton.days
    weeks = [w for w in range(1, cal.week_count + 1) if cal.phase(w) in ("build", "peak", "taper") and not cal.is_race_week(w)]
    if ctx.request.runner.hamstring_history == "recent_strain":
        weeks = [w for w in weeks if w > RECENT_STRAIN_TEMPO_WEEKS]
    out = []
    for week in reversed(weeks[-RACE_WORK_ROOM_WEEKS:]):
        idx = [i for i in range(7 * (week - 1), min(7 * week, len(days))) if days[i].day not in fixed]
        quality = [i for i in idx if (days[i].run == "quality" or days[i].placed_as_quality) and not cal.is_race_week_day(days[i].day)]
        # (an easy run's strides there sit beside hill sprints on a day too short for the session,
        # or beside the session, ``assign_quality``: the week that gains its session keeps one such
        # run's, as a week with a session does: not beside the session nor the morning after a
        # strength session, a quiet day before the long run's eve)
        easy = [i for i in idx if days[i].run == "easy" and days[i].quality_type in (None, "strides") and not cal.is_race_week_day(days[i].day)]
        if not quality or not easy:
            continue
        # the day already typed intervals, else the longest, the earlier of equals (as assign_quality)
        q = max(quality, key=lambda i: (days[i].quality_type == "intervals", days[i].dist_tenths, -i))
        need = next(
            (t for t in range(days[q].dist_tenths, days[q].dist_tenths + RACE_WORK_ROOM_MAX_TENTHS + 1)
             if _holds(ctx, paces, days, q, "intervals", t)),
            None,
        )
        if need is None or need == days[q].dist_tenths:
            continue
        moved = need - days[q].dist_tenths
        donor = max(easy, key=lambda i: (days[i].dist_tenths, i))
        if days[donor].dist_tenths - moved < ctx.min_run_tenths:
            continue
        beside = [i for i in easy if days[i].quality_type == "strides" and abs(i - q) > 1 and _fresh_for_strides(days, i)]
        kept = sorted(beside, key=lambda i: not _quiet_around(days, i))[:SESSION_WEEK_STRIDES]
        grown = [replace(days[i], quality_type=None, quality_index=0) if i in easy and i not in kept else days[i] for i in range(len(days))]
        grown[q] = replace(days[q], run="quality", dist_tenths=need, quality_type="intervals", quality_index=1, placed_as_quality=False)
        grown[donor] = replace(grown[donor], dist_tenths=days[donor].dist_tenths - moved)
        for i in idx:
            if days[i].run == "long" and days[i].quality_type:
                # the session it gains is the week's work: its long run, which carried it, runs
                # easy (a 10K runner's weeks held 2 x 400 m and a long run with 2 x 6 min at
                # threshold)
                grown[i] = replace(days[i], quality_type=None, quality_index=0)
        out.append(replace(skeleton, days=tuple(grown)))
    return out


class QualityDayKind(NamedTuple):
    """What a quality day runs, and whether that is hill sprints because the day was too short
    for its session (``_hills_where_too_short``)."""

    kind: str
    hills_for_short_day: bool


def _quality_day_kind(
    ctx: PlanContext, paces: WorkoutPaces, days: tuple[DayPlan, ...], i: int, quality: list[int],
    known: Collection[str], last_kind: str | None, *, step_back: bool, own_sessions: Collection[str],
) -> QualityDayKind:
    """What quality day ``i`` among its week's ``quality`` days (longest first) runs. The first
    week back from a break of a week or more starts easy: its quality day is an easy run with
    strides (``quality_allowed``; a sore tendon's, a plain one)."""
    week = ctx.cal.week_of(days[i].day)
    if week in ctx.cal.weeks_back_from_breaks:
        return QualityDayKind("strides", False)
    kind = quality_kind(ctx, week, quality.index(i), len(quality))
    if kind == "intervals" and ctx.request.runner.hamstring_history == "recent_strain" and "tempo" not in own_sessions:
        # after a recent strain, threshold running comes before the first intervals session (a
        # coach read an 18-year-old's first session, 2 x 400 m, the week before his first
        # threshold run, as the wrong order: the strained hamstring meets speed last; threshold
        # inside a long run is no session of its own: two recent strains' first sessions after
        # one were 2 x 400 m)
        kind = "tempo"
    if step_back:
        kind = known_kind_in_step_back(kind, known, last_kind)
    hills = _hills_where_too_short(ctx, paces, days, i, kind, known if step_back else None)
    return QualityDayKind(hills, hills != kind)


#: Phases whose quality day, too short for its own session, runs hill sprints rather than
#: strides: the base runs them anyway, and taper and race week keep their race-pace tune-up.
HILLS_WHEN_SHORT_PHASES = ("build", "peak")


def _hills_where_too_short(
    ctx: PlanContext, paces: WorkoutPaces, days: tuple[DayPlan, ...], i: int, kind: str, known: Collection[str] | None,
) -> str:
    """``kind``, or hill sprints where day ``i`` is too short for the least session of ``kind``
    and holds theirs: a few seconds of fast running each, with walked or jogged recoveries, are
    the smallest real session. Build and peak weeks only, where the runner may sprint (not a
    sore tendon, not in the tempo-only weeks after a recent strain), and in a step-back week
    only where the runner has run them before (``known``: a new stimulus starts in a full week).
    Without it such a day became an easy run with strides."""
    week = ctx.cal.week_of(days[i].day)
    if kind in ("strides", "hills") or ctx.cal.phase(week) not in HILLS_WHEN_SHORT_PHASES:
        return kind
    if _sprints_barred(ctx, week) or (known is not None and "hills" not in known):
        return kind
    if _holds(ctx, paces, days, i, kind, days[i].dist_tenths) or not _holds(ctx, paces, days, i, "hills", days[i].dist_tenths):
        return kind
    return "hills"


#: A small week's hill sprints come at least this many days before the race: race week's six
#: days keep their one tune-up, and the day before them leaves the legs fresh for it (a 62-year-old's
#: hill sprints seven days out came the day before the tune-up, race week's only run day for it).
#: Eight days out they are never next to it.
HILL_SPRINTS_LEAST_DAYS_BEFORE_RACE = 8


def _hill_sprints_week(ctx: PlanContext, week: int, *, step_back: bool, known: Collection[str]) -> bool:
    """Whether a build or peak week too small for a session runs hill sprints in an easy run.

    Such a week is too small for a session beside 80 % easy running as the solver counts a
    session (whole, its warm-up and cool-down as hard), or its days too short for one: a few
    seconds of sprinting uphill with easy jogs back, in an easy run, are the least real session,
    and their running time is easy (``INTENSITY``), as an easy run with strides is. Without them
    a novice's build weeks of 15-20 km held strides only, and a third of the realistic plans had
    more than a quarter of their build and peak weeks without a session (COACHING.md: hill
    sprints all season keep the legs used to fast running; Hudson, *Run Faster*).

    Where the runner may sprint (not a sore tendon, not the tempo-only weeks after a recent
    strain, nor where the runner's rules ask for no quality session or a larger easy share than
    the default), not in race week, nor the week back from a break, and in a step-back week only where
    the runner has run hill sprints before: a new stimulus starts in a full week, not in the
    week that absorbs the work (a coach read a 60-year-old's first and only hill sprints in a
    step-back week as a stimulus in the wrong week)."""
    cal = ctx.cal
    if cal.phase(week) not in HILLS_WHEN_SHORT_PHASES or cal.is_race_week(week) or _sprints_barred(ctx, week):
        return False
    if week <= ctx.settings.quality_free_weeks or week in cal.weeks_back_from_breaks:
        return False
    if _asks_no_more_fast_running(ctx):
        return False
    return not (step_back and "hills" not in known)


def _asks_no_more_fast_running(ctx: PlanContext) -> bool:
    """Whether the runner's rules ask for no quality session, or for a larger easy share than the
    default: such a runner gets no fast running beyond the sessions the weeks hold (no hill
    sprints in small weeks, no work inside long runs)."""
    return ctx.settings.quality_per_week < 1 or ctx.settings.easy_share > DEFAULT_EASY_SHARE


def _hill_sprints_on_quality_day(
    ctx: PlanContext, paces: WorkoutPaces, days: tuple[DayPlan, ...], quality: list[int], kind_of: dict[int, QualityDayKind], *,
    fixed: set[date], eased_until: date | None,
) -> int | None:
    """The quality day of a :func:`_hill_sprints_week` that runs hill sprints sized as an easy
    run, or None: where none of its quality days holds its session at the distance the solver
    gave it (the week's easy share held it short), the one whose time holds hill sprints, the
    roomiest. The solver placed it as a quality day: the hard-day rules hold."""
    if any(kind_of[i].kind == "strides" or _holds(ctx, paces, days, i, kind_of[i].kind, days[i].dist_tenths) for i in quality):
        return None
    caps = {
        i: day_plan_cap_tenths(ctx.cal, days[i], ctx.easy_pace_s_per_km, 10**6) for i in quality
        if _hill_sprints_may_fall_on(ctx, days[i].day, fixed, eased_until)
    }
    holding = [i for i in caps if _holds(ctx, paces, days, i, "hills", caps[i])]
    return max(holding, key=lambda i: (caps[i], -i)) if holding else None


def _hill_sprints_may_fall_on(ctx: PlanContext, day: date, fixed: Collection[date], eased_until: date | None) -> bool:
    """Whether a small week's hill sprints may fall on ``day``: not a day a re-plan finds run,
    not within :data:`HILL_SPRINTS_LEAST_DAYS_BEFORE_RACE` days of the race (race week's days
    included), not a day back from a break nor in a graduated return (``hard_days``: no quality
    session there; after an illness, the rest of its week too: ``eased_until``)."""
    cal, easing = ctx.cal, ctx.request.easing
    return not (
        day in fixed or day > cal.race_day - timedelta(days=HILL_SPRINTS_LEAST_DAYS_BEFORE_RACE)
        or (eased_until is not None and day <= eased_until) or day in cal.days_back_from_breaks
        or (easing is not None and day <= easing.until)
    )


def _hill_sprints_day(
    ctx: PlanContext, paces: WorkoutPaces, days: tuple[DayPlan, ...], out: Sequence[DayPlan], idx: list[int], *,
    fixed: set[date], eased_until: date | None,
) -> tuple[int, int | None] | None:
    """The easy day of a :func:`_hill_sprints_week` without a quality day that runs hill
    sprints, and the day its mobility session moves to (None: it has none), or None. It keeps
    what ``hard_days`` and ``strength_spacing`` ask of any quality day (the solver placed none
    here): neither next to the long run nor to another quality day, not the day after a strength
    session nor after strides, not the day after a logged session that keeps one off; and
    :func:`_hill_sprints_may_fall_on`. A mobility session on it moves to a free day or one of an
    easy run (``mobility``: after easy runs only), or the day is not one of them. Of those whose
    time holds the session: three days from the long runs from 60 (``masters_session_spacing``),
    a quiet day, the roomiest, the longest."""
    cal = ctx.cal
    mobility_to = {i: _mobility_move(ctx, days, idx, i, fixed) for i in idx if days[i].mobility}

    def hard(j: int) -> bool:
        return days[j].run in ("long", "quality") or out[j].quality_type in QUALITY_TYPES

    def clear(i: int) -> bool:
        day = days[i]
        if day.run != "easy" or not _hill_sprints_may_fall_on(ctx, day.day, fixed, eased_until):
            return False
        if day.mobility and mobility_to[i] is None:
            return False
        if any(0 <= j < len(days) and hard(j) for j in (i - 1, i + 1)):
            return False
        if i == 0:
            return not quality_kept_off_by_log(ctx.request, day.day)
        # nor the day after a strength session, nor after strides (fast running two days running)
        return not days[i - 1].strength and out[i - 1].quality_type is None

    candidates = [i for i in idx if clear(i)]
    if not candidates:
        return None
    caps = {i: day_plan_cap_tenths(cal, days[i], ctx.easy_pace_s_per_km, 10**6) for i in candidates}
    holding = [i for i in candidates if _holds(ctx, paces, days, i, "hills", caps[i])]
    if not holding:
        return None
    longs = [j for j, d in enumerate(days) if d.run == "long"]
    masters = ctx.request.runner.age >= MASTERS_SPACING_AGE

    def spaced(i: int) -> bool:
        return not masters or all(abs(i - j) >= MASTERS_SESSION_LEAST_GAP_DAYS for j in longs)

    best = max(holding, key=lambda i: (spaced(i), _quiet_around(days, i), caps[i], days[i].dist_tenths, -i))
    return best, mobility_to.get(best)


def _mobility_move(ctx: PlanContext, days: Sequence[DayPlan], idx: list[int], i: int, fixed: Collection[date]) -> int | None:
    """Where day ``i``'s mobility session goes when the day runs hill sprints: the first of the
    days ``two_outings_a_day`` would move a stacked one to (a free day beyond the week's rest
    days, else a day of an easy run without a time limit), not a day a re-plan finds run
    (``fixed``: the session was lost there), or None."""
    cal = ctx.cal
    kinds = {
        days[j].day: ({"run"} if days[j].run else set()) | ({"easy"} if days[j].run == "easy" and j != i and days[j].quality_type is None else set())
        | ({"strength"} if days[j].strength else set()) | ({"mobility"} if days[j].mobility else set())
        for j in idx
    }
    at = {days[j].day: j for j in idx}
    moves = [day for day in mobility_moves(cal, kinds, ctx.settings.rest_days_min, False, True) if day != days[i].day and day not in fixed]
    return at[moves[0]] if moves else None


def _sprints_barred(ctx: PlanContext, week: int) -> bool:
    """Whether hill sprints are barred in ``week``: a sore tendon (``hard_days``: tempo only),
    or the tempo-only weeks after a recent strain."""
    if not ctx.settings.quality_intervals_allowed:
        return True
    return ctx.request.runner.hamstring_history == "recent_strain" and week <= RECENT_STRAIN_TEMPO_WEEKS


def _week_progression(ctx: PlanContext, week: int, week_tenths: int, *, step_back: bool = False) -> Progression:
    """A week's session as far as the fit of its least dose goes, for the solver's questions of
    what a day or a long run holds (the content builds it from the same phase, week and
    step-back)."""
    return Progression(phase=ctx.cal.phase(week), week_km=week_tenths / TENTHS, race_km=ctx.request.race.km, step_back=step_back)


def _holds(ctx: PlanContext, paces: WorkoutPaces, days: tuple[DayPlan, ...], i: int, kind: str, tenths: int) -> bool:
    """Whether day ``i``, ``tenths`` long, holds the least session of ``kind`` in its week (its
    phase, and the week's run km for Daniels' limits)."""
    week = ctx.cal.week_of(days[i].day)
    prog = _week_progression(ctx, week, sum(d.dist_tenths for d in days[7 * (week - 1) : 7 * week]))
    return session_kind(kind, tenths / TENTHS, paces, prog, warmup_min=QUALITY_WARMUP_MIN) == kind  # type: ignore[arg-type]


def with_days_changed_by(skeleton: Skeleton, variants: list[Skeleton]) -> Skeleton:
    """The days each of ``variants`` changed from ``skeleton``, all at once."""
    days = list(skeleton.days)
    for variant in variants:
        for i, (before, after) in enumerate(zip(skeleton.days, variant.days)):
            if before != after:
                days[i] = after
    return replace(skeleton, days=tuple(days))
