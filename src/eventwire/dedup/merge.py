"""Merge the mentions of one real-world event within an article into one `Event`.

Two mentions report the same event when they are of the same kind (same category,
or the same thing done to the same object: "terminates cooperation" / "rejects the
agreement"), their actors do not contradict each other, their dates can overlap and
both are asserted (or both not).
"""

from __future__ import annotations

import hashlib
from collections import Counter

from eventwire.events.mention import EventMention
from eventwire.model import Actor, Event, EventDate, Location, Mention
from eventwire.ontology import ontology

NON_POLITICAL_ROLES = {"CVL", "CRM", "BUS", "EDU", "HLH", "REF", "AGR", "LAB"}
# CAMEO codes that name weapons of war: bombings (183x), artillery and rockets (194), aircraft (195), mass
# violence (20x). Whoever fires them, the act is political violence, so its victims alone make it an event.
ARMED_VIOLENCE_CODES = ("183", "194", "195", "20")
# CAMEO codes of dissent other than protest itself: ending a strike (082), refusing to end it (1242), threatening one
# (133). Like a protest, they are political when any group acting together does them.
DISSENT_CODES = ("082", "1242", "133")
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "approximate": 4}


def merge_mentions(article_id: str, mentions: list[EventMention]) -> list[Event]:
    groups: list[list[EventMention]] = []
    for mention in mentions:
        group = next((g for g in groups if _joins(g, mention)), None)
        if group is None:
            groups.append([mention])
        else:
            group.append(mention)
    # An event needs a mention that reports it in its own right, and an actor: political event data is
    # about who did what to whom ("a pause in the bombing" names no one).
    reported = [g for g in groups if any(m.standalone for m in g) and any(_has_political_actor(m) for m in g)]
    events = [_event(article_id, group) for group in reported]
    seen: Counter[str] = Counter()
    for event in events:  # ids are keys in the database: the rare twin gets a suffix
        seen[event.id] += 1
        if seen[event.id] > 1:
            event.id = f"{event.id}-{seen[event.id]}"
    return events


def _joins(group: list[EventMention], mention: EventMention) -> bool:
    """Same kind as one mention of the group, and contradicting none of them."""
    return any(_same_kind(m, mention) for m in group) and all(_compatible(m, mention) for m in group)


def _same_kind(a: EventMention, b: EventMention) -> bool:
    """Same specific action (CAMEO to three digits), the same thing acted on, or one category within a sentence."""
    if a.themes & b.themes:
        return True
    if a.category != b.category:
        return False
    same_action = a.cameo is not None and b.cameo is not None and a.cameo[:3] == b.cameo[:3]
    return same_action or a.sentence_index == b.sentence_index


def _compatible(a: EventMention, b: EventMention) -> bool:
    if (a.modality == "asserted") != (b.modality == "asserted"):
        return False
    if not (_sides_agree(a.source, b.source) and _sides_agree(a.target, b.target)):
        return False
    a_countries, b_countries = _countries(a.source + a.target), _countries(b.source + b.target)
    if a_countries and b_countries and not a_countries & b_countries:
        return False
    return _dates_overlap(a.date, b.date)


def _has_political_actor(mention: EventMention) -> bool:
    """A state, an organisation, an official or armed group, or a national group ("Iraqi Kurds"); for crime and
    weapons of war, anyone (a rocket attack on villagers); for protest, any group that acts together (teachers on
    strike, farmers blocking roads).

    A stabbing by a boyfriend or a pedestrian killed by a car is news, but not political event data.
    """
    actors = mention.source + mention.target
    if mention.category == "CRIME" or (mention.cameo or "").startswith(ARMED_VIOLENCE_CODES):
        return bool(actors)
    dissent = mention.category == "PROTEST" or (mention.cameo or "").startswith(DISSENT_CODES)
    if dissent and any(a.kind in ("group", "organisation") for a in mention.source):
        return True
    if mention.category in ontology().categories and ontology().quad_class(mention.category) in (1, 3):
        # talks, agreements, demands and criticism are made by named people as much as by institutions
        return any(a.kind == "person" or _unknown_organisation(a) for a in actors) or _has_institution(actors)
    return _has_institution(actors)


def _unknown_organisation(actor: Actor) -> bool:
    """A name NER called an organisation but the tables do not know: a ministry, or a football club."""
    return actor.kind == "organisation" and actor.country is None and actor.role is None


def _has_institution(actors: list[Actor]) -> bool:
    return any(
        (a.kind in ("state", "igo", "organisation") and not _unknown_organisation(a))
        or (a.role and a.role not in NON_POLITICAL_ROLES)
        or (a.country and a.kind != "place")
        for a in actors
    )


def _countries(actors: list[Actor]) -> set[str]:
    return {a.country for a in actors if a.country}


def _sides_agree(a: list[Actor], b: list[Actor]) -> bool:
    ca, cb = _countries(a), _countries(b)
    return not ca or not cb or bool(ca & cb)


def _dates_overlap(a: EventDate | None, b: EventDate | None) -> bool:
    return a is None or b is None or a.overlaps(b)


def _event(article_id: str, group: list[EventMention]) -> Event:
    lead = _representative(group)
    first = group[0]
    date = min((m.date for m in group if m.date), key=_date_rank, default=EventDate(None, None, "approximate"))
    confidence = 1.0
    for m in group:
        confidence *= 1.0 - m.confidence
    ont = ontology()
    category = lead.category
    # one trigger can carry two events (an announcement and the act it announces): the category tells them apart
    key = f"{article_id}:{first.trigger.start}:{category}:{lead.modality}:{lead.cameo}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    return Event(
        id=f"{article_id}-{digest}",
        category=category,
        cameo=lead.cameo,
        modality=lead.modality,
        confidence=min(0.99, 1.0 - confidence),
        source=_first_nonempty(group, "source"),
        target=_first_nonempty(group, "target"),
        date=date,
        # the first mention is the event's evidence: one that reports it in its own right
        mentions=[
            Mention(m.sentence_index, m.evidence, m.trigger) for m in sorted(group, key=lambda m: not m.standalone)
        ],
        goldstein=ont.goldstein(category, lead.cameo) if category in ont.categories else None,
        quad_class=ont.quad_class(category) if category in ont.categories else None,
        quantities=list({(q.start, q.end): q for m in group for q in m.quantities}.values()),
        location=_location(group),
    )


def _location(group: list[EventMention]) -> Location | None:
    """The most precise place any mention gives: a city over a country."""
    places = [m.location for m in group if m.location]
    return min(places, key=lambda loc: loc.precision != "place", default=None)


def _representative(group: list[EventMention]) -> EventMention:
    """The category most mentions (weighted by confidence) give; ties go to the earliest mention."""
    votes: Counter[str] = Counter()
    for m in group:
        votes[m.category] += m.confidence
    best = max(votes.values())
    return next(m for m in group if votes[m.category] == best)


def _first_nonempty(group: list[EventMention], side: str) -> list[Actor]:
    sides = [getattr(m, side) for m in group if getattr(m, side)]
    with_country = [s for s in sides if _countries(s)]
    return (with_country or sides or [[]])[0]


def _date_rank(d: EventDate) -> tuple[int, int]:
    span = (d.latest - d.earliest).days if d.earliest and d.latest else 10_000
    return (_PRECISION_RANK.get(d.precision, 5), span)
