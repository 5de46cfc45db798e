"""The emoji picker for reactions (XEP-0444): a search field over a grid of emoji.

Typing filters by the emoji's English name ("thumbs", "heart", "cat face"); Enter or a click
picks the first or the clicked emoji. It is a popup: it closes when it has picked one or when
the user clicks elsewhere.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from heron.ui.emoji_data import all_emoji, matching

CELL = 36


class ReactionPicker(QFrame):
    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("reactionPicker")
        self.setAccessibleName(self.tr("Pick a reaction"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 8, 8, 8)
        column.setSpacing(6)
        self.search = QLineEdit()
        self.search.setObjectName("reactionSearch")
        self.search.setAccessibleName(self.tr("Search emoji"))
        self.search.setPlaceholderText(self.tr("Search emoji…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._pick_first)
        column.addWidget(self.search)
        self.grid = QListWidget()
        self.grid.setObjectName("reactionGrid")
        self.grid.setAccessibleName(self.tr("Emoji"))
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setUniformItemSizes(True)
        self.grid.setGridSize(QSize(CELL, CELL))
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.grid.setFont(font)
        self.grid.itemActivated.connect(self._pick_item)
        self.grid.itemClicked.connect(self._pick_item)
        column.addWidget(self.grid, 1)
        for emoji, name, _group in all_emoji():
            item = QListWidgetItem(emoji)
            item.setToolTip(name)  # from Unicode's names, never from the network
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.grid.addItem(item)
        self.resize(9 * CELL + 34, 300)
        self.search.setFocus()

    def visible_emoji(self) -> list[str]:
        return [self.grid.item(i).text() for i in range(self.grid.count())
                if not self.grid.item(i).isHidden()]

    def _filter(self, text: str) -> None:
        wanted = set(matching(text))
        for i in range(self.grid.count()):
            item = self.grid.item(i)
            item.setHidden(item.text() not in wanted)

    def _pick_first(self) -> None:
        shown = self.visible_emoji()
        if shown:
            self._pick(shown[0])

    def _pick_item(self, item: QListWidgetItem) -> None:
        self._pick(item.text())

    def _pick(self, emoji: str) -> None:
        self.picked.emit(emoji)
        self.close()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)
