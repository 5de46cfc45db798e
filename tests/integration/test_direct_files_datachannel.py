"""Files sent straight to a contact over a WebRTC data channel (XEP-0343) between two Heron
sessions through the real server: when the receiving device advertises the data channel the
file goes over it (the Jingle transport on the wire says so) and arrives byte-identical; when
it does not, the same send falls back to in-band bytestreams."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from heron.xmpp.plugins import xep_0261, xep_0343
from heron.xmpp.plugins.xep_0166 import NS as JINGLE
from heron.xmpp.services import jingle_files
from tests.calls_pair import loopback_only
from tests.helpers import until
from tests.integration.direct_file_parties import Side, two_senders

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _record_transports(side: Side) -> list[tuple[str, str]]:
    """(Jingle action, transport namespace) of every Jingle request this side receives."""
    seen: list[tuple[str, str]] = []

    def look(stanza: Any) -> Any:
        jingle = stanza.xml.find(f"{{{JINGLE}}}jingle")
        if jingle is not None:
            for transport in jingle.iter():
                if transport.tag.endswith("}transport") and transport.tag.split("}")[0][1:] \
                        in (xep_0343.NS, xep_0261.NS):
                    seen.append((jingle.get("action", ""), transport.tag.split("}")[0][1:]))
        return stanza

    side.session.client.add_filter("in", look)
    return seen


@asynccontextmanager
async def _pair(server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
                monkeypatch: pytest.MonkeyPatch, bob_channel: bool) -> AsyncIterator[
                    tuple[Side, Side]]:
    """Alice's device takes data channels; Bob's does when ``bob_channel``."""
    loopback_only(monkeypatch)  # aioice leaves 127.0.0.1 out otherwise (STACK-NOTES §6)

    def before(name: str) -> None:
        monkeypatch.setattr(jingle_files, "DATACHANNEL", name == "alice" or bob_channel)

    async with two_senders(server, make_user, tmp_path, before) as pair:
        yield pair


async def _send_and_accept(alice: Side, bob: Side, source: Path) -> None:
    bob_bare = bob.jid.split("/")[0]
    # Bob's device is found from his presence: wait until Alice has it (he just logged in).
    await until(lambda: bool(alice.session.roster.online_resources(bob_bare)), 20)
    device = await alice.session.jingle_files.device_for(bob_bare)
    assert device == bob.jid
    sid = await alice.session.jingle_files.send(device, source)
    await until(lambda: any(o.sid == sid for o in bob.offers()), 20)
    await bob.session.jingle_files.accept(sid, bob.folder)
    await until(lambda: bob.ended() and alice.ended(), 90)


async def test_a_file_goes_over_the_data_channel_and_arrives_byte_identical(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "survey.bin"
    source.write_bytes(os.urandom(300 * 1024))
    async with _pair(server, make_user, tmp_path, monkeypatch, bob_channel=True) as (alice,
                                                                                     bob):
        bob_saw, alice_saw = _record_transports(bob), _record_transports(alice)
        await _send_and_accept(alice, bob, source)
        assert [e.reason for e in bob.ended()] == ["success"]
        assert [e.reason for e in alice.ended()] == ["success"]
        assert Path(bob.ended()[0].path).read_bytes() == source.read_bytes()
        assert bob.files() == [bob.folder / "survey.bin"]
        assert bob_saw == [("session-initiate", xep_0343.NS)]
        assert alice_saw[0] == ("session-accept", xep_0343.NS)


async def test_a_device_without_the_data_channel_gets_the_file_in_band(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "plans.bin"
    source.write_bytes(os.urandom(120 * 1024))
    async with _pair(server, make_user, tmp_path, monkeypatch, bob_channel=False) as (alice,
                                                                                      bob):
        bob_saw = _record_transports(bob)
        await _send_and_accept(alice, bob, source)
        assert [e.reason for e in bob.ended()] == ["success"]
        assert Path(bob.ended()[0].path).read_bytes() == source.read_bytes()
        assert bob_saw == [("session-initiate", xep_0261.NS)]


@pytest.mark.parametrize("who", ["sender", "receiver"])
async def test_a_transfer_cancelled_midway_over_the_channel_says_so_on_both_sides(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, who: str) -> None:
    source = tmp_path / "film.bin"
    source.write_bytes(os.urandom(60 * 1024 * 1024))
    async with _pair(server, make_user, tmp_path, monkeypatch, bob_channel=True) as (alice,
                                                                                     bob):
        await until(lambda: bool(alice.session.roster.online_resources(bob.jid.split("/")[0])),
                    20)  # Bob's presence, which names his device, has reached Alice
        device = await alice.session.jingle_files.device_for(bob.jid.split("/")[0])
        sid = await alice.session.jingle_files.send(device, source)
        await until(lambda: any(o.sid == sid for o in bob.offers()), 20)
        await bob.session.jingle_files.accept(sid, bob.folder)
        await until(bob.progress, 30)  # bytes are flowing
        canceller, other = (alice, bob) if who == "sender" else (bob, alice)
        await canceller.session.jingle_files.cancel(sid)
        await until(lambda: alice.ended() and bob.ended(), 30)
        assert [e.reason for e in other.ended()] == ["cancel"]
        assert other.ended()[0].text.startswith("The transfer was cancelled by ")
        assert canceller.ended()[0].text == "You cancelled the transfer."
        await until(lambda: bob.files() == [], 10)  # the partial file is gone
