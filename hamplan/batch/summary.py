"""``summary.csv``: one row per request, written whole as each finishes, renamed into place when
the batch is done."""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Self

from hamplan.batch.results import BatchResult

SUMMARY_COLUMNS: tuple[str, ...] = (
    "id", "status", "weeks", "peak_km", "solve_seconds", "optimal", "conflicts", "message",
)


class SummaryWriter:
    """Writes ``summary.csv`` row by row into ``summary.csv.partial`` (each row handed to the
    operating system whole, so a killed batch leaves every row it finished), renamed to
    ``summary.csv`` by :meth:`close`. If the disk fills mid-row the file is cut back to the rows
    before it and the error raised: the summary never ends in half a row."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._partial = self.path.with_name(self.path.name + ".partial")
        self._fd = os.open(self._partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        self._complete = 0
        #: Result rows written so far (in input order).
        self.rows = 0
        self._append(",".join(SUMMARY_COLUMNS) + "\r\n")

    def write(self, result: BatchResult) -> None:
        line = io.StringIO()
        csv.DictWriter(line, fieldnames=SUMMARY_COLUMNS).writerow(result.summary_row())
        self._append(line.getvalue())
        self.rows += 1

    def _append(self, text: str) -> None:
        data = text.encode("utf-8")
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self._fd, view):]
        except OSError:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, self._complete)
                os.lseek(self._fd, self._complete, os.SEEK_SET)
            raise
        self._complete += len(data)

    def close(self) -> Path:
        try:
            os.fsync(self._fd)
        finally:
            os.close(self._fd)
        os.replace(self._partial, self.path)
        return self.path

    def abandon(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._fd)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is None:
            self.close()
        else:
            self.abandon()


def write_summary(results: Iterable[BatchResult], path: str | os.PathLike[str]) -> Path:
    """Write ``summary.csv`` (one row per result, in the order given)."""
    with SummaryWriter(path) as writer:
        for result in results:
            writer.write(result)
    return writer.path
