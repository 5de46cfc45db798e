"""The bench runs and writes a complete report (a smoke run: sizes tiny, no timing asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = {
    "startup_to_window_s", "rss_after_10s_mb", "live_ingest_ratio_vs_slixmpp",
    "offline_burst_msgs_per_s", "loop_lag_max_ms", "loop_lag_p99_ms",
    "open_conversation_first_paint_ms", "fts_first_page_ms", "roster_filter_keystroke_ms",
}


@pytest.mark.integration
def test_bench_smoke_run_writes_every_metric(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = subprocess.run(
        [sys.executable, "-m", "tests.bench", "--quick", "--scale", "0.05", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(out.read_text())
    metrics = {m["metric"]: m for m in report["metrics"]}
    assert set(metrics) == EXPECTED
    for m in metrics.values():
        assert isinstance(m["value"], float | int) and m["value"] == m["value"]  # not NaN
        assert m["verdict"] in ("meets", "misses")
