"""Hostile senders of direct files (XEP-0234 over XEP-0261, rules in policy.py): a stranger's
offer is declined without the user hearing of it; bytes that do not match the offered hash are
deleted and the user is told why; a sender that sends more than it announced is cut off; and
nobody but the session's peer may open or feed its bytestream. Each hostile party is a real
slixmpp client speaking Jingle and IBB itself."""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from slixmpp import JID
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.xmlstream import ET

from heron.core.events import DirectFileEnded, DirectFileOffered
from heron.xmpp.plugins.xep_0166 import NS as JINGLE
from heron.xmpp.plugins.xep_0234 import FileOffer, description
from heron.xmpp.plugins.xep_0261 import IbbTransport, transport
from tests.adversarial.hostile_parties import JingleDevice, heron_and_devices
from tests.helpers import until
from tests.integration.direct_file_parties import Side
from tests.integration.parties import Peer, Recorder, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


class Sender(JingleDevice):
    """A hostile device that offers files and pushes whatever bytes it likes."""

    def __init__(self, peer: Peer) -> None:
        super().__init__(peer)
        peer.register_plugin("xep_0047")

    def got(self, action: str) -> list[str]:
        return [reason for name, reason in self.actions if name == action]

    async def offer(self, to: str, offer: FileOffer) -> tuple[str, str]:
        sid, ibb = uuid.uuid4().hex, uuid.uuid4().hex
        content = ET.Element(f"{{{JINGLE}}}content", {"creator": "initiator", "name": "file"})
        content.append(description(offer))
        content.append(transport(IbbTransport(ibb)))
        await self.send(to, "session-initiate", sid, [content])
        return sid, ibb

    async def push(self, to: str, ibb: str, data: bytes) -> None:
        stream = await self.peer.plugin["xep_0047"].open_stream(JID(to), sid=ibb,
                                                                block_size=4096)
        with contextlib.suppress(IqError, IqTimeout, OSError):  # Heron may stop listening
            await stream.sendall(data, timeout=10)
            await stream.close(timeout=10)


def _offer(name: str, data: bytes) -> FileOffer:
    return FileOffer(name, len(data), "application/octet-stream", "",
                     hashlib.sha256(data).digest())


@asynccontextmanager
async def _bob_and_senders(server: Any, make_user: Callable[[], tuple[str, str]],
                           tmp_path: Path, friends: bool = True, senders: int = 1
                           ) -> AsyncIterator[tuple[Side, list[Sender]]]:
    app, bob_jid, peers = await heron_and_devices(server, make_user, tmp_path / "bob",
                                                  friends=friends, users=senders)
    folder = tmp_path / "downloads"
    folder.mkdir()
    bob = Side(app, app.sessions[bob_jid], Recorder(app, DirectFileOffered, DirectFileEnded),
               folder)
    hostile = [Sender(peer) for peer in peers]
    try:
        yield bob, hostile
    finally:
        for sender in hostile:
            await stop_peer(sender.peer)
        await app.close()


async def _accepted(bob: Side, sender: Sender, offer: FileOffer) -> tuple[str, str]:
    sid, ibb = await sender.offer(bob.jid, offer)
    await until(lambda: any(o.sid == sid for o in bob.offers()), 20)
    await bob.session.jingle_files.accept(sid, bob.folder)
    await until(lambda: sender.got("session-accept"), 20)
    return sid, ibb


async def test_bytes_that_do_not_match_the_offered_hash_are_deleted_and_the_user_told(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    async with _bob_and_senders(server, make_user, tmp_path) as (bob, (mallory,)):
        promised, sent = b"the real contract " * 1000, b"a forged contract " * 1000
        _sid, ibb = await _accepted(bob, mallory, _offer("contract.txt", promised))
        await mallory.push(bob.jid, ibb, sent)
        await until(bob.ended, 20)
        assert [(e.reason, e.text) for e in bob.ended()] == [(
            "media-error", "The file that arrived is not the file that was offered (its "
            "checksum does not match), so it was deleted.")]
        assert bob.files() == []
        await until(lambda: mallory.got("session-terminate"), 20)


async def test_a_sender_sending_more_than_announced_is_cut_off(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    async with _bob_and_senders(server, make_user, tmp_path) as (bob, (mallory,)):
        announced = b"x" * 8000
        _sid, ibb = await _accepted(bob, mallory, _offer("small.bin", announced))
        await mallory.push(bob.jid, ibb, announced * 4)
        await until(bob.ended, 20)
        assert [e.reason for e in bob.ended()] == ["failed-application"]
        assert "More than the file's announced size arrived" in bob.ended()[0].text
        assert bob.files() == []
        await until(lambda: mallory.got("session-terminate") == ["failed-application"], 20)


async def test_a_strangers_offer_is_declined_without_asking_the_user(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    async with _bob_and_senders(server, make_user, tmp_path, friends=False) as (bob,
                                                                                (stranger,)):
        await stranger.offer(bob.jid, _offer("free-money.exe", b"MZ" * 100))
        await until(lambda: stranger.got("session-terminate") == ["decline"], 20)
        assert bob.offers() == []
        assert bob.ended() == []


async def test_nobody_but_the_sender_may_open_or_feed_the_transfers_bytestream(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    async with _bob_and_senders(server, make_user, tmp_path, senders=2) as (bob,
                                                                           (alice, eve)):
        data = b"holiday photos " * 2000
        _sid, ibb = await _accepted(bob, alice, _offer("photos.bin", data))
        with pytest.raises(IqError):  # Eve cannot open the stream Bob expects from Alice
            await eve.peer.plugin["xep_0047"].open_stream(JID(bob.jid), sid=ibb)
        stream = await alice.peer.plugin["xep_0047"].open_stream(JID(bob.jid), sid=ibb,
                                                                 block_size=4096)
        forged = eve.peer.make_iq_set(ito=bob.jid)  # Eve feeds it bytes of her own
        forged["ibb_data"]["sid"], forged["ibb_data"]["seq"] = ibb, 0
        forged["ibb_data"]["data"] = b"malware"
        with pytest.raises(IqError):
            await forged.send(timeout=10)
        await stream.sendall(data, timeout=10)
        await stream.close(timeout=10)
        await until(bob.ended, 20)
        assert [e.reason for e in bob.ended()] == ["success"]
        assert (bob.folder / "photos.bin").read_bytes() == data


async def test_a_file_name_that_climbs_out_of_the_folder_is_kept_inside_it(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    async with _bob_and_senders(server, make_user, tmp_path) as (bob, (mallory,)):
        data = b"#!/bin/sh\n" * 50
        _sid, ibb = await _accepted(bob, mallory, _offer("../../.bashrc", data))
        assert "/" not in bob.offers()[0].name
        await mallory.push(bob.jid, ibb, data)
        await until(bob.ended, 20)
        kept = Path(bob.ended()[0].path)
        assert kept.parent == bob.folder and kept.read_bytes() == data
        assert not (tmp_path / ".bashrc").exists()


async def test_a_transfer_that_stops_short_leaves_no_partial_file(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    async with _bob_and_senders(server, make_user, tmp_path) as (bob, (mallory,)):
        whole = b"y" * 20000
        _sid, ibb = await _accepted(bob, mallory, _offer("half.bin", whole))
        await mallory.push(bob.jid, ibb, whole[:9000])
        await until(bob.ended, 20)
        assert [e.reason for e in bob.ended()] == ["failed-transport"]
        assert "before the whole file arrived" in bob.ended()[0].text
        assert bob.files() == []
