"""An event mention: one trigger in one sentence, coded, before mentions are merged into events."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from eventwire.model import Actor, EventDate, Location, Modality, Quantity, Span


@dataclass(slots=True)
class EventMention:
    sentence_index: int
    evidence: str
    trigger: Span
    token: Token
    category: str
    cameo: str | None
    modality: Modality
    confidence: float
    source: list[Actor]
    target: list[Actor]
    themes: frozenset[str]  # content words of what the event is about: "agreement", "cooperation"
    standalone: bool = True  # False: may corroborate an event but not report one alone (background clauses)
    date: EventDate | None = None
    location: Location | None = None
    quantities: list[Quantity] = field(default_factory=list)
