"""XEP-0363 §5: a slot is believed only with https addresses, and its PUT carries only the
headers the XEP allows, without line breaks."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest

from heron.xmpp.services.upload import BadSlot, parse_slot


def _slot(xml: str) -> ET.Element:
    return ET.fromstring(xml)


def test_a_slot_keeps_only_the_allowed_headers() -> None:
    slot = parse_slot(_slot(
        "<slot xmlns='urn:xmpp:http:upload:0'>"
        "<put url='https://up.example/p/a.txt'>"
        "<header name='Authorization'>Basic Base64String==</header>"
        "<header name='Cookie'>foo=bar;\r\nInjected: yes</header>"
        "<header name='Host'>evil.example</header>"
        "<header name='X-Forwarded-For'>1.2.3.4</header>"
        "</put><get url='https://up.example/g/a.txt'/></slot>"))
    assert slot.put_url == "https://up.example/p/a.txt"
    assert slot.get_url == "https://up.example/g/a.txt"
    assert slot.headers == {"Authorization": "Basic Base64String==",
                            "Cookie": "foo=bar;Injected: yes"}


@pytest.mark.parametrize("xml", [
    "<slot xmlns='urn:xmpp:http:upload:0'><put url='http://up.example/p'/>"
    "<get url='https://up.example/g'/></slot>",
    "<slot xmlns='urn:xmpp:http:upload:0'><put url='https://up.example/p'/>"
    "<get url='ftp://up.example/g'/></slot>",
    "<slot xmlns='urn:xmpp:http:upload:0'><put url='https://up.example/p'/></slot>",
    "<slot xmlns='urn:xmpp:http:upload:1'><put url='https://a/p'/><get url='https://a/g'/></slot>",
])
def test_a_slot_without_two_https_addresses_is_refused(xml: str) -> None:
    with pytest.raises(BadSlot):
        parse_slot(_slot(xml))
