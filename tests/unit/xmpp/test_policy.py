"""Forged stanzas against each rule of xmpp/policy.py (DESIGN.md, security rules)."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from enum import Enum

import pytest
from hypothesis import given
from hypothesis import strategies as st
from slixmpp import JID, Iq, Message

from heron.xmpp import policy

OWN = "alice@example.org/heron"
OWN_BARE = "alice@example.org"
CARBONS = "urn:xmpp:carbons:2"
MAM = "urn:xmpp:mam:2"


def _message(xml: str) -> Message:
    return Message(xml=ET.fromstring(xml))  # type: ignore[no-untyped-call]


def _carbon(outer_attrs: str) -> Message:
    return _message(
        f"<message xmlns='jabber:client' {outer_attrs} to='{OWN}'>"
        f"<received xmlns='{CARBONS}'><forwarded xmlns='urn:xmpp:forward:0'>"
        "<message xmlns='jabber:client' from='bob@example.org/x' to='alice@example.org'"
        " type='chat'><body>hi</body></message></forwarded></received></message>"
    )


def _carbon_verdict(outer: Message) -> policy.Verdict:
    return policy.carbon_ok(outer["from"], OWN, outer["type"])


# --- carbons (XEP-0280) ------------------------------------------------------------------------


def test_carbon_from_our_bare_jid_is_believed() -> None:
    verdict = _carbon_verdict(_carbon("from='alice@example.org' type='chat'"))
    assert verdict and verdict.ok and verdict.reason == "ok"


def test_carbon_from_another_user_is_refused() -> None:
    verdict = _carbon_verdict(_carbon("from='mallory@evil.example' type='chat'"))
    assert not verdict and verdict.reason == "not-own-account"


def test_carbon_from_one_of_our_own_resources_is_refused() -> None:
    verdict = _carbon_verdict(_carbon("from='alice@example.org/phone' type='chat'"))
    assert not verdict and verdict.reason == "from-own-resource"


def test_carbon_with_a_groupchat_outer_is_refused() -> None:
    verdict = _carbon_verdict(_carbon("from='alice@example.org' type='groupchat'"))
    assert not verdict and verdict.reason == "groupchat-outer"


@pytest.mark.parametrize(("sender", "ok"), [
    ("Alice@Example.ORG", True),  # nodeprep/nameprep: the same account
    ("", False),  # no from at all
    ("example.org", False),  # our server is not our account
    ("alice@example.org.evil", False),
    ("alice@@example.org", False),  # does not parse
])
def test_carbon_sender_variants(sender: str, ok: bool) -> None:
    assert bool(policy.carbon_ok(sender, OWN, "chat")) is ok


def test_carbon_accepts_jid_objects_too() -> None:
    assert policy.carbon_ok(JID("alice@example.org"), JID(OWN), "normal")
    assert not policy.carbon_ok(JID("alice@example.org/x"), JID(OWN), "normal")


# --- roster pushes (RFC 6121) --------------------------------------------------------------------


def _push(from_attr: str, items: int) -> Iq:
    body = "".join(f"<item jid='c{i}@example.org'/>" for i in range(items))
    return Iq(xml=ET.fromstring(  # type: ignore[no-untyped-call]
        f"<iq xmlns='jabber:client' type='set' id='p1' to='{OWN}' {from_attr}>"
        f"<query xmlns='jabber:iq:roster'>{body}</query></iq>"
    ))


def _push_verdict(iq: Iq) -> policy.Verdict:
    items = iq.xml.findall("{jabber:iq:roster}query/{jabber:iq:roster}item")
    return policy.roster_push_ok(iq["from"], OWN, len(items))


def test_roster_push_without_from_is_believed() -> None:
    assert _push_verdict(_push("", 1))


def test_roster_push_from_our_bare_jid_is_believed() -> None:
    assert _push_verdict(_push("from='alice@example.org'", 1))


def test_roster_push_from_a_stranger_is_refused() -> None:
    verdict = _push_verdict(_push("from='mallory@evil.example'", 1))
    assert not verdict and verdict.reason == "not-from-our-server"


def test_roster_push_from_our_server_domain_jid_is_refused() -> None:
    assert not _push_verdict(_push("from='example.org'", 1))


def test_roster_push_from_our_own_other_resource_is_refused() -> None:
    verdict = _push_verdict(_push("from='alice@example.org/phone'", 1))
    assert not verdict and verdict.reason == "from-own-resource"


@pytest.mark.parametrize("items", [0, 2])
def test_roster_push_needs_exactly_one_item(items: int) -> None:
    verdict = _push_verdict(_push("", items))
    assert not verdict and verdict.reason == "not-exactly-one-item"


# --- MAM results (XEP-0313) ----------------------------------------------------------------------


def _mam_result(from_attr: str, queryid: str) -> Message:
    return _message(
        f"<message xmlns='jabber:client' to='{OWN}' {from_attr}>"
        f"<result xmlns='{MAM}' queryid='{queryid}' id='28482-98726-73623'>"
        "<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client'"
        " from='bob@example.org/x' to='alice@example.org'><body>old</body></message>"
        "</forwarded></result></message>"
    )


def _mam_verdict(msg: Message, archive: str, ours: str) -> policy.Verdict:
    result = msg.xml.find(f"{{{MAM}}}result")
    assert result is not None
    return policy.mam_result_ok(msg["from"], archive, OWN_BARE, result.get("queryid", ""), ours)


def test_mam_result_from_our_archive_with_our_queryid_is_believed() -> None:
    assert _mam_verdict(_mam_result("", "q1"), OWN_BARE, "q1")
    assert _mam_verdict(_mam_result("from='alice@example.org'", "q1"), OWN_BARE, "q1")


def test_mam_result_with_a_wrong_queryid_is_refused() -> None:
    verdict = _mam_verdict(_mam_result("", "guess"), OWN_BARE, "q1")
    assert not verdict and verdict.reason == "wrong-query-id"


def test_mam_result_when_we_asked_nothing_is_refused() -> None:
    assert not _mam_verdict(_mam_result("", ""), OWN_BARE, "")


def test_mam_result_from_a_stranger_is_refused() -> None:
    verdict = _mam_verdict(_mam_result("from='mallory@evil.example'", "q1"), OWN_BARE, "q1")
    assert not verdict and verdict.reason == "not-from-queried-archive"


def test_mam_result_from_our_other_resource_is_refused() -> None:
    assert not _mam_verdict(_mam_result("from='alice@example.org/phone'", "q1"), OWN_BARE, "q1")


def test_muc_mam_result_must_come_from_the_room() -> None:
    room = "room@muc.example.org"
    assert _mam_verdict(_mam_result(f"from='{room}'", "q2"), room, "q2")
    assert not _mam_verdict(_mam_result("from='other@muc.example.org'", "q2"), room, "q2")
    # No from means our own archive, not the room's.
    assert not _mam_verdict(_mam_result("", "q2"), room, "q2")
    assert not _mam_verdict(_mam_result(f"from='{room}/nick'", "q2"), room, "q2")


# --- stanza-id (XEP-0359) ------------------------------------------------------------------------


ANNOUNCED = frozenset({OWN_BARE, "room@muc.example.org"})  # disco listed urn:xmpp:sid:0


def test_stanza_id_is_trusted_only_when_by_is_the_archive() -> None:
    assert policy.stanza_id_trusted("alice@example.org", OWN_BARE, ANNOUNCED)
    # a full own JID names the archive
    assert policy.stanza_id_trusted("Alice@example.org", OWN, ANNOUNCED)
    assert not policy.stanza_id_trusted("mallory@evil.example", OWN_BARE, ANNOUNCED)
    # the sender's claim
    assert not policy.stanza_id_trusted("bob@example.org", OWN_BARE, ANNOUNCED)
    assert not policy.stanza_id_trusted("", OWN_BARE, ANNOUNCED)
    assert not policy.stanza_id_trusted("alice@example.org/phone", OWN_BARE, ANNOUNCED)
    assert policy.stanza_id_trusted("room@muc.example.org", "room@muc.example.org", ANNOUNCED)
    assert not policy.stanza_id_trusted("alice@example.org", "room@muc.example.org", ANNOUNCED)


def test_stanza_id_is_not_trusted_from_an_archive_that_did_not_announce_sid() -> None:
    # XEP-0359 §4: a server without urn:xmpp:sid:0 (no MAM), or disco not answered yet.
    verdict = policy.stanza_id_trusted("alice@example.org", OWN_BARE, ())
    assert not verdict and verdict.reason == "archive-did-not-announce-sid"
    assert not policy.stanza_id_trusted("alice@example.org", OWN_BARE, {"room@muc.example.org"})


def test_a_from_that_is_not_a_jid_is_refused() -> None:
    assert policy.jid_ok("bob@example.org/phone")
    assert policy.jid_ok("")  # no from: the server itself
    assert not policy.jid_ok("bob@example.org/" + "r" * 3000)
    assert not policy.jid_ok('b"o<b>@example.org')
    assert not policy.jid_ok("@example.org")


# --- groupchat (XEP-0045) ------------------------------------------------------------------------


def test_groupchat_only_from_joined_rooms() -> None:
    joined = {"room@muc.example.org"}
    assert policy.groupchat_ok("room@muc.example.org/nick", joined)
    assert policy.groupchat_ok("room@muc.example.org", joined)  # the room itself (subject)
    assert policy.groupchat_ok(JID("Room@MUC.example.org/Nick"), joined)
    verdict = policy.groupchat_ok("other@muc.example.org/nick", joined)
    assert not verdict and verdict.reason == "room-not-joined"
    assert not policy.groupchat_ok("mallory@evil.example/x", joined)
    assert not policy.groupchat_ok("", joined)
    assert not policy.groupchat_ok("room@muc.example.org/nick", [])
    assert policy.groupchat_ok("room@muc.example.org/n", ["Room@MUC.example.org"])


# --- corrections and retractions (XEP-0308, XEP-0424) -------------------------------------------


class _Direction(Enum):
    INCOMING = "in"
    OUTGOING = "out"


def test_corrections_only_from_the_original_sender() -> None:
    assert policy.correction_ok("bob@example.org", "in", "bob@example.org", "in")
    assert policy.correction_ok("bob@example.org/a", "in", "bob@example.org/b", "in")
    assert policy.correction_ok(OWN_BARE, "out", OWN_BARE, "out")  # ours, e.g. from a carbon
    assert policy.correction_ok("bob@example.org", _Direction.INCOMING, "bob@example.org", "in")
    verdict = policy.correction_ok("bob@example.org", "in", "mallory@evil.example", "in")
    assert not verdict and verdict.reason == "not-original-sender"
    # A peer cannot rewrite what we sent, nor we what they sent.
    assert not policy.correction_ok(OWN_BARE, "out", "bob@example.org", "in")
    assert not policy.correction_ok("bob@example.org", "in", OWN_BARE, "out")


def test_groupchat_corrections_compare_the_occupant() -> None:
    room = "room@muc.example.org"
    assert policy.correction_ok(f"{room}/bob", "in", f"{room}/bob", "in", groupchat=True)
    assert not policy.correction_ok(f"{room}/bob", "in", f"{room}/eve", "in", groupchat=True)


def test_retractions_only_from_the_original_sender_of_a_message_we_hold() -> None:
    assert policy.retraction_ok("bob@example.org", "in", "bob@example.org/x", "in")
    assert policy.retraction_ok(OWN_BARE, _Direction.OUTGOING, OWN_BARE, "out")  # a carbon
    verdict = policy.retraction_ok("bob@example.org", "in", "eve@example.org", "in")
    assert not verdict and verdict.reason == "not-original-sender"
    # The peer names one of our messages, or we one of theirs.
    verdict = policy.retraction_ok(OWN_BARE, "out", "bob@example.org/x", "in")
    assert not verdict and verdict.reason == "names-another-senders-message"
    assert not policy.retraction_ok("bob@example.org", "in", OWN_BARE, "out")
    # Nothing stored with that id.
    verdict = policy.retraction_ok("", None, "bob@example.org", "in")
    assert not verdict and verdict.reason == "no-such-message"
    verdict = policy.retraction_ok("bob@example.org", "in", "not a jid@@", "in")
    assert not verdict and verdict.reason == "invalid-sender"


# --- receipts and chat states (XEP-0184, XEP-0085) ----------------------------------------------


def test_receipts_and_chat_states_only_from_the_peer() -> None:
    for check in (policy.receipt_ok, policy.chat_state_ok):
        assert check("bob@example.org/phone", "bob@example.org")
        assert check(JID("Bob@example.org/x"), JID("bob@example.org"))
        verdict = check("mallory@evil.example/x", "bob@example.org")
        assert not verdict and verdict.reason == "not-from-peer"
        assert not check("", "bob@example.org")
        assert not check("bob@example.org", "")
    verdict = policy.chat_state_ok("alice@example.org/phone", "alice@example.org", OWN)
    assert not verdict and verdict.reason == "from-own-account"


# --- logging ------------------------------------------------------------------------------------


def test_log_rejected_writes_one_structured_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="heron.policy"):
        policy.log_rejected("carbon", "not-own-account", sender="mallory@evil.example")
    [record] = caplog.records
    assert record.levelno == logging.WARNING and record.name == "heron.policy"
    assert "rejected carbon" in record.getMessage()
    assert "mallory@evil.example" in record.getMessage()
    assert getattr(record, "policy_kind", None) == "carbon"
    assert getattr(record, "policy_reason", None) == "not-own-account"
    assert getattr(record, "policy_fields", None) == {"sender": "mallory@evil.example"}


def test_verdict_is_frozen_and_falsy_when_refused() -> None:
    verdict = policy.Verdict(False, "x")
    assert not verdict
    with pytest.raises(AttributeError):
        verdict.ok = True  # type: ignore[misc]


# --- properties ---------------------------------------------------------------------------------

_LOCALS = st.sampled_from(["alice", "Alice", "ALICE", "bob", "mallory", ""])
_DOMAINS = st.sampled_from(["example.org", "Example.ORG", "evil.example", "example.org.evil"])
_RESOURCES = st.sampled_from(["", "heron", "phone", "Heron"])


def _jid(local: str, domain: str, resource: str) -> str:
    return (f"{local}@" if local else "") + domain + (f"/{resource}" if resource else "")


def _is_own_bare(local: str, domain: str, resource: str) -> bool:
    return local.lower() == "alice" and domain.lower() == "example.org" and not resource


@given(_LOCALS, _DOMAINS, _RESOURCES, st.sampled_from(["chat", "normal", "", "groupchat"]))
def test_carbon_accepted_iff_from_is_our_bare_jid(local: str, domain: str, resource: str,
                                                  kind: str) -> None:
    expected = _is_own_bare(local, domain, resource) and kind != "groupchat"
    assert bool(policy.carbon_ok(_jid(local, domain, resource), OWN, kind)) is expected


@given(st.one_of(st.none(), st.tuples(_LOCALS, _DOMAINS, _RESOURCES)), st.integers(0, 3))
def test_roster_push_accepted_iff_from_our_server_with_one_item(
        sender: tuple[str, str, str] | None, items: int) -> None:
    from_ = "" if sender is None else _jid(*sender)
    expected = (sender is None or _is_own_bare(*sender)) and items == 1
    assert bool(policy.roster_push_ok(from_, OWN, items)) is expected


@given(st.one_of(st.none(), st.tuples(_LOCALS, _DOMAINS, _RESOURCES)),
       st.sampled_from(["", "q1", "q2"]))
def test_mam_own_archive_accepted_iff_from_us_with_our_queryid(
        sender: tuple[str, str, str] | None, queryid: str) -> None:
    from_ = "" if sender is None else _jid(*sender)
    expected = (sender is None or _is_own_bare(*sender)) and queryid == "q1"
    assert bool(policy.mam_result_ok(from_, OWN_BARE, OWN_BARE, queryid, "q1")) is expected


@given(_LOCALS, _DOMAINS, _RESOURCES)
def test_stanza_id_trusted_iff_by_is_the_archive(local: str, domain: str, resource: str) -> None:
    assert bool(policy.stanza_id_trusted(_jid(local, domain, resource), OWN_BARE, ANNOUNCED)) \
        is _is_own_bare(local, domain, resource)


@given(st.text(max_size=80), st.text(max_size=40))
def test_arbitrary_input_never_raises_and_is_only_believed_when_it_names_us(
        sender: str, kind: str) -> None:
    for verdict in (policy.carbon_ok(sender, OWN, kind),
                    policy.roster_push_ok(sender, OWN, 1),
                    policy.mam_result_ok(sender, OWN_BARE, OWN_BARE, "q", "q"),
                    policy.receipt_ok(sender, OWN_BARE),
                    policy.groupchat_ok(sender, {OWN_BARE})):
        assert isinstance(verdict, policy.Verdict) and verdict.reason
        if verdict and sender:
            assert JID(sender).bare == OWN_BARE


# --- disco answers: what our server offers ---------------------------------------------------


@pytest.mark.parametrize(("reply_from", "asked", "reason"), [
    ("example.org", "example.org", "ok"),
    ("alice@example.org", "alice@example.org", "ok"),
    ("", "alice@example.org", "ok"),  # the server answering for the account (RFC 6120)
    ("upload.example.org", "upload.example.org", "ok"),
    ("", "example.org", "no-from"),
    ("evil.org", "example.org", "not-from-asked"),
    ("alice@example.org/phone", "alice@example.org", "not-from-asked"),
    ("mallory@example.org", "alice@example.org", "not-from-asked"),
    ("example.org", "upload.example.org", "not-from-asked"),
    ("upload.evil.org", "upload.evil.org", "not-our-server"),
    ("bob@example.org", "bob@example.org", "not-our-server"),
    ("example.org.evil.org", "example.org.evil.org", "not-our-server"),
    ("badexample.org", "badexample.org", "not-our-server"),
    ("x@upload.example.org", "x@upload.example.org", "not-our-server"),
    ("example.org/res", "example.org/res", "not-a-service"),
    ("example.org", "", "not-a-service"),
    ("a@@b", "example.org", "invalid-from"),
])
def test_disco_answers_are_believed_only_from_our_server(reply_from: str, asked: str,
                                                         reason: str) -> None:
    assert policy.disco_answer_ok(reply_from, asked, OWN).reason == reason


def test_disco_answer_on_the_real_stanza() -> None:
    """The check as the service applies it: the reply's ``from`` against the address asked."""
    reply = Iq(xml=ET.fromstring(
        "<iq xmlns='jabber:client' type='result' id='1' from='evil.org' "
        "to='alice@example.org/heron'>"
        "<query xmlns='http://jabber.org/protocol/disco#info'>"
        "<feature var='urn:xmpp:mam:2'/></query></iq>"))
    assert not policy.disco_answer_ok(reply.xml.get("from", ""), "alice@example.org", OWN)
    assert not policy.disco_answer_ok("example.org", "example.org", "")
