"""The chat's row about a contact's new OMEMO device that waits for the user's decision (issue
11 point 3): after the user verified a device of the contact, messages are not encrypted for
a new one until the user decides; the row says so and opens the devices to review."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QMenu, QToolButton

from heron.core.bus import Phase
from heron.core.events import OmemoDevicesUndecided
from heron.models.bus_scope import scoped
from heron.ui.omemo_banner import Colours, ContactBanner
from heron.ui.omemo_devices import OmemoDevicesDialog

if TYPE_CHECKING:
    from heron.ui.conversation import ConversationPane

translate = QCoreApplication.translate


#: the chat's row: its object names (row, text, button) and colours
LOOK: tuple[tuple[str, str, str], Colours] = (
    ("omemoNewDeviceBanner", "omemoNewDeviceText", "reviewDevicesButton"),
    lambda scheme: (scheme.accent_soft, scheme.border, scheme.text))


class OmemoNewDevices(QObject):
    def __init__(self, pane: ConversationPane) -> None:
        super().__init__(pane)
        self.pane = pane
        self.app = pane.app
        self.dialog: OmemoDevicesDialog | None = None
        self.row = ContactBanner(pane, LOOK, translate("OmemoNewDevices", "Review devices"),
                                 lambda omemo, peer: omemo.trust.announce(peer))
        self.banner, self.label, self.review_button = self.row.parts
        self.review_button.clicked.connect(self.review)
        # The lock's menu (its arrow; a click on the lock itself still turns encryption
        # on or off): the keys of this chat's contact and of the account.
        self.menu = QMenu(pane)
        self.keys_action = self.menu.addAction(translate("OmemoNewDevices", "Encryption keys…"))
        self.keys_action.triggered.connect(self.review)
        lock = pane.omemo_lock.button
        lock.setMenu(self.menu)
        lock.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        lock.setStyleSheet("QToolButton::menu-button { border: none; background: transparent;"
                           " width: 12px; }")
        scoped(self, self.app.bus).subscribe(OmemoDevicesUndecided, self._on_undecided,
                                             Phase.UI)  # unsubscribed when destroyed

    @property
    def current(self) -> tuple[str, str] | None:
        return self.row.current

    def open(self, account: str, peer: str) -> None:
        self.row.open(account, peer)

    def _on_undecided(self, event: OmemoDevicesUndecided) -> None:
        if not self.row.concerns(event.account, event.owner):
            return
        if not event.device_ids:
            self.row.hide()
            return
        self.row.show(lambda name: translate(
            "OmemoNewDevices", "{name} has a new device that you have not verified. Messages "
            "are not encrypted for it until you decide.").format(name=name))

    def review(self) -> OmemoDevicesDialog | None:
        if self.current is None or self.current[0] not in self.app.sessions:
            return None
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = OmemoDevicesDialog(self.app.sessions[self.current[0]], self.current[1],
                                         self.pane.window())
        self.dialog.show()
        return self.dialog
