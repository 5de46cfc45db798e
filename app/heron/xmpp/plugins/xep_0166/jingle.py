# XEP-0166: Jingle (the plugin: receives every <jingle/> IQ, acks it or answers the error)
"""Every ``<iq type='set'><jingle/></iq>`` reaches :attr:`XEP_0166.on_jingle` (set by the
session service), which returns a :class:`JingleReply`: an ack (§7.2) or an error with its
Jingle condition (§8: unknown-session, out-of-order, tie-break, unsupported-info). Without a
session service, nothing is accepted: a session-initiate gets ``service-unavailable`` and any
other action ``item-not-found`` + ``<unknown-session/>``."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slixmpp import JID
from slixmpp.plugins import BasePlugin
from slixmpp.stanza import Iq
from slixmpp.xmlstream import ET, register_stanza_plugin
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import StanzaPath

from heron.xmpp.plugins.xep_0166 import stanza
from heron.xmpp.plugins.xep_0166.stanza import ACTIONS, NS, NS_ERRORS, Content, Jingle, Reason

log = logging.getLogger(__name__)

# The stanza error type that goes with each condition (RFC 6120 §8.3.3).
_ERROR_TYPES = {
    "bad-request": "modify", "feature-not-implemented": "modify", "item-not-found": "cancel",
    "unexpected-request": "wait", "conflict": "cancel", "service-unavailable": "cancel",
    "not-acceptable": "modify", "forbidden": "auth",
}


@dataclass(frozen=True, slots=True)
class JingleReply:
    """How to answer one Jingle IQ: an ack when ``condition`` is empty."""

    condition: str = ""  # RFC 6120 stanza error condition
    jingle: str = ""  # XEP-0166 §8 condition, if any
    text: str = ""

    @classmethod
    def unknown_session(cls) -> JingleReply:
        return cls("item-not-found", "unknown-session")

    @classmethod
    def out_of_order(cls) -> JingleReply:
        return cls("unexpected-request", "out-of-order")

    @classmethod
    def tie_break(cls) -> JingleReply:
        return cls("conflict", "tie-break")

    @classmethod
    def unsupported_info(cls) -> JingleReply:
        return cls("feature-not-implemented", "unsupported-info")


ACK = JingleReply()


def jingle_error_of(iq: Any) -> str:
    """The XEP-0166 §8 condition of an IQ error (``""`` when it has none)."""
    error = iq.xml.find("{jabber:client}error")
    if error is None:
        return ""
    for child in error:
        if child.tag.startswith(f"{{{NS_ERRORS}}}"):
            return str(child.tag.split("}")[-1])
    return ""


class XEP_0166(BasePlugin):  # noqa: N801  slixmpp's naming of plugin classes
    name = "xep_0166"
    description = "XEP-0166: Jingle"
    dependencies = {"xep_0030"}
    stanza = stanza

    def plugin_init(self) -> None:
        register_stanza_plugin(Iq, Jingle)
        register_stanza_plugin(Jingle, Content, iterable=True)
        register_stanza_plugin(Jingle, Reason)
        self.on_jingle: Callable[[Iq], JingleReply] | None = None
        self.xmpp.register_handler(Callback(
            "Jingle", StanzaPath("iq@type=set/jingle"), self._handle_jingle))

    def plugin_end(self) -> None:
        self.xmpp.remove_handler("Jingle")
        self.advertise(False)

    def advertise(self, on: bool) -> None:
        disco = self.xmpp.plugin["xep_0030"]
        if on:
            disco.add_feature(NS)
        else:
            disco.del_feature(feature=NS)

    def _handle_jingle(self, iq: Any) -> None:
        jingle = iq["jingle"]
        if jingle["action"] not in ACTIONS or not jingle["sid"]:
            self.answer(iq, JingleReply("bad-request"))
            return
        if self.on_jingle is None:
            self.answer(iq, JingleReply("service-unavailable")
                        if jingle["action"] == "session-initiate" else
                        JingleReply.unknown_session())
            return
        try:
            reply = self.on_jingle(iq)
        except Exception:  # a broken request must still be answered
            log.exception("Jingle %s from %s failed", jingle["action"], iq["from"])
            reply = JingleReply("bad-request")
        self.answer(iq, reply)

    def answer(self, iq: Any, reply: JingleReply) -> None:
        answer = iq.reply(clear=True)
        if reply.condition:
            answer["error"]["condition"] = reply.condition
            answer["error"]["type"] = _ERROR_TYPES.get(reply.condition, "cancel")
            if reply.text:
                answer["error"]["text"] = reply.text
            if reply.jingle:
                answer["error"].xml.append(ET.Element(f"{{{NS_ERRORS}}}{reply.jingle}"))
        answer.send()

    def make_jingle(self, to: JID | str, action: str, sid: str, initiator: str,
                    responder: str = "") -> Iq:
        """An IQ set carrying an empty ``<jingle/>`` for the caller to fill."""
        iq = self.xmpp.make_iq_set(ito=to)
        jingle = iq["jingle"]
        jingle["action"], jingle["sid"], jingle["initiator"] = action, sid, initiator
        if responder:
            jingle["responder"] = responder
        return iq

    def make_terminate(self, to: JID | str, sid: str, initiator: str, reason: str,
                       text: str = "") -> Iq:
        iq = self.make_jingle(to, "session-terminate", sid, initiator)
        iq["jingle"]["reason"]["condition"] = reason
        if text:
            iq["jingle"]["reason"]["text"] = text
        return iq
