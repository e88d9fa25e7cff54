"""The weeks a pause or missed runs leave short: the days still free run (a long run where one
fits within half of the week, easy runs of 20 min or more where none does, and the plan's notes
say why), and the first week back after illness holds no fast running."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

import hamplan
from hamplan import Plan

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def first_half() -> Plan:
    return hamplan.generate(EXAMPLES / "first-half-marathon.toml")


def _runs(plan: Plan, first: date, last: date) -> list[Any]:
    return [s for s in plan.sessions if s.kind == "run" and s.status != "cancelled" and first <= s.date <= last]


def _fast(session: Any) -> bool:
    return session.is_quality or "strides" in session.title.lower()


def test_the_first_week_back_after_illness_holds_no_fast_running(first_half: Plan) -> None:
    """Nine days ill from Monday of week 6: the 7 easy days ended on Tuesday of week 8, and that
    week's Thursday and Saturday runs carried strides (the README promises an easy week after
    illness, no fast sessions, strides included). Week 8 is easy now; the week after has fast
    running again."""
    new = hamplan.pause(first_half, date(2027, 2, 8), date(2027, 2, 16), "illness")
    assert hamplan.check(new) == []
    easing = new.request.easing
    assert easing is not None and easing.until == date(2027, 2, 23)
    first_week_back = _runs(new, date(2027, 2, 17), date(2027, 2, 28))
    assert first_week_back and not any(_fast(r) for r in first_week_back), [r.title for r in first_week_back]
    assert any(_fast(r) for r in _runs(new, date(2027, 3, 1), date(2027, 3, 7)))
