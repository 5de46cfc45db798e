"""Incoming messages that could not be stored (disk full) are fetched again from the archive
by the next session: the server acknowledged them on arrival, so nothing else would bring
them back (issue 6, point 4)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from heron.core.errors import ErrorKind
from heron.core.events import ConnectionState, ErrorReported, MessagesAdded
from tests.helpers import until
from tests.integration.parties import (
    Recorder,
    account_for,
    eventually,
    start_heron,
    start_peer,
    stop_peer,
    wait_state,
)
from tests.storage_faults import DiskFull

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_messages_lost_to_a_full_disk_come_back_from_the_archive(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    account = account_for(server, alice)
    app = await start_heron(tmp_path / "alice", account, alice_pw)
    await eventually(lambda: app.repos.mam.get(alice, alice, ""), lambda p: p is not None)
    errors = Recorder(app, ErrorReported)
    fault = DiskFull(app.db)
    bob_client = await start_peer(server, bob, bob_pw)
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


async def test_a_session_that_starts_on_a_full_disk_reports_it_and_goes_on(
        server: Any, make_user: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw,
                            connect=False)
    errors = Recorder(app, ErrorReported)
    fault = DiskFull(app.db)
    fault.on = True  # roster cache, archive pointer, outbox: every write of the start fails
    caplog.set_level(logging.ERROR)
    app.start_account(alice)
    bob_client = await start_peer(server, bob, bob_pw)
    try:
        await wait_state(app, alice, ConnectionState.CONNECTED)
        await until(lambda: len(errors.of(ErrorReported)) >= 2)  # roster, then catch-up
        assert {e.error.kind for e in errors.of(ErrorReported) if e.error} == {
            ErrorKind.STORAGE_FAILED}
        # Told in plain words, and nothing failed unhandled (no "background task failed").
        unexpected = [r for r in caplog.records if r.name != "heron.storage.errors"]
        assert unexpected == [], [r.getMessage() for r in unexpected]
        bob_client.send_message(mto=alice, mbody="arrives meanwhile", mtype="chat")
        await until(lambda: app.pipeline.failing)
        fault.on = False
        stored = await eventually(lambda: app.repos.messages.page_before(alice, bob, None, 9),
                                  lambda rows: len(rows) == 1)
        assert [m.body for m in stored] == ["arrives meanwhile"]
    finally:
        fault.on = False
        await stop_peer(bob_client)
        await app.close()
