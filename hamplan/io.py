"""The one guarded entry for everything hamplan reads: request files and texts, dicts, JSON Lines,
training logs and plan files.

Whatever arrives (a directory, ``/dev/zero``, binary or non-UTF-8 bytes, JSON nested 100,000
levels deep, a 5000-digit number, a 10 MB name), the caller gets a validated model or a
:class:`RequestError` naming the field, a shortened value and what is allowed — never another
exception, never an unbounded read.
"""

from __future__ import annotations

import calendar
import contextlib
import difflib
import json
import re
import tomllib
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from hamplan.errors import MAX_PROBLEMS, RequestError, quoted, shorten
from hamplan.models import KM_PER_MI, Plan, PlanRequest

#: Largest request, log or plan file read (a year of plan with a year of history is ~2 MB).
MAX_INPUT_BYTES = 8 * 1024 * 1024

_Model = TypeVar("_Model", bound=BaseModel)


def _field_path(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif str(item).startswith(("function-", "literal[", "float", "constrained-")) or "[" in str(item):
            continue  # pydantic's union-branch labels say nothing to a runner
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts).replace(".from_", ".from")


def problems_of(error: ValidationError) -> list[tuple[str, str]]:
    """One (field, message) per problem, deduplicated, in pydantic's order; values shortened;
    pydantic's wording put plainly ("missing", "at most 100", "a number of km")."""
    items = error.errors(include_url=False)
    missing = {tuple(i.get("loc", ())) for i in items if i.get("type") == "missing"}
    seen: dict[str, str] = {}
    for item in items:
        loc = tuple(item.get("loc", ()))
        field = _field_path(loc)
        kind = item.get("type")
        message = _plain_message(item, field)
        if kind == "extra_forbidden":
            message = "unknown field (check the spelling; unknown fields are refused)"
            known = [str(m[-1]) for m in missing if m[:-1] == loc[:-1]] or _fields_at(error.title, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.75) if loc else []
            if close:
                message = f"unknown field; did you mean {close[0]}?"
        elif "input" in item and kind != "missing" and not isinstance(item["input"], (dict, list)):
            message += f" (got {quoted(item['input'])})"
        if field not in seen:
            seen[field] = message
        elif message not in seen[field] and kind != "extra_forbidden":
            seen[field] += f"; or {message}"
    # a misspelt field's "did you mean" before the "missing" it causes: the cause first (a runner
    # read "runner.weekly_km: missing", then the misspelling on the next line)
    return sorted(seen.items(), key=lambda problem: "did you mean" not in problem[1])


_NUMBER_TYPES = frozenset({"float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"})
_BOUNDS = {"less_than_equal": ("le", "at most"), "greater_than_equal": ("ge", "at least"),
           "less_than": ("lt", "less than"), "greater_than": ("gt", "more than")}
_MILES = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:mi|mile|miles)\s*$", re.IGNORECASE)


def _plain_message(item: Mapping[str, Any], field: str) -> str:
    """pydantic's message for one problem, in the words of the request's documentation."""
    kind = item.get("type")
    context = item.get("ctx") or {}
    if kind == "missing":
        return "missing"
    if kind in _BOUNDS and _BOUNDS[kind][0] in context:
        bound_key, words = _BOUNDS[kind]
        bound = context[bound_key]
        return f"{words} {bound:g}" if isinstance(bound, float) else f"{words} {bound}"
    if kind in _NUMBER_TYPES:
        whole = kind.startswith("int")
        name = field.rsplit(".", 1)[-1]
        if field.endswith("_km") or name in ("distance", "distance_km"):
            text = "a number of km (distances are km whatever 'units' says"
            miles = _MILES.match(str(item.get("input", "")))
            if miles:
                text += f"; {miles[1]} mi is {float(miles[1]) * KM_PER_MI:.1f} km"
            return text + ")"
        if field.endswith(("_min", "_s")) or ".max_minutes." in f".{field}":
            return f"a {'whole ' if whole else ''}number of {'seconds' if field.endswith('_s') else 'minutes'}, without a unit"
        return "a whole number" if whole else "a number"
    if str(kind).startswith("date_"):  # date_parsing, date_from_datetime_parsing, date_type, …
        return date_problem(item.get("input"))
    if kind == "literal_error" and "expected" in context:
        # the request's own words: "units: 'km' or 'mi' (got 'miles')", not the library's
        # "Input should be 'km' or 'mi'"
        return f"{context['expected']}"
    return str(item.get("msg", "invalid")).removeprefix("Value error, ")


#: What every date a request, a log or an option holds is written as.
DATE_FORMAT = "a date as YYYY-MM-DD, e.g. 2027-04-18"
#: A date as people write it: year first (2027-02-30, 2027-2-3), or year last with day and month
#: in either order (28.02.2027, 02/28/2027); a time of day may follow.
_WRITTEN_DATE = re.compile(
    r"\s*(?P<first>\d{1,4})[-./](?P<middle>\d{1,2})[-./](?P<last>\d{1,4})(?P<clock>[Tt ]\d{1,2}:\S*)?\s*"
)


def date_problem(value: Any) -> str:
    """What a date is written as, with why ``value`` is not one where its numbers say it: a day
    the calendar does not have, a time of day, or the date it means written another way."""
    text = value.isoformat() if isinstance(value, date) else value  # a datetime, from TOML
    written = _WRITTEN_DATE.fullmatch(text) if isinstance(text, str) else None
    numbers = _year_month_day(written) if written else None
    if numbers is None:
        return DATE_FORMAT
    missing = _not_in_calendar(*numbers)
    if missing:
        return f"{missing}; {DATE_FORMAT}"
    if written and written["clock"]:
        return f"{DATE_FORMAT}, without a time of day"
    meant = date(*numbers).isoformat()
    return DATE_FORMAT if meant == text.strip() else f"{DATE_FORMAT}; did you mean {meant}?"


def _year_month_day(written: re.Match[str]) -> tuple[int, int, int] | None:
    """The year, month and day a written date means; None where day and month could be either
    (03.04.2027)."""
    first, middle, last = int(written["first"]), int(written["middle"]), int(written["last"])
    if len(written["first"]) == 4:
        return first, middle, last
    if len(written["last"]) != 4:
        return None
    if first > 12 or first == middle:
        return last, middle, first  # 28.02.2027: day first
    if middle > 12:
        return last, first, middle  # 02/28/2027: month first
    return None


def _not_in_calendar(year: int, month: int, day: int) -> str | None:
    """Why the calendar has no such day (no month 13, no 30 February), or None."""
    if not 1 <= year <= 9999:
        return f"no year {year}"
    if not 1 <= month <= 12:
        return f"no month {month:02d} (months are 01 to 12)"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"no such day: {calendar.month_name[month]} {year} has {days} days"
    return None


def _fields_at(model_name: str, loc: tuple[Any, ...]) -> list[str]:
    """The field names (as written in a request) of the model at ``loc`` under ``model_name``."""
    import hamplan.models

    model: Any = getattr(hamplan.models, model_name, None)
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or str(part) not in model.model_fields:
            return []
        model = next((t for t in _types_in(model.model_fields[str(part)].annotation) if issubclass(t, BaseModel)), None)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return []
    return [f.alias or name for name, f in model.model_fields.items()]


def _types_in(annotation: Any) -> list[type]:
    """Every class inside an annotation (``list[Blackout] | None`` → ``[Blackout, NoneType]``)."""
    if isinstance(annotation, type) and not typing.get_args(annotation):
        return [annotation]
    return [t for arg in typing.get_args(annotation) for t in _types_in(arg)]


@contextlib.contextmanager
def guarded(source: str | None = None) -> Iterator[None]:
    """Every failure inside becomes a :class:`RequestError` (with ``source``): validation errors
    field by field, anything else (a recursion limit, an overflow, an integer too long to
    convert, memory) as one shortened problem. The one place input errors are translated."""
    try:
        yield
    except RequestError:
        raise
    except ValidationError as exc:
        raise RequestError(problems_of(exc), source) from None
    except RecursionError:
        raise RequestError([("", "nested too deeply (a request is a few levels of tables)")], source) from None
    except MemoryError:
        raise RequestError([("", "too large to read")], source) from None
    except (ValueError, OverflowError, TypeError, OSError, UnicodeError) as exc:
        raise RequestError([("", shorten(f"cannot be used: {exc}"))], source) from None


def read_text(source: str | Path, what: str = "request") -> str:
    """The text of a file: at most :data:`MAX_INPUT_BYTES`, UTF-8 (a BOM is dropped), not a directory."""
    path = Path(source)
    name = shorten(str(path))
    is_dir = False
    with contextlib.suppress(OSError, ValueError):
        is_dir = path.is_dir()
    if is_dir:
        raise RequestError([("", f"{name} is a directory; give the {what} file")])
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise RequestError([("", f"no such file: {name}")]) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise RequestError([("", f"cannot read {name}: {shorten(reason)}")]) from None
    if len(data) > MAX_INPUT_BYTES:
        raise RequestError([("", f"larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB; a {what} file is a few kB")], name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RequestError(
            [("", f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); save the {what} as UTF-8")], name
        ) from None


def parse_json(text: str, source: str | None = None) -> Any:
    """JSON text → Python data, or a RequestError (bad syntax, deep nesting, huge numbers)."""
    with guarded(source):
        try:
            return json.loads(text, parse_constant=_no_constant)
        except json.JSONDecodeError as exc:
            raise RequestError([("", f"not valid JSON: {shorten(str(exc))}")], source) from None


def _no_constant(name: str) -> Any:
    raise RequestError([("", f"not valid JSON: {name} is not a number JSON allows")])


def parse_toml(text: str, source: str | None = None) -> Any:
    """TOML text → Python data, or a RequestError. A date TOML refuses (2027-02-30, 28.02.2027)
    is named by its field, as a date in JSON is: the parser names only a line and a column."""
    with guarded(source):
        text = text.replace("\r\n", "\n")  # the text the parser counts lines and columns in
        bad_dates: list[_BadDate] = []
        while True:
            try:
                data = tomllib.loads(text)
            except tomllib.TOMLDecodeError as exc:
                bad = _bad_date_at(text, str(exc), number=len(bad_dates))
                if bad is None:
                    unplaced = [b.problem() for b in bad_dates]
                    raise RequestError([*unplaced, ("", f"not valid TOML: {shorten(str(exc))}")], source) from None
                bad_dates.append(bad)
                if len(bad_dates) > _rereads_allowed(text):
                    raise RequestError([b.problem() for b in bad_dates], source) from None
                text = bad.read_as_marker(text)
                continue
            if bad_dates:
                fields = _marker_fields(data)
                raise RequestError([b.problem(fields.get(b.marker)) for b in bad_dates], source)
            return data


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
#: A value written as a date (TOML's own form, or day and month first) that TOML may refuse.
_DATE_VALUE = re.compile(
    r"(?<![\w.:-])(?:\d{4}-\d{1,2}-\d{1,2}(?:[Tt ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?"
    r"|\d{1,2}[./]\d{1,2}[./]\d{4})(?![\w.:-])"
)
_KEY = re.compile(r"([A-Za-z0-9_-]+)[\"']?\s*=")
#: Text read again to find the fields of refused dates: at most twice the largest file, so a
#: large file full of them costs a few readings, not one per date.
_REREAD_CHARS = 2 * MAX_INPUT_BYTES


def _rereads_allowed(text: str) -> int:
    return min(MAX_PROBLEMS, _REREAD_CHARS // max(len(text), 1))


@dataclass(frozen=True)
class _BadDate:
    """A date the TOML parser refused: where it stands, as written, and the key before it."""

    line: int
    column: int
    offset: int
    written: str
    key: str
    number: int

    @property
    def marker(self) -> str:
        """The text that stands in for the date: a backspace and a number, which a request has no
        reason to hold."""
        return f"\b{self.number}"

    def read_as_marker(self, text: str) -> str:
        """``text`` with this date replaced by its marker as a TOML string of the same width, so
        that reading it again places the date in the data, and the lines and columns of later
        errors stay as in the file."""
        marker = f'"\\b{self.number}"'.ljust(len(self.written))
        return text[: self.offset] + marker + text[self.offset + len(self.written) :]

    def problem(self, field: str | None = None) -> tuple[str, str]:
        """The problem as its field's (``race.date``), else as the key on its line (``date``)."""
        where = f"line {self.line}, column {self.column}"
        return field or self.key, f"{date_problem(self.written)} (got {shorten(self.written)}, {where})"


def _bad_date_at(text: str, message: str, number: int) -> _BadDate | None:
    """The date-like value at the position a TOML error names, if one stands there."""
    position = _TOML_POSITION.search(message)
    if position is None:
        return None
    line_number, column = int(position[1]), int(position[2])
    lines = text.split("\n")
    if not 1 <= line_number <= len(lines):
        return None
    line = lines[line_number - 1]
    for value in _DATE_VALUE.finditer(line):
        before = line[: value.start()]
        # a value of its own (after "=", "[", "," or "{", or first on its line), not a date in a text
        if value.start() <= column - 1 <= value.end() and before.rstrip()[-1:] in ("", "=", "[", ",", "{"):
            keys = _KEY.findall(before)
            line_start = sum(len(before) + 1 for before in lines[: line_number - 1])
            key = keys[-1] if keys else ""
            return _BadDate(line_number, value.start() + 1, line_start + value.start(), value.group(), key, number)
    return None


def _marker_fields(data: Any, path: str = "") -> dict[str, str]:
    """Each marker string in parsed TOML → the dotted field it stands in (``schedule.blackout[0].from``)."""
    if isinstance(data, dict):
        return {m: f for key, value in data.items() for m, f in _marker_fields(value, f"{path}.{key}" if path else str(key)).items()}
    if isinstance(data, list):
        return {m: f for i, value in enumerate(data) for m, f in _marker_fields(value, f"{path}[{i}]").items()}
    return {data: path} if isinstance(data, str) and data.startswith("\b") else {}


def validate(model: type[_Model], data: Any, source: str | None = None) -> _Model:
    """``model`` validated from already-parsed data, every failure a RequestError."""
    with guarded(source):
        if not isinstance(data, Mapping):
            raise RequestError([("", f"a {_noun(model)} is a table / object of fields (got {type(data).__name__})")], source)
        return model.model_validate(dict(data))


def _noun(model: type[BaseModel]) -> str:
    return {PlanRequest: "request", Plan: "plan"}.get(model, model.__name__)


def _looks_like_text(source: str) -> bool:
    stripped = source.lstrip()
    return stripped.startswith(("{", "[")) or "\n" in source


def read_data(source: str | Path, what: str = "request") -> tuple[Any, str | None]:
    """Parsed data and its origin from a path (``.json`` is JSON, anything else TOML) or from a
    text (JSON when it starts with ``{`` or ``[``, else TOML)."""
    if isinstance(source, str):
        if not source.strip():
            raise RequestError([("", f"no {what} given (an empty text); give a file path, JSON or TOML text")])
        if _looks_like_text(source):
            stripped = source.lstrip()
            return (parse_json(source) if stripped.startswith(("{", "[")) else parse_toml(source)), None
    path = Path(source)
    origin = shorten(str(path))
    text = read_text(path, what)
    if path.suffix.lower() == ".json":
        return parse_json(text, origin), origin
    return parse_toml(text, origin), origin


def load_request(source: str | Path | Mapping[str, Any] | PlanRequest) -> PlanRequest:
    """A validated :class:`PlanRequest` from a TOML / JSON file path, a JSON or TOML text, or a dict.

    Raises :class:`RequestError` naming every bad field, its value (shortened), and what would
    be valid — whatever the input holds.
    """
    if isinstance(source, PlanRequest):
        return source
    if isinstance(source, Mapping):
        return validate(PlanRequest, source)
    if not isinstance(source, (str, Path)):
        raise RequestError([("", f"a request is a file path, a JSON / TOML text or a dict (got {type(source).__name__})")])
    data, origin = read_data(source)
    return validate(PlanRequest, data, origin)


def load_plan(source: str | Path) -> Plan:
    """A plan from its JSON file (as written by ``plan.write_json`` or by hand)."""
    if not isinstance(source, (str, Path)):
        raise RequestError([("", f"a plan is read from a file path (got {type(source).__name__})")])
    origin = shorten(str(source))
    if isinstance(source, str) and not source.strip():
        raise RequestError([("", "no plan file given")])
    text = read_text(source, "plan")
    if str(source).lower().endswith(".toml"):
        raise RequestError(
            [("", "this is a TOML file, likely a request; a plan is the JSON file `hamplan generate` writes (hamplan generate REQUEST -o DIR, then DIR/<plan_id>.json)")],
            origin,
        )
    data = parse_json(text, origin)
    return validate(Plan, data, origin)
