"""Views of a parsed Doc that later stages need more than once.

spaCy rebuilds `Span.ents` from every entity of the document on each call, so a stage that
walks sentences asks for the grouping once per document instead.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span


def entities_by_sentence(doc: Doc) -> dict[int, list[Span]]:
    """The document's entities grouped under the start token of their sentence, in text order."""
    grouped: dict[int, list[Span]] = {}
    for ent in doc.ents:
        grouped.setdefault(ent.sent.start, []).append(ent)
    return grouped
