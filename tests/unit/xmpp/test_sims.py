# ruff: noqa: E501  the XEP's example is kept as printed, long lines and all
"""XEP-0385 (SIMS) read from the XEP's own example and from what deployed clients send, and
hostile descriptions held to the rules every received file address follows."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from heron.xmpp.services import sims
from heron.xmpp.services.sims import SharedFile

# XEP-0385 0.2.0, Example 1, as printed apart from two typos that make it invalid XML
# ("<media-type>…</media>" and no space before the thumbnail's "uri").
XEP_EXAMPLE = """<message xmlns='jabber:client' to='julient@shakespeare.lit' from='romeo@montague.lit'>
  <body>Look at the nice view from the summit.</body>
  <reference xmlns='urn:xmpp:reference:0' begin='17' end='20' type='data'>
    <media-sharing xmlns='urn:xmpp:sims:2'>
      <file xmlns='urn:xmpp:jingle:apps:file-transfer:4'>
        <media-type>image/jpeg</media-type>
        <name>summit.jpg</name>
        <size>3032449</size>
        <hash xmlns='urn:xmpp:hashes:2' algo='sha3-256'>2XarmwTlNxDAMkvymloX3S5+VbylNrJt/l5QyPa+YoU=</hash>
        <hash xmlns='urn:xmpp:hashes:2' algo='id-blake2b256'>2AfMGH8O7UNPTvUVAM9aK13mpCY=</hash>
        <desc>Photo from the summit.</desc>
        <thumbnail xmlns='urn:xmpp:thumbs:1' uri='cid:sha1+ffd7c8d28e9c5e82afea41f97108c6b4@bob.xmpp.org' media-type='image/png' width='128' height='96'/>
      </file>
      <sources>
        <reference xmlns='urn:xmpp:reference:0' type='data' uri='https://download.montague.lit/4a771ac1-f0b2-4a4a-9700-f2a26fa2bb67/summit.jpg' />
        <reference xmlns='urn:xmpp:reference:0' type='data' uri='xmpp:romeo@montague.lit/resource?jingle;id=9559976B-3FBF-4E7E-B457-2DAA225972BB' />
      </sources>
    </media-sharing>
  </reference>
</message>"""

URL = "https://upload.example.org/4a77/summit.jpg"


def _message(file: str, sources: str, ns: str = sims.SIMS, ref_type: str = "data") -> ET.Element:
    return ET.fromstring(
        f"<message xmlns='jabber:client'><body>hi</body>"
        f"<reference xmlns='urn:xmpp:reference:0' type='{ref_type}'>"
        f"<media-sharing xmlns='{ns}'>"
        f"<file xmlns='urn:xmpp:jingle:apps:file-transfer:5'>{file}</file>"
        f"<sources>{sources}</sources></media-sharing></reference></message>")


def _source(uri: str) -> str:
    return f"<reference xmlns='urn:xmpp:reference:0' type='data' uri='{uri}'/>"


def test_the_xeps_example() -> None:
    assert sims.read(ET.fromstring(XEP_EXAMPLE)) == SharedFile(
        "https://download.montague.lit/4a771ac1-f0b2-4a4a-9700-f2a26fa2bb67/summit.jpg",
        "summit.jpg", 3032449, "image/jpeg", "")  # no sha-256 among its hashes


def test_what_heron_sends_reads_back_the_same() -> None:
    shared = SharedFile(URL, "summit.jpg", 3032449, "image/jpeg",
                        "2XarmwTlNxDAMkvymloX3S5+VbylNrJt/l5QyPa+YoU=")
    msg = ET.Element("{jabber:client}message")
    sims.add(msg, shared)
    again = ET.fromstring(ET.tostring(msg))
    assert sims.read(again) == shared
    reference = again.find(f"{{{sims.REFERENCE}}}reference")
    assert reference is not None and reference.get("type") == "data"
    assert reference.find(f"{{{sims.SIMS}}}media-sharing/{{{sims.FILE}}}file") is not None


@pytest.mark.parametrize("uri", [
    "http://upload.example.org/a.jpg",  # plain http is never fetched
    "javascript:alert(1)",
    "xmpp:romeo@montague.lit/resource?jingle",
    "data:image/png;base64,AAAA",
    "https://",  # no host
    "https://upload.example.org/",  # no file name
    "https://upload.example.org/a b.jpg",
    "https://upload.example.org/" + "a" * 5000 + ".jpg",
])
def test_no_card_from_an_address_heron_would_not_fetch(uri: str) -> None:
    assert sims.read(_message("<name>a.jpg</name>", _source(uri))) is None


def test_the_first_usable_source_wins() -> None:
    sources = _source("javascript:alert(1)") + _source(URL)
    assert sims.read(_message("<name>a.jpg</name>", sources)) == SharedFile(URL, "a.jpg", None)


@pytest.mark.parametrize(("size", "read"), [
    ("3032449", 3032449),
    ("0", 0),
    ("-1", None),
    ("1e9", None),
    ("12 345", None),
    ("١٢٣", None),  # digits, but not ASCII ones
    ("10000000000", 10_000_000_000),  # a claim the download cap then refuses
    ("9" * 400, sims.MAX_SIZE),  # absurd: kept as the largest claim, refused likewise
    (str(sims.MAX_SIZE + 1), sims.MAX_SIZE),
])
def test_sizes(size: str, read: int | None) -> None:
    shared = sims.read(_message(f"<size>{size}</size>", _source(URL)))
    assert shared is not None and shared.size == read


def test_names_and_types_from_the_network_are_made_safe() -> None:
    shared = sims.read(_message(
        "<name>../../invoice\u202efdp.exe</name><media-type>text/html; x=&lt;b&gt;</media-type>",
        _source(URL)))
    assert shared is not None
    assert "/" not in shared.name and "\u202e" not in shared.name and shared.name
    assert shared.media_type == ""
    unnamed = sims.read(_message("", _source(URL)))
    assert unnamed is not None and unnamed.name == "summit.jpg"  # from the address


def test_only_data_references_with_media_sharing_count() -> None:
    assert sims.read(_message("<name>a</name>", _source(URL), ref_type="mention")) is None
    assert sims.read(_message("<name>a</name>", _source(URL), ns="urn:example:other")) is None
    assert sims.read(ET.fromstring("<message xmlns='jabber:client'><body>hi</body></message>"))\
        is None


def test_a_flood_of_references_is_not_read_to_the_end() -> None:
    junk = "<reference xmlns='urn:xmpp:reference:0' type='data'/>" * 1000
    msg = ET.fromstring(f"<message xmlns='jabber:client'>{junk}</message>")
    msg.append(_message("<name>late.jpg</name>", _source(URL))[1])
    assert sims.read(msg) is None


@given(st.text(max_size=300))
def test_any_text_in_any_field_gives_a_safe_description_or_none(text: str) -> None:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace("'", "&apos;")
    clean = "".join(ch for ch in escaped if ch.isprintable() or ch == " ")
    try:
        msg = _message(f"<name>{clean}</name><size>{clean}</size>"
                       f"<media-type>{clean}</media-type>", _source(URL))
    except ET.ParseError:
        return
    shared = sims.read(msg)
    assert shared is not None and shared.url == URL
    assert shared.name and "/" not in shared.name and "\\" not in shared.name
    assert shared.size is None or 0 <= shared.size <= sims.MAX_SIZE
