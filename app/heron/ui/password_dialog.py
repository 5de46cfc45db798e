"""The password asked at start when neither a keyring nor a password file holds it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout, QWidget

from heron.ui.dialog_buttons import _buttons
from heron.ui.password_choice import PasswordFileChoice
from heron.ui.widgets import plain_label as _plain_label


class PasswordDialog(QDialog):
    """Asked at start when no keyring or password file holds the password. Without a secure
    keyring it offers the password file, so that the next start need not ask again."""

    submitted = Signal(str, str, bool)  # account, password, keep it in the password file

    def __init__(self, account: str, keyring_available: bool,
                 parent: QWidget | None = None, *, in_file: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("passwordDialog")
        self.setWindowTitle(self.tr("Password needed"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        layout.setContentsMargins(24, 22, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(_plain_label(self.tr("Sign in to {account}").format(account=account),
                                      "dialogTitle"))
        if not keyring_available:
            layout.addWidget(_plain_label(self.tr(
                "No secure system keyring (such as Secret Service) is available, so Heron "
                "keeps your password in memory until you quit and asks again at the next "
                "start, unless you store it in a file below."), "conversationSubtitle"))
        self.password = QLineEdit()
        self.password.setObjectName("passwordEdit")
        self.password.setAccessibleName(self.tr("Password"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.password)
        self.password_file = PasswordFileChoice()
        self.password_file.check.setChecked(in_file)
        self.password_file.setVisible(not keyring_available)
        layout.addWidget(self.password_file)
        row, self.ok, _ = _buttons(self.tr("Connect"), self)
        layout.addLayout(row)
        self._account = account
        self.ok.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        self.password.setFocus()

    def _submit(self) -> None:
        if self.password.text():
            self.submitted.emit(self._account, self.password.text(), self.password_file.chosen)
            self.accept()
