"""The Appearance menu: System / Light / Dark, saved in the settings and applied at once."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QApplication, QMenu

from heron.application import Heron
from heron.ui import theme
from heron.ui.i18n import QT_TRANSLATE_NOOP

CHOICES = (("system", QT_TRANSLATE_NOOP("Appearance", "Same as the system")),
           ("light", QT_TRANSLATE_NOOP("Appearance", "Light")),
           ("dark", QT_TRANSLATE_NOOP("Appearance", "Dark")))


def fill_appearance_menu(menu: QMenu, app: Heron) -> QActionGroup:
    group = QActionGroup(menu)
    group.setExclusive(True)
    current = app.settings.appearance if app.settings.appearance in theme.APPEARANCES \
        else "system"
    for mode, label in CHOICES:
        action = menu.addAction(QCoreApplication.translate("Appearance", label))
        action.setObjectName(f"appearance:{mode}")
        action.setCheckable(True)
        action.setChecked(mode == current)
        action.triggered.connect(lambda _checked=False, m=mode: set_appearance(app, m))
        group.addAction(action)
    return group


def set_appearance(app: Heron, mode: str) -> None:
    app.settings.appearance = mode
    app.settings_store.save(app.settings)
    qt_app = QApplication.instance()
    if isinstance(qt_app, QApplication):
        theme.follow_system(qt_app, mode)
