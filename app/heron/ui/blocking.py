"""Blocking someone (XEP-0191), with a spam report for strangers (XEP-0377), and the list of
blocked addresses with a way back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from heron.core.bus import Phase
from heron.core.events import BlockListChanged
from heron.models.bus_scope import scoped
from heron.ui.widgets import plain_label, run_reported

if TYPE_CHECKING:
    from heron.application import Heron


class BlockDialog(QDialog):
    """"Block Bob?" with what it does; a stranger can also be reported as spam."""

    confirmed = Signal(bool)  # report as spam

    def __init__(self, name: str, jid: str, stranger: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("blockDialog")
        title = self.tr("Block {name}?").format(name=name)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(plain_label(title, "dialogTitle"))
        layout.addWidget(plain_label(self.tr(
            "{jid} will no longer reach you: no messages, no calls, no contact requests, and "
            "your presence is hidden from them. You can unblock them later from "
            "Blocked contacts in the menu.").format(jid=jid), "conversationSubtitle"))
        self.report = QCheckBox(self.tr("Also report as spam to your server"))
        self.report.setObjectName("reportSpamCheck")
        self.report.setVisible(stranger)  # a contact one added is not spam
        layout.addWidget(self.report)
        row = QHBoxLayout()
        row.addStretch(1)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setDefault(True)
        cancel.clicked.connect(self.reject)
        self.ok = QPushButton(self.tr("Block"))
        self.ok.setObjectName("okButton")
        self.ok.setProperty("danger", True)
        self.ok.clicked.connect(self._confirm)
        row.addWidget(cancel)
        row.addWidget(self.ok)
        layout.addLayout(row)

    def _confirm(self) -> None:
        self.confirmed.emit(self.report.isVisible() and self.report.isChecked())
        self.accept()


class BlockedListDialog(QDialog):
    """The addresses an account blocks, each with Unblock; follows changes live."""

    def __init__(self, app: Heron, account: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.account = app, account
        self.setObjectName("blockedListDialog")
        self.setWindowTitle(self.tr("Blocked contacts"))
        self.setMinimumSize(420, 360)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(plain_label(self.windowTitle(), "dialogTitle"))
        layout.addWidget(plain_label(account, "conversationSubtitle"))
        self.list = QListWidget()
        self.list.setObjectName("blockedList")
        self.list.setAccessibleName(self.tr("Blocked addresses"))
        layout.addWidget(self.list, 1)
        self.empty = plain_label(self.tr("Nobody is blocked."), "rosterEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty)
        self.error = plain_label("", "formError")
        self.error.hide()
        layout.addWidget(self.error)
        row = QHBoxLayout()
        row.addStretch(1)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
        session = app.sessions.get(account)
        self.show_list(sorted(session.blocking.blocked) if session else [])
        bus = scoped(self, app.bus)  # unsubscribed when this is destroyed
        bus.subscribe(BlockListChanged, self._on_changed, Phase.UI)

    def _on_changed(self, event: BlockListChanged) -> None:
        if event.account == self.account and self.isVisible():
            self.show_list(list(event.blocked))

    def show_list(self, blocked: list[str]) -> None:
        self.list.clear()
        for jid in blocked:
            item = QListWidgetItem(self.list)
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(8, 4, 8, 4)
            line.addWidget(plain_label(jid, "blockedJid"), 1)
            unblock = QPushButton(self.tr("Unblock"))
            unblock.setObjectName(f"unblock:{jid}")
            unblock.setAccessibleName(self.tr("Unblock {jid}").format(jid=jid))
            unblock.clicked.connect(lambda _c=False, j=jid: self.unblock(j))
            line.addWidget(unblock)
            item.setSizeHint(row.sizeHint())
            self.list.setItemWidget(item, row)
        self.empty.setVisible(not blocked)
        self.list.setVisible(bool(blocked))

    def unblock(self, jid: str) -> None:
        session = self.app.sessions.get(self.account)
        if session is None:
            self._report(self.tr("This account is not connected."))
            return
        self.error.hide()
        run_reported(session.blocking.unblock(jid), self._report)

    def _report(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
