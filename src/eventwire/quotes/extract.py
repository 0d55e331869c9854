"""Direct and indirect quotes in a parsed article, with the span of who said them.

Direct quotes are text between quote marks (straight or curly, double or single; an apostrophe is
not a quote mark). Their speaker is the subject of the verb of saying the quote hangs from in the
parse ("“...,” the minister said, “...”"), else of the nearest such verb in the same sentence.
Indirect quotes are the clause a verb of saying governs ("X said that ...") and the clause an
"according to X" phrase qualifies. A speaker that is a pronoun is returned as the pronoun: the caller
resolves it. A speaker given as a title with a name in apposition ("a spokesperson, Jane Doe,")
is the name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from eventwire.tables import read_table

_MAX_QUOTE_CHARS = 1500  # an opening mark left unclosed for longer than this was not a quote
_OPENERS = " \t\n([{—–-“‘\"'/"
# Children of a subject that are not part of the name of who spoke.
_NOT_SPEAKER = {"appos", "relcl", "acl", "punct", "parataxis", "advcl"}
# Relations through which a verb of saying borrows its subject: "smiled and added", "adding", "before warning".
_SHARES_SUBJECT = {"conj", "advcl", "xcomp", "pcomp", "prep"}


@dataclass(slots=True)
class QuoteSpan:
    text: str  # the quoted words without quote marks (direct), or the reported clause (indirect)
    start: int
    end: int
    direct: bool
    speaker_start: int | None  # char span of the speaker noun phrase, if found
    speaker_end: int | None


@cache
def _cue_words() -> dict[str, str]:
    return {row["word"]: row["kind"] for row in read_table("speech_verbs.tsv")}


# --- quote marks -----------------------------------------------------------------------------


def _looks_open(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    single = text[i] in "'‘"
    # A single mark must open a word, not a number: "'90s" is an elision.
    return before in _OPENERS and (after.isalpha() if single else (after.isalnum() or after in "‘'…."))


def _looks_close(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and not after.isalnum()


def _pairs(text: str, marks: str, opening: str, closing: str) -> list[tuple[int, int]]:
    """(open, close) positions of quote marks of one family; `marks` lists all its characters."""
    pairs: list[tuple[int, int]] = []
    opened: int | None = None
    for i, ch in enumerate(text):
        if ch not in marks:
            continue
        if opened is not None and i - opened > _MAX_QUOTE_CHARS:
            opened = None
        if ch not in opening and opened is not None and _looks_close(text, i):
            pairs.append((opened, i))
            opened = None
        elif ch not in closing and _looks_open(text, i):
            opened = i  # an unclosed quote running into a new paragraph reopens
    return pairs


def _quote_marks(text: str) -> list[tuple[int, int]]:
    """Outermost quote-mark pairs: a quote inside a quote belongs to the outer one."""
    pairs = _pairs(text, '"“”', "“", "”") + _pairs(text, "'‘’", "‘", "’")
    outer = [p for p in pairs if not any(q != p and q[0] <= p[0] and p[1] <= q[1] for q in pairs)]
    return sorted(outer)


# --- speakers --------------------------------------------------------------------------------


def _cues(doc: Doc, quoted: list[tuple[int, int]]) -> list[Token]:
    """Verbs of saying and "according" outside every quote."""
    words = _cue_words()
    found = []
    for t in doc:
        kind = words.get(t.lemma_.lower()) or words.get(t.lower_)
        if kind == "verb" and t.pos_ != "VERB":
            continue
        if kind == "source" and not any(c.lower_ == "to" for c in t.children):
            continue
        if kind and not any(a <= t.idx <= b for a, b in quoted):
            found.append(t)
    return found


def _subject(cue: Token) -> Token | None:
    """Who said it: the subject of the verb, or of the verb it hangs from; the object of "according to"."""
    if _cue_words().get(cue.lower_) == "source":
        objects = [o for to in cue.children if to.lower_ == "to" for o in to.children if o.dep_ == "pobj"]
        return objects[0] if objects else None
    token = cue
    for _ in range(4):
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        if subjects:
            subject = subjects[0]
            # "the minister, who said ...": the relative pronoun stands for the noun it hangs from.
            if subject.tag_ in {"WP", "WDT"} and token.dep_ == "relcl":
                return token.head
            return subject
        if token.dep_ not in _SHARES_SUBJECT or token.head.i == token.i:
            return None
        token = token.head
    return None


def _phrase_bounds(head: Token) -> tuple[int, int]:
    """Char bounds of a noun phrase without its appositions, relative clauses and edge punctuation."""
    dropped = {t.i for c in head.children if c.dep_ in _NOT_SPEAKER for t in c.subtree}
    kept = [t for t in head.subtree if t.i not in dropped and not (t.is_punct or t.is_space)] or [head]
    first, last = kept[0], kept[-1]
    return first.idx, last.idx + len(last.text)


def _speaker(cue: Token, quoted: list[tuple[int, int]]) -> tuple[int | None, int | None]:
    subject = _subject(cue)
    if subject is None:
        return None, None
    if subject.pos_ != "PRON" and subject.pos_ != "PROPN":
        names = [c for c in subject.children if c.dep_ == "appos" and (c.pos_ == "PROPN" or c.ent_type_ == "PERSON")]
        if names:  # "A spokesperson for the ministry, Jane Doe, said"
            subject = names[0]
    start, end = _phrase_bounds(subject)
    if any(a < end and start < b for a, b in quoted):
        return None, None
    return start, end


# --- direct quotes ---------------------------------------------------------------------------


def _linked_cue(tokens: Span, cues: list[Token]) -> Token | None:
    """The verb of saying the quoted words hang from in the parse, if any."""
    inside = {t.i for t in tokens}
    cue_ids = {c.i: c for c in cues}
    for t in tokens:
        if t.head.i in inside or t.head.i == t.i:
            continue
        for ancestor in t.ancestors:
            if ancestor.i in cue_ids:
                return cue_ids[ancestor.i]
    return None


def _nearest_cue(doc: Doc, start: int, end: int, cues: list[Token]) -> Token | None:
    """The closest verb of saying in the sentences the quote touches (and one ending in a colon before it)."""
    sents = [s for s in doc.sents if s.start_char < end + 1 and start - 1 < s.end_char]
    if sents and sents[0].start > 0:
        before = doc[sents[0].start - 1].sent
        if before.text.rstrip().endswith(":"):
            sents.insert(0, before)
    lo, hi = (sents[0].start_char, sents[-1].end_char) if sents else (start, end)
    near = [c for c in cues if lo <= c.idx < hi]
    return min(near, key=lambda c: min(abs(c.idx - start), abs(c.idx - end)), default=None)


def _continues(text: str, previous: QuoteSpan, previous_cue: Token | None, opening: int, cues: list[Token]) -> bool:
    """Whether a quote with no verb of saying goes on from the previous one: nobody else is
    introduced in between, and at most one paragraph break separates them."""
    if previous.speaker_start is None or len(re.findall(r"\n\s*\n", text[previous.end : opening])) > 1:
        return False
    others = [c for c in cues if previous.end < c.idx < opening and (previous_cue is None or c.i != previous_cue.i)]
    return not others


def _direct(doc: Doc, marks: list[tuple[int, int]], cues: list[Token]) -> list[QuoteSpan]:
    text, found = doc.text, []
    previous: QuoteSpan | None = None
    previous_cue: Token | None = None
    for opening, closing in marks:
        start, end = opening + 1, closing
        while start < end and text[start].isspace():
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
            end -= 1
        tokens = doc.char_span(start, end, alignment_mode="expand")
        if tokens is None or start == end:
            continue
        cue = _linked_cue(tokens, cues)
        # One or two words between marks with no verb of saying are scare quotes, not speech.
        if cue is None and len(text[start:end].split()) < 3:
            continue
        cue = cue or _nearest_cue(doc, opening, closing, cues)
        if cue is not None:
            speaker = _speaker(cue, marks)
        elif previous is not None and _continues(text, previous, previous_cue, opening, cues):
            speaker = (previous.speaker_start, previous.speaker_end)  # "“...,” she said. “More words.”"
        else:
            speaker = (None, None)
        previous, previous_cue = QuoteSpan(text[start:end], start, end, True, *speaker), cue
        found.append(previous)
    return found


# --- indirect quotes -------------------------------------------------------------------------


def _clause_bounds(tokens: Iterable[Token]) -> tuple[int, int] | None:
    """Char bounds of a reported clause, without a leading "that" and edge punctuation."""
    kept = sorted((t for t in tokens if not (t.is_punct or t.is_space)), key=lambda t: t.i)
    if kept and kept[0].lower_ == "that" and kept[0].dep_ == "mark":
        kept = kept[1:]
    if not kept:
        return None
    return kept[0].idx, kept[-1].idx + len(kept[-1].text)


def _reported_clause(cue: Token) -> tuple[int, int] | None:
    if _cue_words().get(cue.lower_) == "source":
        # "according to X" qualifies the clause of the verb it hangs from.
        head = cue.head
        while head.pos_ not in {"VERB", "AUX"} and head.head.i != head.i:
            head = head.head
        if head.i == cue.i:
            return None
        skip = {t.i for t in cue.subtree}
        return _clause_bounds(t for t in head.subtree if t.i not in skip)
    clauses = [c for c in cue.children if c.dep_ == "ccomp"]
    return _clause_bounds(clauses[0].subtree) if clauses else None


def _indirect(doc: Doc, marks: list[tuple[int, int]], cues: list[Token]) -> list[QuoteSpan]:
    text, found = doc.text, []  # Doc.text joins every token: read it once
    for cue in cues:
        bounds = _reported_clause(cue)
        if bounds is None or any(a < bounds[1] and bounds[0] < b for a, b in marks):
            continue  # a clause holding a direct quote is reported by that quote
        start, end = bounds
        found.append(QuoteSpan(text[start:end], start, end, False, *_speaker(cue, marks)))
    return found


def find_quotes(doc: Doc) -> list[QuoteSpan]:
    """Every direct and indirect quote in the document, in text order."""
    marks = _quote_marks(doc.text)
    cues = _cues(doc, marks)
    return sorted(_direct(doc, marks, cues) + _indirect(doc, marks, cues), key=lambda q: q.start)
