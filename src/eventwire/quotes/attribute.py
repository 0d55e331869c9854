"""Give each quote its speaker as a resolved actor."""

from __future__ import annotations

from spacy.tokens import Doc

from eventwire.actors.resolve import ActorIndex
from eventwire.events.arguments import actor_of_phrase
from eventwire.model import Quote
from eventwire.quotes.extract import find_quotes


def attribute_quotes(doc: Doc, index: ActorIndex) -> list[Quote]:
    quotes = []
    for found in find_quotes(doc):
        speaker = None
        if found.speaker_start is not None and found.speaker_end is not None:
            span = doc.char_span(found.speaker_start, found.speaker_end, alignment_mode="expand")
            if span is not None and len(span):
                speaker = actor_of_phrase(span, index)
        quotes.append(Quote(found.text, found.start, found.end, speaker, found.direct))
    return quotes
