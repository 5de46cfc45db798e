"""Contacts' device lists as Heron reads them before OMEMO starts (omemo_device_lists.py): the
lists of both versions, malformed ones ignored, notifications believed only from the owner."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from slixmpp import Message
from slixmpp.plugins.xep_0060 import stanza as pubsub_stanza  # registers <event/>

from heron.crypto.omemo import OLDMEMO, TWOMEMO
from heron.xmpp.services.omemo_device_lists import believed_item, parse_list


def _item(payload: str) -> ET.Element:
    return ET.fromstring(f"<item xmlns='http://jabber.org/protocol/pubsub#event' id='current'>"
                         f"{payload}</item>")


def test_both_versions_lists_are_read_with_omemo2_labels() -> None:
    two = _item(f"<devices xmlns='{TWOMEMO}'><device id='12345' label='Phone'/>"
                "<device id='4223'/></devices>")
    old = _item(f"<list xmlns='{OLDMEMO}'><device id='31415'/></list>")
    assert parse_list(two, TWOMEMO) == {12345: "Phone", 4223: None}
    assert parse_list(old, OLDMEMO) == {31415: None}
    assert parse_list(two, OLDMEMO) is None  # not a list in that version
    assert parse_list(_item(f"<devices xmlns='{TWOMEMO}'/>"), TWOMEMO) == {}  # no devices


def test_a_list_with_an_impossible_device_id_is_ignored_whole() -> None:
    for bad in ("0", "-1", "4294967296", "phone"):
        item = _item(f"<list xmlns='{OLDMEMO}'><device id='7'/><device id='{bad}'/></list>")
        assert parse_list(item, OLDMEMO) is None, bad


def _notification(sender: str, publisher: str = "") -> Message:
    msg = Message()
    msg["from"] = sender
    msg["to"] = "alice@example.org/heron"
    msg["pubsub_event"]["items"]["node"] = "eu.siacs.conversations.axolotl.devicelist"
    item = pubsub_stanza.EventItem()
    item["id"] = "current"
    if publisher:
        item.xml.set("publisher", publisher)
    item["payload"] = ET.fromstring(f"<list xmlns='{OLDMEMO}'><device id='7'/></list>")
    msg["pubsub_event"]["items"].append(item)
    return msg


def test_a_notification_is_believed_only_from_the_owners_account() -> None:
    found = believed_item(_notification("bob@example.org"))
    assert found is not None and parse_list(found, OLDMEMO) == {7: None}
    assert believed_item(_notification("bob@example.org", "bob@example.org/phone")) is not None
    assert believed_item(_notification("bob@example.org/phone")) is None
    assert believed_item(_notification("bob@example.org", "mallory@example.org")) is None
