"""Race week winds down once its sessions are made (the coaching rule ``race_week_winds_down``):
a plain easy run of the six days before the race that would last well past an earlier one is
cut, where the week keeps the easy share's margin and the load rules, and the distance cut is
not run elsewhere. Also the easy share a week changed after the solve must keep."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from hamplan.content.runs import RunContent
from hamplan.content.workouts import TUNE_UP_TITLE
from hamplan.models import Session, Workout
from hamplan.rules.base import EPS_KM, long_run_work_min
from hamplan.rules.week_shape import easy_minutes
from hamplan.rules.coaching.volume import RACE_WEEK_GROWTH_ADVICE_MIN
from hamplan.rules.coaching.quality import EASY_SHARE_MARGIN
from hamplan.rules.context import MIN_RACE_WEEK_RUN_MINUTES, PlanContext
from hamplan.rules.settings import RuleSettings
from hamplan.plan.sessions import make_session


def least_easy_share(settings: RuleSettings) -> float:
    """The easy share a week changed after the solve keeps: the margin the solver keeps on it
    (in km), kept in minutes, whole minutes as the checker counts them and distance x pace as
    another reader might (the first variants held weeks at exactly 80 % in whole minutes,
    79.94 % in exact ones)."""
    return settings.easy_share + (1 - settings.easy_share) * EASY_SHARE_MARGIN / (1 + EASY_SHARE_MARGIN)


def wind_down_race_week(ctx: PlanContext, sessions: list[Session], renders: dict[date, Callable[[float], RunContent]]) -> None:
    """Race week winds down (``race_week_winds_down``): in the race's plan week, a plain easy run
    of the six days before the race that would last more than
    :data:`RACE_WEEK_GROWTH_ADVICE_MIN` past an earlier run of them is cut to that, never under
    :data:`MIN_RACE_WEEK_RUN_MINUTES`, and only where the week keeps the easy share's margin; the
    distance cut is not run elsewhere (a lighter race week). Spreading the week's distance evenly
    over the days after its last session had put the longest runs last: a 5K's 40-min run two
    days out after a 25-min Tuesday, a half's 58-min run three days out after a 35-min session
    (15 of 294 plans of seed 2027)."""
    cal = ctx.cal
    least_share = least_easy_share(ctx.settings)
    race_week = [i for i, s in enumerate(sessions) if s.kind == "run" and cal.is_race_week_day(s.date) and s.date < cal.race_day]
    longest = 0
    for i in race_week:
        run = sessions[i]
        most = longest + RACE_WEEK_GROWTH_ADVICE_MIN
        week = cal.week_of(run.date)
        # in the race's plan week, or in a taper week before it that the six days reach into (a
        # Sunday race on plan weeks from Sunday: a marathoner's 54-min run two days out after
        # a 37-min tune-up), where the cut keeps that week's long run within its share and the
        # race's plan week within what the load rules allow after it (``_cut_keeps_the_rules``)
        cuttable = week == cal.week_count or (week == cal.week_count - 1 and cal.phase(week) == "taper")
        if longest and run.duration_min > most and run.date in renders and cuttable:
            render = renders[run.date]
            km = run.distance_km or 0.0
            content = None
            # a tune-up is cut in its easy minutes (its cool-down), never below its race-pace set:
            # its reps stay as they were (a shorter tune-up holds fewer: 4 x 60 s, then 3, then 2)
            tune_up = TUNE_UP_TITLE in run.title
            while km > 0.1:
                shorter_km = round(km - 0.1, 1)
                cut = render(shorter_km)
                if tune_up and (TUNE_UP_TITLE not in cut.title or work_reps(cut.workout) != work_reps(run.workout)):
                    break
                km, content = shorter_km, cut
                if content.duration_min <= max(most, MIN_RACE_WEEK_RUN_MINUTES):
                    break
            if content is not None and content.duration_min >= MIN_RACE_WEEK_RUN_MINUTES:
                shorter = make_session(ctx.request, run.date, run.start, "run", run.type, content, km)
                changed = [shorter if j == i else s for j, s in enumerate(sessions)]
                week_runs = [s for s in changed if s.kind == "run" and cal.week_of(s.date) == week]
                if runs_easy_share(week_runs) >= least_share and _cut_keeps_the_rules(ctx, changed, week):
                    sessions[i] = shorter
        longest = max(longest, sessions[i].duration_min)


def work_reps(workout: Workout | None) -> int:
    """How many fast reps a workout holds."""
    return sum(block.repeat for block in (workout.blocks if workout else []) for step in block.steps if step.kind == "work")


def _cut_keeps_the_rules(ctx: PlanContext, sessions: list[Session], week: int) -> bool:
    """Whether ``sessions``, with a run of ``week`` cut short, keep the rules that read that
    week's total: its long run at most its share of it (``long_run``), and each later week (the
    race's) within what ``weekly_increase`` and ``acwr`` allow after the weeks before it."""
    cal, settings = ctx.cal, ctx.settings
    runs = [s for s in sessions if s.kind == "run" and s.status != "cancelled"]
    km = {w: cal.prior_week_km(w) for w in range(week - 4, 1)}
    for w in range(1, cal.week_count + 1):
        km[w] = sum(s.distance_km or 0.0 for s in runs if cal.week_of(s.date) == w)
    long_km = max((s.distance_km or 0.0 for s in runs if s.type == "long" and cal.week_of(s.date) == week), default=0.0)
    if long_km > settings.long_run_share * km[week] + EPS_KM:
        return False
    return all(
        km[w] <= settings.load_allowance_km([km[w - j] for j in range(1, 5)]) + EPS_KM
        for w in range(week + 1, cal.week_count + 1)
    )


def runs_easy_share(runs: list[Session]) -> float:
    """The share of ``runs``' running time at easy intensity, the lower of whole minutes and
    distance x pace (1 without running)."""
    runs = [s for s in runs if s.status != "cancelled"]
    easy_whole, whole = easy_minutes(runs)
    exact = sum((s.distance_km or 0.0) * (s.pace_min_per_km or 0.0) for s in runs)
    if not whole or not exact:
        return 1.0
    easy_exact = sum((s.distance_km or 0.0) * (s.pace_min_per_km or 0.0) - long_run_work_min(s) for s in runs if s.intensity == "easy")
    return min(easy_whole / whole, easy_exact / exact)
