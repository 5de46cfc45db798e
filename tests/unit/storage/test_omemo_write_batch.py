"""python-omemo's writes during a decryption: held, read back, and committed with the message
(crypto/omemo/storage.py, storage/repos/omemo.py), on a real migrated database."""

from __future__ import annotations

import asyncio

import pytest

from heron.core.events import Direction, NewMessage
from heron.crypto.omemo.storage import SqliteStorage, WriteBatch
from heron.storage.db import Database
from heron.storage.repos.omemo import Encryption, OmemoRepo

pytestmark = pytest.mark.asyncio
A, P = "me@example.org", "peer@example.org"
SESSION = "/oldmemo/sessions/peer@example.org/7"
HOW = Encryption("eu.siacs.conversations.axolotl", 7, "BLINDLY_TRUSTED")


def message(body: str, stanza_id: str) -> NewMessage:
    return NewMessage(account=A, peer=P, direction=Direction.INCOMING, body=body,
                      timestamp=1_700_000_000.0, stanza_id=stanza_id)


async def on_disk(db: Database, key: str) -> str | None:
    row = await db.run(lambda c: c.execute(
        "SELECT value FROM omemo_data WHERE account = ? AND key = ?", (A, key)).fetchone())
    return None if row is None else str(row[0])


async def stored_bodies(db: Database) -> list[str]:
    rows = await db.run(lambda c: c.execute("SELECT body FROM messages ORDER BY pk").fetchall())
    return [str(r[0]) for r in rows]


async def test_writes_of_a_decryption_reach_the_disk_only_with_its_message(
        db: Database) -> None:
    repo = OmemoRepo(db, A)
    storage = SqliteStorage(repo)
    await storage.store(SESSION, {"step": 1})
    await storage.store("/oldmemo/pre_keys/5", "key")
    batch = WriteBatch()
    with storage.collecting(batch):
        await storage.store(SESSION, {"step": 2})  # the ratchet stepped
        await storage.delete("/oldmemo/pre_keys/5")  # the pre key used
    # python-omemo reads what it wrote; the disk still has the state before the message
    assert (await storage.load(SESSION)).from_just() == {"step": 2}
    assert (await storage.load("/oldmemo/pre_keys/5")).is_nothing
    assert await on_disk(db, SESSION) == '{"step":1}'
    assert await on_disk(db, "/oldmemo/pre_keys/5") == '"key"'
    fresh = SqliteStorage(repo)  # no cache: _load itself looks into the open batch
    fresh.open = batch
    assert (await fresh.load(SESSION)).from_just() == {"step": 2}

    stored = await repo.add_message(message("the text", "s1"), HOW, batch.writes)
    assert stored is not None
    assert await stored_bodies(db) == ["the text"]
    assert await on_disk(db, SESSION) == '{"step":2}'
    assert await on_disk(db, "/oldmemo/pre_keys/5") is None


async def test_a_duplicate_message_still_commits_the_writes(db: Database) -> None:
    repo = OmemoRepo(db, A)
    storage = SqliteStorage(repo)
    assert await repo.add_message(message("the text", "s1"), HOW) is not None
    batch = WriteBatch()
    with storage.collecting(batch):
        await storage.store(SESSION, {"step": 3})
    assert await repo.add_message(message("the text", "s1"), HOW, batch.writes) is None
    assert await stored_bodies(db) == ["the text"]
    assert await on_disk(db, SESSION) == '{"step":3}'


async def test_a_newer_write_from_elsewhere_is_not_undone_by_the_held_one(
        db: Database) -> None:
    """A message encrypted (in another task) while a decryption's writes are held steps the
    same session further and is written at once; the commit of the held, older value must not
    take the sending chain back (a later message would reuse its keys)."""
    repo = OmemoRepo(db, A)
    storage = SqliteStorage(repo)
    go = asyncio.Event()

    async def encrypt() -> None:  # another task, started before: no batch of its own
        await go.wait()
        await storage.store(SESSION, {"step": 2, "sent": 1})

    encrypting = asyncio.ensure_future(encrypt())
    batch = WriteBatch()
    with storage.collecting(batch):
        await storage.store(SESSION, {"step": 2})
        go.set()  # it encrypts while the decryption's task still collects
        await encrypting
    assert await on_disk(db, SESSION) == '{"step":2,"sent":1}'
    await repo.add_message(message("the text", "s1"), HOW, batch.writes)
    storage.close(batch)
    assert await on_disk(db, SESSION) == '{"step":2,"sent":1}'
    assert (await SqliteStorage(repo).load(SESSION)).from_just() == {"step": 2, "sent": 1}


async def test_a_late_write_of_a_task_started_during_the_decryption_reaches_the_disk(
        db: Database) -> None:
    """A task started inside the decryption inherits its batch; once the batch is committed,
    what that task writes must not be held in it any longer (nobody would commit it)."""
    repo = OmemoRepo(db, A)
    storage = SqliteStorage(repo)
    go = asyncio.Event()

    async def later() -> None:
        await go.wait()
        await storage.store("/trust/peer", "TRUSTED")

    batch = WriteBatch()
    with storage.collecting(batch):
        await storage.store(SESSION, {"step": 2})
        task = asyncio.ensure_future(later())  # copies this task's context, batch and all
    await repo.add_message(message("the text", "s1"), HOW, batch.writes)
    storage.close(batch)
    go.set()
    await task
    assert await on_disk(db, "/trust/peer") == '"TRUSTED"'
