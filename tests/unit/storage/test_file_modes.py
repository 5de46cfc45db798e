"""The profile's database and its WAL companions are readable by the user only."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from heron.application import Heron
from heron.core.paths import ProfilePaths
from heron.storage.db import Database, migrate

pytestmark = pytest.mark.asyncio


@pytest.fixture(autouse=True)
def _usual_umask() -> Iterator[None]:
    """A desktop's usual umask (022): without Heron's care, files would be world-readable."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_a_new_profile_database_and_its_wal_files_are_private(tmp_path: Path) -> None:
    app = Heron(ProfilePaths(tmp_path / "profile"))
    await app.open()
    try:
        await app.db.run(lambda c: c.execute(
            "INSERT INTO roster (account, jid) VALUES ('a@example.org', 'b@example.org')"))
        db = app.paths.database
        files = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]
        assert all(f.exists() for f in files)
        assert {f.name: _mode(f) for f in files} == {f.name: 0o600 for f in files}
    finally:
        await app.close()


async def test_an_existing_readable_database_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    migrate(conn, path, up_to=1)
    conn.execute("INSERT INTO roster (account, jid) VALUES ('a@example.org', 'b@example.org')")
    for name in (path.name, path.name + "-wal", path.name + "-shm"):
        os.chmod(tmp_path / name, 0o644)
    database = Database(path)  # opening migrates it, which writes a backup first
    await database.open()
    try:
        private = [path, *tmp_path.glob("old.sqlite3-*"), *tmp_path.glob("old.sqlite3.bak-*")]
        assert len(private) == 4, private
        assert {p.name: _mode(p) for p in private} == {p.name: 0o600 for p in private}
    finally:
        conn.close()
        await database.close()
