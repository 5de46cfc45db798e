"""XEP-0450 trust messages as the other devices send and read them (test helpers)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from heron.crypto.omemo import TWOMEMO, trust_message
from heron.crypto.omemo.manual_trust import TrustState
from heron.crypto.omemo.trust_message import KeyOwner
from tests.helpers import until
from tests.integration.omemo_peers import OmemoChat, OmemoPeer, encrypted_stanza, start_omemo_peer
from tests.integration.parties import stop_peer


def hear_bodiless(peer: OmemoPeer) -> OmemoPeer:
    """``peer`` also reads OMEMO 2 messages without a body (slixmpp's "message" event needs
    one), as Kaidan does; one to its own account comes without a ``to``."""

    def heard(msg: Any) -> None:
        if msg["body"]:
            return
        if not msg["to"]:
            msg["to"] = peer.client.boundjid.bare
        peer._on_message(msg)

    peer.client.register_handler(Callback(
        "test peer OMEMO 2 without a body",
        MatchXPath(f"{{jabber:client}}message/{{{TWOMEMO}}}encrypted"), heard))
    return peer


async def identity_key(peer: OmemoPeer) -> bytes:
    manager = await peer.omemo.get_session_manager()
    return bytes((await manager.get_own_device_information())[0].identity_key)


def trust_stanza_extra(owner: str, trust: tuple[bytes, ...] = (),
                       distrust: tuple[bytes, ...] = ()) -> Any:
    return trust_message.element([KeyOwner(owner, trust, distrust)])


async def send_trust(peer: OmemoPeer, to: str, owner: str, trust: tuple[bytes, ...] = (),
                     distrust: tuple[bytes, ...] = ()) -> None:
    """``peer`` sends ``to`` an OMEMO 2 trust message about keys of ``owner``, as Kaidan
    sends them (no body text, in the envelope or beside it)."""
    stanza = await encrypted_stanza(peer, to, "", namespace=TWOMEMO, fallback="",
                                    extra=(trust_stanza_extra(owner, trust, distrust),))
    stanza.send()


def named(peer: OmemoPeer, owner: str, key: bytes, kind: str = "trust") -> bool:
    """Whether ``peer`` read a trust message naming ``key`` of ``owner`` as ``kind``."""
    for envelope in peer.envelopes:
        owners = trust_message.find(envelope.content) or []
        for found in owners:
            if found.jid == owner and key in getattr(found, kind):
                return True
    return False


async def until_true(check: Callable[[], Awaitable[bool]], timeout: float = 30.0) -> None:
    """Wait for an async ``check`` to answer true (tests.helpers.until takes sync ones)."""
    async with asyncio.timeout(timeout):
        while not await check():
            await asyncio.sleep(0.05)


async def known(trust: Any, owner: str, device_id: int) -> None:
    """Heron knows ``device_id`` of ``owner`` (device lists read again until it shows)."""

    async def listed() -> bool:
        return device_id in {d.device_id for d in await trust.devices(owner, refresh=True)}

    await until_true(listed)


async def device(trust: Any, owner: str, device_id: int) -> Any:
    """The keys view's row of one device (DeviceTrust)."""
    return next(d for d in await trust.devices(owner) if d.device_id == device_id)


async def reaches(trust: Any, owner: str, device_id: int, state: Any) -> None:
    async def there() -> bool:
        return (await device(trust, owner, device_id)).state is state

    await until_true(there)


@asynccontextmanager
async def omemo2_client(server: Any, jid: str, password: str,
                        resource: str) -> AsyncIterator[OmemoPeer]:
    """Another OMEMO 2 client (Kaidan's kind) on ``jid``'s account."""
    peer = hear_bodiless(await start_omemo_peer(server, jid, password, "omemo2",
                                                resource=resource))
    try:
        yield peer
    finally:
        await stop_peer(peer.client)


async def verified_phone(chat: OmemoChat, phone: OmemoPeer) -> tuple[int, int]:
    """Alice verified her phone in Heron; Heron knows Bob's device. (phone id, Bob's id)"""
    trust = chat.session.omemo.trust
    phone_id, bob_id = await phone.device_id(), await chat.peer.device_id()
    await known(trust, chat.alice, phone_id)
    await trust.set_state(chat.alice, phone_id, TrustState.VERIFIED)
    # Heron tells the phone at once (XEP-0450 §4.3), starting a session with it. The phone
    # reads that before it writes: had both started a session with the other at the same
    # moment, the phone's next message would be on the session Heron dropped (a race of
    # OMEMO itself, which Heron repairs, but that message is lost).
    phone_key = await identity_key(phone)
    await until(lambda: named(phone, chat.alice, phone_key), 30)
    await known(trust, chat.bob, bob_id)
    return phone_id, bob_id
