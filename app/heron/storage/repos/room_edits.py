"""Corrections, retractions and reactions of room messages (XEP-0308/0424/0444 in XEP-0045).

In a room every incoming message has the same direction and any occupant may reuse another's
message id, so the original is found here by the room's stanza-id (or its id) and then changed
by its row id, after ``policy.room_edit_ok`` compared who sent it with who edits it (the
``occupant_id`` and ``sender_jid`` columns of migration 0013).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass

from heron.core.events import Direction
from heron.storage.db import Database
from heron.storage.repos.reactions import MAX_REACTIONS_PER_SENDER, keep_version_on


@dataclass(frozen=True, slots=True)
class RoomTarget:
    """The room message an edit names, with who sent it."""

    pk: int
    direction: Direction
    body: str
    retracted: bool
    occupant_id: str  # XEP-0421 id, or Heron's token for the nick's stay (room_edits.py)
    sender_jid: str  # real bare JID, when the room showed it


def find_target_on(conn: sqlite3.Connection, account: str, room: str,
                   ref: str) -> RoomTarget | None:
    """The message of ``room`` whose room stanza-id is ``ref`` (XEP-0359, what reactions,
    replies and retractions name in a room); else the newest whose id or origin-id is (what
    corrections name)."""
    columns = "pk, direction, body, retracted, occupant_id, sender_jid"
    r = conn.execute(f"SELECT {columns} FROM messages WHERE account = ? AND peer = ? AND "  # noqa: S608  fixed column list
                     "stanza_id = ? LIMIT 1", (account, room, ref)).fetchone()
    if r is None:
        r = conn.execute(f"SELECT {columns} FROM messages WHERE account = ? AND peer = ? AND "  # noqa: S608  fixed column list
                         "(message_id = ? OR origin_id = ?) ORDER BY pk DESC LIMIT 1",
                         (account, room, ref, ref)).fetchone()
    if r is None:
        return None
    return RoomTarget(int(r[0]), Direction(r[1]), str(r[2]), bool(r[3]), str(r[4]), str(r[5]))


def _reactor_clause(sender: str) -> tuple[str, tuple[str, ...]]:
    """Rows of the same reactor: by occupant-id when the sender carries one ("oid:ID/nick"),
    else the very same sender string."""
    if sender.startswith("oid:") and "/" in sender:
        prefix = sender.split("/", 1)[0] + "/"
        return "substr(sender, 1, ?) = ?", (str(len(prefix)), prefix)
    return "sender = ?", (sender,)


class RoomEditRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def find_target(self, account: str, room: str, ref: str) -> RoomTarget | None:
        return await self.db.run(lambda c: find_target_on(c, account, room, ref))

    async def correct(self, pk: int, body: str) -> None:
        def work(conn: sqlite3.Connection) -> None:
            if conn.execute("SELECT 1 FROM messages WHERE pk = ? AND corrected = 1 AND "
                            "body = ?", (pk, body)).fetchone():
                return  # the same correction again (read back after a crash)
            keep_version_on(conn, pk, time.time())
            conn.execute("UPDATE messages SET body = ?, corrected = 1 WHERE pk = ? AND "
                         "retracted = 0", (body, pk))

        await self.db.run(work)

    async def retract(self, pk: int) -> None:
        """A tombstone: the text is gone (the update trigger takes it out of the index)."""
        def work(conn: sqlite3.Connection) -> None:
            conn.execute("UPDATE messages SET body = '', retracted = 1 WHERE pk = ?", (pk,))
            conn.execute("DELETE FROM outbox WHERE message_pk = ?", (pk,))

        await self.db.run(work, durable=True)

    async def moderate(self, pk: int, reason: str) -> None:
        """XEP-0425: a tombstone that says a moderator removed it, and why (the reason lives
        in ``failure_text``, "moderated" in ``failure_condition``: no column of its own)."""
        def work(conn: sqlite3.Connection) -> None:
            conn.execute("UPDATE messages SET body = '', retracted = 1, failure_condition = "
                         "'moderated', failure_text = ? WHERE pk = ?", (reason, pk))
            conn.execute("DELETE FROM outbox WHERE message_pk = ?", (pk,))

        await self.db.run(work, durable=True)

    async def set_reactions(self, pk: int, sender: str, emojis: Sequence[str]) -> None:
        """Replace the reactor's set (an empty one clears it)."""
        clause, args = _reactor_clause(sender)
        unique = list(dict.fromkeys(emojis))[:MAX_REACTIONS_PER_SENDER]
        now = time.time()

        def work(conn: sqlite3.Connection) -> None:
            conn.execute(f"DELETE FROM reactions WHERE message_pk = ? AND {clause}",  # noqa: S608  a fixed clause
                         (pk, *args))
            conn.executemany(
                "INSERT INTO reactions (message_pk, sender, emoji, position, received) "
                "VALUES (?, ?, ?, ?, ?)",
                [(pk, sender, emoji, n, now) for n, emoji in enumerate(unique)])

        await self.db.run(work)
