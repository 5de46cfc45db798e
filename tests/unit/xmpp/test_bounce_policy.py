"""policy.bounce_ok: who may say that our message reached nobody (RFC 6120 §8.3)."""

from __future__ import annotations

import pytest

from heron.xmpp import policy

OWN = "alice@home.example/heron"
BOB = "bob@away.example"


@pytest.mark.parametrize("sender", [
    "bob@away.example",  # the recipient's server answering for it (Prosody, ejabberd)
    "bob@away.example/phone",  # one of its clients refusing the message
    "BOB@Away.Example",  # the same JID, not normalised
    "away.example",  # the recipient's server in its own name
    "home.example",  # our own server: it could not pass the message on
])
def test_a_bounce_from_the_recipient_or_a_server_on_the_way_is_believed(sender: str) -> None:
    assert policy.bounce_ok(sender, BOB, OWN)


@pytest.mark.parametrize(("sender", "reason"), [
    ("mallory@home.example", "not-from-recipient-or-server"),  # a third party on our server
    ("mallory@away.example/x", "not-from-recipient-or-server"),  # ... or on the peer's
    ("alice@home.example/phone", "not-from-recipient-or-server"),  # another of our clients
    ("evil.example", "not-from-recipient-or-server"),  # some other server
    ("away.example/res", "not-from-recipient-or-server"),  # a server with a resource
    ("conference.away.example", "not-from-recipient-or-server"),  # a service, not the server
    ("", "no-from"),
    ("a@@b", "invalid-from"),
])
def test_a_bounce_from_anyone_else_is_refused(sender: str, reason: str) -> None:
    verdict = policy.bounce_ok(sender, BOB, OWN)
    assert not verdict
    assert verdict.reason == reason


def test_a_bounce_for_an_unknown_recipient_is_refused() -> None:
    assert policy.bounce_ok("away.example", "", OWN).reason == "recipient-unknown"
