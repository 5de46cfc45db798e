"""Removing an account: asked first, with the choice to delete its local history too."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QDialog, QVBoxLayout, QWidget

from heron.ui.dialog_buttons import _buttons
from heron.ui.widgets import plain_label as _plain_label


class RemoveAccountDialog(QDialog):
    """Asks before an account goes, and whether its local history goes with it."""

    confirmed = Signal(str, bool)  # account, delete history

    def __init__(self, account: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("removeAccountDialog")
        self.setWindowTitle(self.tr("Remove account"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(_plain_label(self.tr("Remove {account}?").format(account=account),
                                      "dialogTitle"))
        layout.addWidget(_plain_label(self.tr(
            "Heron signs out and forgets this account and its saved password. The account "
            "itself stays on the server."), "conversationSubtitle"))
        self.delete_history = QCheckBox(self.tr("Also delete its message history on this "
                                                "computer"))
        self.delete_history.setObjectName("deleteHistoryCheck")
        layout.addWidget(self.delete_history)
        row, self.ok, cancel = _buttons(self.tr("Remove"), self)
        self.ok.setProperty("danger", True)
        layout.addLayout(row)
        cancel.setFocus()  # the safe answer first: nothing is removed by a stray Enter
        self._account = account
        self.ok.clicked.connect(self._confirm)

    def _confirm(self) -> None:
        self.confirmed.emit(self._account, self.delete_history.isChecked())
        self.accept()
