"""A conversation's messages as a movable window: open around any message, page both ways.

The base model (messages.py) holds the newest rows and pages older ones in. This one can also
open the rows around one message (a search hit, a date, years back) and page newer rows in as
the user scrolls down, until it meets the live end again. The window holds at most
:data:`MAX_ROWS` rows: paging one way trims the other side, so scrolling through 100,000
messages never lays out more than a few hundred rows. While the window is away from the live
end, new messages are not appended (there would be a gap); they wait and come in, from the
database, when the window reaches the end.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Signal

from heron.core.bus import EventBus
from heron.core.events import MessagesAdded, StoredMessage
from heron.core.tasks import spawn
from heron.models.messages import PAGE_SIZE, MessageModel, PageLoader, RemoteLoader, _showable

_Index = QModelIndex | QPersistentModelIndex
#: rows held at most; paging past it drops rows on the far side (they page back in)
MAX_ROWS = 240
#: messages that arrive while the window is away from the live end, kept to add when it
#: comes back; past this they are left to the database (read when the window gets there)
MAX_HELD = 500
AFTER_AROUND = PAGE_SIZE // 2

AfterLoader = Callable[[tuple[float, int], int], Awaitable[list[StoredMessage]]]
#: the rows around a message: (rows oldest first, nothing older stored, nothing newer)
AroundLoader = Callable[[int], Awaitable[tuple[list[StoredMessage], bool, bool] | None]]


class WindowedMessageModel(MessageModel):
    #: rows were added at the bottom from the history (count), not live
    newerLoaded = Signal(int)

    def __init__(self, bus: EventBus, account: str, peer: str, load_page: PageLoader,  # noqa: PLR0917  Qt: parent last
                 load_remote: RemoteLoader | None, parent: Any, *, load_after: AfterLoader,
                 load_around: AroundLoader) -> None:
        super().__init__(bus, account, peer, load_page, load_remote, parent)
        self._load_after = load_after
        self._load_around = load_around
        #: the newest stored message is in the window (new ones are appended)
        self.at_live_end = True
        self._held: list[StoredMessage] = []
        self._held_overflow = False
        #: set while a jump settles: no page may move the view off the message meanwhile
        self.hold_paging = False
        #: set while newer rows come in (rows leaving at the top then are the trim)
        self.paging_newer = False

    def row_of(self, pk: int) -> int | None:
        return self._pks.get(pk)

    # --- opening around a message ----------------------------------------------------------

    async def load_around(self, pk: int) -> int | None:
        """Make ``pk`` part of the window; returns its row, or None when it is not stored."""
        row = self._pks.get(pk)
        if row is not None:
            return row
        self._generation += 1  # whatever page was on its way belongs to the old window
        generation = self._generation
        got = await self._load_around(pk)
        if generation != self._generation or got is None:
            return None
        rows, older_end, newer_end = got
        self._replace(rows, older_end=older_end, newer_end=newer_end)
        return self._pks.get(pk)

    async def show_latest(self) -> None:
        """Back to the newest messages (sending a message, "jump to the end")."""
        if self.at_live_end:
            return
        # The newest page is read first and replaces the window in one go: emptied first,
        # the pane said "No messages yet" until the page came.
        self._generation += 1
        generation = self._generation
        self._loading = True  # no page of the old window meanwhile
        try:
            page = await self._load_page(None, PAGE_SIZE)
        finally:
            self._loading = False
        if generation != self._generation:
            return  # the user moved on
        held = self._held  # arrived while the page was read; duplicates are skipped by pk
        self._replace(page, older_end=len(page) < PAGE_SIZE, newer_end=True)
        self._insert_sorted(held)

    async def clear_history(self) -> None:
        """The conversation's history was deleted on this computer: an empty window that does
        not fetch it back from the server's archive (scrolling up would)."""
        self._generation += 1
        self._replace([], older_end=True, newer_end=True)
        self._remote_exhausted = True

    def _replace(self, rows: list[StoredMessage], *, older_end: bool, newer_end: bool) -> None:
        self.beginResetModel()
        self._rows = [_showable(m) for m in rows]
        self._keys = [m.key for m in self._rows]
        self._pks = {m.pk: i for i, m in enumerate(self._rows)}
        self._incoming = []
        self._held = []
        self._held_overflow = False
        self._loading = False
        self._local_exhausted = older_end
        self.at_live_end = newer_end
        self.endResetModel()

    # --- paging both ways ------------------------------------------------------------------

    async def load_older(self) -> int:
        if self.hold_paging:
            return 0
        added = await super().load_older()
        if added:
            self.trim_newest(MAX_ROWS)
        return added

    async def load_newer(self) -> int:
        """Append the page after the newest row; the window's oldest rows go past MAX_ROWS."""
        if self.at_live_end or self._loading or self.hold_paging or not self._keys:
            return 0
        generation = self._generation
        self._loading = True
        overflow, self._held_overflow = self._held_overflow, False
        try:
            page = await self._load_after(self._keys[-1], PAGE_SIZE)
        finally:
            self._loading = False
        if generation != self._generation:
            return 0
        if len(page) < PAGE_SIZE and not overflow and not self._held_overflow:
            self.at_live_end = True
            # Arrived while away (duplicates are skipped by pk); older history fetched from
            # the archive meanwhile pages in from the top instead.
            page += [m for m in self._held if m.key > self._keys[0]]
            self._held = []
        added = self._insert_sorted(page)
        if added:
            self.paging_newer = True
            try:
                self.trim_oldest(MAX_ROWS)
            finally:
                self.paging_newer = False
            self.newerLoaded.emit(added)
        return added

    def trim_newest(self, keep: int) -> int:
        excess = len(self._rows) - keep
        if excess <= 0:
            return 0
        start = len(self._rows) - excess
        self.beginRemoveRows(QModelIndex(), start, len(self._rows) - 1)
        for m in self._rows[start:]:
            self._pks.pop(m.pk, None)
        del self._rows[start:]
        del self._keys[start:]
        self.at_live_end = False
        self.endRemoveRows()
        return excess

    def canFetchMore(self, parent: _Index) -> bool:
        # Qt asks when the view's bottom is in sight: away from the live end that means the
        # newer page. At the live end, only while the rows cannot fill a view (a short
        # conversation, whose older history is still in the archive): an older page inserted
        # there made the pane keep the old top row in place and the view left the newest
        # messages a moment after a long conversation opened.
        if parent.isValid() or self._loading or self.hold_paging:
            return False
        if not self.at_live_end:
            return True
        return len(self._rows) < PAGE_SIZE and super().canFetchMore(parent)

    def fetchMore(self, parent: _Index) -> None:
        if not self.canFetchMore(parent):
            return
        if not self.at_live_end:
            spawn(self.load_newer())
        else:
            super().fetchMore(parent)

    # --- live messages ---------------------------------------------------------------------

    def _on_added(self, event: MessagesAdded) -> None:
        if self.at_live_end:
            super()._on_added(event)
            return
        if event.account != self.account or event.peer != self.peer:
            return
        if len(self._held) + len(event.messages) > MAX_HELD:
            self._held, self._held_overflow = [], True
        else:
            self._held.extend(event.messages)
