"""XEP-0420 envelopes (xmpp/plugins/xep_0420), checked against the XEP's own examples."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from heron.xmpp.plugins import xep_0420 as sce

# XEP-0420 §6.1 "Envelope element containing the messages body and the OOB element", with the
# affixes of §4 "Examples of Affix Elements" (OMEMO 2's profile requires <from>).
XEP_EXAMPLE = b"""<envelope xmlns='urn:xmpp:sce:1'>
  <content>
    <body xmlns='jabber:client'>[...]</body>
    <x xmlns='jabber:x:oob'>
      <url>https://en.wikipedia.org/wiki/Fight_Club#Plot</url>
    </x>
  </content>
  <time stamp='2004-01-25T06:05:00+01:00'/>
  <to jid='missioncontrol@houston.nasa.gov'/>
  <from jid='opportunity@mars.planet'/>
  <rpad>C1DHN9HK-9A25tSmwK4hU!Jji9%GKYK^syIlHJT9TnI4</rpad>
</envelope>"""


def test_the_xeps_example_is_read_with_its_content_and_time() -> None:
    envelope = sce.parse(XEP_EXAMPLE, "opportunity@mars.planet/rover",
                         "missioncontrol@houston.nasa.gov/desk")
    assert envelope.body() == "[...]"
    assert [e.tag for e in envelope.content] == ["{jabber:client}body", "{jabber:x:oob}x"]
    assert envelope.sent == datetime(2004, 1, 25, 5, 5, tzinfo=UTC).timestamp()


def test_an_envelope_from_someone_else_than_the_stanza_is_refused() -> None:
    with pytest.raises(sce.SceError, match="<from>"):
        sce.parse(XEP_EXAMPLE, "mallory@mars.planet/rover", "missioncontrol@houston.nasa.gov")
    with pytest.raises(sce.SceError, match="<to>"):
        sce.parse(XEP_EXAMPLE, "opportunity@mars.planet", "eve@houston.nasa.gov")


def test_the_xeps_example_without_affixes_is_refused() -> None:
    # §6.1 as printed has no <from>: OMEMO 2 cannot tell who wrote it.
    bare = XEP_EXAMPLE.replace(b"<from jid='opportunity@mars.planet'/>", b"")
    with pytest.raises(sce.SceError):
        sce.parse(bare, "opportunity@mars.planet", "missioncontrol@houston.nasa.gov")


def test_server_processed_elements_inside_the_content_are_dropped() -> None:
    hinted = XEP_EXAMPLE.replace(
        b"</content>", b"<store xmlns='urn:xmpp:hints'/>"
        b"<stanza-id xmlns='urn:xmpp:sid:0' id='x' by='houston.nasa.gov'/></content>")
    envelope = sce.parse(hinted, "opportunity@mars.planet", "missioncontrol@houston.nasa.gov")
    assert [e.tag for e in envelope.content] == ["{jabber:client}body", "{jabber:x:oob}x"]


def test_entities_and_doctypes_are_refused() -> None:
    bomb = b"<!DOCTYPE e [<!ENTITY a 'aaaa'>]>" + XEP_EXAMPLE.replace(b"[...]", b"&a;")
    with pytest.raises(sce.SceError, match="refused"):
        sce.parse(bomb, "opportunity@mars.planet", "missioncontrol@houston.nasa.gov")


def test_built_envelope_round_trips_with_all_affixes() -> None:
    data = sce.build([sce.body_element("Hi <b>Bob</b> & co")], "alice@example.org/heron",
                     "bob@example.org", now=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
                     rpad="xyz")
    envelope = sce.parse(data, "alice@example.org/laptop", "bob@example.org/phone")
    assert envelope.body() == "Hi <b>Bob</b> & co"
    assert envelope.sent == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC).timestamp()
    assert b"<rpad>xyz</rpad>" in data
