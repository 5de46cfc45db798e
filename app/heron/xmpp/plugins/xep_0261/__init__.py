# XEP-0261: Jingle In-Band Bytestreams transport (the <transport/>; the bytes go over XEP-0047)
from __future__ import annotations

from dataclasses import dataclass

from slixmpp.xmlstream import ET

NS = "urn:xmpp:jingle:transports:ibb:1"
BLOCK_SIZE = 4096
MAX_BLOCK_SIZE = 65535  # XEP-0047's limit


@dataclass(frozen=True, slots=True)
class IbbTransport:
    sid: str
    block_size: int = BLOCK_SIZE


def transport(ibb: IbbTransport) -> ET.Element:
    return ET.Element(f"{{{NS}}}transport",
                      {"sid": ibb.sid, "block-size": str(ibb.block_size)})


def parse(content: ET.Element) -> IbbTransport | None:
    element = content.find(f"{{{NS}}}transport")
    if element is None or not element.get("sid"):
        return None
    try:
        size = int(element.get("block-size") or BLOCK_SIZE)
    except ValueError:
        return None
    if not 0 < size <= MAX_BLOCK_SIZE:
        return None
    return IbbTransport(element.get("sid", ""), size)
