"""The repositories of one profile's database, bundled for the services."""

from __future__ import annotations

from dataclasses import dataclass

from heron.storage.repos.avatars import AvatarRepo
from heron.storage.repos.files import FileRepo
from heron.storage.repos.mam import MamRangeRepo
from heron.storage.repos.messages import MessageRepo
from heron.storage.repos.outbox import OutboxRepo
from heron.storage.repos.read_state import ReadStateRepo
from heron.storage.repos.rooms import RoomRepo
from heron.storage.repos.roster import RosterRepo


@dataclass
class Repos:
    messages: MessageRepo
    roster: RosterRepo
    outbox: OutboxRepo
    mam: MamRangeRepo
    files: FileRepo
    avatars: AvatarRepo
    read_state: ReadStateRepo
    rooms: RoomRepo  # group rooms (storage/repos/rooms.py)
