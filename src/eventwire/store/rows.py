"""A coded article as database rows: one tuple per row, in the column order of `INSERTED`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from eventwire.model import Actor, CodedArticle, Event, Quantity
from eventwire.store import keys

COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": (
        "id", "url", "title", "publisher", "published", "language", "raw_sha256", "origin", "text",
        "duplicate_of", "minhash", "run_id", "coded_at",
    ),
    "sentences": ("article_id", "sentence_index", "start_char", "end_char", "text"),
    "actors": ("article_id", "ordinal", "text", "start_char", "end_char", "name", "country", "role", "kind"),
    "events": (
        "id", "article_id", "published", "category", "cameo", "quad_class", "goldstein", "modality", "confidence",
        "source_name", "source_country", "source_role", "target_name", "target_country", "target_role",
        "event_date", "date_earliest", "date_latest", "date_precision",
        "place_name", "place_country", "latitude", "longitude", "place_precision",
        "sentence_index", "evidence", "trigger_text", "trigger_start", "trigger_end", "cluster_id",
    ),
    "event_actors": (
        "event_id", "article_id", "side", "ordinal", "text", "start_char", "end_char", "name", "country", "role",
        "kind",
    ),
    "mentions": (
        "event_id", "article_id", "ordinal", "sentence_index", "evidence", "trigger_text", "trigger_start",
        "trigger_end",
    ),
    "quantities": ("article_id", "event_id", "text", "value", "unit", "start_char", "end_char", "vague"),
    "quotes": (
        "article_id", "ordinal", "text", "start_char", "end_char", "direct", "speaker_name", "speaker_country",
        "speaker_role",
    ),
    "article_bands": ("article_id", "band", "band_key"),
}  # fmt: skip

# The columns written: an events row also carries the query columns derived from its actors and evidence (keys.py).
# They are not in COLUMNS["events"], which lists what an event is (and what exports and the API show).
INSERTED: dict[str, tuple[str, ...]] = {
    **COLUMNS,
    "events": (*COLUMNS["events"], *keys.COLUMNS),
    "event_actors": (*COLUMNS["event_actors"], *keys.ACTOR_COLUMNS),
}

# The tables that hold one article's coding, children first: replacing an article deletes from each.
ARTICLE_TABLES = ("article_bands", "quotes", "quantities", "mentions", "event_actors", "events", "actors", "sentences")


def article_rows(coded: CodedArticle, run_id: int | None, coded_at: datetime, minhash: str) -> dict[str, list[tuple]]:
    """Every row that one coded article puts in the database, in the column order of `INSERTED`."""
    a = coded.article
    article_id = a.id
    rows: dict[str, list[tuple]] = {table: [] for table in COLUMNS}
    rows["articles"].append(
        (a.id, a.url, a.title, a.publisher, a.published, a.language, a.raw_sha256, a.origin, a.text,
         coded.duplicate_of, minhash, run_id, coded_at)
    )  # fmt: skip
    rows["sentences"] = [(article_id, s.index, s.start, s.end, s.text) for s in coded.sentences]
    rows["actors"] = [(article_id, i, *_actor(x)) for i, x in enumerate(coded.actors)]
    attached: set[tuple[int, int]] = set()
    for event in coded.events:
        rows["events"].append(_event_row(event, article_id, a.published))
        sides = (("source", event.source), ("target", event.target))
        flags = iter(keys.actor_flags([(side, _who(actors)) for side, actors in sides]))
        for side, actors in sides:
            rows["event_actors"] += [
                (event.id, article_id, side, i, *_actor(x), *next(flags)) for i, x in enumerate(actors)
            ]
        rows["mentions"] += [
            (event.id, article_id, i, m.sentence_index, m.evidence, m.trigger.text, m.trigger.start, m.trigger.end)
            for i, m in enumerate(event.mentions)
        ]
        rows["quantities"] += [_quantity(q, article_id, event.id) for q in event.quantities]
        attached |= {(q.start, q.end) for q in event.quantities}
    rows["quantities"] += [_quantity(q, article_id, None) for q in coded.quantities if (q.start, q.end) not in attached]
    rows["quotes"] = [
        (article_id, i, q.text, q.start, q.end, q.direct, *(_speaker(q.speaker))) for i, q in enumerate(coded.quotes)
    ]
    return rows


def _actor(x: Actor) -> tuple:
    return (x.text, x.start, x.end, x.name, x.country, x.role, x.kind)


def _speaker(x: Actor | None) -> tuple:
    return (x.name, x.country, x.role) if x else (None, None, None)


def _first(actors: list[Actor]) -> tuple:
    return (actors[0].name, actors[0].country, actors[0].role) if actors else (None, None, None)


def _event_row(e: Event, article_id: str, published: Any) -> tuple:
    place = e.location
    where = (place.name, place.country, place.lat, place.lon, place.precision) if place else (None,) * 5
    trigger = e.mentions[0].trigger
    return (
        e.id, article_id, published, e.category, e.cameo, e.quad_class, e.goldstein, e.modality,
        round(e.confidence, 3), *_first(e.source), *_first(e.target),
        e.date.earliest or published, e.date.earliest, e.date.latest, e.date.precision, *where,
        e.sentence_index, e.evidence, trigger.text, trigger.start, trigger.end, e.cluster_id,
        *keys.event_keys(_who(e.source), _who(e.target), e.evidence),
    )  # fmt: skip


def _who(actors: list[Actor]) -> list[tuple]:
    return [(x.country, x.role, x.name) for x in actors]


def _quantity(q: Quantity, article_id: str, event_id: str | None) -> tuple:
    return (article_id, event_id, q.text, q.value, q.unit, q.start, q.end, q.vague)
