"""The row above a one-to-one chat that says something about the contact's OMEMO devices and
offers "Review devices": a new device waiting for the user's decision (omemo_new_devices.py)
or a device whose key changed (omemo_key_changed.py).

The row names the contact by their roster name (the address when they have none), read when
it shows and again whenever the roster changes, so a rename shows at once.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from heron.core.tasks import spawn
from heron.ui import theme
from heron.ui.omemo_failures import contact_name, on_roster_change
from heron.ui.widgets import plain_label

if TYPE_CHECKING:
    from heron.ui.conversation import ConversationPane
    from heron.ui.theme import Scheme

#: (background, border, text) colours of the row in a colour scheme
Colours = Callable[["Scheme"], tuple[str, str, str]]
Announce = Callable[[Any, str], Coroutine[Any, Any, None]]


class ContactBanner(QObject):
    """``banner`` (hidden until :meth:`show`), its ``label`` and ``review_button``."""

    def __init__(self, pane: ConversationPane, look: tuple[tuple[str, str, str], Colours],
                 review: str, announce: Announce) -> None:
        """``look``: the object names of the row, its text and its button, and its colours;
        ``review``: the button's text; ``announce(omemo service, peer)``: asks for the open
        chat's state."""
        names, colours = look
        super().__init__(pane)
        self.pane = pane
        self.current: tuple[str, str] | None = None  # the open chat
        self._sentence: Callable[[str], str] | None = None  # shown: the text for a name
        self._colours = colours
        self._announce = announce
        self.banner = QFrame()
        self.banner.setObjectName(names[0])
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(20, 8, 16, 8)
        self.label = plain_label("", names[1])
        row.addWidget(self.label, 1)
        self.review_button = QPushButton(review)
        self.review_button.setObjectName(names[2])
        row.addWidget(self.review_button)
        self.banner.hide()
        on_roster_change(pane.roster_model, self._render)

    @property
    def parts(self) -> tuple[QFrame, QLabel, QPushButton]:
        """The row, its text and its button."""
        return self.banner, self.label, self.review_button

    def open(self, account: str, peer: str) -> None:
        """A chat opened: hidden until the contact's state, asked for now, says otherwise."""
        self.current = (account, peer)
        self.hide()
        session = self.pane.app.sessions.get(account)
        if session is not None and session.omemo.ready.is_set() \
                and not session.muc.is_room(peer):
            spawn(self._announce(session.omemo, peer), "OMEMO devices of a chat")

    def concerns(self, account: str, owner: str) -> bool:
        """Whether news about ``owner``'s devices is for the open chat."""
        return self.current == (account, owner)

    def show(self, sentence: Callable[[str], str]) -> None:
        """Show the row with ``sentence(the contact's name)``."""
        self._sentence = sentence
        self._render()
        self.banner.show()

    def hide(self) -> None:
        self._sentence = None
        self.banner.hide()

    def _render(self, *_changed: object) -> None:
        if self._sentence is None or self.current is None:
            return
        name = self.banner.objectName()
        background, border, text = self._colours(theme.SCHEME)
        self.banner.setStyleSheet(
            f"#{name} {{ background: {background}; border-bottom: 1px solid {border}; }}"
            f" #{self.label.objectName()} {{ color: {text}; font-weight: 600; }}")
        self.label.setText(self._sentence(contact_name(self.pane.roster_model,
                                                       *self.current)))
