"""Database access for the HTTP server: one cursor per request, one writer at a time.

DuckDB connection objects are not thread-safe, but `connection.cursor()` opens a second
connection to the same database instance that is. FastAPI runs the (sync) endpoints in a
thread pool, so every request gets its own cursor for its reads and closes it afterwards;
nothing is shared between threads but the database instance itself, which DuckDB makes
safe. The file is opened read-only unless the server may write (a write token is set): a
DuckDB file cannot be open read-only and read-write in one process at the same time, so
the writable server reads through cursors of its one read-write connection, and a lock
keeps writes one at a time. PostgreSQL gets a short-lived connection per request.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from eventwire.store import Database, Store


class Connections:
    def __init__(self, target: str, writable: bool) -> None:
        self.target = target
        self.writable = writable
        self.postgresql = target.startswith(("postgresql://", "postgres://"))
        # DuckDB: the one connection that owns the file; PostgreSQL: opened once to check it (and create the schema)
        root = Database.open(target, read_only=not writable)
        self.display_target = root.target  # PostgreSQL URLs come back with the password redacted
        self._root: Database | None = None if self.postgresql else root
        if self.postgresql:
            root.close()
        self._write_lock = threading.Lock()

    @contextmanager
    def reader(self) -> Iterator[Database]:
        if self.postgresql:
            with Database.open(self.target, read_only=True) as db:
                yield db
            return
        with self._cursor() as db:
            yield db

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
        if self._root is not None:
            self._root.close()
