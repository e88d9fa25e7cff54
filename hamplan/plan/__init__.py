"""From a request to a :class:`~hamplan.models.Plan`: ``generate()``, the library's main door.

The package reads in the order a plan is made:

- ``pipeline``: ``generate()`` and ``generate_resumed()``: solve the request
  (:mod:`hamplan.solver`), build the plan, give race week room for its race-specific work;
- ``assemble``: ``build_plan()``, from the solver's skeleton to the plan's sessions, using
- ``day_runs``: each day's run distance (the week's easy distance shared out);
- ``progression``: each session's place in its progression, and what a repeated one says;
- ``sessions``: UIDs, sessions made from their content, clock times;
- ``race_week``: race week wound down once its sessions are made;
- ``figures``: the week figures (load, monotony, ACWR, fitness / fatigue) and race day's time;
- ``notes`` and ``week_notes``: what the plan says, on its cover and about particular weeks.
"""

from __future__ import annotations

from hamplan.plan.assemble import build_plan
from hamplan.plan.figures import week_figures
from hamplan.plan.notes import summarize
from hamplan.plan.pipeline import generate, generate_resumed
from hamplan.plan.sessions import session_uid
from hamplan.rules.context import easy_pace_seconds
from hamplan.solver import FixedDay

__all__ = ["generate", "generate_resumed", "build_plan", "session_uid", "week_figures", "summarize", "easy_pace_seconds", "FixedDay"]
