"""The opt-in password file, as the account dialog and the start-up prompt offer it.

Shown only when no secure keyring exists: with one, Heron always stores the password there and
never writes the file (core/secrets.py), so a checkbox would offer a choice that does nothing.
Never ticked by default: a plaintext file is a trade-off the person makes knowingly, after
reading the warning right under the box; the safe default is to ask at each start.
"""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from heron.ui.widgets import plain_label


class PasswordFileChoice(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passwordFileChoice")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)  # a little air before the next row
        layout.setSpacing(4)
        # The same words as heron.core.secrets.FILE_STORE_LABEL / FILE_STORE_WARNING, here
        # so that they can be translated.
        self.check = QCheckBox(self.tr("Store the password in a file only you can read"))
        self.check.setObjectName("passwordFileCheck")
        self.warning = plain_label(self.tr(
            "Use this only when your desktop has no keyring (such as GNOME Keyring or KWallet). "
            "The password is saved unencrypted in a file in your Heron profile that only your "
            "user account may read. Any program you run, anyone who can log in as you or as an "
            "administrator, and any backup of your home folder can read it."),
            "passwordFileWarning")
        self.warning.setContentsMargins(24, 0, 0, 0)  # under the box's text, not its box
        self.check.setAccessibleDescription(self.warning.text())
        layout.addWidget(self.check)
        layout.addWidget(self.warning)

    @property
    def chosen(self) -> bool:
        return not self.isHidden() and self.check.isChecked()

    def resizeEvent(self, event: QResizeEvent) -> None:
        # A wrapped label asks for the height of its widest line, not of the width it has:
        # ask for what its text needs at this width, or it is cut off.
        super().resizeEvent(event)
        width = self.warning.width()
        if width > 0:
            self.warning.setMinimumHeight(self.warning.heightForWidth(width))
