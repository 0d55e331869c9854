"""`eventwire query` and `eventwire export`: read the event database that `eventwire ingest` fills.

`add_query(sub)` and `add_export(sub)` add the two subcommands to the `eventwire` parser.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date, timedelta
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

DEFAULT_DB = "eventwire.duckdb"
SPARKS = "▁▂▃▄▅▆▇█"
QUAD_STYLES = {1: "green", 2: "bold green", 3: "yellow", 4: "bold red"}

QUERY_EXAMPLES = """\
examples:
  eventwire query                                        the 50 newest events
  eventwire query --category protest,assault --country GEO --since 2024-11-01
  eventwire query --dyad USA-NER --format json           events from the USA to Niger, as JSON
  eventwire query --actor blinken --modality asserted    events with an actor named like "Blinken"
  eventwire query --text "water cannon" --format csv > cannon.csv
  eventwire query --count month --by category            events per month and category, with sparklines
  eventwire query --count week --by dyad --country RUS   weekly counts of each dyad involving Russia
  eventwire query --goldstein month --dyad RUS-UKR       how cooperative or hostile, month by month
  eventwire query --top actors --since 2024-01-01        who acts and is acted upon most
  eventwire query --db postgresql://user@host/events --top dyads

Filters combine with AND. Comma lists mean "any of": --category PROTEST,ASSAULT. Country, role and
actor filters look at every actor of an event; --country/--role/--actor must hold for one actor,
so --country USA --role GOV means "a US government actor". Dates are YYYY-MM-DD, inclusive.
Listing pages: the last line gives the --after CURSOR of the next page.
"""

EXPORT_EXAMPLES = """\
examples:
  eventwire export --format csv --output events.csv
  eventwire export --format parquet --output events.parquet --since 2024-01-01
  eventwire export --format jsonl --category PROTEST | head
  eventwire export --format plover --dyad RUS-EST --output rus_est.plover.jsonl
  eventwire export --format gdelt --no-header --output events.export.CSV   byte-compatible with GDELT 2.0 files

Formats: csv, jsonl and parquet hold one row per event with every events column plus the article's url,
title and publisher; plover holds one PLOVER-style JSON record per event; gdelt is a GDELT 2.0 events
table (61 tab-separated columns, with a header row unless --no-header). docs/exports.md lists every column.
Exports stream: any number of events, in constant memory, ordered by event date then id.
"""


# -- parsers --------------------------------------------------------------------------------------------


def add_query(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    query = sub.add_parser(
        "query",
        help="list, count and chart the events in a database",
        description="List the events that match the filters (newest first), or count them per period "
        "(--count), follow their Goldstein cooperation-conflict score (--goldstein), or rank actors, dyads "
        "and places (--top).",
        epilog=QUERY_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _db_option(query)
    _filter_options(query)
    out = query.add_argument_group("output")
    out.add_argument("--format", choices=["table", "json", "csv"], default="table", help="output format (table)")
    out.add_argument("--limit", type=_positive, default=50, metavar="N", help="events (or top rows) to show (50)")
    out.add_argument("--after", metavar="CURSOR", help="the next page of a listing: the cursor the last page printed")
    aggregates = query.add_argument_group("aggregates (instead of a listing)")
    what = aggregates.add_mutually_exclusive_group()
    what.add_argument("--count", choices=PERIOD_CHOICES, metavar="PERIOD", help="events per day|week|month|year")
    what.add_argument(
        "--goldstein", choices=PERIOD_CHOICES, metavar="PERIOD", help="Goldstein total and mean per day|week|month|year"
    )
    what.add_argument("--top", choices=["actors", "dyads", "places"], help="rank actors, dyads or places by events")
    aggregates.add_argument(
        "--by",
        choices=["category", "quad_class", "dyad", "none"],
        help="with --count: one series per category (the default), quad class, dyad, or none",
    )
    query.set_defaults(run=run_query)
    return query


PERIOD_CHOICES = ["day", "week", "month", "year"]


def add_export(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    export = sub.add_parser(
        "export",
        help="write the events to csv, jsonl, parquet, PLOVER JSON or a GDELT table",
        description="Write every event that matches the filters to a file (or stdout for text formats).",
        epilog=EXPORT_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _db_option(export)
    _filter_options(export)
    out = export.add_argument_group("output")
    out.add_argument(
        "--format", choices=["csv", "jsonl", "parquet", "plover", "gdelt"], default="csv", help="file format (csv)"
    )
    out.add_argument("--output", "-o", metavar="FILE", help="where to write (default: stdout; parquet needs a file)")
    out.add_argument("--no-header", action="store_true", help="csv and gdelt: no header row (GDELT's files have none)")
    export.set_defaults(run=run_export)
    return export


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        default=DEFAULT_DB,
        metavar="PATH|URL",
        help=f"DuckDB file (opened read-only) or postgresql:// URL (default {DEFAULT_DB})",
    )


# (option, parse key, metavar, help); every value is checked by EventFilter.parse, which names the option
FILTERS = (
    ("--since", "since", "DATE", "events on or after this day (YYYY-MM-DD)"),
    ("--until", "until", "DATE", "events on or before this day (YYYY-MM-DD)"),
    ("--category", "category", "CAT,...", "PLOVER categories, e.g. PROTEST,ASSAULT (any case)"),
    ("--quad", "quad", "Q,...", "quad classes: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict"),
    ("--country", "country", "ISO3", "an actor of this country on either side (ISO 3166 alpha-3, e.g. NER)"),
    ("--source-country", "source_country", "ISO3", "a source actor of this country"),
    ("--target-country", "target_country", "ISO3", "a target actor of this country"),
    ("--role", "role", "ROLE", "an actor with this role on either side (GOV, MIL, REB, OPP, CVL, ...)"),
    ("--source-role", "source_role", "ROLE", "a source actor with this role"),
    ("--target-role", "target_role", "ROLE", "a target actor with this role"),
    ("--actor", "actor", "TEXT", "an actor whose name contains TEXT (any case), either side"),
    ("--dyad", "dyad", "SRC-TGT", "source and target countries, e.g. USA-NER"),
    ("--place", "place", "TEXT", "place name containing TEXT, or the place's country code (ISO3)"),
    ("--text", "text", "TEXT", "evidence sentence containing TEXT (any case)"),
    ("--modality", "modality", "M,...", "asserted, negated, hypothetical, future, reported (default: all)"),
    ("--min-confidence", "min_confidence", "P", "only events coded with at least this confidence (0-1)"),
    ("--cluster", "cluster", "ID", "the events of one cluster (one real-world event in several articles)"),
    ("--article", "article", "ID", "the events of one article"),
)


def _filter_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters")
    for option, key, metavar, text in FILTERS:
        # repeatable lists: --category PROTEST --category ASSAULT is the same as --category PROTEST,ASSAULT
        many = key in ("category", "quad", "modality")
        group.add_argument(option, dest=f"f_{key}", metavar=metavar, help=text, action="append" if many else "store")


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value!r}")
    return number


# -- shared plumbing ------------------------------------------------------------------------------------


class UsageError(Exception):
    """A bad option value: printed as one line and exit status 2."""


def _filter(args: argparse.Namespace) -> Any:
    from eventwire.store.query import EventFilter, FilterError

    raw = {}
    for _, key, _, _ in FILTERS:
        value = getattr(args, f"f_{key}")
        raw[key] = ",".join(value) if isinstance(value, list) else value
    try:
        return EventFilter.parse(**raw)
    except FilterError as err:
        option = next((o for o, k, _, _ in FILTERS if k == err.field), f"--{err.field.replace('_', '-')}")
        raise UsageError(f"{option}: {err.reason}: {err.value!r}") from None


@contextmanager
def _open(target: str) -> Iterator[Any]:
    from eventwire.store import DatabaseError, Store

    try:
        store = Store.open(target, read_only=True)
    except DatabaseError as err:
        raise UsageError(str(err)) from None
    try:
        yield store.db
    finally:
        store.close()


def _guarded(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn usage errors and database errors into one line on stderr, as `eventwire: error: ...`."""

    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except UsageError as err:
            _error(str(err))
            return 2
        except BrokenPipeError:  # `eventwire export | head`: the reader left, nothing is wrong
            _silence_stdout()
            return 0
        except Exception as err:
            if not _is_database_error(err):
                raise
            _error(f"{args.db}: {_first_line(err)}")
            return 1

    return run


def _silence_stdout() -> None:
    """After a broken pipe, send what Python still flushes at exit to /dev/null instead of a second error."""
    with suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _error(message: str) -> None:
    Console(stderr=True, soft_wrap=True).print(f"eventwire: error: {message}", highlight=False, markup=False)


def _is_database_error(err: Exception) -> bool:
    module = type(err).__module__.split(".")[0]
    return module in ("duckdb", "_duckdb", "psycopg")


def _first_line(err: Exception) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


# -- query ----------------------------------------------------------------------------------------------


@_guarded
def run_query(args: argparse.Namespace) -> int:
    f = _filter(args)
    if args.by and not args.count:
        raise UsageError(f"--by {args.by}: only applies with --count PERIOD")
    by = args.by or "category"
    with _open(args.db) as db:
        if args.count:
            rows = _call(_query().count_series, db, f, args.count, None if by == "none" else by)
            _print_rows(rows, args.format, lambda: _count_table(rows, args.count, by))
        elif args.goldstein:
            rows = _call(_query().goldstein_series, db, f, args.goldstein)
            _print_rows(rows, args.format, lambda: _goldstein_table(rows, args.goldstein))
        elif args.top:
            rows = _top(db, f, args.top, args.limit)
            _print_rows(rows, args.format, lambda: _plain_table(rows, f"top {args.top}"))
        else:
            events, cursor = _call(_query().find_events, db, f, args.limit, args.after)
            _print_events(events, cursor, args)
    return 0


def _query() -> Any:
    from eventwire.store import query

    return query


def _call(function: Callable[..., Any], *args: Any) -> Any:
    from eventwire.store.query import FilterError

    try:
        return function(*args)
    except FilterError as err:
        raise UsageError(f"--{err.field.replace('_', '-')}: {err.reason}: {err.value!r}") from None


def _top(db: Any, f: Any, what: str, limit: int) -> list[dict]:
    query = _query()
    function = {"actors": query.top_actors, "dyads": query.top_dyads, "places": query.located_events}[what]
    return function(db, f, limit)


def _print_rows(rows: list[dict], fmt: str, table: Callable[[], Any]) -> None:
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=_json_default))
    elif fmt == "csv":
        _write_csv(rows)
    else:
        Console().print(table())


def _write_csv(rows: list[dict], columns: list[str] | None = None) -> None:
    columns = columns or (list(rows[0]) if rows else [])
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else _json_default(row[c]) for c in columns])


def _json_default(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _print_events(events: list[dict], cursor: str | None, args: argparse.Namespace) -> None:
    if args.format == "json":
        print(json.dumps({"events": events, "next": cursor}, ensure_ascii=False, indent=2, default=_json_default))
        return
    if args.format == "csv":
        _write_csv(events)
        if cursor:
            print(f"next page: --after {cursor}", file=sys.stderr)
        return
    console = Console()
    console.print(_events_table(events, console.width))
    if cursor:
        console.print(f"more events: add --after {cursor}", highlight=False, soft_wrap=True)
    elif not events:
        console.print("no events match these filters", style="dim")


def _events_table(events: list[dict], width: int) -> Table:
    """All eight columns on a wide terminal; on a narrow one (or a pipe) stacked cells, so evidence keeps room."""
    if width >= WIDE:
        return _wide_table(events)
    table = Table(expand=True, box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("date", no_wrap=True)
    table.add_column("category", no_wrap=True)
    table.add_column("source → target · place", max_width=24)
    table.add_column("evidence", ratio=1, min_width=28)
    for e in events:
        category = _category(e) + Text(f"\n{e['cameo'] or ''} · {e['confidence']:.2f}", style="dim")
        who = _who(e["source_name"], e["source_country"], e["source_role"]) + Text("\n→ ")
        who += _who(e["target_name"], e["target_country"], e["target_role"])
        if e["place_name"]:
            who += Text(f"\n@ {e['place_name']}", style="dim")
        table.add_row(_json_default(e["event_date"]) or "undated", category, who, _evidence(e))
    return table


WIDE = 170  # terminal columns from which the listing shows every column side by side


def _wide_table(events: list[dict]) -> Table:
    table = Table(expand=True)
    for name, options in (
        ("date", {"no_wrap": True}),
        ("category", {"no_wrap": True}),
        ("cameo", {"no_wrap": True}),
        ("source", {"max_width": 26}),
        ("target", {"max_width": 26}),
        ("place", {"max_width": 18}),
        ("confidence", {"justify": "right", "no_wrap": True}),
        ("evidence", {"ratio": 1, "min_width": 30}),
    ):
        table.add_column(name, **options)
    for e in events:
        table.add_row(
            _json_default(e["event_date"]) or "undated",
            _category(e),
            e["cameo"] or "",
            _who(e["source_name"], e["source_country"], e["source_role"]),
            _who(e["target_name"], e["target_country"], e["target_role"]),
            e["place_name"] or "",
            f"{e['confidence']:.2f}",
            _evidence(e),
        )
    return table


def _category(e: dict) -> Text:
    return Text(e["category"], style=QUAD_STYLES.get(e["quad_class"] or 0, ""))


def _evidence(e: dict) -> str:
    """The sentence, cut to a readable length; events that are not asserted say so."""
    note = "" if e["modality"] == "asserted" else f" [{e['modality']}]"
    return _truncate(e["evidence"], 160) + note


def _who(name: str | None, country: str | None, role: str | None) -> Text:
    if not name:
        return Text("")
    codes = " ".join(c for c in (country, role) if c)
    return Text(name) + (Text(f" {codes}", style="dim") if codes else Text(""))


def _truncate(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# -- series tables ----------------------------------------------------------------------------------------


def _count_table(rows: list[dict], period: str, by: str) -> Table:
    periods = _all_periods([r["period"] for r in rows], period)
    if by == "none":
        table = Table(title=f"events per {period}", title_justify="left")
        table.add_column("period", no_wrap=True)
        table.add_column("events", justify="right")
        table.add_column("", no_wrap=True)
        top = max((r["events"] for r in rows), default=1)
        for r in rows:
            table.add_row(r["period"] or "undated", f"{r['events']:,}", "█" * max(1, round(24 * r["events"] / top)))
        return table
    series: dict[str, dict[str | None, int]] = {}
    for r in rows:
        series.setdefault(r["key"], {})[r["period"]] = r["events"]
    span = f"{periods[0]} … {periods[-1]}" if periods else "no dated events"
    table = Table(
        title=f"events per {period} by {by}",
        caption=f"{span}: {len(periods)} {period}s",
        title_justify="left",
    )
    table.add_column(by.replace("_", " "), no_wrap=True)
    table.add_column("events", justify="right", no_wrap=True, min_width=6)
    table.add_column("peak", no_wrap=True, min_width=10)
    table.add_column("trend", no_wrap=True)
    ranked = sorted(series.items(), key=lambda kv: (-sum(kv[1].values()), kv[0] or ""))
    for key, counts in ranked:
        dated = {p: n for p, n in counts.items() if p}
        peak = max(dated, key=lambda p: dated[p]) if dated else "undated"
        trend = sparkline([counts.get(p, 0) for p in periods], width=32)
        table.add_row(key or "none", f"{sum(counts.values()):,}", peak, trend)
    return table


def _goldstein_table(rows: list[dict], period: str) -> Table:
    means = [r["goldstein_mean"] for r in rows if r["period"] and r["goldstein_mean"] is not None]
    trend = sparkline(means, low=min(means, default=0.0), average=True)
    table = Table(
        title=f"Goldstein score per {period}",
        caption=f"trend of the mean: {trend} (-10 conflict … +10 cooperation)",
        title_justify="left",
    )
    for name in ("period", "events", "total", "mean"):
        table.add_column(name, justify="left" if name == "period" else "right", no_wrap=True)
    table.add_column("conflict ◀ ▶ cooperation", no_wrap=True)
    for r in rows:
        mean = r["goldstein_mean"]
        table.add_row(
            r["period"] or "undated",
            f"{r['events']:,}",
            f"{r['goldstein_total']:,.1f}",
            "" if mean is None else f"{mean:+.2f}",
            _diverging(mean),
        )
    return table


def _diverging(mean: float | None, half: int = 10) -> Text:
    if mean is None:
        return Text("")
    size = min(half, round(abs(mean)))
    if mean < 0:
        return Text(" " * (half - size)) + Text("█" * size, style="red") + Text("│")
    return Text(" " * half + "│") + Text("█" * size, style="green")


def _plain_table(rows: list[dict], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in rows[0] if rows else []:
        table.add_column(column.replace("_", " "), justify="right" if column in _NUMERIC else "left")
    for row in rows:
        table.add_row(*(_cell(row[c]) for c in row))
    return table


_NUMERIC = {"events", "as_source", "as_target", "goldstein_mean", "quad1", "quad2", "quad3", "quad4"}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def sparkline(values: list[float], low: float | None = None, width: int = 48, average: bool = False) -> str:
    """A one-line chart from ▁ (lowest) to █ (highest); a long series is binned into `width` bars.

    Counts are drawn from zero (`low` None) and binned by summing; means pass their own `low` and `average`.
    """
    if not values:
        return ""
    if len(values) > width:
        size = -(-len(values) // width)
        bins = [values[i : i + size] for i in range(0, len(values), size)]
        values = [sum(b) / len(b) if average else sum(b) for b in bins]
    bottom = min(0.0, *values) if low is None else low
    top = max(values)
    if top <= bottom:
        return SPARKS[0] * len(values)
    steps = len(SPARKS) - 1
    return "".join(SPARKS[max(0, min(steps, round((v - bottom) / (top - bottom) * steps)))] for v in values)


def _all_periods(found: list[str | None], period: str) -> list[str]:
    """Every period from the first to the last one found, so that gaps show as low bars."""
    days = sorted({date.fromisoformat(p) for p in found if p})
    if not days:
        return []
    result, day = [], days[0]
    while day <= days[-1]:
        result.append(day.isoformat())
        day = _next_period(day, period)
    return result


def _next_period(day: date, period: str) -> date:
    if period == "day":
        return day + timedelta(days=1)
    if period == "week":
        return day + timedelta(days=7)
    if period == "month":
        return date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date(day.year + 1, 1, 1)


# -- export ---------------------------------------------------------------------------------------------


@_guarded
def run_export(args: argparse.Namespace) -> int:
    from eventwire.export import export_events

    f = _filter(args)
    to_stdout = args.output in (None, "-")
    if args.format == "parquet" and to_stdout:
        raise UsageError("--format parquet: Parquet is binary; give a file with --output FILE")
    with _open(args.db) as db:
        out = sys.stdout if to_stdout else args.output
        written = export_events(db, f, args.format, out, header=not args.no_header)
    if not to_stdout:
        Console(stderr=True, soft_wrap=True).print(
            f"wrote {written:,} events to {args.output} ({args.format})", highlight=False
        )
    return 0
