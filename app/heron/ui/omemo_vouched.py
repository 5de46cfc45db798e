"""The keys view's line under a key that another device verified (XEP-0450, omemo_atm.py):
which device vouched for it, so the user can tell an automatic verification from their own."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


class VouchedLabel(QLabel):
    """"Verified by your device 1234 (automatically)" for ``device`` (a DeviceTrust)."""

    def __init__(self, device: Any, own_jid: str) -> None:
        super().__init__()
        self.setObjectName("verifiedBy")
        self.setTextFormat(Qt.TextFormat.PlainText)  # a JID from the network
        self.setWordWrap(True)
        by_jid, by_device = device.verified_by
        if by_jid == own_jid:
            text = self.tr("Verified by your device {id} (automatically)").format(id=by_device)
        else:
            text = self.tr("Verified by {jid}'s device {id} (automatically)").format(
                jid=by_jid, id=by_device)
        self.setText("✓ " + text)
        self.setToolTip(self.tr(
            "You had verified the key of that device; it told Heron that it verified this "
            "key (automatic trust management). Choose Verify or Distrust to decide yourself."))


def vouched_label(device: Any, own_jid: str) -> QLabel | None:
    """The line for ``device``, or None when no other device verified it."""
    return VouchedLabel(device, own_jid) if getattr(device, "verified_by", None) else None
