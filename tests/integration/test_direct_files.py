"""Files sent straight to a contact's device (Jingle File Transfer over In-Band Bytestreams)
between two Heron sessions through the real server: accepted, declined, cancelled."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import until
from tests.integration.direct_file_parties import Side, random_file, two_senders

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def _offer(alice: Side, bob: Side, source: Path) -> str:
    sid: str = await alice.session.jingle_files.send(bob.jid, source)
    await until(lambda: any(o.sid == sid for o in bob.offers()), 20)
    return sid


async def test_an_accepted_file_arrives_byte_identical_under_its_name(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    source = random_file(tmp_path / "holiday notes.bin", 300 * 1024)
    async with two_senders(server, make_user, tmp_path) as (alice, bob):
        sid = await _offer(alice, bob, source)
        offer = bob.offers()[0]
        assert (offer.name, offer.size, offer.peer) == ("holiday notes.bin", 300 * 1024,
                                                        alice.jid)
        await bob.session.jingle_files.accept(sid, bob.folder)
        await until(lambda: bob.ended() and alice.ended(), 60)
        assert [e.reason for e in bob.ended()] == ["success"]
        assert [e.reason for e in alice.ended()] == ["success"]
        received = Path(bob.ended()[0].path)
        assert received == bob.folder / "holiday notes.bin"
        assert received.read_bytes() == source.read_bytes()
        assert bob.files() == [received]  # no partial file left behind
        assert bob.progress()[-1].done == 300 * 1024


async def test_a_declined_file_is_told_to_the_sender_and_nothing_is_written(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    source = random_file(tmp_path / "report.pdf", 10 * 1024)
    async with two_senders(server, make_user, tmp_path) as (alice, bob):
        sid = await _offer(alice, bob, source)
        await bob.session.jingle_files.decline(sid)
        await until(alice.ended, 20)
        assert [(e.reason, e.text) for e in alice.ended()] == [
            ("decline", f"The file was declined by {bob.jid.split('/')[0]}.")]
        assert bob.files() == []


@pytest.mark.parametrize("who", ["sender", "receiver"])
async def test_a_transfer_cancelled_midway_ends_on_both_sides_and_leaves_no_file(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        who: str) -> None:
    source = random_file(tmp_path / "big.bin", 4 * 1024 * 1024)
    async with two_senders(server, make_user, tmp_path) as (alice, bob):
        sid = await _offer(alice, bob, source)
        await bob.session.jingle_files.accept(sid, bob.folder)
        await until(bob.progress, 30)  # bytes are flowing
        canceller = alice if who == "sender" else bob
        await canceller.session.jingle_files.cancel(sid)
        await until(lambda: alice.ended() and bob.ended(), 30)
        assert [e.reason for e in alice.ended()] == ["cancel"]
        assert [e.reason for e in bob.ended()] == ["cancel"]
        assert bob.ended()[0].text == (
            f"The transfer was cancelled by {alice.jid.split('/')[0]}." if who == "sender"
            else "You cancelled the transfer.")
        assert bob.progress()[-1].done < 4 * 1024 * 1024
        await until(lambda: bob.files() == [], 10)  # the partial file is gone
