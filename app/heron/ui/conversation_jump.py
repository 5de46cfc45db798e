"""Jumping to any message of the open conversation, and scrolling on from there both ways.

``ConversationPane.show_message(pk)`` lands here: the model opens the window of rows around the
message (one query each way by key, so a message years back in 100,000 costs what the newest
does), the view centres it and the bubble flashes. Scrolling down from there pages newer rows
in until the live end; sending a message goes back to the newest first. While a jump settles,
paging is held so that a page arriving meanwhile cannot move the view off the message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView

from heron.core.events import StoredMessage
from heron.core.tasks import spawn
from heron.models.message_window import AFTER_AROUND, WindowedMessageModel
from heron.models.messages import PAGE_SIZE, PageLoader, RemoteLoader
from heron.ui.message_highlight import HighlightOverlay

if TYPE_CHECKING:
    from heron.application import Heron
    from heron.ui.conversation import ConversationPane

NEAR_BOTTOM_PX = 40


def window_model(app: Heron, account: str, peer: str, load_page: PageLoader,  # noqa: PLR0917  as MessageModel
                 load_remote: RemoteLoader | None, parent: Any) -> WindowedMessageModel:
    """The pane's message model: pages by key both ways (see models/message_window.py)."""
    history = app.history

    async def around(pk: int) -> tuple[list[StoredMessage], bool, bool] | None:
        got = await history.around(pk, PAGE_SIZE, AFTER_AROUND)
        if got is None or got.rows[0].account != account or got.rows[0].peer != peer:
            return None  # not stored, or another conversation's message
        return got.rows, got.older_end, got.newer_end

    async def after(key: tuple[float, int], limit: int) -> list[StoredMessage]:
        return await history.page_after(account, peer, key, limit)

    return WindowedMessageModel(app.bus, account, peer, load_page, load_remote, parent,
                                load_after=after, load_around=around)


class JumpController(QObject):
    """Owned by the pane: the jump itself, the flash, and newer pages while scrolling down."""

    def __init__(self, pane: ConversationPane) -> None:
        super().__init__(pane)
        self.pane = pane
        view = pane.message_view
        self.highlights = HighlightOverlay(view)
        self._anchor: tuple[int, int] | None = None  # (pk, top) kept across trims at the top
        view.verticalScrollBar().valueChanged.connect(self._maybe_load_newer)
        # Sending goes back to the newest messages first (the sent one shows there).
        pane.composer.send_requested.connect(self._back_to_live)
        pane.send_button.clicked.connect(self._back_to_live)

    @property
    def model(self) -> WindowedMessageModel | None:
        model = self.pane.message_model
        return model if isinstance(model, WindowedMessageModel) else None

    def attach(self, model: WindowedMessageModel) -> None:
        """A new conversation's model: keep the view still when rows leave at the top."""
        model.rowsAboutToBeRemoved.connect(self._remember_anchor)
        model.newerLoaded.connect(self._restore_anchor)
        self.pane.find_bar.close_bar()  # its matches were the other conversation's

    async def jump(self, pk: int) -> bool:
        """Show message ``pk`` of the open conversation, centred and flashing. False when it
        is not stored (deleted meanwhile) or belongs to another conversation."""
        model = self.model
        if model is None:
            return False
        model.hold_paging = True
        row = await model.load_around(pk)
        if row is None or self.model is not model:
            model.hold_paging = False
            return False
        self.pane._following_bottom = model.at_live_end and row == model.rowCount() - 1
        view = self.pane.message_view
        index = model.index(row)
        view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

        def settle() -> None:
            if self.model is model:
                view.scrollTo(model.index(model.row_of(pk) or row),
                              QAbstractItemView.ScrollHint.PositionAtCenter)
                view.setCurrentIndex(model.index(model.row_of(pk) or row))
                self.highlights.flash(pk)
            model.hold_paging = False

        QTimer.singleShot(0, view, settle)
        return True

    # --- scrolling down from the past ------------------------------------------------------

    def _maybe_load_newer(self, value: int) -> None:
        model = self.model
        bar = self.pane.message_view.verticalScrollBar()
        if (model is not None and not model.at_live_end and model.rowCount() > 0
                and bar.maximum() - value < NEAR_BOTTOM_PX):
            spawn(model.load_newer())

    def _remember_anchor(self, _parent: QModelIndex, first: int, _last: int) -> None:
        model = self.model
        if model is None or first != 0 or not model.paging_newer:
            return
        view = self.pane.message_view
        top = view.indexAt(view.viewport().rect().topLeft())
        if top.isValid():
            self._anchor = (model.messages()[top.row()].pk, view.visualRect(top).top())

    def _restore_anchor(self, _count: int) -> None:
        anchor, self._anchor = self._anchor, None
        model = self.model
        if anchor is None or model is None:
            return
        view = self.pane.message_view

        def settle() -> None:
            row = model.row_of(anchor[0]) if self.model is model else None
            if row is None:
                return
            view.scrollTo(model.index(row), QAbstractItemView.ScrollHint.PositionAtTop)
            bar = view.verticalScrollBar()
            bar.setValue(bar.value() - anchor[1])

        QTimer.singleShot(0, view, settle)

    def _back_to_live(self) -> None:
        model = self.model
        if model is not None and not model.at_live_end:
            view = self.pane.message_view

            async def back() -> None:
                await model.show_latest()
                view.scrollToBottom()

            spawn(back(), "back to the newest messages")
