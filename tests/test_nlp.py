import pytest

from eventwire.nlp import ModelError, load_nlp
from eventwire.nlp.pipeline import check_meta


def test_model_is_checked_and_has_ruler_before_ner():
    nlp = load_nlp()
    assert "core_web_sm" in nlp.meta["name"] and nlp.meta["version"].startswith("3.8.")
    names = nlp.pipe_names
    assert names.index("entity_ruler") < names.index("ner")


def test_wrong_model_is_refused():
    with pytest.raises(ModelError, match=r"en_core_web_sm 3\.8"):
        check_meta({"name": "core_web_md", "version": "3.7.1", "pipeline": ["parser", "ner"]})
    with pytest.raises(ModelError, match="parser"):
        check_meta({"name": "core_web_sm", "version": "3.8.0", "pipeline": ["ner"]})


def test_country_ruler_fixes_niger():
    doc = load_nlp()("Niger expelled the ambassador on Monday.")
    assert next((e.text, e.label_) for e in doc.ents) == ("Niger", "GPE")


def test_blank_line_ends_a_sentence():
    doc = load_nlp()("Talks Collapse In Doha\n\nThe delegations left on Friday.")
    assert len(list(doc.sents)) == 2


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("PESHAWAR: A Pakistani court freed two journalists.", "PESHAWAR:"),
        ("MOSCOW, Sept. 24 -- President Putin met the envoy.", "MOSCOW, Sept. 24 --"),
        ("Title\n\nNAIROBI, Kenya (Wire) — Police arrested 40 people.", "NAIROBI, Kenya (Wire) —"),
    ],
)
def test_a_dateline_is_a_sentence_of_its_own(text, first):
    sentences = [s.text.strip() for s in load_nlp()(text).sents if s.text.strip()]
    assert first in sentences
    assert (
        sentences[-1].endswith("people.") or sentences[-1].endswith("envoy.") or sentences[-1].endswith("journalists.")
    )


def test_a_name_before_a_dash_in_prose_is_no_dateline():
    assert len(list(load_nlp()("Putin — who has ruled since 2000 — met the envoy.").sents)) == 1
