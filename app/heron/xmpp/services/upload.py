# XEP-0363: HTTP File Upload (the slot request)
"""Ask our server's upload service for a slot: where to PUT the file and where it will be.

Our own request rather than slixmpp's plugin: its ``upload_file`` PUTs with a client that
knows neither the account's CA nor streaming from disk, and the slot's answer is checked here
(both addresses https, only the headers §5 allows, without line breaks).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from heron.xmpp.slixcalls import send_iq

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from heron.xmpp.client import HeronXMPP

NS = "urn:xmpp:http:upload:0"
SLOT_TIMEOUT = 30.0
#: XEP-0363 §5: the only headers a slot may ask for; others are dropped
ALLOWED_HEADERS = ("authorization", "cookie", "expires")


@dataclass(frozen=True)
class Slot:
    put_url: str
    get_url: str
    headers: dict[str, str]


class BadSlot(Exception):  # noqa: N818  the service's answer, not our bug
    pass


def parse_slot(slot: Element | None) -> Slot:
    if slot is None or slot.tag != f"{{{NS}}}slot":
        raise BadSlot("no slot in the answer")
    put, get = slot.find(f"{{{NS}}}put"), slot.find(f"{{{NS}}}get")
    put_url = put.get("url", "") if put is not None else ""
    get_url = get.get("url", "") if get is not None else ""
    if not put_url.startswith("https://") or not get_url.startswith("https://"):
        raise BadSlot("slot addresses must be https")
    headers: dict[str, str] = {}
    for header in put.findall(f"{{{NS}}}header") if put is not None else ():
        name = header.get("name", "")
        value = "".join((header.text or "").splitlines())
        if name.lower() in ALLOWED_HEADERS:
            headers[name] = value
    return Slot(put_url, get_url, headers)


async def request_slot(client: HeronXMPP, service: str, name: str, size: int,
                       mime: str) -> Slot:
    """IqError/IqTimeout pass through; a malformed answer raises BadSlot."""
    iq = client.Iq(stype="get", sto=service)
    request = ET.SubElement(iq.xml, f"{{{NS}}}request")
    request.set("filename", name)
    request.set("size", str(size))
    request.set("content-type", mime or "application/octet-stream")
    reply = await send_iq(iq, timeout=SLOT_TIMEOUT)
    return parse_slot(reply.xml.find(f"{{{NS}}}slot"))
