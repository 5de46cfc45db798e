"""The main window composes the panes: sidebar (ui/sidebar.py), conversation
(ui/conversation.py), banners (ui/banners.py) and status (ui/status.py).

It owns what spans the panes: account dialogs, connection problems shown as banners, and the
keyboard shortcuts. User intent goes to the application and its services; what comes back
arrives through the models and the bus. Widgets never touch slixmpp or storage.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QMainWindow, QMenu, QSplitter, QWidget

from heron.application import Heron
from heron.core.bus import Phase
from heron.core.errors import HeronError
from heron.core.events import (
    AccountRemoved,
    CertificateRejected,
    ConnectionChanged,
    ConnectionState,
    SubscriptionRequested,
)
from heron.core.settings import AccountConfig
from heron.core.tasks import spawn
from heron.models.bus_scope import scoped
from heron.models.messages import MessageModel
from heron.models.room_rows import RoomRows
from heron.models.roster import RosterModel
from heron.ui.account_flow import AccountFlow
from heron.ui.appearance import fill_appearance_menu
from heron.ui.call_flow import CallWindows
from heron.ui.call_ring import CallRinging
from heron.ui.calls_menu import fill_calls_menu
from heron.ui.connection_status import ConnectionStatus
from heron.ui.conversation import ConversationPane
from heron.ui.dialogs import CertificateDialog, PasswordDialog, RemoveAccountDialog
from heron.ui.file_menu import fill_files_menu
from heron.ui.history_menu import HistoryTools
from heron.ui.mention_counts import MentionCounts
from heron.ui.problems import ProblemReports
from heron.ui.room_browser import add_room_actions
from heron.ui.room_invites import Invitations
from heron.ui.search_view import SearchView
from heron.ui.sidebar import Sidebar
from heron.ui.status import StatusBar
from heron.ui.widgets import run_reported

if TYPE_CHECKING:  # made after the first frame (runner.py): not on the start-up path
    from heron.ui.notifications import MessageNotifications
    from heron.ui.sounds import MessageSounds
    from heron.ui.tray import TrayIcon

log = logging.getLogger(__name__)
NARROW_WIDTH = 640  # below this the window shows the contacts or the chat, not both

class MainWindow(QMainWindow):
    #: The window was closed (button, Ctrl+Q, or a signal): the runner then shuts Heron down.
    closed = Signal()

    def __init__(self, app: Heron) -> None:
        super().__init__()
        self.app = app
        self.setObjectName("mainWindow")
        self.setWindowTitle("Heron")
        self.setAccessibleName(self.tr("Heron main window"))
        self.resize(1100, 720)
        self.roster_model = RosterModel(app.bus, self)
        self.room_rows = RoomRows(app.bus, self.roster_model)  # joined rooms in the list
        self._dialogs: list[Any] = []
        self._page = "contacts"  # the pane shown while the window is narrow
        self.search_view: SearchView | None = None
        self.sidebar = Sidebar(app, self.roster_model)
        self.mentions = MentionCounts(self.sidebar)  # "@" on rooms' rows (ui/mention_counts.py)
        self.invitations = Invitations(self)  # to rooms: Join or Decline (ui/room_invites.py)
        self.call_ringing = CallRinging(self)  # incoming calls ring (ui/call_ring.py)
        self.call_windows = CallWindows(self)  # running calls (ui/call_flow.py)
        self.conversation = ConversationPane(app, self.roster_model)
        self.banners = self.sidebar.banners
        self.status_bar = StatusBar()
        self.connection_status = ConnectionStatus(app, self.sidebar, self.status_bar, self)
        self.problems = ProblemReports(app, self.banners, self.status_bar, self)
        self.tray: TrayIcon | None = None
        self.notifications: MessageNotifications | None = None
        self.sounds: MessageSounds | None = None
        self._compose()
        self._subscribe()
        spawn(self.sidebar.load_cached_rosters())

    def _compose(self) -> None:
        splitter = QSplitter()
        splitter.setObjectName("mainSplitter")
        splitter.setHandleWidth(1)
        splitter.addWidget(self.sidebar)
        splitter.addWidget(self.conversation)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 800])
        self.setCentralWidget(splitter)
        self.setStatusBar(self.status_bar)
        side, chat = self.sidebar, self.conversation
        side.open_requested.connect(lambda account, jid: spawn(
            self.open_conversation(account, jid)))
        side.problem.connect(self.show_error)
        chat.problem.connect(self.show_error)
        side.add_account_action.triggered.connect(self.open_add_account)
        side.toggle_account_action.triggered.connect(self._toggle_account)
        side.quit_action.triggered.connect(self.close)
        side.accounts_menu.aboutToShow.connect(self.fill_accounts_menu)
        side.account_status.menu_requested.connect(
            lambda jid, pos: self.account_menu(jid).popup(pos))
        self.connection_status.edit_requested.connect(self.open_edit_account)
        QShortcut(QKeySequence("Ctrl+K"), self, side.focus_filter)
        QShortcut(QKeySequence("Ctrl+Shift+F"), self, self.open_search)
        side.search_button.clicked.connect(self.open_search)
        for tools in chat.findChildren(HistoryTools):  # export and delete say when done
            tools.notice.connect(self.status_bar.say)
        # Ctrl+N is the menu's own "Add contact…" action, made live in the whole window
        # (a second shortcut with the same keys made Qt call both ambiguous and run neither).
        self.addAction(side.add_contact_action)
        self.addAction(side.join_room_action)  # Ctrl+J
        clear_filter = QShortcut(QKeySequence("Escape"), side.roster_filter,
                                 side.roster_filter.clear)
        clear_filter.setContext(Qt.ShortcutContext.WidgetShortcut)  # Esc elsewhere is theirs
        self.appearance_group = fill_appearance_menu(side.appearance_menu, self.app)
        self.pictures_group = fill_files_menu(side.files_menu, self.app, self)
        self.strangers_action = fill_calls_menu(side.calls_menu, self.app, self)
        chat.drafts.saved.connect(side.chats.feed.draft_saved)  # the chats list's "Draft:"
        self.browse_rooms_action = add_room_actions(self)
        chat.back_requested.connect(lambda: self._show_page("contacts"))
        chat.add_account_requested.connect(self.open_add_account)
        for change in (self.roster_model.dataChanged, self.roster_model.rowsInserted,
                       self.roster_model.rowsRemoved, self.roster_model.modelReset):
            change.connect(self._update_title)
        # The panes' widgets, by the names the runner, the bench and the tests use.
        self.roster_proxy, self.roster_view = side.roster_proxy, side.roster_view
        self.roster_filter, self.accounts_menu = side.roster_filter, side.accounts_menu
        self.presence_combo, self.status_edit = side.presence_combo, side.status_edit
        self.composer, self.message_view = chat.composer, chat.message_view
        self.title_label, self.typing_label = chat.title_label, chat.typing_label
        self.status_label = self.status_bar.label
        self.open_add_contact, self.open_edit_contact = (side.open_add_contact,
                                                         side.open_edit_contact)
        self.send_current = chat.send_current

    # --- title and layout ----------------------------------------------------------------------

    def unread_total(self) -> int:
        # A contact in two groups has two rows: count each conversation once.
        return sum({(r.account, r.jid): r.unread for r in self.roster_model.entries()}.values())

    def _update_title(self) -> None:
        unread = self.unread_total()
        self.setWindowTitle(f"({unread}) Heron" if unread else "Heron")

    @property
    def narrow(self) -> bool:
        return self.width() < NARROW_WIDTH

    def _show_page(self, page: str) -> None:
        self._page = page
        self._apply_layout()

    def _apply_layout(self) -> None:
        """Below NARROW_WIDTH one pane at a time: the contacts, or the chat with a way back."""
        narrow = self.narrow
        chat = not narrow or self._page == "chat"
        self.sidebar.setVisible(not narrow or not chat)
        self.conversation.setVisible(chat)
        self.conversation.back_button.setVisible(narrow)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_layout()

    @property
    def message_model(self) -> MessageModel | None:
        return self.conversation.message_model

    @property
    def current(self) -> tuple[str, str] | None:
        return self.conversation.current

    async def open_conversation(self, account: str, peer: str) -> None:
        self._show_page("chat")  # a narrow window switches to the chat
        await self.conversation.open_conversation(account, peer)

    def open_search(self) -> SearchView:
        """Search every conversation; a hit opens its conversation at that message."""
        if self.search_view is None:
            self.search_view = SearchView(self.app, self.roster_model, self)
            self.search_view.open_message.connect(
                lambda account, peer, pk: spawn(self.open_message(account, peer, pk)))
        self.search_view.start()
        return self.search_view

    async def open_message(self, account: str, peer: str, pk: int) -> None:
        await self.open_conversation(account, peer)
        self.conversation.show_message(pk)

    async def load_unread(self) -> None:
        for account in self.app.accounts:
            counts = await self.app.unread_counts(account.jid)
            for jid, count in counts.items():
                self.roster_model.set_unread(account.jid, jid, count)
        await self.mentions.load()  # rooms' "@" badges, from the stored messages

    # --- bus -----------------------------------------------------------------------------------

    def _subscribe(self) -> None:
        bus = scoped(self, self.app.bus)  # unsubscribed when this is destroyed
        bus.subscribe(AccountRemoved, self._on_account_removed, Phase.UI)
        bus.subscribe(CertificateRejected, self._on_certificate, Phase.UI)
        bus.subscribe(SubscriptionRequested, self._on_subscription_request, Phase.UI)
        bus.subscribe(ConnectionChanged, self._on_connection_changed, Phase.UI)

    def _on_connection_changed(self, _event: ConnectionChanged) -> None:
        # An account was added or started: the "add an account" empty states go.
        self.conversation.refresh_empty_state()
        self.sidebar.update_roster_empty()

    def _on_certificate(self, event: CertificateRejected) -> None:
        dialog = CertificateDialog(event.account, event.host, event.sha256_fingerprint,
                                   event.reason, event.changed, self,
                                   pinnable=event.pinnable)
        dialog.trusted.connect(
            lambda account, fp: spawn(self.app.trust_certificate(account, fp)))
        self._keep(dialog)
        dialog.open()

    def _on_subscription_request(self, event: SubscriptionRequested) -> None:
        session = self.app.sessions.get(event.account)
        if session is None:
            return
        name = f"subscription:{event.jid}"
        self.banners.show_banner(
            event.account, name,
            self.tr("{jid} wants to see your presence and chat with you.").format(jid=event.jid),
            [(self.tr("Deny"), lambda: session.roster.deny(event.jid)),
             (self.tr("Approve"), lambda: session.roster.approve(event.jid))],
            error=False,
        )

    # --- accounts ------------------------------------------------------------------------------

    def open_add_account(self) -> AccountFlow:
        flow = AccountFlow(self.app, self)
        self._keep(flow)
        flow.start()
        return flow

    def open_edit_account(self, jid: str) -> AccountFlow | None:
        """Password, host, port, Direct TLS: checked by signing in before anything is saved."""
        account = self.app.settings.account(jid)
        if account is None:
            return None
        flow = AccountFlow(self.app, self, account)
        self._keep(flow)
        flow.start()
        return flow

    def confirm_remove_account(self, jid: str) -> RemoveAccountDialog:
        dialog = RemoveAccountDialog(jid, self)
        dialog.confirmed.connect(lambda account, delete_history: self._run(
            self.app.remove_account(account, delete_history)))
        self._keep(dialog)
        dialog.open()
        return dialog

    def _on_account_removed(self, event: AccountRemoved) -> None:
        self.roster_model.load(event.account, [])
        self.conversation.refresh_empty_state()
        self.sidebar.update_roster_empty()
        if self.current is not None and self.current[0] == event.account:
            self.conversation.show_empty()

    def fill_accounts_menu(self) -> None:
        """A submenu per account: enabled (connects at start), edit, remove."""
        menu = self.accounts_menu
        menu.clear()
        for old in menu.findChildren(QMenu):
            old.setParent(None)
            old.deleteLater()
        for account in self.app.accounts:
            menu.addMenu(self.account_menu(account.jid, menu))

    def account_menu(self, jid: str, parent: QWidget | None = None) -> QMenu:
        account = self.app.settings.account(jid)
        menu = QMenu(jid, parent or self)
        menu.setObjectName(f"accountMenu:{jid}")
        enabled = menu.addAction(self.tr("Enabled"))
        enabled.setObjectName(f"account:{jid}")
        enabled.setCheckable(True)
        enabled.setChecked(bool(account and account.enabled))
        enabled.toggled.connect(lambda on: self._run(self.app.set_enabled(jid, on)))
        edit = menu.addAction(self.tr("Edit…"), lambda: self.open_edit_account(jid))
        edit.setObjectName(f"editAccount:{jid}")
        menu.addSeparator()
        remove = menu.addAction(self.tr("Remove…"), lambda: self.confirm_remove_account(jid))
        remove.setObjectName(f"removeAccount:{jid}")
        return menu

    def _toggle_account(self) -> None:
        for account in self.app.accounts:
            session = self.app.sessions.get(account.jid)
            online = session is not None and session.connection.state not in (
                ConnectionState.OFFLINE, ConnectionState.DISABLED)
            self._run(self.app.set_enabled(account.jid, not online))

    def ask_missing_passwords(self) -> list[PasswordDialog]:
        """Accounts whose password no keyring holds: ask, keep it for this run, connect."""
        dialogs = []
        for account in self.app.accounts:
            if not account.enabled or not self.app.needs_password(account.jid):
                continue
            dialog = PasswordDialog(account.jid, self.app.passwords.secure_backend_available,
                                    self, in_file=account.password_in_file)
            dialog.submitted.connect(self._password_given)
            self._keep(dialog)
            dialog.open()
            dialogs.append(dialog)
        return dialogs

    def _password_given(self, jid: str, password: str, in_file: bool) -> None:
        account = self.app.settings.account(jid) or AccountConfig(jid)
        warning = self.app.save_account(replace(account, password_in_file=in_file), password)
        if warning:
            self.status_bar.say(warning)
        try:
            self.app.start_account(jid)
        except HeronError as exc:
            self.show_error(str(exc), account=jid)

    # --- helpers -------------------------------------------------------------------------------

    def show_error(self, text: str, name: str = "error", account: str = "") -> None:
        """A problem as a banner: one per (account, kind), a newer one replaces it."""
        self.banners.show_banner(account, name, text, [], dismissable=True)

    def _run(self, coro: Any) -> None:
        run_reported(coro, self.show_error)

    def _keep(self, obj: Any) -> None:
        self._dialogs = [d for d in self._dialogs if d is not None]
        self._dialogs.append(obj)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange:
            for session in self.app.sessions.values():
                session.csi.set_active(self.isActiveWindow())
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # The window manager's close button with "keep running" on: into the tray. Ctrl+Q,
        # the menus' Quit and a signal close the window from code (not spontaneous): quit.
        if event.spontaneous() and self.tray is not None and self.tray.keeps_running_on_close():
            event.ignore()
            self.hide()
            self.tray.refresh()
            log.info("window closed to the tray; Heron keeps running")
            return
        self.conversation.close_conversation()
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()
