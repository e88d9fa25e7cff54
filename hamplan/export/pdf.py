"""The plan as a PDF: the HTML of :mod:`hamplan.export.html`, printed by WeasyPrint.

WeasyPrint is imported only when a PDF is asked for, so the rest of hamplan works (and its
command line starts quickly) without it.

Each week is laid out on one page. The HTML already sizes every week's text from an estimate;
here the real layout is checked too, and a week that still runs onto a second page is set
again a little smaller, so the PDF is always a cover, one page per week, and the reference.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hamplan.errors import MissingExtraError
from hamplan.export.files import atomic_write
from hamplan.export.html import WEEK_FONT_MIN_PT, context, render_context

if TYPE_CHECKING:
    from hamplan.models import Plan

PIP_LINE = 'pip install "weasyprint>=60"'
_SHRINK_STEP_PT = 0.3
_MAX_PASSES = 4


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint is there but Pango is not
        raise MissingExtraError(
            f"PDF export needs WeasyPrint and its Pango libraries ({exc}). Install it with: {PIP_LINE} "
            "(see https://doc.courtbouillon.org/weasyprint/stable/first_steps.html for the system libraries)"
        ) from exc
    return weasyprint


def _weeks_on_pages(document: Any) -> dict[int, int]:
    """How many pages each week's section spans in a rendered document."""
    pages: dict[int, int] = {}
    for page in document.pages:
        for anchor in page.anchors:
            if anchor.startswith("week-") and anchor[5:].isdigit():
                pages[int(anchor[5:])] = pages.get(int(anchor[5:]), 0) + 1
    return pages


def render_document(plan: Plan) -> Any:
    """The laid-out WeasyPrint document, every week on one page where the smallest font allows."""
    weasyprint = _weasyprint()
    shrink: dict[int, float] = {}
    document = None
    for _ in range(_MAX_PASSES):
        ctx = context(plan, shrink)
        document = weasyprint.HTML(string=render_context(ctx)).render()
        fonts = {week.index: week.font_pt for week in ctx["weeks"]}
        over = [index for index, count in _weeks_on_pages(document).items() if count > 1]
        over = [index for index in over if fonts[index] > WEEK_FONT_MIN_PT]
        if not over:
            break
        for index in over:
            shrink[index] = max(round(fonts[index] - _SHRINK_STEP_PT, 1), WEEK_FONT_MIN_PT)
    return document


def to_pdf(plan: Plan) -> bytes:
    """The plan as PDF bytes: a cover, one page per week, and two reference pages.

    Raises :class:`~hamplan.errors.MissingExtraError` (with the pip line) if WeasyPrint cannot
    be imported.
    """
    return render_document(plan).write_pdf()


def write_pdf(plan: Plan, path: str | os.PathLike[str]) -> Path:
    """Write :func:`to_pdf` to ``path`` atomically."""
    return atomic_write(path, to_pdf(plan))


__all__ = ["PIP_LINE", "render_document", "to_pdf", "write_pdf"]
