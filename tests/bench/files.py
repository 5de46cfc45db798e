"""Bench: a 100 MB file up and down through the rig's Prosody (XEP-0363 upload, https GET),
Heron's way against a bare aiohttp transfer in the same run, with the peak growth of the
process's resident memory during each (flat memory: streamed from and to disk).

    .venv/bin/python -m tests.bench.files [--mb 100] [--out files-report.json]

Prints a JSON report; nothing is asserted (issue 8's budget: RSS growth under 20 MB).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import ssl
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

import aiohttp
import psutil

from heron.core.file_events import FileChanged, FileState
from heron.demo.prosody import LocalProsody
from heron.xmpp import httpfiles
from heron.xmpp.services import upload
from tests.integration.parties import account_for, start_heron, start_peer, stop_peer

CHUNK = 256 * 1024


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


async def measured(work: Callable[[], Awaitable[Any]]) -> tuple[float, float]:
    """(seconds, peak RSS growth in MB) of ``work``, RSS sampled every 10 ms."""
    process = psutil.Process()
    base = peak = process.memory_info().rss
    done = False

    async def sample() -> None:
        nonlocal peak
        while not done:
            peak = max(peak, process.memory_info().rss)
            await asyncio.sleep(0.01)

    sampler = asyncio.ensure_future(sample())
    started = time.perf_counter()
    try:
        await work()
    finally:
        elapsed = time.perf_counter() - started
        done = True
        await sampler
    return elapsed, (peak - base) / 1e6


async def bare_upload(client: Any, service: str, path: Path, size: int,
                      ctx: ssl.SSLContext) -> str:
    slot = await upload.request_slot(client, service, path.name, size,
                                     "application/octet-stream")

    async def chunks() -> Any:
        with path.open("rb") as source:
            while chunk := source.read(CHUNK):
                yield chunk

    async with aiohttp.ClientSession() as http, http.put(
            slot.put_url, data=chunks(), ssl=ctx,
            headers={**slot.headers, "Content-Length": str(size),
                     "Content-Type": "application/octet-stream"}) as response:
        response.raise_for_status()
    return slot.get_url


async def bare_download(url: str, target: Path, ctx: ssl.SSLContext) -> None:
    async with aiohttp.ClientSession() as http, http.get(url, ssl=ctx) as response:
        response.raise_for_status()
        with target.open("wb") as sink:
            async for chunk in response.content.iter_chunked(CHUNK):
                sink.write(chunk)


async def run(megabytes: int, work: Path) -> dict[str, Any]:
    size = megabytes * 1024 * 1024
    server = LocalProsody(work / "server")
    await asyncio.to_thread(server.prepare)
    config = server.config_file.read_text()
    server.config_file.write_text(config.replace(
        "http_file_share_size_limit = 10 * 1024 * 1024",
        f"http_file_share_size_limit = {size + 1024}"))
    server.launch()
    await asyncio.to_thread(server.wait_ready)
    try:
        alice = server.register("alice", "alice-pw")
        bob = server.register("bob", "bob-pw")
        source = work / "big.bin"
        with source.open("wb") as sink:
            block = os.urandom(1024 * 1024)
            for _ in range(megabytes):
                sink.write(block)
        ctx = ssl.create_default_context(cafile=str(server.ca_file))
        peer = await start_peer(server, bob, "bob-pw")
        app = await start_heron(work / "profile", account_for(server, alice), "alice-pw")
        try:
            service = f"upload.{server.domain}"
            say(f"bare aiohttp: {megabytes} MB up")
            url_box: list[str] = []

            async def bare_up() -> None:
                url_box.append(await bare_upload(peer, service, source, size, ctx))

            bare_up_s, bare_up_rss = await measured(bare_up)
            say("bare aiohttp: down")
            bare_down_s, bare_down_rss = await measured(
                lambda: bare_download(url_box[0], work / "bare-down.bin", ctx))

            session = app.sessions[alice]
            done = asyncio.Event()
            sent: list[str] = []

            def on_file(event: FileChanged) -> None:
                if event.transfer.state in (FileState.SENT, FileState.UPLOAD_FAILED):
                    sent.append(event.transfer.url or event.transfer.error)
                    done.set()

            app.bus.subscribe(FileChanged, on_file)

            async def heron_up() -> None:
                await session.files.send_file(bob, source)
                await done.wait()

            say("Heron: up")
            heron_up_s, heron_up_rss = await measured(heron_up)
            say(f"Heron: down ({sent[0][:60]})")
            folder = work / "Downloads"
            heron_down_s, heron_down_rss = await measured(lambda: httpfiles.download(
                sent[0], folder, "big.bin", ca_file=str(server.ca_file), allow_private=True,
                cap=size + 1))
            same = (folder / "big.bin").stat().st_size == size
        finally:
            await stop_peer(peer)
            await app.close()
    finally:
        server.stop()

    def mbps(seconds: float) -> float:
        return round(megabytes / seconds, 1)

    return {
        "file_mb": megabytes,
        "upload": {"heron_mb_per_s": mbps(heron_up_s), "bare_aiohttp_mb_per_s": mbps(bare_up_s),
                   "ratio_vs_bare": round(bare_up_s / heron_up_s, 2),
                   "heron_rss_growth_mb": round(heron_up_rss, 1),
                   "bare_rss_growth_mb": round(bare_up_rss, 1)},
        "download": {"heron_mb_per_s": mbps(heron_down_s),
                     "bare_aiohttp_mb_per_s": mbps(bare_down_s),
                     "ratio_vs_bare": round(bare_down_s / heron_down_s, 2),
                     "heron_rss_growth_mb": round(heron_down_rss, 1),
                     "bare_rss_growth_mb": round(bare_down_rss, 1)},
        "downloaded_size_matches": same,
        "rss_budget_mb": 20,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=100)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="heron-bench-files-") as tmp:
        report = asyncio.run(run(args.mb, Path(tmp)))
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
