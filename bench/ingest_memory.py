"""Does ingest memory stay flat as the corpus grows? Peak RSS of `eventwire ingest` on 200 and 2,000 articles.

Each run is a fresh `eventwire ingest` process into a fresh DuckDB file; its peak resident set
comes from the kernel's own accounting of that child (`os.wait4`), so nothing samples or guesses.
Streaming means the 2,000-article run should peak within 20 % of the 200-article run.

    python bench/ingest_memory.py                   # 200 and 2,000 articles, ~500 words each
    python bench/ingest_memory.py --sizes 100 400   # quicker
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ingest_corpus import write_corpus

RESULTS = Path(__file__).resolve().parent / "results"


def measure(folder: Path, db: Path) -> dict[str, float]:
    """Run one ingest; return its wall time and peak RSS (MiB)."""
    command = [sys.executable, "-m", "eventwire.cli", "ingest", str(folder), "--db", str(db)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: some inputs failed, as some are broken on purpose
        raise SystemExit(f"ingest of {folder} failed with status {status}")
    return {"seconds": round(seconds, 1), "peak_rss_mib": round(usage.ru_maxrss / 1024, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000], help="corpus sizes (200 2000)")
    parser.add_argument("--min-words", type=int, default=200)
    parser.add_argument("--max-words", type=int, default=800)
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="eventwire-memory-") as tmp:
        for size in args.sizes:
            folder = Path(tmp) / f"corpus-{size}"
            manifest = write_corpus(folder, size, seed=size, words=(args.min_words, args.max_words))
            result = measure(folder, Path(tmp) / f"{size}.duckdb")
            rows.append({"articles": size, "inputs": manifest.read, **result})
            print(f"{size:>6,} articles  {result['seconds']:>7.1f} s  peak RSS {result['peak_rss_mib']:>7.1f} MiB")
    growth = rows[-1]["peak_rss_mib"] / rows[0]["peak_rss_mib"] - 1
    print(f"peak RSS grows {growth:+.1%} from {rows[0]['articles']:,} to {rows[-1]['articles']:,} articles")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"ingest_memory-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"runs": rows, "growth": round(growth, 4)}, indent=2))
    print(f"saved {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
