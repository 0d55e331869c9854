"""Learned sentence classifier: does a sentence assert a codable event, and of which PLOVER category?

The model is a spaCy `textcat_multilabel` pipeline trained by `training/train_classifier.py` on eventwire's own
corpus and shipped in `eventwire/models/event_classifier/`. Its labels are `EVENT` plus the 19 PLOVER categories;
every score is an independent probability in [0, 1] (multi-label, so they do not sum to 1).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language

PIPE = "textcat_multilabel"
EVENT = "EVENT"
TRAIN_COMMAND = "python training/train_classifier.py"
# A codable event needs at least an actor and an action. Strings shorter than this are never scored by the model:
# the corpus has almost no 1-2 word lines, so the model's scores for them are arbitrary (and an empty doc crashes
# spaCy's n-gram layer); they get 0.0 for every label instead.
MIN_WORDS = 3
WORD = re.compile(r"\w+")


class ClassifierModelMissing(FileNotFoundError):
    """The trained model folder is not installed."""


def model_path() -> Path:
    """Where the shipped model lives inside the installed package."""
    return Path(str(resources.files("eventwire") / "models" / "event_classifier"))


class EventClassifier:
    """Scores sentences with the trained model; load it once via `event_classifier()`, it is not free."""

    def __init__(self, path: Path | None = None, batch_size: int = 256) -> None:
        self.path = path or model_path()
        self.batch_size = batch_size
        self.nlp = _load(self.path)
        self.labels: tuple[str, ...] = tuple(self.nlp.get_pipe(PIPE).labels)
        self.categories: tuple[str, ...] = tuple(label for label in self.labels if label != EVENT)

    def scores(self, texts: list[str]) -> list[dict[str, float]]:
        """One dict per text, label -> probability, in input order. Texts under `MIN_WORDS` words score 0.0."""
        results = [dict.fromkeys(self.labels, 0.0) for _ in texts]
        scored = [i for i, text in enumerate(texts) if len(WORD.findall(text)) >= MIN_WORDS]
        docs = self.nlp.pipe((texts[i] for i in scored), batch_size=self.batch_size)
        for i, doc in zip(scored, docs, strict=True):
            results[i] = {label: float(score) for label, score in doc.cats.items()}
        return results

    def score(self, text: str) -> dict[str, float]:
        return self.scores([text])[0]

    def top_category(self, scores: dict[str, float]) -> tuple[str, float]:
        """The most probable PLOVER category in a `scores` dict (EVENT excluded) and its score."""
        best = max(self.categories, key=lambda name: scores[name])
        return best, scores[best]


def _load(path: Path) -> Language:
    if not (path / "config.cfg").is_file():
        raise ClassifierModelMissing(
            f"eventwire's event classifier model is missing (expected a spaCy model folder at {path}). "
            f"Train it from a source checkout with `{TRAIN_COMMAND}`, which writes "
            "src/eventwire/models/event_classifier/."
        )
    nlp = spacy.load(path)
    if PIPE not in nlp.pipe_names:
        raise ValueError(f"{path} is a spaCy pipeline without a {PIPE} component; retrain with `{TRAIN_COMMAND}`")
    return nlp


@cache
def event_classifier() -> EventClassifier:
    """The shipped classifier, loaded once per process."""
    return EventClassifier()
