"""OMEMO state of an account: python-omemo's key-value data and the per-chat choice.

Every write goes through the writer thread. What python-omemo writes while it decrypts a
message (the ratchet stepped, a pre key used) is committed in the same transaction as that
message (``add_message``), so a crash can leave neither a stored message whose keys are lost
nor a stepped ratchet whose message is lost (crypto/omemo/storage.py holds those writes).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from heron.core.events import NewMessage, StoredMessage
from heron.storage.db import Database
from heron.storage.repos.messages import add_many_on


@dataclass(frozen=True, slots=True)
class Encryption:
    """How a message travelled: the OMEMO namespace, the sender's device, its trust then
    (python-omemo's trust level name; "" when the message could not be decrypted,
    KEY_CHANGED when it was refused because its device now shows another key)."""

    namespace: str
    device_id: int
    trust: str


KEY_CHANGED = "key-changed"  # the trust of a message refused for a changed key (omemo_keys.py)
OFF_LIST = "off-list"  # ... of one shown from a device not on its owner's list (omemo_off_list)
#: the trusts of a message stored as a placeholder (not decrypted, distrusted, key changed)
NOT_SHOWN = ("", "DISTRUSTED", KEY_CHANGED)
#: an SQL condition on messages ``m``: not such a placeholder. Its words are Heron's, not the
#: sender's, so a text search never matches them (storage/repos/search.py)
#: (tests/unit/test_omemo_failure_text.py keeps it naming NOT_SHOWN)
NOT_A_PLACEHOLDER = (
    "NOT EXISTS (SELECT 1 FROM omemo_messages AS o WHERE o.message_pk = m.pk AND "
    "o.namespace != '' AND o.trust IN ('', 'DISTRUSTED', 'key-changed'))")


class OmemoRepo:
    def __init__(self, db: Database, account: str) -> None:
        self.db = db
        self.account = account

    async def load(self, key: str) -> tuple[bool, Any]:
        """(found, value) of one key."""
        row = await self.db.run(lambda c: c.execute(
            "SELECT value FROM omemo_data WHERE account = ? AND key = ?",
            (self.account, key)).fetchone())
        return (False, None) if row is None else (True, json.loads(row[0]))

    async def write(self, writes: Mapping[str, str | None]) -> None:
        """Keys to JSON text (None: delete), in one transaction."""
        await self.db.run(lambda c: self._write_on(c, writes))

    async def store(self, key: str, value: Any) -> None:
        """One of Heron's own values (not python-omemo's), committed at once."""
        await self.write({key: json.dumps(value, separators=(",", ":"))})

    async def delete(self, key: str) -> None:
        await self.write({key: None})

    def _write_on(self, conn: Any, writes: Mapping[str, str | None]) -> None:
        for key, text in writes.items():
            if text is None:
                conn.execute("DELETE FROM omemo_data WHERE account = ? AND key = ?",
                             (self.account, key))
            else:
                conn.execute(
                    "INSERT INTO omemo_data (account, key, value) VALUES (?,?,?) ON CONFLICT "
                    "(account, key) DO UPDATE SET value = excluded.value",
                    (self.account, key, text))

    async def chat_choice(self, peer: str) -> bool | None:
        """The user's choice for a chat (on/off), None when they never chose."""
        row = await self.db.run(lambda c: c.execute(
            "SELECT enabled FROM omemo_chats WHERE account = ? AND peer = ?",
            (self.account, peer)).fetchone())
        return None if row is None else bool(row[0])

    async def set_chat_choice(self, peer: str, enabled: bool) -> None:
        await self.db.run(lambda c: c.execute(
            "INSERT INTO omemo_chats (account, peer, enabled) VALUES (?,?,?) ON CONFLICT "
            "(account, peer) DO UPDATE SET enabled = excluded.enabled",
            (self.account, peer, int(enabled))))

    async def add_message(self, message: NewMessage, how: Encryption,
                          writes: Mapping[str, str | None] | None = None) -> StoredMessage | None:
        """Store a message that arrived encrypted together with how it was encrypted and
        python-omemo's ``writes`` of its decryption, in one transaction; None when it is
        already stored (deduplicated; the writes are committed all the same)."""

        def work(conn: Any) -> StoredMessage | None:
            self._write_on(conn, writes or {})
            stored = add_many_on(conn, [message])
            if not stored:
                return None
            conn.execute("INSERT OR REPLACE INTO omemo_messages (message_pk, namespace, "
                         "device_id, trust) VALUES (?,?,?,?)",
                         (stored[0].pk, how.namespace, how.device_id, how.trust))
            return stored[0]

        return await self.db.run(work)

    async def already_stored(self, peer: str, stanza_id: str | None,
                             origin_id: str | None, archived_at: float | None = None) -> bool:
        """Whether a message with this stanza-id or origin-id is stored in the chat with
        ``peer``: then it must not be decrypted again (a ratchet steps once per message).
        ``archived_at``: the time our archive gives the message with ``stanza_id``; a copy
        stored live (stamped when it arrived) takes it, so messages stored live before a
        crash and those the catch-up brings after it sort in the archive's order."""
        if not stanza_id and not origin_id:
            return False

        def work(conn: Any) -> bool:
            if archived_at is not None and stanza_id:
                conn.execute("UPDATE messages SET ts = ? WHERE account = ? AND peer = ? AND "
                             "stanza_id = ?", (archived_at, self.account, peer, stanza_id))
            row = conn.execute(
                "SELECT 1 FROM messages WHERE account = ? AND peer = ? AND "
                "(stanza_id = ? OR origin_id = ?) LIMIT 1",
                (self.account, peer, stanza_id or None, origin_id or None)).fetchone()
            return row is not None

        return bool(await self.db.run(work))

    async def note(self, message_pk: int, how: Encryption) -> None:
        """How a message we sent was encrypted."""
        await self.db.run(lambda c: c.execute(
            "INSERT OR REPLACE INTO omemo_messages (message_pk, namespace, device_id, trust) "
            "VALUES (?,?,?,?)", (message_pk, how.namespace, how.device_id, how.trust)))

    async def encryption_in(self, peer: str) -> dict[int, Encryption]:
        """message row -> how it was encrypted, for one conversation."""
        rows = await self.db.run(lambda c: c.execute(
            "SELECT o.message_pk, o.namespace, o.device_id, o.trust FROM omemo_messages o "
            "JOIN messages m ON m.pk = o.message_pk WHERE m.account = ? AND m.peer = ?",
            (self.account, peer)).fetchall())
        return {int(r[0]): Encryption(str(r[1]), int(r[2]), str(r[3])) for r in rows}

    async def encryption_of(self, message_pk: int) -> Encryption | None:
        row = await self.db.run(lambda c: c.execute(
            "SELECT namespace, device_id, trust FROM omemo_messages WHERE message_pk = ?",
            (message_pk,)).fetchone())
        return None if row is None else Encryption(str(row[0]), int(row[1]), str(row[2]))
