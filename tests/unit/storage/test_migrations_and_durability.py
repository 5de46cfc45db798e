"""Migrations keep data (with a backup first); a SIGKILL never loses a committed message."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from heron.storage.db import Database, latest_version, migrate


def test_an_old_database_is_migrated_with_its_data_and_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "heron.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, path, up_to=1) == 1
    conn.execute("INSERT INTO messages (account, peer, direction, body, ts, state) "
                 "VALUES ('a', 'p', 'in', 'kept across versions', 1.0, 'received')")
    conn.close()

    db = Database(path)
    db.open_blocking()
    version = db.run_blocking(lambda c: c.execute("PRAGMA user_version").fetchone()[0])
    bodies = db.run_blocking(lambda c: c.execute("SELECT body FROM messages").fetchall())
    tables = db.run_blocking(lambda c: {r[0] for r in c.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")})
    db.close_blocking()
    assert version == latest_version() >= 2
    assert bodies == [("kept across versions",)]
    assert "outbox" in tables
    backup = tmp_path / "heron.sqlite3.bak-v1"
    assert backup.exists()
    with sqlite3.connect(backup) as old:
        assert old.execute("PRAGMA user_version").fetchone()[0] == 1


WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from heron.core.events import Direction, NewMessage
    from heron.storage.db import Database
    from heron.storage.repos.messages import MessageRepo
    db = Database(Path(sys.argv[1])); db.open_blocking(); repo = MessageRepo(db)
    i = 0
    while True:
        batch = [NewMessage("a", "p", Direction.INCOMING, f"m{i}-{k}", time.time(),
                            origin_id=f"{i}-{k}") for k in range(50)]
        repo.add_many_blocking(batch)
        print(i, flush=True)   # only after the commit returned
        i += 1
""")


def test_sigkill_while_writing_loses_nothing_committed(tmp_path: Path) -> None:
    path = tmp_path / "heron.sqlite3"
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE,
                             text=True, env={**os.environ})
    assert child.stdout is not None
    committed = -1
    deadline = time.monotonic() + 20
    while committed < 30 and time.monotonic() < deadline:
        committed = int(child.stdout.readline())
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    rest = child.stdout.read().split()
    if rest:
        committed = int(rest[-1])

    db = Database(path)
    db.open_blocking()
    ok = db.run_blocking(lambda c: c.execute("PRAGMA integrity_check").fetchone()[0])
    count = db.run_blocking(lambda c: c.execute("SELECT COUNT(*) FROM messages").fetchone()[0])
    fts = db.run_blocking(lambda c: c.execute(
        "SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH '\"m0\"'").fetchone()[0])
    db.close_blocking()
    assert ok == "ok"
    assert count >= (committed + 1) * 50
    assert fts >= 1
