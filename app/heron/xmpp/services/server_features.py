# XEP-0030: Service Discovery (what our own server and account offer)
"""At every new session, ask our server what it offers, and publish it once as a typed value.

disco#info of the domain (carbons), of our bare JID (MAM, stanza-ids and PEP live on the
account), disco#items of the domain and disco#info of its services (HTTP upload, XEP-0363, with
its size limit from the XEP-0128 form); stream management comes from the stream features. The
queries run in parallel. An error, a timeout, junk, or an answer from anyone but the address
asked (``policy.disco_answer_ok``) all mean "absent": Heron then does not use the feature and
says so where a person would miss it. Nothing here raises.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from slixmpp.exceptions import IqError, IqTimeout

from heron.core.events import ServerFeaturesKnown, UploadService
from heron.core.tasks import spawn
from heron.xmpp import policy
from heron.xmpp.slixcalls import send_iq

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

DISCO_INFO = "http://jabber.org/protocol/disco#info"
DISCO_ITEMS = "http://jabber.org/protocol/disco#items"
XDATA = "jabber:x:data"
MAM = "urn:xmpp:mam:2"
CARBONS = "urn:xmpp:carbons:2"
STANZA_IDS = "urn:xmpp:sid:0"
UPLOAD = "urn:xmpp:http:upload:0"
DISCO_TIMEOUT = 10.0  # seconds for each answer; a silent server leaves the feature absent
MAX_SERVICES = 20  # services of the domain whose info is asked (a hostile list stays cheap)


@dataclass(frozen=True)
class DiscoInfo:
    """The parts of a disco#info answer Heron reads."""

    identities: frozenset[tuple[str, str]] = frozenset()  # (category, type)
    features: frozenset[str] = frozenset()
    # XEP-0128 extended info: FORM_TYPE -> field var -> values
    forms: dict[str, dict[str, list[str]]] = field(default_factory=dict)


NOTHING = DiscoInfo()


def parse_info(query: Element | None) -> DiscoInfo:
    """Read a ``<query xmlns='…disco#info'/>``; anything else (or None) reads as empty."""
    if query is None or query.tag != f"{{{DISCO_INFO}}}query":
        return NOTHING
    identities = frozenset(
        (e.get("category", ""), e.get("type", ""))
        for e in query.findall(f"{{{DISCO_INFO}}}identity"))
    features = frozenset(e.get("var", "") for e in query.findall(f"{{{DISCO_INFO}}}feature"))
    forms: dict[str, dict[str, list[str]]] = {}
    for form in query.findall(f"{{{XDATA}}}x"):
        fields = {f.get("var", ""): [v.text or "" for v in f.findall(f"{{{XDATA}}}value")]
                  for f in form.findall(f"{{{XDATA}}}field")}
        form_type = fields.pop("FORM_TYPE", [""])
        if form_type and form_type[0]:
            forms.setdefault(form_type[0], fields)
    return DiscoInfo(identities, features - {""}, forms)


def parse_items(query: Element | None) -> list[str]:
    """The addresses of a disco#items answer's items that are services (no ``node``)."""
    if query is None or query.tag != f"{{{DISCO_ITEMS}}}query":
        return []
    found: list[str] = []
    for item in query.findall(f"{{{DISCO_ITEMS}}}item"):
        jid = item.get("jid", "")
        if jid and item.get("node") is None and jid not in found:
            found.append(jid)
    return found


def upload_service(jid: str, info: DiscoInfo) -> UploadService | None:
    """XEP-0363 §2: the service lists ``urn:xmpp:http:upload:0``; its ``max-file-size`` (a
    positive whole number of bytes) is optional, and junk there reads as "no limit named"."""
    if UPLOAD not in info.features:
        return None
    values = info.forms.get(UPLOAD, {}).get("max-file-size", [])
    size = values[0].strip() if values else ""
    limit = int(size) if size.isdigit() and int(size) > 0 else None
    return UploadService(jid, limit)


class ServerFeaturesService:
    """Runs discovery at each new session (not at a resumption: the server is the same) and
    publishes :class:`ServerFeaturesKnown`; ``current`` is the latest answer."""

    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self.current: ServerFeaturesKnown | None = None
        self._task: asyncio.Future[ServerFeaturesKnown] | None = None
        self._generation = 0
        # Registered before the other services' session handlers: they may wait for it.
        session.client.add_event_handler("session_start", self._on_session_start)

    def _on_session_start(self, _event: Any) -> None:
        self._start()

    def _start(self) -> asyncio.Future[ServerFeaturesKnown]:
        self._generation += 1
        self._task = spawn(self._discover(self._generation), "server discovery")
        return self._task

    def stop(self) -> None:
        """A logout or quit: a discovery still under way ends (its next question would go
        out after the end of the stream); a later ``known()`` starts a new one."""
        self._generation += 1
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = None

    async def known(self) -> ServerFeaturesKnown:
        """This session's answer (waits for it; a cancelled caller leaves discovery running)."""
        task = self._task if self._task is not None else self._start()
        return await asyncio.shield(task)

    async def _discover(self, generation: int) -> ServerFeaturesKnown:
        own = self.session.jid
        domain = own.split("@")[-1]
        server, account, services = await asyncio.gather(
            self._info(domain), self._info(own), self._items(domain))
        upload = upload_service(domain, server)
        if upload is None and services:
            infos = await asyncio.gather(*(self._info(s) for s in services[:MAX_SERVICES]))
            upload = next((u for s, i in zip(services, infos, strict=False)
                           if (u := upload_service(s, i)) is not None), None)
        known = ServerFeaturesKnown(
            account=own, domain=domain,
            mam=MAM in account.features,
            carbons=CARBONS in server.features,
            stream_management=bool(getattr(self.session.client, "offers_stream_management",
                                           False)),
            stanza_ids=STANZA_IDS in account.features,
            pep=("pubsub", "pep") in account.identities,
            upload=upload)
        if generation == self._generation:  # not a late answer of a stream that ended
            self.current = known
            log.info("server features of %s: mam=%s carbons=%s sm=%s upload=%s", own,
                     known.mam, known.carbons, known.stream_management,
                     upload.jid if upload else None)
            self.session.bus.publish(known)
        return known

    async def _ask(self, jid: str, namespace: str) -> Element | None:
        """One disco query; its ``<query/>`` if the address asked answered it, else None."""
        client = self.session.client
        iq = client.Iq(stype="get", sto=jid)
        iq.enable("disco_info" if namespace == DISCO_INFO else "disco_items")
        try:
            reply = await send_iq(iq, timeout=DISCO_TIMEOUT)
        except (IqError, IqTimeout) as exc:
            log.info("disco of %s (%s) failed: %s", jid, namespace.rsplit("#", 1)[-1], exc)
            return None
        verdict = policy.disco_answer_ok(str(reply.xml.get("from", "")), jid,
                                         str(client.boundjid))
        if not verdict:
            policy.log_rejected("disco-answer", verdict.reason,
                                sender=reply.xml.get("from", ""), asked=jid)
            return None
        result: Element | None = reply.xml.find(f"{{{namespace}}}query")
        return result

    async def _info(self, jid: str) -> DiscoInfo:
        return parse_info(await self._ask(jid, DISCO_INFO))

    async def _items(self, jid: str) -> list[str]:
        # Only services of our own server are asked (policy): others are not ours to believe.
        return [item for item in parse_items(await self._ask(jid, DISCO_ITEMS))
                if policy.disco_answer_ok(item, item, self.session.jid)]
