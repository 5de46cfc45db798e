"""Corrections, retractions and reactions that arrive encrypted (issue 11, XEP-0308/0424/0444
inside OMEMO), from a legacy-only peer (the edit beside the payload, as Conversations and Dino
send it) and an OMEMO-2-only peer (inside the XEP-0420 envelope): they change the original
message and never show as messages of their own; a correction that comes in plaintext may not
change a message that came encrypted."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from heron.crypto.omemo import OLDMEMO, TWOMEMO
from heron.xmpp.services.omemo_edits import REPLACE_TAG
from heron.xmpp.services.reactions import REACTION_TAG, REACTIONS_TAG
from heron.xmpp.services.retraction import RETRACT_TAG
from tests.helpers import until
from tests.integration.omemo_peers import encrypted_stanza, heron_and_peer, send_encrypted
from tests.integration.parties import eventually

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]
KINDS = ["legacy", "omemo2"]


def _edit(tag: str, target: str, *values: str) -> ET.Element:
    element = ET.Element(tag, id=target)
    for value in values:
        ET.SubElement(element, REACTION_TAG).text = value
    return element


async def _rows(chat: Any, count: int) -> list[Any]:
    async def page() -> list[Any]:
        return list(await chat.app.repos.messages.page_before(chat.alice, chat.bob, None, 20))
    return await eventually(page, lambda rows: len(rows) == count)


async def _first(chat: Any, text: str) -> str:
    """The peer sends ``text`` encrypted; its message id once Heron shows it."""
    stanza = await encrypted_stanza(chat.peer, chat.alice, text)
    stanza.send()
    await _rows(chat, 1)
    return str(stanza["id"])


@pytest.mark.parametrize("kind", KINDS)
async def test_encrypted_correction_replaces_the_text(
        server: Any, make_user: Callable, tmp_path: Path, kind: str) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", kind) as chat:
        target = await _first(chat, "Meet at 5")
        await send_encrypted(chat.peer, chat.alice, "Meet at 6",
                             extra=(_edit(REPLACE_TAG, target),))
        await send_encrypted(chat.peer, chat.alice, "see you")  # all before it is handled
        rows = await _rows(chat, 2)
        assert [(m.body, m.corrected) for m in rows] == [("Meet at 6", True),
                                                          ("see you", False)]


@pytest.mark.parametrize("kind", KINDS)
async def test_plaintext_correction_of_an_encrypted_message_is_refused(
        server: Any, make_user: Callable, tmp_path: Path, kind: str) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", kind) as chat:
        target = await _first(chat, "The code is 4711")
        forged = chat.peer.client.make_message(mto=chat.alice, mbody="The code is 0000",
                                               mtype="chat")
        forged["replace"]["id"] = target
        forged.send()
        await send_encrypted(chat.peer, chat.alice, "see you")
        rows = await _rows(chat, 2)
        assert [(m.body, m.corrected) for m in rows] == [("The code is 4711", False),
                                                          ("see you", False)]


@pytest.mark.parametrize("kind", KINDS)
async def test_encrypted_retraction_deletes_the_message(
        server: Any, make_user: Callable, tmp_path: Path, kind: str) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", kind) as chat:
        target = await _first(chat, "Oops, wrong chat")
        await send_encrypted(chat.peer, chat.alice, "Bob deleted a message.",
                             extra=(_edit(RETRACT_TAG, target),))
        await send_encrypted(chat.peer, chat.alice, "see you")
        rows = await _rows(chat, 2)
        assert [(m.retracted, m.body) for m in rows][1] == (False, "see you")
        assert rows[0].retracted and "Oops" not in rows[0].body


@pytest.mark.parametrize("kind", KINDS)
async def test_encrypted_reaction_is_shown_on_the_message(
        server: Any, make_user: Callable, tmp_path: Path, kind: str) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", kind) as chat:
        target = await _first(chat, "Lunch?")
        await send_encrypted(chat.peer, chat.alice, "\U0001f44d",
                             extra=(_edit(REACTIONS_TAG, target, "\U0001f44d"),))
        await send_encrypted(chat.peer, chat.alice, "see you")
        rows = await _rows(chat, 2)
        assert [m.body for m in rows] == ["Lunch?", "see you"]
        assert rows[0].reactions == (("\U0001f44d", (chat.bob,)),)


async def test_correction_that_cannot_be_decrypted_changes_nothing(
        server: Any, make_user: Callable, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "legacy") as chat:
        target = await _first(chat, "Meet at 5")
        stanza = await encrypted_stanza(chat.peer, chat.alice, "Meet at 6",
                                        extra=(_edit(REPLACE_TAG, target),))
        for key in stanza.xml.iter(f"{{{OLDMEMO}}}key"):
            key.set("rid", "1")  # encrypted for a device that is not this one
        stanza.send()
        rows = await _rows(chat, 2)  # the placeholder, as for any unreadable message
        assert (rows[0].body, rows[0].corrected) == ("Meet at 5", False)
        assert rows[1].body.startswith("This message was encrypted for a device")


async def _heron_corrects(chat: Any) -> str:
    """Heron sends "Meet at 5" and corrects it to "Meet at 6"; the first one's id once the
    peer has read both."""
    assert await chat.session.chat.send(chat.bob, "Meet at 5")
    await until(lambda: len(chat.peer.decrypted) == 1, 30)
    target = (await _rows(chat, 1))[0].origin_id
    await chat.session.chat.correct_last(chat.bob, target, "Meet at 6")
    await until(lambda: len(chat.peer.decrypted) == 2, 30)
    return str(target)


async def test_own_omemo2_correction_travels_inside_the_envelope(
        server: Any, make_user: Callable, tmp_path: Path) -> None:
    """Heron corrects a message to an OMEMO-2-only peer (as Kaidan): the <replace/> is in the
    decrypted XEP-0420 content, and the server sees none beside the payload."""
    async with heron_and_peer(server, make_user, tmp_path / "alice", "omemo2") as chat:
        target = await _heron_corrects(chat)
        assert chat.peer.decrypted[1] == (TWOMEMO, "Meet at 6")
        inside = [e for e in chat.peer.envelopes[1].content if e.tag == REPLACE_TAG]
        assert [e.get("id") for e in inside] == [target]
        stanza = chat.peer.encrypted_stanzas[1]
        assert stanza.xml.find(REPLACE_TAG) is None
        assert "Meet at 6" not in str(stanza)


async def test_own_legacy_correction_stays_beside_the_payload(
        server: Any, make_user: Callable, tmp_path: Path) -> None:
    """Legacy OMEMO (Conversations, Dino) reads the <replace/> beside <encrypted>."""
    async with heron_and_peer(server, make_user, tmp_path / "alice", "legacy") as chat:
        target = await _heron_corrects(chat)
        assert chat.peer.decrypted[1] == (OLDMEMO, "Meet at 6")
        outside = chat.peer.encrypted_stanzas[1].xml.find(REPLACE_TAG)
        assert outside is not None and outside.get("id") == target
