"""FIT workout files, read back by Garmin's own FIT SDK decoder and by fitdecode.

Every file of the bundled examples' plans and of a seeded sample of random requests must decode
with no error and a valid CRC under both decoders, and its steps must say what the plan says:
step counts, distances / times / repetitions, pace targets within 1 s/km of the plan's zone,
repeat counts, exercise categories. The expectations are computed here from the plan's own
fields (and, for reps, from the session titles a runner reads), not from the exporter's mapping.
"""

from __future__ import annotations

import csv
import io
import random
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import fitdecode
import pytest
from garmin_fit_sdk import Decoder, Stream
from typer.testing import CliRunner

import hamplan
from hamplan import InfeasiblePlanError, Plan, RequestError
from hamplan.cli import app
from hamplan.export.fit import INDEX_COLUMNS, exported_sessions, workout_files, write_fit
from hamplan.export.fit.workout import WORKOUT_NAME_MAX
from hamplan.models import Exercise, Session
from hamplan.samples import random_request_data

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))
SAMPLE_SEED = 14
SAMPLE_SIZE = 30
#: Twelve weeks or less: every phase and quality type occurs, and the sample plans in seconds.
SAMPLE_MAX_DAYS = 84
PACE_TOLERANCE_S_PER_KM = 1.0
#: Distances are stored in centimetres; the per-step rounding of a few steps stays under this.
DISTANCE_TOLERANCE_M = 0.5


def _sample_plans() -> list[Plan]:
    rng = random.Random(SAMPLE_SEED)
    plans = []
    for _ in range(SAMPLE_SIZE):
        try:
            plans.append(hamplan.generate(random_request_data(rng, max_days=SAMPLE_MAX_DAYS)))
        except InfeasiblePlanError:
            continue  # a refused request has no sessions to export
    return plans


@pytest.fixture(scope="module")
def plans() -> list[Plan]:
    return [hamplan.generate(path) for path in EXAMPLES] + _sample_plans()


@pytest.fixture(scope="module")
def decoded(plans: list[Plan]) -> list[tuple[Plan, dict[str, bytes], dict[str, dict[str, Any]]]]:
    """Each plan, its files, and each FIT file as Garmin's decoder reads it (checked on the way)."""
    result = []
    for plan in plans:
        files = workout_files(plan)
        messages = {name: garmin_read(data) for name, data in files.items() if name.endswith(".fit")}
        result.append((plan, files, messages))
    return result


#: Garmin's decoder expands a step's duration into the sub-field its duration type names.
GARMIN_DURATION = {
    "time": "duration_time", "distance": "duration_distance", "reps": "duration_reps",
    "repeat_until_steps_cmplt": "duration_step",
}


def garmin_read(data: bytes) -> dict[str, Any]:
    decoder = Decoder(Stream.from_byte_array(bytearray(data)))
    assert decoder.is_fit(), "not a FIT file"
    assert decoder.check_integrity(), "bad CRC or size"
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == [], errors
    return messages


# ---------------------------------------------------------------------------------------------
# Both decoders read every file
# ---------------------------------------------------------------------------------------------


def test_the_sample_covers_every_kind_of_session(plans: list[Plan]) -> None:
    kinds = {s.type if s.is_run else s.kind for plan in plans for s in exported_sessions(plan)}
    assert {"easy", "recovery", "long", "tempo", "intervals", "hills", "race", "strength", "mobility"} <= kinds
    units = {plan.request.units for plan in plans}
    assert units == {"km", "mi"}
    assert len(plans) >= len(EXAMPLES) + SAMPLE_SIZE // 2


def test_every_file_is_a_workout_garmin_decodes(decoded: list) -> None:
    count = 0
    for plan, _, messages in decoded:
        assert len(messages) == len(exported_sessions(plan))
        for name, message in messages.items():
            (file_id,) = message["file_id_mesgs"]
            assert file_id["type"] == "workout", name
            (workout,) = message["workout_mesgs"]
            assert workout["num_valid_steps"] == len(message["workout_step_mesgs"]) > 0, name
            assert len(workout["wkt_name"]) <= WORKOUT_NAME_MAX, workout["wkt_name"]
            count += 1
    assert count > 1000


def test_every_file_decodes_with_fitdecode(decoded: list) -> None:
    for _, files, messages in decoded:
        for name, data in files.items():
            if not name.endswith(".fit"):
                continue
            with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
                frames = [frame for frame in reader if isinstance(frame, fitdecode.FitDataMessage)]
            steps = [frame for frame in frames if frame.name == "workout_step"]
            assert [frame.name for frame in frames[:2]] == ["file_id", "workout"], name
            assert len(steps) == len(messages[name]["workout_step_mesgs"]), name
            for frame, garmin in zip(steps, messages[name]["workout_step_mesgs"]):
                kind = garmin["duration_type"]
                assert frame.get_value("duration_type") == kind
                if kind in GARMIN_DURATION:  # fitdecode names the value by the main field, in real units
                    assert frame.get_value("duration_value") == pytest.approx(garmin[GARMIN_DURATION[kind]])


# ---------------------------------------------------------------------------------------------
# The steps say what the plan says
# ---------------------------------------------------------------------------------------------


def _session_of(plan: Plan) -> dict[str, Session]:
    counts: dict[tuple[Any, str], int] = {}
    by_name = {}
    for session in exported_sessions(plan):
        key = (session.date, session.kind)
        counts[key] = counts.get(key, 0) + 1
        by_name[f"{session.date.isoformat()}-{session.kind}-{counts[key]}.fit"] = session
    return by_name


def _pace_s_per_km(speed_mps: float) -> float:
    return 1000.0 / speed_mps


def _assert_zone(step: dict[str, Any], fast_min_per_km: float, slow_min_per_km: float) -> None:
    assert step["target_type"] == "speed"
    assert abs(_pace_s_per_km(step["custom_target_speed_low"]) - slow_min_per_km * 60) <= PACE_TOLERANCE_S_PER_KM
    assert abs(_pace_s_per_km(step["custom_target_speed_high"]) - fast_min_per_km * 60) <= PACE_TOLERANCE_S_PER_KM


def _distance_m(step: dict[str, Any]) -> float:
    return step["duration_distance"] if step["duration_type"] == "distance" else 0.0


def _check_run(plan: Plan, session: Session, steps: list[dict[str, Any]]) -> None:
    assert session.workout is not None, session.title
    _check_structured_run(plan, session, steps)


ZONE_OF_PACE = {"easy": "easy", "recovery": "easy", "threshold": "threshold", "interval": "interval", "repetition": "repetition"}


def _check_structured_run(plan: Plan, session: Session, steps: list[dict[str, Any]]) -> None:
    """Each step of the session's own workout, in order; a block done n times is followed by a
    repeat step back to its first step, n times."""
    index = 0
    for block in session.workout.blocks:  # type: ignore[attr-defined]
        first = index
        for planned in block.steps:
            step = steps[index]
            index += 1
            if planned.distance_m is not None:
                assert abs(step["duration_distance"] - planned.distance_m) <= 0.01
            else:
                assert step["duration_time"] == planned.duration_s
            if planned.kind not in ("work", "steady"):
                continue
            if planned.pace == "repetition" and (planned.duration_s or 0) <= 20:
                # strides: by feel, as the plan's text says (no watch measures pace over 20 s)
                assert step["target_type"] == "open" and "by feel" in step.get("notes", ""), step
            elif planned.pace in ZONE_OF_PACE:
                zone = getattr(plan.paces, ZONE_OF_PACE[planned.pace])
                _assert_zone(step, zone.fast_min_per_km, zone.slow_min_per_km)
            elif planned.pace_min_per_km:
                low, high = step["custom_target_speed_low"], step["custom_target_speed_high"]
                middle = (_pace_s_per_km(low) + _pace_s_per_km(high)) / 2
                assert abs(middle - planned.pace_min_per_km * 60) <= PACE_TOLERANCE_S_PER_KM
            else:
                assert step["target_type"] == "open"  # effort-based (hills)
        if block.repeat > 1:
            repeat = steps[index]
            index += 1
            assert repeat["duration_type"] == "repeat_until_steps_cmplt"
            assert (repeat["duration_step"], repeat["repeat_steps"]) == (first, block.repeat)
    assert len(steps) - index in (0, 1)  # a closing cool-down (walk, stretches) may follow
    assert steps[-1]["intensity"] in ("cooldown",) or session.kind == "race"


def executed(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The steps in the order a watch runs them, repeats unrolled."""
    done: list[dict[str, Any]] = []
    for step in steps:
        if step["duration_type"] == "repeat_until_steps_cmplt":
            block = steps[step["duration_step"] : step["message_index"]]
            done.extend(block * (step["repeat_steps"] - 1))
        else:
            done.append(step)
    return done


def expected_reps(exercise: Exercise) -> list[int]:
    """The plan's repetitions per set, read independently of the exporter."""
    figures = [int(f) for f in re.findall(r"\d+", (exercise.reps or "").split("-")[0].replace("/", " "))]
    sets = exercise.sets or 1
    return [figures[min(i, len(figures) - 1)] for i in range(sets)]


#: What each hamstring exercise is, in the FIT profile's categories, by the words in its name.
CATEGORY_WORDS = (
    ("leg swings", "warm_up"),
    ("ankle", "warm_up"),
    ("lunge", "lunge"),
    ("deadlift", "deadlift"),
    ("leg curl", "leg_curl"),
    ("nordic", "leg_curl"),
    ("heel digs", "leg_curl"),
    ("bridge", "hip_raise"),
    ("calf raise", "calf_raise"),
    ("plank", "plank"),
)


def _check_exercises(session: Session, steps: list[dict[str, Any]]) -> None:
    sets = [s for s in steps if s["intensity"] == "active"]
    assert len(sets) == sum(e.sets or 1 for e in session.exercises)
    position = 0
    for exercise in session.exercises:
        expected = [exercise.hold_s] * (exercise.sets or 1) if exercise.hold_s else expected_reps(exercise)
        for figure in expected:
            step = sets[position]
            position += 1
            if exercise.hold_s:
                assert step["duration_type"] == "time" and step["duration_time"] == figure
            else:
                assert step["duration_type"] == "reps" and step["duration_reps"] == figure, exercise
            assert "exercise_category" in step, exercise.name
            if session.kind == "strength":
                words = [c for w, c in CATEGORY_WORDS if w in exercise.name.lower()]
                assert words and step["exercise_category"] == words[0], (exercise.name, step["exercise_category"])


def test_steps_match_the_plan(decoded: list) -> None:
    checked: dict[str, int] = {}
    for plan, _, messages in decoded:
        sessions = _session_of(plan)
        for name, message in messages.items():
            session = sessions[name]
            steps = message["workout_step_mesgs"]
            assert [s["message_index"] for s in steps] == list(range(len(steps)))
            if session.is_run:
                _check_run(plan, session, steps)
                assert message["workout_mesgs"][0]["sport"] == "running"
            else:
                _check_exercises(session, steps)
                if session.kind == "strength":
                    sets = sum(e.sets or 1 for e in session.exercises)
                    assert len(steps) == 2 + sets + (sets - 1)  # warm-up, sets with rests between, cool-down
                    assert all(s["duration_type"] == "time" for s in steps if s["intensity"] == "rest")
                    assert message["workout_mesgs"][0]["sub_sport"] == "strength_training"
                else:
                    assert len(steps) == sum(e.sets or 1 for e in session.exercises)
                    assert message["workout_mesgs"][0]["sub_sport"] in ("yoga", "flexibility_training")
            key = session.type if session.is_run else session.kind
            checked[key] = checked.get(key, 0) + 1
    assert min(checked.values()) >= 3, checked


def test_strength_steps_carry_the_load_guidance(plans: list[Plan]) -> None:
    plan = plans[0]
    session = next(s for s in exported_sessions(plan) if s.kind == "strength")
    files = workout_files(plan)
    name = next(n for n, s in _session_of(plan).items() if s is session)
    steps = garmin_read(files[name])["workout_step_mesgs"]
    first = session.exercises[0]
    assert first.notes.split(". ")[-1] in steps[1]["notes"]
    assert steps[1]["exercise_name"] == 23  # the FIT profile's romanian_deadlift (gym equipment)


def test_miles_plans_show_miles_in_notes_and_keep_metric_targets(plans: list[Plan]) -> None:
    plan = next(p for p in plans if p.request.units == "mi")
    files = workout_files(plan)
    sessions = _session_of(plan)
    name = next(n for n, s in sessions.items() if s.type == "long")
    messages = garmin_read(files[name])
    steps = messages["workout_step_mesgs"]
    assert messages["workout_mesgs"][0]["wkt_description"].endswith(" mi")
    assert "/mi" in steps[1]["notes"] and "/km" not in steps[1]["notes"]
    assert " mi" in steps[1]["wkt_step_name"]
    _assert_zone(steps[1], plan.paces.easy.fast_min_per_km, plan.paces.easy.slow_min_per_km)


def test_file_id_holds_the_session_start_and_a_fixed_serial(plans: list[Plan]) -> None:
    plan = plans[0]
    files = workout_files(plan)
    zone = plan.request.zone
    serials = set()
    for name, session in list(_session_of(plan).items())[:20]:
        (file_id,) = garmin_read(files[name])["file_id_mesgs"]
        start = datetime.combine(session.date, session.start).replace(tzinfo=zone)
        assert file_id["time_created"] == start.astimezone(timezone.utc)
        serials.add(file_id["serial_number"])
    assert len(serials) == 1


# ---------------------------------------------------------------------------------------------
# Files, index, determinism, the folder, the command line
# ---------------------------------------------------------------------------------------------


def test_index_lists_every_file_in_order(plans: list[Plan]) -> None:
    plan = plans[1]
    files = workout_files(plan)
    rows = list(csv.DictReader(io.StringIO(files["index.csv"].decode("utf-8"))))
    assert tuple(rows[0]) == INDEX_COLUMNS
    assert [r["file"] for r in rows] == [n for n in files if n.endswith(".fit")]
    assert [(r["date"], r["start"]) for r in rows] == sorted((r["date"], r["start"]) for r in rows)
    sessions = exported_sessions(plan)
    assert [r["title"] for r in rows] == [s.title for s in sessions]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}-(run|race|strength|mobility)-\d\.fit", r["file"]) for r in rows)


def test_two_runs_give_the_same_bytes() -> None:
    first = workout_files(hamplan.generate(EXAMPLES[0]))
    second = workout_files(hamplan.generate(EXAMPLES[0]))
    assert first == second


def test_write_fit_replaces_the_folder_whole(tmp_path: Path, plans: list[Plan]) -> None:
    plan = plans[0]
    stale = tmp_path / "workouts"
    stale.mkdir()
    (stale / "1999-01-01-run-1.fit").write_bytes(b"old")
    folder = plan.write_fit(tmp_path)
    assert folder == stale
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == workout_files(plan)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["workouts"]  # no temporary folder left


def test_a_failed_write_leaves_the_old_folder(tmp_path: Path, plans: list[Plan], monkeypatch: pytest.MonkeyPatch) -> None:
    write_fit(plans[0], tmp_path)
    before = {p.name: p.read_bytes() for p in (tmp_path / "workouts").iterdir()}
    import hamplan.export.fit as fit

    real_fsync = fit.os.fsync
    calls = {"n": 0}

    def failing_fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 50:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(fit.os, "fsync", failing_fsync)
    with pytest.raises(OSError):
        write_fit(plans[1], tmp_path)
    assert {p.name: p.read_bytes() for p in (tmp_path / "workouts").iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["workouts"]


def test_generate_format_fit_writes_the_workouts_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["generate", str(EXAMPLES[0]), "-o", str(tmp_path), "-f", "json,fit"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "workouts" / "index.csv").is_file()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["first-half.json", "workouts"]
    plan = hamplan.load_plan(tmp_path / "first-half.json")
    assert {p.name: p.read_bytes() for p in (tmp_path / "workouts").iterdir()} == workout_files(plan)


def test_generate_writes_json_and_workouts_together_or_neither(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    real_fsync = os.fsync
    calls = {"n": 0}

    def failing_fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 60:  # among the workout files, after the JSON was written
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["generate", str(EXAMPLES[0]), "-o", str(out), "-f", "json,fit"])
    assert result.exit_code == 2, result.output
    assert "No space left" in result.output
    assert not out.exists() or list(out.iterdir()) == []


def test_the_profile_numbers_are_garmins() -> None:
    from garmin_fit_sdk import Profile

    from hamplan.export.fit import profile

    messages = Profile["messages"]
    for kind in (profile.FILE_ID, profile.WORKOUT, profile.WORKOUT_STEP):
        known = messages[kind.number]["fields"]
        for name, field in kind.fields.items():
            number = next(n for n, f in known.items() if f["name"] == name)
            assert field.number == number, name
            base = {"enum": 0x00, "uint16": 0x84, "uint32": 0x86, "uint32z": 0x8C, "string": 0x07}
            assert field.base_type == base[known[number]["base_type"]], name
    types = Profile["types"]
    for table, type_name in (
        (profile.SPORT, "sport"), (profile.SUB_SPORT, "sub_sport"), (profile.INTENSITY, "intensity"),
        (profile.DURATION_TYPE, "wkt_step_duration"), (profile.TARGET_TYPE, "wkt_step_target"),
        (profile.EXERCISE_CATEGORY, "exercise_category"),
    ):
        for name, number in table.items():
            assert types[type_name][number] == name, (type_name, name)
    for category, names in profile.EXERCISE_NAME.items():
        for name, number in names.items():
            assert types[f"{category}_exercise_name"][number] == name, (category, name)
    assert types["manufacturer"][profile.MANUFACTURER_DEVELOPMENT] == "development"
    assert types["file"][profile.FILE_TYPE_WORKOUT] == "workout"
    version = Profile["version"]
    assert profile.PROFILE_VERSION == version["major"] * 1000 + version["minor"]


def test_a_plan_from_another_version_is_refused_not_misread(plans: list[Plan]) -> None:
    """A plan written before runs carried their workout steps is refused, not guessed at."""
    plan = plans[0]
    sessions = [s.model_copy(update={"workout": None}) if s.kind == "run" else s for s in plan.sessions]
    with pytest.raises(RequestError, match="another version of hamplan"):
        workout_files(plan.model_copy(update={"sessions": sessions}))


def test_every_exercise_of_the_content_has_a_fit_category(plans: list[Plan]) -> None:
    from hamplan.export.fit.workout import fit_exercise

    names = {e.name for plan in plans for s in plan.sessions if not s.is_run for e in s.exercises}
    assert [n for n in sorted(names) if fit_exercise(n) is None] == []
