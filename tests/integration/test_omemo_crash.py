"""A crash between decrypting and storing loses no message (issue 11: "a crash between receiving
and storing loses no key and no message").

A real Heron process (tests/integration/omemo_crash_runner.py) receives encrypted messages from
a real OMEMO peer and is SIGKILLed after python-omemo decrypted one and before it is stored.
Heron starts again on the same profile: the message comes back from the server's archive (the
catch-up of the next start, mam.py) and must decrypt again, to its text, shown once; the
session with the peer still works for the next message.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from heron.core.events import Direction, MessagesAdded
from heron.xmpp.services.omemo_edits import REPLACE_TAG
from heron.xmpp.services.omemo_receive import OmemoReceiver
from tests.helpers import until
from tests.integration.omemo_crash_runner import REPLY
from tests.integration.omemo_peers import (
    OmemoPeer,
    encrypted_stanza,
    send_encrypted,
    start_omemo_peer,
)
from tests.integration.omemo_room_peers import private_room, say_encrypted
from tests.integration.parties import (
    Recorder,
    account_for,
    eventually,
    start_heron,
    stop_peer,
)
from tests.integration.rooms import room_address

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]
ROOT = Path(__file__).resolve().parents[2]


class Runner:
    """The Heron process that dies at the ``kill_at``-th store of an encrypted message."""

    def __init__(self, profile: Path, jid: str, password: str, server: Any,
                 kill_at: int, room: str = "", reply_to: str = "",
                 at_correction: bool = False) -> None:
        env = dict(os.environ, PYTHONPATH=f"{ROOT}{os.pathsep}{ROOT / 'app'}",
                   OMEMO_CRASH_REPLY_TO=reply_to,
                   OMEMO_CRASH_AT_CORRECTION="1" if at_correction else "")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.omemo_crash_runner", str(profile), jid,
             password, str(server.c2s_port), str(server.ca_file), str(kill_at),
             *([room] if room else [])],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        self.lines.extend(line.strip() for line in self.process.stdout)

    async def ready(self) -> None:
        await until(lambda: "ready" in self.lines or self.process.poll() is not None, 90)
        assert "ready" in self.lines, self.process.stderr.read() if self.process.stderr else ""

    async def killed(self) -> None:
        await until(lambda: self.process.poll() is not None, 60)
        assert self.process.returncode == -signal.SIGKILL, (
            self.process.returncode, self.process.stderr.read() if self.process.stderr else "")

    def end(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()


def archived_from(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the encrypted messages the restarted Heron read from its archive."""
    ids: list[str] = []
    archived = OmemoReceiver.archived

    def watch(self: OmemoReceiver, msg: Any, archive_id: str, stamp: float) -> None:
        ids.append(archive_id)
        archived(self, msg, archive_id, stamp)

    monkeypatch.setattr(OmemoReceiver, "archived", watch)
    return ids


def incoming(recorder: Recorder) -> list[str]:
    return [m.body for e in recorder.of(MessagesAdded) for m in e.messages
            if m.direction is Direction.INCOMING]


async def send_burst(peer: OmemoPeer, to: str, texts: list[str]) -> None:
    # Encrypted in order before any is sent (a burst, as a phone coming online sends it).
    stanzas = [await encrypted_stanza(peer, to, text) for text in texts]
    for stanza in stanzas:
        stanza.send()


async def crash_then_restart(server: Any, make_user: Callable[[], tuple[str, str]],
                             tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str,
                             texts: list[str], kill_at: int, offline: bool = False) -> None:
    """``offline``: the messages are sent while Heron is not running; the crash comes
    while it reads them at its next start (else they arrive while it runs)."""
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    profile = tmp_path / "alice"
    peer: OmemoPeer | None = None
    if offline:  # a first start publishes the device; then Heron is closed
        app = await start_heron(profile, account_for(server, alice), alice_pw)
        await until(app.sessions[alice].omemo.ready.is_set, 60)
        await app.close()
        peer = await start_omemo_peer(server, bob, bob_pw, kind)
        await send_burst(peer, alice, texts)
    runner = Runner(profile, alice, alice_pw, server, kill_at)
    try:
        if not offline:
            await runner.ready()
            peer = await start_omemo_peer(server, bob, bob_pw, kind)
            await send_burst(peer, alice, texts)
        await runner.killed()
    finally:
        runner.end()
    try:
        assert peer is not None
        from_archive = archived_from(monkeypatch)
        app = await start_heron(profile, account_for(server, alice), alice_pw)
        shown = Recorder(app, MessagesAdded)
        try:
            session = app.sessions[alice]
            await until(session.omemo.ready.is_set, 60)
            await until(lambda: len(incoming(shown)) >= len(texts) - kill_at + 1, 60,
                        shown=lambda: incoming(shown))
            stored = await app.repos.messages.page_before(alice, bob, None, 100)
            assert [m.body for m in stored] == texts  # decrypted, each once, in order
            assert incoming(shown) == texts[kill_at - 1:]  # what the crash kept from view
            assert from_archive  # the way back: the catch-up of the next start

            after = "and after the restart, the session still works"
            await send_encrypted(peer, alice, after)
            await until(lambda: after in incoming(shown), 30, shown=lambda: incoming(shown))
            stored = await app.repos.messages.page_before(alice, bob, None, 100)
            assert [m.body for m in stored] == [*texts, after]
            trust = await session.omemo.repo.encryption_in(bob)
            assert all(trust[m.pk].trust == "BLINDLY_TRUSTED" for m in stored)
        finally:
            await app.close()
    finally:
        await stop_peer(peer.client)


async def published_alice_and_bobs_room(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path, kind: str,
        name: str) -> tuple[str, str, Path, OmemoPeer, str]:
    """Alice's profile with its OMEMO device published (Heron started once and closed), and
    Bob's members-only room with Alice a member: (alice, password, profile, Bob, room)."""
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    profile = tmp_path / "alice"
    app = await start_heron(profile, account_for(server, alice), alice_pw)
    await until(app.sessions[alice].omemo.ready.is_set, 60)
    await app.close()
    peer = await start_omemo_peer(server, bob, bob_pw, kind)
    room = room_address(server, name)
    await private_room(peer, room, "Bob", [alice])
    return alice, alice_pw, profile, peer, room


@pytest.mark.parametrize("kind", ["legacy", "omemo2"])
async def test_message_decrypted_just_before_a_crash_is_shown_after_the_restart(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    await crash_then_restart(server, make_user, tmp_path, monkeypatch, kind,
                             ["decrypted, then the power went out"], kill_at=1)


@pytest.mark.parametrize("kind", ["legacy", "omemo2"])
async def test_burst_cut_by_a_crash_at_the_tenth_message_is_all_shown_once_in_order(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    texts = [f"burst message {n:02d}" for n in range(1, 21)]
    await crash_then_restart(server, make_user, tmp_path, monkeypatch, kind, texts, kill_at=10)


@pytest.mark.parametrize("kind", ["legacy", "omemo2"])
async def test_message_sent_while_heron_was_closed_survives_a_crash_as_it_is_read(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    await crash_then_restart(server, make_user, tmp_path, monkeypatch, kind,
                             ["written while you were away", "and a second one"], kill_at=1,
                             offline=True)


@pytest.mark.parametrize("kind", ["legacy", "omemo2"])
async def test_room_message_decrypted_just_before_a_crash_is_shown_after_the_restart(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        kind: str) -> None:
    """The same in an encrypted room: read from the room's archive as Heron joins, killed
    as the first is stored; joined again after the restart, all show, decrypted, once."""
    alice, alice_pw, profile, peer, room = await published_alice_and_bobs_room(
        server, make_user, tmp_path, kind, "crash")
    try:
        said = ["room secret one", "room secret two"]
        for text in said:
            await say_encrypted(peer, room, {alice}, text)
        runner = Runner(profile, alice, alice_pw, server, 1, room)
        try:
            await runner.killed()
        finally:
            runner.end()
        app = await start_heron(profile, account_for(server, alice), alice_pw)
        try:
            session = app.sessions[alice]
            await until(session.omemo.ready.is_set, 60)
            await session.muc.join(room, "Alice")
            rows = await eventually(
                lambda: app.repos.messages.page_before(alice, room, None, 100),
                lambda r: len(r) >= len(said), 60)
            assert [m.body for m in rows] == said
            after = "the room after the restart"
            await say_encrypted(peer, room, {alice}, after)
            rows = await eventually(
                lambda: app.repos.messages.page_before(alice, room, None, 100),
                lambda r: len(r) > len(said), 30)
            assert [m.body for m in rows] == [*said, after]
        finally:
            await app.close()
    finally:
        await stop_peer(peer.client)


@pytest.mark.parametrize("kind", ["legacy", "omemo2"])
async def test_reply_encrypted_while_a_message_is_stored_neither_is_lost_in_a_crash(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        kind: str) -> None:
    """The user sends Bob a message just as Bob's is being stored, and Heron dies a second
    later: encrypting to Bob steps the same session, and must not put the step of Bob's
    unstored message on disk. After the restart Bob's message shows, and the reply (still
    in the outbox) reaches Bob once, readable."""
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    profile = tmp_path / "alice"
    peer: OmemoPeer | None = None
    runner = Runner(profile, alice, alice_pw, server, 1, reply_to=bob)
    try:
        await runner.ready()
        peer = await start_omemo_peer(server, bob, bob_pw, kind)
        await send_burst(peer, alice, ["sent as you typed"])
        await runner.killed()
    finally:
        runner.end()
    assert peer is not None
    try:
        app = await start_heron(profile, account_for(server, alice), alice_pw)
        try:
            def texts() -> list[str]:
                return [text for _ns, text in peer.decrypted]

            await until(lambda: REPLY in texts(), 60, shown=texts)
            rows = await eventually(
                lambda: app.repos.messages.page_before(alice, bob, None, 100),
                lambda r: len(r) >= 2, 30)
            assert sorted(m.body for m in rows) == sorted(["sent as you typed", REPLY])
            await asyncio.sleep(1.0)  # a second copy of the reply would be here by now
            assert texts().count(REPLY) == 1
        finally:
            await app.close()
    finally:
        await stop_peer(peer.client)


@pytest.mark.parametrize("kind", ["legacy", "omemo2"])
async def test_encrypted_correction_read_back_at_the_next_start_shows_no_placeholder(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    """A correction is applied, not stored as a message of its own, so the next start's
    catch-up reads it again from the archive; the ratchet is past it (decrypted before): it
    must not show as a message that cannot be decrypted."""
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    profile = tmp_path / "alice"
    app = await start_heron(profile, account_for(server, alice), alice_pw)
    peer = await start_omemo_peer(server, bob, bob_pw, kind)
    try:
        await until(app.sessions[alice].omemo.ready.is_set, 60)
        first = await encrypted_stanza(peer, alice, "Meet at 5")
        first.send()
        await eventually(lambda: app.repos.messages.page_before(alice, bob, None, 20),
                         lambda r: len(r) == 1, 30)
        correction = ET.Element(REPLACE_TAG, id=str(first["id"]))
        await send_encrypted(peer, alice, "Meet at 6", extra=(correction,))
        await eventually(lambda: app.repos.messages.page_before(alice, bob, None, 20),
                         lambda r: [m.body for m in r] == ["Meet at 6"], 30)
        await app.close()

        from_archive = archived_from(monkeypatch)
        app = await start_heron(profile, account_for(server, alice), alice_pw)
        session = app.sessions[alice]
        await until(session.omemo.ready.is_set, 60)
        await until(lambda: len(from_archive) >= 2, 30, shown=lambda: from_archive)
        await session.omemo.receiver.drain()
        rows = await app.repos.messages.page_before(alice, bob, None, 20)
        assert [m.body for m in rows] == ["Meet at 6"]
    finally:
        await app.close()
        await stop_peer(peer.client)


@pytest.mark.parametrize("kind", ["legacy", "omemo2"])
async def test_correction_cut_by_a_crash_is_applied_after_the_restart(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        kind: str) -> None:
    """Bob corrects a message; Heron dies as the correction is about to change it. After the
    restart the message reads as corrected, once (no extra earlier version), and the session
    still works."""
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    profile = tmp_path / "alice"
    runner = Runner(profile, alice, alice_pw, server, 99, at_correction=True)
    peer: OmemoPeer | None = None
    try:
        await runner.ready()
        peer = await start_omemo_peer(server, bob, bob_pw, kind)
        first = await encrypted_stanza(peer, alice, "Meet at 5")
        first.send()
        correction = ET.Element(REPLACE_TAG, id=str(first["id"]))
        await send_encrypted(peer, alice, "Meet at 6", extra=(correction,))
        await runner.killed()
    finally:
        runner.end()
    assert peer is not None
    app = await start_heron(profile, account_for(server, alice), alice_pw)
    try:
        session = app.sessions[alice]
        await until(session.omemo.ready.is_set, 60)
        rows = await eventually(lambda: app.repos.messages.page_before(alice, bob, None, 20),
                                lambda r: [m.body for m in r] == ["Meet at 6"], 60)
        assert [m.body for m in rows] == ["Meet at 6"] and rows[0].corrected
        assert [body for _since, body in rows[0].versions] == ["Meet at 5"]
        after = "and the session still works"
        await send_encrypted(peer, alice, after)
        rows = await eventually(lambda: app.repos.messages.page_before(alice, bob, None, 20),
                                lambda r: len(r) == 2, 30)
        assert [m.body for m in rows] == ["Meet at 6", after]
    finally:
        await app.close()
        await stop_peer(peer.client)


@pytest.mark.parametrize("kind", ["legacy", "omemo2"])
async def test_room_correction_cut_by_a_crash_is_applied_after_the_restart(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        kind: str) -> None:
    """The same in an encrypted room: Bob corrects his message live, Heron dies as the
    correction is about to change it; after the restart and the room's catch-up it reads
    as corrected."""
    alice, alice_pw, profile, peer, room = await published_alice_and_bobs_room(
        server, make_user, tmp_path, kind, "crashfix")
    try:
        first = await say_encrypted(peer, room, {alice}, "Room at 5")
        runner = Runner(profile, alice, alice_pw, server, 99, room, at_correction=True)
        try:
            await runner.ready()
            await asyncio.sleep(2.0)  # joined: the first message comes from the archive
            correction = ET.Element(REPLACE_TAG, id=first)
            await say_encrypted(peer, room, {alice}, "Room at 6", extra=(correction,))
            await runner.killed()
        finally:
            runner.end()
        app = await start_heron(profile, account_for(server, alice), alice_pw)
        try:
            session = app.sessions[alice]
            await until(session.omemo.ready.is_set, 60)
            await session.muc.join(room, "Alice")
            rows = await eventually(
                lambda: app.repos.messages.page_before(alice, room, None, 100),
                lambda r: [m.body for m in r] == ["Room at 6"], 60)
            assert [m.body for m in rows] == ["Room at 6"] and rows[0].corrected
        finally:
            await app.close()
    finally:
        await stop_peer(peer.client)
