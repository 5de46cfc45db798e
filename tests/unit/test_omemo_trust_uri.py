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
                                    NamedKey(TWOMEMO, 1234, TWO)])
    assert uri == (f"xmpp:bob@example.org?trust-message;encryption=urn:xmpp:omemo:2;"
                   f"trust={TWO};omemo-sid-1234={LEGACY}")
    assert parse(uri) == ("bob@example.org", [NamedKey(TWOMEMO, 0, TWO),
                                              NamedKey(OLDMEMO, 1234, LEGACY)])


def test_conversations_links_are_read() -> None:
    # Conversations puts other parameters beside, and may write the key type prefix 05.
    uri = f"xmpp:bob@example.org?omemo-sid-99=05{LEGACY.upper()};action=roster"
    assert parse(uri) == ("bob@example.org", [NamedKey(OLDMEMO, 99, LEGACY)])


# Shaped as Conversations writes them (Account.getShareableUri/getShareableLink with
# XmppUri.getFingerprintUri: this device, then the account's verified ones) and reads them
# (XmppUri.parseParameters: names in any case, values URL-decoded; "omemo" without a device).
CONVERSATIONS = f"xmpp:bob@example.org?omemo-sid-1234={LEGACY};omemo-sid-77={TWO}"
CONVERSATIONS_INVITE = (f"https://conversations.im/i/bob@example.org?omemo-sid-1234={LEGACY}"
                        f"&omemo-sid-77={TWO}")
# XEP-0434's "Trust Message URI for Bob's OMEMO keys", as Kaidan (QXmppUri) writes and reads it
KAIDAN = ("xmpp:bob@example.com?trust-message;encryption=urn:xmpp:omemo:2;"
          "trust=623548d3835c6d33ef5cb680f7944ef381cf712bf23a0119dabe5c4f252cd02f;"
          "distrust=b423f5088de9a924d51b31581723d850c7cc67d0a4fe6b267c3d301ff56d2413;"
          "distrust=d9f849b6b828309c5f2c8df4f38fd891887da5aaa24a22c50d52f69b4a80817e")


def test_conversations_qr_codes_and_invite_links_are_read() -> None:
    expected = ("bob@example.org", [NamedKey(OLDMEMO, 1234, LEGACY),
                                    NamedKey(OLDMEMO, 77, TWO)])
    assert parse(CONVERSATIONS) == expected
    assert parse(CONVERSATIONS_INVITE) == expected
    assert parse(f"xmpp:bob@example.org?OMEMO-SID-1234=%30%66{LEGACY[2:]}") == (
        "bob@example.org", [NamedKey(OLDMEMO, 1234, LEGACY)])
    assert parse(f"xmpp:bob@example.org?omemo={LEGACY}") == (
        "bob@example.org", [NamedKey(OLDMEMO, 0, LEGACY)])


def test_kaidan_trust_message_links_are_read_and_distrust_is_never_taken() -> None:
    assert parse(KAIDAN) == ("bob@example.com", [NamedKey(
        TWOMEMO, 0, "623548d3835c6d33ef5cb680f7944ef381cf712bf23a0119dabe5c4f252cd02f")])
    # QUrlQuery may percent-encode the namespace's colons
    encoded = KAIDAN.replace("urn:xmpp:omemo:2", "urn%3Axmpp%3Aomemo%3A2")
    assert parse(encoded) == parse(KAIDAN)


def _as_conversations_reads(uri: str) -> dict[int, str]:
    """XmppUri.parse/parseFingerprints for an xmpp: URI: ';'-split, lower-case names,
    "omemo-sid-<id>" only."""
    query = uri.partition("?")[2]
    found = {}
    for pair in query.split(";"):
        name, _eq, value = pair.partition("=")
        if name.lower().startswith("omemo-sid-"):
            found[int(name[len("omemo-sid-"):])] = value.lower()
    return found


def _as_qxmpp_reads(uri: str) -> tuple[str, str, list[str]]:
    """QXmppUri::fromString for a trust-message URI: the first query item is the query type
    and has no value; then "encryption" and every "trust"."""
    items = [pair.partition("=") for pair in uri.partition("?")[2].split(";")]
    query_type, eq, _value = items[0]
    assert not eq  # else QXmpp refuses the URI
    encryption = next(v for n, _e, v in items if n == "encryption")
    return query_type, encryption, [v for n, _e, v in items if n == "trust"]


def test_the_link_heron_shows_is_read_by_conversations_and_by_kaidan() -> None:
    uri = build("alice@example.org", [NamedKey(TWOMEMO, 4321, TWO),
                                      NamedKey(OLDMEMO, 4321, LEGACY)])
    assert _as_conversations_reads(uri) == {4321: LEGACY}
    assert _as_qxmpp_reads(uri) == ("trust-message", TWOMEMO, [TWO])


@pytest.mark.parametrize("uri", [
    "https://example.org/?omemo-sid-1=" + LEGACY,
    "xmpp:example.org?omemo-sid-1=" + LEGACY,  # no account
    "xmpp:bob@example.org/phone?omemo-sid-1=" + LEGACY,  # a full JID
    "xmpp:bob@example.org?omemo-sid-1=" + LEGACY[:-2],  # a short key
    "xmpp:bob@example.org?omemo-sid-x=" + LEGACY,
    "xmpp:bob@example.org",
    f"xmpp:bob@example.org?trust={TWO}",  # a trust key outside a trust-message query
    f"xmpp:bob@example.org?encryption=urn:xmpp:omemo:2;trust={TWO}",
    f"xmpp:bob@example.org?trust-message;encryption=urn:xmpp:otr:0;trust={TWO}",
    f"xmpp:bob@example.org?trust-message;encryption=urn:xmpp:omemo:2;distrust={TWO}",
])
def test_anything_else_is_refused(uri: str) -> None:
    with pytest.raises(ValueError):
        parse(uri)


def test_fingerprints_read_in_blocks_of_eight() -> None:
    assert blocks("0123456789abcdef01") == "01234567 89abcdef 01"
