"""XEP-0077: creating an account from Heron, and the clear error when the name is taken."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from heron.core.errors import HeronError
from heron.core.events import ConnectionState
from heron.xmpp.services.registration import register_account
from tests.integration.parties import account_for, start_heron

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_register_then_log_in(server, tmp_path: Path) -> None:
    jid = f"new{uuid.uuid4().hex[:8]}@localhost"
    account = account_for(server, jid)
    await register_account(account, "fresh-password")
    app = await start_heron(tmp_path / "p", account, "fresh-password")
    assert app.sessions[jid].connection.state is ConnectionState.CONNECTED
    await app.close()


async def test_taken_name_is_explained(server, make_user) -> None:
    jid, _pw = make_user()
    with pytest.raises(HeronError, match="already taken"):
        await register_account(account_for(server, jid), "another-password")
