"""The eventwire HTTP API and dashboard: `create_app("eventwire.duckdb")` → a FastAPI app for uvicorn."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from eventwire import __version__
from eventwire.serve.coding import ArticleCoder, code_router
from eventwire.serve.connections import Connections
from eventwire.serve.errors import BodyLimit, CatchAll, drop_default_422, install_error_handlers
from eventwire.serve.pages import SecurityHeaders, mount_pages
from eventwire.serve.routes import read_router

DESCRIPTION = (
    "Political event data coded from news: every event with the sentence that proves it. "
    'Filters are the `eventwire` command line\'s options in snake_case; errors are JSON `{"error": ...}`.'
)


def create_app(
    db_target: str,
    write_token: str | None = None,
    max_body_bytes: int = 1_000_000,
    max_limit: int = 1000,
    cors_origins: Sequence[str] = (),
) -> FastAPI:
    """An app over one database; it may store articles only when `write_token` is set."""
    connections = Connections(db_target, writable=bool(write_token), max_page=max_limit)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        connections.close()

    app = FastAPI(
        title="eventwire",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # FastAPI's own docs page loads from a CDN; pages.py serves ours
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.connections = connections
    app.state.write_token = write_token or None
    app.state.coder = ArticleCoder()
    install_error_handlers(app)
    app.include_router(read_router(max_limit))
    app.include_router(code_router())
    mount_pages(app)
    _document_errors(app)
    app.add_middleware(CatchAll)  # innermost of the middleware: every endpoint's failure passes through it
    if cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    return app


def _document_errors(app: FastAPI) -> None:
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = drop_default_422(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
