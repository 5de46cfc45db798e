"""Show one message of the open conversation: page older history in until its row is loaded,
then scroll to it and highlight it for a moment (a reply's quote is clicked)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QTimer
from PySide6.QtWidgets import QAbstractItemView

from heron.core.tasks import spawn

if TYPE_CHECKING:
    from heron.ui.conversation import ConversationPane

MAX_PAGES = 200  # 12,000 messages back at most: a reply rarely answers older ones
HIGHLIGHT_MS = 1500
IDLE_TRIES = 40  # x 50 ms: a page being loaded has this long to arrive


def show_message(pane: ConversationPane, pk: int) -> None:
    spawn(reveal(pane, pk), "show a message")


def _row_of(pane: ConversationPane, pk: int) -> int | None:
    model = pane.message_model
    if model is None:
        return None
    return next((n for n, m in enumerate(model.messages()) if m.pk == pk), None)


async def reveal(pane: ConversationPane, pk: int) -> bool:
    """True when the message is on screen (selected); False when history ran out first or the
    user opened another conversation meanwhile."""
    model = pane.message_model
    if model is None:
        return False
    pane._following_bottom = False  # new messages must not pull the view away from it
    idle = 0
    for _ in range(MAX_PAGES + IDLE_TRIES):
        if pane.message_model is not model:
            return False
        if _row_of(pane, pk) is not None:
            QTimer.singleShot(0, pane.message_view, lambda: _scroll(pane, pk))
            return True
        if not model.canFetchMore(QModelIndex()):
            # A page the view asked for is loading, or the history has run out.
            idle += 1
            if idle > IDLE_TRIES:
                pane.problem.emit(pane.tr("The original message is no longer in the history."))
                return False
            await asyncio.sleep(0.05)
            continue
        idle = 0
        await model.load_older()
    return False


def _scroll(pane: ConversationPane, pk: int) -> None:
    row = _row_of(pane, pk)
    model = pane.message_model
    if row is None or model is None:
        return
    view = pane.message_view
    index = model.index(row)
    view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
    view.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def fade() -> None:
        selection = view.selectionModel()
        if selection is not None and selection.isSelected(index) and len(
                selection.selectedIndexes()) == 1:
            selection.clearSelection()

    QTimer.singleShot(HIGHLIGHT_MS, view, fade)
