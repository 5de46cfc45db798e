"""The conversation pane: header, message view, typing line and composer.

Sending goes to the chat service; history pages come from the application (off the GUI
thread). The pane never touches storage or slixmpp.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from importlib import resources
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, QPointF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QContextMenuEvent, QIcon, QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QListView,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from heron.application import Heron
from heron.core.bus import Phase
from heron.core.events import (
    ChatStateChanged,
    DeliveryState,
    Direction,
    LastActivityKnown,
    PresenceChanged,
    ServerFeaturesKnown,
    StoredMessage,
)
from heron.core.tasks import spawn
from heron.models.bus_scope import scoped
from heron.models.messages import MessageModel, MessageRoles
from heron.models.roster import RosterModel
from heron.ui import last_seen, room_private
from heron.ui.call_buttons import CallControls
from heron.ui.confirm import ConfirmDialog
from heron.ui.conversation_jump import JumpController, window_model
from heron.ui.delegates import MessageDelegate
from heron.ui.direct_file import DirectFiles
from heron.ui.drafts import Drafts
from heron.ui.file_actions import ConversationFiles
from heron.ui.find_bar import FindBar
from heron.ui.history_menu import history_menu_button
from heron.ui.message_menu import build_menu, copy_text
from heron.ui.omemo_failures import on_roster_change
from heron.ui.omemo_key_changed import OmemoKeyChangedRow
from heron.ui.omemo_lock import OmemoLock
from heron.ui.omemo_new_devices import OmemoNewDevices
from heron.ui.omemo_plain_link import PlainLinks
from heron.ui.read_tracker import ReadTracker
from heron.ui.reply_actions import RichActions
from heron.ui.room_moderation import add_remove_action
from heron.ui.room_pane import RoomView
from heron.ui.styled_text import link_target
from heron.ui.widgets import plain_label

if TYPE_CHECKING:
    from heron.ui.spelling import ComposerSpelling

TYPING_PAUSE_SECONDS = 5.0
LIVE_WINDOW_ROWS = 120
FOLLOW_BOTTOM_PX = 200
SHOW_TEXT = {"available": "Online", "chat": "Free for chat", "away": "Away",
             "xa": "Not available", "dnd": "Do not disturb", "offline": "Offline"}


def retractable(message: StoredMessage) -> bool:
    """One's own message that reached the server (one still in the outbox is not retracted:
    it would go out after its retraction)."""
    return (message.direction is Direction.OUTGOING and not message.retracted
            and bool(message.message_id or message.origin_id)
            and message.state in (DeliveryState.SENT, DeliveryState.DELIVERED,
                                  DeliveryState.READ))


class Composer(QPlainTextEdit):
    """Enter sends, Shift+Enter starts a new line, Up in an empty composer corrects the last
    message sent (as in Conversations, Dino and Gajim), Esc cancels a correction."""

    send_requested = Signal()
    correct_last_requested = Signal()
    cancel_requested = Signal()
    spelling: ComposerSpelling | None = None  # ui/spelling.py, attached after the first frame
    complete_nick: Callable[[], bool] | None = None  # a room: Tab completes a nick (room_pane)

    def context_menu(self, pos: QPoint) -> QMenu:
        menu = self.createStandardContextMenu(pos)
        if self.spelling is not None:
            self.spelling.extend_menu(menu, pos)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu(event.pos())
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.send_requested.emit()
            return
        if key == Qt.Key.Key_Up and not self.toPlainText():
            self.correct_last_requested.emit()
            return
        if key == Qt.Key.Key_Escape:
            self.cancel_requested.emit()
            return
        if key == Qt.Key.Key_Tab and self.complete_nick is not None and self.complete_nick():
            return
        super().keyPressEvent(event)


class MessageView(QListView):
    """The message list: rows are selectable; Ctrl+C copies the selected messages' text."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            copy_text(self.selected_text())
            return
        super().keyPressEvent(event)

    def selected_text(self) -> str:
        rows = sorted(self.selectionModel().selectedIndexes(), key=lambda i: i.row())
        return "\n".join(str(i.data(MessageRoles.Body) or "") for i in rows)


class ConversationPane(QWidget):
    problem = Signal(str)  # something the user should read (shown as a banner)
    back_requested = Signal()  # narrow window: show the contacts again
    add_account_requested = Signal()

    def __init__(self, app: Heron, roster_model: RosterModel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.roster_model = roster_model
        self.message_model: MessageModel | None = None
        self.current: tuple[str, str] | None = None
        self._typing_sent_at = 0.0
        self._correcting: StoredMessage | None = None
        self._confirm: ConfirmDialog | None = None  # the open "delete for everyone?" question
        self.setObjectName("conversationPane")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.files = ConversationFiles(self)
        self.rich = RichActions(self)  # replies and reactions
        self._build()
        on_roster_change(roster_model, self._retitle)
        self.drafts = Drafts(app.drafts, self.composer, lambda: self.current,
                             lambda: self._correcting is not None, self)
        bus = scoped(self, app.bus)  # unsubscribed when this is destroyed
        bus.subscribe(ChatStateChanged, self._on_chat_state, Phase.UI)
        bus.subscribe(PresenceChanged, self._on_presence, Phase.UI)
        self.activity: dict[tuple[str, str], LastActivityKnown] = {}  # ui/last_seen.py
        bus.subscribe(LastActivityKnown, self._on_activity, Phase.UI)
        bus.subscribe(ServerFeaturesKnown, self._on_server_features, Phase.UI)

    def _build(self) -> None:  # noqa: PLR0915  builds the widget tree
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_empty_state())

        chat = QWidget()
        layout = QVBoxLayout(chat)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        header = QFrame()
        header.setObjectName("conversationHeader")
        header_row = QHBoxLayout(header)
        header_row.setContentsMargins(12, 12, 20, 10)
        header_row.setSpacing(8)
        # Shown only while the window is too narrow for the sidebar: back to the contacts.
        self.back_button = QToolButton()
        self.back_button.setObjectName("backButton")
        self.back_button.setText("←")
        self.back_button.setAccessibleName(self.tr("Back to contacts"))
        self.back_button.setToolTip(self.tr("Back to contacts"))
        self.back_button.clicked.connect(self.back_requested)
        self.back_button.hide()
        header_row.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignVCenter)
        header_layout = QVBoxLayout()
        header_layout.setContentsMargins(8, 0, 0, 0)
        header_layout.setSpacing(2)
        self.title_label = plain_label("", "conversationTitle")
        self.subtitle_label = plain_label("", "conversationSubtitle")
        header_layout.addWidget(self.title_label)
        header_layout.addWidget(self.subtitle_label)
        # A quiet line, shown while the account's server keeps no archive (no MAM).
        self.history_note = plain_label("", "historyLocalNote")
        self.history_note.hide()
        header_layout.addWidget(self.history_note)
        header_row.addLayout(header_layout, 1)
        self.calls = CallControls(self)  # voice and video call buttons (ui/call_buttons.py)
        self.omemo_lock = OmemoLock(self)  # end-to-end encryption on/off (ui/omemo_lock.py)
        header_row.addWidget(self.omemo_lock.button, 0, Qt.AlignmentFlag.AlignVCenter)
        header_row.addWidget(self.calls.audio_button, 0, Qt.AlignmentFlag.AlignVCenter)
        header_row.addWidget(self.calls.video_button, 0, Qt.AlignmentFlag.AlignVCenter)
        header_row.addWidget(history_menu_button(self), 0, Qt.AlignmentFlag.AlignVCenter)
        self.room = RoomView(self)  # rooms: occupants, subject, nicks (ui/room_pane.py)
        header_row.addWidget(self.room.invite_button, 0, Qt.AlignmentFlag.AlignVCenter)
        header_row.addWidget(self.room.toggle_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(header)
        layout.addWidget(self.calls.banner)  # "Calling Bob…" with Cancel
        self.direct_files = DirectFiles(self)  # files sent directly (ui/direct_file.py)
        self.omemo_devices = OmemoNewDevices(self)  # new devices to decide on (omemo_new_devices)
        layout.addWidget(self.omemo_devices.banner)
        self.omemo_keys = OmemoKeyChangedRow(self)  # changed keys (ui/omemo_key_changed.py)
        layout.addWidget(self.omemo_keys.banner)
        self.find_bar = FindBar(self)  # Ctrl+F
        layout.addWidget(self.find_bar)

        self.message_view = MessageView()
        self.message_view.setObjectName("messageView")
        self.message_view.setAccessibleName(self.tr("Messages"))
        delegate = MessageDelegate(self.message_view)
        delegate.encryption_tip = self.omemo_lock.tip_for  # how each message was encrypted
        self.plain_links = PlainLinks(self)  # aesgcm:// links sent in plaintext: a warning
        delegate.plain_link_warns = self.plain_links.warns
        delegate.body_for = self.omemo_lock.shown_body  # placeholders translated
        self.omemo_lock.failures_changed.connect(self.plain_links.relayout)
        delegate.name_for = self._sender_name
        delegate.file_action = self.files.act
        delegate.picture_of = self.files.picture_of
        self.rich.connect_bubbles(delegate.extras)
        self.message_view.setItemDelegate(delegate)
        self.message_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.message_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.message_view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                          | QAbstractItemView.EditTrigger.EditKeyPressed)
        # Bubbles wrap to the width: a narrow chat never scrolls sideways.
        self.message_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.message_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.message_view.customContextMenuRequested.connect(self._message_menu)
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
        layout.addWidget(self.room.wrap(self.message_view), 1)
        self.no_messages = plain_label(self.tr("No messages yet. Say hello!"), "emptyChat")
        self.no_messages.setAlignment(Qt.AlignmentFlag.AlignCenter)
        QVBoxLayout(self.message_view.viewport()).addWidget(self.no_messages)
        self.no_messages.hide()
        self.read_tracker = ReadTracker(self)  # what was seen: read point, markers, unread

        self.typing_label = plain_label("", "typingLabel")
        self.typing_label.setContentsMargins(20, 0, 20, 2)
        layout.addWidget(self.typing_label)

        composer_frame = QFrame()
        composer_frame.setObjectName("composerFrame")
        column = QVBoxLayout(composer_frame)
        column.setContentsMargins(16, 8, 16, 12)
        column.setSpacing(6)
        column.addWidget(self._build_correction_bar())
        column.addWidget(self.rich.reply_bar)
        row = QHBoxLayout()
        column.addLayout(row)
        self.composer = Composer()
        self.composer.setObjectName("composer")
        self.composer.setAccessibleName(self.tr("Message"))
        self.composer.setPlaceholderText(self.tr("Write a message…"))
        self.composer.setFixedHeight(64)
        self.composer.send_requested.connect(self.send_current)
        self.composer.correct_last_requested.connect(self.correct_last)
        self.composer.cancel_requested.connect(self.cancel_correction)
        self.composer.cancel_requested.connect(self.rich.cancel_reply)
        self.composer.textChanged.connect(self._on_typing)
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setObjectName("sendButton")
        self.send_button.setProperty("primary", True)
        self.send_button.clicked.connect(self.send_current)
        row.addWidget(self._build_attach_button(), 0, Qt.AlignmentFlag.AlignBottom)
        row.addWidget(self.direct_files.button, 0, Qt.AlignmentFlag.AlignBottom)
        row.addWidget(self.composer, 1)
        row.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.files.install_drop_targets(self.message_view.viewport(), self.composer,
                                        self.composer.viewport())
        layout.addWidget(composer_frame)
        self.stack.addWidget(chat)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self._paused_timer = QTimer(self)
        self._paused_timer.setSingleShot(True)
        self._paused_timer.timeout.connect(lambda: self._send_chat_state("paused"))
        self.jumps = JumpController(self)  # show_message(), paging both ways, the flash

    def _build_attach_button(self) -> QToolButton:
        """Files go by HTTP upload (XEP-0363): the button is on when the server offers it; its
        tooltip and accessible description say why when not (see _show_features)."""
        button = QToolButton()
        button.setObjectName("attachButton")
        button.setAccessibleName(self.tr("Attach a file"))
        button.setIcon(QIcon(str(resources.files("heron") / "resources" / "attach.svg")))
        button.setIconSize(QSize(22, 22))
        button.setEnabled(False)
        button.clicked.connect(self.files.choose)
        self.attach_button = button
        return button

    def _build_empty_state(self) -> QWidget:
        """No conversation open: say what to do (with no account yet: a button to add one)."""
        page = QWidget()
        column = QVBoxLayout(page)
        column.setSpacing(16)
        column.addStretch(1)
        self.empty_label = plain_label("", "emptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.empty_label)
        self.add_account_button = QPushButton(self.tr("Add an account…"))
        self.add_account_button.setObjectName("emptyAddAccountButton")
        self.add_account_button.setProperty("primary", True)
        self.add_account_button.clicked.connect(self.add_account_requested)
        column.addWidget(self.add_account_button, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(1)
        self.refresh_empty_state()
        return page

    def refresh_empty_state(self) -> None:
        has_account = bool(self.app.accounts)
        self.empty_label.setText(
            self.tr("Select a contact to start chatting") if has_account else
            self.tr("Heron needs an XMPP account to chat.\nAdd yours to get started."))
        self.add_account_button.setVisible(not has_account)

    def _build_correction_bar(self) -> QFrame:
        """Shown while the composer edits the last message instead of writing a new one."""
        bar = QFrame()
        bar.setObjectName("correctionBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(10, 4, 4, 4)
        self.correction_label = plain_label(self.tr("Correcting your message"),
                                            "correctionLabel")
        cancel = QPushButton(self.tr("Cancel (Esc)"))
        cancel.setObjectName("cancelCorrectionButton")
        cancel.setProperty("link", True)
        cancel.clicked.connect(self.cancel_correction)
        row.addWidget(self.correction_label, 1)
        row.addWidget(cancel)
        bar.hide()
        self.correction_bar = bar
        return bar

    # --- bus -----------------------------------------------------------------------------------

    def _on_chat_state(self, event: ChatStateChanged) -> None:
        if self.current != (event.account, event.peer):
            return
        name = self._display_name(event.peer)
        self.typing_label.setText(
            self.tr("{name} is typing…").format(name=name) if event.state == "composing" else "")

    def _on_server_features(self, event: ServerFeaturesKnown) -> None:
        if self.current is not None and self.current[0] == event.account:
            self._show_features()

    def _show_features(self) -> None:
        """What the open conversation's server lacks: the history line and the file button."""
        known = self.app.server_features.get(self.current[0]) if self.current else None
        no_archive = known is not None and not known.mam
        if known is not None and no_archive:
            self.history_note.setText(self.tr(
                "Your server ({domain}) keeps no message archive: this history is only on "
                "this computer.").format(domain=known.domain))
        self.history_note.setVisible(no_archive)
        why = self.files.show_upload(known)
        self.attach_button.setToolTip(why)
        self.attach_button.setAccessibleDescription(why)

    def _on_presence(self, event: PresenceChanged) -> None:
        if self.current == (event.account, event.jid):
            self._update_subtitle()

    def _on_activity(self, event: LastActivityKnown) -> None:
        self.activity[(event.account, event.jid)] = event
        if self.current == (event.account, event.jid):
            self._update_subtitle()

    # --- opening -------------------------------------------------------------------------------

    async def open_conversation(self, account: str, peer: str) -> None:
        if self.current == (account, peer):
            return
        if self.message_model is not None:
            self.message_model.close()
        self.drafts.save_now()  # the unsent text stays with the chat it was typed for
        self.current = (account, peer)
        self.roster_model.active_conversation = (account, peer)
        app = self.app

        async def load_page(before: tuple[float, int] | None, limit: int) -> list[Any]:
            return list(await app.history_page(account, peer, before, limit))

        async def load_remote() -> int:
            live = app.sessions.get(account)
            if live is not None and live.muc.is_room(peer):  # the room's own archive
                return await live.muc.fetch_older(peer)
            return await live.mam.fetch_older(peer) if live is not None else 0

        model = window_model(app, account, peer, load_page,
                             load_remote if account in app.sessions else None, self)
        self.message_model = model
        self.room.open(account, peer, model)
        self.calls.open(account, peer)
        self.omemo_lock.open(account, peer)
        self.omemo_devices.open(account, peer)
        self.omemo_keys.open(account, peer)
        self.direct_files.open(account, peer)
        self.files.open(model, account, peer)
        self.jumps.attach(model)
        self.cancel_correction()
        self.rich.cancel_reply()
        self.no_messages.hide()
        self._following_bottom = True
        self.message_view.setModel(model)
        model.appended.connect(self._scroll_to_bottom_if_near)
        model.olderLoaded.connect(self._keep_position_after_older)
        for change in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            change.connect(self._update_no_messages)
        self.title_label.setText(room_private.title(app, account, peer)  # "Bob (in Room)"
                                 or self._display_name(peer))
        self._update_subtitle()
        session = app.sessions.get(account)
        row = self.roster_model.row_for(peer)
        if session is not None and (row is None or row.show == "offline"):
            spawn(session.last_activity.ask(peer))  # "last seen ..." once the server answers
        self._show_features()
        self.typing_label.setText("")
        self.stack.setCurrentIndex(1)
        self.composer.setFocus()
        await self.drafts.restore(account, peer)
        await model.load_initial(await self.read_tracker.rows_to_load(model))
        self._update_no_messages()
        if self.message_model is model:
            self.read_tracker.place(model)  # at the "New messages" line, or the newest
            QTimer.singleShot(0, self.message_view, self._track_bottom)
            QTimer.singleShot(0, self.message_view, self._fill_if_short)

    def show_message(self, pk: int) -> None:
        """Scroll the open conversation to message ``pk`` (loading the rows around it, however
        far back) and flash it."""
        spawn(self.jumps.jump(pk), "jump to a message")

    def close_conversation(self) -> None:
        self.drafts.save_now()
        if self.message_model is not None:
            self.message_model.close()
        self.files.close()

    def show_empty(self) -> None:
        """Back to "Select a contact" (the conversation's account went away)."""
        self.close_conversation()
        self.message_model = None
        self.current = None
        self.room.close()
        self.roster_model.active_conversation = None
        self.message_view.setModel(None)
        self.cancel_correction()
        self.refresh_empty_state()
        self.stack.setCurrentIndex(0)

    def _retitle(self, *_changed: object) -> None:
        """A contact renamed while their chat is open: the header follows."""
        if self.current is not None and self.roster_model.row_for(self.current[1]):
            self.title_label.setText(self._display_name(self.current[1]))

    def _display_name(self, jid: str) -> str:
        if "/" in jid:  # a room's occupant (a reactor): the nick
            return jid.rsplit("/", 1)[1]
        row = self.roster_model.row_for(jid)
        return row.display if row else jid

    def _sender_name(self, outgoing: bool) -> str:
        """Who a "/me" message in the open chat is about: the contact, or the user (the
        account's name before the @, as Heron has no nickname of its own yet)."""
        if self.current is None:
            return ""
        account, peer = self.current
        return account.split("@", 1)[0] if outgoing else self._display_name(peer)

    def _update_subtitle(self) -> None:
        if self.current is None:
            return
        if self.room.active:
            self.subtitle_label.setText(self.room.subtitle())
            return
        row = self.roster_model.row_for(self.current[1])
        show = row.show if row else "offline"
        status = row.status if row else ""
        seen = last_seen.phrase(self.activity.get(self.current), show, time.time())
        self.subtitle_label.setText(f"{self.current[1]} · {self.tr(SHOW_TEXT[show])}"
                                    + (f", {seen}" if seen else "")
                                    + (f" — {status}" if status else ""))

    # --- sending -------------------------------------------------------------------------------

    def send_current(self) -> None:
        text = self.composer.toPlainText().strip()
        if not text or self.current is None:
            return
        account, peer = self.current
        session = self.app.sessions.get(account)
        if session is None:
            self.problem.emit(self.tr("This account is not connected."))
            return
        correcting, self._correcting = self._correcting, None
        if self.room.active and correcting is None:  # a room: ui/room_pane.py
            self.composer.clear()
            self.room.send(text, self.rich.take_reply())
            QTimer.singleShot(50, self.message_view, self.message_view.scrollToBottom)
            return
        reply_to = self.rich.take_reply()
        self.composer.clear()
        self.correction_bar.hide()
        self._paused_timer.stop()
        self._typing_sent_at = 0.0
        if correcting is not None:
            replace_id = correcting.message_id or correcting.origin_id or ""
            if text != correcting.body:
                spawn(session.chat.correct_last(peer, replace_id, text))
            return

        async def send_or_keep() -> None:
            # Not stored (disk full): nothing was sent; the text goes back into the composer.
            if (not await session.chat.send(peer, text, reply_to)
                    and not self.composer.toPlainText()):
                self.composer.setPlainText(text)

        spawn(send_or_keep())
        self._following_bottom = True  # sending jumps to the newest messages, and stays there
        QTimer.singleShot(50, self.message_view, self.message_view.scrollToBottom)

    # --- corrections (XEP-0308) and the message menu ----------------------------------------

    def correct_last(self) -> None:
        model = self.message_model
        last = model.last_outgoing() if model is not None else None
        if last is not None:
            self.start_correction(last)

    def start_correction(self, message: StoredMessage) -> None:
        self.rich.cancel_reply()
        self._correcting = message
        self.correction_bar.show()
        self.composer.setPlainText(message.body)
        self.composer.moveCursor(QTextCursor.MoveOperation.End)
        self.composer.setFocus()

    def cancel_correction(self) -> None:
        if self._correcting is None:
            return
        self._correcting = None
        self.correction_bar.hide()
        self.composer.clear()

    @property
    def correcting(self) -> StoredMessage | None:
        return self._correcting

    def quote(self, text: str) -> None:
        self.composer.setPlainText(text + self.composer.toPlainText())
        self.composer.moveCursor(QTextCursor.MoveOperation.End)
        self.composer.setFocus()

    def message_menu_at(self, pos: QPoint) -> QMenu | None:
        """The context menu for the message under ``pos`` (viewport coordinates)."""
        view, model = self.message_view, self.message_model
        index = view.indexAt(pos)
        if model is None or not index.isValid():
            return None
        if not view.selectionModel().isSelected(index):
            view.setCurrentIndex(index)
        message = index.data(MessageRoles.Message)
        if message.retracted:
            return None  # a tombstone: nothing left to copy, quote or delete
        delegate = view.itemDelegate()
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.rect = view.visualRect(index)
        option.font = view.font()
        link = (delegate.anchor_at(option, index, QPointF(pos))
                if isinstance(delegate, MessageDelegate) else "")
        last = model.last_outgoing()
        mine = last is not None and last.pk == message.pk
        menu = build_menu(self, message, self.message_view.selected_text() or message.body,
                          link_target(link) if link else "", self.quote,
                          self.start_correction if mine else None, self.retry,
                          self.confirm_retract if retractable(message) and (
                              message.stanza_id or not self.room.active) else None,
                          self.rich.start_reply, self.rich.react, self.rich.pick)
        add_remove_action(self, menu, message)  # a moderator in a room (XEP-0425)
        self.plain_links.add_to_menu(menu, message)  # "Download anyway…" (omemo_plain_link)
        return menu

    def retry(self, message: StoredMessage) -> None:
        """"Send again": the message goes back to the outbox (its mark becomes "waiting")."""
        session = self.app.sessions.get(message.account)
        if session is not None:
            spawn(session.chat.retry(message), "send again")

    # --- retractions (XEP-0424) ----------------------------------------------------------------

    def confirm_retract(self, message: StoredMessage) -> ConfirmDialog:
        """Ask before deleting a message for everyone (non-modal: tests and the event loop
        go on); Cancel is the default button."""
        name = self._display_name(message.peer)
        dialog = ConfirmDialog(
            self.tr("Delete for everyone?"),
            self.tr("It is deleted here and on your other devices, and for {name} if their "
                    "app supports it. They may have read or copied it already.").format(
                        name=name),
            self.tr("Delete for everyone"), self.window())
        dialog.setObjectName("confirmRetractDialog")
        dialog.confirmed.connect(lambda: self.retract(message))
        if self._confirm is not None:
            self._confirm.close()
        self._confirm = dialog
        dialog.open()
        return dialog

    def retract(self, message: StoredMessage) -> None:
        session = self.app.sessions.get(message.account)
        if session is None:  # offline, the retraction waits in the outbox
            self.problem.emit(self.tr("This account is not connected: the message was not "
                                      "deleted."))
            return
        spawn(session.retraction.retract(message), "retraction")

    def _message_menu(self, pos: QPoint) -> None:
        menu = self.message_menu_at(pos)
        if menu is not None:
            menu.popup(self.message_view.viewport().mapToGlobal(pos))

    def _update_no_messages(self) -> None:
        model = self.message_model
        self.no_messages.setVisible(model is not None and model.rowCount() == 0)

    def _on_typing(self) -> None:
        if self.current is None or not self.composer.toPlainText() or self.room.active:
            return  # in a room no chat states at all: XEP-0085 leaves them optional there
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

    # --- scrolling -----------------------------------------------------------------------------

    def _maybe_load_older(self, value: int) -> None:
        if value < 40 and self.message_model is not None and self.message_model.rowCount() > 0:  # noqa: PLR2004  pixels from the top
            spawn(self.message_model.load_older())

    def _fill_if_short(self) -> None:
        """A conversation shorter than the view has no scroll bar to pull: page in older
        messages (from the archive) until it fills or history ends."""
        if self.message_view.verticalScrollBar().maximum() == 0:
            self._maybe_load_older(0)

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
