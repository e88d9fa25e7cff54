"""Distances and paces in the reader's unit.

The plan stores every distance in kilometres and every pace in min/km; a request with
``units = "mi"`` is shown in miles. The texts written by :mod:`hamplan.content` (and the
plan's notes) say "km", so :meth:`Units.text` rewrites their distances and paces for a miles
reader. Below the plan and the exporters: the plan's text summary reads it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from hamplan.models import KM_PER_MI
from hamplan.paces import format_pace
from hamplan.words import a_or_an

_KM_TEXT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?) ?km\b")
_PACE_TEXT = re.compile(r"\b(\d{1,2}):(\d{2}) ?/km\b")
#: ranges name their unit once, after the second number ("10.4–13.3 km", "5:37–5:43 /km"):
#: both ends are converted (a miles summary read "14.7–10.7 mi" and "5:37–9:12 /mi")
_KM_RANGE_TEXT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)([–-])(\d+(?:\.\d+)?) ?km\b")
_PACE_RANGE_TEXT = re.compile(r"\b(\d{1,2}):(\d{2})([–-])(\d{1,2}):(\d{2}) ?/km\b")


def number(value: float, digits: int = 1) -> str:
    """``'3.5'``, ``'24'`` (no trailing ``.0``)."""
    text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@dataclass(frozen=True, slots=True)
class Units:
    """Distances and paces in the reader's unit."""

    unit: Literal["km", "mi"] = "km"

    @property
    def factor(self) -> float:
        """Display units per kilometre."""
        return 1.0 / KM_PER_MI if self.unit == "mi" else 1.0

    def value(self, km: float) -> float:
        return km * self.factor

    def distance(self, km: float, digits: int = 1) -> str:
        """``'24 km'`` or ``'14.9 mi'``."""
        return f"{number(self.value(km), digits)} {self.unit}"

    def pace(self, min_per_km: float) -> str:
        """``'8:24 /km'`` or ``'13:31 /mi'``."""
        return f"{format_pace(min_per_km / self.factor)} /{self.unit}"

    def pace_range(self, fast_min_per_km: float, slow_min_per_km: float) -> str:
        """``'7:04–8:24 /km'`` (the fast end first)."""
        return f"{format_pace(fast_min_per_km / self.factor)}–{format_pace(slow_min_per_km / self.factor)} /{self.unit}"

    def text(self, text: str) -> str:
        """A content text with its "N km" distances and "M:SS /km" paces in this unit."""
        if self.unit == "km":
            return text
        return _in_miles(text)


@lru_cache(maxsize=4096)
def _in_miles(text: str) -> str:
    """:meth:`Units.text` for miles. Memoised because the content texts are a small fixed set that
    every plan repeats (the same warm-up lines in each session), and two regex passes per line
    were a large part of an export's time; the bound keeps a long batch's memory flat."""
    miles = Units("mi")
    text = _PACE_RANGE_TEXT.sub(
        lambda m: format_pace((int(m.group(1)) * 60 + int(m.group(2))) / 60.0 / miles.factor) + m.group(3)
        + miles.pace((int(m.group(4)) * 60 + int(m.group(5))) / 60.0), text)
    text = _KM_RANGE_TEXT.sub(
        lambda m: f"{number(miles.value(float(m.group(1))))}{m.group(2)}{miles.distance(float(m.group(3)))}", text)
    text = _PACE_TEXT.sub(lambda m: miles.pace((int(m.group(1)) * 60 + int(m.group(2))) / 60.0), text)
    text = _KM_TEXT.sub(lambda m: miles.distance(float(m.group(1))), text)
    # the article said before the km figure, said again before the miles ("beside a 13.7 km long
    # run" read "beside a 8.5 mi long run")
    return _ARTICLE_BEFORE_MILES.sub(_article_again, text)


#: "a" or "an" before a distance, a range of them or a pace in miles.
_ARTICLE_BEFORE_MILES = re.compile(r"\b([Aa]n?) (\d+(?:[.:]\d+)?(?:–\d+(?:[.:]\d+)?)? /?mi)\b")


def _article_again(match: re.Match[str]) -> str:
    """The article of a number turned into miles, chosen again ("a 13.7 km" -> "an 8.5 mi"). A
    capital "A" only at the start of a sentence: elsewhere it is a name ("Plan A 13.7 km")."""
    article, rest = match.group(1), match.group(2)
    before = match.string[: match.start()].rstrip()
    if article[0].isupper() and before and before[-1] not in ".!?:":
        return match.group(0)
    again = a_or_an(rest)
    return again[:1].upper() + again[1:] if article[0].isupper() else again
