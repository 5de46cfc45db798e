"""An OMEMO peer reinstalled: the same device id, a new identity key (and no sessions), as a
client that lost its data and happened to draw its old id again; or someone who took over the
account and publishes a device under that id."""

from __future__ import annotations

import types

import oldmemo.etree
import omemo.session_manager
import pytest
import twomemo.etree
from omemo.session_manager import SessionManager

from heron.crypto.omemo import OLDMEMO, TWOMEMO
from tests.integration.omemo_peers import (
    DEVICE_LIST_NODES,
    OmemoChat,
    OmemoPeer,
    published_device_ids,
    start_omemo_peer,
)
from tests.integration.parties import start_peer, stop_peer


async def reinstalled(server, chat: OmemoChat, monkeypatch: pytest.MonkeyPatch) -> OmemoPeer:
    """Bob's client, reinstalled: the same device id, a new identity key (and no sessions)."""
    old = chat.peer
    device = await old.device_id()
    await stop_peer(old.client)
    # The reinstall starts from empty device lists (published by a plain client of Bob's:
    # a running OMEMO client would put its own device back at once).
    plain = await start_peer(server, chat.bob, chat.bob_password, resource="wipe",
                             setup=lambda p: p.register_plugin("xep_0060"))
    try:
        for namespace, empty in ((TWOMEMO, twomemo.etree.serialize_device_list({})),
                                 (OLDMEMO, oldmemo.etree.serialize_device_list({}))):
            await plain.plugin["xep_0060"].publish(plain.boundjid.bare,
                                                   DEVICE_LIST_NODES[namespace],
                                                   id="current", payload=empty)
            assert not await published_device_ids(plain, chat.bob, namespace)
    finally:
        await stop_peer(plain)
    with monkeypatch.context() as patch:  # python-omemo draws the old id again
        patch.setattr(omemo.session_manager, "secrets", types.SimpleNamespace(
            randbelow=lambda _n: device - SessionManager.DEVICE_ID_MIN))
        new = await start_omemo_peer(server, chat.bob, chat.bob_password, old.kind)
    assert await new.device_id() == device
    chat.peer = new
    return new
