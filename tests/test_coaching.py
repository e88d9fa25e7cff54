"""The coaching family: plans carry advice apart from violations, and the coaching checks flag
what a coach would flag (each check made to fail on an edited plan)."""

from __future__ import annotations

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
