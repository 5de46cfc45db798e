"""The contract between joining rooms (``muc.py``) and what asks for a join.

The room browser, ``xmpp:room@service?join`` links and bookmark autojoin (``bookmarks.py``)
ask for joins; ``muc.py`` does them. They meet here so each can be built and tested alone.
"""

from __future__ import annotations

from typing import Protocol


class RoomJoiner(Protocol):
    async def join(self, room: str, nick: str, password: str | None = None) -> None:
        """Join ``room`` (a bare JID) as ``nick``. Returns once the room sent our own presence
        (status 110); raises ``UserError`` with a plain-words reason when the room refused."""

    async def leave(self, room: str) -> None:
        """Leave ``room``; nothing happens when we are not in it."""

    def joined(self) -> set[str]:
        """The rooms (bare JIDs) we are in now."""
