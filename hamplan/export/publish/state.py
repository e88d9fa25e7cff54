"""What was last published, kept in a small JSON file beside the plan.

For each calendar (by its URL) the file records every event hamplan put there: its UID, where
it lives on the server, the SEQUENCE and content fingerprint it was put with, and the ETag the
server gave back. The next publish compares the plan with this record and with the server's
current ETags, so it sends requests only for what changed and notices a runner's own edits.
No user name or password is ever written here.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hamplan.errors import PublishError
from hamplan.export.files import atomic_write

STATE_SUFFIX = ".caldav.json"
"""The state file of ``plan/first-half.json`` is ``plan/first-half.caldav.json``."""


class PublishedEvent(BaseModel):
    """One event as hamplan last left it on the server."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    href: str = Field(description="The event's path on the server.")
    etag: str | None = Field(description="The server's ETag after hamplan's write (None: the server gave none).")
    sequence: int
    fingerprint: str = Field(description="Digest of the session as published; a different one means the plan changed it.")
    day: date = Field(description="The session's day (an event before a re-planned plan's start is history, kept as it is).")
    title: str = Field(default="", description="The event's title, to name it in reports.")


class CalendarRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    events: dict[str, PublishedEvent] = Field(default_factory=dict, description="By UID.")


class PublishState(BaseModel):
    """The whole state file: one record per calendar URL the plan was published to."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: int = 1
    calendars: dict[str, CalendarRecord] = Field(default_factory=dict)

    def events_of(self, calendar_url: str) -> dict[str, PublishedEvent]:
        record = self.calendars.get(calendar_url)
        return dict(record.events) if record else {}

    def with_events(self, calendar_url: str, events: dict[str, PublishedEvent]) -> PublishState:
        calendars = dict(self.calendars)
        calendars[calendar_url] = CalendarRecord(events=dict(sorted(events.items())))
        return self.model_copy(update={"calendars": dict(sorted(calendars.items()))})


def state_path_for(plan_path: str | os.PathLike[str]) -> Path:
    """The state file beside a plan file."""
    path = Path(plan_path)
    return path.with_name(path.stem + STATE_SUFFIX)


def load_state(path: Path) -> PublishState:
    """The recorded state, or an empty one when the plan was never published."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return PublishState()
    except OSError as exc:
        raise PublishError(f"cannot read the publish state {path}: {exc.strerror or exc}") from None
    try:
        return PublishState.model_validate_json(data)
    except ValidationError as exc:
        raise PublishError(
            f"the publish state {path} is damaged ({exc.error_count()} problem(s)); delete it to publish "
            "afresh: events already on the server are found again at their UID's address, not duplicated"
        ) from None


def save_state(path: Path, state: PublishState) -> None:
    """Write the state atomically (a reader sees the old file or the new one)."""
    try:
        atomic_write(path, (state.model_dump_json(indent=2) + "\n").encode("utf-8"))
    except OSError as exc:
        raise PublishError(f"cannot write the publish state {path}: {exc.strerror or exc}") from None


__all__ = ["STATE_SUFFIX", "CalendarRecord", "PublishState", "PublishedEvent", "load_state", "save_state", "state_path_for"]
