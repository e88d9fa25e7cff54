"""Bad input gets a RequestError naming the field, the value, and what would be valid."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

import pytest

import hamplan
from hamplan import PlanRequest, RequestError

BASE = {
    "start": "2027-01-04",
    "time_zone": "Europe/London",
    "race": {"distance": "half", "date": "2027-04-18"},
    "runner": {"weekly_km": 20, "long_run_km": 9, "age": 35},
    "schedule": {"run_days": ["tue", "thu", "sat", "sun"], "long_run_day": "sun", "rest_days": ["fri"]},
}


def variant(**changes: object) -> dict:
    data = copy.deepcopy(BASE)
    for dotted, value in changes.items():
        target = data
        *path, last = dotted.split("__")
        for key in path:
            target = target.setdefault(key, {})
        target[last] = value
    return data


def test_base_request_loads_with_defaults() -> None:
    req = hamplan.load_request(BASE)
    assert req.units == "km" and req.rules.session_spike == 1.10
    assert req.schedule.times.run.strftime("%H:%M") == "06:30"
    assert req.week_count == 15


def test_full_weekday_names_and_formats_are_accepted() -> None:
    req = hamplan.load_request(
        variant(
            schedule__run_days=["Tuesday", "thursday", "SAT", "sun"],
            schedule__blackout=[{"from": "2027-02-01", "to": "2027-02-03"}],
            schedule__max_minutes={"monday": 45},
            schedule__times={"run": "07:15", "strength": "18:30", "mobility": "20:00"},
            runner__recent_race={"distance": "10k", "time": "52:30"},
            race__goal_time="1:59:59",
        )
    )
    assert req.schedule.run_days == ["tue", "thu", "sat", "sun"]
    assert req.schedule.max_minutes == {"mon": 45}
    assert req.schedule.blackout[0].from_ == date(2027, 2, 1)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"race__date": "2026-12-01"}, "", "must be after start"),
        ({"schedule__run_days": ["tue", "thu", "funday"]}, "schedule.run_days", "unknown weekday"),
        ({"schedule__long_run_day": "mon"}, "schedule", "not one of run_days"),
        ({"runner__weekly_km": -5}, "runner.weekly_km", "at least 0"),
        ({"units": "miles"}, "units", "'km' or 'mi' (got 'miles')"),
        ({"runner__equipment": "barbell"}, "runner.equipment", "'gym', 'home' or 'none' (got 'barbell')"),
        # a new plan from no running at all: the load rules allow no first week, and a refusal
        # had only restated them ("reach at most 0.0 km") with no change to offer
        ({"runner__weekly_km": 0, "runner__long_run_km": 0}, "", "a plan grows from the running you do now"),
        ({"runner__weekly_km": 0}, "", "runner.weekly_km is 0"),
        ({"race__date": "2028-01-10"}, "", "at most 52 weeks"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "unknown time zone"),
        ({"schedule__blackout": [{"from": "2027-04-17", "to": "2027-04-19"}]}, "", "covers race day"),
        ({"schedule__blackout": [{"from": "2027-02-10", "to": "2027-02-01"}]}, "schedule.blackout[0]", "before 'from'"),
        ({"runner__recent_race": {"distance": "5k", "time": "27 minutes"}}, "runner.recent_race.time", "MM:SS"),
        ({"rules__weekly_increase": 0.9}, "rules.weekly_increase", "at most 0.2"),
        ({"rules__long_run_max_min": -10}, "rules.long_run_max_min", "at least 60"),
        ({"race__distance": "ultra"}, "race.distance", "unknown race distance"),
        ({"schedule__times": {"run": "25:00"}}, "schedule.times.run", "HH:MM"),
        ({"runner__favourite_colour": "red"}, "runner.favourite_colour", "unknown field"),
        ({"schedule__rest_days": ["sun"]}, "schedule", "both a run day and a rest day"),
    ],
)
def test_bad_input_names_field_and_problem(changes: dict, field: str, words: str) -> None:
    with pytest.raises(RequestError) as caught:
        hamplan.load_request(variant(**changes))
    err = caught.value
    assert isinstance(err, ValueError)
    assert any(f.startswith(field) for f, _ in err.problems), err.problems
    assert words in str(err), str(err)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"runner__weekly_km": "6 miles"}, "runner.weekly_km", "a number of km (distances are km whatever 'units' says; 6 mi is 9.7 km)"),
        ({"schedule__max_minutes": {"tue": "45 min"}}, "schedule.max_minutes.tue", "a whole number of minutes, without a unit"),
        ({"runner__age": 290}, "runner.age", "at most 100 (got 290)"),
        ({"rules__weekly_increse": 0.1}, "rules.weekly_increse", "unknown field; did you mean weekly_increase?"),
        ({"runner__weekly_kms": 20}, "runner.weekly_kms", "unknown field; did you mean weekly_km?"),
        ({"runner__favourite_colour": "red"}, "runner.favourite_colour", "unknown field (check the spelling"),
        # a city for its zone: the runner is told the name that works
        ({"time_zone": "New York"}, "time_zone", "unknown time zone 'New York'; did you mean 'America/New_York'?"),
        ({"time_zone": "Europe/Berln"}, "time_zone", "did you mean 'Europe/Berlin'?"),
        # two clashes in one schedule: both are named (only the first was)
        ({"schedule__long_run_day": "mon", "schedule__rest_days": ["sun"]}, "schedule",
         "is not one of run_days ['tue', 'thu', 'sat', 'sun'] (add it to run_days); sun cannot be both a run day and a rest day"),
        # never a sign-reversed Etc zone, nor an old alias where a current name exists
        ({"time_zone": "GMT+2"}, "time_zone", "unknown time zone 'GMT+2'; use an IANA name such as 'Europe/Berlin'"),
        ({"time_zone": "Eastern"}, "time_zone", "unknown time zone 'Eastern'; use an IANA name"),
    ],
)
def test_problems_are_worded_plainly(changes: dict, field: str, words: str) -> None:
    with pytest.raises(RequestError) as caught:
        hamplan.load_request(variant(**changes))
    messages = dict(caught.value.problems)
    assert words in messages[field], messages
    assert not any(pydantic_word in str(caught.value) for pydantic_word in ("Field required", "Input should be a valid", "or equal to"))


def test_a_misspelt_required_field_is_missing_with_a_suggestion() -> None:
    data = variant()
    data["runner"]["weekly_kms"] = data["runner"].pop("weekly_km")
    with pytest.raises(RequestError) as caught:
        hamplan.load_request(data)
    assert dict(caught.value.problems) == {"runner.weekly_km": "missing", "runner.weekly_kms": "unknown field; did you mean weekly_km?"}
    # the cause first: the misspelling, then the field it leaves missing
    assert [field for field, _ in caught.value.problems] == ["runner.weekly_kms", "runner.weekly_km"]


def test_word_choices_ignore_case_as_weekdays_do() -> None:
    req = hamplan.load_request(variant(units="KM", output={"paper": "A4"}, runner__equipment="Home ", runner__hamstring_history="None"))
    assert (req.units, req.output.paper, req.runner.equipment, req.runner.hamstring_history) == ("km", "a4", "home", "none")
    with pytest.raises(RequestError, match="output.paper"):
        hamplan.load_request(variant(output={"paper": "A5"}))


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(RequestError) as caught:
        hamplan.load_request(variant(runner__age=7, runner__weekly_km=-1, time_zone="Nowhere"))
    fields = {f for f, _ in caught.value.problems}
    assert {"runner.age", "runner.weekly_km", "time_zone"} <= fields


def test_generate_refuses_bad_input_with_request_error() -> None:
    with pytest.raises(RequestError):
        hamplan.generate(variant(schedule__long_run_day="mon"))


def test_toml_and_json_files_load(tmp_path) -> None:
    data = json.loads(json.dumps(BASE))
    (tmp_path / "r.json").write_text(json.dumps(data))
    assert hamplan.load_request(tmp_path / "r.json").race.distance == "half"
    assert hamplan.load_request("examples/home-10k.toml").runner.equipment == "home"
    with pytest.raises(RequestError, match="no such file"):
        hamplan.load_request(tmp_path / "missing.toml")
    (tmp_path / "bad.toml").write_text("start = [")
    with pytest.raises(RequestError, match="not valid TOML"):
        hamplan.load_request(tmp_path / "bad.toml")


def test_request_json_round_trips_with_the_public_field_names() -> None:
    req = hamplan.load_request(variant(schedule__blackout=[{"from": "2027-02-01", "to": "2027-02-03"}]))
    text = req.model_dump_json()
    assert '"from":"2027-02-01"' in text.replace(" ", "")
    assert PlanRequest.model_validate_json(text) == req


def test_schemas_describe_both_models() -> None:
    request_schema = hamplan.request_schema()
    plan_schema = hamplan.plan_schema()
    assert "race" in request_schema["properties"] and "runner" in request_schema["properties"]
    assert {"weeks", "sessions", "paces", "request"} <= set(plan_schema["properties"])


#: How every message about a date says what is allowed.
DATE_FORMAT = "a date as YYYY-MM-DD, e.g. 2027-04-18"
#: BASE with every date field a request has, each at a date that loads.
WITH_EVERY_DATE = variant(
    schedule__blackout=[{"from": "2027-02-01", "to": "2027-02-03"}],
    history=[{"date": "2026-12-01", "kind": "run", "distance_km": 5}],
    easing={"until": "2027-01-10"},
    phases_from="2027-01-04",
)


def with_date(field: str, value: str) -> dict:
    """WITH_EVERY_DATE with the date at ``field`` (dotted, as an error names it) set to ``value``."""
    data = copy.deepcopy(WITH_EVERY_DATE)
    *path, last = field.replace("[", ".").replace("]", "").split(".")
    target: Any = data
    for key in path:
        target = target[int(key)] if key.isdigit() else target[key]
    target[last] = value
    return data


@pytest.mark.parametrize("field", ["start", "race.date", "schedule.blackout[0].from", "schedule.blackout[0].to",
                                   "history[0].date", "easing.until", "phases_from"])
@pytest.mark.parametrize(("value", "says"), [
    pytest.param("2027-02-30", "no such day: February 2027 has 28 days; " + DATE_FORMAT, id="30-february"),
    pytest.param("2027-13-01", "no month 13 (months are 01 to 12); " + DATE_FORMAT, id="month-13"),
    pytest.param("28.02.2027", DATE_FORMAT + "; did you mean 2027-02-28?", id="day-first"),
    pytest.param("2027-2-3", DATE_FORMAT + "; did you mean 2027-02-03?", id="one-digit"),
    pytest.param("2027-01-04T07:00", DATE_FORMAT + ", without a time of day", id="time-of-day"),
    pytest.param("next monday", DATE_FORMAT, id="words"),
])
def test_a_bad_date_names_its_field_the_value_and_the_format(field: str, value: str, says: str) -> None:
    """A date written wrong got the validation library's words ("Input should be a valid date or
    datetime, invalid character in year") and no word of the format a date takes."""
    with pytest.raises(RequestError) as caught:
        hamplan.load_request(with_date(field, value))
    assert caught.value.problems == [(field, f"{says} (got {value!r})")]  # the only problem: every other date loads
    assert "Input should be" not in str(caught.value) and "Datetimes provided" not in str(caught.value)


TOML_WITH_EVERY_DATE = """\
start = 2027-01-04
phases_from = 2027-01-04
history = [
  { date = 2026-12-01, kind = "run", distance_km = 5 },
  { date = 2026-12-03, kind = "run", distance_km = 6 },
]
easing = { until = 2027-01-10 }

[race]
distance = "half"
date = 2027-04-18

[runner]
weekly_km = 20
long_run_km = 9
age = 35

[schedule]
run_days = ["tue", "thu", "sat", "sun"]
long_run_day = "sun"
blackout = [{ from = 2027-02-01, to = 2027-02-03 }, { from = 2027-03-01, to = 2027-03-02 }]
"""


@pytest.mark.parametrize(("good", "bad", "field", "at"), [
    pytest.param("date = 2027-04-18", "date = 2027-02-30", "race.date", "line 11, column 8", id="race.date"),
    pytest.param("start = 2027-01-04", "start = 2027-13-04", "start", "line 1, column 9", id="start"),
    pytest.param("phases_from = 2027-01-04", "phases_from = 04.01.2027", "phases_from", "line 2, column 15", id="phases_from"),
    pytest.param("{ date = 2026-12-03,", "{ date = 2026-11-31,", "history[1].date", "line 5, column 12", id="history"),
    pytest.param("until = 2027-01-10", "until = 2027-1-10", "easing.until", "line 7, column 20", id="easing.until"),
    pytest.param("to = 2027-03-02 }", "to = 2027-02-29 }", "schedule.blackout[1].to", "line 21, column 79", id="blackout"),
])
def test_a_date_toml_refuses_is_named_by_its_field(good: str, bad: str, field: str, at: str) -> None:
    """TOML's parser refuses an impossible date itself, in its own words and with no field:
    "not valid TOML: Invalid date or datetime (at line 11, column 8)"."""
    assert hamplan.load_request(TOML_WITH_EVERY_DATE).history  # as written, every date loads
    written = bad.rsplit("= ", 1)[1].rstrip(",} ")
    with pytest.raises(RequestError) as caught:
        hamplan.load_request(TOML_WITH_EVERY_DATE.replace(good, bad))
    [(named, message)] = caught.value.problems
    assert named == field
    assert DATE_FORMAT in message and message.endswith(f"(got {written}, {at})"), message


def test_every_date_toml_refuses_is_named_at_once() -> None:
    text = TOML_WITH_EVERY_DATE.replace("2027-04-18", "2027-04-31").replace("from = 2027-02-01", "from = 1.2.2027")
    with pytest.raises(RequestError) as caught:
        hamplan.load_request(text)
    assert [field for field, _ in caught.value.problems] == ["race.date", "schedule.blackout[0].from"]


def test_a_date_toml_refuses_before_a_syntax_error_is_named_by_its_key(tmp_path) -> None:
    """Where the file is not TOML after it, the date's field cannot be known: its line, column and
    the key before it on its line say where it is, beside the parser's own error."""
    (tmp_path / "r.toml").write_text("[race]\ndate = 2027-02-30\nname = = 1\n")
    with pytest.raises(RequestError) as caught:
        hamplan.load_request(tmp_path / "r.toml")
    assert caught.value.problems == [
        ("date", f"no such day: February 2027 has 28 days; {DATE_FORMAT} (got 2027-02-30, line 2, column 8)"),
        ("", "not valid TOML: Invalid value (at line 3, column 8)"),
    ]
