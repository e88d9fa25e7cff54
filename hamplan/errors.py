"""The exceptions hamplan raises: one small hierarchy under :class:`HamplanError`."""

from __future__ import annotations

from collections.abc import Sequence


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


class InfeasiblePlanError(HamplanError):
    """The safety rules cannot all hold for this request.

    ``conflicts`` names the rule ids that clash (a sufficient set found by the solver),
    ``suggestions`` says in plain words what would make a plan possible.
    """

    def __init__(self, conflicts: Sequence[str], suggestions: Sequence[str], detail: str = "") -> None:
        self.conflicts = list(conflicts)
        self.suggestions = list(suggestions)
        head = "No safe plan fits this request"
        if self.conflicts:
            head += ": these rules clash: " + ", ".join(self.conflicts)
        parts = [head + "."]
        if detail:
            parts.append(detail)
        parts.extend(f"- {s}" for s in self.suggestions)
        super().__init__("\n".join(parts))


class MissingExtraError(HamplanError, ImportError):
    """An optional feature whose extra is not installed; the message gives the pip line."""


class PublishError(HamplanError):
    """Publishing to a calendar server failed: a wrong URL, a refused login, a server that is not
    CalDAV, or the network. The message says which, in words a runner can act on."""
