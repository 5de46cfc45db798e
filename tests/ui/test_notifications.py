# ruff: noqa: F811  (the bus fixtures imported from tests.desktop_bus are used as arguments)
"""Desktop notifications for new messages (issue 8, point 7), over a real session bus to a
notification server, with the sender as a second real client on the test server."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QMenu

from heron.application import Heron
from heron.core.events import AvatarChanged
from heron.models.roster import RosterRoles
from heron.ui.main_window import MainWindow
from heron.ui.notifications import MessageNotifications
from tests.desktop_bus import NotificationServer, notification_server, session_bus  # noqa: F401
from tests.helpers import until
from tests.integration.parties import Peer, account_for, start_heron, start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


class Chat:
    """Alice's Heron window with notifications, and Bob and Carol as real clients."""

    def __init__(self, app: Heron, window: MainWindow, alice: str, bob: Peer, carol: Peer) -> None:
        self.app, self.window, self.alice, self.bob, self.carol = app, window, alice, bob, carol
        assert window.notifications is not None
        self.notifications: MessageNotifications = window.notifications

    def from_bob(self, text: str) -> None:
        self.bob.send_message(mto=self.alice, mbody=text, mtype="chat")


@pytest_asyncio.fixture
async def chat(server: Any, make_user: Any, tmp_path: Path) -> AsyncIterator[Chat]:
    alice, pw = make_user()
    (bob, bob_pw), (carol, carol_pw) = make_user(), make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), pw)
    await app.sessions[alice].roster.set_item(bob, "Bob", ())
    window = MainWindow(app)  # closed below, after Heron: its views hear the last events
    window.show()
    window.notifications = MessageNotifications(window)
    peers = [await start_peer(server, bob, bob_pw), await start_peer(server, carol, carol_pw)]
    await until(lambda: window.roster_model.row_for(bob) is not None)
    try:
        yield Chat(app, window, alice, *peers)
    finally:
        for peer in peers:
            await stop_peer(peer)
        await window.notifications.close()
        await app.close()
        window.close()
        window.deleteLater()


async def test_a_message_in_another_chat_notifies_and_a_click_opens_it(
        chat: Chat, notification_server: NotificationServer) -> None:
    bob = str(chat.bob.boundjid.bare)
    # Reading Bob's chat in the focused window: his message needs no notification.
    chat.window.activateWindow()
    await until(chat.window.isActiveWindow)
    await chat.window.open_conversation(chat.alice, bob)
    chat.from_bob("seen as it comes")
    await until(lambda: chat.window.message_model is not None
                and chat.window.message_model.rowCount() == 1)
    await asyncio.sleep(0.3)
    assert notification_server.shown == []
    await chat.window.open_conversation(chat.alice, str(chat.carol.boundjid.bare))
    chat.from_bob("<b>Dinner</b> at 8?")
    await until(lambda: len(notification_server.shown) == 1)
    first = notification_server.shown[0]
    assert first.title == "Bob"
    # The server reads markup: the peer's text arrives escaped, shown as typed.
    assert first.body == "&lt;b&gt;Dinner&lt;/b&gt; at 8?"
    assert first.actions[:1] == ["default"] and first.hints["desktop-entry"][1] == "heron"
    assert first.icon.endswith("heron.svg")  # no picture of Bob yet: Heron's icon
    picture = Path(chat.app.paths.root) / "bob.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    chat.app.bus.publish(AvatarChanged(chat.alice, bob, str(picture)))
    chat.from_bob("/me waves")
    await until(lambda: len(notification_server.shown) == 2)
    second = notification_server.shown[1]
    assert second.icon == str(picture)  # his picture once it is known
    assert second.replaces == first.id  # one notification per chat, replaced
    assert (second.title, second.body) == ("Bob (2 new messages)", "Bob waves")
    await notification_server.click(first.id)
    await until(lambda: chat.window.current == (chat.alice, bob))
    await until(lambda: first.id in notification_server.closed)
    # Read: the next message starts a new notification with its own count.
    await chat.window.open_conversation(chat.alice, str(chat.carol.boundjid.bare))
    chat.from_bob("still there?")
    await until(lambda: len(notification_server.shown) == 3)
    assert notification_server.shown[2].replaces == 0
    assert notification_server.shown[2].title == "Bob"


async def test_a_muted_chat_and_notifications_off_stay_quiet(
        chat: Chat, notification_server: NotificationServer) -> None:
    bob = str(chat.bob.boundjid.bare)
    window = chat.window
    # Mute Bob from his entry's context menu, as a person would.
    rect = window.roster_view.visualRect(_row_of(window, bob))
    window.sidebar._roster_menu(rect.center())
    menu = window.findChild(QMenu, "rosterContextMenu")
    assert menu is not None
    mute = next(a for a in menu.actions() if a.objectName() == "muteAction")
    assert mute.text() == "Mute notifications" and not mute.isChecked()
    mute.trigger()
    menu.close()
    assert [chat.alice, bob] in chat.app.settings_store.load().muted  # kept for next start
    chat.from_bob("muted words")
    chat.carol.send_message(mto=chat.alice, mbody="from a stranger", mtype="chat")
    await until(lambda: len(notification_server.shown) == 1)
    await asyncio.sleep(0.5)  # Bob's message came first: it would be here by now
    assert [s.body for s in notification_server.shown] == ["from a stranger"]
    chat.app.settings.notifications = False
    chat.carol.send_message(mto=chat.alice, mbody="again", mtype="chat")
    await asyncio.sleep(1.0)
    assert len(notification_server.shown) == 1


async def test_without_a_notification_server_messages_still_arrive(
        chat: Chat, session_bus: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    bob = str(chat.bob.boundjid.bare)
    chat.from_bob("is anyone there?")
    await until(lambda: chat.window.roster_model.row_for(bob) is not None
                and chat.window.roster_model.row_for(bob).unread == 1)  # type: ignore[union-attr]
    await until(lambda: any("no desktop notifications" in r.getMessage()
                            for r in caplog.records))
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def _row_of(window: MainWindow, jid: str) -> QModelIndex:
    proxy = window.roster_proxy
    return next(proxy.index(r, 0) for r in range(proxy.rowCount())
                if proxy.index(r, 0).data(RosterRoles.Jid) == jid)
