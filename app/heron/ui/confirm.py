"""A question before something that cannot be undone (removing a contact)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from heron.ui.widgets import plain_label


class ConfirmDialog(QDialog):
    """Title, one explaining sentence, Cancel (the default) and a danger button."""

    confirmed = Signal()

    def __init__(self, title: str, text: str, action: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confirmDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(400)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(plain_label(title, "dialogTitle"))
        layout.addWidget(plain_label(text, "conversationSubtitle"))
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel = QPushButton(self.tr("Cancel"))
        self.cancel.setObjectName("cancelButton")
        self.cancel.setDefault(True)  # Enter on a surprise question does no harm
        self.cancel.clicked.connect(self.reject)
        self.ok = QPushButton(action)
        self.ok.setObjectName("okButton")
        self.ok.setProperty("danger", True)
        self.ok.clicked.connect(self._confirm)
        row.addWidget(self.cancel)
        row.addWidget(self.ok)
        layout.addLayout(row)

    def _confirm(self) -> None:
        self.confirmed.emit()
        self.accept()
