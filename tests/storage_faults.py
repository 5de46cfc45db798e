"""An injected storage failure: the database refuses every write as a full disk does.

Reads keep working (as they do on a full disk); every INSERT/UPDATE/DELETE raises the error
SQLite raises there (``SQLITE_FULL``: ``sqlite3.OperationalError: database or disk is full``).
The fault sits in the writer thread, under every repository, so the code under test meets it
exactly where a real full disk would stop it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from heron.storage.db import Database

T = TypeVar("T")
_WRITES = ("insert", "update", "delete", "replace")


class _FullDisk:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    @staticmethod
    def _check(sql: str) -> None:
        if sql.lstrip().lower().startswith(_WRITES):
            raise sqlite3.OperationalError("database or disk is full")

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self._conn.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self._conn.executemany(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


class DiskFull:
    """``fault = DiskFull(db)``; ``fault.on = True`` until the disk has room again."""

    def __init__(self, db: Database) -> None:
        self.on = False
        self.refused = 0
        original: Callable[..., Any] = db._transaction

        def transaction(fn: Callable[[sqlite3.Connection], T], durable: bool) -> T:
            if not self.on:
                return original(fn, durable)  # type: ignore[no-any-return]

            def refusing(conn: sqlite3.Connection) -> T:
                try:
                    return fn(_FullDisk(conn))  # type: ignore[arg-type]
                except sqlite3.OperationalError:
                    self.refused += 1
                    raise

            return original(refusing, durable)  # type: ignore[no-any-return]

        db._transaction = transaction  # type: ignore[method-assign]
