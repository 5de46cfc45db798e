"""Who may ring and who may move a call on (XEP-0353): policy.jmi_propose_ok / jmi_action_ok."""

from __future__ import annotations

import pytest

from heron.xmpp import policy

ME = "bob@example.org/desk"
CALLER = "alice@example.org/phone"


@pytest.mark.parametrize(("sender", "in_roster", "strangers", "first", "reason"), [
    (CALLER, True, False, None, "ok"),
    (CALLER, False, True, None, "ok"),
    (CALLER, False, False, None, "stranger"),
    ("alice@example.org", True, False, None, "not-a-device"),
    ("bob@example.org/laptop", True, False, None, "own-account"),
    (CALLER, True, False, "mallory@example.org/x", "sid-taken"),
    (CALLER, True, False, CALLER, "ok"),
    ("", True, False, None, "invalid-from"),
])
def test_who_may_ring(sender: str, in_roster: bool, strangers: bool, first: str | None,
                      reason: str) -> None:
    assert policy.jmi_propose_ok(sender, ME, in_roster, strangers, first).reason == reason


@pytest.mark.parametrize(("action", "sender", "peer", "outgoing", "reason"), [
    # we were called by CALLER
    ("retract", CALLER, CALLER, False, "ok"),
    ("retract", "alice@example.org/laptop", CALLER, False, "not-from-peer"),
    ("retract", "mallory@example.org/x", CALLER, False, "not-from-peer"),
    ("proceed", CALLER, CALLER, False, "action-not-allowed"),
    ("accept", "bob@example.org/laptop", CALLER, False, "ok"),
    ("reject", "bob@example.org/laptop", CALLER, False, "ok"),
    ("accept", ME, CALLER, False, "own-echo"),
    ("retract", "bob@example.org/laptop", CALLER, False, "own-device"),
    # we called alice
    ("proceed", CALLER, "alice@example.org", True, "ok"),
    ("ringing", "alice@example.org/tablet", "alice@example.org", True, "ok"),
    ("reject", CALLER, "alice@example.org", True, "ok"),
    ("proceed", "mallory@example.org/x", "alice@example.org", True, "not-from-peer"),
    ("retract", CALLER, "alice@example.org", True, "action-not-allowed"),
    ("accept", "bob@example.org/laptop", "alice@example.org", True, "own-device"),
])
def test_who_moves_a_call_on(action: str, sender: str, peer: str, outgoing: bool,
                             reason: str) -> None:
    assert policy.jmi_action_ok(action, sender, ME, peer, outgoing).reason == reason
