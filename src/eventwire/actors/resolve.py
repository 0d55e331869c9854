"""Find actor mentions in a parsed article and resolve them to country, role, name and kind.

Three passes over the doc:
1. mentions: named entries from the lexicon (via the entity ruler's ids), people (PERSON
   entities), and role nouns ("government", "junta", "Secretary of State");
2. composition: a role noun takes the country of its modifiers ("Chad's government",
   "French troops", "spokesperson for the US State Department"), a person the role and
   country of their title or apposition ("UK Foreign Secretary Jane Hale");
3. context: short forms take their full form's attributes ("Hale", "the junta"), and
   what still lacks a country takes the article's focal country.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from eventwire.actors.lexicon import PERSON_ID, ActorLexicon, actor_lexicon, irregular_past_forms
from eventwire.clean.dateline import dateline
from eventwire.model import Actor
from eventwire.nlp.spans import entities_by_sentence
from eventwire.tables import read_table

_MODIFIER_DEPS = {"poss", "compound", "amod", "nmod", "nummod", "det"}
_OF_PREPS = {"of", "for", "from", "in"}
_PERSON_LABELS = {"PERSON"}


@dataclass(slots=True)
class ActorIndex:
    """Actors of one doc, and which actor each token belongs to."""

    actors: list[Actor] = field(default_factory=list)
    by_token: dict[int, Actor] = field(default_factory=dict)
    focal_country: str | None = None

    def add(self, actor: Actor, tokens: range) -> None:
        self.actors.append(actor)
        for i in tokens:
            self.by_token[i] = actor

    def of_token(self, token: Token) -> Actor | None:
        return self.by_token.get(token.i)


def resolve_actors(doc: Doc, title_end: int = 0, year: int | None = None) -> ActorIndex:
    """Actors of a parsed article; `title_end` is the char offset where the title ends (0 if none), `year`
    the publication year (it picks the office a known figure held then)."""
    lexicon = actor_lexicon()
    index = ActorIndex()
    entities = entities_by_sentence(doc)
    for sent in doc.sents:
        _sentence_actors(sent, entities.get(sent.start, []), lexicon, index, year)
    index.actors.sort(key=lambda a: a.start)
    _place_ethnic_groups(doc, index)
    # the dateline's country counts for what the story is about, but it is not an actor
    index.focal_country = _focal_country(index.actors, title_end)
    _drop_dateline(doc, index, title_end)
    _resolve_context(doc, index, lexicon)
    return index


def _sentence_actors(sent: Span, ents: list[Span], lexicon: ActorLexicon, index: ActorIndex, year: int | None) -> None:
    named = _named_mentions(ents, lexicon, year)
    # an organisation NER guessed ("Secretary of [State]") yields to a known role phrase
    known = [(span, a) for span, a in named if not _is_guess(a)]
    groups = _role_mentions(sent, lexicon, {i for span, _ in known for i in range(span.start, span.end)})
    in_roles = {i for span, _ in groups for i in range(span.start, span.end)}
    named = known + [(span, a) for span, a in named if _is_guess(a) and not in_roles & set(range(span.start, span.end))]
    for span, actor in named:
        index.add(actor, range(span.start, span.end))
    for span, actor in groups:
        index.add(actor, range(span.start, span.end))
    _compose(sent, index, lexicon)


def _named_mentions(ents: list[Span], lexicon: ActorLexicon, year: int | None) -> list[tuple[Span, Actor]]:
    found = []
    for ent in ents:
        if _stance_word(ent):
            continue  # "anti-Syria", "pro-Iranian": an attitude, not the actor
        entry = lexicon.surface.get(ent.ent_id_) if ent.ent_id_ else None
        known = _known_person(ent, lexicon, year)
        if known is not None:
            actor = known
        elif entry:
            actor = Actor(ent.text, ent.start_char, ent.end_char, entry.name, entry.country, entry.role, entry.kind)  # type: ignore[arg-type]
        elif ent.label_ in _PERSON_LABELS:
            actor = Actor(ent.text, ent.start_char, ent.end_char, ent.text, None, None, "person")
        elif ent.label_ == "ORG":
            # an organisation the tables do not know is still an actor: named, its codes unknown
            actor = Actor(ent.text, ent.start_char, ent.end_char, _strip_article(ent.text), None, None, "organisation")
        else:
            continue
        if entry and entry.kind == "state" and (_is_location(ent) or (entry.role and _in_locative_phrase(ent))):
            # "a centre in Tokyo", "fighting in Sudan": the place, not the government it stands for; a capital in a
            # place phrase is the city wherever the phrase hangs ("talks *in Moscow*", "people *in Kabul*")
            actor.role, actor.kind, actor.name = None, "place", ent.text if entry.role else actor.name
        found.append((ent, actor))
    return found


_STANCE_PREFIXES = ("anti", "pro")


def _stance_word(ent: Span) -> bool:
    doc = ent.doc
    if ent.text.lower().startswith(tuple(f"{p}-" for p in _STANCE_PREFIXES)):
        return True
    return ent.start >= 2 and doc[ent.start - 1].text == "-" and doc[ent.start - 2].lower_ in _STANCE_PREFIXES


def _known_person(ent: Span, lexicon: ActorLexicon, year: int | None) -> Actor | None:
    """A figure of `people.tsv` by full name, or by surname where NER saw a person or an organisation."""
    if ent.ent_id_.startswith(PERSON_ID):
        spell = lexicon.person(ent.ent_id_[len(PERSON_ID) :], year)
    elif ent.label_ in ("PERSON", "ORG", "NORP", "GPE") and not ent.ent_id_:  # the small NER mislabels names
        spell = lexicon.person(ent.text, year)
    else:
        spell = None
    if spell is None:
        return None
    return Actor(ent.text, ent.start_char, ent.end_char, spell.name, spell.country, spell.role, "person")


def _is_guess(actor: Actor) -> bool:
    return actor.kind == "organisation" and actor.country is None and actor.role is None


def _strip_article(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


_LOCATIVE = {"in", "at", "near", "inside", "outside", "across", "around", "throughout", "within"}


# Verbs after which "at" names what is aimed at, not where: "fired rockets *at* Israel".
_AIMING_VERBS = {"fire", "shoot", "aim", "throw", "hurl", "lob", "point", "launch", "direct", "target"}


def _is_location(ent: Span) -> bool:
    """ "fighting in Sudan" (where something happened), not "opposition groups in Sudan" (whose groups)."""
    return _in_locative_phrase(ent) and ent.root.head.head.pos_ in ("VERB", "AUX", "ADJ")


def _in_locative_phrase(ent: Span) -> bool:
    prep = ent.root.head
    if prep.lower_ == "at" and prep.head.lemma_.lower() in _AIMING_VERBS:
        return False
    return ent.root.dep_ == "pobj" and prep.lower_ in _LOCATIVE


def _role_mentions(sent: Span, lexicon: ActorLexicon, taken: set[int]) -> list[tuple[Span, Actor]]:
    """Role nouns, longest phrase first: "prime minister" before "minister"."""
    found: list[tuple[Span, Actor]] = []
    i = sent.start
    while i < sent.end:
        match = None
        if not _may_start_role(sent.doc[i], lexicon.role_first_words):
            i += 1
            continue
        for n in range(min(lexicon.max_role_words, sent.end - i), 0, -1):
            span = sent.doc[i : i + n]
            if any(t.i in taken for t in span) or not _can_name_actor(span[-1]):
                continue
            role = next((r for key in _phrase_keys(span) if (r := lexicon.role_of(key))), None)
            if role:
                match = (span, role)
                break
        if match:
            span, role = match
            name = _phrase_keys(span)[0]
            sector = None if _held_before(span) else role.role  # a former minister no longer acts for the state
            found.append((span, Actor(span.text, span.start_char, span.end_char, name, None, sector, role.kind)))  # type: ignore[arg-type]
            i = span.end
        else:
            i += 1
    return found


_PAST_HOLDER = {"former", "ex", "erstwhile", "onetime", "one-time", "retired"}


def _held_before(span: Span) -> bool:
    """ "former defence minister", "ex-president": the office is no longer held."""
    modifiers = list(span.doc[span.root.left_edge.i : span.start])  # "former *Kenyan* foreign minister"
    # the parser splits "ex-minister" into nouns of their own: look at the word before the hyphen too
    adjacent = [t for t in span.doc[max(span.start - 2, span.sent.start) : span.start] if t.text != "-"]
    return any(t.lower_ in _PAST_HOLDER for t in modifiers + adjacent[-1:])


def _may_start_role(token: Token, first_words: frozenset[str]) -> bool:
    lower = token.lower_
    return lower in first_words or lower.rstrip("s") in first_words or token.lemma_.lower() in first_words


def _can_name_actor(token: Token) -> bool:
    """A role word names an actor as a noun or a title, not as a modifier: "the military", "President Ruiz",
    "opposition groups", but not "military cooperation"."""
    if token.pos_ in ("VERB", "AUX", "ADP", "DET", "PRON"):
        return False
    head = token.head
    if token.dep_ not in ("amod", "compound", "nmod") or head.pos_ not in ("NOUN", "PROPN"):
        return True
    return head.ent_type_ == "PERSON" or head.lemma_.lower() in _generic_heads() or _looks_verbal(head)


@cache
def _generic_heads() -> frozenset[str]:
    return frozenset(row["word"] for row in read_table("actor_heads.tsv"))


def _looks_verbal(token: Token) -> bool:
    """A verb the small tagger called a noun ("the army ousted Okafor")."""
    return token.lower_.endswith("ed") or token.lower_ in irregular_past_forms()


def _phrase_keys(span: Span) -> list[str]:
    """Lookup keys for a role phrase: singular lemma of the last word, then the words as written."""
    last = span[-1]
    singular = last.lemma_.lower() if last.tag_ in ("NNS", "NNPS") else last.lower_
    spaced = " ".join([t.lower_ for t in span[:-1]] + [singular])
    written = span.text.lower()
    return list(dict.fromkeys([spaced, written, written.rstrip("s")]))


def _compose(sent: Span, index: ActorIndex, lexicon: ActorLexicon) -> None:
    """Give role nouns and people the country and role of the words around them."""
    for actor in [a for a in index.actors if sent.start_char <= a.start < sent.end_char]:
        head = _head_token(sent.doc, actor)
        if head is None:
            continue
        for other in _modifier_actors(head, index, actor):
            _inherit(actor, other)
        if actor.kind == "person":
            _apply_title(head, actor, index, lexicon)


def _head_token(doc: Doc, actor: Actor) -> Token | None:
    span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _modifier_actors(head: Token, index: ActorIndex, actor: Actor) -> list[Actor]:
    """Actors that modify `head`: possessors, compounds, demonyms, "of/for X", appositions."""
    found = []
    for child in head.children:
        if child.dep_ in _MODIFIER_DEPS or child.dep_ == "appos":
            other = index.of_token(child)
            if other is not None and other is not actor:
                found.append(other)
            # "US Department of Defense", "Vietnamese-led forces": look one level deeper
            deeper = _MODIFIER_DEPS | {"npadvmod"}
            found.extend(o for g in child.children if g.dep_ in deeper and (o := index.of_token(g)) and o is not actor)
        elif child.dep_ == "prep" and child.lower_ in _OF_PREPS:
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            other = index.of_token(pobj) if pobj is not None else None
            if other is not None and other is not actor:
                found.append(other)
    if head.dep_ == "appos":
        other = index.of_token(head.head)
        if other is not None and other is not actor:
            found.append(other)
    return found


def _inherit(actor: Actor, other: Actor) -> None:
    if actor.country is None and other.country is not None:
        actor.country = other.country
    if actor.role is None and other.role is not None and other.kind != "state":
        actor.role = other.role
    if actor.kind == "person" and other.kind == "person" and other.role and actor.role is None:
        actor.role = other.role


def _apply_title(head: Token, actor: Actor, index: ActorIndex, lexicon: ActorLexicon) -> None:
    """A person's title words sit before the name in the same phrase: "UK Foreign Secretary Jane Hale"."""
    doc = head.doc
    left = head.left_edge.i
    span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
    if span is None:
        return
    for i in range(left, span.start):
        other = index.of_token(doc[i])
        if other is not None and other is not actor:
            _inherit(actor, other)


def _sentence_country(doc: Doc, actor: Actor, index: ActorIndex) -> str | None:
    sent = doc.char_span(actor.start, actor.end, alignment_mode="expand").sent
    countries = {a.country for a in index.actors if a.country and sent.start_char <= a.start < sent.end_char}
    return countries.pop() if len(countries) == 1 else None


def _place_ethnic_groups(doc: Doc, index: ActorIndex) -> None:
    """ "ethnic Albanians in Macedonia" are people of Macedonia, not the Albanian state."""
    for actor in index.actors:
        span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
        if span is None or span.start == 0 or doc[span.start - 1].lower_ != "ethnic":
            continue
        sent = span.sent
        places = [a.country for a in index.actors if a.kind == "place" and sent.start_char <= a.start < sent.end_char]
        if places:
            actor.country = places[0]  # without a place, the demonym's country is the best guess left


def _drop_dateline(doc: Doc, index: ActorIndex, title_end: int) -> None:
    """ "DAR ES SALAAM, Tanzania (Wire) -": the dateline says where the story was filed (the place stage reads
    it); it names no actor."""
    first = next((s for s in doc.sents if s.start_char >= title_end and s.text.strip()), None)
    found = dateline(first.text) if first is not None else None
    if found is None:
        return
    end = first.start_char + found[1]
    filed_from = [a for a in index.actors if first.start_char <= a.start < end]
    index.actors[:] = [a for a in index.actors if a not in filed_from]
    for token_i in [i for i, a in index.by_token.items() if a in filed_from]:
        del index.by_token[token_i]


def _focal_country(actors: list[Actor], title_end: int) -> str | None:
    """The country an article is about: the first one its title names, else its most mentioned one."""
    in_title = [a.country for a in actors if a.country and a.start < title_end]
    if in_title:
        return in_title[0]
    counts = Counter(a.country for a in actors if a.country)
    return counts.most_common(1)[0][0] if counts else None


def _resolve_context(doc: Doc, index: ActorIndex, lexicon: ActorLexicon) -> None:
    people: dict[str, Actor] = {}
    for actor in index.actors:
        if actor.kind == "person":
            _resolve_person(actor, people)
        elif actor.country is None and actor.role not in (None, "IGO") and actor.name in lexicon.roles:
            # "the government", "the junta", "police": news leaves the country unsaid when it is the story's own
            actor.country = index.focal_country
        if actor.country and actor.name in lexicon.roles:
            actor.name = f"{lexicon.country_names.get(actor.country, actor.country)} {actor.name}"
    _link_surnames(doc, index, people)


def _resolve_person(actor: Actor, people: dict[str, Actor]) -> None:
    surname = actor.text.split()[-1]
    full = people.get(surname)
    if full is not None and len(full.text.split()) >= len(actor.text.split()):
        actor.name, actor.country, actor.role = full.name, actor.country or full.country, actor.role or full.role
    else:
        people[surname] = actor


def _link_surnames(doc: Doc, index: ActorIndex, people: dict[str, Actor]) -> None:
    """Single proper nouns that NER missed or mislabelled but that repeat a known person's surname."""
    for token in doc:
        if token.pos_ != "PROPN" or token.text not in people:
            continue
        current = index.of_token(token)
        if current is not None and current.kind == "person":
            continue
        full = people[token.text]
        actor = Actor(token.text, token.idx, token.idx + len(token.text), full.name, full.country, full.role, "person")
        if current is not None:  # by identity: two surnames in one mislabelled span share one actor, removed once
            index.actors[:] = [a for a in index.actors if a is not current]
        index.add(actor, range(token.i, token.i + 1))
    index.actors.sort(key=lambda a: a.start)
    for actor in index.actors:
        if actor.kind == "person" and actor.role is not None and actor.country is None:
            # "President Mugabe" in a sentence about Zimbabwe; else the story's own country
            actor.country = _sentence_country(doc, actor, index) or index.focal_country
        elif _is_guess(actor):
            # "Nigerian police arrested members of the Ogoni Survival Front": a group the tables do not know, in a
            # sentence about one country, is that country's
            actor.country = _sentence_country(doc, actor, index)
