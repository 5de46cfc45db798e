"""Hostile clients against the rule "a device list published by someone else than the owner's
account, a bundle that does not match the device list: each is refused or flagged" (issue 11).

A client cannot publish into another account's PEP node on a real server, so these send what
the server does let through: a device list as a pubsub event in a <message> from a full JID
(the contact's other client, or another account), or naming another publisher; and a bundle
published for a device its owner never listed. Heron's own checks (policy.
omemo_device_list_ok, crypto/omemo/key_guard.py) are asserted by their log lines or taken on
their own, so these tests fail when the check is removed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import omemo
import pytest
from slixmpp.xmlstream import ET
from slixmpp_omemo.xep_0384 import _publish_item_and_configure_node

from heron.core.errors import ErrorKind
from heron.core.events import MessagesAdded
from heron.crypto.omemo import OLDMEMO, TWOMEMO
from heron.xmpp.services.omemo_receive import placeholder
from tests.helpers import until
from tests.integration.omemo_peers import (
    DEVICE_LIST_NODES,
    encrypted_stanza,
    heron_and_peer,
    send_encrypted,
)
from tests.integration.parties import start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

FAKE_DEVICE = 4242
EVENT = "http://jabber.org/protocol/pubsub#event"
LIST_ELEMENTS = {TWOMEMO: f"{{{TWOMEMO}}}devices", OLDMEMO: f"{{{OLDMEMO}}}list"}


def _rejections(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    return [(str(getattr(r, "policy_reason", "")),
             str(getattr(r, "policy_fields", {}).get("sender", "")))
            for r in caplog.records
            if r.name == "heron.policy" and getattr(r, "policy_kind", "") == "omemo device list"]


def _handled() -> bool:
    """Whether every device list notification Heron got has been handled to the end (slixmpp
    runs each coroutine handler in a task of its own, as ``cb`` of a wrapper)."""
    for task in asyncio.all_tasks():
        frame = getattr(task.get_coro(), "cr_frame", None)
        handler = frame.f_locals.get("cb") if frame is not None else None
        if getattr(handler, "__name__", "") == "_on_device_list_update" and not task.done():
            return False
    return True


def _forged_list(client: Any, to: str, namespace: str, publisher: str = "",
                 sender: str = "") -> Any:
    """A pubsub event carrying a device list that names only FAKE_DEVICE."""
    msg = client.make_message(mto=to, mtype="headline")
    if sender:
        msg["from"] = sender
    event = ET.SubElement(msg.xml, f"{{{EVENT}}}event")
    items = ET.SubElement(event, f"{{{EVENT}}}items", node=DEVICE_LIST_NODES[namespace])
    item = ET.SubElement(items, f"{{{EVENT}}}item", id="current")
    if publisher:
        item.set("publisher", publisher)
    devices = ET.SubElement(item, LIST_ELEMENTS[namespace])
    ET.SubElement(devices, f"{{{namespace}}}device", id=str(FAKE_DEVICE))
    return msg


async def test_device_lists_from_anyone_but_the_owners_pep_service_are_refused(
        server: Any, make_user: Callable, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "both") as chat:
        trust = chat.session.omemo.trust
        phone = await chat.peer.device_id()
        assert [(d.device_id, d.active) for d in await trust.devices(chat.bob, refresh=True)] \
            == [(phone, True)]
        mallory, mallory_pw = make_user()
        hostile = await start_peer(server, mallory, mallory_pw, resource="hostile")
        bobs_laptop = await start_peer(server, chat.bob, chat.bob_password, resource="laptop")
        try:
            # Bob's other client pretends to be his PEP service, in both versions; Mallory
            # sends one naming Bob as its publisher, and one "from" his bare JID (the server
            # stamps his full JID on it: a client cannot pass for a PEP service).
            for namespace in (TWOMEMO, OLDMEMO):
                _forged_list(bobs_laptop, chat.alice, namespace).send()
            _forged_list(hostile, chat.alice, OLDMEMO, publisher=chat.bob).send()
            _forged_list(hostile, chat.alice, TWOMEMO, publisher=chat.bob,
                         sender=mallory).send()
            await until(lambda: len(_rejections(caplog)) == 4, 30)
            await until(_handled, 30)
        finally:
            await stop_peer(hostile)
            await stop_peer(bobs_laptop)
        reasons = sorted(_rejections(caplog))
        assert reasons == sorted([
            ("not-a-bare-jid", f"{chat.bob}/laptop"), ("not-a-bare-jid", f"{chat.bob}/laptop"),
            ("not-a-bare-jid", f"{mallory}/hostile"), ("not-a-bare-jid", f"{mallory}/hostile")])
        # Bob's real phone is still his one active device; the forged one is nowhere.
        devices = await trust.devices(chat.bob)
        assert [(d.device_id, d.active) for d in devices] == [(phone, True)]
        manager = await chat.session.omemo.manager()
        assert not await manager.get_device_information(mallory)
        # Nor in what Heron ever noted of Bob's lists (a real list later hides a forged one).
        storage = chat.session.omemo.plugin.storage
        noted = await storage.load_list(f"/devices/{chat.bob}/list", int)
        assert noted.maybe([]) == [phone]
        # And messages still go to the phone.
        assert await chat.session.chat.send(chat.bob, "still to the real phone")
        await until(lambda: (TWOMEMO, "still to the real phone") in chat.peer.decrypted, 30)



async def test_a_bundle_for_a_device_off_the_list_is_never_used(
        server: Any, make_user: Callable, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "legacy") as chat:
        phone = await chat.peer.device_id()
        await send_encrypted(chat.peer, chat.alice, "hello from the phone")
        await until(lambda: "hello from the phone" in _bodies(chat), 30)
        # Bob's account publishes a bundle (a copy of the phone's) for a device it never
        # lists, and a message claims to come from that device.
        plain = await start_peer(server, chat.bob, chat.bob_password, resource="forger",
                                 setup=lambda p: p.register_plugin("xep_0060"))
        try:
            pubsub = plain.plugin["xep_0060"]
            got = await pubsub.get_items(chat.bob, f"{OLDMEMO}.bundles:{phone}", max_items=1)
            bundle = next(iter(got["pubsub"]["items"]["item"].xml))
            await _publish_item_and_configure_node(  # readable by anyone, as bundles are
                pubsub, chat.bob, f"{OLDMEMO}.bundles:{FAKE_DEVICE}", bundle,
                item_id="current", options={"pubsub#access_model": "open"})
        finally:
            await stop_peer(plain)
        stanza = await encrypted_stanza(chat.peer, chat.alice, "from a device nobody listed",
                                        namespace=OLDMEMO)
        stanza.xml.find(f"{{{OLDMEMO}}}encrypted/{{{OLDMEMO}}}header").set(
            "sid", str(FAKE_DEVICE))
        stanza.send()
        unreadable = placeholder(chat.bob, ErrorKind.OMEMO_UNDECRYPTABLE)
        await until(lambda: unreadable in _bodies(chat), 30)
        assert "from a device nobody listed" not in _bodies(chat)
        # Heron's own guard: the bundle of the unlisted device is refused when asked for,
        # the phone's is not.
        manager = await chat.session.omemo.manager()
        assert (await manager._download_bundle(OLDMEMO, chat.bob, phone)).device_id == phone
        with pytest.raises(omemo.BundleNotFound):
            await manager._download_bundle(OLDMEMO, chat.bob, FAKE_DEVICE)
        assert FAKE_DEVICE not in {d.device_id for d in
                                   await chat.session.omemo.trust.devices(chat.bob)}


def _bodies(chat: Any) -> list[str]:
    return [m.body for e in chat.shown.of(MessagesAdded) for m in e.messages]
