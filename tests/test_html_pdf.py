"""The printable plan: HTML from the Jinja2 templates, and the PDF Typst sets from the same context.

By design the PDF is one cover page, one page per week, and two reference pages.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pypdf
import pytest

import hamplan
from tests.test_coaching import A_10K_WITH_A_WEEKDAY_TRIP
from hamplan.errors import MissingExtraError
from hamplan.export.chart import build_chart
from hamplan.export.ics import to_ics
from hamplan.export.html import BARE, ESSENTIAL, TERSE, WEEK_FONT_MIN_PT, context, paper_of, render_html, write_html
from hamplan.export.pdf import PIP_LINE, font_folder, to_pdf, typst_source, typst_string, write_pdf
from hamplan.models import Advice, Plan
from hamplan.paces import format_pace

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_PAGES = 2
XSS = "<script>alert(1)</script>"

SHORT_REQUEST = {
    "id": "short-10k",
    "start": "2027-03-01",
    "time_zone": "America/Chicago",
    "units": "mi",
    "race": {"distance": "10k", "date": "2027-03-28", "name": "Spring 10K & <b>Fun</b> Run"},
    "runner": {"name": XSS, "weekly_km": 25, "long_run_km": 10, "age": 35},
    "schedule": {
        "run_days": ["tue", "thu", "sat", "sun"],
        "long_run_day": "sun",
        "rest_days": ["fri"],
        "blackout": [{"from": "2027-03-10", "to": "2027-03-11"}],
    },
    "output": {"paper": "letter"},
}


@pytest.fixture(scope="module")
def plan() -> Plan:
    return hamplan.generate(ROOT / "examples" / "first-half-marathon.toml")


@pytest.fixture(scope="module")
def html(plan: Plan) -> str:
    return render_html(plan)


@pytest.fixture(scope="module")
def pdf_bytes(plan: Plan) -> bytes:
    return to_pdf(plan)


@pytest.fixture(scope="module")
def pdf_pages(pdf_bytes: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf_bytes)).pages]


@pytest.fixture(scope="module")
def short() -> Plan:
    return hamplan.generate(SHORT_REQUEST)


@pytest.fixture(scope="module")
def dense_letter() -> Plan:
    """Four mobility sessions a week on Letter, the shorter page: the fullest week pages."""
    request = hamplan.load_request(ROOT / "examples" / "first-half-marathon.toml").model_dump(by_alias=True)
    request["rules"]["mobility_per_week"] = 4
    request["output"]["paper"] = "letter"
    return hamplan.generate(request)


@pytest.fixture(scope="module")
def masters() -> Plan:
    """A marathon on Letter whose race week holds three mobility sessions beside the race day's
    splits and fuelling: it overflowed its page at every detail level but the last."""
    return hamplan.generate(ROOT / "examples" / "masters-marathon-past-strain.toml")


@pytest.fixture(scope="module")
def short_pdf_bytes(short: Plan) -> bytes:
    return to_pdf(short)


@pytest.fixture(scope="module")
def short_pdf(short_pdf_bytes: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(short_pdf_bytes))


# ---------------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------------


def test_pdf_is_cover_weeks_and_reference(plan, pdf_pages) -> None:
    assert len(pdf_pages) == 1 + len(plan.weeks) + REFERENCE_PAGES


def test_pdf_has_one_week_per_page_in_order(plan, pdf_pages) -> None:
    assert plan.request.race.name in pdf_pages[0]
    for week in plan.weeks:
        text = pdf_pages[week.index]
        assert re.search(rf"^Week {week.index} · ", text, re.M), f"page {week.index + 1} is not week {week.index}"
    joined = "\n".join(pdf_pages)
    positions = [joined.index(f"Week {w.index} · ") for w in plan.weeks]
    assert positions == sorted(positions)
    for page in pdf_pages[-REFERENCE_PAGES:]:
        assert "Reference" in page
    assert "Warning signs" in "\n".join(pdf_pages[-REFERENCE_PAGES:])


def test_pdf_letter_miles_and_escaped_name(short, short_pdf) -> None:
    assert len(short_pdf.pages) == 1 + len(short.weeks) + REFERENCE_PAGES
    box = short_pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # US Letter in points
    cover = short_pdf.pages[0].extract_text()
    assert XSS in cover  # printed as text, not swallowed as markup
    assert "Spring 10K & <b>Fun</b> Run" in cover
    weeks = "\n".join(p.extract_text() for p in short_pdf.pages[1 : 1 + len(short.weeks)])
    assert " mi" in weeks and "/mi" in weeks and "/km" not in weeks


def test_pdf_is_a4(pdf_bytes) -> None:
    box = pypdf.PdfReader(io.BytesIO(pdf_bytes)).pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)


def test_missing_typst_names_the_pip_line(plan, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "typst", None)  # makes "import typst" fail
    with pytest.raises(MissingExtraError) as info:
        to_pdf(plan)
    assert PIP_LINE in str(info.value)
    assert isinstance(info.value, ImportError)


def test_pdf_finds_every_exercise_and_week_heading(plan, pdf_pages) -> None:
    """Every exercise the plan prescribes is printed (on its week page or the reference)."""
    text = " ".join(" ".join(pdf_pages).split())
    for name in sorted({exercise.name for session in plan.sessions for exercise in session.exercises}):
        assert name in text, name
    for week in plan.weeks:
        assert f"Week {week.index} · " in text


@pytest.mark.parametrize("fixture", ["plan", "short", "dense_letter", "masters"])
def test_week_pages_fit_one_page_at_readable_size(fixture, request) -> None:
    """Each week is sized from its content before layout: body text at 8.5 pt or more, and each
    week's page is one page (its heading on the page after the week before's)."""
    plan = request.getfixturevalue(fixture)
    assert all(week.font_pt >= WEEK_FONT_MIN_PT >= 8.5 for week in context(plan)["weeks"])
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(to_pdf(plan))).pages]
    assert len(pages) == 1 + len(plan.weeks) + REFERENCE_PAGES
    for week in plan.weeks:
        assert re.search(rf"^Week {week.index} · ", pages[week.index], re.M)
        assert f"Page {week.index + 1} of {len(pages)}" in pages[week.index]


def test_a_routine_printed_before_in_its_week_is_named_not_listed_again_on_a_full_page(masters) -> None:
    """Only where nothing else fits: the race week's first mobility session lists its moves, the
    same session later that week says on which day they are."""
    weeks = context(masters)["weeks"]
    race_week = weeks[-1]
    assert race_week.detail >= TERSE
    mobility = [(d.day, s) for d in race_week.days for s in d.sessions if s.kind == "mobility"]
    assert len(mobility) >= 2
    (first_day, first), *later = mobility
    assert any(line.is_exercise for line in first.lines)
    for _, session in later:
        assert session.title == first.title and session.lines[0].text == f"as on {first_day:%A}"
    assert all(week.detail < TERSE for week in weeks[:-1])  # the other weeks list everything


def test_footers_count_the_pages_as_laid_out_when_a_week_overflows(short, monkeypatch) -> None:
    """Weeks sized for a page far taller than Letter (patched) run onto second pages, and every
    footer still reads "Page i of n" for the page it is on and the pages there are."""
    import hamplan.export.html as html_export

    monkeypatch.setitem(html_export.PAPER_MM, "letter", (215.9, 1000.0))
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(to_pdf(short))).pages]
    assert len(pages) > 1 + len(short.weeks) + REFERENCE_PAGES
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text, number


def test_advice_left_off_full_weeks_is_on_the_reference_pages(plan, monkeypatch) -> None:
    """On a page too short for any week (patched), every week is set with the least detail and
    its general advice moves, once each, to the reference pages."""
    import hamplan.export.html as html_export

    monkeypatch.setitem(html_export.PAPER_MM, "a4", (210.0, 120.0))
    ctx = context(plan)
    assert all(week.detail == BARE and week.font_pt == WEEK_FONT_MIN_PT for week in ctx["weeks"])
    moved = {text for week in ctx["weeks"] for _, text in week.moved}
    assert moved
    weeks = render_html(plan).split('<section class="page reference')
    reference = " ".join(weeks[1:]).replace("&#39;", "'")
    for text in moved:
        assert text in reference
        assert text not in weeks[0]


def test_weeks_with_room_keep_their_advice(plan, dense_letter) -> None:
    """A week page leaves a session's advice to the reference only when it is too full for it:
    the bundled example's weeks before race week keep theirs, and the densest weeks (four mobility
    sessions on Letter, with a strides run beside each session) move theirs."""
    assert all(week.detail <= ESSENTIAL and week.moved == [] for week in context(plan)["weeks"][:-1])
    assert any(week.moved for week in context(dense_letter)["weeks"])


def test_typst_markup_in_a_name_prints_as_text(short) -> None:
    name = 'Jo #pagebreak() *x* $y$ \\ "q" <a> @b [c]'
    runner = short.request.runner.model_copy(update={"name": name})
    renamed = short.model_copy(update={"request": short.request.model_copy(update={"runner": runner})})
    reader = pypdf.PdfReader(io.BytesIO(to_pdf(renamed)))
    assert len(reader.pages) == 1 + len(short.weeks) + REFERENCE_PAGES
    assert name in reader.pages[0].extract_text()
    assert typst_string('a"b\\c') == '"a\\"b\\\\c"'


@pytest.mark.parametrize(
    ("change", "paper"),
    [
        ({}, "a4"),
        ({"units": "mi"}, "letter"),
        ({"time_zone": "America/Chicago"}, "letter"),
        ({"time_zone": "America/Toronto"}, "letter"),
        ({"time_zone": "America/Mexico_City"}, "a4"),
        ({"units": "mi", "output": {"paper": "a4"}}, "a4"),
        ({"time_zone": "America/Denver", "output": {"paper": "a4"}}, "a4"),
        ({"output": {"paper": "letter"}}, "letter"),
    ],
)
def test_paper_default_follows_units_and_time_zone(change, paper) -> None:
    """Letter for miles or a US / Canadian time zone; an explicit ``output.paper`` wins."""
    data = {**SHORT_REQUEST, "time_zone": "Europe/Paris", "units": "km", "output": {}, **change}
    request = hamplan.PlanRequest.model_validate(data)
    assert paper_of(request) == paper
    assert paper_of(hamplan.PlanRequest.model_validate_json(request.model_dump_json())) == paper


def test_write_html_and_pdf_deterministic(short, short_pdf_bytes, tmp_path) -> None:
    write_html(short, tmp_path / "plan.html")
    write_pdf(short, tmp_path / "plan.pdf")
    assert (tmp_path / "plan.html").read_text(encoding="utf-8") == render_html(short)
    assert (tmp_path / "plan.pdf").read_bytes() == short_pdf_bytes  # same plan, same bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.html", "plan.pdf"]


def test_pdf_bytes_do_not_depend_on_the_process_or_the_clock(short, short_pdf_bytes) -> None:
    """A fresh process (new compiler, fonts loaded anew, another hour) writes the same bytes, and
    the PDF carries no creation or modification date."""
    code = (
        "import sys, hamplan; from hamplan.export.pdf import to_pdf; "
        f"sys.stdout.buffer.write(to_pdf(hamplan.generate({SHORT_REQUEST!r})))"
    )
    fresh = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, cwd=ROOT).stdout
    assert fresh == short_pdf_bytes
    info = pypdf.PdfReader(io.BytesIO(short_pdf_bytes)).metadata or {}
    assert "/CreationDate" not in info and "/ModDate" not in info


def _embedded_font_names(pdf: bytes) -> set[str]:
    names = set()
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return names


def test_pdf_is_set_in_the_shipped_fonts_only(short, short_pdf_bytes, monkeypatch) -> None:
    """The machine's fonts never reach the PDF: the compiler is told to ignore them, and every
    font the document embeds is one of the files shipped in ``hamplan/fonts`` (a machine without
    DejaVu, or with another version of it, writes the same bytes)."""
    import typst

    import hamplan.export.pdf as pdf_module

    shipped = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(font_folder())])
    shipped_names = {Path(info.path).stem for info in shipped.fonts()}
    assert {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSansCondensed", "DejaVuSansCondensed-Bold"} <= shipped_names
    assert (font_folder() / "LICENSE").read_text(encoding="utf-8").count("Bitstream") >= 1
    asked = set(re.findall(r'font: "([^"]+)"', typst_source(short)))
    assert asked and asked <= set(shipped.families())
    assert _embedded_font_names(short_pdf_bytes) <= shipped_names

    made = []

    real_compiler = typst.Compiler

    def recording_compiler(*args, **kwargs):
        made.append(kwargs)
        return real_compiler(*args, **kwargs)

    monkeypatch.setattr(typst, "Compiler", recording_compiler)
    pdf_module._compiler.cache_clear()
    try:
        assert to_pdf(short) == short_pdf_bytes
    finally:
        pdf_module._compiler.cache_clear()
    assert made == [{"font_paths": [str(font_folder())], "ignore_system_fonts": True}]


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------


def test_html_escapes_the_runner_name(short) -> None:
    text = render_html(short)
    assert "<script" not in text.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<b>Fun</b>" not in text and "&lt;b&gt;Fun&lt;/b&gt;" in text


def test_html_cover(plan, html) -> None:
    cover = html[: html.index('<section class="page week')]
    runner = plan.request.runner
    for text in (plan.request.race.name, runner.name, str(runner.age), "18 km a week", "Paces", "gym"):
        assert text in cover
    # the pace table lists exactly the zones the plan's runs use (the cover promises nothing more)
    used = {step.pace for s in plan.sessions if s.workout for b in s.workout.blocks for step in b.steps}
    for zone in ("easy", "marathon", "threshold", "interval", "repetition"):
        pz = getattr(plan.paces, zone)
        row = f"{format_pace(pz.fast_min_per_km)}–{format_pace(pz.slow_min_per_km)} /km"
        assert (row in cover) == (zone in used), zone
    assert "steady parts of long runs" not in cover
    assert "Race-day target" in cover and plan.paces.target_time in cover
    for note in plan.notes:
        assert note.split(":")[0] in cover
    assert cover.count("<svg") == 1
    assert 'id="hp-hatch"' in cover  # the build phase is hatched, readable in black and white
    assert "Long run" in cover and "ACWR" in cover


def test_chart_geometry(plan) -> None:
    chart = build_chart(plan)
    assert len(chart.bars) == len(plan.weeks)
    heights = [b.height for b in chart.bars]
    peak = max(plan.weeks, key=lambda w: w.run_km)
    assert heights.index(max(heights)) == peak.index - 1
    assert len(chart.acwr_points) == sum(1 for w in plan.weeks if w.acwr is not None)
    assert len(chart.long_points) == sum(1 for w in plan.weeks if w.long_run_km > 0)
    fills = {b.phase: b.fill for b in chart.bars}
    assert len(set(fills.values())) == len(fills)  # every phase looks different
    assert all(chart.top <= y <= chart.bottom for _, y in chart.acwr_points + chart.long_points)


def test_html_week_pages(plan, html) -> None:
    sections = re.findall(r'<section class="page week.*?</section>', html, re.S)
    assert len(sections) == len(plan.weeks)
    for week, section in zip(plan.weeks, sections, strict=True):
        assert f"Week {week.index} · " in section
        days = re.findall(r"<th><b>(\w{3})</b><br>(\d+ \w{3})", section)
        expected = [week.start + timedelta(days=i) for i in range(week.days)]
        assert days == [(f"{d:%a}", f"{d.day} {d:%b}") for d in expected]
        live = [s for s in plan.sessions if s.date in expected and s.status != "cancelled"]
        for session in live:
            assert session.title in section
        rest_days = [d for d in expected if not any(s.date == d for s in live)]
        assert section.count('class="rest-mark">Rest') == len(rest_days)
        assert "Running" in section and "ACWR" in section
    first = sections[0]
    strength = next(s for s in plan.sessions if s.kind == "strength")
    exercise = strength.exercises[0]
    assert f"<b>{exercise.name}</b> {exercise.sets} × {exercise.reps}" in first
    assert "Main set:" in first
    # Warm-up and cool-down are spelt out where the page has room; the reference always has them.
    # Race day's own (a jog, strides to race pace, a walk) are printed whatever the page's room.
    details = [week.detail for week in context(plan)["weeks"]]
    for detail, section in zip(details[:-1], sections[:-1], strict=True):
        assert ("Warm-up" in section and "Cool-down:" in section) == (detail < ESSENTIAL)
    race = next(s for s in plan.sessions if s.kind == "race")
    assert all(step in sections[-1].replace("&#39;", "'") for step in [*race.warmup[:1], *race.cooldown[:1]])
    assert "Warm-up before every run" in html


def test_html_reference_and_print_css(plan, html) -> None:
    from hamplan.content.reference import reference_sections

    for section in reference_sections():
        assert section.title.replace("'", "&#39;") in html
    assert "size: A4" in html
    assert "page-break-before: always" in html
    assert re.search(r"html \{[^}]*font-family", html)


def test_html_miles_blackout_and_letter(short) -> None:
    text = render_html(short)
    assert "size: letter" in text
    weeks = text[text.index('<section class="page week') : text.index('<section class="page reference')]
    assert "/mi" in weeks and "/km" not in weeks and not re.search(r"\d km\b", weeks)
    assert weeks.count(">Blackout<") == 2
    assert "blackout day, no training planned" in weeks


def test_html_is_deterministic(plan, html) -> None:
    assert render_html(plan) == html


def test_the_cover_names_the_peak_week_the_notes_name(plan) -> None:
    """The bundled plan peaks twice at 38.7 km (weeks 12 and 13): the cover's "Peak week" and
    the note's "Peak ... (weeks N and M)" name the same weeks."""
    peaks = [w for w in plan.weeks if w.run_km == max(x.run_km for x in plan.weeks)]
    assert len(peaks) >= 2, "the example peaks on equal weeks"
    highlight = dict(context(plan)["highlights"])["Peak week"]
    named = re.search(r"Peak [\d.]+ km a week \((weeks? [\d, and]+)\)", " ".join(plan.notes))
    assert named is not None and highlight.endswith(f" in {named.group(1)}"), (highlight, plan.notes[0])
    assert named.group(1) == "weeks 12 and 13"


def test_a_plan_not_proven_best_says_so_without_blaming_a_time_limit(short) -> None:
    """A plan is not proven optimal when its first weeks were rebuilt to fit the days or the
    solver's work limit came first: no wall-clock limit need have been reached. (The cover says
    it only beside coaching advice: a plan with none is as good as the best there.)"""
    advice = Advice(rule="taper_weeks", message="week 9: taper week far under its factor")
    unproven = short.model_copy(update={"optimal": False, "advice": [advice]})
    html = render_html(unproven)
    assert "did not prove this the best arrangement" in html and "stopped at its time limit" not in html
    assert "did not prove this the best arrangement" in typst_source(unproven)
    assert "did not prove" not in render_html(short.model_copy(update={"optimal": True, "advice": [advice]}))


def test_a_replans_cover_numbers_its_weeks_as_its_week_pages_do(plan) -> None:
    """A re-plan numbers its weeks on from the first plan's start on its week pages ("Week 12
    of 18"); its cover's peak week, longest run and step-back weeks say the same numbers (they
    counted the re-plan's own weeks from 1, and "peak week 7" sent a runner to another page)."""
    from hamplan.export.display import week_heading

    # a plan from a later day that keeps the first plan's phases (as a re-plan from "today" is)
    today = plan.weeks[4].start
    again = hamplan.generate(plan.request.model_copy(update={"start": today, "phases_from": plan.request.start}))
    highlights = dict(context(again)["highlights"])
    headings = {w.index: week_heading(again, w) for w in again.weeks}
    peak = re.search(r"in week (\d+)$", highlights["Peak week"])
    assert peak is not None
    assert any(h.startswith(f"Week {peak.group(1)} ·") for h in headings.values()), (highlights, headings)
    cutbacks = [w for w in again.weeks if w.cutback]
    assert cutbacks and highlights["Step-back weeks"] == ", ".join(headings[w.index].split(" ·")[0].removeprefix("Week ") for w in cutbacks)


def test_the_cover_names_a_week_a_break_makes_light_apart_from_the_step_back_weeks() -> None:
    """A 10K runner away Monday to Friday of week 6: the cover said "Cutback weeks 3, 6, 8"
    beside notes naming step-back weeks 3 and 8; week 6 is said apart, as the break's."""
    plan = hamplan.generate(A_10K_WITH_A_WEEKDAY_TRIP)
    highlights = dict(context(plan)["highlights"])
    assert highlights["Step-back weeks"] == "3, 8 (week 6 light for your break)", highlights
    assert any("step-back weeks 3, 8" in n for n in plan.notes), plan.notes


def test_a_week_a_break_makes_light_is_tagged_for_the_break_on_its_page_and_in_the_calendar() -> None:
    """The same runner's week 6 page said "cutback week", and so did its calendar events'
    week line, where the cover and the notes say the break made it light (a coach's reading of
    seed 2150: weeks away marked "CUTBACK" beside notes naming the step-back weeks apart)."""
    plan = hamplan.generate(A_10K_WITH_A_WEEKDAY_TRIP)
    weeks = {w.index: w for w in context(plan)["weeks"]}
    # (a step-back week's heading names it in place of its phase, and it needs no tag besides:
    # a coach read "peak" over step-back weeks in 28 of 60 plans)
    assert weeks[6].tag == "light for your break" and weeks[3].tag is None and weeks[8].tag is None
    assert weeks[3].heading.startswith("Week 3 · step-back · ") and weeks[8].heading.startswith("Week 8 · step-back · ")
    assert " · step-back · " not in weeks[6].heading
    assert not [w for i, w in weeks.items() if i != 6 and w.tag]
    assert not [w for i, w in weeks.items() if i not in (3, 8) and "step-back" in w.heading]
    html = render_html(plan)
    headings = re.findall(r"<h2>(Week [^<]*)</h2>", html)
    assert sum("· step-back ·" in h for h in headings) == 2 and html.count('<span class="tag">light for your break</span>') == 1, headings
    ics = to_ics(plan).decode().replace("\r\n ", "")
    assert "Week 6 of" in ics and "· light for your break" in ics and ics.count("· step-back") > 0
    # and the plan's text summary, whose week table sat above notes naming the step-backs apart
    rows = {line.split()[0]: line for line in plan.summary().splitlines() if line.split() and line.split()[0].isdigit()}
    assert rows["6"].endswith("light for your break") and rows["3"].endswith("step-back"), rows


@pytest.mark.parametrize(("runner", "absent"), [
    ({"weekly_km": 12, "long_run_km": 4, "age": 29, "equipment": "none"}, ["Lying leg curl", "Nordic hamstring curl", "Deadlift / Romanian deadlift"]),
    ({"weekly_km": 28, "long_run_km": 12, "age": 45, "hamstring_history": "tendinopathy", "equipment": "gym",
      "recent_race": {"distance": "10k", "time": "52:00"}}, ["Nordic hamstring curl", "Seated hamstring stretch", "Supine strap hamstring stretch"]),
])
def test_the_reference_pages_describe_what_the_plan_prescribes(runner: dict, absent: list[str]) -> None:
    """The reference describes no exercise the plan never prescribes: a runner without
    equipment read how to use a leg-curl machine, a sore tendon read the Nordic curl's
    progression and the deep hamstring stretches it must skip."""
    plan = hamplan.generate({
        "start": "2027-02-01", "race": {"distance": "half", "date": "2027-05-16"}, "runner": runner,
        "schedule": {"run_days": ["tue", "thu", "sat", "sun"], "long_run_day": "sun", "rest_days": ["mon"]},
    })
    reference = " ".join(render_html(plan).split('<section class="page reference')[1:]).replace("&#39;", "'")
    for name in absent:
        assert name not in reference, name
    assert "leg curl" in reference  # each kind of lift the plan holds is still described


def test_a_week_page_without_warm_up_text_says_where_the_drills_are(dense_letter) -> None:
    """A week set without its warm-up sections says where the drills are described, never
    "Warm-up as above" (there is nothing above)."""
    weeks = context(dense_letter)["weeks"]
    terse = [w for w in weeks if w.detail >= ESSENTIAL]
    assert terse
    texts = [line.text for w in terse for d in w.days for s in d.sessions for line in s.lines]
    assert not [t for t in texts if "(above)" in t or "as above" in t]
    assert any("then the drills (see the reference)" in t for t in texts)


def test_times_under_an_hour_read_as_runners_write_them() -> None:
    """A 5K's cover says "Predicted finish 29:51", its race-day splits "1 km 5:58, 2 km 11:56, ..."
    (every kilometre, not 1 km alone), not 0:29:51 and 05:58."""
    plan = hamplan.generate({
        "start": "2027-03-01", "race": {"distance": "5k", "date": "2027-05-09"},
        "runner": {"weekly_km": 12, "long_run_km": 4, "age": 29, "equipment": "none"},
        "schedule": {"run_days": ["tue", "thu", "sun"], "long_run_day": "sun"},
    })
    html = render_html(plan)
    assert re.search(r"<th>Predicted finish</th><td>[1-5]\d:\d{2}</td>", html)
    assert re.search(r"<th>Race-day target</th><td>[1-5]\d:\d{2} \(", html)
    race = next(s for s in plan.sessions if s.kind == "race")
    assert any(re.fullmatch(r"Splits: 1 km [1-9]:\d{2}, 2 km 1\d:\d{2}, 3 km [1-5]\d:\d{2}, 4 km [1-5]\d:\d{2}", line) for line in race.main), race.main



def test_a_10k_race_card_gives_a_time_at_every_kilometre() -> None:
    """A 10K card read "1 km, 2 km, 4 km, 5 km, 6 km, 8 km": no time at the 3, 7 and 9 km markers
    a runner passes. Every kilometre now, each at even pace."""
    plan = hamplan.generate({
        "start": "2027-08-02", "race": {"distance": "10k", "date": "2027-10-24", "goal_time": "50:00"},
        "runner": {"weekly_km": 30, "long_run_km": 10, "age": 40, "recent_race": {"distance": "5k", "time": "24:00"}},
        "schedule": {"run_days": ["mon", "wed", "fri", "sun"], "long_run_day": "sun"},
    })
    race = next(s for s in plan.sessions if s.kind == "race")
    splits = next(line for line in race.main if line.startswith("Splits: ")).removeprefix("Splits: ").split(", ")
    assert [part.rsplit(" ", 1)[0] for part in splits] == [f"{km} km" for km in range(1, 10)], splits
    seconds = [sum(int(x) * 60 ** i for i, x in enumerate(reversed(part.rsplit(" ", 1)[1].split(":")))) for part in splits]
    assert all(abs((b - a) - seconds[0]) <= 1 for a, b in zip(seconds, seconds[1:])), splits


def test_a_runner_in_miles_reads_race_day_splits_at_the_mile_markers() -> None:
    """A novice 5K runner planning in miles read "settle into the target pace from the first
    kilometre" and splits at 0.6, 1.2, 1.9 and 2.5 mi (the kilometre marks, converted); a
    marathoner in miles the same at every 5 km (coach reading). Now the mile markers."""
    request = {
        "start": "2027-03-01", "units": "mi", "race": {"distance": "5k", "date": "2027-05-09"},
        "runner": {"weekly_km": 12, "long_run_km": 4, "age": 29, "equipment": "none"},
        "schedule": {"run_days": ["tue", "thu", "sun"], "long_run_day": "sun"},
    }
    race = next(s for s in hamplan.generate(request).sessions if s.kind == "race")
    assert any(re.fullmatch(r"Splits: 1 mi [1-9]:\d{2}, 2 mi [1-5]\d:\d{2}, 3 mi [1-5]\d:\d{2}", line) for line in race.main), race.main
    assert any("from the first mile;" in line for line in race.main), race.main
    html = render_html(hamplan.generate(request))
    assert "Splits: 1 mi " in html and "0.6 mi" not in html
    marathon = hamplan.generate({**request, "race": {"distance": "marathon", "date": "2027-07-04"},
                                 "runner": {**request["runner"], "weekly_km": 40, "long_run_km": 18}})
    race = next(s for s in marathon.sessions if s.kind == "race")
    splits = next(line for line in race.main if line.startswith("Splits: "))
    assert [part.rsplit(" ", 1)[0] for part in splits.removeprefix("Splits: ").split(", ")] == ["5 mi", "10 mi", "half", "15 mi", "20 mi", "25 mi"], splits

def test_the_cover_lists_the_half_marathon_pace_its_sessions_run_at() -> None:
    """A 68-year-old's half: 'Half-marathon pace · 4.5 km' at 6:29 /km in the race-specific weeks,
    and the cover's pace table (easy, threshold, intervals ...) had no row for it."""
    plan = hamplan.generate({
        "start": "2027-02-01", "time_zone": "Europe/London", "race": {"distance": "half", "date": "2027-05-16"},
        "runner": {"weekly_km": 25, "long_run_km": 10, "age": 68, "equipment": "home", "recent_race": {"distance": "10k", "time": "62:00"}},
        "schedule": {"run_days": ["mon", "wed", "fri", "sun"], "long_run_day": "sun"},
    })
    paces = {st.pace_min_per_km for s in plan.sessions if s.workout for b in s.workout.blocks for st in b.steps if st.pace == "half_marathon"}
    assert len(paces) == 1
    rows = {zone: pace for zone, pace, _use in context(plan)["pace_rows"]}
    assert rows["Half-marathon"] == f"{format_pace(paces.pop())} /km"
    assert "Half-marathon" in render_html(plan)


#: A first half marathon with a sore hamstring tendon, on a gym's machines: heavy slow lifts whose
#: notes give the tempo, the load and how deep to hinge.
TENDON_HALF: dict[str, object] = {
    "id": "tendon-half",
    "start": "2027-01-04",
    "race": {"distance": "half", "date": "2027-04-18"},
    "runner": {"weekly_km": 28, "long_run_km": 11, "age": 42, "hamstring_history": "tendinopathy", "equipment": "gym",
               "recent_race": {"distance": "10k", "time": "55:00"}},
    "schedule": {"run_days": ["tue", "thu", "sat", "sun"], "long_run_day": "sun"},
}


@pytest.fixture(scope="module")
def tendon_half() -> Plan:
    return hamplan.generate(TENDON_HALF)


def _page_text(plan: Plan) -> str:
    import html as html_lib

    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", render_html(plan))).split())


@pytest.mark.parametrize("fixture", ["plan", "tendon_half"])
def test_week_pages_print_each_exercises_load_and_effort(fixture, request) -> None:
    """What a strength exercise's notes say of its session beyond the how-to the reference pages
    give (its load, its effort, a sore tendon's tempo and depth) is printed: the week pages
    printed a closing sentence only where two exercises shared it, and a week whose hinge and
    curl each had their own gave the doses without the loads ("Heavier again ... (RPE 8)" left
    out; a sore tendon's "3 s down, 3 s up ... hinge no deeper than pain allows" too)."""
    plan = request.getfixturevalue(fixture)
    text = _page_text(plan)
    checked = 0
    for session in plan.sessions:
        for exercise in session.exercises:
            if ". " in exercise.notes:
                own = exercise.notes.split(". ", 1)[1]
                assert own.split(". ")[0].split("; ")[0] in text, (session.date, exercise.name, own)
                checked += 1
    assert checked


def test_a_sore_tendons_reference_hinges_and_curls_slowly_and_only_as_deep_as_pain_free(plan, tendon_half) -> None:
    """The reference pages' how-to agrees with a sore tendon's sessions (3 s down, 3 s up, no
    deeper than pain allows): it told every runner to hinge to about mid-shin and to curl up in
    1-2 s. Other plans keep those words."""
    tendon, usual = _page_text(tendon_half), _page_text(plan)
    assert "Romanian deadlift" in tendon and "Lying leg curl" in tendon
    assert "mid-shin" not in tendon and "Curl up in 1–2 s" not in tendon
    assert "push the hips back over 3 s" in tendon and "only as deep as stays pain-free" in tendon and "Curl up in 3 s" in tendon
    assert "mid-shin" in usual


def test_a_5k_race_card_does_not_promise_an_easy_start(plan) -> None:
    """A 5K's race pace is hard from the start: its race card said "it will feel easy early on",
    the words of a long race's first hour (coach reading); a half marathon's keeps them."""
    five_k = hamplan.generate({**TENDON_HALF, "id": "five-k", "race": {"distance": "5k", "date": "2027-03-07"},
                               "runner": {"weekly_km": 20, "long_run_km": 6, "age": 30}})
    race = next(s for s in five_k.sessions if s.kind == "race")
    assert not any("feel easy" in line for line in race.main)
    assert any("feel controlled at first" in line for line in race.main)
    half = next(s for s in plan.sessions if s.kind == "race")  # the bundled first half marathon
    assert any("feel easy early on" in line for line in half.main)


def test_race_week_is_named_where_it_starts_and_the_races_week_counts_the_race() -> None:
    """A 10K on the Saturday a plan's weeks start on (seed 2050, p88819849): the race's plan
    week holds the race alone and read "Week 12 · race week · 0 km", and week 11, whose days
    from Sunday on are race week with its tune-up, read "Week 11 · peak" and nothing more."""
    plan = hamplan.generate({
        "id": "p88819849", "start": "2027-09-04", "time_zone": "Europe/Berlin",
        "race": {"distance": "10k", "date": "2027-11-20", "goal_time": "39:48"},
        "runner": {"weekly_km": 34.3, "long_run_km": 11.5, "age": 49, "recent_race": {"distance": "10k", "time": "38:01"},
                   "hamstring_history": "past_strain", "equipment": "home"},
        "schedule": {"run_days": ["tue", "wed", "fri", "sat", "sun"], "long_run_day": "sat", "rest_days": ["mon"], "max_minutes": {"fri": 45}},
    })
    weeks = {w.index: w for w in context(plan)["weeks"]}
    last = plan.weeks[-1]
    assert last.run_km == 0.0 and weeks[last.index].heading == f"Week {last.index} · race week · 10 km race"
    assert weeks[last.index - 1].tag == "race week from Sunday", weeks[last.index - 1]
    assert [i for i, w in weeks.items() if w.tag and w.tag.startswith("race week")] == [last.index - 1]
    ics = to_ics(plan).decode().replace("\r\n ", "")
    assert f"Week {last.index - 1} of {last.index} · peak" in ics and "· race week from Sunday" in ics
    assert f"Week {last.index} of {last.index} · race week · 10 km race" in ics


def test_a_replans_chart_numbers_its_weeks_as_its_week_pages_do(plan) -> None:
    """A re-plan's week pages say "Week 11 · build"; its chart's bars read 1 to 22 where the
    pages read 6 to 27, so a note's week pointed at another bar."""
    from hamplan.export.chart import build_chart
    from hamplan.export.display import week_heading

    today = plan.weeks[4].start
    again = hamplan.generate(plan.request.model_copy(update={"start": today, "phases_from": plan.request.start}))
    chart = build_chart(again)
    pages = [week_heading(again, w).split(" ·")[0].removeprefix("Week ") for w in again.weeks]
    assert pages[0] == "5" and [bar.label for bar in chart.bars] == pages
    assert f"weeks 5 to {pages[-1]}" in chart.description


def test_the_charts_bar_says_what_its_weeks_page_says(plan) -> None:
    """The race's week's bar read "Week 12 · race week · 0 km" beside its page's "10 km race"."""
    from hamplan.export.chart import build_chart
    from hamplan.export.display import week_heading

    chart = build_chart(plan)
    assert [bar.title for bar in chart.bars] == [week_heading(plan, w) for w in plan.weeks]
    assert chart.bars[-1].title.endswith("21.1 km race")
