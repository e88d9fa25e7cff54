"""The part of the FIT profile (release 21.218) a workout file uses: message and field numbers,
base types, and the enumerations' values. ``tests/test_fit.py`` checks every number here against
Garmin's own profile in ``garmin-fit-sdk``."""

from __future__ import annotations

from dataclasses import dataclass

PROFILE_VERSION = 21218  # 21.218, as major × 1000 + minor

# FIT base types: (type byte, struct format)
ENUM = (0x00, "B")
UINT16 = (0x84, "H")
UINT32 = (0x86, "I")
UINT32Z = (0x8C, "I")
STRING = (0x07, "s")


@dataclass(frozen=True, slots=True)
class Field:
    number: int
    base_type: int
    format: str


@dataclass(frozen=True, slots=True)
class Message:
    number: int
    fields: dict[str, Field]


def _message(number: int, **fields: tuple[int, tuple[int, str]]) -> Message:
    return Message(number, {name: Field(num, base[0], base[1]) for name, (num, base) in fields.items()})


FILE_ID = _message(
    0, type=(0, ENUM), manufacturer=(1, UINT16), product=(2, UINT16), serial_number=(3, UINT32Z), time_created=(4, UINT32)
)
WORKOUT = _message(
    26, sport=(4, ENUM), num_valid_steps=(6, UINT16), wkt_name=(8, STRING), sub_sport=(11, ENUM), wkt_description=(17, STRING)
)
WORKOUT_STEP = _message(
    27,
    message_index=(254, UINT16),
    wkt_step_name=(0, STRING),
    duration_type=(1, ENUM),
    duration_value=(2, UINT32),
    target_type=(3, ENUM),
    target_value=(4, UINT32),
    custom_target_value_low=(5, UINT32),
    custom_target_value_high=(6, UINT32),
    intensity=(7, ENUM),
    notes=(8, STRING),
    exercise_category=(10, UINT16),
    exercise_name=(11, UINT16),
)

FILE_TYPE_WORKOUT = 5
MANUFACTURER_DEVELOPMENT = 255
SPORT = {"running": 1, "training": 10}
SUB_SPORT = {"generic": 0, "flexibility_training": 19, "strength_training": 20, "yoga": 43}
INTENSITY = {"active": 0, "rest": 1, "warmup": 2, "cooldown": 3, "recovery": 4, "interval": 5}
DURATION_TYPE = {"time": 0, "distance": 1, "open": 5, "repeat_until_steps_cmplt": 6, "reps": 29}
TARGET_TYPE = {"speed": 0, "open": 2}

EXERCISE_CATEGORY = {
    "calf_raise": 1,
    "deadlift": 8,
    "hip_raise": 10,
    "hip_stability": 11,
    "leg_curl": 15,
    "lunge": 17,
    "plank": 19,
    "warm_up": 31,
    "pose": 36,
}
#: The exercise names the content uses, per category (the profile numbers names per category).
EXERCISE_NAME: dict[str, dict[str, int]] = {
    "calf_raise": {"single_leg_standing_calf_raise": 15},
    "deadlift": {"romanian_deadlift": 23, "single_leg_romanian_deadlift_with_dumbbell": 14},
    "hip_raise": {"hip_raise": 11, "single_leg_hip_raise": 30, "clams": 44},
    "hip_stability": {"hip_circles": 7},
    "leg_curl": {"leg_curl": 0, "sliding_leg_curl": 6},
    "lunge": {"walking_lunge": 78},
    "plank": {"side_plank": 66},
    "warm_up": {
        "forward_and_backward_leg_swings": 9,
        "side_to_side_leg_swings": 18,
        "thoracic_rotation": 24,
        "glutes_stretch": 32,
        "standing_hamstring_stretch": 33,
        "stretch_calf": 37,
        "stretch_cat_cow": 38,
        "stretch_hamstring": 44,
        "stretch_lunging_hip_flexor": 49,
        "stretch_lying_piriformis": 53,
        "stretch_quad": 61,
        "ankle_lunges": 77,
    },
    "pose": {
        "bridge": 8,
        "childs": 11,
        "downward_facing_dog": 21,
        "lizard": 37,
        "low_lunge": 39,
        "runners_lunge": 53,
        "sphinx": 61,
        "thread_the_needle": 75,
    },
}

__all__ = [
    "DURATION_TYPE", "EXERCISE_CATEGORY", "EXERCISE_NAME", "FILE_ID", "FILE_TYPE_WORKOUT", "Field", "INTENSITY",
    "MANUFACTURER_DEVELOPMENT", "Message", "PROFILE_VERSION", "SPORT", "SUB_SPORT", "TARGET_TYPE", "WORKOUT",
    "WORKOUT_STEP",
]
