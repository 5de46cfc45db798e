"""Heron's own retractions and reactions in an encrypted chat (issue 11, XEP-0424/0444 inside
OMEMO), to an OMEMO-2-only peer (as Kaidan) and a legacy-only peer (as Conversations, Dino,
Gajim): each reaches the peer encrypted, and the raw stanza the peer got shows outside the
encryption only what omemo_own_edits.py chose (nothing for OMEMO 2; for legacy OMEMO the
retracted id, never the emoji: a reaction legacy OMEMO cannot encrypt is not sent, and the
user is told)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from heron.core.errors import ErrorKind
from heron.core.events import DeliveryState, ErrorReported, StoredMessage
from heron.crypto.omemo import OLDMEMO, TWOMEMO
from heron.xmpp.services.reactions import REACTION_TAG, REACTIONS_TAG
from heron.xmpp.services.retraction import RETRACT_TAG
from heron.xmpp.services.retraction_outbox import FALLBACK_BODY
from tests.helpers import until
from tests.integration.omemo_peers import OmemoChat, heron_and_peer
from tests.integration.parties import Recorder, eventually

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]
TEXT = "Meet me at the old bridge"
THUMB = "\U0001f44d"


async def _rows(chat: OmemoChat, ok: Callable[[list[StoredMessage]], bool]) -> list[Any]:
    async def page() -> list[Any]:
        return list(await chat.app.repos.messages.page_before(chat.alice, chat.bob, None, 20))
    return await eventually(page, ok, 30)


async def _heron_sends(chat: OmemoChat) -> StoredMessage:
    """Heron sends TEXT encrypted; the stored message once the peer has read it."""
    assert await chat.session.chat.send(chat.bob, TEXT)
    await until(lambda: len(chat.peer.decrypted) == 1, 30)
    return (await _rows(chat, lambda rows: len(rows) == 1))[0]


def _outside(stanza: Any) -> str:
    """The stanza as the server sees it, less the ciphertext."""
    shown = [child for child in stanza.xml if not child.tag.endswith("}encrypted")]
    return " ".join(f"{child.tag} {child.attrib} {child.text or ''} "
                    + " ".join(f"{c.tag} {c.text or ''}" for c in child.iter())
                    for child in shown)


async def test_own_retraction_travels_inside_the_omemo2_envelope(
        server: Any, make_user: Callable, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "omemo2") as chat:
        sent = await _heron_sends(chat)
        assert await chat.session.retraction.retract(sent) is not None
        await until(lambda: len(chat.peer.decrypted) == 2, 30)
        retracts = [e for e in chat.peer.envelopes[1].content if e.tag == RETRACT_TAG]
        assert [e.get("id") for e in retracts] == [sent.origin_id]  # the peer deletes it
        assert chat.peer.decrypted[1] == (TWOMEMO, FALLBACK_BODY)
        stanza = chat.peer.encrypted_stanzas[1]
        assert stanza.xml.find(RETRACT_TAG) is None  # the server does not see which one
        assert FALLBACK_BODY not in _outside(stanza)
        rows = await _rows(chat, lambda rows: rows[0].state is not DeliveryState.PENDING)
        assert rows[0].retracted and rows[0].state is not DeliveryState.PENDING  # acknowledged


async def test_own_retraction_to_legacy_omemo_names_the_message_beside_the_payload(
        server: Any, make_user: Callable, tmp_path: Path) -> None:
    """Legacy clients read a retraction only beside <encrypted>; its text is encrypted."""
    async with heron_and_peer(server, make_user, tmp_path / "alice", "legacy") as chat:
        sent = await _heron_sends(chat)
        assert await chat.session.retraction.retract(sent) is not None
        await until(lambda: len(chat.peer.decrypted) == 2, 30)
        assert chat.peer.decrypted[1] == (OLDMEMO, FALLBACK_BODY)
        stanza = chat.peer.encrypted_stanzas[1]
        outside = stanza.xml.find(RETRACT_TAG)
        assert outside is not None and outside.get("id") == sent.origin_id
        assert FALLBACK_BODY not in _outside(stanza) and TEXT not in _outside(stanza)
        assert not any("message-retract" in raw and "encrypted" not in raw
                       for raw in chat.peer.raw)  # never one in plaintext


async def test_own_reaction_travels_inside_the_omemo2_envelope(
        server: Any, make_user: Callable, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "omemo2") as chat:
        sent = await _heron_sends(chat)
        await chat.session.reactions.toggle(sent, THUMB)
        await until(lambda: len(chat.peer.decrypted) == 2, 30)
        sets = [e for e in chat.peer.envelopes[1].content if e.tag == REACTIONS_TAG]
        assert [(e.get("id"), [r.text for r in e.findall(REACTION_TAG)]) for e in sets] == [
            (sent.origin_id, [THUMB])]
        assert not any(THUMB in raw for raw in chat.peer.raw)  # the emoji never in the clear
        assert chat.peer.encrypted_stanzas[1].xml.find(REACTIONS_TAG) is None
        rows = await _rows(chat, lambda rows: bool(rows[0].reactions))
        assert rows[0].reactions == ((THUMB, (chat.alice,)),)


async def test_own_reaction_is_not_sent_to_legacy_omemo_and_the_user_is_told(
        server: Any, make_user: Callable, tmp_path: Path) -> None:
    """Legacy OMEMO cannot encrypt a reaction: not sent (neither way), the chip taken back."""
    async with heron_and_peer(server, make_user, tmp_path / "alice", "legacy") as chat:
        errors = Recorder(chat.app, ErrorReported)
        sent = await _heron_sends(chat)
        await chat.session.reactions.toggle(sent, THUMB)
        await until(lambda: errors.of(ErrorReported), 30)
        told = errors.of(ErrorReported)[0]
        assert told.error is not None and told.error.kind is ErrorKind.OMEMO_REACTION_LEGACY
        assert chat.bob in told.text
        rows = await _rows(chat, lambda rows: not rows[0].reactions)
        assert rows[0].reactions == ()
        assert await chat.session.chat.send(chat.bob, "and one more")  # all before it is in
        await until(lambda: len(chat.peer.decrypted) == 2, 30)
        assert chat.peer.decrypted[1] == (OLDMEMO, "and one more")
        assert not any(THUMB in raw or "urn:xmpp:reactions:0" in raw for raw in chat.peer.raw)
