from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def pipeline():
    from eventwire.pipeline import Pipeline

    return Pipeline()


# -- PostgreSQL: a real server, started once per test session ---------------------------------


def _pg_bin() -> Path | None:
    import glob
    import shutil

    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(versions[-1]).parent if versions else None


def _as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root; CI runs as root, so the server runs as the `postgres` user."""
    import os
    import shutil

    if os.geteuid() == 0 and shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@pytest.fixture(scope="session")
def postgres_server():
    """The base URL of a throwaway PostgreSQL server on a free loopback port."""
    import os
    import shutil
    import socket
    import subprocess
    import tempfile

    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries not found: `apt install postgresql` to run these tests")
    # not under pytest's root-only folder: the server's user must read it
    data = Path(tempfile.mkdtemp(prefix="eventwire-pg-"))
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
        data.chmod(0o700)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    run = dict(check=True, capture_output=True, text=True, cwd="/tmp")
    try:
        subprocess.run(_as_server_user([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "eventwire",
                                        "--no-sync", "-E", "UTF8"]), **run)  # fmt: skip
        options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-w",
                                        "-l", str(data / "server.log"), "start"]), **run)  # fmt: skip
    except (subprocess.CalledProcessError, OSError) as err:
        detail = getattr(err, "stderr", "") or str(err)
        pytest.skip(f"PostgreSQL could not start: {detail.strip().splitlines()[-1] if detail.strip() else err}")
    yield f"postgresql://eventwire@127.0.0.1:{port}"
    subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                   capture_output=True, cwd="/tmp")  # fmt: skip
    shutil.rmtree(data, ignore_errors=True)


def _create_database(server: str, name: str) -> str:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


@pytest.fixture(scope="session")
def postgres_url(postgres_server):
    """One database shared by the read-side tests (query, export, API): they fill it idempotently."""
    return _create_database(postgres_server, "eventwire_shared")


@pytest.fixture
def fresh_postgres(postgres_server, request):
    """An empty database of its own for a test that must count every row it writes."""
    import re

    return _create_database(postgres_server, re.sub(r"\W", "_", request.node.name)[:50].lower())
