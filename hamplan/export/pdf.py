"""The plan as a PDF: the content of :func:`hamplan.export.html.context`, set by Typst.

The HTML page and the PDF read the same context (one source of truth for every number, unit
and word); here Jinja2 writes it as Typst markup (``hamplan/templates/*.typ.j2``) and the
``typst`` package compiles that in-process. Typst lays out the 18-week plan in about a tenth of
the time WeasyPrint took for the same pages (the README has the figures and
``benchmarks/bench_export.py`` measures them).

Each week is sized from its content before layout (:func:`hamplan.export.html.fitted_week`); the
footers read Typst's page counter, which lays the document out a second time (a few per cent
of the PDF's time). Typst is imported only when a PDF is asked for, and its compiler,
which loads the fonts, is made once per process.

The same plan gives the same bytes at any time, in any process and on any machine: the document
carries no date, Typst subsets fonts without a timestamp, and the compiler reads only the fonts
shipped in ``hamplan/fonts`` (DejaVu Sans and Sans Condensed, regular and bold; their licence is
beside them) and Typst's own embedded fonts, never the machine's. A machine without DejaVu, or
with another version of it, would otherwise set other glyphs and break lines elsewhere.
"""

from __future__ import annotations

import os
import re
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from hamplan.errors import MissingExtraError
from hamplan.export.files import atomic_write
from hamplan.export.html import context, environment

if TYPE_CHECKING:
    from hamplan.models import Plan

PIP_LINE = 'pip install "typst>=0.15"'
TEMPLATE = "plan.typ.j2"
#: Typst's names for the request's paper sizes.
TYPST_PAPER = {"a4": "a4", "letter": "us-letter"}
_COMPILE_LOCK = threading.Lock()


class TypstCode(str):
    """Text that is already Typst code (a quoted string literal); the template writes it as is."""


def typst_string(value: object) -> TypstCode:
    """``value`` as a Typst string literal: whatever the text holds, Typst reads it as text."""
    text = str(value)
    for char, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
        text = text.replace(char, escaped)
    return TypstCode(f'"{text}"')


#: A pace and its unit ("8:24 /km"), which a line must not break (Unicode allows a break after "/").
_PACE = re.compile(r"(\d+:\d\d /(?:km|mi)\b)")


def _finalize(value: object) -> object:
    """How a ``{{ value }}`` lands in Typst markup: numbers as they are, code as it is, and text
    as embedded string literals (``#"…";``), so no character of it is read as markup; each
    pace in the text is boxed, so it stays on one line."""
    if isinstance(value, TypstCode) or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    parts = _PACE.split(str(value))
    return "".join(
        (f"#box({typst_string(part)});" if index % 2 else f"#{typst_string(part)};")
        for index, part in enumerate(parts)
        if part
    ) or '#"";'


@lru_cache(maxsize=1)
def typst_environment() -> jinja2.Environment:
    """The template environment for Typst markup: the HTML environment's loader and settings,
    with every value quoted as a Typst string (``| code`` gives a bare literal for arguments)."""
    env = environment().overlay(autoescape=False, finalize=_finalize)
    env.filters["code"] = typst_string
    env.filters["code_bool"] = lambda value: TypstCode("true" if value else "false")
    return env


def _typst() -> Any:
    try:
        import typst
    except ImportError as exc:
        raise MissingExtraError(f"PDF export needs the typst package ({exc}). Install it with: {PIP_LINE}") from exc
    return typst


def font_folder() -> Path:
    """The folder of the fonts the PDF is set in (shipped with the package)."""
    return Path(str(resources.files("hamplan").joinpath("fonts")))


@lru_cache(maxsize=1)
def _compiler() -> Any:
    """One Typst compiler per process: it loads the shipped fonts once, and no system font."""
    return _typst().Compiler(font_paths=[str(font_folder())], ignore_system_fonts=True)


def typst_source(plan: Plan) -> str:
    """The plan as a Typst document (what :func:`to_pdf` compiles)."""
    ctx = context(plan)
    ctx["typst_paper"] = TYPST_PAPER[ctx["paper_key"]]
    ctx["running"] = ctx["title"] + (f" — {ctx['runner_name']}" if ctx["runner_name"] else "")
    ctx["first_weekday"] = ctx["weeks"][0].days[0].day.strftime("%A") if ctx["weeks"] else ""
    ctx["chart_svg"] = environment().get_template("_chart.svg.j2").render(**ctx)
    return typst_environment().get_template(TEMPLATE).render(**ctx)


def compile_typst(source: str) -> bytes:
    """A Typst document's PDF, from this process's one compiler (calls take turns)."""
    compiler = _compiler()
    with _COMPILE_LOCK:
        # Untagged: a quarter of the bytes of a tagged PDF (the HTML is the accessible form).
        pdf = compiler.compile(source.encode("utf-8"), format="pdf", pdf_tags=False)
    return bytes(pdf)


def to_pdf(plan: Plan) -> bytes:
    """The plan as PDF bytes: a cover, one page per week, and two reference pages.

    The same plan gives the same bytes at any time of day (see the module's docstring).
    Raises :class:`~hamplan.errors.MissingExtraError` (with the pip line) if Typst cannot be
    imported.
    """
    _typst()
    return compile_typst(typst_source(plan))


def write_pdf(plan: Plan, path: str | os.PathLike[str]) -> Path:
    """Write :func:`to_pdf` to ``path`` atomically."""
    return atomic_write(path, to_pdf(plan))


__all__ = ["PIP_LINE", "compile_typst", "font_folder", "to_pdf", "typst_source", "typst_string", "write_pdf"]
