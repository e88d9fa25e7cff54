"""Every session of a plan as a FIT workout file, for a sports watch.

* :func:`workout_files` — ``{file name: FIT bytes}`` for every planned session, plus ``index.csv``
* :func:`write_fit` — those files in ``FOLDER/workouts/``, all of them or none

A file is named ``<date>-<kind>-<n>.fit`` (``2027-03-14-run-1.fit``; ``n`` counts the sessions of
that kind on that day). ``index.csv`` lists them in the order they are done: ``date``, ``start``
(local time), ``file``, ``title``. What a session becomes on the watch is decided in
:mod:`hamplan.export.fit.workout`; the bytes are written by :mod:`hamplan.export.fit.encode`
with the numbers of :mod:`hamplan.export.fit.profile`.
"""

from __future__ import annotations

import csv
import io
import os
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from hamplan.export.display import units_of
from hamplan.export.files import replace_folder
from hamplan.export.fit.encode import encode_workout, fit_timestamp
from hamplan.export.fit.workout import Repeat, Step, Workout, workout_of

if TYPE_CHECKING:
    from hamplan.models import Plan, Session

FOLDER_NAME = "workouts"
INDEX_NAME = "index.csv"
INDEX_COLUMNS = ("date", "start", "file", "title")


def exported_sessions(plan: Plan) -> list[Session]:
    """The sessions that get a workout: planned ones (not done, not cancelled) from the day the
    plan starts or was last re-planned."""
    first = plan.replanned_on or plan.request.start
    return [s for s in plan.sessions if s.status == "planned" and s.date >= first]


def file_name(session: Session, n: int) -> str:
    """``'2027-03-14-run-1.fit'``: the ``n``-th session of its kind that day."""
    return f"{session.date.isoformat()}-{session.kind}-{n}.fit"


def workout_files(plan: Plan) -> dict[str, bytes]:
    """Every workout file of ``plan`` and ``index.csv``, in memory (nothing is written).

    The same plan always gives the same bytes.
    """
    zone = plan.request.zone
    units = units_of(plan)
    files: dict[str, bytes] = {}
    rows: list[tuple[str, str, str, str]] = []
    seen: Counter[tuple[object, str]] = Counter()
    for session in exported_sessions(plan):
        seen[session.date, session.kind] += 1
        name = file_name(session, seen[session.date, session.kind])
        created = fit_timestamp(datetime.combine(session.date, session.start), zone)
        files[name] = encode_workout(workout_of(session, plan), created=created)
        rows.append((session.date.isoformat(), session.start.strftime("%H:%M"), name, units.text(session.title)))
    index = io.StringIO()
    writer = csv.writer(index, lineterminator="\n")
    writer.writerow(INDEX_COLUMNS)
    writer.writerows(rows)
    files[INDEX_NAME] = index.getvalue().encode("utf-8")
    return files


def clear_caches() -> None:
    """Forget the workouts built and encoded so far (they are memoised across plans; a
    benchmark of a first export empties them)."""
    from hamplan.export.fit import encode, workout

    encode._workout_records.cache_clear()
    workout._exercise_steps.cache_clear()


def write_fit(plan: Plan, folder: str | os.PathLike[str]) -> Path:
    """Write every workout file and ``index.csv`` to ``folder/workouts/``; returns that folder.

    The files are rendered in memory, written to a staging folder beside it and swapped in by
    renames (:func:`hamplan.export.files.replace_folder`), so a reader finds the old set of
    workouts or the new one, never a mix (files of sessions a re-plan dropped go with the old set).
    """
    target = Path(folder) / FOLDER_NAME
    replace_folder(workout_files(plan), target)
    return target


__all__ = [
    "FOLDER_NAME",
    "INDEX_COLUMNS",
    "INDEX_NAME",
    "Repeat",
    "Step",
    "Workout",
    "clear_caches",
    "exported_sessions",
    "file_name",
    "workout_files",
    "workout_of",
    "write_fit",
]
