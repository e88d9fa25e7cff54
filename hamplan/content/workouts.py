"""Quality sessions as structured workouts that progress (Daniels' *Running Formula*).

The planner gives a quality day its distance; here that distance becomes a warm-up of at least
10 min easy, a main set and a cool-down of at least 10 min easy. The main set is sized by the
session's place in its progression (reps and minutes grow from session to session and step back
in step-back weeks) and held within Daniels' per-session limits on the week's running (R ≤ 5 %,
T ≤ 10 %, I ≤ 8 %, M ≤ 20 %). Every type has a minimum real dose (hill sprints 4 × 10 s,
intervals 3 reps or 2 of 400 m and more, threshold 8 min): a day that cannot hold it gets an easy run with strides
instead of a token of the harder session. Easy distance left over lengthens the warm-up to
15 min at most; the rest is easy running after the work, so the work never waits behind a
long warm-up.

Every step is paced no slower than the easy planning pace, so a workout never takes longer than
the minutes the planner budgeted for its distance. Recoveries are timed (a walked recovery
covers less ground in the same minutes, so the time stays true).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from hamplan.content.common import fmt_km, fmt_pace
from hamplan.rules.coaching.daniels import SESSION_LIMITS
from hamplan.rules.coaching.daniels import work_km_by_zone as daniels_work_km
from hamplan.models import Phase, StepPace, Workout, WorkoutBlock, WorkoutStep

QualityType = Literal["strides", "hills", "tempo", "marathon", "intervals", "tuneup"]
QUALITY_KINDS: tuple[QualityType, ...] = ("strides", "hills", "tempo", "marathon", "intervals", "tuneup")

#: Warm-up and cool-down around every quality session (COACHING.md), minutes of easy running.
QUALITY_WARMUP_MIN = 10
QUALITY_COOLDOWN_MIN = 10
#: A cool-down line longer than this reads as the rest of the run, its last minutes the cool-down.
LONG_COOLDOWN_LINE_MIN = 15
#: Leftover easy distance goes into the warm-up up to this many minutes, the rest after the work.
WARMUP_MAX_MIN = 15
#: Beyond this many minutes of cool-down, the easy distance after the work is an easy run first.
COOLDOWN_MAX_MIN = 20
#: ... unless it is shorter than this many minutes: then the cool-down runs it, as one block (a
#: coach read "then 1 km easy (about 7 min)" before a 20-min cool-down as filler). An easy run's
#: warm-up before strides stays the 5-10 min warmup_cooldown gives it.
FOLDED_EASY_MIN = 10

STRIDE_S = 20
STRIDE_JOG_S = 60
STRIDES_FIRST, STRIDES_MOST = 4, 8
#: The most strides of a taper or step-back week, from 60, or after a hamstring injury.
STRIDES_CAPPED = 6
HILL_SPRINT_S = 10
HILL_WALK_S = 90
HILL_SPRINTS_FIRST, HILL_SPRINTS_MOST = 6, 8
#: The session from which hill sprints run hard (about 9/10): the one after the reps reached
#: :data:`HILL_SPRINTS_MOST` at about 8/10.
HILL_SPRINTS_HARD_FROM_LEVEL = HILL_SPRINTS_MOST - HILL_SPRINTS_FIRST + 2
#: The fewest hill sprints that make a session (a shorter day: strides instead).
HILL_SPRINTS_LEAST = 4
CRUISE_JOG_S = 60
#: Longer cruise intervals a threshold session may take instead of more reps (minutes each); 9
#: lets a day between two rungs hold its work (a 10K runner's 3 x 6 min was followed
#: by 2 x 8 min, where 2 x 9 min fitted the day as well).
CRUISE_REP_MIN: tuple[int, ...] = (8, 9, 10, 12)
#: Cruise intervals this long or longer are the rungs before continuous threshold running; a
#: continuous threshold run lasts at least :data:`TEMPO_CONTINUOUS_LEAST_MIN`.
CONTINUOUS_FROM_REP_MIN = 10
TEMPO_CONTINUOUS_LEAST_MIN = 10
#: The least threshold work that makes a threshold session (2 × 4 min; 8 min continuous).
TEMPO_MIN_WORK_MIN = 8
#: The fewest reps of an interval session: fewer is a token, not a session ...
INTERVALS_MIN_REPS = 3
#: ... unless a short day holds no more: then two reps of at least this length (a light session).
INTERVALS_PAIR_MIN_M = 400
#: Threshold: cruise intervals (reps × minutes) growing to 30 min continuous, the work never
#: less than the rung before: longer reps first (Daniels' cruise intervals run up to 15 min),
#: then one continuous run. A ladder that went from 5 × 6 min to 20 min continuous cut the
#: work by a third (30 -> 20 min) in 23 % of realistic plans' full build weeks.
TEMPO_LADDER: tuple[tuple[int, int], ...] = ((3, 6), (4, 6), (5, 6), (3, 10), (2, 15), (1, 30))
#: Marathon pace: km at M, 8 → 16.
MARATHON_LADDER_KM: tuple[int, ...] = (8, 10, 12, 14, 16)
#: Half marathon race-specific: minutes at T, then km at half-marathon pace.
HALF_LADDER: tuple[tuple[int, int], ...] = ((10, 3), (10, 4), (15, 4), (15, 5), (20, 6))
#: Intervals at I: reps × metres, 3–5 min each, jog about the same time.
INTERVAL_LADDER: tuple[tuple[int, int], ...] = ((4, 800), (5, 800), (4, 1000), (6, 800), (5, 1000))
INTERVAL_REP_OPTIONS_M: tuple[int, ...] = (1000, 800, 600, 400)
#: The first interval sessions of a block hold at most these shares of Daniels' I limit (I ≤ 8 %
#: of the week): the ladder's first rung, 4 × 800 m, is over the limit of a week under 40 km, so
#: every session of a 10K runner's peak weeks ran the most the limit holds, 3 × 800 m, from the
#: first on (a block that never grew, in 14 of 26 such plans of seed 2027). Starting under the
#: limit, the block grows to it (3 × 600 m, 3 × 800 m, 3 × 1000 m at 38.5 km a week).
INTERVAL_RAMP_SHARES: tuple[float, ...] = (0.75, 0.875)
#: A rep at I longer than this becomes a timed rep (slow runners: Daniels' 3–5 min).
INTERVAL_REP_MAX_MIN = 5.0
INTERVAL_TIMED_REP_MIN = 4
#: Taper sessions keep the pace and cut the work (Bosquet et al. 2007).
TAPER_WORK_FACTOR = 0.6
#: A step-back week's session keeps the pace and does about three quarters of its rung's work
#: (COACHING.md: the work volume steps back in step-back weeks). One rung down alone did not:
#: a kind's first rung has none below it, and some rungs hold the same minutes (2 × 10 min
#: after 20 min): 16 % of realistic plans ran a step-back week's session as big as the week's
#: before, twice or more in 5 %.
STEP_BACK_WORK_FACTOR = 0.75
#: A set repeated from the last full week (the day, the week or Daniels' limits hold it) runs
#: its recoveries this much shorter each time: a coach's step where reps cannot grow (a 10K
#: runner on 45-min weekdays ran 3 x 800 m with 3-min jogs four weeks running). Down to three
#: quarters of the rep for intervals (Daniels: jog about as long as the rep, or a little less;
#: a coach read 2-min jogs after 3:44 reps as too short at half) and 30 s between cruise
#: intervals (Daniels: 1 min per 5 min of work, or less); hill sprints and strides keep their
#: full recovery.
RECOVERY_STEP_FACTOR = 0.8
RECOVERY_ROUND_S = 15
INTERVAL_JOG_LEAST_SHARE = 0.75
CRUISE_JOG_LEAST_S = 30
#: Race week: one short tune-up with race-pace minutes.
RACE_WEEK_MARATHON_KM = 4
#: The least block at marathon or half-marathon pace a session holds (a shorter day: strides, or
#: race week's tune-up), km.
PACE_BLOCK_LEAST_KM = 1.0
RACE_WEEK_HALF_KM = 3
RACE_WEEK_SHORT_REPS: dict[str, tuple[int, int]] = {"5k": (4, 400), "10k": (3, 1000)}
#: A race week without a quality day: an easy run carries 3–4 × 1 min at race pace (the tune-up).
#: Race week's tune-up: 2-4 × 1 min at race pace (two fit a 25-min easy run with its 10-min
#: warm-up and cool-down: the short race weeks of 5K and 10K runners).
TUNEUP_REPS_MOST, TUNEUP_REPS_LEAST = 4, 2
#: How a main set's warm-up line opens and ends (a page without the warm-up section rewrites it).
#: (The warm-up section above says "5 min easy jog"; this line says those minutes are the run's
#: first, not 5 more: a coach read "Warm-up as above: 0.7 km easy (about 5 min)" as 10 min.)
WARMUP_ABOVE, THEN_THE_DRILLS = "Warm-up (above): this run's first ", ", then the drills"
TUNEUP_REP_S = 60
TUNE_UP_TITLE = "Easy run + race-pace tune-up"
TUNEUP_JOG_S = 90


@dataclass(frozen=True, slots=True)
class WorkoutPaces:
    """The paces (min/km) a workout is built from; ``race`` is the target race pace."""

    easy: float
    recovery: float
    marathon: float
    half_marathon: float
    threshold: float
    interval: float
    repetition: float
    race: float

    def of(self, pace: StepPace) -> float:
        """The pace a step is budgeted at (effort-based hill sprints at repetition pace)."""
        if pace == "easy":
            return self.easy
        if pace == "recovery":
            return self.recovery
        if pace == "hill":
            return self.repetition
        return float(getattr(self, pace))


@dataclass(frozen=True, slots=True)
class Progression:
    """Where a session sits: its level (1 = first of its kind; grows session to session, the
    last one's in a step-back week, whose work ``step_back`` cuts), the phase, the week's
    running km (0: limits not applied) and the race distance."""

    level: int = 1
    phase: Phase = "build"
    week_km: float = 0.0
    race_km: float = 21.0975
    #: gentler fast running for a runner of 60 or more, or with a hamstring history: hill
    #: sprints strong but relaxed, not hard (a coach read "hard effort (about 9/10)" in a
    #: 68-year-old's plan as the wrong dose), and 6 strides at most
    gentle_fast_running: bool = False
    #: a step-back week: its rung's work cut by :data:`STEP_BACK_WORK_FACTOR`
    step_back: bool = False
    #: the most minutes of work the session may hold (a step-back week: a share of the last full
    #: week's session, where the day's room had already held that one under its rung)
    most_work_min: float = math.inf
    #: full weeks in a row this set has repeated: its recoveries shorten by
    #: :data:`RECOVERY_STEP_FACTOR` each time, the step a set that cannot grow still takes
    recovery_steps: int = 0

    def recovery_s(self, base_s: float, least_s: float) -> int:
        """A recovery of ``base_s`` seconds, shortened for the set's repeats (to 15 s, or to the
        half minute from 2 min), never under ``least_s``."""
        shortened = base_s * RECOVERY_STEP_FACTOR ** self.recovery_steps
        unit = RECOVERY_ROUND_S if shortened < 120 else 2 * RECOVERY_ROUND_S  # "2.5 min", not "2.25 min"
        # the floor in the same units (a floor of 3:15 read "3.25 min instead of 4 min")
        least_unit = RECOVERY_ROUND_S if least_s < 120 else 2 * RECOVERY_ROUND_S
        least = math.ceil(least_s / least_unit - 1e-9) * least_unit
        return int(max(least, round(shortened / unit) * unit))

    def limit_km(self, zone: str) -> float:
        """The most work a session may hold at ``zone`` pace (Daniels), km; unbounded without a week."""
        if self.week_km <= 0:
            return math.inf
        return SESSION_LIMITS[zone] * self.week_km


def step_km(step: WorkoutStep, paces: WorkoutPaces) -> float:
    """Ground a step covers: its distance, or its minutes at its budget pace."""
    if step.distance_m is not None:
        return step.distance_m / 1000.0
    return (step.duration_s or 0) / 60.0 / paces.of(step.pace)


def step_min(step: WorkoutStep, paces: WorkoutPaces) -> float:
    if step.duration_s is not None:
        return step.duration_s / 60.0
    return (step.distance_m or 0) / 1000.0 * paces.of(step.pace)


def block_km(block: WorkoutBlock, paces: WorkoutPaces) -> float:
    return block.repeat * sum(step_km(s, paces) for s in block.steps)


def workout_km(workout: Workout, paces: WorkoutPaces) -> float:
    return sum(block_km(b, paces) for b in workout.blocks)


def work_km_by_zone(workout: Workout, paces: WorkoutPaces, race_km: float) -> dict[str, float]:
    """Km of work per Daniels limit zone (what the per-session limits judge)."""
    return daniels_work_km(workout, race_km, paces.repetition)


def _easy(kind: Literal["warmup", "cooldown", "steady", "recovery"], km: float, note: str = "") -> WorkoutStep:
    return WorkoutStep(kind=kind, pace="easy", distance_m=max(int(round(km * 1000)), 0), note=note)


def _single(step: WorkoutStep) -> WorkoutBlock:
    return WorkoutBlock(repeat=1, steps=[step])


def _reps(n: int, work: WorkoutStep, recovery: WorkoutStep | None) -> list[WorkoutBlock]:
    """``n`` reps of ``work`` with ``recovery`` between them (``Workout.rep_sets``): the last
    rep runs straight into the cool-down, which is easy running already. A recovery after it
    too made every session one jog longer than its text ("2 min easy jog between"), and a
    10-20 km week's day could not hold 2 x 400 m at I pace under the easy share."""
    if recovery is None or n <= 1:
        return [WorkoutBlock(repeat=max(n, 1), steps=[work])]
    return [WorkoutBlock(repeat=n - 1, steps=[work, recovery]), WorkoutBlock(repeat=1, steps=[work])]


# ---------------------------------------------------------------------------------------------
# Main sets
# ---------------------------------------------------------------------------------------------


def _ladder_index(ladder_len: int, level: int) -> int:
    return min(max(level, 1), ladder_len) - 1


def _scaled(value: float, prog: Progression) -> float:
    """A rung's work in the taper or a step-back week."""
    if prog.phase == "taper":
        return value * TAPER_WORK_FACTOR
    return value * STEP_BACK_WORK_FACTOR if prog.step_back else value


def work_min(workout: Workout, paces: WorkoutPaces) -> float:
    """Minutes of a workout's work steps, reps counted (recoveries and easy running left out)."""
    return sum(block.repeat * step_min(step, paces) for block in workout.blocks for step in block.steps if step.kind == "work")


def _fits(blocks: list[WorkoutBlock], paces: WorkoutPaces, room_km: float, prog: Progression) -> bool:
    if sum(block_km(b, paces) for b in blocks) > room_km + 1e-9:
        return False
    workout = Workout(blocks=blocks)
    if work_min(workout, paces) > prog.most_work_min + 1e-9:
        return False
    work = work_km_by_zone(workout, paces, prog.race_km)
    return all(km <= prog.limit_km(zone) + 1e-9 for zone, km in work.items())


def _most_reps_that_fit(
    n: int, work: WorkoutStep, recovery: WorkoutStep, paces: WorkoutPaces, room_km: float, prog: Progression,
    least: int = 1,
) -> list[WorkoutBlock] | None:
    """``n`` repetitions of work and recovery, fewer where the day has no room for them; None
    when not even ``least`` fit (with ``least`` 1, one rep always comes back)."""
    while n > least and not _fits(_reps(n, work, recovery), paces, room_km, prog):
        n -= 1
    if least > 1 and not _fits(_reps(n, work, recovery), paces, room_km, prog):
        return None
    return _reps(n, work, recovery)


def _strides_main(prog: Progression, paces: WorkoutPaces, room_km: float) -> list[WorkoutBlock]:
    n = min(STRIDES_FIRST + prog.level - 1, STRIDES_MOST)
    if prog.phase in ("taper", "race") or prog.step_back or prog.gentle_fast_running:
        # a taper's and a step-back week's strides, and from 60 or after a hamstring injury
        # (where hill sprints stay relaxed too): a coach capped a 68-year-old's 8 at 6, and a
        # step-back week's two runs of 8 were twice a build week's fast running
        n = min(n, STRIDES_CAPPED)
    stride = WorkoutStep(kind="work", pace="repetition", pace_min_per_km=paces.repetition, duration_s=STRIDE_S,
                         note="quick and relaxed, not a sprint")
    jog = WorkoutStep(kind="recovery", pace="easy", duration_s=STRIDE_JOG_S, note="easy jog or walk back")
    return _most_reps_that_fit(n, stride, jog, paces, room_km, prog) or []


def _strides_km(n: int, paces: WorkoutPaces) -> float:
    """Ground ``n`` strides with their jogs between cover."""
    return (n * STRIDE_S / paces.repetition + max(n - 1, 0) * STRIDE_JOG_S / paces.easy) / 60.0


def _hills_main(prog: Progression, paces: WorkoutPaces, room_km: float) -> list[WorkoutBlock] | None:
    n = min(HILL_SPRINTS_FIRST + prog.level - 1, HILL_SPRINTS_MOST)
    if prog.step_back:
        n = max(round(_scaled(n, prog)), HILL_SPRINTS_LEAST)
    # the first session is an introduction, strong but relaxed for every runner: 144 of 781
    # realistic plans ran hill sprints once, and a coach read a lone, unfamiliar 9/10 effort as
    # the classic strain setup; the hard effort comes once the runner has met the hill, and once
    # the reps have grown to their most: one thing grows at a time (a coach read 6 sprints at
    # 8/10, then 7 at 9/10, as reps and effort raised together)
    if prog.gentle_fast_running:
        effort = "strong but relaxed (about 8/10)"
    elif prog.level < HILL_SPRINTS_HARD_FROM_LEVEL:
        effort = "strong, not all-out (about 8/10)"
    else:
        effort = "hard effort (about 9/10)"
    sprint = WorkoutStep(kind="work", pace="hill", duration_s=HILL_SPRINT_S, note=f"steep hill, {effort}, tall and quick")
    # an easy jog, as the session's distance counts it (90 s at easy pace): "walk back down" had
    # the distance count ground a walker does not cover, 0.8-1.8 km a session
    walk = WorkoutStep(kind="recovery", pace="easy", duration_s=HILL_WALK_S, note="easy jog back down (longer if not yet fully recovered)")
    return _most_reps_that_fit(n, sprint, walk, paces, room_km, prog, least=HILL_SPRINTS_LEAST)


def _cruise_jog(prog: Progression) -> WorkoutStep:
    """The easy jog between threshold reps, shortened as the set repeats (``recovery_s``)."""
    return WorkoutStep(kind="recovery", pace="easy", duration_s=prog.recovery_s(CRUISE_JOG_S, CRUISE_JOG_LEAST_S), note="easy jog")


def _tempo_main(prog: Progression, paces: WorkoutPaces, room_km: float) -> list[WorkoutBlock] | None:
    reps, minutes = TEMPO_LADDER[_ladder_index(len(TEMPO_LADDER), prog.level)]
    total = _scaled(reps * minutes, prog)
    jog = _cruise_jog(prog)

    def blocks(n: int, rep_min: int) -> list[WorkoutBlock]:
        work = WorkoutStep(kind="work", pace="threshold", pace_min_per_km=paces.threshold, duration_s=rep_min * 60,
                           note="comfortably hard, a few words but no chat")
        return _reps(n, work, jog)

    if reps == 1:
        candidates = [(1, m) for m in range(int(total), TEMPO_CONTINUOUS_LEAST_MIN - 1, -1)]
    else:
        # the step's reps, or as much of its work as Daniels' limit and the day hold, in fewer
        # and longer cruise intervals where that is more (a 35 km week holds 18 min at T, not
        # 24: 3 x 6 min for five weeks, where 2 x 10 min is the next step), then fewer reps
        # (up to as many reps as the shortest of those minutes gives: 2 x 15 min that a week
        # holds to 27 min of work is 3 x 9 min, not 2 x 12; at equal work the rung's own shape)
        most_reps = max(int(total // min(minutes, *CRUISE_REP_MIN)), 2)
        shapes = {(n, m) for n in range(2, most_reps + 1) for m in (minutes, *CRUISE_REP_MIN) if n * m <= total}
        if minutes >= CONTINUOUS_FROM_REP_MIN:
            # the long-rep rungs lead to continuous running: where the week holds less work than
            # their reps, one continuous run of what it holds (a 30 km week's 14 min at T came
            # after 2 x 6 min, not 10 min)
            shapes |= {(1, m) for m in range(int(total), TEMPO_CONTINUOUS_LEAST_MIN - 1, -1)}
        # a step-back week steps back in cruise intervals where its day holds them, continuous
        # running only after them (two marathoners' first continuous threshold run, 22 min, the
        # ladder's hardest shape, came in the step-back week after 3 x 10 min: now 2 x 10 min)
        candidates = sorted(shapes, key=lambda nm: (prog.step_back and nm[0] == 1, -nm[0] * nm[1], nm != (reps, minutes), -nm[0])) + [(1, minutes)]
    candidates += [(n, m) for m in (5, 4) for n in (3, 2)] + [(1, m) for m in (12, 10)]
    for n, m in candidates:
        if n * m >= TEMPO_MIN_WORK_MIN and _fits(blocks(n, m), paces, room_km, prog):
            return blocks(n, m)
    return None


def _short_tempo(prog: Progression, paces: WorkoutPaces, room_km: float) -> list[WorkoutBlock] | None:
    """Race week for a runner kept to tempo work: 2 × 5 min at threshold, shorter if the day is
    (None: not even 2 × 3 min fits with 10 min easy either side)."""
    jog = WorkoutStep(kind="recovery", pace="easy", duration_s=CRUISE_JOG_S * 2, note="easy jog")
    for minutes in (5, 4, 3):
        work = WorkoutStep(kind="work", pace="threshold", pace_min_per_km=paces.threshold, duration_s=minutes * 60,
                           note="controlled, a touch of speed for race day")
        if _fits(_reps(2, work, jog), paces, room_km, prog):
            return _reps(2, work, jog)
    return None


def _tuneup_main(prog: Progression, paces: WorkoutPaces, room_km: float) -> list[WorkoutBlock] | None:
    """Race week's tune-up inside an easy run: 3–4 × 1 min at race pace, easy jog between."""
    rep = WorkoutStep(kind="work", pace="race", pace_min_per_km=paces.race, duration_s=TUNEUP_REP_S,
                      note="race pace, smooth and relaxed: rehearse the rhythm, don't test yourself")
    jog = WorkoutStep(kind="recovery", pace="easy", duration_s=TUNEUP_JOG_S, note="easy jog")
    return _most_reps_that_fit(TUNEUP_REPS_MOST, rep, jog, paces, room_km, prog, least=TUNEUP_REPS_LEAST)


def _pace_block_km(most_km: float) -> float | None:
    """A block at marathon or half-marathon pace of at most ``most_km``, in whole half-kilometres
    (they read better); None below :data:`PACE_BLOCK_LEAST_KM`."""
    if most_km < PACE_BLOCK_LEAST_KM - 1e-9:
        return None
    return math.floor(most_km * 2) / 2


def _marathon_main(prog: Progression, paces: WorkoutPaces, room_km: float) -> list[WorkoutBlock] | None:
    if prog.phase == "race":
        km = float(RACE_WEEK_MARATHON_KM)
    else:
        km = _scaled(MARATHON_LADDER_KM[_ladder_index(len(MARATHON_LADDER_KM), prog.level)], prog)
    # at most the work a step-back or taper week may do (``most_work_min``): a taper's "short
    # dose at pace" ran 5 km after build sessions the days had held to 4.5
    km = min(km, prog.most_work_min / paces.marathon)
    km = _pace_block_km(min(km, prog.limit_km("marathon"), room_km))
    if km is None:
        return None
    step = WorkoutStep(kind="work", pace="marathon", pace_min_per_km=paces.marathon, distance_m=int(km * 1000),
                       note="steady and controlled, the rhythm of race day")
    return [_single(step)]


def _half_main(prog: Progression, paces: WorkoutPaces, room_km: float) -> list[WorkoutBlock] | None:
    if prog.phase == "race":
        km = _pace_block_km(min(RACE_WEEK_HALF_KM, room_km, prog.limit_km("marathon")))
        if km is None:
            return None
        step = WorkoutStep(kind="work", pace="half_marathon", pace_min_per_km=paces.half_marathon,
                           distance_m=int(km * 1000), note="race pace: smooth, no faster")
        return [_single(step)]
    rung = _ladder_index(len(HALF_LADDER), prog.level)
    t_min, hm_km = int(_scaled(HALF_LADDER[rung][0], prog)), _scaled(HALF_LADDER[rung][1], prog)
    jog = WorkoutStep(kind="recovery", pace="easy", duration_s=180, note="easy jog")
    # the step, a little smaller, a step below it, or its half-pace part alone (a short day):
    # the most work that fits, the two paces first at equal work, so a step never does less
    # than the one before on the same day (15 min + 4 km that no shrink of it fitted fell to
    # 5 km at half pace alone, after 10 min + 4 km had fitted)
    shapes = {
        (max(int(_scaled(t, prog)) - 2 * shrink, 4), max(math.floor((_scaled(hm, prog) - 0.5 * shrink) * 2) / 2, 1.0))
        for t, hm in HALF_LADDER[: rung + 1] for shrink in range(0, 3)
    }
    alone_km = _pace_block_km(min(prog.limit_km("marathon"), hm_km))
    while alone_km is not None:
        shapes.add((0, alone_km))
        alone_km = _pace_block_km(alone_km - 0.5)
    for t, hm in sorted(shapes, key=lambda s: (-(s[0] + s[1] * paces.half_marathon), -s[0])):
        if t > t_min or hm > hm_km + 1e-9:
            continue
        half_pace = _single(WorkoutStep(kind="work", pace="half_marathon", pace_min_per_km=paces.half_marathon,
                                        distance_m=int(hm * 1000), note="the rhythm of race day"))
        blocks = [half_pace] if t == 0 else [
            _single(WorkoutStep(kind="work", pace="threshold", pace_min_per_km=paces.threshold, duration_s=t * 60,
                                note="comfortably hard")),
            _single(jog),
            half_pace,
        ]
        if _fits(blocks, paces, room_km, prog):
            return blocks
    return None


def _interval_rep(metres: int, paces: WorkoutPaces, pace: StepPace) -> WorkoutStep:
    # race week's reps at race pace rehearse it, as its tune-up does: "hard" invited racing the
    # set three days out (a coach read "hard but even" beside 3 x 4 min at 10K pace)
    note = ("race pace, smooth and relaxed: rehearse the rhythm, don't test yourself" if pace == "race"
            else "hard but even: the last rep as fast as the first")
    rep_pace = paces.of(pace)
    if metres / 1000.0 * rep_pace > INTERVAL_REP_MAX_MIN:
        return WorkoutStep(kind="work", pace=pace, pace_min_per_km=rep_pace, duration_s=INTERVAL_TIMED_REP_MIN * 60, note=note)
    return WorkoutStep(kind="work", pace=pace, pace_min_per_km=rep_pace, distance_m=metres, note=note)


def _interval_blocks(n: int, rep: WorkoutStep, paces: WorkoutPaces, prog: Progression, *, least_jog: bool = False) -> list[WorkoutBlock]:
    rep_s = step_min(rep, paces) * 60
    jog_s = max(int(round(rep_s / 30.0)) * 30, 60)  # jog about the same time, to the half minute
    least_s = max(60, INTERVAL_JOG_LEAST_SHARE * rep_s)
    if least_jog or prog.recovery_steps:
        jog_s = prog.recovery_s(least_s if least_jog else jog_s, least_s)
    jog = WorkoutStep(kind="recovery", pace="easy", duration_s=jog_s, note="easy jog")
    return _reps(n, rep, jog)


def _intervals_main(prog: Progression, paces: WorkoutPaces, room_km: float) -> list[WorkoutBlock] | None:
    if prog.phase == "race":
        key = "5k" if prog.race_km <= 5.0 + 1e-9 else "10k"
        n, metres = RACE_WEEK_SHORT_REPS[key]
        longest = metres
        most_reps = n
        pace: StepPace = "race"
    else:
        rung = _ladder_index(len(INTERVAL_LADDER), prog.level)
        n, metres = INTERVAL_LADDER[rung]
        # shorter reps as many as any rung so far asks (a day whose most was 5 x 400 m at one
        # rung could hold only 4 at the next, 4 x 1000 m, and its work fell)
        most_reps = max(r for r, _ in INTERVAL_LADDER[: rung + 1])
        if prog.phase == "taper" or prog.step_back:
            n, most_reps = (max(int(_scaled(reps, prog)), 3) for reps in (n, most_reps))
        # reps as long as the ladder has reached by this rung: 6 x 800 m that a day could not
        # hold ran 3 x 600 m a week after 3 x 1000 m (timed at 4 min) had fitted a smaller day
        longest = max(m for _, m in INTERVAL_LADDER[: rung + 1])
        pace = "interval"
    # the rung's own reps first, then the other lengths by how long a rep lasts (a slow
    # runner's 1000 m reps are timed at 4 min, shorter than his 800 m: 3 x 4 min had come
    # after 3 x 800 m): shorter reps before fewer than three (3 × 600 m before 2 × 800 m), and
    # longer ones no more than the rung's distance; two reps are the last resort of a short day
    # (2 × 400 m with a full warm-up and cool-down: a light session, which the days of a 10-20
    # km week often cannot hold more of under easy_share)
    reps_of = {m: _interval_rep(m, paces, pace) for m in INTERVAL_REP_OPTIONS_M if m <= longest}
    own_first = reps_of[metres].distance_m is not None
    by_minutes = sorted((m for m in reps_of if m != metres or not own_first), key=lambda m: (-step_min(reps_of[m], paces), m != metres, -m))
    tries = [(metres, reps) for reps in range(n, INTERVALS_MIN_REPS - 1, -1)] if own_first else []
    for rep_m in by_minutes:
        most = n if rep_m == metres else max(most_reps, INTERVALS_MIN_REPS) if rep_m < metres else min(n, n * metres // rep_m)
        tries += [(rep_m, reps) for reps in range(most, INTERVALS_MIN_REPS - 1, -1)]
    tries += [(rep_m, INTERVALS_MIN_REPS - 1) for rep_m in sorted(reps_of, reverse=True) if INTERVALS_PAIR_MIN_M <= rep_m <= longest]
    ramp_km = _interval_ramp_km(prog, paces)
    fitting = []
    for rep_m, reps in tries:
        blocks = _interval_blocks(reps, reps_of[rep_m], paces, prog)
        if _fits(blocks, paces, room_km, prog) and reps * step_km(reps_of[rep_m], paces) <= ramp_km + 1e-9:
            fitting.append(blocks)
            if own_first and rep_m == metres and reps == n:
                # the rung's own whole set fits: the sets tried after it are the smaller ones (not
                # where its rep is timed: a slow runner's longer reps of other lengths come later)
                break
    if not fitting and prog.phase != "race":
        # the last resort's two reps with the least jog, 3/4 of a rep (Daniels: a recovery "equal
        # to or a little less than" the work): a novice 5K runner's peak week of 17.7 km on three
        # days held 2 x 400 m with a 105-s jog beside 80 % easy running, and not with 150 s. Not
        # race week's: its tune-up inside an easy run stays the tune-up (a 10K runner's became
        # "2 x 400 m at race pace", typed intervals, and read as the plan's interval session)
        fitting = [
            blocks for rep_m, reps in tries if reps == INTERVALS_MIN_REPS - 1
            if _fits(blocks := _interval_blocks(reps, reps_of[rep_m], paces, prog, least_jog=True), paces, room_km, prog)
            and reps * step_km(reps_of[rep_m], paces) <= ramp_km + 1e-9
        ]
    if not fitting:
        return None
    # where the rung's own set does not fit, the most work that does (the order above breaks
    # ties): the first fit let a rung of 800 m reps run 3 × 800 m a week after 3 × 1000 m had
    # fitted the same room, work falling in the peak weeks
    return max(fitting, key=lambda blocks: work_min(Workout(blocks=blocks), paces))


def _interval_ramp_km(prog: Progression, paces: WorkoutPaces) -> float:
    """The most interval work (km) a block's first sessions hold (:data:`INTERVAL_RAMP_SHARES`)
    where the week's I limit stops the ladder's own sets from growing the block; unbounded where
    it does not, later on, in step-back and taper weeks (which scale their rung) and race week."""
    if prog.phase in ("taper", "race") or prog.step_back or not 1 <= prog.level <= len(INTERVAL_RAMP_SHARES):
        return math.inf
    limit_km = prog.limit_km("interval")
    # the ladder grows the block itself where the last ramped rung's own set fits the limit: a
    # 10K runner at 53-55 km a week, capped all the same, ran 4 x 800 m twice (the second
    # rung's 5 x 800 m was over 7/8 of his 4.4 km limit); under that, the ladder stalls at its
    # first rung (4 x 800 m, then 4 x 800 m again at 40-50 km), and the ramp grows the block
    last_ramped_reps, last_ramped_m = INTERVAL_LADDER[len(INTERVAL_RAMP_SHARES) - 1]
    if last_ramped_reps * step_km(_interval_rep(last_ramped_m, paces, "interval"), paces) <= limit_km + 1e-9:
        return math.inf
    # never under the least real set of three reps (a 5K novice's 3 x 400 m would fall to two)
    least_km = INTERVALS_MIN_REPS * min(INTERVAL_REP_OPTIONS_M) / 1000
    return max(INTERVAL_RAMP_SHARES[prog.level - 1] * limit_km, least_km)


# ---------------------------------------------------------------------------------------------
# Whole workouts
# ---------------------------------------------------------------------------------------------


def _main_set(kind: QualityType, prog: Progression, paces: WorkoutPaces, room_km: float) -> list[WorkoutBlock] | None:
    """The main set of ``kind`` in ``room_km`` km; None when the day cannot hold its minimum dose."""
    blocks = _remembered_main_set(kind, prog, paces, room_km)
    return None if blocks is None else list(blocks)


@lru_cache(maxsize=4096)
def _remembered_main_set(kind: QualityType, prog: Progression, paces: WorkoutPaces, room_km: float) -> tuple[WorkoutBlock, ...] | None:
    """:func:`_main_set`, remembered: a session's kind is settled (``session_kind``) before its
    workout is written, each time searching the same set again (300 realistic plans asked for
    25,497 main sets, 14,428 of them different). Its inputs are frozen, and so are the blocks:
    the workouts that share them must never change a block's ``steps`` in place."""
    blocks = _search_main_set(kind, prog, paces, room_km)
    return None if blocks is None else tuple(blocks)


def threshold_with_half_pace(race_km: float, phase: str) -> bool:
    """Whether a threshold session comes with half-marathon pace: a half's peak, taper and race
    week (:func:`_half_main`)."""
    return 10.0 < race_km <= 21.1 and phase in ("peak", "taper", "race")


def _search_main_set(kind: QualityType, prog: Progression, paces: WorkoutPaces, room_km: float) -> list[WorkoutBlock] | None:
    if kind == "strides":
        return _strides_main(prog, paces, room_km)
    if kind == "hills":
        return _hills_main(prog, paces, room_km)
    if kind == "marathon":
        return _marathon_main(prog, paces, min(room_km, 1000.0))
    if kind == "intervals":
        return _intervals_main(prog, paces, room_km)
    if kind == "tuneup":
        return _tuneup_main(prog, paces, room_km)
    if threshold_with_half_pace(prog.race_km, prog.phase):
        return _half_main(prog, paces, room_km)
    if prog.phase == "race":
        return _short_tempo(prog, paces, room_km)
    return _tempo_main(prog, paces, room_km)


def _room_km(kind: QualityType, km: float, paces: WorkoutPaces, warmup_min: int) -> float:
    cool_min = QUALITY_COOLDOWN_MIN if kind != "strides" else 0
    return max(km - (warmup_min + cool_min) / paces.easy, 0.0)


def session_kind(kind: QualityType, km: float, paces: WorkoutPaces, prog: Progression, *, warmup_min: int) -> QualityType:
    """What a quality day of ``km`` km holds: ``kind``, or an easy run with strides when the day
    cannot hold the minimum real dose of ``kind`` (4 hill sprints, 3 intervals or 2 of 400 m or
    more, 8 min at T, 2 × 3 min at T in race week, 1 km at marathon or half-marathon pace) with
    its 10 min easy either side —
    a token of the harder session trains nothing, and a session whose cool-down gives way is
    none either (race week's 1 km at marathon pace kept a 2-9 min cool-down on 16 of 196 plans).
    In race week such a day keeps a few race-pace minutes where it holds them (the tune-up: 2-4
    × 60 s at race pace)."""
    if kind == "strides" or _main_set(kind, prog, paces, _room_km(kind, km, paces, warmup_min)) is not None:
        return kind
    tunes_up = kind in ("marathon", "intervals") or (kind == "tempo" and 10.0 < prog.race_km <= 21.1)
    if prog.phase == "race" and tunes_up and _main_set("tuneup", prog, paces, _room_km("tuneup", km, paces, warmup_min)) is not None:
        return "tuneup"
    return "strides"


#: An easy run of this many minutes or more runs its strides after
#: :data:`STRIDES_AFTER_EASY_MIN` min of easy running past the warm-up, not at its end.
STRIDES_EARLY_RUN_MIN = 60
STRIDES_AFTER_EASY_MIN = 15
#: The shortest easy part a workout lists as a block of its own, about half a minute at the
#: fastest easy pace (shorter: part of the warm-up or the cool-down).
SHORTEST_EASY_BLOCK_KM = 0.15


def quality_workout(kind: QualityType, km: float, paces: WorkoutPaces, prog: Progression,
                    *, warmup_min: int) -> Workout:
    """A quality session (or an easy run with strides) of ``km`` km in all.

    Quality sessions: warm-up ≥ 10 min easy (15 at most), main set, cool-down ≥ 10 min easy, and
    any easy distance left over after the work. Hill sprints follow an easy run; strides end
    one, or on a run of about an hour or more come after its first 15 min of easy running. A
    day too short for the full set gets fewer reps or minutes, down to the type's minimum dose;
    below that, the easy run with strides (see ``session_kind``).
    """
    asked = kind
    kind = session_kind(kind, km, paces, prog, warmup_min=warmup_min)
    warm_km = warmup_min / paces.easy
    # a quality day turned easy run with strides keeps its cool-down after the strides
    cool_km = QUALITY_COOLDOWN_MIN / paces.easy if asked != "strides" else 0.0
    room = km - warm_km - cool_km
    if kind == "strides" and asked != kind:  # its first strides come before a full cool-down (the rest of the day cools down)
        room = max(room, min(_strides_km(STRIDES_FIRST, paces), km - warm_km - 0.5 * cool_km))
    main = _main_set(kind, prog, paces, max(room, 0.0)) or []
    main_km = sum(block_km(b, paces) for b in main)
    if main_km > km - 1e-9:  # a day too short for even the smallest set: half of it at the work pace
        work = next(step for b in main for step in b.steps if step.kind == "work")
        metres = max(int(km * 500 / 100) * 100, 100)
        main = [_single(work.model_copy(update={"distance_m": metres, "duration_s": None}))]
        main_km = metres / 1000.0
    # a short day: the cool-down gives way first, then the warm-up
    cool_km = min(cool_km, max(km - warm_km - main_km, 0.0))
    if cool_km < SHORTEST_EASY_BLOCK_KM:
        # what is left of it after a short day's work is the warm-up's (a race-week session of
        # 3.2 km kept an 18-85 m "cool-down")
        warm_km, cool_km = warm_km + cool_km, 0.0
    if main_km > km - warm_km - 1e-9:
        cool_km = 0.0
        warm_km = max(km - main_km, 0.0)
    spare = max(km - warm_km - cool_km - main_km, 0.0)
    if spare < SHORTEST_EASY_BLOCK_KM:
        # a few metres of easy running are no block of their own ("Then 0 km easy (about 0 min)"
        # on 26 sessions of seed 2051's 300 plans): the warm-up runs them
        warm_km, spare = warm_km + spare, 0.0
    if kind == "strides":
        # strides come at the end of an easy run: the spare distance is that easy run; on a run
        # of an hour or more, after its first minutes, while the legs are fresh (a coach read 8
        # strides at the end of a 97-min medium-long run, with heavy leg curls that evening)
        before_km = spare
        if asked == "strides" and km * paces.easy >= STRIDES_EARLY_RUN_MIN:
            before_km = min(spare, STRIDES_AFTER_EASY_MIN / paces.easy)
        blocks = [_single(_easy("warmup", warm_km, "easy jog, then the drills")),
                  _single(_easy("steady", before_km, "easy, conversational"))]
        blocks = [b for b in blocks if b.steps[0].distance_m]
        blocks += main
        if spare - before_km > 1e-6:
            blocks.append(_single(_easy("steady", spare - before_km, "easy, conversational: the rest of the run")))
        if cool_km > 0:
            blocks.append(_single(_easy("cooldown", cool_km, "easy jog")))
        return Workout(blocks=blocks)
    extra_warm = min(spare, max(WARMUP_MAX_MIN - warmup_min, 0) / paces.easy)
    warm_km += extra_warm
    spare -= extra_warm
    extra_cool = min(spare, max(COOLDOWN_MAX_MIN - QUALITY_COOLDOWN_MIN, 0) / paces.easy)
    cool_km += extra_cool
    after_km = spare - extra_cool
    if after_km < SHORTEST_EASY_BLOCK_KM or after_km * paces.easy < FOLDED_EASY_MIN:
        cool_km, after_km = cool_km + after_km, 0.0
    blocks = [_single(_easy("warmup", warm_km, "easy jog, then the drills")), *main]
    if after_km > 1e-6:
        blocks.append(_single(_easy("steady", after_km, "easy, conversational")))
    if cool_km > 1e-6:
        blocks.append(_single(_easy("cooldown", cool_km, "easy jog")))
    return Workout(blocks=[b for b in blocks if b.steps[0].duration_s or b.steps[0].distance_m])


#: A long run that carries the week's faster running runs this long easy before the work (its
#: warm-up included): the work comes early in the run, on fresh legs, not late on tired ones
#: (a coach read threshold work 70-90 % into a 2.5-h run as the strain scenario of the plan's
#: own "tired form strains hamstrings"); a run too short for it starts the work a third of the way in.
LONG_RUN_EASY_BEFORE_WORK_MIN = 30
#: ... and its work at most this share of the week's running (with Daniels' limits: T 10 %),
#: so that the week stays four fifths easy with that work counted as hard (marathon pace's 20 %
#: of the week's km, in minutes at that pace, came within a minute of it).
LONG_RUN_WORK_WEEK_SHARE = 0.16


def long_run_workout(kind: QualityType, km: float, paces: WorkoutPaces, prog: Progression, *, warmup_min: int) -> Workout | None:
    """A long run of ``km`` km that carries the week's faster running (threshold, or marathon
    pace for a marathon) in its middle: ``warmup_min`` of easy running with the drills, easy
    running to :data:`LONG_RUN_EASY_BEFORE_WORK_MIN` (a third of the run at most), the main set,
    then the rest easy, at least ``QUALITY_COOLDOWN_MIN``. Its work stays within Daniels' limits
    and :data:`LONG_RUN_WORK_WEEK_SHARE` of the week (``prog.week_km``). None where the run
    cannot hold the set's minimum dose that way."""
    if kind not in ("tempo", "marathon") or prog.week_km <= 0:
        return None  # (without the week, no share of it to hold the work to)
    warm_km = warmup_min / paces.easy
    cool_km = QUALITY_COOLDOWN_MIN / paces.easy
    before_km = max(warm_km, min(LONG_RUN_EASY_BEFORE_WORK_MIN / paces.easy, km / 3))
    room = min(km - before_km - cool_km, LONG_RUN_WORK_WEEK_SHARE * prog.week_km)
    if room <= 0:
        return None
    main = _main_set(kind, prog, paces, room)
    if not main:
        return None
    main = _in_cruise_reps(main, paces, prog, room)
    main_km = sum(block_km(b, paces) for b in main)
    if main_km > room + 1e-9:
        return None
    after_km = km - before_km - main_km
    blocks = [_single(_easy("warmup", warm_km, "easy jog, then the drills")),
              _single(_easy("steady", before_km - warm_km, "easy, conversational")), *main,
              _single(_easy("cooldown", after_km, "easy to the end, conversational"))]
    return Workout(blocks=[b for b in blocks if b.steps[0].duration_s or b.steps[0].distance_m])


#: The longest continuous threshold running inside a long run: more is split in two reps with
#: a jog between (a coach read 28 min at threshold inside a 60-year-old's 22 km long run as
#: heavy, and asked for 2 x 12-14 min).
LONG_RUN_THRESHOLD_MOST_MIN = 15


def _in_cruise_reps(main: list[WorkoutBlock], paces: WorkoutPaces, prog: Progression, room_km: float) -> list[WorkoutBlock]:
    """``main`` with each continuous threshold run of more than
    :data:`LONG_RUN_THRESHOLD_MOST_MIN` as two reps of half of it (whole minutes) with a cruise
    jog between (a half's threshold before its half-marathon pace too: "16 min + 5 km"), where
    ``room_km`` holds them."""
    jog = _cruise_jog(prog)
    split: list[WorkoutBlock] = []
    for block in main:
        step = block.steps[0]
        if (block.repeat == 1 and len(block.steps) == 1 and step.kind == "work" and step.pace == "threshold"
                and (step.duration_s or 0) > LONG_RUN_THRESHOLD_MOST_MIN * 60):
            half = step.model_copy(update={"duration_s": (step.duration_s or 0) // 120 * 60})
            split += _reps(2, half, jog)
        else:
            split.append(block)
    return split if sum(block_km(b, paces) for b in split) <= room_km + 1e-9 else main


def full_session_km(kind: QualityType, paces: WorkoutPaces, prog: Progression, *, warmup_min: int = QUALITY_WARMUP_MIN) -> float:
    """The distance a session needs to hold its whole progression step within Daniels' limits:
    10 min warm-up, the main set, 10 min cool-down (strides: the main set after the warm-up).
    A planner that gives a quality day at least this much gets the full workout."""
    main = _main_set(kind, prog, paces, math.inf) or []
    easy_min = warmup_min + (0 if kind == "strides" else QUALITY_COOLDOWN_MIN)
    return easy_min / paces.easy + sum(block_km(b, paces) for b in main)


@lru_cache(maxsize=1024)
def steady_workout(km: float, pace: StepPace, paces: WorkoutPaces, *, warmup_min: int, note: str) -> Workout:
    """An easy, recovery or long run: the first minutes are its warm-up, the rest steady
    (remembered: a plan repeats its easy distances week after week, and a Workout is immutable)."""
    warm_km = min(warmup_min / paces.of(pace), km)
    return Workout(blocks=[
        _single(WorkoutStep(kind="warmup", pace=pace, distance_m=int(round(warm_km * 1000)), note="easy, then the drills")),
        _single(WorkoutStep(kind="steady", pace=pace, distance_m=int(round((km - warm_km) * 1000)), note=note)),
    ])


def zone_uses(workouts: list[tuple[str, Workout]]) -> dict[str, str]:
    """The Daniels zones (and half-marathon pace) a plan's runs use, each with what it is used
    for, from the runs' (run type, workout) pairs: a cover lists only the paces the plan holds."""
    paces_used: dict[str, set[str]] = {}
    for run_type, workout in workouts:
        for block in workout.blocks:
            for step in block.steps:
                paces_used.setdefault(step.pace, set()).add(run_type)
    uses = {"easy": "easy, recovery and long runs"}
    if "marathon" in paces_used:
        uses["marathon"] = "marathon-pace runs"
    if "half_marathon" in paces_used:
        uses["half_marathon"] = "half-marathon-pace runs"
    if "threshold" in paces_used:
        uses["threshold"] = "threshold (tempo) runs"
    if "interval" in paces_used:
        uses["interval"] = "intervals"
    if "repetition" in paces_used:
        uses["repetition"] = "strides, run by feel near this pace"
    return uses


# ---------------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------------

#: The pace a step is run at, in words. A hill sprint's says where, its note how hard: "hard
#: uphill effort" read against the first session's "strong, not all-out (about 8/10)".
PACE_WORDS: dict[str, str] = {
    "easy": "easy", "recovery": "very easy", "marathon": "marathon pace", "threshold": "threshold pace",
    "interval": "interval pace", "repetition": "stride pace", "race": "race pace",
    "half_marathon": "half-marathon pace", "hill": "uphill effort",
}


def _amount(step: WorkoutStep, repeat: int = 1) -> str:
    if step.distance_m is not None:
        if step.distance_m < 1000 or (repeat > 1 and step.distance_m <= 2000):
            return f"{step.distance_m} m"
        return f"{fmt_km(step.distance_m / 1000)} km"
    return duration_words(step.duration_s or 0)


def duration_words(seconds: int) -> str:
    """A timed step's length as the workout text writes it: "90 s", "3 min", "2.5 min"."""
    return f"{seconds} s" if seconds < 120 else (f"{seconds // 60} min" if seconds % 60 == 0 else f"{seconds / 60:g} min")


#: Strides are run by feel: no watch measures pace over 20 s, and a number invites chasing it
#: (a coach's reading of "8 × 20 s at stride pace, 3:33 /km").
STRIDE_EFFORT_WORDS = "about mile-race effort, by feel"


def is_stride(step: WorkoutStep) -> bool:
    """A stride: a short step at repetition pace, run by feel (:data:`STRIDE_EFFORT_WORDS`)."""
    return step.pace == "repetition" and step.duration_s is not None and step.duration_s <= STRIDE_S


def _at(step: WorkoutStep) -> str:
    if is_stride(step):
        return STRIDE_EFFORT_WORDS
    words = PACE_WORDS[step.pace]
    if step.pace_min_per_km is not None and step.pace not in ("easy", "recovery"):
        return f"{words}, {fmt_pace(step.pace_min_per_km)}"
    return words


def describe_block(block: WorkoutBlock, paces: WorkoutPaces, times: int | None = None) -> str:
    """One line of a workout: '5 × 800 m at interval pace, 4:40 /km (about 3:44 each) — 3:30 easy jog between'
    (``times``: how many reps the set has, when the block is a set's reps but the last, see ``Workout.rep_sets``)."""
    repeat = block.repeat if times is None else times
    work = block.steps[0]
    if repeat == 1 and work.kind == "recovery" and work.duration_s is not None:
        return f"Then {_amount(work)} {work.note or 'easy jog'}"
    if repeat == 1 and work.kind in ("warmup", "cooldown", "steady", "recovery"):
        minutes = round(step_min(work, paces))
        easy = f"{fmt_km(step_km(work, paces))} km easy (about {minutes} min)"
        if work.kind == "warmup":
            # the warm-up section above says it too: this line says how far it goes, not again what to do
            return f"{WARMUP_ABOVE}{easy}{THEN_THE_DRILLS}"
        if work.kind == "cooldown":
            if minutes > LONG_COOLDOWN_LINE_MIN:
                # the rest of the run after its set (a tune-up's, strides', or a session's whose
                # day holds more easy running), not a cool-down of that length ("Then 3.3 km
                # easy (about 24 min) to cool down" after 4 × 60 s)
                return f"Then {easy} to finish, relaxed; its last {QUALITY_COOLDOWN_MIN} min are the cool-down"
            return f"Then {easy} to cool down"
        return f"Then {easy}{' — ' + work.note if work.note and work.kind == 'steady' else ''}"
    head = f"{repeat} × {_amount(work, repeat)}" if repeat > 1 else _amount(work)
    text = f"{head} at {_at(work)}"
    if work.distance_m is not None and work.pace_min_per_km is not None and work.distance_m < 2000:
        seconds = work.distance_m / 1000 * work.pace_min_per_km * 60
        # a rep's time to aim at ("about 3:44 each"); a lone block's in minutes, since "1.5 km at
        # half-marathon pace, 7:03 /km (about 10:35)" read as a second pace
        text += f" (about {_mmss(seconds)} each)" if repeat > 1 else f" (about {max(1, round(seconds / 60))} min)"
    elif work.duration_s is not None and work.pace_min_per_km is not None and work.duration_s >= 180:
        text += f" (about {fmt_km(step_km(work, paces))} km{' each' if repeat > 1 else ''})"
    if work.note:
        text += f": {work.note}"
    if len(block.steps) > 1:
        rest = block.steps[1]
        text += f"; {_amount(rest)} {rest.note or 'easy jog'} between"
    return text


def describe_workout(workout: Workout, paces: WorkoutPaces) -> list[str]:
    """One line per block, except that the day's easy running after the set and the cool-down
    that ends it read as one run on (two lines, "Then 4.6 km easy (about 31 min)" and "Then 3 km
    easy (about 20 min) to cool down", read as two runs back to back)."""
    sets = list(workout.rep_sets())
    out: list[str] = []
    n = 0
    while n < len(sets):
        times, block = sets[n]
        after = sets[n + 1][1] if n + 1 < len(sets) else None
        if (block.repeat == 1 and block.steps[0].kind == "steady" and after is not None and after.repeat == 1
                and after.steps[0].kind == "cooldown"):
            steady, cool = block.steps[0], after.steps[0]
            minutes = round(step_min(steady, paces) + step_min(cool, paces))
            km = fmt_km(step_km(steady, paces) + step_km(cool, paces))
            out.append(f"Then {km} km easy (about {minutes} min), conversational; its last {round(step_min(cool, paces))} min are the cool-down")
            n += 2
            continue
        out.append(describe_block(block, paces, times))
        n += 1
    return out


def title_of(kind: QualityType, workout: Workout) -> str:
    """'Threshold · 3 × 6 min', 'Marathon pace · 10 km', 'Intervals · 5 × 800 m', 'Hill sprints · 6 × 10 s'."""
    sets = [(n, b) for n, b in workout.rep_sets() if b.steps[0].kind == "work"]
    work = [b for _, b in sets]
    parts = [f"{n} × {_amount(b.steps[0], n)}" if n > 1 else _amount(b.steps[0]) for n, b in sets]
    names = {"strides": "Easy run + strides", "hills": "Hill sprints", "tempo": "Threshold",
             "marathon": "Marathon pace", "intervals": "Intervals", "tuneup": TUNE_UP_TITLE}
    name = names[kind]
    if kind == "tempo" and any(b.steps[0].pace == "half_marathon" for b in work):
        only_half = all(b.steps[0].pace == "half_marathon" for b in work)
        name = "Half-marathon pace" if only_half else "Threshold + half pace"
    if kind == "intervals" and any(b.steps[0].pace == "race" for b in work):
        name = "Race-pace tune-up"
    return f"{name} · {' + '.join(parts)}"


def _mmss(seconds: float) -> str:
    total = int(round(seconds))
    return f"{total // 60}:{total % 60:02d}"
