"""Blocking (issue 8, point 6) from the contact menu, the blocked list with Unblock, a spam
report for strangers, and the list kept in step with the user's other client — against the
real server's block list (XEP-0191), with the blocked person as a second real client."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton

from heron.ui.blocking import BlockDialog, BlockedListDialog
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.heron_process import befriend
from tests.integration.parties import Peer, account_for, start_heron, start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _with_blocking(peer: Peer) -> None:
    peer.register_plugin("xep_0191")


async def _server_list(device: Peer) -> set[str]:
    """The block list as the server keeps it, read by the user's other client."""
    return {str(j) for j in await device.plugin["xep_0191"].get_blocked_jids()}


async def test_block_from_the_menu_and_unblock_from_the_list(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    alice, bob = make_user(), make_user()
    await befriend(server, alice, bob)
    app = await start_heron(tmp_path / "alice", account_for(server, alice[0]), alice[1])
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    peer = await start_peer(server, *bob)
    device = await start_peer(server, *alice, resource="phone", setup=_with_blocking)
    try:
        await until(lambda: window.roster_model.row_for(bob[0]) is not None)
        dialog = window.sidebar.confirm_block(alice[0], bob[0])
        assert isinstance(dialog, BlockDialog) and dialog.isVisible()
        assert not dialog.report.isVisible()  # a contact of one's own is not reported as spam
        dialog.ok.click()
        await until(lambda: bob[0] in app.sessions[alice[0]].blocking.blocked)
        assert await _server_list(device) == {bob[0]}
        peer.send_message(mto=alice[0], mbody="can you hear me?", mtype="chat")
        await asyncio.sleep(1.0)
        assert window.roster_model.row_for(bob[0]).unread == 0  # type: ignore[union-attr]

        listed = window.sidebar.open_blocked_list()
        assert isinstance(listed, BlockedListDialog)
        button = listed.findChild(QPushButton, f"unblock:{bob[0]}")
        assert button is not None and button.isVisible()
        button.click()
        await until(listed.empty.isVisible)
        assert await _server_list(device) == set()
        peer.send_message(mto=alice[0], mbody="and now?", mtype="chat")
        await until(lambda: window.roster_model.row_for(bob[0]).unread == 1)  # type: ignore[union-attr]
    finally:
        await stop_peer(peer)
        await stop_peer(device)
        await app.close()


async def test_a_stranger_can_be_reported_and_the_other_device_is_followed(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    alice, carol, dave = make_user(), make_user(), make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice[0]), alice[1])
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    device = await start_peer(server, *alice, resource="phone", setup=_with_blocking)
    try:
        listed = window.sidebar.open_blocked_list()
        assert listed is not None and listed.empty.isVisible()
        caplog.set_level(logging.DEBUG, logger="slixmpp")
        dialog = window.sidebar.confirm_block(alice[0], carol[0])
        assert dialog is not None and dialog.report.isVisible()
        dialog.report.setChecked(True)
        dialog.ok.click()
        await until(lambda: carol[0] in app.sessions[alice[0]].blocking.blocked)
        sent = [r.getMessage() for r in caplog.records if r.getMessage().startswith("SEND:")]
        assert any("urn:xmpp:reporting:spam" in line and carol[0] in line for line in sent)
        assert await _server_list(device) == {carol[0]}
        # Blocked on the phone: Heron's list follows, the open dialog too.
        await device.plugin["xep_0191"].block(dave[0])
        await until(lambda: dave[0] in app.sessions[alice[0]].blocking.blocked)
        await until(lambda: listed.findChild(QPushButton, f"unblock:{dave[0]}") is not None)
    finally:
        await stop_peer(device)
        await app.close()
