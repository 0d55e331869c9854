"""Checks on the shipped sentence classifier (`eventwire/models/event_classifier`) and its training script.

The sentences below were written for this test; none comes from the training corpus (a test checks that), so they
probe whether the model learned event language rather than memorised its training lines.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

from eventwire.events.classifier import EVENT, ClassifierModelMissing, EventClassifier, event_classifier
from eventwire.tables import read_table

ROOT = Path(__file__).resolve().parents[1]
TRAIN_SCRIPT = ROOT / "training" / "train_classifier.py"

CLEAR_EVENTS = [
    "Police in Lagos arrested 35 demonstrators outside the state assembly on Monday.",
    "Thousands of teachers marched through Bogota to protest against pension cuts.",
    "Government troops and rebels clashed near Goma, leaving at least 20 soldiers dead.",
    "The foreign ministers of Chile and Peru met in Lima to discuss maritime trade.",
    "The European Union imposed new sanctions on twelve Belarusian officials.",
    "Gunmen kidnapped four aid workers on the road between Gao and Mopti.",
    "Russia vetoed a Security Council resolution on the conflict.",
    "The opposition leader condemned the government's handling of the election.",
    "Pakistan deployed additional troops to the border after the attack.",
    "Japan announced $50 million in emergency food aid for flood victims in Bangladesh.",
]

NON_EVENTS = {
    "sports": [
        "Manchester City beat Arsenal 3-1 on Saturday to go top of the league.",
        "The striker scored twice in the second half as the visitors crushed their rivals.",
    ],
    "business": [
        "Shares in the carmaker rose 4 percent after it reported higher quarterly profits.",
        "The central bank kept its benchmark interest rate unchanged at 5.25 percent.",
    ],
    "weather": [
        "Heavy rain is expected across the south of the country on Thursday, forecasters said.",
        "Temperatures will climb to 38 degrees by the weekend.",
    ],
    "furniture": [
        "Download our app to get alerts on your phone",
        "Your browser does not support the video tag",
        "Tap to enlarge the map",
        "Send us your news tips by email",
    ],
    "culture": ["The festival returns to the city next month with more than 200 films."],
}

# The corpus labels events that are only planned, denied or imagined as non-events.
NOT_ASSERTED = [
    "The two presidents will meet in Geneva next week.",
    "Police did not arrest anyone at the march.",
    "If the talks collapse, the union could call a national strike.",
]

TOP_CATEGORY = {
    "Israel and Hamas agreed to a ceasefire brokered by Egypt.": "AGREE",
    "The foreign ministers of Chile and Peru met in Lima to discuss maritime trade.": "CONSULT",
    "The government lifted the curfew in the capital on Tuesday.": "CONCEDE",
    "Ethiopian forces withdrew from the disputed town on Friday.": "RETREAT",
    "The prosecutor's office opened an investigation into the finance minister's dealings.": "INVESTIGATE",
    "Activists demanded the release of all political prisoners.": "DEMAND",
    "Russia vetoed a Security Council resolution on the conflict.": "REJECT",
    "The minister threatened to expel foreign journalists who criticise the army.": "THREATEN",
    "Thousands of teachers marched through Bogota to protest against pension cuts.": "PROTEST",
    "Armed robbers stole cash and mobile phones from a bus station in Kumasi.": "CRIME",
    "The European Union imposed new sanctions on twelve Belarusian officials.": "SANCTION",
    "Gunmen kidnapped four aid workers on the road between Gao and Mopti.": "ASSAULT",
    "Government troops and rebels clashed near Goma, leaving at least 20 soldiers dead.": "FIGHT",
}

HIGH = 0.7
LOW = 0.3
MAX_OVERLAP = 0.5


@pytest.fixture(scope="module")
def classifier() -> EventClassifier:
    return event_classifier()


@cache
def _training_module() -> ModuleType:
    """The training script as a module (it is not part of the package)."""
    spec = importlib.util.spec_from_file_location("train_classifier", TRAIN_SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


def _all_test_sentences() -> list[str]:
    non_events = [text for texts in NON_EVENTS.values() for text in texts]
    return [*CLEAR_EVENTS, *non_events, *NOT_ASSERTED, *TOP_CATEGORY]


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", text.casefold()))


def test_test_sentences_are_not_from_the_corpus() -> None:
    corpus = [_words(row.text) for row in _training_module().load_corpus()]
    assert len(corpus) > 3000

    def overlap(text: str) -> float:
        words = _words(text)
        return max(len(words & other) / len(words | other) for other in corpus)

    # Not copied and not a light edit of a corpus line either (word-set Jaccard).
    near = [text for text in _all_test_sentences() if overlap(text) > MAX_OVERLAP]
    assert not near


def test_labels_are_event_plus_plover(classifier: EventClassifier) -> None:
    categories = [row["category"] for row in read_table("plover.tsv")]
    assert len(categories) == 19
    assert classifier.labels == (EVENT, *categories)
    assert classifier.categories == tuple(categories)


def test_classifier_is_loaded_once() -> None:
    assert event_classifier() is event_classifier()


@pytest.mark.parametrize("text", CLEAR_EVENTS)
def test_clear_events_score_high(classifier: EventClassifier, text: str) -> None:
    assert classifier.score(text)[EVENT] >= HIGH


@pytest.mark.parametrize(("kind", "text"), [(kind, text) for kind, texts in NON_EVENTS.items() for text in texts])
def test_non_events_score_low(classifier: EventClassifier, kind: str, text: str) -> None:
    assert classifier.score(text)[EVENT] <= LOW, kind


@pytest.mark.parametrize("text", NOT_ASSERTED)
def test_non_asserted_events_score_low(classifier: EventClassifier, text: str) -> None:
    assert classifier.score(text)[EVENT] <= LOW


@pytest.mark.parametrize(("text", "category"), TOP_CATEGORY.items())
def test_top_category(classifier: EventClassifier, text: str, category: str) -> None:
    assert classifier.top_category(classifier.score(text))[0] == category


def test_batch_scores_match_single_scores(classifier: EventClassifier) -> None:
    texts = [*CLEAR_EVENTS[:3], *NON_EVENTS["sports"]]
    batch = classifier.scores(texts)
    assert len(batch) == len(texts)
    for text, scores in zip(texts, batch, strict=True):
        assert set(scores) == set(classifier.labels)
        assert all(0.0 <= value <= 1.0 for value in scores.values())
        single = classifier.score(text)
        assert all(abs(scores[label] - single[label]) < 1e-5 for label in classifier.labels)


def test_too_short_texts_score_zero(classifier: EventClassifier) -> None:
    # An empty doc crashes spaCy's n-gram layer and one or two words cannot state who did what to whom.
    results = classifier.scores(["", "   ", "Hello", "Related articles", CLEAR_EVENTS[0]])
    assert all(value == 0.0 for scores in results[:4] for value in scores.values())
    assert results[4][EVENT] >= HIGH
    assert classifier.scores([]) == []


def test_missing_model_tells_how_to_train(tmp_path: Path) -> None:
    with pytest.raises(ClassifierModelMissing, match=r"training/train_classifier\.py"):
        EventClassifier(tmp_path / "event_classifier")


def test_shipped_model_records_its_held_out_figures(classifier: EventClassifier) -> None:
    meta = json.loads((classifier.path / "meta.json").read_text(encoding="utf-8"))
    performance = meta["performance"]
    assert performance["arch"] in {"bow", "ensemble"}
    assert performance["event"]["0.5"]["f1"] > 0.85


def test_split_is_deterministic_and_about_ten_percent() -> None:
    module = _training_module()
    rows = module.load_corpus()
    train, heldout = module.split(rows)
    assert len(train) + len(heldout) == len(rows)
    assert not {row.text for row in train} & {row.text for row in heldout}
    assert 0.07 < len(heldout) / len(rows) < 0.13
    again_train, again_heldout = module.split(list(reversed(rows)))
    assert {row.text for row in again_heldout} == {row.text for row in heldout}
    assert len(again_train) == len(train)


def test_split_does_not_depend_on_the_python_hash_seed() -> None:
    # Python's own `hash` of a str changes with PYTHONHASHSEED; the split must not.
    texts = [*CLEAR_EVENTS, *TOP_CATEGORY, *NOT_ASSERTED]
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import train_classifier as t; "
        "print(json.dumps([t.is_heldout(x) for x in json.loads(sys.argv[2])]))"
    )
    answers = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        args = [sys.executable, "-c", code, str(TRAIN_SCRIPT.parent), json.dumps(texts)]
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
        answers.append(json.loads(done.stdout.strip().splitlines()[-1]))
    assert answers[0] == answers[1]
    assert answers[0] == [_training_module().is_heldout(text) for text in texts]
