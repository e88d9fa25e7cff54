"""The CP-SAT models: a week model (volumes and long runs under the load rules), a day model
(sessions placed for those volumes under every other rule), and their single full combination
as the last resort; each rule posts its own constraints, this module adds the objectives.

The day model decides, per day, whether there is a run (easy, long or quality), how far it goes
(tenths of a km), and whether there is a strength or mobility session. Session content, paces
and clock times are decided afterwards from this skeleton (``hamplan.plan``).

Determinism: one search worker, a fixed seed, and a deterministic-time limit (never wall-clock),
so the same request gives the same plan on any machine.

The package's files are the solver's parts: ``week_model`` and ``day_model`` (the two CP-SAT
models over ``model_base``), ``objective`` (the planner's goals), ``stages`` (the solve),
``explanations`` (why a request has no plan, and what would work), ``date_search`` (the
earliest race date), ``parameters`` (how every solve is run) and ``skeleton`` (the result).
"""

from hamplan.solver.date_search import earliest_race_date
from hamplan.solver.day_model import PlanModel
from hamplan.solver.explanations import explain_infeasible
from hamplan.solver.model_base import day_cap_tenths
from hamplan.solver.parameters import (
    DEFAULT_DETERMINISTIC_LIMIT,
    SEED,
    SOLVER_PROFILES,
    make_solver,
)
from hamplan.solver.skeleton import DayPlan, FixedDay, Skeleton
from hamplan.solver.stages import solve
from hamplan.solver.week_model import WeekModel

__all__ = [
    "DEFAULT_DETERMINISTIC_LIMIT",
    "SEED",
    "SOLVER_PROFILES",
    "DayPlan",
    "FixedDay",
    "PlanModel",
    "Skeleton",
    "WeekModel",
    "day_cap_tenths",
    "earliest_race_date",
    "explain_infeasible",
    "make_solver",
    "solve",
]
