"""xmpp: links with OMEMO fingerprints (Conversations' and Kaidan's QR codes)."""

from __future__ import annotations

import pytest

from heron.crypto.omemo import OLDMEMO, TWOMEMO
from heron.crypto.omemo.fingerprint import blocks
from heron.crypto.omemo.trust_uri import NamedKey, build, parse

LEGACY = "0f" * 32
TWO = "a1" * 32


def test_a_link_names_each_device_in_its_version() -> None:
    uri = build("bob@example.org", [NamedKey(OLDMEMO, 1234, LEGACY),
                                    NamedKey(TWOMEMO, 5678, TWO)])
    assert uri == f"xmpp:bob@example.org?omemo-sid-1234={LEGACY};omemo2-sid-5678={TWO}"
    assert parse(uri) == ("bob@example.org", [NamedKey(OLDMEMO, 1234, LEGACY),
                                              NamedKey(TWOMEMO, 5678, TWO)])


def test_conversations_links_are_read() -> None:
    # Conversations puts other parameters beside, and may write the key type prefix 05.
    uri = f"xmpp:bob@example.org?omemo-sid-99=05{LEGACY.upper()};action=roster"
    assert parse(uri) == ("bob@example.org", [NamedKey(OLDMEMO, 99, LEGACY)])


@pytest.mark.parametrize("uri", [
    "https://example.org/?omemo-sid-1=" + LEGACY,
    "xmpp:example.org?omemo-sid-1=" + LEGACY,  # no account
    "xmpp:bob@example.org/phone?omemo-sid-1=" + LEGACY,  # a full JID
    "xmpp:bob@example.org?omemo-sid-1=" + LEGACY[:-2],  # a short key
    "xmpp:bob@example.org?omemo-sid-x=" + LEGACY,
    "xmpp:bob@example.org",
])
def test_anything_else_is_refused(uri: str) -> None:
    with pytest.raises(ValueError):
        parse(uri)


def test_fingerprints_read_in_blocks_of_eight() -> None:
    assert blocks("0123456789abcdef01") == "01234567 89abcdef 01"
