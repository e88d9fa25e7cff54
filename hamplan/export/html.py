"""The plan as one printable HTML page set: a cover, one page per week, and a reference.

:func:`context` is the one source of the printed content: the HTML templates
(``hamplan/templates/*.html.j2``, autoescaping on) and the PDF's Typst templates
(:mod:`hamplan.export.pdf`) only lay out what the view objects below hold, so every number,
unit and the amount of detail a week page shows are decided here, once.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import markupsafe

from hamplan.export.chart import PHASE_STYLES, build_chart
from hamplan.export.display import (
    KIND_LABELS,
    NOT_PROVEN_BEST,
    Units,
    dose,
    number,
    session_facts,
    session_sections,
    session_title,
    units_of,
    week_dates,
    week_heading,
    week_tag,
    weeks_before,
)
from hamplan.errors import strip_control
from hamplan.export.files import atomic_write
from hamplan.models import Exercise, parse_duration_s
from hamplan.content.common import fmt_day_month, fmt_weeks
from hamplan.content.runs import RUN_PURPOSE_LINES, workout_paces
from hamplan.content.workouts import THEN_THE_DRILLS, WARMUP_ABOVE, zone_uses
from hamplan.paces import format_clock, format_pace

if TYPE_CHECKING:
    from hamplan.models import Plan, Session, Week

TEMPLATE = "plan.html.j2"

HISTORY_LABELS = {
    "none": "no hamstring injury",
    "past_strain": "past hamstring strain",
    "recent_strain": "recent hamstring strain",
    "tendinopathy": "hamstring tendinopathy",
}
EQUIPMENT_LABELS = {"gym": "gym", "home": "home (no machines)", "none": "no equipment"}
PAPER = {"a4": "A4", "letter": "letter"}
#: Countries whose paper is US Letter (ISO 3166 codes as in the time zone database's zone.tab).
LETTER_COUNTRIES = frozenset({"US", "CA"})
_LETTER_ZONE_PREFIXES = ("US/", "Canada/")


@lru_cache(maxsize=1)
def _letter_zones() -> frozenset[str]:
    """Time zones of the US and Canada, from the tz database's own country table (``tzdata``)."""
    from importlib.resources import files

    try:
        table = files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - tzdata is a dependency
        return frozenset()
    zones = set()
    for row in table.splitlines():
        cols = row.split("\t")
        if len(cols) >= 3 and not row.startswith("#") and cols[0] in LETTER_COUNTRIES:
            zones.add(cols[2])
    return frozenset(zones)


def paper_of(request: Any) -> str:
    """``"a4"`` or ``"letter"``: ``output.paper`` when the request names it, otherwise Letter for
    a runner in miles or in a US / Canadian time zone, and A4 for everyone else."""
    if request.output.paper is not None:
        return str(request.output.paper)
    zone = request.time_zone
    if request.units == "mi" or zone in _letter_zones() or zone.startswith(_LETTER_ZONE_PREFIXES):
        return "letter"
    return "a4"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The template environment: hamplan's package templates, autoescaping every template."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("hamplan", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        finalize=_printable,
    )
    return env


def _printable(value: Any) -> Any:
    """Every value a template prints, control characters removed (a plan read from a hand-made
    file may hold them; HTML escaping alone would pass them through)."""
    if isinstance(value, str) and not value.isprintable():
        cleaned = strip_control(value)
        return markupsafe.Markup(cleaned) if isinstance(value, markupsafe.Markup) else cleaned
    return value


# ---------------------------------------------------------------------------------------------
# View objects: what the templates show
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line of a session: a section's text steps run together, or one exercise.

    ``label`` is the section title on the line that opens a section ("Warm-up (5 min)").
    """

    label: str = ""
    text: str = ""
    name: str = ""
    dose: str = ""
    notes: str = ""

    @property
    def is_exercise(self) -> bool:
        return bool(self.name)


@dataclass(frozen=True, slots=True)
class SessionView:
    kind: str
    kind_label: str
    title: str
    time: str
    facts: str
    lines: list[Line]
    cancelled: bool
    uid: str
    span: int = 6


@dataclass(slots=True)
class DayView:
    day: date
    weekday: str
    label: str
    sessions: list[SessionView] = field(default_factory=list)
    blackout: bool = False
    race: bool = False

    @property
    def rest(self) -> bool:
        return not any(not s.cancelled for s in self.sessions)


@dataclass(slots=True)
class WeekView:
    index: int
    heading: str
    dates: str
    phase: str
    cutback: bool
    #: "race week from Tuesday", "light for your break" or None (``display.week_tag``; a step-back
    #: week's heading names it)
    tag: str | None
    days: list[DayView]
    totals: list[tuple[str, str]]
    cues: list[str]
    font_pt: float = 9.0
    detail: int = 0
    moved: list[tuple[str, str]] = field(default_factory=list)


def _long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _short(text: str) -> str:
    """``'Leg swings'`` for ``'Leg swings: 10 front-to-back …'`` (a step already spelt out this week)."""
    head, sep, _ = text.partition(": ")
    return head if sep and len(head) <= 40 else text


QUALIFIER_MAX = 30


def _qualifier(notes: str) -> str:
    """The short first clause of an exercise's notes ("each leg", "machine"), or nothing.

    Week pages print the dose and this; the how-to is on the reference pages (and in full in
    the calendar event), which keeps a week on one page.
    """
    head = notes.split(";", 1)[0].split(". ", 1)[0].strip()
    return head if len(head) <= QUALIFIER_MAX else ""


def _own_guidance(notes: str, shared: str) -> str:
    """What an exercise's notes say of this session beyond its how-to (which the reference pages
    give): the sentences after the first, such as its load and effort ("Heavier again, 6 crisp
    reps with 2 in reserve (RPE 8)") or a sore tendon's tempo and depth ("3 s down, 3 s up ...
    hinge no deeper than pain allows"), less the closing sentence the session's exercises share
    (printed once, as its effort). Week pages printed only that shared sentence: where the hinge
    and the curl each had their own, a week page gave the doses without the loads."""
    if ". " not in notes:
        return ""
    own = notes.split(". ", 1)[1].strip()
    if shared and own.endswith(shared):
        own = own[: -len(shared)].rstrip(" .")
    return own


def _shared_guidance(session: Session) -> str:
    """A closing sentence that two or more of the session's exercises share (the effort
    guidance of a strength session), printed once instead of under each exercise."""
    tails: dict[str, int] = {}
    for exercise in session.exercises:
        if ". " in exercise.notes:
            tail = exercise.notes.rsplit(". ", 1)[1].strip()
            tails[tail] = tails.get(tail, 0) + 1
    shared = [tail for tail, count in tails.items() if count >= 2]
    return shared[0] if shared else ""


#: How much a week page spells out; a week too full for one page at the smallest body size is
#: set with less, and what it leaves out is on the reference pages. FULL: everything. BRIEF:
#: warm-up and cool-down steps by name. ESSENTIAL: no warm-up or cool-down text (the reference
#: describes both). MINIMAL: the session's general advice (and what a run is for) also moves to
#: the reference. TERSE:
#: MINIMAL, and a strength or mobility session the week has printed before (the same title,
#: exercises and doses) says "as on Monday" instead of listing them again (a race week's three
#: identical mobility sessions beside the race day's splits and fuelling overflowed a Letter
#: page at MINIMAL). BARE: TERSE, and race day's own warm-up and cool-down (a jog, strides to race
#: pace, a walk), printed on every page before, left to the calendar too.
FULL, BRIEF, ESSENTIAL, MINIMAL, TERSE, BARE = 0, 1, 2, 3, 4, 5
DETAIL_LEVELS = (FULL, BRIEF, ESSENTIAL, MINIMAL, TERSE, BARE)
#: Sections a brief week page names only and an essential one leaves out (the reference pages
#: describe the warm-up and every stretch).
_ROUTINE_SECTIONS = ("Warm-up", "Cool-down")


def _session_view(
    session: Session, units: Units, seen: set[object], detail: int, moved: list[tuple[str, str]]
) -> SessionView:
    """A session as printed lines: each section's text steps run together, each exercise on its
    own line with its dose. Within a week a step spelt out before shows its name only.

    ``detail`` (see :data:`DETAIL_LEVELS`) above FULL names every warm-up and cool-down step
    without its how-to; from ESSENTIAL on, warm-up and cool-down text is left out (their
    exercises stay); MINIMAL moves the session's general advice (rest between sets, effort) to
    ``moved``. The main set and every exercise are always printed."""
    lines: list[Line] = []
    kind_label = KIND_LABELS.get(session.kind, session.kind)
    guidance = _shared_guidance(session)
    guidance_due = False

    def advice(label: str, text: str) -> None:
        if detail < MINIMAL:
            lines.append(Line(label=label, text=text))
        elif (kind_label, text) not in moved:
            moved.append((kind_label, text))

    for section in session_sections(session, units):
        label: str = section.title  # printed before the section's first line, then cleared
        # race day's warm-up (a jog, strides to race pace) and cool-down are its own, not the
        # routine the reference describes: printed on every page but the fullest (BARE)
        routine = section.title.startswith(_ROUTINE_SECTIONS) and (session.kind != "race" or detail >= BARE)
        texts: list[str] = []
        for step in section.steps:
            if isinstance(step, Exercise):
                if label or texts:
                    lines.append(Line(label=label, text=" · ".join(texts)))
                    label, texts = "", []
                guidance_due = guidance_due or bool(guidance and step.notes.endswith(guidance))
                notes = " · ".join(part for part in (_qualifier(step.notes), _own_guidance(step.notes, guidance)) if part)
                lines.append(Line(name=step.name, dose=dose(step), notes=units.text(notes)))
            elif routine and detail >= ESSENTIAL:
                continue
            else:
                text = str(step)
                if session.kind == "run" and text in RUN_PURPOSE_LINES and detail >= MINIMAL:
                    advice("", text)  # what the run is for: the reference says it once
                    continue
                if detail >= ESSENTIAL and text.startswith(WARMUP_ABOVE):
                    # the warm-up section is not on this page: the reference describes its drills
                    text = "Warm-up: " + text[len(WARMUP_ABOVE):].replace(THEN_THE_DRILLS, THEN_THE_DRILLS + " (see the reference)")
                if not label and not routine and lines and lines[-1].is_exercise:
                    advice("", text)  # a note after the exercises, e.g. rest between sets
                    continue
                texts.append(_short(text) if text in seen or (routine and detail != FULL) else text)
                seen.add(text)
        if texts:
            lines.append(Line(label=label, text=" · ".join(texts)))
        if guidance_due:
            advice("Effort", units.text(guidance))
            guidance, guidance_due = "", False
    return SessionView(
        kind=session.kind,
        kind_label=kind_label,
        title=session_title(session, units),
        time=session.start.strftime("%H:%M"),
        facts=session_facts(session, units),
        lines=[line for line in lines if line.is_exercise or line.text or line.label == "Main set"],
        cancelled=session.status == "cancelled",
        uid=session.uid,
    )


def _spans(count: int) -> list[int]:
    """Share the six session columns of a day row among ``count`` sessions."""
    if count <= 0:
        return []
    if count >= 6:
        return [1] * count
    base, extra = divmod(6, count)
    return [base + (1 if i < extra else 0) for i in range(count)]


def _blackout_days(plan: Plan) -> set[date]:
    out: set[date] = set()
    for rng in plan.request.schedule.blackout:
        day = rng.from_
        while day <= rng.to:
            out.add(day)
            day = date.fromordinal(day.toordinal() + 1)
    return out


def _week_view(
    plan: Plan, week: Week, by_day: dict[date, list[Session]], blackout: set[date], units: Units, detail: int = FULL
) -> WeekView:
    seen: set[object] = set()
    moved: list[tuple[str, str]] = []
    cues: list[str] = []
    days = []
    counts = {"run": 0, "strength": 0, "mobility": 0}
    printed: dict[tuple[object, ...], date] = {}  # TERSE: a routine's first day this week
    for day in week_dates(week):
        view = DayView(day=day, weekday=f"{day:%a}", label=fmt_day_month(day), blackout=day in blackout)
        for session in by_day.get(day, []):
            session_view = _session_view(session, units, seen, detail, moved)
            if detail >= TERSE and session.exercises and session.status != "cancelled":
                key = (session.kind, session.title, tuple(e.model_dump_json() for e in session.exercises))
                if key in printed:
                    session_view = replace(session_view, lines=[Line(label="Main set", text=f"as on {printed[key]:%A}")])
                else:
                    printed[key] = day
            view.sessions.append(session_view)
            if session.status != "cancelled" and session.kind != "race":
                # the race aside, as the week's running km leave it out
                counts[session.kind] = counts.get(session.kind, 0) + 1
            view.race = view.race or session.kind == "race"
            for cue in session.cues:
                cue = units.text(cue)
                if cue not in cues:
                    cues.append(cue)
        view.sessions = [replace(v, span=n) for v, n in zip(view.sessions, _spans(len(view.sessions)), strict=True)]
        days.append(view)
    totals = [
        ("Running", units.distance(week.run_km)),
        ("Long run", units.distance(week.long_run_km) if week.long_run_km else "—"),
        ("Runs", str(counts["run"])),
        ("Strength", str(counts["strength"])),
        ("Mobility", str(counts["mobility"])),
        ("RPE load", str(week.load)),
        ("ACWR", number(week.acwr, 2) if week.acwr is not None else "—"),
        ("Monotony", number(week.monotony, 2) if week.monotony is not None else "—"),
    ]
    first, last = days[0].day, days[-1].day
    return WeekView(
        index=week.index,
        heading=week_heading(plan, week),
        dates=f"{first:%a} {fmt_day_month(first)} – {last:%a} {fmt_day_month(last)} {last:%Y}",
        phase=week.phase,
        cutback=week.cutback,
        tag=week_tag(plan, week),
        days=days,
        totals=totals,
        cues=cues,
        detail=detail,
        moved=moved,
    )


# ---------------------------------------------------------------------------------------------
# Fitting a week on one page
# ---------------------------------------------------------------------------------------------

#: Paper sizes and the page margins of the templates (top, right, bottom, left), in mm.
PAPER_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
MARGINS_MM = (13.0, 11.0, 14.0, 11.0)
#: Body text of a week page: the largest size tried, and the smallest it is ever set in.
WEEK_FONT_PT = 9.0
WEEK_FONT_MIN_PT = 8.5
_FONT_STEP_PT = 0.1
_PT_MM = 25.4 / 72
_LINE_EM = 1.16  # line pitch of the week pages' text, in em (calibrated on Typst's layout)
_DAY_COL_MM = 14.0
_CELL_PAD_MM = 2.7
_ROW_PAD_MM = 1.6  # a day row's padding and rules
_HEAD_MM = 9.0  # the week's heading and its rule
_TOTALS_MM = 9.5  # the totals strip
# Advance widths (1/1000 em) of DejaVu Sans Condensed, regular and bold, for " " to "~"; other
# characters count as _OTHER_WIDTH. Read from the font files the week pages are set in.
_REGULAR_WIDTHS = (
    286, 360, 414, 754, 572, 855, 702, 247, 351, 351, 450, 754, 286, 325, 286, 303, 572, 572, 572, 572,
    572, 572, 572, 572, 572, 572, 303, 303, 754, 754, 754, 478, 900, 615, 617, 628, 693, 568, 518, 697,
    677, 265, 265, 590, 501, 776, 673, 708, 542, 708, 625, 571, 549, 659, 615, 890, 616, 549, 616, 351,
    303, 351, 754, 450, 450, 551, 571, 495, 571, 554, 316, 571, 570, 250, 250, 521, 250, 876, 570, 550,
    571, 571, 370, 469, 353, 570, 532, 736, 532, 532, 472, 572, 303, 572, 754,
)
_BOLD_WIDTHS = (
    313, 410, 469, 754, 626, 901, 785, 275, 411, 411, 470, 754, 342, 374, 342, 329, 626, 626, 626, 626,
    626, 626, 626, 626, 626, 626, 360, 360, 754, 754, 754, 522, 900, 696, 686, 660, 747, 615, 615, 738,
    753, 334, 334, 697, 573, 896, 753, 765, 659, 765, 693, 648, 614, 730, 696, 993, 694, 651, 652, 411,
    329, 411, 754, 450, 450, 607, 644, 533, 644, 610, 391, 644, 641, 308, 308, 598, 308, 938, 641, 618,
    644, 644, 444, 536, 430, 641, 586, 831, 580, 586, 523, 641, 329, 641, 754,
)
_OTHER_WIDTH = 800  # "—", "×", "☐" and the like are wide
_UNBREAKABLE = re.compile(r" (?=/(?:km|mi)\b)")  # a pace keeps its unit (the PDF boxes it)


@lru_cache(maxsize=4096)
def _word_widths_em(text: str, bold: bool) -> tuple[float, ...]:
    """The advance (em) of each word of ``text``, memoised: a plan's pages repeat their lines
    many times over, and each week is estimated at several sizes."""
    table = _BOLD_WIDTHS if bold else _REGULAR_WIDTHS
    return tuple(
        sum(table[ord(c) - 32] if 32 <= ord(c) < 127 else _OTHER_WIDTH for c in word) / 1000
        for word in _UNBREAKABLE.sub("\xa0", text).split(" ")
        if word
    )


def _wrapped_lines(parts: list[tuple[str, bool]], width_em: float) -> int:
    """Lines that ``parts`` (text, bold) take when broken greedily at spaces into lines of
    ``width_em``: the layout the PDF's typesetter does, in the fonts' own widths."""
    space = _REGULAR_WIDTHS[0] / 1000
    lines, used = 1, 0.0
    for text, bold in parts:
        for width in _word_widths_em(text, bold):
            if used and used + space + width > width_em:
                lines, used = lines + 1, width
            else:
                used += (space if used else 0.0) + width
    return lines


def _line_parts(line: Line) -> list[tuple[str, bool]]:
    if line.is_exercise:
        rest = " ".join(x for x in (line.dose, f"— {line.notes}" if line.notes else "") if x)
        return [("☐", False), (line.name, True), (rest, False)]
    return [(f"{line.label}:" if line.label else "", True), (line.text, False)]


def estimate_week_mm(week: WeekView, font_pt: float, width_mm: float) -> float:
    """Estimated height of a week page's content at ``font_pt``: rows of day cells (each as
    tall as its longest session, its lines broken as the typesetter breaks them), the heading,
    totals and cues. Deliberately a little pessimistic, so the page laid out from it never
    needs a second pass."""
    em = font_pt * _PT_MM
    line = em * _LINE_EM
    grid = width_mm - _DAY_COL_MM
    height = 0.0
    for day in week.days:
        tallest = line * (2 + (1 if day.blackout else 0) + (1 if day.race else 0))
        if not day.rest:
            for s in day.sessions:
                cell_em = (grid * s.span / 6 - _CELL_PAD_MM) / em
                n = _wrapped_lines([(f"{s.time} · {s.title}", True)], cell_em / 1.1)
                n += _wrapped_lines([(s.facts, False)], cell_em)
                n += sum(_wrapped_lines(_line_parts(ln), cell_em) for ln in s.lines)
                tallest = max(tallest, n * line)
        height += tallest + _ROW_PAD_MM
    cues = _wrapped_lines([("Form cues for every run:", True), (" · ".join(week.cues), False)], width_mm / em)
    height += _HEAD_MM + _TOTALS_MM + cues * line + 1.5
    return height


def _week_box_mm(paper: str) -> tuple[float, float]:
    """Width and height (mm) a week page's content may fill (the estimate itself errs high:
    Typst's layout came out 88–98 % of it on 1,984 week pages: 248 weeks of seven varied plans,
    each at every detail level, at 9 and 8.5 pt)."""
    paper_w, paper_h = PAPER_MM[paper]
    top, right, bottom, left = MARGINS_MM
    return paper_w - left - right, paper_h - top - bottom


def fit_week(week: WeekView, paper: str) -> float | None:
    """The largest font size (pt, in 0.1 steps from 9.0 down to 8.5) at which the week fits one
    page, or ``None`` if it does not fit even at 8.5 pt."""
    width, height = _week_box_mm(paper)
    if estimate_week_mm(week, WEEK_FONT_MIN_PT, width) > height:
        return None  # decided in one estimate: most weeks that need less detail stop here
    font = WEEK_FONT_PT
    while font > WEEK_FONT_MIN_PT and estimate_week_mm(week, font, width) > height:
        font = round(font - _FONT_STEP_PT, 1)
    return font


def fitted_week(
    plan: Plan, week: Week, by_day: dict[date, list[Session]], blackout: set[date], units: Units, paper: str
) -> WeekView:
    """The week with the most detail (see :data:`DETAIL_LEVELS`) that fits one page at a body size
    of at least 8.5 pt, sized before any layout: the page is set once."""
    for detail in DETAIL_LEVELS:
        view = _week_view(plan, week, by_day, blackout, units, detail)
        font = fit_week(view, paper)
        if font is not None:
            view.font_pt = font
            return view
    # the least detail: a week that still overflows runs onto a second page, and the footers
    # count the pages as laid out
    view.font_pt = WEEK_FONT_MIN_PT
    return view


# ---------------------------------------------------------------------------------------------
# The reference pages
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RefBlock:
    """A run of one reference section's items inside one column (``continued`` after a split)."""

    title: str
    items: list[tuple[str, str]]
    continued: bool = False


def extra_reference(plan: Plan, sections: list[Any]) -> list[tuple[str, str]]:
    """How-to items for the plan's exercises that the reference sections do not describe."""
    from hamplan.content.reference import describes

    names = [name for section in sections for name, _ in section.items]
    extra: dict[str, str] = {}
    for session in plan.sessions:
        for exercise in session.exercises:
            if exercise.name not in extra and exercise.notes and not any(describes(name, exercise.name) for name in names):
                extra[exercise.name] = exercise.notes[0].upper() + exercise.notes[1:] + "."
    return sorted(extra.items())


def _item_weight(item: tuple[str, str]) -> int:
    return len(item[0]) + len(item[1]) + 60  # a name line and the gap cost about 60 characters


def two_columns(sections: list[Any]) -> tuple[list[RefBlock], list[RefBlock]]:
    """Share sections between two columns of about equal length, splitting a section between
    its items if that balances better (the right-hand part is marked as continued)."""
    flat = [(section.title, item) for section in sections for item in section.items]
    heads = len(sections) * 90
    total = sum(_item_weight(item) for _, item in flat) + heads
    left: list[RefBlock] = []
    right: list[RefBlock] = []
    running = 0
    seen_titles: set[str] = set()
    for title, item in flat:
        first = title not in seen_titles
        seen_titles.add(title)
        running += _item_weight(item) + (90 if first else 0)
        column = left if running <= total / 2 + 40 or not left else right
        if column and column[-1].title == title:
            column[-1].items.append(item)
        else:
            continued = column is right and any(block.title == title for block in left)
            column.append(RefBlock(title, [item], continued))
    return left, right


def moved_advice(weeks: list[WeekView]) -> list[tuple[str, str]]:
    """The advice that the fullest week pages left out: one item per kind of session, each piece
    of advice once, in the order the weeks gave it."""
    by_kind: dict[str, dict[str, None]] = {}
    for week in weeks:
        for kind, text in week.moved:
            by_kind.setdefault(kind, {})[text] = None
    return [(f"{kind} sessions", " ".join(f"{text}." for text in texts)) for kind, texts in sorted(by_kind.items())]


#: Reference sections of exercises: each keeps the items the plan prescribes (a runner at home
#: read how to use a leg-curl machine; a sore tendon read the Nordic curl's progression and three
#: deep hamstring stretches it never does).
_EXERCISE_SECTIONS = ("Strength exercises", "Stretches", "Yoga poses")


def _in_plan(plan: Plan, sections: list[Any]) -> list[Any]:
    """``sections`` with the exercise sections cut to the items some exercise of the plan names
    (an empty section left out); the warm-up, form cues and warning signs stay whole."""
    from hamplan.content.reference import ReferenceSection, describes

    names = {exercise.name for session in plan.sessions for exercise in session.exercises}
    tendon = plan.request.runner.hamstring_history == "tendinopathy"
    out = []
    for section in sections:
        if not section.title.startswith(_EXERCISE_SECTIONS):
            out.append(section)
            continue
        items = [
            (name, how) for name, how in section.items
            if any(describes(name, n) for n in names) or (tendon and name.startswith("With a sore hamstring tendon"))
        ]
        if items:
            out.append(ReferenceSection(section.title, items))
    return out


def reference_pages(plan: Plan, weeks: list[WeekView] | None = None) -> list[dict[str, Any]]:
    """The two reference pages: each a title and two balanced columns of sections."""
    from hamplan.content.reference import ReferenceSection, reference_sections

    sections = _in_plan(plan, list(reference_sections(tendon=plan.request.runner.hamstring_history == "tendinopathy")))
    extra = extra_reference(plan, sections)
    if extra:
        sections.append(ReferenceSection("Also in this plan", extra))
    advice = moved_advice(weeks or [])
    if advice:
        sections.append(ReferenceSection("Session advice (for the fullest weeks)", advice))
    split = (len(sections) + 1) // 2
    total = sum(_item_weight(i) for s in sections for i in s.items)
    # Move the split so both pages carry about the same amount.
    best, best_gap = split, total
    for k in range(1, len(sections)):
        first = sum(_item_weight(i) for s in sections[:k] for i in s.items)
        gap = abs(total - 2 * first)
        if gap < best_gap:
            best, best_gap = k, gap
    pages = []
    for number_, part in enumerate((sections[:best], sections[best:]), start=1):
        left, right = two_columns(part)
        title = "Reference" if number_ == 1 else "Reference (continued)"
        pages.append({"index": number_, "title": title, "left": left, "right": right})
    return pages


def _profile(plan: Plan, units: Units) -> list[tuple[str, str]]:
    runner = plan.request.runner
    rows = []
    if runner.name:
        rows.append(("Runner", runner.name))
    rows.append(("Age", str(runner.age)))
    recent = f"{units.distance(runner.weekly_km)} a week; longest run {units.distance(runner.long_run_km)}"
    rows.append(("Recent running", recent))
    if runner.recent_race is not None:
        race = runner.recent_race
        named = {"5k": "5K", "10k": "10K", "half": "Half marathon", "marathon": "Marathon"}
        what = named[race.distance] if isinstance(race.distance, str) else units.distance(race.km, 2)
        rows.append(("Recent race", f"{what} in {race.time}"))
    rows.append(("Hamstring history", HISTORY_LABELS.get(runner.hamstring_history, runner.hamstring_history)))
    rows.append(("Equipment", EQUIPMENT_LABELS.get(runner.equipment, runner.equipment)))
    if runner.cadence_spm:
        rows.append(("Cadence", f"{runner.cadence_spm} steps/min"))
    return rows


def _race(plan: Plan, units: Units) -> list[tuple[str, str]]:
    request = plan.request
    race = request.race
    rows = [
        ("Race", f"{race.label} ({units.distance(race.km, 2)})"),
        ("Date", f"{_long_date(race.date)}, {race.start_time:%H:%M}"),
    ]
    if race.goal_time:
        rows.append(("Goal time", format_clock(parse_duration_s(race.goal_time))))
    if plan.paces.race_prediction:
        rows.append(("Predicted finish", format_clock(parse_duration_s(plan.paces.race_prediction))))
    # race day's own aim (a break shortly before the race slows it), as the race session gives
    # it; a plan written before race_day_time has its target
    target = plan.paces.race_day_time or plan.paces.target_time
    if target:
        seconds = parse_duration_s(target)
        rows.append(("Race-day target", f"{format_clock(seconds)} ({units.pace(seconds / 60 / race.km)}, even splits)"))
    rows.append(("Plan", f"{len(plan.weeks)} weeks from {_long_date(request.start)}"))
    if plan.replanned_on is not None:
        # a re-plan says so, and from which day its sessions are new (the days before were run)
        rows.append(("Re-planned", f"on {_long_date(plan.replanned_on)}, from what you ran before it"))
    rows.append(("Time zone", request.time_zone))
    return rows


def _paces(plan: Plan, units: Units) -> list[tuple[str, str, str]]:
    """One row per pace zone the plan's runs use (the cover promises nothing the plan lacks)."""
    rows = []
    uses = zone_uses([(s.type, s.workout) for s in plan.sessions if s.workout is not None and s.kind == "run"])
    for zone in ("easy", "marathon", "half_marathon", "threshold", "interval", "repetition"):
        if zone not in uses:
            continue
        if zone == "half_marathon":
            # one pace, not a zone (the race's goal pace or Daniels'), the one the plan's sessions
            # are built from: a 68-year-old's half-marathon-pace runs read 6:29 /km beside a cover
            # without it
            pace = workout_paces(plan.paces, plan.request.race.km).half_marathon
            rows.append(("Half-marathon", f"{format_pace(pace / units.factor)} /{units.unit}", uses[zone]))
            continue
        pz = getattr(plan.paces, zone)
        fast = format_pace(pz.fast_min_per_km / units.factor)
        slow = format_pace(pz.slow_min_per_km / units.factor)
        rows.append((zone.capitalize(), f"{fast}–{slow} /{units.unit}", uses[zone]))
    return rows


def context(plan: Plan) -> dict[str, Any]:
    """Everything the templates read, HTML's and PDF's alike."""
    request = plan.request
    units = units_of(plan)
    paper = paper_of(request)
    by_day: dict[date, list[Session]] = {}
    for session in plan.sessions:
        by_day.setdefault(session.date, []).append(session)
    blackout = _blackout_days(plan)
    weeks = [fitted_week(plan, week, by_day, blackout, units, paper) for week in plan.weeks]
    race = request.race
    title = f"{race.name or race.label} · {race.date.isoformat()}"
    pre_race = [w for w in plan.weeks if w.phase != "race"] or plan.weeks
    # the last of equal weeks, as the plan's note names it (the first named week 12 beside its week 13)
    peak = max(pre_race, key=lambda w: (w.run_km, w.index))
    longest = max(plan.weeks, key=lambda w: w.long_run_km)
    before = weeks_before(plan)
    return {
        "title": title,
        "race_title": race.name or race.label,
        "runner_name": request.runner.name or "",
        "paper": PAPER[paper],
        "paper_key": paper,
        "unit": units.unit,
        "race_rows": _race(plan, units),
        "profile_rows": _profile(plan, units),
        "pace_rows": _paces(plan, units),
        "vdot": number(plan.paces.vdot, 1),
        "pace_source": (
            "your recent race" if plan.paces.source == "recent_race"
            else "your goal time (no recent race given)" if plan.paces.source == "goal_time"
            else "your weekly running volume (no recent race given)"
        ),
        # numbered as the week pages number them (a re-plan counts on from the first plan's start)
        "highlights": [
            # every week at the peak, as the notes name them
            ("Peak week", f"{units.distance(peak.run_km)} in {fmt_weeks([before + w.index for w in pre_race if w.run_km + 0.05 >= peak.run_km])}"),
            ("Longest run", f"{units.distance(longest.long_run_km)} in week {before + longest.index}"),
            ("Step-back weeks", _step_back_weeks(plan, before)),
        ],
        "notes": [units.text(n) for n in plan.notes],
        "chart": build_chart(plan),
        "phase_styles": PHASE_STYLES,
        "weeks": weeks,
        "reference_pages": reference_pages(plan, weeks),
        # The time-limit line only where it matters: a plan not proven best that a coach would
        # still change (it carries advice); a safe plan without advice reads as it is.
        "optimal": plan.optimal or not plan.advice,
        "not_proven": NOT_PROVEN_BEST,
        "acwr_max": number(request.rules.acwr_max, 2),
    }


def render_context(ctx: dict[str, Any]) -> str:
    """The HTML document of a :func:`context`."""
    return environment().get_template(TEMPLATE).render(**ctx)


def render_html(plan: Plan) -> str:
    """The plan as a self-contained HTML document (styles and chart inline, no scripts)."""
    return render_context(context(plan))


def write_html(plan: Plan, path: str | os.PathLike[str]) -> Path:
    """Write :func:`render_html` to ``path`` (UTF-8) atomically."""
    return atomic_write(path, render_html(plan).encode("utf-8"))


__all__ = [
    "context",
    "environment",
    "estimate_week_mm",
    "fit_week",
    "fitted_week",
    "paper_of",
    "render_context",
    "render_html",
    "write_html",
]


def _step_back_weeks(plan: Plan, before: int) -> str:
    """The planned step-back weeks, as the notes name them; a week a break makes light is said
    apart (the cover said "Cutback weeks 3, 6, 8" beside notes naming 3 and 8, week 6 being
    the runner's trip)."""
    planned = [str(before + w.index) for w in plan.weeks if w.cutback and not w.blackout_days]
    broken = [str(before + w.index) for w in plan.weeks if w.cutback and w.blackout_days]
    text = ", ".join(planned) or "none"
    if broken:
        text += f" (week{'s' if len(broken) > 1 else ''} {', '.join(broken)} light for your break)"
    return text
