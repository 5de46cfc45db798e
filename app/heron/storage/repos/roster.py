"""The roster cache: shown at start-up before the server answers."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from heron.core.events import RosterEntry
from heron.storage.db import Database


def _entry(r: tuple) -> RosterEntry:  # type: ignore[type-arg]
    return RosterEntry(jid=r[0], name=r[1], groups=tuple(json.loads(r[2])), subscription=r[3],
                       ask=bool(r[4]))


def _params(account: str, e: RosterEntry) -> tuple[str, str, str, str, str, int]:
    return (account, e.jid, e.name, json.dumps(list(e.groups)), e.subscription, int(e.ask))


_UPSERT = ("INSERT INTO roster (account, jid, name, groups, subscription, ask) "
           "VALUES (?,?,?,?,?,?) ON CONFLICT (account, jid) DO UPDATE SET name = excluded.name, "
           "groups = excluded.groups, subscription = excluded.subscription, ask = excluded.ask")


class RosterRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def replace_all(self, account: str, entries: Sequence[RosterEntry]) -> None:
        def work(conn: sqlite3.Connection) -> None:
            conn.execute("DELETE FROM roster WHERE account = ?", (account,))
            conn.executemany(_UPSERT, [_params(account, e) for e in entries])

        await self.db.run(work)

    async def upsert(self, account: str, entry: RosterEntry) -> None:
        await self.db.run(lambda c: c.execute(_UPSERT, _params(account, entry)))

    async def remove(self, account: str, jid: str) -> None:
        await self.db.run(lambda c: c.execute(
            "DELETE FROM roster WHERE account = ? AND jid = ?", (account, jid)))

    @staticmethod
    def _load(conn: sqlite3.Connection, account: str) -> list[RosterEntry]:
        rows = conn.execute("SELECT jid, name, groups, subscription, ask FROM roster "
                            "WHERE account = ?", (account,)).fetchall()
        return [_entry(r) for r in rows]

    async def load(self, account: str) -> list[RosterEntry]:
        return await self.db.run(lambda c: self._load(c, account))

    def load_blocking(self, account: str) -> list[RosterEntry]:
        return self.db.run_blocking(lambda c: self._load(c, account))

    async def get_version(self, account: str) -> str:
        def work(conn: sqlite3.Connection) -> str:
            r = conn.execute("SELECT version FROM roster_meta WHERE account = ?",
                             (account,)).fetchone()
            return str(r[0]) if r else ""

        return await self.db.run(work)

    async def set_version(self, account: str, version: str) -> None:
        await self.db.run(lambda c: c.execute(
            "INSERT INTO roster_meta (account, version) VALUES (?, ?) ON CONFLICT (account) "
            "DO UPDATE SET version = excluded.version", (account, version)))
