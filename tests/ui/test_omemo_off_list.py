"""A message from a device Bob took off his device list shows in the chat, and its lock's
tooltip says so (issue 11, XEP-0384 §7; tests/integration/test_omemo_off_list.py has the
stored side)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.heron_process import befriend
from tests.integration.omemo_peers import heron_and_peer, leave_own_list, send_encrypted
from tests.ui.omemo_window import chat_window
from tests.ui.test_omemo_lock import _tooltip

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_tooltip_says_the_device_is_no_longer_in_the_list(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    users = [make_user(), make_user()]
    await befriend(server, *users)  # Bob's list changes reach Heron as PEP notifications
    windows: list[MainWindow] = []
    try:
        async with heron_and_peer(server, iter(users).__next__, tmp_path / "alice",
                                  "omemo2") as chat:
            window = await chat_window(chat, windows)
            model = window.conversation.message_view.model()
            await send_encrypted(chat.peer, chat.alice, "from my phone")
            await until(lambda: model.rowCount() == 1 and "OMEMO 2" in _tooltip(window, 0), 30)
            await leave_own_list(chat.peer)
            await send_encrypted(chat.peer, chat.alice, "still here")
            await until(lambda: model.rowCount() == 2 and "OMEMO 2" in _tooltip(window, 1), 30)
            device = await chat.peer.device_id()
            assert _tooltip(window, 1).endswith(
                f"Encrypted with OMEMO 2, from device {device}, which is no longer in "
                f"{chat.bob}'s device list")
            assert "no longer" not in _tooltip(window, 0)
            window.grab().save("/tmp/omemosmall-off-list.png")
    finally:
        for window in windows:
            window.close()
