"""Time the exports of an 18-week and a 52-week plan, and the peak memory of a 52-week ``generate``.

    python benchmarks/bench_export.py [--runs 5] [--skip-rss]

Each plan is generated once (not timed here). ``.ics`` and HTML run once to warm up, then
``--runs`` times in this process. A PDF is timed cold, as ``hamplan generate`` meets it: each
run is a new process that loads the plan and times its first ``to_pdf`` (Typst's import, font
loading and a layout with nothing memoised); the warm column is the same plan again in one
process, where Typst reuses what it memoised; the CPU column (all threads, cold) is what a busy
machine changes least. In the same way, cold, Typst sets a fixed 19-page
reference document (seven plain paragraphs a page), so ``x ref`` — a PDF's cold median over the
reference's — compares across machines. Last, ``hamplan generate`` of the 52-week request with
every format, PDF included, runs in a child process and its peak RSS is reported. The exit code
is 0 either way: this measures, it does not gate.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import hamplan  # noqa: E402
from bench_generate import requests  # noqa: E402
from hamplan.export.html import render_html  # noqa: E402
from hamplan.export.ics import to_ics  # noqa: E402
from hamplan.export.pdf import compile_typst, to_pdf, typst_string  # noqa: E402

PLANS = {
    "18-week": "18-week marathon (past strain, blackout)",
    "52-week": "52-week marathon (from 25 km/week, blackout)",
}
#: (export, plan, function, target in seconds)
CASES: list[tuple[str, str, Callable[[hamplan.Plan], object], float]] = [
    ("to_ics", "18-week", to_ics, 0.050),
    ("render_html", "18-week", render_html, 0.200),
    ("to_pdf", "18-week", to_pdf, 1.0),
    ("to_pdf", "52-week", to_pdf, 2.0),
]
RSS_TARGET_MIB = 250
REFERENCE_PAGES = 19
_WORDS = (
    "the runner keeps every easy day easy so that the hard days can be hard and the hamstrings "
    "recover between them while strength work twice a week builds the tissue that sprinting asks for"
).split()


def reference_document() -> str:
    """A fixed Typst document: 19 pages of seven plain paragraphs, the engine's floor."""
    paragraphs = []
    for page in range(REFERENCE_PAGES):
        for number in range(7):
            words = [_WORDS[(page * 7 + number + i * 5) % len(_WORDS)] for i in range(110)]
            paragraphs.append(f"#{typst_string(' '.join(words).capitalize() + '.')};")
        paragraphs.append("#pagebreak(weak: true)")
    head = '#set document(date: none)\n#set page(paper: "a4")\n#set text(font: "DejaVu Sans", size: 11pt)\n'
    return head + "\n\n".join(paragraphs)


def measure(func: Callable[[], object], runs: int) -> list[float]:
    func()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


_COLD_PDF = """
import sys, time
import hamplan
from hamplan.export.pdf import to_pdf
plan = hamplan.load_plan(sys.argv[1])
start, cpu = time.perf_counter(), time.process_time()
to_pdf(plan)
print(time.perf_counter() - start, time.process_time() - cpu)
"""
_COLD_REFERENCE = """
import sys, time
sys.path.insert(0, sys.argv[1])
from bench_export import reference_document
from hamplan.export.pdf import compile_typst
source = reference_document()
start, cpu = time.perf_counter(), time.process_time()
compile_typst(source)
print(time.perf_counter() - start, time.process_time() - cpu)
"""


def measure_cold(code: str, argument: str, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds (all threads) of the timed step of ``code``, each run in a new
    Python process. CPU time is what a busy machine changes least."""
    walls, cpus = [], []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", code, argument], check=True, capture_output=True, text=True, cwd=ROOT)
        wall, cpu = done.stdout.split()[-2:]
        walls.append(float(wall))
        cpus.append(float(cpu))
    return walls, cpus


_GENERATE_HWM = """
import atexit, sys
def report():  # the peak RSS of this process's own memory since it started (Linux)
    with open("/proc/self/status") as status:
        print(next(line for line in status if line.startswith("VmHWM")).split()[1], file=sys.stderr)
atexit.register(report)
from hamplan.cli import main
sys.argv = ["hamplan", "generate", sys.argv[1], "-o", sys.argv[2]]
main()
"""


def generate_peak_rss_mib(request: hamplan.PlanRequest) -> float:
    """Peak RSS (MiB) of ``hamplan generate`` of ``request`` with every format, in a child process.

    The child reads its own high-water mark (``VmHWM``): the rusage of a child also counts the
    memory it shared with this (large) process between fork and exec.
    """
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "request.json"
        path.write_text(json.dumps(request.model_dump(mode="json", by_alias=True)), encoding="utf-8")
        command = [sys.executable, "-c", _GENERATE_HWM, str(path), str(Path(folder) / "out")]
        done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    return int(done.stderr.split()[-1]) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per export after the warm-up (default 5)")
    parser.add_argument("--skip-rss", action="store_true", help="do not run the 52-week generate for its peak RSS")
    args = parser.parse_args(argv)

    catalogue = requests()
    plans = {}
    for key, name in PLANS.items():
        start = time.perf_counter()
        plans[key] = hamplan.generate(catalogue[name])
        plan = plans[key]
        print(f"{name}: {len(plan.weeks)} weeks, {len(plan.sessions)} sessions (generated in {time.perf_counter() - start:.2f} s)")

    walls, cpus = measure_cold(_COLD_REFERENCE, str(ROOT / "benchmarks"), args.runs)
    reference = statistics.median(walls)
    print(
        f"reference: {REFERENCE_PAGES} pages of plain paragraphs, Typst, cold: {reference * 1000:.1f} ms median"
        f" ({statistics.median(cpus) * 1000:.1f} ms CPU)"
    )
    header = f"{'export':<12} {'plan':<8} {'median':>10} {'fastest':>10} {'CPU':>10} {'warm':>10} {'target':>9} {'x ref':>6}"
    print(f"{header}  {'runs':>4}  result")
    with tempfile.TemporaryDirectory() as folder:
        for name, key, func, target in CASES:
            plan = plans[key]
            warm = statistics.median(measure(lambda func=func, plan=plan: func(plan), args.runs))
            if name == "to_pdf":
                path = Path(folder) / f"{key}.json"
                plan.write_json(path)
                times, cpus = measure_cold(_COLD_PDF, str(path), args.runs)
                cpu = f"{statistics.median(cpus) * 1000:>8.1f}ms"
            else:
                times, cpu = [warm], f"{'':>10}"
            median = statistics.median(times)
            verdict = "ok" if median <= target else f"over by {median / target:.1f}x"
            print(
                f"{name:<12} {key:<8} {median * 1000:>8.1f}ms {min(times) * 1000:>8.1f}ms {cpu} {warm * 1000:>8.1f}ms"
                f" {target * 1000:>7.0f}ms {median / reference:>6.1f}  {args.runs:>4}  {verdict}"
            )
    if not args.skip_rss:
        rss = generate_peak_rss_mib(catalogue[PLANS["52-week"]])
        verdict = "ok" if rss <= RSS_TARGET_MIB else f"over by {rss / RSS_TARGET_MIB:.1f}x"
        print(f"peak RSS of `hamplan generate` (52-week, json/ics/html/pdf): {rss:.0f} MiB (target {RSS_TARGET_MIB} MiB) {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
