"""Re-plans are plans: after a missed week, a pause for travel or one unplanned long run, the
re-plan keeps the coaching model of a fresh plan (the plan's level, the long run's share of the
week, a graduated return), and every safety rule."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

import hamplan
from hamplan import Plan
from hamplan.rules.base import long_run_work_min
from hamplan.rules.context import PlanContext

#: A 3:15 marathoner at 60 km a week, 18 weeks, 6 run days.
MARATHON_315: dict[str, Any] = {
    "id": "marathon-315",
    "start": "2027-01-04",
    "time_zone": "Europe/Berlin",
    "race": {"distance": "marathon", "date": "2027-05-09", "goal_time": "3:15:00"},
    "runner": {"weekly_km": 60, "long_run_km": 24, "age": 36, "recent_race": {"distance": "half", "time": "1:32:30"}},
    "schedule": {"run_days": ["mon", "tue", "wed", "thu", "sat", "sun"], "long_run_day": "sun", "rest_days": ["fri"]},
}
#: A novice 5K runner at 10 km a week, 8 weeks, 3 run days.
NOVICE_5K: dict[str, Any] = {
    "id": "novice-5k",
    "start": "2027-03-01",
    "time_zone": "Europe/London",
    "race": {"distance": "5k", "date": "2027-04-25"},
    "runner": {"weekly_km": 10, "long_run_km": 4, "age": 34},
    "schedule": {"run_days": ["tue", "thu", "sun"], "long_run_day": "sun", "max_minutes": {"mon": 30, "tue": 45, "wed": 30, "thu": 45, "fri": 30}},
}

#: A 4:30 marathoner at 35 km a week: the peak is capped by time (``peak_by_time``).
MARATHON_430: dict[str, Any] = {
    "id": "marathon-430",
    "start": "2027-01-04",
    "time_zone": "America/Chicago",
    "race": {"distance": "marathon", "date": "2027-05-09", "goal_time": "4:30:00"},
    "runner": {"weekly_km": 35, "long_run_km": 16, "age": 41, "recent_race": {"distance": "half", "time": "2:08:00"}},
    "schedule": {"run_days": ["tue", "wed", "thu", "sat", "sun"], "long_run_day": "sun", "rest_days": ["mon"]},
}


@pytest.fixture(scope="module")
def slow_marathon() -> Plan:
    return hamplan.generate(MARATHON_430)


@pytest.fixture(scope="module")
def marathon() -> Plan:
    return hamplan.generate(MARATHON_315)


@pytest.fixture(scope="module")
def novice() -> Plan:
    return hamplan.generate(NOVICE_5K)


def _done(plan: Plan, today: date, *, skip: frozenset[date] = frozenset()) -> list[dict[str, Any]]:
    return [
        {"date": s.date, "kind": s.kind, "type": s.type, "distance_km": s.distance_km, "duration_min": s.duration_min}
        for s in plan.sessions
        if s.date < today and s.date not in skip and s.status != "cancelled"
    ]


def _runs(plan: Plan, first: date, days: int = 7) -> list[Any]:
    return [s for s in plan.sessions if s.kind == "run" and s.status != "cancelled" and first <= s.date < first + timedelta(days=days)]


def _after_missed_week(plan: Plan, week: int) -> tuple[Plan, Any]:
    """The re-plan the Monday after a week with nothing done, and its first week, whose long run
    keeps the share of the week a coach allows (COACHING.md: 50 % under 30 km, 40 % at 30-50 km,
    35 % above)."""
    missed = plan.weeks[week - 1].start
    today = missed + timedelta(days=7)
    new = hamplan.replan(plan, _done(plan, today, skip=frozenset(missed + timedelta(days=i) for i in range(7))), today)
    assert hamplan.check(new) == []
    back = new.weeks[0]
    band = 0.35 if back.run_km > 50 else (0.40 if back.run_km >= 30 else 0.50)
    assert back.long_run_km <= band * back.run_km + 0.05
    return new, back


def test_a_missed_week_before_a_step_back_week_is_re_planned_with_a_return_week_of_the_model(marathon: Plan) -> None:
    # week 7 missed: the old plan's week 8 (the re-plan's week 1) was a step-back week, and the
    # fixed cutback after an empty week had to be empty, so the re-plan was refused
    new, back = _after_missed_week(marathon, 7)
    before_break = marathon.weeks[5]
    assert back.run_km <= 0.8 * before_break.run_km  # a return week, not a catch-up
    assert back.long_run_km <= 0.85 * before_break.long_run_km + 0.05  # its long run cut like a step-back week's
    assert not any(s.is_quality for s in _runs(new, back.start))


def test_the_return_week_after_a_missed_step_back_week_keeps_the_long_run_band(marathon: Plan) -> None:
    # the runner's own long run (24 km, run in 68 km weeks) held the return week's long run at
    # 24 km of 53 km (45 %): a re-plan scales it to the week it returns to
    new, _ = _after_missed_week(marathon, 8)
    assert new.advice == hamplan.advise(new)


@pytest.mark.parametrize(("days_away", "easy_days"), [(10, 7), (3, 3)])
def test_a_pause_for_travel_is_followed_by_a_graduated_return(marathon: Plan, days_away: int, easy_days: int) -> None:
    start = marathon.weeks[6].start
    end = start + timedelta(days=days_away - 1)
    new = hamplan.pause(marathon, start, end, "travel")
    assert hamplan.check(new) == []
    easing = new.request.easing
    assert easing is not None and easing.reason == "travel" and easing.until == end + timedelta(days=easy_days)
    back = [s for s in new.sessions if s.kind == "run" and s.status != "cancelled" and end < s.date <= easing.until]
    assert back and not any(s.is_quality for s in back)
    assert "travel" in new.changes_since(marathon)[0].reason


@pytest.mark.parametrize("fixture", ["novice", "marathon", "slow_marathon"])
def test_one_unplanned_long_run_does_not_lift_the_rest_of_the_plan(fixture: str, request: pytest.FixtureRequest) -> None:
    # a beginner's one unplanned 10 km run (2.5 x the long run before the plan) became the
    # re-plan's base: every later week rose (peak 16.2 -> 22.3 km), and the marathoner's peak
    # rose from 75 to 87 km after one 36 km run; a peak capped by time stays capped
    plan: Plan = request.getfixturevalue(fixture)
    week = plan.weeks[2 if fixture == "novice" else 6].start
    today = week + timedelta(days=7)
    saturday = today - timedelta(days=2)
    done = [d for d in _done(plan, today) if not (d["date"] == saturday and d["kind"] == "run")]
    longest = max(d["distance_km"] for d in done if d["kind"] == "run")
    extra = max(10.0, round(1.5 * longest, 1))
    done.append({"date": saturday, "kind": "run", "type": "long", "distance_km": extra, "duration_min": round(extra * 6.5)})
    new = hamplan.replan(plan, done, today)
    assert hamplan.check(new) == []
    assert new.request.easing is not None and new.request.easing.reason == "overload"  # the safety side still eases
    assert {a.rule for a in new.advice} <= {a.rule for a in plan.advice}  # its easier week is not an early step-back
    old_weeks = {w.start: w for w in plan.weeks}
    # a peak capped by time is capped again from the level the runner has reached (never below
    # 1.25 x it, peak_by_time): the 4:30 marathoner's 53.1 km peak may move to 55.6, not to 65;
    # days with a time limit hold a little more at the re-plan's easy pace when the log made it
    # faster (the novice's 45-min weekdays: 5.6 -> 5.7 km at 7:14 -> 7:08 /km), nothing more
    slack = 1.05 if fixture == "slow_marathon" else max(1.0, plan.paces.easy.fast_min_per_km / new.paces.easy.fast_min_per_km)
    assert max(w.run_km for w in new.weeks) <= slack * max(w.run_km for w in plan.weeks) + 0.05
    for w in new.weeks[1:]:
        was = old_weeks.get(w.start)
        if was is not None:
            assert w.run_km <= slack * was.run_km + 0.05, f"week of {w.start}: {w.run_km} km after a plan of {was.run_km} km"
            assert w.long_run_km <= max(was.long_run_km, 0.0) + 1.0


def test_a_re_plan_keeps_the_plan_peak_and_is_byte_identical(marathon: Plan) -> None:
    today = marathon.weeks[4].start
    # a missed Sunday long run and the Saturday before: the plan is made anew, and keeps its peak
    skip = frozenset({today - timedelta(days=1), today - timedelta(days=2)})
    first = hamplan.replan(marathon, _done(marathon, today, skip=skip), today)
    again = hamplan.replan(marathon, _done(marathon, today, skip=skip), today)
    assert first.model_dump_json() == again.model_dump_json()
    assert max(w.run_km for w in first.weeks) <= max(w.run_km for w in marathon.weeks) + 0.05
    on_plan = hamplan.replan(marathon, _done(marathon, today), today)
    assert on_plan.changes_since(marathon) == [] and on_plan.request == marathon.request


def test_a_return_week_keeps_the_band_where_the_curve_is_off() -> None:
    # the masters marathoner's re-plan needs the load rules' fill (the curve's ceilings leave the
    # race's long run no room), and its return week kept 23.3 km of 50.8 km (46 %)
    masters = hamplan.generate(Path(__file__).resolve().parent.parent / "examples" / "masters-marathon-past-strain.toml")
    new, back = _after_missed_week(masters, 8)
    assert not any(s.is_quality for s in _runs(new, back.start))


def test_the_cutback_after_a_missed_week_is_not_advised_as_an_early_step_back() -> None:
    # a 2 : 1 runner: after the missed week the load rules ask for a cutback within weeks 2-3
    # of the re-plan; "steps back before the runner has built" was advice for a fresh start
    plan = hamplan.generate({
        "id": "strain-10k", "start": "2027-03-29", "time_zone": "America/Chicago", "race": {"distance": "10k", "date": "2027-06-20"},
        "runner": {"weekly_km": 25.1, "long_run_km": 9.4, "age": 51, "hamstring_history": "recent_strain", "equipment": "home"},
        "schedule": {"run_days": ["tue", "wed", "fri", "sat"], "long_run_day": "sat",
                     "max_minutes": {"mon": 45, "tue": 60, "wed": 60, "thu": 60, "fri": 45}},
    })
    new, _ = _after_missed_week(plan, 5)
    assert "early_step_back" not in {a.rule for a in new.advice}


def _fast_running(session: Any) -> bool:
    return session.is_quality or any(word in session.title.lower() for word in ("strides", "sprint"))


@pytest.mark.parametrize(
    ("fixture", "last_day", "reason"),
    [("marathon", date(2027, 3, 16), "travel"), ("marathon", date(2027, 3, 16), "illness"), ("slow_marathon", date(2027, 3, 16), "travel")],
)
def test_the_easy_days_after_a_pause_hold_no_strides(fixture: str, last_day: date, reason: str, request: pytest.FixtureRequest) -> None:
    # "easy days first, no fast sessions": the 3:15 marathoner's first run back after 10 days
    # of travel carried strides (and so did the 4:30's first two runs after 9 days). His 10-day
    # pause is refused now (its race long run fitted only as an easy run: the test above), so
    # his pauses here last 9 days
    plan = request.getfixturevalue(fixture)
    new = hamplan.pause(plan, date(2027, 3, 8), last_day, reason)
    assert hamplan.check(new) == []
    easing = new.request.easing
    assert easing is not None
    back = [s for s in _runs(new, last_day + timedelta(days=1), (easing.until - last_day).days)]
    assert back and not any(_fast_running(s) for s in back), [s.title for s in back]


def test_the_week_back_from_a_pause_has_its_long_run_and_no_big_easy_run(slow_marathon: Plan) -> None:
    # 9 days of travel: the 5 days back held 42.5 km with a 14.8 km Saturday typed "easy" and
    # no long run, so no long-run limit applied to it
    new = hamplan.pause(slow_marathon, date(2027, 3, 8), date(2027, 3, 16), "travel")
    assert hamplan.check(new) == []
    back = new.weeks[1]
    runs = _runs(new, back.start)
    longs = [r for r in runs if r.type == "long"]
    assert len(longs) == 1 and longs[0].date.strftime("%a") == "Sun"
    assert all(r.distance_km <= longs[0].distance_km for r in runs)
    last_long = max(s.distance_km or 0 for s in _runs(slow_marathon, date(2027, 2, 22), 14))
    assert longs[0].distance_km <= min(0.40 * back.run_km + 0.05, last_long)
    assert "break_week_long_run" not in {a.rule for a in new.advice}


def test_a_pause_that_leaves_the_races_long_run_only_as_an_easy_run_is_refused(marathon: Plan) -> None:
    # 10 days of travel 9 weeks out: race_readiness needs a 25.4 km long run before the taper,
    # and the weeks back cannot hold one within long_run's share. The re-plan used to reach it
    # with a 26.7 km "easy" run in the return week, which no long-run limit bounds (advised, not
    # prevented); the rule asks for a long run, so the pause is refused, saying what would work
    with pytest.raises(hamplan.InfeasiblePlanError) as refused:
        hamplan.pause(marathon, date(2027, 3, 8), date(2027, 3, 17), "travel")
    assert "race_readiness" in refused.value.conflicts
    assert any("back from a break, only a run planned as the long run counts, not an easy run as long" in r for r in refused.value.reasons)
    assert {"race.date", "race.distance"} <= {field for s in refused.value.suggestions for field in s.changes}


#: The 3:15 marathoner of ``MARATHON_315`` a week earlier, with no rest day set.
MARATHON_315_NO_REST_DAY: dict[str, Any] = {
    **MARATHON_315,
    "race": {"distance": "marathon", "date": "2027-05-02", "goal_time": "3:15:00"},
    "schedule": {"run_days": ["mon", "tue", "wed", "thu", "sat", "sun"], "long_run_day": "sun"},
}


def test_the_first_day_back_from_an_illness_is_not_the_races_long_run() -> None:
    # ill for 9 days from the Tuesday of week 10, 24.6 km run as the longest before: the re-plan
    # reached the race's 25.3 km (race_readiness) as a 139-min "easy run" on the first day back,
    # in a 37.5 km week; now the long run grows back to it as a long run, within its share
    plan = hamplan.generate(MARATHON_315_NO_REST_DAY)
    new = hamplan.pause(plan, date(2027, 3, 9), date(2027, 3, 17), "illness")
    assert hamplan.check(new) == []
    runs = [s for s in new.sessions if s.kind == "run" and s.status != "cancelled" and s.date > date(2027, 3, 17)]
    assert runs[0].duration_min <= 60
    need = 0.6 * 42.195
    before_taper = [w for w in new.weeks if w.phase in ("base", "build", "peak")]
    ready = [r for r in runs if (r.distance_km or 0) >= need - 0.05 and any(w.start <= r.date < w.start + timedelta(days=7) for w in before_taper)]
    assert ready and all(r.type == "long" for r in ready)
    assert not {"break_week_long_run", "return_runs"} & {a.rule for a in new.advice}
    # and the notes say why the weeks back climb, and what to do if the illness lingers
    said = [n for n in new.notes if "needs a long run of 25.4 km before the taper" in n]
    assert said and "after your return" in said[0] and "If the illness lingers" in said[0]
    assert not [n for n in plan.notes if "needs a long run of" in n]


#: A 52-year-old marathoner at 60 km a week with a 6-day trip in December (the realistic
#: population, seed 2027).
MARATHON_WITH_TRIP: dict[str, Any] = {
    "id": "marathon-with-trip",
    "start": "2027-09-02",
    "time_zone": "Europe/London",
    "race": {"distance": "marathon", "date": "2028-02-13"},
    "runner": {"weekly_km": 59.8, "long_run_km": 20.7, "age": 52, "recent_race": {"distance": "10k", "time": "39:03"}, "equipment": "none"},
    "schedule": {
        "run_days": ["tue", "thu", "fri", "sat", "sun"], "long_run_day": "sun", "rest_days": ["mon"],
        "blackout": [{"from": "2027-12-13", "to": "2027-12-18"}],
    },
}


def test_an_illness_before_a_trip_runs_no_long_run_as_an_easy_run() -> None:
    # 5 days ill a week before the trip: the re-plan came from the last resort, which bounded the
    # weeks around the breaks by the load rules alone: a 26.2 km Sunday "easy run" before the
    # trip (the last long run was 23.9 km), then, the model changed, a 51 km week of two 25.5 km
    # runs back from it. The last resort now keeps the week model's shape for those weeks
    plan = hamplan.generate(MARATHON_WITH_TRIP)
    new = hamplan.pause(plan, date(2027, 12, 2), date(2027, 12, 6), "illness")
    assert hamplan.check(new) == []
    last_long = max(s.distance_km or 0 for s in plan.sessions if s.kind == "run" and s.date < date(2027, 12, 2))
    easy = [s for s in new.sessions if s.kind == "run" and s.status != "cancelled" and s.date >= date(2027, 12, 2) and s.type in ("easy", "recovery")]
    assert easy and max(s.distance_km or 0 for s in easy) <= 0.6 * last_long + 1.0 + 0.05


@pytest.mark.parametrize("fixture", ["marathon", "slow_marathon"])
def test_the_long_run_rebuilds_the_same_way_after_a_missed_week(fixture: str, request: pytest.FixtureRequest) -> None:
    # week 7 missed, week 8 (a step-back) done: the 4:30 marathoner's long run jumped from the
    # 14.3 km just done to 21.0 km (1.47 x, 50 % of the week) while the 3:15's was cut
    plan: Plan = request.getfixturevalue(fixture)
    missed, today = plan.weeks[6].start, plan.weeks[8].start
    new = hamplan.replan(plan, _done(plan, today, skip=frozenset(missed + timedelta(days=i) for i in range(7))), today)
    assert hamplan.check(new) == []
    last_long = max(s.distance_km or 0 for s in _runs(plan, plan.weeks[7].start))  # the only week of the 14 days done
    back = new.weeks[0]
    assert back.long_run_km <= 1.1 * last_long + 0.05
    assert back.long_run_km <= 0.40 * back.run_km + 0.05
    # the rule's allowance: 1.1 x the first week's long run and half the shortest run (1.5 km for
    # the 4:30 marathoner, whose curve needs 2.1 km of room in that week to reach its 24.5 km run)
    assert new.weeks[1].long_run_km <= 1.1 * back.long_run_km + PlanContext.for_request(new.request).min_run_tenths / 20 + 0.05
    assert not [a for a in hamplan.advise(new) if a.rule == "long_run_after_missed_week"]


def test_a_second_week_back_whose_long_run_jumps_is_advised(slow_marathon: Plan) -> None:
    """long_run_after_missed_week checks the second week back as its solver part bounds it: at
    most 1.1 × the first week's long run."""
    plan = slow_marathon
    missed, today = plan.weeks[6].start, plan.weeks[8].start
    new = hamplan.replan(plan, _done(plan, today, skip=frozenset(missed + timedelta(days=i) for i in range(7))), today)
    assert not [a for a in new.advice if a.rule == "long_run_after_missed_week"]
    second = new.weeks[1]
    jumped = [
        s.model_copy(update={"distance_km": round(1.3 * new.weeks[0].long_run_km, 1)})
        if s.type == "long" and second.start <= s.date < second.start + timedelta(days=7) else s
        for s in new.sessions
    ]
    advised = [a for a in hamplan.advise(new.model_copy(update={"sessions": jumped})) if a.rule == "long_run_after_missed_week"]
    assert advised and advised[0].week == 2


HALF_IN_APRIL = {
    "id": "half-april", "start": "2027-01-04", "time_zone": "Europe/Berlin",
    "race": {"distance": "half", "date": "2027-04-25"},
    "runner": {"weekly_km": 40, "long_run_km": 16, "age": 36, "recent_race": {"distance": "half", "time": "1:45:00"}},
    "schedule": {"run_days": ["mon", "tue", "wed", "thu", "sat", "sun"], "long_run_day": "sun", "rest_days": ["fri"]},
}


@pytest.mark.parametrize("reason", ["illness", "niggle", "travel"])
def test_a_pause_two_weeks_before_the_race_keeps_the_taper_and_stays_easy(reason: str) -> None:
    """A re-plan with no pre-taper week left tapers from the level the request states, as the
    checker reads it (the solver read the last logged week: 35.4 km against 34.3), and the
    return from a break carries no race-pace tune-up."""
    plan = hamplan.generate(HALF_IN_APRIL)
    new = hamplan.pause(plan, date(2027, 4, 12), date(2027, 4, 15), reason)
    assert hamplan.check(new) == []
    assert new.request.easing is not None
    eased = [s for s in new.sessions if s.kind == "run" and s.status != "cancelled" and s.date <= new.request.easing.until]
    assert not [s for s in eased if "tune-up" in s.title]


#: A 4:20 marathoner at 35 km a week on 4 run days, 70 min on Tuesday and Thursday, a week away
#: in January: the long run meets the race's need in the last week before the taper.
MARATHON_WITH_BREAK: dict[str, Any] = {
    "id": "my-marathon",
    "start": "2026-12-07",
    "time_zone": "Europe/Berlin",
    "race": {"distance": "marathon", "date": "2027-03-28", "goal_time": "4:20:00"},
    "runner": {"weekly_km": 35, "long_run_km": 16, "age": 42, "hamstring_history": "past_strain",
               "recent_race": {"distance": "half", "time": "2:02:00"}},
    "schedule": {
        "run_days": ["tue", "thu", "sat", "sun"], "long_run_day": "sun", "rest_days": ["mon"],
        "blackout": [{"from": "2027-01-18", "to": "2027-01-24"}], "max_minutes": {"tue": 70, "thu": 70},
    },
}


@pytest.mark.parametrize("today", [date(2026, 12, 18), date(2027, 1, 25), date(2027, 1, 29), date(2027, 2, 13), date(2027, 2, 28)])
def test_a_runner_on_plan_is_re_planned_on_any_day_of_the_week(today: date) -> None:
    """A runner who ran every session as planned keeps the plan, on any day: what was run leaves
    every rule holding on it. Planned anew from ``today``, in weeks cut from its weekday, the same
    runs read as other weeks, and these days (a Friday, a Monday, a Saturday, a Sunday) were
    refused: the peak long run fell out of the last week before the taper, or the weeks around
    it grew too fast (the pause below and the step-back test re-plan inside a week)."""
    plan = hamplan.generate(MARATHON_WITH_BREAK)
    log = [
        {"date": s.date, "kind": s.kind, "type": s.type, "distance_km": s.distance_km, "duration_min": s.duration_min}
        for s in plan.sessions if s.date < today
    ]
    new = hamplan.replan(plan, log, today)
    assert hamplan.check(new) == []
    assert new.replanned_on == today and new.changes_since(plan) == []
    assert [s for s in new.sessions if s.date >= today] == [s for s in plan.sessions if s.date >= today]


def test_a_pause_inside_a_week_keeps_the_week() -> None:
    """A pause from a Wednesday: the week's Monday and Tuesday stay as planned and run, the
    load rules read the whole week, and the return is graduated. (The week's two easy days: after
    a Tuesday threshold, Monday and Tuesday alone are under 80 % easy, and that week cannot be
    kept.)"""
    plan = hamplan.generate(MARATHON_315)
    # a build week whose Monday and Tuesday run easy (which weekday holds the week's session is
    # the solver's tie to break)
    monday = next(
        w.start for w in plan.weeks[4:] if w.phase == "build"
        and all(s.type in ("easy", "recovery") for s in plan.sessions if s.kind == "run" and w.start <= s.date < w.start + timedelta(days=2))
    )
    wednesday, sunday = monday + timedelta(days=2), monday + timedelta(days=6)
    new = hamplan.pause(plan, wednesday, sunday, "illness")
    assert hamplan.check(new) == []
    assert new.request.start == monday and new.replanned_on == wednesday
    assert [s for s in new.sessions if s.date < wednesday] == [s for s in plan.sessions if monday <= s.date < wednesday]
    assert not [s for s in new.sessions if wednesday <= s.date <= sunday and s.status != "cancelled"]


def test_an_illness_in_the_first_week_keeps_the_runners_level() -> None:
    """Ill from the plan's first Wednesday: the return is capped at 0.8 × the runner's level
    (35 km a week before the plan), not at 0.8 × the one run of the plan before the pause (the
    return was capped at 2.4 km, and the marathon 17 weeks away was refused)."""
    plan = hamplan.generate(MARATHON_430)
    new = hamplan.pause(plan, date(2027, 1, 6), date(2027, 1, 10), "illness")
    assert hamplan.check(new) == []
    assert new.request.easing is not None and new.request.easing.max_weekly_km is not None
    assert new.request.easing.max_weekly_km >= 0.6 * MARATHON_430["runner"]["weekly_km"]
    assert new.request.start == date(2027, 1, 4) and new.replanned_on == date(2027, 1, 6)


def test_a_re_plan_goes_on_in_the_plans_phases_and_progressions() -> None:
    """Re-planned in week 10 of 18 by a runner who ran everything as planned: the weeks keep the
    plan's phases (build, not base again), the first workouts go on from the rung the plan had
    reached (threshold, not hill sprints), and strength keeps its load (not 3 x 10 again)."""
    plan = hamplan.generate(MARATHON_315)
    today = date(2027, 3, 8)
    log = [
        {"date": s.date, "kind": s.kind, "type": s.type, "distance_km": s.distance_km, "duration_min": s.duration_min}
        for s in plan.sessions if s.date < today
    ]
    new = hamplan.replan(plan, log, today)
    assert hamplan.check(new) == []
    phase_of = {w.start: w.phase for w in plan.weeks}
    assert [w.phase for w in new.weeks] == [phase_of[w.start] for w in new.weeks]

    def planned(p: Plan, kind: str) -> list:
        return [s for s in p.sessions if s.kind == kind and s.status != "cancelled" and today <= s.date < today + timedelta(days=14)]

    done = [s.title for s in plan.sessions if s.kind == "run" and s.type == "tempo" and s.date < today]
    first = [s for s in planned(new, "run") if s.is_quality]
    assert first and first[0].type == "tempo" and first[0].title not in done[:3]
    doses = {(e.name, e.sets, e.reps) for s in planned(plan, "strength") for e in s.exercises}
    assert {(e.name, e.sets, e.reps) for s in planned(new, "strength") for e in s.exercises} == doses


def test_a_plan_from_a_history_keeps_its_step_back_rhythm_and_the_curve_of_its_week() -> None:
    """The 3:15 marathoner's plan continued from week 10, from the history of its first nine weeks
    (as a re-plan asks it): the step-back week stays where the plan had it (week 12, after the
    build weeks 9 to 11; the week after a step-back week counts as a build week, as the rule
    ``cutback`` counts it: not counting it put the step-back a week late, four loading weeks in
    a row), and neither the first week nor any long run goes past the plan's."""
    plan = hamplan.generate(MARATHON_315)
    today = date(2027, 3, 8)
    history = [d for d in _done(plan, today) if d["kind"] != "race"]
    request = {
        **MARATHON_315, "start": today.isoformat(), "history": history, "phases_from": MARATHON_315["start"],
        "rules": {"peak_weekly_km": max(w.run_km for w in plan.weeks)},
    }
    new = hamplan.generate(request)
    assert hamplan.check(new) == []
    assert [w.start for w in new.weeks if w.cutback] == [w.start for w in plan.weeks if w.cutback and w.start >= today]
    assert new.weeks[0].run_km <= {w.start: w for w in plan.weeks}[today].run_km + 0.5
    assert max(w.long_run_km for w in new.weeks) <= max(w.long_run_km for w in plan.weeks) + 0.05


def test_a_log_with_two_runs_a_day_or_a_row_twice_still_gets_a_clean_re_plan() -> None:
    """The solver takes a day run as one run and one session of each kind; the checker counts
    the log's rows. A Tuesday run as hill sprints and a tempo, and the week's strength session
    logged twice (a watch sync), once gave a re-plan inside the week that the checker refused
    (three quality sessions, three strength sessions): such a re-plan now starts on today."""
    plan = hamplan.generate(MARATHON_315)
    today, tuesday = date(2027, 3, 10), date(2027, 3, 9)
    log = [d for d in _done(plan, today) if not (d["date"] == tuesday and d["kind"] == "run")]
    log += [
        {"date": tuesday, "kind": "run", "type": "hills", "distance_km": 3.0, "duration_min": 16},
        {"date": tuesday, "kind": "run", "type": "tempo", "distance_km": 3.6, "duration_min": 19},
    ]
    log += [d for d in _done(plan, today) if d["kind"] == "strength" and d["date"] >= date(2027, 3, 8)]
    new = hamplan.replan(plan, log, today)
    assert hamplan.check(new) == []
    assert new.replanned_on == today


def test_the_illness_cap_holds_for_the_7_days_after_it() -> None:
    """Ill from a Thursday to the Monday: the return's 7 days are capped at 0.8 x the runner's
    recent level as the runner counts them, also where they fall in two plan weeks (each under
    the cap, they once held 44.5 km against a 39.9 km cap)."""
    plan = hamplan.generate(MARATHON_430)
    first, last = date(2027, 2, 18), date(2027, 2, 22)
    new = hamplan.pause(plan, first, last, "illness")
    assert hamplan.check(new) == []
    easing = new.request.easing
    assert easing is not None and easing.max_weekly_km is not None and easing.until == last + timedelta(days=7)
    back = [s for s in _runs(new, last + timedelta(days=1), 7)]
    assert sum(s.distance_km for s in back) <= easing.max_weekly_km + 0.05


def test_a_pause_in_race_week_counts_the_long_run_the_build_held() -> None:
    """Two days ill in race week: the plan has no week before the taper left, and the runner's
    longest run of the last 30 days (23.6 km) is under the marathon's 25.4 km, but the build
    held 25.5 km seven weeks before. That run counts (race_readiness asks for it before the
    taper, not within 30 days): the pause was refused, with "race 3 weeks later"."""
    plan = hamplan.generate({
        "id": "summer-marathon", "start": "2027-03-01", "time_zone": "Europe/Berlin",
        "race": {"distance": "marathon", "date": "2027-07-04", "goal_time": "4:20:00"},
        "runner": {"weekly_km": 35, "long_run_km": 16, "age": 38, "hamstring_history": "past_strain",
                   "equipment": "home", "recent_race": {"distance": "half", "time": "2:02:00"}},
        "schedule": {"run_days": ["tue", "thu", "sat", "sun"], "long_run_day": "sun", "rest_days": ["mon", "fri"],
                     "strength_days": ["tue", "thu"], "blackout": [{"from": "2027-04-26", "to": "2027-05-02"}],
                     "max_minutes": {"tue": 70, "wed": 70, "thu": 70}},
    })
    readiness = PlanContext.for_request(plan.request).readiness_km
    assert max(w.long_run_km for w in plan.weeks if w.start < date(2027, 6, 1)) >= readiness
    new = hamplan.pause(plan, date(2027, 6, 29), date(2027, 6, 30), "illness")
    assert hamplan.check(new) == []
    assert [s.kind for s in new.sessions if s.date == date(2027, 7, 4) and s.status != "cancelled"] == ["race"]


def test_a_skipped_yoga_session_moves_to_a_later_day_of_the_week() -> None:
    """A runner on plan who skipped this week's yoga session: the plan stands and the session
    moves to a later day of the week where every rule holds (planned anew, the plan changed in
    16-64 places, runs and all)."""
    plan = hamplan.generate(MARATHON_315)
    today = date(2027, 3, 10)
    monday = today - timedelta(days=today.weekday())
    log = [d for d in _done(plan, today) if not (d["kind"] == "mobility" and d["date"] >= monday)]
    new = hamplan.replan(plan, log, today)
    assert hamplan.check(new) == []
    changes = new.changes_since(plan)
    assert [(c.kind, c.change) for c in changes] == [("mobility", "added")]
    assert monday <= changes[0].date < monday + timedelta(days=7) and "moved" in changes[0].reason


def test_a_re_plan_numbers_its_weeks_on_from_the_first_plan() -> None:
    """A pause in week 10 of 18: the calendar's week lines read "Week 10 of 18" as before it,
    not "Week 1 of 9" (an unchanged event's text changed with every re-plan); the printout
    says it is a re-plan (it did not)."""
    from hamplan.export.ics import to_ics

    plan = hamplan.generate(MARATHON_315)
    new = hamplan.pause(plan, date(2027, 3, 10), date(2027, 3, 12), "illness")
    text = to_ics(new).decode().replace("\r\n ", "")
    assert "Week 10 of 18" in text and "Week 1 of 9" not in text
    # and the printout says it is a re-plan, and from which day
    from hamplan.export.html import render_html

    assert "Re-planned</th><td>on Wednesday 10 March 2027" in render_html(new)
    assert "Re-planned" not in render_html(plan)


def test_a_log_of_runs_only_takes_the_planned_strength_and_mobility_as_done() -> None:
    """A watch's export lists runs only: with every run as planned the plan stands (read as
    missed, the strength and mobility sessions re-made it, 97 changes). A log with any strength
    or mobility row is read as it is."""
    plan = hamplan.generate(MARATHON_315)
    today = date(2027, 3, 10)
    runs = [d for d in _done(plan, today) if d["kind"] == "run"]
    new = hamplan.replan(plan, runs, today)
    assert hamplan.check(new) == [] and new.changes_since(plan) == []
    one_row = [*runs, next(d for d in _done(plan, today) if d["kind"] == "mobility")]
    assert hamplan.replan(plan, one_row, today).changes_since(plan) != []


TIGHT_MARATHON = {
    "id": "my-marathon", "start": "2026-12-07", "time_zone": "Europe/Berlin",
    "race": {"distance": "marathon", "date": "2027-03-28", "goal_time": "4:20:00", "start_time": "09:30"},
    "runner": {"weekly_km": 35, "long_run_km": 16, "age": 42, "hamstring_history": "past_strain", "equipment": "home",
               "recent_race": {"distance": "half", "time": "2:02:00"}},
    "schedule": {"run_days": ["tue", "thu", "sat", "sun"], "long_run_day": "sun", "rest_days": ["mon"],
                 "strength_days": ["tue", "fri"], "blackout": [{"from": "2027-01-18", "to": "2027-01-24"}],
                 "max_minutes": {"tue": 70, "thu": 70}},
}


@pytest.mark.parametrize("today", [date(2027, 2, 4), date(2027, 2, 25), date(2027, 3, 6)])
def test_two_days_missed_keep_the_week_and_its_counts_keep_what_fits(today: date) -> None:
    """A tight marathoner (4 run days, 70-min weekdays, a week away) who missed the two days
    before a re-plan: the week keeps its grid, and its counts (one long run, strength, yoga)
    keep what fits in the days left, as a week a break touches does. The counts read as exact
    asked the days left for what was missed there: the re-plan was refused (or planned from a
    grid that put the long run 7 days before the race)."""
    plan = hamplan.generate(TIGHT_MARATHON)
    new = hamplan.replan(plan, _done(plan, today, skip=frozenset({today - timedelta(days=1), today - timedelta(days=2)})), today)
    assert hamplan.check(new) == []
    assert new.replanned_on == today
    assert (today - new.request.start).days in range(1, 7)  # the plan's own week, not one from today


def _extra_run_the_day_before(plan: Plan, today: date) -> list[dict[str, Any]]:
    return [*_done(plan, today), {"date": today - timedelta(days=1), "kind": "run", "type": "easy", "distance_km": 6.0, "duration_min": 40}]


def _first_re_plan_from_today(plan: Plan, days: list[date]) -> tuple[date, Plan]:
    """The first of ``days`` whose re-plan after an extra run the day before starts that day,
    and that re-plan (a re-plan resumes the week it falls in where the week's days can hold it:
    which days cannot depends on the plan, so a test of the other path looks for one)."""
    for today in sorted(set(days)):
        new = hamplan.replan(plan, _extra_run_the_day_before(plan, today), today)
        if new.request.start == today:
            return today, new
    raise AssertionError(f"no re-plan from today among {sorted(set(days))}")


@pytest.mark.parametrize("today", [date(2027, 1, 8), date(2027, 1, 29)])
def test_one_extra_easy_run_keeps_the_coached_plan(marathon: Plan, today: date) -> None:
    """A 3:15 marathoner who ran one extra 6 km on a Thursday: the re-plan is the coached plan
    eased for a week. It had fallen back to the plan without coaching, tapering from 30 km long
    runs with a 27 km one two weeks out (25 pieces of advice): the week model settled a week the
    days left could not hold, the Thursday of 11.6 km broke the other runs' share of a long run
    already run, and a re-plan in week 4 read its own week 1 as strides-only beside the hill
    session already run there."""
    new = hamplan.replan(marathon, _extra_run_the_day_before(marathon, today), today)
    assert hamplan.check(new) == []
    assert new.replanned_on == today and new.request.start < today
    assert not {a.rule for a in new.advice} & {"taper_long_runs", "light_race_week", "step_back", "short_runs", "day_before_long_run"}
    peak_long = max(w.long_run_km for w in new.weeks)
    assert peak_long <= max(w.long_run_km for w in marathon.weeks) + 1.0


def test_a_week_an_illness_interrupts_keeps_its_long_run_a_long_run(marathon: Plan) -> None:
    """Three days ill from a Tuesday: the rest of the week's biggest run is its long run, within
    its share of the week. Read as a week partly run, the week once went without a long run and
    the Sunday held a 21.1 km "easy run", 75 % of the week, two days after the illness."""
    first = marathon.weeks[11].start + timedelta(days=1)
    new = hamplan.pause(marathon, first, first + timedelta(days=2), "illness")
    assert hamplan.check(new) == []
    week = [s for s in new.sessions if s.kind == "run" and s.status != "cancelled" and new.request.start <= s.date < new.request.start + timedelta(days=7)]
    biggest = max(week, key=lambda s: s.distance_km or 0.0)
    assert biggest.type == "long" and biggest.distance_km <= 0.5 * sum(s.distance_km or 0.0 for s in week) + 0.05


@pytest.mark.parametrize("today", [date(2027, 2, 10), date(2027, 2, 13)])
def test_a_re_plans_first_weeks_are_not_the_plans_first_weeks(marathon: Plan, today: date) -> None:
    """A re-plan in week 6: its week 1 is no 'first week before the runner has built' (such
    weeks keep their long run when the rhythm steps back there, and were advised for cutting
    it), and a step-back week there cuts its long run like any other."""
    new = hamplan.replan(marathon, _extra_run_the_day_before(marathon, today), today)
    assert hamplan.check(new) == []
    assert "early_step_back" not in {a.rule for a in new.advice}
    assert new.request.phases_from == marathon.request.start


def test_changes_after_the_easier_week_do_not_claim_to_be_it(marathon: Plan) -> None:
    """One extra run eases the next 7 days: changes inside them give that reason; changes weeks
    later said 'an easier week follows' too, as if they were the easier week."""
    today = date(2027, 1, 29)  # in a step-back week: 6 km more is an overload
    new = hamplan.replan(marathon, _extra_run_the_day_before(marathon, today), today)
    easing = new.request.easing
    assert easing is not None and easing.reason == "overload"
    changes = new.changes_since(marathon)
    inside = [c for c in changes if c.date <= easing.until]
    after = [c for c in changes if c.date > easing.until]
    assert inside and after
    # (after an overload the plan goes on as before: "the weeks go on from what you ran" read
    # beside "your level is counted from the plan" as if the extra counted after all)
    assert all("after that the plan goes on as before" not in c.reason for c in inside)
    assert all("after that the plan goes on as before" in c.reason for c in after)


def test_a_graduated_return_runs_no_token_runs(marathon: Plan) -> None:
    """Five days ill: the easier days after it held 1-km, 5-min runs beside 10-16 km ones (the
    20-minute floor of ``short_runs`` skipped a graduated return's days). A run there is a run
    now; the advice still leaves those days' short runs alone."""
    new = hamplan.pause(marathon, date(2027, 2, 18), date(2027, 2, 22), "illness")
    assert hamplan.check(new) == []
    easing = new.request.easing
    assert easing is not None
    eased = [s for s in new.sessions if s.kind == "run" and s.status != "cancelled" and date(2027, 2, 23) <= s.date <= easing.until]
    assert eased and min(s.duration_min for s in eased) >= 15


def test_a_pause_inside_the_taper_keeps_the_taper_coached(slow_marathon: Plan) -> None:
    """Five days ill 18 days before a marathon, planned from that day: no week before the taper
    is left, every taper target read 0 against a peak of 0, and the plan went without the
    coaching rules (a 15.4 km long run 8-14 days out, 0.63 x the build's longest). The taper now
    comes down from the build the plan continues."""
    new = hamplan.pause(slow_marathon, date(2027, 4, 21), date(2027, 4, 25), "illness")
    assert hamplan.check(new) == []
    assert "taper_long_runs" not in {a.rule for a in new.advice}


#: A first half marathon with a past hamstring strain (a 2 : 1 cutback rhythm), 17 weeks.
HALF_PAST_STRAIN: dict[str, Any] = {
    "id": "half-past-strain",
    "start": "2027-07-12",
    "time_zone": "America/Sao_Paulo",
    "race": {"distance": "half", "date": "2027-11-07", "goal_time": "2:16:26"},
    "runner": {"weekly_km": 19.6, "long_run_km": 5.8, "age": 29, "recent_race": {"distance": "10k", "time": "1:01:08"}, "hamstring_history": "past_strain"},
    "schedule": {"run_days": ["tue", "wed", "thu", "fri", "sat", "sun"], "long_run_day": "sat", "rest_days": ["mon"]},
}


def test_a_step_back_week_the_solver_chooses_cuts_the_long_run_too() -> None:
    """One extra 6 km run in week 2 eases the re-plan's week 1 (an overload), and the cutback
    rhythm, counted back from the taper, then leaves one build week too many after it: the
    cutback rule steps a week back where the rhythm planned none. That week cuts its long run
    like any step-back week; it had run 14.2, 27.5, then 22.0 km with the long run up from 7.5
    to 8.2 km."""
    plan = hamplan.generate(HALF_PAST_STRAIN)
    today = date(2027, 7, 26)
    new = hamplan.replan(plan, _extra_run_the_day_before(plan, today), today)
    assert hamplan.check(new) == []
    assert new.request.easing is not None and new.request.easing.reason == "overload"
    assert "step_back" not in {a.rule for a in new.advice}
    weeks = new.weeks
    factor = new.request.rules.cutback_factor
    stepped = [w for w in range(1, len(weeks)) if weeks[w].phase not in ("taper", "race") and weeks[w].run_km <= factor * weeks[w - 1].run_km + 0.05]
    assert stepped
    for w in stepped:
        assert weeks[w].long_run_km <= 0.9 * weeks[w - 1].long_run_km + 0.05


def test_a_re_plan_from_today_spaces_strength_from_the_logged_session(marathon: Plan) -> None:
    """Re-planned the day after a strength session with an extra run on it: the re-plan starts
    that day, and the log's strength session still counts. It put strength on the day after,
    24 h after the logged one, and the check did not see it. The first such day whose re-plan
    starts that day (others resume their week from its start: the 4:30 marathoner's Wednesdays
    after Tuesday strength all do, since the easier week after an overload no longer holds the
    whole next plan week to its cap, so the 3:15 marathoner's days are searched)."""
    lifted = [s.date for s in marathon.sessions if s.kind == "strength" and s.date < marathon.request.race.date - timedelta(days=21)]
    today, new = _first_re_plan_from_today(marathon, [d + timedelta(days=1) for d in lifted])
    logged = max(d.date for d in new.request.history if d.kind == "strength")
    assert logged == today - timedelta(days=1)
    assert hamplan.check(new) == []
    planned = [s for s in new.sessions if s.kind == "strength" and s.status != "cancelled"]
    assert min(s.date for s in planned) >= logged + timedelta(days=2)
    assert not [r for r in _runs(new, today, days=1) if r.type == "long" or r.is_quality]
    # the check reads the log too: strength moved onto the day after the logged one is flagged
    first = min(planned, key=lambda s: s.date)
    moved = [s.model_copy(update={"date": today}) if s is first else s for s in new.sessions]
    flagged = [v for v in hamplan.check(new.model_copy(update={"sessions": moved})) if v.rule == "strength_spacing"]
    assert [v.date for v in flagged] == [today]


def test_a_long_run_day_after_a_logged_strength_session_moves_the_long_run(slow_marathon: Plan) -> None:
    """Strength logged on the Saturday before a Sunday long run, re-planned that Sunday: the
    long run goes to another day of the week (that Sunday is not free for it). It stayed on the
    Sunday, the day after the strength session, and the check did not read the log."""
    today = date(2027, 3, 14)
    assert today.strftime("%a") == "Sun"
    log = [*_done(slow_marathon, today), {"date": today - timedelta(days=1), "kind": "strength", "type": "hamstring-strength-gym", "duration_min": 30}]
    new = hamplan.replan(slow_marathon, log, today)
    assert new.request.start == today
    assert hamplan.check(new) == []
    assert not [r for r in _runs(new, today, days=1) if r.type == "long" or r.is_quality]
    assert [r for r in _runs(new, today) if r.type == "long"]


#: A 68-year-old half marathoner with 75-min Tuesdays and Thursdays, 15 weeks.
HALF_AGE_68: dict[str, Any] = {
    "id": "age68-half",
    "start": "2027-02-01",
    "time_zone": "America/New_York",
    "race": {"distance": "half", "date": "2027-05-16"},
    "runner": {"weekly_km": 25, "long_run_km": 11, "age": 68, "recent_race": {"distance": "10k", "time": "62:00"}, "equipment": "home"},
    "schedule": {"run_days": ["tue", "thu", "sat", "sun"], "long_run_day": "sun", "max_minutes": {"tue": 75, "thu": 75}},
}


def test_the_easier_week_after_an_overload_keeps_its_long_run() -> None:
    """One extra 6 km easy run: the week after it is a fifth lighter, and the extra running
    comes off its other runs, not the long run. It was shaped like the week back from a break,
    its long run cut from the last one done: 14.8 -> 11.0 km."""
    plan = hamplan.generate(HALF_AGE_68)
    today = date(2027, 3, 24)
    new = hamplan.replan(plan, _extra_run_the_day_before(plan, today), today)
    assert new.request.easing is not None and new.request.easing.reason == "overload"
    assert hamplan.check(new) == []
    planned = [s for s in _runs(plan, today) if s.type == "long"]
    kept = [s for s in _runs(new, today) if s.type == "long"]
    assert planned and kept
    # as long as the lighter week's half (long_run: at most 50 % of the week) allows
    week = next(w for w in new.weeks if w.start <= kept[0].date < w.start + timedelta(days=7))
    assert kept[0].distance_km >= min(0.9 * planned[0].distance_km, 0.5 * week.run_km - 0.05)
    assert sum(s.distance_km or 0.0 for s in _runs(new, today)) <= 0.8 * sum(s.distance_km or 0.0 for s in _runs(plan, today)) + 0.05


#: A 52-year-old marathoner at 60 km a week on five days, 23 weeks with a week away in December.
MARATHON_52: dict[str, Any] = {
    "id": "marathon-52",
    "start": "2027-09-02",
    "time_zone": "Europe/London",
    "race": {"distance": "marathon", "date": "2028-02-13"},
    "runner": {"weekly_km": 59.8, "long_run_km": 20.7, "age": 52, "recent_race": {"distance": "10k", "time": "39:03"}, "equipment": "none"},
    "schedule": {"run_days": ["tue", "thu", "fri", "sat", "sun"], "long_run_day": "sun", "rest_days": ["mon"],
                 "blackout": [{"from": "2027-12-13", "to": "2027-12-18"}]},
}


def test_a_re_plan_from_today_keeps_hard_days_apart_from_the_logged_ones() -> None:
    """Re-planned on a Friday after Thursday's tempo run and an extra easy run: the re-plan
    starts that day, and the log's quality run still counts (hard_days). It put a tempo run on
    the Friday, the day after the logged one, and the check did not read the log. The first
    day after a tempo run from November whose re-plan starts that day (which weekday holds the
    tempo run is the solver's choice: a Thursday once, a Friday since step-back weeks hold one
    session at most)."""
    plan = hamplan.generate(MARATHON_52)
    tempo_days = [s.date for s in plan.sessions if s.type == "tempo" and s.date >= date(2027, 11, 1)]
    today, new = _first_re_plan_from_today(plan, [d + timedelta(days=1) for d in tempo_days])
    assert any(h.type == "tempo" and h.date == today - timedelta(days=1) for h in new.request.history)
    assert hamplan.check(new) == []
    assert not [r for r in _runs(new, today, days=1) if r.is_quality or r.type == "long"]
    # the check reads the log too: a quality run on the day after the logged one is flagged
    first = next(s for s in new.sessions if s.kind == "run" and s.is_quality and s.status != "cancelled")
    moved = [s.model_copy(update={"date": today}) if s is first else s for s in new.sessions if not (s.date == today and s.kind == "run")]
    flagged = [v for v in hamplan.check(new.model_copy(update={"sessions": moved})) if v.rule == "hard_days"]
    assert today in [v.date for v in flagged]


def test_a_tendinopathy_re_plans_short_race_week_session_keeps_its_isometric_hold() -> None:
    """A novice 5K runner with a tendinopathy, re-planned four weeks out after a break: race
    week's strength session takes the short form, which kept the hinge and the curl but dropped
    the heavy slow session's isometric hold, and the check (isometrics first in the early
    weeks of the programme) flagged it."""
    plan = hamplan.generate({
        "id": "tendinopathy-5k", "start": "2027-04-19", "time_zone": "Europe/London",
        "race": {"distance": "5k", "date": "2027-07-11"},
        "runner": {"weekly_km": 12.3, "long_run_km": 5.2, "age": 18, "hamstring_history": "tendinopathy", "equipment": "gym"},
        "schedule": {"run_days": ["tue", "thu", "sun"], "long_run_day": "sun", "rest_days": ["wed"],
                     "blackout": [{"from": "2027-05-13", "to": "2027-05-22"}]},
    })
    today = date(2027, 6, 14)
    new = hamplan.replan(plan, _extra_run_the_day_before(plan, today), today)
    assert hamplan.check(new) == []
    race_week = [s for s in new.sessions if s.kind == "strength" and s.status != "cancelled" and s.date >= new.weeks[-1].start]
    assert race_week and all(s.type.endswith("-short") for s in race_week)
    assert all(any("isometric" in e.name.lower() for e in s.exercises) for s in race_week)


#: A 4:20 marathoner from 35 km a week with 70-min weekdays and a blackout week: a plan on the
#: edge of ready, whose long run reaches the marathon's 25.4 km just before the taper.
MARATHON_EDGE: dict[str, Any] = {
    "id": "marathon-edge", "start": "2026-12-07", "time_zone": "Europe/Berlin",
    "race": {"distance": "marathon", "date": "2027-03-28", "goal_time": "4:20:00"},
    "runner": {"weekly_km": 35, "long_run_km": 16, "age": 42, "hamstring_history": "past_strain", "equipment": "home",
               "recent_race": {"distance": "half", "time": "2:02:00"}},
    "schedule": {"run_days": ["tue", "thu", "sat", "sun"], "long_run_day": "sun", "rest_days": ["mon"],
                 "strength_days": ["tue", "fri"], "blackout": [{"from": "2027-01-18", "to": "2027-01-24"}],
                 "max_minutes": {"tue": 70, "thu": 70}},
}


@pytest.mark.parametrize("today", [date(2027, 1, 5), date(2027, 2, 9)])
def test_an_extra_run_keeps_the_race_where_an_easier_week_would_not(today: date) -> None:
    """One extra 6 km easy run on a Monday: the easier week an overload calls for would leave
    this runner no safe way to the race, and the re-plan was refused (race two weeks later, or a
    half marathon). The plan goes on without that week, says so, and keeps every safety rule with
    the extra run counted."""
    plan = hamplan.generate(MARATHON_EDGE)
    new = hamplan.replan(plan, _extra_run_the_day_before(plan, today), today)
    assert new.request.race.date == plan.request.race.date and new.request.easing is None
    assert hamplan.check(new) == []
    assert any(h.date == today - timedelta(days=1) and h.distance_km == 6.0 for h in new.request.history)
    assert any("an easier week would leave no safe way to race" in n for n in new.notes)


#: A 10K runner with a sore tendon on four days, Sunday long runs (the named runner of the
#: coach's reads).
TENDON_10K: dict[str, Any] = {
    "id": "tendon10k", "start": date(2027, 1, 4), "race": {"distance": "10k", "date": date(2027, 3, 28), "goal_time": "52:00"},
    "runner": {"weekly_km": 28, "long_run_km": 11, "age": 45, "hamstring_history": "tendinopathy",
               "recent_race": {"distance": "5k", "time": "25:30"}},
    "schedule": {"run_days": ["tue", "thu", "sat", "sun"], "long_run_day": "sun"},
}


def test_the_first_long_run_back_after_a_missed_week_runs_easy() -> None:
    """A 10K runner with a sore tendon misses week 8 whole and re-plans on the Monday after it.
    The re-plan's first week held no session, so its Sunday long run carried the week's work, 2 x
    6 min at threshold, two days before Tuesday's threshold session: a coach keeps the week back
    easy, as after a break. The weeks after it carry their sessions as before."""
    plan = hamplan.generate(TENDON_10K)
    missed = plan.weeks[7]
    today = missed.start + timedelta(days=7)
    new = hamplan.replan(plan, _done(plan, missed.start), today)
    assert hamplan.check(new) == []
    week_back = _runs(new, today)
    long_run = next(s for s in week_back if s.type == "long")
    assert long_run.workout is not None and long_run_work_min(long_run) == 0, long_run.title
    assert not any(s.is_quality for s in week_back), [s.title for s in week_back]
    later = [s for s in new.sessions if s.kind == "run" and s.is_quality and s.date >= today + timedelta(days=7)]
    assert later, [s.title for s in new.sessions if s.kind == "run"]
    # its level is the last four weeks' mean, the missed week counted: the peak note says so
    # (it read "as far as your 22.4 km a week can grow", beside 33.3 km the week before)
    peak = next(n for n in new.notes if n.startswith("Peak"))
    assert f"from your level now, {new.request.runner.weekly_km:g} km a week (your last four weeks, each run counted up to what the plan asked for)" in peak, peak


@pytest.mark.parametrize(("last_run", "today", "easy"), [
    (date(2027, 2, 23), date(2027, 3, 4), True),   # 8 days unrun, 3 of them in the re-plan's week
    (date(2027, 2, 23), date(2027, 3, 3), True),   # 7 days
    (date(2027, 2, 25), date(2027, 3, 3), False),  # 5 days: the long run may carry the week's work
])
def test_a_re_plan_made_inside_a_week_counts_the_days_unrun_of_that_week_too(last_run: date, today: date, easy: bool) -> None:
    """A re-plan made on a Wednesday or Thursday starts on its plan week's Monday, with the days
    before today as lived days: an 8-day gap from Tuesday 23 February counted 5 (the days before
    Monday), and the first long run back carried threshold work."""
    plan = hamplan.generate(TENDON_10K)
    new = hamplan.replan(plan, _done(plan, last_run + timedelta(days=1)), today)
    assert hamplan.check(new) == []
    long_run = next(s for s in _runs(new, today) if s.type == "long")
    assert (long_run_work_min(long_run) > 0) is not easy, long_run.title


def test_an_illness_whose_lighter_week_back_leaves_no_way_to_the_race_goes_on_without_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 22-year-old marathoner (seed 2131, p10755472), five days ill seven weeks before the race,
    was refused: the lighter week back (0.8 x his recent level) left the race's long run out of
    reach within the load rules. That week is the planner's choice, not a safety rule (as the
    easier week after an overload): the plan goes on without it, its first days back easy runs of
    an hour at most, and says so. Not where the days back themselves would then carry a long run
    or a run over an hour (a marathoner's first run two days after five days ill was 134 min):
    that refusal stands. (5-day illnesses halfway through 58 plans of seed 2131: 15 refused, 11 now.)"""
    plan = hamplan.generate({
        "start": "2027-09-10", "race": {"distance": "marathon", "date": "2028-01-02", "goal_time": "4:03:28"},
        "runner": {"weekly_km": 31.2, "long_run_km": 10.9, "age": 22, "recent_race": {"distance": "5k", "time": "25:18"}, "equipment": "home"},
        "schedule": {"run_days": ["wed", "thu", "sat", "sun"], "long_run_day": "sat", "rest_days": ["fri"]},
    })
    last = date(2027, 11, 18)
    new = hamplan.pause(plan, date(2027, 11, 14), last, "illness")
    assert hamplan.check(new) == []
    assert not [a for a in new.advice if a.rule in ("return_runs", "break_week_long_run")], new.advice
    easing = new.request.easing
    assert easing is not None and easing.reason == "illness" and easing.max_weekly_km is None and easing.until == last + timedelta(days=7)
    back = _runs(new, last + timedelta(days=1), 7)
    assert back and not [s.title for s in back if s.is_quality or long_run_work_min(s) > 0 or s.duration_min > 60]
    assert ("After your illness, a lighter week back would leave no safe way to race on 2 January, so the plan goes on without one: "
            "its first days back stay easy, and the load rules count the days you missed.") in new.notes
    # a hamstring niggle keeps its lighter week: its reduced volume is the niggle's care
    with pytest.raises(hamplan.InfeasiblePlanError):
        hamplan.pause(plan, date(2027, 11, 14), last, "niggle")
    # and a marathoner whose return would need its days back to carry the race's long run stays refused
    # (running out of time in that second solve is said as such, not as the first refusal)
    six_days = hamplan.generate({
        "start": "2027-09-06", "race": {"distance": "marathon", "date": "2028-01-02"},
        "runner": {"weekly_km": 29.2, "long_run_km": 10.2, "age": 39, "recent_race": {"distance": "5k", "time": "28:31"}, "equipment": "none"},
        "schedule": {"run_days": ["tue", "wed", "thu", "fri", "sat", "sun"], "long_run_day": "sun", "rest_days": ["mon"],
                     "max_minutes": {"tue": 60, "wed": 60, "fri": 75}},
    })
    with pytest.raises(hamplan.InfeasiblePlanError):
        hamplan.pause(six_days, date(2027, 11, 17), date(2027, 11, 21), "illness")
    import hamplan.replanning as replanning
    from hamplan.errors import PlanTimeLimitError

    solve = replanning._resumed_or_new
    calls: list[Any] = []

    def second_runs_out(*args: Any, **kwargs: Any) -> Plan:
        calls.append(kwargs.get("easing"))
        if len(calls) == 2:
            raise PlanTimeLimitError(5.0)
        return solve(*args, **kwargs)

    monkeypatch.setattr(replanning, "_resumed_or_new", second_runs_out)
    with pytest.raises(PlanTimeLimitError):
        hamplan.pause(six_days, date(2027, 11, 17), date(2027, 11, 21), "illness", time_limit_s=30)
    assert len(calls) == 2 and calls[1] is not None and calls[1].max_weekly_km is None


def test_a_re_plan_rebuilt_far_short_of_the_race_says_so() -> None:
    """A 47-year-old marathoner (seed 2131, p24190317) ran his race-ready 25.1 km long run, then
    fell ill for five days just before a planned six-day break: the load rules rebuild his weeks
    from the two light ones to 12 km, with long runs of 6 km. The plan keeps every rule (the long
    run the race needs is done), but its notes only said the 25.1 km run "gets you ready for race
    day" (a coach's reading). It now says the race asks more than these weeks give."""
    plan = hamplan.generate({
        "start": "2027-08-27", "race": {"distance": "marathon", "date": "2028-01-08"},
        "runner": {"weekly_km": 37.2, "long_run_km": 16.6, "age": 47, "recent_race": {"distance": "10k", "time": "56:13"},
                   "hamstring_history": "past_strain"},
        "schedule": {"run_days": ["tue", "thu", "fri", "sun"], "long_run_day": "sun",
                     "blackout": [{"from": "2027-09-22", "to": "2027-09-29"}, {"from": "2027-11-21", "to": "2027-11-26"}]},
    })
    new = hamplan.pause(plan, date(2027, 11, 14), date(2027, 11, 18), "illness")
    assert hamplan.check(new) == []
    pre = [w for w in new.weeks if w.phase in ("base", "build", "peak")]
    longest, peak = max(w.long_run_km for w in pre), max(w.run_km for w in pre)
    assert longest < 10
    note = next(n for n in new.notes if n.startswith("Your race-ready long run"))
    assert note == (f"Your race-ready long run (25.1 km on 7 Nov) came before this re-plan; since then the load rules rebuild your weeks "
                    f"only to {peak:.1f} km, with long runs up to {longest:.1f} km. A marathon on 8 January asks more than these weeks "
                    "give: a shorter race or a later one fits them better."), note
    # the plan itself, its long runs near the race's, says nothing of it, nor a re-plan in the taper,
    # with no weeks left to rebuild in (code review: "only to 0.0 km, with long runs up to 0.0 km")
    assert not any(n.startswith("Your race-ready long run") for n in plan.notes)
    late = hamplan.pause(plan, date(2027, 12, 27), date(2027, 12, 29), "illness")
    assert not any(n.startswith("Your race-ready long run") for n in late.notes), late.notes


def test_strength_eases_back_after_a_missed_week_even_with_lifts_early_in_the_days_unrun() -> None:
    """A 67-year-old 5K runner with a recent strain (seed 2131, p61777313) ran his last runs on
    13 June, lifted on the 15th and 17th, then missed a whole week: re-planned on the 25th, his
    first session back stepped up from Nordic curls 3 x 8-10 to 3 x 12/10/8 (a coach's reading).
    The lifts early in the days unrun hid the break: the days after the last lift are it."""
    plan = hamplan.generate({
        "start": "2027-05-21", "race": {"distance": "5k", "date": "2027-08-01"},
        "runner": {"weekly_km": 12.2, "long_run_km": 5.7, "age": 67, "recent_race": {"distance": "5k", "time": "26:16"},
                   "hamstring_history": "recent_strain"},
        "schedule": {"run_days": ["fri", "sat", "sun"], "long_run_day": "sat", "max_minutes": {"mon": 60, "tue": 60}},
    })
    missed = date(2027, 6, 18)
    log = [{"date": s.date, "kind": s.kind, "type": s.type, "distance_km": s.distance_km, "duration_min": s.duration_min}
           for s in plan.sessions if s.date < missed and s.status != "cancelled"]
    last_nordic = [e for s in plan.sessions if s.kind == "strength" and s.date < missed for e in s.exercises if "Nordic" in e.name][-1]
    assert (last_nordic.sets, last_nordic.reps) == (3, "8-10")
    new = hamplan.replan(plan, log, missed + timedelta(days=7))
    assert hamplan.check(new) == []
    first = min((s for s in new.sessions if s.kind == "strength" and s.status != "cancelled" and s.date >= missed + timedelta(days=7)), key=lambda s: s.date)
    nordic = next(e for e in first.exercises if "Nordic" in e.name)
    assert (nordic.sets, nordic.reps) == (3, "4-5"), (first.date, nordic)
    assert any(n.startswith("After 7 days without training (18 Jun to 24 Jun), your strength sessions") for n in new.notes), new.notes
    # a log of runs only (a watch's export) is not taken to hold the missed week's planned lifts
    # (code review: the planned ones were counted done, and the step-up came back)
    runs_only = [e for e in log if e["kind"] == "run"]
    new = hamplan.replan(plan, runs_only, missed + timedelta(days=7))
    first = min((s for s in new.sessions if s.kind == "strength" and s.status != "cancelled" and s.date >= missed + timedelta(days=7)), key=lambda s: s.date)
    nordic = next(e for e in first.exercises if "Nordic" in e.name)
    assert nordic.reps != "12/10/8" and any(n.startswith("After 11 days without training (14 Jun to 24 Jun)") for n in new.notes), (nordic, new.notes)


def test_race_day_names_the_illness_by_its_own_days_beside_the_days_unrun_around_it() -> None:
    """A half marathoner (seed 2131, p69228295) ill from Wednesday 9 to Sunday 13 June, his last
    run on the 6th: race day's note said "your illness (7 Jun to 13 Jun)" beside "Back from your
    illness (9 Jun to 13 Jun)" (a coach's reading). The illness keeps its own days; the days
    around it without a run are counted, as they cost fitness too."""
    plan = hamplan.generate({
        "start": "2027-04-05", "race": {"distance": "half", "date": "2027-07-25", "goal_time": "2:03:12"},
        "runner": {"weekly_km": 21.7, "long_run_km": 9.3, "age": 33, "recent_race": {"distance": "10k", "time": "55:33"},
                   "hamstring_history": "past_strain"},
        "schedule": {"run_days": ["wed", "fri", "sat", "sun"], "long_run_day": "sun", "rest_days": ["tue"]},
    })
    new = hamplan.pause(plan, date(2027, 6, 9), date(2027, 6, 13), "illness")
    race = next(n for n in new.notes if n.startswith("Race day aims at"))
    assert "your illness (9 Jun to 13 Jun), 6 weeks before the race, and the days around it without a run make 9 days without running" in race, race
    assert any(n.startswith("Back from your illness (9 Jun to 13 Jun)") for n in new.notes), new.notes
    # a trip right after it joins it, as the days-back note joins them (code review: "your illness
    # (14 Jun to 18 Jun)" named the trip)
    request = plan.request.model_dump()
    request["schedule"]["blackout"] = [{"from": date(2027, 6, 14), "to": date(2027, 6, 18)}]
    new = hamplan.pause(hamplan.generate(request), date(2027, 6, 9), date(2027, 6, 13), "illness")
    race = next(n for n in new.notes if n.startswith("Race day aims at"))
    assert "your illness (9 Jun to 18 Jun)" in race and any(n.startswith("Back from your illness (9 Jun to 18 Jun)") for n in new.notes), new.notes
