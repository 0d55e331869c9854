"""The event filter as query parameters: the CLI's option names in snake_case, parsed by `EventFilter.parse`.

Every parameter is taken as a string and handed to `EventFilter.parse`, so the API accepts
exactly what the command line accepts and reports a bad value the same way, naming the field.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from eventwire.serve.errors import ApiError
from eventwire.store.query import EventFilter

Text = Annotated[str | None, Query()]


def event_filter(
    since: Annotated[str | None, Query(description="events on or after this day (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, Query(description="events on or before this day (YYYY-MM-DD)")] = None,
    category: Annotated[str | None, Query(description="PLOVER categories, comma-separated")] = None,
    quad: Annotated[str | None, Query(description="quad classes 1-4, comma-separated (CLI: --quad)")] = None,
    quad_class: Annotated[str | None, Query(description="the same as quad")] = None,
    country: Annotated[str | None, Query(description="source or target country (ISO 3166 alpha-3)")] = None,
    source_country: Text = None,
    target_country: Text = None,
    role: Annotated[str | None, Query(description="source or target role (GOV, MIL, REB, ...)")] = None,
    source_role: Text = None,
    target_role: Text = None,
    actor: Annotated[str | None, Query(description="part of an actor's name")] = None,
    dyad: Annotated[str | None, Query(description="source-target countries, e.g. USA-NER")] = None,
    place: Annotated[str | None, Query(description="place name or country")] = None,
    text: Annotated[str | None, Query(description="part of the evidence sentence")] = None,
    modality: Annotated[str | None, Query(description="asserted, negated, hypothetical, future, reported")] = None,
    min_confidence: Annotated[str | None, Query(description="lowest confidence, 0-1")] = None,
    cluster: Annotated[str | None, Query(description="cluster id: one real-world event")] = None,
    article: Annotated[str | None, Query(description="article id")] = None,
) -> EventFilter:
    raw = {name: value for name, value in locals().items() if value not in (None, "")}
    if "quad" in raw and "quad_class" in raw:
        raw["quad"] = f"{raw['quad']},{raw.pop('quad_class')}"
    try:
        return EventFilter.parse(**raw)
    except ValueError as err:
        raise ApiError(400, str(err)) from err
