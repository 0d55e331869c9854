"""Columns derived from an event's actors and evidence, kept on its `events` row so that queries stay on one table.

Filtering events by an actor's country or role, or counting dyads, would otherwise join `event_actors`
(two rows per event on average) and a text search would lower-case every evidence sentence. On a million
events either costs hundreds of milliseconds; a scan of a few short columns of `events` costs a few.

- `source_keys`, `target_keys`, `actor_keys` (either side): one `COUNTRY/ROLE` token per actor between bars,
  `|USA/GOV|/CVL|` (an empty part for a missing value). `strpos(source_keys, '|USA/GOV|') > 0` is "one
  source actor is a US government actor", the same condition as an EXISTS over `event_actors`;
  `'|USA/'` and `'/GOV|'` test the country or the role alone.
- `actor_names`: the actors' names joined by a line break, for the case-insensitive name search.
- `dyads`, `dyad_count`: the distinct (source country, target country) pairs, `|USA-NER|FRA-NER|`, and how
  many there are; aggregates expand them with `split_part`.
- `grams0`..`grams3`: a 252-bit Bloom filter of the ASCII trigrams of the lower-cased evidence. A text
  search needs every trigram of its (lower-cased) text, so an event whose bits lack one of them cannot
  match and its evidence is never read. The filter only ever lets events through; the substring test
  on the evidence still decides.

Each `event_actors` row says whether it is the first of its actor (name, country, role) in its event
(`first_in_event`) and on its side (`first_on_side`), so that counting the events of each actor is one
grouping over `event_actors` instead of one per (event, actor) and another over those.

`event_keys` and `actor_flags` compute them in Python when rows are written (`rows.py`); `fill_missing`
computes them for rows of a database written before these columns existed (it runs whenever a database
is opened for writing).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

COLUMNS = (
    "actor_keys", "source_keys", "target_keys", "actor_names", "dyads", "dyad_count",
    "grams0", "grams1", "grams2", "grams3",
)  # fmt: skip
ACTOR_COLUMNS = ("first_in_event", "first_on_side")
NAME_SEPARATOR = "\n"
GRAM_WORDS = 4
GRAM_BITS = 63  # per BIGINT: bit 63 (the sign) is left alone, so every engine shifts and masks it the same way
_SLOTS = GRAM_WORDS * GRAM_BITS
_SEPARATORS = frozenset("|/-\n")
# The only characters whose lower case is ASCII but that are not ASCII themselves (every Unicode version to 16).
# SQL engines may lower them to one letter ("i", "k") where Python gives "i" plus a combining dot.
_LOWERS_TO_ASCII = {"\u0130": "i", "\u212a": "k"}

Actor = tuple[Any, Any, Any]  # (country, role, name)


def event_keys(sources: Sequence[Actor], targets: Sequence[Actor], evidence: str) -> tuple:
    """The values of `COLUMNS` for one event, from its actors (country, role, name) and its evidence."""
    source_keys = [_key(country, role) for country, role, _ in sources]
    target_keys = [_key(country, role) for country, role, _ in targets]
    pairs = sorted(
        {f"{_part(s[0])}-{_part(t[0])}" for s in sources for t in targets if s[0] is not None and t[0] is not None}
    )
    names = NAME_SEPARATOR.join(str(name) for _, _, name in (*sources, *targets))
    return (
        _bars([*source_keys, *target_keys]),
        _bars(source_keys),
        _bars(target_keys),
        names,
        _bars(pairs),
        len(pairs),
        *evidence_grams(evidence),
    )


def actor_flags(sides: Sequence[tuple[str, Sequence[Actor]]]) -> list[tuple[bool, bool]]:
    """(first_in_event, first_on_side) of each actor of one event, sides in order (source, then target)."""
    in_event: set[tuple] = set()
    flags = []
    for _, actors in sides:
        on_side: set[tuple] = set()
        for actor in actors:
            flags.append((actor not in in_event, actor not in on_side))
            in_event.add(actor)
            on_side.add(actor)
    return flags


def _bars(tokens: Iterable[str]) -> str:
    return "|" + "".join(f"{token}|" for token in dict.fromkeys(tokens))


def _key(country: Any, role: Any) -> str:
    return f"{_part(country)}/{_part(role)}"


def _part(value: Any) -> str:
    """A code as it goes in a token. One holding a separator becomes '?'s, which no filter value (a code) matches."""
    if value is None:
        return ""
    text = str(value)
    return "?" * len(text) if any(ch in _SEPARATORS for ch in text) else text


def token_pattern(country: str | None, role: str | None) -> str:
    """SQL (over `?` placeholders, one per given value) for the token search string of an actor condition."""
    if country and role:
        return "'|' || ? || '/' || ? || '|'"
    if country:
        return "'|' || ? || '/'"
    return "'/' || ? || '|'"


# -- the trigram filter -------------------------------------------------------------------------------------


def evidence_grams(text: str) -> tuple[int, ...]:
    """The Bloom filter words of a stored evidence sentence: every ASCII trigram of any way SQL may lower-case it."""
    words = [0] * GRAM_WORDS
    _add_grams(text.lower(), words)
    if any(ch in text for ch in _LOWERS_TO_ASCII):
        variant = "".join(_LOWERS_TO_ASCII.get(ch, ch) for ch in text)
        _add_grams(variant.lower(), words)
    return tuple(words)


def search_grams(lowered: str) -> tuple[int, ...]:
    """The bits a row must have to contain `lowered` (already lower-cased: the string the SQL searches for)."""
    words = [0] * GRAM_WORDS
    _add_grams(lowered, words)
    return tuple(words)


def _add_grams(lowered: str, words: list[int]) -> None:
    # Three consecutive UTF-8 bytes below 128 are exactly three consecutive ASCII characters.
    data = lowered.encode("utf-8")
    for i in range(len(data) - 2):
        trigram = data[i : i + 3]
        if trigram.isascii():
            word, bit = _slot(trigram)
            words[word] |= bit


@cache  # at most 128**3 ASCII trigrams, a few tens of thousands in practice
def _slot(trigram: bytes) -> tuple[int, int]:
    """(word, bit mask) of an ASCII trigram: multiplicative hashing of its 21 bits into 252 slots."""
    a, b, c = trigram
    index = ((((a << 14) | (b << 7) | c) * 2654435761) & 0xFFFFFFFF) * _SLOTS >> 32
    return index // GRAM_BITS, 1 << (index % GRAM_BITS)


# -- filling older databases --------------------------------------------------------------------------------

_CHUNK = 50_000


def fill_missing(db: Any) -> int:
    """Derive the query columns of every row that lacks them (written before they existed); return how many events."""
    fill_actor_flags(db)
    done = 0
    while True:
        events = db.rows(f"SELECT id, evidence FROM events WHERE dyad_count IS NULL ORDER BY id LIMIT {_CHUNK}")
        if not events:
            return done
        first, last = events[0][0], events[-1][0]
        actors: dict[str, dict[str, list[Actor]]] = {e[0]: {"source": [], "target": []} for e in events}
        for event_id, side, country, role, name in db.rows(
            "SELECT event_id, side, country, role, name FROM event_actors WHERE event_id >= ? AND event_id <= ? "
            "ORDER BY event_id, side, ordinal",
            [first, last],
        ):
            if event_id in actors and side in ("source", "target"):
                actors[event_id][side].append((country, role, name))
        rows = [(i, *event_keys(actors[i]["source"], actors[i]["target"], text)) for i, text in events]
        _write(db, rows)
        done += len(rows)


# The same flags as `actor_flags`, for the event_actors rows that lack them (one actor: name, country and role).
_FILL_FLAGS = """
UPDATE event_actors SET first_in_event = f.in_event, first_on_side = f.on_side
FROM (
    SELECT event_id, side, ordinal,
           row_number() OVER (PARTITION BY event_id, name, country, role ORDER BY side, ordinal) = 1 AS in_event,
           row_number() OVER (PARTITION BY event_id, side, name, country, role ORDER BY ordinal) = 1 AS on_side
    FROM event_actors
    WHERE event_id IN (SELECT event_id FROM event_actors WHERE first_in_event IS NULL)
) f
WHERE event_actors.event_id = f.event_id AND event_actors.side = f.side AND event_actors.ordinal = f.ordinal
  AND event_actors.first_in_event IS NULL
"""


def fill_actor_flags(db: Any) -> None:
    """`actor_flags` in SQL, for the event_actors rows that lack them."""
    db.execute(_FILL_FLAGS)


def _write(db: Any, rows: list[tuple]) -> None:
    kinds = ["VARCHAR"] * 5 + ["INTEGER"] + ["BIGINT"] * GRAM_WORDS
    columns = ", ".join(f"{c} {k}" for c, k in zip(COLUMNS, kinds, strict=True))
    db.execute(f"CREATE TEMP TABLE IF NOT EXISTS event_keys_fill (id VARCHAR, {columns})")
    db.execute("DELETE FROM event_keys_fill")
    db.insert("event_keys_fill", ("id", *COLUMNS), rows)
    assignments = ", ".join(f"{c} = event_keys_fill.{c}" for c in COLUMNS)
    db.execute(f"UPDATE events SET {assignments} FROM event_keys_fill WHERE events.id = event_keys_fill.id")
