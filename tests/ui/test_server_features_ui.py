# ruff: noqa: F811  (the fixtures imported from lean_servers are used as arguments)
"""What the window says about what the account's server lacks (issue 7, point 2): a quiet
header line when history lives on this computer only (no MAM), and a file button that is off
and says why (no upload service, or no file sending in Heron yet). Against a lean and a full
server of both implementations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from heron.core.events import ServerFeaturesKnown
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.lean_servers import (  # noqa: F401  fixtures
    either_server,
    full_ejabberd,
    lean_ejabberd,
    lean_prosody,
    new_user,
)
from tests.integration.parties import (
    RUN_ONCE_ON_BOTH,
    account_for,
    start_heron,
    start_peer,
    stop_peer,
)
from tests.ui.test_main_window import _click_contact

pytestmark = [pytest.mark.asyncio, pytest.mark.integration, RUN_ONCE_ON_BOTH]


async def test_window_says_what_the_server_lacks(qtbot: Any, either_server: tuple[str, Any],
                                                 tmp_path: Path) -> None:
    kind, server = either_server
    alice, pw = new_user(server)
    bob, bob_pw = new_user(server)
    app = await start_heron(tmp_path / "alice", account_for(server, alice), pw)
    peer = await start_peer(server, bob, bob_pw)
    try:
        await app.sessions[alice].roster.set_item(bob, "Bob", ())
        await until(lambda: alice in app.server_features)
        window = MainWindow(app)
        qtbot.addWidget(window)
        window.show()
        await until(lambda: window.roster_proxy.rowCount() == 1)
        _click_contact(qtbot, window, bob)
        await until(lambda: window.current == (alice, bob))
        pane = window.conversation
        attach = pane.attach_button
        assert attach.isVisible() and attach.isEnabled() == (kind == "full")
        assert attach.accessibleName() == "Attach a file"
        if kind == "lean":
            assert pane.history_note.isVisible()
            assert pane.history_note.text() == (
                "Your server (localhost) keeps no message archive: this history is only on "
                "this computer.")
            why = ("Your server (localhost) does not offer file upload, so files cannot be "
                   "sent from this account.")
        else:
            assert not pane.history_note.isVisible()
            why = "Send a file (up to 10.5 MB)"
        assert (attach.toolTip(), attach.accessibleDescription()) == (why, why)
        # Hovering the (disabled) button shows the reason.
        QToolTip.hideText()
        QApplication.sendEvent(attach, QHelpEvent(QEvent.Type.ToolTip, QPoint(4, 4),
                                                  attach.mapToGlobal(QPoint(4, 4))))
        assert QToolTip.isVisible() and QToolTip.text() == why
        QToolTip.hideText()
    finally:
        await stop_peer(peer)
        await app.close()


async def test_the_line_follows_a_later_discovery(qtbot: Any, either_server: tuple[str, Any],
                                                  tmp_path: Path) -> None:
    """A conversation already open when the server's answer comes (the window paints before
    the account signs in) shows it then, once, without reopening."""
    kind, server = either_server
    alice, pw = new_user(server)
    bob = new_user(server)[0]
    app = await start_heron(tmp_path / "alice", account_for(server, alice), pw, connect=False)
    try:
        window = MainWindow(app)
        qtbot.addWidget(window)
        window.show()
        await window.open_conversation(alice, bob)
        pane = window.conversation
        assert not pane.history_note.isVisible()  # nothing known yet: nothing claimed
        assert pane.attach_button.toolTip() == (
            "Files can be sent once this account is connected.")
        assert not pane.attach_button.isEnabled()
        found: list[ServerFeaturesKnown] = []
        app.bus.subscribe(ServerFeaturesKnown, found.append)
        app.start_account(alice)
        await until(lambda: found, 15)
        assert pane.history_note.isVisible() is (kind == "lean")
        assert ("does not offer file upload" in pane.attach_button.toolTip()) is (kind == "lean")
        assert pane.attach_button.isEnabled() is (kind == "full")
    finally:
        await app.close()
