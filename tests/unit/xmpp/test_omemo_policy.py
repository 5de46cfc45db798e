"""Who may announce an account's OMEMO devices (xmpp/policy.py, omemo_device_list_ok)."""

from __future__ import annotations

from heron.xmpp import policy


def test_device_list_believed_from_the_owners_account() -> None:
    assert policy.omemo_device_list_ok("bob@example.org", "")
    assert policy.omemo_device_list_ok("bob@example.org", "bob@example.org/phone")


def test_device_list_refused_from_a_resource_or_another_publisher() -> None:
    assert policy.omemo_device_list_ok("bob@example.org/phone", "").reason == "not-a-bare-jid"
    assert policy.omemo_device_list_ok("", "").reason == "not-a-bare-jid"
    assert policy.omemo_device_list_ok(
        "bob@example.org", "mallory@example.org").reason == "publisher-not-owner"
