"""What the user has really seen of the open conversation.

A message counts as seen when its end was inside the message view while the window was the
active one, not minimised, and the conversation pane was showing (a narrow window may show the
contacts instead). Only then does the read point move, the unread count go down, the contact
get one <displayed/> for the newest message seen, and the user's other clients learn it
(Heron.displayed). Checks are coalesced: a burst of messages or a scroll is one report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QWidget

from heron.core.tasks import spawn
from heron.models.messages import PAGE_SIZE, MessageModel, MessageRoles

if TYPE_CHECKING:
    from heron.ui.conversation import ConversationPane

CHECK_DELAY_MS = 150
#: at most this many rows are loaded to open a conversation at its first unread message
MAX_OPEN_ROWS = 1000
Key = tuple[float, int]


class ReadTracker(QObject):
    def __init__(self, pane: ConversationPane) -> None:
        super().__init__(pane)
        self.pane = pane
        self.view = pane.message_view
        self._window: QWidget | None = None
        self._reported: dict[tuple[str, str], Key] = {}
        self._busy = False
        self._again = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self._check)
        self.view.verticalScrollBar().valueChanged.connect(self.schedule)
        self.view.viewport().installEventFilter(self)
        pane.installEventFilter(self)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self.schedule)

    # --- opening -------------------------------------------------------------------------------

    async def rows_to_load(self, model: MessageModel) -> int:
        """Before the first page: where the "New messages" line goes, and how many rows the
        first page needs to reach it (capped; the rest pages in as the user scrolls up)."""
        first = await self.pane.app.first_unread(model.account, model.peer)
        if first is None:
            return PAGE_SIZE
        model.new_line_pk = first[1]
        since = await self.pane.app.rows_since(model.account, model.peer, first)
        return max(PAGE_SIZE, min(MAX_OPEN_ROWS, since + PAGE_SIZE // 2))

    def place(self, model: MessageModel) -> None:
        """Open at the "New messages" line when the unread messages do not all fit (its row
        at the top of the view), else at the newest message."""
        self.watch(model)
        row = next((r for r in range(model.rowCount())
                    if model.index(r).data(MessageRoles.NewMessagesLine)), None)

        def scroll() -> None:
            if self.pane.message_model is not model:
                return
            if row is None:
                self.view.scrollToBottom()
            else:  # the top of the line's row; Qt stops at the bottom when the rest fits
                self.view.scrollTo(model.index(row), QAbstractItemView.ScrollHint.PositionAtTop)

        scroll()
        QTimer.singleShot(0, self.view, scroll)  # again once the rows are laid out
        self.schedule()

    def watch(self, model: MessageModel) -> None:
        model.rowsInserted.connect(self.schedule)
        model.layoutChanged.connect(self.schedule)

    # --- when to look --------------------------------------------------------------------------

    def schedule(self, *_args: object) -> None:
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Only the timer here: these events also come while widgets are being destroyed,
        # when asking them anything could touch a half-deleted object.
        kind = event.type()
        if kind in (QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.Resize):
            self.schedule()
        elif watched is self._window and kind in (QEvent.Type.ActivationChange,
                                                  QEvent.Type.WindowStateChange):
            window = self._window
            if not window.isActiveWindow() or window.isMinimized():
                # At once: what arrives from now on is unread.
                self.pane.roster_model.active_conversation = None
            self.schedule()
        return False

    def attentive(self) -> bool:
        """The user can see the conversation: its pane shows, in the active window, which is
        not minimised, in an application that is in front."""
        window = self.pane.window()
        if window is not self._window:  # the pane's window is known once it is shown
            if self._window is not None:
                self._window.removeEventFilter(self)
            self._window = window
            window.installEventFilter(self)
        app = QGuiApplication.instance()
        in_front = not isinstance(app, QGuiApplication) or (
            app.applicationState() == Qt.ApplicationState.ApplicationActive)
        return (self.pane.isVisible() and self.view.isVisible() and window.isActiveWindow()
                and not window.isMinimized() and in_front)

    # --- what is seen --------------------------------------------------------------------------

    def newest_seen_key(self) -> Key | None:
        """The key of the lowest row whose end is inside the view (None: none is)."""
        model = self.view.model()
        if model is None or model.rowCount() == 0:
            return None
        viewport = self.view.viewport()
        index = self.view.indexAt(QPoint(viewport.width() // 2, viewport.height() - 1))
        row = index.row() if index.isValid() else model.rowCount() - 1
        while row >= 0:
            rect = self.view.visualRect(model.index(row, 0))
            if rect.bottom() < 0:
                return None
            if rect.bottom() <= viewport.height():
                message = model.index(row, 0).data(MessageRoles.Message)
                return message.key if message is not None else None
            row -= 1
        return None

    def _check(self) -> None:
        model = self.pane.message_model
        roster = self.pane.roster_model
        current = self.pane.current
        attentive = current is not None and model is not None and self.attentive()
        key = self.newest_seen_key() if attentive else None
        # New messages count as unread unless they land where the user is looking.
        last = model.index(model.rowCount() - 1).data(MessageRoles.Message) if model else None
        newest = last.key if last is not None else None
        roster.active_conversation = current if key is not None and key == newest else None
        if not attentive or current is None:
            if model is not None and model.rowCount() and model.new_line_pk is None:
                spawn(self._mark_line(model), "new messages line")
            return
        if key is None or key <= self._reported.get(current, (-1e308, -1)):
            return
        if self._busy:
            self._again = True
            return
        self._reported[current] = key
        self._busy = True
        spawn(self._report(current, key), "read point")

    async def _mark_line(self, model: MessageModel) -> None:
        """Messages arrived while the user looked elsewhere: the line goes above the first."""
        first = await self.pane.app.first_unread(model.account, model.peer)
        if first is None or model.new_line_pk is not None or self.pane.message_model is not model:
            return
        model.new_line_pk = first[1]
        model.layoutChanged.emit()  # the row grows by the line's height

    async def _report(self, conversation: tuple[str, str], key: Key) -> None:
        try:
            unread = await self.pane.app.displayed(*conversation, key)
            self.pane.roster_model.set_unread(*conversation, unread)
        finally:
            self._busy = False
            if self._again:
                self._again = False
                self.schedule()
