"""Message moderation (XEP-0425) with Heron as the room's moderator, real occupants reading, a
later joiner reading the room's archive, and a hostile occupant forging moderations."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from slixmpp import JID
from slixmpp.xmlstream import ET
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from heron.xmpp.services.room_moderation import NS0, NS1, RETRACT1, parse_moderation
from tests.adversarial.test_forged_stanzas import _rejections
from tests.helpers import until
from tests.integration.parties import account_for, start_heron, stop_peer
from tests.integration.rooms import enter, heron_with_two_occupants, room_address
from tests.integration.test_room_edits import room_stanza_id, row_with, said

pytestmark = [
    pytest.mark.asyncio, pytest.mark.integration,
    pytest.mark.server("prosody", reason="ejabberd 23.01 (Debian 12) has no XEP-0425; "
                       "Prosody has it through prosody-modules' mod_muc_moderation")]


async def test_a_moderator_removes_a_message_for_everyone_and_the_archive_keeps_it_removed(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    app, alice, bob, carol = await heron_with_two_occupants(server, make_user, tmp_path / "a")
    room = room_address(server, "moderated")
    seen: list[Any] = []  # what Bob, a reader, receives
    bob.register_handler(Callback("all", MatchXPath("{jabber:client}message"), seen.append))
    later = None
    try:
        session = app.sessions[alice]
        await session.muc.join(room, "Alice", create=True)  # owner, so moderator
        await enter(bob, room, "Bob")
        await enter(carol, room, "Carol")
        await until(lambda: session.room_moderation.can_moderate(room))
        said(carol, room, "buy cheap watches")
        said(bob, room, "good morning")
        spam = await row_with(app, alice, room, lambda m: m.body == "buy cheap watches"
                              and m.stanza_id)
        assert await session.room_moderation.moderate(spam, "Spam, again")
        # Bob's client hears it from the room; here the message is a tombstone with the reason.
        await until(lambda: any(parse_moderation(m.xml) for m in seen))
        assert [parse_moderation(m.xml) for m in seen if parse_moderation(m.xml)] == [
            (room_stanza_id(bob, room, "buy cheap watches"), "Spam, again")]
        gone = await row_with(app, alice, room, lambda m: m.pk == spam.pk and m.retracted)
        assert (gone.body, gone.failure_condition, gone.failure_text) == (
            "", "moderated", "Spam, again")
        # Someone who joins later reads the room's archive: removed there too, with the reason.
        dave, dave_pw = make_user()
        later = await start_heron(tmp_path / "d", account_for(server, dave), dave_pw)
        await later.sessions[dave].muc.join(room, "Dave")
        rows = await row_with(later, dave, room, lambda m: m.body == "good morning")
        assert rows is not None
        tomb = await row_with(later, dave, room, lambda m: m.retracted)
        assert (tomb.body, tomb.failure_condition, tomb.failure_text, tomb.sender_resource) == (
            "", "moderated", "Spam, again", "Carol")
        assert "buy cheap watches" not in [
            m.body for m in await later.repos.messages.page_before(dave, room, None, 100)]
    finally:
        await stop_peer(bob)
        await stop_peer(carol)
        if later is not None:
            await later.close()
        await app.close()


def _forged(peer: Any, to: str, target: str, mtype: str) -> None:
    msg = peer.make_message(mto=JID(to), mtype=mtype)
    retract = ET.SubElement(msg.xml, f"{{{RETRACT1}}}retract", {"id": target})
    ET.SubElement(retract, f"{{{NS1}}}moderated", {"by": "x"})
    ET.SubElement(retract, f"{{{NS1}}}reason").text = "forged"
    msg.send()
    old = peer.make_message(mto=JID(to), mtype=mtype)
    apply_to = ET.SubElement(old.xml, "{urn:xmpp:fasten:0}apply-to", {"id": target})
    moderated = ET.SubElement(apply_to, f"{{{NS0}}}moderated", {"by": "x"})
    ET.SubElement(moderated, "{urn:xmpp:message-retract:0}retract")
    old.send()


async def test_an_occupant_cannot_forge_a_moderation(server: Any, make_user: Any,
                                                     tmp_path: Path,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, "heron.policy")
    app, alice, bob, mallory = await heron_with_two_occupants(server, make_user, tmp_path / "a")
    room = room_address(server, "forged")
    try:
        session = app.sessions[alice]
        await session.muc.join(room, "Alice", create=True)
        await enter(bob, room, "Bob")
        await enter(mallory, room, "Mallory")
        said(bob, room, "an honest message")
        original = await row_with(app, alice, room, lambda m: m.body == "an honest message"
                                  and m.stanza_id)
        assert original.stanza_id
        _forged(mallory, room, original.stanza_id, "groupchat")  # to everyone in the room
        _forged(mallory, f"{room}/Alice", original.stanza_id, "chat")  # a PM through the room
        await until(lambda: _rejections(caplog, "moderation").count("not-from-room") >= 4)
        said(bob, room, "still here")
        await row_with(app, alice, room, lambda m: m.body == "still here")
        await app.pipeline.drain()
        kept = await app.repos.messages.get(original.pk)
        assert kept is not None
        assert (kept.body, kept.retracted) == ("an honest message", False)
    finally:
        await stop_peer(bob)
        await stop_peer(mallory)
        await app.close()
