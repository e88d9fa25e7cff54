"""The coaching family: plans carry advice apart from violations, and the coaching checks flag
what a coach would flag (each check made to fail on an edited plan)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

import hamplan
from hamplan.models import Plan
from hamplan.rules.coaching import COACHING_RULE_IDS

MARATHON = Path(__file__).resolve().parent.parent / "examples" / "masters-marathon-past-strain.toml"


@pytest.fixture(scope="module")
def marathon() -> Plan:
    return hamplan.generate(MARATHON)


def test_plan_carries_the_advice_the_checker_recomputes(marathon: Plan) -> None:
    assert hamplan.check(marathon) == []
    assert marathon.advice == hamplan.advise(marathon)
    assert all(a.rule in COACHING_RULE_IDS for a in marathon.advice)
    assert "advice" in hamplan.plan_schema()["properties"]


def test_race_week_is_light_and_short(marathon: Plan) -> None:
    last = marathon.weeks[-1]
    peak = max(w.run_km for w in marathon.weeks if w.phase in ("base", "build", "peak"))
    assert last.run_km <= 0.40 * peak + 0.05
    race_day = marathon.request.race.date
    for s in marathon.sessions:
        if s.kind == "run" and (race_day - s.date).days < 7:
            assert s.duration_min <= (30 if (race_day - s.date).days == 1 else 60)


def test_marathon_plan_holds_marathon_pace_work(marathon: Plan) -> None:
    assert any(s.type == "marathon" for s in marathon.sessions)


SUB_3_15 = """
id = "sub-3-15"
start = 2027-01-04
[race]
distance = "marathon"
date = 2027-05-09
goal_time = "3:15:00"
[runner]
weekly_km = 60
long_run_km = 24
age = 36
recent_race = { distance = "half", time = "1:32:30" }
[schedule]
run_days = ["mon", "tue", "wed", "thu", "sat", "sun"]
long_run_day = "sun"
rest_days = ["fri"]
"""


def _marathon_pace_km_by_week(plan: Plan) -> dict[int, float]:
    """Each week's longest marathon-pace block (km at M in its marathon-pace session)."""
    out: dict[int, float] = {}
    for week in plan.weeks:
        end = week.start + timedelta(days=week.days)
        for s in plan.sessions:
            if s.type == "marathon" and week.start <= s.date < end and s.workout is not None:
                km = sum(b.repeat * (st.distance_m or 0) for b in s.workout.blocks for st in b.steps if st.pace == "marathon") / 1000
                out[week.index] = max(out.get(week.index, 0.0), km)
    return out


@pytest.mark.parametrize("source", ["masters", "sub-3:15"])
def test_marathon_pace_work_grows_through_the_build_to_a_full_session(source: str, marathon: Plan, tmp_path: Path) -> None:
    """The week's marathon-pace session gets the day its progression step needs (from the easy
    runs, within 80 % easy running): the M block grows week to week outside step-back weeks
    to at least the first full step (8 km) by the peak, and the taper holds less."""
    if source == "masters":
        plan = marathon
    else:
        (tmp_path / "req.toml").write_text(SUB_3_15, encoding="utf-8")
        plan = hamplan.generate(tmp_path / "req.toml")
    assert hamplan.check(plan) == []
    m_km = _marathon_pace_km_by_week(plan)
    weeks = {w.index: w for w in plan.weeks}
    building = [m_km[w] for w in sorted(m_km) if weeks[w].phase in ("build", "peak") and not weeks[w].cutback]
    assert len(building) >= 3
    assert all(b >= a - 0.05 for a, b in zip(building, building[1:])), building
    assert building[-1] >= 8.0 and building[-1] >= building[0] + 3.0, building
    taper = [m_km[w] for w in m_km if weeks[w].phase in ("taper", "race")]
    assert taper and max(taper) < building[-1]


def _edited(plan: Plan, **changes: object) -> Plan:
    return plan.model_copy(update=changes)


def test_a_long_race_week_run_is_advised_not_violated(marathon: Plan) -> None:
    race_day = marathon.request.race.date
    sessions = list(marathon.sessions)
    i = next(i for i, s in enumerate(sessions) if s.kind == "run" and 2 <= (race_day - s.date).days < 7)
    sessions[i] = sessions[i].model_copy(update={"duration_min": 95})
    edited = _edited(marathon, sessions=sessions)
    assert "race_week_runs" in {a.rule for a in hamplan.advise(edited)}


def test_taper_long_run_too_long_is_advised(marathon: Plan) -> None:
    sessions = list(marathon.sessions)
    week_start = marathon.weeks[-2].start
    i = next(i for i, s in enumerate(sessions) if s.type == "long" and s.date >= week_start)
    sessions[i] = sessions[i].model_copy(update={"distance_km": 30.0})
    assert "taper_long_runs" in {a.rule for a in hamplan.advise(_edited(marathon, sessions=sessions))}


def test_check_exits_zero_on_advice_alone(marathon: Plan, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from hamplan.cli import app

    path = tmp_path / "plan.json"
    marathon.write_json(path)
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 0
    assert "no violations" in " ".join(result.stdout.split())


def test_a_replan_after_a_missed_week_is_a_plan_of_the_same_model(marathon: Plan) -> None:
    from datetime import timedelta

    missed = marathon.weeks[7].start
    today = missed + timedelta(days=7)
    skipped = {missed + timedelta(days=i) for i in range(7)}
    log = [
        {"date": s.date, "kind": s.kind, "type": s.type, "distance_km": s.distance_km, "duration_min": s.duration_min}
        for s in marathon.sessions
        if s.date < today and s.date not in skipped and s.status != "cancelled"
    ]
    new = hamplan.replan(marathon, log, today)
    assert hamplan.check(new) == []
    back = next(w for w in new.weeks if w.start >= today)
    assert back.long_run_km < 0.5 * back.run_km  # not half the return week in one run
    assert new.advice == hamplan.advise(new)
