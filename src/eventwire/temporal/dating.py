"""Give every event mention a date interval, from the time expressions around it.

- An expression dates the event whose trigger it hangs from in the parse
  ("the coup that took place *in July 2023*"), or the events of the clause it modifies.
- "four months later" is counted from the last dated mention before it.
- "one day after X ..." dates X's events that many days before the main clause's date.
- The lead of a story (title and first sentences) reports the story's news: undated lead
  events take the first day-precise date the article gives near its top.
- Any other undated event lies between the last dated event before it and publication:
  an honest interval, never silently the publication day.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache

from spacy.tokens import Doc, Token

from eventwire.clean.dateline import SEARCHED_SENTENCES, dateline
from eventwire.events.mention import EventMention
from eventwire.model import EventDate
from eventwire.tables import read_table
from eventwire.temporal.expressions import TimeExpression, find_time_expressions

LEAD_SENTENCES = 3  # title plus the first two sentences
LEAD_DATE_SEARCH = 6  # sentences searched for the story's own date
_GAP_AFTER = re.compile(r"\b(?P<n>[\w-]+) (?P<unit>day|week|month|year)s? (?P<rel>after|before)\b", re.IGNORECASE)
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


def date_mentions(doc: Doc, mentions: list[EventMention], published: date | None) -> None:
    if published is None:
        return  # without a publication date nothing relative can be resolved; explicit dates still could
    filed = _dateline_end(doc)  # "KABUL, March 3, 2022 -" dates the report, not its events
    expressions = [e for e in find_time_expressions(doc, published) if e.precision and e.start >= filed]
    attached = _attach(doc, expressions, mentions)
    lead_date = _lead_date(doc, expressions)
    previous: EventDate | None = None
    for mention in sorted(mentions, key=lambda m: m.trigger.start):
        expression = attached.get(id(mention))
        if expression is not None:
            mention.date = _from_expression(expression, previous, published)
            previous = mention.date
        elif _is_past_perfect(mention.token):
            # "the junta that had overthrown the president": background, before the story's own events
            reference = lead_date.earliest if lead_date and lead_date.earliest else published
            mention.date = EventDate(None, reference - timedelta(days=1), "approximate")
        elif mention.sentence_index < LEAD_SENTENCES and lead_date is not None:
            mention.date = lead_date
        else:
            earliest = previous.earliest if previous else None
            mention.date = EventDate(earliest, published, "approximate")
    _apply_gaps(doc, mentions)


def _dateline_end(doc: Doc) -> int:
    for sent in list(doc.sents)[:SEARCHED_SENTENCES]:
        found = dateline(sent.text)
        if found is not None:
            return sent.start_char + found[1]
    return 0


def _attach(doc: Doc, expressions: list[TimeExpression], mentions: list[EventMention]) -> dict[int, TimeExpression]:
    """Which mention each expression dates: the first trigger above it, else the clause's triggers."""
    by_token = {m.token.i: m for m in mentions}
    attached: dict[int, TimeExpression] = {}
    for expression in expressions:
        span = doc.char_span(expression.start, expression.end, alignment_mode="expand")
        if span is None or (expression.anchor == "previous" and _GAP_AFTER.search(expression.text)):
            continue
        token, clause_verb = span.root, None
        while True:
            if token.i in by_token:
                attached.setdefault(id(by_token[token.i]), expression)
                break
            if clause_verb is None and token.pos_ in ("VERB", "AUX"):
                clause_verb = token
                if token.dep_ in ("relcl", "acl") and token.head.i not in by_token:
                    # "men sought in the slaying *three years ago*": a clause describing a noun dates what it
                    # says of that noun, not the events above it ("the coup that took place *in July*" does)
                    break
            if token.head.i == token.i:
                for m in mentions:
                    if clause_verb is not None and _same_token(_clause_verb(m.token), clause_verb):
                        attached.setdefault(id(m), expression)
                break
            token = token.head
    return attached


def _clause_verb(token: Token) -> Token | None:
    for t in [token, *token.ancestors]:
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def _lead_date(doc: Doc, expressions: list[TimeExpression]) -> EventDate | None:
    sentences = list(doc.sents)[:LEAD_DATE_SEARCH]
    limit = sentences[-1].end_char if sentences else 0
    for e in expressions:
        if e.start < limit and e.anchor == "published" and e.precision == "day":
            return EventDate(e.earliest, e.latest, "day")
    return None


def _from_expression(expression: TimeExpression, previous: EventDate | None, published: date) -> EventDate:
    if expression.anchor == "published" or expression.offset_days is None:
        return EventDate(expression.earliest, expression.latest, expression.precision)
    offset = timedelta(days=expression.offset_days)
    if previous is None or previous.earliest is None or previous.latest is None:
        return EventDate(None, published, "approximate")
    earliest, latest = previous.earliest + offset, previous.latest + offset
    precision = previous.precision if previous.precision == "day" and expression.precision == "day" else "approximate"
    return EventDate(earliest, min(latest, published), precision)


def _apply_gaps(doc: Doc, mentions: list[EventMention]) -> None:
    """ "Y happened one day after X": X's events are dated from Y's date minus the gap."""
    for sent_index, sent in enumerate(doc.sents):
        match = _GAP_AFTER.search(sent.text)
        amount = _number(match.group("n")) if match else None
        if match is None or amount is None:
            continue
        relation = doc.char_span(sent.start_char + match.start("rel"), sent.start_char + match.end("rel"))
        if relation is None:
            continue
        clause = _gap_clause(relation[0])
        in_sentence = [m for m in mentions if m.sentence_index == sent_index]
        inside = [m for m in in_sentence if m.token.i in clause and not _in_relative_clause(m.token, clause)]
        main = [m for m in in_sentence if m.token.i not in clause and m.date]
        anchor = main[0].date if main else _sentence_date(mentions, sent_index)
        if anchor is None or anchor.earliest is None or anchor.latest is None:
            continue
        days = amount * _UNIT_DAYS[match.group("unit").lower()]
        shift = timedelta(days=-days if match.group("rel").lower() == "after" else days)
        for m in inside:
            m.date = EventDate(anchor.earliest + shift, anchor.latest + shift, anchor.precision)


def _gap_clause(relation: Token) -> set[int]:
    """Token indices of the clause introduced by "after"/"before"."""
    root = relation.head if relation.dep_ == "mark" else relation
    return {t.i for t in root.subtree}


def _in_relative_clause(token: Token, clause: set[int]) -> bool:
    return any(t.dep_ == "relcl" for t in [token, *token.ancestors] if t.i in clause)


def _is_past_perfect(token: Token) -> bool:
    """ "had overthrown": before the story's events, unless it is reported speech ("said it had expelled")."""
    verb = _clause_verb(token)
    if verb is None or verb.dep_ == "ccomp":
        return False
    return any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children)


def _sentence_date(mentions: list[EventMention], sent_index: int) -> EventDate | None:
    """The date a sentence's main clause has even without a trigger: that of the lead, if it is one."""
    same = [m.date for m in mentions if m.sentence_index == sent_index and m.date]
    return same[0] if same else None


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _number_words().get(word.lower())


@cache
def _number_words() -> dict[str, int]:
    return {row["word"]: int(float(row["value"])) for row in read_table("time_words.tsv") if row["kind"] == "number"}


def _same_token(a: Token | None, b: Token | None) -> bool:
    return a is not None and b is not None and a.i == b.i
