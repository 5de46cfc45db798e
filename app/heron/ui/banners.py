"""Inline banners above the roster: questions (a contact asks to subscribe) and problems.

A banner is keyed by (account, kind): showing one again replaces the old one, so a failure that
repeats never stacks up banners (issue 6, point 1). Never a modal box.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from heron.ui.widgets import plain_label

Action = tuple[str, Callable[[], object]]
BannerKey = tuple[str, str]  # (account, kind)


class Banner(QFrame):
    """One question or problem: its sentence, an optional next step, its buttons, and
    "Details" (the raw text) folded away when given."""

    closed = Signal()

    def __init__(self, text: str, actions: list[Action], *, error: bool = False,
                 object_name: str = "banner", details: str = "", next_step: str = "",
                 dismissable: bool = False) -> None:
        super().__init__()
        self.setObjectName("errorBanner" if error else "banner")
        self.setAccessibleName(object_name)
        self.setProperty("bannerName", object_name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        top = QHBoxLayout()
        top.setSpacing(6)
        self.label = plain_label(text, "bannerText")
        top.addWidget(self.label, 1)
        if dismissable:
            close = QToolButton()
            close.setObjectName(f"{object_name}:Dismiss")
            close.setAccessibleName(self.tr("Dismiss"))
            close.setToolTip(self.tr("Dismiss"))
            close.setText("✕")
            close.clicked.connect(self.closed.emit)
            top.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.next_step = plain_label(next_step, "bannerNextStep")
        self.next_step.setVisible(bool(next_step))
        layout.addWidget(self.next_step)
        self.details = plain_label(details, "bannerDetails")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.hide()
        layout.addWidget(self.details)
        row = QHBoxLayout()
        row.setSpacing(6)
        if details:
            toggle = QPushButton(self.tr("Details"))
            toggle.setObjectName(f"{object_name}:Details")
            toggle.setProperty("link", True)
            toggle.setCheckable(True)
            toggle.toggled.connect(self.details.setVisible)
            toggle.toggled.connect(lambda _on: self._fit())
            row.addWidget(toggle)
        row.addStretch(1)
        for caption, callback in actions:
            button = QPushButton(caption)
            button.setObjectName(f"{object_name}:{caption}")
            button.clicked.connect(callback)
            button.clicked.connect(self.closed.emit)
            row.addWidget(button)
        layout.addLayout(row)

    @property
    def text(self) -> str:
        return self.label.text()

    def _fit(self) -> None:
        # Wrapped labels inside a nested layout do not pass their height for the width they
        # get up to the sidebar; give each the height its text needs at its current width.
        for label in (self.label, self.next_step, self.details):
            if label.isVisible() and label.width() > 0:
                label.setMinimumHeight(label.heightForWidth(label.width()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()


class BannerArea(QWidget):
    """The column of banners; at most one per (account, kind)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bannerArea")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self._banners: dict[BannerKey, Banner] = {}
        self.hide()  # takes no room (no spacing in the sidebar) while empty

    def show_banner(self, account: str, kind: str, text: str, actions: list[Action], *,
                    error: bool = True, details: str = "", object_name: str = "",
                    next_step: str = "", dismissable: bool = False) -> Banner:
        """Show (or replace) the banner for (account, kind)."""
        key = (account, kind)
        self.remove(account, kind)
        banner = Banner(text, actions, error=error, object_name=object_name or kind,
                        details=details, next_step=next_step, dismissable=dismissable)
        banner.closed.connect(lambda: self._close(key, banner))
        self._banners[key] = banner
        self._layout.addWidget(banner)
        self.show()
        return banner

    def remove(self, account: str, kind: str | None = None) -> None:
        """Drop the banner for (account, kind), or every banner of the account."""
        for key in [k for k in self._banners if k[0] == account and kind in (None, k[1])]:
            self._close(key, self._banners[key])

    def banner(self, account: str, kind: str) -> Banner | None:
        return self._banners.get((account, kind))

    def banners(self) -> list[Banner]:
        return list(self._banners.values())

    def _close(self, key: BannerKey, banner: Banner) -> None:
        if self._banners.get(key) is banner:
            del self._banners[key]
        banner.hide()
        self._layout.removeWidget(banner)
        banner.deleteLater()
        self.setVisible(bool(self._banners))
