"""The main window: roster pane on the left, conversation pane on the right, status line below.

User intent goes to services as method calls (``session.chat.send(...)``); what comes back
arrives through the models. Widgets never touch slixmpp.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from heron.application import Heron
from heron.core.bus import Phase
from heron.core.errors import HeronError
from heron.core.events import (
    CertificateRejected,
    ChatStateChanged,
    ConnectionChanged,
    ConnectionState,
    ErrorReported,
    OwnPresenceChanged,
    PresenceChanged,
    SubscriptionRequested,
)
from heron.core.settings import AccountConfig
from heron.core.tasks import spawn
from heron.models.messages import MessageModel
from heron.models.roster import RosterFilterModel, RosterModel, RosterRoles
from heron.ui.delegates import MessageDelegate, RosterDelegate
from heron.ui.dialogs import CertificateDialog, ContactDialog, PasswordDialog, _plain_label

log = logging.getLogger(__name__)

SHOW_CHOICES = [
    ("available", "Available"),
    ("chat", "Free for chat"),
    ("away", "Away"),
    ("xa", "Not available"),
    ("dnd", "Do not disturb"),
]
STATE_TEXT = {
    ConnectionState.DISABLED: "Disabled",
    ConnectionState.OFFLINE: "Offline",
    ConnectionState.CONNECTING: "Connecting…",
    ConnectionState.CONNECTED: "Connected",
    ConnectionState.RECONNECTING: "Reconnecting…",
    ConnectionState.AUTH_FAILED: "Authentication failed",
    ConnectionState.CERT_UNTRUSTED: "Certificate not trusted",
    ConnectionState.NO_TLS: "No encryption offered",
    ConnectionState.ERROR: "Error",
}
TYPING_PAUSE_SECONDS = 5.0
LIVE_WINDOW_ROWS = 120
FOLLOW_BOTTOM_PX = 200


class Composer(QPlainTextEdit):
    """Enter sends, Shift+Enter starts a new line."""

    send_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.send_requested.emit()
            return
        super().keyPressEvent(event)


class Banner(QFrame):
    """An inline question or error above the roster (never a modal box)."""

    def __init__(self, text: str, actions: list[tuple[str, Any]], error: bool = False,
                 object_name: str = "banner") -> None:
        super().__init__()
        self.setObjectName("errorBanner" if error else "banner")
        self.setAccessibleName(object_name)
        self.setProperty("bannerName", object_name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        label = _plain_label(text)
        layout.addWidget(label)
        row = QHBoxLayout()
        row.addStretch(1)
        for caption, callback in actions:
            button = QPushButton(caption)
            button.setObjectName(f"{object_name}:{caption}")
            button.clicked.connect(callback)
            button.clicked.connect(self.deleteLater)
            row.addWidget(button)
        layout.addLayout(row)


class MainWindow(QMainWindow):
    def __init__(self, app: Heron) -> None:
        super().__init__()
        self.app = app
        self.setObjectName("mainWindow")
        self.setWindowTitle("Heron")
        self.setAccessibleName(self.tr("Heron main window"))
        self.resize(1100, 720)
        self.roster_model = RosterModel(app.bus, self)
        self.roster_proxy = RosterFilterModel(self.roster_model, self)
        self.message_model: MessageModel | None = None
        self.current: tuple[str, str] | None = None
        self._typing_sent_at = 0.0
        self._dialogs: list[Any] = []
        self._build()
        self._subscribe()
        self._load_cached_rosters()

    # --- construction --------------------------------------------------------------------------

    def _build(self) -> None:
        splitter = QSplitter()
        splitter.setObjectName("mainSplitter")
        splitter.setHandleWidth(1)
        splitter.addWidget(self._build_sidebar())
        splitter.addWidget(self._build_conversation())
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 800])
        self.setCentralWidget(splitter)
        status = QStatusBar()
        status.setObjectName("statusBar")
        status.setSizeGripEnabled(False)
        self.status_label = _plain_label(self.tr("No account"), "connectionStatus")
        self.status_label.setWordWrap(False)
        self.status_label.setAccessibleName(self.tr("Connection status"))
        status.addWidget(self.status_label, 1)
        self.setStatusBar(status)
        QShortcut(QKeySequence("Ctrl+K"), self, self._focus_filter)
        QShortcut(QKeySequence("Ctrl+N"), self, self.open_add_contact)
        QShortcut(QKeySequence("Escape"), self.roster_filter, lambda: self.roster_filter.clear())

    def _build_sidebar(self) -> QWidget:
        sidebar = QWidget()
        sidebar.setObjectName("sidebar")
        sidebar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        sidebar.setMinimumWidth(260)
        layout = QVBoxLayout(sidebar)
        layout.setContentsMargins(10, 12, 10, 10)
        layout.setSpacing(8)

        header = QHBoxLayout()
        self.account_label = _plain_label("Heron", "accountName")
        self.account_label.setWordWrap(False)
        header.addWidget(self.account_label, 1)
        self.menu_button = QToolButton()
        self.menu_button.setObjectName("mainMenuButton")
        self.menu_button.setAccessibleName(self.tr("Menu"))
        self.menu_button.setText("☰")
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.menu_button)
        self.add_contact_action = QAction(self.tr("Add contact…"), self)
        self.add_contact_action.setShortcut(QKeySequence("Ctrl+N"))
        self.add_contact_action.triggered.connect(self.open_add_contact)
        self.add_account_action = QAction(self.tr("Add account…"), self)
        self.add_account_action.triggered.connect(self.open_add_account)
        self.toggle_account_action = QAction(self.tr("Go offline"), self)
        self.toggle_account_action.triggered.connect(self._toggle_account)
        quit_action = QAction(self.tr("Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        for action in (self.add_contact_action, self.add_account_action,
                       self.toggle_account_action):
            menu.addAction(action)
        self.accounts_menu = menu.addMenu(self.tr("Accounts"))
        self.accounts_menu.setObjectName("accountsMenu")
        self.accounts_menu.aboutToShow.connect(self.fill_accounts_menu)
        menu.addSeparator()
        menu.addAction(quit_action)
        self.menu_button.setMenu(menu)
        header.addWidget(self.menu_button)
        layout.addLayout(header)

        self.presence_combo = QComboBox()
        self.presence_combo.setObjectName("presenceCombo")
        self.presence_combo.setAccessibleName(self.tr("Your presence"))
        for show, label in SHOW_CHOICES:
            self.presence_combo.addItem(self.tr(label), show)
        self.status_edit = QLineEdit()
        self.status_edit.setObjectName("statusMessageEdit")
        self.status_edit.setAccessibleName(self.tr("Status message"))
        self.status_edit.setPlaceholderText(self.tr("Set a status message"))
        self.presence_combo.activated.connect(lambda _i: self._apply_presence())
        self.status_edit.returnPressed.connect(self._apply_presence)
        layout.addWidget(self.presence_combo)
        layout.addWidget(self.status_edit)

        self.banners = QVBoxLayout()
        self.banners.setSpacing(6)
        layout.addLayout(self.banners)

        self.roster_filter = QLineEdit()
        self.roster_filter.setObjectName("rosterFilter")
        self.roster_filter.setAccessibleName(self.tr("Filter contacts"))
        self.roster_filter.setPlaceholderText(self.tr("Search contacts  (Ctrl+K)"))
        self.roster_filter.setClearButtonEnabled(True)
        self.roster_filter.textChanged.connect(self.roster_proxy.set_filter)
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
        self.roster_view.clicked.connect(self._open_index)
        self.roster_view.activated.connect(self._open_index)
        layout.addWidget(self.roster_view, 1)

        add = QPushButton(self.tr("+  Add contact"))
        add.setObjectName("addContactButton")
        add.clicked.connect(self.open_add_contact)
        layout.addWidget(add)
        return sidebar

    def _build_conversation(self) -> QWidget:
        pane = QWidget()
        pane.setObjectName("conversationPane")
        pane.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.conversation_stack = QStackedWidget()
        empty = _plain_label(self.tr("Select a contact to start chatting"), "emptyState")
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.conversation_stack.addWidget(empty)

        chat = QWidget()
        layout = QVBoxLayout(chat)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        header = QFrame()
        header.setObjectName("conversationHeader")
        header_layout = QVBoxLayout(header)
        header_layout.setContentsMargins(20, 12, 20, 10)
        header_layout.setSpacing(2)
        self.title_label = _plain_label("", "conversationTitle")
        self.subtitle_label = _plain_label("", "conversationSubtitle")
        header_layout.addWidget(self.title_label)
        header_layout.addWidget(self.subtitle_label)
        layout.addWidget(header)

        self.message_view = QListView()
        self.message_view.setObjectName("messageView")
        self.message_view.setAccessibleName(self.tr("Messages"))
        self.message_view.setItemDelegate(MessageDelegate(self.message_view))
        self.message_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.message_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.message_view.setMouseTracking(True)
        self.message_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.message_view.setWordWrap(True)
        self.message_view.verticalScrollBar().valueChanged.connect(self._maybe_load_older)
        # Only the user's own scrolling (wheel, drag, keys) decides whether to follow the
        # newest messages; layout passes that move the bar while rows arrive do not.
        self.message_view.verticalScrollBar().actionTriggered.connect(
            lambda _action: QTimer.singleShot(0, self, self._track_bottom))
        # Whether the user is reading the newest messages (decided before rows arrive: once
        # they are inserted the scroll bar's maximum has already moved).
        self._following_bottom = True
        layout.addWidget(self.message_view, 1)

        self.typing_label = _plain_label("", "typingLabel")
        self.typing_label.setContentsMargins(20, 0, 20, 2)
        layout.addWidget(self.typing_label)

        composer_frame = QFrame()
        composer_frame.setObjectName("composerFrame")
        row = QHBoxLayout(composer_frame)
        row.setContentsMargins(16, 10, 16, 12)
        self.composer = Composer()
        self.composer.setObjectName("composer")
        self.composer.setAccessibleName(self.tr("Message"))
        self.composer.setPlaceholderText(self.tr("Write a message…"))
        self.composer.setFixedHeight(64)
        self.composer.send_requested.connect(self.send_current)
        self.composer.textChanged.connect(self._on_typing)
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setObjectName("sendButton")
        self.send_button.setProperty("primary", True)
        self.send_button.clicked.connect(self.send_current)
        row.addWidget(self.composer, 1)
        row.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addWidget(composer_frame)
        self.conversation_stack.addWidget(chat)

        outer = QVBoxLayout(pane)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.conversation_stack)
        self._paused_timer = QTimer(self)
        self._paused_timer.setSingleShot(True)
        self._paused_timer.timeout.connect(lambda: self._send_chat_state("paused"))
        return pane

    # --- bus -----------------------------------------------------------------------------------

    def _subscribe(self) -> None:
        bus = self.app.bus
        bus.subscribe(ConnectionChanged, self._on_connection, Phase.UI)
        bus.subscribe(CertificateRejected, self._on_certificate, Phase.UI)
        bus.subscribe(SubscriptionRequested, self._on_subscription_request, Phase.UI)
        bus.subscribe(ChatStateChanged, self._on_chat_state, Phase.UI)
        bus.subscribe(PresenceChanged, self._on_presence, Phase.UI)
        bus.subscribe(ErrorReported, lambda e: self.show_error(e.text), Phase.UI)
        bus.subscribe(OwnPresenceChanged, self._on_own_presence, Phase.UI)

    def _load_cached_rosters(self) -> None:
        """Paint the roster from the database before the network answers."""
        accounts = self.app.accounts
        if accounts:
            self.account_label.setText(accounts[0].jid)
        for account in accounts:
            self.roster_model.load(account.jid,
                                   self.app.repos.roster.load_blocking(account.jid))

    async def load_unread(self) -> None:
        for account in self.app.accounts:
            counts = await self.app.repos.messages.unread_counts(account.jid)
            for jid, count in counts.items():
                self.roster_model.set_unread(account.jid, jid, count)

    def _on_connection(self, event: ConnectionChanged) -> None:
        text = self.tr(STATE_TEXT.get(event.state, event.state.value))
        # The detail usually says it better; the state word only when there is none.
        line = f"{event.account}: {event.detail or text}"
        self.status_label.setText(line)
        self.status_label.setToolTip(line)
        self.status_label.setProperty("state", event.state.value)
        online = event.state in (ConnectionState.CONNECTED, ConnectionState.CONNECTING,
                                 ConnectionState.RECONNECTING)
        self.toggle_account_action.setText(self.tr("Go offline") if online
                                           else self.tr("Go online"))
        if event.state is ConnectionState.AUTH_FAILED:
            self.show_error(self.tr("{account}: authentication failed. Check the password.")
                            .format(account=event.account), "authFailed")
        elif event.state is ConnectionState.NO_TLS:
            self.show_error(event.detail, "noTls")

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
        banner = Banner(
            self.tr("{jid} wants to see your presence and chat with you.").format(jid=event.jid),
            [(self.tr("Deny"), lambda: session.roster.deny(event.jid)),
             (self.tr("Approve"), lambda: session.roster.approve(event.jid))],
            object_name=f"subscription:{event.jid}",
        )
        self.banners.addWidget(banner)

    def _on_chat_state(self, event: ChatStateChanged) -> None:
        if self.current != (event.account, event.peer):
            return
        name = self._display_name(event.peer)
        self.typing_label.setText(
            self.tr("{name} is typing…").format(name=name) if event.state == "composing" else "")

    def _on_presence(self, event: PresenceChanged) -> None:
        if self.current == (event.account, event.jid):
            self._update_subtitle()

    def _on_own_presence(self, event: OwnPresenceChanged) -> None:
        index = self.presence_combo.findData(event.show)
        if index >= 0:
            self.presence_combo.setCurrentIndex(index)
        if self.status_edit.text() != event.status:
            self.status_edit.setText(event.status)

    # --- actions -------------------------------------------------------------------------------

    def _focus_filter(self) -> None:
        self.roster_filter.setFocus()
        self.roster_filter.selectAll()

    def _open_first_match(self) -> None:
        if self.roster_proxy.rowCount() > 0:
            self._open_index(self.roster_proxy.index(0, 0))
            self.composer.setFocus()

    def _open_index(self, index: QModelIndex) -> None:
        account = index.data(RosterRoles.Account)
        jid = index.data(RosterRoles.Jid)
        if account and jid:
            self.roster_view.setCurrentIndex(index)
            spawn(self.open_conversation(account, jid))

    async def open_conversation(self, account: str, peer: str) -> None:
        if self.current == (account, peer):
            return
        if self.message_model is not None:
            self.message_model.close()
        self.current = (account, peer)
        self.roster_model.active_conversation = (account, peer)
        session = self.app.sessions.get(account)
        repo = self.app.repos.messages

        async def load_page(before: tuple[float, int] | None, limit: int) -> list[Any]:
            page: list[Any] = await repo.page_before(account, peer, before, limit)
            return page

        async def load_remote() -> int:
            live = self.app.sessions.get(account)
            return await live.mam.fetch_older(peer) if live is not None else 0

        model = MessageModel(self.app.bus, account, peer, load_page,
                             load_remote if session is not None else None, self)
        self.message_model = model
        self._following_bottom = True
        self.message_view.setModel(model)
        model.appended.connect(self._scroll_to_bottom_if_near)
        model.olderLoaded.connect(self._keep_position_after_older)
        self.title_label.setText(self._display_name(peer))
        self._update_subtitle()
        self.typing_label.setText("")
        self.conversation_stack.setCurrentIndex(1)
        self.composer.setFocus()
        await model.load_initial()
        if self.message_model is model:
            self.message_view.scrollToBottom()
            QTimer.singleShot(0, self.message_view, self.message_view.scrollToBottom)
        await repo.mark_read(account, peer)
        self.roster_model.set_unread(account, peer, 0)

    def _display_name(self, jid: str) -> str:
        row = self.roster_model.row_for(jid)
        return row.display if row else jid

    def _update_subtitle(self) -> None:
        if self.current is None:
            return
        row = self.roster_model.row_for(self.current[1])
        show = row.show if row else "offline"
        status = row.status if row else ""
        text = {"available": "Online", "chat": "Free for chat", "away": "Away",
                "xa": "Not available", "dnd": "Do not disturb", "offline": "Offline"}[show]
        self.subtitle_label.setText(f"{self.current[1]} · {self.tr(text)}"
                                    + (f" — {status}" if status else ""))

    def send_current(self) -> None:
        text = self.composer.toPlainText().strip()
        if not text or self.current is None:
            return
        account, peer = self.current
        session = self.app.sessions.get(account)
        if session is None:
            self.show_error(self.tr("This account is not connected."))
            return
        self.composer.clear()
        self._paused_timer.stop()
        self._typing_sent_at = 0.0
        spawn(session.chat.send(peer, text))
        self._following_bottom = True  # sending jumps to the newest messages, and stays there
        QTimer.singleShot(50, self.message_view, self.message_view.scrollToBottom)

    def _on_typing(self) -> None:
        if self.current is None or not self.composer.toPlainText():
            return
        now = time.monotonic()
        if now - self._typing_sent_at > TYPING_PAUSE_SECONDS:
            self._typing_sent_at = now
            self._send_chat_state("composing")
        self._paused_timer.start(int(TYPING_PAUSE_SECONDS * 1000))

    def _send_chat_state(self, state: str) -> None:
        if self.current is None:
            return
        session = self.app.sessions.get(self.current[0])
        if session is not None:
            session.chatstates.send(self.current[1], state)
        if state == "paused":
            self._typing_sent_at = 0.0

    def _apply_presence(self) -> None:
        show = str(self.presence_combo.currentData())
        status = self.status_edit.text().strip()
        for session in self.app.sessions.values():
            session.presence.set_own(show, status)
        self.app.settings.presence_show, self.app.settings.presence_status = show, status
        self.app.settings_store.save(self.app.settings)

    def _maybe_load_older(self, value: int) -> None:
        if value < 40 and self.message_model is not None and self.message_model.rowCount() > 0:
            spawn(self.message_model.load_older())

    def _track_bottom(self) -> None:
        bar = self.message_view.verticalScrollBar()
        self._following_bottom = bar.maximum() - bar.value() < FOLLOW_BOTTOM_PX

    def _scroll_to_bottom_if_near(self) -> None:
        if self._following_bottom:
            # Following the newest messages: keep a bounded window so every new message
            # does not re-measure the whole history (a flood stays smooth).
            if self.message_model is not None:
                self.message_model.trim_oldest(LIVE_WINDOW_ROWS)
            QTimer.singleShot(0, self.message_view, self.message_view.scrollToBottom)
        if self.current is not None:
            spawn(self.app.repos.messages.mark_read(*self.current))

    def _keep_position_after_older(self, count: int) -> None:
        # Keep the message that was on top where it was, instead of jumping; once laid out,
        # if the view is still at the top (a short page), fetch the next older page too.
        model = self.message_model
        if model is None or count >= model.rowCount():
            return

        def settle() -> None:
            if self.message_model is not model:
                return
            self.message_view.scrollTo(model.index(count),
                                       QAbstractItemView.ScrollHint.PositionAtTop)
            self._maybe_load_older(self.message_view.verticalScrollBar().value())

        # Tied to the view: if the window goes away first, the timer goes with it.
        QTimer.singleShot(0, self.message_view, settle)

    def _roster_menu(self, pos: QPoint) -> None:
        index = self.roster_view.indexAt(pos)
        if not index.isValid():
            return
        account, jid = index.data(RosterRoles.Account), index.data(RosterRoles.Jid)
        menu = QMenu(self)
        menu.setObjectName("rosterContextMenu")
        menu.addAction(self.tr("Open chat"), lambda: self._open_index(index))
        menu.addAction(self.tr("Rename or regroup…"), lambda: self.open_edit_contact(account, jid))
        menu.addSeparator()
        menu.addAction(self.tr("Remove contact"), lambda: self.remove_contact(account, jid))
        menu.popup(self.roster_view.viewport().mapToGlobal(pos))

    def open_add_contact(self) -> ContactDialog | None:
        if not self.app.sessions:
            self.show_error(self.tr("Add an account first."))
            return None
        account = next(iter(self.app.sessions))
        dialog = ContactDialog(self)
        dialog.submitted.connect(
            lambda jid, name, groups: self._run(self.app.sessions[account].roster.add(
                jid, name, groups)))
        self._keep(dialog)
        dialog.open()
        return dialog

    def open_edit_contact(self, account: str, jid: str) -> ContactDialog:
        rows = [r for r in self.roster_model.entries() if r.account == account and r.jid == jid]
        groups = tuple(r.group for r in rows if r.group != "Contacts")
        dialog = ContactDialog(self, jid, rows[0].name if rows else "", groups)
        dialog.submitted.connect(
            lambda jid_, name, groups_: self._run(self.app.sessions[account].roster.set_item(
                jid_, name, groups_)))
        self._keep(dialog)
        dialog.open()
        return dialog

    def remove_contact(self, account: str, jid: str) -> None:
        session = self.app.sessions.get(account)
        if session is not None:
            self._run(session.roster.remove(jid))

    def open_add_account(self) -> Any:
        from heron.ui.account_flow import AccountFlow

        flow = AccountFlow(self.app, self)
        self._keep(flow)
        flow.start()
        return flow

    def fill_accounts_menu(self) -> None:
        """One checkable entry per account: checked means enabled (connects at start)."""
        self.accounts_menu.clear()
        for account in self.app.accounts:
            action = self.accounts_menu.addAction(account.jid)
            action.setObjectName(f"account:{account.jid}")
            action.setCheckable(True)
            action.setChecked(account.enabled)
            action.toggled.connect(
                lambda on, jid=account.jid: self._run(self.app.set_enabled(jid, on)))

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
                                    self)
            dialog.submitted.connect(self._password_given)
            self._keep(dialog)
            dialog.open()
            dialogs.append(dialog)
        return dialogs

    def _password_given(self, jid: str, password: str) -> None:
        warning = self.app.save_account(self.app.settings.account(jid) or AccountConfig(jid),
                                        password)
        if warning:
            self.status_label.setText(warning)
        try:
            self.app.start_account(jid)
        except HeronError as exc:
            self.show_error(str(exc))

    def show_error(self, text: str, name: str = "error") -> None:
        banner = Banner(text, [(self.tr("Dismiss"), lambda: None)], error=True, object_name=name)
        self.banners.addWidget(banner)

    def _run(self, coro: Any) -> None:
        """Run a service call; its error becomes a visible message, never a crash."""
        async def guarded() -> None:
            try:
                await coro
            except Exception as exc:  # shown to the user; the window stays up
                log.exception("action failed")
                self.show_error(str(exc) or type(exc).__name__)

        spawn(guarded())

    def _keep(self, obj: Any) -> None:
        self._dialogs = [d for d in self._dialogs if d is not None]
        self._dialogs.append(obj)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ActivationChange:
            for session in self.app.sessions.values():
                session.csi.set_active(self.isActiveWindow())
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.message_model is not None:
            self.message_model.close()
        super().closeEvent(event)
