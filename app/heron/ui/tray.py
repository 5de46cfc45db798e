"""Heron in the system tray: the unread count on the icon, the window on a click, presence,
notifications and quitting from its menu; with "close to tray" on, closing the window keeps
Heron (and its connections) running there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QRect, Qt
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QPainter,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from heron.desktop_entry import icon_file
from heron.ui.sidebar import SHOW_CHOICES

if TYPE_CHECKING:
    from heron.ui.main_window import MainWindow

ICON_SIZE = 64
BADGE_RED = QColor("#d93a3a")
MAX_BADGE = 99


def badge_icon(base: QIcon, unread: int) -> QIcon:
    """``base`` with a red count in its corner ("99+" past 99); ``base`` itself at 0."""
    if unread <= 0:
        return base
    pixmap = base.pixmap(ICON_SIZE, ICON_SIZE)
    if pixmap.isNull():
        pixmap = QPixmap(ICON_SIZE, ICON_SIZE)
        pixmap.fill(QColor("#3b82c4"))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    text = str(unread) if unread <= MAX_BADGE else f"{MAX_BADGE}+"
    font = QFont()
    font.setBold(True)
    height = ICON_SIZE * 9 // 16
    font.setPixelSize(height * 3 // 4)
    width = min(ICON_SIZE, max(height, QFontMetrics(font).horizontalAdvance(text) + height // 2))
    rect = QRect(ICON_SIZE - width, 0, width, height)
    painter.setPen(QPen(QColor("white"), 2))  # a ring keeps it apart from the icon
    painter.setBrush(BADGE_RED)
    painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), height / 2 - 1, height / 2 - 1)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return QIcon(pixmap)


class TrayIcon(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.app = window.app
        path = icon_file()
        self.base_icon = QIcon(str(path)) if path else window.windowIcon()
        self.icon = QSystemTrayIcon(self.base_icon, self)
        self.icon.setObjectName("trayIcon")
        self.menu = self._build_menu()
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        model = window.roster_model
        for change in (model.dataChanged, model.rowsInserted, model.rowsRemoved,
                       model.modelReset):
            change.connect(self.refresh)
        self.refresh()
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.icon.show()

    @property
    def available(self) -> bool:
        """A tray is there to hold Heron (close-to-tray would otherwise lose the window)."""
        return self.icon.isVisible()

    def _build_menu(self) -> QMenu:
        menu = QMenu(self.window)  # a parent: a widget left after QApplication would crash at exit
        settings = self.app.settings
        self.show_action = menu.addAction(self.tr("Show Heron"), self.toggle_window)
        menu.addSeparator()
        self.presence_group = QActionGroup(menu)
        for show, label in SHOW_CHOICES:
            action = menu.addAction(QCoreApplication.translate("Presence", label))
            action.setCheckable(True)
            action.setData(show)
            action.setChecked(show == settings.presence_show)
            action.triggered.connect(lambda _c=False, s=show: self._set_presence(s))
            self.presence_group.addAction(action)
        menu.addSeparator()
        self.notify_action = self._toggle(menu, self.tr("Notifications"), "notifications")
        self.sounds_action = self._toggle(menu, self.tr("Sounds"), "sounds")
        self.tray_action = self._toggle(menu, self.tr("Keep running when closed"),
                                        "close_to_tray")
        menu.addSeparator()
        menu.addAction(self.tr("Quit Heron"), self.window.close)
        menu.aboutToShow.connect(self._sync_menu)
        return menu

    def _sync_menu(self) -> None:
        """The menu says what is true now (presence may have changed in the window)."""
        settings = self.app.settings
        for action in self.presence_group.actions():
            action.setChecked(action.data() == settings.presence_show)
        self.notify_action.setChecked(settings.notifications)
        self.sounds_action.setChecked(settings.sounds)
        self.tray_action.setChecked(settings.close_to_tray)
        self.refresh()

    def _toggle(self, menu: QMenu, label: str, setting: str) -> QAction:
        action = menu.addAction(label)
        action.setCheckable(True)
        action.setChecked(bool(getattr(self.app.settings, setting)))

        def changed(on: bool) -> None:
            setattr(self.app.settings, setting, on)
            self.app.settings_store.save(self.app.settings)

        action.toggled.connect(changed)
        return action

    def _set_presence(self, show: str) -> None:
        self.app.set_own_presence(show, self.app.settings.presence_status)
        self.window.sidebar.show_online(bool(self.app.sessions))

    def refresh(self) -> None:
        unread = self.window.unread_total()
        self.icon.setIcon(badge_icon(self.base_icon, unread))
        self.icon.setToolTip(self.tr("Heron — {count} unread").format(count=unread) if unread
                             else "Heron")
        self.show_action.setText(self.tr("Hide Heron") if self.window.isVisible()
                                 and not self.window.isMinimized() else self.tr("Show Heron"))

    def toggle_window(self) -> None:
        window = self.window
        if window.isVisible() and not window.isMinimized() and window.isActiveWindow():
            window.hide()
        else:
            window.showNormal() if window.isMinimized() else window.show()
            window.raise_()
            window.activateWindow()
        self.refresh()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:
            self.toggle_window()

    def keeps_running_on_close(self) -> bool:
        """Closing the window (not quitting) hides it into the tray."""
        return self.app.settings.close_to_tray and self.available
