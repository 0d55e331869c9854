from eventwire.clean import clean_text

PAGE = """Rebels Seize Border Town

Rebels Seize Border Town

Rebel fighters took control of the border town of Kalindo on Monday, after two days of fighting with the

army, residents said.

The governor said the town's hospital was "overwhelmed" and asked for help.

Share this:
Leave a Reply
Your email address will not be published. Required fields are marked *
Comment *
"""


def test_title_kept_once_and_first():
    clean = clean_text(PAGE, title_from_first_line=True)
    assert clean.title == "Rebels Seize Border Town"
    assert clean.text.startswith("Rebels Seize Border Town\n\n")
    assert clean.text.count("Rebels Seize Border Town") == 1


def test_sentence_broken_across_blank_line_is_rejoined():
    clean = clean_text(PAGE, title_from_first_line=True)
    assert "fighting with the army, residents said." in clean.text


def test_footer_and_share_lines_dropped():
    clean = clean_text(PAGE, title_from_first_line=True)
    for furniture in ("Share this", "Leave a Reply", "email address", "Comment"):
        assert furniture not in clean.text


def test_curly_quotes_and_ellipsis_normalised():
    clean = clean_text("He said \u201cno\u2026 never\u201d and left\u2019s door.")
    assert clean.text == 'He said "no... never" and left\'s door.'


def test_offsets_map_back_to_raw_text():
    raw = "Title\n\nThe army entered the\n\ncity on Friday."
    clean = clean_text(raw, title_from_first_line=True)
    i = clean.text.index("city")
    assert raw[clean.raw_offset(i) : clean.raw_offset(i) + 4] == "city"
    assert len(clean.raw_offsets) == len(clean.text)


def test_heading_without_full_stop_is_not_joined_to_next_paragraph():
    raw = "Main Title\n\nTalks Resume In Geneva\n\nDelegates met on Tuesday."
    clean = clean_text(raw, title_from_first_line=True)
    assert "Talks Resume In Geneva\n\nDelegates met" in clean.text


def test_sentence_starting_with_by_is_not_a_byline():
    raw = "By Saturday, the army had withdrawn from the town."
    assert "withdrawn" in clean_text(raw).text


def test_sentence_case_headline_is_not_joined_to_the_lead():
    clean = clean_text("Somalia expels Kenyan ambassador\n\nSomalia's government expelled the envoy on Monday.")
    assert clean.text == "Somalia expels Kenyan ambassador\n\nSomalia's government expelled the envoy on Monday."
