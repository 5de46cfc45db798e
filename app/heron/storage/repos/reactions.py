"""Reactions (XEP-0444), replies (XEP-0461) and earlier versions of corrected messages.

The three hang off a message row (migration 0007). Rows read for the views are annotated here
in one pass per page (:func:`annotate_on`), so every StoredMessage that reaches a view, also
one re-read after a receipt or a correction, carries its reactions, its quote and its history.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from heron.core.events import Quoted, StoredMessage
from heron.storage.db import Database

#: a sender's set is cut to this many reactions: a hostile peer cannot grow a message's row
MAX_REACTIONS_PER_SENDER = 20
#: SQLite's bound on "?" marks is large, but a page is small: chunks keep statements short
_CHUNK = 400


def _marks(n: int) -> str:
    return ",".join("?" * n)


def set_reactions_on(conn: sqlite3.Connection, message_pk: int, sender: str,
                     emojis: Sequence[str], received: float) -> None:
    """Replace ``sender``'s reactions to the message (an empty set clears them)."""
    conn.execute("DELETE FROM reactions WHERE message_pk = ? AND sender = ?",
                 (message_pk, sender))
    unique = list(dict.fromkeys(emojis))[:MAX_REACTIONS_PER_SENDER]
    conn.executemany(
        "INSERT INTO reactions (message_pk, sender, emoji, position, received) "
        "VALUES (?, ?, ?, ?, ?)",
        [(message_pk, sender, emoji, n, received) for n, emoji in enumerate(unique)])


def own_reactions_on(conn: sqlite3.Connection, message_pk: int, sender: str) -> list[str]:
    rows = conn.execute("SELECT emoji FROM reactions WHERE message_pk = ? AND sender = ? "
                        "ORDER BY position", (message_pk, sender)).fetchall()
    return [str(r[0]) for r in rows]


def note_replies_on(conn: sqlite3.Connection, stored: list[StoredMessage],
                    targets: dict[int, str]) -> list[StoredMessage]:
    """Remember which message each new row answers (``targets``: row -> id it names)."""
    conn.executemany("INSERT OR REPLACE INTO replies (message_pk, target_id) VALUES (?, ?)",
                     list(targets.items()))
    return annotate_on(conn, stored)


def keep_version_on(conn: sqlite3.Connection, message_pk: int, corrected_at: float) -> None:
    """Before a correction replaces the text: keep the text it replaces, shown since the
    message came (or since the previous correction) until now."""
    conn.execute(
        "INSERT INTO message_versions (message_pk, since, replaced, body) SELECT pk, "
        "COALESCE((SELECT MAX(replaced) FROM message_versions WHERE message_pk = ?), ts), "
        "?, body FROM messages WHERE pk = ?", (message_pk, corrected_at, message_pk))


def _chunks(items: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def annotate_on(conn: sqlite3.Connection, rows: list[StoredMessage]) -> list[StoredMessage]:
    """The rows with their reactions, the message each answers and their earlier texts."""
    if not rows:
        return rows
    pks = [m.pk for m in rows]
    reactions: dict[int, dict[str, list[str]]] = defaultdict(dict)
    targets: dict[int, str] = {}
    versions: dict[int, list[tuple[float, str]]] = defaultdict(list)
    corrected = [m.pk for m in rows if m.corrected]
    for chunk in _chunks(pks):
        for pk, sender, emoji in conn.execute(
                f"SELECT message_pk, sender, emoji FROM reactions WHERE message_pk IN "  # noqa: S608  placeholders only
                f"({_marks(len(chunk))}) ORDER BY received, position", tuple(chunk)):
            reactions[pk].setdefault(emoji, []).append(sender)
        targets.update(conn.execute(
            f"SELECT message_pk, target_id FROM replies WHERE message_pk IN "  # noqa: S608  placeholders only
            f"({_marks(len(chunk))})", tuple(chunk)).fetchall())
    for chunk in _chunks(corrected):
        for pk, since, body in conn.execute(
                f"SELECT message_pk, since, body FROM message_versions WHERE message_pk IN "  # noqa: S608  placeholders only
                f"({_marks(len(chunk))}) ORDER BY since, rowid", tuple(chunk)):
            versions[pk].append((float(since), str(body)))
    if not (reactions or targets or versions):
        return rows
    return [_annotated(conn, m, reactions.get(m.pk), targets.get(m.pk), versions.get(m.pk))
            for m in rows]


def _annotated(conn: sqlite3.Connection, m: StoredMessage,
               reactions: dict[str, list[str]] | None, target: str | None,
               versions: list[tuple[float, str]] | None) -> StoredMessage:
    if not (reactions or target or versions):
        return m
    return replace(
        m,
        reactions=tuple((e, tuple(s)) for e, s in reactions.items()) if reactions else (),
        reply=_quoted(conn, m, target) if target else None,
        versions=tuple(versions) if versions else ())


def _quoted(conn: sqlite3.Connection, m: StoredMessage, target: str) -> Quoted:
    r = conn.execute(
        "SELECT pk, direction, body, retracted, sender_resource FROM messages WHERE "
        "account = ? AND peer = ? "
        "AND (message_id = ? OR origin_id = ? OR stanza_id = ?) AND pk != ? "  # a room: stanza-id
        "ORDER BY pk DESC LIMIT 1", (m.account, m.peer, target, target, target, m.pk)).fetchone()
    if r is None:
        return Quoted(target)
    return Quoted(target, int(r[0]), r[1] == "out", str(r[2]), bool(r[3]), str(r[4]))


class ReactionRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def set(self, message_pk: int, sender: str, emojis: Sequence[str],
                  received: float) -> None:
        await self.db.run(lambda c: set_reactions_on(c, message_pk, sender, list(emojis),
                                                     received))

    async def of_sender(self, message_pk: int, sender: str) -> list[str]:
        return await self.db.run(lambda c: own_reactions_on(c, message_pk, sender))
