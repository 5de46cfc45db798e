# ruff: noqa: F811  (the bus fixtures imported from tests.desktop_bus are used as arguments)
"""A message Heron cannot decrypt shows its placeholder in the user's language in the chat
window (issue 11 point 7): the English sentence stays stored, the bubble reads the translation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from heron.crypto.omemo import OLDMEMO
from heron.models.chats import ChatRoles
from heron.models.messages import MessageRoles
from heron.ui.main_window import MainWindow
from heron.ui.notifications import MessageNotifications
from tests.desktop_bus import NotificationServer, notification_server, session_bus  # noqa: F401
from tests.helpers import until
from tests.integration.omemo_peers import encrypted_stanza, heron_and_peer, send_encrypted
from tests.ui.omemo_window import chat_window, shown_window
from tests.ui.shouting import shouted, shouting  # noqa: F401  the fixture

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


@pytest.mark.usefixtures("shouting")
async def test_undecryptable_message_reads_in_the_users_language(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    windows: list[MainWindow] = []
    try:
        async with heron_and_peer(server, make_user, tmp_path / "alice", "legacy") as chat:
            await chat.session.roster.set_item(chat.bob, "Bob", ())
            window = await chat_window(chat, windows)
            stanza = await encrypted_stanza(chat.peer, chat.alice, "for another device",
                                            namespace=OLDMEMO)
            for key in stanza.xml.iter(f"{{{OLDMEMO}}}key"):
                key.set("rid", "1")  # as if encrypted for a device that is not this one
            stanza.send()
            await send_encrypted(chat.peer, chat.alice, "Did you get it?")
            pane = window.conversation
            model = pane.message_view.model()
            await until(lambda: model.rowCount() == 2, 30)
            delegate: Any = pane.message_view.itemDelegate()
            first = model.index(0, 0).data(MessageRoles.Message)
            assert first.body.startswith("This message was encrypted")  # stored in English
            await until(lambda: shouted(delegate.body_for(first)), 15)
            assert "for another device" not in delegate.body_for(first)
            assert "ASK Bob TO SEND IT AGAIN" in delegate.body_for(first)  # his roster name
            second = model.index(1, 0).data(MessageRoles.Message)
            assert delegate.body_for(second) == "Did you get it?"  # decrypted: its own text
    finally:
        for window in windows:
            window.close()


def _preview_of(window: MainWindow, peer: str) -> str:
    """The chat list's second line for ``peer``, as its row paints it."""
    view = window.sidebar.chats.view
    proxy = view.model()
    for row in range(proxy.rowCount()):
        index = proxy.index(row, 0)
        if index.data(ChatRoles.Peer) == peer:
            return str(view.itemDelegate().preview_text(index))  # type: ignore[attr-defined]
    return ""


@pytest.mark.usefixtures("shouting")
async def test_chat_list_line_and_notification_read_in_the_users_language(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path,
        notification_server: NotificationServer) -> None:
    windows: list[MainWindow] = []
    try:
        async with heron_and_peer(server, make_user, tmp_path / "alice", "legacy") as chat:
            await chat.session.roster.set_item(chat.bob, "Bob", ())
            window = await shown_window(chat, windows)  # no chat open: a notification
            window.notifications = MessageNotifications(window)
            try:
                stanza = await encrypted_stanza(chat.peer, chat.alice, "for another device",
                                                namespace=OLDMEMO)
                for key in stanza.xml.iter(f"{{{OLDMEMO}}}key"):
                    key.set("rid", "1")  # as if encrypted for a device that is not this one
                stanza.send()
                await until(lambda: len(notification_server.shown) == 1, 30)
                body = notification_server.shown[0].body
                assert shouted(body) and "ASK Bob TO SEND IT AGAIN" in body  # by name
                await until(lambda: shouted(_preview_of(window, chat.bob)), 30)
                assert "ASK Bob TO SEND IT AGAIN" in _preview_of(window, chat.bob)  # by name
                assert chat.bob not in _preview_of(window, chat.bob)
            finally:
                await window.notifications.close()
    finally:
        for window in windows:
            window.close()
