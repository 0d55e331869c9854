"""One thin connection type over DuckDB (a file) and PostgreSQL (a server).

Everything above this module writes one dialect: standard SQL with `?` placeholders.
Only three things differ between the two engines, and they are handled here: how to
connect, the placeholder style, and the fastest way to insert many rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from eventwire.store.keys import fill_missing

DEFAULT_PATH = "eventwire.duckdb"
_PLACEHOLDER = re.compile(r"\?")


class DatabaseError(Exception):
    """The database could not be opened or used; the message names it and says why."""


class Database:
    """A connection to an eventwire database: `Database.open("eventwire.duckdb")` or a postgresql:// URL."""

    def __init__(self, connection: Any, dialect: str, target: str) -> None:
        self.connection = connection
        self.dialect = dialect
        self.target = target
        self._arrow_schemas: dict[tuple[str, tuple[str, ...]], Any] = {}

    @classmethod
    def open(cls, target: str | Path = DEFAULT_PATH, read_only: bool = False) -> Database:
        target = str(target)
        if target.startswith(("postgresql://", "postgres://")):
            database = cls(_connect_postgresql(target), "postgresql", _redact(target))
        else:
            database = cls(_connect_duckdb(target, read_only), "duckdb", target)
        if not read_only:
            database.create_schema()
        return database

    def create_schema(self) -> None:
        with self.transaction():
            for statement in schema_statements():
                self.execute(statement)
            fill_missing(self)  # rows of an older database get their derived query columns

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        if self.dialect == "duckdb":
            # a DuckDB cursor is a second connection with its own transaction; stay on this one
            return self.connection.execute(sql, tuple(params))
        cursor = self.connection.cursor()
        cursor.execute(_PLACEHOLDER.sub("%s", sql), tuple(params))
        return cursor

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return self.execute(sql, params).fetchall()

    def dicts(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.execute(sql, params).fetchone()
        return row[0] if row else None

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Insert many rows at once: Arrow for DuckDB, COPY for PostgreSQL (both far faster than row by row)."""
        if not rows:
            return
        if self.dialect == "duckdb":
            self._insert_duckdb(table, columns, rows)
        else:
            self._insert_postgresql(table, columns, rows)

    def _insert_duckdb(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        import pyarrow as pa

        schema = self._arrow_schema(table, columns)
        batch = pa.table([list(col) for col in zip(*rows, strict=True)], schema=schema)
        self.connection.register("_eventwire_rows", batch)
        try:
            self.connection.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT * FROM _eventwire_rows")
        finally:
            self.connection.unregister("_eventwire_rows")

    def _arrow_schema(self, table: str, columns: Sequence[str]) -> Any:
        """Arrow types from the table's own column types, so that all-NULL columns still insert."""
        import pyarrow as pa

        key = (table, tuple(columns))
        if key in self._arrow_schemas:
            return self._arrow_schemas[key]
        sql = "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?"
        kinds = dict(self.rows(sql, [table]))
        arrow = {"VARCHAR": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(), "DOUBLE": pa.float64()}
        arrow |= {"DATE": pa.date32(), "BOOLEAN": pa.bool_(), "TIMESTAMP": pa.timestamp("us")}
        self._arrow_schemas[key] = pa.schema([(c, arrow[kinds[c]]) for c in columns])
        return self._arrow_schemas[key]

    def _insert_postgresql(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        with self.connection.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: a crash (even kill -9) inside leaves none of the block's writes behind."""
        self.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.execute("ROLLBACK")
            raise
        self.execute("COMMIT")

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def schema_statements() -> list[str]:
    text = resources.files("eventwire.store").joinpath("schema.sql").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split("\n;\n") if s.strip()]


def _connect_duckdb(path: str, read_only: bool) -> Any:
    import duckdb

    if read_only and not Path(path).exists():
        raise DatabaseError(f"{path}: no such database file; create it with `eventwire ingest SOURCE --db {path}`")
    try:
        return duckdb.connect(path, read_only=read_only)
    except duckdb.Error as err:
        raise DatabaseError(f"{path}: cannot open the DuckDB file ({_first_line(err)})") from err


def _connect_postgresql(url: str) -> Any:
    try:
        import psycopg
    except ImportError as err:  # pragma: no cover - psycopg is a dependency
        raise DatabaseError("PostgreSQL needs psycopg: pip install 'psycopg[binary]'") from err
    try:
        return psycopg.connect(url, autocommit=True)
    except psycopg.Error as err:
        raise DatabaseError(f"{_redact(url)}: cannot connect to PostgreSQL ({_first_line(err)})") from err


def _redact(url: str) -> str:
    """Never print a password."""
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
