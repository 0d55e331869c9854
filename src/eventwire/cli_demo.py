"""`eventwire demo`: the sample articles into a DuckDB file, what is in it, then the dashboard over it."""

from __future__ import annotations

import argparse
import socket

from rich.console import Console
from rich.table import Table

DEMO_DB = "eventwire-demo.duckdb"


def add_demo(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser(
        "demo",
        help="code the sample articles into a database and open the dashboard over it",
        description="Code the sample articles that ship with eventwire into a DuckDB file, print what is in it, "
        "then serve the dashboard and API over it on this machine (Ctrl-C stops the server).",
    )
    demo.add_argument("--db", default=DEMO_DB, metavar="PATH", help=f"the DuckDB file to fill ({DEMO_DB})")
    demo.add_argument("--port", type=int, default=8000, help="dashboard port; the next free one if taken (8000)")
    demo.add_argument("--no-serve", action="store_true", help="stop after printing what is in the database")
    demo.set_defaults(run=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    from eventwire.ingest.job import IngestJob
    from eventwire.pipeline import Pipeline
    from eventwire.samples import sample_articles
    from eventwire.store import Store

    console = Console()
    articles = sample_articles()
    console.print(f"[bold]eventwire demo[/bold]: coding {len(articles)} sample articles into {args.db}\n")
    with Store.open(args.db) as store:
        summary = IngestJob(store, Pipeline().code, ["eventwire samples"], engine="demo").run(articles)
        _print_contents(console, store, summary.coded, summary.unchanged)
    if args.no_serve:
        console.print(f"\nNext: `eventwire serve --db {args.db}` for the dashboard, `eventwire query --db {args.db}`.")
        return 0
    return _serve(console, args.db, args.port)


def _print_contents(console: Console, store, coded: int, unchanged: int) -> None:  # type: ignore[no-untyped-def]
    db = store.db
    console.print(f"{coded} articles coded now, {unchanged} already stored. The database holds:")
    counts = Table(show_header=False, box=None, padding=(0, 2))
    for table in ("articles", "sentences", "actors", "events", "mentions", "quantities", "quotes", "clusters"):
        counts.add_row(table, f"{db.scalar(f'SELECT COUNT(*) FROM {table}'):,}")
    console.print(counts)
    by_category = Table(title="asserted events by PLOVER category", title_justify="left")
    for column in ("category", "events", "mean Goldstein"):
        by_category.add_column(column, justify="left" if column == "category" else "right")
    for category, events, goldstein in db.rows(
        "SELECT category, COUNT(*), AVG(goldstein) FROM events WHERE modality = 'asserted' "
        "GROUP BY category ORDER BY COUNT(*) DESC, category"
    ):
        by_category.add_row(category, str(events), f"{goldstein:+.1f}" if goldstein is not None else "")
    console.print(by_category)
    dyads = db.rows(
        "SELECT source_country, target_country, COUNT(*) FROM events WHERE modality = 'asserted' "
        "AND source_country IS NOT NULL AND target_country IS NOT NULL AND source_country <> target_country "
        "GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 5"
    )
    console.print("busiest dyads: " + ", ".join(f"{s}→{t} ({n})" for s, t, n in dyads))


def _serve(console: Console, db: str, port: int) -> int:
    import uvicorn

    from eventwire.serve import create_app

    port = _free_port(port)
    console.print(
        f"\n[bold green]dashboard:[/bold green] http://127.0.0.1:{port}/   API docs: http://127.0.0.1:{port}/docs"
        "   (Ctrl-C to stop)",
        highlight=False,
    )
    uvicorn.run(create_app(db), host="127.0.0.1", port=port, log_level="warning", server_header=False)
    return 0


def _free_port(wanted: int) -> int:
    for port in range(wanted, wanted + 50):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit(f"eventwire demo: no free port from {wanted} to {wanted + 49}; use --port")
