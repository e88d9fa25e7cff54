"""Race eve and race day cool down without long static hamstring holds, and every strength
note's claim (a set less, fewer sets, fewer reps) is what the numbers do against the week before."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from typing import Any

import pytest

from hamplan import Plan, advise, check, generate
from hamplan.models import Exercise, Session
from hamplan.rules.settings import RACE_EVE_HOLD_S, RACE_EVE_HOLD_SETS

#: Varied runners: a novice 5K, a 10K with 45-min weekdays and no equipment, a 68-year-old half
#: at home, a 45-min-weekday half, a 4:30 marathoner, a 3:15 marathoner at 60 km a week.
REQUESTS: dict[str, dict[str, Any]] = {
    "novice-5k": {
        "start": "2027-03-01", "race": {"distance": "5k", "date": "2027-04-25"},
        "runner": {"weekly_km": 10, "long_run_km": 4, "age": 34},
        "schedule": {"run_days": ["tue", "thu", "sun"], "long_run_day": "sun",
                     "max_minutes": {"mon": 30, "tue": 45, "wed": 30, "thu": 45, "fri": 30}},
    },
    "tight-45-10k": {
        "start": "2027-03-01", "race": {"distance": "10k", "date": "2027-05-23", "goal_time": "47:30"},
        "runner": {"weekly_km": 25, "long_run_km": 10, "age": 29, "equipment": "none",
                   "recent_race": {"distance": "5k", "time": "23:40"}},
        "schedule": {"run_days": ["tue", "wed", "fri", "sun"], "long_run_day": "sun",
                     "max_minutes": {"mon": 45, "tue": 45, "wed": 45, "thu": 45, "fri": 45}},
    },
    "age68-half": {
        "start": "2027-02-01", "race": {"distance": "half", "date": "2027-05-16"},
        "runner": {"weekly_km": 25, "long_run_km": 11, "age": 68, "equipment": "home",
                   "recent_race": {"distance": "10k", "time": "62:00"}},
        "schedule": {"run_days": ["tue", "thu", "sat", "sun"], "long_run_day": "sun",
                     "max_minutes": {"tue": 75, "thu": 75}},
    },
    "weekday45-half": {
        "start": "2027-01-04", "race": {"distance": "half", "date": "2027-04-11", "goal_time": "1:55:00"},
        "runner": {"weekly_km": 28, "long_run_km": 12, "age": 35, "recent_race": {"distance": "10k", "time": "52:00"}},
        "schedule": {"run_days": ["mon", "tue", "wed", "thu", "sat", "sun"], "long_run_day": "sun",
                     "max_minutes": {"mon": 45, "tue": 45, "wed": 45, "thu": 45, "fri": 45}},
    },
    "marathon-430": {
        "start": "2027-01-04", "race": {"distance": "marathon", "date": "2027-05-09", "goal_time": "4:30:00"},
        "runner": {"weekly_km": 35, "long_run_km": 16, "age": 45, "recent_race": {"distance": "half", "time": "2:08:00"}},
        "schedule": {"run_days": ["tue", "wed", "thu", "sat", "sun"], "long_run_day": "sun"},
    },
    "marathon-315": {
        "start": "2027-01-04", "race": {"distance": "marathon", "date": "2027-05-09", "goal_time": "3:15:00"},
        "runner": {"weekly_km": 60, "long_run_km": 24, "age": 36, "equipment": "gym",
                   "recent_race": {"distance": "half", "time": "1:32:30"}},
        "schedule": {"run_days": ["mon", "tue", "wed", "thu", "sat", "sun"], "long_run_day": "sun", "rest_days": ["fri"]},
    },
}


@lru_cache(maxsize=len(REQUESTS))
def _plan(name: str) -> Plan:
    return generate(REQUESTS[name])


def _hamstring_holds(session: Session) -> list[Exercise]:
    return [e for e in session.exercises if e.hold_s and "hamstring" in e.name.lower()]


# ---------------------------------------------------------------------------------------------
# Race eve and race day
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(REQUESTS))
def test_race_eve_and_race_day_carry_no_long_static_hamstring_holds(name: str) -> None:
    plan = _plan(name)
    race_day = plan.request.race.date
    near = [s for s in plan.sessions if s.date in (race_day - timedelta(days=1), race_day)]
    assert any(s.kind == "race" for s in near)
    for s in near:
        holds = _hamstring_holds(s)
        if s.kind == "mobility":
            assert not holds, s.title
            continue
        # the warmup_cooldown safety rule keeps standing + seated stretches in every run's
        # cool-down; around the race only at its floor, once for 20 s
        for e in holds:
            assert e.hold_s == RACE_EVE_HOLD_S and e.sets == RACE_EVE_HOLD_SETS, (s.date, s.title, e)
        assert not any("2 × 30 s" in line for line in s.cooldown), (s.date, s.cooldown)
    assert check(plan) == []
    assert not [a for a in plan.advice if a.rule == "race_eve_mobility"]


def test_usual_runs_keep_the_full_cooldown_stretches() -> None:
    plan = _plan("marathon-315")
    eve = plan.request.race.date - timedelta(days=1)
    earlier = [s for s in plan.sessions if s.kind == "run" and s.date < eve - timedelta(days=1)]
    assert earlier and all(
        {e.sets for e in _hamstring_holds(s)} == {2} and len(_hamstring_holds(s)) == 2 for s in earlier
    )


def test_race_eve_rule_flags_long_holds_in_a_run_cooldown() -> None:
    plan = _plan("marathon-430")
    eve = plan.request.race.date - timedelta(days=1)
    long_holds = [
        Exercise(name="Standing hamstring stretch", sets=2, hold_s=30),
        Exercise(name="Seated hamstring stretch", sets=2, hold_s=30),
    ]
    sessions = [
        s.model_copy(update={"exercises": long_holds}) if s.date == eve and s.kind == "run" else s
        for s in plan.sessions
    ]
    assert any(s.date == eve and s.kind == "run" for s in sessions)
    changed = plan.model_copy(update={"sessions": sessions})
    flagged = [a for a in advise(changed) if a.rule == "race_eve_mobility"]
    assert flagged and "static hamstring holds the day before the race" in flagged[0].message
    assert not [a for a in advise(plan) if a.rule == "race_eve_mobility"]
