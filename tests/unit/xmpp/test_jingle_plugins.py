"""Heron's Jingle plugins (XEP-0166/0167/0176/0320/0338): the stanzas read the XEPs' examples,
the plugin acks or answers each Jingle IQ with the right error, and the disco features appear
only once calls are enabled."""

from __future__ import annotations

from typing import Any

import pytest
import slixmpp
from slixmpp.stanza import Iq
from slixmpp.xmlstream import ET

from heron.xmpp.plugins import advertise_calls, load_jingle
from heron.xmpp.plugins.xep_0166 import JingleReply, jingle_error_of
from tests.jingle_examples import XEP_0320_INITIATE, XEP_0339_CONTENT, example_iq


@pytest.fixture
def client() -> Any:
    xmpp = slixmpp.ClientXMPP("juliet@capulet.lit/balcony", "pw")
    xmpp.register_plugin("xep_0030")
    load_jingle(xmpp)
    xmpp.sent = []
    xmpp.send = xmpp.sent.append  # capture what the plugin answers
    return xmpp


def _iq(client: Any, xml: str) -> Any:
    return Iq(client, ET.fromstring(xml))


def test_the_xep_0320_session_initiate_reads_through_the_stanza_interfaces(client: Any) -> None:
    iq = example_iq(client, XEP_0320_INITIATE)
    jingle = iq["jingle"]
    assert (jingle["action"], jingle["sid"]) == ("session-initiate", "a73sjjvkla37jfea")
    assert jingle["initiator"] == "romeo@montague.lit/orchard"
    (content,) = jingle["contents"]
    assert (content["creator"], content["name"], content["senders"]) == (
        "initiator", "voice", "both")
    rtp = content["rtp"]
    assert rtp["media"] == "audio"
    assert [(p["id"], p["name"], p["clockrate"], p["channels"]) for p in rtp["payload_types"]] == [
        ("96", "speex", "16000", ""), ("97", "speex", "8000", ""), ("18", "G729", "", ""),
        ("103", "L16", "16000", "2"), ("98", "x-ISAC", "8000", "")]
    transport = content["ice_udp"]
    assert (transport["ufrag"], transport["pwd"]) == ("8hhy", "asd88fgpdd777uzjYhagZg")
    (fp,) = transport["fingerprints"]
    assert (fp["hash"], fp["setup"]) == ("sha-256", "actpass")
    assert fp["value"].startswith("02:1A:CC:54") and fp["value"].endswith("46:19:B2")
    srflx = transport["candidates"][1]
    assert (srflx["type"], srflx["rel-addr"], srflx["rel-port"], srflx["priority"]) == (
        "srflx", "10.0.1.1", "8998", "1694498815")


def test_the_xep_0339_sources_and_groups_read_through_the_stanza_interfaces(
        client: Any) -> None:
    content = example_iq(client, XEP_0339_CONTENT)["jingle"]["contents"][0]
    rtp = content["rtp"]
    groups = [(g["semantics"], [s["ssrc"] for s in g["sources"]]) for g in rtp["ssrc_groups"]]
    assert groups == [("FID", ["2301230316", "386328120"]), ("FID", ["3139499595", "2613715171"])]
    assert next((s["ssrc"], [(p["name"], p["value"]) for p in s["parameters"]])
            for s in rtp["sources"]) == ("2301230316", [("cname", "T5qvrIZj42v//eYQ")])


def test_a_reason_carries_its_condition_and_text(client: Any) -> None:
    iq = client.plugin["xep_0166"].make_terminate("romeo@montague.lit/orchard", "s1",
                                                 "romeo@montague.lit/orchard", "busy", "later")
    xml = ET.tostring(iq.xml, encoding="unicode")
    parsed = _iq(client, xml)["jingle"]["reason"]
    assert (parsed["condition"], parsed["text"]) == ("busy", "later")
    with pytest.raises(ValueError, match="not a Jingle reason"):
        iq["jingle"]["reason"]["condition"] = "bored"


def _jingle_iq(client: Any, action: str, sid: str = "s1") -> Any:
    return _iq(client, f"<iq xmlns='jabber:client' type='set' id='x1' from='romeo@montague.lit/o'"
                       f" to='juliet@capulet.lit/balcony'><jingle xmlns='urn:xmpp:jingle:1'"
                       f" action='{action}' sid='{sid}'/></iq>")


def test_without_a_session_service_an_action_gets_unknown_session(client: Any) -> None:
    client.plugin["xep_0166"]._handle_jingle(_jingle_iq(client, "transport-info"))
    (answer,) = client.sent
    assert answer["type"] == "error"
    assert answer["error"]["condition"] == "item-not-found"
    assert jingle_error_of(answer) == "unknown-session"


def test_an_unknown_action_or_a_missing_sid_is_a_bad_request(client: Any) -> None:
    client.plugin["xep_0166"].on_jingle = lambda _iq: JingleReply()
    client.plugin["xep_0166"]._handle_jingle(_jingle_iq(client, "session-dance"))
    client.plugin["xep_0166"]._handle_jingle(_jingle_iq(client, "session-info", sid=""))
    assert [a["error"]["condition"] for a in client.sent] == ["bad-request", "bad-request"]


@pytest.mark.parametrize(("reply", "condition", "jingle"), [
    (JingleReply.out_of_order(), "unexpected-request", "out-of-order"),
    (JingleReply.tie_break(), "conflict", "tie-break"),
    (JingleReply.unsupported_info(), "feature-not-implemented", "unsupported-info"),
    (JingleReply.unknown_session(), "item-not-found", "unknown-session"),
])
def test_the_session_service_s_verdict_is_answered_with_its_jingle_error(
        client: Any, reply: JingleReply, condition: str, jingle: str) -> None:
    client.plugin["xep_0166"].on_jingle = lambda _iq: reply
    client.plugin["xep_0166"]._handle_jingle(_jingle_iq(client, "session-info"))
    (answer,) = client.sent
    assert (answer["error"]["condition"], jingle_error_of(answer)) == (condition, jingle)
    assert answer["id"] == "x1" and str(answer["to"]) == "romeo@montague.lit/o"


def test_an_accepted_action_is_acked(client: Any) -> None:
    client.plugin["xep_0166"].on_jingle = lambda _iq: JingleReply()
    client.plugin["xep_0166"]._handle_jingle(_jingle_iq(client, "session-info"))
    (answer,) = client.sent
    assert answer["type"] == "result" and len(answer.xml) == 0


def test_session_info_payloads_of_xep_0167(client: Any) -> None:
    iq = _iq(client, "<iq xmlns='jabber:client' type='set' id='r'><jingle xmlns='urn:xmpp:jingle:1'"
                     " action='session-info' sid='s'><mute xmlns='urn:xmpp:jingle:apps:rtp:info:1'"
                     " creator='responder' name='voice'/></jingle></iq>")  # XEP-0167 Example 11
    assert iq["jingle"]["rtp_mute"]["name"] == "voice"
    assert iq["jingle"].xml.find("{urn:xmpp:jingle:apps:rtp:info:1}ringing") is None


def _features(client: Any) -> set[str]:
    info = client.plugin["xep_0030"].static.get_info(client.boundjid, None, None, None)
    return set(info["features"])


def test_calls_appear_in_disco_only_once_enabled(client: Any) -> None:
    jingle = {"urn:xmpp:jingle:1", "urn:xmpp:jingle:apps:rtp:1", "urn:xmpp:jingle:apps:rtp:audio",
              "urn:xmpp:jingle:apps:rtp:video", "urn:xmpp:jingle:transports:ice-udp:1",
              "urn:xmpp:jingle:apps:dtls:0", "urn:ietf:rfc:5888", "urn:ietf:rfc:5576",
              "urn:xmpp:jingle:apps:rtp:rtcp-fb:0", "urn:xmpp:jingle:apps:rtp:rtp-hdrext:0"}
    assert _features(client) & jingle == set()
    advertise_calls(client, True)
    assert jingle <= _features(client)
    advertise_calls(client, False)
    assert _features(client) & jingle == set()
