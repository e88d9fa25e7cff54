"""The week: the long run's share by volume, a medium-long run in big weeks, no run too short,
recovery runs short."""

from __future__ import annotations

from hamplan.models import Advice
from hamplan.rules.base import EPS_KM, TENTHS, PlanVars, km
from hamplan.rules.coaching.base import SCALE, CoachingRule, CoachingView, median
from hamplan.rules.coaching.targets import long_share_limit
from hamplan.rules.context import MIN_RUN_MINUTES

W_SHORT_RUN = 50
#: Medium-long run: weeks of at least this volume and run count hold a run of this share of the long run.
MEDIUM_LONG_MIN_WEEK_KM = 50.0
MEDIUM_LONG_MIN_RUNS = 5
MEDIUM_LONG_SHARE = (0.6, 0.75)
MEDIUM_LONG_ADVICE_SHARE = 0.55
#: Recovery runs last 20–40 min; advised when more than a quarter of them pass 50 min (a big
#: week with two quality days leaves its easy volume few days).
RECOVERY_MAX_MIN = 40
RECOVERY_ADVICE_MIN = 50
#: Advice when the long run's median share in build and peak weeks is this far over its band.
SHARE_SLACK = 0.02


class LongRunShare(CoachingRule):
    """The long run's share of the week: ≤ **50 %** under 30 km a week, ≤ **40 %** at 30–50 km,
    ≤ **35 %** above (the safety rule's 50 % is the outer limit for beginners).

    Daniels: 25–30 % of the week; Pfitzinger near 30–35 %; Higdon Novice near 50 %. A long run
    the race needs (``race_readiness``) may go above the band; nothing else does.
    """

    id = "long_run_share"
    title = "Long run's share of the week"

    def post_week(self, m: PlanVars) -> None:
        """The long-run curve (``volume_curve``) is already held under the band of its week's
        target; this keeps the band against the week's real volume where the race's long run
        leaves room (a constraint: a long run may always be shorter)."""
        if not m.ceilings:  # type: ignore[attr-defined]
            return
        targets = m.context.targets  # type: ignore[attr-defined]
        ready = m.context.readiness_km  # type: ignore[attr-defined]
        for week, target_km in targets.week_km.items():
            band = long_share_limit(target_km, len(m.cal.run_days_in(week)))
            if band * target_km < ready + 1.0 or week in m.history_weeks:  # type: ignore[attr-defined]
                continue  # the race's long run needs more of this week than the band gives
            m.model.add(SCALE * m.week_long[week] <= round(band * SCALE) * m.week_km[week])

    def check(self, view: CoachingView) -> list[Advice]:
        weeks = [w for w in view.cal.pre_taper_weeks if view.cal.phase(w) in ("build", "peak") and view.is_judged_week(w)]
        weeks = [w for w in weeks if view.km_of_week(w) > 0]
        if not weeks:
            return []
        shares = [view.long_of_week(w) / view.km_of_week(w) for w in weeks]
        share, volume = median(shares), median([view.km_of_week(w) for w in weeks])
        band = long_share_limit(volume, round(median([len(view.week_runs(w)) for w in weeks])))
        if share > band + SHARE_SLACK and median([view.long_of_week(w) for w in weeks]) > view.ctx.readiness_km + EPS_KM:
            return [self.advice(f"long runs take {share:.0%} of the build weeks (median; at most {band:.0%} at {km(volume)} a week)")]
        return []


class MediumLongRun(CoachingRule):
    """Above **50 km** a week and with **5+** run days, a medium-long run (≈ **0.6–0.75 ×** the long
    run) midweek. Pfitzinger & Douglas, *Advanced Marathoning*: the medium-long run is the
    second pillar of marathon endurance.

    Solver part: where the week's easy distance goes (``hamplan.plan``): the run farthest from
    the long run becomes the medium-long run, the rest is shared evenly.
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
            others = [r.distance_km or 0.0 for r in runs if r.type != "long"]
            if longest > 0 and max(others, default=0.0) < MEDIUM_LONG_ADVICE_SHARE * longest - EPS_KM:
                missing.append(week)
        if missing:
            return [self.advice(f"no medium-long run in week(s) {', '.join(map(str, missing))} of 50 km or more")]
        return []


class ShortRuns(CoachingRule):
    """No run shorter than **20 min** in all outside race week (and a graduated return after a
    break, where walk-run restarts are short). A shorter run is mostly warm-up.

    Solver part: in the day model, every tenth of a km a run of those days falls short of 20 min
    at the fast end of the easy zone costs (the week's volumes are fixed by then, and a week
    whose runs besides the long one cannot all be that long still gets a plan).
    """

    id = "short_runs"
    title = f"Runs of at least {MIN_RUN_MINUTES} minutes"

    def post_day(self, m: PlanVars) -> None:
        least = m.context.min_run_tenths  # type: ignore[attr-defined]
        for i, day in enumerate(m.days):
            if isinstance(m.dist[i], int) or m.cal.is_race_week(m.cal.week_of(day)) or _easing_day(m, day):
                continue
            if day in getattr(m, "fixed", {}):
                continue
            short = m.model.new_int_var(0, least, f"short_run_{day}")
            m.model.add(short >= least - m.dist[i]).only_enforce_if(m.run[i])
            m.penalize(short, W_SHORT_RUN)  # type: ignore[attr-defined]

    def check(self, view: CoachingView) -> list[Advice]:
        out = []
        for run in view.runs:
            week = view.cal.week_of(run.date)
            if not view.is_judged(run.date) or view.cal.is_race_week(week) or view.in_easing(run.date):
                continue
            if run.duration_min < MIN_RUN_MINUTES:
                out.append(self.advice(f"{run.duration_min}-min {run.type} run (at least {MIN_RUN_MINUTES} min)", day=run.date))
        return out


class RecoveryRuns(CoachingRule):
    """Recovery runs are short (**20–40 min**, slower than easy) and fall the day after a hard day
    or the long run. Pfitzinger & Douglas: recovery runs speed recovery only when kept short.

    Solver part: where the week's easy distance goes (``hamplan.plan``): a run the day after a
    quality session or the long run is capped at 40 min when the week's other runs can take
    the rest.
    """

    id = "recovery_runs"
    title = "Short recovery runs"

    def check(self, view: CoachingView) -> list[Advice]:
        recovery = [r for r in view.runs if r.type == "recovery" and view.is_judged(r.date)]
        long_ones = [r for r in recovery if r.duration_min > RECOVERY_ADVICE_MIN]
        if len(long_ones) > len(recovery) / 4:
            return [self.advice(f"{len(long_ones)} of {len(recovery)} recovery runs last over {RECOVERY_ADVICE_MIN} min", day=long_ones[0].date)]
        return []


def _easing_day(m: PlanVars, day: object) -> bool:
    easing = m.request.easing
    return easing is not None and day <= easing.until  # type: ignore[operator]


def _easing_week(m: PlanVars, week: int) -> bool:
    return _easing_day(m, m.cal.week_start(week))


__all__ = ["LongRunShare", "MediumLongRun", "ShortRuns", "RecoveryRuns", "TENTHS"]
