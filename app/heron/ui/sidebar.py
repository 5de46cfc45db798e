"""The sidebar: account name and menu, own presence, banners, contact filter and roster.

Contact actions (add, rename/regroup, remove) open their dialogs here and call the roster
service; account actions are menu entries the window wires up.
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from heron.application import Heron
from heron.core.bus import Phase
from heron.core.events import OwnPresenceChanged, RosterLoaded
from heron.models.bus_scope import scoped
from heron.models.roster import ROOM, RosterFilterModel, RosterModel, RosterRoles
from heron.ui.banners import BannerArea
from heron.ui.blocking import BlockDialog, BlockedListDialog
from heron.ui.chat_sidebar import SidebarChats
from heron.ui.confirm import ConfirmDialog
from heron.ui.delegates import RosterDelegate
from heron.ui.dialogs import ContactDialog
from heron.ui.i18n import QT_TRANSLATE_NOOP
from heron.ui.profile_dialogs import EditProfileDialog, ProfileDialog
from heron.ui.room_config import CreateRoomDialog, open_create_room
from heron.ui.room_join import JoinRoomDialog, open_join_room
from heron.ui.room_menu import fill_room_menu
from heron.ui.search_view import search_button
from heron.ui.status import AccountStatusList
from heron.ui.widgets import plain_label, run_reported

SHOW_CHOICES = [  # labels translated in the "Presence" context where they show
    ("available", QT_TRANSLATE_NOOP("Presence", "Available")),
    ("chat", QT_TRANSLATE_NOOP("Presence", "Free for chat")),
    ("away", QT_TRANSLATE_NOOP("Presence", "Away")),
    ("xa", QT_TRANSLATE_NOOP("Presence", "Not available")),
    ("dnd", QT_TRANSLATE_NOOP("Presence", "Do not disturb")),
]


class Sidebar(QWidget):
    open_requested = Signal(str, str)  # account, contact JID
    problem = Signal(str)  # something the user should read (shown as a banner)

    def __init__(self, app: Heron, roster_model: RosterModel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.roster_model = roster_model
        self.roster_proxy = RosterFilterModel(roster_model, self)
        self._fresh_rosters: set[str] = set()  # accounts whose server roster already arrived
        self._dialogs: list[object] = []
        self.setObjectName("sidebar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setMinimumWidth(260)
        self._build()
        bus = scoped(self, app.bus)  # unsubscribed when this is destroyed
        bus.subscribe(OwnPresenceChanged, self._on_own_presence, Phase.UI)
        bus.subscribe(RosterLoaded, lambda e: self._fresh_rosters.add(e.account), Phase.UI)

    def _build(self) -> None:  # noqa: PLR0915  builds the widget tree
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 12, 10, 10)
        layout.setSpacing(8)

        header = QHBoxLayout()
        self.account_label = plain_label("Heron", "accountName")
        self.account_label.setWordWrap(False)
        header.addWidget(self.account_label, 1)
        self.search_button = search_button(self)  # search every conversation
        header.addWidget(self.search_button)
        header.addWidget(self._build_menu())
        layout.addLayout(header)

        self.presence_combo = QComboBox()
        self.presence_combo.setObjectName("presenceCombo")
        self.presence_combo.setAccessibleName(self.tr("Your presence"))
        for show, label in SHOW_CHOICES:
            self.presence_combo.addItem(QCoreApplication.translate("Presence", label), show)
        self.status_edit = QLineEdit()
        self.status_edit.setObjectName("statusMessageEdit")
        self.status_edit.setAccessibleName(self.tr("Status message"))
        self.status_edit.setPlaceholderText(self.tr("Set a status message"))
        self.presence_combo.activated.connect(lambda _i: self._apply_presence())
        self.status_edit.returnPressed.connect(self._apply_presence)
        # Shown, never chosen: what the combo says while no account is connected.
        self.presence_combo.addItem(self.tr("Offline"), "offline")
        choices = self.presence_combo.model()
        if isinstance(choices, QStandardItemModel):  # QComboBox's own model
            choices.item(self.presence_combo.count() - 1).setEnabled(False)
        self.presence_combo.setCurrentIndex(self.presence_combo.count() - 1)
        layout.addWidget(self.presence_combo)
        layout.addWidget(self.status_edit)

        self.account_status = AccountStatusList()
        layout.addWidget(self.account_status)

        self.banners = BannerArea()
        layout.addWidget(self.banners)

        self.roster_filter = QLineEdit()
        self.roster_filter.setObjectName("rosterFilter")
        self.roster_filter.setAccessibleName(self.tr("Filter contacts"))
        self.roster_filter.setPlaceholderText(self.tr("Search contacts  (Ctrl+K)"))
        self.roster_filter.setClearButtonEnabled(True)
        self.roster_filter.textChanged.connect(self.roster_proxy.set_filter)
        self.roster_filter.textChanged.connect(lambda _t: self.update_roster_empty())
        self.roster_filter.returnPressed.connect(self._open_first_match)
        layout.addWidget(self.roster_filter)

        self.roster_view = QListView()
        self.roster_view.setObjectName("rosterView")
        self.roster_view.setAccessibleName(self.tr("Contacts"))
        self.roster_view.setModel(self.roster_proxy)
        self.roster_view.setItemDelegate(RosterDelegate(self.roster_view))
        self.roster_view.setMouseTracking(True)
        self.roster_view.setUniformItemSizes(False)
        # Lay out a screenful at once and the rest in the background: a 5,000-contact roster
        # must not stall start-up or a keystroke in the filter.
        self.roster_view.setLayoutMode(QListView.LayoutMode.Batched)
        self.roster_view.setBatchSize(100)
        self.roster_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.roster_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.roster_view.customContextMenuRequested.connect(self._roster_menu)
        self.roster_view.clicked.connect(self.open_index)
        self.roster_view.activated.connect(self.open_index)
        layout.addWidget(self.roster_view, 1)
        # Said inside the list when it has nothing to show: what to do next.
        self.roster_empty = plain_label("", "rosterEmpty")
        self.roster_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        QVBoxLayout(self.roster_view.viewport()).addWidget(self.roster_empty)
        for change in (self.roster_proxy.rowsInserted, self.roster_proxy.rowsRemoved,
                       self.roster_proxy.modelReset, self.roster_proxy.layoutChanged):
            change.connect(self.update_roster_empty)
        self.update_roster_empty()

        self.chats = SidebarChats(self, layout)  # the "Chats | Contacts" switch and list

        add = QPushButton(self.tr("+  Add contact"))
        add.setObjectName("addContactButton")
        add.clicked.connect(lambda: self.open_add_contact())  # noqa: PLW0108  not clicked(bool) as the account
        layout.addWidget(add)

    def _build_menu(self) -> QToolButton:
        self.menu_button = QToolButton()
        self.menu_button.setObjectName("mainMenuButton")
        self.menu_button.setAccessibleName(self.tr("Menu"))
        self.menu_button.setText("☰")
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.menu_button)
        self.add_contact_action = QAction(self.tr("Add contact…"), self)
        self.add_contact_action.setShortcut(QKeySequence("Ctrl+N"))
        self.add_contact_action.triggered.connect(lambda: self.open_add_contact())  # noqa: PLW0108
        self.add_account_action = QAction(self.tr("Add account…"), self)
        self.join_room_action = QAction(self.tr("Join room…"), self)  # ui/room_join.py
        self.join_room_action.setShortcut(QKeySequence("Ctrl+J"))
        self.join_room_action.triggered.connect(self.open_join_room)
        self.create_room_action = QAction(self.tr("Create room…"), self)  # ui/room_config.py
        self.create_room_action.triggered.connect(lambda: self.open_create_room())  # noqa: PLW0108  not triggered(checked) as the room
        self.toggle_account_action = QAction(self.tr("Go offline"), self)
        self.quit_action = QAction(self.tr("Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        for action in (self.add_contact_action, self.join_room_action, self.create_room_action,
                       self.add_account_action, self.toggle_account_action):
            menu.addAction(action)
        self.accounts_menu = menu.addMenu(self.tr("Accounts"))
        self.accounts_menu.setObjectName("accountsMenu")
        self.appearance_menu = menu.addMenu(self.tr("Appearance"))  # filled by the window
        self.appearance_menu.setObjectName("appearanceMenu")
        self.files_menu = menu.addMenu(self.tr("Files"))  # filled by the window
        self.files_menu.setObjectName("filesMenu")
        self.calls_menu = menu.addMenu(self.tr("Calls"))  # filled by the window (call_settings)
        self.calls_menu.setObjectName("callsMenu")
        self.blocked_action = menu.addAction(self.tr("Blocked contacts…"),
                                             self.open_blocked_list)
        menu.addAction(self.tr("My profile…"), self.open_own_profile)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        self.menu_button.setMenu(menu)
        return self.menu_button

    def open_join_room(self) -> JoinRoomDialog:
        dialog = open_join_room(self.app, self.window())
        dialog.joined.connect(self.open_requested)
        dialog.create_requested.connect(self.open_create_room)
        self.join_dialog = dialog
        return dialog

    def open_create_room(self, room: str = "", nick: str = "") -> CreateRoomDialog:
        dialog = open_create_room(self.app, self.window(), room, nick)
        self.create_dialog = dialog
        dialog.joined.connect(self.open_requested)
        return dialog

    # --- roster --------------------------------------------------------------------------------

    async def load_cached_rosters(self) -> None:
        """Paint the roster from the local cache before the network answers."""
        accounts = self.app.accounts
        if accounts:
            self.account_label.setText(accounts[0].jid)
        for account in accounts:
            entries = await self.app.cached_roster(account.jid)
            if account.jid not in self._fresh_rosters:  # the server's answer wins
                self.roster_model.load(account.jid, entries)
            self.roster_model.load_avatars(account.jid, await self.app.cached_avatars(account.jid))
            self.roster_model.add_requests(account.jid, await self.app.strangers(account.jid))
        await self.chats.load()

    def focus_filter(self) -> None:
        self.roster_filter.setFocus()
        self.roster_filter.selectAll()

    def _open_first_match(self) -> None:
        if self.chats.open_first():
            return
        if self.roster_proxy.rowCount() > 0:
            self.open_index(self.roster_proxy.index(0, 0))

    def open_index(self, index: QModelIndex) -> None:
        account = index.data(RosterRoles.Account)
        jid = index.data(RosterRoles.Jid)
        if account and jid:
            self.roster_view.setCurrentIndex(index)
            self.open_requested.emit(account, jid)

    def _roster_menu(self, pos: QPoint) -> None:
        index = self.roster_view.indexAt(pos)
        if not index.isValid():
            return
        account, jid = index.data(RosterRoles.Account), index.data(RosterRoles.Jid)
        menu = QMenu(self)
        menu.setObjectName("rosterContextMenu")
        if index.data(RosterRoles.Subscription) == ROOM:  # a group room: open, mute, leave
            fill_room_menu(self, menu, index, account, jid)
            menu.popup(self.roster_view.viewport().mapToGlobal(pos))
            return
        menu.addAction(self.tr("Open chat"), lambda: self.open_index(index))
        if index.data(RosterRoles.Request):  # a stranger: accept, or block (and report)
            menu.addAction(self.tr("Add to contacts…"), lambda: self.accept_request(account, jid))
            menu.addAction(self.tr("Block…"), lambda: self.confirm_block(account, jid))
            menu.popup(self.roster_view.viewport().mapToGlobal(pos))
            return
        menu.addAction(self.tr("View profile"), lambda: self.open_profile(account, jid))
        menu.addAction(self.tr("Rename or regroup…"), lambda: self.open_edit_contact(account, jid))
        mute = menu.addAction(self.tr("Mute notifications"))
        mute.setObjectName("muteAction")
        mute.setCheckable(True)
        mute.setChecked([account, jid] in self.app.settings.muted)
        mute.toggled.connect(lambda on: self.set_muted(account, jid, on))
        menu.addAction(self.tr("Block…"), lambda: self.confirm_block(account, jid))
        menu.addSeparator()
        menu.addAction(self.tr("Remove contact…"),
                       lambda: self.confirm_remove_contact(account, jid))
        menu.popup(self.roster_view.viewport().mapToGlobal(pos))

    # --- contact actions -----------------------------------------------------------------------

    def open_profile(self, account: str, jid: str) -> ProfileDialog:
        row = self.roster_model.row_for(jid)
        dialog = ProfileDialog(self.app, account, jid, row.display if row else jid,
                               row.avatar if row else "", self.window())
        self._keep(dialog)
        dialog.open()
        return dialog

    def open_own_profile(self) -> EditProfileDialog | None:
        if not self.app.sessions:
            self.problem.emit(self.tr("Add an account first."))
            return None
        dialog = EditProfileDialog(self.app, next(iter(self.app.sessions)), self.window())
        self._keep(dialog)
        dialog.open()
        return dialog

    def accept_request(self, account: str, jid: str) -> ContactDialog | None:
        """A stranger becomes a contact: the add-contact dialog, filled in."""
        dialog = self.open_add_contact(account)
        if dialog is not None:
            dialog.jid.setText(jid)
            dialog.name.setFocus()
        return dialog

    def confirm_block(self, account: str, jid: str) -> BlockDialog | None:
        """Ask, then block (XEP-0191); a stranger may be reported as spam too (XEP-0377)."""
        session = self.app.sessions.get(account)
        if session is None:
            self.problem.emit(self.tr("This account is not connected."))
            return None
        row = self.roster_model.row_for(jid)
        stranger = row is None or row.subscription in ("none", "")
        dialog = BlockDialog(row.display if row else jid, jid, stranger, self.window())
        dialog.confirmed.connect(lambda report: self._run(session.blocking.block(jid, report)))
        self._keep(dialog)
        dialog.open()
        return dialog

    def open_blocked_list(self) -> BlockedListDialog | None:
        if not self.app.sessions:
            self.problem.emit(self.tr("Add an account first."))
            return None
        dialog = BlockedListDialog(self.app, next(iter(self.app.sessions)), self.window())
        self._keep(dialog)
        dialog.open()
        return dialog

    def set_muted(self, account: str, jid: str, muted: bool) -> None:
        """No notifications from this chat (kept in the settings)."""
        settings = self.app.settings
        settings.muted = [pair for pair in settings.muted if pair != [account, jid]]
        if muted:
            settings.muted.append([account, jid])
        self.app.settings_store.save(settings)

    def open_add_contact(self, account: str = "") -> ContactDialog | None:
        """The add-contact dialog, for ``account`` (default: the first one)."""
        if not self.app.sessions:
            self.problem.emit(self.tr("Add an account first."))
            return None
        if account not in self.app.sessions:
            account = next(iter(self.app.sessions))
        return self._contact_dialog(ContactDialog(self.window()), account, "add")

    def open_edit_contact(self, account: str, jid: str) -> ContactDialog:
        rows = [r for r in self.roster_model.entries() if r.account == account and r.jid == jid]
        groups = tuple(r.group for r in rows if r.group != "Contacts")
        dialog = ContactDialog(self.window(), jid, rows[0].name if rows else "", groups)
        return self._contact_dialog(dialog, account, "set_item")

    def _contact_dialog(self, dialog: ContactDialog, account: str, call: str) -> ContactDialog:
        """Open ``dialog``; its answer goes to the roster service's ``call`` (add/set_item)."""
        dialog.submitted.connect(lambda jid, name, groups: self._run(
            getattr(self.app.sessions[account].roster, call)(jid, name, groups)))
        self._keep(dialog)
        dialog.open()
        return dialog

    def confirm_remove_contact(self, account: str, jid: str) -> ConfirmDialog:
        row = self.roster_model.row_for(jid)
        name = row.display if row else jid
        dialog = ConfirmDialog(
            self.tr("Remove {name}?").format(name=name),
            self.tr("{jid} leaves your contact list and no longer sees your presence. "
                    "Your messages with them stay on this computer.").format(jid=jid),
            self.tr("Remove contact"), self.window())
        dialog.confirmed.connect(lambda: self.remove_contact(account, jid))
        self._keep(dialog)
        dialog.open()
        return dialog

    def update_roster_empty(self) -> None:
        if self.roster_proxy.rowCount() > 0:
            self.roster_empty.hide()
            return
        if self.roster_filter.text().strip():
            text = self.tr("No contact matches")
        elif not self.app.accounts:
            text = self.tr("No account yet")
        else:
            text = self.tr("No contacts yet.\nAdd one with “Add contact” below.")
        self.roster_empty.setText(text)
        self.roster_empty.show()

    def remove_contact(self, account: str, jid: str) -> None:
        session = self.app.sessions.get(account)
        if session is not None:
            self._run(session.roster.remove(jid))

    # --- own presence --------------------------------------------------------------------------

    def show_online(self, online: bool) -> None:
        """Own presence reads "Offline" while no account is connected, the chosen one after."""
        show = self.app.settings.presence_show if online else "offline"
        index = self.presence_combo.findData(show)
        if index >= 0:
            self.presence_combo.setCurrentIndex(index)

    def _apply_presence(self) -> None:
        show = str(self.presence_combo.currentData())
        if show == "offline":  # not a choice: keep the one made before
            show = self.app.settings.presence_show
        self.app.set_own_presence(show, self.status_edit.text().strip())

    def _on_own_presence(self, event: OwnPresenceChanged) -> None:
        index = self.presence_combo.findData(event.show)
        if index >= 0:
            self.presence_combo.setCurrentIndex(index)
        if self.status_edit.text() != event.status:
            self.status_edit.setText(event.status)

    def _run(self, coro: Coroutine[Any, Any, Any]) -> None:
        run_reported(coro, self.problem.emit)

    def _keep(self, obj: object) -> None:
        self._dialogs = [d for d in self._dialogs if d is not None]
        self._dialogs.append(obj)

