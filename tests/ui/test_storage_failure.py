"""Disk full while sending or receiving: the text stays in the composer, a banner says why and
the status bar says storage is failing until a write works again; nothing is
sent; once there is room, Enter sends it once (issue 6, point 4)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QToolButton
from slixmpp import JID

from heron.application import Heron
from heron.core.events import ConnectionChanged, ConnectionState
from heron.ui.banners import Banner
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.parties import Peer, account_for, start_heron, start_peer, stop_peer
from tests.storage_faults import DiskFull

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


@asynccontextmanager
async def _alice_and_bob(qtbot: Any, server: Any, make_user: Any,
                         tmp_path: Path) -> AsyncIterator[tuple[Heron, MainWindow, DiskFull, Peer]]:
    """Alice in Heron's window (with an injectable full disk), Bob a plain client."""
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    # The disk fills after the session's catch-up has stored what it fetched: these tests are
    # about what the user does and receives (ejabberd's set-up takes longer than Prosody's).
    await until(lambda: app.sessions[alice].set_up)
    fault = DiskFull(app.db)
    peer = await start_peer(server, bob, bob_pw)
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.resize(900, 600)
    window.show()
    try:
        yield app, window, fault, peer
    finally:
        fault.on = False
        await stop_peer(peer)
        await app.close()


def _visible_texts(window: MainWindow) -> list[str]:
    return [label.text() for label in window.findChildren(QLabel) if label.isVisible()]


async def test_text_is_kept_and_the_failure_shown_when_the_disk_is_full(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    async with _alice_and_bob(qtbot, server, make_user, tmp_path) as (app, window, fault, peer):
        alice, bob = app.accounts[0].jid, peer.boundjid.bare
        await window.open_conversation(alice, bob)
        fault.on = True
        qtbot.keyClicks(window.composer, "typed while the disk is full")
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        await until(lambda: window.composer.toPlainText() == "typed while the disk is full")
        await until(lambda: any("could not save" in t for t in _visible_texts(window)))
        window.grab().save(str(tmp_path / "disk-full.png"))
        await asyncio.sleep(0.5)
        assert peer.bodies() == []  # not stored, so not sent either
        assert not any("disk is full" in t for t in _visible_texts(window))  # raw text hidden

        fault.on = False  # room again: the same Enter sends it
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        await until(lambda: peer.bodies() == ["typed while the disk is full"])
        assert window.composer.toPlainText() == ""
        stored = await app.repos.messages.page_before(alice, bob, None, 10)
        assert [m.body for m in stored] == ["typed while the disk is full"]


def _storage_banners(window: MainWindow, account: str) -> list[Banner]:
    return [b for b in window.findChildren(Banner)
            if b.property("bannerName") == "storage-failed" and not b.isHidden()
            and account in b.text]


async def test_storage_failure_is_a_banner_and_the_status_says_so_until_a_send_is_stored(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    async with _alice_and_bob(qtbot, server, make_user, tmp_path) as (app, window, fault, peer):
        alice, bob = app.accounts[0].jid, peer.boundjid.bare
        await window.open_conversation(alice, bob)
        fault.on = True
        for tries, text in enumerate(("first try", "second try"), 1):  # replaced, not stacked
            window.composer.clear()
            qtbot.keyClicks(window.composer, text)
            qtbot.keyClick(window.composer, Qt.Key.Key_Return)
            await until(lambda n=tries: fault.refused >= n)
        await until(lambda: len(_storage_banners(window, alice)) == 1)
        await asyncio.sleep(0.2)
        banners = _storage_banners(window, alice)
        assert len(banners) == 1
        banner = banners[0]
        assert "could not save" in banner.text
        assert "Free some disk space" in banner.next_step.text()
        assert banner.next_step.isVisible() and not banner.details.isVisible()
        problem = window.status_bar.problem
        assert problem.isVisible() and "cannot be saved" in problem.text()
        # A connection change (as after a reconnect) does not hide it: "Connected" and the
        # storage problem are both said.
        app.bus.publish(ConnectionChanged(alice, ConnectionState.CONNECTED))
        assert "Connected" in window.status_label.text()
        assert problem.isVisible() and "cannot be saved" in problem.text()
        assert _storage_banners(window, alice) == [banner]
        window.grab().save(str(tmp_path / "storage-failing.png"))
        details = banner.findChild(QPushButton, "storage-failed:Details")
        qtbot.mouseClick(details, Qt.MouseButton.LeftButton)
        assert banner.details.isVisible() and "disk is full" in banner.details.text()
        # Dismissed: the banner goes, the status line keeps saying it while it lasts.
        dismiss = banner.findChild(QToolButton, "storage-failed:Dismiss")
        qtbot.mouseClick(dismiss, Qt.MouseButton.LeftButton)
        await until(lambda: not _storage_banners(window, alice))
        assert problem.isVisible()

        fault.on = True
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)  # still failing: back it comes
        await until(lambda: len(_storage_banners(window, alice)) == 1)
        fault.on = False  # room again: the next send is stored, and the warnings go
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        await until(lambda: peer.bodies() == ["second try"])
        await until(lambda: not problem.isVisible())
        assert not _storage_banners(window, alice)
        assert "Connected" in window.status_label.text()


async def test_incoming_messages_failing_to_store_are_said_until_they_are_stored(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    async with _alice_and_bob(qtbot, server, make_user, tmp_path) as (app, window, fault, peer):
        alice, bob = app.accounts[0].jid, peer.boundjid.bare
        app.pipeline.first_retry_delay = 0.2
        fault.on = True
        peer.send_message(mto=JID(alice), mbody="while the disk is full", mtype="chat")
        await until(lambda: len(_storage_banners(window, alice)) == 1)
        assert window.status_bar.problem.isVisible()
        fault.on = False  # the pipeline's retry stores it: the warnings go
        await until(lambda: not window.status_bar.problem.isVisible())
        assert not _storage_banners(window, alice)
        stored = await app.repos.messages.page_before(alice, bob, None, 10)
        assert [m.body for m in stored] == ["while the disk is full"]
