"""The conversations list's record: one per (account, peer), what its row shows.

Qt-free, so storage can build it and the chats model (models/chats.py) can show it.
"""

from __future__ import annotations

from dataclasses import dataclass

CHAT = "chat"  # a one-to-one conversation
ROOM = "room"  # a group room (XEP-0045): its row in the rooms table says so


@dataclass(frozen=True, slots=True)
class LastMessage:
    """What the newest message of a conversation was, for its one-line preview."""

    body: str
    outgoing: bool
    retracted: bool = False
    file_name: str = ""  # an upload's or a stored transfer's file name
    file_mime: str = ""
    sender: str = ""  # in a room, the nick of whoever wrote it ("" for ours)


@dataclass(frozen=True, slots=True)
class ChatSummary:
    account: str
    peer: str
    ts: float  # the newest activity: the last message, or the draft when newer
    last: LastMessage | None = None  # None: only a draft
    draft: str = ""
    kind: str = CHAT
