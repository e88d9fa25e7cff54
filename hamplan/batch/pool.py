"""Where the work runs locally: in this process (``workers=0``) or in a pool of worker processes
that is recycled after a fixed number of requests and stopped at once on an interrupt."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from hamplan.batch.backend import Backend
from hamplan.batch.work import Options, Task, run_chunk, warm_up

#: What the fork server imports once, so a new worker costs a fork, not a second of imports.
PRELOAD = ["hamplan.plan", "hamplan.export.files", "hamplan.export.ics"]


class Inline(Backend):
    """Runs each chunk at once in this process (``workers=0``: debugging, tiny batches)."""

    def submit(self, chunk: Sequence[Task], options: Options) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(run_chunk(chunk, options))
        except BaseException as exc:  # noqa: BLE001 # pragma: no cover - run_chunk catches per request
            future.set_exception(exc)
        return future

    def wait(self, futures: Iterable[Any]) -> set[Any]:
        return set(futures)


def mp_context() -> Any:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # Workers fork from a server that has the planner imported: a new worker costs a fork,
        # not a second of imports. (Has no effect if the server is already running.)
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


#: Seconds :meth:`Pool.stop` waits for a terminated worker to exit (then kills it).
WORKER_EXIT_WAIT_S = 5.0


def start_ignoring_ctrl_c(context: Any) -> None:
    """Start the fork server (and the resource tracker it starts) with Ctrl-C ignored, which
    they and every worker forked from them inherit. Ctrl-C reaches the whole process group: a
    fork server still importing the planner printed a ``KeyboardInterrupt`` traceback after the
    batch's own "stopped after" line. This process ends its workers itself (:meth:`Pool.stop`);
    the fork server ends with it."""
    if context.get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread (an embedding program): its signals are its own
        return
    try:
        forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Ctrl-C and SIGTERM that arrive inside the block act at its end. A submit may start a
    worker: interrupted between its fork and its registration with the pool, that worker was
    never stopped, and it printed a traceback after the batch's own "stopped after" line (the
    pool's semaphores gone under it). Outside the main thread signals are not ours to handle."""
    arrived: list[int] = []
    try:
        previous = {signum: signal.signal(signum, lambda n, _frame: arrived.append(n)) for signum in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:
        yield
        return
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for signum in arrived[:1]:
            handler = previous[signum]
            if callable(handler):
                handler(signum, None)
            elif handler == signal.SIG_DFL:
                signal.raise_signal(signum)


class Pool(Backend):
    """Local worker processes. A pool is retired after ``per_pool`` requests: it takes no more
    work, finishes what it has, and a fresh pool replaces it (memory stays flat; Python 3.11's
    ``max_tasks_per_child`` can hang, so recycling is done here)."""

    def __init__(self, workers: int, requests_per_worker: int) -> None:
        self.slots = workers
        self._per_pool = max(1, requests_per_worker) * workers
        self._context = mp_context()
        self._pool: ProcessPoolExecutor | None = None
        self._sent = 0
        self._owner: dict[Any, ProcessPoolExecutor] = {}
        self._retiring: ProcessPoolExecutor | None = None

    def _current(self) -> ProcessPoolExecutor:
        if self._pool is None:
            with interrupts_deferred():
                start_ignoring_ctrl_c(self._context)
            self._pool = ProcessPoolExecutor(
                self.slots, mp_context=self._context, initializer=warm_up, initargs=(os.getpid(),)
            )
            self._sent = 0
        return self._pool

    def submit(self, chunk: Sequence[Task], options: Options) -> Future[Any]:
        self.accepting()  # shuts a drained retired pool down
        pool = self._current()
        with interrupts_deferred():
            future = pool.submit(run_chunk, chunk, options)
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

    def _pools(self) -> set[ProcessPoolExecutor]:
        return {*self._owner.values(), self._pool, self._retiring} - {None}  # type: ignore[return-value]

    def _release(self, pools: set[ProcessPoolExecutor]) -> None:
        """Shut ``pools`` down and join their manager threads. A manager thread still alive when
        the interpreter exits races its exit hook, which wakes the thread through a pipe the
        thread may be closing (Python 3.11: an ``OSError: Bad file descriptor`` traceback after
        the batch has ended), so no pool is ever left behind unjoined."""
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)
        self._owner.clear()
        self._pool = self._retiring = None

    def reset(self) -> None:
        """After a worker died: drop every pool (they are broken; the driver has taken the result
        of every future first, so no work is waited for) and start afresh."""
        self._release(self._pools())

    def close(self) -> None:
        self._release(self._pools())

    def stop(self) -> None:
        """Interrupted: end the workers now (a request cut mid-way wrote nothing: folders are
        staged and renamed in whole), then release the pools."""
        pools = self._pools()
        for pool in pools:
            processes = list(getattr(pool, "_processes", {}).values())  # no public way before 3.14
            for process in processes:
                with contextlib.suppress(OSError, ValueError, AttributeError):
                    process.terminate()
            for process in processes:
                with contextlib.suppress(OSError, ValueError, AttributeError, AssertionError):
                    process.join(WORKER_EXIT_WAIT_S)
                    if process.is_alive():
                        process.kill()
                        process.join(WORKER_EXIT_WAIT_S)
            # a worker ended while it sent a result leaves the pool's manager thread reading the
            # rest of it for ever (CPython 3.11), and the shutdown below joined that thread: a
            # full test suite hung there once. With every worker gone, closing this process's
            # end of the result pipe ends that read (end of file); the pool ends as a broken one
            with contextlib.suppress(OSError, ValueError, AttributeError):
                pool._result_queue._writer.close()  # type: ignore[attr-defined]
        self._release(pools)
