"""Repair text as scrapers save it.

A scraped page repeats its headline, wraps sentences across blank lines and ends
in a comment form. `clean_text` returns the article as a reader sees it: the
title once, then paragraphs, each a run of whole sentences, with unicode, quotes
and whitespace normalised. Every clean character keeps the offset of the raw
character it came from, so evidence can always be shown in the original page.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from eventwire.tables import read_table

# Characters rewritten one-to-one, so offsets stay exact.
_CHAR_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u200b": "",
        "\ufeff": "",
        "\u00ad": "",
    }
)
_TERMINAL = (".", "!", "?", '"', "'", ":", ";", ")")
_FURNITURE_MAX_WORDS = 15
_HEADING_MAX_WORDS = 12
_JOIN_ENDINGS = re.compile(
    r"([,\-]|\b(the|a|an|of|to|in|on|at|for|and|or|but|with|by|from|our|their|its|his|her|that|which|who))$"
)


@dataclass(slots=True)
class CleanText:
    text: str
    title: str | None
    raw_offsets: list[int] = field(repr=False)  # raw offset of each clean character

    def raw_offset(self, clean_offset: int) -> int:
        if not self.raw_offsets:
            return 0
        return self.raw_offsets[min(clean_offset, len(self.raw_offsets) - 1)]


@dataclass(slots=True)
class _Piece:
    """A run of clean text and the raw offset of each of its characters."""

    text: str
    offsets: list[int]


@cache
def _furniture() -> list[tuple[re.Pattern[str], bool]]:
    return [(re.compile(r["pattern"], re.IGNORECASE), r["cut"] == "yes") for r in read_table("furniture.tsv")]


def clean_text(raw: str, title: str | None = None, title_from_first_line: bool = False) -> CleanText:
    """Clean a scraped page. With `title_from_first_line`, its first non-empty line is the title."""
    lines = _normalised_lines(raw)
    if title_from_first_line and lines and title is None:
        title = lines[0].text
    title_key = _key(title) if title else None
    body = _drop_furniture([ln for ln in lines if not (title_key and _key(ln.text) == title_key)])
    paragraphs = _rejoin(body)
    pieces: list[_Piece] = []
    if title:
        first = lines[0] if lines and title_key == _key(lines[0].text) else None
        pieces.append(first or _Piece(_normalise(title)[0], [0] * len(_normalise(title)[0])))
    pieces.extend(paragraphs)
    return _assemble(pieces, title.strip() if title else None)


def _normalised_lines(raw: str) -> list[_Piece]:
    """Non-empty lines, each normalised and stripped, with their raw offsets."""
    out: list[_Piece] = []
    pos = 0
    for line in raw.splitlines(keepends=True):
        text, offsets = _normalise(line, pos)
        pos += len(line)
        # strip leading/trailing space while keeping offsets aligned
        left = len(text) - len(text.lstrip())
        text = text.strip()
        if text:
            out.append(_Piece(text, offsets[left : left + len(text)]))
    return out


def _normalise(s: str, base: int = 0) -> tuple[str, list[int]]:
    """NFKC, one-to-one quote/dash/space mapping and collapsed whitespace, with per-char raw offsets."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(s):
        mapped = unicodedata.normalize("NFKC", ch.translate(_CHAR_MAP))
        for m in mapped:
            if m.isspace():
                if chars and chars[-1] == " ":
                    continue
                m = " "
            chars.append(m)
            offsets.append(base + i)
    return "".join(chars), offsets


def _key(s: str) -> str:
    return re.sub(r"\W+", " ", unicodedata.normalize("NFKC", s)).strip().lower()


def _drop_furniture(lines: list[_Piece]) -> list[_Piece]:
    kept: list[_Piece] = []
    for line in lines:
        if len(line.text.split()) <= _FURNITURE_MAX_WORDS:
            match = next((cut for pattern, cut in _furniture() if pattern.fullmatch(line.text)), None)
            if match is True:
                break
            if match is False:
                continue
        kept.append(line)
    return kept


def _is_heading(line: str) -> bool:
    words = line.split()
    if len(words) > _HEADING_MAX_WORDS or line.endswith(_TERMINAL):
        return False
    capitals = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return capitals >= 0.6 * len(words)


def _continues(previous: str, following: str) -> bool:
    """Whether a line break between these two lines falls inside a sentence.

    A short line that ends in a content word before a capitalised line is a headline
    ("Somalia expels Kenyan ambassador"); a line that ends in "the", "of" or a comma, a long
    line without a full stop, or a line followed by a lower-case one is a broken sentence.
    """
    if previous.endswith(_TERMINAL) or _is_heading(previous):
        return False
    if following[:1].islower() or _JOIN_ENDINGS.search(previous):
        return True
    return len(previous.split()) > _HEADING_MAX_WORDS


def _rejoin(lines: list[_Piece]) -> list[_Piece]:
    """Merge lines broken inside a sentence (across line breaks or blank lines) into paragraphs."""
    paragraphs: list[_Piece] = []
    for line in lines:
        if paragraphs and _continues(paragraphs[-1].text, line.text):
            last = paragraphs[-1]
            last.offsets.extend([line.offsets[0], *line.offsets])
            last.text = f"{last.text} {line.text}"
        else:
            paragraphs.append(_Piece(line.text, list(line.offsets)))
    return paragraphs


def _assemble(pieces: list[_Piece], title: str | None) -> CleanText:
    text_parts: list[str] = []
    offsets: list[int] = []
    for piece in pieces:
        if text_parts:
            text_parts.append("\n\n")
            offsets.extend([piece.offsets[0]] * 2)
        text_parts.append(piece.text)
        offsets.extend(piece.offsets)
    return CleanText("".join(text_parts), title, offsets)
