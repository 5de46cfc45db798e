"""Downloads under the rules of DESIGN.md, against a hostile https server: each refusal is a
clear sentence, and nothing is written outside the download folder (nor left half-written
inside it)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from heron.core.file_errors import describe_file_problem
from heron.xmpp import httpfiles
from heron.xmpp.httpfiles import Refused
from tests.adversarial.hostile_http import HostileServer, Reply, head

pytestmark = [pytest.mark.asyncio]
CAP = 1024 * 1024


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    yield downloads
    # Nothing beside the download folder, ever.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Downloads"]


async def _serve(server: Any, reply: Reply) -> HostileServer:
    hostile = HostileServer(reply)
    await hostile.start(str(server.cert_file), str(server.key_file))
    return hostile


async def _get(server: Any, url: str, folder: Path, *, allow_private: bool = True,
               claimed: int | None = None, name: str = "file.bin") -> httpfiles.Download:
    return await httpfiles.download(url, folder, name, ca_file=str(server.ca_file),
                                    allow_private=allow_private, cap=CAP, claimed_size=claimed)


def _body(data: bytes, **headers: str) -> Reply:
    async def reply(_path: str) -> AsyncIterator[bytes]:
        yield head(**headers)
        yield data
    return reply


async def test_a_good_file_is_saved(server: Any, folder: Path) -> None:
    hostile = await _serve(server, _body(b"hello", Content_Length="5"))
    try:
        done = await _get(server, hostile.url("/x/a.txt"), folder, name="a.txt")
        assert done.path == folder / "a.txt" and done.path.read_bytes() == b"hello"
    finally:
        await hostile.stop()


async def test_plain_http_and_other_schemes_are_never_fetched(server: Any, folder: Path) -> None:
    for url in ("http://localhost/a.txt", "ftp://localhost/a.txt", "file:///etc/passwd",
                "javascript:alert(1)"):
        with pytest.raises(Refused) as refused:
            await _get(server, url, folder)
        assert refused.value.reason == "not-https"
    assert describe_file_problem("not-https") == (
        "Heron fetches files only over a secure connection (https); this link was not "
        "downloaded.")
    assert list(folder.iterdir()) == []


async def test_a_redirect_to_http_is_refused(server: Any, folder: Path) -> None:
    async def reply(path: str) -> AsyncIterator[bytes]:
        if path == "/start":
            yield head("302 Found", Location="http://localhost/evil.txt", Content_Length="0")
        else:
            yield head(Content_Length="4") + b"evil"
    hostile = await _serve(server, reply)
    try:
        with pytest.raises(Refused) as refused:
            await _get(server, hostile.url("/start"), folder)
        assert refused.value.reason == "redirect-not-https"
        assert hostile.requests == ["/start"]
        # An https redirect is followed (so the refusal above is the rule, not a rule-less
        # client).
        hostile.reply = _redirect_then(hostile, b"fine")
        done = await _get(server, hostile.url("/start"), folder)
        assert done.path.read_bytes() == b"fine"
    finally:
        await hostile.stop()
    assert [p.name for p in folder.iterdir()] == ["file.bin"]


def _redirect_then(hostile: HostileServer, data: bytes) -> Reply:
    async def reply(path: str) -> AsyncIterator[bytes]:
        if path == "/start":
            yield head("302 Found", Location=hostile.url("/real"), Content_Length="0")
        else:
            yield head(Content_Length=str(len(data))) + data
    return reply


async def test_a_10_gb_claim_is_refused_before_anything_is_fetched(server: Any,
                                                                   folder: Path) -> None:
    hostile = await _serve(server, _body(b"x", Content_Length="1"))
    try:
        with pytest.raises(Refused) as refused:
            await httpfiles.download(hostile.url("/big.iso"), folder, "big.iso",
                                     ca_file=str(server.ca_file), allow_private=True,
                                     cap=100 * 1024**3, claimed_size=10 * 1000**3)
        assert refused.value.reason == "too-large"
        assert hostile.requests == []
        # Above the setting's cap too.
        with pytest.raises(Refused):
            await _get(server, hostile.url("/big.iso"), folder, claimed=CAP + 1)
        assert hostile.requests == []
    finally:
        await hostile.stop()


async def test_a_content_length_above_the_cap_is_refused(server: Any, folder: Path) -> None:
    hostile = await _serve(server, _body(b"x" * 10, Content_Length=str(CAP + 1)))
    try:
        with pytest.raises(Refused) as refused:
            await _get(server, hostile.url("/a"), folder)
        assert refused.value.reason == "too-large"
    finally:
        await hostile.stop()
    assert list(folder.iterdir()) == []


async def test_an_endless_body_is_cut_at_the_claimed_size_and_removed(server: Any,
                                                                       folder: Path) -> None:
    async def endless(_path: str) -> AsyncIterator[bytes]:
        yield head()  # no Content-Length: the body ends when the connection does, or never
        while True:
            yield b"A" * 65536

    hostile = await _serve(server, endless)
    try:
        with pytest.raises(Refused) as refused:
            await _get(server, hostile.url("/song.mp3"), folder, claimed=100_000)
        assert refused.value.reason == "too-much-data"
        with pytest.raises(Refused) as refused:  # no claim: the cap stops it
            await _get(server, hostile.url("/song.mp3"), folder)
        assert refused.value.reason == "too-much-data"
    finally:
        await hostile.stop()
    assert list(folder.iterdir()) == []  # the partial file is gone


async def test_more_than_the_sender_claimed_is_cut(server: Any, folder: Path) -> None:
    # The server announces (and sends) 5000 bytes; the sender said 1000.
    hostile = await _serve(server, _body(b"B" * 5000, Content_Length="5000"))
    try:
        with pytest.raises(Refused) as refused:
            await _get(server, hostile.url("/a"), folder, claimed=1000)
        assert refused.value.reason == "too-much-data"
    finally:
        await hostile.stop()
    assert list(folder.iterdir()) == []


async def test_loopback_and_private_hosts_are_refused_unless_allowed(server: Any,
                                                                     folder: Path) -> None:
    hostile = await _serve(server, _body(b"secret", Content_Length="6"))
    try:
        for url in (hostile.url("/a", "127.0.0.1"), hostile.url("/a", "localhost"),
                    f"https://10.0.0.1:{hostile.port}/a", f"https://[::1]:{hostile.port}/a",
                    f"https://169.254.169.254:{hostile.port}/latest/meta-data"):
            with pytest.raises(Refused) as refused:
                await _get(server, url, folder, allow_private=False)
            assert refused.value.reason == "private-address", url
        assert hostile.requests == []
        done = await _get(server, hostile.url("/a"), folder, allow_private=True)
        assert done.path.read_bytes() == b"secret"
    finally:
        await hostile.stop()


async def test_a_hostile_name_lands_in_the_folder_under_a_plain_name(server: Any,
                                                                     folder: Path) -> None:
    hostile = await _serve(server, _body(b"MZ", Content_Length="2"))
    try:
        for name in ("../../escape.txt", "/etc/passwd", ".bashrc", "invoice\u202efdp.exe"):
            await _get(server, hostile.url("/a"), folder, name=name)
    finally:
        await hostile.stop()
    assert sorted(p.name for p in folder.iterdir()) == [
        "_.._escape.txt", "_etc_passwd", "bashrc", "invoicefdp.exe"]


async def test_a_wrong_certificate_is_refused(server: Any, folder: Path, tmp_path: Path) -> None:
    hostile = await _serve(server, _body(b"x", Content_Length="1"))
    try:
        with pytest.raises(Exception, match="CERTIFICATE_VERIFY_FAILED"):
            await httpfiles.download(hostile.url("/a"), folder, "a", ca_file="",
                                     allow_private=True, cap=CAP)
    finally:
        await hostile.stop()
    assert list(folder.iterdir()) == []
