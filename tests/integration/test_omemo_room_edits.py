"""Corrections, retractions and reactions in an encrypted room (issue 11 point 5, XEP-0308 /
0424 / 0444 inside OMEMO, omemo_room_edits.py and omemo_own_edits.py), with real OMEMO peers
in a real members-only, non-anonymous room: an occupant's encrypted edit changes the right
message, and only the occupant whose real JID wrote it may correct or retract it; a plaintext
correction of a message that came encrypted is refused; Heron's own edits reach every occupant
encrypted, and nothing of them crosses the wire outside the encryption that need not."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from heron.core.errors import ErrorKind
from heron.core.events import Direction, ErrorReported, StoredMessage
from heron.crypto.omemo import OLDMEMO, TWOMEMO
from heron.xmpp.services.omemo_edits import REPLACE_TAG
from heron.xmpp.services.reactions import REACTION_TAG, REACTIONS_TAG
from heron.xmpp.services.retraction import RETRACT_TAG
from tests.helpers import until
from tests.integration.omemo_peers import OmemoChat, OmemoPeer, heron_and_peer, start_omemo_peer
from tests.integration.omemo_room_peers import RoomListener, enter, private_room, say_encrypted
from tests.integration.parties import Recorder, eventually, stop_peer
from tests.integration.rooms import room_address

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]
THUMB = "\U0001f44d"
EDIT_NAMESPACES = ("urn:xmpp:message-correct:0", "urn:xmpp:reactions:0",
                   "urn:xmpp:message-retract:1")


@dataclass
class EncryptedRoom:
    chat: OmemoChat  # Alice in Heron, Bob (the room's owner) on an OMEMO peer
    carol: OmemoPeer
    room: str
    bob_hears: RoomListener
    carol_hears: RoomListener

    async def rows(self, ok: Callable[[list[StoredMessage]], bool]) -> list[StoredMessage]:
        async def page() -> list[StoredMessage]:
            return list(await self.chat.app.repos.messages.page_before(
                self.chat.alice, self.room, None, 50))
        return await eventually(page, ok, 30)


@asynccontextmanager
async def encrypted_room(server: Any, make_user: Callable, tmp_path: Path, bob_kind: str,
                         carol_kind: str = "omemo2") -> AsyncIterator[EncryptedRoom]:
    async with heron_and_peer(server, make_user, tmp_path / "alice", bob_kind) as chat:
        carol_jid, carol_pw = make_user()
        carol = await start_omemo_peer(server, carol_jid, carol_pw, carol_kind)
        try:
            room = room_address(server, "edits")
            await private_room(chat.peer, room, "Bob", [chat.alice, carol_jid])
            await enter(carol.client, room, "Carol")
            hears = RoomListener(chat.peer, room), RoomListener(carol, room)
            session = chat.session
            await session.muc.join(room, "Alice")
            await until(lambda: {o.jid for o in session.muc.occupants(room)} >= {
                chat.bob, carol_jid}, 15)
            assert session.omemo.rooms.why_not(room) == ""
            yield EncryptedRoom(chat, carol, room, *hears)
        finally:
            await stop_peer(carol.client)


def _edit(tag: str, target: str, *values: str) -> ET.Element:
    element = ET.Element(tag, id=target)
    for value in values:
        ET.SubElement(element, REACTION_TAG).text = value
    return element


async def test_occupants_encrypted_edits_apply_only_from_the_author(
        server: Any, make_user: Callable, tmp_path: Path) -> None:
    """Bob (legacy: edits beside the payload) and Carol (OMEMO 2: inside the envelope)."""
    async with encrypted_room(server, make_user, tmp_path, "legacy") as r:
        alice, bob, carol = r.chat.alice, r.chat.peer, r.carol
        bob_id = await say_encrypted(bob, r.room, {alice}, "Meet at 5")
        first = (await r.rows(lambda rows: bool(rows and rows[0].stanza_id)))[0]
        assert (first.body, first.sender_resource) == ("Meet at 5", "Bob")
        ref = str(first.stanza_id)  # retractions and reactions name the room's id

        await say_encrypted(carol, r.room, {alice}, "Meet at 7",  # not Carol's to correct
                            extra=(_edit(REPLACE_TAG, bob_id),))
        await say_encrypted(carol, r.room, {alice}, "gone",  # nor to retract
                            extra=(_edit(RETRACT_TAG, ref),))
        await say_encrypted(bob, r.room, {alice}, "Meet at 6",
                            extra=(_edit(REPLACE_TAG, bob_id),))
        plain = bob.client.make_message(mto=r.room, mtype="groupchat", mbody="Meet at 9")
        plain["replace"]["id"] = bob_id  # in plaintext: refused for an encrypted message
        plain.send()
        await say_encrypted(carol, r.room, {alice}, THUMB,  # anyone may react
                            extra=(_edit(REACTIONS_TAG, ref, THUMB),))
        await say_encrypted(carol, r.room, {alice}, "see you")
        rows = await r.rows(lambda rows: len(rows) == 2 and bool(rows[0].reactions))
        assert [(m.body, m.corrected, m.retracted) for m in rows] == [
            ("Meet at 6", True, False), ("see you", False, False)]
        assert [emoji for emoji, _who in rows[0].reactions] == [THUMB]
        assert [text for _when, text in rows[0].versions] == ["Meet at 5"]  # 7 and 9: never

        await say_encrypted(bob, r.room, {alice}, "Bob deleted a message.",
                            extra=(_edit(RETRACT_TAG, ref),))
        await say_encrypted(carol, r.room, {alice}, "bye")
        rows = await r.rows(lambda rows: len(rows) == 3 and rows[0].retracted)
        assert rows[0].retracted and "Meet" not in rows[0].body
        assert [m.body for m in rows[1:]] == ["see you", "bye"]


async def test_own_edits_reach_every_occupant_inside_the_envelope(
        server: Any, make_user: Callable, tmp_path: Path) -> None:
    """Bob and Carol both read OMEMO 2: nothing of Heron's edits travels outside it."""
    async with encrypted_room(server, make_user, tmp_path, "both") as r:
        session, alice = r.chat.session, r.chat.alice
        await say_encrypted(r.chat.peer, r.room, {alice, r.carol.client.boundjid.bare},
                            "Lunch?")
        theirs = (await r.rows(lambda rows: bool(rows and rows[0].stanza_id)))[0]
        assert await session.muc.send(r.room, "Meet at 5")
        mine = (await r.rows(lambda rows: len(rows) == 2 and bool(rows[1].stanza_id)))[1]
        assert mine.direction is Direction.OUTGOING

        await session.chat.correct_last(r.room, str(mine.origin_id), "Meet at 6")
        await session.reactions.toggle(theirs, THUMB)
        corrected = (await r.rows(lambda rows: rows[1].body == "Meet at 6"))[1]
        assert corrected.body == "Meet at 6", corrected
        assert corrected.stanza_id  # the room's id came with its echo: retractions name it
        assert await session.retraction.retract(corrected) is not None
        for hears in (r.bob_hears, r.carol_hears):
            def from_alice(h: RoomListener = hears) -> list[tuple[str, str]]:
                return [(ns, text) for ns, who, text in h.decrypted if who == alice]
            await until(lambda f=from_alice: len(f()) == 4, 30)  # type: ignore[misc]
            assert from_alice()[:3] == [(TWOMEMO, "Meet at 5"), (TWOMEMO, "Meet at 6"),
                                        (TWOMEMO, "")]  # the reaction has no text
        for peer in (r.chat.peer, r.carol):
            inside = [(e.tag, e.get("id")) for envelope in peer.envelopes
                      for e in envelope.content if e.tag in (REPLACE_TAG, REACTIONS_TAG,
                                                             RETRACT_TAG)]
            assert inside == [(REPLACE_TAG, mine.origin_id), (REACTIONS_TAG, theirs.stanza_id),
                              (RETRACT_TAG, mine.stanza_id)]
            assert not any(THUMB in raw or "Meet at 6" in raw for raw in peer.raw)
            assert not any(ns in raw for raw in peer.raw for ns in EDIT_NAMESPACES)
        rows = await r.rows(lambda rows: rows[1].retracted and bool(rows[0].reactions))
        assert rows[0].reactions == ((THUMB, (alice,)),) and rows[1].retracted


async def test_own_edits_to_a_legacy_occupant(
        server: Any, make_user: Callable, tmp_path: Path) -> None:
    """Bob reads legacy OMEMO only: a correction's <replace/> beside the payload (its text
    encrypted); a reaction cannot be encrypted for him, so it is not sent and the user told."""
    async with encrypted_room(server, make_user, tmp_path, "legacy", "both") as r:
        session, alice = r.chat.session, r.chat.alice
        errors = Recorder(r.chat.app, ErrorReported)
        await say_encrypted(r.chat.peer, r.room, {alice}, "Lunch?")
        theirs = (await r.rows(lambda rows: bool(rows and rows[0].stanza_id)))[0]
        assert await session.muc.send(r.room, "Meet at 5")
        mine = (await r.rows(lambda rows: len(rows) == 2))[1]
        await session.chat.correct_last(r.room, str(mine.origin_id), "Meet at 6")
        await until(lambda: len(r.bob_hears.decrypted) == 2, 30)
        assert r.bob_hears.decrypted[1] == (OLDMEMO, alice, "Meet at 6")
        assert not any("Meet at 6" in body for body in r.bob_hears.bodies)
        assert any(str(mine.origin_id) in raw and "urn:xmpp:message-correct:0" in raw
                   for raw in r.chat.peer.raw)  # beside the payload, as Dino reads it

        await session.reactions.toggle(theirs, THUMB)
        await until(lambda: errors.of(ErrorReported), 30)
        told = errors.of(ErrorReported)[0]
        assert told.error is not None and told.error.kind is ErrorKind.OMEMO_REACTION_LEGACY
        rows = await r.rows(lambda rows: not rows[0].reactions)
        assert rows[0].reactions == ()
        assert await session.muc.send(r.room, "and one more")  # everything before it is out
        await until(lambda: len(r.bob_hears.decrypted) == 3, 30)
        assert r.bob_hears.decrypted[2] == (OLDMEMO, alice, "and one more")
        for peer in (r.chat.peer, r.carol):
            assert not any(THUMB in raw or "urn:xmpp:reactions:0" in raw for raw in peer.raw)
        # Carol reads it in her own time (the wait above was Bob's)
        await until(lambda: r.carol_hears.decrypted[-1:] == [(TWOMEMO, alice, "and one more")],
                    30, shown=lambda: r.carol_hears.decrypted[-2:])


@pytest.mark.parametrize("kind", ["legacy", "omemo2"])
async def test_encrypted_edits_in_the_rooms_archive_apply_when_joining(
        server: Any, make_user: Callable, tmp_path: Path, kind: str) -> None:
    """Bob corrects his message while Heron is out: its catch-up from the room's archive
    shows the corrected text, never the correction as a message of its own."""
    async with heron_and_peer(server, make_user, tmp_path / "alice", kind) as chat:
        room = room_address(server, "catchup")
        await private_room(chat.peer, room, "Bob", [chat.alice])
        bob_id = await say_encrypted(chat.peer, room, {chat.alice}, "Meet at 5")
        await say_encrypted(chat.peer, room, {chat.alice}, "Meet at 6",
                            extra=(_edit(REPLACE_TAG, bob_id),))
        await say_encrypted(chat.peer, room, {chat.alice}, "see you")
        await chat.session.muc.join(room, "Alice")  # the room's archive fills the history

        async def page() -> list[StoredMessage]:
            return list(await chat.app.repos.messages.page_before(chat.alice, room, None, 50))
        rows = await eventually(page, lambda rows: len(rows) >= 2 and rows[0].corrected, 60)
        assert [(m.body, m.corrected) for m in rows] == [("Meet at 6", True), ("see you", False)]


async def test_own_encrypted_edits_in_the_rooms_archive_are_no_messages(
        server: Any, make_user: Callable, tmp_path: Path) -> None:
    """Heron's own correction comes back from the room's archive when it joins again: not
    encrypted for this device (the one that sent it), it is neither a message nor a
    placeholder; what was said meanwhile is."""
    async with encrypted_room(server, make_user, tmp_path, "both") as r:
        session, alice = r.chat.session, r.chat.alice
        assert await session.muc.send(r.room, "Meet at 5")
        mine = (await r.rows(lambda rows: bool(rows and rows[0].stanza_id)))[0]
        await session.chat.correct_last(r.room, str(mine.origin_id), "Meet at 6")
        await until(lambda: len(r.bob_hears.decrypted) == 2, 30)
        await session.muc.leave(r.room)
        await say_encrypted(r.chat.peer, r.room, {alice}, "see you")  # while Heron is out
        await session.muc.join(r.room, "Alice")
        rows = await r.rows(lambda rows: len(rows) >= 2)
        # (the archive stamps whole seconds: the two may sort either way within one)
        assert sorted((m.body, m.direction.value) for m in rows) == [
            ("Meet at 6", "out"), ("see you", "in")]
