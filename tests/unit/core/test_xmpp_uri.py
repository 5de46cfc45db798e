"""xmpp: links (RFC 5122 with XEP-0147 actions) as other programs and web pages hand them over."""

from __future__ import annotations

import pytest

from heron.core.xmpp_uri import MAX_VALUE, UriError, parse


def test_a_message_link_gives_the_address_and_a_draft() -> None:
    uri = parse("xmpp:Juliet@Example.COM?message;body=Wherefore%20art%20thou%3F%0Aline%202")
    assert uri.jid == "juliet@example.com"
    assert uri.action == "message"
    assert uri.body == "Wherefore art thou?\nline 2"


def test_a_roster_link_gives_name_and_every_group() -> None:
    uri = parse("xmpp:romeo@montague.net?roster;name=Romeo%20Montague;group=Friends;"
                "group=Verona%20%F0%9F%8C%B9;group=Friends")
    assert (uri.action, uri.params["name"]) == ("roster", "Romeo Montague")
    assert uri.groups == ("Friends", "Verona 🌹")


@pytest.mark.parametrize("link", ["xmpp:bob@example.org", "XMPP:bob@example.org?",
                                  "xmpp:bob@example.org#frag"])
def test_a_bare_address_opens_without_an_action(link: str) -> None:
    uri = parse(link)
    assert (uri.jid, uri.action, uri.params) == ("bob@example.org", "", {})


def test_an_action_heron_does_not_know_still_names_the_contact() -> None:
    uri = parse("xmpp:bob@example.org?pubsub;action=subscribe")
    assert (uri.jid, uri.action) == ("bob@example.org", "")


def test_subscribe_and_join_are_read() -> None:
    assert parse("xmpp:bob@example.org?subscribe").action == "subscribe"
    join = parse("xmpp:room@conference.example.org?join;password=x")
    assert (join.jid, join.action) == ("room@conference.example.org", "join")


def test_the_authority_names_the_account_to_use() -> None:
    uri = parse("xmpp://Guest@Example.com/support@example.com?message")
    assert (uri.account, uri.jid) == ("guest@example.com", "support@example.com")


def test_a_resource_is_kept_apart_from_the_address() -> None:
    uri = parse("xmpp:bob@example.org/Phone%20X?message")
    assert (uri.jid, uri.resource) == ("bob@example.org", "Phone X")


def test_a_plus_stays_a_plus() -> None:
    assert parse("xmpp:bob@example.org?message;body=1+1").body == "1+1"


def test_a_later_duplicate_cannot_replace_the_first_value() -> None:
    assert parse("xmpp:bob@example.org?message;body=hello;body=evil").body == "hello"


@pytest.mark.parametrize(("link", "reason"), [
    ("https://example.org", "This is not an xmpp: link."),
    ("xmpp:", "The link does not contain a valid address."),
    ("xmpp:nobody", "The link does not contain a valid address."),
    ("xmpp:bob@", "The link does not contain a valid address."),
    ("xmpp://guest@example.com", "The link does not contain a valid address."),
    ("xmpp:bob@example.org?message;body=%FF", "The link is not valid UTF-8."),
    ("xmpp:%FF@example.org", "The link is not valid UTF-8."),
    ("xmpp:" + "a" * 9000 + "@example.org", "The link is too long."),
    # U+202E would show "gro.elpmaxe" as something else: refused, not silently changed
    ("xmpp:bob%E2%80%AE@example.org", "The address in the link contains invisible characters."),
    ("xmpp:bob%00@example.org", "The address in the link contains invisible characters."),
])
def test_bad_links_are_refused_with_a_reason(link: str, reason: str) -> None:
    with pytest.raises(UriError) as caught:
        parse(link)
    assert str(caught.value) == reason


def test_a_draft_loses_invisible_characters_and_is_capped() -> None:
    uri = parse("xmpp:bob@example.org?message;body=pay%E2%80%AEtxt.exe%07;name=x")
    assert uri.body == "paytxt.exe"
    long = parse("xmpp:bob@example.org?message;body=" + "x" * 5000)
    assert len(long.body) == MAX_VALUE
