"""Autojoin at login stops with the session (issue 9, point 7): when the user logs out (or
quits) while Heron is still entering its autojoin rooms, the rooms not yet entered stay
unjoined: no join is attempted after the session ended. Real server, real rooms made by Bob's
real client, the bookmarks published by Alice's other real client."""

from __future__ import annotations

import asyncio
import logging
import uuid
from pathlib import Path
from typing import Any

import pytest
from slixmpp import JID
from slixmpp.plugins.xep_0060.stanza import EventItem
from slixmpp.plugins.xep_0402.stanza import Conference

from tests.helpers import until
from tests.integration.bookmark_parties import other_client, publish_bookmark
from tests.integration.parties import account_for, start_heron, start_peer, stop_peer
from tests.room_joiner import create_room

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

ROOMS = 9  # three at a time, 0.25 s apart: about two seconds of autojoin


async def test_logging_out_cancels_the_pending_autojoin(server: Any, make_user: Any,
                                                        tmp_path: Path,
                                                        caplog: pytest.LogCaptureFixture,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # A join attempted on the ended session fails when its room lookup times out: a short
    # lookup timeout makes such a late attempt show (in the log) within the test's wait.
    monkeypatch.setattr("heron.xmpp.services.muc.DISCO_TIMEOUT", 1.0)
    alice, pw = make_user()
    bob, bob_pw = make_user()
    bob_client = await start_peer(server, bob, bob_pw)
    phone = await other_client(server, alice, pw)
    rooms = [f"aj{n}{uuid.uuid4().hex[:6]}@conference.{server.domain}" for n in range(ROOMS)]
    try:
        for room in rooms:
            await create_room(bob_client, room)
            await publish_bookmark(phone, room, autojoin=True, nick="Alice")
        app = await start_heron(tmp_path / "alice", account_for(server, alice), pw,
                                connect=False)
        try:
            app.start_account(alice)
            session = app.sessions[alice]
            # Joins started before the logout may still fail with the session (they wait on a
            # room lookup first); only a join started after it would be the bug.
            started: set[str] = set()
            logged_out = [False]

            class Entering(set[str]):
                def add(self, room: str) -> None:
                    if not logged_out[0]:
                        started.add(room)
                    super().add(room)

            session.bookmarks._entering = Entering()
            await until(lambda: len(session.muc.joined()) > 0, 30)
            caplog.set_level(logging.INFO, logger="heron")
            await app.set_enabled(alice, False)  # "Log out" while autojoin is still going
            logged_out[0] = True
            entered = set(session.muc.rooms)
            assert len(entered) < ROOMS  # the test reached the middle of the autojoin
            await asyncio.sleep(4.0)  # the rest of the autojoin and its lookups' timeout
            assert set(session.muc.rooms) == entered  # no room was started after logout
            # A join already on its way at logout may fail with the session (ejabberd is
            # quick to say so); no room that was not yet started may even be tried.
            late = set(rooms) - entered - started
            assert not [r for r in caplog.records if "autojoin of" in r.getMessage()
                        and any(room in r.getMessage() for room in late)], caplog.text
            for room in rooms:
                if room not in entered:  # Bob's view of the rooms Heron had not entered
                    roster = bob_client.plugin["xep_0045"].get_roster(JID(room)) or []
                    assert "Alice" not in roster
        finally:
            await app.close()
    finally:
        await stop_peer(phone)
        await stop_peer(bob_client)


async def test_a_bookmark_publication_read_as_the_session_ends_joins_nothing(
        server: Any, make_user: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """ejabberd sends the bookmarks' last items when it reads our presence; one that Heron
    reads while logging out must not start a join on the ended session."""
    monkeypatch.setattr("heron.xmpp.services.muc.DISCO_TIMEOUT", 1.0)  # a late try shows soon
    alice, pw = make_user()
    bob, bob_pw = make_user()
    bob_client = await start_peer(server, bob, bob_pw)
    room = f"late{uuid.uuid4().hex[:6]}@conference.{server.domain}"
    try:
        await create_room(bob_client, room)
        app = await start_heron(tmp_path / "alice", account_for(server, alice), pw)
        try:
            session = app.sessions[alice]
            caplog.set_level(logging.INFO, logger="heron")
            await app.set_enabled(alice, False)
            late = session.client.Message(sfrom=alice)  # our own account's PEP notification
            items = late["pubsub_event"]["items"]
            items["node"] = "urn:xmpp:bookmarks:1"
            item = EventItem()
            item["id"] = room
            conference = Conference()
            conference["autojoin"] = True
            conference["nick"] = "Alice"
            item["payload"] = conference.xml
            items.append(item)
            session.bookmarks._on_publish(late)
            assert session.bookmarks.bookmarks[room].autojoin  # the publication was read
            await asyncio.sleep(2.0)  # a join would have failed its room lookup by now
            assert room not in session.muc.rooms
            assert not [r for r in caplog.records if room in r.getMessage()], caplog.text
            assert "Alice" not in (bob_client.plugin["xep_0045"].get_roster(JID(room)) or [])
        finally:
            await app.close()
    finally:
        await stop_peer(bob_client)
