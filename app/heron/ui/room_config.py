"""Creating a room and configuring it (XEP-0045 §10.1-§10.2) through its own form.

"Create room…" asks for an address and a nickname and whether to open the room at once with
the service's defaults (an instant room) or to choose its settings first; then the room's real
configuration form is shown by ``RoomConfigDialog`` (ui/data_form.py). "Configure room…" opens
the same dialog later, for owners. Cancelling the form of a room we just created destroys it
(the service does so for a room still locked).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QRadioButton, QVBoxLayout, QWidget

from heron.application import Heron
from heron.core.data_forms import Form
from heron.core.errors import HeronError
from heron.core.tasks import spawn
from heron.ui.data_form import DataFormWidget
from heron.ui.dialogs import _buttons
from heron.ui.room_join import JoinRoomDialog
from heron.ui.widgets import plain_label

if TYPE_CHECKING:
    from heron.xmpp.services.muc_admin import MucAdmin


def sentence(exc: HeronError) -> str:
    """A refusal's sentence and next step, as one line for a dialog or the problem line."""
    error = exc.error
    return f"{error.message} {error.next_step}" if error is not None else str(exc)


class RoomConfigDialog(QDialog):
    """The room's configuration form, loaded from the room, saved back to it."""

    saved = Signal(str, str)  # account, room

    def __init__(self, app: Heron, account: str, room: str, parent: QWidget | None = None, *,
                 created: bool = False, form: Form | None = None) -> None:
        super().__init__(parent)
        self.app, self.account, self.room, self.created = app, account, room, created
        self.setObjectName("roomConfigDialog")
        self.setWindowTitle(self.tr("Room settings"))
        self.resize(640, 720)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(24, 22, 16, 20)
        self.column.setSpacing(10)
        self.column.addWidget(plain_label(self.windowTitle(), "dialogTitle"))
        self.address = plain_label(room, "conversationSubtitle")
        self.address.setWordWrap(False)  # an address does not break; it is elided
        self.column.addWidget(self.address)
        self.status = plain_label(self.tr("Asking the room for its settings…"), "formStatus")
        self.column.addWidget(self.status)
        self.form: DataFormWidget | None = None
        self.error = plain_label("", "formError")
        self.error.setAccessibleName(self.tr("Problem"))
        self.error.hide()
        self.column.addStretch(1)
        self.column.addWidget(self.error)
        row, self.ok, self.cancel = _buttons(self.tr("Save"), self)
        self.ok.setEnabled(False)
        self.ok.clicked.connect(self.save)
        self.column.addLayout(row)
        if form is not None:
            self.show_form(form)
        else:
            spawn(self._load(), "room settings")

    async def _load(self) -> None:
        session = self.app.sessions.get(self.account)
        if session is None:
            self.show_problem(self.tr("This account is not connected."))
            return
        try:
            form = await session.muc_admin.get_config(self.room)
        except HeronError as exc:
            self.status.hide()
            self.show_problem(sentence(exc))
            return
        self.show_form(form)

    def show_form(self, form: Form) -> None:
        self.status.hide()
        if form.title:  # the service's own title ("Configuration for …")
            self.setWindowTitle(form.title)
        self.form = DataFormWidget(form)
        stretch = self.column.indexOf(self.error) - 1
        self.column.takeAt(stretch)  # the form takes the room the stretch kept
        self.column.insertWidget(stretch, self.form, 1)
        self.ok.setEnabled(True)
        first = next(iter(self.form.rows.values()), None)
        if first is not None:
            first.widget.setFocus()

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def save(self) -> None:
        if self.form is None or not self.form.validate():
            return
        session = self.app.sessions.get(self.account)
        if session is None:
            self.show_problem(self.tr("This account is not connected."))
            return
        self.error.hide()
        self.ok.setEnabled(False)
        self.ok.setText(self.tr("Saving…"))
        spawn(self._save(session.muc_admin, self.form.form, self.form.answers()),
              "save room settings")

    async def _save(self, admin: MucAdmin, form: Form, answers: dict[str, list[str]]) -> None:
        try:
            await admin.set_config(self.room, form, answers)
        except HeronError as exc:
            self.show_problem(sentence(exc))
            return
        finally:
            self.ok.setEnabled(True)
            self.ok.setText(self.tr("Save"))
        self.created = False
        self.saved.emit(self.account, self.room)
        self.accept()

    def reject(self) -> None:
        session = self.app.sessions.get(self.account)
        if self.created and session is not None:  # a new room still locked: it goes away
            spawn(session.muc_admin.cancel_config(self.room), "cancel room settings")
        super().reject()


class CreateRoomDialog(JoinRoomDialog):
    """The join dialog's fields (account, address, nickname, their checks), then instant or
    configured; "Create" creates the room instead of joining it."""

    created = Signal(str, str)  # account, room

    def __init__(self, app: Heron, parent: QWidget | None = None, room: str = "",
                 nick: str = "") -> None:
        super().__init__(app, parent)
        self.config_dialog: RoomConfigDialog | None = None
        self.setObjectName("createRoomDialog")
        self.setWindowTitle(self.tr("Create a room"))
        title = self.findChild(QLabel, "dialogTitle")
        if title is not None:
            title.setText(self.windowTitle())
        self.address.setText(room)
        if nick:
            self.nick.setText(nick)
            self.nick.setModified(True)
        self.password_toggle.hide()  # a password is one of the settings, in the form
        self.instant = QRadioButton(self.tr("Open it now with the usual settings"))
        self.instant.setObjectName("createRoomInstant")
        self.configured = QRadioButton(self.tr("Choose its settings first"))
        self.configured.setObjectName("createRoomConfigured")
        self.instant.setChecked(True)
        column = self.layout()
        if isinstance(column, QVBoxLayout):  # under the fields, where the password was
            at = column.indexOf(self.password_toggle)
            column.insertWidget(at, self.configured)
            column.insertWidget(at, self.instant)
        self.ok.setText(self.tr("Create"))
        self.ok.clicked.disconnect()
        self.ok.clicked.connect(lambda: self.submit(create=True))

    async def _join(self, account: str, room: str, nick: str, password: str | None,
                    create: bool) -> None:
        session = self.app.sessions[account]
        instant = self.instant.isChecked()
        try:
            new = await session.muc_admin.create(room, nick, instant=instant)
            form = None if instant else await session.muc_admin.get_config(room)
        except HeronError as exc:
            self.show_problem(sentence(exc))
            return
        finally:
            self.ok.setEnabled(True)
            self.ok.setText(self.tr("Create"))
        spawn(session.bookmarks.remember_join(room, nick, None), "bookmark the room")
        self.created.emit(account, room)
        self.joined.emit(account, room)
        if form is not None:
            self.config_dialog = RoomConfigDialog(self.app, account, room, self.parentWidget(),
                                                  created=new, form=form)
            self.config_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.config_dialog.open()
        self.accept()


def open_create_room(app: Heron, parent: QWidget, room: str = "",
                     nick: str = "") -> CreateRoomDialog:
    dialog = CreateRoomDialog(app, parent, room, nick)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def open_room_config(app: Heron, account: str, room: str, parent: QWidget) -> RoomConfigDialog:
    dialog = RoomConfigDialog(app, account, room, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
