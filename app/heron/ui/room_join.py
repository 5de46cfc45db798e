"""The "Join room…" dialog (Ctrl+J): address, nickname, and a password only when needed.

The password field hides behind a "Password" disclosure until the user opens it or the room
says it wants one. A refusal is shown inline in plain words (core/errors.py); when the room
does not exist the dialog offers to create it. Joining goes through ``MucService.join``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from heron.application import Heron
from heron.core.errors import ErrorKind, RoomJoinError
from heron.core.jid import looks_valid
from heron.core.tasks import spawn
from heron.ui.dialogs import _buttons
from heron.ui.widgets import plain_label


class JoinRoomDialog(QDialog):
    joined = Signal(str, str)  # account, room
    #: "Create this room" for a room that does not exist: (room, nick) for the create dialog,
    #: which offers the room's settings form before the room opens (ui/room_config.py)
    create_requested = Signal(str, str)

    def __init__(self, app: Heron, parent: QWidget | None = None) -> None:  # noqa: PLR0915  builds the form
        super().__init__(parent)
        self.app = app
        self.setObjectName("joinRoomDialog")
        self.setWindowTitle(self.tr("Join a room"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 20)
        layout.setSpacing(12)
        # Grow with what appears (an error, the password): never squash the fields.
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(plain_label(self.windowTitle(), "dialogTitle"))
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.account = QComboBox()
        self.account.setObjectName("roomAccountCombo")
        self.account.setAccessibleName(self.tr("Account"))
        for jid in sorted(app.sessions):
            self.account.addItem(jid, jid)
        self.address = QLineEdit()
        self.address.setObjectName("roomAddressEdit")
        self.address.setAccessibleName(self.tr("Room address"))
        self.address.setPlaceholderText("room@conference.example.org")
        self.address.setMinimumWidth(320)
        self.address.editingFinished.connect(self._suggest_nick)
        self.nick = QLineEdit()
        self.nick.setObjectName("roomNickEdit")
        self.nick.setAccessibleName(self.tr("Nickname"))
        self.password = QLineEdit()
        self.password.setObjectName("roomPasswordEdit")
        self.password.setAccessibleName(self.tr("Room password"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        if self.account.count() > 1:
            form.addRow(self.tr("Account"), self.account)
        else:
            self.account.hide()
        form.addRow(self.tr("Room"), self.address)
        form.addRow(self.tr("Nickname"), self.nick)
        form.addRow(self.tr("Password"), self.password)
        self.form = form
        self.form.setRowVisible(self.password, False)
        layout.addLayout(form)
        self.password_toggle = QPushButton(self.tr("Password…"))
        self.password_toggle.setObjectName("roomPasswordToggle")
        self.password_toggle.setProperty("link", True)
        self.password_toggle.clicked.connect(self.show_password)
        layout.addWidget(self.password_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        self.error = plain_label("", "formError")
        self.error.setAccessibleName(self.tr("Problem"))
        self.error.hide()
        layout.addWidget(self.error)
        self.create_button = QPushButton(self.tr("Create this room"))
        self.create_button.setObjectName("createRoomButton")
        self.create_button.clicked.connect(self._create_instead)
        self.create_button.hide()
        layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignLeft)
        row, self.ok, _ = _buttons(self.tr("Join"), self)
        layout.addLayout(row)
        self.ok.clicked.connect(lambda: self.submit(create=False))
        self.account.currentIndexChanged.connect(lambda _i: self._suggest_nick())
        self._suggest_nick()
        self.address.setFocus()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._fit()
        return handled

    def show_password(self) -> None:
        self.form.setRowVisible(self.password, True)
        self.password_toggle.hide()
        self.password.setFocus()
        self._fit()

    def _suggest_nick(self) -> None:
        """The nick used in this room before, else the account's name before the @."""
        session = self.app.sessions.get(str(self.account.currentData() or ""))
        if session is None or self.nick.isModified():
            return
        room = self.address.text().strip()

        async def fill() -> None:
            nick = await session.muc.default_nick(room.lower()) if looks_valid(room) else \
                session.jid.split("@")[0]
            if isValid(self.nick) and not self.nick.isModified():  # the dialog may be gone
                self.nick.setText(nick)

        spawn(fill(), "suggest a nick")

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self._fit()

    def _fit(self) -> None:
        """Grow with what appears (an error, the password), never squash the fields: the
        minimum size does not count what wrapped text needs at this width."""
        layout = self.layout()
        if layout is None:
            return
        needed = layout.totalHeightForWidth(self.width())
        if self.height() < needed:
            self.resize(self.width(), needed)

    def _create_instead(self) -> None:
        self.create_requested.emit(self.address.text().strip().lower(), self.nick.text().strip())
        self.accept()

    def submit(self, create: bool = False) -> None:
        account = str(self.account.currentData() or "")
        room = self.address.text().strip().lower()
        nick = self.nick.text().strip()
        session = self.app.sessions.get(account)
        if session is None:
            self.show_problem(self.tr("This account is not connected."))
            return
        if not looks_valid(room) or "@" not in room:
            self.show_problem(self.tr("Enter a room address like room@conference.example.org."))
            return
        if not nick:
            self.show_problem(self.tr("Enter a nickname."))
            return
        self.error.hide()
        self.create_button.hide()
        self.ok.setEnabled(False)
        self.ok.setText(self.tr("Joining…"))
        spawn(self._join(account, room, nick, self.password.text() or None, create), "join room")

    async def _join(self, account: str, room: str, nick: str, password: str | None,
                    create: bool) -> None:
        session = self.app.sessions[account]
        try:
            await session.muc.join(room, nick, password, create=create)
            spawn(session.bookmarks.remember_join(room, nick, password), "bookmark the room")
        except RoomJoinError as exc:
            error = exc.error
            self.show_problem(f"{error.message} {error.next_step}" if error else str(exc))
            if error is not None and error.kind is ErrorKind.ROOM_PASSWORD:
                self.show_password()
            if error is not None and error.kind is ErrorKind.ROOM_NOT_FOUND:
                self.create_button.show()
            return
        finally:
            self.ok.setEnabled(True)
            self.ok.setText(self.tr("Join"))
        self.joined.emit(account, room)
        self.accept()


def open_join_room(app: Heron, parent: QWidget) -> JoinRoomDialog:
    """Open the dialog (non-modal: the event loop and tests go on)."""
    dialog = JoinRoomDialog(app, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
