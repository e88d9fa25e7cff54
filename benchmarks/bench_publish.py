"""Time publishing 150 events to a CalDAV server on this machine (Radicale), and re-publishing.

    python benchmarks/bench_publish.py [--runs 3] [--events 150]

Radicale is started on 127.0.0.1 with its storage in a temporary folder (as the tests start
it). Each run publishes the first ``--events`` sessions of the 18-week example plan to a new
calendar (creating the calendar, one PUT per event), then publishes the same plan again (no
request that changes anything). The table shows the fastest and the median run against the
target, and the CPU time hamplan's own process spent (the rest of the wall time is the server's
work, in its own process, and the wait for it); the exit code is 0 either way: this measures,
it does not gate.
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
from tests.caldav_server import running_radicale  # noqa: E402

REQUEST = ROOT / "examples" / "masters-marathon-past-strain.toml"
TARGET_S = 5.0
USER, PASSWORD = "bench", "bench-password"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed publishes, each to a new calendar (default 3)")
    parser.add_argument("--events", type=int, default=150, help="events per publish (default 150)")
    args = parser.parse_args(argv)

    plan = hamplan.generate(REQUEST)
    if len(plan.sessions) < args.events:
        parser.error(f"the example plan has {len(plan.sessions)} sessions, fewer than --events {args.events}")
    plan = plan.model_copy(update={"sessions": plan.sessions[: args.events]})
    first: list[float] = []
    again: list[float] = []
    own_cpu: list[float] = []
    with tempfile.TemporaryDirectory(prefix="hamplan-bench-") as folder, running_radicale(Path(folder) / "radicale", {USER: PASSWORD}) as url:
        for run in range(args.runs):
            calendar, state = f"{url}{USER}/bench-{run}/", Path(folder) / f"state-{run}.json"
            start, cpu = time.perf_counter(), time.process_time()
            report = hamplan.publish(plan, calendar, user=USER, password=PASSWORD, state_path=state)
            first.append(time.perf_counter() - start)
            own_cpu.append(time.process_time() - cpu)
            assert report.count("create") == args.events, report.summary()
            start = time.perf_counter()
            report = hamplan.publish(plan, calendar, user=USER, password=PASSWORD, state_path=state)
            again.append(time.perf_counter() - start)
            assert report.requests_sent == 0, report.summary()
    print(f"{REQUEST.name}: {args.events} events, {args.runs} run(s), Radicale on 127.0.0.1")
    print(f"{'publish':<28} {'fastest':>9} {'median':>9} {'target':>9}  result")
    for name, times, target in (
        (f"first ({args.events} events created)", first, TARGET_S),
        ("again (nothing changed)", again, None),
    ):
        verdict = "" if target is None else ("met" if min(times) <= target else "MISSED")
        shown = "" if target is None else f"{target:.1f} s"
        print(f"{name:<28} {min(times):>7.2f} s {statistics.median(times):>7.2f} s {shown:>9}  {verdict}")
    print(f"hamplan's own CPU time in the first publish: median {statistics.median(own_cpu):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
