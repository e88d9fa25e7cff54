"""A live calendar: publish a plan to a CalDAV calendar and keep it in step after re-plans.

:func:`publish` puts one event per session (the plan's UIDs, the VTIMEZONE of its zone, the
same event text as the ``.ics`` export) into a calendar on a CalDAV server, creating the
calendar if it is missing, and records what it put in a small state file beside the plan
(:mod:`hamplan.export.publish.state`). Publishing again after ``hamplan replan`` sends requests
only for the events that changed, removes the dropped ones, and leaves alone every event the
runner moved or edited in a calendar app (a conflict, unless ``force``)
(:mod:`hamplan.export.publish.changes`). The server is spoken to through the ``caldav`` client
library (:mod:`hamplan.export.publish.server`).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from hamplan.errors import PublishError, RequestError
from hamplan.export.display import session_title, units_of
from hamplan.export.ics import calendar_name, event_resources, event_uid
from hamplan.export.publish.changes import DesiredEvent, Step, href_key, plan_steps
from hamplan.export.publish.server import (
    DEFAULT_TIMEOUT_S,
    CalendarLocation,
    CalendarServer,
    Written,
    checked_url,
)
from hamplan.export.publish.state import (
    PublishedEvent,
    PublishState,
    load_state,
    save_state,
    state_path_for,
)
from hamplan.models import Plan

PASSWORD_ENV = "HAMPLAN_CALDAV_PASSWORD"
"""The environment variable the password is read from (it is never taken on a command line)."""

ReportedAction = Literal["create", "update", "remove", "keep", "conflict"]
REPORTED_ACTIONS: tuple[ReportedAction, ...] = ("create", "update", "remove", "keep", "conflict")
PAST_TENSE = {"create": "created", "update": "updated", "remove": "removed", "keep": "kept"}


@dataclass(frozen=True)
class EventChange:
    """What a publish did (or, in a dry run, would do) to one event."""

    action: ReportedAction
    uid: str
    day: date
    title: str
    why: str = ""


@dataclass(frozen=True)
class PublishReport:
    calendar_url: str
    calendar_created: bool  # the calendar was (or, in a dry run, would be) created
    dry_run: bool
    changes: tuple[EventChange, ...]
    requests_sent: int  # requests that changed something on the server (0 in a dry run)

    def count(self, action: ReportedAction) -> int:
        return sum(1 for change in self.changes if change.action == action)

    @property
    def conflicts(self) -> list[EventChange]:
        return [change for change in self.changes if change.action == "conflict"]

    def summary(self) -> str:
        """``'3 created · 5 updated · 2 removed · 80 kept · 1 conflict'``."""
        parts = [f"{self.count(a)} {PAST_TENSE[a]}" for a in REPORTED_ACTIONS if a != "conflict"]
        conflicts = self.count("conflict")
        return " · ".join([*parts, f"{conflicts} conflict{'' if conflicts == 1 else 's'}"])


Progress = Callable[[int, int], None]
"""Called after each request that changes something, with (requests done, requests to send)."""


def publish(
    plan: Plan | str | os.PathLike[str],
    url: str,
    *,
    user: str | None = None,
    password: str | None = None,
    state_path: str | os.PathLike[str] | None = None,
    force: bool = False,
    dry_run: bool = False,
    allow_http: bool = False,
    progress: Progress | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> PublishReport:
    """Publish ``plan`` to the CalDAV calendar at ``url`` and bring it in step with the plan.

    ``plan`` is a :class:`~hamplan.Plan` (then ``state_path`` is required) or the path of its
    JSON file (the state goes beside it, ``<plan>.caldav.json``, unless ``state_path`` says
    otherwise). ``url`` is a calendar's address (created, named after the plan, if missing)
    or an account's or server's address (then the calendar ``<plan id>`` in the account's
    calendar home is used or created). ``password`` defaults to ``$HAMPLAN_CALDAV_PASSWORD``.

    Only events whose session changed are put again; dropped ones are removed; unchanged ones
    get no request; an event the runner changed in the calendar is a conflict and stays as it
    is unless ``force``. ``dry_run`` reads the server and reports, changing nothing.

    Raises :class:`~hamplan.errors.PublishError` for a wrong URL, a refused login, a server
    that is not CalDAV or a network failure; the state file then records exactly the requests
    that succeeded. :class:`~hamplan.errors.MissingExtraError` when ``caldav`` is missing.
    """
    plan, state_file = _plan_and_state(plan, state_path)
    calendar_url = checked_url(url, allow_http=allow_http)
    state = load_state(state_file)
    if password is None:
        password = os.environ.get(PASSWORD_ENV)
    desired = desired_events(plan)
    with CalendarServer(calendar_url, user, password, timeout_s=timeout_s) as server:
        location = server.locate(calendar_id(plan))
        on_server = server.etags(location) if location.exists else {}
        # a calendar that is gone takes the record of its events with it
        recorded = state.events_of(location.url) if location.exists else {}
        steps = plan_steps(desired, recorded, on_server, calendar_path=location.path, since=plan.replanned_on or plan.request.start, force=force)
        if dry_run:
            return _report(location, steps, {}, dry_run=True, sent=0)
        return _apply(server, location, steps, state, recorded, state_file, calendar_name(plan), progress)


def _apply(
    server: CalendarServer,
    location: CalendarLocation,
    steps: list[Step],
    state: PublishState,
    recorded: dict[str, PublishedEvent],
    state_file: Path,
    display_name: str,
    progress: Progress | None,
) -> PublishReport:
    """Send the steps' requests, recording each success as it comes; the state file is written
    once at the end (also when a request fails midway), from what the server accepted."""
    events = dict(recorded)
    refused: dict[str, str] = {}  # uid -> why, for conditional requests the server turned down
    to_send = [step for step in steps if step.sends_request]
    sent = 0
    try:
        if not location.exists:
            server.create_calendar(location, display_name)
        for step in steps:
            if step.action == "forget":
                events.pop(step.uid, None)
            elif step.action == "keep" and step.uid in events and events[step.uid].etag is None and step.server_etag:
                events[step.uid] = events[step.uid].model_copy(update={"etag": step.server_etag})
            elif step.sends_request:
                written = _send(server, step)
                sent += 1
                if not written.done:
                    refused[step.uid] = "changed in the calendar while publishing"
                elif step.action == "remove":
                    events.pop(step.uid, None)
                else:
                    events[step.uid] = _record(step, written.etag)
                if progress is not None:
                    progress(sent, len(to_send))
        if any(event.etag is None for event in events.values()):
            _fill_etags(server, location, events)
    finally:
        new_state = state.with_events(location.url, events)
        if new_state != state:
            save_state(state_file, new_state)
    return _report(location, steps, refused, dry_run=False, sent=sent)


def _send(server: CalendarServer, step: Step) -> Written:
    if step.action == "remove":
        assert step.server_etag is not None  # a step removes only what the server holds
        return server.delete(step.href, if_match=step.server_etag)
    assert step.event is not None
    return server.put(step.href, step.event.body, if_match=step.server_etag)


def _record(step: Step, etag: str | None) -> PublishedEvent:
    event = step.event
    assert event is not None
    return PublishedEvent(
        href=step.href, etag=etag, sequence=event.sequence, fingerprint=event.fingerprint, day=event.day, title=event.title
    )


def _fill_etags(server: CalendarServer, location: CalendarLocation, events: dict[str, PublishedEvent]) -> None:
    """The ETags a server did not return on PUT, read in one listing."""
    listed = server.etags(location)
    for uid, event in list(events.items()):
        if event.etag is None and href_key(event.href) in listed:
            events[uid] = event.model_copy(update={"etag": listed[href_key(event.href)]})


def _report(location: CalendarLocation, steps: list[Step], refused: dict[str, str], *, dry_run: bool, sent: int) -> PublishReport:
    changes = []
    for step in steps:
        if step.action == "forget":
            continue
        if step.uid in refused:
            changes.append(EventChange("conflict", step.uid, step.day, step.title, refused[step.uid]))
        else:
            changes.append(EventChange(step.action, step.uid, step.day, step.title, step.why))
    return PublishReport(location.url, not location.exists, dry_run, tuple(changes), sent)


def desired_events(plan: Plan) -> list[DesiredEvent]:
    """Every session as it should stand in the calendar, with the fingerprint that tells a
    changed session from an unchanged one (the session's own data and the plan settings its
    event shows; not the week's context line, which a re-plan renumbers for every week)."""
    bodies = event_resources(plan)
    units = units_of(plan)
    request = plan.request
    shown = f"|{request.time_zone}|{request.units}|{request.output.reminder_min}"
    out = []
    for session in plan.sessions:
        uid = event_uid(session)
        digest = hashlib.sha256((session.model_dump_json() + shown).encode("utf-8")).hexdigest()[:32]
        out.append(
            DesiredEvent(
                uid=uid,
                day=session.date,
                title=session_title(session, units),
                sequence=session.sequence,
                fingerprint=digest,
                cancelled=session.status == "cancelled",
                body=bodies[uid],
            )
        )
    return out


def calendar_id(plan: Plan) -> str:
    """The calendar's last path segment when hamplan makes it in an account: the plan's id."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", plan.request.plan_id).strip("-.") or "hamplan"


def _plan_and_state(plan: Plan | str | os.PathLike[str], state_path: str | os.PathLike[str] | None) -> tuple[Plan, Path]:
    if isinstance(plan, Plan):
        if state_path is None:
            raise RequestError([("state_path", "give where to keep the publish state (the plan's JSON file is not known)")])
        return plan, Path(state_path)
    from hamplan.io import load_plan

    return load_plan(plan), Path(state_path) if state_path is not None else state_path_for(plan)


__all__ = [
    "PASSWORD_ENV",
    "EventChange",
    "PublishError",
    "PublishReport",
    "calendar_id",
    "desired_events",
    "publish",
]
