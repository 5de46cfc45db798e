"""A conversation's history as a whole: the window around one message (a search hit, a date, a
quote), newer pages, the first message of a day, deleting it locally, and search (see
search.py). Every call runs on the database thread; every page is found by its (ts, pk) key
through the conversation index, so a message years back costs what the newest does.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from heron.core.events import StoredMessage
from heron.core.search_query import SearchQuery
from heron.storage.db import Database
from heron.storage.repos.cleared import mark_cleared_on
from heron.storage.repos.messages import _COLUMNS, MessageRepo, _row
from heron.storage.repos.search import SearchPage, conversation_matches_on, search_on


@dataclass(frozen=True, slots=True)
class Around:
    """The rows around a message, oldest first; ``older_end``/``newer_end``: nothing stored
    beyond that side."""

    rows: list[StoredMessage]
    older_end: bool
    newer_end: bool


def around_on(conn: sqlite3.Connection, pk: int, before: int, after: int) -> Around | None:
    target = conn.execute(f"SELECT {_COLUMNS} FROM messages WHERE pk = ?",  # noqa: S608  fixed column list
                          (pk,)).fetchone()
    if target is None:
        return None
    middle = _row(target)
    older = conn.execute(
        f"SELECT {_COLUMNS} FROM messages WHERE account = ? AND peer = ? AND (ts, pk) < (?, ?) "  # noqa: S608  fixed column list
        "ORDER BY ts DESC, pk DESC LIMIT ?",
        (middle.account, middle.peer, target[5], pk, before + 1)).fetchall()
    newer = conn.execute(
        f"SELECT {_COLUMNS} FROM messages WHERE account = ? AND peer = ? AND (ts, pk) > (?, ?) "  # noqa: S608  fixed column list
        "ORDER BY ts, pk LIMIT ?",
        (middle.account, middle.peer, target[5], pk, after + 1)).fetchall()
    rows = [_row(r) for r in reversed(older[:before])] + [middle] + [
        _row(r) for r in newer[:after]]
    return Around(rows, len(older) <= before, len(newer) <= after)


def delete_conversation_on(conn: sqlite3.Connection, account: str, peer: str) -> int:
    """Every message of the conversation on this computer (its outbox entries and read marker
    too; the full-text rows go by trigger). The server's archive is not touched; the
    conversation's "cleared" mark keeps what comes again from it out (see cleared.py)."""
    mark_cleared_on(conn, account, peer)
    conn.execute("DELETE FROM outbox WHERE message_pk IN (SELECT pk FROM messages WHERE "
                 "account = ? AND peer = ?)", (account, peer))
    conn.execute("DELETE FROM read_markers WHERE account = ? AND peer = ?", (account, peer))
    conn.execute("DELETE FROM retractions WHERE account = ? AND peer = ?", (account, peer))
    return conn.execute("DELETE FROM messages WHERE account = ? AND peer = ?",
                        (account, peer)).rowcount


class History:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._messages = MessageRepo(db)

    async def search(self, query: SearchQuery, limit: int = 50,
                     before_pk: int | None = None) -> SearchPage:
        """Every conversation of every account: one page of hits, newest first."""
        return await self.db.run(lambda c: search_on(c, query, limit, before_pk=before_pk))

    async def conversation_matches(self, query: SearchQuery, account: str,
                                   peer: str) -> list[tuple[float, int]]:
        return await self.db.run(lambda c: conversation_matches_on(c, query, account, peer))

    async def around(self, pk: int, before: int, after: int) -> Around | None:
        return await self.db.run(lambda c: around_on(c, pk, before, after))

    async def page_after(self, account: str, peer: str, after: tuple[float, int],
                         limit: int) -> list[StoredMessage]:
        """The ``limit`` messages just newer than the key ``after``, oldest first."""
        return await self._messages.page_after(account, peer, after, limit)

    async def first_from(self, account: str, peer: str, ts: float) -> int | None:
        """The first message at or after ``ts`` (a day's midnight), else the newest before."""
        def work(conn: sqlite3.Connection) -> int | None:
            r = conn.execute("SELECT pk FROM messages WHERE account = ? AND peer = ? AND ts >= ? "
                             "ORDER BY ts, pk LIMIT 1", (account, peer, ts)).fetchone()
            if r is None:
                r = conn.execute("SELECT pk FROM messages WHERE account = ? AND peer = ? "
                                 "ORDER BY ts DESC, pk DESC LIMIT 1", (account, peer)).fetchone()
            return int(r[0]) if r else None

        return await self.db.run(work)

    async def delete_conversation(self, account: str, peer: str) -> int:
        return await self.db.run(lambda c: delete_conversation_on(c, account, peer),
                                 durable=True)
