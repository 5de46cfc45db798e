"""Removing an account "with its history" leaves nothing of it on this computer: every table
that stores something per account is emptied for it (a new table must be added to the list,
or this fails), and the other accounts keep theirs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from heron.storage.db import connect, migrate
from heron.storage.repos.accounts import _DELETES, delete_account_data


def _tables_with_accounts(conn: sqlite3.Connection) -> set[str]:
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'messages_fts%'")]
    return {t for t in tables
            if any(col[1] == "account" for col in conn.execute(f"PRAGMA table_info({t})"))}


def test_every_per_account_table_is_emptied(tmp_path: Path) -> None:
    conn = connect(tmp_path / "db.sqlite3")
    migrate(conn)
    for account in ("gone@example.org", "kept@example.org"):
        conn.execute("INSERT INTO drafts VALUES (?, 'bob@example.org', 'unsent', 1.0)",
                     (account,))
        conn.execute("INSERT INTO retractions VALUES (?, 'bob@example.org', 'in', 'id1', 1.0)",
                     (account,))
    delete_account_data(conn, "gone@example.org")
    left = {t: conn.execute(f"SELECT count(*) FROM {t} WHERE account = 'gone@example.org'")  # noqa: S608  table names from sqlite_master
            .fetchone()[0] for t in _tables_with_accounts(conn)}
    assert left == dict.fromkeys(left, 0)
    assert "drafts" in left and "retractions" in left
    # A table added later (with no rows in this test) is on the list too.
    emptied = {statement.split()[2] for statement in _DELETES}
    assert _tables_with_accounts(conn) - emptied == set()
    kept = conn.execute("SELECT text FROM drafts WHERE account = 'kept@example.org'").fetchall()
    assert kept == [("unsent",)]
