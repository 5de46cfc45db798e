"""The reactions row of a message's context menu: the quick emoji, "More…" and "Reply"."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QMenu, QToolButton, QWidget, QWidgetAction

from heron.core.events import StoredMessage
from heron.ui.emoji_data import QUICK

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")



def add_reactions(menu: QMenu, message: StoredMessage,
                  react: Callable[[StoredMessage, str], None],
                  pick: Callable[[StoredMessage], object]) -> None:
    """A row of quick reactions (call it first: it goes at the top of the menu); a click
    toggles ours and closes the menu; "+" opens the picker."""
    row = QWidget(menu)
    row.setObjectName("quickReactions")
    row.setAccessibleName(translate("MessageMenu", "React"))
    layout = QHBoxLayout(row)
    layout.setContentsMargins(6, 4, 6, 4)
    layout.setSpacing(2)
    font = QFont(menu.font())
    font.setPointSizeF(font.pointSizeF() * 1.35)

    def button(text: str, name: str, action: Callable[[], object]) -> None:
        b = QToolButton(row)
        b.setText(text)
        b.setObjectName(name)
        b.setAccessibleName(name if name != "quickReaction" else
                            translate("MessageMenu", "React with {emoji}").format(emoji=text))
        b.setAutoRaise(True)
        b.setFont(font)
        b.clicked.connect(menu.close)
        b.clicked.connect(lambda: action())  # noqa: PLW0108  without clicked's "checked"
        layout.addWidget(b)

    for emoji in QUICK:
        button(emoji, "quickReaction", partial(react, message, emoji))
    button("+", "moreReactions", partial(pick, message))
    holder = QWidgetAction(menu)
    holder.setDefaultWidget(row)
    menu.addAction(holder)
    # The same from the keyboard: the row's buttons are for the mouse.
    menu.addAction(translate("MessageMenu", "Add reaction…"), lambda: pick(message)).setObjectName(
        "pickReactionAction")
    menu.addSeparator()
