"""Unread mentions per room (issue 9, point 4): the room's row in the contact list and in the
Chats list shows an "@" beside its unread count while messages that name the user's nick are
unread. The count is derived from the stored messages at start (storage/repos/room_counts.py),
then kept in memory; it never exceeds the room's unread count, so it goes when the room is read
(here or on another client, XEP-0490).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRect, Qt
from PySide6.QtGui import QFont, QPainter

from heron.core.bus import Phase
from heron.core.events import AccountRemoved, Direction, MessagesAdded
from heron.core.mentions import names
from heron.models.bus_scope import scoped
from heron.ui import mention_bubble, room_alerts

if TYPE_CHECKING:
    from heron.ui.sidebar import Sidebar

Chat = tuple[str, str]
Counter = Callable[[str, str], int]
SIZE = 20  # the badge's diameter, as tall as the unread pill


class MentionCounts(QObject):
    def __init__(self, sidebar: Sidebar) -> None:
        super().__init__(sidebar)
        self.sidebar = sidebar
        self.app = sidebar.app
        self._counts: dict[Chat, int] = {}
        bus = scoped(self, self.app.bus)  # unsubscribed when this is destroyed
        bus.subscribe(MessagesAdded, self._on_messages, Phase.UI)
        bus.subscribe(AccountRemoved, self._on_account_removed, Phase.UI)
        for view in (sidebar.roster_view, sidebar.chats.view):
            view.itemDelegate().mentions = self.count  # type: ignore[attr-defined]

    def count(self, account: str, peer: str) -> int:
        """Unread mentions in the room: none once it has nothing unread."""
        key = (account, peer)
        found = self._counts.get(key, 0)
        if found and not self.sidebar.chats.model.unread(account, peer):
            del self._counts[key]  # read since: the mentions with it
            return 0
        return found

    async def load(self) -> None:
        """The unread mentions from before this start, derived from the stored messages."""
        for account in self.app.accounts:
            for room, n in (await self.app.unread_mentions(account.jid)).items():
                key = (account.jid, room)
                self._counts[key] = max(self._counts.get(key, 0), n)  # live ones are in it
        self.sidebar.roster_view.viewport().update()
        self.sidebar.chats.view.viewport().update()

    def _on_messages(self, event: MessagesAdded) -> None:
        key = (event.account, event.peer)
        if not event.live or self.sidebar.roster_model.active_conversation == key:
            return
        nick = room_alerts.room_nick(self.app, key)
        if nick is None:
            return
        found = sum(1 for m in event.messages if m.direction is Direction.INCOMING
                    and not m.retracted and names(m.body, nick))
        if found:
            self._counts[key] = self._counts.get(key, 0) + found
            self.sidebar.roster_view.viewport().update()
            self.sidebar.chats.view.viewport().update()

    def _on_account_removed(self, event: AccountRemoved) -> None:
        self._counts = {k: n for k, n in self._counts.items() if k[0] != event.account}


def paint_badge(painter: QPainter, counter: Counter | None, chat: Chat, font: QFont, *,
                right: int, middle: int) -> int:
    """An "@" in the mention colour, ending at ``right``; returns the room it took (0: no
    unread mention, or no counter attached)."""
    if counter is None or not counter(*chat):
        return 0
    badge = QRect(right - SIZE, middle - SIZE // 2, SIZE, SIZE)
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(mention_bubble.colours()[1])
    painter.drawEllipse(badge)
    bold = QFont(font)
    bold.setBold(True)
    painter.setFont(bold)
    painter.setPen(Qt.GlobalColor.white)
    painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "@")
    painter.restore()
    return SIZE + 4
