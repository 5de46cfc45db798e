"""XEP-0444 reactions and XEP-0461 replies between Heron and a second real client, through the
real server: sent, received live, replaced, cleared, kept across a restart and caught up from
the archive."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from heron.core.events import DeliveryState, MessageUpdated, StoredMessage
from heron.xmpp.services.reactions import NS as REACTIONS_NS
from heron.xmpp.services.replies import FALLBACK_NS
from heron.xmpp.services.replies import NS as REPLY_NS
from tests.helpers import until
from tests.integration.parties import (
    Peer,
    Recorder,
    account_for,
    eventually,
    start_heron,
    start_peer,
    stop_peer,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def messages(app: Any, account: str, peer: str) -> list[StoredMessage]:
    return list(await app.repos.messages.page_before(account, peer, None, 1000))


def send_reactions(client: Any, to: str, target_id: str, *emojis: str) -> None:
    """What Conversations and Dino send: the whole set, a store hint, no body."""
    msg = client.make_message(mto=to, mtype="chat")
    element = ET.SubElement(msg.xml, f"{{{REACTIONS_NS}}}reactions", {"id": target_id})
    for emoji in emojis:
        ET.SubElement(element, f"{{{REACTIONS_NS}}}reaction").text = emoji
    ET.SubElement(msg.xml, "{urn:xmpp:hints}store")
    msg.send()


def record_reactions(peer: Peer) -> list[Any]:
    got: list[Any] = []
    peer.register_plugin("xep_0444")
    peer.add_event_handler("reactions", got.append)
    return got


def reactions_of(stored: list[StoredMessage], body: str) -> dict[str, tuple[str, ...]]:
    return dict(next(m for m in stored if m.body == body).reactions)


async def test_reactions_both_ways_replace_clear_and_survive_a_restart(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    rec = Recorder(app, MessageUpdated)
    peer = await start_peer(server, bob, bob_pw)
    got = record_reactions(peer)
    try:
        session = app.sessions[alice]
        info = await peer.plugin["xep_0030"].get_info(jid=session.client.boundjid, timeout=10)
        assert REACTIONS_NS in info["disco_info"]["features"]
        assert REPLY_NS in info["disco_info"]["features"]
        peer.send_message(mto=alice, mbody="lunch at noon?", mtype="chat")
        await session.chat.send(bob, "sounds good")
        stored = await eventually(lambda: messages(app, alice, bob),
                                  lambda ms: len(ms) == 2 and all(
                                      m.state is not DeliveryState.PENDING for m in ms))
        theirs = next(m for m in stored if m.body == "lunch at noon?")
        ours = next(m for m in stored if m.body == "sounds good")

        # Heron reacts to the peer's message: the stanza names the message's id.
        updated = await session.reactions.toggle(theirs, "👍")
        assert updated is not None and dict(updated.reactions) == {"👍": (alice,)}
        await until(lambda: len(got) == 1)
        element = got[0].xml.find(f"{{{REACTIONS_NS}}}reactions")
        assert element.get("id") == theirs.message_id
        assert [r.text for r in element] == ["👍"]
        assert got[0].xml.find("{urn:xmpp:hints}store") is not None
        # Toggling again sends the empty set (clears it).
        await session.reactions.toggle(theirs, "👍")
        await until(lambda: len(got) == 2)
        assert len(got[1].xml.find(f"{{{REACTIONS_NS}}}reactions")) == 0

        # The peer reacts to ours, then replaces its set, then adds to it.
        assert ours.message_id
        send_reactions(peer, alice, ours.message_id, "❤️")
        await until(lambda: any(dict(e.message.reactions) == {"❤️": (bob,)}
                                for e in rec.of(MessageUpdated)))
        send_reactions(peer, alice, ours.message_id, "😂", "🎉")
        now = await eventually(lambda: messages(app, alice, bob),
                               lambda ms: reactions_of(ms, "sounds good") == {
                                   "😂": (bob,), "🎉": (bob,)})
        assert reactions_of(now, "sounds good") == {"😂": (bob,), "🎉": (bob,)}
        assert reactions_of(now, "lunch at noon?") == {}
        # A reaction is no message: nothing new in the conversation.
        assert len(now) == 2
    finally:
        await stop_peer(peer)
        await app.close()
    again = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw,
                              connect=False)
    try:
        assert reactions_of(await messages(again, alice, bob), "sounds good") == {
            "😂": (bob,), "🎉": (bob,)}
    finally:
        await again.close()


async def test_reactions_from_the_archive_apply_in_the_catch_up(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    peer = await start_peer(server, bob, bob_pw)
    try:
        await app.sessions[alice].chat.send(bob, "did you see the game?")
        await until(lambda: len(peer.received) == 1)
        target = str(peer.received[0]["id"])
        await app.close()
        # Alice's phone is online meanwhile: the server delivers to it (no offline storage)
        # and archives; Heron finds both in the archive only.
        phone = await start_peer(server, alice, alice_pw, resource="phone")
        send_reactions(peer, alice, target, "🔥")
        peer.send_message(mto=alice, mbody="yes!", mtype="chat")
        await until(lambda: phone.bodies() == ["yes!"])
        await stop_peer(phone)
        app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
        stored = await eventually(lambda: messages(app, alice, bob),
                                  lambda ms: bool(reactions_of(ms, "did you see the game?")))
        assert reactions_of(stored, "did you see the game?") == {"🔥": (bob,)}
        assert [m.body for m in stored] == ["did you see the game?", "yes!"]
    finally:
        await stop_peer(peer)
        await app.close()


async def test_replies_both_ways_carry_the_fallback_and_show_without_it(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    peer = await start_peer(server, bob, bob_pw)
    peer.register_plugin("xep_0461")
    try:
        session = app.sessions[alice]
        peer.send_message(mto=alice, mbody="where shall we meet?\nany idea", mtype="chat")
        [question] = await eventually(lambda: messages(app, alice, bob), lambda ms: len(ms) == 1)

        assert await session.chat.send(bob, "at the station", reply_to=question)
        await until(lambda: len(peer.received) == 1)
        sent = peer.received[0]
        body = str(sent["body"])
        reply = sent.xml.find(f"{{{REPLY_NS}}}reply")
        assert reply is not None and reply.get("id") == question.message_id
        assert reply.get("to", "").startswith(bob)
        fallback = sent.xml.find(f"{{{FALLBACK_NS}}}fallback")
        assert fallback is not None and fallback.get("for") == REPLY_NS
        part = fallback.find(f"{{{FALLBACK_NS}}}body")
        start, end = int(part.get("start")), int(part.get("end"))
        assert body[start:end] == "> where shall we meet?\n> any idea\n"
        assert body[end:] == "at the station"
        ours = await eventually(lambda: messages(app, alice, bob), lambda ms: len(ms) == 2)
        assert ours[1].body == "at the station"  # stored without the fallback
        assert ours[1].reply is not None and ours[1].reply.pk == question.pk

        # The peer replies to ours the way slixmpp's XEP-0461 plugin does it.
        answer = peer.plugin["xep_0461"].make_reply(
            alice, ours[1].message_id, fallback="at the station", quoted_nick="Alice",
            mto=alice, mbody="see you there", mtype="chat")
        answer.send()
        stored = await eventually(lambda: messages(app, alice, bob), lambda ms: len(ms) == 3)
        last = stored[2]
        assert last.body == "see you there"
        assert last.reply is not None and last.reply.pk == ours[1].pk and last.reply.outgoing
        assert last.reply.text == "at the station"
        assert await app.repos.messages.search(alice, "Alice") == []  # the quote is not text
    finally:
        await stop_peer(peer)
        await app.close()


async def test_a_reply_written_offline_goes_out_as_a_reply_after_a_restart(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    account = account_for(server, alice)
    app = await start_heron(tmp_path / "alice", account, alice_pw)
    peer = await start_peer(server, bob, bob_pw)
    try:
        peer.send_message(mto=alice, mbody="bring the map?", mtype="chat")
        [question] = await eventually(lambda: messages(app, alice, bob), lambda ms: len(ms) == 1)
        await app.close()
        app = await start_heron(tmp_path / "alice", account, alice_pw, connect=False)
        app.start_account(alice)  # a session exists, but the reply is written before it is online
        assert await app.sessions[alice].chat.send(bob, "yes, and a torch", reply_to=question)
        await app.close()
        app = await start_heron(tmp_path / "alice", account, alice_pw)
        await until(lambda: peer.bodies()[-1:] == ["> bring the map?\nyes, and a torch"], 15)
        reply = peer.received[-1].xml.find(f"{{{REPLY_NS}}}reply")
        assert reply is not None and reply.get("id") == question.message_id
    finally:
        await stop_peer(peer)
        await app.close()


async def test_our_reaction_from_another_client_arrives_as_a_carbon(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    peer = await start_peer(server, bob, bob_pw)
    phone = await start_peer(server, alice, alice_pw, resource="phone")
    try:
        peer.send_message(mto=alice, mbody="photo from the trip", mtype="chat")
        [theirs] = await eventually(lambda: messages(app, alice, bob), lambda ms: len(ms) == 1)
        assert theirs.message_id
        send_reactions(phone, bob, theirs.message_id, "😍")
        stored = await eventually(lambda: messages(app, alice, bob),
                                  lambda ms: bool(ms[0].reactions))
        assert stored[0].reactions == (("😍", (alice,)),)  # ours, not Bob's
    finally:
        await stop_peer(phone)
        await stop_peer(peer)
        await app.close()
