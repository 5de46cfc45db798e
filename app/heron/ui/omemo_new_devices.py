"""The chat's row about a contact's new OMEMO device that waits for the user's decision (issue
11 point 3): after the user verified a device of the contact, messages are not encrypted for
a new one until the user decides; the row says so and opens the devices to review."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QFrame, QHBoxLayout, QMenu, QPushButton, QToolButton

from heron.core.bus import Phase
from heron.core.events import OmemoDevicesUndecided
from heron.core.tasks import spawn
from heron.models.bus_scope import scoped
from heron.ui import theme
from heron.ui.omemo_devices import OmemoDevicesDialog
from heron.ui.widgets import plain_label

if TYPE_CHECKING:
    from heron.ui.conversation import ConversationPane

translate = QCoreApplication.translate


class OmemoNewDevices(QObject):
    def __init__(self, pane: ConversationPane) -> None:
        super().__init__(pane)
        self.pane = pane
        self.app = pane.app
        self.current: tuple[str, str] | None = None
        self.dialog: OmemoDevicesDialog | None = None
        self.banner = QFrame()
        self.banner.setObjectName("omemoNewDeviceBanner")
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(20, 8, 16, 8)
        self.label = plain_label("", "omemoNewDeviceText")
        row.addWidget(self.label, 1)
        self.review_button = QPushButton(translate("OmemoNewDevices", "Review devices"))
        self.review_button.setObjectName("reviewDevicesButton")
        self.review_button.clicked.connect(self.review)
        row.addWidget(self.review_button)
        self.banner.hide()
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

    def open(self, account: str, peer: str) -> None:
        self.current = (account, peer)
        self.banner.hide()
        session = self.app.sessions.get(account)
        if session is not None and session.omemo.ready.is_set() \
                and not session.muc.is_room(peer):
            spawn(session.omemo.trust.announce(peer), "new OMEMO devices")

    def _on_undecided(self, event: OmemoDevicesUndecided) -> None:
        if self.current != (event.account, event.owner):
            return
        if not event.device_ids:
            self.banner.hide()
            return
        scheme = theme.SCHEME
        self.banner.setStyleSheet(
            f"#omemoNewDeviceBanner {{ background: {scheme.accent_soft};"
            f" border-bottom: 1px solid {scheme.border}; }}"
            f" #omemoNewDeviceText {{ color: {scheme.text}; font-weight: 600; }}")
        name = self.pane.title_label.text() or event.owner
        self.label.setText(translate(
            "OmemoNewDevices", "{name} has a new device that you have not verified. Messages "
            "are not encrypted for it until you decide.").format(name=name))
        self.banner.show()

    def review(self) -> OmemoDevicesDialog | None:
        if self.current is None or self.current[0] not in self.app.sessions:
            return None
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = OmemoDevicesDialog(self.app.sessions[self.current[0]], self.current[1],
                                         self.pane.window())
        self.dialog.show()
        return self.dialog
