"""A :class:`~hamplan.export.fit.workout.Workout` as the bytes of a FIT workout file.

A FIT file is a 14-byte header, records and a CRC. A workout file needs three messages of the
FIT profile: ``file_id`` (type workout), ``workout`` and one ``workout_step`` per step. Each
record is a definition (which fields follow, their sizes and base types) or the data of the
last definition of its local type; a definition is written again only when a message's field
layout changes. Values go in the profile's raw units: milliseconds, centimetres, millimetres
per second.

Why not a FIT library for the writing: both made for Python were measured on an 18-week plan
(156 files). Garmin's ``garmin-fit-sdk`` encoder needed 160–220 ms even with each distinct
workout encoded once (its per-message definitions and byte-wise CRC are pure Python), and
``fit-tool`` is about five times slower per file and silently dropped a repeat count set through
its ``repeat_steps`` sub-field. The few messages a workout needs are written here with
:mod:`struct` (the whole plan in ~30 ms), and every file is read back in the tests by Garmin's
own decoder and by ``fitdecode``; Garmin's SDK thus stays a test dependency, where its licence
(the FIT Protocol License, not an open-source one) asks nothing of hamplan's users.

Nothing reads the clock: ``time_created`` is the session's start and the serial number is
fixed, so the same plan gives the same bytes.
"""

from __future__ import annotations

import struct
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from hamplan.export.fit.profile import (
    DURATION_TYPE,
    EXERCISE_CATEGORY,
    EXERCISE_NAME,
    FILE_TYPE_WORKOUT,
    INTENSITY,
    MANUFACTURER_DEVELOPMENT,
    PROFILE_VERSION,
    SPORT,
    SUB_SPORT,
    TARGET_TYPE,
    WORKOUT,
    WORKOUT_STEP,
    FILE_ID,
    Field,
    Message,
)
from hamplan.export.fit.workout import Repeat, Step, Workout

#: Every file says it was made by the same (development) device, so no run adds a difference.
SERIAL_NUMBER = 0x48414D50  # "HAMP"
#: Seconds from the Unix epoch to the FIT epoch (1989-12-31 00:00 UTC).
FIT_EPOCH_S = 631_065_600
PROTOCOL_VERSION = 0x20  # 2.0
HEADER_SIZE = 14
_MS_PER_S = 1000
_CM_PER_M = 100
_MM_PER_M = 1000
_LOCAL_FILE_ID, _LOCAL_WORKOUT, _LOCAL_STEP = 0, 1, 2


def fit_timestamp(local: datetime, zone: ZoneInfo) -> int:
    """Seconds since the FIT epoch of a local wall-clock time in ``zone``."""
    return int(local.replace(tzinfo=zone).astimezone(timezone.utc).timestamp()) - FIT_EPOCH_S


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


def step_messages(workout: Workout) -> list[dict[str, Any]]:
    """The workout's steps as ``workout_step`` field values (profile names, raw units): a repeat
    becomes its child steps, then a step that sends the watch back to the first of them
    (``duration_value``) ``target_value`` times over."""
    messages: list[dict[str, Any]] = []
    for item in workout.steps:
        if isinstance(item, Repeat):
            first = len(messages)
            for step in item.steps:
                messages.append(_step_message(len(messages), step))
            messages.append(
                {
                    "message_index": len(messages),
                    "duration_type": DURATION_TYPE["repeat_until_steps_cmplt"],
                    "duration_value": first,
                    "target_type": TARGET_TYPE["open"],
                    "target_value": item.times,
                }
            )
        else:
            messages.append(_step_message(len(messages), item))
    return messages


def _step_message(index: int, step: Step) -> dict[str, Any]:
    message: dict[str, Any] = {"message_index": index}
    if step.name:
        message["wkt_step_name"] = step.name
    message["duration_type"] = DURATION_TYPE[step.duration]
    if step.duration == "time":
        message["duration_value"] = round(step.value * _MS_PER_S)
    elif step.duration == "distance":
        message["duration_value"] = round(step.value * _CM_PER_M)
    elif step.duration == "reps":
        message["duration_value"] = round(step.value)
    if step.speed_mps is not None:
        low, high = step.speed_mps
        message["target_type"] = TARGET_TYPE["speed"]
        message["target_value"] = 0  # a custom range, not one of the watch's speed zones
        message["custom_target_value_low"] = round(low * _MM_PER_M)
        message["custom_target_value_high"] = round(high * _MM_PER_M)
    else:
        message["target_type"] = TARGET_TYPE["open"]
    message["intensity"] = INTENSITY[step.intensity]
    if step.notes:
        message["notes"] = step.notes
    if step.exercise is not None:
        category, name = step.exercise
        message["exercise_category"] = EXERCISE_CATEGORY[category]
        if name is not None:
            message["exercise_name"] = EXERCISE_NAME[category][name]
    return message


def encode_workout(workout: Workout, *, created: int) -> bytes:
    """The FIT file of ``workout``; ``created`` is its ``time_created`` in FIT-epoch seconds.

    A plan repeats the same workouts week after week (the same strength routine, the same easy
    run): the records of each distinct workout are built once and each file adds its own
    ``file_id``, header and CRC.
    """
    file_id = _records(
        _LOCAL_FILE_ID,
        FILE_ID,
        [
            {
                "type": FILE_TYPE_WORKOUT,
                "manufacturer": MANUFACTURER_DEVELOPMENT,
                "product": 0,
                "serial_number": SERIAL_NUMBER,
                "time_created": created,
            }
        ],
    )
    records = file_id + _workout_records(workout)
    header = struct.pack("<BBHI4s", HEADER_SIZE, PROTOCOL_VERSION, PROFILE_VERSION, len(records), b".FIT")
    header += struct.pack("<H", fit_crc(header))
    body = header + records
    return body + struct.pack("<H", fit_crc(body))


@lru_cache(maxsize=512)
def _workout_records(workout: Workout) -> bytes:
    message: dict[str, Any] = {
        "wkt_name": workout.name,
        "sport": SPORT[workout.sport],
        "sub_sport": SUB_SPORT[workout.sub_sport],
        "num_valid_steps": 0,
    }
    steps = step_messages(workout)
    message["num_valid_steps"] = len(steps)
    if workout.description:
        message["wkt_description"] = workout.description
    return _records(_LOCAL_WORKOUT, WORKOUT, [message]) + _records(_LOCAL_STEP, WORKOUT_STEP, steps)


def _records(local: int, kind: Message, messages: list[dict[str, Any]]) -> bytes:
    """Definition and data records of ``messages`` (all of one ``kind``) under local type
    ``local``: a definition whenever the layout differs from the previous message's."""
    out = bytearray()
    layout: tuple[tuple[int, int, int], ...] | None = None
    fields = kind.fields
    for message in messages:
        values: list[bytes] = []
        this_layout: list[tuple[int, int, int]] = []
        for name, value in message.items():
            field = fields[name]
            data = _value_bytes(field, value)
            values.append(data)
            this_layout.append((field.number, len(data), field.base_type))
        if tuple(this_layout) != layout:
            layout = tuple(this_layout)
            out += struct.pack("<BBBHB", 0x40 | local, 0, 0, kind.number, len(layout))
            for number, size, base_type in layout:
                out += struct.pack("<BBB", number, size, base_type)
        out.append(local)
        for data in values:
            out += data
    return bytes(out)


def _value_bytes(field: Field, value: Any) -> bytes:
    if field.format == "s":
        data = str(value).encode("utf-8")
        if len(data) > 254:  # one byte of the 255 a field may hold is the terminating zero
            raise ValueError(f"FIT string of {len(data)} bytes is longer than 254: {value[:40]!r}…")
        return data + b"\x00"
    return struct.pack("<" + field.format, value)


__all__ = ["FIT_EPOCH_S", "SERIAL_NUMBER", "encode_workout", "fit_crc", "fit_timestamp", "step_messages"]
