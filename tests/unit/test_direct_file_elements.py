"""The XEP-0234 file description and XEP-0261 transport Heron sends, and how it reads peers'."""

from __future__ import annotations

import hashlib
from pathlib import Path

from slixmpp.xmlstream import ET

from heron.xmpp.plugins.xep_0166 import NS as JINGLE
from heron.xmpp.plugins.xep_0234 import NS, NS_HASHES, FileOffer, description, offer_of
from heron.xmpp.plugins.xep_0234 import parse as parse_offer
from heron.xmpp.plugins.xep_0261 import IbbTransport, transport
from heron.xmpp.plugins.xep_0261 import parse as parse_transport


def _content(*children: ET.Element) -> ET.Element:
    content = ET.Element(f"{{{JINGLE}}}content")
    content.extend(children)
    return content


def test_an_offer_reads_back_as_written(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"hello" * 1000)
    offer = offer_of(path, "text/plain")
    assert offer.sha256 == hashlib.sha256(b"hello" * 1000).digest()
    assert parse_offer(_content(description(offer))) == offer
    assert parse_transport(_content(transport(IbbTransport("s1")))) == IbbTransport("s1", 4096)


def test_an_offer_without_a_usable_size_or_hash_is_not_taken() -> None:
    good = FileOffer("a", 3, sha256=hashlib.sha256(b"abc").digest())
    later = description(FileOffer("a", 3))  # <hash-used/>: the hash comes later (§8.1)
    assert parse_offer(_content(later)) == FileOffer("a", 3)
    no_hash = description(FileOffer("a", 3))
    file = no_hash.find(f"{{{NS}}}file")
    assert file is not None
    for used in file.findall(f"{{{NS_HASHES}}}hash-used"):
        file.remove(used)  # no hash at all, not even its algorithm: nothing to check against
    negative = description(good)
    negative.find(f"{{{NS}}}file/{{{NS}}}size").text = "-1"  # type: ignore[union-attr]
    assert parse_offer(_content(no_hash)) is None
    assert parse_offer(_content(negative)) is None
    assert parse_offer(_content(description(good))) == good


def test_a_transport_with_an_impossible_block_size_is_not_taken() -> None:
    for size in ("0", "70000", "many"):
        element = transport(IbbTransport("s1"))
        element.set("block-size", size)
        assert parse_transport(_content(element)) is None
