"""The encryption keys of a contact, reached from their profile (the contact's details), not
only from the chat header's lock: a button in the profile dialog opens ui/omemo_devices.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QBoxLayout, QDialog, QPushButton

if TYPE_CHECKING:
    from heron.application import Heron
    from heron.ui.omemo_devices import OmemoDevicesDialog

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")


class KeysButton(QPushButton):
    """"Encryption keys…" for ``jid``; the dialog it opened is ``dialog`` (tests, closing)."""

    def __init__(self, app: Heron, account: str, jid: str, owner: QDialog) -> None:
        super().__init__(translate("OmemoProfile", "Encryption keys…"))
        self.app, self.account, self.jid, self.owner = app, account, jid, owner
        self.dialog: OmemoDevicesDialog | None = None
        self.setObjectName("omemoKeysButton")
        self.setAccessibleName(translate("OmemoProfile", "Encryption keys"))
        self.setToolTip(translate("OmemoProfile", "See and verify the devices this contact "
                                  "uses for encrypted messages (OMEMO)."))
        self.clicked.connect(self.open_keys)

    def open_keys(self) -> OmemoDevicesDialog | None:
        from heron.ui.omemo_devices import OmemoDevicesDialog  # noqa: PLC0415  QR code: on use

        session = self.app.sessions.get(self.account)
        if session is None:
            return None
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = OmemoDevicesDialog(session, self.jid, self.owner.parentWidget())
        self.dialog.show()
        return self.dialog


def add_keys_button(row: QBoxLayout, app: Heron, account: str, jid: str,
                    owner: QDialog) -> KeysButton | None:
    """Put the button at the start of the profile's button ``row`` (not for a room, nor
    while the account is not connected)."""
    session = app.sessions.get(account)
    if session is None or session.muc.is_room(jid):
        return None
    button = KeysButton(app, account, jid, owner)
    row.insertWidget(0, button)
    return button
