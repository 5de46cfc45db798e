# SDP <-> Jingle: XEP-0167 (RTP), 0176 (ICE-UDP), 0320 (DTLS), 0293 (rtcp-fb), 0294 (hdrext),
# 0338 (group), 0339 (ssrc, ssrc-group)
"""Pure functions between a WebRTC session description (as aiortc writes and reads it) and the
children of a ``<jingle/>`` element: one ``<content/>`` per ``m=`` section (its ``a=mid`` is the
content's name) and the ``<group/>`` for ``a=group``.

Directions: an SDP speaks for its author, Jingle's ``senders`` for the session. ``role`` is the
author's part in the Jingle session ("initiator" for an offer, "responder" for an answer), so
``sendonly`` from the initiator is ``senders='initiator'`` and from the responder
``senders='responder'``. DTLS ``setup`` is copied both ways (XEP-0320 §3 uses SDP's values).
Candidates have no id in SDP: the id given to a candidate is a digest of its line, so the same
SDP always makes the same Jingle. ``a=fmtp`` items without ``=`` become parameters with a name
and no value (as XEP-0339 does for ssrc attributes without a value).
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Literal

Role = Literal["initiator", "responder"]

JINGLE = "urn:xmpp:jingle:1"
RTP = "urn:xmpp:jingle:apps:rtp:1"
FB = "urn:xmpp:jingle:apps:rtp:rtcp-fb:0"
HDREXT = "urn:xmpp:jingle:apps:rtp:rtp-hdrext:0"
SSMA = "urn:xmpp:jingle:apps:rtp:ssma:0"
ICE = "urn:xmpp:jingle:transports:ice-udp:1"
DTLS = "urn:xmpp:jingle:apps:dtls:0"
GROUPING = "urn:xmpp:jingle:apps:grouping:0"

_OTHER: dict[Role, Role] = {"initiator": "responder", "responder": "initiator"}
_MEDIA_FIELDS = 3  # m=<media> <port> <proto> <fmt>...
_CANDIDATE_FIELDS = 8  # <foundation> <component> <proto> <prio> <ip> <port> typ <type>


class SdpError(ValueError):
    """The description cannot be mapped (no media, a section without a mid, ...)."""


def _senders(direction: str, role: Role) -> str:
    return {"sendrecv": "both", "inactive": "none", "sendonly": role,
            "recvonly": _OTHER[role]}.get(direction, "both")


def _direction(senders: str, role: Role) -> str:
    if senders == "none":
        return "inactive"
    if senders in ("initiator", "responder"):
        return "sendonly" if senders == role else "recvonly"
    return "sendrecv"


def _el(parent: ET.Element, ns: str, tag: str, **attrs: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{ns}}}{tag}", {k.replace("_", "-"): v
                                                      for k, v in attrs.items() if v != ""})


# --- SDP -> Jingle --------------------------------------------------------------------------

@dataclass
class _Section:
    kind: str
    formats: list[str]
    attrs: list[tuple[str, str]] = field(default_factory=list)

    def values(self, name: str) -> list[str]:
        return [v for k, v in self.attrs if k == name]

    def first(self, name: str, default: str = "") -> str:
        found = self.values(name)
        return found[0] if found else default

    def has(self, name: str) -> bool:
        return any(k == name for k, _ in self.attrs)


def _parse(sdp: str) -> tuple[_Section, list[_Section]]:
    session = _Section("", [])
    media: list[_Section] = []
    current = session
    for raw in sdp.splitlines():
        line = raw.strip()
        if line.startswith("m="):
            parts = line[2:].split()
            if len(parts) < _MEDIA_FIELDS:
                raise SdpError(f"bad media line: {line}")
            current = _Section(parts[0], parts[3:])
            media.append(current)
        elif line.startswith("a="):
            name, _, value = line[2:].partition(":")
            current.attrs.append((name, value))
    return session, media


def _candidate(parent: ET.Element, value: str) -> None:
    """``a=candidate:<foundation> <component> <proto> <prio> <ip> <port> typ <type> ...``."""
    parts = value.split()
    if len(parts) < _CANDIDATE_FIELDS or parts[6] != "typ":
        raise SdpError(f"bad candidate: {value}")
    extra = dict(zip(parts[8::2], parts[9::2], strict=False))
    _el(parent, ICE, "candidate", component=parts[1], foundation=parts[0],
        generation=extra.get("generation", "0"),
        id=hashlib.sha256(value.encode()).hexdigest()[:10], ip=parts[4],
        network=extra.get("network-id", ""), port=parts[5], priority=parts[3],
        protocol=parts[2].lower(), rel_addr=extra.get("raddr", ""),
        rel_port=extra.get("rport", ""), type=parts[7])


def _feedback(parent: ET.Element, value: str) -> None:
    kind, _, sub = value.partition(" ")
    if kind == "trr-int":
        _el(parent, FB, "rtcp-fb-trr-int", value=sub)
    else:
        _el(parent, FB, "rtcp-fb", type=kind, subtype=sub)


def _payload_types(desc: ET.Element, section: _Section) -> None:
    rtpmap = {v.split(" ", 1)[0]: v.split(" ", 1)[1] for v in section.values("rtpmap") if " " in v}
    fmtp = {v.split(" ", 1)[0]: v.split(" ", 1)[1] for v in section.values("fmtp") if " " in v}
    fbs = [v.split(" ", 1) for v in section.values("rtcp-fb") if " " in v]
    ptime, maxptime = section.first("ptime"), section.first("maxptime")
    for pt in section.formats:
        name, clockrate, channels = [*rtpmap.get(pt, "").split("/"), "", "", ""][:3]
        payload = _el(desc, RTP, "payload-type", id=pt, name=name, clockrate=clockrate,
                      channels=channels, ptime=ptime, maxptime=maxptime)
        for item in (p.strip() for p in fmtp.get(pt, "").split(";")):
            if item:
                key, eq, val = item.partition("=")
                _el(payload, RTP, "parameter", name=key, value=val if eq else "")
        for target, value in fbs:
            if target == pt:
                _feedback(payload, value)


def _sources(desc: ET.Element, section: _Section) -> None:
    for value in section.values("ssrc-group"):
        semantics, *ssrcs = value.split()
        group = _el(desc, SSMA, "ssrc-group", semantics=semantics)
        for ssrc in ssrcs:
            _el(group, SSMA, "source", ssrc=ssrc)
    sources: dict[str, ET.Element] = {}
    for value in section.values("ssrc"):
        ssrc, _, attr = value.partition(" ")
        if ssrc not in sources:
            sources[ssrc] = _el(desc, SSMA, "source", ssrc=ssrc)
        key, colon, val = attr.partition(":")
        if key:
            _el(sources[ssrc], SSMA, "parameter", name=key, value=val if colon else "")


def _description(content: ET.Element, section: _Section, role: Role) -> None:
    desc = _el(content, RTP, "description", media=section.kind)
    _payload_types(desc, section)
    for target, value in (v.split(" ", 1) for v in section.values("rtcp-fb") if " " in v):
        if target == "*":
            _feedback(desc, value)
    for value in section.values("extmap"):
        ident, _, uri = value.partition(" ")
        num, _, direction = ident.partition("/")
        _el(desc, HDREXT, "rtp-hdrext", id=num, uri=uri.split(" ")[0],
            senders="" if not direction else _senders(direction, role))
    if section.has("extmap-allow-mixed"):
        _el(desc, HDREXT, "extmap-allow-mixed")
    _sources(desc, section)
    if section.has("rtcp-mux"):
        _el(desc, RTP, "rtcp-mux")


def _transport(content: ET.Element, section: _Section, session: _Section) -> None:
    def pick(name: str) -> list[str]:
        return section.values(name) or session.values(name)

    transport = _el(content, ICE, "transport", ufrag=(pick("ice-ufrag") or [""])[0],
                    pwd=(pick("ice-pwd") or [""])[0])
    setup = (pick("setup") or [""])[0]
    # Dino reads only the first <fingerprint/> and checks only sha-256 (plugins/ice
    # dtls_srtp.vala), Conversations reads the first too: sha-256 goes first.
    for value in sorted(pick("fingerprint"), key=lambda v: v.lower().split(" ")[0] != "sha-256"):
        hash_name, _, digest = value.partition(" ")
        _el(transport, DTLS, "fingerprint", hash=hash_name.lower(), setup=setup).text = digest
    for value in section.values("candidate"):
        _candidate(transport, value)


def sdp_to_jingle(sdp: str, role: Role, creator: Role = "initiator") -> list[ET.Element]:
    """The ``<content/>`` elements (and ``<group/>`` first, if any) of ``sdp`` written by
    ``role``. Each ``m=`` section needs its ``a=mid``."""
    session, media = _parse(sdp)
    if not media:
        raise SdpError("the description has no media")
    children: list[ET.Element] = []
    for value in session.values("group"):
        semantics, *mids = value.split()
        group = ET.Element(f"{{{GROUPING}}}group", {"semantics": semantics})
        for mid in mids:
            ET.SubElement(group, f"{{{GROUPING}}}content", {"name": mid})
        children.append(group)
    for section in media:
        mid = section.first("mid")
        if not mid:
            raise SdpError(f"a {section.kind} section has no mid")
        direction = next((k for k, _ in section.attrs
                          if k in ("sendrecv", "sendonly", "recvonly", "inactive")), "sendrecv")
        content = ET.Element(f"{{{JINGLE}}}content", {"creator": creator, "name": mid})
        senders = _senders(direction, role)
        if senders != "both":
            content.set("senders", senders)
        _description(content, section, role)
        _transport(content, section, session)
        children.append(content)
    return children


# --- Jingle -> SDP --------------------------------------------------------------------------

def candidate_line(candidate: ET.Element) -> str:
    """The SDP ``candidate:...`` value of a XEP-0176 ``<candidate/>`` (for trickled ones)."""
    get = candidate.get
    line = (f"candidate:{get('foundation', '1')} {get('component', '1')} "
            f"{get('protocol', 'udp')} {get('priority', '0')} {get('ip', '')} "
            f"{get('port', '0')} typ {get('type', 'host')}")
    if get("rel-addr") is not None:
        line += f" raddr {get('rel-addr')} rport {get('rel-port', '0')}"
    line += f" generation {get('generation', '0')}"
    if get("network") is not None:
        line += f" network-id {get('network')}"
    return line


def _fb_lines(target: str, parent: ET.Element) -> list[str]:
    lines = []
    for fb in parent.findall(f"{{{FB}}}rtcp-fb"):
        sub = fb.get("subtype")
        lines.append(f"a=rtcp-fb:{target} {fb.get('type', '')}" + (f" {sub}" if sub else ""))
    for trr in parent.findall(f"{{{FB}}}rtcp-fb-trr-int"):
        lines.append(f"a=rtcp-fb:{target} trr-int {trr.get('value', '0')}")
    return lines


def _param(name: str, value: str | None) -> str:
    return name if value is None else f"{name}={value}"


def _transport_lines(transport: ET.Element | None) -> list[str]:
    if transport is None:
        return []
    lines = [f"a=ice-ufrag:{transport.get('ufrag', '')}", f"a=ice-pwd:{transport.get('pwd', '')}"]
    setup = ""
    for fp in transport.findall(f"{{{DTLS}}}fingerprint"):
        lines.append(f"a=fingerprint:{fp.get('hash', 'sha-256')} {(fp.text or '').strip()}")
        setup = setup or fp.get("setup", "")
    return lines + ([f"a=setup:{setup}"] if setup else [])


def _payload_lines(payloads: list[ET.Element]) -> list[str]:
    lines = []
    for p in payloads:
        pt = p.get("id", "")
        if p.get("name"):
            rtpmap = f"a=rtpmap:{pt} {p.get('name')}/{p.get('clockrate', '8000')}"
            lines.append(rtpmap + (f"/{p.get('channels')}" if p.get("channels") else ""))
        params = [_param(x.get("name", ""), x.get("value"))
                  for x in p.findall(f"{{{RTP}}}parameter")]
        if params:
            lines.append(f"a=fmtp:{pt} " + ";".join(params))
        lines += _fb_lines(pt, p)
    for attr in ("ptime", "maxptime"):
        values = [p.get(attr) for p in payloads if p.get(attr)]
        lines += [f"a={attr}:{values[0]}"] if values else []
    return lines


def _source_lines(desc: ET.Element) -> list[str]:
    lines = []
    for group in desc.findall(f"{{{SSMA}}}ssrc-group"):
        ssrcs = " ".join(s.get("ssrc", "") for s in group.findall(f"{{{SSMA}}}source"))
        lines.append(f"a=ssrc-group:{group.get('semantics', '')} {ssrcs}")
    for source in desc.findall(f"{{{SSMA}}}source"):
        for param in source.findall(f"{{{SSMA}}}parameter"):
            value = param.get("value")
            lines.append(f"a=ssrc:{source.get('ssrc')} {param.get('name', '')}"
                         + (f":{value}" if value is not None else ""))
    return lines


def _media_lines(content: ET.Element, role: Role) -> list[str]:
    desc = content.find(f"{{{RTP}}}description")
    transport = content.find(f"{{{ICE}}}transport")
    name = content.get("name", "")
    if desc is None:
        raise SdpError(f"content {name} has no RTP description")
    payloads = desc.findall(f"{{{RTP}}}payload-type")
    lines = [f"m={desc.get('media', 'audio')} 9 UDP/TLS/RTP/SAVPF "
             + " ".join(p.get("id", "") for p in payloads), "c=IN IP4 0.0.0.0",
             "a=rtcp:9 IN IP4 0.0.0.0", *_transport_lines(transport), f"a=mid:{name}"]
    for ext in desc.findall(f"{{{HDREXT}}}rtp-hdrext"):
        senders = ext.get("senders")
        ident = ext.get("id", "") + (f"/{_direction(senders, role)}" if senders else "")
        lines.append(f"a=extmap:{ident} {ext.get('uri', '')}")
    if desc.find(f"{{{HDREXT}}}extmap-allow-mixed") is not None:
        lines.append("a=extmap-allow-mixed")
    lines.append(f"a={_direction(content.get('senders', 'both'), role)}")
    if desc.find(f"{{{RTP}}}rtcp-mux") is not None:
        lines.append("a=rtcp-mux")
    lines += _fb_lines("*", desc) + _payload_lines(payloads) + _source_lines(desc)
    if transport is not None:
        lines += [f"a={candidate_line(c)}" for c in transport.findall(f"{{{ICE}}}candidate")]
    return lines


def jingle_to_sdp(jingle: ET.Element, role: Role, session_id: str = "0") -> str:
    """The SDP of a ``<jingle/>`` (session-initiate, session-accept, content-add) written by
    ``role``."""
    contents = jingle.findall(f"{{{JINGLE}}}content")
    if not contents:
        raise SdpError("the session has no content")
    version = "".join(ch for ch in session_id if ch.isdigit())[:18] or "0"
    lines = ["v=0", f"o=- {version} 2 IN IP4 0.0.0.0", "s=-", "t=0 0"]
    for group in jingle.findall(f"{{{GROUPING}}}group"):
        names = " ".join(c.get("name", "") for c in group.findall(f"{{{GROUPING}}}content"))
        lines.append(f"a=group:{group.get('semantics', 'BUNDLE')} {names}")
    lines.append("a=msid-semantic:WMS *")
    for content in contents:
        lines += _media_lines(content, role)
    return "\r\n".join(lines) + "\r\n"
