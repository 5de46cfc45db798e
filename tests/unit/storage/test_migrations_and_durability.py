"""Migrations keep data (with a backup first); a SIGKILL never loses a committed message."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from heron.core.events import Direction, NewMessage
from heron.storage.db import Database, SchemaTooNewError, latest_version, migrate
from heron.storage.repos.messages import MessageRepo

APP = str(Path(__file__).resolve().parents[3] / "app")


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}


def test_an_old_database_is_migrated_with_its_data_and_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "heron.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, path, up_to=1) == 1
    assert "outbox" not in _tables(conn)
    conn.execute("INSERT INTO messages (account, peer, direction, body, ts, state) "
                 "VALUES ('a', 'p', 'in', 'kept across versions', 1.0, 'received')")
    conn.execute("INSERT INTO messages (account, peer, direction, body, ts, state) "
                 "VALUES ('a', 'p', 'in', 'read already', 2.0, 'received')")
    conn.execute("INSERT INTO read_markers (account, peer, last_read_pk) VALUES ('a', 'p', 1)")
    conn.close()
    assert not (tmp_path / "heron.sqlite3.bak-v1").exists()

    async def check() -> None:
        db = Database(path)
        await db.open()
        repo = MessageRepo(db)
        version = await db.run(lambda c: c.execute("PRAGMA user_version").fetchone()[0])
        tables = await db.run(_tables)
        assert version == latest_version() >= 3
        assert {"outbox", "roster_meta", "outbox_message", "messages_incoming"} <= tables
        assert "messages_fts_insert" not in tables
        assert [m.body for m in await repo.page_before("a", "p", None, 10)] == [
            "kept across versions", "read already"]
        # The old marker (row 1) became the key (1.0, 1): one unread message left.
        assert await repo.unread_counts("a") == {"p": 1}
        # Rows of v1 are still searchable, new rows too.
        await repo.add_many([NewMessage("a", "p", Direction.INCOMING, "after migration", 3.0)])
        assert [m.body for m in await repo.search("a", "across")] == ["kept across versions"]
        assert [m.body for m in await repo.search("a", "after")] == ["after migration"]
        await db.close()

    asyncio.run(check())
    backup = tmp_path / "heron.sqlite3.bak-v1"
    assert backup.exists()
    with sqlite3.connect(backup) as old:
        assert old.execute("PRAGMA user_version").fetchone()[0] == 1
        assert old.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 2
    # Opening again migrates nothing and writes no new backup.
    backup.unlink()
    db = Database(path)
    db.open_blocking()
    db.close_blocking()
    assert not backup.exists()


def test_a_new_database_gets_no_backup(tmp_path: Path) -> None:
    db = Database(tmp_path / "new.sqlite3")
    db.open_blocking()
    mode = db.run_blocking(lambda c: c.execute("PRAGMA journal_mode").fetchone()[0])
    fks = db.run_blocking(lambda c: c.execute("PRAGMA foreign_keys").fetchone()[0])
    db.close_blocking()
    assert (mode, fks) == ("wal", 1)
    assert [p.name for p in tmp_path.iterdir() if ".bak" in p.name] == []


def test_a_failing_migration_leaves_the_old_version(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "heron.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, path, up_to=1)
    from heron.storage import db as dbmod

    real = dbmod.migration_scripts()
    broken = [*real[:1], (2, real[1][1] + "\nTHIS IS NOT SQL;")]
    monkeypatch.setattr(dbmod, "migration_scripts", lambda: broken)
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "outbox" not in _tables(conn)
    conn.close()


def test_a_database_from_a_newer_heron_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "heron.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    db = Database(path)
    with pytest.raises(SchemaTooNewError):
        db.open_blocking()
    db.close_blocking()


WRITER = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, sys.argv[2])
    from pathlib import Path
    from heron.core.events import Direction, NewMessage
    from heron.storage.db import Database
    from heron.storage.repos.messages import MessageRepo
    db = Database(Path(sys.argv[1])); db.open_blocking(); repo = MessageRepo(db)
    i = 0
    while True:
        batch = [NewMessage("a", "p", Direction.INCOMING, f"m{i}x{k}", time.time(),
                            origin_id=f"{i}-{k}") for k in range(50)]
        repo.add_many_blocking(batch)
        print(i, flush=True)   # only after the commit returned
        i += 1
""")


def test_sigkill_while_writing_loses_nothing_committed(tmp_path: Path) -> None:
    path = tmp_path / "heron.sqlite3"
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(path), APP],
                             stdout=subprocess.PIPE, text=True, env={**os.environ})
    assert child.stdout is not None
    reported: list[int] = []
    deadline = time.monotonic() + 30
    while len(reported) < 30 and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        reported.append(int(line))
    os.kill(child.pid, signal.SIGKILL)  # in the middle of the next batch
    child.wait()
    reported += [int(x) for x in child.stdout.read().split()]
    assert len(reported) >= 30, "the writer did not get going"

    db = Database(path)
    db.open_blocking()
    ok = db.run_blocking(lambda c: c.execute("PRAGMA integrity_check").fetchone()[0])
    ids = db.run_blocking(lambda c: {r[0] for r in c.execute("SELECT origin_id FROM messages")})
    db.run_blocking(lambda c: c.execute(
        "INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)"))
    last = reported[-1]
    hits = db.run_blocking(lambda c: c.execute(
        "SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH ?",
        (f'"m{last}x49"',)).fetchone()[0])
    db.close_blocking()
    assert ok == "ok"
    missing = {f"{i}-{k}" for i in reported for k in range(50)} - ids
    assert missing == set()
    assert hits == 1
    # A batch is all or nothing.
    assert len(ids) % 50 == 0
