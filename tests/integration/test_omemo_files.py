"""Encrypted files (issue 11 point 6, XEP-0454) from a real OMEMO peer through the rig's HTTP
upload: an aesgcm:// link inside an encrypted message becomes a file card and is saved
decrypted, byte for byte; a file changed on its way is deleted with a clear message; an
aesgcm:// link in a plaintext message and an out-of-band address beside an encrypted payload
are never fetched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from heron.core.file_events import FileState
from heron.crypto.aesgcm import FileKey, make_link, parse_link
from heron.xmpp.services import oob
from tests.helpers import until
from tests.integration.files_helpers import FileWatch, fetch, peer_upload, write_file
from tests.integration.omemo_peers import encrypted_stanza, heron_and_peer, send_encrypted
from tests.integration.parties import eventually

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]
CAP = 50 * 1024 * 1024


async def _contact(chat: Any) -> None:
    await chat.session.roster.set_item(chat.bob, "Bob", ())  # the rig's loopback is fine
    await until(lambda: chat.session.client.client_roster.has_jid(chat.bob))


async def _rows(chat: Any) -> list[Any]:
    return list(await chat.app.repos.messages.page_before(chat.alice, chat.bob, None, 100))


async def _share(server: Any, chat: Any, data: bytes, name: str, *,
                 damage: bool = False) -> str:
    """The peer encrypts ``data``, uploads it and returns the aesgcm:// link."""
    key = FileKey.new()
    sealed = bytearray(AESGCM(key.key).encrypt(key.iv, data, None))
    if damage:
        sealed[len(sealed) // 2] ^= 0x40
    url = await peer_upload(server, chat.peer.client, name, bytes(sealed))
    return make_link(url, key)


async def test_encrypted_file_is_saved_decrypted_byte_for_byte(
        server: Any, make_user: Callable, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "both") as chat:
        await _contact(chat)
        watch = FileWatch(chat.app)
        data = write_file(tmp_path / "src.bin", 1_234_567)
        link = await _share(server, chat, data, "holiday.jpg")
        await send_encrypted(chat.peer, chat.alice, link)
        await until(lambda: any(t.url == link for t in watch.history), 30)
        card = next(t for t in watch.history if t.url == link)
        assert card.name == "holiday.jpg" and card.mime == "image/jpeg"
        downloads = tmp_path / "Downloads"
        await chat.session.files.save(card, downloads, CAP)
        saved = await watch.state(card.message_pk, FileState.SAVED)
        assert Path(saved.local_path) == downloads / "holiday.jpg"
        assert Path(saved.local_path).read_bytes() == data
        assert saved.size == len(data)
        assert any(0 < t.done < len(data) + 16 for t in watch.history)  # progress was shown


async def test_encrypted_file_changed_on_its_way_is_deleted_and_says_so(
        server: Any, make_user: Callable, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "legacy") as chat:
        await _contact(chat)
        watch = FileWatch(chat.app)
        link = await _share(server, chat, b"the real contract" * 1000, "contract.pdf",
                            damage=True)
        await send_encrypted(chat.peer, chat.alice, link)
        await until(lambda: any(t.url == link for t in watch.history), 30)
        card = next(t for t in watch.history if t.url == link)
        downloads = tmp_path / "Downloads"
        await chat.session.files.save(card, downloads, CAP)
        failed = await watch.state(card.message_pk, FileState.DOWNLOAD_FAILED)
        assert failed.error.startswith("This encrypted file was changed or damaged")
        assert list(downloads.iterdir()) == []


async def test_links_outside_an_encrypted_payload_are_never_fetched(
        server: Any, make_user: Callable, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "both") as chat:
        await _contact(chat)
        watch = FileWatch(chat.app)
        link = await _share(server, chat, b"secret", "plans.txt")
        # An aesgcm:// link in plaintext: its key was readable on the way; it stays text.
        chat.peer.client.send_message(mto=chat.alice, mbody=link, mtype="chat")
        # An out-of-band address beside an encrypted payload: not the message, not fetched.
        plain_url = await peer_upload(server, chat.peer.client, "beside.txt", b"oob")
        stanza = await encrypted_stanza(chat.peer, chat.alice, "look at this")
        oob.add(stanza.xml, plain_url)
        stanza.send()
        # Then a real encrypted file: once its card is there, the others' would be too.
        last = await _share(server, chat, b"last", "last.txt")
        await send_encrypted(chat.peer, chat.alice, last)
        await until(lambda: any(t.url == last for t in watch.history), 30)
        rows = await eventually(lambda: _rows(chat), lambda r: len(r) == 3)
        assert sorted(m.body for m in rows) == sorted([link, "look at this", last])
        assert [t.url for t in watch.history] == [last]
        for row in rows:
            if row.body != last:
                assert await chat.app.repos.files.get(row.pk) is None


@pytest.mark.parametrize("kind", ["legacy", "omemo2"])
async def test_file_sent_in_an_encrypted_chat_is_uploaded_encrypted_and_shared_as_a_link(
        server: Any, make_user: Callable, tmp_path: Path, kind: str) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", kind) as chat:
        session = chat.session
        watch = FileWatch(chat.app)
        await until(lambda: session.server_features.current is not None)
        data = write_file(tmp_path / "plans 2027.pdf", 300_000)
        transfer = await session.files.send_file(chat.bob, tmp_path / "plans 2027.pdf")
        sent = await watch.state(transfer.message_pk, FileState.SENT, 30)
        assert sent.url.startswith("aesgcm://") and sent.name == "plans 2027.pdf"
        await until(lambda: chat.peer.decrypted, 30)
        link = chat.peer.decrypted[-1][1]
        assert link == sent.url
        https_url, key = parse_link(link)
        assert len(key.iv) == 12
        on_server = await fetch(server, https_url)
        assert on_server != data and AESGCM(key.key).decrypt(key.iv, on_server, None) == data
        stanza = chat.peer.encrypted_stanzas[-1]
        assert oob.url_of(stanza.xml) == ""  # the address is not beside the payload
        assert "https://" not in str(stanza["body"])
