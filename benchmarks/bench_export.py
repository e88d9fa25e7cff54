"""Time the exports of one plan: iCalendar, HTML and PDF.

    python benchmarks/bench_export.py [--runs 5] [--request examples/masters-marathon-past-strain.toml]

The plan is generated once (not timed here), each export runs once to warm up (imports,
template compilation, font loading), then ``--runs`` times; the table shows the median and the
fastest run against the target. The exit code is 0 either way: this measures, it does not gate.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import hamplan  # noqa: E402
from benchmarks.timing import measure  # noqa: E402
from hamplan.export.html import render_html  # noqa: E402
from hamplan.export.ics import to_ics  # noqa: E402
from hamplan.export.pdf import to_pdf  # noqa: E402

DEFAULT_REQUEST = ROOT / "examples" / "masters-marathon-past-strain.toml"

#: (name, function, target in seconds)
CASES: list[tuple[str, Callable[[hamplan.Plan], object], float]] = [
    ("to_ics", to_ics, 0.050),
    ("render_html", render_html, 0.200),
    ("to_pdf", to_pdf, 2.0),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per export after the warm-up (default 5)")
    parser.add_argument("--pdf-runs", type=int, default=None, help="timed PDF runs (default: --runs)")
    parser.add_argument("--request", type=Path, default=DEFAULT_REQUEST, help="the plan request to export")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    plan = hamplan.generate(args.request)
    solve = time.perf_counter() - start
    sessions = len(plan.sessions)
    print(f"{args.request.name}: {len(plan.weeks)} weeks, {sessions} sessions (generated in {solve:.2f} s)")
    print(f"{'export':<12} {'median':>10} {'fastest':>10} {'target':>10}  {'runs':>4}  result")
    for name, func, target in CASES:
        runs = args.pdf_runs if (name == "to_pdf" and args.pdf_runs) else args.runs
        times = measure(lambda: func(plan), runs)
        median = statistics.median(times)
        verdict = "ok" if median <= target else f"over by {median / target:.1f}x"
        print(f"{name:<12} {median * 1000:>8.1f}ms {min(times) * 1000:>8.1f}ms {target * 1000:>8.0f}ms  {runs:>4}  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
