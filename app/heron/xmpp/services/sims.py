# XEP-0385: Stateless Inline Media Sharing (SIMS)
"""A shared file described beside the message: name, size, type and hash, with the places it
can be fetched from. Heron sends it with every upload, next to the out-of-band address
(XEP-0066), and reads it as another way to learn of a file, with more to say about it.

Read only from the message itself (its sender shares the file; nothing forwarded inside it
counts) and under the rules every received address follows (core/file_events.py): only an
https address makes a card, a name is sanitised, a size is a plain number within bounds, a
type looks like ``type/subtype``. Namespaces: ``urn:xmpp:sims:1`` with XEP-0234's
``file-transfer:5`` is what Movim, Cheogram and moxxmpp send; the XEP text's ``sims:2`` and
``file-transfer:4`` are read as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET

from heron.core.file_events import file_url
from heron.core.filenames import name_from_url, sanitise

REFERENCE = "urn:xmpp:reference:0"
SIMS = "urn:xmpp:sims:1"
READ_SIMS = (SIMS, "urn:xmpp:sims:2")
FILE = "urn:xmpp:jingle:apps:file-transfer:5"
READ_FILE = (FILE, "urn:xmpp:jingle:apps:file-transfer:4")
HASHES = "urn:xmpp:hashes:2"
MAX_SIZE = 2**53  # bytes; a larger claim is kept as this (storage, arithmetic)
MAX_REFERENCES = 8  # looked at per message: a flood of them is not read
MAX_TEXT = 255
_MEDIA_TYPE = re.compile(r"[A-Za-z0-9][\w.+-]{0,126}/[A-Za-z0-9][\w.+-]{0,126}", re.ASCII)


@dataclass(frozen=True, slots=True)
class SharedFile:
    url: str  # https only
    name: str  # sanitised
    size: int | None
    media_type: str = ""
    sha256: str = ""  # base64, as XEP-0300 writes it ("" when unknown)


def add(xml: Any, shared: SharedFile) -> None:
    """Append the SIMS description of an uploaded file to an outgoing message."""
    reference = ET.SubElement(xml, f"{{{REFERENCE}}}reference", {"type": "data"})
    sharing = ET.SubElement(reference, f"{{{SIMS}}}media-sharing")
    file = ET.SubElement(sharing, f"{{{FILE}}}file")
    if shared.media_type:
        ET.SubElement(file, f"{{{FILE}}}media-type").text = shared.media_type
    ET.SubElement(file, f"{{{FILE}}}name").text = shared.name
    if shared.size is not None:
        ET.SubElement(file, f"{{{FILE}}}size").text = str(shared.size)
    if shared.sha256:
        ET.SubElement(file, f"{{{HASHES}}}hash", {"algo": "sha-256"}).text = shared.sha256
    sources = ET.SubElement(sharing, f"{{{SIMS}}}sources")
    ET.SubElement(sources, f"{{{REFERENCE}}}reference", {"type": "data", "uri": shared.url})


def read(xml: Any) -> SharedFile | None:
    """The first file the message shares that Heron may fetch, None when there is none."""
    for reference in xml.findall(f"{{{REFERENCE}}}reference")[:MAX_REFERENCES]:
        if reference.get("type") != "data":
            continue
        for ns in READ_SIMS:
            sharing = reference.find(f"{{{ns}}}media-sharing")
            if sharing is not None:
                shared = _shared(sharing, ns)
                if shared is not None:
                    return shared
    return None


def _shared(sharing: Any, ns: str) -> SharedFile | None:
    url = ""
    for source in sharing.findall(f"{{{ns}}}sources/{{{REFERENCE}}}reference")[:MAX_REFERENCES]:
        url = file_url(source.get("uri", ""))  # https only: http, javascript:, xmpp: are not
        if url:
            break
    if not url:
        return None
    file = next((f for f in (sharing.find(f"{{{n}}}file") for n in READ_FILE) if f is not None),
                None)
    if file is None:
        return SharedFile(url, name_from_url(url), None)
    fns = file.tag.split("}")[0][1:]
    name = _text(file, f"{{{fns}}}name")
    media_type = _text(file, f"{{{fns}}}media-type")
    sha = next((h.text or "" for h in file.findall(f"{{{HASHES}}}hash")
                if h.get("algo") == "sha-256"), "").strip()
    return SharedFile(url, sanitise(name) if name else name_from_url(url),
                      _size(_text(file, f"{{{fns}}}size")),
                      media_type if _MEDIA_TYPE.fullmatch(media_type) else "",
                      sha if len(sha) <= MAX_TEXT else "")


def _text(parent: Any, tag: str) -> str:
    element = parent.find(tag)
    return (element.text or "").strip()[:MAX_TEXT] if element is not None else ""


def _size(text: str) -> int | None:
    """A size in bytes: plain ASCII digits, else unknown. An absurd claim is kept as
    MAX_SIZE: still far beyond any download cap, so saving is refused as for any file that
    claims too much (xmpp/httpfiles.py)."""
    if not text.isascii() or not text.isdigit():
        return None
    if len(text) > len(str(MAX_SIZE)):
        return MAX_SIZE
    return min(int(text), MAX_SIZE)
