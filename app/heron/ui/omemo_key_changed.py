"""An OMEMO device whose identity key changed (issue 11): the chat's row for a verified
contact, and the device view's warning with "Accept new key" (xmpp/services/omemo_keys.py).

Heron refuses the new key until the user accepts it; accepting is asked first, since a
changed key is also what someone pretending to be the device would show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout

from heron.core.bus import Phase
from heron.core.events import OmemoKeyChanged
from heron.core.tasks import spawn
from heron.models.bus_scope import scoped
from heron.ui import theme
from heron.ui.confirm import ConfirmDialog
from heron.ui.omemo_banner import Colours, ContactBanner
from heron.ui.widgets import plain_label

if TYPE_CHECKING:
    from heron.ui.conversation import ConversationPane
    from heron.ui.omemo_devices import OmemoDevicesDialog

translate = QCoreApplication.translate


def _warning_style(name: str) -> str:
    scheme = theme.SCHEME
    return (f"#{name} {{ background: {scheme.error_bg}; border: 1px solid "
            f"{scheme.error_border}; border-radius: 6px; }}"
            f" #{name} QLabel {{ color: {scheme.error_text}; font-weight: 600;"
            " background: transparent; border: none; }")


#: the chat's row: its object names (row, text, button) and colours
LOOK: tuple[tuple[str, str, str], Colours] = (
    ("omemoKeyChangedBanner", "omemoKeyChangedText", "reviewChangedKeyButton"),
    lambda scheme: (scheme.error_bg, scheme.error_border, scheme.error_text))


class OmemoKeyChangedRow(QObject):
    """The chat's row: shown while a verified contact has a device whose new key is refused."""

    def __init__(self, pane: ConversationPane) -> None:
        super().__init__(pane)
        self.app = pane.app
        self.row = ContactBanner(pane, LOOK, translate("OmemoKeyChanged", "Review devices"),
                                 lambda omemo, peer: omemo.keys.announce(peer))
        self.banner, self.label, self.review_button = self.row.parts
        self.review_button.clicked.connect(pane.omemo_devices.review)
        scoped(self, self.app.bus).subscribe(OmemoKeyChanged, self._on_changed, Phase.UI)

    def open(self, account: str, peer: str) -> None:
        self.row.open(account, peer)

    def _on_changed(self, event: OmemoKeyChanged) -> None:
        if not self.row.concerns(event.account, event.owner):
            return
        if not event.device_ids or not event.verified:
            self.row.hide()  # an unverified contact: the placeholder and the device view
            return
        self.row.show(lambda name: translate(
            "OmemoKeyChanged", "The encryption key of a device of {name} changed. Its messages "
            "are not shown, and it gets none, until you accept the new key.").format(name=name))


def key_change_box(dialog: OmemoDevicesDialog, device: Any) -> QFrame:
    """The device view's warning for ``device`` (key_changed), with "Accept new key"."""
    box = QFrame()
    box.setObjectName("omemoKeyChangedBox")
    box.setStyleSheet(_warning_style("omemoKeyChangedBox"))
    column = QVBoxLayout(box)
    column.setContentsMargins(10, 6, 10, 6)
    column.addWidget(plain_label(translate(
        "OmemoKeyChanged", "Key changed: this device now shows another key than the one "
        "above. Its messages are not shown until you accept the new key. Ask its owner in "
        "person whether they reinstalled."), "keyChangedText"))
    accept = QPushButton(translate("OmemoKeyChanged", "Accept new key…"))
    accept.setObjectName("acceptKeyButton")
    accept.clicked.connect(lambda _c=False: ask_to_accept(dialog, device))
    column.addWidget(accept, 0, Qt.AlignmentFlag.AlignRight)
    return box


def ask_to_accept(dialog: OmemoDevicesDialog, device: Any) -> ConfirmDialog:
    """Accepting a changed key is asked first (non-modal)."""
    confirm = ConfirmDialog(
        translate("OmemoKeyChanged", "Accept the new key of device {id}?").format(
            id=device.device_id),
        translate("OmemoKeyChanged", "Only if its owner told you they reinstalled. The new "
                  "key is trusted, not verified: compare its fingerprint to verify it."),
        translate("OmemoKeyChanged", "Accept"), dialog)
    confirm.setObjectName("confirmAcceptKeyDialog")

    def accept() -> None:
        async def run() -> None:
            await dialog.session.omemo.keys.accept(device.owner, device.device_id)
            await dialog.reload_now()

        dialog.loaded = False
        spawn(run(), "accept a changed OMEMO key")

    confirm.confirmed.connect(accept)
    dialog.confirm = confirm
    confirm.open()
    return confirm
