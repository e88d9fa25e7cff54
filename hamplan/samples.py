"""Random but valid plan requests, for property tests, benchmarks and batch corpora.

``random_request(rng)`` draws every field a request allows (odd ages, long horizons, blackouts
near race day, time zones with daylight-saving changes, tight ``max_minutes``) from a
``random.Random``, so a seed names a reproducible corpus.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from hamplan.models import WEEKDAYS, PlanRequest

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
