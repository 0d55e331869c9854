"""Where each event happened: a place named in its sentence, else the article's dateline.

Only place names used as places count: "fighting in Goma", "a rally at Tahrir Square", not
"Washington said" (a capital standing for its government). A country named as a place gives a
country-level location at the country's representative point, as GDELT's country-level geocodes do.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from eventwire.actors.lexicon import actor_lexicon
from eventwire.actors.resolve import ActorIndex
from eventwire.clean.dateline import SEARCHED_SENTENCES, dateline
from eventwire.events.mention import EventMention
from eventwire.model import Location
from eventwire.nlp.spans import entities_by_sentence
from eventwire.place.gazetteer import country_location, gazetteer

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_LOCATIVE = {"in", "at", "near", "inside", "outside", "across", "around", "throughout", "within", "into"}


def locate_mentions(doc: Doc, mentions: list[EventMention], index: ActorIndex, title_end: int = 0) -> None:
    """Set each mention's location; `title_end` > 0 lets a country the title names locate the story."""
    countries = frozenset(a.country for a in index.actors if a.country)
    sentences = list(doc.sents)
    entities = entities_by_sentence(doc)
    dateline, dateline_end = _dateline(sentences, countries)
    fallback = dateline or _title_country(index, title_end)
    for mention in mentions:
        sent = sentences[mention.sentence_index]
        located = _in_sentence(entities.get(sent.start, []), mention, index, countries, dateline_end)
        if located is None and fallback is not None and _involves(mention, fallback.country):
            located = fallback
        elif located is not None and located.precision == "country" and _refines(fallback, located):
            located = fallback  # "in Congo", filed from Goma: the city is the more precise answer
        mention.location = located


def _refines(city: Location | None, country: Location) -> bool:
    return city is not None and city.precision == "place" and city.country == country.country


def _involves(mention: EventMention, country: str | None) -> bool:
    """The fallback place fits an event with no known country or one of that country's actors."""
    countries = {a.country for a in mention.source + mention.target if a.country}
    return not countries or country in countries


def _title_country(index: ActorIndex, title_end: int) -> Location | None:
    """The country the title is about, at country precision: where the story's events happen unless told otherwise."""
    named = next((a for a in index.actors if a.start < title_end and a.country and a.kind == "state"), None)
    if named is None:
        return None
    name = actor_lexicon().country_names.get(named.country, named.country)
    return country_location(name, named.country)


def _in_sentence(
    sent_ents: list[Span], mention: EventMention, index: ActorIndex, countries: frozenset[str], skip_before: int
) -> Location | None:
    ents = [ent for ent in sent_ents if ent.start_char >= skip_before]  # not the dateline's own names
    found = [(ent.start_char, loc) for ent in ents if (loc := _place(ent, index, countries)) is not None]
    cities = [(start, loc) for start, loc in found if loc.precision == "place"]
    pool = cities or found
    # the place nearest the trigger is the likeliest to be where it happened
    return min(pool, key=lambda item: abs(item[0] - mention.trigger.start))[1] if pool else None


def _place(ent: Span, index: ActorIndex, countries: frozenset[str]) -> Location | None:
    if ent.label_ not in _PLACE_LABELS:
        return None
    actor = index.by_token.get(ent.root.i)
    used_as_place = ent.root.dep_ == "pobj" and ent.root.head.lower_ in _LOCATIVE
    if actor is not None and actor.kind != "place" and not used_as_place:
        return None  # an actor ("Washington said"), not a place
    if actor is not None and actor.kind in ("state", "place") and actor.country and ent.text == actor.text:
        city = gazetteer().lookup(ent.text, countries)
        if city is not None and city.country == actor.country and ent.text != actor.name:
            return Location(city.name, city.country, city.lat, city.lon, "place")  # a capital as a place
        return country_location(actor.name, actor.country)
    city = gazetteer().lookup(ent.text, countries)
    if city is not None:
        return Location(city.name, city.country, city.lat, city.lon, "place")
    return None


def _dateline(sentences: list[Span], countries: frozenset[str]) -> tuple[Location | None, int]:
    """ "NAIROBI, Kenya (Wire) -": the city a story was filed from, and where the dateline ends."""
    for sent in sentences[:SEARCHED_SENTENCES]:
        found = dateline(sent.text)
        city = gazetteer().lookup(found[0].title(), countries) if found else None
        if found is not None and city is not None:
            return Location(city.name, city.country, city.lat, city.lon, "place"), sent.start_char + found[1]
    return None, 0
