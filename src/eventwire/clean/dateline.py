"""Datelines: "NAIROBI, Kenya (Wire) -", "KABUL, March 3, 2022 -", "PESHAWAR:". Where a story was filed, and when."""

from __future__ import annotations

import re

_DASH = r"(?:--|-|—|–)"
# "NAIROBI, Kenya (Wire) -", "Raipur, India -": a city, a comma, then up to 60 characters before a dash
_LONG = re.compile(rf"^\s*(?P<city>[A-Z][A-Za-z'.-]*(?: [A-Z][A-Za-z'.-]*){{0,2}}),(?P<rest>[^-—–]{{0,60}}?){_DASH}")
# "PESHAWAR:", "SINGAPORE -", "Abuja --": a city alone, in capitals before a colon or dash, or before a double
# hyphen (wire style; "Putin — who ..." is prose, not a dateline)
_CAPITALS = re.compile(rf"^\s*(?P<city>[A-Z][A-Z'.-]{{2,}}(?: [A-Z][A-Z'.-]+){{0,2}})\s*(?::|{_DASH})(?:\s|$)")
_NAMED = re.compile(r"^\s*(?P<city>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})\s+--(?:\s|$)")
SEARCHED_SENTENCES = 2  # a dateline opens the story's first sentence (after the title)


def dateline(sentence: str) -> tuple[str, int] | None:
    """The dateline's city and the length of the dateline at the start of a sentence, if it has one.

    A capitalised city followed by a comma and a dash is only a dateline when the city is written in
    capitals or a date or an agency in brackets follows it; "Kenya, Uganda and Tanzania - ..." is not one.
    """
    match = _LONG.match(sentence)
    if match is not None:
        city, rest = match.group("city"), match.group("rest")
        if city.isupper() or "(" in rest or any(ch.isdigit() for ch in rest):
            return city, match.end()
    match = _CAPITALS.match(sentence) or _NAMED.match(sentence)
    return (match.group("city"), match.end()) if match is not None else None
