"""``xmpp:room@service?join`` (XEP-0045 §16.1, registered under XEP-0147): a small dialog
that names the room and asks for a nickname; only the user's click joins.

The registry gives the join action one key, ``password`` (the link's password is used, never
shown or logged); any other key in the link is ignored. The room address comes from a link
anyone could write, so it is shown as plain text and joined only as the bare address it is.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from heron.core.errors import HeronError
from heron.core.tasks import spawn
from heron.core.xmpp_uri import XmppUri
from heron.ui.widgets import plain_label
from heron.xmpp.services.room_joining import joiner_for
from heron.xmpp.services.rooms_api import RoomJoiner

if TYPE_CHECKING:
    from heron.ui.main_window import MainWindow

log = logging.getLogger(__name__)
JOIN_KEYS = frozenset({"password"})  # the keys XEP-0045 registers for ?join


class JoinLinkDialog(QDialog):
    joined = Signal(str)

    def __init__(self, account: str, room: str, password: str, joiner: RoomJoiner | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.account, self.room, self.joiner = account, room, joiner
        self._password = password
        self.setObjectName("joinLinkDialog")
        self.setWindowTitle(self.tr("Join room"))
        self.setAccessibleName(self.tr("Join room"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(plain_label(self.tr("A link asks you to join this room:")))
        self.address = plain_label(room, "joinLinkRoom")
        font = self.address.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.address.setFont(font)
        layout.addWidget(self.address)
        form = QFormLayout()
        self.nick = QLineEdit(account.split("@", 1)[0])
        self.nick.setObjectName("joinLinkNick")
        self.nick.setAccessibleName(self.tr("Nickname"))
        self.nick.setMaxLength(100)
        form.addRow(self.tr("Nickname"), self.nick)
        layout.addLayout(form)
        if password:
            layout.addWidget(plain_label(self.tr("The link includes the room's password."),
                                         "joinLinkPasswordNote"))
        self.error = plain_label("", "joinLinkError")
        self.error.setStyleSheet("color: #d64545;")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.join_button = buttons.addButton(self.tr("Join"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.join_button.setObjectName("joinLinkButton")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(lambda: spawn(self.join(), "join from a link"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    async def join(self) -> bool:
        nick = self.nick.text().strip()
        if not nick:
            return self._failed(self.tr("Choose a nickname first."))
        if self.joiner is None:
            return self._failed(self.tr("Joining rooms is not available for this account."))
        self.join_button.setEnabled(False)
        try:
            await self.joiner.join(self.room, nick, self._password or None)
        except HeronError as exc:
            return self._failed(str(exc))
        finally:
            self.join_button.setEnabled(True)
        self.joined.emit(self.room)
        self.accept()
        return True

    def _failed(self, text: str) -> bool:
        self.error.setText(text)
        self.error.show()
        return False


def open_join_link(window: MainWindow, account: str, uri: XmppUri) -> JoinLinkDialog | None:
    """The confirm dialog for a ``?join`` link; None (and a banner) when offline."""
    session = window.app.sessions.get(account)
    if session is None or not session.connection.connected:
        window.show_error(QCoreApplication.translate(
            "RoomLink", "Go online to join {room}.").format(room=uri.jid))
        return None
    ignored = sorted(set(uri.params) - JOIN_KEYS)
    if ignored:
        log.info("join link: keys the registry does not define were ignored: %s", ignored)
    dialog = JoinLinkDialog(account, uri.jid, uri.params.get("password", ""),
                            joiner_for(session), window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
