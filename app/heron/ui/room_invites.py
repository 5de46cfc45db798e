"""Room invitations in the window (XEP-0249 direct, XEP-0045 mediated): an incoming one asks
"Bob invites you to Room" with Join and Decline; a room's header offers "Invite…", which
picks a contact and sends the invitation. Every text from the invitation is plain text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from heron.core.bus import Phase
from heron.core.events import RoomInvited
from heron.core.tasks import spawn
from heron.models.bus_scope import scoped
from heron.models.roster import ROOM
from heron.ui.dialogs import _buttons
from heron.ui.widgets import plain_label

if TYPE_CHECKING:
    from collections.abc import Awaitable

    from heron.ui.main_window import MainWindow
    from heron.ui.room_join import JoinRoomDialog
    from heron.ui.room_pane import RoomView


def _frame(dialog: QDialog, name: str, title: str) -> QVBoxLayout:
    """A small non-modal dialog's column, with its title on top."""
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    dialog.setMinimumWidth(420)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(24, 22, 24, 20)
    layout.setSpacing(12)
    layout.addWidget(plain_label(title, "dialogTitle"))
    return layout


class InvitationDialog(QDialog):
    """"Bob invites you to Room (reason)" with Join and Decline (non-modal)."""

    def __init__(self, window: MainWindow, invitation: RoomInvited) -> None:
        super().__init__(window)
        self.window_ = window
        self.invitation = invitation
        layout = _frame(self, "roomInvitationDialog", self.tr("Invitation to a room"))
        row = window.roster_model.row_for(invitation.inviter) if invitation.inviter else None
        who = row.display if row is not None else invitation.inviter or self.tr("Someone")
        self.text = plain_label(self.tr("{who} invites you to {room}").format(
            who=who, room=invitation.room), "invitationText")
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        self.reason = plain_label(f"“{invitation.reason}”", "invitationReason")
        self.reason.setWordWrap(True)
        self.reason.setVisible(bool(invitation.reason))
        layout.addWidget(self.reason)
        buttons, self.join, self.decline = _buttons(self.tr("Join"), self)
        self.decline.setText(self.tr("Decline"))
        self.decline.setObjectName("declineInvitationButton")
        self.join.setObjectName("joinInvitationButton")
        self.decline.clicked.disconnect()
        self.decline.clicked.connect(self._decline)
        self.join.clicked.connect(self._join)
        layout.addLayout(buttons)

    def _join(self) -> None:
        """Through the Join dialog, filled in: a nick taken or a wrong password is said
        there, as for any join."""
        dialog = self.window_.sidebar.open_join_room()
        index = dialog.account.findData(self.invitation.account)
        if index >= 0:
            dialog.account.setCurrentIndex(index)
        dialog.address.setText(self.invitation.room)
        if self.invitation.password:
            dialog.show_password()
            dialog.password.setText(self.invitation.password)
        session = self.window_.app.sessions.get(self.invitation.account)
        if session is not None:
            spawn(self._submit(dialog, session.muc.default_nick(self.invitation.room)),
                  "join an invitation's room")
        self.accept()

    @staticmethod
    async def _submit(dialog: JoinRoomDialog, nick: Awaitable[str]) -> None:
        dialog.nick.setText(await nick)
        dialog.nick.setModified(True)
        dialog.submit()

    def _decline(self) -> None:
        session = self.window_.app.sessions.get(self.invitation.account)
        if session is not None:
            session.muc_invites.decline(self.invitation)
        self.reject()


class Invitations(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.open: list[InvitationDialog] = []
        bus = scoped(self, window.app.bus)  # unsubscribed when this is destroyed
        bus.subscribe(RoomInvited, self._on_invited, Phase.UI)

    def _on_invited(self, event: RoomInvited) -> None:
        dialog = InvitationDialog(self.window, event)
        self.open = [d for d in self.open if d.isVisible()] + [dialog]
        dialog.finished.connect(lambda _r: self.open.remove(dialog) if dialog in self.open
                                else None)
        dialog.open()


class InviteDialog(QDialog):
    """Pick a contact (and a reason) to invite to the open room."""

    def __init__(self, room: RoomView, parent: QWidget) -> None:
        super().__init__(parent)
        assert room.current is not None  # noqa: S101  the button shows only in a room
        self.account, self.room = room.current
        self.app = room.pane.app
        layout = _frame(self, "inviteDialog", self.tr("Invite to this room"))
        form = QFormLayout()
        self.contact = QComboBox()
        self.contact.setObjectName("inviteContactCombo")
        self.contact.setAccessibleName(self.tr("Contact"))
        seen: set[str] = set()
        for row in sorted(room.pane.roster_model.entries(), key=lambda r: r.display.casefold()):
            if row.account == self.account and row.subscription != ROOM \
                    and not row.request and row.jid not in seen:
                seen.add(row.jid)
                self.contact.addItem(f"{row.display} ({row.jid})" if row.name else row.jid,
                                     row.jid)
        self.reason = QLineEdit()
        self.reason.setObjectName("inviteReasonEdit")
        self.reason.setAccessibleName(self.tr("Reason"))
        self.reason.setPlaceholderText(self.tr("Optional"))
        form.addRow(self.tr("Contact"), self.contact)
        form.addRow(self.tr("Reason"), self.reason)
        layout.addLayout(form)
        buttons, self.ok, _cancel = _buttons(self.tr("Invite"), self)
        self.ok.setEnabled(self.contact.count() > 0)
        self.ok.clicked.connect(self._invite)
        layout.addLayout(buttons)

    def _invite(self) -> None:
        session = self.app.sessions.get(self.account)
        contact = str(self.contact.currentData() or "")
        if session is not None and contact:
            spawn(session.muc_invites.invite(self.room, contact, self.reason.text().strip()),
                  "invite to a room")
        self.accept()


def invite_button(room: RoomView) -> QToolButton:
    """"Invite…" in a room's header (shown with the room, see RoomView.open)."""
    translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")
    button = QToolButton()
    button.setObjectName("inviteButton")
    button.setText(translate("RoomView", "Invite…"))
    button.setAccessibleName(translate("RoomView", "Invite someone to this room"))
    button.setToolTip(translate("RoomView", "Invite someone to this room"))
    button.clicked.connect(lambda: open_invite(room))
    button.hide()
    return button


def open_invite(room: RoomView) -> InviteDialog:
    dialog = InviteDialog(room, room.pane.window())
    dialog.open()
    return dialog
