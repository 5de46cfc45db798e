"""A message from a device its owner took off their device list (issue 11, XEP-0384 §7 in both
versions: fetch the list again; neither version says to refuse it): Heron shows it, but its
encryption record marks it, for the lock's tooltip ("no longer in Bob's device list"). A
message from a device on the list is not marked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from heron.storage.repos.omemo import OFF_LIST
from tests.helpers import until
from tests.integration.heron_process import befriend
from tests.integration.omemo_peers import (
    heron_and_peer,
    leave_own_list,
    send_encrypted,
    start_omemo_peer,
)
from tests.integration.parties import eventually, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def _records(chat: Any, count: int) -> list[tuple[str, str]]:
    """(text, trust in its encryption record) of the first ``count`` messages, oldest first."""
    async def page() -> list[Any]:
        return list(await chat.app.repos.messages.page_before(chat.alice, chat.bob, None, 20))
    rows = await eventually(page, lambda got: len(got) == count, 30)
    assert len(rows) == count
    records = []
    for row in rows:
        how = await chat.session.omemo.repo.encryption_of(row.pk)
        assert how is not None
        records.append((row.body, how.trust))
    return records


@pytest.mark.parametrize("kind", ["legacy", "omemo2"])
async def test_message_from_a_device_off_its_owners_list_is_shown_but_marked(
        server: Any, make_user: Callable, tmp_path: Path, kind: str) -> None:
    users = [make_user(), make_user()]
    await befriend(server, *users)  # Bob's list changes reach Heron as PEP notifications
    async with heron_and_peer(server, iter(users).__next__, tmp_path / "alice", kind) as chat:
        await send_encrypted(chat.peer, chat.alice, "from my phone")
        (first,) = await _records(chat, 1)
        assert first[0] == "from my phone" and first[1] != OFF_LIST
        await leave_own_list(chat.peer)
        await send_encrypted(chat.peer, chat.alice, "still here")
        records = await _records(chat, 2)
        assert records[1] == ("still here", OFF_LIST)


async def test_message_from_a_device_added_a_moment_ago_is_not_marked(
        server: Any, make_user: Callable, tmp_path: Path) -> None:
    """Heron's copy of Bob's list (no presence subscription: no notifications) does not show
    his new tablet yet; the list fetched again does, so its message is not marked."""
    async with heron_and_peer(server, make_user, tmp_path / "alice", "omemo2") as chat:
        assert await chat.session.chat.send(chat.bob, "hi Bob")  # Heron asks for his lists
        await until(lambda: len(chat.peer.decrypted) == 1, 30)  # ... which name his phone
        tablet = await start_omemo_peer(server, chat.bob, chat.bob_password, "omemo2",
                                        resource="tablet")
        try:
            await send_encrypted(tablet, chat.alice, "from my new tablet")
            records = await _records(chat, 2)
            assert records[1][0] == "from my new tablet"
            assert records[1][1] not in ("", OFF_LIST)
        finally:
            await stop_peer(tablet.client)
