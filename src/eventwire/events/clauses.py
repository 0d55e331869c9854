"""Small facts about a clause that several coding steps read from the parse."""

from __future__ import annotations

from spacy.tokens import Token

RELATIVE_PRONOUNS = {"that", "which", "who", "whom"}
_PAST_AUXILIARIES = {"was", "were", "had", "has", "have", "did"}


def is_past(clause: Token) -> bool:
    """A clause in the past or the perfect: "attacked", "were denied", "had shelled", "has killed"."""
    return clause.tag_ == "VBD" or any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in _PAST_AUXILIARIES for c in clause.children
    )


def is_infinitive(clause: Token) -> bool:
    """A "to" clause: "agreed *to withdraw*", "called *to thank* her"."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
