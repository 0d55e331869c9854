"""The data model: plain typed objects that flow forward through the pipeline.

Every offset is a character offset into the *clean* article text
(`Article.text`); `CleanText.raw_offset` maps it back to the raw page.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

Modality = Literal["asserted", "negated", "hypothetical", "future", "reported"]
Precision = Literal["day", "week", "month", "year", "approximate"]
Kind = Literal["state", "organisation", "person", "group", "igo", "place"]


@dataclass(slots=True)
class Article:
    """One news article as read from its source, before and after cleaning."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: date | None = None
    language: str = "en"
    raw_sha256: str = ""
    origin: str = ""  # where it was read from: a path, "path:line" or "-"


@dataclass(slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Span:
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Actor:
    """A resolved actor mention: who, as CAMEO-style country + sector codes."""

    text: str
    start: int
    end: int
    name: str
    country: str | None = None  # ISO 3166 alpha-3
    role: str | None = None  # GOV, MIL, REB, OPP, COP, JUD, BUS, MED, CVL, IGO, ...
    kind: Kind | None = None


@dataclass(slots=True)
class EventDate:
    earliest: date | None
    latest: date | None
    precision: Precision = "approximate"

    def overlaps(self, other: EventDate) -> bool:
        """Whether the two intervals can hold the same day (open ends overlap everything)."""
        if self.latest and other.earliest and self.latest < other.earliest:
            return False
        return not (other.latest and self.earliest and other.latest < self.earliest)


@dataclass(slots=True)
class Location:
    name: str
    country: str | None
    lat: float | None = None
    lon: float | None = None
    precision: Literal["place", "country"] = "place"


@dataclass(slots=True)
class Quantity:
    text: str
    value: float
    unit: str  # troops, dead, injured, arrested, protesters, people, USD, EUR, ...
    start: int
    end: int
    vague: bool = False


@dataclass(slots=True)
class Quote:
    text: str
    start: int
    end: int
    speaker: Actor | None = None
    direct: bool = True


@dataclass(slots=True)
class Mention:
    """One sentence of the article that reports an event."""

    sentence_index: int
    evidence: str
    trigger: Span


@dataclass(slots=True)
class Event:
    id: str
    category: str  # PLOVER
    cameo: str | None
    modality: Modality
    confidence: float
    source: list[Actor]
    target: list[Actor]
    date: EventDate
    mentions: list[Mention]
    goldstein: float | None = None
    quad_class: int | None = None  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    location: Location | None = None
    quantities: list[Quantity] = field(default_factory=list)
    cluster_id: str | None = None  # shared by the events of several articles that report one real-world event
    cluster_articles: list[str] = field(default_factory=list)  # the articles that report it

    @property
    def sentence_index(self) -> int:
        return self.mentions[0].sentence_index

    @property
    def evidence(self) -> str:
        return self.mentions[0].evidence


@dataclass(slots=True)
class CodedArticle:
    """The pipeline's output for one article: the contract other tools read."""

    article: Article
    sentences: list[Sentence]
    actors: list[Actor]
    events: list[Event]
    quantities: list[Quantity]
    quotes: list[Quote]
    duplicate_of: str | None = None  # id of an earlier article in the same run that this one copies

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        return {
            "id": a.id,
            "title": a.title,
            "published": a.published.isoformat() if a.published else None,
            "url": a.url,
            "publisher": a.publisher,
            "language": a.language,
            "raw_sha256": a.raw_sha256,
            "duplicate_of": self.duplicate_of,
            "text": a.text,
            "sentences": [asdict(s) for s in self.sentences],
            "actors": [asdict(x) for x in self.actors],
            "events": [_event_dict(e) for e in self.events],
            "quantities": [asdict(q) for q in self.quantities],
            "quotes": [_quote_dict(q) for q in self.quotes],
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _event_dict(e: Event) -> dict[str, Any]:
    return {
        "id": e.id,
        "category": e.category,
        "cameo": e.cameo,
        "modality": e.modality,
        "confidence": round(e.confidence, 3),
        "goldstein": e.goldstein,
        "quad_class": e.quad_class,
        "source": [asdict(x) for x in e.source],
        "target": [asdict(x) for x in e.target],
        "date": {"earliest": _iso(e.date.earliest), "latest": _iso(e.date.latest), "precision": e.date.precision},
        "location": asdict(e.location) if e.location else None,
        "quantities": [asdict(q) for q in e.quantities],
        "cluster_id": e.cluster_id,
        "cluster_articles": e.cluster_articles,
        "mentions": [asdict(m) for m in e.mentions],
    }


def _quote_dict(q: Quote) -> dict[str, Any]:
    return {
        "text": q.text,
        "start": q.start,
        "end": q.end,
        "direct": q.direct,
        "speaker": asdict(q.speaker) if q.speaker else None,
    }
