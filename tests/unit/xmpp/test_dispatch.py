"""The cheap first test in front of slixmpp's handlers changes nothing about what matches.

A real Heron client (all its plugins and handlers) is offered real stanzas; the handlers that
match must be exactly those that slixmpp's own matchers pick.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath, StanzaPath

from heron.core.settings import AccountConfig
from heron.xmpp import dispatch
from heron.xmpp.client import HeronXMPP

pytestmark = pytest.mark.asyncio

C = "xmlns='jabber:client'"
STANZAS = {
    "chat": f"<message {C} from='bob@example.org/x' type='chat' id='1'><body>hi</body>"
            "<request xmlns='urn:xmpp:receipts'/><origin-id xmlns='urn:xmpp:sid:0' id='o'/>"
            "<delay xmlns='urn:xmpp:delay' stamp='2026-01-01T00:00:00Z'/></message>",
    "receipt": f"<message {C} from='bob@example.org/x'><received xmlns='urn:xmpp:receipts' "
               "id='1'/></message>",
    "chat-state": f"<message {C} from='bob@example.org/x' type='chat'>"
                  "<composing xmlns='http://jabber.org/protocol/chatstates'/></message>",
    "correction": f"<message {C} from='bob@example.org/x' type='chat'><body>fixed</body>"
                  "<replace xmlns='urn:xmpp:message-correct:0' id='1'/></message>",
    "carbon": f"<message {C} from='alice@example.org'><received xmlns='urn:xmpp:carbons:2'>"
              "<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' "
              "from='bob@example.org/x' type='chat'><body>c</body></message></forwarded>"
              "</received></message>",
    "mam": f"<message {C}><result xmlns='urn:xmpp:mam:2' queryid='q' id='r'>"
           "<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' "
           "from='bob@example.org/x' type='chat'><body>old</body></message></forwarded>"
           "</result></message>",
    "error": f"<message {C} type='error' from='bob@example.org'><error type='cancel'>"
             "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>",
    "form": f"<message {C}><x xmlns='jabber:x:data' type='form'/></message>",
    "presence": f"<presence {C} from='bob@example.org/x'><c xmlns='http://jabber.org/"
                "protocol/caps' hash='sha-1' node='n' ver='v'/></presence>",
    "roster-push": f"<iq {C} type='set' id='p'><query xmlns='jabber:iq:roster'>"
                   "<item jid='carol@example.org'/></query></iq>",
    "ping": f"<iq {C} type='get' id='g'><ping xmlns='urn:xmpp:ping'/></iq>",
    "disco": f"<iq {C} type='get' id='d'><query xmlns='http://jabber.org/protocol/disco#info'/>"
             "</iq>",
    "sm-ack": "<a xmlns='urn:xmpp:sm:3' h='3'/>",
    "sm-request": "<r xmlns='urn:xmpp:sm:3'/>",
    "features": "<stream:features xmlns:stream='http://etherx.jabber.org/streams'/>",
    "sasl-success": "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>",
}


async def test_the_same_handlers_match_with_and_without_the_first_test() -> None:
    client = HeronXMPP(AccountConfig(jid="alice@example.org"), "pw")
    # As the session's services register theirs (the MAM service's, for one).
    client.register_handler(Callback("Heron MAM result", MatchXPath(
        "{jabber:client}message/{urn:xmpp:mam:2}result"), lambda _m: None))
    # Paths of the other shapes slixmpp's StanzaPath knows: a sub-interface as the second
    # step, and a plugin's name as the first.
    client.register_handler(Callback("body path", StanzaPath("message/body"), lambda _m: None))
    client.register_handler(Callback("plugin path", StanzaPath("request_receipt"),
                                     lambda _m: None))
    handlers = client._XMLStream__handlers  # type: ignore[attr-defined]
    wrapped = [h for h in handlers if isinstance(h._matcher, dispatch.PrefilteredMatcher)]
    assert len(wrapped) > 20  # nearly every handler has the first test in front
    matched_any = set()
    for name, raw in STANZAS.items():
        stanza = client._build_stanza(ET.fromstring(raw))
        fast = [h.name for h in handlers if h.match(stanza)]
        slow = [h.name for h in handlers
                if (h._matcher.inner if isinstance(h._matcher, dispatch.PrefilteredMatcher)
                    else h._matcher).match(stanza)]
        assert fast == slow, name
        assert fast, f"{name}: no handler at all"
        matched_any.update(fast)
    # The stanzas reach the handlers the features depend on.
    assert {"IM", "Message Receipt", "Chat State", "Message Correction", "Carbon Received",
            "Heron MAM result", "Roster Update", "Ping", "Stream Management Ack",
            "Entity Capabilities", "SASL Success", "body path", "plugin path"} <= matched_any
