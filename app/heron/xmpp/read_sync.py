"""The user read a conversation up to a message: the one place that moves the read point and
tells the others (XEP-0333 <displayed/> to the contact, XEP-0490 to the user's own clients).

The window calls it only for what was on screen in a focused window (ui/read_tracker.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from heron.core.events import ConversationRead
from heron.core.tasks import spawn

if TYPE_CHECKING:
    from heron.application import Heron


async def displayed(app: Heron, account: str, peer: str, up_to: tuple[float, int]) -> int:
    """Move the read point to ``up_to`` (forward only); send one <displayed/> for the newest
    markable message it covers (once, never an older one), publish the archive id of the
    newest incoming message it covers; returns how many incoming messages are left unread."""
    repo = app.repos.read_state
    progress = await repo.displayed(account, peer, up_to)
    session = app.sessions.get(account)
    if session is not None and progress.marker is not None and (
            session.markers.send_displayed(peer, progress.marker)):
        await repo.marker_sent(account, peer, progress.marker.key)
    if session is not None and progress.stanza_id is not None:
        spawn(session.mds.publish(peer, progress.stanza_id), "displayed sync publication")
    if progress.moved:
        app.bus.publish(ConversationRead(account, peer, progress.unread))
    return progress.unread
