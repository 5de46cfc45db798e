"""Messages on disk: dedup by XEP-0359 ids, keyset paging, search, receipts, corrections."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from heron.core.events import DeliveryState, Direction, NewMessage
from heron.storage.db import Database
from heron.storage.repos.messages import MessageRepo

A, P, Q = "me@example.org", "peer@example.org", "other@example.org"
IN, OUT = Direction.INCOMING, Direction.OUTGOING


T0 = 1_700_000_000.0  # times are read back clamped to sane dates (core/timestamps.py)


def msg(body: str, ts: float = 1.0, **kw: Any) -> NewMessage:
    values: dict[str, Any] = {"account": A, "peer": P, "direction": IN, "body": body,
                              "timestamp": T0 + ts}
    values.update(kw)
    return NewMessage(**values)


@pytest.fixture
def repo(db: Database) -> MessageRepo:
    return MessageRepo(db)


async def bodies(repo: MessageRepo, peer: str = P) -> list[str]:
    return [m.body for m in await repo.page_before(A, peer, None, 1000)]


def fts_is_consistent(conn: sqlite3.Connection) -> bool:
    # Raises "database disk image is malformed" when the index and the table disagree.
    conn.execute("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)")
    return True


pytestmark = pytest.mark.asyncio


async def test_same_stanza_id_or_origin_id_is_stored_once(repo: MessageRepo) -> None:
    first = await repo.add_many([msg("a", stanza_id="s1"), msg("b", origin_id="o1")])
    again = await repo.add_many([msg("a", stanza_id="s1"), msg("b", origin_id="o1"),
                                 msg("c", stanza_id="s2")])
    assert [m.body for m in first] == ["a", "b"]
    assert [m.body for m in again] == ["c"]
    assert await bodies(repo) == ["a", "b", "c"]


async def test_duplicates_inside_one_batch_and_input_order(repo: MessageRepo) -> None:
    added = await repo.add_many([msg("z", ts=9.0, stanza_id="s1"), msg("dup", stanza_id="s1"),
                                 msg("y", ts=2.0, origin_id="o"), msg("x", ts=5.0)])
    assert [m.body for m in added] == ["z", "y", "x"]
    assert [m.pk for m in added] == sorted(m.pk for m in added)
    for m in added:
        assert await repo.get(m.pk) == m


async def test_ids_are_per_conversation(repo: MessageRepo) -> None:
    await repo.add_many([msg("a", stanza_id="s", origin_id="o")])
    added = await repo.add_many([msg("b", peer=Q, stanza_id="s", origin_id="o")])
    assert len(added) == 1


async def test_live_then_archive_copy_becomes_one_row(repo: MessageRepo) -> None:
    [live] = await repo.add_many([msg("hi", origin_id="o9")])
    added = await repo.add_many([msg("hi", ts=2.0, origin_id="o9", stanza_id="arch-1")])
    assert added == []
    rows = await repo.page_before(A, P, None, 10)
    assert len(rows) == 1 and rows[0].pk == live.pk and rows[0].stanza_id == "arch-1"
    # The same archive copy once more (a second catch-up) is still a duplicate.
    assert await repo.add_many([msg("hi", origin_id="o9", stanza_id="arch-1")]) == []


async def test_own_message_then_its_archive_copy(repo: MessageRepo) -> None:
    await repo.add_many([msg("mine", direction=OUT, origin_id="u1", message_id="u1",
                             state=DeliveryState.SENT)])
    assert await repo.add_many([msg("mine", direction=OUT, origin_id="u1",
                                    stanza_id="arch-2")]) == []
    [row] = await repo.page_before(A, P, None, 10)
    assert row.stanza_id == "arch-2" and row.state is DeliveryState.SENT


async def test_archive_copy_of_a_message_without_origin_id(repo: MessageRepo) -> None:
    await repo.add_many([msg("old client", message_id="m1")])
    assert await repo.add_many([msg("old client", message_id="m1", stanza_id="a1")]) == []
    # Same id attribute but other text: another message, kept.
    assert len(await repo.add_many([msg("different", message_id="m1", stanza_id="a2")])) == 1
    assert await bodies(repo) == ["old client", "different"]


async def test_origin_id_is_per_direction(repo: MessageRepo) -> None:
    await repo.add_many([msg("in", origin_id="same")])
    out = await repo.add_many([msg("out", origin_id="same", direction=OUT)])
    assert len(out) == 1


async def test_keyset_paging_with_equal_timestamps(repo: MessageRepo) -> None:
    # Stored out of time order (history arrives after live messages), ten per timestamp.
    await repo.add_many([msg(f"m{i:03d}", ts=float(i // 10)) for i in range(50, 95)])
    await repo.add_many([msg(f"m{i:03d}", ts=float(i // 10)) for i in range(50)])
    await repo.add_many([msg("elsewhere", peer=Q, ts=5.0)])
    expected = sorted(await repo.page_before(A, P, None, 1000), key=lambda m: m.key)
    assert [m.body for m in expected] == [f"m{i:03d}" for i in range(95)]
    seen: list[str] = []
    sizes: list[int] = []
    before = None
    while True:
        page = await repo.page_before(A, P, before, 20)
        if not page:
            break
        assert [m.key for m in page] == sorted(m.key for m in page)
        sizes.append(len(page))
        seen = [m.body for m in page] + seen
        before = page[0].key
    assert seen == [m.body for m in expected]
    assert sizes == [20, 20, 20, 20, 15]
    assert await repo.latest_key(A, P) == expected[-1].key
    assert await repo.oldest_key(A, P) == expected[0].key
    after = await repo.page_after(A, P, expected[9].key, 5)
    assert [m.body for m in after] == [m.body for m in expected[10:15]]


async def test_search_finds_corrected_text_only(repo: MessageRepo, db: Database) -> None:
    [original] = await repo.add_many([msg("the old wording", message_id="x1")])
    await repo.add_many([msg("unrelated", peer=Q)])
    await repo.apply_correction(A, P, IN, "x1", "the brand new wording")
    assert [m.pk for m in await repo.search(A, "brand")] == [original.pk]
    assert [m.pk for m in await repo.search(A, "bra")] == [original.pk]  # prefix
    assert await repo.search(A, "old") == []
    assert await repo.search(A, "wording", peer=Q) == []
    assert await repo.search("someone-else@example.org", "wording") == []
    assert await db.run(fts_is_consistent)


async def test_search_pages_the_newest_stored_hits_shown_by_time(repo: MessageRepo) -> None:
    # A page holds the most recently stored hits (the index is walked backwards, so a common
    # word never sorts a whole archive); within the page, newest time first.
    await repo.add_many([msg(f"coffee {i}", ts=float(i)) for i in (5, 1, 9, 3)])
    assert [m.body for m in await repo.search(A, "coffee", limit=3)] == [
        "coffee 9", "coffee 3", "coffee 1"]
    assert len(await repo.search(A, "coffee", limit=10)) == 4
    assert [m.body for m in await repo.search(A, "coffee 3")] == ["coffee 3"]


@pytest.mark.parametrize("query", ['foo"bar OR', "NEAR(", "*", 'AND "', "a:b", "-x", "body:x",
                                   "^x", "(a OR b", '"', "", "   ", "x AND NOT y", "🙂", "\x00"])
async def test_search_text_is_never_fts_syntax(repo: MessageRepo, query: str) -> None:
    await repo.add_many([msg('foo"bar OR baz'), msg("a NEAR b")])
    await repo.search(A, query)  # must not raise
    assert [m.body for m in await repo.search(A, 'foo"bar OR')] == ['foo"bar OR baz']
    assert await repo.search(A, "NEAR(") == [(await repo.page_before(A, P, None, 5))[1]]


async def test_receipts_never_downgrade(repo: MessageRepo) -> None:
    [sent] = await repo.add_many([msg("x", direction=OUT, origin_id="o", message_id="o",
                                      state=DeliveryState.PENDING)])
    delivered = await repo.set_state_by_message_id(A, P, "o", DeliveryState.DELIVERED)
    assert delivered is not None and delivered.state is DeliveryState.DELIVERED
    assert await repo.set_state_by_origin_id(A, P, "o", DeliveryState.SENT) is None
    assert await repo.set_state_by_origin_id(A, P, "o", DeliveryState.FAILED) is None
    again = await repo.get(sent.pk)
    assert again is not None and again.state is DeliveryState.DELIVERED


async def test_state_transitions(repo: MessageRepo) -> None:
    [pending] = await repo.add_many([msg("x", direction=OUT, origin_id="o", message_id="o",
                                         state=DeliveryState.PENDING)])
    failed = await repo.set_state_by_origin_id(A, P, "o", DeliveryState.FAILED)
    assert failed is not None and failed.state is DeliveryState.FAILED
    sent = await repo.set_state_by_origin_id(A, P, "o", DeliveryState.SENT)
    assert sent is not None and sent.state is DeliveryState.SENT and sent.pk == pending.pk
    assert await repo.set_state_by_origin_id(A, P, "o", DeliveryState.SENT) is None
    assert await repo.set_state_by_origin_id(A, P, "o", DeliveryState.RECEIVED) is None


async def test_receipts_touch_only_our_own_messages(repo: MessageRepo) -> None:
    [theirs] = await repo.add_many([msg("in", message_id="r1")])
    assert await repo.set_state_by_message_id(A, P, "r1", DeliveryState.DELIVERED) is None
    assert await repo.set_state_by_message_id(A, Q, "r1", DeliveryState.DELIVERED) is None
    row = await repo.get(theirs.pk)
    assert row is not None and row.state is DeliveryState.RECEIVED


async def test_correction_only_by_the_original_sender(repo: MessageRepo) -> None:
    await repo.add_many([msg("mine", direction=OUT, message_id="m1")])
    # The peer tries to correct our message: no row of theirs has that id.
    assert await repo.apply_correction(A, P, IN, "m1", "theirs") is None
    assert await repo.apply_correction(A, Q, OUT, "m1", "other chat") is None
    assert await bodies(repo) == ["mine"]
    fixed = await repo.apply_correction(A, P, OUT, "m1", "mine, fixed")
    assert fixed is not None and fixed.corrected and fixed.body == "mine, fixed"


async def test_correction_by_origin_id(repo: MessageRepo) -> None:
    await repo.add_many([msg("teh", origin_id="o1", message_id="other-id")])
    fixed = await repo.apply_correction(A, P, IN, "o1", "the")
    assert fixed is not None and fixed.body == "the" and fixed.corrected


async def test_unread_counts_follow_the_read_marker(repo: MessageRepo) -> None:
    await repo.add_many([msg("1", ts=10.0), msg("2", ts=11.0),
                         msg("me", ts=12.0, direction=OUT), msg("q", peer=Q)])
    assert await repo.unread_counts(A) == {P: 2, Q: 1}
    await repo.mark_read(A, P)
    assert await repo.unread_counts(A) == {Q: 1}
    await repo.add_many([msg("3", ts=13.0)])
    assert await repo.unread_counts(A) == {P: 1, Q: 1}
    # Older history fetched later (higher row id, older time) is not unread.
    await repo.add_many([msg("history", ts=1.0, stanza_id="h1")])
    assert await repo.unread_counts(A) == {P: 1, Q: 1}
    assert await repo.unread_counts("nobody@example.org") == {}


async def test_read_marker_only_moves_forward(repo: MessageRepo) -> None:
    rows = await repo.add_many([msg(str(i), ts=float(i)) for i in range(5)])
    await repo.mark_read(A, P, rows[3].key)
    assert await repo.unread_counts(A) == {P: 1}
    await repo.mark_read(A, P, rows[1].key)
    assert await repo.unread_counts(A) == {P: 1}
    await repo.mark_read(A, Q)  # an empty conversation: nothing to mark, no error
