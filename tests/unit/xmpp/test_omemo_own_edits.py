"""Where Heron's own edit elements travel in an encrypted message (omemo_own_edits.py): inside
the XEP-0420 envelope, beside a legacy payload only when a legacy device needs them, and a
reaction never in a version that would leave its emoji in the clear."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from heron.core.errors import ErrorKind
from heron.crypto.omemo import OLDMEMO, TWOMEMO
from heron.xmpp.plugins import xep_0420 as sce
from heron.xmpp.services import omemo_own_edits as own_edits
from heron.xmpp.services.omemo_edits import REPLACE_TAG
from heron.xmpp.services.reactions import REACTION_TAG, REACTIONS_TAG
from heron.xmpp.services.retraction import RETRACT_TAG
from heron.xmpp.services.retraction_outbox import NS as RETRACT_NS

FALLBACK = own_edits.FALLBACK_TAG


@dataclass
class Sent:
    namespace: str


def _stanza(*children: ET.Element) -> ET.Element:
    stanza = ET.Element("{jabber:client}message")
    ET.SubElement(stanza, "{jabber:client}body").text = "plain"
    stanza.extend(children)
    return stanza


def _retraction() -> ET.Element:
    return _stanza(ET.Element(RETRACT_TAG, id="m1"),
                   ET.Element(FALLBACK, {"for": RETRACT_NS}),
                   ET.Element(FALLBACK, {"for": "urn:xmpp:reply:0"}))


def _reaction() -> ET.Element:
    reactions = ET.Element(REACTIONS_TAG, id="m1")
    ET.SubElement(reactions, REACTION_TAG).text = "\U0001f44d"
    return _stanza(reactions)


def test_the_edit_and_a_retractions_own_fallback_marker_are_the_edit() -> None:
    tags = [(e.tag, e.get("for")) for e in own_edits.edit_elements(_retraction())]
    assert tags == [(RETRACT_TAG, None), (FALLBACK, RETRACT_NS)]  # not the reply's marker
    assert own_edits.edit_elements(_stanza(ET.Element(FALLBACK, {"for": RETRACT_NS}))) == []


def test_the_envelope_carries_the_edit_and_the_text_only_when_there_is_some() -> None:
    data = own_edits.envelope(_reaction(), "", "alice@example.org", "bob@example.org")
    content = sce.parse(data, "alice@example.org", "bob@example.org").content
    assert [e.tag for e in content] == [REACTIONS_TAG]  # no empty body beside the reaction
    data = own_edits.envelope(_stanza(ET.Element(REPLACE_TAG, id="m1")), "Meet at 6",
                              "alice@example.org", "bob@example.org")
    envelope = sce.parse(data, "alice@example.org", "bob@example.org")
    assert [e.tag for e in envelope.content] == ["{jabber:client}body", REPLACE_TAG]
    assert envelope.body() == "Meet at 6"


def test_a_reaction_is_encrypted_in_omemo_2_only() -> None:
    assert own_edits.namespaces_for(_reaction(), [TWOMEMO, OLDMEMO]) == [TWOMEMO]
    assert own_edits.namespaces_for(_reaction(), [OLDMEMO]) == []
    assert own_edits.namespaces_for(_retraction(), [TWOMEMO, OLDMEMO]) == [TWOMEMO, OLDMEMO]
    assert own_edits.refusal_kind(_reaction(), ErrorKind.OMEMO_NO_DEVICES) is (
        ErrorKind.OMEMO_REACTION_LEGACY)
    assert own_edits.refusal_kind(_retraction(), ErrorKind.OMEMO_NO_DEVICES) is (
        ErrorKind.OMEMO_NO_DEVICES)


def test_the_edit_leaves_the_stanza_only_when_no_legacy_device_needs_it() -> None:
    stanza = _retraction()
    own_edits.hide_edits(stanza, [Sent(TWOMEMO), Sent(OLDMEMO)])
    assert stanza.find(RETRACT_TAG) is not None
    own_edits.hide_edits(stanza, [Sent(TWOMEMO)])
    assert stanza.find(RETRACT_TAG) is None
    assert [e.get("for") for e in stanza.findall(FALLBACK)] == ["urn:xmpp:reply:0"]
