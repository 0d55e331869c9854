"""Test helpers for the HTTP server: fill a database, run the real `eventwire serve` in a subprocess."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from eventwire.ingest.job import IngestJob
from eventwire.model import Article
from eventwire.store import Store


def fill_database(path: Path, coder, articles: Iterable[Article]) -> None:
    with Store.open(path) as store:
        IngestJob(store, coder, ["tests"]).run(list(articles))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(db: str | Path, workdir: Path, token: str | None = None, extra: Iterable[str] = ()) -> Iterator[str]:
    """`python -m eventwire.serve --db DB --port P` (default host), yielding its base URL once /health answers."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "EVENTWIRE_WRITE_TOKEN"}
    if token:
        env["EVENTWIRE_WRITE_TOKEN"] = token
    command = [sys.executable, "-m", "eventwire.serve", "--db", str(db), "--port", str(port), *extra]
    log = workdir / f"server-{port}.log"
    with log.open("w") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=workdir)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within 60 s:\n{log.read_text()}")


def listening_addresses(port: int) -> set[str]:
    """The local addresses of the sockets listening on this TCP port (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                found.add(address)
    return found
