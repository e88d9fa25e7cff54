"""Throughput of batch planning: plans per second with 1 and 2 local workers, and peak memory.

    python benchmarks/bench_batch.py [--requests 500] [--seed 2027] [--workers 1,2] [--corpus random|realistic]

The corpus is ``--requests`` random requests (``hamplan.samples``, seeded) whose race is 12 to
18 weeks after the start (``--corpus realistic``: the seeded realistic population of
``hamplan.samples.realistic_population`` instead, 6 to 24 weeks, the runners the coaching
benchmark reads), written as JSON Lines and run as ``hamplan batch`` runs it: JSON and
iCalendar into a fresh output directory per run. The rate counts every request (plans, and
requests found infeasible) over the wall-clock time from the first request read to the last
result written, worker start-up included. Memory: the resident set of this process plus its
workers, sampled every 0.2 s (peak, and the mean in the first and last tenth of the run, which
shows whether it grows with the number of requests). Both runs must give the same plans.
The exit code is 0 either way: this measures, it does not gate.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hamplan import PlanRequest, RequestError  # noqa: E402
from hamplan.batch import count_statuses, iter_many, read_jsonl  # noqa: E402
from hamplan.samples import random_request_data, realistic_population  # noqa: E402

TARGET_RATE = 20.0  # plans/s with 2 workers (issue 11)
TARGET_SCALING = 1.7


def corpus(n: int, seed: int) -> list[dict[str, Any]]:
    """``n`` valid requests, 12 to 18 weeks each (blackouts clipped to the shorter horizon)."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    while len(out) < n:
        data = random_request_data(rng)
        race = data["start"] + timedelta(days=7 * rng.randint(12, 18) - 1)
        data["race"]["date"] = race
        blackout = []
        for span in data["schedule"].get("blackout", []):
            if span["from"] < race:
                blackout.append({"from": span["from"], "to": min(span["to"], race - timedelta(days=1))})
        if "blackout" in data["schedule"]:
            data["schedule"]["blackout"] = blackout
        try:
            request = PlanRequest.model_validate(data)
        except (ValueError, RequestError):
            continue
        out.append(json.loads(request.model_dump_json()))
    return out


def realistic_corpus(n: int, seed: int) -> list[dict[str, Any]]:
    """The first ``n`` runners of the seeded realistic population, as request data."""
    return [json.loads(request.model_dump_json()) for request in realistic_population(n, seed=seed)]


class MemorySampler:
    """RSS of this process and all its children, every ``interval`` seconds, in a thread."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.samples: list[tuple[float, int, int]] = []  # (seconds, total bytes, largest worker bytes)
        self._stop = threading.Event()
        try:
            import psutil
        except ImportError:
            self._psutil = None
        else:
            self._psutil = psutil
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._started = time.perf_counter()
        if self._psutil is not None:
            self._thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self._stop.set()
        if self._psutil is not None:
            self._thread.join()

    def _run(self) -> None:
        me = self._psutil.Process()
        while not self._stop.wait(self.interval):
            total, largest = 0, 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    rss = proc.memory_info().rss
                except self._psutil.Error:
                    continue
                total += rss
                if proc is not me:
                    largest = max(largest, rss)
            self.samples.append((time.perf_counter() - self._started, total, largest))

    def figures(self) -> dict[str, float]:
        if not self.samples:
            import resource

            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            return {"peak_mib": peak / 1024, "worker_peak_mib": float("nan"), "first_mib": float("nan"), "last_mib": float("nan")}
        tenth = max(1, len(self.samples) // 10)
        mib = 1024 * 1024
        # skip the first samples while the workers start up
        first = self.samples[tenth : 2 * tenth] or self.samples[:tenth]
        return {
            "peak_mib": max(s[1] for s in self.samples) / mib,
            "worker_peak_mib": max(s[2] for s in self.samples) / mib,
            "first_mib": sum(s[1] for s in first) / len(first) / mib,
            "last_mib": sum(s[1] for s in self.samples[-tenth:]) / tenth / mib,
        }


def run(jsonl: Path, out: Path, workers: int, chunk_size: int, limit: float | None) -> dict[str, Any]:
    digests: dict[str, str] = {}
    results = []
    with MemorySampler() as memory:
        started = time.perf_counter()
        for result in iter_many(
            read_jsonl(jsonl), workers=workers, out_dir=out, formats=("json", "ics"),
            deterministic_limit=limit, resume=False, chunk_size=chunk_size,
        ):
            results.append(result.model_copy(update={"plan_json": None}))
        seconds = time.perf_counter() - started
    for result in results:
        if result.path is not None:
            digests[result.id] = hashlib.sha256(result.path.read_bytes()).hexdigest()
    counts = count_statuses(results)
    return {
        "workers": workers,
        "seconds": seconds,
        "rate": len(results) / seconds,
        "ok_rate": counts["ok"] / seconds,
        "counts": counts,
        "digests": digests,
        "weeks": [r.weeks for r in results if r.weeks],
        **memory.figures(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--requests", type=int, default=500, help="corpus size (default 500)")
    parser.add_argument("--seed", type=int, default=2027, help="corpus seed (default 2027)")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts to run (default 1,2)")
    parser.add_argument("--chunk-size", type=int, default=1, help="requests per task sent to a worker (default 1)")
    parser.add_argument("--limit", type=float, default=None, help="deterministic time limit per solve (default: the planner's)")
    parser.add_argument("--out", type=Path, default=None, help="keep the outputs here (default: a temporary directory)")
    parser.add_argument(
        "--corpus", choices=("random", "realistic"), default="random",
        help="random 12-18-week requests (default), or the realistic population",
    )
    args = parser.parse_args(argv)

    requests = corpus(args.requests, args.seed) if args.corpus == "random" else realistic_corpus(args.requests, args.seed)
    horizon = "12-18 weeks" if args.corpus == "random" else "the realistic population"
    worker_counts = [int(w) for w in args.workers.split(",") if w.strip()]
    with tempfile.TemporaryDirectory(prefix="hamplan-bench-") as tmp:
        base = args.out or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        jsonl = base / "requests.jsonl"
        jsonl.write_text("".join(json.dumps(r) + "\n" for r in requests), encoding="utf-8")
        print(f"corpus: {len(requests)} requests (seed {args.seed}), {horizon}, formats json+ics, chunk size {args.chunk_size}")
        runs = []
        for workers in worker_counts:
            result = run(jsonl, base / f"out-{workers}", workers, args.chunk_size, args.limit)
            runs.append(result)
            counts = ", ".join(f"{k} {v}" for k, v in result["counts"].items() if v)
            print(
                f"workers {workers}: {result['seconds']:7.1f} s  {result['rate']:5.2f} requests/s  "
                f"({result['ok_rate']:5.2f} plans/s written)  peak RSS {result['peak_mib']:.0f} MiB total, "
                f"{result['worker_peak_mib']:.0f} MiB largest worker; mean RSS first/last tenth "
                f"{result['first_mib']:.0f}/{result['last_mib']:.0f} MiB  [{counts}]",
                flush=True,
            )
    if runs and runs[0]["weeks"]:
        weeks = runs[0]["weeks"]
        print(f"plans: {len(weeks)} of {min(weeks)}-{max(weeks)} weeks (mean {sum(weeks) / len(weeks):.1f})")
    if len(runs) > 1:
        same = all(r["digests"] == runs[0]["digests"] for r in runs[1:])
        print(f"identical plan.json across runs: {'yes' if same else 'NO'}")
    by_workers = {r["workers"]: r for r in runs}
    if 1 in by_workers and 2 in by_workers:
        scaling = by_workers[2]["rate"] / by_workers[1]["rate"]
        rate2, plans2 = by_workers[2]["rate"], by_workers[2]["ok_rate"]

        def verdict(value: float, target: float) -> str:
            return "met" if value >= target else "missed"

        # both readings of "plans per second": every request answered, and only the plans written
        print(
            f"scaling 1 -> 2 workers: {scaling:.2f}x (target >= {TARGET_SCALING}x: {verdict(scaling, TARGET_SCALING)}); "
            f"2 workers: {rate2:.2f} requests/s (target >= {TARGET_RATE:g}: {verdict(rate2, TARGET_RATE)}), "
            f"{plans2:.2f} plans written/s (target >= {TARGET_RATE:g}: {verdict(plans2, TARGET_RATE)})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
