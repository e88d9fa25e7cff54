"""A session's identity and clock time: its stable UID, the :class:`Session` made from its
content, and where in the day it starts beside the day's other sessions."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from datetime import date, datetime, time, timedelta
from typing import Any

from hamplan.models import PlanRequest, Session
from hamplan.rules.hamstring import STRENGTH_GAP_H, elapsed_hours


def session_uid(request: PlanRequest, day: date, kind: str) -> str:
    """A session's UID: its day, its kind and the request's key (stable across re-plans)."""
    # the date as YYYYMMDD: isoformat without its dashes is that for every year from 1000 on and
    # takes a tenth of the time of ``f"{day:%Y%m%d}"`` (strftime), once per session
    stamp = day.isoformat().replace("-", "") if day.year >= 1000 else f"{day:%Y%m%d}"
    return f"{stamp}-{kind}-{_uid_key(request.id, request.runner.name, request.race.distance)}@hamplan"


@lru_cache(maxsize=256)
def _uid_key(request_id: str | None, runner_name: str | None, race_distance: object) -> str:
    """The request's part of every UID: its id, else a hash of who runs which race (the same
    for every session of a plan, so computed once)."""
    return request_id or hashlib.sha1(f"{runner_name}|{race_distance}".encode()).hexdigest()[:10]


def at_clock(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock)


def strength_start(request: PlanRequest, day: date, preferred: time, last: datetime | None) -> time:
    """A strength session's start: the runner's time, later by what the spring clock change takes
    from the 48 h since the last one (``strength_spacing`` counts real hours: 18:30 two days
    later across it is 47 h later)."""
    if last is None:
        return preferred
    start = at_clock(day, preferred)
    short_h = STRENGTH_GAP_H - elapsed_hours(last, start, request.time_zone)
    later = start + timedelta(hours=short_h)
    return later.time() if short_h > 0 and later.date() == day else preferred


def place_session(day: date, preferred: time, duration: int, busy: list[tuple[datetime, datetime]], not_before: datetime | None = None) -> time:
    """The first start from ``preferred`` on (or earlier, if the day runs out) that overlaps nothing."""
    start = at_clock(day, preferred)
    if not_before and start < not_before:
        start = not_before
    for _ in range(len(busy) + 1):
        clash = [b for b in busy if start < b[1] and b[0] < start + timedelta(minutes=duration)]
        if not clash:
            break
        start = max(b[1] for b in clash) + timedelta(minutes=10)
    latest = at_clock(day, time(23, 59)) - timedelta(minutes=duration)
    if start > latest or start.date() != day:
        start = latest
    return start.time().replace(second=0, microsecond=0)


def make_session(request: PlanRequest, day: date, start: time, kind: str, type_: str, content: Any, km: float | None) -> Session:
    return Session(
        date=day,
        start=start,
        kind=kind,  # type: ignore[arg-type]
        type=type_,
        title=content.title,
        distance_km=round(km, 1) if km is not None else None,
        duration_min=content.duration_min,
        intensity=content.intensity,
        rpe=content.rpe,
        pace_min_per_km=getattr(content, "pace_min_per_km", None),
        warmup_min=getattr(content, "warmup_min", None),
        warmup=list(content.warmup),
        main=list(content.main),
        cooldown=list(content.cooldown),
        exercises=list(content.exercises),
        cues=list(getattr(content, "cues", []) or []),
        workout=getattr(content, "workout", None),
        uid=session_uid(request, day, kind),
    )
