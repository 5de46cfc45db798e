"""`heron --demo`: the world it builds, driven by a real Heron session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from heron.core.events import (
    ChatStateChanged,
    DeliveryState,
    MessagesAdded,
    MessageUpdated,
    PresenceChanged,
)
from heron.demo.world import DemoWorld
from tests.helpers import until
from tests.integration.parties import DEMO_ONLY_ON_PROSODY, Recorder, account_for, start_heron

pytestmark = [pytest.mark.integration, DEMO_ONLY_ON_PROSODY]


@pytest.mark.asyncio
async def test_demo_contacts_and_a_bot_that_answers(tmp_path: Path) -> None:
    world = DemoWorld(tmp_path / "server")
    account = await world.start()
    app = await start_heron(tmp_path / "profile", account_for(world.server, account.jid),
                            account.password, connect=False)
    rec = Recorder(app, MessagesAdded, MessageUpdated, ChatStateChanged, PresenceChanged)
    app.start_account(account.jid)
    try:
        await until(lambda: len(app.repos.roster.load_blocking(account.jid)) == 5, 15)
        roster = {e.jid: e for e in app.repos.roster.load_blocking(account.jid)}
        assert roster["ada@localhost"].name == "Ada Lovelace"
        assert {g for e in roster.values() for g in e.groups} == {"Friends", "Work", "Bots"}
        assert all(e.subscription == "both" for e in roster.values())
        await until(lambda: any(e.jid == "echo@localhost" and e.show == "available"
                                for e in rec.of(PresenceChanged)), 10)
        # Ada's earlier messages arrive through the archive.
        await until(lambda: any(m.body.startswith("Did you see") for e in rec.of(MessagesAdded)
                                for m in e.messages), 10)

        chat = app.sessions[account.jid].chat
        for text in ("hello", "how are you?", "three words here"):
            await chat.send("echo@localhost", text)
            await until(lambda: sum(1 for e in rec.of(MessagesAdded) for m in e.messages
                                    if m.peer == "echo@localhost" and m.direction.value == "in")
                        >= 1, 10)
        await until(lambda: any(e.peer == "echo@localhost" and e.state == "composing"
                                for e in rec.of(ChatStateChanged)), 10)

        def echo_replies() -> dict[int, str]:  # by stored row: one event may repeat a row
            return {m.pk: m.body for e in rec.of(MessagesAdded) for m in e.messages
                    if m.peer == "echo@localhost" and m.direction.value == "in"}

        await until(lambda: len(echo_replies()) >= 3, 15)
        assert len(echo_replies()) == 3, echo_replies()
        await until(lambda: any(e.message.state is DeliveryState.DELIVERED
                                for e in rec.of(MessageUpdated)), 10)
        # Every third answer has a typo that the bot corrects a moment later.
        await until(lambda: any(e.message.corrected and "teh" not in e.message.body
                                for e in rec.of(MessageUpdated)), 10)
    finally:
        await app.close()
        await world.stop()


def test_demo_screenshot_from_the_command_line(tmp_path: Path) -> None:
    """What the README's picture comes from: a connected demo window saved as PNG."""
    shot = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "heron", "--demo", "--profile", str(tmp_path / "p"),
         "--screenshot", str(shot)], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    image = QImage(str(shot))
    assert image.width() >= 800 and image.height() >= 600
