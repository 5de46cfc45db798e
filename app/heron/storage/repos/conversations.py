"""Who the account has conversations with, beyond its roster."""

from __future__ import annotations

from heron.storage.db import Database


class ConversationRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def peers_who_wrote(self, account: str) -> set[str]:
        """Every address that sent the account a message (read from the incoming index)."""
        rows = await self.db.run(lambda c: c.execute(
            "SELECT DISTINCT peer FROM messages WHERE account = ? AND direction = 'in' "
            "AND peer NOT IN (SELECT room FROM rooms WHERE account = ?)",  # rooms: not people
            (account, account)).fetchall())
        return {str(peer) for (peer,) in rows}
