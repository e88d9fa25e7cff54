"""The plan as one printable HTML page set: a cover, one page per week, and a reference.

A single Jinja2 template set (``hamplan/templates``, autoescaping on) serves the HTML file and
the PDF (:mod:`hamplan.export.pdf` prints this same HTML). The template only lays out what the
view objects below hold, so every number and unit is decided here, once.
"""

from __future__ import annotations

import os
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
    PHASE_LABELS,
    Units,
    dose,
    number,
    session_facts,
    session_sections,
    session_title,
    units_of,
    week_dates,
    week_heading,
)
from hamplan.errors import strip_control
from hamplan.export.files import atomic_write
from hamplan.models import Exercise
from hamplan.paces import format_pace

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
ZONE_USES = {
    "easy": "easy, recovery and long runs",
    "marathon": "steady parts of long runs",
    "threshold": "tempo runs",
    "interval": "intervals",
    "repetition": "short fast strides",
}
PAPER = {"a4": "A4", "letter": "letter"}


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
    days: list[DayView]
    totals: list[tuple[str, str]]
    cues: list[str]
    font_pt: float = 7.1


def _day_label(day: date) -> str:
    return f"{day.day} {day:%b}"


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


def _session_view(session: Session, units: Units, seen: set[object]) -> SessionView:
    """A session as printed lines: each section's text steps run together, each exercise on its
    own line with its dose. Within a week a step spelt out before shows its name only."""
    lines: list[Line] = []
    guidance = _shared_guidance(session)
    guidance_due = False
    for section in session_sections(session, units):
        label: str = section.title  # printed before the section's first line, then cleared
        texts: list[str] = []
        for step in section.steps:
            if isinstance(step, Exercise):
                if label or texts:
                    lines.append(Line(label=label, text=" · ".join(texts)))
                    label, texts = "", []
                guidance_due = guidance_due or bool(guidance and step.notes.endswith(guidance))
                lines.append(Line(name=step.name, dose=dose(step), notes=units.text(_qualifier(step.notes))))
            else:
                text = str(step)
                texts.append(_short(text) if text in seen else text)
                seen.add(text)
        if texts:
            lines.append(Line(label=label, text=" · ".join(texts)))
        if guidance_due:
            lines.append(Line(label="Effort", text=units.text(guidance)))
            guidance, guidance_due = "", False
    return SessionView(
        kind=session.kind,
        kind_label=KIND_LABELS.get(session.kind, session.kind),
        title=session_title(session, units),
        time=session.start.strftime("%H:%M"),
        facts=session_facts(session, units),
        lines=lines,
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


def _week_view(plan: Plan, week: Week, by_day: dict[date, list[Session]], blackout: set[date], units: Units) -> WeekView:
    seen: set[object] = set()
    cues: list[str] = []
    days = []
    counts = {"run": 0, "strength": 0, "mobility": 0}
    for day in week_dates(week):
        view = DayView(day=day, weekday=f"{day:%a}", label=_day_label(day), blackout=day in blackout)
        for session in by_day.get(day, []):
            view.sessions.append(_session_view(session, units, seen))
            if session.status != "cancelled":
                key = "run" if session.kind == "race" else session.kind
                counts[key] = counts.get(key, 0) + 1
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
        dates=f"{first:%a} {_day_label(first)} – {last:%a} {_day_label(last)} {last:%Y}",
        phase=week.phase,
        cutback=week.cutback,
        days=days,
        totals=totals,
        cues=cues,
    )


# ---------------------------------------------------------------------------------------------
# Fitting a week on one page
# ---------------------------------------------------------------------------------------------

#: Paper sizes and the @page margins of plan.css.j2 (top, right, bottom, left), in mm.
PAPER_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
MARGINS_MM = (13.0, 11.0, 14.0, 11.0)
WEEK_FONT_PT = 7.1
WEEK_FONT_MIN_PT = 5.6
_PT_MM = 25.4 / 72
_CHAR_EM = 0.50  # mean advance of DejaVu Sans Condensed text, in em (measured on plan text)
_DAY_COL_MM = 12.0
_CELL_PAD_MM = 2.7


def _lines(text_len: int, chars_per_line: float) -> int:
    return max(1, -(-text_len // max(int(chars_per_line), 1)))


def estimate_week_mm(week: WeekView, font_pt: float, width_mm: float) -> float:
    """Estimated height of a week page's content at ``font_pt``: rows of day cells (each as
    tall as its longest session), the heading, totals and cues. Deliberately a little
    pessimistic; :func:`hamplan.export.pdf.to_pdf` checks the real layout anyway."""
    em = font_pt * _PT_MM
    line = em * 1.2
    char = em * _CHAR_EM
    grid = width_mm - _DAY_COL_MM
    height = 0.0
    for day in week.days:
        tallest = line * (2 + (1 if day.blackout else 0) + (1 if day.race else 0))
        if not day.rest:
            for s in day.sessions:
                cpl = (grid * s.span / 6 - _CELL_PAD_MM) / char
                n = _lines(len(s.time) + len(s.title) + 3, cpl / 1.15) + _lines(len(s.facts), cpl)
                for ln in s.lines:
                    text = (ln.label + ": " + ln.text) if ln.label else f"{ln.name} {ln.dose} — {ln.notes}"
                    n += _lines(len(text) + (2 if ln.name else 0), cpl)
                tallest = max(tallest, n * line + 0.25 * len(s.lines))
        height += tallest + 2.0
    cues = sum(len(c) + 3 for c in week.cues) + 24
    height += 14.0 + 10.0 + _lines(cues, (width_mm - 2) / char) * line + 1.5
    return height


def fit_week(week: WeekView, paper: str) -> float:
    """The largest font size (pt, in 0.1 steps down from 7.1) at which the week fits one page."""
    paper_w, paper_h = PAPER_MM[paper]
    top, right, bottom, left = MARGINS_MM
    width, height = paper_w - left - right, (paper_h - top - bottom) * 0.97
    font = WEEK_FONT_PT
    while font > WEEK_FONT_MIN_PT and estimate_week_mm(week, font, width) > height:
        font = round(font - 0.1, 1)
    return font


# ---------------------------------------------------------------------------------------------
# The reference pages
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RefBlock:
    """A run of one reference section's items inside one column (``continued`` after a split)."""

    title: str
    items: list[tuple[str, str]]
    continued: bool = False


def _covered(name: str, reference_names: list[str]) -> bool:
    low = name.lower()
    for ref in reference_names:
        core = ref.split(" (")[0].split(" / ")[-1]
        if low in ref or core in low:
            return True
    return False


def extra_reference(plan: Plan, sections: list[Any]) -> list[tuple[str, str]]:
    """How-to items for the plan's exercises that the reference sections do not cover."""
    names = [name.lower() for section in sections for name, _ in section.items]
    extra: dict[str, str] = {}
    for session in plan.sessions:
        for exercise in session.exercises:
            if exercise.name not in extra and exercise.notes and not _covered(exercise.name, names):
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


def reference_pages(plan: Plan) -> list[dict[str, Any]]:
    """The two reference pages: each a title and two balanced columns of sections."""
    from hamplan.content.reference import ReferenceSection, reference_sections

    sections = list(reference_sections())
    extra = extra_reference(plan, sections)
    if extra:
        sections.append(ReferenceSection("Also in this plan", extra))
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
        rows.append(("Goal time", race.goal_time))
    if plan.paces.race_prediction:
        rows.append(("Predicted finish", plan.paces.race_prediction))
    rows.append(("Plan", f"{len(plan.weeks)} weeks from {_long_date(request.start)}"))
    rows.append(("Time zone", request.time_zone))
    return rows


def _paces(plan: Plan, units: Units) -> list[tuple[str, str, str]]:
    rows = []
    for zone in ("easy", "marathon", "threshold", "interval", "repetition"):
        pz = getattr(plan.paces, zone)
        fast = format_pace(pz.fast_min_per_km / units.factor)
        slow = format_pace(pz.slow_min_per_km / units.factor)
        rows.append((zone.capitalize(), f"{fast}–{slow} /{units.unit}", ZONE_USES[zone]))
    return rows


def context(plan: Plan, shrink: dict[int, float] | None = None) -> dict[str, Any]:
    """Everything the templates read. ``shrink`` caps the font size (pt) of some weeks' pages
    (used by the PDF writer when a week's real layout did not fit one page)."""
    request = plan.request
    units = units_of(plan)
    by_day: dict[date, list[Session]] = {}
    for session in plan.sessions:
        by_day.setdefault(session.date, []).append(session)
    blackout = _blackout_days(plan)
    weeks = [_week_view(plan, week, by_day, blackout, units) for week in plan.weeks]
    shrink = shrink or {}
    for view in weeks:
        view.font_pt = min(fit_week(view, request.output.paper), shrink.get(view.index, WEEK_FONT_PT))
    race = request.race
    title = f"{race.name or race.label} · {race.date.isoformat()}"
    pre_race = [w for w in plan.weeks if w.phase != "race"] or plan.weeks
    peak = max(pre_race, key=lambda w: w.run_km)
    longest = max(plan.weeks, key=lambda w: w.long_run_km)
    return {
        "title": title,
        "race_title": race.name or race.label,
        "runner_name": request.runner.name or "",
        "paper": PAPER[request.output.paper],
        "paper_key": request.output.paper,
        "unit": units.unit,
        "race_rows": _race(plan, units),
        "profile_rows": _profile(plan, units),
        "pace_rows": _paces(plan, units),
        "vdot": number(plan.paces.vdot, 1),
        "pace_source": (
            "your recent race" if plan.paces.source == "recent_race" else "your weekly running volume (no recent race given)"
        ),
        "highlights": [
            ("Peak week", f"week {peak.index}, {units.distance(peak.run_km)}"),
            ("Longest run", f"{units.distance(longest.long_run_km)} in week {longest.index}"),
            ("Cutback weeks", ", ".join(str(w.index) for w in plan.weeks if w.cutback) or "none"),
        ],
        "notes": [units.text(n) for n in plan.notes],
        "chart": build_chart(plan),
        "phase_styles": PHASE_STYLES,
        "phase_labels": PHASE_LABELS,
        "weeks": weeks,
        "reference_pages": reference_pages(plan),
        "optimal": plan.optimal,
        "acwr_max": number(request.rules.acwr_max, 2),
    }


def render_context(ctx: dict[str, Any]) -> str:
    """The HTML document of a :func:`context`."""
    return environment().get_template(TEMPLATE).render(**ctx)


def render_html(plan: Plan, *, shrink: dict[int, float] | None = None) -> str:
    """The plan as a self-contained HTML document (styles and chart inline, no scripts)."""
    return render_context(context(plan, shrink))


def write_html(plan: Plan, path: str | os.PathLike[str]) -> Path:
    """Write :func:`render_html` to ``path`` (UTF-8) atomically."""
    return atomic_write(path, render_html(plan).encode("utf-8"))


__all__ = ["context", "environment", "estimate_week_mm", "fit_week", "render_context", "render_html", "write_html"]
