"""Event dates from time expressions, chains and the story's lead."""

from datetime import date

import pytest

from eventwire.model import Article
from eventwire.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


def dates(pipeline, text, published=date(2023, 5, 12)):  # a Friday
    result = pipeline.code_article(Article(id="t", text=text, published=published))
    return {m.trigger.text: e.date for e in result.events for m in e.mentions}


def test_weekday_dates_the_lead_event(pipeline):
    text = "Army Shells Rebel Town\n\nThe army shelled the rebel-held town of Kua. The shelling began on Tuesday."
    found = dates(pipeline, text)
    assert found["shelled"].earliest == date(2023, 5, 9)
    assert found["shelled"].precision == "day"


def test_month_expression_gives_month_interval(pipeline):
    found = dates(pipeline, "Police arrested the opposition leader in March 2021, his lawyers said.")
    d = found["arrested"]
    assert (d.earliest, d.latest, d.precision) == (date(2021, 3, 1), date(2021, 3, 31), "month")


def test_undated_later_event_is_an_honest_interval(pipeline):
    text = (
        "Talks Collapse\n\nNegotiators met in Doha in January 2023. Protesters attacked the embassy in Kabul. "
        "Later, the government expelled the Qatari envoy."
    )
    found = dates(pipeline, text)
    expel = found["expelled"]
    assert expel.precision == "approximate"
    assert expel.earliest == date(2023, 1, 1) and expel.latest == date(2023, 5, 12)


def test_later_is_counted_from_the_previous_date(pipeline):
    text = "The army seized power in June 2020. Two months later, the junta arrested the former president."
    found = dates(pipeline, text)
    d = found["arrested"]
    assert d.earliest <= date(2020, 8, 15) <= d.latest


def test_a_date_in_a_clause_describing_a_noun_dates_only_that_clause(pipeline):
    text = "A court in Accra has issued arrest warrants for two men sought in the killing of a judge five years ago."
    issued = dates(pipeline, text)["issued"]
    assert issued.earliest is None or issued.earliest.year == 2023  # the killing's year is not the warrants'
