"""Publishing to a CalDAV calendar, against a real server (Radicale on 127.0.0.1).

The calendar is read back with the ``caldav`` client and every event parsed with icalendar,
so what is checked is what a calendar app would receive. Requests are counted by wrapping the
client's ``DAVClient.request``, through which every request of a publish goes.
"""

from __future__ import annotations

import itertools
import json
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import caldav
import icalendar
import pytest
from caldav.davclient import DAVClient
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import hamplan
from hamplan import Plan, PublishError
from hamplan.cli import app
from hamplan.export.files import write_json
from hamplan.export.ics import calendar_name
from hamplan.export.publish import (
    PASSWORD_ENV,
    EventChange,
    PublishReport,
    desired_events,
)
from hamplan.export.publish.changes import (
    REQUEST_ACTIONS,
    DesiredEvent,
    event_href,
    href_key,
    plan_steps,
)
from hamplan.export.publish.server import CalendarServer, Written, checked_url
from hamplan.export.publish.state import PublishedEvent, state_path_for
from tests.caldav_server import free_port, running_radicale

USER, PASSWORD = "sam", "correct horse battery"
OTHER_USER, OTHER_PASSWORD = "kim", "another secret"
ZONE = "Europe/London"  # clocks go forward on 2027-03-28, inside the plan
TODAY = date(2027, 3, 15)  # the re-plan's first day, after a missed week
MISSED = (date(2027, 3, 8), TODAY)
PAUSE = (TODAY + timedelta(days=2), TODAY + timedelta(days=3))  # two days away, then back
CHANGING = {"PUT", "DELETE", "MKCALENDAR", "MKCOL", "PROPPATCH", "POST", "MOVE", "COPY"}

REQUEST = {
    "id": "dst-10k",
    "start": "2027-03-01",
    "time_zone": ZONE,
    "units": "km",
    "race": {"distance": "10k", "date": "2027-04-04", "name": "Spring 10K"},
    "runner": {"weekly_km": 28, "long_run_km": 11, "age": 35, "hamstring_history": "none", "equipment": "home"},
    "schedule": {
        "run_days": ["tue", "thu", "sat", "sun"],
        "long_run_day": "sun",
        "rest_days": ["fri"],
        "times": {"run": "07:00", "strength": "18:30", "mobility": "20:00"},
    },
}

_names = itertools.count()


# ---------------------------------------------------------------------------------------------
# Fixtures: one server for the module, a fresh calendar for each test
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_radicale(tmp_path_factory.mktemp("radicale"), {USER: PASSWORD, OTHER_USER: OTHER_PASSWORD}) as url:
        yield url


@pytest.fixture
def calendar_url(server: str) -> str:
    return f"{server}{USER}/plan-{next(_names)}/"


@pytest.fixture(autouse=True)
def password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return hamplan.generate(REQUEST)


@pytest.fixture(scope="module")
def replanned(plan: Plan) -> Plan:
    """The plan again from TODAY, after a week (MISSED) in which nothing was run."""
    log = [
        {"date": s.date, "kind": s.kind, "type": s.type, "distance_km": s.distance_km, "duration_min": s.duration_min}
        for s in plan.sessions
        if s.date < MISSED[0] and s.status != "cancelled"
    ]
    return hamplan.replan(plan, log, TODAY)


@pytest.fixture(scope="module")
def first_days(plan: Plan) -> Plan:
    """The plan's first six sessions: enough for what does not depend on the whole plan, and quick."""
    return plan.model_copy(update={"sessions": plan.sessions[:6]})


@pytest.fixture(scope="module")
def around_the_replan(plan: Plan, replanned: Plan) -> tuple[Plan, Plan]:
    """Both plans cut to the missed week and the week after it: the re-plan's changes, quickly."""
    end = TODAY + timedelta(days=7)
    return (
        plan.model_copy(update={"sessions": [s for s in plan.sessions if MISSED[0] <= s.date < end]}),
        replanned.model_copy(update={"sessions": [s for s in replanned.sessions if s.date < end]}),
    )


@pytest.fixture
def plan_file(first_days: Plan, tmp_path: Path) -> Path:
    return write_json(first_days, tmp_path / "dst-10k.json")


class Requests:
    """Every request a publish sends, as (method, url)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    @property
    def changing(self) -> list[tuple[str, str]]:
        return [(method, url) for method, url in self.sent if method.upper() in CHANGING]


@pytest.fixture
def requests(monkeypatch: pytest.MonkeyPatch) -> Requests:
    seen = Requests()
    original = DAVClient.request

    def counted(self: DAVClient, url: str, method: str = "GET", *args: object, **kwargs: object) -> object:
        seen.sent.append((method, str(url)))
        return original(self, url, method, *args, **kwargs)

    monkeypatch.setattr(DAVClient, "request", counted)
    return seen


def on_server(calendar_url: str) -> dict[str, tuple[str, icalendar.Event]]:
    """Every event in the calendar, read with the caldav client: UID -> (ETag, parsed VEVENT)."""
    client = caldav.DAVClient(url=calendar_url, username=USER, password=PASSWORD)
    out: dict[str, tuple[str, icalendar.Event]] = {}
    for resource in client.calendar(url=calendar_url).events():
        events = icalendar.Calendar.from_ical(resource.data).walk("VEVENT")
        assert len(events) == 1, "one event per calendar object"
        uid = str(events[0]["UID"])
        assert uid not in out, f"{uid} is on the server twice"
        out[uid] = (str(resource.etag), events[0])
    client.close()
    return out


def published(plan: Plan, calendar_url: str, state: Path, **options: object) -> hamplan.export.publish.PublishReport:
    return hamplan.publish(plan, calendar_url, user=USER, state_path=state, **options)


# ---------------------------------------------------------------------------------------------
# Publish, read back
# ---------------------------------------------------------------------------------------------


def test_publish_puts_one_event_per_session_at_local_times_across_the_dst_change(plan: Plan, tmp_path: Path, calendar_url: str) -> None:
    plan_file = write_json(plan, tmp_path / "dst-10k.json")
    report = hamplan.publish(plan_file, calendar_url, user=USER)

    assert report.calendar_created and report.count("create") == len(plan.sessions) == report.requests_sent
    events = on_server(calendar_url)
    assert set(events) == {s.uid for s in plan.sessions}
    zone = ZoneInfo(ZONE)
    offsets = set()
    for session in plan.sessions:
        _, event = events[session.uid]
        start = event["DTSTART"].dt
        assert event["DTSTART"].params["TZID"] == ZONE
        assert (start.date(), start.time()) == (session.date, session.start)  # the local wall-clock time
        expected_utc = datetime.combine(session.date, session.start, zone).astimezone(timezone.utc)
        assert start.astimezone(timezone.utc) == expected_utc
        assert int(event["SEQUENCE"]) == session.sequence
        offsets.add(start.utcoffset())
    assert offsets == {timedelta(0), timedelta(hours=1)}  # both sides of 28 March
    client = caldav.DAVClient(url=calendar_url, username=USER, password=PASSWORD)
    assert client.calendar(url=calendar_url).get_display_name() == calendar_name(plan)
    # the state file beside the plan records every event with the server's ETag, and no password
    state_text = state_path_for(plan_file).read_text(encoding="utf-8")
    recorded = json.loads(state_text)["calendars"][report.calendar_url]["events"]
    assert {uid: r["etag"] for uid, r in recorded.items()} == {uid: etag for uid, (etag, _) in events.items()}
    assert PASSWORD not in state_text
    # each calendar object carries the zone's definition, and no METHOD (not allowed on a server)
    resource = client.calendar(url=calendar_url).events()[0]
    assert [str(z["TZID"]) for z in icalendar.Calendar.from_ical(resource.data).walk("VTIMEZONE")] == [ZONE]
    assert "METHOD" not in icalendar.Calendar.from_ical(resource.data)


def test_an_account_address_finds_or_makes_the_calendar_named_after_the_plan(first_days: Plan, server: str, tmp_path: Path) -> None:
    first = published(first_days, server, tmp_path / "state.json")
    again = published(first_days, f"{server}{USER}/", tmp_path / "state.json")
    assert first.calendar_url == again.calendar_url == f"{server}{USER}/dst-10k/"
    assert first.calendar_created and not again.calendar_created
    assert again.count("keep") == len(first_days.sessions)


def test_publishing_twice_sends_no_request_that_changes_anything(
    first_days: Plan, plan_file: Path, calendar_url: str, requests: Requests
) -> None:
    hamplan.publish(plan_file, calendar_url, user=USER)
    state_before = state_path_for(plan_file).read_bytes()
    etags_before = {uid: etag for uid, (etag, _) in on_server(calendar_url).items()}
    requests.sent.clear()

    report = hamplan.publish(plan_file, calendar_url, user=USER)

    assert requests.changing == []
    assert report.requests_sent == 0 and report.count("keep") == len(first_days.sessions)
    assert {uid: etag for uid, (etag, _) in on_server(calendar_url).items()} == etags_before
    assert state_path_for(plan_file).read_bytes() == state_before


# ---------------------------------------------------------------------------------------------
# Re-plans
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def paused(plan: Plan) -> Plan:
    """The plan re-planned around two days away (PAUSE): their sessions dropped, the days after
    changed. (The missed week's re-plan drops none: its mobility sessions stay on the free
    days they had.)"""
    return hamplan.pause(plan, *PAUSE, "travel")


@pytest.mark.parametrize("which", ["missed_week", "pause"])
def test_after_a_replan_only_the_changed_events_are_put_and_the_dropped_ones_removed(
    plan: Plan, replanned: Plan, paused: Plan, which: str, calendar_url: str, tmp_path: Path, requests: Requests
) -> None:
    replanned, first_day = (replanned, TODAY) if which == "missed_week" else (paused, PAUSE[0])
    state = tmp_path / "state.json"
    published(plan, calendar_url, state)
    before = on_server(calendar_url)
    old = {s.uid: s for s in plan.sessions}
    changed = {s.uid for s in replanned.sessions if s.uid in old and s.sequence > old[s.uid].sequence and s.status != "cancelled"}
    added = {s.uid for s in replanned.sessions if s.uid not in old}
    dropped = {s.uid for s in replanned.sessions if s.status == "cancelled"}
    unchanged = {s.uid for s in replanned.sessions if s.uid in old and s == old[s.uid]}
    assert changed and unchanged  # the re-plan changes some of the plan, not all
    assert dropped or which == "missed_week"
    state_before = state.read_bytes()
    requests.sent.clear()
    preview = published(replanned, calendar_url, state, dry_run=True)
    assert requests.changing == [] and state.read_bytes() == state_before
    assert {uid: etag for uid, (etag, _) in on_server(calendar_url).items()} == {uid: etag for uid, (etag, _) in before.items()}

    report = published(replanned, calendar_url, state)

    after = on_server(calendar_url)
    new_etag = {uid for uid in after if uid in before and after[uid][0] != before[uid][0]}
    assert new_etag == changed
    assert set(after) - set(before) == added
    assert not dropped & set(after)  # removed from the calendar
    history = {uid for uid, s in old.items() if s.date < first_day}
    assert set(after) == history | {s.uid for s in replanned.sessions if s.status != "cancelled"}  # nothing twice, the past kept
    for session in replanned.sessions:
        if session.uid in after:
            assert int(after[session.uid][1]["SEQUENCE"]) == session.sequence
    # one request per changed, added or dropped event, none for the rest
    assert Counter(method for method, _ in requests.changing) == +Counter({"PUT": len(changed) + len(added), "DELETE": len(dropped)})
    assert (report.count("update"), report.count("create"), report.count("remove")) == (len(changed), len(added), len(dropped))
    # (a session of the re-plan's first week before its first day is both history and unchanged: counted once)
    assert report.count("keep") == len(unchanged | history)
    assert [(c.action, c.uid) for c in preview.changes] == [(c.action, c.uid) for c in report.changes]  # the dry run told the truth


def test_an_event_moved_in_a_calendar_app_is_kept_and_reported_and_force_overwrites_it(
    around_the_replan: tuple[Plan, Plan], calendar_url: str, tmp_path: Path
) -> None:
    plan, replanned = around_the_replan
    state = tmp_path / "state.json"
    published(plan, calendar_url, state)
    old = {s.uid: s for s in plan.sessions}
    moved = next(s for s in replanned.sessions if s.uid in old and s.sequence > old[s.uid].sequence and s.status != "cancelled")
    # as a calendar app does: fetch the event, change its start, put it back
    client = caldav.DAVClient(url=calendar_url, username=USER, password=PASSWORD)
    resource = client.calendar(url=calendar_url).event_by_uid(moved.uid)
    ical = icalendar.Calendar.from_ical(resource.data)
    event = ical.walk("VEVENT")[0]
    new_start = event["DTSTART"].dt + timedelta(hours=3)
    event.pop("DTSTART")
    event.add("DTSTART", new_start)
    resource.data = ical.to_ical().decode("utf-8")
    resource.save()

    report = published(replanned, calendar_url, state)

    assert [c.uid for c in report.conflicts] == [moved.uid]
    assert "changed in the calendar" in report.conflicts[0].why
    kept = on_server(calendar_url)[moved.uid][1]
    assert kept["DTSTART"].dt == new_start  # the runner's move stands
    again = published(replanned, calendar_url, state)
    assert [c.uid for c in again.conflicts] == [moved.uid] and again.requests_sent == 0  # still theirs, still reported

    forced = published(replanned, calendar_url, state, force=True)

    assert forced.conflicts == [] and forced.count("update") == 1
    restored = on_server(calendar_url)[moved.uid][1]
    assert (restored["DTSTART"].dt.date(), restored["DTSTART"].dt.time()) == (moved.date, moved.start)
    assert int(restored["SEQUENCE"]) == moved.sequence


def test_an_event_deleted_in_the_calendar_is_not_put_back_without_force(first_days: Plan, calendar_url: str, tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    published(first_days, calendar_url, state)
    gone = first_days.sessions[-1].uid
    client = caldav.DAVClient(url=calendar_url, username=USER, password=PASSWORD)
    client.calendar(url=calendar_url).event_by_uid(gone).delete()

    report = published(first_days, calendar_url, state)
    assert [(c.uid, c.why) for c in report.conflicts] == [(gone, "deleted in the calendar")]
    assert gone not in on_server(calendar_url)

    assert published(first_days, calendar_url, state, force=True).count("create") == 1
    assert gone in on_server(calendar_url)


def test_a_server_that_returns_no_etag_on_put_is_listed_once_for_them(
    first_days: Plan, calendar_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, requests: Requests
) -> None:
    original = CalendarServer.put
    monkeypatch.setattr(CalendarServer, "put", lambda self, *a, **k: Written(original(self, *a, **k).done, None))
    state = tmp_path / "state.json"
    published(first_days, calendar_url, state)

    recorded = json.loads(state.read_text(encoding="utf-8"))["calendars"][calendar_url]["events"]
    assert {uid: r["etag"] for uid, r in recorded.items()} == {uid: etag for uid, (etag, _) in on_server(calendar_url).items()}
    assert [method for method, _ in requests.sent].count("PROPFIND") == 2  # locate, then one listing for the ETags
    assert published(first_days, calendar_url, state).requests_sent == 0


def test_a_lost_state_file_does_not_duplicate_events(first_days: Plan, calendar_url: str, tmp_path: Path) -> None:
    published(first_days, calendar_url, tmp_path / "state.json")
    report = published(first_days, calendar_url, tmp_path / "fresh-state.json")
    assert report.count("update") == len(first_days.sessions) and report.count("create") == 0
    assert set(on_server(calendar_url)) == {s.uid for s in first_days.sessions}


def test_dry_run_on_a_new_calendar_creates_nothing(first_days: Plan, calendar_url: str, tmp_path: Path, requests: Requests) -> None:
    state = tmp_path / "state.json"
    report = published(first_days, calendar_url, state, dry_run=True)
    assert report.dry_run and report.calendar_created and report.count("create") == len(first_days.sessions)
    assert requests.changing == [] and report.requests_sent == 0 and not state.exists()
    client = caldav.DAVClient(url=calendar_url, username=USER, password=PASSWORD)
    assert client.propfind(calendar_url, props=["resourcetype"], depth=0).status == 404  # not even the calendar


def test_progress_is_reported_per_request(first_days: Plan, calendar_url: str, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    published(first_days, calendar_url, tmp_path / "state.json", progress=lambda done, total: calls.append((done, total)))
    assert calls == [(n, len(first_days.sessions)) for n in range(1, len(first_days.sessions) + 1)]


# ---------------------------------------------------------------------------------------------
# Failures: one clear error, and a state file that tells the truth
# ---------------------------------------------------------------------------------------------


def cli_publish(plan_file: Path, url: str, *extra: str, password: str = PASSWORD) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["publish", str(plan_file), "--url", url, "--user", USER, *extra], env={PASSWORD_ENV: password})
    return result.exit_code, result.output


def test_cli_publishes_and_reports(first_days: Plan, plan_file: Path, calendar_url: str) -> None:
    code, output = cli_publish(plan_file, calendar_url)
    assert code == 0, output
    assert f"{len(first_days.sessions)} created" in output and "calendar created" in output
    code, output = cli_publish(plan_file, calendar_url)
    assert code == 0 and f"{len(first_days.sessions)} kept" in output and PASSWORD not in output


def test_cli_lists_each_event_created_after_the_first_publish(plan: Plan, first_days: Plan, plan_file: Path, calendar_url: str) -> None:
    assert cli_publish(plan_file, calendar_url)[0] == 0
    grown = plan.model_copy(update={"sessions": plan.sessions[:8]})
    new = [s for s in grown.sessions if s not in first_days.sessions]
    write_json(grown, plan_file)

    code, output = cli_publish(plan_file, calendar_url)

    assert code == 0 and f"{len(new)} created" in output, output
    rows = [line for line in output.splitlines() if "created" in line and "·" not in line.split("created")[1]]
    assert [line.split()[0] for line in rows] == [s.date.isoformat() for s in new], output


def test_wrong_password_exits_2_and_leaves_the_state_file_alone(plan_file: Path, calendar_url: str) -> None:
    assert cli_publish(plan_file, calendar_url)[0] == 0
    state = state_path_for(plan_file)
    before = (state.read_bytes(), state.stat().st_mtime_ns)

    code, output = cli_publish(plan_file, calendar_url, password="not the password")

    assert code == 2
    assert "refused the login" in output and "not the password" not in output
    assert (state.read_bytes(), state.stat().st_mtime_ns) == before


def test_a_calendar_of_another_account_is_refused(plan_file: Path, server: str) -> None:
    code, output = cli_publish(plan_file, f"{server}{OTHER_USER}/plan/")
    assert code == 2 and "refused access" in output and "403" in output
    assert not state_path_for(plan_file).exists()


def test_an_event_address_is_not_taken_for_a_calendar(first_days: Plan, calendar_url: str, tmp_path: Path) -> None:
    report = published(first_days, calendar_url, tmp_path / "state.json")
    event_url = calendar_url + event_href("", first_days.sessions[0].uid).lstrip("/")
    with pytest.raises(PublishError, match="is not a calendar"):
        published(first_days, event_url, tmp_path / "other-state.json")
    assert report.count("create") == len(first_days.sessions)


def test_no_server_listening_is_a_network_error(plan_file: Path) -> None:
    code, output = cli_publish(plan_file, f"http://127.0.0.1:{free_port()}/{USER}/plan/")
    assert code == 2 and "cannot reach http://127.0.0.1:" in output
    assert "connection refused — is the CalDAV server running?" in output and " at 0x" not in output
    assert not state_path_for(plan_file).exists()


class _NotDav(BaseHTTPRequestHandler):
    """A web server that is not CalDAV: a page for every request."""

    def _page(self) -> None:
        body = b"<html><body>Hello</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_PROPFIND = do_PUT = do_MKCALENDAR = _page  # http.server calls do_<METHOD>

    def log_message(self, *args: object) -> None:
        pass


def test_a_server_that_is_not_caldav_is_named_as_such(plan_file: Path) -> None:
    web = HTTPServer(("127.0.0.1", 0), _NotDav)
    thread = threading.Thread(target=web.serve_forever, daemon=True)
    thread.start()
    try:
        code, output = cli_publish(plan_file, f"http://127.0.0.1:{web.server_address[1]}/")
    finally:
        web.shutdown()
        web.server_close()
    assert code == 2 and "does not answer as a CalDAV server" in output
    assert not state_path_for(plan_file).exists()


def test_a_failure_midway_leaves_a_state_that_matches_the_server(
    first_days: Plan, calendar_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import niquests

    state = tmp_path / "state.json"
    original = DAVClient.request
    puts = itertools.count(1)

    def failing(self: DAVClient, url: str, method: str = "GET", *args: object, **kwargs: object) -> object:
        if method == "PUT" and next(puts) > 3:
            raise niquests.exceptions.ConnectionError("connection reset by peer")
        return original(self, url, method, *args, **kwargs)

    monkeypatch.setattr(DAVClient, "request", failing)
    with pytest.raises(PublishError, match="cannot reach"):
        published(first_days, calendar_url, state)
    monkeypatch.setattr(DAVClient, "request", original)

    recorded = json.loads(state.read_text(encoding="utf-8"))["calendars"][calendar_url]["events"]
    events = on_server(calendar_url)
    assert {uid: r["etag"] for uid, r in recorded.items()} == {uid: etag for uid, (etag, _) in events.items()}
    assert len(events) == 3
    finished = published(first_days, calendar_url, state)
    assert (finished.count("keep"), finished.count("create")) == (3, len(first_days.sessions) - 3)
    assert set(on_server(calendar_url)) == {s.uid for s in first_days.sessions}


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://calendar.example.com/dav/", "unencrypted"),
        ("https://sam:secret@calendar.example.com/dav/", "leave the user name and password out"),
        ("ftp://calendar.example.com/", "not a calendar address"),
        ("calendar.example.com", "not a calendar address"),
    ],
)
def test_urls_that_are_refused_before_any_request(url: str, message: str) -> None:
    with pytest.raises(PublishError, match=message):
        checked_url(url)


def test_plain_http_is_for_this_machine_unless_allowed() -> None:
    assert checked_url("http://127.0.0.1:5232/sam/plan") == "http://127.0.0.1:5232/sam/plan/"
    assert checked_url("http://localhost:5232/") == "http://localhost:5232/"
    assert checked_url("http://[::1]:5232/x/") == "http://[::1]:5232/x/"
    assert checked_url("http://nas.home.arpa/dav/", allow_http=True) == "http://nas.home.arpa/dav/"
    assert checked_url("https://calendar.example.com/dav") == "https://calendar.example.com/dav/"


def test_without_the_caldav_extra_the_pip_line_is_named_and_exit_is_4(
    plan_file: Path, calendar_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "caldav", None)  # as if it were not installed
    code, output = cli_publish(plan_file, calendar_url)
    assert code == 4 and 'pip install "hamplan[caldav]"' in output


def test_user_without_password_is_refused_before_connecting(plan_file: Path, calendar_url: str) -> None:
    result = CliRunner().invoke(app, ["publish", str(plan_file), "--url", calendar_url, "--user", USER], env={PASSWORD_ENV: ""})
    assert result.exit_code == 2 and PASSWORD_ENV in result.output


# ---------------------------------------------------------------------------------------------
# The decisions alone (no server): every recorded or planned event gets exactly one step
# ---------------------------------------------------------------------------------------------

_uids = st.sampled_from([f"u{n}@hamplan" for n in range(8)])


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    planned=st.dictionaries(_uids, st.tuples(st.booleans(), st.sampled_from(["a", "b"])), max_size=8),
    recorded=st.dictionaries(_uids, st.sampled_from(["a", "b"]), max_size=8),
    server=st.dictionaries(_uids, st.sampled_from(['"e1"', '"e2"']), max_size=8),
    force=st.booleans(),
)
def test_every_event_gets_one_step_and_edits_are_never_overwritten_without_force(
    planned: dict[str, tuple[bool, str]], recorded: dict[str, str], server: dict[str, str], force: bool
) -> None:
    day = date(2027, 3, 20)
    desired = [DesiredEvent(uid, day, uid, 1, fingerprint, cancelled, b"") for uid, (cancelled, fingerprint) in planned.items()]
    records = {uid: PublishedEvent(href=event_href("/cal/", uid), etag='"e1"', sequence=0, fingerprint=f, day=day) for uid, f in recorded.items()}
    listed = {href_key(event_href("/cal/", uid)): etag for uid, etag in server.items()}

    steps = plan_steps(desired, records, listed, calendar_path="/cal/", since=date(2027, 3, 1), force=force)

    assert sorted(s.uid for s in steps) == sorted(set(planned) | set(recorded))
    for step in steps:
        edited = step.uid in records and server.get(step.uid) != '"e1"'
        if edited and not force:
            assert not step.sends_request  # the runner's version stands
        if step.action == "create":
            assert step.uid not in server  # never a second copy
        if step.action in REQUEST_ACTIONS - {"create"}:
            assert step.server_etag == server[step.uid]  # conditional on what the server holds now
        if step.action == "keep" and step.uid in planned:
            assert records[step.uid].fingerprint == planned[step.uid][1] and server.get(step.uid) == '"e1"'
        untouched = step.uid in planned and step.uid in records and server.get(step.uid) == '"e1"'
        if untouched and not planned[step.uid][0] and records[step.uid].fingerprint == planned[step.uid][1]:
            assert step.action == "keep"  # unchanged on both sides: no request


@pytest.mark.parametrize(("conflicts", "tail"), [(0, "0 conflicts"), (1, "1 conflict"), (11, "11 conflicts")])
def test_the_summary_counts_every_kind_of_change(conflicts: int, tail: str) -> None:
    changes = [EventChange("create", "a", date(2027, 3, 1), "Run"), *(EventChange("conflict", f"c{n}", date(2027, 3, 2), "Run") for n in range(conflicts))]
    report = PublishReport("https://example.com/cal/", False, False, tuple(changes), 1)
    assert report.summary() == f"1 created · 0 updated · 0 removed · 0 kept · {tail}"


def test_fingerprints_tell_changed_sessions_from_unchanged(plan: Plan, replanned: Plan) -> None:
    before = {e.uid: e.fingerprint for e in desired_events(plan)}
    old = {s.uid: s for s in plan.sessions}
    for event, session in zip(desired_events(replanned), replanned.sessions, strict=True):
        if session.uid in old:
            assert (event.fingerprint == before[session.uid]) == (session == old[session.uid])
