"""What a batch reads and gives back: one :class:`BatchItem` per input, one :class:`BatchResult`
per request (its status, its figures, where its plan went)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from hamplan.models import Plan

Status = Literal["ok", "infeasible", "invalid", "error", "skipped"]
STATUSES: tuple[str, ...] = ("ok", "infeasible", "invalid", "error", "skipped")
_PLAN_FIGURES = frozenset({"weeks", "peak_km", "solve_seconds", "optimal", "plan_json", "path", "folder"})


class BatchResult(BaseModel):
    """What became of one request of a batch.

    ``plan_json`` holds the plan (the exact bytes ``plan.write_json`` writes, as text) when the
    batch runs in memory; with an output directory, ``folder`` and ``path`` say where it was
    written instead. ``plan`` parses either on demand. A ``"skipped"`` result (up to date from
    an earlier run) keeps that run's figures; its message names that run's status.
    """

    model_config = ConfigDict(frozen=True)

    index: int = Field(description="Position in the input (0-based).")
    id: str
    status: Status
    weeks: int | None = None
    peak_km: float | None = Field(default=None, description="Largest weekly running volume, km.")
    solve_seconds: float | None = None
    optimal: bool | None = None
    conflicts: list[str] = Field(default_factory=list)
    suggestions: list[str] = Field(default_factory=list)
    message: str = ""
    request_hash: str | None = None
    plan_json: str | None = Field(default=None, repr=False)
    folder: Path | None = None
    path: Path | None = Field(default=None, description="The plan's JSON file, when written to disk.")

    _plan: Plan | None = PrivateAttr(default=None)

    @model_validator(mode="before")
    @classmethod
    def _no_figures_without_a_plan(cls, data: Any) -> Any:
        """An ``error`` or ``invalid`` result has no plan, so it carries no plan figures."""
        if isinstance(data, dict) and data.get("status") in ("error", "invalid"):
            data = {key: value for key, value in data.items() if key not in _PLAN_FIGURES}
        return data

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def plan(self) -> Plan | None:
        """The plan (parsed from ``plan_json`` or read from ``path``), or ``None`` when there is none."""
        if self._plan is None:
            if self.plan_json is not None:
                plan = Plan.model_validate_json(self.plan_json)
            elif self.path is not None and self.path.suffix == ".json" and self.path.exists():
                plan = Plan.model_validate_json(self.path.read_bytes())
            else:
                return None
            plan._solve_seconds = self.solve_seconds or 0.0
            self._plan = plan
        return self._plan

    def summary_row(self) -> dict[str, str]:
        """The row of ``summary.csv`` (strings, deterministic except ``solve_seconds``)."""
        return {
            "id": self.id,
            "status": self.status,
            "weeks": "" if self.weeks is None else str(self.weeks),
            "peak_km": "" if self.peak_km is None else f"{self.peak_km:.1f}",
            "solve_seconds": "" if self.solve_seconds is None else f"{self.solve_seconds:.3f}",
            "optimal": "" if self.optimal is None else ("yes" if self.optimal else "no"),
            "conflicts": ";".join(self.conflicts),
            "message": self.message,
        }


@dataclass(frozen=True)
class BatchItem:
    """One input of a batch as read from a file: the request data, or why it could not be read.

    ``where`` names it in messages (``"line 7"``); ``default_id`` is its id when the request has
    none. Plain requests passed to :func:`generate_many` become items on their own.
    """

    data: Any
    where: str
    default_id: str
    error: str | None = None


def count_statuses(results: Iterable[BatchResult]) -> dict[str, int]:
    """How many results have each status (every status present, zero or more)."""
    counts = dict.fromkeys(STATUSES, 0)
    for result in results:
        counts[result.status] += 1
    return counts
