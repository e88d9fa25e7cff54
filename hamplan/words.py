"""Words for the texts a runner reads: what English asks around the numbers and names the
plans fill in."""

from __future__ import annotations

import re

#: A leading number said with a vowel sound: eight, eighty, eight hundred, eleven, eighteen
#: (and their thousands).
_VOWEL_NUMBER = re.compile(r"(8\d*|11|18|11\d{3}|18\d{3})(?!\d)")


def a_or_an(phrase: str) -> str:
    """``phrase`` after its indefinite article: "an" before a number said with a vowel (8, 80,
    800, 11, 18, and their thousands) or a word that starts with a, e, i or o; else "a" ("an
    8.6 km long run", "an 11-min run", "an intervals session", "a 10K plan", "a 110-min run").
    The words the plans put there (run types, race names, numbers) follow that rule; "hour",
    "one" or "uphill" would not."""
    head = phrase.lstrip()
    if head[:1].isdigit():
        vowel = _VOWEL_NUMBER.match(head) is not None
    else:
        vowel = head[:1].lower() in ("a", "e", "i", "o")
    return f"{'an' if vowel else 'a'} {phrase}"
