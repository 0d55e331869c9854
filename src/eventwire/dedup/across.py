"""Across articles: near-duplicate reports, and events that several articles report.

GDELT counts reports, not events: one attack told by forty outlets is forty rows. Here every
event gets a `cluster_id` shared with the events of other articles that report the same
real-world event (same kind, same sides, dates that can overlap), and `cluster_articles`, the
articles that report it, so that counting clusters counts events. Articles that are copies of
one another (wire copy republished) are flagged with `duplicate_of`, found by MinHash over
word shingles.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from eventwire.model import CodedArticle, Event

SHINGLE_WORDS = 5
HASHES = 64
DUPLICATE_JACCARD = 0.8
_WORD = re.compile(r"\w+")


# Universal hashing (a·x + b) mod p with p the largest prime below 2^32: a and x both below p keep
# a·x + b inside 64 bits, and a·x wraps around p billions of times, so each (a, b) orders the
# shingles afresh (with a p far above a·x the order would follow x, and every minimum be the same).
_PRIME = 4_294_967_291
_PERMUTATIONS = np.random.default_rng(20240317).integers(1, _PRIME, size=(2, HASHES), dtype=np.uint64)


def minhash(text: str, hashes: int = HASHES) -> tuple[int, ...]:
    """A MinHash signature of the text's word shingles: similar texts share many minima.

    Each shingle is hashed once (blake2b, 32 bits, reduced mod p); the `hashes` permutations are the
    universal hashes (a·x + b) mod p with fixed a and b, computed for all shingles at once.
    """
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
    x = np.fromiter(
        (int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "little") % _PRIME for s in shingles),
        dtype=np.uint64,
        count=len(shingles),
    )
    a, b = _PERMUTATIONS[0, :hashes, None], _PERMUTATIONS[1, :hashes, None]
    return tuple(int(v) for v in ((a * x[None, :] + b) % _PRIME).min(axis=1))


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def link_articles(results: list[CodedArticle]) -> None:
    """Flag near-duplicate articles and give events reported by several articles one cluster id."""
    _flag_duplicates(results)
    _cluster_events(results)


def _flag_duplicates(results: list[CodedArticle]) -> None:
    signatures = [minhash(r.article.text) for r in results]
    for i, result in enumerate(results):
        for j in range(i):
            if results[j].duplicate_of is None and similarity(signatures[i], signatures[j]) >= DUPLICATE_JACCARD:
                result.duplicate_of = results[j].article.id
                break


def _cluster_events(results: list[CodedArticle]) -> None:
    events = [(r.article.id, e) for r in results for e in r.events]
    parent = list(range(len(events)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (article_i, event_i) in enumerate(events):
        for j in range(i):
            article_j, event_j = events[j]
            if article_i != article_j and same_event(event_i, event_j):
                parent[root(i)] = root(j)
    members: dict[int, list[int]] = {}
    for i in range(len(events)):
        members.setdefault(root(i), []).append(i)
    for group in members.values():
        first = events[group[0]][1]
        articles = sorted({events[i][0] for i in group})
        for i in group:
            events[i][1].cluster_id = first.id
            events[i][1].cluster_articles = articles


def same_event(a: Event, b: Event) -> bool:
    """Two reports of one event: same category, agreeing sides, dates that can overlap, both asserted."""
    if a.category != b.category or (a.modality == "asserted") != (b.modality == "asserted"):
        return False
    if not (_sides_match(a.source, b.source) and _sides_match(a.target, b.target)):
        return False
    return a.date.overlaps(b.date)


def _sides_match(a: list, b: list) -> bool:
    countries_a = {x.country for x in a if x.country}
    countries_b = {x.country for x in b if x.country}
    if not countries_a or not countries_b:
        return not countries_a and not countries_b
    return bool(countries_a & countries_b)
