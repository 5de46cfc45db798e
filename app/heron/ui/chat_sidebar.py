"""The chats list in the sidebar: the "Chats | Contacts" switch, the list where the roster
is, one filter field for whichever list shows, Ctrl+1 / Ctrl+2.

It starts on "Chats" when there is at least one conversation, else on "Contacts" (a new
profile has only the roster to start from).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QBoxLayout, QVBoxLayout

from heron.models.chats import ChatsModel
from heron.models.roster import RosterFilterModel
from heron.ui.chat_feed import ChatFeed
from heron.ui.chat_list import ChatListView, ListSwitch
from heron.ui.widgets import plain_label

if TYPE_CHECKING:
    from heron.ui.sidebar import Sidebar


class SidebarChats(QObject):
    def __init__(self, sidebar: Sidebar, layout: QBoxLayout) -> None:
        super().__init__(sidebar)
        self.sidebar = sidebar
        roster = sidebar.roster_model
        self.model = ChatsModel(roster, self)
        self.proxy = RosterFilterModel(self.model, self)
        self.feed = ChatFeed(sidebar.app, self.model, lambda: roster.active_conversation, self)
        self.view = ChatListView(self.proxy, sidebar)
        self.view.open_requested.connect(sidebar.open_requested)
        self.view.close_requested.connect(self.feed.close_chat)
        self.switch = ListSwitch(sidebar)
        self.switch.changed.connect(self._show)
        # The switch goes above the filter field, the list where the roster is.
        layout.insertWidget(layout.indexOf(sidebar.roster_filter), self.switch)
        layout.insertWidget(layout.indexOf(sidebar.roster_view), self.view, 1)
        self.empty = plain_label(self.tr("No chats yet.\nPick a contact to start one."),
                                 "chatsEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        QVBoxLayout(self.view.viewport()).addWidget(self.empty)
        for change in (self.proxy.rowsInserted, self.proxy.rowsRemoved,
                       self.proxy.modelReset, self.proxy.layoutChanged):
            change.connect(self._update_empty)
        sidebar.roster_filter.textChanged.connect(self.proxy.set_filter)
        for keys, page in (("Ctrl+1", "chats"), ("Ctrl+2", "contacts")):
            QShortcut(QKeySequence(keys), sidebar, lambda p=page: self.switch.set_page(p))
        self.switch.set_page("contacts")

    @property
    def showing_chats(self) -> bool:
        return self.switch.page == "chats"

    async def load(self) -> None:
        """The stored conversations; the switch goes to "Chats" when there are any."""
        await self.feed.load()
        if self.model.rowCount() > 0:
            self.switch.set_page("chats")

    def open_first(self) -> bool:
        """Enter in the filter field: the first chat shown, when the chats list shows."""
        if not self.showing_chats or self.proxy.rowCount() == 0:
            return False
        self.view.open_index(self.proxy.index(0, 0))
        return True

    def _show(self, page: str) -> None:
        chats = page == "chats"
        self.view.setVisible(chats)
        self.sidebar.roster_view.setVisible(not chats)
        filter_field = self.sidebar.roster_filter
        filter_field.setPlaceholderText(self.tr("Search chats  (Ctrl+K)") if chats
                                        else self.tr("Search contacts  (Ctrl+K)"))
        filter_field.setAccessibleName(self.tr("Filter chats") if chats
                                       else self.tr("Filter contacts"))
        self._update_empty()

    def _update_empty(self, *_args: object) -> None:
        if self.proxy.rowCount() > 0:
            self.empty.hide()
            return
        self.empty.setText(self.tr("No chat matches") if self.sidebar.roster_filter.text()
                           .strip() else self.tr("No chats yet.\nPick a contact to start one."))
        self.empty.show()
