"""Connection status: the status bar says what is happening now, in one line, with "Retry now"
while a reconnect waits; the per-account list shows a coloured dot and a line per account."""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from heron.ui.widgets import plain_label


class StatusBar(QStatusBar):
    retry_requested = Signal(str)  # the account whose reconnect the user wants now

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.setSizeGripEnabled(False)
        self.label = plain_label(self.tr("No account"), "connectionStatus")
        self.label.setWordWrap(False)
        self.label.setAccessibleName(self.tr("Connection status"))
        self.addWidget(self.label, 1)
        # A problem that outlasts connection changes (storage failing): its own part of the
        # line, so that "Connected" never hides it.
        self.problem = plain_label("", "statusProblem")
        self.problem.setWordWrap(False)
        self.problem.setAccessibleName(self.tr("Problem"))
        self.problem.hide()
        self.addPermanentWidget(self.problem)
        self._retry_account = ""
        self.retry = QPushButton(self.tr("Retry now"))
        self.retry.setObjectName("retryButton")
        self.retry.setFlat(True)
        self.retry.clicked.connect(lambda: self.retry_requested.emit(self._retry_account))
        self.retry.hide()
        self.addPermanentWidget(self.retry)
        self._countdown: tuple[str, float] | None = None  # (text with {seconds}, deadline)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._update_countdown)

    def say(self, text: str, state: str = "") -> None:
        """A plain line; any countdown and its Retry button go away."""
        self._tick.stop()
        self._countdown = None
        self.retry.hide()
        self._show(text, state)

    def set_problem(self, text: str) -> None:
        """Show ``text`` beside the connection line until it is set to ''."""
        self.problem.setText(f"⚠ {text}" if text else "")
        self.problem.setToolTip(text)
        self.problem.setVisible(bool(text))

    def count_down(self, account: str, template: str, seconds: float) -> None:
        """``template`` with {seconds} counting down to the next attempt, and "Retry now"."""
        self._retry_account = account
        self._countdown = (template, time.monotonic() + seconds)
        self.retry.show()
        self._tick.start()
        self._update_countdown()

    def _update_countdown(self) -> None:
        if self._countdown is None:
            return
        template, deadline = self._countdown
        left = max(0, math.ceil(deadline - time.monotonic()))
        self._show(template.format(seconds=left), "reconnecting")
        if left == 0:
            self._tick.stop()

    def _show(self, text: str, state: str) -> None:
        self.label.setText(text)
        self.label.setToolTip(text)
        self.label.setProperty("state", state)


# Dot colours by what the person should feel: fine, under way, off, needs you. The colours
# themselves are the scheme's (theme.py styles QLabel#accountDot[dot=...]).
_DOT = {"connected": "ok", "connecting": "busy", "reconnecting": "busy",
        "offline": "off", "disabled": "off"}


class AccountStatusRow(QFrame):
    """A coloured dot and one line: the account and how it is doing. Click for its menu."""

    clicked = Signal(str, QPoint)  # account, global position

    def __init__(self, account: str) -> None:
        super().__init__()
        self.account = account
        self.setObjectName(f"accountStatus:{account}")
        self.setProperty("role", "accountStatus")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        row.setSpacing(8)
        self.dot = QLabel("●")
        self.dot.setObjectName("accountDot")
        self.name = QLabel(account)
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.name.setObjectName("accountStatusName")
        self.line = QLabel()
        self.line.setTextFormat(Qt.TextFormat.PlainText)
        self.line.setObjectName("accountStatusLine")
        self.line.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.line.setMinimumWidth(10)
        self.line.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addWidget(self.dot)
        row.addWidget(self.name)
        row.addWidget(self.line, 1)
        self._text = ""

    def set_status(self, state: str, text: str, problem: bool, tooltip: str = "") -> None:
        self.setProperty("state", state)
        self.dot.setProperty("dot", "problem" if problem else _DOT.get(state, "problem"))
        self.dot.style().unpolish(self.dot)
        self.dot.style().polish(self.dot)
        self._text = text
        self._elide()
        self.setToolTip(tooltip or f"{self.account}: {text}")
        self.setAccessibleName(f"{self.account}: {text}")

    @property
    def text(self) -> str:
        return self._text

    def _elide(self) -> None:
        metrics = QFontMetrics(self.line.font())
        self.line.setText(metrics.elidedText(self._text, Qt.TextElideMode.ElideRight,
                                             max(self.line.width(), 40)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit(self.account, event.globalPosition().toPoint())


class AccountStatusList(QWidget):
    """One status row per account, in the sidebar."""

    menu_requested = Signal(str, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountStatusList")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._rows: dict[str, AccountStatusRow] = {}
        self.hide()

    def row(self, account: str) -> AccountStatusRow:
        existing = self._rows.get(account)
        if existing is not None:
            return existing
        row = AccountStatusRow(account)
        row.clicked.connect(self.menu_requested.emit)
        self._rows[account] = row
        self._layout.addWidget(row)
        self.show()
        return row

    def rows(self) -> list[AccountStatusRow]:
        return list(self._rows.values())

    def remove(self, account: str) -> None:
        row = self._rows.pop(account, None)
        if row is not None:
            self._layout.removeWidget(row)
            row.deleteLater()
        self.setVisible(bool(self._rows))
