"""A refused server certificate: why, its fingerprint, and trust where that is allowed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from heron.ui.dialog_buttons import _buttons
from heron.ui.widgets import plain_label as _plain_label


class CertificateDialog(QDialog):
    """The server's certificate was refused: show why and its SHA-256 fingerprint. Only when
    its one fault is an unknown issuer (``pinnable``) may the user trust it; a wrong name, an
    expired date or an unusable key has no way past it here. A changed certificate says so
    loudly."""

    trusted = Signal(str, str)  # account, fingerprint

    def __init__(self, account: str, host: str, fingerprint: str, reason: str, changed: bool,  # noqa: PLR0917  what the dialog shows
                 parent: QWidget | None = None, *, pinnable: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("certificateDialog")
        self.setWindowTitle(self.tr("Untrusted certificate"))
        self.setFixedWidth(560)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetFixedSize)
        layout.setContentsMargins(24, 22, 24, 20)
        layout.setSpacing(12)
        if changed:
            heading = self.tr("The server's certificate has CHANGED")
        elif pinnable:
            heading = self.tr("Heron could not verify this server")
        else:
            heading = self.tr("Heron refused this server's certificate")
        layout.addWidget(_plain_label(heading, "dialogTitle"))
        if pinnable:
            text = self.tr(
                "The certificate presented by {host} for {account} is not trusted.\n{reason}"
                "\n\nOnly continue if you checked that this fingerprint is the server's, for "
                "example with its administrator.")
        else:
            text = self.tr(
                "Heron refused the certificate presented by {host} for {account}.\n{reason}"
                "\n\nHeron will not sign in with this certificate, and it cannot be trusted "
                "from here. Tell the server's administrator.")
        self.reason = _plain_label(text.format(host=host, account=account, reason=reason),
                                   "certificateReason")
        layout.addWidget(self.reason)
        pairs = fingerprint.split(":")
        shown = ":".join(pairs[:16]) + "\n" + ":".join(pairs[16:]) if len(pairs) > 16 \
            else fingerprint  # noqa: PLR2004  16 bytes per line
        self.fingerprint = _plain_label(shown, "fingerprint")
        self.fingerprint.setProperty("fingerprint", fingerprint)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setAccessibleName(self.tr("SHA-256 fingerprint"))
        layout.addWidget(_plain_label(self.tr("SHA-256 fingerprint"), "conversationSubtitle"))
        layout.addWidget(self.fingerprint)
        self._account, self._fingerprint = account, fingerprint
        self.ok: QPushButton | None = None
        if pinnable:
            row, self.ok, _ = _buttons(self.tr("Trust this certificate"), self)
            self.ok.setProperty("primary", False)
            self.ok.setDefault(False)
            self.ok.clicked.connect(self._trust)
        else:
            row = QHBoxLayout()
            row.addStretch(1)
            close = QPushButton(self.tr("Close"))
            close.setObjectName("closeButton")
            close.setDefault(True)
            close.clicked.connect(self.reject)
            row.addWidget(close)
        layout.addLayout(row)

    def _trust(self) -> None:
        self.trusted.emit(self._account, self._fingerprint)
        self.accept()
