"""The publication date of an article that did not come with one: a full date at its top.

Bylines, datelines and "Updated" lines put the date near the title ("MOSCOW, Sept. 24, 2001 -",
"Published 17 March 2024"). Only a complete date with a year counts; a bare weekday does not.
"""

from __future__ import annotations

import re
from datetime import date

from eventwire.temporal.expressions import resolve_expression

TOP_CHARS = 400
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_FULL_DATE = re.compile(rf"\b(?:\d{{4}}-\d{{2}}-\d{{2}}|{_MONTH} \d{{1,2}},? \d{{4}}|\d{{1,2}} {_MONTH},? \d{{4}})\b")
_FAR_FUTURE = date(2100, 1, 1)  # explicit dates need no anchor; this one only keeps the resolver total


def find_publication_date(text: str) -> date | None:
    for match in _FULL_DATE.finditer(text[:TOP_CHARS]):
        resolved = resolve_expression(match.group(0), _FAR_FUTURE)
        if resolved is not None and resolved.precision == "day":
            return resolved.earliest
    return None
