"""A short chime for a new message the user is not looking at (issue 8, point 7).

It plays for a message that arrives live in a chat other than the one in front of the user
(another chat is open, or the window is in the background or minimised); never for history
from the archive, the user's own messages, a muted chat, while the user's status is "Do not
disturb", or with Sounds off (the tray menu). A room chimes only for a message that names the
user, as it notifies (ui/room_alerts.py). The chime is app/heron/resources/message.wav
(packaging/make_chime.py makes it), played by QtMultimedia's QSoundEffect, which is loaded
at the first chime, not at start-up. With no audio device (or no QtMultimedia) it says so
once in the log and Heron carries on without sound.
"""

from __future__ import annotations

import logging
from importlib import resources
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QUrl

from heron.core.bus import Phase
from heron.core.events import Direction, MessagesAdded
from heron.models.bus_scope import scoped
from heron.ui import room_alerts
from heron.ui.notifications import window_shows

if TYPE_CHECKING:
    from heron.ui.main_window import MainWindow

log = logging.getLogger(__name__)
VOLUME = 0.6


def chime_file() -> str:
    return str(resources.files("heron") / "resources" / "message.wav")


class MessageSounds(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.settings = window.app.settings
        self.effect: Any = None  # the QSoundEffect, made at the first chime
        self.played = 0  # chimes asked of the sound device (what a test can count)
        self._broken = False  # no QtMultimedia: said once, then silence
        self._said_no_device = False
        bus = scoped(self, window.app.bus)  # unsubscribed when this is destroyed
        bus.subscribe(MessagesAdded, self._on_messages, Phase.UI)

    def should_play(self, event: MessagesAdded) -> bool:
        """Whether this new message earns a chime (see the module's docstring)."""
        chat = (event.account, event.peer)
        incoming = [m for m in event.messages
                    if m.direction is Direction.INCOMING and not m.retracted and m.body]
        muted = list(chat) in self.settings.muted
        room = room_alerts.to_notify(self.window.app, chat, incoming, muted)
        if room is not None:  # a room chimes as it notifies: for mentions (ui/room_alerts.py)
            incoming, muted = room, False
        return bool(event.live and incoming and self.settings.sounds
                    and self.settings.presence_show != "dnd"
                    and not muted
                    and not window_shows(self.window, chat))

    def _on_messages(self, event: MessagesAdded) -> None:
        if self.should_play(event):
            self.play()

    def play(self) -> None:
        effect = self._effect()
        if effect is None:
            return
        self.played += 1
        if not self._said_no_device and not self._has_output():
            self._said_no_device = True
            log.info("no audio output device: message sounds stay silent")
        effect.play()  # with no device Qt refuses quietly; nothing to catch

    def _effect(self) -> Any:
        if self.effect is not None or self._broken:
            return self.effect
        try:
            from PySide6.QtMultimedia import QSoundEffect  # noqa: PLC0415  loaded at first use
        except ImportError as exc:  # no QtMultimedia, or its audio library is missing
            self._broken = True
            log.info("no message sounds: QtMultimedia is not available (%s)", exc)
            return None
        effect = QSoundEffect(self)
        effect.setSource(QUrl.fromLocalFile(chime_file()))
        effect.setVolume(VOLUME)
        self.effect = effect
        return effect

    @staticmethod
    def _has_output() -> bool:
        from PySide6.QtMultimedia import QMediaDevices  # noqa: PLC0415  loaded by _effect

        return bool(QMediaDevices.audioOutputs())
