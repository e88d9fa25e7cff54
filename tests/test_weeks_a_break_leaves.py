"""The weeks a pause or missed runs leave short: the days still free run (a long run where one
fits within half of the week, easy runs of 20 min or more where none does, and the plan's notes
say why), and the first week back after illness holds no fast running."""

from __future__ import annotations

import re

from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import hamplan
from hamplan import Plan
from hamplan.cli import app
from hamplan.samples import realistic_population
from tests.test_coaching import A_NEW_USERS_MARATHON, FILLED_MARATHONER

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def home_10k() -> Plan:
    """Mondays, Wednesdays and Fridays, the long run on Sunday, Saturday a rest day."""
    return hamplan.generate(EXAMPLES / "home-10k.toml")


@pytest.fixture(scope="module")
def first_half() -> Plan:
    return hamplan.generate(EXAMPLES / "first-half-marathon.toml")


@pytest.fixture(scope="module")
def masters_marathon() -> Plan:
    """Mondays, Tuesdays, Thursdays, Saturdays and the Sunday long run."""
    return hamplan.generate(EXAMPLES / "masters-marathon-past-strain.toml")


def _runs(plan: Plan, first: date, last: date) -> list[Any]:
    return [s for s in plan.sessions if s.kind == "run" and s.status != "cancelled" and first <= s.date <= last]


def _log_missing(plan: Plan, today: date, missed: set[date]) -> list[dict[str, Any]]:
    """What was done before ``today``: every session as planned but the runs on ``missed``."""
    return [
        {"date": s.date, "kind": s.kind, "type": s.type, "distance_km": s.distance_km, "duration_min": s.duration_min}
        for s in plan.sessions
        if s.date < today and s.status != "cancelled" and not (s.kind == "run" and s.date in missed)
    ]


def _fast(session: Any) -> bool:
    return session.is_quality or "strides" in session.title.lower()


def test_a_monday_to_friday_trip_keeps_the_sunday_run(home_10k: Plan) -> None:
    """Away Monday to Friday of week 6: Sunday, the week's one run day left (Saturday is a rest
    day), held the 13.2 km long run; the long run's share of the week bound that one run, which
    no long run can be alone, and the week came out at 0 km with no word why. Sunday now holds
    an easy run, no bigger than one beside the last long run, and the notes say why it is not
    the long run."""
    new = hamplan.pause(home_10k, date(2027, 3, 8), date(2027, 3, 12), "travel")
    assert hamplan.check(new) == []
    (sunday,) = _runs(new, date(2027, 3, 8), date(2027, 3, 14))
    assert sunday.date == date(2027, 3, 14) and sunday.type != "long" and sunday.duration_min >= 20
    last_long = max(s.distance_km for s in _runs(home_10k, date(2027, 2, 22), date(2027, 3, 7)))
    assert sunday.distance_km <= 0.6 * last_long + 1.0 + 0.05
    assert "break_week_long_run" not in {a.rule for a in new.advice}
    said = [n for n in new.notes if n.startswith("Week 6 holds no long run")]
    assert said and "one run day, Sunday" in said[0] and f"{sunday.distance_km:.1f} km" in said[0], new.notes


def test_two_missed_runs_leave_real_runs_and_say_why_there_is_no_long_run(home_10k: Plan, tmp_path: Path) -> None:
    """The README's log, with Monday's and Wednesday's runs missed, re-planned on Thursday of
    week 1: the rest of the week was a 5 km week, a 2.5 km "long run" and a 2.5 km run of 17 min
    each, and no note (the long run's share of the week and the other run's share of the long
    run together left 2.5 km). A Friday and a Sunday cannot hold a long run within half of the
    week beside the runs the plan shapes, so both are easy runs of 20 min or more, and the
    notes say why."""
    today = date(2027, 2, 4)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(home_10k.model_dump_json())
    rows = _log_missing(home_10k, today, {date(2027, 2, 1), date(2027, 2, 3)})
    log = tmp_path / "log.csv"
    log.write_text(
        "date,kind,type,distance_km,duration_min\n"
        + "".join(f"{r['date']},{r['kind']},{r['type']},{r['distance_km'] or ''},{r['duration_min']}\n" for r in rows)
    )
    result = CliRunner().invoke(app, ["replan", str(plan_file), str(log), "--today", str(today), "-o", str(tmp_path / "out"), "--format", "json"])
    assert result.exit_code == 0, result.output
    new = hamplan.load_plan(tmp_path / "out" / "home-10k.json")
    assert hamplan.check(new) == []
    rest = _runs(new, today, date(2027, 2, 7))
    assert len(rest) == 2 and all(r.duration_min >= 20 for r in rest), [(r.title, r.duration_min) for r in rest]
    assert sum(r.distance_km for r in rest) >= 10.0
    longest = max(rest, key=lambda r: r.distance_km)
    said = [n for n in new.notes if n.startswith("Week 1 holds no long run")]
    assert said and "half of its week" in said[0] and f"{longest.distance_km:.1f} km" in said[0], new.notes


def test_a_week_with_three_run_days_left_keeps_its_long_run(masters_marathon: Plan) -> None:
    """Monday's and Tuesday's runs of week 2 missed, re-planned on Wednesday: Thursday, Saturday
    and Sunday held 11.3, 11.3 and a 17.3 km Sunday typed an easy run (the day before a long
    run lasts an hour at most, and the solver escaped that cap by calling the long run easy).
    The Sunday run is the long run, the week's longest, with the Saturday run within its cap."""
    today = date(2027, 1, 20)
    new = hamplan.replan(masters_marathon, _log_missing(masters_marathon, today, {date(2027, 1, 18), date(2027, 1, 19)}), today)
    assert hamplan.check(new) == []
    rest = _runs(new, today, date(2027, 1, 24))
    sunday = next(r for r in rest if r.date == date(2027, 1, 24))
    saturday = next(r for r in rest if r.date == date(2027, 1, 23))
    assert sunday.type == "long" and all(r.distance_km <= sunday.distance_km for r in rest)
    assert saturday.duration_min <= 60 and saturday.distance_km <= 0.5 * sunday.distance_km + 0.3
    assert not {a.rule for a in new.advice} & {"day_before_long_run", "break_week_long_run"}


def test_a_long_run_the_race_needs_stays_a_long_run_and_the_advice_names_the_day_before(masters_marathon: Plan) -> None:
    """Monday's and Thursday's runs missed in week 7, re-planned on Friday: the Sunday run was
    typed an easy run to escape the cap on the day before; it is the long run, and the Saturday
    run keeps that cap (min(60 min, half the long run)) or the advice names it (where the race's
    long run needed a 20.2 km Sunday, only a 13.1 km Saturday held the week around it)."""
    today = date(2027, 2, 26)
    new = hamplan.replan(masters_marathon, _log_missing(masters_marathon, today, {date(2027, 2, 22), date(2027, 2, 25)}), today)
    assert hamplan.check(new) == []
    sunday = next(r for r in _runs(new, today, date(2027, 2, 28)) if r.date == date(2027, 2, 28))
    assert sunday.type == "long"
    saturday = next(r for r in _runs(new, today, date(2027, 2, 28)) if r.date == date(2027, 2, 27))
    advised = [a.date for a in new.advice if a.rule == "day_before_long_run"]
    within_cap = saturday.duration_min <= 60 and (saturday.distance_km or 0.0) <= 0.5 * (sunday.distance_km or 0.0) + 0.05
    assert advised == ([] if within_cap else [date(2027, 2, 27)]), (saturday, sunday, advised)


def test_the_first_week_back_after_illness_holds_no_fast_running(first_half: Plan) -> None:
    """Nine days ill from Monday of week 6: the 7 easy days ended on Tuesday of week 8, and that
    week's Thursday and Saturday runs carried strides (the README promises an easy week after
    illness, no fast sessions, strides included). Week 8 is easy now; the week after has fast
    running again."""
    new = hamplan.pause(first_half, date(2027, 2, 8), date(2027, 2, 16), "illness")
    assert hamplan.check(new) == []
    easing = new.request.easing
    assert easing is not None and easing.until == date(2027, 2, 23)
    first_week_back = _runs(new, date(2027, 2, 17), date(2027, 2, 28))
    assert first_week_back and not any(_fast(r) for r in first_week_back), [r.title for r in first_week_back]
    assert any(_fast(r) for r in _runs(new, date(2027, 3, 1), date(2027, 3, 7)))


def _population_plan(runner_id: str) -> Plan:
    request = next(r for r in realistic_population(20, seed=2027) if r.id == runner_id)
    return hamplan.generate(request)


def test_an_illness_in_the_last_fortnight_leaves_runs_before_the_race() -> None:
    """A 10K runner ill from Thursday to Monday, the race on the Sunday after: race week, counted
    against the re-plan's one week before the taper (itself inside race week), could hold at
    most 0.4 x itself, and the free Tuesday and Wednesday ran nothing until race day. Measured
    against the build's peak, the days after the illness run."""
    plan = _population_plan("p99061345")
    new = hamplan.pause(plan, date(2027, 8, 5), date(2027, 8, 9), "illness")
    assert hamplan.check(new) == []
    before_race = _runs(new, date(2027, 8, 10), date(2027, 8, 14))
    assert before_race and all(r.duration_min >= 20 for r in before_race)
    assert "light_race_week" not in {a.rule for a in new.advice}



def test_strength_deloads_in_the_week_back_after_illness(first_half: Plan) -> None:
    """Five days ill: the week back held two full strength sessions a step up (3 x 10, where the
    last week before held 2 x 8); it deloads now as a step-back week does (the same load as the
    last full week, fewer sets than its full session), and the progression goes on after it."""
    new = hamplan.pause(first_half, date(2027, 2, 8), date(2027, 2, 12), "illness")
    assert hamplan.check(new) == []
    strength = [s for s in new.sessions if s.kind == "strength" and s.status != "cancelled"]
    before = [s for s in first_half.sessions if s.kind == "strength" and s.date < date(2027, 2, 8)]  # the plan it continues
    back = [s for s in strength if date(2027, 2, 13) <= s.date <= date(2027, 2, 21)]
    assert before and back
    last = before[-1].exercises[0]
    for s in back:
        first = s.exercises[0]
        assert first.name == last.name
        assert (first.sets or 0) <= (last.sets or 0) and int(first.reps or 0) <= int(last.reps or 0), (first, last)
        # (the last session before the break, which the week the break cut short may have held
        # at its new step: "your last full week" read as the lighter week before it)
        assert "the same load as your last session before it" in first.notes, first.notes


def test_a_re_plan_s_notes_number_its_weeks_as_its_pages_do(first_half: Plan) -> None:
    """A re-plan from week 5 (week 4's runs but the long run missed) goes on numbering its weeks from the first plan's start (its pages,
    table and calendar say week 4 on); its notes said "Peak ... (week 2)" and "step-back weeks 1,
    5" beside them."""
    from hamplan.export.display import weeks_before

    today = first_half.weeks[4].start
    missed = {s.date for s in first_half.sessions if s.kind == "run" and first_half.weeks[3].start <= s.date < today and s.type != "long"}
    new = hamplan.replan(first_half, _log_missing(first_half, today, missed), today)
    shown = weeks_before(new)
    assert shown == 4
    peak = max((w for w in new.weeks if w.phase in ("base", "build", "peak")), key=lambda w: (w.run_km, w.index))
    note = next(n for n in new.notes if n.startswith("Peak "))
    assert f"(week {shown + peak.index})" in note, (note, peak.index)
    steps = re.search(r"step-back weeks? ([\d, ]+) let", note)
    if steps:
        assert all(int(n) > shown for n in steps.group(1).split(", ")), note
    # the text summary's table too: it restarted at 1 beside notes that said "week 10"
    rows = [line.split() for line in new.summary().splitlines()]
    numbers = [int(row[0]) for row in rows if row and row[0].isdigit() and len(row) > 2 and row[1][:4].isdigit()]
    assert numbers == [shown + w.index for w in new.weeks], numbers


#: A 22-year-old's 10K (Wednesdays, Thursdays and the Sunday long run, weeks from Wednesday)
#: whose six-day break takes a Sunday: the week it cuts short keeps Wednesday and Thursday,
#: three and four days after the last 16 km long run. It ran a 14.3 km "long run" and 14.3 km
#: the day after.
TEN_K_BREAK_TAKES_A_SUNDAY: dict[str, Any] = {
    "id": "10k-break", "start": "2027-05-26", "time_zone": "Europe/London",
    "race": {"distance": "10k", "date": "2027-08-08", "goal_time": "56:49"},
    "runner": {"weekly_km": 37.3, "long_run_km": 16.0, "age": 22, "recent_race": {"distance": "10k", "time": "58:58"},
               "hamstring_history": "tendinopathy"},
    "schedule": {"run_days": ["wed", "thu", "sun"], "long_run_day": "sun", "rest_days": ["tue"],
                 "blackout": [{"from": "2027-07-04", "to": "2027-07-09"}]},
}
@pytest.mark.parametrize("request_", [TEN_K_BREAK_TAKES_A_SUNDAY, FILLED_MARATHONER], ids=["10k", "marathon"])
def test_a_break_never_brings_two_long_runs_within_four_days(request_: dict[str, Any]) -> None:
    """The week a break cuts short moves its long run to a day five or more from the long runs
    beside it (``long_run_spacing``), or goes without one; then no run of that week is a long
    run in all but name: each stays the size of an easy run beside the last long run, 0.6 x it
    + 1 km, the smaller of the runner's regular weeks' share and the week's own (0.8 x with
    three run days: the 10K runner's two days left ran 13.8 km each at his regular share). The 3:00
    marathoner on a 45-min Tuesday (weeks from Friday), whose three-day break takes a Sunday,
    ran a 24 km long run on Thursday, three days before the next Sunday's 28 km one."""
    plan = hamplan.generate(request_)
    assert hamplan.check(plan) == []
    assert "long_run_spacing" not in {a.rule for a in plan.advice}
    longs = sorted((s for s in plan.sessions if s.type == "long"), key=lambda s: s.date)
    assert all((b.date - a.date).days >= 5 for a, b in pairwise(longs)), [(a.date, b.date) for a, b in pairwise(longs)]
    share = 0.6
    cut = [w for w in plan.weeks if w.blackout_days and w.phase != "race"]
    assert cut, "a week the break cuts short"
    for week in cut:
        runs = [s for s in plan.sessions if s.kind == "run" and week.start <= s.date < week.start + timedelta(days=week.days)]
        last_long = max(s.distance_km or 0.0 for s in longs if s.date < week.start)
        for run in runs:
            if run.type != "long":
                assert (run.distance_km or 0.0) <= share * last_long + 1.0 + 0.05, (week.index, run.date, run.type, run.distance_km)


def test_two_long_runs_close_together_are_advised(first_half: Plan) -> None:
    """The checker is the solver's oracle: a plan edited to run a long run two to four days
    after another carries ``long_run_spacing`` advice on it."""
    sessions = list(first_half.sessions)
    runs = [(i, s) for i, s in enumerate(sessions) if s.kind == "run"]
    long_days = [s.date for _, s in runs if s.type == "long"]
    j, run = next((i, s) for i, s in runs if s.type == "easy" and any(2 <= (s.date - d).days <= 4 for d in long_days))
    apart = min((run.date - d).days for d in long_days if 2 <= (run.date - d).days <= 4)
    sessions[j] = run.model_copy(update={"type": "long"})
    assert hamplan.check(first_half) == [] and "long_run_spacing" not in {a.rule for a in first_half.advice}
    advice = [a for a in hamplan.advise(first_half.model_copy(update={"sessions": sessions})) if a.rule == "long_run_spacing"]
    assert [a.date for a in advice] == [run.date]
    assert f"{apart} days apart" in advice[0].message


def test_a_re_plan_after_a_whole_missed_week_eases_strength_back_as_a_break_does() -> None:
    """A 10K runner with a past strain (Nordic curls, strength on Mondays and Thursdays) misses
    every session of week 5 and re-plans the Monday after. The first session back stepped up
    ("3 x 12/10/8" Nordics after the 3 x 8-10 of week 4, more reps in the lifts), where a break
    of the same week in the request eases back: same load or variant in fewer sets, Nordic curls
    at half the last dose done. And the programme counts the weeks the log holds: four, not five
    (each Monday session of a re-plan from a Monday had counted as a week of its own)."""
    request = {
        "start": "2027-10-04", "time_zone": "Europe/Berlin",
        "race": {"distance": "10k", "date": "2027-12-05", "goal_time": "47:40"},
        "runner": {"weekly_km": 27.3, "long_run_km": 11.2, "age": 19, "recent_race": {"distance": "10k", "time": "50:30"},
                   "hamstring_history": "past_strain", "equipment": "none"},
        "schedule": {"run_days": ["mon", "thu", "sat"], "long_run_day": "sat", "blackout": [{"from": "2027-11-19", "to": "2027-11-25"}]},
    }
    plan = hamplan.generate(request)
    missed = plan.weeks[4]
    today = missed.start + timedelta(days=7)
    log = [{"date": s.date, "kind": s.kind, "type": s.type, "distance_km": s.distance_km, "duration_min": s.duration_min}
           for s in plan.sessions if s.date < missed.start and s.status != "cancelled"]
    last_done = [s for s in plan.sessions if s.kind == "strength" and s.date < missed.start][-1]
    new = hamplan.replan(plan, log, today)
    first_back = next(s for s in new.sessions if s.kind == "strength" and s.date >= today)
    last_nordic = next(e for e in last_done.exercises if "Nordic" in e.name)
    nordic = next(e for e in first_back.exercises if "Nordic" in e.name)
    assert last_nordic.reps == "8-10" and nordic.reps == "4-5", (last_nordic, nordic)
    assert f"Half your usual {last_nordic.sets} × {last_nordic.reps}" in nordic.notes, nordic.notes
    lifts = [e for e in first_back.exercises if "Back from your break" in (e.notes or "")]
    assert lifts, [e.notes for e in first_back.exercises]
    for lift in lifts:
        before = next(e for e in last_done.exercises if e.name == lift.name)
        assert (lift.sets or 0) < (before.sets or 0) and lift.reps == before.reps, (lift, before)
    # the days without a run or a lift: the missed week and the Sunday before it (a rest day)
    note = next(n for n in new.notes if n.startswith("After 8 days without training"))
    assert "(31 Oct to 7 Nov)" in note, note
    assert "keep your last full week's load in fewer sets, and the Nordic curls halve their dose" in note, note
    assert hamplan.check(new) == []


def test_an_illness_after_a_step_up_eases_back_from_that_step_not_the_week_before() -> None:
    """A half marathoner lifts 3 x 6 single-leg RDLs, heavier, on Monday and falls ill on
    Wednesday for five days. The week back read "2 x 8, the same load as your last full week":
    the lighter 3 x 8 of the week before, at a load the runner had just moved past, so 8 reps at
    the load last lifted for 6. It keeps the last session's reps, in fewer sets, and says so."""
    plan = hamplan.generate({
        "start": "2027-11-22", "time_zone": "Australia/Sydney", "race": {"distance": "half", "date": "2028-03-12", "goal_time": "2:19:57"},
        "runner": {"weekly_km": 22.7, "long_run_km": 7.8, "age": 37, "recent_race": {"distance": "5k", "time": "32:31"}, "equipment": "home"},
        "schedule": {"run_days": ["mon", "wed", "thu", "sat", "sun"], "long_run_day": "sun", "rest_days": ["tue"],
                     "max_minutes": {"tue": 60, "wed": 60, "fri": 60}},
    })
    ill, well = date(2028, 1, 26), date(2028, 1, 30)
    last = [s for s in plan.sessions if s.kind == "strength" and s.date < ill][-1]
    assert last.exercises[0].sets == 3 and "Heavier" in last.exercises[0].notes, last.exercises[0]
    new = hamplan.pause(plan, ill, well, "illness")
    assert hamplan.check(new) == []
    back = [s for s in new.sessions if s.kind == "strength" and s.date > well and s.status != "cancelled"][0]
    lift, before = back.exercises[0], last.exercises[0]
    assert lift.name == before.name and lift.reps == before.reps and (lift.sets or 0) < (before.sets or 0), (lift, before)
    assert "the same load as your last session before it" in lift.notes, lift.notes


#: A 54-year-old 10K runner with a past strain on six days: Nordic curls in every strength session.
MASTERS_PAST_STRAIN_10K: dict[str, Any] = {
    "start": "2027-11-21", "time_zone": "America/New_York", "units": "mi", "race": {"distance": "10k", "date": "2028-02-06"},
    "runner": {"weekly_km": 25.3, "long_run_km": 8.5, "age": 54, "recent_race": {"distance": "5k", "time": "22:04"},
               "hamstring_history": "past_strain", "equipment": "gym"},
    "schedule": {"run_days": ["mon", "tue", "wed", "fri", "sat", "sun"], "long_run_day": "sun", "rest_days": ["thu"]},
}


def test_nordic_curls_halve_through_an_illness_s_return() -> None:
    """A 54-year-old 10K runner with a past strain, five days ill in January: his first strength
    session back halved the Nordic curls, and the next two, four and six days after the illness,
    ran the full 3 x 12/10/8 beside lifts held to 2 sets. Every session of the return's weeks,
    where the lifts deload, halves them; the weeks after go back to the full dose."""
    plan = hamplan.generate(MASTERS_PAST_STRAIN_10K)
    new = hamplan.pause(plan, date(2028, 1, 11), date(2028, 1, 15), "illness")
    assert hamplan.check(new) == []
    back = [s for s in new.sessions if s.kind == "strength" and s.status != "cancelled" and date(2028, 1, 15) < s.date <= date(2028, 1, 24)]
    assert len(back) >= 2
    for session in back:
        nordic = next(e for e in session.exercises if "Nordic" in e.name)
        lift = session.exercises[0]
        assert nordic.reps == "6/5/4" and lift.sets == 2, (session.date, nordic, lift)
        assert "Back from your illness: the same load as your last session before it" in lift.notes, lift.notes
    # and the notes call the illness an illness, not "your break"
    assert "Back from your illness (11 Jan to 15 Jan), 16 Jan to 20 Jan hold easy runs" in " ".join(new.notes), new.notes
    later = [s for s in new.sessions if s.kind == "strength" and s.status != "cancelled" and date(2028, 1, 24) < s.date < date(2028, 1, 31)]
    assert later and all(next(e for e in s.exercises if "Nordic" in e.name).reps == "12/10/8" for s in later)


#: The 10K runner with a past strain of the missed-week test, lifting Mondays and Thursdays.
PAST_STRAIN_10K: dict[str, Any] = {
    "start": "2027-10-04", "time_zone": "Europe/Berlin",
    "race": {"distance": "10k", "date": "2027-12-05", "goal_time": "47:40"},
    "runner": {"weekly_km": 27.3, "long_run_km": 11.2, "age": 19, "recent_race": {"distance": "10k", "time": "50:30"},
               "hamstring_history": "past_strain", "equipment": "none"},
    "schedule": {"run_days": ["mon", "thu", "sat"], "long_run_day": "sat", "blackout": [{"from": "2027-11-19", "to": "2027-11-25"}]},
}


def test_days_missed_into_a_re_plan_s_week_ease_strength_back_too() -> None:
    """Nothing logged from 26 Oct to 3 Nov, re-planned on Thursday 4 Nov: the re-plan resumes its
    week from Monday 1 Nov, and only the days missed before that Monday were counted (six), so the
    first lifts back stepped up (3 x 12, Nordics 3 x 12/10/8 after 3 x 8-10 ten days before). The
    nine days count up to the day of the re-plan."""
    plan = hamplan.generate(PAST_STRAIN_10K)
    stop, today = date(2027, 10, 26), date(2027, 11, 4)
    log = [{"date": s.date, "kind": s.kind, "type": s.type, "distance_km": s.distance_km, "duration_min": s.duration_min}
           for s in plan.sessions if s.date < stop and s.status != "cancelled"]
    new = hamplan.replan(plan, log, today)
    assert hamplan.check(new) == []
    first = next(s for s in new.sessions if s.kind == "strength" and s.date >= today and s.status != "cancelled")
    nordic = next(e for e in first.exercises if "Nordic" in e.name)
    assert first.exercises[0].sets == 2 and nordic.reps == "4-5", (first.exercises[0], nordic)
    assert any(n.startswith("After 9 days without training (26 Oct to 3 Nov)") for n in new.notes), new.notes


def test_a_break_s_week_back_is_said_once_where_days_missed_led_into_it() -> None:
    """A week not logged, then a week's break in the request, re-planned the day after it: the
    notes said both "Week 8 is your first back after your break (15 Nov to 21 Nov)" and "After 15
    days without training (7 Nov to 21 Nov)", counting the planned break as days missed."""
    request = dict(PAST_STRAIN_10K, race={"distance": "10k", "date": "2027-12-12", "goal_time": "47:40"},
                   schedule=dict(PAST_STRAIN_10K["schedule"], blackout=[{"from": "2027-11-15", "to": "2027-11-21"}]))
    plan = hamplan.generate(request)
    today = date(2027, 11, 22)
    log = [{"date": s.date, "kind": s.kind, "type": s.type, "distance_km": s.distance_km, "duration_min": s.duration_min}
           for s in plan.sessions if s.date < today and s.status != "cancelled" and not date(2027, 11, 8) <= s.date <= date(2027, 11, 14)]
    new = hamplan.replan(plan, log, today)
    assert any(n.startswith("Week 8 is your first back after your break (15 Nov to 21 Nov)") for n in new.notes), new.notes
    assert not any("days without training" in n for n in new.notes), new.notes


def test_an_illness_s_return_holds_the_nordic_rung_it_halves() -> None:
    """Five days ill in the plan's second week: the weeks back halved the Nordic curls but climbed
    the rungs beneath (3 x 3-4, then 3 x 4-5), and the first full session after them jumped to
    3 x 12/10/8 from 2 x 6. They hold the rung they halve; the climb goes on from it."""
    plan = hamplan.generate(MASTERS_PAST_STRAIN_10K)
    new = hamplan.pause(plan, date(2027, 12, 2), date(2027, 12, 6), "illness")
    assert hamplan.check(new) == []
    doses = [(s.date, next(e for e in s.exercises if "Nordic" in e.name)) for s in new.sessions
             if s.kind == "strength" and s.status != "cancelled" and date(2027, 11, 28) <= s.date <= date(2027, 12, 31)]
    before = [e for day, e in doses if day < date(2027, 12, 2)]
    after = [e for day, e in doses if day > date(2027, 12, 6)]
    assert before and after
    assert all((e.sets, e.reps) == (1, "6") for e in after[:4]), after[:4]  # half of the 2 x 6 last done
    assert (after[4].sets, after[4].reps) == (3, "6-8"), after[4]  # the next rung, not 3 x 12/10/8


def test_a_week_back_that_reaches_the_nordic_maintenance_dose_says_so() -> None:
    """A marathoner after a past strain, a week's holiday in week 11 (a new user's own request):
    the week back from it passes week 10 of the Nordic programme, whose maintenance dose (2 × 5)
    it halves to 1 × 5 after weeks of 3 × 12/10/8. Its note had said "the Nordic curls halve their
    dose" and the exercise "Half your usual 2 × 5", a dose the runner had never done."""
    plan = hamplan.generate(A_NEW_USERS_MARATHON)
    assert hamplan.check(plan) == []
    note = next(n for n in plan.notes if n.startswith("Week 12 is your first back"))
    assert "the Nordic curls halve the programme's next dose, 2 × 5 (1 × 5 this week)" in note, note
    back = [s for s in plan.sessions if s.kind == "strength" and date(2027, 3, 22) <= s.date <= date(2027, 3, 28)]
    nordics = [e for s in back for e in s.exercises if "nordic" in e.name.lower()]
    assert nordics and all((e.sets, e.reps) == (1, "5") and "Half the programme's 2 × 5 from this week on" in e.notes for e in nordics)
    # a taper that starts past week 10 halves a dose never done too; a week back that halves
    # the dose of the weeks before it says "your usual", as before
    request = {"start": "2027-02-01", "race": {"distance": "marathon", "date": "2027-05-02"},
               "runner": {"weekly_km": 35, "long_run_km": 16, "age": 42, "hamstring_history": "past_strain"},
               "schedule": {"run_days": ["tue", "thu", "sat", "sun"], "long_run_day": "sun", "max_minutes": {"tue": 60, "thu": 60}}}
    tapered = [e for s in hamplan.generate(request).sessions if s.kind == "strength" for e in s.exercises if "Half" in (e.notes or "")]
    assert tapered and all("Half the programme's 2 × 5 from this week on" in e.notes for e in tapered)
    earlier = hamplan.generate({**request, "start": "2026-12-07", "schedule": {
        **request["schedule"], "blackout": [{"from": "2026-12-21", "to": "2026-12-27"}, {"from": "2027-03-01", "to": "2027-03-07"}]}})
    assert not [n for n in earlier.notes if "next dose" in n]
    assert all("Half your usual" in e.notes for s in earlier.sessions if s.kind == "strength" for e in s.exercises if "Half" in (e.notes or ""))
