"""One SQLite file per profile, owned by one writer thread.

Every call is a transaction of its own on that thread (commit on success, rollback on error),
so the asyncio loop never blocks on the disk and a killed process loses nothing that was
committed. WAL lets another process read the database while Heron runs.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


def migration_scripts() -> list[tuple[int, str]]:
    """(version, sql) of every numbered migration shipped with Heron, in order."""
    folder = resources.files("heron.storage") / "migrations"
    scripts = []
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            scripts.append((int(name[:4]), entry.read_text(encoding="utf-8")))
    return sorted(scripts)


def latest_version() -> int:
    return migration_scripts()[-1][0]


def migrate(conn: sqlite3.Connection, path: Path | None = None,
            up_to: int | None = None) -> int:
    """Apply missing migrations; back the file up first when it already holds data."""
    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    pending = [(v, sql) for v, sql in migration_scripts()
               if v > current and (up_to is None or v <= up_to)]
    if not pending:
        return current
    if current > 0 and path is not None:
        backup = path.with_name(f"{path.name}.bak-v{current}")
        with sqlite3.connect(backup) as target:
            conn.backup(target)
        log.info("backed up database v%d to %s before migrating", current, backup)
    for version, sql in pending:
        conn.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;")
        log.info("database migrated to v%d", version)
    return pending[-1][0]


class Database:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="heron-db")
        self._conn: sqlite3.Connection | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle -----------------------------------------------------------------------------

    def _open_on_thread(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=True)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute("PRAGMA secure_delete=ON")
        migrate(conn, self.path)
        self._conn = conn
        self._thread = threading.current_thread()

    async def open(self) -> None:
        await asyncio.get_running_loop().run_in_executor(self._executor, self._open_on_thread)

    def open_blocking(self) -> None:
        self._executor.submit(self._open_on_thread).result()

    def _close_on_thread(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    async def close(self) -> None:
        await asyncio.get_running_loop().run_in_executor(self._executor, self._close_on_thread)
        self._executor.shutdown(wait=True)

    def close_blocking(self) -> None:
        self._executor.submit(self._close_on_thread).result()
        self._executor.shutdown(wait=True)

    # --- work ----------------------------------------------------------------------------------

    def _transaction(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        conn = self._conn
        if conn is None:
            raise RuntimeError("database is not open")
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = fn(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return result

    async def run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``fn(connection)`` as one transaction on the writer thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._transaction, fn)

    def run_blocking(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """The same, blocking the caller: start-up and command line only."""
        return self._executor.submit(self._transaction, fn).result()
