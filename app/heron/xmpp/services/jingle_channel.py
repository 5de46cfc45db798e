# XEP-0343 for direct files: a data channel set up with the user's own STUN/TURN servers
"""The data channel a direct file goes over (calls/datachannel.py) is made here, with the
STUN/TURN servers the user's server names (XEP-0215), asked right before each transfer as the
calls do (their credentials expire). aiortc loads on the first such transfer, not at start.

:class:`DataChannelFiles` is the file service's data-channel side (jingle_files.py mixes it
in; in-band bytestreams stay there): offering a channel, answering one, pushing the bytes, and
ending a transfer whose channel broke."""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any

from slixmpp.xmlstream import ET

from heron.core.errors import ErrorKind
from heron.core.tasks import spawn
from heron.xmpp.plugins import xep_0343

if TYPE_CHECKING:
    from heron.xmpp.services.jingle_file_cards import DirectFileCards
    from heron.xmpp.services.jingle_transfer import Transfer
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)
ICE_SERVERS_WAIT = 5.0
BREAK_GRACE = 5.0  # seconds a closed data channel waits for the Jingle end that explains it


async def new_pipe(session: AccountSession) -> Any:
    from heron.calls.datachannel import DataChannelPipe  # aiortc: only now

    servers: tuple[Any, ...] = ()
    services = getattr(session, "external_services", None)
    if services is not None:
        try:
            servers = tuple(await asyncio.wait_for(services.ice_servers(), ICE_SERVERS_WAIT))
        except TimeoutError:
            log.info("no STUN/TURN list in time; the file tries direct paths only")
    return DataChannelPipe(servers)


class DataChannelFiles(ABC):
    """Mixed into JingleFileService; the abstract steps below are the service's own."""

    session: AccountSession
    cards: DirectFileCards

    @abstractmethod
    def _take(self, transfer: Transfer, block: bytes) -> bool:
        """A block of the file (either transport); False when the transfer is stopped."""

    @abstractmethod
    def _check(self, transfer: Transfer) -> None:
        """All bytes are in: keep the file if it is the one offered."""

    @abstractmethod
    async def _terminate(self, transfer: Transfer, reason: str, kind: ErrorKind,
                         by_me: bool = False) -> None:
        """End the transfer and tell the peer why."""

    async def _offer_channel(self, transfer: Transfer) -> ET.Element:
        transfer.pipe = await new_pipe(self.session)
        return xep_0343.transport_of(await transfer.pipe.offer())

    async def _answer_channel(self, transfer: Transfer, offered: ET.Element) -> ET.Element:
        pipe = transfer.pipe = await new_pipe(self.session)
        pipe.on_broken = lambda: self._broken(transfer)

        def arrived(block: bytes) -> None:
            if self._take(transfer, block):
                self.cards.progress(transfer)
                if transfer.received == transfer.offer.size:  # a channel has no end: the size
                    transfer.stream_done = True
                    self._check(transfer)

        pipe.on_data = arrived
        return xep_0343.transport_of(await pipe.answer(xep_0343.sdp_of(offered)))

    async def _push_channel(self, transfer: Transfer, answer: ET.Element) -> None:
        if transfer.source is None:
            return

        def sent(size: int) -> None:
            transfer.received += size
            self.cards.progress(transfer)

        try:
            await transfer.pipe.accepted(xep_0343.sdp_of(answer))
            with transfer.source.open("rb") as source:
                await transfer.pipe.send(source, sent, lambda: transfer.ended)
        except (TimeoutError, OSError, ValueError) as exc:
            if not transfer.ended:
                log.info("direct file %s over a data channel: %r", transfer.sid, exc)
                await self._terminate(transfer, "failed-transport", ErrorKind.DIRECT_FILE_FAILED)

    def _broken(self, transfer: Transfer) -> None:
        if not transfer.ended:
            spawn(self._after_break(transfer), "end a broken transfer")

    async def _after_break(self, transfer: Transfer) -> None:
        # A peer that cancels closes its channel at once, while its session-terminate goes
        # round by the server: wait for it a little, so "cancelled by Alice" is what shows.
        await asyncio.sleep(BREAK_GRACE)
        if not transfer.ended:
            log.info("direct file %s: the data channel broke", transfer.sid)
            await self._terminate(transfer, "failed-transport", ErrorKind.DIRECT_FILE_FAILED)
