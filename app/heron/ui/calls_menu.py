"""The Calls menu: the call devices (ui/call_settings.py) and "Allow calls from people not in
my contacts" (off by default: a stranger's call is not shown, not answered and not even told
that the user is online; see xmpp/services/jmi.py). Saved at once;
the ringing service reads it per call."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from heron.application import Heron


def fill_calls_menu(menu: QMenu, app: Heron, window: QWidget | None = None) -> QAction:
    devices = menu.addAction(QCoreApplication.translate(
        "CallSettings", "Microphone, Speaker and Camera…"))
    devices.setObjectName("callDevicesAction")

    def open_devices() -> None:
        # Qt Multimedia loads here, at first use, not at start-up.
        from heron.ui.call_settings import CallSettingsDialog  # noqa: PLC0415

        dialog = CallSettingsDialog(app.settings, app.settings_store.save, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    devices.triggered.connect(open_devices)
    menu.addSeparator()
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
