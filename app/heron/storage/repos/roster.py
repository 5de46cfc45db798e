"""The roster cache (RFC 6121, roster versioning XEP-0237): shown at start-up before the server
answers."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from heron.core.events import RosterEntry
from heron.storage.db import Database

_UPSERT = ("INSERT INTO roster (account, jid, name, groups, subscription, ask) "
           "VALUES (?,?,?,?,?,?) ON CONFLICT (account, jid) DO UPDATE SET name = excluded.name, "
           "groups = excluded.groups, subscription = excluded.subscription, ask = excluded.ask")
_SET_VERSION = ("INSERT INTO roster_meta (account, version) VALUES (?, ?) ON CONFLICT (account) "
                "DO UPDATE SET version = excluded.version")
_NO_GROUPS = "[]"


def _params(account: str, e: RosterEntry) -> tuple[str, str, str, str, str, int]:
    groups = json.dumps(list(e.groups), ensure_ascii=False) if e.groups else _NO_GROUPS
    return (account, e.jid, e.name, groups, e.subscription, int(e.ask))


def _load(conn: sqlite3.Connection, account: str) -> list[RosterEntry]:
    rows = conn.execute("SELECT jid, name, groups, subscription, ask FROM roster "
                        "WHERE account = ? ORDER BY jid", (account,)).fetchall()
    # Many contacts share a group list: parse each distinct one once.
    parsed: dict[str, tuple[str, ...]] = {_NO_GROUPS: ()}
    out: list[RosterEntry] = []
    append = out.append
    for jid, name, groups, subscription, ask in rows:
        group_tuple = parsed.get(groups)
        if group_tuple is None:
            group_tuple = parsed[groups] = tuple(json.loads(groups))
        append(RosterEntry(jid, name, group_tuple, subscription, bool(ask)))
    return out


class RosterRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def replace_all(self, account: str, entries: Sequence[RosterEntry],
                          version: str | None = None) -> None:
        """The whole roster from the server; with ``version`` the roster version is stored
        in the same transaction (so cache and version can never disagree)."""
        params = [_params(account, e) for e in entries]

        def work(conn: sqlite3.Connection) -> None:
            conn.execute("DELETE FROM roster WHERE account = ?", (account,))
            conn.executemany(_UPSERT, params)
            if version is not None:
                conn.execute(_SET_VERSION, (account, version))

        await self.db.run(work)

    async def upsert(self, account: str, entry: RosterEntry,
                     version: str | None = None) -> None:
        """A roster push: one entry added or changed (and the new version, when given)."""
        def work(conn: sqlite3.Connection) -> None:
            conn.execute(_UPSERT, _params(account, entry))
            if version is not None:
                conn.execute(_SET_VERSION, (account, version))

        await self.db.run(work)

    async def remove(self, account: str, jid: str, version: str | None = None) -> None:
        """A roster push with subscription='remove' (and the new version, when given)."""
        def work(conn: sqlite3.Connection) -> None:
            conn.execute("DELETE FROM roster WHERE account = ? AND jid = ?", (account, jid))
            if version is not None:
                conn.execute(_SET_VERSION, (account, version))

        await self.db.run(work)

    async def load(self, account: str) -> list[RosterEntry]:
        """The cached roster, ordered by JID."""
        return await self.db.run(lambda c: _load(c, account))

    def load_blocking(self, account: str) -> list[RosterEntry]:
        """The same, blocking the caller: start-up paints the cached roster with it."""
        return self.db.run_blocking(lambda c: _load(c, account))

    async def get_version(self, account: str) -> str:
        """The stored roster version ("" when none: ask the server for the full roster)."""
        def work(conn: sqlite3.Connection) -> str:
            r = conn.execute("SELECT version FROM roster_meta WHERE account = ?",
                             (account,)).fetchone()
            return str(r[0]) if r else ""

        return await self.db.run(work)

    async def set_version(self, account: str, version: str) -> None:
        await self.db.run(lambda c: c.execute(_SET_VERSION, (account, version)))
