"""OMEMO test peers: real slixmpp clients with python-omemo, each the second party of a test.

Three kinds, as the people on the other end run them: ``legacy`` speaks only
eu.siacs.conversations.axolotl (Conversations, Dino, Gajim, Profanity), ``omemo2`` only
urn:xmpp:omemo:2 (Kaidan), ``both`` both. Their OMEMO state lives in memory and ends with
them. They use Heron's plugin configuration (crypto/omemo/plugin.py) with their own backends.
"""

from __future__ import annotations

import asyncio
import copy
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import oldmemo.etree
import twomemo.etree
from omemo.storage import Just, Maybe, Nothing, Storage
from omemo.types import JSONType
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from heron.application import Heron
from heron.core.events import MessagesAdded, MessageUpdated
from heron.core.tasks import spawn
from heron.crypto.omemo import BOTH, OLDMEMO, TWOMEMO
from heron.crypto.omemo.plugin import HeronOmemo, install
from heron.demo.rig import RigServer
from heron.xmpp.plugins import xep_0420 as sce
from tests.helpers import until
from tests.integration.parties import (
    Peer,
    Recorder,
    account_for,
    start_heron,
    start_peer,
    stop_peer,
)

KINDS: dict[str, tuple[str, ...]] = {"legacy": (OLDMEMO,), "omemo2": (TWOMEMO,), "both": BOTH}
DEVICE_LIST_NODES = {TWOMEMO: "urn:xmpp:omemo:2:devices",
                     OLDMEMO: "eu.siacs.conversations.axolotl.devicelist"}


class MemoryStorage(Storage):
    """python-omemo's storage in a dict (a peer's keys live as long as the test)."""

    def __init__(self) -> None:
        super().__init__(disable_cache=True)
        self.data: dict[str, JSONType] = {}

    async def _load(self, key: str) -> Maybe[JSONType]:
        return Just(copy.deepcopy(self.data[key])) if key in self.data else Nothing()

    async def _store(self, key: str, value: JSONType) -> None:
        self.data[key] = copy.deepcopy(value)

    async def _delete(self, key: str) -> None:
        self.data.pop(key, None)


class OmemoPeer:
    """A started peer: ``client`` (slixmpp), ``omemo`` (its plugin), ``kind``."""

    def __init__(self, client: Peer, plugin: HeronOmemo, kind: str) -> None:
        self.client = client
        self.omemo = plugin
        self.kind = kind
        #: (namespace, text) of each encrypted message it could read, and the raw stanzas
        self.decrypted: list[tuple[str, str]] = []
        self.encrypted_stanzas: list[Any] = []
        self.envelopes: list[sce.Envelope] = []  # the OMEMO 2 envelopes it read, in order
        #: every message stanza as it arrived, with or without a body (what the server saw)
        self.raw: list[str] = []
        client.register_handler(Callback("test peer: every message",
                                         MatchXPath("{jabber:client}message"),
                                         lambda stanza: self.raw.append(str(stanza))))
        client.add_event_handler("message", self._on_message)

    def _on_message(self, msg: Any) -> None:
        if msg["type"] == "groupchat":
            return  # rooms: omemo_room_peers.py
        if any(msg.xml.find(f"{{{ns}}}encrypted") is not None for ns in self.namespaces):
            self.encrypted_stanzas.append(msg)
            spawn(self._decrypt(msg), "test peer decryption")

    async def _decrypt(self, msg: Any) -> None:
        read = await self.read(msg, msg["from"].bare, str(msg["to"]))
        if read is not None:
            self.decrypted.append(read)

    async def read(self, msg: Any, sender: str, recipient: str) -> tuple[str, str] | None:
        """(namespace, text) of an encrypted ``msg`` from ``sender`` (a real bare JID, also
        in a room) to ``recipient``; None for an empty OMEMO message."""
        manager = await self.omemo.get_session_manager()
        for namespace in self.namespaces:  # OMEMO 2 first, as KINDS lists it
            element = msg.xml.find(f"{{{namespace}}}encrypted")
            if element is None:
                continue
            if namespace == TWOMEMO:
                parsed = twomemo.etree.parse_message(element, sender)
            else:
                parsed = await oldmemo.etree.parse_message(
                    element, sender, self.client.boundjid.bare, manager)
            plaintext, _device, _key = await manager.decrypt(parsed)
            if plaintext is None:
                return None
            if namespace != TWOMEMO:
                return namespace, plaintext.decode()
            envelope = sce.parse(plaintext, sender, recipient)
            self.envelopes.append(envelope)
            return namespace, envelope.body()
        return None

    @property
    def namespaces(self) -> tuple[str, ...]:
        return KINDS[self.kind]

    async def device_id(self) -> int:
        manager = await self.omemo.get_session_manager()
        own = (await manager.get_own_device_information())[0]
        return int(own.device_id)


async def start_omemo_peer(server: RigServer, jid: str, password: str, kind: str,
                           resource: str = "omemo") -> OmemoPeer:
    namespaces = KINDS[kind]
    holder: dict[str, HeronOmemo] = {}

    def setup(peer: Peer) -> None:
        peer.register_plugin("xep_0060")
        peer.register_plugin("xep_0045")  # rooms (test_omemo_rooms.py)
        peer.register_plugin("xep_0004")
        holder["plugin"] = install(peer, MemoryStorage(), namespaces)

    client = await start_peer(server, jid, password, resource=resource, setup=setup)
    plugin = holder["plugin"]
    await asyncio.wait_for(plugin.get_session_manager(), 30)  # keys made and published
    return OmemoPeer(client, plugin, kind)


async def published_device_ids(client: Any, owner: str, namespace: str) -> set[int]:
    """The device ids ``owner`` publishes in ``namespace``, as any client reads them (PEP)."""
    iq = await client.plugin["xep_0060"].get_items(owner, DEVICE_LIST_NODES[namespace],
                                                   max_items=1)
    ids: set[int] = set()
    for item in iq["pubsub"]["items"]:
        for element in item.xml.iter():
            if element.tag in (f"{{{TWOMEMO}}}device", f"{{{OLDMEMO}}}device"):
                ids.add(int(element.get("id")))
    return ids


async def has_bundle(client: Any, owner: str, namespace: str, device_id: int) -> bool:
    """Whether ``owner`` publishes a bundle for ``device_id`` in ``namespace``."""
    if namespace == TWOMEMO:
        iq = await client.plugin["xep_0060"].get_items(owner, "urn:xmpp:omemo:2:bundles",
                                                       item_ids=[str(device_id)])
    else:
        iq = await client.plugin["xep_0060"].get_items(
            owner, f"eu.siacs.conversations.axolotl.bundles:{device_id}", max_items=1)
    return any(True for item in iq["pubsub"]["items"] if len(item.xml))


LIST_TAGS = {OLDMEMO: "list"}  # OMEMO 2's list is <devices/>


async def leave_own_list(peer: OmemoPeer) -> None:
    """The peer publishes its device lists without its own device (as another client of
    Bob's does when he removes a lost phone); this device no longer puts itself back."""
    client, plugin = peer.client, peer.omemo
    for event in ("twomemo_device_list_publish", "oldmemo_device_list_publish"):
        client.del_event_handler(event, plugin._on_device_list_update)
    for namespace in peer.namespaces:
        empty = ET.Element(f"{{{namespace}}}{LIST_TAGS.get(namespace, 'devices')}")
        await client.plugin["xep_0060"].publish(
            client.boundjid.bare, DEVICE_LIST_NODES[namespace], id="current", payload=empty)
        assert not await published_device_ids(client, client.boundjid.bare, namespace)


FALLBACK = "I sent you an OMEMO encrypted message but your client doesn't seem to support that."


async def encrypted_stanza(peer: OmemoPeer, to: str, text: str, *,
                           namespace: str | None = None, fallback: str = FALLBACK,
                           extra: tuple[Any, ...] = ()) -> Any:
    """A chat message to ``to`` with ``text`` encrypted the way ``peer`` would send it: OMEMO 2
    (with its XEP-0420 envelope) where both sides speak it, else legacy OMEMO; with the
    plaintext fallback body most clients add beside the payload. ``extra`` elements (a
    correction, a retraction …) go inside the envelope (OMEMO 2) or beside the payload
    (legacy), as Kaidan and Conversations send them."""
    from slixmpp import JID

    chosen = namespace or (TWOMEMO if TWOMEMO in peer.namespaces else OLDMEMO)
    await peer.omemo.refresh_device_lists({JID(to)}, force_download=True)
    manager = await peer.omemo.get_session_manager()
    sender = peer.client.boundjid.bare
    plaintext = (sce.build([sce.body_element(text), *extra], sender, to) if chosen == TWOMEMO
                 else text.encode())
    messages, _errors = await manager.encrypt(frozenset({to}), {chosen: plaintext},
                                              backend_priority_order=[chosen])
    stanza = peer.client.make_message(mto=to, mtype="chat", mbody=fallback)
    stanza.enable("store")
    for message in messages:
        element = (twomemo.etree.serialize_message(message) if message.namespace == TWOMEMO
                   else oldmemo.etree.serialize_message(message))
        stanza.append(element)
    if chosen != TWOMEMO:
        for element in extra:
            stanza.append(element)
    return stanza


async def send_encrypted(peer: OmemoPeer, to: str, text: str, **options: Any) -> None:
    (await encrypted_stanza(peer, to, text, **options)).send()


@dataclass
class OmemoChat:
    """Alice in Heron (OMEMO ready) and Bob on an OMEMO peer of the given kind."""

    app: Heron
    alice: str
    bob: str
    peer: OmemoPeer
    shown: Recorder
    alice_password: str
    bob_password: str = ""  # for a second device of Bob's (a second peer on his account)

    @property
    def session(self) -> Any:
        return self.app.sessions[self.alice]


@asynccontextmanager
async def heron_and_peer(server: RigServer, make_user: Callable[[], tuple[str, str]],
                         profile: Path, kind: str) -> AsyncIterator[OmemoChat]:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(profile, account_for(server, alice), alice_pw)
    shown = Recorder(app, MessagesAdded, MessageUpdated)
    try:
        await until(app.sessions[alice].omemo.ready.is_set, 60)
        peer = await start_omemo_peer(server, bob, bob_pw, kind)
        try:
            yield OmemoChat(app, alice, bob, peer, shown, alice_pw, bob_pw)
        finally:
            await stop_peer(peer.client)
    finally:
        await app.close()
