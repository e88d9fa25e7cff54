"""Plans for many requests at once: local worker processes or a Dask cluster, resumable on disk.

``generate_many(requests)`` plans every request in parallel and returns one :class:`BatchResult`
per request, in input order. One bad request never stops the others: its result says why
(``status`` is ``"invalid"``, ``"infeasible"`` or ``"error"``).

With ``out_dir`` each request gets a folder named by its id holding the asked formats
(``plan.json``, ``plan.ics``, …) and, written last, a small manifest ``.hamplan-batch.json``
with the request hash and the result. A later run skips every request whose manifest matches
(same request, same hamplan version, same formats and limit) and whose files are all there, so
a batch that was killed half-way loses nothing that had finished.

Workers are separate processes (``forkserver`` where available, else ``spawn``), recycled after
a fixed number of requests so memory stays flat however long the batch; each solve is
single-threaded and bounded by the deterministic limit. Requests travel to the workers as JSON
text and plans come back as JSON text, never as pickled models.

This module sits above :mod:`hamplan.plan` and :mod:`hamplan.export`; the solver is imported in
the workers only, so the parent process stays light.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import multiprocessing
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from hamplan.errors import InfeasiblePlanError, MissingExtraError, RequestError
from hamplan.export import FORMATS
from hamplan.export.files import remove_stale_temps, replace_folder
from hamplan.io import MAX_INPUT_BYTES, load_request, parse_json
from hamplan.models import Plan, PlanRequest

if TYPE_CHECKING:
    from distributed import Client

Status = Literal["ok", "infeasible", "invalid", "error", "skipped"]
STATUSES: tuple[str, ...] = ("ok", "infeasible", "invalid", "error", "skipped")

DEFAULT_FORMATS: tuple[str, ...] = ("json", "ics")
MANIFEST_NAME = ".hamplan-batch.json"
SUMMARY_NAME = "summary.csv"
SUMMARY_COLUMNS: tuple[str, ...] = (
    "id", "status", "weeks", "peak_km", "solve_seconds", "optimal", "conflicts", "message",
)
#: Exit status of a worker that ended because the batch process was gone.
EXIT_PARENT_GONE = 75
#: A worker process plans this many requests, then it is replaced (memory stays flat).
DEFAULT_REQUESTS_PER_WORKER = 250
MANIFEST_FORMAT = 2  # 2: files carry their sha256

_PLAN_FIGURES = frozenset({"weeks", "peak_km", "solve_seconds", "optimal", "plan_json", "path", "folder"})
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_RESERVED_IDS = frozenset({SUMMARY_NAME, SUMMARY_NAME + ".partial"})
_PRELOAD = ["hamplan.plan", "hamplan.export.files", "hamplan.export.ics"]


# ---------------------------------------------------------------------------------------------
# Results and inputs
# ---------------------------------------------------------------------------------------------


class BatchResult(BaseModel):
    """What became of one request of a batch.

    ``plan_json`` holds the plan (the exact bytes ``plan.write_json`` writes, as text) when the
    batch runs in memory; with an output directory, ``folder`` and ``path`` say where it was
    written instead. ``plan`` parses either on demand. A ``"skipped"`` result (up to date from
    an earlier run) keeps that run's figures; its message names that run's status.
    """

    model_config = ConfigDict(frozen=True)

    index: int = Field(description="Position in the input (0-based).")
    id: str
    status: Status
    weeks: int | None = None
    peak_km: float | None = Field(default=None, description="Largest weekly running volume, km.")
    solve_seconds: float | None = None
    optimal: bool | None = None
    conflicts: list[str] = Field(default_factory=list)
    suggestions: list[str] = Field(default_factory=list)
    message: str = ""
    request_hash: str | None = None
    plan_json: str | None = Field(default=None, repr=False)
    folder: Path | None = None
    path: Path | None = Field(default=None, description="The plan's JSON file, when written to disk.")

    _plan: Plan | None = PrivateAttr(default=None)

    @model_validator(mode="before")
    @classmethod
    def _no_figures_without_a_plan(cls, data: Any) -> Any:
        """An ``error`` or ``invalid`` result has no plan, so it carries no plan figures."""
        if isinstance(data, dict) and data.get("status") in ("error", "invalid"):
            data = {key: value for key, value in data.items() if key not in _PLAN_FIGURES}
        return data

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def plan(self) -> Plan | None:
        """The plan (parsed from ``plan_json`` or read from ``path``), or ``None`` when there is none."""
        if self._plan is None:
            if self.plan_json is not None:
                plan = Plan.model_validate_json(self.plan_json)
            elif self.path is not None and self.path.suffix == ".json" and self.path.exists():
                plan = Plan.model_validate_json(self.path.read_bytes())
            else:
                return None
            plan._solve_seconds = self.solve_seconds or 0.0
            self._plan = plan
        return self._plan

    def summary_row(self) -> dict[str, str]:
        """The row of ``summary.csv`` (strings, deterministic except ``solve_seconds``)."""
        return {
            "id": self.id,
            "status": self.status,
            "weeks": "" if self.weeks is None else str(self.weeks),
            "peak_km": "" if self.peak_km is None else f"{self.peak_km:.1f}",
            "solve_seconds": "" if self.solve_seconds is None else f"{self.solve_seconds:.3f}",
            "optimal": "" if self.optimal is None else ("yes" if self.optimal else "no"),
            "conflicts": ";".join(self.conflicts),
            "message": self.message,
        }


@dataclass(frozen=True)
class BatchItem:
    """One input of a batch as read from a file: the request data, or why it could not be read.

    ``where`` names it in messages (``"line 7"``); ``default_id`` is its id when the request has
    none. Plain requests passed to :func:`generate_many` become items on their own.
    """

    data: Any
    where: str
    default_id: str
    error: str | None = None


def read_jsonl(path: str | os.PathLike[str]) -> Iterator[BatchItem]:
    """The requests of a JSON Lines file, one :class:`BatchItem` per non-blank line, lazily.

    The file is opened at once, so a missing or unreadable file raises ``OSError`` here, not
    half-way; a line that is not a usable JSON object (not UTF-8, not JSON, nested too deeply,
    longer than a request can be) becomes an item with ``error`` set.
    """
    handle = _open_regular(path)
    return _jsonl_items(handle)


def _open_regular(path: str | os.PathLike[str]) -> Any:
    """``path`` opened for reading; ``OSError`` unless it is a regular file (a directory, a
    device such as ``/dev/zero`` or a pipe cannot be read twice, once to count and once to plan)."""
    import stat

    handle = open(path, "rb")  # noqa: SIM115 - the caller closes it
    if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
        handle.close()
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    return handle


def _lines(handle: Any) -> Iterator[tuple[int, bytes | None]]:
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


def _jsonl_items(handle: Any) -> Iterator[BatchItem]:
    with handle:
        for number, raw in _lines(handle):
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
    with _open_regular(path) as handle:
        return sum(1 for _ in _lines(handle))


def request_hash(request: PlanRequest, formats: Sequence[str], deterministic_limit: float | None = None) -> str:
    """sha256 of the request's canonical JSON, the hamplan version, the formats and the limit."""
    from hamplan import __version__

    key = "\n".join(
        [request.model_dump_json(), __version__, ",".join(formats), "" if deterministic_limit is None else repr(float(deterministic_limit))]
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------------------------
# The work of one request (runs in a worker process)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Options:
    formats: tuple[str, ...]
    deterministic_limit: float | None
    out_dir: str | None  # write the folder in the worker (shared disk) …
    keep_files: bool  # … or send the rendered files back to the parent
    keep_plan: bool  # send the plan JSON back (in-memory batches)


#: (index, id, request JSON, request hash)
_Task = tuple[int, str, str, str]


def _one_line(text: str) -> str:
    return "; ".join(part.strip().removeprefix("- ") for part in str(text).splitlines() if part.strip())


def _render(plan: Plan, formats: Sequence[str]) -> dict[str, bytes]:
    from hamplan.export import render

    return render(plan, formats)


def _plan_one(task: _Task, options: _Options) -> dict[str, Any]:
    """Plan, render and (maybe) write one request; every failure becomes the row's status."""
    index, ident, request_json, digest = task
    row: dict[str, Any] = {"index": index, "id": ident, "request_hash": digest}
    rendered: dict[str, bytes] = {}
    started = time.perf_counter()
    try:
        from hamplan.plan import generate

        request = PlanRequest.model_validate_json(request_json)
        kwargs = {} if options.deterministic_limit is None else {"deterministic_limit": options.deterministic_limit}
        plan = generate(request, **kwargs)
        if options.out_dir is not None or options.keep_files:
            rendered = _render(plan, options.formats)
        row.update(
            status="ok",
            weeks=len(plan.weeks),
            peak_km=round(max((w.run_km for w in plan.weeks), default=0.0), 1),
            solve_seconds=plan.solve_seconds,
            optimal=plan.optimal,
        )
        if options.keep_plan:
            from hamplan.export.files import to_json

            data = rendered.get("json") or to_json(plan)
            row["plan_json"] = data.decode("utf-8")
    except InfeasiblePlanError as exc:
        row.update(
            status="infeasible",
            solve_seconds=time.perf_counter() - started,
            conflicts=list(exc.conflicts),
            suggestions=list(exc.suggestions),
            message=_one_line(str(exc)),
        )
    except RequestError as exc:
        row.update(status="invalid", message=_one_line(str(exc)))
    except MissingExtraError as exc:
        row.update(status="error", message=_one_line(str(exc)))
    except Exception as exc:  # noqa: BLE001 - one request's bug must not stop the batch
        row.update(status="error", message=_one_line(f"{type(exc).__name__}: {exc}"))
    if row["status"] not in ("ok", "infeasible"):
        return row
    if options.out_dir is not None:
        try:
            row["files"] = _write_folder(Path(options.out_dir) / ident, rendered, row, options.formats)
        except OSError as exc:
            row = _write_failed(row, Path(options.out_dir) / ident, exc)
    elif options.keep_files:
        row["rendered"] = rendered
    return row


def _write_failed(row: Mapping[str, Any], folder: Path, exc: OSError) -> dict[str, Any]:
    """The row of a request whose files did not all land: an error, without the plan's figures."""
    kept = {key: value for key, value in row.items() if key in ("index", "id", "request_hash")}
    return {**kept, "status": "error", "message": f"cannot write {folder}: {exc.strerror or exc}"}


def _run_chunk(tasks: Sequence[_Task], options: _Options) -> list[dict[str, Any]]:
    """The unit of work sent to a worker: a few requests, planned one after the other."""
    return [_plan_one(task, options) for task in tasks]


def _warm_up(parent_pid: int | None = None) -> None:
    """Start a worker process: end it with the batch's process, leave Ctrl-C to that process,
    and import the planner and writers once (not charged to the first request)."""
    if parent_pid is not None:
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the batch, not each worker
        _exit_with(parent_pid)
    import hamplan.export.files
    import hamplan.export.ics
    import hamplan.plan  # noqa: F401


def _exit_with(parent_pid: int) -> None:
    """End this process as soon as ``parent_pid`` ends, whatever ended it (``kill -9`` too).

    A worker's parent is the fork server, which outlives a killed batch while workers keep it
    open; so each worker watches the batch process itself, on a daemon thread that waits on a
    pidfd (Linux: woken the moment it exits) or polls once a second elsewhere. The solver
    releases the GIL, so the watch fires mid-solve.
    """
    import threading

    if os.name != "posix":  # pragma: no cover - Windows workers are children of the parent itself
        return

    def watch() -> None:
        try:
            pidfd = os.pidfd_open(parent_pid)  # type: ignore[attr-defined]
        except ProcessLookupError:
            os._exit(EXIT_PARENT_GONE)
        except (AttributeError, OSError):
            pidfd = None
        if pidfd is not None:
            import select

            select.select([pidfd], [], [])
        else:
            while True:
                time.sleep(1.0)
                try:
                    os.kill(parent_pid, 0)
                except ProcessLookupError:
                    break
                except PermissionError:
                    continue
        os._exit(EXIT_PARENT_GONE)

    threading.Thread(target=watch, name="hamplan-exit-with-parent", daemon=True).start()


# ---------------------------------------------------------------------------------------------
# The output folder of one request and its manifest
# ---------------------------------------------------------------------------------------------

_MANIFEST_KEYS = ("status", "weeks", "peak_km", "solve_seconds", "optimal", "conflicts", "suggestions", "message")


def _write_folder(folder: Path, rendered: Mapping[str, bytes], row: Mapping[str, Any], formats: Sequence[str]) -> dict[str, int]:
    """Replace ``folder`` by the formats and, written last, the manifest — all at once (staged
    beside it, then renamed in): a folder is complete with its manifest or not there at all."""
    from hamplan import __version__

    files = {f"plan.{fmt}": data for fmt, data in rendered.items()}
    manifest = {
        "manifest_format": MANIFEST_FORMAT,
        "hamplan": __version__,
        "id": row["id"],
        "request_hash": row["request_hash"],
        "formats": list(formats),
        **{key: row.get(key) for key in _MANIFEST_KEYS},
        "files": {name: len(data) for name, data in files.items()},
        "sha256": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
    }
    replace_folder(files, folder, (MANIFEST_NAME, (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode("utf-8")))
    return manifest["files"]


def _read_manifest(folder: Path, digest: str) -> dict[str, Any] | None:
    """The manifest of a complete, up-to-date folder: same request hash, every file there with
    the size and sha256 the manifest recorded (a file changed or cut since is planned again)."""
    try:
        manifest = json.loads((folder / MANIFEST_NAME).read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(manifest, dict) or manifest.get("request_hash") != digest:
        return None
    if manifest.get("manifest_format") != MANIFEST_FORMAT or manifest.get("status") not in ("ok", "infeasible"):
        return None
    files, hashes = manifest.get("files"), manifest.get("sha256")
    if not isinstance(files, dict) or not isinstance(hashes, dict) or set(files) != set(hashes):
        return None
    for name, size in files.items():
        if "/" in name or "\\" in name or name.startswith("."):
            return None
        try:
            data = (folder / name).read_bytes()
        except OSError:
            return None
        if len(data) != size or hashlib.sha256(data).hexdigest() != hashes[name]:
            return None
    return manifest


def _json_path(folder: Path, files: Iterable[str]) -> Path | None:
    names = list(files)
    if "plan.json" in names:
        return folder / "plan.json"
    return folder / names[0] if names else None


# ---------------------------------------------------------------------------------------------
# Where the work runs: in this process, in local worker processes, or on a Dask cluster
# ---------------------------------------------------------------------------------------------


class _Inline:
    """Runs each chunk at once in this process (``workers=0``: debugging, tiny batches)."""

    slots = 1

    def submit(self, chunk: Sequence[_Task], options: _Options) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(_run_chunk(chunk, options))
        except BaseException as exc:  # noqa: BLE001 # pragma: no cover - _run_chunk catches per request
            future.set_exception(exc)
        return future

    def accepting(self) -> bool:
        return True

    def wait(self, futures: Iterable[Any]) -> set[Any]:
        return set(futures)

    def finished(self, future: Any) -> None:
        pass

    def reset(self) -> None:
        pass

    def close(self) -> None:
        pass

    def stop(self) -> None:
        pass


def _mp_context() -> Any:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # Workers fork from a server that has the planner imported: a new worker costs a fork,
        # not a second of imports. (Has no effect if the server is already running.)
        context.set_forkserver_preload(_PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


class _Pool:
    """Local worker processes. A pool is retired after ``per_pool`` requests: it takes no more
    work, finishes what it has, and a fresh pool replaces it (memory stays flat; Python 3.11's
    ``max_tasks_per_child`` can hang, so recycling is done here)."""

    def __init__(self, workers: int, requests_per_worker: int) -> None:
        self.slots = workers
        self._per_pool = max(1, requests_per_worker) * workers
        self._context = _mp_context()
        self._pool: ProcessPoolExecutor | None = None
        self._sent = 0
        self._owner: dict[Any, ProcessPoolExecutor] = {}
        self._retiring: ProcessPoolExecutor | None = None

    def _current(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.slots, mp_context=self._context, initializer=_warm_up, initargs=(os.getpid(),)
            )
            self._sent = 0
        return self._pool

    def submit(self, chunk: Sequence[_Task], options: _Options) -> Future[Any]:
        self.accepting()  # shuts a drained retired pool down
        pool = self._current()
        future = pool.submit(_run_chunk, chunk, options)
        self._owner[future] = pool
        self._sent += len(chunk)
        if self._sent >= self._per_pool:
            self._retiring, self._pool = pool, None
        return future

    def accepting(self) -> bool:
        if self._retiring is None:
            return True
        if any(owner is self._retiring for owner in self._owner.values()):
            return False  # let the old pool drain first: never more processes than workers
        self._retiring.shutdown(wait=True)
        self._retiring = None
        return True

    def wait(self, futures: Iterable[Any]) -> set[Any]:
        return wait(list(futures), return_when=FIRST_COMPLETED).done

    def finished(self, future: Any) -> None:
        self._owner.pop(future, None)

    def reset(self) -> None:
        """After a worker died: drop every pool (they are broken) and start afresh."""
        for pool in {*self._owner.values(), self._pool, self._retiring} - {None}:
            pool.shutdown(wait=False, cancel_futures=True)  # type: ignore[union-attr]
        self._owner.clear()
        self._pool = self._retiring = None

    def close(self) -> None:
        for pool in {*self._owner.values(), self._pool, self._retiring} - {None}:
            pool.shutdown(wait=True, cancel_futures=True)  # type: ignore[union-attr]
        self._owner.clear()
        self._pool = self._retiring = None

    def stop(self) -> None:
        """Interrupted: end the workers now (a request cut mid-way wrote nothing: folders are
        staged and renamed in whole), then release the pools."""
        for pool in {*self._owner.values(), self._pool, self._retiring} - {None}:
            for process in list(getattr(pool, "_processes", {}).values()):  # no public way before 3.14
                with contextlib.suppress(OSError, ValueError, AttributeError):
                    process.terminate()
        self.reset()
        self.close()


class _Dask:
    """An existing ``dask.distributed`` client: pure tasks, results gathered back here."""

    def __init__(self, client: Client) -> None:
        self._client = client
        distributed = _import_distributed()
        self._wait = distributed.wait
        try:
            workers = client.scheduler_info().get("workers", {})
            self.slots = max(1, sum(int(w.get("nthreads", 1)) for w in workers.values()))
        except Exception:  # noqa: BLE001 - only sizes the window
            self.slots = 4

    def submit(self, chunk: Sequence[_Task], options: _Options) -> Any:
        return self._client.submit(_run_chunk, list(chunk), options, pure=True)

    def accepting(self) -> bool:
        return True

    def wait(self, futures: Iterable[Any]) -> set[Any]:
        return set(self._wait(list(futures), return_when="FIRST_COMPLETED").done)

    def finished(self, future: Any) -> None:
        future.release()

    def reset(self) -> None:
        pass

    def close(self) -> None:
        pass

    def stop(self) -> None:
        pass


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise MissingExtraError(
            'batches on a Dask cluster need dask.distributed: pip install "hamplan[dask]"'
        ) from None
    return distributed


def connect(address: str, *, timeout: float = 30.0) -> Client:
    """A ``dask.distributed`` client of the scheduler at ``address`` (``tcp://host:8786``)."""
    distributed = _import_distributed()
    return distributed.Client(address, timeout=timeout)


# ---------------------------------------------------------------------------------------------
# The batch
# ---------------------------------------------------------------------------------------------


def _check_formats(formats: Iterable[str]) -> tuple[str, ...]:
    wanted: list[str] = []
    for fmt in formats:
        name = str(fmt).strip().lower().lstrip(".")
        if name not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; use one or more of {', '.join(FORMATS)}")
        if name not in wanted:
            wanted.append(name)
    if not wanted:
        raise ValueError(f"no format given; use one or more of {', '.join(FORMATS)}")
    return tuple(wanted)


def _invalid(index: int, ident: str, message: str) -> BatchResult:
    return BatchResult(index=index, id=ident, status="invalid", message=_one_line(message))


def _result(row: Mapping[str, Any], out_dir: Path | None) -> BatchResult:
    fields = {key: row[key] for key in (*_MANIFEST_KEYS, "index", "id", "request_hash", "plan_json") if key in row}
    result = BatchResult(**fields)
    if out_dir is not None and "files" in row:
        folder = out_dir / row["id"]
        result = result.model_copy(update={"folder": folder, "path": _json_path(folder, row["files"])})
    return result


class _Batch:
    """The driver: reads inputs lazily, keeps a bounded window of chunks in flight, and yields
    results in input order."""

    def __init__(
        self,
        backend: Any,
        options: _Options,
        out_dir: Path | None,
        chunk_size: int,
        resume: bool,
        on_result: Callable[[BatchResult], None] | None,
    ) -> None:
        self.backend = backend
        self.options = options
        self.out_dir = out_dir
        self.chunk_size = max(1, chunk_size)
        self.resume = resume
        self.on_result = on_result
        self.window = 2 * max(1, backend.slots) + 1  # chunks in flight: one running, one queued each
        self.read_ahead = self.window * self.chunk_size + 1000  # results held back for ordering
        self.seen_ids: set[str] = set()
        self.buffer: dict[int, BatchResult] = {}

    # -- one input → a finished result (invalid, skipped) or a task ---------------------------

    def prepare(self, index: int, raw: Any) -> BatchResult | _Task:
        if isinstance(raw, BatchItem):
            item = raw
        else:
            item = BatchItem(raw, f"request {index + 1}", f"item-{index + 1}")
        fallback = item.default_id
        if isinstance(item.data, Mapping) and isinstance(item.data.get("id"), str) and _SAFE_ID.fullmatch(item.data["id"]):
            fallback = item.data["id"]
        if item.error is not None:
            return _invalid(index, item.default_id, f"{item.where}: {item.error}")
        try:
            if isinstance(item.data, (PlanRequest, Mapping, str, os.PathLike)):
                request = load_request(item.data)
            else:
                return _invalid(index, fallback, f"{item.where}: a request is a PlanRequest, a dict, JSON text or a file path")
        except RequestError as exc:
            return _invalid(index, fallback, f"{item.where}: {exc}")
        ident = request.id or item.default_id
        if not _SAFE_ID.fullmatch(ident) or ident.lower() in _RESERVED_IDS:
            return _invalid(index, item.default_id, f"{item.where}: id {ident!r} cannot name a folder")
        key = ident.casefold()
        if key in self.seen_ids:
            return _invalid(index, ident, f"{item.where}: duplicate id {ident!r} (an earlier request has it)")
        self.seen_ids.add(key)
        digest = request_hash(request, self.options.formats, self.options.deterministic_limit)
        if self.out_dir is not None and self.resume:
            folder = self.out_dir / ident
            manifest = _read_manifest(folder, digest)
            if manifest is not None:
                remove_stale_temps(folder)
                return self.skipped(index, ident, digest, folder, manifest)
        return (index, ident, request.model_dump_json(), digest)

    @staticmethod
    def skipped(index: int, ident: str, digest: str, folder: Path, manifest: Mapping[str, Any]) -> BatchResult:
        data = {key: manifest.get(key) for key in _MANIFEST_KEYS}
        previous = data.pop("status")
        message = f"up to date ({previous})" + (f": {data['message']}" if data.get("message") else "")
        data["message"] = message
        data["conflicts"] = data.get("conflicts") or []
        data["suggestions"] = data.get("suggestions") or []
        return BatchResult(
            index=index, id=ident, status="skipped", request_hash=digest, folder=folder,
            path=_json_path(folder, manifest["files"]), **data,
        )

    # -- bookkeeping -----------------------------------------------------------------------------

    def emit(self, result: BatchResult) -> None:
        self.buffer[result.index] = result
        if self.on_result is not None:
            self.on_result(result)

    def accept_rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        for row in rows:
            if "rendered" in row:  # files came back from a remote worker: write them here
                row = dict(row)
                rendered = row.pop("rendered")
                assert self.out_dir is not None
                try:
                    row["files"] = _write_folder(self.out_dir / row["id"], rendered, row, self.options.formats)
                except OSError as exc:
                    row = _write_failed(row, self.out_dir / row["id"], exc)
            self.emit(_result(row, self.out_dir))

    def fail_chunk(self, chunk: Sequence[_Task], message: str) -> None:
        for index, ident, _, digest in chunk:
            self.emit(BatchResult(index=index, id=ident, status="error", request_hash=digest, message=_one_line(message)))

    def isolate(self, suspects: list[_Task]) -> None:
        """After a worker process died, run the requests that were in flight one at a time: only
        the one that kills its worker again is reported as an error."""
        for task in suspects:
            future = self.backend.submit([task], self.options)
            try:
                self.accept_rows(future.result())
            except BrokenProcessPool:
                self.backend.reset()
                self.fail_chunk([task], "the worker process died while planning this request (crash or out of memory)")
            except Exception as exc:  # noqa: BLE001
                self.fail_chunk([task], f"{type(exc).__name__}: {exc}")
            finally:
                self.backend.finished(future)

    # -- the loop --------------------------------------------------------------------------------

    def run(self, requests: Iterable[Any]) -> Iterator[BatchResult]:
        source = enumerate(requests)
        pending: dict[Any, list[_Task]] = {}
        chunk: list[_Task] = []
        exhausted = False
        next_index = 0
        try:
            while True:
                while (
                    not exhausted
                    and len(pending) < self.window
                    and len(self.buffer) + len(chunk) < self.read_ahead
                    and self.backend.accepting()
                ):
                    try:
                        index, raw = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                    prepared = self.prepare(index, raw)
                    if isinstance(prepared, BatchResult):
                        self.emit(prepared)
                        continue
                    chunk.append(prepared)
                    if len(chunk) >= self.chunk_size:
                        pending[self.backend.submit(chunk, self.options)] = chunk
                        chunk = []
                if chunk and self.backend.accepting() and (exhausted or not pending or len(pending) < self.window):
                    pending[self.backend.submit(chunk, self.options)] = chunk
                    chunk = []
                while next_index in self.buffer:
                    yield self.buffer.pop(next_index)
                    next_index += 1
                if not pending:
                    if exhausted and not chunk:
                        break
                    continue
                self.collect(pending, self.backend.wait(pending))
            while next_index in self.buffer:  # pragma: no cover - the loop drains it
                yield self.buffer.pop(next_index)
                next_index += 1
        except GeneratorExit:
            self.backend.stop()  # the caller stopped reading: end the workers now
            pending.clear()
            raise
        except (KeyboardInterrupt, SystemExit):
            self.backend.stop()  # Ctrl-C or SIGTERM: end the workers now, then hand over what finished
            pending.clear()
            for index in sorted(self.buffer):
                yield self.buffer.pop(index)
            raise
        finally:
            if pending:
                self.backend.reset()
            self.backend.close()

    def collect(self, pending: dict[Any, list[_Task]], done: set[Any]) -> None:
        suspects: list[_Task] = []
        for future in done:
            chunk = pending.pop(future)
            try:
                rows = future.result()
            except BrokenProcessPool:
                suspects.extend(chunk)
                continue
            except Exception as exc:  # noqa: BLE001 - e.g. a Dask worker lost for good
                self.fail_chunk(chunk, f"{type(exc).__name__}: {exc}")
            else:
                self.accept_rows(rows)
            finally:
                self.backend.finished(future)
        if suspects:
            # the pool is broken: everything still in flight fails too; keep what finished
            for future in list(pending):
                chunk = pending.pop(future)
                try:
                    self.accept_rows(future.result())
                except Exception:  # noqa: BLE001
                    suspects.extend(chunk)
                finally:
                    self.backend.finished(future)
            self.backend.reset()
            self.isolate(sorted(suspects))


def iter_many(
    requests: Iterable[Any],
    *,
    workers: int | None = None,
    client: Client | None = None,
    out_dir: str | os.PathLike[str] | None = None,
    formats: Iterable[str] = DEFAULT_FORMATS,
    deterministic_limit: float | None = None,
    resume: bool = True,
    chunk_size: int = 1,
    requests_per_worker: int = DEFAULT_REQUESTS_PER_WORKER,
    on_result: Callable[[BatchResult], None] | None = None,
) -> Iterator[BatchResult]:
    """Like :func:`generate_many`, but yields the results one by one (still in input order) and
    reads ``requests`` lazily, so a batch of any size runs in bounded memory."""
    formats = _check_formats(formats)
    directory = Path(out_dir) if out_dir is not None else None
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(directory)  # what a killed earlier run left half-staged
    backend: Any
    if client is not None:
        backend = _Dask(client)
    else:
        count = (os.cpu_count() or 1) if workers is None else int(workers)
        if count < 0:
            raise ValueError("workers must be 0 (this process) or more")
        backend = _Inline() if count == 0 else _Pool(count, requests_per_worker)
    options = _Options(
        formats=formats,
        deterministic_limit=deterministic_limit,
        out_dir=str(directory) if directory is not None and client is None else None,
        keep_files=directory is not None and client is not None,
        keep_plan=directory is None,
    )
    return _Batch(backend, options, directory, chunk_size, resume, on_result).run(requests)


def generate_many(
    requests: Iterable[Any],
    *,
    workers: int | None = None,
    client: Client | None = None,
    out_dir: str | os.PathLike[str] | None = None,
    formats: Iterable[str] = DEFAULT_FORMATS,
    deterministic_limit: float | None = None,
    resume: bool = True,
    chunk_size: int = 1,
    requests_per_worker: int = DEFAULT_REQUESTS_PER_WORKER,
    on_result: Callable[[BatchResult], None] | None = None,
) -> list[BatchResult]:
    """Plan every request in parallel; one :class:`BatchResult` per request, in input order.

    ``requests``: :class:`PlanRequest` objects, dicts, JSON texts, file paths or
    :class:`BatchItem` s (see :func:`read_jsonl`), in any iterable. A request's id names its
    result (``item-<n>`` when it has none); a repeated id makes the later request invalid.

    ``workers``: local worker processes (default: one per CPU; ``0`` plans in this process).
    ``client``: a ``dask.distributed.Client`` to run on instead (``pip install "hamplan[dask]"``).
    ``out_dir``: write each request's folder ``out_dir/<id>/`` (``formats``, default JSON and
    iCalendar, plus the manifest) instead of returning plans in memory; with ``resume`` (the
    default) folders that are complete and up to date are skipped. ``deterministic_limit``
    bounds each solve (deterministic seconds; default the planner's). ``on_result`` is called
    with each result as it finishes (in completion order), e.g. to drive a progress bar.
    """
    return list(
        iter_many(
            requests, workers=workers, client=client, out_dir=out_dir, formats=formats,
            deterministic_limit=deterministic_limit, resume=resume, chunk_size=chunk_size,
            requests_per_worker=requests_per_worker, on_result=on_result,
        )
    )


# ---------------------------------------------------------------------------------------------
# summary.csv
# ---------------------------------------------------------------------------------------------


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
        self._append(",".join(SUMMARY_COLUMNS) + "\r\n")

    def write(self, result: BatchResult) -> None:
        import csv
        import io

        line = io.StringIO()
        csv.DictWriter(line, fieldnames=SUMMARY_COLUMNS).writerow(result.summary_row())
        self._append(line.getvalue())

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


def count_statuses(results: Iterable[BatchResult]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for result in results:
        counts[result.status] += 1
    return counts


__all__ = [
    "DEFAULT_FORMATS",
    "MANIFEST_NAME",
    "STATUSES",
    "SUMMARY_COLUMNS",
    "BatchItem",
    "BatchResult",
    "SummaryWriter",
    "connect",
    "count_jsonl",
    "count_statuses",
    "generate_many",
    "iter_many",
    "read_jsonl",
    "request_hash",
    "write_summary",
]
