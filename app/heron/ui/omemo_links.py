"""An ``xmpp:`` link with OMEMO fingerprints (what Conversations and Kaidan put in their QR
codes), opened from a message, the desktop or the command line: the contact's chat opens with
its keys view, which verifies the devices whose fingerprints match and says which did not."""

from __future__ import annotations

from typing import TYPE_CHECKING

from heron.core.tasks import spawn
from heron.crypto.omemo import trust_uri

if TYPE_CHECKING:
    from heron.ui.main_window import MainWindow


def names_fingerprints(link: str) -> bool:
    try:
        trust_uri.parse(link)
    except ValueError:
        return False
    return True


def open_fingerprint_link(window: MainWindow, account: str, link: str) -> None:
    owner, _keys = trust_uri.parse(link)

    async def show() -> None:
        if owner != account:
            await window.open_conversation(account, owner)
        keys = window.conversation.omemo_devices
        dialog = keys.review()
        if dialog is not None:
            dialog.uri_edit.setText(link)
            dialog.open_uri(link)

    spawn(show(), "an OMEMO fingerprint link")
