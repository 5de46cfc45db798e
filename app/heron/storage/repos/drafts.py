"""Unsent composer text per conversation (drafts), kept across restarts."""

from __future__ import annotations

import time

from heron.storage.db import Database

MAX_DRAFT = 100_000  # characters; a paste beyond this is kept in the composer, not on disk


class DraftRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def save(self, account: str, peer: str, text: str) -> None:
        """Keep ``text`` as the conversation's draft; empty text removes the draft."""
        if not text.strip():
            await self.db.run(lambda c: c.execute(
                "DELETE FROM drafts WHERE account = ? AND peer = ?", (account, peer)))
            return
        await self.db.run(lambda c: c.execute(
            "INSERT INTO drafts (account, peer, text, updated) VALUES (?,?,?,?) "
            "ON CONFLICT (account, peer) DO UPDATE SET text = excluded.text, "
            "updated = excluded.updated", (account, peer, text[:MAX_DRAFT], time.time())))

    async def load(self, account: str, peer: str) -> str:
        row = await self.db.run(lambda c: c.execute(
            "SELECT text FROM drafts WHERE account = ? AND peer = ?", (account, peer)).fetchone())
        return str(row[0]) if row else ""
