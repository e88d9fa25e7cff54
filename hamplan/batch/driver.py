"""The batch itself: reads inputs lazily, keeps a bounded window of work in flight on a backend
(local processes or Dask), writes returned files, and yields results in input order."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hamplan.batch.dask_cluster import DaskBackend
from hamplan.batch.layout import RESERVED_IDS, SAFE_ID, MANIFEST_KEYS, json_path, write_folder
from hamplan.batch.pool import Inline, Pool
from hamplan.batch.results import BatchItem, BatchResult
from hamplan.batch.resume import read_manifest, request_hash, request_json, skipped
from hamplan.batch.work import Options, Task, one_line, write_failed
from hamplan.errors import RequestError
from hamplan.export import FORMATS
from hamplan.export.files import remove_stale_temps
from hamplan.io import load_request
from hamplan.models import PlanRequest

if TYPE_CHECKING:
    from distributed import Client

DEFAULT_FORMATS: tuple[str, ...] = ("json", "ics")
#: A worker process plans this many requests, then it is replaced (memory stays flat).
DEFAULT_REQUESTS_PER_WORKER = 250


def check_formats(formats: Iterable[str]) -> tuple[str, ...]:
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


def invalid(index: int, ident: str, message: str) -> BatchResult:
    return BatchResult(index=index, id=ident, status="invalid", message=one_line(message))


def result_of(row: Mapping[str, Any], out_dir: Path | None) -> BatchResult:
    fields = {key: row[key] for key in (*MANIFEST_KEYS, "index", "id", "request_hash", "plan_json") if key in row}
    result = BatchResult(**fields)
    if out_dir is not None and "files" in row:
        folder = out_dir / row["id"]
        result = result.model_copy(update={"folder": folder, "path": json_path(folder, row["files"])})
    return result


class Batch:
    """The driver: reads inputs lazily, keeps a bounded window of chunks in flight, and yields
    results in input order."""

    def __init__(
        self,
        backend: Any,
        options: Options,
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

    def prepare(self, index: int, raw: Any) -> BatchResult | Task:
        if isinstance(raw, BatchItem):
            item = raw
        else:
            item = BatchItem(raw, f"request {index + 1}", f"item-{index + 1}")
        fallback = item.default_id
        if isinstance(item.data, Mapping) and isinstance(item.data.get("id"), str) and SAFE_ID.fullmatch(item.data["id"]):
            fallback = item.data["id"]
        if item.error is not None:
            return invalid(index, item.default_id, f"{item.where}: {item.error}")
        try:
            if isinstance(item.data, (PlanRequest, Mapping, str, os.PathLike)):
                request = load_request(item.data)
            else:
                return invalid(index, fallback, f"{item.where}: a request is a PlanRequest, a dict, JSON text or a file path")
        except RequestError as exc:
            return invalid(index, fallback, f"{item.where}: {exc}")
        ident = request.id or item.default_id
        if not SAFE_ID.fullmatch(ident) or ident.lower() in RESERVED_IDS:
            return invalid(index, item.default_id, f"{item.where}: id {ident!r} cannot name a folder")
        key = ident.casefold()
        if key in self.seen_ids:
            return invalid(index, ident, f"{item.where}: duplicate id {ident!r} (an earlier request has it)")
        self.seen_ids.add(key)
        digest = request_hash(request, self.options.formats, self.options.deterministic_limit)
        if self.out_dir is not None and self.resume:
            folder = self.out_dir / ident
            manifest = read_manifest(folder, digest)
            if manifest is not None:
                remove_stale_temps(folder)
                return skipped(index, ident, digest, folder, manifest)
        return (index, ident, request_json(request), digest)

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
                    row["files"] = write_folder(self.out_dir / row["id"], rendered, row, self.options.formats)
                except OSError as exc:
                    row = write_failed(row, self.out_dir / row["id"], exc)
            self.emit(result_of(row, self.out_dir))

    def fail_chunk(self, chunk: Sequence[Task], message: str) -> None:
        for index, ident, _, digest in chunk:
            self.emit(BatchResult(index=index, id=ident, status="error", request_hash=digest, message=one_line(message)))

    def isolate(self, suspects: list[Task]) -> None:
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
        pending: dict[Any, list[Task]] = {}
        chunk: list[Task] = []
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
                self.backend.stop()  # an error of this loop's own: nobody will take that work
            self.backend.close()

    def collect(self, pending: dict[Any, list[Task]], done: set[Any]) -> None:
        suspects: list[Task] = []
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
    time_limit_s: float | None = None,
    resume: bool = True,
    chunk_size: int = 1,
    requests_per_worker: int = DEFAULT_REQUESTS_PER_WORKER,
    on_result: Callable[[BatchResult], None] | None = None,
) -> Iterator[BatchResult]:
    """Like :func:`generate_many`, but yields the results one by one (still in input order) and
    reads ``requests`` lazily, so a batch of any size runs in bounded memory."""
    formats = check_formats(formats)
    directory = Path(out_dir) if out_dir is not None else None
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(directory)  # what a killed earlier run left half-staged
    backend: Any
    if client is not None:
        backend = DaskBackend(client)
    else:
        count = (os.cpu_count() or 1) if workers is None else int(workers)
        if count < 0:
            raise ValueError("workers must be 0 (this process) or more")
        backend = Inline() if count == 0 else Pool(count, requests_per_worker)
    options = Options(
        formats=formats,
        deterministic_limit=deterministic_limit,
        time_limit_s=time_limit_s,
        out_dir=str(directory) if directory is not None and client is None else None,
        keep_files=directory is not None and client is not None,
        keep_plan=directory is None,
    )
    return Batch(backend, options, directory, chunk_size, resume, on_result).run(requests)


def generate_many(
    requests: Iterable[Any],
    *,
    workers: int | None = None,
    client: Client | None = None,
    out_dir: str | os.PathLike[str] | None = None,
    formats: Iterable[str] = DEFAULT_FORMATS,
    deterministic_limit: float | None = None,
    time_limit_s: float | None = None,
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
    bounds each solve (deterministic seconds; default the planner's); ``time_limit_s`` is each
    plan's wall-clock backstop (see :func:`hamplan.plan.generate`; default none). ``on_result`` is called
    with each result as it finishes (in completion order), e.g. to drive a progress bar.
    """
    return list(
        iter_many(
            requests, workers=workers, client=client, out_dir=out_dir, formats=formats,
            deterministic_limit=deterministic_limit, time_limit_s=time_limit_s, resume=resume, chunk_size=chunk_size,
            requests_per_worker=requests_per_worker, on_result=on_result,
        )
    )
