"""What a coach would flag: a seeded realistic population (``hamplan.samples.realistic_population``)
planned one runner at a time, each plan read by the coaching checks (``hamplan.advise``).

    python benchmarks/bench_coaching.py [--runners 200] [--seed 2027] [--list]

Prints the share of plans carrying each coach flag (the table of issue 11, each computed by a
coaching rule's ``check``), the other coaching advice, the safety violations ``hamplan.check``
finds (must be 0) and the share of runners refused. Under the quality row as the issue reads
it, why its weeks hold no session: too small for the smallest one under the 80 % easy share,
or with room (step-back weeks, full weeks, weeks a break touches). Targets: each flag on ≤ 5 % of plans,
0 violations, ≤ 2 % refused. Also, session by session: a full week's session doing less work
than the last of its kind, and blocks that never grow past their first session. Exit code 1
when a plan breaks a safety rule, else 0.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import hamplan  # noqa: E402
from hamplan import InfeasiblePlanError  # noqa: E402
from hamplan.calendar import PlanCalendar  # noqa: E402
from hamplan.rules.coaching import COACHING_RULE_IDS  # noqa: E402
from hamplan.rules.coaching.week import LONG_EASY_AFTER_STRENGTH_MIN, long_easy_run, runs_beside_long_run_past_hour  # noqa: E402
from hamplan.rules.coaching.quality import QUALITY_MISSING_SHARE, holds_quality_session, min_session_km, quality_room_km  # noqa: E402
from hamplan.rules.context import MIN_RUN_MINUTES, PlanContext  # noqa: E402
from hamplan.rules.hamstring import is_nordic  # noqa: E402
from hamplan.samples import realistic_population  # noqa: E402

#: The issue's flag table: what a coach flags -> the coaching rule whose advice it is.
FLAGS: tuple[tuple[str, str], ...] = (
    ("a run over 60 min (half+) / 45 min (5K, 10K) in race week, 40 min 2-3 days out, 30 min the eve", "race_week_runs"),
    ("race week's runs before the race above 0.40 x the peak week", "light_race_week"),
    ("static hamstring holds the evening before the race", "race_eve_mobility"),
    ("a step-back week that keeps the long run", "step_back"),
    ("more than a quarter of build / peak weeks without a quality session", "quality_by_phase"),
    ("the long run's median build share above its band (50 / 40 / 35 %)", "long_run_share"),
    ("long runs too long in the taper", "taper_long_runs"),
    ("no race-specific work (M for a marathon, I for 5K / 10K)", "race_specific_work"),
    ("runs under 20 min outside race week", "short_runs"),
    ("a run over min(60 min, 0.5 x long run) the day before the long run", "day_before_long_run"),
    ("week 1 or 2 steps back off the cutback rhythm, or cuts its long run there", "early_step_back"),
    ("a peak week past the race default's hours at the runner's easy pace (slow runners)", "peak_by_time"),
    ("age 60+: a peak week past 1.5 x the current weekly volume", "masters_peak"),
)


def long_share_as_the_issue_reads_it(plan: hamplan.Plan) -> bool:
    """The long-run flag of the issue this benchmark's table comes from, read literally, without
    ``long_run_share``'s bands: the median build week's long run above 40 % of the week, in a
    plan peaking at 45 km or more. The bands (50 % under 30 km, 35 % above 50 km, more with three
    run days) are COACHING.md's and the check's."""
    if max(w.run_km for w in plan.weeks) < 45.0:
        return False
    shares = [w.long_run_km / w.run_km for w in plan.weeks if w.phase == "build" and w.run_km > 0]
    return bool(shares) and statistics.median(shares) > 0.40


def short_runs_as_the_issue_reads_it(plan: hamplan.Plan) -> bool:
    """The short-run flag of the issue, read literally: a run (the race aside) under 20 min
    anywhere in the plan, race week included (``short_runs`` leaves race week to its own floor
    and a graduated return's walk-run restarts out)."""
    return any(s.kind == "run" and s.type != "race" and s.duration_min < MIN_RUN_MINUTES for s in plan.sessions)


def quality_weeks_as_the_issue_reads_it(plan: hamplan.Plan) -> bool:
    """The quality flag of the issue, read literally: more than a quarter of all build and peak
    weeks hold no quality session (tempo, marathon pace, intervals or hill sprints; a quality day
    turned easy run with strides is none). ``quality_every_week`` leaves out the weeks no session
    may go in: a break's, a return's, a sore tendon's first weeks, the first weeks after a recent
    strain, and weeks whose 80 % easy running (a session's warm-up and cool-down counted with it)
    leaves less room than the smallest session; this reading counts them all."""
    weeks = [w for w in plan.weeks if w.phase in ("build", "peak")]
    if not weeks:
        return False
    held = {w.index for w in weeks for s in plan.sessions
            if w.start <= s.date < w.start + timedelta(days=7) and holds_quality_session(s)}
    return len(weeks) - len(held) > QUALITY_MISSING_SHARE * len(weeks)


def weeks_without_session(plan: hamplan.Plan) -> Counter[str]:
    """Why the build and peak weeks the literal quality reading counts hold no session: a week
    whose 80 % easy running (a session counted whole as hard, as ``easy_share`` counts it)
    leaves less room than the smallest real session (``min_session_km``: 21 min easy around
    8 min at threshold) is ``small``, else ``room``; each split by a step-back week, a week a
    break touches or the first week back after it, and a full week."""
    ctx = PlanContext.for_request(plan.request)
    least_km = min_session_km(ctx.easy_pace_s_per_km, ctx.paces.threshold.slow_min_per_km)
    out: Counter[str] = Counter()
    for week in plan.weeks:
        if week.phase not in ("build", "peak"):
            continue
        end = week.start + timedelta(days=7)
        if any(week.start <= s.date < end and holds_quality_session(s) for s in plan.sessions):
            continue
        size = "small" if quality_room_km(ctx.settings, week.run_km) < least_km else "room"
        kind = "break" if ctx.cal.touched(week.index) or week.index in ctx.cal.weeks_back_from_breaks else "step-back" if week.cutback else "full"
        out[f"{size} {kind}"] += 1
    return out


#: The sessions whose work a session-by-session reading follows, and their weeks' share of the
#: biggest week before under which a week counts as a lighter one (not judged).
PROGRESSING_TYPES = ("tempo", "marathon", "intervals", "hills")
FULL_WEEK_SHARE = 0.95


def session_work_min(session: hamplan.Session) -> float:
    """Minutes of a session's work steps (reps counted), from its workout as written."""
    if session.workout is None:
        return 0.0
    minutes = 0.0
    for block in session.workout.blocks:
        for step in block.steps:
            if step.kind != "work":
                continue
            if step.duration_s:
                minutes += block.repeat * step.duration_s / 60
            elif step.distance_m and step.pace_min_per_km:
                minutes += block.repeat * step.distance_m / 1000 * step.pace_min_per_km
    return minutes


#: The session types whose blocks a session-by-session reading follows for growth, with their labels.
BLOCK_TYPES = (("marathon", "marathon pace"), ("intervals", "intervals"), ("tempo", "threshold"))
#: A block is this many full weeks' sessions of one type, or more.
BLOCK_LEAST_SESSIONS = 3


def _week_of_sessions(plan: hamplan.Plan) -> dict[date, hamplan.Week]:
    """Each session day's plan week."""
    return {s.date: w for w in plan.weeks for s in plan.sessions if w.start <= s.date < w.start + timedelta(days=7)}


def _full_weeks(plan: hamplan.Plan) -> set[int]:
    """The weeks a session-by-session reading judges: neither a step-back, taper nor race week,
    nor under 95 % of the biggest week before."""
    full = set()
    biggest = 0.0
    for week in plan.weeks:
        if not week.cutback and week.phase not in ("taper", "race") and week.run_km >= FULL_WEEK_SHARE * biggest:
            full.add(week.index)
        biggest = max(biggest, week.run_km)
    return full


def blocks_that_never_grow(plan: hamplan.Plan) -> tuple[set[str], set[str]]:
    """COACHING.md: "the work volume grows from session to session within a phase". The
    session types (``BLOCK_TYPES``) whose sessions of the full build and peak weeks, three or
    more, never do more work than the first of them (by half a minute): a block held level from
    its first session (7.5 km at marathon pace four times); and the types holding such a block
    at all. Race week's session (the six days before the race) is not part of a block, in
    whichever plan week it falls."""
    full = _full_weeks(plan)
    week_of = _week_of_sessions(plan)
    race_week = PlanCalendar(plan.request).is_race_week_day
    level, blocks = set(), set()
    for kind, _ in BLOCK_TYPES:
        work = [session_work_min(s) for s in plan.sessions if s.kind == "run" and s.type == kind and not race_week(s.date)
                and (w := week_of.get(s.date)) is not None and w.index in full and w.phase in ("build", "peak")]
        if len(work) >= BLOCK_LEAST_SESSIONS:
            blocks.add(kind)
            if max(work) < work[0] + 0.5:
                level.add(kind)
    return level, blocks


def session_work_falls(plan: hamplan.Plan) -> bool:
    """COACHING.md: "the work volume grows from session to session within a phase". Whether a
    full week's session (its week neither a step-back, taper nor race week, nor under 95 % of
    the biggest week before; not in the six days before the race, race week as the runner
    counts it, whose session is race week's short one whatever plan week it falls in) does less
    work than the last such session of its type in the same phase (by more than half a minute)."""
    last: dict[str, tuple[str, float]] = {}
    week_of = _week_of_sessions(plan)
    full = _full_weeks(plan)
    race_week = PlanCalendar(plan.request).is_race_week_day
    for session in plan.sessions:
        week = week_of.get(session.date)
        if session.kind != "run" or session.type not in PROGRESSING_TYPES or week is None or week.index not in full:
            continue
        if race_week(session.date):
            continue
        work = session_work_min(session)
        before = last.get(session.type)
        if before is not None and before[0] == week.phase and work < before[1] - 0.5:
            return True
        last[session.type] = (week.phase, work)
    return False


#: Weeks with a run past an hour beside the long run from which a plan counts as doing it often.
OFTEN_BESIDE_LONG_WEEKS = 3


def weeks_past_hour_beside_long_run(plan: hamplan.Plan) -> int:
    """The weeks (as the plan counts them) holding an easy or recovery run over an hour the day
    before or the day after a long run, race week as the runner counts it aside: a second long
    day beside the long one. ``day_before_long_run`` and ``recovery_runs`` advise on parts of
    it (four run days or more; a quarter of the weeks); this counts every such run."""
    cal = PlanCalendar(plan.request)
    runs = {s.date: s for s in plan.sessions if s.kind == "run"}
    days = [d for d in runs if not cal.is_race_week_day(d)]
    beside = runs_beside_long_run_past_hour(runs, days, 1) + runs_beside_long_run_past_hour(runs, days, -1)
    return len({cal.week_of(run.date) for run in beside})


def long_runs_after_strength(plan: hamplan.Plan) -> tuple[int, int]:
    """(runs, of them after Nordic curls): the plan's easy and recovery runs of
    ``LONG_EASY_AFTER_STRENGTH_MIN`` minutes or more the day after a strength session, as
    ``strength_before_long_easy_run`` reads them (``long_easy_run``). The rules keep strength off
    the day before the long run only; a coach read a 98-min run the morning after deadlifts and
    Nordic curls, the day before the long run, as the tired hamstring the seed warns of."""
    runs = {s.date: s for s in plan.sessions if s.kind == "run"}
    found = nordic = 0
    for session in plan.sessions:
        if session.kind == "strength" and long_easy_run(runs.get(session.date + timedelta(days=1))):
            found += 1
            nordic += any(map(is_nordic, session.exercises))
    return found, nordic


def step_backs_two_weeks_apart(plan: hamplan.Plan) -> str | None:
    """COACHING.md: step-back weeks "every 3rd or 4th week". Whether two step-back weeks before
    the taper (weeks at most the cutback factor times the one before, week 1 and a last week
    that is mostly race week aside) lie two weeks apart or closer, and why: ``break`` where a break or
    the week back from one lies between them; ``rhythm`` where the 2 : 1 rhythm (age 50 and over,
    a hamstring history) on these weeks has no other way, a step-back in week 3 and every third
    week after leaving one right before the taper, which moves a week earlier where the peak
    may lead into the taper (a plan without breaks: before a break the rhythm is spread another
    way); else ``spacing``. None where they do not."""
    ctx = PlanContext.for_request(plan.request)
    cal = ctx.cal
    # (week 1 aside: at 0.8 x the runner's volume or less it is flagged a cutback, but it eases
    # in from the runner's weeks rather than stepping back from the plan's)
    step_backs = [w.index for w in plan.weeks
                  if w.cutback and w.index >= 2 and w.phase in ("base", "build", "peak") and not cal.is_mostly_race_week(w.index)]
    close = [(a, b) for a, b in zip(step_backs, step_backs[1:]) if b - a <= 2]
    if not close:
        return None
    returns = cal.weeks_back_from_breaks
    if any(cal.touched(w) or w in returns for a, b in close for w in range(a, b + 1)):
        return "break"
    build_weeks_max = ctx.settings.build_weeks_max
    first_block = build_weeks_max - min(cal.build_weeks_before_start(build_weeks_max), build_weeks_max)
    pre = cal.pre_taper_weeks
    race_week_last = bool(pre) and cal.is_mostly_race_week(pre[-1])  # that week steps back anyway
    no_break = plan.request.easing is None and not any(cal.touched(w) for w in pre)
    if (build_weeks_max == 2 and no_break and (len(pre) - race_week_last - first_block) % 3 == 1
            and (race_week_last or cal.peak_may_lead_into_taper)):
        return "rhythm"
    return "spacing"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runners", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--list", action="store_true", help="print each plan's advice")
    args = parser.parse_args()
    flagged: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    violations = 0
    planned = 0
    seconds: list[float] = []
    literal_long_share = 0
    literal_quality_weeks = 0
    literal_short_runs = 0
    without_session: Counter[str] = Counter()
    work_falls = 0
    never_grow: Counter[str] = Counter()
    with_block: Counter[str] = Counter()
    close_step_backs: Counter[str] = Counter()
    after_strength = [0, 0, 0]  # plans, runs, runs after Nordic curls
    # plans by run days a week (5 for five or more): all, with a run past an hour beside the long
    # run in any week, in OFTEN_BESIDE_LONG_WEEKS weeks or more
    planned_by_days: Counter[int] = Counter()
    beside_any: Counter[int] = Counter()
    beside_often: Counter[int] = Counter()
    population = realistic_population(args.runners, seed=args.seed)
    for request in population:
        started = time.perf_counter()
        try:
            plan = hamplan.generate(request)
        except InfeasiblePlanError as exc:
            seconds.append(time.perf_counter() - started)
            refused[request.race.label] += 1
            if args.list:
                print(f"{request.id}: refused ({', '.join(exc.conflicts)})")
            continue
        seconds.append(time.perf_counter() - started)
        planned += 1
        broken = hamplan.check(plan)
        violations += len(broken)
        rules = {a.rule for a in plan.advice}
        flagged.update(rules)
        literal_long_share += long_share_as_the_issue_reads_it(plan)
        literal_quality_weeks += quality_weeks_as_the_issue_reads_it(plan)
        literal_short_runs += short_runs_as_the_issue_reads_it(plan)
        without_session.update(weeks_without_session(plan))
        work_falls += session_work_falls(plan)
        level, blocks = blocks_that_never_grow(plan)
        never_grow.update(level)
        with_block.update(blocks)
        if (why := step_backs_two_weeks_apart(plan)) is not None:
            close_step_backs[why] += 1
        found, nordic = long_runs_after_strength(plan)
        after_strength[0] += found > 0
        after_strength[1] += found
        after_strength[2] += nordic
        run_days = min(len(request.schedule.run_days), 5)
        planned_by_days[run_days] += 1
        beside_weeks = weeks_past_hour_beside_long_run(plan)
        beside_any[run_days] += beside_weeks > 0
        beside_often[run_days] += beside_weeks >= OFTEN_BESIDE_LONG_WEEKS
        if args.list and (plan.advice or broken):
            print(f"{request.id} ({request.race.label}, {request.week_count} wk, {request.runner.weekly_km} km/wk):")
            for item in [*broken, *plan.advice]:
                print(f"  {item}")
    total = len(population)
    print(f"{total} runners (seed {args.seed}): {planned} plans, {total - planned} refused ({(total - planned) / total:.1%})")
    print(f"\n{'what a coach flags':<100} {'plans':>7}")
    for text, rule in FLAGS:
        share = flagged[rule] / planned if planned else 0.0
        print(f"{text:<100} {share:>7.1%}{'  over 5 %' if share > 0.05 else ''}")
    share = literal_long_share / planned if planned else 0.0
    print(f"{'the same, as the issue reads it: above 40 % in the build weeks of plans peaking at 45 km or more':<100} {share:>7.1%}{'  over 5 %' if share > 0.05 else ''}")
    share = literal_quality_weeks / planned if planned else 0.0
    label = "more than a quarter of build / peak weeks without a quality session, every such week counted"
    print(f"{label:<100} {share:>7.1%}")
    weeks = sum(without_session.values())
    small = sum(n for key, n in without_session.items() if key.startswith("small"))

    def kinds(size: str) -> str:
        return ", ".join(f"{kind} {without_session[f'{size} {kind}']}" for kind in ("step-back", "full", "break"))

    print(f"  its {weeks} build / peak weeks without a session: {small} ({small / max(weeks, 1):.0%}) whose 80 % easy share leaves "
          f"less room than the smallest session ({kinds('small')}), {weeks - small} with room ({kinds('room')})")
    share = literal_short_runs / planned if planned else 0.0
    label = "runs under 20 min, race week included, as the issue reads it"
    print(f"{label:<100} {share:>7.1%}{'  over 5 %' if share > 0.05 else ''}")
    share = work_falls / planned if planned else 0.0
    label = "a full week's session doing less work than the last of its type in the phase (session by session)"
    print(f"{label:<100} {share:>7.1%}")
    label = "a block of 3+ full build / peak weeks' sessions that never grows past its first"
    print(f"{label:<100} " + ", ".join(f"{name} {never_grow[kind] / planned if planned else 0.0:.1%}" for kind, name in BLOCK_TYPES))
    print(f"{'  (of the plans holding such a block)':<100} "
          + ", ".join(f"{name} {never_grow[kind]} of {with_block[kind]}" for kind, name in BLOCK_TYPES))
    share = sum(close_step_backs.values()) / planned if planned else 0.0
    label = "two step-back weeks before the taper two weeks apart or closer"
    print(f"{label:<100} {share:>7.1%}")
    print(f"{'  (a break between; the 2 : 1 rhythm with no other way; neither)':<100} "
          + ", ".join(f"{why} {close_step_backs[why] / planned if planned else 0.0:.1%}" for why in ("break", "rhythm", "spacing")))
    share = beside_any.total() / planned if planned else 0.0
    label = "a run over 60 min the day before or after a long run (race week aside)"
    print(f"{label:<100} {share:>7.1%}")
    often = beside_often.total() / planned if planned else 0.0
    print(f"{f'  in {OFTEN_BESIDE_LONG_WEEKS}+ weeks {often:.1%}; by run days a week (any / {OFTEN_BESIDE_LONG_WEEKS}+ weeks, of the plans with as many)':<100} "
          + ", ".join(f"{'5+' if d == 5 else d}: {beside_any[d]} / {beside_often[d]} of {planned_by_days[d]}"
                      for d in sorted(planned_by_days)))
    share = after_strength[0] / planned if planned else 0.0
    label = f"an easy run of {LONG_EASY_AFTER_STRENGTH_MIN} min or more the morning after a strength session"
    print(f"{label:<100} {share:>7.1%}")
    print(f"{f'  {after_strength[1]} such runs, {after_strength[2]} of them after Nordic curls':<100}")
    others = [r for r in COACHING_RULE_IDS if r not in {rule for _, rule in FLAGS}]
    print("\nother coaching advice: " + ", ".join(f"{r} {flagged[r] / max(planned, 1):.1%}" for r in others))
    print(f"safety violations: {violations}")
    print("refused by race: " + (", ".join(f"{k} {v}" for k, v in sorted(refused.items())) or "none"))
    ordered = sorted(seconds)
    print(f"seconds per request: p50 {statistics.median(ordered):.3f}, p95 {ordered[int(0.95 * (len(ordered) - 1))]:.3f}, max {ordered[-1]:.3f}")
    return 1 if violations else 0


if __name__ == "__main__":
    raise SystemExit(main())
