"""Bookmarks as read from the wire (XEP-0402 items, XEP-0048 storage) and the rule on who may
change them (policy.bookmark_update_ok)."""

from __future__ import annotations

from xml.etree.ElementTree import fromstring, tostring

from heron.xmpp import policy
from heron.xmpp.services.bookmarks import (
    NS,
    conference_payload,
    parse_conference,
    parse_legacy,
)

OWN = "alice@example.org"


def test_only_our_own_bare_jid_changes_bookmarks() -> None:
    assert policy.bookmark_update_ok(OWN, f"{OWN}/heron")
    assert policy.bookmark_update_ok("Alice@Example.org", OWN)
    assert policy.bookmark_update_ok("mallory@example.org", OWN).reason == "not-own-account"
    assert policy.bookmark_update_ok(f"{OWN}/phone", OWN).reason == "from-own-resource"
    assert policy.bookmark_update_ok("example.org", OWN).reason == "not-own-account"
    assert not policy.bookmark_update_ok("", OWN)
    assert not policy.bookmark_update_ok("@@", OWN)


def test_a_conference_item_and_its_extensions_survive_a_republish() -> None:
    conference = fromstring(
        f"<conference xmlns='{NS}' name='Orchard&#x202E;' autojoin='1'><nick>JC</nick>"
        f"<password>pw</password><extensions><state xmlns='http://myclient.example/bookmark'"
        f" minimized='true'/></extensions></conference>")
    bookmark = parse_conference("Orchard@Chat.Example", conference)
    assert bookmark is not None
    assert (bookmark.jid, bookmark.name, bookmark.autojoin, bookmark.nick, bookmark.password) == (
        "orchard@chat.example", "Orchard", True, "JC", "pw")
    again = conference_payload(bookmark).xml
    state = again.find(f"{{{NS}}}extensions/{{http://myclient.example/bookmark}}state")
    assert state is not None and state.get("minimized") == "true"
    assert again.get("autojoin") == "true" and again.findtext(f"{{{NS}}}nick") == "JC"
    assert b"Orchard" in tostring(again)


def test_item_ids_that_are_not_rooms_are_dropped() -> None:
    assert parse_conference("chat.example", None) is None
    assert parse_conference("room@chat.example/nick", None) is None
    bare = parse_conference("room@chat.example", None)
    assert bare is not None and not bare.autojoin


def test_legacy_storage_is_read() -> None:
    storage = fromstring(
        "<storage xmlns='storage:bookmarks'>"
        "<conference jid='a@chat.example' autojoin='true' name='A'><nick>n</nick></conference>"
        "<conference jid='no-room' autojoin='true'/>"
        "<url name='site' url='https://example.org'/></storage>")
    [bookmark] = parse_legacy(storage)
    assert (bookmark.jid, bookmark.autojoin, bookmark.name, bookmark.nick) == (
        "a@chat.example", True, "A", "n")
    assert parse_legacy(None) == []
