"""Echo, the demo bot, reacts (XEP-0444) and answers a question as a reply (XEP-0461), so a
new user sees both in ``heron --demo``."""

from __future__ import annotations

from pathlib import Path

import pytest

from heron.demo.bot import quote_of, reaction_for
from heron.demo.world import DemoWorld
from tests.integration.parties import (
    DEMO_ONLY_ON_PROSODY,
    account_for,
    eventually,
    start_heron,
)

ECHO = "echo@localhost"


def test_what_echo_reacts_with() -> None:
    assert reaction_for("hello") == "👋"
    assert reaction_for("thanks a lot") == "❤️"
    assert reaction_for("look at https://example.org") == "👍"
    assert reaction_for("how are you?") == ""
    assert quote_of("how are you?") == "> how are you?\n"


@pytest.mark.integration
@DEMO_ONLY_ON_PROSODY
@pytest.mark.asyncio
async def test_echo_reacts_to_a_greeting_and_quotes_a_question(tmp_path: Path) -> None:
    world = DemoWorld(tmp_path / "server")
    account = await world.start()
    app = await start_heron(tmp_path / "profile", account_for(world.server, account.jid),
                            account.password)
    me = account.jid
    try:
        chat = app.sessions[me].chat
        await chat.send(ECHO, "hello")
        await chat.send(ECHO, "are you a bot?")
        stored = await eventually(
            lambda: app.repos.messages.page_before(me, ECHO, None, 50),
            lambda ms: len(ms) >= 4 and bool(ms[0].reactions)
            and any(m.reply is not None for m in ms), timeout=20)
        hello = next(m for m in stored if m.body == "hello")
        question = next(m for m in stored if m.body == "are you a bot?")
        assert hello.reactions == (("👋", (ECHO,)),)
        answer = next(m for m in stored if m.reply is not None)
        assert answer.direction.value == "in"
        assert answer.reply.pk == question.pk  # type: ignore[union-attr]
        assert not answer.body.startswith(">")  # the fallback quote is not shown
    finally:
        await app.close()
        await world.stop()
