"""MAM sync ranges (XEP-0313): what part of an archive (per conversation) we already hold."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from heron.storage.db import Database


@dataclass(frozen=True, slots=True)
class MamRange:
    account: str
    archive: str
    peer: str  # "" for the whole archive (catch-up), else one conversation (history paging)
    oldest_id: str  # "" while unknown
    oldest_ts: float
    newest_id: str  # "" while unknown (or the archive was empty)
    newest_ts: float


class MamRangeRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, account: str, archive: str, peer: str) -> MamRange | None:
        def work(conn: sqlite3.Connection) -> MamRange | None:
            r = conn.execute(
                "SELECT account, archive, peer, oldest_id, oldest_ts, newest_id, newest_ts "
                "FROM mam_ranges WHERE account = ? AND archive = ? AND peer = ?",
                (account, archive, peer)).fetchone()
            return MamRange(*r) if r else None

        return await self.db.run(work)

    async def extend(self, account: str, archive: str, peer: str, *, newest_id: str,
                     newest_ts: float, oldest_id: str | None = None,
                     oldest_ts: float | None = None) -> None:
        """Grow the range: the newest edge moves forward, the oldest edge (when given) moves
        back. An edge never moves the other way, and a known id is never replaced by ""."""
        def work(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO mam_ranges (account, archive, peer, oldest_id, oldest_ts, "
                "newest_id, newest_ts) VALUES (?,?,?,?,?,?,?) "
                "ON CONFLICT (account, archive, peer) DO UPDATE SET "
                "newest_id = excluded.newest_id, newest_ts = excluded.newest_ts "
                "WHERE excluded.newest_id != '' AND (mam_ranges.newest_id = '' OR "
                "excluded.newest_ts >= mam_ranges.newest_ts)",
                (account, archive, peer, oldest_id or "", oldest_ts or 0.0, newest_id,
                 newest_ts))
            if oldest_id:
                conn.execute(
                    "UPDATE mam_ranges SET oldest_id = ?, oldest_ts = ? WHERE account = ? AND "
                    "archive = ? AND peer = ? AND (oldest_id = '' OR oldest_ts >= ?)",
                    (oldest_id, oldest_ts or 0.0, account, archive, peer, oldest_ts or 0.0))

        await self.db.run(work)

    async def clear(self, account: str, archive: str | None = None) -> None:
        """Forget the ranges of an account (or of one archive): the next sync starts over."""
        if archive is None:
            await self.db.run(lambda c: c.execute(
                "DELETE FROM mam_ranges WHERE account = ?", (account,)))
        else:
            await self.db.run(lambda c: c.execute(
                "DELETE FROM mam_ranges WHERE account = ? AND archive = ?", (account, archive)))
