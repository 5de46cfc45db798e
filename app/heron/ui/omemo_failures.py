"""What a bubble says in place of an encrypted message Heron could not show, and the OMEMO
sentences of a message Heron would not send, in the user's language.

The receiving service stores the English sentence as the message's text (search, the chat
list and notifications read it) and the failure itself as the message's encryption record:
no trust means it could not be decrypted, ``DISTRUSTED`` that its device is distrusted,
``KEY_CHANGED`` that its device now shows another key (storage/repos/omemo.py). The
conversation shows the sentence translated from that record.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from heron.core.events import Direction, StoredMessage
from heron.crypto.omemo.manual_trust import TrustState
from heron.models.omemo_failure_text import KEY_CHANGED, failure_sentence
from heron.models.roster import RosterModel
from heron.ui.i18n import QT_TRANSLATE_NOOP

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")

DISTRUSTED = TrustState.DISTRUSTED.value

# The bounce sentences of core/errors.py for OMEMO (a message not sent unencrypted): models/
# messages.py translates them in the "Delivery" context; listed here so lupdate finds them
# (tests/unit/ui/test_omemo_texts.py keeps them equal to errors.py's).
NOT_SENT = (
    QT_TRANSLATE_NOOP("Delivery", "Not sent: {user} has no device that Heron can encrypt to. "
                      "Ask them to turn on OMEMO encryption, or turn encryption off for this "
                      "chat to send it unencrypted."),
    QT_TRANSLATE_NOOP("Delivery", "Not sent: this message could not be encrypted for {user}. "
                      "Try again in a moment; if it keeps failing, turn encryption off for "
                      "this chat to send it unencrypted."),
    QT_TRANSLATE_NOOP("Delivery", "Not sent: {text} in this room have no device that Heron "
                      "can encrypt to. Ask them to turn on OMEMO encryption, or turn "
                      "encryption off for this room to send it unencrypted."),
    QT_TRANSLATE_NOOP("Delivery", "Not sent: this room is no longer members-only and "
                      "non-anonymous, so it cannot be encrypted. Turn encryption off for this "
                      "room to send it unencrypted."),
)


def failure_text(message: StoredMessage, trust: str,
                 name_of: Callable[[str], str] = str, room: bool = False) -> str | None:
    """The translated placeholder for ``message`` whose encryption record has ``trust``,
    naming its sender by ``name_of`` their address (in a ``room``: their nick); None when it
    was decrypted (its own text shows)."""
    if room and message.direction is Direction.INCOMING:
        return failure_sentence(trust, message.sender_resource)
    sender = message.peer if message.direction is Direction.INCOMING else message.account
    return failure_sentence(trust, name_of(sender))


def contact_name(roster: RosterModel, account: str, jid: str) -> str:
    """How Heron names ``jid`` to the user of ``account``: their roster name, else the address."""
    row = roster.row_for_account(account, jid)
    return row.display if row is not None else jid


def on_roster_change(roster: RosterModel, slot: Callable[..., None]) -> None:
    """Call ``slot`` whenever a name in ``roster`` may have changed."""
    for change in (roster.dataChanged, roster.rowsInserted, roster.rowsRemoved,
                   roster.modelReset):
        change.connect(slot)


def is_failure(trust: str) -> bool:
    """Whether an encryption record with ``trust`` stands for a message not shown."""
    return trust in ("", DISTRUSTED, KEY_CHANGED)


def off_list_tip(message: StoredMessage, version: str, device: int, room: bool) -> str:
    """The lock's tooltip of a message from a device its owner took off their device list."""
    sender = message.peer if message.direction is Direction.INCOMING else message.account
    if room and message.direction is Direction.INCOMING:
        sender = message.sender_resource  # the occupant's nick
    return translate("OmemoLock", "Encrypted with {version}, from device {device}, which is no "
                     "longer in {sender}'s device list").format(
                         version=version, device=device, sender=sender)
