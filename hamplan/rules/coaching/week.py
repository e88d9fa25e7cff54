"""The week: the long run's share by volume, a medium-long run in big weeks, no run too short,
recovery runs short."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from ortools.sat.python import cp_model

from hamplan.calendar import weekday_name
from hamplan.models import Advice
from hamplan.rules.base import EPS_KM, TENTHS, PlanVars, km, km_in_minutes_tenths, other_run_room_pc, tenths_floor
from hamplan.rules.coaching.base import SCALE, CoachingRule, CoachingView, median
from hamplan.rules.coaching.other_runs import other_run_room_in_week_pc
from hamplan.rules.coaching.targets import READINESS_WEEKS, RETURN_RUN_MAX_MIN, SHAKEOUT_DAYS, long_share_limit, own_long_run_km
from hamplan.rules.coaching.volume import post_band_on_volume
from hamplan.rules.context import EASY_RUN_MAX_MINUTES, EASY_RUN_MIN_MINUTES, MIN_RUN_MINUTES
from hamplan.rules.settings import EVE_CAP_MIN_RUN_DAYS, EVE_OF_LONG_RUN_SHARE, MOBILITY_SHORT_MAX_MIN
from hamplan.words import a_or_an

W_SHORT_RUN = 50
#: Week stage: a run under 20 min (four weigh a build week without room for its quality
#: session, ``W_QUALITY_ROOM``).
W_SHORT_RUN_WEEK = 5
#: Day model: each run a week holds past those its distance gives half an hour each
#: (``easy_run_length``): more than a run day's reward (1), less than a quality day's (3 in base,
#: 6 in build), so a week runs fewer days, never without its session.
W_RUN_PAST_HALF_HOURS = 2
#: Day model: a quality session the day before a day without a run (``recovery_runs``): a
#: tie-break (a run day's reward), under a quality day's (3 in base, 6 in build).
W_SESSION_BEFORE_RUN = 1
#: A run beside the long run past an hour is said (``recovery_runs``' advice, the plan's note) where
#: it comes in at least this share of the weeks before race week, and at least this many.
PAST_HOUR_SAID_SHARE = 0.25
PAST_HOUR_SAID_LEAST = 2
#: Week stage: per tenth of a km the first week back from a break's long run passes the longest
#: of the weeks before it (``return_runs``): weighed before volume, as the coaching goals are.
W_NEW_LONGEST_BACK = 1
#: Day model: a strength session the day after the long-run day, on a weekday the runner did not
#: name a strength day: as much as the short form costs (2), below the reward of the runner's own
#: strength days (3). At 1 it only broke ties, and a coach reading 99 plans of seed 2113 found
#: strength the day after the long run in 35 of them (a quarter of the sessions or more in 19)
#: where another day would have held it. Seed 2027, 196 plans: sessions there 482 -> 171 of
#: 4,780, plans with a quarter or more of them there 34 -> 10, short forms 334 -> 362 (at 3: 138
#: there and 400 short forms, a short session elsewhere then coming before a full one there).
W_STRENGTH_AFTER_LONG_RUN = 2
#: Day model: a strength session the day before an easy run in a week of runs past the hour
#: (``strength_before_long_easy_run``): under the day after the long run's cost, so it never
#: moves a session there (at 2, a marathoner's Thursday strength before a 59-min Friday went to
#: the Sunday after his Saturday long run).
W_STRENGTH_BEFORE_LONG_EASY_RUN = 1
#: ``recovery_day_strength`` advises where more than this share of a plan's strength sessions
#: fall the day after a long run.
STRENGTH_AFTER_LONG_ADVICE_SHARE = 0.5
#: An easy run this long (minutes) the morning after a strength session starts on tired hamstrings
#: (``strength_before_long_easy_run``) ...
LONG_EASY_AFTER_STRENGTH_MIN = 75
#: ... advised where more than this share of a plan's strength sessions come the day before one,
#: as ``recovery_day_strength`` advises: a quarter named a marathoner on four days whose Tuesday
#: and Friday were the only days his hour-long Monday and Thursday and his rest day left.
STRENGTH_BEFORE_LONG_EASY_ADVICE_SHARE = 0.5
#: Share of a plan's weeks outside race week that may hold easy runs one fewer would lengthen.
EASY_RUN_ADVICE_SHARE = 0.25
#: The run the day before the long run: at most this long and this share of the long run.
BEFORE_LONG_MAX_MIN = 60
BEFORE_LONG_SHARE = EVE_OF_LONG_RUN_SHARE
BEFORE_LONG_SLACK_KM = 0.3
BEFORE_LONG_MIN_RUN_DAYS = EVE_CAP_MIN_RUN_DAYS
#: Medium-long run: weeks of at least this volume and run count hold a run of this share of the long run.
MEDIUM_LONG_MIN_WEEK_KM = 50.0
MEDIUM_LONG_MIN_RUNS = 5
MEDIUM_LONG_SHARE = (0.6, 0.75)
MEDIUM_LONG_ADVICE_SHARE = 0.55
#: A week has no room for a medium-long run this close to it (see ``_no_room_for_medium_long``).
MEDIUM_LONG_ROOM_MARGIN_KM = 0.2


def least_medium_long_tenths(long_tenths: int) -> int:
    """The shortest run (tenths of a km) the planner calls a medium-long run beside a long run
    of ``long_tenths``: :data:`MEDIUM_LONG_ADVICE_SHARE` of it rounded up, and a tenth more."""
    return math.ceil(MEDIUM_LONG_ADVICE_SHARE * long_tenths) + 1
#: Recovery runs last 20–40 min; advised when more than a quarter of them pass 50 min (a big
#: week with two quality days leaves its easy volume few days).
RECOVERY_MAX_MIN = 40
RECOVERY_ADVICE_MIN = 50
#: Advice when the long run's median share in build and peak weeks is this far over its band.
SHARE_SLACK = 0.02
#: A plan peaking at this many km or more aims its build weeks' long runs at no more than
#: :data:`BIG_PLAN_LONG_SHARE` of the week, where the race's long run leaves them room (four
#: run days or more: with three, the long run's share is set by the other two runs' size).
BIG_PLAN_PEAK_KM = 45.0
BIG_PLAN_LONG_SHARE = 0.40
BIG_PLAN_MIN_RUN_DAYS = 4


class LongRunShare(CoachingRule):
    """The long run's share of the week: ≤ **50 %** under 30 km a week, ≤ **40 %** at 30–50 km,
    ≤ **35 %** above (the safety rule's 50 % is the outer limit for beginners); with few run
    days what the other runs leave: **40 %** on four, about **46 %** on three
    (:func:`long_share_limit`).

    Daniels: 25–30 % of the week; Pfitzinger near 30–35 %; Higdon Novice near 50 %. A long run
    the race needs (``race_readiness``) may go above the band in the last
    :data:`READINESS_WEEKS` weeks before the taper, and so may the long run the runner already
    does in a week of at least the runner's current volume (the band never plans a runner below
    it); nothing else does.
    A week that may go without a long run (a break touches it, or a re-plan finds it partly run)
    keeps the band where it holds one: where its days left cannot hold a long run within half of
    the week, its runs are easy runs the size of one beside the recent long run (the week model's
    shape), not runs shrunk to fit a band (a 5 km week of two 2.5 km runs after two missed days).
    In a plan peaking at 45 km or more, the base and build weeks before the race's long run needs
    more aim their long run at 40 % of the week as the weeks were settled (``aimed_weeks``; the
    week stage's second solve), where the curve's long run was planned against a bigger week.
    """

    id = "long_run_share"
    title = "Long run's share of the week"

    def post_week(self, m: PlanVars) -> None:
        """The long-run curve (``volume_curve``) is already held under the band of its week's
        target; this keeps the band against the week's real volume where the race's long run
        leaves room (a constraint: a long run may always be shorter). The first weeks back
        after a break (``easing``) keep it even where the curve is off: the race's long run is
        built later, not in the return week."""
        targets = m.context.targets  # type: ignore[attr-defined]
        late = set(m.cal.pre_taper_weeks[-READINESS_WEEKS:])
        for week, target_km in targets.week_km.items():
            if _easing_week(m, week) and week not in late and week not in m.history_weeks:  # type: ignore[attr-defined]
                # a long run's band: a week the return leaves without one (the days left too few
                # for a long run within half the week) runs easy runs, not an empty week
                post_band_on_volume(m, week, m.long_run_held(week))
        if not m.ceilings:  # type: ignore[attr-defined]
            return
        ready = m.context.readiness_km  # type: ignore[attr-defined]
        capacity_of = getattr(m, "week_capacity_km", None)
        for week, target_km in targets.week_km.items():
            runs = len(m.cal.run_days_in(week))
            # the band of the volume the week can reach: a week whose days hold less than its
            # target (three 45-min weekdays, a build week's quality session) keeps the band of
            # its size, as check() reads it
            volume_km = target_km if capacity_of is None else min(target_km, capacity_of(week))
            band = long_share_limit(volume_km, runs)
            own = own_long_run_km(m.context, target_km)  # type: ignore[attr-defined]
            if band * volume_km < max(ready + 1.0, own) or week in m.history_weeks:  # type: ignore[attr-defined]
                continue  # the race's long run, or the runner's own, needs more of this week than the band gives
            held = m.long_run_held(week)
            when = [] if held is None else [held]
            long_km, week_km = m.week_long[week], m.week_km[week]
            # the band never holds the long run below the runner's own in a week of at least
            # the runner's current volume (the weeks that long run is already part of): where the
            # days leave the week short of the volume the band was read at, the week keeps that
            # long run rather than shrink both (a 63 km marathoner on four days, long run 26.2 km,
            # built at 58 km with 23.2 km long runs under his 67 km base once his peak grew a
            # quarter). A week the load rules keep small after a break keeps the band (else its
            # long run took half of a 10 km week and left 14-min runs).
            within_own = m.model.new_bool_var(f"coach_long_within_own_w{week}")
            m.model.add(long_km <= tenths_floor(own)).only_enforce_if([within_own, *when])
            m.model.add(week_km >= tenths_floor(m.request.runner.weekly_km)).only_enforce_if([within_own, *when])
            ways = [within_own]
            if week in late:
                # nor below the race's long run in the weeks that build it (the curve plans it
                # above the band there): else a 55 km marathoner's last build weeks ran 58-62 km
                # to hold his 23.5 km long run within 40 %, and lost their quality sessions
                within_ready = m.model.new_bool_var(f"coach_long_within_ready_w{week}")
                m.model.add(long_km <= m.context.readiness_tenths).only_enforce_if([within_ready, *when])  # type: ignore[attr-defined]
                ways.append(within_ready)
            within_band = m.model.new_bool_var(f"coach_long_within_band_w{week}")
            m.model.add(SCALE * long_km <= round(band * SCALE) * week_km).only_enforce_if([within_band, *when])
            m.model.add_bool_or([*ways, within_band]).only_enforce_if(when)

    @staticmethod
    def aimed_weeks(m: PlanVars, settled_peak_km: float = 0.0) -> list[int]:
        """The base and build weeks whose long run the week stage's second solve
        (``solver.stages._long_runs_within_share``) aims at :data:`BIG_PLAN_LONG_SHARE` of the
        week at most: in a plan whose curve peaks at :data:`BIG_PLAN_PEAK_KM` or more, with
        :data:`BIG_PLAN_MIN_RUN_DAYS` run days, untouched by a break, not run yet and before the
        race's long run needs more (base weeks too: else the first build weeks' long runs fell
        below the base's). A soft aim, every week's volume kept: a long run the race needs, or
        one that a week's short weekdays leave the only way to its volume, stays; so does the
        plan's longest run under the curve, which plans it within the band already. The plan's
        peak is the curve's, or the week stage's (``settled_peak_km``) where that is more: weeks
        settled without the curve's ceilings, whose long runs climb toward the race's peak
        long-run target instead, give way to the share there, later long runs with them (the
        10 % steps tie them to the earlier ones), down to what the race needs: as the curve
        would have planned them."""
        if max(m.context.targets.planned_peak_km, settled_peak_km) < BIG_PLAN_PEAK_KM:  # type: ignore[attr-defined]
            return []
        late = set(m.cal.pre_taper_weeks[-READINESS_WEEKS:])  # the race's long run may pass the band there
        return [
            w for w in m.cal.pre_taper_weeks
            if m.cal.phase(w) in ("base", "build") and w not in late and len(m.cal.run_days_in(w)) >= BIG_PLAN_MIN_RUN_DAYS
            and not m.cal.touched(w) and w not in m.history_weeks  # type: ignore[attr-defined]
        ]

    def check(self, view: CoachingView) -> list[Advice]:
        weeks = [w for w in view.cal.pre_taper_weeks if view.cal.phase(w) in ("build", "peak") and view.is_judged_week(w)]
        weeks = [w for w in weeks if view.km_of_week(w) > 0]
        if not weeks:
            return []
        shares = [view.long_of_week(w) / view.km_of_week(w) for w in weeks]
        share, volume = median(shares), median([view.km_of_week(w) for w in weeks])
        band = long_share_limit(volume, round(median([len(view.week_runs(w)) for w in weeks])))
        floor_km = max(view.ctx.readiness_km, view.request.runner.long_run_km)  # the race's long run, or the runner's own
        if share > band + SHARE_SLACK and median([view.long_of_week(w) for w in weeks]) > floor_km + EPS_KM:
            return [self.advice(f"long runs take {share:.0%} of the build weeks (median; at most {band:.0%} at {km(volume)} a week)")]
        return []


class MediumLongRun(CoachingRule):
    """Above **50 km** a week and with **5+** run days, a medium-long run (≈ **0.6–0.75 ×** the long
    run) midweek. Pfitzinger & Douglas, *Advanced Marathoning*: the medium-long run is the
    second pillar of marathon endurance.

    Solver part: where the week's easy distance goes (``hamplan.plan``): the run farthest from
    the long run becomes the medium-long run, the rest is shared evenly; the medium-long run
    gives up distance (down to **0.55 ×** the long run) so that the other easy runs last 30 min;
    where even that leaves them under 30 min (a long run near half the week), the week has no
    room for one and its easy runs are evened out, which the check accepts.
    """

    id = "medium_long_run"
    title = "A medium-long run in big weeks"

    def check(self, view: CoachingView) -> list[Advice]:
        missing = []
        for week in view.cal.pre_taper_weeks:
            runs = view.week_runs(week)
            longest = view.long_of_week(week)
            if not view.is_judged_week(week) or view.km_of_week(week) < MEDIUM_LONG_MIN_WEEK_KM or len(runs) < MEDIUM_LONG_MIN_RUNS:
                continue
            if view.in_easing(view.cal.week_start(week)):
                continue  # a graduated return's easy runs stay even
            others = [r.distance_km or 0.0 for r in runs if r.type != "long"]
            if _no_room_for_medium_long(view, [r for r in runs if r.type in ("easy", "recovery")], longest):
                continue
            if longest > 0 and max(others, default=0.0) < MEDIUM_LONG_ADVICE_SHARE * longest - EPS_KM:
                missing.append(week)
        if missing:
            return [self.advice(f"no medium-long run in week(s) {', '.join(map(str, missing))} of 50 km or more")]
        return []


def _no_room_for_medium_long(view: CoachingView, easy_runs: list[Any], longest_km: float) -> bool:
    """A week whose easy runs cannot hold a medium-long run (:data:`MEDIUM_LONG_ADVICE_SHARE` of
    the long run) and leave each of the others :data:`EASY_RUN_MIN_MINUTES`: a long run near half
    the week (a slow marathoner's 180-min run at his time-capped peak) leaves them even instead."""
    half_hour_km = view.ctx.easy_run_min_tenths / TENTHS
    easy_km = sum(r.distance_km or 0.0 for r in easy_runs)
    # the planner's test in tenths (``hamplan.plan``: 0.55 x the long run rounded up, and a
    # tenth more) with each run's own pace and day cap: this one, at the easy pace rounded up,
    # holds a week to less room, and the margin covers the planner's rounding
    return easy_km - (len(easy_runs) - 1) * half_hour_km < MEDIUM_LONG_ADVICE_SHARE * longest_km + MEDIUM_LONG_ROOM_MARGIN_KM


class ShortRuns(CoachingRule):
    """No run shorter than **20 min** in all outside race week. A shorter run is mostly warm-up.
    Not advised on a graduated return after a break, where walk-run restarts are short.

    Solver part: in the day model, every tenth of a km a run falls short of 20 min at the fast
    end of the easy zone costs, outside race week, a graduated return's days included (the
    week's volumes are fixed by then, and a week whose runs besides the long one cannot all be
    that long still gets a plan; those days held 1-km runs). Where the day stage trades running
    for a build week's session, the tenths a run falls short outside race week and a graduated
    return cost what running given up costs: a 15-min run beside a strength session is no
    cheaper a trade than the tenth of a km it saved.
    """

    id = "short_runs"
    title = f"Runs of at least {MIN_RUN_MINUTES} minutes"

    def post_week(self, m: PlanVars) -> None:
        """In the week model, each of a week's runs (``week_runs``: the long run and the other
        run days' parts) under 20 min costs, a goal the week stage weighs before volume: a
        week's runs merge into fewer, real runs, and distance only shorter runs could hold
        stays unplanned. A cost, not a bound: where the load rules hold a week under two 20-min
        runs (a rebuild after a break), it still gets a plan."""
        runs_of = getattr(m, "week_runs", None)
        if runs_of is None:
            return
        # 20 min even at the fast end of easy, as the day stage aims (an easy run with strides
        # takes less than its distance at the planning pace: 2.6 km in 19 min)
        least = m.context.min_run_tenths  # type: ignore[attr-defined]
        for week in range(1, m.cal.week_count + 1):
            if m.cal.is_race_week(week) or _easing_week(m, week) or week in m.history_weeks:  # type: ignore[attr-defined]
                continue
            for n, run in enumerate(runs_of(week)):
                # a run is a real one (none, or at least 20 min) or a short one, which costs: a
                # count, not the tenths it falls short (those made a 52-week plan's week stage
                # run out of its work limit)
                real = m.model.new_int_var_from_domain(cp_model.Domain.from_intervals([[0, 0], [least, m.max_run_tenths]]), f"real_run_{n}_w{week}")  # type: ignore[attr-defined]
                extra = m.model.new_int_var(0, least, f"short_part_{n}_w{week}")
                short = m.model.new_bool_var(f"short_run_{n}_w{week}")
                m.model.add(run == real + extra)
                m.model.add(extra <= least * short)
                m.penalize(short, W_SHORT_RUN_WEEK)  # type: ignore[attr-defined]

    def post_day(self, m: PlanVars) -> None:
        for i, day in enumerate(m.days):
            if not m.runnable[i]:
                continue
            if day in getattr(m, "fixed", {}):
                continue
            # race week too, to its shorter floor (its spare runs held 1-km, 7-min jogs), but for
            # the shakeout days, whose one short run race_week_shakeout asks for
            race_week = m.cal.is_race_week(m.cal.week_of(day))
            if race_week and (m.cal.race_day - day).days <= SHAKEOUT_DAYS:
                continue
            least = m.context.min_race_week_run_tenths if race_week else m.context.min_run_tenths  # type: ignore[attr-defined]
            # a graduated return's days too (not advised there: its runs may be short), so that a
            # run there is a run: eased weeks held 1-km, 5-min runs beside 10-16 km ones
            short = m.model.new_int_var(0, least, f"short_run_{day}")
            m.model.add(short >= least - m.dist[i]).only_enforce_if(m.run[i])
            m.penalize(short, W_SHORT_RUN)  # type: ignore[attr-defined]
            if not race_week and not _easing_day(m, day):
                # what a session's repair (solver.stages) weighs as running given up; not a
                # graduated return's days, whose walk-run restarts may be short
                m.short_run_tenths.append(short)  # type: ignore[attr-defined]

    def check(self, view: CoachingView) -> list[Advice]:
        out = []
        for run in view.runs:
            week = view.cal.week_of(run.date)
            if not view.is_judged(run.date) or view.cal.is_race_week(week) or view.in_easing(run.date):
                continue
            if run.duration_min < MIN_RUN_MINUTES:
                out.append(self.advice(f"{run.duration_min}-min {run.type} run (at least {MIN_RUN_MINUTES} min)", day=run.date))
        return out


class EasyRunLength(CoachingRule):
    """Easy runs last **30 min** or more: where a week's easy running would give one run fewer
    half an hour each (none past an hour or its share of the long run), it runs fewer, longer easy runs, not
    more short ones (advised when more than **25 %** of the weeks outside race week do not).

    COACHING.md: easy runs 30–60 min. Higdon's novice weeks are three or four runs of 30 min
    and more, not six of 20: a shorter run is mostly the warm-up of one. Not asked of race
    week (runs shrink toward the race) or a graduated return (its walk-run restarts are short);
    an easy run with strides is a quality day the week's easy share counts whole, and stays
    short of a session. The runner's run days are the days a run may take, not days each to be
    filled.

    Solver part: in the day model, each run a week holds past the long run and as many runs as
    the rest of its settled distance gives 30 min each at the planning pace costs more than a
    run day's reward and less than a quality day's: the day model runs on fewer days where the
    week's easy distance would leave runs short, never at a session's expense, and the sharing
    of easy distance after the solve evens them out. A count per week: a flag per run under
    half an hour made the day model weigh every day (a batch of random requests 42 % slower).
    Only where the week stage settled the weeks (the two stages' plans; not the one full model
    or a repair's capped weeks, which few plans come from).
    """

    id = "easy_run_length"
    title = f"Easy runs of {EASY_RUN_MIN_MINUTES} minutes"

    def post_day(self, m: PlanVars) -> None:
        half_hour = m.context.easy_run_min_tenths  # type: ignore[attr-defined]
        settled = getattr(m, "week_values", None) or {}
        fixed = getattr(m, "fixed", {})
        for week, (volume, long_run) in settled.items():
            days = [i for i in m.week_indices(week) if m.runnable[i]]
            if not days or m.cal.is_race_week(week) or any(m.days[i] in fixed for i in m.week_indices(week)):
                continue
            if any(m.cal.is_race_week_day(m.days[i]) or _easing_day(m, m.days[i]) for i in days):
                continue
            # the runs the week's distance gives half an hour each beside its long run: more of
            # them cost, each (a count per week, not a flag per day: the day model weighs which
            # days to leave free at a fraction of the work)
            most = 1 + max(volume - long_run, 0) // half_hour
            if most >= len(days):
                continue
            extra = m.model.new_int_var(0, len(days), f"runs_past_half_hours_w{week}")
            m.model.add(extra >= sum(m.run[i] for i in days) - most)
            m.penalize(extra, W_RUN_PAST_HALF_HOURS)  # type: ignore[attr-defined]

    def check(self, view: CoachingView) -> list[Advice]:
        # (a week a re-plan finds partly run is left out: its logged runs are history; so is a
        # week that holds race-week days, whose runs shrink toward the race, as the solver has it)
        judged = [
            w for w in range(1, view.cal.week_count + 1)
            if view.is_judged_week(w) and not view.partly_run(w) and not view.cal.is_race_week(w)
            and not view.in_easing(view.cal.week_start(w))
            and not any(view.cal.is_race_week_day(d) for d in view.cal.week_days(w))
        ]
        fewer_would_do = [w for w in judged if _fewer_easy_runs_would_last(view.week_runs(w), view)]
        if judged and len(fewer_would_do) > EASY_RUN_ADVICE_SHARE * len(judged):
            weeks = view.cal.week_numbers(fewer_would_do)  # as the pages number them
            return [self.advice(
                f"{len(fewer_would_do)} of {len(judged)} weeks hold easy runs under {EASY_RUN_MIN_MINUTES} min where one "
                f"easy run fewer would give each its {EASY_RUN_MIN_MINUTES} min (weeks {weeks})"
            )]
        return []


def has_strides(run: Any) -> bool:
    """Whether an easy run carries strides (fast work steps at repetition pace)."""
    workout = run.workout
    return workout is not None and any(
        step.kind == "work" and step.pace == "repetition" for block in workout.blocks for step in block.steps
    )


def _fewer_easy_runs_would_last(runs: list[Any], view: Any) -> bool:
    """Whether a week's easy runs (not recovery runs, nor easy runs with strides: quality days
    to the solver) include one under
    :data:`EASY_RUN_MIN_MINUTES` whose minutes, over one run fewer, would give each that long,
    none past an hour, its day's time or the planner's room beside the week's long run (the longest run stays the
    long run: :func:`~hamplan.rules.coaching.other_runs.other_run_room_in_week_pc`). A day's time is what its strength and mobility
    sessions leave: counted whole, a tendinopathy runner's 45-min weekdays, two of them 25-min
    runs beside a 20-min strength session, were read as holding three runs of 42 min."""
    cal = view.cal
    easy = [r for r in runs if r.type == "easy" and not has_strides(r)]
    if len(easy) < 2 or all(r.duration_min >= EASY_RUN_MIN_MINUTES for r in easy):
        return False
    each_min = sum(r.duration_min for r in easy) / (len(easy) - 1)
    each_km = sum(r.distance_km or 0.0 for r in easy) / (len(easy) - 1)
    long_runs = [r for r in runs if r.type == "long"]
    if long_runs:
        # beside the long run, within the planner's room beside it (its share, or up to 0.9 x it
        # or it where the taper holds the long run short)
        long_km = max(r.distance_km or 0.0 for r in long_runs)
        week = cal.week_of(long_runs[0].date)
        room_pc = other_run_room_in_week_pc(view.ctx, week, round(long_km * TENTHS), partly_run=view.partly_run(week))
        most_km = min(long_km, room_pc / 100 / TENTHS)
        if each_km > most_km + EPS_KM:
            return False
    # on days whose time holds them (a runner's 25-min weekdays hold no half-hour run)
    rooms = sorted((minutes_left_for_a_run(view, r.date) for r in easy), reverse=True)[: len(easy) - 1]
    return EASY_RUN_MIN_MINUTES <= each_min <= min(EASY_RUN_MAX_MINUTES, *rooms)


def minutes_left_for_a_run(view: Any, day: date) -> int:
    """The most minutes a run on ``day`` may take: the day's time less its other sessions'
    (an hour, an easy run's longest, on a day without a limit)."""
    limit = view.cal.max_minutes(day)
    if limit is None:
        return EASY_RUN_MAX_MINUTES
    return limit - sum(s.duration_min for s in view.on(day) if s.kind != "run")


def first_week_back(cal: Any, week: int) -> bool:
    """The first week back after a blackout of a week or more (``weeks_back_from_breaks``) or
    a break of four days or more (``first_weeks_back``, the week of its first long run back: a
    half marathoner's first run after six days away was the plan's longest yet, 13.5 km after
    12.6), or after a plan week left
    without a run day (``return_runs``)."""
    return (
        week in cal.weeks_back_from_breaks or week in cal.first_weeks_back
        or (week > 1 and bool(cal.run_days_in(week)) and not cal.run_days_in(week - 1))
    )


class ReturnRuns(CoachingRule):
    """Back from a break of **4** days or more, as many days as the break took (at most **7**)
    hold easy runs of an easy run's length: at most **60 min**, the long run on its day aside,
    and no faster session, nor strides (fast strides load the hamstring at length, as after a
    paused plan's return: ``no_fast_running_until``).

    COACHING.md: easy runs last 30–60 min; a return rebuilds (easy days first). Without it the
    first run after a 10-day break was a 93-min "easy run + strides" (16.2 km: 0.6 × the last
    long run + 1 km, the size the week model gives a week that holds no long run), a runner
    back from 8 days away ran 100 min on Saturday before a 101-min long run on Sunday, and a
    threshold session came on the third day after six days away.

    Solver part: the day's cap (``day_cap_tenths``: the longest run a day holds) on those days,
    and on the long-run day where its run is not the long run (both models, and the sharing of
    easy distance after the solve); no quality day there (the day model, and the quality days
    the week model offers), and no strides on their easy runs (``solver.quality``); in the week
    model, a term that keeps the first week back after a break of 4 days or more from a new
    longest run (``post_week``). It yields where it
    alone leaves the weeks no solution, or the plan a refusal: where the race's long run needs more of those days (``weekly_increase`` grows
    the weeks after a break from the bigger of the two before it), the solve plans them as the
    load rules need, and the plan carries this advice.
    """

    id = "return_runs"
    title = "Easy runs back from a break"

    def post_week(self, m: PlanVars) -> None:
        """The first week back after a break of four days or more, or after a plan week without a
        run day, sets no new longest run where the weeks allow: its long run at most the longest
        of the three weeks before it (the runner's own where they reach before the plan). A 57-year-old back from
        nine days without running ran the plan's longest run yet (12.4 km, half her 24.8 km
        week) on her fourth day back."""
        for week in range(2, m.cal.week_count):
            if not first_week_back(m.cal, week) or week in m.history_weeks:  # type: ignore[attr-defined]
                continue
            before = [m.week_long[w] for w in range(max(1, week - 3), week)]
            prior = m.cal.prior_longest_km(week)
            longest = m.model.new_int_var(0, m.max_run_tenths, f"coach_longest_before_back_w{week}")  # type: ignore[attr-defined]
            m.model.add_max_equality(longest, [*before, *([tenths_floor(prior)] if prior is not None else [])])
            # a weighted term, not a bound: as a bound it left a 3-day half marathoner's weeks no
            # solution with the curve, and the plan came from a fallback without its step-backs
            over = m.model.new_int_var(0, m.max_run_tenths, f"coach_new_longest_back_w{week}")  # type: ignore[attr-defined]
            m.model.add(over >= m.week_long[week] - longest)
            m.penalize(over, W_NEW_LONGEST_BACK)  # type: ignore[attr-defined]

    def check(self, view: CoachingView) -> list[Advice]:
        out = []
        for week in range(2, view.cal.week_count):
            if not first_week_back(view.cal, week) or not view.is_judged_week(week):
                continue
            prior = view.cal.prior_longest_km(week)
            before = max([view.long_of_week(w) for w in range(max(1, week - 3), week)] + ([prior] if prior is not None else []))
            if view.long_of_week(week) > before + EPS_KM:
                # (numbered as the runner reads the weeks: a re-plan's go on from the first plan's)
                out.append(self.advice(f"week {view.cal.weeks_before_start + week}, the first back from a break, holds a new longest run "
                                       f"({km(view.long_of_week(week))} after {km(before)})", week=week))
        back = view.cal.days_back_from_breaks
        for run in view.runs:
            if run.date not in back or run.type == "long" or not view.is_judged(run.date):
                continue
            if run.is_quality:
                out.append(self.advice(f"{a_or_an(run.type)} session back from a break (easy runs first)", day=run.date))
                continue
            if has_strides(run):
                out.append(self.advice("strides on a run back from a break (plain easy runs first)", day=run.date))
            if run.duration_min > RETURN_RUN_MAX_MIN:
                out.append(self.advice(f"{run.duration_min}-min {run.type} run back from a break (at most {RETURN_RUN_MAX_MIN} min)", day=run.date))
        return out


class RecoveryRuns(CoachingRule):
    """Recovery runs are short (**20–40 min**, slower than easy) and fall the day after a hard day
    or the long run. Pfitzinger & Douglas: recovery runs speed recovery only when kept short.

    Solver part: where the week's easy distance goes (``hamplan.plan``): a run the day after a
    quality session or the long run is capped at 40 min when the week's other runs can take
    the rest; and in the day model, a quality session before a day without a run is worth a
    little more (``post_day``), so the day after a session is a rest day where the schedule
    allows. Seeds 2111 and 2031: plans with two or more sessions followed by an easy run over
    60 min 12.5 % and 13.0 % -> 4.4 % and 4.8 %. Where the other runs cannot take the rest and
    the run the day after the long run would pass an hour, the week's quality session takes
    what passes it as easy running beside the same work, as far as its day, the session spike
    and ``easy_share`` allow (``hamplan.plan.day_runs``; seeds 2077 / 2093: plans with such a
    run 47 / 56 -> 44 / 45 of 294 / 293, such runs 340 / 292 -> 309 / 225). Where that still
    leaves it more than 10 min past the hour in a half or marathon build or peak week, the
    session's threshold or marathon pace runs inside the long run and its day takes the distance
    as an easy run, if that keeps the day after within the hour (``_session_into_long_run``;
    plans advised on the five seeds 8.2 / 10.7 / 12.3 / 10.5 / 10.7 % -> 7.1 / 10.2 / 12.3 /
    10.5 / 10.0 %). Check: advised
    where it still passes an hour in a quarter of the weeks before race week (at least two),
    as the plan's note on it says.
    """

    id = "recovery_runs"
    title = "Short recovery runs"

    def post_day(self, m: PlanVars) -> None:
        """The quality day: a session before a day the calendar leaves without a run is worth a
        little more, so where two run days are consecutive the session takes the second and the
        run before it the week's distance (a 4-day marathoner's Tuesday threshold run was
        followed by a 99-min Wednesday, the week's only room for its distance, where the weeks
        with Wednesday's session ran the Tuesday medium-long run first). A tie-break, never a
        session given up for it."""
        # a reward on the days the calendar leaves free the day after: no new variable (a penalty
        # on "session, then a run" took one a day, and the coaching benchmark read half as long
        # again a plan, on a day this machine's speed varied too much to say how much was it)
        for i in range(len(m.days) - 1):
            quality, after = m.quality[i], m.days[i + 1]  # type: ignore[attr-defined]
            if not m.runnable[i] or m.cal.may_run(after):
                continue
            m.reward(quality, W_SESSION_BEFORE_RUN)

    def check(self, view: CoachingView) -> list[Advice]:
        out = []
        recovery = [r for r in view.runs if r.type == "recovery" and view.is_judged(r.date)]
        long_ones = [r for r in recovery if r.duration_min > RECOVERY_ADVICE_MIN]
        if len(long_ones) > len(recovery) / 4:
            out.append(self.advice(f"{len(long_ones)} of {len(recovery)} recovery runs last over {RECOVERY_ADVICE_MIN} min", day=long_ones[0].date))
        # the run the day after the long run past an hour, as the plan's note on it counts it
        # (``hamplan.plan.week_notes.beside_long_run_notes``)
        weeks = [w for w in range(1, view.cal.week_count + 1) if view.cal.phase(w) != "race" and view.is_judged_week(w)]
        days = [day for w in weeks for day in view.cal.week_days(w)]
        past_hour = runs_beside_long_run_past_hour({r.date: r for r in view.runs}, days, 1)
        if said_often(len(past_hour), len(weeks)):
            out.append(self.advice(
                f"the run the day after the long run lasts over {EASY_RUN_MAX_MINUTES} min in {len(past_hour)} of the "
                f"{len(weeks)} weeks before race week (up to {max(r.duration_min for r in past_hour)} min): the week's other runs "
                "and its easy share leave its distance no other day",
                day=past_hour[0].date,
            ))
        return out


class RecoveryDayStrength(CoachingRule):
    """The day after the long run recovers: no strength session there where the week has another
    day for it, the runner's own ``strength_days`` aside. Heavy hinges and leg curls on
    hamstrings still tired from a two-hour run stack the eccentric load the seed names as the
    strain scenario (a fatigued hamstring loses its form); the hard / easy principle (Daniels),
    and Pfitzinger & Douglas' recovery day after the long run. A 3:15 marathoner's Mondays after
    the Sunday long run held Romanian deadlifts and leg curls in weeks 2, 3, 11 and 16, and a
    half marathoner on 45-min weekdays lifted every Sunday after Saturday's long run.

    Solver part: a weighted term in the day model among the days the safety rules leave
    (``strength_spacing``): a strength session the day after the long-run day costs what the
    short form costs, less than the runner's own strength day earns. A full session on another
    day comes first; where that day after the long run is a run day, a full session there and
    a short one beside a run elsewhere weigh the same (the tie is the solver's), and where it
    is a free day, the short one beside a run elsewhere comes first (strength on a run day earns
    a little, "hard days hard"); never a session given up for it. Check: advised where more than half of
    a plan's strength sessions fall the day after a long run, on weekdays the runner did not
    name.
    """

    id = "recovery_day_strength"
    title = "No strength the day after the long run"

    def post_day(self, m: PlanVars) -> None:
        named = set(m.request.schedule.strength_days or ())
        long_day = m.request.schedule.long_run_day
        for i, day in enumerate(m.days):
            if weekday_name(day - timedelta(days=1)) == long_day and weekday_name(day) not in named:
                m.penalize(m.strength[i], W_STRENGTH_AFTER_LONG_RUN)  # type: ignore[attr-defined]

    def check(self, view: CoachingView) -> list[Advice]:
        named = set(view.request.schedule.strength_days or ())
        long_days = {r.date for r in view.runs if r.type == "long"}
        strength = [x for x in view.sessions if x.kind == "strength" and view.is_judged(x.date)]
        after = [x for x in strength if x.date - timedelta(days=1) in long_days and weekday_name(x.date) not in named]
        if strength and len(after) > STRENGTH_AFTER_LONG_ADVICE_SHARE * len(strength):
            return [self.advice(
                f"{len(after)} of {len(strength)} strength sessions fall the day after the long run, "
                "when the hamstrings are still tired from it", day=after[0].date,
            )]
        return []


class StrengthBeforeLongEasyRun(CoachingRule):
    """No strength session the evening before an easy run of **75 min** or more where the week has
    another day for it, the runner's own ``strength_days`` aside. The safety rule
    ``strength_spacing`` keeps strength off the eve of the long run and of a quality session only;
    a long easy run the morning after deadlifts and Nordic curls is the fatigued hamstring the
    seed names as the strain scenario (eccentric work leaves it weaker for 24-72 h), and the hard /
    easy principle (Daniels) puts the lifting where the next day is short or free. A coach read a
    98-min run the morning after deadlifts and Nordic curls, the day before the long run.

    Solver part: a weighted term in the day model among the days the safety rules leave. Where
    a week's settled distance gives its runs beside the long run **60 min** or more on average
    (the sharing of easy distance after the solve decides which of them grows past 75), a
    strength session the day before one of its run days costs a tie-break
    (``W_STRENGTH_BEFORE_LONG_EASY_RUN``), under a session the day after the long run and the
    runner's own strength day: the session moves to the eve of a free day where the week has
    one, never given up for it. The session costs, not the session and the next day's run
    together: a week that could drop that run to save the cost lengthened its others. Not the
    eve of the run before the long run, which stays within the hour (``day_before_long_run``).
    Check: advised where more than half of a plan's strength sessions fall the day before an
    easy or recovery run of 75 min or more, on weekdays the runner did not name.
    """

    id = "strength_before_long_easy_run"
    title = "No strength before a long easy run"

    def post_day(self, m: PlanVars) -> None:
        named = set(m.request.schedule.strength_days or ())
        long_day = m.request.schedule.long_run_day
        settled = getattr(m, "week_values", None) or {}
        hour = km_in_minutes_tenths(EASY_RUN_MAX_MINUTES, m.context.easy_pace_s_per_km)  # type: ignore[attr-defined]
        long_easy_weeks = set()
        for week, (volume, long_run) in settled.items():
            others = len(m.cal.run_days_in(week)) - 1
            if others >= 1 and volume - long_run >= others * hour:
                long_easy_weeks.add(week)
        for i in range(len(m.days) - 1):
            day, next_day = m.days[i], m.days[i + 1]
            if weekday_name(day) in named or not m.runnable[i + 1] or m.cal.week_of(next_day) not in long_easy_weeks:
                continue
            if weekday_name(next_day + timedelta(days=1)) == long_day and m.context.eve_cap and capped_week(m.cal, m.cal.week_of(next_day)):  # type: ignore[attr-defined]
                continue  # the run the day before the long run stays within the hour (day_before_long_run)
            # the session itself costs, not the session and the next day's run together: a week
            # that could drop that run to save the cost lengthened its others (a 5-day runner's
            # days beside the long run then passed an hour in five weeks)
            m.penalize(m.strength[i], W_STRENGTH_BEFORE_LONG_EASY_RUN)  # type: ignore[attr-defined]

    def check(self, view: CoachingView) -> list[Advice]:
        named = set(view.request.schedule.strength_days or ())
        runs = {r.date: r for r in view.runs}
        strength = [x for x in view.sessions if x.kind == "strength" and view.is_judged(x.date)]
        before = [
            x for x in strength
            if weekday_name(x.date) not in named and long_easy_run(runs.get(x.date + timedelta(days=1)))
        ]
        if strength and len(before) > STRENGTH_BEFORE_LONG_EASY_ADVICE_SHARE * len(strength):
            return [self.advice(
                f"{len(before)} of {len(strength)} strength sessions fall the day before an easy run of "
                f"{LONG_EASY_AFTER_STRENGTH_MIN} min or more, which then starts on tired hamstrings", day=before[0].date,
            )]
        return []


def long_easy_run(run: Any) -> bool:
    """Whether ``run`` is an easy or recovery run of :data:`LONG_EASY_AFTER_STRENGTH_MIN` or more."""
    return run is not None and run.type in ("easy", "recovery") and run.duration_min >= LONG_EASY_AFTER_STRENGTH_MIN


class DayBeforeLongRun(CoachingRule):
    """The run the day before the long run stays easy and short: at most **min(60 min, 0.5 ×**
    that week's long run**)**. Leftover weekly volume belongs in a midweek medium-long run, never
    in one big run the day before the long run (COACHING.md, "the week": two long days back to
    back double the hamstrings' eccentric load; Pfitzinger & Douglas, *Advanced Marathoning*,
    schedule a short general-aerobic or recovery run before the long run). Never under a 20-min
    run (``short_runs``); weeks of **4+** run days only (with three, the run before the long run
    is one of two besides it, and the other must stay free for a quality session). Two long runs
    close together are ``long_run_spacing``'s.

    Solver part: a constraint in the day model (a week whose other days cannot take the rest is
    repaired to what they hold, as any week the days cannot place; the coaching rules never
    refuse a plan), a bound on the week model's capacity, and the easy-distance sharing in
    ``hamplan.plan`` keeps the cap. In a week a re-plan finds partly run, the week model keeps
    a long run still ahead where three run days or more are left, with the run before it capped
    (``WeekModel._long_run_left``); where the race's long run needs more of that day, the week
    stage settles the week without the cap, the day stage keeps the long run a long run, and the
    advice names the run before it (``PlanModel.long_run_eve_cap_yields``). Where the cap alone
    leaves a plan's weeks no solution (a marathon's 180-min long run beside weekdays of an hour),
    it yields alone, in both stages (``PlanContext.eve_cap``), and every other coaching rule
    stays: such plans had gone without all of them (seeds 2028 / 2122: 1 / 2 of 300 plans,
    whose step-back weeks' long runs took half the week and whose taper long runs held).
    """

    id = "day_before_long_run"
    title = "A short run the day before the long run"

    def post_day(self, m: PlanVars) -> None:
        if not m.context.eve_cap:  # type: ignore[attr-defined]
            return  # the week stage settled the weeks without it (it alone left them no solution)
        fixed = getattr(m, "fixed", {})
        # a week partly run whose settled long run still ahead needs more of the day before it
        # (the week stage yielded the cap there): the long run stays one, the advice names it
        yields = getattr(m, "long_run_eve_cap_yields", lambda week: False)
        for i in range(len(m.days) - 1):
            day, next_day = m.days[i], m.days[i + 1]
            if not (m.runnable[i] and m.runnable[i + 1]) or day in fixed or next_day in fixed:
                continue
            if not capped_week(m.cal, m.cal.week_of(next_day)) or yields(m.cal.week_of(next_day)):
                continue
            week_long = m.week_long[m.cal.week_of(next_day)]  # type: ignore[attr-defined]
            post_before_long_cap(m, m.dist[i], week_long, f"{day}", enforce=m.long[i + 1])  # type: ignore[attr-defined]

    def check(self, view: CoachingView) -> list[Advice]:
        out = []
        pace_s = view.ctx.easy_pace_s_per_km
        by_day = {r.date: r for r in view.runs}
        for run in view.runs:
            nxt = by_day.get(run.date + timedelta(days=1))
            if nxt is None or nxt.type != "long" or run.type == "long" or not view.is_judged(run.date) or view.in_easing(run.date):
                continue
            if not capped_week(view.cal, view.cal.week_of(nxt.date)):
                continue
            cap_km = before_long_cap_km(pace_s, nxt.distance_km or 0.0, view.ctx.min_run_tenths / TENTHS)
            if (run.distance_km or 0.0) > cap_km + BEFORE_LONG_SLACK_KM:
                out.append(self.advice(f"{km(run.distance_km or 0.0)} {run.type} run the day before {a_or_an(km(nxt.distance_km or 0.0))} long run (at most {km(cap_km)})", day=run.date))
        return out


#: The rule the week model's capacity holds the run before the long run for (its week part:
#: ``WeekModel.eve_capped``), which may yield alone in the week stage's fallbacks.
EVE_CAP_RULE = DayBeforeLongRun.id
#: ... and its part in a week a re-plan finds partly run, the long run still ahead kept
#: (``WeekModel._long_run_left``), which yields on its own before anything else.
LONG_RUN_AHEAD_PART = f"{DayBeforeLongRun.id}:ahead"


class LongRunSpacing(CoachingRule):
    """Two long runs at least **5** days apart (Sunday, then Friday at the soonest): a week a
    break touches may move its long run off the long-run day, but not to within four days of the
    long run before or after it. Where its days leave no such day, the week goes without a long
    run, and its runs stay the size of easy runs beside the recent long run, by the smaller of
    the runner's regular weeks' share and the week's own (the planner's shape for such a week:
    ``hold_to_easy_run_size``).

    COACHING.md: the long run is the week's one long effort, and hard days are followed by easy
    ones (Daniels; Pfitzinger & Douglas schedule one long run a week, with recovery and general
    aerobic days between). A 10K runner whose break took a Sunday ran a 16 km Sunday long run,
    then a 14.3 km "long run" on Wednesday and 14.3 km on Thursday; a marathoner whose three-day
    break took a Sunday ran a 24 km Thursday long run three days before his 28 km Sunday one. A
    regular week's long run is on the long-run day, a week after the last.

    Solver part: in the day model, no two long runs on days fewer than 5 apart (days the log
    holds aside, and the check leaves them too); in the week model, a week a break touches holds
    its long run (its longest run, ``_any_days``' "biggest" day) only on a day 5 or more from
    the long run of a regular week beside it, and from the one of a week a break touches beside
    it when that one holds one, so the days can place what the week model settles.
    """

    id = "long_run_spacing"
    title = "Long runs at least five days apart"

    def post_week(self, m: PlanVars) -> None:
        known: dict[int, date] = getattr(m, "long_days_known", {})
        biggest: dict[int, dict[date, Any]] = getattr(m, "biggest_days", {})
        for week, days in biggest.items():
            held = m.long_run_held(week)  # type: ignore[attr-defined]
            if held is None:
                continue  # a full week whose long-run day the log keeps the long run off: left as it is
            for other in (week - 1, week + 1):
                if other in known:
                    for day, big in days.items():
                        if abs((day - known[other]).days) < LONG_RUN_MIN_DAYS_APART:
                            m.model.add(big + held <= 1)  # type: ignore[attr-defined]
            if week + 1 not in biggest:
                continue
            held_next = m.long_run_held(week + 1)  # type: ignore[attr-defined]
            held_next = 1 if held_next is None else held_next
            for day, big in days.items():
                for later, big_later in biggest[week + 1].items():
                    if (later - day).days < LONG_RUN_MIN_DAYS_APART:
                        m.model.add(big + big_later + held + held_next <= 3)  # type: ignore[attr-defined]

    def post_day(self, m: PlanVars) -> None:
        fixed = getattr(m, "fixed", {})
        # (fewer where the week stage went without this rule's week part: ``stages._spacing_settled``)
        apart = getattr(m, "long_runs_days_apart", None) or LONG_RUN_MIN_DAYS_APART
        for j, later in enumerate(m.days):
            if later in fixed or not m.runnable[j]:  # type: ignore[attr-defined]
                continue
            for i in range(max(0, j - apart + 1), j):
                # (a long run the log holds is what was run: a regular week's long-run day after
                # it stays where it is, as the week model has it)
                if m.runnable[i] and m.days[i] not in fixed and m.cal.week_of(m.days[i]) != m.cal.week_of(later):  # type: ignore[attr-defined]
                    m.model.add(m.long[i] + m.long[j] <= 1)  # type: ignore[attr-defined]

    def check(self, view: CoachingView) -> list[Advice]:
        longs = sorted((r for r in view.runs if r.type == "long"), key=lambda r: r.date)
        out = []
        for before, after in zip(longs, longs[1:]):
            apart = (after.date - before.date).days
            if apart < LONG_RUN_MIN_DAYS_APART and view.is_judged(before.date):
                out.append(self.advice(
                    f"two long runs {apart} day{'s' if apart != 1 else ''} apart ({km(before.distance_km or 0.0)}, "
                    f"then {km(after.distance_km or 0.0)}): at least {LONG_RUN_MIN_DAYS_APART} days between long runs",
                    day=after.date,
                ))
        return out


#: Two long runs are at least this many days apart (``long_run_spacing``).
LONG_RUN_MIN_DAYS_APART = 5


class TwoOutingsADay(CoachingRule):
    """A day holds a run and one more session at most where the week has a free day: the yoga or
    stretching goes there, not after the run and the strength session of the same day.

    A coach read a novice's Tuesdays and Thursdays as three outings (run at 06:30, strength at
    18:30, yoga at 20:00, 100 min) beside four empty days. Higdon's novice weeks put the
    stretching and cross-training on the days between runs. The safety rule ``mobility`` allows
    either; this chooses. The week keeps its rest days (``rest_day``): a free day is an empty
    day beyond those, one a session may take (not a declared rest day, not blacked out, its
    minutes holding the short form of mobility). Race week's session (the six days before the
    race, which count two: ``mobility``) moves among those days only, never to race eve.

    Solver part: where the day model's mobility sessions go (``hamplan.plan``): one on a day
    holding a run and strength moves to the week's nearest free day, else after an easy run on
    a day without a time limit. A penalty in the day model instead tied with a run day's reward
    and moved runs rather than mobility. The check advises the free-day case only (a run's type
    is settled when its content is written, after the placement: a quality day that became an
    easy run is one only then).
    """

    id = "two_outings_a_day"
    title = "Mobility on a free day rather than a third session"

    def check(self, view: CoachingView) -> list[Advice]:
        weeks = []
        for week in range(1, view.cal.week_count + 1):
            if not view.is_judged_week(week) or view.partly_run(week):
                continue
            kinds = {day: _session_kinds(view.on(day)) for day in view.cal.week_days(week)}
            if stacked_and_free_days(view.cal, kinds, view.settings.rest_days_min, after_easy=False) is not None:
                weeks.append(week)
        if weeks:
            return [self.advice(f"a run, strength and mobility on one day beside a free day in week(s) {', '.join(map(str, weeks))}")]
        return []


def _session_kinds(sessions: list[Any]) -> set[str]:
    """A day's session kinds, ``easy`` added where its run is an easy or recovery run."""
    kinds = {s.kind for s in sessions}
    return kinds | ({"easy"} if any(s.kind == "run" and s.type in ("easy", "recovery") for s in sessions) else set())


def stacked_and_free_days(
    cal: Any, kinds: dict[date, set[str]], rest_days_min: int, *, after_easy: bool = True,
) -> tuple[date, list[date]] | None:
    """(the first day of a week holding a run, strength and mobility, the days its mobility
    session may move to, best first), or None (see :class:`TwoOutingsADay`); ``kinds``: the
    kinds of session on each day of the week (``run``, ``strength``, ``mobility``, and ``easy``
    beside ``run`` where the run is an easy or recovery run); ``after_easy``: days after an easy
    run count too, after the free days."""
    for day, held in kinds.items():
        if not {"run", "strength", "mobility"} <= held:
            continue
        moves = mobility_moves(cal, kinds, rest_days_min, cal.is_race_week_day(day), after_easy)
        if moves:
            return day, moves
    return None


def mobility_moves(cal: Any, kinds: dict[date, set[str]], rest_days_min: int, race_week: bool, after_easy: bool) -> list[date]:
    """The days a stacked mobility session may move to: free days first (empty beyond the
    week's rest days), then days holding only an easy run and no time limit (mobility after an
    easy run, as ``mobility`` allows). Race week's session stays among the six days before the
    race (which count two: ``mobility``), never on race eve (``race_eve_mobility``)."""
    def movable(day: date) -> bool:
        return (
            cal.can_train(day) and cal.is_race_week_day(day) == race_week
            and day != cal.race_day - timedelta(days=1)
        )

    def holds_mobility(day: date) -> bool:  # a day of 0 min holds nothing
        cap = cal.max_minutes(day)
        return cap is None or cap >= MOBILITY_SHORT_MAX_MIN

    empty = [day for day, held in kinds.items() if not held and day != cal.race_day]
    free = [day for day in empty if movable(day) and holds_mobility(day)] if len(empty) - 1 >= rest_days_min else []
    easy = [day for day, held in kinds.items() if held == {"run", "easy"} and movable(day) and cal.max_minutes(day) is None]
    return free + (easy if after_easy else [])


class BreakWeekLongRun(CoachingRule):
    """In a re-plan, a week a break touches (a blackout, ``hamplan pause``) keeps its longest
    run a long run: on the long-run day where that day is free, within the long run's share of
    the week (the band of ``long_run_share``: 50 / 40 / 35 %) and at most the longest run of the
    **14** days before the re-plan (the last long run done). Nothing in such a week is a "big
    easy run": the week's other runs stay within their share of its long run.

    A week the break leaves **one** run day (and nothing run before the break) holds no long
    run: the safety rule ``long_run`` keeps a long run within half of its week, which takes a
    second run. Its one run is an easy run, at most what an easy run may be beside the last long
    run (**0.6 ×** it + 1 km, the planner's share of an easy run beside the long run), and at
    least a 20-min run: a Monday-Friday trip still leaves the runner Sunday's run (the band on
    that one run had emptied the week).

    COACHING.md: the long run is the week's one long effort, within its share; a return after a
    break rebuilds (the ``Easing`` model: easy days first, volume capped). The safety rule
    ``long_run`` requires exactly one long run only in a full week, so without this a touched
    week's biggest run could escape the long run's limits as an "easy" run.
    """

    id = "break_week_long_run"
    title = "A break week's longest run is its long run"

    def post_week(self, m: PlanVars) -> None:
        last_long = round(last_long_run_km(m.request) * TENTHS)
        for week in break_weeks(m):
            done = longest_done_tenths(m, week)
            m.model.add(m.week_long[week] <= max(last_long, m.context.min_run_tenths, done))  # type: ignore[attr-defined]
            if not done and one_run_day(m.cal, week):
                m.model.add(m.week_long[week] <= lone_run_cap_tenths(last_long, m.context.min_run_tenths))  # type: ignore[attr-defined]
                continue
            if not done:
                post_band_on_volume(m, week)
                continue
            # a week partly run: the limits hold a long run still ahead; a run done before the
            # break is what it was (a 14.9 km run done left the coached weeks no solution)
            ahead = m.model.new_bool_var(f"coach_long_ahead_w{week}")
            m.model.add(m.week_long[week] <= done).only_enforce_if(ahead.negated())  # type: ignore[attr-defined]
            post_band_on_volume(m, week, ahead)

    def post_day(self, m: PlanVars) -> None:
        lrd = m.request.schedule.long_run_day
        last_long = round(last_long_run_km(m.request) * TENTHS)
        settled = getattr(m, "week_values", None) or {}
        for week in break_weeks(m):
            volume, longest = settled.get(week, (0, 0))
            runs = len(m.cal.run_days_in(week))
            if longest > max(last_long, m.context.min_run_tenths) or longest * SCALE > round(long_share_limit(volume / TENTHS, runs) * SCALE) * volume:  # type: ignore[attr-defined]
                continue  # weeks settled without the coaching rules (the fallback): their run stays as settled
            idx = [i for i in m.week_indices(week) if i != m.race_index]
            on_lrd = [i for i in idx if weekday_name(m.days[i]) == lrd and m.cal.can_train(m.days[i])]
            if on_lrd and len(m.cal.run_days_in(week)) >= 2:
                # the week's run on the long-run day is its long run, the longest of the week
                m.model.add(sum(m.long[i] for i in idx) == 1)

    def check(self, view: CoachingView) -> list[Advice]:
        if not view.request.history:
            return []
        last_long = last_long_run_km(view.request)
        out = []
        for week in range(1, view.cal.week_count + 1):
            if view.cal.is_full(week) or view.cal.is_race_week(week) or not view.is_judged_week(week):
                continue
            runs = view.week_runs(week)
            volume = view.km_of_week(week)
            if not runs or volume <= 0:
                continue
            biggest = max(runs, key=lambda r: r.distance_km or 0.0)
            if not view.is_judged(biggest.date):
                continue  # run before the re-plan: the log's, not advice on the plan
            longest = biggest.distance_km or 0.0
            if one_run_day(view.cal, week) and len(runs) == 1 and biggest.type != "long":
                most = lone_run_cap_tenths(round(last_long * TENTHS), view.ctx.min_run_tenths) / TENTHS
                if longest > most + EPS_KM:
                    out.append(self.advice(
                        f"{km(longest)} {biggest.type} run, the one run of a week after a break, is more than an easy run "
                        f"beside the last long run ({km(last_long)}) may be ({km(most)})", day=biggest.date,
                    ))
                continue
            band = long_share_limit(volume, len(view.cal.run_days_in(week)))
            if longest > max(band * volume, view.ctx.min_run_tenths / TENTHS) + SHARE_SLACK * volume or longest > last_long + EPS_KM:
                out.append(self.advice(
                    f"{km(longest)} {biggest.type} run in {a_or_an(km(volume))} week after a break "
                    f"(at most {band:.0%} of the week and the last long run, {km(last_long)})", day=biggest.date,
                ))
            elif biggest.type not in ("long", "race") and len(runs) >= 2 and not any(r.type == "long" for r in runs) and longest > last_long * BEFORE_LONG_SHARE:
                out.append(self.advice(f"{km(longest)} {biggest.type} run is a long run in all but name", day=biggest.date))
        return out


class LongRunAfterMissedWeek(CoachingRule):
    """A re-plan after a missed or much lighter week (one of the two weeks before it at most the
    cutback factor × the week before that) rebuilds the long run: the first week back's long
    run at most **1.1 ×** the last long run done (the longest run of the 14 days before) and
    within the long run's share of the week, the second's at most 1.1 × the first's.

    COACHING.md: missed weeks rebuild gently, a coach repeats the last full week and carries on;
    the same missed week must not cut one runner's long run and lift another's 47 % (the 4:30
    marathoner's 14.3 km -> 21.0 km at 50 % of the week). 1.1 × is ``session_spike``'s step.
    """

    id = "long_run_after_missed_week"
    title = "The long run rebuilds after a missed week"

    def post_week(self, m: PlanVars) -> None:
        if not missed_week_before(m.cal):
            return
        cap = round(RETURN_LONG_STEP * last_long_run_km(m.request) * TENTHS)
        first = [w for w in (1, 2) if w <= m.cal.week_count and not m.cal.is_race_week(w) and w not in m.history_weeks]  # type: ignore[attr-defined]
        for week in first:
            if week == 1:
                m.model.add(m.week_long[week] <= max(cap, m.context.min_run_tenths))  # type: ignore[attr-defined]
                post_band_on_volume(m, week, m.long_run_held(week))
            else:  # the band here too left the 4:30 marathoner's readiness long run no room (fallback)
                m.model.add(SCALE * m.week_long[week] <= round(RETURN_LONG_STEP * SCALE) * m.week_long[week - 1] + SCALE * m.context.min_run_tenths // 2)  # type: ignore[attr-defined]

    def check(self, view: CoachingView) -> list[Advice]:
        if not missed_week_before(view.cal) or not view.is_judged_week(1) or view.cal.is_race_week(1):
            return []
        last = last_long_run_km(view.request)
        longest = max((r.distance_km or 0.0 for r in view.week_runs(1)), default=0.0)
        if longest > RETURN_LONG_STEP * last + EPS_KM + BEFORE_LONG_SLACK_KM:
            return [self.advice(f"the first week back after a missed week runs {km(longest)}, more than 1.1 × the last long run done ({km(last)})", week=1)]
        if view.cal.week_count >= 2 and view.is_judged_week(2) and not view.cal.is_race_week(2):
            second = max((r.distance_km or 0.0 for r in view.week_runs(2)), default=0.0)
            allowed = RETURN_LONG_STEP * longest + view.ctx.min_run_tenths / TENTHS / 2
            if second > allowed + EPS_KM:
                return [self.advice(f"the second week back after a missed week runs {km(second)}, more than 1.1 × the first week's {km(longest)}", week=2)]
        return []


#: The long run's step in the first week back after a missed week (``session_spike``'s 1.1 ×).
RETURN_LONG_STEP = 1.1
#: A week counts as missed at this share of a cutback week or less (0.6 × the week before it):
#: a planned step-back week alone is not a missed week.
MISSED_SHARE_OF_CUTBACK = 0.75


def missed_week_before(cal: Any) -> bool:
    """Whether one of the two weeks before a re-plan was missed or much lighter: at most
    ``MISSED_SHARE_OF_CUTBACK`` × the cutback factor (0.75 × 0.8 = 0.6) × the week before it
    (history covers both)."""
    factor = cal.request.rules.cutback_factor
    for week in (0, -1):
        this, before = cal.history_week_km(week), cal.history_week_km(week - 1)
        if this is not None and before is not None and before > 0 and this <= factor * MISSED_SHARE_OF_CUTBACK * before + 1e-9:
            return True
    return False


#: The window before a re-plan whose longest run is "the last long run done".
LAST_LONG_RUN_DAYS = 14


def last_long_run_km(request: Any) -> float:
    """The longest run of the 14 days before the plan (the runner's long run without history)."""
    first = request.start - timedelta(days=LAST_LONG_RUN_DAYS)
    done = [h.distance_km or 0.0 for h in request.history if h.kind == "run" and first <= h.date < request.start]
    return max(done) if done else request.runner.long_run_km


def break_weeks(m: PlanVars) -> list[int]:
    """A re-plan's weeks a break touches (not full), before the race week and after its history."""
    if not m.request.history:
        return []
    weeks = [w for w in range(1, m.cal.week_count + 1) if not m.cal.is_full(w) and not m.cal.is_race_week(w)]
    return [w for w in weeks if w not in m.history_weeks and m.cal.run_days_in(w)]  # type: ignore[attr-defined]


def one_run_day(cal: Any, week: int) -> bool:
    """Whether a week a break touches leaves one run day (``run_days_in``): its one run cannot
    be a long run within half of the week (``long_run``), so it is an easy run
    (``break_week_long_run``)."""
    return len(cal.run_days_in(week)) == 1


def lone_run_cap_tenths(last_long_tenths: int, min_run_tenths: int) -> int:
    """The most the one run of a week a break leaves one run day may be (:func:`one_run_day`):
    an easy run beside the last long run (the planner's share for a week of one run day, 0.6 ×
    it + 1 km: :func:`~hamplan.rules.base.other_run_room_pc`), never under a 20-min run
    (``min_run_tenths``)."""
    easy = other_run_room_pc(last_long_tenths, 1) // 100
    return max(easy, min_run_tenths)


def longest_done_tenths(m: PlanVars, week: int) -> int:
    """The longest run of a week's days already run (a re-plan inside it; 0 for none)."""
    done = getattr(m, "done_days", None) or getattr(m, "fixed", None) or {}
    return max((d.dist_tenths for day, d in done.items() if m.cal.week_of(day) == week), default=0)


def capped_week(cal: Any, week: int) -> bool:
    """Whether the week has the run days for the cap: with 3 or fewer, the run before the long
    run is one of only two others, and capping it would leave no room for a quality session."""
    return len(cal.run_days_in(week)) >= BEFORE_LONG_MIN_RUN_DAYS


def runs_beside_long_run_past_hour(runs_by_day: Mapping[date, Any], days: Iterable[date], offset_days: int) -> list[Any]:
    """The easy and recovery runs on ``days`` (of ``runs_by_day``) that last over an hour with
    a long run ``offset_days`` before them (1: the day after the long run; -1: the day before)."""
    out = []
    for day in days:
        run, long_run = runs_by_day.get(day), runs_by_day.get(day - timedelta(days=offset_days))
        if (run is not None and long_run is not None and long_run.type == "long" and run.type in ("easy", "recovery")
                and run.duration_min > EASY_RUN_MAX_MINUTES):
            out.append(run)
    return out


def said_often(found: int, weeks: int) -> bool:
    """Whether ``found`` runs beside the long run past an hour, in ``weeks`` weeks before race
    week, are said (:data:`PAST_HOUR_SAID_SHARE` of the weeks, at least :data:`PAST_HOUR_SAID_LEAST`)."""
    return found >= max(PAST_HOUR_SAID_LEAST, math.ceil(PAST_HOUR_SAID_SHARE * weeks))


def after_long_cap_tenths(easy_pace_s_per_km: int) -> int:
    """An hour at the easy pace, tenths of a km: what the run the day after the long run keeps
    where the week's quality session can take the rest (``recovery_runs``)."""
    return TENTHS * 60 * EASY_RUN_MAX_MINUTES // easy_pace_s_per_km


def before_long_cap_tenths(easy_pace_s_per_km: int) -> int:
    """The time cap of the run before the long run, in tenths of a km at the easy pace."""
    return TENTHS * 60 * BEFORE_LONG_MAX_MIN // easy_pace_s_per_km


def before_long_cap_km(easy_pace_s_per_km: int, long_km: float, min_run_km: float) -> float:
    """min(60 min, 0.5 x the long run), never under the shortest run worth doing (``short_runs``):
    a 7 km long run still allows a 20-min run the day before."""
    return min(before_long_cap_tenths(easy_pace_s_per_km) / TENTHS, max(BEFORE_LONG_SHARE * long_km, min_run_km))


def post_before_long_cap(m: PlanVars, run: Any, long_run: Any, name: str, enforce: Any = None) -> None:
    """:func:`before_long_cap_km` on model variables (tenths): ``run`` <= the time cap and
    2 x ``run`` <= max(``long_run``, 2 x the shortest run)."""
    half_floor = m.model.new_int_var(0, 2 * max(m.max_run_tenths, m.context.min_run_tenths), f"before_long_half_{name}")  # type: ignore[attr-defined]
    m.model.add_max_equality(half_floor, [long_run, 2 * m.context.min_run_tenths])  # type: ignore[attr-defined]
    for constraint in (run <= before_long_cap_tenths(m.context.easy_pace_s_per_km), 2 * run <= half_floor):  # type: ignore[attr-defined]
        posted = m.model.add(constraint)
        if enforce is not None:
            posted.only_enforce_if(enforce)


def _easing_day(m: PlanVars, day: object) -> bool:
    easing = m.request.easing
    return easing is not None and day <= easing.until  # type: ignore[operator]


def _easing_week(m: PlanVars, week: int) -> bool:
    return _easing_day(m, m.cal.week_start(week))


__all__ = ["BreakWeekLongRun", "has_strides", "DayBeforeLongRun", "LongRunAfterMissedWeek", "LongRunShare", "MediumLongRun", "ShortRuns", "RecoveryRuns", "RecoveryDayStrength", "TENTHS"]
