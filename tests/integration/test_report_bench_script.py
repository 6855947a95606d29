"""The report benchmark still runs, builds and keeps its station, and reports every row (on
a tiny station: its numbers and targets are not judged here, timing is not for tests)."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SIZES = (30, 60)
HANDOUTS, ITEMS, QUIET = 6, 12, 10
NUMBER = r"\s+(\d+\.\d\d)"


def run_bench(cache: Path, runs: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "benchmarks/report_bench.py",
            "--visits",
            ",".join(str(v) for v in SIZES),
            "--handouts",
            str(HANDOUTS),
            "--items",
            str(ITEMS),
            "--quiet",
            str(QUIET),
            "--repeat",
            "1",
            "--cache",
            str(cache),
            "--dir",
            str(runs),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )


def test_the_report_benchmark_reports_every_month_and_keeps_its_station(tmp_path: Path) -> None:
    cache, runs = tmp_path / "cache", tmp_path / "runs"
    runs.mkdir()
    first = run_bench(cache, runs)
    assert first.returncode in (0, 1), first.stderr
    assert "building" in first.stderr
    (built,) = cache.glob("report-*.db")
    digest = hashlib.sha256(built.read_bytes()).hexdigest()
    out = first.stdout

    totals = {}
    for n, visits in enumerate(SIZES):
        month = f"2025-{3 + n:02d}"
        m = re.search(
            rf"^{month}\s+{visits}\s+{HANDOUTS}\s+{ITEMS}\s+(\d+)" + NUMBER * 5 + r"\s+\d+\s+\d+$",
            out,
            re.M,
        )
        assert m is not None, out
        pages = int(m[1])
        read, pdf, xlsx, write, total = (float(m[i]) for i in range(2, 7))
        assert pages >= 6  # the cover and five parts at least
        assert abs(read + pdf + xlsx + write - total) <= 0.021
        assert pdf > 0
        totals[visits] = total
        assert re.search(rf"^\s+{visits} visits:\s+\d+\.\dx the visits", out, re.M), out
    assert re.search(
        r"^  straight-line fit: -?\d+\.\d\d s \+ -?\d+\.\d{3} s per 1,000 visits$", out, re.M
    ), out
    year_visits = sum(SIZES) + QUIET * (12 - len(SIZES))
    year = re.search(
        rf"^year report 2025 \({year_visits} visits, 12 months\): (\d+\.\d\d) s", out, re.M
    )
    assert year is not None, out
    memory = re.search(r"^peak memory \(max RSS\) of the timing process: (\d+\.\d) MiB", out, re.M)
    assert memory is not None and float(memory[1]) > 20

    assert "SKIP  busy month: no month with 6,000 visits or more in this run" in out
    year_line = re.search(r"^(PASS|FAIL)  year report in (\d+\.\d\d) s", out, re.M)
    memory_line = re.search(r"^(PASS|FAIL)  peak memory (\d+) MiB", out, re.M)
    assert year_line and memory_line, out
    assert year_line[1] == ("PASS" if float(year[1]) < 20 else "FAIL")
    assert memory_line[1] == ("PASS" if float(memory[1]) < 400 else "FAIL")
    failed = "FAIL" in (year_line[1], memory_line[1])
    assert first.returncode == (1 if failed else 0)
    assert ("all targets met" in out) != failed

    again = run_bench(cache, runs)
    assert again.returncode in (0, 1), again.stderr
    assert "cached in" in again.stderr and "building" not in again.stderr
    assert hashlib.sha256(built.read_bytes()).hexdigest() == digest  # only copies are timed
    assert list(runs.iterdir()) == []  # the timed copy and its files are gone
