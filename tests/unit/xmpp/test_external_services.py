"""XEP-0215 answers as ICE servers: the services of the XEP's own example (§3.1) and what
Prosody's mod_turn_external sends; anything that is not STUN/TURN, or whose host or port is
not an address, is left out."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from heron.calls.api import IceServer
from heron.xmpp.services.external_services import NS, ice_server

EXAMPLE = f"""<services xmlns='{NS}'>
  <service host='stun.shakespeare.lit' port='9998' transport='udp' type='stun'/>
  <service host='relay.shakespeare.lit' password='jj929jkj5sadjfj93v3n' port='9999'
           transport='udp' type='turn' username='nb78932lkjlskjfdb7g8'/>
  <service host='192.0.2.1' port='8888' transport='udp' type='stun'/>
  <service host='192.0.2.1' port='8889' password='93jn3bakj9s832lrjbbz' transport='udp'
           type='turn' username='auu98sjl2wk3e9fjdsl7'/>
  <service host='ftp.shakespeare.lit' name='Shakespearean File Server' password='guest'
           port='20' transport='tcp' type='ftp' username='guest'/>
  <service host='2001:db8::1' port='3478' transport='tcp' type='turn' username='1767225600'
           password='c2VjcmV0' expires='2026-01-01T00:00:00Z' restricted='1'/>
  <service host='evil host' port='3478' type='stun'/>
  <service host='turn.example' port='99999' type='turn'/>
</services>"""


def test_the_xep_example_becomes_ice_servers() -> None:
    found = [ice_server(s) for s in ET.fromstring(EXAMPLE).findall(f"{{{NS}}}service")]
    assert found == [
        (IceServer("stun:stun.shakespeare.lit:9998"), 0.0),
        (IceServer("turn:relay.shakespeare.lit:9999?transport=udp", "nb78932lkjlskjfdb7g8",
                   "jj929jkj5sadjfj93v3n"), 0.0),
        (IceServer("stun:192.0.2.1:8888"), 0.0),
        (IceServer("turn:192.0.2.1:8889?transport=udp", "auu98sjl2wk3e9fjdsl7",
                   "93jn3bakj9s832lrjbbz"), 0.0),
        None,  # ftp is not for calls
        (IceServer("turn:[2001:db8::1]:3478?transport=tcp", "1767225600", "c2VjcmV0"),
         1767225600.0),
        None,  # not a host name
        (IceServer("turn:turn.example"), 0.0),  # a port out of range is not used
    ]
