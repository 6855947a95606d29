"""The benchmark script still runs and reports both sides (its numbers are not judged here)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_checkin_benchmark_runs_and_reports_both_sides(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "benchmarks/checkin_bench.py", "--n", "120", "--dir", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    number = r"\s+(\d+\.\d+)"
    for side in ("bare sqlite3 insert+commit", "VisitService.check_in"):
        m = re.search(re.escape(side) + number * 4, out)
        assert m is not None, out
        assert 0 < float(m[1]) <= float(m[2])  # median no more than the 99th percentile
    assert re.search(r"median ratio \d+\.\d+x, p99 ratio \d+\.\d+x", out)
    assert re.search(r"peak memory \(max RSS\): \d+\.\d MiB", out)
    assert list(tmp_path.iterdir()) == []  # its databases are cleaned away
