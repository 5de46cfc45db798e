"""Screenshots of search (tests/ui/screens.py calls this for each scheme): the search window
with marked hits over all conversations, and the find bar in a conversation."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from heron.application import Heron
from heron.core.events import DeliveryState, Direction, NewMessage, RosterEntry

ME = "alice@example.org"
LINES = {
    "bob@example.org": ["Did you book the boat for the weekend?",
                        "Yes, the boat leaves at ten. Bring the thermos!"],
    "carol@example.org": ["The boat club's summer party is on the 14th",
                          "Only if someone else rows the boat this time :)"],
    "dave@example.org": ["Minutes of Monday's meeting: budget for the new boat shed approved"],
}


async def shoot(app: Heron, out: Path, save: Callable[[QWidget, Path], None]) -> None:
    from heron.ui.main_window import MainWindow

    await app.repos.roster.replace_all(ME, [
        RosterEntry("bob@example.org", "Bob", ("Friends",), "both"),
        RosterEntry("carol@example.org", "Carol", ("Friends",), "both"),
        RosterEntry("dave@example.org", "Dave", ("Work",), "both")])
    now = time.time()
    await app.repos.messages.add_many([
        NewMessage(ME, peer, Direction.OUTGOING if i % 2 else Direction.INCOMING, text,
                   now - 86400 * (3 + n) + 300 * i, origin_id=f"search-{peer}-{i}",
                   state=DeliveryState.DELIVERED if i % 2 else DeliveryState.RECEIVED)
        for n, (peer, texts) in enumerate(LINES.items()) for i, text in enumerate(texts)])
    window = MainWindow(app)
    window.resize(1100, 720)
    window.show()
    await window.sidebar.load_cached_rosters()
    view = window.open_search()
    view.field.setText("boat")
    view.run_now()
    await asyncio.sleep(0.6)
    save(view, out / "search-view.png")
    view.hide()
    await window.open_conversation(ME, "bob@example.org")
    bar = window.conversation.find_bar
    bar.open_bar()
    bar.field.setText("thermos")
    bar.run_now()
    await asyncio.sleep(0.6)
    save(window, out / "find-bar.png")
    window.close()
