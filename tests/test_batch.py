"""Batches: one bad request never stops the others, re-runs resume, and every way of running
(one worker, two workers, a Dask cluster) gives the same plans byte for byte."""

from __future__ import annotations

import csv
import json
import os
import random
import stat
import sys
import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import hamplan
from hamplan.batch import (
    MANIFEST_NAME,
    SUMMARY_COLUMNS,
    BatchItem,
    connect,
    generate_many,
    read_jsonl,
)
from hamplan.cli import EXIT_BAD_INPUT, app
from hamplan.export.files import to_json
from hamplan.samples import random_request_data

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def good_request(ident: str, weeks: int = 8, **runner_fields: Any) -> dict[str, Any]:
    """The home-10K example, shortened to ``weeks`` weeks (feasible, quick to solve)."""
    data = hamplan.load_request(ROOT / "examples" / "home-10k.toml").model_dump(mode="json", by_alias=True)
    data["id"] = ident
    data["race"]["date"] = (date.fromisoformat(data["start"]) + timedelta(days=7 * weeks - 1)).isoformat()
    data["runner"].update(runner_fields)
    return data


def infeasible_request(ident: str) -> dict[str, Any]:
    """A marathon three weeks out for a runner of 10 km a week."""
    return {
        "id": ident,
        "start": "2027-01-04",
        "race": {"distance": "marathon", "date": "2027-01-24"},
        "runner": {"weekly_km": 10, "long_run_km": 5, "age": 30},
        "schedule": {"run_days": ["sat", "sun"], "long_run_day": "sun"},
    }


def short_corpus(n: int, seed: int = 11) -> list[dict[str, Any]]:
    """Seeded random requests over 8 to 10 weeks."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        data = random_request_data(rng)
        data["race"]["date"] = data["start"] + timedelta(days=7 * rng.randint(8, 10) - 1)
        out.append(json.loads(json.dumps(data, default=str)))
    return out


def write_jsonl(path: Path, lines: list[Any]) -> Path:
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines), encoding="utf-8")
    return path


def run_batch(jsonl: Path, out: Path, *extra: str) -> list[dict[str, str]]:
    result = runner.invoke(app, ["batch", str(jsonl), "-o", str(out), "--workers", "2", *extra])
    assert result.exit_code == 0, result.output
    with open(out / "summary.csv", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == SUMMARY_COLUMNS
        return list(reader)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


# ---------------------------------------------------------------------------------------------
# failure isolation
# ---------------------------------------------------------------------------------------------


def test_one_bad_request_never_stops_the_batch(tmp_path: Path) -> None:
    bad_field = good_request("bad-field")
    bad_field["runner"]["weekly_km"] = -5
    no_id = good_request("x", weeks=9)
    del no_id["id"]
    jsonl = write_jsonl(
        tmp_path / "requests.jsonl",
        [good_request("good"), '{"id": "broken", "start": ', bad_field, infeasible_request("marathon-too-soon"), no_id, good_request("good")],
    )
    out = tmp_path / "out"
    rows = run_batch(jsonl, out)

    assert [(r["id"], r["status"]) for r in rows] == [
        ("good", "ok"),
        ("line-2", "invalid"),
        ("bad-field", "invalid"),
        ("marathon-too-soon", "infeasible"),
        ("line-5", "ok"),
        ("good", "invalid"),
    ]
    good, broken, field, infeasible, unnamed, duplicate = rows
    assert good["weeks"] == "8" and good["optimal"] == "yes" and float(good["peak_km"]) > 0
    assert float(good["solve_seconds"]) > 0
    assert "line 2" in broken["message"] and "not valid JSON" in broken["message"]
    assert "line 3" in field["message"] and "runner.weekly_km" in field["message"]
    assert infeasible["conflicts"] and "No safe plan" in infeasible["message"]
    assert "duplicate id 'good'" in duplicate["message"] and "line 6" in duplicate["message"]
    assert unnamed["weeks"] == "9"

    # the good requests are written, with the manifest; the failed ones leave no plan behind
    assert sorted(p.name for p in (out / "good").iterdir()) == [MANIFEST_NAME, "plan.ics", "plan.json"]
    plan = hamplan.load_plan(out / "good" / "plan.json")
    assert hamplan.check(plan) == []
    assert (out / "good" / "plan.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert (out / "line-5" / "plan.json").exists()
    assert not (out / "bad-field").exists() and not (out / "line-2").exists()
    assert not (out / "marathon-too-soon" / "plan.json").exists()
    manifest = json.loads((out / "marathon-too-soon" / MANIFEST_NAME).read_text())
    assert manifest["status"] == "infeasible" and manifest["conflicts"] == infeasible["conflicts"].split(";")


def test_library_results_keep_input_order_and_say_why(tmp_path: Path) -> None:
    bad = good_request("bad", age=7)
    inputs = [infeasible_request("late"), bad, good_request("fine"), 42, hamplan.PlanRequest.model_validate(good_request("model"))]
    results = generate_many(inputs, workers=2)
    assert [(r.index, r.id, r.status) for r in results] == [
        (0, "late", "infeasible"), (1, "bad", "invalid"), (2, "fine", "ok"), (3, "item-4", "invalid"), (4, "model", "ok"),
    ]
    assert results[0].conflicts and results[0].suggestions and results[0].plan is None
    assert "runner.age" in results[1].message
    plan = results[2].plan
    assert plan is not None and plan.request.id == "fine" and len(plan.weeks) == results[2].weeks
    assert results[2].plan_json == to_json(hamplan.generate(good_request("fine"))).decode()


def test_missing_or_unreadable_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["batch", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "out")])
    assert result.exit_code == EXIT_BAD_INPUT
    assert "nope.jsonl" in result.output
    with pytest.raises(OSError):
        read_jsonl(tmp_path / "nope.jsonl")


# ---------------------------------------------------------------------------------------------
# resume
# ---------------------------------------------------------------------------------------------


def test_rerun_skips_what_is_done_and_redoes_only_what_changed(tmp_path: Path) -> None:
    requests = [good_request("a"), good_request("b", weeks=9), good_request("c", weeks=10), infeasible_request("d")]
    jsonl = write_jsonl(tmp_path / "requests.jsonl", requests)
    out = tmp_path / "out"
    first = run_batch(jsonl, out)
    assert [r["status"] for r in first] == ["ok", "ok", "ok", "infeasible"]
    before = {ident: snapshot(out / ident) for ident in "abcd"}

    # 1. the same batch again: everything is skipped, nothing is rewritten, the rows keep their figures
    second = run_batch(jsonl, out)
    assert [r["status"] for r in second] == ["skipped"] * 4
    for old, new in zip(first, second):
        for column in ("id", "weeks", "peak_km", "solve_seconds", "optimal", "conflicts"):
            assert new[column] == old[column], column
    assert second[0]["message"] == "up to date (ok)"
    assert second[3]["message"].startswith("up to date (infeasible)")
    assert {ident: snapshot(out / ident) for ident in "abcd"} == before

    # 2. a folder without its manifest (as a batch killed before the manifest leaves it): only it reruns
    (out / "b" / MANIFEST_NAME).unlink()
    third = run_batch(jsonl, out)
    assert [r["status"] for r in third] == ["skipped", "ok", "skipped", "skipped"]
    assert (out / "b" / "plan.json").read_bytes() == before["b"]["plan.json"][0]
    assert snapshot(out / "a") == before["a"]

    # 3. a damaged output file, and a changed request: only those rerun
    (out / "c" / "plan.ics").write_bytes(b"BEGIN:VCALENDAR\r\n")
    requests[0] = good_request("a", weekly_km=24)
    write_jsonl(jsonl, requests)
    fourth = run_batch(jsonl, out)
    assert [r["status"] for r in fourth] == ["ok", "skipped", "ok", "skipped"]
    assert (out / "c" / "plan.ics").read_bytes() == before["c"]["plan.ics"][0]
    assert hamplan.load_plan(out / "a" / "plan.json").request.runner.weekly_km == 24

    # 4. other formats make the outputs out of date; stale formats are removed
    fifth = run_batch(jsonl, out, "--format", "json")
    assert [r["status"] for r in fifth] == ["ok", "ok", "ok", "infeasible"]
    assert not (out / "a" / "plan.ics").exists() and (out / "a" / "plan.json").exists()


# ---------------------------------------------------------------------------------------------
# the same plans however the batch runs
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, Any]]:
    return short_corpus(6)


@pytest.fixture(scope="module")
def one_worker(corpus: list[dict[str, Any]]) -> list[hamplan.batch.BatchResult]:
    return generate_many(corpus, workers=1)


def _comparable(results: list[Any]) -> list[tuple[Any, ...]]:
    return [(r.id, r.status, r.weeks, r.peak_km, r.optimal, r.conflicts, r.message, r.request_hash, r.plan_json) for r in results]


def test_one_and_two_workers_give_identical_results(corpus: list[dict[str, Any]], one_worker: list[Any]) -> None:
    two = generate_many(corpus, workers=2)
    assert _comparable(two) == _comparable(one_worker)
    assert any(r.status == "ok" for r in two)
    first_ok = next(r for r in two if r.ok)
    assert first_ok.plan_json == to_json(hamplan.generate(corpus[first_ok.index])).decode()


def test_dask_cluster_gives_identical_results(tmp_path: Path, corpus: list[dict[str, Any]], one_worker: list[Any]) -> None:
    pytest.importorskip("distributed")
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        in_memory = generate_many(corpus, client=client)
        on_disk = generate_many([BatchItem(d, f"line {i + 1}", f"line-{i + 1}") for i, d in enumerate(corpus)], client=client, out_dir=tmp_path)
    assert _comparable(in_memory) == _comparable(one_worker)
    for local, remote in zip(one_worker, on_disk):
        assert remote.status == local.status
        if local.ok:
            assert remote.path == tmp_path / local.id / "plan.json"
            assert remote.path.read_text(encoding="utf-8") == local.plan_json
            assert (tmp_path / local.id / MANIFEST_NAME).exists()


def test_dask_missing_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(hamplan.MissingExtraError, match=r'pip install "hamplan\[dask\]"'):
        connect("tcp://127.0.0.1:8786")


# ---------------------------------------------------------------------------------------------
# a worker process that dies takes only its own request with it
# ---------------------------------------------------------------------------------------------


def _pool_running(work: Any) -> Any:
    """A :class:`~hamplan.batch.pool.Pool` whose workers run ``work(chunk, options)`` instead of
    the planner's own chunk runner."""
    from hamplan.batch.pool import Pool

    class WorkPool(Pool):
        def submit(self, chunk: Any, options: Any) -> Any:
            self.accepting()
            pool = self._current()
            future = pool.submit(work, chunk, options)
            self._owner[future] = pool
            return future

    return WorkPool


def _crash_on_poison(tasks: Any, options: Any) -> Any:
    from hamplan.batch.work import run_chunk

    if any(ident == "poison" for _, ident, _, _ in tasks):
        import os

        os._exit(3)  # what a segfault or the OOM killer looks like from the parent
    return run_chunk(tasks, options)


def test_a_dying_worker_fails_only_its_request() -> None:
    from hamplan.batch.driver import Batch
    from hamplan.batch.work import Options

    CrashingPool = _pool_running(_crash_on_poison)
    inputs = [good_request("before"), good_request("poison"), good_request("after", weeks=9), infeasible_request("late")]
    options = Options(("json",), None, None, None, keep_files=False, keep_plan=True)
    results = list(Batch(CrashingPool(2, 250), options, None, 1, True, None).run(inputs))
    assert [(r.id, r.status) for r in results] == [("before", "ok"), ("poison", "error"), ("after", "ok"), ("late", "infeasible")]
    assert "worker process died" in results[1].message


def test_an_interrupted_batch_leaves_no_pool_thread_running() -> None:
    """A pool's manager thread alive at interpreter exit races the exit hook that wakes it (a
    ``Bad file descriptor`` traceback after "stopped after ..."): an interrupt joins them all."""
    from concurrent.futures.process import _ExecutorManagerThread

    def interrupted_source() -> Any:
        for i in range(6):
            yield good_request(f"r{i}")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        list(hamplan.batch.iter_many(interrupted_source(), workers=2))
    assert [t for t in threading.enumerate() if isinstance(t, _ExecutorManagerThread)] == []


def _half_sent_then_stuck(tasks: Any, options: Any) -> Any:
    """A worker that has begun sending its result and is stopped before the rest: it writes a
    length header and one byte of a result to the pool's result pipe, then waits to be ended."""
    import struct
    import time

    frame = sys._getframe()
    while frame is not None and "result_queue" not in frame.f_locals:
        frame = frame.f_back
    assert frame is not None, "run inside a process pool's worker"
    writer = frame.f_locals["result_queue"]._writer
    os.write(writer.fileno(), struct.pack("!i", 1000) + b"x")
    time.sleep(600)


def test_an_interrupt_ends_a_batch_whose_worker_was_stopped_mid_result() -> None:
    """A worker ended while it sent a result left its pool's manager thread reading the rest for
    ever, and the interrupted batch waited on that thread: the suite hung once. It ends now."""
    from concurrent.futures.process import _ExecutorManagerThread

    from hamplan.batch.driver import Batch
    from hamplan.batch.work import Options

    StuckPool = _pool_running(_half_sent_then_stuck)

    def source() -> Any:
        import time

        yield good_request("stuck")
        time.sleep(3)  # the worker has begun its result by then
        raise KeyboardInterrupt

    options = Options(("json",), None, None, None, keep_files=False, keep_plan=True)
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            list(Batch(StuckPool(1, 250), options, None, 1, True, None).run(source()))
        except BaseException as exc:  # noqa: BLE001 - what the batch ended with is the test's
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "the interrupted batch never ended"
    assert outcome and isinstance(outcome[0], KeyboardInterrupt), outcome
    assert [t for t in threading.enumerate() if isinstance(t, _ExecutorManagerThread)] == []


def test_workers_are_recycled_without_losing_requests(corpus: list[dict[str, Any]], one_worker: list[Any]) -> None:
    recycled = generate_many(corpus, workers=2, requests_per_worker=1)
    assert _comparable(recycled) == _comparable(one_worker)


def test_each_runners_folder_takes_the_usual_mode(tmp_path: Path) -> None:
    """A platform serves batch output: each runner's folder gets a plain folder's mode (0777 less
    the umask), as ``generate``'s output folder does, not the private 0700 of a staging folder."""
    out = tmp_path / "out"
    generate_many([good_request("fine")], workers=1, out_dir=out)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((out / "fine").stat().st_mode) == 0o777 & ~umask
