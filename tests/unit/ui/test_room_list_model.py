"""The room browser's list model and its filter: every word typed must match (name, address or
description); a room whose details arrive after the search was typed appears when they match;
details are asked only for rows that are painted."""

from __future__ import annotations

from typing import Any

from heron.core.rooms import Room, RoomInfo
from heron.ui.room_list_model import INFO_ROLE, JID_ROLE, RoomFilter, RoomListModel

S = "conference.example.org"


def _shown(view: RoomFilter) -> list[str]:
    return [str(view.index(r).data(JID_ROLE)) for r in range(view.rowCount())]


def test_every_word_must_match_and_late_details_count(qapp: Any) -> None:
    model = RoomListModel()
    view = RoomFilter(model)
    model.add_rooms([Room(f"chess@{S}", "Chess club"), Room(f"jazz@{S}", "Jazz"),
                     Room(f"chess2@{S}", "Chess for kids")])
    view.set_text("CHESS club")
    view.apply_now()
    assert _shown(view) == [f"chess@{S}"]
    view.set_text("endgames")
    view.apply_now()
    assert _shown(view) == []
    model.set_info(RoomInfo(f"chess2@{S}", "Chess for kids", "Openings and endgames"))
    assert _shown(view) == [f"chess2@{S}"]
    # New pages that match join the shown rows; others do not.
    model.add_rooms([Room(f"end@{S}", "Endgames only"), Room(f"pop@{S}", "Pop")])
    assert _shown(view) == [f"chess2@{S}", f"end@{S}"]
    model.clear()
    assert view.rowCount() == 0


def test_details_are_asked_once_for_a_painted_row(qapp: Any) -> None:
    model = RoomListModel()
    asked: list[str] = []
    model.info_wanted.connect(asked.append)
    model.add_rooms([Room(f"a@{S}"), Room(f"b@{S}")])
    assert asked == []  # adding rows asks nothing
    for _ in range(3):
        model.index(1).data(INFO_ROLE)
    assert asked == [f"b@{S}"]
    assert model.index(0).data() == "a"  # no name: the address's local part
