"""The status bar: what is happening now, in one line, with "Retry now" while waiting."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QStatusBar, QWidget

from heron.ui.widgets import plain_label


class StatusBar(QStatusBar):
    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.setSizeGripEnabled(False)
        self.label = plain_label(self.tr("No account"), "connectionStatus")
        self.label.setWordWrap(False)
        self.label.setAccessibleName(self.tr("Connection status"))
        self.addWidget(self.label, 1)
        self.retry = QPushButton(self.tr("Retry now"))
        self.retry.setObjectName("retryButton")
        self.retry.setFlat(True)
        self.retry.clicked.connect(self.retry_requested.emit)
        self.retry.hide()
        self.addPermanentWidget(self.retry)

    def say(self, text: str, state: str = "", retry: bool = False) -> None:
        self.label.setText(text)
        self.label.setToolTip(text)
        self.label.setProperty("state", state)
        self.retry.setVisible(retry)
