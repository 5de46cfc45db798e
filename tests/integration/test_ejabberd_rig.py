"""The ejabberd rig: a throw-away ejabberd that a real Heron and a real slixmpp client use.

Proves LocalEjabberd gives what a test on a second server implementation needs: accounts made
in-band (XEP-0077) that ejabberdctl then lists, a Heron login over STARTTLS with the rig's CA
(validation on), a chat both ways with delivery receipts, a Direct TLS port, and a stop that
leaves no Erlang process (nor an epmd) behind. Runs with ``--server=ejabberd``; not skipped
when ejabberd is missing: the fixture fails.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import socket
from pathlib import Path
from typing import Any

import pytest

from heron.core.events import DeliveryState, MessagesAdded, MessageUpdated
from heron.demo.ejabberd import LocalEjabberd
from tests.helpers import until
from tests.integration.parties import (
    Peer,
    Recorder,
    account_for,
    start_heron,
    start_peer,
    stop_peer,
)

pytestmark = [pytest.mark.integration,
              pytest.mark.server("ejabberd", reason="tests LocalEjabberd, the rig itself")]

_numbers = itertools.count(1)


@pytest.fixture
def ejabberd(server: LocalEjabberd) -> LocalEjabberd:
    """The run's server: these tests run with ``--server=ejabberd`` (the README's test
    command does); ``server`` raises "ejabberd is not installed ..." if it is absent."""
    return server


def _user(server: LocalEjabberd) -> tuple[str, str]:
    n = next(_numbers)
    password = f"pw-{n}-{os.getpid()}"
    return server.register(f"ej{n}x{os.getpid()}", password), password


@pytest.mark.asyncio
async def test_heron_and_a_second_client_chat_with_receipts(ejabberd: LocalEjabberd,
                                                            tmp_path: Path) -> None:
    alice, alice_pw = _user(ejabberd)
    bob, bob_pw = _user(ejabberd)
    app = await start_heron(tmp_path / "alice", account_for(ejabberd, alice), alice_pw)
    rec = Recorder(app, MessagesAdded, MessageUpdated)
    receipts: list[str] = []

    def asks_for_receipts(peer: Any) -> None:
        peer.plugin["xep_0184"].auto_request = True
        peer.add_event_handler("receipt_received", lambda m: receipts.append(str(m["receipt"])))

    peer = await start_peer(ejabberd, bob, bob_pw, setup=asks_for_receipts)
    try:
        await app.sessions[alice].chat.send(bob, "Hello Bob, on ejabberd")
        await until(lambda: peer.bodies() == ["Hello Bob, on ejabberd"])
        # Bob's client acknowledges: Alice's tick becomes "delivered".
        await until(lambda: any(e.message.state is DeliveryState.DELIVERED
                                for e in rec.of(MessageUpdated)))
        answer = peer.make_message(mto=alice, mbody="Hi Alice!", mtype="chat")
        answer.send()
        await until(lambda: any(m.body == "Hi Alice!" for e in rec.of(MessagesAdded)
                                for m in e.messages))
        # Heron acknowledges Bob's message with a receipt for that very message.
        await until(lambda: str(answer["id"]) in receipts)
        stored = await app.repos.messages.page_before(alice, bob, None, 10)
        assert [m.body for m in stored] == ["Hello Bob, on ejabberd", "Hi Alice!"]
        assert stored[0].state is DeliveryState.DELIVERED
    finally:
        await stop_peer(peer)
        await app.close()


@pytest.mark.asyncio
async def test_direct_tls_port_gives_a_session(ejabberd: LocalEjabberd) -> None:
    jid, password = _user(ejabberd)
    started = asyncio.get_running_loop().create_future()
    peer = Peer(f"{jid}/direct", password)
    peer.ca_certs = str(ejabberd.ca_file)  # type: ignore[assignment]
    peer.enable_direct_tls, peer.enable_starttls = True, False
    peer.add_event_handler("session_start", lambda _e: started.done() or started.set_result(1))
    peer.connect("127.0.0.1", ejabberd.c2s_tls_port)
    try:
        await asyncio.wait_for(started, 15)
    finally:
        await stop_peer(peer)


@pytest.mark.asyncio
async def test_server_offers_what_heron_uses(ejabberd: LocalEjabberd) -> None:
    """The modules Heron's features rest on are really running (as in the Prosody rig)."""
    jid, password = _user(ejabberd)
    peer = await start_peer(ejabberd, jid, password,
                            setup=lambda p: p.register_plugin("xep_0198"))
    try:
        disco = peer.plugin["xep_0030"]
        server = set((await disco.get_info(jid=ejabberd.domain))["disco_info"]["features"])
        assert {"urn:xmpp:carbons:2", "urn:xmpp:blocking", "vcard-temp",
                "urn:xmpp:ping"} <= server
        account = set((await disco.get_info(jid=jid))["disco_info"]["features"])
        assert {"urn:xmpp:mam:2", "http://jabber.org/protocol/pubsub#publish"} <= account
        assert "stream_management" in peer.features, "stream management (XEP-0198) in use"
        items = (await disco.get_items(jid=ejabberd.domain))["disco_items"]["items"]
        services = {item[0] for item in items}
        assert {f"conference.{ejabberd.domain}", f"upload.{ejabberd.domain}"} <= services
        rooms = set((await disco.get_info(jid=f"conference.{ejabberd.domain}"))
                    ["disco_info"]["features"])
        assert "urn:xmpp:mam:2" in rooms, "room history (MUC MAM)"
        upload = set((await disco.get_info(jid=f"upload.{ejabberd.domain}"))
                     ["disco_info"]["features"])
        assert "urn:xmpp:http:upload:0" in upload
    finally:
        await stop_peer(peer)


@pytest.mark.asyncio
async def test_restart_keeps_ports_accounts_and_applies_changes(tmp_path: Path) -> None:
    """What tests of reconnects and downgrades rely on, as with LocalProsody.restart()."""
    server = LocalEjabberd(tmp_path / "ej")
    server.start()
    try:
        jid = server.register("carol", "secret-pw")
        ports = (server.c2s_port, server.c2s_tls_port, server.https_port)
        server.restart(disabled_sasl_mechanisms=("SCRAM-SHA-256", "SCRAM-SHA-256-PLUS"))
        assert (server.c2s_port, server.c2s_tls_port, server.https_port) == ports
        mechanisms: list[str] = []

        def like_heron(peer: Any) -> None:  # Heron's mechanisms, strongest first
            sasl = peer.plugin["feature_mechanisms"]
            sasl.use_mechs = {"SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"}
            peer.add_event_handler("auth_success", lambda _e: mechanisms.append(sasl.mech.name))

        await stop_peer(await start_peer(server, jid, "secret-pw", setup=like_heron))
        assert mechanisms == ["SCRAM-SHA-1"]  # the account survived; the change took effect
        with pytest.raises(AttributeError):
            server.restart(no_such_setting=True)
    finally:
        server.stop()


def _descendants(pid: int) -> set[int]:
    """Every living process below ``pid`` (the VM's erl_child_setup, eimp, memsup, ...)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _epmd_processes() -> list[int]:
    found = []
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() == "epmd":
                found.append(int(comm.parent.name))
        except OSError:
            continue
    return found


def test_stop_leaves_no_process_and_no_epmd(tmp_path: Path) -> None:
    epmd_before = set(_epmd_processes())
    server = LocalEjabberd(tmp_path / "ej")
    server.start()
    try:
        pid = server.pid
        assert pid is not None
        helpers = _descendants(pid)
        assert helpers, "the VM's helper processes are found (else this test proves nothing)"
        assert server.register("someone", "pw") == "someone@localhost"
        assert server.ctl("registered_users", "localhost").split() == ["someone"]
    finally:
        server.stop()
    assert not server.is_running()
    leftovers = [p for p in {pid, *helpers} if _alive(p)]
    assert leftovers == [], f"processes left behind: {leftovers}"
    assert set(_epmd_processes()) <= epmd_before, "an epmd was started and left running"
    for port in (server.c2s_port, server.dist_port):
        with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            pass
