"""Read the package's knowledge tables (TSV with a header row; `#` lines are comments)."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from importlib import resources
from pathlib import Path


def data_path(name: str) -> Path:
    return Path(str(resources.files("eventwire") / "data" / name))


def read_table(name: str | Path) -> Iterator[dict[str, str]]:
    """Rows of a TSV table shipped in `eventwire/data/` (or any path), as dicts of stripped strings."""
    path = Path(name) if isinstance(name, Path) else data_path(name)
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            yield {k.strip(): (v or "").strip() for k, v in row.items() if k}


def user_files(variable: str) -> tuple[Path, ...]:
    """The user's own tables named by an environment variable (paths separated by the OS path separator)."""
    return tuple(Path(p) for p in os.environ.get(variable, "").split(os.pathsep) if p)
