"""The plan's numbers: each week's run km, long run, cutback flag and load figures (session-RPE,
monotony, strain, ACWR, fitness and fatigue), recomputed from the sessions, and the finish
time race day aims at."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from datetime import date, timedelta

from hamplan.calendar import PlanCalendar, join_touching
from hamplan.models import Paces, PlanRequest, Session, Week, parse_duration_s
from hamplan.paces import TIME_OFF_FREE_DAYS, fitness_after_time_off, paces_for, planning_pace, race_time_for_vdot
from hamplan.rules.coaching.volume import starts_at_its_level
from hamplan.rules.settings import RuleSettings


FITNESS_DAYS = 42
FATIGUE_DAYS = 7
EASY_RPE = 3


#: A break ending this many days or fewer before the race leaves its cost in fitness on race
#: day; the weeks after an earlier one train it back, where they grow back (:data:`REBUILT_SHARE`).
RACE_BREAK_WINDOW_DAYS = 42
#: The weeks after an earlier break train its cost back where the biggest of them before the
#: taper reaches this share of the biggest week before the break (a step-back week's level):
#: the load rules grow them from the break's weeks, and a 4:30 marathoner's nine days off eight
#: weeks out left weeks of 23-29 km after 51 km, beside "your goal of 4:30:00 is within reach".
REBUILT_SHARE = 0.8


def break_before_race(
    request: PlanRequest, cal: PlanCalendar | None = None, week_km: Mapping[int, float] | None = None,
    days_off: Sequence[tuple[date, date]] | None = None,
) -> tuple[date, date, int] | None:
    """The last break of more than ``TIME_OFF_FREE_DAYS`` days that ends within
    :data:`RACE_BREAK_WINDOW_DAYS` days before the race, or (with the plan's ``week_km``) earlier
    where the weeks after it do not grow back (:func:`grown_back`): (first day, last day, days
    off). ``days_off``: the stretches without running (:func:`days_without_running` of the
    request where not given)."""
    race = request.race.date
    stretches = days_without_running(request) if days_off is None else days_off
    breaks = [(first, last, (last - first).days + 1) for first, last in stretches if last < race and costs_fitness(first, last)]
    costly = [b for b in breaks if (race - b[1]).days <= RACE_BREAK_WINDOW_DAYS
              or (cal is not None and week_km is not None and not grown_back(request, cal, week_km, b[0], b[1]))]
    return max(costly, key=lambda b: b[1], default=None)


def with_days_not_run(away: tuple[date, date, int] | None, ran: Collection[date], plan_start: date, race_day: date) -> tuple[date, date, int] | None:
    """The break ``away`` (:func:`break_before_race`) with its days off counted as the runner
    lives them: with the days beside it that hold no run (``ran``: the days that do), from the
    plan's start to the day before the race. A 5K runner away from 16 to 23 December, whose last
    run came on Sunday the 12th and whose next was the race on the 25th, read "8 days without
    running" beside 12, and race day's pace was slowed for 8."""
    if away is None:
        return None
    first, last, _ = away
    while first - timedelta(days=1) >= plan_start and first - timedelta(days=1) not in ran:
        first -= timedelta(days=1)
    while last + timedelta(days=1) < race_day and last + timedelta(days=1) not in ran:
        last += timedelta(days=1)
    return away[0], away[1], (last - first).days + 1


def costs_fitness(first: date, last: date) -> bool:
    """Whether a stretch without running, ``first`` to ``last``, is long enough to cost fitness
    (more than ``TIME_OFF_FREE_DAYS`` days: Daniels)."""
    return (last - first).days + 1 > TIME_OFF_FREE_DAYS


def days_without_running(
    request: PlanRequest, ran: Collection[date] = (), until: date | None = None,
) -> list[tuple[date, date]]:
    """The stretches the runner does not run, (first day, last day), overlapping ones joined: the
    request's blackouts, and in a re-plan the days between the runs its log holds since the first
    plan began (``phases_from``) and up to ``until`` (its start where not given; a re-plan inside
    a week starts on the week's first day, and ``ran`` holds the days of that week run before
    ``until``). A re-plan keeps only the blackouts whose days back reach its start, and a runner's
    days missed are no blackout at all: a 4:30 marathoner who logged no run for six days after his
    race-ready long run, four weeks out, had read "your goal of 4:30:00 is within reach"."""
    stretches = sorted((b.from_, b.to) for b in request.schedule.blackout)
    if request.phases_from is not None:
        end = until or request.start
        logged = {h.date for h in request.history if h.kind in ("run", "race")}
        ran_days = sorted(d for d in logged | set(ran) if request.phases_from <= d < end)
        bounds = [request.phases_from - timedelta(days=1), *ran_days, end]
        stretches += [(a + timedelta(days=1), b - timedelta(days=1)) for a, b in zip(bounds, bounds[1:]) if (b - a).days > 1]
    return join_touching(stretches)


def grown_back(request: PlanRequest, cal: PlanCalendar, week_km: Mapping[int, float], first: date, last: date) -> bool:
    """Whether the weeks before the taper after a break from ``first`` to ``last`` reach
    :data:`REBUILT_SHARE` of the biggest week before it (the runner's own week where neither the
    plan nor a re-plan's build before its start has one)."""
    before, after = weeks_around_break(request, cal, week_km, first, last)
    return bool(after) and max(after) + 1e-9 >= REBUILT_SHARE * max(before)


def weeks_around_break(
    request: PlanRequest, cal: PlanCalendar, week_km: Mapping[int, float], first: date, last: date,
) -> tuple[list[float], list[float]]:
    """(the weeks before a break from ``first`` to ``last``, the weeks after it before the taper),
    run km: the plan's, and a re-plan's weeks of the build before its start (``weeks_of_this_build_km``:
    a re-plan after the break counted the runner's recent, post-break week as the level before
    it, and read a 4:30 goal "within reach" again). Before: the runner's own week where none."""
    weeks = {**cal.weeks_of_this_build_km, **{w: week_km[w] for w in cal.pre_taper_weeks}}
    before = [km for w, km in weeks.items() if w < cal.week_of(first)] or [request.runner.weekly_km]
    after = [km for w, km in weeks.items() if w > cal.week_of(last)]
    return before, after


def race_day_seconds(request: PlanRequest, paces: Paces, away: tuple[date, date, int] | None) -> float | None:
    """The finish time race day aims at: the plan's target (the goal in reach, else the
    prediction), slowed by what the break ``away`` costs (:func:`break_before_race`: one shortly
    before the race, or an earlier one the weeks after it do not grow back from; Daniels'
    fitness after time off: a marathoner 10 days away four weeks out had read his recent race's
    3:59:46 on race day, after weeks of 12-20 km; coach reading)."""
    target = race_seconds(paces.target_time)
    if target is None or away is None:
        return target
    # the target slowed as Daniels' equivalents slow for the VDOT left (the target itself may
    # come from Riegel's formula or a goal, not from those equivalents)
    slower = race_time_for_vdot(paces.vdot * fitness_after_time_off(away[2]), request.race.km) / race_time_for_vdot(paces.vdot, request.race.km)
    return float(round(target * slower))


def race_seconds(prediction: str | None) -> float | None:
    return float(parse_duration_s(prediction)) if prediction else None


def week_figures(request: PlanRequest, sessions: list[Session], coached_taper_weeks: Collection[int] = ()) -> list[Week]:
    """Run km, long run, cutback flag and load figures (session-RPE, monotony, strain, ACWR,
    fitness / fatigue) for each week, recomputed from the sessions. Each week is labelled with the
    phase the safety rules count it in (``PlanCalendar.phase``), also where the coached taper
    starts a week early (``race_week_spill``): a week labelled "taper" holds the taper's one
    strength session and halved Nordic dose, which the rules give only to their taper weeks (a
    half's peak week, tapering from race day, read "taper" beside two strength sessions and its
    full Nordic dose). ``coached_taper_weeks``: such weeks, which are the taper, not step-back
    weeks (``cutback`` false)."""
    cal = PlanCalendar(request)
    settings = RuleSettings.from_request(request)
    live = [s for s in sessions if s.status != "cancelled"]
    daily_load = {d: 0 for d in cal.days}
    for s in live:
        if s.date in daily_load:
            daily_load[s.date] += s.load
    # Fitness and fatigue start from the runner's recent volume, as if run at easy effort daily.
    baseline = request.runner.weekly_km * planning_pace(paces_for(request), "easy") * EASY_RPE / 7
    fitness = fatigue = baseline
    week_km: dict[int, float] = {}
    weeks: list[Week] = []
    for week in range(1, cal.week_count + 1):
        days = cal.week_days(week)
        for d in days:
            fitness += (daily_load[d] - fitness) / FITNESS_DAYS
            fatigue += (daily_load[d] - fatigue) / FATIGUE_DAYS
        runs = [s for s in live if s.kind == "run" and s.date in days]
        km = round(sum(s.distance_km or 0.0 for s in runs), 1)
        week_km[week] = km
        loads = [daily_load[d] for d in days]
        total = sum(loads)
        mean = total / len(loads)
        # plain floats: statistics' exact fractions cost more than the rest of the week's figures
        sd = math.sqrt(sum((x - mean) ** 2 for x in loads) / len(loads)) if len(loads) > 1 else 0.0
        monotony = round(mean / sd, 2) if sd > 0 else None
        previous = [week_km.get(week - j, request.runner.weekly_km) for j in range(1, 5)]
        chronic = sum(previous) / 4
        before = week_km.get(week - 1, request.runner.weekly_km)
        tapering = week in cal.taper_weeks or week in coached_taper_weeks
        cutback = not tapering and km <= settings.cutback_factor * before + 0.05 and before > 0
        weeks.append(
            Week(
                index=week,
                start=cal.week_start(week),
                days=len(days),
                phase=cal.phase(week),  # type: ignore[arg-type]
                run_km=km,
                long_run_km=max((s.distance_km or 0.0 for s in runs if s.type == "long"), default=0.0),
                cutback=cutback,
                blackout_days=sum(1 for d in days if d in cal.blackout_days),
                load=total,
                monotony=monotony,
                strain=round(total * monotony, 1) if monotony is not None else None,
                acwr=round(km / chronic, 2) if chronic > 0 else None,
                fitness=round(fitness, 1),
                fatigue=round(fatigue, 1),
                form=round(fitness - fatigue, 1),
            )
        )
    pre = [w.run_km for w in weeks if w.index in cal.pre_taper_weeks]
    if weeks and weeks[0].cutback and pre and starts_at_its_level(weeks[0].run_km, request.runner.weekly_km, max(pre)):
        # a first week under the runner's current volume that the plan never runs more than is
        # its level, not a step-back ("step-back weeks 1, 4, 8, 11" beside a peak in weeks 1-3)
        weeks[0] = weeks[0].model_copy(update={"cutback": False})
    return weeks
