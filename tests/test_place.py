from datetime import date

import pytest

from eventwire.model import Article
from eventwire.pipeline import Pipeline
from eventwire.place import gazetteer


@pytest.fixture(scope="module")
def code():
    pipeline = Pipeline()
    return lambda text: pipeline.code_article(Article(id="p", text=text, published=date(2022, 3, 1)))


def test_city_in_the_event_sentence_is_geocoded(code):
    (event,) = code("Police arrested 40 protesters in Kirkuk on Monday.").events
    assert event.location.name == "Kirkuk" and event.location.country == "IRQ"
    assert event.location.precision == "place" and 35 < event.location.lat < 36


def test_capital_as_actor_is_not_a_location(code):
    (event,) = code("Washington imposed new sanctions on Iran.").events
    assert event.location is None


def test_dateline_locates_events_without_a_place(code):
    result = code("GOMA, Congo (Wire) - Rebels attacked an army base overnight, officials said.")
    assert result.events[0].location.name == "Goma"


def test_country_named_as_a_place_gives_country_precision(code):
    (event,) = [e for e in code("Soldiers clashed with rebels in Mali on Sunday.").events if e.category == "FIGHT"]
    assert (event.location.country, event.location.precision) == ("MLI", "country")
    # the country's own point (inside Mali), not a city's: the precision says how much it is worth
    assert 10 < event.location.lat < 25 and -12 < event.location.lon < 5


def test_ambiguous_names_prefer_the_article_countries():
    assert gazetteer().lookup("Tripoli", frozenset({"LBN"})).country == "LBN"
    assert gazetteer().lookup("Tripoli").country == "LBY"  # the larger one
