"""Files through the real rig server (XEP-0363 upload, XEP-0066 out-of-band data) between
Heron and a second real client."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from heron.core.events import DeliveryState, Direction, StoredMessage
from heron.core.file_events import FileState
from heron.xmpp.services import oob
from heron.xmpp.services.files import FileProblem, remote_file
from tests.helpers import until
from tests.integration.files_helpers import (
    fetch,
    heron_and_peer,
    peer_upload,
    send_file_message,
    write_file,
)
from tests.integration.parties import account_for, eventually, start_heron

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]
CAP = 50 * 1024 * 1024


async def _messages(app: Any, account: str, peer: str) -> list[StoredMessage]:
    return list(await app.repos.messages.page_before(account, peer, None, 1000))


async def test_heron_sends_a_file_the_peer_gets_its_address_and_the_same_bytes(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path) as (app, peer, watch):
        alice, bob = app.accounts[0].jid, peer.boundjid.bare
        session = app.sessions[alice]
        await until(lambda: session.server_features.current is not None)
        data = write_file(tmp_path / "report 2026.pdf", 300_000)
        transfer = await session.files.send_file(bob, tmp_path / "report 2026.pdf")
        sent = await watch.state(transfer.message_pk, FileState.SENT)
        assert sent.url.startswith("https://") and sent.url.endswith(".pdf")
        # The progress bar moved before the end.
        assert any(0 < t.done < len(data) for t in watch.history
                   if t.state is FileState.UPLOADING) or len(data) <= 256 * 1024
        await until(lambda: peer.received, 10)
        msg = peer.received[-1]
        assert str(msg["body"]) == sent.url
        assert oob.url_of(msg.xml) == sent.url  # other clients show a file
        assert await fetch(server, sent.url) == data
        # Stored: the message's body is the address, it was sent, and the card survives.
        rows = await eventually(lambda: _messages(app, alice, bob),
                                lambda ms: bool(ms) and ms[-1].state is not DeliveryState.PENDING)
        assert rows[-1].body == sent.url and rows[-1].state in (DeliveryState.SENT,
                                                                 DeliveryState.DELIVERED)
        stored = await app.conversation_files(alice, bob)
        assert [(f.name, f.size, f.state, f.url) for f in stored] == [
            ("report 2026.pdf", len(data), FileState.SENT, sent.url)]


async def test_a_file_from_a_contact_is_saved_with_the_exact_bytes(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path) as (app, peer, watch):
        alice, bob = app.accounts[0].jid, peer.boundjid.bare
        session = app.sessions[alice]
        await session.roster.set_item(bob, "Bob", ())  # a contact: the rig's loopback is fine
        await until(lambda: session.roster.is_contact(bob))
        data = write_file(tmp_path / "src.bin", 123_457)
        url = await peer_upload(server, peer, "holiday-notes.txt", data, "text/plain")
        send_file_message(peer, alice, url)
        rows = await eventually(lambda: _messages(app, alice, bob), bool)
        card = remote_file(rows[-1])
        assert card is not None and card.name == "holiday-notes.txt"
        assert card.direction is Direction.INCOMING and card.mime == "text/plain"
        downloads = tmp_path / "Downloads"
        await session.files.save(card, downloads, CAP)
        saved = await watch.state(card.message_pk, FileState.SAVED)
        assert Path(saved.local_path) == downloads / "holiday-notes.txt"
        assert Path(saved.local_path).read_bytes() == data
        assert sorted(p.name for p in downloads.iterdir()) == ["holiday-notes.txt"]
        # Saved again: a second copy next to it, the first is never replaced.
        await session.files.save(card, downloads, CAP)
        again = await watch.state(card.message_pk, FileState.SAVED)
        await until(lambda: watch.latest[card.message_pk].local_path != saved.local_path)
        again = watch.latest[card.message_pk]
        assert Path(again.local_path).name == "holiday-notes (1).txt"
        assert sorted(p.name for p in downloads.iterdir()) == [
            "holiday-notes (1).txt", "holiday-notes.txt"]


async def test_a_file_too_large_for_the_server_is_refused_before_upload(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, _ = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    try:
        session = app.sessions[alice]
        await until(lambda: session.server_features.current is not None)
        known = session.server_features.current
        assert known is not None and known.upload is not None
        limit = known.upload.max_file_size
        assert limit == 10 * 1024 * 1024
        big = tmp_path / "film.mkv"
        with big.open("wb") as fh:
            fh.truncate(limit + 1)
        with pytest.raises(FileProblem) as refused:
            await session.files.send_file(bob, big)
        assert str(refused.value) == (
            "film.mkv is too large for your server: it accepts files up to 10.5 MB.")
        assert await _messages(app, alice, bob) == []
    finally:
        await app.close()


async def test_cancel_mid_upload_then_retry(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path) as (app, peer, watch):
        alice, bob = app.accounts[0].jid, peer.boundjid.bare
        session = app.sessions[alice]
        await until(lambda: session.server_features.current is not None)
        data = write_file(tmp_path / "big.bin", 9 * 1024 * 1024)
        transfer = await session.files.send_file(bob, tmp_path / "big.bin")
        pk = transfer.message_pk
        await until(lambda: pk in watch.latest and watch.latest[pk].done > 0)
        session.files.cancel(pk)
        failed = await watch.state(pk, FileState.UPLOAD_FAILED)
        assert failed.error == "Cancelled."
        rows = await _messages(app, alice, bob)
        assert rows[-1].state is DeliveryState.FAILED  # nothing went to the peer
        assert peer.received == []
        await session.files.retry(failed)
        sent = await watch.state(pk, FileState.SENT, timeout=60)
        await until(lambda: peer.received, 10)
        assert str(peer.received[-1]["body"]) == sent.url
        assert await fetch(server, sent.url) == data


async def test_a_file_sent_with_a_caption_is_read_from_its_out_of_band_data(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path) as (app, peer, watch):
        alice, bob = app.accounts[0].jid, peer.boundjid.bare
        url = await peer_upload(server, peer, "slides.odp", b"PK\x03\x04 slides")
        for body, address in (("the slides, as promised", url),
                              ("an old link", "http://example.org/old.odp")):
            msg = peer.make_message(mto=alice, mbody=body, mtype="chat")
            oob.add(msg.xml, address)
            msg.send()
        rows = await eventually(lambda: _messages(app, alice, bob), lambda ms: len(ms) == 2)
        card = await watch.state(rows[0].pk, FileState.REMOTE)
        assert (card.url, card.name) == (url, "slides.odp")
        stored = await app.conversation_files(alice, bob)
        assert [(f.message_pk, f.url) for f in stored] == [(rows[0].pk, url)]  # not the http one
        assert remote_file(rows[1]) is None  # shown as the text it is
        # Bob is a stranger: his link into the rig's loopback address is refused ...
        session = app.sessions[alice]
        await session.files.save(card, tmp_path / "dl", CAP)
        refused = await watch.state(card.message_pk, FileState.DOWNLOAD_FAILED)
        assert "private network" in refused.error
        # ... and saved once he is a contact.
        await session.roster.set_item(bob, "Bob", ())
        await until(lambda: session.roster.is_contact(bob))
        await session.files.save(card, tmp_path / "dl", CAP)
        saved = await watch.state(card.message_pk, FileState.SAVED)
        assert Path(saved.local_path).read_bytes() == b"PK\x03\x04 slides"
