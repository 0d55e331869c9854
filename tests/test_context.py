"""Issue-4 traps, with sentences written for these tests."""

from datetime import date

import pytest

from eventwire.model import Article
from eventwire.nlp import load_nlp
from eventwire.pipeline import Pipeline
from eventwire.quantities.extract import find_quantities
from eventwire.temporal.published import find_publication_date


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


def test_publication_date_from_the_top_of_the_page(pipeline):
    text = "Talks stall\n\nKABUL, March 3, 2022 (Wire) - Delegates from Pakistan met Taliban officials on Tuesday."
    result = pipeline.code_article(Article(id="d", text=text))
    assert result.article.published == date(2022, 3, 3)
    assert result.events[0].date.earliest == date(2022, 3, 1)  # the Tuesday before
    assert find_publication_date("No date here, only Tuesday.") is None


def test_washington_the_city_and_washington_the_government(pipeline):
    protest = pipeline.code_article(Article(id="w1", text="Thousands of Ethiopians protested in Washington on Sunday."))
    event = next(e for e in protest.events if e.category == "PROTEST")
    assert all(a.text != "Washington" for a in event.source)
    assert event.location is not None and event.location.name == "Washington"
    sanction = pipeline.code_article(Article(id="w2", text="Washington imposed sanctions on Venezuela's oil firm."))
    source = next(e for e in sanction.events if e.category == "SANCTION").source
    assert (source[0].country, source[0].role) == ("USA", "GOV")


def test_several_hundred_protesters_is_a_vague_count():
    doc = load_nlp()("Several hundred protesters marched to the parliament.")
    (quantity,) = find_quantities(doc)
    assert (quantity.value, quantity.unit, quantity.vague) == (300, "protesters", True)


def test_a_year_after_is_not_a_date(pipeline):
    text = "Peace Deal Collapses\n\nRebels attacked the army a year after the peace deal, officials said on Friday."
    result = pipeline.code_article(Article(id="y", text=text, published=date(2023, 6, 10)))
    attack = next(e for e in result.events if e.category == "FIGHT")
    assert attack.date.earliest == date(2023, 6, 9)  # Friday, not a year earlier
