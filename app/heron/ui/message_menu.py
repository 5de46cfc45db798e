"""What a person can do with a message: copy it, copy its link, quote it, correct it, send it
again when it did not get through, delete it for everyone (XEP-0424, after a confirmation the
conversation pane asks).

The conversation pane owns the actions' effects (the composer, the correction); this module
only decides which entries a message gets and what text they carry.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu, QWidget

from heron.core.events import DeliveryState, Direction, StoredMessage
from heron.ui.reaction_menu import add_reactions
from heron.ui.styled_text import links_in

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")



def quoted(body: str) -> str:
    """The body as a quote block (XEP-0393 "> "), followed by an empty line to type on."""
    return "".join(f"> {line}\n" for line in body.splitlines() or [""])


def copy_text(text: str) -> None:
    clipboard = QGuiApplication.clipboard()
    if clipboard is not None:
        clipboard.setText(text)


def can_retry(message: StoredMessage) -> bool:
    """Our message that did not get through (not sent, or bounced) can be sent again."""
    return (message.direction is Direction.OUTGOING
            and message.state in (DeliveryState.FAILED, DeliveryState.BOUNCED))


def build_menu(parent: QWidget, message: StoredMessage, copied: str, link: str,  # noqa: PLR0917  one per menu entry
               quote: Callable[[str], None],
               correct: Callable[[StoredMessage], None] | None,
               retry: Callable[[StoredMessage], None] | None = None,
               retract: Callable[[StoredMessage], object] | None = None,
               reply: Callable[[StoredMessage], None] | None = None,
               react: Callable[[StoredMessage, str], None] | None = None,
               pick: Callable[[StoredMessage], object] | None = None) -> QMenu:
    """``copied``: what Copy puts on the clipboard (the selected messages' text);
    ``link``: the link under the pointer, if any (else the message's first one);
    ``correct`` / ``retract``: given only for the user's own messages that allow it."""
    menu = QMenu(parent)
    menu.setObjectName("messageContextMenu")
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if react is not None and pick is not None:  # XEP-0444: quick reactions, then the picker
        add_reactions(menu, message, react, pick)
    copy = menu.addAction(translate("MessageMenu", "Copy"), lambda: copy_text(copied))
    copy.setObjectName("copyMessageAction")
    target = link or next(iter(links_in(message.body)), "")
    if target:
        copy_link = menu.addAction(translate("MessageMenu", "Copy link"),
                                   lambda: copy_text(target))
        copy_link.setObjectName("copyLinkAction")
    quote_action = menu.addAction(translate("MessageMenu", "Quote"),
                                  lambda: quote(quoted(message.body)))
    quote_action.setObjectName("quoteMessageAction")
    if reply is not None:  # XEP-0461
        menu.addAction(translate("MessageMenu", "Reply"),
                       lambda: reply(message)).setObjectName("replyMessageAction")
    if retry is not None and can_retry(message):
        menu.addSeparator()
        retry_action = menu.addAction(translate("MessageMenu", "Send again"),
                                      lambda: retry(message))
        retry_action.setObjectName("retryMessageAction")
    if correct is not None:
        menu.addSeparator()
        correct_action = menu.addAction(translate("MessageMenu", "Correct…"),
                                        lambda: correct(message))
        correct_action.setObjectName("correctMessageAction")
    if retract is not None:
        if correct is None:
            menu.addSeparator()
        retract_action = menu.addAction(translate("MessageMenu", "Delete for everyone…"),
                                        lambda: retract(message))
        retract_action.setObjectName("retractMessageAction")
    return menu
