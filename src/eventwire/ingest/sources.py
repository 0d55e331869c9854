"""Read articles from every kind of source `eventwire ingest` accepts.

A source is a file, a folder, a glob pattern, an http(s) feed URL or `-` for stdin.
Files may be text, HTML, JSON, JSON Lines, CSV/TSV, RSS/Atom feeds or WARC/ARC web
archives, each optionally gzip- or bzip2-compressed.

Two promises hold for every source:
- streaming: line-, row- and record-based formats are read one item at a time from the
  (decompressing) file object, so memory stays flat however large the input is;
- no exceptions for bad input: a missing path, a bad line or a damaged archive record
  becomes an `IngestError` naming exactly where it is, and reading goes on.
"""

from __future__ import annotations

import bz2
import csv
import glob
import gzip
import io
import json
import os
import sys
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any

from eventwire.ingest.readers import (
    IngestError,
    _html_article,
    _jsonl_line_article,
    _parse_date,
    _record_article,
    _sha,
    _text_article,
    article_id,
)
from eventwire.model import Article

Result = Article | IngestError

FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".warc": "archive",
    ".arc": "archive",
}
COMPRESSIONS = {".gz": "gzip", ".bz2": "bz2"}
_KNOWN = ", ".join(sorted(FORMATS))
_USER_AGENT = "eventwire/0.1 (+https://github.com/eventwire)"
_FETCH_TIMEOUT = 30


@dataclass(frozen=True, slots=True)
class SourceOptions:
    """How to read sources: fallback date, CSV column names, folder walking and size limits."""

    published: date | None = None  # used when a record carries no date of its own
    text_column: str = "text"
    title_column: str = "title"
    url_column: str = "url"
    date_column: str = "published"
    id_column: str = "id"
    publisher_column: str = "publisher"
    delimiter: str | None = None  # None: "," for .csv, tab for .tsv
    recursive: bool = True
    max_bytes: int = 20_000_000  # cap for one whole file, one line, one feed or one archived page


def read_sources(sources: list[str], options: SourceOptions | None = None) -> Iterator[Result]:
    """Articles and errors from each source in turn, lazily."""
    options = options or SourceOptions()
    for source in sources:
        try:
            yield from _read_source(source, options)
        except Exception as err:  # last resort: one source's surprise must not stop the others
            yield IngestError(source, f"unexpected {type(err).__name__} while reading: {err}")


def _read_source(source: str, options: SourceOptions) -> Iterator[Result]:
    if source == "-":
        yield from _read_stdin(options)
    elif source.lower().startswith(("http://", "https://")):
        yield from _read_url(source, options)
    elif os.path.isdir(source):
        yield from _read_folder(source, options)
    elif os.path.exists(source):
        yield from _read_file(Path(source), source, options)
    elif glob.has_magic(source):
        yield from _read_glob(source, options)
    else:
        yield IngestError(source, "no such file or folder")


# ---------------------------------------------------------------- paths


def _file_kind(path: Path) -> tuple[str | None, str | None]:
    """(format, compression) from the file name: `feed.jsonl.gz` is ("jsonl", "gzip")."""
    name = path.name.lower()
    compression = COMPRESSIONS.get(Path(name).suffix)
    inner = Path(name).stem if compression else name
    return FORMATS.get(Path(inner).suffix), compression


def _inner_suffix(path: Path) -> str:
    name = path.name.lower()
    return Path(Path(name).stem).suffix if Path(name).suffix in COMPRESSIONS else Path(name).suffix


def _read_folder(folder: str, options: SourceOptions) -> Iterator[Result]:
    found = False
    for result in _read_walk(folder, options):
        found = True
        yield result
    if not found:
        yield IngestError(folder, f"no readable files in the folder (known extensions: {_KNOWN})")


def _read_walk(folder: str, options: SourceOptions) -> Iterator[Result]:
    for item in _walk(folder, options.recursive):
        if isinstance(item, IngestError):
            yield item
        else:
            yield from _read_file(item, str(item), options)


def _walk(folder: str, recursive: bool) -> Iterator[Path | IngestError]:
    """Files with a known extension, skipping hidden files and folders.

    Sorted: a folder's files by name, then its subfolders by name, so every run reads the same order.
    """
    failures: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=failures.append):
        yield from (IngestError(err.filename or folder, f"cannot list folder ({err.strerror})") for err in failures)
        failures.clear()
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")) if recursive else []
        for name in sorted(files):
            path = Path(root, name)
            if not name.startswith(".") and _file_kind(path)[0]:
                yield path
    yield from (IngestError(err.filename or folder, f"cannot list folder ({err.strerror})") for err in failures)


def _read_glob(pattern: str, options: SourceOptions) -> Iterator[Result]:
    found = False
    for match in sorted(glob.glob(pattern, recursive=True)):
        if os.path.isdir(match):
            # a pattern such as data/2024-* may name folders: read them as folders
            for result in _read_walk(match, options):
                found = True
                yield result
            continue
        if _file_kind(Path(match))[0]:
            found = True
            yield from _read_file(Path(match), match, options)
    if not found:
        yield IngestError(pattern, "the pattern matches no files with a known extension")


# ---------------------------------------------------------------- files


def _read_file(path: Path, origin: str, options: SourceOptions) -> Iterator[Result]:
    kind, compression = _file_kind(path)
    if kind is None and _inner_suffix(path) == "":
        kind = "text"  # a named file without extension is read as plain text, as read_input does
    if kind is None:
        yield IngestError(origin, f"unknown extension {_inner_suffix(path)!r}; expected one of {_KNOWN}")
        return
    if kind == "csv" and not options.delimiter:
        options = replace(options, delimiter="\t" if _inner_suffix(path) == ".tsv" else ",")
    if kind == "archive":
        yield from _read_archive(path, origin, compression, options)
        return
    try:
        with _open(path, compression) as stream:
            yield from _READERS[kind](stream, origin, compression, options)
    except OSError as err:  # could not even open it: permissions, a folder race, ...
        yield IngestError(origin, f"cannot read ({err.strerror or err})")


def _open(path: Path, compression: str | None) -> AbstractContextManager[IO[bytes]]:
    if compression == "gzip":
        return gzip.open(path, "rb")
    if compression == "bz2":
        return bz2.open(path, "rb")
    return open(path, "rb")


# Errors a decompressing stream raises mid-read on damaged data.
_STREAM_ERRORS = (OSError, EOFError, zlib.error)


def _stream_reason(err: BaseException, compression: str | None) -> str:
    if isinstance(err, OSError) and err.errno is not None:
        return f"cannot read ({err.strerror})"
    if compression:
        return f"corrupt or truncated {compression} data ({err or type(err).__name__})"
    return f"cannot read ({err or type(err).__name__})"


def _read_whole(stream: IO[bytes], origin: str, compression: str | None, limit: int) -> bytes | IngestError:
    try:
        data = stream.read(limit + 1)
    except _STREAM_ERRORS as err:
        return IngestError(origin, _stream_reason(err, compression))
    if not data:
        return IngestError(origin, "empty file")
    if len(data) > limit:
        return IngestError(origin, f"too large (over {limit} bytes; raise max_bytes to read it)")
    return data


def _decode(data: bytes, origin: str) -> str | IngestError:
    if b"\x00" in data[:8192]:
        return IngestError(origin, "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return IngestError(origin, f"not UTF-8 text ({err.reason} at byte {err.start})")


def _text_file(stream: IO[bytes], origin: str, compression: str | None, options: SourceOptions) -> Iterator[Result]:
    data = _read_whole(stream, origin, compression, options.max_bytes)
    text = data if isinstance(data, IngestError) else _decode(data, origin)
    yield text if isinstance(text, IngestError) else _text_article(text, origin, options.published)


def _html_file(stream: IO[bytes], origin: str, compression: str | None, options: SourceOptions) -> Iterator[Result]:
    data = _read_whole(stream, origin, compression, options.max_bytes)
    if isinstance(data, IngestError):
        yield data
        return
    if b"\x00" in data[:8192]:
        yield IngestError(origin, "binary file, not HTML")
        return
    try:
        page: str | bytes = data.decode("utf-8-sig")  # as read_input does, so ids and hashes agree
    except UnicodeDecodeError:
        page = data  # another charset: trafilatura reads it from the page's <meta>
    yield _html_article(page, origin, options.published)


def _json_file(stream: IO[bytes], origin: str, compression: str | None, options: SourceOptions) -> Iterator[Result]:
    # One JSON document has to be parsed whole; use .jsonl to stream large collections.
    data = _read_whole(stream, origin, compression, options.max_bytes)
    text = data if isinstance(data, IngestError) else _decode(data, origin)
    if isinstance(text, IngestError):
        yield text
        return
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        yield IngestError(origin, f"invalid JSON ({err.msg} at line {err.lineno} column {err.colno})")
        return
    if isinstance(document, dict):
        yield _record_article(document, origin, options.published)
    elif isinstance(document, list) and document:
        for number, record in enumerate(document, start=1):
            yield _record_article(record, f"{origin}:item {number}", options.published)
    elif isinstance(document, list):
        yield IngestError(origin, "the JSON list is empty")
    else:
        yield IngestError(origin, "JSON must be an object with a 'text' field or a list of such objects")


# ---------------------------------------------------------------- lines


class _Lines:
    """Numbered lines of a binary stream, each at most `limit` bytes, read one at a time.

    A longer line is skipped (yielded as None) rather than held in memory whole.
    """

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self.stream = stream
        self.limit = limit
        self.number = 0

    def __iter__(self) -> Iterator[tuple[int, bytes | None]]:
        while True:
            line = self.stream.readline(self.limit + 1)
            if not line:
                return
            self.number += 1
            if len(line) > self.limit and not line.endswith(b"\n"):
                self._skip_rest()
                yield self.number, None
            else:
                yield self.number, line

    def _skip_rest(self) -> None:
        while True:
            chunk = self.stream.readline(65536)
            if not chunk or chunk.endswith(b"\n"):
                return


def _decode_line(line: bytes, number: int) -> str:
    return line.decode("utf-8-sig" if number == 1 else "utf-8")


def _jsonl_file(stream: IO[bytes], origin: str, compression: str | None, options: SourceOptions) -> Iterator[Result]:
    lines = _Lines(stream, options.max_bytes)
    try:
        yield from _jsonl_lines(lines, origin, options)
    except _STREAM_ERRORS as err:
        yield IngestError(f"{origin}:{lines.number + 1}", _stream_reason(err, compression))


def _jsonl_lines(lines: Iterable[tuple[int, bytes | None]], origin: str, options: SourceOptions) -> Iterator[Result]:
    for number, line in lines:
        where = f"{origin}:{number}"
        if line is None:
            yield IngestError(where, f"line longer than {options.max_bytes} bytes")
            continue
        try:
            text = _decode_line(line, number)
        except UnicodeDecodeError as err:
            yield IngestError(where, f"not UTF-8 text ({err.reason} at byte {err.start} of the line)")
            continue
        if text.strip():
            yield _jsonl_line_article(text, where, options.published)


# ---------------------------------------------------------------- CSV


def _csv_file(stream: IO[bytes], origin: str, compression: str | None, options: SourceOptions) -> Iterator[Result]:
    lines = _Lines(stream, options.max_bytes)
    try:
        yield from _csv_rows(lines, origin, compression, options)
    except _STREAM_ERRORS as err:
        yield IngestError(f"{origin}:line {lines.number + 1}", _stream_reason(err, compression))


def _csv_rows(lines: _Lines, origin: str, compression: str | None, options: SourceOptions) -> Iterator[Result]:
    # Bad lines are noted by the text feed and reported between rows, so the csv module
    # never sees them and the rows around them still parse.
    problems: list[IngestError] = []
    reader = csv.reader(_csv_text(lines, origin, problems), delimiter=options.delimiter or ",")
    _raise_field_limit(options.max_bytes)
    header = next(reader, None)
    yield from problems
    problems.clear()
    if not header:
        yield IngestError(origin, "empty file: no header row")
        return
    columns = {name.strip(): index for index, name in enumerate(header)}
    if options.text_column not in columns:
        found = ", ".join(repr(name) for name in columns) or "none"
        yield IngestError(origin, f"no {options.text_column!r} column in the header (columns: {found})")
        return
    row_number = 1  # the header is row 1, as a spreadsheet numbers it
    while True:
        try:
            row = next(reader, None)
        except csv.Error as err:
            row = []
            problems.append(IngestError(f"{origin}:row {row_number + 1}", f"malformed CSV ({err})"))
        yield from problems
        problems.clear()
        if row is None:
            return
        row_number += 1
        if row:  # a blank line is a row with no cells: nothing to read, nothing wrong
            yield _csv_article(row, columns, f"{origin}:row {row_number}", options)


def _csv_text(lines: _Lines, origin: str, problems: list[IngestError]) -> Iterator[str]:
    for number, line in lines:
        if line is None:
            problems.append(IngestError(f"{origin}:line {number}", f"line longer than {lines.limit} bytes"))
            continue
        try:
            yield _decode_line(line, number)
        except UnicodeDecodeError as err:
            reason = f"not UTF-8 text ({err.reason} at byte {err.start})"
            problems.append(IngestError(f"{origin}:line {number}", reason))


def _raise_field_limit(limit: int) -> None:
    # The csv module refuses fields over 128 KiB by default; whole articles can be longer.
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)


def _csv_article(row: list[str], columns: dict[str, int], where: str, options: SourceOptions) -> Result:
    def cell(name: str) -> str | None:
        index = columns.get(name)
        value = row[index].strip() if index is not None and index < len(row) else ""
        return value or None

    text = cell(options.text_column)
    if not text:
        return IngestError(where, f"no text in column {options.text_column!r}")
    when = cell(options.date_column)
    if when and _parse_date(when) is None:
        return IngestError(where, f"column {options.date_column!r} is not a YYYY-MM-DD date: {when!r}")
    record = {
        "text": row[columns[options.text_column]],
        "title": cell(options.title_column),
        "url": cell(options.url_column),
        "id": cell(options.id_column),
        "publisher": cell(options.publisher_column),
        "published": when,
    }
    return _record_article(record, where, options.published)


# ---------------------------------------------------------------- feeds


def _feed_file(stream: IO[bytes], origin: str, compression: str | None, options: SourceOptions) -> Iterator[Result]:
    # feedparser parses a whole document; feeds are small, and max_bytes caps them.
    data = _read_whole(stream, origin, compression, options.max_bytes)
    if isinstance(data, IngestError):
        yield data
        return
    yield from _feed_articles(data, origin, options)


def _read_url(url: str, options: SourceOptions) -> Iterator[Result]:
    data = _fetch(url, options.max_bytes)
    if isinstance(data, IngestError):
        yield data
        return
    yield from _feed_articles(data, url, options, base_url=url)


def _fetch(url: str, limit: int) -> bytes | IngestError:
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=_FETCH_TIMEOUT) as response:
            data = response.read(limit + 1)
    except urllib.error.HTTPError as err:
        return IngestError(url, f"the server answered HTTP {err.code} {err.reason}")
    except urllib.error.URLError as err:
        return IngestError(url, f"cannot fetch ({err.reason})")
    except (TimeoutError, OSError, ValueError) as err:
        return IngestError(url, f"cannot fetch ({err})")
    if len(data) > limit:
        return IngestError(url, f"too large (over {limit} bytes)")
    if not data:
        return IngestError(url, "the server sent an empty answer")
    return data


def _feed_articles(data: bytes, origin: str, options: SourceOptions, base_url: str | None = None) -> Iterator[Result]:
    import feedparser  # imported here: only feeds need it

    headers = {"content-location": base_url} if base_url else None
    feed = feedparser.parse(data, response_headers=headers)
    if not feed.get("version") and not feed.entries:
        problem = feed.get("bozo_exception")
        detail = f" ({problem})" if problem else ""
        yield IngestError(origin, f"not an RSS or Atom feed{detail}")
        return
    if not feed.entries:
        yield IngestError(origin, "the feed has no entries")
        return
    publisher = feed.feed.get("title") or None
    language = (feed.feed.get("language") or "en")[:2].lower()
    for number, entry in enumerate(feed.entries, start=1):
        yield _entry_article(entry, f"{origin}#entry {number}", publisher, language, options.published)


def _entry_article(entry: Any, where: str, publisher: str | None, language: str, published: date | None) -> Result:
    raw = _entry_html(entry)
    text = _html_to_text(raw)
    if not text:
        return IngestError(where, "the entry has no content or summary text")
    link = entry.get("link") or None
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return Article(
        id=article_id(text, link or entry.get("id")),
        text=text,
        title=entry.get("title") or None,
        url=link,
        publisher=publisher,
        published=date(*parsed[:3]) if parsed else published,
        language=language,
        raw_sha256=_sha(raw),
        origin=where,
    )


def _entry_html(entry: Any) -> str:
    # Full content when the feed carries it, else the summary: whichever says more.
    candidates = [part.get("value", "") for part in entry.get("content") or []]
    candidates.append(entry.get("summary", ""))
    return max(candidates, key=len)


class _TextOfHtml(HTMLParser):
    _BLOCKS = frozenset(
        {
            "p",
            "br",
            "div",
            "li",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
            "tr",
            "table",
            "section",
            "article",
            "header",
            "footer",
            "pre",
        }
    )
    _HIDDEN = frozenset({"script", "style", "noscript", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self.hidden += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: one paragraph per block element, spaces collapsed."""
    parser = _TextOfHtml()
    parser.feed(fragment)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n\n".join(line for line in lines if line)


# ---------------------------------------------------------------- web archives


@dataclass(slots=True)
class _Break:
    """Where an archive stopped parsing, and after how many records."""

    offset: int
    reason: str
    records: int
    non_chunked: bool = False


_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"\nWARC/1."  # a record's version line; the newline pins it to a line start


@dataclass(frozen=True, slots=True)
class _Archive:
    origin: str
    arc: bool  # ARC rather than WARC: converted to WARC records, and no marker to resync on
    options: SourceOptions


def _read_archive(path: Path, origin: str, compression: str | None, options: SourceOptions) -> Iterator[Result]:
    archive = _Archive(origin, _inner_suffix(path) == ".arc", options)
    # warcio reads per-record gzip itself, and its offsets then are the standard compressed ones.
    opener = bz2.open if compression == "bz2" else open
    try:
        with opener(path, "rb") as stream:
            head = stream.read(2)
            if not head:
                yield IngestError(origin, "empty file")
                return
            gzipped = head == _GZIP_MAGIC[:2]
            stream.seek(0)
            marker = _GZIP_MAGIC if gzipped else _plain_marker(archive)
            broken = yield from _archive_with_resync(stream, archive, marker, skip=0)
        if broken is not None and gzipped:
            # the whole file is one gzip stream (e.g. `gzip crawl.warc`): read it decompressed,
            # past the records already read; offsets are then in the decompressed stream
            with gzip.open(path, "rb") as plain:
                yield from _archive_with_resync(plain, archive, _plain_marker(archive), skip=broken.records)
    except _STREAM_ERRORS as err:
        yield IngestError(origin, _stream_reason(err, compression))


def _plain_marker(archive: _Archive) -> bytes | None:
    # ARC records start with a bare URL line: no safe marker to find the next one by.
    return None if archive.arc else _WARC_MAGIC


ArchiveRun = Generator[Result, None, "_Break | None"]


def _archive_with_resync(stream: IO[bytes], archive: _Archive, marker: bytes | None, skip: int) -> ArchiveRun:
    """Read records; after a broken one, report it and go on from the next record start found.

    Returns the break only when it is a whole-file gzip, which the caller reads another way.
    """
    start = stream.tell()
    broken = yield from _archive_pass(stream, archive, skip)
    reported = False
    while broken is not None:
        if broken.non_chunked:
            return broken
        if broken.offset != start or not reported:  # a failed resync attempt is the same damage
            yield IngestError(f"{archive.origin}@{broken.offset}", broken.reason)
            reported = True
        start = _find(stream, broken.offset + 1, marker) if marker else None
        if start is None:
            return None
        stream.seek(start)
        broken = yield from _archive_pass(stream, archive, 0)
    return None


def _find(stream: IO[bytes], position: int, marker: bytes) -> int | None:
    """Offset of the next record start at or after `position`, scanning in small chunks."""
    stream.seek(position)
    carry = b""
    base = position
    while chunk := stream.read(65536):
        window = carry + chunk
        found = window.find(marker)
        if found >= 0:
            return base - len(carry) + found + (1 if marker.startswith(b"\n") else 0)
        carry = window[-(len(marker) - 1) :]
        base += len(chunk)
    return None


def _archive_pass(stream: IO[bytes], archive: _Archive, skip: int) -> ArchiveRun:
    from warcio.archiveiterator import ARCIterator, WARCIterator

    # A fixed format: left to guess, warcio reads a damaged WARC header as an ARC record.
    records = 0
    reader = ARCIterator(stream, arc2warc=True) if archive.arc else WARCIterator(stream)
    iterator = iter(reader)
    while True:
        try:
            record = next(iterator)
            offset = reader.offset  # start of this record (get_record_offset would consume it)
            page = None if records < skip else _archived_page(record, archive.options.max_bytes)
        except StopIteration:
            return None
        except Exception as err:  # warcio raises many kinds of error on damaged data
            return _Break(reader.offset, _archive_reason(err), records, "non-chunked gzip" in str(err))
        records += 1
        if page is not None:
            yield _page_article(page, f"{archive.origin}@{offset}", archive.options.published)


def _archive_reason(err: Exception) -> str:
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    if isinstance(err, zlib.error | EOFError):
        return f"broken record: corrupt gzip data ({err})"
    if not isinstance(err, ArchiveLoadFailed | StatusAndHeadersParserException):
        return "broken record: truncated or unreadable headers"
    # warcio quotes the bad header line; keep it short and printable
    first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return "broken record: " + "".join(c if c.isascii() and c.isprintable() else "?" for c in first)[:100]


def _archived_page(record: Any, limit: int) -> tuple[str, bytes | None] | None:
    """(target URI, HTML body or None if too large) of an HTML response record, else None."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode() or ""
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if not status.startswith("2") or "html" not in content_type:
        return None  # redirects, errors, images, scripts: not articles, and not a fault
    body = record.content_stream().read(limit + 1)
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    return uri, (body if len(body) <= limit else None)


def _page_article(page: tuple[str, bytes | None], where: str, published: date | None) -> Result:
    uri, body = page
    if body is None:
        return IngestError(where, "archived page too large (raise max_bytes to read it)")
    if not body.strip():
        return IngestError(where, "archived page is empty")
    return _html_article(body, where, published, url=uri or None)


# ---------------------------------------------------------------- stdin


def _read_stdin(options: SourceOptions) -> Iterator[Result]:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a replaced text stdin (tests, embedding): encode it back
        stream = io.BytesIO((sys.stdin.read() if sys.stdin else "").encode("utf-8"))
    lines = _Lines(stream, options.max_bytes)
    iterator = iter(lines)
    head: list[tuple[int, bytes | None]] = []
    try:
        for item in iterator:
            head.append(item)
            if item[1] is None or item[1].strip():
                break
        first = head[-1][1] if head else None
        if first is not None and first.lstrip().startswith((b"{", b"\xef\xbb\xbf{")):
            yield from _jsonl_lines(_chain(head, iterator), "-", options)
            return
        yield from _stdin_text(head, stream, options)
    except _STREAM_ERRORS as err:
        yield IngestError("-", _stream_reason(err, None))


def _chain(head: list[tuple[int, bytes | None]], rest: Iterator[tuple[int, bytes | None]]) -> Iterator:
    yield from head
    yield from rest


def _stdin_text(head: list[tuple[int, bytes | None]], stream: IO[bytes], options: SourceOptions) -> Iterator[Result]:
    if any(line is None for _, line in head):
        yield IngestError("-", f"too large (over {options.max_bytes} bytes)")
        return
    start = b"".join(line for _, line in head if line is not None)
    rest = stream.read(options.max_bytes + 1 - len(start))
    data = start + rest
    if len(data) > options.max_bytes:
        yield IngestError("-", f"too large (over {options.max_bytes} bytes)")
        return
    if not data.strip():
        yield IngestError("-", "no text on standard input")
        return
    text = _decode(data, "-")
    yield text if isinstance(text, IngestError) else _text_article(text, "-", options.published)


_READERS: dict[str, Callable[[IO[bytes], str, str | None, SourceOptions], Iterator[Result]]] = {
    "text": _text_file,
    "html": _html_file,
    "json": _json_file,
    "jsonl": _jsonl_file,
    "csv": _csv_file,
    "feed": _feed_file,
}
