# XEP-0363 §5-6 (PUT, GET) and the download rules of DESIGN.md (security)
"""HTTP transfers of files, streamed between disk and network with flat memory.

Uploads PUT a file from disk in chunks. Downloads GET into a ``.part`` file in the download
folder and give it its final name at the end (core/filenames.place), under rules a hostile
sender or server cannot talk their way around; each refusal is a :class:`Refused` with a
reason code (core/file_errors.py has the sentences):

- only ``https:`` is fetched, also after a redirect (each hop is checked, at most 5);
- a size above the cap is refused before anything is fetched (claimed by the sender, or the
  server's Content-Length), and a body longer than what was announced is cut, its partial file
  removed;
- unless the caller allows it (the sender is a contact, or it is our own server), a host that
  resolves to a loopback, private, link-local or otherwise non-public address is refused; the
  check runs in the resolver the connection uses, so a second DNS answer cannot slip past it.

Certificates are checked against the system's CAs plus the account's own CA file, if any.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import os
import socket
import ssl
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from heron.core.filenames import inside, place, sanitise

CHUNK = 256 * 1024
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 30.0
READ_TIMEOUT = 60.0  # seconds without a byte moving
#: a claim this large is refused whatever the setting says (DESIGN: 10 GB claimed, refused)
HARD_CAP = 8 * 1024**3

Progress = Callable[[int], None]


class Refused(Exception):  # noqa: N818  a refusal, not a programming error
    """A transfer Heron would not do or finish; ``reason`` names the rule."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def trust_context(ca_file: str) -> ssl.SSLContext:
    """The system's CAs plus the account's own (a private server's HTTP often shares it)."""
    ctx = ssl.create_default_context()
    if ca_file:
        ctx.load_verify_locations(ca_file)
    return ctx


def public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class _PublicOnlyResolver(AbstractResolver):
    """Resolves as usual and refuses the host when any address is not public."""

    def __init__(self) -> None:
        self._inner = DefaultResolver()

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        if not results or not all(public_address(r["host"]) for r in results):
            raise Refused("private-address", host)
        return results

    async def close(self) -> None:
        await self._inner.close()


def check_url(url: str, *, allow_private: bool) -> None:
    """The rules a URL must pass before it is asked for (scheme, literal addresses)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError as exc:
        raise Refused("bad-url", url) from exc
    if parts.scheme.lower() != "https":
        raise Refused("not-https", parts.scheme)
    if not host:
        raise Refused("bad-url", url)
    with contextlib.suppress(ValueError):
        if not allow_private and not public_address(host):
            raise Refused("private-address", host)


def _session(ctx: ssl.SSLContext, allow_private: bool) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(
        ssl=ctx, resolver=None if allow_private else _PublicOnlyResolver(),
        use_dns_cache=False)
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=CONNECT_TIMEOUT,
                                    sock_read=READ_TIMEOUT)
    return aiohttp.ClientSession(connector=connector, timeout=timeout, auto_decompress=False)


# --- upload -------------------------------------------------------------------------------------


async def _chunks(path: Path, size: int, progress: Progress) -> AsyncIterator[bytes]:
    """The file's first ``size`` bytes, read off the event loop a chunk at a time."""
    loop = asyncio.get_running_loop()
    sent = 0
    with path.open("rb") as source:
        while sent < size:
            chunk = await loop.run_in_executor(None, source.read, min(CHUNK, size - sent))
            if not chunk:
                raise Refused("file-changed", str(path))
            sent += len(chunk)
            yield chunk
            progress(sent)


async def put_file(url: str, headers: dict[str, str], path: Path, size: int, mime: str, *,
                   ca_file: str, progress: Progress) -> None:
    """XEP-0363 §6: PUT the file to the slot; anything but 200/201 is refused."""
    check_url(url, allow_private=True)  # our own server's service, whatever its address
    sent_headers = {**headers, "Content-Type": mime or "application/octet-stream",
                    "Content-Length": str(size)}
    async with _session(trust_context(ca_file), True) as session, session.put(
            url, data=_chunks(path, size, progress), headers=sent_headers,
            allow_redirects=False) as response:
        if response.status not in (200, 201):
            raise Refused("http-status", str(response.status))


# --- download -----------------------------------------------------------------------------------


class Transform(Protocol):
    """Turns a download's bytes into what is saved, a piece at a time."""

    def feed(self, data: bytes) -> bytes: ...

    def finish(self) -> bytes: ...  # raises Refused when the whole does not check out


@dataclass(frozen=True)
class Download:
    path: Path  # where the file was saved
    size: int


async def download(url: str, folder: Path, name: str, *, ca_file: str, allow_private: bool,
                   cap: int, claimed_size: int | None = None,
                   progress: Progress = lambda _done: None,
                   transform: Transform | None = None) -> Download:
    """Fetch ``url`` into ``folder`` under (a free variant of) the sanitised ``name``;
    ``transform`` turns the bytes received into those saved (an encrypted file's decryption,
    crypto/aesgcm.py)."""
    limit = min(cap, HARD_CAP)
    if claimed_size is not None and claimed_size > limit:
        raise Refused("too-large", str(claimed_size))
    folder.mkdir(parents=True, exist_ok=True)
    async with _session(trust_context(ca_file), allow_private) as session:
        response = await _follow(session, url, allow_private)
        try:
            if response.status != 200:  # noqa: PLR2004  HTTP OK
                raise Refused("http-status", str(response.status))
            announced = response.content_length
            if announced is not None and announced > limit:
                raise Refused("too-large", str(announced))
            expected = min(x for x in (announced, claimed_size, limit) if x is not None)
            return await _save(response, folder, sanitise(name), expected, progress,
                               transform=transform)
        finally:
            response.release()


async def _follow(session: aiohttp.ClientSession, url: str,
                  allow_private: bool) -> aiohttp.ClientResponse:
    """GET, following redirects by hand: every hop must pass ``check_url``."""
    for _ in range(MAX_REDIRECTS + 1):
        check_url(url, allow_private=allow_private)
        response = await session.get(url, allow_redirects=False)
        if response.status not in (301, 302, 303, 307, 308):
            return response
        target = response.headers.get("Location", "")
        response.release()
        if not target:
            raise Refused("http-status", str(response.status))
        next_url = urljoin(url, target)
        if urlsplit(next_url).scheme.lower() != "https":
            raise Refused("redirect-not-https", urlsplit(next_url).scheme)
        url = next_url
    raise Refused("too-many-redirects", url)


async def _save(response: aiohttp.ClientResponse, folder: Path, name: str, expected: int,
                progress: Progress, *, transform: Transform | None = None) -> Download:
    """Write the body to a ``.part`` file, at most ``expected`` bytes, then name it."""
    loop = asyncio.get_running_loop()
    fd, part = _open_part(folder, name)
    received = 0
    try:
        with os.fdopen(fd, "wb") as sink:
            async for chunk in response.content.iter_chunked(CHUNK):
                received += len(chunk)
                if received > expected:
                    raise Refused("too-much-data", str(received))
                data = (chunk if transform is None
                        else await loop.run_in_executor(None, transform.feed, chunk))
                await loop.run_in_executor(None, sink.write, data)
                progress(received)
            if transform is not None:  # raises Refused when the file does not check out
                await loop.run_in_executor(None, sink.write, transform.finish())
        final = await loop.run_in_executor(None, place, part, folder, name)
    except BaseException:
        with contextlib.suppress(OSError):
            part.unlink()
        raise
    return Download(final, received)


def _open_part(folder: Path, name: str) -> tuple[int, Path]:
    """A new ``.part`` file next to where the download will land (never an existing one)."""
    for i in range(100):
        part = folder / (f"{name}.part" if i == 0 else f"{name}.{i}.part")
        if not inside(folder, part):
            raise Refused("bad-name", name)
        try:
            return os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), part
        except FileExistsError:
            continue
    raise Refused("bad-name", name)


__all__ = ["HARD_CAP", "Download", "Refused", "check_url", "download", "public_address",
           "put_file", "trust_context"]
