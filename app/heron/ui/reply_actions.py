"""What the conversation pane does for replies (XEP-0461) and reactions (XEP-0444): the reply
bar above the composer, toggling and picking reactions, and the bubble callbacks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, QRect
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QStyleOptionViewItem

from heron.core.events import StoredMessage
from heron.core.tasks import spawn
from heron.ui.delegates import MessageDelegate
from heron.ui.reaction_hover import HoverReactions
from heron.ui.reaction_picker import ReactionPicker
from heron.ui.rich_bubble import BubbleExtras
from heron.ui.widgets import plain_label

if TYPE_CHECKING:
    from heron.ui.conversation import ConversationPane

PREVIEW_CHARS = 80


class RichActions(QObject):
    def __init__(self, pane: ConversationPane) -> None:
        super().__init__(pane)
        self.pane = pane
        self.replying: StoredMessage | None = None
        self.picker: ReactionPicker | None = None
        self.reply_bar = self._build_reply_bar()

    def connect_bubbles(self, extras: BubbleExtras) -> None:
        pane = self.pane
        extras.own_jid = lambda: pane.current[0] if pane.current else ""
        extras.name_of = pane._display_name
        extras.peer_name = lambda: pane._display_name(pane.current[1]) if pane.current else ""
        extras.toggle = self.react
        extras.jump = pane.show_message
        extras.in_room = lambda: pane.room.active
        self.hover = HoverReactions(pane.message_view, self._bubble_at, self.react, self.pick)

    def _bubble_at(self, pos: QPoint) -> QRect | None:
        """The bubble under ``pos`` (viewport coordinates), None between bubbles."""
        view = self.pane.message_view
        index = view.indexAt(pos)
        delegate = view.itemDelegate()
        if not index.isValid() or not isinstance(delegate, MessageDelegate):
            return None
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.rect = view.visualRect(index)
        option.font = view.font()
        bubble, _doc = delegate._layout(option, index)
        return bubble if bubble.adjusted(0, -12, 0, 0).contains(pos) else None

    # --- replies -------------------------------------------------------------------------

    def _build_reply_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("replyBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(10, 4, 4, 4)
        self.reply_label = plain_label("", "replyLabel")
        cancel = QPushButton(self.tr("Cancel (Esc)"))
        cancel.setObjectName("cancelReplyButton")
        cancel.setProperty("link", True)
        cancel.clicked.connect(self.cancel_reply)
        row.addWidget(self.reply_label, 1)
        row.addWidget(cancel)
        bar.hide()
        return bar

    def start_reply(self, message: StoredMessage) -> None:
        pane = self.pane
        pane.cancel_correction()
        self.replying = message
        who = (self.tr("yourself") if message.direction.value == "out"
               else message.sender_resource if pane.room.active and message.sender_resource
               else pane._display_name(message.peer))
        first = " ".join(message.body.split())
        if len(first) > PREVIEW_CHARS:
            first = first[: PREVIEW_CHARS - 1] + "…"
        self.reply_label.setText(self.tr("Replying to {name}: {text}").format(name=who,
                                                                              text=first))
        self.reply_bar.show()
        pane.composer.setFocus()

    def cancel_reply(self) -> None:
        self.replying = None
        self.reply_bar.hide()

    def take_reply(self) -> StoredMessage | None:
        """The message the text being sent answers (the bar closes)."""
        replying = self.replying
        self.cancel_reply()
        return replying

    # --- reactions -----------------------------------------------------------------------

    def react(self, message: StoredMessage, emoji: str) -> None:
        """Toggle our ``emoji`` on ``message`` (sent at once; offline: said so)."""
        session = self.pane.app.sessions.get(message.account)
        if session is None or not session.connection.connected:
            self.pane.problem.emit(self.tr("This account is not connected: the reaction was "
                                           "not sent."))
            return
        spawn(session.reactions.toggle(message, emoji), "reaction")

    def pick(self, message: StoredMessage, at: QPoint | None = None) -> ReactionPicker:
        """The emoji picker for ``message``; the emoji picked is toggled like a chip."""
        if self.picker is not None:
            self.picker.close()
        picker = ReactionPicker(self.pane)
        picker.picked.connect(lambda emoji: self.react(message, emoji))
        view = self.pane.message_view
        where = at if at is not None else view.mapToGlobal(view.rect().center()) - QPoint(
            picker.width() // 2, picker.height() // 2)
        picker.move(where)
        picker.show()
        picker.search.setFocus()
        self.picker = picker
        return picker
