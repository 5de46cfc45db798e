"""Drafts: what the user typed and has not sent stays with its conversation.

Switching to another chat takes the text along with the chat it was meant for (never into the
next one, where Enter would send it to the wrong person); it is saved a moment after typing
stops, so closing Heron, or Heron being killed, loses at most that moment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from heron.core.tasks import spawn

SAVE_DELAY_MS = 700
Conversation = tuple[str, str]


class DraftStore(Protocol):
    """Where drafts are kept: the application's draft store (the UI never imports storage)."""

    async def save(self, account: str, peer: str, text: str) -> None: ...

    async def load(self, account: str, peer: str) -> str: ...


class Drafts(QObject):
    #: a conversation's draft was saved (account, peer, text; "" when it was removed)
    saved = Signal(str, str, str)

    def __init__(self, repo: DraftStore, composer: QPlainTextEdit,
                 current: Callable[[], Conversation | None], paused: Callable[[], bool],
                 parent: QObject | None = None) -> None:
        """``current`` names the open conversation; while ``paused()`` (a correction is in
        the composer) the composer's text is not a draft."""
        super().__init__(parent)
        self._repo, self._composer = repo, composer
        self._current, self._paused = current, paused
        self._saved: dict[Conversation, str] = {}
        self._restoring = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)
        composer.textChanged.connect(self._typed)

    def _typed(self) -> None:
        if not self._restoring:
            self._timer.start()

    def save_now(self) -> None:
        """Store the open conversation's draft if it changed (before a switch, on close)."""
        self._timer.stop()
        key = self._current()
        if key is None or self._paused():
            return
        text = self._composer.toPlainText()
        if self._saved.get(key, "") == text:
            return
        self._saved[key] = text
        spawn(self._repo.save(*key, text))
        self.saved.emit(*key, text)

    async def restore(self, account: str, peer: str) -> None:
        """Put ``(account, peer)``'s draft into the composer (empty when it has none)."""
        self._set("")
        text = await self._repo.load(account, peer)
        if self._current() != (account, peer):
            return  # the user went on to another chat while the draft was read
        self._saved[(account, peer)] = text
        if text and not self._composer.toPlainText():
            self._set(text)

    def _set(self, text: str) -> None:
        self._restoring = True
        try:
            self._composer.setPlainText(text)
            self._composer.moveCursor(QTextCursor.MoveOperation.End)
        finally:
            self._restoring = False
