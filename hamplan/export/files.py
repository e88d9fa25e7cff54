"""Writing files safely: each file whole or not at all, a set of files together or not at all,
leftovers of killed writers cleaned; and the plan as JSON."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hamplan.models import Plan


#: Temporary names this module creates: ``.<name>.<pid>.<random>.tmp`` files and
#: ``.hamplan-stage.<pid>.<random>`` folders. The pid lets a later run tell a dead writer's
#: leftovers from a live one's.
STAGE_PREFIX = ".hamplan-stage."
_TEMP_FILE = re.compile(r"\..+\.(\d+)\.[A-Za-z0-9_]+\.tmp")
_OLD_TEMP_FILE = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.tmp")  # before the pid was in the name
_STAGE = re.compile(re.escape(STAGE_PREFIX) + r"(\d+)\.[A-Za-z0-9_]+")
#: A temporary entry this old is stale whoever made it (a writer on another machine, a reused pid).
STALE_AFTER_S = 24 * 3600


def atomic_write(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new one, never a part.

    The bytes go to a temporary file in the same directory, are flushed and fsynced, and the
    temporary file then replaces ``path`` in one ``os.replace``. On any error the temporary
    file is removed and ``path`` is left as it was. Returns the path written.
    """
    target = Path(path)
    directory = target.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=directory)
    try:
        _write_synced(fd, data)
        os.chmod(tmp_name, 0o666 & ~_umask())  # mkstemp makes it 0600; a plain open() would not
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_directory(directory)
    return target


def _write_synced(fd: int, data: bytes) -> None:
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_directory(directory: Path) -> None:
    """Make renames in ``directory`` durable where the platform allows it (POSIX; not Windows)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    """The process's umask, read without changing it where the platform tells it (Linux): setting
    it to 0 and back, the only other way, briefly loosens every file another writer thread
    creates meanwhile (the FIT workouts are written sixteen at a time)."""
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    umask = os.umask(0)
    os.umask(umask)
    return umask


def write_all(
    files: Mapping[str, bytes],
    directory: str | os.PathLike[str],
    folders: Mapping[str, Mapping[str, bytes]] | None = None,
) -> list[Path]:
    """Write every ``name -> bytes`` into ``directory`` together, or none of them; each of
    ``folders`` (``name -> its files``, e.g. the FIT ``workouts``) replaces that folder whole.

    The files are written and fsynced in a staging folder inside ``directory`` (same file
    system), then renamed in one by one (a folder that exists is first moved aside); a rename
    cannot run out of space, so a full disk, a kill or any error before the renames leaves
    ``directory`` as it was (a killed run's staging folder is removed by the next write there).
    ``directory`` is created if missing, and removed again if it was created and nothing landed.
    """
    target = Path(directory)
    created = not target.exists()
    target.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(target)
    folders = folders or {}
    try:
        with staging_folder(target) as stage:
            _write_new_files(stage, files)
            for name, content in folders.items():
                (stage / name).mkdir()
                _write_new_files(stage / name, content)
                _fsync_directory(stage / name)
            _fsync_directory(stage)
            written = []
            with staging_folder(target) as old:
                for name in folders:
                    with contextlib.suppress(FileNotFoundError):
                        os.replace(target / name, old / name)
                    try:
                        os.replace(stage / name, target / name)
                    except BaseException:
                        with contextlib.suppress(OSError):
                            os.replace(old / name, target / name)  # the old folder back
                        raise
                    written.append(target / name)
                for name in files:
                    os.replace(stage / name, target / name)
                    written.append(target / name)
                for name in folders:
                    _remove_files(old / name)
        _fsync_directory(target)
    except BaseException:
        if created:
            with contextlib.suppress(OSError):
                target.rmdir()
        raise
    return written


def replace_folder(files: Mapping[str, bytes], folder: str | os.PathLike[str], last: tuple[str, bytes] | None = None) -> None:
    """Make ``folder`` hold exactly ``files`` (plus ``last``, written after them): a staging
    folder beside it is filled and fsynced, then swapped in by renames. Whoever looks finds
    the old folder, no folder, or the new one whole — never some of the files."""
    target = Path(folder)
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    with staging_folder(parent) as stage:
        _write_new_files(stage, files)
        if last:
            _write_new_files(stage, dict([last]))
        _fsync_directory(stage)
        # mkdtemp makes it 0700; the folder it becomes gets a plain mkdir's mode (a platform
        # serving batch output found each runner's folder private)
        os.chmod(stage, 0o777 & ~_umask())
        with staging_folder(parent) as old:
            with contextlib.suppress(FileNotFoundError):
                os.replace(target, old / "folder")
            os.replace(stage, target)
            _remove_files(old / "folder")
    _fsync_directory(parent)


#: A set of many files (a plan's FIT workouts) is written, fsynced and deleted this many at a
#: time: one fsync after another took 0.6–1.4 s for 157 small files on this machine's disk,
#: sixteen at once about 0.1 s (the file system commits them together); an unlink took 4 ms
#: (a disk mounted with ``discard``).
PARALLEL_FILES = 16


def _write_new_files(folder: Path, files: Mapping[str, bytes]) -> None:
    """Create and fsync each file in ``folder`` (none may exist yet)."""

    def write(name: str) -> None:
        _write_synced(os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), files[name])

    _each(write, list(files))


def _remove_files(folder: Path) -> None:
    """Delete ``folder`` and what is in it; what cannot be deleted is left, not raised."""

    def unlink(path: Path) -> None:
        with contextlib.suppress(OSError):
            path.unlink()

    with contextlib.suppress(OSError):
        _each(unlink, [p for p in folder.iterdir() if not p.is_dir()])
    shutil.rmtree(folder, ignore_errors=True)


def _each(action: Callable[[Any], None], items: list[Any]) -> None:
    """``action`` on every item, :data:`PARALLEL_FILES` at a time when there are many."""
    if len(items) <= 4:
        for item in items:
            action(item)
        return
    with ThreadPoolExecutor(max_workers=PARALLEL_FILES) as pool:
        list(pool.map(action, items))


@contextlib.contextmanager
def staging_folder(parent: Path) -> Iterator[Path]:
    """A fresh empty folder inside ``parent`` named for this process; removed (with what is left
    in it) on the way out, whether the block succeeded or not."""
    stage = Path(tempfile.mkdtemp(prefix=f"{STAGE_PREFIX}{os.getpid()}.", dir=parent))
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def remove_stale_temps(directory: str | os.PathLike[str]) -> int:
    """Remove what killed writers left in ``directory``: temporary files and staging folders
    whose process is gone (or that are older than a day). Returns how many were removed."""
    removed = 0
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return 0
    for entry in entries:
        name = entry.name
        if not name.startswith("."):
            continue
        match = _TEMP_FILE.fullmatch(name) or _STAGE.fullmatch(name)
        if match is None and not _OLD_TEMP_FILE.fullmatch(name):
            continue
        try:
            age_s = time.time() - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        writer_gone = match is not None and not _alive(int(match.group(1)))
        if not (writer_gone or age_s > STALE_AFTER_S or (match is None and age_s > 3600)):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # no cheap test: leave it to the age rule
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def to_json(plan: Plan) -> bytes:
    """The plan as indented JSON with a final newline; the same plan always gives the same bytes."""
    return (plan.model_dump_json(indent=2) + "\n").encode("utf-8")


def write_json(plan: Plan, path: str | os.PathLike[str]) -> Path:
    """Write the plan's JSON to ``path`` atomically (read it back with :func:`hamplan.load_plan`)."""
    return atomic_write(path, to_json(plan))


__all__ = ["atomic_write", "remove_stale_temps", "replace_folder", "staging_folder", "to_json", "write_all", "write_json"]
