"""POST /code: code one article and return what `eventwire code --format json` prints for it.

With `?store=true` the coded article is also written to the database through an ingest run,
which needs the server's write token as `Authorization: Bearer <token>`. The pipeline loads
once, on the first request, and codes one article at a time (spaCy models are not shared
between threads).
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

from eventwire.dedup import link_articles
from eventwire.ingest import IngestError, article_id
from eventwire.ingest.job import IngestJob
from eventwire.model import Article, CodedArticle
from eventwire.serve.errors import ApiError, responses

# documents the token in OpenAPI; a missing or malformed header is not an error until storing is asked for
WRITE_TOKEN = HTTPBearer(auto_error=False, description="the server's write token, needed for ?store=true")


class ArticleIn(BaseModel):
    """An article to code: at least its text. An article object from `eventwire code` also fits."""

    model_config = ConfigDict(extra="ignore")
    text: str = Field(min_length=1, description="the article text (raw or clean)")
    title: str | None = None
    published: date | None = Field(None, description="publication date, YYYY-MM-DD")
    url: str | None = None
    publisher: str | None = None
    id: str | None = Field(None, description="defaults to a hash of the URL, else of the text")
    language: str | None = None


class ArticleCoder:
    """The pipeline, loaded on first use and run by one request at a time."""

    def __init__(self) -> None:
        self._pipeline: Any = None
        self._lock = threading.Lock()

    def code(self, article: Article) -> CodedArticle | IngestError:
        with self._lock:
            if self._pipeline is None:
                from eventwire.pipeline import Pipeline  # slow import: only servers that code pay for it

                self._pipeline = Pipeline()
            result = next(iter(self._pipeline.code([article])))
        if isinstance(result, CodedArticle):
            link_articles([result])  # as `eventwire code` does
        return result


def code_router() -> APIRouter:
    router = APIRouter(responses=responses(400, 401, 403, 413, 422, 500))

    @router.post("/code", tags=["coding"], summary="Code one article; optionally store it (needs the write token)")
    def code(
        request: Request,
        body: ArticleIn,
        store: Annotated[bool, Query(description="also store the coded article")] = False,
        bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(WRITE_TOKEN)] = None,
    ) -> dict[str, Any]:
        if store:
            _check_write_token(request.app.state.write_token, bearer)
        if not body.text.strip():
            raise ApiError(400, "text: empty")
        result = request.app.state.coder.code(_article(body))
        if isinstance(result, IngestError):
            raise ApiError(422, f"text: {result.reason}")
        if store:
            with request.app.state.connections.writer() as writer:
                IngestJob(writer, _replay(result), ["api"], engine="api").run([_article(body)])
        return result.to_dict()

    return router


def _check_write_token(expected: str | None, bearer: HTTPAuthorizationCredentials | None) -> None:
    if expected is None:
        raise ApiError(403, "this server is read-only: start it with a write token to store articles")
    given = bearer.credentials.strip() if bearer else ""
    if not hmac.compare_digest(given.encode(), expected.encode()):
        message = "storing needs the header 'Authorization: Bearer <write token>'"
        raise ApiError(401, message, {"WWW-Authenticate": "Bearer"})


def _article(body: ArticleIn) -> Article:
    """The same article that `eventwire code` reads from a JSON line with these fields."""
    return Article(
        id=body.id or article_id(body.text, body.url),
        text=body.text,
        title=body.title,
        url=body.url,
        publisher=body.publisher,
        published=body.published,
        language=body.language or "en",
        raw_sha256=hashlib.sha256(body.text.encode("utf-8")).hexdigest(),
        origin="api",
    )


def _replay(coded: CodedArticle):  # type: ignore[no-untyped-def]
    """A coder for IngestJob that hands back the article already coded, instead of coding it twice."""

    def coder(items: Iterable[Article | IngestError]) -> Iterator[CodedArticle | IngestError]:
        for item in items:
            yield coded if isinstance(item, Article) else item

    return coder
