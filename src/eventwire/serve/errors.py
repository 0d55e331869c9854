"""Every error as JSON `{"error": "..."}`: validation names the parameter, and nothing leaks a stack trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("eventwire.serve")


class ErrorBody(BaseModel):
    error: str


def responses(*codes: int) -> dict[int | str, dict]:
    """OpenAPI entries for the error statuses an endpoint can answer with."""
    said = {
        400: "a parameter or the body is invalid (the message names it)",
        401: "missing or wrong write token",
        403: "this server is read-only",
        404: "no such id",
        413: "request body too large",
        422: "the article could not be coded (e.g. no text left after cleaning)",
        500: "unexpected server error (details only in the server log)",
    }
    return {code: {"model": ErrorBody, "description": said[code]} for code in codes}


def drop_default_422(schema: dict) -> dict:
    """FastAPI documents its own 422 body; this API answers bad input with 400 and `ErrorBody` instead."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if operation.get("responses", {}).get("422", {}).get("description") == "Validation Error":
                del operation["responses"]["422"]
    for name in ("HTTPValidationError", "ValidationError"):
        schema.get("components", {}).get("schemas", {}).pop(name, None)
    return schema


class ApiError(Exception):
    """An error the client caused (or may know about): its status and a message for them."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


class BodyTooLarge(StarletteHTTPException):
    """Raised while reading a streamed body that passes the limit (no Content-Length to check first).

    An HTTPException, because FastAPI passes those through its body parsing untouched.
    """

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, too_large(max_bytes))


def too_large(max_bytes: int) -> str:
    return f"request body too large (limit {max_bytes} bytes)"


def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> JSONResponse:
        return error(exc.status, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error(400, _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error(exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # a backstop for the outer middleware; CatchAll answers for everything inside
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error(500, UNEXPECTED)


UNEXPECTED = "internal server error; the server log has the details"


class CatchAll:
    """Answer an unexpected exception with a generic 500 and keep the connection usable.

    Starlette's own last-resort handler re-raises after answering, so the server then drops the
    keep-alive connection; this middleware sits inside it and does not.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception:
            # the trace goes to the server's log only; the client learns nothing about the internals
            log.exception("unexpected error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise  # too late for a clean answer: the server drops the connection
            await error(500, UNEXPECTED)(scope, receive, send)


def _validation_message(exc: RequestValidationError) -> str:
    """'limit: Input should be a valid integer' from pydantic's first error (the location names the parameter)."""
    first = exc.errors()[0] if exc.errors() else {}
    location = [str(part) for part in first.get("loc", ()) if part not in ("query", "path", "body", "header")]
    name = ".".join(location) or str((first.get("loc") or ("request",))[0])
    message = str(first.get("msg", "invalid value"))
    if first.get("type") == "json_invalid":
        return "body: not valid JSON"
    return f"{name}: {message}"


class BodyLimit:
    """Reject bodies over the limit with 413 before they are read into memory.

    A declared Content-Length is checked up front; a streamed (chunked) body is counted while
    the endpoint reads it, and passing the limit raises `BodyTooLarge`.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            status, message = (413, too_large(self.max_bytes)) if declared.isdigit() else (400, "bad Content-Length")
            await error(status, message, {"Connection": "close"})(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise BodyTooLarge(self.max_bytes)
            return message

        await self.app(scope, counted, send)
