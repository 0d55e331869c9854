"""The `eventwire` command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path

from rich.console import Console

from eventwire import __version__
from eventwire.cli_demo import add_demo
from eventwire.cli_ingest import add_ingest
from eventwire.cli_serve import add_serve
from eventwire.cli_store import add_export, add_query

EXAMPLES = """\
examples:
  eventwire demo                                   code the bundled samples into a database and serve it
  eventwire code article.txt --published 2024-03-17
  eventwire code page.html feed.jsonl --format jsonl > events.jsonl
  cat article.txt | eventwire code - --published 2024-03-17 --format json
  eventwire ingest news/ --db news.duckdb          a corpus into a database (rerun: adds only what is new)
  eventwire query --db news.duckdb --dyad USA-NER --since 2024-01-01
  eventwire query --db news.duckdb --count month --by quad_class
  eventwire export --db news.duckdb --format gdelt --output events.tsv
  eventwire serve --db news.duckdb                 the API and dashboard on http://127.0.0.1:8000
  eventwire eval ../shared/data/eval/plover_gsr_cameo.dev.jsonl --misses 10
  eventwire schema > article.schema.json
"""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    if getattr(args, "actors", None):
        os.environ["EVENTWIRE_ACTORS"] = os.pathsep.join(str(Path(p).resolve()) for p in args.actors)
    if getattr(args, "patterns", None):
        os.environ["EVENTWIRE_PATTERNS"] = os.pathsep.join(str(Path(p).resolve()) for p in args.patterns)
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eventwire",
        description="Turn news into political event data: who did what to whom, when, where, how much and on "
        "whose word, each event with the sentence that proves it (PLOVER categories, CAMEO codes).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"eventwire {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", dest="command")
    _add_code(sub)
    add_ingest(sub)
    add_query(sub)
    add_export(sub)
    add_serve(sub)
    add_demo(sub)
    _add_eval(sub)
    sub.add_parser("schema", help="print the JSON Schema of the output contract").set_defaults(run=_run_schema)
    return parser


def _add_code(sub: argparse._SubParsersAction) -> None:
    code = sub.add_parser(
        "code",
        help="code articles and print their events",
        description="Read articles (.txt: first line is the title; .html; .jsonl: one {'id','text',...} per line; "
        "'-' for stdin), clean them, and print their coded events. Bad inputs are reported on stderr, one line "
        "each, and the others are still coded.",
        epilog="Only asserted events are shown in the table; negated, hypothetical and future ones are in the JSON "
        "with their modality. The JSON follows `eventwire schema`.",
    )
    code.add_argument("paths", nargs="+", metavar="PATH", help="article files, or - for stdin")
    code.add_argument("--published", type=_iso_date, help="publication date (YYYY-MM-DD) for inputs that lack one")
    code.add_argument("--format", choices=["table", "json", "jsonl"], default="table", help="output format (table)")
    code.add_argument("--all", action="store_true", help="table: also show negated, future and hypothetical events")
    code.add_argument(
        "--min-confidence",
        type=float,
        default=0.0,
        metavar="P",
        help="drop events below this confidence (0-1): higher means fewer, surer events",
    )
    _knowledge_options(code)
    code.set_defaults(run=_run_code)


def _add_eval(sub: argparse._SubParsersAction) -> None:
    ev = sub.add_parser(
        "eval",
        help="score coding against sentence-level gold files",
        description="Code every English sentence of each gold JSONL file and report PLOVER category micro/macro F1, "
        "event-detection P/R/F1, source/target country accuracy and the misses.",
    )
    ev.add_argument("gold", nargs="+", type=Path, metavar="GOLD.jsonl")
    ev.add_argument("--misses", type=int, default=0, metavar="N", help="list the first N misses per file")
    ev.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    ev.add_argument("--predictions", type=Path, metavar="DIR", help="keep each file's coded output as JSONL here")
    _knowledge_options(ev)
    ev.set_defaults(run=_run_eval)


def _knowledge_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--actors",
        action="append",
        metavar="TSV",
        help="extra named actors (columns: pattern, name, country, role, kind); repeatable",
    )
    parser.add_argument(
        "--patterns",
        action="append",
        metavar="TSV",
        help="extra event patterns (columns: trigger, pos, with, cameo, of_role, note); repeatable",
    )


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from err


def _run_code(args: argparse.Namespace) -> int:
    from eventwire.dedup import link_articles
    from eventwire.ingest import IngestError, read_inputs
    from eventwire.model import CodedArticle
    from eventwire.output import render_json, render_jsonl, render_table
    from eventwire.pipeline import Pipeline

    console = Console()
    errors = Console(stderr=True)
    results: list[CodedArticle] = []
    failed = 0
    for result in Pipeline().code(read_inputs(args.paths, args.published)):
        if isinstance(result, IngestError):
            errors.print(f"[red]eventwire: error:[/red] {result}", markup=True, highlight=False, soft_wrap=True)
            failed += 1
        else:
            results.append(result)
    link_articles(results)  # near-duplicates and events reported by several articles
    for result in results:
        result.events = [e for e in result.events if e.confidence >= args.min_confidence]
    if args.format == "table":
        for result in results:
            render_table(result, console, show_all=args.all)
    elif args.format == "json" and results:
        print(render_json(results))
    elif args.format == "jsonl" and results:
        print(render_jsonl(results))
    return 1 if failed else 0


def _run_eval(args: argparse.Namespace) -> int:
    from rich.progress import Progress

    from eventwire.evaluate.report import print_report
    from eventwire.evaluate.sentences import evaluate_file
    from eventwire.pipeline import Pipeline

    console = Console()
    pipeline = Pipeline()
    reports = []
    for path in args.gold:
        if not path.exists():
            Console(stderr=True).print(f"eventwire: error: {path}: no such file")
            return 1
        keep = args.predictions / f"{path.stem}.pred.jsonl" if args.predictions else None
        if keep is not None:
            keep.parent.mkdir(parents=True, exist_ok=True)
        total = sum(1 for line in path.open(encoding="utf-8") if line.strip())
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(f"coding {path.name}", total=total)
            report = evaluate_file(path, pipeline, lambda n, t=task: progress.advance(t, n), keep)
        reports.append(report)
        print_report(report, console, args.misses)
    if args.json:
        args.json.write_text(json.dumps([r.as_dict() for r in reports], indent=2))
    return 0


def _run_schema(args: argparse.Namespace) -> int:
    from eventwire.output import schema

    json.dump(schema(), sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
