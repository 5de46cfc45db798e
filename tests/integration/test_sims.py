"""XEP-0385 (SIMS) through the real rig server: a message that describes its file only with
SIMS (no out-of-band data) shows as a file card with the name, size and type it gives, and
can be saved; hostile descriptions make no card or are refused; Heron's uploads carry SIMS."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from heron.core.file_events import FileState
from heron.xmpp.services import sims
from tests.helpers import until
from tests.integration.files_helpers import heron_and_peer, peer_upload, write_file
from tests.integration.parties import eventually

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]
CAP = 50 * 1024 * 1024


def _sims_message(peer: Any, to: str, body: str, uri: str, name: str, size: str,
                  media_type: str = "image/jpeg") -> None:
    """What Movim and Cheogram send (urn:xmpp:sims:1, XEP-0234 file-transfer:5), by hand."""
    peer.send_raw(
        f"<message xmlns='jabber:client' to='{to}' type='chat' id='{peer.new_id()}'>"
        f"<body>{body}</body>"
        "<reference xmlns='urn:xmpp:reference:0' type='data'>"
        "<media-sharing xmlns='urn:xmpp:sims:1'>"
        "<file xmlns='urn:xmpp:jingle:apps:file-transfer:5'>"
        f"<media-type>{media_type}</media-type><name>{name}</name><size>{size}</size>"
        "</file><sources>"
        f"<reference xmlns='urn:xmpp:reference:0' type='data' uri='{uri}'/>"
        "</sources></media-sharing></reference></message>")


async def test_a_sims_only_message_shows_a_file_card(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path) as (app, peer, watch):
        alice, bob = app.accounts[0].jid, peer.boundjid.bare
        session = app.sessions[alice]
        await session.roster.set_item(bob, "Bob", ())  # a contact: his rig link may be fetched
        await until(lambda: session.roster.is_contact(bob))
        data = b"\xff\xd8\xff\xe0 not really a jpeg " * 50
        url = await peer_upload(server, peer, "upload-4a77.jpg", data, "image/jpeg")
        _sims_message(peer, alice, "the view from the summit", url, "summit.jpg", str(len(data)))
        _sims_message(peer, alice, "a script", "javascript:alert(1)", "x.jpg", "10")
        _sims_message(peer, alice, "plain http", "http://example.org/a.jpg", "a.jpg", "10")
        _sims_message(peer, alice, "enormous", url, "huge.iso", "10000000000000")
        rows = await eventually(lambda: app.repos.messages.page_before(alice, bob, None, 10),
                                lambda ms: len(ms) == 4)
        card = await watch.state(rows[0].pk, FileState.REMOTE)
        assert (card.url, card.name, card.size, card.mime) == (
            url, "summit.jpg", len(data), "image/jpeg")
        huge = await watch.state(rows[3].pk, FileState.REMOTE)
        stored = await app.conversation_files(alice, bob)
        assert [f.message_pk for f in stored] == [rows[0].pk, rows[3].pk]  # no card otherwise
        await session.files.save(card, tmp_path / "dl", CAP)
        saved = await watch.state(card.message_pk, FileState.SAVED)
        assert Path(saved.local_path).name == "summit.jpg"
        assert Path(saved.local_path).read_bytes() == data
        await session.files.save(huge, tmp_path / "dl", CAP)  # claims more than the cap
        await watch.state(huge.message_pk, FileState.DOWNLOAD_FAILED)
        assert not (tmp_path / "dl" / "huge.iso").exists()


async def test_heron_describes_its_uploads_with_sims(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path) as (app, peer, watch):
        alice, bob = app.accounts[0].jid, peer.boundjid.bare
        session = app.sessions[alice]
        await until(lambda: session.server_features.current is not None)
        write_file(tmp_path / "notes.txt", 12_345)
        transfer = await session.files.send_file(bob, tmp_path / "notes.txt")
        sent = await watch.state(transfer.message_pk, FileState.SENT)
        await until(lambda: peer.received, 10)
        xml = peer.received[-1].xml
        reference = xml.find(f"{{{sims.REFERENCE}}}reference")
        assert reference is not None and reference.get("type") == "data"
        file = reference.find(f"{{{sims.SIMS}}}media-sharing/{{{sims.FILE}}}file")
        assert file is not None
        assert [(c.tag.split("}")[1], c.text) for c in file] == [
            ("media-type", "text/plain"), ("name", "notes.txt"), ("size", "12345")]
        source = reference.find(f"{{{sims.SIMS}}}media-sharing/{{{sims.SIMS}}}sources/"
                                f"{{{sims.REFERENCE}}}reference")
        assert source is not None and source.get("uri") == sent.url
