"""The contact list's right-click menu for a group room's row: open, mute, leave.

Leaving goes through the session's joiner (xmpp/services/room_joining.py), so the room's
bookmark stops joining it at the next start, here and on the user's other clients.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QModelIndex
from PySide6.QtWidgets import QMenu

from heron.ui import room_alerts
from heron.ui.widgets import run_reported
from heron.xmpp.services.room_joining import joiner_for

if TYPE_CHECKING:
    from heron.ui.sidebar import Sidebar


def fill_room_menu(sidebar: Sidebar, menu: QMenu, index: QModelIndex, account: str,
                   room: str) -> None:
    translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")
    menu.addAction(translate("RoomMenu", "Open room"), lambda: sidebar.open_index(index))
    mute = menu.addAction(translate("RoomMenu", "Mute notifications"))
    mute.setObjectName("muteAction")
    mute.setCheckable(True)
    mute.setChecked([account, room] in sidebar.app.settings.muted)
    mute.toggled.connect(lambda on: sidebar.set_muted(account, room, on))
    every = menu.addAction(translate("RoomMenu", "Notify for every message"))
    every.setObjectName("notifyEveryMessageAction")  # else only mentions notify (room_alerts)
    every.setCheckable(True)
    every.setChecked(room_alerts.every_message(sidebar.app, (account, room)))
    every.toggled.connect(lambda on: room_alerts.set_every_message(sidebar.app, (account, room),
                                                                   on))
    menu.addSeparator()
    leave = menu.addAction(translate("RoomMenu", "Leave room"),
                           lambda: leave_room(sidebar, account, room))
    leave.setObjectName("leaveRoomAction")


def leave_room(sidebar: Sidebar, account: str, room: str) -> None:
    session = sidebar.app.sessions.get(account)
    joiner = joiner_for(session) if session is not None else None
    if joiner is None:
        sidebar.problem.emit(QCoreApplication.translate(
            "RoomMenu", "{account} is not connected: the room cannot be left now.").format(
                account=account))
        return
    run_reported(joiner.leave(room), sidebar.problem.emit)
