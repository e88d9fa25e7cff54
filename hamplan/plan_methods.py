"""The conveniences a :class:`~hamplan.Plan` offers — ``plan.write_ics(path)``, ``plan.summary()``,
``plan.changes_since(old)`` … — attached to it from here, above the modules that implement them.

Why this way round: the exporters, the plan formatting and re-planning are built on
:mod:`hamplan.models`; if ``Plan`` imported them (even lazily, inside its methods) the models
would depend on everything built on them and the import graph would run in a circle. Here each
method is one row of :data:`PLAN_METHODS` — the method's name and the ``module:function`` that
implements it, called as ``function(plan, *args)`` — and :func:`attach` installs them when the
``hamplan`` package is imported (which any ``import hamplan.…`` does first). The implementing
module is imported on the first call, so ``import hamplan`` stays light.

To add one (say ``plan.write_fit``): add its row here, and its signature to the
``TYPE_CHECKING`` block of ``Plan`` so type checkers see it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from hamplan.models import Plan

#: method name -> "module:function"; the function takes the plan first.
PLAN_METHODS: dict[str, str] = {
    "summary": "hamplan.plan:summarize",
    "write_json": "hamplan.export.files:write_json",
    "write_ics": "hamplan.export.ics:write_ics",
    "write_html": "hamplan.export.html:write_html",
    "write_pdf": "hamplan.export.pdf:write_pdf",
    "write_fit": "hamplan.export.fit:write_fit",
    "changes_since": "hamplan.replanning:changes_since",
}


def _method(name: str, target: str) -> Callable[..., Any]:
    module_name, function_name = target.split(":")

    def method(self: Plan, *args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module_name), function_name)(self, *args, **kwargs)

    method.__name__ = name
    method.__qualname__ = f"Plan.{name}"
    method.__doc__ = f"``{module_name}.{function_name}(plan, …)`` (its module is imported on first use)."
    return method


def attach(cls: type[Plan] = Plan) -> None:
    """Install every method of :data:`PLAN_METHODS` on ``cls`` (idempotent)."""
    for name, target in PLAN_METHODS.items():
        setattr(cls, name, _method(name, target))


__all__ = ["PLAN_METHODS", "attach"]
