"""Plan requests for tests, benchmarks and batch corpora: random ones and realistic ones.

``random_request(rng)`` draws every field a request allows (odd ages, long horizons, blackouts
near race day, time zones with daylight-saving changes, tight ``max_minutes``) from a
``random.Random``, so a seed names a reproducible corpus: it tests the edges.

``realistic_request(rng)`` draws the runners a coach is asked to take on, so that the share of
refusals means something. Each runner is drawn in this order, every number below in code as a
named constant of this module:

=====================  ==========================================================================
race                   5K 20 %, 10K 25 %, half 30 %, marathon 25 %
ability                a marathon-equivalent time, normal around 4:25 ± 0:40, kept within
                       3:00–6:00. RunRepeat, *The State of Running 2019* (107.9 million results):
                       average marathon 4:32:49; its 2023 report: 4:26:33. The runner's other
                       times are Daniels' equivalents of that one VDOT (``race_time_for_vdot``):
                       4:25 is a 2:09 half, a 58 min 10K, a 28 min 5K.
recent_race            none for 40 % of 5K runners (novices) and 15 % of the rest; otherwise a 5K
                       (45 %), 10K (35 %) or half (20 %, half and marathon runners only), its
                       time the runner's equivalent × a spread of ±4 % (a good or a bad day)
goal_time              for 50 % of runners with a recent race: their equivalent time at the race
                       distance × 0.95–1.02 (most aim a little faster than they are; a few too fast)
weekly_km              starting volume by race, for a 4:25 runner: 5K 14, 10K 22, half 28,
                       marathon 35 km; × (4:25 / ability)^1.5 (faster runners run more),
                       × a log-normal spread (σ 0.25); 6–90 km. Higdon's Novice plans start at
                       about 15 (5K), 25 (half) and 25–30 km (marathon) a week.
run days               3 to 6 by race: 5K 3 (50 %), 4 (35 %), 5; 10K 3 (40 %), 4 (40 %), 5 (15 %),
                       6; half 3 (25 %), 4 (40 %), 5 (25 %), 6; marathon 3 (10 %), 4 (40 %),
                       5 (35 %), 6 (Higdon's novice plans: 3–4 runs for a 5K, 4 for a half or a
                       marathon); under 15 km a week at most 4, over 45 km at least 4. Long run on
                       Sunday (65 %) or Saturday; half the runners name one rest day among the others
long_run_km            a share of weekly_km that shrinks with the runs a week: 3 runs 0.40–0.50,
                       4 runs 0.33–0.45, 5 runs 0.28–0.40, 6 runs 0.25–0.35; at least 3 km, at
                       most the race's peak long run (5K 12, 10K 16, half 21, marathon 30 km)
day limits             35 % of runners limit 1–5 weekdays to 45, 60, 75 or 90 min (45 and 60 most
                       often): work and family days, never the long-run day
blackouts              25 % have one break of 3–10 days (a trip, a holiday), 5 % a second one,
                       in the first 80 % of the plan
age                    normal around 40 ± 11, 18–75 (RunRepeat 2019: the average marathoner is
                       about 40)
hamstring history      none 78 %, past strain 12 %, recent strain 4 %, tendinopathy 6 %: an
                       assumption — hamstring problems are a minority of runners' injuries, and
                       a hamstring-safe planner draws more of those runners than a random one
equipment              gym 45 %, home 40 %, none 15 %
horizon                weeks to race day by race: 5K 6–12, 10K 8–14, half 10–18, marathon
                       14–24 (plans on sale run 8–20 weeks; Higdon: 8 weeks 5K, 12 half, 18
                       marathon); the race on a Sunday (75 %) or Saturday. A coach takes a race
                       only as far off as the long run needs to grow, 10 % a week with a step-back
                       week in four (in three from age 50 or with a hamstring history, as
                       ``cutback`` plans them), from the runner's long run to what the race needs (the race
                       distance for 5K and 10K, 0.6 × it for a half, and for a marathon a long run
                       of 180 min at the long-run pace, at least 0.4 × it), plus the taper and a
                       week's slack: so the horizon is at least that (Higdon's Novice marathon
                       starts from a 6-mile long run 18 weeks out). ``coach_horizon=False``
                       draws the horizon alone.
start, zone, units     a day in 2027, a Monday for 60 %; a time zone from six continents; miles
                       for 80 % of runners in the Americas, 50 % in London, else km
=====================  ==========================================================================
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from typing import Any

from hamplan.calendar import readiness_floor_km, readiness_km
from hamplan.models import NAMED_DISTANCES_KM, WEEKDAYS, PlanRequest
from hamplan.paces import paces_from_vdot, race_time_for_vdot, vdot_from_race

TIME_ZONES = ("Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC", "America/Sao_Paulo")
DISTANCES: tuple[Any, ...] = ("5k", "10k", "half", "marathon", 15.0, 8.0, 30.0)
HISTORIES = ("none", "none", "past_strain", "recent_strain", "tendinopathy")


def random_request_data(rng: random.Random, *, max_days: int = 364) -> dict[str, Any]:
    """A request as plain data (what a TOML or JSON file would hold)."""
    start = date(2027, 1, 1) + timedelta(days=rng.randrange(0, 365))
    distance = rng.choice(DISTANCES)
    days = rng.randint(14, max_days)
    race = start + timedelta(days=days)
    weekly = round(rng.uniform(8, 70), 1)
    long_run = round(min(weekly * rng.uniform(0.25, 0.5), 32.0), 1)
    n_run = rng.randint(3, 6)
    run_days = sorted(rng.sample(WEEKDAYS, n_run), key=WEEKDAYS.index)
    long_day = rng.choice(run_days)
    others = [d for d in WEEKDAYS if d not in run_days]
    rest_days = rng.sample(others, rng.randint(0, min(1, len(others))))
    schedule: dict[str, Any] = {"run_days": run_days, "long_run_day": long_day, "rest_days": rest_days}
    if rng.random() < 0.3:
        schedule["max_minutes"] = {d: rng.choice([60, 75, 90]) for d in rng.sample(WEEKDAYS, 2) if d != long_day}
    if rng.random() < 0.4:
        blackout = []
        for _ in range(rng.randint(1, 2)):
            first = start + timedelta(days=rng.randrange(0, max(1, days - 1)))
            last = min(first + timedelta(days=rng.randint(0, 9)), race - timedelta(days=1))
            if first <= last:
                blackout.append({"from": first, "to": last})
        schedule["blackout"] = blackout
    runner: dict[str, Any] = {
        "weekly_km": weekly,
        "long_run_km": long_run,
        "age": rng.choice([rng.randint(18, 49), rng.randint(50, 59), rng.randint(60, 75)]),
        "hamstring_history": rng.choice(HISTORIES),
        "equipment": rng.choice(("gym", "home", "none")),
    }
    if rng.random() < 0.6:
        minutes = rng.randint(20, 34)
        runner["recent_race"] = {"distance": "5k", "time": f"{minutes}:{rng.randint(0, 59):02d}"}
    return {
        "id": f"r{rng.randrange(10**8):08d}",
        "start": start,
        "time_zone": rng.choice(TIME_ZONES),
        "units": rng.choice(("km", "mi")),
        "race": {"distance": distance, "date": race},
        "runner": runner,
        "schedule": schedule,
    }


def random_request(rng: random.Random, *, max_days: int = 364) -> PlanRequest:
    return PlanRequest.model_validate(random_request_data(rng, max_days=max_days))


# ---------------------------------------------------------------------------------------------
# Realistic runners (the table in the module docstring)
# ---------------------------------------------------------------------------------------------

RACE_MIX: dict[str, float] = {"5k": 0.20, "10k": 0.25, "half": 0.30, "marathon": 0.25}
MARATHON_MEAN_S = 4 * 3600 + 25 * 60
MARATHON_SD_S = 40 * 60
MARATHON_RANGE_S = (3 * 3600, 6 * 3600)
NO_RECENT_RACE_SHARE = {"5k": 0.40, "other": 0.15}
RECENT_RACE_MIX: dict[str, float] = {"5k": 0.45, "10k": 0.35, "half": 0.20}
RECENT_RACE_SPREAD = 0.04
GOAL_SHARE = 0.50
GOAL_FACTOR_RANGE = (0.95, 1.02)
#: Starting weekly km of a 4:25 marathon-equivalent runner, by race.
WEEKLY_KM_AT_MEAN: dict[str, float] = {"5k": 14.0, "10k": 22.0, "half": 28.0, "marathon": 35.0}
WEEKLY_KM_ABILITY_EXPONENT = 1.5
WEEKLY_KM_SIGMA = 0.25
WEEKLY_KM_RANGE = (6.0, 90.0)
LONG_RUN_SHARE_BY_DAYS: dict[int, tuple[float, float]] = {3: (0.40, 0.50), 4: (0.33, 0.45), 5: (0.28, 0.40), 6: (0.25, 0.35)}
LONG_RUN_MIN_KM = 3.0
LONG_RUN_MAX_KM: dict[str, float] = {"5k": 12.0, "10k": 16.0, "half": 21.0, "marathon": 30.0}
RUN_DAY_WEIGHTS: dict[str, dict[int, float]] = {
    "5k": {3: 0.50, 4: 0.35, 5: 0.15},
    "10k": {3: 0.40, 4: 0.40, 5: 0.15, 6: 0.05},
    "half": {3: 0.25, 4: 0.40, 5: 0.25, 6: 0.10},
    "marathon": {3: 0.10, 4: 0.40, 5: 0.35, 6: 0.15},
}
LOW_VOLUME_KM, HIGH_VOLUME_KM = 15.0, 45.0  # at most 4 run days below, at least 4 above
LONG_RUN_GROWTH = 1.10  # a week, with a step-back week in four (session_spike, cutback)
TAPER_WEEKS: dict[str, int] = {"5k": 1, "10k": 1, "half": 2, "marathon": 3}
LONG_RUN_MAX_MIN = 180  # the long-run time cap (rules.long_run_max_min's default)
SUNDAY_LONG_RUN_SHARE = 0.65
REST_DAY_SHARE = 0.50
DAY_LIMIT_SHARE = 0.35
DAY_LIMIT_MINUTES: dict[int, float] = {45: 0.30, 60: 0.35, 75: 0.15, 90: 0.20}
BLACKOUT_SHARES = (0.25, 0.05)  # one break, a second break
BLACKOUT_DAYS_RANGE = (3, 10)
BLACKOUT_PLAN_SHARE = 0.80
AGE_MEAN, AGE_SD, AGE_RANGE = 40.0, 11.0, (18, 75)
HISTORY_MIX: dict[str, float] = {"none": 0.78, "past_strain": 0.12, "recent_strain": 0.04, "tendinopathy": 0.06}
EQUIPMENT_MIX: dict[str, float] = {"gym": 0.45, "home": 0.40, "none": 0.15}
HORIZON_WEEKS: dict[str, tuple[int, int]] = {"5k": (6, 12), "10k": (8, 14), "half": (10, 18), "marathon": (14, 24)}
SUNDAY_RACE_SHARE = 0.75
MONDAY_START_SHARE = 0.60
#: time zone → share of runners there who use miles
ZONE_MILES_SHARE: dict[str, float] = {
    "America/New_York": 0.8, "America/Chicago": 0.8, "America/Sao_Paulo": 0.0, "Europe/London": 0.5,
    "Europe/Berlin": 0.0, "Australia/Sydney": 0.0, "Asia/Kolkata": 0.0, "Africa/Nairobi": 0.0,
}


def _pick(rng: random.Random, weights: dict[Any, float]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _clock(seconds: float) -> str:
    """``'H:MM:SS'`` for an hour or more, else ``'MM:SS'`` (both forms a request accepts)."""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _ability_s(rng: random.Random) -> float:
    """A marathon-equivalent time in seconds (normal, kept within the range)."""
    low, high = MARATHON_RANGE_S
    return min(max(rng.gauss(MARATHON_MEAN_S, MARATHON_SD_S), low), high)


def _run_day_count(rng: random.Random, race: str, weekly_km: float) -> int:
    weights = dict(RUN_DAY_WEIGHTS[race])
    if weekly_km < LOW_VOLUME_KM:
        weights = {n: w for n, w in weights.items() if n <= 4}
    elif weekly_km > HIGH_VOLUME_KM:
        weights = {n: w for n, w in weights.items() if n >= 4}
    return int(_pick(rng, weights))


def _runner(rng: random.Random, race: str, vdot: float, level: float, run_days: int) -> dict[str, Any]:
    weekly = WEEKLY_KM_AT_MEAN[race] * level * rng.lognormvariate(0.0, WEEKLY_KM_SIGMA)
    weekly = round(min(max(weekly, WEEKLY_KM_RANGE[0]), WEEKLY_KM_RANGE[1]), 1)
    share = rng.uniform(*LONG_RUN_SHARE_BY_DAYS[run_days])
    long_run = min(max(weekly * share, LONG_RUN_MIN_KM), LONG_RUN_MAX_KM[race])
    age = round(min(max(rng.gauss(AGE_MEAN, AGE_SD), AGE_RANGE[0]), AGE_RANGE[1]))
    runner: dict[str, Any] = {
        "weekly_km": weekly,
        "long_run_km": round(long_run, 1),
        "age": age,
        "hamstring_history": _pick(rng, HISTORY_MIX),
        "equipment": _pick(rng, EQUIPMENT_MIX),
    }
    if rng.random() >= NO_RECENT_RACE_SHARE["5k" if race == "5k" else "other"]:
        mix = RECENT_RACE_MIX if race in ("half", "marathon") else {k: v for k, v in RECENT_RACE_MIX.items() if k != "half"}
        recent = _pick(rng, mix)
        spread = rng.uniform(1 - RECENT_RACE_SPREAD, 1 + RECENT_RACE_SPREAD)
        runner["recent_race"] = {"distance": recent, "time": _clock(race_time_for_vdot(vdot, NAMED_DISTANCES_KM[recent]) * spread)}
    return runner


def coach_minimum_weeks(race: str, long_run_km: float, vdot: float, *, step_back_every: int = 4) -> int:
    """The fewest weeks a coach asks for: the long run grown 10 % a week, a step-back week in
    ``step_back_every`` (3 from age 50 or with a hamstring history), from ``long_run_km`` to
    what the race needs, then the taper, and a week's slack."""
    race_km = NAMED_DISTANCES_KM[race]
    easy = paces_from_vdot(vdot, "recent_race").easy
    long_pace = (easy.fast_min_per_km + easy.slow_min_per_km) / 2  # the middle of the easy zone
    by_time = max(readiness_floor_km(race_km), LONG_RUN_MAX_MIN / long_pace)
    need = min(readiness_km(race_km), by_time)
    growth = math.ceil(math.log(need / long_run_km) / math.log(LONG_RUN_GROWTH)) if long_run_km < need else 0
    return TAPER_WEEKS[race] + math.ceil(growth * step_back_every / (step_back_every - 1)) + 1


def _schedule(rng: random.Random, count: int, start: date, race_day: date) -> dict[str, Any]:
    long_day = "sun" if rng.random() < SUNDAY_LONG_RUN_SHARE else "sat"
    others = rng.sample([d for d in WEEKDAYS if d != long_day], count - 1)
    run_days = sorted([long_day, *others], key=WEEKDAYS.index)
    schedule: dict[str, Any] = {"run_days": run_days, "long_run_day": long_day}
    free = [d for d in WEEKDAYS if d not in run_days]
    if free and rng.random() < REST_DAY_SHARE:
        schedule["rest_days"] = [rng.choice(free)]
    if rng.random() < DAY_LIMIT_SHARE:
        weekdays = [d for d in WEEKDAYS[:5] if d != long_day]
        limited = rng.sample(weekdays, rng.randint(1, len(weekdays)))
        schedule["max_minutes"] = {d: _pick(rng, DAY_LIMIT_MINUTES) for d in sorted(limited, key=WEEKDAYS.index)}
    blackouts = []
    span = (race_day - start).days
    for share in BLACKOUT_SHARES:
        if rng.random() >= share:
            break
        first = start + timedelta(days=rng.randrange(0, int(span * BLACKOUT_PLAN_SHARE)))
        last = min(first + timedelta(days=rng.randint(*BLACKOUT_DAYS_RANGE) - 1), race_day - timedelta(days=1))
        blackouts.append({"from": first, "to": last})
    if blackouts:
        schedule["blackout"] = blackouts
    return schedule


def realistic_request_data(rng: random.Random, *, coach_horizon: bool = True) -> dict[str, Any]:
    """One runner of the realistic population (the module docstring's table), as plain data."""
    race = _pick(rng, RACE_MIX)
    ability_s = _ability_s(rng)
    vdot = vdot_from_race(NAMED_DISTANCES_KM["marathon"], ability_s)
    level = (MARATHON_MEAN_S / ability_s) ** WEEKLY_KM_ABILITY_EXPONENT
    start = date(2027, 1, 1) + timedelta(days=rng.randrange(0, 365))
    if rng.random() < MONDAY_START_SHARE:
        start -= timedelta(days=start.weekday())
    weekly_guess = WEEKLY_KM_AT_MEAN[race] * level
    run_days = _run_day_count(rng, race, weekly_guess)
    runner = _runner(rng, race, vdot, level, run_days)
    weeks = rng.randint(*HORIZON_WEEKS[race])
    if coach_horizon:
        cautious = runner["age"] >= 50 or runner["hamstring_history"] != "none"
        weeks = max(weeks, coach_minimum_weeks(race, runner["long_run_km"], vdot, step_back_every=3 if cautious else 4))
    race_weekday = 6 if rng.random() < SUNDAY_RACE_SHARE else 5
    race_day = start + timedelta(days=7 * (weeks - 1))
    race_day += timedelta(days=(race_weekday - race_day.weekday()) % 7)
    race_data: dict[str, Any] = {"distance": race, "date": race_day}
    if "recent_race" in runner and rng.random() < GOAL_SHARE:
        race_data["goal_time"] = _clock(race_time_for_vdot(vdot, NAMED_DISTANCES_KM[race]) * rng.uniform(*GOAL_FACTOR_RANGE))
    zone = rng.choice(list(ZONE_MILES_SHARE))
    return {
        "id": f"p{rng.randrange(10**8):08d}",
        "start": start,
        "time_zone": zone,
        "units": "mi" if rng.random() < ZONE_MILES_SHARE[zone] else "km",
        "race": race_data,
        "runner": runner,
        "schedule": _schedule(rng, run_days, start, race_day),
    }


def realistic_request(rng: random.Random, *, coach_horizon: bool = True) -> PlanRequest:
    return PlanRequest.model_validate(realistic_request_data(rng, coach_horizon=coach_horizon))


def realistic_population(count: int, seed: int, *, coach_horizon: bool = True) -> list[PlanRequest]:
    """``count`` realistic runners from one seed (the same list for the same seed)."""
    rng = random.Random(seed)
    return [realistic_request(rng, coach_horizon=coach_horizon) for _ in range(count)]
