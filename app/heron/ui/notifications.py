"""Which new messages tell the desktop (issue 8, point 7).

A message that arrives live in a chat the user is not looking at (another chat is open, the
window is in the background or minimised) becomes a notification: sender, a preview, one per
chat, replaced as more arrive ("3 new messages"). None for history fetched from the archive,
for the user's own messages from another device, for a muted chat, or with notifications off.
Clicking it opens the chat; reading the chat takes it away.
"""

from __future__ import annotations

import itertools
import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication

from heron.core.bus import Phase
from heron.core.events import Direction, MessagesAdded
from heron.core.tasks import spawn
from heron.desktop_entry import icon_file
from heron.models.bus_scope import scoped
from heron.models.omemo_failure_text import shown_text
from heron.ui import room_alerts
from heron.ui.omemo_failures import contact_name

if TYPE_CHECKING:
    from heron.ui.main_window import MainWindow
    from heron.ui.tray import TrayIcon

log = logging.getLogger(__name__)
Chat = tuple[str, str]


class Notifier(Protocol):
    on_click: Callable[[int], None]

    async def notify(self, title: str, body: str, *, replaces: int = 0, icon: str = "",
                     category: str = "im.received") -> int: ...

    async def withdraw(self, notification_id: int) -> None: ...

    async def close(self) -> None: ...


class TrayMessages:
    """Windows and macOS: the tray icon's own balloon (one at a time, no replacing)."""

    def __init__(self, tray: TrayIcon) -> None:
        self.tray = tray
        self.on_click: Callable[[int], None] = lambda _id: None
        self._ids = itertools.count(1)
        self._last = 0
        tray.icon.messageClicked.connect(lambda: self.on_click(self._last))

    async def notify(self, title: str, body: str, *, replaces: int = 0, icon: str = "",
                     category: str = "im.received") -> int:
        if not self.tray.available:
            return 0
        self._last = next(self._ids)
        self.tray.icon.showMessage(title, body, self.tray.base_icon)
        return self._last

    async def withdraw(self, notification_id: int) -> None:
        return None

    async def close(self) -> None:
        return None


def window_shows(window: MainWindow, chat: Chat) -> bool:
    """The user is looking at ``chat``: it is open in the window, which is in front."""
    return (window.isVisible() and window.isActiveWindow() and not window.isMinimized()
            and window.current == chat)


def platform_notifier(window: MainWindow) -> Notifier:
    if sys.platform.startswith("linux"):
        from heron.ui.desktop_notify import NotificationService  # noqa: PLC0415  Linux only

        return NotificationService()
    assert window.tray is not None  # noqa: S101  made before the notifications (runner.py)
    return TrayMessages(window.tray)


class MessageNotifications(QObject):
    def __init__(self, window: MainWindow, service: Notifier | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.settings = window.app.settings
        self.service = service or platform_notifier(window)
        self.service.on_click = self._clicked
        self._ids: dict[Chat, int] = {}  # the notification shown for each chat
        self._chats: dict[int, Chat] = {}
        self._counts: dict[Chat, int] = {}
        icon = icon_file()
        self._icon = str(icon) if icon else "internet-chat"
        bus = scoped(self, window.app.bus)  # unsubscribed when this is destroyed
        bus.subscribe(MessagesAdded, self._on_messages, Phase.UI)
        # The window coming to the front with a chat open reads it. (A signal, not an event
        # filter: a Python filter still installed while the window is destroyed crashes.)
        qt = QGuiApplication.instance()
        if isinstance(qt, QGuiApplication):
            qt.focusWindowChanged.connect(self._focus_changed)
        window.sidebar.open_requested.connect(lambda account, jid: self.seen((account, jid)))

    # --- deciding ------------------------------------------------------------------------------

    def looking_at(self, chat: Chat) -> bool:
        return window_shows(self.window, chat)

    def muted(self, chat: Chat) -> bool:
        return list(chat) in self.settings.muted

    def _on_messages(self, event: MessagesAdded) -> None:
        chat = (event.account, event.peer)
        incoming = [m for m in event.messages
                    if m.direction is Direction.INCOMING and not m.retracted and m.body]
        if not event.live or not incoming or not self.settings.notifications:
            return
        room = room_alerts.to_notify(self.window.app, chat, incoming, self.muted(chat))
        if room is not None:  # a room: its mentions, even muted (ui/room_alerts.py)
            incoming = room
        if not incoming or self.looking_at(chat) or (room is None and self.muted(chat)):
            return
        self._counts[chat] = self._counts.get(chat, 0) + len(incoming)
        last = incoming[-1]
        spawn(self._show(chat, room_alerts.said(last) if room is not None
                         else shown_text(last.body, lambda jid: contact_name(  # an unreadable
                             self.window.roster_model, chat[0], jid))))  # OMEMO message: translated

    async def _show(self, chat: Chat, body: str) -> None:
        row = self.window.roster_model.row_for(chat[1])
        name = row.display if row else chat[1]
        count = self._counts.get(chat, 1)
        title = name if count == 1 else self.tr("{name} ({count} new messages)").format(
            name=name, count=count)
        if body.startswith("/me "):  # XEP-0245, as the chat shows it
            body = f"{name} {body[4:]}"
        icon = row.avatar if row is not None and row.avatar else self._icon  # their picture
        shown = await self.service.notify(title, body, replaces=self._ids.get(chat, 0),
                                          icon=icon)
        if shown and chat in self._counts:  # not read in the meantime
            self._ids[chat] = shown
            self._chats[shown] = chat

    # --- the user reads ------------------------------------------------------------------------

    def seen(self, chat: Chat) -> None:
        """The user opened ``chat``: its notification goes, its count starts again."""
        self._counts.pop(chat, None)
        shown = self._ids.pop(chat, 0)
        if shown:
            self._chats.pop(shown, None)
            spawn(self.service.withdraw(shown))

    def _clicked(self, notification_id: int) -> None:
        chat = self._chats.get(notification_id)
        if chat is None:
            return
        window = self.window
        window.showNormal() if window.isMinimized() else window.show()
        window.raise_()
        window.activateWindow()
        self.seen(chat)
        spawn(window.open_conversation(*chat))

    def _focus_changed(self, _focused: object) -> None:
        if self.window.isActiveWindow():
            current = self.window.current
            if current is not None:
                self.seen(current)

    async def close(self) -> None:
        await self.service.close()
