"""The pipeline for single articles: clean → nlp → actors → events → time → quantities, quotes → merge.

`Pipeline().code(articles)` streams: spaCy runs batched over the cleaned texts with
`nlp.pipe`, every later stage runs per article, and an article that fails any stage
comes out as an `IngestError` naming it, without touching the others.
"""

from __future__ import annotations

import signal
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from itertools import islice
from typing import Any

from spacy.tokens import Doc, Span

from eventwire.actors import resolve_actors
from eventwire.actors.resolve import ActorIndex
from eventwire.clean import clean_text
from eventwire.dedup import merge_mentions
from eventwire.events import code_mentions
from eventwire.events.classifier import event_classifier
from eventwire.events.learned import blend_confidence
from eventwire.events.mention import EventMention
from eventwire.ingest import IngestError
from eventwire.model import Article, CodedArticle, Sentence
from eventwire.nlp import load_nlp
from eventwire.place import locate_mentions
from eventwire.quantities.attach import attach_quantities
from eventwire.quantities.extract import find_quantities
from eventwire.quotes.attribute import attribute_quotes
from eventwire.temporal.dating import date_mentions
from eventwire.temporal.published import find_publication_date

ARTICLE_TIMEOUT = 60.0  # seconds for one article's stages after parsing; a pathological text must not stall a run


SentenceScores = dict[int, dict[str, float]]  # sentence index -> label -> classifier probability


class ArticleTimeout(Exception):
    pass


@dataclass(eq=False)  # compared and hashed by identity: one per article in a batch
class _Found:
    """An article between the two passes of a batch: parsed, its actors and event mentions found."""

    article: Article
    doc: Doc
    title_end: int
    index: ActorIndex
    mentions: list[EventMention]
    sentences: list[Span]
    wanted: list[int]  # the sentences that carry a mention, which the classifier scores


class Pipeline:
    def __init__(self, batch_size: int = 32, article_timeout: float | None = ARTICLE_TIMEOUT) -> None:
        self.nlp = load_nlp()
        self.classifier = event_classifier()
        self.batch_size = batch_size
        self.article_timeout = article_timeout
        self.stage_seconds: dict[str, float] = defaultdict(float)

    def code(self, items: Iterable[Article | IngestError]) -> Iterator[CodedArticle | IngestError]:
        """Code articles in order; errors pass through in their place."""
        batch: list[Article | IngestError] = []
        for item in items:
            batch.append(item)
            if len(batch) >= self.batch_size:
                yield from self._code_batch(batch)
                batch = []
        if batch:
            yield from self._code_batch(batch)

    def code_article(self, article: Article) -> CodedArticle:
        result = next(iter(self.code([article])))
        if isinstance(result, IngestError):
            raise ValueError(str(result))
        return result

    def _code_batch(self, batch: list[Article | IngestError]) -> Iterator[CodedArticle | IngestError]:
        """Parse the batch, find each article's mentions, score all their sentences at once, then finish each."""
        cleaned: list[Article | IngestError] = [
            self._timed("clean", _clean, a) if isinstance(a, Article) else a for a in batch
        ]
        found = [
            item if isinstance(item, IngestError) else self._guarded(item, self._find, item, doc)
            for item, doc in self._parsed(cleaned)
        ]
        scores = self._timed("classify", self._batch_scores, [f for f in found if isinstance(f, _Found)])
        for item in found:
            yield item if isinstance(item, IngestError) else self._guarded(item.article, self._finish, item, scores)

    def _parsed(self, items: list[Article | IngestError]) -> Iterator[tuple[Article | IngestError, Doc | None]]:
        """Each item with its parse (None for an error), parsing lazily so the time is charged to nlp."""
        articles = [a for a in items if isinstance(a, Article)]
        docs = iter(self.nlp.pipe([a.text for a in articles], batch_size=self.batch_size))
        for item in items:
            yield item, (None if isinstance(item, IngestError) else self._timed("nlp", next, docs))

    def _guarded(self, article: Article, stage: Callable[..., Any], *args: Any) -> Any:
        """Run one article's stage under the time limit; any failure becomes that article's IngestError."""
        try:
            with _time_limit(self.article_timeout):
                return stage(*args)
        except ArticleTimeout:
            return IngestError(article.origin or article.id, f"timed out: coding took over {self.article_timeout:g} s")
        except Exception as err:  # one article's failure must not stop the batch
            return IngestError(article.origin or article.id, f"coding failed: {type(err).__name__}: {err}")

    def _find(self, article: Article, doc: Doc) -> _Found:
        title_end = len(article.title) if article.title and article.text.startswith(article.title) else 0
        year = article.published.year if article.published else None
        index = self._timed("actors", resolve_actors, doc, title_end, year)
        mentions = self._timed("events", code_mentions, doc, index)
        sentences = list(doc.sents)
        wanted = sorted({m.sentence_index for m in mentions})
        return _Found(article, doc, title_end, index, mentions, sentences, wanted)

    def _batch_scores(self, found: list[_Found]) -> dict[_Found, SentenceScores]:
        """Classifier scores for every sentence that carries a mention, in one call for the whole batch:
        the model runs far faster on hundreds of sentences than on a handful at a time."""
        try:
            return self._scores(found)
        except Exception:  # score the articles one by one, so that only the one the model fails on is lost
            scores: dict[_Found, SentenceScores] = {}
            for one in found:
                with suppress(Exception):
                    scores |= self._scores([one])
            return scores

    def _scores(self, found: list[_Found]) -> dict[_Found, SentenceScores]:
        texts = [f.sentences[i].text.strip() for f in found for i in f.wanted]
        flat = iter(self.classifier.scores(texts))
        return {f: dict(zip(f.wanted, islice(flat, len(f.wanted)), strict=True)) for f in found}

    def _finish(self, found: _Found, scores: dict[_Found, SentenceScores]) -> CodedArticle:
        article, doc, index = found.article, found.doc, found.index
        if found not in scores:
            raise ValueError("the event classifier failed on this article's sentences")
        mentions = blend_confidence(found.mentions, scores[found])
        self._timed("time", date_mentions, doc, mentions, article.published)
        self._timed("place", locate_mentions, doc, mentions, index, found.title_end)
        quantities = self._timed("quantities", find_quantities, doc)
        attach_quantities(doc, mentions, quantities)
        quotes = self._timed("quotes", attribute_quotes, doc, index)
        events = self._timed("merge", merge_mentions, article.id, mentions)
        sentences = [_sentence(i, s.start_char, s.text) for i, s in enumerate(found.sentences)]
        return CodedArticle(article, sentences, index.actors, events, quantities, quotes)

    def _timed(self, stage: str, func, *args):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return func(*args)
        finally:
            self.stage_seconds[stage] += time.perf_counter() - start


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ArticleTimeout in this thread after `seconds` (main thread only: that is where signals arrive)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise ArticleTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _sentence(index: int, start: int, text: str) -> Sentence:
    """spaCy keeps paragraph breaks inside sentences; evidence is the sentence without them."""
    stripped = text.rstrip()
    lead = len(stripped) - len(stripped.lstrip())
    return Sentence(index, start + lead, start + len(stripped), stripped.strip())


def _clean(article: Article) -> Article | IngestError:
    cleaned = clean_text(article.text, title=article.title)
    if not cleaned.text.strip():
        return IngestError(article.origin or article.id, "nothing left after removing page furniture")
    published = article.published or find_publication_date(cleaned.text)
    return replace(article, text=cleaned.text, title=cleaned.title, published=published)
