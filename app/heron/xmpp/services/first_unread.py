# XEP-0313 with XEP-0490: unread counts after a new profile's first catch-up
"""The first catch-up stores the archive as history (no notification for years of it), so
nothing was counted as it arrived. Once the read points our other clients shared are
applied, each conversation it brought gets its unread count by the rule in
storage/repos/first_unread.py, and the roster shows it."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from heron.core.events import ConversationRead
from heron.storage.repos.first_unread import settle_first_unread_on

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession


async def settle_first_unread(session: AccountSession) -> None:
    """Call after the MAM catch-up and the XEP-0490 catch-up of a session."""
    peers = sorted(session.mam.first_run_peers)
    session.mam.first_run_peers.clear()
    account = session.jid
    db = session.repos.messages.db
    for peer in peers:
        unread = await db.run(partial(settle_first_unread_on, account=account, peer=peer))
        session.bus.publish(ConversationRead(account, peer, unread))
