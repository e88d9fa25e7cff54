"""The exceptions hamplan raises: one small hierarchy under :class:`HamplanError`."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from hamplan.models import PlanRequest

#: Longest value an error message quotes; the rest is cut (a 10 MB name must not come back whole).
MAX_QUOTED_CHARS = 200
#: Longest single problem line, and most problems listed, in one error message.
MAX_PROBLEM_CHARS = 600
MAX_PROBLEMS = 20
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Control characters plus the invisible bidirectional overrides that reorder what a reader sees.
_CONTROL_AND_BIDI = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_control(text: str) -> str:
    """``text`` without control characters (ESC, NUL, BEL, C1 codes …); tab and newline stay."""
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    """``text`` as one clean line: control and bidi-override characters gone, runs of
    whitespace (tabs, newlines) one space, no space at either end. For names and notes."""
    if text.isprintable():
        return text.strip()
    return " ".join(_CONTROL_AND_BIDI.sub(lambda m: " " if m.group() in "\t\n\r\v\f" else "", text).split())


def shorten(text: str, limit: int = MAX_QUOTED_CHARS) -> str:
    """``text`` cut to at most ``limit`` characters (an ellipsis says it was cut), control
    characters shown as ``?`` so that nothing quoted can steer a terminal."""
    text = _CONTROL.sub("?", text)
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)] + "…"


def quoted(value: object, limit: int = MAX_QUOTED_CHARS) -> str:
    """``repr(value)`` shortened for an error message; never raises (a 5000-digit integer has
    no ``repr`` under Python's integer-string limit)."""
    if isinstance(value, (datetime.date, datetime.time)):  # as a request writes it, not datetime.date(2027, 4, 18)
        return shorten(value.isoformat(), limit)
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1} digits"
    if isinstance(value, (str, bytes)) and len(value) > 4 * limit:
        value = value[: 4 * limit]  # repr of a 10 MB text would cost 10 MB first
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - any object may have a broken repr
        text = f"<{type(value).__name__}>"
    return shorten(text, limit)


class HamplanError(Exception):
    """Base class of every error hamplan raises on purpose.

    Every one survives a trip between processes (``pickle``: a process pool, a Dask worker)
    with its message and its fields: Python rebuilds an exception by calling its class with
    ``args``, which for these is the message alone, while their constructors take the parts the
    message is written from (a refusal came back as "these rules clash: N, o,  , s, a, f, e",
    its ``conflicts`` the message's characters; a ``RequestError`` or a time limit did not come
    back at all)."""

    def __reduce__(self) -> tuple[Any, ...]:
        return _restore_error, (type(self), self.args, self.__dict__)


def _restore_error(cls: type[HamplanError], args: tuple[Any, ...], fields: dict[str, Any]) -> HamplanError:
    """The error ``HamplanError.__reduce__`` took apart, its constructor not called again."""
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(fields)
    return error


class RequestError(HamplanError, ValueError):
    """A request (or log, or plan file) that cannot be used as given.

    ``problems`` lists one ``(field, message)`` pair per problem; the message of the exception
    joins them so a person reads every problem at once, not one per attempt. Every part is
    shortened (:func:`shorten`), so the message stays a few lines whatever the input held.
    """

    def __init__(self, problems: Sequence[tuple[str, str]], source: str | None = None) -> None:
        self.problems = [(shorten(str(field), MAX_QUOTED_CHARS), shorten(str(message), MAX_PROBLEM_CHARS)) for field, message in problems]
        self.source = None if source is None else shorten(str(source))
        where = f"{self.source}: " if self.source else ""
        lines = [f"{where}{field}: {message}" if field else f"{where}{message}" for field, message in self.problems[:MAX_PROBLEMS]]
        if len(self.problems) > MAX_PROBLEMS:
            lines.append(f"{where}… and {len(self.problems) - MAX_PROBLEMS} more problems")
        super().__init__("\n".join(lines))


#: What a :class:`Suggestion` changes, from the smallest kind of change to the largest.
SuggestionKind = Literal["race_date", "long_run_max_min", "max_minutes", "run_days", "blackout", "race_distance"]


@dataclass(frozen=True)
class Suggestion:
    """One change to the request that was planned with the full solve and gave a plan that
    passes every check.

    ``changes`` maps dotted request fields (``"race.date"``, ``"rules.long_run_max_min"``,
    ``"schedule.max_minutes.tue"``, ``"schedule.run_days"``, ``"schedule.blackout"``,
    ``"race.distance"``) to their new values; ``size`` is how much of the request it changes (a
    share: 0.1 = a tenth), the order in which suggestions are offered; ``sentence`` says it in
    words a runner understands.
    """

    kind: SuggestionKind
    changes: Mapping[str, Any] = field(hash=False)
    sentence: str
    size: float = 0.0

    def apply(self, request: PlanRequest) -> PlanRequest:
        """The request with this suggestion's changes (validated like any request)."""
        return apply_changes(request, self.changes)

    def __str__(self) -> str:
        return self.sentence


def apply_changes(request: PlanRequest, changes: Mapping[str, Any]) -> PlanRequest:
    """``request`` with dotted fields set to new values, validated like any request (a
    ``pydantic.ValidationError``, a ``ValueError``, when the result is not a valid request)."""
    from hamplan.models import PlanRequest

    data = request.model_dump(by_alias=True)
    for dotted, value in changes.items():
        *path, leaf = dotted.split(".")
        target = data
        for key in path:
            target = target.setdefault(key, {})
        target[leaf] = value
    return PlanRequest.model_validate(data)


class InfeasiblePlanError(HamplanError):
    """The safety rules cannot all hold for this request.

    ``conflicts`` names the rule ids that clash: a minimal set (with any one of them switched
    off, the rest hold together) whenever the solver could prove it. ``reasons`` says in numbers
    why they clash. ``suggestions`` lists :class:`Suggestion` objects, smallest change first, each
    one planned and checked; a program can apply one with ``suggestion.apply(request)``.
    ``search_cut``: the wall-clock time limit stopped the search for those changes, so fewer
    (or none) may be listed than a larger limit finds.
    """

    def __init__(
        self,
        conflicts: Sequence[str],
        suggestions: Sequence[Suggestion] = (),
        detail: str = "",
        *,
        reasons: Sequence[str] = (),
        search_cut: bool = False,
    ) -> None:
        self.conflicts = list(conflicts)
        self.suggestions = list(suggestions)
        self.reasons = list(reasons) + ([detail] if detail else [])
        self.search_cut = search_cut
        head = "No safe plan fits this request"
        if self.conflicts:
            head += ": these rules clash: " + ", ".join(self.conflicts)
        parts = [head + "."]
        parts.extend(f"- {reason}" for reason in self.reasons)
        if self.suggestions:
            parts.append("What works instead (each one planned and checked):")
            parts.extend(f"- {s.sentence}" for s in self.suggestions)
        if search_cut:
            parts.append(SEARCH_CUT)
        super().__init__("\n".join(parts))


#: Said where the time limit stopped the search for changes that work.
SEARCH_CUT = (
    "The search for changes that work stopped at the time limit: a larger one "
    "(generate(..., time_limit_s=...), --time-limit, batch --limit) may find some, or more."
)


class PlanTimeLimitError(InfeasiblePlanError):
    """The wall-clock time limit ran out before the solver found any plan (the request may well
    have one: a larger limit, or a less loaded machine, finds it)."""

    def __init__(self, limit_s: float) -> None:
        HamplanError.__init__(
            self,
            f"No plan was found within the time limit of {limit_s:g} s; the request may have one: "
            "allow more time (generate(..., time_limit_s=...), --time-limit) or try again on a less busy machine.",
        )
        self.limit_s = limit_s
        self.conflicts: list[str] = []
        self.suggestions: list[Suggestion] = []
        self.reasons = [f"the time limit of {limit_s:g} s ran out first"]


class MissingExtraError(HamplanError, ImportError):
    """An optional feature whose extra is not installed; the message gives the pip line."""


class PublishError(HamplanError):
    """Publishing to a calendar server failed: a wrong URL, a refused login, a server that is not
    CalDAV, or the network. The message says which, in words a runner can act on."""
