"""The data hamplan reads and writes: the plan request and the plan (pydantic v2, no logic).

Every distance is in kilometres whatever ``units`` says (miles are a display unit); durations
are in minutes, holds in seconds, clock times are local to the request's ``time_zone``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date as Date
from datetime import time as Time
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PrivateAttr,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from hamplan.errors import one_line

if TYPE_CHECKING:
    import os
    from pathlib import Path

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Kilometres in a mile (a request's ``units`` "mi" reads and shows distances in miles).
KM_PER_MI = 1.609344
_FULL_DAY_NAMES = {
    "monday": "mon", "tuesday": "tue", "wednesday": "wed", "thursday": "thu",
    "friday": "fri", "saturday": "sat", "sunday": "sun",
    "tues": "tue", "thur": "thu", "thurs": "thu", "weds": "wed",
}
MAX_HORIZON_DAYS = 364
#: Every date a request or log holds lies within these years.
FIRST_DATE, LAST_DATE = Date(1900, 1, 1), Date(2200, 12, 31)
#: A race result or goal is an average pace between these (min/km): world-record speed to a walk.
FASTEST_RACE_PACE_MIN_PER_KM, SLOWEST_RACE_PACE_MIN_PER_KM = 2.5, 15.0
#: Sizes of the lists a request holds (a log of two years of daily sessions fits the history).
MAX_BLACKOUTS = 100
MAX_HISTORY_SESSIONS = 2000
MAX_NAME_CHARS = 120
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


def _word(value: Any) -> Any:
    """A choice read as weekdays are: case and surrounding spaces do not matter (``"A4"``, ``"Gym "``)."""
    return value.strip().lower() if isinstance(value, str) else value


AnyCase = BeforeValidator(_word)


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


def _in_date_range(value: Date) -> Date:
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValueError(f"date {value.isoformat()} is outside {FIRST_DATE.year}-{LAST_DATE.year}")
    return value


def _clean_line(value: Any) -> Any:
    return one_line(value) if isinstance(value, str) else value


#: Free text a person typed (a name, a note): one line, control characters removed on input, so
#: no exported field and no terminal ever receives them.
def Text(max_chars: int) -> Any:  # noqa: N802 - used like a type
    return Annotated[str, StringConstraints(max_length=max_chars), BeforeValidator(_clean_line)]


#: A calendar date within :data:`FIRST_DATE` .. :data:`LAST_DATE`.
Day = Annotated[Date, AfterValidator(_in_date_range)]


def _check_race_pace(distance: str | float, seconds: int, what: str) -> None:
    pace = seconds / 60 / distance_km(distance)
    if not FASTEST_RACE_PACE_MIN_PER_KM <= pace <= SLOWEST_RACE_PACE_MIN_PER_KM:
        fastest = _hms(FASTEST_RACE_PACE_MIN_PER_KM * 60 * distance_km(distance))
        slowest = _hms(SLOWEST_RACE_PACE_MIN_PER_KM * 60 * distance_km(distance))
        raise ValueError(f"{what} is not a human race time over {distance_km(distance):g} km: use between {fastest} and {slowest}")


def _hms(seconds: float) -> str:
    total = round(seconds)
    return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"


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


def _wants_number(annotation: Any) -> bool:
    """True for ``int``, ``float`` and unions / annotations holding one (but not ``bool``)."""
    if annotation in (int, float):
        return True
    return any(_wants_number(arg) for arg in get_args(annotation) if arg is not bool)


class _Strict(BaseModel):
    """Request models refuse unknown fields (a typo must not be silently ignored), NaN and
    infinity, and ``true`` / ``false`` where a number belongs (``age = true`` is not age 1)."""

    model_config = ConfigDict(
        extra="forbid", populate_by_name=True, frozen=True, serialize_by_alias=True, allow_inf_nan=False
    )

    @field_validator("*", mode="before")
    @classmethod
    def _no_bool_as_number(cls, value: Any, info: ValidationInfo) -> Any:
        annotation = cls.model_fields[info.field_name].annotation if info.field_name else None
        values = value.values() if isinstance(value, Mapping) else (value,)
        if any(isinstance(v, bool) for v in values) and _wants_number(annotation):
            raise ValueError(f"a number is needed here, not {str(value).lower()}")
        return value


# ---------------------------------------------------------------------------------------------
# The request
# ---------------------------------------------------------------------------------------------


class DateRange(_Strict):
    """Both days inclusive."""

    from_: Day = Field(alias="from")
    to: Day

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.to < self.from_:
            raise ValueError(f"'to' ({self.to}) is before 'from' ({self.from_})")
        return self

    def __contains__(self, day: Date) -> bool:
        return self.from_ <= day <= self.to


class RecentRace(_Strict):
    distance: RaceDistance
    time: str = Field(max_length=16)

    @field_validator("time")
    @classmethod
    def _time(cls, value: str) -> str:
        parse_duration_s(value)
        return value

    @model_validator(mode="after")
    def _human(self) -> RecentRace:
        _check_race_pace(self.distance, self.seconds, f"time {self.time!r}")
        return self

    @property
    def seconds(self) -> int:
        return parse_duration_s(self.time)

    @property
    def km(self) -> float:
        return distance_km(self.distance)


class Race(_Strict):
    distance: RaceDistance
    date: Day
    goal_time: str | None = Field(default=None, max_length=16)
    name: Text(MAX_NAME_CHARS) | None = None
    start_time: ClockTime = Field(default=Time(9, 0), description="Local start time of the race.")

    @field_validator("goal_time")
    @classmethod
    def _goal(cls, value: str | None) -> str | None:
        if value is not None:
            parse_duration_s(value)
        return value

    @model_validator(mode="after")
    def _human(self) -> Race:
        if self.goal_time is not None:
            _check_race_pace(self.distance, parse_duration_s(self.goal_time), f"goal_time {self.goal_time!r}")
        return self

    @property
    def km(self) -> float:
        return distance_km(self.distance)

    @property
    def label(self) -> str:
        names = {"5k": "5K", "10k": "10K", "half": "Half marathon", "marathon": "Marathon"}
        if isinstance(self.distance, str):
            return names[self.distance]
        return f"{self.distance:g} km race"


HamstringHistory = Annotated[Literal["none", "past_strain", "recent_strain", "tendinopathy"], AnyCase]
Equipment = Annotated[Literal["gym", "home", "none"], AnyCase]


class Runner(_Strict):
    weekly_km: float = Field(ge=0, le=250, description="Average weekly running km over the last 4 weeks.")
    long_run_km: float = Field(ge=0, le=100, description="Longest run of the last 30 days, km.")
    age: int = Field(ge=12, le=100)
    recent_race: RecentRace | None = None
    hamstring_history: HamstringHistory = "none"
    equipment: Equipment = "gym"
    name: Text(MAX_NAME_CHARS) | None = None
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
    run_days: list[Weekday] = Field(min_length=1, max_length=7)
    long_run_day: Weekday
    rest_days: list[Weekday] = Field(default_factory=list, max_length=7)
    strength_days: list[Weekday] | None = Field(default=None, max_length=7)
    blackout: list[DateRange] = Field(default_factory=list, max_length=MAX_BLACKOUTS)
    max_minutes: dict[Weekday, Annotated[int, Field(ge=0, le=1440)]] = Field(
        default_factory=dict,
        description="Minutes a weekday holds for all of its training: the run and any strength or mobility session.",
    )
    times: SessionTimes = Field(default_factory=SessionTimes)

    @model_validator(mode="after")
    def _consistent(self) -> Schedule:
        # every clash at once: a schedule with two of them named only the first
        problems = []
        for name in ("run_days", "rest_days", "strength_days"):
            days = getattr(self, name) or []
            if len(set(days)) != len(days):
                twice = next(d for d in days if days.count(d) > 1)
                problems.append(f"{name} lists {twice} twice")
        if self.long_run_day not in self.run_days:
            problems.append(f"long_run_day {self.long_run_day!r} is not one of run_days {list(self.run_days)} (add it to run_days)")
        clash = [d for d in self.run_days if d in self.rest_days]
        if clash:
            problems.append(f"{', '.join(clash)} cannot be both a run day and a rest day")
        resting = [d for d in self.strength_days or [] if d in self.rest_days]
        if resting:
            problems.append(f"strength_days includes {', '.join(resting)}, a rest day (rest_days stay empty): pick other strength days")
        if problems:
            raise ValueError("; ".join(problems))
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


#: The regions of the IANA zones' current names (``Canada/Eastern``, ``US/Pacific`` and the
#: like are old aliases of them).
_ZONE_REGIONS = ("Africa/", "America/", "Antarctica/", "Arctic/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/")


def _zone_like(value: str) -> str | None:
    """The IANA zone a mistyped one most likely means: the same name in another case or with
    spaces ("america/new_york ", "New York" -> 'America/New_York'), else its city among the
    current names, else the closest current name; None where none is close. Never an
    ``Etc/GMT±N`` zone, whose sign is the reverse of what it reads ('Etc/GMT+2' is UTC-2)."""
    from difflib import get_close_matches
    from zoneinfo import available_timezones

    zones = sorted(z for z in available_timezones() if not z.startswith("Etc/"))
    current = [z for z in zones if z.startswith(_ZONE_REGIONS)]
    wanted = value.strip().replace(" ", "_")
    same = [z for z in zones if z.lower() == wanted.lower()]
    if same:
        return same[0]
    city = wanted.rsplit("/", 1)[-1].lower()
    same_city = [z for z in current if z.rsplit("/", 1)[-1].lower() == city]
    if same_city:
        return same_city[0]
    close = get_close_matches(wanted, current, n=1, cutoff=0.8)
    return close[0] if close else None


class OutputOptions(_Strict):
    paper: Annotated[Literal["a4", "letter"], AnyCase] | None = Field(
        default=None, description="Printed paper; default: letter for units mi or a US/Canadian time zone, else a4."
    )
    reminder_min: int | None = Field(default=None, ge=0, le=1440, description="VALARM this many minutes before each session.")


class CompletedSession(_Strict):
    """One session the runner actually did (a training-log row)."""

    date: Day
    kind: Annotated[Literal["run", "strength", "mobility", "race"], AnyCase]
    type: Annotated[str, StringConstraints(min_length=1, max_length=40), BeforeValidator(_clean_line)] = "easy"
    distance_km: float | None = Field(default=None, ge=0, le=250)
    duration_min: int = Field(default=0, ge=0, le=1440)
    rpe: int | None = Field(default=None, ge=1, le=10)
    note: Text(500) = ""

    @model_validator(mode="after")
    def _run_has_distance(self) -> CompletedSession:
        if self.kind in ("run", "race") and self.distance_km is None:
            raise ValueError("a run needs distance_km")
        return self


class Easing(_Strict):
    """A graduated return after a break: until ``until`` no quality sessions, volume capped; for a
    hamstring niggle, isometric hamstring work first and Nordic curls at half volume."""

    until: Day
    reason: Literal["niggle", "illness", "travel", "overload", "missed"] = "missed"
    max_weekly_km: float | None = Field(default=None, ge=0, le=250)


_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)*")


class PlanRequest(_Strict):
    id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
    start: Day
    time_zone: str = Field(default="UTC", max_length=64)
    units: Annotated[Literal["km", "mi"], AnyCase] = "km"
    race: Race
    runner: Runner
    schedule: Schedule
    rules: Rules = Field(default_factory=Rules)
    output: OutputOptions = Field(default_factory=OutputOptions)
    history: list[CompletedSession] = Field(
        default_factory=list,
        max_length=MAX_HISTORY_SESSIONS,
        description="What the runner did before start (re-planning): the load rules use it.",
    )
    easing: Easing | None = None
    phases_from: Day | None = Field(
        default=None,
        # written only where a re-plan sets it: every other request (and plan) reads byte for
        # byte as before the field existed
        exclude_if=lambda value: value is None,
        description="For a re-plan: the start of the plan it continues. Its phases (base, build, peak) "
        "are counted from there, so the weeks left keep theirs instead of starting at base again.",
    )

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            if not _ZONE_NAME.fullmatch(value):
                raise ValueError(value)
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a directory such as 'Europe'
            near = _zone_like(value)
            hint = f"did you mean {near!r}?" if near else "use an IANA name such as 'Europe/Berlin'"
            raise ValueError(f"unknown time zone {value!r}; {hint}") from None
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
        if self.phases_from is not None and self.phases_from > self.start:
            raise ValueError(f"phases_from {self.phases_from} is after start {self.start}; it is the start of the plan this one continues")
        late = [h.date for h in self.history if h.date >= self.start]
        if late:
            raise ValueError(f"history holds sessions on or after start ({late[0]}); history is what came before start")
        for blackout in self.schedule.blackout:
            if self.race.date in blackout:
                raise ValueError(
                    f"schedule.blackout {blackout.from_}..{blackout.to} covers race day {self.race.date}"
                )
        if self.runner.weekly_km == 0 and not self.history and self.phases_from is None:
            # a new plan grows from the running the runner does now: from none, the load rules
            # (acwr reads the last four weeks) allow no first week, and a refusal could only
            # restate them (a re-plan's runner may be at 0 after a break: its log says so)
            raise ValueError(
                "runner.weekly_km is 0: a plan grows from the running you do now, so it needs some to start from; "
                "run or run–walk two or three times a week for a few weeks (20–30 min each), then plan with that "
                "weekly_km and your longest run as long_run_km"
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
RunType = Literal["easy", "recovery", "long", "tempo", "marathon", "intervals", "hills", "race"]
Intensity = Literal["easy", "moderate", "hard"]
Phase = Literal["base", "build", "peak", "taper", "race"]
#: Run types that are quality sessions (hard days): threshold, marathon pace, intervals, hills.
QUALITY_TYPES: frozenset[str] = frozenset({"tempo", "marathon", "intervals", "hills"})
#: The quality types whose running time counts easy (``easy_share`` reads running time): hill
#: sprints, a minute or two of sprinting in half an hour of easy running, as strides are.
EASY_TIME_QUALITY_TYPES: frozenset[str] = frozenset({"hills"})
#: The quality types that are sprinting, which ``hard_days`` keeps from a sore tendon
#: (``RuleSettings.quality_intervals_allowed``); tempo and marathon pace are not.
SPRINT_TYPES: frozenset[str] = frozenset({"intervals", "hills"})


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Exercise(_Out):
    name: str
    sets: int | None = None
    reps: str | None = Field(default=None, description="e.g. '8', '6-8' or '12/10/8' (one figure per set).")
    hold_s: int | None = None
    notes: str = ""


StepKind = Literal["warmup", "work", "recovery", "cooldown", "steady"]
#: The pace a step is run at: a Daniels zone, the race's own target pace, or an effort (hills).
StepPace = Literal["easy", "recovery", "marathon", "threshold", "interval", "repetition", "race", "half_marathon", "hill"]


class WorkoutStep(_Out):
    """One step of a run: a warm-up jog, a rep, a recovery jog, a cool-down. Exactly one of
    ``distance_m`` and ``duration_s`` says when the step ends."""

    kind: StepKind
    pace: StepPace
    pace_min_per_km: float | None = Field(default=None, description="Target pace; None for effort-based steps (hill sprints).")
    distance_m: int | None = None
    duration_s: int | None = None
    note: str = ""

    @model_validator(mode="after")
    def _one_end(self) -> WorkoutStep:
        if (self.distance_m is None) == (self.duration_s is None):
            raise ValueError("a workout step ends by distance_m or by duration_s (exactly one)")
        return self


class WorkoutBlock(_Out):
    """Steps done ``repeat`` times in a row (a rep and its recovery; a warm-up once)."""

    repeat: int = Field(default=1, ge=1)
    steps: list[WorkoutStep] = Field(min_length=1)


class Workout(_Out):
    """A run as structured steps, in doing order: what the calendar text, HTML and device
    exports read. The blocks' distances add up to the session's distance. A set of reps with a
    recovery between them is a block of the reps but the last, each with its recovery, and a
    block of the last rep alone: the last rep runs straight into what follows."""

    blocks: list[WorkoutBlock] = Field(min_length=1)

    def rep_sets(self) -> list[tuple[int, WorkoutBlock]]:
        """The blocks as a runner reads them: (how many times, the block), where the ``n - 1``
        reps with their recovery and the last rep after them are one set of ``n``."""
        out: list[tuple[int, WorkoutBlock]] = []
        i = 0
        while i < len(self.blocks):
            block = self.blocks[i]
            after = self.blocks[i + 1] if i + 1 < len(self.blocks) else None
            if len(block.steps) == 2 and block.steps[0].kind == "work" and after is not None and after.repeat == 1 and after.steps == block.steps[:1]:
                out.append((block.repeat + 1, block))
                i += 2
            else:
                out.append((block.repeat, block))
                i += 1
        return out


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
    workout: Workout | None = Field(default=None, description="A run's structured steps (warm-up, main set, cool-down).")
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
    source: str = Field(
        description="'recent_race', 'weekly_volume', or 'goal_time' (no recent race, and a goal slower than the weekly volume suggests)."
    )
    easy: PaceZone
    marathon: PaceZone
    threshold: PaceZone
    interval: PaceZone
    repetition: PaceZone
    race_prediction: str | None = Field(default=None, description="Predicted race time (Riegel), H:MM:SS.")
    target_time: str | None = Field(
        default=None,
        description="Finish time race-pace work and race day aim at, H:MM:SS: goal_time when within reach, else race_prediction.",
    )
    goal_in_reach: bool | None = Field(
        default=None, description="goal_time at most ~3 % faster than race_prediction (None without a goal_time)."
    )
    race_day_time: str | None = Field(
        default=None,
        description="Finish time race day aims at, H:MM:SS: target_time, slowed by what a break shortly before the race "
        "(or one the weeks after it do not grow back from) costs; the race session's pace and splits.",
    )


class Finding(_Out):
    """What a check found on a plan: which rule, where (a day, a week, or the whole plan), and
    what, in words a runner understands. Safety violations and coaching advice are findings."""

    rule: str
    message: str
    date: Date | None = None
    week: int | None = None

    def __str__(self) -> str:
        where = f"{self.date}" if self.date else (f"week {self.week}" if self.week else "plan")
        return f"[{self.rule}] {where}: {self.message}"


class Advice(Finding):
    """One piece of coaching advice on a plan: which coaching rule, where, and what a coach would
    change. Advice is not a safety violation: a plan can keep every safety rule and carry advice."""


class Plan(_Out):
    format_version: int = 1
    generated_by: str = "hamplan"
    request: PlanRequest
    paces: Paces
    weeks: list[Week]
    sessions: list[Session]
    optimal: bool = True
    notes: list[str] = Field(default_factory=list)
    advice: list[Advice] = Field(
        default_factory=list, description="Coaching advice the plan carries (hamplan.advise): not safety violations."
    )
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

    if TYPE_CHECKING:  # attached by hamplan.plan_methods (see there): models import nothing above them
        def summary(self) -> str: ...
        def write_json(self, path: str | os.PathLike[str]) -> Path: ...
        def write_ics(self, path: str | os.PathLike[str]) -> Path: ...
        def write_html(self, path: str | os.PathLike[str]) -> Path: ...
        def write_pdf(self, path: str | os.PathLike[str]) -> Path: ...
        def write_fit(self, folder: str | os.PathLike[str]) -> Path: ...  # folder/workouts/, returned
        def changes_since(self, previous: Plan) -> list[Any]: ...  # hamplan.replanning.Change
