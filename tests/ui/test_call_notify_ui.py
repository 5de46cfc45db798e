# ruff: noqa: F811  (the bus fixtures imported from tests.desktop_bus are used as arguments)
"""An incoming call also tells the desktop (a notification over a real session bus to a
notification server), which is taken back when the call stops ringing; with Sounds off the
window comes up without the ringtone."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from heron.ui.main_window import MainWindow
from heron.ui.notifications import MessageNotifications
from tests.desktop_bus import NotificationServer, notification_server, session_bus  # noqa: F401
from tests.helpers import until
from tests.integration.call_parties import send_jmi
from tests.integration.parties import account_for, start_heron, start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_a_call_notifies_and_the_notification_goes_when_it_stops_ringing(
        server: Any, make_user: Any, tmp_path: Path,
        notification_server: NotificationServer) -> None:
    alice, pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), pw)
    await app.sessions[alice].roster.set_item(bob, "Bob", ())
    app.settings.sounds = False  # the tray's "Sounds" off: no ringtone
    window = MainWindow(app)
    window.show()
    window.notifications = MessageNotifications(window)
    peer = await start_peer(server, bob, bob_pw)
    await until(lambda: window.roster_model.row_for(bob) is not None)
    try:
        send_jmi(peer, alice, "propose", "ring-1", video=True)
        await until(lambda: bool(notification_server.shown))
        shown = notification_server.shown[0]
        assert (shown.title, shown.body) == ("Video call from Bob", "Incoming video call")
        assert "ring-1" in window.call_ringing.open
        assert not window.call_ringing.playing, "Sounds off: the window shows, silently"
        send_jmi(peer, alice, "retract", "ring-1")
        await until(lambda: shown.id in notification_server.closed)
    finally:
        await stop_peer(peer)
        await window.notifications.close()
        await app.close()
        window.close()
        window.deleteLater()


async def test_the_calls_menu_lets_strangers_ring(server: Any, make_user: Any,
                                                  tmp_path: Path) -> None:
    alice, pw = make_user()
    carol, carol_pw = make_user()  # not in Alice's contacts
    app = await start_heron(tmp_path / "alice", account_for(server, alice), pw)
    window = MainWindow(app)
    window.show()
    peer = await start_peer(server, carol, carol_pw)
    try:
        # Looking at her chat (its call buttons ask about her) makes her no contact.
        await window.open_conversation(alice, carol)
        await until(lambda: window.conversation.calls.reason.endswith("devices online"))
        send_jmi(peer, alice, "propose", "stranger-1")
        await asyncio.sleep(0.5)
        assert "stranger-1" not in window.call_ringing.open
        action = window.strangers_action
        assert action.text() == "Allow calls from people not in my contacts"
        assert not action.isChecked()
        action.trigger()  # as the menu item would
        assert app.settings_store.load().calls_from_strangers, "saved at once"
        send_jmi(peer, alice, "propose", "stranger-2")
        await until(lambda: "stranger-2" in window.call_ringing.open)
        assert window.call_ringing.open["stranger-2"].name_label.text() == carol
    finally:
        await stop_peer(peer)
        await app.close()
        window.close()
        window.deleteLater()
