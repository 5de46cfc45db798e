"""Chat markers found inside carbons and archive results (XEP-0333 copies): what is read from
the real stanza, and whom "the user read it on another client" is believed from."""

from __future__ import annotations

import pytest
from slixmpp import Message
from slixmpp.xmlstream import ET

from heron.core.events import Direction
from heron.xmpp import policy
from heron.xmpp.services.markers import CopiedMarker, copied_marker

OWN = "alice@example.org"


def _stanza(xml: str) -> Message:
    return Message(xml=ET.fromstring(xml))


def test_the_displayed_id_is_read_from_the_forwarded_stanza() -> None:
    # XEP-0333's own example of a displayed marker, as our other client sends it.
    inner = _stanza(
        "<message xmlns='jabber:client' from='alice@example.org/phone' to='bob@example.org' "
        "type='chat' id='m2'><displayed xmlns='urn:xmpp:chat-markers:0' "
        "id='message-1'/><store xmlns='urn:xmpp:hints'/></message>")
    assert copied_marker(inner, "bob@example.org", Direction.OUTGOING) == CopiedMarker(
        "alice@example.org/phone", "bob@example.org", Direction.OUTGOING, "message-1")
    no_id = _stanza("<message xmlns='jabber:client' from='bob@example.org/pc' type='chat'>"
                    "<displayed xmlns='urn:xmpp:chat-markers:0'/></message>")
    assert copied_marker(no_id, "bob@example.org", Direction.INCOMING) is None
    received = _stanza("<message xmlns='jabber:client' from='bob@example.org/pc' type='chat'>"
                       "<received xmlns='urn:xmpp:chat-markers:0' id='x'/></message>")
    assert copied_marker(received, "bob@example.org", Direction.INCOMING) is None


@pytest.mark.parametrize(("sender", "to", "reason"), [
    ("alice@example.org/phone", "bob@example.org", "ok"),
    ("Alice@example.org", "bob@example.org/pc", "ok"),
    ("bob@example.org/pc", "bob@example.org", "not-own-account"),  # the contact, as if we read
    ("mallory@evil.example", "bob@example.org", "not-own-account"),
    ("", "bob@example.org", "not-own-account"),
    ("alice@example.org/phone", "alice@example.org", "not-to-a-contact"),  # to ourselves
    ("alice@example.org/phone", "", "not-to-a-contact"),
    ("@@bad", "bob@example.org", "invalid-from"),
])
def test_read_elsewhere_only_from_our_own_account_to_a_contact(sender: str, to: str,
                                                              reason: str) -> None:
    verdict = policy.read_elsewhere_ok(sender, to, OWN)
    assert verdict.reason == reason
    assert bool(verdict) is (reason == "ok")
