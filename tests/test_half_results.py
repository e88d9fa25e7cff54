"""No half results: a full disk, a kill or an interrupt leaves whole plans or nothing.

``generate`` writes all formats together or none; ``batch`` never leaves a folder without its
manifest, a manifest or complete row for files that did not land, or a summary cut mid-row;
its workers end with it (``kill -9`` too) and SIGTERM stops it keeping what finished.
Full disks are real here: the child process gets a file-size limit (``RLIMIT_FSIZE``), so the
operating system refuses the write as it would on a full disk.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import hamplan
from hamplan.batch import BatchResult, SummaryWriter
from hamplan.cli import app
from hamplan.export.files import remove_stale_temps, write_all

resource = pytest.importorskip("resource")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "first-half-marathon.toml"
runner = CliRunner()
posix_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")

SMALL = {
    "start": "2027-01-04",
    "race": {"distance": "10k", "date": "2027-02-28"},
    "runner": {"weekly_km": 20, "long_run_km": 9, "age": 35},
    "schedule": {"run_days": ["tue", "thu", "sun"], "long_run_day": "sun"},
}
#: Larger than the small plan's JSON (~110 kB), smaller than the example's (~260 kB).
FILE_SIZE_LIMIT = 200_000


def _hamplan(*args: str, file_size_limit: int | None = None, **popen: object) -> subprocess.Popen[bytes]:
    def limit() -> None:
        if file_size_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    return subprocess.Popen(
        [sys.executable, "-B", "-c", "from hamplan.cli import main; main()", *args],
        preexec_fn=limit,  # noqa: PLW1509 - single-threaded at this point
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **popen,  # type: ignore[arg-type]
    )


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


# ---------------------------------------------------------------------------------------------
# generate: every format or none
# ---------------------------------------------------------------------------------------------


def test_generate_on_a_full_disk_leaves_no_format(tmp_path: Path) -> None:
    """.ics (150 kB) fits under the limit, .json (260 kB) does not: neither may appear."""
    out = tmp_path / "plan"
    proc = _hamplan("generate", str(EXAMPLE), "-o", str(out), "-f", "ics,json", file_size_limit=FILE_SIZE_LIMIT)
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 2, stderr
    assert b"cannot write" in stderr and b"Traceback" not in stderr
    assert _files(out) == []


def test_generate_replaces_earlier_formats_all_together(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    out.mkdir()
    (out / "first-half.ics").write_bytes(b"old")
    (out / "first-half.json").write_bytes(b"old")
    proc = _hamplan("generate", str(EXAMPLE), "-o", str(out), "-f", "ics,json", file_size_limit=FILE_SIZE_LIMIT)
    proc.communicate(timeout=300)
    assert proc.returncode == 2
    assert (out / "first-half.ics").read_bytes() == (out / "first-half.json").read_bytes() == b"old"
    assert _files(out) == ["first-half.ics", "first-half.json"]


def test_write_all_is_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hamplan.export.files as files

    real = files._write_synced
    calls = []

    def fill_disk(fd: int, data: bytes) -> None:
        calls.append(data)
        if len(calls) == 2:
            os.close(fd)
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd, data)

    monkeypatch.setattr(files, "_write_synced", fill_disk)
    with pytest.raises(OSError, match="No space"):
        write_all({"a.json": b"a", "a.ics": b"b"}, tmp_path / "new")
    assert not (tmp_path / "new").exists()  # created for this write, removed again


def test_leftovers_of_killed_writers_are_removed_on_the_next_run(tmp_path: Path) -> None:
    dead = _dead_pid()
    out = tmp_path / "plan"
    out.mkdir()
    stale_file = out / f".first-half.json.{dead}.k3j_x9a2.tmp"
    stale_file.write_bytes(b"half")
    stale_stage = out / f".hamplan-stage.{dead}.q8z2mmh1"
    stale_stage.mkdir()
    (stale_stage / "first-half.ics").write_bytes(b"half")
    live = out / f".first-half.json.{os.getpid()}.abcd1234.tmp"  # a writer still at work
    live.write_bytes(b"busy")
    old_style = out / ".first-half.json.zq1w2e3r.tmp"
    old_style.write_bytes(b"half")
    os.utime(old_style, (time.time() - 2 * 3600,) * 2)
    mine = out / "notes.txt"
    mine.write_text("the runner's own file")

    result = runner.invoke(app, ["generate", str(EXAMPLE), "-o", str(out), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert _files(out) == sorted(["first-half.json", live.name, "notes.txt"])
    assert remove_stale_temps(out) == 0


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# ---------------------------------------------------------------------------------------------
# batch: complete folders and rows only
# ---------------------------------------------------------------------------------------------


def test_batch_on_a_full_disk_writes_no_manifest_and_no_figures_for_the_lost_request(tmp_path: Path) -> None:
    big = hamplan.load_request(EXAMPLE).model_dump(mode="json", by_alias=True) | {"id": "big"}
    jsonl = tmp_path / "requests.jsonl"
    jsonl.write_text(json.dumps({**SMALL, "id": "small"}) + "\n" + json.dumps(big) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = _hamplan("batch", str(jsonl), "-o", str(out), "-w", "0", "-f", "json", file_size_limit=FILE_SIZE_LIMIT)
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr
    with open(out / "summary.csv", encoding="utf-8", newline="") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    assert rows["small"]["status"] == "ok" and rows["small"]["weeks"] == "8"
    assert rows["big"]["status"] == "error" and "cannot write" in rows["big"]["message"]
    assert rows["big"]["weeks"] == rows["big"]["peak_km"] == rows["big"]["optimal"] == ""
    assert _files(out) == ["small", "small/.hamplan-batch.json", "small/plan.json", "summary.csv"]


def test_error_results_carry_no_plan_figures() -> None:
    result = BatchResult(index=0, id="x", status="error", weeks=12, peak_km=40.0, optimal=True, solve_seconds=1.0)
    assert (result.weeks, result.peak_km, result.optimal, result.solve_seconds) == (None, None, None, None)
    assert BatchResult(index=0, id="x", status="ok", weeks=12).weeks == 12


def test_summary_is_cut_back_to_whole_rows_when_the_disk_fills(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    writer = SummaryWriter(tmp_path / "summary.csv")
    writer.write(BatchResult(index=0, id="first", status="ok", weeks=8))
    real_write = os.write

    def half_then_full(fd: int, data: bytes) -> int:
        monkeypatch.setattr(os, "write", full)
        return real_write(fd, bytes(data)[: len(data) // 2])

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(OSError):
        writer.write(BatchResult(index=1, id="second", status="ok", weeks=9))
    monkeypatch.setattr(os, "write", real_write)
    writer.abandon()
    text = (tmp_path / "summary.csv.partial").read_bytes().decode("utf-8")
    assert text.endswith("\r\n") and text.count("\r\n") == 2 and "\r\nfirst," in text and "\r\nsecond," not in text


def test_a_changed_file_is_planned_again_on_resume(tmp_path: Path) -> None:
    jsonl = tmp_path / "requests.jsonl"
    jsonl.write_text(json.dumps({**SMALL, "id": "small"}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    first = hamplan.generate_many([{**SMALL, "id": "small"}], workers=0, out_dir=out, formats=["json"])
    assert first[0].status == "ok"
    plan = out / "small" / "plan.json"
    data = plan.read_bytes()
    plan.write_bytes(data.replace(b'"easy"', b'"hard"', 1))  # same size, other bytes
    again = hamplan.generate_many([{**SMALL, "id": "small"}], workers=0, out_dir=out, formats=["json"])
    assert again[0].status == "ok" and plan.read_bytes() == data
    third = hamplan.generate_many([{**SMALL, "id": "small"}], workers=0, out_dir=out, formats=["json"])
    assert third[0].status == "skipped"


# ---------------------------------------------------------------------------------------------
# batch: workers end with it; SIGTERM keeps what finished
# ---------------------------------------------------------------------------------------------


def _many(tmp_path: Path, count: int) -> Path:
    jsonl = tmp_path / "requests.jsonl"
    lines = []
    example = hamplan.load_request(EXAMPLE).model_dump(mode="json", by_alias=True)
    for i in range(count):
        request = {**example, "id": f"r{i:03d}", "runner": {**example["runner"], "weekly_km": 20 + i % 15}}
        lines.append(json.dumps(request))
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return jsonl


def _descendants(root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    found, todo = set(), [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_for_workers(proc: subprocess.Popen[bytes], out: Path, workers: int) -> set[int]:
    """The batch's process tree once its summary has a row (at most 120 s)."""
    deadline = time.monotonic() + 120
    partial = out / "summary.csv.partial"
    while time.monotonic() < deadline:
        family = _descendants(proc.pid)
        if len(family) >= workers + 1 and partial.exists() and partial.read_bytes().count(b"\n") >= 2:
            return family
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.1)
    raise AssertionError("the batch did not start its workers")


def _assert_all_end(family: set[int], within_s: float = 5.0) -> None:
    """Every process of ``family`` (workers, fork server, resource tracker) gone within 5 s."""
    deadline = time.monotonic() + within_s
    while any(_running(pid) for pid in family) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = []
    for pid in family:
        if _running(pid):
            try:
                left.append(Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")[:80])
            except OSError:
                continue
    assert left == [], left


@posix_only
def test_kill_9_of_a_batch_leaves_no_hamplan_process(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = _hamplan("batch", str(_many(tmp_path, 400)), "-o", str(out), "-w", "2", start_new_session=True)
    family = _wait_for_workers(proc, out, 2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    _assert_all_end(family)
    for folder in (p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")):
        assert (folder / ".hamplan-batch.json").exists(), folder  # every folder there is whole


@posix_only
def test_sigterm_stops_the_batch_keeping_what_finished(tmp_path: Path) -> None:
    out = tmp_path / "out"
    jsonl = _many(tmp_path, 400)
    proc = _hamplan("batch", str(jsonl), "-o", str(out), "-w", "2", "-f", "json", start_new_session=True)
    family = _wait_for_workers(proc, out, 2)
    os.kill(proc.pid, signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, stderr
    assert b"stopped after" in stderr and b"Traceback" not in stderr
    _assert_all_end(family)
    assert not (out / "summary.csv").exists()
    with open(out / "summary.csv.partial", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    finished = {row["id"] for row in rows}
    folders = {p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")}
    assert rows and all(row["status"] == "ok" for row in rows)
    assert finished <= folders and all((out / name / ".hamplan-batch.json").exists() for name in folders)
    assert len(finished) < 400

    again = hamplan.generate_many(
        [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()[: len(finished) + 3]],
        workers=0, out_dir=out, formats=["json"],
    )
    assert {r.id for r in again if r.status == "skipped"} >= finished


@posix_only
@pytest.mark.parametrize("after_s", [0.0, 0.2, 0.5])
def test_ctrl_c_in_the_first_second_stops_the_batch_without_a_traceback(tmp_path: Path, after_s: float) -> None:
    """Ctrl-C reaches the whole process group while the fork server may still be importing the
    planner and a worker may be starting: the batch says what it kept, and nothing else prints
    a traceback (the fork server ignores Ctrl-C; a submit holds it until the worker is known).
    Counted from the batch's start (its summary file opened), not the process's: Ctrl-C while
    Python itself still imports is Python's own traceback, before any of this code runs."""
    out = tmp_path / "out"
    proc = _hamplan("batch", str(_many(tmp_path, 20)), "-o", str(out), "-w", "2", "-f", "json", start_new_session=True)
    partial = out / "summary.csv.partial"
    deadline = time.monotonic() + 120
    while not partial.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert partial.exists() or (out / "summary.csv").exists(), proc.communicate()
    time.sleep(after_s)
    with contextlib.suppress(ProcessLookupError):  # finished already
        os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert b"Traceback" not in stderr, stderr.decode(errors="replace")[-2000:]
    assert proc.returncode in (0, 128 + signal.SIGINT), stderr  # 0: it had finished first


def test_ctrl_c_while_a_request_is_serialized_is_the_interrupt() -> None:
    """Ctrl-C that lands while pydantic runs a Python serializer (clock times are written by
    one) comes out of pydantic as a serialization error that wraps it: the batch's main process
    turned it into "internal error" and exit code 5 (seen once at 0.5 s in the test above)."""
    from typing import Annotated

    from pydantic import BaseModel, PlainSerializer

    from hamplan.batch.resume import request_json

    def interrupted(_: object) -> str:
        raise KeyboardInterrupt

    class Clock(BaseModel):
        at: Annotated[int, PlainSerializer(interrupted, return_type=str)]

    with pytest.raises(Exception) as wrapped:
        Clock(at=1).model_dump_json()
    assert not isinstance(wrapped.value, KeyboardInterrupt) and "KeyboardInterrupt" in str(wrapped.value)
    with pytest.raises(KeyboardInterrupt):
        request_json(Clock(at=1))  # type: ignore[arg-type]


def test_an_interrupt_says_how_many_finished_requests_the_summary_lists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The summary keeps the input's order: results that finished behind a request still
    running are on disk but not yet listed, and the stop message says so instead of calling
    the summary complete."""
    import hamplan.batch as batch_lib

    def three_done_one_listed(items: object, *, on_result: object, **_: object) -> object:
        results = [BatchResult(index=i, id=f"r{i}", status="ok", request_hash="0" * 64) for i in range(3)]
        for result in results:
            on_result(result)  # type: ignore[operator]
        yield results[0]
        raise KeyboardInterrupt

    monkeypatch.setattr(batch_lib, "iter_many", three_done_one_listed)
    jsonl = _many(tmp_path, 4)
    result = runner.invoke(app, ["batch", str(jsonl), "-o", str(tmp_path / "out"), "-w", "0", "-f", "json"])
    assert result.exit_code == 128 + signal.SIGINT, result.output
    assert "stopped after 3 of 4 requests" in result.output
    assert "1 listed in summary.csv.partial" in result.output
    assert (tmp_path / "out" / "summary.csv.partial").read_text(encoding="utf-8").count("\n") == 2  # header and r0
