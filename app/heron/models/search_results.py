"""The hits of a global search: pages by key from the database thread, stale answers dropped.

Each keystroke (after a short pause) starts a new generation; an answer for an older one is
thrown away, so typing fast never shows the results of a query already replaced. Further
pages come as the list is scrolled to its end (``fetchMore``), continuing by row id.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from heron.core.events import StoredMessage
from heron.core.search_query import SearchQuery, highlight_spans, parse, snippet
from heron.core.tasks import spawn
from heron.models.omemo_failure_text import shown_text

_Index = QModelIndex | QPersistentModelIndex
PAGE = 50
#: (hits, where the next page starts) for a query, a page size and a start
Searcher = Callable[[SearchQuery, int, int | None],
                    Awaitable[tuple[list[StoredMessage], int | None]]]


class SearchRoles(IntEnum):
    # Qt.UserRole + 50..59 are the search's (see models/messages.py MessageRoles)
    Hit = Qt.ItemDataRole.UserRole + 50
    Snippet = Qt.ItemDataRole.UserRole + 51  # (one line of text, [(start, end)] highlighted)


class SearchResultsModel(QAbstractListModel):
    #: a query's first page arrived (hit count so far, more to come)
    answered = Signal(int, bool)

    def __init__(self, search: Searcher, parent: Any = None,
                 name_of: Callable[[str], str] | None = None) -> None:
        super().__init__(parent)
        self._search = search
        self._name_of = name_of  # a contact's name, for the text of an OMEMO placeholder
        self._hits: list[StoredMessage] = []
        self._snippets: list[tuple[str, list[tuple[int, int]]]] = []
        self._next: int | None = None
        self._loading = False
        self.generation = 0
        self.query = SearchQuery()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._hits):
            return None
        if role == SearchRoles.Hit:
            return self._hits[index.row()]
        if role == SearchRoles.Snippet:
            return self._snippets[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._snippets[index.row()][0]
        return None

    def hits(self) -> list[StoredMessage]:
        return list(self._hits)

    async def run(self, text: str) -> None:
        """Search for ``text`` (replacing what is shown when the answer comes)."""
        self.generation += 1
        generation = self.generation
        query = parse(text)
        if query.empty:
            self._show(query, [], None)
            self.answered.emit(0, False)
            return
        self._loading = True
        try:
            hits, following = await self._search(query, PAGE, None)
        finally:
            if generation == self.generation:
                self._loading = False
        if generation != self.generation:
            return  # typed on meanwhile: a newer query owns the list
        self._show(query, hits, following)
        self.answered.emit(len(hits), following is not None)

    def _show(self, query: SearchQuery, hits: list[StoredMessage], following: int | None) -> None:
        self.beginResetModel()
        self.query = query
        self._hits = hits
        self._snippets = [self._snippet(m) for m in hits]
        self._next = following
        self.endResetModel()

    def _snippet(self, message: StoredMessage) -> tuple[str, list[tuple[int, int]]]:
        # An OMEMO placeholder reads as its bubble does: translated (a text search never
        # matches it, storage/repos/search.py; a filter alone lists it)
        text = self.text_of(message)
        return snippet(text, highlight_spans(text, self.query.terms))

    def text_of(self, message: StoredMessage) -> str:
        """The whole text a hit reads as (an OMEMO placeholder as its bubble reads)."""
        return shown_text(message.body, self._name_of)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and self._next is not None and not self._loading

    def fetchMore(self, parent: _Index) -> None:
        if self.canFetchMore(parent):
            spawn(self._more(), "more search results")

    async def _more(self) -> None:
        generation, start = self.generation, self._next
        self._loading = True
        try:
            hits, following = await self._search(self.query, PAGE, start)
        finally:
            if generation == self.generation:
                self._loading = False
        if generation != self.generation or not hits:
            return
        first = len(self._hits)
        self.beginInsertRows(QModelIndex(), first, first + len(hits) - 1)
        self._hits += hits
        self._snippets += [self._snippet(m) for m in hits]
        self._next = following
        self.endInsertRows()
