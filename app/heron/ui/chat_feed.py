"""What keeps the chats list true: the stored conversations at start, then the bus.

A new message (live or from the archive) moves its conversation to the top with its preview;
one that arrives live while the user is not reading that conversation adds to its unread
count; reading sets the count (ConversationRead). "Close chat" hides a conversation until a
message newer than the last one it had: the mark is kept in the settings, history stays.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from heron.application import Heron
from heron.core.bus import Phase
from heron.core.chats import CHAT, ROOM, ChatSummary, LastMessage
from heron.core.events import (
    AccountRemoved,
    ConversationRead,
    Direction,
    MessagesAdded,
    MessageUpdated,
    StoredMessage,
)
from heron.core.tasks import spawn
from heron.models.bus_scope import scoped
from heron.models.chats import ChatsModel, preview_of

Chat = tuple[str, str]


def _last(message: StoredMessage, room: bool) -> LastMessage:
    incoming = message.direction is Direction.INCOMING
    return LastMessage(message.body, not incoming, message.retracted,
                       sender=message.sender_resource if room and incoming else "")


class ChatFeed(QObject):
    def __init__(self, app: Heron, model: ChatsModel, active: Callable[[], Chat | None],
                 parent: QObject | None = None) -> None:
        """``active`` names the conversation the user is reading (its messages are read)."""
        super().__init__(parent)
        self.app, self.model, self._active = app, model, active
        bus = scoped(self, app.bus)  # unsubscribed when this is destroyed
        bus.subscribe(MessagesAdded, self._on_messages, Phase.UI)
        bus.subscribe(MessageUpdated, self._on_updated, Phase.UI)
        bus.subscribe(ConversationRead, lambda e: model.set_unread(e.account, e.peer, e.unread),
                      Phase.UI)
        bus.subscribe(AccountRemoved, self._on_account_removed, Phase.UI)

    async def load(self) -> None:
        """The conversations stored for every account, with their unread counts."""
        for account in self.app.accounts:
            chats = await self.app.recent_chats(account.jid)
            counts = await self.app.unread_counts(account.jid)
            for chat in chats:
                self._show(chat, counts.get(chat.peer, 0))
        self.model.flush()

    def _show(self, chat: ChatSummary, unread: int) -> None:
        if self.closed_at(chat.account, chat.peer) >= chat.ts:
            return
        self.model.upsert(chat.account, chat.peer, chat.kind, chat.ts,
                          preview_of(chat.last, chat.draft, self._names(chat.account)),
                          chat.last is not None and chat.last.outgoing and not chat.draft)
        self.model.set_unread(chat.account, chat.peer, unread)

    # --- the bus -------------------------------------------------------------------------------

    def _on_messages(self, event: MessagesAdded) -> None:
        if not event.messages:
            return
        newest = max(event.messages, key=lambda m: m.key)
        if self.closed_at(event.account, event.peer) >= newest.timestamp:
            return
        self.reopen(event.account, event.peer)
        self._upsert(newest)
        incoming = sum(1 for m in event.messages if m.direction is Direction.INCOMING)
        if event.live and incoming and self._active() != (event.account, event.peer):
            count = self.model.unread(event.account, event.peer) + incoming
            self.model.set_unread(event.account, event.peer, count)

    def _on_updated(self, event: MessageUpdated) -> None:
        # Only the row's own message changes its preview (upsert ignores older ones).
        if self.model.newest(event.account, event.peer) == event.message.timestamp:
            self._upsert(event.message)

    def _upsert(self, message: StoredMessage) -> None:
        session = self.app.sessions.get(message.account)
        room = session is not None and session.muc.is_room(message.peer)
        self.model.upsert(message.account, message.peer, ROOM if room else CHAT,
                          message.timestamp,
                          preview_of(_last(message, room), "", self._names(message.account)),
                          message.direction is Direction.OUTGOING)

    def _names(self, account: str) -> Callable[[str], str]:
        """How the user of ``account`` knows an address (their contacts by name)."""
        return lambda jid: self.model.name(account, jid)

    def _on_account_removed(self, event: AccountRemoved) -> None:
        for account, peer in self.model.conversations():
            if account == event.account:
                self.model.remove(account, peer)

    def draft_saved(self, account: str, peer: str, _text: str) -> None:
        """The composer's draft of a conversation was saved (or removed): its row says so."""
        spawn(self._refresh(account, peer), "chats list draft")

    async def _refresh(self, account: str, peer: str) -> None:
        chat = await self.app.chat_summary(account, peer)  # read after the draft's write
        if chat is None or self.closed_at(account, peer) >= chat.ts:
            return
        if chat.ts < (self.model.newest(account, peer) or chat.ts):
            self.model.remove(account, peer)  # the draft went: back to its last message
        self._show(chat, self.model.unread(account, peer))

    # --- closing -------------------------------------------------------------------------------

    def closed_at(self, account: str, peer: str) -> float:
        """The time of the last message the conversation had when the user closed it (-inf
        when it is not closed)."""
        for a, p, ts in self.app.settings.closed_chats:
            if (a, p) == (account, peer):
                return float(ts)
        return float("-inf")

    def close_chat(self, account: str, peer: str) -> None:
        """Hide the conversation until a newer message comes; its history stays."""
        newest = self.model.newest(account, peer)
        if newest is None:
            return
        self._forget(account, peer)
        self.app.settings.closed_chats.append([account, peer, newest])
        self.app.settings_store.save(self.app.settings)
        self.model.remove(account, peer)

    def reopen(self, account: str, peer: str) -> None:
        if self.closed_at(account, peer) != float("-inf"):
            self._forget(account, peer)
            self.app.settings_store.save(self.app.settings)

    def _forget(self, account: str, peer: str) -> None:
        settings = self.app.settings
        settings.closed_chats = [c for c in settings.closed_chats
                                 if (c[0], c[1]) != (account, peer)]
