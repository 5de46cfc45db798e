"""XEP-0461 fallback stripping and XEP-0444 parsing on real stanza XML, and the reaction rule."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from heron.core.events import Direction
from heron.xmpp import policy
from heron.xmpp.services.reactions import is_reaction, parse_reactions
from heron.xmpp.services.replies import reply_parts

QUOTE = "> Alice:\n> are you coming?\n"


def stanza(body: str, *ranges: tuple[str | None, str | None], target: str = "m1",
           fallback_for: str = "urn:xmpp:reply:0") -> ET.Element:
    xml = ET.Element("{jabber:client}message")
    ET.SubElement(xml, "{jabber:client}body").text = body
    if target:
        ET.SubElement(xml, "{urn:xmpp:reply:0}reply", {"id": target, "to": "a@x"})
    fallback = ET.SubElement(xml, "{urn:xmpp:fallback:0}fallback", {"for": fallback_for})
    for start, end in ranges:
        attrs = {k: v for k, v in (("start", start), ("end", end)) if v is not None}
        ET.SubElement(fallback, "{urn:xmpp:fallback:0}body", attrs)
    return xml


def test_the_fallback_quote_is_stripped_when_the_fallback_element_says_so() -> None:
    body = QUOTE + "yes, at eight"
    assert reply_parts(stanza(body, ("0", str(len(QUOTE)))), body) == ("yes, at eight", "m1")


@pytest.mark.parametrize(("start", "end"), [
    ("-3", "10"), ("0", "-1"), ("10", "2"), ("0", "9999"), ("x", "5"), (None, "5"),
    ("0", None), ("", ""), ("5", "5"), ("1", str(len(QUOTE))), ("0", "99999999999999999999"),
    (str(len(QUOTE)), str(len(QUOTE) + 3)),  # the real text, not the quote
])
def test_a_hostile_range_strips_nothing(start: str | None, end: str | None) -> None:
    body = QUOTE + "yes, at eight"
    assert reply_parts(stanza(body, (start, end)), body)[0] == body


def test_no_stripping_without_a_reply_or_for_another_namespace() -> None:
    body = QUOTE + "yes"
    assert reply_parts(stanza(body, ("0", str(len(QUOTE))), target=""), body) == (body, "")
    other = stanza(body, ("0", str(len(QUOTE))), fallback_for="urn:xmpp:message-retract:1")
    assert reply_parts(other, body)[0] == body


def test_a_fallback_that_is_the_whole_body_leaves_the_text_shown() -> None:
    assert reply_parts(stanza(QUOTE, ("0", str(len(QUOTE)))), QUOTE)[0] == QUOTE


def test_reactions_keep_emoji_only() -> None:
    assert all(is_reaction(e) for e in ("👍", "❤️", "👨‍👩‍👧", "🇫🇷", "1️⃣", "🏳️‍🌈", "☺"))
    assert not any(is_reaction(e) for e in ("", "lol", "<b>x</b>", "👍 yes", "a👍", "\u202e👍",
                                            "👍" * 40))
    xml = ET.Element("{jabber:client}message")
    r = ET.SubElement(xml, "{urn:xmpp:reactions:0}reactions", {"id": "m1"})
    for value in ("👍", "<script>", "👍", "🎉"):
        ET.SubElement(r, "{urn:xmpp:reactions:0}reaction").text = value
    parsed = parse_reactions(xml, "p@x", Direction.INCOMING, "p@x/r")
    assert parsed is not None and parsed.emojis == ("👍", "🎉")
    r.set("id", "")
    assert parse_reactions(xml, "p@x", Direction.INCOMING, "p@x/r") is None


def test_reaction_rule() -> None:
    own, peer = "me@x", "peer@x"
    assert policy.reaction_ok("peer@x/phone", "in", peer, own, True)
    assert policy.reaction_ok("me@x/laptop", "out", peer, own, True)
    assert policy.reaction_ok("mallory@x/r", "in", peer, own, True).reason == "not-peer-or-own"
    assert policy.reaction_ok("peer@x/r", "out", peer, own, True).reason == "not-peer-or-own"
    assert policy.reaction_ok("peer@x/r", "in", peer, own, False).reason == "no-such-message"
    assert policy.reaction_ok("not a jid@@", "in", peer, own, True).reason == "invalid-sender"
