"""Life happens: re-plan from what the runner actually did, pause for illness or a niggle.

A re-plan is a new plan from ``today``, in the weeks of the plan it continues: it starts on the
first day of the plan's week that holds ``today``, and that week's days already run are its
history (``Plan.replanned_on``); where the rules leave no plan so, it starts on ``today``. What
came before is the request's ``history`` (the training log; a planned day missing from the log
was a rest day), so every load rule, solver and checker alike, grows from the real weeks. The race
stays fixed. Calendar continuity: a session on the same day and of the same kind keeps its UID
(and its text when nothing changed, or a raised SEQUENCE when it did); a dropped one is kept
with ``status = "cancelled"`` so a calendar app that re-imports removes it.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from hamplan.calendar import BREAK_RETURN_MIN_DAYS, days_back_after_break
from hamplan.errors import InfeasiblePlanError, PlanTimeLimitError, RequestError, shorten
from hamplan.io import guarded, parse_json, problems_of, read_text
from hamplan.models import EASY_TIME_QUALITY_TYPES, MAX_HISTORY_SESSIONS, QUALITY_TYPES, CompletedSession, DateRange, Easing, Plan, PlanRequest, Session
from hamplan.plan import generate, generate_resumed, session_uid, week_figures
from hamplan.rules import check
from hamplan.rules.coaching import advise
from hamplan.rules.context import PlanContext
from hamplan.rules.settings import PEAK_OVER_CURRENT

LOG_FIELDS = ("date", "kind", "type", "distance_km", "duration_min", "rpe", "note")
#: A week that ran this much over plan (or a run this much over the planned longest) is an overload.
OVERLOAD_FACTOR = 1.10
#: Graduated return after a pause: days of easing after the window (no quality sessions), and
#: the share of the recent weekly volume kept (illness, a niggle). After travel the return is as
#: long as the break, up to a week: a 3-day trip is followed by 3 easy days, 10 days away by an
#: easy week; its volume is left to the load rules, which read the empty days.
EASING_DAYS = {"niggle": 7, "illness": 7, "travel": 7}
EASING_VOLUME = {"niggle": 0.7, "illness": 0.8, "overload": 0.8}
#: The advice that says a return's first days or week after a break did not stay easy: an
#: illness re-plan without its lighter week is refused rather than carry it.
RETURN_ADVICE = ("return_runs", "break_week_long_run")


# ---------------------------------------------------------------------------------------------
# The log
# ---------------------------------------------------------------------------------------------


def load_log(source: str | Path | Iterable[CompletedSession | dict[str, Any]]) -> list[CompletedSession]:
    """Completed sessions from a CSV file (with a header), a JSON file (a list), or a list.

    Every bad row is reported with its row number; nothing is half-loaded. A log holds at most
    ``MAX_HISTORY_SESSIONS`` rows (what a request's history can carry).
    """
    if not isinstance(source, (str, Path)):
        with guarded("log"):
            rows = [r.model_dump() if isinstance(r, CompletedSession) else dict(r) for r in _capped(source, "log")]
        return _validate(rows, "log")
    path = Path(source)
    origin = shorten(str(path))
    text = read_text(path, "log")
    if path.suffix.lower() == ".json":
        rows = parse_json(text, origin)
        if not isinstance(rows, list):
            raise RequestError([("", "a JSON log is a list of sessions")], origin)
        return _validate(_capped(rows, origin), origin)
    with guarded(origin):  # csv.Error (a NUL byte, a field over the size limit) is a ValueError's cousin
        try:
            reader = csv.DictReader(io.StringIO(text))
            fields = reader.fieldnames
            if not fields or "date" not in fields or "kind" not in fields:
                raise RequestError([("header", f"a CSV log needs a header with at least date,kind (columns: {', '.join(LOG_FIELDS)})")], origin)
            unknown = [f for f in fields if f not in LOG_FIELDS]
            if unknown:
                raise RequestError([("header", f"unknown column(s) {', '.join(unknown)}; use {', '.join(LOG_FIELDS)}")], origin)
            rows = [{k: v for k, v in row.items() if v not in (None, "")} for row in _capped(reader, origin)]
        except csv.Error as exc:
            raise RequestError([("", f"not a readable CSV log: {exc}")], origin) from None
    return _validate(rows, origin, first_row=2)


def _capped(rows: Iterable[Any], source: str) -> list[Any]:
    out = []
    for row in rows:
        if len(out) == MAX_HISTORY_SESSIONS:
            raise RequestError([("", f"more than {MAX_HISTORY_SESSIONS} sessions; a log covers the weeks before the new plan")], source)
        out.append(row)
    return out


def _validate(rows: Sequence[Any], source: str, first_row: int = 1) -> list[CompletedSession]:
    out, problems = [], []
    for n, row in enumerate(rows, start=first_row):
        if not isinstance(row, dict):
            problems.append((f"row {n}", f"a session is an object of fields (got {type(row).__name__})"))
            continue
        if None in row:  # csv puts a row's values past the header's columns under None
            problems.append((f"row {n}", "more values than the header has columns (a decimal comma? write 6.9, not 6,9)"))
            continue
        # a field left empty: null in JSON, as an empty cell in CSV
        row = {key: value for key, value in row.items() if value is not None}
        try:
            out.append(CompletedSession.model_validate(row))
        except ValidationError as exc:
            problems += [(f"row {n}" + (f".{field}" if field else ""), message) for field, message in problems_of(exc)]
    if problems:
        raise RequestError(problems, source)
    return sorted(out, key=lambda s: (s.date, s.kind))


# ---------------------------------------------------------------------------------------------
# Changes
# ---------------------------------------------------------------------------------------------


class Change(BaseModel):
    """One difference between two plans, in words a runner understands."""

    model_config = ConfigDict(frozen=True)

    date: date
    kind: str
    change: Literal["added", "dropped", "shortened", "lengthened", "changed", "moved", "adjusted"]
    """``adjusted``: same title, time, length, effort and dose; only the wording, the exercise
    cues or the pose list differ (a list shows these as one line, not one row each)."""
    before: str = ""
    after: str = ""
    reason: str

    def __str__(self) -> str:
        what = {"added": f"added {self.after}", "dropped": f"dropped {self.before}", "adjusted": f"content adjusted: {self.after}"}.get(
            self.change, f"{self.change}: {self.before} → {self.after}"
        )
        return f"{self.date} {self.kind}: {what} — {self.reason}"


def _label(s: Session) -> str:
    return s.title or f"{s.kind} {s.type}"


def _dose(s: Session) -> str:
    """``'3×8'``, or ``'3×8 / 3 × 30 s'`` when the exercises differ (each distinct dose once)."""
    doses: list[str] = []
    for e in s.exercises:
        if e.sets is None:
            continue
        dose = f"{e.sets}×{e.reps}" if e.reps else (f"{e.sets} × {e.hold_s} s" if e.hold_s else "")
        if dose and dose not in doses:
            doses.append(dose)
    return " / ".join(doses)


def _facets(s: Session) -> dict[str, str]:
    """What a runner compares between two versions of a session, each as they would read it (a
    mobility routine's poses and their rounds are its wording, not its load)."""
    return {
        "start": s.start.strftime("%H:%M"),
        "distance": f"{s.distance_km:g} km" if s.distance_km else "",
        "duration": f"{s.duration_min} min",
        "dose": _dose(s) if s.kind == "strength" else "",
        "rpe": f"RPE {s.rpe}",
    }


def _exercise_names(s: Session) -> list[str]:
    return [e.name for e in s.exercises] if s.kind == "strength" else []


def _described(was: Session, now: Session) -> tuple[str, str] | None:
    """Both labels with what differs appended (``'Strength · RDL · 3×8, RPE 7'``), or None when
    only the text differs (the wording, the cues, which poses)."""
    old, new = _facets(was), _facets(now)
    differ = [k for k in old if old[k] != new[k]]
    old_parts = [old[k] or "—" for k in differ]
    new_parts = [new[k] or "—" for k in differ]
    dropped = [n for n in _exercise_names(was) if n not in _exercise_names(now)]
    added = [n for n in _exercise_names(now) if n not in _exercise_names(was)]
    if dropped or added:
        old_parts.append(", ".join(dropped) or "—")
        new_parts.append(", ".join(added) or "—")
    if not old_parts and not new_parts:
        return None
    return " · ".join([_label(was), *old_parts]), " · ".join([_label(now), *new_parts])


def _same(a: Session, b: Session) -> bool:
    keys = ("start", "type", "title", "distance_km", "duration_min", "warmup", "main", "cooldown", "exercises", "cues")
    return all(getattr(a, k) == getattr(b, k) for k in keys)


def changes_between(old: Plan, new: Plan) -> list[Change]:
    """What moved, shrank, grew or was dropped from ``old`` to ``new`` (from the day ``new`` was
    planned from: its start, or the day it resumed its week on)."""
    since = new.replanned_on or new.request.start
    # the plan kept (what was run left every rule holding): only a skipped session moved
    kept = new.request == old.request

    def reason_on(day: date) -> str:
        return "skipped earlier this week: moved here, the rest of the plan stands" if kept else _reason(new, day)
    before = {s.uid: s for s in old.sessions if s.date >= since and s.status != "cancelled"}
    after = {s.uid: s for s in new.sessions if s.date >= since and s.status != "cancelled"}
    out: list[Change] = []
    for uid, s in after.items():
        was = before.get(uid)
        if was is None:
            out.append(Change(date=s.date, kind=s.kind, change="added", after=_label(s), reason=reason_on(s.date)))
        elif not _same(was, s):
            kind: Any = "changed"
            if was.distance_km is not None and s.distance_km is not None and was.type == s.type:
                kind = "shortened" if s.distance_km < was.distance_km else ("lengthened" if s.distance_km > was.distance_km else "changed")
            labels = (_label(was), _label(s))
            if labels[0] == labels[1]:
                described = _described(was, s)
                if described is None:
                    kind = "adjusted"
                else:
                    labels = described
            out.append(Change(date=s.date, kind=s.kind, change=kind, before=labels[0], after=labels[1], reason=reason_on(s.date)))
    for uid, was in before.items():
        if uid not in after:
            out.append(Change(date=was.date, kind=was.kind, change="dropped", before=_label(was), reason=reason_on(was.date)))
    return sorted(out, key=lambda c: (c.date, c.kind))


def changes_since(plan: Plan, previous: Plan) -> list[Change]:
    """``plan.changes_since(previous)``: what changed from ``previous`` to ``plan``."""
    return changes_between(previous, plan)


def _reason(plan: Plan, day: date) -> str:
    """Why a session of a re-plan changed: the easing's words on its days; after them, that the
    weeks go on from what was run (an easier week's words on a change weeks after it read as if
    that change were the easier week)."""
    req = plan.request
    easing = req.easing
    recent = f"you are at about {req.runner.weekly_km:.0f} km a week"
    if easing is not None and easing.reason == "overload":
        # the level is the log counted up to what the plan asked for (``_established_level``): a
        # runner who had just run 23 km read "you are at about 18 km a week"
        recent = f"your level is counted from the plan, about {req.runner.weekly_km:.0f} km a week over the last four weeks, not from the extra"
    if easing is None:
        return f"re-planned from what you actually ran ({recent}); the race stays on {req.race.date}"
    words = {
        "niggle": "after the hamstring niggle: no fast sessions and isometric hamstring work first, volume reduced, "
        "then Nordic curls at half volume",
        "illness": "after being ill: an easy week first, no fast sessions, volume reduced",
        "travel": "after the break for travel: easy days first, no fast sessions, then the build resumes",
        "overload": "you ran more than planned recently: an easier week follows so the extra load can settle",
        "missed": "you missed planned sessions: the plan rebuilds gently instead of catching up",
    }
    during = f"{words[easing.reason]} (until {easing.until}; {recent})"
    if day > easing.until:
        # the reason of the easier days goes first, word for word: a list of the changes that
        # gives each reason once says this one and leaves that one out (the command line)
        after = "the plan goes on as before" if easing.reason == "overload" else "the weeks go on from what you ran"
        return f"{during}; after that {after}"
    return during


# ---------------------------------------------------------------------------------------------
# Re-plan and pause
# ---------------------------------------------------------------------------------------------


def _as_history(sessions: Iterable[Session | CompletedSession]) -> list[CompletedSession]:
    out = []
    for s in sessions:
        if isinstance(s, CompletedSession):
            out.append(s)
        elif s.status != "cancelled":
            out.append(
                CompletedSession(
                    date=s.date, kind=s.kind, type=s.type, distance_km=s.distance_km, duration_min=s.duration_min, rpe=s.rpe
                )
            )
    return out


def _run_km(sessions: Iterable[Session | CompletedSession], first: date, last: date) -> float:
    return sum(s.distance_km or 0.0 for s in sessions if s.kind == "run" and first <= s.date <= last)


def _longest(sessions: Iterable[Session | CompletedSession], first: date, last: date) -> float:
    return max((s.distance_km or 0.0 for s in sessions if s.kind == "run" and first <= s.date <= last), default=0.0)


def _established_level(plan: Plan, history: list[CompletedSession], today: date) -> tuple[float, float]:
    """The runner's level before ``today``: weekly km over the last 4 weeks and the longest run
    of the last 30 days, where the plan covers a stretch counted as done *up to what the plan
    asked for*. A missed week lowers the level; one unplanned long run or big week does not
    raise it (the load rules still read the real history, so the weeks right after it ease)."""
    old = plan.request
    runner_start = min([old.start, *(h.date for h in old.history)])
    planned = [s for s in plan.sessions if s.status != "cancelled" and s.kind == "run"]

    def counted_km(first: date, last: date) -> float:
        """Run km of ``first``..``last``: the old weekly average before the log, the log before
        the plan, and within the plan the log capped at the plan."""
        before_log = max(0, (min(last + timedelta(days=1), runner_start) - first).days)
        pre_plan_last = min(last, old.start - timedelta(days=1))
        in_plan_first = max(first, old.start)
        km = old.runner.weekly_km / 7 * before_log + _run_km(history, max(first, runner_start), pre_plan_last)
        if in_plan_first <= last:
            km += min(_run_km(history, in_plan_first, last), _run_km(planned, in_plan_first, last))
        return km

    weekly = sum(counted_km(today - timedelta(days=7 * k), today - timedelta(days=7 * k - 6)) for k in range(1, 5)) / 4
    window = today - timedelta(days=30)
    longest = _longest(history, window, old.start - timedelta(days=1))
    if max(window, old.start) < today:
        done_in_plan = _longest(history, max(window, old.start), today - timedelta(days=1))
        longest = max(longest, min(done_in_plan, _longest(planned, max(window, old.start), today - timedelta(days=1))))
    if window < runner_start:
        longest = max(longest, old.runner.long_run_km)
    return weekly, longest


def _new_request(plan: Plan, history: list[CompletedSession], today: date, *, easing: Easing | None,
                 extra_blackout: DateRange | None = None) -> PlanRequest:
    old = plan.request  # (``today`` is before race day: ``replan`` and ``pause`` check the day asked for)
    weekly, longest = _established_level(plan, history, today)
    data = old.model_dump(by_alias=True)
    if old.rules.peak_weekly_km is None:
        # the target curve keeps the plan's level: its peak is the first plan's, not 1.25 x
        # whatever the last 4 weeks happened to hold (a missed week lowered it, an unplanned
        # long run raised it, and each re-plan moved it again). Where a coaching cap (time, age)
        # holds the plan's peak lower, the cap is left to hold it again: set as the request's
        # peak it would also bound the load rules' fill that the coaching rules fall back to,
        # and re-plans after a break were refused
        first = PlanContext.for_request(old)
        if first.targets.peak_week_km >= first.settings.peak_weekly_km:
            data["rules"]["peak_weekly_km"] = first.settings.peak_weekly_km
        elif old.phases_from is None and first.targets.peak_time_cap_km is not None and (
            abs(first.targets.peak_week_km - PEAK_OVER_CURRENT * old.runner.weekly_km) <= 0.05
        ):
            # the time cap held the plan's peak at the runner's own growth (1.25 × what they ran
            # when the plan began): the re-plan's current volume is what they run now, so its own
            # cap would give that growth back only where they had already grown (a 30 km 10K
            # runner's plan peaked at 37.5 km, its re-plan in week 3 at 30.6 km)
            data["rules"]["peak_weekly_km"] = round(first.targets.peak_week_km, 1)
    data["start"] = today
    data["history"] = [h.model_dump() for h in history]
    data["runner"]["weekly_km"] = round(weekly, 1)
    data["runner"]["long_run_km"] = round(min(longest, 4 * weekly) if weekly > 0 else longest, 1)
    # a break still ahead or whose days back reach today, kept whole: its length sets how many
    # days back it has (``PlanCalendar.return_days_by_break``; the calendar leaves out its days
    # before today). Dropped or cut at today, a re-plan two days after a five-day break held a
    # threshold session and a 76-min run on the days back
    blackout = [
        b for b in data["schedule"]["blackout"] if b["to"] + timedelta(days=days_back_after_break((b["to"] - b["from"]).days + 1)) >= today
    ]
    if extra_blackout is not None:
        blackout.append({"from": extra_blackout.from_, "to": extra_blackout.to})
    data["schedule"]["blackout"] = blackout
    data["easing"] = easing.model_dump() if easing else None
    data["phases_from"] = old.phases_from or old.start
    try:
        return PlanRequest.model_validate(data)
    except ValidationError as exc:
        raise RequestError(problems_of(exc)) from None


def _continuity(old: Plan, new: Plan) -> Plan:
    """Keep UIDs and text of unchanged sessions, raise SEQUENCE of changed ones, cancel dropped ones
    (from the day ``new`` is planned from; the days of its week already run are its history)."""
    since = new.replanned_on or new.request.start
    before = {s.uid: s for s in old.sessions if s.date >= since}
    sessions: list[Session] = []
    for s in new.sessions:
        was = before.get(s.uid)
        if was is None:
            sessions.append(s)
        elif was.status != "cancelled" and _same(was, s):
            sessions.append(was)
        else:
            sessions.append(s.model_copy(update={"sequence": was.sequence + 1}))
    kept = {s.uid for s in sessions}
    for uid, was in before.items():
        if uid not in kept:
            sessions.append(was if was.status == "cancelled" else was.model_copy(update={"status": "cancelled", "sequence": was.sequence + 1}))
    sessions.sort(key=lambda s: (s.date, s.start, s.kind))
    result = new.model_copy(update={"sessions": sessions, "replanned_on": since})
    result._solve_seconds = new.solve_seconds
    return result


def replan(plan: Plan, log: Iterable[CompletedSession | dict[str, Any]] | str | Path, today: date, **options: Any) -> Plan:
    """A new plan from ``today`` to the same race, grown from what the log says was done.

    Days before ``today`` count as the log has them (a planned session not in the log was
    missed). A log of runs alone (no strength or mobility row at all: a watch's export) takes the
    plan's strength and mobility sessions before ``today`` as done. A missed stretch leads to a
    gentle rebuild (the load rules grow from the real weeks), an unplanned big week or run to an
    easier next week (unless that week would leave no safe way to the race: then the plan goes
    on without it and says so). Raises :class:`~hamplan.InfeasiblePlanError` when the race can no longer be
    reached safely.
    """
    old = plan.request
    # said of the day asked for, before a re-plan inside a week moves it to the week's start
    # (``--today 2027-05-01`` read "2027-04-26 is after race day"; on race day itself, with a log,
    # the runner read of his own weekly km)
    if today > old.race.date:
        raise RequestError([("today", f"{today} is after race day ({old.race.date}): nothing left to plan")])
    if today == old.race.date:
        raise RequestError([("today", f"{today} is race day: nothing left to plan but the race")])
    logged = load_log(log)
    if later := sorted({e.date for e in logged if e.date > today}):
        # a log holds what was done before today: a row after it (a mistyped date) was dropped unsaid
        days = ", ".join(d.isoformat() for d in later[:3]) + (f" and {len(later) - 3} more" if len(later) > 3 else "")
        raise RequestError([("log", f"{days}: after today ({today}); a log holds what was done before today")])
    entries = _with_planned_sessions_if_runs_only(plan, logged, today)
    if today <= old.start:
        return _continuity(plan, generate(old, **options))
    history = [h for h in old.history if h.date < old.start] + [e for e in entries if old.start <= e.date < today]
    history += [e for e in entries if e.date < old.start and all(e.date != h.date for h in old.history)]
    history.sort(key=lambda h: (h.date, h.kind))
    easing = _easing_for_log(plan, history, today)
    if easing is None:
        kept = _plan_kept(plan, entries, today)
        if kept is not None:
            return _continuity(plan, kept)
    done = _as_plan_sessions(plan, [e for e in entries if _week_start(old, today) <= e.date < today])
    started = time.monotonic()
    try:
        return _continuity(plan, _resumed_or_new(plan, history, done, today, easing=easing, options=options))
    except PlanTimeLimitError:
        raise  # out of time, not out of plans: the easier week is not what stood in the way
    except InfeasiblePlanError:
        if easing is None or easing.reason != "overload":
            raise
    # the easier week an overload calls for is the planner's choice, not a safety rule: where it
    # leaves no safe way to the race (a marathoner on the edge of ready, refused for one extra
    # 6 km run and told to race two weeks later), the plan goes on without it; the load rules
    # still count every kilometre run
    kept_on = _resumed_or_new(plan, history, done, today, easing=None, options=_time_left(options, started))
    race_day = old.race.date
    note = (f"You ran more than planned recently; an easier week would leave no safe way to race on "
            f"{race_day.day} {race_day:%B}, so the plan goes on without one: the load rules count the extra running.")
    return _continuity(plan, kept_on.model_copy(update={"notes": [*kept_on.notes, note]}))


def _plan_kept(plan: Plan, entries: list[CompletedSession], today: date) -> Plan | None:
    """The plan itself from ``today`` on, where what was run leaves every rule holding on it
    (the checker reads the log's weeks, and judges the days from ``today``): a runner on plan,
    or near it, keeps their plan. Planned anew, such a runner's curve was derived again from a
    level the step-back weeks had lowered: 95 changes for a marathoner who had run every
    session, and a week under way pushed to the limits. None when a rule no longer holds (an
    unplanned long run, a run too many for the week), then the plan is made anew. A strength or
    mobility session skipped this week moves to a later day of it where one holds it."""
    old = plan.request
    done = _as_plan_sessions(plan, [e for e in entries if old.start <= e.date < today])
    sessions = sorted([*done, *(s for s in plan.sessions if s.date >= today)], key=lambda s: (s.date, s.start, s.kind))
    kept = plan.model_copy(update={"sessions": sessions, "replanned_on": today})
    if check(kept):
        return None
    kept = _skipped_sessions_moved(plan, kept, today)
    sessions = list(kept.sessions)
    context = PlanContext.for_request(old)
    live = [s for s in sessions if s.status != "cancelled"]
    kept = kept.model_copy(update={"weeks": week_figures(old, live, tuple(context.targets.taper_factor_of or ()))})
    result = kept.model_copy(update={"advice": advise(kept, context)})
    result._solve_seconds = plan.solve_seconds
    return result


def _skipped_sessions_moved(plan: Plan, kept: Plan, today: date) -> Plan:
    """``kept`` with each strength or mobility session skipped this week (before ``today``) moved
    to the earliest later day of the week where every rule still holds: a coach moves the yoga
    session a runner skipped (planned anew, the plan changed in 16-64 places). A session no day
    holds stays skipped: a week partly run keeps what fits (``rules.base.counts_exactly``)."""
    week_start = _week_start(plan.request, today)
    days = [week_start + timedelta(days=n) for n in range(7) if today <= week_start + timedelta(days=n) < plan.request.race.date]
    live = {(s.date, s.kind) for s in kept.sessions if s.status != "cancelled"}
    skipped = [
        s for s in plan.sessions
        if s.kind in ("strength", "mobility") and s.status != "cancelled" and week_start <= s.date < today and (s.date, s.kind) not in live
    ]

    def in_week(sessions: Sequence[Session], kind: str) -> int:
        return sum(1 for s in sessions if s.kind == kind and s.status != "cancelled" and 0 <= (s.date - week_start).days < 7)

    for session in skipped:
        if in_week(kept.sessions, session.kind) >= in_week(plan.sessions, session.kind):
            continue  # done on another day of the week: nothing to make up
        for day in days:
            if (day, session.kind) in live:
                continue
            moved = session.model_copy(update={"date": day, "uid": session_uid(plan.request, day, session.kind), "sequence": 0})
            candidate = kept.model_copy(update={"sessions": sorted([*kept.sessions, moved], key=lambda s: (s.date, s.start, s.kind))})
            if not check(candidate):
                kept = candidate
                live.add((day, session.kind))
                break
    return kept


def _with_planned_sessions_if_runs_only(plan: Plan, entries: list[CompletedSession], today: date) -> list[CompletedSession]:
    """A log that holds runs only (a watch's export lists runs, not a yoga session at home) with
    the plan's strength and mobility sessions before ``today`` taken as done: read as missed, they
    re-made the plan of a runner who had run every run as planned (97 changes, this week's long
    run 20.8 -> 14.8 km). A log with any strength or mobility row is read as it is."""
    if any(e.kind in ("strength", "mobility") for e in entries) or not any(e.kind == "run" for e in entries):
        return entries
    first = min(e.date for e in entries)
    # not inside a week or more without a logged run, up to today: a runner who missed a week is
    # not taken to have lifted in it (a 67-year-old's missed week, logged as runs only, read as two
    # lifts done, and his first session back stepped up to the next Nordic rung)
    ran = sorted({e.date for e in entries if e.kind in ("run", "race")} | {today})
    unrun = [(a, b) for a, b in zip(ran, ran[1:]) if (b - a).days - 1 >= BREAK_RETURN_MIN_DAYS]
    planned = [
        CompletedSession(date=s.date, kind=s.kind, type=s.type, duration_min=s.duration_min, rpe=s.rpe)
        for s in plan.sessions
        if s.kind in ("strength", "mobility") and s.status != "cancelled" and first <= s.date < today
        and not any(a < s.date < b for a, b in unrun)
    ]
    return sorted([*entries, *planned], key=lambda e: (e.date, e.kind))


def _easing_for_log(plan: Plan, history: list[CompletedSession], today: date) -> Easing | None:
    week_ago = today - timedelta(days=7)
    planned = [s for s in plan.sessions if s.status != "cancelled" and week_ago <= s.date < today]
    done_km = _run_km(history, week_ago, today - timedelta(days=1))
    planned_km = _run_km(planned, week_ago, today - timedelta(days=1))
    next_week = [s for s in plan.sessions if s.status != "cancelled" and today <= s.date < today + timedelta(days=7)]
    # a week still under the four before it is a return, not an overload: a runner back from ten
    # days away who ran 13.8 km where the plan held the first day to 10.3 km was eased further,
    # and the 10 % rule then held every week to the race at that (15-30-min runs four weeks
    # before a marathon)
    recent_weekly_km = _run_km(history, week_ago - timedelta(days=28), week_ago - timedelta(days=1)) / 4
    returning = done_km < recent_weekly_km
    if planned_km and not returning and (done_km > OVERLOAD_FACTOR * planned_km or _longest(history, week_ago, today) > OVERLOAD_FACTOR * max(_longest(planned, week_ago, today), 0.1)):
        cap = EASING_VOLUME["overload"] * _run_km(next_week, today, today + timedelta(days=6))
        return Easing(until=today + timedelta(days=6), reason="overload", max_weekly_km=round(cap, 1))
    planned_runs = [s for s in planned if s.kind == "run"]
    done_days = {h.date for h in history if h.kind == "run"}
    missed = [s for s in planned_runs if s.date not in done_days]
    if planned_runs and len(missed) * 2 > len(planned_runs):
        return Easing(until=today + timedelta(days=6), reason="missed")
    return None


def pause(plan: Plan, start: date, end: date, reason: str = "illness", **options: Any) -> Plan:
    """No training from ``start`` to ``end`` (inclusive), then a graduated return.

    ``reason``: "illness", "travel" or "niggle" (a hamstring niggle: reduced volume, no quality
    work and isometric hamstring work for at least a week, then Nordic curls at half volume).
    Sessions before ``start`` are taken as done as planned.
    """
    reason = reason.strip().lower()  # choices are read in any case, as everywhere else
    if reason not in EASING_DAYS:
        raise RequestError([("reason", f"{reason!r} is not one of {', '.join(EASING_DAYS)}")])
    if end < start:
        raise RequestError([("end", f"{end} is before the pause's first day ({start})")])
    old = plan.request
    if not old.start <= start < old.race.date:
        raise RequestError([("start", f"a pause starts between {old.start} and the day before the race "
                                      f"({old.race.date - timedelta(days=1)}; got {start})")])
    if end >= old.race.date:
        raise RequestError([("end", f"a pause must end before race day ({old.race.date})")])
    history = list(old.history) + _as_history(s for s in plan.sessions if old.start <= s.date < start)
    easing = None
    days = min(EASING_DAYS[reason], (end - start).days + 1) if reason == "travel" else EASING_DAYS[reason]
    if days:
        recent = _recent_weekly_km(old, history, start)
        cap = round(EASING_VOLUME[reason] * recent, 1) if reason in EASING_VOLUME else None
        easing = Easing(until=end + timedelta(days=days), reason=reason, max_weekly_km=cap)  # type: ignore[arg-type]
    window = DateRange.model_validate({"from": start, "to": end})
    done = [s for s in plan.sessions if s.status != "cancelled" and _week_start(old, start) <= s.date < start]
    started = time.monotonic()
    try:
        return _continuity(plan, _resumed_or_new(plan, history, done, start, easing=easing, options=options, extra_blackout=window))
    except PlanTimeLimitError:
        raise  # out of time, not out of plans
    except InfeasiblePlanError as refused:
        if easing is None or easing.reason != "illness" or easing.max_weekly_km is None:
            raise
        # the lighter week back after an illness is the planner's choice, not a safety rule:
        # where it leaves no safe way to the race, the week back keeps its easy days (no faster
        # running until the easing ends) without the lighter volume, and the load rules count
        # every day missed (5-day illnesses halfway through 58 plans of seed 2131: 15 refused,
        # 4 of them with a plan this way whose days back stay easy, 0 violations). A hamstring
        # niggle keeps its lighter week: its reduced volume is the niggle's care
        uncapped = easing.model_copy(update={"max_weekly_km": None})
        try:
            kept_on = _resumed_or_new(plan, history, done, start, easing=uncapped, options=_time_left(options, started), extra_blackout=window)
        except PlanTimeLimitError:
            raise  # out of time (a kind of refusal: not the first one's answer)
        except InfeasiblePlanError:
            raise refused from None
        if any(a.rule in RETURN_ADVICE for a in kept_on.advice):
            # not at the cost of the days back themselves: a marathoner's first run two days
            # after five days ill was a 134-min "medium-long run" (a coach's reading); where the
            # race needs that, the refusal stands, with what would work instead
            raise refused
    race_day = old.race.date
    note = (f"After your illness, a lighter week back would leave no safe way to race on {race_day.day} {race_day:%B}, so the plan "
            "goes on without one: its first days back stay easy, and the load rules count the days you missed.")
    return _continuity(plan, kept_on.model_copy(update={"notes": [*kept_on.notes, note]}))


def _time_left(options: dict[str, Any], started: float) -> dict[str, Any]:
    """``options`` for a second solve after a first one that began at ``started`` (monotonic
    seconds) refused: what its time limit leaves, a tenth of it at least."""
    limit_s = options.get("time_limit_s")
    if not limit_s:
        return options
    return {**options, "time_limit_s": max(limit_s - (time.monotonic() - started), 0.1 * limit_s)}


def _recent_weekly_km(old: PlanRequest, history: list[CompletedSession], day: date) -> float:
    """Run km a week over the two weeks before ``day``: the log's, and the runner's own weekly
    volume for the days before the log and the plan begin. Counting the log alone, a pause in a
    plan's first days read the one run before it as the runner's level (a 4:30 marathoner at
    35 km a week: 3 km), capped the return at 0.8 × that, and the marathon 17 weeks away was
    refused."""
    first = day - timedelta(days=14)
    runner_start = min([old.start, *(h.date for h in history)])
    before_log = max(0, (min(day, runner_start) - first).days)
    recent = (old.runner.weekly_km / 7 * before_log + _run_km(history, max(first, runner_start), day - timedelta(days=1))) / 2
    return recent or old.runner.weekly_km  # two blank weeks: the return is measured from the runner's level


def _week_start(old: PlanRequest, day: date) -> date:
    """The first day of the plan's week that holds ``day`` (its weeks run from its start)."""
    return old.start + timedelta(days=7 * ((day - old.start).days // 7))


def _resumed_or_new(
    plan: Plan,
    history: list[CompletedSession],
    done: list[Session],
    today: date,
    *,
    easing: Easing | None,
    options: dict[str, Any],
    extra_blackout: DateRange | None = None,
) -> Plan:
    """The re-plan from ``today``: inside the plan's week that holds it, where the rules allow
    (the days of that week already run, ``done``, are its history), else a plan that starts on
    ``today``. Keeping the week matters: a plan cut into weeks from another weekday reads the
    same runs as other weeks, and a runner who had run every session as planned was refused on
    13 of 37 days of a marathon plan (the peak long run fell out of the last week before the
    taper, or the weeks around it grew too fast), and every 5-day pause as well."""
    old = plan.request
    week_start = _week_start(old, today)
    if old.start <= week_start < today:
        earlier = [h for h in history if h.date < week_start]
        request = _new_request(plan, earlier, week_start, easing=easing, extra_blackout=extra_blackout)
        limit_s = options.get("time_limit_s")
        started = time.monotonic()
        try:
            # with a time limit, half of it: the plan from ``today`` may still need the rest
            resumed = generate_resumed(request, done, today, **{**options, **({"time_limit_s": limit_s / 2} if limit_s else {})})
        except PlanTimeLimitError:
            resumed = None
        if resumed is not None:
            return resumed
        if limit_s:
            options = {**options, "time_limit_s": max(limit_s - (time.monotonic() - started), 0.1 * limit_s)}
    return generate(_new_request(plan, history, today, easing=easing, extra_blackout=extra_blackout), **options)


def _as_plan_sessions(plan: Plan, entries: list[CompletedSession]) -> list[Session]:
    """Log rows as sessions of the plan: the planned session where the log shows it run as
    planned (same kind, run type and distance), else the row as it was."""
    planned = {(s.date, s.kind): s for s in plan.sessions if s.status != "cancelled"}
    out: list[Session] = []
    for entry in entries:
        was = planned.pop((entry.date, entry.kind), None)  # a second run that day is the log's own
        if was is not None and was.type == entry.type and abs((was.distance_km or 0.0) - (entry.distance_km or 0.0)) < 0.05:
            out.append(was)
        else:
            out.append(_logged_session(plan, entry, was, len(out)))
    return out


def _logged_session(plan: Plan, entry: CompletedSession, planned: Session | None, index: int) -> Session:
    """A log row as a session of the plan (done, as the runner logged it)."""
    times = plan.request.schedule.times
    start = planned.start if planned is not None else {"strength": times.strength, "mobility": times.mobility}.get(entry.kind, times.run)
    hard = entry.kind == "run" and entry.type in QUALITY_TYPES
    # (hill sprints' running time is easy, as planned: logged "hard", a small week failed
    # ``easy_share`` and the whole plan was made anew)
    easy_time = entry.type in EASY_TIME_QUALITY_TYPES
    minutes = entry.duration_min or (planned.duration_min if planned is not None and planned.type == entry.type else 0)
    km = f" {entry.distance_km:g} km" if entry.distance_km else ""
    return Session(
        date=entry.date,
        start=start,
        kind="run" if entry.kind == "race" else entry.kind,
        type=entry.type,
        title=f"Done: {entry.type} run{km}" if entry.kind in ("run", "race") else f"Done: {entry.kind}",
        distance_km=entry.distance_km,
        duration_min=minutes,
        intensity="hard" if hard and not easy_time else "easy",
        rpe=entry.rpe or (7 if hard else 3),
        # with the plan's own key, so no two plans' events share one in a calendar
        uid=planned.uid if planned is not None else session_uid(plan.request, entry.date, f"{entry.kind}-done{index}"),
        status="done",
    )
