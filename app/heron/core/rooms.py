"""Rooms as the room directory finds them (XEP-0045 §6): typed values the UI can hold
without importing the XMPP layer."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Room:
    """A room as a service lists it (disco#items)."""

    jid: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class RoomInfo:
    """What a room says about itself (disco#info with the muc#roominfo form)."""

    jid: str
    name: str = ""
    description: str = ""
    occupants: int | None = None
    password: bool = False
    members_only: bool = False
    moderated: bool = False
    persistent: bool = False
    public: bool = True
    archived: bool = False  # MUC MAM


@dataclass(frozen=True, slots=True)
class RoomList:
    service: str
    rooms: tuple[Room, ...]
    truncated: bool  # the service had more than MAX_ROOMS (or more than the caller's cap)


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A bookmarked room (XEP-0402; XEP-0048 read as a fallback)."""

    jid: str  # the room's bare JID (the item id)
    name: str = ""
    autojoin: bool = False
    nick: str = ""
    password: str = ""
    extensions: bytes = b""  # <extensions/> as received: kept untouched when we republish


# Private chats through a room (XEP-0045 §7.5; xmpp/services/muc_private.py): here, without
# slixmpp, so the window's modules name them without importing the XMPP stack at start-up.
def private_address(room: str, nick: str) -> str:
    """The conversation of a private chat with ``nick`` in ``room``."""
    return f"{room}/{nick}"


def split_address(peer: str) -> tuple[str, str] | None:
    """(room, nick) of a private chat's conversation; None for any other conversation."""
    room, slash, nick = peer.partition("/")
    return (room, nick) if slash and nick and "@" in room else None
