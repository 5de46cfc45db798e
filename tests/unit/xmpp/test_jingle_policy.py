"""policy.jingle_initiate_ok / jingle_action_ok: who may start or act on a Jingle session."""

from __future__ import annotations

import pytest

from heron.xmpp import policy

PHONE = "bob@example.org/phone"


@pytest.mark.parametrize(("sender", "expected", "other_sid", "proposed", "in_roster", "reason"), [
    (PHONE, PHONE, False, False, False, "ok"),  # the device the user accepted
    ("BOB@example.org/phone", PHONE, False, False, False, "ok"),  # the same JID, normalised
    ("bob@example.org/laptop", PHONE, False, False, True, "not-the-proposer"),
    ("bob@example.org", PHONE, False, False, True, "not-a-full-jid"),
    (PHONE, None, True, False, True, "mismatched-sid"),
    (PHONE, None, False, True, True, "proposal-not-accepted"),
    (PHONE, None, False, False, True, "ok"),  # a direct call from a contact rings
    (PHONE, None, False, False, False, "not-in-roster"),
    ("not a jid@@/x", None, False, False, True, "not-a-full-jid"),
])
def test_who_may_send_a_session_initiate(sender: str, expected: str | None, other_sid: bool,
                                         proposed: bool, in_roster: bool, reason: str) -> None:
    verdict = policy.jingle_initiate_ok(sender, expected, other_sid, proposed, in_roster)
    assert (bool(verdict), verdict.reason) == (reason == "ok", reason)


def test_only_the_session_s_peer_acts_on_it() -> None:
    assert policy.jingle_action_ok(PHONE, PHONE)
    assert policy.jingle_action_ok("bob@EXAMPLE.org/phone", PHONE)
    assert policy.jingle_action_ok("bob@example.org/laptop", PHONE).reason == "not-the-session-peer"
    assert not policy.jingle_action_ok("bob@example.org", PHONE)
    assert not policy.jingle_action_ok("mallory@example.org/phone", PHONE)
