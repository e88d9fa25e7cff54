"""Session content: warm-ups, cool-downs, cues, durations, strength and mobility rules."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamplan.content import (
    mobility_content,
    nordic_prescription,
    reference_sections,
    run_content,
    strength_content,
)
from hamplan.models import Exercise, Paces
from hamplan.paces import format_hms, paces_from_vdot, planning_pace, race_time_for_vdot, recovery_pace
from hamplan.words import a_or_an

RUN_TYPES = ("easy", "recovery", "long", "tempo", "marathon", "intervals", "hills", "race")
HISTORIES = ("none", "past_strain", "recent_strain", "tendinopathy")
PHASES = ("base", "build", "peak", "taper")
DISTANCE = {"easy": 8.0, "recovery": 5.0, "long": 24.0, "tempo": 9.0, "marathon": 14.0, "intervals": 10.0, "hills": 9.0,
            "race": 21.0975}


def _paces(vdot: float = 40.0) -> Paces:
    return paces_from_vdot(vdot, "recent_race", format_hms(race_time_for_vdot(vdot, 21.0975)))


def _texts(content: Any) -> list[str]:
    """Every string in a content object, exercises included."""
    out: list[str] = []
    for f in dataclasses.fields(content):
        value = getattr(content, f.name)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, str):
                out.append(item)
            elif isinstance(item, Exercise):
                out.extend([item.name, item.notes])
    return out


@pytest.mark.parametrize("history", HISTORIES)
@pytest.mark.parametrize("run_type", RUN_TYPES)
def test_run_warmup_cooldown_and_cues(run_type: str, history: str) -> None:
    c = run_content(run_type, DISTANCE[run_type], _paces(), phase="build", week_index=3,  # type: ignore[arg-type]
                    hamstring_history=history, hold_s=30, cadence_spm=None)  # type: ignore[arg-type]
    # warm-up
    if run_type in ("easy", "recovery", "long"):
        assert 5 <= c.warmup_min <= 8
    else:
        # at least the rule's 10 min before a session; a day with room warms up longer, up to 15
        assert 10 <= c.warmup_min <= 15
    assert re.search(rf"\b{c.warmup_min} min (easy jog|brisk walk)", c.warmup[0])
    joined = " ".join(c.warmup).lower()
    assert "leg swings" in joined and "high knees" in joined
    # cool-down
    names = [e.name for e in c.exercises]
    if history == "tendinopathy":
        assert not any("hamstring stretch" in t.lower() for t in _texts(c))
        assert "Glute bridge hold" in names
        assert any("tendon" in step for step in c.cooldown)
    else:
        # the race cools down with the safety rule's shortest holds (1 × 20 s): no long holds around racing
        sets, hold = (1, 20) if run_type == "race" else (2, 30)
        for name in ("Standing hamstring stretch", "Seated hamstring stretch"):
            stretch = next(e for e in c.exercises if e.name == name)
            assert stretch.sets == sets and stretch.hold_s == hold and "each leg" in stretch.notes
            assert any(name in step and f"{sets} × {hold} s" in step for step in c.cooldown)
    # cues
    assert len(c.cues) == 3
    assert "under your hips" in c.cues[0]
    assert "ankles" in c.cues[1]
    assert "180" in c.cues[2]
    # numbers
    # (hill sprints: a minute of sprinting in an easy run, whose running time is easy)
    assert c.intensity == {"easy": "easy", "recovery": "easy", "long": "easy", "hills": "easy", "tempo": "moderate",
                           "marathon": "moderate"}.get(run_type, "hard")
    assert 1 <= c.rpe <= 10
    assert c.duration_min == round(sum(km * pace for _, km, pace in c.segments))
    assert sum(km for _, km, _ in c.segments) == pytest.approx(DISTANCE[run_type])


def test_titles() -> None:
    p = _paces()
    assert run_content("easy", 8, p).title == "Easy run · 8 km"
    assert run_content("long", 24, p).title == "Long run · 24 km"
    # race week's long run, held to an hour, is often no longer than the week's easy runs: it says why
    last = run_content("long", 9.3, p, race_week=True)
    assert last.title == "Last long run · 9.3 km" and "at most 60 min this close to race day" in last.main[-1]
    assert run_content("long", 14, p, race_week=True).title == "Long run · 14 km"  # past the cap: no such words
    # no longer than the week's other runs by a fifth, it is an easy run on the long-run day, and says so
    level = run_content("long", 9.3, p, race_week=True, longer_than_the_rest=False)
    assert level.title == "Easy run · 9.3 km" and "an easy run like the others: at most 60 min this close to race day" in level.main[-1]
    assert not any("last long run" in line.lower() for line in level.main)
    # a long-run day that is the race's eve holds a shakeout: said as one, without a long run's advice
    eve = run_content("long", 4, p, race_week=True, race_eve=True)
    assert eve.title == "Race-eve run · 4 km" and "The day before the race" in eve.main[-1]
    assert not any("form falls apart" in line or "last long run" in line for line in eve.main)
    assert run_content("easy", 8, p, quality_type="strides").title == "Easy run + strides · 8 km"
    assert run_content("tempo", 9, p, quality_level=1).title == "Threshold · 3 × 6 min"
    assert run_content("tempo", 12, p, phase="build", quality_level=5).title == "Threshold · 2 × 15 min"
    assert run_content("marathon", 14, p, quality_level=1, race_km=42.195).title == "Marathon pace · 8 km"
    assert run_content("intervals", 12, p, phase="peak", quality_level=5).title == "Intervals · 5 × 1000 m"
    assert run_content("hills", 9, p, phase="base", quality_level=1).title == "Hill sprints · 6 × 10 s"


def test_cadence_cue_names_next_step() -> None:
    assert "aim for 173" in run_content("easy", 8, _paces(), cadence_spm=165).cues[2]
    assert "180" in run_content("easy", 8, _paces(), cadence_spm=178).cues[2]
    assert "there already" in run_content("easy", 8, _paces(), cadence_spm=184).cues[2]


@settings(max_examples=50, deadline=None, derandomize=True)
@given(
    run_type=st.sampled_from([t for t in RUN_TYPES if t != "race"]),
    distance=st.floats(min_value=3.0, max_value=35.0, allow_nan=False),
    vdot=st.floats(min_value=25.0, max_value=70.0, allow_nan=False),
    phase=st.sampled_from(PHASES),
    week=st.integers(min_value=1, max_value=30),
)
def test_duration_never_exceeds_its_pace_budget(run_type: str, distance: float, vdot: float, phase: str, week: int) -> None:
    """Every run is budgeted at its prescribed pace: the middle of the easy zone, the slow end for
    a recovery run."""
    paces = _paces(vdot)
    c = run_content(run_type, distance, paces, phase=phase, week_index=week)  # type: ignore[arg-type]
    pace = recovery_pace(paces) if run_type == "recovery" else planning_pace(paces, "easy")
    budget = distance * pace
    # Both are whole minutes on the calendar: the rounded duration never exceeds the rounded budget,
    # and the exact segment sum never exceeds the exact budget.
    assert c.duration_min <= round(budget)
    assert sum(km * pace for _, km, pace in c.segments) <= budget + 1e-9
    assert all(km >= -1e-9 for _, km, _ in c.segments)
    assert sum(km for _, km, _ in c.segments) == pytest.approx(distance)


def test_race_uses_prediction() -> None:
    paces = _paces(40.0)
    c = run_content("race", 21.0975, paces)
    assert c.duration_min == round(race_time_for_vdot(40.0, 21.0975) / 60)
    assert c.intensity == "hard" and c.warmup_min == 10


# ---------------------------------------------------------------------------------------------
# Strength
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("week", "expected"),
    [(1, (2, "5")), (2, (2, "6")), (3, (3, "6-8")), (4, (3, "8-10")), (5, (3, "12/10/8")), (10, (3, "12/10/8")),
     (11, (2, "5")), (30, (2, "5"))],
)
def test_nordic_progression(week: int, expected: tuple[int, str]) -> None:
    assert nordic_prescription(week) == expected


def _nordic_reps(sets: int, reps: str) -> tuple[int, int]:
    """(fewest, most) reps of a dose: '12/10/8' names each set, '6-8' a range for every set."""
    if "/" in reps:
        per_set = [int(x) for x in reps.split("/")]
        assert len(per_set) == sets, f"{sets} × {reps} names {len(per_set)} sets"
        return sum(per_set), sum(per_set)
    low, _, high = reps.partition("-")
    return sets * int(low), sets * int(high or low)


@pytest.mark.parametrize("week", [1, 2, 3, 4, 5, 10, 11, 30])
def test_a_taper_halves_the_nordic_dose(week: int) -> None:
    """TRAINING_RULES: the Nordic dose is halved in taper. Halving the sets rounded up gave
    2 × 12/10/8 (22 of the 30 reps, written as three sets) and 2 × 8-10 (two thirds)."""
    full_low, full_high = _nordic_reps(*nordic_prescription(week))
    low, high = _nordic_reps(*nordic_prescription(week, taper=True))
    assert high <= full_high // 2 and low >= full_low // 2 - 1 and low >= 4


def test_nordic_in_session() -> None:
    c = strength_content(equipment="gym", nordic=True, nordic_week=11, taper=True, phase="taper")
    nordic = next(e for e in c.exercises if e.name == "Nordic hamstring curl")
    assert (nordic.sets, nordic.reps) == (1, "5")
    assert "partner" in nordic.notes and "slowly" in nordic.notes
    assert c.title == "Strength · RDL, leg curls, Nordics"
    assert not any("Nordic" in e.name for e in strength_content(nordic=False).exercises)


@pytest.mark.parametrize("equipment", ["gym", "home", "none"])
@pytest.mark.parametrize("history", HISTORIES)
@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("tendon_week", [1, 4, 5, 9])
def test_strength_has_hinge_and_curl(equipment: str, history: str, phase: str, tendon_week: int) -> None:
    c = strength_content(equipment=equipment, hamstring_history=history, phase=phase,  # type: ignore[arg-type]
                         week_index=tendon_week, nordic=history != "none", nordic_week=tendon_week,
                         taper=phase == "taper", tendinopathy_loading_week=tendon_week)
    names = [e.name.lower() for e in c.exercises]
    assert any("deadlift" in n for n in names)
    assert any("curl" in n for n in names)
    assert 30 <= c.duration_min <= 45 and 5 <= c.rpe <= 8 and c.intensity == "moderate"
    joined = " ".join(c.warmup).lower()
    assert "5 min easy cardio" in joined and "leg swings" in joined and "glute bridges" in joined
    if history == "tendinopathy":
        assert not any("hamstring stretch" in t.lower() for t in _texts(c))
        assert c.type == ("tendon-isometrics" if tendon_week <= 4 else "tendon-heavy-slow")
    else:
        assert c.type == {"gym": "hamstring-strength-gym", "home": "hamstring-strength-home",
                          "none": "hamstring-strength-bodyweight"}[equipment]


def test_tendon_isometrics_come_first() -> None:
    c = strength_content(hamstring_history="tendinopathy", tendinopathy_loading_week=2)
    assert c.exercises[0].name == "Isometric glute bridge hold" and c.exercises[0].hold_s == 45
    heel = next(e for e in c.exercises if "heel digs" in e.name)
    assert heel.sets == 5 and heel.hold_s is not None and 30 <= heel.hold_s <= 45


def test_phase_alone_still_gives_a_sensible_load() -> None:
    """Callers that know only the phase get where that phase starts on the weekly ladder."""
    reps = {p: strength_content(equipment="gym", phase=p).exercises[0] for p in PHASES}  # type: ignore[arg-type]
    assert [(e.sets, e.reps) for e in reps.values()] == [(3, "8"), (3, "8"), (3, "6"), (2, "6")]


# ---------------------------------------------------------------------------------------------
# Mobility and reference
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["yoga", "stretch"])
@pytest.mark.parametrize("history", HISTORIES)
@pytest.mark.parametrize("before_quality", [False, True])
@pytest.mark.parametrize("index", [0, 1, 2])
def test_mobility(style: str, history: str, before_quality: bool, index: int) -> None:
    c = mobility_content(style=style, hamstring_history=history, hold_s=25,  # type: ignore[arg-type]
                         session_index=index, before_quality=before_quality)
    assert 20 <= c.duration_min <= 30 and c.rpe == 2 and c.intensity == "easy"
    assert c.exercises and len(c.main) >= len(c.exercises)
    for e in c.exercises:
        assert e.sets is not None and e.sets >= 2
        if e.hold_s is not None:
            assert 20 <= e.hold_s <= (20 if before_quality else 30)
    if history == "tendinopathy":
        assert c.type == "tendon-friendly-mobility"
        assert not any("hamstring stretch" in t.lower() for t in _texts(c))
        assert not any("fold" in e.name.lower() or "splits" in e.name.lower() for e in c.exercises)
    elif before_quality or style == "yoga":
        assert c.type == "yoga-flow"
    else:
        assert c.type == "hamstring-stretch"
        assert all(e.hold_s == 25 and "each side" in e.notes for e in c.exercises)


def test_mobility_is_deterministic_and_rotates() -> None:
    assert mobility_content(session_index=4) == mobility_content(session_index=4)
    flows = {tuple(e.name for e in mobility_content(session_index=i).exercises) for i in range(3)}
    assert len(flows) == 3


def test_reference_sections() -> None:
    sections = {s.title: s for s in reference_sections()}
    assert "Warning signs: stop and get it checked" in sections
    warning = " ".join(name + " " + how for name, how in sections["Warning signs: stop and get it checked"].items)
    for phrase in ("sharp pain", "pop", "Bruising", "sit bone", "limp"):
        assert phrase in warning
    everything = " ".join(n + " " + h for s in sections.values() for n, h in s.items)
    for phrase in ("Romanian deadlift", "Single-leg Romanian deadlift", "Lying leg curl", "Sliding leg curl",
                   "Nordic hamstring curl", "Isometric", "Standing hamstring stretch", "Seated hamstring stretch",
                   "20–30 s", "Downward dog", "180", "Leg swings", "High knees"):
        assert phrase in everything


@pytest.mark.parametrize("history", ["none", "past_strain", "recent_strain", "tendinopathy"])
@pytest.mark.parametrize("equipment", ["gym", "home", "none"])
@pytest.mark.parametrize("phase", ["base", "peak", "taper"])
def test_short_strength_keeps_its_hinge_curl_and_nordic_dose(history: str, equipment: str, phase: str) -> None:
    from hamplan.models import PlanRequest
    from hamplan.rules.settings import strength_short_min

    # the planner's budget for the runner's short session: 15 min without Nordic curls or a sore
    # tendon's work, 20 with them (the content must stay within it)
    request = PlanRequest.model_validate({
        "start": "2027-01-04", "race": {"distance": "10k", "date": "2027-03-28"},
        "runner": {"weekly_km": 30, "long_run_km": 10, "age": 35, "hamstring_history": history, "equipment": equipment},
        "schedule": {"run_days": ["tue", "thu", "sun"], "long_run_day": "sun"},
    })
    for week in (1, 3, 6, 12):
        kwargs = dict(equipment=equipment, hamstring_history=history, phase=phase, nordic=history != "none",
                      nordic_week=week, tendinopathy_loading_week=week)
        full = strength_content(**kwargs)  # type: ignore[arg-type]
        short = strength_content(short=True, **kwargs)  # type: ignore[arg-type]
        assert 15 <= short.duration_min <= strength_short_min(request) < full.duration_min
        hinge = [e for e in short.exercises if "deadlift" in e.name.lower()]
        curl = [e for e in short.exercises if "curl" in e.name.lower() and "nordic" not in e.name.lower()]
        assert hinge and curl and hinge[0].sets == 2 and curl[0].sets == 2
        nordic = lambda c: [(e.sets, e.reps) for e in c.exercises if "nordic" in e.name.lower()]  # noqa: E731
        assert nordic(short) == nordic(full)  # Petersen's progression, untouched by the short form


def test_short_mobility_is_ten_minutes_of_proper_holds() -> None:
    from hamplan.rules.settings import MOBILITY_SHORT_MAX_MIN

    for history in ("none", "tendinopathy"):
        for style in ("yoga", "stretch"):
            for before_quality in (False, True):
                c = mobility_content(style=style, hamstring_history=history, short=True, before_quality=before_quality)  # type: ignore[arg-type]
                assert c.duration_min == MOBILITY_SHORT_MAX_MIN and len(c.exercises) == 4
                for e in c.exercises:
                    assert e.hold_s is None or (20 <= e.hold_s <= 30 and (e.sets or 0) >= 2)
                    assert not (history == "tendinopathy" and "hamstring stretch" in e.name.lower())


@pytest.mark.parametrize("history", ["past_strain", "tendinopathy"])
def test_the_fast_running_cue_only_on_runs_with_fast_running(history: str) -> None:
    """'Fast means strong and controlled, never an all-out sprint' stood on a sore tendon's plain
    easy runs (its strides days, strides left out) and on the race eve's easy run."""
    paces = _paces(40.0)
    cue = "Fast means strong and controlled"
    strides = run_content("easy", 6.0, paces, hamstring_history=history, quality_type="strides")  # type: ignore[arg-type]
    fast_steps = [st for b in (strides.workout.blocks if strides.workout else []) for st in b.steps if st.kind == "work"]
    assert (cue in " ".join(strides.main)) == bool(fast_steps), (history, strides.title)
    assert (history == "tendinopathy") == (not fast_steps)
    # a tempo day too short for its session is an easy run with strides: it holds fast running
    # and says so (the cue followed the kind asked for, not the run that came out)
    short_tempo = run_content("tempo", 4.0, paces, hamstring_history=history, phase="build", week_km=30.0)  # type: ignore[arg-type]
    tempo_strides = [st for b in (short_tempo.workout.blocks if short_tempo.workout else []) for st in b.steps if st.kind == "work"]
    assert "strides" in short_tempo.title.lower() or history == "tendinopathy", short_tempo.title
    assert (cue in " ".join(short_tempo.main)) == bool(tempo_strides), (history, short_tempo.title)


def test_hill_sprints_recover_as_the_distance_counts_them() -> None:
    """The recovery between hill sprints is 90 s at easy pace in the session's distance: its text
    said "walk back down", ground a walker does not cover (0.8-1.8 km a session overstated)."""
    content = run_content("hills", 8.0, _paces(40.0), phase="base", week_km=40.0)
    text = " ".join(content.main)
    recovery = [st for b in (content.workout.blocks if content.workout else []) for st in b.steps if st.kind == "recovery"]
    assert recovery and all(st.pace == "easy" for st in recovery)
    assert "easy jog back down" in text and "walk back" not in text, text


@pytest.mark.parametrize(("run_type", "distance_km"), [("hills", 14.0), ("tempo", 16.0), ("intervals", 15.0), ("marathon", 22.0)])
def test_a_session_with_easy_running_after_its_set_reads_as_one_run_to_its_cool_down(run_type: str, distance_km: float) -> None:
    """A session day longer than its set needs runs the rest easy after the set: that running
    and the cool-down that ends it are one line ("its last 20 min are the cool-down"). Two lines,
    "Then 4.6 km easy (about 31 min) — easy, conversational" and "Then 3 km easy (about 20 min)
    to cool down", read as two runs back to back. The distances and minutes of the line are the
    workout's, which keeps both steps (a watch shows the cool-down as its own step)."""
    paces = _paces(40.0)
    content = run_content(run_type, distance_km, paces, phase="build", week_km=60.0)  # type: ignore[arg-type]
    assert content.workout is not None
    kinds = [b.steps[0].kind for b in content.workout.blocks]
    assert kinds[-2:] == ["steady", "cooldown"], kinds
    easy_lines = [line for line in content.main if line.startswith("Then") and " km easy (about " in line]
    assert len(easy_lines) == 1, content.main
    line = easy_lines[0]
    steady, cool = content.workout.blocks[-2].steps[0], content.workout.blocks[-1].steps[0]
    km = ((steady.distance_m or 0) + (cool.distance_m or 0)) / 1000
    found = re.fullmatch(r"Then ([\d.]+) km easy \(about \d+ min\), conversational; its last \d+ min are the cool-down", line)
    assert found and abs(float(found.group(1)) - km) <= 0.051, (line, km)
    assert not [m for m in content.main if m.endswith("to cool down")], content.main


@pytest.mark.parametrize(
    ("phrase", "said"),
    [
        ("8.6 km long run", "an 8.6 km long run"),
        ("80-min run", "an 80-min run"),
        ("11-min run", "an 11-min run"),
        ("18 km race", "an 18 km race"),
        ("110-min run", "a 110-min run"),
        ("180 km", "a 180 km"),
        ("10K plan", "a 10K plan"),
        ("5K", "a 5K"),
        ("intervals session", "an intervals session"),
        ("easy run", "an easy run"),
        ("tempo session", "a tempo session"),
        ("Marathon plan", "a Marathon plan"),
    ],
)
def test_the_article_before_a_number_or_a_name_is_the_one_said(phrase: str, said: str) -> None:
    assert a_or_an(phrase) == said


def test_a_novice_s_peak_note_reads_an_before_an_eight() -> None:
    """A novice 5K runner's peak note read "beside a 8.6 km long run" (coach reading)."""
    import hamplan

    plan = hamplan.generate({
        "start": "2027-01-04", "race": {"distance": "5k", "date": "2027-03-07", "goal_time": "31:30"},
        "runner": {"weekly_km": 12, "long_run_km": 5, "age": 30, "equipment": "home", "recent_race": {"distance": "5k", "time": "33:00"}},
        "schedule": {"run_days": ["tue", "thu", "sat"], "long_run_day": "sat"},
    })
    peak = next(n for n in plan.notes if n.startswith("Peak"))
    assert "beside an 8." in peak, peak
    assert not re.search(r"\ba (8|11(?!\d)|18(?!\d))", " ".join(plan.notes)), plan.notes


def test_a_long_last_easy_stretch_reads_as_the_rest_of_the_run() -> None:
    """A 4:30 marathoner's race-week tune-up read "Then 3.3 km easy (about 24 min) to cool down"
    after 4 × 60 s at race pace (coach reading): a cool-down line past 15 min reads as the rest
    of the run, its last 10 min the cool-down; a short one stays a cool-down."""
    import hamplan
    from hamplan.samples import realistic_population

    lines = [m for r in realistic_population(12, seed=2027) for s in hamplan.generate(r).sessions for m in s.main
             if m.startswith("Then ") and ("to cool down" in m or "to finish" in m)]
    minutes = [(int(re.search(r"about (\d+) min", m).group(1)), m) for m in lines]
    assert any(n > 15 for n, _ in minutes) and any(n <= 15 for n, _ in minutes), lines
    for n, line in minutes:
        if n > 15:
            assert line.endswith("to finish, relaxed; its last 10 min are the cool-down"), line
        else:
            assert line.endswith("to cool down"), line
