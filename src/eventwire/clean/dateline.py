"""Datelines: "NAIROBI, Kenya (Wire) -", "KABUL, March 3, 2022 -". Where a story was filed, and when."""

from __future__ import annotations

import re

_DATELINE = re.compile(r"^\s*(?P<city>[A-Z][A-Za-z'.-]*(?: [A-Z][A-Za-z'.-]*){0,2}),(?P<rest>[^-]{0,60}?)-")
SEARCHED_SENTENCES = 2  # a dateline opens the story's first sentence (after the title)


def dateline(sentence: str) -> tuple[str, int] | None:
    """The dateline's city and the length of the dateline at the start of a sentence, if it has one.

    A capitalised city followed by a comma and a dash is only a dateline when the city is written in
    capitals or a date or an agency in brackets follows it; "Kenya, Uganda and Tanzania - ..." is not one.
    """
    match = _DATELINE.match(sentence)
    if match is None:
        return None
    city, rest = match.group("city"), match.group("rest")
    if not (city.isupper() or "(" in rest or any(ch.isdigit() for ch in rest)):
        return None
    return city, match.end()
