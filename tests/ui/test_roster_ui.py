"""Roster and presence from the window: status, subscription answers, rename, history paging."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from heron.application import Heron
from heron.core.events import Direction, NewMessage
from heron.core.paths import ProfilePaths
from heron.models.roster import RosterRoles
from heron.ui.banners import Banner
from heron.ui.dialogs import ContactDialog
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.parties import account_for, add_account, start_heron, start_peer, stop_peer
from tests.ui.test_main_window import _row_of, _window_with_contact

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_own_presence_and_status_reach_the_contact(qtbot, server, make_user, tmp_path):
    app, window, peer, alice, _bob = await _window_with_contact(qtbot, server, make_user,
                                                                tmp_path)
    seen: list[tuple[str, str]] = []
    for show in ("away", "dnd", "xa", "available"):
        peer.add_event_handler(f"presence_{show}", lambda p: seen.append(
            (str(p["show"] or "available"), str(p["status"]))))
    try:
        # Mutual subscription: Alice asks, Bob's client agrees and asks back, Alice approves.
        session = app.sessions[alice]
        await session.roster.add(_bob, "Bob", ("Friends",))
        await until(lambda: _row_of(window, _bob).data(RosterRoles.Subscription) == "to", 10)
        session.roster.approve(_bob)
        await until(lambda: bool(seen), 10)  # Bob sees Alice online
        window.presence_combo.setCurrentIndex(window.presence_combo.findData("away"))
        window.presence_combo.activated.emit(window.presence_combo.currentIndex())
        await until(lambda: ("away", "") in seen)
        qtbot.keyClicks(window.status_edit, "At lunch")
        qtbot.keyClick(window.status_edit, Qt.Key.Key_Return)
        await until(lambda: ("away", "At lunch") in seen)
        assert app.settings.presence_status == "At lunch"
    finally:
        await stop_peer(peer)
        await app.close()


async def test_subscription_request_is_approved_from_the_banner(qtbot, server, make_user,
                                                                tmp_path: Path):
    alice, alice_pw = make_user()
    carol, carol_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    carol_client = await start_peer(server, carol, carol_pw)
    approved: list[str] = []
    carol_client.add_event_handler("presence_subscribed", lambda p: approved.append(
        p["from"].bare))
    try:
        carol_client.send_presence(pto=alice, ptype="subscribe")
        await until(lambda: any(b.property("bannerName") == f"subscription:{carol}"
                                for b in window.findChildren(Banner)), 10)
        approve = window.findChild(QPushButton, f"subscription:{carol}:Approve")
        assert approve is not None
        qtbot.mouseClick(approve, Qt.MouseButton.LeftButton)
        await until(lambda: approved == [alice], 10)
    finally:
        await stop_peer(carol_client)
        await app.close()


async def test_rename_and_regroup_through_the_dialog(qtbot, server, make_user, tmp_path):
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    try:
        await until(lambda: window.roster_proxy.rowCount() == 1)
        await window.open_conversation(alice, bob)
        assert window.conversation.title_label.text() == "Bob"
        dialog: ContactDialog = window.open_edit_contact(alice, bob)
        assert dialog.jid.isReadOnly() and dialog.name.text() == "Bob"
        dialog.name.clear()
        qtbot.keyClicks(dialog.name, "Robert")
        dialog.groups.clear()
        qtbot.keyClicks(dialog.groups, "Work, Chess")
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        # One contact in two groups: two rows, both with the new name, after the server's push.
        await until(lambda: window.roster_proxy.rowCount() == 2, 10)
        assert {window.roster_proxy.index(r, 0).data() for r in range(2)} == {"Robert"}
        assert _row_of(window, bob).data(Qt.ItemDataRole.DisplayRole) == "Robert"
        assert window.conversation.title_label.text() == "Robert"  # the open chat's header
    finally:
        await stop_peer(peer)
        await app.close()


async def test_scrolling_up_pages_older_messages_from_the_database(qtbot, tmp_path: Path):
    app = Heron(ProfilePaths(tmp_path / "p"))
    await app.open()
    account, peer = "me@example.org", "old@example.org"
    now = time.time()
    await app.repos.messages.add_many([
        NewMessage(account, peer, Direction.INCOMING, f"message {i:03d}", now - 1000 + i,
                   origin_id=f"o{i}") for i in range(300)])
    # All read before: the conversation opens at the newest page (not at a "New messages"
    # line 300 messages up).
    await app.repos.read_state.displayed(account, peer, (now, 10**9))
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.resize(900, 600)
    window.show()
    await window.open_conversation(account, peer)
    model = window.message_model
    assert model is not None
    first = model.rowCount()
    assert 0 < first < 300  # only the newest page
    assert model.messages()[-1].body == "message 299"
    bar = window.message_view.verticalScrollBar()
    for _ in range(40):
        bar.setValue(bar.maximum())
        bar.setValue(0)  # the user drags to the top
        await asyncio.sleep(0.1)
        if model.messages()[0].body == "message 000":
            break
    # The oldest message is reached; the window keeps a bounded run of rows (newer ones page
    # back in when scrolling down, see models/message_window.py), in order, without a gap.
    bodies = [m.body for m in model.messages()]
    assert bodies == [f"message {i:03d}" for i in range(len(bodies))]
    await app.close()


async def test_each_account_is_enabled_and_disabled_from_the_menu(qtbot, server, make_user,
                                                                  tmp_path: Path):
    from PySide6.QtGui import QAction

    from heron.core.events import ConnectionState

    first, first_pw = make_user()
    second, second_pw = make_user()
    app = await start_heron(tmp_path / "p", account_for(server, first), first_pw)
    await add_account(app, server, second, second_pw)
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    window.fill_accounts_menu()  # what opening the menu does
    entry = window.accounts_menu.findChild(QAction, f"account:{second}")
    assert entry is not None and entry.isChecked()
    entry.trigger()  # uncheck: disable the second account only
    await until(lambda: f"{second}: Disabled" in window.status_label.text(), 10)
    assert second not in app.sessions
    assert not app.settings.account(second).enabled
    assert app.sessions[first].connection.state is ConnectionState.CONNECTED
    window.fill_accounts_menu()
    entry = window.accounts_menu.findChild(QAction, f"account:{second}")
    assert entry is not None and not entry.isChecked()
    entry.trigger()
    await until(lambda: second in app.sessions
                and app.sessions[second].connection.state is ConnectionState.CONNECTED, 15)
    await app.close()
