"""Moderation (XEP-0425) in the window: "Remove message…" in a moderator's message menu (with
a reason), and the tombstone text of a removed message, which MessageDelegate paints.

The reason came from the network (the moderator's words): it is shown as plain text only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QLineEdit, QMenu, QVBoxLayout, QWidget

from heron.core.events import StoredMessage
from heron.core.tasks import spawn
from heron.ui.confirm import ConfirmDialog

if TYPE_CHECKING:
    from heron.ui.conversation import ConversationPane

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")
MODERATED = "moderated"  # StoredMessage.failure_condition of a removed message


def tombstone_text(message: StoredMessage) -> str:
    """What a message a moderator removed says instead of its text ("" for other messages)."""
    if not message.retracted or message.failure_condition != MODERATED:
        return ""
    if message.failure_text:
        return translate("MessageBubble", "Removed by a moderator ({reason})").format(
            reason=message.failure_text)
    return translate("MessageBubble", "Removed by a moderator")


class RemoveMessageDialog(ConfirmDialog):
    """The question before removing someone's message, with a field for the reason."""

    removed = Signal(str)  # the reason ("" when none was given)

    def __init__(self, nick: str, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Remove this message?"),
            self.tr("It is removed for everyone in the room, also from the room's history. "
                    "Everyone sees that a moderator removed a message of {nick}.").format(
                        nick=nick or self.tr("yours")),
            self.tr("Remove message"), parent)
        self.setObjectName("removeMessageDialog")
        self.reason = QLineEdit()
        self.reason.setObjectName("moderationReason")
        self.reason.setAccessibleName(self.tr("Reason"))
        self.reason.setPlaceholderText(self.tr("Reason (optional, everyone sees it)"))
        self.reason.setMaxLength(300)
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):  # under the sentence, above the buttons
            layout.insertWidget(layout.count() - 1, self.reason)
        self.confirmed.connect(lambda: self.removed.emit(self.reason.text().strip()))


def add_remove_action(pane: ConversationPane, menu: QMenu, message: StoredMessage) -> None:
    """A moderator's "Remove message…" for a message of the open room that the room can name
    (it has the room's stanza-id)."""
    session = pane.app.sessions.get(message.account)
    if (session is None or not pane.room.active or not message.stanza_id or message.retracted
            or not session.room_moderation.can_moderate(message.peer)):
        return
    menu.addSeparator()
    menu.addAction(translate("MessageMenu", "Remove message…"),
                   lambda: ask_to_remove(pane, message)).setObjectName("removeMessageAction")


def ask_to_remove(pane: ConversationPane, message: StoredMessage) -> RemoveMessageDialog:
    dialog = RemoveMessageDialog(message.sender_resource if message.direction.value == "in"
                                 else "", pane.window())

    def remove(reason: str) -> None:
        session = pane.app.sessions.get(message.account)
        if session is None:
            pane.problem.emit(translate("ConversationPane", "This account is not connected: "
                                        "the message was not removed."))
            return

        async def ask() -> None:
            if not await session.room_moderation.moderate(message, reason):
                pane.problem.emit(translate("ConversationPane",
                                            "The room did not remove the message."))

        spawn(ask(), "moderation")

    dialog.removed.connect(remove)
    dialog.open()
    return dialog
