"""The window benchmark still runs and reports both parts (its numbers are not judged here).

A small run: a 10-day demo station built into the test's own cache, two start-ups per
side, twenty scans.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NUMBER = r"\s+(\d+\.\d+)"


def test_the_window_benchmark_runs_and_reports_both_parts(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    command = [
        sys.executable,
        "benchmarks/window_bench.py",
        "--runs",
        "2",
        "--scans",
        "20",
        "--days",
        "10",
        "--cache",
        str(cache),
        "--dir",
        str(tmp_path),
    ]
    result = subprocess.run(
        command,
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )
    assert result.returncode in (0, 1), result.stderr
    out = result.stdout
    assert "start-up: 2 runs per side, alternating, 10-day demo station" in out
    medians = {}
    for side in ("bare PySide6 window", "bare + SQLAlchemy, 1 query", "Station Desk window"):
        m = re.search(r"^" + re.escape(side) + NUMBER * 3 + r"$", out, re.M)
        assert m is not None, out
        median, least, most = float(m[1]), float(m[2]), float(m[3])
        assert 0 < least <= median <= most < 120
        medians[side] = median
    inside = re.search(r"^last kiosk start, inside the process: import=(\d+\.\d+)", out, re.M)
    assert inside is not None and float(inside[1]) < medians["Station Desk window"]

    assert "scan to row shown: 20 scans" in out
    scan = re.search(r"^scan -> register row" + NUMBER * 3 + r"$", out, re.M)
    assert scan is not None, out
    median_ms, p99_ms, max_ms = float(scan[1]), float(scan[2]), float(scan[3])
    assert 0 < median_ms <= p99_ms <= max_ms
    # Every side bar page is opened once, built then: each took some time, none forever.
    openings = re.search(r"^first opening of each page .*\n  (.+)$", out, re.M)
    assert openings is not None, out
    pages = dict(re.findall(r"(\w+) (\d+)", openings[1]))
    assert list(pages) == ["visits", "stock", "relief", "members", "records", "reports", "settings"]
    assert all(0 <= int(ms) < 60_000 for ms in pages.values())

    start = re.search(
        r"^(PASS|FAIL)  start-up median is (\d+\.\d+)x the bare window's \(target: within 1\.5x\)$",
        out,
        re.M,
    )
    scans = re.search(r"^(PASS|FAIL)  scan p99 is (\d+\.\d) ms \(target: under 50 ms\)$", out, re.M)
    assert start and scans, out
    # The medians are printed to the millisecond: the ratio of the printed ones is near.
    ratio = medians["Station Desk window"] / medians["bare PySide6 window"]
    assert abs(float(start[2]) - ratio) < 0.011 + 0.01 * ratio
    assert abs(float(scans[2]) - p99_ms) < 0.051
    assert start[1] == ("PASS" if float(start[2]) <= 1.5 else "FAIL")
    assert scans[1] == ("PASS" if p99_ms < 50 else "FAIL")
    assert result.returncode == (1 if "FAIL" in (start[1], scans[1]) else 0)

    # The demo is kept for the next run, under a name that says what it is.
    [kept] = cache.glob("window-demo-10d-seed1-end2026-07-31-rev*.db")
    assert kept.stat().st_size > 100_000
    assert (cache / "window-home" / "pepper.key").exists()
