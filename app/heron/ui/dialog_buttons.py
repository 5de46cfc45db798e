"""The row of buttons at the foot of Heron's dialogs: Cancel, then the default action."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton


def _buttons(ok_text: str, dialog: QDialog) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    row = QHBoxLayout()
    row.addStretch(1)
    cancel = QPushButton(QCoreApplication.translate("Dialog", "Cancel"))
    cancel.setObjectName("cancelButton")
    cancel.clicked.connect(dialog.reject)
    ok = QPushButton(ok_text)
    ok.setObjectName("okButton")
    ok.setProperty("primary", True)
    ok.setDefault(True)
    row.addWidget(cancel)
    row.addWidget(ok)
    return row, ok, cancel
