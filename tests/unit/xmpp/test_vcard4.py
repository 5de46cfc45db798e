# ruff: noqa: W291  the XEP's example is kept as printed (a trailing blank included)
"""XEP-0292 vCard4 read into the profile Heron shows: RFC 6351's value elements, plain text
only, capped; vCard4 wins over vcard-temp field by field."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from heron.core.profile import Profile
from heron.xmpp.services.vcard4 import MAX_FIELD, from_owner, merged, profile_from_vcard4

# XEP-0292's "Server Returns vCard" example (Peter Saint-Andre's vCard), as printed.
XEP_EXAMPLE = """<vcard xmlns="urn:ietf:params:xml:ns:vcard-4.0">
      <fn><text>Peter Saint-Andre</text></fn>
      <n><surname>Saint-Andre</surname><given>Peter</given><middle></middle></n>
      <nickname><text>stpeter</text></nickname>
      <nickname><text>psa</text></nickname>
      <photo><uri>http://me.stpeter.im/images/stpeter_oscon.jpg</uri></photo>
      <bday><date>1966-08-06</date></bday>
      <adr>
        <parameters>
          <type><text>work</text><text>voice</text></type>
          <pref><integer>1</integer></pref>
        </parameters>
        <ext>Suite 600</ext>
        <street>1899 Wynkoop Street</street>
        <locality>Denver</locality>
        <region>CO</region>
        <code>80202</code>
        <country>USA</country>
      </adr>
      <tel>
        <parameters>
          <type><text>work</text><text>voice</text></type>
          <pref><integer>1</integer></pref>
        </parameters>
        <uri>tel:+1-303-308-3282</uri>
      </tel>
      <tel>
        <parameters><type><text>work</text><text>fax</text></type></parameters>
        <uri>tel:+1-303-308-3219</uri>
      </tel>
      <geo><uri>geo:39.59,-105.01</uri></geo>
      <title><text>Executive Director</text></title>
      <role><text>Patron Saint</text></role>
      <org>
        <parameters><type><text>work</text></type></parameters>
        <text>XMPP Standards Foundation</text>
      </org>
      <url><uri>https://stpeter.im/</uri></url>
      <note>
        <text>
        More information about me is located on my 
        personal website: https://stpeter.im/
        </text>
      </note>
      <gender><sex><text>M</text></sex></gender>
      <email>
        <parameters><type><text>work</text></type></parameters>
        <text>psaintan@cisco.com</text>
      </email>
      <email>
        <parameters><type><text>home</text></type></parameters>
        <text>stpeter@jabber.org</text>
      </email>
      <impp>
        <parameters><type><text>work</text></type></parameters>
        <uri>xmpp:psaintan@cisco.com</uri>
      </impp>
    </vcard>"""


def test_the_xeps_example() -> None:
    profile = profile_from_vcard4(ET.fromstring(XEP_EXAMPLE))
    assert profile == Profile(
        full_name="Peter Saint-Andre", nickname="stpeter", email="psaintan@cisco.com",
        phone="+1-303-308-3282", organisation="XMPP Standards Foundation",
        url="https://stpeter.im/", birthday="1966-08-06", note=profile.note)
    assert " ".join(profile.note.split()) == (
        "More information about me is located on my personal website: https://stpeter.im/")


def test_hostile_text_stays_plain_and_short() -> None:
    vcard = ET.fromstring(
        "<vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'>"
        "<fn><text>\u202eevil\u200f &lt;b&gt;</text></fn>"
        f"<note><text>{'x' * 5000}</text></note>"
        "<tel><text>555 0100</text></tel></vcard>")
    profile = profile_from_vcard4(vcard)
    assert profile.full_name == "evil <b>"
    assert len(profile.note) == MAX_FIELD
    assert profile.phone == "555 0100"  # a text value where a uri is usual
    assert profile_from_vcard4(None) == Profile()
    other = ET.fromstring("<vcard xmlns='urn:example:not-vcard4'><fn><text>x</text></fn></vcard>")
    assert profile_from_vcard4(other) == Profile()


def test_vcard4_wins_field_by_field() -> None:
    card4 = Profile(full_name="Bob Builder", note="about me")
    temp = Profile(full_name="Robert", organisation="Builders Ltd", note="")
    assert merged(card4, temp) == Profile(full_name="Bob Builder", organisation="Builders Ltd",
                                          note="about me")
    assert merged(Profile(), temp) == temp


def test_only_from_the_person_it_describes() -> None:
    own = "alice@example.org"
    assert from_owner("bob@example.org", "bob@example.org", own)
    assert from_owner("Bob@example.org", "bob@example.org", own)
    assert not from_owner("mallory@example.org", "bob@example.org", own)
    assert not from_owner("example.org", "bob@example.org", own)  # the server, not Bob
    assert from_owner("", own, own)  # our own vCard4: the answer has no from
    assert not from_owner("", "bob@example.org", own)
