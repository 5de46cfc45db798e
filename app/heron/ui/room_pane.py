"""What a room adds to the conversation pane (XEP-0045): the occupant list on the right
(collapsible), the subject under the room's name, nicks in the bubbles, and sending to the
room. ``ConversationPane`` calls this for every conversation it opens; for a 1:1 chat it
hides itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget

from heron.core.bus import Phase
from heron.core.events import RoomJoined, RoomLeft, RoomSubjectChanged, StoredMessage
from heron.core.tasks import spawn
from heron.models.bus_scope import scoped
from heron.models.messages import MessageModel
from heron.models.occupants import OccupantModel
from heron.ui.mention_completion import NickCompleter
from heron.ui.room_admin import RoomAdminActions
from heron.ui.room_invites import invite_button
from heron.ui.room_occupants import OccupantPanel
from heron.ui.room_private import OccupantMenu

if TYPE_CHECKING:
    from heron.ui.conversation import ConversationPane


class RoomView(QObject):
    def __init__(self, pane: ConversationPane) -> None:
        super().__init__(pane)
        self.pane = pane
        self.current: tuple[str, str] | None = None  # (account, room) while a room is open
        self.subject = ""
        self.panel = OccupantPanel()
        self.panel.hide()
        self.toggle_button = QToolButton()
        self.toggle_button.setObjectName("occupantToggle")
        self.toggle_button.setText(self.tr("People"))
        self.toggle_button.setAccessibleName(self.tr("Show or hide the people in this room"))
        self.toggle_button.setToolTip(self.tr("Show or hide the people in this room"))
        self.toggle_button.setCheckable(True)
        self.toggle_button.setChecked(True)
        self.toggle_button.toggled.connect(self._toggled)
        self.toggle_button.hide()
        self.occupant_menu = OccupantMenu(self)  # "Send private message" (ui/room_private.py)
        self.invite_button = invite_button(self)  # "Invite…" (ui/room_invites.py)
        self.admin = RoomAdminActions(self)  # subject, settings, lists, kick/ban (room_admin.py)
        bus = scoped(self, pane.app.bus)  # unsubscribed when this is destroyed
        bus.subscribe(RoomSubjectChanged, self._on_subject, Phase.UI)
        bus.subscribe(RoomJoined, self._on_joined, Phase.UI)
        bus.subscribe(RoomLeft, self._on_left, Phase.UI)

    @property
    def active(self) -> bool:
        return self.current is not None

    def wrap(self, messages: QWidget) -> QWidget:
        """The message view with the occupant column beside it."""
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(messages, 1)
        row.addWidget(self.panel)
        return box

    def open(self, account: str, peer: str, model: MessageModel) -> None:
        """Called for every conversation the pane opens."""
        session = self.pane.app.sessions.get(account)
        state = session.muc.rooms.get(peer) if session is not None else None
        if state is None:
            self.close()
            return
        self.current = (account, peer)
        self.subject = state.subject
        model.is_room = True
        model.own_nick = state.nick  # its mentions stand out (ui/mention_bubble.py)
        self.pane.composer.complete_nick = NickCompleter(
            self.pane.composer, lambda: self._others(account, peer)).complete
        self.panel.show_model(OccupantModel(self.pane.app.bus, account, peer,
                                            session.muc.occupants(peer) if session else [],
                                            self.panel, avatars=session.room_avatars.paths(
                                                peer) if session else None))
        self.toggle_button.show()
        self.invite_button.show()
        self.panel.setVisible(self.toggle_button.isChecked())

    def _others(self, account: str, room: str) -> list[str]:
        """The nicks in the room now, but the user's own."""
        session = self.pane.app.sessions.get(account)
        return [o.nick for o in session.muc.occupants(room) if not o.self] if session else []

    def close(self) -> None:
        self.current = None
        self.pane.composer.complete_nick = None
        self.subject = ""
        self.panel.show_model(None)
        self.panel.hide()
        self.invite_button.hide()
        self.toggle_button.hide()

    def subtitle(self) -> str:
        return self.subject or (self.current[1] if self.current else "")

    def send(self, text: str, reply_to: StoredMessage | None = None) -> None:
        if self.current is None:
            return
        account, room = self.current
        session = self.pane.app.sessions.get(account)
        if session is None:
            return

        async def send_or_keep() -> None:
            if not await session.muc.send(room, text, reply_to) \
                    and not self.pane.composer.toPlainText():
                self.pane.composer.setPlainText(text)
                self.pane.problem.emit(self.tr("You are not in this room right now."))

        spawn(send_or_keep(), "room message")

    def _toggled(self, on: bool) -> None:
        self.panel.setVisible(on and self.active)

    def _on_subject(self, event: RoomSubjectChanged) -> None:
        if self.current == (event.account, event.room):
            self.subject = event.subject
            self.pane.subtitle_label.setText(self.subtitle())

    def _on_joined(self, event: RoomJoined) -> None:
        if self.current == (event.account, event.room) and self.pane.message_model is not None:
            self.pane.message_model.own_nick = event.nick  # a new nick: its mentions
        # Opened before the join finished (a room row clicked while joining): now it is one.
        if self.pane.current == (event.account, event.room) and self.current is None \
                and self.pane.message_model is not None:
            self.open(event.account, event.room, self.pane.message_model)
            self.pane.message_model.layoutChanged.emit()

    def _on_left(self, event: RoomLeft) -> None:
        if self.current == (event.account, event.room):
            self.pane.subtitle_label.setText(self.tr("You are not in this room."))
