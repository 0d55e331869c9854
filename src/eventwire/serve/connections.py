"""Database access for the HTTP server: one reading cursor per worker thread, one writer at a time.

DuckDB connection objects are not thread-safe, but `connection.cursor()` opens a second
connection to the same database instance that is. FastAPI runs the (sync) endpoints in a
thread pool, so each worker thread opens its own cursor on its first query and reads
through it from then on: the readers' `Database` looks its cursor up on every statement,
in the thread that runs it (FastAPI may enter a dependency in one thread and run the
endpoint in another). Nothing is shared between threads but the database instance itself,
which DuckDB makes safe. Reads run one statement at a time in autocommit, so a reused
cursor always sees the latest committed data. The file is opened read-only unless
the server may write (a write token is set): a DuckDB file cannot be open read-only and
read-write in one process at the same time, so the writable server reads through cursors
of its one read-write connection, and a lock keeps writes one at a time (a write gets a
fresh cursor, closed after it). PostgreSQL gets a short-lived connection per request.

DuckDB fetches the other columns of a page's rows only after it has picked them (late
materialization) for pages of up to 50 rows by default; the API's pages go up to its
largest limit, so the server raises that bound for its database instance.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from eventwire.store import Database, Store


class Connections:
    def __init__(self, target: str, writable: bool, max_page: int = 1000) -> None:
        self.target = target
        self.writable = writable
        self.postgresql = target.startswith(("postgresql://", "postgres://"))
        # DuckDB: the one connection that owns the file; PostgreSQL: opened once to check it (and create the schema)
        root = Database.open(target, read_only=not writable)
        self.display_target = root.target  # PostgreSQL URLs come back with the password redacted
        self._root: Database | None = None if self.postgresql else root
        if self.postgresql:
            root.close()
        else:
            root.execute(f"SET GLOBAL late_materialization_max_rows = {int(max_page) + 1}")
        self._write_lock = threading.Lock()
        self._readers = None if self._root is None else ThreadCursors(self._root, self.display_target)

    @contextmanager
    def reader(self) -> Iterator[Database]:
        if self._readers is None:
            with Database.open(self.target, read_only=True) as db:
                yield db
            return
        yield self._readers

    @contextmanager
    def _cursor(self) -> Iterator[Database]:
        assert self._root is not None
        cursor = self._root.connection.cursor()
        try:
            yield Database(cursor, "duckdb", self.display_target)
        finally:
            cursor.close()

    @contextmanager
    def writer(self) -> Iterator[Store]:
        if not self.writable:
            raise PermissionError("this server is read-only")
        with self._write_lock:
            if self.postgresql:
                with Store.open(self.target) as store:
                    yield store
                return
            with self._cursor() as db:
                yield Store(db)

    def close(self) -> None:
        if self._readers is not None:
            self._readers.close()
        if self._root is not None:
            self._root.close()


class ThreadCursors(Database):
    """A DuckDB `Database` whose connection is the calling thread's own cursor of `root`, opened on first use."""

    def __init__(self, root: Database, target: str) -> None:  # no super().__init__: `connection` is a property
        self.dialect = "duckdb"
        self.target = target
        self._arrow_schemas = {}
        self._root = root
        self._local = threading.local()
        self._opened: list = []  # every thread's cursor, to close them all at the end
        self._lock = threading.Lock()

    @property
    def connection(self) -> Any:  # type: ignore[override]
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            cursor = self._local.cursor = self._root.connection.cursor()
            with self._lock:
                self._opened.append(cursor)
        return cursor

    def close(self) -> None:
        with self._lock:
            for cursor in self._opened:
                cursor.close()
            self._opened.clear()
