"""Joined rooms as rows of the contact list, in a "Rooms" group at its top: the room's name
(or address), its subject as the second line, unread counts as for contacts."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication

from heron.core.bus import EventBus, Phase
from heron.core.events import RoomJoined, RoomLeft, RoomSubjectChanged
from heron.models.bus_scope import scoped
from heron.models.roster import ROOM, RosterModel, RosterRow


class RoomRows:
    def __init__(self, bus: EventBus, roster: RosterModel) -> None:
        self.roster = roster
        scoped_bus = scoped(roster, bus)  # unsubscribed when the roster model is destroyed
        # CORE phase: the row exists before the room's first messages are counted (a room
        # without a row would be taken for a stranger asking to be a contact).
        scoped_bus.subscribe(RoomJoined, self._on_joined, Phase.CORE)
        scoped_bus.subscribe(RoomLeft, lambda e: roster.remove_row(e.account, e.room), Phase.UI)
        scoped_bus.subscribe(RoomSubjectChanged, self._on_subject, Phase.UI)

    def _on_joined(self, event: RoomJoined) -> None:
        group = QCoreApplication.translate("Roster", "Rooms")
        subject = event.subject.replace("\n", " ")
        self.roster.add_row(RosterRow(event.account, event.room, event.name, group, ROOM))
        # add_row fills in presence, and a room has none of its own: set it afterwards.
        self.roster.update_row(event.account, event.room,
                               lambda r: replace(r, show="available", status=subject))

    def _on_subject(self, event: RoomSubjectChanged) -> None:
        self.roster.update_row(event.account, event.room,
                               lambda r: replace(r, status=event.subject.replace("\n", " ")))
