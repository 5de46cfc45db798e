"""Repairing a broken session (issue 11 point 7): a message encrypted for this device that does
not decrypt shows the placeholder, and Heron makes a new session with the sender's device and
tells it (an OMEMO key exchange the sender receives); a message meant for another device, or a
second failure soon after, repairs nothing."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

import pytest

from heron.core.events import MessagesAdded
from heron.crypto.omemo import OLDMEMO
from tests.helpers import until
from tests.integration.omemo_peers import encrypted_stanza, heron_and_peer, send_encrypted

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]
PLACEHOLDER = "This message was encrypted for a device that is not this one"


def _bodies(chat) -> list[str]:  # type: ignore[no-untyped-def]
    return [m.body for e in chat.shown.of(MessagesAdded) for m in e.messages]


async def _broken(chat, text: str, rid: str | None = None):  # type: ignore[no-untyped-def]
    """A legacy OMEMO message from the peer whose key for Heron's device is garbage (or which
    is addressed to device ``rid`` instead)."""
    own = (await chat.session.omemo.own_device()).device_id
    stanza = await encrypted_stanza(chat.peer, chat.alice, text, namespace=OLDMEMO)
    for key in stanza.xml.iter(f"{{{OLDMEMO}}}key"):
        if key.get("rid") == str(own):
            if rid is None:
                key.text = base64.b64encode(b"\x33" * 80).decode()
            else:
                key.set("rid", rid)
    return stanza


async def test_broken_session_is_replaced_and_the_sender_told(
        server, make_user: Callable, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "legacy") as chat:
        repair = chat.session.omemo.repair
        await send_encrypted(chat.peer, chat.alice, "a good start", namespace=OLDMEMO)
        await until(lambda: "a good start" in _bodies(chat), 30)
        # For another device: not our session's fault, nothing to repair.
        (await _broken(chat, "for someone else", rid="1")).send()
        await until(lambda: len(_bodies(chat)) == 2, 30)
        await chat.session.omemo.receiver.drain()
        assert repair.repaired == []
        # For this device but unreadable: a broken session.
        arrived: list[object] = []  # every stanza the peer gets (an empty one has no body)
        chat.peer.client.add_filter("in", lambda s: arrived.append(s) or s)
        (await _broken(chat, "garbled")).send()
        await until(lambda: len(_bodies(chat)) == 3, 30)
        assert _bodies(chat)[-1].startswith(PLACEHOLDER)
        assert "garbled" not in _bodies(chat)
        peer_device = await chat.peer.device_id()
        await until(lambda: repair.repaired == [(chat.bob, peer_device)], 30)
        # The peer hears of the new session: a key exchange from Heron's device.
        own = (await chat.session.omemo.own_device()).device_id

        def key_exchange_arrived() -> bool:
            for stanza in arrived:
                header = stanza.xml.find(  # type: ignore[attr-defined]
                    f"{{{OLDMEMO}}}encrypted/{{{OLDMEMO}}}header")
                if header is not None and header.get("sid") == str(own) and any(
                        k.get("rid") == str(peer_device) and k.get("prekey") in ("true", "1")
                        for k in header.iter(f"{{{OLDMEMO}}}key")):
                    return True
            return False

        await until(key_exchange_arrived, 30)
        # A second failure at once repairs nothing more (no storm of new sessions).
        (await _broken(chat, "garbled again")).send()
        await until(lambda: len(_bodies(chat)) == 4, 30)
        await chat.session.omemo.receiver.drain()
        assert repair.repaired == [(chat.bob, peer_device)]
