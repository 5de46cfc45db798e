"""What an ``xmpp:`` link does in the window (RFC 5122, XEP-0147).

A link only prepares: ``?message`` opens the chat with the body as a draft the user may send,
``?roster``/``?subscribe`` open the add-contact dialog filled in (or the chat, when the contact
is already in the list). Nothing is sent or added without the user's click.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from heron.core.tasks import spawn
from heron.core.xmpp_uri import UriError, XmppUri, parse
from heron.ui.omemo_links import names_fingerprints, open_fingerprint_link
from heron.ui.room_link import open_join_link

if TYPE_CHECKING:
    from heron.ui.main_window import MainWindow


log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("XmppUri", text)


def open_link(window: MainWindow, link: str) -> None:
    """Act on ``link`` (from the command line or a second ``heron`` started by the desktop)."""
    try:
        uri = parse(link)
    except UriError as exc:
        log.info("an xmpp: link that cannot open: %s", exc)
        window.show_error(_tr("Heron cannot open this link: {reason}").format(
            reason=_tr(str(exc))))
        return
    log.info("opening an xmpp: link (%s)", uri.action or "chat")
    account = _account_for(window, uri)
    if account is None:
        window.show_error(_tr("Add an account first, then open the link again."))
        return
    if names_fingerprints(link):  # OMEMO fingerprints: verify them (ui/omemo_links.py)
        open_fingerprint_link(window, account, link)
        return
    if uri.action == "join":  # a room: a confirm dialog joins it (ui/room_link.py)
        open_join_link(window, account, uri)
        return
    known = window.roster_model.is_contact(uri.jid)
    if uri.action in {"roster", "subscribe"} and not known:
        dialog = window.sidebar.open_add_contact(account)
        if dialog is not None:
            dialog.jid.setText(uri.jid)
            dialog.name.setText(uri.params.get("name", ""))
            dialog.groups.setText(", ".join(uri.groups))
        return
    spawn(_open_chat(window, account, uri))


def _account_for(window: MainWindow, uri: XmppUri) -> str | None:
    """The account the link names if it is one of ours, else the open chat's, else the first."""
    accounts = [a.jid for a in window.app.accounts]
    if not accounts:
        return None
    if uri.account in accounts:
        return uri.account
    current = window.current
    if current is not None and current[0] in accounts:
        return current[0]
    return accounts[0]


async def _open_chat(window: MainWindow, account: str, uri: XmppUri) -> None:
    await window.open_conversation(account, uri.jid)
    body = uri.body.strip()
    if body:
        composer = window.composer
        draft = composer.toPlainText()
        # The user's unsent words stay: the link's text goes below them.
        composer.setPlainText(f"{draft.rstrip()}\n{body}" if draft.strip() else body)
        cursor = composer.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        composer.setTextCursor(cursor)
    window.composer.setFocus()
