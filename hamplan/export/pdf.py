"""The plan as a PDF: the HTML of :mod:`hamplan.export.html`, printed by WeasyPrint.

WeasyPrint is imported only when a PDF is asked for, so the rest of hamplan works (and its
command line starts quickly) without it.

Each week is laid out on one page. The HTML already sizes every week's text from an estimate;
here the real layout is checked too, and a week that still runs onto a second page is set
again a little smaller, so the PDF is always a cover, one page per week, and the reference.

The same plan gives the same bytes on any machine that has the same fonts: where Debian's
HarfBuzz-Subset library is missing, WeasyPrint subsets fonts with fontTools, which stamps each
subset font's ``head.modified`` with the current time unless ``SOURCE_DATE_EPOCH`` is set (the
reproducible-builds convention). :func:`to_pdf` sets it, for the write alone, to a fixed instant.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
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
# The instant fontTools writes into subset fonts: 2000-01-01T00:00:00Z, any fixed value would do.
FONT_TIMESTAMP_EPOCH_S = 946_684_800
_ENVIRONMENT_LOCK = threading.Lock()


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


@contextmanager
def _fixed_font_timestamps() -> Iterator[None]:
    """Subset fonts carry a fixed ``modified`` time, not the clock's (a caller's own value wins).

    The environment is process-wide, so writes from several threads take turns here.
    """
    with _ENVIRONMENT_LOCK:
        if "SOURCE_DATE_EPOCH" in os.environ:
            yield
            return
        os.environ["SOURCE_DATE_EPOCH"] = str(FONT_TIMESTAMP_EPOCH_S)
        try:
            yield
        finally:
            del os.environ["SOURCE_DATE_EPOCH"]


def to_pdf(plan: Plan) -> bytes:
    """The plan as PDF bytes: a cover, one page per week, and two reference pages.

    The same plan gives the same bytes at any time of day (see the module's docstring).
    Raises :class:`~hamplan.errors.MissingExtraError` (with the pip line) if WeasyPrint cannot
    be imported.
    """
    document = render_document(plan)
    with _fixed_font_timestamps():
        return document.write_pdf()


def write_pdf(plan: Plan, path: str | os.PathLike[str]) -> Path:
    """Write :func:`to_pdf` to ``path`` atomically."""
    return atomic_write(path, to_pdf(plan))


__all__ = ["PIP_LINE", "render_document", "to_pdf", "write_pdf"]
