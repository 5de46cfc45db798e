"""The conversations list's query: the newest message of each conversation (what it says,
who sent it, a file's name, a deletion), drafts, newest first, and through the index."""

from __future__ import annotations

import sqlite3

import pytest

from heron.core.events import Direction, NewMessage
from heron.storage.db import Database, migrate
from heron.storage.repos.chats import _LAST, ChatRepo
from heron.storage.repos.drafts import DraftRepo
from heron.storage.repos.messages import MessageRepo

A = "me@example.org"
T0 = 1_700_000_000.0


def _msg(peer: str, i: int, body: str, out: bool = False, account: str = A) -> NewMessage:
    return NewMessage(account, peer, Direction.OUTGOING if out else Direction.INCOMING, body,
                      T0 + i, origin_id=f"{peer}-{i}", message_id=f"{peer}-{i}")


@pytest.mark.asyncio
async def test_newest_message_of_each_conversation_newest_first(db: Database) -> None:
    messages = MessageRepo(db)
    await messages.add_many([
        _msg("bob@x", 1, "old from bob"), _msg("bob@x", 5, "newest to bob", out=True),
        _msg("carol@x", 3, "from carol"), _msg("carol@x", 2, "older from carol"),
        _msg("dave@x", 9, "other account", account="me@work"),
    ])
    chats = await ChatRepo(db).recent(A)
    assert [(c.peer, c.ts) for c in chats] == [("bob@x", T0 + 5), ("carol@x", T0 + 3)]
    assert chats[0].last is not None and chats[0].last.body == "newest to bob"
    assert chats[0].last.outgoing
    assert chats[1].last is not None and chats[1].last.body == "from carol"
    assert not chats[1].last.outgoing


@pytest.mark.asyncio
async def test_a_retracted_last_message_and_a_draft_are_told(db: Database) -> None:
    messages = MessageRepo(db)
    await messages.add_many([_msg("bob@x", 1, "oops"), _msg("carol@x", 2, "hi")])
    await messages.retract(A, "bob@x", Direction.INCOMING, "bob@x-1", T0 + 3)
    await DraftRepo(db).save(A, "erin@x", "half a thought")
    chats = {c.peer: c for c in await ChatRepo(db).recent(A)}
    assert chats["bob@x"].last is not None and chats["bob@x"].last.retracted
    erin = chats["erin@x"]  # no message yet, only what the user started typing
    assert erin.last is None and erin.draft == "half a thought"
    assert next(iter(await ChatRepo(db).recent(A))).peer == "erin@x"  # typed just now


def test_the_query_walks_the_conversation_index() -> None:
    """One index probe per peer: neither a scan of the table nor a temporary sort."""
    conn = sqlite3.connect(":memory:")
    migrate(conn)
    plan = " | ".join(str(r[3]) for r in conn.execute("EXPLAIN QUERY PLAN " + _LAST,
                                                      {"account": A}))
    assert "messages_by_conversation" in plan
    assert "SCAN m " not in plan and "SCAN messages" not in plan
    assert "TEMP B-TREE" not in plan
