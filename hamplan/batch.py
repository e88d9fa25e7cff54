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

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from hamplan.errors import InfeasiblePlanError, MissingExtraError, RequestError
from hamplan.export import FORMATS
from hamplan.export.files import atomic_write
from hamplan.io import load_request
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
#: A worker process plans this many requests, then it is replaced (memory stays flat).
DEFAULT_REQUESTS_PER_WORKER = 250
MANIFEST_FORMAT = 1

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
    half-way; a line that is not a JSON object becomes an item with ``error`` set.
    """
    handle = open(path, "rb")  # noqa: SIM115 - the generator closes it
    return _jsonl_items(handle)


def _jsonl_items(handle: Any) -> Iterator[BatchItem]:
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            where, default_id = f"line {number}", f"line-{number}"
            try:
                data = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                yield BatchItem(None, where, default_id, "not UTF-8 text")
                continue
            except json.JSONDecodeError as exc:
                yield BatchItem(None, where, default_id, f"not valid JSON: {exc}")
                continue
            if not isinstance(data, dict):
                yield BatchItem(None, where, default_id, "a request is a JSON object of fields")
                continue
            yield BatchItem(data, where, default_id)


def count_jsonl(path: str | os.PathLike[str]) -> int:
    """Non-blank lines of a JSON Lines file (the number of results a batch of it gives)."""
    with open(path, "rb") as handle:
        return sum(1 for raw in handle if raw.strip())


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
            suggestions=[s.sentence for s in exc.suggestions],
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
            row.update(status="error", message=f"cannot write {Path(options.out_dir) / ident}: {exc.strerror or exc}")
    elif options.keep_files:
        row["rendered"] = rendered
    return row


def _run_chunk(tasks: Sequence[_Task], options: _Options) -> list[dict[str, Any]]:
    """The unit of work sent to a worker: a few requests, planned one after the other."""
    return [_plan_one(task, options) for task in tasks]


def _warm_up() -> None:
    """Import the planner and writers once per worker process (not charged to the first request)."""
    import hamplan.export.files
    import hamplan.export.ics
    import hamplan.plan  # noqa: F401


# ---------------------------------------------------------------------------------------------
# The output folder of one request and its manifest
# ---------------------------------------------------------------------------------------------

_MANIFEST_KEYS = ("status", "weeks", "peak_km", "solve_seconds", "optimal", "conflicts", "suggestions", "message")


def _write_folder(folder: Path, rendered: Mapping[str, bytes], row: Mapping[str, Any], formats: Sequence[str]) -> dict[str, int]:
    """Write the formats, drop stale ones, then the manifest LAST (atomically): a folder whose
    writing was interrupted never has a manifest that matches, so it is redone."""
    from hamplan import __version__

    folder.mkdir(parents=True, exist_ok=True)
    manifest_path = folder / MANIFEST_NAME
    with contextlib.suppress(FileNotFoundError):
        manifest_path.unlink()
    files: dict[str, int] = {}
    for fmt, data in rendered.items():
        name = f"plan.{fmt}"
        atomic_write(folder / name, data)
        files[name] = len(data)
    for fmt in FORMATS:
        if fmt not in rendered:
            with contextlib.suppress(FileNotFoundError):
                (folder / f"plan.{fmt}").unlink()
    manifest = {
        "manifest_format": MANIFEST_FORMAT,
        "hamplan": __version__,
        "id": row["id"],
        "request_hash": row["request_hash"],
        "formats": list(formats),
        **{key: row.get(key) for key in _MANIFEST_KEYS},
        "files": files,
    }
    atomic_write(manifest_path, (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode("utf-8"))
    return files


def _read_manifest(folder: Path, digest: str) -> dict[str, Any] | None:
    """The manifest of a complete, up-to-date folder (same hash, every file there at its size)."""
    try:
        manifest = json.loads((folder / MANIFEST_NAME).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("request_hash") != digest:
        return None
    if manifest.get("status") not in ("ok", "infeasible") or not isinstance(manifest.get("files"), dict):
        return None
    for name, size in manifest["files"].items():
        if "/" in name or "\\" in name:
            return None
        try:
            if (folder / name).stat().st_size != size:
                return None
        except OSError:
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
            self._pool = ProcessPoolExecutor(self.slots, mp_context=self._context, initializer=_warm_up)
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
                    row.update(status="error", message=f"cannot write {self.out_dir / row['id']}: {exc.strerror or exc}")
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
    """Writes ``summary.csv`` row by row into ``summary.csv.partial`` (flushed after each row,
    so a killed batch leaves what it did), renamed to ``summary.csv`` by :meth:`close`."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        import csv

        self.path = Path(path)
        self._partial = self.path.with_name(self.path.name + ".partial")
        self._handle = open(self._partial, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by close()
        self._writer = csv.DictWriter(self._handle, fieldnames=SUMMARY_COLUMNS)
        self._writer.writeheader()

    def write(self, result: BatchResult) -> None:
        self._writer.writerow(result.summary_row())
        self._handle.flush()

    def close(self) -> Path:
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()
        os.replace(self._partial, self.path)
        return self.path

    def abandon(self) -> None:
        with contextlib.suppress(OSError):
            self._handle.close()

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
