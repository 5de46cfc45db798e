"""OMEMO identity keys that changed for a known device (migration 0017), per account."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from heron.storage.db import Database


@dataclass(frozen=True, slots=True)
class KeyChange:
    """``owner``'s device ``device_id`` was known with ``old_key``; something now names
    ``new_key`` for it (both Ed25519 identity keys)."""

    owner: str
    device_id: int
    old_key: bytes
    new_key: bytes


class OmemoKeysRepo:
    def __init__(self, db: Database, account: str) -> None:
        self.db = db
        self.account = account

    async def note(self, change: KeyChange) -> None:
        await self.db.run(lambda c: c.execute(
            "INSERT INTO omemo_key_changes (account, owner, device_id, old_key, new_key, seen) "
            "VALUES (?,?,?,?,?,?) ON CONFLICT (account, owner, device_id) DO UPDATE SET "
            "old_key = excluded.old_key, new_key = excluded.new_key, seen = excluded.seen",
            (self.account, change.owner, change.device_id, change.old_key, change.new_key,
             time.time())))

    async def changes(self, owner: str) -> dict[int, KeyChange]:
        """device id -> its refused key change, for one owner."""

        def work(conn: Any) -> list[Any]:
            return list(conn.execute(
                "SELECT device_id, old_key, new_key FROM omemo_key_changes "
                "WHERE account = ? AND owner = ?", (self.account, owner)).fetchall())

        rows = await self.db.run(work)
        return {int(r[0]): KeyChange(owner, int(r[0]), bytes(r[1]), bytes(r[2])) for r in rows}

    async def forget(self, owner: str, device_id: int) -> None:
        await self.db.run(lambda c: c.execute(
            "DELETE FROM omemo_key_changes WHERE account = ? AND owner = ? AND device_id = ?",
            (self.account, owner, device_id)))
