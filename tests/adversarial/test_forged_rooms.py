"""Hostile occupants and strangers against Heron's room rules (XEP-0045, policy.py).

A groupchat message counts only from a room Heron is in, and only with a nick; a subject only
as the room relays it. The server already keeps most of these away, so each test also asserts
Heron's own rejection (its log line), which fails when the rule is removed.
"""

from __future__ import annotations

import copy
import logging
from pathlib import Path
from typing import Any

import pytest
from slixmpp.stanza import Message

from heron.core.events import RoomSubjectChanged
from tests.adversarial.test_forged_stanzas import _rejections
from tests.helpers import until
from tests.integration.parties import Recorder, stop_peer
from tests.integration.rooms import (
    create_room,
    enter,
    heron_with_two_occupants,
    room_address,
    say,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def _bodies(app: Any, account: str, peer: str) -> list[str]:
    return [m.body for m in await app.repos.messages.page_before(account, peer, None, 100)]


async def test_groupchat_from_a_stranger_and_from_a_room_we_left(
        server: Any, make_user: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, "heron.policy")
    app, alice, mallory, bob_peer = await heron_with_two_occupants(server, make_user,
                                                                   tmp_path / "alice")
    room = room_address(server, "left")
    session = app.sessions[alice]
    seen: list[Any] = []
    session.client.add_event_handler("message", seen.append)
    try:
        await create_room(bob_peer, room, "Bob")
        await enter(mallory, room, "Mallory")
        await session.muc.join(room, "Alice")
        # A stranger's "groupchat" sent straight to us: not a room we are in.
        mallory.send_message(mto=session.client.boundjid.full, mbody="I am a room",
                             mtype="groupchat")
        await until(lambda: "room-not-joined" in _rejections(caplog, "groupchat"))
        # A real room message while we are in: stored.
        say(mallory, room, "while you are here")
        await until(lambda: any(str(m["body"]) == "while you are here" for m in seen))
        await app.pipeline.drain()
        assert await _bodies(app, alice, room) == ["while you are here"]
        assert await _bodies(app, alice, mallory.boundjid.bare) == []
        # We leave; the same stanza (a new id and text) arriving afterwards is not believed.
        await session.muc.leave(room)
        caplog.clear()
        late = copy.deepcopy(next(m for m in seen if str(m["body"]) == "while you are here").xml)
        late.set("id", "late-1")
        late.find("{jabber:client}body").text = "after you left"
        session.client.event("message", Message(session.client, late))
        assert _rejections(caplog, "groupchat") == ["room-not-joined"]
        await app.pipeline.drain()
        assert await _bodies(app, alice, room) == ["while you are here"]
    finally:
        await stop_peer(mallory)
        await stop_peer(bob_peer)
        await app.close()


async def test_a_subject_counts_only_as_the_room_relays_it(
        server: Any, make_user: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, "heron.policy")
    app, alice, mallory, bob_peer = await heron_with_two_occupants(server, make_user,
                                                                   tmp_path / "alice")
    room = room_address(server, "subject")
    session = app.sessions[alice]
    rec = Recorder(app, RoomSubjectChanged)
    bob_saw: list[str] = []
    seen: list[str] = []
    session.client.add_event_handler("message", lambda m: seen.append(str(m["body"])))
    bob_peer.add_event_handler("groupchat_subject", lambda m: bob_saw.append(str(m["subject"])))
    try:
        await create_room(bob_peer, room, "Bob")
        bob_peer.plugin["xep_0045"].set_subject(room, "Welcome")
        await until(lambda: "Welcome" in bob_saw)
        await enter(mallory, room, "Mallory")
        await session.muc.join(room, "Alice")
        await until(lambda: [e.subject for e in rec.of(RoomSubjectChanged)] == ["Welcome"])
        # Mallory, a participant, tries to change it: the room decides (Prosody refuses a
        # participant by default, ejabberd lets one); Heron shows exactly what it relayed.
        mallory.plugin["xep_0045"].set_subject(room, "Owned <script>")
        # And sends one straight to us, pretending to be a room: refused by Heron.
        forged = mallory.make_message(mto=session.client.boundjid.full, mtype="groupchat")
        forged["subject"] = "Forged"
        forged.send()
        await until(lambda: "room-not-joined" in _rejections(caplog, "room subject"))
        say(bob_peer, room, "marker")  # after the attempt: everything before it has arrived
        await until(lambda: "marker" in seen)
        relayed = "Owned <script>" in bob_saw
        shown = [e.subject for e in rec.of(RoomSubjectChanged)]
        assert shown == (["Welcome", "Owned <script>"] if relayed else ["Welcome"])
        assert session.muc.rooms[room].subject == shown[-1]
    finally:
        await stop_peer(mallory)
        await stop_peer(bob_peer)
        await app.close()
