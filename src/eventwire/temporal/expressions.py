"""Time expressions: find them in a parsed article and resolve them to date intervals.

News dates what it reports relative to the day it was published ("on Saturday", "a year ago") or
to the event told just before ("four months later"). Each expression becomes an interval
[earliest, latest] with a precision. The second kind has anchor "previous" and a signed day offset
that the caller applies to the previous event's date. Durations ("for almost a decade", "a
three-day visit") and ages are not points in time and are never returned.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any, Literal

from dateparser.date import DateDataParser
from spacy.tokens import Doc

from eventwire.tables import read_table

Precision = Literal["day", "week", "month", "year", "approximate"]
Anchor = Literal["published", "previous"]

_COARSENESS: tuple[Precision, ...] = ("day", "week", "month", "year", "approximate")
# A preposition before an expression that makes it a duration or a bound, not a point in time.
_NOT_A_POINT = {"for", "by", "until", "till", "within", "after", "before"}
# Prepositions that do not change what an expression points at.
_TRANSPARENT = {"on", "in", "at", "during", "of", "over", "throughout"}
_CUES = _NOT_A_POINT | _TRANSPARENT | {"since"}
# "three-day", "45-year-old", "year-long": modifiers that measure a duration or an age.
_DURATION = re.compile(r"\w-(?:minute|hour|day|week|month|year|decade)s?\b|\byears? old\b|-long\b|-old\b")
_MONTHS_PER = {"month": 1, "year": 12, "decade": 120}


@dataclass(slots=True)
class TimeExpression:
    text: str
    start: int  # char offsets into the text given
    end: int
    earliest: date
    latest: date
    precision: Precision
    anchor: Anchor  # "previous": relative to the last dated event before it
    offset_days: int | None = None  # for anchor "previous": the signed offset to apply to that event's date


@dataclass(slots=True)
class _Value:
    """A resolved expression before it is tied to a span of text."""

    earliest: date
    latest: date
    precision: Precision
    anchor: Anchor = "published"
    offset_days: int | None = None


# --- vocabulary -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Vocab:
    words: dict[str, dict[str, str]]  # kind -> word -> value

    def of(self, kind: str) -> dict[str, str]:
        return self.words.get(kind, {})

    def alt(self, kind: str) -> str:
        """A regex alternation of one kind of word, longest first so "a few" wins over "a"."""
        found = sorted(self.of(kind), key=len, reverse=True)
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in found)


@cache
def _vocab() -> _Vocab:
    words: dict[str, dict[str, str]] = {}
    for row in read_table("time_words.tsv"):
        words.setdefault(row["kind"], {})[row["word"]] = row["value"]
    return _Vocab(words)


@dataclass(frozen=True)
class _Rx:
    """Regexes over normalised (lower-case) expression text, built from the vocabulary."""

    ago: re.Pattern[str]
    later: re.Pattern[str]
    next_unit: re.Pattern[str]
    calendar: re.Pattern[str]
    window: re.Pattern[str]
    weekday: re.Pattern[str]
    month_day: re.Pattern[str]
    day_month: re.Pattern[str]
    month: re.Pattern[str]
    year: re.Pattern[str]
    decade: re.Pattern[str]
    range: re.Pattern[str]
    dash_range: re.Pattern[str]
    parts: re.Pattern[str]


@cache
def _rx() -> _Rx:
    v = _vocab()
    num = rf"(?P<n>{v.alt('number')}|\d+(?:\.\d+)?)"
    count = rf"(?:(?P<approx>{v.alt('approx')})\s+)?(?:{num}\s+)?(?P<unit>{v.alt('unit')})(?P<pl>s?)"
    third = r"(?:(?P<third>early|mid|late)[\s-]*)?"
    units, parts = v.alt("unit"), v.alt("part")
    month, wd, year = rf"(?P<m>{v.alt('month')})", rf"(?P<wd>{v.alt('weekday')})", r"(?P<y>\d{4})"
    return _Rx(
        ago=re.compile(rf"{count}\s+ago"),
        later=re.compile(rf"{count}\s+(?P<dir>later|afterwards|after|earlier|before|prior)"),
        next_unit=re.compile(
            rf"the\s+(?P<dir>next|following|previous|preceding)\s+(?P<unit>{units}|{parts})"
            rf"|the\s+(?P<unit2>{units})\s+(?P<dir2>after|before)"
            rf"|(?:(?:the|that)\s+same|(?:later|earlier)\s+that|that)\s+(?P<unit3>{units}|{parts})"
        ),
        calendar=re.compile(
            rf"{third}(?P<rel>earlier\s+this|later\s+this|last|this|next|the|over\s+the)\s+"
            r"(?P<unit>week|weekend|month|year)"
        ),
        window=re.compile(
            rf"(?:the\s+(?:past|last)|past|recent|in\s+recent)\s+(?:{num}\s+)?(?P<unit>{v.alt('unit')})(?P<pl>s?)"
        ),
        weekday=re.compile(rf"(?:(?P<rel>last|this|next|past|coming)\s+)?{wd}"),
        month_day=re.compile(
            rf"(?:(?:{v.alt('weekday')})\s*,?\s+)?{month}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,?\s*{year})?"
        ),
        day_month=re.compile(
            rf"(?:(?:{v.alt('weekday')})\s*,?\s+)?(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{month}"
            rf"(?:\s*,?\s*{year})?"
        ),
        month=re.compile(rf"(?:(?P<rel>last|this|next)\s+)?{third}{month}(?:\s*,?\s*(?:of\s+)?{year})?"),
        year=re.compile(rf"{third}(?:the\s+)?(?:year\s+)?{year}"),
        decade=re.compile(rf"(?:the\s+)?{third}(?P<y>\d{{3}}0)'?s"),
        range=re.compile(r"(?:between|from)\s+(?P<a>.+?)\s+(?:and|to|until|till|through)\s+(?P<b>.+)"),
        dash_range=re.compile(r"(?P<a>.+?)\s*(?:-|\bto\b|\bthrough\b)\s*(?P<b>.+)"),
        parts=re.compile(rf"\s+(?:{v.alt('part')})$"),
    )


# --- date arithmetic --------------------------------------------------------------------------


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    if not 1 <= d.year + y <= 9998:  # "a million years ago" stays where it is
        return d
    last = _month_end(date(d.year + y, m + 1, 1)).day
    return date(d.year + y, m + 1, min(d.day, last))


def _month_end(d: date) -> date:
    return _add_days(date(d.year + d.month // 12, d.month % 12 + 1, 1), -1)


def _add_days(d: date, days: int) -> date:
    try:
        return d + timedelta(days=days)
    except OverflowError:
        return d


def _shift(d: date, n: float, unit: str, sign: int) -> date:
    """Move d by n units; months and years move on the calendar, not by a fixed number of days."""
    if unit in _MONTHS_PER:
        return _add_months(d, sign * round(n * _MONTHS_PER[unit]))
    return _add_days(d, sign * round(n * int(_vocab().of("unit")[unit])))


def _third(earliest: date, latest: date, which: str | None) -> tuple[date, date]:
    """The early, mid or late third of an interval ("late 2022", "mid-July")."""
    if not which:
        return earliest, latest
    k = int(_vocab().of("part_of_period")[which])
    span = (latest - earliest).days + 1
    return _add_days(earliest, round(k * span / 3)), _add_days(earliest, round((k + 1) * span / 3) - 1)


def _coarser(a: Precision, b: Precision) -> Precision:
    return max(a, b, key=_COARSENESS.index)


def _number(word: str | None, unit_plural: bool) -> tuple[float, bool]:
    """The count in "two weeks", and whether it is vague ("weeks", "a few weeks")."""
    if word is None:
        return (3.0, True) if unit_plural else (1.0, False)
    word = re.sub(r"\s+", " ", word)
    if re.fullmatch(r"\d+(?:\.\d+)?", word):
        return float(word), "." in word
    return float(_vocab().of("number")[word]), word in _vocab().of("vague")


# --- rules: each takes a normalised expression and returns a value or None --------------------


def _dayword(s: str, pub: date | None) -> _Value | None:
    offset = _vocab().of("dayword").get(s)
    if offset is None or pub is None:
        return None
    day = _add_days(pub, int(offset))
    return _Value(day, day, "day")


def _ago(s: str, pub: date | None) -> _Value | None:
    m = _rx().ago.fullmatch(s)
    if not m or pub is None:
        return None
    n, vague = _number(m["n"], bool(m["pl"]))
    unit = m["unit"]
    days = int(_vocab().of("unit")[unit])
    centre = _shift(pub, n, unit, -1)
    hedged = vague or m["approx"] is not None
    if not hedged and days <= 1:
        return _Value(centre, centre, "day")
    if not hedged and days == 7:
        return _Value(_add_days(centre, -3), _add_days(centre, 3), "week")
    # Hedged or long spans: widen by about 15 % of the distance, and never less than a quarter unit (max a month).
    margin = max(1, round(max(0.15 * n * days, min(30, days / 4))))
    return _Value(_add_days(centre, -margin), _add_days(centre, margin), "approximate")


def _offset(s: str, pub: date | None) -> _Value | None:
    """Expressions relative to the previous event: "four months later", "the next day"."""
    rx = _rx()
    if m := rx.later.fullmatch(s):
        n, vague = _number(m["n"], bool(m["pl"]))
        unit, hedged = m["unit"], vague or m["approx"] is not None
        sign = -1 if m["dir"] in {"earlier", "before", "prior"} else 1
    elif m := rx.next_unit.fullmatch(s):
        direction = m["dir"] or m["dir2"]  # none for "the same day", "later that night"
        unit = m["unit"] or m["unit2"] or m["unit3"]
        unit = unit if unit in _vocab().of("unit") else "day"  # "the next morning" is the next day
        n, hedged = (1.0 if direction else 0.0), False
        sign = -1 if direction in {"previous", "preceding", "before"} else 1
    else:
        return None
    days = int(_vocab().of("unit")[unit])
    precision: Precision = "approximate"
    if days == 0 or (not hedged and days == 1):  # "hours later" is still the same day
        precision = "day"
    elif not hedged and days == 7:
        precision = "week"
    placeholder = pub or date.min
    return _Value(placeholder, placeholder, precision, "previous", sign * round(n * days))


def _calendar(s: str, pub: date | None) -> _Value | None:
    """Named calendar periods around publication: "last week", "earlier this month", "late last year"."""
    m = _rx().calendar.fullmatch(s)
    if not m or pub is None:
        return None
    rel, unit = re.sub(r"\s+", " ", m["rel"]), m["unit"]
    if unit == "weekend":
        return _weekend(rel, pub)
    if rel in {"the", "over the"}:
        return None
    earliest, latest = _calendar_period(unit, pub, {"last": -1, "next": 1}.get(rel, 0))
    precision: Precision = "week" if unit == "week" else "month" if unit == "month" else "year"
    if rel == "earlier this":
        latest = max(earliest, _add_days(pub, -1))
    elif rel == "later this":
        earliest = min(latest, _add_days(pub, 1))
    if m["third"]:
        earliest, latest = _third(earliest, latest, m["third"])
        precision = "approximate"
    return _Value(earliest, latest, precision)


def _calendar_period(unit: str, pub: date, k: int) -> tuple[date, date]:
    """The week (Monday to Sunday), month or year k steps from the one holding pub."""
    if unit == "week":
        first = _add_days(pub, 7 * k - pub.weekday())
        return first, _add_days(first, 6)
    if unit == "month":
        first = _add_months(pub.replace(day=1), k)
        return first, _month_end(first)
    return date(pub.year + k, 1, 1), date(pub.year + k, 12, 31)


def _weekend(rel: str, pub: date) -> _Value:
    """Saturday and Sunday: the one just past unless "this"/"next" points ahead."""
    saturday = _add_days(pub, -((pub.weekday() - 5) % 7))
    if rel == "last" and pub.weekday() >= 5:
        saturday = _add_days(saturday, -7)
    elif rel in {"this", "next"} and pub.weekday() < 5:
        saturday = _add_days(saturday, 7 if rel == "this" else 14)
    return _Value(saturday, _add_days(saturday, 1), "approximate")


def _window(s: str, pub: date | None) -> _Value | None:
    """A span ending at publication: "in the past decade", "the last two years", "in recent weeks"."""
    m = _rx().window.fullmatch(s)
    if not m or pub is None:
        return None
    n, _ = _number(m["n"], bool(m["pl"]))
    return _Value(_shift(pub, n, m["unit"], -1), pub, "approximate")


def _weekday(s: str, pub: date | None) -> _Value | None:
    m = _rx().weekday.fullmatch(s)
    if not m or pub is None:
        return None
    wd, rel = int(_vocab().of("weekday")[m["wd"]]), m["rel"]
    if rel in {"next", "coming"}:
        day = _add_days(pub, (wd - pub.weekday() - 1) % 7 + 1)
    elif rel == "last":
        day = _add_days(pub, -((pub.weekday() - wd - 1) % 7 + 1))
    else:  # news uses a bare weekday for the past few days, publication day included
        day = _add_days(pub, -((pub.weekday() - wd) % 7))
    return _Value(day, day, "day")


def _day_of_month(s: str, pub: date | None) -> _Value | None:
    m = _rx().month_day.fullmatch(s) or _rx().day_month.fullmatch(s)
    if not m:
        return None
    month, day = int(_vocab().of("month")[m["m"]]), int(m["d"])
    try:
        if m["y"]:
            found = date(int(m["y"]), month, day)
        elif pub is None:
            return None
        else:  # no year: the latest such day not after publication
            found = date(pub.year, month, day)
            if found > pub:
                found = date(pub.year - 1, month, day)
    except ValueError:
        return None
    return _Value(found, found, "day")


def _month(s: str, pub: date | None) -> _Value | None:
    m = _rx().month.fullmatch(s)
    if not m:
        return None
    month = int(_vocab().of("month")[m["m"]])
    if m["y"]:
        year = int(m["y"])
    elif pub is None:
        return None
    elif m["rel"] == "next":
        year = pub.year if month > pub.month else pub.year + 1
    elif m["rel"] == "last":
        year = pub.year if month < pub.month else pub.year - 1
    else:  # the latest such month not after publication
        year = pub.year if month <= pub.month else pub.year - 1
    first = date(year, month, 1)
    earliest, latest = _third(first, _month_end(first), m["third"])
    return _Value(earliest, latest, "approximate" if m["third"] else "month")


def _year(s: str, pub: date | None) -> _Value | None:
    m = _rx().year.fullmatch(s)
    if not m or not 1800 <= int(m["y"]) <= 2100:
        return None
    y = int(m["y"])
    earliest, latest = _third(date(y, 1, 1), date(y, 12, 31), m["third"])
    return _Value(earliest, latest, "approximate" if m["third"] else "year")


def _decade(s: str, pub: date | None) -> _Value | None:
    m = _rx().decade.fullmatch(s)
    if not m or not 1800 <= int(m["y"]) <= 2100:
        return None
    y = int(m["y"])
    earliest, latest = _third(date(y, 1, 1), date(y + 9, 12, 31), m["third"])
    return _Value(earliest, latest, "approximate")


def _numeric(s: str, pub: date | None) -> _Value | None:
    """ISO dates, and slashed or dotted dates where dateparser knows the conventions better."""
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s):
        try:
            found = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
        return _Value(found, found, "day")
    if not re.fullmatch(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}", s):
        return None
    base = datetime.combine(pub or date.today(), datetime.min.time())
    parser = DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"})
    data = parser.get_date_data(s)
    if data.date_obj is None:
        return None
    return _Value(data.date_obj.date(), data.date_obj.date(), "day")


_RULES: tuple[Callable[[str, date | None], _Value | None], ...] = (
    _dayword,
    _offset,
    _ago,
    _calendar,
    _window,
    _weekday,
    _day_of_month,
    _month,
    _year,
    _decade,
    _numeric,
)


# --- resolving one expression -----------------------------------------------------------------


def _normalise(text: str) -> str:
    s = text.lower().replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    s = re.sub(r"(?<=[a-z])\.", "", s)  # "sept." and "jan." lose their dot
    s = re.sub(r"(\d0)'s\b", r"\1s", s)  # "the 1990's" is a decade
    s = re.sub(r"'s\b", "", s)
    return re.sub(r"\s+", " ", s).strip(" ,.;:!?\"'()")


def _single(s: str, pub: date | None) -> _Value | None:
    for rule in _RULES:
        try:
            value = rule(s, pub)
        except (ValueError, OverflowError):  # past the ends of the calendar (year 1 or 9999)
            continue
        if value:
            return value
    # "Saturday evening", "late on Sunday", "yesterday morning": the day without its part.
    trimmed = re.sub(r"^(?:early|late)\s+(?:on\s+)?", "", _rx().parts.sub("", s))
    if trimmed != s and trimmed:
        value = _single(trimmed, pub)
        if value and value.precision == "day":
            return value
    return None


def _share_context(a: str, b: str) -> tuple[str, str]:
    """In "March 3 and 5" or "3 and 5 March 2023" each end borrows the month and year it lacks."""
    month_rx = re.compile(rf"\b(?:{_vocab().alt('month')})\b")
    bare_day = re.compile(r"\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?")  # "5" in "March 3-5, 2024"
    ma, mb = month_rx.search(a), month_rx.search(b)
    if mb is None and ma and bare_day.fullmatch(b):
        b = f"{ma[0]} {b}"
    if ma is None and mb and bare_day.fullmatch(a):
        a = f"{mb[0]} {a}"
    ya, yb = re.search(r"\b\d{4}\b", a), re.search(r"\b\d{4}\b", b)
    if ya and not yb and month_rx.search(b):
        b = f"{b} {ya[0]}"
    if yb and not ya and month_rx.search(a):
        a = f"{a} {yb[0]}"
    return a, b


def _range(s: str, pub: date | None) -> _Value | None:
    m = _rx().range.fullmatch(s) or _rx().dash_range.fullmatch(s)
    if not m:
        return None
    a, b = _share_context(m["a"], m["b"])
    first, last = _single(a, pub), _single(b, pub)
    if not first or not last or "previous" in (first.anchor, last.anchor) or last.latest < first.earliest:
        return None
    return _Value(first.earliest, last.latest, _coarser(first.precision, last.precision))


def _resolve(s: str, pub: date | None) -> _Value | None:
    if not s or _DURATION.search(s):
        return None
    head, _, rest = s.partition(" ")
    if head in _NOT_A_POINT:
        return None
    if head == "since":  # an open interval up to publication
        value = _resolve(rest, pub)
        if value is None or pub is None or value.anchor == "previous":
            return None
        return _Value(value.earliest, max(pub, value.earliest), "approximate")
    value = _range(s, pub) or _single(s, pub)
    if value is None and head in _TRANSPARENT and rest:  # "on Saturday"; but "over a year ago" is a hedge
        return _range(rest, pub) or _single(rest, pub)
    return value


def _fields(value: _Value) -> dict[str, Any]:
    return {f: getattr(value, f) for f in ("earliest", "latest", "precision", "anchor", "offset_days")}


def resolve_expression(text: str, published: date) -> TimeExpression | None:
    """Resolve one expression string ("on Saturday", "four months later") against the publication date."""
    value = _resolve(_normalise(text), published)
    if value is None:
        return None
    return TimeExpression(text, 0, len(text), **_fields(value))


# --- finding expressions in a document -------------------------------------------------------


@cache
def _finders() -> tuple[re.Pattern[str], ...]:
    """Regexes over the article text for what the small spaCy model often misses."""
    v = _vocab()
    names = v.of("month")
    short = {w for w in names if any(o != w and o.startswith(w) and names[o] == names[w] for o in names)}
    full_names = "|".join(sorted((w.capitalize() for w in names if w not in short), key=len, reverse=True))
    months = rf"(?:(?:{full_names})\b|(?:{'|'.join(w.capitalize() for w in short)})\b\.?)"  # "Sept." keeps its dot
    weekdays = "|".join(w.capitalize() for w in v.of("weekday") if len(w) > 4)  # full names only: "Sun" is a paper
    num = rf"(?:{v.alt('number')}|\d+)"
    units = v.alt("unit")
    day = r"\d{1,2}(?:st|nd|rd|th)?"
    year = r"(?:1[89]|20)\d\d"
    dateish = (
        rf"(?:{months}\s+{day}(?:,?\s+{year})?|{day}(?:\s+(?:of\s+)?{months}(?:,?\s+{year})?)?"
        rf"|{months}(?:\s+{year})?|{year})"
    )
    patterns = [
        rf"(?i:\b(?:{v.alt('dayword')})\b(?:\s+(?:{v.alt('part')})\b)?)",
        rf"(?i:\b(?:(?:last|this|next|late|early)\s+(?:on\s+)?)?)\b(?:{weekdays})\b(?i:\s+(?:{v.alt('part')})\b)?",
        r"(?i:\b(?:(?:early|mid|late)\s+)?(?:earlier\s+this|later\s+this|last|this|next)\s+(?:week|weekend|month|year)|the\s+weekend)\b",
        rf"(?i:\b(?:the\s+(?:past|last)|past|recent)\s+(?:{num}\s+)?(?:{units})s?\b)",
        rf"(?i:\b(?:(?:{v.alt('approx')})\s+)?(?:{num}\s+)?(?:{units})s?\s+(?:ago|later|earlier|afterwards|after|before)\b)",
        rf"(?i:\b(?:{_rx().next_unit.pattern})\b)",
        rf"\b(?:(?:{weekdays}),?\s+)?{months}\s+{day}\b(?:,?\s+{year}\b)?",
        rf"\b{day}\s+(?i:of\s+)?{months}(?:,?\s+{year}\b)?",
        rf"(?i:\b(?:early|mid|late)[\s-]+)?{months},?\s+(?i:of\s+)?{year}\b",
        rf"(?i:\b(?:in|since|during|until|by|early|mid|late|last|next|this)[\s-]+){months}",
        rf"(?i:\b(?:in|since|during|of|until|by|early|mid|late|throughout)\s+(?:the\s+)?(?:year\s+)?){year}\b",
        r"(?i:\b(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?)(?:1[89]|20)\d0'?s\b",
        r"\b\d{4}-\d{2}-\d{2}\b",
        rf"(?i:\b(?:between|from)\s+){dateish}(?i:\s+(?:and|to|until|through)\s+){dateish}\b",
        rf"\b{months}\s+{day}\s*[-–]\s*{day}\b(?:,?\s+{year}\b)?",
        rf"\b{year}\s*[-–]\s*{year}\b",
    ]
    return tuple(re.compile(p) for p in patterns)


def _with_preposition(text: str, start: int, end: int) -> int:
    """Take in the preposition before an expression: it tells a point ("on") from a duration ("for")."""
    if re.match(r"['’]s\b", text[end:]):  # in "after Sunday's vote" the preposition governs "vote"
        return start
    m = re.search(r"\b(\w+)\s+$", text[max(0, start - 20) : start])
    if m and m[1].lower() in _CUES - {"of", "at"}:
        return start - len(m[0])
    return start


def _expression(text: str, start: int, end: int, published: date | None) -> TimeExpression | None:
    start = _with_preposition(text, start, end)
    s = _normalise(text[start:end])
    value = _resolve(s, published)
    if value is None:
        return None
    # "the weekend of March 9": the date that follows says which one, not publication.
    if value.anchor == "published" and not re.search(r"\d", s) and re.match(r"\s+of\b", text[end:]):
        return None
    # "a year after the coup" counts from a named event, not from the previous one.
    if value.anchor == "previous" and re.search(r"\b(?:after|before)$", s) and re.match(r"\s*\w", text[end:]):
        return None
    return TimeExpression(text[start:end], start, end, **_fields(value))


def _non_overlapping(found: Iterable[TimeExpression]) -> list[TimeExpression]:
    """The longest resolvable expressions win: "Saturday evening" over "Saturday"."""
    kept: list[TimeExpression] = []
    for expr in sorted(found, key=lambda e: (e.start - e.end, e.start)):
        if all(expr.end <= k.start or expr.start >= k.end for k in kept):
            kept.append(expr)
    return sorted(kept, key=lambda e: e.start)


def find_time_expressions(doc: Doc, published: date | None) -> list[TimeExpression]:
    """Every time expression in the document that names a point or period, resolved against publication.

    Without a publication date only absolute expressions ("July 5, 2023") and offsets from a previous
    event are returned; the latter then carry date.min as placeholder bounds.
    """
    text = doc.text
    spans = {(e.start_char, e.end_char) for e in doc.ents if e.label_ in {"DATE", "TIME"}}
    for rx in _finders():
        spans.update(m.span() for m in rx.finditer(text))
    found = (_expression(text, start, end, published) for start, end in spans)
    return _non_overlapping(e for e in found if e is not None)
