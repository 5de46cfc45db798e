"""Why a call ended, as the user reads it (xmpp/services/jingle_reasons.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from heron.xmpp.services.jingle_reasons import REASON_TEXT, reason_of, reason_text, reason_words
from tests.jingle_examples import DINO_TERMINATE_FAILED


def _terminate(reason: str) -> ET.Element:
    return ET.fromstring(f"<jingle xmlns='urn:xmpp:jingle:1' action='session-terminate' "
                         f"sid='s'>{reason}</jingle>")


def test_the_reason_and_the_peer_s_words() -> None:
    # XEP-0166 Example 3 ("Responder terminates the session"): <success/>; here with a text.
    xml = _terminate("<reason><busy/><text>in a meeting\u202e\t, call later</text></reason>")
    assert reason_of(xml) == "busy"
    assert reason_words(xml) == "in a meeting\u202e, call later"  # control characters go
    assert reason_text("busy") == "Busy: they are in another call."


def test_an_unknown_or_missing_reason() -> None:
    assert reason_of(_terminate("<reason><bored/></reason>")) == "general-error"
    assert reason_of(_terminate("")) == "success"
    assert reason_text("bored") == REASON_TEXT["general-error"] == "The call failed."
    assert len(reason_words(_terminate(f"<reason><gone/><text>{'x' * 900}</text></reason>"))) \
        == 200


def test_every_reason_of_xep_0166_has_words() -> None:
    from heron.xmpp.plugins.xep_0166 import REASONS
    assert set(REASON_TEXT) == REASONS


def test_dino_s_underscored_failed_application_is_that_reason() -> None:
    # Dino writes <failed_application/> (and <failed_transport/>) for XEP-0166's
    # failed-application: the user reads why, not "The call failed."
    assert reason_of(ET.fromstring(DINO_TERMINATE_FAILED)) == "failed-application"
    assert reason_of(_terminate("<reason><failed_transport/></reason>")) == "failed-transport"
