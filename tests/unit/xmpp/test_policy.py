"""Forged stanzas against each rule of xmpp/policy.py."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from heron.xmpp import policy

OWN = "alice@example.org/heron"


@pytest.mark.parametrize(("sender", "kind", "ok"), [
    ("alice@example.org", "chat", True),
    ("Alice@Example.org", "chat", True),  # JIDs compare case-insensitively here
    ("mallory@example.org", "chat", False),  # another user
    ("alice@example.org/phone", "chat", False),  # one of our own resources
    ("example.org", "chat", False),  # the server itself is not our account
    ("alice@example.org", "groupchat", False),
])
def test_carbons(sender: str, kind: str, ok: bool) -> None:
    assert bool(policy.carbon_ok(sender, OWN, kind)) is ok


@pytest.mark.parametrize(("sender", "items", "ok"), [
    ("", 1, True),
    ("alice@example.org", 1, True),
    ("alice@example.org/phone", 1, False),
    ("mallory@example.org", 1, False),
    ("example.org", 1, False),
    ("", 2, False),
    ("", 0, False),
])
def test_roster_pushes(sender: str, items: int, ok: bool) -> None:
    assert bool(policy.roster_push_ok(sender, OWN, items)) is ok


@pytest.mark.parametrize(("sender", "archive", "qid", "ours", "ok"), [
    ("", "alice@example.org", "q1", "q1", True),
    ("alice@example.org", "alice@example.org", "q1", "q1", True),
    ("mallory@example.org", "alice@example.org", "q1", "q1", False),
    ("alice@example.org/res", "alice@example.org", "q1", "q1", False),
    ("", "alice@example.org", "guess", "q1", False),
    ("", "alice@example.org", "", "", False),
    ("room@muc.example.org", "room@muc.example.org", "q2", "q2", True),
    ("", "room@muc.example.org", "q2", "q2", False),
])
def test_mam_results(sender: str, archive: str, qid: str, ours: str, ok: bool) -> None:
    assert bool(policy.mam_result_ok(sender, archive, OWN, qid, ours)) is ok


def test_stanza_id_only_from_the_archive() -> None:
    assert policy.stanza_id_trusted("alice@example.org", "alice@example.org")
    assert not policy.stanza_id_trusted("mallory@example.org", "alice@example.org")
    assert not policy.stanza_id_trusted("", "alice@example.org")
    assert not policy.stanza_id_trusted("alice@example.org/x", "alice@example.org")


def test_groupchat_receipts_and_corrections() -> None:
    assert policy.groupchat_ok("room@muc.example.org/nick", {"room@muc.example.org"})
    assert not policy.groupchat_ok("other@muc.example.org/nick", {"room@muc.example.org"})
    assert policy.receipt_ok("bob@example.org/phone", "bob@example.org")
    assert not policy.receipt_ok("mallory@example.org", "bob@example.org")
    assert policy.correction_ok("bob@example.org/a", "bob@example.org/b")
    assert not policy.correction_ok("bob@example.org", "mallory@example.org")


def test_rejections_are_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="heron.policy"):
        policy.log_rejected("carbon", "not-own-account", sender="mallory@example.org")
    assert len(caplog.records) == 1
    assert "mallory@example.org" in caplog.records[0].getMessage()


jids = st.from_regex(r"[a-z]{1,5}@[a-z]{1,5}\.org(/[a-z]{1,4})?", fullmatch=True)


@given(jids)
def test_carbon_accepted_iff_sender_is_exactly_our_bare_jid(sender: str) -> None:
    assert bool(policy.carbon_ok(sender, OWN, "chat")) == (sender == "alice@example.org")


@given(jids, st.integers(0, 3))
def test_roster_push_accepted_iff_from_our_bare_jid_with_one_item(sender: str, n: int) -> None:
    expected = sender == "alice@example.org" and n == 1
    assert bool(policy.roster_push_ok(sender, OWN, n)) == expected
