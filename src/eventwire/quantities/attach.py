"""Attach magnitudes to the events whose sentence states them: "killing 12", "1,000 troops"."""

from __future__ import annotations

from spacy.tokens import Doc

from eventwire.events.mention import EventMention
from eventwire.model import Quantity


def attach_quantities(doc: Doc, mentions: list[EventMention], quantities: list[Quantity]) -> None:
    bounds = [(s.start_char, s.end_char) for s in doc.sents]
    for mention in mentions:
        start, end = bounds[mention.sentence_index]
        mention.quantities = [q for q in quantities if start <= q.start < end]
