"""Time the FIT workout export of one plan (target: an 18-week plan in 100 ms or less).

    python benchmarks/bench_fit.py [--runs 5] [--request examples/masters-marathon-past-strain.toml]

The plan is generated once (not timed). Three figures, each the median and fastest of ``--runs``:

* ``workout_files`` (cold): every file in memory, the memo of built and encoded workouts
  emptied before each run, as in one ``hamplan generate --format fit``;
* ``workout_files`` (warm): the same with the cache kept, as for the next plan of a batch;
* ``write_fit``: cold render plus writing the folder (each file fsynced, one rename, the
  previous set deleted); disk time, so no target.

Each case also gives its median CPU time (``time.process_time``), which other work on a shared
machine inflates less than the wall time. The exit code is 0 either way: this measures, it does
not gate.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import hamplan  # noqa: E402
from benchmarks.timing import measure  # noqa: E402

DEFAULT_REQUEST = ROOT / "examples" / "masters-marathon-past-strain.toml"
TARGET_S = 0.100


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per case after a warm-up (default 5)")
    parser.add_argument("--request", type=Path, default=DEFAULT_REQUEST, help="the plan request to export")
    args = parser.parse_args(argv)

    from hamplan.export.fit import clear_caches, workout_files, write_fit

    plan = hamplan.generate(args.request)
    files = workout_files(plan)
    print(
        f"{args.request.name}: {len(plan.weeks)} weeks, {len(files) - 1} workout files, "
        f"{sum(len(b) for b in files.values()) / 1024:.0f} KiB"
    )
    with tempfile.TemporaryDirectory() as folder:
        cases = [
            ("workout_files (cold)", lambda: workout_files(plan), clear_caches, TARGET_S),
            ("workout_files (warm)", lambda: workout_files(plan), lambda: None, TARGET_S),
            ("write_fit (cold)", lambda: write_fit(plan, folder), clear_caches, None),
        ]
        print(f"{'case':<22} {'median':>10} {'fastest':>10} {'cpu med.':>10} {'target':>8}  {'runs':>4}  result")
        for name, func, before, target in cases:
            times = measure(func, args.runs, before)
            cpu = statistics.median(measure(func, args.runs, before, clock=time.process_time))
            median = statistics.median(times)
            figures = f"{name:<22} {median * 1000:>8.1f}ms {min(times) * 1000:>8.1f}ms {cpu * 1000:>8.1f}ms"
            if target is None:  # disk time: no target, reported for what a command line run costs
                print(f"{figures} {'—':>8}  {args.runs:>4}")
                continue
            verdict = "ok" if median <= target else f"over by {median / target:.1f}x"
            print(f"{figures} {target * 1000:>6.0f}ms  {args.runs:>4}  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
