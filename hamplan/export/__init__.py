"""Exports of a :class:`~hamplan.Plan`: JSON, iCalendar, HTML and PDF.

Each format has its own module, imported on first use so that ``import hamplan`` stays light:

* :mod:`hamplan.export.files` — ``atomic_write`` and ``write_json``
* :mod:`hamplan.export.ics` — ``to_ics`` / ``write_ics`` (RFC 5545 calendar)
* :mod:`hamplan.export.html` — ``render_html`` / ``write_html`` (printable web page)
* :mod:`hamplan.export.pdf` — ``to_pdf`` / ``write_pdf`` (the same page through WeasyPrint)

Every writer is deterministic (the same plan gives the same bytes) and atomic (a reader never
sees a half-written file).
"""

from __future__ import annotations

FORMATS: tuple[str, ...] = ("json", "ics", "html", "pdf")
"""Every export format, in the order the command line writes them."""

__all__ = ["FORMATS"]
