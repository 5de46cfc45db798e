"""Owning a room (XEP-0045 §8-§10) from a Heron session, with real slixmpp occupants: create it
configured, change its subject, manage its lists, kick and ban, and destroy it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from slixmpp import JID

from heron.core.errors import ErrorKind, RoomAdminError
from heron.core.events import RoomLeft, RoomSubjectChanged
from tests.helpers import until
from tests.integration.parties import Recorder, stop_peer
from tests.integration.rooms import (
    create_room,
    enter,
    heron_with_two_occupants,
    room_address,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _removals_of(peer: Any, room: str) -> list[Any]:
    """The unavailable presences ``peer`` gets from ``room`` from now on."""
    seen: list[Any] = []
    peer.add_event_handler(f"muc::{room}::presence",
                           lambda p: p["type"] == "unavailable" and seen.append(p))
    return seen


async def test_create_a_configured_room_then_run_it(server: Any, make_user: Callable,
                                                   tmp_path: Path) -> None:
    app, alice, bob_peer, carol_peer = await heron_with_two_occupants(server, make_user,
                                                                      tmp_path / "alice")
    session = app.sessions[alice]
    admin, muc = session.muc_admin, session.muc
    rec = Recorder(app, RoomSubjectChanged, RoomLeft)
    room = room_address(server, "made")
    try:
        # Created configured: the room's own form comes back, and what we submit sticks.
        assert await admin.create(room, "Alice", instant=False)
        form = await admin.get_config(room)
        assert form.form_type == "http://jabber.org/protocol/muc#roomconfig"
        assert form.get("muc#roomconfig_roomname") is not None
        await admin.set_config(room, form, {"muc#roomconfig_roomname": ["Tea room"],
                                            "muc#roomconfig_persistentroom": ["1"]})
        again = await admin.get_config(room)
        name = again.get("muc#roomconfig_roomname")
        assert name is not None and name.values == ("Tea room",)
        persistent = again.get("muc#roomconfig_persistentroom")
        assert persistent is not None and persistent.values[0] in ("1", "true")
        # Configured, the room is open to others.
        await enter(bob_peer, room, "Bob")
        await enter(carol_peer, room, "Carol")
        await until(lambda: {o.nick for o in muc.occupants(room)} == {"Alice", "Bob", "Carol"})
        # The subject we set is the room's.
        await admin.set_subject(room, "Tea at <b>four</b>")
        assert rec.of(RoomSubjectChanged)[-1].subject == "Tea at <b>four</b>"
        # Lists: Bob becomes a member, then an admin; the lists say so.
        bob_jid = JID(bob_peer.boundjid).bare
        await admin.set_affiliation(room, bob_jid, "member")
        assert [a.jid for a in await admin.affiliated(room, "member")] == [bob_jid]
        await admin.set_affiliation(room, bob_jid, "admin")
        assert [a.jid for a in await admin.affiliated(room, "admin")] == [bob_jid]
        assert await admin.affiliated(room, "member") == []
        assert alice in [a.jid for a in await admin.affiliated(room, "owner")]
        # Roles: Carol loses her voice, gets it back, then is kicked: she sees it.
        carol_saw = _removals_of(carol_peer, room)
        await admin.set_role(room, "Carol", "visitor")
        await until(lambda: next(o.role for o in muc.occupants(room) if o.nick == "Carol")
                    == "visitor")
        await admin.set_role(room, "Carol", "participant")
        await until(lambda: next(o.role for o in muc.occupants(room) if o.nick == "Carol")
                    == "participant")
        await admin.kick(room, "Carol", "be nice")
        await until(lambda: "Carol" not in {o.nick for o in muc.occupants(room)})
        await until(lambda: any("307" in str(p) for p in carol_saw))
        # Back in, then banned: she is put out (301) and stands on the outcast list.
        await enter(carol_peer, room, "Carol")
        await until(lambda: "Carol" in {o.nick for o in muc.occupants(room)})
        carol_jid = JID(carol_peer.boundjid).bare
        await admin.ban(room, carol_jid, "spam")
        await until(lambda: "Carol" not in {o.nick for o in muc.occupants(room)})
        await until(lambda: any("301" in str(p) for p in carol_saw))
        assert [a.jid for a in await admin.affiliated(room, "outcast")] == [carol_jid]
        # Destroyed with a reason: Bob is told, and we are out.
        bob_saw = _removals_of(bob_peer, room)
        await admin.destroy(room, "moving to a new room")
        await until(lambda: room not in muc.joined())
        await until(lambda: any(p.xml.find(
            "{http://jabber.org/protocol/muc#user}x/{http://jabber.org/protocol/muc#user}destroy")
            is not None for p in bob_saw))
    finally:
        await stop_peer(bob_peer)
        await stop_peer(carol_peer)
        await app.close()


async def test_refusals_in_plain_words(server: Any, make_user: Callable, tmp_path: Path) -> None:
    app, alice, bob_peer, carol_peer = await heron_with_two_occupants(server, make_user,
                                                                      tmp_path / "alice")
    session = app.sessions[alice]
    admin = session.muc_admin
    room = room_address(server, "theirs")
    try:
        await create_room(bob_peer, room, "Bob", changesubject=False)
        await enter(carol_peer, room, "Carol")
        await session.muc.join(room, "Alice")
        # Not an owner: the form, destroying, banning and kicking are refused, in plain words.
        with pytest.raises(RoomAdminError) as config:
            await admin.get_config(room)
        assert config.value.error is not None
        assert config.value.error.kind is ErrorKind.ROOM_FORBIDDEN
        assert "not allowed" in str(config.value)
        with pytest.raises(RoomAdminError) as destroy:
            await admin.destroy(room, "mine now")
        assert destroy.value.error is not None
        assert destroy.value.error.kind is ErrorKind.ROOM_FORBIDDEN
        with pytest.raises(RoomAdminError) as kick:
            await admin.kick(room, "Carol")
        assert kick.value.error is not None
        assert kick.value.error.kind in (ErrorKind.ROOM_FORBIDDEN, ErrorKind.ROOM_NOT_ALLOWED)
        # Only moderators may change the subject here: the room's refusal reaches us.
        with pytest.raises(RoomAdminError) as subject:
            await admin.set_subject(room, "Mine")
        assert subject.value.error is not None
        assert subject.value.error.kind is ErrorKind.ROOM_FORBIDDEN
        assert "Carol" in {o.nick for o in session.muc.occupants(room)}
    finally:
        await stop_peer(bob_peer)
        await stop_peer(carol_peer)
        await app.close()
