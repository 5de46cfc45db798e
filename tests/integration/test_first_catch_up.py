"""The first catch-up of a new profile pages backwards from now; an empty archive still
leaves a pointer (issue 6, point 4). Against Prosody, with more than one page of archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from heron.application import Heron
from heron.core.events import ConnectionState, MessagesAdded
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

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]
PAGE = 20


async def _archive_while_online_elsewhere(server: Any, alice: str, alice_pw: str, bob: str,
                                          bob_pw: str, bodies: list[str],
                                          raw: tuple[str, ...] = ()) -> None:
    """Bob writes while Alice is online on another client: the messages are in her archive
    and nowhere in offline storage, so only MAM can bring them to a Heron started later."""
    other = await start_peer(server, alice, alice_pw, resource="phone")
    sender = await start_peer(server, bob, bob_pw)
    try:
        for body in bodies:
            sender.send_message(mto=alice, mbody=body, mtype="chat")
        for stanza in raw:
            sender.send_raw(stanza)
        expected = len(bodies) + len(raw)
        await until(lambda: len(other.received) == expected)
    finally:
        await stop_peer(sender)
        await stop_peer(other)


async def _start(tmp: Path, server: Any, alice: str, alice_pw: str) -> tuple[Heron, Recorder]:
    app = await start_heron(tmp, account_for(server, alice), alice_pw, connect=False)
    rec = Recorder(app, MessagesAdded)
    session = app.start_account(alice)
    session.mam.page_size = PAGE  # before the session starts: several pages of archive
    await wait_state(app, alice, ConnectionState.CONNECTED)
    return app, rec


async def test_first_catch_up_brings_the_newest_messages_first(server: Any, make_user: Any,
                                                              tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    bodies = [f"history {i:02d}" for i in range(45)]
    await _archive_while_online_elsewhere(server, alice, alice_pw, bob, bob_pw, bodies)
    app, rec = await _start(tmp_path / "alice", server, alice, alice_pw)
    try:
        stored = await eventually(lambda: app.repos.messages.page_before(alice, bob, None, 100),
                                  lambda rows: len(rows) == len(bodies))
        assert [m.body for m in stored] == bodies
        pages = [[m.body for m in e.messages] for e in rec.of(MessagesAdded)]
        assert pages[0] == bodies[-PAGE:]  # the newest page arrived first
        assert pages[1] == bodies[-2 * PAGE:-PAGE]
        assert not any(e.live for e in rec.of(MessagesAdded))  # history: no notifications
        pointer = await app.repos.mam.get(alice, alice, "")
        assert pointer is not None and pointer.newest_id == stored[-1].stanza_id
    finally:
        await app.close()


async def test_an_empty_archive_leaves_a_pointer_the_next_session_starts_from(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app, _rec = await _start(tmp_path / "alice", server, alice, alice_pw)
    pointer = await eventually(lambda: app.repos.mam.get(alice, alice, ""),
                               lambda p: p is not None)
    await app.close()
    assert pointer is not None and pointer.newest_id == "" and pointer.newest_ts > 0

    bodies = [f"while away {i:02d}" for i in range(PAGE + 5)]
    await _archive_while_online_elsewhere(server, alice, alice_pw, bob, bob_pw, bodies)
    app, rec = await _start(tmp_path / "alice", server, alice, alice_pw)
    try:
        stored = await eventually(lambda: app.repos.messages.page_before(alice, bob, None, 100),
                                  lambda rows: len(rows) == len(bodies))
        assert [m.body for m in stored] == bodies
        # Missed while away, fetched forward from the pointer: they count as new.
        assert all(e.live for e in rec.of(MessagesAdded))
        pointer = await app.repos.mam.get(alice, alice, "")
        assert pointer is not None and pointer.newest_id == stored[-1].stanza_id
    finally:
        await app.close()


async def test_corrections_from_the_archive_are_applied_not_added(server: Any, make_user: Any,
                                                                 tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    raw = tuple(
        f"<message xmlns='jabber:client' to='{alice}' type='chat' id='{mid}'><body>{body}</body>"
        f"{extra}</message>" for mid, body, extra in (
            ("m1", "see you at 8", ""),
            ("m2", "see you at 9", "<replace xmlns='urn:xmpp:message-correct:0' id='m1'/>")))
    await _archive_while_online_elsewhere(server, alice, alice_pw, bob, bob_pw, [], raw)
    app, _rec = await _start(tmp_path / "alice", server, alice, alice_pw)
    try:
        stored = await eventually(lambda: app.repos.messages.page_before(alice, bob, None, 100),
                                  lambda rows: bool(rows) and rows[0].corrected)
        assert [(m.body, m.corrected) for m in stored] == [("see you at 9", True)]
    finally:
        await app.close()
