"""Corrections, retractions, reactions and replies in a room (XEP-0308/0424/0444/0461 in
XEP-0045) between Heron and real slixmpp occupants, bound to the occupant who wrote."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from slixmpp import JID
from slixmpp.xmlstream import ET
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from heron.core.events import Direction, StoredMessage
from tests.helpers import until
from tests.integration.parties import Peer, account_for, eventually, start_heron
from tests.integration.rooms import (
    create_room,
    enter,
    heron_with_two_occupants,
    room_address,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

SID = "{urn:xmpp:sid:0}stanza-id"


async def rows(app: Any, account: str, room: str) -> list[StoredMessage]:
    return await app.repos.messages.page_before(account, room, None, 1000)


async def row_with(app: Any, account: str, room: str, pred: Any) -> StoredMessage:
    found = await eventually(lambda: rows(app, account, room),
                             lambda rs: any(pred(m) for m in rs))
    return next(m for m in found if pred(m))


def room_stanza_id(peer: Peer, room: str, body: str) -> str:
    """The id the room gave ``body`` (XEP-0359, ``by`` the room), as ``peer`` received it."""
    msg = next(m for m in peer.received if str(m["body"]) == body)
    sid = next(e for e in msg.xml.findall(SID) if e.get("by") == room)
    return str(sid.get("id"))


def send_edit(peer: Peer, room: str, build: Any, body: str | None = None) -> None:
    msg = peer.make_message(mto=JID(room), mbody=body, mtype="groupchat")
    build(msg.xml)
    ET.SubElement(msg.xml, "{urn:xmpp:hints}store")  # XEP-0334: archived without a body
    msg.send()


def correct(peer: Peer, room: str, original_id: str, text: str) -> None:
    send_edit(peer, room, lambda x: ET.SubElement(
        x, "{urn:xmpp:message-correct:0}replace", {"id": original_id}), text)


def retract(peer: Peer, room: str, ref: str) -> None:
    send_edit(peer, room, lambda x: ET.SubElement(
        x, "{urn:xmpp:message-retract:1}retract", {"id": ref}))


def react(peer: Peer, room: str, ref: str, *emojis: str) -> None:
    def build(x: Any) -> None:
        element = ET.SubElement(x, "{urn:xmpp:reactions:0}reactions", {"id": ref})
        for emoji in emojis:
            ET.SubElement(element, "{urn:xmpp:reactions:0}reaction").text = emoji
    send_edit(peer, room, build)


def said(peer: Peer, room: str, text: str) -> str:
    """Say ``text`` in the room; returns the message's id attribute."""
    msg = peer.make_message(mto=JID(room), mbody=text, mtype="groupchat")
    msg.send()
    return str(msg["id"])


async def room_of_three(server: Any, make_user: Any, tmp_path: Path, owner_is_bob: bool = True,
                        ) -> tuple[Any, str, Peer, Peer, str]:
    """Heron (as Alice) with Bob and Carol in a fresh room; the owner is Bob, or Carol (as
    "Owner"). Returns (app, alice, bob, carol, room)."""
    app, alice, bob, carol = await heron_with_two_occupants(server, make_user, tmp_path / "a")
    room = room_address(server, "edits")
    if owner_is_bob:
        await create_room(bob, room, "Bob")
        await enter(carol, room, "Carol")
    else:
        await create_room(carol, room, "Owner")
        await enter(bob, room, "Bob")
    await app.sessions[alice].muc.join(room, "Alice")
    return app, alice, bob, carol, room


async def test_occupants_correct_retract_and_react_to_their_own_messages(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    app, alice, bob, carol, room = await room_of_three(server, make_user, tmp_path)
    first = said(bob, room, "helo everyone")
    said(bob, room, "second thought")
    await until(lambda: {"helo everyone", "second thought"} <= set(carol.bodies()))
    original = await row_with(app, alice, room, lambda m: m.body == "helo everyone")
    assert original.stanza_id == room_stanza_id(carol, room, "helo everyone")

    correct(bob, room, first, "hello everyone")
    fixed = await row_with(app, alice, room, lambda m: m.body == "hello everyone")
    assert fixed.pk == original.pk and fixed.corrected
    assert [v[1] for v in fixed.versions] == ["helo everyone"]

    sid = room_stanza_id(carol, room, "helo everyone")
    react(bob, room, sid, "👍")
    react(carol, room, sid, "👍", "🎉")
    reacted = await row_with(app, alice, room, lambda m: m.pk == original.pk and len(
        m.reactions) == 2 and len(dict(m.reactions)["👍"]) == 2)
    assert {s.rsplit("/", 1)[1] for s in dict(reacted.reactions)["👍"]} == {"Bob", "Carol"}
    react(carol, room, sid)  # an empty set takes Carol's back
    await row_with(app, alice, room, lambda m: m.pk == original.pk and [
        (e, [s.rsplit("/", 1)[1] for s in who]) for e, who in m.reactions] == [("👍", ["Bob"])])

    second = room_stanza_id(carol, room, "second thought")
    retract(bob, room, second)
    gone = await row_with(app, alice, room, lambda m: m.stanza_id == second and m.retracted)
    assert gone.body == ""


async def test_a_nick_taken_again_cannot_edit_the_earlier_persons_messages(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    app, alice, bob, carol, room = await room_of_three(server, make_user, tmp_path,
                                                       owner_is_bob=False)
    first = said(bob, room, "Bob's own words")
    await row_with(app, alice, room, lambda m: m.body == "Bob's own words")
    await until(lambda: "Bob's own words" in carol.bodies())
    sid = room_stanza_id(carol, room, "Bob's own words")
    bob.plugin["xep_0045"].leave_muc(JID(room), "Bob")
    await until(lambda: "Bob" not in {o.nick for o in app.sessions[alice].muc.occupants(room)})
    # Carol leaves as Owner and comes back as "Bob": same nick, another person.
    carol.plugin["xep_0045"].leave_muc(JID(room), "Owner")
    await until(lambda: "Owner" not in {o.nick for o in app.sessions[alice].muc.occupants(room)})
    await enter(carol, room, "Bob")
    await until(lambda: "Bob" in {o.nick for o in app.sessions[alice].muc.occupants(room)})
    correct(carol, room, first, "Bob says he was wrong")
    retract(carol, room, sid)
    said(carol, room, "done")  # after her edits: once it is stored, they were handled
    await row_with(app, alice, room, lambda m: m.body == "done")
    await app.pipeline.drain()
    kept = next(m for m in await rows(app, alice, room) if m.stanza_id == sid)
    assert (kept.body, kept.corrected, kept.retracted) == ("Bob's own words", False, False)


async def test_heron_corrects_retracts_reacts_and_replies_in_a_room(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    app, alice, bob, carol, room = await room_of_three(server, make_user, tmp_path)
    session = app.sessions[alice]
    said(bob, room, "who brings cake?")
    theirs = await row_with(app, alice, room, lambda m: m.body == "who brings cake?"
                            and m.stanza_id)
    assert await session.muc.send(room, "I do", reply_to=theirs)
    await until(lambda: "I do" in [str(m["body"]).split("\n")[-1] for m in carol.received])
    reply = next(m for m in carol.received if str(m["body"]).endswith("I do"))
    element = reply.xml.find("{urn:xmpp:reply:0}reply")
    assert (element.get("id"), element.get("to")) == (theirs.stanza_id, f"{room}/Bob")
    mine = await row_with(app, alice, room, lambda m: m.direction is Direction.OUTGOING
                          and m.body == "I do" and m.stanza_id)
    assert mine.reply is not None and mine.reply.pk == theirs.pk

    await session.chat.correct_last(room, mine.message_id or "", "I do!")
    await until(lambda: any(m.xml.find("{urn:xmpp:message-correct:0}replace") is not None
                            for m in carol.received))
    fixed = await row_with(app, alice, room, lambda m: m.pk == mine.pk and m.body == "I do!")
    assert fixed.corrected

    seen: list[Any] = []
    bob.register_handler(Callback("all", MatchXPath("{jabber:client}message"), seen.append))
    await session.reactions.toggle(theirs, "🎂")
    await until(lambda: tagged(seen, "{urn:xmpp:reactions:0}reactions"))
    assert tagged(seen, "{urn:xmpp:reactions:0}reactions") == [theirs.stanza_id]
    shown = await row_with(app, alice, room, lambda m: m.pk == theirs.pk and m.reactions)
    assert shown.reactions == (("🎂", (alice,)),)  # ours once, not again as "Alice"

    await session.retraction.retract(fixed)
    await until(lambda: tagged(seen, "{urn:xmpp:message-retract:1}retract"))
    assert tagged(seen, "{urn:xmpp:message-retract:1}retract") == [mine.stanza_id]
    await row_with(app, alice, room, lambda m: m.pk == mine.pk and m.retracted)


def tagged(messages: list[Any], tag: str) -> list[str]:
    """The ids that the ``tag`` elements of ``messages`` name."""
    return [str(e.get("id")) for m in messages for e in m.xml.findall(tag)]


async def test_a_later_joiner_reads_the_edits_from_the_rooms_archive(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    """Edits in the archive are never messages of their own; where the archive says who sent
    them (XEP-0421 occupant-ids: Prosody) they apply, by the same rule as live ones."""
    app, alice, bob, carol, room = await room_of_three(server, make_user, tmp_path)
    later = None
    try:
        first = said(bob, room, "teh plan")
        said(bob, room, "oops, wrong room")
        await until(lambda: "oops, wrong room" in carol.bodies())
        correct(bob, room, first, "the plan")
        retract(bob, room, room_stanza_id(carol, room, "oops, wrong room"))
        react(carol, room, room_stanza_id(carol, room, "teh plan"), "👍")
        await row_with(app, alice, room, lambda m: m.retracted)
        dave, dave_pw = make_user()
        later = await start_heron(tmp_path / "d", account_for(server, dave), dave_pw)
        await later.sessions[dave].muc.join(room, "Dave")
        shown = await eventually(lambda: rows(later, dave, room), lambda rs: len(rs) >= 2)
        await later.pipeline.drain()
        shown = await rows(later, dave, room)
        # No correction, deletion or reaction became a message of its own. A server that
        # applies deletions to its archive (ejabberd 24) leaves the deleted message out.
        bodies = [m.body for m in shown]
        assert len(shown) in (1, 2) and shown[0].body in ("teh plan", "the plan"), bodies
        assert all(m.body == "oops, wrong room" or m.retracted for m in shown[1:]), bodies
        if room in later.sessions[dave].room_edits._offers_ids:
            shown = await eventually(
                lambda: rows(later, dave, room),
                lambda rs: rs[0].body == "the plan" and all(m.retracted for m in rs[1:]))
            assert (shown[0].body, shown[0].corrected) == ("the plan", True)
            assert all(m.retracted for m in shown[1:])
            assert [e for e, _who in shown[0].reactions] == ["👍"]
    finally:
        if later is not None:
            await later.close()
