"""The cover chart's geometry: weekly run volume by phase, the long run, and the ACWR.

Only numbers and labels are computed here; ``hamplan/templates/_chart.svg.j2`` draws them, for
the HTML page and, as an image, for the PDF. The chart must read in black and white, so each
phase has its own fill pattern or grey level and a legend, the long run is a solid line with
round marks, and the acute:chronic workload ratio is a dashed line with square marks on its
own right-hand axis, with the rule's ceiling drawn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hamplan.export.display import number, units_of, week_heading, weeks_before

if TYPE_CHECKING:
    from hamplan.models import Plan

WIDTH, HEIGHT = 720.0, 290.0
LEFT, RIGHT, TOP, BOTTOM = 52.0, 50.0, 14.0, 58.0

#: (phase, legend label, fill) — fills are pattern ids defined in the SVG or grey levels.
PHASE_STYLES: tuple[tuple[str, str, str], ...] = (
    ("base", "Base", "#e6e6e6"),
    ("build", "Build", "url(#hp-hatch)"),
    ("peak", "Peak", "#8c8c8c"),
    ("taper", "Taper", "url(#hp-dots)"),
    ("race", "Race week", "#ffffff"),
)
ACWR_AXIS_MAX = 2.0


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    label: str
    value: str
    phase: str
    #: what the bar's tooltip says: its week as the week's page heads it (``week_heading``)
    title: str = ""


@dataclass(frozen=True, slots=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True, slots=True)
class LegendItem:
    x: float
    label: str
    fill: str


@dataclass(slots=True)
class Chart:
    width: float = WIDTH
    height: float = HEIGHT
    left: float = LEFT
    right: float = WIDTH - RIGHT
    top: float = TOP
    bottom: float = HEIGHT - BOTTOM
    unit: str = "km"
    bars: list[Bar] = field(default_factory=list)
    long_run: str = ""
    long_points: list[tuple[float, float]] = field(default_factory=list)
    acwr: str = ""
    acwr_points: list[tuple[float, float]] = field(default_factory=list)
    acwr_limit_y: float | None = None
    acwr_limit: str = ""
    left_ticks: list[Tick] = field(default_factory=list)
    right_ticks: list[Tick] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    legend_y: float = HEIGHT - 16
    legend_end: float = LEFT
    description: str = ""


def _nice_step(maximum: float) -> float:
    """A round tick step giving about five ticks up to ``maximum``."""
    raw = max(maximum, 1.0) / 5
    power = 10 ** math.floor(math.log10(raw))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= raw:
            return step * power
    return 10 * power


def build_chart(plan: Plan) -> Chart:
    """The chart of ``plan``: one bar per week, a long-run line, ACWR marks."""
    units = units_of(plan)
    chart = Chart(unit=units.unit)
    weeks = plan.weeks
    # a re-plan numbers its weeks on from the plan it continues, as its week pages do (its bars
    # read "Week 1 ... 22" beside pages of weeks 6-27)
    before = weeks_before(plan)
    if not weeks:
        return chart
    volumes = [units.value(w.run_km) for w in weeks]
    longs = [units.value(w.long_run_km) for w in weeks]
    step = _nice_step(max(volumes + longs))
    top_value = step * math.ceil(max(volumes + longs) / step) or step
    plot_h = chart.bottom - chart.top
    slot = (chart.right - chart.left) / len(weeks)
    bar_w = slot * 0.68
    fills = {phase: fill for phase, _, fill in PHASE_STYLES}

    def y_of(value: float) -> float:
        return chart.bottom - plot_h * value / top_value

    def y_acwr(value: float) -> float:
        return chart.bottom - plot_h * min(value, ACWR_AXIS_MAX) / ACWR_AXIS_MAX

    for i, week in enumerate(weeks):
        x = chart.left + slot * i + (slot - bar_w) / 2
        y = y_of(volumes[i])
        chart.bars.append(
            Bar(
                x=round(x, 2),
                y=round(y, 2),
                width=round(bar_w, 2),
                height=round(chart.bottom - y, 2),
                fill=fills.get(week.phase, "#ffffff"),
                label=str(before + week.index),
                value=number(volumes[i], 0),
                phase=week.phase,
                # (the race's week read "0 km" beside its page's "10 km race")
                title=week_heading(plan, week),
            )
        )
        centre = round(chart.left + slot * (i + 0.5), 2)
        if week.long_run_km > 0:
            chart.long_points.append((centre, round(y_of(longs[i]), 2)))
        if week.acwr is not None:
            chart.acwr_points.append((centre, round(y_acwr(week.acwr), 2)))
    chart.long_run = " ".join(f"{x},{y}" for x, y in chart.long_points)
    chart.acwr = " ".join(f"{x},{y}" for x, y in chart.acwr_points)
    limit = plan.request.rules.acwr_max
    chart.acwr_limit_y = round(y_acwr(limit), 2)
    chart.acwr_limit = f"ACWR limit {number(limit, 2)}"
    value = 0.0
    while value <= top_value + 1e-9:
        chart.left_ticks.append(Tick(round(y_of(value), 2), number(value, 1)))
        value += step
    for ratio in (0.0, 0.5, 1.0, 1.5, 2.0):
        chart.right_ticks.append(Tick(round(y_acwr(ratio), 2), number(ratio, 1)))
    x = chart.left
    for phase, label, fill in PHASE_STYLES:
        if any(w.phase == phase for w in weeks):
            chart.legend.append(LegendItem(round(x, 2), label, fill))
            x += 30 + 6.5 * len(label)
    chart.legend_end = round(x + 10, 2)
    chart.description = (
        f"Weekly running volume in {units.unit} for weeks {before + 1} to {before + len(weeks)}, shaded by phase; "
        f"the long run as a line; the acute:chronic workload ratio on the right-hand axis."
    )
    return chart


__all__ = ["Chart", "PHASE_STYLES", "build_chart"]
