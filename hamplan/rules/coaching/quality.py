"""Quality work by phase: a session most build and peak weeks, race-specific work before the
race, and a dynamic (not static) mobility routine on race eve."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from hamplan.calendar import PlanCalendar, no_fast_running_until, race_class, weekday_name
from hamplan.models import QUALITY_TYPES, SPRINT_TYPES, Advice
from hamplan.rules.base import TENTHS, PlanVars, long_run_work_min
from hamplan.rules.settings import (
    MIN_QUALITY_RUN_KM, OTHER_RUN_EXTRA_KM, QUALITY_SHARE_MARGIN, TENDINOPATHY_HEAVY_BEFORE_SPEED_WEEKS, TENDINOPATHY_ISOMETRIC_WEEKS, RuleSettings, other_run_share,
)

#: The rounding margin ``easy_share`` keeps (per mille of the easy share, see ``EasyShare.post``).
EASY_SHARE_MARGIN = QUALITY_SHARE_MARGIN
#: Per mille of the week kept free when the week model makes room for a quality session.
ROOM_MARGIN_PER_MILLE = 10
from hamplan.rules.coaching.base import CoachingRule, CoachingView, holds_quality_session
from hamplan.rules.coaching.week import before_long_cap_tenths, capped_week, has_strides, minutes_left_for_a_run
from hamplan.rules.context import EASY_RUN_MIN_MINUTES
from hamplan.words import a_or_an

W_QUALITY_WEEK = 40
#: Week stage: a build or peak week without room for its quality session (as much as a week with
#: runs under 20 min, ``W_SHORT_RUN_WEEK``).
W_QUALITY_ROOM = 20
W_TUNE_UP = 20
#: A build or peak week gives up at most this share of what it could hold without a session to
#: make room for one, or at most this many km where that is more: a bound on the extreme trade
#: (a week giving most of its running for its session), not on the usual few km.
QUALITY_ROOM_VOLUME_GIVE = 0.5
QUALITY_ROOM_VOLUME_GIVE_KM = 5.0
#: A taper week gives up at most this share of the peak week (below its factor) to hold its
#: quality session (``taper_weeks`` aims 0.03 under the factor and advises past 0.15).
TAPER_QUALITY_VOLUME_GIVE = 0.08
#: A quality session takes at least this share of its week's run km where the week model has
#: settled it and the day holds it: the warm-up, the work and the cool-down need room, and a
#: 3 km session in a 75 km week is none. Two stay within what ``easy_share`` leaves (≈ 19.6 %).
QUALITY_SHARE_OF_WEEK = 0.08
#: ... and at least this long (10 min warm-up, 15-20 min of work, the cool-down), as far as the
#: week's easy share leaves room for one session (``QUALITY_ROOM_SHARE`` of the week).
QUALITY_SESSION_KM = 5.0
QUALITY_ROOM_SHARE = 0.19
W_RACE_EVE_MOBILITY = 30
#: Share of build and peak weeks (where the safety rules allow quality) that may go without.
QUALITY_MISSING_SHARE = 0.25
#: The smallest real session: 10 min easy before and after (COACHING.md) and a minute's jog around
#: 8 min of work at threshold pace (2 × 4 min, the least a session holds in
#: ``hamplan.content.workouts``), with a tenth of a km for the rounding of the day.
MIN_SESSION_EASY_MIN, MIN_SESSION_WORK_MIN, MIN_SESSION_MARGIN_KM = 21, 8, 0.1
#: Age from which one quality session a week is the most (COACHING.md).
ONE_QUALITY_AGE = 60


def strides_base_weeks(cal: PlanCalendar, settings: RuleSettings) -> set[int]:
    """Base weeks that hold strides instead of a quality session: the first half of the base
    (hill sprints come later in base), counted in the whole plan: a re-plan in week 4 of a
    6-week base is past them (counted in its own weeks, its first week was strides-only, a hill
    session already run in it left the coached plan no solution, and the plan lost its coaching).
    A cutback week right after them keeps strides too (the base's last week included: a 10K
    runner's first hill sprints fell in step-back week 3, the last of a 3-week base)."""
    count = cal.base_week_count
    if count < 2:
        return set()
    before = cal.weeks_before_start
    weeks = {i - before + 1 for i in range((count + 1) // 2) if i >= before}
    # a new stimulus starts in a full week: a cutback week right after the strides weeks keeps
    # strides, and the first hills come the week after (a 68-year-old's first hill sprints fell
    # in her step-back week 3)
    first_hills = (count + 1) // 2 - before + 1
    if weeks and first_hills <= count - before and first_hills in cal.cutback_weeks(settings.build_weeks_max):
        weeks.add(first_hills)
    return weeks


def quality_room_km(settings: RuleSettings, week_km: float) -> float:
    """The most quality running ``easy_share`` leaves a week of ``week_km`` (the solver counts
    a whole quality session as hard, with a rounding margin: see ``EasyShare``)."""
    return (1.0 - settings.easy_share) * week_km / (1.0 + EASY_SHARE_MARGIN)


def min_session_km(easy_pace_s_per_km: int, threshold_min_per_km: float) -> float:
    """The distance of the smallest real quality session at the runner's paces: a week whose
    ``easy_share`` room is shorter holds strides, not a session (a 15 km week leaves 2.9 km)."""
    return MIN_SESSION_EASY_MIN * 60 / easy_pace_s_per_km + MIN_SESSION_WORK_MIN / threshold_min_per_km + MIN_SESSION_MARGIN_KM


def room_fraction(settings: RuleSettings) -> tuple[int, int]:
    """``quality_room_km`` per km as an integer fraction (kept, of): one quality day of ``q``
    tenths fits a week of ``W`` tenths when ``of * q <= kept * W`` (``EasyShare.post``)."""
    easy_pm = round(settings.easy_share * 1000)
    return 1000 - easy_pm, 1000 + round(EASY_SHARE_MARGIN * 1000)


def quality_room_tenths(settings: RuleSettings, week_tenths: int) -> int:
    """:func:`quality_room_km` in whole tenths of a km, as the solver counts it."""
    kept, of = room_fraction(settings)
    return kept * week_tenths // of


def _taper_capacity_tenths(m: Any, week: int) -> int | None:
    """What a taper week's days hold beside its long run (``capacity_beside_long_run_tenths``,
    tenths of a km) where the taper's long-run limit, counted a week nearer the race than the
    week (``CoachingTargets.long_run_nearer_weeks``), holds the week under its factor: a long
    run a week out or more, or race week's long run after such a week (the week before it once
    held it lower); None elsewhere. Not a half's one taper week, whose long run falls in race
    week: a session there cost it more than its share (5 plans of seed 2033 fell far under
    their factor for one)."""
    targets = m.context.targets
    nearer = targets.long_run_nearer_weeks
    if week not in nearer:
        return None
    if m.cal.long_run_day_in_race_week(week) and week - 1 not in nearer:
        return None
    aim = targets.taper_long_target.get(week)
    long_tenths = math.floor(aim * targets.planned_peak_long_km * TENTHS) if aim is not None and targets.planned_peak_long_km > 0 else None
    capacity = getattr(m, "capacity_beside_long_run_tenths", None)
    return capacity(week, long_tenths) if capacity is not None else None


def quality_allowed(view_or_model: object, week: int, week_km: float | None = None) -> bool:
    """Weeks the safety rules and the request allow a quality session in (with the week's run
    km when known: a week too small for a quality session beside 80 % easy running holds none)."""
    request = getattr(view_or_model, "request")
    settings = getattr(view_or_model, "settings")
    cal = getattr(view_or_model, "cal")
    if settings.quality_per_week < 1 or week <= settings.quality_free_weeks:
        return False
    if week_km is not None and quality_room_km(settings, week_km) < MIN_QUALITY_RUN_KM:
        return False
    easing = request.easing
    # a return's easy days, and after illness the rest of the week they end in (no fast running)
    if easing is not None and cal.week_start(week) + timedelta(days=6) <= (no_fast_running_until(request) or easing.until):
        return False
    if week in cal.weeks_back_from_breaks:
        return False  # the first week back from a break of a week or more starts easy
    if week in tendon_holding_weeks(request, cal):
        return False
    run_days = cal.run_days_in(week)
    # hard_days: never the day before or after the long run
    return len(run_days) >= 3 and any(not beside_long_run_day(cal, d) for d in run_days)


def tendon_holding_weeks(request: Any, cal: Any) -> set[int]:
    """A sore tendon's first weeks, while its strength work is isometric holds and its first
    weeks of heavy slow lifts: no faster session yet (Goom et al. 2016: isometric loading, then
    heavy slow loading, then speed; a tendinopathy half marathoner ran 3 × 6 min at threshold in
    week 4, before her first heavy slow week, and later two days after it). Counted in the whole
    plan (a re-plan is past them)."""
    if request.runner.hamstring_history != "tendinopathy":
        return set()
    holding = TENDINOPATHY_ISOMETRIC_WEEKS + TENDINOPATHY_HEAVY_BEFORE_SPEED_WEEKS
    return {w for w in range(1, cal.week_count + 1) if w + cal.weeks_before_start <= holding}


def beside_long_run_day(cal: Any, day: date) -> bool:
    """Whether ``day`` is a long-run day, or the day before or after it is one a run can take
    (in this week or the next or last one): ``hard_days`` keeps quality off it (with Monday,
    Saturday and a Sunday long run, no day of the week can hold a quality session)."""
    long_run_day = cal.request.schedule.long_run_day
    if weekday_name(day) == long_run_day:
        return True
    for near in (day - timedelta(days=1), day + timedelta(days=1)):
        if weekday_name(near) == long_run_day and cal.request.start <= near < cal.race_day and cal.is_run_weekday(near) and near not in cal.blackout_days:
            return True
    return False


def _runs_before_long_run(m: PlanVars, week: int) -> bool:
    """Whether the week runs the day before its long-run day (a full week with a long-run day)."""
    run_days = m.cal.run_days_in(week)
    long_days = [d for d in run_days if weekday_name(d) == m.request.schedule.long_run_day]
    return m.cal.is_full(week) and bool(long_days) and long_days[0] - timedelta(days=1) in run_days


class QualityByPhase(CoachingRule):
    """Quality work by phase: strides in early base, hill sprints later in base, threshold in
    build, race-specific work in peak, one short session in taper and race week; at least
    **one** quality session in every build and peak week the safety rules allow one in and whose
    ``easy_share`` room holds the smallest real session (21 min easy around 8 min at threshold;
    advised when more than **25 %** go without; a day turned easy run with strides is none); **one** a week at most from age **60**.

    Daniels' phases (*Daniels' Running Formula*): R and hills first, then T, then race-specific
    M or I work. Restrictions stay first (``hard_days``: recent strain, tendinopathy). A taper
    week before race week keeps its session where that costs it little volume (Bosquet et al.
    2007: volume cut, intensity kept); the check judges build and peak weeks only, since a
    taper may have to choose volume. Beside the sessions, one easy run a week keeps its strides
    (``hamplan.solver.quality.assign_quality``, after the solve: an easy day's distance is
    unchanged, so no term of the model; ``strides_on_fresh_legs`` checks them).
    """

    id = "quality_by_phase"
    title = "Quality work in every build week"

    def post_week(self, m: PlanVars) -> None:
        """Room for a quality session in build and peak weeks (taper weeks: ``_taper_quality_room``).
        In the week model, one run day
        that may hold it (``quality_day_options``) takes a part of the week that fits what
        ``easy_share`` leaves for quality and is at least the session ``post_day`` asks for, while
        the other run days hold the rest beside the week's strength and mobility; a week that
        cannot (a penalty the week stage weighs before volume) gives up volume for it, as a coach
        would: a 3-day week of 45-min weekdays runs a shorter session, not none. Elsewhere (the
        full model): beside the long run and the easy runs (each at most the planner's share of
        the long run), the rest of the week fits in what ``easy_share`` leaves for quality."""
        room = round(quality_room_km(m.settings, 1.0) * 1000) - ROOM_MARGIN_PER_MILLE  # rounding of whole tenths
        options_of = getattr(m, "quality_day_options", None)
        for week in range(1, m.cal.week_count + 1):
            runs = len(m.cal.run_days_in(week))
            phase = m.cal.phase(week)
            if runs < 3 or phase not in ("build", "peak", "taper") or not quality_allowed(m, week):
                continue
            if week in m.history_weeks:  # type: ignore[attr-defined]
                continue
            if phase == "taper":
                self._taper_quality_room(m, week, options_of)
                continue
            if options_of is not None and m.cal.is_full(week):
                self._quality_day_room(m, week, options_of(week))
                continue
            easy_runs = runs - 2
            share = round(other_run_share(runs) * 1000)
            # the run before the long run holds at most an hour and half of it (day_before_long_run)
            capped = m.context.eve_cap and capped_week(m.cal, week)  # type: ignore[attr-defined]
            eves = 1 if easy_runs > 0 and capped and _runs_before_long_run(m, week) else 0
            eve = m.model.new_int_var(0, before_long_cap_tenths(m.easy_pace_s_per_km) * eves, f"quality_room_eve_w{week}")  # type: ignore[attr-defined]
            m.model.add(2 * eve <= m.week_long[week])  # (its floor of a 20-min run left out: a week-level bound that tight planned weeks the days could not hold)
            m.model.add(
                (1000 - room) * m.week_km[week]
                <= (1000 + share * (easy_runs - eves)) * m.week_long[week]
                + (easy_runs - eves) * round(OTHER_RUN_EXTRA_KM * TENTHS) * 1000
                + 1000 * eve
            )

    @classmethod
    def _taper_quality_room(cls, m: PlanVars, week: int, options_of: Any) -> None:
        """A taper week keeps its quality session where it costs the week little volume (Bosquet
        et al. 2007: volume cut, intensity kept): room for it as in a build week, but only while
        the week stays within :data:`TAPER_QUALITY_VOLUME_GIVE` of its factor × the peak
        (without the bound, tapers of seed 2031 gave up to 5 km a week for it). Half-marathon
        taper weeks without a session: 37 of 84 plans of seed 2027 before."""
        if options_of is None or not m.cal.is_full(week):
            return
        factor = m.context.targets.taper_week_factor.get(week)  # type: ignore[attr-defined]
        if factor is None:
            return
        holds = cls._quality_day_room(m, week, options_of(week))
        # against the planned peak, a constant: bound by the weeks' own peak, the solver lowered
        # the peak to let the taper week hold the session (an 84.5 km peak became 72.9)
        least = math.ceil((factor - TAPER_QUALITY_VOLUME_GIVE) * m.context.targets.planned_peak_km * TENTHS)  # type: ignore[attr-defined]
        capacity = _taper_capacity_tenths(m, week)
        if capacity is not None:
            # a week its long run's limit holds under its factor keeps its session where it costs
            # the week as little of what its days hold beside that long run: held to the factor,
            # which such a week cannot reach, the session gave way and the runs filled every day
            # to the long run's length (a 106 km marathoner's taper weeks, 5 x 15 and 5 x 10.8 km,
            # lost both marathon-pace sessions)
            give = TAPER_QUALITY_VOLUME_GIVE * m.context.targets.planned_peak_km * TENTHS  # type: ignore[attr-defined]
            if m.cal.long_run_day_in_race_week(week):
                # judged on its run days before race week, which the session's cost all falls on:
                # half as much (at the full share three marathoners' last taper weeks, seeds 2033
                # and 2040, fell far under their factor for the session)
                give /= 2
            least = min(least, capacity - round(give))
        m.model.add(m.week_km[week] >= least).only_enforce_if(holds)

    @staticmethod
    def _quality_day_room(m: PlanVars, week: int, options: list[Any]) -> Any:
        """One of ``options`` holds the week's quality session (see ``post_week``): a soft goal.
        Returns the literal of its holding."""
        model = m.model
        week_km = m.week_km[week]
        holds = model.new_bool_var(f"quality_room_w{week}")
        if not options:
            model.add(holds == 0)
            m.penalize(holds.negated(), W_QUALITY_ROOM)  # type: ignore[attr-defined]
            return holds
        # what easy_share leaves for one quality day, in whole tenths of a km
        room = model.new_int_var(0, m.max_week_tenths, f"quality_room_tenths_w{week}")  # type: ignore[attr-defined]
        kept, of = room_fraction(m.settings)
        model.add(of * room <= kept * week_km)
        model.add(of * (room + 1) > kept * week_km)
        # the session post_day asks for, in hundredths of a tenth (- 49: it rounds to whole tenths)
        floor = model.new_int_var(0, 100 * m.max_week_tenths, f"quality_floor_w{week}")  # type: ignore[attr-defined]
        model.add_max_equality(floor, [round(QUALITY_SHARE_OF_WEEK * 100) * week_km - 49, round(QUALITY_SESSION_KM * TENTHS) * 100 - 49])
        picks = [model.new_bool_var(f"quality_day_{o.day}") for o in options]
        model.add(sum(picks) == holds)
        # the session takes some of the week's volume, never most of it (see the model's
        # ``volume_without_session_tenths``); a week the load rules, its days or its ceiling hold
        # lower is held there anyway and keeps its room (caps a repair posts are not seen: a
        # week they hold under half of it goes without)
        free = getattr(m, "volume_without_session_tenths", lambda week: None)(week)
        if free is not None:
            give = max(math.ceil(QUALITY_ROOM_VOLUME_GIVE * free), round(QUALITY_ROOM_VOLUME_GIVE_KM * TENTHS))
            model.add(week_km >= free - give).only_enforce_if(holds)
        for option, pick in zip(options, picks):
            least = model.new_int_var(-49, 100 * m.max_week_tenths, f"quality_least_{option.day}")  # type: ignore[attr-defined]
            model.add_min_equality(least, [floor, round(QUALITY_ROOM_SHARE * 100) * week_km - 49, 100 * option.floor_cap_tenths, 100 * room])
            for constraint in (
                option.share <= room,
                100 * option.share >= least,
                option.share >= round(MIN_QUALITY_RUN_KM * TENTHS),
                option.share <= option.cap_tenths,
                sum(option.others) <= option.others_cap_tenths,
            ):
                model.add(constraint).only_enforce_if(pick)
        m.penalize(holds.negated(), W_QUALITY_ROOM)  # type: ignore[attr-defined]
        return holds

    def post_day(self, m: PlanVars) -> None:
        strides_weeks = strides_base_weeks(m.cal, m.settings)
        one_only = m.request.runner.age >= ONE_QUALITY_AGE
        holding = tendon_holding_weeks(m.request, m.cal)
        for week in range(1, m.cal.week_count + 1):
            idx = [i for i in m.week_indices(week) if m.runnable[i]]
            if not idx:
                continue
            total = sum(m.quality[i] for i in idx)
            if week in strides_weeks or week in holding:
                m.model.add(total == 0)
                continue
            if one_only:
                m.model.add(total <= 1)
            phase = m.cal.phase(week)
            if phase in ("build", "peak", "taper", "race") and quality_allowed(m, week, m.known_week_km(week)):  # type: ignore[attr-defined]
                has = m.model.new_bool_var(f"has_quality_w{week}")
                m.model.add(total >= 1).only_enforce_if(has)
                m.reward(has, W_QUALITY_WEEK if phase in ("build", "peak") else W_TUNE_UP)
            known = m.known_week_km(week)  # type: ignore[attr-defined]
            if known:
                # at least 8 % of the week or 5 km, whichever is more, where the week leaves room
                least = round(min(max(QUALITY_SHARE_OF_WEEK * known, QUALITY_SESSION_KM), QUALITY_ROOM_SHARE * known) * TENTHS)
                # never above the room easy_share leaves in whole tenths (a 16.7 km week: 3.2 km, not 3.3)
                least = min(least, quality_room_tenths(m.settings, round(known * TENTHS)))
                for i in idx:
                    # never more than the day holds: a tight day keeps its (shorter) session, and
                    # shorter still beside its strength session (short form)
                    beside = m.dist_caps_beside_strength[i]  # type: ignore[attr-defined]
                    m.model.add(m.dist[i] >= min(least, m.dist_caps[i])).only_enforce_if([m.quality[i], m.strength[i].negated()])  # type: ignore[attr-defined]
                    m.model.add(m.dist[i] >= min(least, beside)).only_enforce_if([m.quality[i], m.strength[i]])

    def check(self, view: CoachingView) -> list[Advice]:
        least_km = min_session_km(view.ctx.easy_pace_s_per_km, view.ctx.paces.threshold.slow_min_per_km)
        weeks = [
            w for w in view.cal.pre_taper_weeks
            if view.cal.phase(w) in ("build", "peak") and quality_allowed(view, w, view.km_of_week(w)) and view.is_judged_week(w)
            and quality_room_km(view.settings, view.km_of_week(w)) >= least_km
        ]
        # a week whose easy_share room is shorter than the smallest real session is not judged
        without = [w for w in weeks if not any(holds_quality_session(r) for r in view.week_runs(w))]
        if weeks and len(without) > QUALITY_MISSING_SHARE * len(weeks):
            return [self.advice(f"{len(without)} of {len(weeks)} build and peak weeks hold no quality session (weeks {view.cal.week_numbers(without)})")]
        return []


class RaceSpecificWork(CoachingRule):
    """Race-specific work before the race: marathon-pace sessions in a marathon plan, intervals
    at I pace (3–5 min reps) in a 5K or 10K plan.

    Daniels: the peak phase trains the race's own demands (M for the marathon, I for 5K/10K).
    Solver part: the type of each quality day by phase (``hamplan.solver.quality``). Not asked
    of plans without a build phase, nor of a 5K or 10K runner with tendinopathy (tempo only: no
    intervals); a marathoner with tendinopathy runs marathon pace, slower than threshold.
    """

    id = "race_specific_work"
    title = "Race-specific work"

    def check(self, view: CoachingView) -> list[Advice]:
        needed = required_race_work(view)
        if needed is None:
            return []
        # marathon pace in long runs counts (COACHING.md), as a week whose run days all sit
        # beside the long run runs it there
        if not any(r.type == needed or (needed == "marathon" and _long_run_at_marathon_pace(r)) for r in view.runs):
            return [self.advice(f"no {needed} session in {a_or_an(view.request.race.label)} plan")]
        return []


def _long_run_at_marathon_pace(run: Any) -> bool:
    """Whether a long run carries work at marathon pace."""
    return long_run_work_min(run) > 0 and any(
        step.kind == "work" and step.pace == "marathon" for block in run.workout.blocks for step in block.steps)


def required_race_work(view: object) -> str | None:
    """The race-specific session type a plan needs ('marathon' or 'intervals'), or None."""
    request = getattr(view, "request")
    cal = getattr(view, "cal")
    settings = getattr(view, "settings")
    if not settings.quality_intervals_allowed and race_class(request.race.km) == "short":
        return None  # hard_days: a sore tendon runs no intervals; marathon pace is no sprinting
    phases = set(cal.phases.values())
    if "build" not in phases and "peak" not in phases:
        return None
    if not any(quality_allowed(view, w, view.km_of_week(w)) for w in cal.pre_taper_weeks if cal.phase(w) in ("build", "peak")):  # type: ignore[attr-defined]
        return None
    kind = race_class(request.race.km)
    if kind == "long":
        return "marathon"
    if kind == "short":
        return "intervals"
    return None


#: Day model: each weekday whose quality session last week holds this week's too
#: (``quality_weekday``): under a quality day's reward (3 in base, 6 in build). At 1, a run
#: day's, the day stage took 23 % longer than without it (seed 2027, 150 runners: more ties to
#: search); at 2, 12-20 %, the same weekdays.
W_SAME_QUALITY_WEEKDAY = 2
DAYS_A_WEEK = 7
#: ``quality_weekday`` advises where more than this share of a plan's pairs of consecutive
#: one-session weeks before the taper hold it on different weekdays (and at least this many).
QUALITY_WEEKDAY_ADVICE_SHARE = 1 / 3
QUALITY_WEEKDAY_LEAST_CHANGES = 3


def one_session_weeks(view: CoachingView) -> dict[int, date]:
    """The day of the one quality session of each judged week before the taper that holds
    exactly one, no break touching it, no day of it run yet (a re-plan's). A week whose faster
    running rides in its long run has no session day of its own: its long run keeps the long
    run's day (a 5K runner's Monday sessions read as moved to Saturday in the one peak week
    whose long run carried threshold work)."""
    days: dict[int, date] = {}
    for week in view.cal.pre_taper_weeks:
        if not view.is_judged_week(week) or view.cal.touched(week) or view.partly_run(week):
            continue
        sessions = [r for r in view.week_runs(week) if holds_quality_session(r)]
        if len(sessions) == 1 and sessions[0].type != "long":
            days[week] = sessions[0].date
    return days


def moved_weeks(session_days: dict[int, date]) -> tuple[list[int], int]:
    """The weeks of ``session_days`` (week -> the day of its one session) whose session falls
    on another weekday than the week before's, and how many pairs of consecutive weeks hold one."""
    pairs = [(w, session_days[w - 1], session_days[w]) for w in session_days if w - 1 in session_days]
    return [w for w, before, now in pairs if before.weekday() != now.weekday()], len(pairs)


def weekday_changes(session_days: dict[int, date]) -> tuple[list[int], int] | None:
    """:func:`moved_weeks` where they are many enough for ``quality_weekday``'s advice; None
    where the sessions keep their weekday well enough."""
    moved, pairs = moved_weeks(session_days)
    if len(moved) >= QUALITY_WEEKDAY_LEAST_CHANGES and len(moved) > QUALITY_WEEKDAY_ADVICE_SHARE * pairs:
        return moved, pairs
    return None


class QualityWeekday(CoachingRule):
    """The week's quality session keeps its weekday from week to week where the days allow: a
    weekly rhythm the runner can build a life around, and the days around the session keep
    their roles (Pfitzinger's and Higdon's schedules fix the hard days; a 44-year-old
    marathoner's marathon-pace runs fell on a Tuesday, then a Friday two days before his
    longest run, then eleven days apart). Advised where more than **a third** of the pairs of
    consecutive weeks before the taper that each hold one session hold it on different weekdays
    (**3** changes at least).

    Solver part: in the day model, a quality day on the weekday of the week before's is worth
    :data:`W_SAME_QUALITY_WEEKDAY`, under a quality day's reward: never a session given up for
    it. Such pairs of weeks that changed weekday: 17 / 17 / 18 % -> 1 / 1 / 1 % (seeds 2027,
    2031, 2040); plans changing 3 times or more 19 % -> 0 %; every other coach flag, the
    refusals and the safety rules as before. Its cost: the day stage 12-20 % longer, batches
    about 5 % slower.
    """

    id = "quality_weekday"
    title = "The session on the same weekday"

    def post_day(self, m: PlanVars) -> None:
        pre = set(m.cal.pre_taper_weeks)
        # only days a run may take (the others' quality is the model's constant 0: a variable
        # and a reward for each of them only slowed the solve)
        may_run = [m.cal.may_run(day) for day in m.days]
        for i in range(DAYS_A_WEEK, len(m.days)):
            if not (may_run[i] and may_run[i - DAYS_A_WEEK]) or m.cal.week_of(m.days[i]) not in pre:
                continue
            before, now = m.quality[i - DAYS_A_WEEK], m.quality[i]  # type: ignore[attr-defined]
            same = m.model.new_bool_var(f"coach_same_quality_weekday_{i}")
            m.model.add_implication(same, before)
            m.model.add_implication(same, now)
            m.reward(same, W_SAME_QUALITY_WEEKDAY)

    def check(self, view: CoachingView) -> list[Advice]:
        moved = weekday_changes(one_session_weeks(view))
        if moved is not None:
            return [self.advice(
                f"the week's session changes weekday in {len(moved[0])} of {moved[1]} weeks "
                f"(weeks {view.cal.week_numbers(moved[0])}): "
                "keep it on one day where the days allow"
            )]
        return []


#: From this age the week's session keeps more than 48 h from the long run on both sides where
#: the run days allow (``masters_session_spacing``; the age from which a week holds one session).
MASTERS_SPACING_AGE = ONE_QUALITY_AGE
#: Days between a masters runner's session and the long run, before or after it, below which the
#: day model charges :data:`W_MASTERS_SESSION_TWO_DAYS` (the day before or after is ``hard_days``').
MASTERS_SESSION_LEAST_GAP_DAYS = 3
#: Day model: a masters runner's quality day two days from a long run. Under a quality day's
#: reward (never a session given up for it) and under keeping the session's weekday
#: (:data:`W_SAME_QUALITY_WEEKDAY`): the whole rhythm moves, not one week of it.
W_MASTERS_SESSION_TWO_DAYS = 1
#: ``masters_session_spacing`` advises where more than this share of the weeks that could keep
#: the session 3 days from the long runs do not (and at least this many weeks).
MASTERS_SPACING_ADVICE_SHARE = 1 / 3
MASTERS_SPACING_LEAST_WEEKS = 3


class MastersSessionSpacing(CoachingRule):
    """From **60**, the week's quality session lies at least **3** days (72 h) from the long run on
    either side where the run days allow: a Wednesday session between Sunday long runs, not a
    Friday one 48 h before the next. Older muscle and tendon recover more slowly from hard
    running (Friel, *Fast After 50*: masters athletes need more recovery between hard
    sessions; COACHING.md holds them to one session a week for that reason), and a session
    48 h before the long run puts the week's longest run in its soreness window; a coach read a
    68-year-old's Friday threshold sessions and heavy strength beside them before 16 km Sunday
    long runs as "the wrong day", with Wednesday free. Advised where more than **a third** of
    the weeks before the taper whose run days hold such a day put the session two days from a
    long run (**3** weeks at least).

    Solver part: in the day model, a masters runner's quality day two days before or after a
    long run costs :data:`W_MASTERS_SESSION_TWO_DAYS`, in every week but race week (the taper
    too, which the check leaves to the taper's own shape).
    """

    id = "masters_session_spacing"
    title = "From 60, the session three days from the long run"

    def post_day(self, m: PlanVars) -> None:
        if m.request.runner.age < MASTERS_SPACING_AGE:
            return
        # the taper's weeks too (a 68-year-old's taper session went to Friday when her build's
        # moved to Wednesday); race week has its own shape
        weeks = {w for w in range(1, m.cal.week_count + 1) if not m.cal.is_race_week(w)}
        gap = MASTERS_SESSION_LEAST_GAP_DAYS - 1
        # only days a run may take (the others hold the model's constant 0)
        may_run = [m.cal.may_run(day) for day in m.days]
        for i, day in enumerate(m.days):
            if not may_run[i] or m.cal.week_of(day) not in weeks:
                continue
            for j in (i - gap, i + gap):
                if not (0 <= j < len(m.days) and may_run[j]):
                    continue
                both = m.model.new_bool_var(f"coach_masters_session_{i}_{j}")
                m.model.add(both >= m.quality[i] + m.long[j] - 1)  # type: ignore[attr-defined]
                m.penalize(both, W_MASTERS_SESSION_TWO_DAYS)

    def check(self, view: CoachingView) -> list[Advice]:
        if view.request.runner.age < MASTERS_SPACING_AGE:
            return []
        longs = sorted(r.date for r in view.runs if r.type == "long")

        def clear(day: date) -> bool:
            return all(abs((day - d).days) >= MASTERS_SESSION_LEAST_GAP_DAYS for d in longs)

        # weeks whose run days hold a day three days from every long run, and those of them
        # whose session is not on such a day
        could = {week: day for week, day in one_session_weeks(view).items() if any(clear(d) for d in view.cal.run_days_in(week))}
        close = [week for week, day in could.items() if not clear(day)]
        if len(close) >= MASTERS_SPACING_LEAST_WEEKS and len(close) > MASTERS_SPACING_ADVICE_SHARE * len(could):
            return [self.advice(
                f"the session lies two days from a long run in {len(close)} of {len(could)} weeks "
                f"(weeks {view.cal.week_numbers(close)}) where another run day "
                "keeps three days from it: from 60, give the long run and the session more time between them"
            )]
        return []


#: ``strides_on_fresh_legs`` advises where at least this many weeks break it (each kind apart).
STRIDES_ADVICE_LEAST_WEEKS = 3


class StridesOnFreshLegs(CoachingRule):
    """Strides on fresh legs, in every week of fast running: **4–8 × 20 s** of relaxed fast
    running on an easy run that is neither the eve of the long run or of a quality session nor
    the morning after a strength session where the week has such a run free, and one easy run
    with strides in each week that holds a quality session, never the morning after strength,
    nor the session's eve but a threshold or marathon-pace session's where no other day is free
    (race week, with its tune-up, aside; not on a sore tendon, which
    runs no sprints). A week whose hill sprints ran short of a session counts as a week of
    strides.

    Strides keep a hamstring used to the near-top speeds at which it is strained, once the
    sessions are threshold and marathon pace far below them (COACHING.md: strides after easy
    runs in base, kept beside the later work); fast running on legs tired by the evening's
    deadlifts and curls, or just before the week's longest run, is what the hamstring reference
    warns of ("fatigue leading to poor running form"). A coach read a half marathoner's strides
    the morning after strength and on the long run's eve, with Tuesday's and Thursday's runs
    free, and a marathoner's last 11 weeks without any running faster than threshold.

    Solver part: the easy runs that carry strides are chosen after the solve
    (``hamplan.solver.quality.assign_quality``: a strides run changes no distance): in a week
    with a session, such a day, else the long run's eve (a few strides before an easy long run
    cost it little; a slow 10K runner whose other run day was the session's eve and the
    morning after strength ran none in seven weeks of nine), else the eve of a threshold or
    marathon-pace session that runs (a marathoner whose runs were the long run's eve after
    strength, the run after the long run and the session's eve ran none in 13 weeks), never
    the morning after strength nor the eve of intervals or hill sprints; in a week of strides alone, such a day where one whose time holds
    half an hour is free. Check: advice where at least
    :data:`STRIDES_ADVICE_LEAST_WEEKS` weeks put strides on a tired or busy day while a fresh,
    quiet easy run of half an hour, on a day that holds more than half an hour beside its other
    sessions (as the planner's strides days), that week carried none, or hold a session and no
    strides where such a run was free.
    """

    id = "strides_on_fresh_legs"
    title = "Strides on fresh legs, beside the sessions"

    def check(self, view: CoachingView) -> list[Advice]:
        cal = view.cal
        strength_days = {s.date for s in view.sessions if s.kind == "strength"}
        hard_days = {r.date for r in view.runs if r.type == "long" or holds_quality_session(r)}
        eased_until = no_fast_running_until(view.request)
        one_day = timedelta(days=1)

        def quiet(day: date) -> bool:
            return day + one_day not in hard_days and day - one_day not in strength_days

        def may_carry(run: Any) -> bool:
            """An easy run fast running may take: judged, fresh (not the day after a hard day),
            not race week's, not back from a break (``return_runs``, ``strain_return``)."""
            day = run.date
            return (
                run.type == "easy" and view.is_judged(day) and day - one_day not in hard_days and not cal.is_race_week_day(day)
                and not (eased_until is not None and day <= eased_until) and day not in cal.days_back_from_breaks
            )

        strides_days = {r.date for r in view.runs if r.type == "easy" and has_strides(r)}
        tired, bare = [], []
        for week in range(1, cal.week_count + 1):
            if cal.is_race_week(week) or not view.is_judged_week(week):
                continue
            runs = view.week_runs(week)
            strides = [r.date for r in runs if r.date in strides_days]
            # free: not beside another week's strides either (never two days in a row)
            free = [
                r for r in runs
                if may_carry(r) and r.date not in strides_days and quiet(r.date)
                and not {r.date - one_day, r.date + one_day} & (strides_days - set(strides))
            ]

            def could_move(day: date) -> bool:
                """Whether a free half-hour run could take ``day``'s strides, not beside the
                week's other strides (never two days in a row), its day's time holding more than
                half an hour beside its other sessions, as the planner asks of a strides day (a
                45-min day beside a 15-min strength session holds a 30-min run that strides make
                28 min)."""
                others = [d for d in strides if d != day]
                return any(
                    r.duration_min >= EASY_RUN_MIN_MINUTES and minutes_left_for_a_run(view, r.date) > EASY_RUN_MIN_MINUTES
                    and all(abs((r.date - d).days) > 1 for d in others)
                    for r in free
                )

            if any(not quiet(day) and could_move(day) for day in strides):
                tired.append(week)
            # (a session of race week's, in the plan week before it, has its tune-up instead)
            sessions = [r for r in runs if holds_quality_session(r) and not cal.is_race_week_day(r.date)]
            if not strides and free and view.settings.quality_intervals_allowed and sessions:
                bare.append(week)
        out = []
        if len(tired) >= STRIDES_ADVICE_LEAST_WEEKS:
            out.append(self.advice(
                f"strides on the eve of a long run or session, or the morning after strength, in weeks {cal.week_numbers(tired)} "
                "where a fresh easy run of half an hour had none: run them on fresh legs"
            ))
        if len(bare) >= STRIDES_ADVICE_LEAST_WEEKS:
            out.append(self.advice(
                f"no strides in weeks {cal.week_numbers(bare)}, which hold a session and a fresh easy run: "
                "keep one easy run with strides a week"
            ))
        return out


class RaceEveMobility(CoachingRule):
    """No static hamstring holds the day before the race: race-week mobility is short and
    dynamic, and the eve is best left without a routine, and without a run, whose cool-down the
    ``warmup_cooldown`` safety rule gives standing and seated hamstring holds: the day rests
    (Higdon's race weeks rest that day too), the shakeout is two or three days out
    (``race_week_shakeout``). A run there is flagged, but where the ``long_run`` safety rule
    puts the week's long run there (:attr:`PlanCalendar.race_eve_holds_a_long_run`); where a
    re-plan's log holds one, it is the log's.

    Long static stretches right before fast running reduce force output for a while (the
    ``mobility`` safety rule keeps them away from fast running); the race is the fastest run.
    Solver part: a mobility session on race eve costs in the day model's objective, and no day
    model places a run there (``RACE_EVE_RUN_CAPS_KM``) but the long run the ``long_run`` rule
    may put there: on such an eve a run is the long run (a week a break touches, which needs no
    long run, ran an easy run with strides there).
    """

    id = "race_eve_mobility"
    title = "No static holds on race eve"

    def post_day(self, m: PlanVars) -> None:
        eve = m.race_index - 1
        if eve >= 0:
            m.penalize(m.mobility[eve], W_RACE_EVE_MOBILITY)  # type: ignore[attr-defined]
            if m.cal.race_eve_holds_a_long_run and m.days[eve] not in getattr(m, "fixed", {}) and m.runnable[eve]:
                m.model.add(m.run[eve] <= m.long[eve])

    def check(self, view: CoachingView) -> list[Advice]:
        eve = view.cal.race_day - timedelta(days=1)
        if not view.is_judged(eve):
            return []
        for session in view.on(eve):
            holds = [e for e in session.exercises if e.hold_s and "hamstring" in e.name.lower()]
            if session.kind == "mobility" and holds:
                return [self.advice("static hamstring holds the day before the race: keep race eve dynamic", day=eve)]
            if session.is_run and holds and not (view.cal.race_eve_holds_a_long_run and session.type == "long"):
                # the warmup_cooldown safety rule keeps standing and seated holds in every run's cool-down
                return [self.advice(
                    "a run the day before the race, and the static hamstring holds of its cool-down: rest that day", day=eve,
                )]
        return []
