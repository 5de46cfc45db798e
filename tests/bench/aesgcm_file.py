"""Bench: encrypting and decrypting a file for an encrypted chat (XEP-0454, crypto/aesgcm.py):
throughput and peak RSS, to show the file is streamed (the peak stays far below its size).

    .venv/bin/python -m tests.bench.aesgcm_file [--mb 100]

Prints a JSON report; nothing is asserted. The peak RSS is the process's high-water mark
(ru_maxrss), read before and after each step.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from heron.crypto.aesgcm import FileKey, decrypt_file, encrypt_file


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run(megabytes: int, work: Path) -> dict[str, Any]:
    source, sealed, opened = work / "plain.bin", work / "sealed.bin", work / "opened.bin"
    with source.open("wb") as out:
        for _ in range(megabytes):
            out.write(os.urandom(1 << 20))
    size = source.stat().st_size
    key = FileKey.new()
    report: dict[str, Any] = {"megabytes": megabytes, "peak_rss_mb_before": _peak_mb()}
    started = time.perf_counter()
    encrypt_file(source, sealed, key)
    encrypt_s = time.perf_counter() - started
    report["peak_rss_mb_after_encrypt"] = _peak_mb()
    started = time.perf_counter()
    decrypt_file(sealed, opened, key)
    decrypt_s = time.perf_counter() - started
    report["peak_rss_mb_after_decrypt"] = _peak_mb()
    report.update({
        "encrypt_seconds": round(encrypt_s, 3),
        "encrypt_mb_per_s": round(size / encrypt_s / 1e6, 1),
        "decrypt_seconds": round(decrypt_s, 3),
        "decrypt_mb_per_s": round(size / decrypt_s / 1e6, 1),
        "round_trip_equal": opened.stat().st_size == size,
    })
    return report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        print(json.dumps(run(args.mb, Path(work)), indent=2))


if __name__ == "__main__":
    main()
