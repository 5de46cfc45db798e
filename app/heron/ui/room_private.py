"""Private messages to a room's occupant (XEP-0045 §7.5) from the window: the occupant list's
right-click menu offers "Send private message", which opens the private chat with
``room@service/nick`` as a conversation of its own, titled "Nick (in Room)".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtWidgets import QMenu

from heron.core.rooms import private_address, split_address
from heron.core.tasks import spawn
from heron.models.occupants import OccupantRoles

if TYPE_CHECKING:
    from heron.application import Heron
    from heron.ui.room_pane import RoomView


def title(app: Heron, account: str, peer: str) -> str | None:
    """"Bob (in The Lounge)" for a private chat's conversation; None for any other."""
    parts = split_address(peer)
    if parts is None:
        return None
    room, nick = parts
    session = app.sessions.get(account)
    state = session.muc.rooms.get(room) if session is not None else None
    where = state.name if state is not None and state.name else room
    return QCoreApplication.translate("RoomPrivate", "{nick} (in {room})").format(
        nick=nick, room=where)


class OccupantMenu:
    """The occupant list's context menu."""

    def __init__(self, room: RoomView) -> None:
        self.room = room
        view = room.panel.view
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._popup)

    def menu_at(self, pos: QPoint) -> QMenu | None:
        """The menu for the occupant under ``pos`` (viewport coordinates); None on a header,
        on the user's own row, or outside a room."""
        current = self.room.current
        index = self.room.panel.view.indexAt(pos)
        occupant = index.data(OccupantRoles.Occupant) if index.isValid() else None
        if current is None or occupant is None or occupant.self:
            return None
        account, room = current
        menu = QMenu(self.room.panel)
        menu.setObjectName("occupantMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        action = menu.addAction(QCoreApplication.translate("RoomPrivate",
                                                           "Send private message"))
        action.setObjectName("privateMessageAction")
        address = private_address(room, occupant.nick)
        action.triggered.connect(lambda: spawn(self._open(account, address), "private chat"))
        admin = getattr(self.room, "admin", None)  # voice, moderator, kick, ban (room_admin.py)
        if admin is not None:
            admin.add_occupant_actions(menu, occupant)
        return menu

    async def _open(self, account: str, address: str) -> None:
        window = self.room.pane.window()
        opener = getattr(window, "open_conversation", self.room.pane.open_conversation)
        await opener(account, address)

    def _popup(self, pos: QPoint) -> None:
        menu = self.menu_at(pos)
        if menu is not None:
            menu.popup(self.room.panel.view.viewport().mapToGlobal(pos))
