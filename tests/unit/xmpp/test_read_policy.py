"""Whom read state is believed from: chat markers (XEP-0333) only from the contact the marked
message went to, displayed synchronization (XEP-0490) only from our own account."""

from __future__ import annotations

import pytest
from slixmpp import JID

from heron.xmpp import policy

OWN = "alice@example.org"


@pytest.mark.parametrize(("sender", "recipient", "reason"), [
    ("bob@example.org/phone", "bob@example.org", "ok"),
    ("Bob@Example.org/x", "bob@example.org", "ok"),
    ("bob@example.org", "bob@example.org", "ok"),
    ("mallory@evil.example/x", "bob@example.org", "not-from-peer"),
    ("carol@example.org/pc", "bob@example.org", "not-from-peer"),  # another contact
    ("example.org", "bob@example.org", "not-from-peer"),  # a server
    ("bob@example.org/phone", "", "no-such-message"),  # an id we never sent
    ("alice@example.org/phone", "alice@example.org", "from-own-account"),
    ("", "bob@example.org", "not-from-peer"),
    ("@@bad", "bob@example.org", "invalid-from"),
])
def test_a_marker_only_from_the_contact_the_message_went_to(sender: str, recipient: str,
                                                            reason: str) -> None:
    verdict = policy.marker_ok(sender, recipient, OWN)
    assert verdict.reason == reason
    assert bool(verdict) is (reason == "ok")


@pytest.mark.parametrize(("sender", "reason"), [
    ("alice@example.org", "ok"),
    (JID("Alice@example.org"), "ok"),
    ("alice@example.org/phone", "from-own-resource"),
    ("bob@example.org", "not-own-account"),
    ("example.org", "not-own-account"),
    ("", "not-own-account"),
    ("@@bad", "invalid-from"),
])
def test_displayed_sync_only_from_our_own_bare_jid(sender: str, reason: str) -> None:
    verdict = policy.displayed_sync_ok(sender, OWN)
    assert verdict.reason == reason
    assert bool(verdict) is (reason == "ok")
