"""The query layer over the event database, shared by `eventwire query`/`export` and the HTTP API.

One dialect: standard SQL with `?` placeholders that runs unchanged on DuckDB and PostgreSQL 15.
Every value that comes from a user is a parameter; the only words spliced into SQL text come from
fixed whitelists (periods, groupings). All counting and grouping happen in the database, so the
functions stay fast on millions of events; Python only loops over the few rows a query returns.

Conventions:
- Events are listed newest first: `event_date DESC NULLS LAST, id` (undated events come last).
- Actor filters look at every actor of an event (the `event_actors` table), not only the first one.
  The conditions on one side are met by one actor: `country=USA, role=GOV` means "a US government
  actor on either side", not "some US actor and some government actor".
- A dyad is a (source country, target country) pair of an event's actors. An event with two source
  countries belongs to two dyads, so totals over dyads can exceed the number of events.

Speed: the queries read the `events` table alone wherever they can. Actor, dyad and text conditions use
the columns derived from each event's actors and evidence when it was written (`store/keys.py`): the
same answers as an EXISTS over `event_actors` or a scan of every evidence sentence, in a fraction of the
time. A database written before those columns existed (and not yet opened for writing, which fills
them) is read the old way. Series group by day first and by the coarser period over those few rows.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from eventwire.store import keys as derived
from eventwire.store.database import Database
from eventwire.store.rows import COLUMNS

PERIODS = ("day", "week", "month", "year")
GROUPINGS = ("category", "quad_class", "dyad")
MODALITIES = ("asserted", "negated", "hypothetical", "future", "reported")
ORDER = "e.event_date DESC NULLS LAST, e.id"
EVENT_LIST = ", ".join(f"e.{c}" for c in COLUMNS["events"])  # what an event is: not the derived query columns

_CODE = re.compile(r"[A-Z][A-Z0-9_]*")
_ISO3 = re.compile(r"[A-Z]{3}")
_ACTOR_KEYS = ("text", "start", "end", "name", "country", "role", "kind")


class FilterError(ValueError):
    """A bad filter value; `field` is the name the caller used (an option or a query parameter)."""

    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field}: {reason}: {value!r}")


# -- value checks: each takes the field's name (for the message) and a raw or typed value ---------------


def _items(value: object) -> list[str]:
    """A comma list or an iterable of strings → stripped, non-empty items."""
    parts = value.split(",") if isinstance(value, str) else [str(v) for v in value]  # type: ignore[attr-defined]
    return [p.strip() for p in parts if p.strip()]


def _date(field: str, value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise FilterError(field, value, "not a YYYY-MM-DD date") from None


def _codes(field: str, value: object, pattern: re.Pattern[str], what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    codes = tuple(item.upper() for item in _items(value))
    for code in codes:
        if not pattern.fullmatch(code):
            raise FilterError(field, code, f"not {what}")
    return tuple(dict.fromkeys(codes))


def _code(field: str, value: object, pattern: re.Pattern[str], what: str) -> str | None:
    if value is None or str(value).strip() == "":
        return None
    code = str(value).strip().upper()
    if not pattern.fullmatch(code):
        raise FilterError(field, value, f"not {what}")
    return code


def _quads(field: str, value: object) -> tuple[int, ...]:
    if value is None:
        return ()
    quads = []
    for item in _items(value) if isinstance(value, str) else value:  # type: ignore[attr-defined]
        try:
            quad = int(item)
        except (TypeError, ValueError):
            raise FilterError(field, item, "not a quad class (1-4)") from None
        if quad not in (1, 2, 3, 4):
            raise FilterError(field, item, "not a quad class (1-4)")
        quads.append(quad)
    return tuple(dict.fromkeys(quads))


def _modalities(field: str, value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    found = tuple(item.lower() for item in _items(value))
    for modality in found:
        if modality not in MODALITIES:
            raise FilterError(field, modality, f"not a modality ({', '.join(MODALITIES)})")
    return tuple(dict.fromkeys(found))


def _dyad(field: str, value: object) -> tuple[str, str] | None:
    if value is None or value == "":
        return None
    parts = re.split(r"[-,>]", value) if isinstance(value, str) else list(value)  # type: ignore[call-overload]
    parts = [str(p).strip().upper() for p in parts]
    if len(parts) != 2 or not all(_ISO3.fullmatch(p) for p in parts):
        raise FilterError(field, value, "not a dyad of two ISO3 country codes (like USA-NER)")
    return parts[0], parts[1]


def _confidence(field: str, value: object) -> float:
    if value is None or value == "":
        return 0.0
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise FilterError(field, value, "not a number from 0 to 1") from None
    if not 0.0 <= number <= 1.0:
        raise FilterError(field, value, "not a number from 0 to 1")
    return number


def _text(field: str, value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


_CHECKS: dict[str, Any] = {
    "since": _date,
    "until": _date,
    "categories": lambda f, v: _codes(f, v, _CODE, "a category (like PROTEST)"),
    "quad_classes": _quads,
    "country": lambda f, v: _code(f, v, _ISO3, "an ISO 3166 alpha-3 country code (like USA)"),
    "source_country": lambda f, v: _code(f, v, _ISO3, "an ISO 3166 alpha-3 country code (like USA)"),
    "target_country": lambda f, v: _code(f, v, _ISO3, "an ISO 3166 alpha-3 country code (like USA)"),
    "role": lambda f, v: _code(f, v, _CODE, "a role code (like GOV)"),
    "source_role": lambda f, v: _code(f, v, _CODE, "a role code (like GOV)"),
    "target_role": lambda f, v: _code(f, v, _CODE, "a role code (like GOV)"),
    "actor": _text,
    "dyad": _dyad,
    "place": _text,
    "text": _text,
    "modalities": _modalities,
    "min_confidence": _confidence,
    "cluster": _text,
    "article": _text,
}

# the names that `EventFilter.parse` accepts besides the field names (CLI options, query parameters)
_FIELD_OF = {"category": "categories", "quad": "quad_classes", "quad_class": "quad_classes", "modality": "modalities"}


# -- the filter -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events: every field left at its default matches everything. Values are checked and normalised."""

    since: date | None = None  # on events.event_date, inclusive
    until: date | None = None  # inclusive
    categories: tuple[str, ...] = ()  # PLOVER categories, upper-cased
    quad_classes: tuple[int, ...] = ()  # 1..4
    country: str | None = None  # ISO3 of any actor on either side
    source_country: str | None = None
    target_country: str | None = None
    role: str | None = None  # role of any actor on either side
    source_role: str | None = None
    target_role: str | None = None
    actor: str | None = None  # case-insensitive substring of an actor's name, either side
    dyad: tuple[str, str] | None = None  # (source country, target country)
    place: str | None = None  # case-insensitive substring of the place name, or the place's ISO3
    text: str | None = None  # case-insensitive substring of the evidence sentence
    modalities: tuple[str, ...] = ()  # () = all
    min_confidence: float = 0.0
    cluster: str | None = None
    article: str | None = None

    def __post_init__(self) -> None:
        for spec in fields(self):
            object.__setattr__(self, spec.name, _CHECKS[spec.name](spec.name, getattr(self, spec.name)))
        if self.since and self.until and self.since > self.until:
            raise FilterError("since", self.since.isoformat(), f"is after until ({self.until.isoformat()})")

    @classmethod
    def parse(cls, **raw: str | None) -> EventFilter:
        """From strings (CLI options, query parameters): dates YYYY-MM-DD, comma lists, dyad "USA-NER" or "USA,NER".

        Accepts the field names and the singular forms `category`, `quad`, `modality`; `-` may stand for `_`.
        None and "" mean "not given". A bad value raises FilterError (a ValueError) naming the key as given.
        """
        values: dict[str, Any] = {}
        known = {spec.name for spec in fields(cls)}
        for key, value in raw.items():
            name = _FIELD_OF.get(key.replace("-", "_"), key.replace("-", "_"))
            if name not in known:
                raise FilterError(key, value, "not a filter")
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            values[name] = _CHECKS[name](key, value)
        return cls(**values)

    def where(self, keys: bool = False) -> tuple[str, list[Any]]:
        """An SQL boolean over the alias `e` (events) and its parameters, in order.

        keys: use the derived columns of `events` (see `store/keys.py`) instead of EXISTS over `event_actors`
        and a scan of every evidence sentence; same rows, far faster. Every value the user gave is one
        parameter either way (the text's trigram masks are integers computed here, written into the SQL).
        """
        clauses: list[str] = []
        params: list[Any] = []

        def add(sql: str, *values: Any) -> None:
            clauses.append(sql)
            params.extend(values)

        if self.since:
            add("e.event_date >= ?", self.since)
        if self.until:
            add("e.event_date <= ?", self.until)
        if self.categories:
            add(f"e.category IN ({_marks(self.categories)})", *self.categories)
        if self.quad_classes:
            add(f"e.quad_class IN ({_marks(self.quad_classes)})", *self.quad_classes)
        if self.modalities:
            add(f"e.modality IN ({_marks(self.modalities)})", *self.modalities)
        if self.min_confidence > 0:
            add("e.confidence >= ?", self.min_confidence)
        if self.cluster:
            add("e.cluster_id = ?", self.cluster)
        if self.article:
            add("e.article_id = ?", self.article)
        if self.text:
            add(_text_clause(self.text.lower(), keys), self.text.lower())
        if self.place:
            add(*self._place(self.place))
        for sql, values in self._key_clauses() if keys else self._actor_clauses():
            add(sql, *values)
        return (" AND ".join(clauses) or "TRUE"), params

    @staticmethod
    def _place(place: str) -> tuple[Any, ...]:
        """A place name's substring; a three-letter value may also be the place's country code."""
        name = "(e.place_name IS NOT NULL AND strpos(LOWER(e.place_name), ?) > 0)"
        if _ISO3.fullmatch(place.upper()):
            return f"(e.place_country = ? OR {name})", place.upper(), place.lower()
        return name, place.lower()

    def _actor_clauses(self) -> list[tuple[str, list[Any]]]:
        """One EXISTS per side that has conditions: the conditions of a side must hold for one actor."""
        source_dyad, target_dyad = self.dyad or (None, None)
        sides = (
            _exists(None, [("country", self.country), ("role", self.role)], self.actor),
            _exists("source", [("country", self.source_country), ("role", self.source_role), ("country", source_dyad)]),
            _exists("target", [("country", self.target_country), ("role", self.target_role), ("country", target_dyad)]),
        )
        return [clause for clause in sides if clause]

    def _key_clauses(self) -> list[tuple[str, list[Any]]]:
        """The actor conditions of `_actor_clauses`, answered from the events row's derived columns.

        The conditions of one side must hold for one actor, so they make one COUNTRY/ROLE token; the
        dyad's country joins its side's token (a different country there: no actor can have both).
        """
        result: list[tuple[str, list[Any]]] = []
        if self.actor and (self.country or self.role or derived.NAME_SEPARATOR in self.actor):
            result += [c for c in [_exists(None, [("country", self.country), ("role", self.role)], self.actor)] if c]
        elif self.actor:
            result.append(("strpos(LOWER(e.actor_names), ?) > 0", [self.actor.lower()]))
        elif self.country or self.role:
            result.append(_token("e.actor_keys", self.country, self.role))
        source_dyad, target_dyad = self.dyad or (None, None)
        if self.dyad:
            result.append(("strpos(e.dyads, '|' || ? || '-' || ? || '|') > 0", [source_dyad, target_dyad]))
        sides = (("e.source_keys", self.source_country, self.source_role, source_dyad),
                 ("e.target_keys", self.target_country, self.target_role, target_dyad))  # fmt: skip
        for column, country, role, dyad_country in sides:
            if not (country or role):
                continue  # the dyad clause alone already asks for an actor of that country on this side
            if country and dyad_country and country != dyad_country:
                result.append(("FALSE", []))
            else:
                result.append(_token(column, country or dyad_country, role))
        return result

    def is_empty(self) -> bool:
        return self == EventFilter()


def _exists(side: str | None, conditions: list[tuple[str, Any]], name: str | None = None) -> tuple[str, list] | None:
    """EXISTS an actor of the event (on `side`, or either side) meeting every condition; None without conditions."""
    sql = [f"ea.{column} = ?" for column, value in conditions if value]
    values: list[Any] = [value for _, value in conditions if value]
    if name:
        sql.append("strpos(LOWER(ea.name), ?) > 0")
        values.append(name.lower())
    if not sql:
        return None
    if side:
        sql.insert(0, f"ea.side = '{side}'")
    return f"EXISTS (SELECT 1 FROM event_actors ea WHERE ea.event_id = e.id AND {' AND '.join(sql)})", values


def _token(column: str, country: str | None, role: str | None) -> tuple[str, list[Any]]:
    return f"strpos({column}, {derived.token_pattern(country, role)}) > 0", [v for v in (country, role) if v]


def _text_clause(lowered: str, keys: bool) -> str:
    """The evidence holds `lowered`; with keys, only tested where the trigram filter lets the event through.

    The filter's masks are integers computed here from the text (never the text itself). CASE keeps the
    engine from reading the evidence of the other events: as separate AND terms, DuckDB would run the
    substring test inside its table scan, on every row, before the cheap bit tests.
    """
    test = "strpos(LOWER(e.evidence), ?) > 0"
    masks = derived.search_grams(lowered) if keys else ()
    bits = " AND ".join(f"(e.grams{i} & {int(m)}) = {int(m)}" for i, m in enumerate(masks) if m)
    return f"(CASE WHEN {bits} THEN {test} ELSE FALSE END)" if bits else test


_WITH_KEYS: set[tuple[str, str]] = set()


def has_keys(db: Database) -> bool:
    """Whether the events table has the derived query columns (remembered once seen: columns are never dropped)."""
    if (db.dialect, db.target) in _WITH_KEYS:
        return True
    found = db.scalar(
        "SELECT COUNT(*) FROM information_schema.columns "
        "WHERE table_name = 'events' AND column_name = 'dyad_count' AND table_schema = current_schema()"
    )
    if found:
        _WITH_KEYS.add((db.dialect, db.target))
    return bool(found)


def _marks(values: Iterable[Any]) -> str:
    return ", ".join("?" for _ in values)


def _limit(value: object, field: str = "limit") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise FilterError(field, value, "not a whole number of at least 1")
    return value


# -- listing and detail -----------------------------------------------------------------------------------


def find_events(
    db: Database, f: EventFilter, limit: int = 100, after: str | None = None
) -> tuple[list[dict], str | None]:
    """One page of events (newest first: event_date DESC NULLS LAST, then id) and the cursor of the next page.

    Each row is the events row plus `article_title` and `article_url`. Pass the returned cursor as
    `after` to get the next page; it is None on the last page. Keyset pagination: pages stay correct
    and fast however deep, and every event is visited exactly once.
    """
    limit = _limit(limit)
    where, params = f.where(keys=has_keys(db))
    if after:
        clause, values = _after(after)
        where, params = f"{where} AND {clause}", [*params, *values]
    # the page first, from events alone; then the articles of its rows (a join would read every article)
    rows = db.dicts(f"SELECT {EVENT_LIST} FROM events e WHERE {where} ORDER BY {ORDER} LIMIT ?", [*params, limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    _add_articles(db, rows)
    return rows, _cursor(rows[-1]["event_date"], rows[-1]["id"]) if more else None


def _add_articles(db: Database, rows: list[dict]) -> None:
    ids = sorted({r["article_id"] for r in rows})
    found: dict[str, tuple] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        sql = f"SELECT id, title, url FROM articles WHERE id IN ({_marks(chunk)})"
        found.update({i: (title, url) for i, title, url in db.rows(sql, chunk)})
    for row in rows:
        row["article_title"], row["article_url"] = found.get(row["article_id"], (None, None))


def _cursor(event_date: date | None, event_id: str) -> str:
    payload = json.dumps([event_date.isoformat() if event_date else None, event_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def _after(cursor: str) -> tuple[str, list[Any]]:
    """The keyset condition 'after this row' in the order `event_date DESC NULLS LAST, id`."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        when, event_id = json.loads(raw)
        if not isinstance(event_id, str) or not (when is None or isinstance(when, str)):
            raise ValueError
        day = date.fromisoformat(when) if when else None
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise FilterError("after", cursor, "not a cursor returned by find_events") from None
    if day is None:
        return "(e.event_date IS NULL AND e.id > ?)", [event_id]
    # the first condition alone is a range that DuckDB's zone maps and PostgreSQL's index can use
    return (
        "(e.event_date <= ? OR e.event_date IS NULL) AND (e.event_date < ? OR e.id > ? OR e.event_date IS NULL)",
        [day, day, event_id],
    )


def event_detail(db: Database, event_id: str) -> dict | None:
    """The events row with its actors (`source`, `target`), `mentions`, `quantities`, `article`, `cluster_articles`.

    `cluster_articles` lists every article (this one included) that reports the same real-world event.
    """
    found = db.dicts(f"SELECT {EVENT_LIST} FROM events e WHERE e.id = ?", [event_id])
    if not found:
        return None
    event = found[0]
    actors = db.dicts(
        "SELECT side, text, start_char, end_char, name, country, role, kind FROM event_actors "
        "WHERE event_id = ? ORDER BY side, ordinal",
        [event_id],
    )
    event["source"] = [_actor(a) for a in actors if a["side"] == "source"]
    event["target"] = [_actor(a) for a in actors if a["side"] == "target"]
    event["mentions"] = [
        {"sentence_index": m["sentence_index"], "evidence": m["evidence"],
         "trigger": {"text": m["trigger_text"], "start": m["trigger_start"], "end": m["trigger_end"]}}
        for m in db.dicts("SELECT * FROM mentions WHERE event_id = ? ORDER BY ordinal", [event_id])
    ]  # fmt: skip
    event["quantities"] = [
        _quantity(q)
        for q in db.dicts(
            "SELECT * FROM quantities WHERE article_id = ? AND event_id = ? ORDER BY start_char",
            [event["article_id"], event_id],
        )
    ]
    article = db.dicts("SELECT id, title, url, published, publisher FROM articles WHERE id = ?", [event["article_id"]])
    event["article"] = article[0] if article else None
    cluster = event["cluster_id"]
    event["cluster_articles"] = (
        [r[0] for r in db.rows("SELECT DISTINCT article_id FROM events WHERE cluster_id = ? ORDER BY 1", [cluster])]
        if cluster
        else [event["article_id"]]
    )
    return event


def article_detail(db: Database, article_id: str) -> dict | None:
    """One article with its text and everything coded in it; every span is an offset into `text`."""
    found = db.dicts(
        "SELECT id, title, url, published, publisher, language, duplicate_of, text FROM articles WHERE id = ?",
        [article_id],
    )
    if not found:
        return None
    article = found[0]
    article["sentences"] = [
        {"index": s["sentence_index"], "start": s["start_char"], "end": s["end_char"], "text": s["text"]}
        for s in db.dicts("SELECT * FROM sentences WHERE article_id = ? ORDER BY sentence_index", [article_id])
    ]
    article["actors"] = [
        _actor(a) for a in db.dicts("SELECT * FROM actors WHERE article_id = ? ORDER BY ordinal", [article_id])
    ]
    article["events"] = _article_events(db, article_id)
    article["quotes"] = [
        {"text": q["text"], "start": q["start_char"], "end": q["end_char"], "direct": q["direct"],
         "speaker": {"name": q["speaker_name"], "country": q["speaker_country"], "role": q["speaker_role"]}
         if q["speaker_name"] else None}
        for q in db.dicts("SELECT * FROM quotes WHERE article_id = ? ORDER BY ordinal", [article_id])
    ]  # fmt: skip
    article["quantities"] = [
        {**_quantity(q), "event_id": q["event_id"]}
        for q in db.dicts("SELECT * FROM quantities WHERE article_id = ? ORDER BY start_char", [article_id])
    ]
    return article


def _article_events(db: Database, article_id: str) -> list[dict]:
    events = db.dicts(
        "SELECT id, category, cameo, modality, confidence, goldstein, quad_class, event_date, place_name, "
        "place_country, sentence_index, evidence, trigger_text, trigger_start, trigger_end, cluster_id "
        "FROM events WHERE article_id = ? ORDER BY sentence_index, trigger_start, id",
        [article_id],
    )
    actors = db.dicts(
        "SELECT * FROM event_actors WHERE event_id IN (SELECT id FROM events WHERE article_id = ?) "
        "ORDER BY event_id, side, ordinal",
        [article_id],
    )
    by_event: dict[str, dict[str, list[dict]]] = {e["id"]: {"source": [], "target": []} for e in events}
    for a in actors:
        by_event[a["event_id"]][a["side"]].append(_actor(a))
    return [{**e, **by_event[e["id"]]} for e in events]


def _actor(row: dict) -> dict:
    return dict(zip(_ACTOR_KEYS, (row["text"], row["start_char"], row["end_char"], *_who(row)), strict=True))


def _who(row: dict) -> tuple:
    return row["name"], row["country"], row["role"], row["kind"]


def _quantity(row: dict) -> dict:
    return {
        "text": row["text"],
        "value": row["value"],
        "unit": row["unit"],
        "start": row["start_char"],
        "end": row["end_char"],
        "vague": row["vague"],
    }


# -- aggregates -------------------------------------------------------------------------------------------


def _period_sql(period: str, day: str = "e.event_date") -> str:
    if period not in PERIODS:
        raise FilterError("period", period, f"not a period ({', '.join(PERIODS)})")
    if period == "day":
        return day
    # weeks start on Monday in both engines; the explicit TIMESTAMP keeps PostgreSQL away from time zones
    return f"CAST(date_trunc('{period}', CAST({day} AS TIMESTAMP)) AS DATE)"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def count_series(
    db: Database, f: EventFilter, period: str = "day", by: str | None = "category", top: int | None = None
) -> list[dict]:
    """Events per period (and per key): rows {"period": "YYYY-MM-DD" (its first day), "key", "events"}.

    by: "category", "quad_class" (key "1".."4"), "dyad" (key "USA-NER"; only events with a country on
    both sides, once per distinct pair) or None (key None). Undated events have period None, listed last.
    top: with by="dyad", only the `top` dyads with the most events (ties by name); None: every dyad.
    """
    bucket = _period_sql(period, "d.day")
    if by is not None and by not in GROUPINGS:
        raise FilterError("by", by, f"not a grouping ({', '.join(GROUPINGS)})")
    if top is not None and top < 1:
        raise FilterError("top", str(top), "must be 1 or more")
    keys = has_keys(db)
    where, params = f.where(keys=keys)
    if by == "dyad" and keys:
        # straight to periods: days times dyads would be hundreds of thousands of groups
        pairs = (
            f"SELECT {_period_sql(period)} AS p, {_PAIR} AS k FROM events e JOIN {_numbers(db)} "
            f"ON nums.k <= e.dyad_count WHERE {where}"
        )
        chosen = ""
        if top is not None:
            chosen = "WHERE k IN (SELECT k FROM pairs GROUP BY k ORDER BY COUNT(*) DESC, k LIMIT ?)"
            params = [*params, top]
        sql = f"WITH pairs AS ({pairs}) SELECT p, k, COUNT(*) FROM pairs {chosen} GROUP BY 1, 2 "
        sql += "ORDER BY 1 NULLS LAST, 2 NULLS LAST"
        return _series(db.rows(sql, params))
    # per day first (a few thousand rows), then per period: the truncation runs on those rows only
    if by == "dyad":
        daily = (
            f"SELECT day, sc || '-' || tc AS grp, COUNT(*) AS n FROM ("
            f"SELECT DISTINCT e.id, e.event_date AS day, s.country AS sc, t.country AS tc FROM events e "
            f"{_DYAD_JOIN} WHERE {where}) p GROUP BY 1, 2"
        )
    else:
        key = {"category": "e.category", "quad_class": "e.quad_class"}.get(by or "", "CAST(NULL AS VARCHAR)")
        daily = f"SELECT e.event_date AS day, {key} AS grp, COUNT(*) AS n FROM events e WHERE {where} GROUP BY 1, 2"
    if period == "day":  # the days are the periods: no second level
        sql = f"SELECT d.day, d.grp, d.n FROM ({daily}) d ORDER BY 1 NULLS LAST, 2 NULLS LAST"
    else:
        sql = f"SELECT {bucket}, d.grp, SUM(d.n) FROM ({daily}) d GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2 NULLS LAST"
    rows = _series(db.rows(sql, params))
    return _busiest(rows, top) if by == "dyad" and top is not None else rows


def _busiest(rows: list[dict], top: int) -> list[dict]:
    """The rows of the `top` keys with the most events (for a database without the derived columns)."""
    totals: dict[str, int] = {}
    for row in rows:
        totals[row["key"]] = totals.get(row["key"], 0) + row["events"]
    kept = set(sorted(totals, key=lambda k: (-totals[k], k))[:top])
    return [row for row in rows if row["key"] in kept]


def _series(rows: list[tuple]) -> list[dict]:
    """{"period", "key", "events"} rows: keys as text (quad classes 1-4 sort the same as numbers and as text).

    A day-by-category series of five years is 35,000 rows: conversions are skipped where the engine
    already returned the right type.
    """
    return [
        {
            "period": None if b is None else b.isoformat(),
            "key": k if k is None or type(k) is str else str(k),
            "events": n if type(n) is int else int(n),
        }
        for b, k, n in rows
    ]


_DYAD_JOIN = (
    "JOIN event_actors s ON s.event_id = e.id AND s.side = 'source' AND s.country IS NOT NULL "
    "JOIN event_actors t ON t.event_id = e.id AND t.side = 'target' AND t.country IS NOT NULL"
)
# The k-th of an event's dyads ("USA-NER"), with the numbers 1..most dyads of one event as `nums`.
_PAIR = "split_part(e.dyads, '|', nums.k + 1)"


def _numbers(db: Database) -> str:
    """The numbers 1 to the most dyads any event has, as a table `nums(k)` to expand each event's dyads."""
    most = int(db.scalar("SELECT MAX(dyad_count) FROM events") or 0)
    return f"(VALUES {', '.join(f'({k})' for k in range(1, max(most, 1) + 1))}) AS nums(k)"


def goldstein_series(db: Database, f: EventFilter, period: str = "month") -> list[dict]:
    """The cooperation–conflict series (typically of a dyad): events and Goldstein total and mean per period."""
    bucket = _period_sql(period, "d.day")
    where, params = f.where(keys=has_keys(db))
    daily = (
        f"SELECT e.event_date AS day, COUNT(*) AS n, SUM(e.goldstein) AS total, COUNT(e.goldstein) AS scored "
        f"FROM events e WHERE {where} GROUP BY 1"
    )
    rows = db.rows(
        f"SELECT {bucket} AS bucket, SUM(d.n) AS n, COALESCE(SUM(d.total), 0) AS total, "
        f"SUM(d.total) / CAST(NULLIF(SUM(d.scored), 0) AS DOUBLE PRECISION) AS mean "
        f"FROM ({daily}) d GROUP BY 1 ORDER BY 1 NULLS LAST",
        params,
    )
    return [
        {"period": _iso(b), "events": int(n), "goldstein_total": float(total), "goldstein_mean": _float(mean)}
        for b, n, total, mean in rows
    ]


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def top_actors(db: Database, f: EventFilter, limit: int = 50) -> list[dict]:
    """The actors of the matching events, by number of events (an actor is its name, country and role)."""
    keys = has_keys(db)
    where, params = f.where(keys=keys)
    events = "" if where == "TRUE" else "JOIN events e ON e.id = x.event_id"
    order = "ORDER BY 4 DESC, 1, 2 NULLS LAST, 3 NULLS LAST LIMIT ?"
    if keys:
        # each (event, actor) counted once through the rows flagged as its first: one grouping
        sql = (
            f"SELECT x.name, x.country, x.role, SUM(CASE WHEN x.first_in_event THEN 1 ELSE 0 END) AS n, "
            f"SUM(CASE WHEN x.first_on_side AND x.side = 'source' THEN 1 ELSE 0 END) AS as_source, "
            f"SUM(CASE WHEN x.first_on_side AND x.side = 'target' THEN 1 ELSE 0 END) AS as_target "
            f"FROM event_actors x {events} WHERE {where} GROUP BY x.name, x.country, x.role {order}"
        )
    else:
        # one row per (event, actor) first: two plain aggregates are far cheaper than COUNT(DISTINCT ...) thrice
        sql = (
            f"SELECT name, country, role, COUNT(*) AS n, SUM(src) AS as_source, SUM(tgt) AS as_target FROM ("
            f"SELECT x.event_id, x.name, x.country, x.role, MAX(CASE WHEN x.side = 'source' THEN 1 ELSE 0 END) AS src, "
            f"MAX(CASE WHEN x.side = 'target' THEN 1 ELSE 0 END) AS tgt FROM event_actors x {events} WHERE {where} "
            f"GROUP BY x.event_id, x.name, x.country, x.role) p GROUP BY name, country, role {order}"
        )
    rows = db.rows(sql, [*params, _limit(limit)])
    names = ("name", "country", "role", "events", "as_source", "as_target")
    return [dict(zip(names, (*r[:3], int(r[3]), int(r[4]), int(r[5])), strict=True)) for r in rows]


def top_dyads(db: Database, f: EventFilter, limit: int = 100) -> list[dict]:
    """(source country, target country) pairs by number of events, with mean Goldstein and events per quad class."""
    keys = has_keys(db)
    where, params = f.where(keys=keys)
    if keys:
        # per list of dyads first (most events have one, and few lists recur), then per dyad of those lists
        sums = "COUNT(*) AS n, SUM(e.goldstein) AS total, COUNT(e.goldstein) AS scored, " + ", ".join(
            f"COUNT(*) FILTER (WHERE e.quad_class = {q}) AS q{q}" for q in (1, 2, 3, 4)
        )
        lists = f"SELECT e.dyads, e.dyad_count, {sums} FROM events e WHERE {where} AND e.dyad_count > 0 GROUP BY 1, 2"
        pair = "split_part(g.dyads, '|', nums.k + 1)"
        sql = (
            f"SELECT split_part({pair}, '-', 1), split_part({pair}, '-', 2), SUM(g.n), "
            f"SUM(g.total) / CAST(NULLIF(SUM(g.scored), 0) AS DOUBLE PRECISION), SUM(g.q1), SUM(g.q2), SUM(g.q3), "
            f"SUM(g.q4) FROM ({lists}) g JOIN {_numbers(db)} ON nums.k <= g.dyad_count "
            f"GROUP BY {pair} ORDER BY 3 DESC, 1, 2 LIMIT ?"
        )
    else:
        quads = ", ".join(f"COUNT(*) FILTER (WHERE quad_class = {q})" for q in (1, 2, 3, 4))
        stats = f"COUNT(*), AVG(goldstein), {quads}"
        sql = (
            f"SELECT sc, tc, {stats} FROM (SELECT DISTINCT e.id, s.country AS sc, t.country AS tc, e.goldstein, "
            f"e.quad_class FROM events e {_DYAD_JOIN} WHERE {where}) p GROUP BY sc, tc ORDER BY 3 DESC, 1, 2 LIMIT ?"
        )
    rows = db.rows(sql, [*params, _limit(limit)])
    keys_out = ("source_country", "target_country", "events", "goldstein_mean", "quad1", "quad2", "quad3", "quad4")
    return [dict(zip(keys_out, (r[0], r[1], int(r[2]), _float(r[3]), *map(int, r[4:])), strict=True)) for r in rows]


def located_events(db: Database, f: EventFilter, limit: int = 2000) -> list[dict]:
    """Matching events that have coordinates, grouped by place (for a map), most events first."""
    where, params = f.where(keys=has_keys(db))
    rows = db.rows(
        f"SELECT e.place_name, e.place_country, e.latitude, e.longitude, COUNT(*) AS n, AVG(e.goldstein) AS mean "
        f"FROM events e WHERE {where} AND e.latitude IS NOT NULL AND e.longitude IS NOT NULL "
        f"GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC, 1 NULLS LAST, 2 NULLS LAST LIMIT ?",
        [*params, _limit(limit)],
    )
    keys = ("place_name", "place_country", "latitude", "longitude", "events", "goldstein_mean")
    return [dict(zip(keys, (*r[:4], int(r[4]), _float(r[5])), strict=True)) for r in rows]


__all__ = [
    "GROUPINGS",
    "MODALITIES",
    "PERIODS",
    "EventFilter",
    "FilterError",
    "article_detail",
    "count_series",
    "event_detail",
    "find_events",
    "goldstein_series",
    "has_keys",
    "located_events",
    "top_actors",
    "top_dyads",
]
