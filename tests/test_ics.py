"""The iCalendar export, read back by icalendar and by an independent client (Mozilla's ical.js).

The ical.js side runs under node from tests/js (``npm ci`` there on first use). Every event's
UTC start must equal what Python computes with zoneinfo, across a daylight-saving change.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

import hamplan
from hamplan.export.display import KM_PER_MI
from hamplan.export.ics import default_stamp, escape_text, fold, to_ics, write_ics
from hamplan.models import OutputOptions, Plan

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
JS_DIR = Path(__file__).resolve().parent / "js"

# The first half marathon runs January to April in Europe/London (BST from 2027-03-28);
# the masters marathon runs January to May in America/New_York (EDT from 2027-03-14), in miles.
LONDON_DST = date(2027, 3, 28)
NEW_YORK_DST = date(2027, 3, 14)


@pytest.fixture(scope="module")
def half() -> Plan:
    return hamplan.generate(EXAMPLES / "first-half-marathon.toml")


@pytest.fixture(scope="module")
def marathon() -> Plan:
    return hamplan.generate(EXAMPLES / "masters-marathon-past-strain.toml")


@pytest.fixture(scope="module")
def ical_js() -> list[str]:
    """The node command that prints an .ics file's events as ical.js reads them."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not on PATH: the ical.js cross-check needs Node.js (and npm) installed")
    if not (JS_DIR / "node_modules" / "ical.js").is_dir():
        npm = shutil.which("npm")
        assert npm is not None, "node is installed but npm is not: install npm to fetch ical.js"
        command = [npm, "ci"] if (JS_DIR / "package-lock.json").exists() else [npm, "install"]
        done = subprocess.run(command, cwd=JS_DIR, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{' '.join(command)} failed in {JS_DIR}:\n{done.stdout}\n{done.stderr}"
    return [node, str(JS_DIR / "check_ics.mjs")]


def read_with_ical_js(command: list[str], path: Path) -> dict:
    done = subprocess.run([*command, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def expected_utc(plan: Plan) -> dict[str, str]:
    zone = ZoneInfo(plan.request.time_zone)
    out = {}
    for s in plan.sessions:
        start = datetime.combine(s.date, s.start, tzinfo=zone).astimezone(timezone.utc)
        out[s.uid] = start.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return out


# ---------------------------------------------------------------------------------------------
# ical.js, an independent client
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("plan_name", "dst_day"), [("half", LONDON_DST), ("marathon", NEW_YORK_DST)])
def test_ical_js_reads_every_event_at_the_right_utc_time(request, ical_js, tmp_path, plan_name, dst_day) -> None:
    plan: Plan = request.getfixturevalue(plan_name)
    path = tmp_path / "plan.ics"
    write_ics(plan, path)
    parsed = read_with_ical_js(ical_js, path)

    assert parsed["version"] == "2.0"
    assert parsed["timezones"] == [plan.request.time_zone]
    assert parsed["name"] == f"{plan.request.race.name} · {plan.request.race.date.isoformat()}"
    events = parsed["events"]
    assert len(events) == len(plan.sessions)
    assert [e["uid"] for e in events] == [s.uid for s in plan.sessions]
    want = expected_utc(plan)
    got = {e["uid"]: e["start_utc"] for e in events}
    assert got == want
    for event, session in zip(events, plan.sessions, strict=True):
        assert event["tzid"] == plan.request.time_zone
        assert event["duration_s"] == session.duration_min * 60
        assert event["sequence"] == session.sequence
        assert event["summary"]

    # The plan really crosses the clock change, and the UTC hour moves with it.
    zone = ZoneInfo(plan.request.time_zone)
    runs = [s for s in plan.sessions if s.kind == "run"]
    before = [s for s in runs if s.date < dst_day]
    after = [s for s in runs if s.date > dst_day + timedelta(days=1)]
    assert before and after
    offset = lambda s: datetime.combine(s.date, s.start, tzinfo=zone).utcoffset()  # noqa: E731
    assert offset(before[-1]) != offset(after[0])
    local_start = before[-1].start
    same_clock = [s for s in after if s.start == local_start]
    assert same_clock, "expected a run at the same local time after the change"
    assert got[before[-1].uid][11:16] != got[same_clock[0].uid][11:16]


def test_ical_js_sees_status_and_alarm(half, ical_js, tmp_path) -> None:
    cancelled = half.sessions[3]
    sessions = [s.model_copy(update={"status": "cancelled", "sequence": 2}) if s is cancelled else s for s in half.sessions]
    request = half.request.model_copy(update={"output": OutputOptions(reminder_min=45)})
    plan = half.model_copy(update={"sessions": sessions, "request": request})
    path = tmp_path / "plan.ics"
    write_ics(plan, path)
    events = {e["uid"]: e for e in read_with_ical_js(ical_js, path)["events"]}
    assert events[cancelled.uid]["status"] == "CANCELLED"
    assert events[cancelled.uid]["sequence"] == 2
    assert events[cancelled.uid]["alarm_trigger_s"] is None
    others = [e for uid, e in events.items() if uid != cancelled.uid]
    assert all(e["status"] == "CONFIRMED" for e in others)
    assert all(e["alarm_trigger_s"] == -45 * 60 for e in others)


# ---------------------------------------------------------------------------------------------
# icalendar
# ---------------------------------------------------------------------------------------------


def test_icalendar_parses_it_back(half) -> None:
    data = to_ics(half)
    cal = icalendar.Calendar.from_ical(data)
    assert cal["VERSION"] == "2.0"
    assert "hamplan" in str(cal["PRODID"])
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert str(cal["X-WR-CALNAME"]) == "Spring Half · 2027-04-18"
    assert str(cal["X-WR-TIMEZONE"]) == "Europe/London"
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    events = cal.walk("VEVENT")
    assert len(events) == len(half.sessions)
    zone = ZoneInfo("Europe/London")
    for event, session in zip(events, half.sessions, strict=True):
        start = event.decoded("DTSTART")
        assert start.tzinfo is not None
        local = datetime.combine(session.date, session.start, tzinfo=zone)
        assert start.astimezone(timezone.utc) == local.astimezone(timezone.utc)
        assert event.decoded("DURATION") == timedelta(minutes=session.duration_min)
        assert str(event["UID"]) == session.uid
        assert str(event["SUMMARY"]) == session.title
        assert event.decoded("DTSTAMP") == default_stamp(half)
        assert [str(c) for c in event.categories] == [session.kind.capitalize()]
        description = str(event["DESCRIPTION"])
        week = (session.date - half.request.start).days // 7 + 1
        assert description.startswith(f"Week {week} of {len(half.weeks)} · ")
    race = [e for e in events if str(e["CATEGORIES"].to_ical(), "utf-8") == "Race"]
    assert len(race) == 1 and race[0].decoded("DTSTART").date() == half.request.race.date


def test_description_has_the_session_content(half) -> None:
    cal = icalendar.Calendar.from_ical(to_ics(half))
    by_uid = {str(e["UID"]): str(e["DESCRIPTION"]) for e in cal.walk("VEVENT")}
    strength = next(s for s in half.sessions if s.kind == "strength")
    text = by_uid[strength.uid]
    for heading in ("Warm-up", "Main set:", "Cool-down:"):
        assert heading in text
    for exercise in strength.exercises:
        if exercise.reps:
            assert f"{exercise.name}: {exercise.sets} × {exercise.reps}" in text
    run = next(s for s in half.sessions if s.kind == "run" and s.cues)
    text = by_uid[run.uid]
    assert "Pace: about " in text and "/km" in text
    assert "Form cues:" in text and run.cues[0] in text
    stretch = next(e for e in run.exercises if e.hold_s)
    assert f"{stretch.name}: {stretch.sets} × {stretch.hold_s} s hold" in text


def test_output_is_rfc5545_shaped_and_deterministic(half) -> None:
    data = to_ics(half)
    assert data == to_ics(half)
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert all(line.decode("utf-8") for line in lines)  # no fold splits a UTF-8 character
    assert data.count(b"BEGIN:VEVENT") == len(half.sessions)
    assert b"DTSTAMP:20270104T000000Z" in data
    assert b"BEGIN:VALARM" not in data  # no reminder asked for
    stamped = to_ics(half, stamp=datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc))
    assert b"DTSTAMP:20300102T030405Z" in stamped and b"DTSTAMP:20270104" not in stamped


def test_uids_are_stable_across_generations(half) -> None:
    again = hamplan.generate(EXAMPLES / "first-half-marathon.toml")
    assert [s.uid for s in again.sessions] == [s.uid for s in half.sessions]
    assert len({s.uid for s in half.sessions}) == len(half.sessions)
    assert to_ics(again) == to_ics(half)


def test_miles_in_summary_and_description(marathon) -> None:
    assert marathon.request.units == "mi"
    cal = icalendar.Calendar.from_ical(to_ics(marathon))
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    long_run = max((s for s in marathon.sessions if s.type == "long"), key=lambda s: s.distance_km or 0)
    event = events[long_run.uid]
    miles = f"{long_run.distance_km / KM_PER_MI:.1f}".rstrip("0").rstrip(".")
    # (the longest long run may carry marathon pace: "Long run · 15.8 mi with 5.9 mi at marathon pace")
    summary = str(event["SUMMARY"])
    assert summary == f"Long run · {miles} mi" or re.fullmatch(rf"Long run · {re.escape(miles)} mi with [\d.]+ mi at marathon pace", summary), summary
    description = str(event["DESCRIPTION"])
    assert "/mi" in description and not re.search(r"\d km\b|/km", description)
    assert re.search(r"Week \d+ of 18 · [\w-]+ · \d+ mi", description)


def test_text_escaping_and_folding() -> None:
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "DESCRIPTION:" + "é" * 100
    folded = fold(line)
    parts = folded.split(b"\r\n")
    assert parts[-1] == b""
    assert all(len(p) <= 75 for p in parts)
    assert b"".join(p[1:] if i else p for i, p in enumerate(parts)).decode("utf-8") == line
