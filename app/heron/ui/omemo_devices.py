"""The OMEMO devices of a contact and of the user's own account, with their fingerprints and
trust (issue 11 point 3): Trust, Verify (after comparing fingerprints) or Distrust each one.

A non-modal dialog: the event loop goes on while it is open, and it reads and writes through
the account's OMEMO trust service (xmpp/services/omemo_trust.py), never the database.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from PySide6.QtCore import QDateTime, QLocale, Qt
from PySide6.QtGui import QFontDatabase, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from heron.core.tasks import spawn
from heron.crypto.omemo import OLDMEMO, TWOMEMO
from heron.crypto.omemo.fingerprint import blocks, fingerprint
from heron.crypto.omemo.manual_trust import TrustState
from heron.ui.confirm import ConfirmDialog
from heron.ui.omemo_key_changed import key_change_box
from heron.ui.omemo_vouched import vouched_label
from heron.ui.widgets import plain_label

log = logging.getLogger(__name__)

QR_SIDE = 250  # pixels for the QR code at most (3 per module for a long link)
QR_BORDER = 2  # modules of quiet zone around it


class OmemoDevicesDialog(QDialog):
    def __init__(self, session: Any, peer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.peer = peer
        self.setObjectName("omemoDevicesDialog")
        self.setWindowTitle(self.tr("Encryption keys"))
        self.setAccessibleName(self.tr("Encryption keys"))
        self.resize(660, 800)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(plain_label(self.tr("Encryption keys"), "dialogTitle"))
        layout.addWidget(plain_label(self.tr(
            "Compare each fingerprint with the one the device's owner sees on it, then choose "
            "Verify. Messages are encrypted only for devices you trust or verified."),
            "conversationSubtitle"))
        scroll = QScrollArea()
        scroll.setObjectName("omemoDevicesScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget()
        self.rows = QVBoxLayout(self.body)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(8)
        self.rows.addStretch(1)
        scroll.setWidget(self.body)
        layout.addWidget(scroll, 1)
        layout.addLayout(self._uri_row())
        close = QPushButton(self.tr("Close"))
        close.setObjectName("closeButton")
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.loaded = False  # tests wait for it
        self.own_uri = ""
        self.confirm: ConfirmDialog | None = None
        self.seen: dict[Any, float] = {}  # device id (own: (account, id)) -> last message
        self.reload()

    def _uri_row(self) -> QHBoxLayout:
        """This device's QR code (for a phone to scan) and a field for a contact's link."""
        row = QHBoxLayout()
        row.setSpacing(16)
        self.qr = QLabel()
        self.qr.setObjectName("omemoQrCode")
        self.qr.setAccessibleName(self.tr("QR code of your fingerprint"))
        self.qr.setFixedSize(QR_SIDE, QR_SIDE)
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row.addWidget(self.qr)
        column = QVBoxLayout()
        column.addWidget(plain_label(self.tr(
            "Scan this code with your contact's phone to verify your device, or paste the "
            "link of theirs (xmpp:…) to verify their devices."), "conversationSubtitle"))
        self.uri_edit = QLineEdit()
        self.uri_edit.setObjectName("omemoUriEdit")
        self.uri_edit.setAccessibleName(self.tr("Fingerprint link"))
        self.uri_edit.setPlaceholderText("xmpp:name@example.org?omemo-sid-…")
        self.uri_edit.returnPressed.connect(self.open_uri)
        column.addWidget(self.uri_edit)
        self.uri_result = plain_label("", "omemoUriResult")
        column.addWidget(self.uri_result)
        column.addStretch(1)
        row.addLayout(column, 1)
        return row

    def open_uri(self, uri: str = "") -> None:
        """Verify the devices a pasted (or clicked) ``xmpp:`` link names."""
        text = uri or self.uri_edit.text()

        async def check() -> None:
            try:
                result = await self.session.omemo.trust.verify_uri(text)
            except ValueError:
                self.uri_result.setText(self.tr(
                    "This is not a link with OMEMO fingerprints."))
                return
            said = []
            if result.verified:
                said.append(self.tr("Verified: device {ids}.").format(
                    ids=", ".join(map(str, result.verified))))
            if result.mismatched:
                said.append(self.tr("Not verified, the fingerprint differs: device {ids}. "
                                    "Ask your contact which is right.").format(
                    ids=", ".join(map(str, result.mismatched))))
            if result.unknown:
                said.append(self.tr("Unknown device: {ids}.").format(
                    ids=", ".join(map(str, result.unknown))))
            if getattr(result, "unmatched", 0):  # keys without a device id (Kaidan's)
                said.append(self.tr("{n} key(s) in the link match no device of this "
                                    "contact.").format(n=result.unmatched))
            self.uri_result.setText(" ".join(said))
            await self._load()

        self.loaded = False
        spawn(check(), "OMEMO fingerprint link")

    async def _show_qr(self) -> None:
        import segno  # noqa: PLC0415  only when the view opens

        uri = await self.session.omemo.trust.own_uri()
        self.own_uri = uri
        code = segno.make(uri, error="m")
        width, _height = code.symbol_size(scale=1, border=QR_BORDER)
        buffer = io.BytesIO()  # whole pixels per module: sharp to scan
        code.save(buffer, kind="png", scale=max(1, QR_SIDE // width), border=QR_BORDER)
        pixmap = QPixmap()
        pixmap.loadFromData(buffer.getvalue())
        self.qr.setPixmap(pixmap)
        self.qr.setToolTip(uri)

    def reload(self) -> None:
        spawn(self._load(), "OMEMO devices")

    async def reload_now(self) -> None:
        await self._load()

    async def _load(self) -> None:
        trust = self.session.omemo.trust
        if self.qr.pixmap().isNull():
            await self._show_qr()
        theirs = await trust.devices(self.peer, refresh=True)
        # Own devices taken off the device list (removed here or elsewhere) are gone for good.
        mine = [d for d in await trust.devices(self.session.jid) if d.active or d.own]
        self.seen = {**await trust.last_seen(self.peer),
                     **{(self.session.jid, k): v
                        for k, v in (await trust.last_seen(self.session.jid)).items()}}
        while self.rows.count() > 1:
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        at = 0
        for title, devices in ((self.peer, theirs), (self.tr("Your devices"), mine)):
            self.rows.insertWidget(at, plain_label(title, "sectionTitle"))
            at += 1
            for device in devices:
                self.rows.insertWidget(at, self._device_row(device))
                at += 1
        self.loaded = True

    def _device_row(self, device: Any) -> QFrame:
        frame = QFrame()
        frame.setObjectName(f"omemoDevice{device.device_id}")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        column = QVBoxLayout(frame)
        column.setContentsMargins(12, 8, 12, 8)
        column.setSpacing(4)
        versions = ", ".join(name for ns, name in ((TWOMEMO, "OMEMO 2"),
                                                   (OLDMEMO, self.tr("legacy OMEMO")))
                             if ns in device.namespaces)
        head = self.tr("Device {id} · {versions}").format(id=device.device_id,
                                                          versions=versions)
        if device.own:
            head += " · " + self.tr("this device")
        elif not device.active:
            head += " · " + self.tr("no longer in use")
        column.addWidget(plain_label(head, "deviceTitle"))
        if not device.own:
            when = self.seen.get(device.device_id if device.owner == self.peer
                                 else (device.owner, device.device_id))
            seen = (self.tr("Last message: {when}").format(when=QLocale().toString(
                QDateTime.fromSecsSinceEpoch(int(when)), QLocale.FormatType.ShortFormat))
                if when is not None else self.tr("No message from it yet"))
            column.addWidget(plain_label(seen, "lastSeen"))
        namespace = TWOMEMO if TWOMEMO in device.namespaces else OLDMEMO
        printed = QLabel(blocks(fingerprint(device.identity_key, namespace)))
        printed.setObjectName("fingerprint")
        printed.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        printed.setTextInteractionFlags(printed.textInteractionFlags().TextSelectableByMouse)
        printed.setWordWrap(True)
        column.addWidget(printed)
        if getattr(device, "key_changed", False):  # a refused new key (omemo_key_changed.py)
            column.addWidget(key_change_box(self, device))
        if device.own:
            return frame
        if device.owner == self.session.jid:
            remove = QPushButton(self.tr("Remove"))
            remove.setObjectName("removeDeviceButton")
            remove.setToolTip(self.tr("Take this device off your account's device list"))
            remove.clicked.connect(lambda _c=False, d=device: self.ask_to_remove(d))
            column.addWidget(remove, 0, Qt.AlignmentFlag.AlignRight)
        if (vouched := vouched_label(device, self.session.jid)) is not None:  # XEP-0450
            column.addWidget(vouched)
        row = QHBoxLayout()
        state = plain_label(self._state_text(device.state), "trustState")
        row.addWidget(state, 1)
        for name, text, chosen in (("trustButton", self.tr("Trust"), TrustState.TRUSTED),
                                   ("verifyButton", self.tr("Verify"), TrustState.VERIFIED),
                                   ("distrustButton", self.tr("Distrust"),
                                    TrustState.DISTRUSTED)):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setEnabled(device.state is not chosen)
            button.clicked.connect(lambda _c=False, d=device, s=chosen: self.decide(d, s))
            row.addWidget(button)
        column.addLayout(row)
        return frame

    def ask_to_remove(self, device: Any) -> ConfirmDialog:
        """Removing an own device is asked first (non-modal)."""
        dialog = ConfirmDialog(
            self.tr("Remove device {id}?").format(id=device.device_id),
            self.tr("Your contacts stop encrypting messages for it. If it is still in use, it "
                    "adds itself back the next time it connects."),
            self.tr("Remove"), self)
        dialog.setObjectName("confirmRemoveDeviceDialog")
        dialog.confirmed.connect(lambda: self._remove(device.device_id))
        self.confirm = dialog
        dialog.open()
        return dialog

    def _remove(self, device_id: int) -> None:
        async def remove() -> None:
            await self.session.omemo.trust.remove_own_device(device_id)
            await self._load()

        self.loaded = False
        spawn(remove(), "remove an OMEMO device")

    def _state_text(self, state: TrustState) -> str:
        return {
            TrustState.UNDECIDED: self.tr("Not decided: gets no messages until you decide"),
            TrustState.TRUSTED: self.tr("Trusted (not verified)"),
            TrustState.VERIFIED: self.tr("Verified"),
            TrustState.DISTRUSTED: self.tr("Distrusted: gets no messages"),
        }[state]

    def decide(self, device: Any, state: TrustState) -> None:
        async def store() -> None:
            await self.session.omemo.trust.set_state(device.owner, device.device_id, state)
            await self._load()

        self.loaded = False
        spawn(store(), "OMEMO trust decision")

