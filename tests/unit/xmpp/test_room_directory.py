"""What a conference service says is untrusted: the room list and a room's info are read as
plain, capped text, and only from the address asked (heron.xmpp.services.room_directory)."""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement, fromstring

from heron.xmpp.services.room_directory import (
    DISCO_ITEMS,
    MAX_DESCRIPTION,
    MAX_NAME,
    answered_by,
    parse_rooms,
    plain,
    room_info,
)

SERVICE = "conference.example.org"


def _items(*jids: str, count: int = 0) -> Element:
    query = Element(f"{{{DISCO_ITEMS}}}query")
    for jid in jids:
        SubElement(query, f"{{{DISCO_ITEMS}}}item", {"jid": jid, "name": "n\u202eame\x07"})
    for n in range(count):
        SubElement(query, f"{{{DISCO_ITEMS}}}item", {"jid": f"r{n}@{SERVICE}"})
    return query


def test_only_rooms_on_the_service_are_listed_as_plain_text() -> None:
    rooms = parse_rooms(_items(f"a@{SERVICE}", f"b@{SERVICE}/res", "c@evil.example",
                               SERVICE, "not a jid@@", f"D@{SERVICE.upper()}"), SERVICE, 100)
    assert [r.jid for r in rooms] == [f"a@{SERVICE}", f"d@{SERVICE}"]
    assert rooms[0].name == "n ame"


def test_a_hundred_thousand_items_stop_at_the_cap() -> None:
    rooms = parse_rooms(_items(count=100_000), SERVICE, 5000)
    assert len(rooms) == 5000 and rooms[-1].jid == f"r4999@{SERVICE}"


def test_long_names_are_capped_and_lines_joined() -> None:
    assert plain("x" * 10_000, MAX_NAME) == "x" * (MAX_NAME - 1) + "…"
    assert plain("two\nlines\u2028here", 50) == "two lines here"


def test_room_info_reads_the_form_and_features() -> None:
    info = room_info(f"a@{SERVICE}", fromstring(f"""
    <query xmlns='http://jabber.org/protocol/disco#info'>
      <identity category='conference' type='text' name='Chess&#x202E; club'/>
      <feature var='http://jabber.org/protocol/muc'/>
      <feature var='muc_passwordprotected'/><feature var='muc_membersonly'/>
      <feature var='muc_hidden'/><feature var='urn:xmpp:mam:2'/>
      <x xmlns='jabber:x:data' type='result'>
        <field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roominfo</value></field>
        <field var='muc#roominfo_description'><value>{"d" * 5000}</value></field>
        <field var='muc#roominfo_occupants'><value>12</value></field>
      </x>
    </query>"""))
    assert (info.name, info.occupants) == ("Chess club", 12)
    assert len(info.description) == MAX_DESCRIPTION
    assert info.password and info.members_only and not info.public and info.archived
    junk = room_info("a@b", fromstring(
        "<query xmlns='http://jabber.org/protocol/disco#info'><x xmlns='jabber:x:data'>"
        "<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roominfo</value></field>"
        "<field var='muc#roominfo_occupants'><value>-3</value></field></x></query>"))
    assert junk.occupants is None


def test_only_the_address_asked_answers() -> None:
    assert answered_by(SERVICE, SERVICE)
    assert not answered_by(SERVICE, "evil.example")
    assert not answered_by(SERVICE, f"{SERVICE}/res")
    assert not answered_by(f"a@{SERVICE}", f"b@{SERVICE}")
    assert not answered_by(SERVICE, "")
