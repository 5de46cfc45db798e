"""Rooms (XEP-0045) the account has been in: nick, name, subject, whether it is in them now.

A room's messages are ordinary rows of ``messages`` (peer = the room's bare JID): a row here is
what makes that conversation a room. Autojoin belongs to bookmarks, not to this table.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from heron.core.events import NewMessage
from heron.storage.db import Database


@dataclass(frozen=True, slots=True)
class RoomRow:
    room: str
    nick: str
    name: str
    subject: str
    joined: bool


def note_occupant_on(conn: sqlite3.Connection, pk: int, message: NewMessage) -> None:
    """Inside the message insert's transaction: who sent a room message beyond the nick
    (XEP-0421 occupant-id, the real JID when the room shows it)."""
    conn.execute("UPDATE messages SET occupant_id = ?, sender_jid = ? WHERE pk = ?",
                 (message.occupant_id, message.sender_jid, pk))


def fill_occupant_on(conn: sqlite3.Connection, message: NewMessage) -> None:
    """A room message stored before (from the archive, which may not say who sent it) seen
    again live: what the live copy says about its sender fills what the row lacks."""
    if message.stanza_id:
        where, key = "stanza_id = ?", message.stanza_id
    elif message.origin_id:
        where, key = "origin_id = ?", message.origin_id
    else:
        return
    conn.execute("UPDATE messages SET occupant_id = CASE WHEN occupant_id = '' THEN ? ELSE "  # noqa: S608  one of two fixed clauses
                 "occupant_id END, sender_jid = CASE WHEN sender_jid = '' THEN ? ELSE "
                 f"sender_jid END WHERE account = ? AND peer = ? AND direction = ? AND {where}",
                 (message.occupant_id, message.sender_jid, message.account, message.peer,
                  message.direction.value, key))


class RoomRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def joined(self, account: str, room: str, nick: str, name: str) -> None:
        """We are in ``room`` as ``nick``: remembered (the nick for the next join too)."""
        await self.db.run(lambda c: c.execute(
            "INSERT INTO rooms (account, room, nick, name, joined) VALUES (?, ?, ?, ?, 1) "
            "ON CONFLICT (account, room) DO UPDATE SET nick = excluded.nick, "
            "name = CASE WHEN excluded.name != '' THEN excluded.name ELSE name END, joined = 1",
            (account, room, nick, name)))

    async def newest_archived(self, account: str, room: str) -> str | None:
        """The archive id (stanza-id) of the newest message of ``room`` that has one: where a
        catch-up after a rejoin may stop (xmpp/services/room_catchup.py)."""
        def work(conn: sqlite3.Connection) -> str | None:
            r = conn.execute(
                "SELECT stanza_id FROM messages WHERE account = ? AND peer = ? AND "
                "stanza_id IS NOT NULL ORDER BY ts DESC, pk DESC LIMIT 1",
                (account, room)).fetchone()
            return str(r[0]) if r else None

        return await self.db.run(work)

    async def stamp_of(self, account: str, room: str, stanza_id: str) -> float | None:
        """When the message of ``room`` with archive id ``stanza_id`` was stored as sent."""
        row = await self.db.run(lambda conn: conn.execute(
            "SELECT ts FROM messages WHERE account = ? AND peer = ? AND stanza_id = ? LIMIT 1",
            (account, room, stanza_id)).fetchone())
        return float(row[0]) if row else None

    async def stanza_id_of(self, account: str, room: str, own_id: str) -> str | None:
        """The room's stanza-id of our message whose id (or origin-id) is ``own_id``: what a
        room retraction names (xmpp/services/room_retractions.py)."""
        r = await self.db.run(lambda c: c.execute(
            "SELECT stanza_id FROM messages WHERE account = ? AND peer = ? AND direction = 'out' "
            "AND (message_id = ? OR origin_id = ?) AND stanza_id IS NOT NULL LIMIT 1",
            (account, room, own_id, own_id)).fetchone())
        return str(r[0]) if r else None

    async def left(self, account: str, room: str) -> None:
        await self.db.run(lambda c: c.execute(
            "UPDATE rooms SET joined = 0 WHERE account = ? AND room = ?", (account, room)))

    async def set_subject(self, account: str, room: str, subject: str) -> None:
        await self.db.run(lambda c: c.execute(
            "UPDATE rooms SET subject = ? WHERE account = ? AND room = ?",
            (subject, account, room)))

    async def get(self, account: str, room: str) -> RoomRow | None:
        r = await self.db.run(lambda c: c.execute(
            "SELECT room, nick, name, subject, joined FROM rooms WHERE account = ? AND room = ?",
            (account, room)).fetchone())
        return RoomRow(r[0], r[1], r[2], r[3], bool(r[4])) if r else None

    async def all(self, account: str) -> list[RoomRow]:
        rows = await self.db.run(lambda c: c.execute(
            "SELECT room, nick, name, subject, joined FROM rooms WHERE account = ? "
            "ORDER BY room", (account,)).fetchall())
        return [RoomRow(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows]
