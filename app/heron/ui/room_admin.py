"""Running a room from its pane (XEP-0045 §8-§10): the room's entries in the conversation
menu (subject, settings, people's lists, destroy), the subject edited by a double-click, and
the occupant menu (kick, ban, voice, moderator). Requests go through ``MucAdmin``; a refusal
is shown in plain words (core/errors.py) in the pane's problem line or the dialog.
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from heron.core.data_forms import jid_ok
from heron.core.errors import HeronError
from heron.core.events import Occupant
from heron.core.tasks import spawn
from heron.ui.confirm import ConfirmDialog
from heron.ui.dialogs import _buttons
from heron.ui.room_config import RoomConfigDialog, open_room_config
from heron.ui.room_config import sentence as _sentence
from heron.ui.widgets import plain_label

if TYPE_CHECKING:
    from heron.ui.room_pane import RoomView
    from heron.xmpp.services.muc_admin import MucAdmin

RANK = {"owner": 3, "admin": 2, "member": 1}


class SubjectDialog(QDialog):
    """One line: the room's new subject."""

    def __init__(self, subject: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roomSubjectDialog")
        self.setWindowTitle(self.tr("Change the subject"))
        self.setMinimumWidth(460)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 22, 24, 20)
        column.setSpacing(12)
        column.addWidget(plain_label(self.windowTitle(), "dialogTitle"))
        self.edit = QLineEdit(subject)
        self.edit.setObjectName("roomSubjectEdit")
        self.edit.setAccessibleName(self.tr("Subject"))
        column.addWidget(self.edit)
        self.error = plain_label("", "formError")
        self.error.hide()
        column.addWidget(self.error)
        row, self.ok, _ = _buttons(self.tr("Change"), self)
        column.addLayout(row)
        self.edit.selectAll()


class DestroyDialog(ConfirmDialog):
    """Destroying cannot be undone: say so, and let the owner give a reason."""

    def __init__(self, room: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Destroy this room?"), self.tr(
            "{room} will be gone for everyone in it, with its settings and lists."
        ).format(room=room), self.tr("Destroy room"), parent)
        self.setObjectName("destroyRoomDialog")
        self.reason = QLineEdit()
        self.reason.setObjectName("destroyReason")
        self.reason.setAccessibleName(self.tr("Reason"))
        self.reason.setPlaceholderText(self.tr("Reason (optional, everyone sees it)"))
        column = self.layout()
        if isinstance(column, QVBoxLayout):
            column.insertWidget(column.count() - 1, self.reason)


class AffiliationsDialog(QDialog):
    """Owners, admins, members and banned people, one tab each, read from the room."""

    def __init__(self, admin: MucAdmin, room: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.admin, self.room = admin, room
        self.setObjectName("roomAffiliationsDialog")
        self.setWindowTitle(self.tr("People's roles in the room"))
        self.resize(520, 460)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 22, 24, 20)
        column.setSpacing(10)
        column.addWidget(plain_label(self.windowTitle(), "dialogTitle"))
        column.addWidget(plain_label(room, "conversationSubtitle"))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("affiliationTabs")
        self.lists: dict[str, QListWidget] = {}
        titles = {"owner": self.tr("Owners"), "admin": self.tr("Admins"),
                  "member": self.tr("Members"), "outcast": self.tr("Banned")}
        for affiliation, title in titles.items():
            view = QListWidget()
            view.setObjectName(f"affiliation:{affiliation}")
            view.setAccessibleName(title)
            self.lists[affiliation] = view
            self.tabs.addTab(view, title)
        column.addWidget(self.tabs, 1)
        add_row = QHBoxLayout()
        self.address = QLineEdit()
        self.address.setObjectName("affiliationAddress")
        self.address.setAccessibleName(self.tr("Address to add"))
        self.address.setPlaceholderText("name@example.org")
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setObjectName("affiliationAdd")
        self.add_button.clicked.connect(self.add)
        self.address.returnPressed.connect(self.add)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName("affiliationRemove")
        self.remove_button.clicked.connect(self.remove)
        add_row.addWidget(self.address, 1)
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.remove_button)
        column.addLayout(add_row)
        self.error = plain_label("", "formError")
        self.error.hide()
        column.addWidget(self.error)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        column.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.loaded = False
        spawn(self.reload(), "room lists")

    def current(self) -> str:
        return list(self.lists)[self.tabs.currentIndex()]

    async def reload(self) -> None:
        for affiliation, view in self.lists.items():
            try:
                people = await self.admin.affiliated(self.room, affiliation)
            except HeronError as exc:
                self.show_problem(_sentence(exc))
                continue
            view.clear()
            for person in people:
                item = QListWidgetItem(person.jid)  # a list item is plain text
                item.setData(Qt.ItemDataRole.UserRole, person.jid)
                view.addItem(item)
        self.loaded = True

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _run(self, change: Coroutine[Any, Any, None]) -> None:
        async def run() -> None:
            try:
                await change
            except HeronError as exc:
                self.show_problem(_sentence(exc))
                return
            self.error.hide()
            await self.reload()

        spawn(run(), "room list change")

    def add(self) -> None:
        jid = self.address.text().strip()
        if not jid_ok(jid):
            self.show_problem(self.tr("Enter an address like name@example.org."))
            return
        self.address.clear()
        self._run(self.admin.set_affiliation(self.room, jid, self.current()))

    def remove(self) -> None:
        item = self.lists[self.current()].currentItem()
        if item is not None:
            self._run(self.admin.set_affiliation(
                self.room, str(item.data(Qt.ItemDataRole.UserRole)), "none"))


class RoomAdminActions(QObject):
    """Hooks a room's pane: called once by ``RoomView``."""

    def __init__(self, view: RoomView) -> None:
        super().__init__(view)
        self.view = view
        self.pane = view.pane
        self.dialog: QDialog | None = None
        self.menu = self.pane.findChild(QMenu, "conversationMenu")
        self.actions = []
        if self.menu is not None:
            self.separator = self.menu.addSeparator()
            for name, text, slot in (
                    ("roomSubjectAction", self.tr("Change the subject…"), self.ask_subject),
                    ("roomConfigAction", self.tr("Room settings…"), self.configure),
                    ("roomAffiliationsAction", self.tr("Owners, admins and members…"),
                     self.affiliations),
                    ("roomDestroyAction", self.tr("Destroy room…"), self.ask_destroy)):
                action = self.menu.addAction(text)
                action.setObjectName(name)
                action.triggered.connect(slot)
                self.actions.append(action)
            self.menu.aboutToShow.connect(self._fit_menu)
        self.pane.subtitle_label.installEventFilter(self)

    # --- who may do what -----------------------------------------------------------------------

    def _admin(self) -> tuple[MucAdmin, str] | None:
        if self.view.current is None:
            return None
        account, room = self.view.current
        session = self.pane.app.sessions.get(account)
        return (session.muc_admin, room) if session is not None else None

    def me(self) -> Occupant | None:
        model = self.view.panel.model
        if model is None:
            return None
        return next((o for o in model.people() if o.self), None)

    def _fit_menu(self) -> None:
        """Room entries only in a room, and only those our role and affiliation allow."""
        me = self.me() if self.view.active else None
        rank = RANK.get(me.affiliation, 0) if me is not None else -1
        self.separator.setVisible(me is not None)
        allowed = {"roomSubjectAction": me is not None and me.role != "visitor",
                   "roomConfigAction": rank >= RANK["owner"],
                   "roomAffiliationsAction": rank >= RANK["admin"],
                   "roomDestroyAction": rank >= RANK["owner"]}
        for action in self.actions:
            action.setVisible(allowed.get(action.objectName(), False))

    def _report(self, text: str) -> None:
        self.pane.problem.emit(text)

    def _run(self, change: Coroutine[Any, Any, None]) -> None:
        async def run() -> None:
            try:
                await change
            except HeronError as exc:
                self._report(_sentence(exc))

        spawn(run(), "room change")

    def _keep(self, dialog: QDialog) -> QDialog:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        dialog.open()
        return dialog

    # --- the room menu -------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonDblClick and self.view.active:
            self.ask_subject()
            return True
        return False

    def ask_subject(self) -> SubjectDialog | None:
        target = self._admin()
        if target is None:
            return None
        admin, room = target
        dialog = SubjectDialog(self.view.subject, self.pane.window())

        async def change() -> None:
            dialog.ok.setEnabled(False)
            try:
                await admin.set_subject(room, dialog.edit.text())
            except HeronError as exc:
                dialog.error.setText(_sentence(exc))
                dialog.error.show()
                return
            finally:
                dialog.ok.setEnabled(True)
            dialog.accept()

        dialog.ok.clicked.connect(lambda: spawn(change(), "room subject"))
        self._keep(dialog)
        return dialog

    def configure(self) -> RoomConfigDialog | None:
        if self.view.current is None:
            return None
        account, room = self.view.current
        dialog = open_room_config(self.pane.app, account, room, self.pane.window())
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        return dialog

    def affiliations(self) -> AffiliationsDialog | None:
        target = self._admin()
        if target is None:
            return None
        dialog = AffiliationsDialog(*target, self.pane.window())
        self._keep(dialog)
        return dialog

    def ask_destroy(self) -> DestroyDialog | None:
        target = self._admin()
        if target is None:
            return None
        admin, room = target
        dialog = DestroyDialog(room, self.pane.window())
        dialog.confirmed.connect(lambda: self._run(admin.destroy(room, dialog.reason.text())))
        self._keep(dialog)
        return dialog

    # --- the occupant menu ---------------------------------------------------------------------

    def add_occupant_actions(self, menu: QMenu, occupant: Occupant) -> bool:
        """What we may do to ``occupant``, added to the occupant list's menu (room_private.py
        builds it): moderators change roles and kick, admins ban. False: nothing allowed."""
        target, me = self._admin(), self.me()
        if target is None or me is None or occupant.self:
            return False
        admin, room = target
        nick = occupant.nick
        moderator = me.role == "moderator"
        rank, their_rank = RANK.get(me.affiliation, 0), RANK.get(occupant.affiliation, 0)
        entries: list[tuple[str, str]] = []
        if moderator and occupant.role == "visitor":
            entries.append(("grantVoice", self.tr("Give voice")))
        if moderator and occupant.role == "participant":
            entries.append(("revokeVoice", self.tr("Take voice away")))
        if rank >= RANK["admin"] and occupant.role != "moderator":
            entries.append(("grantModerator", self.tr("Make moderator")))
        if rank >= RANK["admin"] and occupant.role == "moderator" and their_rank < rank:
            entries.append(("revokeModerator", self.tr("Remove moderator")))
        if moderator and their_rank < max(rank, 1):
            entries.append(("kick", self.tr("Kick…")))
        if rank >= RANK["admin"] and their_rank < rank and occupant.jid:
            entries.append(("ban", self.tr("Ban…")))
        if not entries:
            return False
        menu.addSeparator()
        roles = {"grantVoice": "participant", "revokeVoice": "visitor",
                 "grantModerator": "moderator", "revokeModerator": "participant"}
        for name, text in entries:
            action = menu.addAction(text)
            action.setObjectName(name)
            if name in roles:
                action.triggered.connect(
                    lambda _c=False, role=roles[name]: self._run(admin.set_role(room, nick, role)))
            elif name == "kick":
                action.triggered.connect(lambda: self.ask_remove(occupant, ban=False))
            else:
                action.triggered.connect(lambda: self.ask_remove(occupant, ban=True))
        return True

    def ask_remove(self, occupant: Occupant, *, ban: bool) -> ConfirmDialog | None:
        target = self._admin()
        if target is None:
            return None
        admin, room = target
        if ban:
            dialog = ConfirmDialog(self.tr("Ban {nick}?").format(nick=occupant.nick), self.tr(
                "{jid} will be put out of the room and cannot come back until unbanned."
            ).format(jid=occupant.jid), self.tr("Ban"), self.pane.window())
        else:
            dialog = ConfirmDialog(self.tr("Kick {nick}?").format(nick=occupant.nick), self.tr(
                "{nick} will be put out of the room; they can come back."
            ).format(nick=occupant.nick), self.tr("Kick"), self.pane.window())
        dialog.setObjectName("banDialog" if ban else "kickDialog")
        reason = QLineEdit()
        reason.setObjectName("removeReason")
        reason.setPlaceholderText(self.tr("Reason (optional, they see it)"))
        column = dialog.layout()
        if isinstance(column, QVBoxLayout):
            column.insertWidget(column.count() - 1, reason)
        if ban:
            dialog.confirmed.connect(lambda: self._run(
                admin.ban(room, occupant.jid, reason.text())))
        else:
            dialog.confirmed.connect(lambda: self._run(
                admin.kick(room, occupant.nick, reason.text())))
        self._keep(dialog)
        return dialog
