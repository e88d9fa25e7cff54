"""The plan as an iCalendar file (RFC 5545) that calendar applications import.

One VEVENT per session (the race included), at the session's local date and start time in the
request's time zone, with a VTIMEZONE for that zone so any client converts the times the same
way across daylight-saving changes. The output is deterministic: the same plan gives the same
bytes, because DTSTAMP comes from the plan (the start date at 00:00 UTC), not from the clock.
"""

from __future__ import annotations

import os
from datetime import MAXYEAR, date, datetime, time, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo

from hamplan.errors import strip_control
from hamplan.export.display import (
    KIND_LABELS,
    Units,
    content_sections,
    exercise_text,
    session_facts,
    session_title,
    units_of,
    week_context,
    week_dates,
    week_index_of,
)
from hamplan.export.files import atomic_write
from hamplan.models import Exercise

if TYPE_CHECKING:
    import icalendar

    from hamplan.models import Plan, Session

PRODID = "-//hamplan//hamstring-safe running plans//EN"


def calendar_name(plan: Plan) -> str:
    """``'Spring Half · 2027-04-18'`` (the race's name, or its distance when it has none)."""
    race = plan.request.race
    return f"{race.name or race.label} · {race.date.isoformat()}"


def default_stamp(plan: Plan) -> datetime:
    """The DTSTAMP used unless one is given: the plan's start day at 00:00 UTC."""
    return datetime.combine(plan.request.start, datetime.min.time(), tzinfo=timezone.utc)


def _offset(delta: timedelta | None) -> str:
    """``'+0100'`` / ``'-0430'`` (with seconds only when a zone has them)."""
    total = int((delta or timedelta(0)).total_seconds())
    sign = "-" if total < 0 else "+"
    hours, rest = divmod(abs(total), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")


def zone_transitions(zone: ZoneInfo, first: date, last: date) -> list[datetime]:
    """Every UTC instant in [first, last] at which ``zone``'s offset, name or DST flag changes."""
    # A transition found between two midnights lies after the first and at most at the second,
    # so "found between midnights inside [first, last]" is "first < instant <= last".
    start = datetime.combine(first, time(0), tzinfo=timezone.utc)
    end = datetime.combine(last, time(0), tzinfo=timezone.utc)
    return [
        instant
        for year in range(first.year, last.year + 1)
        for instant in _year_transitions(zone, year)
        if start < instant <= end
    ]


@lru_cache(maxsize=256)
def _year_transitions(zone: ZoneInfo, year: int) -> tuple[datetime, ...]:
    """The transitions between each midnight (UTC) of ``year`` and the next one.

    Searching a day at a time costs milliseconds a year, and a batch's plans span the same few
    years in the same few zones, so the search is done once per (zone, year); the bound keeps
    a long batch's memory flat.
    """

    def state(instant: datetime) -> tuple[object, ...]:
        local = instant.astimezone(zone)
        return (local.utcoffset(), local.tzname(), bool(local.dst()))

    out: list[datetime] = []
    day = timedelta(days=1)
    instant = datetime.combine(date(year, 1, 1), time(0), tzinfo=timezone.utc)
    last_midnight = date(year + 1, 1, 1) if year < MAXYEAR else date.max  # no year after the last one
    end = datetime.combine(last_midnight, time(0), tzinfo=timezone.utc)
    before = state(instant)
    while instant < end:
        following = instant + day
        after = state(following)
        if after != before:
            low, high = instant, following  # state(low) == before, state(high) != before
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                middle = middle.replace(microsecond=0)
                if middle <= low:
                    break
                if state(middle) == before:
                    low = middle
                else:
                    high = middle
            out.append(high)
            before = after
        instant = following
    return tuple(out)


@lru_cache(maxsize=32)
def _vtimezone(tzid: str, first: date, last: date) -> bytes:
    """A VTIMEZONE for ``tzid`` valid from ``first`` to ``last``, one observance per onset.

    Each STANDARD / DAYLIGHT block has a single DTSTART (the onset as local time in the offset
    it starts from, as RFC 5545 says) and no RDATE or RRULE: every client reads that the same
    way, while RDATE lists are read differently by some (ical.js ignores DTSTART beside them).
    """
    zone = ZoneInfo(tzid)
    start = datetime.combine(first, time(0), tzinfo=timezone.utc).astimezone(zone)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{tzid}"]

    def observance(onset_local: datetime, offset_from: timedelta | None, local: datetime) -> None:
        kind = "DAYLIGHT" if local.dst() else "STANDARD"
        lines.extend(
            [
                f"BEGIN:{kind}",
                f"DTSTART:{onset_local:%Y%m%dT%H%M%S}",
                f"TZNAME:{escape_text(local.tzname() or tzid)}",
                f"TZOFFSETFROM:{_offset(offset_from)}",
                f"TZOFFSETTO:{_offset(local.utcoffset())}",
                f"END:{kind}",
            ]
        )

    observance(start.replace(tzinfo=None), start.utcoffset(), start)
    for instant in zone_transitions(zone, first, last):
        previous = (instant - timedelta(seconds=1)).astimezone(zone).utcoffset() or timedelta(0)
        local = instant.astimezone(zone)
        observance((instant + previous).replace(tzinfo=None), previous, local)
    lines.append("END:VTIMEZONE")
    return _fold_lines(lines)


def timezone_ical(plan: Plan) -> bytes:
    """VTIMEZONE of the request's zone, covering the plan from a month before its first day to
    the end of the year after race day (so a calendar that keeps the events still shows them
    right), as folded CRLF bytes."""
    request = plan.request
    first_day = min([request.start, *(s.date for s in plan.sessions)])
    last_day = max([request.race.date, *(s.date for s in plan.sessions)])
    first = date(first_day.year, first_day.month, 1) - timedelta(days=31)
    last = date(last_day.year + 1, 12, 31)
    return _vtimezone(request.time_zone, first, last)


def description(plan: Plan, session: Session, units: Units | None = None) -> str:
    """The event's text: week context, the facts, then warm-up, main set, cool-down and cues."""
    units = units or units_of(plan)
    index = week_index_of(plan, session.date)
    week_line = None if index is None else week_context(plan, plan.weeks[index - 1])
    return _description_head(session, units, week_line) + _session_body(units, *_content_of(session)).text


def _description_head(session: Session, units: Units, week_line: str | None) -> str:
    """The lines of :func:`description` that change from session to session: status, week, facts."""
    lines = [] if week_line is None else [week_line]
    lines.append(session_facts(session, units))
    if session.pace_min_per_km:
        lines.append(f"Pace: about {units.pace(session.pace_min_per_km)}")
    if session.status == "cancelled":
        lines.insert(0, "CANCELLED")
    return "\n".join(lines)


class _Body(NamedTuple):
    """The part of a description that depends only on the session's content."""

    text: str  # the sections and cues, each line after a newline, so it appends to the head
    # the same as a TEXT value: escaping goes character by character, so escaping the head and
    # appending this is escaping the whole description
    escaped: str


_Content = tuple[int | None, tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[Exercise, ...], tuple[str, ...]]


def _content_of(session: Session) -> _Content:
    """Everything the description's sections and cues depend on, hashable (the cache key)."""
    return (
        session.warmup_min,
        tuple(session.warmup),
        tuple(session.main),
        tuple(session.cooldown),
        tuple(session.exercises),
        tuple(session.cues),
    )


@lru_cache(maxsize=1024)
def _session_body(
    units: Units,
    warmup_min: int | None,
    warmup: tuple[str, ...],
    main: tuple[str, ...],
    cooldown: tuple[str, ...],
    exercises: tuple[Exercise, ...],
    cues: tuple[str, ...],
) -> _Body:
    """Warm-up, main set, cool-down and form cues as the description shows them.

    Memoised on the content: a plan repeats the same routines and warm-ups week after week,
    and matching exercises to lines and rewriting units was most of an export's time. The
    bound keeps the memory of a long batch flat.
    """
    lines: list[str] = []
    for section in content_sections(warmup_min, warmup, main, cooldown, exercises, units):
        lines.append("")
        lines.append(section.title + ":")
        for step in section.steps:
            lines.append("- " + (exercise_text(step, units) if isinstance(step, Exercise) else step))
    if cues:
        lines.append("")
        lines.append("Form cues:")
        lines.extend("- " + units.text(cue) for cue in cues)
    text = "".join("\n" + line for line in lines)
    return _Body(text, escape_text(text))


# ---------------------------------------------------------------------------------------------
# Serialisation. The text is written here directly, which is several times faster than building
# icalendar objects for a few hundred events; icalendar and ical.js read it back in the tests.
# ---------------------------------------------------------------------------------------------

_CRLF = b"\r\n"


def escape_text(value: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and newline escaped, other control
    characters (NUL, ESC, …) removed (RFC 5545 forbids them in TEXT)."""
    if not value.isprintable():  # the common text has none: one C-speed test, no regex
        value = strip_control(value)
    # chained replace() measured ~7x faster than str.translate with a dict table on this text
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r", "").replace("\n", "\\n")


def _param(value: str) -> str:
    if any(ch in value for ch in ':;,"'):
        return '"' + value.replace('"', "") + '"'
    return value


def fold(line: str) -> bytes:
    """One content line as CRLF-terminated UTF-8, folded so no line exceeds 75 octets.

    Continuation lines start with a space (which counts towards their 75), and a fold never
    splits a multi-byte character.
    """
    return _folded(line).encode("utf-8") + _CRLF


def _fold_lines(lines: list[str]) -> bytes:
    """``b"".join(fold(line) for line in lines)``, encoded in one go rather than line by line
    (a calendar has thousands of short lines, where the per-line encoding was most of the cost)."""
    if not lines:
        return b""
    return ("\r\n".join(map(_folded, lines)) + "\r\n").encode("utf-8")


def _folded(line: str) -> str:
    """``line`` with a CRLF and a space inserted wherever :func:`fold` folds it."""
    if line.isascii():  # one octet a character, so cut by characters without encoding
        if len(line) <= 75:
            return line
        return "\r\n ".join([line[:75], *(line[cut : cut + 74] for cut in range(75, len(line), 74))])
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[bytes] = []
    start, limit = 0, 75
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # inside a UTF-8 sequence: back off to its first byte
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, 74
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode("utf-8")


def _utc(stamp: datetime) -> str:
    return stamp.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _duration(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    if hours and mins:
        return f"PT{hours}H{mins}M"
    return f"PT{hours}H" if hours else f"PT{mins}M"


class _PlanLines(NamedTuple):
    """What every event of one plan shares, worked out once per plan instead of once per event."""

    units: Units
    dtstamp: str  # the DTSTAMP line
    dtstart: str  # the DTSTART line up to its value
    alarm_trigger: str | None  # the VALARM TRIGGER line, None without a reminder
    week_lines: dict[date, str]  # the week-context line of each day with a session


def _plan_lines(plan: Plan, stamp: str) -> _PlanLines:
    reminder = plan.request.output.reminder_min
    return _PlanLines(
        units=units_of(plan),
        dtstamp=f"DTSTAMP:{stamp}",
        dtstart=f"DTSTART;TZID={_param(plan.request.time_zone)}:",
        alarm_trigger=None if reminder is None else f"TRIGGER:-PT{reminder}M",
        week_lines=_week_lines(plan),
    )


def _week_lines(plan: Plan) -> dict[date, str]:
    """The week-context line of each day that has a session, as :func:`description` finds it
    (the first week that holds the day), worked out once per week instead of once per event."""
    index_of_day: dict[date, int] = {}
    for week in plan.weeks:
        for day in week_dates(week):
            index_of_day.setdefault(day, week.index)
    session_weeks = {index_of_day[s.date] for s in plan.sessions if s.date in index_of_day}
    context_of_index = {index: week_context(plan, plan.weeks[index - 1]) for index in session_weeks}
    return {day: context_of_index[index] for day, index in index_of_day.items() if index in context_of_index}


@lru_cache(maxsize=2048)
def _local_start(day: date, start: time) -> str:
    """DTSTART's value, ``'20270418T070000'``. Memoised because strftime takes microseconds a
    call, and the plans of a batch share their days and start times."""
    return f"{day:%Y%m%d}T{start:%H%M}00"


def event_uid(session: Session) -> str:
    """The session's UID in the calendar: its own, or one made from its day, kind and start."""
    return session.uid or f"{session.date:%Y%m%d}-{session.kind}-{session.start:%H%M}@hamplan"


def _event_lines(session: Session, shared: _PlanLines) -> list[str]:
    units = shared.units
    title = escape_text(session_title(session, units))
    uid = event_uid(session)
    cancelled = session.status == "cancelled"
    head = _description_head(session, units, shared.week_lines.get(session.date))
    body = _session_body(units, *_content_of(session))
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(uid)}",
        shared.dtstamp,
        f"SEQUENCE:{session.sequence}",
        shared.dtstart + _local_start(session.date, session.start),
        f"DURATION:{_duration(session.duration_min)}",
        f"SUMMARY:{title}",
        f"DESCRIPTION:{escape_text(head)}{body.escaped}",
        f"CATEGORIES:{escape_text(KIND_LABELS.get(session.kind, session.kind.title()))}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "TRANSP:OPAQUE",
    ]
    if shared.alarm_trigger is not None and not cancelled:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{title}",
            shared.alarm_trigger,
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


def to_ics(plan: Plan, stamp: datetime | None = None) -> bytes:
    """The plan as RFC 5545 bytes (CRLF lines, folded at 75 octets).

    ``stamp`` (an aware datetime) sets every DTSTAMP; without it the plan's start day at
    00:00 UTC is used, so the same plan always gives byte-identical output.
    """
    request = plan.request
    dtstamp = _utc(stamp or default_stamp(plan))
    caldesc = (
        f"{request.race.label} training plan, {len(plan.weeks)} weeks from {request.start.isoformat()}"
        + (f", for {request.runner.name}" if request.runner.name else "")
    )
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(calendar_name(plan))}",
        f"X-WR-CALDESC:{escape_text(caldesc)}",
        f"X-WR-TIMEZONE:{escape_text(request.time_zone)}",
    ]
    shared = _plan_lines(plan, dtstamp)
    lines = [line for session in plan.sessions for line in _event_lines(session, shared)]
    lines.append("END:VCALENDAR")
    return _fold_lines(head) + timezone_ical(plan) + _fold_lines(lines)


def event_resources(plan: Plan, stamp: datetime | None = None) -> dict[str, bytes]:
    """Each session as a calendar object of its own, keyed by UID, in the plan's order.

    A CalDAV server stores one event per resource (RFC 4791 §4.1): each value is a VCALENDAR
    with the plan's VTIMEZONE and that session's VEVENT, exactly as :func:`to_ics` writes it,
    and no METHOD (which calendar objects on a server must not carry).
    """
    dtstamp = _utc(stamp or default_stamp(plan))
    head = _fold_lines(["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"])
    head += timezone_ical(plan)
    tail = _fold_lines(["END:VCALENDAR"])
    shared = _plan_lines(plan, dtstamp)
    return {event_uid(session): head + _fold_lines(_event_lines(session, shared)) + tail for session in plan.sessions}


def to_calendar(plan: Plan, stamp: datetime | None = None) -> icalendar.Calendar:
    """The plan as an :class:`icalendar.Calendar`, parsed from :func:`to_ics`."""
    import icalendar

    return icalendar.Calendar.from_ical(to_ics(plan, stamp))


def write_ics(plan: Plan, path: str | os.PathLike[str], stamp: datetime | None = None) -> Path:
    """Write :func:`to_ics` to ``path`` atomically."""
    return atomic_write(path, to_ics(plan, stamp))


__all__ = [
    "PRODID",
    "calendar_name",
    "default_stamp",
    "description",
    "escape_text",
    "event_resources",
    "event_uid",
    "fold",
    "timezone_ical",
    "to_calendar",
    "to_ics",
    "write_ics",
]
