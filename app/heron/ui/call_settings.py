"""The Calls menu: "Allow calls from people not in my contacts" (off by default: a stranger's
call is not shown, not answered and not even told that the user is online; see
xmpp/services/jmi.py). Saved in the settings at once; the ringing service reads it per call."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from heron.application import Heron


def fill_calls_menu(menu: QMenu, app: Heron) -> QAction:
    action = menu.addAction(QCoreApplication.translate(
        "CallSettings", "Allow calls from people not in my contacts"))
    action.setObjectName("callsFromStrangersAction")
    action.setCheckable(True)
    action.setChecked(app.settings.calls_from_strangers)

    def toggled(on: bool) -> None:
        app.settings.calls_from_strangers = on
        app.settings_store.save(app.settings)

    action.toggled.connect(toggled)
    return action
