"""The ``hamplan`` command: plan a request, check a plan, print the schemas.

Exit codes: 0 done; 1 ``check`` found safety-rule violations (coaching advice alone: 0); 2 bad input (a file that is missing or
does not validate, an unknown format); 3 no safe plan fits the request; 4 a library needed for
the asked format is missing; 5 an internal error (a bug); 141 standard output's reader left early
(``hamplan generate ... | head -1``), as a Unix tool stopped by SIGPIPE; 130 / 143 a batch
stopped by Ctrl-C / SIGTERM.

The solver and Typst are imported inside the commands that need them, so ``hamplan
--help`` answers at once.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import tomllib
from datetime import timedelta
from importlib import resources
from pathlib import Path
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional, TextIO

import typer
from typer.core import TyperCommand
from rich import box
from rich.console import Console
from rich.table import Table

from hamplan import __version__
from hamplan.errors import (
    HamplanError,
    InfeasiblePlanError,
    MissingExtraError,
    PlanTimeLimitError,
    RequestError,
    quoted,
    shorten,
    strip_control,
)
from hamplan.export import FORMATS

if TYPE_CHECKING:
    from hamplan.export.publish import PublishReport
    from hamplan.models import Plan, PlanRequest

EXIT_VIOLATIONS = 1
EXIT_BAD_INPUT = 2
EXIT_INFEASIBLE = 3
EXIT_MISSING_LIBRARY = 4
EXIT_INTERNAL = 5
#: Standard output's reader closed it early (``| head -1``): 128 + SIGPIPE, the status a Unix tool
#: stopped by that signal ends with. The command line library said 1, "violations found".
EXIT_READER_GONE = 141

DEMO_RESOURCE = ("examples", "first-half-marathon.toml")
DEFAULT_OUT = Path("plan")
ALL_FORMATS = ",".join(FORMATS)
#: Formats that write a folder rather than one file; asked for by name, not in the default set
#: (a plan gives a hundred or more workout files, which only a watch owner wants).
FOLDER_FORMATS: tuple[str, ...] = ("fit",)
PLAN_FORMATS: tuple[str, ...] = FORMATS + FOLDER_FORMATS

HELP = f"""Hamstring-safe running plans: a constraint solver places every session under named
training rules; exports to JSON, iCalendar, HTML, PDF and FIT workouts for a watch.

Exit codes: 0 done · {EXIT_VIOLATIONS} check found violations (advice alone: 0) · {EXIT_BAD_INPUT} bad input (missing or
invalid file, unknown format) · {EXIT_INFEASIBLE} no safe plan fits the request (the message names the
clashing rules and what to change) · {EXIT_MISSING_LIBRARY} a library needed for a format is missing ·
{EXIT_INTERNAL} internal error (a bug; please report it) · {EXIT_READER_GONE} the output's reader left early
(| head), as for any Unix tool · 130 / 143 a batch stopped by Ctrl-C / SIGTERM (128 + the signal).
"""

app = typer.Typer(
    name="hamplan",
    help=HELP,
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


#: Longest error message printed (each problem is shortened already; this bounds the whole).
MAX_MESSAGE_CHARS = 4000


def _fail(message: str, code: int) -> NoReturn:
    err.print(f"[bold red]error:[/] {_escape(shorten(message, MAX_MESSAGE_CHARS))}")
    raise typer.Exit(code)


def _refuse(exc: InfeasiblePlanError, units: str = "km") -> NoReturn:
    """A refusal as a runner reads it: the clashing rules, why in numbers, and the changes that
    were planned and checked, each with the request fields it sets; exit 3. Distances and paces
    in the request's ``units`` (a runner who asked for miles read "a long run of 12.7 km")."""
    from hamplan.units import Units

    text = Units(units).text  # type: ignore[arg-type]
    if isinstance(exc, PlanTimeLimitError):
        _fail(str(exc), EXIT_INFEASIBLE)  # no verdict on the request: the time ran out first
    err.print("[bold red]No safe plan fits this request.[/]")
    if exc.conflicts:
        err.print(f"These rules clash (switch off any one of them and the rest fit): [bold]{_escape(', '.join(exc.conflicts))}[/]")
    for reason in exc.reasons:
        err.print(f"  • {_escape(text(reason))}")
    if exc.suggestions:
        err.print("[bold]What works instead[/] (each one planned in full and checked):")
        for number, suggestion in enumerate(exc.suggestions, 1):
            err.print(f"  {number}. {_escape(text(suggestion.sentence))}")
    elif exc.conflicts and not exc.search_cut:
        err.print(
            "No single change tried (a later race, a longer long-run cap, more minutes, one more run day, "
            "a shorter break, a shorter race) gave a safe plan."
        )
    if exc.search_cut:
        err.print(
            "The search for changes that work stopped at the time limit: run again with a larger "
            "--time-limit (in seconds) to see what would work."
        )
    raise typer.Exit(EXIT_INFEASIBLE)


def _escape(text: str) -> str:
    """``text`` safe to print: rich markup escaped, control characters (ESC, NUL, …) removed."""
    from rich.markup import escape

    return escape(strip_control(text))


def _formats(value: str, allowed: tuple[str, ...] = PLAN_FORMATS) -> list[str]:
    """``'ics,pdf'`` → ``['ics', 'pdf']`` (in the order given, no repeats); exits 2 on an unknown one."""
    wanted: list[str] = []
    for item in value.split(","):
        name = item.strip().lower().lstrip(".")
        if not name:
            continue
        if name not in allowed:
            choices = ", ".join(allowed)
            _fail(f"--format: unknown format {item.strip()!r}; use one or more of {choices} (comma-separated)", EXIT_BAD_INPUT)
        if name not in wanted:
            wanted.append(name)
    if not wanted:
        _fail(f"--format: no format given; use one or more of {', '.join(allowed)}", EXIT_BAD_INPUT)
    return wanted


def _weeks_table(plan: Plan) -> Table:
    from hamplan.models import KM_PER_MI

    unit = plan.request.units
    factor = 1 / KM_PER_MI if unit == "mi" else 1.0
    race = plan.request.race
    table = Table(
        title=f"{_escape(race.name or race.label)} · {race.date.isoformat()} · {len(plan.weeks)} weeks",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,  # every header whole in 80 columns ("streng…", "step-ba…" with the edges padded)
    )
    for header, justify in (
        ("week", "right"), ("start", "left"), ("phase", "left"), (f"run {unit}", "right"),
        (f"long {unit}", "right"), ("strength", "right"), ("mobility", "right"), ("step-back", "center"),
    ):
        table.add_column(header, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    from hamplan.export.display import weeks_before

    before = weeks_before(plan)  # a re-plan numbers its weeks on from the first plan's start
    for week in plan.weeks:
        days = {week.start + timedelta(days=i) for i in range(week.days)}
        live = [s for s in plan.sessions if s.date in days and s.status != "cancelled"]
        table.add_row(
            str(before + week.index),
            week.start.isoformat(),
            week.phase,
            f"{week.run_km * factor:.1f}",
            f"{week.long_run_km * factor:.1f}" if week.long_run_km else "—",
            str(sum(1 for s in live if s.kind == "strength")),
            str(sum(1 for s in live if s.kind == "mobility")),
            ("break" if week.blackout_days else "yes") if week.cutback else "",  # light for a break, or a step-back
        )
    return table


def _render(plan: Plan, formats: list[str]) -> dict[str, bytes]:
    """Every asked single-file format, in memory (nothing is written until all have rendered)."""
    from hamplan.export import render

    files = [f for f in formats if f in FORMATS]
    rendered = render(plan, [f for f in files if f != "pdf"])
    if "pdf" in files:
        with err.status(f"Laying out the PDF ({len(plan.weeks) + 3} pages)…", spinner="dots"):
            rendered.update(render(plan, ["pdf"]))
    return {fmt: rendered[fmt] for fmt in files}


def _render_folders(plan: Plan, formats: list[str]) -> dict[str, dict[str, bytes]]:
    """Every asked folder format (``fit``: ``workouts/``), in memory: folder name → its files."""
    folders: dict[str, dict[str, bytes]] = {}
    if "fit" in formats:
        from hamplan.export.fit import FOLDER_NAME, workout_files

        folders[FOLDER_NAME] = workout_files(plan)
    return folders

def _plan_and_write(
    request: PlanRequest, out_dir: Path, formats: list[str], time_limit_s: float, make: Callable[[], Plan] | None = None
) -> Plan:
    from hamplan.export.files import write_all
    from hamplan.plan import generate as generate_plan

    _check_out_dir(out_dir)
    try:
        with err.status(f"Planning {request.week_count} weeks to {request.race.date.isoformat()}…", spinner="dots"):
            plan = make() if make is not None else generate_plan(request, time_limit_s=time_limit_s)
        rendered = _render(plan, formats)
        folders = _render_folders(plan, formats)
    except InfeasiblePlanError as exc:
        _refuse(exc, request.units)
    except MissingExtraError as exc:
        _fail(str(exc), EXIT_MISSING_LIBRARY)
    except RequestError as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    # the files first: a reader that stops reading the table (``| head``) must not cost the plan
    try:
        paths = write_all({f"{request.plan_id}.{fmt}": data for fmt, data in rendered.items()}, out_dir, folders)
        written = [
            f"{path}{os.sep} ({len(folders[path.name]) - 1} workout files and index.csv)" if path.name in folders else str(path)
            for path in paths
        ]
    except OSError as exc:
        _fail(f"cannot write to {out_dir}: {exc.strerror or exc}", EXIT_BAD_INPUT)
    out.print(_weeks_table(plan))
    from hamplan.export.display import NOT_PROVEN_BEST, units_of, weeks_before

    text = units_of(plan).text
    for note in plan.notes:
        out.print(f"note: {_escape(text(note))}")
    if plan.advice:
        # what a coach would still change, as the printed cover's notes and `hamplan check` say it
        if not plan.optimal:
            out.print(f"note: {NOT_PROVEN_BEST}")
        out.print(_findings_table(
            f"{len(plan.advice)} coaching advice (what a coach would still change; every safety rule holds)",
            plan.advice, weeks_before(plan), text,
        ))
    out.print("wrote:")
    for path in written:
        out.print(f"  {_escape(path)}")
    return plan


def _check_out_dir(out_dir: Path) -> None:
    """Exit 2 before any planning when ``-o`` names something that cannot become a folder."""
    if out_dir.exists() and not out_dir.is_dir():
        _fail(f"-o {out_dir} is a file, not a folder; give a folder to write into", EXIT_BAD_INPUT)


def _seconds_in_range(ctx: typer.Context, param: typer.CallbackParam, value: float) -> float:
    """A wall-clock bound between MIN and MAX seconds, refused in plain words otherwise."""
    if not MIN_TIME_LIMIT_S <= value <= MAX_TIME_LIMIT_S:
        option = param.opts[0] if param.opts else "--time-limit"
        _fail(f"{option}: {value:g} s is out of range; give between {MIN_TIME_LIMIT_S:g} and {MAX_TIME_LIMIT_S:g} seconds", EXIT_BAD_INPUT)
    return value


def _load_request(path: Path) -> PlanRequest:
    from hamplan.io import load_request

    try:
        return load_request(path)
    except RequestError as exc:
        message = str(exc)
        if exc.source is None and str(path) not in message:
            message = f"{path}: {message}"
        _fail(message, EXIT_BAD_INPUT)


@contextlib.contextmanager
def _interruptible(stopped_by: list[int]) -> Iterator[None]:
    """SIGTERM stops the block like Ctrl-C does (a KeyboardInterrupt), noting which signal."""

    def stop(signum: int, _frame: object) -> None:
        stopped_by.append(signum)
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (an embedding program): its signals are its own
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _version(value: bool) -> None:
    if value:
        out.print(f"hamplan {__version__}")
        raise typer.Exit(0)


# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------

OutDir = Annotated[Path, typer.Option("--out", "-o", help="Directory to write into (created if missing).", show_default=True)]
FormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help=f"Comma-separated formats to write: {','.join(PLAN_FORMATS)} (fit: one FIT workout file per "
        "session in DIR/workouts/, with index.csv).",
        show_default=True,
    ),
]
BatchFormatOpt = Annotated[
    str,
    typer.Option("--format", "-f", help=f"Comma-separated formats to write: {','.join(FORMATS)}.", show_default=True),
]


#: Wall-clock seconds a plan may take before the solver is stopped (a backstop: the solver's
#: deterministic work limit normally ends it first, on any machine, and keeps plans reproducible).
DEFAULT_TIME_LIMIT_S = 10.0
MIN_TIME_LIMIT_S, MAX_TIME_LIMIT_S = 0.1, 3600.0
TimeLimitOpt = Annotated[
    float,
    typer.Option(
        "--time-limit",
        metavar="SECONDS",
        callback=_seconds_in_range,
        help="Wall-clock bound of the planning, 0.1–3600 s. The solver's fixed work limit normally ends it sooner "
        "(and keeps plans identical on every machine); a plan stopped by this bound says so in its notes.",
    ),
]


@app.callback()
def _main(
    version: Annotated[
        Optional[bool],  # noqa: UP007 - typer reads the annotation at run time
        typer.Option("--version", "-V", help="Print the version and exit.", callback=_version, is_eager=True),
    ] = None,
) -> None:
    """Hamstring-safe running plans."""


@app.command()
def generate(
    request: Annotated[
        Path, typer.Argument(metavar="REQUEST", help="The plan request, a TOML or JSON file.", show_default=False)
    ],
    out_dir: OutDir = DEFAULT_OUT,
    fmt: FormatOpt = ALL_FORMATS,
    time_limit: TimeLimitOpt = DEFAULT_TIME_LIMIT_S,
) -> None:
    """Plan REQUEST and write <plan_id>.json/.ics/.html/.pdf (and with --format fit, workouts/) into the output directory.

    All formats appear together or none does: every format is rendered in memory, written into
    a staging folder inside the output directory, then renamed in (a full disk or a kill leaves
    the directory as it was; leftovers of a killed run are removed by the next).
    """
    formats = _formats(fmt)
    loaded = _load_request(request)
    _warn_if_past(loaded)
    _plan_and_write(loaded, out_dir, formats, time_limit)


def _today(zone: str) -> date:
    """Today where the runner is, in the request's ``time_zone`` (the one reading of the clock
    here, so that tests can set it)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(zone)).date()


def _warn_if_past(request: PlanRequest) -> None:
    """A race date already past is planned as asked, and said: a wrong year is an easy typo (a
    plan of 2025 for a runner in 2026 came without a word)."""
    today = _today(request.time_zone)
    if request.race.date < today:
        err.print(
            f"[bold yellow]warning:[/] race.date {request.race.date.isoformat()} is already past (today is {today.isoformat()}): "
            "planned as asked; check the year"
        )


@app.command()
def demo(out_dir: OutDir = DEFAULT_OUT, fmt: FormatOpt = ALL_FORMATS, time_limit: TimeLimitOpt = DEFAULT_TIME_LIMIT_S) -> None:
    """Plan the bundled example (a first half marathon) and write every format, no arguments needed."""
    from hamplan.io import load_request

    formats = _formats(fmt)
    resource = resources.files("hamplan").joinpath(*DEMO_RESOURCE)
    request = load_request(tomllib.loads(resource.read_text(encoding="utf-8")))
    out.print(f"Demo request: {resource.name} (a first half marathon on four running days a week)")
    _plan_and_write(request, out_dir, formats, time_limit)


@app.command()
def check(
    plan_file: Annotated[
        Path, typer.Argument(metavar="PLAN.json", help="A plan written by 'hamplan generate'.", show_default=False)
    ],
) -> None:
    """Check a plan against every safety rule (exit 1 if any is broken) and print the coaching
    advice apart: advice never changes the exit code."""
    import hamplan

    try:
        plan = hamplan.load_plan(plan_file)
    except RequestError as exc:
        message = str(exc)
        if exc.source is None and str(plan_file) not in message:
            message = f"{plan_file}: {message}"
        _fail(message, EXIT_BAD_INPUT)
    try:
        violations = hamplan.check(plan)
        advice = hamplan.advise(plan)
    except Exception as exc:  # noqa: BLE001 - a hand-made plan the checker cannot read is bad input
        _fail(f"{plan_file}: the plan cannot be checked ({type(exc).__name__}: {exc}); is it a plan hamplan wrote?", EXIT_BAD_INPUT)
    name = _escape(str(plan_file))
    from hamplan.export.display import units_of, weeks_before

    before = weeks_before(plan)  # a re-plan's weeks as its pages number them
    text = units_of(plan).text  # in the plan's unit, as `generate` and `replan` print them
    if advice:
        out.print(_findings_table(f"{len(advice)} coaching advice in {name} (not safety violations)", advice, before, text))
    if not violations:
        out.print(f"{name}: no violations ({len(plan.weeks)} weeks, {len(plan.sessions)} sessions)")
        return
    count = f"{len(violations)} rule violation{'s' if len(violations) != 1 else ''}"
    out.print(_findings_table(f"{count} in {name}", violations, before, text))
    raise typer.Exit(EXIT_VIOLATIONS)


def _findings_table(title: str, findings: list[Any], weeks_before: int = 0, text: Callable[[str], str] = str) -> Table:
    """Violations or advice as a table: rule, where, what (a week numbered as the plan's pages
    number it: a re-plan's go on from the first plan's start, ``weeks_before``; its distances
    and paces in the plan's unit, ``text``: `check` printed a miles plan's advice in km)."""
    table = Table(title=title, title_justify="left")
    table.add_column("rule")
    table.add_column("where")
    table.add_column("problem", overflow="fold")
    for v in findings:
        where = v.date.isoformat() if v.date else (f"week {weeks_before + v.week}" if v.week else "plan")
        table.add_row(v.rule, where, _escape(text(v.message)))
    return table


@app.command()
def schema(
    which: Annotated[str, typer.Argument(metavar="request|plan", help="Which schema: 'request' or 'plan'.", show_default=False)],
) -> None:
    """Print the JSON Schema of a plan request or of a plan."""
    import json

    import hamplan

    key = which.strip().lower()
    if key not in ("request", "plan"):
        _fail(f"unknown schema {which!r}; use 'request' or 'plan'", EXIT_BAD_INPUT)
    data = hamplan.request_schema() if key == "request" else hamplan.plan_schema()
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------------------------------------
# batch: many requests from a JSON Lines file (library code in hamplan.batch)
# ---------------------------------------------------------------------------------------------

BATCH_DEFAULT_FORMATS = "json,ics"


def _batch_status_table(counts: dict[str, int], seconds: float) -> Table:
    total = sum(counts.values())
    table = Table(title=f"{total} request{'s' if total != 1 else ''} in {seconds:.1f} s", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("status")
    table.add_column("count", justify="right")
    for status, count in counts.items():
        table.add_row(status, str(count))
    table.add_row("total", str(total), end_section=True)
    return table


@app.command()
def batch(
    requests_file: Annotated[
        Path,
        typer.Argument(
            metavar="REQUESTS.jsonl",
            help="One JSON request per line, each with an 'id' (a line without one is named line-<n>).",
            show_default=False,
        ),
    ],
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="Directory for one folder per request and summary.csv.", show_default=False)
    ],
    workers: Annotated[
        int, typer.Option("--workers", "-w", min=0, help="Local worker processes (0: plan in this process).")
    ] = os.cpu_count() or 1,
    scheduler: Annotated[
        Optional[str],  # noqa: UP007 - typer reads the annotation at run time
        typer.Option("--scheduler", metavar="ADDRESS", help='Run on a Dask cluster (tcp://host:8786) instead; needs "hamplan[dask]".'),
    ] = None,
    fmt: BatchFormatOpt = BATCH_DEFAULT_FORMATS,
    limit: Annotated[
        float,
        typer.Option(
            "--limit", metavar="SECONDS", callback=_seconds_in_range,
            help="Wall-clock bound of each request's planning (a backstop, as generate --time-limit).",
        ),
    ] = DEFAULT_TIME_LIMIT_S,
    deterministic_limit: Annotated[
        Optional[float],  # noqa: UP007
        typer.Option("--deterministic-limit", min=0.01, help="The solver's work limit of each solve (default: the planner's)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Plan every request again, even those up to date.")] = False,
) -> None:
    """Plan every request of REQUESTS.jsonl into OUT/<id>/ and write OUT/summary.csv.

    A request that is invalid or infeasible gets its row in summary.csv and never stops the
    others. Re-running skips requests whose outputs are complete and up to date. Exit 0 when the
    batch ran (whatever its rows say), 2 when REQUESTS.jsonl cannot be read.
    """
    import time

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    from hamplan import batch as batch_lib

    class RateColumn(ProgressColumn):
        def render(self, task) -> Text:  # type: ignore[no-untyped-def]
            speed = task.finished_speed or task.speed
            return Text("—/s" if speed is None else f"{speed:.1f}/s")

    formats = _formats(fmt, FORMATS)
    _check_out_dir(out_dir)
    try:
        total = batch_lib.count_jsonl(requests_file)
        items = batch_lib.read_jsonl(requests_file)
    except OSError as exc:
        _fail(f"cannot read {requests_file}: {exc.strerror or exc}", EXIT_BAD_INPUT)
    client = None
    if scheduler:
        try:
            client = batch_lib.connect(scheduler)
        except MissingExtraError as exc:
            _fail(str(exc), EXIT_MISSING_LIBRARY)
        except Exception as exc:  # noqa: BLE001 - OSError, TimeoutError, … from distributed
            _fail(f"cannot reach the Dask scheduler at {shorten(scheduler)}: {exc}", EXIT_BAD_INPUT)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        summary = batch_lib.SummaryWriter(out_dir / batch_lib.SUMMARY_NAME)
    except OSError as exc:
        if client is not None:
            client.close()
        _fail(f"cannot write to {out_dir}: {exc.strerror or exc}", EXIT_BAD_INPUT)

    counts = dict.fromkeys(batch_lib.STATUSES, 0)
    started = time.perf_counter()
    where = f"on {_escape(scheduler)}" if scheduler else f"{workers} worker{'s' if workers != 1 else ''}"
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )
    stopped_by: list[int] = []
    try:
        with progress, summary, _interruptible(stopped_by):
            task = progress.add_task(f"Planning ({where})", total=total)

            def advance(result: batch_lib.BatchResult) -> None:
                counts[result.status] += 1
                progress.advance(task)

            for result in batch_lib.iter_many(
                items,
                workers=workers,
                client=client,
                out_dir=out_dir,
                formats=formats,
                deterministic_limit=deterministic_limit,
                time_limit_s=limit,
                resume=not force,
                on_result=advance,
            ):
                summary.write(result)
    except KeyboardInterrupt:
        done = sum(counts.values())
        # the summary lists results in input order: a finished one may wait behind one still running
        listed = (
            f"listed in {batch_lib.SUMMARY_NAME}.partial" if summary.rows >= done
            else f"{summary.rows} listed in {batch_lib.SUMMARY_NAME}.partial, which keeps the input's order; "
            "the others finished behind a request still running"
        )
        err.print(
            f"stopped after {done} of {total} requests: what finished is kept in {_escape(str(out_dir))} "
            f"({listed}); run the same command again to plan the rest"
        )
        raise typer.Exit(128 + (stopped_by[0] if stopped_by else signal.SIGINT)) from None
    except OSError as exc:
        _fail(f"cannot write to {out_dir}: {exc.strerror or exc}", EXIT_BAD_INPUT)
    finally:
        if client is not None:
            client.close()
    out.print(_batch_status_table(counts, time.perf_counter() - started))
    out.print(f"summary: {_escape(str(summary.path))}")


# ---------------------------------------------------------------------------------------------


def _load_plan(plan_file: Path) -> Plan:
    import hamplan

    try:
        return hamplan.load_plan(plan_file)
    except RequestError as exc:
        message = str(exc)
        if exc.source is None and str(plan_file) not in message:
            message = f"{plan_file}: {message}"
        _fail(message, EXIT_BAD_INPUT)


#: A re-plan's changes listed one by one in this many plan weeks from its first day's; each later
#: week's in a row of its own.
CHANGES_SHOWN_WEEKS = 2


def _print_changes(new: Plan, old: Plan) -> None:
    """One row per change a runner can see; sessions whose wording alone changed as one line; the
    reason once (see :func:`_reasons_once`)."""
    from hamplan.export.display import units_of, week_index_of, weeks_before

    text = units_of(new).text
    changes = new.changes_since(old)
    shown = [c for c in changes if c.change != "adjusted"]
    adjusted = len(changes) - len(shown)
    table = Table(title=f"{len(changes)} change(s) since the previous plan", title_justify="left")
    for column in ("date", "session", "change"):
        table.add_column(column, overflow="fold")
    first = new.replanned_on or min((c.date for c in changes), default=None)
    first_week = None if first is None else week_index_of(new, first)
    later: dict[int, Counter[str]] = {}
    for c in shown:
        week = week_index_of(new, c.date)
        # the week of the re-plan's first day and the next are listed whole
        if week is not None and first_week is not None and week >= first_week + CHANGES_SHOWN_WEEKS:
            later.setdefault(week, Counter())[c.change] += 1
            continue
        what = c.after if c.change == "added" else (c.before if c.change == "dropped" else f"{c.before} → {c.after}")
        table.add_row(c.date.isoformat(), _escape(text(what)), c.change)
    before = weeks_before(new)
    for week, counts in sorted(later.items()):
        # the weeks after the next two, a row each: a missed week re-made 148 sessions, a wall of
        # text a runner reads on the week's pages anyway
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        count = sum(counts.values())
        table.add_row(
            new.weeks[week - 1].start.isoformat(),
            f"week {before + week}: {count} session{'s' if count != 1 else ''} ({kinds}); its page shows them", "later",
        )
    if adjusted:
        whose = "session's" if adjusted == 1 else "sessions'"
        table.add_row(
            "", f"{adjusted} {whose} content adjusted (exercises, cues or poses; same time, length and effort)",
            "adjusted",
        )
    out.print(table)
    for reason in _reasons_once(changes):
        out.print(f"why: {_escape(text(reason))}")


def _reasons_once(changes: list[Any]) -> list[str]:
    """The changes' reasons, each once. A re-plan's changes during its easier days and after
    them give one reason in two lengths (the longer one goes on to say what follows the easier
    days): the longer says both."""
    reasons = list(dict.fromkeys(c.reason for c in changes))
    return [r for r in reasons if not any(other != r and other.startswith(r) for other in reasons)]


PlanArg = Annotated[Path, typer.Argument(metavar="PLAN.json", help="The current plan (from 'hamplan generate').", show_default=False)]


@app.command()
def replan(
    plan_file: PlanArg,
    log_file: Annotated[Path, typer.Argument(metavar="LOG", help="What was done: CSV with a header (date,kind,type,distance_km,duration_min,rpe,note) or JSON; kind is run, strength, mobility or race. A planned session not in the log was missed; a log of runs only takes the plan's strength and mobility sessions as done.", show_default=False)],
    today: Annotated[str, typer.Option("--today", help="First day of the new plan (YYYY-MM-DD); days before it come from the log.", show_default=False)],
    out_dir: OutDir = DEFAULT_OUT,
    fmt: FormatOpt = ALL_FORMATS,
    time_limit: TimeLimitOpt = DEFAULT_TIME_LIMIT_S,
) -> None:
    """Re-plan from what was actually done: missed weeks rebuild gently, extra load eases the next week."""
    from hamplan.replanning import load_log
    from hamplan.replanning import replan as do_replan

    day = _parse_day(today, "--today")
    old = _load_plan(plan_file)
    try:
        log = load_log(log_file)
    except RequestError as exc:
        _fail(str(exc) if exc.source else f"{log_file}: {exc}", EXIT_BAD_INPUT)
    new = _plan_and_write(old.request, out_dir, _formats(fmt), time_limit, lambda: do_replan(old, log, day, time_limit_s=time_limit))
    _print_changes(new, old)


@app.command()
def pause(
    plan_file: PlanArg,
    start: Annotated[str, typer.Option("--from", help="First day off (YYYY-MM-DD).", show_default=False)],
    end: Annotated[str, typer.Option("--to", help="Last day off (YYYY-MM-DD).", show_default=False)],
    reason: Annotated[str, typer.Option("--reason", help="illness, travel or niggle (a hamstring niggle).")] = "illness",
    out_dir: OutDir = DEFAULT_OUT,
    fmt: FormatOpt = ALL_FORMATS,
    time_limit: TimeLimitOpt = DEFAULT_TIME_LIMIT_S,
) -> None:
    """Pause training (illness, travel, a hamstring niggle), then return gradually."""
    from hamplan.replanning import pause as do_pause

    first, last = _parse_day(start, "--from"), _parse_day(end, "--to")
    old = _load_plan(plan_file)

    def paused() -> Plan:
        try:
            return do_pause(old, first, last, reason, time_limit_s=time_limit)
        except RequestError as exc:  # said in the options the runner typed, not the function's arguments
            options = {"start": "--from", "end": "--to", "reason": "--reason"}
            raise RequestError([(options.get(field, field), message) for field, message in exc.problems], exc.source) from None

    new = _plan_and_write(old.request, out_dir, _formats(fmt), time_limit, paused)
    _print_changes(new, old)


# ---------------------------------------------------------------------------------------------
# publish: the plan as a live CalDAV calendar (library code in hamplan.export.publish)
# ---------------------------------------------------------------------------------------------


@app.command()
def publish(
    plan_file: Annotated[
        Path, typer.Argument(metavar="PLAN.json", help="The plan to publish (from 'hamplan generate' or 'hamplan replan').", show_default=False)
    ],
    url: Annotated[
        str,
        typer.Option(
            "--url",
            help="The calendar's address, or your CalDAV account's or server's (then the calendar named after the "
            "plan's id is used or made there). https://, or http:// to this machine.",
            show_default=False,
        ),
    ],
    user: Annotated[
        Optional[str],  # noqa: UP007 - typer reads the annotation at run time
        typer.Option("--user", "-u", help="User name on the server; the password is read from HAMPLAN_CALDAV_PASSWORD.", show_default=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite events you changed in your calendar (kept and listed as conflicts otherwise).")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be created, updated, removed and kept; change nothing.")] = False,
    allow_http: Annotated[bool, typer.Option("--allow-http", help="Allow plain http:// to another machine (unencrypted: a network you trust only).")] = False,
    state: Annotated[
        Optional[Path],  # noqa: UP007
        typer.Option("--state", metavar="PATH", help="Where to keep what was published (default: <plan>.caldav.json beside the plan).", show_default=False),
    ] = None,
) -> None:
    """Publish the plan to a CalDAV calendar and keep it in step after re-plans.

    The first run creates the calendar and one event per session. After 'hamplan replan',
    publishing again updates only the sessions that changed, removes the dropped ones and sends
    nothing for the rest. An event you moved or edited in your calendar app is left as you have
    it and listed as a conflict (--force overwrites it). The password comes from the environment
    variable HAMPLAN_CALDAV_PASSWORD only. Exit 2: wrong URL, refused login, not a CalDAV
    server, or no network (the state file then records exactly what reached the server).
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from hamplan.errors import PublishError
    from hamplan.export.publish import PASSWORD_ENV
    from hamplan.export.publish import publish as do_publish
    from hamplan.export.publish.state import state_path_for

    password = os.environ.get(PASSWORD_ENV) or None
    if user and password is None:
        _fail(f"--user {user} needs the password in the environment variable {PASSWORD_ENV}", EXIT_BAD_INPUT)
    plan = _load_plan(plan_file)
    bar = Progress(TextColumn("Publishing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err, transient=True)
    task = None

    def advance(done: int, total: int) -> None:
        nonlocal task
        if task is None:  # shown from the first request on, so a run with nothing to send prints no bar
            bar.start()
            task = bar.add_task("publish", total=total)
        bar.update(task, completed=done)

    try:
        report = do_publish(
            plan, url, user=user, password=password, state_path=state or state_path_for(plan_file), force=force,
            dry_run=dry_run, allow_http=allow_http, progress=advance,
        )
    except MissingExtraError as exc:
        _fail(str(exc), EXIT_MISSING_LIBRARY)
    except (PublishError, RequestError) as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    finally:
        bar.stop()
    _print_publish_report(report)


def _print_publish_report(report: PublishReport) -> None:
    verb = {"create": "create", "update": "update", "remove": "remove", "conflict": "kept: conflict"}
    if not report.dry_run:
        verb.update(create="created", update="updated", remove="removed")
    # Every event created (a first publish): the count says it all; otherwise each is listed.
    everything_new = all(c.action == "create" for c in report.changes)
    shown = [c for c in report.changes if c.action in verb and (report.dry_run or c.action != "create" or not everything_new)]
    where = _escape(report.calendar_url)
    if report.dry_run:
        out.print(f"Dry run, nothing changed: {where}" + (" (the calendar would be created)" if report.calendar_created else ""))
    else:
        out.print(f"Published to {where}" + (" (calendar created)" if report.calendar_created else ""))
    if shown:
        table = Table(box=box.SIMPLE_HEAD)
        for column in ("date", "session", "change", "why"):
            table.add_column(column, overflow="fold")
        for c in shown:
            table.add_row(c.day.isoformat(), _escape(c.title), verb[c.action], _escape(c.why))
        out.print(table)
    out.print(("would be: " if report.dry_run else "") + report.summary())
    if report.conflicts:
        out.print(
            f"{len(report.conflicts)} event(s) changed in your calendar were left as you have them; "
            "publish with --force to overwrite them with the plan"
        )


class _PlainUsageCommand(TyperCommand):
    """A command whose usage line names its arguments as ``--help`` documents them
    (``hamplan check [OPTIONS] PLAN.json``), not in the braces typer puts round required ones."""

    def collect_usage_pieces(self, ctx: typer.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]


for _command in app.registered_commands:
    if _command.cls in (None, TyperCommand):
        _command.cls = _PlainUsageCommand


def _parse_day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        from hamplan.io import date_problem

        _fail(f"{option}: {date_problem(text)} (got {quoted(text)})", EXIT_BAD_INPUT)


class _StandardOutput:
    """Standard output (or error) that ends the program quietly with :data:`EXIT_READER_GONE` when
    its reader is gone. Only the standard streams: SIGPIPE back at its default ended the batch process itself
    when Ctrl-C stopped it in its first second, where the worker pool's broken pipes must raise
    and be handled."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._end_quietly()

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._end_quietly()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def _end_quietly(self) -> NoReturn:
        # Python flushes standard output once more at exit: into /dev/null that flush cannot
        # fail again and print "Exception ignored ... BrokenPipeError" (the Python docs' note on
        # SIGPIPE). Every command has written its files before it prints.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())
            os.close(devnull)
        raise SystemExit(EXIT_READER_GONE)


@contextlib.contextmanager
def _reader_may_leave_early() -> Iterator[None]:
    """Inside the block, a closed standard output or error (``hamplan generate ... | head -1``,
    ``... 2>&1 | head -1``) ends the program with :data:`EXIT_READER_GONE` instead of the command
    line library's exit code 1 (a refusal's message piped with its output exited 1, "violations
    found")."""
    originals = (sys.stdout, sys.stderr)
    if originals[0] is not None:
        sys.stdout = _StandardOutput(originals[0])
    if originals[1] is not None:
        sys.stderr = _StandardOutput(originals[1])
    try:
        yield
    finally:
        try:
            # what is still buffered (``schema``), while a closed reader ends quietly; any other
            # failure (a full disk) is left to the interpreter's own flush at exit, as before
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:
                    with contextlib.suppress(OSError, ValueError):
                        stream.flush()
        finally:
            sys.stdout, sys.stderr = originals


def main() -> None:
    """Console-script entry point."""
    with _reader_may_leave_early():
        try:
            app()
        except HamplanError as exc:  # anything not handled by a command: still no traceback
            err.print(f"[bold red]error:[/] {_escape(shorten(str(exc), MAX_MESSAGE_CHARS))}")
            sys.exit(EXIT_BAD_INPUT)
        except Exception as exc:  # a bug: say so in a few lines (HAMPLAN_DEBUG=1 shows the traceback)
            if os.environ.get("HAMPLAN_DEBUG"):
                raise
            err.print(f"[bold red]internal error:[/] {_escape(shorten(f'{type(exc).__name__}: {exc}'))} (please report it)")
            sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":  # pragma: no cover
    main()
