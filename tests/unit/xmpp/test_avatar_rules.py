"""Who may give a contact a picture, and what counts as a picture (XEP-0084/0153)."""

from __future__ import annotations

import base64

import pytest

from heron.xmpp import policy
from heron.xmpp.services.avatars import MAX_BYTES, decode_payload, looks_like_image

OWN = "alice@example.org"


@pytest.mark.parametrize(("sender", "about", "in_roster", "ok"), [
    ("bob@example.org", "bob@example.org", True, True),  # PEP: the contact's bare JID
    ("bob@example.org/phone", "bob@example.org", True, True),  # presence: a full JID
    ("alice@example.org/laptop", OWN, False, True),  # our own other client
    ("bob@example.org", "bob@example.org", False, False),  # a stranger
    ("carol@example.org", "bob@example.org", True, False),  # someone else's picture
    ("example.org", "example.org", True, False),  # a server has no picture here
    ("not a jid@@", "bob@example.org", True, False),
])
def test_who_may_give_a_picture(sender: str, about: str, in_roster: bool, ok: bool) -> None:
    assert bool(policy.avatar_ok(sender, about, OWN, in_roster)) is ok


def test_what_counts_as_a_picture() -> None:
    assert looks_like_image(b"\x89PNG\r\n\x1a\n....")
    assert looks_like_image(b"\xff\xd8\xff\xe0....")
    assert looks_like_image(b"RIFF\x00\x00\x00\x00WEBPVP8 ")
    assert not looks_like_image(b"RIFF\x00\x00\x00\x00WAVEfmt ")
    assert not looks_like_image(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert decode_payload(base64.b64encode(b"abc").decode() + "\n ") == b"abc"
    assert decode_payload("not base64!") is None
    assert decode_payload("A" * (MAX_BYTES * 2)) is None  # refused before decoding
