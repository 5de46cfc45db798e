"""Deleted history stays deleted: what comes again at or before the newest deleted message is
not stored; what is newer (also a message that never reached this computer before) is."""

from __future__ import annotations

import pytest

from heron.core.events import Direction, NewMessage
from heron.storage.db import Database
from heron.storage.repos.cleared import ClearedRepo
from heron.storage.repos.history import History
from heron.storage.repos.messages import MessageRepo

pytestmark = pytest.mark.asyncio
ME, BOB, CAROL = "me@example.org", "bob@example.org", "carol@example.org"


def _msg(peer: str, body: str, ts: float, sid: str) -> NewMessage:
    return NewMessage(ME, peer, Direction.INCOMING, body, ts, stanza_id=sid)


async def test_archive_copies_of_deleted_messages_are_not_stored_again(db: Database) -> None:
    repo = MessageRepo(db)
    await repo.add_many([_msg(BOB, "old one", 100.0, "a1"), _msg(BOB, "old two", 200.0, "a2"),
                         _msg(CAROL, "carol's", 150.0, "c1")])
    assert await History(db).delete_conversation(ME, BOB) == 2
    assert await ClearedRepo(db).before(ME, BOB) == 200.0
    assert await ClearedRepo(db).before(ME, CAROL) is None

    # The archive sends them again (a catch-up that starts over), with one newer message.
    again = await repo.add_many([_msg(BOB, "old one", 100.0, "a1"),
                                 _msg(BOB, "old two", 200.0, "a2"),
                                 _msg(BOB, "new", 200.5, "a3"),
                                 _msg(CAROL, "carol's later", 120.0, "c0")])
    assert [m.body for m in again] == ["new", "carol's later"]
    assert [m.body for m in await repo.page_before(ME, BOB, None, 10)] == ["new"]


async def test_deleting_again_moves_the_mark_forward_only(db: Database) -> None:
    repo = MessageRepo(db)
    history = History(db)
    await repo.add_many([_msg(BOB, "one", 300.0, "b1")])
    await history.delete_conversation(ME, BOB)
    assert await history.delete_conversation(ME, BOB) == 0  # nothing left: the mark stays
    assert await ClearedRepo(db).before(ME, BOB) == 300.0
