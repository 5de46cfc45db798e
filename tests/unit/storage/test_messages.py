"""Messages on disk: dedup by XEP-0359 ids, keyset paging, search, receipts, corrections."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from heron.core.events import DeliveryState, Direction, NewMessage
from heron.storage.db import Database
from heron.storage.repos.messages import MessageRepo

A, P = "me@example.org", "peer@example.org"


def msg(body: str, ts: float = 1.0, **kw: object) -> NewMessage:
    values: dict = {"account": A, "peer": P, "direction": Direction.INCOMING, "body": body,
                    "timestamp": ts}
    values.update(kw)
    return NewMessage(**values)


@pytest_asyncio.fixture
async def repo(tmp_path: Path) -> AsyncIterator[MessageRepo]:
    db = Database(tmp_path / "db.sqlite3")
    await db.open()
    yield MessageRepo(db)
    await db.close()


pytestmark = pytest.mark.asyncio


async def test_same_stanza_id_or_origin_id_is_stored_once(repo: MessageRepo) -> None:
    first = await repo.add_many([msg("a", stanza_id="s1"), msg("b", origin_id="o1")])
    again = await repo.add_many([msg("a", stanza_id="s1"), msg("b", origin_id="o1"),
                                 msg("c", stanza_id="s2")])
    assert [m.body for m in first] == ["a", "b"]
    assert [m.body for m in again] == ["c"]
    assert [m.body for m in await repo.page_before(A, P, None, 10)] == ["a", "b", "c"]


async def test_live_then_archive_copy_becomes_one_row(repo: MessageRepo) -> None:
    await repo.add_many([msg("hi", origin_id="o9")])
    added = await repo.add_many([msg("hi", origin_id="o9", stanza_id="arch-1")])
    assert added == []
    rows = await repo.page_before(A, P, None, 10)
    assert len(rows) == 1 and rows[0].stanza_id == "arch-1"


async def test_origin_id_is_per_direction(repo: MessageRepo) -> None:
    await repo.add_many([msg("in", origin_id="same")])
    out = await repo.add_many([msg("out", origin_id="same", direction=Direction.OUTGOING)])
    assert len(out) == 1


async def test_keyset_paging_with_equal_timestamps(repo: MessageRepo) -> None:
    await repo.add_many([msg(f"m{i:03d}", ts=float(i // 10)) for i in range(95)])
    seen: list[str] = []
    before = None
    while True:
        page = await repo.page_before(A, P, before, 20)
        if not page:
            break
        seen = [m.body for m in page] + seen
        before = page[0].key
    assert seen == [f"m{i:03d}" for i in range(95)]


async def test_search_finds_corrected_text_only(repo: MessageRepo) -> None:
    [original] = await repo.add_many([msg("the old wording", message_id="x1")])
    await repo.apply_correction(A, P, Direction.INCOMING, "x1", "the brand new wording")
    assert [m.pk for m in await repo.search(A, "brand")] == [original.pk]
    assert await repo.search(A, "old") == []


@pytest.mark.parametrize("query", ['foo"bar OR', "NEAR(", "*", 'AND "', "a:b", "-x"])
async def test_search_text_is_never_fts_syntax(repo: MessageRepo, query: str) -> None:
    await repo.add_many([msg('foo"bar OR baz')])
    await repo.search(A, query)  # must not raise


async def test_receipts_never_downgrade(repo: MessageRepo) -> None:
    [sent] = await repo.add_many([msg("x", direction=Direction.OUTGOING, origin_id="o",
                                      message_id="o", state=DeliveryState.PENDING)])
    delivered = await repo.set_state_by_message_id(A, P, "o", DeliveryState.DELIVERED)
    assert delivered is not None and delivered.state is DeliveryState.DELIVERED
    assert await repo.set_state_by_origin_id(A, P, "o", DeliveryState.SENT) is None
    assert (await repo.get(sent.pk)).state is DeliveryState.DELIVERED  # type: ignore[union-attr]


async def test_correction_only_by_the_original_sender(repo: MessageRepo) -> None:
    await repo.add_many([msg("mine", direction=Direction.OUTGOING, message_id="m1")])
    # The peer tries to correct our message: no row of theirs has that id.
    assert await repo.apply_correction(A, P, Direction.INCOMING, "m1", "theirs") is None
    assert [m.body for m in await repo.page_before(A, P, None, 5)] == ["mine"]


async def test_unread_counts_follow_the_read_marker(repo: MessageRepo) -> None:
    await repo.add_many([msg("1"), msg("2"), msg("me", direction=Direction.OUTGOING)])
    assert await repo.unread_counts(A) == {P: 2}
    await repo.mark_read(A, P)
    assert await repo.unread_counts(A) == {}
    await repo.add_many([msg("3")])
    assert await repo.unread_counts(A) == {P: 1}
