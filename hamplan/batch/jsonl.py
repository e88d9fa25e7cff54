"""Reading a JSON Lines file of requests: lazily, one bounded line at a time, every unusable
line an item that says why (never an exception half-way through a batch)."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from typing import Any

from hamplan.batch.results import BatchItem
from hamplan.errors import RequestError
from hamplan.io import MAX_INPUT_BYTES, parse_json


def read_jsonl(path: str | os.PathLike[str]) -> Iterator[BatchItem]:
    """The requests of a JSON Lines file, one :class:`BatchItem` per non-blank line, lazily.

    The file is opened at once, so a missing or unreadable file raises ``OSError`` here, not
    half-way; a line that is not a usable JSON object (not UTF-8, not JSON, nested too deeply,
    longer than a request can be) becomes an item with ``error`` set.
    """
    handle = open_regular(path)
    return jsonl_items(handle)


def open_regular(path: str | os.PathLike[str]) -> Any:
    """``path`` opened for reading; ``OSError`` unless it is a regular file (a directory, a
    device such as ``/dev/zero`` or a pipe cannot be read twice, once to count and once to plan)."""
    handle = open(path, "rb")  # noqa: SIM115 - the caller closes it
    if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
        handle.close()
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    return handle


def lines_of(handle: Any) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of every non-blank line; ``None`` for a line longer than a request
    file may be (it is skipped in bounded pieces, never held whole)."""
    limit = MAX_INPUT_BYTES
    number = 0
    while True:
        raw = handle.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = handle.readline(limit)
            yield number, None
            continue
        if raw.strip():
            yield number, raw


def jsonl_items(handle: Any) -> Iterator[BatchItem]:
    with handle:
        for number, raw in lines_of(handle):
            where, default_id = f"line {number}", f"line-{number}"
            if raw is None:
                yield BatchItem(None, where, default_id, f"longer than {MAX_INPUT_BYTES // (1024 * 1024)} MB")
                continue
            try:
                data = parse_json(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                yield BatchItem(None, where, default_id, f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})")
                continue
            except RequestError as exc:
                yield BatchItem(None, where, default_id, str(exc))
                continue
            if not isinstance(data, dict):
                yield BatchItem(None, where, default_id, "a request is a JSON object of fields")
                continue
            yield BatchItem(data, where, default_id)


def count_jsonl(path: str | os.PathLike[str]) -> int:
    """Non-blank lines of a JSON Lines file (the number of results a batch of it gives)."""
    with open_regular(path) as handle:
        return sum(1 for _ in lines_of(handle))
