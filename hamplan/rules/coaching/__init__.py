"""The coaching family: what makes a safe plan a good plan (``COACHING.md``).

Each rule is one class with its numbers, purpose and source in the docstring, a solver part
(``post_week`` / ``post_day``: a constraint or a weighted objective term toward a target) and a
``check`` that recomputes it on a finished plan in plain Python. Coaching rules report
:class:`~hamplan.models.Advice`, never violations: a plan keeps every safety rule and may still
carry advice. Refusals never depend on them (they are not posted when a conflict is explained).
"""

from __future__ import annotations

from hamplan.models import Advice, Plan
from hamplan.rules.coaching.base import CoachingRule, CoachingView
from hamplan.rules.coaching.quality import MastersSessionSpacing, QualityByPhase, QualityWeekday, RaceEveMobility, RaceSpecificWork, StridesOnFreshLegs
from hamplan.rules.coaching.session_limits import IntervalLimit, MarathonPaceLimit, RepetitionLimit, ThresholdLimit
from hamplan.rules.coaching.targets import CoachingTargets
from hamplan.rules.coaching.volume import (
    EarlyWeeksBuild,
    LightRaceWeek,
    MastersPeak,
    PeakByTime,
    RaceWeekRuns,
    RaceWeekShakeout,
    RaceWeekTwoRuns,
    RaceWeekWindsDown,
    StepBackWeeks,
    TaperLongRuns,
    TaperWeeks,
    VolumeCurve,
)
from hamplan.rules.coaching.week import (
    BreakWeekLongRun,
    DayBeforeLongRun,
    EasyRunLength,
    LongRunAfterMissedWeek,
    LongRunShare,
    LongRunSpacing,
    MediumLongRun,
    RecoveryDayStrength,
    RecoveryRuns,
    ReturnRuns,
    ShortRuns,
    StrengthBeforeLongEasyRun,
    TwoOutingsADay,
)
from hamplan.rules.context import PlanContext

#: Every coaching rule, in the order of COACHING.md: the volume curve, the week, quality work.
COACHING_RULES: tuple[CoachingRule, ...] = (
    VolumeCurve(),
    PeakByTime(),
    MastersPeak(),
    StepBackWeeks(),
    EarlyWeeksBuild(),
    TaperWeeks(),
    LightRaceWeek(),
    RaceWeekRuns(),
    RaceWeekWindsDown(),
    RaceWeekShakeout(),
    RaceWeekTwoRuns(),
    TaperLongRuns(),
    LongRunShare(),
    BreakWeekLongRun(),
    LongRunAfterMissedWeek(),
    MediumLongRun(),
    DayBeforeLongRun(),
    LongRunSpacing(),
    ShortRuns(),
    EasyRunLength(),
    RecoveryRuns(),
    RecoveryDayStrength(),
    StrengthBeforeLongEasyRun(),
    ReturnRuns(),
    TwoOutingsADay(),
    QualityByPhase(),
    QualityWeekday(),
    MastersSessionSpacing(),
    StridesOnFreshLegs(),
    RaceSpecificWork(),
    RepetitionLimit(),
    ThresholdLimit(),
    IntervalLimit(),
    MarathonPaceLimit(),
    RaceEveMobility(),
)
COACHING_RULE_IDS: tuple[str, ...] = tuple(r.id for r in COACHING_RULES)


def advise(plan: Plan, context: PlanContext | None = None) -> list[Advice]:
    """Every piece of coaching advice on ``plan``, recomputed from its request and sessions alone."""
    view = CoachingView(plan, context=context)
    out: list[Advice] = []
    for rule in COACHING_RULES:
        out.extend(rule.check(view))
    return out


__all__ = ["COACHING_RULES", "COACHING_RULE_IDS", "CoachingRule", "CoachingTargets", "CoachingView", "advise"]
