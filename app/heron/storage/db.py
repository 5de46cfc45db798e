"""One SQLite file per profile, owned by one writer thread.

Every call is a transaction of its own on that thread (commit on success, rollback on error),
so the asyncio loop never blocks on the disk and a killed process loses nothing that was
committed: in WAL mode a commit is in the WAL file (the OS page cache at least) before
``run()`` returns, which survives SIGKILL. ``synchronous=NORMAL`` leaves the last commits
exposed only to a power cut or OS crash; transitions that must survive even that (the outbox)
pass ``durable=True`` and are fsynced. WAL lets another process read the database while Heron
runs.

Schema changes are numbered SQL files in ``migrations/`` (``0001_initial.sql``, ...), tracked
with ``PRAGMA user_version``; an existing database is copied to ``<name>.bak-v<old>`` (SQLite
backup API) before it is migrated.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

BUSY_TIMEOUT_MS = 5000
#: The database holds the user's messages: only the user may read it (like settings.json).
PRIVATE_MODE = 0o600
#: SQLite's companion files in WAL mode; SQLite creates them with the database file's mode.
COMPANIONS = ("-wal", "-shm")


class SchemaTooNewError(RuntimeError):
    """The file was written by a newer Heron; opening it here could damage it."""


def migration_scripts() -> list[tuple[int, str]]:
    """(version, sql) of every numbered migration shipped with Heron, in order."""
    folder = resources.files("heron.storage") / "migrations"
    scripts: list[tuple[int, str]] = []
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            scripts.append((int(name[:4]), entry.read_text(encoding="utf-8")))
    scripts.sort()
    versions = [v for v, _ in scripts]
    if versions != list(range(1, len(versions) + 1)):
        raise RuntimeError(f"migrations must be numbered 1, 2, 3 ... without gaps: {versions}")
    return scripts


def latest_version() -> int:
    return migration_scripts()[-1][0]


def make_private(path: Path) -> None:
    """Create ``path`` (empty) readable by its owner only, or take others' access away from
    an existing one, and from its WAL companions. Before SQLite opens it: SQLite gives new
    -wal and -shm files the database's mode."""
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_MODE))
    for candidate in (path, *(path.with_name(path.name + s) for s in COMPANIONS)):
        if candidate.exists() and candidate.stat().st_mode & 0o777 != PRIVATE_MODE:
            os.chmod(candidate, PRIVATE_MODE)


def backup_to(conn: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of the open database (SQLite backup API), written atomically."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    make_private(partial)
    copy = sqlite3.connect(partial)
    try:
        conn.backup(copy)
    finally:
        copy.close()
    os.replace(partial, target)


def migrate(conn: sqlite3.Connection, path: Path | None = None, up_to: int | None = None) -> int:
    """Apply missing migrations, each in its own transaction; returns the version reached.

    ``conn`` must be in autocommit mode (``isolation_level=None``). When the database already
    has a schema (``user_version > 0``) and ``path`` is given, it is backed up first to
    ``<path>.bak-v<old>``. A failing migration is rolled back and the error propagates.
    """
    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    scripts = migration_scripts()
    if current > scripts[-1][0]:
        raise SchemaTooNewError(
            f"the database is at schema v{current}, this Heron knows up to v{scripts[-1][0]}")
    pending = [(v, sql) for v, sql in scripts if v > current and (up_to is None or v <= up_to)]
    if not pending:
        return current
    if current > 0 and path is not None:
        backup = path.with_name(f"{path.name}.bak-v{current}")
        backup_to(conn, backup)
        log.info("backed up database v%d to %s before migrating", current, backup)
    for version, sql in pending:
        try:
            # executescript() commits first; the BEGIN makes the script and the version one
            # transaction, so a crash in the middle leaves the previous version intact.
            conn.executescript(f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {version};\n"
                               "COMMIT;")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        log.info("database migrated to v%d", version)
    return pending[-1][0]


def connect(path: Path) -> sqlite3.Connection:
    """A connection with Heron's pragmas, in autocommit mode (transactions are explicit)."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=True)
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise RuntimeError(f"SQLite refused WAL mode for {path} (got {mode!r})")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA secure_delete=ON")
    except BaseException:
        conn.close()
        raise
    return conn


class Database:
    """The profile's database: ``await db.open()``, then ``await db.run(fn)``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="heron-db")
        self._conn: sqlite3.Connection | None = None
        self._thread: threading.Thread | None = None
        self._closed = False

    # --- lifecycle -----------------------------------------------------------------------------

    def _open_on_thread(self) -> None:
        if self._conn is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        make_private(self.path)
        conn = connect(self.path)
        try:
            migrate(conn, self.path)
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        self._thread = threading.current_thread()

    async def open(self) -> None:
        """Open the file and bring the schema up to date (backing it up first if needed)."""
        await asyncio.get_running_loop().run_in_executor(self._executor, self._open_on_thread)

    def open_blocking(self) -> None:
        self._submit(self._open_on_thread)

    def _close_on_thread(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.execute("PRAGMA optimize")
            except sqlite3.Error:  # best effort; the data is already committed
                log.debug("PRAGMA optimize failed", exc_info=True)
            conn.close()

    async def close(self) -> None:
        if self._closed:
            return
        await asyncio.get_running_loop().run_in_executor(self._executor, self._close_on_thread)
        self._shutdown()

    def close_blocking(self) -> None:
        if self._closed:
            return
        self._submit(self._close_on_thread)
        self._shutdown()

    def _shutdown(self) -> None:
        self._closed = True
        self._executor.shutdown(wait=True)

    # --- work ----------------------------------------------------------------------------------

    def _submit(self, fn: Callable[[], T]) -> T:
        if self._closed:
            raise RuntimeError("database is closed")
        return self._executor.submit(fn).result()

    def _transaction(self, fn: Callable[[sqlite3.Connection], T], durable: bool) -> T:
        conn = self._conn
        if conn is None:
            raise RuntimeError("database is not open")
        if durable:
            conn.execute("PRAGMA synchronous=FULL")
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = fn(conn)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        finally:
            if durable:
                conn.execute("PRAGMA synchronous=NORMAL")
        return result

    async def run(self, fn: Callable[[sqlite3.Connection], T], *, durable: bool = False) -> T:
        """Run ``fn(connection)`` as one transaction on the writer thread.

        Commit when it returns, roll back (and re-raise) when it raises. ``fn`` must not
        commit, roll back or keep the connection. ``durable=True`` fsyncs the commit
        (``synchronous=FULL``) so it survives a power cut, not only a killed process.
        """
        if self._closed:
            raise RuntimeError("database is closed")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._transaction, fn, durable)

    def run_blocking(self, fn: Callable[[sqlite3.Connection], T], *,
                     durable: bool = False) -> T:
        """The same, blocking the caller: start-up and command line only."""
        return self._submit(lambda: self._transaction(fn, durable))
