"""Hamstring strength and mobility, the core of the seed: what to lift, when, and how to stretch."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hamplan.calendar import PlanCalendar, plan_week_key, weekday_name
from hamplan.models import QUALITY_TYPES, SPRINT_TYPES, Exercise, PlanRequest, Session
from hamplan.rules.base import PlanVars, PlanView, Rule, Violation, counts_exactly, strength_done_on
from hamplan.rules.settings import STRENGTH_FREE_DAYS_BEFORE_RACE, TENDINOPATHY_ISOMETRIC_WEEKS
from hamplan.words import a_or_an

HINGE_WORDS = ("deadlift", "rdl", "hip hinge", "good morning")
KNEE_FLEXION_WORDS = ("curl",)
#: Even the short form of a session (a tight day) holds 2 sets of its hinge and of its curl.
MIN_SETS = 2


def _named(exercises: list[Exercise], words: tuple[str, ...]) -> list[Exercise]:
    return [e for e in exercises if any(w in e.name.lower() for w in words)]


def _is_static_hamstring_stretch(exercise: Exercise) -> bool:
    return "hamstring stretch" in exercise.name.lower()


def _rep_counts(reps: str | None, sets: int | None) -> list[int]:
    """Reps per set from '12/10/8', '6-8' (upper figure) or '5'."""
    if not reps:
        return []
    if "/" in reps:
        return [int(x) for x in re.findall(r"\d+", reps)]
    figures = [int(x) for x in re.findall(r"\d+", reps)]
    return [max(figures)] * (sets or 1) if figures else []


def _starts(session: Session) -> datetime:
    return datetime.combine(session.date, session.start)


#: The fewest hours between strength sessions (``strength_spacing``).
STRENGTH_GAP_H = 48


def elapsed_hours(first: datetime, then: datetime, time_zone: str) -> float:
    """Hours that really pass between two local clock times of a time zone: across the spring
    clock change, 18:30 two days later is 47 h later."""
    zone = ZoneInfo(time_zone)
    utc = [moment.replace(tzinfo=zone).astimezone(timezone.utc) for moment in (first, then)]
    return (utc[1] - utc[0]).total_seconds() / 3600


def _ends(session: Session) -> datetime:
    return _starts(session) + timedelta(minutes=session.duration_min)


def _exact_week(cal: PlanCalendar, week: int, partly_run: bool) -> bool:
    """A regular week, not partly run (:func:`counts_exactly`), that the pre-race strength-free
    days do not reach: the count is exact."""
    free = cal.strength_free_days(STRENGTH_FREE_DAYS_BEFORE_RACE)
    return counts_exactly(cal, week, partly_run) and not any(d in free for d in cal.week_days(week))


def strength_target(phase: str, per_week: int, per_taper_week: int) -> int:
    return per_week if phase in ("base", "build", "peak") else per_taper_week


class StrengthSessions(Rule):
    """**2** strength sessions a week in base, build and peak weeks, **1** in taper weeks, **0** in
    the last 4 days before the race; each with a hip hinge and a knee-flexion exercise of at
    least **2** sets each (the short form of a tight day, 15–20 min, is those two at 2 sets).

    Seed: "include hamstring-targeted exercises like leg curls and Romanian deadlifts"; twice a
    week is the usual dose for runners. Deadlift / Romanian deadlift at the gym, single-leg RDL
    at home; lying leg curl at the gym, sliding or Nordic curl at home. Weeks that a blackout
    touches or a re-plan finds partly run, the race week, and a week reached by the 4
    strength-free days keep what fits (at most the target).
    """

    id = "strength_sessions"
    title = "Hamstring strength twice a week"

    def post(self, m: PlanVars) -> None:
        lit = m.enforce(self.id)
        s = m.settings
        for week in range(1, m.cal.week_count + 1):
            idx = m.week_indices(week)
            target = strength_target(m.cal.phase(week), s.strength_per_week, s.strength_per_taper_week)
            count = sum(m.strength[i] for i in idx)
            if _exact_week(m.cal, week, m.partly_run(week)):
                m.model.add(count == target).only_enforce_if(lit)
            else:
                m.model.add(count <= target).only_enforce_if(lit)
                m.reward(count, 40)
        for back in range(1, STRENGTH_FREE_DAYS_BEFORE_RACE + 1):
            i = m.race_index - back
            if i >= 0:
                m.model.add(m.strength[i] == 0).only_enforce_if(lit)

    def check(self, view: PlanView) -> list[Violation]:
        out = []
        s = view.settings
        strength = [x for x in view.sessions if x.kind == "strength"]
        for week in range(1, view.cal.week_count + 1):
            if not view.is_judged_week(week):
                continue
            days = set(view.cal.week_days(week))
            count = sum(1 for x in strength if x.date in days)
            target = strength_target(view.cal.phase(week), s.strength_per_week, s.strength_per_taper_week)
            if _exact_week(view.cal, week, view.partly_run(week)) and count != target:
                out.append(self.violation(f"{count} strength session(s) in a {view.cal.phase(week)} week ({target} expected)", week=week))
            elif count > target:
                out.append(self.violation(f"{count} strength sessions (at most {target})", week=week))
        for x in strength:
            if not view.is_judged(x.date):
                continue
            if (view.cal.race_day - x.date).days <= STRENGTH_FREE_DAYS_BEFORE_RACE:
                out.append(self.violation(f"strength {(view.cal.race_day - x.date).days} day(s) before the race (none in the last {STRENGTH_FREE_DAYS_BEFORE_RACE})", day=x.date))
            for words, what in ((HINGE_WORDS, "a hip hinge (deadlift / Romanian deadlift)"), (KNEE_FLEXION_WORDS, "a knee-flexion exercise (leg curl / Nordic curl)")):
                named = _named(x.exercises, words)
                if not named:
                    out.append(self.violation(f"strength session without {what}", day=x.date))
                elif max(e.sets or 1 for e in named) < MIN_SETS:
                    out.append(self.violation(f"strength session with {what} of fewer than {MIN_SETS} sets", day=x.date))
        return out


class StrengthSpacing(Rule):
    """≥ **48 h** between strength sessions (real hours: across the spring clock change the later
    one starts an hour later on the clock); never the day before or the same day as the long run;
    never the day before a quality session.

    Eccentric hamstring work leaves soreness for 24–72 h; a fatigued hamstring in the long run is
    the strain scenario the seed describes. Preferred on quality days (hard days hard) or easy-run
    days, and on the runner's ``strength_days``. A re-plan from today counts the log's strength
    session the day before (by the day: a log holds no times): no strength, long run or quality
    session on the plan's first day.
    """

    id = "strength_spacing"
    title = "Strength days well spaced"

    def post(self, m: PlanVars) -> None:
        lit = m.enforce(self.id)
        preferred = set(m.request.schedule.strength_days or [])
        n = len(m.days)
        if n and m.days[0] not in getattr(m, "fixed", {}) and strength_done_on(m.request, m.days[0] - timedelta(days=1)):
            # a re-plan from today: the log's strength session yesterday still counts (a re-plan
            # on a Wednesday put strength on it after Tuesday's, 24 h apart)
            m.model.add(m.strength[0] == 0).only_enforce_if(lit)
            m.model.add(m.long[0] == 0).only_enforce_if(lit)
            m.model.add(m.quality[0] == 0).only_enforce_if(lit)
        for i in range(n):
            m.model.add(m.strength[i] + m.long[i] <= 1).only_enforce_if(lit)
            if i + 1 < n:
                m.model.add(m.strength[i] + m.strength[i + 1] <= 1).only_enforce_if(lit)
                m.model.add(m.strength[i] + m.long[i + 1] <= 1).only_enforce_if(lit)
                m.model.add(m.strength[i] + m.quality[i + 1] <= 1).only_enforce_if(lit)
            if weekday_name(m.days[i]) in preferred:
                m.reward(m.strength[i], 3)
            both = m.model.new_bool_var(f"strength_on_run_day_{i}")
            m.model.add_implication(both, m.strength[i])
            m.model.add_implication(both, m.run[i])
            m.reward(both, 1)

    def check(self, view: PlanView) -> list[Violation]:
        out = []
        strength = sorted((x for x in view.sessions if x.kind == "strength"), key=_starts)
        for before, after in zip(strength, strength[1:]):
            gap_h = elapsed_hours(_starts(before), _starts(after), view.request.time_zone)
            if gap_h < STRENGTH_GAP_H - 1e-9 and view.is_judged(after.date):
                out.append(self.violation(f"only {gap_h:.0f} h after the previous strength session (at least 48 h)", day=after.date))
        for x in strength:
            if not view.is_judged(x.date):
                continue
            same = view.runs_on(x.date)
            nxt = view.runs_on(x.date + timedelta(days=1))
            if any(r.type == "long" for r in same):
                out.append(self.violation("strength on the long-run day", day=x.date))
            if any(r.type == "long" for r in nxt):
                out.append(self.violation("strength the day before the long run", day=x.date))
            if any(r.type in QUALITY_TYPES for r in nxt):
                out.append(self.violation("strength the day before a quality session", day=x.date))
        out += self._after_the_log(view, strength)
        return out

    def _after_the_log(self, view: PlanView, strength: list[Session]) -> list[Violation]:
        """The plan's first days after the log's last strength session before the plan (a
        re-plan from today): a log holds dates, not times, so it is read by the day."""
        done = [d.date for d in view.request.history if d.kind == "strength" and d.date < view.request.start]
        if not done:
            return []
        last = max(done)
        out = []
        again = next((x for x in strength if x.date > last and view.is_judged(x.date)), None)
        if again is not None and (again.date - last).days < 2:
            out.append(self.violation(f"strength the day after the one logged on {last.isoformat()} (at least 48 h)", day=again.date))
        after = last + timedelta(days=1)
        if view.is_judged(after) and any(r.type == "long" or r.type in QUALITY_TYPES for r in view.runs_on(after)):
            out.append(self.violation(f"a long run or quality session the day after the strength session logged on {last.isoformat()}", day=after))
        return out


#: Petersen et al. 2011 progression: (sets, reps) by programme week; weeks 5–10 use 12/10/8.
NORDIC_PROGRESSION: dict[int, tuple[int, str]] = {1: (2, "5"), 2: (2, "6"), 3: (3, "6-8"), 4: (3, "8-10")}
NORDIC_MAIN_REPS = "12/10/8"
NORDIC_MAINTENANCE: tuple[int, str] = (2, "5")


def is_nordic(exercise: Exercise) -> bool:
    """Whether a strength session's exercise is a Nordic hamstring curl (by its name)."""
    return "nordic" in exercise.name.lower()


def nordic_dose(programme_week: int) -> tuple[int, str]:
    """Sets and reps for a programme week: the ramp, then 3 × 12/10/8 to week 10, then maintenance."""
    if programme_week in NORDIC_PROGRESSION:
        return NORDIC_PROGRESSION[programme_week]
    if programme_week <= 10:
        return (3, NORDIC_MAIN_REPS)
    return NORDIC_MAINTENANCE


def nordic_taper_dose(programme_week: int) -> tuple[int, str]:
    """The programme week's dose halved, as the taper asks: half the sets where they halve
    evenly (2 × 5 → 1 × 5), else half of every set's reps (3 × 12/10/8 → 3 × 6/5/4). Halving the
    sets rounded up gave "2 × 12/10/8", 22 of the 30 reps, in a name that had three sets."""
    sets, reps = nordic_dose(programme_week)
    if sets % 2 == 0:
        return sets // 2, reps
    return sets, re.sub(r"\d+", lambda figure: str(max(int(figure.group()) // 2, 1)), reps)


def prior_strength_weeks(request: PlanRequest) -> int:
    """Weeks with strength work in the request's history (a re-plan continues the progression),
    the weeks of the plan it continues (:func:`~hamplan.calendar.plan_week_key`): counted in 7
    days back from the start's weekday, each Monday session of a re-plan from a Monday had made a
    week of its own, and two sessions a week read as two weeks of the programme."""
    return len({plan_week_key(request, h.date) for h in request.history if h.kind == "strength" and h.date < request.start})


def nordic_max_reps(programme_week: int) -> int:
    sets, reps = nordic_dose(programme_week)
    return sum(_rep_counts(reps, sets))


class NordicCurls(Rule):
    """For a past or recent strain: Nordic hamstring curls in every strength session, following
    Petersen's progression (wk 1: 2×5; wk 2: 2×6; wk 3: 3×6–8; wk 4: 3×8–10; wks 5–10:
    3 × 12/10/8), then at least 1×5 (maintenance), halved in taper. Optional for everyone else.

    Petersen et al. 2011 (AJSM 39:2296): RR 0.29, repeat injuries RR 0.14; van Dyk et al. 2019
    meta-analysis: about 51 % fewer hamstring injuries; Augustsson 2022 on the low maintenance
    dose. The checker also refuses a dose above the programme week's (too much, too soon is how
    eccentric work makes a runner sore for days). Programme weeks count plan weeks with strength.
    """

    id = "nordic_curls"
    title = "Nordic curls for strain history"

    def post(self, m: PlanVars) -> None:
        """Session content carries the dose; the solver only guarantees the strength sessions exist."""

    def check(self, view: PlanView) -> list[Violation]:
        out = []
        programme_week = prior_strength_weeks(view.request)
        last_week = 0
        for x in sorted((x for x in view.sessions if x.kind == "strength"), key=_starts):
            week = view.cal.week_of(x.date)
            if week != last_week:
                programme_week += 1
                last_week = week
            nordics = [e for e in x.exercises if is_nordic(e)]
            easing = view.request.easing
            isometric_first = easing is not None and easing.reason == "niggle" and x.date <= easing.until
            if not nordics:
                if view.settings.nordic_curls and view.is_judged(x.date) and not isometric_first:
                    out.append(self.violation("strength session without Nordic curls (strain history)", day=x.date))
                continue
            total = sum(sum(_rep_counts(e.reps, e.sets)) for e in nordics)
            tapering = view.cal.phase(week) in ("taper", "race")
            most = nordic_max_reps(programme_week) // 2 if tapering else nordic_max_reps(programme_week)
            if total > most and view.is_judged(x.date):
                out.append(
                    self.violation(
                        f"{total} Nordic reps in programme week {programme_week}"
                        + (f" of the taper (at most half its {nordic_max_reps(programme_week)})" if tapering else f" (at most {most})"),
                        day=x.date,
                    )
                )
            if view.settings.nordic_curls and total < 5 and view.is_judged(x.date):
                out.append(self.violation(f"{total} Nordic reps (at least 1 × 5 keeps the gain)", day=x.date))
        return out


class TendinopathyCare(Rule):
    """For proximal hamstring tendinopathy: no deep static hamstring stretches (they compress the
    tendon), isometric bridges / holds first, heavy slow loading later, no sprints.

    Goom et al. 2016 (JOSPT) on managing proximal hamstring tendinopathy: this goes beyond the
    seed, which recommends static stretching for everyone. Isometrics for the first
    4 weeks of strength work; intervals and hill sprints are excluded (hard_days).
    """

    id = "tendinopathy_care"
    title = "Tendon-friendly loading"

    def post(self, m: PlanVars) -> None:
        """Content-level rule (exercise choice); nothing for the solver to place."""

    def check(self, view: PlanView) -> list[Violation]:
        if view.request.runner.hamstring_history != "tendinopathy":
            return []
        out = []
        for x in view.sessions:
            if not view.is_judged(x.date):
                continue
            for e in x.exercises:
                if _is_static_hamstring_stretch(e):
                    out.append(self.violation(f"static hamstring stretch ({e.name}) with tendinopathy", day=x.date))
            if x.kind == "run" and x.type in SPRINT_TYPES:
                out.append(self.violation(f"{x.type} (sprinting) with tendinopathy", day=x.date))
            if x.kind == "strength" and view.cal.week_of(x.date) <= TENDINOPATHY_ISOMETRIC_WEEKS:
                if not any("isometric" in e.name.lower() for e in x.exercises):
                    out.append(self.violation("early strength session without isometric holds (isometrics first)", day=x.date))
        return out


#: Race week as the runner counts it: the days before the race in the seven ending on race day.
RACE_WEEK_DAYS_BEFORE = 6
#: A race-week mobility session (up to the weekly count) in the day model's objective: less
#: than the cost of one on race eve (``race_eve_mobility``), which stays free of a routine. At
#: 40 (above it) one 50-week random request took 9.5 s where it had taken 5.1, and random
#: batches 8 % longer; at 25 the six days before the race of 60 random requests all hold two.
W_RACE_WEEK_MOBILITY = 25


class Mobility(Rule):
    """At least **2** yoga / stretching sessions a week, race week too, on days without a run or
    after easy runs (never on declared rest days), static holds of **20–30 s** with 2+ sets per
    side, and no long static holds right before fast running. Race week as the runner counts it
    (the six days before the race, whichever plan weeks they fall in) holds two where its days
    allow: a short final plan week may leave a single day beside its rest day.

    Seed: yoga and Pilates for flexibility, holds of 20–30 s. Bandy & Irion 1997: 30 s holds work
    as well as 60 s and better than 15 s. Not on long-run or quality days: tired or about-to-be-fast
    hamstrings are not the ones to stretch. Weeks that a blackout touches or a re-plan finds
    partly run keep what fits.
    """

    id = "mobility"
    title = "Yoga and stretching twice a week"

    def post(self, m: PlanVars) -> None:
        lit = m.enforce(self.id)
        times = m.request.schedule.times
        after_run = times.mobility > times.run
        for i in range(len(m.days)):
            m.model.add(m.mobility[i] + m.long[i] <= 1).only_enforce_if(lit)
            m.model.add(m.mobility[i] + m.quality[i] <= 1).only_enforce_if(lit)
            if not after_run:
                m.model.add(m.mobility[i] + m.run[i] <= 1).only_enforce_if(lit)
        for week in range(1, m.cal.week_count + 1):
            count = sum(m.mobility[i] for i in m.week_indices(week))
            if counts_exactly(m.cal, week, m.partly_run(week)):
                m.model.add(count >= m.settings.mobility_per_week).only_enforce_if(lit)
            else:
                m.reward(count, 20)
            m.model.add(count <= m.settings.mobility_per_week + 1)
        race = m.race_index
        if race is not None and race > 0:
            # race week too: as the runner counts it, the six days before the race, whichever
            # plan weeks they fall in (a race early in its plan week left the weeks' sessions
            # before them: 1 of 2 in 15 of 149 realistic plans), and the race's own plan week
            race_week = [i for i in m.week_indices(m.cal.week_count) if i < race]
            for name, days in (("race_week_mobility", range(max(0, race - RACE_WEEK_DAYS_BEFORE), race)), ("race_plan_week_mobility", race_week)):
                held = m.model.new_int_var(0, m.settings.mobility_per_week, name)
                m.model.add(held <= sum(m.mobility[i] for i in days))
                m.reward(held, W_RACE_WEEK_MOBILITY)

    def check(self, view: PlanView) -> list[Violation]:
        out = []
        s = view.settings
        for week in range(1, view.cal.week_count + 1):
            if not view.is_judged_week(week) or not counts_exactly(view.cal, week, view.partly_run(week)):
                continue
            days = set(view.cal.week_days(week))
            count = sum(1 for x in view.sessions if x.kind == "mobility" and x.date in days)
            if count < s.mobility_per_week:
                out.append(self.violation(f"{count} mobility session(s) (at least {s.mobility_per_week})", week=week))
        for x in view.sessions:
            if x.kind != "mobility" or not view.is_judged(x.date):
                continue
            for run in view.runs_on(x.date):
                if run.type not in ("easy", "recovery"):
                    out.append(self.violation(f"mobility on {a_or_an(run.type)} run day (only after easy runs)", day=x.date))
                elif _starts(x) < _ends(run):
                    out.append(self.violation("mobility before the run (it belongs after an easy run)", day=x.date))
            for e in x.exercises:
                if "stretch" in e.name.lower() and e.hold_s is not None:
                    if not 20 <= e.hold_s <= 30:
                        out.append(self.violation(f"{e.name} held {e.hold_s} s (20–30 s)", day=x.date))
                    if (e.sets or 1) < 2:
                        out.append(self.violation(f"{e.name}: {e.sets or 1} set (at least 2 per side)", day=x.date))
        return out


def _mentions(lines: list[str], *words: str) -> bool:
    text = " ".join(lines).lower()
    return all(w in text for w in words)


class WarmupCooldown(Rule):
    """Every run: a **5–10 min** warm-up of easy jogging or brisk walking plus leg swings and high
    knees (≥ **10 min** before quality sessions and the race); a cool-down with standing and
    seated hamstring stretches held **20–30 s**; form cues: feet under the hips, upright posture
    with a slight lean from the ankles, cadence toward **≈ 180** steps/min (+≤ 5 % at a time).

    Seed, "Warm-Up and Stretching" and "Running Technique and Form". With tendinopathy the
    cool-down swaps the hamstring stretches for tendon-friendly work (tendinopathy_care).
    """

    id = "warmup_cooldown"
    title = "Warm-up, cool-down and form cues"

    def post(self, m: PlanVars) -> None:
        """Content-level rule: every run's text carries it."""

    def check(self, view: PlanView) -> list[Violation]:
        out = []
        stretches_ok = view.settings.static_hamstring_stretches
        for run in (x for x in view.sessions if x.is_run):
            if not view.is_judged(run.date):
                continue
            fast = run.type in QUALITY_TYPES or run.kind == "race"
            minutes = run.warmup_min
            if minutes is None or minutes < (10 if fast else 5) or (not fast and minutes > 10):
                need = "at least 10" if fast else "5–10"
                out.append(self.violation(f"{run.type} run warm-up of {minutes} min ({need} min)", day=run.date))
            if not _mentions(run.warmup, "leg swings", "high knees"):
                out.append(self.violation(f"{run.type} run warm-up without leg swings and high knees", day=run.date))
            stretches = [e for e in run.exercises if _is_static_hamstring_stretch(e)]
            if stretches_ok:
                names = " ".join(e.name.lower() for e in stretches)
                if "standing" not in names or "seated" not in names:
                    out.append(self.violation(f"{run.type} run cool-down without standing and seated hamstring stretches", day=run.date))
                for e in stretches:
                    if e.hold_s is None or not 20 <= e.hold_s <= 30:
                        out.append(self.violation(f"{e.name} held {e.hold_s} s (20–30 s)", day=run.date))
            elif not run.cooldown:
                out.append(self.violation(f"{run.type} run without a cool-down", day=run.date))
            cues = " ".join(run.cues).lower()
            if "hip" not in cues or "lean" not in cues or "180" not in cues:
                out.append(self.violation(f"{run.type} run without the form cues (feet under hips, lean, cadence ≈ 180)", day=run.date))
        return out


__all__ = [
    "StrengthSessions", "StrengthSpacing", "NordicCurls", "TendinopathyCare", "Mobility", "WarmupCooldown",
    "nordic_dose", "nordic_taper_dose", "weekday_name",
]
