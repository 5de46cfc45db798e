# XEP-0166 §7.4: why a Jingle session ended, in plain words for the user
"""The reasons of session-terminate (and of a refused session-initiate) and what the user
reads for each. The peer's own ``<text/>`` is shown too, as plain text and cut short."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from heron.xmpp.plugins.xep_0166 import jingle_error_of

# What the user reads when a call ends (XEP-0166 §7.4 reasons), plain words.
REASON_TEXT = {
    "success": "The call ended.",
    "busy": "Busy: they are in another call.",
    "decline": "The call was declined.",
    "cancel": "The call was cancelled.",
    "timeout": "No answer.",
    "gone": "They are no longer online.",
    "expired": "The call request expired.",
    "connectivity-error": "The call could not connect: no network path between you.",
    "failed-transport": "The call could not connect: no network path between you.",
    "failed-application": "The call failed: your apps could not agree on how to talk.",
    "incompatible-parameters": "The call failed: your apps could not agree on how to talk.",
    "unsupported-applications": "Their app cannot take this kind of call.",
    "unsupported-transports": "Their app cannot take this kind of call.",
    "media-error": "The call failed: audio or video stopped working.",
    "security-error": "The call was stopped because it could not be secured.",
    "alternative-session": "The call moved to another session.",
    "general-error": "The call failed.",
}


def reason_text(reason: str) -> str:
    return REASON_TEXT.get(reason, REASON_TEXT["general-error"])


def refusal(error: Any) -> str:
    """The Jingle reason for a session-initiate the peer's device refused."""
    if jingle_error_of(error) == "tie-break":  # XEP-0166 §7.2.16: the peer's call goes on
        return "alternative-session"
    condition = error["error"]["condition"]
    if condition in ("service-unavailable", "feature-not-implemented"):
        return "unsupported-applications"  # no calls there (or no such device)
    if condition in ("item-not-found", "forbidden", "not-acceptable", "not-authorized"):
        return "decline"  # the peer's client would not take it from us
    return "failed-application"


def reason_of(xml: ET.Element) -> str:
    reason = xml.find("{urn:xmpp:jingle:1}reason")
    if reason is not None:
        for child in reason:
            # Dino spells failed-application and failed-transport with an underscore
            # (xmpp-vala 0166_jingle/reason_element.vala): the same reasons.
            tag = child.tag.split("}")[-1].replace("_", "-")
            if tag in REASON_TEXT:
                return tag
    return "general-error" if reason is not None else "success"


def reason_words(xml: ET.Element) -> str:
    """The peer's own text, plain and short (it is shown to the user)."""
    text = xml.findtext("{urn:xmpp:jingle:1}reason/{urn:xmpp:jingle:1}text") or ""
    return "".join(ch for ch in text[:200] if ch >= " ")
