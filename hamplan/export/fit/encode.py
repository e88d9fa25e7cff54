"""A :class:`~hamplan.export.fit.workout.Workout` as the bytes of a FIT workout file.

Written with Garmin's own FIT SDK (``garmin-fit-sdk``, the ``fit`` extra): its encoder was the
fastest of the two FIT writers measured and its decoder is the reference the tests read back
with. The messages are the FIT profile's ``file_id`` (type workout), ``workout`` and one
``workout_step`` per step; values go in the profile's raw units (milliseconds, centimetres,
millimetres per second), the step's sub-fields (``duration_time``, ``custom_target_speed_low``,
``repeat_steps`` …) being views of those. Nothing reads the clock: ``time_created`` is the
session's start and the serial number is fixed, so the same plan gives the same bytes.
"""

from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from hamplan.errors import MissingExtraError
from hamplan.export.fit.workout import Repeat, Step, Workout

PIP_LINE = 'pip install "hamplan[fit]"'
#: Every file says it was made by the same (development) device, so no run adds a difference.
SERIAL_NUMBER = 0x48414D50  # "HAMP"
#: Seconds from the Unix epoch to the FIT epoch (1989-12-31 00:00 UTC).
FIT_EPOCH_S = 631_065_600
_MS_PER_S = 1000
_CM_PER_M = 100
_MM_PER_M = 1000


@lru_cache(maxsize=1)
def _sdk() -> tuple[Any, dict[str, int]]:
    """The SDK's Encoder class and its message numbers (imported once, on first use)."""
    try:
        from garmin_fit_sdk import Encoder, Profile
    except ImportError as exc:
        raise MissingExtraError(f"FIT export needs Garmin's FIT SDK ({exc}). Install it with: {PIP_LINE}") from exc
    return Encoder, Profile["mesg_num"]


@lru_cache(maxsize=256)
def exercise_number(category: str, name: str) -> int:
    """The FIT profile's number of exercise ``name`` in ``category`` (``'deadlift'``,
    ``'romanian_deadlift'`` → 23); ValueError if the profile has no such exercise."""
    from garmin_fit_sdk import Profile

    names: dict[int, str] = Profile["types"].get(f"{category}_exercise_name", {})
    for number, known in names.items():
        if known == name:
            return number
    raise ValueError(f"the FIT profile has no {category} exercise named {name!r}")


def fit_timestamp(local: datetime, zone: ZoneInfo) -> int:
    """Seconds since the FIT epoch of a local wall-clock time in ``zone``."""
    return int(local.replace(tzinfo=zone).astimezone(timezone.utc).timestamp()) - FIT_EPOCH_S


def flat_steps(workout: Workout) -> list[dict[str, Any]]:
    """The workout's steps as ``workout_step`` messages: a repeat becomes its child steps, then a
    step that sends the watch back to the first of them (``duration_step``) ``times`` times over."""
    messages: list[dict[str, Any]] = []
    for item in workout.steps:
        if isinstance(item, Repeat):
            first = len(messages)
            for step in item.steps:
                messages.append(_step_message(len(messages), step))
            messages.append(
                {
                    "message_index": len(messages),
                    "duration_type": "repeat_until_steps_cmplt",
                    "duration_value": first,
                    "target_type": "open",
                    "target_value": item.times,
                }
            )
        else:
            messages.append(_step_message(len(messages), item))
    return messages


def _step_message(index: int, step: Step) -> dict[str, Any]:
    message: dict[str, Any] = {"message_index": index, "intensity": step.intensity}
    if step.name:
        message["wkt_step_name"] = step.name
    if step.duration == "time":
        message.update(duration_type="time", duration_value=round(step.value * _MS_PER_S))
    elif step.duration == "distance":
        message.update(duration_type="distance", duration_value=round(step.value * _CM_PER_M))
    elif step.duration == "reps":
        message.update(duration_type="reps", duration_value=round(step.value))
    else:
        message.update(duration_type="open", duration_value=0)
    if step.speed_mps is not None:
        low, high = step.speed_mps
        message.update(
            target_type="speed",
            target_value=0,  # 0: a custom range, not one of the watch's speed zones
            custom_target_value_low=round(low * _MM_PER_M),
            custom_target_value_high=round(high * _MM_PER_M),
        )
    else:
        message.update(target_type="open", target_value=0)
    if step.notes:
        message["notes"] = step.notes
    if step.exercise is not None:
        category, name = step.exercise
        message["exercise_category"] = category
        if name is not None:
            message["exercise_name"] = exercise_number(category, name)
    return message


def encode_workout(workout: Workout, *, created: int) -> bytes:
    """The FIT file of ``workout``; ``created`` is its ``time_created`` in FIT-epoch seconds.

    A plan repeats the same workouts week after week (the same strength routine, the same easy
    run): each distinct workout is encoded once, and each of its files is that encoding with its
    own ``time_created`` and file CRC. Two thirds of an 18-week plan's files are repeats, and the
    SDK's encoder and pure-Python CRC were nine tenths of the export's time.
    """
    body = bytearray(_encoded(workout))
    del body[-2:]  # the file CRC
    offset = _time_created_offset()
    body[offset : offset + 4] = created.to_bytes(4, "little")
    return bytes(body) + fit_crc(body).to_bytes(2, "little")


def fit_crc(data: bytes | bytearray, crc: int = 0) -> int:
    """The FIT protocol's 16-bit CRC (CRC-16/ARC: polynomial 0x8005 reflected, start 0)."""
    table = _CRC_TABLE
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


def _crc_table() -> tuple[int, ...]:
    table = []
    for index in range(256):
        value = index
        for _ in range(8):
            value = (value >> 1) ^ 0xA001 if value & 1 else value >> 1
        table.append(value)
    return tuple(table)


_CRC_TABLE = _crc_table()


@lru_cache(maxsize=1)
def _time_created_offset() -> int:
    """Where the SDK puts ``file_id.time_created`` (the file's first message, the same layout in
    every file): found by encoding one workout with two different times."""
    probe = Workout("probe", "running", "generic", (Step("Run", "active", "open"),))
    first, second = _encode(probe, created=0), _encode(probe, created=0x01020304)
    differ = [i for i in range(len(first) - 2) if first[i] != second[i]]
    if len(first) != len(second) or len(differ) != 4 or differ[3] - differ[0] != 3:
        raise RuntimeError("unexpected FIT layout from garmin-fit-sdk: time_created not found")
    return differ[0]


@lru_cache(maxsize=512)
def _encoded(workout: Workout) -> bytes:
    return _encode(workout, created=0)


def _encode(workout: Workout, *, created: int) -> bytes:
    encoder_class, mesg_num = _sdk()
    steps = flat_steps(workout)
    encoder = encoder_class()
    encoder.on_mesg(
        mesg_num["FILE_ID"],
        {
            "type": "workout",
            "manufacturer": "development",
            "product": 0,
            "serial_number": SERIAL_NUMBER,
            "time_created": created,
        },
    )
    workout_message: dict[str, Any] = {
        "wkt_name": workout.name,
        "sport": workout.sport,
        "sub_sport": workout.sub_sport,
        "num_valid_steps": len(steps),
    }
    if workout.description:
        workout_message["wkt_description"] = workout.description
    encoder.on_mesg(mesg_num["WORKOUT"], workout_message)
    for message in steps:
        encoder.on_mesg(mesg_num["WORKOUT_STEP"], message)
    return bytes(encoder.close())


__all__ = ["FIT_EPOCH_S", "SERIAL_NUMBER", "encode_workout", "exercise_number", "fit_timestamp", "flat_steps"]
