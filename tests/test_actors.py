"""Actor resolution on sentences written for these tests."""

import pytest

from eventwire.actors import resolve_actors
from eventwire.nlp import load_nlp


def actors(text: str, title_end: int = 0) -> dict[str, tuple]:
    index = resolve_actors(load_nlp()(text), title_end)
    return {a.text: (a.country, a.role, a.kind) for a in index.actors}


@pytest.mark.parametrize(
    ("text", "mention", "expected"),
    [
        ("Chad's government expelled the envoy.", "government", ("TCD", "GOV", "group")),
        ("French troops left the base.", "troops", ("FRA", "MIL", "group")),
        ("The Kremlin denied the report.", "Kremlin", ("RUS", "GOV", "organisation")),
        ("The Pentagon sent more drones.", "Pentagon", ("USA", "MIL", "organisation")),
        ("ECOWAS suspended the country.", "ECOWAS", (None, "IGO", "igo")),
    ],
)
def test_named_and_composed_actors(text, mention, expected):
    assert actors(text)[mention] == expected


def test_titled_person_takes_title_country_and_role():
    found = actors("UK Foreign Secretary Jane Hale arrived in Nairobi on Monday.")
    assert found["Jane Hale"][:2] == ("GBR", "GOV")


def test_a_former_office_gives_no_role_but_keeps_the_country():
    found = actors("Former Kenyan foreign minister Jane Wanjiru joined a consulting firm in Nairobi.")
    assert found["Jane Wanjiru"][:2] == ("KEN", None)
    assert actors("Ex-minister Ali Hassan spoke in Cairo.")["Ali Hassan"][1] is None
    assert actors("Kenyan foreign minister Jane Wanjiru spoke in Nairobi.")["Jane Wanjiru"][1] == "GOV"


def test_apposition_gives_a_person_the_role_of_their_office():
    found = actors("A spokesman for the Kenyan Defence Ministry, Peter Otieno, confirmed the move.")
    assert found["Peter Otieno"][0] == "KEN"


def test_surname_and_bare_role_noun_resolved_in_context():
    text = (
        "Lebanon Expels Envoy\n\nPresident Ana Ruiz of Peru met the ambassador. Later, Ruiz left. "
        "The government said nothing."
    )
    index = resolve_actors(load_nlp()(text), title_end=len("Lebanon Expels Envoy"))
    ruiz = [a for a in index.actors if a.text == "Ruiz"]
    assert ruiz and ruiz[0].name == "Ana Ruiz" and ruiz[0].role == "GOV"
    government = [a for a in index.actors if a.text == "government"]
    assert government[0].country == "LBN"  # the story's own country


def test_role_word_as_modifier_is_not_an_actor():
    assert "military" not in actors("The two states signed a military cooperation pact.")


def test_capital_as_place_is_not_the_government():
    found = actors("Delegates gathered in Nairobi for the summit.")
    assert found["Nairobi"] == ("KEN", None, "place")
    assert actors("Nairobi rejected the proposal.")["Nairobi"][1] == "GOV"


def test_dateline_names_a_place_not_an_actor():
    text = "Talks End\n\nNAIROBI, Kenya (Wire) - Sudan's army and the RSF signed a truce on Monday."
    index = resolve_actors(load_nlp()(text), title_end=len("Talks End"))
    assert "Kenya" not in {a.text for a in index.actors}
    assert {a.country for a in index.actors} >= {"SDN"}


def test_known_figure_resolves_by_surname_for_the_year():
    index = resolve_actors(load_nlp()("Museveni met the envoy in Kampala."), year=2020)
    museveni = next(a for a in index.actors if a.text == "Museveni")
    assert (museveni.country, museveni.role, museveni.name) == ("UGA", "GOV", "Yoweri Museveni")


def test_stance_words_name_no_actor_and_led_forces_take_their_leader():
    found = actors("A prominent anti-Syria journalist spoke as Ugandan-led forces advanced.")
    assert "Syria" not in found
    assert found["forces"][0] == "UGA"


def test_ethnic_groups_belong_to_the_country_they_live_in():
    index = resolve_actors(load_nlp()("Police detained ten ethnic Uzbeks in Kyrgyzstan on Monday."))
    uzbeks = next(a for a in index.actors if a.text.startswith("Uzbek"))
    assert uzbeks.country == "KGZ"
