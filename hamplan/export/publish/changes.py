"""What a publish has to do: the plan's events against the last record and the server's ETags.

Pure decisions, no network and no files, so every case is easy to read and to test:

* an event the plan has and the server has not: **create** it;
* an event whose session changed (its fingerprint differs, so its SEQUENCE was raised): **update**;
* an event whose session was dropped (cancelled by a re-plan, or gone from a plan that still
  covers its day): **remove** it;
* an event nothing changed: **keep**, with no request at all;
* an event whose ETag on the server is not the one hamplan left (the runner moved, edited or
  deleted it in a calendar app): a **conflict**, left as the runner has it, unless ``force``.

Events dated before the plan's first day are history (a re-planned plan starts today) and are
kept as they are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal
from urllib.parse import quote, unquote

from hamplan.export.publish.state import PublishedEvent

Action = Literal["create", "update", "remove", "keep", "conflict", "forget"]
"""``forget``: nothing on the server and nothing to put there (a record to drop, or a cancelled
session never published); no request, and not reported."""

REQUEST_ACTIONS: frozenset[str] = frozenset({"create", "update", "remove"})


@dataclass(frozen=True)
class DesiredEvent:
    """One session of the plan as it should stand in the calendar."""

    uid: str
    day: date
    title: str
    sequence: int
    fingerprint: str
    cancelled: bool
    body: bytes  # the calendar object to put: VCALENDAR with VTIMEZONE and this VEVENT


@dataclass(frozen=True)
class Step:
    """What to do with one event, and on which condition."""

    action: Action
    uid: str
    day: date
    title: str
    href: str  # the event's path on the server
    server_etag: str | None  # its ETag on the server now (None: not there)
    why: str = ""
    event: DesiredEvent | None = None  # what to put (create, update)

    @property
    def sends_request(self) -> bool:
        return self.action in REQUEST_ACTIONS


def event_href(calendar_path: str, uid: str) -> str:
    """Where an event lives: ``<calendar>/<UID>.ics``, one address per UID, so a lost state file
    can never lead to a duplicate."""
    return calendar_path.rstrip("/") + "/" + quote(uid, safe="@") + ".ics"


def href_key(href: str) -> str:
    """An href compared by its decoded path (servers differ in what they percent-encode)."""
    return unquote(href)


def plan_steps(
    desired: Sequence[DesiredEvent],
    recorded: Mapping[str, PublishedEvent],
    on_server: Mapping[str, str],
    *,
    calendar_path: str,
    since: date,
    force: bool = False,
) -> list[Step]:
    """One step per event of the plan, then one per recorded event the plan no longer has.

    ``on_server`` maps each event's decoded path (:func:`href_key`) to its current ETag.
    """
    steps = []
    for event in desired:
        record = recorded.get(event.uid)
        href = record.href if record else event_href(calendar_path, event.uid)
        steps.append(_step_for(event, record, href, on_server.get(href_key(href)), force))
    wanted = {event.uid for event in desired}
    for uid, record in recorded.items():
        if uid not in wanted:
            steps.append(_step_for_absent(uid, record, on_server.get(href_key(record.href)), since, force))
    return steps


def _step_for(event: DesiredEvent, record: PublishedEvent | None, href: str, server_etag: str | None, force: bool) -> Step:
    def step(action: Action, why: str = "") -> Step:
        return Step(action, event.uid, event.day, event.title, href, server_etag, why, event)

    if record is None:
        if server_etag is None:
            return step("forget" if event.cancelled else "create")
        # On the server at this UID's address but not in the record (the state file was lost):
        # replace it in place rather than add a second copy.
        return step("remove" if event.cancelled else "update", "found on the server without a record of it")
    edited = _edited(record, server_etag)
    if edited and server_etag is None and event.cancelled:
        return step("forget")  # deleted in the calendar and dropped from the plan: gone either way
    if edited and not force:
        return step("conflict", edited)
    if server_etag is None:
        return step("forget" if event.cancelled else "create", edited and "deleted in the calendar, put back (--force)")
    if event.cancelled:
        return step("remove", "dropped from the plan" + (f"; it was {edited}" if edited else ""))
    if edited:
        return step("update", f"{edited}, overwritten (--force)")
    if event.fingerprint != record.fingerprint:
        return step("update")
    return step("keep")


def _step_for_absent(uid: str, record: PublishedEvent, server_etag: str | None, since: date, force: bool) -> Step:
    def step(action: Action, why: str = "") -> Step:
        return Step(action, uid, record.day, record.title, record.href, server_etag, why)

    if record.day < since:
        return step("keep", "before the plan's first day")
    if server_etag is None:
        return step("forget")
    edited = _edited(record, server_etag)
    if edited and not force:
        return step("conflict", f"{edited}; not removed although the plan dropped it")
    return step("remove", "no longer in the plan")


def _edited(record: PublishedEvent, server_etag: str | None) -> str:
    """Why the server's copy is not the one hamplan left there ('' when it is)."""
    if record.etag is None:  # the server gave no ETag on the last write: nothing to compare with
        return "" if server_etag is not None else "deleted in the calendar"
    if server_etag is None:
        return "deleted in the calendar"
    return "changed in the calendar" if server_etag != record.etag else ""


__all__ = ["REQUEST_ACTIONS", "Action", "DesiredEvent", "Step", "event_href", "href_key", "plan_steps"]
