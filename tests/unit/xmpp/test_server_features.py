"""Reading disco answers (XEP-0030, XEP-0128, XEP-0363 §2): what a server offers, and junk
or hostile answers read as "absent", never as a crash."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest

from heron.core.events import UploadService
from heron.xmpp.services.server_features import (
    DISCO_INFO,
    NOTHING,
    parse_info,
    parse_items,
    upload_service,
)

UPLOAD_INFO = """
<query xmlns='http://jabber.org/protocol/disco#info'>
  <identity category='store' type='file' name='HTTP File Upload'/>
  <feature var='http://jabber.org/protocol/disco#info'/>
  <feature var='urn:xmpp:http:upload:0'/>
  <x xmlns='jabber:x:data' type='result'>
    <field var='FORM_TYPE' type='hidden'><value>urn:xmpp:http:upload:0</value></field>
    <field var='max-file-size'><value>{size}</value></field>
  </x>
</query>"""


def _xml(text: str) -> ET.Element:
    return ET.fromstring(text)


def test_upload_service_with_its_size_limit() -> None:
    info = parse_info(_xml(UPLOAD_INFO.format(size="10485760")))
    assert upload_service("upload.example.org", info) == UploadService("upload.example.org",
                                                                       10485760)


@pytest.mark.parametrize("size", ["", "-5", "0", "ten", "1e9", " "])
def test_a_junk_size_limit_reads_as_no_limit_named(size: str) -> None:
    info = parse_info(_xml(UPLOAD_INFO.format(size=size)))
    assert upload_service("upload.example.org", info) == UploadService("upload.example.org")


def test_a_size_in_another_form_is_not_the_upload_limit() -> None:
    text = UPLOAD_INFO.format(size="5").replace(
        "<value>urn:xmpp:http:upload:0</value>", "<value>urn:example:other</value>")
    assert upload_service("u.example.org", parse_info(_xml(text))) == UploadService(
        "u.example.org")


def test_no_upload_feature_no_service() -> None:
    text = UPLOAD_INFO.format(size="5").replace("<feature var='urn:xmpp:http:upload:0'/>", "")
    assert upload_service("upload.example.org", parse_info(_xml(text))) is None


def test_account_info_features_and_pep_identity() -> None:
    info = parse_info(_xml(
        "<query xmlns='http://jabber.org/protocol/disco#info'>"
        "<identity category='account' type='registered'/>"
        "<identity category='pubsub' type='pep'/>"
        "<feature var='urn:xmpp:mam:2'/><feature var='urn:xmpp:sid:0'/><feature/>"
        "</query>"))
    assert info.features == {"urn:xmpp:mam:2", "urn:xmpp:sid:0"}
    assert ("pubsub", "pep") in info.identities


@pytest.mark.parametrize("junk", [
    None,
    "<query xmlns='http://jabber.org/protocol/disco#items'><item jid='x'/></query>",
    "<error xmlns='jabber:client' type='cancel'/>",
    f"<query xmlns='{DISCO_INFO}'><x xmlns='jabber:x:data'><field/></x></query>",
])
def test_junk_reads_as_nothing(junk: str | None) -> None:
    info = parse_info(_xml(junk) if junk else None)
    assert info.features == NOTHING.features and info.identities == NOTHING.identities
    assert upload_service("upload.example.org", info) is None


def test_items_are_services_without_nodes_once_each() -> None:
    items = parse_items(_xml(
        "<query xmlns='http://jabber.org/protocol/disco#items'>"
        "<item jid='upload.example.org'/><item jid='conference.example.org' name='Rooms'/>"
        "<item jid='pubsub.example.org' node='news'/><item jid='upload.example.org'/>"
        "<item/></query>"))
    assert items == ["upload.example.org", "conference.example.org"]
    assert parse_items(_xml(f"<query xmlns='{DISCO_INFO}'/>")) == []
    assert parse_items(None) == []
