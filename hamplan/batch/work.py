"""The work of one request, as a worker process does it: plan, render, write its folder; every
failure becomes the row's status. Also how a worker process starts (and ends with the batch)."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hamplan.batch.layout import write_folder
from hamplan.errors import InfeasiblePlanError, MissingExtraError, PlanTimeLimitError, RequestError
from hamplan.models import Plan, PlanRequest

#: Exit status of a worker that ended because the batch process was gone.
EXIT_PARENT_GONE = 75


@dataclass(frozen=True)
class Options:
    formats: tuple[str, ...]
    deterministic_limit: float | None
    time_limit_s: float | None  # wall-clock backstop of each plan (not part of the request hash)
    out_dir: str | None  # write the folder in the worker (shared disk) …
    keep_files: bool  # … or send the rendered files back to the parent
    keep_plan: bool  # send the plan JSON back (in-memory batches)


#: (index, id, request JSON, request hash)
Task = tuple[int, str, str, str]


def one_line(text: str) -> str:
    """A multi-line message as one line, its lines joined by "; " (a line's own closing full stop
    or colon gives way to the join: "race_readiness.; The marathon" read badly)."""
    parts = [part.strip().removeprefix("- ") for part in str(text).splitlines() if part.strip()]
    return "; ".join(part.rstrip(".:") if i < len(parts) - 1 else part for i, part in enumerate(parts))


def render_formats(plan: Plan, formats: Sequence[str]) -> dict[str, bytes]:
    from hamplan.export import render

    return render(plan, formats)


def plan_one(task: Task, options: Options) -> dict[str, Any]:
    """Plan, render and (maybe) write one request; every failure becomes the row's status."""
    index, ident, request_json, digest = task
    row: dict[str, Any] = {"index": index, "id": ident, "request_hash": digest}
    rendered: dict[str, bytes] = {}
    started = time.perf_counter()
    try:
        from hamplan.plan import generate

        request = PlanRequest.model_validate_json(request_json)
        kwargs: dict[str, Any] = {"time_limit_s": options.time_limit_s}
        if options.deterministic_limit is not None:
            kwargs["deterministic_limit"] = options.deterministic_limit
        plan = generate(request, **kwargs)
        if options.out_dir is not None or options.keep_files:
            rendered = render_formats(plan, options.formats)
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
    except PlanTimeLimitError as exc:  # not the request's fault: an error, tried again on resume
        row.update(status="error", message=one_line(str(exc)))
    except InfeasiblePlanError as exc:
        row.update(
            status="infeasible",
            solve_seconds=time.perf_counter() - started,
            conflicts=list(exc.conflicts),
            suggestions=[s.sentence for s in exc.suggestions],
            message=one_line(str(exc)),
        )
    except RequestError as exc:
        row.update(status="invalid", message=one_line(str(exc)))
    except MissingExtraError as exc:
        row.update(status="error", message=one_line(str(exc)))
    except Exception as exc:  # noqa: BLE001 - one request's bug must not stop the batch
        row.update(status="error", message=one_line(f"{type(exc).__name__}: {exc}"))
    if row["status"] not in ("ok", "infeasible"):
        return row
    if options.out_dir is not None:
        try:
            row["files"] = write_folder(Path(options.out_dir) / ident, rendered, row, options.formats)
        except OSError as exc:
            row = write_failed(row, Path(options.out_dir) / ident, exc)
    elif options.keep_files:
        row["rendered"] = rendered
    return row


def write_failed(row: Mapping[str, Any], folder: Path, exc: OSError) -> dict[str, Any]:
    """The row of a request whose files did not all land: an error, without the plan's figures."""
    kept = {key: value for key, value in row.items() if key in ("index", "id", "request_hash")}
    return {**kept, "status": "error", "message": f"cannot write {folder}: {exc.strerror or exc}"}


def run_chunk(tasks: Sequence[Task], options: Options) -> list[dict[str, Any]]:
    """The unit of work sent to a worker: a few requests, planned one after the other."""
    return [plan_one(task, options) for task in tasks]


def warm_up(parent_pid: int | None = None) -> None:
    """Start a worker process: end it with the batch's process, leave Ctrl-C to that process,
    and import the planner and writers once (not charged to the first request)."""
    if parent_pid is not None:
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the batch, not each worker
        exit_with(parent_pid)
    import hamplan.export.files
    import hamplan.export.ics
    import hamplan.plan  # noqa: F401

    collect_garbage_for_planning()


#: Allocations between two young-generation collections in a worker (Python's default: 700).
#: Planning allocates hundreds of thousands of short-lived objects a request (solver
#: expressions, workout steps), nearly all freed by reference counting: at the default the cycle
#: collector ran about 4 times a request, scanning them again, for 4 % of a worker's time.
WORKER_GC_THRESHOLD = 20_000


def collect_garbage_for_planning() -> None:
    """Tune this process's cycle collector for planning: what is imported stays out of every
    later collection (``gc.freeze``), and young objects are collected every
    :data:`WORKER_GC_THRESHOLD` allocations (a worker's resident memory 410 -> 418 MiB over 300
    plans, both workers). Only in the pool's own worker processes: an embedding program's (or
    a Dask worker's) collector is its own."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])


def exit_with(parent_pid: int) -> None:
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
