"""The writer thread: one thread, one transaction per call, errors roll back and propagate."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest

from heron.storage.db import Database

pytestmark = pytest.mark.asyncio

INSERT = ("INSERT INTO roster (account, jid) VALUES ('a', ?)")


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM roster").fetchone()[0])


async def test_an_error_rolls_the_whole_call_back_and_propagates(db: Database) -> None:
    def work(conn: sqlite3.Connection) -> None:
        conn.execute(INSERT, ("x@example.org",))
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        await db.run(work)
    assert await db.run(count) == 0
    with pytest.raises(sqlite3.IntegrityError):
        await db.run(lambda c: c.executemany(INSERT, [("y@example.org",), ("y@example.org",)]))
    assert await db.run(count) == 0
    # The connection is usable afterwards; a durable call commits as well.
    await db.run(lambda c: c.execute(INSERT, ("z@example.org",)), durable=True)
    assert await db.run(count) == 1
    assert await db.run(lambda c: c.execute("PRAGMA synchronous").fetchone()[0]) == 1  # NORMAL


async def test_every_call_runs_on_one_thread_off_the_loop(db: Database) -> None:
    names = await asyncio.gather(*(db.run(lambda _c: threading.get_ident())
                                   for _ in range(20)))
    assert len(set(names)) == 1
    assert names[0] != threading.get_ident()
    assert db.run_blocking(lambda _c: threading.get_ident()) == names[0]


async def test_a_commit_is_visible_to_another_reader_at_once(db: Database,
                                                             tmp_path: Path) -> None:
    await db.run(lambda c: c.execute(INSERT, ("r@example.org",)))
    reader = sqlite3.connect(tmp_path / "db.sqlite3")
    try:
        assert count(reader) == 1
    finally:
        reader.close()


async def test_closed_database_refuses_work(tmp_path: Path) -> None:
    database = Database(tmp_path / "db.sqlite3")
    await database.open()
    await database.close()
    await database.close()  # twice is fine
    with pytest.raises(RuntimeError):
        await database.run(count)
    with pytest.raises(RuntimeError):
        database.run_blocking(count)
