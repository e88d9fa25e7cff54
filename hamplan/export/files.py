"""Writing files safely: whole or not at all, and the plan as JSON."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hamplan.models import Plan


def atomic_write(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new one, never a part.

    The bytes go to a temporary file in the same directory, are flushed and fsynced, and the
    temporary file then replaces ``path`` in one ``os.replace``. On any error the temporary
    file is removed and ``path`` is left as it was. Returns the path written.
    """
    target = Path(path)
    directory = target.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates the file 0600; give it the permissions a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_directory(directory)
    return target


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable where the platform allows it (POSIX; not Windows)."""
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


def to_json(plan: Plan) -> bytes:
    """The plan as indented JSON with a final newline; the same plan always gives the same bytes."""
    return (plan.model_dump_json(indent=2) + "\n").encode("utf-8")


def write_json(plan: Plan, path: str | os.PathLike[str]) -> Path:
    """Write the plan's JSON to ``path`` atomically (read it back with :func:`hamplan.load_plan`)."""
    return atomic_write(path, to_json(plan))


__all__ = ["atomic_write", "to_json", "write_json"]
