"""The volume curve: a runner-specific peak reached by an even ramp, step-back weeks that cut
the week and its long run, a taper near its factors, a light race week, falling taper long runs."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from datetime import date, timedelta
from typing import Any

from hamplan.calendar import PlanCalendar
from hamplan.models import Advice
from hamplan.rules.base import EPS_KM, PER_MILLE_SCALE as PER_MILLE, TENTHS, PlanVars, km, per_mille, tenths_floor
from hamplan.rules.coaching.base import SCALE, CoachingRule, CoachingView, holds_quality_session
from hamplan.rules.coaching.targets import (
    EARLY_BUILD_WEEKS,
    FIRST_SHAKEOUT_DAY,
    MASTERS_AGE,
    MASTERS_PEAK_OVER_CURRENT,
    READINESS_WEEKS,
    RACE_WEEK_MAX,
    SHAKEOUT_DAYS,
    race_week_open_days,
    race_week_run_max_min,
    STEP_BACK_LONG_MAX,
    long_share_limit,
)
from hamplan.words import a_or_an

#: Advice thresholds: a step-back long run kept above this share of the week before's; a taper
#: week this far under its factor.
STEP_BACK_LONG_ADVICE = 0.90
#: The faster sessions a step-back week holds at most (``step_back``).
STEP_BACK_SESSIONS_MAX = 1
TAPER_TOO_DEEP = 0.15
#: A peak week is advised when it is more than 5 % over the peak the curve plans.
PEAK_OVER_TOLERANCE = 1.05
#: Day stage: per tenth of a km the six days before the race hold beyond ``RACE_WEEK_MAX`` × the
#: peak week (a fifth of a run under 20 min's cost: the week's volume is settled, this only
#: moves it within its plan week).
W_RACE_WEEK_EXCESS = 10
#: Week stage: per tenth of a km a taper week holds beyond the taper week before it (a 1 km rise
#: costs what a build week without room for its quality session costs, ``W_QUALITY_ROOM``).
W_TAPER_RISE = 2
#: Day stage: a run two to ``SHAKEOUT_DAYS`` days before the race (``race_week_shakeout``).
W_SHAKEOUT = 15
#: Week stage: race week without a run to place in those days.
W_SHAKEOUT_WEEK = 10
#: A taper week more than this over the taper week before it is advised (km).
TAPER_RISE_ADVICE_KM = 0.5


def _taper_peak(m: PlanVars, planned_km: float, real_peak: Callable[[], Any], name: str) -> Any:
    """The peak a taper comes down from, which its weeks, race week and its long runs aim at a
    factor of (tenths of a km): None where the plan keeps to its curve, whose planned peak
    ``planned_km`` (a constant) it is then; where the curve's ceilings were raised or dropped, or
    ``volume_curve`` yields (the rules needed more than the curve planned, as after a break or for
    the race's long run), the higher of that and ``real_peak()``, the plan's own pre-taper peak
    (made only then, once per rule). Against the curve alone, a marathoner whose weeks climbed
    from the curve's 45.9 km to 56.6 km tapered at 0.62 and 0.50 of his peak (seed 2044,
    p84206993), and a 6-day marathoner whose long runs reached 25.6 km against the curve's 15.6
    ran a 10.8 km long run in a 23.9 km week two weeks out, 0.47 of his 51.3 km peak
    (p39496832). A plan with no pre-taper week has no curve peak (0 km), which held its taper and
    race week to nothing until the solve dropped the curve."""
    kept = planned_km > 0 and m.ceilings and not m.curve_moved and "volume_curve" not in m.coaching_skipped  # type: ignore[attr-defined]
    if kept:
        return None
    real = real_peak()
    if planned_km <= 0:
        return real
    # rounded up: never under the constant bound it replaces where the real peak is not higher
    planned = math.ceil(planned_km * TENTHS)
    return m.add_max(name, [real, planned], max(m.max_week_tenths, m.max_run_tenths, planned))  # type: ignore[attr-defined]


def _under_taper_aim(m: PlanVars, var: Any, aim: float, planned_km: float, peak: Any) -> None:
    """``var`` (a taper week's volume or long run, tenths) at most ``aim`` × the peak the taper
    comes down from (``_taper_peak``: None for the curve's ``planned_km``)."""
    if peak is None:
        m.model.add(var <= tenths_floor(aim * planned_km))
    else:
        m.model.add(SCALE * var <= round(aim * SCALE) * peak)


def _taper_peak_week(m: PlanVars) -> object:
    """The peak week a taper comes down from (tenths of a km): the plan's, or after a break the
    highest of the weeks rebuilt since it, as ``TaperWeeks.check`` judges it (from a 60.1 km
    week before two breaks, a taper after weeks rebuilt to 50.2 km rose from its 38.3 km
    step-back to 46.2 km)."""
    since = _weeks_since_last_break(m.cal)
    if not since:
        return _peak_week(m)
    return m.add_max("taper_peak_since_break", [m.week_km[w] for w in since], m.max_week_tenths)  # type: ignore[attr-defined]


def _peak_week(m: PlanVars) -> object:
    """The plan's peak week before the taper (tenths of a km). A re-plan's checker reads the
    build's weeks before its start too (``CoachingView.peak_week_km``): this never exceeds that,
    so what the solver holds under it holds there; counted here, one unplanned long run in the
    log lifted the re-plan's race week."""
    pre = m.cal.pre_taper_weeks
    if not pre:
        return m.prior_week_km(0)
    weeks = [m.week_km[w] for w in pre]
    build_peak = tenths_floor(m.context.targets.build_peak_km)  # type: ignore[attr-defined]
    if build_peak and all(m.cal.is_race_week_day(d) for w in pre for d in m.cal.run_days_in(w)):
        # a re-plan whose weeks before the taper all lie in race week as the runner counts it (ill
        # in the last fortnight): measured against them alone, race week was at most 0.4 x itself,
        # and the days after the illness ran nothing at all; the build's peak before the re-plan
        # (up to the curve's, as the checker reads it) is the peak there
        weeks.append(build_peak)
    return m.add_max("coach_peak_week", weeks, m.max_week_tenths)  # type: ignore[attr-defined]


def _peak_long(m: PlanVars) -> object:
    """The plan's longest run before the taper (tenths of a km; see :func:`_peak_week`)."""
    pre = m.cal.pre_taper_weeks
    if not pre:
        return round(m.request.runner.long_run_km * TENTHS)
    return m.add_max("coach_peak_long", [m.week_long[w] for w in pre], m.max_run_tenths)  # type: ignore[attr-defined]


class VolumeCurve(CoachingRule):
    """Weeks track a target curve toward a runner-specific peak, not "as full as the caps allow".

    Peak week: the race's default (5K 30, 10K 40, half 50, marathon 65 km) or **1.25 ×** the
    runner's current volume, whichever is higher; reached by an even ramp no faster than the
    load rules allow, so a runner at 60 km a week peaks near 75, not at 65. Solver part: each
    week's target (``CoachingTargets``) is its ceiling and the week model fills weeks up to
    their ceilings, so volume the plan cannot place well stays unplanned. The long run follows
    its own ramp (never held under the long run the race needs). Sources: Pfitzinger & Douglas, *Advanced Marathoning*
    (schedules by current mileage); Higdon (steady build with step-backs).

    The peak comes in the build, not before it: in a new plan, no base week runs more than the
    build's (and the peak's) biggest week, step-back weeks and weeks holding race week aside. A
    runner whose current volume is more than the build's weeks hold beside their sessions (the
    80/20 rule and the hard-day spacing leave a quality week less room than an easy one)
    started at it and dropped when the sessions began: a 77.6 km
    marathoner on four days ran 76.7 km in weeks 1-5 and 65.5 km from week 7 on, his taper
    measured from the base (seed 2027: 5 of 196 plans peaked in the base by more than 5 %).
    """

    id = "volume_curve"
    title = "A ramp to a runner-specific peak"

    def post_week(self, m: PlanVars) -> None:
        base, build = _base_and_build_weeks(m.cal, m.context.targets.step_back_weeks)  # type: ignore[attr-defined]
        if base and build:
            # (under the build's biggest week: under each peak week instead, or under the peak
            # weeks' biggest, the bound took more base weeks under the runner's current volume
            # than it kept from peaking early, and more flags came with them on six seeds of seven)
            biggest = m.add_max("coach_build_peak", [m.week_km[w] for w in build], m.max_week_tenths)  # type: ignore[attr-defined]
            for week in base:
                m.model.add(m.week_km[week] <= biggest)  # type: ignore[attr-defined]
        if not m.ceilings:  # type: ignore[attr-defined]
            return
        targets = m.context.targets  # type: ignore[attr-defined]
        need = m.context.readiness_tenths  # type: ignore[attr-defined]
        for week, target_km in targets.week_km.items():
            if week in m.history_weeks:  # type: ignore[attr-defined]
                continue
            # the curve is a ceiling the week model fills up to: volume it cannot place well stays
            # unplanned; the race's long run may exceed the curve only in the last weeks before the taper
            late = week in m.cal.pre_taper_weeks[-READINESS_WEEKS:]
            m.under_ceiling(week, tenths_floor(target_km), max(tenths_floor(targets.long_km[week]), need if late else 0))  # type: ignore[attr-defined]

    def check(self, view: CoachingView) -> list[Advice]:
        if not view.cal.pre_taper_weeks or not view.is_judged_week(view.cal.week_count):
            return []
        out = []
        base, build = _base_and_build_weeks(view.cal, view.ctx.targets.step_back_weeks)
        if base and build:
            top = max(base, key=lambda w: (view.km_of_week(w), -w))
            most = max(view.km_of_week(w) for w in build)
            if view.km_of_week(top) > PEAK_OVER_TOLERANCE * most + EPS_KM:
                out.append(self.advice(
                    f"base week of {km(view.km_of_week(top))} runs more than the build's biggest week ({km(most)}): "
                    "the plan's biggest weeks come before its build", week=top,
                ))
        # the distance peak; the caps by time and by age report their own advice
        need = view.settings.peak_weekly_km
        peak = view.peak_week_km()
        if peak > PEAK_OVER_TOLERANCE * need + EPS_KM:
            out.append(self.advice(f"peak week of {km(peak)} builds past the {km(need)} this runner needs"))
        return out


def _base_and_build_weeks(cal: Any, step_backs: Collection[int]) -> tuple[list[int], list[int]]:
    """A new plan's base weeks, and its build and peak weeks that are no step-back (``step_backs``)
    and hold no day of race week as the runner counts it (light for the race: a 3-week 10K's
    one build week, five days out, had held the base to 20 km from 46); none in a re-plan (a
    logged extra run is the runner's, not the plan's shape), nor where a break touches a week
    before the taper or a pause eases the start: the weeks after a break climb back from it
    under the load rules, and a base before it may run more than they reach (the bound clashed
    with the race's long run there)."""
    request = cal.request
    if request.history or request.easing is not None or any(cal.touched(w) for w in cal.pre_taper_weeks):
        return [], []
    base = [w for w in cal.pre_taper_weeks if cal.phase(w) == "base"]
    build = [
        w for w in cal.pre_taper_weeks
        if cal.phase(w) in ("build", "peak") and w not in step_backs and not any(cal.is_race_week_day(d) for d in cal.week_days(w))
    ]
    if len(build) < BUILD_WEEKS_MEASURED:
        # too few to measure the build by: a 5-week half's one peak week was swollen to 50 km
        # past its base, and the weeks lost their coaching rules with it
        return [], []
    return base, build


#: The fewest build and peak weeks (step-backs and weeks holding race week aside) the base is
#: bounded by.
BUILD_WEEKS_MEASURED = 4


#: A first week at least this share of the runner's current volume, which the plan never runs
#: more than (within :data:`PEAK_OVER_TOLERANCE`), is the plan's level, not a step-back.
LEVEL_START_SHARE = 0.7


def starts_at_its_level(first_km: float, before_km: float, peak_km: float) -> bool:
    """Whether a plan's first week of ``first_km`` after the runner's ``before_km`` is the level
    the plan keeps (its ``peak_km`` within 5 % of it, at most 30 % under ``before_km``): a plan
    under the runner's current volume starts there, and that is no step-back the build returns
    from (``early_step_back``; the week's figures do not call it a cutback)."""
    return first_km + EPS_KM >= LEVEL_START_SHARE * before_km and first_km + EPS_KM >= peak_km / PEAK_OVER_TOLERANCE


def _pre_taper_ceiling(m: PlanVars, cap_km: float | None) -> None:
    """Every pre-taper week at most ``cap_km`` (when the week model fills up to its ceilings)."""
    if cap_km is None or not m.ceilings or m.curve_moved:  # type: ignore[attr-defined]
        return  # a moved curve: its ceilings (at most these caps) are raised only where the rules need it, past them if need be
    for week in m.cal.pre_taper_weeks:
        if week not in m.history_weeks:  # type: ignore[attr-defined]
            m.model.add(m.week_km[week] <= tenths_floor(cap_km))


def _peak_over(view: CoachingView, cap_km: float | None) -> tuple[int, float] | None:
    """The peak week and its km when the plan's peak is more than 5 % over ``cap_km``."""
    if cap_km is None or not view.cal.pre_taper_weeks or not view.is_judged_week(view.cal.week_count):
        return None
    week = max(view.cal.pre_taper_weeks, key=lambda w: (view.km_of_week(w), w))
    peak = view.km_of_week(week)
    return (week, peak) if peak > PEAK_OVER_TOLERANCE * cap_km + EPS_KM else None


class PeakByTime(CoachingRule):
    """A slow runner's peak is set by time, not by kilometres: the race default's peak week (5K
    30, 10K 40, half 50, marathon 65 km) is what a runner at an easy pace of about **6:00 /km**
    runs (**3, 4, 5 and 6.5 h** a week), and a slower runner gets those hours at their own easy
    pace: a 4:30 marathoner at 7:19 /km peaks near 53 km, not 65 km (8 h).

    The hours stand in for the race default only: a new plan's runner who already runs them
    still grows 1.25 × (``peak_caps_km``), and a re-plan keeps its plan's peak (its current
    volume is what the runner runs now: growth on top of it would lift a late re-plan past the
    plan, and its own cap held an early one under it; ``replanning._new_request``); never below
    twice the long run the race needs.
    Solver part: every pre-taper week's ceiling (``CoachingTargets`` plans the ramp toward it);
    advised when the plan's peak week is over the cap by more than 5 %. Sources: Daniels
    (*Daniels' Running Formula*: plan by time for slower runners, long run ≤ 150 min); Hansons'
    time-on-feet long-run cap; a coach's reading of these plans (a 4:30 marathoner peaks about
    55 km / 6.5 h, a half marathoner about 5 h).
    """

    id = "peak_by_time"
    title = "A slow runner's peak is set by time"

    def post_week(self, m: PlanVars) -> None:
        _pre_taper_ceiling(m, m.context.targets.peak_time_cap_km)  # type: ignore[attr-defined]

    def check(self, view: CoachingView) -> list[Advice]:
        cap = view.ctx.targets.peak_time_cap_km
        over = _peak_over(view, cap)
        if over is None:
            return []
        week, peak = over
        # hours at the same easy pace the cap is set at, so the two figures compare
        pace_h_per_km = view.ctx.easy_pace_s_per_km / 3600
        return [
            self.advice(
                f"peak week of {km(peak)} is about {peak * pace_h_per_km:.1f} h at your easy pace: your peak for this "
                f"race is about {cap * pace_h_per_km:.1f} h ({km(cap)})",
                week=week,
            )
        ]


class MastersPeak(CoachingRule):
    """Runners aged **60** and over peak at most **1.5 ×** their current weekly volume (never
    below twice the long run the race needs): recovery slows with age, so the build stays
    closer to what the body already carries (``TRAINING_RULES.md`` already slows their growth to
    7 % a week with 2 : 1 cutbacks and two rest days; this caps where the growth ends).

    Solver part: every pre-taper week's ceiling; advised when the plan's peak week is over it by
    more than 5 %. Sources: masters practice of fewer miles and more recovery (Higdon's advice to
    older runners: extra rest days, less volume); a coach's reading of these plans (a 68-year-old
    going from 25 to 45 km, +81 %, is too much; cap the peak at 1.5 × current).
    """

    id = "masters_peak"
    title = "Runners over 60 peak near their current volume"

    def post_week(self, m: PlanVars) -> None:
        _pre_taper_ceiling(m, m.context.targets.peak_masters_cap_km)  # type: ignore[attr-defined]

    def check(self, view: CoachingView) -> list[Advice]:
        cap = view.ctx.targets.peak_masters_cap_km
        over = _peak_over(view, cap)
        if over is None:
            return []
        week, peak = over
        current = view.request.runner.weekly_km
        return [
            self.advice(
                f"peak week of {km(peak)} is {peak / current:.2f} × your {km(current)} now: from age {MASTERS_AGE} "
                f"a peak of about {MASTERS_PEAK_OVER_CURRENT:g} × ({km(cap)}) leaves room to recover",
                week=week,
            )
        ]


class StepBackWeeks(CoachingRule):
    """A step-back week cuts the week **and** its long run (long run ≤ **0.85 ×** the week before's,
    aimed at 0.80; advised above 0.90), week aimed at 0.75 × the week before, and holds at most
    **1** faster session (``STEP_BACK_SESSIONS_MAX``).

    Higdon's Novice and Intermediate plans step the long run back with the week (10, 11, 8,
    12, 13, 9 …): the easier week only rests the legs if the longest run eases too. Pfitzinger's
    recovery weeks keep one lighter workout: a 3:40 marathoner's step-back week held two
    threshold sessions (2 × 8 min each) after one full week's 4 × 6 min, more hard running than
    the build week before it (seed 2050, p82312787: the smaller sessions both fitted its 80 %
    easy share). Solver part for the sessions: the day model gives the rhythm's step-back weeks
    one quality day at most.

    Solver part, wherever the week volumes are chosen (the week model, the full model): the
    rhythm's step-back weeks (``CoachingTargets``) cut the long run to **0.85 ×** and keep it
    within the long run's band of their own volume (:func:`long_share_limit`; advised above
    it: a 0.85 × cut of a long run the build had raised to 40 % of its week kept 45 % of a week
    cut by a quarter); any other
    week the solver steps back (at most ``cutback_factor`` × the week before, as the check reads
    it) cuts it to **0.90 ×**, as far as the advice asks. Neither in a plan's first 2 weeks
    (``early_step_back``), in a week a break touches or the week after it, nor in weeks already
    run, which the check does not judge either.
    """

    id = "step_back"
    title = "Step-back weeks cut the long run too"

    def post_week(self, m: PlanVars) -> None:
        factor = round(STEP_BACK_LONG_MAX * SCALE)
        planned = m.context.targets.step_back_weeks  # type: ignore[attr-defined]
        for week in planned:
            if week not in m.history_weeks:  # type: ignore[attr-defined]
                # a re-plan's week 1 steps back from the last week run (its history)
                before = m.week_long[week - 1] if week > 1 else tenths_floor(m.cal.prior_long_run_km(0))
                m.model.add(SCALE * m.week_long[week] <= factor * before)
                if not m.cal.touched(week):
                    # and within the band of the smaller week: cut 15 % after a long run the
                    # build had raised to 40 % of its week, it kept 45 % of a week cut by a
                    # quarter (a 4:30 marathoner's 18.0 km of 39.8 km)
                    post_band_on_volume(m, week)
        # any other week the solver makes a step-back week (the cutback rule's choice, where the
        # rhythm counted back from the taper leaves a dip one week short of it) cuts its long run
        # too, as the check reads every such week: a re-plan after an overload ran 14.2, 27.5,
        # then 22.0 km with its long run up from 7.5 to 8.2 km. As far as the check asks, not the
        # rhythm's 0.85: a week the solver chose is no designed step-back, and a tighter bound
        # there could make the rule yield in every week
        advised = round(STEP_BACK_LONG_ADVICE * SCALE)
        cutback_pm = per_mille(m.settings.cutback_factor)
        margin = round(PER_MILLE * TENTHS * EPS_KM)  # the check's tolerance, in the same units
        for week in m.cal.pre_taper_weeks:
            if week < 2 or week in planned or week in m.history_weeks or _early(m.cal, week):  # type: ignore[attr-defined]
                continue
            if m.cal.touched(week) or m.cal.touched(week - 1):
                continue
            stepped = m.model.new_bool_var(f"coach_step_back_w{week}")
            m.model.add(SCALE * m.week_long[week] <= advised * m.week_long[week - 1]).only_enforce_if(stepped)
            m.model.add(PER_MILLE * m.week_km[week] > cutback_pm * m.week_km[week - 1] + margin).only_enforce_if(stepped.negated())

    def post_day(self, m: PlanVars) -> None:
        for week in m.context.targets.step_back_weeks:  # type: ignore[attr-defined]
            days = [i for i in m.week_indices(week) if m.runnable[i]]
            if days:
                m.model.add(sum(m.quality[i] for i in days) <= STEP_BACK_SESSIONS_MAX)

    def check(self, view: CoachingView) -> list[Advice]:
        out = self._sessions_advice(view)
        s = view.settings
        for week in view.cal.pre_taper_weeks:
            # the first weeks are judged by ``early_step_back``
            if _early(view.cal, week) or not view.is_judged_week(week) or view.cal.touched(week) or view.cal.touched(week - 1):
                continue
            before, volume = view.km_of_week(week - 1), view.km_of_week(week)
            if before <= 0 or volume > s.cutback_factor * before + EPS_KM:
                continue
            long_before, long_now = view.long_of_week(week - 1), view.long_of_week(week)
            # (the week's km as its runs add up, a float: 50.0 km read as over 50 and its 35 %)
            band = long_share_limit(volume - EPS_KM, len(view.cal.run_days_in(week)))
            if week in view.ctx.targets.step_back_weeks and long_now > band * volume + EPS_KM:
                out.append(self.advice(f"step-back week's long run of {km(long_now)} takes {long_now / volume:.0%} of its {km(volume)} (at most {band:.0%})", week=week))
            elif long_before > 0 and long_now > STEP_BACK_LONG_ADVICE * long_before + EPS_KM:
                out.append(
                    self.advice(
                        f"step-back week keeps a long run of {km(long_now)} after {km(long_before)}: "
                        f"cut it to about {km(0.8 * long_before)}",
                        week=week,
                    )
                )
        return out


    def _sessions_advice(self, view: CoachingView) -> list[Advice]:
        """A step-back week (of the rhythm, or at most ``cutback_factor`` × the week before)
        holding more faster sessions than ``STEP_BACK_SESSIONS_MAX`` and than the week before."""
        out = []
        for week in view.cal.pre_taper_weeks:
            if week < 2 or not view.is_judged_week(week) or view.cal.touched(week):
                continue
            before, volume = view.km_of_week(week - 1), view.km_of_week(week)
            if week not in view.ctx.targets.step_back_weeks and (before <= 0 or volume > view.settings.cutback_factor * before + EPS_KM):
                continue
            now = sum(1 for r in view.week_runs(week) if holds_quality_session(r))
            earlier = sum(1 for r in view.week_runs(week - 1) if holds_quality_session(r))
            if now > max(STEP_BACK_SESSIONS_MAX, earlier):
                out.append(self.advice(
                    f"step-back week holds {now} faster sessions after {earlier}: one, lighter, is enough", week=week,
                ))
        return out


def _early(cal: PlanCalendar, week: int) -> bool:
    """One of the whole plan's first :data:`EARLY_BUILD_WEEKS` weeks (a re-plan's weeks go on
    from the plan it continues: its week 1 in week 10 of the build is no first week)."""
    return week + cal.weeks_before_start <= EARLY_BUILD_WEEKS


class EarlyWeeksBuild(CoachingRule):
    """The first **2** weeks build: a coach does not step back before the runner has built.

    COACHING.md asks for no step-back in the first 3 weeks; 2 here, since a 2 : 1 rhythm needs
    a cutback within any 3 weeks. Solver part: the cutback weeks of a new plan
    (``PlanCalendar.cutback_weeks``) come after as many build weeks as the safety rule
    ``cutback`` allows (3, or 2 for age ≥ 50 or a hamstring history), so week 1 or 2 holds none.
    A re-plan continues the rhythm its history shows (the build weeks just before it count),
    and after a dip the rhythm is counted back from the taper: either can fall on a re-plan's
    week 1 or 2. Such a week is kept, as the rule asks, but it is cut only as far as
    the rule allows (**0.80 ×** the week before, not the 0.75 of a later step-back) and keeps
    its long run (within the long run's share of the week); ``CoachingTargets`` aims there (no
    step-back aim, the shallow cut and the long run's floor; ``step_back`` does not cut them).
    Advised when week 1 or 2 steps back off the rhythm (outside a blackout), or when such a week
    cuts its long run under **0.90 ×** what it keeps; not a first week the plan never runs more
    than (within 5 %) and at most 30 % under the runner's current volume: a plan under that
    volume starts at its level (:func:`starts_at_its_level`). Source: Higdon's Novice and Intermediate
    plans build for 2–3 weeks before the first step-back week.
    """

    id = "early_step_back"
    title = "The first weeks build"

    def check(self, view: CoachingView) -> list[Advice]:
        out = []
        s = view.settings
        forced = set(view.ctx.targets.early_cutbacks)
        for week in view.cal.pre_taper_weeks:
            if not _early(view.cal, week) or not view.is_judged_week(week) or view.cal.touched(week) or (week > 1 and view.cal.touched(week - 1)):
                continue
            if view.in_easing(view.cal.week_start(week)) or view.cal.dip_before_start:
                # a re-plan's easier week after a break or an overload is its graduated return,
                # and after a missed week the runner has built: the load rules ask for the cutback
                continue
            before, volume = view.km_of_week(week - 1), view.km_of_week(week)
            if before <= 0 or volume > s.cutback_factor * before + EPS_KM:
                continue
            if week == 1 and starts_at_its_level(volume, before, view.peak_week_km()):
                # a plan whose weeks never return above its first: the level its weeks hold, under
                # the runner's current volume (its peak note says why), not a step-back the build
                # returns from (a 49.1 km runner on four days whose sessions leave 39.3 km a week)
                continue
            if week not in forced:
                shown = view.cal.weeks_before_start + week  # as the runner reads the weeks
                out.append(self.advice(f"week {shown} steps back to {km(volume)} after {km(before)} before the runner has built", week=week))
                continue
            long_before = view.long_of_week(week - 1) if week > 1 else view.request.runner.long_run_km
            keep = min(long_before, s.long_run_share * volume)
            long_now = view.long_of_week(week)
            if long_now + EPS_KM < STEP_BACK_LONG_ADVICE * keep:
                out.append(
                    self.advice(
                        f"week {view.cal.weeks_before_start + week} is lighter as the step-back rhythm asks, but its long run falls to {km(long_now)} "
                        f"from {km(long_before)}: keep the long run and shorten the other runs",
                        week=week,
                    )
                )
        return out


class TaperWeeks(CoachingRule):
    """Taper weeks before race week sit near their factors (marathon 0.80 and 0.65, half 0.75 ×
    the peak week; judged after a break by the peak of the weeks since it, which the load rules
    hold the taper to anyway), aimed **0.03** under them, advised when more than **0.15** under what the
    factor and the load rules allow (a break just before the taper leaves weeks that
    ``weekly_increase`` and ``acwr`` may not grow back to the factor). A taper week that race
    week reaches into (a race early in its plan week) is judged on its run days before race
    week, by their share of its run days; one that holds more of race week than not is race
    week to the runner, and ``light_race_week`` judges it.

    Each taper week comes down from the one before (a cost per tenth of a km it rises, not a
    bound; weeks a blackout touches aside; advised over 0.5 km).

    Bosquet et al. 2007: volume cut by 41–60 % over about 2 weeks with intensity kept; a taper
    far deeper than that loses fitness.
    """

    id = "taper_weeks"
    title = "A taper near its factors"

    def post_week(self, m: PlanVars) -> None:
        targets = m.context.targets  # type: ignore[attr-defined]
        peak = _taper_peak(m, targets.planned_peak_km, lambda: _taper_peak_week(m), "taper_peak") if targets.taper_week_factor else None
        for week, factor in targets.taper_week_factor.items():
            if week not in m.history_weeks:  # type: ignore[attr-defined]
                # a ceiling the week model fills up to (the safety rule caps it by the real peak)
                _under_taper_aim(m, m.week_km[week], factor, targets.planned_peak_km, peak)
        since = _weeks_since_last_break(m.cal)
        if since and m.ceilings:  # type: ignore[attr-defined]
            # after a break the taper eases the weeks rebuilt since it, not the planned peak (the
            # load rules alone left a 0.80 x taper week the same as the one before: seed 2042,
            # p16155535, 25.2 and 25.2 km after a rebuilt 31.5)
            recent = m.add_max("taper_recent_peak", [m.week_km[w] for w in since], m.max_week_tenths)  # type: ignore[attr-defined]
            for week, factor in targets.taper_week_factor.items():
                if week not in m.history_weeks and not m.cal.is_race_week(week):  # type: ignore[attr-defined]
                    m.model.add(SCALE * m.week_km[week] <= round(factor * SCALE) * recent)
        for week in _descending_taper_weeks(m.cal, targets.taper_week_factor, m.history_weeks):  # type: ignore[attr-defined]
            # each taper week at most the one before: a week whose long run race week holds short
            # may carry more in its other runs than the week before, held by its long run's
            # share, can (seed 2042: 7 of 296 tapers rose, 45.4 -> 48.1 km a marathon's)
            rise = m.model.new_int_var(0, m.max_week_tenths, f"taper_rise_{week}")  # type: ignore[attr-defined]
            m.model.add(rise >= m.week_km[week] - m.week_km[week - 1])
            m.penalize(rise, W_TAPER_RISE)  # type: ignore[attr-defined]

    def check(self, view: CoachingView) -> list[Advice]:
        out = []
        peak = view.peak_since_break_km()
        since_break = " since your break" if peak < view.peak_week_km() - EPS_KM else ""
        cal = view.cal
        factor_of = view.ctx.targets.taper_factor_of or {}
        for week in sorted(factor_of):
            if cal.is_race_week(week) or not view.is_judged_week(week):
                continue
            if cal.is_mostly_race_week(week):
                continue
            factor = factor_of[week]
            run_days, before = cal.run_days_in(week), cal.run_days_before_race_week(week)
            share = len(before) / len(run_days) if run_days else 1.0
            allowed = min(factor * peak, view.settings.load_allowance_km([view.km_of_week(week - j) for j in range(1, 5)]))
            volume = sum(view.run_km_on(d) for d in before)
            if volume + EPS_KM >= share * (allowed - TAPER_TOO_DEEP * peak):
                continue
            if share < 1.0:
                message = (
                    f"taper week of {km(view.km_of_week(week))} holds {km(volume)} before race week, far under "
                    f"{factor:.0%} of the peak{since_break} ({km(peak)}) for its {len(before)} of {len(run_days)} run days"
                )
            else:
                message = f"taper week of {km(volume)} is far under {factor:.0%} of the peak{since_break} ({km(peak)})"
            out.append(self.advice(message, week=week))
        for week in _descending_taper_weeks(cal, view.ctx.targets.taper_week_factor, frozenset()):
            if not view.is_judged(cal.week_days(week - 1)[0]):
                continue  # a pair of weeks partly run is what it was: the solver leaves it too
            before, this = view.km_of_week(week - 1), view.km_of_week(week)
            if this > before + TAPER_RISE_ADVICE_KM + EPS_KM:
                out.append(self.advice(f"taper week of {km(this)} runs more than the taper week before it ({km(before)}): a taper comes down", week=week))
        return sorted(out, key=lambda a: a.week or 0)


def _weeks_since_last_break(cal: Any) -> list[int]:
    """The pre-taper weeks after the last one a blackout touches (none without such a week, or
    when it is the last before the taper)."""
    pre = list(cal.pre_taper_weeks)
    touched = [i for i, w in enumerate(pre) if cal.touched(w)]
    return pre[touched[-1] + 1:] if touched else []


def _descending_taper_weeks(cal: Any, factors: dict[int, float], history: frozenset[int]) -> list[int]:
    """The taper weeks (race week aside) that follow another taper week, neither of them touched
    by a blackout nor already run: each comes down from the one before."""
    return [
        w for w in sorted(factors)
        if w - 1 in factors and not cal.is_race_week(w) and not cal.touched(w) and not cal.touched(w - 1)
        and w not in history and w - 1 not in history
    ]


def _weeks_out(view: CoachingView, week: int) -> str:
    """Where a taper week lies, as the runner counts weeks back from the race."""
    out = (view.ctx.targets.taper_long_weeks_out or {}).get(week, view.cal.week_count - week)
    return "in race week" if out <= 0 else f"{out} week(s) before race week"


class LightRaceWeek(CoachingRule):
    """Race week is light: its runs before the race total about **0.35 ×** the peak week, at most
    **0.40 ×** (Higdon Novice ≈ 0.25, Pfitzinger ≈ 0.35), 5K and 10K included.

    The safety taper factors are ceilings, not targets, here: the race itself is the week's work.
    """

    id = "light_race_week"
    title = "A light race week"

    def post_week(self, m: PlanVars) -> None:
        targets = m.context.targets  # type: ignore[attr-defined]
        week = m.cal.week_count
        factor = targets.taper_week_factor.get(week)
        if factor is None:
            return
        if week in m.history_weeks:  # type: ignore[attr-defined]
            return
        # filled up to about 0.35 × the planned peak, never above 0.40 × the real one
        peak = _taper_peak(m, targets.planned_peak_km, lambda: _taper_peak_week(m), "race_week_peak")
        _under_taper_aim(m, m.week_km[week], factor, targets.planned_peak_km, peak)
        m.model.add(SCALE * m.week_km[week] <= round(RACE_WEEK_MAX * SCALE) * _peak_week(m))
        before = week - 1
        first = m.cal.race_week_first_day
        day_cap = getattr(m, "day_cap", None)
        if before < 1 or before in m.history_weeks or day_cap is None or m.cal.week_start(week) <= first:  # type: ignore[attr-defined]
            return
        # a race early in its plan week: the six days before it reach into the week before; what
        # that week runs on them (by the week model's split of a regular week; else all it holds
        # beyond its days outside them) and the race's plan week together stay within the race
        # week's share of the peak
        split = getattr(m, "week_split", lambda _week: None)(before)
        if split is not None:
            long_day, parts = split
            inside = [part for day, part in parts.items() if day >= first]
            if long_day >= first:
                inside.append(m.week_long[before])
            in_six_days: Any = sum(inside)
        else:
            in_six_days = m.week_km[before] - sum(day_cap(d) for d in m.cal.run_days_in(before) if d < first)
        m.model.add(SCALE * (m.week_km[week] + in_six_days) <= round(RACE_WEEK_MAX * SCALE) * _peak_week(m))

    def post_day(self, m: PlanVars) -> None:
        """Day stage: every tenth of a km the six days before the race hold beyond 0.40 × the
        settled peak week costs. A race early in its plan week leaves most of those days to the
        week before, whose volume the week model settled whole: its runs go to its days before
        them where they can."""
        values = getattr(m, "week_values", None) or {}
        peak = max((values[w][0] for w in m.cal.pre_taper_weeks if w in values), default=0)
        fixed = getattr(m, "fixed", {})
        window = [
            m.dist[i] for i, day in enumerate(m.days)  # type: ignore[attr-defined]
            if m.cal.is_race_week_day(day) and m.runnable[i] and day not in fixed  # type: ignore[attr-defined]
        ]
        if not peak or not window:
            return
        excess = m.model.new_int_var(0, m.max_run_tenths * len(window), "race_week_excess")  # type: ignore[attr-defined]
        m.model.add(excess >= sum(window) - int(RACE_WEEK_MAX * peak))
        m.penalize(excess, W_RACE_WEEK_EXCESS)  # type: ignore[attr-defined]

    def check(self, view: CoachingView) -> list[Advice]:
        if not view.is_judged(view.cal.race_week_first_day):
            return []
        total = sum(r.distance_km or 0.0 for r in view.race_week_runs())
        peak = view.peak_week_km()
        if total > RACE_WEEK_MAX * peak + EPS_KM:
            return [
                self.advice(
                    f"race week runs {km(total)} before the race, more than {RACE_WEEK_MAX:.0%} of the peak week ({km(peak)})",
                    week=view.cal.week_count,
                )
            ]
        return []


class RaceWeekRuns(CoachingRule):
    """Race-week runs shrink toward the race: none over **45 min** (5K, 10K) or **60 min** (half,
    marathon); two and three days out at most **40 min** (the shakeout); the day before is rest
    or at most **30 min**.

    The solver part is the day's cap (``day_cap_tenths`` in the solver: the longest run a day can
    hold). Higdon and Pfitzinger race weeks: short runs, one short tune-up, a rest or jog the
    day before.
    """

    id = "race_week_runs"
    title = "Short runs in race week"

    def check(self, view: CoachingView) -> list[Advice]:
        if not view.is_judged_week(view.cal.week_count):
            return []
        out = []
        for run in view.race_week_runs():
            most = race_week_run_max_min(view.request.race.km, (view.cal.race_day - run.date).days)
            if run.duration_min > most:
                out.append(self.advice(f"{run.duration_min}-min run in race week (at most {most} min)", day=run.date))
        return out


#: Minutes a race-week run may last past the longest earlier run of those six days before the
#: week reads as building toward the race, not winding down.
RACE_WEEK_GROWTH_ADVICE_MIN = 10
#: Day stage: each tenth of a km a race-week run passes an earlier one costs this much (about
#: the shakeout's reward a km: a run the day before still beats none).
W_RACE_WEEK_GROWTH = 2


class RaceWeekWindsDown(CoachingRule):
    """Race week winds down: no run of the six days before the race lasts more than **10 min**
    past an earlier one of them (COACHING.md, race week: "runs shrink toward the race"; Higdon's
    and Pfitzinger's race weeks run their longest day first). 36 of 147 seeded plans had a
    later run longer than an earlier one by more than 5 min, such as a 45-min run two days out
    after a 25-min Monday.

    Solver part: in the day model, each tenth of a km a race-week run passes an earlier run
    of the week costs ``W_RACE_WEEK_GROWTH``, where both days run.
    """

    id = "race_week_winds_down"
    title = "Race week winds down"

    def post_day(self, m: PlanVars) -> None:
        fixed = getattr(m, "fixed", {})
        dist, run = getattr(m, "dist", None), getattr(m, "run", None)
        if dist is None or run is None:
            return
        days = [i for i, d in enumerate(m.days) if m.cal.is_race_week_day(d) and d not in fixed and m.runnable[i]]
        for n, earlier in enumerate(days):
            for later in days[n + 1:]:
                growth = m.model.new_int_var(0, m.max_run_tenths, f"race_week_growth_{earlier}_{later}")
                # where the earlier day does not run, the day's most (its cap) lifts the bound off;
                # where the later day does not run, it holds 0: a plain inequality, no literals
                cap = m.max_run_tenths
                m.model.add(growth >= dist[later] - dist[earlier] - cap + cap * run[earlier])
                m.penalize(growth, W_RACE_WEEK_GROWTH)  # type: ignore[attr-defined]

    def check(self, view: CoachingView) -> list[Advice]:
        if not view.is_judged_week(view.cal.week_count):
            return []
        longest = 0
        for run in sorted(view.race_week_runs(), key=lambda r: r.date):
            if longest and run.duration_min > longest + RACE_WEEK_GROWTH_ADVICE_MIN:
                return [self.advice(
                    f"{a_or_an(f'{run.duration_min}-min')} run {(view.cal.race_day - run.date).days} days before the race, after "
                    f"{a_or_an(f'{longest}-min')} run earlier in race week: the week builds toward the race instead of winding down",
                    day=run.date,
                )]
            longest = max(longest, run.duration_min)
        return []


class RaceWeekShakeout(CoachingRule):
    """Where one of the runner's run days falls **2–3** days before the race, the last run
    before the race does too: a short shakeout, not four to six days without running. The day
    before the race rests (``RACE_EVE_RUN_CAPS_KM``: a run's cool-down holds static hamstring
    stretches, which race eve goes without).

    Higdon's and Pfitzinger's race weeks end with an easy 2-3 mile run two or three days out
    and a rest or a jog the day before (its length is ``race_week_runs``'s). Solver part: a
    reward in the day model for a run on one of those days, and a soft goal in the week model
    that race week keeps a run to place there (seed 2051: 23 of 295 plans left every such run
    day empty, their last run 4-6 days before the race; now 3)."""

    id = "race_week_shakeout"
    title = "A shakeout run in the last days before the race"

    def post_week(self, m: PlanVars) -> None:
        """Week stage: where the race's plan week has a run day in those days, it holds a run
        there to place (a soft goal): one run, or, where it also has run days before them, a
        second run beside its longest (a race week settled as one 9.8 km run went to its Monday,
        five days out, seed 2027, p12413786)."""
        week = m.cal.week_count
        run_days = m.cal.run_days_in(week)
        inside = [d for d in shakeout_days(m.cal) if d in run_days]
        if not inside or week in m.history_weeks:  # type: ignore[attr-defined]
            return
        holds = m.model.new_bool_var("race_week_holds_a_shakeout")
        least = m.context.min_run_tenths  # type: ignore[attr-defined]
        if len(inside) == len(run_days):
            m.model.add(m.week_km[week] >= least).only_enforce_if(holds)  # type: ignore[attr-defined]
        else:
            m.model.add(m.week_km[week] - m.week_long[week] >= least).only_enforce_if(holds)  # type: ignore[attr-defined]
        m.penalize(holds.negated(), W_SHAKEOUT_WEEK)  # type: ignore[attr-defined]

    def post_day(self, m: PlanVars) -> None:
        fixed = getattr(m, "fixed", {})
        window = [(i, day) for i, day in enumerate(m.days) if FIRST_SHAKEOUT_DAY <= (m.cal.race_day - day).days <= SHAKEOUT_DAYS]  # type: ignore[attr-defined]
        if any(day in fixed and fixed[day].run for _, day in window):
            return  # a re-plan whose shakeout is already run
        last_days = [m.run[i] for i, day in window if day not in fixed]  # type: ignore[attr-defined]
        if not last_days:
            return
        shakeout = m.model.new_bool_var("race_week_shakeout")
        m.model.add_bool_or(last_days).only_enforce_if(shakeout)
        m.reward(shakeout, W_SHAKEOUT)  # type: ignore[attr-defined]

    def check(self, view: CoachingView) -> list[Advice]:
        runs = view.race_week_runs()
        open_days = [d for d in shakeout_days(view.cal) if view.is_judged(d)]
        if not runs or not open_days or any(FIRST_SHAKEOUT_DAY <= (view.cal.race_day - r.date).days <= SHAKEOUT_DAYS for r in runs):
            return []
        out_days = (view.cal.race_day - max(r.date for r in runs)).days
        return [self.advice(
            f"the last run before the race is {out_days} days out though {open_days[0].strftime('%A')} is a run day: "
            "a short shakeout keeps the legs loose",
            day=open_days[0],
        )]


#: Week stage: race week run as one run where its plan week holds two (``race_week_two_runs``).
W_RACE_WEEK_ONE_RUN = 10


class RaceWeekTwoRuns(CoachingRule):
    """Race week runs in **two** short runs or more where the race's plan week has two run days
    or more before race eve: not one run of 35-45 min and nothing else. Its volume stays the
    light race week's (``light_race_week``: at most **0.40 ×** the peak week), and each run at
    least a 20-min run where the week's share of the peak holds two.

    Higdon's Novice 5K race week runs 1.5 miles on Tuesday and on Thursday; Pfitzinger's race
    weeks several short runs (COACHING.md, race week: short runs, one short tune-up). 9 / 17 /
    11 plans of seeds 2027 / 2031 / 2040, nearly all 5K, ran race week as one 33-44 min run
    though two run days were open (a coach, on a novice 5K: "race week has one 5.1 km run, four
    days after the previous run; add a short Tuesday run").

    Solver part: a soft goal in the week model: the race's plan week holds, beside its longest
    run, at least another 20-min run's distance (``PlanContext.min_run_tenths``) to place; its
    volume aim (``light_race_week``) rises to two such runs where the taper factor held less
    (Higdon's 0.25 × the peak), never past 0.40 ×.
    """

    id = "race_week_two_runs"
    title = "Two short runs in race week"

    def post_week(self, m: PlanVars) -> None:
        week = m.cal.week_count
        if week in m.history_weeks or len(race_week_open_days(m.cal)) < 2:  # type: ignore[attr-defined]
            return
        holds = m.model.new_bool_var("race_week_holds_two_runs")
        m.model.add(m.week_km[week] - m.week_long[week] >= m.context.min_run_tenths).only_enforce_if(holds)  # type: ignore[attr-defined]
        m.penalize(holds.negated(), W_RACE_WEEK_ONE_RUN)  # type: ignore[attr-defined]

    def check(self, view: CoachingView) -> list[Advice]:
        week = view.cal.week_count
        open_days = [d for d in race_week_open_days(view.cal) if view.is_judged(d)]
        if len(open_days) < 2 or not view.is_judged_week(week):
            return []
        runs = [r for r in view.week_runs(week) if r.type != "race"]
        if len(runs) != 1:
            return []
        least_km = view.ctx.min_run_tenths / TENTHS
        one = runs[0].distance_km or 0.0
        if one < 2 * least_km - EPS_KM:
            # a week of less than two 20-min runs: its ceiling (the taper factor or 0.40 x this
            # plan's peak, an easing's cap) held it there, which the solver's goal yields to (a
            # re-plan after a break read its build's peak before the start: 33.4 km, where the
            # weeks left ran 9.4 and 3.7 km)
            return []
        days = " and ".join(d.strftime("%A") for d in open_days[:2])
        return [self.advice(f"race week runs once ({km(one)}) though {days} are run days: two short runs, as Higdon's and Pfitzinger's race weeks",
                            day=runs[0].date)]


def shakeout_days(cal: Any) -> list[date]:
    """The runner's run days two to ``SHAKEOUT_DAYS`` days before the race, nearest first
    (from the plan's start; no blackout day): where ``race_week_shakeout`` wants the last run."""
    return cal.run_days_before_race(range(FIRST_SHAKEOUT_DAY, SHAKEOUT_DAYS + 1))


class TaperLongRuns(CoachingRule):
    """Long runs fall with the taper: marathon ≤ **0.75 ×** the peak long run 2 weeks out and
    ≤ **0.50 ×** 1 week out (the week before race week); half ≤ **0.70 ×** 1 week out. Weeks
    out are counted back from race day, as a runner counts them (7–13 days: one week out), by
    the day a plan week's long run falls on (``CoachingTargets.of``): plan weeks run from the
    start's weekday. Where the planned long runs reach the race's only in the last week that
    limit would fall on, the plan's weeks count instead (no runner loses the coached plan).

    Higdon Novice marathon: 20 mi, then 12, then 8; Pfitzinger's 3-week taper likewise.
    """

    id = "taper_long_runs"
    title = "Long runs fall in the taper"

    def post_week(self, m: PlanVars) -> None:
        targets = m.context.targets  # type: ignore[attr-defined]
        if not targets.taper_long_target:
            return
        peak = _peak_long(m)
        for week, factor in targets.taper_long_factor.items():
            if week not in m.history_weeks:  # type: ignore[attr-defined]
                # a constraint: a taper week's long run may always be shorter
                m.model.add(SCALE * m.week_long[week] <= round(factor * SCALE) * peak)
        aim_peak = _taper_peak(m, targets.planned_peak_long_km, lambda: peak, "taper_peak_long")
        for week, aim in targets.taper_long_target.items():
            if week not in m.history_weeks:  # type: ignore[attr-defined]
                _under_taper_aim(m, m.week_long[week], aim, targets.planned_peak_long_km, aim_peak)

    def check(self, view: CoachingView) -> list[Advice]:
        out = []
        targets = view.ctx.targets
        peak = view.peak_long_km()
        for week, factor in targets.taper_long_factor.items():
            if not view.is_judged_week(week):
                continue
            longest = view.long_of_week(week)
            if longest > factor * peak + EPS_KM:
                out.append(
                    self.advice(
                        f"long run of {km(longest)} {_weeks_out(view, week)}: "
                        f"at most {factor:.0%} of the peak long run ({km(factor * peak)})",
                        week=week,
                    )
                )
        return out


def post_band_on_volume(m: PlanVars, week: int, *enforce: Any) -> None:
    """The long run within the band of the week's real volume (50 % / 40 % from 30 km / 35 %
    above 50 km, more with three or four run days, see :func:`long_share_limit`), whatever
    volume the solver gives the week
    (``enforce``: only where these literals hold; a None among them always holds)."""
    runs = len(m.cal.run_days_in(week))
    volume, longest = m.week_km[week], m.week_long[week]  # type: ignore[attr-defined]
    when = [lit for lit in enforce if lit is not None]
    m.model.add(SCALE * longest <= round(long_share_limit(0.0, runs) * SCALE) * volume).only_enforce_if(when)
    for from_km, above in ((30.0, 0), (50.0, 1)):
        at_least = round(from_km * TENTHS) + above  # 30 km and more; more than 50 km
        over = m.model.new_bool_var(f"coach_band_w{week}_{at_least}")
        m.model.add(volume >= at_least).only_enforce_if(over)
        m.model.add(volume < at_least).only_enforce_if(over.negated())
        share = long_share_limit(at_least / TENTHS, runs)
        m.model.add(SCALE * longest <= round(share * SCALE) * volume).only_enforce_if([over, *when])
