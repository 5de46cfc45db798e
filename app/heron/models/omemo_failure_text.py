"""The sentence shown in place of an encrypted message Heron could not show, in the user's
language, for every place that shows a message's text: the bubble (ui/omemo_lock.py), the
chat list's last line (models/chats.py) and the notification (ui/notifications.py).

Storage keeps the English sentence as the message's text (core/errors.py, written by
xmpp/services/omemo_receive.py) and the failure in its encryption record. The bubble reads the
record; the chat list and notifications have only the text, so they recognise the stored
English sentence (whoever it names) and show its translation instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from heron.core.errors import ErrorKind, describe
from heron.crypto.omemo.manual_trust import TrustState

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")

DISTRUSTED = TrustState.DISTRUSTED.value
# storage/repos/omemo.py's record values (ui/ and models/ do not import storage;
# tests/unit/test_omemo_failure_text.py keeps them equal)
KEY_CHANGED = "key-changed"
OFF_LIST = "off-list"
#: the failure each stored placeholder stands for, as its encryption record's trust says it
KINDS = {ErrorKind.OMEMO_UNDECRYPTABLE: "", ErrorKind.OMEMO_DISTRUSTED_SENDER: DISTRUSTED,
         ErrorKind.OMEMO_KEY_CHANGED: KEY_CHANGED}
_SENDER = "\x00"


def failure_sentence(trust: str, sender: str) -> str | None:
    """The translated placeholder of a message from ``sender`` whose encryption record has
    ``trust``; None when it was decrypted (its own text shows)."""
    if trust == "":
        return translate("OmemoFailure", "This message was encrypted for a device that is not "
                         "this one, or with keys this device no longer has, so Heron cannot "
                         "show it. Ask {sender} to send it again.").format(sender=sender)
    if trust == DISTRUSTED:
        return translate("OmemoFailure", "Warning: this message came from a device of {sender} "
                         "that you distrust, so Heron does not show it. If you trust that device "
                         "again, review it in the chat's encryption menu.").format(sender=sender)
    if trust == KEY_CHANGED:
        return translate("OmemoFailure", "Warning: the encryption key of a device of {sender} "
                         "changed, so Heron does not show this message. Ask {sender} in person "
                         "whether they reinstalled; then review the device in the chat's "
                         "encryption menu and accept its new key.").format(sender=sender)
    return None


def _pattern(kind: ErrorKind) -> re.Pattern[str]:
    error = describe(kind, server=_SENDER)  # as omemo_receive.placeholder writes it
    english = re.escape(f"{error.message} {error.next_step}")
    return re.compile(english.replace(re.escape(_SENDER), "(?P<sender>[^ ]+)", 1)
                      .replace(re.escape(_SENDER), "(?P=sender)"))


_PATTERNS = [(_pattern(kind), trust) for kind, trust in KINDS.items()]


def shown_text(body: str, name_of: Callable[[str], str] | None = None) -> str:
    """``body`` as the user reads it: a stored placeholder translated (naming its sender by
    ``name_of`` the address it names, when given), any other text as is."""
    for pattern, trust in _PATTERNS:
        found = pattern.fullmatch(body)
        if found is not None:
            sender = found["sender"]
            return failure_sentence(trust, name_of(sender) if name_of else sender) or body
    return body
