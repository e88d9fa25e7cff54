"""Exports of a :class:`~hamplan.Plan`: JSON, iCalendar, HTML, PDF and FIT workouts.

Each format has its own module, imported on first use so that ``import hamplan`` stays light:

* :mod:`hamplan.export.files` — ``atomic_write`` and ``write_json``
* :mod:`hamplan.export.ics` — ``to_ics`` / ``write_ics`` (RFC 5545 calendar)
* :mod:`hamplan.export.html` — ``render_html`` / ``write_html`` (printable web page)
* :mod:`hamplan.export.pdf` — ``to_pdf`` / ``write_pdf`` (the same content set by Typst)
* :mod:`hamplan.export.fit` — ``workout_files`` / ``write_fit`` (a FIT workout file per session,
  for a watch; a folder, so not one of :data:`FORMATS`)
* :mod:`hamplan.export.publish` — ``publish`` (the events of the ``.ics`` export, kept in step on
  a CalDAV server; the ``caldav`` extra)

Every writer is deterministic (the same plan gives the same bytes) and atomic (a reader never
sees a half-written file).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hamplan.models import Plan

FORMATS: tuple[str, ...] = ("json", "ics", "html", "pdf")
"""Every export format, in the order the command line writes them."""


def render(plan: Plan, formats: Iterable[str]) -> dict[str, bytes]:
    """Every asked format, in memory (so nothing is written until all have rendered)."""
    rendered: dict[str, bytes] = {}
    for fmt in formats:
        if fmt == "json":
            from hamplan.export.files import to_json

            rendered[fmt] = to_json(plan)
        elif fmt == "ics":
            from hamplan.export.ics import to_ics

            rendered[fmt] = to_ics(plan)
        elif fmt == "html":
            from hamplan.export.html import render_html

            rendered[fmt] = render_html(plan).encode("utf-8")
        elif fmt == "pdf":
            from hamplan.export.pdf import to_pdf

            rendered[fmt] = to_pdf(plan)
        else:
            raise ValueError(f"unknown format {fmt!r}; use {', '.join(FORMATS)}")
    return rendered


__all__ = ["FORMATS", "render"]
