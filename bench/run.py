"""Benchmark: bare spaCy against the full eventwire pipeline, on the same synthetic corpus, in one run.

    python bench/run.py [--articles 200] [--out bench/results/latest.json]

Each case runs in its own Python subprocess (this same file with `--worker CASE`), so each has its
own peak RSS and neither benefits from the other's warm caches. The worker regenerates the corpus
from the seed (the generator is deterministic) and checks its checksum against the parent's.
See bench/README.md for what every number means.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

import corpus  # bench/corpus.py: the script's folder is first on sys.path

BENCH = Path(__file__).resolve().parent
DEFAULT_OUT = BENCH / "results" / "latest.json"
CASES = {"spacy": "bare spaCy", "pipeline": "full pipeline"}
console = Console(stderr=True)


# --- measuring, inside a worker process ---------------------------------------------------------


def _rss_now_mb() -> float | None:
    """Current resident set size, to tell model memory from processing memory."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


def _progress(label: str) -> Progress:
    return Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def _run_spacy(articles: list, batch_size: int) -> dict[str, Any]:
    from eventwire.nlp import load_nlp

    texts = [a.text for a in articles]
    t0 = time.perf_counter()
    nlp = load_nlp()
    t1 = time.perf_counter()
    rss_loaded = _rss_now_mb()
    with _progress(CASES["spacy"]) as progress:
        task = progress.add_task("nlp", total=len(texts))
        docs = []
        for doc in nlp.pipe(texts, batch_size=batch_size):  # = list(nlp.pipe(...)), with a progress bar
            docs.append(doc)
            progress.advance(task)
    t2 = time.perf_counter()
    return {
        "load_seconds": t1 - t0,
        "seconds": t2 - t1,
        "rss_after_load_mb": rss_loaded,
        "sentences": sum(1 for d in docs for _ in d.sents),
        "entities": sum(len(d.ents) for d in docs),
        "events": None,
        "model": f"{nlp.meta.get('name')} {nlp.meta.get('version')}",
    }


def _run_pipeline(articles: list, batch_size: int) -> dict[str, Any]:
    from eventwire.model import CodedArticle
    from eventwire.pipeline import Pipeline

    t0 = time.perf_counter()
    pipe = Pipeline()  # loads spaCy and the knowledge tables (some of it may be lazy: see README)
    t1 = time.perf_counter()
    rss_loaded = _rss_now_mb()
    with _progress(CASES["pipeline"]) as progress:
        task = progress.add_task("code", total=len(articles))
        coded = []
        for item in pipe.code(articles):  # = list(Pipeline().code(articles)), with a progress bar
            coded.append(item)
            progress.advance(task)
    t2 = time.perf_counter()
    stages = getattr(pipe, "stage_seconds", None)
    errors = [str(c) for c in coded if not isinstance(c, CodedArticle)]  # IngestError passes through in place
    coded = [c for c in coded if isinstance(c, CodedArticle)]
    return {
        "load_seconds": t1 - t0,
        "seconds": t2 - t1,
        "rss_after_load_mb": rss_loaded,
        "coded_articles": len(coded),
        "failed_articles": len(errors),
        "first_errors": list(dict.fromkeys(errors))[:5],  # distinct, in order
        "sentences": sum(len(c.sentences) for c in coded),
        "actors": sum(len(c.actors) for c in coded),
        "events": sum(len(c.events) for c in coded),
        "quotes": sum(len(c.quotes) for c in coded),
        "quantities": sum(len(c.quantities) for c in coded),
        "stage_seconds": {str(k): float(v) for k, v in stages.items()} if isinstance(stages, dict) else None,
    }


def _checksum(articles: list) -> str:
    h = hashlib.sha256()
    for a in articles:
        h.update(a.text.encode("utf-8"))
    return h.hexdigest()


def worker(args: argparse.Namespace) -> int:
    """Run one case and write its measurements to args.result as JSON."""
    articles = corpus.generate(args.articles, args.seed, args.words, scraped=args.scraped)
    run = _run_spacy if args.worker == "spacy" else _run_pipeline
    result = run(articles, args.batch_size)
    result |= {"corpus_sha256": _checksum(articles), "peak_rss_mb": _peak_rss_mb()}
    Path(args.result).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


# --- orchestrating, in the parent process -------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith(("model name", "hardware", "cpu model")):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def machine() -> dict[str, Any]:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "spacy": _version("spacy"),
        "platform": platform.platform(),
    }


def _spawn(case: str, args: argparse.Namespace) -> dict[str, Any]:
    """Run one case in a fresh interpreter; its progress bar goes straight to this terminal."""
    with tempfile.TemporaryDirectory() as tmp:
        result = Path(tmp) / f"{case}.json"
        cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", case, "--result", str(result)]
        cmd += ["--articles", str(args.articles), "--seed", str(args.seed), "--words", str(args.words)]
        cmd += ["--scraped", str(args.scraped), "--batch-size", str(args.batch_size)]
        started = time.perf_counter()
        try:
            proc = subprocess.run(cmd, check=False, timeout=args.timeout)
        except subprocess.TimeoutExpired:  # a hung stage must not hang the benchmark
            return {"error": f"worker timed out after {args.timeout:g} s", "process_seconds": args.timeout}
        wall = time.perf_counter() - started
        if proc.returncode != 0 or not result.exists():
            return {"error": f"worker exited with code {proc.returncode}", "process_seconds": wall}
        out = json.loads(result.read_text(encoding="utf-8"))
        out["process_seconds"] = wall
        return out


def _rates(case: dict[str, Any], n_articles: int, n_words: int) -> None:
    seconds = case.get("seconds")
    if seconds:
        case["articles_per_s"] = n_articles / seconds
        case["words_per_s"] = n_words / seconds


def _fmt(value: Any, spec: str = ",.1f") -> str:
    return "—" if value is None else format(value, spec)


def print_report(report: dict[str, Any]) -> None:
    out = Console()
    c = report["corpus"]
    table = Table(title=f"eventwire benchmark — {c['articles']} articles, {c['words']:,} words (seed {c['seed']})")
    for col in ("case", "articles/s", "words/s", "seconds", "load s", "events", "peak RSS MiB"):
        table.add_column(col, justify="left" if col == "case" else "right")
    for name, label in CASES.items():
        case = report["cases"].get(name)
        if case is None:
            continue
        if "error" in case:
            table.add_row(label, "[red]failed[/red]", "", "", "", "", "")
            continue
        table.add_row(
            label,
            _fmt(case.get("articles_per_s")),
            _fmt(case.get("words_per_s"), ",.0f"),
            _fmt(case.get("seconds"), ",.2f"),
            _fmt(case.get("load_seconds"), ",.2f"),
            _fmt(case.get("events"), ",d"),
            _fmt(case.get("peak_rss_mb"), ",.0f"),
        )
    out.print(table)
    if report.get("ratio") is not None:
        out.print(f"pipeline / spaCy time ratio: [bold]{report['ratio']:.2f}×[/bold]")
    pipe_case = report["cases"].get("pipeline") or {}
    if pipe_case.get("failed_articles"):
        out.print(f"[yellow]{pipe_case['failed_articles']} articles failed in the pipeline[/yellow], e.g.:")
        for error in pipe_case.get("first_errors", []):
            out.print(f"  {error}")
    _print_stages(out, pipe_case)
    m = report["machine"]
    out.print(
        f"machine: {m['cores']} cores ({m['usable_cores']} usable), {m['cpu']}, "
        f"Python {m['python']}, spaCy {m['spacy']}"
    )


def _print_stages(out: Console, case: dict[str, Any]) -> None:
    stages = case.get("stage_seconds")
    if not stages:
        return
    total = sum(stages.values()) or 1.0
    table = Table(title="pipeline stages (cumulated over the run)")
    for col in ("stage", "seconds", "share"):
        table.add_column(col, justify="left" if col == "stage" else "right")
    for name, seconds in sorted(stages.items(), key=lambda kv: -kv[1]):
        table.add_row(name, f"{seconds:,.2f}", f"{100 * seconds / total:.1f}%")
    out.print(table)


def orchestrate(args: argparse.Namespace) -> int:
    articles = corpus.generate(args.articles, args.seed, args.words, scraped=args.scraped)
    n_words = sum(len(a.text.split()) for a in articles)
    report: dict[str, Any] = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "corpus": {
            "articles": len(articles),
            "words": n_words,
            "seed": args.seed,
            "words_per_article": args.words,
            "scraped": args.scraped,
            "sha256": _checksum(articles),
        },
        "batch_size": args.batch_size,
        "machine": machine(),
        "cases": {},
    }
    for case in args.cases:
        console.print(f"[bold]running {CASES[case]}[/bold] in a subprocess …")
        result = _spawn(case, args)
        if "error" not in result and result.get("corpus_sha256") != report["corpus"]["sha256"]:
            result = {"error": "the worker built a different corpus (generator not deterministic?)"}
        _rates(result, len(articles), n_words)
        report["cases"][case] = result
    spacy_case, pipe_case = report["cases"].get("spacy", {}), report["cases"].get("pipeline", {})
    if spacy_case.get("seconds") and pipe_case.get("seconds"):
        report["ratio"] = pipe_case["seconds"] / spacy_case["seconds"]
    print_report(report)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    console.print(f"saved {out}")
    return 1 if any("error" in c for c in report["cases"].values()) else 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Benchmark bare spaCy against the full eventwire pipeline.")
    p.add_argument("--articles", "-n", type=int, default=200, help="articles in the corpus (default 200)")
    p.add_argument("--out", "-o", default=str(DEFAULT_OUT), help="where to save the JSON report")
    p.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    p.add_argument("--words", type=int, default=500, help="words per article (default 500)")
    p.add_argument("--scraped", type=float, default=0.3, help="share of articles with page noise (default 0.3)")
    p.add_argument("--batch-size", type=int, default=64, help="nlp.pipe batch size for bare spaCy (default 64)")
    p.add_argument("--timeout", type=float, default=3600, help="seconds allowed per case (default 3600)")
    p.add_argument("--cases", nargs="+", choices=list(CASES), default=list(CASES), help="which cases to run")
    p.add_argument("--worker", choices=list(CASES), help=argparse.SUPPRESS)
    p.add_argument("--result", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return worker(args) if args.worker else orchestrate(args)


if __name__ == "__main__":
    raise SystemExit(main())
