"""policy.trust_message_ok: whose XEP-0450 trust messages are believed."""

from __future__ import annotations

from heron.xmpp import policy

OWN = "alice@example.org"


def test_only_a_verified_device_is_believed() -> None:
    assert policy.trust_message_ok("alice@example.org/phone", OWN, "bob@example.com", True)
    verdict = policy.trust_message_ok("alice@example.org/phone", OWN, "bob@example.com", False)
    assert not verdict
    assert verdict.reason == "sender-not-verified"


def test_an_own_device_may_vouch_for_anyone() -> None:
    assert policy.trust_message_ok("alice@example.org/phone", OWN, OWN, True)
    assert policy.trust_message_ok("Alice@Example.org/phone", OWN, "carol@example.net", True)


def test_a_contact_vouches_only_for_their_own_keys() -> None:
    assert policy.trust_message_ok("bob@example.com/tablet", OWN, "bob@example.com", True)
    for owner in (OWN, "carol@example.net"):
        verdict = policy.trust_message_ok("bob@example.com/tablet", OWN, owner, True)
        assert not verdict
        assert verdict.reason == "keys-of-someone-else"


def test_what_is_no_jid_is_not_believed() -> None:
    verdict = policy.trust_message_ok("", OWN, "bob@example.com", True)
    assert not verdict
    assert verdict.reason == "not-a-jid"
