"""Senders of direct files that leave Bob waiting (issue 10, point 7): one goes offline in the
middle, one goes silent, one never sends the checksum it promised; and a sender that sends the
checksum only after the data (XEP-0234 §8.1, as the XEP allows) is accepted and checked then.
Bob is a real Heron session; each sender is a real slixmpp client speaking Jingle and IBB."""

from __future__ import annotations

import base64
import contextlib
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from slixmpp import JID
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.xmlstream import ET

from heron.xmpp.plugins.xep_0166 import NS as JINGLE
from heron.xmpp.plugins.xep_0234 import NS, NS_HASHES, FileOffer
from heron.xmpp.services import jingle_files
from tests.adversarial.test_hostile_direct_files import (
    Sender,
    _accepted,
    _bob_and_senders,
    _offer,
)
from tests.helpers import until

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def _push_part(sender: Sender, to: str, ibb: str, data: bytes) -> None:
    """Some bytes, and then nothing: the stream stays open."""
    stream = await sender.peer.plugin["xep_0047"].open_stream(JID(to), sid=ibb,
                                                              block_size=4096)
    await stream.sendall(data, timeout=10)


async def _send_checksum(sender: Sender, to: str, sid: str, digest: bytes) -> None:
    iq = sender.peer.make_iq_set(ito=to)
    jingle = ET.SubElement(iq.xml, f"{{{JINGLE}}}jingle", {"action": "session-info",
                                                           "sid": sid})
    check = ET.SubElement(jingle, f"{{{NS}}}checksum", {"creator": "initiator",
                                                        "name": "file"})
    hashed = ET.SubElement(ET.SubElement(check, f"{{{NS}}}file"), f"{{{NS_HASHES}}}hash",
                           {"algo": "sha-256"})
    hashed.text = base64.b64encode(digest).decode()
    with contextlib.suppress(IqError, IqTimeout):
        await iq.send(timeout=10)


def _later(name: str, data: bytes) -> FileOffer:
    """An offer that names the hash's algorithm only (<hash-used/>): the hash comes later."""
    return FileOffer(name, len(data), "application/octet-stream", "", b"")


async def test_a_sender_that_goes_offline_midway_ends_the_transfer_and_its_partial_file(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    async with _bob_and_senders(server, make_user, tmp_path) as (bob, (mallory,)):
        whole = b"z" * 200_000
        _sid, ibb = await _accepted(bob, mallory, _offer("big.bin", whole))
        await _push_part(mallory, bob.jid, ibb, whole[:40_000])
        await until(lambda: len(bob.files()) == 1, 20)  # the partial file is there
        mallory.peer.disconnect()  # gone, the stream left open
        await until(bob.ended, 20)  # (well before the 30 s of silence)
        assert [(e.reason, e.text) for e in bob.ended()] == [(
            "gone", f"The transfer stopped because {mallory.peer.boundjid.bare} went offline, "
            "so the partial file was deleted.")]
        assert bob.files() == []


async def test_a_sender_that_goes_silent_is_given_up_and_its_partial_file_deleted(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jingle_files, "STALL_SECONDS", 2.0)  # 30 s in real life
    async with _bob_and_senders(server, make_user, tmp_path) as (bob, (mallory,)):
        whole = b"q" * 100_000
        _sid, ibb = await _accepted(bob, mallory, _offer("slow.bin", whole))
        await _push_part(mallory, bob.jid, ibb, whole[:20_000])
        await until(bob.ended, 20)
        assert [e.reason for e in bob.ended()] == ["connectivity-error"]
        assert bob.ended()[0].text.startswith("Nothing arrived from ")
        assert bob.files() == []
        await until(lambda: mallory.got("session-terminate") == ["connectivity-error"], 20)


async def test_a_checksum_sent_after_the_data_is_waited_for_and_checked(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    async with _bob_and_senders(server, make_user, tmp_path) as (bob, (alice,)):
        data = b"minutes of the meeting " * 3000
        sid, ibb = await _accepted(bob, alice, _later("minutes.txt", data))
        await alice.push(bob.jid, ibb, data)  # all bytes, then the stream is closed
        await until(lambda: any(p.name == "minutes.txt" or p.suffix == ".part"
                                for p in bob.files()), 10)
        assert bob.ended() == [], "no verdict before the checksum"
        await _send_checksum(alice, bob.jid, sid, hashlib.sha256(data).digest())
        await until(bob.ended, 20)
        assert [e.reason for e in bob.ended()] == ["success"]
        assert (bob.folder / "minutes.txt").read_bytes() == data


async def test_a_late_checksum_that_does_not_match_deletes_the_file(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    async with _bob_and_senders(server, make_user, tmp_path) as (bob, (mallory,)):
        data = b"the real contract " * 1000
        sid, ibb = await _accepted(bob, mallory, _later("contract.txt", data))
        await mallory.push(bob.jid, ibb, data)
        await _send_checksum(mallory, bob.jid, sid, hashlib.sha256(b"another").digest())
        await until(bob.ended, 20)
        assert [e.reason for e in bob.ended()] == ["media-error"]
        assert bob.files() == []


async def test_a_promised_checksum_that_never_comes_deletes_the_file(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jingle_files, "STALL_SECONDS", 2.0)
    async with _bob_and_senders(server, make_user, tmp_path) as (bob, (mallory,)):
        data = b"unchecked " * 2000
        _sid, ibb = await _accepted(bob, mallory, _later("unchecked.txt", data))
        await mallory.push(bob.jid, ibb, data)
        await until(bob.ended, 20)
        assert [e.reason for e in bob.ended()] == ["media-error"]
        assert "checksum" in bob.ended()[0].text and "never came" in bob.ended()[0].text
        assert bob.files() == []


async def test_a_later_checksum_cannot_replace_the_hash_the_offer_carried(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    async with _bob_and_senders(server, make_user, tmp_path) as (bob, (mallory,)):
        data = b"the offered file " * 1000
        sid, ibb = await _accepted(bob, mallory, _offer("offered.txt", data))
        await _send_checksum(mallory, bob.jid, sid, hashlib.sha256(b"something else").digest())
        await mallory.push(bob.jid, ibb, data)
        await until(bob.ended, 20)
        assert [e.reason for e in bob.ended()] == ["success"]
        assert (bob.folder / "offered.txt").read_bytes() == data
