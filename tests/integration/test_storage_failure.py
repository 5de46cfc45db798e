"""Incoming messages that could not be stored (disk full) are fetched again from the archive
by the next session: the server acknowledged them on arrival, so nothing else would bring
them back (issue 6, point 4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from heron.core.errors import ErrorKind
from heron.core.events import ErrorReported, MessagesAdded
from tests.helpers import until
from tests.integration.parties import (
    Recorder,
    account_for,
    eventually,
    start_heron,
    start_peer,
    stop_peer,
)
from tests.storage_faults import DiskFull

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_messages_lost_to_a_full_disk_come_back_from_the_archive(
        prosody: Any, make_user: Any, tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    account = account_for(prosody, alice)
    app = await start_heron(tmp_path / "alice", account, alice_pw)
    await eventually(lambda: app.repos.mam.get(alice, alice, ""), lambda p: p is not None)
    errors = Recorder(app, ErrorReported)
    fault = DiskFull(app.db)
    bob_client = await start_peer(prosody, bob, bob_pw)
    bodies = [f"while the disk was full {i}" for i in range(3)]
    try:
        fault.on = True
        for body in bodies:
            bob_client.send_message(mto=alice, mbody=body, mtype="chat")
        await until(lambda: errors.of(ErrorReported))
        error = errors.of(ErrorReported)[0].error
        assert error is not None and error.kind is ErrorKind.STORAGE_FAILED
        await app.close()  # Heron quits (or dies) before the disk had room again

        app = await start_heron(tmp_path / "alice", account, alice_pw, connect=False)
        added = Recorder(app, MessagesAdded)
        app.start_account(alice)
        stored = await eventually(lambda: app.repos.messages.page_before(alice, bob, None, 9),
                                  lambda rows: len(rows) == len(bodies))
        assert [m.body for m in stored] == bodies
        # Missed messages, not history: they count as new.
        await until(lambda: added.of(MessagesAdded))
        assert all(e.live for e in added.of(MessagesAdded))
    finally:
        fault.on = False
        await stop_peer(bob_client)
        await app.close()
