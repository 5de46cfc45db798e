"""The conversations list: the newest message of every conversation of an account, and its
draft. One probe of the conversation index per peer (a skip scan), never a scan of every
message: a 100,000-message profile answers in about the time of its number of peers.
"""

from __future__ import annotations

import sqlite3

from heron.core.chats import CHAT, ROOM, ChatSummary, LastMessage
from heron.storage.db import Database

# Peers by a skip scan of messages_by_conversation (as storage.repos.messages._UNREAD); the
# newest row of each through the same index, read backwards; its file row, if any, names it.
_LAST = """
WITH RECURSIVE peers (peer) AS (
    SELECT MIN(peer) FROM messages WHERE account = :account
    UNION ALL
    SELECT (SELECT MIN(m.peer) FROM messages AS m WHERE m.account = :account AND m.peer > p.peer)
    FROM peers AS p WHERE p.peer IS NOT NULL
)
SELECT m.peer, m.ts, m.direction, m.body, m.retracted, f.name, f.mime, m.sender_resource,
       EXISTS (SELECT 1 FROM rooms AS r WHERE r.account = :account AND r.room = m.peer)
FROM peers AS p
JOIN messages AS m ON m.pk = (
    SELECT n.pk FROM messages AS n WHERE n.account = :account AND n.peer = p.peer
    ORDER BY n.ts DESC, n.pk DESC LIMIT 1)
LEFT JOIN files AS f ON f.message_pk = m.pk
WHERE p.peer IS NOT NULL
"""
_DRAFTS = "SELECT peer, text, updated FROM drafts WHERE account = :account"


def recent_on(conn: sqlite3.Connection, account: str) -> list[ChatSummary]:
    """Every conversation of ``account`` with a message or a draft, newest activity first."""
    found: dict[str, ChatSummary] = {}
    for peer, ts, direction, body, retracted, name, mime, nick, room in conn.execute(
            _LAST, {"account": account}):
        sender = nick if room and direction == "in" else ""
        last = LastMessage(body, direction == "out", bool(retracted), name or "", mime or "",
                           sender)
        found[peer] = ChatSummary(account, peer, float(ts), last, kind=ROOM if room else CHAT)
    for peer, text, updated in conn.execute(_DRAFTS, {"account": account}):
        known = found.get(peer)
        ts = max(float(updated), known.ts) if known else float(updated)
        found[peer] = ChatSummary(account, peer, ts, known.last if known else None, text,
                                  known.kind if known else CHAT)
    return sorted(found.values(), key=lambda c: c.ts, reverse=True)


def one_on(conn: sqlite3.Connection, account: str, peer: str) -> ChatSummary | None:
    """The conversation's row as :func:`recent_on` makes it (None: no message, no draft)."""
    r = conn.execute(
        "SELECT m.ts, m.direction, m.body, m.retracted, f.name, f.mime, m.sender_resource "
        "FROM messages AS m "
        "LEFT JOIN files AS f ON f.message_pk = m.pk WHERE m.account = ? AND m.peer = ? "
        "ORDER BY m.ts DESC, m.pk DESC LIMIT 1", (account, peer)).fetchone()
    room = conn.execute("SELECT 1 FROM rooms WHERE account = ? AND room = ?",
                        (account, peer)).fetchone() is not None
    last = LastMessage(r[2], r[1] == "out", bool(r[3]), r[4] or "", r[5] or "",
                       r[6] if room and r[1] == "in" else "") if r else None
    draft = conn.execute("SELECT text, updated FROM drafts WHERE account = ? AND peer = ?",
                         (account, peer)).fetchone()
    if last is None and draft is None:
        return None
    ts = max(float(r[0]) if r else 0.0, float(draft[1]) if draft else 0.0)
    return ChatSummary(account, peer, ts, last, str(draft[0]) if draft else "",
                       ROOM if room else CHAT)


class ChatRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def recent(self, account: str) -> list[ChatSummary]:
        return await self.db.run(lambda c: recent_on(c, account))

    async def one(self, account: str, peer: str) -> ChatSummary | None:
        return await self.db.run(lambda c: one_on(c, account, peer))
