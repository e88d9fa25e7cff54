"""The catalogue of training rules a coach can read, and the independent checker.

Each rule is one class with its number, purpose and source in the docstring, a ``post`` that the
solver calls to add it as constraints, and a ``check`` that recomputes it on a finished plan in
plain Python. ``check(plan)`` is the oracle the tests trust: it never touches the solver.
"""

from __future__ import annotations

from hamplan.models import Plan
from hamplan.rules.base import PlanVars, PlanView, Rule, Violation
from hamplan.rules.calendar_rules import Availability, RaceDay
from hamplan.rules.hamstring import Mobility, NordicCurls, StrengthSessions, StrengthSpacing, TendinopathyCare, WarmupCooldown
from hamplan.rules.load import AcuteChronicRatio, Cutback, RaceReadiness, SessionSpike, Taper, WeeklyIncrease
from hamplan.rules.settings import RuleSettings
from hamplan.rules.week_shape import EasyShare, HardDays, LongRun, RestDay

#: Every rule, in the order of TRAINING_RULES.md: load first, then the week's shape, the
#: hamstring work, and the calendar.
RULES: tuple[Rule, ...] = (
    SessionSpike(),
    WeeklyIncrease(),
    AcuteChronicRatio(),
    Cutback(),
    Taper(),
    RaceReadiness(),
    LongRun(),
    HardDays(),
    EasyShare(),
    RestDay(),
    StrengthSessions(),
    StrengthSpacing(),
    NordicCurls(),
    TendinopathyCare(),
    Mobility(),
    WarmupCooldown(),
    Availability(),
    RaceDay(),
)

RULE_IDS: tuple[str, ...] = tuple(r.id for r in RULES)
RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}


def check(plan: Plan) -> list[Violation]:
    """Every rule broken by ``plan``, recomputed from its request and sessions alone."""
    view = PlanView(plan)
    out: list[Violation] = []
    for rule in RULES:
        out.extend(rule.check(view))
    return out


__all__ = ["RULES", "RULE_IDS", "RULES_BY_ID", "Rule", "RuleSettings", "PlanVars", "PlanView", "Violation", "check"]
