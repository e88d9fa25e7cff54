"""The request samplers: reproducible, valid, and (for the realistic population) near the
distributions the module documents."""

from __future__ import annotations

import random
import statistics
from collections import Counter

from hamplan.models import NAMED_DISTANCES_KM, parse_duration_s
from hamplan.paces import race_time_for_vdot, vdot_from_race
from hamplan.samples import (
    RACE_MIX,
    random_request,
    realistic_population,
    realistic_request_data,
)


def test_a_seed_names_the_same_population() -> None:
    assert realistic_population(30, 5) == realistic_population(30, 5)
    assert realistic_population(30, 5) != realistic_population(30, 6)
    assert random_request(random.Random(3)) == random_request(random.Random(3))


def test_realistic_population_follows_its_documented_mix() -> None:
    population = realistic_population(600, 11)
    races = Counter(r.race.distance for r in population)
    for race, share in RACE_MIX.items():
        assert abs(races[race] / len(population) - share) < 0.06, (race, races)
    assert all(3 <= len(r.schedule.run_days) <= 6 for r in population)
    assert all(r.schedule.long_run_day in ("sat", "sun") for r in population)
    assert all(r.race.date.weekday() in (5, 6) for r in population)
    weeks = [r.week_count for r in population]
    assert min(weeks) >= 6 and statistics.median(weeks) <= 16
    limits = [m for r in population for m in r.schedule.max_minutes.values()]
    assert limits and set(limits) <= {45, 60, 75, 90}
    assert 0.25 < sum(bool(r.schedule.max_minutes) for r in population) / len(population) < 0.45
    assert 0.2 < sum(bool(r.schedule.blackout) for r in population) / len(population) < 0.4


def test_marathoners_finish_around_four_and_a_half_hours() -> None:
    """The recent race is the runner's marathon equivalent, so its VDOT reads back the ability."""
    marathoners = [r for r in realistic_population(600, 12) if r.race.distance == "marathon" and r.runner.recent_race]
    equivalents = [
        race_time_for_vdot(vdot_from_race(r.runner.recent_race.km, r.runner.recent_race.seconds), 42.195) / 3600
        for r in marathoners
        if r.runner.recent_race is not None
    ]
    assert 4.2 < statistics.median(equivalents) < 4.7
    assert 3.0 - 0.2 < min(equivalents) and max(equivalents) < 6.0 + 0.3


def test_volume_grows_with_race_and_level() -> None:
    population = realistic_population(600, 13)
    median = {race: statistics.median(r.runner.weekly_km for r in population if r.race.distance == race) for race in RACE_MIX}
    assert median["5k"] < median["10k"] < median["half"] < median["marathon"]
    assert 30 <= median["marathon"] <= 40
    for request in population:
        assert 3.0 <= request.runner.long_run_km <= 0.5 * request.runner.weekly_km + 3.0


def test_a_coach_gives_the_long_run_time_to_grow() -> None:
    """The horizon is at least what the long run needs (10 % a week, a step-back week in four);
    without that criterion the horizon is the race's drawn range alone."""
    from hamplan.samples import HORIZON_WEEKS, coach_minimum_weeks

    coached = realistic_population(300, 15)
    drawn = realistic_population(300, 15, coach_horizon=False)
    assert any(a.week_count > b.week_count for a, b in zip(coached, drawn))
    for request in drawn:
        assert HORIZON_WEEKS[str(request.race.distance)][0] <= request.week_count <= HORIZON_WEEKS[str(request.race.distance)][1] + 1
    assert coach_minimum_weeks("marathon", 5.0, 33.6) > coach_minimum_weeks("marathon", 16.0, 33.6) >= 4
    assert coach_minimum_weeks("5k", 6.0, 40.0) == 1 + 1  # already ready: the taper and the slack


def test_goal_times_stay_near_the_recent_race() -> None:
    rng = random.Random(14)
    for _ in range(200):
        data = realistic_request_data(rng)
        goal = data["race"].get("goal_time")
        if goal is None:
            continue
        recent = data["runner"]["recent_race"]
        vdot = vdot_from_race(NAMED_DISTANCES_KM[recent["distance"]], parse_duration_s(recent["time"]))
        equivalent = race_time_for_vdot(vdot, NAMED_DISTANCES_KM[data["race"]["distance"]])
        assert 0.90 < parse_duration_s(goal) / equivalent < 1.08, (goal, recent)
