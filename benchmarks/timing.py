"""What the benchmarks share: one warm-up call, then the timed runs."""

from __future__ import annotations

import time
from collections.abc import Callable


def measure(
    func: Callable[[], object],
    runs: int,
    before: Callable[[], object] = lambda: None,
    clock: Callable[[], float] = time.perf_counter,
) -> list[float]:
    """Seconds of each of ``runs`` calls of ``func`` after one untimed warm-up call;
    ``before`` runs (untimed) ahead of every call, e.g. to empty a cache. ``clock`` is wall time;
    ``time.process_time`` gives the CPU time, which a machine shared with others inflates less."""
    before()
    func()
    times = []
    for _ in range(runs):
        before()
        start = clock()
        func()
        times.append(clock() - start)
    return times
