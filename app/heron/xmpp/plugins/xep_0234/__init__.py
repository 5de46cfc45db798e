# XEP-0234: Jingle File Transfer (the <description/> of an offered file, with its XEP-0300 hash)
"""Only what Heron's direct sending needs: a sender offers one file (name, size, media-type,
date, sha-256). Built and read as plain ElementTree: the Jingle core hands contents over as XML.

A sender may offer the file before it has hashed it (§5 and §8.1 "Checksum"): the offer then
names the algorithm only (``<hash-used/>``, or an empty ``<hash/>``), and the hash itself comes
later in a session-info ``<checksum/>`` (:func:`checksum`)."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from slixmpp.xmlstream import ET

NS = "urn:xmpp:jingle:apps:file-transfer:5"
NS_HASHES = "urn:xmpp:hashes:2"
CHUNK = 64 * 1024  # hashing reads the file in pieces, never all of it at once


@dataclass(frozen=True, slots=True)
class FileOffer:
    name: str  # as the sender wrote it: sanitise before use (core/filenames.py)
    size: int
    media_type: str = "application/octet-stream"
    date: str = ""
    sha256: bytes = b""  # empty: the sender sends it later, in a <checksum/> (§8.1)


def sha256_of(path: Path) -> bytes:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.digest()


def offer_of(path: Path, media_type: str = "application/octet-stream") -> FileOffer:
    stat = path.stat()
    date = datetime.fromtimestamp(stat.st_mtime, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return FileOffer(path.name, stat.st_size, media_type, date, sha256_of(path))


def description(offer: FileOffer) -> ET.Element:
    element = ET.Element(f"{{{NS}}}description")
    file = ET.SubElement(element, f"{{{NS}}}file")
    for tag, text in (("media-type", offer.media_type), ("name", offer.name),
                      ("date", offer.date), ("size", str(offer.size))):
        if text:
            ET.SubElement(file, f"{{{NS}}}{tag}").text = text
    if offer.sha256:
        hashed = ET.SubElement(file, f"{{{NS_HASHES}}}hash", {"algo": "sha-256"})
        hashed.text = base64.b64encode(offer.sha256).decode()
    else:
        ET.SubElement(file, f"{{{NS_HASHES}}}hash-used", {"algo": "sha-256"})
    return element


def _sha256_in(file: ET.Element) -> bytes | None:
    """The sha-256 in a <file/>: its bytes, b"" when only announced (an empty <hash/> or a
    <hash-used/>), None when there is none or it is not base64 of the right length."""
    announced = any(used.get("algo") == "sha-256"
                    for used in file.findall(f"{{{NS_HASHES}}}hash-used"))
    for hashed in file.findall(f"{{{NS_HASHES}}}hash"):
        if hashed.get("algo") != "sha-256":
            continue
        if not (hashed.text or "").strip():
            announced = True
            continue
        try:
            digest = base64.b64decode(hashed.text or "", validate=True)
        except ValueError:
            return None
        return digest if len(digest) == hashlib.sha256().digest_size else None
    return b"" if announced else None


def checksum(jingle: ET.Element) -> bytes | None:
    """The sha-256 a session-info ``<checksum/>`` carries (§8.1), else None."""
    file = jingle.find(f"{{{NS}}}checksum/{{{NS}}}file")
    digest = _sha256_in(file) if file is not None else None
    return digest or None


def parse(content: ET.Element) -> FileOffer | None:
    """The offer in a Jingle ``<content/>``; None when it holds no usable file description."""
    file = content.find(f"{{{NS}}}description/{{{NS}}}file")
    if file is None:
        return None
    try:
        size = int(file.findtext(f"{{{NS}}}size") or "")
    except ValueError:
        return None
    if size < 0:
        return None
    digest = _sha256_in(file)
    if digest is None:
        return None  # without a hash (now or later) the receiver could not check what arrived
    return FileOffer(file.findtext(f"{{{NS}}}name") or "", size,
                     file.findtext(f"{{{NS}}}media-type") or "application/octet-stream",
                     file.findtext(f"{{{NS}}}date") or "", digest)
