"""PLOVER-style event records: one JSON object per event, in PLOVER's vocabulary.

PLOVER names the parts of an event record: the event type (category), its mode and context, the actor
and the recipient (each with country and sector codes), the date, the location, and the source text.
eventwire fills these from its tables; `docs/exports.md` lists every field.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import Any

from eventwire import __version__
from eventwire.store.rows import COLUMNS

_ACTOR_FIELDS = ("x_side", "x_text", "x_start", "x_end", "x_name", "x_country", "x_role", "x_kind")


def sql(where: str) -> str:
    """Each event once per actor (or once with none), ordered so that an event's rows are adjacent."""
    events = ", ".join(f"e.{c}" for c in COLUMNS["events"])
    return (
        f"SELECT {events}, a.url AS article_url, a.title AS article_title, a.publisher AS article_publisher, "
        f"x.side AS x_side, x.text AS x_text, x.start_char AS x_start, x.end_char AS x_end, x.name AS x_name, "
        f"x.country AS x_country, x.role AS x_role, x.kind AS x_kind "
        f"FROM events e LEFT JOIN articles a ON a.id = e.article_id LEFT JOIN event_actors x ON x.event_id = e.id "
        f"WHERE {where} ORDER BY e.event_date NULLS LAST, e.id, x.side, x.ordinal"
    )


def records(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Group each event's adjacent rows (one per actor) into one PLOVER record."""
    for _, group in groupby(rows, key=lambda r: r["id"]):
        event_rows = list(group)
        yield record(event_rows[0], [r for r in event_rows if r["x_side"] is not None])


def record(e: dict[str, Any], actor_rows: list[dict[str, Any]]) -> dict[str, Any]:
    actors = [_actor(r) for r in actor_rows if r["x_side"] == "source"]
    recipients = [_actor(r) for r in actor_rows if r["x_side"] == "target"]
    first_actor = actors[0] if actors else {}
    first_recipient = recipients[0] if recipients else {}
    return {
        "id": e["id"],
        "event_type": e["category"],
        "mode": None,  # eventwire codes the finer distinction as a CAMEO code instead
        "cameo": e["cameo"],
        "context": [],
        "quad_class": e["quad_class"],
        "goldstein": e["goldstein"],
        "actor_name": first_actor.get("name"),
        "actor_country": first_actor.get("country"),
        "actor_sector": first_actor.get("sector"),
        "recipient_name": first_recipient.get("name"),
        "recipient_country": first_recipient.get("country"),
        "recipient_sector": first_recipient.get("sector"),
        "actors": actors,
        "recipients": recipients,
        "event_date": _iso(e["event_date"]),
        "date_earliest": _iso(e["date_earliest"]),
        "date_latest": _iso(e["date_latest"]),
        "date_precision": e["date_precision"],
        "publication_date": _iso(e["published"]),
        "location": _location(e),
        "event_text": e["evidence"],
        "sentence_index": e["sentence_index"],
        "trigger": {"text": e["trigger_text"], "start": e["trigger_start"], "end": e["trigger_end"]},
        "story_id": e["article_id"],
        "url": e["article_url"],
        "title": e["article_title"],
        "publisher": e["article_publisher"],
        "modality": e["modality"],
        "confidence": e["confidence"],
        "cluster_id": e["cluster_id"],
        "coder": f"eventwire {__version__}",
    }


def _actor(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": row["x_name"],
        "country": row["x_country"],
        "sector": row["x_role"],
        "kind": row["x_kind"],
        "text": row["x_text"],
        "start": row["x_start"],
        "end": row["x_end"],
    }


def _location(e: dict[str, Any]) -> dict[str, Any] | None:
    if not e["place_name"] and not e["place_country"]:
        return None
    return {
        "name": e["place_name"],
        "country": e["place_country"],
        "lat": e["latitude"],
        "lon": e["longitude"],
        "precision": e["place_precision"],
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None
