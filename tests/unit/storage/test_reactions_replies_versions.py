"""Migration 0007 on disk: reaction sets per sender, replies and the earlier texts of corrected
messages travel with every row read for the views; a retraction forgets them."""

from __future__ import annotations

import time

import pytest

from heron.storage.db import Database
from heron.storage.repos.messages import MessageRepo
from heron.storage.repos.reactions import MAX_REACTIONS_PER_SENDER, ReactionRepo
from tests.unit.storage.test_messages import IN, OUT, A, P, Q, msg

pytestmark = pytest.mark.asyncio


@pytest.fixture
def repo(db: Database) -> MessageRepo:
    return MessageRepo(db)


async def test_a_new_set_replaces_the_senders_old_one_and_an_empty_set_clears_it(
        repo: MessageRepo) -> None:
    [m] = await repo.add_many([msg("hello", message_id="m1")])
    reactions = ReactionRepo(repo.db)
    await reactions.set(m.pk, P, ["👍", "🎉"], time.time())
    await reactions.set(m.pk, A, ["👍"], time.time())
    [row] = await repo.page_before(A, P, None, 10)
    assert row.reactions == (("👍", (P, A)), ("🎉", (P,)))
    await reactions.set(m.pk, P, ["❤️"], time.time())  # replaces, not adds
    got = await repo.get(m.pk)
    assert got is not None and dict(got.reactions) == {"👍": (A,), "❤️": (P,)}
    await reactions.set(m.pk, P, [], time.time())
    await reactions.set(m.pk, A, [], time.time())
    got = await repo.get(m.pk)
    assert got is not None and got.reactions == ()


async def test_a_set_is_bounded_and_a_retraction_forgets_reactions_and_versions(
        repo: MessageRepo) -> None:
    [m] = await repo.add_many([msg("first text", message_id="m1")])
    await ReactionRepo(repo.db).set(m.pk, P, [chr(0x1F600 + n) for n in range(50)], 1.0)
    got = await repo.get(m.pk)
    assert got is not None and len(got.reactions) == MAX_REACTIONS_PER_SENDER
    await repo.apply_correction(A, P, IN, "m1", "second text")
    tomb = await repo.retract(A, P, IN, "m1", time.time())
    assert tomb is not None and tomb.reactions == () and tomb.versions == ()
    left = await repo.db.run(lambda c: c.execute(
        "SELECT (SELECT COUNT(*) FROM reactions) + (SELECT COUNT(*) FROM message_versions)"
    ).fetchone()[0])
    assert left == 0


async def test_corrections_keep_the_earlier_texts_with_their_times(repo: MessageRepo) -> None:
    [m] = await repo.add_many([msg("helo", ts=5, message_id="m1")])
    await repo.apply_correction(A, P, IN, "m1", "hello")
    await repo.apply_correction(A, P, IN, "m1", "hello!")
    await repo.apply_correction(A, P, IN, "m1", "hello!")  # read again after a crash: no-op
    got = await repo.get(m.pk)
    assert got is not None and got.body == "hello!"
    assert [text for _since, text in got.versions] == ["helo", "hello"]
    assert got.versions[0][0] == m.timestamp  # shown since the message came
    assert got.versions[1][0] > m.timestamp  # since the first correction
    [paged] = await repo.page_before(A, P, None, 10)
    assert paged.versions == got.versions


async def test_a_reply_names_its_original_in_the_same_conversation_only(
        repo: MessageRepo) -> None:
    await repo.add_many([msg("the question\nsecond line", ts=1, message_id="q1"),
                         msg("elsewhere", ts=1, peer=Q, message_id="q2")])
    new = await repo.add_many([msg("the answer", ts=2, direction=OUT, origin_id="a1",
                                   reply_to="q1"),
                               msg("lost", ts=3, reply_to="q2"),
                               msg("plain", ts=4)])
    assert new[0].reply is not None and new[0].reply.text.startswith("the question")
    rows = await repo.page_before(A, P, None, 10)
    by_body = {m.body: m for m in rows}
    quoted = by_body["the answer"].reply
    assert quoted is not None and quoted.pk == rows[0].pk and not quoted.outgoing
    lost = by_body["lost"].reply  # the id names a message of another conversation
    assert lost is not None and lost.pk is None and lost.text == ""
    assert by_body["plain"].reply is None
