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

import contextlib
import csv
import io
import os
import shutil
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from hamplan.export.display import units_of
from hamplan.export.files import _fsync_directory
from hamplan.export.fit.encode import encode_workout, fit_timestamp
from hamplan.export.fit.workout import Repeat, Step, Workout, workout_of

if TYPE_CHECKING:
    from hamplan.models import Plan, Session

FOLDER_NAME = "workouts"
INDEX_NAME = "index.csv"
INDEX_COLUMNS = ("date", "start", "file", "title")
#: Files are fsynced before the folder is renamed into place (a crash must not leave empty
#: workouts): one fsync at a time took 0.6–1.4 s for 157 files, sixteen at once ~0.1 s (the
#: file system commits them together). Deleting a replaced set goes sixteen at once too.
SYNC_THREADS = 16


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
    workout._run_content.cache_clear()
    workout._exercise_steps.cache_clear()


def write_fit(plan: Plan, folder: str | os.PathLike[str]) -> Path:
    """Write every workout file and ``index.csv`` to ``folder/workouts/``; returns that folder.

    The files are rendered in memory, written to a temporary folder beside it and moved into
    place with one rename, so a reader finds the old set of workouts or the new one, never a mix
    (a set from an earlier plan is replaced whole, files of dropped sessions included).
    """
    return write_folder(Path(folder) / FOLDER_NAME, workout_files(plan))


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _remove_tree(folder: Path) -> None:
    """Delete a replaced set of workouts: the files at once (an unlink took 4 ms on a disk
    mounted with discard), then the folders; what cannot be deleted is left, not raised."""
    files = [p for p in folder.rglob("*") if not p.is_dir()]
    with ThreadPoolExecutor(max_workers=SYNC_THREADS) as pool:
        list(pool.map(_unlink_quietly, files))
    with contextlib.suppress(OSError):
        shutil.rmtree(folder)


def write_folder(target: Path, files: dict[str, bytes]) -> Path:
    """Replace the folder ``target`` by one holding exactly ``files``, all at once."""
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    retired: Path | None = None
    try:
        with ThreadPoolExecutor(max_workers=SYNC_THREADS) as pool:
            list(pool.map(_write_synced, [staging / name for name in files], list(files.values())))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)  # mkdtemp makes it 0700; give it what mkdir would
        _fsync_directory(staging)
        if target.exists() or target.is_symlink():
            retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=parent))
            os.replace(target, retired / target.name)
            try:
                os.replace(staging, target)
            except BaseException:
                os.replace(retired / target.name, target)
                raise
        else:
            os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if retired is not None:
            _remove_tree(retired)
    _fsync_directory(parent)
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
