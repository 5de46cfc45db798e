# XEP-0234: one file sent directly, as the file service (jingle_files.py) tracks it
"""A transfer's state, shared by the service, its transports (in-band bytestreams in
jingle_files.py, a data channel in jingle_channel.py) and its card in the chat
(jingle_file_cards.py)."""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from slixmpp.xmlstream import ET

from heron.core.file_events import FileTransfer
from heron.xmpp.plugins.xep_0234 import FileOffer
from heron.xmpp.plugins.xep_0261 import IbbTransport


@dataclass
class Transfer:
    sid: str
    peer: str  # the other device's full JID
    initiator: str
    outgoing: bool
    offer: FileOffer
    ibb: IbbTransport
    source: Path | None = None  # sender: the file read
    folder: Path | None = None  # receiver: where the file goes
    part: Path | None = None
    sink: IO[bytes] | None = None
    received: int = 0
    reported: int = 0
    digest: Any = field(default_factory=hashlib.sha256)
    accepted: bool = False
    ended: bool = False
    card: FileTransfer | None = None  # the chat's file card, once stored
    writing: asyncio.Future[None] | None = None  # the card's last write (they run in order)
    last_data: float = 0.0  # monotonic time of the last block (receiver)
    expected: bytes = b""  # the sha-256 to check against: the offer's, or a later <checksum/>
    stream_done: bool = False  # all bytes are in; the check waits for the checksum
    channel: ET.Element | None = None  # receiver: the sender's data channel <transport/>
    pipe: Any = None  # the data channel (calls/datachannel.py), when the file goes over one
    shown: float = 0.0  # when progress was last shown
