"""XEP-0424 tombstones on disk: the row stays, its text leaves the table and the search index,
and a retraction met before its message keeps that message deleted when it arrives."""

from __future__ import annotations

import time

import pytest

from heron.core.events import DeliveryState, NewMessage
from heron.storage.db import Database
from heron.storage.repos import messages as messages_module
from heron.storage.repos.messages import MessageRepo
from heron.storage.repos.outbox import OutboxRepo
from tests.unit.storage.test_messages import IN, OUT, A, P, Q, fts_is_consistent, msg

pytestmark = pytest.mark.asyncio


@pytest.fixture
def repo(db: Database) -> MessageRepo:
    return MessageRepo(db)


async def rows(repo: MessageRepo, peer: str = P) -> list[tuple[str, bool]]:
    return [(m.body, m.retracted) for m in await repo.page_before(A, peer, None, 1000)]


async def test_a_retracted_message_keeps_its_place_and_loses_its_text(repo: MessageRepo) -> None:
    await repo.add_many([msg("before", ts=1), msg("secret plan", ts=2, message_id="m1"),
                         msg("after", ts=3)])
    assert await repo.search(A, "secret")
    tombstone = await repo.retract(A, P, IN, "m1", time.time())
    assert tombstone is not None and tombstone.retracted and tombstone.body == ""
    assert await rows(repo) == [("before", False), ("", True), ("after", False)]
    assert await repo.search(A, "secret") == []
    assert await repo.search(A, "plan") == []
    # The text is gone from the table itself, not only hidden.
    found = await repo.db.run(lambda c: c.execute(
        "SELECT COUNT(*) FROM messages WHERE body LIKE '%secret%'").fetchone()[0])
    assert found == 0
    assert await repo.db.run(fts_is_consistent)
    # A second retraction of the same message changes nothing.
    assert await repo.retract(A, P, IN, "m1", time.time()) is None


async def test_only_the_senders_message_in_that_conversation_is_retracted(
        repo: MessageRepo) -> None:
    # Ours is the newest with that id: a match on the id alone would take it.
    await repo.add_many([msg("theirs", message_id="x"),
                         msg("mine", ts=2, direction=OUT, message_id="x", origin_id="x"),
                         msg("elsewhere", peer=Q, message_id="x")])
    assert await repo.retract(A, P, IN, "x", time.time()) is not None
    assert await rows(repo) == [("", True), ("mine", False)]
    assert await rows(repo, Q) == [("elsewhere", False)]


async def test_retraction_by_origin_id_and_the_outbox_entry_goes(db: Database,
                                                                 repo: MessageRepo) -> None:
    outbox = OutboxRepo(db)
    pending = NewMessage(account=A, peer=P, direction=OUT, body="not yet sent",
                         timestamp=time.time(), origin_id="o1", message_id="o1",
                         state=DeliveryState.PENDING)
    await outbox.add_and_enqueue(pending)
    assert await repo.retract(A, P, OUT, "o1", time.time()) is not None
    left = await db.run(lambda c: c.execute("SELECT COUNT(*) FROM outbox").fetchone()[0])
    assert left == 0  # a retracted message never goes out


async def test_a_retraction_before_its_message_stores_the_message_as_a_tombstone(
        repo: MessageRepo) -> None:
    assert await repo.retract(A, P, IN, "late", time.time()) is None  # nothing to retract yet
    added = await repo.add_many([msg("older history", ts=1, message_id="late",
                                     stanza_id="s1"),
                                 msg("kept", ts=2, message_id="other")])
    assert [(m.body, m.retracted) for m in added] == [("", True), ("kept", False)]
    assert await rows(repo) == [("", True), ("kept", False)]
    assert await repo.search(A, "older history") == []
    # The archive's copy again (another page, a new stanza-id): still one tombstone.
    again = await repo.add_many([msg("older history", ts=1, message_id="late",
                                     stanza_id="s9")])
    assert again == []
    assert await rows(repo) == [("", True), ("kept", False)]
    assert await repo.db.run(fts_is_consistent)


async def test_a_remembered_retraction_applies_only_to_the_same_sender(
        repo: MessageRepo) -> None:
    await repo.retract(A, P, IN, "z", time.time())  # the peer retracted "z"
    await repo.add_many([msg("ours", direction=OUT, message_id="z", origin_id="z"),
                         msg("from someone else", peer=Q, message_id="z")])
    assert await rows(repo) == [("ours", False)]
    assert await rows(repo, Q) == [("from someone else", False)]


async def test_a_correction_never_brings_a_retracted_text_back(repo: MessageRepo) -> None:
    await repo.add_many([msg("first", message_id="c1")])
    await repo.retract(A, P, IN, "c1", time.time())
    assert await repo.apply_correction(A, P, IN, "c1", "first, corrected") is None
    assert await rows(repo) == [("", True)]


async def test_remembered_retractions_are_bounded(repo: MessageRepo,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(messages_module, "MAX_REMEMBERED_RETRACTIONS", 2)
    for n in range(3):
        await repo.retract(A, P, IN, f"r{n}", time.time())
    await repo.add_many([msg(f"m{n}", ts=n, message_id=f"r{n}") for n in range(3)])
    assert await rows(repo) == [("", True), ("", True), ("m2", False)]
