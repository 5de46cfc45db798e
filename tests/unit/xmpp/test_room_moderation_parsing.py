"""XEP-0425 announcements and archived tombstones, in the current (:1) and older (:0) forms."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from heron.xmpp.services.room_moderation import archived_tombstone, parse_moderation


def _xml(text: str) -> ET.Element:
    return ET.fromstring(f"<message xmlns='jabber:client'>{text}</message>")


def test_both_forms_of_an_announcement() -> None:
    current = _xml("<retract xmlns='urn:xmpp:message-retract:1' id='sid-1'>"
                   "<moderated xmlns='urn:xmpp:message-moderate:1' by='r/mod'/>"
                   "<reason>Spam\n  again</reason></retract>")
    assert parse_moderation(current) == ("sid-1", "Spam again")
    older = _xml("<apply-to xmlns='urn:xmpp:fasten:0' id='sid-0'>"
                 "<moderated xmlns='urn:xmpp:message-moderate:0' by='r/mod'>"
                 "<retract xmlns='urn:xmpp:message-retract:0'/><reason>Rude</reason>"
                 "</moderated></apply-to>")
    assert parse_moderation(older) == ("sid-0", "Rude")


def test_a_plain_retraction_or_an_empty_id_is_no_moderation() -> None:
    assert parse_moderation(_xml("<retract xmlns='urn:xmpp:message-retract:1' id='x'/>")) is None
    assert parse_moderation(_xml(
        "<retract xmlns='urn:xmpp:message-retract:1' id=''>"
        "<moderated xmlns='urn:xmpp:message-moderate:1'/></retract>")) is None


def test_an_archived_tombstone_and_an_ordinary_message() -> None:
    tomb = _xml("<moderated xmlns='urn:xmpp:message-moderate:0' by='r/mod'>"
                "<retracted xmlns='urn:xmpp:message-retract:0'/><reason>Off topic</reason>"
                "</moderated>")
    assert archived_tombstone(tomb) == "Off topic"
    assert archived_tombstone(_xml("<body>hi</body>")) is None
