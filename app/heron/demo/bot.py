"""Echo, the demo's answering contact: types first, replies, confirms receipt, corrects itself.

It exists so every feature of a 1:1 chat is visible in ``heron --demo`` without a second person:
chat states (XEP-0085), receipts (XEP-0184), corrections (XEP-0308), links, long text.
"""

from __future__ import annotations

import asyncio
import logging
import random
import uuid
from typing import Any

import slixmpp

log = logging.getLogger(__name__)

GREETINGS = ("hi", "hello", "hey", "hallo", "salut", "hola")
CORRECT_EVERY = 3
TYPO = "teh"


def reply_for(text: str, count: int) -> str:
    """An echo with a twist. Every CORRECT_EVERY-th reply carries a typo fixed a moment later."""
    words = text.strip().split()
    if words and words[0].lower().strip("!.,") in GREETINGS:
        reply = ("Hello! I'm Echo, Heron's demo bot. Try a link like https://xmpp.org, "
                 "a long message, or watch me correct teh odd typo.")
    elif "?" in text:
        reply = f"Good question. Let me think… “{text.strip()}” — I'd say yes, teh answer is yes."
    elif len(words) > 1:
        reply = f"You said “{text.strip()}” — backwards that's “{' '.join(reversed(words))}”."
    else:
        reply = f"“{text.strip()}” backwards is “{text.strip()[::-1]}”."
    if count % CORRECT_EVERY == 0 and TYPO not in reply:
        reply += f" ({TYPO} end)"
    return reply


class DemoBot(slixmpp.ClientXMPP):
    def __init__(self, jid: str, password: str) -> None:
        super().__init__(jid, password)
        for plugin in ("xep_0030", "xep_0085", "xep_0184", "xep_0199", "xep_0308", "xep_0359"):
            self.register_plugin(plugin)
        self.use_origin_id = True
        self.plugin["xep_0184"].auto_ack = True
        self.plugin["xep_0184"].auto_request = True
        self.roster.auto_authorize = True
        self.roster.auto_subscribe = True
        self.replies = 0
        self._tasks: set[asyncio.Future[Any]] = set()
        self.add_event_handler("session_start", self._on_start)
        self.add_event_handler("message", self._on_message)

    def _on_start(self, _event: Any) -> None:
        self.send_presence(pstatus="I answer everything")

    def _on_message(self, msg: Any) -> None:
        if msg["type"] not in ("chat", "normal") or not msg["body"]:
            return
        if msg.get_plugin("replace", check=True) is not None:
            return  # a correction of something already answered
        task = asyncio.ensure_future(self._answer(msg["from"].bare, str(msg["body"])))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _chat_state(self, to: str, state: str) -> None:
        notice = self.make_message(mto=to, mtype="chat")
        notice["chat_state"] = state
        notice.send()

    async def _answer(self, to: str, text: str) -> None:
        self._chat_state(to, "composing")
        await asyncio.sleep(random.uniform(0.6, 1.2))
        self.replies += 1
        body = reply_for(text, self.replies)
        reply = self.make_message(mto=to, mbody=body, mtype="chat")
        reply["id"] = str(uuid.uuid4())
        reply["chat_state"] = "active"
        reply["request_receipt"] = True
        reply.send()
        if TYPO in body:
            await asyncio.sleep(1.0)
            fixed = self.make_message(mto=to, mbody=body.replace(f" ({TYPO} end)", "")
                                      .replace(TYPO, "the"), mtype="chat")
            fixed["replace"]["id"] = reply["id"]
            fixed.send()


async def connect_and_wait(client: slixmpp.ClientXMPP, host: str, port: int,
                           timeout: float = 20) -> None:
    """Connect over STARTTLS and return once the session started."""
    started: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

    def on_start(_event: Any) -> None:
        if not started.done():
            started.set_result(True)

    client.enable_direct_tls = False
    client.add_event_handler("session_start", on_start)
    client.connect(host, port)
    await asyncio.wait_for(started, timeout)


async def run_bot(jid: str, password: str, host: str, port: int, ca_file: str) -> DemoBot:
    bot = DemoBot(f"{jid}/bot", password)
    bot.ca_certs = ca_file  # type: ignore[assignment]
    await connect_and_wait(bot, host, port)
    return bot
