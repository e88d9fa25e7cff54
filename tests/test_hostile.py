"""Nothing a user feeds hamplan crashes it, hangs it or leaves a file behind.

A corpus of hostile inputs (zone directories, inhuman race times, dates out of range, NaN,
``true`` for a number, 5000-digit integers, nesting 100,000 deep, binary and non-UTF-8 files,
``/dev/zero``, directories, huge names and lists, …) goes through ``hamplan generate`` (and the
plan / log readers of ``check`` and ``replan``): each ends in exit 2 or 3 with a short message,
no traceback, nothing in the output folder. The same lines inside a JSON Lines batch between two
good requests give one row each, and both good plans.
"""

from __future__ import annotations

import copy
import csv
import json
import os
import random
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import hamplan
from hamplan.cli import EXIT_BAD_INPUT, EXIT_INFEASIBLE, app

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "first-half-marathon.toml"
MAX_STDERR_CHARS = 3000

GOOD = {
    "start": "2027-01-04",
    "time_zone": "Europe/London",
    "race": {"distance": "10k", "date": "2027-02-28"},
    "runner": {"weekly_km": 20, "long_run_km": 9, "age": 35},
    "schedule": {"run_days": ["tue", "thu", "sun"], "long_run_day": "sun", "rest_days": ["fri"]},
}


def variant(**changes: object) -> dict:
    """GOOD with ``a__b=value`` set (``a.b``); a value of ``...`` removes the field."""
    data = copy.deepcopy(GOOD)
    for dotted, value in changes.items():
        target = data
        *path, last = dotted.split("__")
        for key in path:
            target = target.setdefault(key, {})
        if value is ...:
            target.pop(last, None)
        else:
            target[last] = value
    return data


def _json(data: object) -> bytes:
    return json.dumps(data).encode()


def _noise(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


#: name -> request variants (dicts, sent as JSON files and as JSON Lines)
HOSTILE_REQUESTS: dict[str, object] = {
    "zone directory Europe": variant(time_zone="Europe"),
    "zone directory America": variant(time_zone="America"),
    "zone directory Asia": variant(time_zone="Asia"),
    "zone directory Etc": variant(time_zone="Etc"),
    "zone empty": variant(time_zone=""),
    "zone path traversal": variant(time_zone="../../../etc/passwd"),
    "zone trailing slash": variant(time_zone="Europe/"),
    "zone 10k chars": variant(time_zone="A" * 10_000),
    "5K in 0:01": variant(runner__recent_race={"distance": "5k", "time": "0:01"}),
    "5K in 0:30": variant(runner__recent_race={"distance": "5k", "time": "0:30"}),
    "5K slower than 4 h": variant(runner__recent_race={"distance": "5k", "time": "4:30:00"}),
    "race time not a time": variant(runner__recent_race={"distance": "5k", "time": "fast"}),
    "race time of huge hours": variant(runner__recent_race={"distance": "5k", "time": "99999999999:00:00"}),
    "goal time inhuman": variant(race__goal_time="0:10"),
    "start 0001-01-01": variant(start="0001-01-01"),
    "race 9999-12-31": variant(race__date="9999-12-31"),
    "start 30 February": variant(start="2027-02-30"),
    "blackout from 1800": variant(schedule__blackout=[{"from": "1800-01-01", "to": "2027-01-10"}]),
    "history dated 0001": variant(history=[{"date": "0001-01-01", "kind": "run", "distance_km": 5}]),
    "age true": variant(runner__age=True),
    "distance true": variant(race__distance=True),
    "max_minutes true": variant(schedule__max_minutes={"mon": True}),
    "weekly_km infinite": variant(runner__weekly_km=1e400),
    "weekly_km negative": variant(runner__weekly_km=-1),
    "age a word": variant(runner__age="thirty"),
    "cadence 10**30": variant(runner__cadence_spm=10**30),
    "rest_days twice": variant(schedule__rest_days=["fri", "fri"]),
    "strength_days twice": variant(schedule__strength_days=["mon", "mon"]),
    "run_days twice": variant(schedule__run_days=["tue", "tue", "sun"]),
    "run_days eight": variant(schedule__run_days=["mon", "tue", "wed", "thu", "fri", "sat", "sun", "sun"]),
    "run_days empty": variant(schedule__run_days=[]),
    "long run day not a run day": variant(schedule__long_run_day="mon"),
    "weekday unknown": variant(schedule__max_minutes={"funday": 30}),
    "minutes negative": variant(schedule__max_minutes={"mon": -5}),
    "clock 25:00": variant(schedule__times={"run": "25:00"}),
    "units furlongs": variant(units="furlongs"),
    "paper a3": variant(output={"paper": "a3"}),
    "session spike 99": variant(rules={"session_spike": 99}),
    "distance ultra": variant(race__distance="ultra"),
    "distance zero": variant(race__distance=0),
    "history 100k sessions": variant(history=[{"date": "2026-12-01", "kind": "run", "distance_km": 5}] * 100_000),
    "blackout 1000 ranges": variant(schedule__blackout=[{"from": "2027-01-10", "to": "2027-01-11"}] * 1000),
    "name of 1 MB": variant(race__name="x" * 1_000_000),
    "name with ESC and NUL too long": variant(runner__name="\x1b[31m\x00" * 100),
    "id path traversal": variant(id="../../etc"),
    "id with NUL": variant(id="a\x00b"),
    "unknown field": variant(colour="red"),
    "100k unknown fields": {**GOOD, **{f"x{i}": 1 for i in range(100_000)}},
    "race missing": variant(race=...),
    "long run over four weeks of volume": variant(runner__long_run_km=90),
    "race before start": variant(race__date="2026-12-01"),
    "race over a year away": variant(race__date="2028-06-01"),
    "top level list": [1, 2, 3],
    "top level string": "hello",
    "top level null": None,
    "empty object": {},
    "nested 500 objects in a field": variant(runner__name=json.loads('{"a":' * 500 + "1" + "}" * 500)),
}

#: name -> raw bytes of a request file (suffix decides the parser)
HOSTILE_FILES: dict[str, tuple[str, bytes]] = {
    "JSON nested 100k deep": (".json", b"[" * 100_000 + b"]" * 100_000),
    "TOML nested 100k deep": (".toml", b"a = " + b"[" * 100_000 + b"]" * 100_000),
    "JSON 5000-digit integer": (".json", _json(variant()).replace(b'"age": 35', b'"age": ' + b"9" * 5000)),
    "TOML 5000-digit integer": (".toml", b"age = " + b"9" * 5000 + b"\n"),
    "JSON NaN": (".json", _json(variant()).replace(b'"weekly_km": 20', b'"weekly_km": NaN')),
    "TOML nan": (".toml", b"start = 2027-01-04\n[runner]\nweekly_km = nan\n"),
    "TOML age true": (".toml", b"start = 2027-01-04\n[runner]\nage = true\n"),
    "latin-1 bytes": (".toml", "start = 2027-01-04\n[race]\nname = \"Cr\u00e9teil\"\n".encode("latin-1")),
    "binary noise TOML": (".toml", _noise(4096, 1)),
    "binary noise JSON": (".json", _noise(4096, 2)),
    "UTF-16": (".json", _json(variant()).decode().encode("utf-16")),
    "empty file": (".toml", b""),
    "whitespace only": (".json", b" \n\t\n"),
    "NUL bytes": (".toml", b"\x00" * 1000),
    "TOML syntax error": (".toml", b"start = = 2027\n"),
    "JSON syntax error": (".json", b'{"start": '),
    "JSON trailing garbage": (".json", _json(variant()) + b" garbage"),
    "file over 8 MB": (".json", b" " * (9 * 1024 * 1024)),
}

INFEASIBLE = variant(
    race={"distance": "marathon", "date": "2027-01-31"},
    runner={"weekly_km": 10, "long_run_km": 5, "age": 30},
    schedule={"run_days": ["sat", "sun"], "long_run_day": "sun", "max_minutes": {"sat": 30, "sun": 40}},
)


def _assert_refused(result, out: Path, codes: tuple[int, ...] = (EXIT_BAD_INPUT,)) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in codes, (result.exit_code, result.output[-500:])
    assert "Traceback" not in result.output
    assert len(result.stderr) <= MAX_STDERR_CHARS, len(result.stderr)
    assert "\x1b[31m" not in result.stderr and "\x00" not in result.stderr
    assert result.stderr.strip(), "a refusal says why"
    assert not out.exists() or not any(out.iterdir()), sorted(p.name for p in out.iterdir())


def _generate(path: Path | str, out: Path):
    return runner.invoke(app, ["generate", str(path), "-o", str(out), "-f", "json,ics"])


@pytest.mark.parametrize("name", sorted(HOSTILE_REQUESTS))
def test_hostile_request_is_refused(name: str, tmp_path: Path) -> None:
    path = tmp_path / "request.json"
    path.write_bytes(_json(HOSTILE_REQUESTS[name]))
    out = tmp_path / "out"
    _assert_refused(_generate(path, out), out)


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_hostile_file_is_refused(name: str, tmp_path: Path) -> None:
    suffix, data = HOSTILE_FILES[name]
    path = tmp_path / f"request{suffix}"
    path.write_bytes(data)
    out = tmp_path / "out"
    _assert_refused(_generate(path, out), out)


@pytest.mark.parametrize("target", ["directory", "missing", "dev-zero", "dev-null"])
def test_hostile_paths_are_refused(target: str, tmp_path: Path) -> None:
    path = {
        "directory": tmp_path,
        "missing": tmp_path / "nope.toml",
        "dev-zero": Path("/dev/zero"),
        "dev-null": Path("/dev/null"),
    }[target]
    if target.startswith("dev") and not path.exists():
        pytest.skip(f"{path} is not on this system")
    out = tmp_path / "out"
    _assert_refused(_generate(path, out), out)


def test_infeasible_request_exits_3_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "request.json"
    path.write_bytes(_json(INFEASIBLE))
    out = tmp_path / "out"
    _assert_refused(_generate(path, out), out, (EXIT_INFEASIBLE,))


def test_zone_directory_message_names_field_value_and_what_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "request.json"
    path.write_bytes(_json(variant(time_zone="Europe")))
    result = _generate(path, tmp_path / "out")
    assert "time_zone" in result.stderr and "'Europe'" in result.stderr and "Europe/Berlin" in result.stderr


def test_a_huge_value_is_quoted_short(tmp_path: Path) -> None:
    path = tmp_path / "request.json"
    path.write_bytes(_json(variant(race__name="y" * 1_000_000)))
    result = _generate(path, tmp_path / "out")
    assert "race.name" in result.stderr and "at most 120 characters" in result.stderr
    assert "y" * 200 not in result.stderr and "y" * 150 in result.stderr


# ---------------------------------------------------------------------------------------------
# plans and logs: `check` and `replan`
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("plan")
    path = out / "request.json"
    path.write_bytes(_json(GOOD))
    result = runner.invoke(app, ["generate", str(path), "-o", str(out), "-f", "json"])
    assert result.exit_code == 0, result.output
    return out / "10k-2027-02-28.json"


HOSTILE_PLANS: dict[str, bytes] = {
    "binary": _noise(2048, 3),
    "empty object": b"{}",
    "a request, not a plan": _json(GOOD),
    "nested 100k deep": b"[" * 100_000,
    "5000-digit integer": b'{"format_version": ' + b"9" * 5000 + b"}",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_PLANS))
def test_check_refuses_hostile_plan_files(name: str, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(HOSTILE_PLANS[name])
    result = runner.invoke(app, ["check", str(path)])
    _assert_refused(result, tmp_path / "out")


def test_check_refuses_a_directory(tmp_path: Path) -> None:
    _assert_refused(runner.invoke(app, ["check", str(tmp_path)]), tmp_path / "out")


def test_check_refuses_a_plan_with_a_tampered_request(plan_file: Path, tmp_path: Path) -> None:
    data = json.loads(plan_file.read_text(encoding="utf-8"))
    data["request"]["time_zone"] = "Etc"
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    _assert_refused(runner.invoke(app, ["check", str(path)]), tmp_path / "out")


HOSTILE_LOGS: dict[str, tuple[str, bytes]] = {
    "binary CSV": (".csv", _noise(2048, 4)),
    "NUL in CSV": (".csv", b"date,kind\n2027-01-05,run\x00\n"),
    "CSV field over the size limit": (".csv", b"date,kind,note\n2027-01-05,run," + b"n" * 200_000 + b"\n"),
    "CSV without header": (".csv", b"2027-01-05,run,easy,5\n"),
    "JSON object, not a list": (".json", b"{}"),
    "JSON list of numbers": (".json", b"[1, 2, 3]"),
    "JSON nested 100k deep": (".json", b"[" * 100_000),
    "JSON 10k sessions": (".json", _json([{"date": "2027-01-05", "kind": "run", "distance_km": 5}] * 10_000)),
    "date out of range": (".csv", b"date,kind,distance_km\n0001-01-01,run,5\n"),
    "distance NaN": (".csv", b"date,kind,distance_km\n2027-01-05,run,nan\n"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_LOGS))
def test_replan_refuses_hostile_logs(name: str, plan_file: Path, tmp_path: Path) -> None:
    suffix, data = HOSTILE_LOGS[name]
    log = tmp_path / f"log{suffix}"
    log.write_bytes(data)
    out = tmp_path / "out"
    result = runner.invoke(app, ["replan", str(plan_file), str(log), "--today", "2027-01-18", "-o", str(out), "-f", "json"])
    _assert_refused(result, out)


def test_corpus_is_large() -> None:
    assert len(HOSTILE_REQUESTS) + len(HOSTILE_FILES) + len(HOSTILE_PLANS) + len(HOSTILE_LOGS) >= 60


# ---------------------------------------------------------------------------------------------
# the same lines inside a batch
# ---------------------------------------------------------------------------------------------


def _jsonl_line(data: bytes) -> bytes:
    return data.replace(b"\n", b" ").replace(b"\r", b" ")


def test_hostile_lines_in_a_batch_give_one_row_each_and_both_good_plans(tmp_path: Path) -> None:
    lines = [_json({**GOOD, "id": "first"})]
    lines += [_json(data) for data in HOSTILE_REQUESTS.values()]
    lines += [_jsonl_line(data) for suffix, data in HOSTILE_FILES.values() if suffix == ".json" and data.strip()]
    lines += [_jsonl_line(_noise(1000, 5)), b"[" * 100_000, b'{"start": ' + b"9" * 5000 + b"}"]
    lines.append(_json({**GOOD, "id": "last"}))
    lines = [line for line in lines if line.strip()]
    requests = tmp_path / "requests.jsonl"
    requests.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(requests), "-o", str(out), "--workers", "0", "-f", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 0, result.output[-2000:]
    with open(out / "summary.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(lines)
    assert (rows[0]["id"], rows[0]["status"]) == ("first", "ok")
    assert (rows[-1]["id"], rows[-1]["status"]) == ("last", "ok")
    for row in rows[1:-1]:
        assert row["status"] == "invalid", row
        assert row["weeks"] == row["peak_km"] == "" and len(row["message"]) <= 2000
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["first", "last"]
    first, last = (hamplan.load_plan(out / name / "plan.json") for name in ("first", "last"))
    assert first.weeks == last.weeks and len(first.weeks) == 8
    assert not [p for p in out.rglob("*") if p.name.endswith((".tmp", ".partial"))]
    assert os.listdir(out / "first")


# ---------------------------------------------------------------------------------------------
# text that reaches a terminal or an exported file
# ---------------------------------------------------------------------------------------------

_CONTROL_CHARS = {chr(c) for c in range(32) if chr(c) not in "\t\n\r"} | {"\x7f", "\x9b"}


@pytest.fixture(scope="module")
def injected(tmp_path_factory) -> tuple[Path, object]:
    """A request whose names carry rich markup, a terminal link, ESC sequences and NUL."""
    out = tmp_path_factory.mktemp("injected")
    data = variant(
        id="injected",
        race__name="[/bold][link=https://example.invalid]x[/link] \x1b[2J\x1b]0;title\x07\x00Race\u202e",
        runner__name="Ann\x1b[31m\r\nB\x00",
    )
    path = out / "request.json"
    path.write_bytes(_json(data))
    result = runner.invoke(app, ["generate", str(path), "-o", str(out / "plan"), "-f", "json,ics,html"])
    return out / "plan", result


def test_markup_in_a_name_is_printed_as_text(injected) -> None:
    _, result = injected
    assert result.exit_code == 0, result.output
    assert "[/bold][link=https://example.invalid]x[/link]" in result.stdout
    assert "\x1b" not in result.stdout and "\x00" not in result.stdout


def test_control_characters_reach_no_exported_field(injected) -> None:
    folder, _ = injected
    plan = hamplan.load_plan(folder / "injected.json")
    assert plan.request.race.name == "[/bold][link=https://example.invalid]x[/link] [2J]0;titleRace"
    assert plan.request.runner.name == "Ann[31m B"
    for name in ("injected.ics", "injected.html"):
        text = (folder / name).read_bytes().decode("utf-8").replace("\r\n", "\n")
        assert not _CONTROL_CHARS & set(text), name
    ics = (folder / "injected.ics").read_text(encoding="utf-8")
    assert "X-WR-CALNAME:[/bold][link=https://example.invalid]x[/link] [2J]0\\;titleRace" in ics


def test_exports_of_a_hand_made_plan_drop_control_characters(plan_file: Path) -> None:
    """A plan file edited by hand bypasses the request's cleaning: the exporters clean too."""
    from hamplan.export import render

    data = json.loads(plan_file.read_text(encoding="utf-8"))
    data["sessions"][0]["title"] = "Easy\x1b[5m run\x00\x07"
    data["sessions"][0]["cues"] = ["keep\x08 it easy"]
    plan = hamplan.Plan.model_validate(data)
    rendered = render(plan, ["ics", "html"])
    for fmt, blob in rendered.items():
        text = blob.decode("utf-8").replace("\r\n", "\n")
        assert not _CONTROL_CHARS & set(text), fmt
        assert "Easy[5m run" in text.replace("\n ", ""), fmt


def test_names_have_a_length_limit() -> None:
    with pytest.raises(hamplan.RequestError, match="runner.name"):
        hamplan.load_request(variant(runner__name="n" * 121))
    assert hamplan.load_request(variant(runner__name="n" * 120)).runner.name == "n" * 120


@pytest.mark.parametrize(
    ("source", "says"),
    [
        ("", "no request given"),
        ("   ", "no request given"),
        ("[1,2,3]", "table / object of fields"),
        ('{"start": ', "not valid JSON"),
        ("start = \n", "not valid TOML"),
        ("x\x00y.toml", "cannot read"),
        (12, "a file path, a JSON / TOML text or a dict"),
    ],
)
def test_load_request_says_what_a_text_is(source: object, says: str) -> None:
    with pytest.raises(hamplan.RequestError, match=re.escape(says)):
        hamplan.load_request(source)  # type: ignore[arg-type]
