"""The spaCy pipeline: loaded once per process, checked, with the project's entity ruler ahead of NER."""

from eventwire.nlp.pipeline import ModelError, load_nlp

__all__ = ["ModelError", "load_nlp"]
