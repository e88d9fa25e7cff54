"""The exceptions hamplan raises: one small hierarchy under :class:`HamplanError`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from hamplan.models import PlanRequest


class HamplanError(Exception):
    """Base class of every error hamplan raises on purpose."""


class RequestError(HamplanError, ValueError):
    """A request (or log, or plan file) that cannot be used as given.

    ``problems`` lists one ``(field, message)`` pair per problem; the message of the exception
    joins them so a person reads every problem at once, not one per attempt.
    """

    def __init__(self, problems: Sequence[tuple[str, str]], source: str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        where = f"{source}: " if source else ""
        lines = [f"{where}{field}: {message}" if field else f"{where}{message}" for field, message in self.problems]
        super().__init__("\n".join(lines))


#: What a :class:`Suggestion` changes, from the smallest kind of change to the largest.
SuggestionKind = Literal["race_date", "long_run_max_min", "max_minutes", "run_days", "race_distance"]


@dataclass(frozen=True)
class Suggestion:
    """One change to the request that was planned with the full solve and gave a plan that
    passes every check.

    ``changes`` maps dotted request fields (``"race.date"``, ``"rules.long_run_max_min"``,
    ``"schedule.max_minutes.tue"``, ``"schedule.run_days"``, ``"race.distance"``) to their new
    values; ``size`` is how much of the request it changes (a share: 0.1 = a tenth), the order
    in which suggestions are offered; ``sentence`` says it in words a runner understands.
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
    """

    def __init__(
        self,
        conflicts: Sequence[str],
        suggestions: Sequence[Suggestion] = (),
        detail: str = "",
        *,
        reasons: Sequence[str] = (),
    ) -> None:
        self.conflicts = list(conflicts)
        self.suggestions = list(suggestions)
        self.reasons = list(reasons) + ([detail] if detail else [])
        head = "No safe plan fits this request"
        if self.conflicts:
            head += ": these rules clash: " + ", ".join(self.conflicts)
        parts = [head + "."]
        parts.extend(f"- {reason}" for reason in self.reasons)
        if self.suggestions:
            parts.append("What works instead (each one planned and checked):")
            parts.extend(f"- {s.sentence}" for s in self.suggestions)
        super().__init__("\n".join(parts))


class MissingExtraError(HamplanError, ImportError):
    """An optional feature whose extra is not installed; the message gives the pip line."""


class PublishError(HamplanError):
    """Publishing to a calendar server failed: a wrong URL, a refused login, a server that is not
    CalDAV, or the network. The message says which, in words a runner can act on."""
