"""`eventwire ingest`: code a corpus into the database, with a progress bar and a summary."""

from __future__ import annotations

import argparse
import time
from contextlib import ExitStack
from datetime import date

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

EXAMPLES = """\
examples:
  eventwire ingest articles/                          every .txt/.html/.json/.jsonl/.csv under the folder
  eventwire ingest 'crawl/**/*.warc.gz' --db news.duckdb
  eventwire ingest https://example.org/world/rss.xml
  eventwire ingest wires.csv --csv-text body --csv-title headline --csv-date date
  cat feed.jsonl | eventwire ingest - --db postgresql://user@localhost/events
  eventwire ingest articles/ --workers 2            both cores of a laptop
  eventwire ingest articles/ --engine ray           a local Ray, or --address auto for a cluster

Run it again on the same sources and it adds nothing; stop it (even kill -9) and run it again
and it finishes the job. Changed articles replace their old rows.
"""


def add_ingest(sub: argparse._SubParsersAction) -> None:
    ingest = sub.add_parser(
        "ingest",
        help="code a corpus (folders, globs, CSV, feeds, WARC, stdin) into a database",
        description="Read every SOURCE, skip articles already stored or copied from another, code the rest and "
        "store them in a DuckDB file (default eventwire.duckdb) or a PostgreSQL database, committing in batches.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ingest.add_argument("sources", nargs="+", metavar="SOURCE", help="file, folder, glob, feed URL, or - for stdin")
    ingest.add_argument("--db", default="eventwire.duckdb", metavar="PATH|URL", help="DuckDB file or postgresql:// URL")
    ingest.add_argument("--published", type=_iso_date, help="publication date (YYYY-MM-DD) for inputs that lack one")
    csv = ingest.add_argument_group("CSV columns")
    for field, default in (("text", "text"), ("title", "title"), ("url", "url"), ("date", "published"), ("id", "id")):
        csv.add_argument(f"--csv-{field}", default=default, metavar="COLUMN", help=f"column holding the {field}")
    scale = ingest.add_argument_group("engine")
    scale.add_argument("--engine", choices=["local", "ray"], default="local", help="where coding runs (local)")
    scale.add_argument("--workers", type=int, default=1, metavar="N", help="coding processes (default 1)")
    scale.add_argument("--address", metavar="ADDR", help="Ray cluster: auto or ray://host:port (default: start one)")
    ingest.set_defaults(run=run_ingest)


def run_ingest(args: argparse.Namespace) -> int:
    from eventwire.ingest import SourceOptions, read_sources
    from eventwire.ingest.job import IngestJob, IngestSummary
    from eventwire.scale import coder_for
    from eventwire.store import DatabaseError, Store

    console = Console(stderr=True)
    try:
        store = Store.open(args.db)
    except DatabaseError as err:
        console.print(f"eventwire: error: {err}", highlight=False)
        return 2
    options = SourceOptions(
        published=args.published,
        text_column=args.csv_text,
        title_column=args.csv_title,
        url_column=args.csv_url,
        date_column=args.csv_date,
        id_column=args.csv_id,
    )
    with store, ExitStack() as engine:
        try:
            coder = engine.enter_context(coder_for(args.engine, args.workers, args.address))
        except (RuntimeError, ValueError) as err:
            console.print(f"eventwire: error: {err}", highlight=False)
            return 2
        job = IngestJob(store, coder, args.sources, engine=_engine_name(args))
        started = time.perf_counter()
        with _progress(console) as progress:
            task = progress.add_task("ingest", total=None, rate="", counts="")
            logged = [0.0]

            def show(summary: IngestSummary) -> None:
                elapsed = time.perf_counter() - started
                counts = f"{summary.read:,} read · {summary.coded:,} coded · {summary.events:,} events"
                rate = f"{summary.read / max(elapsed, 1e-9):,.1f} articles/s"
                progress.update(task, rate=rate, counts=counts)
                if not console.is_terminal and (summary.read % 100 == 0 or elapsed - logged[0] > 15):
                    logged[0] = elapsed  # a log line now and then for cron jobs and pipes, not a bar
                    console.print(f"eventwire ingest: {counts} · {rate}", highlight=False)

            summary = job.run(read_sources(args.sources, options), on_progress=show)
        _print_summary(Console(), summary, store.db.target, time.perf_counter() - started)
    return 1 if summary.failed else 0


def _engine_name(args: argparse.Namespace) -> str:
    return f"{args.engine}:{args.workers}" if args.engine == "local" else f"ray:{args.address or 'local'}"


def _progress(console: Console) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.fields[counts]}"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def _print_summary(console: Console, summary, target: str, seconds: float) -> None:  # type: ignore[no-untyped-def]
    table = Table(title=f"ingest run {summary.run_id} → {target}", show_header=False, title_justify="left")
    table.add_column(justify="left")
    table.add_column(justify="right")
    for label, value in (
        ("articles read", summary.read),
        ("coded", summary.coded),
        ("unchanged (already stored)", summary.unchanged),
        ("skipped as duplicates", summary.duplicate),
        ("failed", summary.failed),
        ("events found", summary.events),
    ):
        table.add_row(label, f"{value:,}")
    table.add_row("time", f"{seconds:,.1f} s ({summary.read / max(seconds, 1e-9):,.1f} articles/s)")
    console.print(table)
    for reason, count in summary.failure_reasons.most_common():
        console.print(f"  failed: {count:,} × {reason}", highlight=False)
    for error in summary.failure_examples[:10]:
        console.print(f"  [red]{error}[/red]", highlight=False, soft_wrap=True)


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from err
