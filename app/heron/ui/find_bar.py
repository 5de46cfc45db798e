"""Find in the open conversation (Ctrl+F): "n of m", Enter / F3 for the next (older) match,
Shift+Enter / Shift+F3 for the previous (newer) one, Esc to close.

The matches are counted in the database (the whole conversation, not only the loaded rows);
going to one that is not loaded opens the window around it (ConversationPane.show_message's
way). The words are marked over the bubbles by the highlight overlay, the current match
stronger. Answers for text that has changed since are dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHBoxLayout, QLineEdit

from heron.core.search_query import SearchQuery, parse
from heron.core.tasks import spawn
from heron.ui.widgets import plain_label, tool_button

if TYPE_CHECKING:
    from heron.ui.conversation import ConversationPane

TYPING_PAUSE_MS = 150


class FindBar(QFrame):
    def __init__(self, pane: ConversationPane) -> None:
        super().__init__(pane)
        self.pane = pane
        self.setObjectName("findBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 4, 16, 6)
        row.setSpacing(6)
        self.field = QLineEdit()
        self.field.setObjectName("findField")
        self.field.setAccessibleName(self.tr("Find in this conversation"))
        self.field.setPlaceholderText(self.tr("Find in this conversation"))
        self.field.installEventFilter(self)
        self.count = plain_label("", "findCount")
        self.count.setMinimumWidth(90)
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.older = tool_button("findOlder", "↑", self.tr("Older match (Enter, F3)"))
        self.newer = tool_button("findNewer", "↓", self.tr("Newer match (Shift+Enter)"))
        close = tool_button("findClose", "✕", self.tr("Close (Esc)"))
        self.older.clicked.connect(lambda: self.step(1))
        self.newer.clicked.connect(lambda: self.step(-1))
        close.clicked.connect(self.close_bar)
        row.addWidget(self.field, 1)
        row.addWidget(self.count)
        row.addWidget(self.older)
        row.addWidget(self.newer)
        row.addWidget(close)
        self.query = SearchQuery()
        self.matches: list[tuple[float, int]] = []  # oldest first
        self.position = -1  # index into matches
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.run_now)
        self.field.textChanged.connect(lambda _t: self._timer.start())
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, action in (("Ctrl+F", self.open_bar), ("F3", lambda: self.step(1)),
                             ("Shift+F3", lambda: self.step(-1))):
            shortcut = QShortcut(QKeySequence(keys), pane, action)
            shortcut.setContext(context)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and isinstance(event, QKeyEvent) and (
                event.type() == QEvent.Type.KeyPress):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                self.step(-1 if shift else 1)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)

    def open_bar(self) -> None:
        if self.pane.current is None:
            return
        self.show()
        self.field.setFocus()
        self.field.selectAll()

    def close_bar(self) -> None:
        self._generation += 1
        self._timer.stop()
        self.hide()
        self.matches, self.position, self.query = [], -1, SearchQuery()
        self.count.setText("")
        self.pane.jumps.highlights.set_matches((), None)
        if self.pane.current is not None:
            self.pane.composer.setFocus()

    # --- matching --------------------------------------------------------------------------

    def run_now(self) -> None:
        self._timer.stop()
        spawn(self.search(self.field.text()), "find in conversation")

    async def search(self, text: str) -> None:
        """Count the matches of ``text`` and go to the newest."""
        self._generation += 1
        generation = self._generation
        current = self.pane.current
        query = parse(text)
        if current is None or query.empty:
            self.matches, self.position, self.query = [], -1, query
            self._show_count()
            self.pane.jumps.highlights.set_matches((), None)
            return
        matches = await self.pane.app.history.conversation_matches(query, *current)
        if generation != self._generation or self.pane.current != current:
            return  # the text or the conversation changed meanwhile
        self.query, self.matches = query, matches
        self.position = len(matches) - 1
        self._show_count()
        await self._go()

    def step(self, direction: int) -> None:
        """1: the next older match, -1: the next newer one (wrapping around)."""
        if not self.isVisible():
            self.open_bar()
            return
        if self._timer.isActive():  # Enter right after typing: search first
            self.run_now()
            return
        if not self.matches:
            return
        self.position = (self.position - direction) % len(self.matches)
        self._show_count()
        spawn(self._go(), "find in conversation")

    def _show_count(self) -> None:
        if self.query.empty:
            self.count.setText("")
        elif not self.matches:
            self.count.setText(self.tr("No matches"))
        else:
            self.count.setText(self.tr("{n} of {m}").format(
                n=len(self.matches) - self.position, m=len(self.matches)))
        self.older.setEnabled(len(self.matches) > 1)
        self.newer.setEnabled(len(self.matches) > 1)

    @property
    def current_pk(self) -> int | None:
        return self.matches[self.position][1] if 0 <= self.position < len(self.matches) else None

    async def _go(self) -> None:
        pk = self.current_pk
        jumps = self.pane.jumps
        jumps.highlights.set_matches(self.query.terms, pk)
        model = jumps.model
        if pk is None or model is None:
            return
        row = model.row_of(pk)
        if row is None:
            await jumps.jump(pk)  # not loaded: open the window around it
            return
        view = self.pane.message_view
        view.scrollTo(model.index(row), QAbstractItemView.ScrollHint.PositionAtCenter)
        jumps.highlights.update()
