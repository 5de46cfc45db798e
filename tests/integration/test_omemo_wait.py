"""Sending without waiting for OMEMO (issue 11): a message to a contact without OMEMO goes out
at once, also right after login (it does not wait for OMEMO to start); a contact who starts
OMEMO while Heron runs gets the next message encrypted; a chat encrypted before a restart stays
encrypted right after it, before the contact's device list has arrived."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from heron.core.events import DeliveryState, MessageUpdated
from heron.crypto.omemo import BOTH
from tests.helpers import until
from tests.integration.heron_process import befriend
from tests.integration.omemo_peers import start_omemo_peer
from tests.integration.parties import (
    account_for,
    eventually,
    start_heron,
    start_peer,
    stop_peer,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

#: The bubble's ticks once our server has the message (a receipt may overtake the ack)
ACKED = (DeliveryState.SENT, DeliveryState.DELIVERED, DeliveryState.READ)


async def test_first_message_after_login_to_a_contact_without_omemo_does_not_wait_for_omemo(
        server, make_user: Callable, tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    bob_client = await start_peer(server, bob, bob_pw)  # a plain client: no OMEMO at all
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    try:
        omemo = app.sessions[alice].omemo
        # What the user sees, in order: Bob has the message and its bubble says "sent" while
        # Heron's OMEMO is still starting (a fresh profile makes its keys and publishes them).
        ready_when: dict[str, bool] = {}
        bob_client.add_event_handler(
            "message", lambda _m: ready_when.setdefault("bob has it", omemo.ready.is_set()))
        app.bus.subscribe(MessageUpdated, lambda e: e.message.state in ACKED
                          and ready_when.setdefault("sent", omemo.ready.is_set()))
        assert not omemo.ready.is_set()
        assert await app.sessions[alice].chat.send(bob, "hello right after login")
        # (Not a timing: the old way took 15 s here and then sent it after all.)
        await until(lambda: bob_client.bodies() == ["hello right after login"], 30)
        await until(lambda: "sent" in ready_when, 30)
        assert ready_when == {"bob has it": False, "sent": False}
        await until(omemo.ready.is_set, 60)  # OMEMO does start, and changes nothing for Bob
        assert await omemo.choice(bob) is None  # nothing stored: the default still decides
        assert not await omemo.chat_encrypted(bob)
    finally:
        await stop_peer(bob_client)
        await app.close()


async def test_a_chat_waiting_for_omemo_to_start_does_not_hold_up_a_plain_one(
        server, make_user: Callable, tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    carol, carol_pw = make_user()
    bob_client = await start_peer(server, bob, bob_pw)  # no OMEMO
    carol_omemo = await start_omemo_peer(server, carol, carol_pw, "legacy")
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    try:
        omemo = app.sessions[alice].omemo
        seen_by_bob: list[tuple[bool, list[tuple[str, str]]]] = []
        bob_client.add_event_handler("message", lambda _m: seen_by_bob.append(
            (omemo.ready.is_set(), list(carol_omemo.decrypted))))
        assert not omemo.ready.is_set()
        # Carol's message must wait for OMEMO (it is encrypted); Bob's, written after it,
        # goes out at once: Bob has it while Carol's still waits.
        assert await app.sessions[alice].chat.send(carol, "for Carol, encrypted")
        assert await app.sessions[alice].chat.send(bob, "for Bob, plain")
        await until(lambda: bob_client.bodies() == ["for Bob, plain"], 30)
        assert seen_by_bob[0] == (False, [])
        await until(lambda: [t for _ns, t in carol_omemo.decrypted] == ["for Carol, encrypted"],
                    30)
    finally:
        await stop_peer(carol_omemo.client)
        await stop_peer(bob_client)
        await app.close()


@pytest.mark.parametrize("kind", ["legacy", "omemo2"])
async def test_contact_who_starts_omemo_while_heron_runs_gets_the_next_message_encrypted(
        server, make_user: Callable, tmp_path: Path, kind: str) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    await befriend(server, (alice, alice_pw), (bob, bob_pw))  # Bob's changes reach Heron
    bob_plain = await start_peer(server, bob, bob_pw)
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    session = app.sessions[alice]
    bob_omemo = None
    try:
        assert await session.chat.send(bob, "before")
        await until(lambda: bob_plain.bodies() == ["before"], 15)
        await until(session.omemo.ready.is_set, 60)
        # Bob installs an OMEMO client: it publishes his device list; the server tells Heron.
        bob_omemo = await start_omemo_peer(server, bob, bob_pw, kind)
        # What the chat's lock shows turns on (no restart, no minute-long cache to run out).
        assert await eventually(lambda: session.omemo.chat_encrypted(bob), bool, 30)
        assert await session.chat.send(bob, "after")
        await until(lambda: [t for _ns, t in bob_omemo.decrypted] == ["after"], 30)
        assert bob_plain.bodies()[0] == "before"
        assert all("after" not in str(m) for m in bob_plain.received)  # never in plaintext
    finally:
        if bob_omemo is not None:
            await stop_peer(bob_omemo.client)
        await stop_peer(bob_plain)
        await app.close()


async def test_chat_encrypted_before_a_restart_is_encrypted_right_after_it(
        server, make_user: Callable, tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    profile = tmp_path / "alice"
    app = await start_heron(profile, account_for(server, alice), alice_pw)
    bob_omemo = await start_omemo_peer(server, bob, bob_pw, "legacy")
    try:
        await until(app.sessions[alice].omemo.ready.is_set, 60)
        assert await app.sessions[alice].chat.send(bob, "one")
        await until(lambda: [t for _ns, t in bob_omemo.decrypted] == ["one"], 30)
        await app.close()
        app = await start_heron(profile, account_for(server, alice), alice_pw)
        omemo = app.sessions[alice].omemo
        # Right after the restart: OMEMO not started, Bob's device list not known yet.
        assert not omemo.ready.is_set()
        assert all(not omemo.device_lists.current(bob, ns) for ns in BOTH)
        assert await app.sessions[alice].chat.send(bob, "two")
        await until(lambda: [t for _ns, t in bob_omemo.decrypted] == ["one", "two"], 30,
                    shown=bob_omemo.client.bodies)
        assert all("two" not in str(m) for m in bob_omemo.encrypted_stanzas)
        assert all("two" not in str(m) for m in bob_omemo.client.received)
    finally:
        await stop_peer(bob_omemo.client)
        await app.close()
