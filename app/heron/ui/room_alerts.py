"""Which room messages tell the desktop (issue 9, point 3). A busy room would notify all day,
so a room notifies only for messages that name the user's nick, and those even when the room
is muted: being called is the point of a mention. The room's row menu can ask for every
message instead (``Settings.room_every_message``), which muting then silences.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from heron.core.events import StoredMessage
from heron.core.mentions import names

if TYPE_CHECKING:
    from heron.application import Heron

Chat = tuple[str, str]


def room_nick(app: Heron, chat: Chat) -> str | None:
    """The user's nick in ``chat`` when it is a joined room; None for anything else."""
    session = app.sessions.get(chat[0])
    state = session.muc.rooms.get(chat[1]) if session is not None else None
    return state.nick if state is not None and state.joined else None


def every_message(app: Heron, chat: Chat) -> bool:
    return list(chat) in app.settings.room_every_message


def set_every_message(app: Heron, chat: Chat, on: bool) -> None:
    settings = app.settings
    settings.room_every_message = [p for p in settings.room_every_message if p != list(chat)]
    if on:
        settings.room_every_message.append(list(chat))
    app.settings_store.save(settings)


def to_notify(app: Heron, chat: Chat, incoming: list[StoredMessage],
              muted: bool) -> list[StoredMessage] | None:
    """The messages of a room that notify; None when ``chat`` is not a room (the usual rules
    apply)."""
    nick = room_nick(app, chat)
    if nick is None:
        return None
    mentions = [m for m in incoming if names(m.body, nick)]
    if mentions or muted or not every_message(app, chat):
        return mentions
    return incoming


def said(message: StoredMessage) -> str:
    """A room message as its notification reads: who said it, then what (plain text)."""
    return f"{message.sender_resource}: {message.body}" if message.sender_resource \
        else message.body
