"""XEP-0434 trust messages (crypto/omemo/trust_message.py) against XEP-0450's examples."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

from heron.crypto.omemo import OLDMEMO, TWOMEMO, trust_message
from heron.crypto.omemo.trust_message import KeyOwner
from heron.xmpp.plugins import xep_0420 as sce

BOB_KEY = bytes.fromhex("623548d3835c6d33ef5cb680f7944ef381cf712bf23a0119dabe5c4f252cd02f")
A2_KEY = bytes.fromhex("6850019d7ed0feb6d3823072498ceb4f616c6025586f8f666dc6b9c81ef7e0a4")

# XEP-0450 example 5 (A2 to A3), with OMEMO 2's namespace as Kaidan sends it
EXAMPLE = (
    b"<envelope xmlns='urn:xmpp:sce:1'><content>"
    b"<trust-message xmlns='urn:xmpp:tm:0' usage='urn:xmpp:atm:1' encryption='urn:xmpp:omemo:2'>"
    b"<key-owner jid='alice@example.org'><trust>"
    b"f3cddd91f25502652483be2fd5faaaa00f80868ac0d51d7eebb1b08a3892e33d</trust></key-owner>"
    b"<key-owner jid='bob@example.com'><trust>"
    b"623548d3835c6d33ef5cb680f7944ef381cf712bf23a0119dabe5c4f252cd02f</trust></key-owner>"
    b"</trust-message></content><rpad>x</rpad><from jid='alice@example.org'/>"
    b"<to jid='alice@example.org'/></envelope>")


def test_the_xeps_example_is_read() -> None:
    envelope = sce.parse(EXAMPLE, "alice@example.org/A2", "alice@example.org")
    owners = trust_message.find(envelope.content)
    assert owners is not None
    assert [o.jid for o in owners] == ["alice@example.org", "bob@example.com"]
    assert owners[1].trust == (BOB_KEY,)
    assert owners[0].distrust == ()


def test_what_heron_writes_reads_back_through_an_envelope() -> None:
    owners = [KeyOwner("bob@example.com", trust=(BOB_KEY,)),
              KeyOwner("alice@example.org", distrust=(A2_KEY,))]
    data = sce.build([trust_message.element(owners)], "alice@example.org", "bob@example.com")
    assert b"623548d3835c6d33ef5cb680f7944ef381cf712bf23a0119dabe5c4f252cd02f" in data
    envelope = sce.parse(data, "alice@example.org", "bob@example.com")
    assert trust_message.find(envelope.content) == owners


def test_base64_key_ids_are_read_too() -> None:
    assert trust_message.key_id(base64.b64encode(BOB_KEY).decode()) == BOB_KEY
    assert trust_message.key_id(BOB_KEY.hex().upper()) == BOB_KEY


def test_anything_else_names_no_key() -> None:
    for text in ("", "abc", BOB_KEY.hex()[:-2], base64.b64encode(b"short").decode(), None):
        assert trust_message.key_id(text) is None


def _message(usage: str = trust_message.USAGE, encryption: str = TWOMEMO,
             jid: str = "bob@example.com") -> ET.Element:
    element = trust_message.element([KeyOwner(jid, trust=(BOB_KEY,))])
    element.set("usage", usage)
    element.set("encryption", encryption)
    return element


def test_other_usages_and_encryptions_are_not_acted_on() -> None:
    assert trust_message.find([_message(usage="urn:example:other")]) is None
    assert trust_message.find([_message(encryption=OLDMEMO)]) is None
    assert trust_message.find([ET.Element("{jabber:client}body")]) is None


def test_a_key_owner_that_is_no_account_is_skipped() -> None:
    assert trust_message.find([_message(jid="example.com")]) == []
    assert trust_message.find([_message(jid="Bob@Example.com/phone")]) == [
        KeyOwner("bob@example.com", trust=(BOB_KEY,))]


def test_the_number_of_keys_read_is_bounded() -> None:
    many = [KeyOwner(f"u{i}@example.com", trust=(BOB_KEY,) * 100) for i in range(100)]
    owners = trust_message.find([trust_message.element(many)])
    assert owners is not None
    assert len(owners) == trust_message.MAX_OWNERS
    assert all(len(o.trust) == trust_message.MAX_KEYS for o in owners)
