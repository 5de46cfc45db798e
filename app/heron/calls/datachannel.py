"""One file over one WebRTC data channel (XEP-0343; aiortc, imported only when a transfer
over it starts). The sender makes the offer and writes; the receiver answers and reads. ICE
goes through the STUN/TURN servers the user's server names, as for calls; the signalling (the
SDP as Jingle) is xmpp/plugins/xep_0343 and xmpp/services/jingle_files.py."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import IO, Any

from heron.calls.api import IceServer
from heron.calls.media import _rtc_configuration

log = logging.getLogger(__name__)
CHUNK = 16 * 1024  # one message: every WebRTC stack takes 16 KB
HIGH_WATER = 1024 * 1024  # stop writing while this much waits in the channel's buffer
OPEN_TIMEOUT = 30.0


class DataChannelPipe:
    def __init__(self, ice_servers: tuple[IceServer, ...]) -> None:
        from aiortc import RTCPeerConnection

        self._pc = RTCPeerConnection(_rtc_configuration(ice_servers, relay_only=False))
        self._pc.on("connectionstatechange", self._state)
        self._channel: Any = None
        self._opened = asyncio.Event()
        self._drained = asyncio.Event()
        #: bytes as they arrive (receiver)
        self.on_data: Callable[[bytes], None] | None = None
        #: the connection failed or closed before the transfer was over
        self.on_broken: Callable[[], None] | None = None

    def _state(self) -> None:
        log.info("data channel connection: %s", self._pc.connectionState)
        if self._pc.connectionState in ("failed", "closed") and self.on_broken is not None:
            self.on_broken()

    def _adopt(self, channel: Any) -> None:
        self._channel = channel
        channel.bufferedAmountLowThreshold = HIGH_WATER // 4
        channel.on("open", self._opened.set)
        channel.on("bufferedamountlow", self._drained.set)
        channel.on("message", self._message)
        if channel.readyState == "open":
            self._opened.set()

    def _message(self, message: bytes | str) -> None:
        if self.on_data is not None and isinstance(message, bytes):
            self.on_data(message)

    async def offer(self) -> str:
        self._adopt(self._pc.createDataChannel("file", ordered=True))
        await self._pc.setLocalDescription(await self._pc.createOffer())
        return str(self._pc.localDescription.sdp)

    async def answer(self, offer_sdp: str) -> str:
        from aiortc import RTCSessionDescription

        self._pc.on("datachannel", self._adopt)
        await self._pc.setRemoteDescription(RTCSessionDescription(offer_sdp, "offer"))
        await self._pc.setLocalDescription(await self._pc.createAnswer())
        return str(self._pc.localDescription.sdp)

    async def accepted(self, answer_sdp: str) -> None:
        from aiortc import RTCSessionDescription

        await self._pc.setRemoteDescription(RTCSessionDescription(answer_sdp, "answer"))

    async def send(self, source: IO[bytes], sent: Callable[[int], None],
                   stopped: Callable[[], bool]) -> None:
        """Write ``source`` into the channel, CHUNK at a time, never more than HIGH_WATER
        waiting; ``sent`` hears each chunk's size. TimeoutError when it never opens."""
        async with asyncio.timeout(OPEN_TIMEOUT):
            await self._opened.wait()
        while not stopped() and (block := source.read(CHUNK)):
            if self._channel.bufferedAmount > HIGH_WATER:
                self._drained.clear()
                async with asyncio.timeout(OPEN_TIMEOUT):  # a peer that stopped reading
                    await self._drained.wait()
            if self._channel.readyState != "open":
                raise ConnectionError("the data channel closed")  # the other side left
            self._channel.send(block)
            sent(len(block))

    async def close(self) -> None:
        self._drained.set()  # a writer waiting for room finds the channel closed
        await self._pc.close()
