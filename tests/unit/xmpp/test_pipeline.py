"""A batch that cannot be written is kept and written later, not dropped (issue 6, point 4)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from heron.core.bus import EventBus
from heron.core.errors import ErrorKind
from heron.core.events import Direction, ErrorReported, MessagesAdded, NewMessage
from heron.storage.db import Database
from heron.storage.repos.messages import MessageRepo
from heron.xmpp.pipeline import InboundPipeline
from tests.helpers import until
from tests.storage_faults import DiskFull

pytestmark = pytest.mark.asyncio
A, P = "me@example.org", "peer@example.org"


def _incoming(n: int) -> NewMessage:
    return NewMessage(A, P, Direction.INCOMING, f"acked {n}", 1_700_000_000.0 + n,
                      origin_id=f"o{n}")


async def test_a_failed_batch_is_kept_and_stored_when_the_disk_has_room(tmp_path: Path) -> None:
    db = Database(tmp_path / "db.sqlite3")
    await db.open()
    fault = DiskFull(db)
    bus = EventBus()
    added: list[MessagesAdded] = []
    errors: list[ErrorReported] = []
    bus.subscribe(MessagesAdded, added.append)
    bus.subscribe(ErrorReported, errors.append)
    repo = MessageRepo(db)
    pipeline = InboundPipeline(repo, bus)
    pipeline.first_retry_delay = 0.02
    try:
        fault.on = True
        for n in range(3):  # already acknowledged to the server (XEP-0198) on arrival
            pipeline.submit(_incoming(n))
        await until(lambda: fault.refused >= 2)
        await pipeline.drain()  # returns while failing: shutdown must not hang
        assert await repo.page_before(A, P, None, 10) == []
        assert len(errors) == 1 and errors[0].error is not None
        assert errors[0].error.kind is ErrorKind.STORAGE_FAILED
        assert "disk is full" in errors[0].error.detail
        assert "disk is full" not in errors[0].text  # the raw text is for "Details" only
        pipeline.submit(_incoming(3))  # more arrive meanwhile
        fault.on = False
        await until(lambda: sum(len(e.messages) for e in added) == 4)
        await pipeline.drain()
        stored = await repo.page_before(A, P, None, 10)
        assert [m.body for m in stored] == [f"acked {n}" for n in range(4)]
        assert not pipeline.failing
    finally:
        fault.on = False
        await asyncio.sleep(0)
        await db.close()


async def test_a_burst_read_in_slices_is_stored_in_one_batch(tmp_path: Path) -> None:
    """The server's burst reaches the pipeline over several loop turns (the stream is read in
    slices); it is still written as one transaction and announced once, not once per slice."""
    db = Database(tmp_path / "db.sqlite3")
    await db.open()
    bus = EventBus()
    added: list[MessagesAdded] = []
    bus.subscribe(MessagesAdded, added.append)
    pipeline = InboundPipeline(MessageRepo(db), bus)
    pipeline.gather_seconds = 0.5  # generous: ten loop turns take far less
    try:
        for n in range(10):
            pipeline.submit(_incoming(n))
            await asyncio.sleep(0)  # the loop runs between two slices of the burst
        await until(lambda: added)
        await pipeline.drain()
        assert [len(e.messages) for e in added] == [10]
    finally:
        await db.close()


async def test_a_live_copy_of_a_message_just_stored_as_history_is_new_all_the_same(
        tmp_path: Path) -> None:
    """A new profile's first archive page can hold a message that arrives while the page is
    asked for. Stored first from the page (history: no unread count, no notification), its
    live copy is a duplicate, yet the user has not seen it: it is announced as live once."""
    db = Database(tmp_path / "db.sqlite3")
    await db.open()
    bus = EventBus()
    added: list[MessagesAdded] = []
    bus.subscribe(MessagesAdded, added.append)
    pipeline = InboundPipeline(MessageRepo(db), bus)
    try:
        def archived(n: int) -> NewMessage:
            return NewMessage(A, P, Direction.INCOMING, f"message {n}", 1_700_000_000.0 + n,
                              stanza_id=f"archive-{n}")

        await pipeline.store_now([archived(1), archived(2)], live=False)
        assert [e.live for e in added] == [False]
        pipeline.submit(archived(2))  # the live copy of the newest one
        await pipeline.drain()
        live = [m.body for e in added if e.live for m in e.messages]
        assert live == ["message 2"]
        pipeline.submit(archived(2))  # once only: a third copy is a plain duplicate
        await pipeline.drain()
        assert [m.body for e in added if e.live for m in e.messages] == ["message 2"]
        assert len(await MessageRepo(db).page_before(A, P, None, 10)) == 2
    finally:
        await db.close()
