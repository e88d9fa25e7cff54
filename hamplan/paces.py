"""Training paces from Daniels' VDOT, and race-time predictions from Riegel.

Why VDOT: one number, read off a recent race, gives every training pace as a share of the
runner's VO2max, so easy runs are easy *for this runner* and hard sessions are hard but not
reckless. Without a race we guess low on purpose: a too-slow guess makes easy runs a little
easier, a too-fast guess turns every easy run into a hamstring-straining tempo.

All paces are minutes per kilometre; all distances are kilometres; times are seconds unless a
name says otherwise.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Literal

from hamplan.models import Paces, PaceZone, PlanRequest, parse_duration_s

Zone = Literal["easy", "marathon", "threshold", "interval", "repetition"]

ZONES: tuple[Zone, ...] = ("easy", "marathon", "threshold", "interval", "repetition")

#: Daniels' zones as (slow, fast) fractions of VO2max: a higher fraction is a faster pace.
ZONE_FRACTIONS: dict[Zone, tuple[float, float]] = {
    "easy": (0.59, 0.74),
    "marathon": (0.75, 0.84),
    "threshold": (0.86, 0.88),
    "interval": (0.95, 1.00),
    "repetition": (1.05, 1.20),
}

# Oxygen cost of running at v m/min: VO2 = A + B*v + C*v^2 (ml/kg/min).
_A, _B, _C = -4.60, 0.182258, 0.000104

RIEGEL_EXPONENT = 1.06

#: A goal_time counts as within reach when it is at most 3 % faster than the prediction from
#: the recent race (COACHING.md, "Paces"): a plan can sharpen a runner that much, not more.
GOAL_REACH = 0.03
#: Races this long or longer (a half marathon, a marathon) last well past the hour threshold
#: pace holds: a goal at that pace is not within reach (:func:`goal_at_threshold`).
LONG_RACE_FROM_KM = 15.0

# The no-race estimate (see vdot_from_weekly_km).
_VOLUME_BASE_VDOT = 28.0
_VOLUME_VDOT_PER_KM = 0.25
_VOLUME_VDOT_MAX = 45.0
_AGE_FROM = 40
_AGE_VDOT_PER_YEAR = 0.2
_VDOT_FLOOR = 22.0


def _vo2_cost(v_m_per_min: float) -> float:
    return _A + _B * v_m_per_min + _C * v_m_per_min**2


def _sustainable_fraction(t_min: float) -> float:
    """Share of VO2max a runner can hold for ``t_min`` minutes (Daniels & Gilbert)."""
    return 0.8 + 0.1894393 * math.exp(-0.012778 * t_min) + 0.2989558 * math.exp(-0.1932605 * t_min)


def vdot_from_race(distance_km: float, seconds: float) -> float:
    """Daniels' VDOT of a race result: the oxygen cost of its speed ÷ the share of VO2max
    sustainable for its duration. 5 km in 27:00 gives about 35.0."""
    if distance_km <= 0 or seconds <= 0:
        raise ValueError("race distance and time must both be more than zero")
    t_min = seconds / 60.0
    v = distance_km * 1000.0 / t_min
    return _vo2_cost(v) / _sustainable_fraction(t_min)


def pace_min_per_km(vdot: float, fraction_of_vo2max: float) -> float:
    """The pace (min/km) whose oxygen cost is ``fraction_of_vo2max`` × ``vdot``.

    Inverts the oxygen-cost quadratic: C·v² + B·v + (A − VO2) = 0, positive root.
    """
    vo2 = vdot * fraction_of_vo2max
    if vo2 <= 0:
        raise ValueError("vdot and fraction must be positive")
    c = _A - vo2
    v = (-_B + math.sqrt(_B * _B - 4.0 * _C * c)) / (2.0 * _C)
    return 1000.0 / v


def riegel_seconds(t1_s: float, d1_km: float, d2_km: float) -> float:
    """Riegel's prediction T2 = T1·(D2/D1)^1.06: the same runner over another distance."""
    if t1_s <= 0 or d1_km <= 0 or d2_km <= 0:
        raise ValueError("times and distances must be more than zero")
    return t1_s * (d2_km / d1_km) ** RIEGEL_EXPONENT


@lru_cache(maxsize=1024)
def race_time_for_vdot(vdot: float, distance_km: float) -> float:
    """Seconds a runner of this VDOT needs for ``distance_km`` (Daniels' equivalent performance).

    ``vdot_from_race`` falls as the time grows, so bisection on the time finds it (100 steps:
    remembered per VDOT and distance, since every run of a plan asks for the same few).
    """
    if vdot <= 0 or distance_km <= 0:
        raise ValueError("vdot and distance must be more than zero")
    low, high = 1.0, 24 * 3600.0
    for _ in range(100):
        mid = (low + high) / 2.0
        if vdot_from_race(distance_km, mid) > vdot:
            low = mid
        else:
            high = mid
    return (low + high) / 2.0


#: Daniels' fitness kept after time off without cross-training (FVDOT-1, *Daniels' Running
#: Formula*): none lost up to 5 days, then about 0.3 % a day (10 days 0.985, 14 days 0.973,
#: 28 days 0.931), never under 0.8 (72 days or more).
TIME_OFF_FREE_DAYS = 5
TIME_OFF_LOSS_PER_DAY = 0.003
TIME_OFF_FLOOR = 0.8


def fitness_after_time_off(days_off: int) -> float:
    """The share of a runner's VDOT left after ``days_off`` days without running (Daniels)."""
    return max(TIME_OFF_FLOOR, 1.0 - TIME_OFF_LOSS_PER_DAY * max(days_off - TIME_OFF_FREE_DAYS, 0))


def vdot_from_weekly_km(weekly_km: float, age: int) -> float:
    """A deliberately low VDOT for a runner with no recent race.

    clamp(28 + 0.25 · weekly_km, 28, 45), then 0.2 less per year of age over 40, never below 22.
    Weekly volume only loosely predicts fitness, so the estimate sits at the low end of what
    such a volume usually means: 20 km/week gives 33 (about a 29-minute 5 km), 60 km/week 43.
    Erring slow keeps easy runs easy, which is the point of a hamstring-safe plan.
    """
    vdot = min(max(_VOLUME_BASE_VDOT + _VOLUME_VDOT_PER_KM * max(weekly_km, 0.0), _VOLUME_BASE_VDOT), _VOLUME_VDOT_MAX)
    vdot -= _AGE_VDOT_PER_YEAR * max(age - _AGE_FROM, 0)
    return max(vdot, _VDOT_FLOOR)


def format_hms(seconds: float) -> str:
    """``'H:MM:SS'`` (hours not padded), rounded to the second."""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


def format_clock(seconds: float) -> str:
    """``'49:21'`` (``'5:58'``) under an hour, ``'3:12:51'`` from an hour on: a finish or split
    time as runners write it."""
    total = int(round(seconds))
    if total >= 3600:
        return format_hms(total)
    minutes, secs = divmod(total, 60)
    return f"{minutes}:{secs:02d}"


def zone_for(vdot: float, zone: Zone) -> PaceZone:
    """One Daniels zone of a VDOT, paces rounded to 0.01 min/km."""
    slow_fraction, fast_fraction = ZONE_FRACTIONS[zone]
    return PaceZone(
        fast_min_per_km=round(pace_min_per_km(vdot, fast_fraction), 2),
        slow_min_per_km=round(pace_min_per_km(vdot, slow_fraction), 2),
    )


def paces_from_vdot(vdot: float, source: str, race_prediction: str | None = None) -> Paces:
    """Every zone of a VDOT (rounded to 0.1 first, so the stored VDOT reproduces the paces)."""
    vdot = round(vdot, 1)
    return Paces(
        vdot=vdot,
        source=source,
        easy=zone_for(vdot, "easy"),
        marathon=zone_for(vdot, "marathon"),
        threshold=zone_for(vdot, "threshold"),
        interval=zone_for(vdot, "interval"),
        repetition=zone_for(vdot, "repetition"),
        race_prediction=race_prediction,
    )


def goal_in_reach(goal_s: float, predicted_s: float) -> bool:
    """Whether a goal time is at most ``GOAL_REACH`` (3 %) faster than the predicted time."""
    return goal_s >= predicted_s * (1.0 - GOAL_REACH) - 1e-9


def goal_at_threshold(goal_s: float, race_km: float, paces: Paces) -> bool:
    """Whether a race of :data:`LONG_RACE_FROM_KM` or more would be run at threshold pace or
    faster (the slow end of the threshold zone): Daniels' T is about the pace a runner holds
    for 50-60 min, so a half marathon or a marathon at that pace is out of reach however close
    the goal is to the prediction (a 1:55 half at 5:27 /km, inside a 5:25-5:31 threshold zone,
    read "within reach" beside a prediction of 1:58)."""
    return race_km >= LONG_RACE_FROM_KM and goal_s / 60.0 / race_km <= paces.threshold.slow_min_per_km + 1e-9


def _with_target(paces: Paces, goal_time: str | None, race_km: float) -> Paces:
    """The paces with the finish time the plan aims at: the goal when within reach, else the prediction."""
    if paces.race_prediction is None:
        return paces
    predicted_s = parse_duration_s(paces.race_prediction)
    if goal_time is None:
        return paces.model_copy(update={"target_time": paces.race_prediction})
    goal_s = parse_duration_s(goal_time)
    # (a goal no faster than the prediction as paces print is within reach at threshold too: a
    # coach read a goal 7 s off a prediction at the zone's slow end called ambitious, both 4:35 /km)
    faster = round(goal_s / race_km) < round(predicted_s / race_km)
    reachable = goal_in_reach(goal_s, predicted_s) and not (faster and goal_at_threshold(goal_s, race_km, paces))
    target = format_hms(parse_duration_s(goal_time)) if reachable else paces.race_prediction
    return paces.model_copy(update={"target_time": target, "goal_in_reach": reachable})


def race_pace(paces: Paces, race_km: float) -> float:
    """The pace (min/km) of the plan's target finish time over ``race_km``: race-specific work
    and race day run at it."""
    target = paces.target_time or paces.race_prediction
    seconds = parse_duration_s(target) if target else race_time_for_vdot(paces.vdot, race_km)
    return seconds / 60.0 / race_km


def paces_for(request: PlanRequest) -> Paces:
    """The plan's paces: from the recent race if there is one, else from weekly volume and age,
    or from the goal time where that is slower.

    The race prediction is Riegel from the recent race; without a race it is the Daniels
    equivalent of the (conservative) volume VDOT at the race distance, a modest figure that is
    only meant as a starting point. A runner without a recent race whose goal is slower than
    that figure knows their running better than their weekly kilometres do: the goal's VDOT
    sets the paces (a 4:30 marathoner at 35 km a week was told the volume "predicts 4:05:52",
    and ran easy at 6:51/km, 27 s/km slower than goal pace; from the goal, 7:29/km).
    """
    runner = request.runner
    race_km = request.race.km
    if runner.recent_race is not None:
        recent = runner.recent_race
        vdot = vdot_from_race(recent.km, recent.seconds)
        prediction = riegel_seconds(recent.seconds, recent.km, race_km)
        return _with_target(paces_from_vdot(vdot, "recent_race", format_hms(prediction)), request.race.goal_time, race_km)
    vdot = round(vdot_from_weekly_km(runner.weekly_km, runner.age), 1)
    predicted_s = race_time_for_vdot(vdot, race_km)
    goal = request.race.goal_time
    if goal is not None and parse_duration_s(goal) > predicted_s:
        goal_s = parse_duration_s(goal)
        # the volume estimate's floor holds here too: past it the pace formulas leave their range
        goal_vdot = max(vdot_from_race(race_km, goal_s), _VDOT_FLOOR)
        return _with_target(paces_from_vdot(goal_vdot, "goal_time", format_hms(goal_s)), goal, race_km)
    predicted = paces_from_vdot(vdot, "weekly_volume", format_hms(predicted_s))
    return _with_target(predicted, goal, race_km)


def planning_pace(paces: Paces, zone: str) -> float:
    """The pace (min/km) the planner prescribes in a zone, and turns distance into minutes with:
    the middle of the zone. Easy and long runs go at the middle of the easy zone, as coaches
    prescribe them (Daniels: E pace is a range, most easy running sits inside it, not at its
    slow edge); recovery runs at its slow end (:func:`recovery_pace`).
    """
    if zone not in ZONES:
        raise ValueError(f"unknown pace zone {zone!r}; use one of {', '.join(ZONES)}")
    pace_zone: PaceZone = getattr(paces, zone)
    return (pace_zone.fast_min_per_km + pace_zone.slow_min_per_km) / 2.0


def recovery_pace(paces: Paces) -> float:
    """Recovery runs: the slow end of the easy zone (Pfitzinger: recovery runs slower than easy)."""
    return paces.easy.slow_min_per_km


def recovery_pace_s_per_km(paces: Paces) -> int:
    """:func:`recovery_pace` in whole seconds per km, rounded up (the budget of a recovery run's day)."""
    return math.ceil(recovery_pace(paces) * 60 - 1e-9)


def long_run_pace_s_per_km(paces: Paces) -> int:
    """The planner's pace for easy and long runs in whole seconds per km, rounded up: what the
    day budgets, the long-run time cap and race readiness by time on feet are computed with
    (rounded up, so a run's real minutes never exceed its budget)."""
    return math.ceil(planning_pace(paces, "easy") * 60 - 1e-9)


def format_pace(min_per_km: float) -> str:
    """``'6:05'`` for 6.08 min/km."""
    total = int(round(min_per_km * 60))
    return f"{total // 60}:{total % 60:02d}"
