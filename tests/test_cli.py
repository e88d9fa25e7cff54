"""The ``hamplan`` command line, and the safe file writing under it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import hamplan
from hamplan.cli import EXIT_BAD_INPUT, EXIT_INFEASIBLE, EXIT_READER_GONE, EXIT_VIOLATIONS, app
from hamplan.export.files import atomic_write, to_json, write_json

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "first-half-marathon.toml"
FOUR = ("json", "ics", "html", "pdf")

runner = CliRunner()

INFEASIBLE = """\
start = 2027-01-04
[race]
distance = "marathon"
date = 2027-01-31
[runner]
weekly_km = 10
long_run_km = 5
age = 30
[schedule]
run_days = ["sat", "sun"]
long_run_day = "sun"
max_minutes = { sat = 30, sun = 40 }
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, object]:
    """``hamplan generate`` of the first-half example with every format, run once."""
    out = tmp_path_factory.mktemp("plan")
    result = runner.invoke(app, ["generate", str(EXAMPLE), "-o", str(out)])
    return out, result


def test_generate_writes_all_four_formats(generated) -> None:
    out, result = generated
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"first-half.{fmt}" for fmt in FOUR)
    plan = hamplan.load_plan(out / "first-half.json")
    assert len(plan.weeks) == 15
    assert (out / "first-half.pdf").read_bytes().startswith(b"%PDF-")
    assert (out / "first-half.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert "<!DOCTYPE html>" in (out / "first-half.html").read_text(encoding="utf-8")
    # the weeks table and the written paths
    for text in ("week", "phase", "run km", "long km", "strength", "mobility", "step-back", "2027-01-04", "wrote:"):
        assert text in result.stdout
    for fmt in FOUR:
        assert f"first-half.{fmt}" in result.stdout


def test_the_bundled_example_output_is_what_generate_writes(generated) -> None:
    """``examples/output/`` is what ``hamplan generate`` writes for the bundled example, byte for
    byte, in every format (its PDF once lagged two changes behind the other three)."""
    out, result = generated
    assert result.exit_code == 0, result.output
    for fmt in FOUR:
        bundled = ROOT / "examples" / "output" / f"first-half.{fmt}"
        assert bundled.read_bytes() == (out / f"first-half.{fmt}").read_bytes(), f"{bundled} is stale: regenerate it"


def _with_the_reader_gone(*args: str) -> tuple[int, bytes]:
    """Exit status and standard error of ``hamplan ARGS`` whose standard output's reader is gone
    before the first line."""
    proc = subprocess.Popen([sys.executable, "-m", "hamplan.cli", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    stderr = proc.stderr.read()
    return proc.wait(timeout=120), stderr


def test_a_refusal_read_with_its_errors_by_a_reader_that_leaves_early_ends_quietly(tmp_path) -> None:
    """``hamplan generate REFUSED.toml 2>&1 | head -1``: the refusal's message goes to standard
    error, whose reader is gone too; the program ends with 141 as for standard output (it exited
    1, which says "safety-rule violations found")."""
    request = tmp_path / "refused.toml"
    request.write_text(
        'start = 2027-01-04\n[race]\ndistance = "marathon"\ndate = 2027-02-07\n'
        "[runner]\nweekly_km = 10\nlong_run_km = 5\nage = 40\n"
        '[schedule]\nrun_days = ["tue", "thu", "sun"]\nlong_run_day = "sun"\n'
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "hamplan.cli", "generate", str(request), "-o", str(tmp_path / "out")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    assert proc.stdout is not None
    proc.stdout.close()
    assert proc.wait(timeout=300) == 141


def test_a_reader_that_stops_reading_does_not_cost_the_plan(tmp_path) -> None:
    """``hamplan generate ... | head -1``: the files are written before the table is printed, so a
    reader that closes the pipe early still leaves the plan on disk; the program ends quietly
    with 141 (128 + SIGPIPE), as a Unix tool does, not with 1, which says "safety-rule violations
    found"."""
    out = tmp_path / "plan"
    status, stderr = _with_the_reader_gone("generate", str(EXAMPLE), "-o", str(out))
    assert sorted(p.name for p in out.iterdir()) == sorted(f"first-half.{fmt}" for fmt in FOUR)
    assert status == EXIT_READER_GONE == 141, stderr
    assert b"Traceback" not in stderr and b"Exception ignored" not in stderr and b"error" not in stderr, stderr


@pytest.mark.parametrize("args", [["schema", "request"], ["--help"], ["--version"]])
def test_a_reader_that_stops_reading_ends_every_command_quietly(args: list[str]) -> None:
    """What a command prints through ``sys.stdout`` or leaves in its buffer ends the same way when
    the reader is gone (``hamplan schema request | head -1``), not with 1."""
    status, stderr = _with_the_reader_gone(*args)
    assert status == EXIT_READER_GONE, stderr
    assert stderr == b"", stderr


def test_a_request_file_with_an_impossible_date_names_the_field(tmp_path) -> None:
    """``date = 2027-02-30`` under ``[race]``: the TOML parser's words alone said it, "not valid
    TOML: Invalid date or datetime (at line 9, column 8)", with no field and no format."""
    path = tmp_path / "request.toml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8").replace("date = 2027-04-18", "date = 2027-02-30"), encoding="utf-8")
    result = runner.invoke(app, ["generate", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == EXIT_BAD_INPUT
    assert " ".join(result.stderr.split()) == (
        f"error: {path}: race.date: no such day: February 2027 has 28 days; a date as YYYY-MM-DD, e.g. 2027-04-18 "
        "(got 2027-02-30, line 9, column 8)"
    )
    assert not (tmp_path / "out").exists()


def test_check_passes_on_a_generated_plan(generated) -> None:
    out, _ = generated
    result = runner.invoke(app, ["check", str(out / "first-half.json")])
    assert result.exit_code == 0, result.output
    assert "no violations" in result.stdout


def test_check_fails_on_a_hand_broken_plan(generated, tmp_path) -> None:
    out, _ = generated
    data = json.loads((out / "first-half.json").read_text(encoding="utf-8"))
    long_runs = [s for s in data["sessions"] if s["type"] == "long"]
    long_runs[2]["distance_km"] = 35.0  # a long run far past anything run before
    long_runs[2]["duration_min"] = 300
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(app, ["check", str(broken)])
    assert result.exit_code == EXIT_VIOLATIONS, result.output
    assert "violation" in result.stdout
    assert long_runs[2]["date"] in result.stdout


def test_generate_formats_option(tmp_path) -> None:
    result = runner.invoke(app, ["generate", str(EXAMPLE), "-o", str(tmp_path / "out"), "--format", "ics, json"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["first-half.ics", "first-half.json"]


def test_bad_field_exits_2_naming_file_and_field(tmp_path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace("weekly_km = 18", 'weekly_km = "lots"'), encoding="utf-8")
    result = runner.invoke(app, ["generate", str(bad), "-o", str(tmp_path / "out")])
    assert result.exit_code == EXIT_BAD_INPUT
    assert "bad.toml" in result.output and "runner.weekly_km" in result.output and "'lots'" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()  # nothing written


def test_unknown_field_and_bad_toml(tmp_path) -> None:
    typo = tmp_path / "typo.toml"
    typo.write_text(EXAMPLE.read_text(encoding="utf-8").replace("age = 31", "age = 31\nagee = 3"), encoding="utf-8")
    result = runner.invoke(app, ["generate", str(typo)])
    assert result.exit_code == EXIT_BAD_INPUT
    assert "runner.agee" in result.output and "unknown field" in result.output
    broken = tmp_path / "broken.toml"
    broken.write_text("start = 2027-01-01\n[race\n", encoding="utf-8")
    result = runner.invoke(app, ["generate", str(broken)])
    assert result.exit_code == EXIT_BAD_INPUT
    assert "broken.toml" in result.output and "TOML" in result.output


def test_missing_file_exits_2(tmp_path) -> None:
    missing = tmp_path / "nope.toml"
    result = runner.invoke(app, ["generate", str(missing), "-o", str(tmp_path / "out")])
    assert result.exit_code == EXIT_BAD_INPUT
    assert "nope.toml" in result.output and "no such file" in result.output
    result = runner.invoke(app, ["check", str(tmp_path / "nope.json")])
    assert result.exit_code == EXIT_BAD_INPUT
    assert "nope.json" in result.output


def test_unknown_format_exits_2(tmp_path) -> None:
    result = runner.invoke(app, ["generate", str(EXAMPLE), "-o", str(tmp_path / "out"), "--format", "ics,docx"])
    assert result.exit_code == EXIT_BAD_INPUT
    assert "docx" in result.output and "json, ics, html, pdf" in result.output
    assert not (tmp_path / "out").exists()


def test_infeasible_exits_3_and_writes_nothing(tmp_path) -> None:
    request = tmp_path / "too-soon.toml"
    request.write_text(INFEASIBLE, encoding="utf-8")
    result = runner.invoke(app, ["generate", str(request), "-o", str(tmp_path / "out")])
    assert result.exit_code == EXIT_INFEASIBLE, result.output
    assert "No safe plan fits this request" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_refusal_reads_in_the_runner_s_units(tmp_path) -> None:
    # a runner who asked for miles read "a long run of 12.7 km" and "7:31/km" in his refusal
    request = tmp_path / "miles.toml"
    request.write_text(
        'start = 2027-02-03\nunits = "mi"\n[race]\ndistance = "half"\ndate = 2027-05-30\n'
        '[runner]\nweekly_km = 22.9\nlong_run_km = 10.6\nage = 35\nrecent_race = { distance = "5k", time = "28:32" }\n'
        '[schedule]\nrun_days = ["mon", "wed", "sun"]\nlong_run_day = "sun"\nmax_minutes = { mon = 45, wed = 45 }\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["generate", str(request), "-o", str(tmp_path / "out")])
    assert result.exit_code == EXIT_INFEASIBLE, result.output
    assert " mi " in result.output and "/mi" in result.output, result.output
    assert " km" not in result.output and "/km" not in result.output, result.output


def test_check_on_a_file_that_is_not_a_plan(tmp_path) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text('{"format_version": 1}', encoding="utf-8")
    result = runner.invoke(app, ["check", str(junk)])
    assert result.exit_code == EXIT_BAD_INPUT
    assert "junk.json" in result.output and "request" in result.output


@pytest.mark.parametrize(("which", "model"), [("request", "PlanRequest"), ("plan", "Plan")])
def test_schema(which, model) -> None:
    result = runner.invoke(app, ["schema", which])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert schema["title"] == model
    assert schema == (hamplan.request_schema() if which == "request" else hamplan.plan_schema())


def test_schema_unknown() -> None:
    result = runner.invoke(app, ["schema", "calendar"])
    assert result.exit_code == EXIT_BAD_INPUT
    assert "request" in result.output and "plan" in result.output


def test_version_and_help() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"hamplan {hamplan.__version__}"
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for text in ("generate", "demo", "check", "schema", f"{EXIT_INFEASIBLE} no safe plan"):
        assert text in result.stdout


def test_python_dash_m_hamplan_runs_the_command_line() -> None:
    """``python -m hamplan`` is the ``hamplan`` script (a user without the script on PATH, or
    with several Pythons, reaches for it; it said "No module named hamplan.__main__")."""
    result = subprocess.run([sys.executable, "-m", "hamplan", "--version"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"hamplan {hamplan.__version__}"


@pytest.mark.parametrize(
    ("verb", "usage"),
    [("generate", "hamplan generate [OPTIONS] REQUEST"), ("check", "hamplan check [OPTIONS] PLAN.json"),
     ("replan", "hamplan replan [OPTIONS] PLAN.json LOG"), ("batch", "hamplan batch [OPTIONS] REQUESTS.jsonl")],
)
def test_usage_lines_name_arguments_without_braces(verb: str, usage: str) -> None:
    result = runner.invoke(app, [verb, "--help"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == f"Usage: {usage}"


@pytest.mark.parametrize("verb", ["generate", "batch"])
def test_an_output_path_that_is_a_file_is_refused_before_planning(verb: str, tmp_path: Path) -> None:
    taken = tmp_path / "plan.toml"
    taken.write_text("not a folder")
    source = EXAMPLE if verb == "generate" else tmp_path / "none.jsonl"
    if verb == "batch":
        source.write_text("")
    result = runner.invoke(app, [verb, str(source), "-o", str(taken)])
    assert result.exit_code == EXIT_BAD_INPUT
    assert f"-o {taken} is a file, not a folder" in " ".join(result.output.split())
    assert "week" not in result.stdout  # nothing planned, no weeks table
    assert taken.read_text() == "not a folder"


@pytest.mark.parametrize("value", ["0", "-1", "nan", "4000"])
def test_a_time_limit_out_of_range_is_refused_plainly(value: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", str(EXAMPLE), "-o", str(tmp_path), "--time-limit", value])
    assert result.exit_code == EXIT_BAD_INPUT
    assert "--time-limit:" in result.output and "give between 0.1 and 3600 seconds" in result.output
    assert "Input should" not in result.output and not list(tmp_path.iterdir())


def test_help_does_not_load_the_solver_or_typst() -> None:
    code = "import sys, hamplan.cli; print(sorted(m for m in ('ortools', 'typst', 'hamplan.solver') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_demo_needs_no_arguments(tmp_path) -> None:
    result = runner.invoke(app, ["demo", "-o", str(tmp_path), "--format", "json,ics,html"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["first-half.html", "first-half.ics", "first-half.json"]
    assert "Spring Half" in result.stdout
    plan = hamplan.load_plan(tmp_path / "first-half.json")
    assert hamplan.check(plan) == []


def test_demo_request_is_bundled_in_the_package() -> None:
    from importlib import resources

    from hamplan.cli import DEMO_RESOURCE

    bundled = resources.files("hamplan").joinpath(*DEMO_RESOURCE).read_text(encoding="utf-8")
    assert bundled == EXAMPLE.read_text(encoding="utf-8")  # the demo is the documented example


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------


def test_atomic_write_replaces_whole_or_not_at_all(tmp_path, monkeypatch) -> None:
    target = tmp_path / "plan.json"
    atomic_write(target, b"old")
    assert target.read_bytes() == b"old"
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())

    def fail(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, b"half-written")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]  # no temporary file left behind


def test_write_json_is_deterministic(tmp_path) -> None:
    plan = hamplan.generate(EXAMPLE)
    write_json(plan, tmp_path / "a.json")
    plan.write_json(tmp_path / "b.json")
    a = (tmp_path / "a.json").read_bytes()
    assert a == (tmp_path / "b.json").read_bytes() == to_json(plan)
    assert a.endswith(b"}\n")
    assert to_json(hamplan.load_plan(tmp_path / "a.json")) == a  # a round trip changes nothing


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def test_strength_on_a_rest_day_names_the_day(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert 'rest_days = ["fri"]' in text and 'strength_days = ["tue", "thu"]' in text
    request = tmp_path / "r.toml"
    request.write_text(text.replace('strength_days = ["tue", "thu"]', 'strength_days = ["tue", "fri"]'), encoding="utf-8")
    result = runner.invoke(app, ["generate", str(request), "-o", str(tmp_path / "out")])
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert "strength_days includes fri, a rest day" in result.output


def test_check_given_a_request_says_it_wants_the_plan(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(EXAMPLE)])
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    assert "likely a request" in result.output and "hamplan generate" in result.output



def test_check_numbers_a_re_plan_s_weeks_as_its_pages_do(tmp_path: Path) -> None:
    """A half marathoner misses week 5 whole and re-plans: his re-plan's pages and table go on
    from week 6, and `check` said "week 5" of the taper week they call week 10. His plan is in
    miles, as `generate` and `replan` print its advice; `check` printed it in km."""
    from datetime import timedelta

    plan = hamplan.generate({
        "start": "2027-01-25", "time_zone": "Europe/London", "units": "mi", "race": {"distance": "half", "date": "2027-04-10"},
        "runner": {"weekly_km": 53.0, "long_run_km": 19.3, "age": 18, "recent_race": {"distance": "5k", "time": "22:13"}, "equipment": "home"},
        "schedule": {"run_days": ["tue", "thu", "fri", "sat", "sun"], "long_run_day": "sun", "rest_days": ["mon"]},
    })
    missed = plan.weeks[4]
    log = [{"date": s.date, "kind": s.kind, "type": s.type, "distance_km": s.distance_km, "duration_min": s.duration_min}
           for s in plan.sessions if s.date < missed.start and s.status != "cancelled"]
    new = hamplan.replan(plan, log, missed.start + timedelta(days=7))
    weekly = [a for a in new.advice if a.week is not None and a.date is None]
    assert weekly, new.advice
    path = tmp_path / "replan.json"
    write_json(new, path)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.output
    for advice in weekly:
        assert f"week {5 + advice.week}" in result.output, result.output
    in_km = [a for a in new.advice if " km" in a.message]
    assert in_km and " km" not in result.output and " mi" in result.output, result.output


def test_generate_prints_the_advice_a_coach_would_still_give(tmp_path: Path) -> None:
    """A new user's plan carried 13 pieces of coaching advice that only `hamplan check` or the
    JSON showed: `generate` now prints them, as `check` does, after the notes."""
    from tests.test_coaching import A_NEW_USERS_MARATHON

    request = tmp_path / "tight.json"
    request.write_text(json.dumps(A_NEW_USERS_MARATHON), encoding="utf-8")
    plan = hamplan.generate(request)
    assert plan.advice
    result = runner.invoke(app, ["generate", str(request), "-o", str(tmp_path / "out"), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert f"{len(plan.advice)} coaching advice" in result.output and "every safety rule holds" in result.output
    assert {a.rule for a in plan.advice} <= {rule for rule in result.output.split() if "_" in rule}


def test_generate_warns_of_a_race_date_already_past(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A plan for a race already past (a wrong year is an easy typo) was made without a word: it
    is still made as asked, and the warning says so. The clock is set, not read."""
    import hamplan.cli

    monkeypatch.setattr(hamplan.cli, "_today", lambda zone: date(2027, 6, 1))
    result = runner.invoke(app, ["generate", str(EXAMPLE), "-o", str(tmp_path / "late"), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "warning: race.date 2027-04-18 is already past (today is 2027-06-01)" in result.output
    monkeypatch.setattr(hamplan.cli, "_today", lambda zone: date(2027, 1, 1))
    result = runner.invoke(app, ["generate", str(EXAMPLE), "-o", str(tmp_path / "early"), "--format", "json"])
    assert result.exit_code == 0 and "warning" not in result.output, result.output
