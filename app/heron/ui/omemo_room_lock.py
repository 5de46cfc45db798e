"""What the encryption lock says in a room's header (issue 11 point 5): a room is encrypted
only where it is members-only and non-anonymous (xmpp/services/omemo_rooms.py); elsewhere the
lock cannot be turned on and its tooltip says which of the two the room lacks."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")


def room_texts(why_not: str, encrypted: bool) -> tuple[str, str]:
    """(tooltip, accessible name) of the lock in a room; ``why_not`` as
    OmemoRooms.why_not gives it ("" when the room can be encrypted)."""
    if why_not == "members-only":
        return (translate("OmemoRoomLock", "Not encrypted: anyone can join this room, so "
                          "messages cannot be encrypted to everyone who reads them. Only "
                          "members-only, non-anonymous rooms can be encrypted."),
                translate("OmemoRoomLock", "Encryption not possible here"))
    if why_not == "non-anonymous":
        return (translate("OmemoRoomLock", "Not encrypted: this room hides its members' "
                          "addresses, so their devices cannot be found. Only members-only, "
                          "non-anonymous rooms can be encrypted."),
                translate("OmemoRoomLock", "Encryption not possible here"))
    if why_not:
        return (translate("OmemoRoomLock", "Not encrypted: Heron is still learning what this "
                          "room allows."),
                translate("OmemoRoomLock", "Encryption off"))
    if encrypted:
        return (translate("OmemoRoomLock", "Encrypted: only the members of this room can read "
                          "these messages (OMEMO). Click to turn encryption off for this room."),
                translate("OmemoRoomLock", "Encryption on"))
    return (translate("OmemoRoomLock", "Not encrypted: the room's server can read these "
                      "messages. Click to encrypt this room with OMEMO."),
            translate("OmemoRoomLock", "Encryption off"))
