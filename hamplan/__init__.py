"""hamplan: hamstring-safe running plans, placed by a constraint solver under named training rules.

The public surface is deliberately small: build or load a :class:`PlanRequest`, ``generate`` a
:class:`Plan`, ``check`` it against every rule, export it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hamplan.errors import HamplanError, InfeasiblePlanError, MissingExtraError, PublishError, RequestError, Suggestion
from hamplan.io import load_plan, load_request
from hamplan.models import Advice, CompletedSession, Exercise, Paces, Plan, PlanRequest, Session, Week
from hamplan.plan_methods import attach as _attach_plan_methods

_attach_plan_methods()  # plan.write_ics(…), plan.summary(), … (see hamplan.plan_methods)

if TYPE_CHECKING:
    from hamplan.batch import BatchResult
    from hamplan.export.publish import PublishReport
    from hamplan.rules import Violation

__version__ = "0.1.0"


def generate(request: Any, **options: Any) -> Plan:
    """Plan a request (a :class:`PlanRequest`, a dict, or a path to TOML / JSON); see ``hamplan.plan.generate``."""
    from hamplan.plan import generate as _generate  # the solver loads on first use, not on import

    if not isinstance(request, (PlanRequest, dict)):
        request = load_request(request)
    return _generate(request, **options)


def generate_many(requests: Any, **options: Any) -> list[BatchResult]:
    """Plan many requests in parallel (local processes or a Dask ``client=``); see ``hamplan.batch.generate_many``."""
    from hamplan.batch import generate_many as _generate_many  # worker pools load on first use

    return _generate_many(requests, **options)


def check(plan: Plan) -> list[Violation]:
    """Every training rule ``plan`` breaks, recomputed in plain Python from the plan alone."""
    from hamplan.rules import check as _check

    return _check(plan)


def advise(plan: Plan) -> list[Advice]:
    """Every piece of coaching advice on ``plan`` (what a coach would change; not safety
    violations), recomputed in plain Python from the plan alone. ``Plan.advice`` holds the same
    list as the plan was written."""
    from hamplan.rules.coaching import advise as _advise

    return _advise(plan)


def replan(plan: Plan, log: Any, today: Any, **options: Any) -> Plan:
    """Re-plan from ``today`` using what the log says was done; see ``hamplan.replanning.replan``."""
    from hamplan.replanning import replan as _replan

    return _replan(plan, log, today, **options)


def pause(plan: Plan, start: Any, end: Any, reason: str = "illness", **options: Any) -> Plan:
    """No training from ``start`` to ``end``, then a graduated return; see ``hamplan.replanning.pause``."""
    from hamplan.replanning import pause as _pause

    return _pause(plan, start, end, reason, **options)


def publish(plan: Any, url: str, **options: Any) -> PublishReport:
    """Publish a plan (or its JSON file) to a CalDAV calendar and keep it in step after re-plans;
    see ``hamplan.export.publish.publish``."""
    from hamplan.export.publish import publish as _publish  # the CalDAV client loads on first use

    return _publish(plan, url, **options)


def load_log(source: Any) -> list[CompletedSession]:
    """Completed sessions from a CSV / JSON training log (all rows valid, or a RequestError)."""
    from hamplan.replanning import load_log as _load_log

    return _load_log(source)


def request_schema() -> dict[str, Any]:
    """JSON Schema of a plan request."""
    return PlanRequest.model_json_schema(by_alias=True)


def plan_schema() -> dict[str, Any]:
    """JSON Schema of a plan."""
    return Plan.model_json_schema(by_alias=True)


__all__ = [
    "Advice",
    "CompletedSession",
    "Exercise",
    "HamplanError",
    "InfeasiblePlanError",
    "MissingExtraError",
    "Paces",
    "Plan",
    "PlanRequest",
    "PublishError",
    "RequestError",
    "Session",
    "Suggestion",
    "Week",
    "__version__",
    "advise",
    "check",
    "generate",
    "generate_many",
    "load_log",
    "load_plan",
    "load_request",
    "pause",
    "plan_schema",
    "publish",
    "replan",
    "request_schema",
]
