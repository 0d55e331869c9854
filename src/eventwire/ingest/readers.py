"""Read articles from files and stdin: plain text, HTML and JSON Lines.

Each reader yields `Article`s or `IngestError`s, never raises for a bad input:
one broken file or line must not stop the others.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from eventwire.model import Article

TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_MAX_BYTES = 20_000_000


@dataclass(slots=True)
class IngestError:
    """An input that could not be read, and why."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


def read_inputs(paths: list[str], published: date | None = None) -> Iterator[Article | IngestError]:
    for path in paths:
        yield from read_input(path, published)


def read_input(path: str, published: date | None = None) -> Iterator[Article | IngestError]:
    if path == "-":
        yield from _read_text_or_jsonl(sys.stdin.read(), "-", published)
        return
    file = Path(path)
    suffix = file.suffix.lower()
    if not file.exists():
        yield IngestError(path, "no such file")
        return
    if file.is_dir():
        yield IngestError(path, "is a folder; give its files (e.g. folder/*.txt)")
        return
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES:
        yield IngestError(path, f"unknown extension {suffix!r}; expected .txt, .html or .jsonl")
        return
    raw = _read_bytes(file)
    if isinstance(raw, IngestError):
        yield raw
        return
    if suffix in HTML_SUFFIXES:
        yield _html_article(raw, path, published)
    elif suffix in JSONL_SUFFIXES:
        yield from _jsonl_articles(raw, path, published)
    else:
        yield _text_article(raw, path, published)


def _read_bytes(file: Path) -> str | IngestError:
    size = file.stat().st_size
    if size == 0:
        return IngestError(str(file), "empty file")
    if size > _MAX_BYTES:
        return IngestError(str(file), f"too large ({size} bytes; limit {_MAX_BYTES})")
    data = file.read_bytes()
    if b"\x00" in data[:8192]:
        return IngestError(str(file), "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return IngestError(str(file), f"not UTF-8 text ({err.reason} at byte {err.start})")


def _read_text_or_jsonl(raw: str, origin: str, published: date | None) -> Iterator[Article | IngestError]:
    if raw.lstrip().startswith("{"):
        yield from _jsonl_articles(raw, origin, published)
    else:
        yield _text_article(raw, origin, published)


def article_id(raw: str | bytes, url: str | None = None) -> str:
    """A stable id: the same page gives the same id on every run and machine."""
    return hashlib.sha256(_utf8(url or raw)).hexdigest()[:16]


def _sha(raw: str | bytes) -> str:
    return hashlib.sha256(_utf8(raw)).hexdigest()


def _utf8(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8")


def _text_article(raw: str, origin: str, published: date | None) -> Article | IngestError:
    if not raw.strip():
        return IngestError(origin, "no text")
    title = next(line.strip() for line in raw.splitlines() if line.strip())
    return Article(id=article_id(raw), text=raw, title=title, published=published, raw_sha256=_sha(raw), origin=origin)


def _html_article(
    raw: str | bytes, origin: str, published: date | None, url: str | None = None
) -> Article | IngestError:
    """One article from an HTML page; bytes are decoded by trafilatura from the page's own charset.

    `url` is where the page was fetched from (a web archive's target URI); it wins over the
    page's own canonical link so the id is the same on every re-crawl.
    """
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    extracted = trafilatura.bare_extraction(
        raw, url=url, with_metadata=True, include_comments=False, favor_precision=True
    )
    if extracted is None or not getattr(extracted, "text", None):
        return IngestError(origin, "no article text found in the HTML")
    page_date = _parse_date(getattr(extracted, "date", None))
    page_url = url or getattr(extracted, "url", None)
    return Article(
        id=article_id(raw, page_url),
        text=extracted.text,
        title=getattr(extracted, "title", None),
        url=page_url,
        publisher=getattr(extracted, "sitename", None),
        published=published or page_date,
        language=getattr(extracted, "language", None) or "en",
        raw_sha256=_sha(raw),
        origin=origin,
    )


def _jsonl_articles(raw: str, origin: str, published: date | None) -> Iterator[Article | IngestError]:
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        yield _jsonl_line_article(line, f"{origin}:{number}", published)


def _jsonl_line_article(line: str, where: str, published: date | None) -> Article | IngestError:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return IngestError(where, f"invalid JSON ({err.msg} at column {err.colno})")
    return _record_article(record, where, published)


def _record_article(record: object, where: str, published: date | None) -> Article | IngestError:
    if not isinstance(record, dict):
        return IngestError(where, "a JSON line must be an object with a 'text' field")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return IngestError(where, "missing or empty 'text' field")
    record_date = _parse_date(record.get("published"))
    if record.get("published") and record_date is None:
        return IngestError(where, f"'published' is not a YYYY-MM-DD date: {record.get('published')!r}")
    return Article(
        id=str(record.get("id") or article_id(text, record.get("url"))),
        text=text,
        title=record.get("title"),
        url=record.get("url"),
        publisher=record.get("publisher"),
        published=record_date or published,
        language=record.get("language") or "en",
        raw_sha256=_sha(text),
        origin=where,
    )


def _parse_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
