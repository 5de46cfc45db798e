"""Record what Prosody and ejabberd really send, for tests/unit/xmpp/test_recorded_stanzas.py.

Run ``.venv/bin/python -m tests.recordings.record`` (both servers) or ``... record ejabberd``;
``... record --out DIR`` writes elsewhere (to compare two runs).
It starts each rig server (LocalProsody, LocalEjabberd) in a temporary folder, drives real
slixmpp clients through the situations Heron handles, and writes what the client in Heron's
seat (``alice@localhost/heron``) received into ``tests/data/stanzas/<server>/<situation>.xml``:
the stream header as the server wrote it, then the stanzas of that situation, byte for byte
except for the volatile values :mod:`tests.recordings.tap` normalises (ids, stamps, roster
versions, ports). A file is what the server's bytes would be, so a test feeds it to Heron's
client as it is. ``VERSION`` in each folder names the server that was recorded.
"""

from __future__ import annotations

import asyncio
import contextlib
import glob
import logging
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import slixmpp
from slixmpp.exceptions import IqError, IqTimeout

from heron.demo.ejabberd import LocalEjabberd
from heron.demo.prosody import LocalProsody, prosody_version
from tests.recordings.tap import Normaliser, RawTap

log = logging.getLogger("record")

DATA = Path(__file__).resolve().parents[1] / "data" / "stanzas"
SERVERS = ("prosody", "ejabberd")
PASSWORD = "secret-pw"
SETTLE = 0.5  # seconds to let stragglers of a situation arrive before its file is cut

CLIENT = "jabber:client"
ROSTER = "{jabber:iq:roster}query"
MAM = "urn:xmpp:mam:2"
Server = LocalProsody | LocalEjabberd
Element = ET.Element
Want = Callable[[list[Element]], bool]


class TapClient(slixmpp.ClientXMPP):
    """A plain slixmpp client that keeps the raw bytes of every stanza it receives."""

    def __init__(self, jid: str, password: str, server: Server) -> None:
        super().__init__(jid, password)
        self.tap = RawTap()
        for plugin in ("xep_0030", "xep_0085", "xep_0184", "xep_0199", "xep_0280", "xep_0297",
                       "xep_0313", "xep_0359"):
            self.register_plugin(plugin)
        self.plugin["xep_0184"].auto_request = False
        self.ca_certs = str(server.ca_file)  # type: ignore[assignment]
        self.enable_direct_tls = False
        self.rig = server
        self.failures: list[Any] = []
        self.add_event_handler("failed_auth", self.failures.append)

    def init_parser(self) -> None:
        super().init_parser()
        self.tap.new_stream()

    def data_received(self, data: bytes | str) -> None:
        self.tap.feed(data)
        super().data_received(data)

    def seen(self, since: int) -> list[tuple[bytes, bytes, Element]]:
        """(header, raw, parsed) of each stanza received after the first ``since``."""
        return [(header, raw, parse(header, raw)) for header, raw in self.tap.stanzas[since:]]

    async def start(self, presence: bool = True, roster: bool = True) -> TapClient:
        started = asyncio.get_running_loop().create_future()
        self.add_event_handler("session_start",
                               lambda _e: started.done() or started.set_result(True))
        self.connect("127.0.0.1", self.rig.c2s_port)
        await asyncio.wait_for(started, 20)
        if roster:
            await self.get_roster()
        if presence:
            self.send_presence()
        return self

    async def stop(self) -> None:
        with contextlib.suppress(Exception):
            await self.disconnect(wait=0.5)


def parse(header: bytes, raw: bytes) -> Element:
    """The stanza parsed in its stream's namespaces (prefixes such as ``stream:`` included)."""
    root = ET.fromstring(header + raw + b"</stream:stream>")
    return root[0]


def name(element: Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


class Recorder:
    def __init__(self, kind: str, server: Server, out: Path) -> None:
        self.kind = kind
        self.rig = server
        self.out = out
        self.written: list[str] = []
        ports = (server.c2s_port, server.c2s_tls_port, server.https_port,
                 getattr(server, "http_port", 0))
        self.ports = tuple(p for p in ports if p)
        # One for the whole server: a message keeps its id and stamp in every file it is in.
        # Prosody's attribute order is random per run (Lua tables); ejabberd's is fixed, kept.
        self.normaliser = Normaliser(self.ports, sort_attributes=kind == "prosody")

    def write(self, situation: str, header: bytes, stanzas: list[bytes]) -> None:
        if not stanzas:
            raise RuntimeError(f"{self.kind}: nothing recorded for {situation}")
        normaliser = self.normaliser
        text = normaliser.text(header.decode()) + "\n" + "".join(
            normaliser.text(raw.decode()) + "\n" for raw in stanzas)
        (self.out / f"{situation}.xml").write_text(text, encoding="utf-8")
        self.written.append(situation)
        log.info("%s: %s (%d stanzas)", self.kind, situation, len(stanzas))

    async def capture(self, client: TapClient, situation: str,
                      action: Callable[[], Awaitable[object] | None],
                      keep: Callable[[Element], bool], want: Want | None = None,
                      timeout: float = 15.0, since: int | None = None) -> list[Element]:
        """Do ``action``, wait until ``want`` holds for what was kept (default: anything
        was), let stragglers arrive, and write the kept stanzas as ``situation``. ``since``:
        keep from that many stanzas on (what earlier situations received too)."""
        since = len(client.tap.stanzas) if since is None else since
        result = action()
        if result is not None:
            await result
        want = want or bool

        def kept() -> list[tuple[bytes, bytes, Element]]:
            return [s for s in client.seen(since) if keep(s[2])]

        async with asyncio.timeout(timeout):
            while not want([s[2] for s in kept()]):
                await asyncio.sleep(0.02)
        await asyncio.sleep(SETTLE)
        stanzas = kept()
        self.write(situation, stanzas[-1][0], [raw for _, raw, _ in stanzas])
        return [s[2] for s in stanzas]


# --- predicates ---------------------------------------------------------------------------------


def is_iq(kind: str = "", child: str = "") -> Callable[[Element], bool]:
    def check(e: Element) -> bool:
        return (name(e) == "iq" and (not kind or e.get("type") == kind)
                and (not child or e.find(child) is not None))
    return check


def is_message(child: str = "", kind: str = "") -> Callable[[Element], bool]:
    def check(e: Element) -> bool:
        return (name(e) == "message" and (not kind or e.get("type") == kind)
                and (not child or e.find(child) is not None))
    return check


def is_presence(kind: str) -> Callable[[Element], bool]:
    return lambda e: name(e) == "presence" and e.get("type") == kind


def is_mam(e: Element) -> bool:
    return (is_message(f"{{{MAM}}}result")(e)
            or is_iq("result", f"{{{MAM}}}fin")(e) or is_iq("error")(e))


def push_with(subscription: str) -> Want:
    def check(kept: list[Element]) -> bool:
        return any(item.get("subscription") == subscription
                   for e in kept for item in e.iter("{jabber:iq:roster}item"))
    return check


def count(n: int, check: Callable[[Element], bool] = lambda _e: True) -> Want:
    return lambda kept: sum(1 for e in kept if check(e)) >= n


# --- the situations -----------------------------------------------------------------------------


async def ask_each(client: TapClient, jids: list[str]) -> None:
    """disco#info of each address in turn (one after another: a stable order in the file)."""
    for jid in jids:
        await quietly(client.plugin["xep_0030"].get_info(jid=jid))


async def quietly(request: Awaitable[object]) -> None:
    """Send a request whose answer the tap records, error or not."""
    with contextlib.suppress(IqError, IqTimeout):
        await request


def roster_get(client: TapClient) -> Any:
    """The whole roster (slixmpp's get_roster would send the version it holds, and a server
    that supports versioning then answers with nothing)."""
    iq = client.Iq(stype="get")
    iq.enable("roster")
    return iq.send(timeout=10)


def mam_query(client: TapClient, queryid: str, max_items: int, after: str = "") -> Any:
    iq = client.Iq(stype="set")
    iq["mam"]["queryid"] = queryid
    iq["mam"]["rsm"]["max"] = str(max_items)
    if after:
        iq["mam"]["rsm"]["after"] = after
    return iq.send(timeout=10)


async def record_server(kind: str, server: Server, out: Path) -> list[str]:
    domain = server.domain
    alice_jid = server.register("alice", PASSWORD)
    bob_jid = server.register("bob", PASSWORD)
    rec = Recorder(kind, server, out)

    alice = TapClient(f"{alice_jid}/heron", PASSWORD, server)
    alice.roster.auto_authorize = None  # type: ignore[assignment]  # Alice answers herself
    alice.roster.auto_subscribe = False
    await alice.start()
    streams = alice.tap.streams
    for situation, stream in zip(("stream_features_starttls", "stream_features_sasl",
                                  "stream_features_bound"), streams, strict=False):
        rec.write(situation, stream.header, stream.stanzas[:1])

    # An empty archive first: nothing has been said yet.
    await rec.capture(alice, "mam_empty_archive",
                      lambda: quietly(mam_query(alice, "q-empty", 10)), is_mam,
                      count(1, is_iq()))
    await rec.capture(alice, "disco_info_server",
                      lambda: quietly(alice.plugin["xep_0030"].get_info(jid=domain)),
                      is_iq("result"))
    await rec.capture(alice, "disco_info_account",
                      lambda: quietly(alice.plugin["xep_0030"].get_info(jid=alice_jid)),
                      is_iq("result"))
    await rec.capture(alice, "disco_items_server",
                      lambda: quietly(alice.plugin["xep_0030"].get_items(jid=domain)),
                      is_iq("result"))
    services = [item[0] for item in (await alice.plugin["xep_0030"].get_items(jid=domain))
                ["disco_items"]["items"]]
    await rec.capture(alice, "disco_info_services",
                      lambda: ask_each(alice, services),
                      is_iq("result"), count(len(services), is_iq("result")))
    await rec.capture(alice, "ping_server",
                      lambda: quietly(alice.plugin["xep_0199"].send_ping(domain, timeout=10)),
                      is_iq())

    # Subscriptions: Bob asks, Alice approves and asks back, Bob's client approves.
    bob = TapClient(f"{bob_jid}/desk", PASSWORD, server)
    bob.roster.auto_authorize = True
    bob.roster.auto_subscribe = False
    await bob.start()
    flow = len(alice.tap.stanzas)
    await rec.capture(alice, "presence_subscribe",
                      lambda: bob.send_presence(pto=alice_jid, ptype="subscribe"),
                      is_presence("subscribe"))

    def approve_and_ask() -> None:
        alice.send_presence(pto=bob_jid, ptype="subscribed")
        alice.send_presence(pto=bob_jid, ptype="subscribe")

    await rec.capture(alice, "presence_subscribed", approve_and_ask, is_presence("subscribed"))
    await rec.capture(alice, "roster_push_subscription", lambda: None, is_iq("set", ROSTER),
                      push_with("both"), since=flow)

    await rec.capture(alice, "roster_push_add",
                      lambda: quietly(alice.update_roster(f"dave@{domain}", name="Dave",
                                                          groups=["Friends"], timeout=10)),
                      is_iq("set", ROSTER))
    await rec.capture(alice, "roster_result",
                      lambda: quietly(roster_get(alice)), is_iq("result", ROSTER))
    await rec.capture(alice, "roster_push_remove",
                      lambda: quietly(alice.del_roster_item(f"dave@{domain}")),
                      is_iq("set", ROSTER))

    # Chat: a plain message, then three more for the archive to page through.
    await rec.capture(alice, "message_chat",
                      lambda: bob.send_message(mto=alice_jid, mbody="Hello Alice", mtype="chat"),
                      is_message("{jabber:client}body"))
    for body in ("two", "three"):
        await asyncio.sleep(1.1)  # Prosody stamps whole seconds: one stamp per message
        bob.send_message(mto=alice_jid, mbody=body, mtype="chat")
    await asyncio.sleep(SETTLE)
    page = await rec.capture(alice, "mam_page",
                             lambda: quietly(mam_query(alice, "q-page", 2)), is_mam,
                             count(1, is_iq()))
    last = next(e for e in page if name(e) == "iq").find(
        f"{{{MAM}}}fin/{{http://jabber.org/protocol/rsm}}set/"
        "{http://jabber.org/protocol/rsm}last")
    if last is None or not last.text:
        raise RuntimeError(f"{kind}: the MAM page has no <last/>")
    await rec.capture(alice, "mam_last_page",
                      lambda: quietly(mam_query(alice, "q-last", 2, after=last.text or "")),
                      is_mam, count(1, is_iq()))
    await rec.capture(alice, "mam_unknown_id",
                      lambda: quietly(mam_query(alice, "q-gone", 2, after="no-such-id")),
                      is_mam, count(1, is_iq()))

    # Receipts both ways, then a chat state.
    def ask_receipt() -> None:
        msg = bob.make_message(mto=alice_jid, mbody="Did you get this?", mtype="chat")
        msg["request_receipt"] = True
        msg.send()

    await rec.capture(alice, "receipt_request", ask_receipt,
                      is_message("{urn:xmpp:receipts}request"))

    def send_with_receipt() -> None:
        msg = alice.make_message(mto=f"{bob_jid}/desk", mbody="Please confirm", mtype="chat")
        msg["request_receipt"] = True
        msg.send()

    await rec.capture(alice, "receipt_answer", send_with_receipt,
                      is_message("{urn:xmpp:receipts}received"))

    def composing() -> None:
        msg = bob.make_message(mto=alice_jid, mtype="chat")
        msg["chat_state"] = "composing"
        msg.send()

    await rec.capture(alice, "chat_state", composing,
                      is_message("{http://jabber.org/protocol/chatstates}composing"))

    # Carbons: a second client of Alice's talks with Bob.
    await alice.plugin["xep_0280"].enable(timeout=10)
    phone = await TapClient(f"{alice_jid}/phone", PASSWORD, server).start()
    await rec.capture(alice, "carbon_received",
                      lambda: bob.send_message(mto=f"{alice_jid}/phone", mbody="To your phone",
                                               mtype="chat"),
                      is_message("{urn:xmpp:carbons:2}received"))
    await rec.capture(alice, "carbon_sent",
                      lambda: phone.send_message(mto=bob_jid, mbody="From my phone",
                                                 mtype="chat"),
                      is_message("{urn:xmpp:carbons:2}sent"))
    await phone.stop()

    # Errors for addresses that lead nowhere.
    nobody = f"nobody@{domain}"
    await rec.capture(alice, "error_unknown_user_message",
                      lambda: alice.send_message(mto=nobody, mbody="Anyone?", mtype="chat"),
                      is_message(kind="error"))
    await rec.capture(alice, "error_unknown_user_iq",
                      lambda: quietly(alice.plugin["xep_0030"].get_info(jid=nobody, timeout=10)),
                      is_iq("error"))
    await rec.capture(alice, "error_offline_resource_iq",
                      lambda: quietly(alice.plugin["xep_0030"].get_info(
                          jid=f"{bob_jid}/gone", timeout=10)),
                      is_iq("error"))

    # A message while Alice is offline, delivered with a delay stamp when she comes back.
    await alice.stop()
    await asyncio.sleep(SETTLE)
    bob.send_message(mto=alice_jid, mbody="While you were away", mtype="chat")
    await asyncio.sleep(SETTLE)
    alice = TapClient(f"{alice_jid}/heron", PASSWORD, server)
    await alice.start(presence=False)
    await rec.capture(alice, "offline_message", alice.send_presence,
                      is_message("{jabber:client}body"))

    # The same resource signs in again: the older stream ends with <conflict/>.
    again = TapClient(f"{alice_jid}/heron", PASSWORD, server)

    async def second_login() -> None:
        await again.start()

    await rec.capture(alice, "stream_error_conflict", second_login,
                      lambda e: name(e) == "error")

    # A stanza over the server's size limit (both rigs: 256 KiB).
    async def too_large() -> None:
        bob.send_raw(f"<message xmlns='{CLIENT}' to='{alice_jid}' type='chat'><body>"
                     + "x" * 300_000 + "</body></message>")

    await rec.capture(bob, "stream_error_policy_violation", too_large,
                      lambda e: name(e) == "error")

    # Sign-in refused: a wrong password, and an account that does not exist.
    for situation, jid in (("sasl_failure_wrong_password", alice_jid),
                           ("sasl_failure_unknown_user", f"nobody@{domain}")):
        wrong = TapClient(f"{jid}/heron", "wrong-password", server)
        wrong.add_event_handler("failed_auth", lambda _f, c=wrong: no_retry(c))
        wrong.connect("127.0.0.1", server.c2s_port)
        try:
            await rec.capture(wrong, situation, lambda: None,
                              lambda e: name(e) == "failure" and "sasl" in e.tag, count(1))
        finally:
            wrong.abort()
    for client in (again, bob):
        await client.stop()
    return rec.written


def no_retry(client: TapClient) -> None:
    """As Heron: after a refused password, no weaker mechanism is tried."""
    sasl = client.plugin["feature_mechanisms"]
    sasl.attempted_mechs |= set(sasl.mech_list)


def _ejabberd_version() -> str:
    found = sorted(glob.glob("/usr/lib/*/ejabberd-*/ebin/ejabberd.app"))
    return Path(found[-1]).parents[1].name.removeprefix("ejabberd-") if found else ""


async def record(kind: str, run_dir: Path, data: Path = DATA) -> None:
    out = data / kind
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.xml"):
        old.unlink()
    server: Server = LocalProsody(run_dir) if kind == "prosody" else LocalEjabberd(run_dir)
    server.start()
    try:
        written = await record_server(kind, server, out)
    finally:
        server.stop()
    version = prosody_version() if kind == "prosody" else _ejabberd_version()
    (out / "VERSION").write_text(f"{kind} {version}\n", encoding="utf-8")
    print(f"{kind} {version}: {len(written)} situations in {out}")


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    logging.getLogger("slixmpp").setLevel(logging.ERROR)
    data = DATA
    if argv[:1] == ["--out"] and len(argv) > 1:  # somewhere else, e.g. to compare two runs
        data, argv = Path(argv[1]), argv[2:]
    kinds = argv or list(SERVERS)
    for kind in kinds:
        if kind not in SERVERS:
            print(f"unknown server {kind!r}; choose from {SERVERS}")
            return 2
        with tempfile.TemporaryDirectory(prefix=f"heron-record-{kind}-") as run_dir:
            asyncio.run(record(kind, Path(run_dir), data))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
