"""The data hamplan reads and writes: the plan request and the plan (pydantic v2, no logic).

Every distance is in kilometres whatever ``units`` says (miles are a display unit); durations
are in minutes, holds in seconds, clock times are local to the request's ``time_zone``.
"""

from __future__ import annotations

import re
from datetime import date as Date
from datetime import time as Time
from datetime import timedelta
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PrivateAttr,
    field_validator,
    model_validator,
)

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_DAY_NAMES = {
    "monday": "mon", "tuesday": "tue", "wednesday": "wed", "thursday": "thu",
    "friday": "fri", "saturday": "sat", "sunday": "sun",
    "tues": "tue", "thur": "thu", "thurs": "thu", "weds": "wed",
}
MAX_HORIZON_DAYS = 364
NAMED_DISTANCES_KM: dict[str, float] = {"5k": 5.0, "10k": 10.0, "half": 21.0975, "marathon": 42.195}


def _weekday(value: Any) -> Any:
    if isinstance(value, str):
        key = value.strip().lower()
        key = _FULL_DAY_NAMES.get(key, key)
        if key in WEEKDAYS:
            return key
        raise ValueError(f"unknown weekday {value!r}; use one of {', '.join(WEEKDAYS)} (or the full English name)")
    return value


Weekday = Annotated[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"], BeforeValidator(_weekday)]


def _distance(value: Any) -> Any:
    if isinstance(value, str):
        key = value.strip().lower().replace(" ", "").replace("-", "")
        aliases = {"5km": "5k", "10km": "10k", "halfmarathon": "half", "21k": "half", "42k": "marathon", "full": "marathon"}
        key = aliases.get(key, key)
        if key in NAMED_DISTANCES_KM:
            return key
        try:
            return float(key.removesuffix("km"))
        except ValueError:
            raise ValueError(
                f"unknown race distance {value!r}; use '5k', '10k', 'half', 'marathon' or a number of km"
            ) from None
    return value


RaceDistance = Annotated[
    Literal["5k", "10k", "half", "marathon"] | Annotated[float, Field(gt=0.8, le=100.0)],
    BeforeValidator(_distance),
]


def distance_km(distance: str | float) -> float:
    """Kilometres of a race distance given as a name ('half') or a number of km."""
    if isinstance(distance, str):
        return NAMED_DISTANCES_KM[distance]
    return float(distance)


def parse_duration_s(text: str) -> int:
    """Seconds in ``"MM:SS"`` or ``"H:MM:SS"``; raises ValueError with the accepted forms."""
    match = re.fullmatch(r"\s*(?:(\d+):)?(\d{1,3}):(\d{2})\s*", text)
    if not match or int(match.group(3)) >= 60 or (match.group(1) and int(match.group(2)) >= 60):
        raise ValueError(f"time {text!r} is not 'MM:SS' or 'H:MM:SS' (e.g. '27:30' or '1:52:00')")
    hours = int(match.group(1) or 0)
    seconds = hours * 3600 + int(match.group(2)) * 60 + int(match.group(3))
    if seconds <= 0:
        raise ValueError("time must be more than zero")
    return seconds


def _clock(value: Any) -> Any:
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", value)
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise ValueError(f"clock time {value!r} is not 'HH:MM' (24-hour, e.g. '06:30')")
        return Time(int(match.group(1)), int(match.group(2)))
    return value


ClockTime = Annotated[Time, BeforeValidator(_clock), PlainSerializer(lambda t: t.strftime("%H:%M"), return_type=str)]


class _Strict(BaseModel):
    """Request models refuse unknown fields: a typo must not be silently ignored."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, serialize_by_alias=True)


# ---------------------------------------------------------------------------------------------
# The request
# ---------------------------------------------------------------------------------------------


class DateRange(_Strict):
    """Both days inclusive."""

    from_: Date = Field(alias="from")
    to: Date

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.to < self.from_:
            raise ValueError(f"'to' ({self.to}) is before 'from' ({self.from_})")
        return self

    def __contains__(self, day: Date) -> bool:
        return self.from_ <= day <= self.to


class RecentRace(_Strict):
    distance: RaceDistance
    time: str

    @field_validator("time")
    @classmethod
    def _time(cls, value: str) -> str:
        parse_duration_s(value)
        return value

    @property
    def seconds(self) -> int:
        return parse_duration_s(self.time)

    @property
    def km(self) -> float:
        return distance_km(self.distance)


class Race(_Strict):
    distance: RaceDistance
    date: Date
    goal_time: str | None = None
    name: str | None = Field(default=None, max_length=120)
    start_time: ClockTime = Field(default=Time(9, 0), description="Local start time of the race.")

    @field_validator("goal_time")
    @classmethod
    def _goal(cls, value: str | None) -> str | None:
        if value is not None:
            parse_duration_s(value)
        return value

    @property
    def km(self) -> float:
        return distance_km(self.distance)

    @property
    def label(self) -> str:
        names = {"5k": "5K", "10k": "10K", "half": "Half marathon", "marathon": "Marathon"}
        if isinstance(self.distance, str):
            return names[self.distance]
        return f"{self.distance:g} km race"


HamstringHistory = Literal["none", "past_strain", "recent_strain", "tendinopathy"]
Equipment = Literal["gym", "home", "none"]


class Runner(_Strict):
    weekly_km: float = Field(ge=0, le=250, description="Average weekly running km over the last 4 weeks.")
    long_run_km: float = Field(ge=0, le=100, description="Longest run of the last 30 days, km.")
    age: int = Field(ge=12, le=100)
    recent_race: RecentRace | None = None
    hamstring_history: HamstringHistory = "none"
    equipment: Equipment = "gym"
    name: str | None = Field(default=None, max_length=120)
    cadence_spm: int | None = Field(default=None, ge=120, le=220, description="Own cadence, steps per minute.")

    @property
    def strain_history(self) -> bool:
        return self.hamstring_history in ("past_strain", "recent_strain")

    @property
    def any_history(self) -> bool:
        return self.hamstring_history != "none"


class SessionTimes(_Strict):
    run: ClockTime = Time(6, 30)
    strength: ClockTime = Time(18, 30)
    mobility: ClockTime = Time(20, 0)


class Schedule(_Strict):
    run_days: list[Weekday] = Field(min_length=1)
    long_run_day: Weekday
    rest_days: list[Weekday] = Field(default_factory=list)
    strength_days: list[Weekday] | None = None
    blackout: list[DateRange] = Field(default_factory=list)
    max_minutes: dict[Weekday, Annotated[int, Field(ge=0, le=1440)]] = Field(default_factory=dict)
    times: SessionTimes = Field(default_factory=SessionTimes)

    @model_validator(mode="after")
    def _consistent(self) -> Schedule:
        if len(set(self.run_days)) != len(self.run_days):
            raise ValueError("run_days lists a day twice")
        if self.long_run_day not in self.run_days:
            raise ValueError(
                f"long_run_day {self.long_run_day!r} is not one of run_days {list(self.run_days)}; add it to run_days"
            )
        clash = [d for d in self.run_days if d in self.rest_days]
        if clash:
            raise ValueError(f"{', '.join(clash)} cannot be both a run day and a rest day")
        if self.strength_days and any(d in self.rest_days for d in self.strength_days):
            raise ValueError("strength_days includes a rest day")
        return self

    def minutes_on(self, weekday: str) -> int | None:
        return self.max_minutes.get(weekday)  # type: ignore[call-overload]


class Rules(_Strict):
    """Overrides of the rule defaults in ``hamplan.rules``; ``None`` means the profile default."""

    session_spike: float = Field(default=1.10, ge=1.0, le=1.30, description="Max run ÷ longest run of the previous 30 days.")
    weekly_increase: float | None = Field(default=None, ge=0.0, le=0.20, description="Max weekly growth (0.10 = 10 %).")
    weekly_increase_floor_km: float = Field(default=2.0, ge=0.0, le=5.0)
    acwr_max: float = Field(default=1.3, ge=1.0, le=1.5)
    build_weeks_max: int | None = Field(default=None, ge=1, le=5, description="Consecutive build weeks before a cutback.")
    cutback_factor: float = Field(default=0.80, ge=0.5, le=0.9)
    long_run_share: float = Field(default=0.50, ge=0.25, le=0.6)
    long_run_max_min: int = Field(default=180, ge=60, le=240)
    peak_weekly_km: float | None = Field(default=None, gt=0, le=200)
    peak_long_run_km: float | None = Field(default=None, gt=0, le=45)
    quality_per_week: int = Field(default=2, ge=0, le=3)
    easy_share: float = Field(default=0.80, ge=0.6, le=1.0)
    rest_days_min: int | None = Field(default=None, ge=1, le=4)
    strength_per_week: int = Field(default=2, ge=1, le=3)
    mobility_per_week: int = Field(default=2, ge=1, le=5)
    stretch_hold_s: int = Field(default=30, ge=20, le=30)
    nordic_curls: bool | None = Field(default=None, description="Force Nordic curls on or off (default: on for strain history).")


class OutputOptions(_Strict):
    paper: Literal["a4", "letter"] = "a4"
    reminder_min: int | None = Field(default=None, ge=0, le=1440, description="VALARM this many minutes before each session.")


class CompletedSession(_Strict):
    """One session the runner actually did (a training-log row)."""

    date: Date
    kind: Literal["run", "strength", "mobility", "race"]
    type: str = Field(default="easy", min_length=1, max_length=40)
    distance_km: float | None = Field(default=None, ge=0, le=250)
    duration_min: int = Field(default=0, ge=0, le=1440)
    rpe: int | None = Field(default=None, ge=1, le=10)
    note: str = Field(default="", max_length=500)

    @model_validator(mode="after")
    def _run_has_distance(self) -> CompletedSession:
        if self.kind in ("run", "race") and self.distance_km is None:
            raise ValueError("a run needs distance_km")
        return self


class Easing(_Strict):
    """A graduated return after a break: until ``until`` no quality sessions, volume capped; for a
    hamstring niggle, isometric hamstring work first and Nordic curls at half volume."""

    until: Date
    reason: Literal["niggle", "illness", "travel", "overload", "missed"] = "missed"
    max_weekly_km: float | None = Field(default=None, ge=0, le=250)


class PlanRequest(_Strict):
    id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
    start: Date
    time_zone: str = "UTC"
    units: Literal["km", "mi"] = "km"
    race: Race
    runner: Runner
    schedule: Schedule
    rules: Rules = Field(default_factory=Rules)
    output: OutputOptions = Field(default_factory=OutputOptions)
    history: list[CompletedSession] = Field(
        default_factory=list, description="What the runner did before start (re-planning): the load rules use it."
    )
    easing: Easing | None = None

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}; use an IANA name such as 'Europe/Berlin'") from None
        return value

    @model_validator(mode="after")
    def _dates(self) -> PlanRequest:
        if self.race.date <= self.start:
            raise ValueError(f"race.date {self.race.date} must be after start {self.start}")
        if (self.race.date - self.start).days > MAX_HORIZON_DAYS:
            raise ValueError(
                f"race.date {self.race.date} is {(self.race.date - self.start).days} days after start; "
                f"the horizon is at most 52 weeks ({MAX_HORIZON_DAYS} days): race by "
                f"{self.start + timedelta(days=MAX_HORIZON_DAYS)} or start later"
            )
        late = [h.date for h in self.history if h.date >= self.start]
        if late:
            raise ValueError(f"history holds sessions on or after start ({late[0]}); history is what came before start")
        for blackout in self.schedule.blackout:
            if self.race.date in blackout:
                raise ValueError(
                    f"schedule.blackout {blackout.from_}..{blackout.to} covers race day {self.race.date}"
                )
        if self.runner.long_run_km > max(4 * self.runner.weekly_km, 0.0) and self.runner.weekly_km > 0:
            raise ValueError(
                f"runner.long_run_km {self.runner.long_run_km} is more than four weeks of runner.weekly_km "
                f"({self.runner.weekly_km}); weekly_km is the average of the last 4 weeks"
            )
        if self.rules.peak_long_run_km and self.rules.peak_weekly_km:
            if self.rules.peak_long_run_km > self.rules.peak_weekly_km:
                raise ValueError("rules.peak_long_run_km is more than rules.peak_weekly_km")
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def days(self) -> int:
        """Days from start to race day, both included."""
        return (self.race.date - self.start).days + 1

    @property
    def week_count(self) -> int:
        return -(-self.days // 7)

    @property
    def plan_id(self) -> str:
        return self.id or f"{self.race.distance}-{self.race.date.isoformat()}"


# ---------------------------------------------------------------------------------------------
# The plan
# ---------------------------------------------------------------------------------------------

SessionKind = Literal["run", "strength", "mobility", "race"]
RunType = Literal["easy", "recovery", "long", "tempo", "intervals", "hills", "race"]
Intensity = Literal["easy", "moderate", "hard"]
Phase = Literal["base", "build", "peak", "taper", "race"]
QUALITY_TYPES: frozenset[str] = frozenset({"tempo", "intervals", "hills"})


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Exercise(_Out):
    name: str
    sets: int | None = None
    reps: str | None = Field(default=None, description="e.g. '8', '6-8' or '12/10/8' (one figure per set).")
    hold_s: int | None = None
    notes: str = ""


class Session(_Out):
    date: Date
    start: ClockTime
    kind: SessionKind
    type: str = Field(description="Run type for runs and races; the routine's name for strength and mobility.")
    title: str = ""
    distance_km: float | None = None
    duration_min: int
    intensity: Intensity
    rpe: int = Field(ge=1, le=10)
    pace_min_per_km: float | None = Field(default=None, description="Average running pace, min/km.")
    warmup_min: int | None = Field(default=None, description="Minutes of easy jog / brisk walk before the main set.")
    warmup: list[str] = Field(default_factory=list)
    main: list[str] = Field(default_factory=list)
    cooldown: list[str] = Field(default_factory=list)
    exercises: list[Exercise] = Field(default_factory=list)
    cues: list[str] = Field(default_factory=list)
    uid: str = ""
    sequence: int = 0
    status: Literal["planned", "done", "cancelled"] = "planned"

    @property
    def is_run(self) -> bool:
        return self.kind in ("run", "race")

    @property
    def is_quality(self) -> bool:
        return self.kind == "run" and self.type in QUALITY_TYPES

    @property
    def load(self) -> int:
        """Foster's session-RPE load: RPE × minutes."""
        return self.rpe * self.duration_min


class Week(_Out):
    index: int
    start: Date
    days: int = 7
    phase: Phase
    run_km: float
    long_run_km: float
    cutback: bool
    blackout_days: int = 0
    load: int = Field(description="Session-RPE load: Σ RPE × minutes.")
    monotony: float | None = Field(description="Mean ÷ SD of daily load (flag > 2.0); None when every day is equal.")
    strain: float | None
    acwr: float | None = Field(description="This week's run km ÷ mean of the 4 previous weeks' run km.")
    fitness: float = Field(description="42-day exponentially weighted daily load (CTL).")
    fatigue: float = Field(description="7-day exponentially weighted daily load (ATL).")
    form: float = Field(description="fitness − fatigue (TSB).")


class PaceZone(_Out):
    fast_min_per_km: float
    slow_min_per_km: float


class Paces(_Out):
    vdot: float
    source: str = Field(description="'recent_race' or 'weekly_volume'.")
    easy: PaceZone
    marathon: PaceZone
    threshold: PaceZone
    interval: PaceZone
    repetition: PaceZone
    race_prediction: str | None = Field(default=None, description="Predicted race time (Riegel), H:MM:SS.")


class Plan(_Out):
    format_version: int = 1
    generated_by: str = "hamplan"
    request: PlanRequest
    paces: Paces
    weeks: list[Week]
    sessions: list[Session]
    optimal: bool = True
    notes: list[str] = Field(default_factory=list)
    replanned_on: Date | None = Field(default=None, description="Sessions before this day are history, not plan.")

    _solve_seconds: float = PrivateAttr(default=0.0)

    @property
    def solve_seconds(self) -> float:
        """Wall-clock seconds the solver took (not part of the plan's data or its equality)."""
        return self._solve_seconds

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Plan):
            return NotImplemented
        return self.model_dump() == other.model_dump()

    __hash__ = None  # type: ignore[assignment]

    def sessions_on(self, day: Date) -> list[Session]:
        return [s for s in self.sessions if s.date == day and s.status != "cancelled"]

    def summary(self) -> str:
        from hamplan.plan import summarize  # plan formatting lives beside the plan helpers

        return summarize(self)

    # Exports (implemented in hamplan.export; imported lazily so the models stay dependency-light)
    def write_json(self, path: Any) -> None:
        from hamplan.export.files import write_json

        write_json(self, path)

    def write_ics(self, path: Any) -> None:
        from hamplan.export.ics import write_ics

        write_ics(self, path)

    def write_html(self, path: Any) -> None:
        from hamplan.export.html import write_html

        write_html(self, path)

    def write_pdf(self, path: Any) -> None:
        from hamplan.export.pdf import write_pdf

        write_pdf(self, path)

    def write_fit(self, folder: Any) -> Any:
        """Every planned session as a FIT workout file in ``folder/workouts/`` (with
        ``index.csv``). Returns the workouts folder."""
        from hamplan.export.fit import write_fit

        return write_fit(self, folder)

    def changes_since(self, previous: Plan) -> Any:
        from hamplan.replanning import changes_between

        return changes_between(previous, self)
