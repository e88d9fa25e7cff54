"""Compare FIT writers on one plan's workouts: hamplan's own and Garmin's ``garmin-fit-sdk``.

    python benchmarks/bench_fit_writers.py [--runs 3] [--request examples/masters-marathon-past-strain.toml]

Both write the same messages (the ``workout_step`` values of :func:`step_messages`) for every
session of the plan; the times are for all files, median and fastest of ``--runs`` after a
warm-up, each writer with no cache. Garmin's SDK is a dev dependency (it reads the files back in
the tests). Why this matters: the export's target is 100 ms for an 18-week plan.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import hamplan  # noqa: E402
from benchmarks.timing import measure  # noqa: E402

DEFAULT_REQUEST = ROOT / "examples" / "masters-marathon-past-strain.toml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per writer after a warm-up (default 3)")
    parser.add_argument("--request", type=Path, default=DEFAULT_REQUEST, help="the plan request to export")
    args = parser.parse_args(argv)

    from garmin_fit_sdk import Decoder, Encoder, Profile, Stream

    from hamplan.export.fit import exported_sessions, workout_of
    from hamplan.export.fit.encode import SERIAL_NUMBER, _workout_records, encode_workout, fit_timestamp, step_messages
    from hamplan.export.fit.profile import FILE_TYPE_WORKOUT, MANUFACTURER_DEVELOPMENT, SPORT, SUB_SPORT

    plan = hamplan.generate(args.request)
    zone = plan.request.zone
    jobs = [
        (workout_of(s, plan), fit_timestamp(datetime.combine(s.date, s.start), zone)) for s in exported_sessions(plan)
    ]
    mesg_num = Profile["mesg_num"]

    def hamplan_writer() -> list[bytes]:
        _workout_records.cache_clear()
        return [encode_workout(workout, created=created) for workout, created in jobs]

    def garmin_writer() -> list[bytes]:
        files = []
        for workout, created in jobs:
            encoder = Encoder()
            encoder.on_mesg(mesg_num["FILE_ID"], {
                "type": FILE_TYPE_WORKOUT, "manufacturer": MANUFACTURER_DEVELOPMENT, "product": 0,
                "serial_number": SERIAL_NUMBER, "time_created": created,
            })
            steps = step_messages(workout)
            encoder.on_mesg(mesg_num["WORKOUT"], {
                "wkt_name": workout.name, "sport": SPORT[workout.sport], "sub_sport": SUB_SPORT[workout.sub_sport],
                "num_valid_steps": len(steps),
            })
            for step in steps:
                encoder.on_mesg(mesg_num["WORKOUT_STEP"], step)
            files.append(bytes(encoder.close()))
        return files

    for data in garmin_writer()[:3]:  # the comparison is fair only if the SDK's files are valid too
        decoder = Decoder(Stream.from_byte_array(bytearray(data)))
        assert decoder.is_fit() and decoder.check_integrity()

    print(f"{args.request.name}: {len(plan.weeks)} weeks, {len(jobs)} workout files")
    print(f"{'writer':<16} {'median':>10} {'fastest':>10}  {'KiB':>5}")
    for name, writer in (("hamplan", hamplan_writer), ("garmin-fit-sdk", garmin_writer)):
        times = measure(writer, args.runs)
        size = sum(len(b) for b in writer()) / 1024
        print(f"{name:<16} {statistics.median(times) * 1000:>8.1f}ms {min(times) * 1000:>8.1f}ms  {size:>5.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
