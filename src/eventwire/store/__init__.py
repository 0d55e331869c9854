"""The event database: DuckDB by default, PostgreSQL for a shared server, one schema for both."""

from eventwire.store.database import DEFAULT_PATH, Database, DatabaseError
from eventwire.store.store import Store

__all__ = ["DEFAULT_PATH", "Database", "DatabaseError", "Store"]
