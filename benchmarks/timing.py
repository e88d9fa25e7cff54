"""What the benchmarks share: one warm-up call, then the timed runs."""

from __future__ import annotations

import time
from collections.abc import Callable


def measure(func: Callable[[], object], runs: int, before: Callable[[], object] = lambda: None) -> list[float]:
    """Seconds of each of ``runs`` calls of ``func`` after one untimed warm-up call;
    ``before`` runs (untimed) ahead of every call, e.g. to empty a cache."""
    before()
    func()
    times = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times
