"""XEP-0292: a contact's vCard4 (their PEP node urn:xmpp:vcard4) is read, and wins over
vcard-temp field by field; what only vcard-temp says still shows. A second real client
publishes; on Prosody (mod_vcard4 + vcard_legacy) and ejabberd (PEP) alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from heron.core.profile import Profile
from tests.integration.parties import Peer, account_for, start_heron, start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

VCARD4 = (
    "<vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'>"
    "<fn><text>Bob Builder</text></fn><nickname><text>bobby</text></nickname>"
    "<tel><uri>tel:+1-555-0100</uri></tel><url><uri>javascript:alert(1)</uri></url>"
    "<note><text>Builds things.\u202e Can we fix it? &lt;b&gt;Yes&lt;/b&gt;</text></note>"
    "</vcard>")


async def publish_vcard4(peer: Peer, vcard: str) -> None:
    """As Conversations and Dino publish it: item 'current', open to everyone."""
    iq = peer.make_iq_set()
    iq.append(ET.fromstring(
        "<pubsub xmlns='http://jabber.org/protocol/pubsub'>"
        f"<publish node='urn:xmpp:vcard4'><item id='current'>{vcard}</item></publish>"
        "<publish-options><x xmlns='jabber:x:data' type='submit'>"
        "<field var='FORM_TYPE' type='hidden'>"
        "<value>http://jabber.org/protocol/pubsub#publish-options</value></field>"
        "<field var='pubsub#access_model'><value>open</value></field>"
        "</x></publish-options></pubsub>"))
    await iq.send(timeout=10)


async def test_a_contacts_vcard4_is_read_and_vcard_temp_still_is(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    carol, carol_pw = make_user()

    def with_vcards(peer: Peer) -> None:
        peer.register_plugin("xep_0054")

    bob_client = await start_peer(server, bob, bob_pw)
    carol_client = await start_peer(server, carol, carol_pw, setup=with_vcards)
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    try:
        session = app.sessions[alice]
        assert await session.profile.fetch(bob) == Profile()  # nothing published yet
        # Bob's client publishes only vCard4 (as Conversations and Dino do).
        await publish_vcard4(bob_client, VCARD4)
        assert await session.profile.fetch(bob) == Profile(
            full_name="Bob Builder", nickname="bobby", phone="+1-555-0100",
            url="javascript:alert(1)",  # text, never a link (the dialog shows it so)
            note="Builds things. Can we fix it? <b>Yes</b>")  # plain, no bidi override
        # Carol's only vcard-temp: read as before.
        temp = carol_client.plugin["xep_0054"].stanza.VCardTemp()
        temp["FN"] = "Carol Singer"
        temp["ORG"]["ORGNAME"] = "Choir"
        await carol_client.plugin["xep_0054"].publish_vcard(temp)
        profile = await session.profile.fetch(carol)
        assert (profile.full_name, profile.organisation) == ("Carol Singer", "Choir")
    finally:
        await stop_peer(bob_client)
        await stop_peer(carol_client)
        await app.close()
