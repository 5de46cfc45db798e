"""Chat markers (XEP-0333) that reach Heron as copies follow the rules of live ones: our other
client's <displayed/> seen as a carbon clears the chat's unread count (the user read it
there); the contact's <displayed/> sent to our other client (a carbon) or found in our
archive at catch-up marks our message read. Real server, real second clients."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from heron.application import Heron
from heron.core.events import ConversationRead, DeliveryState, Direction
from tests.helpers import until
from tests.integration.parties import Recorder, account_for, eventually, start_heron, stop_peer
from tests.integration.read_parties import send_markable, send_marker, start_marking_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def _outgoing_states(app: Heron, alice: str, bob: str) -> list[DeliveryState]:
    return [m.state for m in await app.repos.messages.page_before(alice, bob, None, 100)
            if m.direction is Direction.OUTGOING]


async def test_markers_seen_as_carbons(server: Any, make_user: Callable,
                                       tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    rec = Recorder(app, ConversationRead)
    phone = await start_marking_peer(server, alice, alice_pw, resource="phone")
    contact = await start_marking_peer(server, bob, bob_pw)
    try:
        await phone.plugin["xep_0280"].enable()
        # Bob writes; Heron counts it unread; Alice reads it on her phone.
        message_id = send_markable(contact, alice, "did you see this?")
        await until(lambda: phone.bodies() == ["did you see this?"])
        assert await eventually(lambda: app.repos.read_state.unread(alice, bob),
                                lambda n: n == 1) == 1
        send_marker(phone, bob, message_id)
        await until(lambda: [e.unread for e in rec.of(ConversationRead)] == [0])
        assert await app.repos.read_state.unread(alice, bob) == 0

        # Heron writes; Bob's client displays it and tells Alice's phone only.
        await app.sessions[alice].chat.send(bob, "yes, on my phone")
        await until(lambda: contact.bodies() == ["yes, on my phone"])
        send_marker(contact, f"{alice}/phone", str(contact.received[-1]["id"]))
        assert await eventually(lambda: _outgoing_states(app, alice, bob),
                                lambda s: s == [DeliveryState.READ]) == [DeliveryState.READ]
    finally:
        await stop_peer(contact)
        await stop_peer(phone)
        await app.close()


async def test_a_marker_found_in_the_archive_at_catch_up(server: Any, make_user: Callable,
                                                         tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    profile = tmp_path / "alice"
    app = await start_heron(profile, account_for(server, alice), alice_pw)
    contact = await start_marking_peer(server, bob, bob_pw)
    try:
        await app.sessions[alice].chat.send(bob, "read this when you can")
        await until(lambda: contact.bodies() == ["read this when you can"])
    finally:
        await app.close()
    # Bob reads it while Heron is away and Alice's phone is online: the marker is archived
    # and delivered to the phone, not kept for Heron as an offline message.
    phone = await start_marking_peer(server, alice, alice_pw, resource="phone")
    try:
        send_marker(contact, alice, str(contact.received[-1]["id"]), store=True)
        await until(lambda: len(phone.displayed) == 1)  # type: ignore[attr-defined]
    finally:
        await stop_peer(phone)
        await stop_peer(contact)
    app = await start_heron(profile, account_for(server, alice), alice_pw)
    try:
        assert await eventually(lambda: _outgoing_states(app, alice, bob),
                                lambda s: s == [DeliveryState.READ]) == [DeliveryState.READ]
    finally:
        await app.close()


async def test_a_new_profile_applies_a_marker_from_a_newer_page(server: Any, make_user: Callable,
                                                                tmp_path: Path) -> None:
    """The first catch-up pages back from the newest: the marker comes a page before the
    message it names, and still counts."""
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    phone = await start_marking_peer(server, alice, alice_pw, resource="phone")
    contact = await start_marking_peer(server, bob, bob_pw)
    try:
        phone.send_message(mto=bob, mbody="sent from my phone", mtype="chat")
        await until(lambda: contact.bodies() == ["sent from my phone"])
        send_marker(contact, alice, str(contact.received[-1]["id"]), store=True)
        await until(lambda: len(phone.displayed) == 1)  # type: ignore[attr-defined]
    finally:
        await stop_peer(contact)
        await stop_peer(phone)
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw,
                            connect=False)
    try:
        session = app.start_account(alice)
        session.mam.page_size = 1  # one result a page: the marker's page comes first
        assert await eventually(lambda: _outgoing_states(app, alice, bob),
                                lambda s: s == [DeliveryState.READ]) == [DeliveryState.READ]
    finally:
        await app.close()
