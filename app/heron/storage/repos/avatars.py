"""Contacts' pictures: the files (named by their SHA-1, shared between contacts and accounts)
and which contact has which."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from heron.storage.db import Database


class AvatarRepo:
    def __init__(self, db: Database, folder: Path) -> None:
        self.db = db
        self.folder = folder

    def path_for(self, sha1: str) -> Path:
        return self.folder / sha1

    async def save_file(self, sha1: str, data: bytes) -> Path:
        """Write the picture atomically (a crash leaves no half picture under its name)."""

        def write() -> Path:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            partial = self.folder / f".{sha1}.part"
            partial.write_bytes(data)
            os.replace(partial, self.path_for(sha1))
            return self.path_for(sha1)

        return await asyncio.to_thread(write)

    async def set(self, account: str, jid: str, sha1: str) -> None:
        """``sha1`` "" removes the contact's picture."""
        if not sha1:
            await self.db.run(lambda c: c.execute(
                "DELETE FROM avatars WHERE account = ? AND jid = ?", (account, jid)))
            return
        await self.db.run(lambda c: c.execute(
            "INSERT INTO avatars (account, jid, sha1) VALUES (?,?,?) ON CONFLICT "
            "(account, jid) DO UPDATE SET sha1 = excluded.sha1", (account, jid, sha1)))

    async def all_for(self, account: str) -> dict[str, str]:
        rows = await self.db.run(lambda c: c.execute(
            "SELECT jid, sha1 FROM avatars WHERE account = ?", (account,)).fetchall())
        return {str(jid): str(sha1) for jid, sha1 in rows}

    async def known(self, account: str) -> dict[str, str]:
        """jid -> picture file, for the pictures still on disk (shown before connecting)."""
        hashes = await self.all_for(account)
        return {jid: str(self.path_for(sha1)) for jid, sha1 in hashes.items()
                if self.path_for(sha1).exists()}
