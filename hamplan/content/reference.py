"""The printable reference page: how to do every drill, lift, stretch and pose in the plan,
the form cues, and the warning signs that mean stop and see someone.

Sessions only name exercises; this page says how, once, so the calendar stays short.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from hamplan.content.common import FOOT_CUE, HIGH_KNEES, LEG_SWINGS, POSTURE_CUE, TENDON_HIGH_KNEES, TENDON_LEG_SWINGS, cadence_cue


@dataclass(frozen=True, slots=True)
class ReferenceSection:
    """A heading and its (name, how-to) items."""

    title: str
    items: list[tuple[str, str]]


def _warmup(tendon: bool) -> ReferenceSection:
    swings = TENDON_LEG_SWINGS if tendon else LEG_SWINGS
    knees = f"{TENDON_HIGH_KNEES}. Light steps, tall posture." if tendon else f"{HIGH_KNEES}. Quick light steps, knees to hip height, tall posture."
    return ReferenceSection(
        "Warm-up before every run",
        [
            ("Easy jog or brisk walk", "5–10 min (10 min before tempo, intervals, hills and races), easy enough to chat."),
            ("Leg swings", f"{swings}. Hold a wall, swing from the hip, let the range grow."),
            ("High knees", knees),
            ("Why", "Warm muscles stretch and contract more safely; skipping the warm-up is a classic strain cause."),
        ],
    )


#: How deep a sore tendon's hinge goes, and how fast its lifts move (``strength``: its sessions
#: say "3 s down, 3 s up", "hinge no deeper than pain allows"); the reference's usual depth
#: (mid-shin) and leg-curl speed (up in 1-2 s) told such a runner otherwise.
_TENDON_HINGE_DEPTH = "only as deep as stays pain-free (your sessions say how deep; the hinge presses the tendon)"
_TENDON_CURL_SPEED = "Curl up in 3 s, lower in 3 s"


def _strength(tendon: bool) -> ReferenceSection:
    hinge = (
        f"Soft knees, push the hips back over 3 s with a flat back, {_TENDON_HINGE_DEPTH}, then drive the hips "
        "forward over 3 s to stand tall."
        if tendon else
        "Soft knees, push the hips back with a flat back until you feel the hamstrings load (about "
        "mid-shin for an RDL), then drive the hips forward to stand tall."
    )
    curl = _TENDON_CURL_SPEED if tendon else "Curl up in 1–2 s, lower in 3 s"
    return ReferenceSection(
        "Strength exercises",
        [
            (
                "Deadlift / Romanian deadlift (RDL)",
                f"Feet hip-width, bar or dumbbells close to the legs. {hinge} A deadlift starts from the floor "
                "with more knee bend.",
            ),
            (
                "Single-leg Romanian deadlift",
                "Stand on one leg with a slight knee bend, hinge forward as the free leg reaches back, hips "
                "square to the floor; a backpack or dumbbells add load. Hold a wall at first for balance."
                + (f" With a sore tendon: down over 3 s, {_TENDON_HINGE_DEPTH}, up over 3 s." if tendon else ""),
            ),
            (
                "Lying leg curl",
                f"Face down on the machine, pad just above the heels. {curl}, hips "
                "pressed into the bench.",
            ),
            (
                "Sliding leg curl",
                "On your back, heels on sliders or towels on a smooth floor, hips lifted in a bridge. Slide the "
                "heels out slowly until the legs are almost straight, then pull them back in. Harder: one leg.",
            ),
            (
                "Nordic hamstring curl",
                "Kneel with a partner holding your ankles (or feet anchored under something solid). Keep a "
                "straight line from knees to head and lower yourself forward as slowly as you can, catch "
                "yourself with your hands, push back up. Build up over weeks: 2 × 5 in week 1 up to 3 sets of "
                "12/10/8 by week 5, then 1–2 sets a week keep the gain.",
            ),
            (
                "Isometric holds (glute bridge, heel digs, leg curl hold)",
                "Hold a position without moving, 30–45 s, 4–5 times: a bridge with hips up; lying with knees "
                "bent digging the heels into the floor; or a leg-curl position held still. They calm a sore "
                "tendon; pain up to 3/10 that eases afterwards is acceptable.",
            ),
            (
                "Heavy slow resistance",
                "For a sore tendon after the isometric weeks: 3–4 sets of 6–8, 3 s down and 3 s up, heavy but "
                "pain-controlled.",
            ),
        ],
    )


def _stretches() -> ReferenceSection:
    hold = "Hold 20–30 s, 2 or more times each side, gentle tension, no bouncing."
    return ReferenceSection(
        "Stretches (hold 20–30 s)",
        [
            ("Standing hamstring stretch", f"Heel on a low step, leg straight, hinge from the hips with a flat back. {hold}"),
            ("Seated hamstring stretch", f"Sit with one leg straight, the other bent; reach toward the foot without rounding. {hold}"),
            ("Supine strap hamstring stretch", f"On your back, strap round one foot, raise the straight leg until you feel the stretch. {hold}"),
            ("Figure-4 glute stretch", f"On your back, ankle over the opposite knee, pull the lower thigh toward you. {hold}"),
            ("Calf stretch", f"Hands on a wall, one leg back with the heel down and the knee straight. {hold}"),
            ("Hip flexor stretch", f"Half-kneeling, tuck the pelvis under and stay upright until the front of the hip opens. {hold}"),
            (
                "With a sore hamstring tendon",
                "Skip the deep forward-fold stretches of the back of the thigh: they press the tendon against the "
                "sit bone. Use the calf, hip flexor and glute bridge hold instead.",
            ),
        ],
    )


def _yoga() -> ReferenceSection:
    return ReferenceSection(
        "Yoga poses",
        [
            ("Cat-cow", "On all fours, round the back as you breathe out, arch it as you breathe in."),
            ("Downward dog with pedalling", "Hips high, hands and feet down; bend one knee then the other, pressing the opposite heel toward the floor."),
            ("Low lunge", "One foot forward, back knee down; slide the hips forward, chest tall."),
            ("Half splits (ardha hanumanasana), dynamic", "From low lunge shift the hips back, straightening the front leg, then forward again, with the breath."),
            ("Bridge", "On your back, knees bent; roll the hips up, hold two breaths, roll down."),
            ("Child's pose", "Knees wide, sit back on the heels, arms long, breathe into the back."),
            ("Supine figure-4", "On your back, ankle over the opposite knee, draw the thigh toward you."),
            ("Thread the needle", "From all fours, slide one arm under the body, then open it to the ceiling."),
            ("Lizard pose", "From low lunge, both hands inside the front foot; back knee down if you like."),
            ("Sphinx", "On your forearms, long spine, glutes relaxed."),
        ],
    )


def _form() -> ReferenceSection:
    return ReferenceSection(
        "Form cues",
        [
            ("Foot placement", f"{FOOT_CUE}. Overstriding puts extra strain on the hamstrings."),
            ("Posture", f"{POSTURE_CUE}. Bending at the waist loads the hamstrings more."),
            ("Cadence", f"{cadence_cue(None)}. Shorter, quicker steps are easier on the hamstrings."),
        ],
    )


#: The first warning sign (``_warning_signs``): what a runner with a hamstring history must not
#: run through.
SUDDEN_PAIN = "Sudden sharp pain at the back of the thigh"


#: Where a sore tendon's plan runs faster (``hamstring_history_note``): in sessions before race
#: week, in race week's short tune-up alone, or nowhere before race day.
FasterRunning = Literal["sessions", "race_week", "none"]


def hamstring_history_note(
    history: str, *, nordic: bool = True, easy_weeks: int = 0, tempo_weeks: int = 0, plan_weeks: int | None = None,
    marathon_pace: bool = False, nordic_switched_off: bool = False, faster_running: FasterRunning = "sessions",
    first_session_week: int | None = None,
) -> str | None:
    """What the plan does for the runner's hamstring history, and the one rule the runner keeps
    (a plan note), or None without one. ``nordic``: the plan's strength sessions include Nordic
    curls (``nordic_curls``, which a request may switch off); ``plan_weeks``: the plan's weeks (a
    6-week plan read "no session before week 7"). ``easy_weeks`` and ``tempo_weeks``:
    after a recent strain, the weeks without a faster session and the last week of threshold
    work only (0: not said, as in a re-plan, whose weeks count from the plan it continues, or a
    plan without faster sessions). ``marathon_pace``: a sore tendon's faster sessions include
    marathon pace (a long race's, slower than threshold). ``nordic_switched_off``: the request
    switched Nordic curls off, which the note says with what they protect (a runner after a
    strain who had switched them off read nothing of what the plan left out).
    ``faster_running``: where a sore tendon's plan runs faster: in ``"sessions"`` before race
    week, only in race week's short tune-up (``"race_week"``), or nowhere (``"none"``; a 7-week
    5K plan that held none read that "they start after the isometric weeks");
    ``first_session_week``: the week the sessions start in, as the pages number it (the
    small-weeks note had named it, and called the weeks the tendon held "still small").

    A sore tendon: the pain-monitoring model of tendon rehabilitation (Silbernagel et al. 2007;
    Goom et al. 2016 for the hamstring): load is fine while pain stays at 3 of 10 or less and has
    settled by the next morning. A strain: Nordic curls (van Dyk et al. 2019: about half as many
    strains; Petersen et al. 2011: repeat strains RR 0.14), and the first of the warning signs."""
    stop = f"Stop at once at a {SUDDEN_PAIN.lower()}."
    if history == "tendinopathy":
        faster = "threshold and marathon-pace runs" if marathon_pace else "threshold runs"
        when = (
            f"so the faster sessions are {faster} (no intervals, strides or hill sprints), and they start "
            + ("" if first_session_week is None else f"in week {first_session_week}, ")
            + "after the isometric weeks and two weeks of heavy slow lifts (the tendon takes load before speed)"
            if faster_running == "sessions" else
            f"so faster sessions, {faster} only (no intervals, strides or hill sprints), come after the isometric "
            "weeks and two weeks of heavy slow lifts (the tendon takes load before speed), and this plan holds none "
            + ("before race week's short tune-up" if faster_running == "race_week" else "before race day: its running stays easy")
        )
        return (
            "Your sore hamstring tendon: runs and lifts may hurt up to 3 on a 0–10 scale as long as it has settled "
            "by the next morning. If it is worse the next morning, keep the next runs easy and shorter, and the next "
            "strength session to its held positions (the isometric holds), until it settles. Fast running loads the "
            f"tendon most, {when}; the legs "
            "swing side to side only, the knees stay low in the drills, and deep forward-fold stretches are left "
            "out: each presses the tendon against the sit bone."
        )
    if history in ("past_strain", "recent_strain"):
        parts = ["Your hamstring strain:"]
        if nordic:
            parts.append(
                "every strength session includes Nordic curls, the best-proven protection (about half as many "
                "strains, and far fewer repeat ones, in the studies)."
            )
        elif nordic_switched_off:
            parts.append(
                "Nordic curls are off, as you asked. They are the best-proven protection (about half as many "
                "strains, and far fewer repeat ones, in the studies): the leg curls' slow lowering trains the same "
                "lengthening, less of it; add the Nordics back when you can (rules.nordic_curls)."
            )
        parts.append(f"Warm up fully before any faster running. {stop}")
        if history == "recent_strain" and easy_weeks and tempo_weeks:
            parts.append(
                f"The first {easy_weeks} weeks hold strides at most, and "
                # strides (20 s, relaxed) run faster than threshold: the text says so (a coach read
                # "no session ... faster than threshold" beside strides at mile-race effort)
                + (f"no session before week {tempo_weeks + 1} runs faster than threshold pace (strides aside)."
                   if plan_weeks is None or tempo_weeks < plan_weeks else "no session runs faster than threshold pace (strides aside).")
            )
        return " ".join(parts)
    return None


def _warning_signs() -> ReferenceSection:
    return ReferenceSection(
        "Warning signs: stop and get it checked",
        [
            (SUDDEN_PAIN, "Stop running at once; a strain or tear is likely."),
            ("A pop or a tearing feeling", "Stop and see a doctor or physiotherapist; a tear may need imaging."),
            ("Bruising, swelling or a gap in the muscle", "Signs of a tear: get it examined before running again."),
            ("Pain near the sit bone, worse when sitting", "Typical of hamstring tendinopathy: see a physiotherapist."),
            ("Pain that makes you limp or change your stride", "Do not run through it: rest and get it assessed."),
            ("Pain that is worse the next morning after training", "The load was too much: cut back and get advice if it persists."),
        ],
    )


#: The exercises a reference item describes besides its own name (before any bracket): a plan
#: exercise's name, before any bracket or comma, equal to one of these or (ending in a space)
#: starting with it.
_ALSO_DESCRIBES: dict[str, tuple[str, ...]] = {
    "Deadlift / Romanian deadlift (RDL)": ("deadlift", "romanian deadlift"),  # its own name is two
    "Sliding leg curl": ("towel sliding leg curl",),
    "Isometric holds (glute bridge, heel digs, leg curl hold)": ("isometric ", "glute bridge hold"),
    "Heavy slow resistance": ("heavy slow ",),
    "Leg swings": ("standing leg swings", "front-to-back leg swings", "side-to-side leg swings"),
    "Bridge": ("glute bridge",),
}


def describes(item_name: str, exercise_name: str) -> bool:
    """Whether the reference item ``item_name`` says how to do the exercise ``exercise_name``."""
    base = exercise_name.lower().split(" (")[0].split(",")[0].strip()
    names = (item_name.lower().split(" (")[0], *_ALSO_DESCRIBES.get(item_name, ()))
    return any(base == name or (name.endswith(" ") and base.startswith(name)) for name in names)


def reference_sections(*, tendon: bool = False) -> list[ReferenceSection]:
    """Every section of the printable reference page, in reading order (``tendon``: a sore
    hamstring tendon's plan, whose warm-up swings the legs side to side only and whose hinges and
    curls go slow and only as deep as stays pain-free)."""
    return [_warmup(tendon), _strength(tendon), _stretches(), _yoga(), _form(), _warning_signs()]
