"""Echo, the demo's answering contact: types first, replies, confirms receipt, corrects itself.

It exists so every feature of a 1:1 chat is visible in ``heron --demo`` without a second person:
chat states (XEP-0085), receipts (XEP-0184), chat markers (XEP-0333: it marks what it read, so
the user's messages turn "read"), corrections (XEP-0308), stable ids (XEP-0359),
links, long text, message styling (XEP-0393) in its greeting and "/me" actions (XEP-0245),
reactions (XEP-0444: a wave to a greeting, a heart for thanks, a thumbs-up for a link),
replies that quote a question (XEP-0461 with its fallback, XEP-0428) and a picture (XEP-0363).
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
import ssl
import uuid
import xml.etree.ElementTree as ET
from typing import Any

import slixmpp

from heron.demo.call_bot import take_calls
from heron.demo.picture_message import send_demo_picture
from heron.xmpp.services.reactions import REACTION_TAG, REACTIONS_TAG
from heron.xmpp.services.replies import FALLBACK_BODY_TAG, FALLBACK_TAG, REPLY_TAG
from heron.xmpp.services.replies import NS as REPLY_NS

log = logging.getLogger(__name__)

NAME = "Echo"
STATUS = "I answer everything"
GREETINGS = ("hi", "hello", "hey", "hallo", "salut", "hola", "moin")
GREETING_REPLY = ("Hello! I'm *Echo*, Heron's demo bot. Try sending me a link, a long message, "
                  "_styled_ text such as `*bold*`, or `/me waves`.")
#: Every CORRECT_EVERY-th reply goes out with a typo and is corrected (XEP-0308) a moment later.
CORRECT_EVERY = 3
CORRECTION_DELAY = 1.0
TYPING_DELAY = (0.6, 1.2)
READ_DELAY = 0.4  # seconds between a message's receipt and Echo's "read"
LONG_MESSAGE = 200  # characters
GREETING_MAX_WORDS = 3  # "hi", "hello Echo", "hey there Echo": longer is a real message
MISSPELL_MIN_LENGTH = 4  # shorter words get a doubled last letter instead of a swap
_URL = re.compile(r"https?://\S+")
MARKERS = "urn:xmpp:chat-markers:0"


def _misspell(word: str) -> str:
    """The word with its second and third letter swapped: "said" -> "siad"."""
    if len(word) < MISSPELL_MIN_LENGTH:
        return word + word[-1]
    return word[0] + word[2] + word[1] + word[3:]


def reply_for(text: str) -> tuple[str, str]:  # noqa: PLR0911  one per kind
    """An echo with a twist: ``(reply, the same reply with a deliberate typo)``.

    The typo is always in Echo's own words, never in the quoted text of the user.
    """
    text = " ".join(text.split())
    words = text.split(" ")
    first = words[0].lower().strip("!.,?") if text else ""

    def say(template: str, word: str, **values: Any) -> tuple[str, str]:
        return (template.format(w=word, **values), template.format(w=_misspell(word), **values))

    if first in GREETINGS and len(words) <= GREETING_MAX_WORDS:
        return say(GREETING_REPLY.replace("message", "{w}"), "message")
    if text.startswith("/me "):  # an action (XEP-0245) gets one back
        return say("/me {w} back", "waves")
    if first in ("thanks", "thank", "thx"):
        return say("You're {w} — that's what demo bots are for.", "welcome")
    if (url := _URL.search(text)) is not None:
        return say("{w} for the link! Heron shows it clickable, but never opens it for you: "
                   "{url}", "Thanks", url=url.group(0).rstrip(".,)"))
    if len(text) > LONG_MESSAGE:
        return say("That's a {w} one: {n} words, {c} characters. It starts with “{start}…”",
                   "long", n=len(words), c=len(text), start=" ".join(words[:4]))
    if text.endswith("?"):
        return say("Good {w}. Backwards it reads “{rev}” — I'd say yes either way.",
                   "question", rev=" ".join(reversed(words)))
    if len(words) == 1:
        return say("“{t}” {w} is “{rev}”.", "backwards", t=text, rev=text[::-1])
    return say("You {w} “{t}” — backwards that's “{rev}”.", "said", t=text,
               rev=" ".join(reversed(words)))


def reaction_for(text: str) -> str:
    """The emoji Echo reacts with before answering ("" for none)."""
    words = " ".join(text.split()).split(" ")
    first = words[0].lower().strip("!.,?")
    if first in GREETINGS and len(words) <= GREETING_MAX_WORDS:
        return "👋"
    if first in ("thanks", "thank", "thx"):
        return "❤️"
    return "👍" if _URL.search(text) else ""


def quote_of(text: str) -> str:
    """The fallback quote of a question Echo answers (XEP-0461): its lines as "> " lines."""
    return "".join(f"> {line}\n" for line in text.splitlines()[:3] or [""])


def tls_context(ca_file: str) -> ssl.SSLContext:
    """Verification against the demo CA only (hostname checks stay on).

    Passing it to slixmpp also skips loading the system CA store, which costs ~0.1-0.2 s of
    CPU per client.
    """
    return ssl.create_default_context(cafile=ca_file)


class DemoBot(slixmpp.ClientXMPP):
    """Answers every chat message from anyone; see :func:`reply_for`."""

    def __init__(self, jid: str, password: str, ca_file: str | None = None,
                 sasl_mech: str | None = "PLAIN") -> None:
        # PLAIN over TLS on loopback: slixmpp's SCRAM runs 4096+ HMAC rounds in pure Python.
        kwargs: dict[str, Any] = {} if ca_file is None else {"ssl_context": tls_context(ca_file)}
        super().__init__(jid, password, sasl_mech=sasl_mech, **kwargs)
        for plugin in ("xep_0030", "xep_0085", "xep_0184", "xep_0199", "xep_0308", "xep_0333",
                       "xep_0359"):
            self.register_plugin(plugin)
        receipts = self.plugin["xep_0184"]
        receipts.auto_ack = True  # a receipt for every incoming message that asks for one
        receipts.auto_request = True  # and ask for one on everything we send with a body
        self.plugin["xep_0030"].add_identity(category="client", itype="bot", name=NAME)
        self.roster.auto_authorize = True
        self.roster.auto_subscribe = True
        self.replies = 0
        self._tasks: set[asyncio.Future[Any]] = set()
        self.add_event_handler("session_start", self._on_start)
        self.add_event_handler("message", self._on_message)
        self.calls = take_calls(self)  # Echo answers calls too (demo/call_bot.py)

    def _on_start(self, _event: Any) -> None:
        self.send_presence(pstatus=STATUS)

    def _on_message(self, msg: Any) -> None:
        if msg["type"] not in ("chat", "normal") or not msg["body"]:
            return
        if msg["from"].bare == self.boundjid.bare:
            return
        if msg.get_plugin("replace", check=True) is not None:
            return  # a correction of something already answered
        markable = msg.xml.find(f"{{{MARKERS}}}markable") is not None
        task = asyncio.ensure_future(self._answer(msg["from"].bare, str(msg["body"]),
                                                  str(msg["id"]), msg if markable else None))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _read(self, msg: Any) -> None:
        """Echo has read the message: a <displayed/> for it (XEP-0333)."""
        marker = self.make_message(mto=msg["from"], mtype="chat")
        marker["displayed"]["id"] = msg["id"]
        marker.send()

    def _chat_state(self, to: str, state: str) -> None:
        notice = self.make_message(mto=to, mtype="chat")
        notice["chat_state"] = state
        notice.send()

    def _message(self, to: str, body: str) -> Any:
        msg = self.make_message(mto=to, mbody=body, mtype="chat")
        msg["id"] = str(uuid.uuid4())
        msg["origin_id"]["id"] = msg["id"]
        msg["request_receipt"] = True
        msg.enable("markable")
        return msg

    def _react(self, to: str, message_id: str, emoji: str) -> None:
        msg = self.make_message(mto=to, mtype="chat")
        ET.SubElement(ET.SubElement(msg.xml, REACTIONS_TAG, {"id": message_id}),
                      REACTION_TAG).text = emoji
        msg.enable("store")
        msg.send()

    def _as_reply(self, msg: Any, to: str, message_id: str, question: str) -> None:
        """Make ``msg`` a reply to the user's question: a quote in front for other clients."""
        quote = quote_of(question)
        msg["body"] = quote + str(msg["body"])
        ET.SubElement(msg.xml, REPLY_TAG, {"to": to, "id": message_id})
        fallback = ET.SubElement(msg.xml, FALLBACK_TAG, {"for": REPLY_NS})
        ET.SubElement(fallback, FALLBACK_BODY_TAG, {"start": "0", "end": str(len(quote))})

    async def _answer(self, to: str, text: str, message_id: str = "",
                      markable: Any = None) -> None:
        if markable is not None:  # it reads a moment after the receipt went out
            await asyncio.sleep(READ_DELAY)
            self._read(markable)
        emoji = reaction_for(text)
        if emoji and message_id:
            self._react(to, message_id, emoji)
        self._chat_state(to, "composing")
        await asyncio.sleep(random.uniform(*TYPING_DELAY))  # noqa: S311  a typing pause, not a secret
        self.replies += 1
        body, with_typo = reply_for(text)
        typo = self.replies % CORRECT_EVERY == 0 and with_typo != body
        reply = self._message(to, with_typo if typo else body)
        question = text.strip().endswith("?") and bool(message_id)
        if question:
            self._as_reply(reply, to, message_id, text.strip())
        reply["chat_state"] = "active"
        reply.send()
        if typo:
            await asyncio.sleep(CORRECTION_DELAY)
            fixed = self._message(to, body)
            if question:
                self._as_reply(fixed, to, message_id, text.strip())
            fixed["replace"]["id"] = reply["id"]
            fixed.send()

    async def send_picture(self, to: str, service: str, ca_file: str) -> str:
        """Upload the demo picture (XEP-0363) and send it as Conversations does: its
        address as the body and as out-of-band data (XEP-0066). Returns the message id."""
        return await send_demo_picture(self, to, service, ca_file)

    def cancel_answers(self) -> None:
        """Drop the replies still being typed (before disconnecting)."""
        for task in list(self._tasks):
            task.cancel()


async def connect_and_wait(client: slixmpp.ClientXMPP, host: str, port: int,
                           timeout: float = 20) -> None:
    """Connect over STARTTLS and return once the session started."""
    started: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

    def on_start(_event: Any) -> None:
        if not started.done():
            started.set_result(True)

    def on_failure(event: Any) -> None:
        if not started.done():
            started.set_exception(ConnectionError(f"{client.boundjid.bare}: {event}"))

    client.enable_direct_tls = False
    client.add_event_handler("session_start", on_start)
    client.add_event_handler("failed_all_auth", on_failure)
    client.add_event_handler("connection_failed", on_failure)
    client.add_event_handler("ssl_invalid_chain", on_failure)
    try:
        client.connect(host, port)
        await asyncio.wait_for(started, timeout)
    except BaseException:
        client.abort()
        raise
    finally:
        for event, handler in (("session_start", on_start), ("failed_all_auth", on_failure),
                               ("connection_failed", on_failure),
                               ("ssl_invalid_chain", on_failure)):
            client.del_event_handler(event, handler)


async def run_bot(jid: str, password: str, host: str, port: int, ca_file: str) -> DemoBot:
    """Echo, connected and present; ``jid`` is the bare JID (the resource is "bot")."""
    bot = DemoBot(f"{slixmpp.JID(jid).bare}/bot", password, ca_file)
    await connect_and_wait(bot, host, port)
    return bot
