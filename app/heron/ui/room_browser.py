"""Browse rooms: list a conference service's rooms, filter them as you type, read a room's
details and join it (XEP-0045 §6 discovery; the join goes through a RoomJoiner).

The list is a model with a filter proxy and a painting delegate (ui/room_list_model.py), so
thousands of rooms stay smooth; details are asked only for rows that are painted, a few at a
time. Everything a service says is plain text. Errors read as sentences, in the dialog.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QItemSelection, Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from heron.core.errors import HeronError
from heron.core.rooms import Room, RoomInfo
from heron.core.tasks import spawn
from heron.ui.room_list_model import JID_ROLE, LOCK, RoomDelegate, RoomFilter, RoomListModel
from heron.ui.widgets import plain_label
from heron.xmpp.services.room_joining import joiner_for
from heron.xmpp.services.rooms_api import RoomJoiner

if TYPE_CHECKING:
    from heron.ui.main_window import MainWindow

log = logging.getLogger(__name__)
INFO_AT_ONCE = 4  # room details asked in parallel (a scroll through thousands stays polite)


class RoomBrowser(QDialog):
    joined = Signal(str)  # the room's address, once the room let us in

    def __init__(self, account: str, directory: Any, joiner: RoomJoiner | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.account = account
        self.directory = directory
        self.joiner = joiner
        self._generation = 0
        self._info_slots = asyncio.Semaphore(INFO_AT_ONCE)
        self.setObjectName("roomBrowser")
        self.setWindowTitle(self.tr("Browse rooms"))
        self.setAccessibleName(self.tr("Browse rooms"))
        self.resize(860, 560)
        self.model = RoomListModel(self)
        self.proxy = RoomFilter(self.model, self)
        self.model.info_wanted.connect(lambda jid: spawn(self._load_info(jid, self._generation)))
        self._build()

    # --- layout --------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 16)
        layout.setSpacing(10)
        self._search_bar(layout)
        self._list_pane(layout)
        self._buttons(layout)

    def _search_bar(self, layout: QVBoxLayout) -> None:
        top = QHBoxLayout()
        self.service = QLineEdit()
        self.service.setObjectName("roomServiceField")
        self.service.setAccessibleName(self.tr("Group chat service"))
        self.service.setPlaceholderText(self.tr("conference.example.org"))
        self.service.returnPressed.connect(self.list_now)
        self.list_button = QPushButton(self.tr("List rooms"))
        self.list_button.setObjectName("listRoomsButton")
        self.list_button.clicked.connect(self.list_now)
        top.addWidget(QLabel(self.tr("Service")))
        top.addWidget(self.service, 1)
        top.addWidget(self.list_button)
        layout.addLayout(top)
        self.search = QLineEdit()
        self.search.setObjectName("roomSearchField")
        self.search.setAccessibleName(self.tr("Search rooms"))
        self.search.setPlaceholderText(self.tr("Search by name, address or description"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_text)
        self.search.returnPressed.connect(self.proxy.apply_now)
        layout.addWidget(self.search)
        status = QHBoxLayout()
        self.status = plain_label("", "roomListStatus")
        self.status.setWordWrap(False)
        self.progress = QProgressBar()
        self.progress.setObjectName("roomListProgress")
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(120)
        self.progress.setMaximumHeight(6)
        self.progress.setTextVisible(False)
        self.progress.hide()
        status.addWidget(self.status, 1)
        status.addWidget(self.progress)
        layout.addLayout(status)

    def _list_pane(self, layout: QVBoxLayout) -> None:
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        self.view = QListView()
        self.view.setObjectName("roomList")
        self.view.setAccessibleName(self.tr("Rooms"))
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(RoomDelegate(self.view))
        self.view.setUniformItemSizes(True)
        self.view.setMouseTracking(True)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.selectionModel().selectionChanged.connect(self._selected)
        self.view.doubleClicked.connect(lambda _i: self.join_now())
        splitter.addWidget(self.view)
        splitter.addWidget(self._details())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([500, 320])
        layout.addWidget(splitter, 1)

    def _buttons(self, layout: QVBoxLayout) -> None:
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        close = QPushButton(self.tr("Close"))
        close.setObjectName("closeRoomBrowser")
        close.clicked.connect(self.close)
        bottom.addWidget(close)
        layout.addLayout(bottom)

    def _details(self) -> QWidget:
        panel = QFrame()
        panel.setObjectName("roomDetails")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(panel)
        box.setContentsMargins(16, 14, 16, 14)
        box.setSpacing(6)
        self.title = plain_label(self.tr("Choose a room"), "roomTitle")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.address = plain_label("", "roomAddress")
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = plain_label("", "roomFacts")
        self.description = plain_label("", "roomDescription")
        for label in (self.address, self.facts):
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        for widget in (self.title, self.address, self.facts, self.description):
            box.addWidget(widget)
        box.addStretch(1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.nick = QLineEdit(self.account.split("@", 1)[0])
        self.nick.setObjectName("roomNickField")
        self.nick.setAccessibleName(self.tr("Nickname"))
        self.nick.setMaxLength(100)
        self.password = QLineEdit()
        self.password.setObjectName("roomPasswordField")
        self.password.setAccessibleName(self.tr("Room password"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_label = QLabel(self.tr("Password"))
        form.addRow(self.tr("Nickname"), self.nick)
        form.addRow(self.password_label, self.password)
        box.addLayout(form)
        self.join_error = plain_label("", "roomJoinError")
        self.join_error.setStyleSheet("color: #d64545;")
        self.join_error.hide()
        box.addWidget(self.join_error)
        self.join_button = QPushButton(self.tr("Join"))
        self.join_button.setObjectName("joinRoomButton")
        self.join_button.setDefault(True)
        self.join_button.setMinimumHeight(34)
        self.join_button.setStyleSheet(
            "QPushButton { background: palette(highlight); color: palette(highlighted-text);"
            " border: none; border-radius: 8px; font-weight: 600; padding: 6px 16px; }"
            "QPushButton:disabled { background: palette(mid); }")
        self.join_button.setEnabled(False)
        self.join_button.clicked.connect(self.join_now)
        box.addWidget(self.join_button)
        self._show_password(False)
        return panel

    def _show_password(self, shown: bool) -> None:
        self.password.setVisible(shown)
        self.password_label.setVisible(shown)

    # --- listing -------------------------------------------------------------------------------

    async def start(self) -> None:
        """Fill in our server's conference service and list it."""
        self.status.setText(self.tr("Looking for group chat services…"))
        services = await self.directory.services()
        if not self.service.text().strip():
            self.service.setText(services[0] if services else "")
        if self.service.text().strip():
            self.list_now()
        else:
            self.status.setText(self.tr("Your server has no group chat service; type the "
                                        "address of another one."))

    def list_now(self) -> None:
        self._generation += 1
        self.model.clear()
        self._select(None)
        spawn(self._list(self.service.text().strip(), self._generation), "room list")

    async def _list(self, service: str, generation: int) -> None:
        self.progress.show()
        self.status.setText(self.tr("Listing rooms…"))

        def page(rooms: list[Room]) -> None:
            if generation == self._generation:
                self.model.add_rooms(rooms)
                self.status.setText(self.tr("Listing rooms… {n} so far").format(
                    n=f"{self.model.rowCount():,}"))

        try:
            listed = await self.directory.list_rooms(service, progress=page)
        except HeronError as exc:
            if generation == self._generation:
                self.progress.hide()
                self.status.setText(str(exc))
            return
        if generation != self._generation:
            return  # the user asked for another service meanwhile
        self.progress.hide()
        count = len(listed.rooms)
        if listed.truncated:
            text = self.tr("Showing the first {n} rooms of {service}; search to narrow them "
                           "down.")
        elif count:
            text = self.tr("{n} rooms on {service}") if count != 1 else self.tr(
                "1 room on {service}")
        else:
            text = self.tr("{service} lists no public rooms.")
        self.status.setText(text.format(n=f"{count:,}", service=listed.service))

    async def _load_info(self, jid: str, generation: int) -> RoomInfo | None:
        async with self._info_slots:
            if generation != self._generation:
                return None
            try:
                info: RoomInfo = await self.directory.info(jid)
            except HeronError as exc:
                log.info("no details for %s: %s", jid, exc)
                return None
        if generation == self._generation:
            self.model.set_info(info)
            if self._current() == jid:
                self._select(jid)
        return info

    # --- selection and joining -----------------------------------------------------------------

    def _current(self) -> str | None:
        index = self.view.currentIndex()
        return str(index.data(JID_ROLE)) if index.isValid() else None

    def _selected(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._select(self._current())

    def _select(self, jid: str | None) -> None:
        self.join_error.hide()
        self.join_button.setEnabled(jid is not None)
        if jid is None:
            self.title.setText(self.tr("Choose a room"))
            for label in (self.address, self.facts, self.description):
                label.setText("")
            self._show_password(False)
            return
        info = self.model.info(jid)
        row = next((i for i, r in enumerate(self.model.rooms) if r.jid == jid), 0)
        self.title.setText(self.model.title(row))
        self.address.setText(jid)
        self.description.setText(info.description if info else "")
        self.facts.setText(self._facts(info))
        self._show_password(bool(info and info.password))

    def _facts(self, info: RoomInfo | None) -> str:
        if info is None:
            return self.tr("Loading details…")
        facts = []
        if info.occupants is not None:
            facts.append(self.tr("{n} people").format(n=info.occupants) if info.occupants != 1
                         else self.tr("1 person"))
        for flag, text in ((info.password, f"{LOCK} " + self.tr("Password")),
                           (info.members_only, self.tr("Members only")),
                           (info.moderated, self.tr("Moderated")),
                           (info.archived, self.tr("History kept")),
                           (not info.public, self.tr("Hidden"))):
            if flag:
                facts.append(text)
        return "  ·  ".join(facts)

    def join_now(self) -> None:
        jid = self._current()
        if jid is not None:
            spawn(self.join(jid), "join from the room browser")

    async def join(self, room: str) -> bool:
        nick = self.nick.text().strip()
        if not nick:
            self._join_failed(self.tr("Choose a nickname first."))
            return False
        if self.joiner is None:
            self._join_failed(self.tr("Joining rooms is not available for this account."))
            return False
        self.join_button.setEnabled(False)
        self.join_button.setText(self.tr("Joining…"))
        try:
            await self.joiner.join(room, nick, self.password.text() or None)
        except HeronError as exc:
            self._join_failed(str(exc))
            return False
        finally:
            self.join_button.setText(self.tr("Join"))
            self.join_button.setEnabled(True)
        self.joined.emit(room)
        self.accept()
        return True

    def _join_failed(self, text: str) -> None:
        self.join_error.setText(text)
        self.join_error.show()
        if self.password.isHidden() and "password" in text.lower():
            self._show_password(True)  # the room asked for one its details did not mention


def open_room_browser(window: MainWindow, account: str | None = None) -> RoomBrowser | None:
    """The browser for ``account`` (default: the open chat's, else the first connected)."""
    sessions = window.app.sessions
    connected = [jid for jid, s in sessions.items() if s.connection.connected]
    current = window.current[0] if window.current else None
    chosen = account or (current if current in connected else None) or next(iter(connected),
                                                                             None)
    if chosen is None:
        window.show_error(QCoreApplication.translate(
            "RoomBrowser", "Go online to browse group chat rooms."))
        return None
    session = sessions[chosen]
    dialog = RoomBrowser(chosen, session.room_directory, joiner_for(session), window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    spawn(dialog.start(), "room browser")
    return dialog


def add_room_actions(window: MainWindow) -> QAction:
    """"Browse rooms…" in the main menu, above the accounts (Ctrl+Shift+R everywhere)."""
    side = window.sidebar
    action = QAction(QCoreApplication.translate("RoomBrowser", "Browse rooms…"), window)
    action.setObjectName("browseRoomsAction")
    action.setShortcut(QKeySequence("Ctrl+Shift+R"))
    action.triggered.connect(lambda: open_room_browser(window))
    menu = side.menu_button.menu()
    menu.insertAction(side.accounts_menu.menuAction(), action)
    window.addAction(action)
    return action

