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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace

from spacy.tokens import Doc

from eventwire.actors import resolve_actors
from eventwire.clean import clean_text
from eventwire.dedup import merge_mentions
from eventwire.events import code_mentions
from eventwire.events.classifier import event_classifier
from eventwire.events.learned import blend_confidence
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


class ArticleTimeout(Exception):
    pass


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
        cleaned: list[Article | IngestError] = [
            self._timed("clean", _clean, a) if isinstance(a, Article) else a for a in batch
        ]
        articles = [a for a in cleaned if isinstance(a, Article)]
        start = time.perf_counter()
        docs = iter(self.nlp.pipe([a.text for a in articles], batch_size=self.batch_size))
        self.stage_seconds["nlp"] += time.perf_counter() - start
        for item in cleaned:
            if isinstance(item, IngestError):
                yield item
                continue
            start = time.perf_counter()
            doc = next(docs)
            self.stage_seconds["nlp"] += time.perf_counter() - start
            try:
                with _time_limit(self.article_timeout):
                    coded = self._code_doc(item, doc)
            except ArticleTimeout:
                coded = IngestError(item.origin or item.id, f"timed out: coding took over {self.article_timeout:g} s")
            except Exception as err:  # one article's failure must not stop the batch
                coded = IngestError(item.origin or item.id, f"coding failed: {type(err).__name__}: {err}")
            yield coded

    def _code_doc(self, article: Article, doc: Doc) -> CodedArticle:
        title_end = len(article.title) if article.title and article.text.startswith(article.title) else 0
        year = article.published.year if article.published else None
        index = self._timed("actors", resolve_actors, doc, title_end, year)
        mentions = self._timed("events", code_mentions, doc, index)
        scores = self._timed("classify", self._sentence_scores, doc, {m.sentence_index for m in mentions})
        mentions = blend_confidence(mentions, scores)
        self._timed("time", date_mentions, doc, mentions, article.published)
        self._timed("place", locate_mentions, doc, mentions, index, title_end)
        quantities = self._timed("quantities", find_quantities, doc)
        attach_quantities(doc, mentions, quantities)
        quotes = self._timed("quotes", attribute_quotes, doc, index)
        events = self._timed("merge", merge_mentions, article.id, mentions)
        sentences = [_sentence(i, s.start_char, s.text) for i, s in enumerate(doc.sents)]
        return CodedArticle(article, sentences, index.actors, events, quantities, quotes)

    def _sentence_scores(self, doc: Doc, wanted: set[int]) -> dict[int, dict[str, float]]:
        """Classifier scores for the sentences that carry a mention (the others need none)."""
        sentences = [(i, s.text.strip()) for i, s in enumerate(doc.sents) if i in wanted]
        return dict(zip([i for i, _ in sentences], self.classifier.scores([t for _, t in sentences]), strict=True))

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
