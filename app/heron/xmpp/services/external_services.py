# XEP-0215: External Service Discovery
"""The STUN and TURN servers the user's own server names for calls, with TURN credentials.

slixmpp has no plugin for it (STACK-NOTES §4): an IQ get of ``<services/>`` to our domain.
TURN services usually come with short-lived credentials (TURN REST: the username is the
expiry time); a ``restricted`` one without them is asked for with ``<credentials/>``. The list
is kept until the first credential is about to expire, then asked for again. Only the server
of our own account is asked and believed (slixmpp matches the answer to the IQ's id and
address). Addresses from the answer are used as given: Heron never trusts them more than the
server that named them, and an address that is not a host name or IP is dropped.
"""

from __future__ import annotations

import logging
import re
import time
from typing import TYPE_CHECKING, Any

from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.xmlstream import ET

from heron.calls.api import IceServer
from heron.core.timestamps import parse_stamp
from heron.xmpp.slixcalls import send_iq

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

NS = "urn:xmpp:extdisco:2"
ICE_TYPES = ("stun", "turn", "turns")
TIMEOUT = 10.0
#: credentials this close to their expiry are asked for again (a call may last hours, but
#: a TURN allocation only needs them when it is made and refreshed)
MARGIN = 60.0
#: without an expiry, the list is asked for again after this long
DEFAULT_LIFETIME = 3600.0
_HOST = re.compile(r"^[A-Za-z0-9.\-:\[\]]{1,255}$")


def _port(value: str | None) -> int:
    try:
        port = int(value or "")
    except ValueError:
        return 0
    return port if 0 < port < 65536 else 0  # noqa: PLR2004  the port range


def ice_server(service: Any) -> tuple[IceServer, float] | None:
    """One ``<service/>`` as an ICE server and the time its credentials expire (0: never
    said), or None when it is not a usable STUN/TURN service."""
    kind, host = service.get("type", ""), service.get("host", "")
    if kind not in ICE_TYPES or not _HOST.match(host):
        return None
    port = _port(service.get("port"))
    transport = service.get("transport", "")
    address = f"[{host}]" if ":" in host and not host.startswith("[") else host
    url = f"{kind}:{address}" + (f":{port}" if port else "")
    if kind != "stun" and transport in ("udp", "tcp"):
        url += f"?transport={transport}"
    expires = parse_stamp(service.get("expires")) if service.get("expires") else None
    return (IceServer(url, service.get("username", ""), service.get("password", "")),
            expires or 0.0)


class ExternalServices:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self._cached: tuple[IceServer, ...] = ()
        self._valid_until = 0.0

    async def ice_servers(self) -> tuple[IceServer, ...]:
        """The STUN/TURN servers for the next call (for calls.api.MediaConfig.ice_servers);
        empty when the server names none or cannot be asked."""
        if self._cached and time.time() < self._valid_until - MARGIN:
            return self._cached
        try:
            answer = await self._ask("services", None)
        except (IqError, IqTimeout) as exc:
            log.info("no external services from the server: %s", exc)
            return ()
        servers: list[IceServer] = []
        expiries: list[float] = []
        for service in answer.findall(f"{{{NS}}}service"):
            if service.get("restricted") in ("true", "1") and not service.get("username"):
                service = await self._credentials(service)  # noqa: PLW2901  the same, completed
            found = ice_server(service) if service is not None else None
            if found is not None:
                servers.append(found[0])
                if found[1]:
                    expiries.append(found[1])
        self._cached = tuple(servers)
        self._valid_until = min(expiries) if expiries else time.time() + DEFAULT_LIFETIME
        return self._cached

    async def _ask(self, element: str, service: Any) -> Any:
        client = self.session.client
        iq = client.make_iq_get(ito=client.boundjid.domain)
        query = ET.SubElement(iq.xml, f"{{{NS}}}{element}")
        if service is not None:
            ET.SubElement(query, f"{{{NS}}}service", {
                k: v for k, v in service.attrib.items() if k in ("host", "type", "port")})
        reply = await send_iq(iq, timeout=TIMEOUT)
        found = reply.xml.find(f"{{{NS}}}{element}")
        return found if found is not None else ET.Element(f"{{{NS}}}{element}")

    async def _credentials(self, service: Any) -> Any:
        """XEP-0215 §3.3: credentials for one restricted service; None when refused."""
        try:
            answer = await self._ask("credentials", service)
        except (IqError, IqTimeout) as exc:
            log.info("no credentials for %s: %s", service.get("host"), exc)
            return None
        return answer.find(f"{{{NS}}}service")
